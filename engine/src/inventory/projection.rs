//! The projection itself: stock, backlog, demand met, cover, value and flags per item
//! and period, then the same per family.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::safety::{safety_stock, SafetyStock, SafetyStockInput};
use super::{
    check_number, InventoryError, InventoryItem, InventorySettings, ServiceTarget, MAX_QUANTITY,
};

/// What needs a planner's eye in one period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PeriodFlags {
    /// Units are owed to customers at the end of the period (projected < 0).
    pub stockout: bool,
    /// Projected stock is below the safety stock.
    pub below_safety_stock: bool,
    /// Stock covers more periods than the overstock threshold, or there is stock and no
    /// demand ahead at all.
    pub overstock: bool,
}

/// One item, period by period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemProjection {
    /// The item.
    pub item: String,
    /// Its family, if any.
    pub family: Option<String>,
    /// Units on hand before the first period (negative: owed).
    pub opening_stock: f64,
    /// Units wanted per period.
    pub demand: Vec<f64>,
    /// Units arriving per period.
    pub supply: Vec<f64>,
    /// Stock at the end of each period: opening + supply − demand, carried forward;
    /// negative when units are owed.
    pub projected: Vec<f64>,
    /// Units on hand at the end of each period: max(projected, 0).
    pub on_hand: Vec<f64>,
    /// Units owed at the end of each period: max(−projected, 0).
    pub backlog: Vec<f64>,
    /// Demand met from stock and supply in its own period.
    pub met: Vec<f64>,
    /// Demand not met in its period (owed from then on).
    pub unmet: Vec<f64>,
    /// The safety stock and what it buys; `None` without a policy.
    pub safety_stock: Option<SafetyStock>,
    /// Units of safety stock (0 without a policy), the same in every period.
    pub safety_stock_units: f64,
    /// Reorder point d·L + SS (0 without a policy).
    pub reorder_point: f64,
    /// Periods of demand ahead the stock covers at the end of each period; `None` when
    /// there is no demand ahead at all (unlimited cover).
    pub cover_periods: Vec<Option<f64>>,
    /// Money per unit.
    pub unit_cost: f64,
    /// On hand × unit cost, per period.
    pub value: Vec<f64>,
    /// On hand above the safety stock, per period.
    pub excess_over_safety: Vec<f64>,
    /// Flags per period.
    pub flags: Vec<PeriodFlags>,
    /// Highest projected stock less the lowest.
    pub swing: f64,
    /// The first period with units owed, if any.
    pub first_stockout: Option<usize>,
    /// Σ met ÷ Σ demand in percent; `None` without demand.
    pub fill_rate_pct: Option<f64>,
}

/// A family: its items added up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FamilyProjection {
    /// The family, as its first item writes it.
    pub family: String,
    /// Its items, in input order.
    pub items: Vec<String>,
    /// Σ opening stock.
    pub opening_stock: f64,
    /// Σ demand per period.
    pub demand: Vec<f64>,
    /// Σ supply per period.
    pub supply: Vec<f64>,
    /// Σ projected per period (stock net of backlog).
    pub projected: Vec<f64>,
    /// Σ on hand per period.
    pub on_hand: Vec<f64>,
    /// Σ backlog per period.
    pub backlog: Vec<f64>,
    /// Σ safety stock (no pooling of risk across items).
    pub safety_stock_units: f64,
    /// Σ value per period.
    pub value: Vec<f64>,
    /// Items with units owed, per period.
    pub items_stocked_out: Vec<usize>,
    /// Items below safety stock, per period.
    pub items_below_safety: Vec<usize>,
    /// Items overstocked, per period.
    pub items_overstocked: Vec<usize>,
    /// Highest projected (net) less the lowest.
    pub swing: f64,
}

/// The projection of every item and family.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InventoryProjection {
    /// The periods.
    pub periods: Vec<String>,
    /// The items, in input order.
    pub items: Vec<ItemProjection>,
    /// The families, in order of their first item.
    pub families: Vec<FamilyProjection>,
    /// Σ value over all items, per period.
    pub total_value: Vec<f64>,
    /// The overstock threshold used, in periods of cover.
    pub overstock_cover_periods: f64,
    /// Notes on the safety stocks, each naming its item.
    pub notes: Vec<String>,
}

/// Whether `a` is below `b` by more than rounding.
fn below(a: f64, b: f64) -> bool {
    a < b - 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// Projects stock, safety stock, cover, value and flags for every item and family over
/// `periods` (see the module documentation for every formula).
///
/// # Errors
/// [`InventoryError`] when there are no periods, a period or item has no name, an item is
/// listed twice, a demand or supply list does not have one value per period, a number is
/// negative (demand, supply, cost, σ, lead time), not finite or too large, or a service
/// level lies outside 50 %–99.99 %. Each error names the item and the number.
pub fn project(
    periods: &[String],
    items: &[InventoryItem],
    settings: &InventorySettings,
) -> Result<InventoryProjection, InventoryError> {
    if periods.is_empty() {
        return Err(InventoryError::NoPeriods);
    }
    let mut names = Vec::with_capacity(periods.len());
    for (i, p) in periods.iter().enumerate() {
        let p = p.trim();
        if p.is_empty() {
            return Err(InventoryError::MissingName {
                what: format!("period {}", i + 1),
            });
        }
        names.push(p.to_string());
    }
    let threshold = settings.overstock_cover_periods;
    if !(threshold.is_finite() && threshold > 0.0) {
        return Err(InventoryError::BadValue {
            what: "the overstock threshold (periods of cover)".to_string(),
            value: threshold,
            reason: "give a number of periods above zero".to_string(),
        });
    }
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(items.len());
    let mut notes = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let name = item.item.trim();
        if name.is_empty() {
            return Err(InventoryError::MissingName {
                what: format!("item {}", i + 1),
            });
        }
        if !seen.insert(name.to_lowercase()) {
            return Err(InventoryError::Duplicate {
                name: name.to_string(),
            });
        }
        let projection = project_item(&names, name, item, threshold)?;
        if let Some(note) = projection
            .safety_stock
            .as_ref()
            .and_then(|s| s.note.clone())
        {
            notes.push(format!("{name}: {note}"));
        }
        out.push(projection);
    }
    let total_value = (0..names.len())
        .map(|t| out.iter().map(|p| p.value[t]).sum())
        .collect();
    let families = families(names.len(), &out);
    Ok(InventoryProjection {
        periods: names,
        items: out,
        families,
        total_value,
        overstock_cover_periods: threshold,
        notes,
    })
}

/// One list per period, each value checked: finite, not negative, within bounds.
fn per_period(values: &[f64], periods: &[String], what: &str) -> Result<Vec<f64>, InventoryError> {
    if values.len() != periods.len() {
        return Err(InventoryError::PeriodCount {
            what: what.to_string(),
            found: values.len(),
            expected: periods.len(),
        });
    }
    values
        .iter()
        .zip(periods)
        .map(|(v, p)| check_number(*v, MAX_QUANTITY, || format!("{what} in {p}")))
        .collect()
}

fn project_item(
    periods: &[String],
    name: &str,
    item: &InventoryItem,
    threshold: f64,
) -> Result<ItemProjection, InventoryError> {
    let what = format!("item \"{name}\"");
    let demand = per_period(&item.demand, periods, &format!("the demand of {what}"))?;
    let supply = per_period(&item.supply, periods, &format!("the supply of {what}"))?;
    let opening = item.opening_stock;
    if !opening.is_finite() || opening.abs() > MAX_QUANTITY {
        return Err(InventoryError::BadValue {
            what: format!("the opening stock of {what}"),
            value: opening,
            reason: format!("give a finite number of units within ±{MAX_QUANTITY:e}"),
        });
    }
    let unit_cost = check_number(item.unit_cost, MAX_QUANTITY, || {
        format!("the unit cost of {what}")
    })?;
    let n = periods.len();
    let mean_demand = demand.iter().sum::<f64>() / n as f64;

    let safety = match &item.policy {
        None => None,
        Some(policy) => {
            let order_quantity = match (policy.order_quantity, policy.target) {
                (Some(q), _) => Some(q),
                (None, ServiceTarget::FillRate(_)) if mean_demand <= 0.0 => {
                    return Err(InventoryError::BadValue {
                        what: format!("the order quantity of {what}"),
                        value: 0.0,
                        reason: "the item has no demand in the horizon, so the units per \
                                 replenishment cannot default to a period's demand: give \
                                 the order quantity, or use a cycle service level"
                            .to_string(),
                    })
                }
                (None, _) => (mean_demand > 0.0).then_some(mean_demand),
            };
            let input = SafetyStockInput {
                target: policy.target,
                demand_per_period: mean_demand,
                demand_sigma: policy.demand_sigma,
                lead_time: policy.lead_time,
                lead_time_sigma: policy.lead_time_sigma,
                order_quantity,
            };
            Some(safety_stock(&input, &what)?)
        }
    };
    let ss = safety.as_ref().map_or(0.0, |s| s.units);
    let reorder_point = safety.as_ref().map_or(0.0, |s| s.reorder_point);

    let mut projected = Vec::with_capacity(n);
    let mut met = Vec::with_capacity(n);
    let mut before = opening;
    for t in 0..n {
        let after = before + supply[t] - demand[t];
        let owed_before = (-before).max(0.0);
        let available = before.max(0.0) + supply[t];
        met.push((available - owed_before).clamp(0.0, demand[t]));
        projected.push(after);
        before = after;
    }
    let unmet: Vec<f64> = demand
        .iter()
        .zip(&met)
        .map(|(d, m)| (d - m).max(0.0))
        .collect();
    let on_hand: Vec<f64> = projected.iter().map(|p| p.max(0.0)).collect();
    let backlog: Vec<f64> = projected.iter().map(|p| (-p).max(0.0)).collect();
    let cover = cover_periods(&on_hand, &demand, mean_demand);
    let flags: Vec<PeriodFlags> = (0..n)
        .map(|t| PeriodFlags {
            stockout: below(projected[t], 0.0),
            below_safety_stock: ss > 0.0 && below(projected[t], ss),
            overstock: match cover[t] {
                Some(c) => c > threshold,
                None => on_hand[t] > 0.0,
            },
        })
        .collect();
    let highest = projected.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let lowest = projected.iter().copied().fold(f64::INFINITY, f64::min);
    let total_demand: f64 = demand.iter().sum();
    let total_met: f64 = met.iter().sum();
    Ok(ItemProjection {
        item: name.to_string(),
        family: item
            .family
            .as_ref()
            .map(|f| f.trim().to_string())
            .filter(|f| !f.is_empty()),
        opening_stock: opening,
        value: on_hand.iter().map(|u| u * unit_cost).collect(),
        excess_over_safety: on_hand.iter().map(|u| (u - ss).max(0.0)).collect(),
        first_stockout: flags.iter().position(|f| f.stockout),
        fill_rate_pct: (total_demand > 0.0)
            .then(|| (100.0 * total_met / total_demand).clamp(0.0, 100.0)),
        swing: highest - lowest,
        demand,
        supply,
        projected,
        on_hand,
        backlog,
        met,
        unmet,
        safety_stock: safety,
        safety_stock_units: ss,
        reorder_point,
        cover_periods: cover,
        unit_cost,
        flags,
    })
}

/// Periods of cover at the end of each period (see the module documentation): the stock
/// on hand spent on the following periods' demand in turn, a part period counting as a
/// fraction, and past the horizon at `mean` a period.
fn cover_periods(on_hand: &[f64], demand: &[f64], mean: f64) -> Vec<Option<f64>> {
    let n = demand.len();
    // cumulative[k] = demand of periods 0..k.
    let mut cumulative = Vec::with_capacity(n + 1);
    cumulative.push(0.0);
    for d in demand {
        cumulative.push(cumulative[cumulative.len() - 1] + d);
    }
    (0..n)
        .map(|t| {
            let stock = on_hand[t];
            if stock <= 0.0 {
                return Some(0.0);
            }
            let start = cumulative[t + 1];
            let tolerance = 1e-12 * stock.max(cumulative[n]);
            // The later periods whose demand, together, the stock meets in full.
            let covered = cumulative[t + 2..].partition_point(|c| c - start <= stock + tolerance);
            let used = cumulative[t + 1 + covered] - start;
            let left = (stock - used).max(0.0);
            let full = covered as f64;
            if t + 1 + covered < n {
                let next = demand[t + 1 + covered];
                Some(full + (left / next).clamp(0.0, 1.0))
            } else if mean > 0.0 {
                Some(full + left / mean)
            } else {
                None
            }
        })
        .collect()
}

fn families(n: usize, items: &[ItemProjection]) -> Vec<FamilyProjection> {
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut out: Vec<FamilyProjection> = Vec::new();
    for item in items {
        let Some(family) = &item.family else {
            continue;
        };
        let i = *index.entry(family.to_lowercase()).or_insert_with(|| {
            out.push(FamilyProjection {
                family: family.clone(),
                items: Vec::new(),
                opening_stock: 0.0,
                demand: vec![0.0; n],
                supply: vec![0.0; n],
                projected: vec![0.0; n],
                on_hand: vec![0.0; n],
                backlog: vec![0.0; n],
                safety_stock_units: 0.0,
                value: vec![0.0; n],
                items_stocked_out: vec![0; n],
                items_below_safety: vec![0; n],
                items_overstocked: vec![0; n],
                swing: 0.0,
            });
            out.len() - 1
        });
        let f = &mut out[i];
        f.items.push(item.item.clone());
        f.opening_stock += item.opening_stock;
        f.safety_stock_units += item.safety_stock_units;
        for t in 0..n {
            f.demand[t] += item.demand[t];
            f.supply[t] += item.supply[t];
            f.projected[t] += item.projected[t];
            f.on_hand[t] += item.on_hand[t];
            f.backlog[t] += item.backlog[t];
            f.value[t] += item.value[t];
            let flags = item.flags[t];
            f.items_stocked_out[t] += usize::from(flags.stockout);
            f.items_below_safety[t] += usize::from(flags.below_safety_stock);
            f.items_overstocked[t] += usize::from(flags.overstock);
        }
    }
    for f in &mut out {
        let highest = f
            .projected
            .iter()
            .copied()
            .fold(f64::NEG_INFINITY, f64::max);
        let lowest = f.projected.iter().copied().fold(f64::INFINITY, f64::min);
        f.swing = highest - lowest;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cover_counts_part_periods_and_runs_past_the_horizon() {
        let demand = [100.0, 100.0, 100.0, 100.0];
        // 150 at the end of period 0: periods 1 (100) and half of 2.
        let c = cover_periods(&[150.0, 0.0, 250.0, 50.0], &demand, 100.0);
        assert_eq!(c, [Some(1.5), Some(0.0), Some(2.5), Some(0.5)]);
        // Zero demand ahead counts as covered; none at all is unlimited.
        let c = cover_periods(&[10.0, 10.0, 10.0], &[5.0, 0.0, 10.0], 5.0);
        assert_eq!(c, [Some(2.0), Some(1.0), Some(2.0)]);
        assert_eq!(cover_periods(&[5.0], &[0.0], 0.0), [None]);
    }
}
