//! The page: registers the offline service worker, decides the locale (before anything
//! is written) and mounts the app into `<body>`.

fn main() {
    attune::offline::register();
    let query = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    attune::locale::start(
        attune::embed::EmbedOptions::from_query(&query)
            .locale
            .as_deref(),
    );
    yew::Renderer::<attune::App>::new().render();
}
