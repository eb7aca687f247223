//! How a consulting site embeds Attune: options read from the page's address.
//!
//! - `?embed=1` hides the masthead so the tool sits inside a host page's iframe;
//! - `?sample=NAME` loads one of the bundled samples (only those: the page never fetches
//!   anything a link names);
//! - `?theme=light|dark` overrides the system's colour scheme;
//! - `?step=data|forecast|capacity|plan` scrolls to that step;
//! - `?locale=de-DE` writes numbers and dates as that locale does (else the visitor's
//!   browser decides; see [`crate::locale`]);
//! - `?workshop=1` starts workshop mode (see [`crate::workshop`]) from `?sample=` or the
//!   family sample.

use crate::components::data::SAMPLES;

/// A colour scheme forced by the address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    /// Light.
    Light,
    /// Dark.
    Dark,
}

impl Theme {
    /// The value of the `data-theme` attribute.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Light => "light",
            Self::Dark => "dark",
        }
    }
}

/// The steps a link can open at, with their section ids.
pub const STEPS: [&str; 6] = [
    "data",
    "forecast",
    "capacity",
    "plan",
    "inventory",
    "dashboard",
];

/// What the address asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EmbedOptions {
    /// Hide the masthead.
    pub embed: bool,
    /// A bundled sample's file name.
    pub sample: Option<&'static str>,
    /// A forced colour scheme.
    pub theme: Option<Theme>,
    /// The step to scroll to (one of [`STEPS`]).
    pub step: Option<&'static str>,
    /// A locale tag, checked and spelled as usual (`de-DE`).
    pub locale: Option<String>,
    /// Start workshop mode.
    pub workshop: bool,
}

impl EmbedOptions {
    /// Reads a query string (`?embed=1&sample=…`, with or without the `?`). Unknown
    /// parameters and values are ignored; a sample may be named with or without its
    /// extension.
    #[must_use]
    pub fn from_query(query: &str) -> Self {
        let mut options = Self::default();
        for pair in query.trim_start_matches('?').split('&') {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            match key {
                "embed" => options.embed = matches!(value, "1" | "true" | "yes"),
                "sample" => {
                    options.sample = SAMPLES
                        .iter()
                        .map(|(file, _)| *file)
                        .find(|file| *file == value || file.split('.').next() == Some(value));
                }
                "theme" => {
                    options.theme = match value {
                        "light" => Some(Theme::Light),
                        "dark" => Some(Theme::Dark),
                        _ => None,
                    };
                }
                "step" => options.step = STEPS.iter().copied().find(|s| *s == value),
                "locale" => options.locale = crate::locale::valid_tag(value),
                "workshop" => options.workshop = matches!(value, "1" | "true" | "yes"),
                _ => {}
            }
        }
        options
    }
}

impl EmbedOptions {
    /// The sample a workshop opened by the address starts from: `?sample=` or the
    /// family sample; `None` without `?workshop=1`.
    #[must_use]
    pub fn workshop_sample(&self) -> Option<&'static str> {
        self.workshop
            .then(|| self.sample.unwrap_or(crate::workshop::DEFAULT_SAMPLE))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workshop_starts_from_the_named_sample_or_the_family_one() {
        assert_eq!(EmbedOptions::from_query("?embed=1").workshop_sample(), None);
        let o = EmbedOptions::from_query("?workshop=1&embed=1");
        assert!(o.workshop && o.embed);
        assert_eq!(o.workshop_sample(), Some("family_monthly.csv"));
        assert_eq!(
            EmbedOptions::from_query("workshop=yes&sample=spares_weekly").workshop_sample(),
            Some("spares_weekly.tsv")
        );
        assert!(!EmbedOptions::from_query("workshop=0").workshop);
    }

    #[test]
    fn reads_every_option_and_ignores_the_rest() {
        let o = EmbedOptions::from_query("?embed=1&sample=spares_weekly&theme=dark&step=plan&x=y");
        assert_eq!(
            o,
            EmbedOptions {
                embed: true,
                sample: Some("spares_weekly.tsv"),
                theme: Some(Theme::Dark),
                step: Some("plan"),
                ..EmbedOptions::default()
            }
        );
        assert_eq!(EmbedOptions::from_query(""), EmbedOptions::default());
        // Only bundled samples: a link cannot make the page fetch anything else.
        let o = EmbedOptions::from_query("sample=../../etc/passwd&theme=pink&step=evil&embed=0");
        assert_eq!(o, EmbedOptions::default());
        assert_eq!(
            EmbedOptions::from_query("sample=family_monthly.csv").sample,
            Some("family_monthly.csv")
        );
        assert_eq!(
            EmbedOptions::from_query("step=dashboard").step,
            Some("dashboard")
        );
    }

    #[test]
    fn reads_a_locale_and_refuses_what_is_not_one() {
        let o = EmbedOptions::from_query("?embed=1&locale=de-de");
        assert_eq!(o.locale.as_deref(), Some("de-DE"));
        assert!(o.embed);
        assert_eq!(
            EmbedOptions::from_query("locale=fr_FR").locale.as_deref(),
            Some("fr-FR")
        );
        for bad in [
            "locale=",
            "locale=%3Cb%3E",
            "locale=de-DE-x-evil",
            "locale=german",
        ] {
            assert_eq!(EmbedOptions::from_query(bad).locale, None, "{bad}");
        }
    }
}
