//! Scenario tests of safety stock and the inventory projection, every expected number
//! worked out by hand (or from a printed normal table) in the comments.

use attune_engine::document::read_document;
use attune_engine::forecast::accuracy::accuracy;
use attune_engine::inventory::{
    forecast_error_sigma, normal_loss, project, safety_stock, InventoryError, InventoryItem,
    InventoryPolicy, InventorySettings, PeriodFlags, SafetyStockInput, ServiceTarget,
};
use attune_engine::plan::aggregate::{PlanOptions, Strategy};

fn fixture(name: &str) -> String {
    let path = format!("{}/../testdata/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap()
}

fn periods(n: usize) -> Vec<String> {
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug"][..n]
        .iter()
        .map(|p| (*p).to_string())
        .collect()
}

#[track_caller]
fn assert_near(actual: f64, expected: f64, tolerance: f64) {
    assert!(
        (actual - expected).abs() <= tolerance,
        "{actual} is not within {tolerance} of {expected}"
    );
}

#[track_caller]
fn assert_all_near(actual: &[f64], expected: &[f64]) {
    assert_eq!(actual.len(), expected.len(), "{actual:?} vs {expected:?}");
    for (a, e) in actual.iter().zip(expected) {
        assert!(
            (a - e).abs() <= 1e-9 * e.abs().max(1.0),
            "{actual:?} vs {expected:?}"
        );
    }
}

fn input(target: ServiceTarget, d: f64, sigma: f64, lead: f64) -> SafetyStockInput {
    SafetyStockInput {
        target,
        demand_per_period: d,
        demand_sigma: sigma,
        lead_time: lead,
        lead_time_sigma: 0.0,
        order_quantity: None,
    }
}

/// The textbook case: CSL 95 % → z = 1.6449; σ_d = 100 a period over L = 4 periods
/// → σ_L = 100·√4 = 200; SS = 1.6449 × 200 = 328.97 ≈ 329. With d = 500 a period the
/// reorder point is 500 × 4 + 329 = 2,329.
#[test]
fn cycle_service_level_95_percent() {
    let ss = safety_stock(
        &input(ServiceTarget::CycleService(95.0), 500.0, 100.0, 4.0),
        "item \"A\"",
    )
    .unwrap();
    assert_near(ss.safety_factor.unwrap(), 1.644_853_6, 1e-6);
    assert_near(ss.lead_time_sigma, 200.0, 1e-12);
    assert_near(ss.units, 328.970_725, 1e-5);
    assert_near(ss.lead_time_demand, 2000.0, 1e-12);
    assert_near(ss.reorder_point, 2_328.970_725, 1e-5);
    assert_near(ss.cycle_service_pct, 95.0, 1e-9);
    // Without an order quantity there is no fill rate to state.
    assert_eq!(ss.fill_rate_pct, None);
    assert_eq!(ss.note, None);
}

/// Lead-time variability: d = 100, σ_d = 20, L = 4, σ_LT = 1 period →
/// σ_L = √(4 × 20² + 100² × 1²) = √(1,600 + 10,000) = √11,600 = 107.703;
/// CSL 90 % → z = 1.28155; SS = 1.28155 × 107.703 = 138.03.
#[test]
fn lead_time_variability_widens_the_spread() {
    let mut i = input(ServiceTarget::CycleService(90.0), 100.0, 20.0, 4.0);
    i.lead_time_sigma = 1.0;
    let ss = safety_stock(&i, "item \"A\"").unwrap();
    assert_near(ss.lead_time_sigma, 107.703_296, 1e-6);
    assert_near(ss.units, 138.027_33, 1e-4);
    assert_near(ss.reorder_point, 538.027_33, 1e-4);
}

/// Fill rate 99 % with Q = 200 units per replenishment, σ_d = 50 over L = 4 → σ_L = 100.
/// Expected units short per cycle may be (1 − 0.99) × 200 = 2, so G(k) = 2 / 100 = 0.02.
/// From the unit normal loss table: G(1.65) = 0.02064, G(1.66) = 0.02015, G(1.67) =
/// 0.01967 — k lies just above 1.66; by interpolation 1.663. SS = 1.663 × 100 = 166.3.
/// Φ(1.663) = 95.2 % of cycles end without running out.
#[test]
fn fill_rate_99_percent_from_the_loss_table() {
    assert_near(normal_loss(1.65), 0.020_637, 1e-6);
    assert_near(normal_loss(1.66), 0.020_147, 1e-6);
    let mut i = input(ServiceTarget::FillRate(99.0), 200.0, 50.0, 4.0);
    i.order_quantity = Some(200.0);
    let ss = safety_stock(&i, "item \"A\"").unwrap();
    let k = ss.safety_factor.unwrap();
    assert_near(k, 1.663_05, 1e-5);
    assert_near(normal_loss(k), 0.02, 1e-12);
    assert_near(ss.units, 166.305, 1e-3);
    assert_near(ss.expected_short_per_cycle, 2.0, 1e-9);
    assert_near(ss.fill_rate_pct.unwrap(), 99.0, 1e-9);
    assert_near(ss.cycle_service_pct, 95.185, 1e-3);
}

/// Fill rate 95 % with Q = 1,000 and σ_L = 100: (1 − 0.95) × 1,000 / 100 = 0.5 is more
/// than G(0) = 0.3989, so the order quantity alone does it: k = 0, no safety stock, and
/// the fill rate reached is 1 − 100 × 0.3989 / 1,000 = 96.01 %.
#[test]
fn large_orders_need_no_safety_stock_for_a_fill_rate() {
    let mut i = input(ServiceTarget::FillRate(95.0), 1000.0, 50.0, 4.0);
    i.order_quantity = Some(1000.0);
    let ss = safety_stock(&i, "item \"A\"").unwrap();
    assert_eq!(ss.units, 0.0);
    assert_eq!(ss.safety_factor, Some(0.0));
    assert_near(ss.fill_rate_pct.unwrap(), 96.010_577, 1e-5);
    assert_near(ss.cycle_service_pct, 50.0, 1e-12);
    assert_eq!(
        ss.note.as_deref(),
        Some("Orders of 1,000 units alone reach a 95 % fill rate: no safety stock is needed.")
    );
}

/// No forecast error and no lead time: nothing to protect against, so no safety stock,
/// and every number stays finite.
#[test]
fn zero_sigma_zero_lead_time_and_zero_demand_are_finite() {
    for target in [
        ServiceTarget::CycleService(99.99),
        ServiceTarget::CycleService(50.0),
        ServiceTarget::Units(0.0),
    ] {
        for (d, sigma, lead) in [(0.0, 0.0, 0.0), (100.0, 0.0, 4.0), (0.0, 30.0, 0.0)] {
            let ss = safety_stock(&input(target, d, sigma, lead), "item \"A\"").unwrap();
            assert_eq!(ss.units, 0.0, "{target:?} {d} {sigma} {lead}");
            assert!(ss.reorder_point.is_finite());
            assert_eq!(ss.cycle_service_pct, 100.0);
        }
    }
    // A fill rate with σ_L = 0 needs no safety stock either.
    let mut i = input(ServiceTarget::FillRate(99.0), 100.0, 0.0, 2.0);
    i.order_quantity = Some(100.0);
    let ss = safety_stock(&i, "item \"A\"").unwrap();
    assert_eq!((ss.units, ss.fill_rate_pct), (0.0, Some(100.0)));
    // A fixed stock: k = SS / σ_L = 200 / 200 = 1 → Φ(1) = 84.13 % of cycles.
    let ss = safety_stock(
        &input(ServiceTarget::Units(200.0), 100.0, 100.0, 4.0),
        "item \"A\"",
    )
    .unwrap();
    assert_eq!(ss.safety_factor, Some(1.0));
    assert_near(ss.cycle_service_pct, 84.134_474_6, 1e-6);
}

#[test]
fn service_levels_outside_50_to_99_99_percent_are_refused_in_words() {
    let message = |target| {
        safety_stock(&input(target, 100.0, 10.0, 1.0), "item \"Pump\"")
            .unwrap_err()
            .to_string()
    };
    assert_eq!(
        message(ServiceTarget::CycleService(100.0)),
        "the cycle service level of item \"Pump\" is 100 %: give a level between 50 % and \
         99.99 % (100 % would need unlimited safety stock)"
    );
    assert_eq!(
        message(ServiceTarget::FillRate(0.95)),
        "the fill-rate target of item \"Pump\" is 0.95 %: give a level between 50 % and \
         99.99 % (write 95 for 95 %, not 0.95)"
    );
    assert_eq!(
        message(ServiceTarget::CycleService(40.0)),
        "the cycle service level of item \"Pump\" is 40 %: give a level between 50 % and \
         99.99 % (below 50 % the safety stock would be negative)"
    );
    assert_eq!(
        message(ServiceTarget::CycleService(f64::NAN)),
        "the cycle service level of item \"Pump\" is not a number: give a level between 50 % \
         and 99.99 %"
    );
    assert_eq!(
        message(ServiceTarget::FillRate(98.0)),
        "the order quantity of item \"Pump\" is 0: a fill-rate target needs the units per \
         replenishment (order quantity) above zero"
    );
    let mut i = input(ServiceTarget::CycleService(95.0), 100.0, 10.0, 1.0);
    i.lead_time = -2.0;
    assert_eq!(
        safety_stock(&i, "item \"Pump\"").unwrap_err().to_string(),
        "the lead time of item \"Pump\" is -2: it cannot be negative"
    );
}

/// σ_d from a backtest: errors +10, −10, +20, −20 → RMSE = √((100 + 100 + 400 + 400) / 4)
/// = √250 = 15.81.
#[test]
fn sigma_comes_from_the_forecast_error() {
    let a = accuracy(
        &[100.0, 100.0, 100.0, 100.0],
        &[110.0, 90.0, 120.0, 80.0],
        &[],
        1,
    );
    assert_near(forecast_error_sigma(&a).unwrap(), 250f64.sqrt(), 1e-12);
    assert_eq!(forecast_error_sigma(&accuracy(&[], &[], &[], 1)), None);
}

/// The two items of `testdata/inventory/pumps.json`, worked through by hand.
///
/// Pump: opening 120, demand 100 100 120 80 100 100, supply 0 150 0 0 300 0:
/// - projected: 120−100 = 20; 20+150−100 = 70; 70−120 = −50; −50−80 = −130;
///   −130+300−100 = 70; 70−100 = −30 (units owed at the end of Mar, Apr, Jun).
/// - met in its period: Jan 100; Feb 100; Mar only the 70 on hand; Apr none (the 50 owed
///   take nothing, no supply); May 300 serve the 130 owed, then 100; Jun 70 of 100.
///   Σ met = 440 of 600 → fill rate 73.33 %. Unmet 0 0 50 80 0 30.
/// - SS: CSL 95 %, σ_d = 20, L = 1 → 1.6449 × 20 = 32.90; reorder point 100 + 32.90.
/// - cover: Jan 20 of Feb's 100 = 0.2; Feb 70 of Mar's 120 = 0.583; May 70 of Jun's 100
///   = 0.7; none where nothing is on hand.
/// - value at 10 a unit: 200 700 0 0 700 0. Swing: 70 − (−130) = 200.
///
/// Impeller: 500 on hand, 50 a period, nothing arrives: 450 400 350 300 250 200. Cover at
/// the end of Jan: the five later periods (250) and 200 more at the mean of 50 → 9
/// periods; Feb 8, Mar 7, Apr 6, May 5, Jun 4. Above 6 periods is overstock: Jan–Mar.
#[test]
fn pumps_projection_by_hand() {
    let items: Vec<InventoryItem> = serde_json::from_str(&fixture("inventory/pumps.json")).unwrap();
    let p = project(&periods(6), &items, &InventorySettings::default()).unwrap();
    let pump = &p.items[0];
    assert_all_near(&pump.projected, &[20.0, 70.0, -50.0, -130.0, 70.0, -30.0]);
    assert_all_near(&pump.on_hand, &[20.0, 70.0, 0.0, 0.0, 70.0, 0.0]);
    assert_all_near(&pump.backlog, &[0.0, 0.0, 50.0, 130.0, 0.0, 30.0]);
    assert_all_near(&pump.met, &[100.0, 100.0, 70.0, 0.0, 100.0, 70.0]);
    assert_all_near(&pump.unmet, &[0.0, 0.0, 50.0, 80.0, 0.0, 30.0]);
    assert_near(pump.fill_rate_pct.unwrap(), 100.0 * 440.0 / 600.0, 1e-9);
    assert_near(pump.safety_stock_units, 32.897_072, 1e-5);
    assert_near(pump.reorder_point, 132.897_072, 1e-5);
    let cover: Vec<f64> = pump.cover_periods.iter().map(|c| c.unwrap()).collect();
    assert_all_near(&cover, &[0.2, 70.0 / 120.0, 0.0, 0.0, 0.7, 0.0]);
    assert_all_near(&pump.value, &[200.0, 700.0, 0.0, 0.0, 700.0, 0.0]);
    let excess = 70.0 - pump.safety_stock_units;
    assert_all_near(
        &pump.excess_over_safety,
        &[0.0, excess, 0.0, 0.0, excess, 0.0],
    );
    assert_eq!(pump.swing, 200.0);
    assert_eq!(pump.first_stockout, Some(2));
    let flag = |stockout, below_safety_stock| PeriodFlags {
        stockout,
        below_safety_stock,
        overstock: false,
    };
    assert_eq!(
        pump.flags,
        [
            flag(false, true),
            flag(false, false),
            flag(true, true),
            flag(true, true),
            flag(false, false),
            flag(true, true),
        ]
    );

    let impeller = &p.items[1];
    assert!(impeller.safety_stock.is_none());
    let cover: Vec<f64> = impeller.cover_periods.iter().map(|c| c.unwrap()).collect();
    assert_all_near(&cover, &[9.0, 8.0, 7.0, 6.0, 5.0, 4.0]);
    let overstock: Vec<bool> = impeller.flags.iter().map(|f| f.overstock).collect();
    assert_eq!(overstock, [true, true, true, false, false, false]);
    assert!(impeller
        .flags
        .iter()
        .all(|f| !f.stockout && !f.below_safety_stock));

    // The family adds both (its name as the first item writes it; "pumps" matches).
    assert_eq!(p.families.len(), 1);
    let family = &p.families[0];
    assert_eq!(family.family, "Pumps");
    assert_eq!(family.items, ["Pump", "Impeller"]);
    assert_all_near(
        &family.projected,
        &[470.0, 470.0, 300.0, 170.0, 320.0, 170.0],
    );
    assert_all_near(&family.on_hand, &[470.0, 470.0, 350.0, 300.0, 320.0, 200.0]);
    assert_all_near(&family.backlog, &[0.0, 0.0, 50.0, 130.0, 0.0, 30.0]);
    assert_eq!(family.items_stocked_out, [0, 0, 1, 1, 0, 1]);
    assert_eq!(family.items_below_safety, [1, 0, 1, 1, 0, 1]);
    assert_eq!(family.items_overstocked, [1, 1, 1, 0, 0, 0]);
    assert_eq!(family.swing, 300.0);
    assert_all_near(
        &p.total_value,
        &[1100.0, 1500.0, 700.0, 600.0, 1200.0, 400.0],
    );
    assert_all_near(&family.value, &p.total_value);

    // A stricter overstock threshold flags Apr too (6 periods of cover > 5).
    let p = project(
        &periods(6),
        &items,
        &InventorySettings {
            overstock_cover_periods: 5.0,
        },
    )
    .unwrap();
    let overstock: Vec<bool> = p.items[1].flags.iter().map(|f| f.overstock).collect();
    assert_eq!(overstock, [true, true, true, true, false, false]);
}

/// Stock with no demand ahead at all has unlimited cover and is overstock; an item with
/// no demand and a fill-rate target must be given its order quantity.
#[test]
fn no_demand_means_unlimited_cover() {
    let item = InventoryItem {
        item: "Spare".into(),
        family: None,
        opening_stock: 10.0,
        demand: vec![0.0; 3],
        supply: vec![0.0; 3],
        unit_cost: 1.0,
        policy: Some(InventoryPolicy {
            target: ServiceTarget::CycleService(95.0),
            demand_sigma: 0.0,
            lead_time: 0.0,
            lead_time_sigma: 0.0,
            order_quantity: None,
        }),
    };
    let p = project(
        &periods(3),
        std::slice::from_ref(&item),
        &InventorySettings::default(),
    )
    .unwrap();
    assert_eq!(p.items[0].cover_periods, [None, None, None]);
    assert!(p.items[0].flags.iter().all(|f| f.overstock));
    assert_eq!(p.items[0].fill_rate_pct, None);
    let mut fill = item;
    fill.policy = Some(InventoryPolicy {
        target: ServiceTarget::FillRate(98.0),
        ..fill.policy.unwrap()
    });
    assert_eq!(
        project(&periods(3), &[fill], &InventorySettings::default())
            .unwrap_err()
            .to_string(),
        "the order quantity of item \"Spare\" is 0: the item has no demand in the horizon, so \
         the units per replenishment cannot default to a period's demand: give the order \
         quantity, or use a cycle service level"
    );
}

#[test]
fn bad_input_is_named() {
    let item = |name: &str, demand: Vec<f64>| InventoryItem {
        item: name.into(),
        family: None,
        opening_stock: 0.0,
        supply: vec![0.0; demand.len()],
        demand,
        unit_cost: 0.0,
        policy: None,
    };
    let settings = InventorySettings::default();
    let err = |periods: &[String], items: &[InventoryItem]| {
        project(periods, items, &settings).unwrap_err().to_string()
    };
    assert_eq!(err(&[], &[]), InventoryError::NoPeriods.to_string());
    assert_eq!(
        err(&periods(3), &[item("A", vec![1.0, 2.0])]),
        "the demand of item \"A\": 2 values for 3 periods; give one value per period"
    );
    assert_eq!(
        err(&periods(2), &[item("A", vec![1.0, -2.0])]),
        "the demand of item \"A\" in Feb is -2: it cannot be negative"
    );
    assert_eq!(
        err(&periods(1), &[item("A", vec![1.0]), item(" a ", vec![1.0])]),
        "item \"a\" is listed twice (names are compared ignoring case)"
    );
    assert_eq!(
        err(&periods(1), &[item("", vec![1.0])]),
        "item 1 has no name"
    );
    let mut nan = item("A", vec![1.0]);
    nan.opening_stock = f64::INFINITY;
    assert_eq!(
        err(&periods(1), &[nan]),
        "the opening stock of item \"A\" is infinite: give a finite number of units within ±1e12"
    );
    assert_eq!(
        project(
            &periods(1),
            &[item("A", vec![1.0])],
            &InventorySettings {
                overstock_cover_periods: 0.0
            }
        )
        .unwrap_err()
        .to_string(),
        "the overstock threshold (periods of cover) is 0: give a number of periods above zero"
    );
}

/// An aggregate plan's inventory − backlog is exactly the projection of its production
/// and subcontracting against its demand from the initial inventory.
#[test]
fn aggregate_plan_projects_to_its_own_inventory() {
    let path = format!(
        "{}/../testdata/plans/red_tomato.attune.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(path).unwrap();
    let input = read_document(&text).unwrap().aggregate_plan.unwrap();
    let model = input.check().unwrap();
    for strategy in Strategy::ALL {
        let plan = model.plan(strategy, &PlanOptions::default()).unwrap();
        let item = InventoryItem::from_aggregate_plan("Tomato tools", &model, &plan, 10.0);
        let names: Vec<String> = plan.periods.iter().map(|p| p.period.clone()).collect();
        let p = project(&names, &[item], &InventorySettings::default()).unwrap();
        let expected: Vec<f64> = plan
            .periods
            .iter()
            .map(|r| r.inventory - r.backlog)
            .collect();
        for (a, e) in p.items[0].projected.iter().zip(&expected) {
            assert!(
                (a - e).abs() < 1e-6,
                "{strategy:?}: {:?} vs {expected:?}",
                p.items[0].projected
            );
        }
    }
}
