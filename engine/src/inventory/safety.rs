//! Safety stock from a service target: the normal loss function, the safety factor for a
//! cycle service level or a fill rate, and the reorder point.

use serde::{Deserialize, Serialize};

use super::{check_number, InventoryError, ServiceTarget, MAX_LEAD_TIME, MAX_QUANTITY};
use crate::stats::{norm_cdf, norm_pdf, norm_ppf};

/// The lowest service level Attune plans for, in percent: below 50 % the safety stock
/// would be negative.
pub const MIN_SERVICE_PCT: f64 = 50.0;
/// The highest service level Attune plans for, in percent: 100 % would need unlimited
/// safety stock under normal demand.
pub const MAX_SERVICE_PCT: f64 = 99.99;
/// The largest safety factor the fill-rate search goes to: G(8) ≈ 7.7e-17, far past any
/// real target, and still well inside the range where G is computed accurately.
pub const MAX_SAFETY_FACTOR: f64 = 8.0;

/// The standard normal loss function G(k) = φ(k) − k·(1 − Φ(k)): the expected number of
/// units short per replenishment cycle, per unit of σ, when stock is k·σ above the mean.
///
/// 1 − Φ(k) is taken as Φ(−k), which keeps its precision in the far tail. G is positive
/// and strictly decreasing; G(0) = φ(0) ≈ 0.3989 and G(k) → −k as k → −∞.
#[must_use]
pub fn normal_loss(k: f64) -> f64 {
    (norm_pdf(k) - k * norm_cdf(-k)).max(0.0)
}

/// The safety factor k ≥ 0 whose loss G(k) equals `target`, by bisection on
/// [0, [`MAX_SAFETY_FACTOR`]]: G is decreasing, so the root is bracketed whenever
/// G(8) ≤ target ≤ G(0). A target at or above G(0) gives 0 (no safety stock is needed);
/// one below G(8) gives 8.
#[must_use]
pub fn loss_inverse(target: f64) -> f64 {
    if target.is_nan() || target >= normal_loss(0.0) {
        return 0.0;
    }
    if target <= normal_loss(MAX_SAFETY_FACTOR) {
        return MAX_SAFETY_FACTOR;
    }
    let (mut lo, mut hi) = (0.0_f64, MAX_SAFETY_FACTOR);
    // 60 halvings take the bracket below 1e-17; stop earlier once it cannot shrink.
    for _ in 0..80 {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi {
            break;
        }
        if normal_loss(mid) > target {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

/// What safety stock is computed from, for one item.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SafetyStockInput {
    /// The service target.
    pub target: ServiceTarget,
    /// d: mean demand per period.
    pub demand_per_period: f64,
    /// σ_d: standard deviation of demand per period (in practice the forecast error,
    /// e.g. the backtest RMSE).
    pub demand_sigma: f64,
    /// L: replenishment lead time in periods (for a periodic review, lead time plus the
    /// review period). May be fractional or 0.
    pub lead_time: f64,
    /// σ_LT: standard deviation of the lead time, in periods (0 when it is reliable).
    pub lead_time_sigma: f64,
    /// Q: units per replenishment; only a fill-rate target needs it.
    pub order_quantity: Option<f64>,
}

/// Safety stock and what it buys.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SafetyStock {
    /// Units of safety stock: k · σ_L (never negative).
    pub units: f64,
    /// k: safety stock in units of σ_L (`None` when σ_L is 0 and the stock was fixed).
    pub safety_factor: Option<f64>,
    /// d · L: the demand expected while an order is on its way.
    pub lead_time_demand: f64,
    /// σ_L = √(L·σ_d² + d²·σ_LT²): the spread of demand over the lead time.
    pub lead_time_sigma: f64,
    /// d · L + safety stock: order when the stock position falls to this.
    pub reorder_point: f64,
    /// Φ(k) in percent: the share of cycles that end without running out (100 when
    /// σ_L is 0).
    pub cycle_service_pct: f64,
    /// σ_L · G(k): units expected short per replenishment cycle.
    pub expected_short_per_cycle: f64,
    /// 1 − σ_L·G(k)/Q in percent: the share of demand met from stock; `None` without Q.
    pub fill_rate_pct: Option<f64>,
    /// Anything the planner should know (the target is met without safety stock, the
    /// search reached its limit).
    pub note: Option<String>,
}

/// Checks a service-level percentage: finite and between 50 % and 99.99 %.
pub(super) fn check_service(percent: f64, what: &str, kind: &str) -> Result<f64, InventoryError> {
    if percent.is_finite() && (MIN_SERVICE_PCT..=MAX_SERVICE_PCT).contains(&percent) {
        Ok(percent)
    } else {
        Err(InventoryError::ServiceLevel {
            what: what.to_string(),
            kind: kind.to_string(),
            percent,
        })
    }
}

/// Safety stock, safety factor and reorder point for `input`. `what` names the item in
/// messages (`item "Pump A"`).
///
/// - cycle service level CSL: k = Φ⁻¹(CSL), SS = k·σ_L;
/// - fill rate β: k solves σ_L·G(k) = (1 − β)·Q, SS = k·σ_L (0 when Q alone reaches β);
/// - fixed units: SS as given;
///
/// with σ_L = √(L·σ_d² + d²·σ_LT²), and reorder point d·L + SS.
///
/// # Errors
/// [`InventoryError::ServiceLevel`] for a service level outside 50 %–99.99 %;
/// [`InventoryError::BadValue`] for a negative or non-finite demand, σ, lead time or
/// fixed stock, or a fill-rate target without a positive order quantity.
pub fn safety_stock(input: &SafetyStockInput, what: &str) -> Result<SafetyStock, InventoryError> {
    let d = check_number(input.demand_per_period, MAX_QUANTITY, || {
        format!("the mean demand per period of {what}")
    })?;
    let sigma_d = check_number(input.demand_sigma, MAX_QUANTITY, || {
        format!("the demand σ (forecast error per period) of {what}")
    })?;
    let lead = check_number(input.lead_time, MAX_LEAD_TIME, || {
        format!("the lead time of {what}")
    })?;
    let sigma_lt = check_number(input.lead_time_sigma, MAX_LEAD_TIME, || {
        format!("the lead-time σ of {what}")
    })?;
    let sigma_l = (lead * sigma_d * sigma_d + d * d * sigma_lt * sigma_lt).sqrt();
    let lead_time_demand = d * lead;
    let quantity = match input.order_quantity {
        Some(q) => Some(check_number(q, MAX_QUANTITY, || {
            format!("the order quantity of {what}")
        })?),
        None => None,
    };
    let mut note = None;
    let (units, k) = match input.target {
        ServiceTarget::CycleService(pct) => {
            let pct = check_service(pct, what, "cycle service level")?;
            let z = norm_ppf(pct / 100.0);
            (z * sigma_l, Some(z))
        }
        ServiceTarget::FillRate(pct) => {
            let pct = check_service(pct, what, "fill-rate target")?;
            let q = match quantity {
                Some(q) if q > 0.0 => q,
                other => {
                    return Err(InventoryError::BadValue {
                        what: format!("the order quantity of {what}"),
                        value: other.unwrap_or(0.0),
                        reason: "a fill-rate target needs the units per replenishment \
                                 (order quantity) above zero"
                            .to_string(),
                    })
                }
            };
            if sigma_l <= 0.0 {
                (0.0, Some(0.0))
            } else {
                let target = (1.0 - pct / 100.0) * q / sigma_l;
                let k = loss_inverse(target);
                if k == 0.0 {
                    note = Some(format!(
                        "Orders of {} units alone reach a {pct} % fill rate: no safety stock is needed.",
                        crate::kpi::show(q)
                    ));
                } else if k >= MAX_SAFETY_FACTOR {
                    note = Some(format!(
                        "Orders of {} units are tiny beside demand's spread (σ {}): safety stock \
                         is capped at {MAX_SAFETY_FACTOR} σ.",
                        crate::kpi::show(q),
                        crate::kpi::show(sigma_l)
                    ));
                }
                (k * sigma_l, Some(k))
            }
        }
        ServiceTarget::Units(units) => {
            let units = check_number(units, MAX_QUANTITY, || {
                format!("the fixed safety stock of {what}")
            })?;
            let k = (sigma_l > 0.0).then(|| units / sigma_l);
            (units, k)
        }
    };
    let units = units.max(0.0);
    let (cycle_service_pct, short) = match k {
        Some(k) if sigma_l > 0.0 => (100.0 * norm_cdf(k), sigma_l * normal_loss(k)),
        _ => (100.0, 0.0),
    };
    let fill_rate_pct = quantity
        .filter(|q| *q > 0.0)
        .map(|q| (100.0 * (1.0 - short / q)).clamp(0.0, 100.0));
    Ok(SafetyStock {
        units,
        safety_factor: k,
        lead_time_demand,
        lead_time_sigma: sigma_l,
        reorder_point: lead_time_demand + units,
        cycle_service_pct,
        expected_short_per_cycle: short,
        fill_rate_pct,
        note,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loss_function_matches_tables() {
        // Standard normal loss table (Silver, Pyke & Peterson, Table B.1):
        // G(0) = 0.3989, G(1) = 0.0833, G(2) = 0.008491, G(-1) = 1.0833.
        assert!((normal_loss(0.0) - 0.398_942_28).abs() < 1e-8);
        assert!((normal_loss(1.0) - 0.083_315_47).abs() < 1e-8);
        assert!((normal_loss(2.0) - 0.008_490_70).abs() < 1e-8);
        assert!((normal_loss(-1.0) - 1.083_315_47).abs() < 1e-8);
        assert!(normal_loss(40.0) == 0.0);
        assert!(normal_loss(MAX_SAFETY_FACTOR) > 0.0);
    }

    #[test]
    fn loss_inverse_round_trips() {
        for i in 1..80 {
            let k = f64::from(i) / 10.0;
            let back = loss_inverse(normal_loss(k));
            assert!((back - k).abs() < 1e-7, "k = {k}, back = {back}");
        }
        assert_eq!(loss_inverse(0.5), 0.0);
        assert_eq!(loss_inverse(0.0), MAX_SAFETY_FACTOR);
        assert_eq!(loss_inverse(f64::NAN), 0.0);
    }
}
