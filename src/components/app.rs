//! The root: the worker provider around the workspace, and the workspace that owns the
//! state and drives the forecast.

use std::fmt;
use std::rc::Rc;

use futures::future::LocalBoxFuture;
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_agent::oneshot::{use_oneshot_runner, OneshotProvider};

use super::chart::ForecastChartView;
use super::import_report::ImportReport;
use super::paste::PasteBox;
use super::results::ResultsTable;
use crate::state::{Action, AppState, ForecastStatus};
use crate::worker::{ForecastReply, ForecastRequest, ForecastTask};

/// Runs a forecast request somewhere (the web worker in the app, the page itself in
/// component tests) and resolves with the reply.
#[derive(Clone)]
pub struct Forecaster(pub Rc<dyn Fn(ForecastRequest) -> LocalBoxFuture<'static, ForecastReply>>);

impl PartialEq for Forecaster {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl fmt::Debug for Forecaster {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Forecaster")
    }
}

/// The app as served: the forecast worker (`worker.js`, next to the page) and the
/// workspace.
#[component]
pub fn App() -> Html {
    html! {
        <OneshotProvider<ForecastTask> path="worker.js">
            <WorkerWorkspace />
        </OneshotProvider<ForecastTask>>
    }
}

#[component]
fn WorkerWorkspace() -> Html {
    let runner = use_oneshot_runner::<ForecastTask>();
    let forecaster = use_memo((), move |()| {
        Forecaster(Rc::new(move |request| {
            let runner = runner.clone();
            Box::pin(async move { runner.run(request).await })
        }))
    });
    html! { <Workspace forecaster={(*forecaster).clone()} /> }
}

/// Props of [`Workspace`].
#[derive(Properties, PartialEq, Debug)]
pub struct WorkspaceProps {
    /// Where forecasts run.
    pub forecaster: Forecaster,
}

/// The whole working page: paste, import report, chart and table.
#[component]
pub fn Workspace(props: &WorkspaceProps) -> Html {
    let state = use_reducer(AppState::default);

    {
        // Whenever a new import waits for its forecast, send it to the forecaster.
        let dispatcher = state.dispatcher();
        let forecaster = props.forecaster.clone();
        let request = state.pending_request();
        use_effect_with(state.generation, move |generation| {
            if let Some(request) = request {
                let generation = *generation;
                spawn_local(async move {
                    let reply = (forecaster.0)(request).await;
                    dispatcher.dispatch(Action::ForecastDone { generation, reply });
                });
            }
        });
    }

    let on_input = {
        let dispatcher = state.dispatcher();
        Callback::from(move |text: String| dispatcher.dispatch(Action::Input(text)))
    };

    let series = state
        .import
        .as_deref()
        .and_then(|r| r.as_ref().ok())
        .map(|i| i.series.clone());
    let forecast = match &state.forecast {
        ForecastStatus::Done(f) => Some(f.clone()),
        _ => None,
    };
    let status = match &state.forecast {
        ForecastStatus::Idle => html! {},
        ForecastStatus::Running => html! {
            <p class="status" data-testid="forecast-status" aria-live="polite">{ "Forecasting…" }</p>
        },
        ForecastStatus::Done(f) => html! {
            <p class="status" data-testid="forecast-status" aria-live="polite">
                <strong>{ "Forecast: " }</strong>{ &f.explanation }
            </p>
        },
        ForecastStatus::Failed(e) => html! {
            <p class="status error" data-testid="forecast-status" role="alert">{ e }</p>
        },
    };

    html! {
        <div class="app">
            <header class="masthead">
                <h1>{ "Attune" }</h1>
                <p class="tagline">{ "Sales & operations planning in your browser. Your data never leaves this page." }</p>
            </header>
            <main>
                <section class="panel">
                    <h2>{ "1 · Paste your sales history" }</h2>
                    <PasteBox text={state.text.clone()} on_input={on_input} />
                    if let Some(import) = state.import.clone() {
                        <ImportReport import={import} />
                    }
                </section>
                if let Some(series) = series {
                    <section class="panel">
                        <h2>{ "2 · Forecast" }</h2>
                        { status }
                        <ForecastChartView series={Rc::new(series.clone())} forecast={forecast.clone()} />
                        <ResultsTable series={Rc::new(series)} forecast={forecast} />
                    </section>
                }
            </main>
        </div>
    }
}
