//! The `data` section: the sales history as the canonical long table that
//! [`Dataset::to_long_table`] writes, so a saved workspace holds the numbers the planner
//! worked with (not the file they came from), in a form a person can read and paste.
//!
//! The table is read back with the importer, split on tabs (no sniffing), with the
//! section's `granularity` as the bucket and its `gaps` rule, which gives back the same
//! dataset; every cell the importer cannot use is a problem at `data.table`.

use serde::{Deserialize, Serialize};

use super::FieldProblem;
use crate::calendar::Granularity;
use crate::import::dataset::{check, Dataset, DatasetImport, WarningKind};
use crate::import::mapping::{detect, GapFill};
use crate::import::text::read_text_on;
use crate::import::RawTable;

/// The id given to the series of a table without an item column (hand-written data).
const DEFAULT_ID: &str = "series";

/// The sales history of a workspace.
///
/// ```json
/// "data": {
///   "table": "SKU\tFamily\tPeriod\tQuantity\nP-1\tPumps\t2024-01\t120\n…",
///   "granularity": "month"
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataSection {
    /// The history as a tab-separated long table (see [`Dataset::to_long_table`]).
    pub table: String,
    /// The bucket the rows are summed into: `day`, `week`, `month`, `quarter`, `year`
    /// or `index`. The app writes the dataset's own, so nothing is summed; left out, it
    /// is inferred as for a paste.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub granularity: Option<Granularity>,
    /// What a period without a row means: `zero` (the default) or `missing`.
    #[serde(default, skip_serializing_if = "is_zero_fill")]
    pub gaps: GapFill,
}

fn is_zero_fill(gaps: &GapFill) -> bool {
    *gaps == GapFill::Zero
}

impl DataSection {
    /// The section that holds `dataset`: its long table, its granularity, and `missing`
    /// gaps when any value is missing (so they stay missing when read back).
    #[must_use]
    pub fn from_dataset(dataset: &Dataset) -> Self {
        let any_missing = dataset
            .items
            .iter()
            .any(|i| i.values.iter().any(Option::is_none));
        Self {
            table: dataset.to_long_table(),
            granularity: Some(dataset.granularity),
            gaps: if any_missing {
                GapFill::Missing
            } else {
                GapFill::Zero
            },
        }
    }

    /// Reads the table into a dataset (with the importer's warnings and summary).
    ///
    /// # Errors
    ///
    /// Every problem at `data.table` (a cell the importer cannot use, with its row and
    /// column, or why nothing could be read), or at `data.granularity` when the periods
    /// cannot be summed into that bucket.
    pub fn dataset(&self) -> Result<DatasetImport, Vec<FieldProblem>> {
        let at_table = |message: String| FieldProblem {
            path: "data.table".to_string(),
            message,
        };
        let table = read_tabs(&self.table);
        let mut mapping = detect(&table);
        mapping.gaps = self.gaps;
        mapping.bucket = self.granularity;
        let import =
            check(&table, &mapping, DEFAULT_ID, None).map_err(|e| vec![at_table(e.to_string())])?;
        let mut problems: Vec<FieldProblem> = import
            .problems
            .iter()
            .map(|p| at_table(p.to_string()))
            .collect();
        if let Some(wanted) = self.granularity {
            if import.dataset.granularity != wanted {
                let why = import
                    .warnings
                    .iter()
                    .find(|w| w.kind == WarningKind::Aggregated)
                    .map_or_else(
                        || {
                            format!(
                                "the table's periods are {}, not {}",
                                import.dataset.granularity.adjective(),
                                wanted.adjective()
                            )
                        },
                        |w| w.message.clone(),
                    );
                problems.push(FieldProblem {
                    path: "data.granularity".to_string(),
                    message: why,
                });
            }
        }
        if problems.is_empty() {
            Ok(import)
        } else {
            Err(problems)
        }
    }
}

/// Splits tab-separated text into rows as the importer does (quoted cells, cells
/// trimmed, blank rows left out, line numbers kept), without sniffing the delimiter: a
/// name full of commas must not make the table look comma-separated.
fn read_tabs(text: &str) -> RawTable {
    read_text_on(text, b'\t')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Period;
    use crate::import::import_text;

    fn section(table: &str) -> DataSection {
        DataSection {
            table: table.to_string(),
            granularity: None,
            gaps: GapFill::Zero,
        }
    }

    #[test]
    fn a_dataset_comes_back_from_its_section() {
        let d = import_text(
            "sku,family,month,qty\nA,P,2024-01,1\nA,P,2024-03,3\nB,,2024-02,2.5\n",
            "x",
            None,
        )
        .unwrap()
        .dataset;
        let s = DataSection::from_dataset(&d);
        assert_eq!(s.granularity, Some(Granularity::Month));
        assert_eq!(s.gaps, GapFill::Zero);
        assert_eq!(s.dataset().unwrap().dataset, d);
    }

    #[test]
    fn missing_values_stay_missing() {
        let t = crate::import::text::read_text("Month\tQty\n2024-01\t1\n2024-03\t3\n");
        let mut m = detect(&t);
        m.gaps = GapFill::Missing;
        let d = check(&t, &m, "s", None).unwrap().dataset;
        let s = DataSection::from_dataset(&d);
        assert_eq!(s.gaps, GapFill::Missing);
        let again = s.dataset().unwrap().dataset;
        assert_eq!(again.items[0].values, [Some(1.0), None, Some(3.0)]);
        assert_eq!(again, d);
    }

    #[test]
    fn names_full_of_commas_stay_tab_separated() {
        let s = section("SKU\tPeriod\tQuantity\na,b,c,d,e\t2024-01\t1\nf,g,h,i,j\t2024-02\t2\n");
        let d = s.dataset().unwrap().dataset;
        assert_eq!(d.items[0].id, "a,b,c,d,e");
        assert_eq!(d.start, Period::month(2024, 1));
    }

    #[test]
    fn bad_cells_are_problems_at_the_table() {
        let s = section("SKU\tPeriod\tQuantity\nA\t2024-01\t1\nA\t2024-13\t2\nA\t2024-03\tlots\n");
        let lines: Vec<String> = s
            .dataset()
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(lines.len(), 2);
        assert!(
            lines[0]
                .starts_with("data.table: row 3, column \"Period\": \"2024-13\" is not a period"),
            "{lines:?}"
        );
        assert_eq!(
            lines[1],
            "data.table: row 4, column \"Quantity\": \"lots\" is not a number"
        );
        assert_eq!(
            section("").dataset().unwrap_err()[0].to_string(),
            "data.table: there is nothing to import: paste or drop a table with a period column and a quantity column"
        );
    }

    #[test]
    fn a_granularity_the_periods_cannot_take_is_a_problem() {
        let mut s = section("SKU\tPeriod\tQuantity\nA\t2024-01\t1\nA\t2024-02\t2\n");
        s.granularity = Some(Granularity::Day);
        let problems = s.dataset().unwrap_err();
        assert_eq!(
            problems[0].to_string(),
            "data.granularity: monthly periods cannot be summed into daily buckets; kept monthly"
        );
        // A coarser bucket sums, as a paste would.
        s.granularity = Some(Granularity::Quarter);
        let d = s.dataset().unwrap().dataset;
        assert_eq!(d.items[0].values, [Some(3.0)]);
    }
}
