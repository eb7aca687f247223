//! Property tests of the capacity plan: for any model and demand, the plan never books
//! more hours than a resource has, every unit of demand is either shipped or short,
//! inventory balances, and every number is finite.
#![cfg(not(target_arch = "wasm32"))]

use attune_engine::plan::capacity::{
    rough_cut, supply_plan, AllocationRule, BillLine, CapacityModel, FamilyDemand, FamilyTerms,
    PerPeriod, PlanStatus, Resource, SupplySettings,
};
use proptest::prelude::*;

/// Hours: often round, sometimes zero, sometimes tiny or huge.
fn hours() -> impl Strategy<Value = f64> {
    prop_oneof![
        4 => 0.0..200.0f64,
        2 => Just(0.0),
        1 => (0u32..20).prop_map(f64::from),
        1 => Just(1e-12),
        1 => Just(1e12),
    ]
}

fn per_unit() -> impl Strategy<Value = f64> {
    prop_oneof![
        2 => Just(0.0),
        4 => 0.05..5.0f64,
        1 => Just(1e-10),
        1 => Just(1e6),
    ]
}

fn quantity() -> impl Strategy<Value = f64> {
    prop_oneof![
        4 => 0.0..120.0f64,
        2 => Just(0.0),
        1 => -20.0..0.0f64,
        1 => Just(1e12),
    ]
}

#[derive(Debug, Clone)]
struct Case {
    model: CapacityModel,
    demand: Vec<FamilyDemand>,
    settings: SupplySettings,
}

fn case() -> impl Strategy<Value = Case> {
    (1usize..6, 1usize..4, 0usize..5).prop_flat_map(|(p, r, f)| {
        let resource = (
            prop::collection::vec(hours(), p),
            prop_oneof![
                Just(PerPeriod::Same(0.0)),
                hours().prop_map(PerPeriod::Same),
                prop::collection::vec(hours(), p).prop_map(PerPeriod::Each),
            ],
        );
        (
            prop::collection::vec(resource, r),
            prop::collection::vec(prop::collection::vec(per_unit(), r), f),
            prop::collection::vec(prop::collection::vec(quantity(), p), f),
            prop::collection::vec((-50.0..80.0f64, prop_oneof![Just(0.0), 0.0..150.0f64]), f),
            Just((0..f).collect::<Vec<usize>>()).prop_shuffle(),
            any::<bool>(),
        )
            .prop_map(move |(res, bill, demand, terms, order, by_margin)| {
                let model = CapacityModel {
                    periods: (1..=p).map(|i| format!("P{i}")).collect(),
                    resources: res
                        .into_iter()
                        .enumerate()
                        .map(|(i, (regular, overtime))| Resource {
                            name: format!("R{i}"),
                            regular_hours: PerPeriod::Each(regular),
                            overtime_hours: overtime,
                        })
                        .collect(),
                    bill: bill
                        .iter()
                        .enumerate()
                        .flat_map(|(fi, row)| {
                            row.iter()
                                .enumerate()
                                .filter(|(_, h)| **h > 0.0)
                                .map(move |(ri, h)| BillLine {
                                    family: format!("F{fi}"),
                                    resource: format!("R{ri}"),
                                    hours_per_unit: *h,
                                })
                        })
                        .collect(),
                };
                let demand = demand
                    .into_iter()
                    .enumerate()
                    .map(|(fi, q)| FamilyDemand::new(format!("F{fi}"), q))
                    .collect();
                let settings = SupplySettings {
                    rule: if by_margin {
                        AllocationRule::Margin
                    } else {
                        AllocationRule::Priority
                    },
                    families: order
                        .iter()
                        .map(|&fi| FamilyTerms {
                            family: format!("F{fi}"),
                            margin_per_unit: terms[fi].0,
                            initial_inventory: terms[fi].1,
                        })
                        .collect(),
                };
                Case {
                    model,
                    demand,
                    settings,
                }
            })
    })
}

fn values(p: &PerPeriod, periods: usize) -> Vec<f64> {
    match p {
        PerPeriod::Same(v) => vec![*v; periods],
        PerPeriod::Each(v) => v.clone(),
    }
}

/// Hours per unit of family `f` on resource `r` (bill lines summed).
fn hours_of(model: &CapacityModel, family: &str, resource: &str) -> f64 {
    model
        .bill
        .iter()
        .filter(|l| l.family == family && l.resource == resource)
        .map(|l| l.hours_per_unit)
        .sum()
}

fn close(a: f64, b: f64, scale: f64) -> bool {
    (a - b).abs() <= 1e-7 * scale.max(1.0)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Whatever the model, the plan books no more hours than each resource has in
    /// each period, production + initial stock − ending stock = shipped, shipped +
    /// short = demand, and everything is finite and not negative.
    #[test]
    fn plan_respects_capacity_and_balances(c in case()) {
        let plan = supply_plan(&c.model, &c.demand, &c.settings).unwrap();
        let periods = c.model.periods.len();

        for (r, res) in c.model.resources.iter().enumerate() {
            let regular = values(&res.regular_hours, periods);
            let overtime = values(&res.overtime_hours, periods);
            let used = &plan.resources[r];
            for t in 0..periods {
                // Hours below 1e-9 count as none.
                let reg = if regular[t] < 1e-9 { 0.0 } else { regular[t] };
                let ot = if overtime[t] < 1e-9 { 0.0 } else { overtime[t] };
                prop_assert!(used.regular_hours_used[t] <= reg);
                prop_assert!(used.overtime_hours_used[t] <= ot);
                // What the production takes, recomputed from the bill.
                let load: f64 = plan
                    .families
                    .iter()
                    .map(|f| {
                        let h = hours_of(&c.model, &f.family, &res.name);
                        if h < 1e-9 { 0.0 } else { f.production[t] * h }
                    })
                    .sum();
                prop_assert!(
                    load <= (reg + ot) * (1.0 + 1e-9) + 1e-6,
                    "resource {} period {t}: load {load} > {reg} + {ot}", res.name
                );
            }
        }

        let mut short = 0.0;
        for f in &plan.families {
            let scale = f.total_demand + f.initial_inventory + f.total_production;
            let mut stock = f.initial_inventory;
            for t in 0..periods {
                let all = [
                    f.demand[t], f.production[t], f.shipped[t], f.shortfall[t],
                    f.prebuild_inventory[t], f.ending_inventory[t],
                ];
                prop_assert!(all.iter().all(|v| v.is_finite() && *v >= 0.0), "{f:?}");
                prop_assert!(close(f.shipped[t] + f.shortfall[t], f.demand[t], scale), "{f:?}");
                stock += f.production[t] - f.shipped[t];
                prop_assert!(close(stock, f.ending_inventory[t], scale), "{f:?}");
                prop_assert!(f.prebuild_inventory[t] <= f.ending_inventory[t] + 1e-7 * scale.max(1.0));
            }
            // Nothing is made that is not shipped or still in stock for later demand:
            // no stock is built after the last demand.
            prop_assert!(f.prebuild_inventory[periods - 1] <= 1e-7 * scale.max(1.0), "{f:?}");
            prop_assert!(f.margin_per_bottleneck_hour.is_none_or(f64::is_finite));
            short += f.total_shortfall;
        }

        prop_assert!(plan.total_shortfall.is_finite() && plan.margin_lost.is_finite());
        prop_assert!(plan.total_overtime_hours.is_finite());
        for r in &plan.resources {
            prop_assert!(r.utilization_pct.iter().flatten().all(|u| u.is_finite() && *u >= 0.0));
        }
        match &plan.status {
            PlanStatus::Short { units, periods, .. } => {
                prop_assert!(*units > 0.0 && close(*units, short, short));
                prop_assert!(!periods.is_empty());
            }
            PlanStatus::FitsWithOvertime { overtime_hours } => {
                prop_assert!(short == 0.0 && *overtime_hours > 0.0);
            }
            PlanStatus::Fits => {
                prop_assert!(short == 0.0 && plan.total_overtime_hours == 0.0);
            }
        }
    }

    /// The rough cut is finite everywhere, its load is demand × hours, and the
    /// bottleneck, when there is one, has the most overloaded hours.
    #[test]
    fn rough_cut_is_finite_and_consistent(c in case()) {
        let check = rough_cut(&c.model, &c.demand).unwrap();
        for r in &check.resources {
            for (t, cell) in r.cells.iter().enumerate() {
                prop_assert!(cell.load_hours.is_finite() && cell.load_hours >= 0.0);
                prop_assert!(cell.utilization_pct.is_none_or(f64::is_finite));
                prop_assert!(cell.utilization_with_overtime_pct.is_none_or(f64::is_finite));
                let expected: f64 = c
                    .demand
                    .iter()
                    .map(|d| {
                        let h = hours_of(&c.model, &d.family, &r.resource);
                        if h < 1e-9 { 0.0 } else { d.quantities[t].max(0.0) * h }
                    })
                    .sum();
                prop_assert!(close(cell.load_hours, expected, expected));
            }
            prop_assert!(r.overloaded_hours.is_finite() && r.beyond_overtime_hours.is_finite());
            prop_assert!(r.beyond_overtime_hours <= r.overloaded_hours + 1e-6);
            prop_assert!(r.peak_utilization_pct.is_none_or(f64::is_finite));
            prop_assert!(r.total_utilization_pct.is_none_or(f64::is_finite));
        }
        if let Some(b) = &check.bottleneck {
            let most = check.resources.iter().map(|r| r.overloaded_hours).fold(0.0, f64::max);
            prop_assert_eq!(check.resources[b.index].overloaded_hours, most);
        } else {
            prop_assert!(check.resources.iter().all(|r| r.total_load_hours == 0.0));
        }
    }

    /// With ample hours everywhere nothing is short and no overtime is used.
    #[test]
    fn ample_capacity_fits(c in case()) {
        let mut model = c.model.clone();
        for r in &mut model.resources {
            r.regular_hours = PerPeriod::Same(1e12);
        }
        let mut demand = c.demand.clone();
        for d in &mut demand {
            for q in &mut d.quantities {
                *q = q.min(1000.0);
            }
        }
        for l in &mut model.bill {
            l.hours_per_unit = l.hours_per_unit.min(100.0);
        }
        let plan = supply_plan(&model, &demand, &c.settings).unwrap();
        prop_assert_eq!(plan.status, PlanStatus::Fits);
    }

    /// One family on one resource: the plan makes as much as can be made at all (an
    /// oracle that banks spare hours for later demand) and uses overtime only for what
    /// regular hours cannot make.
    #[test]
    fn one_family_on_one_resource_is_short_only_when_it_must_be(
        regular in prop::collection::vec(prop_oneof![Just(0.0), 0.0..100.0f64], 1..8),
        overtime in prop_oneof![Just(0.0), 0.0..30.0f64],
        per_unit in 0.1..4.0f64,
        demand in prop::collection::vec(prop_oneof![Just(0.0), 0.0..60.0f64], 8),
        initial in prop_oneof![Just(0.0), 0.0..50.0f64],
    ) {
        let periods = regular.len();
        let demand = demand[..periods].to_vec();
        let model = CapacityModel {
            periods: (1..=periods).map(|i| format!("P{i}")).collect(),
            resources: vec![Resource {
                name: "R".into(),
                regular_hours: PerPeriod::Each(regular.clone()),
                overtime_hours: PerPeriod::Same(overtime),
            }],
            bill: vec![BillLine { family: "F".into(), resource: "R".into(), hours_per_unit: per_unit }],
        };
        let settings = SupplySettings {
            rule: AllocationRule::Margin,
            families: vec![FamilyTerms { family: "F".into(), margin_per_unit: 1.0, initial_inventory: initial }],
        };
        let plan = supply_plan(&model, &[FamilyDemand::new("F", demand.clone())], &settings).unwrap();

        // Units that can be made at best: spare hours of a period are banked for later.
        let oracle = |extra: f64| {
            let (mut bank, mut stock, mut short) = (0.0, initial, 0.0);
            for t in 0..periods {
                let from_stock = stock.min(demand[t]);
                stock -= from_stock;
                bank += (regular[t] + extra) / per_unit;
                let made = bank.min(demand[t] - from_stock);
                bank -= made;
                short += demand[t] - from_stock - made;
            }
            short
        };
        let (short_regular, short_all) = (oracle(0.0), oracle(overtime));
        let total: f64 = demand.iter().sum::<f64>() + 1.0;
        prop_assert!(close(plan.total_shortfall, short_all, total), "{} vs {short_all}", plan.total_shortfall);
        prop_assert!(
            close(plan.total_overtime_hours, (short_regular - short_all) * per_unit, total * per_unit),
            "{} vs {}", plan.total_overtime_hours, (short_regular - short_all) * per_unit
        );
    }
}
