//! A text field or text box that keeps what the planner is typing.
//!
//! Yew keeps a `value` in step with the page state on every render; a field that only
//! reports on `change` (when the planner leaves it) would lose half-typed text whenever
//! something else re-renders the page — a worker's answer, a batch of forecasts. These
//! fields hold the typing as a draft until it is committed, then show the state again
//! (which may have refused the text: the field then shows the value that stands).

use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

/// Props of [`Field`].
#[derive(Properties, PartialEq, Debug)]
pub struct FieldProps {
    /// The value that stands in the state.
    pub value: AttrValue,
    /// The text typed, when the planner leaves the field.
    pub on_commit: Callback<String>,
    /// `data-testid`.
    pub testid: AttrValue,
    /// The accessible label.
    #[prop_or_default]
    pub label: Option<AttrValue>,
    /// Shown when empty.
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
    /// The input's type (`text` by default).
    #[prop_or(AttrValue::Static("text"))]
    pub kind: AttrValue,
    /// CSS class.
    #[prop_or_default]
    pub class: Classes,
    /// A multi-line text box of this many rows instead of a one-line field.
    #[prop_or_default]
    pub rows: Option<u32>,
    /// `min` of a number field.
    #[prop_or_default]
    pub min: Option<AttrValue>,
}

/// The text of the field or text box an event came from.
fn text_of(e: &Event) -> Option<String> {
    let target = e.target()?;
    target
        .dyn_ref::<HtmlInputElement>()
        .map(HtmlInputElement::value)
        .or_else(|| {
            target
                .dyn_ref::<HtmlTextAreaElement>()
                .map(HtmlTextAreaElement::value)
        })
}

/// A one-line field, or a text box when `rows` is given.
#[component]
pub fn Field(props: &FieldProps) -> Html {
    let draft = use_state(|| None::<String>);
    let value = (*draft).clone().unwrap_or_else(|| props.value.to_string());
    let oninput = {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| draft.set(text_of(&e)))
    };
    let onchange = {
        let (draft, on) = (draft, props.on_commit.clone());
        Callback::from(move |e: Event| {
            draft.set(None);
            if let Some(text) = text_of(&e) {
                on.emit(text);
            }
        })
    };
    match props.rows {
        Some(rows) => html! {
            <textarea class={props.class.clone()} data-testid={props.testid.clone()} aria-label={props.label.clone()}
                rows={rows.to_string()} spellcheck="false" placeholder={props.placeholder.clone()} {value} {oninput} {onchange} />
        },
        None => html! {
            <input type={props.kind.clone()} class={props.class.clone()} inputmode="decimal" data-testid={props.testid.clone()}
                aria-label={props.label.clone()} placeholder={props.placeholder.clone()} min={props.min.clone()} {value} {oninput} {onchange} />
        },
    }
}
