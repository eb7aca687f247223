//! # attune-engine
//!
//! All of Attune's planning logic, in pure Rust: reading a sales history, forecasting
//! it, and (as the project grows) matching it to capacity, projecting inventory, checking
//! promises and computing the shared S&OP KPIs. The browser app and the `attune` CLI are
//! thin shells around these functions, so a number is computed in exactly one place.
//!
//! The engine never touches the web or the clock: it builds and tests natively and for
//! `wasm32-unknown-unknown`, and CI checks that no web crate enters its dependency tree.
//!
//! ```
//! use attune_engine::import::import_text;
//! use attune_engine::forecast::{forecast, ForecastSettings};
//!
//! let pasted = "Month\tUnits\n2024-01\t120\n2024-02\t135\n2024-03\t128\n";
//! let import = import_text(pasted, "pumps", None)?;
//! assert_eq!(import.summary.items, 1);
//! let history = import.dataset.items[0].to_series();
//! let settings = ForecastSettings { horizon: 2, ..ForecastSettings::default() };
//! let f = forecast(&history, &settings)?;
//! assert_eq!(f.period(0).to_string(), "2024-04");
//! assert_eq!(f.point, [128.0, 128.0]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod calendar;
pub mod document;
pub mod explain;
pub mod export;
pub mod forecast;
pub mod import;
pub mod inventory;
pub mod kpi;
pub mod number;
pub mod plan;
pub mod promise;
pub mod review;
pub mod scenario;
pub mod series;
pub mod share;
pub mod stats;

/// The message of a per-period list that does not have one value per period, shared by
/// every engine error that checks such lists: `the demand of item "Pump": 2 values for
/// 3 periods; give one value per period`.
pub(crate) fn write_period_count(
    f: &mut std::fmt::Formatter<'_>,
    what: &str,
    found: usize,
    expected: usize,
) -> std::fmt::Result {
    write!(
        f,
        "{what}: {} for {}; give one value per period",
        plural(found, "value", "values"),
        plural(expected, "period", "periods")
    )
}

/// `"1 row"`, `"3 rows"`: a count with the right form of its noun (or noun and verb).
pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
