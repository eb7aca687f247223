//! `attune review`: the S&OP review of a document, as tables and as JSON.

use std::path::PathBuf;
use std::process::{Command, Output};

fn review(file: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_attune"))
        .arg("review")
        .arg(file)
        .args(args)
        .output()
        .unwrap()
}

fn testdata(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../testdata")
        .join(name)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The pump plant reviewed: the families' supply plan, its stock, three orders, KPIs.
/// (Figures by hand in `engine/tests/review.rs`, `a_family_plan_reviewed_by_hand`.)
#[test]
fn a_review_prints_kpis_stock_orders_and_assumptions() {
    let out = review(&testdata("review/press.attune.json"), &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let line = |start: &str| {
        stdout
            .lines()
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .find(|l| l.starts_with(start))
            .unwrap_or_else(|| panic!("no line {start:?} in\n{stdout}"))
    };
    assert!(stdout.starts_with("supply: the capacity-constrained supply plan of 1 family"));
    assert!(line("Projected fill rate").starts_with("Projected fill rate 100.0 % green"));
    assert!(
        line("On-time delivery").starts_with("On-time delivery 66.7 % red 2 of 3 orders on time"),
        "{}",
        line("On-time delivery")
    );
    assert!(line("Average utilization").starts_with("Average utilization 73.3 %"));
    assert_eq!(line("Pumps Feb"), "Pumps Feb 80 100 20 0 0.2 200.00");
    assert!(
        line("2 Brix").ends_with("Feb Mar late by 1"),
        "{}",
        line("2 Brix")
    );
    assert!(stdout.contains("\nhealth:\n- "));
    assert!(stdout.contains("\nassumptions:\n- Supply: "));
}

#[test]
fn the_json_review_carries_every_figure() {
    let out = review(&testdata("review/press.attune.json"), &["--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["supply"], "families");
    assert_eq!(
        v["projection"]["items"][0]["projected"],
        serde_json::json!([0.0, 20.0, 0.0])
    );
    assert_eq!(v["promises"]["orders"][1]["status"]["late"]["periods"], 1);
    let kpis = v["report"]["kpis"].as_array().unwrap();
    assert_eq!(kpis.len(), 12);
    assert!(kpis
        .iter()
        .all(|k| k["formula"].as_str().is_some_and(|f| !f.is_empty())));
}

#[test]
fn the_aggregate_plan_can_be_the_supply() {
    let nw = testdata("plans/northwind_pumps.attune.json");
    let out = review(&nw, &["--strategy", "level"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.starts_with("supply: the level aggregate plan of Total"),
        "{stdout}"
    );
    assert!(
        stdout.contains("above the cheapest plan (4,146,580.5)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Unit cost 95 = material 40 + 2.5 labour hours at 22"),
        "{stdout}"
    );
}

#[test]
fn failures_say_why_with_exit_codes() {
    let press = testdata("review/press.attune.json");
    let out = review(&press, &["--supply", "plan"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("has no aggregate_plan section to take supply from"));
    let out = review(&press, &["--supply", "warehouse"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("unknown supply \"warehouse\"; use families or plan"));
    let out = review(&press, &["--strategy", "cheap"]);
    assert_eq!(out.status.code(), Some(2));
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.attune.json");
    let doc = std::fs::read_to_string(&press)
        .unwrap()
        .replace("\"price\": 50", "\"price\": -50");
    std::fs::write(&bad, doc).unwrap();
    let out = review(&bad, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("inventory.price: -50 is not usable here"),
        "{}",
        text(&out.stderr)
    );
    // A plan that cannot be made: exit 1 with the reason.
    let nw = std::fs::read_to_string(testdata("plans/northwind_pumps.attune.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&nw).unwrap();
    let mut v = v;
    v["aggregate_plan"]["max_subcontract_per_period"] = serde_json::json!(0);
    v["aggregate_plan"]["workforce"]["max"] = serde_json::json!(45);
    v["aggregate_plan"]["workforce"]["min"] = serde_json::Value::Null;
    v["aggregate_plan"]["workforce"]["max_overtime_hours_per_worker"] = serde_json::json!(0);
    let tight = dir.path().join("tight.attune.json");
    std::fs::write(&tight, v.to_string()).unwrap();
    let out = review(&tight, &[]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("the plan is infeasible: "),
        "{}",
        text(&out.stderr)
    );
}
