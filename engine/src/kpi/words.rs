//! Numbers as a planner reads them in a sentence: `1,240`, `12.5`, `18 %`, `+3 %`.

/// A number with thousands grouped and at most two decimals: `1,240`, `12.5`, `1.5e15`.
#[must_use]
pub fn show(x: f64) -> String {
    if !x.is_finite() {
        return if x.is_nan() {
            "not a number"
        } else {
            "infinite"
        }
        .to_string();
    }
    if x.abs() >= 1e15 {
        return format!("{x:e}");
    }
    let rounded = (x * 100.0).round() / 100.0;
    let cents = (rounded.abs() * 100.0).round() as u64;
    let (whole, frac) = (cents / 100, cents % 100);
    let mut digits = whole.to_string();
    let mut grouped = String::new();
    while digits.len() > 3 {
        let tail = digits.split_off(digits.len() - 3);
        grouped = format!(",{tail}{grouped}");
    }
    let sign = if rounded < 0.0 && cents > 0 { "-" } else { "" };
    let mut out = format!("{sign}{digits}{grouped}");
    if frac > 0 {
        let f = format!(".{frac:02}");
        out.push_str(f.trim_end_matches('0'));
    }
    out
}

/// A percentage with one decimal at most: `18 %`, `96.5 %`.
#[must_use]
pub fn pct(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    let text = if r.fract() == 0.0 {
        format!("{}", r.trunc() as i64)
    } else {
        format!("{r:.1}")
    };
    format!("{text} %")
}

/// A percentage with its sign: `+3 %`, `-1.5 %`.
#[must_use]
pub fn signed_pct(x: f64) -> String {
    if (x * 10.0).round() > 0.0 {
        format!("+{}", pct(x))
    } else {
        pct(x)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_like_a_planner_writes_them() {
        assert_eq!(show(1240.0), "1,240");
        assert_eq!(show(4_146_580.5), "4,146,580.5");
        assert_eq!(show(0.25), "0.25");
        assert_eq!(show(-12.0), "-12");
        assert_eq!(show(999.999), "1,000");
        assert_eq!(show(-0.001), "0");
        assert_eq!(show(f64::INFINITY), "infinite");
        assert_eq!(pct(18.04), "18 %");
        assert_eq!(pct(96.46), "96.5 %");
        assert_eq!(pct(-0.0), "0 %");
        assert_eq!(signed_pct(3.0), "+3 %");
        assert_eq!(signed_pct(-1.5), "-1.5 %");
        assert_eq!(signed_pct(0.01), "0 %");
    }
}
