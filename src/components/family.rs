//! Families: the level S&OP meetings talk at. A list of families with their volume, and
//! a family's view — history, the sum of its items' statistical forecasts, a family
//! total that sales can set (split down over the items), and the consensus.

use std::rc::Rc;

use attune_engine::calendar::Period;
use attune_engine::forecast::consensus::FamilyTotals;
use attune_engine::import::dataset::FamilySummary;
use attune_engine::series::Series;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::chart::FamilyChart;
use crate::format::quantity;
use crate::text;

/// Props of [`FamilyList`].
#[derive(Properties, PartialEq, Debug)]
pub struct FamilyListProps {
    /// The families.
    pub families: Rc<Vec<FamilySummary>>,
    /// The family open, if any.
    pub open: Option<String>,
    /// A family clicked (again to close it).
    pub on_open: Callback<Option<String>>,
}

/// The families with their item count and recent volume.
#[component]
pub fn FamilyList(props: &FamilyListProps) -> Html {
    let rows = props.families.iter().map(|f| {
        let is_open = props.open.as_deref() == Some(f.family.as_str());
        let on_open = props.on_open.clone();
        let family = f.family.clone();
        let onclick = Callback::from(move |_| on_open.emit((!is_open).then(|| family.clone())));
        html! {
            <tr class={classes!(is_open.then_some("selected"))} data-testid={format!("family-row-{}", f.family)} {onclick}>
                <th scope="row">{ &f.family }</th>
                <td class="num">{ f.items }</td>
                <td class="num">{ quantity(f.recent_total) }</td>
            </tr>
        }
    });
    html! {
        <div class="table-wrap overview families">
            <table data-testid="families">
                <thead><tr><th scope="col">{ text::family::FAMILY }</th><th scope="col">{ text::family::ITEMS }</th><th scope="col">{ text::family::LAST_SEASON_S_VOLUME }</th></tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
        </div>
    }
}

/// Props of [`FamilyView`].
#[derive(Properties, PartialEq, Debug)]
pub struct FamilyViewProps {
    /// The family's history (sum of its items).
    pub history: Rc<Series>,
    /// Its forecast totals.
    pub totals: Rc<FamilyTotals>,
    /// The family total typed for a period (empty removes it).
    pub on_override: Callback<(Period, String)>,
}

/// The family's history and totals, with a family-total field per forecast period.
#[component]
pub fn FamilyView(props: &FamilyViewProps) -> Html {
    let t = &props.totals;
    let history = props.history.values.iter().enumerate().rev().take(12).rev().map(|(i, v)| {
        let period = props.history.period(i).to_string();
        html! {
            <tr class="history"><th scope="row">{ period }</th><td>{ quantity(*v) }</td><td></td><td></td><td></td></tr>
        }
    });
    let forecast = t.statistical.iter().zip(&t.consensus).enumerate().map(|(i, (s, c))| {
        let period = t.start.offset(i64::try_from(i).unwrap_or(0));
        let label = period.to_string();
        let on = props.on_override.clone();
        let onchange = Callback::from(move |e: Event| on.emit((period, e.target_unchecked_into::<HtmlInputElement>().value())));
        html! {
            <tr class="forecast">
                <th scope="row">{ &label }</th>
                <td></td>
                <td data-testid={format!("family-statistical-{label}")}>{ quantity(*s) }</td>
                <td>
                    <input class="override" type="text" inputmode="decimal" data-testid={format!("family-override-{label}")}
                        aria-label={text::family::total_for(&label)} placeholder={text::family::FAMILY_TOTAL_PLACEHOLDER} {onchange} />
                </td>
                <td data-testid={format!("family-consensus-{label}")}>{ quantity(*c) }</td>
            </tr>
        }
    });
    html! {
        <div class="family-view" data-testid="family-view">
            <h3>{ text::family::heading(&t.family, t.items) }</h3>
            <FamilyChart history={props.history.clone()} totals={props.totals.clone()} />
            <p class="muted">{ text::family::FAMILY_TOTAL_SPLIT_OVER }</p>
            <div class="table-wrap">
                <table class="results">
                    <thead><tr>
                        <th scope="col">{ text::family::PERIOD }</th><th scope="col">{ text::family::HISTORY }</th><th scope="col">{ text::family::STATISTICAL }</th>
                        <th scope="col">{ text::family::FAMILY_TOTAL }</th><th scope="col">{ text::family::CONSENSUS }</th>
                    </tr></thead>
                    <tbody>{ for history }{ for forecast }</tbody>
                </table>
            </div>
        </div>
    }
}
