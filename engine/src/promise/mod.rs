//! # Promising orders
//!
//! Can sales promise what customers ask for? This module takes the supply plan (units on
//! hand and units arriving per period, per item or family) and the customer orders, and
//! says for every order whether it ships on time, how late, or how short — and answers
//! "can we promise this?" for a new order, from stock or with spare capacity.
//!
//! ## Available to promise (ATP)
//!
//! The textbook master-schedule rule (APICS/ASCM): ATP is the part of stock and planned
//! supply not yet committed to a customer order.
//!
//! - **Discrete ATP** in a period with supply = that supply (plus the stock on hand, in
//!   the first period) − the orders committed from that period until the next period
//!   with supply. Periods without supply have no ATP of their own. When a later supply
//!   period is committed beyond its own supply, the lack is taken from the ATP of the
//!   period before it (and so on back), so no ATP is ever negative.
//! - **Cumulative ATP** (with look-ahead) in period t: the most units that can still be
//!   promised for delivery in t without breaking any commitment,
//!
//!   ```text
//!   cumulative ATP_t = max(0, min over s ≥ t of N_s)
//!   N_s = on hand + Σ_(u ≤ s) (supply_u − committed_u)
//!   ```
//!
//!   The discrete ATP is its step from one period to the next, so the discrete ATPs add
//!   up to the cumulative ATP. Neither ever exceeds on hand plus the supply so far.
//!
//! ## Promising orders in turn
//!
//! Orders are taken one by one — highest priority first (1 before 2; orders without a
//! priority last), then the earliest requested period, then the order they were given
//! in — and each is promised against what the orders before it left:
//!
//! - **on time** when the cumulative ATP of its requested period covers it;
//! - **late by N periods** when it first does N periods later;
//! - **short by Q units** when not even the last period's ATP covers it: the units
//!   there are (if any) are promised in the first period that has them all, and Q units
//!   are missing within the horizon.
//!
//! An order is never delivered before its requested period. A promise is a commitment in
//! its delivery period, so later orders see it in the ATP; no order is ever promised
//! units that are not there.
//!
//! ## Capable to promise (CTP)
//!
//! When stock and planned supply do not cover a new order in time, spare capacity might:
//! [`can_promise`] adds the units that could still be made in each period (the caller
//! gives them, e.g. from the supply plan's unused hours via [`spare_units`]) and finds
//! the first period t with `cumulative ATP_t + Σ_(u ≤ t) spare_u ≥ Q`. Units made early
//! are held until t.
//!
//! ```
//! use attune_engine::promise::{promise_orders, Availability, ItemSupply, Order, PromiseStatus};
//!
//! let availability = Availability {
//!     periods: ["W1", "W2", "W3"].iter().map(|p| p.to_string()).collect(),
//!     items: vec![ItemSupply { item: "Valve".into(), on_hand: 20.0, supply: vec![0.0, 50.0, 0.0] }],
//! };
//! let orders = vec![
//!     Order::new("Acme", "Valve", 30.0, "W1"),
//!     Order::new("Brix", "Valve", 30.0, "W2"),
//! ];
//! let result = promise_orders(&availability, &orders)?;
//! // 20 on hand cannot cover 30 in W1: the order waits for W2's supply.
//! assert_eq!(result.orders[0].status, PromiseStatus::Late { periods: 1 });
//! assert_eq!(result.orders[1].status, PromiseStatus::OnTime);
//! // 20 + 50 − 60 = 10 units are left to promise, already in W1: W2's orders take
//! // 50 from W2's supply and 10 from stock, leaving 10 of the 20 on hand.
//! assert_eq!(result.items[0].cumulative_atp, [10.0, 10.0, 10.0]);
//! assert_eq!(result.items[0].atp, [10.0, 0.0, 0.0]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod atp;
mod orders;
mod query;

use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::kpi::show;
use crate::plan::aggregate::AggregatePlan;
use crate::plan::capacity::SupplyPlan;

pub use orders::parse_orders;
pub use query::{can_promise, spare_units, Earliest, PromiseAnswer, PromiseQuery};

/// The largest quantity Attune accepts in an order or a supply plan.
pub const MAX_UNITS: f64 = 1e12;

/// A customer order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Order {
    /// The order number, if any.
    #[serde(default)]
    pub id: String,
    /// The customer.
    #[serde(default)]
    pub customer: String,
    /// The item or family, as the supply plan names it.
    pub item: String,
    /// Units ordered.
    pub quantity: f64,
    /// The period the customer wants it in, as the supply plan names it.
    pub requested: String,
    /// 1 is served first; orders without a priority come after all that have one.
    #[serde(default)]
    pub priority: Option<u32>,
    /// The line it was pasted from, for messages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row: Option<usize>,
}

impl Order {
    /// An order without number, priority or source row.
    #[must_use]
    pub fn new(customer: &str, item: &str, quantity: f64, requested: &str) -> Self {
        Self {
            id: String::new(),
            customer: customer.to_string(),
            item: item.to_string(),
            quantity,
            requested: requested.to_string(),
            priority: None,
            row: None,
        }
    }

    /// How messages name the order: `order SO-12 (Acme, row 4)`.
    fn label(&self, index: usize) -> String {
        let mut out = if self.id.trim().is_empty() {
            format!("order {}", index + 1)
        } else {
            format!("order {}", self.id.trim())
        };
        let mut inner = Vec::new();
        if !self.customer.trim().is_empty() {
            inner.push(self.customer.trim().to_string());
        }
        if let Some(row) = self.row {
            inner.push(format!("row {row}"));
        }
        if !inner.is_empty() {
            out.push_str(&format!(" ({})", inner.join(", ")));
        }
        out
    }
}

/// What one item (or family) has to promise from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemSupply {
    /// The item or family.
    pub item: String,
    /// Units on hand and free at the start of the first period.
    pub on_hand: f64,
    /// Units arriving or made per period (the master schedule).
    pub supply: Vec<f64>,
}

/// Stock and planned supply for every item, over the planning periods.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Availability {
    /// The periods, by name.
    pub periods: Vec<String>,
    /// The items.
    pub items: Vec<ItemSupply>,
}

impl Availability {
    /// The families of a capacity-constrained supply plan: initial inventory and
    /// production per period.
    #[must_use]
    pub fn from_supply_plan(plan: &SupplyPlan) -> Self {
        Self {
            periods: plan.periods.clone(),
            items: plan
                .families
                .iter()
                .map(|f| ItemSupply {
                    item: f.family.clone(),
                    on_hand: f.initial_inventory,
                    supply: f.production.clone(),
                })
                .collect(),
        }
    }

    /// The one product of an aggregate plan, called `name`: `on_hand` before the first
    /// period, production plus subcontracting per period.
    #[must_use]
    pub fn from_aggregate_plan(name: &str, plan: &AggregatePlan, on_hand: f64) -> Self {
        Self {
            periods: plan.periods.iter().map(|p| p.period.clone()).collect(),
            items: vec![ItemSupply {
                item: name.to_string(),
                on_hand,
                supply: plan
                    .periods
                    .iter()
                    .map(|p| p.production + p.subcontract)
                    .collect(),
            }],
        }
    }
}

/// How an order turned out.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PromiseStatus {
    /// All of it in the requested period.
    OnTime,
    /// All of it, this many periods after the requested one.
    Late {
        /// Periods late.
        periods: usize,
    },
    /// Not all of it within the horizon.
    Short {
        /// Units missing.
        units: f64,
    },
}

/// The promise made for one order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderPromise {
    /// Its place in the input.
    pub index: usize,
    /// When it was considered: 1 first.
    pub sequence: usize,
    /// The order number.
    pub id: String,
    /// The customer.
    pub customer: String,
    /// The item, as the supply plan names it.
    pub item: String,
    /// Units ordered.
    pub quantity: f64,
    /// The requested period's place.
    pub requested: usize,
    /// The requested period's name.
    pub requested_period: String,
    /// Units promised (all of them unless short).
    pub promised_quantity: f64,
    /// The period they are promised in; `None` when none can be.
    pub promised: Option<usize>,
    /// Its name.
    pub promised_period: Option<String>,
    /// Periods after the requested one (0 on time or when nothing is promised).
    pub periods_late: usize,
    /// Units missing within the horizon.
    pub short_units: f64,
    /// On time, late or short.
    pub status: PromiseStatus,
}

/// ATP of one item after every order was promised.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemAtp {
    /// The item.
    pub item: String,
    /// Units on hand at the start.
    pub on_hand: f64,
    /// Supply per period.
    pub supply: Vec<f64>,
    /// Units promised for delivery per period.
    pub committed: Vec<f64>,
    /// Discrete ATP per period.
    pub atp: Vec<f64>,
    /// Cumulative ATP (with look-ahead) per period.
    pub cumulative_atp: Vec<f64>,
}

/// Every order's promise and every item's ATP.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PromiseResult {
    /// The periods.
    pub periods: Vec<String>,
    /// One per item of the availability, in its order.
    pub items: Vec<ItemAtp>,
    /// One per order, in input order.
    pub orders: Vec<OrderPromise>,
    /// Orders promised in full in their period.
    pub on_time: usize,
    /// Orders promised in full, late.
    pub late: usize,
    /// Orders not promised in full.
    pub short: usize,
    /// Units ordered.
    pub units_ordered: f64,
    /// Units promised (on time or late).
    pub units_promised: f64,
    /// Units promised in their requested period.
    pub units_on_time: f64,
}

impl PromiseResult {
    /// On-time orders in percent of all orders; `None` without orders.
    #[must_use]
    pub fn on_time_pct(&self) -> Option<f64> {
        (!self.orders.is_empty()).then(|| 100.0 * self.on_time as f64 / self.orders.len() as f64)
    }
}

/// One thing wrong with one order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderProblem {
    /// Its place in the input.
    pub index: usize,
    /// Its source row, if pasted.
    pub row: Option<usize>,
    /// What is wrong, naming the order.
    pub message: String,
}

impl fmt::Display for OrderProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Why orders cannot be promised or a question cannot be answered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum PromiseError {
    /// The supply plan has no periods.
    NoPeriods,
    /// An item or period has an empty name (`what`: `"period 2"`).
    MissingName {
        /// Which entry, counted from 1.
        what: String,
    },
    /// An item or a period is listed twice.
    Duplicate {
        /// `"item"` or `"period"`.
        what: String,
        /// The name the second time.
        name: String,
    },
    /// A list per period does not have one value per period.
    PeriodCount {
        /// What the values are.
        what: String,
        /// How many it has.
        found: usize,
        /// How many periods there are.
        expected: usize,
    },
    /// A number cannot be used.
    BadValue {
        /// Where it is.
        what: String,
        /// The number.
        value: f64,
        /// Why not.
        reason: String,
    },
    /// A name that is not where it should be (a family not in the bill of resources).
    Unknown {
        /// What kind of name (`"family"`, `"resource"`).
        what: String,
        /// The name.
        name: String,
        /// The names there are.
        known: Vec<String>,
    },
    /// Orders that name an unknown item or period, or a bad quantity; all are listed.
    Orders(Vec<OrderProblem>),
}

impl fmt::Display for PromiseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoPeriods => write!(
                f,
                "the supply plan has no periods: name the periods to promise in (Jan, Feb, …)"
            ),
            Self::MissingName { what } => write!(f, "{what} has no name"),
            Self::Duplicate { what, name } => write!(
                f,
                "{what} \"{name}\" is listed twice in the supply plan (names are compared ignoring case)"
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
            Self::Unknown { what, name, known } => write!(
                f,
                "{what} \"{name}\" is not in the plan ({what} names: {})",
                some_names(known)
            ),
            Self::Orders(problems) => match problems.as_slice() {
                [] => write!(f, "the orders could not be read"),
                [one] => write!(f, "{one}"),
                [first, ..] => write!(
                    f,
                    "{} in the orders; the first: {first}",
                    crate::plural(problems.len(), "problem", "problems")
                ),
            },
        }
    }
}

impl std::error::Error for PromiseError {}

/// How names are compared: ignoring case and surrounding spaces.
fn key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// A checked availability: names, one value per period, finite non-negative numbers.
struct Checked {
    periods: Vec<String>,
    period_index: HashMap<String, usize>,
    items: Vec<ItemSupply>,
    item_index: HashMap<String, usize>,
}

fn check_quantity(value: f64, what: impl FnOnce() -> String) -> Result<f64, PromiseError> {
    if value.is_finite() && (0.0..=MAX_UNITS).contains(&value) {
        Ok(value)
    } else {
        Err(PromiseError::BadValue {
            what: what(),
            value,
            reason: if value.is_finite() && value < 0.0 {
                "it cannot be negative".to_string()
            } else {
                format!("give a finite number of units up to {MAX_UNITS:e}")
            },
        })
    }
}

fn check(availability: &Availability) -> Result<Checked, PromiseError> {
    if availability.periods.is_empty() {
        return Err(PromiseError::NoPeriods);
    }
    let mut periods = Vec::with_capacity(availability.periods.len());
    let mut period_index = HashMap::new();
    for (i, p) in availability.periods.iter().enumerate() {
        let p = p.trim();
        if p.is_empty() {
            return Err(PromiseError::MissingName {
                what: format!("period {}", i + 1),
            });
        }
        // Orders name their period: a name twice would make them ambiguous.
        if period_index.insert(key(p), i).is_some() {
            return Err(PromiseError::Duplicate {
                what: "period".to_string(),
                name: p.to_string(),
            });
        }
        periods.push(p.to_string());
    }
    let mut items = Vec::with_capacity(availability.items.len());
    let mut item_index = HashMap::new();
    for (i, item) in availability.items.iter().enumerate() {
        let name = item.item.trim();
        if name.is_empty() {
            return Err(PromiseError::MissingName {
                what: format!("item {} of the supply plan", i + 1),
            });
        }
        if item_index.insert(key(name), i).is_some() {
            return Err(PromiseError::Duplicate {
                what: "item".to_string(),
                name: name.to_string(),
            });
        }
        if item.supply.len() != periods.len() {
            return Err(PromiseError::PeriodCount {
                what: format!("the supply of item \"{name}\""),
                found: item.supply.len(),
                expected: periods.len(),
            });
        }
        let on_hand = check_quantity(item.on_hand, || {
            format!("the stock on hand of item \"{name}\"")
        })?;
        let supply = item
            .supply
            .iter()
            .zip(&periods)
            .map(|(s, p)| check_quantity(*s, || format!("the supply of item \"{name}\" in {p}")))
            .collect::<Result<Vec<f64>, _>>()?;
        items.push(ItemSupply {
            item: name.to_string(),
            on_hand,
            supply,
        });
    }
    Ok(Checked {
        periods,
        period_index,
        items,
        item_index,
    })
}

/// A list of names for a message: `A, B, C` or `A, B, … (12 in all)`.
fn some_names(names: &[String]) -> String {
    if names.is_empty() {
        return "none".to_string();
    }
    if names.len() <= 6 {
        names.join(", ")
    } else {
        format!("{}, … ({} in all)", names[..5].join(", "), names.len())
    }
}

/// An order resolved against the availability.
struct Resolved {
    item: usize,
    requested: usize,
    quantity: f64,
}

fn resolve(checked: &Checked, orders: &[Order]) -> Result<Vec<Resolved>, PromiseError> {
    let mut problems = Vec::new();
    let mut out = Vec::with_capacity(orders.len());
    let item_names: Vec<String> = checked.items.iter().map(|i| i.item.clone()).collect();
    for (index, order) in orders.iter().enumerate() {
        let mut complain = |message: String| {
            problems.push(OrderProblem {
                index,
                row: order.row,
                message: format!("{}: {message}", order.label(index)),
            });
        };
        let item = checked.item_index.get(&key(&order.item)).copied();
        if item.is_none() {
            complain(if order.item.trim().is_empty() {
                "names no item".to_string()
            } else {
                format!(
                    "item \"{}\" is not in the supply plan (items: {})",
                    order.item.trim(),
                    some_names(&item_names)
                )
            });
        }
        let requested = checked.period_index.get(&key(&order.requested)).copied();
        if requested.is_none() {
            complain(if order.requested.trim().is_empty() {
                "names no requested period".to_string()
            } else {
                format!(
                    "period \"{}\" is not in the plan (periods: {})",
                    order.requested.trim(),
                    some_names(&checked.periods)
                )
            });
        }
        let quantity = order.quantity;
        let quantity_ok = quantity.is_finite() && (0.0..=MAX_UNITS).contains(&quantity);
        if !quantity_ok {
            complain(format!(
                "the quantity ({}) cannot be promised: give a number of units from 0 to {MAX_UNITS:e}",
                show(quantity)
            ));
        }
        if let (Some(item), Some(requested), true) = (item, requested, quantity_ok) {
            out.push(Resolved {
                item,
                requested,
                quantity,
            });
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(PromiseError::Orders(problems))
    }
}

/// Promises `orders` against `availability` in priority order (see the module
/// documentation) and returns each order's promise and each item's ATP after them.
///
/// # Errors
/// [`PromiseError`] when the availability has no periods, an unnamed or repeated item, a
/// supply list without one value per period, or a negative or non-finite quantity; and
/// [`PromiseError::Orders`] listing every order that names an unknown item or period or
/// has a negative or non-finite quantity.
pub fn promise_orders(
    availability: &Availability,
    orders: &[Order],
) -> Result<PromiseResult, PromiseError> {
    let checked = check(availability)?;
    let resolved = resolve(&checked, orders)?;
    let n = checked.periods.len();
    let mut committed = vec![vec![0.0; n]; checked.items.len()];

    let mut sequence: Vec<usize> = (0..orders.len()).collect();
    sequence.sort_by_key(|&i| {
        (
            orders[i].priority.map_or((1, 0), |p| (0, p)),
            resolved[i].requested,
            i,
        )
    });

    let mut promises: Vec<Option<OrderPromise>> = vec![None; orders.len()];
    for (seq, &i) in sequence.iter().enumerate() {
        let order = &orders[i];
        let r = &resolved[i];
        let item = &checked.items[r.item];
        let cumulative = atp::cumulative_atp(item.on_hand, &item.supply, &committed[r.item]);
        let (promised, quantity) = match atp::earliest(&cumulative, None, r.requested, r.quantity) {
            Some(t) => (Some(t), r.quantity),
            None => {
                let most = cumulative[n - 1].min(r.quantity);
                if most > 0.0 {
                    (atp::earliest(&cumulative, None, r.requested, most), most)
                } else {
                    (None, 0.0)
                }
            }
        };
        if let Some(t) = promised {
            committed[r.item][t] += quantity;
        }
        let short_units = if promised.is_some() {
            (r.quantity - quantity).max(0.0)
        } else {
            r.quantity
        };
        let periods_late = promised.map_or(0, |t| t - r.requested);
        let status = if short_units > 0.0 {
            PromiseStatus::Short { units: short_units }
        } else if periods_late > 0 {
            PromiseStatus::Late {
                periods: periods_late,
            }
        } else {
            PromiseStatus::OnTime
        };
        promises[i] = Some(OrderPromise {
            index: i,
            sequence: seq + 1,
            id: order.id.trim().to_string(),
            customer: order.customer.trim().to_string(),
            item: item.item.clone(),
            quantity: r.quantity,
            requested: r.requested,
            requested_period: checked.periods[r.requested].clone(),
            promised_quantity: if promised.is_some() { quantity } else { 0.0 },
            promised,
            promised_period: promised.map(|t| checked.periods[t].clone()),
            periods_late,
            short_units,
            status,
        });
    }
    let orders: Vec<OrderPromise> = promises.into_iter().flatten().collect();
    let items = checked
        .items
        .iter()
        .zip(committed)
        .map(|(item, committed)| {
            let cumulative = atp::cumulative_atp(item.on_hand, &item.supply, &committed);
            ItemAtp {
                item: item.item.clone(),
                on_hand: item.on_hand,
                supply: item.supply.clone(),
                atp: atp::discrete_atp(&cumulative),
                cumulative_atp: cumulative,
                committed,
            }
        })
        .collect();
    let count = |f: fn(&PromiseStatus) -> bool| orders.iter().filter(|o| f(&o.status)).count();
    Ok(PromiseResult {
        periods: checked.periods,
        on_time: count(|s| matches!(s, PromiseStatus::OnTime)),
        late: count(|s| matches!(s, PromiseStatus::Late { .. })),
        short: count(|s| matches!(s, PromiseStatus::Short { .. })),
        units_ordered: orders.iter().map(|o| o.quantity).sum(),
        units_promised: orders.iter().map(|o| o.promised_quantity).sum(),
        units_on_time: orders
            .iter()
            .filter(|o| o.promised == Some(o.requested))
            .map(|o| o.promised_quantity)
            .sum(),
        items,
        orders,
    })
}
