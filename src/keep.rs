//! Keeping a workspace: saved as an `.attune.json` file, put in a share link, kept in the
//! browser's storage, and exported as CSV — all in the engine's document format.
//!
//! The work is split so that the page stays small. The page writes what only it holds
//! (settings, overrides, pipeline, capacity tables, the plan) as the document's sections
//! without data ([`sections`]); the reader worker, which holds the table and already
//! links the importer and serde_json, adds the `data` section, writes the file, packs
//! the link, reads documents back strictly (every problem with its JSON path) and writes
//! the CSV and XLSX exports ([`serve`]; the XLSX writer lives in the reader only, so the
//! page's first load does not carry it). The page gets back text, a file's bytes, or the
//! pieces of the workspace in the types its state already uses ([`Opened`]).
//!
//! Worker messages go through a binary codec that cannot carry the document's "one
//! number or a list" fields, so the sections and the plan cross as JSON text.

use attune_engine::document::{
    read_document, CapacitySection, Document, ForecastSection, InventorySection, FORMAT,
};
use attune_engine::export::{aggregate_plan_sheet, consensus_sheet, forecasts_sheet, kpis_sheet};
use attune_engine::forecast::consensus::{ConsensusLine, FamilyOverride, ItemOverride};
use attune_engine::forecast::pipeline::Blend;
use attune_engine::forecast::{Forecast, MethodChoice};
use attune_engine::kpi::KpiReport;
use attune_engine::plan::aggregate::{AggregatePlan, AggregatePlanInput};
use attune_engine::plan::capacity::AllocationRule;
use attune_engine::share;
use serde::{Deserialize, Serialize};

use crate::capacity_state::CapacityState;
use crate::inventory_state::InventoryState;
use crate::scenario_state::KeptScenario;
use crate::session::{ImportAnswer, ImportRequest, ImportSession};
use crate::state::AppState;
use crate::text::keep as words;

/// Where the browser keeps the workspace between visits.
pub const STORAGE_KEY: &str = "attune.workspace";
/// When it was kept (the browser's clock, as an ISO time).
pub const STORAGE_TIME_KEY: &str = "attune.workspace.saved";

/// How the reader writes the workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Form {
    /// Pretty-printed JSON, as a `.attune.json` file.
    File,
    /// A share link's code (`a1.…`), refused beyond the link limit.
    Link,
    /// For the browser's storage: the link's code (small), or compact JSON when the
    /// workspace is too large for a link.
    Store,
}

/// A table the planner takes away, as CSV or XLSX ([`FileKind`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Export {
    /// Every item's forecast, with intervals at these levels.
    Forecasts(Vec<Forecast>, Vec<f64>),
    /// Every item's statistical, override and consensus lines.
    Consensus(Vec<ConsensusLine>),
    /// The aggregate plan shown.
    Plan(AggregatePlan),
    /// The dashboard's KPIs.
    Kpis(Box<KpiReport>),
}

/// The file an export is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileKind {
    /// Comma-separated text (UTF-8, `.` decimals).
    Csv,
    /// An Excel workbook of one sheet.
    Xlsx,
}

impl FileKind {
    /// Both kinds, in the order the page offers them.
    pub const ALL: [Self; 2] = [Self::Csv, Self::Xlsx];

    /// The file name's extension.
    #[must_use]
    pub fn extension(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Xlsx => "xlsx",
        }
    }

    /// The MIME type of the download.
    #[must_use]
    pub fn mime(self) -> &'static str {
        match self {
            Self::Csv => "text/csv",
            Self::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }

    /// Its name in words ("CSV", "XLSX").
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Csv => words::CSV,
            Self::Xlsx => words::XLSX,
        }
    }
}

/// An export's file, as bytes (a workbook is binary; a CSV is its UTF-8).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportFile(#[serde(with = "serde_bytes")] pub Vec<u8>);

/// An export as the reader writes it.
///
/// # Errors
/// In words, from the writer: a table larger than a spreadsheet holds, for a workbook.
pub fn export_file(export: &Export, kind: FileKind) -> Result<ExportFile, String> {
    let sheet = match export {
        Export::Forecasts(f, levels) => forecasts_sheet(f, levels),
        Export::Consensus(lines) => consensus_sheet(lines),
        Export::Plan(plan) => aggregate_plan_sheet(plan),
        Export::Kpis(report) => kpis_sheet(report),
    };
    match kind {
        FileKind::Csv => attune_engine::export::csv(&sheet).map(String::into_bytes),
        FileKind::Xlsx => attune_engine::export::xlsx::workbook(&[&sheet]),
    }
    .map(ExportFile)
    .map_err(|e| e.to_string())
}

/// What the page asks the reader about keeping the workspace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum KeepRequest {
    /// Write the workspace: the page's sections (JSON, see [`sections`]) and the
    /// reader's own table as the data.
    Write {
        /// The document without data, as JSON.
        sections: String,
        /// How to write it.
        form: Form,
    },
    /// Read a document or a share link; on success its data become the reader's table.
    Read {
        /// The file's text, a link's code, or a whole link.
        text: String,
        /// What to call the data ("sales.attune.json").
        name: String,
    },
    /// Write an export as a file of this kind.
    Export(Export, FileKind),
    /// Forget the table (a new workspace).
    Clear,
    /// The planner cancelled the opening just asked for: go back to the table before it.
    Revert,
}

/// A workspace read back, in the page's own types.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Opened {
    /// The data as the reader shows them (`Ok(None)`: the document has no data). Typed
    /// as the reader's answer to an import, so that the page decodes it with the same
    /// code (one decoder less in the page's wasm).
    pub view: ImportAnswer,
    /// Periods ahead.
    pub horizon: Option<usize>,
    /// Season length.
    pub season_length: Option<usize>,
    /// The method.
    pub method: MethodChoice,
    /// Sales' overrides of items.
    pub overrides: Vec<ItemOverride>,
    /// Sales' family totals.
    pub family_overrides: Vec<FamilyOverride>,
    /// The pipeline as pasted.
    pub pipeline: String,
    /// How the pipeline meets the forecast.
    pub blend: Blend,
    /// The capacity tables and rule (`None`: the document has none).
    pub capacity: Option<[String; 4]>,
    /// The allocation rule.
    pub rule: AllocationRule,
    /// The aggregate plan section as JSON (`None`: the document has none).
    pub plan: Option<String>,
    /// The inventory section as JSON (`None`: the document has none; JSON, as the plan,
    /// because the worker's binary codec cannot carry fields left out when empty).
    pub inventory: Option<String>,
    /// The orders as pasted (`None`: the document has none).
    pub orders: Option<String>,
    /// The scenarios, read by the reader into the page's terms (none: the document has
    /// none).
    pub scenarios: Vec<KeptScenario>,
}

impl Opened {
    /// A new workspace: no data, the example capacity tables and plan.
    #[must_use]
    pub fn empty() -> Self {
        Self {
            view: Ok(None),
            horizon: None,
            season_length: None,
            method: MethodChoice::Auto,
            overrides: Vec::new(),
            family_overrides: Vec::new(),
            pipeline: String::new(),
            blend: Blend::default(),
            capacity: None,
            rule: AllocationRule::default(),
            plan: None,
            inventory: None,
            orders: None,
            scenarios: Vec::new(),
        }
    }

    /// The section 5 inputs the document describes.
    #[must_use]
    pub fn inventory_state(&self) -> InventoryState {
        let section = self
            .inventory
            .as_deref()
            .and_then(|json| serde_json::from_str::<InventorySection>(json).ok());
        InventoryState::from_document(section.as_ref(), self.orders.as_deref())
    }

    /// The plan section, when the document had one.
    #[must_use]
    pub fn plan_input(&self) -> Option<AggregatePlanInput> {
        // Through a JSON value, as the page reads its example plan: the same decoder.
        let value = serde_json::from_str::<serde_json::Value>(self.plan.as_deref()?).ok()?;
        serde_json::from_value(value).ok()
    }

    /// The capacity tables, when the document had them.
    #[must_use]
    pub fn capacity_state(&self) -> Option<CapacityState> {
        let [resources, bill, demand, terms] = self.capacity.clone()?;
        Some(CapacityState {
            resources,
            bill,
            demand,
            terms,
            rule: self.rule,
        })
    }
}

/// The reader's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum KeepReply {
    /// The workspace written, or why not (in a planner's words).
    Written(Result<String, String>),
    /// The workspace read, or why not (the engine's message with the JSON path).
    Read(Result<Box<Opened>, String>),
    /// The export's file, or why not.
    Exported(Result<ExportFile, String>),
    /// The table is forgotten.
    Cleared,
}

/// The document of everything the page holds: every section but `data`, which the
/// reader adds from its table.
#[must_use]
pub fn sections(state: &AppState) -> Document {
    let method = match state.method {
        MethodChoice::Auto => "auto".to_string(),
        MethodChoice::Fixed(m) => m.name().to_string(),
    };
    let capacity = &state.capacity;
    Document {
        format: FORMAT.to_string(),
        data: None,
        forecast: Some(ForecastSection {
            horizon: state.horizon,
            season_length: state.season_length,
            method,
            item_overrides: state.overrides.iter().map(Into::into).collect(),
            family_overrides: state.family_overrides.iter().map(Into::into).collect(),
            pipeline: (!state.pipeline_text.trim().is_empty()).then(|| state.pipeline_text.clone()),
            blend: state.blend,
        }),
        capacity: Some(CapacitySection {
            resources: capacity.resources.clone(),
            bill: capacity.bill.clone(),
            demand: capacity.demand.clone(),
            terms: capacity.terms.clone(),
            rule: capacity.rule,
        }),
        aggregate_plan: Some((*state.plan.input).clone()),
        inventory: state.inventory.section(),
        orders: Some(state.inventory.orders.clone()).filter(|o| !o.trim().is_empty()),
        scenarios: state.scenarios.entries(),
    }
}

/// [`sections`] as the JSON the reader takes.
#[must_use]
pub fn sections_json(state: &AppState) -> String {
    serde_json::to_string(&sections(state)).unwrap_or_default()
}

/// Answers one request with the reader's session (the worker's, or the page's in tests).
pub fn serve(session: &mut ImportSession, request: KeepRequest) -> KeepReply {
    match request {
        KeepRequest::Write { sections, form } => {
            KeepReply::Written(write(session, &sections, form))
        }
        KeepRequest::Read { text, name } => {
            // A cancel goes back to this, whatever the reading makes of the session.
            session.remember();
            KeepReply::Read(read(session, &text, name).map(Box::new))
        }
        KeepRequest::Revert => {
            // An answer the page drops: the reader only needs to be the table shown.
            let _ = session.handle(ImportRequest::Revert);
            KeepReply::Cleared
        }
        KeepRequest::Export(export, kind) => KeepReply::Exported(export_file(&export, kind)),
        KeepRequest::Clear => {
            session.clear();
            KeepReply::Cleared
        }
    }
}

/// The whole document: the page's sections and the session's data.
///
/// # Errors
/// In words: the sections did not arrive whole, or a value the engine would refuse to
/// read back (saved anyway it could not be opened again).
pub fn document(session: &mut ImportSession, sections: &str) -> Result<Document, String> {
    let mut doc: Document =
        serde_json::from_str(sections).map_err(|e| words::not_passed(&e.to_string()))?;
    doc.data = session.data_section();
    doc.check().map_err(|p| unsaveable(&p))?;
    Ok(doc)
}

fn write(session: &mut ImportSession, sections: &str, form: Form) -> Result<String, String> {
    match form {
        Form::File => document(session, sections)?
            .to_json()
            .map_err(|e| e.to_string()),
        Form::Link => share::encode(&document(session, sections)?).map_err(|e| e.to_string()),
        Form::Store => stored(session, sections),
    }
}

/// Why a workspace is not written: a value the engine would refuse to read back.
fn unsaveable(problems: &[attune_engine::document::FieldProblem]) -> String {
    let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
    words::unsaveable(&lines.join("; "))
}

/// The workspace as the browser keeps it: the page's sections packed, then (after a
/// line break) the reader's data section, packed once per table — so an autosave after
/// an edit of a 10,000-item workspace packs kilobytes, not megabytes.
fn stored(session: &mut ImportSession, sections: &str) -> Result<String, String> {
    let mut rest: Document =
        serde_json::from_str(sections).map_err(|e| words::not_passed(&e.to_string()))?;
    rest.data = None;
    rest.check().map_err(|p| unsaveable(&p))?;
    let rest = share::pack(&serde_json::to_string(&rest).map_err(|e| e.to_string())?);
    Ok(match session.packed_data() {
        Some(data) => format!("{rest}\n{data}"),
        None => rest,
    })
}

/// A workspace [`stored`] wrote, read as a document is: every field checked.
fn read_stored(text: &str) -> Result<Document, String> {
    let (rest, data) = text
        .split_once('\n')
        .map_or((text, None), |(r, d)| (r, Some(d)));
    let mut doc: serde_json::Value =
        serde_json::from_str(&share::unpack(rest).map_err(|e| e.to_string())?)
            .map_err(|e| e.to_string())?;
    if let (Some(data), Some(map)) = (data, doc.as_object_mut()) {
        let data: serde_json::Value =
            serde_json::from_str(&share::unpack(data).map_err(|e| e.to_string())?)
                .map_err(|e| e.to_string())?;
        map.insert("data".to_string(), data);
    }
    read_document(&doc.to_string()).map_err(|e| e.to_string())
}

/// Reads a document (text starting with `{`) or a link; only on success does the
/// session take its data.
fn read(session: &mut ImportSession, text: &str, name: String) -> Result<Opened, String> {
    let doc = if text.trim_start().starts_with('{') {
        read_document(text).map_err(|e| words::cannot_open(&name, &e.to_string()))?
    } else if text.starts_with(share::STORE_TAG) {
        read_stored(text).map_err(|e| words::cannot_open(&name, &e))?
    } else {
        share::decode(text).map_err(|e| e.to_string())?
    };
    let import = match &doc.data {
        Some(data) => Some(data.dataset().map_err(|problems| {
            let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
            words::cannot_open(&name, &lines.join("; "))
        })?),
        None => None,
    };
    let forecast = doc.forecast.clone().unwrap_or_default();
    let method = forecast
        .method_choice()
        .map_err(|p| words::cannot_open(&name, &p.to_string()))?;
    // Overrides are periods of the data's calendar: without data they mean nothing.
    let (overrides, family_overrides) = match &import {
        Some(i) => forecast
            .overrides(i.dataset.granularity)
            .map_err(|problems| {
                let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
                words::cannot_open(&name, &lines.join("; "))
            })?,
        None => (Vec::new(), Vec::new()),
    };
    // Everything is read: only now does the session take the data.
    let view = match (&doc.data, import) {
        (Some(data), Some(import)) => {
            Ok(session.open_kept(name, &data.table, data.granularity, data.gaps, import))
        }
        _ => Ok(None),
    };
    let capacity = doc.capacity.as_ref();
    Ok(Opened {
        view,
        horizon: forecast.horizon,
        season_length: forecast.season_length,
        method,
        overrides,
        family_overrides,
        pipeline: forecast.pipeline.clone().unwrap_or_default(),
        blend: forecast.blend,
        capacity: capacity.map(|c| {
            [
                c.resources.clone(),
                c.bill.clone(),
                c.demand.clone(),
                c.terms.clone(),
            ]
        }),
        rule: capacity.map(|c| c.rule).unwrap_or_default(),
        plan: doc
            .aggregate_plan
            .as_ref()
            .and_then(|p| serde_json::to_string(p).ok()),
        inventory: doc
            .inventory
            .as_ref()
            .and_then(|i| serde_json::to_string(i).ok()),
        orders: doc.orders.clone(),
        scenarios: doc.scenarios.iter().map(KeptScenario::from_entry).collect(),
    })
}

/// The file name for a save: `<first item or data name>.attune.json`, in characters a
/// file system takes.
#[must_use]
pub fn file_name(state: &AppState) -> String {
    let base = state
        .view
        .as_deref()
        .map(|v| v.name.as_str())
        .filter(|n| !n.is_empty() && *n != "pasted")
        .map_or("workspace", |n| {
            n.strip_suffix(".attune.json")
                .or_else(|| n.rsplit_once('.').map(|(b, _)| b))
                .unwrap_or(n)
        });
    let clean: String = base
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | ' ') {
                c
            } else {
                '-'
            }
        })
        .collect();
    let clean = clean.trim();
    format!(
        "{}.attune.json",
        if clean.is_empty() { "workspace" } else { clean }
    )
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use attune_engine::calendar::Period;
    use attune_engine::forecast::consensus::Change;
    use attune_engine::forecast::Method;
    use yew::Reducible;

    use super::*;
    use crate::capacity_state::Table;
    use crate::inventory_state::{Input, InventoryAction, Source, TargetKind};
    use crate::plan_state::{Field, PlanAction, PlanEdit};
    use crate::state::{Action, Notice};
    use crate::worker::{run, ForecastRequest};

    const DATA: &str = "family\tsku\tmonth\tqty\tprice\n\
        Pumps\tP-1\t2024-01\t120\t10.5\nPumps\tP-1\t2024-02\t135.25\t10.5\n\
        Pumps\tP-2\t2024-01\t30\t\nPumps\tP-2\t2024-02\t40\t\n\
        Valves\t=HYPERLINK(\"x\")\t2024-01\t5\t\nValves\t=HYPERLINK(\"x\")\t2024-02\t7\t\n";

    /// A workspace with data, settings, overrides, a pipeline, capacity and plan edits,
    /// and the session that holds its table.
    fn workspace() -> (Rc<AppState>, ImportSession) {
        let mut session = ImportSession::default();
        let answer = session.handle(ImportRequest::Paste {
            text: DATA.into(),
            today: None,
        });
        let s = Rc::new(AppState::default())
            .reduce(Action::ImportStarted {
                ticket: 1,
                label: "Reading".into(),
                text: Some(DATA.into()),
            })
            .reduce(Action::ImportAnswered {
                ticket: 1,
                answer: Box::new(answer),
            });
        let s = s
            .reduce(Action::SetForecastOptions {
                horizon: Some(6),
                season_length: Some(2),
                method: MethodChoice::Fixed(Method::Naive),
            })
            .reduce(Action::SetOverride {
                item: "P-1".into(),
                period: Period::month(2024, 3),
                change: Some(Change::Set(150.0)),
            })
            .reduce(Action::SetOverride {
                item: "P-2".into(),
                period: Period::month(2024, 4),
                change: Some(Change::Percent(-12.5)),
            })
            .reduce(Action::SetFamilyOverride {
                family: "Valves".into(),
                period: Period::month(2024, 5),
                total: Some(99.0),
            })
            .reduce(Action::PipelineInput(
                "Deal\tItem\tQty\tClose\tProbability\nD1\tP-1\t10\t2024-04-10\t50%\n".into(),
            ))
            .reduce(Action::SetBlend(Blend::Max))
            .reduce(Action::CapacityRule(AllocationRule::Priority))
            .reduce(Action::CapacityTable(
                Table::Terms,
                "Family\tMargin per unit\tStarting inventory\nPumps\t40\t0\n".into(),
            ))
            .reduce(Action::Plan(PlanAction::Edit(PlanEdit::Field(
                Field::InitialInventory,
                "1234".into(),
            ))))
            .reduce(Action::Inventory(InventoryAction::Target(
                TargetKind::FillRate,
            )))
            .reduce(Action::Inventory(InventoryAction::Input(
                Input::Service,
                "98".into(),
            )))
            .reduce(Action::Inventory(InventoryAction::Input(
                Input::DemandSigma,
                "120".into(),
            )))
            .reduce(Action::Inventory(InventoryAction::Input(
                Input::Price,
                "80.5".into(),
            )))
            .reduce(Action::Inventory(InventoryAction::Source(Source::Families)))
            .reduce(Action::Inventory(InventoryAction::Orders(
                "Customer\tItem\tQty\tRequested\nAcme\tA\t5\tJan\n".into(),
            )));
        (s, session)
    }

    fn forecast_all(mut state: Rc<AppState>) -> Rc<AppState> {
        let (series, settings) = state.forecast_job().unwrap();
        let generation = state.generation;
        let replies = run(&ForecastRequest { series, settings });
        state = state.reduce(Action::ForecastsDone {
            generation,
            offset: 0,
            replies,
        });
        state
    }

    fn written(session: &mut ImportSession, state: &AppState, form: Form) -> String {
        let request = KeepRequest::Write {
            sections: sections_json(state),
            form,
        };
        match serve(session, request) {
            KeepReply::Written(Ok(text)) => text,
            other => panic!("not written: {other:?}"),
        }
    }

    fn opened(session: &mut ImportSession, text: &str) -> Result<Box<Opened>, String> {
        match serve(
            session,
            KeepRequest::Read {
                text: text.into(),
                name: "kept.attune.json".into(),
            },
        ) {
            KeepReply::Read(r) => r,
            other => panic!("not read: {other:?}"),
        }
    }

    /// What a workspace is, apart from answers and page state: what must come back.
    fn essence(s: &AppState) -> impl PartialEq + std::fmt::Debug {
        (
            s.dataset().map(|d| d.dataset.clone()),
            (s.horizon, s.season_length, s.method),
            (s.overrides.clone(), s.family_overrides.clone()),
            (s.pipeline_text.clone(), s.pipeline.clone(), s.blend),
            s.capacity.clone(),
            s.plan.input.clone(),
            s.inventory.clone(),
        )
    }

    #[test]
    fn a_workspace_comes_back_from_its_file_link_and_stored_forms() {
        let (s, mut session) = workspace();
        for form in [Form::File, Form::Link, Form::Store] {
            let text = written(&mut session, &s, form);
            let mut fresh = ImportSession::default();
            let o = opened(&mut fresh, &text).unwrap();
            let back = Rc::new(AppState::default()).reduce(Action::Restore {
                opened: o,
                notice: Notice::Told("Opened.".into()),
            });
            assert_eq!(essence(&back), essence(&s), "{form:?}");
            assert!(back.undo.is_empty() && back.progress.running());
            // The fresh reader now holds the data: it saves the same document again.
            assert_eq!(written(&mut fresh, &back, form), text, "{form:?}");
        }
        assert!(written(&mut session, &s, Form::Link).starts_with("a1."));
    }

    #[test]
    fn scenarios_come_back_from_the_file_link_and_stored_forms() {
        use crate::scenario_state::{Lever, ScenarioAction};
        let (s, mut session) = workspace();
        let act = |s: Rc<AppState>, a| s.reduce(Action::Scenario(a));
        let mut s = s;
        for a in [
            ScenarioAction::Add,
            ScenarioAction::Set(0, Lever::DemandPct, "10".into()),
            ScenarioAction::Set(0, Lever::ExtraShift, "16".into()),
            ScenarioAction::Add,
            ScenarioAction::Rename(1, "Tight labour".into()),
            ScenarioAction::Set(1, Lever::WorkforceMax, "50".into()),
            ScenarioAction::SetShiftResource(1, "Press".into()),
            ScenarioAction::Set(1, Lever::ExtraShift, "8".into()),
            ScenarioAction::SetFamily(1, "A".into(), "-5".into()),
            ScenarioAction::Select(0),
        ] {
            s = act(s, a);
        }
        let file = written(&mut session, &s, Form::File);
        assert!(file.contains("\"scenarios\": [\n"), "{file}");
        for form in [Form::File, Form::Link, Form::Store] {
            let text = written(&mut session, &s, form);
            let o = opened(&mut ImportSession::default(), &text).unwrap();
            let back = Rc::new(AppState::default()).reduce(Action::Restore {
                opened: o,
                notice: Notice::Told(String::new()),
            });
            let kept = |s: &AppState| {
                let list: Vec<_> = s
                    .scenarios
                    .list
                    .iter()
                    .map(|c| {
                        (
                            c.name.clone(),
                            c.levers.clone(),
                            c.families.clone(),
                            c.shift_resource.clone(),
                        )
                    })
                    .collect();
                (list, s.scenarios.selected)
            };
            assert_eq!(kept(&back), kept(&s), "{form:?}");
            // Each is solved again, under a ticket never given out before.
            assert!(back.scenarios.list.iter().all(|c| c.plans.is_none()));
            // Undo covers a scenario edit after opening.
            let edited = back.reduce(Action::Scenario(ScenarioAction::Set(
                0,
                Lever::DemandPct,
                "20".into(),
            )));
            assert_eq!(
                edited.undo.last().map(|u| u.label.as_str()),
                Some("scenario lever")
            );
            let undone = edited.reduce(Action::Undo);
            assert_eq!(undone.scenarios.list[0].lever(Lever::DemandPct), "10");
        }
        // A lever typed as no number stops the save and says where.
        let bad = s.reduce(Action::Scenario(ScenarioAction::Set(
            1,
            Lever::LeadTime,
            "two".into(),
        )));
        let KeepReply::Written(Err(why)) = serve(
            &mut session,
            KeepRequest::Write {
                sections: sections_json(&bad),
                form: Form::File,
            },
        ) else {
            panic!("saved")
        };
        assert!(
            why.ends_with("scenarios[1].levers.lead_time: \"two\" is not a number"),
            "{why}"
        );
    }

    #[test]
    fn the_restored_workspace_forecasts_to_the_same_numbers() {
        let (s, mut session) = workspace();
        let before = forecast_all(s.clone()).all_consensus();
        let text = written(&mut session, &s, Form::File);
        let o = opened(&mut ImportSession::default(), &text).unwrap();
        let back = Rc::new(AppState::default()).reduce(Action::Restore {
            opened: o,
            notice: Notice::Told(String::new()),
        });
        let after = forecast_all(back).all_consensus();
        assert_eq!(after, before);
        assert_eq!(after[0].consensus[0], 150.0, "P-1's override of March");
    }

    #[test]
    fn a_saved_file_is_a_document_the_cli_plans() {
        let (s, mut session) = workspace();
        let text = written(&mut session, &s, Form::File);
        // What `attune plan FILE` does: read the document, plan its plan section.
        let doc = read_document(&text).unwrap();
        assert!(doc.data.is_some() && doc.forecast.is_some() && doc.capacity.is_some());
        let input = doc.aggregate_plan.unwrap();
        assert_eq!(input.initial_inventory, 1234.0);
        let plans = crate::worker::plans(&input);
        assert!(plans[0].is_ok(), "{:?}", plans[0]);
        // What `attune review FILE` does: section 5's choices carry over — the families'
        // supply plan, a 98 % fill rate, the price typed, the orders pasted.
        let doc = read_document(&text).unwrap();
        let r =
            attune_engine::review::review(&doc, &attune_engine::review::ReviewOptions::default())
                .unwrap();
        assert_eq!(r.supply, attune_engine::document::Supply::Families);
        assert_eq!(r.promises.unwrap().orders[0].item, "A");
        assert!(
            r.assumptions.iter().any(|a| a.contains("98 % fill rate")),
            "{:?}",
            r.assumptions
        );
        assert!(
            r.assumptions.iter().any(|a| a == "Price 80.5 a unit."),
            "{:?}",
            r.assumptions
        );
        if let Ok(dir) = std::env::var("ATTUNE_KEEP_SAMPLE_DIR") {
            std::fs::write(format!("{dir}/saved.attune.json"), &text).unwrap();
        }
    }

    #[test]
    fn a_broken_or_newer_document_names_the_path_and_keeps_the_table() {
        let (s, mut session) = workspace();
        let text = written(&mut session, &s, Form::File);
        let before = session.dataset();
        let broken = text.replacen("\"horizon\": 6", "\"horizon\": \"six\"", 1);
        let e = opened(&mut session, &broken).unwrap_err();
        assert_eq!(
            e,
            "kept.attune.json cannot be opened: forecast.horizon: expected usize, found the text \"six\""
        );
        let newer = text.replacen("attune/1", "attune/2", 1);
        assert!(opened(&mut session, &newer)
            .unwrap_err()
            .contains("saved by a newer Attune (format attune/2)"));
        let link = written(&mut session, &s, Form::Link);
        assert!(opened(&mut session, &link[..link.len() - 9])
            .unwrap_err()
            .contains("incomplete or damaged"));
        assert_eq!(session.dataset(), before, "the reader kept its table");
    }

    #[test]
    fn a_plan_that_would_not_open_again_is_not_saved() {
        let (s, mut session) = workspace();
        let s = s
            .reduce(Action::Plan(PlanAction::Edit(PlanEdit::Field(
                Field::WorkersMin,
                "90".into(),
            ))))
            .reduce(Action::Plan(PlanAction::Edit(PlanEdit::Field(
                Field::WorkersMax,
                "50".into(),
            ))));
        assert_eq!(s.plan.input.workforce.max, Some(50.0));
        let reply = serve(
            &mut session,
            KeepRequest::Write {
                sections: sections_json(&s),
                form: Form::File,
            },
        );
        let KeepReply::Written(Err(why)) = reply else {
            panic!("{reply:?}")
        };
        assert!(why.contains("aggregate_plan.workforce.min"), "{why}");
    }

    fn exported(session: &mut ImportSession, export: Export, kind: FileKind) -> Vec<u8> {
        match serve(session, KeepRequest::Export(export, kind)) {
            KeepReply::Exported(Ok(ExportFile(bytes))) => bytes,
            other => panic!("not exported: {other:?}"),
        }
    }

    #[test]
    fn exports_neutralise_formula_names() {
        let (s, mut session) = workspace();
        let s = forecast_all(s);
        let forecasts = Export::Forecasts(s.answered_forecasts(), vec![80.0]);
        let csv =
            String::from_utf8(exported(&mut session, forecasts.clone(), FileKind::Csv)).unwrap();
        assert!(
            csv.contains("\n\"'=HYPERLINK(\"\"x\"\")\",1,2024-03,"),
            "{csv}"
        );
        let consensus = Export::Consensus(s.all_consensus());
        let csv = String::from_utf8(exported(&mut session, consensus, FileKind::Csv)).unwrap();
        assert!(csv.starts_with("item,period,statistical,override,consensus\nP-1,2024-03,"));
        // The workbook is the engine's, of the same sheet (which the engine's tests read
        // back cell by cell against the CSV).
        let answered = s.answered_forecasts();
        let xlsx = exported(&mut session, forecasts, FileKind::Xlsx);
        assert!(xlsx.starts_with(b"PK\x03\x04"));
        assert_eq!(
            xlsx,
            attune_engine::export::xlsx::workbook(&[&forecasts_sheet(&answered, &[80.0])]).unwrap()
        );
    }

    #[test]
    fn a_file_kind_names_its_extension_and_type() {
        let named: Vec<_> = FileKind::ALL
            .iter()
            .map(|k| (k.extension(), k.label(), k.mime()))
            .collect();
        assert_eq!(
            named,
            [
                ("csv", "CSV", "text/csv"),
                (
                    "xlsx",
                    "XLSX",
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                )
            ]
        );
    }

    #[test]
    fn the_saved_data_follow_a_new_mapping() {
        use attune_engine::import::mapping::Role;
        let mut session = ImportSession::default();
        let view = session
            .handle(ImportRequest::Paste {
                text: "sku\tmonth\tqty\tprice\nA\t2024-01\t1\t9\nA\t2024-02\t2\t8\n".into(),
                today: None,
            })
            .unwrap()
            .unwrap();
        let table = |session: &mut ImportSession| {
            let doc = document(session, &sections_json(&AppState::default())).unwrap();
            doc.data.unwrap().table
        };
        assert!(table(&mut session).ends_with("2024-01\t1\nA\t\t\t2024-02\t2\n"));
        let mut mapping = view.mapping;
        mapping.roles = vec![Role::Item, Role::Period, Role::Ignore, Role::Quantity];
        session
            .handle(ImportRequest::Check {
                sheet: 0,
                mapping: Some(mapping),
                today: None,
            })
            .unwrap();
        assert!(
            table(&mut session).ends_with("A\t\t2024-01\t9\nA\t\t2024-02\t8\n"),
            "{}",
            table(&mut session)
        );
    }

    #[test]
    fn keep_steps_tell_the_planner_one_thing_at_a_time() {
        use crate::state::{KeepAction, KeepState};
        let s = KeepState::default().apply(KeepAction::Busy("Saving…".into()));
        assert_eq!(s.busy.as_deref(), Some("Saving…"));
        let s = s.apply(KeepAction::Done(Some(Notice::Problem("no".into()))));
        assert_eq!(
            (s.busy.is_none(), s.notice.clone()),
            (true, Some(Notice::Problem("no".into())))
        );
        let s = s.apply(KeepAction::Shared("x#a1.y".into(), false));
        assert_eq!(
            (s.notice.is_none(), s.link.as_deref(), s.copied),
            (true, Some("x#a1.y"), false)
        );
        let s = s.apply(KeepAction::Shared("x#a1.y".into(), true));
        assert!(s.copied);
        assert_eq!(s.apply(KeepAction::Dismiss), KeepState::default());
    }

    #[test]
    fn a_new_workspace_forgets_everything() {
        let (s, mut session) = workspace();
        assert_eq!(serve(&mut session, KeepRequest::Clear), KeepReply::Cleared);
        assert!(session.dataset().is_none());
        let fresh = s.reduce(Action::NewWorkspace);
        assert_eq!(essence(&fresh), essence(&AppState::default()));
    }

    #[test]
    fn file_names_come_from_the_data() {
        let mut s = AppState::default();
        assert_eq!(file_name(&s), "workspace.attune.json");
        let (w, _) = workspace();
        s.view = w.view.clone();
        assert_eq!(file_name(&s), "workspace.attune.json", "pasted data");
        let mut view = (*w.view.clone().unwrap()).clone();
        view.name = "sales 2024/Q1.csv".into();
        s.view = Some(Rc::new(view));
        assert_eq!(file_name(&s), "sales 2024-Q1.attune.json");
    }

    #[test]
    fn a_cancelled_opening_leaves_the_reader_on_the_table_the_page_shows() {
        // A saved workspace with the DATA table…
        let (state, mut saved) = workspace();
        let KeepReply::Written(Ok(file)) = serve(
            &mut saved,
            KeepRequest::Write {
                sections: sections_json(&state),
                form: Form::File,
            },
        ) else {
            panic!("the workspace was not written");
        };
        // …opened by a reader holding another table, then cancelled.
        let mut reader = ImportSession::default();
        reader
            .handle(ImportRequest::Paste {
                text: "Month\tQty\n2024-01\t7\n2024-02\t8\n".into(),
                today: None,
            })
            .unwrap();
        let opened = serve(
            &mut reader,
            KeepRequest::Read {
                text: file,
                name: "w.attune.json".into(),
            },
        );
        assert!(matches!(opened, KeepReply::Read(Ok(_))));
        assert_eq!(reader.dataset().unwrap().dataset.items.len(), 3);
        serve(&mut reader, KeepRequest::Revert);
        let back = reader.dataset().unwrap().dataset;
        assert_eq!(back.items.len(), 1);
        assert_eq!(back.items[0].values, [Some(7.0), Some(8.0)]);
        // A document that cannot be read changes nothing, and neither does its cancel.
        let broken = serve(
            &mut reader,
            KeepRequest::Read {
                text: "{\"format\": \"attune/9\"}".into(),
                name: "new.attune.json".into(),
            },
        );
        assert!(matches!(broken, KeepReply::Read(Err(_))));
        serve(&mut reader, KeepRequest::Revert);
        assert_eq!(
            reader.dataset().unwrap().dataset.items[0].values,
            [Some(7.0), Some(8.0)]
        );
    }
}
