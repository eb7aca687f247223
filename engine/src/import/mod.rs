//! Import: whatever a planner pastes or drops — clipboard ranges, CSV/TSV in any
//! encoding, spreadsheet workbooks — first kept as the user's own cells ([`RawTable`]),
//! then checked into a [`dataset::Dataset`] under a [`mapping::ColumnMapping`].
//!
//! Raw first, checked second: nothing is typed until the whole column has been looked at
//! (the decimal mark and the date order are column decisions), and every complaint
//! carries the row, the column and the cell's own text, so the page can show the user
//! their cell beside it. Problems never discard the whole table: a bad row is skipped,
//! counted and explained.
//!
//! The steps: [`text::decode`] and [`text::read_text`] (or a workbook reader) give a
//! [`RawTable`]; [`mapping::detect`] proposes a layout and column roles; the user may
//! change them; [`dataset::check`] reads the table under the mapping. [`import_text`]
//! and [`import_bytes`] run the whole way with the detected mapping.

pub mod dataset;
pub mod mapping;
pub mod text;
pub mod workbook;

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::plural;
use dataset::DatasetImport;

#[cfg(test)]
use crate::{calendar::Period, number::DecimalMark};

/// One row of a [`RawTable`], with its line in the source.
///
/// The cells are kept in one string with their end offsets, not as a `String` each: a
/// million-row file then costs two allocations per row instead of one per cell, which
/// is what keeps a large import within a few times the file's size in memory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawRow {
    /// 1-based line of the source where the row starts (what the user sees in their file).
    pub line: usize,
    /// The cells' text, one after the other.
    text: String,
    /// Where each cell ends in `text`.
    ends: Vec<u32>,
}

impl RawRow {
    /// A row of `cells` at `line`; trailing empty cells are dropped.
    #[must_use]
    pub fn new<S: AsRef<str>>(line: usize, cells: impl IntoIterator<Item = S>) -> Self {
        let mut text = String::new();
        let mut ends = Vec::new();
        let mut kept = (0, 0);
        for cell in cells {
            text.push_str(cell.as_ref());
            ends.push(u32::try_from(text.len()).unwrap_or(u32::MAX));
            if !cell.as_ref().is_empty() {
                kept = (ends.len(), text.len());
            }
        }
        ends.truncate(kept.0);
        text.truncate(kept.1);
        text.shrink_to_fit();
        ends.shrink_to_fit();
        Self { line, text, ends }
    }

    /// The text of cell `i`; empty past the row's end.
    #[must_use]
    pub fn cell(&self, i: usize) -> &str {
        let start = if i == 0 {
            0
        } else {
            self.ends.get(i - 1).map_or(usize::MAX, |e| *e as usize)
        };
        let end = self.ends.get(i).map_or(usize::MAX, |e| *e as usize);
        self.text.get(start..end).unwrap_or("")
    }

    /// How many cells the row has (after trailing empty ones were dropped).
    #[must_use]
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether the row has no cell.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The cells' text in order.
    pub fn cells(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.len()).map(|i| self.cell(i))
    }
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
        self.rows.iter().map(RawRow::len).max().unwrap_or(0)
    }
}

/// The longest history one series may span, in periods (over 270 years of days).
pub const MAX_PERIODS: i64 = 100_000;

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
            "row {}, column {}: {} {}",
            self.row,
            Quoted(&self.column),
            Quoted(&self.cell),
            self.message
        )
    }
}

/// A cell's text in quotes, as a message shows it: whole up to [`Quoted::MAX`]
/// characters, otherwise its start, "…" and its length — a megabyte pasted into one cell
/// must not become a megabyte of message. The cell itself is kept whole.
struct Quoted<'a>(&'a str);

impl Quoted<'_> {
    /// The longest text shown whole.
    const MAX: usize = 80;
    /// How much of a longer one is shown.
    const SHOWN: usize = 60;
}

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = self.0;
        if text.char_indices().nth(Self::MAX).is_none() {
            return write!(f, "\"{text}\"");
        }
        let end = text.char_indices().nth(Self::SHOWN).map_or(0, |(i, _)| i);
        write!(
            f,
            "\"{}…\" ({} characters)",
            &text[..end],
            text.chars().count()
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
    /// The file could not be read at all (damaged workbook, binary data).
    Unreadable(String),
    /// No column holds periods (long layout) or period headers (wide layout).
    NoPeriodColumn,
    /// No column holds quantities.
    NoQuantityColumn,
    /// A column header of a wide sheet is not a period.
    BadPeriodHeader {
        /// The header.
        column: String,
        /// Why not.
        reason: String,
    },
    /// The periods run from `first` to `last`, more than [`MAX_PERIODS`] periods.
    SpanTooLong {
        /// The earliest period.
        first: String,
        /// The latest period.
        last: String,
        /// How many periods lie between them.
        periods: i64,
    },
    /// There were rows, but every one of them had a problem — or there was only a
    /// header, or only rows that look like totals (no problem is listed then).
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
            Self::Unreadable(why) => write!(f, "{why}"),
            Self::NoPeriodColumn => write!(f, "no column holds periods: mark the column with dates or periods as \"Period\""),
            Self::NoQuantityColumn => write!(f, "no column holds quantities: mark the column with the quantities sold as \"Quantity\""),
            Self::BadPeriodHeader { column, reason } => write!(f, "column {} is marked as the quantities of a period, but its header {reason}", Quoted(column)),
            Self::SpanTooLong { first, last, periods } => write!(
                f,
                "the periods run from {first} to {last}, {periods} periods in all; Attune handles at most {MAX_PERIODS} — check the period column"
            ),
            Self::NoUsableRows { problems } if problems.is_empty() => write!(f, "no row could be used: there are no rows of data under the header (rows that look like totals are left out)"),
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

/// Reads a file's bytes into its sheets: every sheet of a workbook (XLSX, XLS, ODS), or
/// the one table of a text file (CSV/TSV/TXT in any encoding), named after the file.
///
/// # Errors
/// [`ImportError::Unreadable`] when a workbook is damaged, or the bytes are binary but not
/// a workbook.
pub fn read_file(name: &str, bytes: &[u8]) -> Result<Vec<(String, RawTable)>, ImportError> {
    if bytes.is_empty() {
        return Err(ImportError::Empty);
    }
    if workbook::sniff(bytes).is_some() {
        let book = workbook::read_workbook(bytes)
            .map_err(|e| ImportError::Unreadable(format!("{name}: {e}")))?;
        return Ok(book.sheets.into_iter().map(|s| (s.name, s.table)).collect());
    }
    // Binary that is not text: NUL bytes outside UTF-16.
    let (text, encoding) = text::decode(bytes);
    let binary = encoding != text::Encoding::Utf16Le
        && encoding != text::Encoding::Utf16Be
        && bytes.iter().take(8192).filter(|b| **b == 0).count() > 0;
    if binary {
        return Err(ImportError::Unreadable(format!(
            "{name} is not a text file (CSV, TSV) nor a workbook Attune can read (XLSX, XLS, ODS)"
        )));
    }
    Ok(vec![(name.to_string(), text::read_text(&text))])
}

/// Reads text (pasted or decoded) all the way to a dataset with the detected mapping.
/// `default_id` names the series of a single-series table (the file name, say).
///
/// # Errors
/// [`ImportError`] as [`dataset::check`].
pub fn import_text(
    text: &str,
    default_id: &str,
    today: Option<NaiveDate>,
) -> Result<DatasetImport, ImportError> {
    let table = text::read_text(text);
    let mapping = mapping::detect(&table);
    dataset::check(&table, &mapping, default_id, today)
}

/// Reads file bytes (CSV/TSV/text in any encoding) all the way to a dataset.
///
/// # Errors
/// [`ImportError`] as [`dataset::check`].
pub fn import_bytes(
    bytes: &[u8],
    default_id: &str,
    today: Option<NaiveDate>,
) -> Result<DatasetImport, ImportError> {
    import_text(&text::decode(bytes).0, default_id, today)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_clipboard_with_header_and_trailing_tabs() {
        let d = import_text(
            "Month\tQty\t\t\r\n2024-01\t10\t\t\r\n2024-02\t12\r\n\r\n",
            "x",
            None,
        )
        .unwrap();
        assert!(d.mapping.has_header);
        assert_eq!(d.columns, ["Month", "Qty"]);
        let s = d.dataset.items[0].to_series();
        assert_eq!(
            (s.id.as_str(), s.values.as_slice()),
            ("x", &[10.0, 12.0][..])
        );
        assert_eq!(s.start, Period::month(2024, 1));
    }

    #[test]
    fn semicolons_with_decimal_commas() {
        let d = import_bytes(
            b"\xEF\xBB\xBFperiod;qty\n2024-01;1.234,5\n2024-02;2,5\n",
            "x",
            None,
        )
        .unwrap();
        assert_eq!(d.mapping.decimal_mark, Some(DecimalMark::Comma));
        assert_eq!(d.dataset.items[0].to_series().values, [1234.5, 2.5]);
    }

    #[test]
    fn bad_rows_are_skipped_and_named() {
        let d = import_text(
            "Month\tQty\n2024-01\t10\n2024-02\tabc\nlater\t5\n2024-03\t7\n",
            "x",
            None,
        )
        .unwrap();
        assert_eq!(
            (
                d.summary.rows_read,
                d.summary.rows_used,
                d.summary.rows_skipped
            ),
            (4, 2, 2)
        );
        let msgs: Vec<String> = d.problems.iter().map(ToString::to_string).collect();
        assert_eq!(msgs[0], "row 3, column \"Qty\": \"abc\" is not a number");
        assert!(
            msgs[1].starts_with("row 4, column \"Month\": \"later\" is not a period"),
            "{}",
            msgs[1]
        );
        assert_eq!(d.dataset.items[0].to_series().values, [10.0, 0.0, 7.0]);
    }

    #[test]
    fn no_header_uses_letters() {
        let d = import_text(
            "2024-01\t10.5\n2024-02\t1.234,5\n2024-03\t3.25\n",
            "x",
            None,
        )
        .unwrap();
        assert!(!d.mapping.has_header);
        assert_eq!(
            d.problems[0].to_string(),
            "row 2, column \"B\": \"1.234,5\" is not a number with \".\" as the decimal mark — switch to \",\"?"
        );
    }

    #[test]
    fn unsorted_rows_are_ordered_and_duplicates_summed() {
        let d = import_text(
            "2024-03\t1\n2024-01\t2\n2024-01\t3\n2024-02\t4\n",
            "x",
            None,
        )
        .unwrap();
        assert_eq!(d.dataset.items[0].to_series().values, [5.0, 4.0, 1.0]);
        assert!(
            d.warnings
                .iter()
                .any(|w| w.message.starts_with("1 row repeats")),
            "{:?}",
            d.warnings
        );
    }

    #[test]
    fn errors_for_empty_one_column_and_nothing_usable() {
        assert_eq!(import_text("", "x", None), Err(ImportError::Empty));
        assert_eq!(import_text("\n\n", "x", None), Err(ImportError::Empty));
        assert_eq!(
            import_text("a\nb\n", "x", None),
            Err(ImportError::OneColumn)
        );
        let err = import_text("Month\tQty\nfoo\tbar\n", "x", None).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("no row could be used (1 problem); the first: row 2"),
            "{err}"
        );
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
