//! Component tests in headless Chromium (wasm-bindgen-test): mount the workspace, paste
//! through a real `paste` event, and read the DOM. The forecast runs in the page here
//! (the worker glue is covered by the Playwright journeys); everything else is the app
//! as served.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use attune::session::ImportSession;
use attune::worker::{answer, run};
use attune::{Forecaster, Importer, Planner, Remote, Workspace, WorkspaceProps};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{ClipboardEvent, ClipboardEventInit, DataTransfer, Element, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

fn in_page_forecaster() -> Forecaster {
    Remote(Rc::new(|request| Box::pin(async move { run(&request) })))
}

/// The reader's session, kept in the page instead of a worker.
fn in_page_importer() -> Importer {
    let session = Rc::new(RefCell::new(ImportSession::default()));
    Remote(Rc::new(move |request| {
        let answer = session.borrow_mut().handle(request);
        Box::pin(async move { answer })
    }))
}

fn in_page_planner() -> Planner {
    Remote(Rc::new(|request| Box::pin(async move { answer(&request) })))
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
            importer: in_page_importer(),
            planner: in_page_planner(),
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
        // Yield one turn of the browser's event loop (a zero-delay task, not a sleep) so
        // that file reads and spawned futures can make progress.
        let turn = js_sys::Promise::new(&mut |resolve, _| {
            web_sys::window()
                .unwrap()
                .set_timeout_with_callback(&resolve)
                .unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(turn).await.unwrap();
    }
    panic!(
        "condition not reached; the page reads:\n{}",
        root.text_content().unwrap_or_default()
    );
}

/// The element with `data-testid` = `testid`, as type `T`; fails the test if absent.
fn by_testid<T: JsCast>(root: &Element, testid: &str) -> T {
    root.query_selector(&format!("[data-testid=\"{testid}\"]"))
        .unwrap()
        .unwrap_or_else(|| panic!("{testid} is rendered"))
        .dyn_into()
        .unwrap()
}

fn text_of(root: &Element, testid: &str) -> Option<String> {
    root.query_selector(&format!("[data-testid=\"{testid}\"]"))
        .ok()
        .flatten()
        .and_then(|e| e.text_content())
}

fn paste(root: &Element, text: &str) {
    let textarea: HtmlTextAreaElement = by_testid(root, "paste-box");
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
    assert!(text_of(&root, "forecast-status").unwrap().contains("Theta"));
    // Choose last year's pattern to check the numbers by hand.
    choose(&root, "method", "seasonal_naive").await;
    settle(&root, |r| {
        text_of(r, "forecast-2025-Q2").as_deref() == Some("10")
    })
    .await;

    assert_eq!(
        text_of(&root, "import-summary").unwrap(),
        "1 item, 8 quarterly periods from 2023-Q1 to 2024-Q4; 8 of 8 rows used."
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
        "row 2, column \"B\": \"n/a\" is not a number"
    );
    let bad = root
        .query_selector("[data-testid=\"cell-2-1\"]")
        .unwrap()
        .expect("highlighted cell");
    assert_eq!(bad.class_name(), "bad");
    assert_eq!(bad.get_attribute("title").unwrap(), "is not a number");
    assert!(text_of(&root, "warnings")
        .unwrap()
        .contains("1 period without a value: counted as 0"));
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

/// Fires a bubbling event, as the browser does for a person's change.
fn fire(target: &web_sys::EventTarget, kind: &str) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    target
        .dispatch_event(&web_sys::Event::new_with_event_init_dict(kind, &init).unwrap())
        .unwrap();
}

/// Sets a `<select>` to `value` and fires `change`, as a person choosing from it.
async fn choose(root: &Element, testid: &str, value: &str) {
    let select: web_sys::HtmlSelectElement = by_testid(root, testid);
    select.set_value(value);
    fire(&select, "change");
    // Let the page re-render, as it does between two clicks of a person.
    yew::scheduler::flush().await;
}

#[wasm_bindgen_test]
async fn changing_a_role_and_an_item_recomputes() {
    let root = mount();
    settle(&root, |r| text_of(r, "paste-box").is_some()).await;
    paste(&root, "sku\tmonth\tqty\tprice\nA\t2024-01\t1\t9\nA\t2024-02\t2\t9\nB\t2024-01\t5\t8\nB\t2024-02\t6\t8\n");
    settle(&root, |r| text_of(r, "forecast-2024-03").is_some()).await;
    assert_eq!(
        text_of(&root, "import-summary").unwrap(),
        "2 items, 2 monthly periods from 2024-01 to 2024-02; 4 of 4 rows used."
    );
    assert_eq!(text_of(&root, "forecast-2024-03").unwrap(), "2");
    // Show item B.
    choose(&root, "item-picker", "1").await;
    settle(&root, |r| {
        text_of(r, "forecast-2024-03").as_deref() == Some("6")
    })
    .await;
    // Read the price column as the quantity instead.
    choose(&root, "role-2", "Ignore").await;
    choose(&root, "role-3", "Quantity").await;
    settle(&root, |r| {
        text_of(r, "forecast-2024-03").as_deref() == Some("8")
    })
    .await;
    // Sum the months into one quarter.
    choose(&root, "bucket", "Quarter").await;
    settle(&root, |r| {
        text_of(r, "history-2024-Q1").as_deref() == Some("16")
    })
    .await;
}

#[wasm_bindgen_test]
async fn a_dropped_utf16_file_is_read_by_the_reader() {
    let root = mount();
    settle(&root, |r| text_of(r, "paste-box").is_some()).await;
    // A UTF-16 "Unicode text" file as Excel saves it, given to the file input.
    let text = "Monat\tMenge\r\n2024-01\t1,5\r\n2024-02\t2,5\r\n";
    let bytes: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let array = js_sys::Uint8Array::from(bytes.as_slice());
    let parts = js_sys::Array::of1(&array);
    let file = web_sys::File::new_with_u8_array_sequence(&parts, "unicode.txt").unwrap();
    let transfer = DataTransfer::new().unwrap();
    transfer.items().add_with_file(&file).unwrap();
    let input: web_sys::HtmlInputElement = by_testid(&root, "file-input");
    input.set_files(transfer.files().as_ref());
    fire(&input, "change");
    settle(&root, |r| {
        text_of(r, "loading").is_some()
            || text_of(r, "load-error").is_some()
            || text_of(r, "import-summary").is_some()
    })
    .await;
    assert_eq!(text_of(&root, "load-error"), None);
    settle(&root, |r| text_of(r, "forecast-2024-03").is_some()).await;
    assert_eq!(text_of(&root, "history-2024-01").unwrap(), "1.5");
    assert_eq!(
        text_of(&root, "import-summary").unwrap(),
        "1 item, 2 monthly periods from 2024-01 to 2024-02; 2 of 2 rows used."
    );
}

#[wasm_bindgen_test]
async fn every_item_is_forecast_and_the_overview_sorts_and_opens_items() {
    let root = mount();
    settle(&root, |r| text_of(r, "paste-box").is_some()).await;
    // Three items over two years; B sells the most, C has a clean season.
    let mut text = String::from("sku\tmonth\tqty\n");
    for m in 0..24 {
        let month = format!("{}-{:02}", 2023 + m / 12, m % 12 + 1);
        text.push_str(&format!("A\t{month}\t{}\n", 10 + m % 3));
        text.push_str(&format!("B\t{month}\t{}\n", 500 + m));
        text.push_str(&format!(
            "C\t{month}\t{}\n",
            [5, 9, 7, 3][m % 4] * 10 + m / 12
        ));
    }
    paste(&root, &text);
    settle(&root, |r| {
        text_of(r, "overview-error-2").is_some_and(|t| !t.is_empty())
    })
    .await;
    // Sorted by recent volume: B first.
    let first = root
        .query_selector("[data-testid=\"overview\"] tbody tr th")
        .unwrap()
        .unwrap();
    assert_eq!(first.text_content().unwrap(), "B");
    // Sort by item, open C by clicking its row.
    let sort: web_sys::HtmlElement = by_testid(&root, "sort-item");
    sort.click();
    yew::scheduler::flush().await;
    let first = root
        .query_selector("[data-testid=\"overview\"] tbody tr th")
        .unwrap()
        .unwrap();
    assert_eq!(first.text_content().unwrap(), "A");
    let row: web_sys::HtmlElement = by_testid(&root, "overview-row-2");
    row.click();
    settle(&root, |r| {
        text_of(r, "history-2023-01").as_deref() == Some("50")
    })
    .await;
    // C's demand is smooth: the automatic choice is Theta.
    assert!(text_of(&root, "forecast-status").unwrap().contains("Theta"));
    assert_eq!(
        text_of(&root, "overview-error-0").map(|t| t.is_empty()),
        Some(false)
    );
}

#[wasm_bindgen_test]
async fn the_plan_panel_compares_strategies_and_follows_edits() {
    let root = mount();
    settle(&root, |r| text_of(r, "total-optimal").is_some()).await;
    assert_eq!(text_of(&root, "total-optimal").unwrap(), "4,146,580.50");
    assert_eq!(
        text_of(&root, "status-level").unwrap(),
        "feasible",
        "only the optimal strategy claims optimality"
    );
    // Cheaper labour lowers every strategy's regular-time cost; the plan is solved again.
    let rate: web_sys::HtmlInputElement = by_testid(&root, "plan-field-costs.regular_per_hour");
    assert_eq!(rate.value(), "22");
    rate.set_value("0");
    fire(&rate, "change");
    settle(&root, |r| {
        text_of(r, "cost-optimal-0").as_deref() == Some("0.00")
    })
    .await;
    assert_eq!(text_of(&root, "cost-level-0").unwrap(), "0.00");
    // Demand typed for a period reaches the plan's table.
    let demand: web_sys::HtmlInputElement = by_testid(&root, "plan-demand-0");
    demand.set_value("2,500");
    fire(&demand, "change");
    settle(&root, |r| {
        r.query_selector("[data-testid=\"plan-row-2027-01\"] td")
            .ok()
            .flatten()
            .and_then(|e| e.text_content())
            .as_deref()
            == Some("2,500")
    })
    .await;
}

#[wasm_bindgen_test]
async fn the_capacity_panel_reads_pasted_tables() {
    let root = mount();
    // The worked example is checked as soon as the page opens.
    settle(&root, |r| text_of(r, "bottleneck").is_some()).await;
    assert!(text_of(&root, "bottleneck")
        .unwrap()
        .starts_with("Bottleneck: Press"));
    let demand: HtmlTextAreaElement = by_testid(&root, "capacity-demand");
    demand.set_value("Family\tJan\tFeb\tMar\nA\t0\t0\t0\nB\t0\t0\t0\nC\t0\t0\t0\n");
    fire(&demand, "change");
    settle(&root, |r| {
        text_of(r, "load-Press-Jan").as_deref() == Some("0%")
    })
    .await;
    assert_eq!(
        text_of(&root, "supply-status").unwrap(),
        "Everything is made on regular time (building ahead where needed)."
    );
}

#[wasm_bindgen_test]
async fn half_typed_text_survives_a_re_render() {
    let root = mount();
    settle(&root, |r| text_of(r, "total-optimal").is_some()).await;
    // The planner is typing a rate (not yet left the field)…
    let rate: web_sys::HtmlInputElement = by_testid(&root, "plan-field-costs.overtime_per_hour");
    rate.set_value("3");
    fire(&rate, "input");
    // …when another edit re-renders the page and the planner answers again.
    let demand: web_sys::HtmlInputElement = by_testid(&root, "plan-demand-1");
    demand.set_value("2,401");
    fire(&demand, "change");
    settle(&root, |r| {
        r.query_selector("[data-testid=\"plan-row-2027-02\"] td")
            .ok()
            .flatten()
            .and_then(|e| e.text_content())
            .as_deref()
            == Some("2,401")
    })
    .await;
    assert_eq!(rate.value(), "3", "the typing is kept");
    // Leaving the field commits it.
    fire(&rate, "change");
    settle(&root, |r| text_of(r, "cost-optimal-1").is_some()).await;
    let field: web_sys::HtmlInputElement = by_testid(&root, "plan-field-costs.overtime_per_hour");
    assert_eq!(field.value(), "3");
}

#[wasm_bindgen_test]
async fn the_example_plan_is_projected_promised_and_scored() {
    let root = mount();
    // Sections 5 and 6 read the example plan as soon as the planner has solved it.
    settle(&root, |r| text_of(r, "order-status-SO-102").is_some()).await;
    // Jan holds 600 + 3,024: SO-101 takes 1,500, SO-102's 2,500 waits for Feb — though
    // Jan's spare hours could have made it on time.
    assert_eq!(text_of(&root, "order-status-SO-101").unwrap(), "on time");
    assert_eq!(
        text_of(&root, "order-status-SO-102").unwrap(),
        "late by 1 period"
    );
    assert_eq!(
        text_of(&root, "order-ctp-SO-102").unwrap(),
        "2027-01, on time"
    );
    assert_eq!(text_of(&root, "cum-atp-Total-2027-01").unwrap(), "2,124");
    assert_eq!(
        text_of(&root, "inv-projected-Total-2027-01").unwrap(),
        "1,424"
    );
    assert_eq!(
        text_of(&root, "inv-flags-Total-2027-08").unwrap(),
        "stockout, below safety stock"
    );
    assert!(text_of(&root, "ask-answer")
        .unwrap()
        .starts_with("Not in 2027-02: only 2,504 available to promise there"));
    // The dashboard: 3 of 4 orders on time is red, in words.
    assert_eq!(text_of(&root, "kpi-value-OnTimeDelivery").unwrap(), "75 %");
    assert_eq!(
        text_of(&root, "kpi-light-OnTimeDelivery").unwrap(),
        "red: act on it"
    );
    assert_eq!(text_of(&root, "kpi-value-FillRate").unwrap(), "99.4 %");
    assert_eq!(text_of(&root, "cal-Total-2027-08").unwrap(), "out");
    let bars = root
        .query_selector_all("[data-testid=\"gap-chart\"] rect.bar")
        .unwrap();
    assert_eq!(bars.length(), 12);
    assert!(text_of(&root, "health")
        .unwrap()
        .contains("3 of 4 orders (75 %) on time"));
}

#[wasm_bindgen_test]
async fn orders_and_policy_problems_name_their_cell_and_field() {
    let root = mount();
    settle(&root, |r| text_of(r, "order-status-SO-101").is_some()).await;
    let orders: HtmlTextAreaElement = by_testid(&root, "orders");
    orders.set_value("Customer\tItem\tQty\tRequested\nAcme\tTotal\tten\t2027-01\n");
    fire(&orders, "change");
    settle(&root, |r| text_of(r, "orders-error").is_some()).await;
    assert!(text_of(&root, "orders-error")
        .unwrap()
        .starts_with("Row 2, column \"Qty\": \"ten\""));
    let lead: web_sys::HtmlInputElement = by_testid(&root, "inv-lead-time");
    lead.set_value("soon");
    fire(&lead, "change");
    settle(&root, |r| text_of(r, "inv-problems").is_some()).await;
    assert_eq!(
        text_of(&root, "inv-problems").unwrap(),
        "Lead time (periods): \"soon\" is not a number"
    );
    assert!(text_of(&root, "dashboard-error")
        .unwrap()
        .starts_with("Fix the inventory policy"));
    // Projecting the families of the supply plan instead.
    lead.set_value("1");
    fire(&lead, "change");
    choose(&root, "inv-source", "families").await;
    settle(&root, |r| text_of(r, "inv-summary-A").is_some()).await;
    assert!(text_of(&root, "cal-C-Mar").is_some());
}

/// A workspace with the keep tools: its keeper and importer share one in-page session,
/// as they share the reader worker in the app.
#[derive(yew::Properties, PartialEq)]
struct KeptProps {
    forecaster: Forecaster,
    importer: Importer,
    planner: Planner,
    keeper: attune::components::keep::Keeper,
}

#[yew::component]
fn KeptWorkspace(props: &KeptProps) -> yew::Html {
    yew::html! {
        <yew::ContextProvider<attune::components::keep::Keeper> context={props.keeper.clone()}>
            <Workspace forecaster={props.forecaster.clone()} importer={props.importer.clone()}
                planner={props.planner.clone()} />
        </yew::ContextProvider<attune::components::keep::Keeper>>
    }
}

fn mount_kept() -> Element {
    mount_kept_with(|session| {
        Remote(Rc::new(move |request| {
            let reply = attune::keep::serve(&mut session.borrow_mut(), request);
            Box::pin(async move { reply })
        }))
    })
}

/// A workspace with keep tools whose importer reads in the page; `keeper` makes the
/// keeper from the importer's session (or ignores it, to stand for a busy reader).
fn mount_kept_with(
    keeper: impl FnOnce(Rc<RefCell<ImportSession>>) -> attune::components::keep::Keeper,
) -> Element {
    let session = Rc::new(RefCell::new(ImportSession::default()));
    let reader = session.clone();
    let importer: Importer = Remote(Rc::new(move |request| {
        let answer = reader.borrow_mut().handle(request);
        Box::pin(async move { answer })
    }));
    let keeper = keeper(session);
    let document = gloo_utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<KeptWorkspace>::with_root_and_props(
        root.clone(),
        KeptProps {
            forecaster: in_page_forecaster(),
            importer,
            planner: in_page_planner(),
            keeper,
        },
    )
    .render();
    root
}

/// A keeper that never answers: a reader still writing.
fn busy_keeper(_: Rc<RefCell<ImportSession>>) -> attune::components::keep::Keeper {
    Remote(Rc::new(|_| Box::pin(std::future::pending())))
}

fn share_link_of(root: &Element) -> Option<String> {
    root.query_selector("[data-testid=\"share-link\"]")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
        .map(|i| i.value())
}

#[wasm_bindgen_test]
async fn a_share_link_opens_the_same_workspace_in_another_workspace() {
    let window = web_sys::window().unwrap();
    let storage = window.local_storage().unwrap().unwrap();
    storage.clear().unwrap();
    let a = mount_kept();
    settle(&a, |r| text_of(r, "paste-box").is_some()).await;
    paste(&a, "Quarter\tUnits\n2023-Q1\t5\n2023-Q2\t9\n2023-Q3\t7\n2023-Q4\t3\n2024-Q1\t6\n2024-Q2\t10\n2024-Q3\t8\n2024-Q4\t4\n");
    settle(&a, |r| text_of(r, "forecast-2025-Q1").is_some()).await;
    choose(&a, "method", "seasonal_naive").await;
    settle(&a, |r| {
        text_of(r, "forecast-2025-Q2").as_deref() == Some("10")
    })
    .await;
    by_testid::<web_sys::HtmlElement>(&a, "share").click();
    settle(&a, |r| share_link_of(r).is_some()).await;
    let link = share_link_of(&a).unwrap();
    let hash = window.location().hash().unwrap();
    assert!(hash.starts_with("#a1."), "{hash}");
    assert!(link.ends_with(&hash), "the field shows the address");

    // A second workspace, as a fresh page would, opens the link from the address.
    let b = mount_kept();
    settle(&b, |r| {
        text_of(r, "keep-told").as_deref() == Some("Opened the workspace from the link.")
            && text_of(r, "forecast-2025-Q2").as_deref() == Some("10")
    })
    .await;
    assert_eq!(
        text_of(&b, "import-summary"),
        text_of(&a, "import-summary"),
        "the same data"
    );
    assert_eq!(
        window.location().hash().unwrap(),
        "",
        "the link left the address"
    );
    storage.clear().unwrap();
}

#[wasm_bindgen_test]
async fn the_step_bar_reads_each_step_in_words_and_follows_clicks() {
    let root = mount();
    let status = |r: &Element, step: &str| text_of(r, &format!("flow-status-{step}"));
    settle(&root, |r| {
        status(r, "plan").as_deref() == Some("optimal: 4,146,580.50")
    })
    .await;
    let nav = root.query_selector("nav[aria-label=\"Steps\"]").unwrap();
    assert!(nav.is_some(), "a navigation landmark named Steps");
    assert_eq!(status(&root, "data").unwrap(), "not loaded");
    assert_eq!(text_of(&root, "flow-mark-data").unwrap(), "○ waiting");
    assert_eq!(status(&root, "forecast").unwrap(), "waiting for data");
    assert_eq!(text_of(&root, "flow-mark-plan").unwrap(), "✓ done");
    assert!(status(&root, "capacity")
        .unwrap()
        .starts_with("bottleneck Press, "));
    // Sections 5 and 6 of the example plan: the same flags the sections show.
    assert_eq!(
        status(&root, "inventory").unwrap(),
        "2 stockouts, 1 order late"
    );
    assert!(status(&root, "dashboard").unwrap().contains("red"));
    assert_eq!(
        text_of(&root, "flow-mark-dashboard").unwrap(),
        "! needs attention"
    );

    paste(&root, "Quarter\tUnits\n2023-Q1\t5\n2023-Q2\t9\n2023-Q3\t7\n2023-Q4\t3\n2024-Q1\t6\n2024-Q2\t10\n2024-Q3\t8\n2024-Q4\t4\n");
    settle(&root, |r| {
        status(r, "forecast").as_deref() == Some("1 of 1 forecast")
    })
    .await;
    assert_eq!(status(&root, "data").unwrap(), "1 item, quarterly");
    assert_eq!(text_of(&root, "flow-mark-forecast").unwrap(), "✓ done");
    // Editing a capacity table changes step 3 only: the forecast is not run again.
    let demand: HtmlTextAreaElement = by_testid(&root, "capacity-demand");
    demand.set_value("Family\tJan\tFeb\tMar\nA\t0\t0\t0\nB\t0\t0\t0\nC\t0\t0\t0\n");
    fire(&demand, "change");
    settle(&root, |r| status(r, "capacity").as_deref() == Some("fits")).await;
    assert_eq!(status(&root, "forecast").unwrap(), "1 of 1 forecast");
    assert_eq!(status(&root, "plan").unwrap(), "optimal: 4,146,580.50");

    // A click marks the step as the current one.
    let link: web_sys::HtmlElement = root
        .query_selector("[data-testid=\"flow-dashboard\"] a")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("#step-dashboard")
    );
    link.click();
    settle(&root, |r| {
        r.query_selector("[data-testid=\"flow-dashboard\"] a[aria-current=\"step\"]")
            .ok()
            .flatten()
            .is_some()
    })
    .await;
    assert_eq!(
        root.query_selector_all("[aria-current=\"step\"]")
            .unwrap()
            .length(),
        1,
        "one current step"
    );
}

#[wasm_bindgen_test]
async fn a_scenario_with_two_levers_shows_its_kpi_deltas_and_chart() {
    let root = mount();
    settle(&root, |r| {
        text_of(r, "scn-add").is_some() && text_of(r, "total-optimal").is_some()
    })
    .await;
    let add: web_sys::HtmlElement = by_testid(&root, "scn-add");
    add.click();
    settle(&root, |r| text_of(r, "scn-0-delta-PlanCost").is_some()).await;
    assert_eq!(
        text_of(&root, "scn-0-delta-PlanCost").unwrap(),
        " (±0.00, same)",
        "a new scenario is the base"
    );
    for (testid, value) in [("scn-0-demand", "10"), ("scn-0-workforce-max", "50")] {
        let field: web_sys::HtmlInputElement = by_testid(&root, testid);
        field.set_value(value);
        fire(&field, "change");
        yew::scheduler::flush().await;
    }
    settle(&root, |r| {
        text_of(r, "scn-0-delta-PlanCost").as_deref() == Some(" (+489,064.50, worse)")
    })
    .await;
    assert_eq!(
        text_of(&root, "scn-0-delta-FillRate").unwrap(),
        " (+0.6 pts, better)"
    );
    let chart: Element = by_testid(&root, "scn-delta-chart");
    assert_eq!(
        chart
            .query_selector_all("[data-testid=\"scn-delta-bar\"]")
            .unwrap()
            .length(),
        9
    );
}

/// The page's locale is read from the browser's own `Intl`: separators for figures,
/// dates, `<html lang>` and typed numbers follow it; an unknown locale falls back.
#[wasm_bindgen_test]
fn the_locale_follows_the_browsers_intl() {
    use attune::format::money;
    use attune::locale::{date_time, start, typed_number};
    let lang = || {
        gloo_utils::document()
            .document_element()
            .and_then(|e| e.get_attribute("lang"))
    };
    // Synchronous from here to the restore, so no other test sees these locales.
    let de = start(Some("de-DE"));
    let de_money = money(4_146_580.5);
    let de_lang = lang();
    let de_date = date_time("2026-03-14T12:00:00Z");
    let de_typed = typed_number("2,5");
    start(Some("fr-FR"));
    let fr_money = money(4_146_580.5);
    start(Some("en-IN"));
    let in_money = money(4_146_580.5);
    let in_typed = typed_number("41,46,580.50");
    start(Some("de-CH"));
    let ch_money = money(4_146_580.5);
    start(Some("es-ES"));
    let es_small = money(1234.5);
    let bad_date = date_time("not a date");
    start(Some("en-US"));
    let us_money = money(4_146_580.5);
    let us_typed = typed_number("2,5");

    assert_eq!(de, "de-DE");
    assert_eq!(de_money, "4.146.580,50");
    assert_eq!(de_lang.as_deref(), Some("de-DE"));
    assert!(
        de_date.as_deref().is_some_and(|d| d.contains("14.03.2026")),
        "{de_date:?}"
    );
    assert_eq!(de_typed, Ok(Some(2.5)));
    assert_eq!(fr_money, "4\u{202f}146\u{202f}580,50");
    assert_eq!(in_money, "41,46,580.50");
    assert_eq!(in_typed, Ok(Some(4_146_580.5)));
    // CLDR has written the Swiss group mark as ’ and, lately, as '.
    assert!(
        ["4'146'580.50", "4’146’580.50"].contains(&ch_money.as_str()),
        "{ch_money}"
    );
    assert_eq!(es_small, "1234,50");
    assert_eq!(bad_date, None);
    assert_eq!(us_money, "4,146,580.50");
    assert!(us_typed.is_err(), "a comma only groups thousands in en-US");
}

#[wasm_bindgen_test]
async fn a_plan_being_solved_shows_a_bar_and_the_solver_s_time_limit() {
    // A planner that has not answered yet: the panel shows work under way, not a blank.
    let document = gloo_utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let waiting: Planner = Remote(Rc::new(|_| Box::pin(std::future::pending())));
    yew::Renderer::<Workspace>::with_root_and_props(
        root.clone(),
        WorkspaceProps {
            forecaster: in_page_forecaster(),
            importer: in_page_importer(),
            planner: waiting,
        },
    )
    .render();
    settle(&root, |r| text_of(r, "plan-status").is_some()).await;
    assert_eq!(text_of(&root, "plan-status").unwrap(), "Planning…");
    let bar = root
        .query_selector("[data-testid=\"plan-progress\"] progress")
        .unwrap()
        .expect("a progress bar while the planner works");
    assert!(!bar.has_attribute("value"), "no made-up share of the work");
    let said = text_of(&root, "plan-progress").unwrap();
    assert!(said.contains("each for 5 s at most"), "{said}");
    assert!(text_of(&root, "total-optimal").is_none());
    // Stop: the page stops waiting and says so; Solve again asks the planner again.
    by_testid::<web_sys::HtmlElement>(&root, "plan-stop").click();
    settle(&root, |r| text_of(r, "plan-stopped").is_some()).await;
    assert!(text_of(&root, "plan-progress").is_none());
    assert_eq!(
        text_of(&root, "flow-status-plan").as_deref(),
        Some("stopped: not solved")
    );
    by_testid::<web_sys::HtmlElement>(&root, "plan-solve-again").click();
    settle(&root, |r| text_of(r, "plan-progress").is_some()).await;
    assert!(text_of(&root, "plan-stopped").is_none());
}

#[wasm_bindgen_test]
async fn an_export_under_way_shows_a_bar_and_can_be_cancelled() {
    // A reader that is still writing the file (it never answers here).
    let root = mount_kept_with(busy_keeper);
    settle(&root, |r| text_of(r, "paste-box").is_some()).await;
    paste(
        &root,
        "Quarter\tUnits\n2023-Q1\t5\n2023-Q2\t9\n2023-Q3\t7\n2023-Q4\t3\n2024-Q1\t6\n",
    );
    settle(&root, |r| {
        r.query_selector("[data-testid=\"export-forecasts-xlsx\"]:not([disabled])")
            .ok()
            .flatten()
            .is_some()
    })
    .await;
    by_testid::<web_sys::HtmlElement>(&root, "export-forecasts-xlsx").click();
    settle(&root, |r| text_of(r, "export-forecasts-busy").is_some()).await;
    assert_eq!(
        text_of(&root, "export-forecasts-busy").unwrap(),
        "Writing the forecasts as XLSX…Cancel"
    );
    assert!(root
        .query_selector("[data-testid=\"export-forecasts-busy\"] progress:not([value])")
        .unwrap()
        .is_some());
    by_testid::<web_sys::HtmlElement>(&root, "export-forecasts-cancel").click();
    settle(&root, |r| text_of(r, "export-forecasts-busy").is_none()).await;
    assert!(text_of(&root, "export-forecasts-error").is_none());
}

#[wasm_bindgen_test]
async fn a_save_under_way_shows_a_bar_and_can_be_cancelled() {
    // The reader answers the page's reads but never finishes writing the workspace.
    let window = web_sys::window().unwrap();
    window.local_storage().unwrap().unwrap().clear().unwrap();
    let root = mount_kept_with(busy_keeper);
    settle(&root, |r| text_of(r, "save").is_some()).await;
    by_testid::<web_sys::HtmlElement>(&root, "save").click();
    settle(&root, |r| text_of(r, "keep-cancel").is_some()).await;
    assert_eq!(text_of(&root, "kept").as_deref(), Some("Saving…"));
    assert!(root
        .query_selector("[data-testid=\"keep-busy\"]:not([value])")
        .unwrap()
        .is_some());
    by_testid::<web_sys::HtmlElement>(&root, "keep-cancel").click();
    settle(&root, |r| text_of(r, "keep-cancel").is_none()).await;
    assert!(text_of(&root, "keep-busy").is_none());
    assert_ne!(text_of(&root, "kept").as_deref(), Some("Saving…"));
}
