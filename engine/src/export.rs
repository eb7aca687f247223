//! CSV exports of what a planner takes away: forecasts, the consensus, the aggregate
//! plan. The app's download buttons and the CLI call these, so there is one writer per
//! table and the columns are the same everywhere.
//!
//! Exports are opened in spreadsheets, which run a cell starting with `=`, `+`, `-` or
//! `@` as a formula (CSV injection: an item named `=HYPERLINK(…)` would run on the
//! planner's machine). Every *text* cell that starts with one of those, or with a tab or
//! carriage return, gets a leading `'`, which spreadsheets show as text ([`neutralise`]).
//! Numbers are written as numbers and never changed, so `-5` as a quantity stays `-5`,
//! while an item *named* `-5` is text and becomes `'-5`.
//!
//! Numbers are written in Rust's shortest form that reads back to the same value
//! (`128`, `0.1`, `-12.5`), with `.` as the decimal mark; lines end in `\n`.

use std::borrow::Cow;
use std::fmt;

use crate::forecast::consensus::ConsensusLine;
use crate::forecast::Forecast;
use crate::kpi::{KpiReport, Unit};
use crate::plan::aggregate::AggregatePlan;

/// Why a CSV could not be written (only a failure of the CSV writer itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportError(String);

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the CSV could not be written: {}", self.0)
    }
}

impl std::error::Error for ExportError {}

impl From<csv::Error> for ExportError {
    fn from(e: csv::Error) -> Self {
        Self(e.to_string())
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

/// One cell: text (neutralised) or a number (as is).
enum Cell<'a> {
    Text(&'a str),
    Number(f64),
    Empty,
}

/// Rows of cells into CSV text.
struct Table {
    writer: csv::Writer<Vec<u8>>,
    row: Vec<String>,
}

impl Table {
    fn new(header: &[String]) -> Result<Self, ExportError> {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        writer.write_record(header)?;
        Ok(Self {
            writer,
            row: Vec::with_capacity(header.len()),
        })
    }

    fn write<'a>(&mut self, cells: impl IntoIterator<Item = Cell<'a>>) -> Result<(), ExportError> {
        self.row.clear();
        self.row.extend(cells.into_iter().map(|c| match c {
            Cell::Text(t) => neutralise(t).into_owned(),
            Cell::Number(v) => v.to_string(),
            Cell::Empty => String::new(),
        }));
        self.writer.write_record(&self.row)?;
        Ok(())
    }

    fn finish(self) -> Result<String, ExportError> {
        let bytes = self
            .writer
            .into_inner()
            .map_err(|e| ExportError(e.to_string()))?;
        String::from_utf8(bytes).map_err(|e| ExportError(e.to_string()))
    }
}

/// Forecasts as the CLI writes them (DESIGN.md, "Forecast CLI — fixed contract"):
/// `series_id,step,period,forecast,method`, then `lo_<L>,hi_<L>` for each level in
/// `levels`, one row per series and step (`step` counts from 1). A forecast without an
/// interval at a level (Croston-type methods have none) leaves those cells empty.
///
/// # Errors
///
/// Only if the CSV writer fails.
pub fn forecasts_csv(forecasts: &[Forecast], levels: &[f64]) -> Result<String, ExportError> {
    let mut header: Vec<String> = ["series_id", "step", "period", "forecast", "method"]
        .map(String::from)
        .to_vec();
    for level in levels {
        header.push(format!("lo_{level}"));
        header.push(format!("hi_{level}"));
    }
    let mut table = Table::new(&header)?;
    for f in forecasts {
        let intervals: Vec<_> = levels
            .iter()
            .map(|l| f.intervals.iter().find(|i| i.level == *l))
            .collect();
        for (step, point) in f.point.iter().enumerate() {
            let period = f.period(step).to_string();
            let bounds = intervals.iter().flat_map(|i| {
                let at = |side: &[f64]| side.get(step).map_or(Cell::Empty, |v| Cell::Number(*v));
                match i {
                    Some(i) => [at(&i.lo), at(&i.hi)],
                    None => [Cell::Empty, Cell::Empty],
                }
            });
            table.write(
                [
                    Cell::Text(&f.series_id),
                    Cell::Number((step + 1) as f64),
                    Cell::Text(&period),
                    Cell::Number(*point),
                    Cell::Text(f.method.name()),
                ]
                .into_iter()
                .chain(bounds),
            )?;
        }
    }
    table.finish()
}

/// The consensus side by side: `item,period,statistical,override,consensus`, one row per
/// item and period; `override` is empty where nobody overrode the forecast.
///
/// # Errors
///
/// Only if the CSV writer fails.
pub fn consensus_csv(lines: &[ConsensusLine]) -> Result<String, ExportError> {
    let header = ["item", "period", "statistical", "override", "consensus"].map(String::from);
    let mut table = Table::new(&header)?;
    for line in lines {
        for (i, statistical) in line.statistical.iter().enumerate() {
            let period = line
                .start
                .offset(i64::try_from(i).unwrap_or(i64::MAX))
                .to_string();
            let overridden = line.overridden.get(i).copied().flatten();
            table.write([
                Cell::Text(&line.item),
                Cell::Text(&period),
                Cell::Number(*statistical),
                overridden.map_or(Cell::Empty, Cell::Number),
                line.consensus
                    .get(i)
                    .map_or(Cell::Empty, |c| Cell::Number(*c)),
            ])?;
        }
    }
    table.finish()
}

/// The columns of [`aggregate_plan_csv`] before the costs.
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
///
/// # Errors
///
/// Only if the CSV writer fails.
pub fn aggregate_plan_csv(plan: &AggregatePlan) -> Result<String, ExportError> {
    let mut header: Vec<String> = PLAN_COLUMNS.map(String::from).to_vec();
    header.extend(plan.costs.named().iter().map(|(n, _)| format!("cost_{n}")));
    header.push("total_cost".to_string());
    let mut table = Table::new(&header)?;
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
        table.write(
            std::iter::once(Cell::Text(&p.period))
                .chain(quantities.into_iter().map(Cell::Number))
                .chain(p.costs.named().into_iter().map(|(_, c)| Cell::Number(c)))
                .chain(std::iter::once(Cell::Number(p.total_cost))),
        )?;
    }
    table.write(
        std::iter::once(Cell::Text("Total"))
            .chain((1..PLAN_COLUMNS.len()).map(|_| Cell::Empty))
            .chain(plan.costs.named().into_iter().map(|(_, c)| Cell::Number(c)))
            .chain(std::iter::once(Cell::Number(plan.total_cost))),
    )?;
    table.finish()
}

/// The shared KPIs, one row each: `kpi` (its key), `name`, `value`, `unit` (`percent` or
/// `money`), `amount` (the money behind a percentage), `light` (`green`, `amber`, `red`
/// or empty), `detail`, `rule` (where the light changes), `definition` and `formula`. A
/// KPI without a value (its inputs missing) leaves `value` empty and says why in
/// `detail`.
///
/// # Errors
///
/// Only if the CSV writer fails.
pub fn kpis_csv(report: &KpiReport) -> Result<String, ExportError> {
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
    .map(String::from);
    let mut table = Table::new(&header)?;
    for k in &report.kpis {
        let key = format!("{:?}", k.key);
        let number = |v: Option<f64>| v.map_or(Cell::Empty, Cell::Number);
        table.write([
            Cell::Text(&key),
            Cell::Text(&k.name),
            number(k.value),
            Cell::Text(match k.unit {
                Unit::Percent => "percent",
                Unit::Money => "money",
            }),
            number(k.amount),
            k.light.map_or(Cell::Empty, |l| Cell::Text(l.name())),
            Cell::Text(&k.detail),
            Cell::Text(&k.rule),
            Cell::Text(&k.definition),
            Cell::Text(&k.formula),
        ])?;
    }
    table.finish()
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
