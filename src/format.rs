//! How numbers are written on the page: grouped thousands, at most one decimal, and a
//! dash for what does not exist. Presentation only; every value comes from the engine.
//!
//! The separators follow the page's locale ([`crate::locale`]): they are decided once at
//! start-up from the browser's own `Intl.NumberFormat` and kept here as a small
//! [`NumberStyle`], so writing a number stays plain Rust (tables of 10,000 rows are
//! rendered; a call into `Intl` per cell would cost a JS round trip each). Digits are
//! always Latin and the minus sign is ASCII `-`, so figures copy into a spreadsheet.
//! Grouping follows the locale's pattern: thousands (`4,146,580`), the Indian lakh and
//! crore (`41,46,580`), and no group in four-digit numbers where the locale says so
//! (`1234` in es-ES, `12 345` above).

use std::cell::Cell;

use attune_engine::number::DecimalMark;

/// The separators of a locale, as the page writes numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberStyle {
    /// Between groups of digits (`,` `.` narrow no-break space `’` …); `None` writes no
    /// groups at all.
    pub group: Option<char>,
    /// Between the whole units and the fraction (`.` or `,`).
    pub decimal: char,
    /// Digits in each group above the lowest three: 3, or 2 for the Indian lakh/crore.
    pub secondary: u8,
    /// Digits needed before the first separator for any grouping to happen: 1 writes
    /// `1,234`, 2 writes `1234` but `12.345` (CLDR's minimum grouping digits).
    pub min_grouping: u8,
}

impl NumberStyle {
    /// en-US, what the page writes when the browser says nothing: `4,146,580.50`.
    pub const EN_US: Self = Self {
        group: Some(','),
        decimal: '.',
        secondary: 3,
        min_grouping: 1,
    };

    /// The mark a typed number's fraction follows under this style.
    #[must_use]
    pub fn decimal_mark(self) -> DecimalMark {
        if self.decimal == ',' {
            DecimalMark::Comma
        } else {
            DecimalMark::Point
        }
    }

    /// The style `Intl.NumberFormat` shows in its parts (`(type, value)` pairs) for
    /// `12345678.5` written with one decimal, and whether `1234` came out grouped.
    /// `None` when the parts do not look like a decimal number (the page then keeps
    /// en-US rather than guess).
    #[must_use]
    pub fn from_parts(parts: &[(String, String)], four_digits_grouped: bool) -> Option<Self> {
        let one_char = |s: &str| {
            let mut chars = s.chars();
            chars.next().filter(|_| chars.next().is_none())
        };
        let mut decimal = None;
        let mut group = None;
        let mut integers = Vec::new();
        for (kind, value) in parts {
            match kind.as_str() {
                "integer" => integers.push(value.chars().count()),
                "group" => group = Some(one_char(value)?),
                "decimal" => decimal = Some(one_char(value)?),
                _ => {}
            }
        }
        // Only the two marks a typed number can be read back in (see `crate::locale`).
        let decimal = decimal.filter(|d| matches!(d, '.' | ','))?;
        if group.is_some_and(char::is_alphanumeric) || group == Some(decimal) || integers.is_empty()
        {
            return None;
        }
        // "1,23,45,678" → [1, 2, 2, 3]: the group above the lowest gives the secondary size.
        let secondary = match integers.len() {
            0 | 1 => 3,
            n => u8::try_from(integers[n - 2])
                .ok()
                .filter(|s| (1..=4).contains(s))?,
        };
        Some(Self {
            group,
            decimal,
            secondary,
            min_grouping: if four_digits_grouped { 1 } else { 2 },
        })
    }
}

impl Default for NumberStyle {
    fn default() -> Self {
        Self::EN_US
    }
}

thread_local! {
    /// The page's style, set once at start-up (wasm runs the page on one thread).
    static STYLE: Cell<NumberStyle> = const { Cell::new(NumberStyle::EN_US) };
}

/// Sets the style every later [`quantity`], [`money`] and [`fixed`] writes in.
pub fn set_style(style: NumberStyle) {
    STYLE.with(|s| s.set(style));
}

/// The page's style.
#[must_use]
pub fn style() -> NumberStyle {
    STYLE.with(Cell::get)
}

/// `1234.56` → `"1,234.6"`, `-5` → `"-5"`, `0.04` → `"0"`.
#[must_use]
pub fn quantity(value: f64) -> String {
    quantity_in(value, style())
}

/// Money to the cent: `4146580.5` → `"4,146,580.50"`.
#[must_use]
pub fn money(value: f64) -> String {
    fixed_in(value, 2, style())
}

/// `value` with exactly `decimals` decimals in the page's style: `fixed(0.8312, 2)` →
/// `"0.83"`.
#[must_use]
pub fn fixed(value: f64, decimals: usize) -> String {
    fixed_in(value, decimals, style())
}

/// A figure in words as the engine's `kpi::show` writes it, up to two decimals with
/// trailing zeros dropped, in the page's style: `97.5`, `1,234`, `0.25`.
#[must_use]
pub fn amount(value: f64) -> String {
    amount_in(value, style())
}

/// A percentage (already times 100) with one decimal at most: `96.5 %`, `18 %`.
#[must_use]
pub fn percent(value: f64) -> String {
    format!("{} %", quantity(value))
}

/// [`amount`] in a given style.
#[must_use]
pub fn amount_in(value: f64, style: NumberStyle) -> String {
    let mut text = fixed_in(value, 2, style);
    if let Some(at) = text.rfind(style.decimal) {
        let kept = text[at + style.decimal.len_utf8()..]
            .trim_end_matches('0')
            .len();
        text.truncate(if kept == 0 {
            at
        } else {
            at + style.decimal.len_utf8() + kept
        });
    }
    text
}

/// [`quantity`] in a given style: one decimal, dropped when it is zero.
#[must_use]
pub fn quantity_in(value: f64, style: NumberStyle) -> String {
    let mut text = fixed_in(value, 1, style);
    if text.ends_with('0') && text[..text.len() - 1].ends_with(style.decimal) {
        text.truncate(text.len() - 1 - style.decimal.len_utf8());
    }
    text
}

/// `value` with `decimals` decimals (halves rounded away from zero, as a spreadsheet
/// does) and its digits grouped as `style` says; a dash for what is not a number; no
/// minus sign on what rounds to zero. Beyond 1e15 no decimal is significant, and the
/// value is written as it is rather than scaled (scaling overflows near 1e308).
#[must_use]
pub fn fixed_in(value: f64, decimals: usize, style: NumberStyle) -> String {
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
    let mut out = String::with_capacity(text.len() + whole.len() / 2 + 4);
    if value < 0.0 && text.bytes().any(|b| (b'1'..=b'9').contains(&b)) {
        out.push('-');
    }
    let n = whole.len();
    let grouped = style
        .group
        .filter(|_| n >= 3 + usize::from(style.min_grouping));
    let secondary = usize::from(style.secondary.max(1));
    for (i, c) in whole.chars().enumerate() {
        let left = n - i; // digits from this one to the end
        if let Some(group) = grouped {
            if i > 0 && left >= 3 && (left - 3) % secondary == 0 {
                out.push(group);
            }
        }
        out.push(c);
    }
    if !fraction.is_empty() {
        out.push(style.decimal);
        out.push_str(fraction);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const DE_DE: NumberStyle = NumberStyle {
        group: Some('.'),
        ..NumberStyle::EN_US
    };
    const FR_FR: NumberStyle = NumberStyle {
        group: Some('\u{202f}'),
        decimal: ',',
        ..NumberStyle::EN_US
    };
    const DE_CH: NumberStyle = NumberStyle {
        group: Some('’'),
        ..NumberStyle::EN_US
    };
    const EN_IN: NumberStyle = NumberStyle {
        secondary: 2,
        ..NumberStyle::EN_US
    };
    const ES_ES: NumberStyle = NumberStyle {
        min_grouping: 2,
        ..DE_DE
    };

    fn de() -> NumberStyle {
        NumberStyle {
            decimal: ',',
            ..DE_DE
        }
    }

    fn es() -> NumberStyle {
        NumberStyle {
            decimal: ',',
            ..ES_ES
        }
    }

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
        assert_eq!(quantity(100.0), "100");
        assert_eq!(fixed(0.831_2, 2), "0.83");
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
        let m = fixed_in(-f64::MAX, 2, EN_IN);
        assert!(
            m.starts_with("-17,97,69,31,34") && m.ends_with(",368.00"),
            "{m}"
        );
    }

    #[test]
    fn german_groups_with_points_and_writes_a_decimal_comma() {
        assert_eq!(fixed_in(4_146_580.5, 2, de()), "4.146.580,50");
        assert_eq!(quantity_in(1234.56, de()), "1.234,6");
        assert_eq!(quantity_in(1234.0, de()), "1.234");
        assert_eq!(quantity_in(-0.5, de()), "-0,5");
        assert_eq!(quantity_in(10.0, de()), "10");
        assert_eq!(quantity_in(f64::NAN, de()), "–");
        assert_eq!(de().decimal_mark(), DecimalMark::Comma);
    }

    #[test]
    fn french_groups_with_a_narrow_no_break_space() {
        assert_eq!(
            fixed_in(4_146_580.5, 2, FR_FR),
            "4\u{202f}146\u{202f}580,50"
        );
        assert_eq!(quantity_in(999.96, FR_FR), "1\u{202f}000");
        assert_eq!(quantity_in(12.25, FR_FR), "12,3");
    }

    #[test]
    fn swiss_german_groups_with_an_apostrophe() {
        assert_eq!(fixed_in(4_146_580.5, 2, DE_CH), "4’146’580.50");
        assert_eq!(DE_CH.decimal_mark(), DecimalMark::Point);
    }

    #[test]
    fn indian_english_groups_lakhs_and_crores() {
        assert_eq!(fixed_in(4_146_580.5, 2, EN_IN), "41,46,580.50");
        assert_eq!(quantity_in(123_456_789.0, EN_IN), "12,34,56,789");
        assert_eq!(quantity_in(1234.0, EN_IN), "1,234");
        assert_eq!(quantity_in(123.0, EN_IN), "123");
    }

    #[test]
    fn spanish_leaves_four_digits_ungrouped() {
        assert_eq!(quantity_in(1234.0, es()), "1234");
        assert_eq!(quantity_in(12_345.0, es()), "12.345");
        assert_eq!(fixed_in(4_146_580.5, 2, es()), "4.146.580,50");
    }

    #[test]
    fn a_style_without_groups_writes_plain_digits() {
        let plain = NumberStyle {
            group: None,
            ..NumberStyle::EN_US
        };
        assert_eq!(fixed_in(4_146_580.5, 2, plain), "4146580.50");
    }

    fn parts(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
            .collect()
    }

    #[test]
    fn styles_are_read_from_intl_parts() {
        // What Chromium's Intl.NumberFormat gives for 12345678.5 in each locale.
        let de_parts = parts(&[
            ("integer", "12"),
            ("group", "."),
            ("integer", "345"),
            ("group", "."),
            ("integer", "678"),
            ("decimal", ","),
            ("fraction", "5"),
        ]);
        assert_eq!(NumberStyle::from_parts(&de_parts, true), Some(de()));
        assert_eq!(NumberStyle::from_parts(&de_parts, false), Some(es()));
        let in_parts = parts(&[
            ("integer", "1"),
            ("group", ","),
            ("integer", "23"),
            ("group", ","),
            ("integer", "45"),
            ("group", ","),
            ("integer", "678"),
            ("decimal", "."),
            ("fraction", "5"),
        ]);
        assert_eq!(NumberStyle::from_parts(&in_parts, true), Some(EN_IN));
        let fr_parts = parts(&[
            ("integer", "12"),
            ("group", "\u{202f}"),
            ("integer", "345"),
            ("group", "\u{202f}"),
            ("integer", "678"),
            ("decimal", ","),
            ("fraction", "5"),
        ]);
        assert_eq!(NumberStyle::from_parts(&fr_parts, true), Some(FR_FR));
        // Without grouping (a locale that writes none) the style keeps no group.
        let plain = parts(&[("integer", "12345678"), ("decimal", "."), ("fraction", "5")]);
        assert_eq!(
            NumberStyle::from_parts(&plain, false).map(|s| s.group),
            Some(None)
        );
        // Nonsense is refused, not guessed at.
        assert_eq!(NumberStyle::from_parts(&[], true), None);
        let odd = parts(&[("integer", "12"), ("group", ","), ("decimal", ",")]);
        assert_eq!(NumberStyle::from_parts(&odd, true), None);
        let long = parts(&[("integer", "1"), ("decimal", "dec")]);
        assert_eq!(NumberStyle::from_parts(&long, true), None);
        // A decimal mark no field could read back (Arabic's) keeps en-US.
        let arabic = parts(&[("integer", "12"), ("decimal", "\u{66b}"), ("fraction", "5")]);
        assert_eq!(NumberStyle::from_parts(&arabic, true), None);
    }

    #[test]
    fn amounts_keep_two_decimals_at_most_and_percentages_one() {
        assert_eq!(amount(97.5), "97.5");
        assert_eq!(amount(1234.0), "1,234");
        assert_eq!(amount(0.254), "0.25");
        assert_eq!(amount(-0.001), "0");
        assert_eq!(amount(10.0), "10");
        assert_eq!(amount_in(1234.5, de()), "1.234,5");
        assert_eq!(amount_in(0.25, FR_FR), "0,25");
        assert_eq!(percent(96.54), "96.5 %");
        assert_eq!(percent(100.0), "100 %");
        assert_eq!(percent(f64::NAN), "– %");
        for x in [0.0, 12.0, 96.5, 99.94, 14.55, -3.25] {
            assert_eq!(percent(x), attune_engine::kpi::pct(x), "{x}");
            assert_eq!(amount(x), attune_engine::kpi::show(x), "{x}");
        }
    }

    #[test]
    fn the_page_style_is_what_was_set() {
        set_style(de());
        assert_eq!(money(4_146_580.5), "4.146.580,50");
        set_style(NumberStyle::EN_US);
        assert_eq!(money(4_146_580.5), "4,146,580.50");
    }
}
