//! Scenario tests of order promising: a master-schedule ATP record worked out by hand,
//! priorities, late and short orders, "can we promise this?" with and without spare
//! capacity, and orders pasted from a spreadsheet.

use attune_engine::plan::capacity::{
    supply_plan, BillLine, CapacityModel, FamilyDemand, PerPeriod, Resource, SupplySettings,
    TableError,
};
use attune_engine::promise::{
    can_promise, parse_orders, promise_orders, spare_units, Availability, ItemSupply, Order,
    PromiseQuery, PromiseResult, PromiseStatus,
};

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/../testdata/inventory/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap()
}

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|p| (*p).to_string()).collect()
}

/// The valve's master schedule: 45 on hand, 80 made in W2, W4, W6 and W8.
fn valve() -> Availability {
    Availability {
        periods: names(&["W1", "W2", "W3", "W4", "W5", "W6", "W7", "W8"]),
        items: vec![ItemSupply {
            item: "Valve".into(),
            on_hand: 45.0,
            supply: vec![0.0, 80.0, 0.0, 80.0, 0.0, 80.0, 0.0, 80.0],
        }],
    }
}

fn valve_promised() -> PromiseResult {
    let orders = parse_orders(&fixture("valve_orders.tsv")).unwrap();
    promise_orders(&valve(), &orders).unwrap()
}

/// The textbook ATP record. Committed orders 30 25 40 60 35 10 0 5 (W1…W8).
///
/// Discrete ATP, by the master-schedule rule:
/// - W1 (first period): 45 on hand − the orders until the next supply (W1: 30) = 15.
/// - W2: 80 − (25 + 40) = 15.
/// - W4: 80 − (60 + 35) = −15: W4 lacks 15, taken from W2's ATP → W2 = 0, W4 = 0.
/// - W6: 80 − (10 + 0) = 70.  W8: 80 − 5 = 75.  No ATP where nothing is made.
///
/// So ATP = 15 0 0 0 0 70 0 75, and cumulative ATP = 15 15 15 15 15 85 85 160.
/// (Check by the net position: 15, 70, 30, 50, 15, 85, 85, 160; the least from each
/// period on gives the same cumulative ATP.)
#[test]
fn master_schedule_atp_by_hand() {
    let r = valve_promised();
    assert_eq!(r.orders.len(), 7);
    assert!(r.orders.iter().all(|o| o.status == PromiseStatus::OnTime));
    assert_eq!((r.on_time, r.late, r.short), (7, 0, 0));
    assert_eq!(r.orders[3].id, "SO-4");
    assert_eq!(r.orders[3].customer, "Acme");
    assert_eq!(r.orders[3].promised_period.as_deref(), Some("W4"));
    let item = &r.items[0];
    assert_eq!(
        item.committed,
        [30.0, 25.0, 40.0, 60.0, 35.0, 10.0, 0.0, 5.0]
    );
    assert_eq!(item.atp, [15.0, 0.0, 0.0, 0.0, 0.0, 70.0, 0.0, 75.0]);
    assert_eq!(
        item.cumulative_atp,
        [15.0, 15.0, 15.0, 15.0, 15.0, 85.0, 85.0, 160.0]
    );
    assert_eq!(r.units_ordered, 205.0);
    assert_eq!(r.units_on_time, 205.0);
    assert_eq!(r.on_time_pct(), Some(100.0));
}

/// 20 more in W3: only 15 are available to promise there; W6's 80 make 85 → W6 from
/// stock and planned supply, three weeks late. Ten spare units in W3 make 15 + 10 = 25
/// ≥ 20: yes, with spare capacity.
#[test]
fn can_we_promise_20_in_w3() {
    let r = valve_promised();
    let mut q = PromiseQuery {
        item: "valve".into(),
        quantity: 20.0,
        period: "w3".into(),
        spare_capacity: None,
    };
    let a = can_promise(&r, &q).unwrap();
    assert!(!a.yes);
    assert_eq!(a.available_to_promise, 15.0);
    let stock = a.from_stock.as_ref().unwrap();
    assert_eq!((stock.name.as_str(), stock.periods_late), ("W6", 3));
    assert_eq!(a.with_capacity, None);
    assert_eq!(
        a.answer,
        "Not in W3: only 15 available to promise there. The earliest is W6."
    );

    q.spare_capacity = Some(vec![0.0, 0.0, 10.0, 0.0, 0.0, 0.0, 0.0, 0.0]);
    let a = can_promise(&r, &q).unwrap();
    assert!(a.yes);
    assert_eq!(a.spare_by_requested, 10.0);
    assert_eq!(a.with_capacity.as_ref().unwrap().name, "W3");
    assert_eq!(
        a.answer,
        "Yes, with spare capacity: 20 units Valve in W3 — 15 from stock and planned supply, 5 more to make."
    );

    q.quantity = 15.0;
    q.spare_capacity = None;
    let a = can_promise(&r, &q).unwrap();
    assert!(a.yes);
    assert_eq!(
        a.answer,
        "Yes: 15 units Valve can be promised in W3 from stock and planned supply (15 available to promise)."
    );
}

/// 200 in W5: at most 160 by W8 → not within the horizon, 40 missing. Five spare units a
/// week add 40 by W8 (160 + 40 = 200; by W7 only 85 + 35 = 120): W8 with capacity.
#[test]
fn can_we_promise_200_in_w5() {
    let r = valve_promised();
    let mut q = PromiseQuery {
        item: "Valve".into(),
        quantity: 200.0,
        period: "W5".into(),
        spare_capacity: None,
    };
    let a = can_promise(&r, &q).unwrap();
    assert!(!a.yes);
    assert_eq!(
        (a.from_stock.clone(), a.with_capacity.clone()),
        (None, None)
    );
    assert_eq!(a.missing_units, 40.0);
    assert_eq!(
        a.answer,
        "Not in W5: only 15 available to promise there. Not within the horizon: 40 units missing by W8."
    );
    q.spare_capacity = Some(vec![5.0; 8]);
    let a = can_promise(&r, &q).unwrap();
    let c = a.with_capacity.as_ref().unwrap();
    assert_eq!((c.name.as_str(), c.periods_late), ("W8", 3));
    assert_eq!(a.missing_units, 0.0);
    assert_eq!(
        a.answer,
        "Not in W5: only 15 available to promise there, 40 with spare capacity. The earliest is W8 with \
         spare capacity (never from stock and planned supply within the horizon)."
    );
    q.quantity = 300.0;
    let a = can_promise(&r, &q).unwrap();
    assert_eq!(a.missing_units, 100.0);
    assert!(a
        .answer
        .ends_with("100 units missing by W8 even with spare capacity."));
}

/// Gear: nothing on hand, 100 made in Feb and Apr. Orders pasted from a German sheet
/// (decimal comma): A-1 80 in Feb, A-2 60.5 in Feb (priority 1), A-3 50 in Mar
/// (priority 2), A-4 30 in Jan. Taken in turn, then A-4 (Jan) and A-1 (Feb).
/// - Feb has 100 → on time; 39.5 left in Feb.
/// - Mar has 39.5 < 50; Apr has 139.5 → one period late.
/// - Jan has nothing; Feb has 39.5 ≥ 30 → one period late. 9.5 left in Feb,
///   59.5 in Apr.
/// - 80 is nowhere: the 59.5 there are by Apr are promised in Apr, 20.5 short.
///
/// Everything made is promised: 60.5 + 50 + 30 + 59.5 = 200.
#[test]
fn priorities_late_and_short_orders() {
    let orders = parse_orders(&fixture("gear_orders_de.csv")).unwrap();
    assert_eq!(orders.len(), 4);
    assert_eq!(orders[1].customer, "Süd AG");
    assert_eq!(orders[1].quantity, 60.5);
    assert_eq!(orders[1].priority, Some(1));
    assert_eq!(orders[0].priority, None);
    assert_eq!(orders[0].row, Some(2));
    let availability = Availability {
        periods: names(&["2025-01", "2025-02", "2025-03", "2025-04"]),
        items: vec![ItemSupply {
            item: "Gear".into(),
            on_hand: 0.0,
            supply: vec![0.0, 100.0, 0.0, 100.0],
        }],
    };
    let r = promise_orders(&availability, &orders).unwrap();
    let status: Vec<PromiseStatus> = r.orders.iter().map(|o| o.status).collect();
    assert_eq!(
        status,
        [
            PromiseStatus::Short { units: 20.5 },
            PromiseStatus::OnTime,
            PromiseStatus::Late { periods: 1 },
            PromiseStatus::Late { periods: 1 },
        ]
    );
    let sequence: Vec<usize> = r.orders.iter().map(|o| o.sequence).collect();
    assert_eq!(sequence, [4, 1, 2, 3]);
    let a1 = &r.orders[0];
    assert_eq!(a1.promised_quantity, 59.5);
    assert_eq!(a1.promised_period.as_deref(), Some("2025-04"));
    assert_eq!(a1.periods_late, 2);
    assert_eq!(r.orders[3].promised_period.as_deref(), Some("2025-02"));
    assert_eq!((r.on_time, r.late, r.short), (1, 2, 1));
    assert_eq!(r.units_ordered, 220.5);
    assert_eq!(r.units_promised, 200.0);
    assert_eq!(r.units_on_time, 60.5);
    assert_eq!(r.items[0].committed, [0.0, 90.5, 0.0, 109.5]);
    assert_eq!(r.items[0].cumulative_atp, [0.0; 4]);
    assert_eq!(r.on_time_pct(), Some(25.0));
}

#[test]
fn nothing_to_promise_and_nothing_ordered() {
    let availability = Availability {
        periods: names(&["Jan", "Feb"]),
        items: vec![ItemSupply {
            item: "Rare".into(),
            on_hand: 0.0,
            supply: vec![0.0, 0.0],
        }],
    };
    let orders = [
        Order::new("Acme", "Rare", 5.0, "Jan"),
        Order::new("Brix", "Rare", 0.0, "Feb"),
    ];
    let r = promise_orders(&availability, &orders).unwrap();
    assert_eq!(r.orders[0].status, PromiseStatus::Short { units: 5.0 });
    assert_eq!(r.orders[0].promised, None);
    assert_eq!(r.orders[0].promised_quantity, 0.0);
    assert_eq!(r.orders[1].status, PromiseStatus::OnTime);
    let none = promise_orders(&availability, &[]).unwrap();
    assert_eq!(none.on_time_pct(), None);
}

#[test]
fn pasted_orders_name_every_bad_cell() {
    let err = parse_orders(&fixture("bad_orders.csv")).unwrap_err();
    let TableError::Cells { problems } = &err else {
        panic!("{err:?}");
    };
    let messages: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(messages.len(), 5, "{messages:#?}");
    assert_eq!(
        messages[0],
        "row 3, column \"Item\": \"\" is empty: name the item or family ordered"
    );
    assert_eq!(
        messages[1],
        "row 4, column \"Qty\": \"-5\" is not above zero: an order needs a quantity"
    );
    assert!(
        messages[2].starts_with("row 5, column \"Qty\": \"ten\" "),
        "{}",
        messages[2]
    );
    assert_eq!(
        messages[3],
        "row 6, column \"Requested\": \"\" is empty: give the period the customer wants it in"
    );
    assert_eq!(
        messages[4],
        "row 6, column \"Priority\": \"1.5\" is not a whole number from 0 up (1 is served first)"
    );
    assert!(matches!(
        parse_orders("Customer\tNotes\nAcme\thi\n"),
        Err(TableError::MissingColumns { .. })
    ));
    assert!(matches!(parse_orders(""), Err(TableError::Empty { .. })));
    assert!(matches!(
        parse_orders("Item;Qty;Due\n"),
        Err(TableError::NoRows { .. })
    ));
}

#[test]
fn orders_for_unknown_items_or_periods_are_all_listed() {
    let text = "Order\tCustomer\tItem\tQty\tRequested\nSO-8\tAcme\tValve\t5\tW2\nSO-9\tAcme\tValv\t5\tW9\n";
    let orders = parse_orders(text).unwrap();
    let err = promise_orders(&valve(), &orders).unwrap_err();
    assert_eq!(
        err.to_string(),
        "2 problems in the orders; the first: order SO-9 (Acme, row 3): item \"Valv\" is not in \
         the supply plan (items: Valve)"
    );
    let attune_engine::promise::PromiseError::Orders(problems) = err else {
        panic!();
    };
    assert_eq!(
        problems[1].message,
        "order SO-9 (Acme, row 3): period \"W9\" is not in the plan (periods: W1, W2, W3, W4, \
         W5, … (8 in all))"
    );
    assert_eq!(problems[1].row, Some(3));
    let mut twice = valve();
    twice.periods[7] = "w1".into();
    assert_eq!(
        promise_orders(&twice, &[]).unwrap_err().to_string(),
        "period \"w1\" is listed twice in the supply plan (names are compared ignoring case)"
    );
    let mut bad = valve();
    bad.items[0].supply.pop();
    assert_eq!(
        promise_orders(&bad, &[]).unwrap_err().to_string(),
        "the supply of item \"Valve\": 7 values for 8 periods; give one value per period"
    );
    let q = PromiseQuery {
        item: "Valve".into(),
        quantity: f64::NAN,
        period: "W2".into(),
        spare_capacity: None,
    };
    assert_eq!(
        can_promise(&valve_promised(), &q).unwrap_err().to_string(),
        "the question: the quantity (not a number) cannot be promised: give a number of units \
         from 0 to 1e12"
    );
}

/// Press: 100 regular + 20 overtime hours a period; Paint: 50 regular. A unit of A takes
/// 2 Press hours and 1 Paint hour; demand 30 then 10, all made in its period.
/// Hours left: P1 Press 100 − 60 + 20 = 60 (30 units), Paint 50 − 30 = 20 (20 units)
/// → 20 spare units; P2 Press 100 − 20 + 20 = 100 (50), Paint 40 (40) → 40.
/// 50 units in P1: 30 planned + 20 spare = 50 → yes with spare capacity, not from the
/// plan alone (40 by P2).
#[test]
fn spare_capacity_from_the_supply_plan() {
    let model = CapacityModel {
        periods: names(&["P1", "P2"]),
        resources: vec![
            Resource {
                name: "Press".into(),
                regular_hours: PerPeriod::Same(100.0),
                overtime_hours: PerPeriod::Same(20.0),
            },
            Resource {
                name: "Paint".into(),
                regular_hours: PerPeriod::Same(50.0),
                overtime_hours: PerPeriod::default(),
            },
        ],
        bill: vec![
            BillLine {
                family: "A".into(),
                resource: "Press".into(),
                hours_per_unit: 2.0,
            },
            BillLine {
                family: "A".into(),
                resource: "Paint".into(),
                hours_per_unit: 1.0,
            },
        ],
    };
    let plan = supply_plan(
        &model,
        &[FamilyDemand::new("A", vec![30.0, 10.0])],
        &SupplySettings::default(),
    )
    .unwrap();
    let spare = spare_units(&model, &plan, "a").unwrap();
    assert_eq!(spare, [20.0, 40.0]);
    let availability = Availability::from_supply_plan(&plan);
    assert_eq!(availability.items[0].supply, [30.0, 10.0]);
    let r = promise_orders(&availability, &[]).unwrap();
    let a = can_promise(
        &r,
        &PromiseQuery {
            item: "A".into(),
            quantity: 50.0,
            period: "P1".into(),
            spare_capacity: Some(spare),
        },
    )
    .unwrap();
    assert!(a.yes);
    assert_eq!(a.from_stock, None);
    assert_eq!(
        a.answer,
        "Yes, with spare capacity: 50 units A in P1 — 30 from stock and planned supply, 20 more to make."
    );
    assert_eq!(
        spare_units(&model, &plan, "B").unwrap_err().to_string(),
        "family \"B\" is not in the plan (family names: A)"
    );
}

/// 0.1 + 0.2 is 0.30000000000000004 in floating point; 0.3 − 0.1 is 0.19999999999999998.
/// Neither makes an order late.
#[test]
fn rounding_is_not_a_shortage() {
    let availability = Availability {
        periods: names(&["Jan"]),
        items: vec![ItemSupply {
            item: "Film".into(),
            on_hand: 0.0,
            supply: vec![0.3],
        }],
    };
    let orders = [
        Order::new("Acme", "Film", 0.1, "Jan"),
        Order::new("Brix", "Film", 0.2, "Jan"),
    ];
    let r = promise_orders(&availability, &orders).unwrap();
    assert_eq!(r.on_time, 2);
    // But a sliver more than there is, is short.
    let r = promise_orders(
        &availability,
        &[Order::new("Acme", "Film", 0.300_001, "Jan")],
    )
    .unwrap();
    assert!(matches!(r.orders[0].status, PromiseStatus::Short { .. }));
}
