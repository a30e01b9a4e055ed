//! The locales the UI is translated into, and how a request's `Accept-Language` picks one.

use serde::{Deserialize, Serialize};

/// A supported UI locale. The wire form is the BCP 47 tag (`en`, `zh-Hans`, `ja`, `ko`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Locale {
    /// English, the fallback.
    #[default]
    #[serde(rename = "en")]
    En,
    /// Simplified Chinese.
    #[serde(rename = "zh-Hans")]
    ZhHans,
    /// Japanese.
    #[serde(rename = "ja")]
    Ja,
    /// Korean.
    #[serde(rename = "ko")]
    Ko,
}

impl Locale {
    /// Every supported locale, in the order the switcher lists them.
    pub const ALL: [Locale; 4] = [Locale::En, Locale::ZhHans, Locale::Ja, Locale::Ko];

    /// The BCP 47 tag, as stored and sent on the wire.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::ZhHans => "zh-Hans",
            Locale::Ja => "ja",
            Locale::Ko => "ko",
        }
    }

    /// The locale's own name for itself, for the switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::ZhHans => "简体中文",
            Locale::Ja => "日本語",
            Locale::Ko => "한국어",
        }
    }

    /// Parses one language tag leniently (`zh-CN`, `zh_Hans`, `ja-JP`, `EN-us` all work).
    pub fn from_tag(raw: &str) -> Option<Locale> {
        let lower = raw.trim().to_ascii_lowercase().replace('_', "-");
        let primary = lower.split('-').next().unwrap_or("");
        match primary {
            "en" => Some(Locale::En),
            // Traditional Chinese has no table yet; Simplified is the closer fallback than English.
            "zh" => Some(Locale::ZhHans),
            "ja" => Some(Locale::Ja),
            "ko" => Some(Locale::Ko),
            _ => None,
        }
    }

    /// Picks the best supported locale from an `Accept-Language` header, honouring q-values.
    pub fn negotiate(accept_language: &str) -> Locale {
        let mut best: Option<(f32, usize, Locale)> = None;
        for (position, part) in accept_language.split(',').enumerate() {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or("").trim();
            let q = pieces
                .find_map(|p| {
                    p.trim()
                        .strip_prefix("q=")
                        .and_then(|v| v.parse::<f32>().ok())
                })
                .unwrap_or(1.0);
            if q <= 0.0 {
                continue;
            }
            if let Some(locale) = Locale::from_tag(tag) {
                let better = match best {
                    None => true,
                    Some((best_q, _, _)) => q > best_q,
                };
                if better {
                    best = Some((q, position, locale));
                }
            }
        }
        best.map(|(_, _, l)| l).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_highest_quality_supported_tag() {
        let cases = [
            ("", Locale::En),
            ("fr-FR,fr;q=0.9", Locale::En),
            ("ja-JP,ja;q=0.9,en;q=0.8", Locale::Ja),
            ("en;q=0.5, ko;q=0.9", Locale::Ko),
            ("zh-CN,zh;q=0.9", Locale::ZhHans),
            ("de, zh-Hans;q=0.3, ja;q=0", Locale::ZhHans),
        ];
        for (header, expected) in cases {
            assert_eq!(Locale::negotiate(header), expected, "header {header:?}");
        }
    }

    #[test]
    fn tags_round_trip_through_serde() {
        for locale in Locale::ALL {
            let json = serde_json::to_string(&locale).unwrap();
            assert_eq!(json, format!("\"{}\"", locale.tag()));
            assert_eq!(Locale::from_tag(locale.tag()), Some(locale));
        }
    }
}
