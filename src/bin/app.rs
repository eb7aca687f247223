//! The page: registers the offline service worker and mounts the app into `<body>`.

fn main() {
    attune::offline::register();
    yew::Renderer::<attune::App>::new().render();
}
