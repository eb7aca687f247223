//! The web worker: runs forecasts off the page's thread.

use yew_agent::Registrable;

fn main() {
    attune::worker::ForecastTask::registrar().register();
}
