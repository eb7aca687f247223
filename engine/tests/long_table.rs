//! The canonical long table (`Dataset::to_long_table`) read back by the importer gives
//! the same dataset: the `data` section of a document depends on it.
#![cfg(not(target_arch = "wasm32"))]

use attune_engine::calendar::{Granularity, NaiveDate, Period};
use attune_engine::document::{read_document, DataSection, Document};
use attune_engine::import::dataset::{check, Dataset, ItemSeries};
use attune_engine::import::mapping::{detect, GapFill};
use attune_engine::import::text::read_text;
use attune_engine::import::{import_text, read_file};
use proptest::prelude::*;

/// The first period of a generated dataset, of every granularity the importer makes
/// (weeks starting on Monday are ISO weeks; on Sunday they are named by their date).
fn start() -> impl Strategy<Value = Period> {
    let day = (0i64..6000)
        .prop_map(|d| NaiveDate::from_ymd_opt(2012, 1, 1).unwrap() + chrono::TimeDelta::days(d));
    prop_oneof![
        day.prop_map(Period::day),
        (0i64..800).prop_map(|w| {
            // 2012-01-02 is a Monday, 2012-01-01 a Sunday.
            let monday = NaiveDate::from_ymd_opt(2012, 1, 2).unwrap();
            Period::week_starting(monday + chrono::TimeDelta::weeks(w))
        }),
        (0i64..800).prop_map(|w| {
            let sunday = NaiveDate::from_ymd_opt(2012, 1, 1).unwrap();
            Period::week_starting(sunday + chrono::TimeDelta::weeks(w))
        }),
        (1990i32..2040, 1u32..=12).prop_map(|(y, m)| Period::month(y, m)),
        (1990i32..2040, 1u32..=4).prop_map(|(y, q)| Period::quarter(y, q)),
        (1950i32..2150).prop_map(Period::year),
        (1i64..1000).prop_map(Period::index),
    ]
}

/// Quantities as they come: zeros, whole numbers, decimals, returns, large figures.
fn quantity() -> impl Strategy<Value = f64> {
    prop_oneof![
        Just(0.0),
        (0u32..100_000).prop_map(f64::from),
        (0u32..10_000_000).prop_map(|c| f64::from(c) / 1000.0),
        (-1_000i32..0).prop_map(|c| f64::from(c) / 4.0),
        -1e13..1e13f64,
        (1e-9..1.0f64),
    ]
}

/// Item ids with the characters that trip a table up: delimiters, quotes, signs,
/// numbers and periods, letters beyond ASCII.
fn id_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Z]{1,3}-[0-9]{1,4}",
        "[A-Za-z0-9 ÄéЖ,;|\"'@=+./-]{0,12}",
        Just("2024-01".to_string()),
        Just("12345".to_string()),
        Just("-5".to_string()),
    ]
}

fn family() -> impl Strategy<Value = Option<String>> {
    prop::option::of(prop_oneof![
        Just("Pumps".to_string()),
        Just("Valves, DN50".to_string()),
        Just("\"Q\" line; spare".to_string()),
        Just("Ventile|Zubehör".to_string()),
    ])
}

fn price() -> impl Strategy<Value = Option<f64>> {
    prop::option::of(prop_oneof![
        (0u32..100_000).prop_map(|c| f64::from(c) / 100.0),
        (0u32..1000).prop_map(f64::from),
    ])
}

/// One item before it is placed: id text, family, description, price, cost, how many
/// periods after the dataset's start it begins, and its values.
type RawItem = (
    String,
    Option<String>,
    Option<String>,
    Option<f64>,
    Option<f64>,
    usize,
    Vec<Option<f64>>,
);

fn raw_item(missing: bool) -> impl Strategy<Value = RawItem> {
    let value = if missing {
        prop::option::weighted(0.7, quantity()).boxed()
    } else {
        quantity().prop_map(Some).boxed()
    };
    (
        id_text(),
        family(),
        prop::option::of(prop_oneof![
            Just("Pumpe, groß".to_string()),
            Just("Line\nbreak".to_string())
        ]),
        price(),
        price(),
        0usize..12,
        prop::collection::vec(value, 40),
    )
}

/// A dataset as the importer would make it: every item starts with a value, runs to the
/// dataset's last period, and some item has a value there; without `missing`, every
/// value is there.
fn dataset(missing: bool) -> impl Strategy<Value = Dataset> {
    (
        start(),
        2usize..30,
        prop::collection::vec(raw_item(missing), 1..6),
    )
        .prop_map(|(start, periods, raw)| {
            let lowest = raw.iter().map(|r| r.5).min().unwrap_or(0);
            let mut items: Vec<ItemSeries> = raw
                .into_iter()
                .enumerate()
                .map(
                    |(i, (id, family, description, price, unit_cost, offset, values))| {
                        let offset = (offset - lowest).min(periods - 1);
                        let mut values: Vec<Option<f64>> = values[..periods - offset].to_vec();
                        values[0].get_or_insert(1.0);
                        // Unique, no spaces at either end, never empty.
                        let id = format!("{}{i}", id.trim_start());
                        ItemSeries {
                            id,
                            family,
                            description,
                            start: start.offset(offset as i64),
                            values,
                            price,
                            unit_cost,
                        }
                    },
                )
                .collect();
            if let Some(last) = items[0].values.last_mut() {
                last.get_or_insert(2.0);
            }
            Dataset {
                granularity: start.granularity,
                start,
                periods,
                items,
            }
        })
}

/// The dataset read back from its long table the way a document reads it: gaps are
/// missing, the bucket is the dataset's own.
fn read_back_missing(text: &str, granularity: Granularity) -> Dataset {
    let table = read_text(text);
    let mut mapping = detect(&table);
    mapping.gaps = GapFill::Missing;
    mapping.bucket = Some(granularity);
    let import = check(&table, &mapping, "unused", None).unwrap();
    assert!(import.problems.is_empty(), "{:?}", import.problems);
    import.dataset
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Without gaps, the plain importer reads the table back as the same dataset.
    #[test]
    fn long_tables_read_back_as_the_same_dataset(d in dataset(false)) {
        let text = d.to_long_table();
        let import = import_text(&text, "unused", None);
        prop_assert!(import.is_ok(), "{:?}\n{}", import, text);
        let import = import.unwrap();
        prop_assert!(import.problems.is_empty(), "{:?}\n{}", import.problems, text);
        prop_assert_eq!(&import.dataset, &d, "{}", text);
    }

    /// With gaps, the importer told that gaps are missing (and the bucket) reads the
    /// table back as the same dataset, gaps included.
    #[test]
    fn long_tables_with_gaps_read_back(d in dataset(true)) {
        let text = d.to_long_table();
        prop_assert_eq!(&read_back_missing(&text, d.granularity), &d, "{}", text);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    /// A dataset saved in a document's data section comes back the same through JSON,
    /// and the JSON the app writes is written again byte for byte.
    #[test]
    fn a_saved_dataset_comes_back_through_the_document(d in dataset(true)) {
        let doc = Document {
            data: Some(DataSection::from_dataset(&d)),
            ..Document::default()
        };
        let json = doc.to_json().unwrap();
        let again = read_document(&json);
        prop_assert!(again.is_ok(), "{:?}\n{}", again, json);
        let again = again.unwrap();
        prop_assert_eq!(&again, &doc);
        prop_assert_eq!(again.to_json().unwrap(), json);
        let data = again.data.unwrap().dataset().unwrap().dataset;
        prop_assert_eq!(&data, &d);
    }
}

/// Every fixture the importer reads, written and read back.
#[test]
fn fixtures_read_back_as_the_same_dataset() {
    let dir = format!("{}/../testdata", env!("CARGO_MANIFEST_DIR"));
    let names = [
        "monthly_pumps.csv",
        "european_semicolon.csv",
        "excel_serial_weekly.csv",
        "excel_unicode_text.txt",
        "transactions_daily.csv",
        "us_dates_money.csv",
        "erp_pipe.txt",
        "workbooks/monthly.xlsx",
        "workbooks/monthly.ods",
        "workbooks/monthly.xls",
    ];
    for name in names {
        let bytes = std::fs::read(format!("{dir}/{name}")).unwrap();
        let sheets = read_file(name, &bytes).unwrap();
        let (_, table) = sheets.iter().find(|(_, t)| !t.rows.is_empty()).unwrap();
        let original = check(table, &detect(table), name, None).unwrap().dataset;
        let text = original.to_long_table();
        let again = import_text(&text, "unused", None).unwrap();
        assert!(again.problems.is_empty(), "{name}: {:?}", again.problems);
        assert_eq!(again.dataset, original, "{name}:\n{text}");
        assert_eq!(
            read_back_missing(&text, original.granularity),
            original,
            "{name}"
        );
    }
}

#[test]
fn the_table_is_what_a_planner_would_type() {
    let d = import_text(
        "family,sku,month,units,price\nPumps,P1,2024-01,5,10.50\nPumps,P1,2024-02,6.25,11\nValves,\"V,1\",2024-02,0,\n",
        "x",
        None,
    )
    .unwrap()
    .dataset;
    assert_eq!(
        d.to_long_table(),
        "SKU\tFamily\tPrice\tPeriod\tQuantity\n\
         P1\tPumps\t11\t2024-01\t5\n\
         P1\tPumps\t\t2024-02\t6.25\n\
         \"V,1\"\tValves\t\t2024-02\t0\n"
    );
}

/// A daily sheet where one product started selling late stays daily: the rows cover
/// every day each product was on sale.
#[test]
fn a_late_launch_does_not_make_a_daily_sheet_sparse() {
    let mut text = String::from("sku\tdate\tqty\n");
    let first = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    for d in 0..100 {
        let day = first + chrono::TimeDelta::days(d);
        text.push_str(&format!("A\t{}\t{}\n", day.format("%Y-%m-%d"), d % 7));
    }
    text.push_str("B\t2024-04-09\t3\n");
    let d = import_text(&text, "x", None).unwrap();
    assert_eq!(d.dataset.granularity, Granularity::Day);
}
