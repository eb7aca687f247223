//! The page's components. Each takes what it shows as props and reports what the user
//! did through `on_*` callbacks.

pub mod app;
pub mod capacity;
pub mod chart;
pub mod chart_export;
pub mod dashboard;
pub mod data;
pub mod family;
pub mod field;
pub mod flow;
pub mod import_report;
pub mod inventory;
pub mod keep;
pub mod overview;
pub mod paste;
pub mod pipeline;
pub mod plan;
pub mod preview;
pub mod results;
pub mod scenario;
pub mod workshop;
