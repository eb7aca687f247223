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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::capacity::{BillLine, FamilyTerms, Resource};

    fn model() -> CapacityModel {
        CapacityModel {
            periods: vec!["Jan".into(), "Feb".into()],
            resources: vec![Resource {
                name: " Press ".into(),
                regular_hours: PerPeriod::Same(100.0),
                overtime_hours: PerPeriod::Each(vec![1e-12, 5.0]),
            }],
            bill: vec![
                BillLine {
                    family: "A".into(),
                    resource: "PRESS".into(),
                    hours_per_unit: 1.5,
                },
                BillLine {
                    family: "a".into(),
                    resource: "press".into(),
                    hours_per_unit: 0.5,
                },
            ],
        }
    }

    #[test]
    fn hours_expand_per_period_and_bill_lines_add_up() {
        let c = check(&model(), &[FamilyDemand::new("A", vec![1.0, 2.0])], None).unwrap();
        assert_eq!(c.resources[0].name, "Press");
        assert_eq!(c.resources[0].regular, [100.0, 100.0]);
        // A trillionth of an hour is rounding noise.
        assert_eq!(c.resources[0].overtime, [0.0, 5.0]);
        assert_eq!(c.families[0].hours, [2.0]);
    }

    #[test]
    fn user_order_puts_listed_families_first() {
        let settings = SupplySettings {
            families: vec![FamilyTerms {
                family: "B".into(),
                margin_per_unit: -2.0,
                initial_inventory: 3.0,
            }],
            ..SupplySettings::default()
        };
        let demand = [
            FamilyDemand::new("A", vec![0.0, 0.0]),
            FamilyDemand::new("B", vec![0.0, 0.0]),
        ];
        let c = check(&model(), &demand, Some(&settings)).unwrap();
        let orders: Vec<(usize, f64, f64)> = c
            .families
            .iter()
            .map(|f| (f.order, f.margin, f.initial_inventory))
            .collect();
        // Listed: B (0); then the demand's order after the one listed: A (1 + 0).
        assert_eq!(orders, [(1, 0.0, 0.0), (0, -2.0, 3.0)]);
        // B has demand but no hours in the bill.
        assert_eq!(c.warnings[0].kind, WarningKind::NotInBill);
    }

    #[test]
    fn too_large_and_unnamed_are_refused() {
        let mut m = model();
        m.bill[0].hours_per_unit = 2e12;
        let err = check(&m, &[], None).unwrap_err();
        assert!(
            err.to_string()
                .ends_with("larger than Attune accepts (1e12)"),
            "{err}"
        );
        let mut m = model();
        m.periods[1] = "  ".into();
        assert_eq!(
            check(&m, &[], None).unwrap_err().to_string(),
            "period 2 has no name"
        );
        let demand = [
            FamilyDemand::new("A", vec![0.0; 2]),
            FamilyDemand::new("a ", vec![0.0; 2]),
        ];
        assert_eq!(
            check(&model(), &demand, None).unwrap_err().to_string(),
            "family in the demand \"a\" is listed twice (names are compared ignoring case)"
        );
    }
}
