//! The `inventory` section (what stock is worth, what it sells for and how much safety
//! stock to keep) and the `orders` section (the customer orders sales has taken, kept as
//! pasted).

use serde::{Deserialize, Serialize};

use super::FieldProblem;
use crate::inventory::{project, InventoryItem, InventoryPolicy, InventorySettings};
use crate::plan::capacity::TableError;
use crate::promise::parse_orders;

/// The name the aggregate plan's one product goes by when the section names none.
pub const DEFAULT_ITEM: &str = "Total";

/// Where the supply comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Supply {
    /// The capacity section's supply plan, family by family.
    Families,
    /// The aggregate plan's one product.
    #[serde(rename = "plan")]
    AggregatePlan,
}

impl Supply {
    /// `families` or `plan`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Families => "families",
            Self::AggregatePlan => "plan",
        }
    }

    /// The supply called `name` (`families` or `plan`).
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        match name.trim().to_ascii_lowercase().as_str() {
            "families" | "family" | "capacity" => Some(Self::Families),
            "plan" | "aggregate" | "aggregate_plan" => Some(Self::AggregatePlan),
            _ => None,
        }
    }
}

/// Money, service and thresholds for the inventory projection, the promises and the
/// KPIs. Every field may be left out.
///
/// ```json
/// "inventory": {
///   "item": "Pumps",
///   "unit_cost": 120, "price": 300, "margin_per_unit": 80,
///   "policy": {"target": {"cycle_service": 95}, "demand_sigma": 400, "lead_time": 1},
///   "overstock_cover_periods": 4,
///   "holding_rate_pct": 2,
///   "items": [{"item": "B", "unit_cost": 40, "price": 90}]
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InventorySection {
    /// What orders call the aggregate plan's one product (default "Total").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    /// Money per unit in stock, for the inventory value (default: an aggregate plan's
    /// material plus labour at the regular rate, else 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_cost: Option<f64>,
    /// Selling price per unit, for revenue and revenue at risk (default: none, and no
    /// revenue figures).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price: Option<f64>,
    /// Margin per unit, for the margin lost on unmet demand (default price − unit cost).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub margin_per_unit: Option<f64>,
    /// How safety stock is set; none without it. A `demand_sigma` of 0 is taken from the
    /// forecast's backtest errors when the document has sales history.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<InventoryPolicy>,
    /// Stock covering more periods of demand than this is overstock (default 6).
    #[serde(default = "default_cover")]
    pub overstock_cover_periods: f64,
    /// Cost of holding stock per period in percent of its value (default 2).
    #[serde(default = "default_holding")]
    pub holding_rate_pct: f64,
    /// Which plan's supply the projection and the promises read: `plan` (the aggregate
    /// plan's one product) or `families` (the capacity section's supply plan); left out,
    /// families when the capacity section is complete, else the plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supply: Option<Supply>,
    /// Figures of single items or families that differ from the ones above.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<ItemTerms>,
}

fn default_cover() -> f64 {
    InventorySettings::default().overstock_cover_periods
}

fn default_holding() -> f64 {
    2.0
}

impl Default for InventorySection {
    fn default() -> Self {
        Self {
            item: None,
            unit_cost: None,
            price: None,
            margin_per_unit: None,
            policy: None,
            overstock_cover_periods: default_cover(),
            holding_rate_pct: default_holding(),
            supply: None,
            items: Vec::new(),
        }
    }
}

/// One item's (or family's) own figures; what it leaves out comes from the section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemTerms {
    /// The item or family, as the plan names it.
    pub item: String,
    /// Money per unit in stock.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_cost: Option<f64>,
    /// Selling price per unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price: Option<f64>,
    /// Margin per unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub margin_per_unit: Option<f64>,
    /// Its own safety-stock policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<InventoryPolicy>,
}

/// One item's figures after the section's defaults are applied.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Terms {
    /// Money per unit in stock.
    pub unit_cost: f64,
    /// Selling price per unit.
    pub price: f64,
    /// Margin per unit.
    pub margin_per_unit: f64,
    /// Safety-stock policy.
    pub policy: Option<InventoryPolicy>,
}

impl InventorySection {
    /// The name of the aggregate plan's product.
    #[must_use]
    pub fn item_name(&self) -> &str {
        self.item
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .unwrap_or(DEFAULT_ITEM)
    }

    /// The figures of `item` (compared ignoring case and surrounding spaces); a unit cost
    /// given nowhere is `default_cost`, a price given nowhere 0.
    #[must_use]
    pub fn terms(&self, item: &str, default_cost: f64) -> Terms {
        let own = self
            .items
            .iter()
            .find(|t| t.item.trim().eq_ignore_ascii_case(item.trim()));
        let unit_cost = own
            .and_then(|t| t.unit_cost)
            .or(self.unit_cost)
            .unwrap_or(default_cost);
        let price = own.and_then(|t| t.price).or(self.price).unwrap_or(0.0);
        let margin_per_unit = own
            .and_then(|t| t.margin_per_unit)
            .or(self.margin_per_unit)
            .unwrap_or((price - unit_cost).max(0.0));
        Terms {
            unit_cost,
            price,
            margin_per_unit,
            policy: own.and_then(|t| t.policy).or(self.policy),
        }
    }

    /// The projection thresholds.
    #[must_use]
    pub fn settings(&self) -> InventorySettings {
        InventorySettings {
            overstock_cover_periods: self.overstock_cover_periods,
        }
    }

    /// Every impossible value, at its path: negative or non-finite money, a service level
    /// outside 50–99.99 %, a negative lead time…
    pub(super) fn problems(&self) -> Vec<FieldProblem> {
        let money = |path: &str, v: Option<f64>, may_be_negative: bool| {
            v.and_then(|v| money_problem(path.to_string(), v, may_be_negative))
        };
        let mut problems: Vec<FieldProblem> = [
            money("inventory.unit_cost", self.unit_cost, false),
            money("inventory.price", self.price, false),
            money("inventory.margin_per_unit", self.margin_per_unit, true),
            money(
                "inventory.holding_rate_pct",
                Some(self.holding_rate_pct),
                false,
            ),
        ]
        .into_iter()
        .flatten()
        .collect();
        for (i, t) in self.items.iter().enumerate() {
            let at = |field: &str| format!("inventory.items[{i}].{field}");
            if t.item.trim().is_empty() {
                problems.push(FieldProblem {
                    path: at("item"),
                    message: "the item has no name".into(),
                });
            }
            problems.extend(
                [
                    money(&at("unit_cost"), t.unit_cost, false),
                    money(&at("price"), t.price, false),
                    money(&at("margin_per_unit"), t.margin_per_unit, true),
                ]
                .into_iter()
                .flatten(),
            );
        }
        if !(self.overstock_cover_periods.is_finite() && self.overstock_cover_periods > 0.0) {
            problems.push(FieldProblem {
                path: "inventory.overstock_cover_periods".into(),
                message: format!(
                    "{} periods of cover cannot mark overstock: give a number above 0",
                    self.overstock_cover_periods
                ),
            });
        }
        let policies = std::iter::once(("inventory.policy".to_string(), self.policy)).chain(
            self.items
                .iter()
                .enumerate()
                .map(|(i, t)| (format!("inventory.items[{i}].policy"), t.policy)),
        );
        for (path, policy) in policies {
            if let Some(message) = policy.and_then(policy_problem) {
                problems.push(FieldProblem { path, message });
            }
        }
        problems
    }
}

/// An amount of money (or a rate) that cannot be used: not finite, beyond 1e12, or
/// negative where it may not be.
fn money_problem(path: String, v: f64, may_be_negative: bool) -> Option<FieldProblem> {
    (!v.is_finite() || (!may_be_negative && v < 0.0) || v.abs() > 1e12).then(|| FieldProblem {
        path,
        message: format!(
            "{v} is not usable here: give {} number up to 1e12",
            if may_be_negative {
                "a"
            } else {
                "a non-negative"
            }
        ),
    })
}

/// What is wrong with a policy, tried on one period of one unit of demand.
fn policy_problem(policy: InventoryPolicy) -> Option<String> {
    let item = InventoryItem {
        item: "the policy".into(),
        family: None,
        opening_stock: 0.0,
        demand: vec![1.0],
        supply: vec![1.0],
        unit_cost: 0.0,
        policy: Some(policy),
    };
    project(&["1".to_string()], &[item], &InventorySettings::default())
        .err()
        .map(|e| e.to_string())
}

/// The problems of a pasted order list, at `orders` (each cell named by row and column).
pub(super) fn order_problems(text: &str) -> Vec<FieldProblem> {
    if text.trim().is_empty() {
        return Vec::new();
    }
    let path = "orders".to_string();
    match parse_orders(text) {
        Ok(_) => Vec::new(),
        Err(TableError::Cells { problems }) if !problems.is_empty() => problems
            .iter()
            .map(|c| FieldProblem {
                path: path.clone(),
                message: c.to_string(),
            })
            .collect(),
        Err(e) => vec![FieldProblem {
            path,
            message: e.to_string(),
        }],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::ServiceTarget;

    #[test]
    fn items_take_the_section_defaults() {
        let s = InventorySection {
            unit_cost: Some(10.0),
            price: Some(25.0),
            items: vec![ItemTerms {
                item: "Valve".into(),
                unit_cost: None,
                price: Some(12.0),
                margin_per_unit: None,
                policy: None,
            }],
            ..InventorySection::default()
        };
        assert_eq!(s.item_name(), DEFAULT_ITEM);
        let pump = s.terms("Pump", 99.0);
        assert_eq!(
            (pump.unit_cost, pump.price, pump.margin_per_unit),
            (10.0, 25.0, 15.0)
        );
        let valve = s.terms(" valve ", 99.0);
        assert_eq!(
            (valve.unit_cost, valve.price, valve.margin_per_unit),
            (10.0, 12.0, 2.0)
        );
        assert!(s.problems().is_empty());
        let blank = InventorySection::default().terms("Pump", 7.0);
        assert_eq!(
            (blank.unit_cost, blank.price, blank.margin_per_unit),
            (7.0, 0.0, 0.0)
        );
    }

    #[test]
    fn impossible_values_are_named() {
        let s = InventorySection {
            unit_cost: Some(-1.0),
            overstock_cover_periods: 0.0,
            policy: Some(InventoryPolicy {
                target: ServiceTarget::CycleService(100.0),
                demand_sigma: 10.0,
                lead_time: 1.0,
                lead_time_sigma: 0.0,
                order_quantity: None,
            }),
            items: vec![ItemTerms {
                item: " ".into(),
                unit_cost: None,
                price: Some(f64::NAN),
                margin_per_unit: None,
                policy: None,
            }],
            ..InventorySection::default()
        };
        let paths: Vec<String> = s.problems().iter().map(|p| p.path.clone()).collect();
        assert_eq!(
            paths,
            [
                "inventory.unit_cost",
                "inventory.items[0].item",
                "inventory.items[0].price",
                "inventory.overstock_cover_periods",
                "inventory.policy",
            ]
        );
        let policy = &s.problems()[4].message;
        assert!(policy.contains("100"), "{policy}");
    }

    #[test]
    fn orders_are_checked_cell_by_cell() {
        assert!(order_problems("").is_empty());
        assert!(order_problems("Item\tQty\tRequested\nPump\t5\tJan\n").is_empty());
        let p = order_problems("Item\tQty\tRequested\nPump\tten\tJan\n");
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].path, "orders");
        assert!(p[0].message.contains("row 2"), "{}", p[0].message);
    }
}
