//! The `forecast` section: the planner's forecast settings, sales' overrides, and the
//! pasted pipeline with how it meets the statistical forecast.
//!
//! Periods are written as Attune shows them (`2024-03`, `2024-Q1`, `2024-W05`,
//! `2024-03-15`, `2024`), never as internal numbers, so the file reads like the page.
//! They are read against the data's granularity when the document has data.

use serde::{Deserialize, Serialize};

use super::FieldProblem;
use crate::calendar::{Granularity, NaiveDate, Period};
use crate::forecast::consensus::{Change, FamilyOverride, ItemOverride};
use crate::forecast::pipeline::{read_pipeline, Blend};
use crate::forecast::{Method, MethodChoice, MAX_HORIZON};
use crate::import::text::read_text;

/// The largest quantity an override may give: far beyond any real plan.
pub const MAX_OVERRIDE: f64 = 1e12;

/// The name of the automatic method choice.
const AUTO: &str = "auto";

/// The forecast settings, overrides and pipeline of a workspace.
///
/// ```json
/// "forecast": {
///   "horizon": 12,
///   "season_length": 12,
///   "method": "auto",
///   "item_overrides": [
///     {"item": "P-1", "period": "2025-03", "change": {"set": 120}},
///     {"item": "P-2", "period": "2025-04", "change": {"percent": -10}}
///   ],
///   "family_overrides": [{"family": "Pumps", "period": "2025-03", "total": 500}],
///   "pipeline": "Opportunity\tItem\tQuantity\tClose\tProbability\n…",
///   "blend": "add"
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForecastSection {
    /// Periods ahead; left out, the calendar's usual horizon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub horizon: Option<usize>,
    /// Season length; left out, the calendar's (12 for months, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub season_length: Option<usize>,
    /// `auto` or a method's name ([`Method::name`]).
    #[serde(default = "auto")]
    pub method: String,
    /// Sales' word on items.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub item_overrides: Vec<ItemOverrideEntry>,
    /// Sales' word on family totals.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub family_overrides: Vec<FamilyOverrideEntry>,
    /// The pipeline as pasted from the CRM.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pipeline: Option<String>,
    /// How the pipeline meets the statistical forecast: `replace`, `add` or `max`.
    #[serde(default)]
    pub blend: Blend,
}

fn auto() -> String {
    AUTO.to_string()
}

impl Default for ForecastSection {
    fn default() -> Self {
        Self {
            horizon: None,
            season_length: None,
            method: auto(),
            item_overrides: Vec::new(),
            family_overrides: Vec::new(),
            pipeline: None,
            blend: Blend::default(),
        }
    }
}

/// One item override as the document writes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemOverrideEntry {
    /// The item's id.
    pub item: String,
    /// The period as Attune shows it (`2025-03`).
    pub period: String,
    /// `{"set": 120}` (this quantity) or `{"percent": -10}` (the statistical forecast
    /// changed by this many percent).
    pub change: Change,
}

/// One family override as the document writes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FamilyOverrideEntry {
    /// The family.
    pub family: String,
    /// The period as Attune shows it.
    pub period: String,
    /// The family's total.
    pub total: f64,
}

impl From<&ItemOverride> for ItemOverrideEntry {
    fn from(o: &ItemOverride) -> Self {
        Self {
            item: o.item.clone(),
            period: o.period.to_string(),
            change: o.change,
        }
    }
}

impl From<&FamilyOverride> for FamilyOverrideEntry {
    fn from(o: &FamilyOverride) -> Self {
        Self {
            family: o.family.clone(),
            period: o.period.to_string(),
            total: o.total,
        }
    }
}

impl ForecastSection {
    /// The method to run.
    ///
    /// # Errors
    ///
    /// At `forecast.method` when the name is not `auto` nor a method's.
    pub fn method_choice(&self) -> Result<MethodChoice, FieldProblem> {
        if self.method == AUTO {
            return Ok(MethodChoice::Auto);
        }
        Method::from_name(&self.method)
            .map(MethodChoice::Fixed)
            .ok_or_else(|| {
                let known: Vec<&str> = Method::ALL.iter().map(|m| m.name()).collect();
                FieldProblem {
                    path: "forecast.method".to_string(),
                    message: format!(
                        "\"{}\" is not a method (use {AUTO}, {})",
                        self.method,
                        known.join(", ")
                    ),
                }
            })
    }

    /// The overrides with their periods read on the data's calendar.
    ///
    /// # Errors
    ///
    /// Every override whose period is not a period of that granularity, or whose number
    /// is out of bounds, at its path (`forecast.item_overrides[2].period`).
    pub fn overrides(
        &self,
        granularity: Granularity,
    ) -> Result<(Vec<ItemOverride>, Vec<FamilyOverride>), Vec<FieldProblem>> {
        let mut problems = Vec::new();
        let items = self.read_items(Some(granularity), &mut problems);
        let families = self.read_families(Some(granularity), &mut problems);
        if problems.is_empty() {
            Ok((items, families))
        } else {
            Err(problems)
        }
    }

    /// Every problem of the section; `granularity` is the data's, when the document has
    /// data.
    pub(super) fn problems(&self, granularity: Option<Granularity>) -> Vec<FieldProblem> {
        let mut problems = Vec::new();
        if let Some(h) = self.horizon {
            if h == 0 || h > MAX_HORIZON {
                problems.push(FieldProblem {
                    path: "forecast.horizon".to_string(),
                    message: format!("{h} is not a horizon (1 to {MAX_HORIZON} periods)"),
                });
            }
        }
        if self.season_length == Some(0) {
            problems.push(FieldProblem {
                path: "forecast.season_length".to_string(),
                message: "0 is not a season length (1 or more periods; 1 means no season)"
                    .to_string(),
            });
        }
        if let Err(p) = self.method_choice() {
            problems.push(p);
        }
        self.read_items(granularity, &mut problems);
        self.read_families(granularity, &mut problems);
        if let Some(text) = self.pipeline.as_deref().filter(|t| !t.trim().is_empty()) {
            if let Err(e) = read_pipeline(&read_text(text)) {
                problems.push(FieldProblem {
                    path: "forecast.pipeline".to_string(),
                    message: e.to_string(),
                });
            }
        }
        problems
    }

    fn read_items(
        &self,
        granularity: Option<Granularity>,
        problems: &mut Vec<FieldProblem>,
    ) -> Vec<ItemOverride> {
        let mut out = Vec::new();
        for (i, o) in self.item_overrides.iter().enumerate() {
            let at = |field: &str| format!("forecast.item_overrides[{i}].{field}");
            let period = read_period(&o.period, granularity).map_err(|message| FieldProblem {
                path: at("period"),
                message,
            });
            let change = match o.change {
                Change::Set(q) => quantity(q).map_err(|m| ("change.set", m)),
                Change::Percent(p) if !(-100.0..=MAX_PERCENT).contains(&p) => Err((
                    "change.percent",
                    format!("{p} is not a change in percent (-100 to {MAX_PERCENT})"),
                )),
                Change::Percent(_) => Ok(()),
            }
            .map_err(|(field, message)| FieldProblem {
                path: at(field),
                message,
            });
            match (period, change) {
                (Ok(period), Ok(())) => out.push(ItemOverride {
                    item: o.item.clone(),
                    period,
                    change: o.change,
                }),
                (period, change) => problems.extend(period.err().into_iter().chain(change.err())),
            }
        }
        out
    }

    fn read_families(
        &self,
        granularity: Option<Granularity>,
        problems: &mut Vec<FieldProblem>,
    ) -> Vec<FamilyOverride> {
        let mut out = Vec::new();
        for (i, o) in self.family_overrides.iter().enumerate() {
            let at = |field: &str| format!("forecast.family_overrides[{i}].{field}");
            let period = read_period(&o.period, granularity).map_err(|message| FieldProblem {
                path: at("period"),
                message,
            });
            let total = quantity(o.total).map_err(|message| FieldProblem {
                path: at("total"),
                message,
            });
            match (period, total) {
                (Ok(period), Ok(())) => out.push(FamilyOverride {
                    family: o.family.clone(),
                    period,
                    total: o.total,
                }),
                (period, total) => problems.extend(period.err().into_iter().chain(total.err())),
            }
        }
        out
    }
}

/// The largest change in percent an override may give.
const MAX_PERCENT: f64 = 1e6;

/// Checks a quantity an override gives.
fn quantity(q: f64) -> Result<(), String> {
    if q < 0.0 {
        Err(format!("{q} is negative (an override is 0 or more units)"))
    } else if q > MAX_OVERRIDE {
        Err(format!("{q} is too large (at most {MAX_OVERRIDE:e} units)"))
    } else {
        Ok(())
    }
}

/// Reads a period written as Attune shows it. With a granularity, the period must be of
/// it (a date is a week's first day when the data are weekly); without, any period
/// Attune writes is accepted.
///
/// # Errors
///
/// In a planner's words, quoting the text.
pub fn read_period(text: &str, granularity: Option<Granularity>) -> Result<Period, String> {
    let not_a_period = || {
        format!(
            "\"{text}\" is not a period (write it as Attune shows periods: 2024-03, 2024-Q1, 2024-W05, 2024-03-15 or 2024)"
        )
    };
    let period = parse_shown(text, granularity).ok_or_else(not_a_period)?;
    // Only the form Attune writes: "2024-3" or "+2024" are not.
    if period.to_string() != text {
        return Err(not_a_period());
    }
    match granularity {
        Some(g) if g != period.granularity => Err(format!(
            "\"{text}\" is a {} period, but the data are {}",
            period.granularity.adjective(),
            g.adjective()
        )),
        _ => Ok(period),
    }
}

/// The period `text` names, in the granularity its shape says (a date is a day unless
/// the data are weekly; a number is a year unless the data are numbered).
fn parse_shown(text: &str, granularity: Option<Granularity>) -> Option<Period> {
    let number = |t: &str| t.parse::<i64>().ok();
    let year = |t: &str| t.parse::<i32>().ok();
    if let Some((y, q)) = text.rsplit_once("-Q") {
        let q = u32::try_from(number(q)?)
            .ok()
            .filter(|q| (1..=4).contains(q))?;
        return Some(Period::quarter(year(y)?, q));
    }
    if let Some((y, w)) = text.rsplit_once("-W") {
        let w = u32::try_from(number(w)?).ok()?;
        let monday = NaiveDate::from_isoywd_opt(year(y)?, w, chrono::Weekday::Mon)?;
        return Some(Period::week_starting(monday));
    }
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Some(if granularity == Some(Granularity::Week) {
            Period::week_starting(date)
        } else {
            Period::day(date)
        });
    }
    // A month: the last '-' splits year and month (years may be negative).
    if let Some((y, m)) = text.rsplit_once('-').filter(|(y, _)| !y.is_empty()) {
        let m = u32::try_from(number(m)?)
            .ok()
            .filter(|m| (1..=12).contains(m))?;
        return Some(Period::month(year(y)?, m));
    }
    let n = number(text)?;
    Some(if granularity == Some(Granularity::Index) {
        Period::index(n)
    } else {
        Period::year(i32::try_from(n).ok()?)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_read_as_attune_writes_them() {
        for (text, g) in [
            ("2024-03", Granularity::Month),
            ("2024-Q1", Granularity::Quarter),
            ("2024-W05", Granularity::Week),
            ("2024-01-07", Granularity::Week),
            ("2024-03-15", Granularity::Day),
            ("2024", Granularity::Year),
            ("17", Granularity::Index),
            ("-3", Granularity::Index),
        ] {
            let p = read_period(text, Some(g)).unwrap();
            assert_eq!((p.to_string().as_str(), p.granularity), (text, g));
            assert!(read_period(text, None).is_ok(), "{text}");
        }
    }

    #[test]
    fn other_spellings_and_impossible_periods_are_refused() {
        for text in [
            "2024-13",
            "2024-3",
            "2024-Q5",
            "2024-W54",
            "2024-02-30",
            "Mar 2024",
            "",
            "soon",
        ] {
            assert!(read_period(text, None).is_err(), "{text}");
        }
        assert_eq!(
            read_period("2024-13", None).unwrap_err(),
            "\"2024-13\" is not a period (write it as Attune shows periods: 2024-03, 2024-Q1, 2024-W05, 2024-03-15 or 2024)"
        );
        assert_eq!(
            read_period("2024-Q1", Some(Granularity::Month)).unwrap_err(),
            "\"2024-Q1\" is a quarterly period, but the data are monthly"
        );
        // A Monday's date is written as its ISO week, so the date form is refused.
        assert!(read_period("2024-01-01", Some(Granularity::Week)).is_err());
    }

    #[test]
    fn overrides_come_back_typed_and_bad_ones_are_named() {
        let section = ForecastSection {
            item_overrides: vec![
                ItemOverrideEntry {
                    item: "P-1".into(),
                    period: "2025-03".into(),
                    change: Change::Set(120.0),
                },
                ItemOverrideEntry {
                    item: "P-2".into(),
                    period: "2025-13".into(),
                    change: Change::Percent(-150.0),
                },
            ],
            family_overrides: vec![FamilyOverrideEntry {
                family: "Pumps".into(),
                period: "2025-Q1".into(),
                total: -5.0,
            }],
            ..ForecastSection::default()
        };
        let lines: Vec<String> = section
            .overrides(Granularity::Month)
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            lines,
            [
                "forecast.item_overrides[1].period: \"2025-13\" is not a period (write it as Attune shows periods: 2024-03, 2024-Q1, 2024-W05, 2024-03-15 or 2024)".to_string(),
                "forecast.item_overrides[1].change.percent: -150 is not a change in percent (-100 to 1000000)".to_string(),
                "forecast.family_overrides[0].period: \"2025-Q1\" is a quarterly period, but the data are monthly".to_string(),
                "forecast.family_overrides[0].total: -5 is negative (an override is 0 or more units)".to_string(),
            ]
        );
        let good = ForecastSection {
            item_overrides: section.item_overrides[..1].to_vec(),
            ..ForecastSection::default()
        };
        let (items, families) = good.overrides(Granularity::Month).unwrap();
        assert_eq!(items[0].period, Period::month(2025, 3));
        assert!(families.is_empty());
        assert_eq!(ItemOverrideEntry::from(&items[0]), good.item_overrides[0]);
    }

    #[test]
    fn settings_out_of_range_are_named() {
        let section = ForecastSection {
            horizon: Some(0),
            season_length: Some(0),
            method: "magic".into(),
            pipeline: Some("just one cell".into()),
            ..ForecastSection::default()
        };
        let lines: Vec<String> = section
            .problems(None)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            lines[0],
            "forecast.horizon: 0 is not a horizon (1 to 10000 periods)"
        );
        assert!(lines[1].starts_with("forecast.season_length: 0 is not a season length"));
        assert!(
            lines[2].starts_with(
                "forecast.method: \"magic\" is not a method (use auto, naive, seasonal_naive"
            ),
            "{}",
            lines[2]
        );
        assert!(lines[3].starts_with("forecast.pipeline: "), "{lines:?}");
        assert_eq!(lines.len(), 4);
    }
}
