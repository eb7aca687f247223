//! The figures the S&OP dashboard and its inputs need beyond the KPIs themselves: the
//! demand-versus-supply gap per period, the items ranked by revenue at risk, the spread
//! of demand a safety stock is set for, and the units an aggregate plan's spare hours
//! could still make (for capable-to-promise). Small pure functions, so the app draws
//! and lists what the engine computed and does no arithmetic of its own.

use serde::{Deserialize, Serialize};

use super::SalesLine;
use crate::inventory::InventoryProjection;
use crate::plan::aggregate::{AggregatePlan, Model};

/// Demand against supply, every item added up, per period.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SupplyGap {
    /// The periods.
    pub periods: Vec<String>,
    /// Σ demand per period.
    pub demand: Vec<f64>,
    /// Σ supply (made or arriving) per period.
    pub supply: Vec<f64>,
    /// supply − demand per period: negative where demand outruns supply.
    pub gap: Vec<f64>,
    /// Opening stock + Σ gap so far: the net stock of all items together (negative:
    /// owed on balance).
    pub cumulative: Vec<f64>,
    /// The period with the most negative gap, if any period is short.
    pub worst: Option<usize>,
}

/// The gap between supply and demand over every item of a projection.
#[must_use]
pub fn supply_gap(projection: &InventoryProjection) -> SupplyGap {
    let n = projection.periods.len();
    let mut demand = vec![0.0; n];
    let mut supply = vec![0.0; n];
    let mut running: f64 = 0.0;
    for item in &projection.items {
        running += item.opening_stock;
        for t in 0..n {
            demand[t] += item.demand.get(t).copied().unwrap_or(0.0);
            supply[t] += item.supply.get(t).copied().unwrap_or(0.0);
        }
    }
    let gap: Vec<f64> = supply.iter().zip(&demand).map(|(s, d)| s - d).collect();
    let cumulative = gap
        .iter()
        .map(|g| {
            running += g;
            running
        })
        .collect();
    let worst = gap
        .iter()
        .enumerate()
        .filter(|(_, g)| **g < 0.0)
        .min_by(|a, b| a.1.total_cmp(b.1))
        .map(|(t, _)| t);
    SupplyGap {
        periods: projection.periods.clone(),
        demand,
        supply,
        gap,
        cumulative,
        worst,
    }
}

/// One item's revenue at risk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemRisk {
    /// The item.
    pub item: String,
    /// Σ unmet demand × price.
    pub at_risk: f64,
    /// Σ demand × price.
    pub revenue: f64,
    /// at risk ÷ revenue × 100 (0 without revenue).
    pub share_pct: f64,
    /// Units not met in their period.
    pub unmet_units: f64,
    /// The period with the most revenue at risk.
    pub worst_period: Option<usize>,
}

/// The items with revenue at risk, the most first (ties: input order); items with
/// nothing at risk are left out. At most `top` items.
#[must_use]
pub fn revenue_at_risk_by_item(sales: &[SalesLine], top: usize) -> Vec<ItemRisk> {
    let mut out: Vec<ItemRisk> = sales
        .iter()
        .filter_map(|line| {
            let price = if line.price.is_finite() {
                line.price.max(0.0)
            } else {
                0.0
            };
            let at_risk: f64 = line.unmet.iter().map(|u| u * price).sum();
            let revenue: f64 = line.demand.iter().map(|d| d * price).sum();
            if !(at_risk.is_finite() && at_risk > 0.0 && revenue.is_finite()) {
                return None;
            }
            let worst_period = line
                .unmet
                .iter()
                .enumerate()
                .filter(|(_, u)| **u > 0.0)
                .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(&a.0)))
                .map(|(t, _)| t);
            Some(ItemRisk {
                item: line.item.clone(),
                at_risk,
                revenue,
                share_pct: if revenue > 0.0 {
                    100.0 * at_risk / revenue
                } else {
                    0.0
                },
                unmet_units: line.unmet.iter().sum(),
                worst_period,
            })
        })
        .collect();
    out.sort_by(|a, b| b.at_risk.total_cmp(&a.at_risk));
    out.truncate(top);
    out
}

/// One sales line per projected item, every item at the same `price` and `unit_cost`:
/// demand and unmet demand from the projection, margin per unit = price − unit cost.
#[must_use]
pub fn sales_lines(projection: &InventoryProjection, price: f64, unit_cost: f64) -> Vec<SalesLine> {
    projection
        .items
        .iter()
        .map(|item| SalesLine::from_projection(item, price, price - unit_cost))
        .collect()
}

/// Where the spread of demand per period (σ_d) for a safety stock came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SigmaSource {
    /// The root of the summed squared backtest RMSEs of the item's series.
    Backtest,
    /// A share of the mean demand per period, for want of a backtest.
    ShareOfDemand,
}

/// σ_d and where it came from.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct DemandSigma {
    /// Units per period.
    pub sigma: f64,
    /// How it was found.
    pub source: SigmaSource,
}

/// The spread of demand per period of an item made of several forecast series: with
/// backtest errors (RMSE per series), `√Σ rmse²` — the series' errors taken as
/// independent; without any, `share_pct` % of the mean of `demand`. Never negative,
/// never infinite (non-finite inputs are skipped).
#[must_use]
pub fn demand_sigma(backtest_rmse: &[f64], demand: &[f64], share_pct: f64) -> DemandSigma {
    let errors: Vec<f64> = backtest_rmse
        .iter()
        .copied()
        .filter(|e| e.is_finite() && *e >= 0.0)
        .collect();
    let pooled = errors.iter().map(|e| e * e).sum::<f64>().sqrt();
    if !errors.is_empty() && pooled.is_finite() {
        return DemandSigma {
            sigma: pooled,
            source: SigmaSource::Backtest,
        };
    }
    let values: Vec<f64> = demand.iter().copied().filter(|d| d.is_finite()).collect();
    let mean = if values.is_empty() {
        0.0
    } else {
        values.iter().sum::<f64>() / values.len() as f64
    };
    let share = if share_pct.is_finite() {
        share_pct.max(0.0)
    } else {
        0.0
    };
    let sigma = (mean.max(0.0) * share / 100.0).min(1e12);
    DemandSigma {
        sigma: if sigma.is_finite() { sigma } else { 0.0 },
        source: SigmaSource::ShareOfDemand,
    }
}

/// Units an aggregate plan could still make in each period without hiring: the
/// workforce's idle regular hours and unused overtime (within the per-worker limit)
/// divided by the labour hours per unit, plus the subcontracting left under its limit.
/// An unlimited overtime or subcontracting allowance adds nothing (it has no figure to
/// promise from). Whole units in a whole-number plan. Empty when the plan has none.
#[must_use]
pub fn aggregate_spare_units(model: &Model, plan: &AggregatePlan) -> Vec<f64> {
    if !plan.status.has_plan() || plan.periods.len() != model.regular_hours.len() {
        return Vec::new();
    }
    let lh = model.labor_hours_per_unit;
    plan.periods
        .iter()
        .zip(&model.regular_hours)
        .map(|(p, hours)| {
            let idle = (p.workforce * hours - p.regular_units * lh).max(0.0);
            let overtime = if model.max_overtime.is_finite() {
                (p.workforce * model.max_overtime - p.overtime_hours).max(0.0)
            } else {
                0.0
            };
            let made = if lh > 0.0 {
                (idle + overtime) / lh
            } else {
                0.0
            };
            let bought = if model.max_subcontract.is_finite() {
                (model.max_subcontract - p.subcontract).max(0.0)
            } else {
                0.0
            };
            let units = model.units_floor(made) + model.units_floor(bought);
            if units.is_finite() {
                units.max(0.0)
            } else {
                0.0
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::{project, InventoryItem, InventorySettings};
    use crate::plan::aggregate::{AggregatePlanInput, Strategy};

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|p| (*p).to_string()).collect()
    }

    #[test]
    fn the_gap_adds_up_every_item() {
        let item = |name: &str, open: f64, demand: Vec<f64>, supply: Vec<f64>| InventoryItem {
            item: name.into(),
            family: None,
            opening_stock: open,
            demand,
            supply,
            unit_cost: 1.0,
            policy: None,
        };
        let p = project(
            &names(&["Jan", "Feb", "Mar"]),
            &[
                item("A", 10.0, vec![50.0, 60.0, 40.0], vec![50.0, 30.0, 40.0]),
                item("B", 5.0, vec![10.0, 10.0, 10.0], vec![20.0, 0.0, 10.0]),
            ],
            &InventorySettings::default(),
        )
        .unwrap();
        let g = supply_gap(&p);
        // Demand 60, 70, 50; supply 70, 30, 50: gap +10, −40, 0; net stock 15 → 25, −15, −15.
        assert_eq!(g.demand, [60.0, 70.0, 50.0]);
        assert_eq!(g.supply, [70.0, 30.0, 50.0]);
        assert_eq!(g.gap, [10.0, -40.0, 0.0]);
        assert_eq!(g.cumulative, [25.0, -15.0, -15.0]);
        assert_eq!(g.worst, Some(1));
    }

    #[test]
    fn items_are_ranked_by_money_at_risk() {
        let line = |item: &str, price: f64, unmet: Vec<f64>| SalesLine {
            item: item.into(),
            price,
            margin_per_unit: 0.0,
            demand: vec![100.0; 3],
            unmet,
        };
        let ranked = revenue_at_risk_by_item(
            &[
                line("Cheap", 1.0, vec![0.0, 50.0, 0.0]),
                line("Safe", 100.0, vec![0.0; 3]),
                line("Dear", 10.0, vec![10.0, 0.0, 20.0]),
            ],
            5,
        );
        let got: Vec<(&str, f64, f64, Option<usize>)> = ranked
            .iter()
            .map(|r| (r.item.as_str(), r.at_risk, r.share_pct, r.worst_period))
            .collect();
        // Dear: 30 units × 10 = 300 of 3,000 (10 %), worst in Mar; Cheap: 50 of 300.
        assert_eq!(
            got,
            [
                ("Dear", 300.0, 10.0, Some(2)),
                ("Cheap", 50.0, 100.0 * 50.0 / 300.0, Some(1))
            ]
        );
        assert_eq!(
            revenue_at_risk_by_item(&[line("Dear", 10.0, vec![1.0; 3])], 0).len(),
            0
        );
    }

    #[test]
    fn sigma_pools_backtests_or_falls_back_on_a_share_of_demand() {
        let s = demand_sigma(&[30.0, 40.0, f64::NAN], &[1.0], 10.0);
        assert_eq!((s.sigma, s.source), (50.0, SigmaSource::Backtest));
        let s = demand_sigma(&[], &[100.0, 300.0], 10.0);
        assert_eq!((s.sigma, s.source), (20.0, SigmaSource::ShareOfDemand));
        let s = demand_sigma(&[], &[], f64::INFINITY);
        assert_eq!(s.sigma, 0.0);
    }

    #[test]
    fn spare_units_of_an_aggregate_plan() {
        // One period: 10 workers × 160 h = 1,600 h; 500 units on regular time at 2 h take
        // 1,000 h: 600 idle hours. Overtime up to 10 h each, 40 used: 60 h. Subcontract
        // up to 100, 30 used: 70. Spare: (600 + 60) / 2 + 70 = 400 units.
        let input: AggregatePlanInput = serde_json::from_value(serde_json::json!({
            "periods": ["Jan"], "demand": [540], "initial_inventory": 0, "initial_backlog": 0,
            "min_ending_inventory": null, "max_ending_backlog": 0, "max_backlog_per_period": null,
            "workforce": {"initial": 10, "regular_hours_per_worker": 160,
                          "max_overtime_hours_per_worker": 10, "min": 10, "max": 10},
            "labor_hours_per_unit": 2, "max_subcontract_per_period": 100,
            "costs": {"regular_per_hour": 10, "overtime_per_hour": 15, "hire_per_worker": 0,
                      "layoff_per_worker": 0, "holding_per_unit_period": 1,
                      "backlog_per_unit_period": 5, "material_per_unit": 1,
                      "subcontract_per_unit": 10000},
            "integer": false
        }))
        .unwrap();
        let model = input.check().unwrap();
        let mut plan = model.plan(Strategy::Chase, &Default::default()).unwrap();
        // Shape the plan by hand: the numbers of the comment above.
        let p = &mut plan.periods[0];
        (
            p.workforce,
            p.regular_units,
            p.overtime_hours,
            p.subcontract,
        ) = (10.0, 500.0, 40.0, 30.0);
        assert_eq!(aggregate_spare_units(&model, &plan), [400.0]);
    }
}
