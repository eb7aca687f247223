//! What a strategy returns: the plan per period, the cost of every term computed by our
//! own arithmetic from the plan (never taken from the solver's objective), a status, and
//! [`Model::check`], which tests a plan against every constraint of the model.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::model::{show, Model};

/// How the plan is built.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Strategy {
    /// The least total cost, by linear (or mixed-integer) programming.
    Optimal,
    /// One workforce for the whole horizon; inventory absorbs the swings.
    Level,
    /// The workforce follows demand period by period.
    Chase,
}

impl Strategy {
    /// Every strategy, in the order the app lists them.
    pub const ALL: [Self; 3] = [Self::Optimal, Self::Level, Self::Chase];

    /// The name used by the CLI and the document: `optimal`, `level`, `chase`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Optimal => "optimal",
            Self::Level => "level",
            Self::Chase => "chase",
        }
    }

    /// The strategy called `name`, if any.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.name() == name)
    }
}

/// How the plan turned out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The plan meets every constraint and is proven cheapest for its strategy.
    Optimal,
    /// The plan meets every constraint; the solver stopped before proving it cheapest.
    Feasible,
    /// No plan meets every constraint: [`AggregatePlan::reason`] says which and by how much.
    Infeasible,
    /// The cost has no lower bound (cannot happen with non-negative cost rates).
    Unbounded,
}

impl Status {
    /// `optimal`, `feasible`, `infeasible` or `unbounded`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Optimal => "optimal",
            Self::Feasible => "feasible",
            Self::Infeasible => "infeasible",
            Self::Unbounded => "unbounded",
        }
    }

    /// Whether the status carries a plan.
    pub fn has_plan(self) -> bool {
        matches!(self, Self::Optimal | Self::Feasible)
    }
}

/// The cost of each term of the model, in the document's currency.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct TermCosts {
    /// Regular hours paid for every worker, used or not.
    pub regular: f64,
    /// Overtime hours worked.
    pub overtime: f64,
    /// Workers hired.
    pub hire: f64,
    /// Workers laid off.
    pub layoff: f64,
    /// Units on hand at the end of each period.
    pub holding: f64,
    /// Units owed at the end of each period.
    pub backlog: f64,
    /// Material of units made in house.
    pub material: f64,
    /// Units bought from the subcontractor.
    pub subcontract: f64,
}

impl TermCosts {
    /// Each term with its name, in the order the CLI prints them.
    pub fn named(&self) -> [(&'static str, f64); 8] {
        [
            ("regular", self.regular),
            ("overtime", self.overtime),
            ("hire", self.hire),
            ("layoff", self.layoff),
            ("holding", self.holding),
            ("backlog", self.backlog),
            ("material", self.material),
            ("subcontract", self.subcontract),
        ]
    }

    /// The sum of all terms.
    pub fn total(&self) -> f64 {
        self.named().iter().map(|(_, c)| c).sum()
    }

    fn add(&mut self, other: &Self) {
        self.regular += other.regular;
        self.overtime += other.overtime;
        self.hire += other.hire;
        self.layoff += other.layoff;
        self.holding += other.holding;
        self.backlog += other.backlog;
        self.material += other.material;
        self.subcontract += other.subcontract;
    }
}

/// One period of a plan. Field names are the CLI's JSON contract.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeriodPlan {
    /// The period's name from the document.
    pub period: String,
    /// Units demanded (from the document, for reading the row).
    pub demand: f64,
    /// Workers employed during the period.
    pub workforce: f64,
    /// Workers hired at its start.
    pub hired: f64,
    /// Workers laid off at its start.
    pub laid_off: f64,
    /// Overtime hours worked, all workers together.
    pub overtime_hours: f64,
    /// Units made in house.
    pub production: f64,
    /// Of those, units made on regular time (regular time is used first).
    pub regular_units: f64,
    /// Of those, units made on overtime.
    pub overtime_units: f64,
    /// Units bought from the subcontractor.
    pub subcontract: f64,
    /// Units on hand at its end.
    pub inventory: f64,
    /// Units owed at its end.
    pub backlog: f64,
    /// The cost of each term in this period.
    pub costs: TermCosts,
    /// The sum of [`costs`](Self::costs).
    pub total_cost: f64,
}

/// Why no plan exists: the first period where the need exceeds what can be made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Infeasibility {
    /// Index of the period (into `periods`) where the shortfall appears.
    pub period: usize,
    /// How many units short.
    pub units_short: f64,
    /// The constraint that cannot be met, with numbers, in a planner's words.
    pub message: String,
}

impl fmt::Display for Infeasibility {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// A plan for one strategy, with its cost and status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AggregatePlan {
    /// The strategy that built it.
    pub strategy: Strategy,
    /// Whether there is a plan and whether it is proven cheapest.
    pub status: Status,
    /// One row per period (empty when infeasible or unbounded).
    pub periods: Vec<PeriodPlan>,
    /// Each term's cost over the horizon.
    pub costs: TermCosts,
    /// The sum of all terms over the horizon.
    pub total_cost: f64,
    /// What a planner should know about how the plan was built (limits that bind,
    /// overtime a level plan needed, the solver's time limit).
    pub notes: Vec<String>,
    /// Why no plan exists, when infeasible or unbounded.
    pub reason: Option<Infeasibility>,
}

/// The decisions of a plan, one entry per period, before costing.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Decisions {
    pub workforce: Vec<f64>,
    pub hired: Vec<f64>,
    pub laid_off: Vec<f64>,
    pub overtime: Vec<f64>,
    pub production: Vec<f64>,
    pub subcontract: Vec<f64>,
    pub inventory: Vec<f64>,
    pub backlog: Vec<f64>,
}

impl AggregatePlan {
    /// A plan with no rows: infeasible or unbounded, with the reason.
    pub(crate) fn without_plan(strategy: Strategy, status: Status, reason: Infeasibility) -> Self {
        Self {
            strategy,
            status,
            periods: Vec::new(),
            costs: TermCosts::default(),
            total_cost: 0.0,
            notes: Vec::new(),
            reason: Some(reason),
        }
    }

    /// The plan of `decisions`, costed term by term.
    pub(crate) fn costed(
        model: &Model,
        strategy: Strategy,
        status: Status,
        decisions: &Decisions,
    ) -> Self {
        let periods: Vec<PeriodPlan> = (0..model.len())
            .map(|t| period_plan(model, decisions, t))
            .collect();
        let mut costs = TermCosts::default();
        for p in &periods {
            costs.add(&p.costs);
        }
        Self {
            strategy,
            status,
            periods,
            costs,
            total_cost: costs.total(),
            notes: Vec::new(),
            reason: None,
        }
    }
}

/// Row `t` of a plan with its costs.
fn period_plan(model: &Model, d: &Decisions, t: usize) -> PeriodPlan {
    let on_regular_time = d.workforce[t] * model.regular_hours[t] / model.labor_hours_per_unit;
    let regular_units = d.production[t].min(on_regular_time).max(0.0);
    let row = PeriodPlan {
        period: model.periods[t].clone(),
        demand: model.demand[t],
        workforce: d.workforce[t],
        hired: d.hired[t],
        laid_off: d.laid_off[t],
        overtime_hours: d.overtime[t],
        production: d.production[t],
        regular_units,
        overtime_units: (d.production[t] - regular_units).max(0.0),
        subcontract: d.subcontract[t],
        inventory: d.inventory[t],
        backlog: d.backlog[t],
        costs: TermCosts::default(),
        total_cost: 0.0,
    };
    let costs = period_costs(model, &row, t);
    PeriodPlan {
        costs,
        total_cost: costs.total(),
        ..row
    }
}

/// The cost of each term in row `t`, from the model's rates.
fn period_costs(model: &Model, p: &PeriodPlan, t: usize) -> TermCosts {
    let r = &model.costs;
    TermCosts {
        regular: r.regular_per_hour * model.regular_hours[t] * p.workforce,
        overtime: r.overtime_per_hour * p.overtime_hours,
        hire: r.hire_per_worker * p.hired,
        layoff: r.layoff_per_worker * p.laid_off,
        holding: r.holding_per_unit_period * p.inventory,
        backlog: r.backlog_per_unit_period * p.backlog,
        material: r.material_per_unit * p.production,
        subcontract: r.subcontract_per_unit * p.subcontract,
    }
}

/// Money rounded to cents, for display only (the engine keeps full precision).
pub fn cents(x: f64) -> f64 {
    let c = (x * 100.0).round() / 100.0;
    if c == 0.0 {
        0.0
    } else {
        c
    }
}

/// Tolerance for comparing `a` and `b` after floating-point arithmetic.
fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * (1.0 + a.abs().max(b.abs()))
}

/// `a <= b` up to rounding.
fn at_most(a: f64, b: f64) -> bool {
    a <= b || close(a, b)
}

impl Model {
    /// Every constraint of the model that `plan` breaks, in words (empty when the plan
    /// holds). Plans without rows (infeasible, unbounded) have nothing to check.
    pub fn check(&self, plan: &AggregatePlan) -> Vec<String> {
        if !plan.status.has_plan() {
            return Vec::new();
        }
        if plan.periods.len() != self.len() {
            return vec![format!(
                "the plan has {} rows for {} periods",
                plan.periods.len(),
                self.len()
            )];
        }
        let mut out = Vec::new();
        for (t, p) in plan.periods.iter().enumerate() {
            self.check_values(t, p, &mut out);
            self.check_workforce(plan, t, &mut out);
            self.check_capacity(t, p, &mut out);
            self.check_balance(plan, t, &mut out);
            self.check_costs(t, p, &mut out);
        }
        let mut sum = TermCosts::default();
        for p in &plan.periods {
            sum.add(&p.costs);
        }
        for ((name, total), (_, summed)) in plan.costs.named().iter().zip(sum.named()) {
            if !close(*total, summed) {
                out.push(format!(
                    "the {name} cost is {} but its periods add up to {}",
                    show(*total),
                    show(summed)
                ));
            }
        }
        if !close(plan.total_cost, plan.costs.total()) {
            out.push(format!(
                "the total cost is {} but its terms add up to {}",
                show(plan.total_cost),
                show(plan.costs.total())
            ));
        }
        out
    }

    fn check_values(&self, t: usize, p: &PeriodPlan, out: &mut Vec<String>) {
        let name = &p.period;
        let values = [
            ("workforce", p.workforce, true),
            ("hired", p.hired, true),
            ("laid_off", p.laid_off, true),
            ("overtime_hours", p.overtime_hours, false),
            ("production", p.production, true),
            ("subcontract", p.subcontract, true),
            ("inventory", p.inventory, true),
            ("backlog", p.backlog, true),
        ];
        for (field, x, whole) in values {
            if !x.is_finite() || x < -1e-9 {
                out.push(format!("{name}: {field} is {}", show(x)));
            } else if self.integer && whole && x.fract() != 0.0 {
                out.push(format!("{name}: {field} {x} is not a whole number"));
            }
        }
        if p.period != self.periods[t] || p.demand != self.demand[t] {
            out.push(format!("row {t} is not period {}", self.periods[t]));
        }
    }

    fn check_workforce(&self, plan: &AggregatePlan, t: usize, out: &mut Vec<String>) {
        let p = &plan.periods[t];
        let before = match t {
            0 => self.initial_workers,
            _ => plan.periods[t - 1].workforce,
        };
        if !close(p.workforce, before + p.hired - p.laid_off) {
            out.push(format!(
                "{}: {} workers + {} hired - {} laid off is not {}",
                p.period,
                show(before),
                show(p.hired),
                show(p.laid_off),
                show(p.workforce)
            ));
        }
        if !at_most(self.min_workers, p.workforce) || !at_most(p.workforce, self.max_workers) {
            out.push(format!(
                "{}: {} workers is outside {} to {}",
                p.period,
                show(p.workforce),
                show(self.min_workers),
                show(self.max_workers)
            ));
        }
    }

    fn check_capacity(&self, t: usize, p: &PeriodPlan, out: &mut Vec<String>) {
        if self.max_overtime.is_finite()
            && !at_most(p.overtime_hours, p.workforce * self.max_overtime)
        {
            out.push(format!(
                "{}: {} overtime hours exceed {} workers × {} hours",
                p.period,
                show(p.overtime_hours),
                show(p.workforce),
                show(self.max_overtime)
            ));
        }
        let needed = p.production * self.labor_hours_per_unit;
        let available = p.workforce * self.regular_hours[t] + p.overtime_hours;
        if !at_most(needed, available) {
            out.push(format!(
                "{}: making {} units takes {} hours, but only {} are available",
                p.period,
                show(p.production),
                show(needed),
                show(available)
            ));
        }
        if !close(p.regular_units + p.overtime_units, p.production)
            || !at_most(
                p.overtime_units * self.labor_hours_per_unit,
                p.overtime_hours,
            )
        {
            out.push(format!(
                "{}: {} units on regular time and {} on overtime do not match {} units made with {} overtime hours",
                p.period,
                show(p.regular_units),
                show(p.overtime_units),
                show(p.production),
                show(p.overtime_hours)
            ));
        }
        if !at_most(p.subcontract, self.max_subcontract) {
            out.push(format!(
                "{}: subcontracting {} units exceeds the limit of {}",
                p.period,
                show(p.subcontract),
                show(self.max_subcontract)
            ));
        }
        if !at_most(p.backlog, self.backlog_limit(t)) {
            out.push(format!(
                "{}: a backlog of {} units exceeds the limit of {}",
                p.period,
                show(p.backlog),
                show(self.backlog_limit(t))
            ));
        }
        if t + 1 == self.len() && !at_most(self.min_ending_inventory, p.inventory) {
            out.push(format!(
                "{}: ending inventory {} is below the target of {}",
                p.period,
                show(p.inventory),
                show(self.min_ending_inventory)
            ));
        }
    }

    fn check_balance(&self, plan: &AggregatePlan, t: usize, out: &mut Vec<String>) {
        let p = &plan.periods[t];
        let (inv, back) = match t {
            0 => (self.initial_inventory, self.initial_backlog),
            _ => (plan.periods[t - 1].inventory, plan.periods[t - 1].backlog),
        };
        let left = inv - back + p.production + p.subcontract - p.demand;
        if !close(left, p.inventory - p.backlog) {
            out.push(format!(
                "{}: inventory {} - backlog {} + production {} + subcontract {} - demand {} \
                 is not inventory {} - backlog {}",
                p.period,
                show(inv),
                show(back),
                show(p.production),
                show(p.subcontract),
                show(p.demand),
                show(p.inventory),
                show(p.backlog)
            ));
        }
    }

    fn check_costs(&self, t: usize, p: &PeriodPlan, out: &mut Vec<String>) {
        let expected = period_costs(self, p, t);
        for ((name, got), (_, want)) in p.costs.named().iter().zip(expected.named()) {
            if !close(*got, want) {
                out.push(format!(
                    "{}: the {name} cost is {} but the rates give {}",
                    p.period,
                    show(*got),
                    show(want)
                ));
            }
        }
        if !close(p.total_cost, p.costs.total()) {
            out.push(format!(
                "{}: the period's total {} is not the sum of its terms",
                p.period,
                show(p.total_cost)
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cents_rounds_half_away_and_drops_negative_zero() {
        assert_eq!(cents(4_146_580.499_999_9), 4_146_580.5);
        assert_eq!(cents(0.125), 0.13);
        assert_eq!(cents(-0.001).to_string(), "0");
    }

    #[test]
    fn strategies_round_trip_their_names() {
        for s in Strategy::ALL {
            assert_eq!(Strategy::from_name(s.name()), Some(s));
        }
        assert_eq!(Strategy::from_name("cheapest"), None);
    }
}
