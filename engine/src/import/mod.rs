//! Import: text pasted from a spreadsheet or read from a CSV/TSV file, first kept as the
//! user's own cells ([`RawTable`]), then checked into a [`Series`].
//!
//! Raw first, checked second: nothing is typed until the whole column has been looked at
//! (the decimal mark and the date order are column decisions), and every complaint
//! carries the row, the column and the cell's own text, so the page can show the user
//! their cell beside it. Problems never discard the whole table: a bad row is skipped,
//! counted and explained.
//!
//! Delimited text is read with the `csv` crate (quoted fields with embedded delimiters
//! and newlines, CRLF), which builds for wasm without any extra dependency.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::calendar::{parse_period_column, Period};
use crate::number::{decide_decimal_mark, parse_number, DecimalMark};
use crate::plural;
use crate::series::Series;

/// One row of a [`RawTable`], with its line in the source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawRow {
    /// 1-based line of the source where the row starts (what the user sees in their file).
    pub line: usize,
    /// The cells as text, trailing empty cells removed.
    pub cells: Vec<String>,
}

/// Cells exactly as pasted or read, before any interpretation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawTable {
    /// Non-blank rows in source order.
    pub rows: Vec<RawRow>,
    /// The field delimiter that was detected.
    pub delimiter: char,
}

impl RawTable {
    /// The widest row's number of cells.
    #[must_use]
    pub fn width(&self) -> usize {
        self.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0)
    }
}

/// The longest history one series may span, in periods (over 270 years of days).
pub const MAX_PERIODS: i64 = 100_000;

const DELIMITERS: [u8; 4] = [b'\t', b';', b',', b'|'];

fn split_with(text: &str, delimiter: u8) -> Vec<RawRow> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        // A malformed record (only possible on invalid UTF-8, which &str rules out) ends
        // the table; what came before is kept.
        let Ok(record) = record else { break };
        let line = record.position().map_or(rows.len() + 1, |p| {
            usize::try_from(p.line()).unwrap_or(usize::MAX)
        });
        let mut cells: Vec<String> = record.iter().map(|c| c.trim().to_string()).collect();
        while cells.last().is_some_and(String::is_empty) {
            cells.pop();
        }
        if !cells.is_empty() {
            rows.push(RawRow { line, cells });
        }
    }
    rows
}

/// Splits pasted or file text into cells, sniffing the delimiter: tab (what Excel, Google
/// Sheets and LibreOffice put on the clipboard), `;`, `,` or `|` — whichever gives the
/// most rows the same number (> 1) of cells. A byte-order mark is dropped.
#[must_use]
pub fn read_text(text: &str) -> RawTable {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut best: Option<(usize, usize, u8, Vec<RawRow>)> = None;
    for &d in &DELIMITERS {
        let rows = split_with(text, d);
        // Score: rows whose width equals the most common width, when that width is > 1.
        let mut widths: BTreeMap<usize, usize> = BTreeMap::new();
        for r in &rows {
            *widths.entry(r.cells.len()).or_default() += 1;
        }
        let (width, count) = widths
            .iter()
            .max_by_key(|(w, c)| (**c, **w))
            .map_or((0, 0), |(w, c)| (*w, *c));
        let score = if width > 1 { count } else { 0 };
        if best
            .as_ref()
            .is_none_or(|b| score > b.0 || (score == b.0 && width > b.1 && score > 0))
        {
            best = Some((score, width, d, rows));
        }
    }
    match best {
        Some((_, _, d, rows)) => RawTable {
            rows,
            delimiter: char::from(d),
        },
        None => RawTable {
            rows: Vec::new(),
            delimiter: '\t',
        },
    }
}

/// One thing wrong with one cell; the row it is on is skipped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellProblem {
    /// 1-based line in the source.
    pub row: usize,
    /// 0-based column index (for highlighting).
    pub column_index: usize,
    /// The column's header text, or its spreadsheet letter when there is no header.
    pub column: String,
    /// The cell's own text.
    pub cell: String,
    /// What is wrong and what to do, in a planner's words (follows the quoted cell).
    pub message: String,
}

impl fmt::Display for CellProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "row {}, column \"{}\": \"{}\" {}",
            self.row, self.column, self.cell, self.message
        )
    }
}

/// Why nothing at all could be imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImportError {
    /// The text holds no cells.
    Empty,
    /// Every row has only one cell: there is no quantity beside the period.
    OneColumn,
    /// The periods run from `first` to `last`, more than [`MAX_PERIODS`] periods.
    SpanTooLong {
        /// The earliest period.
        first: String,
        /// The latest period.
        last: String,
        /// How many periods lie between them.
        periods: i64,
    },
    /// There were rows, but every one of them had a problem.
    NoUsableRows {
        /// Each problem, in row order.
        problems: Vec<CellProblem>,
    },
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => write!(f, "there is nothing to import: paste or drop a table with a period column and a quantity column"),
            Self::OneColumn => write!(f, "only one column was found: Attune needs a period column and a quantity column side by side"),
            Self::SpanTooLong { first, last, periods } => write!(
                f,
                "the periods run from {first} to {last}, {periods} periods in all; Attune handles at most {MAX_PERIODS} — check the period column"
            ),
            Self::NoUsableRows { problems } => {
                write!(f, "no row could be used ({})", plural(problems.len(), "problem", "problems"))?;
                if let Some(first) = problems.first() {
                    write!(f, "; the first: {first}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for ImportError {}

/// What an import produced, with everything a planner should know about how.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeriesImport {
    /// The checked history.
    pub series: Series,
    /// The headers of the period and quantity columns (or their letters).
    pub columns: [String; 2],
    /// Whether the first row was taken as a header.
    pub has_header: bool,
    /// The decimal mark used for quantities.
    pub decimal_mark: DecimalMark,
    /// Rows that were skipped, and why.
    pub problems: Vec<CellProblem>,
    /// Things done to the data that the planner should know (gaps filled, duplicates
    /// summed, negative quantities kept).
    pub warnings: Vec<String>,
    /// Data rows read (header excluded).
    pub rows_read: usize,
    /// Data rows used.
    pub rows_used: usize,
}

/// `A`, `B`, …, `Z`, `AA`: the spreadsheet letter of a 0-based column.
#[must_use]
pub fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(char::from(b'A' + u8::try_from(rem).unwrap_or(0)));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

/// The text of cell `i` of `row`, empty past the row's end.
fn cell(row: &RawRow, i: usize) -> &str {
    row.cells.get(i).map_or("", String::as_str)
}

fn looks_like_header(cell: &str) -> bool {
    parse_number(cell, DecimalMark::Point).is_err()
        && parse_number(cell, DecimalMark::Comma).is_err()
}

/// Finds the period and quantity columns: by header name when there is a header, else
/// the first two columns.
fn pick_columns(header: Option<&RawRow>) -> (usize, usize) {
    let Some(h) = header else { return (0, 1) };
    let find = |words: &[&str]| {
        h.cells.iter().position(|c| {
            let c = c.to_ascii_lowercase();
            words.iter().any(|w| c.contains(w))
        })
    };
    let period = find(&[
        "period", "date", "month", "week", "quarter", "year", "day", "time",
    ]);
    let qty = find(&[
        "qty", "quantity", "units", "sales", "demand", "volume", "amount", "value",
    ]);
    match (period, qty) {
        (Some(p), Some(q)) if p != q => (p, q),
        (Some(p), _) => (p, if p == 0 { 1 } else { 0 }),
        (None, Some(q)) => (if q == 0 { 1 } else { 0 }, q),
        _ => (0, 1),
    }
}

/// Checks a table into one history series (period, quantity): decides the header, the
/// columns, the decimal mark and the date order from the whole table, skips and explains
/// bad rows, sums duplicate periods, and fills missing periods with zero.
///
/// # Errors
/// [`ImportError`] when the table is empty, has one column, or no row is usable.
pub fn single_series(table: &RawTable, id: &str) -> Result<SeriesImport, ImportError> {
    if table.rows.is_empty() {
        return Err(ImportError::Empty);
    }
    if table.width() < 2 {
        return Err(ImportError::OneColumn);
    }
    let first = &table.rows[0];
    // A header when the first row's second cell is text (not a number, not empty).
    let has_header = first
        .cells
        .iter()
        .skip(1)
        .any(|c| !c.is_empty() && looks_like_header(c));
    let header = has_header.then_some(first);
    let (pc, qc) = pick_columns(header);
    let name = |i: usize| {
        header
            .and_then(|h| h.cells.get(i))
            .filter(|c| !c.is_empty())
            .cloned()
            .unwrap_or_else(|| column_letter(i))
    };
    let columns = [name(pc), name(qc)];
    let data: &[RawRow] = if has_header {
        &table.rows[1..]
    } else {
        &table.rows
    };

    let period_cells: Vec<&str> = data.iter().map(|r| cell(r, pc)).collect();
    let periods = parse_period_column(&period_cells);
    let mark = decide_decimal_mark(data.iter().map(|r| cell(r, qc)));

    let mut problems = Vec::new();
    let mut warnings = periods.notes.clone();
    let problem = |r: &RawRow, col: usize, message: String| CellProblem {
        row: r.line,
        column_index: col,
        column: columns[usize::from(col == qc)].clone(),
        cell: cell(r, col).to_string(),
        message,
    };
    let mut bad_period: Vec<Option<String>> = vec![None; data.len()];
    for p in &periods.problems {
        bad_period[p.index] = Some(p.reason.clone());
    }

    let mut totals: BTreeMap<Period, f64> = BTreeMap::new();
    let mut negatives = 0usize;
    let mut used = 0usize;
    for (i, row) in data.iter().enumerate() {
        if let Some(reason) = &bad_period[i] {
            problems.push(problem(row, pc, reason.clone()));
            continue;
        }
        let Some(period) = periods.periods[i] else {
            continue;
        };
        let qty = match parse_number(cell(row, qc), mark) {
            Ok(Some(q)) => q,
            Ok(None) => {
                problems.push(problem(
                    row,
                    qc,
                    "is empty; type 0 if nothing was sold".to_string(),
                ));
                continue;
            }
            Err(reason) => {
                problems.push(problem(row, qc, reason));
                continue;
            }
        };
        if qty < 0.0 {
            negatives += 1;
        }
        *totals.entry(period).or_insert(0.0) += qty;
        used += 1;
    }
    let duplicate_rows = used - totals.len();
    if totals.is_empty() {
        return Err(ImportError::NoUsableRows { problems });
    }
    if duplicate_rows > 0 {
        warnings.push(format!(
            "{} a period that already had a row; the quantities were added together",
            plural(duplicate_rows, "row repeats", "rows repeat")
        ));
    }
    if negatives > 0 {
        warnings.push(format!(
            "{} (returns?) kept as {}",
            plural(negatives, "negative quantity", "negative quantities"),
            if negatives == 1 { "it is" } else { "they are" }
        ));
    }

    // Lay the totals on a gap-free time line.
    let start = *totals.keys().next().unwrap_or(&Period::index(1));
    let end = *totals.keys().next_back().unwrap_or(&start);
    let span = start.steps_until(end).unwrap_or(0).saturating_add(1);
    if span > MAX_PERIODS {
        return Err(ImportError::SpanTooLong {
            first: start.to_string(),
            last: end.to_string(),
            periods: span,
        });
    }
    let mut values = Vec::new();
    let mut gaps = Vec::new();
    let mut period = start;
    while period <= end {
        match totals.get(&period) {
            Some(v) => values.push(*v),
            None => {
                values.push(0.0);
                gaps.push(period);
            }
        }
        period = period.offset(1);
    }
    let off_grid = totals
        .keys()
        .filter(|p| start.steps_until(**p).is_none())
        .count();
    if off_grid > 0 {
        warnings.push(format!(
            "{} not start on the same weekday as the first week and left out",
            plural(off_grid, "week does", "weeks do")
        ));
    }
    if !gaps.is_empty() {
        let shown: Vec<String> = gaps.iter().take(5).map(ToString::to_string).collect();
        let more = if gaps.len() > 5 {
            format!(" and {} more", gaps.len() - 5)
        } else {
            String::new()
        };
        warnings.push(format!(
            "{} no row ({}{more}) and count as 0",
            plural(gaps.len(), "period has", "periods have"),
            shown.join(", ")
        ));
    }
    Ok(SeriesImport {
        series: Series {
            id: id.to_string(),
            start,
            values,
        },
        columns,
        has_header,
        decimal_mark: mark,
        problems,
        warnings,
        rows_read: data.len(),
        rows_used: used,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_clipboard_with_header_and_trailing_tabs() {
        let text = "Month\tQty\t\t\r\n2024-01\t10\t\t\r\n2024-02\t12\r\n\r\n";
        let t = read_text(text);
        assert_eq!(t.delimiter, '\t');
        let s = single_series(&t, "x").unwrap();
        assert!(s.has_header);
        assert_eq!(s.columns, ["Month".to_string(), "Qty".to_string()]);
        assert_eq!(s.series.values, [10.0, 12.0]);
        assert_eq!(s.series.start, Period::month(2024, 1));
    }

    #[test]
    fn sniffs_semicolons_with_decimal_commas() {
        let t = read_text("\u{feff}period;qty\n2024-01;1.234,5\n2024-02;2,5\n");
        assert_eq!(t.delimiter, ';');
        let s = single_series(&t, "x").unwrap();
        assert_eq!(s.decimal_mark, DecimalMark::Comma);
        assert_eq!(s.series.values, [1234.5, 2.5]);
    }

    #[test]
    fn quoted_fields_keep_their_commas() {
        let t = read_text("date,qty\n2024-01,\"1,200\"\n2024-02,\"1,300\"\n");
        assert_eq!(t.delimiter, ',');
        let s = single_series(&t, "x").unwrap();
        assert_eq!(s.series.values, [1200.0, 1300.0]);
    }

    #[test]
    fn bad_rows_are_skipped_and_named() {
        let t = read_text("Month\tQty\n2024-01\t10\n2024-02\tabc\nlater\t5\n2024-03\t7\n");
        let s = single_series(&t, "x").unwrap();
        assert_eq!(s.rows_read, 4);
        assert_eq!(s.rows_used, 2);
        let msgs: Vec<String> = s.problems.iter().map(ToString::to_string).collect();
        assert_eq!(msgs[0], "row 3, column \"Qty\": \"abc\" is not a number");
        assert!(
            msgs[1].starts_with("row 4, column \"Month\": \"later\" is not a period"),
            "{}",
            msgs[1]
        );
        // The gap left by the bad row is filled and said.
        assert_eq!(s.series.values, [10.0, 0.0, 7.0]);
        assert!(
            s.warnings.iter().any(|w| w.contains("2024-02")),
            "{:?}",
            s.warnings
        );
    }

    #[test]
    fn no_header_uses_letters() {
        let t = read_text("2024-01\t10.5\n2024-02\t1.234,5\n2024-03\t3.25\n");
        let s = single_series(&t, "x").unwrap();
        assert!(!s.has_header);
        assert_eq!(s.problems.len(), 1);
        assert_eq!(
            s.problems[0].to_string(),
            "row 2, column \"B\": \"1.234,5\" is not a number with \".\" as the decimal mark — switch to \",\"?"
        );
    }

    #[test]
    fn duplicates_summed_and_unsorted_rows_ordered() {
        let t = read_text("2024-03\t1\n2024-01\t2\n2024-01\t3\n2024-02\t4\n");
        let s = single_series(&t, "x").unwrap();
        assert_eq!(s.series.values, [5.0, 4.0, 1.0]);
        assert!(
            s.warnings
                .iter()
                .any(|w| w.starts_with("1 row repeats a period")),
            "{:?}",
            s.warnings
        );
    }

    #[test]
    fn errors_for_empty_and_one_column() {
        assert_eq!(single_series(&read_text(""), "x"), Err(ImportError::Empty));
        assert_eq!(
            single_series(&read_text("\n\n"), "x"),
            Err(ImportError::Empty)
        );
        assert_eq!(
            single_series(&read_text("a\nb\n"), "x"),
            Err(ImportError::OneColumn)
        );
        let err = single_series(&read_text("x\ty\nfoo\tbar\n"), "x").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("no row could be used (1 problem); the first: row 2"),
            "{err}"
        );
        let err = single_series(&read_text("x\ty\nfoo\tbar\n2024-01\t\n"), "x").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("no row could be used (2 problems)"),
            "{err}"
        );
    }

    #[test]
    fn header_names_pick_columns() {
        let t = read_text("Qty,Region,Date\n5,N,2024-01\n6,N,2024-02\n");
        let s = single_series(&t, "x").unwrap();
        assert_eq!(s.columns, ["Date".to_string(), "Qty".to_string()]);
        assert_eq!(s.series.values, [5.0, 6.0]);
    }

    #[test]
    fn letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }
}
