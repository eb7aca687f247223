//! Where data comes in: the paste box, a file picker, drag and drop, and the samples.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{DragEvent, File, HtmlInputElement};
use yew::platform::spawn_local;
use yew::prelude::*;

use super::paste::PasteBox;
use crate::text;

/// The bundled samples: (file under `samples/`, label).
pub const SAMPLES: [(&str, &str); 3] = [
    ("family_monthly.csv", text::data::SAMPLE_FAMILY_MONTHLY),
    ("spares_weekly.tsv", text::data::SAMPLE_SPARES_WEEKLY),
    ("wide_european.csv", text::data::SAMPLE_WIDE_EUROPEAN),
];

/// Props of [`DataPanel`].
#[derive(Properties, PartialEq, Debug)]
pub struct DataPanelProps {
    /// The paste box's text.
    pub text: String,
    /// What is being read, in words ("Reading sales.xlsx…").
    pub loading: Option<String>,
    /// Why the last file could not be read.
    pub load_error: Option<String>,
    /// Pasted or typed text.
    pub on_input: Callback<String>,
    /// A file's (or sample's) name and bytes.
    pub on_file: Callback<(String, Vec<u8>)>,
    /// A file could not even be fetched or opened.
    pub on_load_error: Callback<String>,
    /// The planner stops the read under way.
    #[prop_or_default]
    pub on_cancel: Callback<()>,
}

async fn bytes_of(promise: js_sys::Promise) -> Result<Vec<u8>, String> {
    let buffer = JsFuture::from(promise)
        .await
        .map_err(|e| format!("{e:?}"))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

fn read(file: File, on_file: Callback<(String, Vec<u8>)>, on_error: Callback<String>) {
    spawn_local(async move {
        let name = file.name();
        match bytes_of(file.array_buffer()).await {
            Ok(bytes) => on_file.emit((name, bytes)),
            Err(_) => on_error.emit(text::data::unreadable(&name)),
        }
    });
}

/// The bytes of a bundled sample, fetched from the page's own `samples/` folder.
pub async fn fetch_sample(file: &str) -> Result<Vec<u8>, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response = JsFuture::from(window.fetch_with_str(&format!("samples/{file}")))
        .await
        .map_err(|_| text::data::SAMPLE_NOT_LOADED.to_string())?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| "no response".to_string())?;
    if !response.ok() {
        return Err(text::data::sample_http(response.status()));
    }
    bytes_of(response.array_buffer().map_err(|_| "no body".to_string())?).await
}

/// Paste box, file picker, drop zone and sample buttons.
#[component]
pub fn DataPanel(props: &DataPanelProps) -> Html {
    let dragging = use_state(|| false);
    let onchange = {
        let (on_file, on_error) = (props.on_file.clone(), props.on_load_error.clone());
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(file) = input.files().and_then(|f| f.get(0)) {
                read(file, on_file.clone(), on_error.clone());
            }
            input.set_value("");
        })
    };
    let ondrop = {
        let (on_file, on_error, dragging) = (
            props.on_file.clone(),
            props.on_load_error.clone(),
            dragging.clone(),
        );
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            if let Some(file) = e
                .data_transfer()
                .and_then(|d| d.files())
                .and_then(|f| f.get(0))
            {
                read(file, on_file.clone(), on_error.clone());
            }
        })
    };
    let ondragover = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(true);
        })
    };
    let ondragleave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let samples = SAMPLES.iter().map(|(file, label)| {
        let (on_file, on_error) = (props.on_file.clone(), props.on_load_error.clone());
        let file = *file;
        let onclick = Callback::from(move |_: MouseEvent| {
            let (on_file, on_error) = (on_file.clone(), on_error.clone());
            spawn_local(async move {
                match fetch_sample(file).await {
                    Ok(bytes) => on_file.emit((file.to_string(), bytes)),
                    Err(e) => on_error.emit(format!("{file}: {e}")),
                }
            });
        });
        html! {
            <button type="button" class="sample" data-testid={format!("sample-{file}")} {onclick}>{ *label }</button>
        }
    });
    html! {
        <div class={classes!("data", dragging.then_some("dragging"))} {ondrop} {ondragover} {ondragleave}>
            <PasteBox text={props.text.clone()} on_input={props.on_input.clone()} />
            <div class="file-row">
                <label class="file">
                    { text::data::OPEN_FILE_CSV_TSV }
                    <input type="file" data-testid="file-input" accept=".csv,.tsv,.txt,.xlsx,.xlsm,.xls,.ods" {onchange} />
                </label>
            </div>
            <div class="samples">
                <span>{ text::data::TRY_SAMPLE }</span>
                { for samples }
            </div>
            if let Some(label) = &props.loading {
                <div class="progress" data-testid="loading-progress">
                    // No value: the reader says nothing until it is done, so the bar
                    // shows work under way rather than a made-up share.
                    <progress aria-label={label.clone()} />
                    <span class="status" data-testid="loading" aria-live="polite">{ label }</span>
                    <button type="button" data-testid="cancel-loading" onclick={props.on_cancel.reform(|_: MouseEvent| ())}>{ text::app::CANCEL }</button>
                </div>
            }
            if let Some(e) = &props.load_error {
                <p class="error" role="alert" data-testid="load-error">{ e }</p>
            }
        </div>
    }
}
