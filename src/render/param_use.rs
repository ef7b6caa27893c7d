//! Whether the site uses a parameter anywhere: in a page, a snippet or a template. Asked
//! only when a page names an unknown `{{ parameter }}` and a `site.toml` key is close to
//! it ([`crate::markdown::ParamHints`]): an unused key that is one letter away from a
//! name the pages use is the typo. Each name is looked up once per build (the answers are
//! kept), so a typo repeated on many pages costs one pass over the texts.

use std::collections::HashMap;
use std::sync::Mutex;

use super::templates::Theme;
use crate::config::Config;
use crate::contain::Fence;
use crate::load::Site;

/// The site's texts, searched on demand.
pub(super) struct ParamUse<'a> {
    site: &'a Site,
    /// Reads the bodies the load left on disk.
    fence: Fence,
    theme: &'a Theme,
    languages: usize,
    known: Mutex<HashMap<String, bool>>,
}

impl<'a> ParamUse<'a> {
    pub(super) fn new(config: &Config, site: &'a Site, theme: &'a Theme) -> Self {
        ParamUse {
            site,
            fence: config.fence(),
            theme,
            languages: config.languages.len(),
            known: Mutex::new(HashMap::new()),
        }
    }

    /// Whether any page, snippet or template mentions `name` as a whole word
    /// (`{{ name }}`, `if=name`, `site.params.name`).
    pub(super) fn is_used(&self, name: &str) -> bool {
        let known = self.known.lock().ok().and_then(|k| k.get(name).copied());
        if let Some(used) = known {
            return used;
        }
        // A page whose body the load left on disk is read again (rarely: a typo).
        let in_pages = self
            .site
            .pages
            .iter()
            .any(|p| match p.with_body(&self.fence) {
                Ok(page) => mentions(&page.text, name),
                Err(_) => mentions(&p.text, name),
            });
        let mut snippets = (0..self.languages)
            .flat_map(|lang| self.site.snippets.of_language(lang))
            .map(|s| s.text.as_str());
        let used = in_pages
            || snippets.any(|text| mentions(text, name))
            || self.theme.sources().any(|text| mentions(text, name));
        if let Ok(mut known) = self.known.lock() {
            known.insert(name.to_string(), used);
        }
        used
    }
}

/// Whether `text` holds `name` with no name character right before or after it.
fn mentions(text: &str, name: &str) -> bool {
    let is_name_char = |c: char| c.is_alphanumeric() || c == '_' || c == '-';
    text.match_indices(name).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + name.len()..].chars().next();
        !before.is_some_and(is_name_char) && !after.is_some_and(is_name_char)
    })
}

#[cfg(test)]
mod tests {
    use super::mentions;

    #[test]
    fn whole_words_only() {
        assert!(mentions("電話 {{ support_phone }}", "support_phone"));
        assert!(mentions("::: method {if=hardware_token}", "hardware_token"));
        assert!(mentions("{{ site.params.logo_alt }}", "logo_alt"));
        assert!(!mentions("{{ support_phone2 }}", "support_phone"));
        assert!(!mentions("my_support_phone", "support_phone"));
        assert!(!mentions("", "support_phone"));
    }
}
