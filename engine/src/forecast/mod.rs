//! Forecasting: from a history [`Series`] to point forecasts with prediction intervals.
//!
//! Every method follows one shape (as in augurs): fit on the history, then predict `h`
//! steps with the requested interval levels. [`forecast`] is the one entry point the app's
//! worker and the CLI call; it checks the settings, picks the method, and guarantees that
//! what leaves it is finite and — when the history has no negative value — never negative.
//!
//! The methods here are the benchmarks every other method must beat (naive and seasonal
//! naive, with the normal prediction intervals of Hyndman & Athanasopoulos, *Forecasting:
//! Principles and Practice*, §5.5).

pub mod accuracy;
pub mod backtest;
mod baseline;
pub mod consensus;
pub mod ets;
pub mod optim;
pub mod intermittent;
pub mod pipeline;
pub mod theta;

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::calendar::Period;
use crate::series::Series;
use crate::stats::norm_ppf;

pub use baseline::{naive, seasonal_naive, Fit};

/// A forecasting method Attune can run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// The last value, carried forward.
    Naive,
    /// The value one season ago, carried forward season by season.
    SeasonalNaive,
}

impl Method {
    /// Every method, in the order they are listed to users.
    pub const ALL: [Self; 2] = [Self::Naive, Self::SeasonalNaive];

    /// The method's name in files and on the command line.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Naive => "naive",
            Self::SeasonalNaive => "seasonal_naive",
        }
    }

    /// The method's name for people ("Seasonal naive").
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Naive => "Naive",
            Self::SeasonalNaive => "Seasonal naive",
        }
    }

    /// The method whose [`name`](Self::name) is `name`.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.name() == name)
    }
}

/// Which method to run: a fixed one, or the best of those available for the series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum MethodChoice {
    /// Pick per series (see [`forecast`]).
    #[default]
    Auto,
    /// Always this method (falling back, with a note, when the series is too short).
    Fixed(Method),
}

/// What to forecast and how.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ForecastSettings {
    /// Steps ahead, 1 to [`MAX_HORIZON`].
    pub horizon: usize,
    /// Season length; `None` takes it from the calendar (12 for months, …).
    pub season_length: Option<usize>,
    /// Prediction-interval levels in percent, each strictly between 0 and 100.
    pub levels: Vec<f64>,
    /// The method.
    pub method: MethodChoice,
    /// Also backtest the method on the history (rolling origin) and report its accuracy.
    #[serde(default)]
    pub backtest: bool,
}

impl Default for ForecastSettings {
    fn default() -> Self {
        Self {
            horizon: 12,
            season_length: None,
            levels: vec![80.0, 95.0],
            method: MethodChoice::Auto,
            backtest: false,
        }
    }
}

/// How the chosen method did on the series' own recent history.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BacktestSummary {
    /// The method's accuracy over the backtest windows.
    pub accuracy: accuracy::Accuracy,
    /// Seasonal naive's ("last year's pattern") over the same windows.
    pub benchmark: accuracy::Accuracy,
    /// 1 − MAE / benchmark MAE: 0.31 = 31 % lower error than last year's pattern.
    pub skill: Option<f64>,
    /// Forecast origins tested.
    pub windows: usize,
    /// Periods forecast from each origin.
    pub horizon: usize,
}

/// The farthest horizon a forecast may reach.
pub const MAX_HORIZON: usize = 10_000;

/// One prediction interval.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Interval {
    /// Level in percent (80 means 80 % of outcomes should fall inside).
    pub level: f64,
    /// Lower bound per step.
    pub lo: Vec<f64>,
    /// Upper bound per step.
    pub hi: Vec<f64>,
}

/// A forecast of one series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Forecast {
    /// The series forecast.
    pub series_id: String,
    /// The method that produced it.
    pub method: Method,
    /// The season length used.
    pub season_length: usize,
    /// The period of `point[0]`.
    pub start: Period,
    /// Point forecast per step.
    pub point: Vec<f64>,
    /// One interval per requested level, in the order requested.
    pub intervals: Vec<Interval>,
    /// Why this method, in plain words.
    pub explanation: String,
    /// Anything the planner should know (a fallback, a short history).
    pub notes: Vec<String>,
    /// The backtest, when asked for and the history is long enough.
    pub backtest: Option<BacktestSummary>,
}

impl Forecast {
    /// The period of step `i` (0-based).
    #[must_use]
    pub fn period(&self, i: usize) -> Period {
        self.start.offset(i64::try_from(i).unwrap_or(i64::MAX))
    }
}

/// Why a series could not be forecast at all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ForecastError {
    /// The series has no value.
    EmptyHistory {
        /// The series.
        series_id: String,
    },
    /// A value is NaN or infinite.
    NotFinite {
        /// The series.
        series_id: String,
        /// The period of the value.
        period: String,
    },
    /// The horizon is 0 or above [`MAX_HORIZON`].
    Horizon(usize),
    /// A level is not strictly between 0 and 100.
    Level(f64),
    /// The season length is 0.
    SeasonLength,
}

impl fmt::Display for ForecastError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::EmptyHistory { series_id } => {
                write!(f, "series \"{series_id}\" has no history to forecast from")
            }
            Self::NotFinite { series_id, period } => {
                write!(
                    f,
                    "series \"{series_id}\", period {period}: the quantity is not a finite number"
                )
            }
            Self::Horizon(h) => {
                write!(
                    f,
                    "the horizon must be between 1 and {MAX_HORIZON} periods, not {h}"
                )
            }
            Self::Level(l) => write!(
                f,
                "an interval level must lie between 0 and 100 (percent), not {l}"
            ),
            Self::SeasonLength => write!(f, "the season length must be at least 1"),
        }
    }
}

impl std::error::Error for ForecastError {}

/// Checks settings that do not depend on a series.
///
/// # Errors
/// [`ForecastError::Horizon`], [`ForecastError::Level`] or [`ForecastError::SeasonLength`].
pub fn check_settings(settings: &ForecastSettings) -> Result<(), ForecastError> {
    if settings.horizon == 0 || settings.horizon > MAX_HORIZON {
        return Err(ForecastError::Horizon(settings.horizon));
    }
    if let Some(l) = settings.levels.iter().find(|l| !(**l > 0.0 && **l < 100.0)) {
        return Err(ForecastError::Level(*l));
    }
    if settings.season_length == Some(0) {
        return Err(ForecastError::SeasonLength);
    }
    Ok(())
}

/// Forecasts one series.
///
/// With [`MethodChoice::Auto`], seasonal naive is chosen when the history holds at least
/// two full seasons and its one-season-back errors are smaller, over the same periods,
/// than naive's one-period-back errors; naive otherwise.
///
/// # Errors
/// [`ForecastError`] for bad settings, an empty history, or a non-finite value.
///
/// # Example
/// ```
/// use attune_engine::calendar::Period;
/// use attune_engine::forecast::{forecast, ForecastSettings, Method, MethodChoice};
/// use attune_engine::series::Series;
///
/// let history = Series { id: "pumps".into(), start: Period::quarter(2023, 1), values: vec![5.0, 9.0, 7.0, 3.0] };
/// let settings = ForecastSettings {
///     horizon: 2,
///     method: MethodChoice::Fixed(Method::SeasonalNaive),
///     ..ForecastSettings::default()
/// };
/// let f = forecast(&history, &settings)?;
/// assert_eq!(f.point, [5.0, 9.0]);
/// assert_eq!(f.period(0).to_string(), "2024-Q1");
/// # Ok::<(), attune_engine::forecast::ForecastError>(())
/// ```
pub fn forecast(series: &Series, settings: &ForecastSettings) -> Result<Forecast, ForecastError> {
    check_settings(settings)?;
    let y = &series.values;
    if y.is_empty() {
        return Err(ForecastError::EmptyHistory {
            series_id: series.id.clone(),
        });
    }
    if let Some(i) = y.iter().position(|v| !v.is_finite()) {
        return Err(ForecastError::NotFinite {
            series_id: series.id.clone(),
            period: series.period(i).to_string(),
        });
    }
    let m = settings
        .season_length
        .unwrap_or_else(|| series.start.granularity.season_length());
    let mut notes = Vec::new();
    let (method, explanation) = match settings.method {
        MethodChoice::Fixed(Method::SeasonalNaive) if m > 1 && y.len() < m => {
            notes.push(format!(
                "seasonal naive needs one full season ({m} periods) of history and there are {}; naive was used instead",
                y.len()
            ));
            (Method::Naive, "the last value carried forward".to_string())
        }
        MethodChoice::Fixed(method) => (method, describe(method, m)),
        MethodChoice::Auto => choose(y, m),
    };
    let h = settings.horizon;
    let prediction = predict(method, y, m, h, &settings.levels);
    let non_negative = y.iter().all(|v| *v >= 0.0);
    let clip = |v: f64| if non_negative { v.max(0.0) } else { v };
    let intervals = prediction
        .intervals
        .into_iter()
        .zip(&settings.levels)
        .map(|((lo, hi), &level)| Interval {
            level,
            lo: lo.into_iter().map(|v| clip(finite(v))).collect(),
            hi: hi.into_iter().map(finite).collect(),
        })
        .collect();
    notes.extend(prediction.notes);
    let backtest = settings
        .backtest
        .then(|| backtest_of(method, y, m, h))
        .flatten();
    let explanation = match backtest.and_then(|b| b.skill) {
        Some(skill) if skill >= 0.005 => format!(
            "{explanation}; in a backtest on the last {} periods it missed by {:.0}% less than last year's pattern",
            backtest.map_or(0, |b| b.windows * b.horizon),
            skill * 100.0
        ),
        Some(skill) if skill <= -0.005 => format!(
            "{explanation}; in a backtest on the last {} periods it missed by {:.0}% more than last year's pattern",
            backtest.map_or(0, |b| b.windows * b.horizon),
            -skill * 100.0
        ),
        _ => explanation,
    };
    Ok(Forecast {
        series_id: series.id.clone(),
        method,
        season_length: m,
        start: series.next_period(),
        point: prediction
            .point
            .into_iter()
            .map(|v| clip(finite(v)))
            .collect(),
        intervals,
        explanation,
        notes,
        backtest,
    })
}

/// A method's raw output: point forecasts, one (lo, hi) pair per requested level, and
/// notes.
struct Prediction {
    point: Vec<f64>,
    intervals: Vec<(Vec<f64>, Vec<f64>)>,
    notes: Vec<String>,
}

/// Runs `method` on `y` for `h` steps. Every method Attune knows is dispatched here.
fn predict(method: Method, y: &[f64], m: usize, h: usize, levels: &[f64]) -> Prediction {
    let fit = match method {
        Method::Naive => naive(y),
        Method::SeasonalNaive => seasonal_naive(y, m),
    };
    let point: Vec<f64> = (1..=h).map(|step| fit.point(step)).collect();
    let intervals = levels
        .iter()
        .map(|&level| {
            let z = norm_ppf(0.5 + level / 200.0);
            (1..=h)
                .map(|step| {
                    let half = z * fit.sd(step);
                    (fit.point(step) - half, fit.point(step) + half)
                })
                .unzip()
        })
        .collect();
    let mut notes = Vec::new();
    if fit.residual_count == 0 {
        notes.push(
            "one value is too little to measure uncertainty; the intervals have zero width"
                .to_string(),
        );
    }
    Prediction {
        point,
        intervals,
        notes,
    }
}

/// Backtests `method` on up to 3 origins, one season (at least 4 periods, at most `h`)
/// ahead each, stepping by that much; `None` when the history is too short.
fn backtest_of(method: Method, y: &[f64], m: usize, h: usize) -> Option<BacktestSummary> {
    let horizon = h.min(m.max(4));
    let settings = backtest::BacktestSettings {
        horizon,
        windows: 3,
        step: horizon,
    };
    let b = backtest::rolling_origin(y, m, settings, |history, n| {
        Some(predict(method, history, m, n, &[]).point)
    })?;
    Some(BacktestSummary {
        accuracy: b.accuracy,
        benchmark: b.benchmark,
        skill: b.skill(),
        windows: b.windows.len(),
        horizon,
    })
}

/// Keeps huge-but-finite arithmetic from overflowing to infinity.
fn finite(v: f64) -> f64 {
    v.clamp(f64::MIN, f64::MAX)
}

fn describe(method: Method, m: usize) -> String {
    match method {
        Method::Naive => "the last value carried forward".to_string(),
        Method::SeasonalNaive => {
            format!("each period repeats the same period one season ({m} periods) earlier")
        }
    }
}

/// Auto choice between the two baselines, by mean absolute error over the periods both
/// can be checked on.
fn choose(y: &[f64], m: usize) -> (Method, String) {
    if m <= 1 || y.len() < 2 * m {
        let why = if m <= 1 {
            "no seasonality for this calendar".to_string()
        } else {
            format!("less than two seasons ({} periods) of history", 2 * m)
        };
        return (
            Method::Naive,
            format!("the last value carried forward ({why})"),
        );
    }
    let mae = |lag: usize| {
        let errs: Vec<f64> = (m..y.len()).map(|t| (y[t] - y[t - lag]).abs()).collect();
        errs.iter().sum::<f64>() / errs.len().max(1) as f64
    };
    let (seasonal, flat) = (mae(m), mae(1));
    if seasonal < flat {
        let gain = if flat > 0.0 {
            (1.0 - seasonal / flat) * 100.0
        } else {
            0.0
        };
        (
            Method::SeasonalNaive,
            format!(
                "{}; on this history it misses by {gain:.0}% less than repeating the last value",
                describe(Method::SeasonalNaive, m)
            ),
        )
    } else {
        (
            Method::Naive,
            "the last value carried forward; on this history last season's pattern does not predict better".to_string(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn monthly(values: &[f64]) -> Series {
        Series {
            id: "s".into(),
            start: Period::month(2023, 1),
            values: values.to_vec(),
        }
    }

    fn settings(h: usize, method: MethodChoice) -> ForecastSettings {
        ForecastSettings {
            horizon: h,
            method,
            ..ForecastSettings::default()
        }
    }

    #[test]
    fn seasonal_naive_repeats_last_season_with_growing_intervals() {
        let y: Vec<f64> = (0..24)
            .map(|i| f64::from(10 + (i % 12) * 2 + i / 12))
            .collect();
        let f = forecast(
            &monthly(&y),
            &settings(14, MethodChoice::Fixed(Method::SeasonalNaive)),
        )
        .unwrap();
        assert_eq!(f.start.to_string(), "2025-01");
        assert_eq!(f.point[..12], y[12..]);
        assert_eq!(f.point[12..], y[12..14]);
        // Residuals y[t] - y[t-12] are all 1: sigma = 1; step 13 has k = 1 → sd = sqrt(2).
        let i80 = &f.intervals[0];
        let z = 1.281_551_565_544_600_4;
        assert!((i80.hi[0] - (y[12] + z)).abs() < 1e-12);
        assert!((i80.hi[12] - (y[12] + z * 2f64.sqrt())).abs() < 1e-12);
    }

    #[test]
    fn auto_prefers_seasonal_pattern_when_it_fits_better() {
        let y: Vec<f64> = (0..36)
            .map(|i| if i % 12 < 6 { 100.0 } else { 20.0 } + f64::from(i % 3))
            .collect();
        let f = forecast(&monthly(&y), &settings(3, MethodChoice::Auto)).unwrap();
        assert_eq!(f.method, Method::SeasonalNaive);
        assert!(
            f.explanation.contains("less than repeating the last value"),
            "{}",
            f.explanation
        );
    }

    #[test]
    fn auto_uses_naive_for_short_or_trend_series() {
        let f = forecast(&monthly(&[1.0, 2.0, 3.0]), &settings(2, MethodChoice::Auto)).unwrap();
        assert_eq!(f.method, Method::Naive);
        assert_eq!(f.point, [3.0, 3.0]);
    }

    #[test]
    fn seasonal_request_on_short_history_falls_back_with_a_note() {
        let f = forecast(
            &monthly(&[5.0; 6]),
            &settings(2, MethodChoice::Fixed(Method::SeasonalNaive)),
        )
        .unwrap();
        assert_eq!(f.method, Method::Naive);
        assert_eq!(f.notes.len(), 1);
    }

    #[test]
    fn non_negative_history_gives_non_negative_bounds() {
        let f = forecast(
            &monthly(&[0.0, 10.0, 0.0, 10.0]),
            &settings(3, MethodChoice::Auto),
        )
        .unwrap();
        assert!(f.intervals.iter().all(|i| i.lo.iter().all(|v| *v >= 0.0)));
    }

    #[test]
    fn one_value_gives_zero_width_and_a_note() {
        let f = forecast(&monthly(&[7.0]), &settings(2, MethodChoice::Auto)).unwrap();
        assert_eq!(f.intervals[1].lo, [7.0, 7.0]);
        assert_eq!(f.notes.len(), 1);
    }

    #[test]
    fn bad_inputs_are_errors_with_words() {
        assert_eq!(
            forecast(&monthly(&[]), &settings(1, MethodChoice::Auto))
                .unwrap_err()
                .to_string(),
            "series \"s\" has no history to forecast from"
        );
        assert!(matches!(
            forecast(&monthly(&[1.0]), &settings(0, MethodChoice::Auto)),
            Err(ForecastError::Horizon(0))
        ));
        let mut s = settings(1, MethodChoice::Auto);
        s.levels = vec![100.0];
        assert!(matches!(
            forecast(&monthly(&[1.0]), &s),
            Err(ForecastError::Level(_))
        ));
        let e = forecast(&monthly(&[1.0, f64::NAN]), &settings(1, MethodChoice::Auto)).unwrap_err();
        assert_eq!(
            e.to_string(),
            "series \"s\", period 2023-02: the quantity is not a finite number"
        );
    }

    #[test]
    fn backtest_states_skill_against_last_years_pattern() {
        // A season on a slow trend: last year's pattern misses a little, naive a lot.
        let y: Vec<f64> = (0..48)
            .map(|i| if i % 12 < 6 { 100.0 } else { 20.0 } + f64::from(i) * 0.5)
            .collect();
        let mut s = settings(6, MethodChoice::Fixed(Method::Naive));
        s.backtest = true;
        let f = forecast(&monthly(&y), &s).unwrap();
        let b = f.backtest.unwrap();
        assert_eq!((b.windows, b.horizon), (3, 6));
        assert!(b.skill.unwrap() < 0.0);
        assert!(
            f.explanation.contains("more than last year's pattern"),
            "{}",
            f.explanation
        );
        // Too short to test: no backtest, no claim.
        let short = forecast(&monthly(&[1.0, 2.0, 3.0]), &s).unwrap();
        assert!(short.backtest.is_none());
    }

    #[test]
    fn huge_values_stay_finite() {
        let f = forecast(
            &monthly(&[f64::MAX, -f64::MAX, f64::MAX]),
            &settings(3, MethodChoice::Auto),
        )
        .unwrap();
        for i in &f.intervals {
            assert!(i.lo.iter().chain(&i.hi).all(|v| v.is_finite()));
        }
        assert!(f.point.iter().all(|v| v.is_finite()));
    }
}
