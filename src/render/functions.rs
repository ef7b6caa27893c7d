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
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let name = args.get("name").and_then(Value::as_str).ok_or(
            "cached_include() needs name=\"…\", e.g. cached_include(name=\"partials/footer.html\")",
        )?;
        let known = self.lock().get(name).cloned();
        let html = match known {
            Some(html) => html,
            None => {
                // Two threads may render the same partial at once; both get the same text.
                let html = self.tera.render(name, &self.context).map_err(|e| {
                    tera::Error::chain(
                        format!("cached_include(name=\"{name}\") (it gets `site` only, no `page`)"),
                        e,
                    )
                })?;
                self.lock().insert(name.to_string(), html.clone());
                html
            }
        };
        Ok(Value::String(html))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

impl CachedInclude {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, String>> {
        // The map only ever gains complete entries.
        self.rendered.lock().unwrap_or_else(|e| e.into_inner())
    }
}
