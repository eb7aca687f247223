//! The forecast worker: the engine's `forecast` behind a yew-agent oneshot, so a long
//! batch never freezes the page. The page sends the checked series and settings; the
//! worker answers with the forecast or the engine's error.

use attune_engine::forecast::{forecast, Forecast, ForecastError, ForecastSettings};
use attune_engine::series::Series;
use serde::{Deserialize, Serialize};
use yew_agent::prelude::oneshot;

/// What the page asks the worker to forecast.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ForecastRequest {
    /// The history.
    pub series: Series,
    /// How to forecast it.
    pub settings: ForecastSettings,
}

/// The worker's answer.
pub type ForecastReply = Result<Forecast, ForecastError>;

/// Runs one request; the same function serves the worker and in-page callers (tests).
///
/// # Errors
/// The engine's [`ForecastError`] for an unusable series or settings.
pub fn run(request: &ForecastRequest) -> ForecastReply {
    forecast(&request.series, &request.settings)
}

/// The oneshot agent registered by the `worker` binary.
#[oneshot]
pub async fn ForecastTask(request: ForecastRequest) -> ForecastReply {
    run(&request)
}
