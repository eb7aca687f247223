//! Bytes to text, text to cells.
//!
//! Files arrive in whatever encoding the exporting program chose: UTF-8 with or without a
//! byte-order mark, UTF-16 from Excel's "Unicode text", or a Windows code page from an
//! older ERP. [`decode`] turns any of them into text without failing (Windows-1252 is the
//! fallback, since every byte means something in it), and [`read_text`] splits the text
//! into a [`RawTable`], sniffing the delimiter from the first lines only so that a large
//! file is parsed once.
//!
//! Delimited text is read with the `csv` crate (quoted fields with embedded delimiters
//! and newlines, CRLF), which builds for wasm without any extra dependency.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{RawRow, RawTable};

/// The encoding [`decode`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Encoding {
    /// UTF-8 (with or without a byte-order mark).
    Utf8,
    /// UTF-16, little-endian (Excel's "Unicode text").
    Utf16Le,
    /// UTF-16, big-endian.
    Utf16Be,
    /// Windows-1252 (Western European), for bytes that are not valid UTF-8.
    Windows1252,
}

/// Windows-1252's characters for bytes 0x80–0x9F (the rest match Latin-1).
const CP1252_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
];

fn utf16(bytes: &[u8], little_endian: bool) -> String {
    let units = bytes.chunks_exact(2).map(|p| {
        if little_endian {
            u16::from_le_bytes([p[0], p[1]])
        } else {
            u16::from_be_bytes([p[0], p[1]])
        }
    });
    char::decode_utf16(units)
        .map(|c| c.unwrap_or('\u{fffd}'))
        .collect()
}

/// Decodes file bytes to text, detecting the encoding from a byte-order mark, from the
/// zero bytes of BOM-less UTF-16, or from UTF-8 validity. Never fails: bytes that are not
/// UTF-8 are read as Windows-1252.
#[must_use]
pub fn decode(bytes: &[u8]) -> (Cow<'_, str>, Encoding) {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return (String::from_utf8_lossy(rest), Encoding::Utf8);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return (Cow::Owned(utf16(rest, true)), Encoding::Utf16Le);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return (Cow::Owned(utf16(rest, false)), Encoding::Utf16Be);
    }
    // BOM-less UTF-16 of mostly ASCII text: every other byte is zero.
    let sample = &bytes[..bytes.len().min(4096)];
    if sample.len() >= 4 {
        let zeros_at = |parity: usize| {
            sample
                .iter()
                .skip(parity)
                .step_by(2)
                .filter(|b| **b == 0)
                .count()
                * 2
                * 10
                >= sample.len() * 9
        };
        if zeros_at(1) {
            return (Cow::Owned(utf16(bytes, true)), Encoding::Utf16Le);
        }
        if zeros_at(0) {
            return (Cow::Owned(utf16(bytes, false)), Encoding::Utf16Be);
        }
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (Cow::Borrowed(text), Encoding::Utf8),
        Err(_) => {
            let text = bytes
                .iter()
                .map(|&b| match b {
                    0x80..=0x9F => CP1252_HIGH[usize::from(b - 0x80)],
                    _ => char::from(b),
                })
                .collect();
            (Cow::Owned(text), Encoding::Windows1252)
        }
    }
}

const DELIMITERS: [u8; 4] = [b'\t', b';', b',', b'|'];

/// How much of the text the delimiter is sniffed from.
const SNIFF_BYTES: usize = 64 * 1024;

fn split_with(text: &str, delimiter: u8, limit: Option<usize>) -> Vec<RawRow> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    // Line numbers are counted here from each record's byte offset (LF line ends only;
    // read_text normalises the rest), counting blank lines too.
    let (mut counted_to, mut line) = (0usize, 1usize);
    // A record that fails to parse (only possible on invalid UTF-8, which &str rules out)
    // ends the table; what came before is kept.
    while let Ok(true) = reader.read_record(&mut record) {
        let byte = record.position().map_or(counted_to, |p| {
            usize::try_from(p.byte()).unwrap_or(counted_to)
        });
        if byte > counted_to && byte <= text.len() {
            line += text.as_bytes()[counted_to..byte]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            counted_to = byte;
        }
        let row = RawRow::new(line, record.iter().map(str::trim));
        if !row.is_empty() {
            rows.push(row);
        }
        if limit.is_some_and(|l| rows.len() >= l) {
            break;
        }
    }
    rows
}

/// The delimiter that splits the first row (the header, mostly) and gives the most rows
/// the same number (> 1) of cells in `sample`; tab first on ties (what spreadsheets put
/// on the clipboard). Splitting the first row comes first because trailing empty cells
/// make row widths vary: in `Item|2021-01|2021-02` over `A|1,5|` rows, the decimal commas
/// would otherwise line up as often as the pipes. When no delimiter gives two rows the
/// same width (a header over columns that are empty below it, say), the one that splits
/// the first row into the most cells.
fn sniff_delimiter(sample: &str) -> u8 {
    // (splits the first row, rows of the most common width, that width, delimiter)
    let mut best = (false, 0usize, 0usize, b'\t');
    for &d in &DELIMITERS {
        let rows = split_with(sample, d, Some(200));
        let mut widths: BTreeMap<usize, usize> = BTreeMap::new();
        for r in &rows {
            *widths.entry(r.len()).or_default() += 1;
        }
        let (width, count) = widths
            .iter()
            .max_by_key(|(w, c)| (**c, **w))
            .map_or((0, 0), |(w, c)| (*w, *c));
        let score = if width > 1 { count } else { 0 };
        let splits_first = score > 0 && rows.first().is_some_and(|r| r.len() > 1);
        let key = (splits_first, score, width);
        if key > (best.0, best.1, best.2) {
            best = (splits_first, score, width, d);
        }
    }
    let best = (best.1, best.2, best.3);
    if best.0 == 0 {
        let mut widest = (1, b'\t');
        for &d in &DELIMITERS {
            let width = split_with(sample, d, Some(1))
                .first()
                .map_or(0, RawRow::len);
            if width > widest.0 {
                widest = (width, d);
            }
        }
        return widest.1;
    }
    best.2
}

/// Splits pasted or file text into cells, sniffing the delimiter (tab, `;`, `,` or `|`)
/// from the first lines. A byte-order mark is dropped; blank rows are left out (the rows
/// keep their line numbers).
#[must_use]
pub fn read_text(text: &str) -> RawTable {
    read_with(text, None)
}

/// Splits `text` as [`read_text`] does, but on `delimiter` instead of the one sniffed:
/// for tables Attune wrote itself, whose cells may be full of other delimiters.
pub(crate) fn read_text_on(text: &str, delimiter: u8) -> RawTable {
    read_with(text, Some(delimiter))
}

fn read_with(text: &str, delimiter: Option<u8>) -> RawTable {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // CRLF and old Mac CR line ends become LF, so that rows are counted as the user sees them.
    let normalized;
    let text = if text.contains('\r') {
        normalized = text.replace("\r\n", "\n").replace('\r', "\n");
        normalized.as_str()
    } else {
        text
    };
    let delimiter = delimiter.unwrap_or_else(|| {
        let mut end = text.len().min(SNIFF_BYTES);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        sniff_delimiter(&text[..end])
    });
    RawTable {
        rows: split_with(text, delimiter, None),
        delimiter: char::from(delimiter),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings() {
        assert_eq!(decode(b"\xEF\xBB\xBFa;b"), ("a;b".into(), Encoding::Utf8));
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Mär\t1".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(&le), ("Mär\t1".into(), Encoding::Utf16Le));
        let be: Vec<u8> = "Month\t1\r\n"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(decode(&be), ("Month\t1\r\n".into(), Encoding::Utf16Be));
        assert_eq!(
            decode(b"Men\xe4ge \x80"),
            ("Menäge €".into(), Encoding::Windows1252)
        );
    }

    #[test]
    fn delimiters_and_quotes() {
        let t = read_text("a|b|c\n1|2|3\n");
        assert_eq!(t.delimiter, '|');
        let t = read_text("name,qty\n\"Pump, large\",\"1,200\"\n\"Valve\nDN50\",3\n");
        assert_eq!(t.delimiter, ',');
        assert_eq!(
            t.rows[1].cells().collect::<Vec<_>>(),
            ["Pump, large", "1,200"]
        );
        assert_eq!(t.rows[2].cells().collect::<Vec<_>>(), ["Valve\nDN50", "3"]);
        assert_eq!(t.rows[2].line, 3);
    }

    #[test]
    fn pipes_win_over_decimal_commas_when_trailing_cells_are_empty() {
        // Found by the round-trip property test: a wide pipe-delimited table with
        // decimal commas and an empty last period on some rows.
        let text = "Item|2021-01|2021-02|2021-03\nA|1,5|2,5|\nB|1,5|2,5|3,5\nC|0,5|1,5|\n";
        let t = read_text(text);
        assert_eq!(t.delimiter, '|');
        assert_eq!(t.rows[1].cells().collect::<Vec<_>>(), ["A", "1,5", "2,5"]);
        // Commas that really delimit still win, with or without a header.
        assert_eq!(read_text("a,b,c\n1,2,3\n4,5,6\n").delimiter, ',');
        assert_eq!(
            read_text("Sales report\nsku;qty\nA;1\nB;2\n").delimiter,
            ';'
        );
    }

    #[test]
    fn blank_rows_keep_line_numbers() {
        let t = read_text("a\tb\r\n\r\n\t\t\r\nc\td\r\n");
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[1].line, 4);
    }
}
