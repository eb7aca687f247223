//! The consensus forecast: the statistical forecast, sales' overrides on top of it, and
//! the number both teams plan with — kept side by side so that nobody loses track of
//! where a figure came from.
//!
//! Overrides come per item and period (a quantity, or a change in percent), or per
//! family and period (a total, split down over the family's items in proportion to their
//! statistical forecast). An item's own override wins over its family's split; the rest
//! of the family total is shared by the other items. Once actuals exist,
//! [`value_added`] says whether the overrides made the forecast better or worse.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::accuracy::{accuracy, Accuracy};
use crate::calendar::Period;

/// What an item override says.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// This quantity.
    Set(f64),
    /// The statistical forecast changed by this many percent (+10 = 10 % more).
    Percent(f64),
}

/// Sales' word on one item and period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemOverride {
    /// The item.
    pub item: String,
    /// The period.
    pub period: Period,
    /// The change.
    pub change: Change,
}

/// Sales' word on a family's total for one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FamilyOverride {
    /// The family.
    pub family: String,
    /// The period.
    pub period: Period,
    /// The family's total.
    pub total: f64,
}

/// One item's statistical forecast, as consensus needs it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatisticalLine {
    /// The item.
    pub item: String,
    /// Its family, if any.
    pub family: Option<String>,
    /// The period of `point[0]`.
    pub start: Period,
    /// The statistical forecast per period.
    pub point: Vec<f64>,
}

/// Where a consensus figure came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// The statistical forecast, unchanged.
    Statistical,
    /// The item's own override.
    ItemOverride,
    /// Its share of a family override.
    FamilyOverride,
}

/// Statistical, override and consensus side by side for one item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConsensusLine {
    /// The item.
    pub item: String,
    /// Its family.
    pub family: Option<String>,
    /// The period of index 0.
    pub start: Period,
    /// The statistical forecast.
    pub statistical: Vec<f64>,
    /// The override per period (item override, or the item's share of a family one).
    pub overridden: Vec<Option<f64>>,
    /// What the plan uses.
    pub consensus: Vec<f64>,
    /// Where each consensus figure came from.
    pub source: Vec<Source>,
}

/// An override that could not be applied as given.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConsensusNote {
    /// In a planner's words.
    pub message: String,
}

/// Builds the consensus lines. Overrides outside an item's forecast periods, or for
/// unknown items or families, are reported in the notes and left out; negative results
/// are raised to 0 (with a note).
#[must_use]
pub fn consensus(
    lines: &[StatisticalLine],
    items: &[ItemOverride],
    families: &[FamilyOverride],
) -> (Vec<ConsensusLine>, Vec<ConsensusNote>) {
    let mut notes = Vec::new();
    let mut out: Vec<ConsensusLine> = lines
        .iter()
        .map(|l| ConsensusLine {
            item: l.item.clone(),
            family: l.family.clone(),
            start: l.start,
            statistical: l.point.clone(),
            overridden: vec![None; l.point.len()],
            consensus: l.point.clone(),
            source: vec![Source::Statistical; l.point.len()],
        })
        .collect();
    let index: HashMap<&str, usize> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| (l.item.as_str(), i))
        .collect();
    let step_of = |line: &ConsensusLine, period: Period| {
        line.start
            .steps_until(period)
            .and_then(|s| usize::try_from(s).ok())
            .filter(|s| *s < line.statistical.len())
    };

    // Item overrides first: they win over family splits.
    for o in items {
        let Some(&i) = index.get(o.item.as_str()) else {
            notes.push(ConsensusNote {
                message: format!(
                    "override for \"{}\" in {}: no such item in the forecast; left out",
                    o.item, o.period
                ),
            });
            continue;
        };
        let line = &mut out[i];
        let Some(s) = step_of(line, o.period) else {
            notes.push(ConsensusNote {
                message: format!(
                    "override for \"{}\" in {}: outside the forecast periods; left out",
                    o.item, o.period
                ),
            });
            continue;
        };
        let value = match o.change {
            Change::Set(q) => q,
            Change::Percent(p) => line.statistical[s] * (1.0 + p / 100.0),
        };
        let value = if value.is_finite() {
            value
        } else {
            line.statistical[s]
        };
        let value = if value < 0.0 {
            notes.push(ConsensusNote {
                message: format!(
                    "override for \"{}\" in {} is below 0; 0 is used",
                    o.item, o.period
                ),
            });
            0.0
        } else {
            value
        };
        line.overridden[s] = Some(value);
        line.consensus[s] = value;
        line.source[s] = Source::ItemOverride;
    }

    // Family totals, split over the items without their own override.
    for o in families {
        let members: Vec<(usize, usize)> = out
            .iter()
            .enumerate()
            .filter(|(_, l)| l.family.as_deref() == Some(o.family.as_str()))
            .filter_map(|(i, l)| step_of(l, o.period).map(|s| (i, s)))
            .collect();
        if members.is_empty() {
            notes.push(ConsensusNote { message: format!("family override for \"{}\" in {}: no item of that family is forecast then; left out", o.family, o.period) });
            continue;
        }
        let fixed: f64 = members
            .iter()
            .filter(|(i, s)| out[*i].source[*s] == Source::ItemOverride)
            .map(|(i, s)| out[*i].consensus[*s])
            .sum();
        let free: Vec<(usize, usize)> = members
            .iter()
            .copied()
            .filter(|(i, s)| out[*i].source[*s] != Source::ItemOverride)
            .collect();
        let mut rest = o.total - fixed;
        if rest < 0.0 {
            notes.push(ConsensusNote {
                message: format!(
                    "family override for \"{}\" in {} ({}) is less than its items' own overrides ({fixed}); the other items get 0",
                    o.family, o.period, o.total
                ),
            });
            rest = 0.0;
        }
        if free.is_empty() {
            if (rest).abs() > 1e-9 {
                notes.push(ConsensusNote { message: format!("family override for \"{}\" in {}: every item has its own override; the family total is not used", o.family, o.period) });
            }
            continue;
        }
        let base: f64 = free
            .iter()
            .map(|(i, s)| out[*i].statistical[*s].max(0.0))
            .sum();
        for &(i, s) in &free {
            let share = if base > 0.0 {
                out[i].statistical[s].max(0.0) / base
            } else {
                1.0 / free.len() as f64
            };
            let value = rest * share;
            let line = &mut out[i];
            line.overridden[s] = Some(value);
            line.consensus[s] = value;
            line.source[s] = Source::FamilyOverride;
        }
    }
    (out, notes)
}

/// A family's totals: the sum of its items' lines, period by period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FamilyTotals {
    /// The family.
    pub family: String,
    /// How many items it has.
    pub items: usize,
    /// The period of index 0.
    pub start: Period,
    /// Sum of the statistical forecasts.
    pub statistical: Vec<f64>,
    /// Sum of the consensus.
    pub consensus: Vec<f64>,
}

/// Sums consensus lines by family (items without a family are left out), over the
/// periods from the earliest start to the latest end of the family's lines.
#[must_use]
pub fn family_totals(lines: &[ConsensusLine]) -> Vec<FamilyTotals> {
    totals_by(lines, |line| line.family.clone())
}

/// Sums every line, with or without a family: the demand the whole business plans for.
/// Named `total`; `None` when there are no lines.
#[must_use]
pub fn grand_total(lines: &[ConsensusLine]) -> Option<FamilyTotals> {
    totals_by(lines, |_| Some("total".to_owned()))
        .into_iter()
        .next()
}

/// Sums lines into groups named by `key` (`None`: the line is left out), each over the
/// periods from the earliest start to the latest end of its lines.
fn totals_by(
    lines: &[ConsensusLine],
    key: impl Fn(&ConsensusLine) -> Option<String>,
) -> Vec<FamilyTotals> {
    let mut families: Vec<FamilyTotals> = Vec::new();
    for line in lines {
        let Some(family) = key(line) else { continue };
        let at = match families.iter().position(|f| f.family == family) {
            Some(at) => at,
            None => {
                families.push(FamilyTotals {
                    family,
                    items: 0,
                    start: line.start,
                    statistical: Vec::new(),
                    consensus: Vec::new(),
                });
                families.len() - 1
            }
        };
        let f = &mut families[at];
        // Re-base when this line starts earlier than the family so far.
        if let Some(earlier) = line
            .start
            .steps_until(f.start)
            .and_then(|s| usize::try_from(s).ok())
            .filter(|s| *s > 0)
        {
            f.statistical
                .splice(0..0, std::iter::repeat_n(0.0, earlier));
            f.consensus.splice(0..0, std::iter::repeat_n(0.0, earlier));
            f.start = line.start;
        }
        let Some(offset) = f
            .start
            .steps_until(line.start)
            .and_then(|s| usize::try_from(s).ok())
        else {
            continue;
        };
        let len = offset + line.statistical.len();
        if f.statistical.len() < len {
            f.statistical.resize(len, 0.0);
            f.consensus.resize(len, 0.0);
        }
        // Held at the largest float: items near the limit must not total infinity.
        let add = |total: &mut f64, v: f64| *total = (*total + v).clamp(f64::MIN, f64::MAX);
        for (i, (s, c)) in line.statistical.iter().zip(&line.consensus).enumerate() {
            add(&mut f.statistical[offset + i], *s);
            add(&mut f.consensus[offset + i], *c);
        }
        f.items += 1;
    }
    families
}

/// Forecast value added by the overrides over the periods that have actuals.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ValueAdded {
    /// Accuracy of the statistical forecast.
    pub statistical: Accuracy,
    /// Accuracy of the consensus.
    pub consensus: Accuracy,
    /// Statistical MAE minus consensus MAE: > 0 when the overrides helped.
    pub mae_gain: f64,
}

impl ValueAdded {
    /// The overrides' gain as a share of the statistical forecast's error, in percent
    /// (> 0: the overrides helped); `None` when the statistical forecast was exact.
    #[must_use]
    pub fn gain_pct(&self) -> Option<f64> {
        (self.statistical.mae > 0.0).then(|| self.mae_gain / self.statistical.mae * 100.0)
    }
}

/// Compares statistical and consensus forecasts with the actuals that have come in
/// (`None` for periods without one). `None` when no period has an actual.
#[must_use]
pub fn value_added(
    line: &ConsensusLine,
    actuals: &[Option<f64>],
    history: &[f64],
    m: usize,
) -> Option<ValueAdded> {
    let (mut a, mut st, mut co) = (Vec::new(), Vec::new(), Vec::new());
    for (i, actual) in actuals.iter().enumerate() {
        if let (Some(y), Some(s), Some(c)) =
            (actual, line.statistical.get(i), line.consensus.get(i))
        {
            a.push(*y);
            st.push(*s);
            co.push(*c);
        }
    }
    if a.is_empty() {
        return None;
    }
    let statistical = accuracy(&a, &st, history, m);
    let consensus = accuracy(&a, &co, history, m);
    Some(ValueAdded {
        statistical,
        consensus,
        mae_gain: statistical.mae - consensus.mae,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(item: &str, family: &str, point: &[f64]) -> StatisticalLine {
        StatisticalLine {
            item: item.into(),
            family: Some(family.into()),
            start: Period::month(2025, 1),
            point: point.to_vec(),
        }
    }

    #[test]
    fn item_overrides_set_and_percent() {
        let lines = [line("A", "F", &[100.0, 100.0, 100.0])];
        let overrides = [
            ItemOverride {
                item: "A".into(),
                period: Period::month(2025, 2),
                change: Change::Set(130.0),
            },
            ItemOverride {
                item: "A".into(),
                period: Period::month(2025, 3),
                change: Change::Percent(-25.0),
            },
        ];
        let (out, notes) = consensus(&lines, &overrides, &[]);
        assert!(notes.is_empty());
        assert_eq!(out[0].consensus, [100.0, 130.0, 75.0]);
        assert_eq!(out[0].overridden, [None, Some(130.0), Some(75.0)]);
        assert_eq!(
            out[0].source,
            [
                Source::Statistical,
                Source::ItemOverride,
                Source::ItemOverride
            ]
        );
        assert_eq!(
            out[0].statistical,
            [100.0, 100.0, 100.0],
            "the statistical forecast is kept"
        );
    }

    #[test]
    fn family_totals_split_in_proportion_and_respect_item_overrides() {
        let lines = [
            line("A", "F", &[30.0]),
            line("B", "F", &[10.0]),
            line("C", "F", &[60.0]),
            line("X", "G", &[5.0]),
        ];
        let jan = Period::month(2025, 1);
        // Family F to 200 in January; C is fixed by sales at 100, so A and B share 100 as 3:1.
        let (out, notes) = consensus(
            &lines,
            &[ItemOverride {
                item: "C".into(),
                period: jan,
                change: Change::Set(100.0),
            }],
            &[FamilyOverride {
                family: "F".into(),
                period: jan,
                total: 200.0,
            }],
        );
        assert!(notes.is_empty(), "{notes:?}");
        let c: Vec<f64> = out.iter().map(|l| l.consensus[0]).collect();
        assert_eq!(c, [75.0, 25.0, 100.0, 5.0]);
        assert_eq!(out[0].source[0], Source::FamilyOverride);
        assert_eq!(out[3].source[0], Source::Statistical);
    }

    #[test]
    fn all_zero_family_splits_equally_and_bad_overrides_are_noted() {
        let lines = [line("A", "F", &[0.0]), line("B", "F", &[0.0])];
        let jan = Period::month(2025, 1);
        let (out, notes) = consensus(
            &lines,
            &[
                ItemOverride {
                    item: "Z".into(),
                    period: jan,
                    change: Change::Set(1.0),
                },
                ItemOverride {
                    item: "A".into(),
                    period: Period::month(2026, 1),
                    change: Change::Set(1.0),
                },
            ],
            &[
                FamilyOverride {
                    family: "F".into(),
                    period: jan,
                    total: 10.0,
                },
                FamilyOverride {
                    family: "Q".into(),
                    period: jan,
                    total: 1.0,
                },
            ],
        );
        assert_eq!(out[0].consensus[0], 5.0);
        assert_eq!(notes.len(), 3, "{notes:?}");
    }

    #[test]
    fn family_total_below_item_overrides() {
        let lines = [line("A", "F", &[10.0]), line("B", "F", &[10.0])];
        let jan = Period::month(2025, 1);
        let (out, notes) = consensus(
            &lines,
            &[ItemOverride {
                item: "A".into(),
                period: jan,
                change: Change::Set(50.0),
            }],
            &[FamilyOverride {
                family: "F".into(),
                period: jan,
                total: 30.0,
            }],
        );
        assert_eq!((out[0].consensus[0], out[1].consensus[0]), (50.0, 0.0));
        assert_eq!(notes.len(), 1);
    }

    #[test]
    fn family_totals_sum_items_period_by_period() {
        let (out, _) = consensus(
            &[
                line("A", "F", &[1.0, 2.0]),
                line("B", "F", &[10.0, 20.0]),
                line("X", "G", &[5.0, 5.0]),
            ],
            &[ItemOverride {
                item: "A".into(),
                period: Period::month(2025, 2),
                change: Change::Set(4.0),
            }],
            &[],
        );
        let totals = family_totals(&out);
        assert_eq!(totals.len(), 2);
        assert_eq!((totals[0].family.as_str(), totals[0].items), ("F", 2));
        assert_eq!(totals[0].statistical, [11.0, 22.0]);
        assert_eq!(totals[0].consensus, [11.0, 24.0]);
        assert_eq!(totals[1].consensus, [5.0, 5.0]);
        // The grand total takes every line, families or not.
        let all = grand_total(&out).unwrap();
        assert_eq!((all.items, all.consensus), (3, vec![16.0, 29.0]));
        assert!(grand_total(&[]).is_none());
    }

    #[test]
    fn value_added_compares_with_actuals() {
        let (out, _) = consensus(
            &[line("A", "F", &[100.0, 100.0])],
            &[ItemOverride {
                item: "A".into(),
                period: Period::month(2025, 1),
                change: Change::Set(120.0),
            }],
            &[],
        );
        let fva = value_added(&out[0], &[Some(118.0), None], &[90.0, 110.0], 1).unwrap();
        assert_eq!(
            (fva.statistical.mae, fva.consensus.mae, fva.mae_gain),
            (18.0, 2.0, 16.0)
        );
        assert!((fva.gain_pct().unwrap() - 88.888_888).abs() < 1e-4);
        assert!(value_added(&out[0], &[None, None], &[1.0], 1).is_none());
    }
}
