//! The aggregate plan's part of the page state: the plan as the planner edits it, and the
//! three strategies' plans as the planner worker returned them.
//!
//! Editing sets fields of the engine's [`AggregatePlanInput`] from what was typed; the
//! engine checks the input (every problem with its JSON path) and plans it. No planning
//! arithmetic happens here.

use std::rc::Rc;

use crate::locale::typed_number;
use crate::text;
use attune_engine::plan::aggregate::{
    AggregatePlan, AggregatePlanInput, CostRates, Hours, Strategy, WorkforceInput,
};

/// The example every new workspace opens with: a year of a pump maker's plan, the same
/// document the CLI's tests solve (`testdata/plans/northwind_pumps.attune.json`).
const EXAMPLE: &str = include_str!("../testdata/plans/northwind_pumps.attune.json");

/// The example's plan section.
#[must_use]
pub fn example() -> AggregatePlanInput {
    // The section alone: the page needs no reader for the document's other sections
    // (a test checks the whole file with the engine's document reader).
    serde_json::from_str::<serde_json::Value>(EXAMPLE)
        .ok()
        .and_then(|doc| serde_json::from_value(doc.get("aggregate_plan")?.clone()).ok())
        .unwrap_or_else(blank)
}

/// One empty period: what the page falls back on should the example ever fail to read
/// (a test reads it, so it does not).
fn blank() -> AggregatePlanInput {
    AggregatePlanInput {
        periods: vec!["1".into()],
        demand: vec![0.0],
        initial_inventory: 0.0,
        initial_backlog: 0.0,
        min_ending_inventory: None,
        max_ending_backlog: None,
        max_backlog_per_period: None,
        workforce: WorkforceInput {
            initial: 0.0,
            regular_hours_per_worker: Hours::Same(160.0),
            max_overtime_hours_per_worker: None,
            min: None,
            max: None,
        },
        labor_hours_per_unit: 1.0,
        max_subcontract_per_period: None,
        costs: CostRates {
            regular_per_hour: 0.0,
            overtime_per_hour: 0.0,
            hire_per_worker: 0.0,
            layoff_per_worker: 0.0,
            holding_per_unit_period: 0.0,
            backlog_per_unit_period: 0.0,
            material_per_unit: 0.0,
            subcontract_per_unit: 0.0,
        },
        integer: false,
    }
}

/// One strategy's plan, or why the engine could not make one.
pub type PlanReply = Result<AggregatePlan, String>;

/// A field of the plan that takes one number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// `initial_inventory`
    InitialInventory,
    /// `initial_backlog`
    InitialBacklog,
    /// `min_ending_inventory` (empty: none)
    MinEndingInventory,
    /// `max_ending_backlog` (empty: unlimited)
    MaxEndingBacklog,
    /// `max_backlog_per_period` (empty: unlimited)
    MaxBacklogPerPeriod,
    /// `workforce.initial`
    WorkersInitial,
    /// `workforce.min` (empty: none)
    WorkersMin,
    /// `workforce.max` (empty: unlimited)
    WorkersMax,
    /// `workforce.max_overtime_hours_per_worker` (empty: unlimited)
    MaxOvertime,
    /// `labor_hours_per_unit`
    LaborHours,
    /// `max_subcontract_per_period` (empty: unlimited)
    MaxSubcontract,
    /// `costs.<name>`, by its index in [`attune_engine::plan::aggregate::CostRates::named`].
    Cost(usize),
}

impl Field {
    /// The fields of the form, in order.
    pub const FORM: [Self; 11] = [
        Self::InitialInventory,
        Self::InitialBacklog,
        Self::MinEndingInventory,
        Self::MaxEndingBacklog,
        Self::MaxBacklogPerPeriod,
        Self::WorkersInitial,
        Self::WorkersMin,
        Self::WorkersMax,
        Self::MaxOvertime,
        Self::LaborHours,
        Self::MaxSubcontract,
    ];

    /// The field's JSON path in the document, as the engine's problems name it.
    #[must_use]
    pub fn path(self) -> String {
        let name = match self {
            Self::InitialInventory => "initial_inventory",
            Self::InitialBacklog => "initial_backlog",
            Self::MinEndingInventory => "min_ending_inventory",
            Self::MaxEndingBacklog => "max_ending_backlog",
            Self::MaxBacklogPerPeriod => "max_backlog_per_period",
            Self::WorkersInitial => "workforce.initial",
            Self::WorkersMin => "workforce.min",
            Self::WorkersMax => "workforce.max",
            Self::MaxOvertime => "workforce.max_overtime_hours_per_worker",
            Self::LaborHours => "labor_hours_per_unit",
            Self::MaxSubcontract => "max_subcontract_per_period",
            Self::Cost(i) => {
                return format!("aggregate_plan.costs.{}", cost_name(i));
            }
        };
        format!("aggregate_plan.{name}")
    }

    /// What the form calls it.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::InitialInventory => text::plan::INITIAL_INVENTORY,
            Self::InitialBacklog => text::plan::INITIAL_BACKLOG,
            Self::MinEndingInventory => text::plan::MIN_ENDING_INVENTORY,
            Self::MaxEndingBacklog => text::plan::MAX_ENDING_BACKLOG,
            Self::MaxBacklogPerPeriod => text::plan::MAX_BACKLOG_PER_PERIOD,
            Self::WorkersInitial => text::plan::WORKERS_INITIAL,
            Self::WorkersMin => text::plan::WORKERS_MIN,
            Self::WorkersMax => text::plan::WORKERS_MAX,
            Self::MaxOvertime => text::plan::MAX_OVERTIME,
            Self::LaborHours => text::plan::LABOR_HOURS,
            Self::MaxSubcontract => text::plan::MAX_SUBCONTRACT,
            Self::Cost(i) => COST_LABELS.get(i).copied().unwrap_or(text::plan::COST),
        }
    }

    /// Whether an empty field means "no limit" (rather than being an error).
    #[must_use]
    pub fn optional(self) -> bool {
        matches!(
            self,
            Self::MinEndingInventory
                | Self::MaxEndingBacklog
                | Self::MaxBacklogPerPeriod
                | Self::WorkersMin
                | Self::WorkersMax
                | Self::MaxOvertime
                | Self::MaxSubcontract
        )
    }

    /// The field's value in `input` (`None`: unlimited).
    #[must_use]
    pub fn get(self, input: &AggregatePlanInput) -> Option<f64> {
        let w = &input.workforce;
        match self {
            Self::InitialInventory => Some(input.initial_inventory),
            Self::InitialBacklog => Some(input.initial_backlog),
            Self::MinEndingInventory => input.min_ending_inventory,
            Self::MaxEndingBacklog => input.max_ending_backlog,
            Self::MaxBacklogPerPeriod => input.max_backlog_per_period,
            Self::WorkersInitial => Some(w.initial),
            Self::WorkersMin => w.min,
            Self::WorkersMax => w.max,
            Self::MaxOvertime => w.max_overtime_hours_per_worker,
            Self::LaborHours => Some(input.labor_hours_per_unit),
            Self::MaxSubcontract => input.max_subcontract_per_period,
            Self::Cost(i) => input.costs.named().get(i).map(|(_, v)| *v),
        }
    }

    fn set(self, input: &mut AggregatePlanInput, value: Option<f64>) {
        let w = &mut input.workforce;
        let c = &mut input.costs;
        let v = value.unwrap_or(0.0);
        match self {
            Self::InitialInventory => input.initial_inventory = v,
            Self::InitialBacklog => input.initial_backlog = v,
            Self::MinEndingInventory => input.min_ending_inventory = value,
            Self::MaxEndingBacklog => input.max_ending_backlog = value,
            Self::MaxBacklogPerPeriod => input.max_backlog_per_period = value,
            Self::WorkersInitial => w.initial = v,
            Self::WorkersMin => w.min = value,
            Self::WorkersMax => w.max = value,
            Self::MaxOvertime => w.max_overtime_hours_per_worker = value,
            Self::LaborHours => input.labor_hours_per_unit = v,
            Self::MaxSubcontract => input.max_subcontract_per_period = value,
            Self::Cost(0) => c.regular_per_hour = v,
            Self::Cost(1) => c.overtime_per_hour = v,
            Self::Cost(2) => c.hire_per_worker = v,
            Self::Cost(3) => c.layoff_per_worker = v,
            Self::Cost(4) => c.holding_per_unit_period = v,
            Self::Cost(5) => c.backlog_per_unit_period = v,
            Self::Cost(6) => c.material_per_unit = v,
            Self::Cost(_) => c.subcontract_per_unit = v,
        }
    }
}

/// The cost rates' labels, in the engine's order.
pub const COST_LABELS: [&str; 8] = text::plan::COST_RATES;

/// The cost rates' field names (DESIGN.md's contract), in the engine's order.
const COST_NAMES: [&str; 8] = [
    "regular_per_hour",
    "overtime_per_hour",
    "hire_per_worker",
    "layoff_per_worker",
    "holding_per_unit_period",
    "backlog_per_unit_period",
    "material_per_unit",
    "subcontract_per_unit",
];

fn cost_name(i: usize) -> &'static str {
    COST_NAMES.get(i).copied().unwrap_or("regular_per_hour")
}

/// What the planner did to the plan.
#[derive(Debug, Clone, PartialEq)]
pub enum PlanEdit {
    /// Typed into a one-number field (empty: no limit, where the field allows).
    Field(Field, String),
    /// Typed a period's demand.
    Demand(usize, String),
    /// Typed a period's regular hours per worker.
    Hours(usize, String),
    /// Whole workers and units, or not.
    Integer(bool),
    /// Take periods and demand from the consensus forecast; hours per worker are kept
    /// when there is one figure for every period, else the first period's figure is used.
    /// A whole-number plan takes the demand rounded to whole units (it refuses fractions).
    UseDemand {
        /// Period names.
        periods: Vec<String>,
        /// Units per period.
        demand: Vec<f64>,
    },
    /// Back to the example.
    Example,
}

/// The aggregate plan on the page.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanState {
    /// The plan as edited.
    pub input: Rc<AggregatePlanInput>,
    /// The last edit that could not be read, in words (the field keeps its old value).
    pub edit_error: Option<String>,
    /// Bumped by every change of the input: a reply for an older ticket is stale.
    pub ticket: u64,
    /// The plans of [`Strategy::ALL`], in that order, once the worker answered.
    pub plans: Option<Rc<Vec<PlanReply>>>,
    /// The strategy whose plan is shown period by period.
    pub shown: Strategy,
    /// The planner stopped the solve under way: its answer is dropped when it comes.
    pub stopped: bool,
}

impl Default for PlanState {
    fn default() -> Self {
        Self {
            input: Rc::new(example()),
            edit_error: None,
            ticket: 1,
            plans: None,
            shown: Strategy::Optimal,
            stopped: false,
        }
    }
}

/// What happened to the plan.
#[derive(Debug, Clone, PartialEq)]
pub enum PlanAction {
    /// The planner changed the plan.
    Edit(PlanEdit),
    /// The planner worker answered `ticket`.
    Solved {
        /// The ticket it answered.
        ticket: u64,
        /// One reply per strategy of [`Strategy::ALL`].
        replies: Vec<PlanReply>,
    },
    /// Show this strategy's plan.
    Show(Strategy),
    /// Stop waiting for the solve under way (the worker finishes it; its answer is
    /// dropped).
    Stop,
    /// Solve the same plan again after a stop.
    SolveAgain,
}

impl PlanState {
    /// The state after `action`.
    #[must_use]
    pub fn apply(&self, action: PlanAction) -> Self {
        match action {
            PlanAction::Edit(edit) => {
                let mut input = (*self.input).clone();
                match apply_edit(&mut input, edit) {
                    Ok(()) => Self {
                        input: Rc::new(input),
                        edit_error: None,
                        ticket: self.ticket + 1,
                        plans: None,
                        shown: self.shown,
                        stopped: false,
                    },
                    Err(e) => Self {
                        edit_error: Some(e),
                        ..self.clone()
                    },
                }
            }
            PlanAction::Solved { ticket, replies } if ticket == self.ticket && !self.stopped => {
                Self {
                    plans: Some(Rc::new(replies)),
                    ..self.clone()
                }
            }
            PlanAction::Solved { .. } => self.clone(),
            PlanAction::Show(shown) => Self {
                shown,
                ..self.clone()
            },
            PlanAction::Stop if self.plans.is_none() => Self {
                stopped: true,
                ..self.clone()
            },
            PlanAction::Stop => self.clone(),
            PlanAction::SolveAgain if self.stopped => Self {
                ticket: self.ticket + 1,
                stopped: false,
                ..self.clone()
            },
            PlanAction::SolveAgain => self.clone(),
        }
    }

    /// The plan shown period by period, once there is one.
    #[must_use]
    pub fn shown_plan(&self) -> Option<&PlanReply> {
        let at = Strategy::ALL.iter().position(|s| *s == self.shown)?;
        self.plans.as_ref()?.get(at)
    }
}

/// A number as typed, in the page's locale (`2,5` in de-DE) or with a decimal point;
/// `None` for empty.
fn number(text: &str, what: &str) -> Result<Option<f64>, String> {
    typed_number(text).map_err(|_| text::fields::not_a_number(what, text))
}

fn required(text: &str, what: &str) -> Result<f64, String> {
    number(text, what)?.ok_or_else(|| text::fields::number_needed(what))
}

fn apply_edit(input: &mut AggregatePlanInput, edit: PlanEdit) -> Result<(), String> {
    match edit {
        PlanEdit::Field(field, text) => {
            let value = if field.optional() {
                number(&text, field.label())?
            } else {
                Some(required(&text, field.label())?)
            };
            field.set(input, value);
        }
        PlanEdit::Demand(i, text) => {
            let period = input.periods.get(i).cloned().unwrap_or_default();
            let v = required(&text, &text::plan::demand_in(&period))?;
            if let Some(d) = input.demand.get_mut(i) {
                *d = v;
            }
        }
        PlanEdit::Hours(i, text) => {
            let period = input.periods.get(i).cloned().unwrap_or_default();
            let v = required(&text, &text::plan::hours_in(&period))?;
            let n = input.periods.len();
            let hours = &mut input.workforce.regular_hours_per_worker;
            let mut each = match hours {
                Hours::Same(h) => vec![*h; n],
                Hours::PerPeriod(list) => list.clone(),
            };
            if let Some(h) = each.get_mut(i) {
                *h = v;
            }
            *hours = Hours::PerPeriod(each);
        }
        PlanEdit::Integer(on) => input.integer = on,
        PlanEdit::UseDemand { periods, demand } => {
            let hours = &mut input.workforce.regular_hours_per_worker;
            if let Hours::PerPeriod(list) = hours {
                if list.len() != periods.len() {
                    *hours = Hours::Same(list.first().copied().unwrap_or(160.0));
                }
            }
            input.periods = periods;
            input.demand = if input.integer {
                demand.iter().map(|d| d.round()).collect()
            } else {
                demand
            };
        }
        PlanEdit::Example => *input = example(),
    }
    Ok(())
}

/// The hours per worker of period `i`.
#[must_use]
pub fn hours_of(input: &AggregatePlanInput, i: usize) -> Option<f64> {
    match &input.workforce.regular_hours_per_worker {
        Hours::Same(h) => Some(*h),
        Hours::PerPeriod(list) => list.get(i).copied(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_is_northwind_pumps() {
        let s = PlanState::default();
        let whole = attune_engine::document::read_document(EXAMPLE).unwrap();
        assert_eq!(whole.aggregate_plan.as_ref(), Some(&*s.input));
        assert_eq!(s.input.periods.len(), 12);
        assert_eq!(s.input.demand[0], 2200.0);
        assert!(s.input.integer);
        assert!(s.input.check().is_ok());
        let named = s.input.costs.named();
        assert!(
            (0..8).all(|i| named[i].0 == cost_name(i)),
            "names in the engine's order"
        );
        assert!(blank().check().is_ok());
    }

    #[test]
    fn edits_set_fields_and_bump_the_ticket() {
        let s = PlanState::default();
        let t = s.apply(PlanAction::Edit(PlanEdit::Field(
            Field::WorkersMax,
            String::new(),
        )));
        assert_eq!(t.input.workforce.max, None, "empty means no limit");
        assert_eq!(t.ticket, s.ticket + 1);
        let t = t.apply(PlanAction::Edit(PlanEdit::Field(
            Field::Cost(4),
            "7.5".into(),
        )));
        assert_eq!(t.input.costs.holding_per_unit_period, 7.5);
        let t = t.apply(PlanAction::Edit(PlanEdit::Demand(2, "3,300".into())));
        assert_eq!(t.input.demand[2], 3300.0);
        let t = t.apply(PlanAction::Edit(PlanEdit::Hours(0, "150".into())));
        assert_eq!(hours_of(&t.input, 0), Some(150.0));
        assert_eq!(hours_of(&t.input, 1), Some(160.0));
    }

    #[test]
    fn a_bad_number_is_named_and_changes_nothing() {
        let s = PlanState::default();
        let t = s.apply(PlanAction::Edit(PlanEdit::Field(
            Field::LaborHours,
            "2,5x".into(),
        )));
        assert_eq!(t.input, s.input);
        assert_eq!(t.ticket, s.ticket);
        assert_eq!(
            t.edit_error.as_deref(),
            Some("Labour hours per unit: \"2,5x\" is not a number")
        );
        let t = s.apply(PlanAction::Edit(PlanEdit::Field(
            Field::LaborHours,
            " ".into(),
        )));
        assert_eq!(
            t.edit_error.as_deref(),
            Some("Labour hours per unit: a number is needed")
        );
    }

    #[test]
    fn stale_replies_are_dropped_and_demand_can_come_from_the_forecast() {
        let s = PlanState::default();
        let stale = s.apply(PlanAction::Solved {
            ticket: s.ticket - 1,
            replies: vec![Err("old".into())],
        });
        assert!(stale.plans.is_none());
        let t = s.apply(PlanAction::Edit(PlanEdit::UseDemand {
            periods: vec!["2025-01".into(), "2025-02".into()],
            demand: vec![10.0, 20.0],
        }));
        assert_eq!(t.input.demand, [10.0, 20.0]);
        // Twelve monthly hours no longer fit two periods: the first month's figure is used.
        assert_eq!(
            t.input.workforce.regular_hours_per_worker,
            Hours::Same(168.0)
        );
        assert!(t.input.check().is_ok());
        // A whole-number plan takes a forecast's fractions rounded, and can be solved.
        let whole = s.apply(PlanAction::Edit(PlanEdit::UseDemand {
            periods: vec!["2025-01".into(), "2025-02".into()],
            demand: vec![10.4, 20.5],
        }));
        assert!(whole.input.integer);
        assert_eq!(whole.input.demand, [10.0, 21.0]);
        assert!(whole.input.check().is_ok());
    }

    #[test]
    fn a_stopped_solve_drops_its_answer_until_solved_again() {
        let s = PlanState::default();
        let stopped = s.apply(PlanAction::Stop);
        assert!(stopped.stopped);
        assert_eq!(stopped.ticket, s.ticket, "a stop starts no new solve");
        // The worker finishes anyway; its answer is dropped.
        let late = stopped.apply(PlanAction::Solved {
            ticket: s.ticket,
            replies: vec![Err("x".into()); 3],
        });
        assert!(late.plans.is_none() && late.stopped);
        // Solve again: a new ticket (the page sends the plan again), and its answer lands.
        let again = late.apply(PlanAction::SolveAgain);
        assert!(!again.stopped);
        assert_eq!(again.ticket, s.ticket + 1);
        let solved = again.apply(PlanAction::Solved {
            ticket: again.ticket,
            replies: vec![Err("x".into()); 3],
        });
        assert!(solved.plans.is_some());
        // With a plan there, Stop and Solve again change nothing.
        assert_eq!(solved.apply(PlanAction::Stop), solved);
        assert_eq!(solved.apply(PlanAction::SolveAgain), solved);
        // An edit after a stop solves the new plan.
        let edited = stopped.apply(PlanAction::Edit(PlanEdit::Field(
            Field::LaborHours,
            "3".into(),
        )));
        assert!(!edited.stopped);
        assert_eq!(edited.ticket, s.ticket + 1);
    }
}
