//! The `attune` binary against the CLI contract in DESIGN.md.

use std::path::PathBuf;
use std::process::Command;

fn attune() -> Command {
    Command::new(env!("CARGO_BIN_EXE_attune"))
}

/// Runs `attune forecast FILE ARGS…`, expects success, and returns standard output.
fn forecast_ok(file: &std::path::Path, args: &[&str]) -> String {
    let out = attune()
        .arg("forecast")
        .arg(file)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn testdata(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../testdata")
        .join(name)
}

#[test]
fn version_names_the_tool() {
    let out = attune().arg("--version").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.trim(), format!("attune {}", env!("CARGO_PKG_VERSION")));
}

#[test]
fn forecast_writes_the_contract_columns() {
    let out = attune()
        .arg("forecast")
        .arg(testdata("monthly_pumps.csv"))
        .args([
            "--horizon",
            "3",
            "--level",
            "80",
            "--level",
            "95",
            "--method",
            "seasonal_naive",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "series_id,step,period,forecast,method,lo_80,hi_80,lo_95,hi_95"
    );
    assert_eq!(lines.len(), 4);
    // Seasonal history of two years: seasonal naive repeats 2024-01..03.
    let first: Vec<&str> = lines[1].split(',').collect();
    assert_eq!(
        &first[..5],
        ["monthly_pumps", "1", "2025-01", "128", "seasonal_naive"]
    );
    let third: Vec<&str> = lines[3].split(',').collect();
    assert_eq!(
        &third[..5],
        ["monthly_pumps", "3", "2025-03", "171", "seasonal_naive"]
    );
    let lo80: f64 = first[5].parse().unwrap();
    let lo95: f64 = first[7].parse().unwrap();
    assert!(lo95 < lo80 && lo80 < 128.0);
}

#[test]
fn output_file_and_no_levels() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.csv");
    let status = attune()
        .arg("forecast")
        .arg(testdata("monthly_pumps.csv"))
        .args(["--horizon", "2", "--method", "naive", "--output"])
        .arg(&path)
        .status()
        .unwrap();
    assert!(status.success());
    let text = std::fs::read_to_string(path).unwrap();
    assert_eq!(
        text,
        "series_id,step,period,forecast,method\nmonthly_pumps,1,2025-01,131,naive\nmonthly_pumps,2,2025-02,131,naive\n"
    );
}

#[test]
fn errors_say_where_and_why() {
    let out = attune()
        .args(["forecast", "no/such/file.csv", "--horizon", "3"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).starts_with("attune: cannot read no/such/file.csv")
    );

    let out = attune()
        .arg("forecast")
        .arg(testdata("monthly_pumps.csv"))
        .args(["--horizon", "3", "--method", "magic"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown method \"magic\""));

    let out = attune()
        .arg("forecast")
        .arg(testdata("monthly_pumps.csv"))
        .args(["--horizon", "0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("horizon must be between 1"));
}

#[test]
fn skipped_rows_are_reported_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.csv");
    std::fs::write(&path, "Month,Units\n2024-01,10\n2024-02,lots\n2024-03,12\n").unwrap();
    let out = attune()
        .arg("forecast")
        .arg(&path)
        .args(["--horizon", "1"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("skipped row 3, column \"Units\": \"lots\" is not a number"),
        "{err}"
    );
}

#[test]
fn long_files_forecast_every_item() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.csv");
    std::fs::write(
        &path,
        "sku;month;qty\nA;2024-01;1\nA;2024-02;2\nB;2024-01;5\nB;2024-02;7\n",
    )
    .unwrap();
    let stdout = forecast_ok(&path, &["--horizon", "2", "--method", "naive"]);
    assert_eq!(
        stdout,
        "series_id,step,period,forecast,method\nA,1,2024-03,2,naive\nA,2,2024-04,2,naive\nB,1,2024-03,7,naive\nB,2,2024-04,7,naive\n"
    );
}

#[test]
fn utf16_excel_unicode_text_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("unicode.txt");
    let text = "Monat\tMenge\r\n2024-01\t1,5\r\n2024-02\t2,5\r\n";
    let bytes: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    std::fs::write(&path, bytes).unwrap();
    let stdout = forecast_ok(&path, &["--horizon", "1", "--method", "naive"]);
    assert!(stdout.ends_with("unicode,1,2024-03,2.5,naive\n"));
}

#[test]
fn workbooks_are_read_like_the_app_reads_them() {
    for book in ["monthly.xlsx", "monthly.xls", "monthly.ods"] {
        let out = attune()
            .arg("forecast")
            .arg(testdata(&format!("workbooks/{book}")))
            .args(["--horizon", "1", "--method", "seasonal_naive"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{book}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.starts_with("series_id,step,period,forecast,method\nmonthly,1,2025-01,"),
            "{book}: {text}"
        );
    }
    let out = attune()
        .arg("forecast")
        .arg(testdata("workbooks/monthly.xlsx"))
        .args(["--horizon", "1", "--sheet", "Budget"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("has no sheet \"Budget\" (it has: Sales, Notes)"));
    let out = attune()
        .arg("forecast")
        .arg(testdata("workbooks/truncated.xlsx"))
        .args(["--horizon", "1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with(
        "attune: truncated.xlsx: this file looks like an Excel workbook (.xlsx) but it is damaged"
    ));
}

#[test]
fn auto_chooses_by_demand_pattern() {
    let out = attune()
        .arg("forecast")
        .arg(testdata("monthly_pumps.csv"))
        .args(["--horizon", "2"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let row: Vec<&str> = text.lines().nth(1).unwrap().split(',').collect();
    assert_eq!(row[4], "median");
    let f: f64 = row[3].parse().unwrap();
    assert!(f.is_finite() && f > 100.0 && f < 200.0, "{f}");
}

#[test]
fn item_names_that_look_like_formulas_are_written_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.csv");
    std::fs::write(
        &path,
        "sku;month;qty\n=HYPERLINK(\"x\");2024-01;1\n=HYPERLINK(\"x\");2024-02;2\n-5;2024-01;-3\n-5;2024-02;-4\n",
    )
    .unwrap();
    let text = forecast_ok(&path, &["--horizon", "1", "--method", "naive"]);
    assert_eq!(
        text,
        "series_id,step,period,forecast,method\n\"'=HYPERLINK(\"\"x\"\")\",1,2024-03,2,naive\n'-5,1,2024-03,-4,naive\n"
    );
}
