//! Scenario tests of the whole-document review: every figure worked out by hand.

use attune_engine::document::read_document;
use attune_engine::kpi::KpiKey;
use attune_engine::plan::aggregate::Strategy;
use attune_engine::promise::PromiseStatus;
use attune_engine::review::{review, ReviewError, ReviewOptions, Supply};

/// One family on one press.
///
/// Supply plan: 30 pumps in stock cover 30 of January's 50, leaving 20, 80, 120 to make
/// on 100 press hours a month (1 h a pump): March's 120 needs 20 made early, as late as
/// possible — in February. Production 20, 100, 100; projected stock 0, 20, 0; every
/// order of demand met in its month → fill rate 100 %. Load 20, 100, 100 h on 100 →
/// average 73.33 %, peak 100 %.
///
/// Inventory at 10 a unit: 0, 200, 0 → mean value 66.67; price 50 → revenue 250 × 50 =
/// 12,500, nothing at risk.
///
/// Orders (no priorities: by requested period): Acme 40 in Jan from 30 + 20 → on time;
/// Brix 130 in Feb: only 150 − 40 = 110 by Feb → the first period with 130 free is Mar
/// (250 − 40 = 210) → late by 1; Corta 10 in Feb: Feb has 110 made by then less Acme's
/// 40… and what Brix takes in Mar must stay for Mar, 250 − 170 = 80 free → on time.
/// On time 2 of 3 = 66.67 %.
const FAMILIES: &str = r#"{
  "format": "attune/1",
  "capacity": {
    "resources": "Resource\tJan\tFeb\tMar\nPress\t100\t100\t100\n",
    "bill": "Family\tResource\tHours per unit\nPumps\tPress\t1\n",
    "demand": "Family\tJan\tFeb\tMar\nPumps\t50\t80\t120\n",
    "terms": "Family\tMargin per unit\tStarting inventory\nPumps\t20\t30\n"
  },
  "inventory": {"unit_cost": 10, "price": 50},
  "orders": "Customer\tItem\tQty\tRequested\nAcme\tPumps\t40\tJan\nBrix\tPumps\t130\tFeb\nCorta\tPumps\t10\tFeb\n"
}"#;

#[track_caller]
fn near(a: Option<f64>, b: f64) {
    let a = a.unwrap();
    assert!((a - b).abs() < 1e-9 * b.abs().max(1.0), "{a} vs {b}");
}

#[test]
fn a_family_plan_reviewed_by_hand() {
    let doc = read_document(FAMILIES).unwrap();
    let r = review(&doc, &ReviewOptions::default()).unwrap();
    assert_eq!(r.supply, Supply::Families);
    let pumps = &r.projection.items[0];
    assert_eq!(pumps.supply, [20.0, 100.0, 100.0]);
    assert_eq!(pumps.projected, [0.0, 20.0, 0.0]);
    assert_eq!(pumps.value, [0.0, 200.0, 0.0]);
    near(r.report.get(KpiKey::FillRate).unwrap().value, 100.0);
    near(
        r.report.get(KpiKey::UtilizationAverage).unwrap().value,
        100.0 * 220.0 / 300.0,
    );
    near(r.report.get(KpiKey::UtilizationPeak).unwrap().value, 100.0);
    near(
        r.report.get(KpiKey::InventoryValue).unwrap().value,
        200.0 / 3.0,
    );
    assert_eq!(r.report.revenue, 12_500.0);
    let promises = r.promises.as_ref().unwrap();
    let status: Vec<PromiseStatus> = promises.orders.iter().map(|o| o.status).collect();
    assert_eq!(
        status,
        [
            PromiseStatus::OnTime,
            PromiseStatus::Late { periods: 1 },
            PromiseStatus::OnTime
        ]
    );
    near(
        r.report.get(KpiKey::OnTimeDelivery).unwrap().value,
        200.0 / 3.0,
    );
    // No sales history: no forecast figures, and the KPI says so instead of a number.
    assert_eq!(r.report.get(KpiKey::ForecastWape).unwrap().value, None);
    assert!(
        r.assumptions[0].starts_with("Supply: the capacity-constrained supply plan of 1 family")
    );
    assert!(!r.health.is_empty());
}

/// Northwind Pumps (the DESIGN.md contract example): the optimal whole-number plan costs
/// 4,146,580.50, and against itself it is the cheapest plan (0 % above). The chase plan
/// is dearer, and the review says by how much against the optimum.
#[test]
fn the_aggregate_plan_and_its_cost() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../testdata/plans/northwind_pumps.attune.json"
    );
    let doc = read_document(&std::fs::read_to_string(path).unwrap()).unwrap();
    let r = review(&doc, &ReviewOptions::default()).unwrap();
    assert_eq!(r.supply, Supply::AggregatePlan);
    assert_eq!(r.projection.items[0].item, "Total");
    let cost = r.report.get(KpiKey::PlanCost).unwrap();
    assert_eq!(format!("{:.2}", cost.value.unwrap()), "4146580.50");
    assert_eq!(r.plan.as_ref().unwrap().status.name(), "optimal");
    // The projection is the plan's own inventory − backlog, period by period.
    let plan = r.plan.as_ref().unwrap();
    for (p, projected) in plan.periods.iter().zip(&r.projection.items[0].projected) {
        assert!((p.inventory - p.backlog - projected).abs() < 1e-6);
    }
    let chase = review(
        &doc,
        &ReviewOptions {
            strategy: Strategy::Chase,
            ..ReviewOptions::default()
        },
    )
    .unwrap();
    let k = chase.report.get(KpiKey::PlanCost).unwrap();
    assert!(k.value.unwrap() > 4_146_580.5);
    assert!(
        k.detail.contains("above the cheapest plan (4,146,580.5"),
        "{}",
        k.detail
    );
}

#[test]
fn what_cannot_be_reviewed_says_why() {
    let empty = read_document(r#"{"format": "attune/1"}"#).unwrap();
    let e = review(&empty, &ReviewOptions::default()).unwrap_err();
    assert_eq!(e, ReviewError::NoSupply);
    assert!(e.to_string().contains("aggregate_plan"));
    let families = read_document(FAMILIES).unwrap();
    let e = review(
        &families,
        &ReviewOptions {
            supply: Some(Supply::AggregatePlan),
            ..ReviewOptions::default()
        },
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "the document has no aggregate_plan section to take supply from"
    );
    // An order for an item the plan does not make is named.
    let text = FAMILIES.replace("Corta\\tPumps", "Corta\\tValves");
    let e = review(&read_document(&text).unwrap(), &ReviewOptions::default()).unwrap_err();
    assert!(e.to_string().contains("Valves"), "{e}");
    // An infeasible plan is a status with its reason, not a crash.
    let doc = serde_json::json!({"format": "attune/1", "aggregate_plan": {
        "periods": ["A"], "demand": [1000], "initial_inventory": 0,
        "max_ending_backlog": 0, "max_backlog_per_period": 0,
        "workforce": {"initial": 1, "regular_hours_per_worker": 100,
                      "max_overtime_hours_per_worker": 0, "min": 1, "max": 1},
        "labor_hours_per_unit": 1, "max_subcontract_per_period": 0,
        "costs": {"regular_per_hour": 1, "overtime_per_hour": 1, "hire_per_worker": 1,
                  "layoff_per_worker": 1, "holding_per_unit_period": 1,
                  "backlog_per_unit_period": 1, "material_per_unit": 1,
                  "subcontract_per_unit": 1}
    }});
    let e = review(
        &read_document(&doc.to_string()).unwrap(),
        &ReviewOptions::default(),
    )
    .unwrap_err();
    assert!(
        matches!(&e, ReviewError::NoPlan { status, .. } if status == "infeasible"),
        "{e}"
    );
}

/// With sales history, the forecast's backtest gives the accuracy KPIs, and a policy
/// without a demand spread takes the family's: √(Σ RMSE²) over its items.
#[test]
fn the_forecast_sets_accuracy_and_safety_stock() {
    let mut rows = String::from("Item\tFamily\tMonth\tQty\n");
    for m in 0..36 {
        let season = [
            0.0, 10.0, 25.0, 10.0, 0.0, -10.0, -20.0, -10.0, 5.0, 15.0, 5.0, -5.0,
        ][m % 12];
        let noise = [3.0, -2.0, 4.0, -5.0, 1.0, 2.0, -3.0][m % 7];
        let (y, mo) = (2022 + m / 12, m % 12 + 1);
        rows.push_str(&format!(
            "P-1\tPumps\t{y}-{mo:02}\t{}\n",
            100.0 + season + noise
        ));
        rows.push_str(&format!(
            "P-2\tPumps\t{y}-{mo:02}\t{}\n",
            50.0 + season / 2.0 - noise
        ));
    }
    let import = attune_engine::import::import_text(&rows, "history", None).unwrap();
    let mut doc = read_document(FAMILIES).unwrap();
    doc.data = Some(attune_engine::document::DataSection::from_dataset(
        &import.dataset,
    ));
    doc.inventory.as_mut().unwrap().policy = Some(attune_engine::inventory::InventoryPolicy {
        target: attune_engine::inventory::ServiceTarget::CycleService(95.0),
        demand_sigma: 0.0,
        lead_time: 1.0,
        lead_time_sigma: 0.0,
        order_quantity: None,
    });
    let r = review(&doc, &ReviewOptions::default()).unwrap();
    let wape = r.report.get(KpiKey::ForecastWape).unwrap().value.unwrap();
    assert!(wape > 0.0 && wape < 20.0, "{wape}");
    let pumps = &r.projection.items[0];
    let ss = pumps.safety_stock.as_ref().unwrap();
    // SS = 1.645 × σ × √1, σ from the backtest.
    assert!(pumps.safety_stock_units > 0.0);
    assert!(
        r.assumptions
            .iter()
            .any(|a| a.starts_with("Demand spread of Pumps:")),
        "{:?}",
        r.assumptions
    );
    assert!(ss.units.is_finite() && (ss.units - pumps.safety_stock_units).abs() < 1e-9);
}
