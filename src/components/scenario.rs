//! Section 7, what if…: scenarios cloned from the base with levers as fields and
//! sliders, their KPIs beside the base's with each change signed and judged in words,
//! and a chart of the relative changes of one scenario. The numbers are the engine's:
//! the same functions compute the base's and every scenario's dashboard.

use std::rc::Rc;

use attune_engine::kpi::{pct, Unit};
use attune_engine::plan::capacity::{parse_demand, parse_resources};
use attune_engine::scenario::{compare, KpiDelta};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::field::Field;
use crate::capacity_state::CapacityState;
use crate::chart::delta_bars;
use crate::dashboard_state::dashboard;
use crate::format::money;
use crate::inventory_state::{Input, InventoryState, Source, Sources};
use crate::plan_state::PlanState;
use crate::scenario_state::{scenario_dashboard, Lever, ScenarioAction, ScenarioState};
use crate::session::ImportView;
use crate::state::ItemForecast;
use crate::text::scenario as words;

/// Props of [`ScenarioSection`].
#[derive(Properties, PartialEq, Debug)]
pub struct ScenarioSectionProps {
    /// The scenarios.
    pub scenarios: Rc<ScenarioState>,
    /// The base plan.
    pub plan: Rc<PlanState>,
    /// The base's section 5 inputs.
    pub inventory: Rc<InventoryState>,
    /// The base's section 3 tables.
    pub capacity: Rc<CapacityState>,
    /// Every item's forecast (for the backtests).
    pub forecasts: Rc<Vec<Option<ItemForecast>>>,
    /// The data as read.
    pub view: Option<Rc<ImportView>>,
    /// The planner changed something.
    pub on_action: Callback<ScenarioAction>,
}

/// Each scenario's comparison with the base, or why there is none.
type Compared = Vec<Result<Vec<KpiDelta>, String>>;

/// A change as the table shows it: `+0.6 pts`, `−12,000.00`, `±0`.
#[must_use]
pub fn signed(delta: f64, unit: Unit) -> String {
    let sign = if delta > 0.0 {
        "+"
    } else if delta < 0.0 {
        "−"
    } else {
        "±"
    };
    let size = match unit {
        Unit::Percent => format!("{} pts", pct(delta.abs()).trim_end_matches(" %")),
        Unit::Money => money(delta.abs()),
    };
    format!("{sign}{size}")
}

fn value_text(v: Option<f64>, unit: Unit) -> String {
    match (v, unit) {
        (None, _) => "–".to_string(),
        (Some(v), Unit::Percent) => pct(v),
        (Some(v), Unit::Money) => money(v),
    }
}

fn verdict(d: &KpiDelta) -> (&'static str, &'static str) {
    match (d.delta, d.better) {
        (None, _) => ("", "none"),
        (Some(_), Some(true)) => ("better", "better"),
        (Some(_), Some(false)) => ("worse", "worse"),
        (Some(_), None) => ("same", "same"),
    }
}

fn slug(d: &KpiDelta) -> String {
    format!("{:?}", d.key)
}

const ROW_H: f64 = 24.0;
const LABEL_W: f64 = 230.0;
const WIDTH: f64 = 640.0;

fn delta_chart(name: &str, deltas: &[KpiDelta]) -> Html {
    let values: Vec<Option<f64>> = deltas.iter().map(KpiDelta::relative_pct).collect();
    let chart = delta_bars(&values, WIDTH, ROW_H, LABEL_W);
    let (w, h) = chart.size;
    html! {
        <figure class="chart delta-chart">
            <svg data-testid="scn-delta-chart" viewBox={format!("0 0 {w} {h}")} role="img"
                aria-label={words::delta_chart(name)}>
                { for deltas.iter().zip(&values).zip(&chart.row_mid).map(|((d, v), y)| html! {
                    <text class="delta-label" x="0" y={y.to_string()} dominant-baseline="middle">
                        { format!("{} {}", d.name, v.map_or_else(|| "–".to_string(), |v| format!("{}{}", if v > 0.0 { "+" } else { "" }, pct(v)))) }
                    </text>
                }) }
                <line class="zero" x1={chart.zero_x.to_string()} x2={chart.zero_x.to_string()} y1="0" y2={h.to_string()} />
                { for chart.bars.iter().map(|b| {
                    let (word, class) = deltas.get(b.row).map_or(("", "none"), verdict);
                    html! {
                        <rect class={classes!("delta-bar", class)} data-testid="scn-delta-bar" x={b.x.to_string()} y={b.y.to_string()}
                            width={b.w.to_string()} height={b.h.to_string()}>
                            <title>{ word }</title>
                        </rect>
                    }
                }) }
            </svg>
            <figcaption>
                <span class="key better">{ words::BETTER_KEY }</span>
                <span class="key worse">{ words::WORSE_KEY }</span>
                <span class="muted">{ words::BARS_NOTE }</span>
                <crate::components::chart_export::ChartExport name={name.to_string()} />
            </figcaption>
        </figure>
    }
}

/// The section.
#[component]
pub fn ScenarioSection(props: &ScenarioSectionProps) -> Html {
    let deps = (
        props.scenarios.clone(),
        props.plan.clone(),
        props.inventory.clone(),
        props.capacity.clone(),
        props.forecasts.clone(),
        props.view.clone(),
    );
    let compared = use_memo(
        deps,
        |(scenarios, plan, inventory, capacity, forecasts, view)| -> Result<Compared, String> {
            if scenarios.list.is_empty() {
                return Ok(Vec::new());
            }
            let dataset = view.as_deref().and_then(|v| v.import.as_ref().ok());
            let sources = Sources::from_parts(plan, capacity, forecasts, dataset);
            let base = dashboard(&sources, &inventory.outlook(&sources))?;
            Ok(scenarios
                .list
                .iter()
                .map(|s| {
                    scenario_dashboard(s, plan, inventory, capacity, forecasts, dataset)
                        .map(|d| compare(&base.report, &d.report))
                })
                .collect())
        },
    );
    let families: Vec<String> = parse_demand(&props.capacity.demand)
        .map(|t| t.demand.into_iter().map(|f| f.family).collect())
        .unwrap_or_default();
    let resources: Vec<String> = parse_resources(&props.capacity.resources)
        .map(|t| t.resources.into_iter().map(|r| r.name).collect())
        .unwrap_or_default();
    let on = props.on_action.clone();
    let add = {
        let on = on.clone();
        Callback::from(move |_: MouseEvent| on.emit(ScenarioAction::Add))
    };
    let list = &props.scenarios.list;
    let base_service = props.inventory.input(Input::Service).to_string();
    let cards = list.iter().enumerate().map(|(i, s)| {
        let lever_field = |lever: Lever| {
            let commit = {
                let on = on.clone();
                Callback::from(move |text: String| on.emit(ScenarioAction::Set(i, lever, text)))
            };
            // An empty field is the base's value; the slider rests there.
            let slider = match lever {
                Lever::DemandPct => Some(("-50", "50", "1", "0".to_string())),
                Lever::ServiceLevel => Some(("50", "99.9", "0.1", base_service.clone())),
                _ => None,
            };
            let value = s.lever(lever).to_string();
            html! {
                <label class="option">{ lever.label() }
                    <span class="lever">
                        if let Some((min, max, step, rest)) = slider {
                            <input type="range" min={min} max={max} step={step} aria-label={format!("{} slider", lever.label())}
                                data-testid={format!("scn-{i}-{}-slider", lever.slug())}
                                value={if value.trim().is_empty() { rest } else { value.clone() }}
                                onchange={{ let commit = commit.clone(); Callback::from(move |e: Event| commit.emit(e.target_unchecked_into::<HtmlInputElement>().value())) }} />
                        }
                        <Field kind="number" testid={format!("scn-{i}-{}", lever.slug())} value={value.clone()}
                            placeholder={words::AS_THE_BASE} label={lever.label()} on_commit={commit} />
                    </span>
                </label>
            }
        };
        let problems = match compared.as_ref() {
            Ok(c) => match c.get(i) {
                Some(Err(e)) => Some(e.clone()),
                _ => None,
            },
            Err(_) => None,
        };
        let on_shift_resource = {
            let on = on.clone();
            Callback::from(move |e: Event| {
                let v = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
                on.emit(ScenarioAction::SetShiftResource(i, v));
            })
        };
        let chosen = s.shift_resource.trim();
        // A shift on one line cannot show in the one-product plan the KPIs follow.
        let unseen = props.inventory.source == Source::Aggregate
            && !chosen.is_empty()
            && !s.lever(Lever::ExtraShift).trim().is_empty();
        let missing = (!chosen.is_empty() && !resources.iter().any(|r| r.trim().eq_ignore_ascii_case(chosen)))
            .then(|| chosen.to_string());
        let rename = {
            let on = on.clone();
            Callback::from(move |text: String| on.emit(ScenarioAction::Rename(i, text)))
        };
        let remove = {
            let on = on.clone();
            Callback::from(move |_: MouseEvent| on.emit(ScenarioAction::Remove(i)))
        };
        html! {
            <fieldset class="scenario" data-testid={format!("scn-{i}")}>
                <legend>{ &s.name }</legend>
                <label class="option">{ words::NAME }
                    <Field testid={format!("scn-{i}-name")} value={s.name.clone()} label={words::SCENARIO_NAME} on_commit={rename} />
                </label>
                <div class="options">
                    { for Lever::ALL.iter().map(|l| lever_field(*l)) }
                    <label class="option">{ words::SHIFT_RUNS_ON }
                        <select data-testid={format!("scn-{i}-shift-resource")} onchange={on_shift_resource}>
                            <option value="" selected={chosen.is_empty()}>{ words::EVERY_RESOURCE }</option>
                            { for resources.iter().chain(missing.iter()).map(|r| html! {
                                <option value={r.clone()} selected={!chosen.is_empty() && r.trim().eq_ignore_ascii_case(chosen)}>{ r }</option>
                            }) }
                        </select>
                    </label>
                </div>
                <p class="muted">{ words::SHIFT_HINT }</p>
                if !families.is_empty() {
                    <details>
                        <summary>{ words::FAMILY_DEMAND }</summary>
                        <div class="options">
                            { for families.iter().map(|f| {
                                let commit = { let (on, f) = (on.clone(), f.clone()); Callback::from(move |text: String| on.emit(ScenarioAction::SetFamily(i, f.clone(), text))) };
                                html! {
                                    <label class="option">{ f.clone() }
                                        <Field kind="number" testid={format!("scn-{i}-family-{f}")} value={s.families.get(f).cloned().unwrap_or_default()}
                                            placeholder="0" label={words::family_demand(f)} on_commit={commit} />
                                    </label>
                                }
                            }) }
                        </div>
                    </details>
                }
                if unseen {
                    <p class="status" data-testid={format!("scn-{i}-shift-unseen")}>
                        { words::shift_not_in_plan(chosen) }
                    </p>
                }
                if let Some(p) = problems {
                    <p class={classes!("status", (p != "Solving…").then_some("error"))} data-testid={format!("scn-{i}-status")}>{ p }</p>
                }
                <button type="button" data-testid={format!("scn-{i}-remove")} onclick={remove}>{ words::remove(&s.name) }</button>
            </fieldset>
        }
    });
    let comparison = match compared.as_ref() {
        Err(e) => {
            html! { <p class="status" data-testid="scn-base-missing">{ words::base_missing(e) }</p> }
        }
        Ok(_) if list.is_empty() => {
            html! { <p class="muted">{ words::NO_SCENARIO }</p> }
        }
        Ok(c) => comparison_table(&list.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), c),
    };
    let selected = props.scenarios.selected;
    let chart = match compared.as_ref() {
        Ok(c) => match (c.get(selected), list.get(selected)) {
            (Some(Ok(d)), Some(s)) => delta_chart(&s.name, d),
            _ => html! {},
        },
        Err(_) => html! {},
    };
    let on_pick = {
        let on = on.clone();
        Callback::from(move |e: Event| {
            let v = e
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value();
            if let Ok(i) = v.parse() {
                on.emit(ScenarioAction::Select(i));
            }
        })
    };
    html! {
        <section class="panel" id="step-scenarios">
            <h2>{ words::HEADING }</h2>
            <p class="muted">{ words::LEAD }</p>
            <div class="actions"><button type="button" data-testid="scn-add" onclick={add}>{ words::ADD }</button></div>
            <div class="scenarios">{ for cards }</div>
            { comparison }
            if list.len() > 1 {
                <label class="option">{ words::CHART_OF }
                    <select data-testid="scn-chart-pick" onchange={on_pick}>
                        { for list.iter().enumerate().map(|(i, s)| html! { <option value={i.to_string()} selected={i == selected}>{ &s.name }</option> }) }
                    </select>
                </label>
            }
            { chart }
        </section>
    }
}

fn comparison_table(names: &[&str], compared: &Compared) -> Html {
    let Some(rows) = compared.iter().find_map(|c| c.as_ref().ok()) else {
        return html! {
            <div class="progress" data-testid="scn-progress">
                // Each scenario's plan is solved by the planner, which reports nothing until
                // it is done; removing a scenario stops waiting for it.
                <progress aria-label={words::SOLVING} />
                <span class="muted" data-testid="scn-waiting">{ words::SOLVING }</span>
                <span class="muted">{ words::SOLVING_HINT }</span>
            </div>
        };
    };
    html! {
        <div class="table-wrap">
            <table class="results scenario-table" data-testid="scn-table">
                <thead>
                    <tr>
                        <th scope="col">{ words::KPI }</th>
                        <th scope="col">{ words::BASE }</th>
                        { for names.iter().map(|n| html! { <th scope="col">{ *n }</th> }) }
                    </tr>
                </thead>
                <tbody>
                    { for rows.iter().enumerate().map(|(k, row)| html! {
                        <tr>
                            <th scope="row">{ &row.name }</th>
                            <td data-testid={format!("scn-base-{}", slug(row))}>{ value_text(row.base, row.unit) }</td>
                            { for compared.iter().enumerate().map(|(i, c)| match c.as_ref().ok().and_then(|c| c.get(k)) {
                                None => html! { <td class="muted">{ "–" }</td> },
                                Some(d) => {
                                    let (word, class) = verdict(d);
                                    html! {
                                        <td class={classes!("delta", class)}>
                                            <span data-testid={format!("scn-{i}-value-{}", slug(d))}>{ value_text(d.scenario, d.unit) }</span>
                                            if let Some(delta) = d.delta {
                                                <span class="delta-text" data-testid={format!("scn-{i}-delta-{}", slug(d))}>
                                                    { format!(" ({}, {word})", signed(delta, d.unit)) }
                                                </span>
                                            }
                                        </td>
                                    }
                                }
                            }) }
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_signed_in_the_kpis_unit() {
        assert_eq!(signed(0.578, Unit::Percent), "+0.6 pts");
        assert_eq!(signed(-489_064.5, Unit::Money), "−489,064.50");
        assert_eq!(signed(0.0, Unit::Percent), "±0 pts");
    }
}
