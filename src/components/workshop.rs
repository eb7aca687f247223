//! Workshop mode on the page: the "Start a workshop" entry beside the samples, and the
//! walkthrough panel — non-modal, labelled, Esc closes it, Back/Next, "step k of n" —
//! that highlights each stop's section and reads it with the workspace's numbers
//! ([`crate::workshop::say`]). The presenter's "Reset to start" asks first.

use std::rc::Rc;

use yew::platform::spawn_local;
use yew::prelude::*;

use super::data::fetch_sample;
use crate::dashboard_state::Outlooks;
use crate::scenario_state::ScenarioAction;
use crate::state::{Action, AppState};
use crate::text::workshop as words;
use crate::workshop::{say, Stop, WorkshopAction, DEFAULT_SAMPLE};

/// The "Start a workshop" entry, shown while workshop mode is off (a plain function,
/// not a component: it holds no state, and a component's machinery costs page weight).
pub fn workshop_entry(state: &UseReducerHandle<AppState>) -> Html {
    if state.workshop.is_some() {
        return html! {};
    }
    let onclick = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| {
            dispatcher.dispatch(Action::Workshop(WorkshopAction::Start(DEFAULT_SAMPLE)));
        })
    };
    html! {
        <p class="workshop-entry">
            { words::ENTRY_LEAD }
            <button type="button" data-testid="workshop-start" {onclick}>{ words::ENTRY_BUTTON }</button>
            <span class="muted">{ words::ENTRY_HINT }</span>
        </p>
    }
}

/// Props of [`WorkshopPanel`].
#[derive(Properties, PartialEq, Debug)]
pub struct WorkshopPanelProps {
    /// The workspace.
    pub state: UseReducerHandle<AppState>,
    /// Sections 3, 5 and 6 as the page computed them.
    pub outlooks: Rc<Outlooks>,
    /// Where a fetched sample goes (the page's own file handler).
    pub on_file: Callback<(String, Vec<u8>)>,
    /// Where a sample that cannot be fetched is reported.
    pub on_load_error: Callback<String>,
    /// The sample a workshop starts from on opening (`?workshop=1`), if any.
    #[prop_or_default]
    pub start: Option<&'static str>,
}

/// The element with `id` in the page.
fn element(id: &str) -> Option<web_sys::Element> {
    web_sys::window()?.document()?.get_element_by_id(id)
}

/// Scrolls `el` just below the sticky top bar.
fn scroll_below_bar(el: &web_sys::Element) {
    el.scroll_into_view();
    let Some(window) = web_sys::window() else {
        return;
    };
    let below = window
        .document()
        .and_then(|d| d.query_selector(".topbar").ok().flatten())
        .map_or(0.0, |t| t.get_bounding_client_rect().bottom() + 8.0);
    window.scroll_by_with_x_and_y(0.0, el.get_bounding_client_rect().top() - below);
}

/// Marks the section of `stop` (and only it) as the one being presented.
fn highlight(stop: Option<Stop>) {
    for s in Stop::ALL {
        if let Some(el) = element(s.section_id()) {
            let _ = el.remove_attribute("data-workshop-focus");
        }
    }
    if let Some(el) = stop.and_then(|s| element(s.section_id())) {
        let _ = el.set_attribute("data-workshop-focus", "");
    }
}

/// The walkthrough panel, and the work behind workshop mode: starting from the
/// address, reading the sample when the reducer asks, highlighting and scrolling.
#[component]
pub fn WorkshopPanel(props: &WorkshopPanelProps) -> Html {
    let state = &props.state;
    let workshop = state.workshop.clone();
    let confirming = use_state(|| false);
    let reopen = use_node_ref();
    let panel = use_node_ref();

    // `?workshop=1`: start once, on mount.
    {
        let (dispatcher, start) = (state.dispatcher(), props.start);
        use_effect_with((), move |()| {
            if let Some(sample) = start {
                dispatcher.dispatch(Action::Workshop(WorkshopAction::Start(sample)));
            }
        });
    }
    // The reducer asks for the sample (a start, or a reset after other data): fetch it
    // and hand it to the page's file handler, as a sample button does.
    {
        let (on_file, on_error) = (props.on_file.clone(), props.on_load_error.clone());
        let load = workshop
            .as_deref()
            .and_then(|w| w.pending_load().map(|n| (n, w.sample)));
        use_effect_with(load, move |load| {
            if let Some((_, sample)) = *load {
                spawn_local(async move {
                    match fetch_sample(sample).await {
                        Ok(bytes) => on_file.emit((sample.to_string(), bytes)),
                        Err(e) => on_error.emit(format!("{sample}: {e}")),
                    }
                });
            }
        });
    }
    // Highlight the stop's section and bring it into view; a start or reset goes back to
    // the top of the page. Armed again when the sections it needs appear.
    {
        let key = workshop.as_deref().map(|w| {
            (
                w.stop,
                w.open,
                w.resets,
                state.dataset().is_some(),
                state.scenarios.list.is_empty(),
            )
        });
        let last_reset = use_mut_ref(|| 0u64);
        use_effect_with(key, move |key| match *key {
            Some((stop, open, resets, _, _)) => {
                let stop = Stop::at(stop);
                highlight(open.then_some(stop));
                if *last_reset.borrow() != resets {
                    *last_reset.borrow_mut() = resets;
                    if let Some(w) = web_sys::window() {
                        w.scroll_to_with_x_and_y(0.0, 0.0);
                    }
                } else if let (true, Some(el)) = (open, element(stop.section_id())) {
                    scroll_below_bar(&el);
                }
            }
            None => highlight(None),
        });
    }
    // Esc moves the focus to the button that opens the panel again; opening focuses the
    // panel.
    {
        let (reopen, panel) = (reopen.clone(), panel.clone());
        let open = workshop.as_deref().map(|w| w.open);
        let was = use_mut_ref(|| None::<bool>);
        use_effect_with(open, move |open| {
            let before = was.replace(*open);
            let target = match (before, *open) {
                (Some(true), Some(false)) => reopen.cast::<web_sys::HtmlElement>(),
                (Some(false), Some(true)) => panel.cast::<web_sys::HtmlElement>(),
                _ => None,
            };
            if let Some(el) = target {
                let _ = el.focus();
            }
        });
    }

    let Some(w) = workshop else {
        return html! {};
    };
    let dispatch = |action: WorkshopAction| {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::Workshop(action)))
    };
    let n = Stop::ALL.len();
    let k = w.stop.min(n - 1);
    let count = format!("{} {} {} {n}", words::STEP, k + 1, words::OF);
    if !w.open {
        return html! {
            <button type="button" class="workshop-reopen" data-testid="workshop-reopen" ref={reopen}
                onclick={dispatch(WorkshopAction::Open(true))}>
                { format!("{} · {}/{n}", words::REOPEN, k + 1) }
            </button>
        };
    }
    let stop = Stop::at(k);
    let said = say(stop, state, &props.outlooks);
    let onkeydown = {
        let dispatcher = state.dispatcher();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.prevent_default();
                dispatcher.dispatch(Action::Workshop(WorkshopAction::Open(false)));
            }
        })
    };
    let ask = {
        let confirming = confirming.clone();
        Callback::from(move |_: MouseEvent| confirming.set(true))
    };
    let cancel = {
        let confirming = confirming.clone();
        Callback::from(move |_: MouseEvent| confirming.set(false))
    };
    let reset = {
        let (dispatcher, confirming) = (state.dispatcher(), confirming.clone());
        Callback::from(move |_: MouseEvent| {
            confirming.set(false);
            dispatcher.dispatch(Action::Workshop(WorkshopAction::Reset));
        })
    };
    let add_scenario = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| {
            dispatcher.dispatch(Action::Scenario(ScenarioAction::Add))
        })
    };
    let bits = said.bits.iter().map(|b| match &b.testid {
        Some(id) => html! { <strong data-testid={id.clone()}>{ &b.text }</strong> },
        None => html! { { &b.text } },
    });
    html! {
        <aside class="workshop" role="dialog" aria-modal="false" aria-labelledby="workshop-title"
            data-testid="workshop" tabindex="-1" ref={panel} {onkeydown}>
            <div class="workshop-head">
                <span class="workshop-count" data-testid="workshop-count">{ count }</span>
                <button type="button" class="workshop-close" data-testid="workshop-close"
                    aria-label={words::CLOSE} title={words::CLOSE} onclick={dispatch(WorkshopAction::Open(false))}>{ "×" }</button>
            </div>
            <h2 id="workshop-title" data-testid="workshop-title">{ stop.title() }</h2>
            <p class="workshop-text" data-testid="workshop-text" data-ready={said.ready.to_string()} aria-live="polite">
                if !said.ready { <span class="workshop-wait" aria-hidden="true" title={words::WAITING}>{ "↻ " }</span> }
                { for bits }
            </p>
            if stop == Stop::Scenario {
                <button type="button" data-testid="workshop-add-scenario" onclick={add_scenario}>{ words::ADD_SCENARIO }</button>
            }
            <div class="workshop-nav">
                <button type="button" data-testid="workshop-back" disabled={k == 0}
                    onclick={dispatch(WorkshopAction::Go(k.saturating_sub(1)))}>{ words::BACK }</button>
                <button type="button" data-testid="workshop-next" disabled={k + 1 == n}
                    onclick={dispatch(WorkshopAction::Go(k + 1))}>{ words::NEXT }</button>
            </div>
            <div class="workshop-presenter">
                if *confirming {
                    <p role="alert" data-testid="workshop-reset-ask">{ words::RESET_ASK }</p>
                    <button type="button" data-testid="workshop-reset-confirm" onclick={reset}>{ words::RESET_YES }</button>
                    <button type="button" data-testid="workshop-reset-cancel" onclick={cancel}>{ words::RESET_NO }</button>
                } else {
                    <button type="button" data-testid="workshop-reset" onclick={ask}>{ words::RESET }</button>
                    <button type="button" data-testid="workshop-leave" onclick={dispatch(WorkshopAction::Leave)}>{ words::LEAVE }</button>
                }
            </div>
        </aside>
    }
}
