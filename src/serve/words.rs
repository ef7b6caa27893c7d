//! The error overlay's own words (its title, "help") and the warnings panel's (its title,
//! "close"), and the page shown before any build has succeeded: tebiki's own messages
//! (`serve-*` in `diagnostics/messages/<lang>.ftl`), in the language chosen for them
//! (`--messages`, `TEBIKI_MESSAGES`, the locale), like the diagnostics they frame, and
//! whatever the language of the page underneath.
//!
//! They reach the client as attributes of the injected `<script>` tag; without them
//! (tests) the client uses its English defaults.

use crate::diagnostics::{message, Lang};
use crate::markdown::escape_html;

/// The `data-title` / `data-help` / `data-warnings` / `data-dismiss` attributes to
/// inject, and the "no build yet" page.
#[derive(Debug, Default)]
pub struct OverlayWords {
    attributes: String,
    /// The language tag and text of the "no build yet" page.
    no_build: Option<(&'static str, String)>,
}

impl OverlayWords {
    pub fn new(lang: Lang) -> Self {
        let mut attributes = String::new();
        for (attribute, id) in [
            ("data-title", "serve-build-failed"),
            ("data-help", "serve-help"),
            ("data-warnings", "serve-warnings"),
            ("data-dismiss", "serve-dismiss"),
        ] {
            let text = message(lang, id, &[]);
            attributes.push_str(&format!(" {attribute}=\"{}\"", escape_html(&text)));
        }
        OverlayWords {
            attributes,
            no_build: Some((lang.tag(), message(lang, "serve-no-build", &[]))),
        }
    }

    /// The page served while no build has succeeded yet; the overlay lists what is wrong.
    pub fn no_build_page(&self) -> String {
        let (lang, text) = match &self.no_build {
            Some((lang, text)) => (*lang, text.as_str()),
            None => ("en", "The site did not build yet."),
        };
        format!(
            "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
             <title>tebiki</title></head><body><p>{}</p></body></html>",
            escape_html(text)
        )
    }

    /// The attributes to add to the client's `<script>` tag.
    pub fn attributes(&self) -> &str {
        &self.attributes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_words_follow_the_message_language() {
        let ja = OverlayWords::new(Lang::Ja);
        assert!(
            ja.attributes().contains("data-dismiss=\"閉じる\""),
            "{}",
            ja.attributes()
        );
        assert!(ja.no_build_page().contains("<html lang=\"ja\">"));
        let en = OverlayWords::new(Lang::En);
        assert!(
            en.attributes().contains("data-dismiss=\"Close\""),
            "{}",
            en.attributes()
        );
        assert!(en
            .attributes()
            .contains("data-title=\"The site did not build."));
    }
}
