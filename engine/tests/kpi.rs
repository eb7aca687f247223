//! Scenario tests of the shared KPIs and the health summary, every number worked out by
//! hand in the comments.

use attune_engine::document::read_document;
use attune_engine::forecast::accuracy::accuracy;
use attune_engine::forecast::BacktestSummary;
use attune_engine::inventory::{project, InventorySettings};
use attune_engine::kpi::{
    health_summary, kpis, CapacityFigures, ForecastFigures, InventoryFigures, KpiInputs, KpiKey,
    KpiReport, Light, OrderFigures, PlanFigures, ResourceFigures, SalesLine, Thresholds, Topic,
    Unit,
};
use attune_engine::plan::aggregate::{PlanOptions, Strategy};
use attune_engine::plan::capacity::{
    rough_cut, BillLine, CapacityModel, FamilyDemand, PerPeriod, Resource,
};

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|p| (*p).to_string()).collect()
}

#[track_caller]
fn assert_near(actual: Option<f64>, expected: f64) {
    let a = actual.unwrap();
    assert!(
        (a - expected).abs() < 1e-9 * expected.abs().max(1.0),
        "{a} vs {expected}"
    );
}

/// Three months of a two-item business.
///
/// - Sales: Pump at 50 (margin 20), 100 a month, 0 / 20 / 40 not met; Valve at 10
///   (margin 4), 200 a month, all met. Revenue 7,000 a month, 21,000 in all. At risk
///   0 / 1,000 / 2,000 = 3,000 → 14.29 % (red above 5 %). Fill rate (900 − 60) / 900 =
///   93.33 % (red below 95 %). Lost margin 60 × 20 = 1,200.
/// - Forecast: actual 100, 200, 300; forecast 110, 190, 330 → errors +10, −10, +30:
///   WAPE 50 / 600 = 8.33 % (green), bias +30 / 600 = +5 % (green: within ±5 %). Last
///   year's pattern 120, 150, 250 → MAE 40 against 16.67 → value added
///   (1 − 16.67 / 40) = 58.33 % (green).
/// - Orders: 41 of 45 on time = 91.11 % (amber: 85–95 %).
/// - Capacity: Press load 80, 95, 118 on 100 a month; Paint 50, 60, 40 on 80. Average
///   443 / 540 = 82.04 % (green); peak Press in Mar, 118 % (red above 100 %).
/// - Inventory: value 1,000, 3,000, 2,000 (mean 2,000) against a target of 1,500 →
///   133 % (amber: 120–150 %); swing 2,000 = 100 % of the mean (amber: 50–100 %). Stock
///   above safety stock worth 200 + 1,500 + 500 = 2,200, at 2 % a month → 44.
/// - Plan: 50,000 against the cheapest 48,000 → 4.17 % above (amber: 2–10 %); overtime
///   premium 600, expediting premium 400.
/// - Misalignment: 1,200 + 600 + 400 + 44 = 2,244 → 10.69 % of revenue (red above 5 %).
fn scenario() -> KpiInputs {
    let method = accuracy(&[100.0, 200.0, 300.0], &[110.0, 190.0, 330.0], &[], 1);
    let last_year = accuracy(&[100.0, 200.0, 300.0], &[120.0, 150.0, 250.0], &[], 1);
    KpiInputs {
        periods: names(&["Jan", "Feb", "Mar"]),
        forecast: Some(ForecastFigures::from_accuracy(&method, Some(&last_year))),
        sales: vec![
            SalesLine {
                item: "Pump".into(),
                price: 50.0,
                margin_per_unit: 20.0,
                demand: vec![100.0; 3],
                unmet: vec![0.0, 20.0, 40.0],
            },
            SalesLine {
                item: "Valve".into(),
                price: 10.0,
                margin_per_unit: 4.0,
                demand: vec![200.0; 3],
                unmet: vec![0.0; 3],
            },
        ],
        orders: Some(OrderFigures {
            orders: 45,
            on_time: 41,
        }),
        capacity: Some(CapacityFigures {
            resources: vec![
                ResourceFigures {
                    resource: "Press".into(),
                    load_hours: vec![80.0, 95.0, 118.0],
                    regular_hours: vec![100.0; 3],
                },
                ResourceFigures {
                    resource: "Paint".into(),
                    load_hours: vec![50.0, 60.0, 40.0],
                    regular_hours: vec![80.0; 3],
                },
            ],
            bottleneck: None,
        }),
        inventory: Some(InventoryFigures {
            value: vec![1000.0, 3000.0, 2000.0],
            excess_value: vec![200.0, 1500.0, 500.0],
            target_value: Some(1500.0),
        }),
        plan: Some(PlanFigures {
            total_cost: 50_000.0,
            cheapest_cost: Some(48_000.0),
            overtime_premium: 600.0,
            expediting_premium: 400.0,
        }),
        ..KpiInputs::default()
    }
}

fn kpi(report: &KpiReport, key: KpiKey) -> &attune_engine::kpi::Kpi {
    report.get(key).unwrap()
}

#[test]
fn every_kpi_by_hand() {
    let r = kpis(&scenario()).unwrap();
    assert_eq!(r.kpis.len(), 12);
    let order: Vec<KpiKey> = r.kpis.iter().map(|k| k.key).collect();
    assert_eq!(order, KpiKey::ALL);
    let check = |key, value: f64, light| {
        let k = kpi(&r, key);
        assert_near(k.value, value);
        assert_eq!(k.light, Some(light), "{key:?}: {k:#?}");
        assert!(!k.definition.is_empty() && !k.formula.is_empty() && !k.rule.is_empty());
    };
    check(KpiKey::ForecastWape, 100.0 * 50.0 / 600.0, Light::Green);
    check(KpiKey::ForecastBias, 5.0, Light::Green);
    check(
        KpiKey::ForecastValueAdded,
        100.0 * (1.0 - (50.0 / 3.0) / 40.0),
        Light::Green,
    );
    check(KpiKey::FillRate, 100.0 * 840.0 / 900.0, Light::Red);
    check(KpiKey::OnTimeDelivery, 100.0 * 41.0 / 45.0, Light::Amber);
    check(
        KpiKey::UtilizationAverage,
        100.0 * 443.0 / 540.0,
        Light::Green,
    );
    check(KpiKey::UtilizationPeak, 118.0, Light::Red);
    check(KpiKey::RevenueAtRisk, 100.0 * 3000.0 / 21_000.0, Light::Red);
    check(KpiKey::InventoryValue, 2000.0, Light::Amber);
    check(KpiKey::InventorySwing, 2000.0, Light::Amber);
    check(KpiKey::PlanCost, 50_000.0, Light::Amber);
    check(
        KpiKey::MisalignmentCost,
        100.0 * 2244.0 / 21_000.0,
        Light::Red,
    );

    assert_eq!(kpi(&r, KpiKey::RevenueAtRisk).amount, Some(3000.0));
    assert_eq!(kpi(&r, KpiKey::MisalignmentCost).amount, Some(2244.0));
    assert_eq!(r.revenue, 21_000.0);
    assert_eq!(r.revenue_by_period, [7000.0; 3]);
    assert_eq!(r.revenue_at_risk_by_period, [0.0, 1000.0, 2000.0]);
    let m = r.misalignment;
    assert_eq!(
        (
            m.lost_margin,
            m.overtime_premium,
            m.expediting_premium,
            m.excess_holding
        ),
        (1200.0, 600.0, 400.0, 44.0)
    );
    // Relative thresholds are given in the value's unit: the target inventory of 1,500
    // turns 120 % / 150 % into 1,800 / 2,250.
    let inv = kpi(&r, KpiKey::InventoryValue);
    assert_eq!(inv.unit, Unit::Money);
    assert_eq!(inv.thresholds, Some(Thresholds::lower(1800.0, 2250.0)));
    assert_eq!(
        inv.rule,
        "green up to 1,800, amber up to 2,250, red above 2,250"
    );
    let plan = kpi(&r, KpiKey::PlanCost);
    assert_eq!(plan.thresholds, Some(Thresholds::lower(48_960.0, 52_800.0)));
    assert_eq!(plan.detail, "4.2 % above the cheapest plan (48,000)");
    assert_eq!(
        kpi(&r, KpiKey::UtilizationPeak).detail,
        "Press in Mar; bottleneck: Press"
    );
    assert_eq!(
        kpi(&r, KpiKey::ForecastBias).rule,
        "green within ±5 %, amber within ±10 %, red beyond"
    );
    assert_eq!(
        kpi(&r, KpiKey::FillRate).rule,
        "green from 98 % up, amber from 95 %, red below 95 %"
    );
    assert_eq!(
        kpi(&r, KpiKey::OnTimeDelivery).detail,
        "41 of 45 orders on time"
    );
}

#[test]
fn the_health_summary_reads_aloud() {
    let notes = health_summary(&scenario()).unwrap();
    let text: Vec<(Topic, Option<Light>, &str)> = notes
        .iter()
        .map(|n| (n.topic, n.light, n.text.as_str()))
        .collect();
    assert_eq!(
        text,
        [
            (
                Topic::Capacity,
                Some(Light::Red),
                "1 of 3 periods above 95 % load (Mar); the bottleneck is Press, at 118 % in Mar."
            ),
            (
                Topic::Revenue,
                Some(Light::Red),
                "28.6 % of revenue at risk in Mar (2,000 of 7,000); 14.3 % over the horizon."
            ),
            (
                Topic::Forecast,
                Some(Light::Green),
                "The forecast beats last year's pattern by 58.3 % (WAPE 8.3 %, bias +5 %)."
            ),
            (
                Topic::Service,
                Some(Light::Red),
                "Projected fill rate 93.3 %; 41 of 45 orders (91.1 %) on time."
            ),
            (
                Topic::Inventory,
                Some(Light::Amber),
                "Inventory averages 2,000 at cost and swings by 2,000 over the horizon."
            ),
            (
                Topic::Cost,
                Some(Light::Red),
                "The plan costs 50,000 (4.2 % above the cheapest); misalignment costs 10.7 % of \
                 revenue (2,244: lost margin 1,200, overtime premium 600, expediting 400, stock \
                 above safety stock 44)."
            ),
        ]
    );
}

/// Nothing known yet: every KPI is there, without a value or a light, saying what is
/// missing; the summary has nothing to say.
#[test]
fn missing_inputs_leave_kpis_empty_not_wrong() {
    let r = kpis(&KpiInputs::default()).unwrap();
    assert_eq!(r.kpis.len(), 12);
    for k in &r.kpis {
        assert_eq!(k.light, None, "{k:#?}");
        assert!(!k.detail.is_empty());
    }
    assert!(r.kpis.iter().all(|k| k.value.is_none()));
    assert_eq!(
        kpi(&r, KpiKey::ForecastWape).detail,
        "no forecast backtest yet: forecast with a backtest to measure it"
    );
    assert!(health_summary(&KpiInputs::default()).unwrap().is_empty());
}

/// Two series' backtests pooled as if all points were one:
/// - S1: actual 100, 100; forecast 110, 90 → MAE 10 over 2 points, WAPE 10 %, bias 0;
///   last year's pattern 120, 80 → MAE 20.
/// - S2: actual 10, 10; forecast 15, 15 → MAE 5, WAPE 50 %, bias +5 (50 %); last year's
///   pattern exact → MAE 0.
///
/// Pooled: Σ|error| = 20 + 10 = 30 over volume 200 + 20 = 220 → WAPE 13.64 %; Σ error
/// = 0 + 10 → bias 4.55 %; last year's Σ|error| = 40 + 0 → value added 1 − 30/40 = 25 %.
#[test]
fn backtests_pool_by_volume() {
    let summary = |actual: &[f64], forecast: &[f64], naive: &[f64]| BacktestSummary {
        accuracy: accuracy(actual, forecast, &[], 1),
        benchmark: accuracy(actual, naive, &[], 1),
        skill: None,
        windows: 1,
        horizon: 2,
    };
    let f = ForecastFigures::from_backtests(&[
        summary(&[100.0, 100.0], &[110.0, 90.0], &[120.0, 80.0]),
        summary(&[10.0, 10.0], &[15.0, 15.0], &[10.0, 10.0]),
    ]);
    assert_near(f.wape_pct, 100.0 * 30.0 / 220.0);
    assert_near(f.bias_pct, 100.0 * 10.0 / 220.0);
    assert_near(f.value_added_pct, 25.0);
    assert_eq!(f.series, 2);
    assert_eq!(
        ForecastFigures::from_backtests(&[]),
        ForecastFigures::default()
    );
}

/// Red Tomato (Chopra & Meindl), whole numbers: the optimum costs 422,660; chase costs
/// 484,720 and uses neither overtime nor subcontracting, so it pays no premium.
/// - optimal against itself: 0 % above the cheapest → green.
/// - chase: (484,720 − 422,660) / 422,660 = 14.68 % above → red.
#[test]
fn plan_cost_against_the_cheapest_plan() {
    let path = format!(
        "{}/../testdata/plans/red_tomato.attune.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut input = read_document(&std::fs::read_to_string(path).unwrap())
        .unwrap()
        .aggregate_plan
        .unwrap();
    input.integer = true;
    let model = input.check().unwrap();
    let options = PlanOptions::default();
    let optimal = model.plan(Strategy::Optimal, &options).unwrap();
    let chase = model.plan(Strategy::Chase, &options).unwrap();
    let best = PlanFigures::from_aggregate(&model, &optimal, Some(&optimal)).unwrap();
    assert_eq!(best.total_cost, 422_660.0);
    // Chase: 15, 75, 80, 95, 55, 68 workers for 600, 3,000, 3,200, 3,800, 2,200 and
    // 2,700 units (June's demand plus the 500 to end with) at 40 a worker: all hours used
    // but June's, where 68 workers could make 2,720: 2,700 × 4 / (68 × 160) = 99.26 %.
    let capacity = CapacityFigures::from_aggregate(&model, &chase).unwrap();
    let r = kpis(&KpiInputs {
        periods: model.periods().to_vec(),
        capacity: Some(capacity),
        ..KpiInputs::default()
    })
    .unwrap();
    // 15,500 units × 4 h on 388 worker-months × 160 h.
    assert_near(
        r.get(KpiKey::UtilizationAverage).unwrap().value,
        100.0 * 62_000.0 / 62_080.0,
    );
    assert_near(r.get(KpiKey::UtilizationPeak).unwrap().value, 100.0);
    let figures = PlanFigures::from_aggregate(&model, &chase, Some(&optimal)).unwrap();
    assert_eq!(figures.total_cost, 484_720.0);
    assert_eq!(figures.cheapest_cost, Some(422_660.0));
    assert_eq!(
        (figures.overtime_premium, figures.expediting_premium),
        (0.0, 0.0)
    );
    let light = |plan| {
        let r = kpis(&KpiInputs {
            plan: Some(plan),
            ..KpiInputs::default()
        })
        .unwrap();
        let k = r.get(KpiKey::PlanCost).unwrap().clone();
        (k.light, k.detail)
    };
    assert_eq!(
        light(figures),
        (
            Some(Light::Red),
            "14.7 % above the cheapest plan (422,660)".to_string()
        )
    );
    assert_eq!(light(best).0, Some(Light::Green));
    // Without the cheapest plan the cost is shown, without a light.
    let r = kpis(&KpiInputs {
        plan: Some(PlanFigures {
            cheapest_cost: None,
            ..figures
        }),
        ..KpiInputs::default()
    })
    .unwrap();
    let k = r.get(KpiKey::PlanCost).unwrap();
    assert_eq!((k.value, k.light), (Some(484_720.0), None));
}

/// The two-period plan of the aggregate tests: one worker, 100 regular hours, demand 100
/// then 230, made with 20 overtime hours in each period and 90 units subcontracted.
/// Overtime costs 15 an hour against 10 regular → premium 5 × 40 h = 200; a unit made
/// in house costs 2 material + 1 h × 10 = 12 against 20 bought → premium 8 × 90 = 720.
/// An infeasible plan has no figures.
#[test]
fn overtime_and_expediting_premiums() {
    let plan_section = |demand_b: f64| {
        let doc = serde_json::json!({"format": "attune/1", "aggregate_plan": {
            "periods": ["A", "B"], "demand": [100, demand_b],
            "initial_inventory": 0, "min_ending_inventory": 0, "max_ending_backlog": 0,
            "max_backlog_per_period": 0,
            "workforce": {"initial": 1, "regular_hours_per_worker": 100,
                          "max_overtime_hours_per_worker": 20, "min": 1, "max": 1},
            "labor_hours_per_unit": 1, "max_subcontract_per_period": 50,
            "costs": {"regular_per_hour": 10, "overtime_per_hour": 15, "hire_per_worker": 100,
                      "layoff_per_worker": 100, "holding_per_unit_period": 3,
                      "backlog_per_unit_period": 50, "material_per_unit": 2,
                      "subcontract_per_unit": 20},
            "integer": true
        }});
        read_document(&doc.to_string())
            .unwrap()
            .aggregate_plan
            .unwrap()
            .check()
            .unwrap()
    };
    let model = plan_section(230.0);
    let plan = model
        .plan(Strategy::Optimal, &PlanOptions::default())
        .unwrap();
    let f = PlanFigures::from_aggregate(&model, &plan, None).unwrap();
    assert_eq!(f.total_cost, 5060.0);
    assert_eq!(f.overtime_premium, 200.0);
    assert_eq!(f.expediting_premium, 720.0);
    let model = plan_section(241.0);
    let infeasible = model
        .plan(Strategy::Optimal, &PlanOptions::default())
        .unwrap();
    assert_eq!(PlanFigures::from_aggregate(&model, &infeasible, None), None);
}

/// The figures come straight from the engine's own results: a projection and a
/// rough-cut check. Pump: 100 on hand, demand 60 a month, 50 arriving in Feb, at 10 a
/// unit, price 25: projected 40, 30, −30 → 30 unmet in Mar; fill rate 150 / 180 =
/// 83.3 %. Value 400, 300, 0. Target (no safety stock): half of 60 × 10 = 300.
/// Press: 60 units × 1.5 h = 90 h on 100 a month → 90 %.
#[test]
fn figures_from_engine_results() {
    let periods = names(&["Jan", "Feb", "Mar"]);
    let item = attune_engine::inventory::InventoryItem {
        item: "Pump".into(),
        family: None,
        opening_stock: 100.0,
        demand: vec![60.0; 3],
        supply: vec![0.0, 50.0, 0.0],
        unit_cost: 10.0,
        policy: None,
    };
    let p = project(&periods, &[item], &InventorySettings::default()).unwrap();
    let model = CapacityModel {
        periods: periods.clone(),
        resources: vec![Resource {
            name: "Press".into(),
            regular_hours: PerPeriod::Same(100.0),
            overtime_hours: PerPeriod::default(),
        }],
        bill: vec![BillLine {
            family: "Pump".into(),
            resource: "Press".into(),
            hours_per_unit: 1.5,
        }],
    };
    let check = rough_cut(&model, &[FamilyDemand::new("Pump", vec![60.0; 3])]).unwrap();
    let inputs = KpiInputs {
        periods,
        sales: vec![SalesLine::from_projection(&p.items[0], 25.0, 5.0)],
        capacity: Some(CapacityFigures::from_rough_cut(&check)),
        inventory: Some(InventoryFigures::from_projection(&p)),
        ..KpiInputs::default()
    };
    let r = kpis(&inputs).unwrap();
    assert_near(
        r.get(KpiKey::FillRate).unwrap().value,
        100.0 * 150.0 / 180.0,
    );
    assert_near(r.get(KpiKey::RevenueAtRisk).unwrap().amount, 750.0);
    assert_near(r.get(KpiKey::UtilizationPeak).unwrap().value, 90.0);
    assert_near(r.get(KpiKey::InventoryValue).unwrap().value, 700.0 / 3.0);
    assert_eq!(inputs.inventory.as_ref().unwrap().target_value, Some(300.0));
    // Misalignment: lost margin 30 × 5 = 150; stock above (zero) safety stock 700 × 2 %
    // = 14; on revenue 180 × 25 = 4,500 → 3.64 %.
    assert_near(
        r.get(KpiKey::MisalignmentCost).unwrap().value,
        100.0 * 164.0 / 4500.0,
    );
}

#[test]
fn bad_inputs_are_named() {
    let mut inputs = scenario();
    inputs.sales[0].unmet[1] = 120.0;
    assert_eq!(
        kpis(&inputs).unwrap_err().to_string(),
        "the unmet demand of item \"Pump\" in Feb is 120: it is more than the demand of 100"
    );
    let mut inputs = scenario();
    inputs.sales[1].demand.pop();
    assert_eq!(
        kpis(&inputs).unwrap_err().to_string(),
        "the demand of item \"Valve\": 2 values for 3 periods; give one value per period"
    );
    let mut inputs = scenario();
    inputs.sales[1].price = f64::NAN;
    assert_eq!(
        kpis(&inputs).unwrap_err().to_string(),
        "the price of item \"Valve\" is not a number: it is not a finite number"
    );
    let mut inputs = scenario();
    inputs.thresholds.fill_rate = Thresholds::higher(90.0, 95.0);
    assert_eq!(
        kpis(&inputs).unwrap_err().to_string(),
        "the thresholds of fill_rate: the green edge must be finite and at or above the red edge"
    );
    let mut inputs = scenario();
    inputs.holding_rate_pct = 150.0;
    assert_eq!(
        kpis(&inputs).unwrap_err().to_string(),
        "the holding rate is 150: give the cost of holding stock per period in percent of its \
         value, from 0 to 100"
    );
    let mut inputs = scenario();
    inputs.orders = Some(OrderFigures {
        orders: 2,
        on_time: 3,
    });
    assert_eq!(
        kpis(&inputs).unwrap_err().to_string(),
        "the orders on time is 3: there are only 2 orders"
    );
}

#[test]
fn lights_follow_their_thresholds() {
    let higher = Thresholds::higher(98.0, 95.0);
    assert_eq!(higher.judge(98.0), Light::Green);
    assert_eq!(higher.judge(95.0), Light::Amber);
    assert_eq!(higher.judge(94.99), Light::Red);
    let lower = Thresholds::lower(20.0, 35.0);
    assert_eq!(lower.judge(20.0), Light::Green);
    assert_eq!(lower.judge(35.0), Light::Amber);
    assert_eq!(lower.judge(35.01), Light::Red);
    let zero = Thresholds::near_zero(5.0, 10.0);
    assert_eq!(zero.judge(-5.0), Light::Green);
    assert_eq!(zero.judge(-7.0), Light::Amber);
    assert_eq!(zero.judge(10.5), Light::Red);
}
