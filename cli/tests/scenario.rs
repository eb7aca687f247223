//! `attune review FILE --scenario NAME`: the review of a document with one of its
//! scenarios' levers pulled.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Output};

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The pump plant of `testdata/review/press.attune.json` (a press of 100 hours a month,
/// Pumps at 1 hour a unit, 50/80/120 wanted with 30 in stock) with two scenarios.
fn plant() -> tempfile::NamedTempFile {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../testdata/review/press.attune.json");
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    doc["scenarios"] = serde_json::json!([
        {"name": "Second shift", "levers": {"extra_shift_hours": 20, "extra_shift_resource": "Press"}},
        {"name": "Boom", "chart": true, "levers": {"demand_pct": 50}}
    ]);
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(doc.to_string().as_bytes()).unwrap();
    file
}

fn review(file: &tempfile::NamedTempFile, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_attune"))
        .arg("review")
        .arg(file.path())
        .args(args)
        .output()
        .unwrap()
}

fn line(stdout: &str, start: &str) -> String {
    stdout
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .find(|l| l.starts_with(start))
        .unwrap_or_else(|| panic!("no line {start:?} in\n{stdout}"))
}

#[test]
fn a_second_shift_on_the_press_lowers_its_utilization() {
    let file = plant();
    let base = review(&file, &[]);
    assert!(base.status.success(), "{}", text(&base.stderr));
    let base = text(&base.stdout);
    // 220 hours of work (250 wanted − 30 in stock) on 3 × 100 hours: 73.3 %.
    assert!(line(&base, "Average utilization").starts_with("Average utilization 73.3 %"));
    // The name in any case: the same scenario.
    let out = review(&file, &["--scenario", "second SHIFT"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    // The same 220 hours on 3 × 120: 61.1 %.
    assert!(
        line(&stdout, "Average utilization").starts_with("Average utilization 61.1 %"),
        "{}",
        line(&stdout, "Average utilization")
    );
    assert!(
        stdout.contains(
            "\nassumptions:\n- Scenario \"Second shift\": an extra shift of 20 hours a period on Press.\n"
        ),
        "{stdout}"
    );
}

#[test]
fn a_demand_scenario_runs_short_in_json_as_in_text() {
    let file = plant();
    let out = review(&file, &["--scenario", "Boom", "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // 75 + 120 + 180 = 375 wanted, 30 in stock + 300 hours of press: 45 short.
    let plan = &r["supply_plan"];
    assert_eq!(plan["total_demand"], 375.0);
    assert_eq!(plan["total_shortfall"], 45.0);
    assert_eq!(r["assumptions"][0], "Scenario \"Boom\": demand +50 %.");
    // The same keys as the review of the base.
    let base: serde_json::Value =
        serde_json::from_slice(&review(&file, &["--json"]).stdout).unwrap();
    let keys = |v: &serde_json::Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&r), keys(&base));
    assert_eq!(base["supply_plan"]["total_shortfall"], 0.0);
}

#[test]
fn an_unknown_scenario_names_those_there_are() {
    let file = plant();
    let out = review(&file, &["--scenario", "Night shift"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.ends_with(
            "there is no scenario \"Night shift\"; the document's scenarios are \"Second shift\", \"Boom\"\n"
        ),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
    // A document without scenarios says so.
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../testdata/review/press.attune.json");
    let out = Command::new(env!("CARGO_BIN_EXE_attune"))
        .args(["review", path.to_str().unwrap(), "--scenario", "Boom"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("there is no scenario \"Boom\": the document has no scenarios")
    );
}
