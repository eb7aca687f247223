//! Rolling-origin backtests: how a method would have done on the history it is given.
//!
//! The last `windows` forecast origins, `step` periods apart, are each forecast from the
//! history before them for `horizon` periods (cut short at the end of the data), and the
//! errors are pooled into one [`Accuracy`]. The same windows are forecast by seasonal
//! naive, so that every method's error can be stated against "last year's pattern" — the
//! comparison planners understand.

use serde::{Deserialize, Serialize};

use super::accuracy::{accuracy, Accuracy};
use super::baseline::seasonal_naive;

/// Where and how far to test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BacktestSettings {
    /// Periods forecast from each origin.
    pub horizon: usize,
    /// Forecast origins tested.
    pub windows: usize,
    /// Periods between origins.
    pub step: usize,
}

/// One origin's forecast beside what happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Window {
    /// Index of the first forecast period in the history.
    pub origin: usize,
    /// What happened.
    pub actual: Vec<f64>,
    /// What the method said.
    pub forecast: Vec<f64>,
}

/// The result of a backtest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Backtest {
    /// Every window tested.
    pub windows: Vec<Window>,
    /// The method's accuracy over all windows.
    pub accuracy: Accuracy,
    /// Seasonal naive's accuracy over the same windows.
    pub benchmark: Accuracy,
}

impl Backtest {
    /// How much lower the method's mean absolute error is than seasonal naive's, as a
    /// fraction (0.31 = 31 % lower; negative = worse). `None` when seasonal naive made no
    /// error at all, or one so small that the ratio is not a finite number.
    #[must_use]
    pub fn skill(&self) -> Option<f64> {
        (self.benchmark.mae > 0.0)
            .then(|| 1.0 - self.accuracy.mae / self.benchmark.mae)
            .filter(|s| s.is_finite())
    }
}

/// Backtests `method` on `y` (season length `m`): `method(history, h)` must return `h`
/// forecasts or `None` when it cannot forecast that history (the window is skipped).
/// Returns `None` when no window could be tested (too short a history).
pub fn rolling_origin(
    y: &[f64],
    m: usize,
    settings: BacktestSettings,
    mut method: impl FnMut(&[f64], usize) -> Option<Vec<f64>>,
) -> Option<Backtest> {
    let (h, step) = (settings.horizon.max(1), settings.step.max(1));
    // Each window needs at least two periods of history before it.
    let mut origins: Vec<usize> = (0..settings.windows)
        .map_while(|k| y.len().checked_sub(h + k * step))
        .filter(|o| *o >= 2)
        .collect();
    origins.reverse();
    let mut windows = Vec::new();
    let (mut actual, mut predicted, mut naive) = (Vec::new(), Vec::new(), Vec::new());
    for origin in origins {
        let history = &y[..origin];
        let len = h.min(y.len() - origin);
        let Some(forecast) =
            method(history, len).filter(|f| f.len() == len && f.iter().all(|v| v.is_finite()))
        else {
            continue;
        };
        let bench = seasonal_naive(history, m);
        let truth = &y[origin..origin + len];
        actual.extend_from_slice(truth);
        predicted.extend_from_slice(&forecast);
        naive.extend((1..=len).map(|s| bench.point(s)));
        windows.push(Window {
            origin,
            actual: truth.to_vec(),
            forecast,
        });
    }
    let scale_history = &y[..windows.first()?.origin];
    Some(Backtest {
        accuracy: accuracy(&actual, &predicted, scale_history, m),
        benchmark: accuracy(&actual, &naive, scale_history, m),
        windows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forecast::baseline::naive;

    #[test]
    fn windows_end_at_the_last_period() {
        let y: Vec<f64> = (1..=10).map(f64::from).collect();
        let settings = BacktestSettings {
            horizon: 3,
            windows: 2,
            step: 2,
        };
        let b = rolling_origin(&y, 1, settings, |h, n| Some(vec![h[h.len() - 1]; n])).unwrap();
        let origins: Vec<usize> = b.windows.iter().map(|w| w.origin).collect();
        assert_eq!(origins, [5, 7]);
        // Naive on a +1 trend misses by 1, 2, 3 in every window.
        assert!((b.accuracy.mae - 2.0).abs() < 1e-12);
        // With m = 1 the benchmark is naive too: no skill either way.
        assert_eq!(b.skill(), Some(0.0));
    }

    #[test]
    fn skill_against_last_years_pattern() {
        // A pure season of 4: seasonal naive is perfect, naive is not.
        let y: Vec<f64> = (0..24).map(|t| [5.0, 9.0, 7.0, 3.0][t % 4]).collect();
        let settings = BacktestSettings {
            horizon: 4,
            windows: 3,
            step: 4,
        };
        let flat = rolling_origin(&y, 4, settings, |h, n| {
            let f = naive(h);
            Some((1..=n).map(|s| f.point(s)).collect())
        })
        .unwrap();
        assert_eq!(flat.benchmark.mae, 0.0);
        assert_eq!(flat.skill(), None);
        let seasonal = rolling_origin(&y, 4, settings, |h, n| {
            let f = seasonal_naive(h, 4);
            Some((1..=n).map(|s| f.point(s)).collect())
        })
        .unwrap();
        assert_eq!(seasonal.accuracy.mae, 0.0);
    }

    #[test]
    fn too_short_or_failing_methods_give_none() {
        assert!(rolling_origin(
            &[1.0, 2.0],
            1,
            BacktestSettings {
                horizon: 3,
                windows: 2,
                step: 1
            },
            |_, n| Some(vec![0.0; n])
        )
        .is_none());
        let y = [1.0; 20];
        assert!(rolling_origin(
            &y,
            1,
            BacktestSettings {
                horizon: 2,
                windows: 3,
                step: 1
            },
            |_, _| None
        )
        .is_none());
    }
}
