//! History and forecast as SVG line charts, for an item and for a family; the geometry
//! comes from [`crate::chart`].

use std::rc::Rc;

use attune_engine::forecast::consensus::{ConsensusLine, FamilyTotals};
use attune_engine::forecast::Forecast;
use attune_engine::series::Series;
use yew::prelude::*;

use super::chart_export::ChartExport;
use crate::chart::{forecast_chart, ForecastChart};
use crate::format::quantity;
use crate::text::chart as words;

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
    let extra = [
        has_consensus.then_some(Line::CONSENSUS),
        has_pipeline.then_some(Line::PIPELINE),
    ];
    let band = forecast
        .as_ref()
        .and_then(|f| f.intervals.last())
        .map(|b| words::range(b.level));
    draw(
        chart,
        &label,
        &Frame {
            aria: words::SALES_ARIA,
            testid: "forecast-chart",
            name: &series.id,
            has_forecast: forecast.is_some(),
            lines: &extra.into_iter().flatten().collect::<Vec<_>>(),
            band,
        },
    )
}

/// Props of [`FamilyChart`].
#[derive(Properties, PartialEq, Debug)]
pub struct FamilyChartProps {
    /// The family's history (sum of its items).
    pub history: Rc<Series>,
    /// Its forecast totals.
    pub totals: Rc<FamilyTotals>,
}

/// A family's history, the sum of its items' statistical forecasts and, once sales set
/// anything, the consensus. No band: ranges of single items do not add up to a family's.
#[component]
pub fn FamilyChart(props: &FamilyChartProps) -> Html {
    let chart = use_memo((props.history.clone(), props.totals.clone()), |(h, t)| {
        let changed = t
            .consensus
            .iter()
            .zip(&t.statistical)
            .any(|(c, s)| (c - s).abs() > 1e-9);
        let lines: Vec<&[f64]> = changed.then_some(&t.consensus[..]).into_iter().collect();
        (
            forecast_chart(&h.values, &t.statistical, None, &lines, SIZE),
            changed,
        )
    });
    let (history, totals) = (&props.history, &props.totals);
    let label = |i: usize| {
        if i < history.values.len() {
            history.period(i).to_string()
        } else {
            let step = i64::try_from(i - history.values.len()).unwrap_or(0);
            totals.start.offset(step).to_string()
        }
    };
    let lines = if chart.1 {
        vec![Line::CONSENSUS]
    } else {
        Vec::new()
    };
    draw(
        &chart.0,
        &label,
        &Frame {
            aria: words::FAMILY_ARIA,
            testid: "family-chart",
            name: &history.id,
            has_forecast: !totals.statistical.is_empty(),
            lines: &lines,
            band: None,
        },
    )
}

/// A forecast-period line beside the statistical forecast.
#[derive(Debug, Clone, Copy)]
struct Line {
    class: &'static str,
    testid: &'static str,
    key: &'static str,
}

impl Line {
    const CONSENSUS: Self = Self {
        class: "consensus",
        testid: "consensus-line",
        key: words::CONSENSUS,
    };
    const PIPELINE: Self = Self {
        class: "pipeline",
        testid: "pipeline-line",
        key: words::PIPELINE,
    };
}

/// What a chart shows besides its geometry.
struct Frame<'a> {
    aria: &'static str,
    testid: &'static str,
    /// The item or family shown (for the downloaded chart's title and file name).
    name: &'a str,
    has_forecast: bool,
    /// The extra lines, in the order of [`ForecastChart::lines`].
    lines: &'a [Line],
    /// The band's key, when there is a band.
    band: Option<String>,
}

/// A chart's grid lines with their values (left) and its period labels (bottom), for an
/// SVG of `size`; `label` names the period at an index.
pub fn axes(
    y_ticks: &[(f64, f64)],
    x_labels: &[(f64, usize)],
    size: (f64, f64),
    label: &dyn Fn(usize) -> String,
) -> Html {
    let (w, h) = size;
    html! {
        <>
            { for y_ticks.iter().map(|(y, v)| html! {
                <g class="tick">
                    <line x1="56" x2={(w - 32.0).to_string()} y1={y.to_string()} y2={y.to_string()} />
                    <text x="50" y={(y + 4.0).to_string()} text-anchor="end">{ quantity(*v) }</text>
                </g>
            }) }
            { for x_labels.iter().map(|(x, i)| html! {
                <text class="x-label" x={x.to_string()} y={(h - 8.0).to_string()} text-anchor="middle">{ label(*i) }</text>
            }) }
        </>
    }
}

/// The SVG and its key: grid, period labels, history, forecast, band and extra lines.
fn draw(chart: &ForecastChart, label: &dyn Fn(usize) -> String, frame: &Frame<'_>) -> Html {
    let (w, h) = chart.size;
    html! {
        <figure class="chart">
            <svg data-testid={frame.testid} viewBox={format!("0 0 {w} {h}")} role="img" aria-label={frame.aria}>
                { axes(&chart.y_ticks, &chart.x_labels, chart.size, label) }
                if frame.has_forecast {
                    <line class="split" x1={chart.split_x.to_string()} x2={chart.split_x.to_string()} y1="12" y2={(h - 28.0).to_string()} />
                }
                <path class="band" d={chart.band.clone()} />
                <path class="history-line" data-testid="history-line" d={chart.history.clone()} />
                <path class="forecast-line" data-testid="forecast-line" d={chart.forecast.clone()} />
                { for frame.lines.iter().zip(&chart.lines).map(|(l, d)| html! {
                    <path class={format!("{}-line", l.class)} data-testid={l.testid} d={d.clone()} />
                }) }
            </svg>
            <figcaption>
                <span class="key history">{ words::HISTORY }</span>
                <span class="key forecast">{ words::FORECAST }</span>
                { for frame.lines.iter().map(|l| html! { <span class={classes!("key", l.class)}>{ l.key }</span> }) }
                if let Some(b) = &frame.band {
                    <span class="key band">{ b }</span>
                }
                <ChartExport name={frame.name.to_string()} />
            </figcaption>
        </figure>
    }
}
