//! Property tests of the KPIs: for any finite inputs every KPI value and amount is finite,
//! every light agrees with its thresholds, and the health summary always reads.
#![cfg(not(target_arch = "wasm32"))]

use attune_engine::kpi::{
    health_summary, kpis, CapacityFigures, ForecastFigures, InventoryFigures, KpiInputs,
    OrderFigures, PlanFigures, ResourceFigures, SalesLine,
};
use proptest::prelude::*;

fn amount() -> impl Strategy<Value = f64> {
    prop_oneof![
        4 => 0.0..1000.0f64,
        2 => Just(0.0),
        1 => Just(1e-12),
        1 => Just(1e15),
    ]
}

fn series(n: usize) -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(amount(), n)
}

fn inputs() -> impl Strategy<Value = KpiInputs> {
    (0usize..7).prop_flat_map(|n| {
        let sales = prop::collection::vec(
            (
                amount(),
                -50.0..50.0f64,
                series(n),
                prop::collection::vec(0.0..=1.0f64, n),
            ),
            0..4,
        );
        let forecast = prop::option::of((
            prop::option::of(0.0..500.0f64),
            prop::option::of(-200.0..200.0f64),
            prop::option::of(-1e3..100.0f64),
            0usize..50,
        ));
        let orders = prop::option::of((0usize..100, 0.0..=1.0f64));
        let capacity = prop::option::of(prop::collection::vec((series(n), series(n)), 0..3));
        let inventory = prop::option::of((series(n), series(n), prop::option::of(amount())));
        let plan = prop::option::of((amount(), prop::option::of(amount()), amount(), amount()));
        (
            sales,
            forecast,
            orders,
            capacity,
            inventory,
            plan,
            0.0..=100.0f64,
        )
            .prop_map(
                move |(sales, forecast, orders, capacity, inventory, plan, rate)| KpiInputs {
                    periods: (1..=n).map(|t| format!("P{t}")).collect(),
                    forecast: forecast.map(|(wape_pct, bias_pct, value_added_pct, series)| {
                        ForecastFigures {
                            wape_pct,
                            bias_pct,
                            value_added_pct,
                            series,
                        }
                    }),
                    sales: sales
                        .into_iter()
                        .enumerate()
                        .map(|(i, (price, margin_per_unit, demand, share))| SalesLine {
                            item: format!("item {i}"),
                            price,
                            margin_per_unit,
                            unmet: demand.iter().zip(&share).map(|(d, s)| d * s).collect(),
                            demand,
                        })
                        .collect(),
                    orders: orders.map(|(orders, share)| OrderFigures {
                        orders,
                        on_time: ((orders as f64) * share).floor() as usize,
                    }),
                    capacity: capacity.map(|list| CapacityFigures {
                        resources: list
                            .into_iter()
                            .enumerate()
                            .map(|(i, (load_hours, regular_hours))| ResourceFigures {
                                resource: format!("R{i}"),
                                load_hours,
                                regular_hours,
                            })
                            .collect(),
                        bottleneck: None,
                    }),
                    inventory: inventory.map(|(value, excess_value, target_value)| {
                        InventoryFigures {
                            value,
                            excess_value,
                            target_value,
                        }
                    }),
                    plan: plan.map(
                        |(total_cost, cheapest_cost, overtime_premium, expediting_premium)| {
                            PlanFigures {
                                total_cost,
                                cheapest_cost,
                                overtime_premium,
                                expediting_premium,
                            }
                        },
                    ),
                    holding_rate_pct: rate,
                    ..KpiInputs::default()
                },
            )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn kpis_are_finite_and_lights_follow_thresholds(inputs in inputs()) {
        let r = kpis(&inputs).unwrap();
        prop_assert_eq!(r.kpis.len(), 12);
        for k in &r.kpis {
            if let Some(v) = k.value {
                prop_assert!(v.is_finite(), "{:?}", k);
            }
            if let Some(a) = k.amount {
                prop_assert!(a.is_finite(), "{:?}", k);
            }
            match (k.value, k.thresholds, k.light) {
                (Some(v), Some(t), Some(light)) => prop_assert_eq!(t.judge(v), light),
                (_, _, None) => {}
                other => prop_assert!(false, "a light without value or thresholds: {:?}", other),
            }
            if let Some(t) = k.thresholds {
                prop_assert!(t.green.is_finite() && t.red.is_finite());
            }
            prop_assert!(!k.definition.is_empty() && !k.formula.is_empty() && !k.rule.is_empty());
        }
        prop_assert!(r.revenue.is_finite());
        let m = r.misalignment;
        for v in [m.lost_margin, m.overtime_premium, m.expediting_premium, m.excess_holding, m.total] {
            prop_assert!(v.is_finite() && v >= 0.0);
        }
        prop_assert!(r.revenue_at_risk_by_period.iter().zip(&r.revenue_by_period)
            .all(|(a, b)| a.is_finite() && *a <= b * (1.0 + 1e-12)));
        for note in health_summary(&inputs).unwrap() {
            prop_assert!(note.text.ends_with('.'), "{}", note.text);
            prop_assert!(!note.text.contains("NaN") && !note.text.contains("inf"), "{}", note.text);
        }
    }
}
