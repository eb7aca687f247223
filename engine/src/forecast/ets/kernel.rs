//! The ETS recursions and their likelihood: the inner loop every parameter fit runs
//! thousands of times, so it is written to allocate nothing and to be compiled once per
//! model shape (error × trend × season) with the branches resolved at compile time.
//!
//! The state update is the error-correction form of Hyndman et al. (2008, Table 2.1), as
//! in `forecast::ets`'s C code, the same for additive and multiplicative errors; only the
//! residual and the likelihood differ. The seasonal states live in a ring buffer indexed
//! by the period's position in the season, so one step costs O(1) whatever `m` is.

use super::{ErrorType, SeasonType, TrendType};

/// Stands in for a division by (nearly) zero, as `forecast::ets` does.
const HUGE: f64 = 1e10;
const TOL: f64 = 1e-10;

/// Smoothing parameters. `beta` is 0 without a trend, `gamma` 0 without a season, and
/// `phi` 1 without damping.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Params {
    pub alpha: f64,
    pub beta: f64,
    pub gamma: f64,
    pub phi: f64,
}

/// The structure of a model; `m` is 1 for a non-seasonal one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Shape {
    pub error: ErrorType,
    pub trend: TrendType,
    pub season: SeasonType,
    pub m: usize,
}

impl Shape {
    pub fn has_trend(self) -> bool {
        self.trend != TrendType::None
    }

    pub fn has_season(self) -> bool {
        self.season != SeasonType::None
    }
}

/// What one pass over the data leaves: the likelihood criterion and the final level and
/// trend (the final seasons are in the ring).
#[derive(Debug, Clone, Copy)]
pub(super) struct Pass {
    /// `n·ln(Σe²)`, plus `2·Σ ln|ŷ|` for multiplicative errors (−2 log-likelihood up to
    /// a constant); NaN or ±∞ when the recursion blew up.
    pub lik: f64,
    pub level: f64,
    pub trend: f64,
}

/// Runs the model over `y` from the given initial states. `season` holds the `m` initial
/// seasonal states in state order (most recent first); `ring` (length ≥ m) receives the
/// seasons by position: after the pass, the season of position `t % m` for the last `m`
/// periods. When `fitted` is given it receives the one-step forecasts.
#[allow(clippy::too_many_arguments)]
pub(super) fn filter(
    shape: Shape,
    y: &[f64],
    p: Params,
    level: f64,
    trend: f64,
    season: &[f64],
    ring: &mut [f64],
    fitted: Option<&mut [f64]>,
) -> Pass {
    let m = if shape.has_season() {
        shape.m.max(1)
    } else {
        1
    };
    let ring = &mut ring[..m];
    if shape.has_season() {
        for (j, r) in ring.iter_mut().enumerate() {
            *r = season.get(m - 1 - j).copied().unwrap_or(0.0);
        }
    }
    let mult = shape.error == ErrorType::Multiplicative;
    let t = shape.has_trend();
    macro_rules! go {
        ($m:literal, $t:literal, $s:literal) => {
            run::<$m, $t, $s>(y, p, level, trend, ring, fitted)
        };
    }
    match (mult, t, shape.season) {
        (false, false, SeasonType::None) => go!(false, false, 0),
        (false, false, SeasonType::Additive) => go!(false, false, 1),
        (false, false, SeasonType::Multiplicative) => go!(false, false, 2),
        (false, true, SeasonType::None) => go!(false, true, 0),
        (false, true, SeasonType::Additive) => go!(false, true, 1),
        (false, true, SeasonType::Multiplicative) => go!(false, true, 2),
        (true, false, SeasonType::None) => go!(true, false, 0),
        (true, false, SeasonType::Additive) => go!(true, false, 1),
        (true, false, SeasonType::Multiplicative) => go!(true, false, 2),
        (true, true, SeasonType::None) => go!(true, true, 0),
        (true, true, SeasonType::Additive) => go!(true, true, 1),
        (true, true, SeasonType::Multiplicative) => go!(true, true, 2),
    }
}

/// Adds `ln v` to a running sum kept as a mantissa product times a power of two, so a
/// pass needs one logarithm rather than one per period. Values that are not positive
/// normal numbers are added as plain logarithms (so NaN and ±∞ still poison the sum).
struct LogSum {
    mantissa: f64,
    exponent: i64,
    count: u32,
    extra: f64,
}

impl LogSum {
    fn new() -> Self {
        Self {
            mantissa: 1.0,
            exponent: 0,
            count: 0,
            extra: 0.0,
        }
    }

    #[inline]
    fn add(&mut self, v: f64) {
        if v.is_normal() && v > 0.0 {
            let (mant, exp) = split(v);
            self.mantissa *= mant;
            self.exponent += exp;
            self.count += 1;
            if self.count == 64 {
                let (mant, exp) = split(self.mantissa);
                self.mantissa = mant;
                self.exponent += exp;
                self.count = 0;
            }
        } else {
            self.extra += v.ln();
        }
    }

    fn value(&self) -> f64 {
        self.mantissa.ln() + self.exponent as f64 * std::f64::consts::LN_2 + self.extra
    }
}

/// `v = mant · 2^exp` with `mant` in [1, 2), for a positive normal `v`.
#[inline]
fn split(v: f64) -> (f64, i64) {
    let bits = v.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64 - 1023;
    let mant = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000);
    (mant, exp)
}

#[inline]
fn run<const MULT: bool, const TREND: bool, const SEASON: u8>(
    y: &[f64],
    p: Params,
    mut l: f64,
    mut b: f64,
    ring: &mut [f64],
    mut fitted: Option<&mut [f64]>,
) -> Pass {
    let m = ring.len();
    let ratio = if TREND { p.beta / p.alpha } else { 0.0 };
    let mut sse = 0.0;
    let mut logs = LogSum::new();
    let mut pos = 0;
    for (i, &yt) in y.iter().enumerate() {
        let phib = if TREND { p.phi * b } else { 0.0 };
        let q = l + phib;
        let s = if SEASON > 0 { ring[pos] } else { 0.0 };
        let f = match SEASON {
            0 => q,
            1 => q + s,
            _ => q * s,
        };
        let e = if MULT {
            let d = if f.abs() < TOL { f + TOL } else { f };
            (yt - f) / d
        } else {
            yt - f
        };
        if let Some(out) = fitted.as_deref_mut() {
            out[i] = f;
        }
        let a = match SEASON {
            0 => yt,
            1 => yt - s,
            _ => {
                if s.abs() < TOL {
                    HUGE
                } else {
                    yt / s
                }
            }
        };
        let new_l = q + p.alpha * (a - q);
        if TREND {
            b = phib + ratio * (new_l - l - phib);
        }
        if SEASON > 0 {
            let t = if SEASON == 1 {
                yt - q
            } else if q.abs() < TOL {
                HUGE
            } else {
                yt / q
            };
            ring[pos] = s + p.gamma * (t - s);
            pos += 1;
            if pos == m {
                pos = 0;
            }
        }
        l = new_l;
        sse += e * e;
        if MULT {
            let v = f.abs();
            logs.add(if v > 0.0 { v } else { v + 1e-8 });
        }
    }
    let n = y.len() as f64;
    let mut lik = if sse > 0.0 {
        n * sse.ln()
    } else {
        n * (sse + 1e-8).ln()
    };
    if MULT {
        lik += 2.0 * logs.value();
    }
    Pass {
        lik,
        level: l,
        trend: b,
    }
}

/// The "usual" region of `forecast::ets`: 0 < β < α < 1 and 0 < γ < 1 − α (the box
/// bounds themselves are kept by the optimiser).
pub(super) fn usual(p: Params, shape: Shape) -> bool {
    (!shape.has_trend() || p.beta <= p.alpha) && (!shape.has_season() || p.gamma <= 1.0 - p.alpha)
}

/// The admissible region of Hyndman et al. (2008, ch. 10), as `forecast::ets` checks it:
/// the parameters under which the model forecasts by forgetting the distant past. For a
/// seasonal model, after the closed-form bounds, every root of the characteristic
/// polynomial must lie in the unit disc; this is checked by the Schur–Cohn recursion
/// rather than by computing roots.
pub(super) fn admissible(p: Params, shape: Shape) -> bool {
    let Params {
        alpha,
        beta,
        gamma,
        phi,
    } = p;
    if !(0.0..=1.0 + 1e-8).contains(&phi) || phi == 0.0 {
        return false;
    }
    if !shape.has_season() || shape.m < 2 {
        if alpha < 1.0 - 1.0 / phi || alpha > 1.0 + 1.0 / phi {
            return false;
        }
        if shape.has_trend() && (beta < alpha * (phi - 1.0) || beta > (1.0 + phi) * (2.0 - alpha)) {
            return false;
        }
        return true;
    }
    let m = shape.m;
    let mf = m as f64;
    let beta = if shape.has_trend() { beta } else { 0.0 };
    if gamma < (1.0 - 1.0 / phi - alpha).max(0.0) || gamma > 1.0 + 1.0 / phi - alpha {
        return false;
    }
    if alpha < 1.0 - 1.0 / phi - gamma * (1.0 - mf + phi + phi * mf) / (2.0 * phi * mf) {
        return false;
    }
    if beta < -(1.0 - phi) * (gamma / mf + alpha) {
        return false;
    }
    // z^{m+1} + (α+β−φ) z^m + (α+β−αφ) (z^{m−1} + … + z²) + (α+β−αφ+γ−1) z + φ(1−α−γ),
    // roots within radius 1 + 1e-10: scale z = r·w and ask for |w| < 1.
    const MAX_DEGREE: usize = 64;
    let degree = m + 1;
    if degree > MAX_DEGREE {
        return roots_in_unit_disc_vec(alpha, beta, gamma, phi, m);
    }
    let mut c = [0.0f64; MAX_DEGREE + 1];
    let mut tmp = [0.0f64; MAX_DEGREE + 1];
    fill_poly(&mut c[..=degree], alpha, beta, gamma, phi, m);
    schur_cohn(&mut c[..=degree], &mut tmp[..=degree])
}

fn roots_in_unit_disc_vec(alpha: f64, beta: f64, gamma: f64, phi: f64, m: usize) -> bool {
    let mut c = vec![0.0; m + 2];
    let mut tmp = vec![0.0; m + 2];
    fill_poly(&mut c, alpha, beta, gamma, phi, m);
    schur_cohn(&mut c, &mut tmp)
}

/// Coefficients (constant first) of the characteristic polynomial at `z = r·w`.
fn fill_poly(c: &mut [f64], alpha: f64, beta: f64, gamma: f64, phi: f64, m: usize) {
    let degree = m + 1;
    c[degree] = 1.0;
    c[m] = alpha + beta - phi;
    for v in &mut c[2..m] {
        *v = alpha + beta - alpha * phi;
    }
    c[1] = alpha + beta - alpha * phi + gamma - 1.0;
    c[0] = phi * (1.0 - alpha - gamma);
    let r: f64 = 1.0 + 1e-10;
    let mut rk = 1.0;
    for v in c.iter_mut() {
        *v *= rk;
        rk *= r;
    }
}

/// Whether every root of the polynomial with coefficients `c` (constant first, leading
/// non-zero) lies strictly inside the unit circle: Schur–Cohn, reducing the degree by one
/// per step while `|c₀| < |cₙ|`. Destroys `c`; `tmp` is scratch of the same length.
fn schur_cohn(c: &mut [f64], tmp: &mut [f64]) -> bool {
    let mut n = c.len() - 1;
    while n > 0 {
        let (a0, an) = (c[0], c[n]);
        // Also false when either is NaN.
        if a0.abs() >= an.abs() || a0.is_nan() || an.is_nan() {
            return false;
        }
        // The reduced polynomial (a_n p − a_0 p*) / z.
        for j in 0..n {
            tmp[j] = an * c[j + 1] - a0 * c[n - 1 - j];
        }
        n -= 1;
        let lead = tmp[n];
        if !(lead.is_finite() && lead != 0.0) {
            return false;
        }
        for j in 0..=n {
            c[j] = tmp[j] / lead;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roots_inside(c: &[f64]) -> bool {
        schur_cohn(&mut c.to_vec(), &mut vec![0.0; c.len()])
    }

    #[test]
    fn schur_cohn_on_known_polynomials() {
        // (z - 0.5)(z + 0.3) = z² - 0.2 z - 0.15
        assert!(roots_inside(&[-0.15, -0.2, 1.0]));
        // (z - 2)(z + 0.3) = z² - 1.7 z - 0.6
        assert!(!roots_inside(&[-0.6, -1.7, 1.0]));
        // z² + 0.25: roots ±0.5i
        assert!(roots_inside(&[0.25, 0.0, 1.0]));
        // z³ - 0.9 z² + 0.2 z... roots 0, 0.4, 0.5 → constant 0 is fine
        assert!(roots_inside(&[0.0, 0.2, -0.9, 1.0]));
        // (z - 0.9)(z - 1.1)(z + 0.2)
        let c = {
            let (a, b, d) = (0.9, 1.1, -0.2);
            [-a * b * d, a * b + a * d + b * d, -(a + b + d), 1.0]
        };
        assert!(!roots_inside(&c));
    }

    #[test]
    fn usual_seasonal_parameters_are_admissible() {
        let shape = Shape {
            error: ErrorType::Additive,
            trend: TrendType::Additive,
            season: SeasonType::Additive,
            m: 12,
        };
        let ok = Params {
            alpha: 0.3,
            beta: 0.05,
            gamma: 0.1,
            phi: 1.0,
        };
        assert!(admissible(ok, shape));
        let bad = Params {
            alpha: 1.9,
            beta: 1.5,
            gamma: 0.9,
            phi: 1.0,
        };
        assert!(!admissible(bad, shape));
    }

    #[test]
    fn log_sum_matches_sum_of_logs() {
        let mut s = LogSum::new();
        let mut direct = 0.0;
        for i in 1..500 {
            let v = f64::from(i) * 1.37e5;
            s.add(v);
            direct += v.ln();
        }
        assert!((s.value() - direct).abs() < 1e-9 * direct.abs());
    }
}
