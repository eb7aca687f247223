//! The workshop walkthrough's script: what each stop says, in words interleaved with the
//! workspace's live figures (each figure carries a test id so a journey can read it).
//! It lives with the page's other words so that a wording change or a translation of
//! the walkthrough happens under `src/text/` too; the arithmetic behind its figures is
//! the engine's ([`attune_engine::explain`]).

use crate::components::dashboard::kpi_value;
use crate::dashboard_state::Outlooks;
use crate::flow::{dashboard_status, inventory_status, plan_status, Mark};
use crate::format::{money, quantity};
use crate::state::AppState;
use crate::workshop::Stop;
use attune_engine::calendar::Granularity;
use attune_engine::explain::{compare_plans, method_mix, GroupGap, Rival};
use attune_engine::forecast::BacktestSummary;
use attune_engine::kpi::{pct, ForecastFigures, KpiKey};
use attune_engine::plan::aggregate::{AggregatePlan, Status, Strategy};

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
