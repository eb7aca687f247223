//! The `aggregate_plan` section as the planner wrote it: plain serde structs whose field
//! names are the public contract of DESIGN.md. Nothing here is checked beyond its JSON
//! shape; [`AggregatePlanInput::check`](super::AggregatePlanInput::check) turns it into a
//! [`Model`](super::Model) or says which field is wrong.

use std::fmt;

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

/// The `aggregate_plan` section of a document: demand, the starting position, the limits
/// and the cost rates of the classic aggregate planning model.
///
/// A limit that is `None` (`null` or left out in the JSON) is unlimited; `0` forbids.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AggregatePlanInput {
    /// The name of each period, in order (`"2027-01"`, `"Jan"`, `"W14"`): shown, never parsed.
    pub periods: Vec<String>,
    /// Units demanded in each period, one per period.
    pub demand: Vec<f64>,
    /// Units on hand before the first period.
    pub initial_inventory: f64,
    /// Units owed to customers before the first period (default 0).
    #[serde(default)]
    pub initial_backlog: f64,
    /// Units that must be on hand at the end of the last period (`null`: none).
    #[serde(default)]
    pub min_ending_inventory: Option<f64>,
    /// Units that may still be owed at the end of the last period (`null`: unlimited).
    #[serde(default)]
    pub max_ending_backlog: Option<f64>,
    /// Units that may be owed at the end of any period (`null`: unlimited, `0`: no backlog).
    #[serde(default)]
    pub max_backlog_per_period: Option<f64>,
    /// Workers, their hours and the limits on their number.
    pub workforce: WorkforceInput,
    /// Labour hours that one unit takes.
    pub labor_hours_per_unit: f64,
    /// Units that may be bought from a subcontractor in a period (`null`: unlimited,
    /// `0`: no subcontracting).
    #[serde(default)]
    pub max_subcontract_per_period: Option<f64>,
    /// What each unit of each decision costs.
    pub costs: CostRates,
    /// Whole workers, hires, layoffs and units (overtime hours stay continuous).
    #[serde(default)]
    pub integer: bool,
}

/// The `workforce` part of the section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkforceInput {
    /// Workers employed before the first period.
    pub initial: f64,
    /// Regular hours each worker is paid for per period: one number for every period or
    /// one per period (working days differ by month).
    pub regular_hours_per_worker: Hours,
    /// Overtime hours a worker may work per period (`null`: unlimited, `0`: none).
    #[serde(default)]
    pub max_overtime_hours_per_worker: Option<f64>,
    /// The fewest workers in any period (`null`: none).
    #[serde(default)]
    pub min: Option<f64>,
    /// The most workers in any period (`null`: unlimited).
    #[serde(default)]
    pub max: Option<f64>,
}

/// Regular hours per worker: the same in every period, or one figure per period.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Hours {
    /// The same hours in every period.
    Same(f64),
    /// Hours for each period, in the order of `periods`.
    PerPeriod(Vec<f64>),
}

impl<'de> Deserialize<'de> for Hours {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(HoursVisitor)
    }
}

/// Reads a number or a list of numbers, so that a wrong element is reported at its index.
struct HoursVisitor;

impl<'de> Visitor<'de> for HoursVisitor {
    type Value = Hours;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number or a list of numbers (one per period)")
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Hours, E> {
        Ok(Hours::Same(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Hours, E> {
        // Hours are far below 2^53, where this is exact.
        Ok(Hours::Same(v as f64))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Hours, E> {
        Ok(Hours::Same(v as f64))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Hours, A::Error> {
        let mut hours = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(h) = seq.next_element::<f64>()? {
            hours.push(h);
        }
        Ok(Hours::PerPeriod(hours))
    }
}

/// The `costs` part of the section: money per hour, worker or unit (any currency).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CostRates {
    /// Per regular hour, paid for every worker's regular hours whether used or not.
    pub regular_per_hour: f64,
    /// Per overtime hour worked.
    pub overtime_per_hour: f64,
    /// Per worker hired.
    pub hire_per_worker: f64,
    /// Per worker laid off.
    pub layoff_per_worker: f64,
    /// Per unit on hand at the end of a period.
    pub holding_per_unit_period: f64,
    /// Per unit owed at the end of a period.
    pub backlog_per_unit_period: f64,
    /// Per unit made in house (subcontracted units carry no material cost).
    pub material_per_unit: f64,
    /// Per unit bought from the subcontractor, all in.
    pub subcontract_per_unit: f64,
}

impl CostRates {
    /// Each rate with its field name, in contract order.
    pub fn named(&self) -> [(&'static str, f64); 8] {
        [
            ("regular_per_hour", self.regular_per_hour),
            ("overtime_per_hour", self.overtime_per_hour),
            ("hire_per_worker", self.hire_per_worker),
            ("layoff_per_worker", self.layoff_per_worker),
            ("holding_per_unit_period", self.holding_per_unit_period),
            ("backlog_per_unit_period", self.backlog_per_unit_period),
            ("material_per_unit", self.material_per_unit),
            ("subcontract_per_unit", self.subcontract_per_unit),
        ]
    }
}
