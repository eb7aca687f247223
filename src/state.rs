//! The workspace state and its one reducer. `reduce` is pure (engine calls only), so
//! every transition is unit-tested natively.

use std::rc::Rc;

use attune_engine::forecast::{Forecast, ForecastSettings};
use attune_engine::import::{read_text, single_series, ImportError, SeriesImport};
use yew::Reducible;

use crate::worker::{ForecastReply, ForecastRequest};

/// Where the forecast stands.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum ForecastStatus {
    /// Nothing to forecast yet.
    #[default]
    Idle,
    /// Sent to the worker; `request` is what was sent.
    Running,
    /// The worker answered.
    Done(Rc<Forecast>),
    /// The engine refused, with its words.
    Failed(String),
}

/// Everything the page shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AppState {
    /// The text last pasted or typed.
    pub text: String,
    /// The import of that text, once there is text.
    pub import: Option<Rc<Result<SeriesImport, ImportError>>>,
    /// Bumped with every new import, so a late worker answer for older data is ignored.
    pub generation: u64,
    /// The forecast of the current import.
    pub forecast: ForecastStatus,
}

/// Every change to the state.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// New text was pasted or typed: import it and, if usable, start a forecast.
    Input(String),
    /// The worker answered the request of `generation`.
    ForecastDone {
        /// The generation the request was made for.
        generation: u64,
        /// The answer.
        reply: ForecastReply,
    },
}

impl AppState {
    /// The forecast request for the current import, when there is a usable one and it is
    /// waiting to run.
    #[must_use]
    pub fn pending_request(&self) -> Option<ForecastRequest> {
        if self.forecast != ForecastStatus::Running {
            return None;
        }
        let import = self.import.as_deref()?.as_ref().ok()?;
        let granularity = import.series.start.granularity;
        Some(ForecastRequest {
            series: import.series.clone(),
            settings: ForecastSettings {
                horizon: granularity.default_horizon(),
                ..ForecastSettings::default()
            },
        })
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match action {
            Action::Input(text) => {
                if text == self.text {
                    return self;
                }
                let import = (!text.trim().is_empty())
                    .then(|| Rc::new(single_series(&read_text(&text), "pasted")));
                let forecast = match import.as_deref() {
                    Some(Ok(_)) => ForecastStatus::Running,
                    _ => ForecastStatus::Idle,
                };
                Rc::new(Self {
                    text,
                    import,
                    generation: self.generation + 1,
                    forecast,
                })
            }
            Action::ForecastDone { generation, reply } => {
                if generation != self.generation {
                    return self;
                }
                let forecast = match reply {
                    Ok(f) => ForecastStatus::Done(Rc::new(f)),
                    Err(e) => ForecastStatus::Failed(e.to_string()),
                };
                Rc::new(Self {
                    forecast,
                    ..(*self).clone()
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::worker::run;

    const PASTE: &str = "Month\tUnits\n2024-01\t10\n2024-02\t12\n2024-03\t11\n";

    fn input(state: Rc<AppState>, text: &str) -> Rc<AppState> {
        state.reduce(Action::Input(text.to_string()))
    }

    #[test]
    fn paste_imports_and_asks_for_a_forecast() {
        let s = input(Rc::default(), PASTE);
        assert_eq!(s.generation, 1);
        assert_eq!(s.forecast, ForecastStatus::Running);
        let request = s.pending_request().unwrap();
        assert_eq!(request.series.values, [10.0, 12.0, 11.0]);
        assert_eq!(request.settings.horizon, 12);
    }

    #[test]
    fn worker_answer_lands_only_for_its_generation() {
        let s = input(Rc::default(), PASTE);
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
        let again = input(s.clone(), PASTE);
        assert!(Rc::ptr_eq(&s, &again));
    }
}
