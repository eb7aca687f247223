//! The aggregate plan: the plan's inputs as a form, the three strategies side by side
//! with the cost of every term, and the chosen strategy's plan as a table and a stacked
//! chart. Everything shown is the engine's (checked input, plans, costs).

use std::rc::Rc;

use attune_engine::plan::aggregate::{AggregatePlan, PeriodPlan, Status, Strategy};
use web_sys::{HtmlInputElement, MouseEvent};

use super::chart::axes;
use super::field::Field as TextField;
use yew::prelude::*;

use crate::chart::stacked_chart;
use crate::format::{money, quantity};
use crate::locale::field_text;
use crate::plan_state::{hours_of, Field, PlanEdit, PlanState, COST_LABELS};
use crate::text;

/// Props of [`PlanPanel`].
#[derive(Properties, PartialEq, Debug)]
pub struct PlanPanelProps {
    /// The plan and its results.
    pub plan: Rc<PlanState>,
    /// Whether a consensus forecast exists to take demand from.
    pub has_forecast: bool,
    /// The planner changed the plan.
    pub on_edit: Callback<PlanEdit>,
    /// "Use the consensus forecast" was pressed.
    pub on_use_forecast: Callback<()>,
    /// A strategy was picked to be shown period by period.
    pub on_show: Callback<Strategy>,
    /// Stop the solve under way (`true`) or solve again after a stop (`false`).
    #[prop_or_default]
    pub on_stop: Callback<bool>,
}

fn strategy_label(s: Strategy) -> &'static str {
    match s {
        Strategy::Level => text::plan::LEVEL,
        Strategy::Chase => text::plan::CHASE,
        Strategy::Optimal => text::plan::OPTIMAL,
    }
}

fn status_words(s: Status) -> &'static str {
    match s {
        Status::Optimal => text::plan::STATUS_OPTIMAL,
        Status::Feasible => text::plan::STATUS_FEASIBLE,
        Status::Infeasible => text::plan::STATUS_INFEASIBLE,
        Status::Unbounded => text::plan::STATUS_UNBOUNDED,
    }
}

/// A number field that reports what was typed when the planner leaves it.
fn number_input(testid: String, label: String, value: Option<f64>, on: Callback<String>) -> Html {
    html! {
        <TextField testid={testid} label={label} value={value.map(field_text).unwrap_or_default()}
            placeholder={text::plan::NO_LIMIT} on_commit={on} />
    }
}

/// The aggregate plan section.
#[component]
pub fn PlanPanel(props: &PlanPanelProps) -> Html {
    let input = &props.plan.input;
    let problems = input.check().err().unwrap_or_default();
    let edit = |make: Rc<dyn Fn(String) -> PlanEdit>| {
        let on = props.on_edit.clone();
        Callback::from(move |text: String| on.emit(make(text)))
    };
    let periods = input.periods.iter().enumerate().map(|(i, p)| {
        html! {
            <tr>
                <th scope="row">{ p }</th>
                <td>{ number_input(format!("plan-demand-{i}"), text::plan::demand_in(p), input.demand.get(i).copied(),
                    edit(Rc::new(move |t| PlanEdit::Demand(i, t)))) }</td>
                <td>{ number_input(format!("plan-hours-{i}"), text::plan::hours_in(p), hours_of(input, i),
                    edit(Rc::new(move |t| PlanEdit::Hours(i, t)))) }</td>
            </tr>
        }
    });
    let fields = Field::FORM.into_iter().chain((0..COST_LABELS.len()).map(Field::Cost)).map(|f| {
        html! {
            <label class="option">{ f.label() }
                { number_input(format!("plan-field-{}", f.path().trim_start_matches("aggregate_plan.")), f.label().to_string(),
                    f.get(input), edit(Rc::new(move |t| PlanEdit::Field(f, t)))) }
            </label>
        }
    });
    let on_integer = {
        let on = props.on_edit.clone();
        Callback::from(move |e: Event| {
            on.emit(PlanEdit::Integer(
                e.target_unchecked_into::<HtmlInputElement>().checked(),
            ))
        })
    };
    let on_example = {
        let on = props.on_edit.clone();
        Callback::from(move |_: MouseEvent| on.emit(PlanEdit::Example))
    };
    let on_forecast = {
        let on = props.on_use_forecast.clone();
        Callback::from(move |_: MouseEvent| on.emit(()))
    };
    html! {
        <div class="plan" data-testid="plan">
            <p class="muted">{ text::plan::DEMAND_MEETS_WORKFORCE_OVERTIME }</p>
            <div class="actions">
                <button type="button" data-testid="plan-use-forecast" disabled={!props.has_forecast} onclick={on_forecast}>{ text::plan::USE_CONSENSUS_FORECAST_DEMAND }</button>
                <button type="button" data-testid="plan-example" onclick={on_example}>{ text::plan::BACK_EXAMPLE_NORTHWIND_PUMPS }</button>
                <label class="option check">
                    <input type="checkbox" data-testid="plan-integer" checked={input.integer} onchange={on_integer} />
                    { text::plan::WHOLE_WORKERS_UNITS }
                </label>
            </div>
            if let Some(e) = &props.plan.edit_error {
                <p class="status error" role="alert" data-testid="plan-edit-error">{ e }</p>
            }
            if !problems.is_empty() {
                <ul class="problems" role="alert" data-testid="plan-problems">
                    { for problems.iter().map(|p| html! { <li>{ p.to_string() }</li> }) }
                </ul>
            }
            <div class="plan-inputs">
                <div class="table-wrap">
                    <table class="results plan-periods" data-testid="plan-periods">
                        <thead><tr><th scope="col">{ text::plan::PERIOD }</th><th scope="col">{ text::plan::DEMAND }</th><th scope="col">{ text::plan::HOURS_PER_WORKER }</th></tr></thead>
                        <tbody>{ for periods }</tbody>
                    </table>
                </div>
                <div class="options plan-fields">{ for fields }</div>
            </div>
            { comparison(&props.plan, &props.on_show, &props.on_stop) }
            { detail(&props.plan) }
        </div>
    }
}

/// The three strategies side by side: status, cost of every term, total.
fn comparison(plan: &PlanState, on_show: &Callback<Strategy>, on_stop: &Callback<bool>) -> Html {
    let Some(plans) = plan.plans.as_deref() else {
        if plan.stopped {
            return html! {
                <p class="status" data-testid="plan-stopped">
                    { text::plan::STOPPED }{ " " }
                    <button type="button" data-testid="plan-solve-again" onclick={on_stop.reform(|_: MouseEvent| false)}>{ text::plan::SOLVE_AGAIN }</button>
                </p>
            };
        }
        return html! {
            <div class="progress" data-testid="plan-progress">
                // The solver reports nothing until it is done: the bar shows work under way.
                <progress aria-label={text::plan::PLANNING} />
                <span class="status" data-testid="plan-status" aria-live="polite">{ text::plan::PLANNING }</span>
                <span class="muted">{ text::plan::planning_limit(crate::worker::PLAN_TIME_LIMIT_SECONDS) }</span>
                <button type="button" data-testid="plan-stop" title={text::plan::STOP_TITLE} onclick={on_stop.reform(|_: MouseEvent| true)}>{ text::plan::STOP }</button>
            </div>
        };
    };
    let terms = text::plan::COST_TERMS;
    let cell = |r: &Result<AggregatePlan, String>, f: &dyn Fn(&AggregatePlan) -> String| match r {
        Ok(p) if p.status.has_plan() => f(p),
        _ => "–".to_string(),
    };
    let header = Strategy::ALL.iter().map(|s| {
        let on = on_show.clone();
        let s = *s;
        let onclick = Callback::from(move |_: MouseEvent| on.emit(s));
        html! {
            <th scope="col">
                <button type="button" class={classes!("link", (plan.shown == s).then_some("selected"))}
                    data-testid={format!("show-{}", s.name())} aria-pressed={(plan.shown == s).to_string()} {onclick}>
                    { strategy_label(s) }
                </button>
            </th>
        }
    });
    let status = plans.iter().zip(Strategy::ALL).map(|(r, s)| {
        let text = match r {
            Ok(p) => status_words(p.status).to_string(),
            Err(e) => e.clone(),
        };
        html! { <td data-testid={format!("status-{}", s.name())}>{ text }</td> }
    });
    let rows = terms.iter().enumerate().map(|(k, term)| {
        html! {
            <tr>
                <th scope="row">{ *term }</th>
                { for plans.iter().zip(Strategy::ALL).map(|(r, s)| html! {
                    <td data-testid={format!("cost-{}-{k}", s.name())}>{ cell(r, &|p| money(p.costs.named()[k].1)) }</td>
                }) }
            </tr>
        }
    });
    let totals = plans.iter().zip(Strategy::ALL).map(|(r, s)| {
        html! { <td data-testid={format!("total-{}", s.name())}><strong>{ cell(r, &|p| money(p.total_cost)) }</strong></td> }
    });
    let reasons = plans.iter().filter_map(|r| r.as_ref().ok()).filter_map(|p| {
        p.reason.as_ref().map(|why| html! { <li data-testid={format!("reason-{}", p.strategy.name())}>{ text::plan::reason(strategy_label(p.strategy), why) }</li> })
    });
    html! {
        <>
            <h3>{ text::plan::THREE_STRATEGIES_SIDE_SIDE }</h3>
            <div class="table-wrap">
                <table class="results strategies" data-testid="strategies">
                    <thead><tr><th scope="col">{ text::plan::COST }</th>{ for header }</tr></thead>
                    <tbody>
                        <tr><th scope="row">{ text::plan::STATUS }</th>{ for status }</tr>
                        { for rows }
                        <tr class="total"><th scope="row">{ text::plan::TOTAL_COST }</th>{ for totals }</tr>
                    </tbody>
                </table>
            </div>
            <ul class="notes">{ for reasons }</ul>
        </>
    }
}

const CHART: (f64, f64) = (720.0, 240.0);

/// The shown strategy's plan: notes, a stacked chart and the table per period.
fn detail(plan: &PlanState) -> Html {
    let Some(Ok(p)) = plan.shown_plan() else {
        return Html::default();
    };
    if !p.status.has_plan() {
        return Html::default();
    }
    let rows = &p.periods;
    let col = |f: fn(&PeriodPlan) -> f64| rows.iter().map(f).collect::<Vec<f64>>();
    let (regular, overtime, sub) = (
        col(|r| r.regular_units),
        col(|r| r.overtime_units),
        col(|r| r.subcontract),
    );
    let (demand, net) = (col(|r| r.demand), col(|r| r.inventory - r.backlog));
    let chart = stacked_chart(&[&regular, &overtime, &sub], &[&demand, &net], CHART);
    let (w, h) = chart.size;
    let kinds = ["regular", "overtime", "subcontract"];
    let body = rows.iter().map(|r| {
        html! {
            <tr data-testid={format!("plan-row-{}", r.period)}>
                <th scope="row">{ &r.period }</th>
                <td>{ quantity(r.demand) }</td>
                <td>{ quantity(r.workforce) }</td>
                <td>{ quantity(r.hired) }</td>
                <td>{ quantity(r.laid_off) }</td>
                <td>{ quantity(r.overtime_hours) }</td>
                <td>{ quantity(r.production) }</td>
                <td>{ quantity(r.subcontract) }</td>
                <td>{ quantity(r.inventory) }</td>
                <td>{ quantity(r.backlog) }</td>
                <td>{ money(r.total_cost) }</td>
            </tr>
        }
    });
    html! {
        <div class="plan-detail" data-testid="plan-detail">
            <h3>{ text::plan::detail_heading(strategy_label(p.strategy)) }</h3>
            <ul class="notes" data-testid="plan-notes">{ for p.notes.iter().map(|n| html! { <li>{ n }</li> }) }</ul>
            <figure class="chart">
                <svg data-testid="plan-chart" viewBox={format!("0 0 {w} {h}")} role="img" aria-label={text::plan::SUPPLY_SOURCE_AGAINST_DEMAND}>
                    { axes(&chart.y_ticks, &chart.x_labels, chart.size, &|i| rows.get(i).map(|r| r.period.clone()).unwrap_or_default()) }
                    { for chart.bars.iter().map(|b| html! {
                        <rect class={classes!("bar", kinds[b.stack.min(2)])} x={b.x.to_string()} y={b.y.to_string()} width={b.w.to_string()} height={b.h.to_string()} />
                    }) }
                    <path class="demand-line" data-testid="plan-demand-line" d={chart.lines.first().cloned().unwrap_or_default()} />
                    <path class="inventory-line" data-testid="plan-inventory-line" d={chart.lines.get(1).cloned().unwrap_or_default()} />
                </svg>
                <figcaption>
                    <span class="key regular">{ text::plan::REGULAR_TIME }</span>
                    <span class="key overtime">{ text::plan::OVERTIME }</span>
                    <span class="key subcontract">{ text::plan::SUBCONTRACTED }</span>
                    <span class="key demand">{ text::plan::DEMAND }</span>
                    <span class="key inventory">{ text::plan::INVENTORY_BELOW_ZERO_BACKLOG }</span>
                    <crate::components::chart_export::ChartExport />
                </figcaption>
            </figure>
            <div class="table-wrap">
                <table class="results" data-testid="plan-table">
                    <thead><tr>
                        <th scope="col">{ text::plan::PERIOD }</th><th scope="col">{ text::plan::DEMAND }</th><th scope="col">{ text::plan::WORKERS }</th>
                        <th scope="col">{ text::plan::HIRED }</th><th scope="col">{ text::plan::LAID_OFF }</th><th scope="col">{ text::plan::OVERTIME_HOURS }</th>
                        <th scope="col">{ text::plan::MADE }</th><th scope="col">{ text::plan::SUBCONTRACTED }</th><th scope="col">{ text::plan::INVENTORY }</th>
                        <th scope="col">{ text::plan::BACKLOG }</th><th scope="col">{ text::plan::COST }</th>
                    </tr></thead>
                    <tbody>{ for body }</tbody>
                </table>
            </div>
        </div>
    }
}
