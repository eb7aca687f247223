//! Scenario tests of rough-cut capacity and the capacity-constrained supply plan, with
//! every expected number worked out by hand in the comments.

use attune_engine::plan::capacity::{
    parse_bill, parse_demand, parse_resources, rough_cut, supply_plan, AllocationRule, BillLine,
    CapacityError, CapacityModel, FamilyDemand, FamilyTerms, LoadLevel, PerPeriod, PlanStatus,
    Resource, SupplyPlan, SupplySettings, TableError, WarningKind,
};

fn fixture(name: &str) -> String {
    let path = format!("{}/../testdata/capacity/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap()
}

#[track_caller]
fn assert_close(actual: &[f64], expected: &[f64]) {
    assert_eq!(actual.len(), expected.len(), "{actual:?} vs {expected:?}");
    for (a, e) in actual.iter().zip(expected) {
        assert!(
            (a - e).abs() <= 1e-9 * e.abs().max(1.0),
            "{actual:?} vs {expected:?}"
        );
    }
}

fn resource(name: &str, regular: PerPeriod, overtime: PerPeriod) -> Resource {
    Resource {
        name: name.into(),
        regular_hours: regular,
        overtime_hours: overtime,
    }
}

fn line(family: &str, resource: &str, hours: f64) -> BillLine {
    BillLine {
        family: family.into(),
        resource: resource.into(),
        hours_per_unit: hours,
    }
}

fn terms(family: &str, margin: f64, initial: f64) -> FamilyTerms {
    FamilyTerms {
        family: family.into(),
        margin_per_unit: margin,
        initial_inventory: initial,
    }
}

fn periods(names: &[&str]) -> Vec<String> {
    names.iter().map(|p| (*p).to_string()).collect()
}

fn family<'a>(plan: &'a SupplyPlan, name: &str) -> &'a attune_engine::plan::capacity::FamilyPlan {
    plan.families.iter().find(|f| f.family == name).unwrap()
}

/// The fixtures: Press (160 regular + 20 overtime hours a month) and Paint (100, 80,
/// 100 regular, no overtime); A takes 2 Press + 1 Paint hours a unit, B 1 Press hour,
/// C half a Paint hour.
fn fixture_model() -> (CapacityModel, Vec<FamilyDemand>) {
    let resources = parse_resources(&fixture("resources.tsv")).unwrap();
    let bill = parse_bill(&fixture("bill_long.csv")).unwrap();
    let demand = parse_demand(&fixture("demand.tsv")).unwrap();
    assert_eq!(resources.periods, ["Jan", "Feb", "Mar"]);
    assert_eq!(demand.periods, resources.periods);
    let model = CapacityModel {
        periods: resources.periods,
        resources: resources.resources,
        bill,
    };
    (model, demand.demand)
}

#[test]
fn fixtures_read_as_pasted() {
    let (model, demand) = fixture_model();
    assert_eq!(
        model.resources,
        [
            resource(
                "Press",
                PerPeriod::Each(vec![160.0; 3]),
                PerPeriod::Each(vec![20.0; 3])
            ),
            resource(
                "Paint",
                PerPeriod::Each(vec![100.0, 80.0, 100.0]),
                PerPeriod::Same(0.0)
            ),
        ]
    );
    // The long bill has a decimal comma (0,5); the wide one says the same thing.
    let expected = [
        line("A", "Press", 2.0),
        line("A", "Paint", 1.0),
        line("B", "Press", 1.0),
        line("C", "Paint", 0.5),
    ];
    assert_eq!(model.bill, expected);
    assert_eq!(parse_bill(&fixture("bill_wide.tsv")).unwrap(), expected);
    assert_eq!(demand[1], FamilyDemand::new("B", vec![40.0, 60.0, 100.0]));
}

#[test]
fn rough_cut_by_hand() {
    let (model, demand) = fixture_model();
    let check = rough_cut(&model, &demand).unwrap();
    assert!(check.warnings.is_empty());

    // Press: A × 2 + B × 1 = [100 + 40, 120 + 60, 80 + 100] = [140, 180, 180] hours
    // against 160 regular, 180 with overtime: 87.5 %, 112.5 %, 112.5 %.
    let press = &check.resources[0];
    let load: Vec<f64> = press.cells.iter().map(|c| c.load_hours).collect();
    assert_close(&load, &[140.0, 180.0, 180.0]);
    let util: Vec<Option<f64>> = press.cells.iter().map(|c| c.utilization_pct).collect();
    assert_eq!(util, [Some(87.5), Some(112.5), Some(112.5)]);
    assert_eq!(press.cells[1].utilization_with_overtime_pct, Some(100.0));
    let levels: Vec<LoadLevel> = press.cells.iter().map(|c| c.level).collect();
    assert_eq!(
        levels,
        [
            LoadLevel::Within,
            LoadLevel::NeedsOvertime,
            LoadLevel::NeedsOvertime
        ]
    );
    // 20 hours over in Feb and in Mar; 500 hours on 480 regular = 104.17 %.
    assert_eq!(press.overloaded_periods, 2);
    assert_close(&[press.overloaded_hours], &[40.0]);
    assert_eq!(press.beyond_overtime_periods, 0);
    assert_eq!(press.peak_utilization_pct, Some(112.5));
    assert_close(
        &[press.total_utilization_pct.unwrap()],
        &[500.0 / 480.0 * 100.0],
    );
    // Which families load it: A and B, not C.
    let names: Vec<&str> = press.by_family.iter().map(|f| f.family.as_str()).collect();
    assert_eq!(names, ["A", "B"]);
    assert_close(&press.by_family[0].hours, &[100.0, 120.0, 80.0]);

    // Paint: A × 1 + C × 0.5 = [50 + 20, 60 + 20, 40 + 20] = [70, 80, 60] against
    // [100, 80, 100]: Feb is exactly full (100 %), which is not overloaded.
    let paint = &check.resources[1];
    let util: Vec<Option<f64>> = paint.cells.iter().map(|c| c.utilization_pct).collect();
    assert_eq!(util, [Some(70.0), Some(100.0), Some(60.0)]);
    assert!(paint.cells.iter().all(|c| c.level == LoadLevel::Within));
    assert_eq!(paint.overloaded_hours, 0.0);

    // The bottleneck is Press: the only resource with overloaded hours.
    let b = check.bottleneck.unwrap();
    assert_eq!((b.index, b.resource.as_str()), (0, "Press"));
    let over: Vec<(&str, &str, f64, bool)> = check
        .overloads
        .iter()
        .map(|o| {
            (
                o.resource.as_str(),
                o.period.as_str(),
                o.hours_over_regular,
                o.beyond_overtime,
            )
        })
        .collect();
    assert_eq!(
        over,
        [("Press", "Feb", 20.0, false), ("Press", "Mar", 20.0, false)]
    );
}

#[test]
fn plan_by_margin_per_bottleneck_hour() {
    let (model, demand) = fixture_model();
    let settings = SupplySettings {
        rule: AllocationRule::Margin,
        families: vec![
            terms("A", 40.0, 0.0),
            terms("B", 10.0, 0.0),
            terms("C", 5.0, 0.0),
        ],
    };
    let plan = supply_plan(&model, &demand, &settings).unwrap();
    // Per Press hour: A 40 / 2 = 20, B 10 / 1 = 10; C uses no Press and comes first.
    assert_eq!(plan.bottleneck.as_deref(), Some("Press"));
    let ranks: Vec<(usize, Option<f64>)> = plan
        .families
        .iter()
        .map(|f| (f.rank, f.margin_per_bottleneck_hour))
        .collect();
    assert_eq!(ranks, [(2, Some(20.0)), (3, Some(10.0)), (1, None)]);

    // Round 1, own period on regular hours:
    //   C: 20 Paint hours a month → Paint left [80, 60, 80].
    //   A: Jan 50 (Press 60, Paint 30 left), Feb 60 (Paint binds: Press 40, Paint 0),
    //      Mar 40 (Press 80, Paint 40).
    //   B: Jan 40 (Press 20 left), Feb 40 of 60, Mar 80 of 100.
    // Round 2, ahead on spare regular hours: B's 20 for Feb come from Jan's 20 Press
    //   hours; B's 20 for Mar find nothing spare in Feb or Jan.
    // Round 3, own period with overtime: B's 20 for Mar use Mar's 20 overtime hours.
    assert_close(&family(&plan, "C").production, &[40.0, 40.0, 40.0]);
    assert_close(&family(&plan, "A").production, &[50.0, 60.0, 40.0]);
    let b = family(&plan, "B");
    assert_close(&b.production, &[60.0, 40.0, 100.0]);
    assert_close(&b.prebuild_inventory, &[20.0, 0.0, 0.0]);
    assert_close(&b.shipped, &[40.0, 60.0, 100.0]);
    assert_close(&b.shortfall, &[0.0, 0.0, 0.0]);
    let press = &plan.resources[0];
    assert_close(&press.regular_hours_used, &[160.0, 160.0, 160.0]);
    assert_close(&press.overtime_hours_used, &[0.0, 0.0, 20.0]);
    assert_eq!(press.utilization_pct[2], Some(112.5));
    assert_close(&plan.resources[1].regular_hours_used, &[70.0, 80.0, 60.0]);
    assert_eq!(
        plan.status,
        PlanStatus::FitsWithOvertime {
            overtime_hours: 20.0
        }
    );
}

#[test]
fn plan_by_priority_builds_the_other_family_ahead() {
    let (model, demand) = fixture_model();
    let settings = SupplySettings {
        rule: AllocationRule::Priority,
        families: vec![
            terms("B", 0.0, 0.0),
            terms("A", 0.0, 0.0),
            terms("C", 0.0, 0.0),
        ],
    };
    let plan = supply_plan(&model, &demand, &settings).unwrap();
    // Round 1: B takes [40, 60, 100] Press hours → Press left [120, 100, 60].
    //   A: Jan 50 (Press 20 left, Paint 50), Feb 50 of 60 (Press 0), Mar 30 of 40
    //   (Press 0). C fits in the Paint left over.
    // Round 2: A's 10 for Feb from Jan's 20 spare Press hours; nothing for Mar.
    // Round 3: A's 10 for Mar on Mar's 20 overtime hours.
    let a = family(&plan, "A");
    assert_eq!(a.rank, 2);
    assert_close(&a.production, &[60.0, 50.0, 40.0]);
    assert_close(&a.prebuild_inventory, &[10.0, 0.0, 0.0]);
    assert_close(&family(&plan, "B").production, &[40.0, 60.0, 100.0]);
    assert_close(&plan.resources[0].overtime_hours_used, &[0.0, 0.0, 20.0]);
    assert_eq!(
        plan.status,
        PlanStatus::FitsWithOvertime {
            overtime_hours: 20.0
        }
    );
}

/// One month, Machining and Assembly with 100 hours each, no overtime.
/// X: 2 M + 1 S hours, margin 30; Y: 1 M + 2 S, margin 20; Z: 4 M, margin 50.
/// Demand X 40, Y 40, Z 20.
fn three_families() -> (CapacityModel, Vec<FamilyDemand>, Vec<FamilyTerms>) {
    let model = CapacityModel {
        periods: periods(&["Jan"]),
        resources: vec![
            resource("Machining", PerPeriod::Same(100.0), PerPeriod::Same(0.0)),
            resource("Assembly", PerPeriod::Same(100.0), PerPeriod::Same(0.0)),
        ],
        bill: vec![
            line("X", "Machining", 2.0),
            line("X", "Assembly", 1.0),
            line("Y", "Machining", 1.0),
            line("Y", "Assembly", 2.0),
            line("Z", "Machining", 4.0),
        ],
    };
    let demand = vec![
        FamilyDemand::new("X", vec![40.0]),
        FamilyDemand::new("Y", vec![40.0]),
        FamilyDemand::new("Z", vec![20.0]),
    ];
    let terms = vec![
        terms("Z", 50.0, 0.0),
        terms("X", 30.0, 0.0),
        terms("Y", 20.0, 0.0),
    ];
    (model, demand, terms)
}

#[test]
fn margin_and_priority_share_two_resources_differently() {
    let (model, demand, families) = three_families();
    // Machining: 80 + 40 + 80 = 200 hours (200 %, 100 over); Assembly: 40 + 80 = 120
    // (120 %, 20 over). Machining is the bottleneck.
    let check = rough_cut(&model, &demand).unwrap();
    assert_eq!(check.bottleneck.unwrap().resource, "Machining");
    assert_eq!(check.resources[0].cells[0].utilization_pct, Some(200.0));
    assert_eq!(check.resources[1].cells[0].utilization_pct, Some(120.0));

    // Margin per Machining hour: Y 20 / 1 = 20, X 30 / 2 = 15, Z 50 / 4 = 12.5 — the
    // reverse of margin per unit (Z, X, Y).
    //   Y: room min(100 / 1, 100 / 2) = 50 → all 40; Machining 60, Assembly 20 left.
    //   X: room min(60 / 2, 20 / 1) = 20 → 20 of 40; Machining 20, Assembly 0 left.
    //   Z: room 20 / 4 = 5 → 5 of 20.
    // Short 20 X + 15 Z = 35 units; margin lost 20 × 30 + 15 × 50 = 1350.
    let settings = SupplySettings {
        rule: AllocationRule::Margin,
        families: families.clone(),
    };
    let plan = supply_plan(&model, &demand, &settings).unwrap();
    let made: Vec<(&str, usize, f64)> = plan
        .families
        .iter()
        .map(|f| (f.family.as_str(), f.rank, f.production[0]))
        .collect();
    assert_eq!(made, [("X", 2, 20.0), ("Y", 1, 40.0), ("Z", 3, 5.0)]);
    assert_eq!(plan.total_shortfall, 35.0);
    assert_eq!(plan.margin_lost, 1350.0);
    assert_eq!(
        plan.status,
        PlanStatus::Short {
            units: 35.0,
            periods: periods(&["Jan"]),
            overtime_hours: 0.0
        }
    );

    // Priority Z, X, Y:
    //   Z: room 100 / 4 = 25 → all 20; Machining 20 left.
    //   X: room min(20 / 2, 100 / 1) = 10 → 10 of 40; Machining 0 left.
    //   Y: nothing.
    // Short 30 X + 40 Y = 70 units; margin lost 30 × 30 + 40 × 20 = 1700.
    let settings = SupplySettings {
        rule: AllocationRule::Priority,
        families,
    };
    let plan = supply_plan(&model, &demand, &settings).unwrap();
    let made: Vec<(&str, usize, f64)> = plan
        .families
        .iter()
        .map(|f| (f.family.as_str(), f.rank, f.production[0]))
        .collect();
    assert_eq!(made, [("X", 2, 10.0), ("Y", 3, 0.0), ("Z", 1, 20.0)]);
    assert_eq!(plan.total_shortfall, 70.0);
    assert_eq!(plan.margin_lost, 1700.0);
}

/// One resource, 100 regular hours a month, 2 hours a unit: 50 units a month.
fn press(overtime: f64) -> CapacityModel {
    CapacityModel {
        periods: periods(&["Jan", "Feb", "Mar"]),
        resources: vec![resource(
            "Press",
            PerPeriod::Same(100.0),
            PerPeriod::Same(overtime),
        )],
        bill: vec![line("Pumps", "Press", 2.0)],
    }
}

#[test]
fn builds_ahead_as_late_as_possible() {
    // Demand [20, 30, 90]: Mar makes 50 and needs 40 more. Feb has 20 units spare
    // (40 hours) and goes first; Jan gives the other 20 of its 30 spare.
    let demand = [FamilyDemand::new("Pumps", vec![20.0, 30.0, 90.0])];
    let plan = supply_plan(&press(0.0), &demand, &SupplySettings::default()).unwrap();
    let p = &plan.families[0];
    assert_close(&p.production, &[40.0, 50.0, 50.0]);
    assert_close(&p.prebuild_inventory, &[20.0, 40.0, 0.0]);
    assert_close(&p.ending_inventory, &[20.0, 40.0, 0.0]);
    assert_close(&p.shipped, &[20.0, 30.0, 90.0]);
    assert_eq!(plan.status, PlanStatus::Fits);
    assert_eq!(plan.total_overtime_hours, 0.0);
}

#[test]
fn builds_ahead_on_regular_hours_before_using_overtime() {
    // 10 overtime hours a month (5 units). Demand [20, 30, 105]: Mar makes 50, then
    // 20 ahead in Feb and 30 in Jan on regular hours, and only the last 5 on Mar's
    // overtime (10 hours).
    let demand = [FamilyDemand::new("Pumps", vec![20.0, 30.0, 105.0])];
    let plan = supply_plan(&press(10.0), &demand, &SupplySettings::default()).unwrap();
    let p = &plan.families[0];
    assert_close(&p.production, &[50.0, 50.0, 55.0]);
    assert_close(&p.prebuild_inventory, &[30.0, 50.0, 0.0]);
    assert_close(&plan.resources[0].overtime_hours_used, &[0.0, 0.0, 10.0]);
    assert_eq!(
        plan.status,
        PlanStatus::FitsWithOvertime {
            overtime_hours: 10.0
        }
    );
}

#[test]
fn building_ahead_only_uses_spare_hours() {
    // 100 regular + 20 overtime hours a month, 1 hour a unit. A (margin 100) wants 130
    // in Feb, B (margin 10) 100 in Jan. Jan's regular hours go to B's own demand, not
    // to A's stock: A makes 100 in Feb, 20 on Feb overtime and the last 10 ahead on
    // Jan overtime. The rough cut shows Feb beyond overtime (130 > 120), yet the plan
    // fits by building ahead.
    let model = CapacityModel {
        periods: periods(&["Jan", "Feb"]),
        resources: vec![resource(
            "Line",
            PerPeriod::Same(100.0),
            PerPeriod::Same(20.0),
        )],
        bill: vec![line("A", "Line", 1.0), line("B", "Line", 1.0)],
    };
    let demand = [
        FamilyDemand::new("A", vec![0.0, 130.0]),
        FamilyDemand::new("B", vec![100.0, 0.0]),
    ];
    let check = rough_cut(&model, &demand).unwrap();
    assert_eq!(check.resources[0].cells[1].level, LoadLevel::BeyondOvertime);
    let settings = SupplySettings {
        rule: AllocationRule::Margin,
        families: vec![terms("A", 100.0, 0.0), terms("B", 10.0, 0.0)],
    };
    let plan = supply_plan(&model, &demand, &settings).unwrap();
    assert_close(&family(&plan, "A").production, &[10.0, 120.0]);
    assert_close(&family(&plan, "A").prebuild_inventory, &[10.0, 0.0]);
    assert_close(&family(&plan, "B").production, &[100.0, 0.0]);
    assert_eq!(
        plan.status,
        PlanStatus::FitsWithOvertime {
            overtime_hours: 30.0
        }
    );
}

#[test]
fn beyond_overtime_leaves_a_shortfall() {
    // 100 regular + 20 overtime hours, 2 hours a unit: 60 units a month at most.
    // Demand [70, 70] needs 140 hours a month: 140 %, 20 hours beyond overtime each.
    let model = CapacityModel {
        periods: periods(&["Jan", "Feb"]),
        ..press(20.0)
    };
    let demand = [FamilyDemand::new("Pumps", vec![70.0, 70.0])];
    let check = rough_cut(&model, &demand).unwrap();
    let r = &check.resources[0];
    assert_eq!(r.cells[0].utilization_pct, Some(140.0));
    assert_eq!(r.beyond_overtime_periods, 2);
    assert_close(
        &[r.overloaded_hours, r.beyond_overtime_hours],
        &[80.0, 40.0],
    );
    assert!(check.overloads.iter().all(|o| o.beyond_overtime));
    assert_close(&[check.overloads[0].hours_beyond_overtime], &[20.0]);

    // With 15 units in stock, Jan needs 55: 50 on regular hours, 5 on overtime (10 of
    // its 20 overtime hours). Feb makes 50 on regular hours, 10 on its overtime, and 5
    // ahead on Jan's last 10 overtime hours: 65 of 70, 5 short.
    let settings = SupplySettings {
        rule: AllocationRule::Priority,
        families: vec![terms("Pumps", 12.0, 15.0)],
    };
    let plan = supply_plan(&model, &demand, &settings).unwrap();
    let p = &plan.families[0];
    assert_close(&p.production, &[60.0, 60.0]);
    assert_close(&p.shipped, &[70.0, 65.0]);
    assert_close(&p.shortfall, &[0.0, 5.0]);
    assert_close(&p.prebuild_inventory, &[5.0, 0.0]);
    assert_close(&p.ending_inventory, &[5.0, 0.0]);
    assert_eq!(plan.margin_lost, 60.0);
    assert_eq!(
        plan.status,
        PlanStatus::Short {
            units: 5.0,
            periods: periods(&["Feb"]),
            overtime_hours: 40.0
        }
    );
}

#[test]
fn initial_inventory_is_used_first_and_the_rest_carried() {
    // 200 in stock against [50, 30, 40]: no production at all, 80 left at the end.
    let demand = [FamilyDemand::new("Pumps", vec![50.0, 30.0, 40.0])];
    let settings = SupplySettings {
        rule: AllocationRule::Margin,
        families: vec![terms("Pumps", 0.0, 200.0)],
    };
    let plan = supply_plan(&press(0.0), &demand, &settings).unwrap();
    let p = &plan.families[0];
    assert_close(&p.production, &[0.0, 0.0, 0.0]);
    assert_close(&p.ending_inventory, &[150.0, 120.0, 80.0]);
    assert_close(&p.prebuild_inventory, &[0.0, 0.0, 0.0]);
    // No load is left after the stock, so there is no bottleneck to rank by.
    assert_eq!(plan.bottleneck, None);
    assert_eq!(plan.status, PlanStatus::Fits);
}

#[test]
fn zero_capacity_is_all_short_without_nan() {
    let model = CapacityModel {
        periods: periods(&["Jan"]),
        resources: vec![resource(
            "Press",
            PerPeriod::Same(0.0),
            PerPeriod::default(),
        )],
        bill: vec![line("Pumps", "Press", 2.0)],
    };
    let demand = [FamilyDemand::new("Pumps", vec![10.0])];
    let check = rough_cut(&model, &demand).unwrap();
    let cell = &check.resources[0].cells[0];
    assert_eq!(
        (
            cell.utilization_pct,
            cell.utilization_with_overtime_pct,
            cell.level
        ),
        (None, None, LoadLevel::BeyondOvertime)
    );
    // All 20 hours are over (the regular hours are none).
    assert_eq!(check.resources[0].overloaded_hours, 20.0);
    assert_eq!(check.resources[0].peak_utilization_pct, None);
    assert_eq!(check.bottleneck.unwrap().resource, "Press");

    let plan = supply_plan(&model, &demand, &SupplySettings::default()).unwrap();
    assert_eq!(plan.families[0].production, [0.0]);
    assert_eq!(plan.resources[0].utilization_pct, [None]);
    assert_eq!(
        plan.status,
        PlanStatus::Short {
            units: 10.0,
            periods: periods(&["Jan"]),
            overtime_hours: 0.0
        }
    );
}

#[test]
fn zero_demand_fits_with_no_bottleneck() {
    let demand = [FamilyDemand::new("Pumps", vec![0.0; 3])];
    let check = rough_cut(&press(10.0), &demand).unwrap();
    assert_eq!(check.bottleneck, None);
    assert!(check.overloads.is_empty());
    assert_eq!(check.resources[0].cells[0].utilization_pct, Some(0.0));
    let plan = supply_plan(&press(10.0), &demand, &SupplySettings::default()).unwrap();
    assert_eq!(plan.families[0].production, [0.0; 3]);
    assert_eq!(plan.status, PlanStatus::Fits);

    // No demand rows at all is just as fine.
    let plan = supply_plan(&press(10.0), &[], &SupplySettings::default()).unwrap();
    assert!(plan.families.is_empty());
    assert_eq!(plan.status, PlanStatus::Fits);
}

#[test]
fn empty_bill_plans_demand_unconstrained_with_a_warning() {
    let model = CapacityModel {
        bill: Vec::new(),
        ..press(0.0)
    };
    let demand = [FamilyDemand::new("Pumps", vec![100.0, 100.0, 100.0])];
    let check = rough_cut(&model, &demand).unwrap();
    assert_eq!(check.resources[0].total_load_hours, 0.0);
    assert_eq!(check.bottleneck, None);
    assert_eq!(check.warnings[0].kind, WarningKind::NotInBill);
    assert!(
        check.warnings[0]
            .message
            .starts_with("family \"Pumps\" takes no hours in the bill of resources"),
        "{}",
        check.warnings[0]
    );
    let plan = supply_plan(&model, &demand, &SupplySettings::default()).unwrap();
    assert_eq!(plan.families[0].production, [100.0; 3]);
    assert_eq!(plan.status, PlanStatus::Fits);
}

#[test]
fn negative_demand_is_taken_as_zero_with_a_warning() {
    let demand = [FamilyDemand::new("pumps ", vec![-5.0, 10.0, -1.0])];
    let plan = supply_plan(&press(0.0), &demand, &SupplySettings::default()).unwrap();
    assert_eq!(plan.families[0].demand, [0.0, 10.0, 0.0]);
    assert_eq!(plan.warnings[0].kind, WarningKind::NegativeDemand);
    assert_eq!(
        plan.warnings[0].message,
        "the demand of family \"pumps\" is negative in Jan, Mar; taken as zero"
    );
}

#[test]
fn mismatched_period_counts_are_errors_in_words() {
    let mut model = press(0.0);
    model.resources[0].regular_hours = PerPeriod::Each(vec![100.0, 100.0]);
    let err = rough_cut(&model, &[]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the regular hours of resource \"Press\": 2 values for 3 periods; give one value per period"
    );
    let demand = [FamilyDemand::new("Pumps", vec![1.0])];
    let err = supply_plan(&press(0.0), &demand, &SupplySettings::default()).unwrap_err();
    assert_eq!(
        err,
        CapacityError::PeriodCount {
            what: "the demand of family \"Pumps\"".into(),
            found: 1,
            expected: 3
        }
    );
    assert_eq!(
        err.to_string(),
        "the demand of family \"Pumps\": 1 value for 3 periods; give one value per period"
    );
}

#[test]
fn bad_models_are_errors_in_words() {
    let mut model = press(0.0);
    model.bill.push(line("Pumps", "Pres", 1.0));
    assert_eq!(
        rough_cut(&model, &[]).unwrap_err().to_string(),
        "the bill of resources puts family \"Pumps\" on resource \"Pres\", which is not among the resources (Press)"
    );

    let mut model = press(0.0);
    model.bill[0].hours_per_unit = -2.0;
    assert_eq!(
        rough_cut(&model, &[]).unwrap_err().to_string(),
        "the hours per unit of family \"Pumps\" on resource \"Press\" is -2: it cannot be negative"
    );

    let mut model = press(0.0);
    model.resources[0].overtime_hours = PerPeriod::Each(vec![0.0, f64::INFINITY, 0.0]);
    assert_eq!(
        rough_cut(&model, &[]).unwrap_err().to_string(),
        "the overtime hours of resource \"Press\" in Feb is inf: not a finite number"
    );

    let mut model = press(0.0);
    model.resources.push(resource(
        " press",
        PerPeriod::Same(1.0),
        PerPeriod::default(),
    ));
    assert_eq!(
        rough_cut(&model, &[]).unwrap_err().to_string(),
        "resource \"press\" is listed twice (names are compared ignoring case)"
    );

    let model = CapacityModel {
        periods: Vec::new(),
        ..press(0.0)
    };
    assert_eq!(
        rough_cut(&model, &[]).unwrap_err(),
        CapacityError::NoPeriods
    );

    let demand = [FamilyDemand::new("Pumps", vec![f64::NAN, 1.0, 1.0])];
    let err = rough_cut(&press(0.0), &demand).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the demand of family \"Pumps\" in Jan is NaN: not a finite number"
    );

    let settings = SupplySettings {
        rule: AllocationRule::Margin,
        families: vec![terms("Pumps", 1.0, -3.0)],
    };
    let demand = [FamilyDemand::new("Pumps", vec![1.0; 3])];
    let err = supply_plan(&press(0.0), &demand, &settings).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the initial inventory of family \"Pumps\" is -3: it cannot be negative"
    );
}

#[test]
fn names_match_ignoring_case_and_spaces() {
    let model = CapacityModel {
        bill: vec![line(" PUMPS", "press ", 2.0)],
        ..press(0.0)
    };
    let demand = [FamilyDemand::new("Pumps", vec![60.0, 0.0, 0.0])];
    let check = rough_cut(&model, &demand).unwrap();
    assert_eq!(check.resources[0].cells[0].load_hours, 120.0);
    assert!(check.warnings.is_empty());
}

#[test]
fn model_and_settings_round_trip_as_json() {
    let json = r#"{
        "periods": ["Jan", "Feb"],
        "resources": [
            {"name": "Press", "regular_hours": 160, "overtime_hours": [10, 0]},
            {"name": "Paint", "regular_hours": [80, 90.5]}
        ],
        "bill": [{"family": "A", "resource": "Press", "hours_per_unit": 2}]
    }"#;
    let model: CapacityModel = serde_json::from_str(json).unwrap();
    assert_eq!(model.resources[0].regular_hours, PerPeriod::Same(160.0));
    assert_eq!(
        model.resources[0].overtime_hours,
        PerPeriod::Each(vec![10.0, 0.0])
    );
    assert_eq!(model.resources[1].overtime_hours, PerPeriod::Same(0.0));
    let back: CapacityModel =
        serde_json::from_str(&serde_json::to_string(&model).unwrap()).unwrap();
    assert_eq!(back, model);

    let bad = r#"{"periods": [], "resources": [], "bom": []}"#;
    let err = serde_json::from_str::<CapacityModel>(bad).unwrap_err();
    assert!(err.to_string().contains("unknown field `bom`"), "{err}");

    let settings: SupplySettings = serde_json::from_str(
        r#"{"rule": "priority", "families": [{"family": "A", "margin_per_unit": 3}]}"#,
    )
    .unwrap();
    assert_eq!(settings.rule, AllocationRule::Priority);
    assert_eq!(settings.families[0].initial_inventory, 0.0);

    let demand = [FamilyDemand::new("A", vec![100.0, 0.0])];
    let plan = supply_plan(&model, &demand, &settings).unwrap();
    let json = serde_json::to_value(&plan).unwrap();
    // 200 hours in Jan against 160 + 10: 80 + 5 units made, 15 short.
    assert_eq!(json["status"]["short"]["units"], 15.0);
    assert_eq!(json["rule"], "priority");
}

#[test]
fn pasted_resources_with_an_overtime_column() {
    let t =
        parse_resources("Resource;Jan;Feb;Overtime\nPress;1.600,5;1.500;20\nPaint;80;;\n").unwrap();
    assert_eq!(t.periods, ["Jan", "Feb"]);
    assert_eq!(
        t.resources,
        [
            resource(
                "Press",
                PerPeriod::Each(vec![1600.5, 1500.0]),
                PerPeriod::Same(20.0)
            ),
            // Empty cells are no hours.
            resource(
                "Paint",
                PerPeriod::Each(vec![80.0, 0.0]),
                PerPeriod::Same(0.0)
            ),
        ]
    );
}

#[test]
fn pasted_table_problems_name_row_column_and_cell() {
    let err =
        parse_resources("Resource\tJan\tFeb\nPress\t160\t160\nPaint\t80\t12,x\n").unwrap_err();
    assert_eq!(
        err.to_string(),
        "row 3, column \"Feb\": \"12,x\" is not a number"
    );

    let err = parse_resources("Resource\tJan\nPress\t-5\nPaint\tlots\npress\t1\n").unwrap_err();
    let TableError::Cells { problems } = &err else {
        panic!("{err:?}");
    };
    let msgs: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        msgs,
        [
            "row 2, column \"Jan\": \"-5\" is negative: hours cannot be less than zero",
            "row 3, column \"Jan\": \"lots\" is not a number",
            "row 4, column \"Resource\": \"press\" repeats a resource already on row 2",
        ]
    );
    assert!(
        err.to_string()
            .starts_with("3 problems in the table; the first: row 2"),
        "{err}"
    );

    let err = parse_resources("Resource\tType\tJan\nPress\tExtra\t5\n").unwrap_err();
    assert_eq!(
        err.to_string(),
        "row 2, column \"Type\": \"Extra\" is neither \"Regular\" nor \"Overtime\""
    );
    let err = parse_resources("Resource\tType\tJan\nPress\tOvertime\t5\n").unwrap_err();
    assert_eq!(
        err.to_string(),
        "row 2, column \"Type\": \"Overtime\" has an overtime row but no regular row: add a Regular row for it"
    );

    let err = parse_resources("Resource\tJan\t\tMar\nPress\t1\t2\t3\n").unwrap_err();
    assert_eq!(
        err.to_string(),
        "column C has no header: the first row should name the period of each column (Jan, Feb, …)"
    );
    assert!(matches!(parse_resources(""), Err(TableError::Empty { .. })));
    assert!(matches!(
        parse_resources("Resource\tJan\n"),
        Err(TableError::NoRows { .. })
    ));

    let err = parse_bill("Family\tResource\tHours per unit\nA\tPress\t\n\tPaint\t1\n").unwrap_err();
    let TableError::Cells { problems } = &err else {
        panic!("{err:?}");
    };
    let msgs: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        msgs,
        [
            "row 2, column \"Hours per unit\": \"\" is empty: give the hours per unit (0 if none)",
            "row 3, column \"Family\": \"\" is empty: name the family",
        ]
    );

    let err = parse_demand("Family\tJan\nA\t1\na\t2\n").unwrap_err();
    assert_eq!(
        err.to_string(),
        "row 3, column \"Family\": \"a\" repeats a family already on row 2"
    );
}

#[test]
fn pasted_bill_layouts() {
    // Long with a work-centre header and an extra comment column.
    let lines =
        parse_bill("Product family,Work center,Std hours,Note\nA,WC 10,1.5,new\nB,WC 20,2,\n")
            .unwrap();
    assert_eq!(lines, [line("A", "WC 10", 1.5), line("B", "WC 20", 2.0)]);
    // Wide with numeric resource names and a zero meaning "not used".
    let lines = parse_bill("Family\t4010\t4020\nA\t1,5\t0\nB\t\t2\n").unwrap();
    assert_eq!(lines, [line("A", "4010", 1.5), line("B", "4020", 2.0)]);
}

#[test]
fn pasted_demand_keeps_negative_quantities_for_the_plan_to_flag() {
    let d = parse_demand("Family|Q1|Q2\nA|1.234,5|-3\nB||7\n").unwrap();
    assert_eq!(d.periods, ["Q1", "Q2"]);
    assert_eq!(
        d.demand,
        [
            FamilyDemand::new("A", vec![1234.5, -3.0]),
            FamilyDemand::new("B", vec![0.0, 7.0]),
        ]
    );
}
