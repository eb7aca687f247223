//! Offline use: registers the service worker that the build writes (`sw.js`, made by
//! `scripts/sw.mjs`), so the app starts without a network once it has been opened.

use wasm_bindgen::JsValue;

/// Registers `sw.js` where the browser offers service workers (a secure context: https
/// or localhost); elsewhere, and should registering fail, the app simply runs online.
pub fn register() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let navigator = window.navigator();
    let offered = js_sys::Reflect::get(&navigator, &JsValue::from_str("serviceWorker"))
        .is_ok_and(|v| !v.is_undefined() && !v.is_null());
    if offered {
        // The promise's failure (e.g. a blocked scope) needs no handling: online still works.
        let _ = navigator.service_worker().register("sw.js");
    }
}
