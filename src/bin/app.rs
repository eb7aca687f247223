//! The page: mounts the app into `<body>`.

fn main() {
    yew::Renderer::<attune::App>::new().render();
}
