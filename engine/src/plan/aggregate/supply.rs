//! How much can be supplied, and where it falls short: the exact feasibility test of the
//! model, done by hand before any solver runs, so that an infeasible plan is explained
//! with numbers ("ending inventory 800 needs 1,240 more units than … can make by
//! 2027-12") instead of a solver's bare "infeasible".
//!
//! Inventory has no upper limit and nothing forces production, so a plan exists exactly
//! when making as much as possible in every period keeps each period's backlog within
//! its limit and ends at the inventory target: the cumulative test below.

use super::model::{show, Model};
use super::result::Infeasibility;

/// The resources a capacity test may use.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Resources<'a> {
    /// Workers in each period.
    pub workers: &'a [f64],
    /// Whether overtime may be worked.
    pub overtime: bool,
    /// Whether units may be subcontracted.
    pub subcontract: bool,
}

impl Model {
    /// The most units `workers` can make in period `t` (whole units in a whole-number plan).
    pub(crate) fn max_production(&self, t: usize, workers: f64, overtime: bool) -> f64 {
        let hours = if !overtime || self.max_overtime == 0.0 {
            workers * self.regular_hours[t]
        } else if self.max_overtime.is_infinite() {
            f64::INFINITY
        } else {
            workers * (self.regular_hours[t] + self.max_overtime)
        };
        if hours.is_nan() {
            // unlimited workers with no hours
            return 0.0;
        }
        self.units_floor(hours / self.labor_hours_per_unit)
    }

    /// The most units that can be supplied in period `t` with `r`.
    pub(crate) fn max_supply(&self, t: usize, r: Resources<'_>) -> f64 {
        let made = self.max_production(t, r.workers[t], r.overtime);
        if r.subcontract {
            made + self.max_subcontract
        } else {
            made
        }
    }

    /// Units that must have been supplied by the end of period `t`: demand so far, less
    /// the starting position, less the backlog allowed then (plus the ending target at
    /// the end).
    pub(crate) fn required_by(&self, t: usize, cumulative_demand: f64) -> f64 {
        let mut need = cumulative_demand - self.initial_inventory + self.initial_backlog
            - self.backlog_limit(t);
        if t + 1 == self.len() {
            need += self.min_ending_inventory;
        }
        need
    }

    /// The first period where `r` cannot supply what is required, if any.
    pub(crate) fn shortfall(&self, r: Resources<'_>) -> Option<Infeasibility> {
        let mut demand = 0.0;
        let mut supply = 0.0;
        for t in 0..self.len() {
            demand += self.demand[t];
            supply += self.max_supply(t, r);
            let short = self.required_by(t, demand) - supply;
            if short > 1e-6 * (1.0 + demand) {
                return Some(Infeasibility {
                    period: t,
                    units_short: short,
                    message: self.explain(t, short, demand, r),
                });
            }
        }
        None
    }

    /// The shortfall in words, naming the constraint that binds.
    fn explain(&self, t: usize, short: f64, demand: f64, r: Resources<'_>) -> String {
        let name = &self.periods[t];
        let by = self.describe(r);
        let more = if short == 1.0 {
            "1 more unit".to_string()
        } else {
            format!("{} more units", show(short))
        };
        let last = t + 1 == self.len();
        if last && self.min_ending_inventory > 0.0 {
            let allowed = self.backlog_limit(t);
            let owed = if allowed > 0.0 && allowed.is_finite() {
                format!(" (even with {} still owed)", plural_units(allowed))
            } else {
                String::new()
            };
            format!(
                "ending inventory {} needs {more} than {by} can make by {name}{owed}",
                show(self.min_ending_inventory)
            )
        } else {
            let allowed = self.backlog_limit(t);
            let limit = if allowed == 0.0 {
                "no backlog is allowed".to_string()
            } else {
                format!("at most {} may be owed", plural_units(allowed))
            };
            let mut start = Vec::new();
            if self.initial_inventory > 0.0 {
                start.push(format!("less {} on hand", show(self.initial_inventory)));
            }
            if self.initial_backlog > 0.0 {
                start.push(format!("plus {} owed", show(self.initial_backlog)));
            }
            let start = if start.is_empty() {
                String::new()
            } else {
                format!(" ({} at the start)", start.join(", "))
            };
            format!(
                "by {name}, demand of {}{start} is {more} than {by} can make, and {limit} {}",
                plural_units(demand),
                if last { "at the end" } else { "in any period" }
            )
        }
    }

    /// "the maximum workforce (80 workers), overtime and subcontracting".
    fn describe(&self, r: Resources<'_>) -> String {
        let first = r.workers.first().copied().unwrap_or(0.0);
        let same = r.workers.iter().all(|w| *w == first);
        let mut parts = vec![if !same {
            "the planned workforce".to_string()
        } else if first == self.max_workers {
            format!("the maximum workforce ({})", plural_workers(first))
        } else {
            plural_workers(first)
        }];
        if r.overtime && self.max_overtime > 0.0 {
            parts.push("overtime".to_string());
        } else if !r.overtime {
            parts[0].push_str(" on regular time");
        }
        if r.subcontract && self.max_subcontract > 0.0 {
            parts.push("subcontracting".to_string());
        }
        match parts.len() {
            1 => parts.remove(0),
            _ => {
                let last = parts.pop().unwrap_or_default();
                format!("{} and {last}", parts.join(", "))
            }
        }
    }
}

pub(crate) fn plural_units(x: f64) -> String {
    if x == 1.0 {
        "1 unit".to_string()
    } else {
        format!("{} units", show(x))
    }
}

pub(crate) fn plural_workers(x: f64) -> String {
    if x.is_infinite() {
        "any number of workers".to_string()
    } else if x == 1.0 {
        "1 worker".to_string()
    } else {
        format!("{} workers", show(x))
    }
}
