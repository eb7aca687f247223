//! Spreadsheet workbooks (XLSX, XLS, ODS) read into one [`RawTable`] per sheet, so a
//! planner can drop the file their ERP exported instead of copying ranges out of it.
//!
//! The parsing is [`calamine`]'s: pure Rust, reads all three formats (and XLSB, which we
//! refuse with a clear word), builds for `wasm32-unknown-unknown` and brings no web crate.
//! Measured: calamine 0.38 brings 24 crates into the engine's build (zip 9.0 with
//! zlib-rs, quick-xml 0.42, encoding_rs, codepage and small helpers), and a release
//! wasm32 probe that calls [`read_workbook`] is about 650 KB larger (about 345 KB
//! gzipped, before wasm-opt) than one that only decodes text. The page's own wasm does
//! not call the reader, so LTO leaves it out there. zip is pinned to 9.0.x: from 9.1 on it
//! always depends on getrandom with `wasm_js`, i.e. on wasm-bindgen and js-sys, which
//! the engine must not pull in.
//!
//! Cells become the text a person sees in the sheet, faithfully enough for the importer
//! to decide types later: numbers in shortest round-trip form with a '.', dates as ISO
//! (`2024-03-15`, or `2024-03-15 13:45:00` with a time), booleans as `TRUE`/`FALSE`,
//! error cells as Excel writes them (`#DIV/0!`), formulas as their cached value. A date
//! cell below serial 1 has no day and reads as a time (`13:45:00`); an Excel duration
//! reads as ISO 8601 (`PT36H30M00S`); a date cell outside Excel's calendar reads as its
//! number. Row numbers are the sheet's own (1-based), cell 0 of every row is column A,
//! blank rows and trailing blank cells are dropped, chart and macro sheets left out.
//!
//! Limits, because a workbook is a zip or an OLE container whose declared sizes and
//! repeat counts can ask for far more memory than the file holds. A refusal is a
//! [`WorkbookError`], not a panic or an allocation failure:
//! - zip (XLSX, ODS): the entries' declared unpacked sizes must add up to at most
//!   [`MAX_UNPACKED_BYTES`]. zip 9.0.1 and later fail a read that runs past an entry's
//!   declared size, so a zip bomb with lying headers stops there too.
//! - cells: at most [`MAX_CELLS`] cells handed back over the whole workbook, counting
//!   the blanks that keep rows aligned to column A, and at most [`MAX_UNPACKED_BYTES`]
//!   of cell text; no cell past row [`MAX_ROWS`] or column [`MAX_COLUMNS`].
//! - calamine is not hardened against every crafted file, so before it runs we look at
//!   what it would allocate: XLSX sheets are streamed cell by cell (never as a dense
//!   range), the shared-string count is checked before calamine reserves for it; ODS
//!   `content.xml` is scanned for row/column repeats and space runs and the dense range
//!   calamine would build is sized; XLS gets its OLE sector chains walked (cycles,
//!   out-of-file sectors) and its BIFF records scanned for the ranges each sheet would
//!   span and the shared strings each cell would copy, and the records calamine reads
//!   without a length check are checked here. What is left (a malformed formula or
//!   record calamine indexes past, an absurd cell reference whose arithmetic overflows
//!   in a debug build) is caught as a panic on native targets and reported as
//!   [`WorkbookError::Damaged`]; the wasm build aborts on panic, so there the reader
//!   worker would stop.
//!
//! The engine uses no clock: dates come from the cell values alone. The fixtures in
//! `testdata/workbooks/` come from the ignored test `write_workbook_fixtures` (XLSX) and
//! the Python scripts beside them (ODS, XLS).

use std::fmt;
use std::io::{BufReader, Cursor, Read};
use std::panic::{catch_unwind, AssertUnwindSafe};

use calamine::{
    Data, DataType, ExcelDateTime, Ods, OdsError, Range, Reader, SheetType, Xls, XlsError, Xlsx,
    XlsxError,
};
use chrono::{NaiveDateTime, Timelike};
use quick_xml::events::{BytesStart, Event};
use serde::{Deserialize, Serialize};

use super::{RawRow, RawTable};

/// Most cells handed back for one workbook, blanks that pad rows to column A included.
pub const MAX_CELLS: u64 = 5_000_000;
/// The last row a sheet may use (Excel's limit).
pub const MAX_ROWS: u64 = 1_048_576;
/// The last column a sheet may use (Excel's limit, column XFD).
pub const MAX_COLUMNS: u64 = 16_384;
/// Most bytes a workbook may unpack to (its zip entries), and most bytes of cell text.
pub const MAX_UNPACKED_BYTES: u64 = 200 * 1024 * 1024;

/// One sheet of a workbook, as text cells.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sheet {
    /// The sheet's tab name.
    pub name: String,
    /// Its non-blank rows; `line` is the sheet's row number, cell 0 is column A.
    pub table: RawTable,
}

/// All sheets, in workbook order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Workbook {
    /// What kind of file it was.
    pub format: WorkbookFormat,
    /// Worksheets in tab order (chart and macro sheets are left out).
    pub sheets: Vec<Sheet>,
}

/// The workbook file formats read here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum WorkbookFormat {
    /// Excel 2007 and later (Office Open XML, a zip).
    Xlsx,
    /// Excel 97–2003 (BIFF in an OLE compound file).
    Xls,
    /// OpenDocument spreadsheet (LibreOffice, a zip).
    Ods,
}

impl WorkbookFormat {
    /// The kind of file in a planner's words, without an article.
    fn noun(self) -> &'static str {
        match self {
            Self::Xlsx => "Excel workbook (.xlsx)",
            Self::Xls => "Excel 97-2003 workbook (.xls)",
            Self::Ods => "OpenDocument spreadsheet (.ods)",
        }
    }

    /// The same with its indefinite article.
    fn a_noun(self) -> String {
        format!("an {}", self.noun())
    }
}

/// Why a workbook could not be read. Each variant names the format it was read as.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum WorkbookError {
    /// The bytes are neither a zip holding a workbook (XLSX, ODS) nor an OLE file (XLS).
    NotAWorkbook,
    /// The file has the shape of `format` but cannot be read through: cut short,
    /// corrupted, or holding a structure the reader does not accept.
    Damaged {
        /// The format the file was read as.
        format: WorkbookFormat,
        /// What went wrong, as the reader found it (technical, shown in parentheses).
        detail: String,
    },
    /// The workbook is encrypted with a password.
    Encrypted {
        /// The format the file was read as.
        format: WorkbookFormat,
    },
    /// A variant of the format this reader does not read (binary .xlsb, say).
    Unsupported {
        /// The format the file was read as.
        format: WorkbookFormat,
        /// What it is, in a planner's words ("a binary Excel workbook (.xlsb)").
        what: String,
    },
    /// The workbook unpacks to, or its cell text adds up to, more than
    /// [`MAX_UNPACKED_BYTES`].
    TooMuchData {
        /// The format the file was read as.
        format: WorkbookFormat,
        /// Bytes counted when the reader stopped (at least this many).
        bytes: u64,
        /// The limit, [`MAX_UNPACKED_BYTES`].
        limit: u64,
    },
    /// The workbook holds more than [`MAX_CELLS`] cells.
    TooManyCells {
        /// The format the file was read as.
        format: WorkbookFormat,
        /// The sheet on which the count went over, when known.
        sheet: Option<String>,
        /// The limit, [`MAX_CELLS`].
        limit: u64,
    },
    /// A cell lies past row [`MAX_ROWS`] or column [`MAX_COLUMNS`].
    BeyondSheetLimits {
        /// The format the file was read as.
        format: WorkbookFormat,
        /// The sheet holding the cell.
        sheet: String,
        /// 1-based row of the cell.
        row: u64,
        /// 1-based column of the cell.
        column: u64,
    },
}

impl fmt::Display for WorkbookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotAWorkbook => write!(
                f,
                "this file is not a spreadsheet workbook (.xlsx, .xls or .ods); save it from \
                 your spreadsheet in one of those formats, or as CSV"
            ),
            Self::Damaged { format, detail } => write!(
                f,
                "this file looks like {} but it is damaged or incomplete ({detail}); open it \
                 in your spreadsheet and save it again",
                format.a_noun()
            ),
            Self::Encrypted { format } => write!(
                f,
                "this {} is protected with a password; remove the password in your \
                 spreadsheet and save it again",
                format.noun()
            ),
            Self::Unsupported { format, what } => write!(
                f,
                "this file is {what}, which cannot be read here (it was taken for {}); save \
                 it as .xlsx or .ods",
                format.a_noun()
            ),
            Self::TooMuchData {
                format,
                bytes,
                limit,
            } => write!(
                f,
                "this {} unpacks to at least {} MB, more than the {} MB read here; copy the \
                 rows you need into a new workbook, or save them as CSV",
                format.noun(),
                grouped(bytes.div_ceil(1024 * 1024)),
                grouped(limit / (1024 * 1024))
            ),
            Self::TooManyCells {
                format,
                sheet,
                limit,
            } => {
                write!(
                    f,
                    "this {} has more than {} cells, the most read here",
                    format.noun(),
                    grouped(*limit)
                )?;
                if let Some(sheet) = sheet {
                    write!(f, " (counted up to sheet \"{sheet}\")")?;
                }
                write!(
                    f,
                    "; copy the rows you need into a new workbook, or save them as CSV"
                )
            }
            Self::BeyondSheetLimits {
                format,
                sheet,
                row,
                column,
            } => write!(
                f,
                "sheet \"{sheet}\" of this {} has a cell at row {}, column {}, past the \
                 spreadsheet limits ({} rows, {} columns); the file is damaged or was not \
                 written by a spreadsheet",
                format.noun(),
                grouped(*row),
                grouped(*column),
                grouped(MAX_ROWS),
                grouped(MAX_COLUMNS)
            ),
        }
    }
}

impl std::error::Error for WorkbookError {}

/// `1234567` → `"1,234,567"`.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const ZIP_LOCAL_HEADER: [u8; 4] = *b"PK\x03\x04";
const ODS_MIMETYPE: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";

/// Sniffs the format from the bytes: a zip with `xl/` entries is XLSX, a zip whose
/// `mimetype` entry says OpenDocument spreadsheet is ODS, an OLE compound file (header
/// `D0 CF 11 E0`) is XLS. `None` when the bytes are not a workbook. Looks only at local
/// zip headers, so a workbook cut short is still recognised (and then reported damaged).
#[must_use]
pub fn sniff(bytes: &[u8]) -> Option<WorkbookFormat> {
    if bytes.starts_with(&OLE_MAGIC) {
        return Some(WorkbookFormat::Xls);
    }
    if !bytes.starts_with(&ZIP_LOCAL_HEADER) {
        return None;
    }
    let mut at = 0;
    while let Some(found) = find(&bytes[at..], &ZIP_LOCAL_HEADER) {
        let start = at + found;
        at = start + ZIP_LOCAL_HEADER.len();
        let (Some(method), Some(name_len), Some(extra_len)) = (
            le_u16(bytes, start + 8),
            le_u16(bytes, start + 26),
            le_u16(bytes, start + 28),
        ) else {
            continue;
        };
        let name_start = start + 30;
        let Some(name) = bytes.get(name_start..name_start + usize::from(name_len)) else {
            continue;
        };
        if name.starts_with(b"xl/") {
            return Some(WorkbookFormat::Xlsx);
        }
        if name == b"mimetype" && method == 0 {
            let data = name_start + usize::from(name_len) + usize::from(extra_len);
            if bytes
                .get(data..data + ODS_MIMETYPE.len())
                .is_some_and(|m| m == ODS_MIMETYPE)
            {
                return Some(WorkbookFormat::Ods);
            }
        }
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn le_u16(bytes: &[u8], at: usize) -> Option<u16> {
    let b = bytes.get(at..at + 2)?;
    Some(u16::from_le_bytes([b[0], b[1]]))
}

fn le_u32(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at + 4)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

fn le_u64(bytes: &[u8], at: usize) -> Option<u64> {
    let b = bytes.get(at..at + 8)?;
    let mut a = [0u8; 8];
    a.copy_from_slice(b);
    Some(u64::from_le_bytes(a))
}

/// Reads every worksheet of an XLSX, XLS or ODS file into text cells.
///
/// # Errors
///
/// [`WorkbookError::NotAWorkbook`] when [`sniff`] does not recognise the bytes;
/// [`WorkbookError::Damaged`] when the file is cut short or corrupted;
/// [`WorkbookError::Encrypted`] for a password-protected workbook (including an
/// encrypted `.xlsx`, which is an OLE file); [`WorkbookError::Unsupported`] for `.xlsb`;
/// [`WorkbookError::TooMuchData`], [`WorkbookError::TooManyCells`] and
/// [`WorkbookError::BeyondSheetLimits`] past the limits in the module docs.
pub fn read_workbook(bytes: &[u8]) -> Result<Workbook, WorkbookError> {
    let format = sniff(bytes).ok_or(WorkbookError::NotAWorkbook)?;
    let read = catch_unwind(AssertUnwindSafe(|| match format {
        WorkbookFormat::Xlsx => read_xlsx(bytes),
        WorkbookFormat::Ods => read_ods(bytes),
        WorkbookFormat::Xls => read_xls(bytes),
    }));
    let sheets = read.unwrap_or_else(|_| {
        Err(WorkbookError::Damaged {
            format,
            detail: "the reader stopped on a structure it could not follow".to_owned(),
        })
    })?;
    Ok(Workbook { format, sheets })
}

// ---------------------------------------------------------------------------
// Cells to text.

/// The text a cell shows, as described in the module docs.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_owned(),
        Data::Int(i) => i.to_string(),
        Data::Float(x) => number_text(*x),
        Data::Bool(true) => "TRUE".to_owned(),
        Data::Bool(false) => "FALSE".to_owned(),
        Data::Error(e) => e.to_string(),
        Data::DateTime(dt) => excel_datetime_text(dt),
        Data::DateTimeIso(s) => match (cell.as_datetime(), cell.as_date()) {
            (Some(dt), _) => datetime_text(dt),
            (None, Some(d)) => d.format("%Y-%m-%d").to_string(),
            (None, None) => s.trim().to_owned(),
        },
        Data::DurationIso(s) => s.trim().to_owned(),
    }
}

/// Shortest text that reads back as the same `f64`, with '.'; "" when not finite.
fn number_text(x: f64) -> String {
    if !x.is_finite() {
        String::new()
    } else if x == 0.0 {
        "0".to_owned()
    } else {
        x.to_string()
    }
}

/// Excel's largest date serial (9999-12-31) plus one day.
const EXCEL_SERIAL_END: f64 = 2_958_466.0;

/// An Excel date, time or duration cell as ISO text.
fn excel_datetime_text(dt: &ExcelDateTime) -> String {
    let serial = dt.as_f64();
    if !serial.is_finite() {
        return String::new();
    }
    if dt.is_duration() {
        return duration_text(serial);
    }
    // Outside Excel's calendar the sheet shows ####; the number is the honest text.
    if !(0.0..EXCEL_SERIAL_END).contains(&serial) {
        return number_text(serial);
    }
    match dt.as_datetime() {
        // A serial below 1 has no day: Excel shows it as a time of day.
        Some(t) if serial < 1.0 => time_text(t),
        Some(t) => datetime_text(t),
        None => number_text(serial),
    }
}

fn datetime_text(t: NaiveDateTime) -> String {
    if t.time() == chrono::NaiveTime::MIN {
        t.format("%Y-%m-%d").to_string()
    } else if t.nanosecond() == 0 {
        t.format("%Y-%m-%d %H:%M:%S").to_string()
    } else {
        t.format("%Y-%m-%d %H:%M:%S%.3f").to_string()
    }
}

fn time_text(t: NaiveDateTime) -> String {
    if t.nanosecond() == 0 {
        t.format("%H:%M:%S").to_string()
    } else {
        t.format("%H:%M:%S%.3f").to_string()
    }
}

/// A duration in days as ISO 8601 (`PT36H30M00S`), the way LibreOffice writes them.
fn duration_text(days: f64) -> String {
    // Rounded to Excel's millisecond; |days| < 1e10 keeps it well inside i64.
    if days.abs() >= 1e10 {
        return number_text(days);
    }
    let total_ms = (days * 86_400_000.0).round() as i64;
    let sign = if total_ms < 0 { "-" } else { "" };
    let ms = total_ms.unsigned_abs();
    let (h, m, s, milli) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    if milli == 0 {
        format!("{sign}PT{h}H{m:02}M{s:02}S")
    } else {
        format!("{sign}PT{h}H{m:02}M{s:02}.{milli:03}S")
    }
}

// ---------------------------------------------------------------------------
// Building tables within the limits.

/// What is left of the workbook's cell and text allowance.
#[derive(Debug)]
struct Allowance {
    format: WorkbookFormat,
    cells: u64,
    text: u64,
}

impl Allowance {
    fn new(format: WorkbookFormat) -> Self {
        Self {
            format,
            cells: MAX_CELLS,
            text: MAX_UNPACKED_BYTES,
        }
    }

    fn take_cells(&mut self, n: u64, sheet: &str) -> Result<(), WorkbookError> {
        self.cells = self
            .cells
            .checked_sub(n)
            .ok_or_else(|| WorkbookError::TooManyCells {
                format: self.format,
                sheet: Some(sheet.to_owned()),
                limit: MAX_CELLS,
            })?;
        Ok(())
    }

    fn take_text(&mut self, n: usize) -> Result<(), WorkbookError> {
        let n = n as u64;
        self.text = self.text.checked_sub(n).ok_or(WorkbookError::TooMuchData {
            format: self.format,
            bytes: (MAX_UNPACKED_BYTES - self.text).saturating_add(n),
            limit: MAX_UNPACKED_BYTES,
        })?;
        Ok(())
    }

    fn check_position(&self, sheet: &str, row: u64, col: u64) -> Result<(), WorkbookError> {
        if row >= MAX_ROWS || col >= MAX_COLUMNS {
            return Err(WorkbookError::BeyondSheetLimits {
                format: self.format,
                sheet: sheet.to_owned(),
                row: row + 1,
                column: col + 1,
            });
        }
        Ok(())
    }
}

/// Cells that arrive one by one (XLSX), as (row, column, text) with 0-based positions.
fn table_from_sparse(
    mut cells: Vec<(u32, u32, String)>,
    sheet: &str,
    allowance: &mut Allowance,
) -> Result<RawTable, WorkbookError> {
    // Stable: of two cells at one spot (a damaged file), the later one wins below.
    cells.sort_by_key(|&(row, col, _)| (row, col));
    let mut rows: Vec<RawRow> = Vec::new();
    let mut cells = cells.into_iter().peekable();
    while let Some((row, col, text)) = cells.next() {
        let mut in_row = vec![(col, text)];
        while let Some((_, next_col, next_text)) = cells.next_if(|c| c.0 == row) {
            match in_row.last_mut() {
                Some(last) if last.0 == next_col => last.1 = next_text,
                _ => in_row.push((next_col, next_text)),
            }
        }
        let width = in_row.last().map_or(0, |c| c.0 as usize + 1);
        allowance.take_cells(width as u64, sheet)?;
        let mut out = vec![String::new(); width];
        for (col, text) in in_row {
            if let Some(slot) = out.get_mut(col as usize) {
                *slot = text;
            }
        }
        rows.push(RawRow::new(row as usize + 1, out));
    }
    Ok(RawTable {
        rows,
        delimiter: '\t',
    })
}

/// A dense calamine range (ODS, XLS), placed at its start row and column.
fn table_from_range(
    range: &Range<Data>,
    sheet: &str,
    allowance: &mut Allowance,
) -> Result<RawTable, WorkbookError> {
    let Some((first_row, first_col)) = range.start() else {
        return Ok(RawTable {
            rows: Vec::new(),
            delimiter: '\t',
        });
    };
    let mut rows = Vec::new();
    for (i, cells) in range.rows().enumerate() {
        let row = u64::from(first_row) + i as u64;
        let texts: Vec<String> = cells.iter().map(cell_text).collect();
        let Some(last) = texts.iter().rposition(|t| !t.is_empty()) else {
            continue;
        };
        allowance.check_position(sheet, row, u64::from(first_col) + last as u64)?;
        let width = first_col as usize + last + 1;
        allowance.take_cells(width as u64, sheet)?;
        allowance.take_text(texts.iter().map(String::len).sum())?;
        let mut out = vec![String::new(); first_col as usize];
        out.extend(texts.into_iter().take(last + 1));
        rows.push(RawRow::new(row as usize + 1, out));
    }
    Ok(RawTable {
        rows,
        delimiter: '\t',
    })
}

// ---------------------------------------------------------------------------
// Zip containers (XLSX, ODS).

type ZipBytes<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

fn damaged(format: WorkbookFormat, detail: impl fmt::Display) -> WorkbookError {
    WorkbookError::Damaged {
        format,
        detail: detail.to_string(),
    }
}

/// Opens the zip and refuses it when its entries declare more than
/// [`MAX_UNPACKED_BYTES`] in all.
fn open_zip(bytes: &[u8], format: WorkbookFormat) -> Result<ZipBytes<'_>, WorkbookError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| damaged(format, e))?;
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(|e| damaged(format, e))?;
        total = total.saturating_add(entry.size());
    }
    if total > MAX_UNPACKED_BYTES {
        return Err(WorkbookError::TooMuchData {
            format,
            bytes: total,
            limit: MAX_UNPACKED_BYTES,
        });
    }
    Ok(zip)
}

/// The value of attribute `key` of an XML start tag, if present and readable.
fn attr(e: &BytesStart<'_>, key: &str) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .map(|a| a.value.into_owned())
}

/// A decimal count attribute, saturating; `None` when it is not a plain number.
fn count_attr(e: &BytesStart<'_>, key: &str) -> Option<u64> {
    let v = attr(e, key)?;
    let v = v.trim();
    let v = v.strip_prefix('+').unwrap_or(v);
    if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(v.bytes().fold(0u64, |n, b| {
        n.saturating_mul(10).saturating_add(u64::from(b - b'0'))
    }))
}

fn read_xlsx(bytes: &[u8]) -> Result<Vec<Sheet>, WorkbookError> {
    let format = WorkbookFormat::Xlsx;
    let mut zip = open_zip(bytes, format)?;
    if zip.index_for_name("xl/workbook.bin").is_some() {
        return Err(WorkbookError::Unsupported {
            format,
            what: "a binary Excel workbook (.xlsb)".to_owned(),
        });
    }
    check_shared_strings(&mut zip)?;
    drop(zip);

    let mut book = Xlsx::new(Cursor::new(bytes)).map_err(|e| match e {
        XlsxError::Password => WorkbookError::Encrypted { format },
        e => damaged(format, e),
    })?;
    let mut allowance = Allowance::new(format);
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let mut reader = match book.worksheet_cells_reader(&name) {
            Ok(reader) => reader,
            Err(XlsxError::NotAWorksheet(_)) => continue,
            Err(e) => return Err(damaged(format, e)),
        };
        let mut cells = Vec::new();
        let mut left = allowance.cells;
        while let Some(cell) = reader.next_cell().map_err(|e| damaged(format, e))? {
            let (row, col) = cell.get_position();
            let text = cell_text(&Data::from(cell.get_value().clone()));
            if text.is_empty() {
                continue;
            }
            allowance.check_position(&name, u64::from(row), u64::from(col))?;
            // Each kept cell costs at least one cell of the allowance.
            left = left.checked_sub(1).ok_or(WorkbookError::TooManyCells {
                format,
                sheet: Some(name.clone()),
                limit: MAX_CELLS,
            })?;
            allowance.take_text(text.len())?;
            cells.push((row, col, text));
        }
        let table = table_from_sparse(cells, &name, &mut allowance)?;
        sheets.push(Sheet { name, table });
    }
    Ok(sheets)
}

/// calamine reserves room for the shared-string table's declared `uniqueCount` before
/// reading it; refuse counts the entry could not hold.
fn check_shared_strings(zip: &mut ZipBytes<'_>) -> Result<(), WorkbookError> {
    let format = WorkbookFormat::Xlsx;
    let names: Vec<String> = zip
        .file_names()
        .flatten()
        .filter(|n| n.to_ascii_lowercase().ends_with("sharedstrings.xml"))
        .map(|n| n.into_owned())
        .collect();
    for name in names {
        let entry = zip.by_name(&name).map_err(|e| damaged(format, e))?;
        let size = entry.size();
        let mut xml = quick_xml::Reader::from_reader(BufReader::new(entry));
        let mut buf = Vec::new();
        loop {
            match xml.read_event_into(&mut buf) {
                Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "sst" => {
                    let Some(n) = count_attr(&e, "uniqueCount") else {
                        break;
                    };
                    if n > MAX_CELLS {
                        return Err(WorkbookError::TooManyCells {
                            format,
                            sheet: None,
                            limit: MAX_CELLS,
                        });
                    }
                    // Each entry takes at least `<si></si>`.
                    if n > size / 9 + 1 {
                        return Err(damaged(
                            format,
                            format!("the shared-text table claims {n} entries in {size} bytes"),
                        ));
                    }
                    break;
                }
                Ok(Event::Eof) | Err(_) => break,
                Ok(_) => {}
            }
            buf.clear();
        }
    }
    Ok(())
}

fn read_ods(bytes: &[u8]) -> Result<Vec<Sheet>, WorkbookError> {
    let format = WorkbookFormat::Ods;
    let mut zip = open_zip(bytes, format)?;
    match zip.by_name("content.xml") {
        Ok(content) => scan_ods_content(BufReader::new(content))?,
        Err(zip::result::ZipError::FileNotFound) => {
            return Err(damaged(format, "it has no content.xml"));
        }
        Err(e) => return Err(damaged(format, e)),
    }
    drop(zip);

    let mut book: Ods<_> = Ods::new(Cursor::new(bytes)).map_err(|e| match e {
        OdsError::Password => WorkbookError::Encrypted { format },
        e => damaged(format, e),
    })?;
    dense_sheets(&mut book, format)
}

/// Every worksheet of a workbook calamine has already parsed into dense ranges (ODS, XLS).
fn dense_sheets<RS, R>(book: &mut R, format: WorkbookFormat) -> Result<Vec<Sheet>, WorkbookError>
where
    RS: Read + std::io::Seek,
    R: Reader<RS>,
    R::Error: fmt::Display,
{
    let names: Vec<String> = book
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| s.name.clone())
        .collect();
    let mut allowance = Allowance::new(format);
    let mut sheets = Vec::with_capacity(names.len());
    for name in names {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| damaged(format, e))?;
        let table = table_from_range(&range, &name, &mut allowance)?;
        sheets.push(Sheet { name, table });
    }
    Ok(sheets)
}

/// Sizes what calamine builds from an ODS `content.xml` before it runs: it expands
/// `number-columns-repeated` into that many cells (up to column XFD), each row's
/// `number-rows-repeated` into that many copies of the row between the first and last
/// filled rows, `<text:s text:c="n"/>` into n spaces, and copies a repeated cell's text
/// into every copy. Refuses once the cells or the text would pass the limits. Errors in
/// the XML are left for calamine to report.
fn scan_ods_content(content: impl std::io::BufRead) -> Result<(), WorkbookError> {
    let mut xml = quick_xml::Reader::from_reader(content);
    let config = xml.config_mut();
    config.check_end_names = false;
    config.expand_empty_elements = true;
    config.check_comments = false;
    config.trim_text(false);
    let mut scan = OdsScan::default();
    let mut buf = Vec::new();
    loop {
        match xml.read_event_into(&mut buf) {
            Ok(Event::Eof) | Err(_) => return Ok(()),
            Ok(Event::Start(e)) => scan.start(&e),
            Ok(Event::End(e)) => scan.end(e.name().as_ref())?,
            Ok(Event::Text(t)) => scan.add_text(t.len() as u64),
            Ok(Event::CData(t)) => scan.add_text(t.len() as u64),
            Ok(Event::GeneralRef(_)) => scan.add_text(4),
            Ok(_) => {}
        }
        buf.clear();
    }
}

/// Running totals of [`scan_ods_content`].
#[derive(Debug, Default)]
struct OdsScan {
    sheet: Option<OdsSheetScan>,
    row: Option<OdsRowScan>,
    cell: Option<OdsCellScan>,
    /// Cells of the dense ranges of the sheets already closed.
    area: u64,
    /// Bytes of cell text calamine will hold, copies included.
    text: u64,
}

#[derive(Debug, Default)]
struct OdsSheetScan {
    name: String,
    /// Rows so far, repeats included (calamine stops counting at [`MAX_ROWS`]).
    rows: u64,
    /// Cells calamine collects before expanding row repeats.
    collected: u64,
    /// First row (0-based, repeats included) holding a filled cell.
    first_row: Option<u64>,
    /// One past the last row holding a filled cell.
    end_row: u64,
    /// Leftmost filled column.
    first_col: u64,
    /// One past the rightmost filled column.
    end_col: u64,
}

impl OdsSheetScan {
    fn area(&self) -> u64 {
        self.first_row.map_or(0, |first| {
            (self.end_row - first).saturating_mul(self.end_col.saturating_sub(self.first_col))
        })
    }
}

#[derive(Debug, Default)]
struct OdsRowScan {
    repeats: u64,
    /// Cells calamine pushes for this row (a trailing run of empty cells is not pushed).
    pushed: u64,
    /// A run of empty cells, pushed only if another cell follows.
    pending: u64,
    first_filled: Option<u64>,
    end_filled: u64,
    text: u64,
}

#[derive(Debug, Default)]
struct OdsCellScan {
    repeats: u64,
    filled: bool,
    text: u64,
}

/// Attributes that give an ODS cell a value (or a formula) in calamine's reading.
const ODS_VALUE_ATTRS: [&str; 7] = [
    "office:value",
    "office:string-value",
    "office:date-value",
    "office:time-value",
    "office:boolean-value",
    "office:value-type",
    "table:formula",
];

impl OdsScan {
    fn start(&mut self, e: &BytesStart<'_>) {
        match e.name().as_ref() {
            // calamine reads a table inside a table as rows of the outer one.
            "table:table" if self.sheet.is_none() => {
                if let Some(name) = attr(e, "table:name") {
                    self.sheet = Some(OdsSheetScan {
                        name,
                        first_col: u64::MAX,
                        ..OdsSheetScan::default()
                    });
                }
            }
            "table:table-row" => {
                if let Some(sheet) = self.sheet.as_mut() {
                    let asked = count_attr(e, "table:number-rows-repeated").unwrap_or(1);
                    let repeats = asked.min(MAX_ROWS.saturating_sub(sheet.rows));
                    sheet.rows += repeats;
                    self.row = Some(OdsRowScan {
                        repeats,
                        ..OdsRowScan::default()
                    });
                }
            }
            "table:table-cell" | "table:covered-table-cell" if self.row.is_some() => {
                let mut cell = OdsCellScan {
                    repeats: count_attr(e, "table:number-columns-repeated").unwrap_or(1),
                    ..OdsCellScan::default()
                };
                for a in e.attributes().with_checks(false).flatten() {
                    if ODS_VALUE_ATTRS.contains(&a.key.as_ref()) {
                        cell.filled = true;
                        cell.text += a.value.len() as u64;
                    }
                }
                self.cell = Some(cell);
            }
            "text:s" => {
                let spaces = count_attr(e, "text:c").unwrap_or(1);
                self.add_text(spaces);
            }
            "text:p" | "text:tab" | "text:line-break" => self.add_text(1),
            _ => {}
        }
    }

    fn add_text(&mut self, n: u64) {
        if let Some(cell) = self.cell.as_mut() {
            cell.text = cell.text.saturating_add(n);
        }
    }

    fn end(&mut self, name: &str) -> Result<(), WorkbookError> {
        let format = WorkbookFormat::Ods;
        match name {
            "table:table-cell" | "table:covered-table-cell" => {
                if let (Some(cell), Some(row)) = (self.cell.take(), self.row.as_mut()) {
                    row.pushed += row.pending.min(MAX_COLUMNS - row.pushed);
                    row.pending = 0;
                    let repeats = cell.repeats.min(MAX_COLUMNS - row.pushed);
                    if cell.filled {
                        row.first_filled.get_or_insert(row.pushed);
                        row.pushed += repeats;
                        row.end_filled = row.pushed;
                        row.text = row
                            .text
                            .saturating_add(cell.text.saturating_add(1).saturating_mul(repeats));
                    } else {
                        row.pending = repeats;
                    }
                }
            }
            "table:table-row" => {
                let (Some(row), Some(sheet)) = (self.row.take(), self.sheet.as_mut()) else {
                    return Ok(());
                };
                let too_many = || WorkbookError::TooManyCells {
                    format,
                    sheet: Some(sheet.name.clone()),
                    limit: MAX_CELLS,
                };
                sheet.collected += row.pushed;
                if sheet.collected > MAX_CELLS {
                    return Err(too_many());
                }
                if let Some(first) = row.first_filled {
                    sheet
                        .first_row
                        .get_or_insert(sheet.rows.saturating_sub(row.repeats));
                    sheet.end_row = sheet.rows;
                    sheet.first_col = sheet.first_col.min(first);
                    sheet.end_col = sheet.end_col.max(row.end_filled);
                    if self.area.saturating_add(sheet.area()) > MAX_CELLS {
                        return Err(too_many());
                    }
                }
                self.text = self
                    .text
                    .saturating_add(row.text.saturating_mul(row.repeats));
                if self.text > MAX_UNPACKED_BYTES {
                    return Err(WorkbookError::TooMuchData {
                        format,
                        bytes: self.text,
                        limit: MAX_UNPACKED_BYTES,
                    });
                }
            }
            "table:table" => {
                if let Some(sheet) = self.sheet.take() {
                    self.area = self.area.saturating_add(sheet.area());
                }
            }
            _ => {}
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// XLS: an OLE compound file holding a BIFF "Workbook" stream.

fn read_xls(bytes: &[u8]) -> Result<Vec<Sheet>, WorkbookError> {
    let format = WorkbookFormat::Xls;
    let stream = ole_workbook_stream(bytes)?;
    scan_biff(&stream)?;
    let mut book: Xls<_> = Xls::new(Cursor::new(bytes)).map_err(|e| match e {
        XlsError::Password => WorkbookError::Encrypted { format },
        e => damaged(format, e),
    })?;
    dense_sheets(&mut book, format)
}

const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
const DIFAT_SECTOR: u32 = 0xFFFF_FFFC;
const FIRST_RESERVED_SECTOR: u32 = 0xFFFF_FFFA;
/// calamine reads streams shorter than this from the mini stream.
const MINI_STREAM_CUTOFF: u64 = 4096;
const MINI_SECTOR: usize = 64;

/// One entry of the OLE directory, as calamine reads it.
#[derive(Debug)]
struct OleEntry {
    name: String,
    start: u32,
    len: u64,
}

/// Walks the OLE container the way calamine will, refusing what would make calamine
/// loop, read past what it loaded, or allocate beyond the file's own size; returns the
/// workbook stream calamine will parse.
fn ole_workbook_stream(bytes: &[u8]) -> Result<Vec<u8>, WorkbookError> {
    let format = WorkbookFormat::Xls;
    let bad = |what: &str| damaged(format, what);
    if bytes.len() < 512 {
        return Err(bad("the file ends inside its header"));
    }
    let size: usize = match le_u16(bytes, 30) {
        Some(9) => 512,
        Some(12) => 4096,
        _ => return Err(bad("its sector size is not one a spreadsheet writes")),
    };
    if le_u16(bytes, 32) != Some(6) || bytes.len() < size {
        return Err(bad("its header is not a valid compound file header"));
    }
    let max_id = bytes.len() / size;
    // Sector `id` lies after the header block; calamine slices it out of what it read,
    // so a sector starting at or past the end of the file is refused.
    let sector = |id: u32| -> Option<&[u8]> {
        let id = id as usize;
        if id > max_id {
            return None;
        }
        let start = size.checked_add(id.checked_mul(size)?)?;
        if start >= bytes.len() {
            return None;
        }
        bytes.get(start..(start + size).min(bytes.len()))
    };
    let missing = || bad("it points to parts past the end of the file");

    let mut difat: Vec<u32> = (0..109)
        .map(|i| le_u32(bytes, 76 + 4 * i))
        .collect::<Option<_>>()
        .ok_or_else(missing)?;
    let mut next = le_u32(bytes, 68).ok_or_else(missing)?;
    let mut steps = 0;
    while next < FIRST_RESERVED_SECTOR {
        steps += 1;
        if steps > max_id + 1 {
            return Err(bad("its sector table runs in a loop"));
        }
        difat.extend(u32s(sector(next).ok_or_else(missing)?));
        next = difat.pop().ok_or_else(missing)?;
    }
    let fat_sectors: Vec<u32> = difat.into_iter().filter(|id| *id < DIFAT_SECTOR).collect();
    if fat_sectors.len() > max_id + 1 {
        return Err(bad(
            "its sector table lists more sectors than the file holds",
        ));
    }
    let mut fat = Vec::new();
    for id in fat_sectors {
        fat.extend(u32s(sector(id).ok_or_else(missing)?));
    }

    let dir_start = le_u32(bytes, 48).ok_or_else(missing)?;
    let dir = follow_chain(dir_start, &fat, u64::MAX, max_id + 1, sector)
        .ok_or_else(|| bad("its directory cannot be followed"))?;
    let mut entries = Vec::new();
    for raw in dir.chunks_exact(128) {
        let units: Vec<u16> = raw[..64]
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        let name: String = char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .take_while(|c| *c != '\0')
            .collect();
        let start = le_u32(raw, 116).ok_or_else(missing)?;
        let len = if size == 512 {
            le_u32(raw, 120).map(u64::from)
        } else {
            le_u64(raw, 120)
        }
        .ok_or_else(missing)?;
        // calamine turns this into a usize, which panics past 4 GB on wasm32.
        if len > u64::from(u32::MAX) {
            return Err(bad("its directory lists a part larger than 4 GB"));
        }
        entries.push(OleEntry { name, start, len });
    }
    let root = entries
        .first()
        .ok_or_else(|| bad("its directory is empty"))?;

    let mini_fat_len = le_u32(bytes, 64).ok_or_else(missing)? as usize;
    let (mini_stream, mini_fat) = if mini_fat_len > 0 {
        if mini_fat_len > max_id + 1 {
            return Err(bad("its small-part table is larger than the file"));
        }
        let stream = follow_chain(root.start, &fat, root.len, max_id + 1, sector)
            .ok_or_else(|| bad("its small-part area cannot be followed"))?;
        let mini_fat_start = le_u32(bytes, 60).ok_or_else(missing)?;
        let table = follow_chain(
            mini_fat_start,
            &fat,
            (mini_fat_len * size) as u64,
            max_id + 1,
            sector,
        )
        .ok_or_else(|| bad("its small-part table cannot be followed"))?;
        (stream, u32s(&table).collect::<Vec<_>>())
    } else {
        (Vec::new(), Vec::new())
    };
    let mini_sector = |id: u32| -> Option<&[u8]> {
        let id = id as usize;
        if id > max_id * 8 {
            return None;
        }
        mini_stream.get(id * MINI_SECTOR..(id + 1) * MINI_SECTOR)
    };
    let read = |entry: &OleEntry| -> Option<Vec<u8>> {
        if entry.len < MINI_STREAM_CUTOFF {
            follow_chain(
                entry.start,
                &mini_fat,
                entry.len,
                max_id * 8 + 1,
                mini_sector,
            )
        } else {
            follow_chain(entry.start, &fat, entry.len, max_id + 1, sector)
        }
    };
    let named = |name: &str| {
        entries
            .iter()
            .find(|e| e.name.as_bytes().eq_ignore_ascii_case(name.as_bytes()))
    };
    if named("EncryptedPackage").is_some() {
        // An .xlsx saved with a password is an encrypted package inside an OLE file.
        return Err(WorkbookError::Encrypted {
            format: WorkbookFormat::Xlsx,
        });
    }
    let (workbook, book) = (named("Workbook"), named("Book"));
    if workbook.is_none() && book.is_none() {
        // An OLE file without a workbook: a Word document, say.
        return Err(WorkbookError::NotAWorkbook);
    }
    workbook
        .and_then(read)
        .or_else(|| book.and_then(read))
        .ok_or_else(|| bad("its workbook part cannot be followed"))
}

fn u32s(bytes: &[u8]) -> impl Iterator<Item = u32> + '_ {
    bytes
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
}

/// A sector chain read as calamine reads it (up to `len` bytes), or `None` where
/// calamine would fail, index past its table, or go round a loop.
fn follow_chain<'s>(
    mut id: u32,
    table: &[u32],
    len: u64,
    max_steps: usize,
    sector: impl Fn(u32) -> Option<&'s [u8]>,
) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut steps = 0;
    while id != END_OF_CHAIN {
        steps += 1;
        if steps > max_steps {
            return None;
        }
        let data = sector(id)?;
        let remaining = len.saturating_sub(out.len() as u64);
        let take = usize::try_from(remaining).map_or(data.len(), |r| r.min(data.len()));
        out.extend_from_slice(data.get(..take)?);
        if out.len() as u64 >= len {
            break;
        }
        id = *table.get(id as usize)?;
    }
    Some(out)
}

/// One BIFF record with its CONTINUE records, as calamine groups them.
#[derive(Debug)]
struct BiffRecord<'a> {
    typ: u16,
    data: &'a [u8],
    more: std::vec::IntoIter<&'a [u8]>,
}

impl<'a> BiffRecord<'a> {
    fn next_continue(&mut self) -> bool {
        match self.more.next() {
            Some(data) => {
                self.data = data;
                true
            }
            None => false,
        }
    }

    fn skip(&mut self, mut n: usize) -> Option<()> {
        while n > 0 {
            if self.data.is_empty() && !self.next_continue() {
                return None;
            }
            let l = n.min(self.data.len());
            self.data = &self.data[l..];
            n -= l;
        }
        Some(())
    }
}

/// BIFF records in order; `Err(())` where calamine's framing fails.
fn biff_records(mut stream: &[u8]) -> impl Iterator<Item = Result<BiffRecord<'_>, ()>> {
    std::iter::from_fn(move || {
        if stream.is_empty() {
            return None;
        }
        let (Some(typ), Some(len)) = (le_u16(stream, 0), le_u16(stream, 2)) else {
            stream = &[];
            return Some(Err(()));
        };
        let Some(data) = stream.get(4..4 + usize::from(len)) else {
            stream = &[];
            return Some(Err(()));
        };
        stream = &stream[4 + usize::from(len)..];
        let mut more = Vec::new();
        while stream.len() > 4 && le_u16(stream, 0) == Some(0x003C) {
            let Some(len) = le_u16(stream, 2) else { break };
            let Some(data) = stream.get(4..4 + usize::from(len)) else {
                stream = &[];
                return Some(Err(()));
            };
            more.push(data);
            stream = &stream[4 + usize::from(len)..];
        }
        Some(Ok(BiffRecord {
            typ,
            data,
            more: more.into_iter(),
        }))
    })
}

/// Bytes of text calamine makes of each shared string (6 per character bounds every
/// code page it decodes); `None` where its SST reading fails or would index past a record.
fn shared_string_sizes(mut r: BiffRecord<'_>) -> Option<Vec<u64>> {
    r.data = r.data.get(8..)?;
    let mut sizes = Vec::new();
    while !r.data.is_empty() || r.next_continue() {
        if r.data.len() < 3 {
            return None;
        }
        let chars = usize::from(le_u16(r.data, 0)?);
        let flags = r.data[2];
        r.data = &r.data[3..];
        let mut high_byte = flags & 0x1 != 0;
        let mut runs = 0;
        let mut ext = 0;
        if flags & 0x8 != 0 {
            runs = usize::from(le_u16(r.data, 0)?);
            r.data = r.data.get(2..)?;
        }
        if flags & 0x4 != 0 {
            let raw = le_u32(r.data, 0)?;
            // calamine reads an i32 and casts it; a negative size never fits.
            ext = usize::try_from(i32::from_le_bytes(raw.to_le_bytes())).ok()?;
            r.data = r.data.get(4..)?;
        }
        let mut left = chars;
        while left > 0 {
            let width = if high_byte { 2 } else { 1 };
            let l = (r.data.len() / width).min(left);
            r.data = &r.data[l * width..];
            left -= l;
            if left > 0 {
                if !r.next_continue() {
                    return None;
                }
                high_byte = r.data.first()? & 0x1 != 0;
                r.data = &r.data[1..];
            }
        }
        r.skip(runs * 4)?;
        r.skip(ext)?;
        sizes.push(chars as u64 * 6);
    }
    Some(sizes)
}

/// The smallest box around a sheet's cells, as calamine's sparse-to-dense step sees it.
#[derive(Debug, Default)]
struct CellBox {
    rows: Option<(u32, u32)>,
    cols: (u32, u32),
}

impl CellBox {
    fn add(&mut self, row: u32, col: u32) {
        match self.rows.as_mut() {
            None => {
                self.rows = Some((row, row));
                self.cols = (col, col);
            }
            Some(rows) => {
                rows.0 = rows.0.min(row);
                rows.1 = rows.1.max(row);
                self.cols.0 = self.cols.0.min(col);
                self.cols.1 = self.cols.1.max(col);
            }
        }
    }

    fn area(&self) -> u64 {
        self.rows.map_or(0, |(first, last)| {
            u64::from(last - first + 1) * u64::from(self.cols.1 - self.cols.0 + 1)
        })
    }
}

/// Sizes what calamine builds from a BIFF workbook stream: each sheet's cells become a
/// dense range over their bounding box, its size record is reserved up front, and a
/// cell pointing into the shared-string table gets its own copy of that string.
fn scan_biff(stream: &[u8]) -> Result<(), WorkbookError> {
    let format = WorkbookFormat::Xls;
    let bad = |what: &str| damaged(format, what);
    let framing = || bad("a record runs past the end of the workbook part");
    let mut sheet_starts = Vec::new();
    let mut shared: Vec<u64> = Vec::new();
    for record in biff_records(stream) {
        let r = record.map_err(|()| framing())?;
        match r.typ {
            // FilePass, CodePage, DateMode: calamine reads a u16 from each.
            // FilePass, CodePage, DateMode, BOF, ExternSheet: calamine reads a u16 from
            // each without looking at the length.
            0x002F | 0x0042 | 0x0022 | 0x0809 | 0x0017 if r.data.len() < 2 => {
                return Err(bad("a settings record is too short"));
            }
            0x002F if le_u16(r.data, 0) != Some(0) => {
                return Err(WorkbookError::Encrypted { format });
            }
            // Lbl (a defined name): calamine slices from byte 14 and takes the formula
            // from the end; its reference tokens are read without bounds.
            0x0018 => {
                let d = r.data;
                let formula = le_u16(d, 4).map_or(usize::MAX, usize::from);
                let reference = d
                    .len()
                    .checked_sub(formula)
                    .and_then(|at| d.get(at))
                    .is_some_and(|ptg| matches!(ptg & 0x1F, 0x1A..=0x1D) && ptg & 0x60 != 0);
                if d.len() < 14 || formula > d.len() || (reference && formula < 21) {
                    return Err(bad("a defined name is cut short"));
                }
            }
            0x0085 => {
                if r.data.len() < 6 {
                    return Err(bad("a sheet record is too short"));
                }
                sheet_starts.push(le_u32(r.data, 0).map_or(usize::MAX, |p| p as usize));
            }
            0x00FC => {
                shared = shared_string_sizes(r)
                    .ok_or_else(|| bad("its shared-text table is cut short"))?;
            }
            0x000A => break,
            _ => {}
        }
    }

    let mut area: u64 = 0;
    let mut formula_area: u64 = 0;
    let mut text: u64 = 0;
    let too_many = || WorkbookError::TooManyCells {
        format,
        sheet: None,
        limit: MAX_CELLS,
    };
    for start in sheet_starts {
        let sheet = stream
            .get(start..)
            .ok_or_else(|| bad("a sheet starts past the end of the workbook part"))?;
        let mut cells = CellBox::default();
        let mut formulas = CellBox::default();
        let mut formula_at = (0, 0);
        let mut seen_bof = false;
        let mut depth = 0usize;
        for record in biff_records(sheet) {
            let r = record.map_err(|()| framing())?;
            if depth > 0 {
                match r.typ {
                    0x0809 => depth += 1,
                    0x000A => depth -= 1,
                    _ => {}
                }
                continue;
            }
            let d = r.data;
            let at = || Some((u32::from(le_u16(d, 0)?), u32::from(le_u16(d, 2)?)));
            let short = || bad("a cell record is too short");
            match r.typ {
                0x0809 if seen_bof => depth += 1,
                0x0809 => seen_bof = true,
                0x0200 => {
                    let (rf, rl, cf, cl) = match d.len() {
                        10 => (
                            le_u16(d, 0).map(u32::from),
                            le_u16(d, 2).map(u32::from),
                            le_u16(d, 4),
                            le_u16(d, 6),
                        ),
                        14 | 16 => (le_u32(d, 0), le_u32(d, 4), le_u16(d, 8), le_u16(d, 10)),
                        _ => return Err(bad("a sheet size record has the wrong length")),
                    };
                    let (Some(rf), Some(rl), Some(cf), Some(cl)) = (rf, rl, cf, cl) else {
                        return Err(short());
                    };
                    let (cf, cl) = (u32::from(cf), u32::from(cl));
                    let cf = if cf > 0xFF || cl < cf { 0 } else { cf };
                    let (end_row, end_col) = if rl >= 1 && cl >= 1 {
                        (rl - 1, cl - 1)
                    } else {
                        (rf, cf)
                    };
                    if end_row < rf || end_col < cf {
                        return Err(bad("a sheet size record ends before it starts"));
                    }
                    let reserved =
                        u64::from(end_row - rf + 1).saturating_mul(u64::from(end_col - cf + 1));
                    if reserved > MAX_CELLS {
                        return Err(too_many());
                    }
                }
                // Number, Label, RString, BoolErr, Rk.
                0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E => {
                    let min = match r.typ {
                        0x0203 => 14,
                        0x027E => 10,
                        _ => 8,
                    };
                    if d.len() < min {
                        return Err(short());
                    }
                    let (row, col) = at().ok_or_else(short)?;
                    cells.add(row, col);
                    text = text.saturating_add(d.len() as u64 * 3);
                }
                // String: the text result of the formula before it.
                0x0207 => {
                    cells.add(formula_at.0, formula_at.1);
                    text = text.saturating_add(d.len() as u64 * 3);
                }
                // LabelSst
                0x00FD => {
                    if d.len() < 10 {
                        return Err(short());
                    }
                    let (row, col) = at().ok_or_else(short)?;
                    let index = le_u32(d, 6).map_or(usize::MAX, |i| i as usize);
                    if let Some(size) = shared.get(index) {
                        cells.add(row, col);
                        text = text.saturating_add(*size);
                    }
                }
                // MulRk
                0x00BD => {
                    let (Some((row, first)), Some(last)) =
                        (at(), d.len().checked_sub(2).and_then(|i| le_u16(d, i)))
                    else {
                        return Err(short());
                    };
                    let last = u32::from(last);
                    if d.len() < 6 || last < first {
                        return Err(short());
                    }
                    if d.len() != 6 + 6 * (last - first + 1) as usize {
                        return Err(bad("a number-run record has the wrong length"));
                    }
                    cells.add(row, first);
                    cells.add(row, last);
                }
                // Formula
                0x0006 => {
                    // calamine reads the formula's length from byte 20 unchecked.
                    if d.len() < 22 {
                        return Err(short());
                    }
                    let (row, col) = at().ok_or_else(short)?;
                    formula_at = (row, col);
                    cells.add(row, col);
                    formulas.add(row, col);
                    // calamine also writes out the formula: a token of a few bytes
                    // becomes at most a function name or a reference, under 8 per byte.
                    text = text.saturating_add(d.len() as u64 * 8);
                }
                // MergeCells: a count, then that many 8-byte ranges, read unchecked.
                0x00E5 => {
                    let count = le_u16(d, 0).map_or(usize::MAX, usize::from);
                    if count.saturating_mul(8).saturating_add(2) > d.len() {
                        return Err(bad("a merged-cells record is cut short"));
                    }
                }
                0x000A => break,
                _ => {}
            }
            if text > MAX_UNPACKED_BYTES {
                return Err(WorkbookError::TooMuchData {
                    format,
                    bytes: text,
                    limit: MAX_UNPACKED_BYTES,
                });
            }
        }
        area = area.saturating_add(cells.area());
        formula_area = formula_area.saturating_add(formulas.area());
        if area > MAX_CELLS || formula_area > MAX_CELLS {
            return Err(too_many());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../testdata/workbooks/");

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(format!("{FIXTURES}{name}")).expect("fixture file")
    }

    fn row(line: usize, cells: &[&str]) -> RawRow {
        RawRow::new(line, cells.iter().copied())
    }

    /// Units for month `i` of the monthly fixtures (same rule as the Python scripts).
    fn units(i: u32) -> u32 {
        100 + 10 * (i % 12) + 5 * (i / 12)
    }

    /// monthly.xlsx: "Sales" (Month, Units; 24 months as real dates) and "Notes".
    fn monthly_xlsx() -> Vec<u8> {
        use rust_xlsxwriter::{DocProperties, ExcelDateTime as XlDate, Format, Workbook as XlBook};
        let mut book = XlBook::new();
        // A fixed creation time keeps the file's bytes the same run after run.
        let created = XlDate::from_ymd(2024, 1, 1).unwrap();
        book.set_properties(&DocProperties::new().set_creation_datetime(&created));
        let date = Format::new().set_num_format("yyyy-mm-dd");
        let sales = book.add_worksheet().set_name("Sales").unwrap();
        sales.write_string(0, 0, "Month").unwrap();
        sales.write_string(0, 1, "Units").unwrap();
        for i in 0..24u32 {
            let year = 2023 + u16::try_from(i / 12).unwrap();
            let month = u8::try_from(i % 12 + 1).unwrap();
            let day = XlDate::from_ymd(year, month, 1).unwrap();
            sales
                .write_datetime_with_format(i + 1, 0, &day, &date)
                .unwrap();
            sales.write_number(i + 1, 1, f64::from(units(i))).unwrap();
        }
        let notes = book.add_worksheet().set_name("Notes").unwrap();
        notes.write_string(0, 0, "Units are pumps shipped").unwrap();
        book.save_to_buffer().unwrap()
    }

    /// Rewrites the committed fixtures; run once with
    /// `cargo test -p attune-engine write_workbook_fixtures -- --ignored`.
    #[test]
    #[ignore = "writes testdata/workbooks; run by hand when the fixtures change"]
    fn write_workbook_fixtures() {
        let xlsx = monthly_xlsx();
        std::fs::write(format!("{FIXTURES}monthly.xlsx"), &xlsx).unwrap();
        std::fs::write(
            format!("{FIXTURES}truncated.xlsx"),
            &xlsx[..xlsx.len() * 6 / 10],
        )
        .unwrap();
        // A fixed pseudo-random sequence, so the file never changes.
        let mut x: u32 = 0x2545_F491;
        let garbage: Vec<u8> = (0..400)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                x.to_le_bytes()[0]
            })
            .collect();
        std::fs::write(format!("{FIXTURES}garbage.xlsx"), garbage).unwrap();
    }

    fn expected_sales() -> Vec<RawRow> {
        let mut rows = vec![row(1, &["Month", "Units"])];
        for i in 0..24u32 {
            let month = format!("{}-{:02}-01", 2023 + i / 12, i % 12 + 1);
            rows.push(row(i as usize + 2, &[&month, &units(i).to_string()]));
        }
        rows
    }

    fn assert_monthly(book: &Workbook, format: WorkbookFormat) {
        assert_eq!(book.format, format);
        let names: Vec<&str> = book.sheets.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["Sales", "Notes"]);
        assert_eq!(book.sheets[0].table.rows, expected_sales());
        assert_eq!(book.sheets[0].table.delimiter, '\t');
        assert_eq!(
            book.sheets[1].table.rows,
            [row(1, &["Units are pumps shipped"])]
        );
    }

    #[test]
    fn the_committed_xlsx_fixture_is_what_the_generator_writes() {
        // Catches a fixture edited by hand or a generator changed without rewriting it.
        let committed = read_workbook(&fixture("monthly.xlsx")).unwrap();
        let fresh = read_workbook(&monthly_xlsx()).unwrap();
        assert_eq!(committed, fresh);
    }

    #[test]
    fn reads_the_monthly_workbook_in_every_format() {
        assert_eq!(sniff(&fixture("monthly.xlsx")), Some(WorkbookFormat::Xlsx));
        assert_eq!(sniff(&fixture("monthly.ods")), Some(WorkbookFormat::Ods));
        assert_eq!(sniff(&fixture("monthly.xls")), Some(WorkbookFormat::Xls));
        assert_monthly(
            &read_workbook(&fixture("monthly.xlsx")).unwrap(),
            WorkbookFormat::Xlsx,
        );
        assert_monthly(
            &read_workbook(&fixture("monthly.ods")).unwrap(),
            WorkbookFormat::Ods,
        );
        assert_monthly(
            &read_workbook(&fixture("monthly.xls")).unwrap(),
            WorkbookFormat::Xls,
        );
    }

    #[test]
    fn a_truncated_xlsx_is_damaged() {
        let bytes = fixture("truncated.xlsx");
        assert_eq!(sniff(&bytes), Some(WorkbookFormat::Xlsx));
        let err = read_workbook(&bytes).unwrap_err();
        assert!(
            matches!(
                err,
                WorkbookError::Damaged {
                    format: WorkbookFormat::Xlsx,
                    ..
                }
            ),
            "{err:?}"
        );
        assert!(err
            .to_string()
            .starts_with("this file looks like an Excel workbook (.xlsx) but it is damaged"));
    }

    #[test]
    fn garbage_is_not_a_workbook() {
        let bytes = fixture("garbage.xlsx");
        assert_eq!(sniff(&bytes), None);
        assert_eq!(read_workbook(&bytes), Err(WorkbookError::NotAWorkbook));
        assert_eq!(read_workbook(b""), Err(WorkbookError::NotAWorkbook));
        assert_eq!(read_workbook(b"PK"), Err(WorkbookError::NotAWorkbook));
        assert_eq!(
            read_workbook(b"Month,Units\n2024-01,5\n"),
            Err(WorkbookError::NotAWorkbook)
        );
    }

    #[test]
    fn every_cut_of_a_workbook_is_an_error_not_a_panic() {
        for name in ["monthly.xlsx", "monthly.ods", "monthly.xls"] {
            let bytes = fixture(name);
            let whole = read_workbook(&bytes).unwrap();
            for cut in (0..bytes.len()).step_by(97) {
                // A cut through unused space at the end of an .xls still reads the same.
                if let Ok(book) = read_workbook(&bytes[..cut]) {
                    assert_eq!(book, whole, "{name} cut at {cut}");
                }
            }
            assert!(read_workbook(&bytes[..bytes.len() / 2]).is_err(), "{name}");
        }
    }

    #[test]
    fn flipped_bytes_never_hang_or_exhaust_memory() {
        // Not a fuzzer (see fuzz/), just a smoke test that damaged files come back.
        for name in ["monthly.xlsx", "monthly.ods", "monthly.xls"] {
            let original = fixture(name);
            let mut x: u32 = 0x9E37_79B9;
            for _ in 0..150 {
                let mut bytes = original.clone();
                for _ in 0..4 {
                    x ^= x << 13;
                    x ^= x >> 17;
                    x ^= x << 5;
                    let at = x as usize % bytes.len();
                    bytes[at] = x.to_le_bytes()[1];
                }
                let _ = read_workbook(&bytes);
            }
        }
    }

    /// A workbook exercising every kind of cell, on two sheets.
    fn kinds_xlsx() -> Vec<u8> {
        use rust_xlsxwriter::{ExcelDateTime as XlDate, Format, Formula, Workbook as XlBook};
        let mut book = XlBook::new();
        let date = Format::new().set_num_format("yyyy-mm-dd");
        let stamp = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
        let clock = Format::new().set_num_format("hh:mm");
        let plan = book.add_worksheet().set_name("Plan").unwrap();
        for (col, head) in ["Month", "Units", "Price", "Revenue", "Note"]
            .iter()
            .enumerate()
        {
            plan.write_string(0, u16::try_from(col).unwrap(), *head)
                .unwrap();
        }
        plan.write_datetime_with_format(1, 0, XlDate::from_ymd(2024, 3, 15).unwrap(), &date)
            .unwrap();
        plan.write_number(1, 1, 120.0).unwrap();
        plan.write_number(1, 2, 1234.5).unwrap();
        plan.write_formula(1, 3, Formula::new("=B2*C2").set_result("148140"))
            .unwrap();
        plan.write_string(1, 4, "  first batch ").unwrap();
        // Row 3 stays empty.
        let at = XlDate::from_ymd(2024, 3, 15)
            .unwrap()
            .and_hms(13, 45, 0)
            .unwrap();
        plan.write_datetime_with_format(3, 0, &at, &stamp).unwrap();
        plan.write_number(3, 1, 3.0).unwrap();
        plan.write_number(3, 2, 0.1).unwrap();
        plan.write_formula(3, 3, Formula::new("=1/0").set_result("#DIV/0!"))
            .unwrap();
        plan.write_boolean(3, 4, true).unwrap();
        plan.write_datetime_with_format(4, 1, XlDate::from_hms(13, 45, 0).unwrap(), &clock)
            .unwrap();
        plan.write_number(4, 2, -2.5e-7).unwrap();
        let notes = book.add_worksheet().set_name("Notes").unwrap();
        notes.write_string(2, 2, "checked by Ana").unwrap();
        notes.write_number(4, 3, 7.0).unwrap();
        book.save_to_buffer().unwrap()
    }

    #[test]
    fn xlsx_cells_become_the_text_the_sheet_shows() {
        let book = read_workbook(&kinds_xlsx()).unwrap();
        assert_eq!(book.format, WorkbookFormat::Xlsx);
        assert_eq!(book.sheets.len(), 2);
        let plan = &book.sheets[0];
        assert_eq!(plan.name, "Plan");
        assert_eq!(
            plan.table.rows,
            [
                row(1, &["Month", "Units", "Price", "Revenue", "Note"]),
                row(2, &["2024-03-15", "120", "1234.5", "148140", "first batch"]),
                row(4, &["2024-03-15 13:45:00", "3", "0.1", "#DIV/0!", "TRUE"]),
                row(5, &["", "13:45:00", "-0.00000025"]),
            ]
        );
        // The used range starts at C3: rows keep their numbers, cells stay under A.
        let notes = &book.sheets[1];
        assert_eq!(notes.name, "Notes");
        assert_eq!(
            notes.table.rows,
            [
                row(3, &["", "", "checked by Ana"]),
                row(5, &["", "", "", "7"])
            ]
        );
    }

    #[test]
    fn numbers_dates_and_durations_as_text() {
        assert_eq!(number_text(1234.5), "1234.5");
        assert_eq!(number_text(3.0), "3");
        assert_eq!(number_text(-0.0), "0");
        assert_eq!(number_text(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(number_text(1e21), "1000000000000000000000");
        assert_eq!(number_text(f64::NAN), "");
        assert_eq!(number_text(f64::INFINITY), "");
        assert_eq!(cell_text(&Data::Int(-42)), "-42");
        assert_eq!(cell_text(&Data::Bool(false)), "FALSE");
        assert_eq!(cell_text(&Data::Error(calamine::CellErrorType::NA)), "#N/A");
        assert_eq!(
            cell_text(&Data::DateTimeIso("2024-03-15".into())),
            "2024-03-15"
        );
        assert_eq!(
            cell_text(&Data::DateTimeIso("2024-03-15T13:45:00".into())),
            "2024-03-15 13:45:00"
        );
        assert_eq!(
            cell_text(&Data::DateTimeIso("2024-03-15T00:00:00".into())),
            "2024-03-15"
        );
        assert_eq!(cell_text(&Data::DateTimeIso("soon".into())), "soon");
        assert_eq!(
            cell_text(&Data::DurationIso("PT12H30M00S".into())),
            "PT12H30M00S"
        );
        use calamine::ExcelDateTimeType::{DateTime, TimeDelta};
        let excel =
            |v: f64, t, is_1904| cell_text(&Data::DateTime(ExcelDateTime::new(v, t, is_1904)));
        assert_eq!(excel(45366.0, DateTime, false), "2024-03-15");
        assert_eq!(
            excel(45_366.572_916_666_664, DateTime, false),
            "2024-03-15 13:45:00"
        );
        assert_eq!(excel(43904.0, DateTime, true), "2024-03-15");
        assert_eq!(excel(0.5, DateTime, false), "12:00:00");
        assert_eq!(
            excel(1.520_833_333_333_333_3, TimeDelta, false),
            "PT36H30M00S"
        );
        assert_eq!(excel(-0.25, TimeDelta, false), "-PT6H00M00S");
        // Outside Excel's calendar the number itself is the honest text.
        assert_eq!(excel(-3.0, DateTime, false), "-3");
        assert_eq!(excel(1e300, DateTime, false), number_text(1e300));
        assert_eq!(excel(f64::NAN, DateTime, false), "");
    }

    #[test]
    fn errors_speak_planner() {
        let too_many = WorkbookError::TooManyCells {
            format: WorkbookFormat::Ods,
            sheet: Some("Sales".into()),
            limit: MAX_CELLS,
        };
        assert_eq!(
            too_many.to_string(),
            "this OpenDocument spreadsheet (.ods) has more than 5,000,000 cells, the most read \
             here (counted up to sheet \"Sales\"); copy the rows you need into a new \
             workbook, or save them as CSV"
        );
        let big = WorkbookError::TooMuchData {
            format: WorkbookFormat::Xlsx,
            bytes: 300 * 1024 * 1024,
            limit: MAX_UNPACKED_BYTES,
        };
        assert!(big
            .to_string()
            .contains("unpacks to at least 300 MB, more than the 200 MB"));
        let json = serde_json::to_string(&too_many).unwrap();
        assert_eq!(
            serde_json::from_str::<WorkbookError>(&json).unwrap(),
            too_many
        );
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_048_576), "1,048,576");
    }

    // -- Hand-built containers for the limits ------------------------------------------

    fn crc32(data: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &b in data {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = (crc >> 1) ^ (0xEDB8_8320 & (crc & 1).wrapping_neg());
            }
        }
        !crc
    }

    /// One zip entry: name, method (0 stored, 8 deflate), data as stored, CRC and the
    /// uncompressed size to declare.
    struct Entry<'a> {
        name: &'a str,
        method: u16,
        data: &'a [u8],
        crc: u32,
        size: u32,
    }

    fn stored<'a>(name: &'a str, data: &'a [u8]) -> Entry<'a> {
        Entry {
            name,
            method: 0,
            data,
            crc: crc32(data),
            size: u32::try_from(data.len()).unwrap(),
        }
    }

    fn zip_of(entries: &[Entry<'_>]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut central = Vec::new();
        for e in entries {
            let offset = u32::try_from(out.len()).unwrap();
            let header = |sig: &[u8], out: &mut Vec<u8>| {
                out.extend_from_slice(sig);
                if sig == b"PK\x01\x02" {
                    out.extend_from_slice(&20u16.to_le_bytes()); // made by
                }
                out.extend_from_slice(&20u16.to_le_bytes()); // needed
                out.extend_from_slice(&0u16.to_le_bytes()); // flags
                out.extend_from_slice(&e.method.to_le_bytes());
                out.extend_from_slice(&[0, 0, 0x21, 0]); // time, date
                out.extend_from_slice(&e.crc.to_le_bytes());
                out.extend_from_slice(&u32::try_from(e.data.len()).unwrap().to_le_bytes());
                out.extend_from_slice(&e.size.to_le_bytes());
                out.extend_from_slice(&u16::try_from(e.name.len()).unwrap().to_le_bytes());
                out.extend_from_slice(&0u16.to_le_bytes()); // extra
            };
            header(b"PK\x03\x04", &mut out);
            out.extend_from_slice(e.name.as_bytes());
            out.extend_from_slice(e.data);
            header(b"PK\x01\x02", &mut central);
            central.extend_from_slice(&[0; 6]); // comment, disk, internal attributes
            central.extend_from_slice(&0u32.to_le_bytes()); // external attributes
            central.extend_from_slice(&offset.to_le_bytes());
            central.extend_from_slice(e.name.as_bytes());
        }
        let start = u32::try_from(out.len()).unwrap();
        let count = u16::try_from(entries.len()).unwrap();
        out.extend_from_slice(&central);
        out.extend_from_slice(b"PK\x05\x06");
        out.extend_from_slice(&[0; 4]);
        out.extend_from_slice(&count.to_le_bytes());
        out.extend_from_slice(&count.to_le_bytes());
        out.extend_from_slice(&u32::try_from(central.len()).unwrap().to_le_bytes());
        out.extend_from_slice(&start.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out
    }

    /// A raw deflate stream of `len` zero bytes in one fixed-Huffman block: a literal 0,
    /// then (length 258, distance 1) pairs. About 1.6 KB per MB.
    fn deflated_zeros(len: u64) -> Vec<u8> {
        struct Bits {
            out: Vec<u8>,
            acc: u64,
            n: u32,
        }
        impl Bits {
            /// `count` bits of `value`, least significant first.
            fn push(&mut self, value: u64, count: u32) {
                self.acc |= value << self.n;
                self.n += count;
                while self.n >= 8 {
                    self.out.push(self.acc.to_le_bytes()[0]);
                    self.acc >>= 8;
                    self.n -= 8;
                }
            }
            /// A Huffman code, most significant bit first.
            fn code(&mut self, code: u64, count: u32) {
                let reversed = code.reverse_bits() >> (64 - count);
                self.push(reversed, count);
            }
        }
        let mut bits = Bits {
            out: Vec::new(),
            acc: 0,
            n: 0,
        };
        bits.push(1, 1); // final block
        bits.push(1, 2); // fixed Huffman
        bits.code(0x30, 8); // literal 0
        let mut left = len - 1;
        while left >= 258 {
            bits.code(0xC5, 8); // length code 285 = 258
            bits.code(0, 5); // distance code 0 = 1
            left -= 258;
        }
        for _ in 0..left {
            bits.code(0x30, 8);
        }
        bits.code(0, 7); // end of block
        bits.push(0, 7);
        bits.out
    }

    #[test]
    fn the_deflate_helper_writes_real_deflate() {
        // Read back through the zip crate, which checks size and CRC.
        let zeros = vec![0u8; 10_000];
        let data = deflated_zeros(10_000);
        let bytes = zip_of(&[Entry {
            name: "z",
            method: 8,
            data: &data,
            crc: crc32(&zeros),
            size: 10_000,
        }]);
        let mut zip = zip::ZipArchive::new(Cursor::new(&bytes[..])).unwrap();
        let mut back = Vec::new();
        zip.by_index(0).unwrap().read_to_end(&mut back).unwrap();
        assert_eq!(back, zeros);
    }

    const CONTENT_TYPES: &[u8] = br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#;

    #[test]
    fn a_zip_bomb_named_xlsx_is_refused_before_unpacking() {
        let size: u32 = 300 * 1024 * 1024;
        let bomb = deflated_zeros(u64::from(size));
        assert!(bomb.len() < 2_500_000, "{}", bomb.len());
        let bytes = zip_of(&[
            stored("[Content_Types].xml", CONTENT_TYPES),
            stored("xl/workbook.xml", b"<workbook/>"),
            Entry {
                name: "xl/worksheets/sheet1.xml",
                method: 8,
                data: &bomb,
                crc: 0,
                size,
            },
        ]);
        assert_eq!(sniff(&bytes), Some(WorkbookFormat::Xlsx));
        let err = read_workbook(&bytes).unwrap_err();
        assert_eq!(
            err,
            WorkbookError::TooMuchData {
                format: WorkbookFormat::Xlsx,
                bytes: u64::from(size) + (CONTENT_TYPES.len() + b"<workbook/>".len()) as u64,
                limit: MAX_UNPACKED_BYTES,
            }
        );
    }

    #[test]
    fn a_zip_bomb_that_lies_about_its_size_stops_at_the_declared_size() {
        let bomb = deflated_zeros(300 * 1024 * 1024);
        let bytes = zip_of(&[
            stored("[Content_Types].xml", CONTENT_TYPES),
            Entry {
                name: "xl/workbook.xml",
                method: 8,
                data: &bomb,
                crc: 0,
                size: 1000,
            },
        ]);
        let err = read_workbook(&bytes).unwrap_err();
        assert!(
            matches!(
                err,
                WorkbookError::Damaged {
                    format: WorkbookFormat::Xlsx,
                    ..
                }
            ),
            "{err:?}"
        );
    }

    #[test]
    fn a_binary_xlsb_is_named_as_such() {
        let bytes = zip_of(&[
            stored("[Content_Types].xml", CONTENT_TYPES),
            stored("xl/workbook.bin", b"\0\0"),
        ]);
        assert!(matches!(
            read_workbook(&bytes),
            Err(WorkbookError::Unsupported { format: WorkbookFormat::Xlsx, what }) if what.contains(".xlsb")
        ));
        // A Word document is a zip too, but not a workbook.
        let docx = zip_of(&[
            stored("[Content_Types].xml", CONTENT_TYPES),
            stored("word/document.xml", b"<w:document/>"),
        ]);
        assert_eq!(sniff(&docx), None);
    }

    const MANIFEST: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>"#;

    /// A minimal hand-made XLSX with one sheet "S" and, optionally, shared strings.
    fn xlsx_with(sheet: &str, shared: Option<&str>) -> Vec<u8> {
        let workbook = br#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
        let rels = br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;
        let sheet = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{sheet}</sheetData></worksheet>"#
        );
        let root = br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
        let mut entries = vec![
            stored("[Content_Types].xml", CONTENT_TYPES),
            stored("_rels/.rels", root),
            stored("xl/workbook.xml", workbook),
            stored("xl/_rels/workbook.xml.rels", rels),
            stored("xl/worksheets/sheet1.xml", sheet.as_bytes()),
        ];
        if let Some(shared) = shared {
            entries.push(stored("xl/sharedStrings.xml", shared.as_bytes()));
        }
        zip_of(&entries)
    }

    #[test]
    fn hand_made_xlsx_limits() {
        let ok = xlsx_with(
            r#"<row r="2"><c r="C2" t="inlineStr"><is><t>Qty</t></is></c></row>"#,
            None,
        );
        let book = read_workbook(&ok).unwrap();
        assert_eq!(book.sheets[0].table.rows, [row(2, &["", "", "Qty"])]);

        let beyond = xlsx_with(
            r#"<row r="1048577"><c r="B1048577"><v>1</v></c></row>"#,
            None,
        );
        assert_eq!(
            read_workbook(&beyond),
            Err(WorkbookError::BeyondSheetLimits {
                format: WorkbookFormat::Xlsx,
                sheet: "S".into(),
                row: 1_048_577,
                column: 2,
            })
        );

        // calamine would reserve room for a billion shared strings up front.
        let claims = xlsx_with(
            r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#,
            Some(
                r#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1000000000"><si><t>a</t></si></sst>"#,
            ),
        );
        assert_eq!(
            read_workbook(&claims),
            Err(WorkbookError::TooManyCells {
                format: WorkbookFormat::Xlsx,
                sheet: None,
                limit: MAX_CELLS,
            })
        );
        let lies = xlsx_with(
            r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#,
            Some(
                r#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="4000000"><si><t>a</t></si></sst>"#,
            ),
        );
        assert!(matches!(
            read_workbook(&lies),
            Err(WorkbookError::Damaged {
                format: WorkbookFormat::Xlsx,
                ..
            })
        ));

        // One long shared string copied into many cells runs out of the text allowance.
        let long = "x".repeat(1 << 20);
        let cells: String = (1..=250)
            .map(|r| format!(r#"<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>"#))
            .collect();
        let copies = xlsx_with(
            &cells,
            Some(&format!(
                r#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="1"><si><t>{long}</t></si></sst>"#
            )),
        );
        assert!(matches!(
            read_workbook(&copies),
            Err(WorkbookError::TooMuchData {
                format: WorkbookFormat::Xlsx,
                ..
            })
        ));
    }

    fn ods_with(content: &str) -> Vec<u8> {
        zip_of(&[
            stored("mimetype", ODS_MIMETYPE),
            stored("content.xml", content.as_bytes()),
            stored("META-INF/manifest.xml", MANIFEST),
        ])
    }

    fn ods_table(rows: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="Sheet1">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
        )
    }

    #[test]
    fn ods_repeats_are_sized_before_calamine_expands_them() {
        // Two filled rows a million rows apart, one cell wide: 16,384 columns of "1".
        let wide = ods_table(
            r#"<table:table-row><table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"/></table:table-row><table:table-row table:number-rows-repeated="1000000"><table:table-cell/></table:table-row><table:table-row><table:table-cell office:value-type="float" office:value="2"/></table:table-row>"#,
        );
        assert_eq!(
            read_workbook(&ods_with(&wide)),
            Err(WorkbookError::TooManyCells {
                format: WorkbookFormat::Ods,
                sheet: Some("Sheet1".into()),
                limit: MAX_CELLS,
            })
        );
        // A cell of four billion spaces.
        let spaces = ods_table(
            r#"<table:table-row><table:table-cell office:value-type="string"><text:p>a<text:s text:c="4000000000"/>b</text:p></table:table-cell></table:table-row>"#,
        );
        assert!(matches!(
            read_workbook(&ods_with(&spaces)),
            Err(WorkbookError::TooMuchData {
                format: WorkbookFormat::Ods,
                ..
            })
        ));
        // The ordinary trailing repeats LibreOffice writes are fine, and rows keep their
        // numbers across repeated empty rows.
        let normal = ods_table(
            r#"<table:table-row><table:table-cell office:value-type="string"><text:p>Qty</text:p></table:table-cell><table:table-cell table:number-columns-repeated="1023"/></table:table-row><table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="1024"/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="2"/><table:table-cell office:value-type="float" office:value="7.5"/><table:table-cell table:number-columns-repeated="1021"/></table:table-row><table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#,
        );
        let book = read_workbook(&ods_with(&normal)).unwrap();
        assert_eq!(
            book.sheets[0].table.rows,
            [row(1, &["Qty"]), row(5, &["", "", "7.5"])]
        );
    }

    // -- OLE (XLS) containers --------------------------------------------------------

    /// A 512-byte-sector compound file: header with the given DIFAT entries and
    /// directory start, then `sectors`.
    fn ole_with(difat: &[u32], dir_start: u32, sectors: &[[u32; 128]]) -> Vec<u8> {
        let mut out = vec![0u8; 512];
        out[..8].copy_from_slice(&OLE_MAGIC);
        out[24..26].copy_from_slice(&0x3Eu16.to_le_bytes());
        out[26..28].copy_from_slice(&3u16.to_le_bytes());
        out[28..30].copy_from_slice(&0xFFFEu16.to_le_bytes());
        out[30..32].copy_from_slice(&9u16.to_le_bytes());
        out[32..34].copy_from_slice(&6u16.to_le_bytes());
        out[44..48].copy_from_slice(&u32::try_from(difat.len()).unwrap().to_le_bytes());
        out[48..52].copy_from_slice(&dir_start.to_le_bytes());
        out[56..60].copy_from_slice(&4096u32.to_le_bytes());
        out[60..64].copy_from_slice(&END_OF_CHAIN.to_le_bytes());
        out[68..72].copy_from_slice(&END_OF_CHAIN.to_le_bytes());
        for i in 0..109 {
            let id = difat.get(i).copied().unwrap_or(0xFFFF_FFFF);
            out[76 + 4 * i..80 + 4 * i].copy_from_slice(&id.to_le_bytes());
        }
        for sector in sectors {
            for word in sector {
                out.extend_from_slice(&word.to_le_bytes());
            }
        }
        out
    }

    #[test]
    fn an_ole_directory_chain_in_a_loop_is_damaged_not_endless() {
        let mut fat = [0xFFFF_FFFFu32; 128];
        fat[0] = 0xFFFF_FFFD; // sector 0 holds the FAT
        fat[1] = 1; // the directory's sector points to itself
        let bytes = ole_with(&[0], 1, &[fat, [0; 128]]);
        assert_eq!(sniff(&bytes), Some(WorkbookFormat::Xls));
        assert!(matches!(
            read_workbook(&bytes),
            Err(WorkbookError::Damaged {
                format: WorkbookFormat::Xls,
                ..
            })
        ));
    }

    #[test]
    fn an_ole_file_naming_one_fat_sector_many_times_is_refused() {
        // calamine would read sector 0 once per entry: 109 copies of the table.
        let mut fat = [0xFFFF_FFFFu32; 128];
        fat[0] = 0xFFFF_FFFD;
        fat[1] = END_OF_CHAIN;
        let bytes = ole_with(&[0; 109], 1, &[fat, [0; 128]]);
        assert!(matches!(
            read_workbook(&bytes),
            Err(WorkbookError::Damaged {
                format: WorkbookFormat::Xls,
                ..
            })
        ));
    }

    #[test]
    fn an_ole_file_without_a_workbook_is_not_a_workbook() {
        // A valid container whose only entry is the root: a Word file, say.
        let mut fat = [0xFFFF_FFFFu32; 128];
        fat[0] = 0xFFFF_FFFD;
        fat[1] = END_OF_CHAIN;
        let mut dir = [0u32; 128];
        let name: Vec<u16> = "Root Entry".encode_utf16().collect();
        let mut raw = [0u8; 512];
        for (i, unit) in name.iter().enumerate() {
            raw[2 * i..2 * i + 2].copy_from_slice(&unit.to_le_bytes());
        }
        raw[64..66].copy_from_slice(&22u16.to_le_bytes());
        raw[66] = 5;
        raw[116..120].copy_from_slice(&END_OF_CHAIN.to_le_bytes());
        for (i, word) in dir.iter_mut().enumerate() {
            *word =
                u32::from_le_bytes([raw[4 * i], raw[4 * i + 1], raw[4 * i + 2], raw[4 * i + 3]]);
        }
        let bytes = ole_with(&[0], 1, &[fat, dir]);
        assert_eq!(read_workbook(&bytes), Err(WorkbookError::NotAWorkbook));
    }

    #[test]
    fn biff_size_records_that_would_overflow_are_damaged() {
        // BOF, a DIMENSIONS record ending before it starts, EOF.
        let mut sheet = Vec::new();
        let mut record = |typ: u16, data: &[u8]| {
            sheet.extend_from_slice(&typ.to_le_bytes());
            sheet.extend_from_slice(&u16::try_from(data.len()).unwrap().to_le_bytes());
            sheet.extend_from_slice(data);
        };
        record(0x0809, &[0; 16]);
        let mut dims = Vec::new();
        dims.extend_from_slice(&10u32.to_le_bytes());
        dims.extend_from_slice(&5u32.to_le_bytes());
        dims.extend_from_slice(&0u16.to_le_bytes());
        dims.extend_from_slice(&1u16.to_le_bytes());
        dims.extend_from_slice(&0u16.to_le_bytes());
        record(0x0200, &dims);
        record(0x000A, &[]);
        let mut globals = Vec::new();
        let mut grecord = |typ: u16, data: &[u8]| {
            globals.extend_from_slice(&typ.to_le_bytes());
            globals.extend_from_slice(&u16::try_from(data.len()).unwrap().to_le_bytes());
            globals.extend_from_slice(data);
        };
        // BoundSheet at offset = length of globals (4 + 16) + (4 + 8) + 4.
        grecord(0x0809, &[0; 16]);
        let at = u32::try_from(20 + 12 + 4).unwrap();
        let mut bound = at.to_le_bytes().to_vec();
        bound.extend_from_slice(&[0, 0, 1, 0]);
        grecord(0x0085, &bound);
        grecord(0x000A, &[]);
        globals.extend_from_slice(&sheet);
        assert!(matches!(
            scan_biff(&globals),
            Err(WorkbookError::Damaged {
                format: WorkbookFormat::Xls,
                ..
            })
        ));
    }

    #[test]
    fn the_xls_fixture_passes_the_biff_scan_with_room_to_spare() {
        let stream = ole_workbook_stream(&fixture("monthly.xls")).unwrap();
        assert_eq!(scan_biff(&stream), Ok(()));
    }
}
