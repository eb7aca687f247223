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

    #[inline(always)]
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
#[inline(always)]
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

/// Scratch for [`jacobian`]: the derivatives of the level, trend and seasonal states with
/// respect to the free initial states.
pub(super) struct Tangents {
    /// Number of free initial states.
    free: usize,
    level: Vec<f64>,
    trend: Vec<f64>,
    /// Position-major: the derivatives of ring entry `i` are `ring[i·free .. (i+1)·free]`.
    ring: Vec<f64>,
}

impl Tangents {
    pub fn new(m: usize, free: usize) -> Self {
        Self {
            free,
            level: vec![0.0; free],
            trend: vec![0.0; free],
            ring: vec![0.0; m.max(1) * free],
        }
    }
}

/// One pass that gives the one-step forecasts μ (into `fitted`) and their derivatives with
/// respect to the free initial states `[ℓ₀, (b₀), s₁ … s_{m−1}]` (column `j` of `jac`,
/// length n each, is ∂μ/∂(state j); the last seasonal state is the normalisation target
/// minus the others). Forward-mode differentiation: each state carries its derivatives
/// along, so the cost is that of one pass plus a few multiply-adds per state, rather than
/// a pass per state. The forecasts do not depend on the error type.
#[allow(clippy::too_many_arguments)]
pub(super) fn jacobian(
    shape: Shape,
    y: &[f64],
    p: Params,
    level: f64,
    trend: f64,
    season: &[f64],
    ring: &mut [f64],
    tan: &mut Tangents,
    fitted: &mut [f64],
    jac: &mut [f64],
) {
    let m = if shape.has_season() {
        shape.m.max(1)
    } else {
        1
    };
    let ring = &mut ring[..m];
    let free = tan.free;
    tan.level.fill(0.0);
    tan.trend.fill(0.0);
    tan.ring.fill(0.0);
    if free > 0 {
        tan.level[0] = 1.0;
    }
    let t = shape.has_trend();
    if t && free > 1 {
        tan.trend[1] = 1.0;
    }
    if shape.has_season() {
        let first = 1 + usize::from(t);
        for (j, r) in ring.iter_mut().enumerate() {
            // Ring entry j holds state s_{m−j}; s_m (entry 0) is the target minus the rest.
            *r = season.get(m - 1 - j).copied().unwrap_or(0.0);
        }
        for i in 0..m.saturating_sub(1) {
            // State s_{i+1} sits in ring entry m − 1 − i.
            let col = first + i;
            if col < free {
                tan.ring[(m - 1 - i) * free + col] = 1.0;
                tan.ring[col] = -1.0;
            }
        }
    }
    macro_rules! go {
        ($t:literal, $s:literal) => {
            tangent_run::<$t, $s>(y, p, level, trend, ring, tan, fitted, jac)
        };
    }
    match (t, shape.season) {
        (false, SeasonType::None) => go!(false, 0),
        (false, SeasonType::Additive) => go!(false, 1),
        (false, SeasonType::Multiplicative) => go!(false, 2),
        (true, SeasonType::None) => go!(true, 0),
        (true, SeasonType::Additive) => go!(true, 1),
        (true, SeasonType::Multiplicative) => go!(true, 2),
    }
}

#[allow(clippy::too_many_arguments)]
#[inline]
fn tangent_run<const TREND: bool, const SEASON: u8>(
    y: &[f64],
    p: Params,
    mut l: f64,
    mut b: f64,
    ring: &mut [f64],
    tan: &mut Tangents,
    fitted: &mut [f64],
    jac: &mut [f64],
) {
    let n = y.len();
    let m = ring.len();
    let free = tan.free;
    let ratio = if TREND { p.beta / p.alpha } else { 0.0 };
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
        if let Some(out) = fitted.get_mut(i) {
            *out = f;
        }
        // ∂a/∂s and ∂t/∂q for a multiplicative season (0 where the recursion's guards
        // replace a division).
        let (a, da_ds) = match SEASON {
            0 => (yt, 0.0),
            1 => (yt - s, -1.0),
            _ => {
                if s.abs() < TOL {
                    (HUGE, 0.0)
                } else {
                    (yt / s, -yt / (s * s))
                }
            }
        };
        let new_l = q + p.alpha * (a - q);
        let (season_t, dt_dq) = match SEASON {
            0 => (0.0, 0.0),
            1 => (yt - q, -1.0),
            _ => {
                if q.abs() < TOL {
                    (HUGE, 0.0)
                } else {
                    (yt / q, -yt / (q * q))
                }
            }
        };
        let ds = &mut tan.ring[pos * free..(pos + 1) * free];
        for (j, ((dl, db), dsj)) in tan
            .level
            .iter_mut()
            .zip(tan.trend.iter_mut())
            .zip(ds.iter_mut())
            .enumerate()
        {
            let dq = if TREND { *dl + p.phi * *db } else { *dl };
            let s_j = if SEASON > 0 { *dsj } else { 0.0 };
            let df = match SEASON {
                0 => dq,
                1 => dq + s_j,
                _ => dq * s + q * s_j,
            };
            if let Some(out) = jac.get_mut(j * n + i) {
                *out = df;
            }
            let da = da_ds * s_j;
            let new_dl = dq + p.alpha * (da - dq);
            if TREND {
                *db = p.phi * *db + ratio * (new_dl - *dl - p.phi * *db);
            }
            if SEASON > 0 {
                *dsj = s_j + p.gamma * (dt_dq * dq - s_j);
            }
            *dl = new_dl;
        }
        if TREND {
            b = phib + ratio * (new_l - l - phib);
        }
        if SEASON > 0 {
            ring[pos] = s + p.gamma * (season_t - s);
            pos += 1;
            if pos == m {
                pos = 0;
            }
        }
        l = new_l;
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
        for ((t, &high), &low) in tmp[..n].iter_mut().zip(&c[1..]).zip(c[..n].iter().rev()) {
            *t = an * high - a0 * low;
        }
        n -= 1;
        let lead = tmp[n];
        if !(lead.is_finite() && lead != 0.0) {
            return false;
        }
        // Normalised to a leading 1 (one division), so that no coefficient overflows.
        let inv = 1.0 / lead;
        for (v, t) in c[..n].iter_mut().zip(&tmp[..n]) {
            *v = t * inv;
        }
        c[n] = 1.0;
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
    fn jacobian_matches_finite_differences() {
        let m = 4;
        let y: Vec<f64> = (0..30)
            .map(|i| {
                (10.0 + 0.3 * f64::from(i)) * [1.2, 0.8, 1.1, 0.9][i as usize % 4]
                    + f64::from(i % 3) * 0.2
            })
            .collect();
        let p = Params {
            alpha: 0.3,
            beta: 0.05,
            gamma: 0.1,
            phi: 0.9,
        };
        for trend in [
            TrendType::None,
            TrendType::Additive,
            TrendType::AdditiveDamped,
        ] {
            for season in [
                SeasonType::None,
                SeasonType::Additive,
                SeasonType::Multiplicative,
            ] {
                let shape = Shape {
                    error: ErrorType::Multiplicative,
                    trend,
                    season,
                    m: if season == SeasonType::None { 1 } else { m },
                };
                let mult = season == SeasonType::Multiplicative;
                let target = if mult { m as f64 } else { 0.0 };
                let mut free = vec![10.0];
                if shape.has_trend() {
                    free.push(0.3);
                }
                if shape.has_season() {
                    free.extend(if mult {
                        [0.9, 1.1, 0.8]
                    } else {
                        [-1.0, 1.0, -2.0]
                    });
                }
                let n_free = free.len();
                let states = |f: &[f64]| {
                    let b = if shape.has_trend() { f[1] } else { 0.0 };
                    let mut season = Vec::new();
                    if shape.has_season() {
                        let s = &f[1 + usize::from(shape.has_trend())..];
                        season.extend_from_slice(s);
                        season.push(target - s.iter().sum::<f64>());
                    }
                    (f[0], b, season)
                };
                let mu = |f: &[f64]| {
                    let (l, b, season) = states(f);
                    let mut out = vec![0.0; y.len()];
                    let mut ring = vec![0.0; m];
                    filter(shape, &y, p, l, b, &season, &mut ring, Some(&mut out));
                    out
                };
                let (l, b, season) = states(&free);
                let mut fitted = vec![0.0; y.len()];
                let mut jac = vec![0.0; y.len() * n_free];
                let mut ring = vec![0.0; m];
                let mut tan = Tangents::new(shape.m, n_free);
                jacobian(
                    shape,
                    &y,
                    p,
                    l,
                    b,
                    &season,
                    &mut ring,
                    &mut tan,
                    &mut fitted,
                    &mut jac,
                );
                assert_eq!(fitted, mu(&free), "{trend:?} {season:?}");
                for j in 0..n_free {
                    let h = 1e-6;
                    let (mut up, mut down) = (free.clone(), free.clone());
                    up[j] += h;
                    down[j] -= h;
                    let (a, c) = (mu(&up), mu(&down));
                    for t in 0..y.len() {
                        let fd = (a[t] - c[t]) / (2.0 * h);
                        let exact = jac[j * y.len() + t];
                        assert!(
                            (fd - exact).abs() < 1e-5 * (1.0 + exact.abs()),
                            "{trend:?} {season:?} state {j} t {t}: {fd} vs {exact}"
                        );
                    }
                }
            }
        }
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
