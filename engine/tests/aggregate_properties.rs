//! Property tests of the aggregate plan: for any plan section in reasonable ranges, every
//! strategy returns a plan that satisfies every constraint and adds up, or says why not;
//! the optimum is never dearer than level or chase; and no input at all panics.
#![cfg(not(target_arch = "wasm32"))]

use attune_engine::document::read_document;
use attune_engine::plan::aggregate::{
    AggregatePlan, AggregatePlanInput, CostRates, Hours, PlanOptions, Status, Strategy as Plan,
    WorkforceInput,
};
use proptest::prelude::*;

/// A limit that is often absent, sometimes 0.
fn limit(max: f64) -> impl Strategy<Value = Option<f64>> {
    prop_oneof![
        Just(None),
        Just(Some(0.0)),
        (0.0..max).prop_map(|x| Some(x.round()))
    ]
}

fn hours(n: usize) -> impl Strategy<Value = Hours> {
    prop_oneof![
        (0.0..200.0f64).prop_map(|h| Hours::Same(h.round())),
        prop::collection::vec(0.0..200.0f64, n).prop_map(Hours::PerPeriod),
    ]
}

fn costs() -> impl Strategy<Value = CostRates> {
    (
        (0.0..30.0f64, 0.0..45.0f64, 0.0..3000.0f64, 0.0..5000.0f64),
        (0.0..10.0f64, 0.0..40.0f64, 0.0..50.0f64, 0.0..150.0f64),
    )
        .prop_map(|((r, o, h, l), (i, b, m, s))| CostRates {
            regular_per_hour: r,
            overtime_per_hour: o,
            hire_per_worker: h,
            layoff_per_worker: l,
            holding_per_unit_period: i,
            backlog_per_unit_period: b,
            material_per_unit: m,
            subcontract_per_unit: s,
        })
}

fn workforce(n: usize) -> impl Strategy<Value = WorkforceInput> {
    (0u32..60, hours(n), limit(40.0), limit(30.0), limit(60.0)).prop_map(
        |(initial, regular_hours_per_worker, ot, min, extra)| WorkforceInput {
            initial: f64::from(initial),
            regular_hours_per_worker,
            max_overtime_hours_per_worker: ot,
            min,
            // max ≥ min, so the section is valid
            max: extra.map(|e| e + min.unwrap_or(0.0)),
        },
    )
}

/// A valid plan section of 1 to 6 periods.
fn section() -> impl Strategy<Value = AggregatePlanInput> {
    (1usize..=6).prop_flat_map(|n| {
        (
            prop::collection::vec(0u32..600, n),
            (0u32..400, prop_oneof![Just(0u32), 0u32..100]),
            (limit(400.0), limit(100.0), limit(300.0), limit(400.0)),
            workforce(n),
            0.5..6.0f64,
            costs(),
            any::<bool>(),
        )
            .prop_map(
                move |(
                    demand,
                    (inv, back),
                    (end_inv, end_back, max_back, max_sub),
                    wf,
                    lhpu,
                    costs,
                    integer,
                )| {
                    AggregatePlanInput {
                        periods: (1..=n).map(|i| format!("P{i}")).collect(),
                        demand: demand.into_iter().map(f64::from).collect(),
                        initial_inventory: f64::from(inv),
                        initial_backlog: f64::from(back),
                        min_ending_inventory: end_inv,
                        max_ending_backlog: end_back,
                        max_backlog_per_period: max_back,
                        workforce: wf,
                        labor_hours_per_unit: lhpu,
                        max_subcontract_per_period: max_sub,
                        costs,
                        integer,
                    }
                },
            )
    })
}

fn options() -> PlanOptions {
    PlanOptions {
        time_limit_seconds: 5.0,
    }
}

/// Every number a plan shows is finite and not negative.
fn all_finite(p: &AggregatePlan) -> bool {
    let costs = p
        .periods
        .iter()
        .flat_map(|r| r.costs.named().map(|(_, c)| c));
    let values = p.periods.iter().flat_map(|r| {
        [
            r.workforce,
            r.hired,
            r.laid_off,
            r.overtime_hours,
            r.production,
            r.subcontract,
            r.inventory,
            r.backlog,
            r.total_cost,
        ]
    });
    costs
        .chain(values)
        .chain([p.total_cost])
        .all(|x| x.is_finite() && x >= 0.0)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Each strategy's plan holds every constraint, its terms and periods add up to the
    /// total, and all its numbers are finite; an infeasible optimum means no strategy
    /// has a plan; the optimum costs no more than level or chase.
    #[test]
    fn every_plan_checks_and_the_optimum_is_cheapest(input in section()) {
        let model = input.check().unwrap();
        let plans: Vec<AggregatePlan> = Plan::ALL
            .iter()
            .map(|s| model.plan(*s, &options()).unwrap())
            .collect();
        for p in &plans {
            prop_assert_eq!(model.check(p), Vec::<String>::new(), "{:?}", p.strategy);
            prop_assert!(all_finite(p), "{:?}", p);
            let summed: f64 = p.costs.named().iter().map(|(_, c)| c).sum();
            prop_assert!((summed - p.total_cost).abs() <= 1e-6 * (1.0 + p.total_cost));
            if p.status == Status::Infeasible {
                prop_assert!(p.reason.as_ref().is_some_and(|r| !r.message.is_empty()));
            }
        }
        let optimal = &plans[0];
        prop_assert_ne!(optimal.status, Status::Unbounded);
        if optimal.status == Status::Infeasible {
            prop_assert!(plans.iter().all(|p| p.status == Status::Infeasible));
        }
        for rule in &plans[1..] {
            if optimal.status.has_plan() && rule.status.has_plan() {
                prop_assert!(
                    optimal.total_cost <= rule.total_cost + 1e-6 * (1.0 + rule.total_cost),
                    "optimal {} > {:?} {}", optimal.total_cost, rule.strategy, rule.total_cost
                );
            }
        }
    }

    /// Any numbers at all, negative or huge: the section is refused with paths, or it
    /// plans without panicking and with finite numbers.
    #[test]
    fn wild_numbers_are_refused_or_planned(
        mut input in section(),
        wild in prop::collection::vec(prop_oneof![-1e12..1e12f64, -5.0..5.0f64, Just(0.0)], 6),
    ) {
        input.demand[0] = wild[0];
        input.initial_inventory = wild[1];
        input.labor_hours_per_unit = wild[2];
        input.costs.holding_per_unit_period = wild[3];
        input.workforce.min = Some(wild[4]);
        input.max_subcontract_per_period = Some(wild[5]);
        match input.check() {
            Err(problems) => {
                prop_assert!(!problems.is_empty());
                prop_assert!(problems.iter().all(|p| p.path.starts_with("aggregate_plan.")));
            }
            Ok(model) => {
                for s in Plan::ALL {
                    let p = model.plan(s, &options()).unwrap();
                    prop_assert!(all_finite(&p));
                    prop_assert_eq!(model.check(&p), Vec::<String>::new());
                }
            }
        }
    }

    /// Any text: reading never panics.
    #[test]
    fn reading_any_text_never_panics(text in ".{0,200}") {
        let _ = read_document(&text);
        let _ = read_document(&format!("{{\"format\": \"attune/1\", \"aggregate_plan\": {text}}}"));
    }
}
