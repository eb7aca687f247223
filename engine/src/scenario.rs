//! What-if scenarios: a copy of the base plan with a few levers pulled, and its KPIs
//! compared with the base's.
//!
//! A scenario is not a second workspace: it is the base's inputs plus [`Levers`]. The
//! levers change the aggregate plan's input ([`Levers::apply_to_plan`]) and the
//! families' demand ([`Levers::apply_to_families`]); the service level and lead time
//! replace the inventory policy's. The same planner, projection and KPI code then runs
//! on both, and [`compare`] sets the two reports side by side, judging each change by
//! the KPI's direction (higher, lower or closer to zero is better).
//!
//! ```
//! use attune_engine::scenario::Levers;
//! # use attune_engine::plan::aggregate::*;
//! # let base: AggregatePlanInput = serde_json::from_str(r#"{"periods":["Jan","Feb"],
//! #   "demand":[100,200],"initial_inventory":0,"workforce":{"initial":5,
//! #   "regular_hours_per_worker":160},"labor_hours_per_unit":2,"costs":{
//! #   "regular_per_hour":20,"overtime_per_hour":30,"hire_per_worker":0,
//! #   "layoff_per_worker":0,"holding_per_unit_period":1,"backlog_per_unit_period":5,
//! #   "material_per_unit":0,"subcontract_per_unit":90}}"#)?;
//! let levers = Levers { demand_pct: Some(10.0), workforce_max: Some(8.0), ..Levers::default() };
//! let scenario = levers.apply_to_plan(&base)?;
//! assert_eq!(scenario.demand, [110.0, 220.0]);
//! assert_eq!(scenario.workforce.max, Some(8.0));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::kpi::{Better, KpiKey, KpiReport, Unit};
use crate::plan::aggregate::AggregatePlanInput;
use crate::plan::capacity::DemandTable;

/// The levers of a scenario; each left out keeps the base's value.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Levers {
    /// Demand change in percent, every period and family (`10` = 10 % more).
    pub demand_pct: Option<f64>,
    /// Demand change in percent per family, on top of the overall change.
    pub family_demand_pct: BTreeMap<String, f64>,
    /// Workers at most (the aggregate plan's `workforce.max`).
    pub workforce_max: Option<f64>,
    /// Overtime hours per worker and period at most.
    pub overtime_cap: Option<f64>,
    /// Service level in percent (cycle service or fill rate, as the base's target).
    pub service_level_pct: Option<f64>,
    /// Replenishment lead time in periods.
    pub lead_time: Option<f64>,
    /// Change of the regular-time rate in percent.
    pub regular_cost_pct: Option<f64>,
    /// Change of the overtime rate in percent.
    pub overtime_cost_pct: Option<f64>,
    /// Change of the holding cost in percent.
    pub holding_cost_pct: Option<f64>,
    /// Change of the subcontracting price in percent.
    pub subcontract_cost_pct: Option<f64>,
}

/// Why a lever cannot be applied. Each names the lever in the form's words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum LeverError {
    /// A percentage change below −100 % would make the figure negative.
    BelowMinus100 {
        /// The lever ("Demand change", "Demand change of family A").
        lever: String,
        /// The change typed.
        pct: f64,
    },
    /// A value that must be a finite number at or above zero is not.
    Negative {
        /// The lever.
        lever: String,
        /// The value typed.
        value: f64,
    },
    /// A service level outside 0–100 % (exclusive).
    ServiceLevel {
        /// The value typed.
        value: f64,
    },
}

impl fmt::Display for LeverError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BelowMinus100 { lever, pct } => write!(
                f,
                "{lever}: {pct} % would take it below zero; give a change of −100 % or more"
            ),
            Self::Negative { lever, value } => {
                write!(f, "{lever}: {value} is not a number of zero or more")
            }
            Self::ServiceLevel { value } => write!(
                f,
                "Service level: {value} % is not between 0 and 100 %; give e.g. 95"
            ),
        }
    }
}

impl std::error::Error for LeverError {}

/// A percentage change (0 when none), refusing what is not finite or below −100 %.
fn factor(pct: Option<f64>, lever: &str) -> Result<f64, LeverError> {
    match pct {
        None => Ok(0.0),
        Some(p) if p.is_finite() && p >= -100.0 => Ok(p),
        Some(p) => Err(LeverError::BelowMinus100 {
            lever: lever.to_string(),
            pct: p,
        }),
    }
}

fn non_negative(value: Option<f64>, lever: &str) -> Result<Option<f64>, LeverError> {
    match value {
        Some(v) if !(v.is_finite() && v >= 0.0) => Err(LeverError::Negative {
            lever: lever.to_string(),
            value: v,
        }),
        v => Ok(v),
    }
}

/// `v` changed by `pct` percent: `v × (100 + pct) / 100` (exact for whole percents of
/// whole numbers, where `v × (1 + pct/100)` is not: 100 × 1.1 = 110.00000000000001).
fn scaled(v: f64, pct: f64) -> f64 {
    v * (100.0 + pct) / 100.0
}

impl Levers {
    /// Whether no lever is pulled.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self == &Self::default()
    }

    /// Checks the levers that do not touch the plan: the service level and lead time.
    ///
    /// # Errors
    /// [`LeverError`] naming the lever: a service level outside 0–100 %, a negative or
    /// non-finite lead time, a family change below −100 %.
    pub fn check(&self) -> Result<(), LeverError> {
        if let Some(s) = self.service_level_pct {
            if !(s.is_finite() && s > 0.0 && s < 100.0) {
                return Err(LeverError::ServiceLevel { value: s });
            }
        }
        non_negative(self.lead_time, "Lead time")?;
        for (family, pct) in &self.family_demand_pct {
            factor(Some(*pct), &format!("Demand change of family {family}"))?;
        }
        Ok(())
    }

    /// The base plan with the levers pulled: demand × (1 + p/100) (rounded to whole units
    /// in a whole-number plan), the workforce and overtime limits replaced, the regular,
    /// overtime, holding and subcontracting rates scaled.
    ///
    /// # Errors
    /// [`LeverError`] naming the lever when a change is below −100 % or a limit is
    /// negative or not a number; the base is never changed.
    pub fn apply_to_plan(
        &self,
        base: &AggregatePlanInput,
    ) -> Result<AggregatePlanInput, LeverError> {
        self.check()?;
        let demand = factor(self.demand_pct, "Demand change")?;
        let regular = factor(self.regular_cost_pct, "Regular-time cost change")?;
        let overtime = factor(self.overtime_cost_pct, "Overtime cost change")?;
        let holding = factor(self.holding_cost_pct, "Holding cost change")?;
        let subcontract = factor(self.subcontract_cost_pct, "Subcontracting cost change")?;
        let workforce_max = non_negative(self.workforce_max, "Workers at most")?;
        let overtime_cap = non_negative(self.overtime_cap, "Overtime hours per worker at most")?;
        let mut out = base.clone();
        out.demand = base
            .demand
            .iter()
            .map(|d| {
                let v = scaled(*d, demand);
                if base.integer {
                    v.round()
                } else {
                    v
                }
            })
            .collect();
        if workforce_max.is_some() {
            out.workforce.max = workforce_max;
        }
        if overtime_cap.is_some() {
            out.workforce.max_overtime_hours_per_worker = overtime_cap;
        }
        let c = &mut out.costs;
        c.regular_per_hour = scaled(c.regular_per_hour, regular);
        c.overtime_per_hour = scaled(c.overtime_per_hour, overtime);
        c.holding_per_unit_period = scaled(c.holding_per_unit_period, holding);
        c.subcontract_per_unit = scaled(c.subcontract_per_unit, subcontract);
        Ok(out)
    }

    /// The families' demand with the levers pulled: each quantity × (1 + overall/100) ×
    /// (1 + family/100); a family lever names its family case-insensitively.
    ///
    /// # Errors
    /// [`LeverError`] naming the lever when a change is below −100 %.
    pub fn apply_to_families(&self, base: &DemandTable) -> Result<DemandTable, LeverError> {
        self.check()?;
        let overall = factor(self.demand_pct, "Demand change")?;
        let mut out = base.clone();
        for row in &mut out.demand {
            let pct = self
                .family_demand_pct
                .iter()
                .find(|(f, _)| f.trim().eq_ignore_ascii_case(row.family.trim()))
                .map(|(_, p)| *p);
            let own = factor(pct, &format!("Demand change of family {}", row.family))?;
            for q in &mut row.quantities {
                *q = scaled(scaled(*q, overall), own);
            }
        }
        Ok(out)
    }
}

/// One KPI in the base and in a scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KpiDelta {
    /// Which KPI.
    pub key: KpiKey,
    /// Its name.
    pub name: String,
    /// Its value in the base.
    pub base: Option<f64>,
    /// Its value in the scenario.
    pub scenario: Option<f64>,
    /// Scenario − base, in the KPI's unit (points for a percentage); `None` when either
    /// is missing.
    pub delta: Option<f64>,
    /// The KPI's unit.
    pub unit: Unit,
    /// Whether the scenario is better (`Some(false)`: worse); `None` when either value
    /// is missing or they are equal.
    pub better: Option<bool>,
}

impl KpiDelta {
    /// The change relative to the base in percent; `None` without both values or when
    /// the base is zero.
    #[must_use]
    pub fn relative_pct(&self) -> Option<f64> {
        let (b, d) = (self.base?, self.delta?);
        let r = 100.0 * d / b.abs();
        (b != 0.0 && r.is_finite()).then_some(r)
    }
}

/// Which way a KPI is better, as its default thresholds say.
#[must_use]
pub fn direction(key: KpiKey) -> Better {
    match key {
        KpiKey::ForecastBias => Better::NearZero,
        KpiKey::ForecastValueAdded | KpiKey::FillRate | KpiKey::OnTimeDelivery => Better::Higher,
        KpiKey::ForecastWape
        | KpiKey::UtilizationAverage
        | KpiKey::UtilizationPeak
        | KpiKey::RevenueAtRisk
        | KpiKey::InventoryValue
        | KpiKey::InventorySwing
        | KpiKey::PlanCost
        | KpiKey::MisalignmentCost => Better::Lower,
    }
}

/// Every KPI of the base beside the scenario's, in the base's order, with the change
/// and whether it is better. The direction is the KPI's thresholds' when it has them,
/// else [`direction`].
#[must_use]
pub fn compare(base: &KpiReport, scenario: &KpiReport) -> Vec<KpiDelta> {
    base.kpis
        .iter()
        .map(|b| {
            let s = scenario.get(b.key);
            let (bv, sv) = (
                b.value.filter(|v| v.is_finite()),
                s.and_then(|s| s.value).filter(|v| v.is_finite()),
            );
            let way = b.thresholds.map_or_else(|| direction(b.key), |t| t.better);
            let delta = bv.zip(sv).map(|(b, s)| s - b).filter(|d| d.is_finite());
            let better = bv.zip(sv).and_then(|(b, s)| {
                let (b, s) = match way {
                    Better::Higher => (-b, -s),
                    Better::Lower => (b, s),
                    Better::NearZero => (b.abs(), s.abs()),
                };
                (s != b).then_some(s < b)
            });
            KpiDelta {
                key: b.key,
                name: b.name.clone(),
                base: bv,
                scenario: sv,
                delta,
                unit: b.unit,
                better,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kpi::{Kpi, Thresholds};
    use crate::plan::aggregate::{CostRates, Hours, WorkforceInput};
    use crate::plan::capacity::FamilyDemand;

    fn base() -> AggregatePlanInput {
        AggregatePlanInput {
            periods: vec!["Jan".into(), "Feb".into()],
            demand: vec![100.0, 205.0],
            initial_inventory: 0.0,
            initial_backlog: 0.0,
            min_ending_inventory: None,
            max_ending_backlog: None,
            max_backlog_per_period: None,
            workforce: WorkforceInput {
                initial: 5.0,
                regular_hours_per_worker: Hours::Same(160.0),
                max_overtime_hours_per_worker: Some(20.0),
                min: None,
                max: Some(10.0),
            },
            labor_hours_per_unit: 2.0,
            max_subcontract_per_period: None,
            costs: CostRates {
                regular_per_hour: 20.0,
                overtime_per_hour: 30.0,
                hire_per_worker: 500.0,
                layoff_per_worker: 800.0,
                holding_per_unit_period: 2.0,
                backlog_per_unit_period: 5.0,
                material_per_unit: 40.0,
                subcontract_per_unit: 90.0,
            },
            integer: false,
        }
    }

    #[test]
    fn no_lever_keeps_the_base() {
        assert_eq!(Levers::default().apply_to_plan(&base()).unwrap(), base());
        assert!(Levers::default().is_empty());
    }

    #[test]
    fn levers_change_the_plan_by_hand() {
        let levers = Levers {
            demand_pct: Some(10.0),
            workforce_max: Some(8.0),
            overtime_cap: Some(0.0),
            regular_cost_pct: Some(5.0),
            overtime_cost_pct: Some(-50.0),
            holding_cost_pct: Some(-100.0),
            subcontract_cost_pct: Some(20.0),
            ..Levers::default()
        };
        let p = levers.apply_to_plan(&base()).unwrap();
        // 100 × 1.1 = 110; 205 × 1.1 = 225.5.
        assert!((p.demand[0] - 110.0).abs() < 1e-9 && (p.demand[1] - 225.5).abs() < 1e-9);
        assert_eq!(p.workforce.max, Some(8.0));
        assert_eq!(p.workforce.max_overtime_hours_per_worker, Some(0.0));
        // 20 × 1.05 = 21; 30 × 0.5 = 15; 2 × 0 = 0; 90 × 1.2 = 108.
        assert!((p.costs.regular_per_hour - 21.0).abs() < 1e-9);
        assert_eq!(p.costs.overtime_per_hour, 15.0);
        assert_eq!(p.costs.holding_per_unit_period, 0.0);
        assert!((p.costs.subcontract_per_unit - 108.0).abs() < 1e-9);
        // What no lever touches stays.
        assert_eq!(p.costs.hire_per_worker, 500.0);
        assert_eq!(p.workforce.initial, 5.0);
        // A whole-number plan gets whole units: 225.5 rounds to 226.
        let whole = AggregatePlanInput {
            integer: true,
            ..base()
        };
        assert_eq!(levers.apply_to_plan(&whole).unwrap().demand, [110.0, 226.0]);
    }

    #[test]
    fn impossible_levers_are_named() {
        let e = Levers {
            demand_pct: Some(-120.0),
            ..Levers::default()
        }
        .apply_to_plan(&base())
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "Demand change: -120 % would take it below zero; give a change of −100 % or more"
        );
        let e = Levers {
            holding_cost_pct: Some(f64::NAN),
            ..Levers::default()
        }
        .apply_to_plan(&base())
        .unwrap_err();
        assert!(e.to_string().starts_with("Holding cost change"), "{e}");
        let e = Levers {
            workforce_max: Some(-1.0),
            ..Levers::default()
        }
        .apply_to_plan(&base())
        .unwrap_err();
        assert!(e.to_string().starts_with("Workers at most: -1"), "{e}");
        let e = Levers {
            service_level_pct: Some(100.0),
            ..Levers::default()
        }
        .check()
        .unwrap_err();
        assert!(e.to_string().starts_with("Service level: 100 %"), "{e}");
        // −100 % is allowed: no demand at all.
        let none = Levers {
            demand_pct: Some(-100.0),
            ..Levers::default()
        }
        .apply_to_plan(&base())
        .unwrap();
        assert_eq!(none.demand, [0.0, 0.0]);
    }

    #[test]
    fn family_levers_scale_their_family_on_top_of_the_overall_change() {
        let table = DemandTable {
            periods: vec!["Jan".into()],
            demand: vec![
                FamilyDemand {
                    family: "A".into(),
                    quantities: vec![100.0],
                },
                FamilyDemand {
                    family: "B".into(),
                    quantities: vec![50.0],
                },
            ],
        };
        let levers = Levers {
            demand_pct: Some(10.0),
            family_demand_pct: BTreeMap::from([("a".to_string(), -20.0)]),
            ..Levers::default()
        };
        let t = levers.apply_to_families(&table).unwrap();
        // A: 100 × 1.1 × 0.8 = 88; B: 50 × 1.1 = 55.
        assert!((t.demand[0].quantities[0] - 88.0).abs() < 1e-9);
        assert!((t.demand[1].quantities[0] - 55.0).abs() < 1e-9);
        let bad = Levers {
            family_demand_pct: BTreeMap::from([("B".to_string(), -101.0)]),
            ..Levers::default()
        };
        assert!(bad
            .apply_to_families(&table)
            .unwrap_err()
            .to_string()
            .starts_with("Demand change of family B"));
    }

    fn kpi(key: KpiKey, value: Option<f64>, thresholds: Option<Thresholds>) -> Kpi {
        Kpi {
            key,
            name: key.name().to_string(),
            value,
            unit: if key == KpiKey::PlanCost {
                Unit::Money
            } else {
                Unit::Percent
            },
            amount: None,
            definition: String::new(),
            formula: String::new(),
            light: None,
            thresholds,
            rule: String::new(),
            detail: String::new(),
        }
    }

    fn report(kpis: Vec<Kpi>) -> KpiReport {
        KpiReport {
            kpis,
            periods: Vec::new(),
            revenue_by_period: Vec::new(),
            revenue_at_risk_by_period: Vec::new(),
            revenue: 0.0,
            misalignment: crate::kpi::Misalignment::default(),
        }
    }

    #[test]
    fn compare_judges_each_kpi_by_its_direction() {
        let base = report(vec![
            kpi(
                KpiKey::FillRate,
                Some(99.0),
                Some(Thresholds::higher(98.0, 95.0)),
            ),
            kpi(KpiKey::PlanCost, Some(1000.0), None),
            kpi(
                KpiKey::ForecastBias,
                Some(4.0),
                Some(Thresholds::near_zero(5.0, 10.0)),
            ),
            kpi(KpiKey::ForecastWape, None, None),
            kpi(KpiKey::OnTimeDelivery, Some(75.0), None),
        ]);
        let scenario = report(vec![
            kpi(KpiKey::FillRate, Some(97.5), None),
            kpi(KpiKey::PlanCost, Some(1100.0), None),
            kpi(KpiKey::ForecastBias, Some(-3.0), None),
            kpi(KpiKey::ForecastWape, Some(10.0), None),
            kpi(KpiKey::OnTimeDelivery, Some(75.0), None),
        ]);
        let d = compare(&base, &scenario);
        // Fill rate 99 → 97.5: −1.5 points, worse (higher is better).
        assert_eq!((d[0].delta, d[0].better), (Some(-1.5), Some(false)));
        // Plan cost 1,000 → 1,100: +100, worse, +10 % of the base.
        assert_eq!((d[1].delta, d[1].better), (Some(100.0), Some(false)));
        assert_eq!(d[1].relative_pct(), Some(10.0));
        assert_eq!(d[1].unit, Unit::Money);
        // Bias 4 → −3: −7 points, but closer to zero: better.
        assert_eq!((d[2].delta, d[2].better), (Some(-7.0), Some(true)));
        // Missing in the base: no change to judge.
        assert_eq!((d[3].delta, d[3].better), (None, None));
        assert_eq!(d[3].scenario, Some(10.0));
        // Equal: neither.
        assert_eq!((d[4].delta, d[4].better), (Some(0.0), None));
        assert_eq!(d[4].relative_pct(), Some(0.0));
    }
}
