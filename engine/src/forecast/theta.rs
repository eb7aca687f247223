//! The Theta family of Fiorucci, Pellegrini, Louzada, Petropoulos & Koehler (2016),
//! "Models for optimising the theta method and their relationship to state space
//! models" (IJF 32(4) 1151–1161), as statsforecast 2.1.1 implements it (`Theta`,
//! `AutoTheta`): the Standard (STM), Optimised (OTM), Dynamic Standard (DSTM) and
//! Dynamic Optimised (DOTM) Theta models, and the automatic choice among them.
//!
//! Why it is here: Theta won the M3 competition and is still one of the strongest cheap
//! methods on monthly, quarterly and yearly business series — the kind a planner pastes.
//! It costs a few hundred passes over the history, well under a millisecond a series.
//!
//! How it works (all as in statsforecast, checked against it series by series):
//!
//! 1. **Seasonal adjustment**, only when the season length `m` is at least 4, the history
//!    holds at least `2m` values, and the lag-`m` autocorrelation passes the 90 %
//!    one-sided test of the M3 Theta method: |r_m| > 1.645·√((1 + 2·Σ_{k<m} r_k²)/n).
//!    (statsforecast's rule is `m ≥ 4`, not `m > 1`; we follow it.) The series is then
//!    divided by the seasonal indices of a classical multiplicative decomposition
//!    (centred moving average, phase means of y/trend normalised to mean 1); the
//!    decomposition becomes additive when a value is ≤ 0 or an index falls below 0.01.
//! 2. **The state space model** on the adjusted series, with smoothing weight α,
//!    theta coefficient θ and initial level ℓ₀: one step ahead
//!    μₜ = ℓₜ₋₁ + (1 − 1/θ)·(Aₜ₋₁·(1−α)ᵗ + Bₜ₋₁·(1 − (1−α)ᵗ⁺¹)/α), level
//!    ℓₜ = α·yₜ + (1−α)·ℓₜ₋₁, where A, B are the intercept and slope of the least-squares
//!    line through the history (standard models) or of the line through the values seen
//!    so far, updated each period (dynamic models).
//! 3. **Fitting** minimises Σ_{t≥3} eₜ² / mean|y| (the first three one-step errors are a
//!    burn-in) with a bounded Nelder–Mead: ℓ₀ and α ∈ [0.1, 0.99] always, θ ≥ 1 for the
//!    optimised models (θ = 2 for the standard ones). [`auto`] fits all four and keeps
//!    the one with the smallest value of that criterion; statsforecast's `Theta` is
//!    [`fit`] with [`ThetaVariant::Standard`].
//! 4. **Prediction intervals.** statsforecast draws 200 normal sample paths (σ = sample
//!    standard deviation of the residuals after the burn-in, re-seasonalised), feeding
//!    each draw back through the dynamic updates, and reads empirical quantiles. Every
//!    update is linear in the draws, so the paths are exactly Gaussian: we propagate
//!    their mean and variance in closed form and give the normal quantiles — the limit
//!    of statsforecast's intervals as the number of paths grows, without its sampling
//!    noise. The intervals are centred on that simulated mean path, which for the
//!    standard models drifts slightly from the point forecast (the paths re-estimate
//!    the trend line as they go); this is statsforecast's behaviour.
//!
//! Where we differ from statsforecast, on purpose: an exactly constant history gives
//! that constant with zero-width intervals (statsforecast fits it like any series); a
//! history too short to fit (fewer than 4 values) is an error rather than an exception;
//! the bound on ℓ₀ widens beyond ±1e10 for series whose values exceed 1e9, and series
//! with values above 1e100 are fitted on a power-of-two rescaling, so that huge
//! quantities neither get clamped nor overflow; when additive seasonal adjustment is
//! used, σ comes from the residuals alone (statsforecast adds the seasonal component to
//! them first, which inflates σ by the size of the season); forecasts and bounds are
//! clipped at 0 when the history has no negative value; an interval is widened, when
//! needed, to contain its point forecast.

use std::fmt;

use crate::stats::norm_ppf;

/// Fewest values a Theta model is fitted on (statsforecast refuses 3 or fewer).
pub const MIN_LENGTH: usize = 4;

/// The seasonality test's critical value: the 95 % standard normal quantile, so a
/// one-sided 90 % test of |r_m| (statsforecast: `norm.ppf(0.95)`).
const SEASONAL_Z: f64 = 1.644_853_626_951_472_2;

/// Values above this are fitted on a rescaled copy so that squared errors stay finite.
const RESCALE_ABOVE: f64 = 1e100;

/// Which of the four Theta models.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ThetaVariant {
    /// STM: θ = 2, least-squares trend line of the whole history; α and ℓ₀ fitted.
    /// This is the classic Theta method of Assimakopoulos & Nikolopoulos (2000).
    Standard,
    /// OTM: as STM, with θ ≥ 1 fitted too.
    Optimised,
    /// DSTM: θ = 2, trend line re-estimated each period from the values so far.
    DynamicStandard,
    /// DOTM: as DSTM, with θ ≥ 1 fitted too.
    DynamicOptimised,
}

impl ThetaVariant {
    /// The four variants, in the order [`auto`] tries them (ties keep the earlier).
    pub const ALL: [Self; 4] = [
        Self::Standard,
        Self::Optimised,
        Self::DynamicStandard,
        Self::DynamicOptimised,
    ];

    /// The short name used in the literature and by statsforecast: "STM", "OTM", …
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Standard => "STM",
            Self::Optimised => "OTM",
            Self::DynamicStandard => "DSTM",
            Self::DynamicOptimised => "DOTM",
        }
    }

    /// The name for people ("Dynamic optimised Theta").
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Standard => "Standard Theta",
            Self::Optimised => "Optimised Theta",
            Self::DynamicStandard => "Dynamic standard Theta",
            Self::DynamicOptimised => "Dynamic optimised Theta",
        }
    }

    fn dynamic(self) -> bool {
        matches!(self, Self::DynamicStandard | Self::DynamicOptimised)
    }

    fn fits_theta(self) -> bool {
        matches!(self, Self::Optimised | Self::DynamicOptimised)
    }
}

/// Why a Theta model could not be fitted or could not predict.
#[derive(Debug, Clone, PartialEq)]
pub enum ThetaError {
    /// The history is shorter than [`MIN_LENGTH`] values.
    TooShort {
        /// Values given.
        len: usize,
    },
    /// A value is NaN or infinite.
    NotFinite {
        /// 0-based position of the first such value.
        index: usize,
    },
    /// A prediction-interval level is not strictly between 0 and 100.
    Level(f64),
}

impl fmt::Display for ThetaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooShort { len } => write!(
                f,
                "Theta needs at least {MIN_LENGTH} periods of history and there {}",
                match len {
                    1 => "is 1".to_string(),
                    n => format!("are {n}"),
                }
            ),
            Self::NotFinite { index } => write!(
                f,
                "value {} of the history is not a finite number",
                index + 1
            ),
            Self::Level(l) => write!(
                f,
                "an interval level must lie between 0 and 100 (percent), not {l}"
            ),
        }
    }
}

impl std::error::Error for ThetaError {}

/// How the seasonal indices are applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeasonalKind {
    /// The series was divided by the indices; forecasts are multiplied back.
    Multiplicative,
    /// The indices were subtracted; forecasts add them back.
    Additive,
}

/// The seasonal adjustment a fitted model applies.
#[derive(Debug, Clone, PartialEq)]
pub struct Seasonal {
    /// Multiplicative or additive.
    pub kind: SeasonalKind,
    /// The index of each of the `m` periods after the history, in order
    /// (`ahead[j % m]` applies to step `j + 1`).
    pub ahead: Vec<f64>,
}

/// One prediction interval.
#[derive(Debug, Clone, PartialEq)]
pub struct ThetaInterval {
    /// Level in percent.
    pub level: f64,
    /// Lower bound per step.
    pub lo: Vec<f64>,
    /// Upper bound per step.
    pub hi: Vec<f64>,
}

/// Point forecasts and one interval per requested level, all finite.
#[derive(Debug, Clone, PartialEq)]
pub struct ThetaForecast {
    /// Point forecast per step.
    pub point: Vec<f64>,
    /// One interval per requested level, in the order requested.
    pub intervals: Vec<ThetaInterval>,
}

/// The state the recursions carry: level, running mean, and the trend line A + B·t.
#[derive(Debug, Clone, Copy, PartialEq)]
struct State {
    level: f64,
    mean: f64,
    a: f64,
    b: f64,
}

/// The smoothing and theta parameters of a fit.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Params {
    initial_level: f64,
    alpha: f64,
    theta: f64,
}

impl Params {
    /// One-step-ahead mean at time index `i` from state `s`.
    fn mu(self, s: &State, i: usize) -> f64 {
        let keep = 1.0 - self.alpha;
        let pow_i = powi(keep, i);
        s.level + (1.0 - 1.0 / self.theta) * (s.a * pow_i + s.b * (1.0 - pow_i * keep) / self.alpha)
    }
}

/// `x^i` for a time index.
fn powi(x: f64, i: usize) -> f64 {
    x.powi(i32::try_from(i).unwrap_or(i32::MAX))
}

/// The next state after observing `y` at time index `i ≥ 1`. With `dynamic` the trend
/// line is refitted; `new_mean_slope` selects statsforecast's simulation variant of the
/// slope update (which uses the running mean after `y`, where the model uses the one
/// before).
fn advance(s: &State, i: usize, alpha: f64, y: f64, dynamic: bool, new_mean_slope: bool) -> State {
    let fi = i as f64;
    let mean = (fi * s.mean + y) / (fi + 1.0);
    let (a, b) = if dynamic {
        let centre = if new_mean_slope { mean } else { s.mean };
        let b = ((fi - 1.0) * s.b + 6.0 * (y - centre) / (fi + 1.0)) / (fi + 2.0);
        (mean - b * (fi + 2.0) / 2.0, b)
    } else {
        (s.a, s.b)
    };
    State {
        level: alpha * y + (1.0 - alpha) * s.level,
        mean,
        a,
        b,
    }
}

/// Intercept and slope of the least-squares line through (t, yₜ), t = 1..n.
fn ols_line(y: &[f64]) -> (f64, f64) {
    let n = y.len() as f64;
    let mean = y.iter().sum::<f64>() / n;
    let weighted = y
        .iter()
        .enumerate()
        .map(|(t, v)| (t + 1) as f64 * v)
        .sum::<f64>()
        / n;
    let b = 6.0 * (2.0 * weighted - (n + 1.0) * mean) / (n * n - 1.0);
    (mean - (n + 1.0) * b / 2.0, b)
}

/// Runs the model over `y`: the state after the last value, and the one-step errors.
/// `line` is the least-squares line (used by the standard models).
fn run(
    y: &[f64],
    variant: ThetaVariant,
    p: Params,
    line: (f64, f64),
    mut on_error: impl FnMut(usize, f64),
) -> State {
    let dynamic = variant.dynamic();
    let y0 = y[0];
    let (a, b, mu0) = if dynamic {
        (y0, 0.0, y0)
    } else {
        let (a, b) = line;
        (a, b, p.initial_level + (1.0 - 1.0 / p.theta) * (a + b))
    };
    let mut s = State {
        level: p.alpha * y0 + (1.0 - p.alpha) * p.initial_level,
        mean: y0,
        a,
        b,
    };
    on_error(0, y0 - mu0);
    for (i, &v) in y.iter().enumerate().skip(1) {
        on_error(i, v - p.mu(&s, i));
        s = advance(&s, i, p.alpha, v, dynamic, false);
    }
    s
}

/// The fitting criterion: Σ_{t≥3} eₜ² / mean|y| (statsforecast's `mse`), with `scale`
/// = mean|y|. This is [`run`] specialised for speed (it is evaluated a few hundred times
/// per fit): (1−α)ᵗ is carried as a running product, and for the standard models the
/// fixed trend line folds into two constants; `recip[i]` = (1/(i+1), 1/(i+2)) saves the
/// dynamic models' divisions.
fn criterion(
    y: &[f64],
    variant: ThetaVariant,
    p: Params,
    line: (f64, f64),
    scale: f64,
    recip: &[(f64, f64)],
) -> f64 {
    let Some((&y0, _)) = y.split_first() else {
        return f64::INFINITY;
    };
    let alpha = p.alpha;
    let keep = 1.0 - alpha;
    let k = 1.0 - 1.0 / p.theta;
    let inv_alpha = 1.0 / alpha;
    let mut level = alpha * y0 + keep * p.initial_level;
    let mut pow = keep; // (1 − α)^i at i = 1
    let mut sse = 0.0;
    if variant.dynamic() {
        let (mut mean, mut a, mut b) = (y0, y0, 0.0);
        for (i, (&v, r)) in y.iter().zip(recip).enumerate().skip(1) {
            let mu = level + k * (a * pow + b * (1.0 - pow * keep) * inv_alpha);
            if i >= 3 {
                sse += (v - mu) * (v - mu);
            }
            let fi = i as f64;
            let next_mean = (fi * mean + v) * r.0;
            b = ((fi - 1.0) * b + 6.0 * (v - mean) * r.0) * r.1;
            a = next_mean - b * (fi + 2.0) / 2.0;
            mean = next_mean;
            level = alpha * v + keep * level;
            pow *= keep;
        }
    } else {
        // μ = ℓ + k·(A·pow + B·(1 − pow·(1−α))/α) = ℓ + c0 + c1·pow.
        let (a, b) = line;
        let c0 = k * b * inv_alpha;
        let c1 = k * (a - b * keep * inv_alpha);
        for (i, &v) in y.iter().enumerate().skip(1) {
            let mu = level + c0 + c1 * pow;
            if i >= 3 {
                sse += (v - mu) * (v - mu);
            }
            level = alpha * v + keep * level;
            pow *= keep;
        }
    }
    let v = sse / scale;
    if v.is_nan() {
        f64::INFINITY
    } else {
        v
    }
}

/// Bounded Nelder–Mead in `N` dimensions with the settings statsforecast uses for Theta:
/// initial simplex steps of 5 % of each coordinate (1e-4 for a zero one), adaptive
/// coefficients (Gao & Han 2012), stop when the standard deviation of the simplex's
/// values drops below 1e-4 or after 1000 iterations; every trial point is clamped to
/// the bounds. Returns the best vertex.
fn nelder_mead<const N: usize>(
    mut f: impl FnMut(&[f64; N]) -> f64,
    x0: [f64; N],
    lower: [f64; N],
    upper: [f64; N],
) -> [f64; N] {
    const INIT_STEP: f64 = 0.05;
    const ZERO_STEP: f64 = 1e-4;
    const MAX_ITER: usize = 1000;
    const TOL_STD: f64 = 1e-4;
    let dim = N as f64;
    let (reflect, expand, contract, shrink) = (
        1.0,
        1.0 + 2.0 / dim,
        0.75 - 1.0 / (2.0 * dim),
        1.0 - 1.0 / dim,
    );
    let clamp = |mut x: [f64; N]| {
        for k in 0..N {
            x[k] = x[k].max(lower[k]).min(upper[k]);
        }
        x
    };
    let start = clamp(x0);
    let mut simplex: Vec<[f64; N]> = vec![start; N + 1];
    for (k, vertex) in simplex.iter_mut().enumerate().take(N) {
        let v = vertex[k];
        vertex[k] = if v == 0.0 {
            ZERO_STEP
        } else {
            v * (1.0 + INIT_STEP)
        };
        *vertex = clamp(*vertex);
    }
    let mut values: Vec<f64> = simplex.iter().map(&mut f).collect();
    let towards = |from: &[f64; N], to: &[f64; N], t: f64| {
        let mut x = *from;
        for k in 0..N {
            x[k] = from[k] + t * (to[k] - from[k]);
        }
        clamp(x)
    };
    let mut order: Vec<usize> = (0..=N).collect();
    for _ in 0..MAX_ITER {
        let mean = values.iter().sum::<f64>() / (dim + 1.0);
        let spread = (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (dim + 1.0)).sqrt();
        if spread < TOL_STD {
            break;
        }
        order.sort_by(|&i, &j| values[i].total_cmp(&values[j]));
        let (best, second_worst, worst) = (order[0], order[N - 1], order[N]);
        let mut centroid = [0.0; N];
        for (i, vertex) in simplex.iter().enumerate() {
            if i != worst {
                for k in 0..N {
                    centroid[k] += vertex[k] / dim;
                }
            }
        }
        let xr = towards(&centroid, &simplex[worst], -reflect);
        let fr = f(&xr);
        if values[best] <= fr && fr < values[second_worst] {
            simplex[worst] = xr;
            values[worst] = fr;
            continue;
        }
        if fr < values[best] {
            let xe = towards(&centroid, &xr, expand);
            let fe = f(&xe);
            if fe < fr {
                simplex[worst] = xe;
                values[worst] = fe;
            } else {
                simplex[worst] = xr;
                values[worst] = fr;
            }
            continue;
        }
        if values[second_worst] <= fr && fr < values[worst] {
            let xc = towards(&centroid, &xr, contract);
            let fc = f(&xc);
            if fc <= fr {
                simplex[worst] = xc;
                values[worst] = fc;
                continue;
            }
        } else {
            let xc = towards(&centroid, &xr, -contract);
            let fc = f(&xc);
            if fc < values[worst] {
                simplex[worst] = xc;
                values[worst] = fc;
                continue;
            }
        }
        let anchor = simplex[best];
        for i in 0..=N {
            if i != best {
                simplex[i] = towards(&anchor, &simplex[i], shrink);
                values[i] = f(&simplex[i]);
            }
        }
    }
    let best = (0..=N)
        .min_by(|&i, &j| values[i].total_cmp(&values[j]))
        .unwrap_or(0);
    simplex[best]
}

/// (1/(i+1), 1/(i+2)) for i = 0..n.
fn reciprocals(n: usize) -> Vec<(f64, f64)> {
    (0..n)
        .map(|i| (1.0 / (i as f64 + 1.0), 1.0 / (i as f64 + 2.0)))
        .collect()
}

/// Fits `variant`'s free parameters on the (adjusted, rescaled) series `y`.
fn optimise(
    y: &[f64],
    variant: ThetaVariant,
    line: (f64, f64),
    recip: &[(f64, f64)],
) -> (Params, f64) {
    let scale = (y.iter().map(|v| v.abs()).sum::<f64>() / y.len() as f64).max(1e-10);
    let big = y.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    let level_bound = (10.0 * big).max(1e10);
    let start_level = y[0] / 2.0;
    let params = if variant.fits_theta() {
        let x = nelder_mead(
            |x: &[f64; 3]| {
                let p = Params {
                    initial_level: x[0],
                    alpha: x[1],
                    theta: x[2],
                };
                criterion(y, variant, p, line, scale, recip)
            },
            [start_level, 0.5, 2.0],
            [-level_bound, 0.1, 1.0],
            [level_bound, 0.99, 1e10],
        );
        Params {
            initial_level: x[0],
            alpha: x[1],
            theta: x[2],
        }
    } else {
        let x = nelder_mead(
            |x: &[f64; 2]| {
                let p = Params {
                    initial_level: x[0],
                    alpha: x[1],
                    theta: 2.0,
                };
                criterion(y, variant, p, line, scale, recip)
            },
            [start_level, 0.5],
            [-level_bound, 0.1],
            [level_bound, 0.99],
        );
        Params {
            initial_level: x[0],
            alpha: x[1],
            theta: 2.0,
        }
    };
    (params, criterion(y, variant, params, line, scale, recip))
}

/// Autocorrelations r₁..r_m of `y` (biased estimator, as statsmodels' `acf`); `None`
/// when `y` has no variance.
fn acf(y: &[f64], m: usize) -> Option<Vec<f64>> {
    let n = y.len() as f64;
    let mean = y.iter().sum::<f64>() / n;
    let d: Vec<f64> = y.iter().map(|v| v - mean).collect();
    let c0: f64 = d.iter().map(|v| v * v).sum();
    if c0 <= 0.0 || !c0.is_finite() {
        return None;
    }
    Some(
        (1..=m)
            .map(|k| d.iter().zip(&d[k..]).map(|(a, b)| a * b).sum::<f64>() / c0)
            .collect(),
    )
}

/// The M3 Theta seasonality test as statsforecast runs it: `m ≥ 4`, `n ≥ 2m`, and
/// |r_m| > 1.645·√((1 + 2·Σ_{k<m} r_k²)/n).
#[must_use]
pub fn is_seasonal(y: &[f64], m: usize) -> bool {
    if m < 4 || y.len() < 2 * m {
        return false;
    }
    let Some(r) = acf(y, m) else {
        return false;
    };
    let below: f64 = r[..m - 1].iter().map(|v| v * v).sum();
    let limit = SEASONAL_Z * ((1.0 + 2.0 * below) / y.len() as f64).sqrt();
    r[m - 1].abs() > limit
}

/// Classical decomposition's seasonal indices by phase (`t % m`), as statsmodels'
/// `seasonal_decompose`: centred moving average (2×m for even m), phase means of
/// y/trend (or y − trend), normalised to mean 1 (or 0). Needs `y.len() ≥ 2m`.
fn seasonal_indices(y: &[f64], m: usize, kind: SeasonalKind) -> Vec<f64> {
    let n = y.len();
    let half = m / 2;
    let mut sums = vec![0.0; m];
    let mut counts = vec![0usize; m];
    for t in half..n.saturating_sub(half) {
        let trend = if m.is_multiple_of(2) {
            (0.5 * y[t - half] + y[t - half + 1..t + half].iter().sum::<f64>() + 0.5 * y[t + half])
                / m as f64
        } else {
            y[t - half..=t + half].iter().sum::<f64>() / m as f64
        };
        let detrended = match kind {
            SeasonalKind::Multiplicative => y[t] / trend,
            SeasonalKind::Additive => y[t] - trend,
        };
        sums[t % m] += detrended;
        counts[t % m] += 1;
    }
    let mut idx: Vec<f64> = sums
        .iter()
        .zip(&counts)
        .map(|(s, &c)| if c > 0 { s / c as f64 } else { f64::NAN })
        .collect();
    let centre = idx.iter().sum::<f64>() / m as f64;
    for v in &mut idx {
        match kind {
            SeasonalKind::Multiplicative => *v /= centre,
            SeasonalKind::Additive => *v -= centre,
        }
    }
    idx
}

/// A fitted Theta model: everything [`ThetaModel::predict`] needs.
#[derive(Debug, Clone, PartialEq)]
pub struct ThetaModel {
    variant: ThetaVariant,
    /// Length of the history.
    n: usize,
    params: Params,
    /// State after the last value (adjusted, rescaled units).
    last: State,
    /// σ of the simulated errors (rescaled units; original season).
    sigma: f64,
    /// The fitting criterion at the optimum.
    criterion: f64,
    seasonal: Option<Seasonal>,
    /// The history was exactly constant at this value: forecast it, with no spread.
    constant: Option<f64>,
    /// Fitted on y / scale.
    scale: f64,
    /// The history has no negative value: clip forecasts and lower bounds at 0.
    non_negative: bool,
}

/// Checks `y` and returns its first value when it is exactly constant.
fn check(y: &[f64]) -> Result<Option<f64>, ThetaError> {
    if let Some(index) = y.iter().position(|v| !v.is_finite()) {
        return Err(ThetaError::NotFinite { index });
    }
    if y.len() < MIN_LENGTH {
        return Err(ThetaError::TooShort { len: y.len() });
    }
    let first = y[0];
    Ok(y.iter().all(|v| *v == first).then_some(first))
}

/// Fits one Theta variant to the history `y` with season length `m` (0 or 1: none),
/// seasonally adjusting first when [`is_seasonal`] says so.
///
/// statsforecast's `Theta(season_length=m)` is `fit(y, m, ThetaVariant::Standard)`.
///
/// # Errors
/// [`ThetaError::TooShort`] for fewer than [`MIN_LENGTH`] values,
/// [`ThetaError::NotFinite`] for a NaN or infinite value.
///
/// # Example
/// ```
/// use attune_engine::forecast::theta::{fit, ThetaVariant};
///
/// let y: Vec<f64> = (0..24).map(|t| 100.0 + 2.0 * f64::from(t)).collect();
/// let model = fit(&y, 12, ThetaVariant::Standard)?;
/// let f = model.predict(3, &[80.0])?;
/// assert!(f.point[0] > 140.0 && f.point[0] < 150.0);
/// assert!(f.intervals[0].lo[0] < f.point[0] && f.point[0] < f.intervals[0].hi[0]);
/// # Ok::<(), attune_engine::forecast::theta::ThetaError>(())
/// ```
pub fn fit(y: &[f64], m: usize, variant: ThetaVariant) -> Result<ThetaModel, ThetaError> {
    fit_among(y, m, &[variant])
}

/// Fits all four variants and keeps the one with the smallest in-sample criterion
/// (Σ_{t≥3} eₜ² / mean|y|, statsforecast's "mse"); statsforecast's `AutoTheta`.
///
/// # Errors
/// As [`fit`].
pub fn auto(y: &[f64], m: usize) -> Result<ThetaModel, ThetaError> {
    fit_among(y, m, &ThetaVariant::ALL)
}

fn fit_among(y: &[f64], m: usize, variants: &[ThetaVariant]) -> Result<ThetaModel, ThetaError> {
    let constant = check(y)?;
    let n = y.len();
    let non_negative = y.iter().all(|v| *v >= 0.0);
    let first = variants.first().copied().unwrap_or(ThetaVariant::Standard);
    if let Some(c) = constant {
        return Ok(ThetaModel {
            variant: first,
            n,
            params: Params {
                initial_level: c,
                alpha: 0.5,
                theta: 2.0,
            },
            last: State {
                level: c,
                mean: c,
                a: c,
                b: 0.0,
            },
            sigma: 0.0,
            criterion: 0.0,
            seasonal: None,
            constant: Some(c),
            scale: 1.0,
            non_negative,
        });
    }
    let big = y.iter().fold(0.0f64, |acc, v| acc.max(v.abs()));
    let mut scale = 1.0;
    while big / scale > RESCALE_ABOVE {
        scale *= 2f64.powi(166);
    }
    let y: Vec<f64> = y.iter().map(|v| v / scale).collect();

    // Seasonal adjustment.
    let mut seasonal: Option<(SeasonalKind, Vec<f64>)> = None;
    if is_seasonal(&y, m) {
        let positive = y.iter().all(|v| *v > 0.0);
        let mut kind = if positive {
            SeasonalKind::Multiplicative
        } else {
            SeasonalKind::Additive
        };
        let mut idx = seasonal_indices(&y, m, kind);
        if kind == SeasonalKind::Multiplicative && idx.iter().any(|v| v.is_nan() || *v < 0.01) {
            kind = SeasonalKind::Additive;
            idx = seasonal_indices(&y, m, kind);
        }
        if idx.iter().all(|v| v.is_finite()) {
            seasonal = Some((kind, idx));
        }
    }
    let adjusted: Vec<f64> = match &seasonal {
        Some((SeasonalKind::Multiplicative, idx)) => {
            y.iter().enumerate().map(|(t, v)| v / idx[t % m]).collect()
        }
        Some((SeasonalKind::Additive, idx)) => {
            y.iter().enumerate().map(|(t, v)| v - idx[t % m]).collect()
        }
        None => y,
    };

    let line = ols_line(&adjusted);
    let recip = reciprocals(n);
    let mut best: Option<(ThetaVariant, Params, f64)> = None;
    for &variant in variants {
        let (params, value) = optimise(&adjusted, variant, line, &recip);
        if best.is_none_or(|(_, _, b)| value < b) {
            best = Some((variant, params, value));
        }
    }
    let (variant, params, criterion) = best.unwrap_or((
        first,
        Params {
            initial_level: adjusted[0] / 2.0,
            alpha: 0.5,
            theta: 2.0,
        },
        f64::INFINITY,
    ));

    // Residuals, re-seasonalised (multiplicatively) as statsforecast does before
    // measuring σ.
    let mut residuals = vec![0.0; n];
    let last = run(&adjusted, variant, params, line, |i, e| residuals[i] = e);
    if let Some((SeasonalKind::Multiplicative, idx)) = &seasonal {
        for (t, e) in residuals.iter_mut().enumerate() {
            *e *= idx[t % m];
        }
    }
    let tail = if n - 3 >= 2 {
        &residuals[3..]
    } else {
        &residuals[..]
    };
    let sigma = sample_sd(tail);

    Ok(ThetaModel {
        variant,
        n,
        params,
        last,
        sigma,
        criterion,
        seasonal: seasonal.map(|(kind, idx)| Seasonal {
            kind,
            ahead: (0..m).map(|j| idx[(n + j) % m]).collect(),
        }),
        constant: None,
        scale,
        non_negative,
    })
}

/// Sample standard deviation (n − 1 in the denominator), computed on scaled values so
/// that huge residuals do not overflow; 0 for fewer than two values.
fn sample_sd(x: &[f64]) -> f64 {
    if x.len() < 2 {
        return 0.0;
    }
    let big = x.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    if big <= 0.0 || !big.is_finite() {
        return 0.0;
    }
    let mean = x.iter().map(|v| v / big).sum::<f64>() / x.len() as f64;
    let ss: f64 = x.iter().map(|v| (v / big - mean).powi(2)).sum();
    big * (ss / (x.len() - 1) as f64).sqrt()
}

/// The state vector of the simulation, as an array: level, mean, A, B.
type Vec4 = [f64; 4];

impl ThetaModel {
    /// Forecasts `h` steps ahead with one prediction interval per level (in percent).
    /// Everything returned is finite; nothing is negative when the history had no
    /// negative value; each interval contains its point forecast (the simulated centre
    /// can drift from the point forecast — see the module docs — and the interval is
    /// then widened to reach it).
    ///
    /// # Errors
    /// [`ThetaError::Level`] when a level is not strictly between 0 and 100.
    pub fn predict(&self, h: usize, levels: &[f64]) -> Result<ThetaForecast, ThetaError> {
        if let Some(l) = levels.iter().find(|l| !(**l > 0.0 && **l < 100.0)) {
            return Err(ThetaError::Level(*l));
        }
        let (point, centre, sd) = match self.constant {
            Some(c) => (vec![c; h], vec![c; h], vec![0.0; h]),
            None => self.paths(h),
        };
        let season = |j: usize, v: f64| match &self.seasonal {
            Some(s) => {
                let f = s.ahead[j % s.ahead.len()];
                match s.kind {
                    SeasonalKind::Multiplicative => v * f,
                    SeasonalKind::Additive => v + f,
                }
            }
            None => v,
        };
        let out = |j: usize, v: f64, clip: bool| {
            let v = (season(j, v) * self.scale).clamp(f64::MIN, f64::MAX);
            let v = if v.is_nan() { 0.0 } else { v };
            if clip && self.non_negative {
                v.max(0.0)
            } else {
                v
            }
        };
        let point: Vec<f64> = (0..h).map(|j| out(j, point[j], true)).collect();
        let intervals = levels
            .iter()
            .map(|&level| {
                let z = norm_ppf(0.5 + level / 200.0);
                let (lo, hi) = (0..h)
                    .map(|j| {
                        let half = z * sd[j];
                        (
                            out(j, centre[j] - half, true).min(point[j]),
                            out(j, centre[j] + half, true).max(point[j]),
                        )
                    })
                    .unzip();
                ThetaInterval { level, lo, hi }
            })
            .collect();
        Ok(ThetaForecast { point, intervals })
    }

    /// Point path, simulated mean path and simulated standard deviation, per step
    /// (adjusted, rescaled units).
    ///
    /// The simulation (statsforecast's `compute_pi_samples`) draws yₜ = μₜ + εₜ,
    /// εₜ ~ N(0, σ²), then updates level, running mean and — for every variant — the
    /// trend line from the draw. Each update is linear, so with x = (ℓ, ȳ, A, B):
    /// yₜ = c·x + ε, x' = M·x + g·ε, and the covariance P of x evolves as
    /// P' = M P Mᵀ + σ² g gᵀ, Var(yₜ) = cᵀ P c + σ².
    fn paths(&self, h: usize) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
        let p = self.params;
        let dynamic = self.variant.dynamic();
        let mut point = Vec::with_capacity(h);
        let mut s = self.last;
        for j in 0..h {
            let i = self.n + j;
            let f = p.mu(&s, i);
            point.push(f);
            s = advance(&s, i, p.alpha, f, dynamic, false);
        }

        let (alpha, k) = (p.alpha, 1.0 - 1.0 / p.theta);
        let keep = 1.0 - alpha;
        let var_e = self.sigma * self.sigma;
        let mut centre = Vec::with_capacity(h);
        let mut sd = Vec::with_capacity(h);
        let mut s = self.last;
        let mut cov = [[0.0; 4]; 4];
        for j in 0..h {
            let i = self.n + j;
            let fi = i as f64;
            let pow_i = powi(keep, i);
            let c: Vec4 = [1.0, 0.0, k * pow_i, k * (1.0 - pow_i * keep) / alpha];
            let m = p.mu(&s, i);
            centre.push(m);
            let var = quad(&cov, &c) + var_e;
            sd.push(var.max(0.0).sqrt());
            s = advance(&s, i, alpha, m, true, true);

            // Rows of M and entries of g for (level, mean, A, B).
            let unit = |q: usize| {
                let mut r = [0.0; 4];
                r[q] = 1.0;
                r
            };
            let comb = |u: &Vec4, a: f64, v: &Vec4, b: f64| {
                let mut r = [0.0; 4];
                for q in 0..4 {
                    r[q] = a * u[q] + b * v[q];
                }
                r
            };
            let level_row = comb(&c, alpha, &unit(0), keep);
            let level_g = alpha;
            let mean_row = comb(&c, 1.0 / (fi + 1.0), &unit(1), fi / (fi + 1.0));
            let mean_g = 1.0 / (fi + 1.0);
            let six = 6.0 / (fi + 1.0);
            let diff_row = comb(&c, 1.0, &mean_row, -1.0);
            let b_row = comb(
                &unit(3),
                (fi - 1.0) / (fi + 2.0),
                &diff_row,
                six / (fi + 2.0),
            );
            let b_g = six * (1.0 - mean_g) / (fi + 2.0);
            let a_row = comb(&mean_row, 1.0, &b_row, -(fi + 2.0) / 2.0);
            let a_g = mean_g - b_g * (fi + 2.0) / 2.0;
            let rows = [level_row, mean_row, a_row, b_row];
            let g = [level_g, mean_g, a_g, b_g];
            let mut next = [[0.0; 4]; 4];
            for (r, row_r) in rows.iter().enumerate() {
                for (q, row_q) in rows.iter().enumerate() {
                    next[r][q] = bilinear(&cov, row_r, row_q) + var_e * g[r] * g[q];
                }
            }
            cov = next;
        }
        (point, centre, sd)
    }

    /// The variant fitted (for [`auto`], the one chosen).
    #[must_use]
    pub fn variant(&self) -> ThetaVariant {
        self.variant
    }

    /// Whether the history was seasonally adjusted before fitting.
    #[must_use]
    pub fn seasonally_adjusted(&self) -> bool {
        self.seasonal.is_some()
    }

    /// The seasonal adjustment, when there is one.
    #[must_use]
    pub fn seasonal(&self) -> Option<&Seasonal> {
        self.seasonal.as_ref()
    }

    /// The fitted smoothing weight α.
    #[must_use]
    pub fn alpha(&self) -> f64 {
        self.params.alpha
    }

    /// The theta coefficient θ (2 for the standard variants).
    #[must_use]
    pub fn theta(&self) -> f64 {
        self.params.theta
    }

    /// The fitted initial level ℓ₀ (of the adjusted series, in the history's units).
    #[must_use]
    pub fn initial_level(&self) -> f64 {
        (self.params.initial_level * self.scale).clamp(f64::MIN, f64::MAX)
    }

    /// The in-sample criterion Σ_{t≥3} eₜ² / mean|y| that [`auto`] minimises (on the
    /// adjusted series; 0 for a constant history).
    #[must_use]
    pub fn criterion(&self) -> f64 {
        self.criterion
    }

    /// The standard deviation σ of the one-step errors (history's units).
    #[must_use]
    pub fn sigma(&self) -> f64 {
        (self.sigma * self.scale).min(f64::MAX)
    }
}

/// xᵀ P x.
fn quad(p: &[[f64; 4]; 4], x: &Vec4) -> f64 {
    bilinear(p, x, x)
}

/// xᵀ P y.
fn bilinear(p: &[[f64; 4]; 4], x: &Vec4, y: &Vec4) -> f64 {
    let mut s = 0.0;
    for r in 0..4 {
        for q in 0..4 {
            s += x[r] * p[r][q] * y[q];
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol * (1.0 + a.abs().max(b.abs()))
    }

    /// A monthly series with trend and multiplicative season (tourism-like).
    fn seasonal_series(n: usize) -> Vec<f64> {
        (0..n)
            .map(|t| {
                let season = [
                    0.8, 0.85, 0.95, 1.0, 1.1, 1.3, 1.4, 1.3, 1.05, 0.95, 0.7, 0.6,
                ][t % 12];
                let noise = ((t * 7919) % 13) as f64 - 6.0;
                (200.0 + 3.0 * t as f64 + noise * 4.0) * season
            })
            .collect()
    }

    #[test]
    fn ols_line_of_a_line_is_itself() {
        let y: Vec<f64> = (1..=10).map(|t| 3.0 + 2.0 * f64::from(t)).collect();
        let (a, b) = ols_line(&y);
        assert!(close(a, 3.0, 1e-12) && close(b, 2.0, 1e-12), "{a} {b}");
    }

    #[test]
    fn hand_computed_one_step_errors() {
        // STM on y = [1, 2, 3, 4] with ℓ₀ = 0.5, α = 0.5, θ = 2:
        // OLS line A = 0, B = 1; μ₀ = ℓ₀ + ½(A + B) = 1 → e₀ = 0.
        // ℓ after y₀ = 0.5·1 + 0.5·0.5 = 0.75.
        // μ₁ = 0.75 + ½(0·0.5 + 1·(1 − 0.25)/0.5) = 0.75 + 0.75 = 1.5 → e₁ = 0.5.
        // ℓ = 0.5·2 + 0.5·0.75 = 1.375; μ₂ = 1.375 + ½(1 − 0.125)/0.5 = 2.25 → e₂ = 0.75.
        // ℓ = 0.5·3 + 0.5·1.375 = 2.1875; μ₃ = 2.1875 + ½(1 − 0.0625)/0.5 = 3.125 → e₃ = 0.875.
        let y = [1.0, 2.0, 3.0, 4.0];
        let p = Params {
            initial_level: 0.5,
            alpha: 0.5,
            theta: 2.0,
        };
        let mut e = vec![0.0; 4];
        run(&y, ThetaVariant::Standard, p, ols_line(&y), |i, v| e[i] = v);
        for (got, want) in e.iter().zip([0.0, 0.5, 0.75, 0.875]) {
            assert!(close(*got, want, 1e-12), "{e:?}");
        }
        // Criterion: e₃² / mean|y| = 0.765625 / 2.5.
        let c = criterion(
            &y,
            ThetaVariant::Standard,
            p,
            ols_line(&y),
            2.5,
            &reciprocals(4),
        );
        assert!(close(c, 0.765_625 / 2.5, 1e-12));
    }

    #[test]
    fn nelder_mead_finds_a_bounded_quadratic_minimum() {
        let x = nelder_mead(
            |x: &[f64; 2]| (x[0] - 3.0).powi(2) + 10.0 * (x[1] - 0.5).powi(2),
            [1.0, 0.2],
            [-10.0, 0.1],
            [10.0, 0.99],
        );
        assert!(
            (x[0] - 3.0).abs() < 0.05 && (x[1] - 0.5).abs() < 0.05,
            "{x:?}"
        );
        // A minimum outside the box lands on the bound.
        let x = nelder_mead(
            |x: &[f64; 2]| (x[0] - 3.0).powi(2) + x[1],
            [1.0, 0.5],
            [-10.0, 0.1],
            [10.0, 0.99],
        );
        assert!((x[1] - 0.1).abs() < 1e-9, "{x:?}");
    }

    #[test]
    fn seasonal_indices_match_classical_decomposition() {
        // Pure multiplicative season on a flat level: the indices come back.
        let s = [0.5, 1.5, 1.2, 0.8];
        let y: Vec<f64> = (0..16).map(|t| 10.0 * s[t % 4]).collect();
        let idx = seasonal_indices(&y, 4, SeasonalKind::Multiplicative);
        for (a, b) in idx.iter().zip(s) {
            assert!(close(*a, b, 1e-12), "{idx:?}");
        }
        let add = seasonal_indices(&y, 4, SeasonalKind::Additive);
        for (a, b) in add.iter().zip(s) {
            assert!(close(*a, 10.0 * (b - 1.0), 1e-12), "{add:?}");
        }
    }

    #[test]
    fn seasonality_test_follows_statsforecast_rules() {
        let y = seasonal_series(48);
        assert!(is_seasonal(&y, 12));
        // n < 2m: no test.
        assert!(!is_seasonal(&y[..23], 12));
        // m < 4: never adjusted (statsforecast's rule).
        let alt: Vec<f64> = (0..40)
            .map(|t| if t % 2 == 0 { 10.0 } else { 1.0 })
            .collect();
        assert!(!is_seasonal(&alt, 2));
        // A straight line is not seasonal.
        let line: Vec<f64> = (0..48).map(f64::from).collect();
        assert!(!is_seasonal(&line, 12));
        // Constant: no variance, no test.
        assert!(!is_seasonal(&[5.0; 48], 12));
    }

    #[test]
    fn seasonal_series_is_adjusted_and_forecast_follows_the_season() {
        let y = seasonal_series(72);
        let model = fit(&y, 12, ThetaVariant::Standard).unwrap();
        assert!(model.seasonally_adjusted());
        assert_eq!(model.seasonal().unwrap().kind, SeasonalKind::Multiplicative);
        let f = model.predict(12, &[95.0]).unwrap();
        // July (index 6 of the season) is the peak, December the trough.
        let peak = f.point[6];
        let trough = f.point[11];
        assert!(peak > 1.8 * trough, "{:?}", f.point);
        // The true next-year values are around (200 + 3·78)·s: within 15 %.
        let truth = (200.0 + 3.0 * 78.0) * 1.4;
        assert!((peak / truth - 1.0).abs() < 0.15, "{peak} vs {truth}");
    }

    #[test]
    fn short_seasonal_history_is_not_adjusted() {
        let y = seasonal_series(20); // n < 2m
        let model = fit(&y, 12, ThetaVariant::Standard).unwrap();
        assert!(!model.seasonally_adjusted());
        let f = model.predict(24, &[80.0, 95.0]).unwrap();
        assert!(f.point.iter().all(|v| v.is_finite() && *v >= 0.0));
    }

    #[test]
    fn linear_trend_is_followed() {
        let y: Vec<f64> = (0..30).map(|t| 50.0 + 4.0 * f64::from(t)).collect();
        for model in [
            auto(&y, 1).unwrap(),
            fit(&y, 1, ThetaVariant::Standard).unwrap(),
        ] {
            let f = model.predict(5, &[]).unwrap();
            // STM damps the slope to half (θ = 2) plus level catch-up; the forecast
            // rises and stays within one slope-step per step of the true line.
            assert!(f.point.windows(2).all(|w| w[1] > w[0]), "{:?}", f.point);
            for (j, v) in f.point.iter().enumerate() {
                let truth = 50.0 + 4.0 * (30 + j) as f64;
                assert!(
                    (v - truth).abs() < 4.0 * (j + 2) as f64,
                    "{j}: {v} vs {truth}"
                );
            }
        }
    }

    #[test]
    fn auto_picks_the_smallest_criterion() {
        let y = seasonal_series(60);
        let best = auto(&y, 12).unwrap();
        for v in ThetaVariant::ALL {
            let one = fit(&y, 12, v).unwrap();
            assert!(best.criterion() <= one.criterion() + 1e-12, "{v:?}");
        }
    }

    #[test]
    fn intervals_widen_and_nest() {
        let y = seasonal_series(48);
        let f = auto(&y, 12).unwrap().predict(24, &[80.0, 95.0]).unwrap();
        let (i80, i95) = (&f.intervals[0], &f.intervals[1]);
        for j in 0..24 {
            assert!(i95.lo[j] <= i80.lo[j] && i80.lo[j] <= i80.hi[j] && i80.hi[j] <= i95.hi[j]);
        }
        // Width (relative to the season) grows with the horizon.
        let s = fit(&y, 1, ThetaVariant::Standard)
            .unwrap()
            .predict(24, &[80.0])
            .unwrap();
        let w: Vec<f64> = (0..24)
            .map(|j| s.intervals[0].hi[j] - s.intervals[0].lo[j])
            .collect();
        assert!(w[23] > w[0], "{w:?}");
    }

    #[test]
    fn interval_sd_matches_a_monte_carlo_of_the_simulation() {
        // Simulate statsforecast's sample paths with a simple LCG + Box–Muller and
        // compare the empirical standard deviation at steps 1, 6 and 12.
        let y = seasonal_series(40);
        let model = fit(&y, 1, ThetaVariant::Optimised).unwrap();
        let (_, centre, sd) = model.paths(12);
        let mut seed: u64 = 42;
        let mut uniform = || {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((seed >> 11) as f64 + 0.5) / (1u64 << 53) as f64
        };
        let paths = 20_000;
        let mut sums = [0.0; 12];
        let mut sq = [0.0; 12];
        let p = model.params;
        for _ in 0..paths {
            let mut s = model.last;
            for j in 0..12 {
                let i = model.n + j;
                let (u1, u2) = (uniform(), uniform());
                let z = (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos();
                let draw = p.mu(&s, i) + model.sigma * z;
                sums[j] += draw;
                sq[j] += draw * draw;
                s = advance(&s, i, p.alpha, draw, true, true);
            }
        }
        for j in [0, 5, 11] {
            let mean = sums[j] / paths as f64;
            let emp = (sq[j] / paths as f64 - mean * mean).sqrt();
            assert!(
                (emp / sd[j] - 1.0).abs() < 0.03,
                "step {j}: {emp} vs {}",
                sd[j]
            );
            assert!(
                (mean - centre[j]).abs() < 0.05 * sd[j],
                "step {j}: {mean} vs {}",
                centre[j]
            );
        }
    }

    #[test]
    fn too_short_and_bad_values_are_errors_with_words() {
        assert_eq!(
            fit(&[], 1, ThetaVariant::Standard),
            Err(ThetaError::TooShort { len: 0 })
        );
        for n in 1..=3 {
            let e = auto(&vec![1.0; n][..], 12).unwrap_err();
            assert_eq!(e, ThetaError::TooShort { len: n });
        }
        assert_eq!(
            ThetaError::TooShort { len: 3 }.to_string(),
            "Theta needs at least 4 periods of history and there are 3"
        );
        let e = auto(&[1.0, 2.0, f64::NAN, 4.0, 5.0], 1).unwrap_err();
        assert_eq!(
            e.to_string(),
            "value 3 of the history is not a finite number"
        );
        let m = auto(&[1.0, 2.0, 3.0, 5.0], 1).unwrap();
        assert_eq!(m.predict(2, &[100.0]), Err(ThetaError::Level(100.0)));
    }

    #[test]
    fn constant_history_gives_the_constant() {
        let m = auto(&[7.0; 30], 12).unwrap();
        let f = m.predict(3, &[95.0]).unwrap();
        assert_eq!(f.point, [7.0; 3]);
        assert_eq!(f.intervals[0].lo, [7.0; 3]);
        assert_eq!(f.intervals[0].hi, [7.0; 3]);
    }

    #[test]
    fn length_four_fits() {
        let m = auto(&[3.0, 5.0, 4.0, 6.0], 4).unwrap();
        let f = m.predict(4, &[80.0]).unwrap();
        assert!(f.point.iter().all(|v| v.is_finite()));
        assert!(!m.seasonally_adjusted());
    }

    #[test]
    fn huge_values_stay_finite_and_scale_exactly() {
        let y = seasonal_series(36);
        let base = fit(&y, 12, ThetaVariant::Standard)
            .unwrap()
            .predict(6, &[95.0])
            .unwrap();
        let big: Vec<f64> = y.iter().map(|v| v * 1e12).collect();
        let f = fit(&big, 12, ThetaVariant::Standard)
            .unwrap()
            .predict(6, &[95.0])
            .unwrap();
        for (a, b) in f.point.iter().zip(&base.point) {
            assert!(close(*a, b * 1e12, 1e-3), "{a} vs {}", b * 1e12);
        }
        let huge: Vec<f64> = y.iter().map(|v| v * 1e300).collect();
        let f = auto(&huge, 12).unwrap().predict(6, &[95.0]).unwrap();
        for v in f
            .point
            .iter()
            .chain(&f.intervals[0].lo)
            .chain(&f.intervals[0].hi)
        {
            assert!(v.is_finite());
        }
        let extreme = [f64::MAX, -f64::MAX, f64::MAX, 0.0, f64::MAX];
        let f = auto(&extreme, 1).unwrap().predict(3, &[95.0]).unwrap();
        for v in f
            .point
            .iter()
            .chain(&f.intervals[0].lo)
            .chain(&f.intervals[0].hi)
        {
            assert!(v.is_finite());
        }
    }

    #[test]
    fn non_negative_history_gives_non_negative_forecasts() {
        // A steep fall: the trend line would cross zero.
        let y: Vec<f64> = (0..20).map(|t| 100.0 - 5.0 * f64::from(t)).collect();
        let f = auto(&y, 1).unwrap().predict(20, &[95.0]).unwrap();
        assert!(f.point.iter().all(|v| *v >= 0.0));
        assert!(f.intervals[0].lo.iter().all(|v| *v >= 0.0));
        // With a negative value in the history, forecasts may go below zero.
        let mut neg = y;
        neg[0] = -1.0;
        let f = auto(&neg, 1).unwrap().predict(20, &[]).unwrap();
        assert!(f.point[19] < 0.0);
    }

    #[test]
    fn additive_adjustment_when_history_has_zeros() {
        let mut y = seasonal_series(48);
        y[5] = 0.0;
        let m = fit(&y, 12, ThetaVariant::Standard).unwrap();
        assert_eq!(m.seasonal().map(|s| s.kind), Some(SeasonalKind::Additive));
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn forecasts_are_finite_and_respect_sign(
            y in prop::collection::vec(0.0f64..1e6, 4..60),
            m in 1usize..13,
            h in 1usize..30,
        ) {
            let model = auto(&y, m).unwrap();
            let f = model.predict(h, &[80.0, 95.0]).unwrap();
            prop_assert_eq!(f.point.len(), h);
            for v in f.point.iter().chain(f.intervals.iter().flat_map(|i| i.lo.iter().chain(&i.hi))) {
                prop_assert!(v.is_finite());
                prop_assert!(*v >= 0.0);
            }
            for i in &f.intervals {
                for j in 0..h {
                    prop_assert!(i.lo[j] <= i.hi[j]);
                }
            }
        }

        #[test]
        fn any_finite_history_gives_finite_output(
            y in prop::collection::vec(-1e9f64..1e9, 4..40),
        ) {
            let f = auto(&y, 4).unwrap().predict(8, &[90.0]).unwrap();
            for v in f.point.iter().chain(&f.intervals[0].lo).chain(&f.intervals[0].hi) {
                prop_assert!(v.is_finite());
            }
        }
    }
}
