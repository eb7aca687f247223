//! Workshop mode: a facilitator opens `?workshop=1` (or presses "Start a workshop"), the
//! page reads a bundled sample, forecasts it and plans its consensus through the same
//! actions the page's buttons dispatch, and a short walkthrough reads each step aloud
//! with the workspace's own numbers. "Reset to start" brings the room back to that
//! starting state.
//!
//! The state here is part of the one reducer ([`crate::state`]): which sample, which stop
//! of the walkthrough, whether the panel is open, and the edits of the starting state
//! (taken the moment the sample's plan is first set from its forecast). What the stops
//! say is written by [`say`] from the state and the page's computed sections; every
//! figure in it is read from the state or an engine result, and every comparison (how
//! much the least-cost plan saves, on which costs) comes from
//! [`attune_engine::explain`].
//!
//! # Starting, priming and resetting
//!
//! | action | what happens |
//! |---|---|
//! | `Start(sample)` | edits cleared (an undoable edit when there were any), forecast options back to automatic, phase `Load { prime: true }`: the page fetches the sample; once it is read and every item forecast the reducer takes the plan's demand from the forecast (`PlanFromForecast`, as the button does) and keeps those edits as the starting state |
//! | `Reset` | the starting state's edits put back (one undoable edit, "workshop reset"; the data and forecast options are not part of undo), walkthrough at stop 1; the sample is read again only when other data replaced it |
//! | `Leave` | workshop mode ends; the workspace stays as it is |
//!
//! Opening a saved workspace or starting a new one ends workshop mode too.

use std::rc::Rc;

use crate::state::Edits;

/// The sample a workshop starts from unless the address names another: the one that
/// reaches every step (families, prices, sixty months).
pub const DEFAULT_SAMPLE: &str = "family_monthly.csv";

/// A stop of the walkthrough, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// The sales history read.
    Data,
    /// The forecast: methods and backtest error.
    Forecast,
    /// Rough-cut capacity: the bottleneck.
    Capacity,
    /// Level, chase and least cost side by side.
    Strategies,
    /// Why the least-cost plan beats level and chase.
    WhyOptimal,
    /// Projected stock and promises.
    Inventory,
    /// The shared KPIs.
    Dashboard,
    /// A what-if to try.
    Scenario,
}

impl Stop {
    /// Every stop, in order.
    pub const ALL: [Self; 8] = [
        Self::Data,
        Self::Forecast,
        Self::Capacity,
        Self::Strategies,
        Self::WhyOptimal,
        Self::Inventory,
        Self::Dashboard,
        Self::Scenario,
    ];

    /// The stop at `index` (the last one beyond the end).
    #[must_use]
    pub fn at(index: usize) -> Self {
        Self::ALL[index.min(Self::ALL.len() - 1)]
    }

    /// The stop's heading.
    #[must_use]
    pub fn title(self) -> &'static str {
        match self {
            Self::Data => crate::text::workshop::STOP_DATA,
            Self::Forecast => crate::text::workshop::STOP_FORECAST,
            Self::Capacity => crate::text::workshop::STOP_CAPACITY,
            Self::Strategies => crate::text::workshop::STOP_STRATEGIES,
            Self::WhyOptimal => crate::text::workshop::STOP_WHY_OPTIMAL,
            Self::Inventory => crate::text::workshop::STOP_INVENTORY,
            Self::Dashboard => crate::text::workshop::STOP_DASHBOARD,
            Self::Scenario => crate::text::workshop::STOP_SCENARIO,
        }
    }

    /// The id of the section the stop highlights.
    #[must_use]
    pub fn section_id(self) -> &'static str {
        match self {
            Self::Data => "step-data",
            Self::Forecast => "step-forecast",
            Self::Capacity => "step-capacity",
            Self::Strategies | Self::WhyOptimal => "step-plan",
            Self::Inventory => "step-inventory",
            Self::Dashboard => "step-dashboard",
            Self::Scenario => "step-scenarios",
        }
    }
}

/// Where starting the workshop stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// The page reads the sample; reads with import tickets up to `after` are older.
    /// With `prime`, the plan is then set from the forecast and kept as the start.
    Load {
        /// The last import ticket before the sample's read.
        after: u64,
        /// Set the plan from the forecast once every item is forecast.
        prime: bool,
    },
    /// Nothing more to do.
    Ready,
}

/// Workshop mode's part of the page state.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkshopState {
    /// The bundled sample the workshop starts from.
    pub sample: &'static str,
    /// The walkthrough's stop (an index into [`Stop::ALL`]).
    pub stop: usize,
    /// The walkthrough panel is shown.
    pub open: bool,
    /// Where starting stands.
    pub phase: Phase,
    /// The starting state's edits, once primed.
    pub start: Option<Edits>,
    /// Bumped by every start and reset: the page reads the sample again and scrolls to
    /// the top.
    pub resets: u64,
}

/// What the facilitator did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkshopAction {
    /// Start a workshop from this bundled sample.
    Start(&'static str),
    /// Back to the starting state (the page asked for a confirmation first).
    Reset,
    /// Go to stop `index`.
    Go(usize),
    /// Show or hide the walkthrough.
    Open(bool),
    /// Leave workshop mode.
    Leave,
}

impl WorkshopState {
    /// A workshop starting from `sample`, the sample to be read after import `after`.
    #[must_use]
    pub fn starting(sample: &'static str, after: u64, resets: u64) -> Self {
        Self {
            sample,
            stop: 0,
            open: true,
            phase: Phase::Load { after, prime: true },
            start: None,
            resets,
        }
    }

    /// The import ticket to wait for and the reset it belongs to, while the sample is to
    /// be read (the page fetches it when this changes).
    #[must_use]
    pub fn pending_load(&self) -> Option<u64> {
        matches!(self.phase, Phase::Load { .. }).then_some(self.resets)
    }
}

/// What each stop says is its script, kept with the page's other words in
/// [`crate::text::walkthrough`].
pub use crate::text::walkthrough::{say, Bit, Said};

/// The workshop's state, shared (the reducer keeps it behind an `Rc`).
pub type Shared = Rc<WorkshopState>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dashboard_state::outlooks;
    use crate::dashboard_state::Outlooks;
    use crate::format::money;
    use crate::plan_state::{PlanAction, PlanEdit};
    use crate::scenario_state::ScenarioAction;
    use crate::session::{ImportRequest, ImportSession};
    use crate::state::Action;
    use crate::state::AppState;
    use attune_engine::calendar::Period;
    use attune_engine::forecast::consensus::Change;
    use yew::Reducible;

    /// Reads the sample the way the page does after a start: started, then answered.
    fn read_sample(state: Rc<AppState>, session: &mut ImportSession) -> Rc<AppState> {
        let ticket = state.ticket + 1;
        let state = state.reduce(Action::ImportStarted {
            ticket,
            label: "Reading".into(),
            text: None,
        });
        let answer = session.handle(ImportRequest::Open {
            name: DEFAULT_SAMPLE.into(),
            bytes: include_bytes!("../samples/family_monthly.csv").to_vec(),
            today: None,
        });
        state.reduce(Action::ImportAnswered {
            ticket,
            answer: Box::new(answer),
        })
    }

    /// Answers the plan's ticket with the engine's plans, as the planner worker does.
    fn solve(state: Rc<AppState>) -> Rc<AppState> {
        let ticket = state.plan.ticket;
        let replies = crate::worker::plans(&state.plan.input);
        state.reduce(Action::Plan(PlanAction::Solved { ticket, replies }))
    }

    fn outlooks_of(s: &AppState) -> Outlooks {
        outlooks(
            &s.inventory,
            &s.plan,
            &s.capacity,
            &s.forecasts,
            s.view.as_deref(),
        )
    }

    fn text(said: &Said) -> String {
        said.bits.iter().map(|b| b.text.as_str()).collect()
    }

    fn figure<'a>(said: &'a Said, id: &str) -> &'a str {
        said.bits
            .iter()
            .find(|b| b.testid.as_deref() == Some(id))
            .map_or("", |b| b.text.as_str())
    }

    /// A started workshop: the sample read and forecast, then the plan primed.
    fn started(session: &mut ImportSession) -> Rc<AppState> {
        let s: Rc<AppState> = Rc::default();
        let s = s.reduce(Action::Workshop(WorkshopAction::Start(DEFAULT_SAMPLE)));
        let w = s.workshop.clone().unwrap();
        assert_eq!(w.pending_load(), Some(1));
        assert!(s.undo.is_empty(), "starting a fresh page is no edit");
        let s = read_sample(s, session);
        assert!(
            s.workshop.as_ref().unwrap().start.is_none(),
            "still forecasting"
        );
        let s = crate::state::tests::forecast_all(s);
        solve(s)
    }

    #[test]
    fn a_start_reads_the_sample_forecasts_and_plans_its_consensus() {
        let mut session = ImportSession::default();
        let s = started(&mut session);
        let w = s.workshop.as_ref().unwrap();
        assert_eq!((w.phase, w.stop, w.open), (Phase::Ready, 0, true));
        assert!(w.start.is_some());
        assert_eq!(w.pending_load(), None);
        // The plan took the consensus, as the button does: twelve months from 2026-01.
        assert_eq!(
            s.plan.input.periods.first().map(String::as_str),
            Some("2026-01")
        );
        assert_eq!(s.plan.input.periods.len(), 12);
        assert!(
            s.undo.is_empty(),
            "priming is part of the start, not an edit"
        );
        assert!(s.plan.plans.is_some());
    }

    #[test]
    fn every_stop_reads_the_workspace_numbers() {
        let mut session = ImportSession::default();
        let s = started(&mut session);
        let o = outlooks_of(&s);
        let said: Vec<Said> = Stop::ALL.iter().map(|st| say(*st, &s, &o)).collect();
        assert!(said.iter().all(|x| x.ready), "{said:?}");
        assert_eq!(figure(&said[0], "ws-items"), "12 items");
        assert_eq!(figure(&said[0], "ws-families"), "3 families");
        assert_eq!(figure(&said[0], "ws-periods"), "60 months");
        assert!(
            text(&said[0]).contains("(2021-01 to 2025-12)"),
            "{}",
            text(&said[0])
        );
        // The dashboard journey pins the same backtest: WAPE 14.6 %, bias 4.4 %.
        assert_eq!(figure(&said[1], "ws-wape"), "14.6 %");
        assert_eq!(figure(&said[1], "ws-bias"), "4.4 %");
        assert!(!figure(&said[1], "ws-methods").is_empty());
        assert_eq!(figure(&said[2], "ws-bottleneck"), "Press");
        // The totals are the plan table's, and the savings their differences.
        let plans = s.plan.plans.as_deref().unwrap();
        let total = |i: usize| plans[i].as_ref().unwrap().total_cost;
        assert_eq!(figure(&said[3], "ws-total-optimal"), money(total(0)));
        assert_eq!(figure(&said[3], "ws-total-level"), money(total(1)));
        assert_eq!(figure(&said[4], "ws-optimal"), money(total(0)));
        assert_eq!(
            figure(&said[4], "ws-saved-level"),
            money(total(1) - total(0))
        );
        assert_eq!(
            figure(&said[4], "ws-saved-chase"),
            money(total(2) - total(0))
        );
        assert!(!figure(&said[4], "ws-group-level").is_empty());
        assert!(!figure(&said[5], "ws-inventory").is_empty());
        // The dashboard journey's figures.
        assert_eq!(figure(&said[6], "ws-fill"), "99.7 %");
        assert_eq!(figure(&said[6], "ws-risk"), "0.3 %");
        assert_eq!(figure(&said[7], "ws-base-cost"), money(total(0)));
    }

    #[test]
    fn stops_say_what_they_wait_for() {
        let s: Rc<AppState> = Rc::default();
        let s = s.reduce(Action::Workshop(WorkshopAction::Start(DEFAULT_SAMPLE)));
        let o = outlooks_of(&s);
        let data = say(Stop::Data, &s, &o);
        assert!(!data.ready);
        assert!(text(&data).contains("on its way"));
        let s = read_sample(s, &mut ImportSession::default());
        let f = say(Stop::Forecast, &s, &outlooks_of(&s));
        assert!(!f.ready);
        assert!(
            text(&f).starts_with("Forecasting 0 of 12 items"),
            "{}",
            text(&f)
        );
        let why = say(Stop::WhyOptimal, &s, &outlooks_of(&s));
        assert!(text(&why).contains("solving"), "{}", text(&why));
    }

    #[test]
    fn reset_puts_the_start_back_in_one_undoable_step() {
        let mut session = ImportSession::default();
        let s = started(&mut session);
        let start_input = s.plan.input.clone();
        let costs: Vec<f64> = s
            .plan
            .plans
            .as_deref()
            .unwrap()
            .iter()
            .map(|p| p.as_ref().unwrap().total_cost)
            .collect();
        // A participant overrides a forecast, edits the plan and adds a scenario.
        let s = s
            .reduce(Action::SetOverride {
                item: "PMP-100".into(),
                period: Period::month(2026, 1),
                change: Some(Change::Percent(50.0)),
            })
            .reduce(Action::Plan(PlanAction::Edit(PlanEdit::Integer(false))))
            .reduce(Action::Scenario(ScenarioAction::Add))
            .reduce(Action::Workshop(WorkshopAction::Go(4)));
        let s = solve(s);
        assert_eq!(s.undo.len(), 3);
        let s = s.reduce(Action::Workshop(WorkshopAction::Reset));
        let w = s.workshop.as_ref().unwrap();
        assert_eq!((w.stop, w.phase, w.resets), (0, Phase::Ready, 2));
        assert_eq!(
            w.pending_load(),
            None,
            "the sample is still here: no reading again"
        );
        assert!(s.overrides.is_empty() && s.scenarios.list.is_empty());
        assert_eq!(s.plan.input, start_input);
        assert_eq!(s.undo.last().unwrap().label, "workshop reset");
        // Solved again, the starting costs come back.
        let s = solve(s);
        let again: Vec<f64> = s
            .plan
            .plans
            .as_deref()
            .unwrap()
            .iter()
            .map(|p| p.as_ref().unwrap().total_cost)
            .collect();
        assert_eq!(again, costs);
        // The reset can be undone: the participant's edits come back.
        let s = s.reduce(Action::Undo);
        assert_eq!(s.overrides.len(), 1);
        assert_eq!(s.scenarios.list.len(), 1);
        assert!(!s.plan.input.integer);
        // A reset with nothing edited is no edit.
        let s = s.reduce(Action::Redo);
        let n = s.undo.len();
        assert_eq!(
            s.reduce(Action::Workshop(WorkshopAction::Reset)).undo.len(),
            n
        );
    }

    #[test]
    fn reset_reads_the_sample_again_when_other_data_replaced_it() {
        let mut session = ImportSession::default();
        let s = started(&mut session);
        let start_input = s.plan.input.clone();
        let ticket = s.ticket + 1;
        let s = s.reduce(Action::ImportStarted {
            ticket,
            label: "Reading".into(),
            text: Some("Month\tUnits\n2024-01\t5\n2024-02\t6\n".into()),
        });
        let answer = session.handle(ImportRequest::Paste {
            text: "Month\tUnits\n2024-01\t5\n2024-02\t6\n".into(),
            today: None,
        });
        let s = s.reduce(Action::ImportAnswered {
            ticket,
            answer: Box::new(answer),
        });
        let s = s.reduce(Action::SetForecastOptions {
            horizon: Some(3),
            season_length: None,
            method: attune_engine::forecast::MethodChoice::Auto,
        });
        let s = s.reduce(Action::Workshop(WorkshopAction::Reset));
        let w = s.workshop.clone().unwrap();
        assert_eq!(w.pending_load(), Some(2), "the page reads the sample again");
        assert_eq!(s.horizon, None);
        assert_eq!(
            s.plan.input, start_input,
            "the start's plan is back at once"
        );
        let s = crate::state::tests::forecast_all(read_sample(s, &mut session));
        let w = s.workshop.as_ref().unwrap();
        assert_eq!(w.phase, Phase::Ready);
        assert_eq!(s.plan.input, start_input, "not primed twice");
        assert_eq!(s.dataset().unwrap().dataset.items.len(), 12);
    }

    #[test]
    fn a_failed_read_or_other_data_ends_the_wait_and_leave_ends_the_mode() {
        let s: Rc<AppState> = Rc::default();
        let s = s.reduce(Action::Workshop(WorkshopAction::Start(DEFAULT_SAMPLE)));
        let s = s.reduce(Action::LoadFailed(
            "the sample could not be loaded (HTTP 404)".into(),
        ));
        let w = s.workshop.as_ref().unwrap();
        assert_eq!((w.phase, w.start.is_none()), (Phase::Ready, true));
        let o = outlooks_of(&s);
        assert!(text(&say(Stop::Data, &s, &o)).contains("HTTP 404"));
        // A reset before the start was ever primed starts again.
        let s = s.reduce(Action::Workshop(WorkshopAction::Reset));
        assert_eq!(s.workshop.as_ref().unwrap().pending_load(), Some(2));
        let s = s
            .reduce(Action::Workshop(WorkshopAction::Go(99)))
            .reduce(Action::Workshop(WorkshopAction::Open(false)));
        let w = s.workshop.as_ref().unwrap();
        assert_eq!((w.stop, w.open), (Stop::ALL.len() - 1, false));
        assert_eq!(Stop::at(w.stop), Stop::Scenario);
        let s = s.reduce(Action::Workshop(WorkshopAction::Leave));
        assert!(s.workshop.is_none());
        assert!(s.undo.is_empty());
    }
}
