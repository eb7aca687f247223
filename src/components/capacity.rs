//! Rough-cut capacity: the capacity model pasted as tables, a resource × period heatmap
//! of utilization with the bottleneck called out, and the capacity-constrained supply
//! plan per family. The engine reads the tables and computes every figure.

use std::rc::Rc;

use attune_engine::plan::capacity::{AllocationRule, LoadLevel, PlanStatus, RoughCut, SupplyPlan};
use web_sys::{HtmlSelectElement, MouseEvent};
use yew::prelude::*;

use super::field::Field;
use crate::capacity_state::{CapacityState, Table};
use crate::format::quantity;
use crate::text;

/// Props of [`CapacityPanel`].
#[derive(Properties, PartialEq, Debug)]
pub struct CapacityPanelProps {
    /// The tables and the rule.
    pub capacity: Rc<CapacityState>,
    /// Whether family forecasts exist to take demand from.
    pub has_family_forecast: bool,
    /// A table was pasted or edited.
    pub on_table: Callback<(Table, String)>,
    /// The allocation rule changed.
    pub on_rule: Callback<AllocationRule>,
    /// "Use the family forecasts" was pressed.
    pub on_use_forecast: Callback<()>,
}

const TABLES: [(Table, &str, &str, &str); 4] = [
    (Table::Resources, "capacity-resources", text::capacity::RESOURCES, "Resource\tJan\tFeb\nPress\t160\t160\n(optional: an Overtime column, or Type = Overtime rows)"),
    (Table::Bill, "capacity-bill", text::capacity::BILL, "Family\tResource\tHours per unit\nA\tPress\t2"),
    (Table::Demand, "capacity-demand", text::capacity::DEMAND_PER_FAMILY, "Family\tJan\tFeb\nA\t50\t60"),
    (Table::Terms, "capacity-terms", text::capacity::TERMS, "Family\tMargin per unit\tStarting inventory\nA\t40\t0"),
];

/// The capacity section.
#[component]
pub fn CapacityPanel(props: &CapacityPanelProps) -> Html {
    let report = use_memo(props.capacity.clone(), |c| c.report());
    let boxes = TABLES.iter().map(|(table, testid, label, placeholder)| {
        let on = props.on_table.clone();
        let table = *table;
        let on_commit = Callback::from(move |text: String| on.emit((table, text)));
        html! {
            <label class="capacity-table">{ *label }
                <Field testid={*testid} rows={5} placeholder={*placeholder}
                    value={props.capacity.table(table).to_owned()} {on_commit} />
            </label>
        }
    });
    let on_rule = {
        let on = props.on_rule.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            on.emit(if v == "priority" {
                AllocationRule::Priority
            } else {
                AllocationRule::Margin
            });
        })
    };
    let on_forecast = {
        let on = props.on_use_forecast.clone();
        Callback::from(move |_: MouseEvent| on.emit(()))
    };
    html! {
        <div class="capacity" data-testid="capacity">
            <p class="muted">{ text::capacity::PASTE_CAPACITY_MODEL_EXCEL }</p>
            <div class="actions">
                <button type="button" data-testid="capacity-use-forecast" disabled={!props.has_family_forecast} onclick={on_forecast}>{ text::capacity::USE_FAMILY_FORECASTS_DEMAND }</button>
                <label class="option">{ text::capacity::SHARE_SCARCE_HOURS }
                    <select data-testid="capacity-rule" onchange={on_rule}>
                        <option value="margin" selected={props.capacity.rule == AllocationRule::Margin}>{ text::capacity::MARGIN_PER_BOTTLENECK_HOUR }</option>
                        <option value="priority" selected={props.capacity.rule == AllocationRule::Priority}>{ text::capacity::PRIORITY_ROW_ORDER }</option>
                    </select>
                </label>
            </div>
            <div class="capacity-tables">{ for boxes }</div>
            {
                match &report.rough {
                    Err(e) => html! { <p class="status error" role="alert" data-testid="capacity-error">{ e }</p> },
                    Ok(rough) => heatmap(rough),
                }
            }
            {
                match &report.supply {
                    Some(Err(e)) => html! { <p class="status error" role="alert" data-testid="supply-error">{ e }</p> },
                    Some(Ok(plan)) => supply(plan),
                    None => Html::default(),
                }
            }
        </div>
    }
}

fn level_class(level: LoadLevel) -> &'static str {
    match level {
        LoadLevel::Within => "within",
        LoadLevel::NeedsOvertime => "needs-overtime",
        LoadLevel::BeyondOvertime => "beyond-overtime",
    }
}

/// A band of utilization for the cell's shade (classes, not inline styles: the page's
/// security policy allows no inline styles).
fn band(pct: Option<f64>) -> String {
    let b = pct.map_or(0, |p| ((p / 25.0).floor().clamp(0.0, 5.0)) as u8);
    format!("band-{b}")
}

fn percent(pct: Option<f64>) -> String {
    pct.map_or_else(|| "–".to_string(), |p| format!("{}%", quantity(p.round())))
}

/// Resource × period utilization, with the bottleneck called out.
fn heatmap(rough: &RoughCut) -> Html {
    let bottleneck = rough.bottleneck.as_ref();
    let callout = bottleneck.map(|b| {
        let r = rough.resources.get(b.index);
        let overloaded = r.map_or(0, |r| r.overloaded_periods);
        let text = if b.overloaded_hours > 0.0 {
            text::capacity::bottleneck_overloaded(
                &b.resource,
                &quantity(b.overloaded_hours),
                overloaded,
                rough.periods.len(),
                &percent(b.peak_utilization_pct),
            )
        } else {
            text::capacity::bottleneck_fits(&b.resource, &percent(b.peak_utilization_pct))
        };
        html! { <p class="callout" data-testid="bottleneck">{ text }</p> }
    });
    let rows = rough.resources.iter().enumerate().map(|(i, r)| {
        let is_bottleneck = bottleneck.is_some_and(|b| b.index == i);
        html! {
            <tr class={classes!(is_bottleneck.then_some("bottleneck"))}>
                <th scope="row">{ &r.resource }{ if is_bottleneck { html! { <span class="badge">{ text::capacity::BOTTLENECK_BADGE }</span> } } else { Html::default() } }</th>
                { for r.cells.iter().zip(&rough.periods).map(|(c, p)| html! {
                    <td class={classes!("heat", level_class(c.level), band(c.utilization_pct))} data-testid={format!("load-{}-{p}", r.resource)}
                        title={text::capacity::load_title(&quantity(c.load_hours), &quantity(c.regular_hours), &quantity(c.overtime_hours))}>
                        { percent(c.utilization_pct) }
                    </td>
                }) }
                <td class="num">{ percent(r.peak_utilization_pct) }</td>
            </tr>
        }
    });
    html! {
        <>
            <h3>{ text::capacity::LOAD_AGAINST_CAPACITY }</h3>
            { callout.unwrap_or_default() }
            <div class="table-wrap">
                <table class="results heatmap" data-testid="heatmap">
                    <thead><tr><th scope="col">{ text::capacity::RESOURCE }</th>{ for rough.periods.iter().map(|p| html! { <th scope="col">{ p }</th> }) }<th scope="col">{ text::capacity::PEAK }</th></tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
            <p class="muted legend">
                <span class="heat within band-2">{ text::capacity::FITS_REGULAR_TIME }</span>
                <span class="heat needs-overtime band-4">{ text::capacity::NEEDS_OVERTIME }</span>
                <span class="heat beyond-overtime band-5">{ text::capacity::BEYOND_OVERTIME }</span>
            </p>
            <ul class="notes">{ for rough.warnings.iter().map(|w| html! { <li>{ &w.message }</li> }) }</ul>
        </>
    }
}

/// The capacity-constrained supply plan per family.
fn supply(plan: &SupplyPlan) -> Html {
    let status = match &plan.status {
        PlanStatus::Fits => text::capacity::ALL_REGULAR.to_string(),
        PlanStatus::FitsWithOvertime { overtime_hours } => {
            text::capacity::all_with_overtime(&quantity(*overtime_hours))
        }
        PlanStatus::Short {
            units,
            periods,
            overtime_hours,
        } => text::capacity::short(
            &quantity(*units),
            &periods.join(", "),
            &quantity(*overtime_hours),
            &quantity(plan.margin_lost),
        ),
    };
    let rows = plan.families.iter().flat_map(|f| {
        let lines: [(&str, &str, &[f64]); 4] = [
            ("demand", text::capacity::LINE_DEMAND, &f.demand),
            ("made", text::capacity::LINE_MADE, &f.production),
            ("built", text::capacity::LINE_BUILT, &f.prebuild_inventory),
            ("short", text::capacity::LINE_SHORT, &f.shortfall),
        ];
        lines.into_iter().enumerate().map(move |(k, (key, what, values))| html! {
            <tr class={classes!((k == 0).then_some("first"), (k == 3 && f.total_shortfall > 0.0).then_some("short"))}>
                if k == 0 {
                    <th scope="rowgroup" rowspan="4">{ &f.family }<br /><span class="muted">{ text::capacity::rank(f.rank) }</span></th>
                }
                <th scope="row">{ what }</th>
                { for values.iter().zip(&plan.periods).map(|(v, p)| html! {
                    <td data-testid={format!("supply-{}-{key}-{p}", f.family)}>{ quantity(*v) }</td>
                }) }
            </tr>
        })
    });
    html! {
        <>
            <h3>{ text::capacity::SUPPLY_PLAN_WITHIN_CAPACITY }</h3>
            <p class="status" data-testid="supply-status">{ status }</p>
            <div class="table-wrap">
                <table class="results supply" data-testid="supply">
                    <thead><tr><th scope="col">{ text::capacity::FAMILY }</th><th scope="col"></th>{ for plan.periods.iter().map(|p| html! { <th scope="col">{ p }</th> }) }</tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
            <ul class="notes">{ for plan.warnings.iter().map(|w| html! { <li>{ &w.message }</li> }) }</ul>
        </>
    }
}
