//! The rough-cut check: load per resource and period against its regular and overtime
//! hours, laid out as a resource × period grid for a heatmap, with the bottleneck.

use serde::{Deserialize, Serialize};

use super::check::{check, Checked};
use super::{percent, CapacityError, CapacityModel, CapacityWarning, FamilyDemand};

/// How full a resource is in one period (the colour of a heatmap cell).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LoadLevel {
    /// The load fits in the regular hours.
    Within,
    /// The load exceeds the regular hours but fits with overtime.
    NeedsOvertime,
    /// The load exceeds regular and overtime hours together.
    BeyondOvertime,
}

/// One resource in one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoadCell {
    /// Hours the demand needs.
    pub load_hours: f64,
    /// Regular hours available.
    pub regular_hours: f64,
    /// Overtime hours available on top.
    pub overtime_hours: f64,
    /// Load ÷ regular hours × 100; `None` without regular hours.
    pub utilization_pct: Option<f64>,
    /// Load ÷ (regular + overtime hours) × 100; `None` without any hours.
    pub utilization_with_overtime_pct: Option<f64>,
    /// Within, needs overtime, or beyond overtime.
    pub level: LoadLevel,
}

/// The hours one family's demand puts on a resource, per period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FamilyLoad {
    /// The family.
    pub family: String,
    /// Hours per period.
    pub hours: Vec<f64>,
}

/// One row of the heatmap: a resource across the periods, with its totals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResourceLoad {
    /// The resource.
    pub resource: String,
    /// One cell per period.
    pub cells: Vec<LoadCell>,
    /// The families that load it (those with hours on it in the bill), in demand order.
    pub by_family: Vec<FamilyLoad>,
    /// Load over all periods.
    pub total_load_hours: f64,
    /// Regular hours over all periods.
    pub total_regular_hours: f64,
    /// Overtime hours over all periods.
    pub total_overtime_hours: f64,
    /// Total load ÷ total regular hours × 100; `None` without regular hours.
    pub total_utilization_pct: Option<f64>,
    /// The highest utilization of a period that has regular hours; `None` if none has.
    pub peak_utilization_pct: Option<f64>,
    /// Periods whose load exceeds the regular hours.
    pub overloaded_periods: usize,
    /// Periods whose load exceeds regular + overtime hours.
    pub beyond_overtime_periods: usize,
    /// Hours of load above regular hours, summed over the overloaded periods.
    pub overloaded_hours: f64,
    /// Hours of load above regular + overtime hours, summed over periods.
    pub beyond_overtime_hours: f64,
}

/// The resource that limits the plan most (see the module documentation).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bottleneck {
    /// Its place in [`RoughCut::resources`].
    pub index: usize,
    /// Its name.
    pub resource: String,
    /// Its hours above regular capacity, over all periods.
    pub overloaded_hours: f64,
    /// Its peak utilization.
    pub peak_utilization_pct: Option<f64>,
}

/// One overloaded resource-period, for a list beside the heatmap.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Overload {
    /// Place of the resource in [`RoughCut::resources`].
    pub resource_index: usize,
    /// The resource.
    pub resource: String,
    /// Place of the period.
    pub period_index: usize,
    /// The period.
    pub period: String,
    /// Hours the demand needs.
    pub load_hours: f64,
    /// Load above regular hours.
    pub hours_over_regular: f64,
    /// Load above regular + overtime hours (0 when overtime covers it).
    pub hours_beyond_overtime: f64,
    /// Whether even overtime cannot cover the load in this period.
    pub beyond_overtime: bool,
}

/// The rough-cut capacity check of a demand.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoughCut {
    /// The periods (heatmap columns).
    pub periods: Vec<String>,
    /// The resources (heatmap rows), in the model's order.
    pub resources: Vec<ResourceLoad>,
    /// The bottleneck; `None` when no resource has any load.
    pub bottleneck: Option<Bottleneck>,
    /// Every overloaded resource-period, resource by resource.
    pub overloads: Vec<Overload>,
    /// Notes on the input (families outside the bill, negative demand).
    pub warnings: Vec<CapacityWarning>,
}

/// Whether `load` is above `hours` by more than rounding.
pub(super) fn exceeds(load: f64, hours: f64) -> bool {
    load > hours + 1e-9 * hours.max(1.0)
}

/// Load, utilization and the bottleneck of `demand` (one row per family of `checked`).
pub(super) fn analyse(checked: &Checked, demand: &[Vec<f64>]) -> RoughCut {
    let periods = checked.periods.len();
    let mut resources = Vec::with_capacity(checked.resources.len());
    let mut overloads = Vec::new();
    for (r, res) in checked.resources.iter().enumerate() {
        let by_family: Vec<FamilyLoad> = checked
            .families
            .iter()
            .zip(demand)
            .filter(|(f, _)| f.hours[r] > 0.0)
            .map(|(f, d)| FamilyLoad {
                family: f.name.clone(),
                hours: d.iter().map(|q| q * f.hours[r]).collect(),
            })
            .collect();
        let mut row = ResourceLoad {
            resource: res.name.clone(),
            cells: Vec::with_capacity(periods),
            by_family: Vec::new(),
            total_load_hours: 0.0,
            total_regular_hours: 0.0,
            total_overtime_hours: 0.0,
            total_utilization_pct: None,
            peak_utilization_pct: None,
            overloaded_periods: 0,
            beyond_overtime_periods: 0,
            overloaded_hours: 0.0,
            beyond_overtime_hours: 0.0,
        };
        for t in 0..periods {
            let load: f64 = by_family.iter().map(|f| f.hours[t]).sum();
            let (regular, overtime) = (res.regular[t], res.overtime[t]);
            let with_overtime = regular + overtime;
            let level = if exceeds(load, with_overtime) {
                LoadLevel::BeyondOvertime
            } else if exceeds(load, regular) {
                LoadLevel::NeedsOvertime
            } else {
                LoadLevel::Within
            };
            let utilization = percent(load, regular);
            if level != LoadLevel::Within {
                let over = load - regular;
                let beyond = if level == LoadLevel::BeyondOvertime {
                    load - with_overtime
                } else {
                    0.0
                };
                row.overloaded_periods += 1;
                row.overloaded_hours += over;
                if level == LoadLevel::BeyondOvertime {
                    row.beyond_overtime_periods += 1;
                    row.beyond_overtime_hours += beyond;
                }
                overloads.push(Overload {
                    resource_index: r,
                    resource: res.name.clone(),
                    period_index: t,
                    period: checked.periods[t].clone(),
                    load_hours: load,
                    hours_over_regular: over,
                    hours_beyond_overtime: beyond,
                    beyond_overtime: level == LoadLevel::BeyondOvertime,
                });
            }
            if let Some(u) = utilization {
                if row.peak_utilization_pct.is_none_or(|p| u > p) {
                    row.peak_utilization_pct = Some(u);
                }
            }
            row.total_load_hours += load;
            row.total_regular_hours += regular;
            row.total_overtime_hours += overtime;
            row.cells.push(LoadCell {
                load_hours: load,
                regular_hours: regular,
                overtime_hours: overtime,
                utilization_pct: utilization,
                utilization_with_overtime_pct: percent(load, with_overtime),
                level,
            });
        }
        row.total_utilization_pct = percent(row.total_load_hours, row.total_regular_hours);
        row.by_family = by_family;
        resources.push(row);
    }
    let bottleneck = bottleneck(&resources);
    RoughCut {
        periods: checked.periods.clone(),
        resources,
        bottleneck,
        overloads,
        warnings: checked.warnings.clone(),
    }
}

/// Most overloaded hours; then highest peak utilization; then highest total load; then
/// first listed. `None` when nothing is loaded.
fn bottleneck(resources: &[ResourceLoad]) -> Option<Bottleneck> {
    let mut best: Option<(usize, &ResourceLoad)> = None;
    for (i, r) in resources.iter().enumerate() {
        if r.total_load_hours <= 0.0 {
            continue;
        }
        let better = best.is_none_or(|(_, b)| {
            let key = |x: &ResourceLoad| {
                (
                    x.overloaded_hours,
                    x.peak_utilization_pct.unwrap_or(-1.0),
                    x.total_load_hours,
                )
            };
            let (a, b) = (key(r), key(b));
            a.0.total_cmp(&b.0)
                .then(a.1.total_cmp(&b.1))
                .then(a.2.total_cmp(&b.2))
                .is_gt()
        });
        if better {
            best = Some((i, r));
        }
    }
    best.map(|(index, r)| Bottleneck {
        index,
        resource: r.resource.clone(),
        overloaded_hours: r.overloaded_hours,
        peak_utilization_pct: r.peak_utilization_pct,
    })
}

/// The rough-cut capacity check: the load `demand` puts on every resource in every
/// period, against its regular and overtime hours, with the bottleneck.
///
/// # Errors
/// [`CapacityError`] when the model or the demand cannot be read: no periods, a list
/// without one value per period, an unknown resource in the bill, a name twice, a
/// negative or non-finite number of hours.
pub fn rough_cut(
    model: &CapacityModel,
    demand: &[FamilyDemand],
) -> Result<RoughCut, CapacityError> {
    let checked = check(model, demand, None)?;
    let gross: Vec<Vec<f64>> = checked.families.iter().map(|f| f.demand.clone()).collect();
    Ok(analyse(&checked, &gross))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::capacity::{BillLine, PerPeriod, Resource};

    fn model(regular: [f64; 2]) -> CapacityModel {
        CapacityModel {
            periods: vec!["Jan".into()],
            resources: ["Cut", "Weld"]
                .iter()
                .zip(regular)
                .map(|(name, hours)| Resource {
                    name: (*name).into(),
                    regular_hours: PerPeriod::Same(hours),
                    overtime_hours: PerPeriod::default(),
                })
                .collect(),
            bill: ["Cut", "Weld"]
                .iter()
                .map(|r| BillLine {
                    family: "A".into(),
                    resource: (*r).into(),
                    hours_per_unit: 1.0,
                })
                .collect(),
        }
    }

    #[test]
    fn without_overloads_the_highest_peak_is_the_bottleneck() {
        // 50 hours on 100 (50 %) and on 80 (62.5 %): Weld.
        let r = rough_cut(&model([100.0, 80.0]), &[FamilyDemand::new("A", vec![50.0])]).unwrap();
        assert_eq!(r.bottleneck.unwrap().resource, "Weld");
        // Equal in every way: the first listed.
        let r = rough_cut(
            &model([100.0, 100.0]),
            &[FamilyDemand::new("A", vec![50.0])],
        )
        .unwrap();
        assert_eq!(r.bottleneck.unwrap().resource, "Cut");
    }

    #[test]
    fn rounding_is_not_an_overload() {
        // 3 × 0.1 is 0.30000000000000004 in floating point.
        let mut m = model([0.3, 10.0]);
        m.bill[0].hours_per_unit = 0.1;
        let r = rough_cut(&m, &[FamilyDemand::new("A", vec![3.0])]).unwrap();
        assert_eq!(r.resources[0].cells[0].level, LoadLevel::Within);
        assert!(r.overloads.is_empty());
        assert!(exceeds(0.31, 0.3));
    }
}
