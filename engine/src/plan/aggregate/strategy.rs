//! The three strategies on top of one linear program.
//!
//! - **optimal**: the program chooses everything.
//! - **level** and **chase** choose the workforce by rule (below), then the same program,
//!   with the workforce fixed, chooses production, inventory and backlog — on regular
//!   time only when that is feasible (the capacity test says so beforehand), otherwise
//!   with overtime and subcontracting too, and a note says why.

use super::lp::{self, Freedom, Outcome};
use super::model::{show, Model};
use super::result::{AggregatePlan, Decisions, Infeasibility, Status, Strategy};
use super::supply::{plural_units, plural_workers, Resources};
use super::{PlanError, PlanOptions};

impl Model {
    /// The least-cost plan; when the solver stops before proving it, never worse than
    /// the level and chase plans.
    ///
    /// A whole-number plan first solves the continuous relaxation: its cost bounds the
    /// optimum from below (reported as the gap if the search stops early), and its
    /// workforce rounded up, with production re-planned around it, seeds the branch and
    /// bound with a good plan from the start.
    pub(crate) fn optimal(&self, options: &PlanOptions) -> Result<AggregatePlan, PlanError> {
        // The budget is shared so that the whole strategy stays within the time limit:
        // the rounded start gets a tenth (it rarely needs more than milliseconds), the
        // search four fifths, and the level and chase plans (needed only if the search
        // stops early) a twentieth each.
        let limit = options.time_limit_seconds;
        let (bound, start) = if self.integer {
            self.relaxation(limit, 0.1 * limit)
        } else {
            (None, None)
        };
        let search = if start.is_some() { 0.8 * limit } else { limit };
        let why = match lp::solve(self, Freedom::all(self), search, start.as_ref()) {
            Outcome::Solved { plan, proven: true } => {
                return Ok(AggregatePlan::costed(
                    self,
                    Strategy::Optimal,
                    Status::Optimal,
                    &plan,
                ));
            }
            Outcome::Solved { plan, .. } => {
                let found = AggregatePlan::costed(self, Strategy::Optimal, Status::Feasible, &plan);
                return self.best_unproven(Some(found), start, bound, &stopped(limit), options);
            }
            Outcome::TimedOut => {
                return self.best_unproven(None, start, bound, &stopped(limit), options);
            }
            Outcome::Unbounded => {
                return Ok(AggregatePlan::without_plan(
                    Strategy::Optimal,
                    Status::Unbounded,
                    Infeasibility {
                        period: 0,
                        units_short: 0.0,
                        message: "the solver reports a cost that can fall without limit"
                            .to_string(),
                    },
                ));
            }
            Outcome::Infeasible => "it found no plan".to_string(),
            Outcome::Failed(e) => e,
        };
        // The capacity test passed, so a plan exists: show the best one at hand.
        self.best_unproven(
            None,
            start,
            bound,
            &format!("The solver gave up ({why})"),
            options,
        )
    }

    /// The continuous optimum's cost (a lower bound) and its workforce rounded up with
    /// production planned around it (a whole-number plan to start from).
    fn relaxation(&self, limit: f64, rounding: f64) -> (Option<f64>, Option<Decisions>) {
        let relaxed = Freedom {
            whole: false,
            ..Freedom::all(self)
        };
        let Outcome::Solved { plan, proven } = lp::solve(self, relaxed, limit, None) else {
            return (None, None);
        };
        let bound = proven.then(|| {
            AggregatePlan::costed(self, Strategy::Optimal, Status::Feasible, &plan).total_cost
        });
        let workers: Vec<f64> = plan
            .workforce
            .iter()
            .map(|w| (w - 1e-6).ceil().clamp(self.min_workers, self.max_workers))
            .collect();
        let enough = Resources {
            workers: &workers,
            overtime: true,
            subcontract: true,
        };
        if self.shortfall(enough).is_some() {
            return (bound, None);
        }
        match lp::solve(self, Freedom::fixed(self, &workers, true), rounding, None) {
            Outcome::Solved { plan, .. } => (bound, Some(plan)),
            _ => (bound, None),
        }
    }

    /// The cheapest of the solver's unproven plan, the rounded relaxation and the level
    /// and chase plans, with a note on why it is not proven and how far it may be from
    /// the optimum.
    fn best_unproven(
        &self,
        found: Option<AggregatePlan>,
        start: Option<Decisions>,
        bound: Option<f64>,
        why: &str,
        options: &PlanOptions,
    ) -> Result<AggregatePlan, PlanError> {
        let mut candidates: Vec<AggregatePlan> = found.into_iter().collect();
        if let Some(plan) = start {
            candidates.push(AggregatePlan::costed(
                self,
                Strategy::Optimal,
                Status::Feasible,
                &plan,
            ));
        }
        // With a plan at hand the rules only get a twentieth of the budget each.
        let rules = if candidates.is_empty() {
            *options
        } else {
            PlanOptions {
                time_limit_seconds: 0.05 * options.time_limit_seconds,
            }
        };
        match self.best_rule_plan(&rules) {
            Ok(rule) if rule.status.has_plan() => candidates.push(rule),
            Err(e) if candidates.is_empty() => return Err(e),
            _ => {}
        }
        let Some(mut best) = candidates
            .into_iter()
            .min_by(|a, b| a.total_cost.total_cmp(&b.total_cost))
        else {
            return Err(PlanError::Solver(why.to_string()));
        };
        let shown = if best.strategy == Strategy::Optimal {
            "the best plan found".to_string()
        } else {
            format!("the {} plan, the best found", best.strategy.name())
        };
        best.strategy = Strategy::Optimal;
        best.status = Status::Feasible;
        let gap = match bound {
            Some(b) if best.total_cost >= b => format!(
                ": it costs at most {} ({}%) more than the cheapest possible plan",
                show(best.total_cost - b),
                show(100.0 * (best.total_cost - b) / b.max(1e-9))
            ),
            _ => String::new(),
        };
        best.notes
            .insert(0, format!("{why}; this is {shown}{gap}."));
        Ok(best)
    }

    /// The cheaper of the level and chase plans that exist.
    fn best_rule_plan(&self, options: &PlanOptions) -> Result<AggregatePlan, PlanError> {
        let level = self.level(options)?;
        let chase = self.chase(options)?;
        Ok(match (level.status.has_plan(), chase.status.has_plan()) {
            (true, true) if chase.total_cost < level.total_cost => chase,
            (false, true) => chase,
            _ => level,
        })
    }

    /// One workforce for the whole horizon: the fewest workers (within min and max)
    /// whose regular time meets demand, the ending target and the backlog limits;
    /// inventory absorbs the swings.
    pub(crate) fn level(&self, options: &PlanOptions) -> Result<AggregatePlan, PlanError> {
        let n = self.len();
        let needed = self.fewest_level_workers();
        let mut notes = Vec::new();
        let workers = if needed > self.max_workers {
            let w = self.max_workers;
            notes.push(format!(
                "Even the maximum workforce ({}) cannot meet demand on regular time within \
                 the limits, so the level plan keeps {} and adds what is needed.",
                plural_workers(w),
                show(w)
            ));
            w
        } else if needed.is_infinite() {
            // No regular hours at all and no cap on workers: keep the current workforce.
            self.initial_workers.max(self.min_workers)
        } else if needed < self.min_workers {
            notes.push(format!(
                "The minimum workforce ({}) is more than the {} a level plan needs.",
                plural_workers(self.min_workers),
                show(needed)
            ));
            self.min_workers
        } else {
            needed
        };
        notes.insert(
            0,
            format!(
                "Level workforce: {} in every period; inventory absorbs the swings in demand.",
                plural_workers(workers)
            ),
        );
        self.with_workforce(Strategy::Level, &vec![workers; n], notes, options)
    }

    /// The fewest workers whose regular time, kept all horizon, meets every period's
    /// requirement (infinite if no number does).
    fn fewest_level_workers(&self) -> f64 {
        let mut demand = 0.0;
        let mut per_worker = 0.0;
        let mut fewest: f64 = 0.0;
        for t in 0..self.len() {
            demand += self.demand[t];
            per_worker += self.units_per_worker(t);
            let need = self.required_by(t, demand);
            if need > 0.0 {
                fewest = fewest.max(if per_worker > 0.0 {
                    need / per_worker
                } else {
                    f64::INFINITY
                });
            }
        }
        if !self.integer || fewest.is_infinite() {
            return fewest;
        }
        // Whole workers make whole units per period, so rounding up can still fall short
        // by less than a unit per period: search the few candidates above.
        let enough = |w: f64| {
            let workers = vec![w; self.len()];
            self.shortfall(Resources {
                workers: &workers,
                overtime: false,
                subcontract: false,
            })
            .is_none()
        };
        let mut lo = (fewest - 1e-9).ceil();
        if enough(lo) {
            return lo;
        }
        let mut hi = lo + 1.0;
        while !enough(hi) {
            if hi > self.max_workers || hi > 1e9 {
                return f64::INFINITY;
            }
            lo = hi;
            hi = lo * 2.0;
        }
        while hi - lo > 1.0 {
            let mid = ((lo + hi) / 2.0).floor();
            if enough(mid) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        hi
    }

    /// The workforce follows demand: each period, the workers whose regular time makes
    /// what the period needs (after the starting inventory and before the ending target),
    /// within min and max. Demand above the most that can be made in a period is made
    /// earlier instead.
    pub(crate) fn chase(&self, options: &PlanOptions) -> Result<AggregatePlan, PlanError> {
        let targets = self.chase_targets();
        let mut workers = Vec::with_capacity(self.len());
        let mut capped = Vec::new();
        let mut floored = Vec::new();
        let mut before = self.initial_workers;
        for (t, target) in targets.iter().enumerate() {
            let per_worker = self.units_per_worker(t);
            let mut w = if per_worker > 0.0 {
                target / per_worker
            } else {
                before
            };
            if self.integer {
                w = (w - 1e-9).ceil();
            }
            if w > self.max_workers {
                capped.push(self.periods[t].as_str());
                w = self.max_workers;
            } else if w < self.min_workers {
                floored.push(self.periods[t].as_str());
                w = self.min_workers;
            }
            workers.push(w);
            before = w;
        }
        let mut notes = vec![
            "Chase workforce: hires and layoffs so that regular time makes each period's demand."
                .to_string(),
        ];
        if !capped.is_empty() {
            notes.push(format!(
                "The maximum workforce ({}) is too small for {}.",
                plural_workers(self.max_workers),
                capped.join(", ")
            ));
        }
        if !floored.is_empty() {
            notes.push(format!(
                "The minimum workforce ({}) keeps more workers than demand needs in {}.",
                plural_workers(self.min_workers),
                floored.join(", ")
            ));
        }
        self.with_workforce(Strategy::Chase, &workers, notes, options)
    }

    /// Units to supply in each period so that demand is met on time and the ending
    /// target reached, shifted earlier where a period cannot make its share.
    fn chase_targets(&self) -> Vec<f64> {
        let n = self.len();
        let mut position = self.initial_inventory - self.initial_backlog;
        let mut needs = Vec::with_capacity(n);
        for t in 0..n {
            let mut need = self.demand[t] - position;
            if t + 1 == n {
                need += self.min_ending_inventory;
            }
            let need = need.max(0.0);
            position += need - self.demand[t];
            needs.push(need);
        }
        let most = vec![self.max_workers; n];
        let all = Resources {
            workers: &most,
            overtime: true,
            subcontract: true,
        };
        let mut carry = 0.0;
        for t in (0..n).rev() {
            let want = needs[t] + carry;
            let cap = self.max_supply(t, all);
            needs[t] = want.min(cap);
            carry = want - needs[t];
        }
        needs
    }

    /// The plan with `workers` fixed: regular time only when the capacity test allows,
    /// else with overtime and subcontracting, else infeasible with the reason.
    fn with_workforce(
        &self,
        strategy: Strategy,
        workers: &[f64],
        mut notes: Vec<String>,
        options: &PlanOptions,
    ) -> Result<AggregatePlan, PlanError> {
        let regular = Resources {
            workers,
            overtime: false,
            subcontract: false,
        };
        let extra = Resources {
            overtime: true,
            subcontract: true,
            ..regular
        };
        let freedom = if self.shortfall(regular).is_none() {
            Freedom::fixed(self, workers, false)
        } else if let Some(reason) = self.shortfall(extra) {
            let mut p = AggregatePlan::without_plan(strategy, Status::Infeasible, reason);
            p.notes = notes;
            return Ok(p);
        } else {
            Freedom::fixed(self, workers, true)
        };
        match lp::solve(self, freedom, options.time_limit_seconds, None) {
            Outcome::Solved { plan, .. } => {
                let mut p = AggregatePlan::costed(self, strategy, Status::Feasible, &plan);
                if freedom.overtime {
                    notes.push(self.extra_note(&p));
                }
                p.notes = notes;
                Ok(p)
            }
            Outcome::Infeasible => Err(PlanError::Solver(format!(
                "the solver found no {} plan although the capacity test found one",
                strategy.name()
            ))),
            Outcome::Unbounded => Err(PlanError::Solver(
                "the solver reports a cost that can fall without limit".to_string(),
            )),
            Outcome::TimedOut => Err(PlanError::Solver(format!(
                "its time limit of {} s came before any {} plan",
                show(options.time_limit_seconds),
                strategy.name()
            ))),
            Outcome::Failed(e) => Err(PlanError::Solver(e)),
        }
    }

    /// What overtime and subcontracting a fixed workforce needed, and where.
    fn extra_note(&self, p: &AggregatePlan) -> String {
        let hours: f64 = p.periods.iter().map(|r| r.overtime_hours).sum();
        let bought: f64 = p.periods.iter().map(|r| r.subcontract).sum();
        let when: Vec<&str> = p
            .periods
            .iter()
            .filter(|r| r.overtime_hours > 0.0 || r.subcontract > 0.0)
            .map(|r| r.period.as_str())
            .collect();
        format!(
            "Regular time alone cannot meet demand within the limits with this workforce, \
             so the plan adds {} overtime hours and {} subcontracted ({}).",
            show(hours),
            plural_units(bought),
            when.join(", ")
        )
    }
}

/// Why a plan is not proven cheapest when the clock ran out.
fn stopped(limit: f64) -> String {
    format!(
        "The solver stopped at its time limit of {} s before proving a plan cheapest",
        show(limit)
    )
}
