//! The capacity-constrained supply plan: families ranked by margin per bottleneck hour or
//! by the user's priority take turns in four rounds (own period on regular hours, ahead
//! on spare regular hours, own period with overtime, ahead with overtime); what no round
//! can make is a shortfall.

use serde::{Deserialize, Serialize};

use super::check::{check, Checked, CheckedFamily};
use super::rough::analyse;
use super::{
    percent, AllocationRule, CapacityError, CapacityModel, CapacityWarning, FamilyDemand,
    SupplySettings,
};

/// One family in the supply plan, period by period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FamilyPlan {
    /// The family.
    pub family: String,
    /// Its place in the allocation: 1 was served first.
    pub rank: usize,
    /// Its margin per unit.
    pub margin_per_unit: f64,
    /// Its hours per unit on the bottleneck (0 when it does not use it).
    pub bottleneck_hours_per_unit: f64,
    /// Margin per unit ÷ bottleneck hours per unit; `None` when it takes no bottleneck
    /// hours (or there is no bottleneck).
    pub margin_per_bottleneck_hour: Option<f64>,
    /// Units in stock before the first period.
    pub initial_inventory: f64,
    /// Units wanted per period (negative demand taken as zero).
    pub demand: Vec<f64>,
    /// Units made per period, for that period's demand or built ahead for later.
    pub production: Vec<f64>,
    /// Demand met in its period, from stock or production.
    pub shipped: Vec<f64>,
    /// Demand that could not be made by its period.
    pub shortfall: Vec<f64>,
    /// Stock at the end of each period that was built ahead for later demand.
    pub prebuild_inventory: Vec<f64>,
    /// All stock at the end of each period: pre-built plus initial inventory not yet used.
    pub ending_inventory: Vec<f64>,
    /// Demand over all periods.
    pub total_demand: f64,
    /// Production over all periods.
    pub total_production: f64,
    /// Shortfall over all periods.
    pub total_shortfall: f64,
}

/// The hours a resource gives the supply plan, per period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResourceUse {
    /// The resource.
    pub resource: String,
    /// Regular hours available.
    pub regular_hours: Vec<f64>,
    /// Overtime hours available.
    pub overtime_hours: Vec<f64>,
    /// Regular hours the plan uses.
    pub regular_hours_used: Vec<f64>,
    /// Overtime hours the plan uses.
    pub overtime_hours_used: Vec<f64>,
    /// All hours used ÷ regular hours × 100; `None` without regular hours.
    pub utilization_pct: Vec<Option<f64>>,
}

/// Whether the demand fits the capacity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanStatus {
    /// Every unit is made on regular hours (building ahead where needed).
    Fits,
    /// Every unit is made, but only with overtime.
    FitsWithOvertime {
        /// Overtime hours used, over all resources and periods.
        overtime_hours: f64,
    },
    /// Some demand cannot be made by its period, even with overtime.
    Short {
        /// Units short, over all families and periods.
        units: f64,
        /// The periods with a shortfall.
        periods: Vec<String>,
        /// Overtime hours used, over all resources and periods.
        overtime_hours: f64,
    },
}

/// A capacity-constrained supply plan for several families.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SupplyPlan {
    /// The periods.
    pub periods: Vec<String>,
    /// The rule that ranked the families.
    pub rule: AllocationRule,
    /// The bottleneck the margin rule ranks by (of the demand left after initial
    /// inventory); `None` when nothing loads any resource.
    pub bottleneck: Option<String>,
    /// The families, in the demand's order (see [`FamilyPlan::rank`] for the allocation
    /// order).
    pub families: Vec<FamilyPlan>,
    /// The resources, in the model's order.
    pub resources: Vec<ResourceUse>,
    /// Fits, fits with overtime, or short.
    pub status: PlanStatus,
    /// Demand over all families and periods.
    pub total_demand: f64,
    /// Shortfall over all families and periods.
    pub total_shortfall: f64,
    /// Overtime hours used over all resources and periods.
    pub total_overtime_hours: f64,
    /// Margin of the units short: shortfall × margin per unit, over all families.
    pub margin_lost: f64,
    /// Notes on the input.
    pub warnings: Vec<CapacityWarning>,
}

/// Hours left, per resource and period. What was used is what is no longer left, so
/// it can never exceed what there was, whatever the rounding.
struct Pool {
    regular_left: Vec<Vec<f64>>,
    overtime_left: Vec<Vec<f64>>,
}

impl Pool {
    fn new(checked: &Checked) -> Self {
        Self {
            regular_left: checked
                .resources
                .iter()
                .map(|r| r.regular.clone())
                .collect(),
            overtime_left: checked
                .resources
                .iter()
                .map(|r| r.overtime.clone())
                .collect(),
        }
    }

    /// How many units with `hours` per unit fit in period `s`: the least over the
    /// resources it uses. `None` when it uses none (no limit).
    fn room(&self, hours: &[f64], s: usize, overtime: bool) -> Option<f64> {
        let mut room: Option<f64> = None;
        for (r, &h) in hours.iter().enumerate() {
            if h <= 0.0 {
                continue;
            }
            let mut left = self.regular_left[r][s];
            if overtime {
                left += self.overtime_left[r][s];
            }
            let units = left / h;
            room = Some(room.map_or(units, |m: f64| m.min(units)));
        }
        room
    }

    /// Books `units` in period `s` on every resource it uses: regular hours first, then
    /// (when allowed) overtime. Never books more than is left.
    fn take(&mut self, hours: &[f64], s: usize, units: f64, overtime: bool) {
        for (r, &h) in hours.iter().enumerate() {
            if h <= 0.0 {
                continue;
            }
            let need = units * h;
            let regular = need.min(self.regular_left[r][s]);
            self.regular_left[r][s] = crumbs(self.regular_left[r][s] - regular, need);
            let rest = need - regular;
            // Only overtime the rounding of `regular` cannot explain.
            if overtime && rest > 1e-9 * need.max(1.0) {
                let extra = rest.min(self.overtime_left[r][s]);
                self.overtime_left[r][s] = crumbs(self.overtime_left[r][s] - extra, need);
            }
        }
    }
}

/// Hours left over from rounding after booking `booked` hours count as none, so that
/// no later family is given a few trillionths of a unit.
fn crumbs(left: f64, booked: f64) -> f64 {
    if left <= 1e-12 * booked.max(1.0) {
        0.0
    } else {
        left
    }
}

/// One round of the allocation: which hours, and whether in the period itself or ahead.
#[derive(Debug, Clone, Copy)]
struct Round {
    overtime: bool,
    ahead: bool,
}

/// The rounds in order: own period on regular hours, ahead on spare regular hours, own
/// period with overtime, ahead with overtime.
const ROUNDS: [Round; 4] = [
    Round {
        overtime: false,
        ahead: false,
    },
    Round {
        overtime: false,
        ahead: true,
    },
    Round {
        overtime: true,
        ahead: false,
    },
    Round {
        overtime: true,
        ahead: true,
    },
];

/// Makes what it can of one family's remaining `need` (consumed) in one round, adding
/// to its `production`. Ahead, the latest earlier period goes first.
fn fill(pool: &mut Pool, hours: &[f64], need: &mut [f64], production: &mut [f64], round: Round) {
    for (t, left) in need.iter_mut().enumerate() {
        let periods = if round.ahead { 0..t } else { t..t + 1 };
        for s in periods.rev() {
            if *left <= 0.0 {
                break;
            }
            let units = match pool.room(hours, s, round.overtime) {
                None => *left,
                // What misses by rounding only is made in full.
                Some(room) if room >= *left * (1.0 - 1e-12) => *left,
                Some(room) => room,
            };
            if units <= 0.0 {
                continue;
            }
            pool.take(hours, s, units, round.overtime);
            production[s] += units;
            *left = if units >= *left { 0.0 } else { *left - units };
        }
    }
}

/// The order families are served in: indices into `families`.
fn ranking(
    families: &[CheckedFamily],
    rule: AllocationRule,
    bottleneck: Option<usize>,
) -> Vec<usize> {
    let mut order: Vec<usize> = (0..families.len()).collect();
    order.sort_by_key(|&f| families[f].order);
    if rule == AllocationRule::Margin {
        let contribution = |f: &CheckedFamily| {
            bottleneck
                .map(|b| f.hours[b])
                .filter(|h| *h > 0.0)
                .map(|h| f.margin / h)
        };
        // Stable: equal contributions keep the user's order.
        order.sort_by(|&a, &b| {
            let (fa, fb) = (&families[a], &families[b]);
            match (contribution(fa), contribution(fb)) {
                (None, None) => fb.margin.total_cmp(&fa.margin),
                (None, Some(_)) => std::cmp::Ordering::Less,
                (Some(_), None) => std::cmp::Ordering::Greater,
                (Some(x), Some(y)) => y.total_cmp(&x),
            }
        });
    }
    order
}

/// Sets values within rounding of zero to zero, so a table shows `0`, not `1e-13`.
fn tidy(v: f64, scale: f64) -> f64 {
    if v.abs() <= 1e-9 * scale.max(1.0) {
        0.0
    } else {
        v
    }
}

/// The capacity-constrained supply plan of `demand` on `model` under `settings`: which
/// family is made when, what is built ahead, and what is short (see the module
/// documentation for the rules).
///
/// A plan that does not fit is not an error: its [`PlanStatus`] says so and the plan
/// shows what can be made.
///
/// # Errors
/// [`CapacityError`] when the input cannot be read, as [`super::rough_cut`]; also a
/// family named twice in the settings, a non-finite margin, or a negative initial
/// inventory.
pub fn supply_plan(
    model: &CapacityModel,
    demand: &[FamilyDemand],
    settings: &SupplySettings,
) -> Result<SupplyPlan, CapacityError> {
    let checked = check(model, demand, Some(settings))?;
    let periods = checked.periods.len();

    // Initial inventory covers the earliest demand first.
    let mut from_stock = Vec::with_capacity(checked.families.len());
    let mut stock_left = Vec::with_capacity(checked.families.len());
    let mut net = Vec::with_capacity(checked.families.len());
    for f in &checked.families {
        let mut stock = f.initial_inventory;
        let (mut used, mut left, mut rest) = (Vec::new(), Vec::new(), Vec::new());
        for &d in &f.demand {
            let u = stock.min(d);
            stock -= u;
            used.push(u);
            left.push(stock);
            rest.push(d - u);
        }
        from_stock.push(used);
        stock_left.push(left);
        net.push(rest);
    }

    let bottleneck = analyse(&checked, &net).bottleneck;
    let order = ranking(
        &checked.families,
        settings.rule,
        bottleneck.as_ref().map(|b| b.index),
    );

    let mut pool = Pool::new(&checked);
    let mut production = vec![vec![0.0; periods]; checked.families.len()];
    let mut shortfall = net.clone();
    for round in ROUNDS {
        for &f in &order {
            let hours = &checked.families[f].hours;
            fill(
                &mut pool,
                hours,
                &mut shortfall[f],
                &mut production[f],
                round,
            );
        }
    }

    let mut families = Vec::with_capacity(checked.families.len());
    let mut short_in = vec![false; periods];
    let (mut total_demand, mut total_shortfall, mut margin_lost) = (0.0, 0.0, 0.0);
    for (f, fam) in checked.families.iter().enumerate() {
        let rank = order.iter().position(|&o| o == f).map_or(0, |p| p + 1);
        let bottleneck_hours = bottleneck.as_ref().map_or(0.0, |b| fam.hours[b.index]);
        let scale = fam.demand.iter().sum::<f64>() + fam.initial_inventory;
        let mut shipped = Vec::with_capacity(periods);
        let mut prebuild = Vec::with_capacity(periods);
        let mut ending = Vec::with_capacity(periods);
        let mut built = 0.0;
        for t in 0..periods {
            let made_for_t = net[f][t] - shortfall[f][t];
            shipped.push(from_stock[f][t] + made_for_t);
            built = tidy((built + production[f][t] - made_for_t).max(0.0), scale);
            prebuild.push(built);
            ending.push(stock_left[f][t] + built);
            if shortfall[f][t] > 0.0 {
                short_in[t] = true;
            }
        }
        let plan = FamilyPlan {
            family: fam.name.clone(),
            rank,
            margin_per_unit: fam.margin,
            bottleneck_hours_per_unit: bottleneck_hours,
            margin_per_bottleneck_hour: (bottleneck_hours > 0.0)
                .then(|| fam.margin / bottleneck_hours),
            initial_inventory: fam.initial_inventory,
            total_demand: fam.demand.iter().sum(),
            total_production: production[f].iter().sum(),
            total_shortfall: shortfall[f].iter().sum(),
            demand: fam.demand.clone(),
            production: production[f].clone(),
            shipped,
            shortfall: shortfall[f].clone(),
            prebuild_inventory: prebuild,
            ending_inventory: ending,
        };
        total_demand += plan.total_demand;
        total_shortfall += plan.total_shortfall;
        margin_lost += plan.total_shortfall * fam.margin;
        families.push(plan);
    }

    let used = |had: &[f64], left: &[f64]| -> Vec<f64> {
        had.iter()
            .zip(left)
            .map(|(h, l)| (h - l).max(0.0))
            .collect()
    };
    let resources: Vec<ResourceUse> = checked
        .resources
        .iter()
        .enumerate()
        .map(|(r, res)| {
            let regular_used = used(&res.regular, &pool.regular_left[r]);
            let overtime_used = used(&res.overtime, &pool.overtime_left[r]);
            let utilization_pct = (0..periods)
                .map(|t| percent(regular_used[t] + overtime_used[t], res.regular[t]))
                .collect();
            ResourceUse {
                resource: res.name.clone(),
                regular_hours: res.regular.clone(),
                overtime_hours: res.overtime.clone(),
                regular_hours_used: regular_used,
                overtime_hours_used: overtime_used,
                utilization_pct,
            }
        })
        .collect();
    let total_overtime_hours: f64 = resources.iter().flat_map(|r| &r.overtime_hours_used).sum();

    let status = if total_shortfall > 0.0 {
        PlanStatus::Short {
            units: total_shortfall,
            periods: (0..periods)
                .filter(|&t| short_in[t])
                .map(|t| checked.periods[t].clone())
                .collect(),
            overtime_hours: total_overtime_hours,
        }
    } else if total_overtime_hours > 0.0 {
        PlanStatus::FitsWithOvertime {
            overtime_hours: total_overtime_hours,
        }
    } else {
        PlanStatus::Fits
    };

    Ok(SupplyPlan {
        periods: checked.periods.clone(),
        rule: settings.rule,
        bottleneck: bottleneck.map(|b| b.resource),
        families,
        resources,
        status,
        total_demand,
        total_shortfall,
        total_overtime_hours,
        margin_lost,
        warnings: checked.warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn family(name: &str, hours: [f64; 2], margin: f64, order: usize) -> CheckedFamily {
        CheckedFamily {
            name: name.into(),
            demand: vec![1.0],
            hours: hours.to_vec(),
            margin,
            initial_inventory: 0.0,
            order,
        }
    }

    #[test]
    fn margin_ranks_by_bottleneck_hour_and_keeps_user_order_on_ties() {
        let families = [
            family("A", [2.0, 1.0], 40.0, 0),  // 20 per bottleneck hour
            family("B", [1.0, 1.0], 20.0, 1),  // 20, listed later
            family("C", [0.0, 1.0], 1.0, 3),   // no bottleneck hours: first
            family("D", [4.0, 0.0], 100.0, 2), // 25
            family("E", [0.0, 0.0], 5.0, 4),   // no hours at all: first, higher margin
        ];
        let names = |order: Vec<usize>| -> Vec<&str> {
            order.iter().map(|&i| families[i].name.as_str()).collect()
        };
        assert_eq!(
            names(ranking(&families, AllocationRule::Margin, Some(0))),
            ["E", "C", "D", "A", "B"]
        );
        assert_eq!(
            names(ranking(&families, AllocationRule::Priority, Some(0))),
            ["A", "B", "D", "C", "E"]
        );
        // No bottleneck: margin per unit.
        assert_eq!(
            names(ranking(&families, AllocationRule::Margin, None)),
            ["D", "A", "B", "E", "C"]
        );
    }

    #[test]
    fn a_unit_needs_every_resource_of_its_bill() {
        let checked = Checked {
            periods: vec!["Jan".into()],
            resources: vec![
                super::super::check::CheckedResource {
                    name: "Cut".into(),
                    regular: vec![100.0],
                    overtime: vec![0.0],
                },
                super::super::check::CheckedResource {
                    name: "Weld".into(),
                    regular: vec![10.0],
                    overtime: vec![6.0],
                },
            ],
            families: Vec::new(),
            warnings: Vec::new(),
        };
        let mut pool = Pool::new(&checked);
        // 1 Cut + 2 Weld hours a unit: 5 units on regular Weld hours, 3 more on overtime.
        assert_eq!(pool.room(&[1.0, 2.0], 0, false), Some(5.0));
        assert_eq!(pool.room(&[1.0, 2.0], 0, true), Some(8.0));
        assert_eq!(pool.room(&[0.0, 0.0], 0, true), None);
        let mut need = [20.0];
        let mut made = [0.0];
        for round in ROUNDS {
            fill(&mut pool, &[1.0, 2.0], &mut need, &mut made, round);
        }
        assert_eq!((made, need), ([8.0], [12.0]));
        assert_eq!(pool.regular_left[0][0], 92.0);
        assert_eq!(
            (pool.regular_left[1][0], pool.overtime_left[1][0]),
            (0.0, 0.0)
        );
    }
}
