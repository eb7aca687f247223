//! "Can we promise this?": one new order checked against the ATP that the promised orders
//! leave, from stock and planned supply, then with spare capacity (capable to promise).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::atp::{earliest, reaches};
use super::{check_quantity, key, some_names, PromiseError, PromiseResult};
use crate::kpi::show;
use crate::plan::capacity::{CapacityModel, SupplyPlan};

/// The question: this many units of this item in this period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PromiseQuery {
    /// The item or family.
    pub item: String,
    /// Units wanted.
    pub quantity: f64,
    /// The period wanted, by name.
    pub period: String,
    /// Units that spare capacity could still make in each period (capable to promise);
    /// `None` to ask about stock and planned supply only.
    #[serde(default)]
    pub spare_capacity: Option<Vec<f64>>,
}

/// A period an order could be promised in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Earliest {
    /// Its place.
    pub period: usize,
    /// Its name.
    pub name: String,
    /// Periods after the one asked for.
    pub periods_late: usize,
}

/// The answer to a [`PromiseQuery`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PromiseAnswer {
    /// The item, as the supply plan names it.
    pub item: String,
    /// Units asked for.
    pub quantity: f64,
    /// The period asked for.
    pub requested: usize,
    /// Its name.
    pub requested_period: String,
    /// Whether it can be promised in the period asked for (from stock, or with the spare
    /// capacity given).
    pub yes: bool,
    /// Cumulative ATP in the period asked for: what stock and planned supply can promise
    /// there.
    pub available_to_promise: f64,
    /// Units spare capacity could add by the period asked for (0 without it).
    pub spare_by_requested: f64,
    /// The first period from the one asked for whose ATP covers the quantity.
    pub from_stock: Option<Earliest>,
    /// The first period whose ATP plus the spare units made by then covers it; `None`
    /// without spare capacity, or when even that does not within the horizon.
    pub with_capacity: Option<Earliest>,
    /// Units missing in the last period when no period covers the quantity (with spare
    /// capacity when given); 0 otherwise.
    pub missing_units: f64,
    /// The answer in a sentence.
    pub answer: String,
}

fn earliest_at(periods: &[String], t: usize, requested: usize) -> Earliest {
    Earliest {
        period: t,
        name: periods[t].clone(),
        periods_late: t - requested,
    }
}

/// Answers "can we promise `query.quantity` of `query.item` in `query.period`?" against
/// the ATP left after the orders of `promised`: yes or no, the earliest period from
/// stock and planned supply, the earliest with spare capacity, or the units missing
/// within the horizon.
///
/// # Errors
/// [`PromiseError::Orders`] when the item or period is not in the plan or the quantity is
/// negative or not finite; [`PromiseError::PeriodCount`] or
/// [`PromiseError::BadValue`] when the spare capacity is not one non-negative number per
/// period.
pub fn can_promise(
    promised: &PromiseResult,
    query: &PromiseQuery,
) -> Result<PromiseAnswer, PromiseError> {
    let n = promised.periods.len();
    let item = promised
        .items
        .iter()
        .find(|i| key(&i.item) == key(&query.item));
    let requested = promised
        .periods
        .iter()
        .position(|p| key(p) == key(&query.period));
    let mut problems = Vec::new();
    if item.is_none() {
        let names: Vec<String> = promised.items.iter().map(|i| i.item.clone()).collect();
        problems.push(format!(
            "item \"{}\" is not in the supply plan (items: {})",
            query.item.trim(),
            some_names(&names)
        ));
    }
    if requested.is_none() {
        problems.push(format!(
            "period \"{}\" is not in the plan (periods: {})",
            query.period.trim(),
            some_names(&promised.periods)
        ));
    }
    if !(query.quantity.is_finite() && (0.0..=super::MAX_UNITS).contains(&query.quantity)) {
        problems.push(format!(
            "the quantity ({}) cannot be promised: give a number of units from 0 to {:e}",
            show(query.quantity),
            super::MAX_UNITS
        ));
    }
    let (Some(item), Some(requested), true) = (item, requested, problems.is_empty()) else {
        return Err(PromiseError::Orders(
            problems
                .into_iter()
                .map(|m| super::OrderProblem {
                    index: 0,
                    row: None,
                    message: format!("the question: {m}"),
                })
                .collect(),
        ));
    };
    let spare = match &query.spare_capacity {
        None => None,
        Some(s) => {
            if s.len() != n {
                return Err(PromiseError::PeriodCount {
                    what: format!("the spare capacity of item \"{}\"", item.item),
                    found: s.len(),
                    expected: n,
                });
            }
            let checked = s
                .iter()
                .zip(&promised.periods)
                .map(|(v, p)| {
                    check_quantity(*v, || {
                        format!("the spare capacity of item \"{}\" in {p}", item.item)
                    })
                })
                .collect::<Result<Vec<f64>, _>>()?;
            Some(checked)
        }
    };
    let q = query.quantity;
    let cumulative = &item.cumulative_atp;
    let from_stock = earliest(cumulative, None, requested, q)
        .map(|t| earliest_at(&promised.periods, t, requested));
    let with_capacity = spare
        .as_deref()
        .and_then(|s| earliest(cumulative, Some(s), requested, q))
        .map(|t| earliest_at(&promised.periods, t, requested));
    let spare_total: f64 = spare.as_deref().map_or(0.0, |s| s.iter().sum());
    let spare_by_requested: f64 = spare
        .as_deref()
        .map_or(0.0, |s| s[..=requested].iter().sum());
    let available = cumulative[requested];
    let yes = reaches(available, q) || with_capacity.as_ref().is_some_and(|e| e.periods_late == 0);
    let missing_units = if from_stock.is_none() && with_capacity.is_none() {
        (q - cumulative[n - 1] - spare_total).max(0.0)
    } else {
        0.0
    };
    let answer = sentence(
        &item.item,
        q,
        &promised.periods,
        requested,
        available,
        spare_by_requested,
        from_stock.as_ref(),
        with_capacity.as_ref(),
        spare.is_some(),
        missing_units,
    );
    Ok(PromiseAnswer {
        item: item.item.clone(),
        quantity: q,
        requested,
        requested_period: promised.periods[requested].clone(),
        yes,
        available_to_promise: available,
        spare_by_requested,
        from_stock,
        with_capacity,
        missing_units,
        answer,
    })
}

#[allow(clippy::too_many_arguments)]
fn sentence(
    item: &str,
    q: f64,
    periods: &[String],
    requested: usize,
    available: f64,
    spare_by_requested: f64,
    from_stock: Option<&Earliest>,
    with_capacity: Option<&Earliest>,
    asked_capacity: bool,
    missing: f64,
) -> String {
    let what = format!("{} {item}", units(q));
    let when = &periods[requested];
    if reaches(available, q) {
        return format!(
            "Yes: {what} can be promised in {when} from stock and planned supply ({} available to promise).",
            show(available)
        );
    }
    if with_capacity.is_some_and(|e| e.periods_late == 0) {
        return format!(
            "Yes, with spare capacity: {what} in {when} — {} from stock and planned supply, {} more to make.",
            show(available),
            show((q - available).max(0.0).min(spare_by_requested))
        );
    }
    let mut out = format!(
        "Not in {when}: only {} available to promise there",
        show(available)
    );
    if asked_capacity {
        out.push_str(&format!(
            ", {} with spare capacity",
            show(available + spare_by_requested)
        ));
    }
    out.push('.');
    match (from_stock, with_capacity) {
        (Some(s), Some(c)) if c.period < s.period => out.push_str(&format!(
            " The earliest is {} with spare capacity ({} from stock and planned supply).",
            c.name, s.name
        )),
        (Some(s), _) => out.push_str(&format!(" The earliest is {}.", s.name)),
        (None, Some(c)) => out.push_str(&format!(
            " The earliest is {} with spare capacity (never from stock and planned supply within the horizon).",
            c.name
        )),
        (None, None) => out.push_str(&format!(
            " Not within the horizon: {} missing by {}{}.",
            units(missing),
            periods[periods.len() - 1],
            if asked_capacity {
                " even with spare capacity"
            } else {
                ""
            }
        )),
    }
    out
}

fn units(x: f64) -> String {
    if x == 1.0 {
        "1 unit".to_string()
    } else {
        format!("{} units", show(x))
    }
}

/// Units of `family` that the hours a supply plan leaves unused could still make, per
/// period: for every resource the family uses, its spare regular and overtime hours ÷
/// the family's hours per unit there; the least over those resources.
///
/// # Errors
/// [`PromiseError::Unknown`] when the family is not in the bill of resources or a
/// resource of its bill is not in the plan; [`PromiseError::BadValue`] when the family
/// uses no resource (its capacity has no limit to compute).
pub fn spare_units(
    model: &CapacityModel,
    plan: &SupplyPlan,
    family: &str,
) -> Result<Vec<f64>, PromiseError> {
    let mut hours: HashMap<String, f64> = HashMap::new();
    let mut order = Vec::new();
    for line in &model.bill {
        if key(&line.family) != key(family) {
            continue;
        }
        let k = key(&line.resource);
        if !hours.contains_key(&k) {
            order.push(k.clone());
        }
        *hours.entry(k).or_insert(0.0) += line.hours_per_unit.max(0.0);
    }
    if order.is_empty() {
        let mut families: Vec<String> = Vec::new();
        for line in &model.bill {
            if !families.iter().any(|f| key(f) == key(&line.family)) {
                families.push(line.family.trim().to_string());
            }
        }
        return Err(PromiseError::Unknown {
            what: "family".to_string(),
            name: family.trim().to_string(),
            known: families,
        });
    }
    let n = plan.periods.len();
    let mut spare = vec![f64::INFINITY; n];
    for k in &order {
        let h = hours.get(k).copied().unwrap_or(0.0);
        if !(h.is_finite() && h > 1e-9) {
            continue;
        }
        let Some(r) = plan.resources.iter().find(|r| key(&r.resource) == *k) else {
            return Err(PromiseError::Unknown {
                what: "resource".to_string(),
                name: k.clone(),
                known: plan.resources.iter().map(|r| r.resource.clone()).collect(),
            });
        };
        for (t, s) in spare.iter_mut().enumerate() {
            let at = |v: &Vec<f64>| v.get(t).copied().unwrap_or(0.0);
            let left = (at(&r.regular_hours) - at(&r.regular_hours_used)).max(0.0)
                + (at(&r.overtime_hours) - at(&r.overtime_hours_used)).max(0.0);
            *s = s.min(left / h);
        }
    }
    if spare.iter().any(|s| !s.is_finite()) {
        return Err(PromiseError::BadValue {
            what: format!("the hours per unit of family \"{}\"", family.trim()),
            value: 0.0,
            reason: "the family takes no hours on any resource, so its spare capacity has no \
                     limit: give the spare units per period yourself"
                .to_string(),
        });
    }
    Ok(spare)
}
