//! The history and forecast as a table, one row per period, with sales' override and the
//! consensus beside the statistical forecast.

use std::rc::Rc;

use attune_engine::calendar::Period;
use attune_engine::forecast::consensus::{ConsensusLine, Source};
use attune_engine::forecast::Forecast;
use attune_engine::series::Series;
use yew::prelude::*;

use super::field::Field;
use crate::format::quantity;
use crate::text;

/// Props of [`ResultsTable`].
#[derive(Properties, PartialEq, Debug)]
pub struct ResultsTableProps {
    /// The history.
    pub series: Rc<Series>,
    /// Its forecast, once there is one.
    pub forecast: Option<Rc<Forecast>>,
    /// Statistical, override and consensus, once there is a forecast.
    #[prop_or_default]
    pub consensus: Option<Rc<ConsensusLine>>,
    /// The pipeline signal per forecast period, when a pipeline was pasted.
    #[prop_or_default]
    pub pipeline: Option<Rc<Vec<Option<f64>>>>,
    /// An override typed for a period ("120", "+10%", or empty to remove it).
    #[prop_or_default]
    pub on_override: Callback<(Period, String)>,
}

/// History rows, then forecast rows with the widest interval, an override field and the
/// consensus.
#[component]
pub fn ResultsTable(props: &ResultsTableProps) -> Html {
    let series = &props.series;
    let interval = props.forecast.as_ref().and_then(|f| f.intervals.last());
    let level = interval.map(|i| format!("{}%", i.level));
    let has_pipeline = props.pipeline.is_some();
    let columns = 3 + usize::from(level.is_some()) + usize::from(has_pipeline) + 2;
    let history = series.values.iter().enumerate().map(|(i, v)| {
        let period = series.period(i).to_string();
        html! {
            <tr class="history" data-testid={format!("row-{period}")}>
                <th scope="row">{ &period }</th>
                <td data-testid={format!("history-{period}")}>{ quantity(*v) }</td>
                { for (2..columns).map(|_| html! { <td></td> }) }
            </tr>
        }
    });
    let forecast = props.forecast.iter().flat_map(|f| {
        f.point.iter().enumerate().map(move |(i, v)| {
            let period = f.period(i);
            let label = period.to_string();
            let range = interval.map(|b| format!("{} – {}", quantity(b.lo[i]), quantity(b.hi[i])));
            let line = props.consensus.as_deref();
            let overridden = line.and_then(|l| l.overridden.get(i).copied().flatten());
            let from_family = line.and_then(|l| l.source.get(i)) == Some(&Source::FamilyOverride);
            let consensus = line.and_then(|l| l.consensus.get(i).copied()).unwrap_or(*v);
            let on_override = props.on_override.clone();
            let on_commit = Callback::from(move |text: String| on_override.emit((period, text)));
            html! {
                <tr class="forecast" data-testid={format!("row-{label}")}>
                    <th scope="row">{ &label }</th>
                    <td></td>
                    <td data-testid={format!("forecast-{label}")}>{ quantity(*v) }</td>
                    if let Some(range) = range { <td data-testid={format!("interval-{label}")}>{ range }</td> }
                    if let Some(p) = props.pipeline.as_deref() {
                        <td data-testid={format!("pipeline-{label}")}>{ p.get(i).copied().flatten().map(quantity).unwrap_or_default() }</td>
                    }
                    <td>
                        <Field class="override" testid={format!("override-{label}")}
                            label={text::results::override_for(&label)} placeholder={text::results::OVERRIDE}
                            value={overridden.filter(|_| !from_family).map(quantity).unwrap_or_default()} {on_commit} />
                    </td>
                    <td class={classes!(overridden.is_some().then_some("overridden"))} data-testid={format!("consensus-{label}")}>{ quantity(consensus) }</td>
                </tr>
            }
        })
    });
    html! {
        <div class="table-wrap">
            <table class="results" data-testid="results">
                <thead>
                    <tr>
                        <th scope="col">{ text::results::PERIOD }</th>
                        <th scope="col">{ text::results::HISTORY }</th>
                        <th scope="col">{ text::results::STATISTICAL }</th>
                        if let Some(level) = &level { <th scope="col">{ text::results::range(level) }</th> }
                        if has_pipeline { <th scope="col" title={text::results::OPEN_OPPORTUNITIES_THEIR_WIN}>{ text::results::PIPELINE }</th> }
                        <th scope="col" title={text::results::TYPE_QUANTITY_CHANGE_LIKE}>{ text::results::SALES_OVERRIDE }</th>
                        <th scope="col">{ text::results::CONSENSUS }</th>
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
