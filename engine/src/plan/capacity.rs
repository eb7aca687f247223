//! Rough-cut capacity: load against available hours, utilization, bottleneck — and a
//! supply plan that fits several families into the hours there are.
//!
//! # What goes in
//!
//! A [`CapacityModel`] holds the operations side of the plan:
//! - **periods**: the planning buckets, by name (`Jan`, `Feb`, …);
//! - **resources**: work centres, lines or crews, each with its *regular hours* and
//!   *overtime hours* per period ([`PerPeriod`]: one number for every period, or one per
//!   period since working days differ by month);
//! - the **bill of resources**: how many hours one unit of a family takes on a resource.
//!   A family may use several resources; a unit then takes hours on every one of them.
//!   Lines for the same family and resource add up (two routing steps on one machine).
//!
//! Demand comes from the sales side as a plain table ([`FamilyDemand`]: a family and its
//! quantity per period). "Family" here is whatever the demand is keyed by — an item, a
//! product family — as long as the bill uses the same names. Names are matched without
//! regard to case or surrounding spaces.
//!
//! # Rough-cut check ([`rough_cut`])
//!
//! - **Load** of a resource in a period: the hours its demand needs there, the sum over
//!   families of demand × hours per unit.
//! - **Utilization**: load ÷ regular hours, in percent. 100 % means the regular hours are
//!   exactly used; above 100 % the period needs overtime. It is also given against
//!   regular + overtime hours. A period without regular hours has no utilization (`None`).
//! - A period is **overloaded** when its load exceeds the regular hours; it is **beyond
//!   overtime** when the load exceeds regular + overtime hours: even overtime cannot make
//!   it in that period (building ahead might).
//! - **Overloaded hours** of a resource: the hours above regular capacity, summed over
//!   its overloaded periods.
//! - The **bottleneck** is the resource with the most overloaded hours; on a tie (for
//!   example when nothing is overloaded) the one with the highest peak utilization, then
//!   the highest total load, then the one listed first. With no load anywhere there is no
//!   bottleneck.
//!
//! # Capacity-constrained supply plan ([`supply_plan`])
//!
//! When the hours do not cover the demand, someone has to decide which family gets them.
//! Families are ranked by one of two rules ([`AllocationRule`]):
//! - **margin**: by contribution per *bottleneck hour* — margin per unit ÷ hours per unit
//!   on the bottleneck resource. This is the better rule than margin per unit: when the
//!   bottleneck is what is scarce, a family earning 40 a unit in 4 hours (10 an hour) is
//!   worth less than one earning 30 in 1 hour. A family that does not use the bottleneck
//!   at all takes none of it and comes first (by margin per unit among such families).
//!   The bottleneck is that of the rough-cut check of the demand left after initial
//!   inventory. Equal contributions keep the user's order.
//! - **priority**: the user's order of families.
//!
//! Initial inventory covers demand first, earliest period first. Then the hours are
//! handed out in four rounds; in each round the families take their turn in rank order:
//! 1. each period's demand is made **in that period on regular hours**;
//! 2. what is left is **built ahead on spare regular hours** of earlier periods, as late
//!    as possible (the period just before first), and carried forward as pre-build
//!    inventory;
//! 3. what is left is made in its period **with overtime**;
//! 4. what is left is **built ahead with overtime**, again as late as possible.
//!
//! What is still not made by its period is a **shortfall**. It is not carried as a
//! backlog to later periods (late delivery is a matter for the promise check).
//!
//! So the hours of a period go to that period's own demand first, by rank; only spare
//! hours are used to build ahead, and a family never loses hours it needs this period
//! to another family's stock for later. Building ahead on regular hours comes before
//! overtime, so overtime is used for what regular hours (this period or earlier) cannot
//! make. Within a round, scarce hours go to the higher-ranked family.
//!
//! A unit can only be made in a period if *every* resource in its bill has the hours for
//! it, so one scarce resource holds back a family on all of them. This greedy rule is
//! easy to follow and explain; it does not search for the allocation with the best total
//! margin (no LP). With several resources it can miss a plan that exists: hours of one
//! resource taken in an early round may be the ones a later round needed next to the
//! overtime of another.
//!
//! The result is a [`SupplyPlan`] with production, pre-build inventory and shortfall per
//! family and period, hours used per resource, and a [`PlanStatus`]: `fits` (regular
//! hours suffice), `fits_with_overtime`, or `short` with the units missing — a plan
//! that does not fit is a result, not an error. Only bad input (a period count that
//! does not match, an unknown resource in the bill, a negative number of hours) is a
//! [`CapacityError`].
//!
//! # Pasting from Excel
//!
//! [`parse_resources`], [`parse_bill`] and [`parse_demand`] read tables pasted or
//! exported from a spreadsheet with the same text reader as the sales history (tab,
//! `;`, `,` or `|`; decimal comma or point), and name the row, column and cell of every
//! problem.
//!
//! ```
//! use attune_engine::plan::capacity::{
//!     parse_bill, parse_demand, parse_resources, parse_terms, rough_cut, supply_plan, CapacityModel,
//!     PlanStatus, SupplySettings,
//! };
//!
//! let resources = parse_resources("Resource\tJan\tFeb\tOvertime\nPress\t100\t100\t20\n")?;
//! let bill = parse_bill("Family\tResource\tHours per unit\nPumps\tPress\t2\n")?;
//! let demand = parse_demand("Family\tJan\tFeb\nPumps\t40\t60\n")?;
//! let model = CapacityModel { periods: resources.periods, resources: resources.resources, bill };
//!
//! let check = rough_cut(&model, &demand.demand)?;
//! // Feb needs 60 × 2 = 120 hours against 100 regular: 120 % utilization.
//! assert_eq!(check.resources[0].cells[1].utilization_pct, Some(120.0));
//!
//! let plan = supply_plan(&model, &demand.demand, &SupplySettings::default())?;
//! // 10 units are built ahead in January's spare regular hours: no overtime needed.
//! assert_eq!(plan.families[0].production, [50.0, 50.0]);
//! assert_eq!(plan.families[0].prebuild_inventory, [10.0, 0.0]);
//! assert_eq!(plan.status, PlanStatus::Fits);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod allocate;
mod check;
mod rough;
mod table;

use std::fmt;

use serde::{Deserialize, Serialize};

pub use allocate::{supply_plan, FamilyPlan, PlanStatus, ResourceUse, SupplyPlan};
pub use rough::{
    rough_cut, Bottleneck, FamilyLoad, LoadCell, LoadLevel, Overload, ResourceLoad, RoughCut,
};
pub use table::{
    parse_bill, parse_demand, parse_resources, parse_terms, DemandTable, ResourceTable, TableError,
};

/// The largest number of hours, units or margin Attune accepts in a capacity model: far
/// beyond any real plan, and small enough that no product or sum can overflow.
pub const MAX_VALUE: f64 = 1e12;

/// Hours that are the same in every period, or one number per period.
///
/// In JSON: `160` or `[160, 152, 168]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum PerPeriod {
    /// The same hours in every period.
    Same(f64),
    /// One value per period, in the order of the model's periods.
    Each(Vec<f64>),
}

impl Default for PerPeriod {
    /// No hours.
    fn default() -> Self {
        Self::Same(0.0)
    }
}

/// A work centre, line or crew whose hours limit what can be made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct Resource {
    /// Its name, as the bill of resources refers to it.
    pub name: String,
    /// Hours available at regular time, per period.
    pub regular_hours: PerPeriod,
    /// The most overtime hours it can add, per period (none when left out).
    #[serde(default)]
    pub overtime_hours: PerPeriod,
}

/// One line of the bill of resources: the hours one unit of a family takes on a resource.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct BillLine {
    /// The family (or item) as the demand names it.
    pub family: String,
    /// The resource, as [`Resource::name`].
    pub resource: String,
    /// Hours per unit.
    pub hours_per_unit: f64,
}

/// The operations side of a rough-cut plan: periods, resources and the bill of resources.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct CapacityModel {
    /// The planning periods, by name.
    pub periods: Vec<String>,
    /// The resources, in the order they are shown.
    pub resources: Vec<Resource>,
    /// The bill of resources.
    #[serde(default)]
    pub bill: Vec<BillLine>,
}

/// One family's demand: a quantity per period of the model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct FamilyDemand {
    /// The family (or item).
    pub family: String,
    /// Units wanted in each period.
    pub quantities: Vec<f64>,
}

impl FamilyDemand {
    /// A family's demand.
    #[must_use]
    pub fn new(family: impl Into<String>, quantities: Vec<f64>) -> Self {
        Self {
            family: family.into(),
            quantities,
        }
    }
}

/// How scarce capacity is shared between families.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AllocationRule {
    /// Highest contribution per bottleneck hour first (see the module documentation).
    #[default]
    Margin,
    /// In the user's order of [`SupplySettings::families`].
    Priority,
}

/// What a planner knows about one family beyond its demand.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct FamilyTerms {
    /// The family, as the demand names it.
    pub family: String,
    /// Contribution margin per unit (price less variable cost); may be negative.
    #[serde(default)]
    pub margin_per_unit: f64,
    /// Units in stock at the start of the first period.
    #[serde(default)]
    pub initial_inventory: f64,
}

/// The planner's choices for the capacity-constrained supply plan.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct SupplySettings {
    /// How scarce capacity is shared.
    #[serde(default)]
    pub rule: AllocationRule,
    /// Margin and initial inventory per family. Their order is the priority order;
    /// families with demand that are not listed follow in the demand's order, with no
    /// margin and no initial inventory.
    #[serde(default)]
    pub families: Vec<FamilyTerms>,
}

/// Why a capacity model or its demand cannot be planned. Every message says which
/// resource, family or period is at fault.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum CapacityError {
    /// The model names no period.
    NoPeriods,
    /// A resource, family or period has an empty name. `what` says which one
    /// (`"resource 2"`).
    MissingName {
        /// Which entry, counted from 1.
        what: String,
    },
    /// Two resources, demand rows or family terms have the same name.
    Duplicate {
        /// `"resource"`, `"family in the demand"`, …
        what: String,
        /// The name as written the second time.
        name: String,
    },
    /// The bill names a resource that is not in the model.
    UnknownResource {
        /// The family of the bill line.
        family: String,
        /// The resource it names.
        resource: String,
        /// The resources the model has.
        known: Vec<String>,
    },
    /// A list of values per period does not have one value per period.
    PeriodCount {
        /// What the values are (`the regular hours of resource "Press"`).
        what: String,
        /// How many values it has.
        found: usize,
        /// How many periods the model has.
        expected: usize,
    },
    /// A number cannot be used: not finite, negative where it cannot be, or too large.
    BadValue {
        /// Where the number is (`the overtime hours of resource "Press" in Feb`).
        what: String,
        /// The number.
        value: f64,
        /// Why it cannot be used.
        reason: String,
    },
}

impl fmt::Display for CapacityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoPeriods => write!(
                f,
                "the capacity model has no periods: name the periods to plan (Jan, Feb, …)"
            ),
            Self::MissingName { what } => write!(f, "{what} has no name"),
            Self::Duplicate { what, name } => write!(
                f,
                "{what} \"{name}\" is listed twice (names are compared ignoring case)"
            ),
            Self::UnknownResource {
                family,
                resource,
                known,
            } => {
                write!(
                    f,
                    "the bill of resources puts family \"{family}\" on resource \"{resource}\", which is not among the resources"
                )?;
                if known.is_empty() {
                    write!(f, " (there are none yet)")
                } else {
                    write!(f, " ({})", known.join(", "))
                }
            }
            Self::PeriodCount {
                what,
                found,
                expected,
            } => crate::write_period_count(f, what, *found, *expected),
            Self::BadValue {
                what,
                value,
                reason,
            } => write!(f, "{what} is {value}: {reason}"),
        }
    }
}

impl std::error::Error for CapacityError {}

/// What kind of note a [`CapacityWarning`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningKind {
    /// A family with demand has no line in the bill: it takes no hours and is planned as
    /// if capacity were unlimited (a misspelt name, often).
    NotInBill,
    /// Negative demand (returns in a forecast) was taken as zero.
    NegativeDemand,
    /// Terms were given for a family that has no demand.
    TermsWithoutDemand,
}

/// Something the planner should know about the input; the result is still computed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CapacityWarning {
    /// What kind of note.
    pub kind: WarningKind,
    /// The family it is about.
    pub family: String,
    /// The note, in words.
    pub message: String,
}

impl fmt::Display for CapacityWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// `part` as a percentage of `whole`; `None` when `whole` is zero.
fn percent(part: f64, whole: f64) -> Option<f64> {
    (whole > 0.0).then(|| part / whole * 100.0)
}
