//! The app's web workers: the engine's heavy calls behind yew-agent oneshots, so that a
//! long forecast or a big file never freezes the page. `forecast` serves the forecast
//! worker; `read_file` the reader worker (which alone carries the workbook reader, so the
//! page's own wasm stays small).

use attune_engine::forecast::{forecast, Forecast, ForecastError, ForecastSettings};
use attune_engine::import::{read_file, ImportError, RawTable};
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

/// The forecast oneshot, registered by the `worker` binary.
#[oneshot]
pub async fn ForecastTask(request: ForecastRequest) -> ForecastReply {
    run(&request)
}

/// A file to read: its name and bytes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileRequest {
    /// The file name (names a single-series file's item, and shows in messages).
    pub name: String,
    /// The bytes.
    pub bytes: Vec<u8>,
}

/// The reader's answer: the sheets, or why the file cannot be read.
pub type FileReply = Result<Vec<(String, RawTable)>, ImportError>;

/// The file-reading oneshot, registered by the `reader` binary.
#[oneshot]
pub async fn ReadFileTask(request: FileRequest) -> FileReply {
    read_file(&request.name, &request.bytes)
}
