//! The figures KPIs are computed from, each with a constructor from the engine result it
//! usually comes from, so the app never recomputes a number itself.

use serde::{Deserialize, Serialize};

use super::{check_amount, check_series, KpiError};
use crate::forecast::accuracy::Accuracy;
use crate::forecast::BacktestSummary;
use crate::inventory::{InventoryProjection, ItemProjection};
use crate::plan::aggregate::{AggregatePlan, Model};
use crate::plan::capacity::{RoughCut, SupplyPlan};
use crate::promise::PromiseResult;

/// Forecast accuracy, in percent.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForecastFigures {
    /// WAPE: Σ|error| ÷ Σ|actual| × 100.
    pub wape_pct: Option<f64>,
    /// Bias: Σ error ÷ Σ|actual| × 100 (error = forecast − actual).
    pub bias_pct: Option<f64>,
    /// (1 − MAE ÷ MAE of last year's pattern) × 100.
    pub value_added_pct: Option<f64>,
    /// Series measured.
    pub series: usize,
}

impl ForecastFigures {
    /// From one accuracy (and last year's pattern's over the same points).
    #[must_use]
    pub fn from_accuracy(accuracy: &Accuracy, benchmark: Option<&Accuracy>) -> Self {
        Self {
            wape_pct: accuracy.wape,
            bias_pct: accuracy.bias_pct,
            value_added_pct: benchmark
                .filter(|b| b.mae > 0.0 && accuracy.n > 0)
                .map(|b| 100.0 * (1.0 - accuracy.mae / b.mae)),
            series: usize::from(accuracy.n > 0),
        }
    }

    /// Pooled over many series' backtests, weighting each by its volume, as if all their
    /// points were one: WAPE = Σ_series MAE·n ÷ Σ_series volume, where a series' volume
    /// Σ|actual| is MAE·n ÷ WAPE; bias likewise; value added from Σ MAE·n of the method
    /// and of last year's pattern. A series without volume (all actuals zero) or without
    /// any error (its volume cannot be told from its accuracy) counts in the value added
    /// only.
    #[must_use]
    pub fn from_backtests(summaries: &[BacktestSummary]) -> Self {
        let (mut abs_err, mut err, mut volume, mut bench_err) = (0.0, 0.0, 0.0, 0.0);
        let mut series = 0;
        for s in summaries {
            let a = &s.accuracy;
            if a.n == 0 {
                continue;
            }
            series += 1;
            let n = a.n as f64;
            let e = a.mae * n;
            abs_err += e;
            bench_err += s.benchmark.mae * s.benchmark.n as f64;
            if let Some(w) = a.wape.filter(|w| *w > 0.0) {
                volume += e * 100.0 / w;
                err += a.bias * n;
            }
        }
        let finite = |v: f64| v.is_finite().then_some(v);
        Self {
            wape_pct: (volume > 0.0)
                .then(|| 100.0 * abs_err / volume)
                .and_then(finite),
            bias_pct: (volume > 0.0)
                .then(|| 100.0 * err / volume)
                .and_then(finite),
            value_added_pct: (bench_err > 0.0)
                .then(|| 100.0 * (1.0 - abs_err / bench_err))
                .and_then(finite),
            series,
        }
    }

    pub(super) fn check(&self) -> Result<(), KpiError> {
        for (name, v) in [
            ("the forecast WAPE", self.wape_pct),
            ("the forecast bias", self.bias_pct),
            ("the forecast value added", self.value_added_pct),
        ] {
            if let Some(v) = v {
                check_amount(v, true, || name.to_string())?;
            }
        }
        Ok(())
    }
}

/// One item's demand, what of it the plan cannot meet in its period, and its price.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SalesLine {
    /// The item.
    pub item: String,
    /// Selling price per unit.
    pub price: f64,
    /// Contribution margin per unit (0 when unknown; a negative margin loses nothing).
    #[serde(default)]
    pub margin_per_unit: f64,
    /// Units wanted per period.
    pub demand: Vec<f64>,
    /// Units not met in their period.
    pub unmet: Vec<f64>,
}

impl SalesLine {
    /// From an item's inventory projection: its demand and unmet demand.
    #[must_use]
    pub fn from_projection(item: &ItemProjection, price: f64, margin_per_unit: f64) -> Self {
        Self {
            item: item.item.clone(),
            price,
            margin_per_unit,
            demand: item.demand.clone(),
            unmet: item.unmet.clone(),
        }
    }

    pub(super) fn check(&self, periods: &[String]) -> Result<(), KpiError> {
        let name = self.item.trim();
        check_amount(self.price, false, || {
            format!("the price of item \"{name}\"")
        })?;
        check_amount(self.margin_per_unit, true, || {
            format!("the margin per unit of item \"{name}\"")
        })?;
        check_series(
            &self.demand,
            periods,
            &format!("the demand of item \"{name}\""),
        )?;
        check_series(
            &self.unmet,
            periods,
            &format!("the unmet demand of item \"{name}\""),
        )?;
        for ((u, d), p) in self.unmet.iter().zip(&self.demand).zip(periods) {
            if *u > d + 1e-9 * d.max(1.0) {
                return Err(KpiError::BadValue {
                    what: format!("the unmet demand of item \"{name}\" in {p}"),
                    value: *u,
                    reason: format!("it is more than the demand of {}", super::show(*d)),
                });
            }
        }
        Ok(())
    }
}

/// How the customer orders were promised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrderFigures {
    /// Orders.
    pub orders: usize,
    /// Orders promised in full in their requested period.
    pub on_time: usize,
}

impl OrderFigures {
    /// From a promise result.
    #[must_use]
    pub fn from_promises(result: &PromiseResult) -> Self {
        Self {
            orders: result.orders.len(),
            on_time: result.on_time,
        }
    }

    pub(super) fn check(&self) -> Result<(), KpiError> {
        if self.on_time > self.orders {
            return Err(KpiError::BadValue {
                what: "the orders on time".to_string(),
                value: self.on_time as f64,
                reason: format!("there are only {} orders", self.orders),
            });
        }
        Ok(())
    }
}

/// One resource's load and regular hours per period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResourceFigures {
    /// The resource.
    pub resource: String,
    /// Hours the plan (or demand) needs, per period.
    pub load_hours: Vec<f64>,
    /// Regular hours available, per period.
    pub regular_hours: Vec<f64>,
}

/// Load and hours of every resource.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CapacityFigures {
    /// The resources.
    pub resources: Vec<ResourceFigures>,
    /// The bottleneck, when known (otherwise the resource of the peak).
    pub bottleneck: Option<String>,
}

impl CapacityFigures {
    /// The load demand puts on each resource, from the rough-cut check.
    #[must_use]
    pub fn from_rough_cut(check: &RoughCut) -> Self {
        Self {
            resources: check
                .resources
                .iter()
                .map(|r| ResourceFigures {
                    resource: r.resource.clone(),
                    load_hours: r.cells.iter().map(|c| c.load_hours).collect(),
                    regular_hours: r.cells.iter().map(|c| c.regular_hours).collect(),
                })
                .collect(),
            bottleneck: check.bottleneck.as_ref().map(|b| b.resource.clone()),
        }
    }

    /// The hours a capacity-constrained supply plan uses (regular and overtime).
    #[must_use]
    pub fn from_supply_plan(plan: &SupplyPlan) -> Self {
        Self {
            resources: plan
                .resources
                .iter()
                .map(|r| ResourceFigures {
                    resource: r.resource.clone(),
                    load_hours: r
                        .regular_hours_used
                        .iter()
                        .zip(&r.overtime_hours_used)
                        .map(|(a, b)| a + b)
                        .collect(),
                    regular_hours: r.regular_hours.clone(),
                })
                .collect(),
            bottleneck: plan.bottleneck.clone(),
        }
    }

    /// The workforce of an aggregate plan as one resource, `Workforce`: its load is the
    /// hours production takes (units × labour hours per unit, overtime included), its
    /// regular hours the workers' paid regular time. `None` when `plan` has no plan.
    #[must_use]
    pub fn from_aggregate(model: &Model, plan: &AggregatePlan) -> Option<Self> {
        if !plan.status.has_plan() || plan.periods.len() != model.regular_hours.len() {
            return None;
        }
        Some(Self {
            resources: vec![ResourceFigures {
                resource: "Workforce".to_string(),
                load_hours: plan
                    .periods
                    .iter()
                    .map(|p| p.production * model.labor_hours_per_unit)
                    .collect(),
                regular_hours: plan
                    .periods
                    .iter()
                    .zip(&model.regular_hours)
                    .map(|(p, h)| p.workforce * h)
                    .collect(),
            }],
            bottleneck: Some("Workforce".to_string()),
        })
    }

    pub(super) fn check(&self, periods: &[String]) -> Result<(), KpiError> {
        for r in &self.resources {
            let name = r.resource.trim();
            check_series(
                &r.load_hours,
                periods,
                &format!("the load hours of resource \"{name}\""),
            )?;
            check_series(
                &r.regular_hours,
                periods,
                &format!("the regular hours of resource \"{name}\""),
            )?;
        }
        Ok(())
    }
}

/// Inventory value per period.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InventoryFigures {
    /// Σ on hand × unit cost, per period.
    pub value: Vec<f64>,
    /// Σ stock above safety stock × unit cost, per period.
    pub excess_value: Vec<f64>,
    /// The inventory a well-run plan would hold on average, at cost (`None`: unknown).
    pub target_value: Option<f64>,
}

impl InventoryFigures {
    /// From an inventory projection; the target is Σ items (safety stock + half the mean
    /// demand per period) × unit cost.
    #[must_use]
    pub fn from_projection(projection: &InventoryProjection) -> Self {
        let n = projection.periods.len();
        let mut excess_value = vec![0.0; n];
        let mut target = 0.0;
        for item in &projection.items {
            for (e, x) in excess_value.iter_mut().zip(&item.excess_over_safety) {
                *e += x * item.unit_cost;
            }
            let mean = item.demand.iter().sum::<f64>() / n.max(1) as f64;
            target += (item.safety_stock_units + 0.5 * mean) * item.unit_cost;
        }
        Self {
            value: projection.total_value.clone(),
            excess_value,
            target_value: Some(target),
        }
    }

    pub(super) fn check(&self, periods: &[String]) -> Result<(), KpiError> {
        check_series(&self.value, periods, "the inventory value")?;
        check_series(
            &self.excess_value,
            periods,
            "the inventory value above safety stock",
        )?;
        if let Some(t) = self.target_value {
            check_amount(t, false, || "the target inventory value".to_string())?;
        }
        Ok(())
    }
}

/// The aggregate plan's cost and the premiums inside it.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanFigures {
    /// Total cost of the plan.
    pub total_cost: f64,
    /// Total cost of the cheapest plan for the same demand, to compare with.
    pub cheapest_cost: Option<f64>,
    /// Overtime hours × (overtime rate − regular rate).
    pub overtime_premium: f64,
    /// Subcontracted units × (subcontract price − in-house material and labour).
    pub expediting_premium: f64,
}

impl PlanFigures {
    /// From an aggregate plan and its model's rates; `cheapest` is the optimal plan for
    /// the same model, when planned. `None` when `plan` has no plan (infeasible).
    #[must_use]
    pub fn from_aggregate(
        model: &Model,
        plan: &AggregatePlan,
        cheapest: Option<&AggregatePlan>,
    ) -> Option<Self> {
        if !plan.status.has_plan() {
            return None;
        }
        let r = &model.costs;
        let overtime_rate = (r.overtime_per_hour - r.regular_per_hour).max(0.0);
        let in_house = r.material_per_unit + model.labor_hours_per_unit * r.regular_per_hour;
        let expedite_rate = (r.subcontract_per_unit - in_house).max(0.0);
        let overtime_hours: f64 = plan.periods.iter().map(|p| p.overtime_hours).sum();
        let subcontracted: f64 = plan.periods.iter().map(|p| p.subcontract).sum();
        Some(Self {
            total_cost: plan.total_cost,
            cheapest_cost: cheapest
                .filter(|c| c.status.has_plan())
                .map(|c| c.total_cost),
            overtime_premium: overtime_hours * overtime_rate,
            expediting_premium: subcontracted * expedite_rate,
        })
    }

    pub(super) fn check(&self) -> Result<(), KpiError> {
        check_amount(self.total_cost, false, || {
            "the cost of the plan".to_string()
        })?;
        if let Some(c) = self.cheapest_cost {
            check_amount(c, false, || "the cost of the cheapest plan".to_string())?;
        }
        check_amount(self.overtime_premium, false, || {
            "the overtime premium".to_string()
        })?;
        check_amount(self.expediting_premium, false, || {
            "the expediting premium".to_string()
        })?;
        Ok(())
    }
}
