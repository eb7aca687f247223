//! What-if scenarios: a copy of the base plan with a few levers pulled, and its KPIs
//! compared with the base's.
//!
//! A scenario is not a second workspace: it is the base's inputs plus [`Levers`]. The
//! levers change the aggregate plan's input ([`Levers::apply_to_plan`]), the families'
//! demand ([`Levers::apply_to_families`]) and the resources' hours
//! ([`Levers::apply_to_resources`]); the service level and lead time replace the
//! inventory policy's. [`Levers::apply_to_document`] pulls them all on a whole document
//! (what `attune review --scenario` reviews).
//!
//! The extra shift is the capacity lever a planner reaches for first: its hours are
//! added to every period's regular hours of one rough-cut resource (a Saturday shift on
//! the press), so the capacity check and the families' supply plan see them; run on every
//! resource, it is a shift the whole plant works, so the aggregate plan's every worker
//! gets the hours too, paid at the regular rate like the rest of their regular hours. The same planner, projection and KPI code then runs
//! on both, and [`compare`] sets the two reports side by side, judging each change by
//! the KPI's direction (higher, lower or closer to zero is better).
//!
//! ```
//! use attune_engine::scenario::Levers;
//! # use attune_engine::plan::aggregate::*;
//! # let base: AggregatePlanInput = serde_json::from_str(r#"{"periods":["Jan","Feb"],
//! #   "demand":[100,200],"initial_inventory":0,"workforce":{"initial":5,
//! #   "regular_hours_per_worker":160},"labor_hours_per_unit":2,"costs":{
//! #   "regular_per_hour":20,"overtime_per_hour":30,"hire_per_worker":0,
//! #   "layoff_per_worker":0,"holding_per_unit_period":1,"backlog_per_unit_period":5,
//! #   "material_per_unit":0,"subcontract_per_unit":90}}"#)?;
//! let levers = Levers { demand_pct: Some(10.0), workforce_max: Some(8.0), ..Levers::default() };
//! let scenario = levers.apply_to_plan(&base)?;
//! assert_eq!(scenario.demand, [110.0, 220.0]);
//! assert_eq!(scenario.workforce.max, Some(8.0));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::document::{CapacitySection, Document};
use crate::inventory::{InventoryPolicy, ServiceTarget};
use crate::kpi::{Better, KpiKey, KpiReport, Unit};
use crate::plan::aggregate::{AggregatePlanInput, Hours};
use crate::plan::capacity::{
    parse_demand, parse_resources, DemandTable, PerPeriod, ResourceTable, MAX_VALUE,
};

/// The levers of a scenario; each left out keeps the base's value.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Levers {
    /// Demand change in percent, every period and family (`10` = 10 % more).
    pub demand_pct: Option<f64>,
    /// Demand change in percent per family, on top of the overall change.
    pub family_demand_pct: BTreeMap<String, f64>,
    /// Workers at most (the aggregate plan's `workforce.max`).
    pub workforce_max: Option<f64>,
    /// Overtime hours per worker and period at most.
    pub overtime_cap: Option<f64>,
    /// Service level in percent (cycle service or fill rate, as the base's target).
    pub service_level_pct: Option<f64>,
    /// Replenishment lead time in periods.
    pub lead_time: Option<f64>,
    /// Change of the regular-time rate in percent.
    pub regular_cost_pct: Option<f64>,
    /// Change of the overtime rate in percent.
    pub overtime_cost_pct: Option<f64>,
    /// Change of the holding cost in percent.
    pub holding_cost_pct: Option<f64>,
    /// Change of the subcontracting price in percent.
    pub subcontract_cost_pct: Option<f64>,
    /// An extra shift: hours added to every period's regular hours (see
    /// [`Levers::apply_to_resources`] and [`Levers::apply_to_plan`]).
    pub extra_shift_hours: Option<f64>,
    /// The rough-cut resource the extra shift runs on; `None`: every resource, and every
    /// worker of the aggregate plan.
    pub extra_shift_resource: Option<String>,
}

/// Why a lever cannot be applied. Each names the lever in the form's words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum LeverError {
    /// A percentage change below −100 % would make the figure negative.
    BelowMinus100 {
        /// The lever ("Demand change", "Demand change of family A").
        lever: String,
        /// The change typed.
        pct: f64,
    },
    /// A value that must be a finite number at or above zero is not.
    Negative {
        /// The lever.
        lever: String,
        /// The value typed.
        value: f64,
    },
    /// A service level outside 0–100 % (exclusive).
    ServiceLevel {
        /// The value typed.
        value: f64,
    },
    /// The extra shift names a resource the capacity model does not have.
    UnknownResource {
        /// The resource named.
        name: String,
        /// The resources there are.
        known: Vec<String>,
    },
    /// A value beyond what Attune plans with: a change above [`MAX_CHANGE_PCT`] or a
    /// limit or shift above [`MAX_VALUE`].
    TooLarge {
        /// The lever.
        lever: String,
        /// The value typed.
        value: f64,
        /// The most it may be.
        max: f64,
    },
    /// A service level or lead time, but the inventory has no safety-stock policy to
    /// change.
    NoPolicy {
        /// The lever.
        lever: String,
    },
}

impl fmt::Display for LeverError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BelowMinus100 { lever, pct } => write!(
                f,
                "{lever}: {pct} % would take it below zero; give a change of −100 % or more"
            ),
            Self::Negative { lever, value } => {
                write!(f, "{lever}: {value} is not a number of zero or more")
            }
            Self::ServiceLevel { value } => write!(
                f,
                "Service level: {value} % is not between 0 and 100 %; give e.g. 95"
            ),
            Self::UnknownResource { name, known } if known.is_empty() => write!(
                f,
                "Extra shift on \"{name}\": the capacity check has no resources; paste them in section 3 or run the shift on every resource"
            ),
            Self::UnknownResource { name, known } => write!(
                f,
                "Extra shift on \"{name}\": there is no such resource (the resources are {})",
                known.join(", ")
            ),
            Self::TooLarge { lever, value, max } => write!(
                f,
                "{lever}: {} is too large (at most {})",
                crate::kpi::show(*value),
                crate::kpi::show(*max)
            ),
            Self::NoPolicy { lever } => write!(
                f,
                "{lever}: the inventory sets no safety-stock policy to change; give one in the inventory section first"
            ),
        }
    }
}

impl std::error::Error for LeverError {}

/// A percentage change (0 when none), refusing what is not finite or below −100 %.
fn factor(pct: Option<f64>, lever: &str) -> Result<f64, LeverError> {
    match pct {
        None => Ok(0.0),
        Some(p) if p > MAX_CHANGE_PCT && p.is_finite() => Err(LeverError::TooLarge {
            lever: lever.to_string(),
            value: p,
            max: MAX_CHANGE_PCT,
        }),
        Some(p) if p.is_finite() && p >= -100.0 => Ok(p),
        Some(p) => Err(LeverError::BelowMinus100 {
            lever: lever.to_string(),
            pct: p,
        }),
    }
}

/// The largest change in percent a lever takes: a hundredfold, far beyond any what-if,
/// and small enough that no scaled figure overflows.
pub const MAX_CHANGE_PCT: f64 = 10_000.0;

fn non_negative(value: Option<f64>, lever: &str) -> Result<Option<f64>, LeverError> {
    match value {
        Some(v) if !(v.is_finite() && v >= 0.0) => Err(LeverError::Negative {
            lever: lever.to_string(),
            value: v,
        }),
        Some(v) if v > MAX_VALUE => Err(LeverError::TooLarge {
            lever: lever.to_string(),
            value: v,
            max: MAX_VALUE,
        }),
        v => Ok(v),
    }
}

/// `v` changed by `pct` percent: `v × (100 + pct) / 100` (exact for whole percents of
/// whole numbers, where `v × (1 + pct/100)` is not: 100 × 1.1 = 110.00000000000001).
fn scaled(v: f64, pct: f64) -> f64 {
    v * (100.0 + pct) / 100.0
}

impl Levers {
    /// Whether no lever is pulled.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self == &Self::default()
    }

    /// Checks the levers that do not touch the plan: the service level and lead time.
    ///
    /// # Errors
    /// [`LeverError`] naming the lever: a service level outside 0–100 %, a negative or
    /// non-finite lead time, a family change below −100 %.
    pub fn check(&self) -> Result<(), LeverError> {
        if let Some(s) = self.service_level_pct {
            if !(s.is_finite() && s > 0.0 && s < 100.0) {
                return Err(LeverError::ServiceLevel { value: s });
            }
        }
        non_negative(self.lead_time, "Lead time")?;
        for (family, pct) in &self.family_demand_pct {
            factor(Some(*pct), &format!("Demand change of family {family}"))?;
        }
        self.shift_hours()?;
        Ok(())
    }

    /// The levers pulled, in words, in the form's order: `demand +10 %`, `at most 50
    /// workers`, `an extra shift of 32 hours a period on Press`.
    #[must_use]
    pub fn describe(&self) -> Vec<String> {
        let signed = |v: f64| {
            if v > 0.0 {
                format!("+{}", crate::kpi::show(v))
            } else {
                crate::kpi::show(v)
            }
        };
        let show = crate::kpi::show;
        let mut out = Vec::new();
        if let Some(p) = self.demand_pct {
            out.push(format!("demand {} %", signed(p)));
        }
        for (f, p) in &self.family_demand_pct {
            out.push(format!("demand of {f} {} %", signed(*p)));
        }
        if let Some(w) = self.workforce_max {
            out.push(format!("at most {} workers", show(w)));
        }
        if let Some(o) = self.overtime_cap {
            out.push(format!("at most {} overtime hours per worker", show(o)));
        }
        if let Some(s) = self.service_level_pct {
            out.push(format!("service level {} %", show(s)));
        }
        if let Some(l) = self.lead_time {
            out.push(format!("lead time {} periods", show(l)));
        }
        for (v, what) in [
            (self.regular_cost_pct, "regular-time cost"),
            (self.overtime_cost_pct, "overtime cost"),
            (self.holding_cost_pct, "holding cost"),
            (self.subcontract_cost_pct, "subcontracting cost"),
        ] {
            if let Some(p) = v {
                out.push(format!("{what} {} %", signed(p)));
            }
        }
        if let Some(h) = self.extra_shift_hours {
            out.push(match self.shift_resource() {
                Some(r) => format!("an extra shift of {} hours a period on {r}", show(h)),
                None => format!(
                    "an extra shift of {} hours a period on every resource and for every worker",
                    show(h)
                ),
            });
        }
        out
    }

    /// Checks every lever, the plan's too: what [`Self::apply_to_plan`] would refuse.
    ///
    /// # Errors
    /// The first [`LeverError`], naming its lever.
    pub fn validate(&self) -> Result<(), LeverError> {
        self.check()?;
        factor(self.demand_pct, "Demand change")?;
        factor(self.regular_cost_pct, "Regular-time cost change")?;
        factor(self.overtime_cost_pct, "Overtime cost change")?;
        factor(self.holding_cost_pct, "Holding cost change")?;
        factor(self.subcontract_cost_pct, "Subcontracting cost change")?;
        non_negative(self.workforce_max, "Workers at most")?;
        non_negative(self.overtime_cap, "Overtime hours per worker at most")?;
        Ok(())
    }

    /// The extra shift's hours, checked: zero or more, finite, at most [`MAX_VALUE`].
    fn shift_hours(&self) -> Result<Option<f64>, LeverError> {
        const LEVER: &str = "Extra shift hours per period";
        non_negative(self.extra_shift_hours, LEVER)
    }

    /// The resource the extra shift runs on; `None` (or a blank name): every resource.
    #[must_use]
    pub fn shift_resource(&self) -> Option<&str> {
        self.extra_shift_resource
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty())
    }

    /// Whether the extra shift reaches the aggregate plan: it runs on every resource, so
    /// every worker works it (a shift on one resource is not a change the one-product
    /// plan can show).
    #[must_use]
    pub fn shift_reaches_plan(&self) -> bool {
        self.extra_shift_hours.is_some_and(|h| h > 0.0) && self.shift_resource().is_none()
    }

    /// The resources with the extra shift: its hours added to every period's regular
    /// hours of the resource named (case and surrounding spaces ignored), or of every
    /// resource. Overtime stays as it was.
    ///
    /// # Errors
    /// [`LeverError`] when the hours are negative, not a number or too large, or the
    /// resource named is not in the table (the message lists those that are).
    pub fn apply_to_resources(&self, table: &ResourceTable) -> Result<ResourceTable, LeverError> {
        let mut out = table.clone();
        let Some(hours) = self.shift_hours()? else {
            return Ok(out);
        };
        let named = self.shift_resource().map(|r| r.to_lowercase());
        if let Some(name) = &named {
            if !table
                .resources
                .iter()
                .any(|r| r.name.trim().to_lowercase() == *name)
            {
                return Err(LeverError::UnknownResource {
                    name: self.shift_resource().unwrap_or_default().to_string(),
                    known: table.resources.iter().map(|r| r.name.clone()).collect(),
                });
            }
        }
        for r in &mut out.resources {
            if named
                .as_ref()
                .is_some_and(|n| r.name.trim().to_lowercase() != *n)
            {
                continue;
            }
            r.regular_hours = match &r.regular_hours {
                PerPeriod::Same(v) => PerPeriod::Same(v + hours),
                PerPeriod::Each(v) => PerPeriod::Each(v.iter().map(|x| x + hours).collect()),
            };
        }
        Ok(out)
    }

    /// The capacity section with the levers pulled: the demand table scaled as
    /// [`Self::apply_to_families`] does and the extra shift added to the resources (see
    /// [`Self::apply_to_resources`]). A table no lever touches keeps the planner's text;
    /// one that cannot be read is left as it is (its own problem is reported where it
    /// was pasted).
    ///
    /// # Errors
    /// [`LeverError`] naming the lever the tables refuse.
    pub fn apply_to_capacity(
        &self,
        section: &CapacitySection,
    ) -> Result<CapacitySection, LeverError> {
        self.check()?;
        let mut out = section.clone();
        if self.demand_pct.is_some() || !self.family_demand_pct.is_empty() {
            if let Ok(table) = parse_demand(&section.demand) {
                out.demand = demand_text(&self.apply_to_families(&table)?);
            }
        }
        if self.extra_shift_hours.is_some() {
            match parse_resources(&section.resources) {
                Ok(table) => out.resources = resources_text(&self.apply_to_resources(&table)?),
                Err(_) if section.resources.trim().is_empty() => {
                    if let Some(name) = self.shift_resource() {
                        return Err(LeverError::UnknownResource {
                            name: name.to_string(),
                            known: Vec::new(),
                        });
                    }
                }
                Err(_) => {}
            }
        }
        Ok(out)
    }

    /// A safety-stock policy with the service level and lead time levers pulled: the
    /// service level keeps the policy's kind of target (cycle service or fill rate; a
    /// fixed number of units becomes a cycle service level).
    #[must_use]
    pub fn apply_to_policy(&self, policy: &InventoryPolicy) -> InventoryPolicy {
        let mut out = *policy;
        if let Some(s) = self.service_level_pct {
            out.target = match policy.target {
                ServiceTarget::FillRate(_) => ServiceTarget::FillRate(s),
                ServiceTarget::CycleService(_) | ServiceTarget::Units(_) => {
                    ServiceTarget::CycleService(s)
                }
            };
        }
        if let Some(l) = self.lead_time {
            out.lead_time = l;
        }
        out
    }

    /// A whole document with the levers pulled, as `attune review --scenario` reviews
    /// it: the aggregate plan ([`Self::apply_to_plan`]), the capacity tables
    /// ([`Self::apply_to_capacity`]), and the service level and lead time of the
    /// inventory section's policy and of every item's own policy.
    ///
    /// # Errors
    /// [`LeverError`] naming the lever: one the sections refuse, or a service level or
    /// lead time when the document has no safety-stock policy to change.
    pub fn apply_to_document(&self, doc: &Document) -> Result<Document, LeverError> {
        self.validate()?;
        let mut out = doc.clone();
        if let Some(plan) = &doc.aggregate_plan {
            out.aggregate_plan = Some(self.apply_to_plan(plan)?);
        }
        if let Some(capacity) = &doc.capacity {
            out.capacity = Some(self.apply_to_capacity(capacity)?);
        } else if let Some(name) = self.shift_resource() {
            return Err(LeverError::UnknownResource {
                name: name.to_string(),
                known: Vec::new(),
            });
        }
        let policy_levers = [
            (self.service_level_pct, "Service level"),
            (self.lead_time, "Lead time"),
        ];
        if let Some((_, lever)) = policy_levers.iter().find(|(v, _)| v.is_some()) {
            let inventory = out.inventory.get_or_insert_with(Default::default);
            let mut changed = false;
            if let Some(p) = inventory.policy {
                inventory.policy = Some(self.apply_to_policy(&p));
                changed = true;
            }
            for item in &mut inventory.items {
                if let Some(p) = item.policy {
                    item.policy = Some(self.apply_to_policy(&p));
                    changed = true;
                }
            }
            if !changed {
                return Err(LeverError::NoPolicy {
                    lever: (*lever).to_string(),
                });
            }
        }
        Ok(out)
    }

    /// The base plan with the levers pulled: demand × (1 + p/100) (rounded to whole units
    /// in a whole-number plan), the workforce and overtime limits replaced, the regular,
    /// overtime, holding and subcontracting rates scaled, and an extra shift on every
    /// resource added to every worker's regular hours of every period (paid at the
    /// regular rate like the rest of them, used or not: a shift put on is paid).
    ///
    /// # Errors
    /// [`LeverError`] naming the lever when a change is below −100 % or a limit is
    /// negative or not a number; the base is never changed.
    pub fn apply_to_plan(
        &self,
        base: &AggregatePlanInput,
    ) -> Result<AggregatePlanInput, LeverError> {
        self.check()?;
        let demand = factor(self.demand_pct, "Demand change")?;
        let regular = factor(self.regular_cost_pct, "Regular-time cost change")?;
        let overtime = factor(self.overtime_cost_pct, "Overtime cost change")?;
        let holding = factor(self.holding_cost_pct, "Holding cost change")?;
        let subcontract = factor(self.subcontract_cost_pct, "Subcontracting cost change")?;
        let workforce_max = non_negative(self.workforce_max, "Workers at most")?;
        let overtime_cap = non_negative(self.overtime_cap, "Overtime hours per worker at most")?;
        let mut out = base.clone();
        out.demand = base
            .demand
            .iter()
            .map(|d| {
                let v = scaled(*d, demand);
                if base.integer {
                    v.round()
                } else {
                    v
                }
            })
            .collect();
        if workforce_max.is_some() {
            out.workforce.max = workforce_max;
        }
        if overtime_cap.is_some() {
            out.workforce.max_overtime_hours_per_worker = overtime_cap;
        }
        if let (Some(h), true) = (self.shift_hours()?, self.shift_reaches_plan()) {
            out.workforce.regular_hours_per_worker = match &base.workforce.regular_hours_per_worker
            {
                Hours::Same(v) => Hours::Same(v + h),
                Hours::PerPeriod(v) => Hours::PerPeriod(v.iter().map(|x| x + h).collect()),
            };
        }
        let c = &mut out.costs;
        c.regular_per_hour = scaled(c.regular_per_hour, regular);
        c.overtime_per_hour = scaled(c.overtime_per_hour, overtime);
        c.holding_per_unit_period = scaled(c.holding_per_unit_period, holding);
        c.subcontract_per_unit = scaled(c.subcontract_per_unit, subcontract);
        Ok(out)
    }

    /// The families' demand with the levers pulled: each quantity × (1 + overall/100) ×
    /// (1 + family/100); a family lever names its family case-insensitively.
    ///
    /// # Errors
    /// [`LeverError`] naming the lever when a change is below −100 %.
    pub fn apply_to_families(&self, base: &DemandTable) -> Result<DemandTable, LeverError> {
        self.check()?;
        let overall = factor(self.demand_pct, "Demand change")?;
        let mut out = base.clone();
        for row in &mut out.demand {
            let pct = self
                .family_demand_pct
                .iter()
                .find(|(f, _)| f.trim().eq_ignore_ascii_case(row.family.trim()))
                .map(|(_, p)| *p);
            let own = factor(pct, &format!("Demand change of family {}", row.family))?;
            for q in &mut row.quantities {
                *q = scaled(scaled(*q, overall), own);
            }
        }
        Ok(out)
    }
}

/// A cell of a table written for the capacity readers: quoted when it holds a tab, a
/// line break or a quote.
fn cell(text: &str) -> String {
    if text.contains(['\t', '\n', '\r', '"']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// A row of cells, tab-separated, ending in a line break.
fn row(cells: impl IntoIterator<Item = String>, out: &mut String) {
    let cells: Vec<String> = cells.into_iter().collect();
    out.push_str(&cells.join("\t"));
    out.push('\n');
}

/// A demand table as `Family | Jan | Feb | …`, every number in full.
fn demand_text(table: &DemandTable) -> String {
    let mut out = String::new();
    row(
        std::iter::once("Family".to_string()).chain(table.periods.iter().map(|p| cell(p))),
        &mut out,
    );
    for f in &table.demand {
        row(
            std::iter::once(cell(&f.family)).chain(f.quantities.iter().map(|q| format!("{q}"))),
            &mut out,
        );
    }
    out
}

/// One value per period of `hours`.
fn each(hours: &PerPeriod, periods: usize) -> Vec<f64> {
    match hours {
        PerPeriod::Same(v) => vec![*v; periods],
        PerPeriod::Each(v) => v.clone(),
    }
}

/// A resource table as [`parse_resources`] reads it: `Resource | Type | Jan | …` with a
/// Regular row per resource and an Overtime row for those that have overtime.
fn resources_text(table: &ResourceTable) -> String {
    let n = table.periods.len();
    let mut out = String::new();
    row(
        ["Resource".to_string(), "Type".to_string()]
            .into_iter()
            .chain(table.periods.iter().map(|p| cell(p))),
        &mut out,
    );
    for r in &table.resources {
        let name = cell(&r.name);
        row(
            [name.clone(), "Regular".to_string()]
                .into_iter()
                .chain(each(&r.regular_hours, n).iter().map(|v| format!("{v}"))),
            &mut out,
        );
        if r.overtime_hours != PerPeriod::Same(0.0) {
            row(
                [name, "Overtime".to_string()]
                    .into_iter()
                    .chain(each(&r.overtime_hours, n).iter().map(|v| format!("{v}"))),
                &mut out,
            );
        }
    }
    out
}

/// One KPI in the base and in a scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KpiDelta {
    /// Which KPI.
    pub key: KpiKey,
    /// Its name.
    pub name: String,
    /// Its value in the base.
    pub base: Option<f64>,
    /// Its value in the scenario.
    pub scenario: Option<f64>,
    /// Scenario − base, in the KPI's unit (points for a percentage); `None` when either
    /// is missing.
    pub delta: Option<f64>,
    /// The KPI's unit.
    pub unit: Unit,
    /// Whether the scenario is better (`Some(false)`: worse); `None` when either value
    /// is missing or they are equal.
    pub better: Option<bool>,
}

impl KpiDelta {
    /// The change relative to the base in percent; `None` without both values or when
    /// the base is zero.
    #[must_use]
    pub fn relative_pct(&self) -> Option<f64> {
        let (b, d) = (self.base?, self.delta?);
        let r = 100.0 * d / b.abs();
        (b != 0.0 && r.is_finite()).then_some(r)
    }
}

/// Which way a KPI is better, as its default thresholds say.
#[must_use]
pub fn direction(key: KpiKey) -> Better {
    match key {
        KpiKey::ForecastBias => Better::NearZero,
        KpiKey::ForecastValueAdded | KpiKey::FillRate | KpiKey::OnTimeDelivery => Better::Higher,
        KpiKey::ForecastWape
        | KpiKey::UtilizationAverage
        | KpiKey::UtilizationPeak
        | KpiKey::RevenueAtRisk
        | KpiKey::InventoryValue
        | KpiKey::InventorySwing
        | KpiKey::PlanCost
        | KpiKey::MisalignmentCost => Better::Lower,
    }
}

/// Every KPI of the base beside the scenario's, in the base's order, with the change
/// and whether it is better. The direction is the KPI's thresholds' when it has them,
/// else [`direction`].
#[must_use]
pub fn compare(base: &KpiReport, scenario: &KpiReport) -> Vec<KpiDelta> {
    base.kpis
        .iter()
        .map(|b| {
            let s = scenario.get(b.key);
            let (bv, sv) = (
                b.value.filter(|v| v.is_finite()),
                s.and_then(|s| s.value).filter(|v| v.is_finite()),
            );
            let way = b.thresholds.map_or_else(|| direction(b.key), |t| t.better);
            let delta = bv.zip(sv).map(|(b, s)| s - b).filter(|d| d.is_finite());
            let better = bv.zip(sv).and_then(|(b, s)| {
                let (b, s) = match way {
                    Better::Higher => (-b, -s),
                    Better::Lower => (b, s),
                    Better::NearZero => (b.abs(), s.abs()),
                };
                (s != b).then_some(s < b)
            });
            KpiDelta {
                key: b.key,
                name: b.name.clone(),
                base: bv,
                scenario: sv,
                delta,
                unit: b.unit,
                better,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kpi::{Kpi, Thresholds};
    use crate::plan::aggregate::{CostRates, Hours, WorkforceInput};
    use crate::plan::capacity::FamilyDemand;

    fn base() -> AggregatePlanInput {
        AggregatePlanInput {
            periods: vec!["Jan".into(), "Feb".into()],
            demand: vec![100.0, 205.0],
            initial_inventory: 0.0,
            initial_backlog: 0.0,
            min_ending_inventory: None,
            max_ending_backlog: None,
            max_backlog_per_period: None,
            workforce: WorkforceInput {
                initial: 5.0,
                regular_hours_per_worker: Hours::Same(160.0),
                max_overtime_hours_per_worker: Some(20.0),
                min: None,
                max: Some(10.0),
            },
            labor_hours_per_unit: 2.0,
            max_subcontract_per_period: None,
            costs: CostRates {
                regular_per_hour: 20.0,
                overtime_per_hour: 30.0,
                hire_per_worker: 500.0,
                layoff_per_worker: 800.0,
                holding_per_unit_period: 2.0,
                backlog_per_unit_period: 5.0,
                material_per_unit: 40.0,
                subcontract_per_unit: 90.0,
            },
            integer: false,
        }
    }

    #[test]
    fn no_lever_keeps_the_base() {
        assert_eq!(Levers::default().apply_to_plan(&base()).unwrap(), base());
        assert!(Levers::default().is_empty());
    }

    #[test]
    fn levers_change_the_plan_by_hand() {
        let levers = Levers {
            demand_pct: Some(10.0),
            workforce_max: Some(8.0),
            overtime_cap: Some(0.0),
            regular_cost_pct: Some(5.0),
            overtime_cost_pct: Some(-50.0),
            holding_cost_pct: Some(-100.0),
            subcontract_cost_pct: Some(20.0),
            ..Levers::default()
        };
        let p = levers.apply_to_plan(&base()).unwrap();
        // 100 × 1.1 = 110; 205 × 1.1 = 225.5.
        assert!((p.demand[0] - 110.0).abs() < 1e-9 && (p.demand[1] - 225.5).abs() < 1e-9);
        assert_eq!(p.workforce.max, Some(8.0));
        assert_eq!(p.workforce.max_overtime_hours_per_worker, Some(0.0));
        // 20 × 1.05 = 21; 30 × 0.5 = 15; 2 × 0 = 0; 90 × 1.2 = 108.
        assert!((p.costs.regular_per_hour - 21.0).abs() < 1e-9);
        assert_eq!(p.costs.overtime_per_hour, 15.0);
        assert_eq!(p.costs.holding_per_unit_period, 0.0);
        assert!((p.costs.subcontract_per_unit - 108.0).abs() < 1e-9);
        // What no lever touches stays.
        assert_eq!(p.costs.hire_per_worker, 500.0);
        assert_eq!(p.workforce.initial, 5.0);
        // A whole-number plan gets whole units: 225.5 rounds to 226.
        let whole = AggregatePlanInput {
            integer: true,
            ..base()
        };
        assert_eq!(levers.apply_to_plan(&whole).unwrap().demand, [110.0, 226.0]);
    }

    #[test]
    fn impossible_levers_are_named() {
        let e = Levers {
            demand_pct: Some(-120.0),
            ..Levers::default()
        }
        .apply_to_plan(&base())
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "Demand change: -120 % would take it below zero; give a change of −100 % or more"
        );
        let e = Levers {
            holding_cost_pct: Some(f64::NAN),
            ..Levers::default()
        }
        .apply_to_plan(&base())
        .unwrap_err();
        assert!(e.to_string().starts_with("Holding cost change"), "{e}");
        let e = Levers {
            workforce_max: Some(-1.0),
            ..Levers::default()
        }
        .apply_to_plan(&base())
        .unwrap_err();
        assert!(e.to_string().starts_with("Workers at most: -1"), "{e}");
        let e = Levers {
            service_level_pct: Some(100.0),
            ..Levers::default()
        }
        .check()
        .unwrap_err();
        assert!(e.to_string().starts_with("Service level: 100 %"), "{e}");
        let e = Levers {
            demand_pct: Some(1e300),
            ..Levers::default()
        }
        .apply_to_plan(&base())
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "Demand change: 1e300 is too large (at most 10,000)"
        );
        let e = Levers {
            extra_shift_hours: Some(2e12),
            ..Levers::default()
        }
        .check()
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "Extra shift hours per period: 2,000,000,000,000 is too large (at most 1,000,000,000,000)"
        );
        // −100 % is allowed: no demand at all.
        let none = Levers {
            demand_pct: Some(-100.0),
            ..Levers::default()
        }
        .apply_to_plan(&base())
        .unwrap();
        assert_eq!(none.demand, [0.0, 0.0]);
    }

    #[test]
    fn family_levers_scale_their_family_on_top_of_the_overall_change() {
        let table = DemandTable {
            periods: vec!["Jan".into()],
            demand: vec![
                FamilyDemand {
                    family: "A".into(),
                    quantities: vec![100.0],
                },
                FamilyDemand {
                    family: "B".into(),
                    quantities: vec![50.0],
                },
            ],
        };
        let levers = Levers {
            demand_pct: Some(10.0),
            family_demand_pct: BTreeMap::from([("a".to_string(), -20.0)]),
            ..Levers::default()
        };
        let t = levers.apply_to_families(&table).unwrap();
        // A: 100 × 1.1 × 0.8 = 88; B: 50 × 1.1 = 55.
        assert!((t.demand[0].quantities[0] - 88.0).abs() < 1e-9);
        assert!((t.demand[1].quantities[0] - 55.0).abs() < 1e-9);
        let bad = Levers {
            family_demand_pct: BTreeMap::from([("B".to_string(), -101.0)]),
            ..Levers::default()
        };
        assert!(bad
            .apply_to_families(&table)
            .unwrap_err()
            .to_string()
            .starts_with("Demand change of family B"));
    }

    fn shift(hours: f64, resource: Option<&str>) -> Levers {
        Levers {
            extra_shift_hours: Some(hours),
            extra_shift_resource: resource.map(str::to_string),
            ..Levers::default()
        }
    }

    #[test]
    fn an_extra_shift_on_every_resource_is_worked_by_every_worker() {
        // 160 regular hours a worker + a 16-hour shift = 176 in every period.
        let p = shift(16.0, None).apply_to_plan(&base()).unwrap();
        assert_eq!(p.workforce.regular_hours_per_worker, Hours::Same(176.0));
        let monthly = AggregatePlanInput {
            workforce: WorkforceInput {
                regular_hours_per_worker: Hours::PerPeriod(vec![168.0, 152.0]),
                ..base().workforce
            },
            ..base()
        };
        let p = shift(8.0, Some("  ")).apply_to_plan(&monthly).unwrap();
        assert_eq!(
            p.workforce.regular_hours_per_worker,
            Hours::PerPeriod(vec![176.0, 160.0])
        );
        // On one resource only: the one-product plan does not change.
        assert_eq!(
            shift(16.0, Some("Press")).apply_to_plan(&base()).unwrap(),
            base()
        );
        assert_eq!(shift(0.0, None).apply_to_plan(&base()).unwrap(), base());
        let e = shift(-8.0, None).apply_to_plan(&base()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "Extra shift hours per period: -8 is not a number of zero or more"
        );
    }

    const RESOURCES: &str = "Resource\tType\tJan\tFeb\tMar\n\
        Press\tRegular\t160\t160\t160\nPress\tOvertime\t20\t20\t20\n\
        Paint\tRegular\t100\t80\t100\n";

    #[test]
    fn an_extra_shift_adds_its_hours_to_the_resource_named() {
        let table = parse_resources(RESOURCES).unwrap();
        let t = shift(40.0, Some("press"))
            .apply_to_resources(&table)
            .unwrap();
        assert_eq!(
            t.resources[0].regular_hours,
            PerPeriod::Each(vec![200.0, 200.0, 200.0])
        );
        assert_eq!(
            t.resources[0].overtime_hours,
            table.resources[0].overtime_hours
        );
        assert_eq!(t.resources[1], table.resources[1], "Paint keeps its hours");
        let all = shift(7.5, None).apply_to_resources(&table).unwrap();
        assert_eq!(
            all.resources[1].regular_hours,
            PerPeriod::Each(vec![107.5, 87.5, 107.5])
        );
        // Written as a table and read back: the same hours.
        let section = CapacitySection {
            resources: RESOURCES.into(),
            ..CapacitySection::default()
        };
        let written = shift(40.0, Some("Press"))
            .apply_to_capacity(&section)
            .unwrap()
            .resources;
        assert_eq!(
            written,
            "Resource\tType\tJan\tFeb\tMar\nPress\tRegular\t200\t200\t200\n\
             Press\tOvertime\t20\t20\t20\nPaint\tRegular\t100\t80\t100\n"
        );
        assert_eq!(parse_resources(&written).unwrap(), t);
        let e = shift(40.0, Some("Oven"))
            .apply_to_resources(&table)
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "Extra shift on \"Oven\": there is no such resource (the resources are Press, Paint)"
        );
    }

    /// A press short of 20 hours in January: 60 units × 2 hours = 120 hours against 100.
    /// A 20-hour shift on the press makes room for all of them.
    #[test]
    fn an_extra_shift_removes_a_shortfall_by_hand() {
        let section = CapacitySection {
            resources: "Resource\tJan\tFeb\nPress\t100\t100\n".into(),
            bill: "Family\tPress\nA\t2\n".into(),
            demand: "Family\tJan\tFeb\nA\t60\t40\n".into(),
            ..CapacitySection::default()
        };
        let supply = |s: &CapacitySection| {
            let (model, demand, _) = s.load_check().unwrap();
            s.supply(&model, &demand).unwrap()
        };
        let before = supply(&section);
        // 100 hours / 2 hours a unit = 50 units in January: 10 short.
        assert_eq!(before.families[0].production[0], 50.0);
        assert_eq!(before.families[0].shortfall[0], 10.0);
        let after = supply(
            &shift(20.0, Some("Press"))
                .apply_to_capacity(&section)
                .unwrap(),
        );
        // 120 hours: all 60.
        assert_eq!(after.families[0].production[0], 60.0);
        assert_eq!(after.total_shortfall, 0.0);
        // A demand lever and the shift together: 60 × 1.1 = 66 units need 132 hours
        // against 120: 6 short.
        let both = Levers {
            demand_pct: Some(10.0),
            ..shift(20.0, None)
        };
        let after = supply(&both.apply_to_capacity(&section).unwrap());
        assert!((after.families[0].shortfall[0] - 6.0).abs() < 1e-9);
    }

    #[test]
    fn a_document_gets_every_lever() {
        use crate::document::{InventorySection, ItemTerms};
        let doc = Document {
            aggregate_plan: Some(base()),
            inventory: Some(InventorySection {
                policy: Some(InventoryPolicy {
                    target: ServiceTarget::FillRate(95.0),
                    demand_sigma: 10.0,
                    lead_time: 1.0,
                    lead_time_sigma: 0.0,
                    order_quantity: None,
                }),
                items: vec![ItemTerms {
                    item: "B".into(),
                    unit_cost: None,
                    price: None,
                    margin_per_unit: None,
                    policy: Some(InventoryPolicy {
                        target: ServiceTarget::Units(30.0),
                        demand_sigma: 0.0,
                        lead_time: 2.0,
                        lead_time_sigma: 0.0,
                        order_quantity: None,
                    }),
                }],
                ..InventorySection::default()
            }),
            ..Document::default()
        };
        let levers = Levers {
            service_level_pct: Some(99.0),
            lead_time: Some(3.0),
            ..shift(8.0, None)
        };
        let out = levers.apply_to_document(&doc).unwrap();
        let inv = out.inventory.unwrap();
        let policy = inv.policy.unwrap();
        assert_eq!(
            (policy.target, policy.lead_time),
            (ServiceTarget::FillRate(99.0), 3.0)
        );
        let item = inv.items[0].policy.unwrap();
        assert_eq!(item.target, ServiceTarget::CycleService(99.0));
        assert_eq!(
            out.aggregate_plan
                .unwrap()
                .workforce
                .regular_hours_per_worker,
            Hours::Same(168.0)
        );
        // Without a policy there is no service level to change.
        let bare = Document {
            inventory: None,
            ..doc.clone()
        };
        assert_eq!(
            levers.apply_to_document(&bare).unwrap_err().to_string(),
            "Service level: the inventory sets no safety-stock policy to change; give one in the inventory section first"
        );
        // A shift on a resource needs a capacity section that has it.
        assert!(shift(8.0, Some("Press"))
            .apply_to_document(&doc)
            .unwrap_err()
            .to_string()
            .contains("the capacity check has no resources"));
    }

    fn kpi(key: KpiKey, value: Option<f64>, thresholds: Option<Thresholds>) -> Kpi {
        Kpi {
            key,
            name: key.name().to_string(),
            value,
            unit: if key == KpiKey::PlanCost {
                Unit::Money
            } else {
                Unit::Percent
            },
            amount: None,
            definition: String::new(),
            formula: String::new(),
            light: None,
            thresholds,
            rule: String::new(),
            detail: String::new(),
        }
    }

    fn report(kpis: Vec<Kpi>) -> KpiReport {
        KpiReport {
            kpis,
            periods: Vec::new(),
            revenue_by_period: Vec::new(),
            revenue_at_risk_by_period: Vec::new(),
            revenue: 0.0,
            misalignment: crate::kpi::Misalignment::default(),
        }
    }

    #[test]
    fn compare_judges_each_kpi_by_its_direction() {
        let base = report(vec![
            kpi(
                KpiKey::FillRate,
                Some(99.0),
                Some(Thresholds::higher(98.0, 95.0)),
            ),
            kpi(KpiKey::PlanCost, Some(1000.0), None),
            kpi(
                KpiKey::ForecastBias,
                Some(4.0),
                Some(Thresholds::near_zero(5.0, 10.0)),
            ),
            kpi(KpiKey::ForecastWape, None, None),
            kpi(KpiKey::OnTimeDelivery, Some(75.0), None),
        ]);
        let scenario = report(vec![
            kpi(KpiKey::FillRate, Some(97.5), None),
            kpi(KpiKey::PlanCost, Some(1100.0), None),
            kpi(KpiKey::ForecastBias, Some(-3.0), None),
            kpi(KpiKey::ForecastWape, Some(10.0), None),
            kpi(KpiKey::OnTimeDelivery, Some(75.0), None),
        ]);
        let d = compare(&base, &scenario);
        // Fill rate 99 → 97.5: −1.5 points, worse (higher is better).
        assert_eq!((d[0].delta, d[0].better), (Some(-1.5), Some(false)));
        // Plan cost 1,000 → 1,100: +100, worse, +10 % of the base.
        assert_eq!((d[1].delta, d[1].better), (Some(100.0), Some(false)));
        assert_eq!(d[1].relative_pct(), Some(10.0));
        assert_eq!(d[1].unit, Unit::Money);
        // Bias 4 → −3: −7 points, but closer to zero: better.
        assert_eq!((d[2].delta, d[2].better), (Some(-7.0), Some(true)));
        // Missing in the base: no change to judge.
        assert_eq!((d[3].delta, d[3].better), (None, None));
        assert_eq!(d[3].scenario, Some(10.0));
        // Equal: neither.
        assert_eq!((d[4].delta, d[4].better), (Some(0.0), None));
        assert_eq!(d[4].relative_pct(), Some(0.0));
    }
}
