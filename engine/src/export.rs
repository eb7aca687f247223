//! Exports of what a planner takes away: forecasts, the consensus, the aggregate plan and
//! the KPIs, as CSV and as XLSX workbooks. The app's download buttons and the CLI call
//! these, so the columns are the same everywhere.
//!
//! Each export is first a [`Sheet`]: a header and rows of [`Cell`]s, text or number. The
//! two writers, [`csv`] and [`xlsx::workbook`], only lay the same sheet out in their
//! format, so a CSV and a workbook of the same export cannot disagree on a row, a column
//! or a value.
//!
//! Exports are opened in spreadsheets, which run a cell starting with `=`, `+`, `-` or
//! `@` as a formula (CSV injection: an item named `=HYPERLINK(…)` would run on the
//! planner's machine). Every *text* cell that starts with one of those, or with a tab or
//! carriage return, gets a leading `'`, which spreadsheets show as text ([`neutralise`]).
//! Both writers neutralise text the same way, so a workbook's cell reads exactly as the
//! CSV's. Numbers are written as numbers and never changed, so `-5` as a quantity stays
//! the number `-5`, while an item *named* `-5` is text and becomes `'-5`. A number that
//! is not finite (none should reach an export) is written as an empty cell, never as
//! `NaN`.
//!
//! Numbers are written in Rust's shortest form that reads back to the same value
//! (`128`, `0.1`, `-12.5`), with `.` as the decimal mark; CSV lines end in `\n`.

use std::borrow::Cow;
use std::fmt;

use crate::forecast::consensus::ConsensusLine;
use crate::forecast::Forecast;
use crate::kpi::{KpiReport, Unit};
use crate::plan::aggregate::AggregatePlan;

pub mod xlsx;

/// Why an export could not be written (only a failure of a writer itself: every sheet
/// can be written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportError {
    /// The format: "CSV" or "XLSX workbook".
    format: &'static str,
    /// What went wrong, from the writer.
    why: String,
}

impl ExportError {
    pub(crate) fn new(format: &'static str, why: impl fmt::Display) -> Self {
        Self {
            format,
            why: why.to_string(),
        }
    }
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the {} could not be written: {}", self.format, self.why)
    }
}

impl std::error::Error for ExportError {}

impl From<csv::Error> for ExportError {
    fn from(e: csv::Error) -> Self {
        Self::new("CSV", e)
    }
}

/// A text cell made safe to open in a spreadsheet: a leading `'` when it starts with
/// `=`, `+`, `-`, `@`, a tab or a carriage return; otherwise unchanged.
#[must_use]
pub fn neutralise(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// One cell of an export, before a writer lays it out.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    /// Text, as the planner typed or the engine named it (writers [`neutralise`] it).
    Text(Cow<'a, str>),
    /// A finite number, written as a number.
    Number(f64),
    /// Nothing.
    Empty,
}

impl<'a> Cell<'a> {
    /// A number cell; empty when `value` is not finite (so no `NaN` reaches a file).
    #[must_use]
    pub fn number(value: f64) -> Self {
        if value.is_finite() {
            Self::Number(value)
        } else {
            Self::Empty
        }
    }

    /// A number cell, empty for `None` (or a value that is not finite).
    #[must_use]
    pub fn maybe(value: Option<f64>) -> Self {
        value.map_or(Self::Empty, Self::number)
    }

    /// A text cell borrowing `text`.
    #[must_use]
    pub fn text(text: &'a str) -> Self {
        Self::Text(Cow::Borrowed(text))
    }

    /// A text cell owning `text`.
    #[must_use]
    pub fn owned(text: String) -> Self {
        Self::Text(Cow::Owned(text))
    }

    /// The cell as a CSV field: text neutralised, a number in its shortest form.
    #[must_use]
    pub fn field(&self) -> Cow<'_, str> {
        match self {
            Self::Text(t) => neutralise(t),
            Self::Number(v) => Cow::Owned(v.to_string()),
            Self::Empty => Cow::Borrowed(""),
        }
    }
}

/// One export as a table: the source of truth for the CSV and the workbook.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet<'a> {
    /// The workbook sheet's name ("Forecasts"); at most 31 characters, none of
    /// `[]:*?/\`, as spreadsheets require.
    pub name: &'static str,
    /// The column names.
    pub header: Vec<String>,
    /// The rows, each as wide as the header.
    pub rows: Vec<Vec<Cell<'a>>>,
}

/// The sheet as CSV text: the header, then one line per row.
///
/// # Errors
///
/// Only if the CSV writer fails.
pub fn csv(sheet: &Sheet<'_>) -> Result<String, ExportError> {
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let mut fields: Vec<Cow<'_, str>> = Vec::with_capacity(sheet.header.len());
    fields.extend(sheet.header.iter().map(|h| neutralise(h)));
    writer.write_record(fields.iter().map(|f| f.as_bytes()))?;
    for row in &sheet.rows {
        fields.clear();
        fields.extend(row.iter().map(Cell::field));
        writer.write_record(fields.iter().map(|f| f.as_bytes()))?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| ExportError::new("CSV", e))?;
    String::from_utf8(bytes).map_err(|e| ExportError::new("CSV", e))
}

/// Forecasts as the CLI writes them (DESIGN.md, "Forecast CLI — fixed contract"):
/// `series_id,step,period,forecast,method`, then `lo_<L>,hi_<L>` for each level in
/// `levels`, one row per series and step (`step` counts from 1). A forecast without an
/// interval at a level (Croston-type methods have none) leaves those cells empty.
#[must_use]
pub fn forecasts_sheet<'a>(forecasts: &'a [Forecast], levels: &[f64]) -> Sheet<'a> {
    let mut header: Vec<String> = ["series_id", "step", "period", "forecast", "method"]
        .map(String::from)
        .to_vec();
    for level in levels {
        header.push(format!("lo_{level}"));
        header.push(format!("hi_{level}"));
    }
    let mut rows = Vec::with_capacity(forecasts.iter().map(|f| f.point.len()).sum());
    for f in forecasts {
        let intervals: Vec<_> = levels
            .iter()
            .map(|l| f.intervals.iter().find(|i| i.level == *l))
            .collect();
        for (step, point) in f.point.iter().enumerate() {
            let mut row = Vec::with_capacity(header.len());
            row.extend([
                Cell::text(&f.series_id),
                Cell::number((step + 1) as f64),
                Cell::owned(f.period(step).to_string()),
                Cell::number(*point),
                Cell::text(f.method.name()),
            ]);
            for i in &intervals {
                let at = |side: &[f64]| Cell::maybe(side.get(step).copied());
                match i {
                    Some(i) => row.extend([at(&i.lo), at(&i.hi)]),
                    None => row.extend([Cell::Empty, Cell::Empty]),
                }
            }
            rows.push(row);
        }
    }
    Sheet {
        name: "Forecasts",
        header,
        rows,
    }
}

/// [`forecasts_sheet`] as CSV.
///
/// # Errors
///
/// Only if the CSV writer fails.
pub fn forecasts_csv(forecasts: &[Forecast], levels: &[f64]) -> Result<String, ExportError> {
    csv(&forecasts_sheet(forecasts, levels))
}

/// The consensus side by side: `item,period,statistical,override,consensus`, one row per
/// item and period; `override` is empty where nobody overrode the forecast.
#[must_use]
pub fn consensus_sheet(lines: &[ConsensusLine]) -> Sheet<'_> {
    let header = ["item", "period", "statistical", "override", "consensus"]
        .map(String::from)
        .to_vec();
    let mut rows = Vec::new();
    for line in lines {
        for (i, statistical) in line.statistical.iter().enumerate() {
            let period = line
                .start
                .offset(i64::try_from(i).unwrap_or(i64::MAX))
                .to_string();
            rows.push(vec![
                Cell::text(&line.item),
                Cell::owned(period),
                Cell::number(*statistical),
                Cell::maybe(line.overridden.get(i).copied().flatten()),
                Cell::maybe(line.consensus.get(i).copied()),
            ]);
        }
    }
    Sheet {
        name: "Consensus",
        header,
        rows,
    }
}

/// [`consensus_sheet`] as CSV.
///
/// # Errors
///
/// Only if the CSV writer fails.
pub fn consensus_csv(lines: &[ConsensusLine]) -> Result<String, ExportError> {
    csv(&consensus_sheet(lines))
}

/// The columns of [`aggregate_plan_sheet`] before the costs.
const PLAN_COLUMNS: [&str; 12] = [
    "period",
    "demand",
    "workforce",
    "hired",
    "laid_off",
    "overtime_hours",
    "production",
    "regular_units",
    "overtime_units",
    "subcontract",
    "inventory",
    "backlog",
];

/// An aggregate plan per period, with the field names of the CLI's JSON: `period`,
/// `demand`, `workforce`, `hired`, `laid_off`, `overtime_hours`, `production`,
/// `regular_units`, `overtime_units`, `subcontract`, `inventory`, `backlog`, then the cost
/// of each term (`cost_regular`, `cost_overtime`, `cost_hire`, `cost_layoff`,
/// `cost_holding`, `cost_backlog`, `cost_material`, `cost_subcontract`) and
/// `total_cost`. A last row, `Total`, sums the costs over the horizon. A plan without
/// rows (infeasible, unbounded) gives the header and the total row only.
#[must_use]
pub fn aggregate_plan_sheet(plan: &AggregatePlan) -> Sheet<'_> {
    let mut header: Vec<String> = PLAN_COLUMNS.map(String::from).to_vec();
    header.extend(plan.costs.named().iter().map(|(n, _)| format!("cost_{n}")));
    header.push("total_cost".to_string());
    let mut rows = Vec::with_capacity(plan.periods.len() + 1);
    for p in &plan.periods {
        let quantities = [
            p.demand,
            p.workforce,
            p.hired,
            p.laid_off,
            p.overtime_hours,
            p.production,
            p.regular_units,
            p.overtime_units,
            p.subcontract,
            p.inventory,
            p.backlog,
        ];
        rows.push(
            std::iter::once(Cell::text(&p.period))
                .chain(quantities.into_iter().map(Cell::number))
                .chain(p.costs.named().into_iter().map(|(_, c)| Cell::number(c)))
                .chain(std::iter::once(Cell::number(p.total_cost)))
                .collect(),
        );
    }
    rows.push(
        std::iter::once(Cell::text("Total"))
            .chain((1..PLAN_COLUMNS.len()).map(|_| Cell::Empty))
            .chain(plan.costs.named().into_iter().map(|(_, c)| Cell::number(c)))
            .chain(std::iter::once(Cell::number(plan.total_cost)))
            .collect(),
    );
    Sheet {
        name: "Aggregate plan",
        header,
        rows,
    }
}

/// [`aggregate_plan_sheet`] as CSV.
///
/// # Errors
///
/// Only if the CSV writer fails.
pub fn aggregate_plan_csv(plan: &AggregatePlan) -> Result<String, ExportError> {
    csv(&aggregate_plan_sheet(plan))
}

/// The shared KPIs, one row each: `kpi` (its key), `name`, `value`, `unit` (`percent` or
/// `money`), `amount` (the money behind a percentage), `light` (`green`, `amber`, `red`
/// or empty), `detail`, `rule` (where the light changes), `definition` and `formula`. A
/// KPI without a value (its inputs missing) leaves `value` empty and says why in
/// `detail`.
#[must_use]
pub fn kpis_sheet(report: &KpiReport) -> Sheet<'_> {
    let header = [
        "kpi",
        "name",
        "value",
        "unit",
        "amount",
        "light",
        "detail",
        "rule",
        "definition",
        "formula",
    ]
    .map(String::from)
    .to_vec();
    let rows = report
        .kpis
        .iter()
        .map(|k| {
            vec![
                Cell::owned(format!("{:?}", k.key)),
                Cell::text(&k.name),
                Cell::maybe(k.value),
                Cell::text(match k.unit {
                    Unit::Percent => "percent",
                    Unit::Money => "money",
                }),
                Cell::maybe(k.amount),
                k.light.map_or(Cell::Empty, |l| Cell::text(l.name())),
                Cell::text(&k.detail),
                Cell::text(&k.rule),
                Cell::text(&k.definition),
                Cell::text(&k.formula),
            ]
        })
        .collect();
    Sheet {
        name: "KPIs",
        header,
        rows,
    }
}

/// [`kpis_sheet`] as CSV.
///
/// # Errors
///
/// Only if the CSV writer fails.
pub fn kpis_csv(report: &KpiReport) -> Result<String, ExportError> {
    csv(&kpis_sheet(report))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Period;
    use crate::forecast::consensus::Source;
    use crate::forecast::{forecast, ForecastSettings, Method, MethodChoice};
    use crate::series::Series;

    #[test]
    fn formula_starts_are_neutralised_and_nothing_else() {
        for (cell, out) in [
            ("=1+1", "'=1+1"),
            ("+49 30 1234", "'+49 30 1234"),
            ("-5", "'-5"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tpump", "'\tpump"),
            ("\rpump", "'\rpump"),
            ("P-1", "P-1"),
            ("pump = good", "pump = good"),
            ("'quoted", "'quoted"),
            ("", ""),
        ] {
            assert_eq!(neutralise(cell), out, "{cell:?}");
        }
    }

    fn series(id: &str, values: &[f64]) -> Series {
        Series {
            id: id.to_string(),
            start: Period::month(2024, 1),
            values: values.to_vec(),
        }
    }

    #[test]
    fn forecasts_keep_the_cli_columns_and_neutralise_names_not_numbers() {
        let settings = ForecastSettings {
            horizon: 2,
            levels: vec![80.0],
            method: MethodChoice::Fixed(Method::Naive),
            ..ForecastSettings::default()
        };
        let a = forecast(&series("-5", &[-3.0, -4.0, -5.0]), &settings).unwrap();
        let b = forecast(&series("=cmd|' /C calc'!A0", &[1.0, 2.0]), &settings).unwrap();
        let croston = forecast(
            &series("C", &[0.0, 3.0, 0.0, 0.0, 2.0]),
            &ForecastSettings {
                method: MethodChoice::Fixed(Method::Croston),
                ..settings.clone()
            },
        )
        .unwrap();
        let csv = forecasts_csv(&[a, b, croston], &settings.levels).unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(
            lines[0],
            "series_id,step,period,forecast,method,lo_80,hi_80"
        );
        let first: Vec<&str> = lines[1].split(',').collect();
        assert_eq!(&first[..5], ["'-5", "1", "2024-04", "-5", "naive"]);
        assert!(
            first[5].starts_with('-'),
            "a negative bound stays a number: {}",
            first[5]
        );
        assert!(
            lines[3].starts_with("'=cmd|' /C calc'!A0,1,2024-03,2,naive,"),
            "{}",
            lines[3]
        );
        // Croston has no intervals: empty cells keep every row as wide as the header.
        assert!(
            lines[5].starts_with("C,1,2024-06,") && lines[5].ends_with(",croston,,"),
            "{}",
            lines[5]
        );
        assert_eq!(lines.len(), 7);
    }

    #[test]
    fn consensus_rows_show_where_sales_overrode() {
        let line = ConsensusLine {
            item: "+P1".into(),
            family: None,
            start: Period::quarter(2025, 1),
            statistical: vec![10.0, 12.5],
            overridden: vec![None, Some(20.0)],
            consensus: vec![10.0, 20.0],
            source: vec![Source::Statistical, Source::ItemOverride],
        };
        assert_eq!(
            consensus_csv(&[line]).unwrap(),
            "item,period,statistical,override,consensus\n'+P1,2025-Q1,10,,10\n'+P1,2025-Q2,12.5,20,20\n"
        );
    }

    #[test]
    fn an_aggregate_plan_has_every_field_and_cost_and_a_total() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../testdata/plans/northwind_pumps.attune.json"
        ))
        .unwrap();
        let input = crate::document::read_document(&text)
            .unwrap()
            .aggregate_plan
            .unwrap();
        let model = input.check().unwrap();
        let mut plan = model
            .plan(
                crate::plan::aggregate::Strategy::Chase,
                &crate::plan::aggregate::PlanOptions::default(),
            )
            .unwrap();
        plan.periods[0].period = "@Jan".into();
        let csv = aggregate_plan_csv(&plan).unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(
            lines[0],
            "period,demand,workforce,hired,laid_off,overtime_hours,production,regular_units,overtime_units,subcontract,inventory,backlog,cost_regular,cost_overtime,cost_hire,cost_layoff,cost_holding,cost_backlog,cost_material,cost_subcontract,total_cost"
        );
        assert_eq!(lines.len(), plan.periods.len() + 2);
        assert!(lines[1].starts_with("'@Jan,2200,"), "{}", lines[1]);
        let total: Vec<&str> = lines.last().unwrap().split(',').collect();
        assert_eq!(total[0], "Total");
        assert_eq!(total[20].parse::<f64>().unwrap(), plan.total_cost);
        let summed: f64 = lines[1..lines.len() - 1]
            .iter()
            .map(|l| l.split(',').nth(20).unwrap().parse::<f64>().unwrap())
            .sum();
        assert!((summed - plan.total_cost).abs() < 1e-6 * plan.total_cost.max(1.0));
    }

    #[test]
    fn kpis_one_row_each_with_their_light_and_formula() {
        let inputs = crate::kpi::KpiInputs {
            periods: vec!["Jan".into()],
            sales: vec![crate::kpi::SalesLine {
                item: "=Pump".into(),
                price: 10.0,
                margin_per_unit: 4.0,
                demand: vec![100.0],
                unmet: vec![10.0],
            }],
            ..crate::kpi::KpiInputs::default()
        };
        let report = crate::kpi::kpis(&inputs).unwrap();
        let csv = kpis_csv(&report).unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 1 + report.kpis.len());
        assert!(lines[0].starts_with("kpi,name,value,unit,amount,light,detail"));
        let fill = lines.iter().find(|l| l.starts_with("FillRate,")).unwrap();
        assert!(
            fill.starts_with("FillRate,Projected fill rate,90,percent,,red,"),
            "{fill}"
        );
        let risk = lines
            .iter()
            .find(|l| l.starts_with("RevenueAtRisk,"))
            .unwrap();
        assert!(risk.contains(",10,percent,100,"), "{risk}");
        // A KPI without its inputs: no value, the reason in the detail.
        let wape = lines
            .iter()
            .find(|l| l.starts_with("ForecastWape,"))
            .unwrap();
        assert!(
            wape.starts_with("ForecastWape,Forecast error (WAPE),,percent,,,"),
            "{wape}"
        );
    }
}
