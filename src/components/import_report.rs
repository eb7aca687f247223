//! What the import made of the pasted text: a summary, the problems with their cells,
//! and the warnings.

use std::rc::Rc;

use attune_engine::import::{ImportError, SeriesImport};
use yew::prelude::*;

/// Props of [`ImportReport`].
#[derive(Properties, PartialEq, Debug)]
pub struct ImportReportProps {
    /// The import result.
    pub import: Rc<Result<SeriesImport, ImportError>>,
}

/// Summary, problems and warnings of an import.
#[component]
pub fn ImportReport(props: &ImportReportProps) -> Html {
    match &*props.import {
        Err(e) => html! {
            <div class="import-report">
                <p class="error" role="alert" data-testid="import-error">{ e.to_string() }</p>
                if let ImportError::NoUsableRows { problems } = e {
                    <ul class="problems" data-testid="problems">
                        { for problems.iter().map(|p| html! { <li>{ p.to_string() }</li> }) }
                    </ul>
                }
            </div>
        },
        Ok(import) => {
            let series = &import.series;
            let summary = format!(
                "{} {} periods from {} to {}; {} of {} rows used{}.",
                series.values.len(),
                series.start.granularity.adjective(),
                series.start,
                series.period(series.values.len().saturating_sub(1)),
                import.rows_used,
                import.rows_read,
                if import.has_header {
                    format!(
                        " (columns \"{}\" and \"{}\")",
                        import.columns[0], import.columns[1]
                    )
                } else {
                    String::new()
                },
            );
            html! {
                <div class="import-report">
                    <p data-testid="import-summary">{ summary }</p>
                    if !import.problems.is_empty() {
                        <ul class="problems" data-testid="problems">
                            { for import.problems.iter().map(|p| html! { <li>{ format!("Skipped {p}") }</li> }) }
                        </ul>
                    }
                    if !import.warnings.is_empty() {
                        <ul class="warnings" data-testid="warnings">
                            { for import.warnings.iter().map(|w| html! { <li>{ w }</li> }) }
                        </ul>
                    }
                </div>
            }
        }
    }
}
