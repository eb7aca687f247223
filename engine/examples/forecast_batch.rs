//! The native twin of the browser's forecasting: reads a file as the app does and
//! forecasts every item with the app's settings (the calendar's horizon and season, the
//! automatic method, a backtest per item), one core, and prints the time:
//! `cargo run --release -p attune-engine --example forecast_batch FILE`.
//! `e2e/bench/tourism.mjs` runs it beside the browser. (A figures script, not a test.)
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::time::Instant;

use attune_engine::forecast::{forecast, ForecastSettings};
use attune_engine::import::import_bytes;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: forecast_batch FILE");
        std::process::exit(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("cannot read {path}: {e}");
            std::process::exit(2);
        }
    };
    let import = match import_bytes(&bytes, "file", None) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let settings = ForecastSettings {
        horizon: import.dataset.granularity.default_horizon(),
        backtest: true,
        ..ForecastSettings::default()
    };
    let series: Vec<_> = import.dataset.items.iter().map(|i| i.to_series()).collect();
    let start = Instant::now();
    let failed = series
        .iter()
        .filter(|s| forecast(s, &settings).is_err())
        .count();
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "native: {} items, horizon {}, with backtests: forecast all {seconds:.2} s ({failed} failed)",
        series.len(),
        settings.horizon
    );
}
