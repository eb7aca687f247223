//! The reader web worker: turns dropped files into tables off the page's thread.

use yew_agent::Registrable;

fn main() {
    attune::worker::ReadFileTask::registrar().register();
}
