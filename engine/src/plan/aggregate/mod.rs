//! # The aggregate plan
//!
//! The classic textbook model (Chopra & Meindl ch. 8; Heizer & Render ch. 13) on the
//! `aggregate_plan` section of the document, with the field names and meanings fixed in
//! DESIGN.md. For each period `t`:
//!
//! - workforce `W_t = W_{t-1} + hired_t − laid_off_t`, within `workforce.min..=max`;
//! - regular labour is paid for `W_t · regular_hours_t` whether used or not;
//! - `production_t · labor_hours_per_unit ≤ W_t · regular_hours_t + overtime_hours_t`
//!   and `overtime_hours_t ≤ W_t · max_overtime_hours_per_worker`;
//! - `I_{t-1} − B_{t-1} + production_t + subcontract_t − demand_t = I_t − B_t`;
//! - holding is charged on ending inventory `I_t`, backlog on ending backlog `B_t`,
//!   material on in-house units only (subcontracting is all-in);
//! - `B_t ≤ max_backlog_per_period`, `subcontract_t ≤ max_subcontract_per_period`, and
//!   in the last period only `I_T ≥ min_ending_inventory`, `B_T ≤ max_ending_backlog`;
//! - `null` is unlimited and `0` forbids; `integer: true` makes workforce, hires,
//!   layoffs and units whole (overtime hours stay continuous).
//!
//! Input goes raw, then checked (as everywhere in the engine): [`AggregatePlanInput`] is
//! what the JSON says, [`AggregatePlanInput::check`] turns it into a [`Model`] or lists
//! every problem with its JSON path, and [`Model::plan`] builds an [`AggregatePlan`] for
//! a [`Strategy`]. An infeasible plan is a result with [`Status::Infeasible`] and a
//! [`reason`](AggregatePlan::reason) with numbers, found by an exact capacity test
//! before any solver runs.
//!
//! The cost of every term, per period and in total, is computed by our own arithmetic
//! from the plan, never read from the solver's objective, and [`Model::check`] tests a
//! plan against every constraint.
//!
//! ## Strategies
//!
//! - **optimal**: least total cost, by linear programming — mixed-integer with
//!   `integer: true`. When the solver stops at its time limit the status is `feasible`,
//!   and the plan is never worse than the level and chase plans.
//! - **level**: one workforce for the whole horizon, the fewest workers (within min and
//!   max) whose regular time meets demand, the ending target and the backlog limits;
//!   inventory absorbs the swings.
//! - **chase**: each period, the workers whose regular time makes that period's demand
//!   (after the starting inventory, plus the ending target at the end), within min and
//!   max; demand beyond the most a period can make is made earlier.
//!
//! Level and chase fix the workforce by these rules and then reuse the optimal strategy's
//! program to choose production, inventory and backlog: on regular time alone when the
//! capacity test says that is feasible, otherwise with overtime and subcontracting, and a
//! note says how much and where. Their status is `feasible`: only the optimal strategy
//! claims `optimal`.
//!
//! ## Why `good_lp` with `microlp`
//!
//! `microlp` is pure Rust, so the same solver runs natively, in the CLI and in the
//! browser's web worker, with no C library to cross-compile; `good_lp` gives it a
//! readable modelling layer and would let another solver be swapped in. `microlp` offers
//! a time limit ([`PlanOptions::time_limit_seconds`]), which good_lp passes through; it
//! reads the clock through `web-time` (`performance.now()` in the browser).
//!
//! Measured (`cargo bench -p attune-engine --bench aggregate`, a shared 2-core machine)
//! on `northwind_pumps`, 12 periods: the optimal whole-number plan in about 4 ms, the
//! continuous one in 0.25 ms, level and chase in 0.1 ms. The same crate built for wasm32
//! (opt-level z) and run in Node gives the same totals in 40–60 ms and 1 ms. A wasm
//! probe that reads and plans a document is 158 KB larger (60 KB gzipped) than one that
//! only reads it. Whole-number plans of two years of months prove optimal in well under
//! a second; from about 36 periods the branch and bound may reach the time limit, and
//! the plan is then returned as `feasible`, within 0.02% of the continuous bound in our
//! measurements up to 260 weekly periods. Level and chase, whose workforce is fixed,
//! take under 0.1 s even then.
//!
//! ```
//! use attune_engine::document::read_document;
//! use attune_engine::plan::aggregate::{PlanOptions, Status, Strategy};
//!
//! let text = r#"{"format": "attune/1", "aggregate_plan": {
//!   "periods": ["Jan", "Feb"], "demand": [100, 300],
//!   "initial_inventory": 0, "min_ending_inventory": 0, "max_ending_backlog": 0,
//!   "workforce": {"initial": 10, "regular_hours_per_worker": 160,
//!                 "max_overtime_hours_per_worker": 0, "min": null, "max": null},
//!   "labor_hours_per_unit": 8,
//!   "costs": {"regular_per_hour": 10, "overtime_per_hour": 15, "hire_per_worker": 500,
//!             "layoff_per_worker": 500, "holding_per_unit_period": 1,
//!             "backlog_per_unit_period": 5, "material_per_unit": 0,
//!             "subcontract_per_unit": 100},
//!   "integer": true}}"#;
//! let input = read_document(text)?.aggregate_plan.ok_or("no aggregate_plan")?;
//! let model = input.check().map_err(|problems| problems[0].to_string())?;
//! let plan = model.plan(Strategy::Optimal, &PlanOptions::default())?;
//! assert_eq!(plan.status, Status::Optimal);
//! // 10 workers make 200 a month: 100 in January are held for February.
//! assert_eq!(plan.total_cost, 2.0 * 10.0 * 160.0 * 10.0 + 100.0);
//! assert!(model.check(&plan).is_empty());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;

mod input;
mod lp;
mod model;
mod result;
mod strategy;
mod supply;

pub use input::{AggregatePlanInput, CostRates, Hours, WorkforceInput};
pub use model::{
    Model, LABOR_HOURS_RANGE, MAX_HOURS, MAX_INTEGER_UNITS, MAX_PERIODS, MAX_RATE, MAX_UNITS,
    MAX_WORKERS,
};
pub use result::{cents, AggregatePlan, Infeasibility, PeriodPlan, Status, Strategy, TermCosts};

use crate::document::FieldProblem;
use supply::Resources;

/// How hard the solver may try.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlanOptions {
    /// Seconds a strategy may spend solving before it returns the best plan found
    /// (status `feasible`, with the largest possible excess over the cheapest plan in a
    /// note). Continuous plans and whole-number plans of up to about two years of
    /// months prove optimal in well under a second.
    pub time_limit_seconds: f64,
}

impl Default for PlanOptions {
    fn default() -> Self {
        Self {
            time_limit_seconds: 10.0,
        }
    }
}

impl PlanOptions {
    /// The options as the solver can take them: a time limit that is not a positive
    /// number becomes the default, and it is kept between 10 ms and a day.
    fn usable(&self) -> Self {
        let t = self.time_limit_seconds;
        let t = if t.is_finite() && t > 0.0 {
            t
        } else {
            Self::default().time_limit_seconds
        };
        Self {
            time_limit_seconds: t.clamp(0.01, 86_400.0),
        }
    }
}

/// Why no plan (not even an infeasible one) could be returned.
#[derive(Debug, Clone, PartialEq)]
pub enum PlanError {
    /// The section has problems, each with its JSON path.
    Invalid(Vec<FieldProblem>),
    /// The solver gave up without any plan (numerical trouble, or its time limit before
    /// it found one and no rule-based plan to fall back on).
    Solver(String),
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Invalid(problems) => {
                let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
                f.write_str(&lines.join("\n"))
            }
            Self::Solver(why) => write!(f, "the solver could not plan: {why}"),
        }
    }
}

impl std::error::Error for PlanError {}

impl Model {
    /// The plan of `strategy`, costed term by term.
    ///
    /// A plan that cannot meet the constraints is `Ok` with [`Status::Infeasible`] and a
    /// [`reason`](AggregatePlan::reason) naming the first period that falls short and by
    /// how many units.
    ///
    /// # Errors
    ///
    /// [`PlanError::Solver`] when the solver fails without any plan, which the capacity
    /// test beforehand makes a sign of numerical trouble.
    pub fn plan(
        &self,
        strategy: Strategy,
        options: &PlanOptions,
    ) -> Result<AggregatePlan, PlanError> {
        let most = vec![self.max_workers; self.len()];
        let everything = Resources {
            workers: &most,
            overtime: true,
            subcontract: true,
        };
        if let Some(reason) = self.shortfall(everything) {
            return Ok(AggregatePlan::without_plan(
                strategy,
                Status::Infeasible,
                reason,
            ));
        }
        let options = &options.usable();
        let mut plan = match strategy {
            Strategy::Optimal => self.optimal(options)?,
            Strategy::Level => self.level(options)?,
            Strategy::Chase => self.chase(options)?,
        };
        let broken = self.check(&plan);
        if !broken.is_empty() {
            // Never show a plan that breaks the model, whatever the solver returned.
            return Err(PlanError::Solver(format!(
                "its plan breaks the model: {}",
                broken.join("; ")
            )));
        }
        if let Some(last) = plan.periods.last() {
            if last.backlog > 0.0 {
                plan.notes.push(format!(
                    "{} are still owed at the end of {}.",
                    supply::plural_units(last.backlog),
                    last.period
                ));
            }
        }
        Ok(plan)
    }
}

/// Checks `input` and plans it with `strategy`.
///
/// # Errors
///
/// [`PlanError::Invalid`] with every problem of the section, each naming its JSON path;
/// [`PlanError::Solver`] as for [`Model::plan`].
pub fn plan(
    input: &AggregatePlanInput,
    strategy: Strategy,
    options: &PlanOptions,
) -> Result<AggregatePlan, PlanError> {
    input
        .check()
        .map_err(PlanError::Invalid)?
        .plan(strategy, options)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unusable_time_limits_never_reach_the_solver() {
        for t in [f64::NAN, -1.0, 0.0, f64::INFINITY] {
            let o = PlanOptions {
                time_limit_seconds: t,
            }
            .usable();
            assert!(o.time_limit_seconds > 0.0 && o.time_limit_seconds.is_finite());
        }
        let tiny = PlanOptions {
            time_limit_seconds: 1e-9,
        };
        assert_eq!(tiny.usable().time_limit_seconds, 0.01);
    }
}
