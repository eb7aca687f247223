//! The Attune web app: a thin Yew shell around `attune-engine`.
//!
//! Events become [`state::Action`]s, one reducer keeps the workspace, engine results
//! become DOM. Heavy engine work runs in the web worker in [`worker`], so the page never
//! blocks; chart geometry is pure code in [`chart`], tested natively. No planning
//! arithmetic lives here.

pub mod capacity_state;
pub mod chart;
pub mod components;
pub mod dashboard_state;
pub mod embed;
pub mod flow;
pub mod format;
pub mod inventory_state;
pub mod keep;
pub mod locale;
pub mod offline;
pub mod plan_state;
pub mod scenario_state;
pub mod session;
pub mod state;
pub mod text;
pub mod worker;
pub mod workshop;

pub use components::app::{App, Forecaster, Importer, Planner, Remote, Workspace, WorkspaceProps};
