//! The few statistical functions the engine needs, written out so the engine carries no
//! statistics crate: the standard normal CDF and its inverse.
//!
//! `norm_ppf` starts from Acklam's rational approximation (relative error < 1.2e-9) and
//! polishes it with Newton steps on the exact CDF (via `libm::erfc`), which brings it to
//! full double precision.

/// Standard normal cumulative distribution function Φ(x).
#[must_use]
pub fn norm_cdf(x: f64) -> f64 {
    0.5 * libm::erfc(-x / std::f64::consts::SQRT_2)
}

/// Standard normal density φ(x).
#[must_use]
pub fn norm_pdf(x: f64) -> f64 {
    (-0.5 * x * x).exp() / (2.0 * std::f64::consts::PI).sqrt()
}

/// Inverse of Φ: the x with Φ(x) = p. Returns ±∞ at p = 0 or 1 and NaN outside [0, 1];
/// callers pass levels already checked to lie strictly inside.
#[must_use]
pub fn norm_ppf(p: f64) -> f64 {
    if !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    if p == 0.0 {
        return f64::NEG_INFINITY;
    }
    if p >= 1.0 {
        return f64::INFINITY;
    }
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    const P_LOW: f64 = 0.02425;
    let tail = |q: f64| {
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    let mut x = if p < P_LOW {
        tail((-2.0 * p.ln()).sqrt())
    } else if p > 1.0 - P_LOW {
        -tail((-2.0 * (1.0 - p).ln()).sqrt())
    } else {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    };
    for _ in 0..3 {
        let density = norm_pdf(x);
        if density <= 0.0 {
            break;
        }
        x -= (norm_cdf(x) - p) / density;
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_quantiles() {
        let cases = [
            (0.5, 0.0),
            (0.9, 1.281_551_565_544_600_4),
            (0.975, 1.959_963_984_540_054),
            (0.995, 2.575_829_303_548_901),
            (0.05, -1.644_853_626_951_472_2),
            (0.001, -3.090_232_306_167_813_5),
        ];
        for (p, x) in cases {
            assert!(
                (norm_ppf(p) - x).abs() < 1e-12,
                "ppf({p}) = {} not {x}",
                norm_ppf(p)
            );
        }
    }

    #[test]
    fn cdf_inverts_ppf() {
        for i in 1..1000 {
            let p = f64::from(i) / 1000.0;
            assert!((norm_cdf(norm_ppf(p)) - p).abs() < 1e-14, "p = {p}");
        }
    }

    #[test]
    fn edges() {
        assert!(norm_ppf(-0.1).is_nan());
        assert_eq!(norm_ppf(0.0), f64::NEG_INFINITY);
        assert_eq!(norm_ppf(1.0), f64::INFINITY);
    }
}
