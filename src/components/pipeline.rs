//! The CRM pipeline box: paste an export of open opportunities, choose how it meets the
//! statistical forecast, and see what was read.

use std::rc::Rc;

use crate::text;
use attune_engine::forecast::pipeline::{Blend, Pipeline};
use attune_engine::import::ImportError;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// Props of [`PipelinePanel`].
#[derive(Properties, PartialEq, Debug)]
pub struct PipelinePanelProps {
    /// The pasted text.
    pub text: String,
    /// The pipeline as read.
    pub pipeline: Option<Rc<Result<Pipeline, ImportError>>>,
    /// The blend mode.
    pub blend: Blend,
    /// New text.
    pub on_pipeline: Callback<String>,
    /// Another blend mode chosen.
    pub on_blend: Callback<Event>,
}

/// A collapsible box for the pipeline export.
#[component]
pub fn PipelinePanel(props: &PipelinePanelProps) -> Html {
    let oninput = {
        let on = props.on_pipeline.clone();
        Callback::from(move |e: InputEvent| {
            on.emit(e.target_unchecked_into::<HtmlTextAreaElement>().value())
        })
    };
    let summary = match props.pipeline.as_deref() {
        None => html! {},
        Some(Err(e)) => {
            html! { <p class="error" data-testid="pipeline-error">{ e.to_string() }</p> }
        }
        Some(Ok(p)) => html! {
            <>
                <p data-testid="pipeline-summary">{ text::pipeline::read(p.opportunities.len()) }</p>
                if !p.problems.is_empty() {
                    <ul class="problems">{ for p.problems.iter().map(|x| html! { <li>{ x.to_string() }</li> }) }</ul>
                }
            </>
        },
    };
    let option = |value: &'static str, label: &'static str, mode: Blend| {
        html! { <option {value} selected={props.blend == mode}>{ label }</option> }
    };
    html! {
        <details class="pipeline" open={!props.text.is_empty()}>
            <summary>{ text::pipeline::SALES_PIPELINE_CRM_EXPORT }</summary>
            <label for="pipeline-box">{ text::pipeline::PASTE_OPEN_OPPORTUNITIES_OPPORTUNITY }</label>
            <textarea id="pipeline-box" data-testid="pipeline-box" rows="4" spellcheck="false" value={props.text.clone()} {oninput} />
            <label class="option">{ text::pipeline::PIPELINE_PLACEHOLDER }
                <select data-testid="blend" onchange={props.on_blend.clone()}>
                    { option("add", text::pipeline::BLEND_ADD, Blend::Add) }
                    { option("max", text::pipeline::BLEND_MAX, Blend::Max) }
                    { option("replace", text::pipeline::BLEND_REPLACE, Blend::Replace) }
                </select>
            </label>
            { summary }
        </details>
    }
}
