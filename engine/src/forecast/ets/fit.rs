//! How one model's parameters are found: the criterion as a function of the optimiser's
//! vector, and the two ways of minimising it.
//!
//! The vector is `x = [α, (β), (γ), (φ), ℓ₀, (b₀), s₁ … s_{m−1}]`: a few smoothing
//! parameters, then the free initial states (the last seasonal state follows from the
//! normalisation). A monthly seasonal model has up to 17 of them.
//!
//! * [`joint`] runs Nelder–Mead over all of them at once, as `forecast::ets` and
//!   statsforecast do. In 15–17 dimensions the simplex rarely settles: on the tourism set
//!   every seasonal fit spends the whole budget of 1,000 iterations.
//! * [`alternating`] splits the vector: Gauss–Newton over the states for the starting
//!   smoothing parameters, Nelder–Mead over the 1–4 smoothing parameters with those states
//!   held, and Gauss–Newton over the states again. For fixed smoothing parameters the
//!   one-step forecasts of a model without a multiplicative season are affine in the
//!   initial states, so one Gauss–Newton step solves the additive-error problem exactly
//!   (least squares) and nearly solves the multiplicative-error and multiplicative-season
//!   ones. The simplex then works in a space where it settles in tens of evaluations. [`super::auto`] alternates once per candidate (further alternations
//!   cost half as much again and did not forecast better on the tourism set); a single
//!   model's fit, without a related model's start, alternates up to four times.

use super::kernel::{self, Params, Shape};
use super::{Bounds, ErrorType, SeasonType, TrendType};
use crate::forecast::optim::{nelder_mead, NelderMead};

/// The criterion (−2 log-likelihood up to a constant, see [`kernel::Pass::lik`]) of one
/// model on one scaled history, with the scratch space its evaluations reuse.
pub(super) struct Criterion<'a> {
    shape: Shape,
    y: &'a [f64],
    /// How many leading entries of `x` are smoothing parameters.
    n_smooth: usize,
    /// Sum of the seasonal states: 0 additive, m multiplicative.
    target: f64,
    bounds: Bounds,
    season: Vec<f64>,
    ring: Vec<f64>,
}

impl<'a> Criterion<'a> {
    pub fn new(shape: Shape, y: &'a [f64], n_smooth: usize, bounds: Bounds) -> Self {
        let m = shape.m.max(1);
        let seasonal = shape.has_season();
        Self {
            shape,
            y,
            n_smooth,
            target: if shape.season == SeasonType::Multiplicative {
                m as f64
            } else {
                0.0
            },
            bounds,
            season: vec![0.0; if seasonal { m } else { 0 }],
            ring: vec![0.0; m],
        }
    }

    /// The smoothing parameters in `x`.
    pub fn params(&self, x: &[f64]) -> Params {
        let mut i = 0;
        let mut next = || {
            let v = x.get(i).copied().unwrap_or(0.0);
            i += 1;
            v
        };
        let alpha = next();
        let beta = if self.shape.has_trend() { next() } else { 0.0 };
        let gamma = if self.shape.has_season() { next() } else { 0.0 };
        let phi = if self.shape.trend == TrendType::AdditiveDamped {
            next()
        } else {
            1.0
        };
        Params {
            alpha,
            beta,
            gamma,
            phi,
        }
    }

    /// The initial states in `x`: level, trend (0 without one), and the `m` seasonal states
    /// in state order (the last from the normalisation).
    pub fn states(&self, x: &[f64]) -> (f64, f64, Vec<f64>) {
        let states = &x[self.n_smooth..];
        let level = states[0];
        let trend = if self.shape.has_trend() {
            states[1]
        } else {
            0.0
        };
        let mut season = Vec::new();
        if self.shape.has_season() {
            let free = &states[1 + usize::from(self.shape.has_trend())..];
            season.extend_from_slice(free);
            season.push(self.target - free.iter().sum::<f64>());
        }
        (level, trend, season)
    }

    fn region_ok(&self, p: Params) -> bool {
        match self.bounds {
            Bounds::Usual => kernel::usual(p, self.shape),
            Bounds::Both => kernel::usual(p, self.shape) && kernel::admissible(p, self.shape),
            Bounds::StatsforecastCompat => true,
        }
    }

    /// The criterion at `x`; +∞ outside the parameter region or when the recursion fails.
    pub fn value(&mut self, x: &[f64]) -> f64 {
        if !self.region_ok(self.params(x)) {
            return f64::INFINITY;
        }
        self.run(x, None)
    }

    /// The one-step forecasts at `x` into `fitted` and their derivatives with respect to
    /// the free states into `jac` (see [`kernel::jacobian`]); false when a multiplicative
    /// season is negative.
    fn jacobian(
        &mut self,
        x: &[f64],
        tan: &mut kernel::Tangents,
        fitted: &mut [f64],
        jac: &mut [f64],
    ) -> bool {
        let p = self.params(x);
        let (level, trend) = match self.load_states(x) {
            Some(v) => v,
            None => return false,
        };
        kernel::jacobian(
            self.shape,
            self.y,
            p,
            level,
            trend,
            &self.season,
            &mut self.ring,
            tan,
            fitted,
            jac,
        );
        fitted.iter().all(|v| v.is_finite())
    }

    /// Loads the initial states of `x` (the seasons into `self.season`) and returns the
    /// level and trend; `None` when a multiplicative season is negative.
    fn load_states(&mut self, x: &[f64]) -> Option<(f64, f64)> {
        let states = &x[self.n_smooth..];
        let level = states[0];
        let trend = if self.shape.has_trend() {
            states[1]
        } else {
            0.0
        };
        if self.shape.has_season() {
            let free = &states[1 + usize::from(self.shape.has_trend())..];
            let m = self.season.len();
            self.season[..m - 1].copy_from_slice(free);
            self.season[m - 1] = self.target - free.iter().sum::<f64>();
            if self.shape.season == SeasonType::Multiplicative
                && self.season.iter().any(|s| *s < 0.0)
            {
                return None;
            }
        }
        Some((level, trend))
    }

    /// The criterion at `x` without the region check (for moves of the states only), and
    /// the one-step forecasts into `fitted` when given.
    fn run(&mut self, x: &[f64], fitted: Option<&mut [f64]>) -> f64 {
        let p = self.params(x);
        let Some((level, trend)) = self.load_states(x) else {
            return f64::INFINITY;
        };
        let pass = kernel::filter(
            self.shape,
            self.y,
            p,
            level,
            trend,
            &self.season,
            &mut self.ring,
            fitted,
        );
        if pass.lik.is_nan() {
            f64::INFINITY
        } else {
            pass.lik.max(-1e10)
        }
    }
}

/// The best point found and its criterion.
pub(super) struct Found {
    pub x: Vec<f64>,
    pub value: f64,
}

/// Nelder–Mead over the whole vector at once, from `x0` (the first `lower.len()` entries
/// are bounded).
pub(super) fn joint(
    crit: &mut Criterion<'_>,
    x0: &[f64],
    lower: &[f64],
    upper: &[f64],
    settings: NelderMead,
) -> Found {
    let best = nelder_mead(|x| crit.value(x), x0, lower, upper, settings);
    Found {
        x: best.x,
        value: best.value,
    }
}

/// The simplex stop: the spread of the criterion over the simplex, per value of history
/// (the criterion grows with the length; 0.3 for 300 values). On the tourism set, stops
/// from 0.01 to 1 in all and a second alternation change the accuracy only in the second
/// decimal of sMAPE, either way (tighter is not better), at up to 1.7 times the cost.
const SIMPLEX_TOL_PER_VALUE: f64 = 1e-3;

/// A further alternation that lowers the criterion by less than this ends the search.
const ROUND_GAIN: f64 = 0.1;

/// Gauss–Newton on the initial states from `x0`, then Nelder–Mead over the smoothing
/// parameters (bounded by `lower`/`upper`, the first simplex stepping each by
/// `first_step`, later ones by 0.01) with those states held, then Gauss–Newton on the
/// states again; up to `rounds` such alternations while each lowers the criterion by
/// [`ROUND_GAIN`] or more. `settings` are those of each simplex search; its step and stop
/// are set here.
pub(super) fn alternating(
    crit: &mut Criterion<'_>,
    x0: &[f64],
    first_step: f64,
    rounds: usize,
    lower: &[f64],
    upper: &[f64],
    settings: NelderMead,
) -> Found {
    let k = crit.n_smooth;
    let mut x = x0.to_vec();
    let mut gn = GaussNewton::new(crit.y.len(), crit.shape.m, x.len() - k);
    let mut value = crit.value(&x);
    value = gn.refine(crit, &mut x, value);
    let mut trial = x.clone();
    for round in 0..rounds.max(1) {
        let before = value;
        let search = NelderMead {
            abs_step: Some(if round == 0 { first_step } else { 0.01 }),
            tol_std: SIMPLEX_TOL_PER_VALUE * crit.y.len() as f64,
            ..settings
        };
        trial.copy_from_slice(&x);
        let best = nelder_mead(
            |theta| {
                trial[..k].copy_from_slice(theta);
                crit.value(&trial)
            },
            &x[..k],
            lower,
            upper,
            search,
        );
        if best.value < value {
            x[..k].copy_from_slice(&best.x);
            value = best.value;
        }
        value = gn.refine(crit, &mut x, value);
        // (A NaN gain also ends it.)
        if (before - value).partial_cmp(&ROUND_GAIN) != Some(std::cmp::Ordering::Greater) {
            break;
        }
    }
    Found { x, value }
}

/// Gauss–Newton steps on the initial states, with the smoothing parameters held.
///
/// The Jacobian of the one-step forecasts μ with respect to the states comes from one
/// forward-mode pass ([`kernel::jacobian`]). For additive
/// errors the step is the least-squares one. For multiplicative errors the criterion is
/// `n·ln S + 2·Σ ln μ` with `S = Σ r²`, `r = (y − μ)/μ`: the step uses its gradient and the
/// Gauss–Newton part of its Hessian, `(2n/S)·Σ (y/μ²)²·∇μ ∇μᵀ`. A step is kept only when
/// the criterion falls, halving it up to three times.
struct GaussNewton {
    /// Column j (length n) is ∂μ/∂(state j).
    jac: Vec<f64>,
    /// The columns of `jac` times the weights.
    wjac: Vec<f64>,
    mu: Vec<f64>,
    tangents: kernel::Tangents,
    weight: Vec<f64>,
    resid: Vec<f64>,
    normal: Vec<f64>,
    rhs: Vec<f64>,
    step: Vec<f64>,
    trial: Vec<f64>,
}

impl GaussNewton {
    fn new(n: usize, m: usize, p: usize) -> Self {
        Self {
            jac: vec![0.0; n * p],
            wjac: Vec::with_capacity(n * p),
            mu: vec![0.0; n],
            tangents: kernel::Tangents::new(m, p),
            weight: vec![0.0; n],
            resid: vec![0.0; n],
            normal: vec![0.0; p * p],
            rhs: vec![0.0; p],
            step: vec![0.0; p],
            trial: Vec::new(),
        }
    }

    /// Refines the states in `x` (criterion `value` there) and returns the new criterion.
    fn refine(&mut self, crit: &mut Criterion<'_>, x: &mut [f64], mut value: f64) -> f64 {
        let k = crit.n_smooth;
        let p = x.len() - k;
        let n = crit.y.len();
        if p == 0 || n == 0 {
            return value;
        }
        let mult = crit.shape.error == ErrorType::Multiplicative;
        // One step: exact (least squares) for additive errors and affine forecasts, near
        // enough otherwise (a second step, tried, cost more than it gained).
        'step: {
            if !value.is_finite() {
                break 'step;
            }
            if !crit.jacobian(x, &mut self.tangents, &mut self.mu, &mut self.jac) {
                break 'step;
            }
            // Weights and working residuals: ∂r/∂μ = −w, and the step solves
            // (Σ w² ∇μ∇μᵀ) δ = Σ w r ∇μ − (S/n) Σ ∇μ/μ (the last term for M errors only).
            // `weight` holds w, `resid` holds w·r − (S/n)/μ.
            let y = crit.y;
            if mult {
                let mut sse = 0.0;
                for ((w, r), (&mu, &v)) in self
                    .weight
                    .iter_mut()
                    .zip(self.resid.iter_mut())
                    .zip(self.mu.iter().zip(y))
                {
                    if mu.abs() <= 1e-8 || mu.is_nan() {
                        return value;
                    }
                    let e = (v - mu) / mu;
                    *w = v / (mu * mu);
                    *r = *w * e;
                    sse += e * e;
                }
                let c = sse / n as f64;
                for (r, &mu) in self.resid.iter_mut().zip(&self.mu) {
                    *r -= c / mu;
                }
            } else {
                for ((w, r), (&mu, &v)) in self
                    .weight
                    .iter_mut()
                    .zip(self.resid.iter_mut())
                    .zip(self.mu.iter().zip(y))
                {
                    *w = 1.0;
                    *r = v - mu;
                }
            }
            // Weighted columns w·∂μ into `shifted`-sized scratch, column by column.
            self.wjac.clear();
            for j in 0..p {
                let col = &self.jac[j * n..(j + 1) * n];
                self.wjac
                    .extend(col.iter().zip(&self.weight).map(|(c, w)| c * w));
            }
            for a in 0..p {
                let ca = &self.jac[a * n..(a + 1) * n];
                self.rhs[a] = dot(ca, &self.resid);
                let wa = &self.wjac[a * n..(a + 1) * n];
                for b in 0..=a {
                    let s = dot(wa, &self.wjac[b * n..(b + 1) * n]);
                    self.normal[a * p + b] = s;
                    self.normal[b * p + a] = s;
                }
            }
            if !solve_spd(&mut self.normal, &self.rhs, &mut self.step, p) {
                break 'step;
            }
            self.trial.clear();
            self.trial.extend_from_slice(x);
            let mut scale = 1.0;
            for _ in 0..4 {
                for j in 0..p {
                    self.trial[k + j] = x[k + j] + scale * self.step[j];
                }
                let v = crit.run(&self.trial, None);
                if v < value {
                    value = v;
                    x.copy_from_slice(&self.trial);
                    break 'step;
                }
                scale *= 0.5;
            }
        }
        value
    }
}

/// `Σ aᵢbᵢ` with four running sums, so that the additions do not wait on each other (the
/// normal equations are most of a Gauss–Newton step's cost).
fn dot(a: &[f64], b: &[f64]) -> f64 {
    let mut acc = [0.0f64; 4];
    let (ca, cb) = (a.chunks_exact(4), b.chunks_exact(4));
    let (ra, rb) = (ca.remainder(), cb.remainder());
    for (x, y) in ca.zip(cb) {
        acc[0] += x[0] * y[0];
        acc[1] += x[1] * y[1];
        acc[2] += x[2] * y[2];
        acc[3] += x[3] * y[3];
    }
    let tail: f64 = ra.iter().zip(rb).map(|(x, y)| x * y).sum();
    (acc[0] + acc[1]) + (acc[2] + acc[3]) + tail
}

/// Solves `a·x = b` for a symmetric positive semi-definite `a` (p × p, row-major; destroyed)
/// by Cholesky, with a small ridge so that states the data do not identify stay put;
/// false when it fails.
fn solve_spd(a: &mut [f64], b: &[f64], x: &mut [f64], p: usize) -> bool {
    let trace: f64 = (0..p).map(|i| a[i * p + i]).sum();
    if !(trace > 0.0 && trace.is_finite()) {
        return false;
    }
    let ridge = 1e-10 * trace / p as f64;
    for i in 0..p {
        a[i * p + i] += ridge;
    }
    // In place: the lower triangle becomes L with a = L Lᵀ.
    for j in 0..p {
        let mut d = a[j * p + j];
        for k in 0..j {
            d -= a[j * p + k] * a[j * p + k];
        }
        if d <= 0.0 || d.is_nan() {
            return false;
        }
        let d = d.sqrt();
        a[j * p + j] = d;
        for i in j + 1..p {
            let mut s = a[i * p + j];
            for k in 0..j {
                s -= a[i * p + k] * a[j * p + k];
            }
            a[i * p + j] = s / d;
        }
    }
    for i in 0..p {
        let mut s = b[i];
        for k in 0..i {
            s -= a[i * p + k] * x[k];
        }
        x[i] = s / a[i * p + i];
    }
    for i in (0..p).rev() {
        let mut s = x[i];
        for k in i + 1..p {
            s -= a[k * p + i] * x[k];
        }
        x[i] = s / a[i * p + i];
    }
    x.iter().all(|v| v.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_matches_the_plain_sum() {
        let a: Vec<f64> = (0..11).map(f64::from).collect();
        let b: Vec<f64> = (0..11).map(|i| f64::from(i) * 0.5 - 1.0).collect();
        let plain: f64 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
        assert!((dot(&a, &b) - plain).abs() < 1e-12);
        assert_eq!(dot(&[], &[]), 0.0);
    }

    #[test]
    fn cholesky_solves_a_small_system() {
        let mut a = vec![4.0, 2.0, 2.0, 3.0];
        let mut x = vec![0.0; 2];
        assert!(solve_spd(&mut a, &[6.0, 5.0], &mut x, 2));
        assert!(
            (x[0] - 1.0).abs() < 1e-8 && (x[1] - 1.0).abs() < 1e-8,
            "{x:?}"
        );
        let mut zero = vec![0.0; 4];
        assert!(!solve_spd(&mut zero, &[1.0, 1.0], &mut x, 2));
    }
}
