//! The app's web workers: the engine's heavy calls behind yew-agent oneshots, so that a
//! long forecast or a big file never freezes the page. `forecast` serves the forecast
//! worker; the import session the reader worker (which alone carries the file and
//! workbook readers, so the page's own wasm stays small and big files never block it).

use std::cell::RefCell;

use attune_engine::forecast::{forecast, Forecast, ForecastError, ForecastSettings};
use attune_engine::series::Series;
use serde::{Deserialize, Serialize};
use yew_agent::prelude::oneshot;

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

/// The import oneshot, registered by the `reader` binary: it keeps the session between
/// requests, so the table stays in the worker.
#[oneshot]
pub async fn ImportTask(request: ImportRequest) -> ImportAnswer {
    SESSION.with(|s| s.borrow_mut().handle(request))
}
