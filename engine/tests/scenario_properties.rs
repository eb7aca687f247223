//! Property tests of the extra-shift lever: for any resource table and any shift of zero
//! or more hours, no resource and no worker loses an hour, only the resource named gains,
//! and the table the scenario writes reads back to the same hours.
#![cfg(not(target_arch = "wasm32"))]

use attune_engine::document::CapacitySection;
use attune_engine::plan::aggregate::{AggregatePlanInput, Hours};
use attune_engine::plan::capacity::{parse_resources, PerPeriod};
use attune_engine::scenario::Levers;
use proptest::prelude::*;

/// Hours as a table holds them: round, fractional, zero or large.
fn hours() -> impl Strategy<Value = f64> {
    prop_oneof![
        3 => (0u32..400).prop_map(f64::from),
        3 => 0.0..1000.0f64,
        1 => Just(0.0),
        1 => Just(0.5),
        1 => Just(1e9),
    ]
}

/// A resource table's text: 1–4 resources over 1–5 periods, some with overtime rows.
fn table() -> impl Strategy<Value = String> {
    (1usize..5, 1usize..6).prop_flat_map(|(resources, periods)| {
        proptest::collection::vec(
            (
                proptest::collection::vec(hours(), periods),
                proptest::option::of(proptest::collection::vec(hours(), periods)),
            ),
            resources,
        )
        .prop_map(move |rows| {
            let mut text = String::from("Resource\tType");
            for p in 0..periods {
                text.push_str(&format!("\tP{p}"));
            }
            text.push('\n');
            for (i, (regular, overtime)) in rows.iter().enumerate() {
                for (kind, values) in [("Regular", Some(regular)), ("Overtime", overtime.as_ref())]
                {
                    let Some(values) = values else { continue };
                    text.push_str(&format!("Line {i}\t{kind}"));
                    for v in values {
                        text.push_str(&format!("\t{v}"));
                    }
                    text.push('\n');
                }
            }
            text
        })
    })
}

fn each(h: &PerPeriod, n: usize) -> Vec<f64> {
    match h {
        PerPeriod::Same(v) => vec![*v; n],
        PerPeriod::Each(v) => v.clone(),
    }
}

proptest! {
    #[test]
    fn an_extra_shift_never_lowers_capacity(
        text in table(),
        shift in prop_oneof![hours(), Just(1e-9)],
        pick in proptest::option::of(0usize..4),
    ) {
        let base = parse_resources(&text).unwrap();
        let n = base.periods.len();
        let resource = pick.map(|i| format!("line {}", i % base.resources.len()));
        let levers = Levers {
            extra_shift_hours: Some(shift),
            extra_shift_resource: resource.clone(),
            ..Levers::default()
        };
        let after = levers.apply_to_resources(&base).unwrap();
        for (b, a) in base.resources.iter().zip(&after.resources) {
            let named = resource.as_deref().is_none_or(|r| b.name.eq_ignore_ascii_case(r));
            for (x, y) in each(&b.regular_hours, n).iter().zip(each(&a.regular_hours, n)) {
                prop_assert!(y >= *x, "{} lost hours: {x} → {y}", b.name);
                prop_assert!(y.is_finite());
                if !named {
                    prop_assert_eq!(y, *x);
                } else {
                    prop_assert_eq!(y, x + shift);
                }
            }
            prop_assert_eq!(&a.overtime_hours, &b.overtime_hours);
        }
        // The table the scenario writes reads back to the same hours.
        let section = CapacitySection { resources: text, ..CapacitySection::default() };
        let written = levers.apply_to_capacity(&section).unwrap();
        let back = parse_resources(&written.resources).unwrap();
        prop_assert_eq!(&back.periods, &after.periods);
        for (a, b) in after.resources.iter().zip(&back.resources) {
            prop_assert_eq!(&a.name, &b.name);
            prop_assert_eq!(each(&a.regular_hours, n), each(&b.regular_hours, n));
            prop_assert_eq!(each(&a.overtime_hours, n), each(&b.overtime_hours, n));
        }
    }

    #[test]
    fn an_extra_shift_never_lowers_a_workers_hours(
        regular in proptest::collection::vec(hours(), 1..6),
        same in any::<bool>(),
        shift in hours(),
    ) {
        let n = regular.len();
        let mut base: AggregatePlanInput = serde_json::from_str(&format!(
            r#"{{"periods":{periods:?},"demand":{demand:?},"initial_inventory":0,
              "workforce":{{"initial":5,"regular_hours_per_worker":160}},
              "labor_hours_per_unit":2,"costs":{{"regular_per_hour":20,"overtime_per_hour":30,
              "hire_per_worker":0,"layoff_per_worker":0,"holding_per_unit_period":1,
              "backlog_per_unit_period":5,"material_per_unit":0,"subcontract_per_unit":90}}}}"#,
            periods = (0..n).map(|i| format!("P{i}")).collect::<Vec<_>>(),
            demand = vec![100; n],
        )).unwrap();
        base.workforce.regular_hours_per_worker = if same {
            Hours::Same(regular[0])
        } else {
            Hours::PerPeriod(regular)
        };
        let levers = Levers { extra_shift_hours: Some(shift), ..Levers::default() };
        let after = levers.apply_to_plan(&base).unwrap();
        let hours = |h: &Hours| match h {
            Hours::Same(v) => vec![*v; n],
            Hours::PerPeriod(v) => v.clone(),
        };
        let (b, a) = (
            hours(&base.workforce.regular_hours_per_worker),
            hours(&after.workforce.regular_hours_per_worker),
        );
        for (x, y) in b.iter().zip(&a) {
            prop_assert!(y >= x && y.is_finite());
        }
        prop_assert_eq!(after.demand, base.demand);
    }
}

/// Any JSON value a hand-edited file might put where a lever goes.
fn lever_value() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::json;
    prop_oneof![
        4 => (-300.0..300.0f64).prop_map(|v| json!(v)),
        1 => Just(json!(1e300)),
        1 => Just(json!(-1e300)),
        1 => Just(json!(null)),
        1 => Just(json!("ten")),
        1 => Just(json!("12.5")),
        1 => Just(json!(true)),
        1 => Just(json!([1, 2])),
        1 => Just(json!({"a": 1})),
    ]
}

proptest! {
    /// A scenarios section of any values is read or refused in words, never a panic;
    /// what is read round-trips and plans to finite numbers.
    #[test]
    fn any_scenarios_section_is_read_or_named(
        names in proptest::collection::vec(prop_oneof![Just("A"), Just("a "), Just(""), Just("Hot summer")], 1..4),
        values in proptest::collection::vec(
            proptest::collection::vec((0usize..11, lever_value()), 0..5), 4),
    ) {
        use attune_engine::document::read_document;
        const FIELDS: [&str; 11] = ["demand_pct", "workforce_max", "overtime_cap",
            "service_level_pct", "lead_time", "regular_cost_pct", "overtime_cost_pct",
            "holding_cost_pct", "subcontract_cost_pct", "extra_shift_hours", "family_demand_pct"];
        let scenarios: Vec<serde_json::Value> = names.iter().zip(&values).map(|(name, levers)| {
            let mut map = serde_json::Map::new();
            for (field, value) in levers {
                let value = if FIELDS[*field] == "family_demand_pct" {
                    serde_json::json!({ "Pumps": value })
                } else {
                    value.clone()
                };
                map.insert(FIELDS[*field].to_string(), value);
            }
            serde_json::json!({ "name": name, "levers": map })
        }).collect();
        let text = serde_json::json!({ "format": "attune/1", "scenarios": scenarios }).to_string();
        match read_document(&text) {
            Err(e) => prop_assert!(!e.to_string().is_empty()),
            Ok(doc) => {
                let again = read_document(&doc.to_json().unwrap()).unwrap();
                prop_assert_eq!(&again, &doc);
                let base: AggregatePlanInput = serde_json::from_str(r#"{"periods":["Jan","Feb"],
                  "demand":[100,200],"initial_inventory":0,"workforce":{"initial":5,
                  "regular_hours_per_worker":160},"labor_hours_per_unit":2,"costs":{
                  "regular_per_hour":20,"overtime_per_hour":30,"hire_per_worker":0,
                  "layoff_per_worker":0,"holding_per_unit_period":1,"backlog_per_unit_period":5,
                  "material_per_unit":0,"subcontract_per_unit":90}}"#).unwrap();
                for s in &doc.scenarios {
                    let levers = s.levers("scenarios[0]").unwrap();
                    let plan = levers.apply_to_plan(&base).unwrap();
                    prop_assert!(plan.demand.iter().all(|d| d.is_finite() && *d >= 0.0));
                    prop_assert!(plan.costs.regular_per_hour.is_finite());
                }
            }
        }
    }
}
