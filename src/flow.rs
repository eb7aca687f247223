//! The guided flow of issue #7: Data → Forecast → Capacity → Plan → Inventory &
//! promises → Dashboard, each step with a short status in words ("12 items, monthly",
//! "optimal: 4,146,580.50", "3 red, 2 amber") and a mark (done, working, needs
//! attention, waiting) that the step bar shows with an icon and a word, never colour
//! alone. Every number here is read from the state or an engine result; the only
//! counting is of flags the engine set (stockout periods, late orders, red lights).
//!
//! # What recomputes what
//!
//! Going back and editing a step recomputes what depends on it, and only that:
//!
//! | change (an [`Action`](crate::state::Action)) | recomputed |
//! |---|---|
//! | new data read (`ImportAnswered`), forecast options (`SetForecastOptions`) | `generation` is bumped: every item is forecast again in the worker; then sections 5–6 on the page |
//! | an override, family total, pipeline or blend | nothing in a worker: the consensus is derived on render; the plan keeps its ticket |
//! | "use the forecast" in section 4 (`PlanFromForecast`), any plan edit | the plan's `ticket` is bumped: the planner worker solves again; then sections 5–6 |
//! | a capacity table or the allocation rule | section 3's load check and supply plan, and sections 5–6, on the page (memos keyed on the capacity state); no forecast, no solve |
//! | section 5's policy, orders or question | sections 5–6 on the page only |
//! | selecting an item, opening a family | nothing recomputed: the view changes |
//! | undo or redo | the edits put back; the plan gets a new ticket and is solved again, the forecasts stay |
//!
//! The plan takes the forecast only when the planner asks (`PlanFromForecast`, a
//! one-off copy of the consensus into the plan's demand): an override made afterwards
//! leaves the solved plan alone until the planner asks again. The page's own
//! recomputations are `use_memo`s keyed on the `Rc`s of the state they read, so an
//! unchanged part keeps its pointer and its result. The tests below check the
//! generation and the ticket; the memo keys are those pointers.

use attune_engine::kpi::Light;
use attune_engine::plan::aggregate::Strategy;

use crate::capacity_state::CapacityReport;
use crate::dashboard_state::Dashboard;
use crate::format::{money, quantity};
use crate::inventory_state::Outlook;
use crate::plan_state::PlanState;
use crate::state::AppState;
use crate::text;

/// One step of the flow, in page order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// 1 · the sales history.
    Data,
    /// 2 · the forecast of every item.
    Forecast,
    /// 3 · rough-cut capacity.
    Capacity,
    /// 4 · the aggregate plan.
    Plan,
    /// 5 · inventory and delivery promises.
    Inventory,
    /// 6 · the S&OP dashboard.
    Dashboard,
}

impl Step {
    /// Every step, in page order.
    pub const ALL: [Self; 6] = [
        Self::Data,
        Self::Forecast,
        Self::Capacity,
        Self::Plan,
        Self::Inventory,
        Self::Dashboard,
    ];

    /// `data`, `forecast`, … (the section is `step-<name>`, as `?step=` names it).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Data => "data",
            Self::Forecast => "forecast",
            Self::Capacity => "capacity",
            Self::Plan => "plan",
            Self::Inventory => "inventory",
            Self::Dashboard => "dashboard",
        }
    }

    /// The id of the step's section.
    #[must_use]
    pub fn section_id(self) -> String {
        format!("step-{}", self.name())
    }

    /// What the step bar calls it.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Data => text::flow::STEP_DATA,
            Self::Forecast => text::flow::STEP_FORECAST,
            Self::Capacity => text::flow::STEP_CAPACITY,
            Self::Plan => text::flow::STEP_PLAN,
            Self::Inventory => text::flow::STEP_INVENTORY,
            Self::Dashboard => text::flow::STEP_DASHBOARD,
        }
    }

    /// The step named `name` (`?step=plan`).
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.name() == name)
    }
}

/// Where a step stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// It has its result.
    Done,
    /// A worker is at it.
    Working,
    /// It has a result the planner should look at, or a problem to fix.
    Attention,
    /// It needs an earlier step first.
    Waiting,
}

impl Mark {
    /// The CSS class.
    #[must_use]
    pub fn class(self) -> &'static str {
        match self {
            Self::Done => "done",
            Self::Working => "working",
            Self::Attention => "attention",
            Self::Waiting => "waiting",
        }
    }

    /// The mark in words (read by screen readers, shown beside the icon).
    #[must_use]
    pub fn words(self) -> &'static str {
        match self {
            Self::Done => text::flow::MARK_DONE,
            Self::Working => text::flow::MARK_WORKING,
            Self::Attention => text::flow::MARK_ATTENTION,
            Self::Waiting => text::flow::MARK_WAITING,
        }
    }

    /// The icon.
    #[must_use]
    pub fn icon(self) -> &'static str {
        match self {
            Self::Done => "✓",
            Self::Working => "↻",
            Self::Attention => "!",
            Self::Waiting => "○",
        }
    }
}

/// A step's status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepStatus {
    /// The step.
    pub step: Step,
    /// Where it stands.
    pub mark: Mark,
    /// What it has, in a few words.
    pub text: String,
}

fn status(step: Step, mark: Mark, text: impl Into<String>) -> StepStatus {
    StepStatus {
        step,
        mark,
        text: text.into(),
    }
}

/// Step 1: "12 items, monthly", "reading…", "not loaded".
#[must_use]
pub fn data_status(state: &AppState) -> StepStatus {
    let s = |mark, text: String| status(Step::Data, mark, text);
    if state.loading.is_some() {
        return s(Mark::Working, text::flow::READING.into());
    }
    match (state.view.as_deref().map(|v| &v.import), &state.load_error) {
        (Some(Ok(d)), _) => s(
            Mark::Done,
            text::flow::items_of(d.dataset.items.len(), d.dataset.granularity.adjective()),
        ),
        (Some(Err(_)), _) => s(Mark::Attention, text::flow::TABLE_PROBLEM.into()),
        (None, Some(_)) => s(Mark::Attention, text::flow::UNREADABLE.into()),
        (None, None) => s(Mark::Waiting, text::flow::NOT_LOADED.into()),
    }
}

/// Step 2: "forecasting 40 of 120…", "12 of 12 forecast", "waiting for data".
#[must_use]
pub fn forecast_status(state: &AppState) -> StepStatus {
    let s = |mark, text: String| status(Step::Forecast, mark, text);
    let p = state.progress;
    if state.dataset().is_none() || p.total == 0 {
        return s(Mark::Waiting, text::flow::WAITING_FOR_DATA.into());
    }
    if p.running() {
        return s(Mark::Working, text::flow::forecasting(p.done, p.total));
    }
    if p.cancelled {
        return s(Mark::Attention, text::flow::stopped(p.done, p.total));
    }
    let failed = state
        .forecasts
        .iter()
        .filter(|f| matches!(f, Some(Err(_))))
        .count();
    let forecast = text::flow::forecast(p.done - failed.min(p.done), p.total);
    if failed == 0 {
        s(Mark::Done, forecast)
    } else {
        s(Mark::Attention, text::flow::without(&forecast, failed))
    }
}

/// Step 3: "bottleneck Press, 118 % in Mar", "fits", "table problem".
#[must_use]
pub fn capacity_status(report: &CapacityReport) -> StepStatus {
    let s = |mark, text: String| status(Step::Capacity, mark, text);
    let rough = match (&report.rough, &report.supply) {
        (Err(_), _) | (_, Some(Err(_))) => {
            return s(Mark::Attention, text::flow::TABLE_PROBLEM.into())
        }
        (Ok(rough), _) => rough,
    };
    let Some(b) = rough
        .bottleneck
        .as_ref()
        .filter(|b| b.overloaded_hours > 0.0)
    else {
        return s(Mark::Done, text::flow::FITS.into());
    };
    // The period of the peak the engine reports.
    let peak = rough.resources.get(b.index).and_then(|r| {
        let at = r.cells.iter().position(|c| {
            c.utilization_pct.is_some() && c.utilization_pct == b.peak_utilization_pct
        })?;
        rough.periods.get(at)
    });
    let text = match (b.peak_utilization_pct, peak) {
        (Some(pct), Some(period)) => {
            text::flow::bottleneck_at(&b.resource, &quantity(pct.round()), period)
        }
        _ => text::flow::bottleneck(&b.resource),
    };
    s(Mark::Attention, text)
}

/// Step 4, from the cost-optimal strategy: "optimal: 4,146,580.50", "solving…",
/// "infeasible".
#[must_use]
pub fn plan_status(plan: &PlanState) -> StepStatus {
    let s = |mark, text: String| status(Step::Plan, mark, text);
    let at = Strategy::ALL.iter().position(|s| *s == Strategy::Optimal);
    let Some(plans) = plan.plans.as_deref() else {
        if plan.stopped {
            return s(Mark::Attention, text::flow::STOPPED.into());
        }
        return s(Mark::Working, text::flow::SOLVING.into());
    };
    match at.and_then(|i| plans.get(i)) {
        Some(Ok(p)) if p.status.has_plan() => s(
            Mark::Done,
            format!("{}: {}", p.status.name(), money(p.total_cost)),
        ),
        Some(Ok(p)) => s(Mark::Attention, p.status.name().to_string()),
        Some(Err(_)) | None => s(Mark::Attention, text::flow::PLAN_PROBLEM.into()),
    }
}

/// Step 5: "2 stockouts, 1 order late" (a stockout is a period some item is flagged
/// short in), "no stockouts", "waiting for the plan".
#[must_use]
pub fn inventory_status(outlook: &Outlook, plan_solving: bool) -> StepStatus {
    let s = |mark, text: String| status(Step::Inventory, mark, text);
    if outlook.policy.is_err() {
        return s(Mark::Attention, text::flow::POLICY_PROBLEM.into());
    }
    let Ok(projection) = &outlook.projection else {
        return if plan_solving {
            s(Mark::Waiting, text::flow::WAITING_FOR_PLAN.into())
        } else {
            s(Mark::Attention, text::flow::NOTHING_TO_PROJECT.into())
        };
    };
    let stockouts = projection
        .items
        .iter()
        .flat_map(|i| &i.flags)
        .filter(|f| f.stockout)
        .count();
    let mut parts = vec![text::flow::stockouts(stockouts)];
    let mut mark = if stockouts > 0 {
        Mark::Attention
    } else {
        Mark::Done
    };
    match &outlook.promises {
        Some(Ok(p)) => {
            if p.late > 0 {
                parts.push(text::flow::orders_late(p.late));
            }
            if p.short > 0 {
                parts.push(text::flow::orders_short(p.short));
            }
            if p.late + p.short > 0 {
                mark = Mark::Attention;
            } else if !p.orders.is_empty() {
                parts.push(text::flow::ORDERS_ON_TIME.into());
            }
        }
        Some(Err(_)) => {
            parts.push(text::flow::ORDERS_PROBLEM.into());
            mark = Mark::Attention;
        }
        None => {}
    }
    if !outlook.order_problems.is_empty() && !parts.iter().any(|p| p == text::flow::ORDERS_PROBLEM)
    {
        parts.push(text::flow::ORDERS_PROBLEM.into());
        mark = Mark::Attention;
    }
    s(mark, parts.join(", "))
}

/// Step 6: "3 red, 2 amber", "all green", "waiting for the plan".
#[must_use]
pub fn dashboard_status(board: &Result<Dashboard, String>, plan_solving: bool) -> StepStatus {
    let s = |mark, text: String| status(Step::Dashboard, mark, text);
    let Ok(d) = board else {
        return if plan_solving {
            s(Mark::Waiting, text::flow::WAITING_FOR_PLAN.into())
        } else {
            s(Mark::Attention, text::flow::NO_KPIS.into())
        };
    };
    let lights = |l: Light| d.report.kpis.iter().filter(|k| k.light == Some(l)).count();
    let (red, amber) = (lights(Light::Red), lights(Light::Amber));
    match (red, amber) {
        (0, 0) if lights(Light::Green) > 0 => s(Mark::Done, text::flow::ALL_GREEN.into()),
        (0, 0) => s(Mark::Done, text::flow::NO_LIGHTS.into()),
        (r, a) => s(Mark::Attention, text::flow::lights(r, a)),
    }
}

/// Every step's status, in page order. `report`, `outlook` and `board` are what the
/// page computed from the same state (sections 3, 5 and 6).
#[must_use]
pub fn statuses(
    state: &AppState,
    report: &CapacityReport,
    outlook: &Outlook,
    board: &Result<Dashboard, String>,
) -> Vec<StepStatus> {
    let plan = plan_status(&state.plan);
    let solving = plan.mark == Mark::Working;
    vec![
        data_status(state),
        forecast_status(state),
        capacity_status(report),
        plan,
        inventory_status(outlook, solving),
        dashboard_status(board, solving),
    ]
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use super::*;
    use crate::capacity_state::{CapacityState, Table};
    use crate::dashboard_state::dashboard;
    use crate::inventory_state::tests::solve;
    use crate::inventory_state::{InventoryAction, Sources};
    use crate::plan_state::PlanAction;
    use crate::session::{ImportRequest, ImportSession};
    use crate::state::tests::forecast_all;
    use crate::state::Action;
    use attune_engine::calendar::Period;
    use attune_engine::forecast::consensus::Change;
    use attune_engine::forecast::MethodChoice;
    use yew::Reducible;

    /// Two families of monthly history, two years.
    fn sample() -> String {
        let mut text = String::from("Month\tItem\tFamily\tUnits\n");
        for (item, family, base) in [("P-1", "Pumps", 100.0), ("V-1", "Valves", 40.0)] {
            for m in 0..24 {
                let (y, mo) = (2023 + m / 12, m % 12 + 1);
                let v = base + f64::from(m % 12) * 3.0;
                text.push_str(&format!("{y}-{mo:02}\t{item}\t{family}\t{v}\n"));
            }
        }
        text
    }

    fn loaded() -> Rc<AppState> {
        let state = Rc::new(AppState::default());
        let mut session = ImportSession::default();
        let state = state.reduce(Action::ImportStarted {
            ticket: 1,
            label: "Reading".into(),
            text: None,
        });
        state.reduce(Action::ImportAnswered {
            ticket: 1,
            answer: Box::new(session.handle(ImportRequest::Paste {
                text: sample(),
                today: None,
            })),
        })
    }

    fn all(state: &AppState) -> Vec<StepStatus> {
        let sources = Sources::from_app(state);
        let outlook = state.inventory.outlook(&sources);
        let board = dashboard(&sources, &outlook);
        statuses(state, &state.capacity.report(), &outlook, &board)
    }

    fn words(state: &AppState) -> Vec<(Mark, String)> {
        all(state).into_iter().map(|s| (s.mark, s.text)).collect()
    }

    #[test]
    fn steps_are_named_as_their_sections() {
        assert_eq!(Step::ALL.map(Step::section_id)[5], "step-dashboard");
        assert_eq!(Step::from_name("plan"), Some(Step::Plan));
        assert_eq!(Step::from_name("nope"), None);
        for s in Step::ALL {
            assert_eq!(Step::from_name(s.name()), Some(s));
        }
        for m in [Mark::Done, Mark::Working, Mark::Attention, Mark::Waiting] {
            assert!(!m.words().is_empty() && !m.icon().is_empty());
        }
    }

    #[test]
    fn a_fresh_workspace_waits_for_data_and_the_planner() {
        let w = words(&AppState::default());
        assert_eq!(w[0], (Mark::Waiting, "not loaded".into()));
        assert_eq!(w[1], (Mark::Waiting, "waiting for data".into()));
        // The capacity example overloads the press.
        assert_eq!(w[2].0, Mark::Attention);
        assert!(w[2].1.starts_with("bottleneck Press, "), "{}", w[2].1);
        assert!(w[2].1.contains(" % in "), "{}", w[2].1);
        assert_eq!(w[3], (Mark::Working, "solving…".into()));
        assert_eq!(w[4], (Mark::Waiting, "waiting for the plan".into()));
        assert_eq!(w[5], (Mark::Waiting, "waiting for the plan".into()));
    }

    #[test]
    fn loading_forecasting_and_solving_read_in_words() {
        let state = loaded();
        let w = words(&state);
        assert_eq!(w[0], (Mark::Done, "2 items, monthly".into()));
        assert_eq!(w[1], (Mark::Working, "forecasting 0 of 2…".into()));
        let state = forecast_all(state);
        assert_eq!(words(&state)[1], (Mark::Done, "2 of 2 forecast".into()));
        let solved = solve((*state).clone());
        let w = words(&solved);
        assert_eq!(w[3], (Mark::Done, "optimal: 4,146,580.50".into()));
        assert_ne!(w[4].0, Mark::Waiting, "{:?}", w[4]);
        assert!(
            w[4].1.contains("stockout"),
            "inventory reads in words: {:?}",
            w[4]
        );
        assert!(
            w[5].1.contains("red")
                || w[5].1.contains("amber")
                || w[5].1.contains("green")
                || w[5].1 == "no lights yet",
            "{:?}",
            w[5]
        );
        // A cancelled run says where it stopped.
        let stopped = loaded().reduce(Action::Cancel);
        assert_eq!(
            words(&stopped)[1],
            (Mark::Attention, "stopped at 0 of 2".into())
        );
    }

    #[test]
    fn problems_need_attention() {
        let state = Rc::new(AppState::default()).reduce(Action::CapacityTable(
            Table::Bill,
            "Family\tPress\nA\tx\n".into(),
        ));
        assert_eq!(words(&state)[2], (Mark::Attention, "table problem".into()));
        let state = Rc::new(AppState::default()).reduce(Action::LoadFailed("no".into()));
        assert_eq!(
            words(&state)[0],
            (Mark::Attention, "could not be read".into())
        );
        let mut plan = PlanState::default();
        plan = plan.apply(PlanAction::Solved {
            ticket: plan.ticket,
            replies: vec![Err("x".into()); 3],
        });
        assert_eq!(
            plan_status(&plan),
            status(Step::Plan, Mark::Attention, "plan problem")
        );
        let fits = CapacityState::default().with_table(
            Table::Resources,
            "Resource\tType\tJan\tFeb\tMar\nPress\tRegular\t9000\t9000\t9000\nPaint\tRegular\t9000\t9000\t9000\n".into(),
        );
        assert_eq!(
            capacity_status(&fits.report()),
            status(Step::Capacity, Mark::Done, "fits")
        );
    }

    #[test]
    fn editing_capacity_does_not_forecast_or_solve_again() {
        let state = forecast_all(loaded());
        let (generation, ticket, forecasts) =
            (state.generation, state.plan.ticket, state.forecasts.clone());
        let edited = state.clone().reduce(Action::CapacityTable(
            Table::Demand,
            "Family\tJan\tFeb\tMar\nA\t1\t1\t1\n".into(),
        ));
        assert_eq!(edited.generation, generation, "forecasting not restarted");
        assert_eq!(edited.plan.ticket, ticket, "plan not solved again");
        assert!(Rc::ptr_eq(&edited.forecasts, &forecasts), "forecasts kept");
        assert!(!Rc::ptr_eq(&edited.capacity, &state.capacity));
        let ruled = edited.reduce(Action::CapacityRule(
            attune_engine::plan::capacity::AllocationRule::Priority,
        ));
        assert_eq!((ruled.generation, ruled.plan.ticket), (generation, ticket));
        // Section 5's inputs recompute sections 5 and 6 only.
        let policy = ruled
            .clone()
            .reduce(Action::Inventory(InventoryAction::Orders(
                "Order\tItem\tQuantity\tPeriod\n".into(),
            )));
        assert_eq!(
            (policy.generation, policy.plan.ticket),
            (generation, ticket)
        );
        assert!(Rc::ptr_eq(&policy.capacity, &ruled.capacity));
        // Undo puts the edit back and solves the plan again; the forecasts stay.
        let undone = policy.reduce(Action::Undo);
        assert_eq!(undone.generation, generation);
        assert_eq!(undone.plan.ticket, ticket + 1);
        assert!(Rc::ptr_eq(&undone.forecasts, &forecasts));
    }

    #[test]
    fn an_override_solves_again_only_when_the_plan_takes_the_forecast() {
        let state = forecast_all(loaded());
        let (generation, ticket) = (state.generation, state.plan.ticket);
        let period = Period::month(2025, 1);
        let overridden = state.clone().reduce(Action::SetOverride {
            item: "P-1".into(),
            period,
            change: Some(Change::Set(500.0)),
        });
        assert_eq!(overridden.generation, generation, "not forecast again");
        assert_eq!(overridden.plan.ticket, ticket, "the plan keeps its demand");
        assert!(Rc::ptr_eq(&overridden.plan, &state.plan));
        // Taking the forecast into the plan solves it again, with the override in it.
        let taken = overridden.reduce(Action::PlanFromForecast);
        assert_eq!(taken.plan.ticket, ticket + 1);
        assert_eq!(taken.generation, generation);
        let again = taken.clone().reduce(Action::SetOverride {
            item: "P-1".into(),
            period,
            change: Some(Change::Set(900.0)),
        });
        assert_eq!(again.plan.ticket, taken.plan.ticket, "a copy, not a link");
        // Forecast options forecast again, and leave the plan alone.
        let options = again.clone().reduce(Action::SetForecastOptions {
            horizon: Some(6),
            season_length: None,
            method: MethodChoice::Auto,
        });
        assert_eq!(options.generation, generation + 1);
        assert_eq!(options.plan.ticket, again.plan.ticket);
    }
}
