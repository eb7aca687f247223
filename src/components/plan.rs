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
use crate::plan_state::{hours_of, Field, PlanEdit, PlanState, COST_LABELS};

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
}

fn strategy_label(s: Strategy) -> &'static str {
    match s {
        Strategy::Level => "Level",
        Strategy::Chase => "Chase",
        Strategy::Optimal => "Cost-optimal",
    }
}

fn status_words(s: Status) -> &'static str {
    match s {
        Status::Optimal => "optimal (proven least cost)",
        Status::Feasible => "feasible",
        Status::Infeasible => "cannot be met",
        Status::Unbounded => "unbounded",
    }
}

/// A number field that reports what was typed when the planner leaves it.
fn number_input(testid: String, label: String, value: Option<f64>, on: Callback<String>) -> Html {
    html! {
        <TextField testid={testid} label={label} value={value.map(|v| v.to_string()).unwrap_or_default()}
            placeholder="no limit" on_commit={on} />
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
                <td>{ number_input(format!("plan-demand-{i}"), format!("Demand in {p}"), input.demand.get(i).copied(),
                    edit(Rc::new(move |t| PlanEdit::Demand(i, t)))) }</td>
                <td>{ number_input(format!("plan-hours-{i}"), format!("Hours per worker in {p}"), hours_of(input, i),
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
            <p class="muted">{ "Demand meets workforce, overtime, subcontracting and inventory. Level keeps one workforce all year, chase follows demand, cost-optimal finds the least total cost of all terms." }</p>
            <div class="actions">
                <button type="button" data-testid="plan-use-forecast" disabled={!props.has_forecast} onclick={on_forecast}>{ "Use the consensus forecast as demand" }</button>
                <button type="button" data-testid="plan-example" onclick={on_example}>{ "Back to the example (Northwind Pumps)" }</button>
                <label class="option check">
                    <input type="checkbox" data-testid="plan-integer" checked={input.integer} onchange={on_integer} />
                    { " Whole workers and units" }
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
                        <thead><tr><th scope="col">{ "Period" }</th><th scope="col">{ "Demand" }</th><th scope="col">{ "Hours per worker" }</th></tr></thead>
                        <tbody>{ for periods }</tbody>
                    </table>
                </div>
                <div class="options plan-fields">{ for fields }</div>
            </div>
            { comparison(&props.plan, &props.on_show) }
            { detail(&props.plan) }
        </div>
    }
}

/// The three strategies side by side: status, cost of every term, total.
fn comparison(plan: &PlanState, on_show: &Callback<Strategy>) -> Html {
    let Some(plans) = plan.plans.as_deref() else {
        return html! { <p class="status" data-testid="plan-status" aria-live="polite">{ "Planning…" }</p> };
    };
    let terms = [
        "Regular time",
        "Overtime",
        "Hiring",
        "Layoffs",
        "Holding",
        "Backlog",
        "Material",
        "Subcontracting",
    ];
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
        p.reason.as_ref().map(|why| html! { <li data-testid={format!("reason-{}", p.strategy.name())}>{ format!("{}: {why}", strategy_label(p.strategy)) }</li> })
    });
    html! {
        <>
            <h3>{ "Three strategies, side by side" }</h3>
            <div class="table-wrap">
                <table class="results strategies" data-testid="strategies">
                    <thead><tr><th scope="col">{ "Cost" }</th>{ for header }</tr></thead>
                    <tbody>
                        <tr><th scope="row">{ "Status" }</th>{ for status }</tr>
                        { for rows }
                        <tr class="total"><th scope="row">{ "Total cost" }</th>{ for totals }</tr>
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
            <h3>{ format!("{} plan, period by period", strategy_label(p.strategy)) }</h3>
            <ul class="notes" data-testid="plan-notes">{ for p.notes.iter().map(|n| html! { <li>{ n }</li> }) }</ul>
            <figure class="chart">
                <svg data-testid="plan-chart" viewBox={format!("0 0 {w} {h}")} role="img" aria-label="Supply by source against demand, with the inventory line">
                    { axes(&chart.y_ticks, &chart.x_labels, chart.size, &|i| rows.get(i).map(|r| r.period.clone()).unwrap_or_default()) }
                    { for chart.bars.iter().map(|b| html! {
                        <rect class={classes!("bar", kinds[b.stack.min(2)])} x={b.x.to_string()} y={b.y.to_string()} width={b.w.to_string()} height={b.h.to_string()} />
                    }) }
                    <path class="demand-line" data-testid="plan-demand-line" d={chart.lines.first().cloned().unwrap_or_default()} />
                    <path class="inventory-line" data-testid="plan-inventory-line" d={chart.lines.get(1).cloned().unwrap_or_default()} />
                </svg>
                <figcaption>
                    <span class="key regular">{ "Regular time" }</span>
                    <span class="key overtime">{ "Overtime" }</span>
                    <span class="key subcontract">{ "Subcontracted" }</span>
                    <span class="key demand">{ "Demand" }</span>
                    <span class="key inventory">{ "Inventory (below zero: backlog)" }</span>
                    <crate::components::chart_export::ChartExport />
                </figcaption>
            </figure>
            <div class="table-wrap">
                <table class="results" data-testid="plan-table">
                    <thead><tr>
                        <th scope="col">{ "Period" }</th><th scope="col">{ "Demand" }</th><th scope="col">{ "Workers" }</th>
                        <th scope="col">{ "Hired" }</th><th scope="col">{ "Laid off" }</th><th scope="col">{ "Overtime hours" }</th>
                        <th scope="col">{ "Made" }</th><th scope="col">{ "Subcontracted" }</th><th scope="col">{ "Inventory" }</th>
                        <th scope="col">{ "Backlog" }</th><th scope="col">{ "Cost" }</th>
                    </tr></thead>
                    <tbody>{ for body }</tbody>
                </table>
            </div>
        </div>
    }
}
