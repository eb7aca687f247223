//! The paste box: takes text from a clipboard paste (what Excel, Sheets and LibreOffice
//! put there) or from typing.

use crate::text;
use wasm_bindgen::JsCast;
use web_sys::{ClipboardEvent, HtmlTextAreaElement};
use yew::prelude::*;

/// Props of [`PasteBox`].
#[derive(Properties, PartialEq, Debug)]
pub struct PasteBoxProps {
    /// The text currently in the box.
    pub text: String,
    /// Called with the box's whole new text.
    pub on_input: Callback<String>,
}

/// A textarea that reports pasted and typed text.
#[component]
pub fn PasteBox(props: &PasteBoxProps) -> Html {
    let onpaste = {
        let on_input = props.on_input.clone();
        Callback::from(move |e: Event| {
            let text = e
                .dyn_ref::<ClipboardEvent>()
                .and_then(ClipboardEvent::clipboard_data)
                .and_then(|d| d.get_data("text/plain").ok());
            if let Some(text) = text {
                // The pasted range replaces the box: a paste is a new data set.
                e.prevent_default();
                on_input.emit(text);
            }
        })
    };
    let oninput = {
        let on_input = props.on_input.clone();
        Callback::from(move |e: InputEvent| {
            on_input.emit(e.target_unchecked_into::<HtmlTextAreaElement>().value());
        })
    };
    html! {
        <div class="paste">
            <label for="paste-box">
                { text::paste::PASTE_HINT }
            </label>
            <textarea
                id="paste-box"
                data-testid="paste-box"
                rows="8"
                spellcheck="false"
                placeholder={"Month\tUnits\n2024-01\t120\n2024-02\t135\n…"}
                value={props.text.clone()}
                {onpaste}
                {oninput}
            />
        </div>
    }
}
