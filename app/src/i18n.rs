//! The UI's translation table: every user-visible string, in `en`, `zh-Hans`, `ja` and `ko`.
//! A key is an enum variant, so a missing translation is a compile error, not a blank label.
//! `{}` in a text is filled by [`fill`].

use agentry_core::Locale;
use leptos::prelude::*;

macro_rules! texts {
    ($($key:ident => [$en:expr, $zh:expr, $ja:expr, $ko:expr]),* $(,)?) => {
        /// A user-visible text.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Key { $($key),* }

        impl Key {
            /// Every text, in table order.
            pub const ALL: &'static [Key] = &[$(Key::$key),*];

            /// This text in `locale`.
            pub fn text(self, locale: Locale) -> &'static str {
                match self {
                    $(Key::$key => match locale {
                        Locale::En => $en,
                        Locale::ZhHans => $zh,
                        Locale::Ja => $ja,
                        Locale::Ko => $ko,
                    }),*
                }
            }
        }
    };
}

include!("i18n_table.rs");

/// Replaces each `{}` in `template`, in order, with the next argument.
pub fn fill(template: &str, args: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    let mut args = args.iter();
    while let Some(at) = rest.find("{}") {
        out.push_str(&rest[..at]);
        out.push_str(args.next().copied().unwrap_or(""));
        rest = &rest[at + 2..];
    }
    out.push_str(rest);
    out
}

/// The current locale, shared by every component.
#[derive(Clone, Copy)]
pub struct I18n {
    /// The locale texts are shown in; changing it re-renders every text.
    pub locale: RwSignal<Locale>,
}

/// Makes `locale` the current locale for the component tree.
pub fn provide_i18n(locale: Locale) -> I18n {
    let i18n = I18n {
        locale: RwSignal::new(locale),
    };
    provide_context(i18n);
    i18n
}

/// The current locale context.
pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or_else(|| provide_i18n(Locale::En))
}

/// A reactive text for `key`: use it directly as a view child or attribute value.
pub fn t(key: Key) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let locale = use_i18n().locale;
    move || key.text(locale.get())
}

/// A reactive text for `key` with its `{}` placeholders filled by `args`.
pub fn t_with(key: Key, args: Vec<String>) -> impl Fn() -> String + Send + Sync + 'static {
    let locale = use_i18n().locale;
    move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        fill(key.text(locale.get()), &args)
    }
}

/// The text for `key` in the current locale, read once (for use inside reactive closures).
pub fn tr(key: Key) -> &'static str {
    key.text(use_i18n().locale.get())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_is_translated_with_the_same_placeholders() {
        // Identical in every language on purpose.
        let same_everywhere = [Key::AppName, Key::ComposioTitle];
        for &key in Key::ALL {
            let en = key.text(Locale::En);
            for locale in Locale::ALL {
                let text = key.text(locale);
                assert!(!text.trim().is_empty(), "{key:?} is empty in {locale:?}");
                assert_eq!(
                    text.matches("{}").count(),
                    en.matches("{}").count(),
                    "{key:?} has other placeholders in {locale:?}"
                );
                if locale != Locale::En && !same_everywhere.contains(&key) {
                    assert_ne!(text, en, "{key:?} is left in English in {locale:?}");
                }
            }
        }
    }

    #[test]
    fn fill_replaces_placeholders_in_order_and_tolerates_missing_arguments() {
        assert_eq!(fill("{} of {}", &["3", "5"]), "3 of 5");
        assert_eq!(fill("{} left", &[]), " left");
        assert_eq!(fill("no placeholders", &["x"]), "no placeholders");
    }
}
