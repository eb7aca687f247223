//! Sales' pipeline as a demand signal: a pasted CRM export (opportunity, item or family,
//! quantity or value, expected close, probability) becomes the probability-weighted
//! quantity per item and period, which the planner can blend with the statistical
//! forecast — replace it, add it on top, or take the larger — and see as its own line.
//!
//! The export is read like any other table: raw cells first, columns found by their
//! header words, every unusable cell named by row and column.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::consensus::StatisticalLine;
use crate::calendar::{parse_period_column, DateOrder, Granularity, Period};
use crate::import::{column_letter, CellProblem, ImportError, RawTable};
use crate::number::{decide_decimal_mark, parse_number};

/// One open opportunity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Opportunity {
    /// Its name or id in the CRM (the row number when there is none).
    pub id: String,
    /// The item or family it is for.
    pub target: String,
    /// Units, when the export gives them.
    pub quantity: Option<f64>,
    /// Value, when the export gives that instead.
    pub value: Option<f64>,
    /// The expected close period.
    pub close: Period,
    /// Win probability, 0 to 1.
    pub probability: f64,
}

/// The pipeline as read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pipeline {
    /// Usable opportunities.
    pub opportunities: Vec<Opportunity>,
    /// Rows skipped, with the cell and reason.
    pub problems: Vec<CellProblem>,
}

/// How the pipeline signal meets the statistical forecast.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Blend {
    /// The pipeline replaces the statistical forecast where it has a figure.
    Replace,
    /// The pipeline comes on top (new business the history cannot know).
    #[default]
    Add,
    /// The larger of the two.
    Max,
}

impl Blend {
    /// The blended figure for one period.
    #[must_use]
    pub fn apply(self, statistical: f64, pipeline: Option<f64>) -> f64 {
        match (self, pipeline) {
            (_, None) => statistical,
            (Self::Replace, Some(p)) => p,
            (Self::Add, Some(p)) => statistical + p,
            (Self::Max, Some(p)) => statistical.max(p),
        }
    }
}

const ID: [&str; 5] = ["opportunity", "deal", "opp", "name", "id"];
const TARGET: [&str; 8] = [
    "item", "sku", "product", "family", "article", "artikel", "material", "part",
];
const QUANTITY: [&str; 5] = ["qty", "quantity", "units", "menge", "volume"];
const VALUE: [&str; 5] = ["value", "amount", "revenue", "wert", "betrag"];
const CLOSE: [&str; 6] = ["close", "closing", "period", "month", "date", "abschluss"];
const PROBABILITY: [&str; 5] = [
    "probability",
    "prob",
    "%",
    "likelihood",
    "wahrscheinlichkeit",
];

fn find(header: &[String], words: &[&str], taken: &[usize]) -> Option<usize> {
    header.iter().enumerate().find_map(|(i, h)| {
        let h = h.to_lowercase();
        (!taken.contains(&i) && words.iter().any(|w| h.contains(w))).then_some(i)
    })
}

/// Reads a pasted pipeline export (with a header row).
///
/// # Errors
/// [`ImportError::Empty`] for no rows; [`ImportError::NoPeriodColumn`] or
/// [`ImportError::NoQuantityColumn`] when the close date, or both quantity and value, are
/// missing; [`ImportError::NoUsableRows`] when no row is usable.
pub fn read_pipeline(table: &RawTable) -> Result<Pipeline, ImportError> {
    let Some((head, body)) = table.rows.split_first() else {
        return Err(ImportError::Empty);
    };
    let header: Vec<String> = head.cells().map(str::to_string).collect();
    let mut taken = Vec::new();
    let mut pick = |words: &[&str]| {
        let c = find(&header, words, &taken);
        taken.extend(c);
        c
    };
    let probability = pick(&PROBABILITY);
    let quantity = pick(&QUANTITY);
    let value = pick(&VALUE);
    let close = pick(&CLOSE).ok_or(ImportError::NoPeriodColumn)?;
    let target_col = pick(&TARGET);
    let id = pick(&ID);
    if quantity.is_none() && value.is_none() {
        return Err(ImportError::NoQuantityColumn);
    }
    let name = |c: usize| {
        header
            .get(c)
            .filter(|h| !h.is_empty())
            .cloned()
            .unwrap_or_else(|| column_letter(c))
    };
    let numeric: Vec<usize> = [quantity, value, probability]
        .into_iter()
        .flatten()
        .collect();
    let mark = decide_decimal_mark(
        body.iter()
            .flat_map(|r| numeric.iter().map(move |&c| r.cell(c))),
    );
    let closes: Vec<&str> = body.iter().map(|r| r.cell(close)).collect();
    let periods = parse_period_column(&closes, DateOrder::Auto);

    let mut problems = Vec::new();
    let mut opportunities = Vec::new();
    for (i, row) in body.iter().enumerate() {
        let problem = |c: usize, message: String| CellProblem {
            row: row.line,
            column_index: c,
            column: name(c),
            cell: row.cell(c).to_string(),
            message,
        };
        let Some(period) = periods.periods[i] else {
            let reason = periods
                .problems
                .iter()
                .find(|p| p.index == i)
                .map_or_else(|| "is not a period".to_string(), |p| p.reason.clone());
            problems.push(problem(close, reason));
            continue;
        };
        let number =
            |c: Option<usize>, problems: &mut Vec<CellProblem>| -> Result<Option<f64>, ()> {
                let Some(c) = c else { return Ok(None) };
                parse_number(row.cell(c), mark).map_err(|reason| problems.push(problem(c, reason)))
            };
        let (Ok(q), Ok(v), Ok(p)) = (
            number(quantity, &mut problems),
            number(value, &mut problems),
            number(probability, &mut problems),
        ) else {
            continue;
        };
        if q.is_none() && v.is_none() {
            problems.push(problem(
                quantity.or(value).unwrap_or(0),
                "is empty: the opportunity has no quantity or value".to_string(),
            ));
            continue;
        }
        // 40 and 40% and 0.4 all mean 40 %; no probability column means certain.
        let p = p.map_or(1.0, |p| if p > 1.0 { p / 100.0 } else { p });
        if !(0.0..=1.0).contains(&p) {
            problems.push(problem(
                probability.unwrap_or(0),
                "is not a probability between 0 and 100 %".to_string(),
            ));
            continue;
        }
        let Some(target) = target_col.map(|c| row.cell(c)).filter(|t| !t.is_empty()) else {
            problems.push(problem(
                target_col.unwrap_or(0),
                "names no item or family".to_string(),
            ));
            continue;
        };
        opportunities.push(Opportunity {
            id: id
                .map(|c| row.cell(c))
                .filter(|t| !t.is_empty())
                .map_or_else(|| format!("row {}", row.line), str::to_string),
            target: target.to_string(),
            quantity: q,
            value: v,
            close: period,
            probability: p,
        });
    }
    if opportunities.is_empty() {
        return Err(ImportError::NoUsableRows { problems });
    }
    Ok(Pipeline {
        opportunities,
        problems,
    })
}

/// The probability-weighted quantity per target and period (in `bucket` periods). A
/// value-only opportunity is turned into units with `price_of(target)`; without a price
/// it is left out and named in the notes.
#[must_use]
pub fn weighted_demand(
    pipeline: &Pipeline,
    bucket: Granularity,
    price_of: impl Fn(&str) -> Option<f64>,
) -> (BTreeMap<(String, Period), f64>, Vec<String>) {
    let mut signal = BTreeMap::new();
    let mut notes = Vec::new();
    for o in &pipeline.opportunities {
        let units = match (o.quantity, o.value) {
            (Some(q), _) => q,
            (None, Some(v)) => match price_of(&o.target).filter(|p| *p > 0.0) {
                Some(price) => v / price,
                None => {
                    notes.push(format!(
                        "{}: a value without a price for \"{}\"; left out",
                        o.id, o.target
                    ));
                    continue;
                }
            },
            (None, None) => continue,
        };
        let Some(period) = o.close.to_bucket(bucket) else {
            notes.push(format!(
                "{}: closes in {}, which does not fit {} periods; left out",
                o.id,
                o.close,
                bucket.adjective()
            ));
            continue;
        };
        *signal.entry((o.target.clone(), period)).or_insert(0.0) += units * o.probability;
    }
    (signal, notes)
}

/// The pipeline signal for each forecast line, per period of the line (`None` where the
/// pipeline has nothing). Opportunities for an item go to that item; opportunities for a
/// family are split over the family's items in proportion to their statistical forecast
/// in that period (equally when those are all zero).
#[must_use]
pub fn signal_for(
    lines: &[StatisticalLine],
    signal: &BTreeMap<(String, Period), f64>,
) -> Vec<Vec<Option<f64>>> {
    let mut out: Vec<Vec<Option<f64>>> = lines.iter().map(|l| vec![None; l.point.len()]).collect();
    let step = |l: &StatisticalLine, p: Period| {
        l.start
            .steps_until(p)
            .and_then(|s| usize::try_from(s).ok())
            .filter(|s| *s < l.point.len())
    };
    for ((target, period), units) in signal {
        let direct: Vec<usize> = (0..lines.len())
            .filter(|&i| lines[i].item == *target)
            .collect();
        if !direct.is_empty() {
            for i in direct {
                if let Some(s) = step(&lines[i], *period) {
                    *out[i][s].get_or_insert(0.0) += units;
                }
            }
            continue;
        }
        let members: Vec<(usize, usize)> = (0..lines.len())
            .filter(|&i| lines[i].family.as_deref() == Some(target.as_str()))
            .filter_map(|i| step(&lines[i], *period).map(|s| (i, s)))
            .collect();
        let base: f64 = members
            .iter()
            .map(|(i, s)| lines[*i].point[*s].max(0.0))
            .sum();
        for &(i, s) in &members {
            let share = if base > 0.0 {
                lines[i].point[s].max(0.0) / base
            } else {
                1.0 / members.len() as f64
            };
            *out[i][s].get_or_insert(0.0) += units * share;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::text::read_text;

    const EXPORT: &str = "Opportunity\tProduct\tQty\tAmount\tExpected close\tProbability\n\
        Big deal\tPumps\t100\t\t2025-03-15\t40%\n\
        Renewal\tValves\t\t5000\t2025-03-02\t0.9\n\
        Long shot\tPumps\t50\t\t2025-04-20\t10\n\
        Broken\tPumps\tmany\t\t2025-04-20\t10\n";

    #[test]
    fn reads_an_export_and_names_bad_cells() {
        let p = read_pipeline(&read_text(EXPORT)).unwrap();
        assert_eq!(p.opportunities.len(), 3);
        assert_eq!(p.opportunities[0].probability, 0.4);
        assert_eq!(p.opportunities[2].probability, 0.1);
        assert_eq!(p.opportunities[1].value, Some(5000.0));
        assert_eq!(p.problems.len(), 1);
        assert_eq!(
            p.problems[0].to_string(),
            "row 5, column \"Qty\": \"many\" is not a number"
        );
    }

    #[test]
    fn weighted_by_probability_per_month_with_prices_for_values() {
        let p = read_pipeline(&read_text(EXPORT)).unwrap();
        let (signal, notes) =
            weighted_demand(&p, Granularity::Month, |t| (t == "Valves").then_some(50.0));
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(signal[&("Pumps".to_string(), Period::month(2025, 3))], 40.0);
        assert_eq!(signal[&("Pumps".to_string(), Period::month(2025, 4))], 5.0);
        // 5000 / 50 = 100 units at 90 %.
        assert_eq!(
            signal[&("Valves".to_string(), Period::month(2025, 3))],
            90.0
        );
        let (_, notes) = weighted_demand(&p, Granularity::Month, |_| None);
        assert_eq!(notes.len(), 1);
    }

    #[test]
    fn signals_go_to_items_and_families_split_by_forecast() {
        let line = |item: &str, point: &[f64]| StatisticalLine {
            item: item.into(),
            family: Some("Pumps".into()),
            start: Period::month(2025, 3),
            point: point.to_vec(),
        };
        let lines = [line("P-1", &[30.0, 10.0]), line("P-2", &[10.0, 10.0])];
        let mut signal = BTreeMap::new();
        signal.insert(("Pumps".to_string(), Period::month(2025, 3)), 40.0);
        signal.insert(("P-2".to_string(), Period::month(2025, 4)), 5.0);
        signal.insert(("P-2".to_string(), Period::month(2030, 1)), 5.0);
        let out = signal_for(&lines, &signal);
        assert_eq!(out[0], [Some(30.0), None]);
        assert_eq!(out[1], [Some(10.0), Some(5.0)]);
    }

    #[test]
    fn blends() {
        assert_eq!(Blend::Replace.apply(10.0, Some(4.0)), 4.0);
        assert_eq!(Blend::Add.apply(10.0, Some(4.0)), 14.0);
        assert_eq!(Blend::Max.apply(10.0, Some(4.0)), 10.0);
        assert_eq!(Blend::Max.apply(10.0, None), 10.0);
    }

    #[test]
    fn missing_columns_are_errors() {
        assert_eq!(
            read_pipeline(&read_text("Deal\tProduct\tQty\nA\tP\t1\n")),
            Err(ImportError::NoPeriodColumn)
        );
        assert_eq!(
            read_pipeline(&read_text("Deal\tProduct\tClose\nA\tP\t2025-01\n")),
            Err(ImportError::NoQuantityColumn)
        );
        assert_eq!(read_pipeline(&read_text("")), Err(ImportError::Empty));
    }
}
