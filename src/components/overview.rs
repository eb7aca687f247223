//! Every item at a glance: volume, method, backtest error and skill against last year's
//! pattern, sortable, with a click to open an item.

use std::rc::Rc;

use attune_engine::import::dataset::ItemSeries;
use yew::prelude::*;

use crate::format::{fixed, quantity};
use crate::state::ItemForecast;
use crate::text;

/// Props of [`Overview`].
#[derive(Properties, PartialEq, Debug)]
pub struct OverviewProps {
    /// The items.
    pub items: Rc<Vec<ItemSeries>>,
    /// Their forecasts, as far as answered.
    pub forecasts: Rc<Vec<Option<ItemForecast>>>,
    /// Periods that make up "recent volume" (one season).
    pub season: usize,
    /// The item shown.
    pub selected: usize,
    /// An item clicked.
    pub on_select: Callback<usize>,
}

/// What the table is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SortBy {
    Volume,
    Error,
    Item,
    Class,
}

/// Items shown at most (the rest are reached by sorting).
const ROWS: usize = 200;

/// The sortable items table.
#[component]
pub fn Overview(props: &OverviewProps) -> Html {
    let sort = use_state(|| SortBy::Volume);
    let season = props.season.max(1);
    let class_of = |i: usize| {
        props
            .forecasts
            .get(i)
            .and_then(Option::as_ref)
            .and_then(|r| r.as_ref().ok())
            .map(|f| f.class.name())
    };
    let error_of = |i: usize| {
        props
            .forecasts
            .get(i)
            .and_then(Option::as_ref)
            .and_then(|r| r.as_ref().ok())
            .and_then(|f| f.backtest)
            .and_then(|b| b.accuracy.mase)
    };
    let mut order: Vec<usize> = (0..props.items.len()).collect();
    match *sort {
        SortBy::Volume => order.sort_by(|a, b| {
            props.items[*b]
                .recent_total(season)
                .total_cmp(&props.items[*a].recent_total(season))
        }),
        SortBy::Error => order.sort_by(|a, b| {
            error_of(*b)
                .unwrap_or(-1.0)
                .total_cmp(&error_of(*a).unwrap_or(-1.0))
        }),
        SortBy::Item => order.sort_by(|a, b| props.items[*a].id.cmp(&props.items[*b].id)),
        SortBy::Class => order.sort_by(|a, b| class_of(*a).cmp(&class_of(*b))),
    }
    let header = |by: SortBy, label: &'static str, testid: &'static str| {
        let sort = sort.clone();
        let active = *sort == by;
        html! {
            <th scope="col" aria-sort={if active { "descending" } else { "none" }}>
                <button type="button" class={classes!("sort", active.then_some("active"))} data-testid={testid} onclick={Callback::from(move |_| sort.set(by))}>{ label }</button>
            </th>
        }
    };
    let rows = order.iter().take(ROWS).map(|&i| {
        let item = &props.items[i];
        let forecast = props.forecasts.get(i).and_then(Option::as_ref);
        let (method, error, skill) = match forecast {
            None => ("…".to_string(), String::new(), String::new()),
            Some(Err(e)) => (text::overview::no_forecast(e), String::new(), String::new()),
            Some(Ok(f)) => (
                f.method.label().to_string(),
                f.backtest.and_then(|b| b.accuracy.mase).map_or_else(|| "–".to_string(), |m| fixed(m, 2)),
                f.backtest.and_then(|b| b.skill).map_or_else(
                    || "–".to_string(),
                    |s| if s >= 0.0 { text::overview::lower(&fixed(s * 100.0, 0)) } else { text::overview::higher(&fixed(-s * 100.0, 0)) },
                ),
            ),
        };
        let on_select = props.on_select.clone();
        html! {
            <tr class={classes!((i == props.selected).then_some("selected"))} data-testid={format!("overview-row-{i}")}
                onclick={Callback::from(move |_| on_select.emit(i))}>
                <th scope="row">{ &item.id }</th>
                <td>{ item.family.clone().unwrap_or_default() }</td>
                <td class="num">{ quantity(item.recent_total(season)) }</td>
                <td data-testid={format!("overview-class-{i}")}>{ class_of(i).unwrap_or_default() }</td>
                <td>{ method }</td>
                <td class="num" data-testid={format!("overview-error-{i}")}>{ error }</td>
                <td class="num">{ skill }</td>
            </tr>
        }
    });
    html! {
        <div class="table-wrap overview">
            <table data-testid="overview">
                <thead>
                    <tr>
                        { header(SortBy::Item, text::overview::ITEM, "sort-item") }
                        <th scope="col">{ text::overview::FAMILY }</th>
                        { header(SortBy::Volume, text::overview::LAST_SEASON_VOLUME, "sort-volume") }
                        { header(SortBy::Class, text::overview::DEMAND_PATTERN, "sort-class") }
                        <th scope="col">{ text::overview::METHOD }</th>
                        { header(SortBy::Error, text::overview::BACKTEST_ERROR, "sort-error") }
                        <th scope="col" title={text::overview::BACKTEST_ERROR_COMPARED_REPEATING}>{ text::overview::ERROR_VS_LAST_YEAR }</th>
                    </tr>
                </thead>
                <tbody>{ for rows }</tbody>
            </table>
            if props.items.len() > ROWS {
                <p class="muted">{ format!("Showing {ROWS} of {} items; sort to bring others up.", props.items.len()) }</p>
            }
        </div>
    }
}
