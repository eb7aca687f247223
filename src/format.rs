//! How numbers are written on the page: grouped thousands, at most one decimal, and a
//! dash for what does not exist. Presentation only; every value comes from the engine.

/// `1234.56` → `"1,234.6"`, `-5` → `"-5"`, `0.04` → `"0"`.
#[must_use]
pub fn quantity(value: f64) -> String {
    if !value.is_finite() {
        return "–".to_string();
    }
    let rounded = (value * 10.0).round() / 10.0;
    let negative = rounded < 0.0;
    let abs = rounded.abs();
    let whole = abs.trunc();
    let tenth = ((abs - whole) * 10.0).round();
    let digits = format!("{whole:.0}");
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if negative { "-" } else { "" };
    if tenth == 0.0 {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{tenth:.0}")
    }
}

/// Money to the cent: `4146580.5` → `"4,146,580.50"`.
#[must_use]
pub fn money(value: f64) -> String {
    if !value.is_finite() {
        return "–".to_string();
    }
    let cents = (value.abs() * 100.0).round();
    let whole = quantity((cents / 100.0).trunc());
    let sign = if value < 0.0 && cents > 0.0 { "-" } else { "" };
    format!("{sign}{whole}.{:02.0}", cents % 100.0)
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
    }
}
