//! How numbers are written on the page: grouped thousands, at most one decimal, and a
//! dash for what does not exist. Presentation only; every value comes from the engine.

/// `1234.56` → `"1,234.6"`, `-5` → `"-5"`, `0.04` → `"0"`.
#[must_use]
pub fn quantity(value: f64) -> String {
    let text = fixed(value, 1);
    text.strip_suffix(".0")
        .map_or_else(|| text.clone(), str::to_string)
}

/// Money to the cent: `4146580.5` → `"4,146,580.50"`.
#[must_use]
pub fn money(value: f64) -> String {
    fixed(value, 2)
}

/// `value` with `decimals` decimals (halves rounded away from zero, as a spreadsheet
/// does) and its thousands grouped; a dash for what is not a number; no minus sign on
/// what rounds to zero. Beyond 1e15 no decimal is significant, and the value is written
/// as it is rather than scaled (scaling overflows near 1e308).
fn fixed(value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return "–".to_string();
    }
    let abs = value.abs();
    let scale = 10f64.powi(i32::try_from(decimals).unwrap_or(0));
    let rounded = if abs < 1e15 {
        (abs * scale).round() / scale
    } else {
        abs
    };
    let text = format!("{:.*}", decimals, rounded);
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let mut out = String::with_capacity(text.len() + whole.len() / 3 + 1);
    if value < 0.0 && text.bytes().any(|b| (b'1'..=b'9').contains(&b)) {
        out.push('-');
    }
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if !fraction.is_empty() {
        out.push('.');
        out.push_str(fraction);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{money, quantity};

    #[test]
    fn money_has_cents() {
        assert_eq!(money(4_146_580.5), "4,146,580.50");
        assert_eq!(money(4_146_181.449_999), "4,146,181.45");
        assert_eq!(money(0.0), "0.00");
        assert_eq!(money(-12.345), "-12.35");
        assert_eq!(money(0.999), "1.00");
        assert_eq!(money(f64::INFINITY), "–");
    }

    #[test]
    fn groups_and_rounds() {
        assert_eq!(quantity(1234.56), "1,234.6");
        assert_eq!(quantity(1_000_000.0), "1,000,000");
        assert_eq!(quantity(999.96), "1,000");
        assert_eq!(quantity(-5.0), "-5");
        assert_eq!(quantity(-0.04), "0");
        assert_eq!(quantity(12.0), "12");
        assert_eq!(quantity(f64::NAN), "–");
        assert_eq!(quantity(0.05), "0.1");
    }

    #[test]
    fn the_largest_numbers_are_written_out() {
        // Near 1e308, multiplying by 10 to round would overflow to infinity.
        let q = quantity(1.5e308);
        assert!(q.starts_with("150,000,000,0") && !q.contains("inf") && !q.contains("NaN"));
        assert_eq!(q.len(), 309 + 102);
        let m = money(-f64::MAX);
        assert!(
            m.starts_with("-179,769,313,486,231,5") && m.ends_with(".00"),
            "{m}"
        );
    }
}
