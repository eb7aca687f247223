//! Property tests of order promising: ATP never exceeds stock plus supply, no order is
//! promised units that are not there, every unit ordered is promised or short, and
//! every number is finite.
#![cfg(not(target_arch = "wasm32"))]

use attune_engine::promise::{
    can_promise, promise_orders, Availability, ItemSupply, Order, PromiseQuery, PromiseStatus,
};
use proptest::prelude::*;

fn units() -> impl Strategy<Value = f64> {
    prop_oneof![
        4 => 0.0..200.0f64,
        3 => Just(0.0),
        2 => (0u32..60).prop_map(f64::from),
        1 => Just(1e-9),
        1 => Just(1e12),
    ]
}

#[derive(Debug, Clone)]
struct Case {
    availability: Availability,
    orders: Vec<Order>,
    query: PromiseQuery,
}

fn case() -> impl Strategy<Value = Case> {
    (1usize..9, 1usize..4, 0usize..12).prop_flat_map(|(n, k, m)| {
        let items = prop::collection::vec((units(), prop::collection::vec(units(), n)), k);
        let order = (0..k, units(), 0..n, prop::option::of(0u32..3));
        let query = (
            0..k,
            units(),
            0..n,
            prop::option::of(prop::collection::vec(units(), n)),
        );
        (items, prop::collection::vec(order, m), query).prop_map(
            move |(items, orders, (qi, qq, qp, spare))| {
                let periods: Vec<String> = (1..=n).map(|t| format!("P{t}")).collect();
                let name = |i: usize| format!("Item {i}");
                Case {
                    availability: Availability {
                        periods: periods.clone(),
                        items: items
                            .into_iter()
                            .enumerate()
                            .map(|(i, (on_hand, supply))| ItemSupply {
                                item: name(i),
                                on_hand,
                                supply,
                            })
                            .collect(),
                    },
                    orders: orders
                        .into_iter()
                        .enumerate()
                        .map(|(j, (i, quantity, p, priority))| Order {
                            id: format!("SO-{j}"),
                            customer: "C".into(),
                            item: name(i),
                            quantity,
                            requested: periods[p].clone(),
                            priority,
                            row: None,
                        })
                        .collect(),
                    query: PromiseQuery {
                        item: name(qi),
                        quantity: qq,
                        period: periods[qp].clone(),
                        spare_capacity: spare,
                    },
                }
            },
        )
    })
}

/// `a ≤ b` up to rounding.
fn at_most(a: f64, b: f64) -> bool {
    a <= b + 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// `a ≥ b` up to the engine's relative rounding tolerance (no absolute floor).
fn reaches(a: f64, b: f64) -> bool {
    a >= b - 1e-9 * a.abs().max(b.abs())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn promises_never_exceed_what_is_there(case in case()) {
        let r = promise_orders(&case.availability, &case.orders).unwrap();
        prop_assert_eq!(r.orders.len(), case.orders.len());
        for item in &r.items {
            let mut supply_so_far = item.on_hand;
            let mut committed_so_far = 0.0;
            let mut atp_so_far = 0.0;
            let mut previous = 0.0;
            for t in 0..r.periods.len() {
                supply_so_far += item.supply[t];
                committed_so_far += item.committed[t];
                atp_so_far += item.atp[t];
                // Never more promised by a period than on hand plus supply by then.
                prop_assert!(at_most(committed_so_far, supply_so_far));
                // ATP never exceeds on hand plus supply, nor what is left uncommitted.
                prop_assert!(at_most(item.cumulative_atp[t], supply_so_far));
                prop_assert!(at_most(item.cumulative_atp[t] + committed_so_far, supply_so_far));
                prop_assert!(item.atp[t] >= 0.0 && item.atp[t].is_finite());
                prop_assert!(item.cumulative_atp[t] >= previous);
                prop_assert!((atp_so_far - item.cumulative_atp[t]).abs() <= 1e-9 * supply_so_far.max(1.0));
                previous = item.cumulative_atp[t];
            }
        }
        let mut on_time = 0;
        for o in &r.orders {
            prop_assert!(o.promised_quantity >= 0.0 && at_most(o.promised_quantity, o.quantity));
            prop_assert!((o.promised_quantity + o.short_units - o.quantity).abs() <= 1e-9 * o.quantity.max(1.0));
            if let Some(t) = o.promised {
                prop_assert!(t >= o.requested);
                prop_assert_eq!(t - o.requested, o.periods_late);
            } else {
                prop_assert_eq!(o.promised_quantity, 0.0);
            }
            match o.status {
                PromiseStatus::OnTime => {
                    on_time += 1;
                    prop_assert_eq!(o.promised, Some(o.requested));
                    prop_assert_eq!(o.short_units, 0.0);
                }
                PromiseStatus::Late { periods } => {
                    prop_assert!(periods > 0);
                    prop_assert_eq!(o.short_units, 0.0);
                }
                PromiseStatus::Short { units } => prop_assert!(units > 0.0 && units.is_finite()),
            }
        }
        prop_assert_eq!(on_time, r.on_time);
        prop_assert_eq!(r.on_time + r.late + r.short, r.orders.len());
        prop_assert!(at_most(r.units_promised, r.units_ordered));
        let available: f64 = case.availability.items.iter()
            .map(|i| i.on_hand + i.supply.iter().sum::<f64>())
            .sum();
        prop_assert!(at_most(r.units_promised, available));
        prop_assert!(r.on_time_pct().is_none_or(|p| (0.0..=100.0).contains(&p)));
    }

    #[test]
    fn answers_are_finite_and_consistent(case in case()) {
        let r = promise_orders(&case.availability, &case.orders).unwrap();
        let a = can_promise(&r, &case.query).unwrap();
        let item = r.items.iter().find(|i| i.item == a.item).unwrap();
        let q = case.query.quantity;
        prop_assert!(a.available_to_promise.is_finite() && a.available_to_promise >= 0.0);
        prop_assert!(a.missing_units.is_finite() && a.missing_units >= 0.0);
        prop_assert!(a.spare_by_requested.is_finite());
        if a.yes {
            prop_assert!(at_most(q, a.available_to_promise + a.spare_by_requested));
        }
        if let Some(e) = &a.from_stock {
            prop_assert!(at_most(q, item.cumulative_atp[e.period]));
            prop_assert!(e.period >= a.requested);
            // Nothing earlier would do.
            for t in a.requested..e.period {
                prop_assert!(!reaches(item.cumulative_atp[t], q));
            }
        }
        if let Some(c) = &a.with_capacity {
            prop_assert!(a.from_stock.as_ref().is_none_or(|s| c.period <= s.period));
        }
        if a.from_stock.is_none() && a.with_capacity.is_none() {
            prop_assert!(a.missing_units > 0.0 || at_most(q, item.cumulative_atp[r.periods.len() - 1]));
        }
        prop_assert!(!a.answer.is_empty());
    }
}
