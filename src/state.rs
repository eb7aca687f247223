//! The workspace state and its one reducer. `reduce` is pure (engine calls only), so
//! every transition is unit-tested natively.

use std::rc::Rc;

use attune_engine::calendar::NaiveDate;
use attune_engine::forecast::{Forecast, ForecastSettings};
use attune_engine::import::dataset::{check, DatasetImport};
use attune_engine::import::mapping::{detect, ColumnMapping};
use attune_engine::import::text::read_text;
use attune_engine::import::{ImportError, RawTable};
use yew::Reducible;

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

/// A table the user brought: pasted text, a file's sheet, or a sample.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    /// What to call it ("pasted", the file name, the sample's name).
    pub name: String,
    /// The cells.
    pub table: Rc<RawTable>,
    /// The workbook's sheet names, when it has several; `sheet` is the one shown.
    pub sheets: Vec<(String, Rc<RawTable>)>,
    /// Index into `sheets`.
    pub sheet: usize,
}

/// Everything the page shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AppState {
    /// Today, from the browser (the engine has no clock): flags future periods.
    pub today: Option<NaiveDate>,
    /// The text in the paste box.
    pub text: String,
    /// The table being imported.
    pub source: Option<Source>,
    /// How the table is read (detected, then edited by the user).
    pub mapping: Option<ColumnMapping>,
    /// The import under that mapping.
    pub import: Option<Rc<Result<DatasetImport, ImportError>>>,
    /// The item shown.
    pub selected: usize,
    /// Its id, so that the same item stays shown when the table is re-read.
    pub selected_id: Option<String>,
    /// A file being read, by name.
    pub loading: Option<String>,
    /// Why the last file could not be read.
    pub load_error: Option<String>,
    /// Bumped whenever what is forecast changes, so a late answer for older data is
    /// ignored.
    pub generation: u64,
    /// The forecast of the selected item.
    pub forecast: ForecastStatus,
}

/// Every change to the state.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Text was pasted or typed: read it as a table.
    Input(String),
    /// A file or sample is being read.
    Loading(String),
    /// A file or sample was read into sheets (one for text files).
    Loaded {
        /// File or sample name.
        name: String,
        /// Its sheets.
        sheets: Vec<(String, RawTable)>,
    },
    /// A file could not be read.
    LoadFailed(String),
    /// Show another sheet of the workbook.
    SelectSheet(usize),
    /// The user changed a role or an option.
    SetMapping(ColumnMapping),
    /// Show another item.
    Select(usize),
    /// The worker answered the request of `generation`.
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
        self.import.as_deref()?.as_ref().ok()
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

    /// Reads the source under `mapping` (detected when `None`) and asks for a forecast.
    fn with_source(self, source: Option<Source>, mapping: Option<ColumnMapping>) -> Self {
        let mapping = match (&source, mapping) {
            (Some(_), Some(m)) => Some(m),
            (Some(s), None) => Some(detect(&s.table)),
            (None, _) => None,
        };
        let import = source
            .as_ref()
            .zip(mapping.as_ref())
            .map(|(s, m)| Rc::new(check(&s.table, m, &s.name, self.today)));
        let items = import
            .as_deref()
            .and_then(|r| r.as_ref().ok())
            .map(|d| &d.dataset.items);
        let selected = items
            .and_then(|items| {
                items
                    .iter()
                    .position(|i| Some(&i.id) == self.selected_id.as_ref())
            })
            .unwrap_or(0);
        let forecast = if items.is_some_and(|i| !i.is_empty()) {
            ForecastStatus::Running
        } else {
            ForecastStatus::Idle
        };
        Self {
            source,
            mapping,
            import,
            selected,
            forecast,
            generation: self.generation + 1,
            ..self
        }
    }
}

fn source(name: &str, sheets: Vec<(String, RawTable)>) -> Option<Source> {
    let sheets: Vec<(String, Rc<RawTable>)> =
        sheets.into_iter().map(|(n, t)| (n, Rc::new(t))).collect();
    // Show the first sheet that has data.
    let sheet = sheets
        .iter()
        .position(|(_, t)| !t.rows.is_empty())
        .unwrap_or(0);
    let table = sheets.get(sheet).map(|(_, t)| t.clone())?;
    Some(Source {
        name: name.to_string(),
        table,
        sheets,
        sheet,
    })
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let state = (*self).clone();
        Rc::new(match action {
            Action::Input(text) => {
                if text == self.text {
                    return self;
                }
                let table = (!text.trim().is_empty()).then(|| read_text(&text));
                let src = table.and_then(|t| source("pasted", vec![("pasted".to_string(), t)]));
                Self {
                    text,
                    load_error: None,
                    selected_id: None,
                    ..state
                }
                .with_source(src, None)
            }
            Action::Loading(name) => Self {
                loading: Some(name),
                load_error: None,
                ..state
            },
            Action::Loaded { name, sheets } => {
                let src = source(&name, sheets);
                let empty = src.is_none();
                let next = Self {
                    loading: None,
                    text: String::new(),
                    selected_id: None,
                    ..state
                }
                .with_source(src, None);
                if empty {
                    Self {
                        load_error: Some(format!("{name} holds no cells")),
                        ..next
                    }
                } else {
                    next
                }
            }
            Action::LoadFailed(message) => Self {
                loading: None,
                load_error: Some(message),
                ..state
            },
            Action::SelectSheet(i) => {
                let Some(mut src) = state.source.clone() else {
                    return self;
                };
                let Some((_, table)) = src.sheets.get(i) else {
                    return self;
                };
                src.table = table.clone();
                src.sheet = i;
                Self {
                    selected_id: None,
                    ..state
                }
                .with_source(Some(src), None)
            }
            Action::SetMapping(mapping) => {
                let src = state.source.clone();
                state.with_source(src, Some(mapping))
            }
            Action::Select(i) => {
                if i == self.selected || self.dataset().is_none_or(|d| i >= d.dataset.items.len()) {
                    return self;
                }
                let selected_id = self
                    .dataset()
                    .and_then(|d| d.dataset.items.get(i))
                    .map(|it| it.id.clone());
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
    use crate::worker::run;
    use attune_engine::import::mapping::{Layout, Role};

    const PASTE: &str = "Month\tUnits\n2024-01\t10\n2024-02\t12\n2024-03\t11\n";

    fn act(state: Rc<AppState>, action: Action) -> Rc<AppState> {
        state.reduce(action)
    }

    fn input(state: Rc<AppState>, text: &str) -> Rc<AppState> {
        act(state, Action::Input(text.to_string()))
    }

    #[test]
    fn paste_imports_and_asks_for_a_forecast() {
        let s = input(Rc::default(), PASTE);
        assert_eq!(s.generation, 1);
        assert_eq!(s.forecast, ForecastStatus::Running);
        let request = s.pending_request().unwrap();
        assert_eq!(request.series.values, [10.0, 12.0, 11.0]);
        assert_eq!(request.series.id, "pasted");
        assert_eq!(request.settings.horizon, 12);
    }

    #[test]
    fn worker_answer_lands_only_for_its_generation() {
        let s = input(Rc::default(), PASTE);
        let reply = run(&s.pending_request().unwrap());
        let stale = act(
            s.clone(),
            Action::ForecastDone {
                generation: 0,
                reply: reply.clone(),
            },
        );
        assert_eq!(stale.forecast, ForecastStatus::Running);
        let done = act(
            s,
            Action::ForecastDone {
                generation: 1,
                reply,
            },
        );
        let ForecastStatus::Done(f) = &done.forecast else {
            panic!("not done")
        };
        assert_eq!(f.point.len(), 12);
        assert!(done.pending_request().is_none());
    }

    #[test]
    fn unusable_text_shows_the_error_and_forecasts_nothing() {
        let s = input(Rc::default(), "just one column\nof text");
        assert!(matches!(
            s.import.as_deref(),
            Some(Err(ImportError::OneColumn))
        ));
        assert_eq!(s.forecast, ForecastStatus::Idle);
        let cleared = input(s, "   ");
        assert!(cleared.import.is_none());
    }

    #[test]
    fn same_text_twice_is_no_change() {
        let s = input(Rc::default(), PASTE);
        assert!(Rc::ptr_eq(&s, &input(s.clone(), PASTE)));
    }

    #[test]
    fn changing_a_role_rereads_the_table() {
        let s = input(
            Rc::default(),
            "sku\tmonth\tqty\tprice\nA\t2024-01\t1\t9\nB\t2024-01\t2\t8\n",
        );
        assert_eq!(s.dataset().unwrap().summary.items, 2);
        let mut m = s.mapping.clone().unwrap();
        assert_eq!(m.layout, Layout::Long);
        // Treat the price column as the quantity instead.
        m.roles = vec![Role::Item, Role::Period, Role::Ignore, Role::Quantity];
        let s2 = act(s.clone(), Action::SetMapping(m));
        assert_eq!(s2.dataset().unwrap().dataset.items[1].values, [Some(8.0)]);
        assert_eq!(s2.generation, s.generation + 1);
    }

    #[test]
    fn the_selected_item_stays_selected_through_a_failed_reading() {
        let s = input(
            Rc::default(),
            "sku\tmonth\tqty\tprice\nA\t2024-01\t1\t9\nB\t2024-01\t2\t8\n",
        );
        let s = act(s, Action::Select(1));
        let mut m = s.mapping.clone().unwrap();
        m.roles[2] = Role::Ignore;
        let broken = act(s, Action::SetMapping(m.clone()));
        assert!(matches!(
            broken.import.as_deref(),
            Some(Err(ImportError::NoQuantityColumn))
        ));
        m.roles[3] = Role::Quantity;
        let fixed = act(broken, Action::SetMapping(m));
        assert_eq!(fixed.pending_request().unwrap().series.id, "B");
    }

    #[test]
    fn selecting_an_item_forecasts_it() {
        let s = input(
            Rc::default(),
            "sku\tmonth\tqty\nA\t2024-01\t1\nB\t2024-01\t2\n",
        );
        let s = act(
            s,
            Action::ForecastDone {
                generation: 1,
                reply: Err(attune_engine::forecast::ForecastError::SeasonLength),
            },
        );
        let s = act(s, Action::Select(1));
        assert_eq!(s.forecast, ForecastStatus::Running);
        assert_eq!(s.pending_request().unwrap().series.id, "B");
        assert!(Rc::ptr_eq(&s, &act(s.clone(), Action::Select(7))));
    }

    #[test]
    fn workbooks_show_their_first_sheet_with_data() {
        let sheet = |text: &str| read_text(text);
        let s = act(
            Rc::default(),
            Action::Loaded {
                name: "book.xlsx".into(),
                sheets: vec![("Cover".into(), sheet("")), ("Sales".into(), sheet(PASTE))],
            },
        );
        let src = s.source.as_ref().unwrap();
        assert_eq!((src.sheet, src.sheets.len()), (1, 2));
        assert_eq!(s.dataset().unwrap().dataset.items[0].id, "book.xlsx");
        let s = act(s, Action::SelectSheet(0));
        assert!(matches!(s.import.as_deref(), Some(Err(ImportError::Empty))));
    }

    #[test]
    fn load_failures_keep_the_previous_data() {
        let s = input(Rc::default(), PASTE);
        let s2 = act(s.clone(), Action::LoadFailed("bad.xlsx: damaged".into()));
        assert_eq!(s2.import, s.import);
        assert_eq!(s2.load_error.as_deref(), Some("bad.xlsx: damaged"));
    }
}
