//! Property tests: invariants that must hold for any input, not just the examples.
#![cfg(not(target_arch = "wasm32"))]

use attune_engine::calendar::{Granularity, Period};
use attune_engine::forecast::{forecast, ForecastSettings, Method, MethodChoice};
use attune_engine::import::import_text;
use attune_engine::number::{parse_number, DecimalMark};
use attune_engine::series::Series;
use proptest::prelude::*;

fn granularity() -> impl Strategy<Value = Granularity> {
    prop_oneof![
        Just(Granularity::Day),
        Just(Granularity::Week),
        Just(Granularity::Month),
        Just(Granularity::Quarter),
        Just(Granularity::Year),
        Just(Granularity::Index),
    ]
}

fn method() -> impl Strategy<Value = MethodChoice> {
    prop_oneof![
        Just(MethodChoice::Auto),
        Just(MethodChoice::Fixed(Method::Naive)),
        Just(MethodChoice::Fixed(Method::SeasonalNaive)),
    ]
}

proptest! {
    /// Whatever the history (finite), the forecast is finite, has the horizon's length,
    /// its intervals are ordered and nested, and it is never negative when the history
    /// is not.
    #[test]
    fn forecasts_are_finite_ordered_and_respect_sign(
        values in prop::collection::vec(prop_oneof![-1e12..1e12f64, 0.0..1e6f64, Just(0.0)], 1..80),
        horizon in 1usize..40,
        season in prop::option::of(1usize..30),
        g in granularity(),
        choice in method(),
        backtest in any::<bool>(),
    ) {
        let series = Series { id: "p".into(), start: Period { granularity: g, ordinal: 740_000 }, values };
        let settings = ForecastSettings { horizon, season_length: season, levels: vec![50.0, 80.0, 99.0], method: choice, backtest };
        let f = forecast(&series, &settings).unwrap();
        prop_assert_eq!(f.point.len(), horizon);
        prop_assert!(f.point.iter().all(|v| v.is_finite()));
        let non_negative = series.values.iter().all(|v| *v >= 0.0);
        for step in 0..horizon {
            let mut prev: Option<(f64, f64)> = None;
            for i in &f.intervals {
                let (lo, hi) = (i.lo[step], i.hi[step]);
                prop_assert!(lo.is_finite() && hi.is_finite());
                prop_assert!(lo <= hi);
                if non_negative {
                    prop_assert!(lo >= 0.0 && f.point[step] >= 0.0);
                }
                if let Some((plo, phi)) = prev {
                    prop_assert!(lo <= plo && hi >= phi, "wider level, wider interval");
                }
                prev = Some((lo, hi));
            }
        }
        prop_assert_eq!(series.start.steps_until(f.start), Some(series.values.len() as i64));
        if let Some(b) = f.backtest {
            prop_assert!(b.accuracy.mae.is_finite() && b.benchmark.mae.is_finite());
            prop_assert!(b.skill.is_none_or(f64::is_finite));
        }
    }

    /// The automatic choice on seasonal histories (the middle of ETS, Theta and seasonal
    /// naive) at any scale, with any sign and noise: finite, ordered and, for a history
    /// that is not negative, not negative.
    #[test]
    fn automatic_seasonal_forecasts_are_finite_at_any_scale(
        m in 2usize..13,
        seasons in 2usize..6,
        exponent in -250i32..250,
        offset in prop_oneof![Just(0.0), Just(3.0), Just(-2.0)],
        noise in prop::collection::vec(-1.0..1.0f64, 72),
        pattern in prop::collection::vec(0.2..2.0f64, 12),
    ) {
        let scale = 10f64.powi(exponent);
        let values: Vec<f64> = (0..m * seasons)
            .map(|i| scale * (offset + pattern[i % m] * (1.0 + 0.01 * i as f64) + 0.3 * noise[i % 72]))
            .collect();
        let series = Series { id: "s".into(), start: Period::month(2020, 1), values };
        let settings = ForecastSettings { horizon: 2 * m, season_length: Some(m), levels: vec![80.0, 95.0], method: MethodChoice::Auto, backtest: false };
        let f = forecast(&series, &settings).unwrap();
        prop_assert!(f.point.iter().all(|v| v.is_finite()));
        let non_negative = series.values.iter().all(|v| *v >= 0.0);
        for i in &f.intervals {
            for step in 0..settings.horizon {
                prop_assert!(i.lo[step].is_finite() && i.hi[step].is_finite());
                prop_assert!(i.lo[step] <= f.point[step] && f.point[step] <= i.hi[step]);
                if non_negative {
                    prop_assert!(i.lo[step] >= 0.0);
                }
            }
        }
    }

    /// Stepping forward n periods and back again returns to the same period, and the
    /// label is stable.
    #[test]
    fn offsets_round_trip(g in granularity(), ordinal in 700_000i64..760_000, n in -500i64..500) {
        let p = Period { granularity: g, ordinal };
        prop_assert_eq!(p.offset(n).offset(-n), p);
        prop_assert_eq!(p.steps_until(p.offset(n)), Some(n));
        prop_assert_eq!(p.offset(n).to_string(), p.offset(n).to_string());
    }

    /// A number written with grouping reads back as itself under its decimal mark.
    #[test]
    fn grouped_numbers_read_back(whole in 0u64..10_000_000_000, cents in 0u32..100) {
        let digits = whole.to_string();
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(c);
        }
        let text = format!("{grouped}.{cents:02}");
        let expected = whole as f64 + f64::from(cents) / 100.0;
        let got = parse_number(&text, DecimalMark::Point).unwrap().unwrap();
        prop_assert!((got - expected).abs() <= expected * 1e-15 + 1e-9, "{} → {}", text, got);
        let swapped: String = text.chars().map(|c| match c { ',' => '.', '.' => ',', c => c }).collect();
        prop_assert_eq!(parse_number(&swapped, DecimalMark::Comma).unwrap().unwrap(), got);
    }

    /// Any text at all: the importer returns a result or an error, never panics, and a
    /// series it returns is finite and gap-free.
    #[test]
    fn import_never_panics(text in "\\PC{0,400}") {
        if let Ok(import) = import_text(&text, "x", None) {
            for item in &import.dataset.items {
                prop_assert!(item.values.iter().flatten().all(|v| v.is_finite()));
                prop_assert!(item.to_series().values.iter().all(|v| v.is_finite()));
            }
            prop_assert!(import.summary.rows_used <= import.summary.rows_read);
        }
    }

    /// Tables of valid rows in any order import to the sum per period.
    #[test]
    fn totals_are_kept(rows in prop::collection::vec((0i64..36, 0u32..1000), 1..60)) {
        let text: String = rows
            .iter()
            .map(|(m, q)| format!("{}\t{q}\n", Period::month(2020, 1).offset(*m)))
            .collect();
        let import = import_text(&text, "x", None).unwrap();
        let total: f64 = rows.iter().map(|(_, q)| f64::from(*q)).sum();
        prop_assert_eq!(import.dataset.items[0].values.iter().flatten().sum::<f64>(), total);
        prop_assert!(import.problems.is_empty());
    }
}

/// How a generated dataset is written out.
#[derive(Debug, Clone, Copy)]
enum Writing {
    Long,
    Wide,
}

fn format_number(v: f64, comma: bool) -> String {
    let text = format!("{v:.2}");
    if comma {
        text.replace('.', ",")
    } else {
        text
    }
}

proptest! {
    /// Round trip: a dataset written in a supported layout, delimiter and decimal mark
    /// reads back as the same numbers per item and period.
    #[test]
    fn written_datasets_read_back(
        items in prop::collection::vec(prop::collection::vec(0u32..100_000, 3..30), 1..6),
        layout in prop_oneof![Just(Writing::Long), Just(Writing::Wide)],
        delimiter in prop_oneof![Just('\t'), Just(';'), Just(','), Just('|')],
        comma in any::<bool>(),
        crlf in any::<bool>(),
    ) {
        // A comma decimal mark inside a comma-delimited file would need quotes; use ';' then.
        let delimiter = if comma && delimiter == ',' { ';' } else { delimiter };
        let len = items.iter().map(Vec::len).max().unwrap_or(0);
        let start = Period::month(2021, 1);
        let eol = if crlf { "\r\n" } else { "\n" };
        let d = delimiter.to_string();
        let mut text = String::new();
        // Values in cents, so that every written number is exact.
        let value = |c: u32| f64::from(c) / 100.0 + 0.25;
        match layout {
            Writing::Long => {
                text.push_str(&["sku", "month", "qty"].join(&d));
                text.push_str(eol);
                for (i, values) in items.iter().enumerate() {
                    for (t, c) in values.iter().enumerate() {
                        let row = [format!("SKU-{i}"), start.offset(t as i64).to_string(), format_number(value(*c), comma)];
                        text.push_str(&row.join(&d));
                        text.push_str(eol);
                    }
                }
            }
            Writing::Wide => {
                let mut header = vec!["Item".to_string()];
                header.extend((0..len).map(|t| start.offset(t as i64).to_string()));
                text.push_str(&header.join(&d));
                text.push_str(eol);
                for (i, values) in items.iter().enumerate() {
                    let mut row = vec![format!("SKU-{i}")];
                    row.extend((0..len).map(|t| values.get(t).map_or(String::new(), |c| format_number(value(*c), comma))));
                    text.push_str(&row.join(&d));
                    text.push_str(eol);
                }
            }
        }
        let import = import_text(&text, "x", None).unwrap();
        prop_assert!(import.problems.is_empty(), "{:?}", import.problems);
        prop_assert_eq!(import.dataset.items.len(), items.len());
        for (i, values) in items.iter().enumerate() {
            let item = &import.dataset.items[i];
            prop_assert_eq!(&item.id, &format!("SKU-{i}"));
            prop_assert_eq!(item.start, start);
            for (t, c) in values.iter().enumerate() {
                let got = item.values[t].unwrap();
                prop_assert!((got - value(*c)).abs() < 1e-9, "item {} period {}: {} vs {}", i, t, got, value(*c));
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Round trip through a workbook: a long table written to XLSX with real Excel dates
    /// and numbers reads back as the same numbers per item and month.
    #[test]
    fn xlsx_workbooks_read_back(
        items in prop::collection::vec(prop::collection::vec(0u32..1_000_000, 2..24), 1..5),
    ) {
        use attune_engine::import::dataset::check;
        use attune_engine::import::mapping::detect;
        use attune_engine::import::read_file;
        use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        let date = Format::new().set_num_format("yyyy-mm-dd");
        for (col, head) in ["SKU", "Month", "Units"].iter().enumerate() {
            sheet.write_string(0, col as u16, *head).unwrap();
        }
        let mut row = 1u32;
        for (i, values) in items.iter().enumerate() {
            for (t, c) in values.iter().enumerate() {
                let (y, m) = (2021 + t / 12, t % 12 + 1);
                let day = ExcelDateTime::from_ymd(y as u16, m as u8, 1).unwrap();
                sheet.write_string(row, 0, format!("SKU-{i}")).unwrap();
                sheet.write_datetime_with_format(row, 1, &day, &date).unwrap();
                sheet.write_number(row, 2, f64::from(*c) / 100.0).unwrap();
                row += 1;
            }
        }
        let bytes = book.save_to_buffer().unwrap();
        let sheets = read_file("round.xlsx", &bytes).unwrap();
        let (_, table) = &sheets[0];
        let import = check(table, &detect(table), "x", None).unwrap();
        prop_assert!(import.problems.is_empty(), "{:?}", import.problems);
        prop_assert_eq!(import.dataset.start, Period::month(2021, 1));
        for (i, values) in items.iter().enumerate() {
            let item = &import.dataset.items[i];
            prop_assert_eq!(&item.id, &format!("SKU-{i}"));
            for (t, c) in values.iter().enumerate() {
                prop_assert_eq!(item.values[t], Some(f64::from(*c) / 100.0));
            }
        }
    }
}
