//! The step bar of the guided flow: six links to the page's sections, each with its
//! status in words and a mark shown as an icon and a word (see [`crate::flow`]). The
//! step in view is highlighted (an `IntersectionObserver` over the sections), as is a
//! step clicked or named by `?step=`.

use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit};
use yew::prelude::*;

use crate::dashboard_state::Outlooks;
use crate::flow::{statuses, Step};
use crate::state::AppState;
use crate::text;

/// Props of [`StepBar`].
#[derive(Properties, PartialEq, Debug)]
pub struct StepBarProps {
    /// The workspace.
    pub state: UseReducerHandle<AppState>,
    /// The step the address opened at (`?step=`).
    #[prop_or_default]
    pub start: Option<Step>,
    /// Sections 3, 5 and 6 as the page computed them.
    pub outlooks: Rc<Outlooks>,
}

/// The step's section in the workspace that holds `bar` (a page may hold more than one,
/// as the component tests' does).
fn section(bar: &NodeRef, step: Step) -> Option<web_sys::Element> {
    let app = bar.cast::<web_sys::Element>()?.closest(".app").ok()??;
    app.query_selector(&format!("#{}", step.section_id()))
        .ok()?
}

/// The step bar.
#[component]
pub fn StepBar(props: &StepBarProps) -> Html {
    let state = &props.state;
    let o = &props.outlooks;
    let steps = statuses(state, &o.capacity, &o.outlook, &o.board);

    let current = use_state(|| props.start);
    let bar = use_node_ref();
    // The section in a band near the top of the window is the current step; armed again
    // once the forecast section exists.
    {
        let (setter, bar) = (current.setter(), bar.clone());
        use_effect_with(state.dataset().is_some(), move |_| {
            let callback = Closure::<dyn Fn(js_sys::Array)>::new(move |entries: js_sys::Array| {
                for entry in entries.iter() {
                    let Ok(entry) = entry.dyn_into::<IntersectionObserverEntry>() else {
                        continue;
                    };
                    let id = entry.target().id();
                    let step = id.strip_prefix("step-").and_then(Step::from_name);
                    if let (true, Some(step)) = (entry.is_intersecting(), step) {
                        setter.set(Some(step));
                    }
                }
            });
            let init = IntersectionObserverInit::new();
            init.set_root_margin("-25% 0px -45% 0px");
            let observer =
                IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &init)
                    .ok();
            if let Some(o) = &observer {
                for el in Step::ALL.iter().filter_map(|s| section(&bar, *s)) {
                    o.observe(&el);
                }
            }
            move || {
                if let Some(o) = observer {
                    o.disconnect();
                }
                drop(callback);
            }
        });
    }

    let items = steps.iter().enumerate().map(|(n, s)| {
        let step = s.step;
        let here = *current == Some(step);
        let onclick = {
            let (current, bar) = (current.clone(), bar.clone());
            Callback::from(move |e: MouseEvent| {
                // Scroll without touching the address: a share link may be in it.
                e.prevent_default();
                if let Some(el) = section(&bar, step) {
                    el.scroll_into_view();
                    // Just below the sticky bar, however tall the toolbar has wrapped.
                    let below = bar
                        .cast::<web_sys::Element>()
                        .and_then(|b| b.parent_element())
                        .map(|top| top.get_bounding_client_rect().bottom() + 8.0);
                    if let (Some(below), Some(w)) = (below, web_sys::window()) {
                        w.scroll_by_with_x_and_y(0.0, el.get_bounding_client_rect().top() - below);
                    }
                }
                current.set(Some(step));
            })
        };
        let name = step.name();
        html! {
            <li class={classes!("step", s.mark.class(), here.then_some("current"))} data-testid={format!("flow-{name}")}>
                <a href={format!("#{}", step.section_id())} aria-current={here.then_some("step")} {onclick}>
                    <span class="step-name">{ format!("{} · {}", n + 1, step.label()) }</span>
                    <span class="step-mark" data-testid={format!("flow-mark-{name}")}>
                        <span class="step-icon" aria-hidden="true">{ s.mark.icon() }</span>{ " " }{ s.mark.words() }
                    </span>
                    <span class="step-status" data-testid={format!("flow-status-{name}")}>{ &s.text }</span>
                </a>
            </li>
        }
    });
    html! {
        <nav class="steps" aria-label={text::flow::STEPS} data-testid="steps" ref={bar.clone()}>
            <ol>{ for items }</ol>
        </nav>
    }
}
