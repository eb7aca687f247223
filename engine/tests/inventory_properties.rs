//! Property tests of the inventory projection: for any finite input, stock balances in
//! every period (opening + supply − demand = closing), demand is either met or unmet,
//! and every number that comes out is finite.
#![cfg(not(target_arch = "wasm32"))]

use attune_engine::inventory::{
    loss_inverse, normal_loss, project, safety_stock, InventoryItem, InventoryPolicy,
    InventorySettings, SafetyStockInput, ServiceTarget, MAX_SAFETY_FACTOR,
};
use proptest::prelude::*;

fn quantity() -> impl Strategy<Value = f64> {
    prop_oneof![
        5 => 0.0..500.0f64,
        2 => Just(0.0),
        1 => (0u32..50).prop_map(f64::from),
        1 => Just(1e-9),
        1 => Just(1e12),
    ]
}

fn opening() -> impl Strategy<Value = f64> {
    prop_oneof![
        4 => -300.0..800.0f64,
        1 => Just(0.0),
        1 => Just(-1e12),
        1 => Just(1e12),
    ]
}

fn percent() -> impl Strategy<Value = f64> {
    prop_oneof![
        4 => 50.0..=99.99f64,
        1 => Just(50.0),
        1 => Just(99.99),
    ]
}

fn target() -> impl Strategy<Value = ServiceTarget> {
    prop_oneof![
        percent().prop_map(ServiceTarget::CycleService),
        percent().prop_map(ServiceTarget::FillRate),
        quantity().prop_map(ServiceTarget::Units),
    ]
}

fn policy() -> impl Strategy<Value = Option<InventoryPolicy>> {
    let lead = prop_oneof![3 => 0.0..12.0f64, 1 => Just(0.0), 1 => Just(10_000.0)];
    let lead_sigma = prop_oneof![3 => Just(0.0), 1 => 0.0..3.0f64, 1 => Just(10_000.0)];
    let q = prop_oneof![2 => Just(None), 2 => (1e-9..1e4f64).prop_map(Some), 1 => Just(Some(1e12))];
    prop::option::of((target(), quantity(), lead, lead_sigma, q).prop_map(
        |(target, demand_sigma, lead_time, lead_time_sigma, order_quantity)| InventoryPolicy {
            target,
            demand_sigma,
            lead_time,
            lead_time_sigma,
            order_quantity,
        },
    ))
}

fn items() -> impl Strategy<Value = (usize, Vec<InventoryItem>)> {
    (1usize..9, 0usize..5).prop_flat_map(|(n, k)| {
        let item = (
            opening(),
            prop::collection::vec(quantity(), n),
            prop::collection::vec(quantity(), n),
            prop_oneof![Just(0.0), 0.0..100.0f64, Just(1e12)],
            policy(),
            prop::option::of(prop_oneof![Just("A"), Just("a "), Just("B")]),
        );
        (
            Just(n),
            prop::collection::vec(item, k).prop_map(|list| {
                list.into_iter()
                    .enumerate()
                    .map(
                        |(i, (opening_stock, demand, supply, unit_cost, policy, family))| {
                            InventoryItem {
                                item: format!("item {i}"),
                                family: family.map(str::to_string),
                                opening_stock,
                                demand,
                                supply,
                                unit_cost,
                                policy,
                            }
                        },
                    )
                    .collect()
            }),
        )
    })
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn stock_balances_and_everything_is_finite(
        (n, items) in items(),
        threshold in prop_oneof![Just(6.0), 0.1..50.0f64],
    ) {
        let periods: Vec<String> = (1..=n).map(|t| format!("P{t}")).collect();
        let settings = InventorySettings { overstock_cover_periods: threshold };
        let Ok(p) = project(&periods, &items, &settings) else {
            // The only refusal these inputs allow: a fill rate with no demand and no Q.
            let fill_rate_without_demand = items.iter().any(|i| {
                matches!(i.policy, Some(InventoryPolicy { target: ServiceTarget::FillRate(_), order_quantity: None, .. }))
                    && i.demand.iter().all(|d| *d == 0.0)
            });
            prop_assert!(fill_rate_without_demand);
            return Ok(());
        };
        for (item, input) in p.items.iter().zip(&items) {
            let mut before = input.opening_stock;
            for t in 0..n {
                // Opening + supply − demand = closing, in every period.
                prop_assert!(close(before + item.supply[t] - item.demand[t], item.projected[t]));
                prop_assert!(close(item.on_hand[t] - item.backlog[t], item.projected[t]));
                prop_assert!(item.on_hand[t] >= 0.0 && item.backlog[t] >= 0.0);
                prop_assert!(close(item.met[t] + item.unmet[t], item.demand[t]));
                prop_assert!(item.met[t] >= 0.0 && item.unmet[t] >= 0.0);
                // What is unmet this period is owed at its end.
                prop_assert!(item.unmet[t] <= item.backlog[t] + 1e-9 * item.demand[t].max(1.0));
                prop_assert!(item.value[t].is_finite() && item.value[t] >= 0.0);
                prop_assert!(item.excess_over_safety[t].is_finite() && item.excess_over_safety[t] >= 0.0);
                if let Some(c) = item.cover_periods[t] {
                    prop_assert!(c.is_finite() && c >= 0.0);
                }
                prop_assert_eq!(item.flags[t].stockout, item.projected[t] < 0.0 && !close(item.projected[t], 0.0));
                before = item.projected[t];
            }
            prop_assert!(item.swing.is_finite() && item.swing >= 0.0);
            prop_assert!(item.safety_stock_units.is_finite() && item.safety_stock_units >= 0.0);
            prop_assert!(item.reorder_point.is_finite());
            if let Some(f) = item.fill_rate_pct {
                prop_assert!((0.0..=100.0).contains(&f));
            }
            if let Some(s) = &item.safety_stock {
                prop_assert!(s.cycle_service_pct.is_finite());
                prop_assert!(s.expected_short_per_cycle.is_finite());
                prop_assert!(s.lead_time_sigma.is_finite());
                prop_assert!(s.fill_rate_pct.is_none_or(|f| (0.0..=100.0).contains(&f)));
            }
        }
        for f in &p.families {
            let members: Vec<_> = p.items.iter().filter(|i| f.items.contains(&i.item)).collect();
            for t in 0..n {
                let sum: f64 = members.iter().map(|i| i.projected[t]).sum();
                prop_assert!(close(sum, f.projected[t]));
                prop_assert!(f.value[t].is_finite());
            }
            prop_assert!(f.swing.is_finite());
        }
        prop_assert!(p.total_value.iter().all(|v| v.is_finite()));
    }

    #[test]
    fn safety_stock_is_finite_for_any_finite_input(
        target in target(),
        d in quantity(),
        sigma in quantity(),
        lead in prop_oneof![0.0..20.0f64, Just(10_000.0)],
        lead_sigma in prop_oneof![Just(0.0), 0.0..5.0f64, Just(10_000.0)],
        q in prop_oneof![Just(None), quantity().prop_map(Some)],
    ) {
        let input = SafetyStockInput {
            target,
            demand_per_period: d,
            demand_sigma: sigma,
            lead_time: lead,
            lead_time_sigma: lead_sigma,
            order_quantity: q,
        };
        match safety_stock(&input, "item \"X\"") {
            Ok(s) => {
                for v in [s.units, s.lead_time_demand, s.lead_time_sigma, s.reorder_point,
                          s.cycle_service_pct, s.expected_short_per_cycle] {
                    prop_assert!(v.is_finite() && v >= 0.0, "{:?}", s);
                }
                prop_assert!(s.safety_factor.is_none_or(f64::is_finite));
            }
            Err(e) => {
                // Only a fill rate without a positive order quantity is refused.
                prop_assert!(matches!(target, ServiceTarget::FillRate(_)), "{}", e);
                prop_assert!(q.is_none_or(|q| q == 0.0), "{}", e);
            }
        }
    }

    #[test]
    fn loss_inverse_solves_the_loss_equation(k in 0.0..MAX_SAFETY_FACTOR) {
        let g = normal_loss(k);
        let back = loss_inverse(g);
        // Far out in the tail G is flat to machine precision; compare losses there.
        prop_assert!((back - k).abs() < 1e-6 || (normal_loss(back) - g).abs() <= 1e-12 * g.max(1e-300) + 1e-300);
    }
}
