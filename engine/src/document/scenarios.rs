//! The `scenarios` section: the what-if scenarios of section 7, each a name and the
//! levers the planner pulled, so that a save, a share link, the browser's autosave and
//! `attune review --scenario NAME` all see the same scenarios.
//!
//! Raw first, checked second: a lever's value is kept as the JSON value written, and
//! [`ScenarioEntry::levers`] reads it, so that every bad value is named at its own path
//! (`scenarios[1].levers.demand_pct: "ten" is not a number`) with the engine's own
//! [`LeverError`](crate::scenario::LeverError) words for a number the lever refuses, and
//! the page can write a field it cannot read yet as the text typed (a save then says
//! which field stops it).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::FieldProblem;
use crate::scenario::Levers;

/// One scenario: its name and its levers; a lever left out keeps the base's value.
///
/// ```json
/// "scenarios": [
///   {
///     "name": "Hot summer",
///     "chart": true,
///     "levers": {
///       "demand_pct": 10,
///       "family_demand_pct": {"Pumps": -5},
///       "workforce_max": 50,
///       "overtime_cap": 20,
///       "service_level_pct": 98,
///       "lead_time": 2,
///       "regular_cost_pct": 5,
///       "overtime_cost_pct": 0,
///       "holding_cost_pct": -10,
///       "subcontract_cost_pct": 15,
///       "extra_shift_hours": 32,
///       "extra_shift_resource": "Press"
///     }
///   }
/// ]
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioEntry {
    /// Its name, unique in the document (ignoring case and surrounding spaces).
    pub name: String,
    /// Whether the page's delta chart shows this scenario (at most one does).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub chart: bool,
    /// The levers pulled.
    #[serde(default)]
    pub levers: LeverValues,
}

/// The levers as written: each a number (or, from a page whose field cannot be read yet,
/// the text typed, which [`ScenarioEntry::levers`] refuses).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeverValues {
    /// Demand change in percent, every period and family.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub demand_pct: Option<Value>,
    /// Demand change in percent per family, on top of the overall change.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub family_demand_pct: BTreeMap<String, Value>,
    /// Workers at most.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workforce_max: Option<Value>,
    /// Overtime hours per worker and period at most.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overtime_cap: Option<Value>,
    /// Service level in percent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_level_pct: Option<Value>,
    /// Replenishment lead time in periods.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead_time: Option<Value>,
    /// Change of the regular-time rate in percent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regular_cost_pct: Option<Value>,
    /// Change of the overtime rate in percent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overtime_cost_pct: Option<Value>,
    /// Change of the holding cost in percent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holding_cost_pct: Option<Value>,
    /// Change of the subcontracting price in percent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subcontract_cost_pct: Option<Value>,
    /// Hours of an extra shift per period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extra_shift_hours: Option<Value>,
    /// The rough-cut resource the extra shift runs on (left out: every resource).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extra_shift_resource: Option<String>,
}

/// A number as JSON, or `null` for one JSON cannot hold (never from checked levers).
#[must_use]
pub fn number(v: f64) -> Value {
    serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number)
}

impl LeverValues {
    /// The values of checked levers.
    #[must_use]
    pub fn from_levers(levers: &Levers) -> Self {
        let n = |v: Option<f64>| v.map(number);
        Self {
            demand_pct: n(levers.demand_pct),
            family_demand_pct: levers
                .family_demand_pct
                .iter()
                .map(|(f, v)| (f.clone(), number(*v)))
                .collect(),
            workforce_max: n(levers.workforce_max),
            overtime_cap: n(levers.overtime_cap),
            service_level_pct: n(levers.service_level_pct),
            lead_time: n(levers.lead_time),
            regular_cost_pct: n(levers.regular_cost_pct),
            overtime_cost_pct: n(levers.overtime_cost_pct),
            holding_cost_pct: n(levers.holding_cost_pct),
            subcontract_cost_pct: n(levers.subcontract_cost_pct),
            extra_shift_hours: n(levers.extra_shift_hours),
            extra_shift_resource: levers.extra_shift_resource.clone(),
        }
    }
}

/// A lever's value read as a number, or why not, in words.
fn read(value: &Value) -> Result<Option<f64>, String> {
    match value {
        Value::Null => Ok(None),
        Value::Number(n) => n
            .as_f64()
            .filter(|v| v.is_finite())
            .map(Some)
            .ok_or_else(|| format!("{n} is not a number Attune can use")),
        Value::String(s) if s.trim().parse::<f64>().is_ok_and(f64::is_finite) => Err(format!(
            "\"{s}\" is text in quotes; write the number {} without them",
            s.trim()
        )),
        Value::String(s) => Err(format!("\"{s}\" is not a number")),
        Value::Bool(b) => Err(format!("{b} is not a number")),
        Value::Array(_) => Err("a list is not a number".to_string()),
        Value::Object(_) => Err("an object is not a number".to_string()),
    }
}

impl ScenarioEntry {
    /// A scenario of checked levers.
    #[must_use]
    pub fn new(name: impl Into<String>, levers: &Levers) -> Self {
        Self {
            name: name.into(),
            chart: false,
            levers: LeverValues::from_levers(levers),
        }
    }

    /// The levers as numbers, each checked by the engine's own rules.
    ///
    /// # Errors
    /// Every problem, at its path under `path` (`scenarios[1]`): a value that is not a
    /// number, or one the lever refuses (in [`LeverError`](crate::scenario::LeverError)'s
    /// words).
    pub fn levers(&self, path: &str) -> Result<Levers, Vec<FieldProblem>> {
        let mut problems = Vec::new();
        let at = |field: &str| format!("{path}.levers.{field}");
        let mut get = |field: &str, value: &Option<Value>| -> Option<f64> {
            match value.as_ref().map(read) {
                None | Some(Ok(None)) => None,
                Some(Ok(v)) => v,
                Some(Err(message)) => {
                    problems.push(FieldProblem {
                        path: at(field),
                        message,
                    });
                    None
                }
            }
        };
        let l = &self.levers;
        let mut levers = Levers {
            demand_pct: get("demand_pct", &l.demand_pct),
            family_demand_pct: BTreeMap::new(),
            workforce_max: get("workforce_max", &l.workforce_max),
            overtime_cap: get("overtime_cap", &l.overtime_cap),
            service_level_pct: get("service_level_pct", &l.service_level_pct),
            lead_time: get("lead_time", &l.lead_time),
            regular_cost_pct: get("regular_cost_pct", &l.regular_cost_pct),
            overtime_cost_pct: get("overtime_cost_pct", &l.overtime_cost_pct),
            holding_cost_pct: get("holding_cost_pct", &l.holding_cost_pct),
            subcontract_cost_pct: get("subcontract_cost_pct", &l.subcontract_cost_pct),
            extra_shift_hours: get("extra_shift_hours", &l.extra_shift_hours),
            extra_shift_resource: l.extra_shift_resource.clone(),
        };
        for (family, value) in &l.family_demand_pct {
            if let Some(v) = get(&format!("family_demand_pct.{family}"), &Some(value.clone())) {
                levers.family_demand_pct.insert(family.clone(), v);
            }
        }
        // Each lever alone, so that the engine's complaint lands on its own path.
        let alone: Vec<(String, Levers)> = [
            (
                "demand_pct",
                Levers {
                    demand_pct: levers.demand_pct,
                    ..Levers::default()
                },
            ),
            (
                "workforce_max",
                Levers {
                    workforce_max: levers.workforce_max,
                    ..Levers::default()
                },
            ),
            (
                "overtime_cap",
                Levers {
                    overtime_cap: levers.overtime_cap,
                    ..Levers::default()
                },
            ),
            (
                "service_level_pct",
                Levers {
                    service_level_pct: levers.service_level_pct,
                    ..Levers::default()
                },
            ),
            (
                "lead_time",
                Levers {
                    lead_time: levers.lead_time,
                    ..Levers::default()
                },
            ),
            (
                "regular_cost_pct",
                Levers {
                    regular_cost_pct: levers.regular_cost_pct,
                    ..Levers::default()
                },
            ),
            (
                "overtime_cost_pct",
                Levers {
                    overtime_cost_pct: levers.overtime_cost_pct,
                    ..Levers::default()
                },
            ),
            (
                "holding_cost_pct",
                Levers {
                    holding_cost_pct: levers.holding_cost_pct,
                    ..Levers::default()
                },
            ),
            (
                "subcontract_cost_pct",
                Levers {
                    subcontract_cost_pct: levers.subcontract_cost_pct,
                    ..Levers::default()
                },
            ),
            (
                "extra_shift_hours",
                Levers {
                    extra_shift_hours: levers.extra_shift_hours,
                    ..Levers::default()
                },
            ),
        ]
        .into_iter()
        .map(|(f, l)| (f.to_string(), l))
        .chain(levers.family_demand_pct.iter().map(|(f, v)| {
            (
                format!("family_demand_pct.{f}"),
                Levers {
                    family_demand_pct: BTreeMap::from([(f.clone(), *v)]),
                    ..Levers::default()
                },
            )
        }))
        .collect();
        for (field, one) in alone {
            if let Err(e) = one.validate() {
                problems.push(FieldProblem {
                    path: at(&field),
                    message: e.to_string(),
                });
            }
        }
        if problems.is_empty() {
            Ok(levers)
        } else {
            Err(problems)
        }
    }
}

/// Every problem of the section: each scenario's levers, blank names and names given
/// twice; `resources` (when the capacity section's resources can be read) are the names
/// an extra shift may run on.
pub(super) fn problems(
    scenarios: &[ScenarioEntry],
    resources: Option<&[String]>,
) -> Vec<FieldProblem> {
    let mut problems = Vec::new();
    let mut charted = None;
    for (i, s) in scenarios.iter().enumerate() {
        let path = format!("scenarios[{i}]");
        let key = s.name.trim().to_lowercase();
        if key.is_empty() {
            problems.push(FieldProblem {
                path: format!("{path}.name"),
                message: "a scenario needs a name".to_string(),
            });
        } else if let Some(j) = scenarios[..i]
            .iter()
            .position(|o| o.name.trim().to_lowercase() == key)
        {
            problems.push(FieldProblem {
                path: format!("{path}.name"),
                message: format!(
                    "\"{}\" is the name of scenarios[{j}] too; give each scenario its own name",
                    s.name
                ),
            });
        }
        if s.chart {
            if let Some(j) = charted {
                problems.push(FieldProblem {
                    path: format!("{path}.chart"),
                    message: format!(
                        "scenarios[{j}] is charted already; the chart shows one scenario"
                    ),
                });
            }
            charted = Some(i);
        }
        match s.levers(&path) {
            Err(p) => problems.extend(p),
            Ok(levers) => {
                if let (Some(name), Some(known)) = (levers.shift_resource(), resources) {
                    if !known.iter().any(|k| k.trim().eq_ignore_ascii_case(name)) {
                        let e = crate::scenario::LeverError::UnknownResource {
                            name: name.to_string(),
                            known: known.to_vec(),
                        };
                        problems.push(FieldProblem {
                            path: format!("{path}.levers.extra_shift_resource"),
                            message: e.to_string(),
                        });
                    }
                }
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{read_document, Document, DocumentError};

    fn levers() -> Levers {
        Levers {
            demand_pct: Some(10.0),
            family_demand_pct: BTreeMap::from([("Pumps".to_string(), -5.5)]),
            workforce_max: Some(50.0),
            overtime_cap: Some(0.0),
            service_level_pct: Some(98.0),
            lead_time: Some(2.0),
            regular_cost_pct: Some(5.0),
            overtime_cost_pct: Some(-100.0),
            holding_cost_pct: Some(-10.0),
            subcontract_cost_pct: Some(15.0),
            extra_shift_hours: Some(32.0),
            extra_shift_resource: Some("Press".into()),
        }
    }

    fn doc(scenarios: Vec<ScenarioEntry>) -> Document {
        Document {
            scenarios,
            ..Document::default()
        }
    }

    fn problems_of(text: &str) -> Vec<String> {
        match read_document(text) {
            Ok(_) => Vec::new(),
            Err(DocumentError::Invalid(p)) => p.iter().map(ToString::to_string).collect(),
            Err(e) => vec![e.to_string()],
        }
    }

    #[test]
    fn scenarios_round_trip_with_every_lever() {
        let mut hot = ScenarioEntry::new("Hot summer", &levers());
        hot.chart = true;
        let d = doc(vec![
            hot,
            ScenarioEntry::new("Base again", &Levers::default()),
        ]);
        let json = d.to_json().unwrap();
        let back = read_document(&json).unwrap();
        assert_eq!(back, d);
        assert_eq!(back.to_json().unwrap(), json);
        assert_eq!(back.scenarios[0].levers("scenarios[0]").unwrap(), levers());
        assert_eq!(
            back.scenarios[1].levers("scenarios[1]").unwrap(),
            Levers::default()
        );
        // Only the levers pulled are written.
        assert!(
            json.contains("\"name\": \"Base again\",\n      \"levers\": {}"),
            "{json}"
        );
        // A document without scenarios writes no section.
        assert!(!doc(Vec::new()).to_json().unwrap().contains("scenarios"));
    }

    #[test]
    fn bad_values_are_named_at_their_paths() {
        let text = r#"{"format": "attune/1", "scenarios": [
            {"name": "A", "levers": {"lead_time": 1}},
            {"name": "B", "levers": {"demand_pct": "ten", "workforce_max": "30",
                "service_level_pct": 100, "family_demand_pct": {"Pumps": -120},
                "extra_shift_hours": -8, "overtime_cap": true}}]}"#;
        assert_eq!(
            problems_of(text),
            [
                "scenarios[1].levers.demand_pct: \"ten\" is not a number",
                "scenarios[1].levers.workforce_max: \"30\" is text in quotes; write the number 30 without them",
                "scenarios[1].levers.overtime_cap: true is not a number",
                "scenarios[1].levers.service_level_pct: Service level: 100 % is not between 0 and 100 %; give e.g. 95",
                "scenarios[1].levers.extra_shift_hours: Extra shift hours per period: -8 is not a number of zero or more",
                "scenarios[1].levers.family_demand_pct.Pumps: Demand change of family Pumps: -120 % would take it below zero; give a change of −100 % or more",
            ]
        );
    }

    #[test]
    fn names_are_needed_once_each_and_unknown_fields_refused() {
        let text = r#"{"format": "attune/1", "scenarios": [
            {"name": "Hot summer", "chart": true}, {"name": " hot SUMMER "},
            {"name": "  ", "chart": true}]}"#;
        assert_eq!(
            problems_of(text),
            [
                "scenarios[1].name: \" hot SUMMER \" is the name of scenarios[0] too; give each scenario its own name",
                "scenarios[2].name: a scenario needs a name",
                "scenarios[2].chart: scenarios[0] is charted already; the chart shows one scenario",
            ]
        );
        let text =
            r#"{"format": "attune/1", "scenarios": [{"name": "A", "levers": {"demand": 5}}]}"#;
        let e = problems_of(text).join("");
        assert!(
            e.starts_with("scenarios[0].levers.demand: unknown field \"demand\""),
            "{e}"
        );
        let text = r#"{"format": "attune/1", "scenarios": [{"name": "A", "colour": "red"}]}"#;
        assert!(problems_of(text)
            .join("")
            .starts_with("scenarios[0].colour: unknown field"));
        let text = r#"{"format": "attune/1", "scenarios": {"name": "A"}}"#;
        assert_eq!(
            problems_of(text).join(""),
            "scenarios: expected a list [ … ], found an object"
        );
    }

    #[test]
    fn an_extra_shift_must_name_a_resource_of_the_capacity_section() {
        let text = r#"{"format": "attune/1",
            "capacity": {"resources": "Resource\tJan\nPress\t100\nPaint\t80\n"},
            "scenarios": [{"name": "A", "levers": {"extra_shift_hours": 8,
                "extra_shift_resource": "Oven"}},
                {"name": "B", "levers": {"extra_shift_hours": 8, "extra_shift_resource": "paint"}}]}"#;
        assert_eq!(
            problems_of(text),
            ["scenarios[0].levers.extra_shift_resource: Extra shift on \"Oven\": there is no such resource (the resources are Press, Paint)"]
        );
    }
}
