//! The three strategies on top of one linear program.
//!
//! - **optimal**: the program chooses everything.
//! - **level** and **chase** choose the workforce by rule (below), then the same program,
//!   with the workforce fixed, chooses production, inventory and backlog — on regular
//!   time only when that is feasible (the capacity test says so beforehand), otherwise
//!   with overtime and subcontracting too, and a note says why.

use super::lp::{self, Freedom, Outcome};
use super::model::{show, Model};
use super::result::{AggregatePlan, Infeasibility, Status, Strategy};
use super::supply::{plural_units, plural_workers, Resources};
use super::{PlanError, PlanOptions};

impl Model {
    /// The least-cost plan; when the solver stops before proving it, never worse than
    /// the level and chase plans.
    pub(crate) fn optimal(&self, options: &PlanOptions) -> Result<AggregatePlan, PlanError> {
        let free = Freedom {
            workforce: None,
            overtime: true,
            subcontract: true,
        };
        let why = match lp::solve(self, free, options.time_limit_seconds) {
            Outcome::Solved { plan, proven } => {
                let status = if proven {
                    Status::Optimal
                } else {
                    Status::Feasible
                };
                let mut p = AggregatePlan::costed(self, Strategy::Optimal, status, &plan);
                if proven {
                    return Ok(p);
                }
                p.notes.push(format!(
                    "The solver stopped at its time limit of {} s: this plan meets every \
                     constraint but is not proven cheapest.",
                    show(options.time_limit_seconds)
                ));
                return Ok(self.cheaper_of_rules(p, options));
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
            Outcome::Infeasible => "the solver found no plan".to_string(),
            Outcome::Failed(e) => e,
        };
        // The capacity test passed, so a plan exists: show the better rule-based one.
        let mut best = self.best_rule_plan(options)?;
        best.strategy = Strategy::Optimal;
        best.notes.insert(
            0,
            format!(
                "The solver gave up ({why}); this is the cheaper of the level and chase plans."
            ),
        );
        Ok(best)
    }

    /// `p`, or the level or chase plan when one of them is cheaper.
    fn cheaper_of_rules(&self, p: AggregatePlan, options: &PlanOptions) -> AggregatePlan {
        match self.best_rule_plan(options) {
            Ok(mut rule) if rule.status.has_plan() && rule.total_cost < p.total_cost => {
                let name = rule.strategy.name();
                rule.strategy = Strategy::Optimal;
                rule.status = Status::Feasible;
                rule.notes.insert(
                    0,
                    format!(
                        "The solver stopped at its time limit of {} s with a plan dearer than \
                         the {name} plan, which is shown instead.",
                        show(options.time_limit_seconds)
                    ),
                );
                rule
            }
            _ => p,
        }
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
            Freedom {
                workforce: Some(workers),
                overtime: false,
                subcontract: false,
            }
        } else if let Some(reason) = self.shortfall(extra) {
            let mut p = AggregatePlan::without_plan(strategy, Status::Infeasible, reason);
            p.notes = notes;
            return Ok(p);
        } else {
            Freedom {
                workforce: Some(workers),
                overtime: true,
                subcontract: true,
            }
        };
        match lp::solve(self, freedom, options.time_limit_seconds) {
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
