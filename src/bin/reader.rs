//! The reader web worker: reads pasted text and files, and re-reads them under a new
//! mapping, off the page's thread.

use yew_agent::Registrable;

fn main() {
    attune::worker::ImportTask::registrar().register();
}
