//! The facts behind a walkthrough's sentences: why the cost-optimal aggregate plan beats
//! level and chase (by how much, and on which cost terms), and which forecasting methods
//! the automatic choice picked. A workshop reads these aloud with the workspace's own
//! numbers, so every difference, share and ranking is computed here — once, tested
//! natively — and the page only writes it down.
//!
//! Cost terms are grouped the way a planner argues about them: changing the workforce
//! (hiring and layoffs), carrying stock (holding and backlog), buying extra capacity
//! (overtime and subcontracting), regular labour, and material.
//!
//! ```
//! use attune_engine::explain::{compare_plans, CostGroup};
//! use attune_engine::plan::aggregate::{AggregatePlan, Status, Strategy, TermCosts};
//!
//! let plan = |strategy, costs: TermCosts| AggregatePlan {
//!     strategy,
//!     status: Status::Optimal,
//!     periods: Vec::new(),
//!     total_cost: costs.total(),
//!     costs,
//!     notes: Vec::new(),
//!     reason: None,
//! };
//! let optimal = plan(Strategy::Optimal, TermCosts { regular: 100.0, holding: 10.0, overtime: 5.0, ..TermCosts::default() });
//! let level = plan(Strategy::Level, TermCosts { regular: 100.0, holding: 60.0, ..TermCosts::default() });
//! let facts = compare_plans(&[optimal, level])?;
//! let versus = facts.costed(Strategy::Level).unwrap();
//! assert_eq!(versus.saved, 45.0);
//! assert_eq!(versus.largest_saving().unwrap().group, CostGroup::Stock);
//! assert_eq!(versus.largest_extra().unwrap().group, CostGroup::ExtraCapacity);
//! # Ok::<(), attune_engine::explain::ExplainError>(())
//! ```

use std::fmt;

use crate::forecast::{Forecast, Method};
use crate::plan::aggregate::{AggregatePlan, Status, Strategy, TermCosts};

/// Differences smaller than half a cent are no difference.
const CENT: f64 = 0.005;

/// Cost terms grouped as a planner reads them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CostGroup {
    /// Hiring and layoffs: changing the workforce.
    Workforce,
    /// Holding and backlog: carrying stock, or owing it.
    Stock,
    /// Overtime and subcontracting: extra capacity bought.
    ExtraCapacity,
    /// Regular hours paid for every worker.
    Regular,
    /// Material of units made in house.
    Material,
}

impl CostGroup {
    /// Every group, in the order the plan table lists their terms.
    pub const ALL: [Self; 5] = [
        Self::Regular,
        Self::ExtraCapacity,
        Self::Workforce,
        Self::Stock,
        Self::Material,
    ];

    /// The group in words: "hiring and layoffs".
    #[must_use]
    pub fn words(self) -> &'static str {
        match self {
            Self::Workforce => "hiring and layoffs",
            Self::Stock => "holding and backlog",
            Self::ExtraCapacity => "overtime and subcontracting",
            Self::Regular => "regular labour",
            Self::Material => "material",
        }
    }

    /// The group's cost in `costs`.
    #[must_use]
    pub fn of(self, costs: &TermCosts) -> f64 {
        match self {
            Self::Workforce => costs.hire + costs.layoff,
            Self::Stock => costs.holding + costs.backlog,
            Self::ExtraCapacity => costs.overtime + costs.subcontract,
            Self::Regular => costs.regular,
            Self::Material => costs.material,
        }
    }
}

/// One cost group of a rival plan beside the cost-optimal plan's.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GroupGap {
    /// The group.
    pub group: CostGroup,
    /// What the rival plan spends on it.
    pub rival: f64,
    /// What the cost-optimal plan spends on it.
    pub optimal: f64,
    /// `rival − optimal`: positive where the optimal plan spends less.
    pub saved: f64,
}

/// The cost-optimal plan against one rival strategy that has a plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Versus {
    /// The rival (level or chase).
    pub strategy: Strategy,
    /// The rival's total cost.
    pub total: f64,
    /// `rival total − optimal total`.
    pub saved: f64,
    /// `saved` as a percentage of the rival's total; `None` when the rival costs nothing.
    pub saved_pct: Option<f64>,
    /// Every group where the two plans differ by a cent or more, the largest saving
    /// first and the largest extra spend last.
    pub gaps: Vec<GroupGap>,
}

impl Versus {
    /// The group where the optimal plan saves most, if it saves anywhere.
    #[must_use]
    pub fn largest_saving(&self) -> Option<&GroupGap> {
        self.gaps.first().filter(|g| g.saved > 0.0)
    }

    /// The group where the optimal plan spends most beyond the rival (the price it pays
    /// for the saving), if any.
    #[must_use]
    pub fn largest_extra(&self) -> Option<&GroupGap> {
        self.gaps.last().filter(|g| g.saved < 0.0)
    }
}

/// A rival strategy: costed against the optimum, or without a plan.
#[derive(Debug, Clone, PartialEq)]
pub enum Rival {
    /// It has a plan; here is how it compares.
    Costed(Versus),
    /// It has no plan to compare (it cannot meet the constraints).
    NoPlan {
        /// The strategy.
        strategy: Strategy,
        /// Its status.
        status: Status,
    },
}

/// Why the cost-optimal plan beats the others, in figures.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanComparison {
    /// The cost-optimal plan's status: proven least cost, or the best found in time.
    pub status: Status,
    /// Its total cost.
    pub total: f64,
    /// Level and chase (those given), in the order given.
    pub rivals: Vec<Rival>,
}

impl PlanComparison {
    /// The comparison with `strategy`, when it has a plan.
    #[must_use]
    pub fn costed(&self, strategy: Strategy) -> Option<&Versus> {
        self.rivals.iter().find_map(|r| match r {
            Rival::Costed(v) if v.strategy == strategy => Some(v),
            _ => None,
        })
    }
}

/// Why no comparison can be made.
#[derive(Debug, Clone, PartialEq)]
pub enum ExplainError {
    /// No cost-optimal plan was given.
    NoOptimal,
    /// The cost-optimal strategy has no plan (its status says why).
    OptimalWithoutPlan(Status),
    /// A plan's costs are not finite numbers (a solver fault, never user data).
    NotFinite(Strategy),
}

impl fmt::Display for ExplainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoOptimal => f.write_str("there is no least-cost plan to compare with"),
            Self::OptimalWithoutPlan(status) => write!(
                f,
                "the least-cost strategy has no plan ({}): the plan's limits cannot all be met",
                status.name()
            ),
            Self::NotFinite(s) => write!(f, "the {} plan's costs are not numbers", s.name()),
        }
    }
}

impl std::error::Error for ExplainError {}

fn finite(plan: &AggregatePlan) -> Result<(), ExplainError> {
    let ok = plan.total_cost.is_finite() && plan.costs.named().iter().all(|(_, c)| c.is_finite());
    if ok {
        Ok(())
    } else {
        Err(ExplainError::NotFinite(plan.strategy))
    }
}

/// Compares the cost-optimal plan among `plans` with every other plan given (level and
/// chase, as the planner returns them): the total saved, as money and as a share of the
/// rival's cost, and the cost groups that make the difference.
///
/// # Errors
/// [`ExplainError`] when there is no cost-optimal plan with a plan to compare, or a
/// plan's costs are not finite.
pub fn compare_plans(plans: &[AggregatePlan]) -> Result<PlanComparison, ExplainError> {
    let optimal = plans
        .iter()
        .find(|p| p.strategy == Strategy::Optimal)
        .ok_or(ExplainError::NoOptimal)?;
    if !optimal.status.has_plan() {
        return Err(ExplainError::OptimalWithoutPlan(optimal.status));
    }
    finite(optimal)?;
    let mut rivals = Vec::new();
    for rival in plans.iter().filter(|p| p.strategy != Strategy::Optimal) {
        if !rival.status.has_plan() {
            rivals.push(Rival::NoPlan {
                strategy: rival.strategy,
                status: rival.status,
            });
            continue;
        }
        finite(rival)?;
        let mut gaps: Vec<GroupGap> = CostGroup::ALL
            .iter()
            .map(|&group| {
                let (r, o) = (group.of(&rival.costs), group.of(&optimal.costs));
                GroupGap {
                    group,
                    rival: r,
                    optimal: o,
                    saved: r - o,
                }
            })
            .filter(|g| g.saved.abs() >= CENT)
            .collect();
        largest_first(&mut gaps, |g| g.saved);
        let saved = rival.total_cost - optimal.total_cost;
        rivals.push(Rival::Costed(Versus {
            strategy: rival.strategy,
            total: rival.total_cost,
            saved,
            saved_pct: (rival.total_cost > 0.0).then(|| saved / rival.total_cost * 100.0),
            gaps,
        }));
    }
    Ok(PlanComparison {
        status: optimal.status,
        total: optimal.total_cost,
        rivals,
    })
}

/// Sorts `list` by `key`, largest first, keeping equals in their order. An insertion
/// sort: these lists hold a handful of entries, and the standard library's sort would add
/// kilobytes of code to the page for each type it sorts.
fn largest_first<T>(list: &mut [T], key: impl Fn(&T) -> f64) {
    for i in 1..list.len() {
        let mut j = i;
        while j > 0 && key(&list[j - 1]) < key(&list[j]) {
            list.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// How many items a method forecast.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MethodCount {
    /// The method.
    pub method: Method,
    /// Items it forecast.
    pub items: usize,
}

/// The methods behind `forecasts`, the most used first (ties in order of first use).
#[must_use]
pub fn method_mix(forecasts: &[Forecast]) -> Vec<MethodCount> {
    let mut mix: Vec<MethodCount> = Vec::new();
    for f in forecasts {
        match mix.iter_mut().find(|m| m.method == f.method) {
            Some(m) => m.items += 1,
            None => mix.push(MethodCount {
                method: f.method,
                items: 1,
            }),
        }
    }
    largest_first(&mut mix, |m| m.items as f64);
    mix
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forecast::{forecast, ForecastSettings, MethodChoice};
    use crate::plan::aggregate::{plan, AggregatePlanInput, PlanOptions};
    use crate::series::Series;

    fn costed(strategy: Strategy, status: Status, costs: TermCosts) -> AggregatePlan {
        AggregatePlan {
            strategy,
            status,
            periods: Vec::new(),
            total_cost: costs.total(),
            costs,
            notes: Vec::new(),
            reason: None,
        }
    }

    #[test]
    fn savings_and_the_groups_that_make_them() {
        let optimal = costed(
            Strategy::Optimal,
            Status::Optimal,
            TermCosts {
                regular: 1000.0,
                overtime: 50.0,
                hire: 30.0,
                holding: 20.0,
                material: 500.0,
                ..TermCosts::default()
            },
        );
        let level = costed(
            Strategy::Level,
            Status::Optimal,
            TermCosts {
                regular: 1000.0,
                holding: 300.0,
                backlog: 20.0,
                material: 500.0,
                ..TermCosts::default()
            },
        );
        let chase = costed(
            Strategy::Chase,
            Status::Optimal,
            TermCosts {
                regular: 950.0,
                hire: 200.0,
                layoff: 150.0,
                material: 500.0,
                ..TermCosts::default()
            },
        );
        let facts = compare_plans(&[optimal, level, chase]).unwrap();
        assert_eq!((facts.status, facts.total), (Status::Optimal, 1600.0));
        let l = facts.costed(Strategy::Level).unwrap();
        // Level 1820 − 1600: 300 + 20 of stock saved, 50 overtime and 30 hiring spent.
        assert_eq!((l.total, l.saved), (1820.0, 220.0));
        assert!((l.saved_pct.unwrap() - 220.0 / 1820.0 * 100.0).abs() < 1e-12);
        let groups: Vec<_> = l.gaps.iter().map(|g| (g.group, g.saved)).collect();
        assert_eq!(
            groups,
            [
                (CostGroup::Stock, 300.0),
                (CostGroup::Workforce, -30.0),
                (CostGroup::ExtraCapacity, -50.0)
            ],
            "regular and material are equal and left out"
        );
        assert_eq!(l.largest_saving().unwrap().group, CostGroup::Stock);
        assert_eq!(l.largest_extra().unwrap().group, CostGroup::ExtraCapacity);
        let c = facts.costed(Strategy::Chase).unwrap();
        assert_eq!(c.saved, 200.0);
        assert_eq!(c.largest_saving().unwrap().group, CostGroup::Workforce);
        assert_eq!(c.largest_saving().unwrap().saved, 320.0);
        // The optimum pays 50 more regular labour than chase, and 50 overtime, 20 holding.
        assert_eq!(c.largest_extra().unwrap().saved, -50.0);
    }

    #[test]
    fn a_rival_without_a_plan_and_an_optimum_that_wins_everywhere() {
        let optimal = costed(
            Strategy::Optimal,
            Status::Feasible,
            TermCosts {
                regular: 10.0,
                ..TermCosts::default()
            },
        );
        let level = costed(Strategy::Level, Status::Infeasible, TermCosts::default());
        let chase = costed(
            Strategy::Chase,
            Status::Optimal,
            TermCosts {
                regular: 10.0,
                hire: 5.0,
                ..TermCosts::default()
            },
        );
        let facts = compare_plans(&[optimal, level, chase]).unwrap();
        assert_eq!(facts.status, Status::Feasible);
        assert_eq!(
            facts.rivals[0],
            Rival::NoPlan {
                strategy: Strategy::Level,
                status: Status::Infeasible
            }
        );
        assert!(facts.costed(Strategy::Level).is_none());
        let c = facts.costed(Strategy::Chase).unwrap();
        assert_eq!(c.largest_extra(), None, "nothing costs more in the optimum");
        assert_eq!(c.largest_saving().unwrap().group, CostGroup::Workforce);
    }

    #[test]
    fn equal_plans_and_free_rivals_have_no_gaps_and_no_share() {
        let free = |s| costed(s, Status::Optimal, TermCosts::default());
        let facts = compare_plans(&[free(Strategy::Optimal), free(Strategy::Level)]).unwrap();
        let l = facts.costed(Strategy::Level).unwrap();
        assert_eq!((l.saved, l.saved_pct), (0.0, None));
        assert!(l.gaps.is_empty() && l.largest_saving().is_none());
    }

    #[test]
    fn no_optimum_or_broken_numbers_are_errors_in_words() {
        let level = costed(Strategy::Level, Status::Optimal, TermCosts::default());
        assert_eq!(
            compare_plans(std::slice::from_ref(&level)),
            Err(ExplainError::NoOptimal)
        );
        let stuck = costed(Strategy::Optimal, Status::Infeasible, TermCosts::default());
        let e = compare_plans(&[stuck, level.clone()]).unwrap_err();
        assert!(e.to_string().contains("cannot all be met"), "{e}");
        let mut nan = costed(Strategy::Optimal, Status::Optimal, TermCosts::default());
        nan.costs.holding = f64::NAN;
        assert_eq!(
            compare_plans(&[nan, level]),
            Err(ExplainError::NotFinite(Strategy::Optimal))
        );
    }

    /// The Northwind example the page opens with, solved by the engine: the optimum
    /// beats both rivals by exactly the difference of the totals, and the group gaps add
    /// up to that difference.
    #[test]
    fn the_northwind_example_gaps_add_up_to_the_saving() {
        let text = include_str!("../../testdata/plans/northwind_pumps.attune.json");
        let doc: serde_json::Value = serde_json::from_str(text).unwrap();
        let input: AggregatePlanInput =
            serde_json::from_value(doc["aggregate_plan"].clone()).unwrap();
        let plans: Vec<AggregatePlan> = Strategy::ALL
            .iter()
            .map(|s| plan(&input, *s, &PlanOptions::default()).unwrap())
            .collect();
        let facts = compare_plans(&plans).unwrap();
        assert!((facts.total - 4_146_580.5).abs() < 0.01);
        for s in [Strategy::Level, Strategy::Chase] {
            let v = facts.costed(s).unwrap();
            let rival = plans.iter().find(|p| p.strategy == s).unwrap();
            assert!(v.saved > 0.0, "{s:?} costs more than the optimum");
            assert!((v.saved - (rival.total_cost - facts.total)).abs() < 1e-6);
            let sum: f64 = v.gaps.iter().map(|g| g.saved).sum();
            assert!((sum - v.saved).abs() < 0.01, "{s:?}: {sum} vs {}", v.saved);
            assert!(v.largest_saving().is_some());
        }
    }

    #[test]
    fn method_mix_counts_most_used_first() {
        let settings = ForecastSettings {
            horizon: 2,
            method: MethodChoice::Fixed(Method::Naive),
            ..ForecastSettings::default()
        };
        let f = |id: &str, method| {
            let s = Series {
                id: id.into(),
                start: crate::calendar::Period::month(2024, 1),
                values: vec![1.0, 2.0, 3.0],
            };
            let mut f = forecast(&s, &settings).unwrap();
            f.method = method;
            f
        };
        let list = [
            f("a", Method::Theta),
            f("b", Method::Naive),
            f("c", Method::Naive),
            f("d", Method::Ets),
        ];
        let mix = method_mix(&list);
        assert_eq!(
            mix,
            [
                MethodCount {
                    method: Method::Naive,
                    items: 2
                },
                MethodCount {
                    method: Method::Theta,
                    items: 1
                },
                MethodCount {
                    method: Method::Ets,
                    items: 1
                },
            ]
        );
        assert!(method_mix(&[]).is_empty());
    }
}
