//! The app's web workers: the engine's heavy calls behind yew-agent oneshots, so that a
//! long forecast, a big file or a hard plan never freezes the page. `forecast` serves the
//! forecast worker; the import session the reader worker (which alone carries the file and
//! workbook readers, so the page's own wasm stays small and big files never block it);
//! [`plans`] the planner worker (which alone carries the LP solver).

use std::cell::RefCell;

use attune_engine::forecast::{forecast, Forecast, ForecastError, ForecastSettings};
use attune_engine::series::Series;
use serde::{Deserialize, Serialize};
use yew_agent::prelude::oneshot;

use attune_engine::plan::aggregate::{plan, AggregatePlanInput, PlanOptions, Strategy};

use crate::keep::{self, KeepReply, KeepRequest};
use crate::plan_state::PlanReply;
use crate::session::{ImportAnswer, ImportRequest, ImportSession};

/// What the page asks the worker to forecast: a batch of items (the page sends a large
/// dataset in batches, so that it can show progress and stop between them).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ForecastRequest {
    /// The histories.
    pub series: Vec<Series>,
    /// How to forecast them.
    pub settings: ForecastSettings,
}

/// The forecast of one item, or why it has none.
pub type ForecastReply = Result<Forecast, ForecastError>;

/// Runs one batch, one reply per series in order; the same function serves the worker
/// and in-page callers (tests).
#[must_use]
pub fn run(request: &ForecastRequest) -> Vec<ForecastReply> {
    request
        .series
        .iter()
        .map(|s| forecast(s, &request.settings))
        .collect()
}

/// The forecast oneshot, registered by the `worker` binary.
#[oneshot]
pub async fn ForecastTask(request: ForecastRequest) -> Vec<ForecastReply> {
    run(&request)
}

thread_local! {
    /// The reader worker's one import session (a worker is one thread).
    static SESSION: RefCell<ImportSession> = RefCell::new(ImportSession::default());
}

/// What the page asks the reader: to read data, or to keep the workspace (which needs
/// the table the reader holds).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ReaderRequest {
    /// Read pasted text, a file, or the table again.
    Import(ImportRequest),
    /// Save, open, share or export.
    Keep(KeepRequest),
}

/// The reader's answer to a [`ReaderRequest`] of the same kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ReaderReply {
    /// To an import.
    Import(Box<ImportAnswer>),
    /// To a keep request.
    Keep(Box<KeepReply>),
}

/// Answers a [`ReaderRequest`] with `session`; the same function serves the worker and
/// in-page callers (tests).
pub fn serve_reader(session: &mut ImportSession, request: ReaderRequest) -> ReaderReply {
    match request {
        ReaderRequest::Import(r) => ReaderReply::Import(Box::new(session.handle(r))),
        ReaderRequest::Keep(r) => ReaderReply::Keep(Box::new(keep::serve(session, r))),
    }
}

/// The import oneshot, registered by the `reader` binary: it keeps the session between
/// requests, so the table stays in the worker.
#[oneshot]
pub async fn ImportTask(request: ReaderRequest) -> ReaderReply {
    SESSION.with(|s| serve_reader(&mut s.borrow_mut(), request))
}

/// What the page asks the planner: the plan section as the document's JSON (the worker
/// messages' binary codec cannot carry the section's "one number or a list" fields).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanRequest {
    /// The `aggregate_plan` section, as JSON.
    pub section: String,
}

impl PlanRequest {
    /// The request for `input`.
    #[must_use]
    pub fn new(input: &AggregatePlanInput) -> Self {
        Self {
            section: serde_json::to_string(input).unwrap_or_default(),
        }
    }
}

/// Answers a [`PlanRequest`]: the section read back, then [`plans`].
#[must_use]
pub fn answer(request: &PlanRequest) -> Vec<PlanReply> {
    match serde_json::from_str::<AggregatePlanInput>(&request.section) {
        Ok(input) => plans(&input),
        Err(e) => vec![Err(format!("the plan could not be passed to the planner: {e}")); 3],
    }
}

/// How long the solver may search for each strategy's plan before it answers with the
/// best plan found and its bound (the page says so while it waits).
pub const PLAN_TIME_LIMIT_SECONDS: f64 = 5.0;

/// The plans of every strategy of [`Strategy::ALL`] for `input`, in that order; the same
/// function serves the planner worker and in-page callers (tests).
#[must_use]
pub fn plans(input: &AggregatePlanInput) -> Vec<PlanReply> {
    let options = PlanOptions {
        time_limit_seconds: PLAN_TIME_LIMIT_SECONDS,
    };
    Strategy::ALL
        .iter()
        .map(|s| plan(input, *s, &options).map_err(|e| e.to_string()))
        .collect()
}

/// The planning oneshot, registered by the `planner` binary.
#[oneshot]
pub async fn PlanTask(request: PlanRequest) -> Vec<PlanReply> {
    answer(&request)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan_state::example;

    #[test]
    fn a_plan_request_reaches_the_planner_whole() {
        // Per-period hours are "one number or a list": the request carries them as JSON.
        let request = PlanRequest::new(&example());
        let replies = answer(&request);
        assert_eq!(replies.len(), 3);
        let optimal = replies[0].as_ref().unwrap();
        assert_eq!(optimal.strategy, Strategy::Optimal);
        assert_eq!(format!("{:.2}", optimal.total_cost), "4146580.50");
        let broken = answer(&PlanRequest {
            section: "{".into(),
        });
        assert!(broken[0]
            .as_ref()
            .unwrap_err()
            .starts_with("the plan could not be passed"));
    }
}
