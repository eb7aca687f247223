//! The import session that lives in the reader worker: it keeps the user's table there
//! (a million-row file never crosses to the page), re-reads it whenever the mapping
//! changes, and sends the page only what it shows — the preview rows and the import.
//!
//! `handle` is plain Rust, so the same session serves the worker and the in-page runner
//! of the component tests, and its rules are unit-tested natively.

use attune_engine::calendar::{Granularity, NaiveDate};
use attune_engine::document::DataSection;
use attune_engine::import::dataset::{check, DatasetImport};
use attune_engine::import::mapping::{detect, ColumnMapping, GapFill};
use attune_engine::import::text::read_text;
use attune_engine::import::{read_file, ImportError, RawRow, RawTable};
use attune_engine::share;
use serde::{Deserialize, Serialize};
use std::rc::Rc;

/// What the page asks the reader.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ImportRequest {
    /// Text pasted or typed (empty text clears the session).
    Paste {
        /// The text.
        text: String,
        /// Today, for flagging future periods.
        today: Option<NaiveDate>,
    },
    /// A file or sample: its name and bytes.
    Open {
        /// The name.
        name: String,
        /// The bytes (sent to the worker as one block, not byte by byte).
        #[serde(with = "serde_bytes")]
        bytes: Vec<u8>,
        /// Today.
        today: Option<NaiveDate>,
    },
    /// Read the current table again: another sheet and/or another mapping (`None`
    /// detects it afresh).
    Check {
        /// The sheet to read.
        sheet: usize,
        /// The mapping.
        mapping: Option<ColumnMapping>,
        /// Today.
        today: Option<NaiveDate>,
    },
    /// The planner cancelled the read before this one: go back to the table and mapping
    /// as they were before it (the page never showed what that read made).
    Revert,
}

/// What the page shows of the session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportView {
    /// The file, sample or "pasted".
    pub name: String,
    /// The sheet names (one for text).
    pub sheets: Vec<String>,
    /// The sheet shown.
    pub sheet: usize,
    /// The widest row's number of cells.
    pub width: usize,
    /// All rows of the sheet.
    pub total_rows: usize,
    /// The rows shown in the preview: the first ones and any with a problem.
    pub preview: Vec<RawRow>,
    /// The mapping as requested (detected, or the user's); `None` parts are decided by
    /// the import, whose own mapping has them resolved.
    pub mapping: ColumnMapping,
    /// The import under that mapping.
    pub import: Result<DatasetImport, ImportError>,
}

/// The reader's answer: the view, nothing (the paste box was emptied), or why the file
/// cannot be read.
pub type ImportAnswer = Result<Option<ImportView>, ImportError>;

/// Rows shown from the top of the table.
pub const HEAD_ROWS: usize = 12;
/// Further rows shown because they have a problem.
pub const PROBLEM_ROWS: usize = 30;

/// The tables of the current file and which one is shown.
#[derive(Debug, Default)]
pub struct ImportSession {
    name: String,
    sheets: Rc<Vec<(String, RawTable)>>,
    sheet: usize,
    mapping: Option<ColumnMapping>,
    /// The table as a saved workspace's data section, once written, and packed for the
    /// browser's storage once asked (autosave writes often; the table changes only
    /// through [`Self::handle`] and [`Self::open_kept`]).
    kept: Option<(DataSection, Option<String>)>,
    /// The table and mapping before the last request, for [`ImportRequest::Revert`]
    /// (the sheets are shared, so keeping them costs no copy).
    before: Option<Before>,
}

/// What [`ImportSession`] was before its last request.
#[derive(Debug, Default)]
struct Before {
    name: String,
    sheets: Rc<Vec<(String, RawTable)>>,
    sheet: usize,
    mapping: Option<ColumnMapping>,
}

impl ImportSession {
    /// Answers one request.
    ///
    /// # Errors
    /// [`ImportError`] when a file cannot be read at all; the session keeps its previous
    /// table then.
    pub fn handle(&mut self, request: ImportRequest) -> ImportAnswer {
        self.kept = None;
        if request == ImportRequest::Revert {
            if let Some(before) = self.before.take() {
                *self = Self {
                    name: before.name,
                    sheets: before.sheets,
                    sheet: before.sheet,
                    mapping: before.mapping,
                    kept: None,
                    before: None,
                };
            }
            return Ok(self.view(None));
        }
        // Whatever this request makes of the session, a cancel can go back to this.
        self.remember();
        let today = match request {
            ImportRequest::Paste { text, today } => {
                if text.trim().is_empty() {
                    *self = Self {
                        before: self.before.take(),
                        ..Self::default()
                    };
                    return Ok(None);
                }
                self.open(
                    "pasted".to_string(),
                    vec![("pasted".to_string(), read_text(&text))],
                );
                today
            }
            ImportRequest::Open { name, bytes, today } => {
                let sheets = read_file(&name, &bytes)?;
                self.open(name, sheets);
                today
            }
            ImportRequest::Check {
                sheet,
                mapping,
                today,
            } => {
                if sheet < self.sheets.len() && sheet != self.sheet {
                    self.sheet = sheet;
                    self.mapping = None;
                }
                if mapping.is_some() {
                    self.mapping = mapping;
                }
                today
            }
            ImportRequest::Revert => None,
        };
        Ok(self.view(today))
    }

    /// Keeps the table and mapping as they are now for [`ImportRequest::Revert`]: before
    /// every request, and before a saved workspace is opened.
    pub fn remember(&mut self) {
        self.before = Some(Before {
            name: self.name.clone(),
            sheets: Rc::clone(&self.sheets),
            sheet: self.sheet,
            mapping: self.mapping.clone(),
        });
    }

    fn open(&mut self, name: String, sheets: Vec<(String, RawTable)>) {
        // Show the first sheet that has data.
        let sheet = sheets
            .iter()
            .position(|(_, t)| !t.rows.is_empty())
            .unwrap_or(0);
        *self = Self {
            name,
            sheets: Rc::new(sheets),
            sheet,
            mapping: None,
            kept: None,
            before: self.before.take(),
        };
    }

    fn view(&mut self, today: Option<NaiveDate>) -> Option<ImportView> {
        let (_, table) = self.sheets.get(self.sheet)?;
        let mapping = self.mapping.get_or_insert_with(|| detect(table)).clone();
        let import = check(table, &mapping, &self.name, today);
        let preview = preview_rows(table, &import);
        Some(ImportView {
            name: self.name.clone(),
            sheets: self.sheets.iter().map(|(n, _)| n.clone()).collect(),
            sheet: self.sheet,
            width: table.width(),
            total_rows: table.rows.len(),
            preview,
            mapping,
            import,
        })
    }
}

impl ImportSession {
    /// The current table's import, when it succeeds: the data a saved workspace holds.
    #[must_use]
    pub fn dataset(&self) -> Option<DatasetImport> {
        let (_, table) = self.sheets.get(self.sheet)?;
        let mapping = self.mapping.clone().unwrap_or_else(|| detect(table));
        check(table, &mapping, &self.name, None).ok()
    }

    /// [`Self::dataset`] as a document's data section, written once per table.
    pub fn data_section(&mut self) -> Option<DataSection> {
        if self.kept.is_none() {
            self.kept = self
                .dataset()
                .map(|import| (DataSection::from_dataset(&import.dataset), None));
        }
        self.kept.as_ref().map(|(section, _)| section.clone())
    }

    /// [`Self::data_section`] as JSON packed for the browser's storage
    /// ([`share::pack`]), packed once per table: an autosave after every edit repacks
    /// only the small rest of the workspace.
    pub fn packed_data(&mut self) -> Option<String> {
        self.data_section()?;
        let (section, packed) = self.kept.as_mut()?;
        if packed.is_none() {
            *packed = serde_json::to_string(section)
                .ok()
                .map(|json| share::pack(&json));
        }
        packed.clone()
    }

    /// Makes a saved workspace's data table the session's, read with the document's
    /// bucket and gap rule, and shows `import` (the document's own reading of it).
    pub fn open_kept(
        &mut self,
        name: String,
        table: &str,
        bucket: Option<Granularity>,
        gaps: GapFill,
        import: DatasetImport,
    ) -> Option<ImportView> {
        let table = read_text(table);
        let mut mapping = detect(&table);
        mapping.bucket = bucket;
        mapping.gaps = gaps;
        *self = Self {
            sheets: Rc::new(vec![(name.clone(), table)]),
            name,
            sheet: 0,
            mapping: Some(mapping),
            kept: None,
            before: self.before.take(),
        };
        let mut view = self.view(None)?;
        view.import = Ok(import);
        Some(view)
    }

    /// Forgets the table (a new workspace).
    pub fn clear(&mut self) {
        *self = Self::default();
    }
}

/// The first rows, then every row with a problem (up to [`PROBLEM_ROWS`] of them).
fn preview_rows(table: &RawTable, import: &Result<DatasetImport, ImportError>) -> Vec<RawRow> {
    let problems = match import {
        Ok(i) => &i.problems,
        Err(ImportError::NoUsableRows { problems }) => problems,
        Err(_) => &Vec::new(),
    };
    let mut lines: Vec<usize> = problems.iter().map(|p| p.row).collect();
    lines.sort_unstable();
    lines.dedup();
    let head = table.rows.iter().take(HEAD_ROWS);
    let rest = table
        .rows
        .iter()
        .skip(HEAD_ROWS)
        .filter(|r| lines.binary_search(&r.line).is_ok())
        .take(PROBLEM_ROWS);
    head.chain(rest).cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use attune_engine::import::mapping::Role;

    fn paste(session: &mut ImportSession, text: &str) -> ImportView {
        session
            .handle(ImportRequest::Paste {
                text: text.to_string(),
                today: None,
            })
            .unwrap()
            .unwrap()
    }

    #[test]
    fn paste_detects_and_imports() {
        let mut s = ImportSession::default();
        let v = paste(&mut s, "Month\tQty\n2024-01\t1\n2024-02\t2\n");
        assert_eq!((v.name.as_str(), v.total_rows, v.width), ("pasted", 3, 2));
        assert_eq!(
            v.import.unwrap().dataset.items[0].values,
            [Some(1.0), Some(2.0)]
        );
        assert_eq!(
            s.handle(ImportRequest::Paste {
                text: " ".into(),
                today: None
            }),
            Ok(None)
        );
    }

    #[test]
    fn preview_shows_the_head_and_the_problem_rows() {
        let mut text = String::from("Month\tQty\n");
        for i in 0..100 {
            let q = if i == 70 {
                "oops".to_string()
            } else {
                i.to_string()
            };
            text.push_str(&format!("{}\t{q}\n", 1000 + i));
        }
        let v = paste(&mut ImportSession::default(), &text);
        let lines: Vec<usize> = v.preview.iter().map(|r| r.line).collect();
        assert_eq!(lines.len(), HEAD_ROWS + 1);
        assert_eq!(lines.last(), Some(&72));
    }

    #[test]
    fn a_new_mapping_rereads_the_kept_table() {
        let mut s = ImportSession::default();
        let v = paste(&mut s, "sku\tmonth\tqty\tprice\nA\t2024-01\t1\t9\n");
        let mut m = v.mapping;
        m.roles = vec![Role::Item, Role::Period, Role::Ignore, Role::Quantity];
        let v = s
            .handle(ImportRequest::Check {
                sheet: 0,
                mapping: Some(m.clone()),
                today: None,
            })
            .unwrap()
            .unwrap();
        assert_eq!(v.import.unwrap().dataset.items[0].values, [Some(9.0)]);
        // The mapping stays for later checks that do not change it.
        let v = s
            .handle(ImportRequest::Check {
                sheet: 0,
                mapping: None,
                today: None,
            })
            .unwrap()
            .unwrap();
        assert_eq!(v.mapping, m);
    }

    #[test]
    fn an_unreadable_file_keeps_the_previous_table() {
        let mut s = ImportSession::default();
        paste(&mut s, "Month\tQty\n2024-01\t1\n");
        let err = s.handle(ImportRequest::Open {
            name: "x.bin".into(),
            bytes: vec![0, 1, 2, 0, 159],
            today: None,
        });
        assert!(matches!(err, Err(ImportError::Unreadable(_))));
        let v = s
            .handle(ImportRequest::Check {
                sheet: 0,
                mapping: None,
                today: None,
            })
            .unwrap()
            .unwrap();
        assert_eq!(v.name, "pasted");
    }

    #[test]
    fn a_cancelled_read_goes_back_to_the_table_before_it() {
        let mut s = ImportSession::default();
        paste(&mut s, "Month\tQty\n2024-01\t1\n2024-02\t2\n");
        // A bigger table is read, then cancelled: the session is the first one again.
        paste(&mut s, "Month\tQty\n2024-01\t5\n2024-02\t6\n2024-03\t7\n");
        let back = s.handle(ImportRequest::Revert).unwrap().unwrap();
        assert_eq!(back.total_rows, 3);
        assert_eq!(
            s.dataset().unwrap().dataset.items[0].values,
            [Some(1.0), Some(2.0)]
        );
        // Whatever a file makes of the session (this one gives no usable rows), its
        // cancel goes back to the same table — not one step further.
        let unusable = s.handle(ImportRequest::Open {
            name: "broken.xlsx".into(),
            bytes: b"PK\x03\x04 not a workbook".to_vec(),
            today: None,
        });
        assert!(unusable.is_ok_and(|v| v.is_some_and(|v| v.import.is_err())));
        let back = s.handle(ImportRequest::Revert).unwrap().unwrap();
        assert_eq!(back.total_rows, 3);
        // A changed mapping is cancelled too.
        let view = s
            .handle(ImportRequest::Check {
                sheet: 0,
                mapping: None,
                today: None,
            })
            .unwrap()
            .unwrap();
        let mut mapping = view.mapping.clone();
        mapping.roles[1] = Role::Ignore;
        s.handle(ImportRequest::Check {
            sheet: 0,
            mapping: Some(mapping),
            today: None,
        })
        .unwrap();
        let back = s.handle(ImportRequest::Revert).unwrap().unwrap();
        assert_eq!(back.mapping, view.mapping);
        // Twice in a row, or before anything was read, a cancel changes nothing.
        assert_eq!(
            s.handle(ImportRequest::Revert).unwrap().unwrap().total_rows,
            3
        );
        assert_eq!(
            ImportSession::default().handle(ImportRequest::Revert),
            Ok(None)
        );
    }
}
