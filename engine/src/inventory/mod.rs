//! # Projected inventory and safety stock
//!
//! Will the plan leave enough stock on the shelf, or too much? For every item (and every
//! family of items) and every period this module projects the stock the supply plan
//! leaves, sets the safety stock a service target asks for, and flags the periods that
//! need a planner's eye.
//!
//! ## Projected stock
//!
//! Stock at the end of period t, starting from the opening stock:
//!
//! ```text
//! projected_t = projected_(t−1) + supply_t − demand_t        projected_0 = opening stock
//! ```
//!
//! A negative projection is a **backlog**: units owed to customers, carried forward and
//! served first from the next supply. So `on_hand_t = max(projected_t, 0)` and
//! `backlog_t = max(−projected_t, 0)`. Demand **met in its period** is what is left of
//! the period's stock and supply after the older backlog is served:
//! `met_t = min(demand_t, max(0, max(projected_(t−1), 0) + supply_t − backlog_(t−1)))`;
//! the rest is **unmet** (owed). The projected **fill rate** is Σ met ÷ Σ demand.
//!
//! ## Safety stock
//!
//! Demand over the lead time L (in periods) is taken as normal with mean d·L and spread
//!
//! ```text
//! σ_L = √(L·σ_d² + d²·σ_LT²)
//! ```
//!
//! where d is the mean demand per period (over the horizon), σ_d the spread of demand
//! per period — in practice the forecast error, e.g. the backtest RMSE
//! ([`forecast_error_sigma`]) — and σ_LT the spread of the lead time in periods (0 when
//! suppliers are reliable). Two service targets are offered ([`ServiceTarget`]):
//!
//! - **Cycle service level** (CSL, the chance that a replenishment cycle ends without
//!   running out): `SS = z·σ_L` with `z = Φ⁻¹(CSL)`. With σ_LT = 0 this is the familiar
//!   `SS = z·σ_d·√L`: CSL 95 %, σ_d = 100 a period, L = 4 → 1.645 × 100 × 2 = 329 units.
//! - **Fill rate** β (the share of demand met straight from stock): the units expected
//!   short in a cycle are `E[S] = σ_L·G(k)` with the standard normal loss function
//!   `G(k) = φ(k) − k·(1 − Φ(k))`, and k is chosen so that `E[S] = (1 − β)·Q`, Q being the
//!   units per replenishment (by default one period's mean demand). k is found by
//!   bisection on [0, 8] ([`loss_inverse`]); `SS = k·σ_L`. When Q alone reaches β, k = 0
//!   and no safety stock is kept (said in a note).
//!
//! Both levels must lie between 50 % and 99.99 %: below 50 % the safety stock would be
//! negative, and 100 % would need unlimited stock. A fixed number of units can be given
//! instead. With σ_L = 0 (no forecast error, no lead time) the safety stock is 0.
//!
//! The **reorder point** is `d·L + SS`: order when the stock position falls to it.
//!
//! ## Cover, value, flags
//!
//! - **Periods of cover** at the end of period t: how many of the *following* periods'
//!   demand the stock on hand would meet, counting a part period as a fraction (stock
//!   150 before demand 100, 100, 100 covers 1.5 periods). Past the horizon demand is taken
//!   to continue at the horizon's mean. With no demand ahead at all the cover is
//!   unlimited (`None`). A backlog covers 0 periods.
//! - **Inventory value**: units on hand × unit cost.
//! - **Flags** per period: *stockout* when units are owed at the end of the period
//!   (projected < 0); *below safety stock* when projected < SS; *overstock* when the cover
//!   exceeds the planner's threshold ([`InventorySettings::overstock_cover_periods`]), or
//!   when stock is held with no demand ahead at all.
//! - **Swing**: the highest projected stock less the lowest, over the periods.
//!
//! A **family** adds up its items: projected, on hand and backlog (kept apart, so one
//! item's stock never hides another's backlog), safety stock (a plain sum: the pooling of
//! risk across items is not counted) and value, with the number of its items flagged in
//! each period.
//!
//! ```
//! use attune_engine::inventory::{project, InventoryItem, InventoryPolicy, InventorySettings, ServiceTarget};
//!
//! let periods: Vec<String> = ["Jan", "Feb", "Mar"].iter().map(|p| p.to_string()).collect();
//! let item = InventoryItem {
//!     item: "Pump".into(),
//!     family: None,
//!     opening_stock: 300.0,
//!     demand: vec![100.0, 100.0, 100.0],
//!     supply: vec![0.0, 0.0, 50.0],
//!     unit_cost: 20.0,
//!     policy: Some(InventoryPolicy {
//!         target: ServiceTarget::CycleService(95.0),
//!         demand_sigma: 100.0,
//!         lead_time: 4.0,
//!         lead_time_sigma: 0.0,
//!         order_quantity: None,
//!     }),
//! };
//! let p = project(&periods, &[item], &InventorySettings::default())?;
//! let pump = &p.items[0];
//! assert_eq!(pump.projected, [200.0, 100.0, 50.0]);
//! // SS = 1.645 × 100 × √4 ≈ 329: every period is below safety stock.
//! assert!((pump.safety_stock_units - 328.97).abs() < 0.01);
//! assert!(pump.flags.iter().all(|f| f.below_safety_stock && !f.stockout));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod projection;
mod safety;

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::forecast::accuracy::Accuracy;
use crate::kpi::show;
use crate::plan::aggregate::{AggregatePlan, Model};
use crate::plan::capacity::FamilyPlan;

pub use projection::{project, FamilyProjection, InventoryProjection, ItemProjection, PeriodFlags};
pub use safety::{
    loss_inverse, normal_loss, safety_stock, SafetyStock, SafetyStockInput, MAX_SAFETY_FACTOR,
    MAX_SERVICE_PCT, MIN_SERVICE_PCT,
};

/// The largest quantity, σ or unit cost Attune accepts here: far beyond any real plan,
/// and small enough that no product or sum can overflow.
pub const MAX_QUANTITY: f64 = 1e12;
/// The longest lead time (and lead-time σ) in periods.
pub const MAX_LEAD_TIME: f64 = 10_000.0;

/// The service an item's safety stock is set for.
///
/// In JSON: `{"cycle_service": 95}`, `{"fill_rate": 98}` or `{"units": 250}`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceTarget {
    /// Cycle service level in percent (50–99.99): the chance a replenishment cycle ends
    /// without running out.
    CycleService(f64),
    /// Fill rate in percent (50–99.99): the share of demand met straight from stock.
    FillRate(f64),
    /// A fixed safety stock, in units.
    Units(f64),
}

/// How an item's safety stock is set.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InventoryPolicy {
    /// The service target.
    pub target: ServiceTarget,
    /// σ_d: spread of demand per period, usually the forecast error (backtest RMSE).
    #[serde(default)]
    pub demand_sigma: f64,
    /// L: replenishment lead time in periods.
    #[serde(default)]
    pub lead_time: f64,
    /// σ_LT: spread of the lead time in periods.
    #[serde(default)]
    pub lead_time_sigma: f64,
    /// Q: units per replenishment, for a fill-rate target; by default the item's mean
    /// demand per period (one period's supply at a time).
    #[serde(default)]
    pub order_quantity: Option<f64>,
}

/// One item's position and plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InventoryItem {
    /// The item (or family, when planning at family level).
    pub item: String,
    /// The family it belongs to, if any.
    #[serde(default)]
    pub family: Option<String>,
    /// Units on hand before the first period; negative for units already owed.
    pub opening_stock: f64,
    /// Units wanted per period.
    pub demand: Vec<f64>,
    /// Units arriving or made per period (the supply plan).
    pub supply: Vec<f64>,
    /// Money per unit on hand, for the inventory value.
    #[serde(default)]
    pub unit_cost: f64,
    /// How its safety stock is set; `None`: no safety stock.
    #[serde(default)]
    pub policy: Option<InventoryPolicy>,
}

impl InventoryItem {
    /// The item that one family of a capacity-constrained supply plan describes: its
    /// initial inventory, demand and production. A shortfall of the plan shows here as a
    /// backlog carried forward (the supply plan itself does not carry it).
    #[must_use]
    pub fn from_family_plan(plan: &FamilyPlan, unit_cost: f64) -> Self {
        Self {
            item: plan.family.clone(),
            family: None,
            opening_stock: plan.initial_inventory,
            demand: plan.demand.clone(),
            supply: plan.production.clone(),
            unit_cost,
            policy: None,
        }
    }

    /// The single item an aggregate plan describes: opening stock is the initial
    /// inventory less the initial backlog, supply is production plus subcontracting, so
    /// the projection is the plan's inventory − backlog in every period.
    #[must_use]
    pub fn from_aggregate_plan(
        name: &str,
        model: &Model,
        plan: &AggregatePlan,
        unit_cost: f64,
    ) -> Self {
        Self {
            item: name.to_string(),
            family: None,
            opening_stock: model.initial_inventory - model.initial_backlog,
            demand: plan.periods.iter().map(|p| p.demand).collect(),
            supply: plan
                .periods
                .iter()
                .map(|p| p.production + p.subcontract)
                .collect(),
            unit_cost,
            policy: None,
        }
    }
}

/// The planner's thresholds for the projection.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InventorySettings {
    /// A period is flagged overstock when its stock covers more than this many periods
    /// of demand ahead (default 6).
    pub overstock_cover_periods: f64,
}

impl Default for InventorySettings {
    fn default() -> Self {
        Self {
            overstock_cover_periods: 6.0,
        }
    }
}

/// σ_d from a forecast's accuracy: its root mean squared error per period (for example
/// of a backtest). `None` when nothing was compared.
#[must_use]
pub fn forecast_error_sigma(accuracy: &Accuracy) -> Option<f64> {
    (accuracy.n > 0 && accuracy.rmse.is_finite()).then_some(accuracy.rmse)
}

/// Why an inventory projection or a safety stock cannot be computed. Every message says
/// which item, number or period is at fault.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum InventoryError {
    /// No period to project.
    NoPeriods,
    /// An item or period has an empty name (`what`: `"period 3"`, `"item 2"`).
    MissingName {
        /// Which entry, counted from 1.
        what: String,
    },
    /// Two items have the same name (compared ignoring case).
    Duplicate {
        /// The name as written the second time.
        name: String,
    },
    /// A list of values per period does not have one value per period.
    PeriodCount {
        /// What the values are (`the demand of item "Pump"`).
        what: String,
        /// How many values it has.
        found: usize,
        /// How many periods there are.
        expected: usize,
    },
    /// A number cannot be used: not finite, negative where it cannot be, or too large.
    BadValue {
        /// Where the number is (`the lead time of item "Pump"`).
        what: String,
        /// The number.
        value: f64,
        /// Why it cannot be used, and what to do.
        reason: String,
    },
    /// A service level outside 50 %–99.99 %.
    ServiceLevel {
        /// The item (`item "Pump"`).
        what: String,
        /// `"cycle service level"` or `"fill-rate target"`.
        kind: String,
        /// The level given, in percent.
        percent: f64,
    },
}

impl fmt::Display for InventoryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoPeriods => write!(
                f,
                "there are no periods to project: name the periods to plan (Jan, Feb, …)"
            ),
            Self::MissingName { what } => write!(f, "{what} has no name"),
            Self::Duplicate { name } => write!(
                f,
                "item \"{name}\" is listed twice (names are compared ignoring case)"
            ),
            Self::PeriodCount {
                what,
                found,
                expected,
            } => crate::write_period_count(f, what, *found, *expected),
            Self::BadValue {
                what,
                value,
                reason,
            } => write!(f, "{what} is {}: {reason}", show(*value)),
            Self::ServiceLevel {
                what,
                kind,
                percent,
            } => {
                write!(f, "the {kind} of {what} is ")?;
                if percent.is_finite() {
                    write!(f, "{} %", show(*percent))?;
                } else {
                    write!(f, "not a number")?;
                }
                write!(
                    f,
                    ": give a level between {MIN_SERVICE_PCT} % and {MAX_SERVICE_PCT} %"
                )?;
                if *percent >= 100.0 {
                    write!(f, " (100 % would need unlimited safety stock)")
                } else if *percent < MIN_SERVICE_PCT && *percent > 0.0 && *percent <= 1.0 {
                    write!(f, " (write 95 for 95 %, not 0.95)")
                } else if *percent < MIN_SERVICE_PCT {
                    write!(f, " (below 50 % the safety stock would be negative)")
                } else {
                    Ok(())
                }
            }
        }
    }
}

impl std::error::Error for InventoryError {}

/// Checks a number that cannot be negative: finite and at most `max`.
pub(crate) fn check_number(
    value: f64,
    max: f64,
    what: impl FnOnce() -> String,
) -> Result<f64, InventoryError> {
    let reason = if !value.is_finite() {
        "it is not a finite number".to_string()
    } else if value < 0.0 {
        "it cannot be negative".to_string()
    } else if value > max {
        format!("it is larger than Attune accepts ({max:e})")
    } else {
        return Ok(value);
    };
    Err(InventoryError::BadValue {
        what: what(),
        value,
        reason,
    })
}
