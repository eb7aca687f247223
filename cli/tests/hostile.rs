//! The `attune` binary on hostile and awkward files (issue #8): a representative part of
//! `testdata/hostile/` (the engine's own test goes through all of it), plus a 1 MB cell
//! written at run time. Each run must exit 0 with a forecast of finite numbers, or exit 2
//! with `attune: ` and the reason on standard error — never a panic.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn hostile(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../testdata/hostile")
        .join(name)
}

/// Runs `attune forecast FILE --horizon 6` and checks what holds for every run.
fn run(file: &Path) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_attune"))
        .arg("forecast")
        .arg(file)
        .args(["--horizon", "6", "--level", "80", "--level", "95"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{}: {stderr}", file.display());
    assert!(
        stderr.lines().all(|l| l.starts_with("attune: ")),
        "{}: {stderr}",
        file.display()
    );
    assert!(
        stderr.lines().all(|l| l.len() < 1000),
        "{}: a line of {} bytes on stderr",
        file.display(),
        stderr.lines().map(str::len).max().unwrap_or(0)
    );
    out
}

/// The fields of one CSV line (quoted fields may hold commas and doubled quotes).
fn fields(line: &str) -> Vec<String> {
    let (mut out, mut field, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(std::mem::take(&mut field)),
            _ => field.push(c),
        }
    }
    out.push(field);
    out
}

/// Expects success; returns the forecast rows (without the header) as fields, after
/// checking that every number is finite, and not negative when `non_negative`.
fn forecast_rows(name: &str, non_negative: bool) -> Vec<Vec<String>> {
    let out = run(&hostile(name));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{name}: {stderr}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    let mut lines = stdout.lines();
    assert_eq!(
        lines.next(),
        Some("series_id,step,period,forecast,method,lo_80,hi_80,lo_95,hi_95"),
        "{name}"
    );
    let rows: Vec<Vec<String>> = lines.map(fields).collect();
    for row in &rows {
        assert_eq!(row.len(), 9, "{name}: {row:?}");
        // Croston-type methods give no interval: those columns are empty.
        let intervals = !["croston", "sba", "tsb", "adida", "imapa"].contains(&row[4].as_str());
        let numbers: &[usize] = if intervals { &[3, 5, 6, 7, 8] } else { &[3] };
        assert!(
            intervals || row[5..].iter().all(String::is_empty),
            "{name}: {row:?}"
        );
        for &i in numbers {
            let v: f64 = row[i].parse().unwrap_or(f64::NAN);
            assert!(v.is_finite(), "{name}: {row:?}");
            assert!(!non_negative || v >= 0.0, "{name}: {row:?}");
        }
    }
    rows
}

/// Expects exit code 2; returns standard error.
fn refused(file: &Path) -> String {
    let out = run(file);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{}: {stderr}", file.display());
    assert!(out.stdout.is_empty(), "{}", file.display());
    stderr
}

fn ids(rows: &[Vec<String>]) -> Vec<&str> {
    let mut ids: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    ids.dedup();
    ids
}

#[test]
fn files_with_nothing_to_forecast_are_refused_in_words() {
    let cases = [
        ("empty.csv", "empty.csv: there is nothing to import"),
        (
            "header_only.csv",
            "header_only.csv: no row could be used: there are no rows of data under the header",
        ),
        ("one_column.csv", "one_column.csv: only one column was found"),
        (
            "all_text_quantities.csv",
            "all_text_quantities.csv: no row could be used (12 problems); the first: row 2, column \"Qty\": \"lots\" is not a number",
        ),
        (
            "period_numbers_span_too_long.csv",
            "the periods run from 1 to 250000, 250000 periods in all",
        ),
    ];
    for (name, says) in cases {
        let stderr = refused(&hostile(name));
        assert!(stderr.starts_with("attune: "), "{name}: {stderr}");
        assert!(stderr.contains(says), "{name}: {stderr}");
    }
}

#[test]
fn files_that_are_not_tables_are_refused_by_name() {
    let cases = [
        (
            "binary_garbage.csv",
            "attune: binary_garbage.csv is not a text file (CSV, TSV) nor a workbook",
        ),
        (
            "truncated_half.xlsx",
            "attune: truncated_half.xlsx: this file looks like an Excel workbook (.xlsx) but it is damaged or incomplete",
        ),
        (
            "zip_bomb_claims_4gb.xlsx",
            "attune: zip_bomb_claims_4gb.xlsx: this Excel workbook (.xlsx) unpacks to at least 3,815 MB, more than the 200 MB read here",
        ),
        (
            "pdf_renamed.xlsx",
            "attune: pdf_renamed.xlsx is not a text file",
        ),
    ];
    for (name, says) in cases {
        let stderr = refused(&hostile(name));
        assert!(stderr.starts_with(says), "{name}: {stderr}");
    }
}

#[test]
fn awkward_but_readable_files_are_forecast() {
    // (file, items, history without negatives)
    let cases = [
        ("bom_crlf.csv", 1, true),
        ("utf16be_bom.txt", 2, true),
        ("semicolon_decimal_comma.csv", 2, true),
        ("wide_50_periods.csv", 20, true),
        ("daily_ten_years.csv", 1, true),
        ("mixed_skus_single_point.csv", 2, true),
        ("workbook_renamed.csv", 1, true),
        ("all_zeros.csv", 1, true),
        ("values_1e308.csv", 1, true),
        ("tiny_values_1e-300.csv", 1, true),
        ("negative_quantities.csv", 1, false),
    ];
    for (name, items, non_negative) in cases {
        let rows = forecast_rows(name, non_negative);
        assert_eq!(rows.len(), items * 6, "{name}");
        assert_eq!(ids(&rows).len(), items, "{name}");
    }
    let rows = forecast_rows("daily_ten_years.csv", true);
    assert_eq!(rows[0][2], "2025-01-01");
    let rows = forecast_rows("all_zeros.csv", true);
    assert!(rows.iter().all(|r| r[3] == "0"), "{rows:?}");
}

#[test]
fn skipped_cells_are_named_on_stderr() {
    let out = run(&hostile("text_in_number_column.csv"));
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    for says in [
        "skipped row 4, column \"Qty\": \"abc\" is not a number",
        "skipped row 16, column \"Qty\": \"#DIV/0!\" is not a number",
        "5 periods without a value",
    ] {
        assert!(stderr.contains(says), "{stderr}");
    }

    let out = run(&hostile("duplicates_overflow.csv"));
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("skipped row 3, column \"Qty\": \"1e308\" would make the total of duplicates_overflow in 2024-01 too large to be a quantity; the row was left out"),
        "{stderr}"
    );
    assert_eq!(forecast_rows("duplicates_overflow.csv", true).len(), 6);
}

#[test]
fn item_names_come_out_as_the_same_text() {
    let rows = forecast_rows("injection_item_names.csv", true);
    // Markup comes out as the same inert text; names a spreadsheet would run as a
    // formula are neutralised with a leading apostrophe (formula injection).
    assert_eq!(
        ids(&rows),
        [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "'=HYPERLINK(\"http://evil\",\"x\")",
            "'@SUM(A1)",
            "'+1",
            "'-1+2",
        ]
    );
    // Written as CSV: the formula is quoted with its quotes doubled.
    let out = run(&hostile("injection_item_names.csv"));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("\n\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",1,2025-01,"),
        "{stdout}"
    );
    let rows = forecast_rows("control_characters.csv", true);
    assert_eq!(ids(&rows), ["\u{1b}[31mRED\u{1b}[0m", "BEL\u{7}\u{8}"]);
}

#[test]
fn a_megabyte_cell_is_named_in_a_short_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big_cell.csv");
    let cell = "X".repeat(1 << 20);
    std::fs::write(
        &path,
        format!("Month,Qty\n2024-01,5\n2024-02,{cell}\n2024-03,7\n2024-04,8\n"),
    )
    .unwrap();
    let out = run(&path);
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "skipped row 3, column \"Qty\": \"{}…\" (1048576 characters) is not a number",
            "X".repeat(60)
        )),
        "{}",
        &stderr[..stderr.len().min(500)]
    );
}
