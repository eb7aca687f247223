//! The toolbar's keep tools: Save, Open, Share link, the CSV and XLSX exports and New workspace,
//! the notices that go with them, and the autosave to the browser's storage with the
//! restore on start. The reader worker does the writing and reading ([`crate::keep`]);
//! here is only the browser's side: files, downloads, the clipboard, the address and
//! `localStorage`.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_agent::oneshot::UseOneshotRunnerHandle;

use super::app::Remote;
use crate::keep::{
    file_name, sections_json, Export, ExportFile, FileKind, Form, KeepReply, KeepRequest,
    STORAGE_KEY, STORAGE_TIME_KEY,
};
use crate::state::{Action, AppState, KeepAction, Notice};
use crate::text::keep as words;
use crate::worker::{ImportTask, ReaderReply, ReaderRequest};

/// Where the workspace is saved, opened and exported: the reader worker (the page
/// itself in component tests), which holds the table.
pub type Keeper = Remote<KeepRequest, KeepReply>;

/// The keeper over the reader worker's oneshot.
#[must_use]
pub fn keeper_over(reader: &UseOneshotRunnerHandle<ImportTask>) -> Keeper {
    let reader = reader.clone();
    Remote(Rc::new(move |request| {
        let runner = reader.clone();
        Box::pin(async move {
            match runner.run(ReaderRequest::Keep(request)).await {
                ReaderReply::Keep(reply) => *reply,
                ReaderReply::Import(_) => KeepReply::Written(Err(words::OTHER_ANSWER.into())),
            }
        })
    }))
}

type Dispatcher = UseReducerDispatcher<AppState>;

thread_local! {
    /// The saving, opening or sharing under way: a cancel moves it on, so that the
    /// answer it was waiting for is dropped; and whether that cancel must ask the reader
    /// to go back to its table (an opening replaces it).
    static RUN: std::cell::Cell<(u64, bool)> = const { std::cell::Cell::new((0, false)) };
}

/// Starts a saving, opening or sharing: says so, and returns its number.
fn begin(dispatcher: &Dispatcher, what: String, opening: bool) -> u64 {
    dispatcher.dispatch(Action::Keep(KeepAction::Busy(what)));
    RUN.with(|r| {
        let run = r.get().0 + 1;
        r.set((run, opening));
        run
    })
}

/// Whether `run` is still the one under way (not cancelled nor replaced).
fn current(run: u64) -> bool {
    RUN.with(|r| r.get().0 == run)
}

/// Cancels the saving, opening or sharing under way.
fn cancel(keeper: &Keeper, dispatcher: &Dispatcher) {
    let opening = RUN.with(|r| {
        let (run, opening) = r.get();
        r.set((run + 1, false));
        opening
    });
    dispatcher.dispatch(Action::Keep(KeepAction::Done(None)));
    if opening {
        let keeper = keeper.clone();
        spawn_local(async move {
            let _ = (keeper.0)(KeepRequest::Revert).await;
        });
    }
}

/// Reads `text` (a document or a link) and, when it reads, makes it the workspace; when
/// it does not, says why and leaves the workspace as it was.
async fn open(keeper: Keeper, dispatcher: Dispatcher, text: String, name: String, notice: Notice) {
    let run = begin(&dispatcher, words::opening(&name), true);
    let answer = (keeper.0)(KeepRequest::Read { text, name }).await;
    if !current(run) {
        return;
    }
    match answer {
        KeepReply::Read(Ok(opened)) => dispatcher.dispatch(Action::Restore { opened, notice }),
        KeepReply::Read(Err(why)) => problem(&dispatcher, why),
        _ => problem(&dispatcher, words::OTHER_ANSWER.into()),
    }
}

fn problem(dispatcher: &Dispatcher, why: String) {
    dispatcher.dispatch(Action::Keep(KeepAction::Done(Some(Notice::Problem(why)))));
}

/// Opens a dropped or picked `.attune.json` file.
pub fn open_file(keeper: &Keeper, dispatcher: &Dispatcher, name: String, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes).into_owned();
    let notice = Notice::Told(words::opened(&name));
    spawn_local(open(keeper.clone(), dispatcher.clone(), text, name, notice));
}

/// Asks the keeper to write the workspace.
async fn write(keeper: &Keeper, sections: String, form: Form) -> Result<String, String> {
    match (keeper.0)(KeepRequest::Write { sections, form }).await {
        KeepReply::Written(result) => result,
        _ => Err(words::OTHER_ANSWER.into()),
    }
}

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

fn storage() -> Option<web_sys::Storage> {
    window()?.local_storage().ok().flatten()
}

/// The address without its fragment.
fn address() -> String {
    let Some(location) = window().map(|w| w.location()) else {
        return String::new();
    };
    let href = location.href().unwrap_or_default();
    href.split_once('#')
        .map_or(href.clone(), |(a, _)| a.to_string())
}

/// Sets (or, with `None`, removes) the address's fragment without reloading or adding
/// to the history.
fn set_fragment(code: Option<&str>) {
    let url = match code {
        Some(code) => format!("{}#{code}", address()),
        None => address(),
    };
    if let Some(history) = window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

/// Offers `text` as a download named `name`.
fn download(name: &str, text: &str, mime: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let bag = web_sys::BlobPropertyBag::new();
    bag.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &bag)
        .map_err(|_| words::no_download(name))?;
    download_blob(name, &blob)
}

/// Offers `bytes` as a download named `name`.
fn download_bytes(name: &str, bytes: &[u8], mime: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let bag = web_sys::BlobPropertyBag::new();
    bag.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &bag)
        .map_err(|_| words::no_download(name))?;
    download_blob(name, &blob)
}

/// Offers `blob` as a download named `name` (through an object URL, which the page's
/// CSP allows, and a link clicked).
///
/// # Errors
/// In words, when the browser refuses.
pub fn download_blob(name: &str, blob: &web_sys::Blob) -> Result<(), String> {
    let fail = |_| words::no_download(name);
    let url = web_sys::Url::create_object_url_with_blob(blob).map_err(fail)?;
    let document = window()
        .and_then(|w| w.document())
        .ok_or_else(|| fail(JsValue::NULL))?;
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(fail)?
        .dyn_into()
        .map_err(|_| fail(JsValue::NULL))?;
    a.set_href(&url);
    a.set_download(name);
    if let Some(body) = document.body() {
        let _ = body.append_child(&a);
    }
    a.click();
    a.remove();
    // Let the download start before the object URL goes.
    let revoke = Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    if let Some(w) = window() {
        let _ =
            w.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 1000);
    }
    Ok(())
}

/// The time the workspace was kept, in the page's locale (`?locale=` applies); "an
/// earlier visit" when the stored time is not a date.
fn kept_time(iso: &str) -> String {
    crate::locale::date_time(iso).unwrap_or_else(|| words::EARLIER_VISIT.into())
}

/// What the autosave last did.
#[derive(Debug, Clone, PartialEq, Default)]
struct Kept {
    /// Saves done.
    revision: u32,
    /// A save is running or waiting.
    pending: bool,
    /// Why the workspace is not kept.
    problem: Option<String>,
}

/// Props of [`KeepBar`].
#[derive(Properties, PartialEq, Debug)]
pub struct KeepBarProps {
    /// The workspace.
    pub state: UseReducerHandle<AppState>,
    /// Restore a kept workspace on start (not when the address asks for a sample).
    pub restore: bool,
}

/// Props of [`ExportButton`].
#[derive(Properties, PartialEq, Debug)]
pub struct ExportButtonProps {
    /// What it exports, in words and in the file name (`kpis` → `kpis.csv`, `kpis.xlsx`).
    pub what: &'static str,
    /// Whether there is anything to export yet (the buttons are off until then).
    pub ready: bool,
    /// Makes the export when a button is pressed (not on every render: at 10,000 items
    /// gathering every forecast is work).
    pub make: Callback<(), Option<Export>>,
}

/// Two buttons, CSV and XLSX, that have the reader write the export and offer the file
/// for download; a failure is said beside them. Nothing without a keeper (the app's
/// reader worker).
#[component]
pub fn ExportButton(props: &ExportButtonProps) -> Html {
    let keeper = use_context::<Keeper>();
    let failed = use_state(|| None::<String>);
    // The export under way, and a counter that a cancel moves on so its answer is dropped.
    let busy = use_state(|| None::<FileKind>);
    let run = use_mut_ref(|| 0u64);
    let Some(keeper) = keeper else {
        return html! {};
    };
    let what = props.what;
    // In words: "KPIs", "forecasts", …
    let shown = if what == "kpis" { words::KPIS } else { what };
    let button = |kind: FileKind| {
        let (make, failed, keeper) = (props.make.clone(), failed.clone(), keeper.clone());
        let (busy, run) = (busy.clone(), run.clone());
        let onclick = Callback::from(move |_: MouseEvent| {
            let Some(request) = make.emit(()) else {
                return;
            };
            let (keeper, failed, busy) = (keeper.clone(), failed.clone(), busy.clone());
            let ticket = {
                let mut r = run.borrow_mut();
                *r += 1;
                *r
            };
            busy.set(Some(kind));
            failed.set(None);
            let run = run.clone();
            spawn_local(async move {
                let result = match (keeper.0)(KeepRequest::Export(request, kind)).await {
                    KeepReply::Exported(r) => r,
                    _ => Err(words::OTHER_ANSWER.into()),
                };
                // A cancelled export (or one a newer click replaced) downloads nothing.
                if *run.borrow() != ticket {
                    return;
                }
                busy.set(None);
                let name = format!("{what}.{}", kind.extension());
                failed.set(
                    result
                        .and_then(|ExportFile(bytes)| download_bytes(&name, &bytes, kind.mime()))
                        .err()
                        .map(|why| words::not_exported(shown, kind.label(), &why)),
                );
            });
        });
        // The CSV button keeps its name and test id from before the workbook came.
        let (testid, text) = match kind {
            FileKind::Csv => (
                format!("export-{what}"),
                words::export_button(&capitalised(shown), kind.label()),
            ),
            FileKind::Xlsx => (
                format!("export-{what}-xlsx"),
                words::export_button(&capitalised(shown), kind.label()),
            ),
        };
        let title = match kind {
            FileKind::Csv => words::export_csv_title(shown),
            FileKind::Xlsx => words::export_xlsx_title(shown),
        };
        html! {
            <button type="button" data-testid={testid} disabled={!props.ready} {onclick} {title}>{ text }</button>
        }
    };
    html! {
        <>
            { for FileKind::ALL.into_iter().map(button) }
            if let Some(kind) = *busy {
                // The worker says nothing until the file is written: a bar of work under
                // way, and a Cancel that drops the file when it comes.
                <span class="progress inline" data-testid={format!("export-{what}-busy")}>
                    <progress aria-label={words::exporting(shown, kind.label())} />
                    <span class="status">{ words::exporting(shown, kind.label()) }</span>
                    <button type="button" data-testid={format!("export-{what}-cancel")}
                        onclick={{
                            let (busy, run) = (busy.clone(), run.clone());
                            Callback::from(move |_: MouseEvent| {
                                *run.borrow_mut() += 1;
                                busy.set(None);
                            })
                        }}>{ crate::text::app::CANCEL }</button>
                </span>
            }
            if let Some(why) = &*failed {
                <span class="status error" role="alert" data-testid={format!("export-{what}-error")}>{ why }</span>
            }
        </>
    }
}

/// The keep tools, when the workspace has a keeper (the app's reader worker).
#[component]
pub fn KeepBar(props: &KeepBarProps) -> Html {
    match use_context::<Keeper>() {
        Some(keeper) => {
            html! { <KeepTools {keeper} state={props.state.clone()} restore={props.restore} /> }
        }
        None => html! {},
    }
}

#[derive(Properties, PartialEq, Debug)]
struct KeepToolsProps {
    keeper: Keeper,
    state: UseReducerHandle<AppState>,
    restore: bool,
}

#[component]
fn KeepTools(props: &KeepToolsProps) -> Html {
    let state = &props.state;
    let keeper = props.keeper.clone();
    let kept = use_state(Kept::default);
    // The autosave writes only once the kept workspace is back (or there was none).
    let ready = use_mut_ref(|| false);
    let saving = use_mut_ref(|| false);
    let waiting: Rc<RefCell<Option<String>>> = use_mut_ref(|| None);
    let shared: Rc<RefCell<Option<String>>> = use_mut_ref(|| None);

    // On start: a link in the address wins, then the workspace kept in this browser.
    {
        let (keeper, dispatcher, ready, restore) = (
            keeper.clone(),
            state.dispatcher(),
            ready.clone(),
            props.restore,
        );
        let (hash_keeper, hash_dispatcher) = (keeper.clone(), dispatcher.clone());
        use_effect_with((), move |()| {
            let hash = window()
                .and_then(|w| w.location().hash().ok())
                .unwrap_or_default();
            let kept = storage()
                .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
                .filter(|t| !t.is_empty());
            if let Some(code) = hash.strip_prefix('#').filter(|c| c.starts_with("a1.")) {
                let code = code.to_string();
                // What the link opens is kept (and later edits), not the address.
                *ready.borrow_mut() = true;
                spawn_local(async move {
                    let notice = Notice::Told(words::OPENED_LINK.into());
                    open(keeper, dispatcher, code, words::SHARED_LINK.into(), notice).await;
                    set_fragment(None);
                });
            } else if let (Some(text), true) = (kept, restore) {
                let when = storage()
                    .and_then(|s| s.get_item(STORAGE_TIME_KEY).ok().flatten())
                    .map_or_else(|| words::EARLIER_VISIT.to_string(), |t| kept_time(&t));
                *ready.borrow_mut() = true;
                spawn_local(async move {
                    let notice = Notice::Restored(when);
                    open(
                        keeper,
                        dispatcher,
                        text,
                        words::KEPT_WORKSPACE.into(),
                        notice,
                    )
                    .await;
                });
            } else {
                *ready.borrow_mut() = true;
            }
            // A link pasted into the address of this very page changes only the
            // fragment: no reload, so it is opened here (after asking, as it replaces
            // the workspace).
            let listener = Closure::<dyn Fn()>::new(move || {
                let hash = window()
                    .and_then(|w| w.location().hash().ok())
                    .unwrap_or_default();
                let Some(code) = hash.strip_prefix('#').filter(|c| c.starts_with("a1.")) else {
                    return;
                };
                let sure = window()
                    .and_then(|w| w.confirm_with_message(words::ASK_OPEN_LINK).ok())
                    .unwrap_or(false);
                if !sure {
                    set_fragment(None);
                    return;
                }
                let notice = Notice::Told(words::OPENED_LINK.into());
                let (keeper, dispatcher, code) = (
                    hash_keeper.clone(),
                    hash_dispatcher.clone(),
                    code.to_string(),
                );
                spawn_local(async move {
                    open(keeper, dispatcher, code, words::SHARED_LINK.into(), notice).await;
                    set_fragment(None);
                });
            });
            if let Some(w) = window() {
                let _ = w.add_event_listener_with_callback(
                    "hashchange",
                    listener.as_ref().unchecked_ref(),
                );
            }
            move || {
                if let Some(w) = window() {
                    let _ = w.remove_event_listener_with_callback(
                        "hashchange",
                        listener.as_ref().unchecked_ref(),
                    );
                }
                drop(listener);
            }
        });
    }

    // Autosave: every change of the workspace is written once the previous write is
    // done; changes made meanwhile are written together by the next one.
    let sections = sections_json(state);
    // A workspace with nothing in it yet is not kept (it would hide the one kept before).
    let blank = use_memo((), |()| sections_json(&AppState::default()));
    let is_blank = state.view.is_none() && sections == *blank;
    {
        let (keeper, kept, shared) = (keeper.clone(), kept.clone(), shared.clone());
        use_effect_with(
            (sections.clone(), state.generation),
            move |(sections, _)| {
                if *ready.borrow() && !is_blank {
                    if shared.borrow().as_deref().is_some_and(|s| s != sections) {
                        // The link no longer shows this workspace.
                        *shared.borrow_mut() = None;
                        set_fragment(None);
                    }
                    *waiting.borrow_mut() = Some(sections.clone());
                    kept.set(Kept {
                        pending: true,
                        ..(*kept).clone()
                    });
                    if !*saving.borrow() {
                        *saving.borrow_mut() = true;
                        spawn_local(async move {
                            let mut done = (*kept).clone();
                            loop {
                                let next = waiting.borrow_mut().take();
                                let Some(sections) = next else { break };
                                let result = write(&keeper, sections, Form::Store).await;
                                done.problem = result.and_then(|text| keep_in_browser(&text)).err();
                                done.revision += 1;
                            }
                            *saving.borrow_mut() = false;
                            done.pending = false;
                            kept.set(done);
                        });
                    }
                }
            },
        );
    }

    let on_save = {
        let (keeper, dispatcher, sections) = (keeper.clone(), state.dispatcher(), sections.clone());
        let name = file_name(state);
        Callback::from(move |_: MouseEvent| {
            let (keeper, dispatcher, sections, name) = (
                keeper.clone(),
                dispatcher.clone(),
                sections.clone(),
                name.clone(),
            );
            let run = begin(&dispatcher, words::SAVING.into(), false);
            spawn_local(async move {
                let written = write(&keeper, sections, Form::File).await;
                if !current(run) {
                    return;
                }
                let result = written.and_then(|text| download(&name, &text, "application/json"));
                let notice = match result {
                    Ok(()) => Notice::Told(words::saved(&name)),
                    Err(why) => Notice::Problem(words::not_saved(&why)),
                };
                dispatcher.dispatch(Action::Keep(KeepAction::Done(Some(notice))));
            });
        })
    };

    let on_open = {
        let (keeper, dispatcher) = (keeper.clone(), state.dispatcher());
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            input.set_value("");
            let (keeper, dispatcher) = (keeper.clone(), dispatcher.clone());
            spawn_local(async move {
                let name = file.name();
                match JsFuture::from(file.text()).await.map(|t| t.as_string()) {
                    Ok(Some(text)) => {
                        let notice = Notice::Told(words::opened(&name));
                        open(keeper, dispatcher, text, name, notice).await;
                    }
                    _ => problem(&dispatcher, words::unreadable(&name)),
                }
            });
        })
    };

    let on_share = {
        let (keeper, dispatcher) = (keeper.clone(), state.dispatcher());
        Callback::from(move |_: MouseEvent| {
            let (keeper, dispatcher, sections, shared) = (
                keeper.clone(),
                dispatcher.clone(),
                sections.clone(),
                shared.clone(),
            );
            let run = begin(&dispatcher, words::MAKING_LINK.into(), false);
            spawn_local(async move {
                let written = write(&keeper, sections.clone(), Form::Link).await;
                if !current(run) {
                    return;
                }
                match written {
                    Ok(code) => {
                        set_fragment(Some(&code));
                        *shared.borrow_mut() = Some(sections);
                        let link = format!("{}#{code}", address());
                        dispatcher.dispatch(Action::Keep(KeepAction::Shared(link.clone(), false)));
                        // Refused without focus or permission: the field shows the link.
                        if let Some(clipboard) = window().map(|w| w.navigator().clipboard()) {
                            if JsFuture::from(clipboard.write_text(&link)).await.is_ok() {
                                dispatcher.dispatch(Action::Keep(KeepAction::Shared(link, true)));
                            }
                        }
                    }
                    Err(why) => problem(&dispatcher, words::no_link(&why)),
                }
            });
        })
    };

    let has_forecasts = state.forecasts.iter().any(|f| matches!(f, Some(Ok(_))));
    let make_forecasts = {
        let state = state.clone();
        Callback::from(move |()| {
            let forecasts = state.answered_forecasts();
            let levels = state
                .forecast_job()
                .map(|(_, s)| s.levels)
                .unwrap_or_default();
            (!forecasts.is_empty()).then_some(Export::Forecasts(forecasts, levels))
        })
    };
    let make_consensus = {
        let state = state.clone();
        Callback::from(move |()| {
            let consensus = state.all_consensus();
            (!consensus.is_empty()).then_some(Export::Consensus(consensus))
        })
    };
    let has_plan = matches!(state.plan.shown_plan(), Some(Ok(_)));
    let make_plan = {
        let plan = state.plan.clone();
        Callback::from(move |()| match plan.shown_plan() {
            Some(Ok(p)) => Some(Export::Plan(p.clone())),
            _ => None,
        })
    };

    let on_new = {
        let (keeper, dispatcher) = (keeper.clone(), state.dispatcher());
        Callback::from(move |_: MouseEvent| {
            let sure = window()
                .and_then(|w| w.confirm_with_message(words::ASK_NEW).ok())
                .unwrap_or(false);
            if !sure {
                return;
            }
            if let Some(s) = storage() {
                let _ = s.remove_item(STORAGE_KEY);
                let _ = s.remove_item(STORAGE_TIME_KEY);
            }
            set_fragment(None);
            let (keeper, dispatcher) = (keeper.clone(), dispatcher.clone());
            spawn_local(async move {
                let _ = (keeper.0)(KeepRequest::Clear).await;
                dispatcher.dispatch(Action::NewWorkspace);
            });
        })
    };
    let on_dismiss = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::Keep(KeepAction::Dismiss)))
    };

    let keep = &state.keep;
    let notice = match &keep.notice {
        Some(Notice::Restored(when)) => html! {
            <p class="keep-notice" role="status">
                <span data-testid="keep-restored">{ words::restored(when) }</span>
                <button type="button" data-testid="start-fresh" onclick={on_new.clone()}>{ words::START_FRESH }</button>
                <button type="button" class="dismiss" aria-label={words::CLOSE} onclick={on_dismiss.clone()}>{ "×" }</button>
            </p>
        },
        Some(Notice::Told(what)) => html! {
            <p class="keep-notice" role="status"><span data-testid="keep-told">{ what }</span>
                <button type="button" class="dismiss" aria-label={words::CLOSE} onclick={on_dismiss.clone()}>{ "×" }</button>
            </p>
        },
        Some(Notice::Problem(why)) => html! {
            <p class="keep-notice error" role="alert"><span data-testid="keep-problem">{ why }</span>
                <button type="button" class="dismiss" aria-label={words::CLOSE} onclick={on_dismiss.clone()}>{ "×" }</button>
            </p>
        },
        None => html! {},
    };
    let link = keep.link.as_ref().map(|link| html! {
        <p class="keep-notice share">
            <label data-testid="share-label">{ if keep.copied { words::SHARE_COPIED } else { words::SHARE_COPY } }
                <input type="text" readonly=true data-testid="share-link" value={link.clone()}
                    onfocus={Callback::from(|e: FocusEvent| e.target_unchecked_into::<web_sys::HtmlInputElement>().select())} />
            </label>
            <button type="button" class="dismiss" aria-label={words::CLOSE} onclick={on_dismiss.clone()}>{ "×" }</button>
            <br /><small>{ words::SHARE_NOTE }</small>
        </p>
    });
    html! {
        <>
            <span class="keep-tools">
                <button type="button" data-testid="save" onclick={on_save} title={words::SAVE_TITLE}>{ words::SAVE }</button>
                <label class="button" title={words::OPEN_TITLE}>{ words::OPEN }
                    <input type="file" class="visually-hidden" data-testid="open-file" accept=".json,application/json" onchange={on_open} />
                </label>
                <button type="button" data-testid="share" onclick={on_share} title={words::SHARE_TITLE}>{ words::SHARE }</button>
                <ExportButton what="forecasts" ready={has_forecasts} make={make_forecasts} />
                <ExportButton what="consensus" ready={has_forecasts} make={make_consensus} />
                <ExportButton what="plan" ready={has_plan} make={make_plan} />
                <button type="button" data-testid="new-workspace" onclick={on_new}>{ words::NEW_WORKSPACE }</button>
                if let Some(busy) = &keep.busy {
                    // Saving, opening or making a link: work under way until the reader answers.
                    <progress class="keep-busy" data-testid="keep-busy" aria-label={busy.clone()} />
                    <button type="button" data-testid="keep-cancel" onclick={{
                        let (keeper, dispatcher) = (keeper.clone(), state.dispatcher());
                        Callback::from(move |_: MouseEvent| cancel(&keeper, &dispatcher))
                    }}>{ crate::text::app::CANCEL }</button>
                }
                <span class={classes!("kept", kept.problem.is_some().then_some("error"))} data-testid="kept" data-revision={kept.revision.to_string()}
                    data-pending={kept.pending.to_string()}>
                    { match (&keep.busy, &kept.problem) {
                        (Some(busy), _) => busy.clone(),
                        (None, Some(why)) => why.clone(),
                        (None, None) if kept.revision > 0 => words::KEPT.to_string(),
                        _ => String::new(),
                    } }
                </span>
            </span>
            <div class="keep-notices" aria-live="polite">
                { notice }
                { link.unwrap_or_default() }
            </div>
        </>
    }
}

/// Writes the kept workspace to `localStorage`.
fn keep_in_browser(text: &str) -> Result<(), String> {
    let storage = storage().ok_or_else(|| words::NO_STORAGE.to_string())?;
    storage
        .set_item(STORAGE_KEY, text)
        .map_err(|_| words::STORAGE_FULL.to_string())?;
    let now: String = js_sys::Date::new_0().to_iso_string().into();
    let _ = storage.set_item(STORAGE_TIME_KEY, &now);
    Ok(())
}

fn capitalised(what: &str) -> String {
    let mut chars = what.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_uppercase().chain(chars).collect::<String>()
    })
}
