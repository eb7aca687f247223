//! Naive and seasonal naive: the benchmarks. Their residual standard deviation and
//! h-step variance follow FPP §5.5: naive σ_h = σ·√h; seasonal naive σ_h = σ·√(k + 1)
//! with k = ⌊(h − 1)/m⌋, where σ² is the mean of the squared one-step (one-season)
//! residuals.

/// A fitted benchmark: enough to produce any step's point and standard deviation.
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    /// The last season of history (one value for naive).
    last: Vec<f64>,
    /// Residual standard deviation.
    sigma: f64,
    /// How many residuals `sigma` was measured on.
    pub residual_count: usize,
    /// Whether the variance grows per season (seasonal) or per step (naive).
    seasonal: bool,
}

impl Fit {
    /// Point forecast `step` periods ahead (1-based).
    #[must_use]
    pub fn point(&self, step: usize) -> f64 {
        let m = self.last.len();
        if m == 0 {
            return 0.0;
        }
        self.last[(step - 1) % m]
    }

    /// Forecast standard deviation `step` periods ahead (1-based).
    #[must_use]
    pub fn sd(&self, step: usize) -> f64 {
        let m = self.last.len().max(1);
        let multiplier = if self.seasonal {
            ((step - 1) / m + 1) as f64
        } else {
            step as f64
        };
        self.sigma * multiplier.sqrt()
    }
}

/// Root mean square of `y[t] - y[t - lag]`, computed on scaled values so that huge
/// quantities do not overflow; 0 when there is nothing to measure.
fn residual_sigma(y: &[f64], lag: usize) -> (f64, usize) {
    let diffs: Vec<f64> = (lag..y.len())
        .map(|t| y[t] / 2.0 - y[t - lag] / 2.0)
        .collect();
    if diffs.is_empty() {
        return (0.0, 0);
    }
    let scale = diffs.iter().fold(0.0f64, |m, d| m.max(d.abs()));
    if scale == 0.0 {
        return (0.0, diffs.len());
    }
    let mean_sq = diffs.iter().map(|d| (d / scale).powi(2)).sum::<f64>() / diffs.len() as f64;
    ((2.0 * scale * mean_sq.sqrt()).min(f64::MAX), diffs.len())
}

/// Naive: every future period equals the last observed one. `y` must not be empty.
#[must_use]
pub fn naive(y: &[f64]) -> Fit {
    let (sigma, residual_count) = residual_sigma(y, 1);
    Fit {
        last: y.last().map(|v| vec![*v]).unwrap_or_default(),
        sigma,
        residual_count,
        seasonal: false,
    }
}

/// Seasonal naive with season length `m`: every future period equals the same period of
/// the last season. Needs at least `m` values; with fewer, it is naive.
#[must_use]
pub fn seasonal_naive(y: &[f64], m: usize) -> Fit {
    if m <= 1 || y.len() < m {
        return naive(y);
    }
    let (sigma, residual_count) = residual_sigma(y, m);
    Fit {
        last: y[y.len() - m..].to_vec(),
        sigma,
        residual_count,
        seasonal: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn naive_sigma_is_rms_of_differences() {
        let f = naive(&[1.0, 3.0, 2.0]);
        // differences 2, -1 → sqrt((4 + 1) / 2)
        assert!((f.sd(1) - (2.5f64).sqrt()).abs() < 1e-12);
        assert!((f.sd(4) - 2.0 * (2.5f64).sqrt()).abs() < 1e-12);
        assert_eq!(f.point(3), 2.0);
    }

    #[test]
    fn seasonal_steps_grow_per_season() {
        let f = seasonal_naive(&[1.0, 2.0, 3.0, 2.0, 3.0, 4.0], 3);
        assert_eq!((f.point(1), f.point(4)), (2.0, 2.0));
        assert!((f.sd(3) - 1.0).abs() < 1e-12);
        assert!((f.sd(4) - 2f64.sqrt()).abs() < 1e-12);
    }
}
