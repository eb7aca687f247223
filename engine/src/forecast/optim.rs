//! A bounded Nelder–Mead minimiser for the forecasting methods' parameter fits.
//!
//! Smoothing models (ETS now, others later) are fitted by minimising a likelihood over a
//! handful of smoothing parameters and initial states. The likelihood is cheap but not
//! smooth everywhere (it jumps to +∞ outside the admissible region), so a derivative-free
//! simplex search is the usual tool: R's `forecast::ets` uses `optim`'s Nelder–Mead and
//! statsforecast its own. This one follows statsforecast's variant so that fits can be
//! compared with it: an initial simplex made by stretching each coordinate by 5 %, the
//! adaptive coefficients of Gao & Han (2012), every trial point clamped into the box
//! `[lower, upper]`, and a stop when the spread of the simplex values falls below a
//! tolerance or the iteration budget is spent.
//!
//! The minimiser allocates its simplex once per call; the objective is called with a
//! borrowed slice, so an objective that reuses its own scratch space allocates nothing per
//! evaluation.

/// Settings of [`nelder_mead`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NelderMead {
    /// Relative step of the initial simplex along each coordinate (0.05 = 5 %).
    pub init_step: f64,
    /// The step used instead for a coordinate that starts at exactly 0.
    pub zero_pert: f64,
    /// Iteration budget.
    pub max_iter: usize,
    /// Stop when the (population) standard deviation of the simplex values is below this.
    pub tol_std: f64,
    /// Use the dimension-dependent coefficients of Gao & Han (2012), which behave better
    /// than the classic ones beyond a few dimensions.
    pub adaptive: bool,
    /// When set, the initial simplex steps every coordinate by this much instead (going
    /// down rather than up where up would leave the box): for parameters in (0, 1) whose
    /// start is near 0, where a relative step is too small to explore.
    pub abs_step: Option<f64>,
}

impl Default for NelderMead {
    fn default() -> Self {
        Self {
            init_step: 0.05,
            zero_pert: 1e-4,
            max_iter: 1_000,
            tol_std: 1e-4,
            adaptive: true,
            abs_step: None,
        }
    }
}

/// The best point found by [`nelder_mead`].
#[derive(Debug, Clone, PartialEq)]
pub struct Minimum {
    /// The point.
    pub x: Vec<f64>,
    /// The objective there (may be +∞ when no finite point was found).
    pub value: f64,
    /// Iterations used.
    pub iterations: usize,
}

/// Minimises `f` from `x0`, keeping every trial point inside `[lower, upper]`
/// (use ±∞ for an unbounded coordinate).
///
/// A NaN objective value is treated as +∞. `lower` and `upper` shorter than `x0` leave the
/// remaining coordinates unbounded. With an empty `x0` the objective is evaluated once.
pub fn nelder_mead<F>(mut f: F, x0: &[f64], lower: &[f64], upper: &[f64], s: NelderMead) -> Minimum
where
    F: FnMut(&[f64]) -> f64,
{
    let n = x0.len();
    let lo = |i: usize| lower.get(i).copied().unwrap_or(f64::NEG_INFINITY);
    let hi = |i: usize| upper.get(i).copied().unwrap_or(f64::INFINITY);
    let clamp = |x: &mut [f64]| {
        for (i, v) in x.iter_mut().enumerate() {
            // `max` then `min` rather than `clamp`: never panics on lo > hi.
            *v = v.max(lo(i)).min(hi(i));
        }
    };
    let mut eval = |x: &[f64]| {
        let v = f(x);
        if v.is_nan() {
            f64::INFINITY
        } else {
            v
        }
    };
    if n == 0 {
        let value = eval(x0);
        return Minimum {
            x: Vec::new(),
            value,
            iterations: 0,
        };
    }
    let nf = n as f64;
    let (alpha, gamma, rho, sigma) = if s.adaptive {
        (1.0, 1.0 + 2.0 / nf, 0.75 - 1.0 / (2.0 * nf), 1.0 - 1.0 / nf)
    } else {
        (1.0, 2.0, 0.5, 0.5)
    };

    // Row-major simplex: vertex j is simplex[j*n .. (j+1)*n].
    let mut simplex = vec![0.0; (n + 1) * n];
    let mut start = x0.to_vec();
    clamp(&mut start);
    for j in 0..=n {
        simplex[j * n..(j + 1) * n].copy_from_slice(&start);
    }
    for i in 0..n {
        let v = simplex[i * n + i];
        let v = match s.abs_step {
            Some(step) if v + step > hi(i) => v - step,
            Some(step) => v + step,
            None if v == 0.0 => s.zero_pert,
            None => v * (1.0 + s.init_step),
        };
        simplex[i * n + i] = v.max(lo(i)).min(hi(i));
    }
    let mut values = vec![0.0; n + 1];
    for j in 0..=n {
        values[j] = eval(&simplex[j * n..(j + 1) * n]);
    }
    let mut centroid = vec![0.0; n];
    let mut xr = vec![0.0; n];
    let mut xt = vec![0.0; n];
    let mut iterations = 0;
    let mut best = 0;
    while iterations < s.max_iter {
        if spread(&values) < s.tol_std {
            break;
        }
        iterations += 1;
        let (b, worst, second) = ranks(&values);
        best = b;
        // Centroid of all vertices but the worst.
        centroid.fill(0.0);
        for j in (0..=n).filter(|&j| j != worst) {
            for (c, v) in centroid.iter_mut().zip(&simplex[j * n..(j + 1) * n]) {
                *c += v;
            }
        }
        for c in &mut centroid {
            *c /= nf;
        }
        let w = worst * n;
        for i in 0..n {
            xr[i] = centroid[i] + alpha * (centroid[i] - simplex[w + i]);
        }
        clamp(&mut xr);
        let fr = eval(&xr);
        if values[best] <= fr && fr < values[second] {
            simplex[w..w + n].copy_from_slice(&xr);
            values[worst] = fr;
            continue;
        }
        if fr < values[best] {
            for i in 0..n {
                xt[i] = centroid[i] + gamma * (xr[i] - centroid[i]);
            }
            clamp(&mut xt);
            let fe = eval(&xt);
            if fe < fr {
                simplex[w..w + n].copy_from_slice(&xt);
                values[worst] = fe;
            } else {
                simplex[w..w + n].copy_from_slice(&xr);
                values[worst] = fr;
            }
            continue;
        }
        if values[second] <= fr && fr < values[worst] {
            // Outside contraction.
            for i in 0..n {
                xt[i] = centroid[i] + rho * (xr[i] - centroid[i]);
            }
            clamp(&mut xt);
            let fc = eval(&xt);
            if fc <= fr {
                simplex[w..w + n].copy_from_slice(&xt);
                values[worst] = fc;
                continue;
            }
        } else {
            // Inside contraction.
            for i in 0..n {
                xt[i] = centroid[i] - rho * (xr[i] - centroid[i]);
            }
            clamp(&mut xt);
            let fc = eval(&xt);
            if fc < values[worst] {
                simplex[w..w + n].copy_from_slice(&xt);
                values[worst] = fc;
                continue;
            }
        }
        // Shrink every vertex towards the best.
        let bo = best * n;
        for j in (0..=n).filter(|&j| j != best) {
            for i in 0..n {
                let v = simplex[bo + i] + sigma * (simplex[j * n + i] - simplex[bo + i]);
                xt[i] = v;
            }
            clamp(&mut xt);
            simplex[j * n..(j + 1) * n].copy_from_slice(&xt);
            values[j] = eval(&xt);
        }
    }
    // The best vertex of the final simplex.
    for j in 0..=n {
        if values[j] < values[best] {
            best = j;
        }
    }
    Minimum {
        x: simplex[best * n..(best + 1) * n].to_vec(),
        value: values[best],
        iterations,
    }
}

/// Population standard deviation of the simplex values; +∞ when any is infinite (the
/// simplex has not settled), 0 when all are the same infinity.
fn spread(values: &[f64]) -> f64 {
    let first = values[0];
    if values.iter().all(|v| *v == first) {
        return 0.0;
    }
    if values.iter().any(|v| !v.is_finite()) {
        return f64::INFINITY;
    }
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n).sqrt()
}

/// Indices of the best, worst and second-worst values (ties broken by position).
fn ranks(values: &[f64]) -> (usize, usize, usize) {
    let mut best = 0;
    let mut worst = 0;
    for (j, v) in values.iter().enumerate() {
        if *v < values[best] {
            best = j;
        }
        if *v >= values[worst] {
            worst = j;
        }
    }
    let mut second = usize::from(worst == 0);
    for (j, v) in values.iter().enumerate() {
        if j != worst && *v >= values[second] {
            second = j;
        }
    }
    (best, worst, second)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_minimum_of_a_quadratic() {
        let m = nelder_mead(
            |x| (x[0] - 1.0).powi(2) + 10.0 * (x[1] + 2.0).powi(2),
            &[0.5, 0.5],
            &[],
            &[],
            NelderMead {
                tol_std: 1e-14,
                ..NelderMead::default()
            },
        );
        assert!((m.x[0] - 1.0).abs() < 1e-4, "{m:?}");
        assert!((m.x[1] + 2.0).abs() < 1e-4, "{m:?}");
    }

    #[test]
    fn stays_inside_the_box() {
        let m = nelder_mead(
            |x| (x[0] - 5.0).powi(2),
            &[0.5],
            &[0.0],
            &[1.0],
            NelderMead::default(),
        );
        assert!((m.x[0] - 1.0).abs() < 1e-6, "{m:?}");
    }

    #[test]
    fn nan_is_treated_as_infinity_and_empty_input_is_fine() {
        let m = nelder_mead(
            |x| if x[0] > 2.0 { f64::NAN } else { -x[0] },
            &[1.0],
            &[],
            &[],
            NelderMead::default(),
        );
        assert!(m.value.is_finite() && m.x[0] <= 2.0);
        let e = nelder_mead(|_| 3.0, &[], &[], &[], NelderMead::default());
        assert_eq!((e.value, e.iterations), (3.0, 0));
    }
}
