//! Capacity tables pasted from a spreadsheet: resources, the bill of resources, demand.
//!
//! The text is split into cells by the importer's reader ([`read_text`]: tab, `;`, `,`
//! or `|`, quoted cells, any line ends) and numbers are read with [`parse_number`] under
//! the decimal mark most cells of the table point to. The first row is always the
//! header. Every cell that cannot be read is reported with its row, its column and its
//! text; one bad cell fails the table, since a resource silently left out would make the
//! plan look better than it is.
//!
//! Layouts:
//! - **Resources** ([`parse_resources`]): `Resource | Jan | Feb | …`, one row of regular
//!   hours per resource. Overtime is either one number for every period in a column
//!   headed `Overtime` (`Resource | Jan | Feb | Overtime`), or one per period in a
//!   second row for the resource, told apart by a column headed `Type` holding
//!   `Regular` or `Overtime` (`Resource | Type | Jan | Feb`). An empty cell means no hours.
//! - **Bill of resources** ([`parse_bill`]): long, `Family | Resource | Hours per unit`
//!   (recognised by a second column headed `Resource`, `Work center`, `Machine` or
//!   `Line`, or a third whose header mentions hours or "per unit"; later columns are
//!   ignored), or wide, `Family | Press | Paint | …` with the hours per unit under each
//!   resource (an empty cell means the family does not use it).
//! - **Demand** ([`parse_demand`]): `Family | Jan | Feb | …`; an empty cell means none.

use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::check::name_key;
use super::{BillLine, FamilyDemand, FamilyTerms, PerPeriod, Resource, MAX_VALUE};
use crate::import::text::read_text;
use crate::import::{column_letter, CellProblem, RawRow, RawTable};
use crate::number::{decide_decimal_mark, parse_number, DecimalMark};
use crate::plural;

/// Resources read from a pasted table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResourceTable {
    /// The period headers, in order.
    pub periods: Vec<String>,
    /// The resources, in the order of their first row.
    pub resources: Vec<Resource>,
}

/// Demand read from a pasted table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DemandTable {
    /// The period headers, in order.
    pub periods: Vec<String>,
    /// One row per family, in the table's order.
    pub demand: Vec<FamilyDemand>,
}

/// Why a pasted capacity table cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum TableError {
    /// The text holds no cells.
    Empty {
        /// The layout expected, in words.
        expected: String,
    },
    /// The header lacks a column the layout needs.
    MissingColumns {
        /// The layout expected, in words.
        expected: String,
    },
    /// A header cell is blank where a period or resource name is needed.
    BlankHeader {
        /// 0-based column index.
        column_index: usize,
        /// The column's spreadsheet letter.
        column: String,
        /// What the header should name.
        expected: String,
    },
    /// The header is there but no row below it.
    NoRows {
        /// What the rows should hold.
        expected: String,
    },
    /// Cells that cannot be read, in row order.
    Cells {
        /// Each problem, with its row, column and cell.
        problems: Vec<CellProblem>,
    },
}

impl fmt::Display for TableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty { expected } => {
                write!(f, "there is nothing to read: paste a table like {expected}")
            }
            Self::MissingColumns { expected } => {
                write!(f, "the table does not have the columns needed: {expected}")
            }
            Self::BlankHeader {
                column, expected, ..
            } => write!(
                f,
                "column {column} has no header: the first row should name {expected}"
            ),
            Self::NoRows { expected } => {
                write!(
                    f,
                    "the table has a header but no rows below it: add {expected}"
                )
            }
            Self::Cells { problems } => match problems.as_slice() {
                [] => write!(f, "the table could not be read"),
                [one] => write!(f, "{one}"),
                [first, ..] => write!(
                    f,
                    "{} in the table; the first: {first}",
                    plural(problems.len(), "problem", "problems")
                ),
            },
        }
    }
}

impl std::error::Error for TableError {}

const RESOURCES_LAYOUT: &str =
    "Resource | Jan | Feb | … (regular hours), optionally with an Overtime column";
const BILL_LAYOUT: &str =
    "Family | Resource | Hours per unit, or Family | <one column per resource>";
const DEMAND_LAYOUT: &str = "Family | Jan | Feb | …";
const TERMS_LAYOUT: &str = "Family | Margin per unit | Starting inventory (optional)";

/// A table split into its header and body, with column names for messages.
struct Sheet<'a> {
    header: &'a RawRow,
    body: &'a [RawRow],
    width: usize,
    /// Header text, or the spreadsheet letter of a blank header.
    names: Vec<String>,
    problems: Vec<CellProblem>,
}

impl<'a> Sheet<'a> {
    fn new(table: &'a RawTable, expected: &str) -> Result<Self, TableError> {
        let Some((header, body)) = table.rows.split_first() else {
            return Err(TableError::Empty {
                expected: expected.to_string(),
            });
        };
        let width = table.width();
        let names = (0..width)
            .map(|c| {
                let h = header.cell(c);
                if h.is_empty() {
                    column_letter(c)
                } else {
                    h.to_string()
                }
            })
            .collect();
        Ok(Self {
            header,
            body,
            width,
            names,
            problems: Vec::new(),
        })
    }

    /// The header of column `c`, trimmed and lower-cased, for recognising it.
    fn header_key(&self, c: usize) -> String {
        self.header.cell(c).trim().to_lowercase()
    }

    /// Fails with [`TableError::BlankHeader`] when column `c` has no header.
    fn named(&self, c: usize, expected: &str) -> Result<String, TableError> {
        let h = self.header.cell(c).trim();
        if h.is_empty() {
            Err(TableError::BlankHeader {
                column_index: c,
                column: column_letter(c),
                expected: expected.to_string(),
            })
        } else {
            Ok(h.to_string())
        }
    }

    fn problem(&mut self, row: &RawRow, c: usize, message: impl Into<String>) {
        self.problems.push(CellProblem {
            row: row.line,
            column_index: c,
            column: self
                .names
                .get(c)
                .cloned()
                .unwrap_or_else(|| column_letter(c)),
            cell: row.cell(c).to_string(),
            message: message.into(),
        });
    }

    /// The decimal mark most cells of `columns` point to.
    fn mark(&self, columns: &[usize]) -> DecimalMark {
        decide_decimal_mark(
            self.body
                .iter()
                .flat_map(|r| columns.iter().map(move |&c| r.cell(c))),
        )
    }

    /// The number in cell `c` of `row`: `None` when empty, or after recording a problem.
    fn number(
        &mut self,
        row: &RawRow,
        c: usize,
        mark: DecimalMark,
        negative_ok: bool,
    ) -> Option<Option<f64>> {
        match parse_number(row.cell(c), mark) {
            Ok(Some(v)) if v < 0.0 && !negative_ok => {
                self.problem(row, c, "is negative: hours cannot be less than zero");
                None
            }
            Ok(Some(v)) if v.abs() > MAX_VALUE => {
                self.problem(
                    row,
                    c,
                    format!("is larger than Attune accepts ({MAX_VALUE:e})"),
                );
                None
            }
            Ok(v) => Some(v),
            Err(why) => {
                self.problem(row, c, why);
                None
            }
        }
    }

    /// The name in the first cell of `row`, or a problem when it is empty.
    fn label(&mut self, row: &RawRow, what: &str) -> Option<String> {
        let name = row.cell(0).trim();
        if name.is_empty() {
            self.problem(row, 0, format!("is empty: name the {what}"));
            None
        } else {
            Some(name.to_string())
        }
    }

    fn finish<T>(self, value: T, expected: &str) -> Result<T, TableError> {
        if !self.problems.is_empty() {
            Err(TableError::Cells {
                problems: self.problems,
            })
        } else if self.body.is_empty() {
            Err(TableError::NoRows {
                expected: expected.to_string(),
            })
        } else {
            Ok(value)
        }
    }
}

/// Whether a header marks the column of `Regular` / `Overtime` row types.
fn is_type_header(h: &str) -> bool {
    matches!(h, "type" | "kind" | "hours type" | "hour type")
}

/// Whether a header marks a column of overtime hours, the same in every period.
fn is_overtime_header(h: &str) -> bool {
    matches!(
        h,
        "overtime" | "overtime hours" | "ot" | "ot hours" | "max overtime" | "max overtime hours"
    )
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum RowType {
    Regular,
    Overtime,
}

/// One resource while its rows are read.
struct Pending {
    name: String,
    /// The line of its regular row, and its hours when the row could be read.
    regular: Option<(usize, Option<Vec<f64>>)>,
    /// The line its overtime was given on, and the hours when they could be read.
    overtime: Option<(usize, Option<PerPeriod>)>,
    /// Its first row, to blame if it ends up without a regular row.
    first_line: usize,
}

/// Reads resources pasted as `Resource | Jan | Feb | …` (regular hours per period),
/// with overtime in an `Overtime` column or in `Overtime` rows marked by a `Type`
/// column (see the module documentation).
///
/// # Errors
/// [`TableError`] when the text is empty, has no period column or no rows, a period
/// header is blank, or any cell cannot be read (not a number, negative, a resource twice,
/// an overtime row without a regular one); each cell problem names the row, the column
/// and the cell.
pub fn parse_resources(text: &str) -> Result<ResourceTable, TableError> {
    let table = read_text(text);
    let mut sheet = Sheet::new(&table, RESOURCES_LAYOUT)?;
    let mut type_col = None;
    let mut overtime_col = None;
    let mut period_cols = Vec::new();
    let mut periods = Vec::new();
    for c in 1..sheet.width {
        let key = sheet.header_key(c);
        if type_col.is_none() && is_type_header(&key) {
            type_col = Some(c);
        } else if overtime_col.is_none() && is_overtime_header(&key) {
            overtime_col = Some(c);
        } else {
            periods.push(sheet.named(c, "the period of each column (Jan, Feb, …)")?);
            period_cols.push(c);
        }
    }
    if period_cols.is_empty() {
        return Err(TableError::MissingColumns {
            expected: RESOURCES_LAYOUT.to_string(),
        });
    }
    let numeric: Vec<usize> = period_cols.iter().copied().chain(overtime_col).collect();
    let mark = sheet.mark(&numeric);

    let mut pending: Vec<Pending> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for row in sheet.body {
        let Some(name) = sheet.label(row, "resource") else {
            continue;
        };
        let row_type = match type_col.map(|c| (c, row.cell(c).trim().to_lowercase())) {
            None => RowType::Regular,
            Some((_, t)) if matches!(t.as_str(), "" | "regular" | "reg" | "regular hours") => {
                RowType::Regular
            }
            Some((_, t)) if matches!(t.as_str(), "overtime" | "ot" | "overtime hours") => {
                RowType::Overtime
            }
            Some((c, _)) => {
                sheet.problem(row, c, "is neither \"Regular\" nor \"Overtime\"");
                continue;
            }
        };
        let mut values = Vec::with_capacity(period_cols.len());
        let mut ok = true;
        for &c in &period_cols {
            match sheet.number(row, c, mark, false) {
                Some(v) => values.push(v.unwrap_or(0.0)),
                None => ok = false,
            }
        }
        let column_overtime = match overtime_col {
            None => None,
            Some(c) => match sheet.number(row, c, mark, false) {
                None => {
                    ok = false;
                    None
                }
                Some(Some(_)) if row_type == RowType::Overtime => {
                    sheet.problem(
                        row,
                        c,
                        "is on an overtime row: give overtime either in the Overtime column or in an Overtime row, not both",
                    );
                    ok = false;
                    None
                }
                Some(v) => v,
            },
        };
        let key = name_key(&name);
        let i = *index.entry(key).or_insert_with(|| {
            pending.push(Pending {
                name: name.clone(),
                regular: None,
                overtime: None,
                first_line: row.line,
            });
            pending.len() - 1
        });
        let entry = &mut pending[i];
        match row_type {
            RowType::Regular => {
                if let Some((line, _)) = entry.regular {
                    sheet.problem(row, 0, format!("repeats a resource already on row {line}"));
                    continue;
                }
                entry.regular = Some((row.line, ok.then_some(values)));
                if let Some(v) = column_overtime {
                    if let Some((line, _)) = entry.overtime {
                        sheet.problem(
                            row,
                            overtime_col.unwrap_or(0),
                            format!(
                                "gives overtime for a resource whose overtime row is row {line}"
                            ),
                        );
                        continue;
                    }
                    entry.overtime = Some((row.line, Some(PerPeriod::Same(v))));
                }
            }
            RowType::Overtime => {
                if let Some((line, _)) = entry.overtime {
                    sheet.problem(
                        row,
                        type_col.unwrap_or(0),
                        format!("repeats the overtime of a resource already given on row {line}"),
                    );
                    continue;
                }
                entry.overtime = Some((row.line, ok.then_some(PerPeriod::Each(values))));
            }
        }
    }
    let mut resources = Vec::with_capacity(pending.len());
    for p in pending {
        match p.regular {
            Some((_, Some(regular))) => resources.push(Resource {
                name: p.name,
                regular_hours: PerPeriod::Each(regular),
                overtime_hours: p.overtime.and_then(|(_, o)| o).unwrap_or_default(),
            }),
            // A bad row: its problems are listed already.
            Some((_, None)) => {}
            None => {
                if let Some(row) = sheet.body.iter().find(|r| r.line == p.first_line) {
                    sheet.problem(
                        row,
                        type_col.unwrap_or(0),
                        "has an overtime row but no regular row: add a Regular row for it",
                    );
                }
            }
        }
    }
    sheet.problems.sort_by_key(|p| (p.row, p.column_index));
    sheet.finish(ResourceTable { periods, resources }, "one row per resource")
}

/// Whether a header names the resource column of a long bill.
fn is_resource_header(h: &str) -> bool {
    matches!(
        h,
        "resource"
            | "resources"
            | "work center"
            | "work centre"
            | "workcenter"
            | "machine"
            | "line"
    )
}

/// Whether a header names the hours column of a long bill.
fn is_hours_header(h: &str) -> bool {
    h.contains("hour") || h.contains("hrs") || h.contains("per unit")
}

/// Reads a bill of resources pasted long (`Family | Resource | Hours per unit`) or wide
/// (`Family | Press | Paint | …`); see the module documentation for how the layout is
/// told.
///
/// # Errors
/// [`TableError`] when the text is empty, has fewer than two columns or no rows, a
/// resource header is blank (wide), or a cell cannot be read: an empty family or
/// resource, hours that are not a number or negative, or (long) empty hours.
pub fn parse_bill(text: &str) -> Result<Vec<BillLine>, TableError> {
    let table = read_text(text);
    let mut sheet = Sheet::new(&table, BILL_LAYOUT)?;
    if sheet.width < 2 {
        return Err(TableError::MissingColumns {
            expected: BILL_LAYOUT.to_string(),
        });
    }
    let long = sheet.width >= 3
        && (is_resource_header(&sheet.header_key(1)) || is_hours_header(&sheet.header_key(2)));
    let mut lines = Vec::new();
    if long {
        let mark = sheet.mark(&[2]);
        for row in sheet.body {
            let family = sheet.label(row, "family");
            let resource = row.cell(1).trim();
            if resource.is_empty() {
                sheet.problem(row, 1, "is empty: name the resource");
            }
            let hours = match sheet.number(row, 2, mark, false) {
                Some(Some(v)) => Some(v),
                Some(None) => {
                    sheet.problem(row, 2, "is empty: give the hours per unit (0 if none)");
                    None
                }
                None => None,
            };
            if let (Some(family), Some(hours), false) = (family, hours, resource.is_empty()) {
                lines.push(BillLine {
                    family,
                    resource: resource.to_string(),
                    hours_per_unit: hours,
                });
            }
        }
    } else {
        let mut resources = Vec::with_capacity(sheet.width - 1);
        for c in 1..sheet.width {
            resources.push((c, sheet.named(c, "the resource of each column")?));
        }
        let cols: Vec<usize> = resources.iter().map(|(c, _)| *c).collect();
        let mark = sheet.mark(&cols);
        for row in sheet.body {
            let family = sheet.label(row, "family");
            for (c, resource) in &resources {
                if let (Some(Some(h)), Some(family)) =
                    (sheet.number(row, *c, mark, false), family.as_ref())
                {
                    if h > 0.0 {
                        lines.push(BillLine {
                            family: family.clone(),
                            resource: resource.clone(),
                            hours_per_unit: h,
                        });
                    }
                }
            }
        }
    }
    sheet.finish(lines, "one row per family")
}

/// Reads demand pasted as `Family | Jan | Feb | …`. Negative quantities are kept (the
/// plan takes them as zero, with a warning).
///
/// # Errors
/// [`TableError`] when the text is empty, has no period column or no rows, a period
/// header is blank, or a cell cannot be read (not a number, a family twice).
pub fn parse_demand(text: &str) -> Result<DemandTable, TableError> {
    let table = read_text(text);
    let mut sheet = Sheet::new(&table, DEMAND_LAYOUT)?;
    if sheet.width < 2 {
        return Err(TableError::MissingColumns {
            expected: DEMAND_LAYOUT.to_string(),
        });
    }
    let mut periods = Vec::with_capacity(sheet.width - 1);
    for c in 1..sheet.width {
        periods.push(sheet.named(c, "the period of each column (Jan, Feb, …)")?);
    }
    let cols: Vec<usize> = (1..sheet.width).collect();
    let mark = sheet.mark(&cols);
    let mut demand = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for row in sheet.body {
        let Some(family) = sheet.label(row, "family") else {
            continue;
        };
        let mut quantities = Vec::with_capacity(cols.len());
        let mut ok = true;
        for &c in &cols {
            match sheet.number(row, c, mark, true) {
                Some(v) => quantities.push(v.unwrap_or(0.0)),
                None => ok = false,
            }
        }
        if let Some(line) = seen.get(&name_key(&family)) {
            sheet.problem(row, 0, format!("repeats a family already on row {line}"));
            continue;
        }
        seen.insert(name_key(&family), row.line);
        if ok {
            demand.push(FamilyDemand { family, quantities });
        }
    }
    sheet.finish(DemandTable { periods, demand }, "one row per family")
}

/// Reads each family's terms pasted as `Family | Margin per unit | Starting inventory`
/// (the inventory column may be left out; an empty cell is 0). The rows' order is the
/// priority order.
///
/// # Errors
/// [`TableError`] when the text is empty, has no margin column or no rows, or a cell
/// cannot be read (not a number, a negative inventory, a family twice).
pub fn parse_terms(text: &str) -> Result<Vec<FamilyTerms>, TableError> {
    let table = read_text(text);
    let mut sheet = Sheet::new(&table, TERMS_LAYOUT)?;
    if sheet.width < 2 {
        return Err(TableError::MissingColumns {
            expected: TERMS_LAYOUT.to_string(),
        });
    }
    let cols: Vec<usize> = (1..sheet.width.min(3)).collect();
    let mark = sheet.mark(&cols);
    let mut terms = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for row in sheet.body {
        let Some(family) = sheet.label(row, "family") else {
            continue;
        };
        let margin = sheet.number(row, 1, mark, true);
        let inventory = if sheet.width > 2 {
            sheet.number(row, 2, mark, false)
        } else {
            Some(None)
        };
        if let Some(line) = seen.get(&name_key(&family)) {
            sheet.problem(row, 0, format!("repeats a family already on row {line}"));
            continue;
        }
        seen.insert(name_key(&family), row.line);
        if let (Some(margin), Some(inventory)) = (margin, inventory) {
            terms.push(FamilyTerms {
                family,
                margin_per_unit: margin.unwrap_or(0.0),
                initial_inventory: inventory.unwrap_or(0.0),
            });
        }
    }
    sheet.finish(terms, "one row per family")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_in_priority_order_with_optional_inventory() {
        let t = parse_terms("Family\tMargin\tStock\nB\t12,5\t\nA\t30\t40\n").unwrap();
        assert_eq!(t.len(), 2);
        assert_eq!(
            (
                t[0].family.as_str(),
                t[0].margin_per_unit,
                t[0].initial_inventory
            ),
            ("B", 12.5, 0.0)
        );
        assert_eq!((t[1].margin_per_unit, t[1].initial_inventory), (30.0, 40.0));
        let only_margin = parse_terms("Family,Margin\nA,3\n").unwrap();
        assert_eq!(only_margin[0].initial_inventory, 0.0);
        let err = parse_terms("Family\tMargin\tStock\nA\t1\t-4\nA\t2\t0\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("2 problems in the table; the first: row 2"),
            "{err}"
        );
        assert!(parse_terms("Family\n").is_err());
    }

    #[test]
    fn overtime_rows_after_a_type_column() {
        let t = parse_resources(
            "Resource\tType\tJan\tFeb\nPress\tOT\t10\t0\nPress\tRegular\t160\t150\nPaint\t\t80\t80\n",
        )
        .unwrap();
        assert_eq!(t.periods, ["Jan", "Feb"]);
        assert_eq!(
            t.resources[0].overtime_hours,
            PerPeriod::Each(vec![10.0, 0.0])
        );
        assert_eq!(
            t.resources[0].regular_hours,
            PerPeriod::Each(vec![160.0, 150.0])
        );
        // An empty type is a regular row.
        assert_eq!(t.resources[1].name, "Paint");
    }

    #[test]
    fn overtime_given_twice_is_a_problem() {
        let err = parse_resources(
            "Resource\tType\tJan\tOvertime\nPress\tRegular\t160\t20\nPress\tOvertime\t5\t\n",
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "row 3, column \"Type\": \"Overtime\" repeats the overtime of a resource already given on row 2"
        );
        let err =
            parse_resources("Resource\tType\tJan\tOvertime\nPress\tOvertime\t5\t3\n").unwrap_err();
        let TableError::Cells { problems } = err else {
            panic!("{err:?}");
        };
        let msgs: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            msgs,
            [
                "row 2, column \"Type\": \"Overtime\" has an overtime row but no regular row: add a Regular row for it",
                "row 2, column \"Overtime\": \"3\" is on an overtime row: give overtime either in the Overtime column or in an Overtime row, not both",
            ]
        );
    }

    #[test]
    fn layout_headers() {
        assert!(is_resource_header("work centre"));
        assert!(is_hours_header("hours per unit"));
        assert!(is_hours_header("std hrs"));
        assert!(!is_hours_header("paint"));
        assert!(is_overtime_header("ot"));
        assert!(is_type_header("type"));
        // One column is not a bill.
        assert!(matches!(
            parse_bill("Family\nA\n"),
            Err(TableError::MissingColumns { .. })
        ));
        assert!(matches!(
            parse_demand("Family\tJan\n"),
            Err(TableError::NoRows { .. })
        ));
    }
}
