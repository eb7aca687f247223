//! The rough-cut capacity part of the page state: the four tables a planner pastes
//! (resources, bill of resources, demand by family, each family's margin and stock) and
//! the allocation rule. The engine reads the tables, checks the load and plans supply.

use attune_engine::document::CapacitySection;
use attune_engine::plan::capacity::{AllocationRule, RoughCut, SupplyPlan};

/// A worked example, so the heatmap shows something before anything is pasted (the
/// same tables the engine's scenario tests check by hand).
pub const EXAMPLE_RESOURCES: &str = include_str!("../testdata/capacity/resources.tsv");
/// The example's bill of resources.
pub const EXAMPLE_BILL: &str = include_str!("../testdata/capacity/bill_wide.tsv");
/// The example's demand.
pub const EXAMPLE_DEMAND: &str = include_str!("../testdata/capacity/demand.tsv");
/// The example's margins and stock.
pub const EXAMPLE_TERMS: &str =
    "Family\tMargin per unit\tStarting inventory\nA\t40\t0\nB\t25\t10\nC\t15\t0\n";

/// Which of the four tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    /// `Resource | Jan | Feb | …`
    Resources,
    /// `Family | Resource | Hours per unit` or `Family | <resource> …`
    Bill,
    /// `Family | Jan | Feb | …`
    Demand,
    /// `Family | Margin per unit | Starting inventory`
    Terms,
}

/// The tables as pasted and the rule.
#[derive(Debug, Clone, PartialEq)]
pub struct CapacityState {
    /// Resources and their hours.
    pub resources: String,
    /// The bill of resources.
    pub bill: String,
    /// Demand per family and period.
    pub demand: String,
    /// Margin and starting stock per family (optional; its row order is the priority).
    pub terms: String,
    /// How scarce hours are shared out.
    pub rule: AllocationRule,
}

impl Default for CapacityState {
    fn default() -> Self {
        Self {
            resources: EXAMPLE_RESOURCES.to_owned(),
            bill: EXAMPLE_BILL.to_owned(),
            demand: EXAMPLE_DEMAND.to_owned(),
            terms: EXAMPLE_TERMS.to_owned(),
            rule: AllocationRule::Margin,
        }
    }
}

/// What the engine made of the tables.
#[derive(Debug, Clone, PartialEq)]
pub struct CapacityReport {
    /// The load check, or why the tables cannot be checked (which table, and why).
    pub rough: Result<RoughCut, String>,
    /// The supply plan, when the load check could run.
    pub supply: Option<Result<SupplyPlan, String>>,
}

impl CapacityState {
    /// The state with `table` replaced by `text`.
    #[must_use]
    pub fn with_table(&self, table: Table, text: String) -> Self {
        let mut next = self.clone();
        match table {
            Table::Resources => next.resources = text,
            Table::Bill => next.bill = text,
            Table::Demand => next.demand = text,
            Table::Terms => next.terms = text,
        }
        next
    }

    /// The text of `table`.
    #[must_use]
    pub fn table(&self, table: Table) -> &str {
        match table {
            Table::Resources => &self.resources,
            Table::Bill => &self.bill,
            Table::Demand => &self.demand,
            Table::Terms => &self.terms,
        }
    }

    /// Reads the tables and runs the load check and the supply plan (the engine's
    /// reading of a document's capacity section: the same tables, the same messages).
    #[must_use]
    pub fn report(&self) -> CapacityReport {
        let section = CapacitySection {
            resources: self.resources.clone(),
            bill: self.bill.clone(),
            demand: self.demand.clone(),
            terms: self.terms.clone(),
            rule: self.rule,
        };
        match section.load_check() {
            Ok((model, demand, rough)) => CapacityReport {
                rough: Ok(rough),
                supply: Some(section.supply(&model, &demand)),
            },
            Err(e) => CapacityReport {
                rough: Err(e),
                supply: None,
            },
        }
    }
}

/// Demand per family as a pasteable table: `Family | <period> …`, one row per family.
#[must_use]
pub fn demand_table(periods: &[String], families: &[(String, Vec<f64>)]) -> String {
    let mut text = std::iter::once("Family")
        .chain(periods.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join("\t");
    for (family, quantities) in families {
        text.push('\n');
        text.push_str(family);
        for q in quantities {
            text.push('\t');
            text.push_str(&format!("{}", q.round()));
        }
    }
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use attune_engine::plan::capacity::PlanStatus;

    #[test]
    fn the_example_finds_the_press_bottleneck() {
        let report = CapacityState::default().report();
        let rough = report.rough.unwrap();
        assert_eq!(rough.bottleneck.unwrap().resource, "Press");
        let supply = report.supply.unwrap().unwrap();
        assert_eq!(supply.families.len(), 3);
        assert!(!matches!(supply.status, PlanStatus::Fits) || supply.total_shortfall == 0.0);
    }

    #[test]
    fn a_bad_table_is_named() {
        let s = CapacityState::default().with_table(Table::Bill, "Family\tPress\nA\tx\n".into());
        let err = s.report().rough.unwrap_err();
        assert!(
            err.starts_with("Bill of resources: row 2, column \"Press\""),
            "{err}"
        );
        let s = CapacityState::default().with_table(Table::Terms, "Family\tMargin\nA\t?\n".into());
        let supply = s.report().supply.unwrap().unwrap_err();
        assert!(supply.starts_with("Margins and stock: "), "{supply}");
        // Without terms, the plan still runs (every margin zero: the user's order).
        let s = CapacityState::default().with_table(Table::Terms, String::new());
        assert!(s.report().supply.unwrap().is_ok());
    }

    #[test]
    fn family_forecasts_become_a_demand_table() {
        let t = demand_table(
            &["2025-01".into(), "2025-02".into()],
            &[("Pumps".into(), vec![10.4, 20.0])],
        );
        assert_eq!(t, "Family\t2025-01\t2025-02\nPumps\t10\t20\n");
        let d = attune_engine::plan::capacity::parse_demand(&t).unwrap();
        assert_eq!(d.demand[0].quantities, [10.0, 20.0]);
    }
}
