//! The `capacity` section: the four tables a planner pastes for the rough-cut check and
//! the supply plan, kept as the planner's own text (raw first, checked second), and the
//! rule that shares scarce hours.

use serde::{Deserialize, Serialize};

use super::FieldProblem;
use crate::plan::capacity::{
    parse_bill, parse_demand, parse_resources, parse_terms, AllocationRule, TableError,
};

/// The capacity tables and rule of a workspace. A blank table is one not pasted yet.
///
/// ```json
/// "capacity": {
///   "resources": "Resource\tJan\tFeb\tOvertime\nPress\t100\t100\t20\n",
///   "bill": "Family\tResource\tHours per unit\nPumps\tPress\t2\n",
///   "demand": "Family\tJan\tFeb\nPumps\t40\t60\n",
///   "terms": "Family\tMargin per unit\tStarting inventory\nPumps\t40\t0\n",
///   "rule": "margin"
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CapacitySection {
    /// `Resource | Jan | Feb | …` (see [`parse_resources`]).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub resources: String,
    /// `Family | Resource | Hours per unit` or `Family | <resource> …` (see [`parse_bill`]).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub bill: String,
    /// `Family | Jan | Feb | …` (see [`parse_demand`]).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub demand: String,
    /// `Family | Margin per unit | Starting inventory` (see [`parse_terms`]).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub terms: String,
    /// `margin` or `priority`.
    #[serde(default)]
    pub rule: AllocationRule,
}

impl CapacitySection {
    /// Every table that is pasted but cannot be read, each cell problem at its table's
    /// path (`capacity.bill: row 3, column "Press": "2,5x" is not a number`).
    pub(super) fn problems(&self) -> Vec<FieldProblem> {
        let mut problems = Vec::new();
        let tables: [(&str, &str, TableReader); 4] = [
            ("resources", &self.resources, |t| {
                parse_resources(t).map(drop)
            }),
            ("bill", &self.bill, |t| parse_bill(t).map(drop)),
            ("demand", &self.demand, |t| parse_demand(t).map(drop)),
            ("terms", &self.terms, |t| parse_terms(t).map(drop)),
        ];
        for (name, text, parse) in tables {
            if text.trim().is_empty() {
                continue;
            }
            let path = format!("capacity.{name}");
            match parse(text) {
                Ok(()) => {}
                Err(TableError::Cells { problems: cells }) if !cells.is_empty() => {
                    problems.extend(cells.iter().map(|c| FieldProblem {
                        path: path.clone(),
                        message: c.to_string(),
                    }));
                }
                Err(e) => problems.push(FieldProblem {
                    path,
                    message: e.to_string(),
                }),
            }
        }
        problems
    }
}

/// Reads one pasted table, keeping only whether it could be read.
type TableReader = fn(&str) -> Result<(), TableError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_tables_are_not_pasted_yet() {
        assert!(CapacitySection::default().problems().is_empty());
        let s = CapacitySection {
            terms: "  \n".into(),
            ..CapacitySection::default()
        };
        assert!(s.problems().is_empty());
    }

    #[test]
    fn every_bad_cell_is_named_at_its_table() {
        let s = CapacitySection {
            resources: "Resource\tJan\tFeb\nPress\t100\tlots\n".into(),
            bill: "Family\tPress\nPumps\t2,5x\nValves\t-1\n".into(),
            demand: "Family\tJan\tFeb\nPumps\t40\t60\n".into(),
            terms: "Family\n".into(),
            rule: AllocationRule::Priority,
        };
        let lines: Vec<String> = s.problems().iter().map(ToString::to_string).collect();
        assert_eq!(lines.len(), 4, "{lines:?}");
        assert_eq!(
            lines[0],
            "capacity.resources: row 2, column \"Feb\": \"lots\" is not a number"
        );
        assert!(lines[1].starts_with("capacity.bill: row 2, column \"Press\": \"2,5x\""));
        assert!(lines[2].starts_with("capacity.bill: row 3, column \"Press\": \"-1\""));
        assert!(lines[3].starts_with("capacity.terms: "), "{}", lines[3]);
    }
}
