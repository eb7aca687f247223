//! The `.attune.json` document: one JSON file that holds a whole workspace, read the same
//! way by the app, a share link and the CLI (DESIGN.md, "The document").
//!
//! Reading is strict, because a silently misread plan is worse than a refused one: the
//! document must say `"format": "attune/1"` (a newer format is refused with a clear
//! message), every field must be known, and every problem names its JSON path
//! (`aggregate_plan.workforce.regular_hours_per_worker: expected 12 numbers (one per
//! period), found 11`). Each section is optional, so a file may hold only the part it
//! needs; adding a section is one more `Option` field in [`Document`] and one more line
//! in [`Document::check`].
//!
//! The sections, in the order they are written:
//! - `data` ([`DataSection`]): the sales history as a canonical long table;
//! - `forecast` ([`ForecastSection`]): settings, overrides, pipeline and blend;
//! - `capacity` ([`CapacitySection`]): the four pasted capacity tables and the rule;
//! - `aggregate_plan` ([`AggregatePlanInput`]): the fixed contract of DESIGN.md;
//! - `inventory` ([`InventorySection`]): unit cost, price, margin, safety-stock policy and
//!   the overstock threshold;
//! - `orders` (text): the customer orders to promise, as pasted;
//! - `scenarios` ([`ScenarioEntry`], a list): each what-if scenario's name and the levers
//!   pulled (demand %, by family, workers at most, overtime cap, service level, lead
//!   time, the cost changes, an extra shift's hours and resource), checked with the
//!   scenario levers' own rules.
//!
//! Text the planner pasted (capacity tables, the pipeline) is kept as they pasted it
//! and checked by the same readers as a paste, so a problem is named as it was on the
//! page, behind the section's path.

mod capacity;
mod data;
mod forecast;
mod inventory;
mod scenarios;

use std::fmt;

use serde::{Deserialize, Serialize};

pub use capacity::CapacitySection;
pub use data::DataSection;
pub use forecast::{
    read_period, FamilyOverrideEntry, ForecastSection, ItemOverrideEntry, MAX_OVERRIDE,
};
pub use inventory::{InventorySection, ItemTerms, Supply, Terms, DEFAULT_ITEM};
pub use scenarios::{LeverValues, ScenarioEntry};

use crate::plan::aggregate::AggregatePlanInput;

/// The format this version reads and writes.
pub const FORMAT: &str = "attune/1";

/// The format's name without its version.
const FORMAT_NAME: &str = "attune/";

/// A whole workspace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// Always [`FORMAT`] for documents this version writes.
    pub format: String,
    /// The sales history.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<DataSection>,
    /// Forecast settings, overrides and pipeline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forecast: Option<ForecastSection>,
    /// The pasted capacity tables and the allocation rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<CapacitySection>,
    /// The aggregate plan (DESIGN.md, "Aggregate planning section — fixed contract").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aggregate_plan: Option<AggregatePlanInput>,
    /// Money, service and thresholds for stock, promises and KPIs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inventory: Option<InventorySection>,
    /// Customer orders as pasted (`Customer | Item | Qty | Requested …`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub orders: Option<String>,
    /// The what-if scenarios, in the page's order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scenarios: Vec<ScenarioEntry>,
}

impl Default for Document {
    fn default() -> Self {
        Self {
            format: FORMAT.to_string(),
            data: None,
            forecast: None,
            capacity: None,
            aggregate_plan: None,
            inventory: None,
            orders: None,
            scenarios: Vec::new(),
        }
    }
}

impl Document {
    /// Every problem in every section, each with its JSON path.
    ///
    /// # Errors
    ///
    /// The problems found, in document order.
    pub fn check(&self) -> Result<(), Vec<FieldProblem>> {
        let mut problems = Vec::new();
        let mut granularity = None;
        if let Some(data) = &self.data {
            match data.dataset() {
                Ok(import) => granularity = Some(import.dataset.granularity),
                Err(p) => problems.extend(p),
            }
        }
        if let Some(forecast) = &self.forecast {
            problems.extend(forecast.problems(granularity));
        }
        if let Some(capacity) = &self.capacity {
            problems.extend(capacity.problems());
        }
        if let Some(Err(p)) = self.aggregate_plan.as_ref().map(AggregatePlanInput::check) {
            problems.extend(p);
        }
        if let Some(inventory) = &self.inventory {
            problems.extend(inventory.problems());
        }
        if let Some(orders) = &self.orders {
            problems.extend(inventory::order_problems(orders));
        }
        let resources = self.capacity.as_ref().and_then(|c| {
            let table = crate::plan::capacity::parse_resources(&c.resources).ok()?;
            Some(
                table
                    .resources
                    .into_iter()
                    .map(|r| r.name)
                    .collect::<Vec<_>>(),
            )
        });
        problems.extend(scenarios::problems(&self.scenarios, resources.as_deref()));
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }

    /// The scenario called `name` (ignoring case and surrounding spaces): its name as the
    /// document writes it, and its levers read.
    ///
    /// # Errors
    /// In words: no scenario has that name (naming those there are), or its levers
    /// cannot be read.
    pub fn scenario(&self, name: &str) -> Result<(&str, crate::scenario::Levers), String> {
        let key = name.trim().to_lowercase();
        let Some(i) = self
            .scenarios
            .iter()
            .position(|s| s.name.trim().to_lowercase() == key)
        else {
            return Err(if self.scenarios.is_empty() {
                format!("there is no scenario \"{name}\": the document has no scenarios")
            } else {
                let names: Vec<String> = self
                    .scenarios
                    .iter()
                    .map(|s| format!("\"{}\"", s.name))
                    .collect();
                format!(
                    "there is no scenario \"{name}\"; the document's scenarios are {}",
                    names.join(", ")
                )
            });
        };
        let entry = &self.scenarios[i];
        entry
            .levers(&format!("scenarios[{i}]"))
            .map(|l| (entry.name.as_str(), l))
            .map_err(|p| {
                let lines: Vec<String> = p.iter().map(ToString::to_string).collect();
                lines.join("; ")
            })
    }

    /// The document as pretty-printed JSON, as the app saves it.
    ///
    /// # Errors
    ///
    /// Only if serde_json fails, which these types do not make it do.
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        serde_json::to_string_pretty(self)
    }
}

/// One problem with a field, at its JSON path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldProblem {
    /// Where: `aggregate_plan.demand[3]` (empty for the whole document).
    pub path: String,
    /// What is wrong, in a planner's words.
    pub message: String,
}

impl fmt::Display for FieldProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// Why a document could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocumentError {
    /// The text is not JSON.
    Syntax {
        /// Line of the problem, from 1.
        line: usize,
        /// Column of the problem, from 1.
        column: usize,
        /// What the JSON reader found.
        message: String,
    },
    /// The JSON is not an object with a `format` field.
    MissingFormat,
    /// `format` is not an Attune format.
    NotAttune {
        /// The format found, as written.
        found: String,
    },
    /// `format` is a newer Attune format than this version reads.
    Newer {
        /// The format found, e.g. `attune/2`.
        found: String,
    },
    /// A field has the wrong shape: unknown, missing, or of the wrong type.
    Shape(FieldProblem),
    /// Fields have the right shape but impossible values.
    Invalid(Vec<FieldProblem>),
}

impl fmt::Display for DocumentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Syntax { line, column, message } => {
                write!(f, "line {line}, column {column}: this is not valid JSON ({message})")
            }
            Self::MissingFormat => write!(
                f,
                "this is not an Attune document: it has no \"format\" (expected \"format\": \"{FORMAT}\")"
            ),
            Self::NotAttune { found } => write!(
                f,
                "format: {found} is not an Attune document format (this version reads {FORMAT})"
            ),
            Self::Newer { found } => write!(
                f,
                "this file was saved by a newer Attune (format {found}); this version reads {FORMAT}"
            ),
            Self::Shape(problem) => write!(f, "{problem}"),
            Self::Invalid(problems) => {
                let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
                f.write_str(&lines.join("\n"))
            }
        }
    }
}

impl std::error::Error for DocumentError {}

/// Reads a document: checks its format, the shape of every field and every value.
///
/// # Errors
///
/// [`DocumentError`] naming the JSON path of the first shape problem, or every value
/// problem at once; a newer format is refused before any field is looked at, so a newer
/// file is never half-read.
pub fn read_document(text: &str) -> Result<Document, DocumentError> {
    check_format(text)?;
    let mut json = serde_json::Deserializer::from_str(text);
    let doc: Document = serde_path_to_error::deserialize(&mut json).map_err(|e| {
        let path = e.path().to_string();
        DocumentError::Shape(FieldProblem {
            path: if path == "." { String::new() } else { path },
            message: plain(e.inner()),
        })
    })?;
    doc.check().map_err(DocumentError::Invalid)?;
    Ok(doc)
}

/// Refuses text that is not JSON, has no `format`, or has a format this version cannot
/// read.
fn check_format(text: &str) -> Result<(), DocumentError> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| DocumentError::Syntax {
            line: e.line(),
            column: e.column(),
            message: plain(&e),
        })?;
    let format = value.get("format").ok_or(DocumentError::MissingFormat)?;
    let Some(found) = format.as_str() else {
        return Err(DocumentError::NotAttune {
            found: format.to_string(),
        });
    };
    if found == FORMAT {
        return Ok(());
    }
    let version = found
        .strip_prefix(FORMAT_NAME)
        .and_then(|v| v.parse::<u32>().ok());
    Err(match version {
        Some(v) if v > 1 => DocumentError::Newer {
            found: found.to_string(),
        },
        _ => DocumentError::NotAttune {
            found: format!("\"{found}\""),
        },
    })
}

/// serde_json's message without its position, in a planner's words.
fn plain(e: &serde_json::Error) -> String {
    let full = e.to_string();
    let at = format!(" at line {} column {}", e.line(), e.column());
    let message = full.strip_suffix(&at).unwrap_or(&full);
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        if let Some((found, expected)) = rest.split_once(", expected ") {
            return format!("expected {}, found {}", kind(expected), found_value(found));
        }
    }
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (name, known) = rest.split_once('`').unwrap_or((rest, ""));
        let known = known
            .trim_start_matches(", expected one of ")
            .trim_start_matches(", expected ")
            .replace('`', "\"");
        return format!("unknown field \"{name}\" (the fields here are {known})");
    }
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let (name, known) = rest.split_once('`').unwrap_or((rest, ""));
        let known = known
            .trim_start_matches(", expected one of ")
            .trim_start_matches(", expected ")
            .replace('`', "\"");
        return format!("\"{name}\" is not one of {known}");
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let name = rest.trim_end_matches('`');
        return format!("the field \"{name}\" is missing");
    }
    message.to_string()
}

/// What serde expected, in words.
fn kind(expected: &str) -> String {
    match expected {
        "f64" | "f32" => "a number".to_string(),
        "bool" | "a boolean" => "true or false".to_string(),
        "a string" => "text in quotes".to_string(),
        "a sequence" => "a list [ … ]".to_string(),
        other if other.starts_with("struct ") => "an object { … }".to_string(),
        other => other.to_string(),
    }
}

/// What serde found, in words.
fn found_value(found: &str) -> String {
    if let Some(s) = found.strip_prefix("string ") {
        return format!("the text {s}");
    }
    for prefix in ["floating point ", "integer ", "boolean "] {
        if let Some(v) = found.strip_prefix(prefix) {
            return v.trim_matches('`').to_string();
        }
    }
    match found {
        "map" => "an object".to_string(),
        "sequence" => "a list".to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAN: &str = r#"{
      "format": "attune/1",
      "aggregate_plan": {
        "periods": ["Jan", "Feb", "Mar"],
        "demand": [1600, 3000, 3200],
        "initial_inventory": 1000,
        "initial_backlog": 0,
        "min_ending_inventory": 500,
        "max_ending_backlog": 0,
        "max_backlog_per_period": null,
        "workforce": {
          "initial": 80,
          "regular_hours_per_worker": [160, 160, 160],
          "max_overtime_hours_per_worker": 10,
          "min": null, "max": null
        },
        "labor_hours_per_unit": 4,
        "max_subcontract_per_period": null,
        "costs": {
          "regular_per_hour": 4, "overtime_per_hour": 6, "hire_per_worker": 300,
          "layoff_per_worker": 500, "holding_per_unit_period": 2,
          "backlog_per_unit_period": 5, "material_per_unit": 10,
          "subcontract_per_unit": 30
        },
        "integer": true
      }
    }"#;

    fn error(text: &str) -> String {
        match read_document(text) {
            Ok(_) => "read fine".to_string(),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn reads_the_contract_example() {
        let doc = read_document(PLAN).unwrap();
        let plan = doc.aggregate_plan.unwrap();
        assert_eq!(plan.periods, ["Jan", "Feb", "Mar"]);
        assert_eq!(plan.max_backlog_per_period, None);
        assert_eq!(plan.costs.subcontract_per_unit, 30.0);
    }

    #[test]
    fn round_trips_through_json() {
        let doc = read_document(PLAN).unwrap();
        let again = read_document(&doc.to_json().unwrap()).unwrap();
        assert_eq!(doc, again);
    }

    #[test]
    fn a_document_without_sections_is_fine() {
        let doc = read_document(r#"{"format": "attune/1"}"#).unwrap();
        assert_eq!(doc, Document::default());
    }

    #[test]
    fn a_list_of_the_wrong_length_names_its_path_and_counts() {
        let text = PLAN.replace("[160, 160, 160]", "[160, 160]");
        assert_eq!(
            error(&text),
            "aggregate_plan.workforce.regular_hours_per_worker: expected 3 numbers (one per period), found 2"
        );
    }

    #[test]
    fn an_unknown_field_names_its_path() {
        let text = PLAN.replace("\"min\": null", "\"minimum\": null");
        let e = error(&text);
        assert!(
            e.starts_with("aggregate_plan.workforce.minimum: unknown field \"minimum\""),
            "{e}"
        );
        assert!(e.contains("\"min\""), "{e}");
    }

    #[test]
    fn a_wrong_type_names_its_path_in_plain_words() {
        let text = PLAN.replace("[1600, 3000, 3200]", "[1600, \"3,000\", 3200]");
        assert_eq!(
            error(&text),
            "aggregate_plan.demand[1]: expected a number, found the text \"3,000\""
        );
        let text = PLAN.replace("\"integer\": true", "\"integer\": \"yes\"");
        assert_eq!(
            error(&text),
            "aggregate_plan.integer: expected true or false, found the text \"yes\""
        );
    }

    #[test]
    fn a_missing_field_is_named() {
        let text = PLAN.replace("\"labor_hours_per_unit\": 4,", "");
        assert_eq!(
            error(&text),
            "aggregate_plan: the field \"labor_hours_per_unit\" is missing"
        );
    }

    #[test]
    fn a_newer_format_is_refused_before_its_fields_are_read() {
        let text = PLAN
            .replace("attune/1", "attune/2")
            .replace("\"integer\": true", "\"integer\": true, \"shifts\": 3");
        assert_eq!(
            error(&text),
            "this file was saved by a newer Attune (format attune/2); this version reads attune/1"
        );
    }

    #[test]
    fn a_missing_or_foreign_format_is_refused() {
        assert!(error(r#"{"aggregate_plan": null}"#).contains("has no \"format\""));
        assert!(error("[1, 2]").contains("has no \"format\""));
        assert_eq!(
            error(r#"{"format": "excel/3"}"#),
            "format: \"excel/3\" is not an Attune document format (this version reads attune/1)"
        );
        assert!(error(r#"{"format": 1}"#).starts_with("format: 1 is not"));
    }

    #[test]
    fn broken_json_gives_line_and_column() {
        let e = error("{\n  \"format\": \"attune/1\",\n}");
        assert!(
            e.starts_with("line 3, column 1: this is not valid JSON"),
            "{e}"
        );
    }

    #[test]
    fn impossible_values_are_all_listed_with_paths() {
        let text = PLAN
            .replace(
                "\"holding_per_unit_period\": 2",
                "\"holding_per_unit_period\": -2",
            )
            .replace("\"min\": null, \"max\": null", "\"min\": 90, \"max\": 50")
            .replace("[1600, 3000, 3200]", "[1600, 3000.5, 1e12]");
        let Err(DocumentError::Invalid(problems)) = read_document(&text) else {
            panic!("expected value problems");
        };
        let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            lines,
            [
                "aggregate_plan.demand[2]: 1,000,000,000,000 is too large (at most 1,000,000,000 units)",
                "aggregate_plan.workforce.min: the minimum of 90 workers is above the maximum of 50",
                "aggregate_plan.costs.holding_per_unit_period: -2 is negative",
                "aggregate_plan.demand[1]: 3,000.5 is not a whole number, but integer is true",
            ]
        );
    }

    /// A workspace with every section, as the app would build it.
    fn workspace() -> Document {
        use crate::forecast::consensus::Change;
        use crate::forecast::pipeline::Blend;
        use crate::plan::capacity::AllocationRule;
        let dataset = crate::import::import_text(
            "family\tsku\tmonth\tunits\tprice\n\
             Pumps\tP-1\t2024-01\t120\t10.5\n\
             Pumps\tP-1\t2024-02\t135.25\t10.5\n\
             Valves\tV-1\t2024-02\t0\t\n",
            "x",
            None,
        )
        .unwrap()
        .dataset;
        let testdata = concat!(env!("CARGO_MANIFEST_DIR"), "/../testdata/capacity/");
        let table = |name: &str| std::fs::read_to_string(format!("{testdata}{name}")).unwrap();
        Document {
            data: Some(DataSection::from_dataset(&dataset)),
            forecast: Some(ForecastSection {
                horizon: Some(6),
                season_length: None,
                method: "seasonal_naive".into(),
                item_overrides: vec![ItemOverrideEntry {
                    item: "P-1".into(),
                    period: "2024-04".into(),
                    change: Change::Percent(-12.5),
                }],
                family_overrides: vec![FamilyOverrideEntry {
                    family: "Pumps".into(),
                    period: "2024-05".into(),
                    total: 300.0,
                }],
                pipeline: Some(
                    "Opportunity\tItem\tQuantity\tClose\tProbability\nBig deal\tP-1\t50\t2024-05\t60%\n"
                        .into(),
                ),
                blend: Blend::Max,
            }),
            capacity: Some(CapacitySection {
                resources: table("resources.tsv"),
                bill: table("bill_wide.tsv"),
                demand: table("demand.tsv"),
                terms: String::new(),
                rule: AllocationRule::Priority,
            }),
            inventory: Some(InventorySection {
                item: Some("Pumps".into()),
                unit_cost: Some(12.5),
                price: Some(30.0),
                policy: Some(crate::inventory::InventoryPolicy {
                    target: crate::inventory::ServiceTarget::FillRate(98.0),
                    demand_sigma: 150.0,
                    lead_time: 1.0,
                    lead_time_sigma: 0.25,
                    order_quantity: None,
                }),
                items: vec![ItemTerms {
                    item: "B".into(),
                    unit_cost: Some(4.0),
                    price: None,
                    margin_per_unit: Some(3.0),
                    policy: None,
                }],
                ..InventorySection::default()
            }),
            orders: Some("Customer\tItem\tQty\tRequested\nAcme\tPumps\t400\tFeb\n".into()),
            scenarios: vec![ScenarioEntry::new(
                "Saturday shift",
                &crate::scenario::Levers {
                    demand_pct: Some(5.0),
                    extra_shift_hours: Some(32.0),
                    extra_shift_resource: Some("Press".into()),
                    ..crate::scenario::Levers::default()
                },
            )],
            ..read_document(PLAN).unwrap()
        }
    }

    #[test]
    fn a_whole_workspace_round_trips_byte_for_byte() {
        let doc = workspace();
        assert_eq!(doc.check(), Ok(()));
        let json = doc.to_json().unwrap();
        let again = read_document(&json).unwrap();
        assert_eq!(again, doc);
        assert_eq!(again.to_json().unwrap(), json);
        let data = again.data.unwrap().dataset().unwrap().dataset;
        assert_eq!(data.items[0].values, [Some(120.0), Some(135.25)]);
        assert_eq!(data.items[0].price, Some(10.5));
        let sections: Vec<&str> = json
            .lines()
            .filter(|l| l.starts_with("  \"") && l.ends_with('{'))
            .collect();
        assert_eq!(
            sections,
            [
                "  \"data\": {",
                "  \"forecast\": {",
                "  \"capacity\": {",
                "  \"aggregate_plan\": {",
                "  \"inventory\": {"
            ]
        );
    }

    #[test]
    fn sections_read_from_hand_written_json() {
        let text = r#"{
          "format": "attune/1",
          "data": {"table": "SKU\tPeriod\tQuantity\nA\t2024-Q1\t5\nA\t2024-Q2\t7\n"},
          "forecast": {
            "item_overrides": [{"item": "A", "period": "2024-Q3", "change": {"set": 9}}],
            "blend": "replace"
          },
          "capacity": {"rule": "priority"}
        }"#;
        let doc = read_document(text).unwrap();
        let forecast = doc.forecast.unwrap();
        assert_eq!(forecast.method, "auto");
        assert_eq!(
            forecast.method_choice(),
            Ok(crate::forecast::MethodChoice::Auto)
        );
        let (items, _) = forecast
            .overrides(crate::calendar::Granularity::Quarter)
            .unwrap();
        assert_eq!(items[0].period, crate::calendar::Period::quarter(2024, 3));
        assert_eq!(doc.data.unwrap().dataset().unwrap().dataset.periods, 2);
    }

    #[test]
    fn problems_in_new_sections_name_their_paths() {
        let doc = workspace();
        let mut json: serde_json::Value = serde_json::from_str(&doc.to_json().unwrap()).unwrap();
        json["forecast"]["item_overrides"][0]["period"] = "2024-13".into();
        json["forecast"]["family_overrides"][0]["period"] = "2024-Q2".into();
        json["capacity"]["demand"] = "Family\tJan\nA\tmany\n".into();
        let Err(DocumentError::Invalid(problems)) = read_document(&json.to_string()) else {
            panic!("expected value problems");
        };
        let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert!(
            lines[0].starts_with("forecast.item_overrides[0].period: \"2024-13\" is not a period")
        );
        assert_eq!(
            lines[1],
            "forecast.family_overrides[0].period: \"2024-Q2\" is a quarterly period, but the data are monthly"
        );
        assert_eq!(
            lines[2],
            "capacity.demand: row 2, column \"Jan\": \"many\" is not a number"
        );
    }

    #[test]
    fn unknown_fields_and_names_in_new_sections_are_refused() {
        let text = r#"{"format": "attune/1", "forecast": {"horizon": 3, "methd": "auto"}}"#;
        assert!(
            error(text).starts_with("forecast.methd: unknown field \"methd\""),
            "{}",
            error(text)
        );
        let text = r#"{"format": "attune/1", "forecast": {"blend": "sum"}}"#;
        assert_eq!(
            error(text),
            "forecast.blend: \"sum\" is not one of \"replace\", \"add\", \"max\""
        );
        let text = r#"{"format": "attune/1", "forecast": {"item_overrides": [
            {"item": "A", "period": "2024-01", "change": {"add": 5}}]}}"#;
        assert_eq!(
            error(text),
            "forecast.item_overrides[0].change: \"add\" is not one of \"set\" or \"percent\""
        );
        let text = r#"{"format": "attune/1", "capacity": {"rule": "margin", "shifts": 2}}"#;
        assert!(error(text).starts_with("capacity.shifts: unknown field"));
        let text = r#"{"format": "attune/1", "data": {"table": "", "gaps": "none"}}"#;
        assert_eq!(
            error(text),
            "data.gaps: \"none\" is not one of \"zero\" or \"missing\""
        );
    }
}
