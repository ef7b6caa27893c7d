//! Tera functions available to templates, bound to one language at a time.
//!
//! - `t(key="nav-next", done=2, total=3)`: the UI string `key` from `i18n/<lang>.ftl`,
//!   with Fluent arguments and plural rules. `lang="en"` picks another language.
//! - `qr_code(text=page.permalink)`: an inline SVG QR code (safe HTML).
//! - `pages()`: this language's pages (`title`, `url`, `key`, `step`, `weight`), ordered
//!   by weight then path. Computed once per language before the pages render.
//! - `cached_include(name="partials/footer.html")`: that template rendered once per
//!   language with only `site` in its context, then reused on every page (for partials
//!   that are the same on every page, like a footer).
//! - the filter `phrase_breaks`: text, escaped, with `<wbr>` between Japanese phrases.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde_json::Value;
use tera::Function;

use super::qr::QrEncoder;
use crate::i18n::{fluent_args, Translations};

/// `t(key=…, …)`.
pub struct Translate {
    pub translations: Arc<Translations>,
    pub lang: usize,
    /// Language codes by index, to resolve `lang="…"`.
    pub codes: Vec<String>,
}

impl Function for Translate {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let key = args
            .get("key")
            .and_then(Value::as_str)
            .ok_or("t() needs key=\"…\", e.g. t(key=\"nav-next\")")?;
        let lang = match args.get("lang").and_then(Value::as_str) {
            Some(code) => self
                .codes
                .iter()
                .position(|c| c == code)
                .ok_or_else(|| format!("t(): unknown language '{code}'"))?,
            None => self.lang,
        };
        let rest = args
            .iter()
            .filter(|(k, _)| *k != "key" && *k != "lang")
            .map(|(k, v)| (k.as_str(), v));
        let fluent = fluent_args(rest);
        let fluent = fluent.iter().next().is_some().then_some(&fluent);
        Ok(Value::String(self.translations.get(lang, key, fluent)))
    }

    fn is_safe(&self) -> bool {
        false
    }
}

/// `qr_code(text=…)`.
#[derive(Default)]
pub struct QrCode {
    encoder: QrEncoder,
}

impl Function for QrCode {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let text = args
            .get("text")
            .and_then(Value::as_str)
            .ok_or("qr_code() needs text=\"…\"")?;
        Ok(Value::String(
            self.encoder
                .svg(text)
                .map_err(|e| format!("qr_code(): {e}"))?,
        ))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// `pages()`.
pub struct Pages {
    pub pages: Value,
}

impl Function for Pages {
    fn call(&self, _args: &HashMap<String, Value>) -> tera::Result<Value> {
        Ok(self.pages.clone())
    }

    fn is_safe(&self) -> bool {
        false
    }
}

/// `cached_include(name=…)`.
pub struct CachedInclude {
    /// The language's Tera, without this function (a cached partial cannot nest another).
    pub tera: Arc<tera::Tera>,
    /// `site` for this language.
    pub context: tera::Context,
    pub rendered: Mutex<HashMap<String, String>>,
}

impl Function for CachedInclude {
    /// `cached_include(name=…)`, optionally with `key=…` (the partial is rendered once per
    /// distinct key, which it sees as `key`) and `current=URL` (every `href="URL"` in the
    /// result gets `aria-current="page"`, so one rendering serves every page of a guide).
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let name = args.get("name").and_then(Value::as_str).ok_or(
            "cached_include() needs name=\"…\", e.g. cached_include(name=\"partials/footer.html\")",
        )?;
        let key = args.get("key").and_then(Value::as_str).unwrap_or("");
        let slot = format!("{name}\u{0}{key}");
        let known = self.lock().get(&slot).cloned();
        let html = match known {
            Some(html) => html,
            None => {
                let mut context = self.context.clone();
                context.insert("key", key);
                // Two threads may render the same partial at once; both get the same text.
                let html = self.tera.render(name, &context).map_err(|e| {
                    tera::Error::chain(
                        format!("cached_include(name=\"{name}\") (it gets `site` and `key` only, no `page`)"),
                        e,
                    )
                })?;
                self.lock().insert(slot, html.clone());
                html
            }
        };
        let html = match args.get("current").and_then(Value::as_str) {
            Some(url) if !url.is_empty() => mark_current(&html, url),
            _ => html,
        };
        Ok(Value::String(html))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// Adds `aria-current="page"` to every link to `url` (written as Tera writes it).
fn mark_current(html: &str, url: &str) -> String {
    let href = format!("href=\"{}\"", super::templates::escape_text(url));
    html.replace(&href, &format!("{href} aria-current=\"page\""))
}

impl CachedInclude {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, String>> {
        // The map only ever gains complete entries.
        self.rendered.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// `{{ page.title | phrase_breaks | safe }}`: the text, HTML-escaped, with a `<wbr>`
/// between Japanese phrases ([`crate::markdown::html_with_breaks`]), so a heading set with
/// `word-break: keep-all` never breaks inside a word.
pub struct PhraseBreaks;

impl tera::Filter for PhraseBreaks {
    fn filter(&self, value: &Value, _args: &HashMap<String, Value>) -> tera::Result<Value> {
        let text = value
            .as_str()
            .ok_or_else(|| tera::Error::msg("phrase_breaks needs text, e.g. page.title"))?;
        let escaped = crate::markdown::escape_html(text);
        Ok(Value::String(crate::markdown::html_with_breaks(&escaped)))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod menu_tests {
    #[test]
    fn the_current_page_is_marked_wherever_it_is_linked_and_nowhere_else() {
        let html =
            "<a href=\"/en/a/\">A</a><a href=\"/en/a/b/\">B</a><a href=\"/en/a/\">A again</a>";
        let marked = super::mark_current(html, "/en/a/");
        assert_eq!(marked.matches("aria-current=\"page\"").count(), 2);
        assert!(marked.contains("<a href=\"/en/a/b/\">B</a>"));
        assert_eq!(super::mark_current(html, "/en/c/"), html);
    }

    #[test]
    fn phrase_breaks_escapes_and_marks_phrases() {
        use super::PhraseBreaks;
        use serde_json::Value;
        use std::collections::HashMap;
        use tera::Filter;
        let out = PhraseBreaks
            .filter(
                &Value::from("手順1：1つ目の認証方法を登録する <b>"),
                &HashMap::new(),
            )
            .unwrap();
        assert_eq!(
            out,
            Value::from("手順1：1つ目の<wbr>認証方法を<wbr>登録する &lt;b&gt;")
        );
        assert!(PhraseBreaks
            .filter(&Value::from(3), &HashMap::new())
            .is_err());
    }
}
