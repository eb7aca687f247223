//! The planner web worker: solves aggregate plans (the LP solver lives only here) off the
//! page's thread.

use yew_agent::Registrable;

fn main() {
    attune::worker::PlanTask::registrar().register();
}
