//! The checked model: an [`AggregatePlanInput`] whose every number has been checked,
//! with per-period hours spelled out and "unlimited" written as `f64::INFINITY`.
//!
//! Checking names the JSON path of each problem (`aggregate_plan.demand[3]`), so the
//! app can point at the cell and the CLI can print it.

use super::input::{AggregatePlanInput, CostRates, Hours};
use crate::document::FieldProblem;
use crate::plural;

/// The section's name in the document: every path starts with it.
const SECTION: &str = "aggregate_plan";

/// The most periods a plan may have (ten years of weeks).
pub const MAX_PERIODS: usize = 520;
/// The largest quantity of units any field may hold.
pub const MAX_UNITS: f64 = 1e9;
/// The largest number of workers any field may hold.
pub const MAX_WORKERS: f64 = 1e6;
/// The most hours (regular or overtime) a worker may have in one period.
pub const MAX_HOURS: f64 = 10_000.0;
/// The largest cost rate (money per hour, worker or unit).
pub const MAX_RATE: f64 = 1e9;
/// The range of labour hours per unit.
pub const LABOR_HOURS_RANGE: (f64, f64) = (1e-4, 1e6);
/// The most units a whole-number plan may move over its horizon (the solver's integers
/// are 32-bit).
pub const MAX_INTEGER_UNITS: f64 = 2e9;

/// An aggregate planning problem that has passed every check: plan it with
/// [`Model::plan`](super::Model::plan).
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub(crate) periods: Vec<String>,
    pub(crate) demand: Vec<f64>,
    pub(crate) initial_inventory: f64,
    pub(crate) initial_backlog: f64,
    /// 0 when there is no target.
    pub(crate) min_ending_inventory: f64,
    /// The stricter of `max_ending_backlog` and `max_backlog_per_period`.
    pub(crate) max_ending_backlog: f64,
    pub(crate) max_backlog: f64,
    pub(crate) initial_workers: f64,
    pub(crate) regular_hours: Vec<f64>,
    pub(crate) max_overtime: f64,
    pub(crate) min_workers: f64,
    pub(crate) max_workers: f64,
    pub(crate) labor_hours_per_unit: f64,
    pub(crate) max_subcontract: f64,
    pub(crate) costs: CostRates,
    pub(crate) integer: bool,
}

impl Model {
    /// The period names, in order.
    pub fn periods(&self) -> &[String] {
        &self.periods
    }

    /// Demand per period.
    pub fn demand(&self) -> &[f64] {
        &self.demand
    }

    /// Whether workers and units are whole numbers.
    pub fn integer(&self) -> bool {
        self.integer
    }

    /// How many periods the plan covers.
    pub(crate) fn len(&self) -> usize {
        self.periods.len()
    }

    /// Units one worker makes in period `t` on regular time.
    pub(crate) fn units_per_worker(&self, t: usize) -> f64 {
        self.regular_hours[t] / self.labor_hours_per_unit
    }

    /// A quantity as the model's units allow: whole (down) in a whole-number plan.
    pub(crate) fn units_floor(&self, x: f64) -> f64 {
        if self.integer && x.is_finite() {
            (x + 1e-9).floor()
        } else {
            x
        }
    }

    /// Units that must be owed at most after period `t`.
    pub(crate) fn backlog_limit(&self, t: usize) -> f64 {
        if t + 1 == self.len() {
            self.max_ending_backlog
        } else {
            self.max_backlog
        }
    }
}

impl AggregatePlanInput {
    /// Checks every field and returns the model to plan.
    ///
    /// # Errors
    ///
    /// Every problem found, each naming its JSON path (`aggregate_plan.demand[3]`) and
    /// saying what is wrong in a planner's words: lengths that do not match `periods`,
    /// negative or absurdly large numbers, `min` above `max`, fractions where
    /// `integer` asks for whole numbers.
    pub fn check(&self) -> Result<Model, Vec<FieldProblem>> {
        let mut c = Checker::default();
        let n = self.periods.len();
        self.check_periods(&mut c);
        c.list("demand", &self.demand, n, MAX_UNITS, "units");
        c.amount(
            "initial_inventory",
            self.initial_inventory,
            MAX_UNITS,
            "units",
        );
        c.amount("initial_backlog", self.initial_backlog, MAX_UNITS, "units");
        c.limit(
            "min_ending_inventory",
            self.min_ending_inventory,
            MAX_UNITS,
            "units",
        );
        c.limit(
            "max_ending_backlog",
            self.max_ending_backlog,
            MAX_UNITS,
            "units",
        );
        c.limit(
            "max_backlog_per_period",
            self.max_backlog_per_period,
            MAX_UNITS,
            "units",
        );
        c.limit(
            "max_subcontract_per_period",
            self.max_subcontract_per_period,
            MAX_UNITS,
            "units",
        );
        self.check_workforce(&mut c);
        let (lo, hi) = LABOR_HOURS_RANGE;
        let lhpu = self.labor_hours_per_unit;
        if !(lo..=hi).contains(&lhpu) {
            c.problem(
                "labor_hours_per_unit",
                format!(
                    "{} hours per unit is outside the range {lo} to {}",
                    show(lhpu),
                    show(hi)
                ),
            );
        }
        for (name, rate) in self.costs.named() {
            c.amount(&format!("costs.{name}"), rate, MAX_RATE, "");
        }
        if self.integer {
            self.check_whole(&mut c);
        }
        if c.problems.is_empty() {
            Ok(self.to_model())
        } else {
            Err(c.problems)
        }
    }

    fn check_periods(&self, c: &mut Checker) {
        let n = self.periods.len();
        if n == 0 {
            c.problem("periods", "there are no periods to plan".to_string());
        } else if n > MAX_PERIODS {
            c.problem(
                "periods",
                format!("{n} periods is more than the {MAX_PERIODS} a plan may have"),
            );
        }
        for (i, name) in self.periods.iter().enumerate() {
            if name.trim().is_empty() {
                c.problem(
                    &format!("periods[{i}]"),
                    "the period has no name".to_string(),
                );
            } else if self.periods[..i].contains(name) {
                c.problem(
                    &format!("periods[{i}]"),
                    format!("\"{name}\" appears twice: each period needs its own name"),
                );
            }
        }
    }

    fn check_workforce(&self, c: &mut Checker) {
        let w = &self.workforce;
        c.amount("workforce.initial", w.initial, MAX_WORKERS, "workers");
        let path = "workforce.regular_hours_per_worker";
        match &w.regular_hours_per_worker {
            Hours::Same(h) => c.amount(path, *h, MAX_HOURS, "hours"),
            Hours::PerPeriod(hours) => {
                c.list(path, hours, self.periods.len(), MAX_HOURS, "hours");
            }
        }
        c.limit(
            "workforce.max_overtime_hours_per_worker",
            w.max_overtime_hours_per_worker,
            MAX_HOURS,
            "hours",
        );
        c.limit("workforce.min", w.min, MAX_WORKERS, "workers");
        c.limit("workforce.max", w.max, MAX_WORKERS, "workers");
        if let (Some(lo), Some(hi)) = (w.min, w.max) {
            if lo > hi {
                c.problem(
                    "workforce.min",
                    format!(
                        "the minimum of {} workers is above the maximum of {}",
                        show(lo),
                        show(hi)
                    ),
                );
            } else if self.integer && lo.ceil() > hi.floor() {
                c.problem(
                    "workforce.min",
                    format!(
                        "no whole number of workers lies between {} and {}",
                        show(lo),
                        show(hi)
                    ),
                );
            }
        }
    }

    /// With `integer: true`, the starting position and demand must be whole numbers,
    /// or no whole-number plan could balance.
    fn check_whole(&self, c: &mut Checker) {
        let mut whole = |path: &str, x: f64| {
            if x.is_finite() && x.fract() != 0.0 {
                c.problem(
                    path,
                    format!("{} is not a whole number, but integer is true", show(x)),
                );
            }
        };
        for (i, d) in self.demand.iter().enumerate() {
            whole(&format!("demand[{i}]"), *d);
        }
        whole("initial_inventory", self.initial_inventory);
        whole("initial_backlog", self.initial_backlog);
        whole("workforce.initial", self.workforce.initial);
        if !c.problems.is_empty() {
            // Out-of-range values are reported already; their total says nothing more.
            return;
        }
        let total = self.demand.iter().sum::<f64>()
            + self.initial_inventory
            + self.initial_backlog
            + self.min_ending_inventory.unwrap_or(0.0);
        if total > MAX_INTEGER_UNITS {
            c.problem(
                "integer",
                format!(
                    "a whole-number plan can move at most {} units, and demand, inventory \
                     and backlog add up to {}: set integer to false",
                    show(MAX_INTEGER_UNITS),
                    show(total)
                ),
            );
        }
    }

    /// The model of an input that passed [`check`](Self::check).
    fn to_model(&self) -> Model {
        let n = self.periods.len();
        let w = &self.workforce;
        let unlimited = |x: Option<f64>| x.unwrap_or(f64::INFINITY);
        let regular_hours = match &w.regular_hours_per_worker {
            Hours::Same(h) => vec![*h; n],
            Hours::PerPeriod(h) => h.clone(),
        };
        let max_backlog = unlimited(self.max_backlog_per_period);
        let mut m = Model {
            periods: self.periods.clone(),
            demand: self.demand.clone(),
            initial_inventory: self.initial_inventory,
            initial_backlog: self.initial_backlog,
            min_ending_inventory: self.min_ending_inventory.unwrap_or(0.0),
            max_ending_backlog: unlimited(self.max_ending_backlog).min(max_backlog),
            max_backlog,
            initial_workers: w.initial,
            regular_hours,
            max_overtime: unlimited(w.max_overtime_hours_per_worker),
            min_workers: w.min.unwrap_or(0.0),
            max_workers: unlimited(w.max),
            labor_hours_per_unit: self.labor_hours_per_unit,
            max_subcontract: unlimited(self.max_subcontract_per_period),
            costs: self.costs,
            integer: self.integer,
        };
        if m.integer {
            // Whole units and workers: round every limit inwards once, here.
            m.min_ending_inventory = (m.min_ending_inventory - 1e-9).ceil();
            m.min_workers = (m.min_workers - 1e-9).ceil();
            m.max_workers = m.units_floor(m.max_workers);
            m.max_backlog = m.units_floor(m.max_backlog);
            m.max_ending_backlog = m.units_floor(m.max_ending_backlog);
            m.max_subcontract = m.units_floor(m.max_subcontract);
        }
        m
    }
}

/// Collects problems with their paths.
#[derive(Debug, Default)]
struct Checker {
    problems: Vec<FieldProblem>,
}

impl Checker {
    fn problem(&mut self, path: &str, message: String) {
        self.problems.push(FieldProblem {
            path: format!("{SECTION}.{path}"),
            message,
        });
    }

    /// A number that must lie in `0..=max`.
    fn amount(&mut self, path: &str, x: f64, max: f64, what: &str) {
        if !x.is_finite() {
            self.problem(path, "is not a finite number".to_string());
        } else if x < 0.0 {
            self.problem(path, format!("{} is negative", show(x)));
        } else if x > max {
            let unit = if what.is_empty() {
                String::new()
            } else {
                format!(" {what}")
            };
            self.problem(
                path,
                format!("{} is too large (at most {}{unit})", show(x), show(max)),
            );
        }
    }

    /// A limit: `null` (unlimited) or a number in `0..=max`.
    fn limit(&mut self, path: &str, x: Option<f64>, max: f64, what: &str) {
        if let Some(x) = x {
            self.amount(path, x, max, what);
        }
    }

    /// A list that needs one entry per period, each in `0..=max`.
    fn list(&mut self, path: &str, xs: &[f64], periods: usize, max: f64, what: &str) {
        if xs.len() != periods {
            self.problem(
                path,
                format!(
                    "expected {} (one per period), found {}",
                    plural(periods, "number", "numbers"),
                    xs.len()
                ),
            );
        }
        for (i, x) in xs.iter().enumerate() {
            self.amount(&format!("{path}[{i}]"), *x, max, what);
        }
    }
}

/// A number as a planner reads it: `1,240`, `12.5`, `1.5e12`.
pub(crate) fn show(x: f64) -> String {
    if !x.is_finite() {
        return if x.is_nan() {
            "not a number"
        } else {
            "infinite"
        }
        .to_string();
    }
    if x.abs() >= 1e15 {
        return format!("{x:e}");
    }
    let rounded = (x * 100.0).round() / 100.0;
    let whole = rounded.trunc();
    let frac = (rounded - whole).abs();
    let mut digits = format!("{}", whole.abs() as u64);
    let mut grouped = String::new();
    while digits.len() > 3 {
        let tail = digits.split_off(digits.len() - 3);
        grouped = format!(",{tail}{grouped}");
    }
    grouped = format!("{digits}{grouped}");
    let sign = if rounded < 0.0 { "-" } else { "" };
    if frac < 0.005 {
        format!("{sign}{grouped}")
    } else {
        let cents = format!("{frac:.2}");
        let cents = cents.trim_start_matches('0').trim_end_matches('0');
        format!("{sign}{grouped}{cents}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn show_groups_thousands_and_keeps_cents() {
        assert_eq!(show(1240.0), "1,240");
        assert_eq!(show(4_146_580.5), "4,146,580.5");
        assert_eq!(show(0.25), "0.25");
        assert_eq!(show(-12.0), "-12");
        assert_eq!(show(999.999), "1,000");
        assert_eq!(show(f64::INFINITY), "infinite");
    }
}
