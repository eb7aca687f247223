//! The two average benchmarks.
//!
//! - **Historic average**: every future period is the mean of the whole history. Its
//!   normal prediction interval is FPP §5.5's: σ̂·√(1 + 1/T), with σ̂ the standard
//!   deviation of the history around its mean.
//! - **Moving average** (statsforecast's *WindowAverage*): every future period is the mean
//!   of the last `k` values — one season (`k = m`) for seasonal data, so the season
//!   averages out, else the last 3. No model defines its uncertainty, so its ranges are
//!   **empirical**: the same average is replayed from every earlier origin of the history
//!   (a rolling-origin backtest) and the errors it made `h` periods ahead give the range's
//!   ends as their quantiles, horizon by horizon (pooled over horizons when a horizon has
//!   fewer than [`MIN_ERRORS`] of them). With fewer errors than that in all, no range is
//!   shown, and a note says why.

/// Points, and per level the range's lower and upper ends per step.
pub type Averaged = (Vec<f64>, Vec<(Vec<f64>, Vec<f64>)>);

/// Fewest backtest errors an empirical range is drawn from.
pub const MIN_ERRORS: usize = 8;

/// Mean of `values`, each divided before summing so that huge values do not overflow.
fn mean(values: &[f64]) -> f64 {
    let n = values.len() as f64;
    values
        .iter()
        .map(|v| v / n)
        .sum::<f64>()
        .clamp(f64::MIN, f64::MAX)
}

/// Points and normal intervals (one `(lo, hi)` per level) of the historic average.
#[must_use]
pub fn historic_average(y: &[f64], h: usize, levels: &[f64]) -> Averaged {
    let mu = mean(y);
    let n = y.len() as f64;
    let var = if y.len() > 1 {
        y.iter().map(|v| (v / 2.0 - mu / 2.0).powi(2)).sum::<f64>() / (n - 1.0) * 4.0
    } else {
        0.0
    };
    let sd = (var.min(f64::MAX) * (1.0 + 1.0 / n.max(1.0)))
        .sqrt()
        .min(f64::MAX);
    let intervals = levels
        .iter()
        .map(|level| {
            let half = crate::stats::norm_ppf(0.5 + level / 200.0) * sd;
            (vec![mu - half; h], vec![mu + half; h])
        })
        .collect();
    (vec![mu; h], intervals)
}

/// The window of the moving average for season length `m` and `n` values.
#[must_use]
pub fn window(m: usize, n: usize) -> usize {
    let k = if m >= 2 { m } else { 3 };
    k.min(n).max(1)
}

/// Points and empirical intervals of the moving average of the last `k` values; the
/// intervals are empty when the history is too short to measure them.
#[must_use]
pub fn moving_average(y: &[f64], k: usize, h: usize, levels: &[f64]) -> Averaged {
    let k = k.clamp(1, y.len().max(1));
    let point = mean(&y[y.len().saturating_sub(k)..]);
    // errors[s]: the errors made s + 1 periods ahead from every origin with a full window.
    let mut errors: Vec<Vec<f64>> = vec![Vec::new(); h];
    for origin in k..y.len() {
        let f = mean(&y[origin - k..origin]);
        for (s, e) in errors.iter_mut().enumerate() {
            if let Some(actual) = y.get(origin + s) {
                e.push(actual - f);
            }
        }
    }
    let pooled: Vec<f64> = errors.iter().flatten().copied().collect();
    if pooled.len() < MIN_ERRORS {
        return (vec![point; h], Vec::new());
    }
    let intervals = levels
        .iter()
        .map(|level| {
            let tail = (1.0 - level / 100.0) / 2.0;
            errors
                .iter()
                .map(|e| {
                    let sample = if e.len() >= MIN_ERRORS { e } else { &pooled };
                    (
                        point + quantile(sample, tail),
                        point + quantile(sample, 1.0 - tail),
                    )
                })
                .unzip()
        })
        .collect();
    (vec![point; h], intervals)
}

/// The `p` quantile of `values` (linear between order statistics); `values` not empty.
fn quantile(values: &[f64], p: f64) -> f64 {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    sorted.sort_by(f64::total_cmp);
    let Some(last) = sorted.len().checked_sub(1) else {
        return 0.0;
    };
    let at = p.clamp(0.0, 1.0) * last as f64;
    let (lo, hi) = (at.floor() as usize, at.ceil() as usize);
    let w = at - lo as f64;
    sorted[lo] * (1.0 - w) + sorted[hi.min(last)] * w
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn historic_average_matches_fpp() {
        // Mean 5, sample sd √(10/4)… of 3,4,5,6,7: Σ(y−5)² = 10, /4 = 2.5.
        let (p, iv) = historic_average(&[3.0, 4.0, 5.0, 6.0, 7.0], 2, &[95.0]);
        assert_eq!(p, [5.0, 5.0]);
        let sd = (2.5f64 * (1.0 + 1.0 / 5.0)).sqrt();
        assert!((iv[0].1[0] - (5.0 + 1.959_964 * sd)).abs() < 1e-5);
        let (p, iv) = historic_average(&[7.0], 1, &[80.0]);
        assert_eq!((p[0], iv[0].0[0], iv[0].1[0]), (7.0, 7.0, 7.0));
    }

    #[test]
    fn moving_average_takes_one_season_and_replays_its_errors() {
        assert_eq!(
            (window(12, 60), window(1, 60), window(12, 5), window(4, 0)),
            (12, 3, 5, 1)
        );
        // A step from 10 to 20: the last 3 are 20; the backtest errors hold the jump.
        let mut y = vec![10.0; 10];
        y.extend([20.0; 10]);
        let (p, iv) = moving_average(&y, 3, 2, &[80.0]);
        assert_eq!(p, [20.0, 20.0]);
        let (lo, hi) = &iv[0];
        assert!(lo[0] <= 20.0 && hi[0] > 20.0, "{lo:?} {hi:?}");
        assert!(hi[1] >= hi[0] - 1e-12 || hi[1] > 20.0);
        // Too short to measure: no range.
        let (_, iv) = moving_average(&[1.0, 2.0, 3.0, 4.0], 3, 3, &[80.0]);
        assert!(iv.is_empty());
    }

    #[test]
    fn huge_values_stay_finite() {
        let y = vec![f64::MAX / 2.0; 30];
        let (p, iv) = historic_average(&y, 3, &[95.0]);
        assert!(p
            .iter()
            .chain(&iv[0].0)
            .chain(&iv[0].1)
            .all(|v| v.is_finite()));
        let (p, iv) = moving_average(&y, 12, 3, &[95.0]);
        assert!(p
            .iter()
            .chain(&iv[0].0)
            .chain(&iv[0].1)
            .all(|v| v.is_finite()));
    }
}
