//! Checking a raw table into a [`Dataset`]: one history per item on a common calendar,
//! with every problem and warning a planner should see.
//!
//! The table is read under a [`ColumnMapping`] (detected, then possibly changed by the
//! user). Rows with a bad period or quantity are skipped and named; a bad cell in a wide
//! sheet costs only that cell. Rows are summed into the chosen bucket (transactions into
//! weeks or months), duplicates are summed and counted, returns are kept and flagged,
//! gaps are filled as the user chose, and likely outliers, short histories and future
//! periods are flagged — never changed.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::mapping::{ColumnMapping, GapFill, Layout, Role};
use super::{column_letter, CellProblem, ImportError, RawRow, RawTable, MAX_PERIODS};
use crate::calendar::{parse_period_column, Granularity, Period};
use crate::number::{decide_decimal_mark, parse_number};
use crate::plural;
use crate::series::Series;

/// One item's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemSeries {
    /// The item (with its location, `item @ location`, when there is a location column).
    pub id: String,
    /// Its family, when the table has one.
    pub family: Option<String>,
    /// Its description, when the table has one.
    pub description: Option<String>,
    /// The period of `values[0]`: the item's first row.
    pub start: Period,
    /// One value per period up to the dataset's last period; `None` is missing (only with
    /// [`GapFill::Missing`]).
    pub values: Vec<Option<f64>>,
    /// Selling price per unit (the last one given).
    pub price: Option<f64>,
    /// Cost per unit (the last one given).
    pub unit_cost: Option<f64>,
}

impl ItemSeries {
    /// The history as a gap-free [`Series`] for forecasting: missing periods are bridged
    /// by a straight line between their neighbours (carried flat at the end).
    #[must_use]
    pub fn to_series(&self) -> Series {
        let mut values = Vec::with_capacity(self.values.len());
        let mut last: Option<(usize, f64)> = None;
        for (i, v) in self.values.iter().enumerate() {
            if let Some(v) = *v {
                if let Some((j, prev)) = last {
                    for k in j + 1..i {
                        let t = (k - j) as f64 / (i - j) as f64;
                        let mut x = prev + (v - prev) * t;
                        if !x.is_finite() {
                            // `v - prev` overflows between values of opposite sign near
                            // the float limit; the weighted sum does not.
                            x = (prev * (1.0 - t) + v * t).clamp(f64::MIN, f64::MAX);
                        }
                        values.push(x);
                    }
                }
                values.push(v);
                last = Some((i, v));
            }
        }
        if let Some((j, prev)) = last {
            values.extend(std::iter::repeat_n(prev, self.values.len() - 1 - j));
        }
        Series {
            id: self.id.clone(),
            start: self.start,
            values,
        }
    }

    /// The total of the last `periods` values given (missing ones count as nothing): the
    /// item's recent volume, for ranking items.
    #[must_use]
    pub fn recent_total(&self, periods: usize) -> f64 {
        let from = self.values.len().saturating_sub(periods);
        self.values[from..]
            .iter()
            .flatten()
            .fold(0.0, |sum, v| saturating_add(sum, *v))
    }

    /// How many values are present (not missing).
    #[must_use]
    pub fn observed(&self) -> usize {
        self.values.iter().flatten().count()
    }
}

/// `a + b`, held at the largest float instead of overflowing: each value is finite, but a
/// family of items near the limit is not.
fn saturating_add(a: f64, b: f64) -> f64 {
    (a + b).clamp(f64::MIN, f64::MAX)
}

/// Every item's history on one calendar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dataset {
    /// The bucket every value covers.
    pub granularity: Granularity,
    /// The first period of any item.
    pub start: Period,
    /// Periods from `start` to the last period of any item.
    pub periods: usize,
    /// The items, in the order of their first row.
    pub items: Vec<ItemSeries>,
}

/// One family at a glance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FamilySummary {
    /// The family.
    pub family: String,
    /// Its items.
    pub items: usize,
    /// Their total over the last periods asked for.
    pub recent_total: f64,
}

impl Dataset {
    /// The families, in order of their first item, with their recent volume over the last
    /// `periods` periods.
    #[must_use]
    pub fn families(&self, periods: usize) -> Vec<FamilySummary> {
        let mut out: Vec<FamilySummary> = Vec::new();
        for item in &self.items {
            let Some(family) = &item.family else { continue };
            let total = item.recent_total(periods);
            match out.iter_mut().find(|f| &f.family == family) {
                Some(f) => {
                    f.items += 1;
                    f.recent_total = saturating_add(f.recent_total, total);
                }
                None => out.push(FamilySummary {
                    family: family.clone(),
                    items: 1,
                    recent_total: total,
                }),
            }
        }
        out
    }

    /// A family's history: the sum of its items' values per period of the dataset
    /// (missing values count as nothing), from the dataset's first period.
    #[must_use]
    pub fn family_history(&self, family: &str) -> Series {
        let mut values = vec![0.0; self.periods];
        for item in self
            .items
            .iter()
            .filter(|i| i.family.as_deref() == Some(family))
        {
            let Some(offset) = self
                .start
                .steps_until(item.start)
                .and_then(|o| usize::try_from(o).ok())
            else {
                continue;
            };
            for (i, v) in item.values.iter().enumerate() {
                if let (Some(slot), Some(v)) = (values.get_mut(offset + i), v) {
                    *slot = saturating_add(*slot, *v);
                }
            }
        }
        Series {
            id: family.to_string(),
            start: self.start,
            values,
        }
    }

    /// The last period of the dataset.
    #[must_use]
    pub fn end(&self) -> Period {
        self.start
            .offset(i64::try_from(self.periods).unwrap_or(i64::MAX) - 1)
    }

    /// The history as a canonical long table, one tab-separated row per item and period
    /// with a value: `SKU | Family | Period | Quantity`, with `Price`, `Cost` and
    /// `Description` columns after `Family` when any item has one (given on the item's
    /// first row only, which the importer keeps for the whole item). `Quantity` comes
    /// last and is never empty, so every row has every column and the importer's
    /// delimiter sniffing always picks the tab, whatever commas or bars the names hold.
    /// Items come in the dataset's order, periods are written as Attune shows them
    /// (`2024-03`, `2024-Q1`, `2024-W05`, `2024-03-15`, `2024`) and quantities in the
    /// shortest form that reads back to the same number. Missing values (`None`) get no
    /// row.
    ///
    /// Reading the text back with [`import_text`](super::import_text) gives the same
    /// dataset when it has no missing values, and with the [`GapFill::Missing`] mapping
    /// (and the dataset's granularity as the bucket) when it has: same items, ids,
    /// families, prices, periods, values and granularity. What no table can carry, and
    /// no import makes: ids with spaces at either end (cells are trimmed), a carriage
    /// return inside an id, or an item or family named like a total row (`Total`,
    /// `Sum`).
    #[must_use]
    pub fn to_long_table(&self) -> String {
        let price = self.items.iter().any(|i| i.price.is_some());
        let cost = self.items.iter().any(|i| i.unit_cost.is_some());
        let description = self.items.iter().any(|i| i.description.is_some());
        let mut out = String::from("SKU\tFamily");
        for (wanted, name) in [
            (price, "Price"),
            (cost, "Cost"),
            (description, "Description"),
        ] {
            if wanted {
                out.push('\t');
                out.push_str(name);
            }
        }
        out.push_str("\tPeriod\tQuantity\n");
        for item in &self.items {
            let mut first = true;
            for (i, value) in item.values.iter().enumerate() {
                let Some(value) = value else { continue };
                let period = item.start.offset(i64::try_from(i).unwrap_or(i64::MAX));
                push_field(&mut out, &item.id);
                out.push('\t');
                push_field(&mut out, item.family.as_deref().unwrap_or(""));
                let attributes = [
                    (price, item.price.map(|p| p.to_string())),
                    (cost, item.unit_cost.map(|c| c.to_string())),
                    (description, item.description.clone()),
                ];
                for (wanted, text) in attributes {
                    if wanted {
                        out.push('\t');
                        if first {
                            push_field(&mut out, text.as_deref().unwrap_or(""));
                        }
                    }
                }
                out.push('\t');
                out.push_str(&period.to_string());
                out.push('\t');
                out.push_str(&value.to_string());
                out.push('\n');
                first = false;
            }
        }
        out
    }
}

/// Writes one text cell of a tab-separated table, quoted (with inner quotes doubled)
/// when it holds a line break, a quote or any delimiter the reader might sniff, so the
/// reader always splits on tabs and gets the text back.
fn push_field(out: &mut String, text: &str) {
    if text.contains(['\t', '\n', '\r', '"', ',', ';', '|']) {
        out.push('"');
        out.push_str(&text.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(text);
    }
}

/// What a warning is about (the page groups and colours them by kind).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningKind {
    /// Periods without a row or cell.
    Gaps,
    /// Several rows for the same item and period, summed.
    Duplicates,
    /// Negative quantities, kept.
    Negative,
    /// Values far from the rest of their item's history, kept.
    Outlier,
    /// Items with too little history to forecast well.
    TooShort,
    /// Periods after today.
    Future,
    /// Rows that look like totals, left out.
    TotalRow,
    /// `03/04/2024` could be read either way.
    DateOrder,
    /// Rows were summed into a coarser bucket.
    Aggregated,
}

/// Something the planner should know; the data was used.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Warning {
    /// What kind.
    pub kind: WarningKind,
    /// In a planner's words.
    pub message: String,
    /// The cells concerned, as (source line, column index), for highlighting (capped).
    pub cells: Vec<(usize, usize)>,
}

/// The numbers a planner checks first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Items read.
    pub items: usize,
    /// Periods on the calendar.
    pub periods: usize,
    /// Data rows in the table (header excluded).
    pub rows_read: usize,
    /// Rows that contributed.
    pub rows_used: usize,
    /// Rows skipped for a problem or as a total row.
    pub rows_skipped: usize,
    /// The granularity the periods were written in.
    pub granularity: Granularity,
}

/// The result of checking a table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DatasetImport {
    /// The histories.
    pub dataset: Dataset,
    /// The mapping used, with every choice resolved (decimal mark, bucket).
    pub mapping: ColumnMapping,
    /// The column names (header text, or letters).
    pub columns: Vec<String>,
    /// Cells that could not be used, and why.
    pub problems: Vec<CellProblem>,
    /// What was done or noticed.
    pub warnings: Vec<Warning>,
    /// Counts.
    pub summary: Summary,
    /// The date order could not be decided: the page should ask.
    pub ambiguous_date_order: bool,
}

/// Words that mark a total row in the item column.
const TOTAL_WORDS: [&str; 9] = [
    "total",
    "totals",
    "sum",
    "summe",
    "gesamt",
    "totaal",
    "somme",
    "grand total",
    "gesamtsumme",
];

fn is_total(text: &str) -> bool {
    let t = text.trim().trim_end_matches(':').to_lowercase();
    TOTAL_WORDS.contains(&t.as_str())
}

fn cell(row: &RawRow, i: usize) -> &str {
    row.cell(i)
}

/// The item a row belongs to: its item cell (or `default_id`), with its location when
/// there is one. Borrowed unless a location has to be joined on.
fn item_key<'a>(
    row: &'a RawRow,
    item_col: Option<usize>,
    location_col: Option<usize>,
    default_id: &'a str,
) -> Cow<'a, str> {
    let item = item_col
        .map(|c| cell(row, c))
        .filter(|t| !t.is_empty())
        .unwrap_or(default_id);
    match location_col.map(|c| cell(row, c)).filter(|t| !t.is_empty()) {
        Some(loc) => Cow::Owned(format!("{item} @ {loc}")),
        None => Cow::Borrowed(item),
    }
}

/// One item being gathered.
#[derive(Default)]
struct Acc {
    family: Option<String>,
    description: Option<String>,
    totals: BTreeMap<Period, f64>,
    price: Option<f64>,
    unit_cost: Option<f64>,
}

/// The bucket to sum into when the user has not chosen. Daily dates a month apart
/// (sales booked on the 15th) become months, a week apart weeks; daily rows that cover
/// most days stay daily; sparse daily rows (transactions) become months over two years or
/// more, weeks otherwise.
///
/// How much of the days the rows cover is measured over each item's own days on sale,
/// from its first row to its last, so an item launched last month does not make a daily
/// sheet look like sparse transactions. `entries` are (row, item, column, period,
/// quantity).
fn default_bucket(
    natural: Granularity,
    periods: &[Period],
    entries: &[(usize, usize, usize, Period, f64)],
    items: usize,
) -> Granularity {
    if natural != Granularity::Day || periods.is_empty() {
        return natural;
    }
    let mut distinct: Vec<i64> = periods.iter().map(|p| p.ordinal).collect();
    distinct.sort_unstable();
    distinct.dedup();
    let mut gaps: Vec<i64> = distinct.windows(2).map(|w| w[1] - w[0]).collect();
    gaps.sort_unstable();
    let median_gap = gaps.get(gaps.len() / 2).copied().unwrap_or(1);
    let span = distinct.last().copied().unwrap_or(0) - distinct.first().copied().unwrap_or(0) + 1;
    let mut lives: Vec<Option<(i64, i64)>> = vec![None; items];
    for (_, at, _, period, _) in entries {
        if let Some(life) = lives.get_mut(*at) {
            let (first, last) = life.get_or_insert((period.ordinal, period.ordinal));
            *first = (*first).min(period.ordinal);
            *last = (*last).max(period.ordinal);
        }
    }
    let days_on_sale: i64 = lives.iter().flatten().map(|(f, l)| l - f + 1).sum();
    let density = entries.len() as f64 / days_on_sale.max(1) as f64;
    if median_gap >= 28 {
        Granularity::Month
    } else if median_gap >= 7 {
        Granularity::Week
    } else if density >= 0.6 || span < 56 {
        Granularity::Day
    } else if span >= 730 {
        Granularity::Month
    } else {
        Granularity::Week
    }
}

/// Likely outliers of one item: values more than 5 robust standard deviations (1.4826 ×
/// the median absolute deviation) from its median, as "item in period (value)". Items
/// with fewer than 8 values, or no spread at all, have none.
fn outliers_of(id: &str, start: Period, values: &[Option<f64>]) -> Vec<String> {
    let mut observed: Vec<f64> = values.iter().flatten().copied().collect();
    if observed.len() < 8 {
        return Vec::new();
    }
    let med = median(&mut observed);
    let mut deviations: Vec<f64> = observed.iter().map(|v| (v - med).abs()).collect();
    let mad = median(&mut deviations) * 1.4826;
    if mad <= 0.0 {
        return Vec::new();
    }
    values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| {
            let v = (*v)?;
            ((v - med).abs() > 5.0 * mad).then(|| {
                format!(
                    "{id} in {} ({v})",
                    start.offset(i64::try_from(i).unwrap_or(0))
                )
            })
        })
        .collect()
}

/// Median of finite values (sorted copy).
fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n == 0 {
        0.0
    } else if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

/// Checks `table` under `mapping` into a dataset. `today`, when given, flags periods that
/// lie after it (the engine has no clock; the page passes the date).
///
/// # Errors
/// [`ImportError`] when the table is empty, the mapping names no period or quantity, or
/// no row is usable.
pub fn check(
    table: &RawTable,
    mapping: &ColumnMapping,
    default_id: &str,
    today: Option<NaiveDate>,
) -> Result<DatasetImport, ImportError> {
    if table.rows.is_empty() {
        return Err(ImportError::Empty);
    }
    if table.width() < 2 {
        return Err(ImportError::OneColumn);
    }
    let width = table.width();
    let role_at = |c: usize| mapping.roles.get(c).copied().unwrap_or(Role::Ignore);
    let first_with = |role: Role| (0..width).find(|&c| role_at(c) == role);
    let header = mapping.has_header.then(|| &table.rows[0]);
    let columns: Vec<String> = (0..width)
        .map(|c| {
            header
                .map(|h| cell(h, c))
                .filter(|t| !t.is_empty())
                .map_or_else(|| column_letter(c), str::to_string)
        })
        .collect();
    let body: &[RawRow] = if mapping.has_header {
        &table.rows[1..]
    } else {
        &table.rows
    };
    let problem = |row: &RawRow, col: usize, message: String| CellProblem {
        row: row.line,
        column_index: col,
        column: columns[col].clone(),
        cell: cell(row, col).to_string(),
        message,
    };

    // Decimal mark from every numeric column together.
    let numeric: Vec<usize> = (0..width)
        .filter(|&c| {
            matches!(
                role_at(c),
                Role::Quantity | Role::PeriodValues | Role::Price | Role::UnitCost
            )
        })
        .collect();
    let mark = mapping.decimal_mark.unwrap_or_else(|| {
        decide_decimal_mark(
            body.iter()
                .flat_map(|r| numeric.iter().map(move |&c| cell(r, c))),
        )
    });

    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    let mut skipped = vec![false; body.len()];
    let item_col = first_with(Role::Item);
    let location_col = first_with(Role::Location);
    let customer_col = first_with(Role::Customer);
    let family_col = first_with(Role::Family);
    let description_col = first_with(Role::Description);
    let price_col = first_with(Role::Price);
    let cost_col = first_with(Role::UnitCost);

    // Total rows are left out, whatever the layout.
    let label_cols: Vec<usize> = [item_col, family_col, description_col]
        .into_iter()
        .flatten()
        .collect();
    let total_rows: Vec<usize> = (0..body.len())
        .filter(|&i| label_cols.iter().any(|&c| is_total(cell(&body[i], c))))
        .collect();
    if !total_rows.is_empty() {
        for &i in &total_rows {
            skipped[i] = true;
        }
        warnings.push(Warning {
            kind: WarningKind::TotalRow,
            message: format!(
                "{} like a total and left out (row {})",
                plural(total_rows.len(), "row looks", "rows look"),
                total_rows
                    .iter()
                    .take(5)
                    .map(|&i| body[i].line.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            cells: total_rows
                .iter()
                .take(50)
                .map(|&i| (body[i].line, label_cols[0]))
                .collect(),
        });
    }

    let key_of = |row| item_key(row, item_col, location_col, default_id);

    // (row index, item index, quantity column, original period, quantity)
    let mut entries: Vec<(usize, usize, usize, Period, f64)> = Vec::new();
    let mut natural_periods: Vec<Period> = Vec::new();
    let mut ambiguous = false;
    let mut date_notes = Vec::new();
    // Items in order of their first row, and where each key is in that list.
    let mut accs: Vec<(String, Acc)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut duplicate_cells: Vec<(usize, usize)> = Vec::new();
    let mut duplicate_count = 0usize;

    let price_of =
        |row: &RawRow, col: Option<usize>, problems: &mut Vec<CellProblem>| -> Option<f64> {
            let c = col?;
            match parse_number(cell(row, c), mark) {
                Ok(v) => v,
                Err(reason) => {
                    problems.push(problem(
                        row,
                        c,
                        format!("{reason} (the price or cost was left out; the quantity is used)"),
                    ));
                    None
                }
            }
        };

    let remember = |index: &mut HashMap<String, usize>,
                    accs: &mut Vec<(String, Acc)>,
                    problems: &mut Vec<CellProblem>,
                    key: &str,
                    row: &RawRow|
     -> usize {
        let at = match index.get(key) {
            Some(at) => *at,
            None => {
                accs.push((key.to_string(), Acc::default()));
                index.insert(key.to_string(), accs.len() - 1);
                accs.len() - 1
            }
        };
        let acc = &mut accs[at].1;
        // Attributes are copied only when they change, not once per row.
        if let Some(f) = family_col.map(|c| cell(row, c)).filter(|t| !t.is_empty()) {
            if acc.family.as_deref() != Some(f) {
                acc.family = Some(f.to_string());
            }
        }
        if let Some(d) = description_col
            .map(|c| cell(row, c))
            .filter(|t| !t.is_empty())
        {
            if acc.description.as_deref() != Some(d) {
                acc.description = Some(d.to_string());
            }
        }
        // The last price and cost given win.
        if let Some(p) = price_of(row, price_col, problems) {
            acc.price = Some(p);
        }
        if let Some(p) = price_of(row, cost_col, problems) {
            acc.unit_cost = Some(p);
        }
        at
    };

    match mapping.layout {
        Layout::Wide => {
            let value_cols: Vec<usize> = (0..width)
                .filter(|&c| role_at(c) == Role::PeriodValues)
                .collect();
            if value_cols.is_empty() {
                return Err(ImportError::NoPeriodColumn);
            }
            let headers: Vec<&str> = value_cols
                .iter()
                .map(|&c| header.map_or("", |h| cell(h, c)))
                .collect();
            let parsed = parse_period_column(&headers, mapping.date_order);
            ambiguous |= parsed.ambiguous_order;
            date_notes.extend(parsed.notes.clone());
            if let Some(p) = parsed.problems.first() {
                return Err(ImportError::BadPeriodHeader {
                    column: columns[value_cols[p.index]].clone(),
                    reason: p.reason.clone(),
                });
            }
            let periods: Vec<Period> = parsed.periods.iter().flatten().copied().collect();
            natural_periods.extend(periods.iter().copied());
            let mut seen_periods = periods.clone();
            seen_periods.sort_unstable();
            let repeated_headers = seen_periods.windows(2).filter(|w| w[0] == w[1]).count();
            if repeated_headers > 0 {
                warnings.push(Warning {
                    kind: WarningKind::Duplicates,
                    message: format!("{} a period that another column already has; the values were added together", plural(repeated_headers, "column names", "columns name")),
                    cells: Vec::new(),
                });
            }
            for (i, row) in body.iter().enumerate() {
                if skipped[i] {
                    continue;
                }
                let key = key_of(row);
                let mut any = false;
                let mut row_entries = Vec::new();
                for (&c, &period) in value_cols.iter().zip(&periods) {
                    match parse_number(cell(row, c), mark) {
                        Ok(Some(q)) => {
                            row_entries.push((i, c, period, q));
                            any = true;
                        }
                        Ok(None) => {}
                        Err(reason) => problems.push(problem(
                            row,
                            c,
                            format!("{reason}; this cell counts as a gap"),
                        )),
                    }
                }
                if any {
                    let at = remember(&mut index, &mut accs, &mut problems, &key, row);
                    entries.extend(row_entries.into_iter().map(|(i, c, p, q)| (i, at, c, p, q)));
                } else if row.cells().all(str::is_empty) {
                    skipped[i] = true;
                } else {
                    skipped[i] = true;
                    let c = item_col.unwrap_or(0);
                    problems.push(problem(
                        row,
                        c,
                        "has no quantity in any period column; the row was skipped".to_string(),
                    ));
                }
            }
        }
        Layout::Long | Layout::Single => {
            let pc = first_with(Role::Period).ok_or(ImportError::NoPeriodColumn)?;
            let qc = first_with(Role::Quantity).ok_or(ImportError::NoQuantityColumn)?;
            let cells: Vec<&str> = body.iter().map(|r| cell(r, pc)).collect();
            let parsed = parse_period_column(&cells, mapping.date_order);
            ambiguous |= parsed.ambiguous_order;
            date_notes.extend(parsed.notes.clone());
            let mut bad_period: Vec<Option<&str>> = vec![None; body.len()];
            for p in &parsed.problems {
                bad_period[p.index] = Some(&p.reason);
            }
            for (i, row) in body.iter().enumerate() {
                if skipped[i] {
                    continue;
                }
                if let Some(reason) = bad_period[i] {
                    problems.push(problem(row, pc, reason.to_string()));
                    skipped[i] = true;
                    continue;
                }
                let Some(period) = parsed.periods[i] else {
                    skipped[i] = true;
                    continue;
                };
                let q = match parse_number(cell(row, qc), mark) {
                    Ok(Some(q)) => q,
                    Ok(None) => {
                        problems.push(problem(
                            row,
                            qc,
                            "is empty; type 0 if nothing was sold".to_string(),
                        ));
                        skipped[i] = true;
                        continue;
                    }
                    Err(reason) => {
                        problems.push(problem(row, qc, reason));
                        skipped[i] = true;
                        continue;
                    }
                };
                let key = if mapping.layout == Layout::Single {
                    Cow::Borrowed(default_id)
                } else {
                    key_of(row)
                };
                let at = remember(&mut index, &mut accs, &mut problems, &key, row);
                natural_periods.push(period);
                entries.push((i, at, qc, period, q));
            }
        }
    }

    if entries.is_empty() {
        return Err(ImportError::NoUsableRows { problems });
    }
    if ambiguous {
        warnings.push(Warning {
            kind: WarningKind::DateOrder,
            message: date_notes.join("; "),
            cells: Vec::new(),
        });
    }

    // The bucket: the user's, or inferred; never finer than the data.
    let natural = natural_periods
        .first()
        .map_or(Granularity::Index, |p| p.granularity);
    let bucket = match mapping.bucket {
        Some(b) if natural_periods.iter().all(|p| p.to_bucket(b).is_some()) => b,
        Some(b) => {
            warnings.push(Warning {
                kind: WarningKind::Aggregated,
                message: format!(
                    "{} periods cannot be summed into {} buckets; kept {}",
                    natural.adjective(),
                    b.adjective(),
                    natural.adjective()
                ),
                cells: Vec::new(),
            });
            natural
        }
        None => default_bucket(natural, &natural_periods, &entries, accs.len()),
    };
    if bucket != natural {
        warnings.push(Warning {
            kind: WarningKind::Aggregated,
            message: format!(
                "{} dates were grouped into {} periods and their quantities summed",
                natural.adjective(),
                bucket.adjective()
            ),
            cells: Vec::new(),
        });
    }

    // Duplicates: the same item, customer and original period on two rows.
    let mut seen: HashMap<(usize, &str, Period), u32> = HashMap::new();
    let mut negatives: Vec<(usize, usize)> = Vec::new();
    let mut overflowed = false;
    for (i, at, col, period, q) in &entries {
        let row = &body[*i];
        if mapping.layout != Layout::Wide {
            let customer = customer_col.map_or("", |c| cell(row, c));
            let n = seen.entry((*at, customer, *period)).or_default();
            *n += 1;
            if *n > 1 {
                duplicate_count += 1;
                duplicate_cells.push((row.line, first_with(Role::Period).unwrap_or(0)));
            }
        }
        if *q < 0.0 {
            negatives.push((row.line, *col));
        }
        let bucketed = period.to_bucket(bucket).unwrap_or(*period);
        let (key, acc) = &mut accs[*at];
        let total = acc.totals.entry(bucketed).or_insert(0.0);
        // Each quantity is finite, but two near the float limit add up to infinity: the
        // row that would overflow the total is left out and named.
        if (*total + *q).is_finite() {
            *total += *q;
        } else {
            overflowed = true;
            let what = if mapping.layout == Layout::Wide {
                "this cell was left out"
            } else {
                skipped[*i] = true;
                "the row was left out"
            };
            problems.push(problem(
                row,
                *col,
                format!("would make the total of {key} in {bucketed} too large to be a quantity; {what}"),
            ));
        }
    }
    drop(seen);
    if overflowed {
        problems.sort_by_key(|p| p.row);
    }
    if duplicate_count > 0 {
        warnings.push(Warning {
            kind: WarningKind::Duplicates,
            message: format!(
                "{} an item and period that already had a row; the quantities were added together",
                plural(duplicate_count, "row repeats", "rows repeat")
            ),
            cells: duplicate_cells.into_iter().take(200).collect(),
        });
    }
    if !negatives.is_empty() {
        warnings.push(Warning {
            kind: WarningKind::Negative,
            message: format!(
                "{} (returns?) kept as given",
                plural(negatives.len(), "negative quantity", "negative quantities")
            ),
            cells: negatives.into_iter().take(200).collect(),
        });
    }

    // The common calendar.
    let start = accs
        .iter()
        .filter_map(|(_, a)| a.totals.keys().next())
        .min()
        .copied()
        .unwrap_or(Period::index(1));
    let end = accs
        .iter()
        .filter_map(|(_, a)| a.totals.keys().next_back())
        .max()
        .copied()
        .unwrap_or(start);
    let span = start.steps_until(end).unwrap_or(0).saturating_add(1);
    if span > MAX_PERIODS {
        return Err(ImportError::SpanTooLong {
            first: start.to_string(),
            last: end.to_string(),
            periods: span,
        });
    }
    let periods = usize::try_from(span).unwrap_or(0);

    let mut items = Vec::with_capacity(accs.len());
    let mut outliers = Vec::new();
    let mut gap_items = 0usize;
    let mut gap_total = 0usize;
    let mut off_grid = 0usize;
    for (key, acc) in accs {
        let Some(first) = acc.totals.keys().next().copied() else {
            continue;
        };
        let offset = start
            .steps_until(first)
            .and_then(|o| usize::try_from(o).ok());
        let Some(offset) = offset else {
            off_grid += acc.totals.len();
            continue;
        };
        let mut values = vec![None; periods - offset];
        for (p, v) in &acc.totals {
            match first.steps_until(*p).and_then(|s| usize::try_from(s).ok()) {
                Some(s) if s < values.len() => values[s] = Some(*v),
                _ => off_grid += 1,
            }
        }
        let gaps = values.iter().filter(|v| v.is_none()).count();
        if gaps > 0 {
            gap_items += 1;
            gap_total += gaps;
        }
        // Outliers among the values given (before gaps are filled).
        outliers.extend(outliers_of(&key, first, &values));
        if mapping.gaps == GapFill::Zero {
            for v in &mut values {
                v.get_or_insert(0.0);
            }
        }
        items.push(ItemSeries {
            id: key.clone(),
            family: acc.family,
            description: acc.description,
            start: first,
            values,
            price: acc.price,
            unit_cost: acc.unit_cost,
        });
    }
    if off_grid > 0 {
        warnings.push(Warning {
            kind: WarningKind::Gaps,
            message: format!(
                "{} not start on the same weekday as the others and were left out",
                plural(off_grid, "week does", "weeks do")
            ),
            cells: Vec::new(),
        });
    }
    if gap_total > 0 {
        let what = match mapping.gaps {
            GapFill::Zero => "counted as 0 (choose \"missing\" if they were not recorded)",
            GapFill::Missing => "treated as missing (choose \"zero\" if nothing was sold then)",
        };
        let whose = if items.len() == 1 {
            String::new()
        } else {
            format!(" in {}", plural(gap_items, "item", "items"))
        };
        warnings.push(Warning {
            kind: WarningKind::Gaps,
            message: format!(
                "{} without a value{whose}: {what}",
                plural(gap_total, "period", "periods")
            ),
            cells: Vec::new(),
        });
    }

    if !outliers.is_empty() {
        let shown = outliers
            .iter()
            .take(5)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        let more = if outliers.len() > 5 {
            format!(" and {} more", outliers.len() - 5)
        } else {
            String::new()
        };
        warnings.push(Warning {
            kind: WarningKind::Outlier,
            message: format!(
                "{} far from the rest of the item's history, kept as given: {shown}{more}",
                plural(outliers.len(), "value lies", "values lie")
            ),
            cells: Vec::new(),
        });
    }

    // Short histories.
    let m = bucket.season_length();
    let too_short = items.iter().filter(|i| i.observed() < 4).count();
    let no_season = items
        .iter()
        .filter(|i| m > 1 && i.observed() >= 4 && i.observed() < 2 * m)
        .count();
    if too_short + no_season > 0 {
        let mut parts = Vec::new();
        if too_short > 0 {
            parts.push(format!(
                "{} fewer than 4 periods: too short to forecast beyond repeating the last value",
                plural(too_short, "item has", "items have")
            ));
        }
        if no_season > 0 {
            parts.push(format!(
                "{} less than two seasons ({} periods): no seasonal pattern can be measured",
                plural(no_season, "item has", "items have"),
                2 * m
            ));
        }
        warnings.push(Warning {
            kind: WarningKind::TooShort,
            message: parts.join("; "),
            cells: Vec::new(),
        });
    }

    // Periods after today.
    if let Some(today) = today {
        let future: Vec<(usize, usize)> = entries
            .iter()
            .filter(|(_, _, _, p, _)| p.start_date().is_some_and(|d| d > today))
            .map(|(i, _, _, _, _)| (body[*i].line, first_with(Role::Period).unwrap_or(0)))
            .collect();
        if !future.is_empty() {
            warnings.push(Warning {
                kind: WarningKind::Future,
                message: format!(
                    "{} after today ({}): are these orders or plans rather than sales?",
                    plural(future.len(), "value is dated", "values are dated"),
                    today.format("%Y-%m-%d")
                ),
                cells: future.into_iter().take(200).collect(),
            });
        }
    }

    let rows_skipped = skipped.iter().filter(|s| **s).count();
    let summary = Summary {
        items: items.len(),
        periods,
        rows_read: body.len(),
        rows_used: body.len() - rows_skipped,
        rows_skipped,
        granularity: natural,
    };
    let mut resolved = mapping.clone();
    resolved.decimal_mark = Some(mark);
    resolved.bucket = Some(bucket);
    resolved.roles.resize(width, Role::Ignore);
    Ok(DatasetImport {
        dataset: Dataset {
            granularity: bucket,
            start,
            periods,
            items,
        },
        mapping: resolved,
        columns,
        problems,
        warnings,
        summary,
        ambiguous_date_order: ambiguous,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::mapping::detect;
    use crate::import::text::read_text;
    use crate::number::DecimalMark;

    fn import(text: &str) -> DatasetImport {
        let t = read_text(text);
        check(&t, &detect(&t), "series", None).unwrap()
    }

    #[test]
    fn long_layout_gives_one_series_per_item_with_attributes() {
        let d = import("family,sku,month,units,price\nPumps,P1,2024-01,5,10.50\nPumps,P1,2024-02,6,11\nValves,V1,2024-02,7,3\n");
        assert_eq!(d.summary.items, 2);
        assert_eq!(d.summary.periods, 2);
        let p1 = &d.dataset.items[0];
        assert_eq!(
            (p1.id.as_str(), p1.family.as_deref(), p1.price),
            ("P1", Some("Pumps"), Some(11.0))
        );
        assert_eq!(p1.values, [Some(5.0), Some(6.0)]);
        // V1 starts at its first row.
        let v1 = &d.dataset.items[1];
        assert_eq!(
            (v1.start, v1.values.clone()),
            (Period::month(2024, 2), vec![Some(7.0)])
        );
    }

    #[test]
    fn transactions_are_summed_into_months() {
        let mut text = String::from("sku,date,qty\n");
        for day in 0..800 {
            if day % 5 == 0 {
                let d = NaiveDate::from_ymd_opt(2023, 1, 1).unwrap() + chrono::TimeDelta::days(day);
                text.push_str(&format!("A,{},2\n", d.format("%Y-%m-%d")));
            }
        }
        let d = import(&text);
        assert_eq!(d.dataset.granularity, Granularity::Month);
        assert_eq!(d.summary.granularity, Granularity::Day);
        assert_eq!(d.dataset.start, Period::month(2023, 1));
        let total: f64 = d.dataset.items[0].values.iter().flatten().sum();
        assert_eq!(total, 320.0);
        assert!(d.warnings.iter().any(|w| w.kind == WarningKind::Aggregated));
    }

    #[test]
    fn chosen_bucket_and_missing_gaps() {
        let t = read_text("Month\tQty\n2024-01\t1\n2024-02\t2\n2024-04\t4\n2024-05\t5\n");
        let mut m = detect(&t);
        m.gaps = GapFill::Missing;
        let d = check(&t, &m, "s", None).unwrap();
        assert_eq!(
            d.dataset.items[0].values,
            [Some(1.0), Some(2.0), None, Some(4.0), Some(5.0)]
        );
        assert_eq!(
            d.dataset.items[0].to_series().values,
            [1.0, 2.0, 3.0, 4.0, 5.0]
        );
        m.bucket = Some(Granularity::Quarter);
        let d = check(&t, &m, "s", None).unwrap();
        assert_eq!(d.dataset.items[0].values, [Some(3.0), Some(9.0)]);
    }

    #[test]
    fn wide_european_sheet() {
        let text = "\u{feff}Artikel;Bezeichnung;Jan 2023;Feb 2023;Mar 2023\r\nA1;Pumpe;1.234,5;;3\r\nA2;Ventil;n/a;2;1\r\nSumme;;1.234,5;2;4\r\n";
        let d = import(text);
        assert_eq!(d.mapping.decimal_mark, Some(DecimalMark::Comma));
        assert_eq!(d.summary.items, 2);
        assert_eq!(d.summary.rows_skipped, 1);
        let a1 = &d.dataset.items[0];
        assert_eq!(a1.description.as_deref(), Some("Pumpe"));
        assert_eq!(a1.values, [Some(1234.5), Some(0.0), Some(3.0)]);
        let a2 = &d.dataset.items[1];
        assert_eq!(a2.start, Period::month(2023, 2));
        assert_eq!(
            d.problems[0].to_string(),
            "row 3, column \"Jan 2023\": \"n/a\" is not a number; this cell counts as a gap"
        );
        assert!(
            d.warnings
                .iter()
                .any(|w| w.kind == WarningKind::TotalRow && w.message.contains("row 4")),
            "{:?}",
            d.warnings
        );
    }

    #[test]
    fn duplicates_negatives_outliers_future() {
        let mut text = String::from("Item\tMonth\tQty\n");
        for m in 1..=12 {
            text.push_str(&format!(
                "X\t2024-{m:02}\t{}\n",
                if m == 7 { 900 } else { 10 + m % 3 }
            ));
        }
        text.push_str("X\t2024-03\t5\nX\t2024-04\t-2\nY\t2024-12\t1\n");
        let t = read_text(&text);
        let d = check(&t, &detect(&t), "s", NaiveDate::from_ymd_opt(2024, 11, 28)).unwrap();
        let kinds: Vec<WarningKind> = d.warnings.iter().map(|w| w.kind).collect();
        for k in [
            WarningKind::Duplicates,
            WarningKind::Negative,
            WarningKind::Outlier,
            WarningKind::Future,
            WarningKind::TooShort,
        ] {
            assert!(kinds.contains(&k), "{k:?} missing from {:?}", d.warnings);
        }
        let dup = d
            .warnings
            .iter()
            .find(|w| w.kind == WarningKind::Duplicates)
            .unwrap();
        assert_eq!(dup.cells, [(14, 1), (15, 1)]);
        assert!(d
            .warnings
            .iter()
            .any(|w| w.message.contains("X in 2024-07 (900)")));
    }

    #[test]
    fn families_sum_their_items() {
        let d = import(
            "family,sku,month,units\nP,A,2024-01,1\nP,A,2024-02,2\nP,B,2024-02,10\nV,C,2024-01,5\n",
        );
        let f = d.dataset.families(1);
        assert_eq!(f.len(), 2);
        assert_eq!(
            (f[0].family.as_str(), f[0].items, f[0].recent_total),
            ("P", 2, 12.0)
        );
        assert_eq!(d.dataset.family_history("P").values, [1.0, 12.0]);
        assert_eq!(d.dataset.family_history("V").values, [5.0, 0.0]);
    }

    #[test]
    fn customers_are_summed_not_duplicates() {
        let d = import("sku;month;customer;qty\nA;2024-01;K1;1\nA;2024-01;K2;2\n");
        assert_eq!(d.dataset.items[0].values, [Some(3.0)]);
        assert!(!d.warnings.iter().any(|w| w.kind == WarningKind::Duplicates));
    }

    #[test]
    fn locations_split_items() {
        let d = import("sku,site,month,qty\nA,North,2024-01,1\nA,South,2024-01,2\n");
        let ids: Vec<&str> = d.dataset.items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["A @ North", "A @ South"]);
    }

    #[test]
    fn ambiguous_dates_are_asked() {
        let d = import("date\tqty\n03/04/2024\t1\n05/04/2024\t2\n");
        assert!(d.ambiguous_date_order);
        assert!(d.warnings.iter().any(|w| w.kind == WarningKind::DateOrder));
    }
}
