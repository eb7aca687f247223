//! Scenario tests of the aggregate plan: the example documents in `testdata/plans/` and
//! small cases whose answers are worked out by hand in the comments (not snapshots of
//! our own output). Every plan is also checked against every constraint.

use attune_engine::document::read_document;
use attune_engine::plan::aggregate::{
    cents, AggregatePlan, AggregatePlanInput, Hours, Model, PlanOptions, Status, Strategy,
};
use serde_json::json;

fn fixture(name: &str) -> AggregatePlanInput {
    let path = format!("{}/../testdata/plans/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(path).unwrap();
    read_document(&text).unwrap().aggregate_plan.unwrap()
}

/// A plan section from JSON (the `format` wrapper is added here).
fn section(plan: &serde_json::Value) -> AggregatePlanInput {
    let doc = json!({"format": "attune/1", "aggregate_plan": plan});
    read_document(&doc.to_string())
        .unwrap()
        .aggregate_plan
        .unwrap()
}

/// Plans `input` with `strategy` and checks the plan against every constraint.
fn plan(input: &AggregatePlanInput, strategy: Strategy) -> (Model, AggregatePlan) {
    let model = input.check().unwrap();
    let p = model.plan(strategy, &PlanOptions::default()).unwrap();
    assert_eq!(model.check(&p), Vec::<String>::new(), "{strategy:?}");
    (model, p)
}

fn assert_cost(p: &AggregatePlan, expected: f64) {
    assert!(p.status.has_plan(), "{:?}: {:?}", p.status, p.reason);
    assert_eq!(cents(p.total_cost), expected, "{:#?}", p.periods);
}

/// 12 months, varying hours, workforce 30..=80, overtime ≤ 20 h, subcontracting ≤ 600.
/// The example's README gives CBC's optimum for the whole-number plan, 4,146,580.50.
#[test]
fn northwind_whole_numbers_reproduce_the_reference_optimum() {
    let (_, p) = plan(&fixture("northwind_pumps.attune.json"), Strategy::Optimal);
    assert_eq!(p.status, Status::Optimal);
    assert_cost(&p, 4_146_580.50);
}

/// The README gives 4,146,181.45 for the continuous plan. The optimal vertex holds
/// 45 workers in January and February, then W1 = 19,096 / 339.2 from March to August
/// (inventory runs out exactly at the end of July, with 600 subcontracted), then
/// W2 = (35,396 − 409.6·W1) / 259.2 from September, making full regular output in every
/// period. In exact fractions its cost is 4,146,181.443047 — HiGHS (scipy 1.17 `milp`)
/// on the same model agrees to 1e-9 — so to the cent the optimum is 4,146,181.44; the
/// README's figure is 0.007 above it, as a cost recomputed from rounded solver values
/// would be.
#[test]
fn northwind_continuous_matches_the_exact_optimum() {
    let mut input = fixture("northwind_pumps.attune.json");
    input.integer = false;
    let (_, p) = plan(&input, Strategy::Optimal);
    assert_eq!(p.status, Status::Optimal);
    assert!(
        (p.total_cost - 4_146_181.443_047).abs() < 1e-5,
        "{}",
        p.total_cost
    );
    assert!((p.total_cost - 4_146_181.45).abs() < 0.01);
}

/// Chopra & Meindl's Red Tomato Tools (ch. 8): 6 months, 80 workers, 160 h each, 4 h a
/// unit, $4/h, no workforce limits. The continuous optimum is the book's $422,275:
/// keep W = 15,500 / 240 = 64.583 workers all horizon (15,500 = demand 16,000 + ending
/// 500 − on hand 1,000; a worker makes 40 units a month) on full regular time:
/// layoffs 15.4167 × 500 = 7,708.33; regular 6 × 640 × 64.583 = 248,000;
/// material 15,500 × 10 = 155,000; inventory 1,983.33, 1,566.67, 950, 0, 116.67 and
/// 500, together 5,116.67 × 2 = 10,233.33; backlog in April 266.67 × 5 = 1,333.33.
/// Sum 422,275.
#[test]
fn red_tomato_continuous_is_the_textbook_optimum() {
    let (_, p) = plan(&fixture("red_tomato.attune.json"), Strategy::Optimal);
    assert_eq!(p.status, Status::Optimal);
    assert_cost(&p, 422_275.0);
    assert!((p.periods[0].laid_off - 15.416_666_7).abs() < 1e-6);
    assert!((p.costs.holding - 10_233.333_33).abs() < 1e-4);
}

/// The same with whole numbers: 422,660. One optimum: 65 workers for three months,
/// then 64 (layoffs 15 + 1 → 8,000); regular 640 × 387 = 247,680; material
/// 15,480 × 10 = 154,800; 20 subcontracted in April × 30 = 600; inventory 2,000 +
/// 1,600 + 1,000 + 0 + 140 + 500 = 5,240 × 2 = 10,480; April backlog 220 × 5 = 1,100.
/// Sum 422,660 (HiGHS agrees).
#[test]
fn red_tomato_whole_numbers() {
    let mut input = fixture("red_tomato.attune.json");
    input.integer = true;
    let (_, p) = plan(&input, Strategy::Optimal);
    assert_eq!(p.status, Status::Optimal);
    assert_cost(&p, 422_660.0);
}

/// Level, continuous: the fewest workers whose regular time meets total demand and the
/// ending target is 15,500 / 240 = 64.583, which is exactly the optimal plan above, so
/// the level plan costs the same 422,275.
#[test]
fn red_tomato_level_continuous_equals_the_optimum() {
    let (_, p) = plan(&fixture("red_tomato.attune.json"), Strategy::Level);
    assert_eq!(p.status, Status::Feasible);
    assert_cost(&p, 422_275.0);
    assert!(p
        .periods
        .iter()
        .all(|r| r.overtime_hours == 0.0 && r.subcontract == 0.0));
}

/// Level, whole numbers: 65 workers (64 make only 15,360 < 15,500). Full output, 2,600
/// a month, would end at 600, 100 above the target; making 100 fewer in January saves
/// 2 × 100 in each of the five months with stock and costs 5 × 100 more April backlog
/// (−500 in all), better than any later month (May: −400). So: layoffs 15 × 500 = 7,500;
/// regular 640 × 65 × 6 = 249,600; material 15,500 × 10 = 155,000; inventory 1,900 +
/// 1,500 + 900 + 0 + 100 + 500 = 4,900 × 2 = 9,800; April backlog 300 × 5 = 1,500.
/// Sum 423,400.
#[test]
fn red_tomato_level_whole_numbers() {
    let mut input = fixture("red_tomato.attune.json");
    input.integer = true;
    let (_, p) = plan(&input, Strategy::Level);
    assert!(p.periods.iter().all(|r| r.workforce == 65.0));
    assert_cost(&p, 423_400.0);
    assert_eq!(p.periods[0].production, 2_500.0);
}

/// Chase, whole numbers: each month's net need (January 1,600 − 1,000 on hand = 600; June
/// 2,200 + 500 ending) at 40 units a worker: 15, 75, 80, 95, 55, 68 workers (67.5 up).
/// Layoffs 65 + 40 = 105 × 500 = 52,500; hires 60 + 5 + 15 + 13 = 93 × 300 = 27,900;
/// regular 640 × 388 = 248,320; material 15,500 × 10 = 155,000; only June holds stock,
/// 500 × 2 = 1,000. Sum 484,720.
#[test]
fn red_tomato_chase_whole_numbers() {
    let mut input = fixture("red_tomato.attune.json");
    input.integer = true;
    let (_, p) = plan(&input, Strategy::Chase);
    let workers: Vec<f64> = p.periods.iter().map(|r| r.workforce).collect();
    assert_eq!(workers, [15.0, 75.0, 80.0, 95.0, 55.0, 68.0]);
    assert_cost(&p, 484_720.0);
}

/// Two periods, one worker who cannot be hired or laid off (min = max = 1), 100 regular
/// hours, 1 h a unit, ≤ 20 overtime hours, ≤ 50 subcontracted, no backlog ever.
/// Demand 100 then 230: regular time makes 200, so 130 more are needed. Cost per extra
/// unit: overtime in B 15 + 2 = 17; subcontract in B 20; overtime in A and hold
/// 15 + 2 + 3 = 20; subcontract in A and hold 20 + 3 = 23. Take 20 @17, 50 + 20 @20,
/// and the last 40 @23. Terms: regular 2 × 100 × 10 = 2,000; overtime 40 h × 15 = 600;
/// material 240 × 2 = 480; subcontract 90 × 20 = 1,800; stock after A 60 × 3 = 180.
/// Sum 5,060.
fn tight_two_periods(demand_b: f64) -> AggregatePlanInput {
    section(&json!({
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
    }))
}

#[test]
fn overtime_subcontracting_and_stock_are_traded_by_cost() {
    let (_, p) = plan(&tight_two_periods(230.0), Strategy::Optimal);
    assert_eq!(p.status, Status::Optimal);
    assert_cost(&p, 5_060.0);
    assert_eq!(p.periods[1].overtime_hours, 20.0);
    assert_eq!(p.periods[0].subcontract + p.periods[1].subcontract, 90.0);
    assert_eq!(p.costs.holding, 180.0);
}

/// One more unit of demand than 2 × (120 + 50) = 340 cannot be made, and no backlog is
/// allowed: every strategy says so, with the numbers.
#[test]
fn demand_beyond_capacity_is_infeasible_with_the_reason() {
    for strategy in Strategy::ALL {
        let (_, p) = plan(&tight_two_periods(241.0), strategy);
        assert_eq!(p.status, Status::Infeasible);
        assert!(p.periods.is_empty());
        let reason = p.reason.unwrap();
        assert_eq!((reason.period, reason.units_short), (1, 1.0));
        assert_eq!(
            reason.message,
            "by B, demand of 341 units is 1 more unit than the maximum workforce (1 worker), \
             overtime and subcontracting can make, and no backlog is allowed at the end"
        );
    }
}

/// Northwind with an ending target of 40,000: 80 workers make at most
/// 80 × (hours + 20) / 2.5 units a month, 80 × 2,240 / 2.5 = 71,680 over the year, plus
/// 12 × 600 subcontracted = 78,880; the year needs 41,700 − 600 + 40,000 = 81,100,
/// 2,220 more.
#[test]
fn an_unreachable_ending_inventory_names_the_shortfall() {
    let mut input = fixture("northwind_pumps.attune.json");
    input.min_ending_inventory = Some(40_000.0);
    let (_, p) = plan(&input, Strategy::Optimal);
    assert_eq!(p.status, Status::Infeasible);
    assert_eq!(
        p.reason.unwrap().message,
        "ending inventory 40,000 needs 2,220 more units than the maximum workforce \
         (80 workers), overtime and subcontracting can make by 2027-12"
    );
}

/// No demand: 10 workers cost 640 a month each to keep and 500 to lay off, so every
/// strategy lays all of them off at once: 5,000.
#[test]
fn zero_demand_lays_everyone_off() {
    let input = section(&json!({
        "periods": ["Q1", "Q2", "Q3"], "demand": [0, 0, 0],
        "initial_inventory": 0, "max_ending_backlog": 0,
        "workforce": {"initial": 10, "regular_hours_per_worker": 160,
                      "max_overtime_hours_per_worker": 10},
        "labor_hours_per_unit": 4,
        "costs": {"regular_per_hour": 4, "overtime_per_hour": 6, "hire_per_worker": 300,
                  "layoff_per_worker": 500, "holding_per_unit_period": 2,
                  "backlog_per_unit_period": 5, "material_per_unit": 10,
                  "subcontract_per_unit": 30},
        "integer": true
    }));
    for strategy in Strategy::ALL {
        let (_, p) = plan(&input, strategy);
        assert_cost(&p, 5_000.0);
        assert_eq!(p.periods[0].laid_off, 10.0);
    }
}

/// One period, demand 500 with 200 on hand and 100 to keep: 400 units at 2 h = 800 h.
/// Four workers have 640 regular hours and at most 40 overtime, and subcontracting is
/// forbidden, so one is hired (300): regular 5 × 160 × 4 = 3,200; material 400 × 10 =
/// 4,000; holding 100 × 2 = 200. Sum 7,700, the same for every strategy.
#[test]
fn a_single_period() {
    let input = section(&json!({
        "periods": ["2027"], "demand": [500],
        "initial_inventory": 200, "min_ending_inventory": 100, "max_ending_backlog": 0,
        "workforce": {"initial": 4, "regular_hours_per_worker": [160],
                      "max_overtime_hours_per_worker": 10},
        "labor_hours_per_unit": 2, "max_subcontract_per_period": 0,
        "costs": {"regular_per_hour": 4, "overtime_per_hour": 6, "hire_per_worker": 300,
                  "layoff_per_worker": 500, "holding_per_unit_period": 2,
                  "backlog_per_unit_period": 5, "material_per_unit": 10,
                  "subcontract_per_unit": 30},
        "integer": true
    }));
    for strategy in Strategy::ALL {
        let (_, p) = plan(&input, strategy);
        assert_cost(&p, 7_700.0);
        assert_eq!(p.periods[0].workforce, 5.0);
    }
}

/// Northwind's level plan needs more than regular time when no backlog is allowed:
/// the note says the workforce cap binds and the plan still checks.
#[test]
fn level_adds_overtime_only_when_regular_time_cannot_do_it() {
    let mut input = fixture("northwind_pumps.attune.json");
    input.max_backlog_per_period = Some(0.0);
    input.workforce.max = Some(50.0);
    let (_, p) = plan(&input, Strategy::Level);
    assert_eq!(p.status, Status::Feasible);
    assert!(p.periods.iter().all(|r| r.workforce == 50.0));
    assert!(p
        .notes
        .iter()
        .any(|n| n.contains("Even the maximum workforce (50 workers)")));
    assert!(p.notes.iter().any(|n| n.contains("overtime hours")));

    let (_, unlimited) = plan(&fixture("northwind_pumps.attune.json"), Strategy::Level);
    assert!(unlimited
        .periods
        .iter()
        .all(|r| r.overtime_hours == 0.0 && r.subcontract == 0.0));
}

/// Every strategy on both examples, in both modes: the optimum is never dearer.
#[test]
fn optimal_is_never_dearer_than_level_or_chase() {
    for name in ["northwind_pumps.attune.json", "red_tomato.attune.json"] {
        for integer in [false, true] {
            let mut input = fixture(name);
            input.integer = integer;
            let (_, best) = plan(&input, Strategy::Optimal);
            for rule in [Strategy::Level, Strategy::Chase] {
                let (_, p) = plan(&input, rule);
                assert!(
                    best.total_cost <= p.total_cost + 1e-6,
                    "{name} {integer} {rule:?}"
                );
            }
        }
    }
}

/// A time limit too short for any solve still returns a plan or a solver error, never
/// a panic, and any plan returned holds.
#[test]
fn a_tiny_time_limit_is_handled() {
    for integer in [true, false] {
        let mut input = fixture("northwind_pumps.attune.json");
        input.integer = integer;
        let model = input.check().unwrap();
        for strategy in Strategy::ALL {
            let options = PlanOptions {
                time_limit_seconds: 0.0,
            };
            if let Ok(p) = model.plan(strategy, &options) {
                assert!(model.check(&p).is_empty());
            }
        }
    }
}

/// A year of weeks with Northwind's rates is hard for the branch and bound: whether it
/// proves the optimum within half a second or stops at the limit, the plan holds, is
/// not dearer than level or chase, and a stop is explained.
#[test]
fn a_search_stopped_by_the_time_limit_still_gives_a_sound_plan() {
    let mut input = fixture("northwind_pumps.attune.json");
    let n = 52;
    input.periods = (1..=n).map(|w| format!("W{w:02}")).collect();
    input.demand = (0..n)
        .map(|w| {
            (900.0 + 350.0 * (f64::from(w) * 0.37).sin() + f64::from(w * 37 % 11) * 20.0).round()
        })
        .collect();
    input.workforce.regular_hours_per_worker = Hours::PerPeriod(
        (0..n)
            .map(|w| [40.0, 38.0, 40.0, 32.0][w as usize % 4])
            .collect(),
    );
    input.workforce.max_overtime_hours_per_worker = Some(6.0);
    input.max_subcontract_per_period = Some(150.0);
    input.min_ending_inventory = Some(200.0);
    let model = input.check().unwrap();
    let options = PlanOptions {
        time_limit_seconds: 0.5,
    };
    let best = model.plan(Strategy::Optimal, &options).unwrap();
    assert!(best.status.has_plan(), "{:?}", best.reason);
    assert!(model.check(&best).is_empty());
    if best.status == Status::Feasible {
        let note = &best.notes[0];
        assert!(
            note.starts_with("The solver stopped at its time limit of 0.5 s"),
            "{note}"
        );
    }
    for rule in [Strategy::Level, Strategy::Chase] {
        let p = model.plan(rule, &options).unwrap();
        assert!(best.total_cost <= p.total_cost + 1e-6, "{rule:?}");
    }
}
