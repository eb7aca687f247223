//! Section 6, the S&OP dashboard both teams read: the health summary in words, KPI cards
//! with traffic lights (in words too) and their definition and formula one click away,
//! the demand-versus-supply chart, the items with the most revenue at risk, the
//! stockout and overstock calendar, and the assumptions. Printing the page gives the
//! one-page quick assessment (see the print rules in `styles/main.css`).

use std::rc::Rc;

use attune_engine::kpi::{HealthNote, Kpi, Light, Unit};
use yew::prelude::*;

use super::chart::axes;
use super::inventory::flag_words;
use super::keep::ExportButton;
use crate::chart::stacked_chart;
use crate::dashboard_state::Dashboard;
use crate::format::{money, percent, quantity};
use crate::keep::Export;
use crate::text;

/// Props of [`DashboardPanel`].
#[derive(Properties, PartialEq, Debug)]
pub struct DashboardPanelProps {
    /// The dashboard, or why there is none.
    pub dashboard: Rc<Result<Dashboard, String>>,
}

fn light_words(light: Option<Light>) -> &'static str {
    match light {
        Some(Light::Green) => text::dashboard::LIGHT_GREEN,
        Some(Light::Amber) => text::dashboard::LIGHT_AMBER,
        Some(Light::Red) => text::dashboard::LIGHT_RED,
        None => text::dashboard::LIGHT_NONE,
    }
}

fn light_class(light: Option<Light>) -> &'static str {
    light.map_or("none", Light::name)
}

/// A KPI's value as a card shows it: `96.5 %`, `4,146,580.50`.
#[must_use]
pub fn kpi_value(k: &Kpi) -> String {
    match (k.value, k.unit) {
        (None, _) => "–".to_string(),
        (Some(v), Unit::Percent) => percent(v),
        (Some(v), Unit::Money) => money(v),
    }
}

fn slug(k: &Kpi) -> String {
    format!("{:?}", k.key)
}

/// Props of [`KpiCard`].
#[derive(Properties, PartialEq, Debug)]
pub struct KpiCardProps {
    /// The KPI.
    pub kpi: Kpi,
}

/// One KPI: value, light in words, detail, and definition and formula behind a click.
#[component]
pub fn KpiCard(props: &KpiCardProps) -> Html {
    let k = &props.kpi;
    let id = slug(k);
    html! {
        <article class={classes!("kpi", light_class(k.light))} data-testid={format!("kpi-{id}")}>
            <h4>{ &k.name }</h4>
            <p class="kpi-value">
                <span data-testid={format!("kpi-value-{id}")}>{ kpi_value(k) }</span>
                if let Some(a) = k.amount {
                    <span class="muted">{ format!(" ({})", quantity(a.round())) }</span>
                }
            </p>
            <p class="light" data-testid={format!("kpi-light-{id}")}>
                <span class="dot" aria-hidden="true"></span>{ light_words(k.light) }
            </p>
            <p class="muted detail">{ &k.detail }</p>
            <details>
                <summary>{ text::dashboard::DEFINITION_FORMULA }</summary>
                <p>{ &k.definition }</p>
                <p><code>{ &k.formula }</code></p>
                <p class="muted">{ &k.rule }</p>
            </details>
        </article>
    }
}

fn health(notes: &[HealthNote]) -> Html {
    if notes.is_empty() {
        return html! { <p class="muted">{ text::dashboard::NOTHING_SAY_YET_PLAN }</p> };
    }
    html! {
        <ul class="health" data-testid="health">
            { for notes.iter().map(|n| html! {
                <li class={classes!("light-item", light_class(n.light))}>
                    <span class="dot" aria-hidden="true"></span>
                    <span class="light-word">{ format!("{}: ", n.light.map_or("info", Light::name)) }</span>
                    { &n.text }
                </li>
            }) }
        </ul>
    }
}

const CHART: (f64, f64) = (720.0, 220.0);

fn gap_chart(d: &Dashboard) -> Html {
    let g = &d.gap;
    let chart = stacked_chart(&[&g.supply], &[&g.demand, &g.cumulative], CHART);
    let (w, h) = chart.size;
    let worst = g
        .worst
        .and_then(|t| Some((g.periods.get(t)?, g.gap.get(t)?)));
    html! {
        <figure class="chart gap-chart">
            <svg data-testid="gap-chart" viewBox={format!("0 0 {w} {h}")} role="img" aria-label={text::dashboard::SUPPLY_PER_PERIOD_AGAINST}>
                { axes(&chart.y_ticks, &chart.x_labels, chart.size, &|i| g.periods.get(i).cloned().unwrap_or_default()) }
                { for chart.bars.iter().map(|b| {
                    let short = g.gap.get(b.period).is_some_and(|v| *v < 0.0);
                    html! { <rect class={classes!("bar", "supply", short.then_some("short"))} x={b.x.to_string()} y={b.y.to_string()} width={b.w.to_string()} height={b.h.to_string()} /> }
                }) }
                <path class="demand-line" d={chart.lines.first().cloned().unwrap_or_default()} />
                <path class="inventory-line" d={chart.lines.get(1).cloned().unwrap_or_default()} />
            </svg>
            <figcaption>
                <span class="key supply">{ text::dashboard::SUPPLY }</span>
                <span class="key short">{ text::dashboard::SUPPLY_BELOW_DEMAND }</span>
                <span class="key demand">{ text::dashboard::DEMAND }</span>
                <span class="key inventory">{ text::dashboard::NET_STOCK_ALL_ITEMS }</span>
                <crate::components::chart_export::ChartExport />
            </figcaption>
            <p class="muted" data-testid="gap-worst">{
                match worst {
                    Some((p, v)) => text::dashboard::widest_gap(p, &quantity(-v)),
                    None => text::dashboard::NO_GAP.to_string(),
                }
            }</p>
        </figure>
    }
}

fn top_risk(d: &Dashboard) -> Html {
    if d.top_risk.is_empty() {
        return html! { <p class="muted" data-testid="top-risk">{ text::dashboard::NO_REVENUE_RISK_EVERY }</p> };
    }
    html! {
        <table class="results" data-testid="top-risk">
            <thead><tr><th scope="col">{ text::dashboard::ITEM }</th><th scope="col">{ text::dashboard::REVENUE_RISK }</th><th scope="col">{ text::dashboard::SHARE_REVENUE }</th><th scope="col">{ text::dashboard::UNITS_UNMET }</th><th scope="col">{ text::dashboard::WORST_PERIOD }</th></tr></thead>
            <tbody>
                { for d.top_risk.iter().map(|r| html! {
                    <tr>
                        <th scope="row">{ &r.item }</th>
                        <td>{ quantity(r.at_risk.round()) }</td>
                        <td>{ percent(r.share_pct) }</td>
                        <td>{ quantity(r.unmet_units) }</td>
                        <td>{ r.worst_period.and_then(|t| d.gap.periods.get(t).cloned()).unwrap_or_default() }</td>
                    </tr>
                }) }
            </tbody>
        </table>
    }
}

fn calendar(d: &Dashboard) -> Html {
    let p = &d.projection;
    let rows = p.items.iter().map(|item| {
        html! {
            <tr>
                <th scope="row">{ &item.item }</th>
                { for p.periods.iter().enumerate().map(|(t, period)| {
                    let f = item.flags.get(t).copied().unwrap_or_default();
                    let class = if f.stockout { "stockout" } else if f.overstock { "overstock" } else if f.below_safety_stock { "below" } else { "ok" };
                    let short = if f.stockout { text::dashboard::CAL_OUT } else if f.overstock { text::dashboard::CAL_OVER } else if f.below_safety_stock { text::dashboard::CAL_LOW } else { "" };
                    let words = flag_words(&f);
                    html! {
                        <td class={classes!("cal", class)} data-testid={format!("cal-{}-{period}", item.item)}
                            title={if words.is_empty() { text::dashboard::CAL_FINE.to_string() } else { words.join(", ") }}>{ short }</td>
                    }
                }) }
            </tr>
        }
    });
    html! {
        <>
            <div class="table-wrap calendar-wrap">
                <table class="results calendar" data-testid="calendar">
                    <thead><tr><th scope="col">{ text::dashboard::ITEM }</th>{ for p.periods.iter().map(|x| html! { <th scope="col">{ x }</th> }) }</tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
            <p class="muted legend">
                <span class="cal stockout">{ text::dashboard::CAL_OUT }</span>{ text::dashboard::STOCKOUT_UNITS_OWED }
                <span class="cal below">{ text::dashboard::CAL_LOW }</span>{ text::dashboard::BELOW_SAFETY_STOCK }
                <span class="cal overstock">{ text::dashboard::CAL_OVER }</span>{ text::dashboard::OVERSTOCK_LEGEND }
            </p>
        </>
    }
}

fn print(_: MouseEvent) {
    if let Some(w) = web_sys::window() {
        let _ = w.print();
    }
}

/// The section.
#[component]
pub fn DashboardPanel(props: &DashboardPanelProps) -> Html {
    let d = match props.dashboard.as_ref() {
        Err(e) => {
            return html! { <div class="dashboard" data-testid="dashboard"><p class="status error" role="alert" data-testid="dashboard-error">{ e }</p></div> }
        }
        Ok(d) => d,
    };
    html! {
        <div class="dashboard" data-testid="dashboard">
            <div class="actions no-print">
                <button type="button" data-testid="print-report" onclick={Callback::from(print)}>{ text::dashboard::PRINT_REPORT }</button>
                <ExportButton what="kpis" ready=true make={{
                    let report = d.report.clone();
                    Callback::from(move |()| Some(Export::Kpis(Box::new(report.clone()))))
                }} />
                <span class="muted">{ text::dashboard::PRINTS_ONE_PAGE_QUICK }</span>
            </div>
            <h3 class="print-only report-title">{ text::dashboard::S_OP_QUICK_ASSESSMENT }</h3>
            <h3>{ text::dashboard::S_OP_HEALTH }</h3>
            { health(&d.health) }
            <div class="kpis" data-testid="kpis">
                { for d.report.kpis.iter().map(|k| html! { <KpiCard kpi={k.clone()} /> }) }
            </div>
            <div class="report-charts">
                <div>
                    <h3>{ text::dashboard::DEMAND_AGAINST_SUPPLY }</h3>
                    { gap_chart(d) }
                </div>
                <div>
                    <h3>{ text::dashboard::TOP_ITEMS_REVENUE_RISK }</h3>
                    { top_risk(d) }
                </div>
            </div>
            <h3>{ text::dashboard::STOCKOUT_OVERSTOCK_CALENDAR }</h3>
            { calendar(d) }
            <h3>{ text::dashboard::ASSUMPTIONS }</h3>
            <ul class="assumptions" data-testid="assumptions">
                { for d.assumptions.iter().map(|a| html! { <li>{ a }</li> }) }
            </ul>
        </div>
    }
}
