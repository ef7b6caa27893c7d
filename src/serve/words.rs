//! The error overlay's own words (its title, "help") and the warnings panel's
//! (`serve-warnings`, `serve-dismiss`), in the language of the page they cover, from the
//! site's `i18n/<lang>.ftl` (`serve-build-failed`, `serve-help`), and
//! the page shown before any build has succeeded (`serve-no-build`, default language).
//!
//! They reach the client as attributes of the injected `<script>` tag. A language whose
//! file lacks them, or a page tebiki cannot place, gets the client's English defaults.

use crate::config::Config;
use crate::i18n::Translations;
use crate::markdown::escape_html;

/// The `data-title` / `data-help` / `data-warnings` / `data-dismiss` attributes to
/// inject, per language code.
#[derive(Debug, Default)]
pub struct OverlayWords {
    by_lang: Vec<(String, String)>,
    /// The default language's index in `by_lang`: for pages without a known language
    /// (the "no build yet" page).
    default: usize,
    /// The default language's `serve-no-build` text, if it has one.
    no_build: Option<String>,
}

/// The "no build yet" text when the site's files do not have it.
const NO_BUILD_ENGLISH: &str =
    "The site did not build yet. Fix the problems listed above and save; this page reloads by itself.";

impl OverlayWords {
    pub fn new(config: &Config, translations: &Translations) -> Self {
        let by_lang: Vec<(String, String)> = config
            .languages
            .iter()
            .enumerate()
            .map(|(lang, language)| {
                let mut attributes = String::new();
                for (attribute, key) in [
                    ("data-title", "serve-build-failed"),
                    ("data-help", "serve-help"),
                    ("data-warnings", "serve-warnings"),
                    ("data-dismiss", "serve-dismiss"),
                ] {
                    if let Some(text) = translations.find(lang, key) {
                        attributes.push_str(&format!(" {attribute}=\"{}\"", escape_html(&text)));
                    }
                }
                (language.code.clone(), attributes)
            })
            .collect();
        OverlayWords {
            by_lang,
            default: config.default_language,
            no_build: translations.find(config.default_language, "serve-no-build"),
        }
    }

    /// The page served while no build has succeeded yet; the overlay lists what is wrong.
    pub fn no_build_page(&self) -> String {
        let site_lang = self
            .by_lang
            .get(self.default)
            .map(|(code, _)| code.as_str());
        let (lang, text) = match (site_lang, &self.no_build) {
            (Some(lang), Some(text)) => (lang, text.as_str()),
            _ => ("en", NO_BUILD_ENGLISH),
        };
        format!(
            "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\">\
             <title>tebiki</title></head><body><p>{}</p></body></html>",
            escape_html(lang),
            escape_html(text)
        )
    }

    /// The attributes for a page whose `<html lang>` is `lang` (`None`: not known).
    pub fn attributes(&self, lang: Option<&str>) -> &str {
        lang.and_then(|code| self.by_lang.iter().find(|(c, _)| c == code))
            .or_else(|| self.by_lang.get(self.default))
            .map_or("", |(_, a)| a.as_str())
    }
}

/// The `lang` attribute of the page's `<html>` tag, if it has one near the start.
pub fn html_lang(html: &[u8]) -> Option<&str> {
    let head = &html[..html.len().min(2048)];
    // The cut may fall inside a multi-byte character: keep the valid part.
    let text = match std::str::from_utf8(head) {
        Ok(text) => text,
        Err(e) => std::str::from_utf8(&head[..e.valid_up_to()]).ok()?,
    };
    let lower = text.to_ascii_lowercase();
    let tag_start = lower.find("<html")?;
    let tag_end = tag_start + lower[tag_start..].find('>')?;
    let tag = &lower[tag_start..tag_end];
    let at = tag.find(" lang=")? + " lang=".len();
    let value = &text[tag_start + at..tag_end];
    let value = match value.chars().next()? {
        quote @ ('"' | '\'') => value[1..].split(quote).next()?,
        _ => value.split([' ', '\t', '\n', '/']).next()?,
    };
    (!value.is_empty()).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::html_lang;

    #[test]
    fn finds_the_html_lang_attribute() {
        assert_eq!(
            html_lang(b"<!DOCTYPE html>\n<html lang=\"ja\">"),
            Some("ja")
        );
        assert_eq!(
            html_lang(b"<HTML class=x LANG='en-GB'><body>"),
            Some("en-GB")
        );
        assert_eq!(html_lang(b"<html lang=en><body>"), Some("en"));
        assert_eq!(html_lang(b"<html><body lang=\"ja\">"), None);
        assert_eq!(html_lang(b"<p>no html tag</p>"), None);
        assert_eq!(html_lang(b"<html lang=\"\">"), None);
    }
}
