//! The workspace state and its one reducer. `reduce` is pure, so every transition is
//! unit-tested natively. The table itself lives in the reader worker; the state keeps
//! what the page shows of it (an [`ImportView`]).

use std::rc::Rc;

use attune_engine::calendar::NaiveDate;
use attune_engine::forecast::{Forecast, ForecastSettings};
use attune_engine::import::dataset::DatasetImport;
use yew::Reducible;

use crate::session::{ImportAnswer, ImportView};
use crate::worker::{ForecastReply, ForecastRequest};

/// Where the forecast stands.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum ForecastStatus {
    /// Nothing to forecast yet.
    #[default]
    Idle,
    /// Sent to the worker.
    Running,
    /// The worker answered.
    Done(Rc<Forecast>),
    /// The engine refused, with its words.
    Failed(String),
}

/// Everything the page shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AppState {
    /// Today, from the browser (the engine has no clock): flags future periods.
    pub today: Option<NaiveDate>,
    /// The text in the paste box.
    pub text: String,
    /// The latest import request; answers to older ones are ignored.
    pub ticket: u64,
    /// What is being read ("Reading sales.xlsx…"), while the reader works.
    pub loading: Option<String>,
    /// Why the last file could not be read (the previous data stays).
    pub load_error: Option<String>,
    /// The table as read.
    pub view: Option<Rc<ImportView>>,
    /// The item shown.
    pub selected: usize,
    /// Its id, so that the same item stays shown when the table is re-read.
    pub selected_id: Option<String>,
    /// Bumped whenever what is forecast changes, so a late answer for older data is
    /// ignored.
    pub generation: u64,
    /// The forecast of the selected item.
    pub forecast: ForecastStatus,
}

/// Every change to the state.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// An import request went to the reader.
    ImportStarted {
        /// Its ticket.
        ticket: u64,
        /// What it reads, for the progress line.
        label: String,
        /// The paste box's new text, when the request is a paste.
        text: Option<String>,
    },
    /// The reader answered request `ticket`.
    ImportAnswered {
        /// The ticket.
        ticket: u64,
        /// The answer.
        answer: ImportAnswer,
    },
    /// A file could not even be opened or fetched by the page.
    LoadFailed(String),
    /// Show another item.
    Select(usize),
    /// The forecast worker answered the request of `generation`.
    ForecastDone {
        /// The generation the request was made for.
        generation: u64,
        /// The answer.
        reply: ForecastReply,
    },
}

impl AppState {
    /// A fresh workspace that knows today's date.
    #[must_use]
    pub fn new(today: Option<NaiveDate>) -> Self {
        Self {
            today,
            ..Self::default()
        }
    }

    /// The import, when it succeeded.
    #[must_use]
    pub fn dataset(&self) -> Option<&DatasetImport> {
        self.view.as_deref()?.import.as_ref().ok()
    }

    /// The forecast request for the selected item, when one is waiting to run.
    #[must_use]
    pub fn pending_request(&self) -> Option<ForecastRequest> {
        if self.forecast != ForecastStatus::Running {
            return None;
        }
        let import = self.dataset()?;
        let item = import.dataset.items.get(self.selected)?;
        Some(ForecastRequest {
            series: item.to_series(),
            settings: ForecastSettings {
                horizon: import.dataset.granularity.default_horizon(),
                ..ForecastSettings::default()
            },
        })
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let state = (*self).clone();
        Rc::new(match action {
            Action::ImportStarted {
                ticket,
                label,
                text,
            } => Self {
                ticket,
                loading: Some(label),
                load_error: None,
                text: text.unwrap_or(state.text.clone()),
                ..state
            },
            Action::ImportAnswered { ticket, answer } => {
                if ticket != self.ticket {
                    return self;
                }
                match answer {
                    Err(e) => Self {
                        loading: None,
                        load_error: Some(e.to_string()),
                        ..state
                    },
                    Ok(view) => {
                        let view = view.map(Rc::new);
                        let items = view
                            .as_deref()
                            .and_then(|v| v.import.as_ref().ok())
                            .map(|d| &d.dataset.items);
                        let selected = items
                            .and_then(|items| {
                                items
                                    .iter()
                                    .position(|i| Some(&i.id) == state.selected_id.as_ref())
                            })
                            .unwrap_or(0);
                        let forecast = if items.is_some_and(|i| !i.is_empty()) {
                            ForecastStatus::Running
                        } else {
                            ForecastStatus::Idle
                        };
                        // A new file or paste clears the paste box's link to it.
                        let text = if view.as_deref().is_some_and(|v| v.name != "pasted") {
                            String::new()
                        } else {
                            state.text.clone()
                        };
                        Self {
                            loading: None,
                            view,
                            selected,
                            forecast,
                            text,
                            generation: state.generation + 1,
                            ..state
                        }
                    }
                }
            }
            Action::LoadFailed(message) => Self {
                loading: None,
                load_error: Some(message),
                ..state
            },
            Action::Select(i) => {
                let Some(item) = self.dataset().and_then(|d| d.dataset.items.get(i)) else {
                    return self;
                };
                if i == self.selected {
                    return self;
                }
                let selected_id = Some(item.id.clone());
                Self {
                    selected: i,
                    selected_id,
                    forecast: ForecastStatus::Running,
                    generation: self.generation + 1,
                    ..state
                }
            }
            Action::ForecastDone { generation, reply } => {
                if generation != self.generation {
                    return self;
                }
                let forecast = match reply {
                    Ok(f) => ForecastStatus::Done(Rc::new(f)),
                    Err(e) => ForecastStatus::Failed(e.to_string()),
                };
                Self { forecast, ..state }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::{ImportRequest, ImportSession};
    use crate::worker::run;
    use attune_engine::import::mapping::Role;
    use attune_engine::import::ImportError;

    const PASTE: &str = "Month\tUnits\n2024-01\t10\n2024-02\t12\n2024-03\t11\n";

    /// Plays a request through a session the way the page does: started, then answered.
    fn import(
        state: Rc<AppState>,
        session: &mut ImportSession,
        request: ImportRequest,
    ) -> Rc<AppState> {
        let ticket = state.ticket + 1;
        let text = match &request {
            ImportRequest::Paste { text, .. } => Some(text.clone()),
            _ => None,
        };
        let state = state.reduce(Action::ImportStarted {
            ticket,
            label: "Reading".into(),
            text,
        });
        state.reduce(Action::ImportAnswered {
            ticket,
            answer: session.handle(request),
        })
    }

    fn paste(state: Rc<AppState>, session: &mut ImportSession, text: &str) -> Rc<AppState> {
        import(
            state,
            session,
            ImportRequest::Paste {
                text: text.into(),
                today: None,
            },
        )
    }

    #[test]
    fn paste_imports_and_asks_for_a_forecast() {
        let s = paste(Rc::default(), &mut ImportSession::default(), PASTE);
        assert_eq!(s.generation, 1);
        assert_eq!(s.text, PASTE);
        assert_eq!(s.forecast, ForecastStatus::Running);
        let request = s.pending_request().unwrap();
        assert_eq!(request.series.values, [10.0, 12.0, 11.0]);
        assert_eq!(request.series.id, "pasted");
        assert_eq!(request.settings.horizon, 12);
    }

    #[test]
    fn answers_land_only_for_their_ticket_and_generation() {
        let mut session = ImportSession::default();
        let s = paste(Rc::default(), &mut session, PASTE);
        let late = s.clone().reduce(Action::ImportAnswered {
            ticket: 0,
            answer: Ok(None),
        });
        assert!(Rc::ptr_eq(&late, &s));
        let reply = run(&s.pending_request().unwrap());
        let stale = s.clone().reduce(Action::ForecastDone {
            generation: 0,
            reply: reply.clone(),
        });
        assert_eq!(stale.forecast, ForecastStatus::Running);
        let done = s.reduce(Action::ForecastDone {
            generation: 1,
            reply,
        });
        let ForecastStatus::Done(f) = &done.forecast else {
            panic!("not done")
        };
        assert_eq!(f.point.len(), 12);
        assert!(done.pending_request().is_none());
    }

    #[test]
    fn unusable_text_shows_the_error_and_forecasts_nothing() {
        let mut session = ImportSession::default();
        let s = paste(Rc::default(), &mut session, "just one column\nof text");
        assert!(matches!(
            s.view.as_ref().unwrap().import,
            Err(ImportError::OneColumn)
        ));
        assert_eq!(s.forecast, ForecastStatus::Idle);
        assert!(paste(s, &mut session, "   ").view.is_none());
    }

    #[test]
    fn the_selected_item_stays_selected_through_a_failed_reading() {
        let mut session = ImportSession::default();
        let s = paste(
            Rc::default(),
            &mut session,
            "sku\tmonth\tqty\tprice\nA\t2024-01\t1\t9\nB\t2024-01\t2\t8\n",
        );
        let s = s.reduce(Action::Select(1));
        assert_eq!(s.pending_request().unwrap().series.id, "B");
        let mut m = s.view.as_ref().unwrap().mapping.clone();
        m.roles[2] = Role::Ignore;
        let broken = import(
            s,
            &mut session,
            ImportRequest::Check {
                sheet: 0,
                mapping: Some(m.clone()),
                today: None,
            },
        );
        assert!(matches!(
            broken.view.as_ref().unwrap().import,
            Err(ImportError::NoQuantityColumn)
        ));
        m.roles[3] = Role::Quantity;
        let fixed = import(
            broken,
            &mut session,
            ImportRequest::Check {
                sheet: 0,
                mapping: Some(m),
                today: None,
            },
        );
        let request = fixed.pending_request().unwrap();
        assert_eq!(
            (request.series.id.as_str(), request.series.values.as_slice()),
            ("B", &[8.0][..])
        );
    }

    #[test]
    fn a_failed_file_keeps_the_previous_data() {
        let mut session = ImportSession::default();
        let s = paste(Rc::default(), &mut session, PASTE);
        let s2 = import(
            s.clone(),
            &mut session,
            ImportRequest::Open {
                name: "x.bin".into(),
                bytes: vec![0, 0, 7],
                today: None,
            },
        );
        assert_eq!(s2.view, s.view);
        assert!(s2.load_error.as_deref().unwrap().contains("x.bin"));
        assert_eq!(s2.loading, None);
    }

    #[test]
    fn selecting_nothing_new_changes_nothing() {
        let s = paste(Rc::default(), &mut ImportSession::default(), PASTE);
        assert!(Rc::ptr_eq(&s, &s.clone().reduce(Action::Select(0))));
        assert!(Rc::ptr_eq(&s, &s.clone().reduce(Action::Select(9))));
    }
}
