//! UI strings: one Fluent bundle per language from `i18n/<lang>.ftl`, loaded once per
//! build and shared by every page of that language.
//!
//! Problems (a missing file, a syntax error, a key one language has and another lacks)
//! are diagnostics located in the `.ftl` file.

use crate::diagnostics::Code;
use crate::text;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Mutex;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use fluent_syntax::ast;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, LineIndex, Text};
use crate::markdown::Labels;

/// The bundles of every configured language, indexed like `Config::languages`.
pub struct Translations {
    languages: Vec<LanguageStrings>,
    /// Keys asked for but missing, as (language index, key); reported after rendering.
    missing: Mutex<BTreeSet<(usize, String)>>,
    /// Strings that failed to format, as (language index, key, reason).
    failed: Mutex<BTreeSet<(usize, String, String)>>,
}

struct LanguageStrings {
    code: String,
    bundle: FluentBundle<FluentResource>,
    /// Message ids with their line in the `.ftl` file.
    keys: BTreeMap<String, usize>,
}

impl Translations {
    /// The string `key` in language `lang`, with `args`; the key itself if it is missing
    /// (the miss is remembered and reported by [`Translations::missing_key_diagnostics`]).
    pub fn get(&self, lang: usize, key: &str, args: Option<&FluentArgs>) -> String {
        let Some(strings) = self.languages.get(lang) else {
            return key.to_string();
        };
        let pattern = strings.bundle.get_message(key).and_then(|m| m.value());
        let Some(pattern) = pattern else {
            if let Ok(mut missing) = self.missing.lock() {
                missing.insert((lang, key.to_string()));
            }
            return key.to_string();
        };
        let mut errors = Vec::new();
        let text = strings
            .bundle
            .format_pattern(pattern, args, &mut errors)
            .into_owned();
        if let (Some(error), Ok(mut failed)) = (errors.first(), self.failed.lock()) {
            failed.insert((lang, key.to_string(), error.to_string()));
        }
        text
    }

    /// The argument-less string `key` in language `lang`, or `None` if that language lacks
    /// it. Nothing is recorded as missing: for tebiki's own words, which have defaults.
    pub fn find(&self, lang: usize, key: &str) -> Option<String> {
        let strings = self.languages.get(lang)?;
        let pattern = strings.bundle.get_message(key)?.value()?;
        let mut errors = Vec::new();
        let text = strings.bundle.format_pattern(pattern, None, &mut errors);
        errors.is_empty().then(|| text.into_owned())
    }

    /// The words the Markdown layer needs, in language `lang`.
    pub fn labels(&self, lang: usize) -> Labels {
        let get = |key| self.get(lang, key, None);
        Labels {
            device_pc: get("device-pc"),
            device_phone: get("device-phone"),
            device_both: get("device-both"),
            note: get("callout-note"),
            tip: get("callout-tip"),
            important: get("callout-important"),
            warning: get("callout-warning"),
            caution: get("callout-caution"),
            // Filled in by render, which knows the languages' names.
            image_fallback: Vec::new(),
        }
    }

    /// One error per key that a template or the Markdown layer asked for and a language
    /// lacks, and per string that could not be formatted (an argument the theme does not pass).
    pub fn missing_key_diagnostics(&self) -> Vec<Diagnostic> {
        let failed = self.failed.lock().map(|f| f.clone()).unwrap_or_default();
        let mut out: Vec<Diagnostic> = failed
            .into_iter()
            .map(|(lang, key, reason)| {
                let strings = &self.languages[lang];
                let line = strings.keys.get(&key).copied().unwrap_or(0);
                Diagnostic::error(
                    Code::UiStringArgument,
                    format!("i18n/{}.ftl", strings.code),
                    text!("ui-string-argument", key = key, reason = reason),
                )
                .at((line, 1))
                .with_help(text!("ui-string-argument-help"))
            })
            .collect();
        let missing = self.missing.lock().map(|m| m.clone()).unwrap_or_default();
        out.extend(missing.into_iter().map(|(lang, key)| {
            let code = &self.languages[lang].code;
            Diagnostic::error(
                Code::MissingUiString,
                format!("i18n/{code}.ftl"),
                text!("missing-ui-string", key = key, lang = code),
            )
            .with_help(text!("missing-ui-string-help", key = key, lang = code))
        }));
        out
    }
}

/// Turns a Tera-style argument map into Fluent arguments.
pub fn fluent_args<'a>(
    args: impl IntoIterator<Item = (&'a str, &'a serde_json::Value)>,
) -> FluentArgs<'a> {
    let mut out = FluentArgs::new();
    for (name, value) in args {
        let value = match value {
            serde_json::Value::Number(n) => FluentValue::from(n.as_f64().unwrap_or(0.0)),
            serde_json::Value::String(s) => FluentValue::from(s.as_str()),
            serde_json::Value::Bool(b) => FluentValue::from(b.to_string()),
            other => FluentValue::from(other.to_string()),
        };
        out.set(name, value);
    }
    out
}

/// Loads `i18n/<lang>.ftl` for every language and compares their keys.
pub fn load_translations(config: &Config) -> (Translations, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let languages: Vec<LanguageStrings> = config
        .languages
        .iter()
        .map(|l| load_language(config, &l.code, &mut diagnostics))
        .collect();
    diagnostics.extend(compare_keys(&languages));
    (
        Translations {
            languages,
            missing: Mutex::new(BTreeSet::new()),
            failed: Mutex::new(BTreeSet::new()),
        },
        diagnostics,
    )
}

fn load_language(
    config: &Config,
    code: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> LanguageStrings {
    let display = format!("i18n/{code}.ftl");
    let langid = code.parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![langid]);
    bundle.set_use_isolating(false);
    let path = config.i18n_dir().join(format!("{code}.ftl"));
    let text = match config.fence().read(&path) {
        Ok(bytes) => String::from_utf8(bytes).unwrap_or_else(|e| {
            diagnostics.push(
                Diagnostic::error(Code::NotUtf8, &display, text!("not-utf8"))
                    .with_help(text!("not-utf8-help")),
            );
            String::from_utf8_lossy(e.as_bytes()).into_owned()
        }),
        Err(crate::contain::Refusal::Io(e)) => {
            diagnostics.push(
                Diagnostic::error(
                    Code::MissingUiStrings,
                    &display,
                    crate::diagnostics::io_reason_args(&e)
                        .into_iter()
                        .fold(text!("missing-ui-strings", lang = code), |t, (k, v)| {
                            t.arg(k, v)
                        }),
                )
                .with_help(text!("missing-ui-strings-help", lang = code)),
            );
            String::new()
        }
        Err(refusal) => {
            diagnostics.push(refusal.into_diagnostic(Code::Unreadable, &display, "file"));
            String::new()
        }
    };
    let index = LineIndex::new(&text);
    let resource = match FluentResource::try_new(text.clone()) {
        Ok(resource) => resource,
        Err((resource, errors)) => {
            for error in errors {
                let d = match full_width_key(&text, error.pos.start) {
                    Some((at, typed, meant)) => Diagnostic::error(
                        Code::FullWidthSyntax,
                        &display,
                        text!("full-width-syntax", typed = typed, what = "ftl-line"),
                    )
                    .at(index.locate(&text, at))
                    .with_help(text!(
                        "full-width-syntax-help",
                        meant = meant,
                        fixed = meant
                    )),
                    None => Diagnostic::error(
                        Code::FtlSyntax,
                        &display,
                        text!("ftl-syntax", detail = error.kind),
                    )
                    .at(index.locate(&text, error.pos.start))
                    .with_help(text!("ftl-syntax-help")),
                };
                diagnostics.push(d);
            }
            resource
        }
    };
    let keys = message_lines(&resource, &text, &index);
    if let Err(errors) = bundle.add_resource(resource) {
        for error in errors {
            diagnostics.push(
                Diagnostic::error(Code::FtlDuplicate, &display, duplicate_message(&error))
                    .with_help(text!("ftl-duplicate-help")),
            );
        }
    }
    LanguageStrings {
        code: code.to_string(),
        bundle,
        keys,
    }
}

/// The message for a string the bundle refused (a key defined twice).
fn duplicate_message(error: &fluent_bundle::FluentError) -> Text {
    match error {
        fluent_bundle::FluentError::Overriding { id, .. } => text!("ftl-duplicate", key = id),
        other => text!("ftl-syntax", detail = other),
    }
}

fn message_lines(
    resource: &FluentResource,
    text: &str,
    index: &LineIndex,
) -> BTreeMap<String, usize> {
    let mut keys = BTreeMap::new();
    for entry in resource.entries() {
        if let ast::Entry::Message(message) = entry {
            let name = message.id.name;
            let offset = text
                .find(&format!("\n{name} "))
                .map(|i| i + 1)
                .or_else(|| text.find(&format!("\n{name}=")))
                .unwrap_or(0);
            let offset =
                if text.starts_with(&format!("{name} ")) || text.starts_with(&format!("{name}=")) {
                    0
                } else {
                    offset
                };
            keys.insert(name.to_string(), index.locate(text, offset).0);
        }
    }
    keys
}

/// Keys defined in one language and not another are warnings at the defining line.
fn compare_keys(languages: &[LanguageStrings]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for a in languages {
        for b in languages.iter().filter(|b| b.code != a.code) {
            for (key, line) in &a.keys {
                if !b.keys.contains_key(key) {
                    out.push(
                        Diagnostic::warning(
                            Code::UntranslatedUiString,
                            format!("i18n/{}.ftl", a.code),
                            text!("untranslated-ui-string", key = key, lang = b.code),
                        )
                        .at((*line, 1))
                        .with_help(text!(
                            "untranslated-ui-string-help",
                            key = key,
                            lang = b.code
                        )),
                    );
                }
            }
        }
    }
    out
}

/// Arguments as Tera passes them to a function.
pub type TeraArgs = HashMap<String, serde_json::Value>;

/// The line of a UI string file around byte `at` when its key or `=` was typed with a
/// Japanese input method (`step-next ＝ 次の手順`, `ｓｔｅｐ-next = …`): the offset of the
/// first full-width character, the line as typed and as meant. The text after `=` is
/// the string itself and is left alone.
fn full_width_key(text: &str, at: usize) -> Option<(usize, String, String)> {
    let start = text.get(..at)?.rfind('\n').map_or(0, |i| i + 1);
    let line = text[start..].lines().next()?;
    let key_end = line.find(['=', '＝']).map_or(line.len(), |i| {
        i + line[i..].chars().next().map_or(1, char::len_utf8)
    });
    let key = &line[..key_end];
    let meant = crate::markdown::narrow_str(key);
    if meant == key {
        return None;
    }
    let first = key
        .char_indices()
        .zip(meant.chars())
        .find(|((_, a), b)| a != b)?;
    let line = line.trim_end();
    Some((
        start + first.0 .0,
        line.to_string(),
        format!("{meant}{}", &line[key_end..]),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_or_equals_sign_typed_in_full_width_is_found() {
        let text = "a = x\nstep-next ＝ 次の＝手順\nｔｏｃ = 目次\n";
        let at = text.find("＝").unwrap();
        let (first, typed, meant) = super::full_width_key(text, at).unwrap();
        assert_eq!((first, typed.as_str()), (at, "step-next ＝ 次の＝手順"));
        assert_eq!(meant, "step-next = 次の＝手順");
        let toc = text.find("ｔｏｃ").unwrap();
        assert_eq!(
            super::full_width_key(text, toc + 3).unwrap().2,
            "toc = 目次"
        );
        assert_eq!(super::full_width_key(text, 2), None);
    }

    fn site(en: &str, ja: &str) -> (tempfile::TempDir, Translations, Vec<Diagnostic>) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("i18n")).unwrap();
        std::fs::write(dir.path().join("i18n/en.ftl"), en).unwrap();
        std::fs::write(dir.path().join("i18n/ja.ftl"), ja).unwrap();
        let toml = "base_url = \"https://x.example/\"\n[[languages]]\ncode = \"ja\"\nname = \"日本語\"\ntitle = \"t\"\n[[languages]]\ncode = \"en\"\nname = \"English\"\ntitle = \"t\"\n";
        let config = crate::config::parse_config(dir.path(), toml).unwrap();
        let (translations, diagnostics) = load_translations(&config);
        (dir, translations, diagnostics)
    }

    const EN: &str = "progress = { $done } of { $total } { $total ->\n    [one] step\n   *[other] steps\n  } done\nhello = Hello, { $name }!\n";
    const JA: &str = "progress = { $total } ステップ中 { $done } ステップ完了\nhello = こんにちは、{ $name }さん\n";

    fn args<'a>(pairs: &'a [(&'static str, serde_json::Value)]) -> FluentArgs<'a> {
        fluent_args(pairs.iter().map(|(k, v)| (*k, v)))
    }

    #[test]
    fn plurals_and_arguments_in_both_languages() {
        let (_dir, t, diagnostics) = site(EN, JA);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let (one, three) = (
            [("done", 0.into()), ("total", 1.into())],
            [("done", 2.into()), ("total", 3.into())],
        );
        let (one, three) = (args(&one), args(&three));
        assert_eq!(t.get(1, "progress", Some(&one)), "0 of 1 step done");
        assert_eq!(t.get(1, "progress", Some(&three)), "2 of 3 steps done");
        assert_eq!(
            t.get(0, "progress", Some(&three)),
            "3 ステップ中 2 ステップ完了"
        );
        let name = [("name", "Aiko".into())];
        let name = args(&name);
        assert_eq!(
            t.get(0, "hello", Some(&name)),
            "こんにちは、Aikoさん",
            "no isolation marks leak into HTML"
        );
    }

    #[test]
    fn missing_keys_and_bad_arguments_are_reported() {
        let (_dir, t, _) = site(EN, JA);
        assert_eq!(t.get(1, "nope", None), "nope");
        assert_eq!(t.get(1, "hello", None), "Hello, {$name}!");
        let d = t.missing_key_diagnostics();
        let text: Vec<String> = d.iter().map(|d| d.to_string()).collect();
        assert!(
            text[0].starts_with("i18n/en.ftl:5:1: error[ui-string-argument]: the string 'hello'"),
            "{text:?}"
        );
        assert!(
            text[1].starts_with(
                "i18n/en.ftl: error[missing-ui-string]: the theme uses the string 'nope'"
            ),
            "{text:?}"
        );
    }

    #[test]
    fn syntax_errors_and_key_gaps_are_located() {
        let (_dir, _t, d) = site("ok = fine\nbroken\nextra = only English\n", "ok = 大丈夫\n");
        let text: Vec<String> = d.iter().map(|d| d.to_string()).collect();
        assert!(
            text.iter()
                .any(|t| t.starts_with("i18n/en.ftl:2:7: error[ftl-syntax]")),
            "{text:?}"
        );
        assert!(text.iter().any(|t| t.starts_with("i18n/en.ftl:3:1: warning[untranslated-ui-string]: 'extra' has no translation in i18n/ja.ftl")), "{text:?}");
    }
}
