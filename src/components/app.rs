//! The root: the worker providers around the workspace, and the workspace that owns the
//! state and drives the workers.

use std::fmt;
use std::rc::Rc;

use futures::future::LocalBoxFuture;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_agent::oneshot::{use_oneshot_runner, OneshotProvider};

use super::capacity::CapacityPanel;
use super::chart::ForecastChartView;
use super::data::{fetch_sample, DataPanel};
use super::family::{FamilyList, FamilyView};
use super::field::Field;
use super::import_report::ImportReport;
use super::inventory::OutlookSections;
use super::keep::{keeper_over, open_file, KeepBar, Keeper};
use super::overview::Overview;
use super::pipeline::PipelinePanel;
use super::plan::PlanPanel;
use super::preview::MappingPreview;
use super::results::ResultsTable;
use super::scenario::ScenarioSection;
use crate::capacity_state::Table;
use crate::embed::EmbedOptions;
use crate::format::quantity;
use crate::locale::typed_number;
use crate::plan_state::{PlanAction, PlanEdit, PlanReply};
use crate::scenario_state::ScenarioAction;
use crate::session::{ImportAnswer, ImportRequest};
use crate::state::{Action, AppState, BATCH};
use crate::text;
use crate::worker::{
    ForecastReply, ForecastRequest, ForecastTask, ImportTask, PlanRequest, PlanTask, ReaderReply,
    ReaderRequest,
};
use attune_engine::calendar::Period;
use attune_engine::forecast::consensus::Change;
use attune_engine::forecast::pipeline::Blend;
use attune_engine::forecast::{Method, MethodChoice};
use attune_engine::plan::aggregate::Strategy;
use attune_engine::plan::capacity::AllocationRule;

/// Runs a request somewhere (a web worker in the app, the page itself in component
/// tests) and resolves with the reply.
pub struct Remote<Req, Rep>(pub Rc<dyn Fn(Req) -> LocalBoxFuture<'static, Rep>>);

impl<Req, Rep> Clone for Remote<Req, Rep> {
    fn clone(&self) -> Self {
        Self(self.0.clone())
    }
}

impl<Req, Rep> PartialEq for Remote<Req, Rep> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<Req, Rep> fmt::Debug for Remote<Req, Rep> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Remote")
    }
}

/// Where forecasts run.
pub type Forecaster = Remote<ForecastRequest, Vec<ForecastReply>>;
/// Where pasted text and files are read (and kept).
pub type Importer = Remote<ImportRequest, ImportAnswer>;
/// Where aggregate plans are solved.
pub type Planner = Remote<PlanRequest, Vec<PlanReply>>;

/// The app as served: the forecast, reader and planner workers (next to the page) and
/// the workspace.
#[component]
pub fn App() -> Html {
    html! {
        <OneshotProvider<ForecastTask> path="worker.js">
            <OneshotProvider<ImportTask> path="reader.js">
                <OneshotProvider<PlanTask> path="planner.js">
                    <WorkerWorkspace />
                </OneshotProvider<PlanTask>>
            </OneshotProvider<ImportTask>>
        </OneshotProvider<ForecastTask>>
    }
}

#[component]
fn WorkerWorkspace() -> Html {
    let forecast = use_oneshot_runner::<ForecastTask>();
    let reader = use_oneshot_runner::<ImportTask>();
    let planner = use_oneshot_runner::<PlanTask>();
    let remotes = use_memo((), move |()| {
        let forecaster: Forecaster = Remote(Rc::new(move |request| {
            let runner = forecast.clone();
            Box::pin(async move { runner.run(request).await })
        }));
        let keeper = keeper_over(&reader);
        let importer: Importer = Remote(Rc::new(move |request| {
            let runner = reader.clone();
            Box::pin(async move {
                match runner.run(ReaderRequest::Import(request)).await {
                    ReaderReply::Import(answer) => *answer,
                    ReaderReply::Keep(_) => Ok(None),
                }
            })
        }));
        let planner: Planner = Remote(Rc::new(move |request| {
            let runner = planner.clone();
            Box::pin(async move { runner.run(request).await })
        }));
        (forecaster, importer, planner, keeper)
    });
    html! {
        <ContextProvider<Keeper> context={remotes.3.clone()}>
            <Workspace forecaster={remotes.0.clone()} importer={remotes.1.clone()} planner={remotes.2.clone()} />
        </ContextProvider<Keeper>>
    }
}

/// Props of [`Workspace`].
#[derive(Properties, PartialEq, Debug)]
pub struct WorkspaceProps {
    /// Where forecasts run.
    pub forecaster: Forecaster,
    /// Where pasted text and files are read.
    pub importer: Importer,
    /// Where aggregate plans are solved.
    pub planner: Planner,
}

/// The undo or redo a key press asks for, unless it is typed into a field.
fn shortcut(e: &KeyboardEvent) -> Option<Action> {
    let in_field = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
    if in_field || !(e.ctrl_key() || e.meta_key()) {
        return None;
    }
    match (e.key().to_lowercase().as_str(), e.shift_key()) {
        ("z", false) => Some(Action::Undo),
        ("z", true) | ("y", _) => Some(Action::Redo),
        _ => None,
    }
}

/// Today's date from the browser's clock (the engine has none).
fn today() -> Option<attune_engine::calendar::NaiveDate> {
    let now = js_sys::Date::new_0();
    let (y, m, d) = (now.get_full_year(), now.get_month() + 1, now.get_date());
    attune_engine::calendar::NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)
}

/// The whole working page: data, mapping preview, import report, chart and table.
#[component]
pub fn Workspace(props: &WorkspaceProps) -> Html {
    let state = use_reducer(|| AppState::new(today()));

    // Whenever a new dataset arrives, forecast every item in batches; a newer dataset or
    // a cancel stops the loop between batches.
    let running = use_mut_ref(|| 0u64);
    {
        let dispatcher = state.dispatcher();
        let forecaster = props.forecaster.clone();
        // The job (every item's history) is gathered once per run, not on every render.
        let state = state.clone();
        let running = running.clone();
        use_effect_with(state.generation, move |generation| {
            let generation = *generation;
            *running.borrow_mut() = generation;
            if let Some((series, settings)) = state.forecast_job() {
                spawn_local(async move {
                    for (k, chunk) in series.chunks(BATCH).enumerate() {
                        if *running.borrow() != generation {
                            break;
                        }
                        let request = ForecastRequest {
                            series: chunk.to_vec(),
                            settings: settings.clone(),
                        };
                        let replies = (forecaster.0)(request).await;
                        dispatcher.dispatch(Action::ForecastsDone {
                            generation,
                            offset: k * BATCH,
                            replies,
                        });
                    }
                });
            }
        });
    }
    let on_cancel = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| {
            *running.borrow_mut() = 0;
            dispatcher.dispatch(Action::Cancel);
        })
    };

    // Every change of the aggregate plan goes to the planner; only the latest answer lands.
    {
        let dispatcher = state.dispatcher();
        let planner = props.planner.clone();
        let input = state.plan.input.clone();
        use_effect_with(state.plan.ticket, move |ticket| {
            let ticket = *ticket;
            spawn_local(async move {
                let replies = (planner.0)(PlanRequest::new(&input)).await;
                dispatcher.dispatch(Action::Plan(PlanAction::Solved { ticket, replies }));
            });
        });
    }
    // Every scenario whose ticket has no plans yet goes to the planner too (its levers
    // applied to the base plan); only the answer for its latest ticket lands.
    {
        let dispatcher = state.dispatcher();
        let planner = props.planner.clone();
        let jobs: Vec<_> = state
            .scenarios
            .list
            .iter()
            .enumerate()
            .filter(|(_, s)| s.plans.is_none())
            .filter_map(|(index, s)| {
                let input = s.parsed().ok()?.apply_to_plan(&state.plan.input).ok()?;
                Some((index, s.ticket, PlanRequest::new(&input)))
            })
            .collect();
        let tickets: Vec<u64> = state.scenarios.list.iter().map(|s| s.ticket).collect();
        use_effect_with(tickets, move |_| {
            for (index, ticket, request) in jobs {
                let (dispatcher, planner) = (dispatcher.clone(), planner.clone());
                spawn_local(async move {
                    let replies = (planner.0)(request).await;
                    dispatcher.dispatch(Action::Scenario(ScenarioAction::Solved {
                        index,
                        ticket,
                        replies,
                    }));
                });
            }
        });
    }
    let on_plan_edit = {
        let dispatcher = state.dispatcher();
        Callback::from(move |edit: PlanEdit| {
            dispatcher.dispatch(Action::Plan(PlanAction::Edit(edit)))
        })
    };
    let on_plan_show = {
        let dispatcher = state.dispatcher();
        Callback::from(move |s: Strategy| dispatcher.dispatch(Action::Plan(PlanAction::Show(s))))
    };
    let on_capacity_table = {
        let dispatcher = state.dispatcher();
        Callback::from(move |(t, text): (Table, String)| {
            dispatcher.dispatch(Action::CapacityTable(t, text))
        })
    };
    let on_capacity_rule = {
        let dispatcher = state.dispatcher();
        Callback::from(move |r: AllocationRule| dispatcher.dispatch(Action::CapacityRule(r)))
    };
    let on_capacity_forecast = {
        let dispatcher = state.dispatcher();
        Callback::from(move |()| dispatcher.dispatch(Action::CapacityFromForecast))
    };
    let on_plan_forecast = {
        let dispatcher = state.dispatcher();
        Callback::from(move |()| dispatcher.dispatch(Action::PlanFromForecast))
    };

    // Every read goes to the importer with a ticket; only the latest ticket's answer lands.
    let tickets = use_mut_ref(|| 0u64);
    let start_import = {
        let dispatcher = state.dispatcher();
        let importer = props.importer.clone();
        Rc::new(move |request: ImportRequest, label: String| {
            let ticket = {
                let mut t = tickets.borrow_mut();
                *t += 1;
                *t
            };
            let text = match &request {
                ImportRequest::Paste { text, .. } => Some(text.clone()),
                _ => None,
            };
            dispatcher.dispatch(Action::ImportStarted {
                ticket,
                label,
                text,
            });
            let (dispatcher, importer) = (dispatcher.clone(), importer.clone());
            spawn_local(async move {
                let answer = (importer.0)(request).await;
                dispatcher.dispatch(Action::ImportAnswered {
                    ticket,
                    answer: Box::new(answer),
                });
            });
        })
    };
    let today = state.today;
    let on_input = {
        let start = start_import.clone();
        Callback::from(move |text: String| {
            start(
                ImportRequest::Paste { text, today },
                text::app::READING_PASTE.to_string(),
            )
        })
    };
    let keeper = use_context::<Keeper>();
    let on_file = {
        let start = start_import.clone();
        let dispatcher = state.dispatcher();
        Callback::from(move |(name, bytes): (String, Vec<u8>)| {
            if let (Some(keeper), true) = (&keeper, name.to_lowercase().ends_with(".attune.json")) {
                return open_file(keeper, &dispatcher, name, &bytes);
            }
            let label = text::app::reading(&name, bytes.len());
            start(ImportRequest::Open { name, bytes, today }, label);
        })
    };
    let on_load_error = {
        let dispatcher = state.dispatcher();
        Callback::from(move |message: String| dispatcher.dispatch(Action::LoadFailed(message)))
    };

    // A read that takes long can be cancelled: the page stays as it was, its answer is
    // dropped, and the reader — which finishes the read first — goes back to the table
    // the page shows.
    let on_cancel_import = {
        let dispatcher = state.dispatcher();
        let importer = props.importer.clone();
        Callback::from(move |()| {
            dispatcher.dispatch(Action::ImportCancelled);
            let importer = importer.clone();
            spawn_local(async move {
                let _ = (importer.0)(ImportRequest::Revert).await;
            });
        })
    };

    // Options from the address (embedding on a consulting site): applied once, on mount.
    let embed = use_memo((), |()| {
        let query = web_sys::window()
            .and_then(|w| w.location().search().ok())
            .unwrap_or_default();
        EmbedOptions::from_query(&query)
    });
    {
        let (embed, on_file, on_load_error) =
            (embed.clone(), on_file.clone(), on_load_error.clone());
        use_effect_with((), move |()| {
            let document = web_sys::window().and_then(|w| w.document());
            if let (Some(theme), Some(root)) = (
                embed.theme,
                document
                    .as_ref()
                    .and_then(web_sys::Document::document_element),
            ) {
                let _ = root.set_attribute("data-theme", theme.name());
            }
            if let Some(sample) = embed.sample.filter(|_| !embed.workshop) {
                spawn_local(async move {
                    match fetch_sample(sample).await {
                        Ok(bytes) => on_file.emit((sample.to_string(), bytes)),
                        Err(e) => on_load_error.emit(e),
                    }
                });
            }
            if let Some(section) = embed
                .step
                .and_then(|s| document?.get_element_by_id(&format!("step-{s}")))
            {
                section.scroll_into_view();
            }
        });
    }
    let sheet = state.view.as_ref().map_or(0, |v| v.sheet);
    let on_mapping = {
        let start = start_import.clone();
        Callback::from(move |m| {
            start(
                ImportRequest::Check {
                    sheet,
                    mapping: Some(m),
                    today,
                },
                text::app::READING_AGAIN.to_string(),
            )
        })
    };
    let on_sheet = {
        let start = start_import;
        Callback::from(move |i| {
            start(
                ImportRequest::Check {
                    sheet: i,
                    mapping: None,
                    today,
                },
                text::app::READING_SHEET.to_string(),
            )
        })
    };
    let on_select = {
        let dispatcher = state.dispatcher();
        Callback::from(move |i: usize| dispatcher.dispatch(Action::Select(i)))
    };

    let on_pick = {
        let on_select = on_select.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Ok(i) = select.value().parse() {
                on_select.emit(i);
            }
        })
    };

    let on_override = {
        let dispatcher = state.dispatcher();
        let item = state
            .dataset()
            .and_then(|d| d.dataset.items.get(state.selected))
            .map(|i| i.id.clone());
        Callback::from(move |(period, text): (Period, String)| {
            let Some(item) = item.clone() else { return };
            // "120" sets the quantity, "+10%" changes the forecast; empty removes.
            let percent = text.trim_end().ends_with('%');
            let change = match typed_number(&text) {
                Ok(Some(v)) if percent => Some(Change::Percent(v * 100.0)),
                Ok(Some(v)) => Some(Change::Set(v)),
                _ => None,
            };
            dispatcher.dispatch(Action::SetOverride {
                item,
                period,
                change,
            });
        })
    };
    let lines = state.selected_lines();
    let pipeline = lines
        .as_ref()
        .filter(|l| l.pipeline.iter().any(Option::is_some))
        .map(|l| Rc::new(l.pipeline.clone()));
    let consensus = lines.map(|l| Rc::new(l.consensus));
    let on_pipeline = {
        let dispatcher = state.dispatcher();
        Callback::from(move |text: String| dispatcher.dispatch(Action::PipelineInput(text)))
    };
    let on_options = {
        let dispatcher = state.dispatcher();
        let (horizon, season_length, method) = (state.horizon, state.season_length, state.method);
        Callback::from(move |(which, text): (&'static str, String)| {
            let value = text.trim().parse::<usize>().ok().filter(|v| *v >= 1);
            let (mut h, mut m, mut choice) = (horizon, season_length, method);
            match which {
                "horizon" => h = value,
                "season" => m = value,
                _ => {
                    choice =
                        Method::from_name(&text).map_or(MethodChoice::Auto, MethodChoice::Fixed)
                }
            }
            dispatcher.dispatch(Action::SetForecastOptions {
                horizon: h,
                season_length: m,
                method: choice,
            });
        })
    };
    let on_family = {
        let dispatcher = state.dispatcher();
        Callback::from(move |f: Option<String>| dispatcher.dispatch(Action::OpenFamily(f)))
    };
    let on_family_override = {
        let dispatcher = state.dispatcher();
        let family = state.family.clone();
        Callback::from(move |(period, text): (Period, String)| {
            let Some(family) = family.clone() else { return };
            let total = typed_number(&text).ok().flatten();
            dispatcher.dispatch(Action::SetFamilyOverride {
                family,
                period,
                total,
            });
        })
    };
    let family_view = state.family.as_deref().zip(state.family_totals()).zip(state.dataset()).map(|((f, totals), d)| {
        html! { <FamilyView history={Rc::new(d.dataset.family_history(f))} totals={Rc::new(totals)} on_override={on_family_override.clone()} /> }
    });
    let on_blend = {
        let dispatcher = state.dispatcher();
        Callback::from(move |e: Event| {
            let v = e
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value();
            let blend = match v.as_str() {
                "replace" => Blend::Replace,
                "max" => Blend::Max,
                _ => Blend::Add,
            };
            dispatcher.dispatch(Action::SetBlend(blend));
        })
    };

    let dataset = state.dataset();
    let item = dataset.and_then(|d| d.dataset.items.get(state.selected));
    let series = item.map(|i| Rc::new(i.to_series()));
    let selected = state.selected_forecast();
    let forecast = selected.and_then(|r| r.as_ref().ok()).cloned();
    let status = match selected {
        None => html! {
            <p class="status" data-testid="forecast-status" aria-live="polite">{ "Forecasting…" }</p>
        },
        Some(Ok(f)) => html! {
            <p class="status" data-testid="forecast-status" aria-live="polite">
                <strong>{ text::app::FORECAST_PREFIX }</strong>{ &f.explanation }
            </p>
        },
        Some(Err(e)) => html! {
            <p class="status error" data-testid="forecast-status" role="alert">{ e }</p>
        },
    };
    let progress = state.progress;
    let on_undo = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::Undo))
    };
    let on_redo = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::Redo))
    };
    // Ctrl/⌘+Z undoes, Ctrl/⌘+Shift+Z or Ctrl+Y redoes — anywhere on the page except in
    // a text field, where the browser's own undo of the typing applies.
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |()| {
            let listener = Closure::<dyn Fn(KeyboardEvent)>::new(move |e: KeyboardEvent| {
                if let Some(action) = shortcut(&e) {
                    e.prevent_default();
                    dispatcher.dispatch(action);
                }
            });
            let document = web_sys::window().and_then(|w| w.document());
            if let Some(d) = &document {
                let _ = d
                    .add_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref());
            }
            move || {
                if let Some(d) = &document {
                    let _ = d.remove_event_listener_with_callback(
                        "keydown",
                        listener.as_ref().unchecked_ref(),
                    );
                }
                drop(listener);
            }
        });
    }
    let undo_label = state.undo.last().map(|s| s.label.clone());
    let redo_label = state.redo.last().map(|s| s.label.clone());
    let fva = state.selected_value_added().map(|(n, v)| {
        let verdict = match v.gain_pct() {
            Some(p) if p > 0.0 => text::app::overrides_more_accurate(&quantity(p.round())),
            Some(p) if p < 0.0 => text::app::overrides_less_accurate(&quantity(-p.round())),
            _ => text::app::OVERRIDES_NEUTRAL.to_string(),
        };
        html! {
            <p class="status" data-testid="value-added">
                <strong>{ text::app::FORECAST_VALUE_ADDED }</strong>
                { text::app::value_added(n, &quantity(v.consensus.mae), &quantity(v.statistical.mae), &verdict) }
            </p>
        }
    });
    let has_forecast = state.forecasts.iter().any(|f| matches!(f, Some(Ok(_))));
    // Sections 5 and 6 (and the step bar's view of them) read the forecasts of a settled
    // run: recomputing them after every batch of 10,000 items cost the forecast ~2 s.
    let settled = {
        let kept = use_mut_ref(|| state.forecasts.clone());
        if !state.progress.running() && !Rc::ptr_eq(&kept.borrow(), &state.forecasts) {
            *kept.borrow_mut() = state.forecasts.clone();
        }
        let settled = kept.borrow().clone();
        settled
    };
    let outlooks = use_memo(
        (
            state.inventory.clone(),
            state.plan.clone(),
            state.capacity.clone(),
            settled.clone(),
            state.view.clone(),
        ),
        |(inventory, plan, capacity, forecasts, view)| {
            crate::dashboard_state::outlooks(inventory, plan, capacity, forecasts, view.as_deref())
        },
    );

    html! {
        <div class={classes!("app", embed.embed.then_some("embedded"))} data-testid="app">
            <div class="topbar">
            <nav class="toolbar" aria-label={text::app::WORKSPACE}>
                <button type="button" data-testid="undo" disabled={undo_label.is_none()} onclick={on_undo}
                    title={undo_label.as_deref().map_or_else(|| text::app::NOTHING_TO_UNDO.into(), text::app::undo_title)}>
                    { undo_label.as_deref().map_or_else(|| text::app::UNDO.to_string(), text::app::undo) }
                </button>
                <button type="button" data-testid="redo" disabled={redo_label.is_none()} onclick={on_redo}
                    title={redo_label.as_deref().map_or_else(|| text::app::NOTHING_TO_REDO.into(), text::app::redo_title)}>
                    { redo_label.as_deref().map_or_else(|| text::app::REDO.to_string(), text::app::redo) }
                </button>
                if !embed.embed { <KeepBar state={state.clone()} restore={embed.sample.is_none() && !embed.workshop} /> }
            </nav>
            <super::flow::StepBar state={state.clone()} start={embed.step.and_then(crate::flow::Step::from_name)} outlooks={outlooks.clone()} />
            </div>
            <super::workshop::WorkshopPanel state={state.clone()} outlooks={outlooks.clone()} on_file={on_file.clone()}
                on_load_error={on_load_error.clone()} start={embed.workshop_sample()} />
            if !embed.embed {
                <header class="masthead">
                    <h1>{ text::app::ATTUNE }</h1>
                    <p class="tagline">{ text::app::TAGLINE }</p>
                </header>
            }
            <main>
                <section class="panel" id="step-data">
                    <h2>{ text::app::STEP_DATA }</h2>
                    <DataPanel text={state.text.clone()} loading={state.loading.clone()}
                        load_error={state.load_error.clone()} {on_input} {on_file} {on_load_error}
                        on_cancel={on_cancel_import} />
                    { super::workshop::workshop_entry(&state) }
                    if let Some(view) = state.view.clone() {
                        <MappingPreview view={view.clone()} {on_mapping} {on_sheet} />
                        <ImportReport {view} />
                    }
                </section>
                if let (Some(series), Some(d)) = (series, dataset) {
                    <section class="panel" id="step-forecast">
                        <h2>{ text::app::STEP_FORECAST }</h2>
                        if progress.running() {
                            <div class="progress" data-testid="forecast-progress">
                                <progress max={progress.total.to_string()} value={progress.done.to_string()} />
                                <span>{ text::app::forecasting(progress.done, progress.total) }</span>
                                <button type="button" data-testid="cancel-forecast" onclick={on_cancel}>{ text::app::CANCEL }</button>
                            </div>
                        } else if progress.cancelled {
                            <p class="status" data-testid="forecast-cancelled">{ text::app::stopped(progress.done, progress.total) }</p>
                        }
                        if d.dataset.items.iter().any(|i| i.family.is_some()) {
                            <FamilyList families={Rc::new(d.dataset.families(d.dataset.granularity.season_length()))}
                                open={state.family.clone()} on_open={on_family} />
                        }
                        { family_view.unwrap_or_default() }
                        if d.dataset.items.len() > 1 {
                            <Overview items={Rc::new(d.dataset.items.clone())} forecasts={state.forecasts.clone()}
                                season={d.dataset.granularity.season_length()} selected={state.selected} on_select={on_select.clone()} />
                        }
                        if d.dataset.items.len() > 1 {
                            <label class="item-picker">{ "Item " }
                                <select data-testid="item-picker" onchange={on_pick}>
                                    { for d.dataset.items.iter().enumerate().map(|(i, it)| html! {
                                        <option value={i.to_string()} selected={i == state.selected}>
                                            { it.family.as_ref().map_or_else(|| it.id.clone(), |f| format!("{} ({f})", it.id)) }
                                        </option>
                                    }) }
                                </select>
                            </label>
                        }
                        <div class="options forecast-options">
                            <label class="option">{ text::app::PERIODS_AHEAD }
                                <Field kind="number" min="1" testid="horizon"
                                    value={state.horizon.map(|h| h.to_string()).unwrap_or_default()}
                                    placeholder={d.dataset.granularity.default_horizon().to_string()}
                                    on_commit={{ let on = on_options.clone(); Callback::from(move |text: String| on.emit(("horizon", text))) }} />
                            </label>
                            <label class="option">{ text::app::METHOD }
                                <select data-testid="method"
                                    onchange={{ let on = on_options.clone(); Callback::from(move |e: Event| on.emit(("method", e.target_unchecked_into::<web_sys::HtmlSelectElement>().value()))) }}>
                                    <option value="auto" selected={state.method == MethodChoice::Auto}>{ text::app::AUTOMATIC_DEMAND_PATTERN }</option>
                                    { for Method::ALL.iter().map(|m| html! {
                                        <option value={m.name()} selected={state.method == MethodChoice::Fixed(*m)}>{ m.label() }</option>
                                    }) }
                                </select>
                            </label>
                            <label class="option">{ text::app::SEASON_LENGTH }
                                <Field kind="number" min="1" testid="season-length"
                                    value={state.season_length.map(|m| m.to_string()).unwrap_or_default()}
                                    placeholder={d.dataset.granularity.season_length().to_string()}
                                    on_commit={{ let on = on_options.clone(); Callback::from(move |text: String| on.emit(("season", text))) }} />
                            </label>
                        </div>
                        { status }
                        { fva.unwrap_or_default() }
                        <ForecastChartView series={series.clone()} forecast={forecast.clone()} consensus={consensus.clone()} pipeline={pipeline.clone()} />
                        <ResultsTable {series} {forecast} {consensus} {pipeline} {on_override} />
                        <PipelinePanel text={state.pipeline_text.clone()} pipeline={state.pipeline.clone()} blend={state.blend} {on_pipeline} {on_blend} />
                    </section>
                }
                <section class="panel" id="step-capacity">
                    <h2>{ text::app::STEP_CAPACITY }</h2>
                    <CapacityPanel capacity={state.capacity.clone()} has_family_forecast={has_forecast && state.dataset().is_some_and(|d| d.dataset.items.iter().any(|i| i.family.is_some()))}
                        on_table={on_capacity_table} on_rule={on_capacity_rule} on_use_forecast={on_capacity_forecast} />
                </section>
                <section class="panel" id="step-plan">
                    <h2>{ text::app::STEP_PLAN }</h2>
                    <PlanPanel plan={state.plan.clone()} has_forecast={has_forecast} on_edit={on_plan_edit}
                        on_use_forecast={on_plan_forecast} on_show={on_plan_show} on_stop={{
                            let dispatcher = state.dispatcher();
                            Callback::from(move |stop: bool| dispatcher.dispatch(Action::Plan(
                                if stop { PlanAction::Stop } else { PlanAction::SolveAgain })))
                        }} />
                </section>
                <OutlookSections inventory={state.inventory.clone()} {outlooks} on_action={{
                        let dispatcher = state.dispatcher();
                        Callback::from(move |a| dispatcher.dispatch(Action::Inventory(a)))
                    }} />
                <ScenarioSection scenarios={state.scenarios.clone()} plan={state.plan.clone()} inventory={state.inventory.clone()}
                    capacity={state.capacity.clone()} forecasts={settled} view={state.view.clone()} on_action={{
                        let dispatcher = state.dispatcher();
                        Callback::from(move |a| dispatcher.dispatch(Action::Scenario(a)))
                    }} />
            </main>
        </div>
    }
}
