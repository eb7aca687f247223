//! Starting values of the ETS states, as `forecast::ets` computes them (Hyndman et al.
//! 2008, §2.6.1): the seasonal indices from a classical decomposition (or, with fewer
//! than three seasons, from a regression on a line and one Fourier pair), then the level
//! and trend from a straight line through the first seasonally adjusted values. The
//! optimiser starts from these and refines them with the smoothing parameters.

use super::SeasonType;

/// Initial states before optimisation. `season` holds the `m − 1` free seasonal states in
/// state order (the most recent season first); the last one follows from the
/// normalisation (sum 0 additive, sum m multiplicative).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Start {
    pub level: f64,
    pub trend: Option<f64>,
    pub season: Vec<f64>,
}

/// Initial states for a model with (or without) an additive trend and the given season;
/// `None` when the history cannot give them (fewer than 4 values for a seasonal model,
/// non-positive data for a multiplicative season, a singular regression).
pub(super) fn start(y: &[f64], m: usize, trend: bool, season: SeasonType) -> Option<Start> {
    let n = y.len();
    if n == 0 {
        return None;
    }
    let (init_season, adjusted, m_eff) = if season == SeasonType::None || m < 2 {
        (Vec::new(), y.to_vec(), 1)
    } else {
        let mult = season == SeasonType::Multiplicative;
        if n < 4 || (mult && y.iter().any(|v| *v <= 0.0)) {
            return None;
        }
        let seasonal: Vec<f64> = if n < 3 * m {
            fourier_seasonal(y, m, mult)?
        } else {
            let avg = classical_indices(y, m, mult)?;
            (0..n).map(|i| avg[i % m]).collect()
        };
        // State order: s_1 is the season of period -1 (index m-1), ..., s_{m-1} of index 1.
        let mut init: Vec<f64> = seasonal[1..m.min(n)].iter().rev().copied().collect();
        let adjusted: Vec<f64> = if mult {
            for s in &mut init {
                *s = s.max(1e-2);
            }
            let sum: f64 = init.iter().sum();
            if sum > m as f64 {
                let denom: f64 = init.iter().map(|s| s + 1e-2).sum();
                for s in &mut init {
                    *s /= denom;
                }
            }
            y.iter()
                .zip(&seasonal)
                .map(|(v, s)| v / s.max(1e-2))
                .collect()
        } else {
            y.iter().zip(&seasonal).map(|(v, s)| v - s).collect()
        };
        (init, adjusted, m)
    };
    let maxn = 10.max(2 * m_eff).min(n);
    let head = &adjusted[..maxn];
    let (level, trend) = if trend {
        let (mut l, mut b) = line(head);
        if (l + b).abs() < 1e-8 {
            l *= 1.0 + 1e-3;
            b *= 1.0 - 1e-3;
        }
        (l, Some(b))
    } else {
        (head.iter().sum::<f64>() / maxn as f64, None)
    };
    let ok = level.is_finite()
        && trend.is_none_or(f64::is_finite)
        && init_season.iter().all(|s| s.is_finite());
    ok.then_some(Start {
        level,
        trend,
        season: init_season,
    })
}

/// Intercept (at t = 0) and slope of the least-squares line through `(t, v[t-1])`,
/// t = 1..=len; a flat line through the mean when there is one value.
fn line(v: &[f64]) -> (f64, f64) {
    let n = v.len() as f64;
    let tbar = (n + 1.0) / 2.0;
    let vbar = v.iter().sum::<f64>() / n;
    let (mut sxy, mut sxx) = (0.0, 0.0);
    for (i, x) in v.iter().enumerate() {
        let dt = (i + 1) as f64 - tbar;
        sxy += dt * (x - vbar);
        sxx += dt * dt;
    }
    let b = if sxx > 0.0 { sxy / sxx } else { 0.0 };
    (vbar - b * tbar, b)
}

/// Seasonal indices by classical decomposition: a centred moving average of one season
/// (2×m for even m) as the trend, then the average detrended value of each position in the
/// season, normalised to sum 0 (additive) or average 1 (multiplicative). Index `i` is the
/// position of `y[i]`.
fn classical_indices(y: &[f64], m: usize, mult: bool) -> Option<Vec<f64>> {
    let n = y.len();
    // Filter weights and the half width of the window.
    let (weights, half): (Vec<f64>, usize) = if m.is_multiple_of(2) {
        let mut w = vec![1.0 / m as f64; m + 1];
        w[0] = 0.5 / m as f64;
        w[m] = 0.5 / m as f64;
        (w, m / 2)
    } else {
        (vec![1.0 / m as f64; m], m / 2)
    };
    if n < weights.len() {
        return None;
    }
    let mut sums = vec![0.0; m];
    let mut counts = vec![0usize; m];
    for t in half..n - (weights.len() - 1 - half) {
        let trend: f64 = weights
            .iter()
            .enumerate()
            .map(|(k, w)| w * y[t + k - half])
            .sum();
        let d = if mult {
            if trend == 0.0 {
                return None;
            }
            y[t] / trend
        } else {
            y[t] - trend
        };
        sums[t % m] += d;
        counts[t % m] += 1;
    }
    if counts.contains(&0) {
        return None;
    }
    let mut avg: Vec<f64> = sums
        .iter()
        .zip(&counts)
        .map(|(s, c)| s / *c as f64)
        .collect();
    let mean = avg.iter().sum::<f64>() / m as f64;
    for a in &mut avg {
        if mult {
            *a /= mean;
        } else {
            *a -= mean;
        }
    }
    avg.iter().all(|a| a.is_finite()).then_some(avg)
}

/// For short seasonal histories (fewer than three seasons): regress `y` on a line and the
/// first Fourier pair of period `m`, and return `y` minus (or over) the fitted line.
fn fourier_seasonal(y: &[f64], m: usize, mult: bool) -> Option<Vec<f64>> {
    let n = y.len();
    let w = 2.0 * std::f64::consts::PI / m as f64;
    // Columns: 1, t, cos, and sin unless sin(πt) vanishes (m = 2).
    let cols = if m == 2 { 3 } else { 4 };
    let row = |t: f64| [1.0, t, (w * t).cos(), (w * t).sin()];
    let mut xtx = [[0.0f64; 4]; 4];
    let mut xty = [0.0f64; 4];
    for (i, v) in y.iter().enumerate() {
        let r = row((i + 1) as f64);
        for a in 0..cols {
            xty[a] += r[a] * v;
            for b in 0..cols {
                xtx[a][b] += r[a] * r[b];
            }
        }
    }
    let coef = solve(xtx, xty, cols)?;
    Some(
        (0..n)
            .map(|i| {
                let fit = coef[0] + coef[1] * (i + 1) as f64;
                if mult {
                    y[i] / fit
                } else {
                    y[i] - fit
                }
            })
            .collect(),
    )
}

/// Solves the `k × k` leading block of `a x = b` by Gaussian elimination with partial
/// pivoting; `None` when singular.
fn solve(mut a: [[f64; 4]; 4], mut b: [f64; 4], k: usize) -> Option<[f64; 4]> {
    let scale = (0..k)
        .flat_map(|i| (0..k).map(move |j| (i, j)))
        .fold(0.0f64, |s, (i, j)| s.max(a[i][j].abs()));
    if scale == 0.0 {
        return None;
    }
    for c in 0..k {
        let p = (c..k).max_by(|&i, &j| a[i][c].abs().total_cmp(&a[j][c].abs()))?;
        if a[p][c].abs() <= 1e-12 * scale {
            return None;
        }
        a.swap(c, p);
        b.swap(c, p);
        let pivot = a[c];
        for r in c + 1..k {
            let f = a[r][c] / pivot[c];
            for (x, p) in a[r][c..k].iter_mut().zip(&pivot[c..k]) {
                *x -= f * p;
            }
            b[r] -= f * b[c];
        }
    }
    let mut x = [0.0; 4];
    for c in (0..k).rev() {
        let s: f64 = (c + 1..k).map(|j| a[c][j] * x[j]).sum();
        x[c] = (b[c] - s) / a[c][c];
    }
    x.iter().all(|v| v.is_finite()).then_some(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_recovers_intercept_and_slope() {
        let (l, b) = line(&[3.0, 5.0, 7.0, 9.0]);
        assert!((l - 1.0).abs() < 1e-12 && (b - 2.0).abs() < 1e-12);
    }

    #[test]
    fn classical_indices_of_a_pure_pattern() {
        let pattern = [1.0, -2.0, 3.0, -2.0];
        let y: Vec<f64> = (0..16).map(|i| 10.0 + pattern[i % 4]).collect();
        let avg = classical_indices(&y, 4, false).unwrap();
        for (a, p) in avg.iter().zip(pattern) {
            assert!((a - p).abs() < 1e-12, "{avg:?}");
        }
        let s = start(&y, 4, false, SeasonType::Additive).unwrap();
        // s_1 is the season of the period before the first, i.e. position 3.
        assert_eq!(s.season.len(), 3);
        assert!((s.season[0] - pattern[3]).abs() < 1e-12);
        assert!((s.season[2] - pattern[1]).abs() < 1e-12);
        assert!((s.level - 10.0).abs() < 1e-12);
    }

    #[test]
    fn fourier_path_for_short_seasonal_histories() {
        let y: Vec<f64> = (0..8)
            .map(|i| 20.0 + f64::from(i % 4) + f64::from(i))
            .collect();
        let s = start(&y, 4, true, SeasonType::Multiplicative).unwrap();
        assert!(s.season.iter().all(|v| *v > 0.0));
        assert!(s.trend.unwrap() > 0.0);
        assert!(start(&[1.0, 2.0, 3.0], 2, false, SeasonType::Additive).is_none());
    }
}
