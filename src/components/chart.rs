//! The history and forecast as an SVG line chart; the geometry comes from
//! [`crate::chart`].

use std::rc::Rc;

use attune_engine::forecast::consensus::ConsensusLine;
use attune_engine::forecast::Forecast;
use attune_engine::series::Series;
use yew::prelude::*;

use crate::chart::forecast_chart;
use crate::format::quantity;

/// Props of [`ForecastChartView`].
#[derive(Properties, PartialEq, Debug)]
pub struct ForecastChartProps {
    /// The history.
    pub series: Rc<Series>,
    /// Its forecast, once there is one.
    pub forecast: Option<Rc<Forecast>>,
    /// The consensus, drawn when sales overrode anything.
    #[prop_or_default]
    pub consensus: Option<Rc<ConsensusLine>>,
    /// The pipeline signal, drawn when there is one.
    #[prop_or_default]
    pub pipeline: Option<Rc<Vec<Option<f64>>>>,
}

const SIZE: (f64, f64) = (720.0, 260.0);

/// History in one colour, forecast in another with its widest interval as a band.
#[component]
pub fn ForecastChartView(props: &ForecastChartProps) -> Html {
    let series = props.series.clone();
    let forecast = props.forecast.clone();
    let chart = use_memo(
        (
            series.clone(),
            forecast.clone(),
            props.consensus.clone(),
            props.pipeline.clone(),
        ),
        |(s, f, c, p)| {
            let point: &[f64] = f.as_ref().map_or(&[], |f| &f.point);
            let band = f
                .as_ref()
                .and_then(|f| f.intervals.last())
                .map(|b| (&b.lo[..], &b.hi[..]));
            let consensus = c
                .as_ref()
                .filter(|c| p.is_some() || c.overridden.iter().any(Option::is_some))
                .map(|c| &c.consensus[..]);
            let pipeline: Option<Vec<f64>> = p
                .as_ref()
                .map(|p| p.iter().map(|v| v.unwrap_or(0.0)).collect());
            let lines: Vec<&[f64]> = consensus.into_iter().chain(pipeline.as_deref()).collect();
            (
                forecast_chart(&s.values, point, band, &lines, SIZE),
                consensus.is_some(),
                pipeline.is_some(),
            )
        },
    );
    let (chart, has_consensus, has_pipeline) = (&chart.0, chart.1, chart.2);
    let label = |i: usize| {
        if i < series.values.len() {
            series.period(i).to_string()
        } else {
            forecast
                .as_ref()
                .map(|f| f.period(i - series.values.len()).to_string())
                .unwrap_or_default()
        }
    };
    let (w, h) = chart.size;
    html! {
        <figure class="chart">
            <svg data-testid="forecast-chart" viewBox={format!("0 0 {w} {h}")} role="img"
                aria-label="Sales history and forecast">
                { for chart.y_ticks.iter().map(|(y, v)| html! {
                    <g class="tick">
                        <line x1="56" x2={(w - 32.0).to_string()} y1={y.to_string()} y2={y.to_string()} />
                        <text x="50" y={(y + 4.0).to_string()} text-anchor="end">{ quantity(*v) }</text>
                    </g>
                }) }
                { for chart.x_labels.iter().map(|(x, i)| html! {
                    <text class="x-label" x={x.to_string()} y={(h - 8.0).to_string()} text-anchor="middle">{ label(*i) }</text>
                }) }
                if forecast.is_some() {
                    <line class="split" x1={chart.split_x.to_string()} x2={chart.split_x.to_string()} y1="12" y2={(h - 28.0).to_string()} />
                }
                <path class="band" d={chart.band.clone()} />
                <path class="history-line" data-testid="history-line" d={chart.history.clone()} />
                <path class="forecast-line" data-testid="forecast-line" d={chart.forecast.clone()} />
                if has_consensus {
                    <path class="consensus-line" data-testid="consensus-line" d={chart.lines[0].clone()} />
                }
                if has_pipeline {
                    <path class="pipeline-line" data-testid="pipeline-line" d={chart.lines[usize::from(has_consensus)].clone()} />
                }
            </svg>
            <figcaption>
                <span class="key history">{ "History" }</span>
                <span class="key forecast">{ "Forecast" }</span>
                if has_consensus {
                    <span class="key consensus">{ "Consensus" }</span>
                }
                if has_pipeline {
                    <span class="key pipeline">{ "Pipeline (weighted)" }</span>
                }
                if let Some(b) = forecast.as_ref().and_then(|f| f.intervals.last()) {
                    <span class="key band">{ format!("{}% range", b.level) }</span>
                }
            </figcaption>
        </figure>
    }
}
