//! What the import made of the table: a summary, the problems with their cells, and the
//! warnings.

use std::rc::Rc;

use attune_engine::import::dataset::WarningKind;
use attune_engine::import::ImportError;
use yew::prelude::*;

use crate::session::ImportView;
use crate::text;

/// Props of [`ImportReport`].
#[derive(Properties, PartialEq, Debug)]
pub struct ImportReportProps {
    /// The table as read.
    pub view: Rc<ImportView>,
}

/// Summary, problems and warnings of an import.
#[component]
pub fn ImportReport(props: &ImportReportProps) -> Html {
    match &props.view.import {
        Err(e) => html! {
            <div class="import-report">
                <p class="error" role="alert" data-testid="import-error">{ e.to_string() }</p>
                if let ImportError::NoUsableRows { problems } = e {
                    <ul class="problems" data-testid="problems">
                        { for problems.iter().take(100).map(|p| html! { <li>{ p.to_string() }</li> }) }
                    </ul>
                }
            </div>
        },
        Ok(import) => {
            let d = &import.dataset;
            let s = &import.summary;
            let summary = text::import_report::summary(
                s.items,
                s.periods,
                d.granularity.adjective(),
                &d.start.to_string(),
                &d.end().to_string(),
                (s.rows_used, s.rows_read, s.rows_skipped),
            );
            html! {
                <div class="import-report">
                    <p data-testid="import-summary">{ summary }</p>
                    if import.ambiguous_date_order {
                        <p class="ask" data-testid="ask-date-order" role="alert">
                            { text::import_report::AMBIGUOUS_DATE_ORDER }
                        </p>
                    }
                    if !import.problems.is_empty() {
                        <details open=true class="problems-box">
                            <summary>{ text::import_report::problems(import.problems.len()) }</summary>
                            <ul class="problems" data-testid="problems">
                                { for import.problems.iter().take(100).map(|p| html! { <li>{ p.to_string() }</li> }) }
                            </ul>
                        </details>
                    }
                    if !import.warnings.is_empty() {
                        <ul class="warnings" data-testid="warnings">
                            { for import.warnings.iter().filter(|w| w.kind != WarningKind::DateOrder).map(|w| html! { <li>{ &w.message }</li> }) }
                        </ul>
                    }
                </div>
            }
        }
    }
}
