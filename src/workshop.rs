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

use attune_engine::calendar::Granularity;
use attune_engine::explain::{compare_plans, method_mix, GroupGap, Rival};
use attune_engine::forecast::BacktestSummary;
use attune_engine::kpi::{pct, ForecastFigures, KpiKey};
use attune_engine::plan::aggregate::{AggregatePlan, Status, Strategy};

use crate::components::dashboard::kpi_value;
use crate::dashboard_state::Outlooks;
use crate::flow::{dashboard_status, inventory_status, plan_status, Mark};
use crate::format::{money, quantity};
use crate::state::{AppState, Edits};

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
            Self::Data => "The sales history",
            Self::Forecast => "The forecast",
            Self::Capacity => "Capacity and the bottleneck",
            Self::Strategies => "Three ways to meet demand",
            Self::WhyOptimal => "Why the least-cost plan wins",
            Self::Inventory => "Inventory and promises",
            Self::Dashboard => "The S&OP dashboard",
            Self::Scenario => "Try a what-if",
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

/// A piece of a stop's text; a figure carries a test id so a journey can read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bit {
    /// The words.
    pub text: String,
    /// The figure's test id (`None` for plain words).
    pub testid: Option<String>,
}

/// What a stop says: its words, and whether its numbers are all there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    /// The text, in pieces.
    pub bits: Vec<Bit>,
    /// Every figure the stop reads has arrived.
    pub ready: bool,
}

/// Builds a stop's text piece by piece.
#[derive(Default)]
struct Words(Vec<Bit>);

// The words are copied by one shared function: a stop's text is dozens of these calls,
// and inlined copies of the copying would weigh on the page's first load.
impl Words {
    #[inline(never)]
    fn push(&mut self, testid: Option<&str>, text: &str) -> &mut Self {
        self.0.push(Bit {
            text: text.to_owned(),
            testid: testid.map(str::to_owned),
        });
        self
    }

    fn t(&mut self, text: impl AsRef<str>) -> &mut Self {
        self.push(None, text.as_ref())
    }

    fn fig(&mut self, testid: impl AsRef<str>, text: impl AsRef<str>) -> &mut Self {
        self.push(Some(testid.as_ref()), text.as_ref())
    }

    fn done(self, ready: bool) -> Said {
        Said {
            bits: self.0,
            ready,
        }
    }
}

/// `1 item`, `12 items`.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "months" for a monthly calendar.
fn period_noun(g: Granularity, n: usize) -> String {
    let (one, many) = match g {
        Granularity::Day => ("day", "days"),
        Granularity::Week => ("week", "weeks"),
        Granularity::Month => ("month", "months"),
        Granularity::Quarter => ("quarter", "quarters"),
        Granularity::Year => ("year", "years"),
        Granularity::Index => ("period", "periods"),
    };
    count(n, one, many)
}

/// "level", "chase", "least-cost".
fn strategy_words(s: Strategy) -> &'static str {
    match s {
        Strategy::Optimal => "least-cost",
        Strategy::Level => "level",
        Strategy::Chase => "chase",
    }
}

/// What stop `stop` says about the workspace `state`, whose sections 3, 5 and 6 the
/// page computed as `outlooks`.
#[must_use]
pub fn say(stop: Stop, state: &AppState, outlooks: &Outlooks) -> Said {
    match stop {
        Stop::Data => say_data(state),
        Stop::Forecast => say_forecast(state),
        Stop::Capacity => say_capacity(outlooks),
        Stop::Strategies => say_strategies(state),
        Stop::WhyOptimal => say_why(state),
        Stop::Inventory => say_inventory(state, outlooks),
        Stop::Dashboard => say_dashboard(state, outlooks),
        Stop::Scenario => say_scenario(state),
    }
}

fn say_data(state: &AppState) -> Said {
    let mut w = Words::default();
    let Some(import) = state.dataset() else {
        let waiting = if state.loading.is_some() {
            "Reading the sample… its figures follow in a moment."
        } else if let Some(e) = &state.load_error {
            w.t("The sample could not be read: ").t(e.clone()).t(". ");
            "Press \"Reset to start\" to try again."
        } else {
            "No data yet: the sample is on its way."
        };
        w.t(waiting);
        return w.done(false);
    };
    let d = &import.dataset;
    let families = d.families(d.granularity.season_length());
    w.t("The sample holds ")
        .fig("ws-items", count(d.items.len(), "item", "items"));
    if !families.is_empty() {
        let names: Vec<&str> = families.iter().map(|f| f.family.as_str()).collect();
        w.t(" in ")
            .fig("ws-families", count(families.len(), "family", "families"))
            .t(format!(" ({})", names.join(", ")));
    }
    let last = d
        .start
        .offset(i64::try_from(d.periods).unwrap_or(1).saturating_sub(1));
    w.t(", with ")
        .fig("ws-periods", period_noun(d.granularity, d.periods))
        .t(format!(" of sales history ({} to {last}). ", d.start))
        .t("It never left this browser tab: Attune reads and computes everything on the page.");
    w.done(true)
}

fn say_forecast(state: &AppState) -> Said {
    let mut w = Words::default();
    let p = state.progress;
    if state.dataset().is_none() || p.total == 0 {
        w.t("The forecast starts as soon as the sample is read.");
        return w.done(false);
    }
    if p.running() {
        w.t(format!(
            "Forecasting {} of {} items in the background… the figures follow when it is done.",
            p.done, p.total
        ));
        return w.done(false);
    }
    let forecasts = state.answered_forecasts();
    let mix: Vec<String> = method_mix(&forecasts)
        .iter()
        .map(|m| {
            format!(
                "{} for {}",
                m.method.label(),
                count(m.items, "item", "items")
            )
        })
        .collect();
    w.t("Each item's method was chosen by its demand pattern: ")
        .fig("ws-methods", mix.join(", "))
        .t(". ");
    let backtests: Vec<BacktestSummary> = forecasts.iter().filter_map(|f| f.backtest).collect();
    let figures = ForecastFigures::from_backtests(&backtests);
    match (figures.wape_pct, figures.bias_pct) {
        (Some(wape), Some(bias)) => {
            w.t("Tested on the last stretch of each item's own history (a backtest), the forecast misses by ")
                .fig("ws-wape", pct(wape))
                .t(" of volume (WAPE), with a bias of ")
                .fig("ws-bias", pct(bias))
                .t(".");
            match figures.value_added_pct {
                Some(gain) if gain >= 0.0 => {
                    w.t(" That is ")
                        .fig("ws-value-added", pct(gain))
                        .t(" less error than repeating last year's pattern.");
                }
                Some(gain) => {
                    w.t(" Repeating last year's pattern would have erred ")
                        .fig("ws-value-added", pct(-gain))
                        .t(" less here: a question worth asking the room.");
                }
                None => {}
            }
        }
        _ => {
            w.t("The history is too short for a backtest, so no error can be measured yet.");
        }
    }
    w.done(true)
}

fn say_capacity(outlooks: &Outlooks) -> Said {
    let mut w = Words::default();
    w.t("Section 3 checks hours, not units: each family's demand times its hours per unit, against every resource's hours (here the worked example's tables, families A to C; paste your own there). ");
    match &outlooks.capacity.rough {
        Err(e) => {
            w.t("The tables have a problem: ").t(e.clone());
        }
        Ok(rough) => match rough.bottleneck.as_ref() {
            Some(b) if b.overloaded_hours > 0.0 => {
                let over = rough
                    .overloads
                    .iter()
                    .filter(|o| o.resource_index == b.index)
                    .count();
                w.t("The bottleneck is ")
                    .fig("ws-bottleneck", b.resource.clone())
                    .t(": ")
                    .fig("ws-overload", quantity(b.overloaded_hours))
                    .t(format!(
                        " hours above regular time in {over} of {}",
                        count(rough.periods.len(), "period", "periods")
                    ));
                if let Some(peak) = b.peak_utilization_pct {
                    w.t(", loaded up to ").fig("ws-peak", pct(peak));
                }
                w.t(". Overtime, a different mix or a later date are the ways out.");
            }
            _ => {
                w.t("Every resource fits in its regular hours: no bottleneck.");
            }
        },
    }
    w.done(true)
}

/// The three plans, once the planner answered.
fn plans(state: &AppState) -> Option<&[Result<AggregatePlan, String>]> {
    state.plan.plans.as_deref().map(Vec::as_slice)
}

fn say_strategies(state: &AppState) -> Said {
    let mut w = Words::default();
    let input = &state.plan.input;
    w.t("Section 4 plans ").fig(
        "ws-plan-periods",
        count(input.periods.len(), "period", "periods"),
    );
    if let (Some(first), Some(last)) = (input.periods.first(), input.periods.last()) {
        w.t(format!(" ({first} to {last})"));
    }
    w.t(" of demand. ");
    let Some(replies) = plans(state) else {
        w.t("The planner is solving the three plans… their costs follow in a moment.");
        return w.done(false);
    };
    let line = |w: &mut Words, s: Strategy, what: &str| {
        let at = Strategy::ALL.iter().position(|x| *x == s);
        w.t(what);
        match at.and_then(|i| replies.get(i)) {
            Some(Ok(p)) if p.status.has_plan() => {
                w.fig(format!("ws-total-{}", s.name()), money(p.total_cost));
            }
            Some(Ok(p)) => {
                w.fig(
                    format!("ws-total-{}", s.name()),
                    format!("no plan ({})", p.status.name()),
                );
            }
            Some(Err(e)) => {
                w.fig(format!("ws-total-{}", s.name()), format!("no plan: {e}"));
            }
            None => {
                w.fig(format!("ws-total-{}", s.name()), "no plan");
            }
        }
        w.t(". ");
    };
    line(
        &mut w,
        Strategy::Level,
        "Level keeps one workforce throughout and lets inventory absorb the swings: ",
    );
    line(
        &mut w,
        Strategy::Chase,
        "Chase hires and lays off to follow demand period by period: ",
    );
    line(
        &mut w,
        Strategy::Optimal,
        "The least-cost plan, solved by linear programming, may mix both and use overtime or subcontracting: ",
    );
    w.done(true)
}

fn say_why(state: &AppState) -> Said {
    let mut w = Words::default();
    let Some(replies) = plans(state) else {
        w.t("The planner is solving the three plans… the comparison follows in a moment.");
        return w.done(false);
    };
    let solved: Vec<AggregatePlan> = replies
        .iter()
        .filter_map(|r| r.as_ref().ok().cloned())
        .collect();
    let facts = match compare_plans(&solved) {
        Ok(f) => f,
        Err(e) => {
            w.t("No comparison: ").t(e.to_string()).t(".");
            return w.done(true);
        }
    };
    w.t("The least-cost plan costs ")
        .fig("ws-optimal", money(facts.total));
    if facts.status == Status::Feasible {
        w.t(" (the best the solver found in time)");
    }
    w.t(". ");
    for rival in &facts.rivals {
        match rival {
            Rival::NoPlan { strategy, status } => {
                w.t(format!(
                    "The {} plan has none to compare ({}). ",
                    strategy_words(*strategy),
                    status.name()
                ));
            }
            Rival::Costed(v) => {
                let s = v.strategy.name();
                w.t("Against ")
                    .t(strategy_words(v.strategy))
                    .t(" (")
                    .fig(format!("ws-rival-total-{s}"), money(v.total))
                    .t(") it saves ")
                    .fig(format!("ws-saved-{s}"), money(v.saved));
                if let Some(p) = v.saved_pct {
                    let share = if p > 0.0 && p < 0.05 {
                        "under 0.1 %".to_string()
                    } else {
                        pct(p)
                    };
                    w.t(" (").fig(format!("ws-saved-pct-{s}"), share).t(")");
                }
                // The groups it saves on (largest first), then those it spends more on.
                let (less, more): (Vec<&GroupGap>, Vec<&GroupGap>) =
                    v.gaps.iter().partition(|g| g.saved > 0.0);
                for (i, g) in less.iter().enumerate() {
                    w.t(match i {
                        0 => ": ",
                        i if i + 1 == less.len() => " and ",
                        _ => ", ",
                    });
                    let id = if i == 0 {
                        format!("ws-group-saved-{s}")
                    } else {
                        format!("ws-gap-{s}-{i}")
                    };
                    w.fig(id, money(g.saved)).t(" less on ");
                    let id = if i == 0 {
                        format!("ws-group-{s}")
                    } else {
                        format!("ws-gap-group-{s}-{i}")
                    };
                    w.fig(id, g.group.words());
                }
                for (i, g) in more.iter().rev().enumerate() {
                    w.t(match i {
                        0 => ", for ",
                        i if i + 1 == more.len() => " and ",
                        _ => ", ",
                    });
                    let id = if i == 0 {
                        format!("ws-extra-{s}")
                    } else {
                        format!("ws-more-{s}-{i}")
                    };
                    w.fig(id, money(-g.saved)).t(" more on ");
                    let id = if i == 0 {
                        format!("ws-extra-group-{s}")
                    } else {
                        format!("ws-more-group-{s}-{i}")
                    };
                    w.fig(id, g.group.words());
                }
                w.t(". ");
            }
        }
    }
    w.t(
        "Show the level or chase plan under the cost table to see where it pays, period by period.",
    );
    w.done(true)
}

fn say_inventory(state: &AppState, outlooks: &Outlooks) -> Said {
    let mut w = Words::default();
    let plan = plan_status(&state.plan);
    let s = inventory_status(&outlooks.outlook, plan.mark == Mark::Working);
    if s.mark == Mark::Waiting {
        w.t("The projection waits for the plan… it follows when the planner answers.");
        return w.done(false);
    }
    w.t("Section 5 projects stock from the least-cost plan, with safety stock from the forecast's error: ")
        .fig("ws-inventory", s.text)
        .t(". The flags show the periods that run short; the orders below show which promises hold and the earliest date for the rest.");
    let orders = match &outlooks.outlook.promises {
        Some(Err(e)) => Some(e.clone()),
        _ => outlooks.outlook.order_problems.first().cloned(),
    };
    if let Some(e) = orders {
        let stop = if e.ends_with('.') { "" } else { "." };
        w.t(" About the orders: ").t(e).t(stop);
    }
    w.done(true)
}

fn say_dashboard(state: &AppState, outlooks: &Outlooks) -> Said {
    let mut w = Words::default();
    let plan = plan_status(&state.plan);
    let s = dashboard_status(&outlooks.board, plan.mark == Mark::Working);
    let Ok(d) = outlooks.board.as_ref() else {
        if s.mark == Mark::Waiting {
            w.t("The KPIs wait for the plan… they follow when the planner answers.");
            return w.done(false);
        }
        w.t("No KPIs yet: ").t(s.text).t(".");
        return w.done(true);
    };
    w.t("Sales and operations read one set of KPIs: ")
        .fig("ws-lights", s.text)
        .t(". ");
    let shown = |key| d.report.get(key).map(kpi_value);
    if let (Some(fill), Some(risk)) = (shown(KpiKey::FillRate), shown(KpiKey::RevenueAtRisk)) {
        w.t("Fill rate ")
            .fig("ws-fill", fill)
            .t(", revenue at risk ")
            .fig("ws-risk", risk)
            .t(". ");
    }
    if let Some(note) = d.health.first() {
        w.t(note.text.clone());
    }
    w.done(true)
}

fn say_scenario(state: &AppState) -> Said {
    let mut w = Words::default();
    let optimal = state
        .plan
        .plans
        .as_deref()
        .and_then(|p| p.first())
        .and_then(|r| r.as_ref().ok())
        .filter(|p| p.status.has_plan());
    w.t("Now ask \"what if?\": add a scenario in section 7 and pull a lever — demand up 10 %, a higher service level, a longer lead time — and read how the plan and the KPIs move beside the base");
    if let Some(p) = optimal {
        w.t(" (least cost today: ")
            .fig("ws-base-cost", money(p.total_cost))
            .t(")");
    }
    w.t(". ");
    let n = state.scenarios.list.len();
    if n > 0 {
        w.fig("ws-scenarios", count(n, "scenario", "scenarios"))
            .t(" so far; each one's differences from the base are listed in section 7.");
    }
    w.done(optimal.is_some())
}

/// The workshop's state, shared (the reducer keeps it behind an `Rc`).
pub type Shared = Rc<WorkshopState>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dashboard_state::outlooks;
    use crate::plan_state::{PlanAction, PlanEdit};
    use crate::scenario_state::ScenarioAction;
    use crate::session::{ImportRequest, ImportSession};
    use crate::state::Action;
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
