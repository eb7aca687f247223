//! Scenario tests: every fixture in `testdata/` read the way the app and the CLI read
//! it (bytes → sheets → detected mapping → dataset), with hand-checked numbers.

use attune_engine::calendar::{Granularity, Period};
use attune_engine::import::dataset::{check, DatasetImport, WarningKind};
use attune_engine::import::mapping::{detect, Layout, Role};
use attune_engine::import::read_file;
use attune_engine::number::DecimalMark;

fn read(name: &str) -> DatasetImport {
    let path = format!("{}/../testdata/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap();
    let sheets = read_file(name, &bytes).unwrap();
    let (_, table) = &sheets[0];
    check(table, &detect(table), name, None).unwrap()
}

fn values(d: &DatasetImport, item: usize) -> Vec<f64> {
    d.dataset.items[item]
        .values
        .iter()
        .map(|v| v.unwrap())
        .collect()
}

fn has(d: &DatasetImport, kind: WarningKind) -> bool {
    d.warnings.iter().any(|w| w.kind == kind)
}

#[test]
fn monthly_single_series_csv() {
    let d = read("monthly_pumps.csv");
    assert_eq!(d.mapping.layout, Layout::Single);
    assert_eq!(
        (d.summary.items, d.summary.periods, d.summary.rows_used),
        (1, 24, 24)
    );
    assert_eq!(d.dataset.start, Period::month(2023, 1));
    assert_eq!(values(&d, 0)[..3], [120.0, 135.0, 160.0]);
    assert_eq!(d.dataset.items[0].id, "monthly_pumps.csv");
}

#[test]
fn european_semicolon_csv_with_bom_crlf_and_decimal_commas() {
    let d = read("european_semicolon.csv");
    assert_eq!(d.mapping.decimal_mark, Some(DecimalMark::Comma));
    assert_eq!(
        d.mapping.roles,
        [Role::Item, Role::Period, Role::Quantity, Role::Price]
    );
    assert!(!d.ambiguous_date_order, "dotted dates are day-first");
    assert_eq!(
        (d.summary.items, d.summary.periods, d.summary.rows_skipped),
        (3, 6, 1)
    );
    assert_eq!(
        values(&d, 0),
        [1234.5, 1100.0, 1310.25, 1280.0, 1405.5, 1390.0]
    );
    assert_eq!(d.dataset.items[0].price, Some(12.9));
    // The "k.A." row is skipped (row 9 of the file) and its month counts as a gap.
    assert_eq!(d.problems.len(), 1);
    assert_eq!(d.problems[0].row, 9);
    assert_eq!(values(&d, 1)[1], 0.0);
    assert!(has(&d, WarningKind::Negative) && has(&d, WarningKind::Gaps));
}

#[test]
fn excel_unicode_text_is_utf16_with_month_year_periods() {
    let d = read("excel_unicode_text.txt");
    assert_eq!(d.mapping.decimal_mark, Some(DecimalMark::Comma));
    assert_eq!((d.summary.items, d.summary.periods), (2, 6));
    assert_eq!(d.dataset.start, Period::month(2024, 1));
    // The first data row, decoded by hand: "A-1\t01/2024\t<whole>,<tenths>".
    let bytes = std::fs::read(format!(
        "{}/../testdata/excel_unicode_text.txt",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let units: Vec<u16> = bytes[2..]
        .chunks(2)
        .map(|p| u16::from_le_bytes([p[0], p[1]]))
        .collect();
    let text = String::from_utf16(&units).unwrap();
    let first = text
        .lines()
        .nth(1)
        .unwrap()
        .split('\t')
        .nth(2)
        .unwrap()
        .replace(',', ".");
    assert_eq!(values(&d, 0)[0], first.trim().parse::<f64>().unwrap());
}

#[test]
fn pipe_delimited_erp_export_with_quoted_delimiters() {
    let d = read("erp_pipe.txt");
    assert_eq!(
        d.mapping.roles,
        [Role::Item, Role::Description, Role::Period, Role::Quantity]
    );
    assert_eq!(d.dataset.granularity, Granularity::Quarter);
    assert_eq!(
        d.dataset.items[1].description.as_deref(),
        Some("Valve | DN51")
    );
    assert_eq!((d.summary.items, d.summary.periods), (3, 4));
}

#[test]
fn daily_transactions_are_summed_into_months() {
    let d = read("transactions_daily.csv");
    assert_eq!(d.summary.granularity, Granularity::Day);
    assert_eq!(d.dataset.granularity, Granularity::Month);
    assert_eq!(d.dataset.start, Period::month(2022, 1));
    assert_eq!(d.dataset.end(), Period::month(2024, 6));
    // Customers are summed, not duplicates; the total is kept exactly.
    assert!(!has(&d, WarningKind::Duplicates));
    let text = std::fs::read_to_string(format!(
        "{}/../testdata/transactions_daily.csv",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let total: f64 = text
        .lines()
        .skip(1)
        .map(|l| l.rsplit(',').next().unwrap().parse::<f64>().unwrap())
        .sum();
    let imported: f64 = d
        .dataset
        .items
        .iter()
        .flat_map(|i| i.values.iter().flatten())
        .sum();
    assert_eq!(imported, total);
}

#[test]
fn us_dates_mid_month_with_money_and_parenthesised_returns() {
    let d = read("us_dates_money.csv");
    assert_eq!(d.dataset.granularity, Granularity::Month);
    assert_eq!(
        (d.summary.periods, d.dataset.start),
        (12, Period::month(2024, 1))
    );
    assert_eq!(values(&d, 0)[4], -4.0);
    assert!(has(&d, WarningKind::Negative));
    // The revenue column is not taken for the quantity.
    assert_eq!(d.mapping.roles[1], Role::Quantity);
}

#[test]
fn excel_serial_numbers_are_weekly_dates() {
    let d = read("excel_serial_weekly.csv");
    assert_eq!(d.dataset.granularity, Granularity::Week);
    assert_eq!(d.dataset.start.to_string(), "2024-W01");
    assert_eq!(d.summary.periods, 10);
}
