//! An export [`Sheet`] as an XLSX workbook (Office Open XML, as Excel, LibreOffice,
//! Numbers and Google Sheets open it): one worksheet per sheet, the header row bold and
//! frozen, columns as wide as their content, numbers as numeric cells at full precision
//! and text as strings, neutralised exactly as in the CSV ([`neutralise`]).
//!
//! # Why a writer of our own
//!
//! The workbook is written in the reader worker, so its cost is the reader's size, not
//! the page's (the page's first load does not change). Measured on the release build
//! (`trunk build --release`: wasm-bindgen, wasm-opt `-Oz`; gzip -9 of
//! `reader_bg.wasm`), against the reader without XLSX export (1,106,770 bytes,
//! 544,532 gzipped):
//!
//! - this module: 1,118,747 bytes, 548,808 gzipped (+12.0 KB, +4.2 KB gzipped);
//! - `rust_xlsxwriter` 0.102 (default features off, same sheet, bold frozen header,
//!   autofit): 1,111,126 bytes, 545,789 gzipped (+4.4 KB, +1.2 KB gzipped) — smaller,
//!   because it deflates with the `zip` crate the XLSX importer already links, but not
//!   usable here: `Workbook::new()` stamps the document with `SystemTime::now()`, which
//!   panics on `wasm32-unknown-unknown` (and with `panic = "abort"` would take the
//!   reader, and the planner's table, down) unless its `wasm` feature brings `js-sys`
//!   and `wasm-bindgen` into the engine — against the engine's first rule. It is kept
//!   as a dev-dependency for making test fixtures natively.
//!
//! So: a few fixed XML parts, the sheet's XML and a ZIP container of about sixty
//! lines; deflate from `miniz_oxide` and checksums from `crc32fast`, both already linked
//! in the reader (share links, the importer). No clock: the same sheet makes the same
//! file, byte for byte.
//!
//! Strings are inline (`t="inlineStr"`), which every reader above opens and which keeps
//! the writer streaming; the repetition of item names across rows is left to deflate.
//! Carriage returns are written as `&#13;` (XML readers turn a bare one into a line
//! feed); characters XML cannot carry at all (other control characters, U+FFFE,
//! U+FFFF) as the format's `_xHHHH_` escapes, which Excel and calamine decode (openpyxl
//! shows them as written); a literal `_xHHHH_` in a name keeps its underscore escaped.
//! So any text reads back exactly as written.

use std::fmt::Write as _;

use super::{neutralise, Cell, ExportError, Sheet};

/// A worksheet's most rows (Excel's limit; the header counts).
pub const MAX_ROWS: usize = 1_048_576;
/// A worksheet's most columns.
pub const MAX_COLUMNS: usize = 16_384;
/// A cell's most characters.
pub const MAX_CELL_CHARS: usize = 32_767;

const MIME: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml";
const MAIN_NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const XML_HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

fn error(why: impl std::fmt::Display) -> ExportError {
    ExportError::new("XLSX workbook", why)
}

/// The sheets as an XLSX workbook, in this order (a name used twice gets ` (2)`, …).
///
/// # Errors
///
/// A sheet larger than a spreadsheet takes (more than [`MAX_ROWS`] rows or
/// [`MAX_COLUMNS`] columns, or a text longer than [`MAX_CELL_CHARS`] characters), said
/// with the sheet, the row and the column; or a workbook over 4 GB.
pub fn workbook(sheets: &[&Sheet<'_>]) -> Result<Vec<u8>, ExportError> {
    let mut names: Vec<String> = Vec::with_capacity(sheets.len());
    for sheet in sheets {
        let base = sheet_name(sheet.name);
        let mut name = base.clone();
        let mut n = 2;
        while names.iter().any(|m| m.eq_ignore_ascii_case(&name)) {
            name = format!("{} ({n})", base.chars().take(25).collect::<String>());
            n += 1;
        }
        names.push(name);
    }
    let mut zip = Zip::default();
    let mut types = format!(
        "{XML_HEAD}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
         <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
         <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
         <Override PartName=\"/xl/workbook.xml\" ContentType=\"{MIME}.sheet.main+xml\"/>\
         <Override PartName=\"/xl/styles.xml\" ContentType=\"{MIME}.styles+xml\"/>"
    );
    for i in 1..=sheets.len() {
        let _ = write!(
            types,
            "<Override PartName=\"/xl/worksheets/sheet{i}.xml\" ContentType=\"{MIME}.worksheet+xml\"/>"
        );
    }
    types.push_str("</Types>");
    zip.add("[Content_Types].xml", types.as_bytes())?;
    zip.add(
        "_rels/.rels",
        format!(
            "{XML_HEAD}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
             <Relationship Id=\"rId1\" Type=\"{REL_NS}/officeDocument\" Target=\"xl/workbook.xml\"/>\
             </Relationships>"
        )
        .as_bytes(),
    )?;
    let mut book = format!(
        "{XML_HEAD}<workbook xmlns=\"{MAIN_NS}\" xmlns:r=\"{REL_NS}\"><bookViews><workbookView/></bookViews><sheets>"
    );
    let mut rels = format!(
        "{XML_HEAD}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    );
    for (i, name) in names.iter().enumerate() {
        let i = i + 1;
        book.push_str("<sheet name=\"");
        escape_into(&mut book, name, true);
        let _ = write!(book, "\" sheetId=\"{i}\" r:id=\"rId{i}\"/>");
        let _ = write!(
            rels,
            "<Relationship Id=\"rId{i}\" Type=\"{REL_NS}/worksheet\" Target=\"worksheets/sheet{i}.xml\"/>"
        );
    }
    book.push_str("</sheets></workbook>");
    let _ = write!(
        rels,
        "<Relationship Id=\"rId{}\" Type=\"{REL_NS}/styles\" Target=\"styles.xml\"/></Relationships>",
        sheets.len() + 1
    );
    zip.add("xl/workbook.xml", book.as_bytes())?;
    zip.add("xl/_rels/workbook.xml.rels", rels.as_bytes())?;
    zip.add("xl/styles.xml", styles().as_bytes())?;
    for (i, (sheet, name)) in sheets.iter().zip(&names).enumerate() {
        let xml = worksheet(sheet, name)?;
        zip.add(&format!("xl/worksheets/sheet{}.xml", i + 1), xml.as_bytes())?;
    }
    zip.finish()
}

/// A name a spreadsheet takes for a sheet: without `[]:*?/\`, not starting or ending
/// with `'`, 1 to 31 characters.
fn sheet_name(name: &str) -> String {
    let clean: String = name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '-' } else { c })
        .take(31)
        .collect();
    let clean = clean.trim_matches('\'').trim();
    if clean.is_empty() {
        "Sheet".to_string()
    } else {
        clean.to_string()
    }
}

/// Two fonts (normal, bold) and two cell formats: 0 plain, 1 bold for the header.
fn styles() -> String {
    format!(
        "{XML_HEAD}<styleSheet xmlns=\"{MAIN_NS}\">\
         <fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>\
         <font><b/><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font></fonts>\
         <fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>\
         <borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
         <cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>\
         <cellXfs count=\"2\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>\
         <xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/></cellXfs>\
         <cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>\
         </styleSheet>"
    )
}

/// The column's letters: 0 → `A`, 25 → `Z`, 26 → `AA`.
fn column_letters(mut index: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// Rows whose content sets the columns' widths (enough to see the shape, cheap at
/// 100,000 rows).
const WIDTH_SAMPLE: usize = 1000;

fn worksheet(sheet: &Sheet<'_>, name: &str) -> Result<String, ExportError> {
    let columns = sheet
        .rows
        .iter()
        .map(Vec::len)
        .chain([sheet.header.len()])
        .max()
        .unwrap_or(0);
    let rows = sheet.rows.len() + 1;
    if rows > MAX_ROWS {
        return Err(error(format!(
            "the sheet \"{name}\" has {rows} rows and a spreadsheet holds at most {MAX_ROWS}: export it as CSV instead"
        )));
    }
    if columns > MAX_COLUMNS {
        return Err(error(format!(
            "the sheet \"{name}\" has {columns} columns and a spreadsheet holds at most {MAX_COLUMNS}"
        )));
    }
    let letters: Vec<String> = (0..columns).map(column_letters).collect();
    let mut widths = vec![0_usize; columns];
    let header = sheet.header.iter().map(|h| Cell::text(h));
    for (c, cell) in header.enumerate() {
        widths[c] = widths[c].max(cell.field().chars().count());
    }
    for row in sheet.rows.iter().take(WIDTH_SAMPLE) {
        for (c, cell) in row.iter().enumerate() {
            widths[c] = widths[c].max(cell.field().chars().count());
        }
    }
    let mut xml = String::with_capacity(64 * rows * columns.max(1));
    let _ = write!(xml, "{XML_HEAD}<worksheet xmlns=\"{MAIN_NS}\">");
    if let Some(last) = letters.last() {
        let _ = write!(xml, "<dimension ref=\"A1:{last}{rows}\"/>");
    }
    xml.push_str(
        "<sheetViews><sheetView tabSelected=\"1\" workbookViewId=\"0\">\
         <pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>\
         <selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/></sheetView></sheetViews>\
         <sheetFormatPr defaultRowHeight=\"15\"/>",
    );
    if columns > 0 {
        xml.push_str("<cols>");
        for (c, w) in widths.iter().enumerate() {
            let width = (*w + 2).clamp(8, 60);
            let _ = write!(
                xml,
                "<col min=\"{n}\" max=\"{n}\" width=\"{width}\" customWidth=\"1\"/>",
                n = c + 1
            );
        }
        xml.push_str("</cols>");
    }
    xml.push_str("<sheetData>");
    let header: Vec<Cell<'_>> = sheet.header.iter().map(|h| Cell::text(h)).collect();
    for (r, row) in std::iter::once(&header).chain(&sheet.rows).enumerate() {
        let number = r + 1;
        let style = if r == 0 { " s=\"1\"" } else { "" };
        let _ = write!(xml, "<row r=\"{number}\">");
        for (c, cell) in row.iter().enumerate() {
            let at = &letters[c];
            match cell {
                Cell::Empty => {}
                Cell::Number(v) if v.is_finite() => {
                    let _ = write!(xml, "<c r=\"{at}{number}\"{style}><v>{v}</v></c>");
                }
                Cell::Number(_) => {}
                Cell::Text(t) => {
                    let text = neutralise(t);
                    if text.chars().count() > MAX_CELL_CHARS {
                        let column = sheet.header.get(c).map_or("", String::as_str);
                        return Err(error(format!(
                            "row {number}, column \"{column}\" of \"{name}\" has more than {MAX_CELL_CHARS} characters, more than a spreadsheet cell holds"
                        )));
                    }
                    let _ = write!(
                        xml,
                        "<c r=\"{at}{number}\" t=\"inlineStr\"{style}><is><t xml:space=\"preserve\">"
                    );
                    escape_into(&mut xml, &text, false);
                    xml.push_str("</t></is></c>");
                }
            }
        }
        xml.push_str("</row>");
    }
    xml.push_str("</sheetData>");
    xml.push_str("<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>");
    xml.push_str("</worksheet>");
    Ok(xml)
}

/// Appends `text` as XML character data (or an attribute's value): `&`, `<`, `>` and
/// `"` as entities; a carriage return (which XML readers turn into a line feed) as
/// `&#13;`, and in an attribute tabs and line feeds too (which become spaces there);
/// characters XML 1.0 cannot hold as `_xHHHH_`; the `_` of a literal `_xHHHH_` as
/// `_x005F_`, so that it is not read as an escape.
fn escape_into(out: &mut String, text: &str, attribute: bool) {
    for (i, c) in text.char_indices() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '_' if looks_escaped(&text[i..]) => out.push_str("_x005F_"),
            '\t' | '\n' if !attribute => out.push(c),
            '\t' | '\n' | '\r' => {
                let _ = write!(out, "&#{};", u32::from(c));
            }
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => {
                let _ = write!(out, "_x{:04X}_", u32::from(c));
            }
            _ => out.push(c),
        }
    }
}

/// Whether `text` starts with `_xHHHH_` (a spreadsheet's character escape).
fn looks_escaped(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() >= 7
        && b[0] == b'_'
        && b[1] == b'x'
        && b[2..6].iter().all(u8::is_ascii_hexdigit)
        && b[6] == b'_'
}

/// A ZIP archive written in memory: each file deflated, then the central directory.
/// Times are the format's earliest (1980-01-01): the engine has no clock, and a
/// workbook made twice from the same sheet is the same file.
#[derive(Default)]
struct Zip {
    out: Vec<u8>,
    directory: Vec<u8>,
    files: u16,
}

/// Deflate's level. Measured natively on 10,000 items' forecasts (120,000 rows, an
/// 11.6 MB CSV; `cargo bench -p attune-engine --bench export`): level 1 writes the
/// workbook in 0.34 s at 8.4 MB, level 3 in 0.57 s at 6.0 MB, level 6 (zlib's default)
/// in 1.31 s at 5.5 MB. Level 3 keeps most of the saving at less than half the wait.
const LEVEL: u8 = 3;

impl Zip {
    fn add(&mut self, name: &str, data: &[u8]) -> Result<(), ExportError> {
        let too_big = || error("the workbook would be larger than 4 GB");
        let packed = miniz_oxide::deflate::compress_to_vec(data, LEVEL);
        let crc = crc32fast::hash(data);
        let size = u32::try_from(data.len()).map_err(|_| too_big())?;
        let packed_size = u32::try_from(packed.len()).map_err(|_| too_big())?;
        let offset = u32::try_from(self.out.len()).map_err(|_| too_big())?;
        let name_len = u16::try_from(name.len()).map_err(|_| too_big())?;
        self.files = self.files.checked_add(1).ok_or_else(too_big)?;
        // The fields both headers share, from "version needed" to the name's length.
        let mut common = Vec::with_capacity(26);
        for half in [20_u16, 0, 8, 0, 0x21] {
            // version 2.0, no flags, deflate, 00:00, 1980-01-01
            common.extend_from_slice(&half.to_le_bytes());
        }
        for word in [crc, packed_size, size] {
            common.extend_from_slice(&word.to_le_bytes());
        }
        common.extend_from_slice(&name_len.to_le_bytes());
        common.extend_from_slice(&0_u16.to_le_bytes()); // no extra field
        self.out.extend_from_slice(&0x0403_4b50_u32.to_le_bytes());
        self.out.extend_from_slice(&common);
        self.out.extend_from_slice(name.as_bytes());
        self.out.extend_from_slice(&packed);
        let d = &mut self.directory;
        d.extend_from_slice(&0x0201_4b50_u32.to_le_bytes());
        d.extend_from_slice(&20_u16.to_le_bytes()); // made by: version 2.0, MS-DOS
        d.extend_from_slice(&common);
        // No comment, disk 0, no attributes, then where the file's header is.
        for half in [0_u16, 0, 0] {
            d.extend_from_slice(&half.to_le_bytes());
        }
        d.extend_from_slice(&0_u32.to_le_bytes());
        d.extend_from_slice(&offset.to_le_bytes());
        d.extend_from_slice(name.as_bytes());
        Ok(())
    }

    fn finish(mut self) -> Result<Vec<u8>, ExportError> {
        let too_big = || error("the workbook would be larger than 4 GB");
        let start = u32::try_from(self.out.len()).map_err(|_| too_big())?;
        let size = u32::try_from(self.directory.len()).map_err(|_| too_big())?;
        self.out.extend_from_slice(&self.directory);
        self.out.extend_from_slice(&0x0605_4b50_u32.to_le_bytes());
        for half in [0_u16, 0, self.files, self.files] {
            self.out.extend_from_slice(&half.to_le_bytes());
        }
        self.out.extend_from_slice(&size.to_le_bytes());
        self.out.extend_from_slice(&start.to_le_bytes());
        self.out.extend_from_slice(&0_u16.to_le_bytes()); // no comment
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_lettered_as_spreadsheets_do() {
        let names: Vec<String> = [0, 1, 25, 26, 27, 51, 52, 701, 702, 16_383]
            .into_iter()
            .map(column_letters)
            .collect();
        assert_eq!(
            names,
            ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA", "XFD"]
        );
    }

    #[test]
    fn xml_escapes_keep_every_character() {
        let mut out = String::new();
        escape_into(&mut out, "a<b>&\"c\"\r\n\t\u{1}_x0041_ _x12_", false);
        assert_eq!(
            out,
            "a&lt;b&gt;&amp;\"c\"&#13;\n\t_x0001__x005F_x0041_ _x12_"
        );
        let mut attr = String::new();
        escape_into(&mut attr, "say \"hi\"\t\r\n", true);
        assert_eq!(attr, "say &quot;hi&quot;&#9;&#13;&#10;");
    }

    #[test]
    fn sheet_names_are_ones_a_spreadsheet_takes() {
        assert_eq!(sheet_name("Plan [Q1]/Q2?"), "Plan -Q1--Q2-");
        assert_eq!(sheet_name("'' "), "Sheet");
        assert_eq!(sheet_name(&"x".repeat(40)).len(), 31);
    }

    #[test]
    fn a_sheet_too_long_for_a_spreadsheet_is_refused_in_words() {
        let sheet = Sheet {
            name: "Forecasts",
            header: vec!["n".into()],
            rows: vec![vec![Cell::Number(1.0)]; MAX_ROWS],
        };
        let e = workbook(&[&sheet]).unwrap_err().to_string();
        assert_eq!(
            e,
            "the XLSX workbook could not be written: the sheet \"Forecasts\" has 1048577 rows and a spreadsheet holds at most 1048576: export it as CSV instead"
        );
        let long = Sheet {
            name: "KPIs",
            header: vec!["kpi".into(), "detail".into()],
            rows: vec![vec![
                Cell::text("a"),
                Cell::owned("x".repeat(MAX_CELL_CHARS + 1)),
            ]],
        };
        let e = workbook(&[&long]).unwrap_err().to_string();
        assert!(
            e.contains("row 2, column \"detail\" of \"KPIs\" has more than 32767 characters"),
            "{e}"
        );
    }
}
