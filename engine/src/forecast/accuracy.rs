//! Forecast accuracy, the way planners and forecasting competitions measure it: MAE,
//! RMSE, MAPE, WAPE, sMAPE, MASE and bias, per series and aggregated over many.
//!
//! Definitions follow the M4 competition where it set one (sMAPE in percent with a 0/0
//! term counted as 0; MASE scaled by the in-sample seasonal-naive error), and the common
//! planning ones elsewhere (WAPE = Σ|error| / Σ|actual|). A metric that does not exist
//! for the data (MAPE with only zero actuals, MASE on a flat history) is `None`, never
//! infinity.
//!
//! Every metric is finite, even for quantities near the float limit: their differences,
//! squares and sums would overflow, so such data are measured in units of 2^600 (a power
//! of two, so the division is exact) and the metrics in units of quantity are capped at
//! the largest float.

use serde::{Deserialize, Serialize};

/// Accuracy of one forecast against its actuals (or the aggregate of several).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Accuracy {
    /// Points compared.
    pub n: usize,
    /// Mean absolute error.
    pub mae: f64,
    /// Root mean squared error.
    pub rmse: f64,
    /// Mean absolute percentage error (%), over non-zero actuals.
    pub mape: Option<f64>,
    /// Weighted absolute percentage error (%): Σ|error| / Σ|actual|.
    pub wape: Option<f64>,
    /// Symmetric MAPE (%), M4 definition.
    pub smape: f64,
    /// Mean absolute scaled error: MAE over the in-sample seasonal-naive MAE.
    pub mase: Option<f64>,
    /// Mean error, forecast − actual (> 0: over-forecast).
    pub bias: f64,
    /// Bias as a share of volume (%): Σ(forecast − actual) / Σ|actual|.
    pub bias_pct: Option<f64>,
}

/// Magnitudes above this are measured in units of 2^600 (see [`unit_for`]).
const HUGE: f64 = 1e150;

/// The unit to measure `values` in: 1, or 2^600 when any of them is beyond [`HUGE`].
fn unit_for<'a>(values: impl IntoIterator<Item = &'a f64>) -> f64 {
    if values.into_iter().any(|v| v.abs() > HUGE) {
        2f64.powi(600)
    } else {
        1.0
    }
}

/// Mean absolute seasonal difference of a history (lag `m`, or 1 when the history is too
/// short for `m`): the MASE scale. `None` when there is nothing to measure or it is 0.
#[must_use]
pub fn mase_scale(history: &[f64], m: usize) -> Option<f64> {
    let unit = unit_for(history);
    scale_in(history, m, unit)
        .map(|s| s * unit)
        .filter(|s| s.is_finite())
}

/// [`mase_scale`] in units of `unit`.
fn scale_in(history: &[f64], m: usize, unit: f64) -> Option<f64> {
    let lag = if m >= 1 && history.len() > m { m } else { 1 };
    if history.len() <= lag {
        return None;
    }
    let n = history.len() - lag;
    let scale = (lag..history.len())
        .map(|t| (history[t] / unit - history[t - lag] / unit).abs())
        .sum::<f64>()
        / n as f64;
    (scale > 0.0 && scale.is_finite()).then_some(scale)
}

/// Accuracy of `forecast` against `actual` (same length; extra points of either are
/// ignored), with MASE scaled on `history` and season length `m`.
#[must_use]
pub fn accuracy(actual: &[f64], forecast: &[f64], history: &[f64], m: usize) -> Accuracy {
    let pairs: Vec<(f64, f64)> = actual
        .iter()
        .zip(forecast)
        .map(|(a, f)| (*a, *f))
        .filter(|(a, f)| a.is_finite() && f.is_finite())
        .collect();
    let n = pairs.len();
    if n == 0 {
        return Accuracy::default();
    }
    let unit = unit_for(pairs.iter().flat_map(|(a, f)| [a, f]).chain(history));
    let pairs: Vec<(f64, f64)> = pairs
        .into_iter()
        .map(|(a, f)| (a / unit, f / unit))
        .collect();
    // Back to units of quantity, capped at the largest float.
    let in_units = |v: f64| (v * unit).clamp(f64::MIN, f64::MAX);
    let nf = n as f64;
    let abs_err: f64 = pairs.iter().map(|(a, f)| (f - a).abs()).sum();
    let sq_err: f64 = pairs.iter().map(|(a, f)| (f - a).powi(2)).sum();
    let err: f64 = pairs.iter().map(|(a, f)| f - a).sum();
    let volume: f64 = pairs.iter().map(|(a, _)| a.abs()).sum();
    let nonzero: Vec<f64> = pairs
        .iter()
        .filter(|(a, _)| *a != 0.0)
        .map(|(a, f)| ((f - a) / a).abs())
        .collect();
    let smape = pairs
        .iter()
        .map(|(a, f)| {
            let d = a.abs() + f.abs();
            if d == 0.0 {
                0.0
            } else {
                (f - a).abs() / d
            }
        })
        .sum::<f64>()
        * 200.0
        / nf;
    let mae = abs_err / nf;
    let finite = |v: f64| v.is_finite().then_some(v);
    Accuracy {
        n,
        mae: in_units(mae),
        rmse: in_units((sq_err / nf).sqrt()),
        mape: (!nonzero.is_empty())
            .then(|| 100.0 * nonzero.iter().sum::<f64>() / nonzero.len() as f64)
            .and_then(finite),
        wape: (volume > 0.0)
            .then(|| 100.0 * abs_err / volume)
            .and_then(finite),
        smape,
        mase: scale_in(history, m, unit).map(|s| mae / s).and_then(finite),
        bias: in_units(err / nf),
        bias_pct: (volume > 0.0)
            .then(|| 100.0 * err / volume)
            .and_then(finite),
    }
}

/// Averages per-series accuracies with equal weight per series (as competitions do);
/// each optional metric averages over the series that have it.
#[must_use]
pub fn mean(all: &[Accuracy]) -> Accuracy {
    let with: Vec<&Accuracy> = all.iter().filter(|a| a.n > 0).collect();
    if with.is_empty() {
        return Accuracy::default();
    }
    let k = with.len() as f64;
    let avg = |f: &dyn Fn(&Accuracy) -> f64| mean_of(with.iter().map(|a| f(a)), k);
    let avg_opt = |f: &dyn Fn(&Accuracy) -> Option<f64>| {
        let v: Vec<f64> = with.iter().filter_map(|a| f(a)).collect();
        (!v.is_empty()).then(|| mean_of(v.iter().copied(), v.len() as f64))
    };
    Accuracy {
        n: with.iter().map(|a| a.n).sum(),
        mae: avg(&|a| a.mae),
        rmse: avg(&|a| a.rmse),
        mape: avg_opt(&|a| a.mape),
        wape: avg_opt(&|a| a.wape),
        smape: avg(&|a| a.smape),
        mase: avg_opt(&|a| a.mase),
        bias: avg(&|a| a.bias),
        bias_pct: avg_opt(&|a| a.bias_pct),
    }
}

/// The mean of `k` finite values, without overflowing when their sum would.
fn mean_of(values: impl Iterator<Item = f64> + Clone, k: f64) -> f64 {
    let mean = values.clone().sum::<f64>() / k;
    if mean.is_finite() {
        mean
    } else {
        values.map(|v| v / k).sum::<f64>().clamp(f64::MIN, f64::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn hand_checked_metrics() {
        // actual 10, 20, 0; forecast 12, 15, 1 → errors +2, −5, +1.
        let a = accuracy(
            &[10.0, 20.0, 0.0],
            &[12.0, 15.0, 1.0],
            &[8.0, 10.0, 9.0, 13.0],
            1,
        );
        assert_eq!(a.n, 3);
        assert!(close(a.mae, 8.0 / 3.0));
        assert!(close(a.rmse, (30.0f64 / 3.0).sqrt()));
        // MAPE over the two non-zero actuals: (0.2 + 0.25) / 2.
        assert!(close(a.mape.unwrap(), 22.5));
        assert!(close(a.wape.unwrap(), 100.0 * 8.0 / 30.0));
        // sMAPE: 200/3 · (2/22 + 5/35 + 1/1).
        assert!(close(
            a.smape,
            200.0 / 3.0 * (2.0 / 22.0 + 5.0 / 35.0 + 1.0)
        ));
        // Scale: mean |Δ| of 8,10,9,13 = (2 + 1 + 4) / 3.
        assert!(close(a.mase.unwrap(), (8.0 / 3.0) / (7.0 / 3.0)));
        assert!(close(a.bias, -2.0 / 3.0));
        assert!(close(a.bias_pct.unwrap(), -200.0 / 30.0));
    }

    #[test]
    fn seasonal_scale_and_degenerate_cases() {
        assert_eq!(
            mase_scale(&[1.0, 2.0, 3.0, 2.0, 4.0, 5.0], 3),
            Some(5.0 / 3.0)
        );
        // Too short for the season: lag 1.
        assert_eq!(mase_scale(&[1.0, 3.0], 12), Some(2.0));
        assert_eq!(mase_scale(&[5.0, 5.0, 5.0], 1), None);
        assert_eq!(mase_scale(&[5.0], 1), None);
        let a = accuracy(&[0.0, 0.0], &[0.0, 0.0], &[0.0], 1);
        assert_eq!((a.mape, a.wape, a.mase, a.smape), (None, None, None, 0.0));
        assert_eq!(accuracy(&[], &[], &[], 1), Accuracy::default());
    }

    #[test]
    fn mean_weights_series_equally() {
        let a = accuracy(&[10.0], &[11.0], &[1.0, 2.0], 1);
        let b = accuracy(&[10.0, 10.0], &[13.0, 13.0], &[0.0, 0.0], 1);
        let m = mean(&[a, b]);
        assert!(close(m.mae, 2.0));
        assert_eq!(m.mase, a.mase, "only the series with a scale count");
        assert_eq!(m.n, 3);
    }
}
