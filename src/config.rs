//! Stage 1, config: reads `site.toml` into a validated [`Config`].
//!
//! Parsing is strict (unknown keys are errors) and validation reports every problem at
//! once, each at its `site.toml:line:col`. Nothing here knows any language code: the
//! languages, their order and the default all come from the file.

use crate::diagnostics::Code;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::diagnostics::{Diagnostic, LineIndex, Text};
use crate::error::{Error, Result};
use crate::text;

mod announcement;
mod links;
mod markdown;
mod theme_options;
mod toml_words;

pub use announcement::Announcement;
pub use links::LinkOptions;
pub use markdown::MarkdownOptions;
pub use theme_options::{Accent, ThemeOptions};

/// The file name of a site's configuration, at the site root.
pub const CONFIG_FILE: &str = "site.toml";

/// A parameter value from `[params]` (or a page's `params:`): text, a number or a switch.
///
/// Deserialized untagged (for front matter), so the variants are tried in this order:
/// a YAML `true` stays a switch and `40` a number, anything quoted is text.
#[derive(Debug, Clone, PartialEq, serde::Serialize, Deserialize)]
#[serde(untagged)]
pub enum ParamValue {
    Bool(bool),
    Integer(i64),
    Float(f64),
    Text(String),
}

impl ParamValue {
    /// The value as it appears in text: `{{ propagation_minutes }}` → `40`.
    pub fn to_text(&self) -> String {
        match self {
            ParamValue::Text(s) => s.clone(),
            ParamValue::Integer(i) => i.to_string(),
            ParamValue::Float(f) => f.to_string(),
            ParamValue::Bool(b) => b.to_string(),
        }
    }
}

/// Parameters by name, already merged for one language.
pub type Params = BTreeMap<String, ParamValue>;

/// Whether a problem class fails the build or only warns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    #[default]
    Warning,
    Error,
}

/// One configured language.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Language {
    /// The code used in paths and `lang` attributes, e.g. `ja`.
    pub code: String,
    /// The language's own name, shown in the switcher, e.g. `日本語`.
    pub name: String,
    /// The site title in this language.
    pub title: String,
    pub description: String,
    /// Site-wide `[params]` overlaid with this language's `[languages.params]`.
    pub params: Params,
    /// The `site.toml` line that sets each of `params` (for "site.toml:7 has …" help).
    #[serde(skip)]
    pub param_lines: BTreeMap<String, usize>,
}

/// `[build]`: how strict the build is.
#[derive(Debug, Clone, Deserialize, serde::Serialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct BuildOptions {
    /// A page missing in one language: `warning` (build a fallback page) or `error`.
    pub missing_translation: Level,
    /// Two translations whose procedure structure differs: `warning` or `error`.
    pub parity: Level,
    /// `tebiki check` warns `stale-page` when the newer of a page's `updated` and
    /// `reviewed` dates is more than this many days old (unset: never).
    pub stale_after_days: Option<u32>,
    /// A broken internal link, anchor or image: fails `build` (`error`) or only warns.
    pub links: crate::check::LinkLevel,
}

/// `[security]`: what templates may read from the build's environment.
#[derive(Debug, Clone, Deserialize, serde::Serialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct SecurityOptions {
    /// Environment variables templates may read with `get_env`, besides `TEBIKI_*` and
    /// `CI`; `NAME` or a prefix `NAME_*`.
    pub env: Vec<String>,
}

/// `[check]`: options for `tebiki check --external`.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct CheckOptions {
    /// Only external URLs starting with one of these are checked (empty: all).
    pub include: Vec<String>,
    /// External URLs starting with one of these are skipped.
    pub exclude: Vec<String>,
    /// Seconds before a request is abandoned.
    pub timeout: u64,
    /// Attempts after the first for a failing URL.
    pub retries: u32,
    /// Requests in flight at once, over all hosts.
    pub concurrency: usize,
    /// Hours a successful result is trusted before it is checked again.
    pub cache_hours: u64,
    /// Requests in flight at once to any one host (servers throttle crawlers).
    pub per_host: usize,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            include: Vec::new(),
            exclude: Vec::new(),
            timeout: 10,
            retries: 2,
            concurrency: 8,
            cache_hours: 24,
            per_host: 2,
        }
    }
}

/// The validated configuration of one site.
#[derive(Debug, Clone)]
pub struct Config {
    /// The site root: the folder holding `site.toml`.
    pub root: PathBuf,
    /// The public URL, always ending in `/`.
    pub base_url: String,
    /// The path part of `base_url` (`/` or `/guide/`), prefixed to every internal link.
    pub base_path: String,
    /// Languages in the order given; the default is `languages[default_language]`.
    pub languages: Vec<Language>,
    pub default_language: usize,
    pub theme: String,
    /// `[theme]` branding: logo and accent colour.
    pub theme_options: ThemeOptions,
    /// The output directory, absolute.
    pub output_dir: PathBuf,
    pub build: BuildOptions,
    pub check: CheckOptions,
    pub security: SecurityOptions,
    /// `[search]`: the site search ([`crate::search`]).
    pub search: crate::search::SearchOptions,
    /// Names never read or published, besides hidden names and editor leftovers.
    pub ignore: Vec<String>,
    /// `[links]`: host-site paths outside the guide.
    pub links: LinkOptions,
    /// `[markdown]`: switches for the Markdown extensions.
    pub markdown: MarkdownOptions,
    /// `[announcement]`: a notice at the top of every page, per language, until a date.
    pub announcement: Option<Announcement>,
}

impl Config {
    pub fn content_dir(&self) -> PathBuf {
        self.root.join("content")
    }
    pub fn theme_dir(&self) -> PathBuf {
        self.root.join("themes").join(&self.theme)
    }
    pub fn i18n_dir(&self) -> PathBuf {
        self.root.join("i18n")
    }
    /// The containment rule for every file read from this site ([`crate::contain`]).
    pub fn fence(&self) -> crate::contain::Fence {
        crate::contain::Fence::new(&self.root, &self.ignore)
    }
    pub fn default_lang(&self) -> &Language {
        &self.languages[self.default_language]
    }
    pub fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == code)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    base_url: Spanned<String>,
    #[serde(default)]
    default_language: Option<Spanned<String>>,
    #[serde(default)]
    theme: Option<theme_options::RawTheme>,
    #[serde(default)]
    output_dir: Option<Spanned<String>>,
    #[serde(default)]
    params: BTreeMap<String, Spanned<toml::Value>>,
    #[serde(default)]
    languages: Vec<RawLanguage>,
    #[serde(default)]
    build: BuildOptions,
    #[serde(default)]
    check: CheckOptions,
    #[serde(default)]
    security: SecurityOptions,
    #[serde(default)]
    search: crate::search::SearchOptions,
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default)]
    links: LinkOptions,
    #[serde(default)]
    markdown: MarkdownOptions,
    #[serde(default)]
    announcement: announcement::RawAnnouncement,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    code: Spanned<String>,
    name: String,
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    params: BTreeMap<String, Spanned<toml::Value>>,
}

/// Reads and validates `<root>/site.toml`.
pub fn load_config(root: &Path) -> Result<Config> {
    let path = root.join(CONFIG_FILE);
    let bytes = std::fs::read(&path).map_err(|source| Error::Read {
        path: path.clone(),
        source,
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        Error::Config(vec![Diagnostic::error(
            Code::NotUtf8,
            CONFIG_FILE,
            text!("not-utf8-config", offset = e.utf8_error().valid_up_to()),
        )
        .with_help(text!("not-utf8-config-help"))])
    })?;
    parse_config(root, &text)
}

/// Parses and validates the text of a `site.toml` belonging to the site at `root`.
pub fn parse_config(root: &Path, text: &str) -> Result<Config> {
    let index = LineIndex::new(text);
    let raw: RawConfig = toml::from_str(text).map_err(|e| {
        let start = e.span().map_or(0, |s| s.start);
        if let Some(d) = toml_words::full_width_diagnostic(text, start, &index) {
            return Error::Config(vec![d]);
        }
        let at = e.span().map_or((1, 1), |s| index.locate(text, s.start));
        Error::Config(vec![toml_diagnostic(e.message()).at(at)])
    })?;
    Validator {
        root,
        text,
        index: &index,
        problems: Vec::new(),
    }
    .validate(raw)
}

/// Turns serde's wording into something a web editor can act on.
fn toml_diagnostic(message: &str) -> Diagnostic {
    let message = message.trim().replace('`', "'");
    let (code, message, help) = toml_words::plain_message(&message);
    Diagnostic::error(code, CONFIG_FILE, message).with_help(help)
}

struct Validator<'a> {
    root: &'a Path,
    text: &'a str,
    index: &'a LineIndex,
    problems: Vec<Diagnostic>,
}

impl Validator<'_> {
    fn problem(&mut self, code: Code, span: std::ops::Range<usize>, message: Text, help: Text) {
        let at = self.index.locate(self.text, span.start);
        self.problems.push(
            Diagnostic::error(code, CONFIG_FILE, message)
                .at(at)
                .with_help(help),
        );
    }

    fn validate(mut self, raw: RawConfig) -> Result<Config> {
        let base_url = self.base_url(&raw.base_url);
        let shared = self.params(&raw.params);
        let shared_lines = self.param_lines(&raw.params);
        let languages = self.languages(&raw.languages, (&shared, &shared_lines));
        let default_language = self.default_language(&raw, &languages);
        let (theme, theme_options, theme_problems) =
            theme_options::validate_theme(raw.theme, self.root);
        let at = |offset| self.index.locate(self.text, offset);
        let theme_problems = theme_options::located(theme_problems, at);
        self.problems.extend(theme_problems);
        let output_dir = self.output_dir(raw.output_dir.as_ref());
        let table = self.text.find("[announcement]").unwrap_or(0);
        let (announcement, problems) =
            announcement::validate_announcement(&raw.announcement, &languages, table);
        let problems =
            theme_options::located(problems, |offset| self.index.locate(self.text, offset));
        self.problems.extend(problems);
        for (message, help) in raw.links.problems() {
            self.problems
                .push(Diagnostic::error(Code::BadConfig, CONFIG_FILE, message).with_help(help));
        }
        if !self.problems.is_empty() {
            return Err(Error::Config(self.problems));
        }
        let base_path = url_path(&base_url);
        Ok(Config {
            root: self.root.to_path_buf(),
            base_url,
            base_path,
            languages,
            default_language,
            theme,
            theme_options,
            output_dir,
            build: raw.build,
            check: raw.check,
            security: raw.security,
            search: raw.search,
            ignore: raw.ignore,
            links: raw.links,
            markdown: raw.markdown,
            announcement,
        })
    }

    fn base_url(&mut self, raw: &Spanned<String>) -> String {
        let value = raw.get_ref().trim();
        if !is_base_url(value) {
            self.problem(
                Code::BadBaseUrl,
                raw.span(),
                text!("bad-base-url", value = value),
                text!("bad-base-url-help"),
            );
        }
        let mut url = value.to_string();
        if !url.ends_with('/') {
            url.push('/');
        }
        url
    }

    fn params(&mut self, raw: &BTreeMap<String, Spanned<toml::Value>>) -> Params {
        let mut params = Params::new();
        for (name, value) in raw {
            let converted = match value.get_ref() {
                toml::Value::String(s) => ParamValue::Text(s.clone()),
                toml::Value::Integer(i) => ParamValue::Integer(*i),
                toml::Value::Float(f) => ParamValue::Float(*f),
                toml::Value::Boolean(b) => ParamValue::Bool(*b),
                other => {
                    self.problem(
                        Code::WrongType,
                        value.span(),
                        text!("param-wrong-type", name = name, kind = other.type_str()),
                        text!("param-wrong-type-help", name = name),
                    );
                    continue;
                }
            };
            params.insert(name.clone(), converted);
        }
        params
    }

    /// The line of each parameter's value (which starts on the line of its key).
    fn param_lines(&self, raw: &BTreeMap<String, Spanned<toml::Value>>) -> BTreeMap<String, usize> {
        raw.iter()
            .map(|(name, value)| {
                let (line, _) = self.index.locate(self.text, value.span().start);
                (name.clone(), line)
            })
            .collect()
    }

    fn languages(
        &mut self,
        raw: &[RawLanguage],
        (shared, shared_lines): (&Params, &BTreeMap<String, usize>),
    ) -> Vec<Language> {
        if raw.is_empty() {
            self.problem(
                Code::MissingLanguage,
                0..0,
                text!("missing-language"),
                text!("missing-language-help"),
            );
        }
        let mut languages: Vec<Language> = Vec::new();
        for lang in raw {
            let code = lang.code.get_ref().trim().to_string();
            if !is_language_code(&code) {
                self.problem(
                    Code::BadLanguageCode,
                    lang.code.span(),
                    text!("bad-language-code", code = code),
                    text!("bad-language-code-help"),
                );
                continue;
            }
            if languages.iter().any(|l| l.code == code) {
                self.problem(
                    Code::DuplicateLanguage,
                    lang.code.span(),
                    text!("duplicate-language", code = code),
                    text!("duplicate-language-help"),
                );
                continue;
            }
            let mut params = shared.clone();
            params.extend(self.params(&lang.params));
            let mut param_lines = shared_lines.clone();
            param_lines.extend(self.param_lines(&lang.params));
            languages.push(Language {
                code,
                name: lang.name.clone(),
                title: lang.title.clone(),
                description: lang.description.clone(),
                params,
                param_lines,
            });
        }
        languages
    }

    fn default_language(&mut self, raw: &RawConfig, languages: &[Language]) -> usize {
        let Some(wanted) = &raw.default_language else {
            return 0;
        };
        match languages.iter().position(|l| &l.code == wanted.get_ref()) {
            Some(i) => i,
            None => {
                let listed: Vec<_> = languages.iter().map(|l| l.code.as_str()).collect();
                self.problem(
                    Code::UnknownLanguage,
                    wanted.span(),
                    text!(
                        "unknown-language",
                        code = wanted.get_ref(),
                        listed = listed.join(", ")
                    ),
                    text!("unknown-language-help"),
                );
                0
            }
        }
    }

    fn output_dir(&mut self, raw: Option<&Spanned<String>>) -> PathBuf {
        let Some(raw) = raw else {
            return self.root.join("public");
        };
        if raw.get_ref().trim().is_empty() {
            self.problem(
                Code::BadOutputDir,
                raw.span(),
                text!("bad-output-dir"),
                text!("bad-output-dir-help"),
            );
        }
        self.root.join(raw.get_ref())
    }
}

fn is_language_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 35
        && code
            .split('-')
            .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric()))
        && code.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
}

/// Whether `value` is an absolute http(s) URL with a host (site.toml and `--base-url`).
pub(crate) fn is_base_url(value: &str) -> bool {
    (value.starts_with("https://") || value.starts_with("http://"))
        && value
            .split("://")
            .nth(1)
            .is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/'))
        && !value.contains(char::is_whitespace)
}

/// The path part of an absolute URL, always starting and ending with `/`.
pub(crate) fn url_path(url: &str) -> String {
    let after_scheme = url.split_once("://").map(|(_, rest)| rest).unwrap_or(url);
    match after_scheme.find('/') {
        Some(i) => after_scheme[i..].to_string(),
        None => "/".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
base_url = "https://guide.example.org/mfa"
[params]
token = true
[[languages]]
code = "ja"
name = "日本語"
title = "ガイド"
[languages.params]
university = "例大学"
[[languages]]
code = "en"
name = "English"
title = "Guide"
"#;

    #[test]
    fn good_config_merges_params_and_keeps_order() {
        let config = parse_config(Path::new("/site"), GOOD).unwrap();
        assert_eq!(config.base_url, "https://guide.example.org/mfa/");
        assert_eq!(config.base_path, "/mfa/");
        let codes: Vec<_> = config.languages.iter().map(|l| l.code.as_str()).collect();
        assert_eq!(codes, ["ja", "en"]);
        assert_eq!(
            config.languages[0].params["university"],
            ParamValue::Text("例大学".into())
        );
        assert_eq!(config.languages[1].params["token"], ParamValue::Bool(true));
        assert!(!config.languages[1].params.contains_key("university"));
        assert_eq!(config.output_dir, Path::new("/site/public"));
    }

    fn problems(text: &str) -> Vec<Diagnostic> {
        match parse_config(Path::new("/site"), text) {
            Err(Error::Config(d)) => d,
            other => panic!("expected config problems, got {other:?}"),
        }
    }

    #[test]
    fn unknown_key_is_located() {
        let text = GOOD.replace("[params]", "colour = \"red\"\n[params]");
        let d = &problems(&text)[0];
        assert_eq!(d.code, "unknown-key");
        assert_eq!((d.line, d.column), (3, 1));
        assert!(d.message.contains("colour"), "{}", d.message);
    }

    #[test]
    fn all_validation_problems_are_reported_at_once() {
        let text = GOOD
            .replace("https://guide.example.org/mfa", "guide.example.org")
            .replace("[params]", "default_language = \"fr\"\n[params]");
        let d = problems(&text);
        let codes: Vec<_> = d.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["bad-base-url", "unknown-language"]);
        assert_eq!(d[0].line, 2);
        assert_eq!(d[1].line, 3);
    }
}
