//! The model as a linear (or, with `integer: true`, mixed-integer) program for `good_lp`
//! with the pure-Rust `microlp` solver, so it runs natively and in wasm alike.
//!
//! One formulation serves every strategy: the optimal plan leaves the workforce free,
//! level and chase fix it per period and may forbid overtime and subcontracting.

use good_lp::{
    microlp, variable, Expression, ProblemVariables, ResolutionError, Solution, SolutionStatus,
    SolverModel, Variable, WithInitialSolution, WithTimeLimit,
};

use super::model::Model;
use super::result::Decisions;

/// What the program may choose besides production, inventory and backlog.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Freedom<'a> {
    /// `None`: the solver picks the workforce; `Some(w)`: workers per period are `w`.
    pub workforce: Option<&'a [f64]>,
    /// Whether overtime may be worked (within the model's limit).
    pub overtime: bool,
    /// Whether units may be subcontracted (within the model's limit).
    pub subcontract: bool,
    /// Whether whole-number plans keep their whole numbers (`false` solves the
    /// continuous relaxation, a lower bound on the cost).
    pub whole: bool,
}

impl<'a> Freedom<'a> {
    /// Everything free: the optimal plan.
    pub(crate) fn all(model: &Model) -> Self {
        Self {
            workforce: None,
            overtime: true,
            subcontract: true,
            whole: model.integer,
        }
    }

    /// The workforce fixed at `workers`, with or without overtime and subcontracting.
    pub(crate) fn fixed(model: &Model, workers: &'a [f64], extra: bool) -> Self {
        Self {
            workforce: Some(workers),
            overtime: extra,
            subcontract: extra,
            whole: model.integer,
        }
    }
}

/// How a solve ended.
#[derive(Debug, Clone)]
pub(crate) enum Outcome {
    /// A plan; `proven` when the solver proved it cheapest.
    Solved { plan: Decisions, proven: bool },
    /// No plan meets the constraints.
    Infeasible,
    /// The cost has no lower bound.
    Unbounded,
    /// The time limit came before any plan.
    TimedOut,
    /// The solver gave up (numerical trouble).
    Failed(String),
}

/// The variables of period `t`.
#[derive(Debug, Clone, Copy)]
struct Period {
    workers: Variable,
    hired: Variable,
    laid_off: Variable,
    overtime: Variable,
    production: Variable,
    subcontract: Variable,
    inventory: Variable,
    backlog: Variable,
}

/// Solves the model under `freedom`, stopping after `time_limit` seconds; `hint` is a
/// plan to start from (microlp ignores it if it does not hold).
pub(crate) fn solve(
    model: &Model,
    freedom: Freedom<'_>,
    time_limit: f64,
    hint: Option<&Decisions>,
) -> Outcome {
    let mut vars = ProblemVariables::new();
    let periods: Vec<Period> = (0..model.len())
        .map(|t| add_period(&mut vars, model, freedom, t))
        .collect();
    let objective = cost(model, &periods);
    let mut problem = vars
        .minimise(objective)
        .using(microlp)
        .with_time_limit(time_limit);
    if let Some(plan) = hint {
        problem = problem.with_initial_solution(hinted(&periods, plan));
    }
    for t in 0..model.len() {
        add_constraints(&mut problem, model, &periods, t);
        if let (true, true, Some(workers)) = (freedom.whole, freedom.overtime, freedom.workforce) {
            add_overtime_cut(&mut problem, model, periods[t], t, workers[t]);
        }
    }
    match problem.solve() {
        Ok(solution) => Outcome::Solved {
            plan: decisions(&periods, &solution, freedom.whole),
            proven: matches!(solution.status(), SolutionStatus::Optimal),
        },
        Err(ResolutionError::Infeasible) => Outcome::Infeasible,
        Err(ResolutionError::Unbounded) => Outcome::Unbounded,
        // good_lp's words for microlp's interrupted solve
        Err(ResolutionError::Other(why)) if why.starts_with("Time limit") => Outcome::TimedOut,
        Err(e) => Outcome::Failed(e.to_string()),
    }
}

/// Each variable with its value in `plan`.
fn hinted(periods: &[Period], plan: &Decisions) -> Vec<(Variable, f64)> {
    let mut hint = Vec::with_capacity(periods.len() * 8);
    for (t, p) in periods.iter().enumerate() {
        hint.extend([
            (p.workers, plan.workforce[t]),
            (p.hired, plan.hired[t]),
            (p.laid_off, plan.laid_off[t]),
            (p.overtime, plan.overtime[t]),
            (p.production, plan.production[t]),
            (p.subcontract, plan.subcontract[t]),
            (p.inventory, plan.inventory[t]),
            (p.backlog, plan.backlog[t]),
        ]);
    }
    hint
}

/// A variable between `lo` and `hi`, whole when asked.
fn quantity(whole: bool, lo: f64, hi: f64) -> good_lp::VariableDefinition {
    let v = variable().min(lo).max(hi);
    if whole {
        v.integer()
    } else {
        v
    }
}

fn add_period(
    vars: &mut ProblemVariables,
    model: &Model,
    freedom: Freedom<'_>,
    t: usize,
) -> Period {
    let (w_lo, w_hi) = match freedom.workforce {
        Some(w) => (w[t], w[t]),
        None => (model.min_workers, model.max_workers),
    };
    let last = t + 1 == model.len();
    let overtime_hi = if freedom.overtime { f64::INFINITY } else { 0.0 };
    let subcontract_hi = if freedom.subcontract {
        model.max_subcontract
    } else {
        0.0
    };
    let inventory_lo = if last {
        model.min_ending_inventory
    } else {
        0.0
    };
    // The most the largest allowed workforce can make: a bound that tightens the
    // relaxation, rounded down in a whole-number plan.
    let production_hi = model.max_production(t, w_hi, freedom.overtime);
    let whole = freedom.whole;
    // Only workers, production and subcontracting are declared whole: hires, layoffs,
    // inventory and backlog then come out whole at every vertex the simplex returns
    // (each pair only moves together by whole steps, one of the two at its bound), and
    // leaving them continuous lets microlp's branch and bound prove optimality in
    // milliseconds where declaring all seven whole can leave it without a plan after
    // 30 s. The plan is checked for whole numbers afterwards all the same.
    Period {
        workers: vars.add(quantity(whole, w_lo, w_hi)),
        hired: vars.add(variable().min(0.0)),
        laid_off: vars.add(variable().min(0.0)),
        // Hours stay continuous even in a whole-number plan.
        overtime: vars.add(variable().min(0.0).max(overtime_hi)),
        production: vars.add(quantity(whole, 0.0, production_hi)),
        subcontract: vars.add(quantity(whole, 0.0, subcontract_hi)),
        inventory: vars.add(variable().min(inventory_lo)),
        backlog: vars.add(variable().min(0.0).max(model.backlog_limit(t))),
    }
}

/// Total cost: the same terms that [`AggregatePlan::costed`](super::AggregatePlan) adds up.
fn cost(model: &Model, periods: &[Period]) -> Expression {
    let r = &model.costs;
    let mut e = Expression::with_capacity(periods.len() * 8);
    for (t, p) in periods.iter().enumerate() {
        e.add_mul(r.regular_per_hour * model.regular_hours[t], p.workers);
        e.add_mul(r.overtime_per_hour, p.overtime);
        e.add_mul(r.hire_per_worker, p.hired);
        e.add_mul(r.layoff_per_worker, p.laid_off);
        e.add_mul(r.holding_per_unit_period, p.inventory);
        e.add_mul(r.backlog_per_unit_period, p.backlog);
        e.add_mul(r.material_per_unit, p.production);
        e.add_mul(r.subcontract_per_unit, p.subcontract);
    }
    e
}

fn add_constraints(problem: &mut impl SolverModel, model: &Model, periods: &[Period], t: usize) {
    let p = periods[t];
    let (workers_before, position_before): (Expression, Expression) = match t {
        0 => (
            model.initial_workers.into(),
            (model.initial_inventory - model.initial_backlog).into(),
        ),
        _ => {
            let q = periods[t - 1];
            (q.workers.into(), q.inventory - q.backlog)
        }
    };
    // W_t = W_{t-1} + H_t - L_t
    problem.add_constraint((workers_before + p.hired - p.laid_off).eq(p.workers));
    // labour hours of production <= regular hours of the workforce + overtime
    problem.add_constraint(
        (model.labor_hours_per_unit * p.production)
            .leq(model.regular_hours[t] * p.workers + p.overtime),
    );
    if model.max_overtime.is_finite() {
        problem.add_constraint(Expression::from(p.overtime).leq(model.max_overtime * p.workers));
    }
    // I_{t-1} - B_{t-1} + P_t + S_t - D_t = I_t - B_t
    problem.add_constraint(
        (position_before + p.production + p.subcontract - model.demand[t])
            .eq(p.inventory - p.backlog),
    );
}

/// With `workers` fixed and whole units, the first unit beyond regular time already
/// needs its overtime share `δ`: the regular hours make `f` whole units and leave part
/// of a unit, so `overtime ≥ δ · (production − f)`. This holds for every whole
/// production and closes the gap the relaxation leaves between `f` and `f + 1`, so
/// branch and bound has little left to do for level and chase.
fn add_overtime_cut(
    problem: &mut impl SolverModel,
    model: &Model,
    p: Period,
    t: usize,
    workers: f64,
) {
    let lhpu = model.labor_hours_per_unit;
    let regular = workers * model.regular_hours[t];
    let f = (regular / lhpu + 1e-9).floor();
    let delta = (f + 1.0) * lhpu - regular;
    if delta > 1e-9 && delta < lhpu - 1e-9 {
        problem.add_constraint(Expression::from(p.overtime).geq(delta * (p.production - f)));
    }
}

/// The solution read back, with solver noise cleaned off.
fn decisions(periods: &[Period], s: &impl Solution, whole: bool) -> Decisions {
    let read = |f: fn(&Period) -> Variable, whole: bool| -> Vec<f64> {
        periods
            .iter()
            .map(|p| clean(s.value(f(p)), whole))
            .collect()
    };
    Decisions {
        workforce: read(|p| p.workers, whole),
        hired: read(|p| p.hired, whole),
        laid_off: read(|p| p.laid_off, whole),
        overtime: read(|p| p.overtime, false),
        production: read(|p| p.production, whole),
        subcontract: read(|p| p.subcontract, whole),
        inventory: read(|p| p.inventory, whole),
        backlog: read(|p| p.backlog, whole),
    }
}

/// A solver value without its noise: values of whole variables within a millionth of a
/// whole number, and others within a billionth, snapped to it; `-0` made 0. A value far
/// from whole is kept, for [`Model::check`] to report.
pub(crate) fn clean(x: f64, whole: bool) -> f64 {
    let r = x.round();
    let tolerance = if whole { 1e-6 } else { 1e-9 * (1.0 + x.abs()) };
    let snapped = if (x - r).abs() <= tolerance { r } else { x };
    if snapped == 0.0 {
        0.0
    } else {
        snapped
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_removes_noise_but_keeps_fractions() {
        assert_eq!(clean(2_199.999_999_999_6, false), 2_200.0);
        assert_eq!(clean(37.5, false), 37.5);
        assert_eq!(clean(-1e-12, false).to_string(), "0");
        assert_eq!(clean(3.000_000_4, true), 3.0);
        assert_eq!(clean(2.5, true), 2.5);
    }
}
