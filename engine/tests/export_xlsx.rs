//! The XLSX exports read back with calamine (the importer's reader) cell by cell against
//! the CSV of the same export: same header, same rows, numbers as numeric cells at full
//! precision, text as strings neutralised exactly as in the CSV, and never a formula.

use std::io::Cursor;

use attune_engine::calendar::Period;
use attune_engine::export::{
    aggregate_plan_sheet, consensus_sheet, csv, forecasts_sheet, kpis_sheet, neutralise, xlsx,
    Cell, Sheet,
};
use attune_engine::forecast::consensus::{ConsensusLine, Source};
use attune_engine::forecast::{forecast, Forecast, ForecastSettings, Method, MethodChoice};
use attune_engine::series::Series;
use calamine::{Data, Reader, Xlsx};

/// Names a spreadsheet would run, or that a careless writer would lose.
const HOSTILE: [&str; 9] = [
    "=1+1",
    "@SUM(A1)",
    "+44 20 7946 0000",
    "-2",
    "\tpump",
    "\rpump",
    "=HYPERLINK(\"http://x.invalid\",\"click\")",
    "pump <&> \"valve\" _x0041_",
    "",
];

fn series(id: &str, values: &[f64]) -> Series {
    Series {
        id: id.to_string(),
        start: Period::month(2024, 1),
        values: values.to_vec(),
    }
}

fn forecasts() -> (Vec<Forecast>, Vec<f64>) {
    let settings = ForecastSettings {
        horizon: 3,
        levels: vec![80.0, 95.0],
        method: MethodChoice::Fixed(Method::Naive),
        ..ForecastSettings::default()
    };
    let mut all: Vec<Forecast> = HOSTILE
        .iter()
        .enumerate()
        .map(|(i, id)| forecast(&series(id, &[1.0, 2.5, -3.0 - i as f64]), &settings).unwrap())
        .collect();
    // Croston has no intervals: its bound cells are empty in both.
    all.push(
        forecast(
            &series("C", &[0.0, 3.0, 0.0, 0.0, 2.0]),
            &ForecastSettings {
                method: MethodChoice::Fixed(Method::Croston),
                ..settings.clone()
            },
        )
        .unwrap(),
    );
    (all, settings.levels)
}

/// The sheet's workbook read back: its one worksheet's name and cells.
fn read_back(sheet: &Sheet<'_>) -> (String, calamine::Range<Data>, Vec<u8>) {
    let bytes = xlsx::workbook(&[sheet]).unwrap();
    let mut book = Xlsx::new(Cursor::new(bytes.clone())).unwrap();
    let names = book.sheet_names();
    assert_eq!(names.len(), 1);
    let range = book.worksheet_range(&names[0]).unwrap();
    let formulas = book.worksheet_formula(&names[0]).unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "no cell of the workbook is a formula"
    );
    (names[0].clone(), range, bytes)
}

/// Every cell of the workbook equals the CSV's field, with the type of the sheet's cell.
fn assert_same_as_csv(sheet: &Sheet<'_>) {
    let (name, range, _) = read_back(sheet);
    assert_eq!(name, sheet.name);
    let text = csv(sheet).unwrap();
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    let records: Vec<::csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), sheet.rows.len() + 1, "the CSV has every row");
    let width = sheet.header.len();
    for (r, record) in records.iter().enumerate() {
        assert_eq!(record.len(), width, "CSV row {r}");
        for (c, field) in record.iter().enumerate() {
            let at = (u32::try_from(r).unwrap(), u32::try_from(c).unwrap());
            let cell = range.get_value(at).unwrap_or(&Data::Empty);
            let source = if r == 0 {
                Cell::text(&sheet.header[c])
            } else {
                sheet.rows[r - 1][c].clone()
            };
            match (&source, cell) {
                (Cell::Number(v), Data::Float(x)) => {
                    assert_eq!(x.to_bits(), v.to_bits(), "row {r} col {c}: full precision");
                    assert_eq!(field.parse::<f64>().unwrap().to_bits(), x.to_bits());
                }
                (Cell::Text(_), Data::String(s)) => assert_eq!(s, field, "row {r} col {c}"),
                (Cell::Text(t), Data::Empty) => assert!(t.is_empty() && field.is_empty()),
                (Cell::Empty, Data::Empty) => assert_eq!(field, "", "row {r} col {c}"),
                (s, x) => panic!("row {r} col {c}: the sheet has {s:?}, the workbook {x:?}"),
            }
        }
    }
    // Nothing beyond the CSV's rows and columns.
    let (height, cols) = range.get_size();
    let end = range.end().unwrap_or((0, 0));
    assert!(end.0 as usize <= sheet.rows.len() && (end.1 as usize) < width.max(1));
    assert!(height <= records.len() && cols <= width);
}

#[test]
fn forecasts_workbook_equals_the_csv_and_neutralises_hostile_names() {
    let (all, levels) = forecasts();
    let sheet = forecasts_sheet(&all, &levels);
    assert_same_as_csv(&sheet);
    let (_, range, _) = read_back(&sheet);
    // Row 1 (after the header) is the item named "=1+1": neutralised text; its history
    // falls to -3, so the naive forecast is the number -3, not text.
    assert_eq!(range.get_value((1, 0)), Some(&Data::String("'=1+1".into())));
    assert_eq!(range.get_value((1, 3)), Some(&Data::Float(-3.0)));
    for (i, hostile) in HOSTILE.iter().enumerate() {
        let row = 1 + 3 * u32::try_from(i).unwrap();
        let want = neutralise(hostile).into_owned();
        match range.get_value((row, 0)) {
            Some(Data::String(s)) => assert_eq!(*s, want),
            other => assert!(hostile.is_empty() && matches!(other, None | Some(Data::Empty))),
        }
    }
    assert_eq!(
        range.get_value((4, 0)),
        Some(&Data::String("'@SUM(A1)".into()))
    );
    assert_eq!(range.get_value((10, 0)), Some(&Data::String("'-2".into())));
    assert_eq!(
        range.get_value((13, 0)),
        Some(&Data::String("'\tpump".into()))
    );
    assert_eq!(
        range.get_value((16, 0)),
        Some(&Data::String("'\rpump".into()))
    );
    assert_eq!(range.get_value((0, 5)), Some(&Data::String("lo_80".into())));
    // For a second reader: `engine/tests/export_openpyxl.py DIR` reads these with openpyxl.
    if let Ok(dir) = std::env::var("ATTUNE_EXPORT_SAMPLE_DIR") {
        std::fs::write(format!("{dir}/forecasts.csv"), csv(&sheet).unwrap()).unwrap();
        std::fs::write(
            format!("{dir}/forecasts.xlsx"),
            xlsx::workbook(&[&sheet]).unwrap(),
        )
        .unwrap();
    }
}

#[test]
fn consensus_workbook_equals_the_csv() {
    let lines = vec![
        ConsensusLine {
            item: "+P1".into(),
            family: None,
            start: Period::quarter(2025, 1),
            statistical: vec![10.0, 12.5, 0.1 + 0.2],
            overridden: vec![None, Some(-20.0), None],
            consensus: vec![10.0, -20.0, 0.1 + 0.2],
            source: vec![
                Source::Statistical,
                Source::ItemOverride,
                Source::Statistical,
            ],
        },
        ConsensusLine {
            item: "Widget, large \"XL\"".into(),
            family: Some("=fam".into()),
            start: Period::month(2024, 11),
            statistical: vec![1e-9, 123_456_789.123_456_78],
            overridden: vec![None, None],
            consensus: vec![1e-9, 123_456_789.123_456_78],
            source: vec![Source::Statistical, Source::Statistical],
        },
    ];
    let sheet = consensus_sheet(&lines);
    assert_same_as_csv(&sheet);
    let (_, range, _) = read_back(&sheet);
    assert_eq!(range.get_value((2, 3)), Some(&Data::Float(-20.0)));
    assert_eq!(range.get_value((3, 2)), Some(&Data::Float(0.1 + 0.2)));
}

#[test]
fn plan_workbook_equals_the_csv() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../testdata/plans/northwind_pumps.attune.json"
    ))
    .unwrap();
    let input = attune_engine::document::read_document(&text)
        .unwrap()
        .aggregate_plan
        .unwrap();
    let model = input.check().unwrap();
    for strategy in [
        attune_engine::plan::aggregate::Strategy::Chase,
        attune_engine::plan::aggregate::Strategy::Level,
    ] {
        let mut plan = model
            .plan(
                strategy,
                &attune_engine::plan::aggregate::PlanOptions::default(),
            )
            .unwrap();
        plan.periods[0].period = "@Jan".into();
        let sheet = aggregate_plan_sheet(&plan);
        assert_eq!(sheet.name, "Aggregate plan");
        assert_same_as_csv(&sheet);
    }
}

#[test]
fn kpis_workbook_equals_the_csv() {
    let inputs = attune_engine::kpi::KpiInputs {
        periods: vec!["Jan".into(), "Feb".into()],
        sales: vec![attune_engine::kpi::SalesLine {
            item: "=Pump".into(),
            price: 10.0,
            margin_per_unit: 4.0,
            demand: vec![100.0, 80.0],
            unmet: vec![10.0, 0.0],
        }],
        ..attune_engine::kpi::KpiInputs::default()
    };
    let report = attune_engine::kpi::kpis(&inputs).unwrap();
    let sheet = kpis_sheet(&report);
    assert_same_as_csv(&sheet);
}

#[test]
fn several_sheets_make_one_workbook_in_order() {
    let (all, levels) = forecasts();
    let a = forecasts_sheet(&all, &levels);
    let b = forecasts_sheet(&all[..1], &levels);
    let bytes = xlsx::workbook(&[&a, &b]).unwrap();
    let mut book = Xlsx::new(Cursor::new(bytes)).unwrap();
    assert_eq!(book.sheet_names(), ["Forecasts", "Forecasts (2)"]);
    let second = book.worksheet_range("Forecasts (2)").unwrap();
    assert_eq!(second.get_size(), (4, 9));
}

#[test]
fn the_same_sheet_makes_the_same_file() {
    let (all, levels) = forecasts();
    let sheet = forecasts_sheet(&all, &levels);
    assert_eq!(
        xlsx::workbook(&[&sheet]).unwrap(),
        xlsx::workbook(&[&sheet]).unwrap()
    );
}

#[test]
fn the_header_is_bold_and_frozen_and_columns_have_widths() {
    let (all, levels) = forecasts();
    let sheet = forecasts_sheet(&all, &levels);
    let bytes = xlsx::workbook(&[&sheet]).unwrap();
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
        &mut xml,
    )
    .unwrap();
    assert!(xml.contains("state=\"frozen\"") && xml.contains("ySplit=\"1\""));
    assert!(xml.contains("<c r=\"A1\" t=\"inlineStr\" s=\"1\">"));
    assert!(xml.contains("<col min=\"1\" max=\"1\" width="));
    assert!(!xml.contains("<f>") && !xml.contains("<f "), "no formulas");
}

#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Any text, as an item's name, reads back as its neutralised self: a string,
        /// never a formula, starting with `'` exactly when a spreadsheet would run it.
        #[test]
        fn any_text_comes_back_neutralised(text in any::<String>(), value in any::<f64>()) {
            let sheet = Sheet {
                name: "Forecasts",
                header: vec!["series_id".into(), "forecast".into()],
                rows: vec![vec![Cell::text(&text), Cell::number(value)]],
            };
            let (_, range, _) = read_back(&sheet);
            let want = neutralise(&text).into_owned();
            match range.get_value((1, 0)) {
                Some(Data::String(s)) => prop_assert_eq!(s, &want),
                other => prop_assert!(want.is_empty() && matches!(other, None | Some(Data::Empty)), "{:?}", other),
            }
            let risky = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
            prop_assert_eq!(want.starts_with('\'') && !text.starts_with('\''), risky);
            match range.get_value((1, 1)) {
                Some(Data::Float(x)) => prop_assert_eq!(x.to_bits(), value.to_bits()),
                other => prop_assert!(!value.is_finite() && matches!(other, None | Some(Data::Empty)), "{:?}", other),
            }
            // The CSV of the same sheet says the same.
            let csv_text = csv(&sheet).unwrap();
            let mut reader = ::csv::ReaderBuilder::new().from_reader(csv_text.as_bytes());
            let record = reader.records().next().unwrap().unwrap();
            prop_assert_eq!(&record[0], want.as_str());
        }
    }
}
