//! Raw model, then checked numbers: every name matched, every list one value per
//! period, every number finite and within bounds, before any arithmetic is done.

use std::collections::{HashMap, HashSet};

use super::{
    CapacityError, CapacityModel, CapacityWarning, FamilyDemand, PerPeriod, SupplySettings,
    WarningKind, MAX_VALUE,
};

/// Hours (per unit or available) below this count as none: they are rounding noise,
/// and dividing by them could overflow.
const NEGLIGIBLE_HOURS: f64 = 1e-9;

/// A resource with one regular and one overtime figure per period.
#[derive(Debug, Clone)]
pub(super) struct CheckedResource {
    pub name: String,
    pub regular: Vec<f64>,
    pub overtime: Vec<f64>,
}

/// A family with demand, its hours per unit on every resource and its terms.
#[derive(Debug, Clone)]
pub(super) struct CheckedFamily {
    pub name: String,
    /// Demand per period, never negative.
    pub demand: Vec<f64>,
    /// Hours per unit, one per resource of the model (0 where the bill has none).
    pub hours: Vec<f64>,
    pub margin: f64,
    pub initial_inventory: f64,
    /// Place in the user's order: listed terms first, then the demand's order.
    pub order: usize,
}

impl CheckedFamily {
    /// Whether the bill gives the family any hours at all.
    pub fn uses_capacity(&self) -> bool {
        self.hours.iter().any(|h| *h > 0.0)
    }
}

/// A model and its demand, ready to compute with.
#[derive(Debug, Clone)]
pub(super) struct Checked {
    pub periods: Vec<String>,
    pub resources: Vec<CheckedResource>,
    /// The families of the demand, in its order.
    pub families: Vec<CheckedFamily>,
    pub warnings: Vec<CapacityWarning>,
}

/// How names are compared: ignoring case and surrounding spaces.
pub(super) fn name_key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// Checks one number: finite, within [`MAX_VALUE`], and not negative unless allowed.
fn number(
    value: f64,
    negative_ok: bool,
    what: impl FnOnce() -> String,
) -> Result<f64, CapacityError> {
    let reason = if !value.is_finite() {
        Some("not a finite number".to_string())
    } else if value < 0.0 && !negative_ok {
        Some("it cannot be negative".to_string())
    } else if value.abs() > MAX_VALUE {
        Some(format!("it is larger than Attune accepts ({MAX_VALUE:e})"))
    } else {
        None
    };
    match reason {
        Some(reason) => Err(CapacityError::BadValue {
            what: what(),
            value,
            reason,
        }),
        None => Ok(value),
    }
}

/// Hours: checked as [`number`], negligible amounts as zero.
fn hours(value: f64, what: impl FnOnce() -> String) -> Result<f64, CapacityError> {
    let v = number(value, false, what)?;
    Ok(if v < NEGLIGIBLE_HOURS { 0.0 } else { v })
}

/// One value per period from `per`, each checked as hours.
fn per_period(per: &PerPeriod, periods: &[String], what: &str) -> Result<Vec<f64>, CapacityError> {
    match per {
        PerPeriod::Same(v) => {
            let v = hours(*v, || format!("{what} (every period)"))?;
            Ok(vec![v; periods.len()])
        }
        PerPeriod::Each(values) => {
            if values.len() != periods.len() {
                return Err(CapacityError::PeriodCount {
                    what: what.to_string(),
                    found: values.len(),
                    expected: periods.len(),
                });
            }
            values
                .iter()
                .zip(periods)
                .map(|(v, p)| hours(*v, || format!("{what} in {p}")))
                .collect()
        }
    }
}

/// Checks `model`, `demand` and (for a supply plan) `settings` together.
pub(super) fn check(
    model: &CapacityModel,
    demand: &[FamilyDemand],
    settings: Option<&SupplySettings>,
) -> Result<Checked, CapacityError> {
    if model.periods.is_empty() {
        return Err(CapacityError::NoPeriods);
    }
    let mut periods = Vec::with_capacity(model.periods.len());
    for (i, p) in model.periods.iter().enumerate() {
        let p = p.trim();
        if p.is_empty() {
            return Err(CapacityError::MissingName {
                what: format!("period {}", i + 1),
            });
        }
        periods.push(p.to_string());
    }

    let mut resources = Vec::with_capacity(model.resources.len());
    let mut resource_index: HashMap<String, usize> = HashMap::new();
    for (i, r) in model.resources.iter().enumerate() {
        let name = r.name.trim();
        if name.is_empty() {
            return Err(CapacityError::MissingName {
                what: format!("resource {}", i + 1),
            });
        }
        if resource_index.insert(name_key(name), i).is_some() {
            return Err(CapacityError::Duplicate {
                what: "resource".to_string(),
                name: name.to_string(),
            });
        }
        resources.push(CheckedResource {
            name: name.to_string(),
            regular: per_period(
                &r.regular_hours,
                &periods,
                &format!("the regular hours of resource \"{name}\""),
            )?,
            overtime: per_period(
                &r.overtime_hours,
                &periods,
                &format!("the overtime hours of resource \"{name}\""),
            )?,
        });
    }

    // The bill, summed per family and resource.
    let mut bill: HashMap<String, Vec<f64>> = HashMap::new();
    for (i, line) in model.bill.iter().enumerate() {
        let family = line.family.trim();
        if family.is_empty() {
            return Err(CapacityError::MissingName {
                what: format!("the family on line {} of the bill of resources", i + 1),
            });
        }
        let Some(&r) = resource_index.get(&name_key(&line.resource)) else {
            return Err(CapacityError::UnknownResource {
                family: family.to_string(),
                resource: line.resource.trim().to_string(),
                known: resources.iter().map(|r| r.name.clone()).collect(),
            });
        };
        let h = hours(line.hours_per_unit, || {
            format!(
                "the hours per unit of family \"{family}\" on resource \"{}\"",
                resources[r].name
            )
        })?;
        let row = bill
            .entry(name_key(family))
            .or_insert_with(|| vec![0.0; resources.len()]);
        row[r] += h;
    }

    // The family terms, by name.
    let mut terms: HashMap<String, (usize, f64, f64)> = HashMap::new();
    let listed = settings.map_or(&[][..], |s| s.families.as_slice());
    for (i, t) in listed.iter().enumerate() {
        let family = t.family.trim();
        if family.is_empty() {
            return Err(CapacityError::MissingName {
                what: format!("family {} of the plan settings", i + 1),
            });
        }
        let margin = number(t.margin_per_unit, true, || {
            format!("the margin per unit of family \"{family}\"")
        })?;
        let initial = number(t.initial_inventory, false, || {
            format!("the initial inventory of family \"{family}\"")
        })?;
        if terms
            .insert(name_key(family), (i, margin, initial))
            .is_some()
        {
            return Err(CapacityError::Duplicate {
                what: "family in the plan settings".to_string(),
                name: family.to_string(),
            });
        }
    }

    let mut warnings = Vec::new();
    let mut families: Vec<CheckedFamily> = Vec::with_capacity(demand.len());
    let mut seen: HashSet<String> = HashSet::new();
    for (i, d) in demand.iter().enumerate() {
        let name = d.family.trim();
        if name.is_empty() {
            return Err(CapacityError::MissingName {
                what: format!("family {} of the demand", i + 1),
            });
        }
        let key = name_key(name);
        if !seen.insert(key.clone()) {
            return Err(CapacityError::Duplicate {
                what: "family in the demand".to_string(),
                name: name.to_string(),
            });
        }
        if d.quantities.len() != periods.len() {
            return Err(CapacityError::PeriodCount {
                what: format!("the demand of family \"{name}\""),
                found: d.quantities.len(),
                expected: periods.len(),
            });
        }
        let mut quantities = Vec::with_capacity(periods.len());
        let mut negative = Vec::new();
        for (q, p) in d.quantities.iter().zip(&periods) {
            let q = number(*q, true, || {
                format!("the demand of family \"{name}\" in {p}")
            })?;
            if q < 0.0 {
                negative.push(p.as_str());
            }
            quantities.push(q.max(0.0));
        }
        if !negative.is_empty() {
            warnings.push(CapacityWarning {
                kind: WarningKind::NegativeDemand,
                family: name.to_string(),
                message: format!(
                    "the demand of family \"{name}\" is negative in {}; taken as zero",
                    negative.join(", ")
                ),
            });
        }
        let hours = bill
            .get(&key)
            .cloned()
            .unwrap_or_else(|| vec![0.0; resources.len()]);
        let (order, margin, initial_inventory) =
            terms
                .get(&key)
                .copied()
                .unwrap_or((listed.len() + i, 0.0, 0.0));
        let family = CheckedFamily {
            name: name.to_string(),
            demand: quantities,
            hours,
            margin,
            initial_inventory,
            order,
        };
        if !family.uses_capacity() {
            warnings.push(CapacityWarning {
                kind: WarningKind::NotInBill,
                family: name.to_string(),
                message: format!(
                    "family \"{name}\" takes no hours in the bill of resources, so capacity does not limit it — check its name in the bill"
                ),
            });
        }
        families.push(family);
    }
    for t in listed {
        if !seen.contains(&name_key(&t.family)) {
            let name = t.family.trim();
            warnings.push(CapacityWarning {
                kind: WarningKind::TermsWithoutDemand,
                family: name.to_string(),
                message: format!(
                    "family \"{name}\" has a margin or initial inventory but no demand; it is left out of the plan"
                ),
            });
        }
    }

    Ok(Checked {
        periods,
        resources,
        families,
        warnings,
    })
}
