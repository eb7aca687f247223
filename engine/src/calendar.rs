//! Planning periods: what a "period" cell means, how periods follow each other, and how
//! they are written back.
//!
//! A [`Period`] is a granularity plus an ordinal, so the next period is always `ordinal + 1`
//! (or `+ 7` days for weeks) and two periods compare and subtract without a calendar
//! library in the hot path. chrono is used only to turn dates into ordinals and back; it is
//! built without its clock, so the engine never reads the time.

use std::fmt;

pub use chrono::NaiveDate;
use chrono::{Datelike, Weekday};
use serde::{Deserialize, Serialize};

/// How long one period is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Granularity {
    /// One calendar day.
    Day,
    /// Seven days, starting on the weekday of the data's first week.
    Week,
    /// One calendar month.
    Month,
    /// One calendar quarter.
    Quarter,
    /// One calendar year.
    Year,
    /// A plain period number (1, 2, 3, …) with no calendar behind it.
    Index,
}

impl Granularity {
    /// The usual season length for this granularity: 7 days, 52 weeks, 12 months,
    /// 4 quarters; 1 (no seasonality) for years and plain period numbers.
    #[must_use]
    pub fn season_length(self) -> usize {
        match self {
            Self::Day => 7,
            Self::Week => 52,
            Self::Month => 12,
            Self::Quarter => 4,
            Self::Year | Self::Index => 1,
        }
    }

    /// How far ahead a plan usually looks: 4 weeks of days, a quarter of weeks, a year of
    /// months, two years of quarters, five years, or 6 plain periods.
    #[must_use]
    pub fn default_horizon(self) -> usize {
        match self {
            Self::Day => 28,
            Self::Week => 13,
            Self::Month => 12,
            Self::Quarter => 8,
            Self::Year => 5,
            Self::Index => 6,
        }
    }

    /// A planner's word for the granularity ("monthly").
    #[must_use]
    pub fn adjective(self) -> &'static str {
        match self {
            Self::Day => "daily",
            Self::Week => "weekly",
            Self::Month => "monthly",
            Self::Quarter => "quarterly",
            Self::Year => "yearly",
            Self::Index => "numbered",
        }
    }
}

/// One planning period.
///
/// The ordinal's meaning depends on the granularity: days since 0001-01-01 for days and
/// weeks (a week is named by its first day), `year * 12 + month - 1` for months,
/// `year * 4 + quarter - 1` for quarters, the year for years, the number itself for
/// [`Granularity::Index`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Period {
    /// How long the period is.
    pub granularity: Granularity,
    /// Its position on that granularity's time line.
    pub ordinal: i64,
}

impl Period {
    /// A calendar month (`month` is 1..=12).
    #[must_use]
    pub fn month(year: i32, month: u32) -> Self {
        Self {
            granularity: Granularity::Month,
            ordinal: i64::from(year) * 12 + i64::from(month) - 1,
        }
    }

    /// A calendar quarter (`quarter` is 1..=4).
    #[must_use]
    pub fn quarter(year: i32, quarter: u32) -> Self {
        Self {
            granularity: Granularity::Quarter,
            ordinal: i64::from(year) * 4 + i64::from(quarter) - 1,
        }
    }

    /// A calendar year.
    #[must_use]
    pub fn year(year: i32) -> Self {
        Self {
            granularity: Granularity::Year,
            ordinal: i64::from(year),
        }
    }

    /// A calendar day.
    #[must_use]
    pub fn day(date: NaiveDate) -> Self {
        Self {
            granularity: Granularity::Day,
            ordinal: i64::from(date.num_days_from_ce()),
        }
    }

    /// The week that starts on `date`.
    #[must_use]
    pub fn week_starting(date: NaiveDate) -> Self {
        Self {
            granularity: Granularity::Week,
            ordinal: i64::from(date.num_days_from_ce()),
        }
    }

    /// Plain period number `n`.
    #[must_use]
    pub fn index(n: i64) -> Self {
        Self {
            granularity: Granularity::Index,
            ordinal: n,
        }
    }

    /// How far one step moves the ordinal (7 for weeks, 1 otherwise).
    fn stride(self) -> i64 {
        if self.granularity == Granularity::Week {
            7
        } else {
            1
        }
    }

    /// The period `steps` periods after this one (before it when negative).
    #[must_use]
    pub fn offset(self, steps: i64) -> Self {
        Self {
            granularity: self.granularity,
            ordinal: self
                .ordinal
                .saturating_add(steps.saturating_mul(self.stride())),
        }
    }

    /// How many periods `later` lies after `self`, when both have the same granularity
    /// and `later` sits on this period's grid (a week that starts on another weekday does
    /// not).
    #[must_use]
    pub fn steps_until(self, later: Self) -> Option<i64> {
        if self.granularity != later.granularity {
            return None;
        }
        let diff = later.ordinal.checked_sub(self.ordinal)?;
        let stride = self.stride();
        (diff % stride == 0).then_some(diff / stride)
    }

    /// The period of granularity `bucket` that this period falls in (by its first day):
    /// a day's week (ISO, Monday-based), month, quarter or year; a month's quarter or year.
    /// `None` when `bucket` is finer than this period or either is a plain number.
    #[must_use]
    pub fn to_bucket(self, bucket: Granularity) -> Option<Self> {
        if bucket == self.granularity {
            return Some(self);
        }
        if bucket == Granularity::Index
            || self.granularity == Granularity::Index
            || bucket < self.granularity
        {
            return None;
        }
        let date = self.start_date()?;
        Some(match bucket {
            Granularity::Week => {
                let back = i64::from(date.weekday().num_days_from_monday());
                Self {
                    granularity: Granularity::Week,
                    ordinal: self.ordinal - back,
                }
            }
            Granularity::Month => Self::month(date.year(), date.month()),
            Granularity::Quarter => Self::quarter(date.year(), (date.month() - 1) / 3 + 1),
            Granularity::Year => Self::year(date.year()),
            Granularity::Day | Granularity::Index => return None,
        })
    }

    /// The first day of the period, when it is a calendar period.
    #[must_use]
    pub fn start_date(self) -> Option<NaiveDate> {
        let ymd = |y: i64, m: i64| {
            NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, u32::try_from(m).ok()?, 1)
        };
        match self.granularity {
            Granularity::Day | Granularity::Week => {
                NaiveDate::from_num_days_from_ce_opt(i32::try_from(self.ordinal).ok()?)
            }
            Granularity::Month => ymd(self.ordinal.div_euclid(12), self.ordinal.rem_euclid(12) + 1),
            Granularity::Quarter => ymd(
                self.ordinal.div_euclid(4),
                self.ordinal.rem_euclid(4) * 3 + 1,
            ),
            Granularity::Year => ymd(self.ordinal, 1),
            Granularity::Index => None,
        }
    }
}

impl fmt::Display for Period {
    /// Writes the period the way Attune shows it everywhere: `2024-03-15` (day),
    /// `2024-W05` (a week that starts on Monday) or its first day, `2024-03`, `2024-Q1`,
    /// `2024`, or the plain number.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let o = self.ordinal;
        match self.granularity {
            Granularity::Month => write!(f, "{}-{:02}", o.div_euclid(12), o.rem_euclid(12) + 1),
            Granularity::Quarter => write!(f, "{}-Q{}", o.div_euclid(4), o.rem_euclid(4) + 1),
            Granularity::Year | Granularity::Index => write!(f, "{o}"),
            Granularity::Day | Granularity::Week => match self.start_date() {
                Some(d) if self.granularity == Granularity::Week && d.weekday() == Weekday::Mon => {
                    let w = d.iso_week();
                    write!(f, "{}-W{:02}", w.year(), w.week())
                }
                Some(d) => write!(f, "{}", d.format("%Y-%m-%d")),
                None => write!(f, "day {o}"),
            },
        }
    }
}

/// What a single period cell says, before the whole column is looked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CellPeriod {
    /// A complete period of its own granularity (month, quarter, ISO week, …).
    Exact(Period),
    /// A full date written year first, or unambiguously.
    Date(NaiveDate),
    /// `a/b/yyyy`: day-first or month-first, decided from the whole column.
    Slashed {
        a: u32,
        b: u32,
        year: i32,
        dotted: bool,
    },
    /// A bare whole number: a year (1900–2199), an Excel date serial (10000–80000) or a
    /// plain period number.
    Number(i64),
    /// A number with a fraction whose whole part can only be an Excel date-time serial.
    Serial(i64),
}

/// How to read `03/04/2024`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateOrder {
    /// Decide from the whole column; ask when it cannot tell.
    #[default]
    Auto,
    /// 03/04/2024 is the 3rd of April.
    DayFirst,
    /// 03/04/2024 is March 4th.
    MonthFirst,
}

/// Excel's day zero for serial dates (serial 1 is 1900-01-01; Excel's phantom
/// 1900-02-29 makes 1899-12-30 the right origin for every serial after February 1900).
fn excel_serial(serial: i64) -> Option<NaiveDate> {
    let origin = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    origin.checked_add_signed(chrono::TimeDelta::try_days(serial)?)
}

/// Serials that plausibly are dates (1927-05-18 to 2119-01-10) rather than quantities.
const SERIAL_RANGE: std::ops::RangeInclusive<i64> = 10_000..=80_000;

/// Why a period column could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodProblem {
    /// Index of the offending cell in the slice given to [`parse_period_column`].
    pub index: usize,
    /// What is wrong, in a planner's words.
    pub reason: String,
}

/// The result of reading a column of period cells.
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodColumn {
    /// One entry per input cell: the period, or `None` when that cell is listed in
    /// `problems`.
    pub periods: Vec<Option<Period>>,
    /// The cells that could not be read.
    pub problems: Vec<PeriodProblem>,
    /// Notes about choices made for the whole column (e.g. how `03/04/2024` was read).
    pub notes: Vec<String>,
    /// Every slashed date reads both day-first and month-first: the user should choose.
    pub ambiguous_order: bool,
}

const MONTH_NAMES: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// `Jan`, `jan.`, `Sept`, `September` → 1-based month number.
fn month_from_name(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    let i = MONTH_NAMES
        .iter()
        .position(|full| full.starts_with(w.as_str()))?;
    u32::try_from(i + 1).ok()
}

fn parse_year(s: &str) -> Option<i32> {
    let digits = s.len() == 4 || s.len() == 2;
    if !digits || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let y: i32 = s.parse().ok()?;
    Some(if s.len() == 2 { 2000 + y } else { y })
}

fn parse_u32(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Reads one cell on its own. `None` when it is not a period in any form we know.
fn parse_cell(text: &str) -> Option<CellPeriod> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    // Plain whole numbers: years or period numbers.
    if t.bytes().all(|b| b.is_ascii_digit()) && t.len() <= 9 {
        return t.parse().ok().map(CellPeriod::Number);
    }
    // Excel date-time serials written with a fraction ("45292.75").
    if let Some((whole, frac)) = t.split_once('.') {
        if whole.len() == 5 && frac.bytes().all(|b| b.is_ascii_digit()) {
            if let Ok(n) = whole.parse::<i64>() {
                if SERIAL_RANGE.contains(&n) && whole.bytes().all(|b| b.is_ascii_digit()) {
                    return Some(CellPeriod::Serial(n));
                }
            }
        }
    }
    // A date with a time part ("2024-03-01 00:00:00", "2024-03-01T00:00"): keep the date.
    let t = match t.split_once([' ', 'T']) {
        Some((d, rest)) if rest.contains(':') => d,
        _ => t,
    };
    let upper = t.to_ascii_uppercase();
    // Quarters: 2024Q1, 2024-Q1, 2024 Q1, Q1 2024, Q1-2024.
    let compact: String = upper
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '/' | '_'))
        .collect();
    if !compact.is_ascii() {
        // Quarter, week and date forms are all ASCII; month names are handled below.
    } else if let Some((y, q)) = compact.split_once('Q') {
        let (year, q) = if y.is_empty() && q.len() > 1 {
            (parse_year(&q[1..]), parse_u32(&q[..1]))
        } else {
            (parse_year(y), parse_u32(q))
        };
        if let (Some(year), Some(q @ 1..=4)) = (year, q) {
            return Some(CellPeriod::Exact(Period::quarter(year, q)));
        }
    }
    // ISO weeks: 2024-W05, 2024W05.
    if let Some((y, w)) = compact.split_once('W') {
        if let (Some(year), Some(week)) = (parse_year(y), parse_u32(w)) {
            let monday = NaiveDate::from_isoywd_opt(year, week, Weekday::Mon)?;
            return Some(CellPeriod::Exact(Period::week_starting(monday)));
        }
    }
    let parts: Vec<&str> = t
        .split(['-', '/', '.', ' '])
        .filter(|p| !p.is_empty())
        .collect();
    match parts.as_slice() {
        // yyyy-mm-dd
        [y, m, d] if y.len() == 4 => {
            let date = NaiveDate::from_ymd_opt(parse_year(y)?, parse_u32(m)?, parse_u32(d)?)?;
            Some(CellPeriod::Date(date))
        }
        // dd-Mon-yyyy, 15 Mar 2024
        [d, m, y] if month_from_name(m).is_some() => {
            let date = NaiveDate::from_ymd_opt(parse_year(y)?, month_from_name(m)?, parse_u32(d)?)?;
            Some(CellPeriod::Date(date))
        }
        // a/b/yyyy: decided per column.
        [a, b, y] if y.len() == 4 => Some(CellPeriod::Slashed {
            a: parse_u32(a)?,
            b: parse_u32(b)?,
            year: parse_year(y)?,
            dotted: t.contains('.'),
        }),
        // yyyy-mm
        [y, m] if y.len() == 4 && parse_u32(m).is_some() => {
            let (year, m) = (parse_year(y)?, parse_u32(m)?);
            (1..=12)
                .contains(&m)
                .then(|| CellPeriod::Exact(Period::month(year, m)))
        }
        // mm/yyyy, mm.yyyy
        [m, y] if y.len() == 4 && parse_u32(m).is_some_and(|m| (1..=12).contains(&m)) => Some(
            CellPeriod::Exact(Period::month(parse_year(y)?, parse_u32(m)?)),
        ),
        // Jan 2024, January-24, 2024 Jan
        [m, y] if month_from_name(m).is_some() => Some(CellPeriod::Exact(Period::month(
            parse_year(y)?,
            month_from_name(m)?,
        ))),
        [y, m] if month_from_name(m).is_some() => Some(CellPeriod::Exact(Period::month(
            parse_year(y)?,
            month_from_name(m)?,
        ))),
        _ => None,
    }
}

/// Reads a whole column of period cells and decides, from all of them together, what they
/// mean: whether `03/04/2024` is day-first or month-first (unless `order` says), whether
/// `2019, 2020` are years, `45292` Excel date serials or plain period numbers, and whether
/// dates are days, weeks or months (all on the 1st).
///
/// Cells that cannot be read are reported with their index; the others are still read.
#[must_use]
pub fn parse_period_column(cells: &[&str], order: DateOrder) -> PeriodColumn {
    // Exports repeat the same few hundred periods over many rows: read each text once.
    let mut seen: std::collections::HashMap<&str, Option<CellPeriod>> =
        std::collections::HashMap::new();
    let parsed: Vec<Option<CellPeriod>> = cells
        .iter()
        .map(|c| *seen.entry(c).or_insert_with(|| parse_cell(c)))
        .collect();
    let mut problems = Vec::new();
    let mut notes = Vec::new();

    // Day-first or month-first, from every slashed cell.
    let slashed = parsed.iter().flatten().filter_map(|p| match p {
        CellPeriod::Slashed { a, b, dotted, .. } => Some((*a, *b, *dotted)),
        _ => None,
    });
    let (mut day_first_possible, mut month_first_possible, mut any_slashed) = (true, true, false);
    let mut all_dotted = true;
    for (a, b, dotted) in slashed {
        any_slashed = true;
        all_dotted &= dotted;
        day_first_possible &= (1..=12).contains(&b) && (1..=31).contains(&a);
        month_first_possible &= (1..=12).contains(&a) && (1..=31).contains(&b);
    }
    // 01.02.2024 is day-first wherever dots are written (the month-first convention uses slashes).
    if any_slashed && all_dotted && day_first_possible {
        month_first_possible = false;
    }
    let ambiguous_order =
        order == DateOrder::Auto && any_slashed && day_first_possible && month_first_possible;
    let day_first = match order {
        DateOrder::DayFirst => true,
        DateOrder::MonthFirst => false,
        DateOrder::Auto => day_first_possible || !month_first_possible,
    };
    if ambiguous_order {
        notes.push(
            "dates like 03/04/2024 could be day/month or month/day; they were read as day/month — choose the order if that is wrong".to_string(),
        );
    }

    // Bare numbers: all in 1900..2200 means years; otherwise period numbers.
    let numbers: Vec<i64> = parsed
        .iter()
        .flatten()
        .filter_map(|p| {
            if let CellPeriod::Number(n) = p {
                Some(*n)
            } else {
                None
            }
        })
        .collect();
    let numbers_are_years = !numbers.is_empty() && numbers.iter().all(|n| (1900..2200).contains(n));
    let numbers_are_serials =
        !numbers.is_empty() && numbers.iter().all(|n| SERIAL_RANGE.contains(n));

    let mut dates: Vec<(usize, NaiveDate)> = Vec::new();
    let mut periods: Vec<Option<Period>> = vec![None; cells.len()];
    for (i, p) in parsed.iter().enumerate() {
        match *p {
            Some(CellPeriod::Exact(period)) => periods[i] = Some(period),
            Some(CellPeriod::Number(n)) if numbers_are_years => {
                periods[i] = i32::try_from(n).ok().map(Period::year);
            }
            Some(CellPeriod::Number(n) | CellPeriod::Serial(n))
                if numbers_are_serials || matches!(p, Some(CellPeriod::Serial(_))) =>
            {
                match excel_serial(n) {
                    Some(date) => dates.push((i, date)),
                    None => problems.push(PeriodProblem {
                        index: i,
                        reason: "is not a date Excel can mean".to_string(),
                    }),
                }
            }
            Some(CellPeriod::Serial(_)) => {}
            Some(CellPeriod::Number(n)) => periods[i] = Some(Period::index(n)),
            Some(CellPeriod::Date(d)) => dates.push((i, d)),
            Some(CellPeriod::Slashed { a, b, year, .. }) => {
                let (d, m) = if day_first { (a, b) } else { (b, a) };
                match NaiveDate::from_ymd_opt(year, m, d) {
                    Some(date) => dates.push((i, date)),
                    None => problems.push(PeriodProblem {
                        index: i,
                        reason: format!(
                            "is not a date when read as {} (the rest of the column is read that way)",
                            if day_first { "day/month/year" } else { "month/day/year" }
                        ),
                    }),
                }
            }
            None => {
                let reason = if cells[i].trim().is_empty() {
                    "is empty; every row needs a period".to_string()
                } else {
                    "is not a period Attune knows (try 2024-03-15, 2024-03, Mar 2024, 2024-W05, 2024-Q1 or 2024)"
                        .to_string()
                };
                problems.push(PeriodProblem { index: i, reason });
            }
        }
    }

    // Dates: months when every date is the 1st and they are a month or more apart; weeks
    // when they all fall on one weekday; otherwise days.
    if !dates.is_empty() {
        let all_first = dates.iter().all(|(_, d)| d.day() == 1);
        let mut sorted: Vec<NaiveDate> = dates.iter().map(|(_, d)| *d).collect();
        sorted.sort_unstable();
        sorted.dedup();
        let min_gap = sorted
            .windows(2)
            .map(|w| (w[1] - w[0]).num_days())
            .min()
            .unwrap_or(0);
        let one_weekday = dates
            .iter()
            .all(|(_, d)| d.weekday() == dates[0].1.weekday());
        for (i, d) in dates {
            periods[i] = Some(if all_first && (sorted.len() == 1 || min_gap >= 28) {
                Period::month(d.year(), d.month())
            } else if one_weekday && sorted.len() > 1 && min_gap >= 7 {
                Period::week_starting(d)
            } else {
                Period::day(d)
            });
        }
    }

    // Mixed granularities cannot share one time line.
    let mut kinds: Vec<Granularity> = periods.iter().flatten().map(|p| p.granularity).collect();
    kinds.sort_unstable();
    kinds.dedup();
    if kinds.len() > 1 {
        let first = periods.iter().flatten().next().map(|p| p.granularity);
        for (i, p) in periods.iter_mut().enumerate() {
            if let Some(period) = *p {
                if Some(period.granularity) != first {
                    problems.push(PeriodProblem {
                        index: i,
                        reason: format!(
                            "is a {} period, but the column starts with {} periods",
                            period.granularity.adjective(),
                            first.map_or("other", Granularity::adjective)
                        ),
                    });
                    *p = None;
                }
            }
        }
        problems.sort_by_key(|p| p.index);
    }
    PeriodColumn {
        periods,
        problems,
        notes,
        ambiguous_order,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(cells: &[&str]) -> Vec<String> {
        parse_period_column(cells, DateOrder::Auto)
            .periods
            .iter()
            .map(|p| p.map_or_else(|| "?".to_string(), |p| p.to_string()))
            .collect()
    }

    fn parse_period_column_auto(cells: &[&str]) -> PeriodColumn {
        parse_period_column(cells, DateOrder::Auto)
    }

    #[test]
    fn excel_serials_are_dates() {
        assert_eq!(labels(&["45292", "45323"]), ["2024-01", "2024-02"]);
        assert_eq!(
            labels(&["45292.5", "45293.25"]),
            ["2024-01-01", "2024-01-02"]
        );
        // Small numbers stay period numbers, years stay years.
        assert_eq!(labels(&["1", "45292"]), ["1", "45292"]);
    }

    #[test]
    fn dotted_dates_are_day_first() {
        let col = parse_period_column_auto(&["01.02.2024", "01.03.2024"]);
        assert!(!col.ambiguous_order);
        assert_eq!(
            labels(&["01.02.2024", "01.03.2024"]),
            ["2024-02", "2024-03"]
        );
    }

    #[test]
    fn forced_order_is_obeyed() {
        let col = parse_period_column(&["03/04/2024", "05/04/2024"], DateOrder::MonthFirst);
        assert!(!col.ambiguous_order);
        let p: Vec<String> = col
            .periods
            .iter()
            .flatten()
            .map(ToString::to_string)
            .collect();
        assert_eq!(p, ["2024-03-04", "2024-05-04"]);
        assert!(parse_period_column_auto(&["03/04/2024"]).ambiguous_order);
    }

    #[test]
    fn buckets() {
        let d = Period::day(NaiveDate::from_ymd_opt(2024, 3, 14).unwrap());
        assert_eq!(
            d.to_bucket(Granularity::Week).unwrap().to_string(),
            "2024-W11"
        );
        assert_eq!(
            d.to_bucket(Granularity::Month),
            Some(Period::month(2024, 3))
        );
        assert_eq!(
            d.to_bucket(Granularity::Quarter),
            Some(Period::quarter(2024, 1))
        );
        assert_eq!(d.to_bucket(Granularity::Year), Some(Period::year(2024)));
        assert_eq!(
            Period::month(2024, 7).to_bucket(Granularity::Quarter),
            Some(Period::quarter(2024, 3))
        );
        assert_eq!(Period::month(2024, 7).to_bucket(Granularity::Day), None);
        assert_eq!(Period::index(3).to_bucket(Granularity::Month), None);
    }

    #[test]
    fn months_in_many_spellings() {
        assert_eq!(
            labels(&[
                "2024-01",
                "Feb 2024",
                "March-24",
                "2024/04",
                "2024-05-01 00:00:00"
            ]),
            ["2024-01", "2024-02", "2024-03", "2024-04", "2024-05"]
        );
    }

    #[test]
    fn first_of_month_dates_are_months() {
        assert_eq!(
            labels(&["2024-01-01", "2024-02-01"]),
            ["2024-01", "2024-02"]
        );
    }

    #[test]
    fn quarters_weeks_years_and_numbers() {
        assert_eq!(
            labels(&["2024Q1", "Q2 2024", "2024-Q3"]),
            ["2024-Q1", "2024-Q2", "2024-Q3"]
        );
        assert_eq!(labels(&["2024-W05", "2024W06"]), ["2024-W05", "2024-W06"]);
        assert_eq!(labels(&["2019", "2020"]), ["2019", "2020"]);
        assert_eq!(labels(&["1", "2", "3"]), ["1", "2", "3"]);
    }

    #[test]
    fn weekly_dates_on_one_weekday_are_weeks() {
        // Sundays: weeks named by their first day.
        let col = parse_period_column_auto(&["2024-01-07", "2024-01-14", "2024-01-21"]);
        let p: Vec<Period> = col.periods.iter().flatten().copied().collect();
        assert!(p.iter().all(|p| p.granularity == Granularity::Week));
        assert_eq!(p[0].steps_until(p[2]), Some(2));
        assert_eq!(p[0].offset(1).to_string(), "2024-01-14");
    }

    #[test]
    fn slashed_dates_decided_by_the_column() {
        // 13/01 can only be day-first, so 02/01 is the 2nd of January.
        assert_eq!(
            labels(&["13/01/2024", "02/01/2024"]),
            ["2024-01-13", "2024-01-02"]
        );
        // 01/13 can only be month-first.
        assert_eq!(
            labels(&["01/13/2024", "01/02/2024"]),
            ["2024-01-13", "2024-01-02"]
        );
        let col = parse_period_column_auto(&["03/04/2024", "05/04/2024"]);
        assert_eq!(col.notes.len(), 1, "ambiguous column is noted");
    }

    #[test]
    fn bad_cells_are_named_by_index() {
        let col = parse_period_column_auto(&["2024-01", "soon", "", "2024-04"]);
        let idx: Vec<usize> = col.problems.iter().map(|p| p.index).collect();
        assert_eq!(idx, [1, 2]);
        assert!(col.problems[1].reason.contains("empty"));
    }

    #[test]
    fn mixed_granularities_are_problems() {
        let col = parse_period_column_auto(&["2024-01", "2024-Q2"]);
        assert_eq!(col.problems.len(), 1);
        assert_eq!(col.problems[0].index, 1);
    }

    #[test]
    fn offsets_cross_year_boundaries() {
        assert_eq!(Period::month(2023, 11).offset(3).to_string(), "2024-02");
        assert_eq!(Period::quarter(2023, 4).offset(1).to_string(), "2024-Q1");
        assert_eq!(
            Period::month(2024, 1).steps_until(Period::month(2025, 1)),
            Some(12)
        );
        assert_eq!(Period::month(2024, 1).steps_until(Period::year(2025)), None);
    }
}
