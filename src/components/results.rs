//! The history and forecast as a table, one row per period.

use std::rc::Rc;

use attune_engine::forecast::Forecast;
use attune_engine::series::Series;
use yew::prelude::*;

use crate::format::quantity;

/// Props of [`ResultsTable`].
#[derive(Properties, PartialEq, Debug)]
pub struct ResultsTableProps {
    /// The history.
    pub series: Rc<Series>,
    /// Its forecast, once there is one.
    pub forecast: Option<Rc<Forecast>>,
}

/// History rows then forecast rows, with the widest interval beside the forecast.
#[component]
pub fn ResultsTable(props: &ResultsTableProps) -> Html {
    let series = &props.series;
    let interval = props.forecast.as_ref().and_then(|f| f.intervals.last());
    let level = interval.map(|i| format!("{}%", i.level));
    let history = series.values.iter().enumerate().map(|(i, v)| {
        let period = series.period(i).to_string();
        html! {
            <tr class="history" data-testid={format!("row-{period}")}>
                <th scope="row">{ &period }</th>
                <td data-testid={format!("history-{period}")}>{ quantity(*v) }</td>
                <td></td>
                if level.is_some() { <td></td> }
            </tr>
        }
    });
    let forecast = props.forecast.iter().flat_map(|f| {
        f.point.iter().enumerate().map(move |(i, v)| {
            let period = f.period(i).to_string();
            let range = interval.map(|b| format!("{} – {}", quantity(b.lo[i]), quantity(b.hi[i])));
            html! {
                <tr class="forecast" data-testid={format!("row-{period}")}>
                    <th scope="row">{ &period }</th>
                    <td></td>
                    <td data-testid={format!("forecast-{period}")}>{ quantity(*v) }</td>
                    if let Some(range) = range { <td data-testid={format!("interval-{period}")}>{ range }</td> }
                </tr>
            }
        })
    });
    html! {
        <div class="table-wrap">
            <table class="results" data-testid="results">
                <thead>
                    <tr>
                        <th scope="col">{ "Period" }</th>
                        <th scope="col">{ "History" }</th>
                        <th scope="col">{ "Forecast" }</th>
                        if let Some(level) = &level { <th scope="col">{ format!("{level} range") }</th> }
                    </tr>
                </thead>
                <tbody>
                    { for history }
                    { for forecast }
                </tbody>
            </table>
        </div>
    }
}
