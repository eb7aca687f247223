//! Forecast variances h steps ahead (Hyndman et al. 2008, ch. 6).
//!
//! * Class 1 (additive error, additive or no trend and season): exact,
//!   `σ²·(1 + Σ_{j<h} c_j²)` with `c_j = α + β·φ_j + γ·d_{j,m}`.
//! * Class 2 (multiplicative error, additive or no trend and season): exact,
//!   `(1 + σ²)·θ_h − μ_h²` with `θ_h = μ_h² + σ²·Σ_{j<h} c_j²·θ_{h−j}`.
//! * Class 3 (multiplicative error and season): the approximation of Hyndman et al.
//!   (2008, §6.4), `s²·(θ̃_h·(1 + σ²)·(1 + γ²σ²)^k − μ̃_h²)`, where `μ̃` and `θ̃` are the
//!   class 2 quantities of the non-seasonal part and `k = ⌊(h − 1)/m⌋`.
//!
//! (statsforecast simulates sample paths for the classes beyond these; Attune's model set
//! never needs them, since multiplicative trends are not fitted.)

use super::kernel::{Params, Shape};
use super::{ErrorType, SeasonType};

/// The final states a forecast starts from, in original units.
pub(super) struct Origin<'a> {
    pub level: f64,
    pub trend: f64,
    /// Seasonal states in state order (most recent first); empty without a season.
    pub season: &'a [f64],
}

/// `φ + φ² + … + φ^j` (= j when φ = 1).
pub(super) fn phi_sum(phi: f64, j: usize) -> f64 {
    if (phi - 1.0).abs() < 1e-12 {
        return j as f64;
    }
    let mut s = 0.0;
    let mut p = 1.0;
    for _ in 0..j {
        p *= phi;
        s += p;
    }
    s
}

/// The seasonal state used `h` steps ahead (1-based).
pub(super) fn season_at(season: &[f64], h: usize) -> f64 {
    let m = season.len();
    if m == 0 {
        return 0.0;
    }
    // State order: season[m-1] is the one used one step ahead, season[m-2] two steps, …
    season[m - 1 - (h - 1) % m]
}

/// Variance of the forecast error for steps 1..=h; `point` holds the point forecasts.
pub(super) fn variances(
    shape: Shape,
    p: Params,
    sigma2: f64,
    origin: &Origin<'_>,
    point: &[f64],
) -> Vec<f64> {
    let h = point.len();
    let m = shape.m.max(1);
    let seasonal = shape.has_season();
    let trend = shape.has_trend();
    let c = |j: usize, with_season: bool| {
        let mut v = p.alpha;
        if trend {
            v += p.beta * phi_sum(p.phi, j);
        }
        if with_season && seasonal && j.is_multiple_of(m) {
            v += p.gamma;
        }
        v
    };
    let mut out = Vec::with_capacity(h);
    match (shape.error, shape.season) {
        (ErrorType::Multiplicative, SeasonType::Multiplicative) => {
            let mu: Vec<f64> = (1..=h)
                .map(|k| {
                    origin.level
                        + if trend {
                            phi_sum(p.phi, k) * origin.trend
                        } else {
                            0.0
                        }
                })
                .collect();
            let theta = thetas(&mu, sigma2, |j| c(j, false));
            let g = 1.0 + p.gamma * p.gamma * sigma2;
            for k in 1..=h {
                let s = season_at(origin.season, k);
                let cycles = ((k - 1) / m) as i32;
                let v = s
                    * s
                    * (theta[k - 1] * (1.0 + sigma2) * g.powi(cycles) - mu[k - 1] * mu[k - 1]);
                out.push(v);
            }
        }
        (ErrorType::Multiplicative, _) => {
            let theta = thetas(point, sigma2, |j| c(j, true));
            for k in 1..=h {
                out.push((1.0 + sigma2) * theta[k - 1] - point[k - 1] * point[k - 1]);
            }
        }
        (ErrorType::Additive, _) => {
            let mut acc = 1.0;
            for k in 1..=h {
                if k > 1 {
                    let cj = c(k - 1, true);
                    acc += cj * cj;
                }
                out.push(sigma2 * acc);
            }
        }
    }
    for v in &mut out {
        *v = if v.is_finite() {
            v.max(0.0)
        } else if *v == f64::INFINITY {
            f64::MAX
        } else {
            0.0
        };
    }
    out
}

/// θ_k = μ_k² + σ²·Σ_{j=1}^{k−1} c_j²·θ_{k−j}.
fn thetas(mu: &[f64], sigma2: f64, c: impl Fn(usize) -> f64) -> Vec<f64> {
    let h = mu.len();
    let c2: Vec<f64> = (1..h.max(1)).map(|j| c(j).powi(2)).collect();
    let mut theta: Vec<f64> = Vec::with_capacity(h);
    for k in 0..h {
        let mut s = 0.0;
        for j in 1..=k {
            s += c2[j - 1] * theta[k - j];
        }
        theta.push(mu[k] * mu[k] + sigma2 * s);
    }
    theta
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forecast::ets::TrendType;

    fn shape(error: ErrorType, trend: TrendType, season: SeasonType, m: usize) -> Shape {
        Shape {
            error,
            trend,
            season,
            m,
        }
    }

    #[test]
    fn ses_variance_grows_by_alpha_squared() {
        let p = Params {
            alpha: 0.5,
            beta: 0.0,
            gamma: 0.0,
            phi: 1.0,
        };
        let origin = Origin {
            level: 10.0,
            trend: 0.0,
            season: &[],
        };
        let v = variances(
            shape(ErrorType::Additive, TrendType::None, SeasonType::None, 1),
            p,
            2.0,
            &origin,
            &[10.0; 3],
        );
        assert_eq!(v, [2.0, 2.0 * 1.25, 2.0 * 1.5]);
    }

    #[test]
    fn multiplicative_one_step_variance_is_sigma2_mu2() {
        let p = Params {
            alpha: 0.3,
            beta: 0.0,
            gamma: 0.0,
            phi: 1.0,
        };
        let origin = Origin {
            level: 10.0,
            trend: 0.0,
            season: &[],
        };
        let v = variances(
            shape(
                ErrorType::Multiplicative,
                TrendType::None,
                SeasonType::None,
                1,
            ),
            p,
            0.01,
            &origin,
            &[10.0, 10.0],
        );
        assert!((v[0] - 1.0).abs() < 1e-12);
        assert!(v[1] > v[0]);
    }

    #[test]
    fn seasonal_lookup_follows_state_order() {
        // s_1 (most recent) = 3, s_2 = 2, s_3 = 1: the next period is the one after s_3's.
        let s = [3.0, 2.0, 1.0];
        assert_eq!(season_at(&s, 1), 1.0);
        assert_eq!(season_at(&s, 3), 3.0);
        assert_eq!(season_at(&s, 4), 1.0);
    }
}
