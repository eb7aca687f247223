//! The page's locale: how it writes numbers and dates, and how it reads numbers typed
//! into its fields.
//!
//! The locale is `?locale=xx-YY` when the address gives a valid one the browser knows,
//! else the first of the browser's languages (`navigator.languages`, then
//! `navigator.language`) that is valid, else `en-US`. It is decided once, at start-up
//! ([`start`]): the browser's own `Intl.NumberFormat` writes two sample numbers and
//! [`NumberStyle::from_parts`] reads the separators from its parts, so no hand-made table
//! of locales can go stale. `js_sys::Intl` comes with js-sys, already a dependency; this
//! module, the locale-aware writing in `format` and the typed-number reading together
//! added 3.5 KB gzipped to the first load (452.7 → 456.2 KB, measured with
//! `scripts/size-report.mjs`), where an ICU crate with locale data (`icu_decimal`)
//! would add hundreds of KB and still not know the browser's language.
//!
//! What stays locale-neutral, on purpose: period labels (`2026-03`, `2026-W05`, a daily
//! `2026-03-14`) are keys shared with the CSV exports, the document and the CLI, so the
//! page shows them as keys; exports (CSV, XLSX, the document) are machine-readable and
//! never follow the locale. Full dates that are not keys (when a workspace was kept) go
//! through [`date_time`].

use std::cell::RefCell;

use attune_engine::number::{parse_number, DecimalMark};
use wasm_bindgen::JsValue;

use crate::format::{self, NumberStyle};

/// What the page falls back to.
pub const DEFAULT: &str = "en-US";

/// A language tag as the address or the browser gives it, in its usual spelling
/// (`de-de` → `de-DE`, `zh_hant_tw` → `zh-Hant-TW`), when it is a plain language with
/// an optional script and region; `None` for anything else. Plain tags are always
/// structurally valid for `Intl`, which would otherwise throw on a bad one.
#[must_use]
pub fn valid_tag(text: &str) -> Option<String> {
    let mut parts = text.trim().split(['-', '_']);
    let language = parts.next()?;
    if !(2..=3).contains(&language.len()) || !language.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let mut tag = language.to_ascii_lowercase();
    let mut rest: Vec<&str> = parts.collect();
    if let Some(script) = rest
        .first()
        .filter(|s| s.len() == 4 && s.chars().all(|c| c.is_ascii_alphabetic()))
    {
        tag.push('-');
        tag.push_str(&script[..1].to_ascii_uppercase());
        tag.push_str(&script[1..].to_ascii_lowercase());
        rest.remove(0);
    }
    match rest.as_slice() {
        [] => {}
        [region]
            if region.len() == 2 && region.chars().all(|c| c.is_ascii_alphabetic())
                || region.len() == 3 && region.chars().all(|c| c.is_ascii_digit()) =>
        {
            tag.push('-');
            tag.push_str(&region.to_ascii_uppercase());
        }
        _ => return None,
    }
    Some(tag)
}

/// The locale to use: the requested one if valid and `known`, else the first valid and
/// known of the browser's, else [`DEFAULT`].
#[must_use]
pub fn choose(requested: Option<&str>, browser: &[String], known: impl Fn(&str) -> bool) -> String {
    requested
        .into_iter()
        .chain(browser.iter().map(String::as_str))
        .filter_map(valid_tag)
        .find(|tag| known(tag))
        .unwrap_or_else(|| DEFAULT.to_string())
}

/// Reads a number typed into a field: in the locale's decimal mark first (`2,5` in
/// de-DE), else with a decimal point as every locale has always been able to type it
/// (`2.5`). Where the two readings differ the locale's wins: `1.234` in de-DE is one
/// thousand two hundred thirty-four, the way the page writes it; in en-US a `,` only
/// ever groups thousands. Groups the page writes in lakhs and crores (`12,34,567` in
/// en-IN) read back too. `Ok(None)` for an empty field.
///
/// # Errors
/// When the text is a number under neither reading; the message is the engine's, for
/// the locale's mark.
pub fn read_typed(text: &str, style: NumberStyle) -> Result<Option<f64>, String> {
    let mark = style.decimal_mark();
    let ungrouped;
    let text = match style.group {
        // The engine reads groups of three; a locale that groups otherwise has its own
        // group mark taken out first (it is never its decimal mark).
        Some(g) if style.secondary != 3 && g != style.decimal => {
            ungrouped = text.replace(g, "");
            ungrouped.as_str()
        }
        _ => text,
    };
    match parse_number(text, mark) {
        Err(e) if mark != DecimalMark::Point => {
            parse_number(text, DecimalMark::Point).map_err(|_| e)
        }
        read => read,
    }
}

/// [`read_typed`] in the page's locale: the one function every field that takes a
/// number reads through.
///
/// # Errors
/// As [`read_typed`].
pub fn typed_number(text: &str) -> Result<Option<f64>, String> {
    read_typed(text, format::style())
}

/// A number written into a field for the planner to edit, so that it reads back as the
/// same number in this locale: every digit Rust keeps, no groups, the locale's decimal
/// mark (`0,125` in de-DE, where `0.125` would read back as 125).
#[must_use]
pub fn field_text_in(value: f64, mark: DecimalMark) -> String {
    let text = value.to_string();
    match mark {
        DecimalMark::Comma => text.replace('.', ","),
        DecimalMark::Point => text,
    }
}

/// [`field_text_in`] in the page's locale.
#[must_use]
pub fn field_text(value: f64) -> String {
    field_text_in(value, format::style().decimal_mark())
}

thread_local! {
    static TAG: RefCell<String> = RefCell::new(DEFAULT.to_string());
}

/// The page's locale tag, as [`start`] decided it (`en-US` before).
#[must_use]
pub fn tag() -> String {
    TAG.with(|t| t.borrow().clone())
}

fn get(object: &JsValue, key: &str) -> Option<String> {
    js_sys::Reflect::get(object, &JsValue::from_str(key))
        .ok()?
        .as_string()
}

fn set(object: &js_sys::Object, key: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(object, &JsValue::from_str(key), value);
}

/// Whether the browser's `Intl` knows `tag` without falling back to its default.
fn known(tag: &str) -> bool {
    let locales = js_sys::Array::of1(&JsValue::from_str(tag));
    js_sys::Intl::NumberFormat::supported_locales_of(&locales, &js_sys::Object::new()).length() > 0
}

/// The browser's languages, most preferred first.
fn browser_languages() -> Vec<String> {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        return Vec::new();
    };
    let mut list: Vec<String> = navigator
        .languages()
        .iter()
        .filter_map(|l| l.as_string())
        .collect();
    list.extend(navigator.language());
    list
}

/// The separators `Intl.NumberFormat` uses for `tag`.
fn intl_style(tag: &str) -> Option<NumberStyle> {
    let options = js_sys::Object::new();
    set(&options, "minimumFractionDigits", &JsValue::from_f64(1.0));
    set(&options, "maximumFractionDigits", &JsValue::from_f64(1.0));
    set(&options, "numberingSystem", &JsValue::from_str("latn"));
    let locales = js_sys::Array::of1(&JsValue::from_str(tag));
    let intl = js_sys::Intl::NumberFormat::new(&locales, &options);
    let parts = |value: f64| -> Vec<(String, String)> {
        intl.format_to_parts(value)
            .iter()
            .filter_map(|p| Some((get(&p, "type")?, get(&p, "value")?)))
            .collect()
    };
    let four_grouped = parts(1234.5).iter().any(|(kind, _)| kind == "group");
    NumberStyle::from_parts(&parts(12_345_678.5), four_grouped)
}

/// Decides the page's locale (see the module doc) from the address's `?locale=` and the
/// browser, sets the number style every figure is written in, and marks `<html lang>`.
/// Call once, before the first render; returns the tag.
pub fn start(requested: Option<&str>) -> String {
    let tag = choose(requested, &browser_languages(), known);
    format::set_style(intl_style(&tag).unwrap_or_default());
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("lang", &tag);
    }
    TAG.with(|t| t.replace(tag.clone()));
    tag
}

/// A moment (ISO 8601, as the page stores it) as a date and time in the page's locale
/// (`29 Nov 2026, 09:12` in en-GB, `29.11.2026, 09:12` in de-DE); `None` when the text
/// is not a date.
#[must_use]
pub fn date_time(iso: &str) -> Option<String> {
    let date = js_sys::Date::new(&JsValue::from_str(iso));
    if date.get_time().is_nan() {
        return None;
    }
    let options = js_sys::Object::new();
    set(&options, "dateStyle", &JsValue::from_str("medium"));
    set(&options, "timeStyle", &JsValue::from_str("short"));
    Some(date.to_locale_string(&tag(), &options).into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_checked_and_spelled_as_usual() {
        assert_eq!(valid_tag("de-DE").as_deref(), Some("de-DE"));
        assert_eq!(valid_tag("de-de").as_deref(), Some("de-DE"));
        assert_eq!(valid_tag("fr_fr").as_deref(), Some("fr-FR"));
        assert_eq!(valid_tag("en").as_deref(), Some("en"));
        assert_eq!(valid_tag("zh_hant_tw").as_deref(), Some("zh-Hant-TW"));
        assert_eq!(valid_tag("es-419").as_deref(), Some("es-419"));
        for bad in [
            "",
            "x",
            "german",
            "de-",
            "de-DE-x",
            "en-US-u-nu-arab",
            "12-DE",
            "de-D",
            "<script>",
            "de-DE;",
        ] {
            assert_eq!(valid_tag(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_address_wins_then_the_browser_then_en_us() {
        let browser = vec!["fr-FR".to_string(), "fr".to_string()];
        let all = |_: &str| true;
        assert_eq!(choose(Some("de-DE"), &browser, all), "de-DE");
        assert_eq!(choose(Some("nonsense"), &browser, all), "fr-FR");
        assert_eq!(choose(None, &browser, all), "fr-FR");
        assert_eq!(choose(None, &[], all), "en-US");
        // A tag the browser does not know falls through to the next.
        let only_fr = |t: &str| t == "fr";
        assert_eq!(choose(Some("de-DE"), &browser, only_fr), "fr");
        assert_eq!(choose(Some("de-DE"), &browser, |_| false), "en-US");
    }

    const DE: NumberStyle = NumberStyle {
        group: Some('.'),
        decimal: ',',
        secondary: 3,
        min_grouping: 1,
    };

    fn p(text: &str) -> Option<f64> {
        read_typed(text, NumberStyle::EN_US).ok().flatten()
    }
    fn c(text: &str) -> Option<f64> {
        read_typed(text, DE).ok().flatten()
    }

    #[test]
    fn a_decimal_point_locale_reads_as_before() {
        assert_eq!(p("2.5"), Some(2.5));
        assert_eq!(p("1,234.5"), Some(1234.5));
        assert_eq!(p("1,234"), Some(1234.0));
        assert_eq!(p("10%"), Some(0.1));
        // A comma in en-US only groups thousands: "2,5" is refused, not read as 2.5.
        assert_eq!(p("2,5"), None);
        assert_eq!(read_typed("", NumberStyle::EN_US), Ok(None));
    }

    #[test]
    fn a_decimal_comma_locale_reads_its_own_and_a_point() {
        assert_eq!(c("2,5"), Some(2.5));
        assert_eq!(c("1.234,5"), Some(1234.5));
        assert_eq!(c("1 234,5"), Some(1234.5));
        assert_eq!(c("1\u{202f}234,5"), Some(1234.5));
        assert_eq!(c("-2,5"), Some(-2.5));
        assert_eq!(c("+10%"), Some(0.1));
        assert_eq!(c("12,5%"), Some(0.125));
        // What every locale could always type still reads.
        assert_eq!(c("2.5"), Some(2.5));
        assert_eq!(c("1,234.5"), Some(1234.5));
        // Where the readings differ the locale's wins: this is how the page writes 1234.
        assert_eq!(c("1.234"), Some(1234.0));
        assert_eq!(c("1,234"), Some(1.234));
        assert_eq!(read_typed("", DE), Ok(None));
        let err = read_typed("2,5x", DE).unwrap_err();
        assert_eq!(err, "is not a number");
        assert!(read_typed("1.2.3,4.5", DE).is_err());
    }

    #[test]
    fn what_a_field_shows_reads_back_as_the_same_number() {
        for v in [0.125, 2.5, 1234.0, 1_234_567.891, -0.5, 0.0, 1e21, 97.5] {
            for style in [NumberStyle::EN_US, DE] {
                let text = field_text_in(v, style.decimal_mark());
                assert_eq!(read_typed(&text, style), Ok(Some(v)), "{text}");
            }
        }
        assert_eq!(field_text_in(0.125, DecimalMark::Comma), "0,125");
    }

    #[test]
    fn what_the_page_writes_reads_back_in_every_style() {
        let styles = [
            NumberStyle::EN_US,
            DE,
            NumberStyle {
                group: Some('\u{202f}'),
                decimal: ',',
                ..NumberStyle::EN_US
            },
            NumberStyle {
                group: Some('’'),
                ..NumberStyle::EN_US
            },
            NumberStyle {
                secondary: 2,
                ..NumberStyle::EN_US
            },
            NumberStyle {
                min_grouping: 2,
                ..DE
            },
        ];
        for style in styles {
            for v in [0.5, 12.0, 1234.5, 123_456.7, 12_345_678.9, -98_765.4] {
                let shown = format::quantity_in(v, style);
                assert_eq!(
                    read_typed(&shown, style),
                    Ok(Some(v)),
                    "{shown} in {style:?}"
                );
            }
        }
        let en_in = NumberStyle {
            secondary: 2,
            ..NumberStyle::EN_US
        };
        assert_eq!(read_typed("12,34,567.5", en_in), Ok(Some(1_234_567.5)));
    }

    #[test]
    fn typed_numbers_follow_the_page_style() {
        format::set_style(DE);
        assert_eq!(typed_number("2,5"), Ok(Some(2.5)));
        format::set_style(NumberStyle::EN_US);
        assert!(typed_number("2,5").is_err());
    }
}
