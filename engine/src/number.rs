//! Quantities as planners type them: `1234.5`, `1,234.5`, `1.234,5`, `1 234,5`,
//! `1'234.5`, `$1,200`, `(300)`, `12%`.
//!
//! Whether `,` or `.` is the decimal mark is a property of the whole column, not of one
//! cell (`1,234` alone cannot tell), so [`decide_decimal_mark`] looks at every cell first
//! and [`parse_number`] then reads each cell under that choice, refusing cells that only
//! make sense under the other one, with a suggestion.

use serde::{Deserialize, Serialize};

/// The character that separates whole units from the fraction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum DecimalMark {
    /// `1,234.5`
    #[default]
    Point,
    /// `1.234,5`
    Comma,
}

impl DecimalMark {
    fn char(self) -> char {
        match self {
            Self::Point => '.',
            Self::Comma => ',',
        }
    }

    fn other(self) -> Self {
        match self {
            Self::Point => Self::Comma,
            Self::Comma => Self::Point,
        }
    }
}

/// Currency signs and codes that may stand before or after an amount.
const CURRENCY: [&str; 10] = ["$", "€", "£", "¥", "₹", "CHF", "USD", "EUR", "GBP", "kr"];

/// Characters that group thousands besides the non-decimal mark.
fn is_group_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\'' | '’')
}

/// Which decimal mark a cell points to, if it tells at all.
fn evidence(cell: &str) -> Option<DecimalMark> {
    let t = cell.trim();
    let last_point = t.rfind('.');
    let last_comma = t.rfind(',');
    let digits_after = |i: usize| t[i + 1..].chars().take_while(char::is_ascii_digit).count();
    match (last_point, last_comma) {
        (Some(p), Some(c)) => Some(if p > c {
            DecimalMark::Point
        } else {
            DecimalMark::Comma
        }),
        (Some(_), None) if t.matches('.').count() > 1 => Some(DecimalMark::Comma),
        (None, Some(_)) if t.matches(',').count() > 1 => Some(DecimalMark::Point),
        (Some(p), None) if digits_after(p) != 3 => Some(DecimalMark::Point),
        (None, Some(c)) if digits_after(c) != 3 => Some(DecimalMark::Comma),
        _ => None,
    }
}

/// Decides the decimal mark for a column from every cell in it: the mark most cells
/// clearly point to; `.` when none tells (`1,234` alone is read as one thousand two
/// hundred thirty-four).
#[must_use]
pub fn decide_decimal_mark<'a>(cells: impl IntoIterator<Item = &'a str>) -> DecimalMark {
    let (mut point, mut comma) = (0usize, 0usize);
    for cell in cells {
        match evidence(cell) {
            Some(DecimalMark::Point) => point += 1,
            Some(DecimalMark::Comma) => comma += 1,
            None => {}
        }
    }
    if comma > point {
        DecimalMark::Comma
    } else {
        DecimalMark::Point
    }
}

/// Checks that `int` is digits, optionally grouped in threes by one kind of separator.
fn ungroup(int: &str, group: char) -> Option<String> {
    let is_sep = |c: char| c == group || is_group_space(c);
    if !int.contains(is_sep) {
        return int
            .chars()
            .all(|c| c.is_ascii_digit())
            .then(|| int.to_string());
    }
    let groups: Vec<&str> = int.split(is_sep).collect();
    let first_ok = (1..=3).contains(&groups[0].len());
    let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
    let digits = groups.iter().all(|g| g.chars().all(|c| c.is_ascii_digit()));
    (first_ok && rest_ok && digits).then(|| groups.concat())
}

/// Reads one quantity under `mark`. `Ok(None)` for an empty cell; `Err` carries the
/// reason in words (to be prefixed by the cell's place and text).
///
/// # Errors
/// When the text is not a finite number under `mark`; the message suggests the other
/// mark when the cell reads under it.
pub fn parse_number(text: &str, mark: DecimalMark) -> Result<Option<f64>, String> {
    // Fast path for what most cells are: plain digits, with one decimal point at most.
    let bytes = text.as_bytes();
    if !bytes.is_empty() && bytes.len() <= 15 && bytes[0].is_ascii_digit() {
        let points = bytes.iter().filter(|b| **b == b'.').count();
        let plain = bytes.iter().all(|b| b.is_ascii_digit() || *b == b'.');
        if plain && (points == 0 || (points == 1 && mark == DecimalMark::Point)) {
            if let Ok(v) = text.parse::<f64>() {
                return Ok(Some(v));
            }
        }
    }
    let mut t: &str = text.trim().trim_matches(is_group_space);
    if t.is_empty() || t == "-" {
        return Ok(None);
    }
    let mut negative = false;
    if let Some(inner) = t.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        negative = true;
        t = inner.trim();
    }
    for sign in CURRENCY {
        if let Some(rest) = t.strip_prefix(sign) {
            t = rest.trim();
        } else if let Some(rest) = t.strip_suffix(sign) {
            t = rest.trim();
        }
    }
    // Sign before or after the currency sign ("-$5", "$-5"), or trailing ("5-", SAP style).
    if let Some(rest) = t.strip_prefix('-').or_else(|| t.strip_suffix('-')) {
        negative = !negative;
        t = rest.trim();
    } else if let Some(rest) = t.strip_prefix('+') {
        t = rest.trim();
    }
    for sign in CURRENCY {
        if let Some(rest) = t.strip_prefix(sign) {
            t = rest.trim();
        }
    }
    let percent = t.ends_with('%');
    if let Some(rest) = t.strip_suffix('%') {
        t = rest.trim();
    }

    let value = read_plain(t, mark).ok_or_else(|| {
        if read_plain(t, mark.other()).is_some() {
            format!(
                "is not a number with \"{}\" as the decimal mark — switch to \"{}\"?",
                mark.char(),
                mark.other().char()
            )
        } else if t.eq_ignore_ascii_case("nan") || t.to_ascii_lowercase().contains("inf") {
            "is not a usable quantity (not a finite number)".to_string()
        } else {
            "is not a number".to_string()
        }
    })?;
    let value = if percent { value / 100.0 } else { value };
    let value = if negative { -value } else { value };
    if !value.is_finite() {
        return Err("is too large to be a quantity".to_string());
    }
    // -0 reads as 0: a planner never means a signed zero.
    Ok(Some(if value == 0.0 { 0.0 } else { value }))
}

/// Digits with optional grouping, one decimal mark and an optional exponent.
fn read_plain(t: &str, mark: DecimalMark) -> Option<f64> {
    if t.is_empty() || !t.starts_with(|c: char| c.is_ascii_digit() || c == mark.char()) {
        return None;
    }
    let (mantissa, exponent) = match t.find(['e', 'E']) {
        Some(i) => (&t[..i], Some(&t[i + 1..])),
        None => (t, None),
    };
    let (int, frac) = match mantissa.split_once(mark.char()) {
        Some((i, f)) => (i, Some(f)),
        None => (mantissa, None),
    };
    let mut plain = if int.is_empty() {
        "0".to_string()
    } else {
        ungroup(int, mark.other().char())?
    };
    if let Some(f) = frac {
        if f.is_empty() && int.is_empty() || !f.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        plain.push('.');
        plain.push_str(f);
    }
    if let Some(e) = exponent {
        let digits = e.strip_prefix(['-', '+']).unwrap_or(e);
        if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        plain.push('e');
        plain.push_str(e);
    }
    plain.parse::<f64>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Option<f64> {
        parse_number(text, DecimalMark::Point).ok().flatten()
    }
    fn c(text: &str) -> Option<f64> {
        parse_number(text, DecimalMark::Comma).ok().flatten()
    }

    #[test]
    fn point_formats() {
        assert_eq!(p("1234.5"), Some(1234.5));
        assert_eq!(p("1,234.5"), Some(1234.5));
        assert_eq!(p("1'234.5"), Some(1234.5));
        assert_eq!(p("1 234"), Some(1234.0));
        assert_eq!(p("$1,200"), Some(1200.0));
        assert_eq!(p("(300)"), Some(-300.0));
        assert_eq!(p("-$5"), Some(-5.0));
        assert_eq!(p("5-"), Some(-5.0));
        assert_eq!(p("12%"), Some(0.12));
        assert_eq!(p(".5"), Some(0.5));
        assert_eq!(p("1e3"), Some(1000.0));
        assert_eq!(p("-0"), Some(0.0));
        assert!(p("-0").is_some_and(|v| v.is_sign_positive()));
    }

    #[test]
    fn comma_formats() {
        assert_eq!(c("1.234,5"), Some(1234.5));
        assert_eq!(c("1 234,5"), Some(1234.5));
        assert_eq!(c("1234,5"), Some(1234.5));
        assert_eq!(c("12,5 €"), Some(12.5));
    }

    #[test]
    fn empty_is_none_not_zero() {
        assert_eq!(parse_number("", DecimalMark::Point), Ok(None));
        assert_eq!(parse_number("  ", DecimalMark::Point), Ok(None));
    }

    #[test]
    fn wrong_mark_is_explained() {
        let err = parse_number("1.234,5", DecimalMark::Point).unwrap_err();
        assert!(err.contains("switch to \",\""), "{err}");
        let err = parse_number("12..5", DecimalMark::Point).unwrap_err();
        assert_eq!(err, "is not a number");
    }

    #[test]
    fn non_finite_refused() {
        for bad in ["NaN", "inf", "-inf", "1e999", "Infinity"] {
            assert!(parse_number(bad, DecimalMark::Point).is_err(), "{bad}");
        }
    }

    #[test]
    fn grouping_must_be_in_threes() {
        assert!(parse_number("1,23,4", DecimalMark::Point).is_err());
        assert!(parse_number("12,34.5", DecimalMark::Point).is_err());
    }

    #[test]
    fn column_decides_the_mark() {
        assert_eq!(
            decide_decimal_mark(["1,5", "2,25", "1.234,5"]),
            DecimalMark::Comma
        );
        assert_eq!(decide_decimal_mark(["1.5", "1,234"]), DecimalMark::Point);
        assert_eq!(decide_decimal_mark(["1,234", "2,000"]), DecimalMark::Point);
        assert_eq!(decide_decimal_mark(["1.234.567"]), DecimalMark::Comma);
    }
}
