//! Component tests in headless Chromium (wasm-bindgen-test): mount the workspace, paste
//! through a real `paste` event, and read the DOM. The forecast runs in the page here
//! (the worker glue is covered by the Playwright journeys); everything else is the app
//! as served.
#![cfg(target_arch = "wasm32")]

use std::rc::Rc;

use attune::worker::run;
use attune::{Forecaster, Workspace, WorkspaceProps};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{ClipboardEvent, ClipboardEventInit, DataTransfer, Element, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

fn in_page_forecaster() -> Forecaster {
    Forecaster(Rc::new(|request| Box::pin(async move { run(&request) })))
}

/// Mounts a fresh workspace in its own element and returns that element.
fn mount() -> Element {
    let document = gloo_utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<Workspace>::with_root_and_props(
        root.clone(),
        WorkspaceProps {
            forecaster: in_page_forecaster(),
        },
    )
    .render();
    root
}

/// Lets Yew render and pending futures run, until `done` holds (bounded, no sleeps).
async fn settle(root: &Element, done: impl Fn(&Element) -> bool) {
    for _ in 0..200 {
        yew::scheduler::flush().await;
        if done(root) {
            return;
        }
        // Yield to the browser's event loop so spawned futures can make progress.
        wasm_bindgen_futures::JsFuture::from(js_sys::Promise::resolve(
            &wasm_bindgen::JsValue::NULL,
        ))
        .await
        .unwrap();
    }
    panic!("condition not reached; DOM is:\n{}", root.inner_html());
}

fn text_of(root: &Element, testid: &str) -> Option<String> {
    root.query_selector(&format!("[data-testid=\"{testid}\"]"))
        .ok()
        .flatten()
        .and_then(|e| e.text_content())
}

fn paste(root: &Element, text: &str) {
    let textarea: HtmlTextAreaElement = root
        .query_selector("[data-testid=\"paste-box\"]")
        .unwrap()
        .expect("paste box is rendered")
        .dyn_into()
        .unwrap();
    let data = DataTransfer::new().unwrap();
    data.set_data("text/plain", text).unwrap();
    let init = ClipboardEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_clipboard_data(Some(&data));
    let event = ClipboardEvent::new_with_event_init_dict("paste", &init).unwrap();
    textarea.dispatch_event(&event).unwrap();
}

#[wasm_bindgen_test]
async fn paste_renders_history_forecast_and_chart() {
    let root = mount();
    settle(&root, |r| text_of(r, "paste-box").is_some()).await;
    paste(&root, "Quarter\tUnits\n2023-Q1\t5\n2023-Q2\t9\n2023-Q3\t7\n2023-Q4\t3\n2024-Q1\t6\n2024-Q2\t10\n2024-Q3\t8\n2024-Q4\t4\n");
    settle(&root, |r| text_of(r, "forecast-2025-Q1").is_some()).await;

    assert_eq!(
        text_of(&root, "import-summary").unwrap(),
        "8 quarterly periods from 2023-Q1 to 2024-Q4; 8 of 8 rows used (columns \"Quarter\" and \"Units\")."
    );
    assert_eq!(text_of(&root, "history-2024-Q2").unwrap(), "10");
    // Seasonal naive with season 4 over a default horizon of 8 quarters.
    let forecasts: Vec<String> = ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q4"]
        .iter()
        .map(|p| text_of(&root, &format!("forecast-{p}")).unwrap())
        .collect();
    assert_eq!(forecasts, ["6", "10", "8", "4", "4"]);
    assert!(text_of(&root, "forecast-2027-Q1").is_none());
    let line = root
        .query_selector("[data-testid=\"forecast-line\"]")
        .unwrap()
        .unwrap();
    let d = line.get_attribute("d").unwrap();
    assert_eq!(
        d.matches(" L").count(),
        8,
        "joins the history and has 8 steps: {d}"
    );
    // The paste replaced the box's text.
    let textarea: HtmlTextAreaElement = root
        .query_selector("textarea")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    assert!(textarea.value().starts_with("Quarter\tUnits"));
}

#[wasm_bindgen_test]
async fn problems_are_listed_with_their_cells() {
    let root = mount();
    settle(&root, |r| text_of(r, "paste-box").is_some()).await;
    paste(&root, "2024-01\t10\n2024-02\tn/a\n2024-03\t12\n");
    settle(&root, |r| {
        text_of(r, "problems").is_some() && text_of(r, "forecast-2024-04").is_some()
    })
    .await;
    assert_eq!(
        text_of(&root, "problems").unwrap(),
        "Skipped row 2, column \"B\": \"n/a\" is not a number"
    );
    assert!(text_of(&root, "warnings")
        .unwrap()
        .contains("1 period has no row (2024-02)"));
}

#[wasm_bindgen_test]
async fn typing_also_imports() {
    let root = mount();
    settle(&root, |r| text_of(r, "paste-box").is_some()).await;
    let textarea: HtmlTextAreaElement = root
        .query_selector("textarea")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    textarea.set_value("1\t4\n2\t5\n");
    let event = web_sys::InputEvent::new("input").unwrap();
    textarea.dispatch_event(&event).unwrap();
    settle(&root, |r| text_of(r, "forecast-3").is_some()).await;
    assert_eq!(text_of(&root, "forecast-3").unwrap(), "5");
}

#[wasm_bindgen_test]
async fn unusable_paste_shows_the_reason_and_no_table() {
    let root = mount();
    settle(&root, |r| text_of(r, "paste-box").is_some()).await;
    paste(&root, "only\none\ncolumn\n");
    settle(&root, |r| text_of(r, "import-error").is_some()).await;
    assert!(text_of(&root, "import-error")
        .unwrap()
        .starts_with("only one column was found"));
    assert!(text_of(&root, "results").is_none());
}
