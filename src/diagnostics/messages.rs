//! tebiki's own words, in the reader's language: the message and help lines of diagnostics
//! come from Fluent resources embedded in the binary (`messages/<lang>.ftl`), separate from
//! a site's `i18n/` (which holds the site's UI strings, in the site's languages).
//!
//! A [`Text`] keeps a message id and its arguments, so the same diagnostic prints in
//! Japanese on one terminal and in English in `--format json` for a script; the language is
//! chosen once per run by [`Lang::choose`] and passed to the printers.

use std::borrow::Cow;
use std::fmt;
use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

/// The language tebiki speaks in (its own messages, not the site's languages).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    En,
    Ja,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ja];

    /// The language tag: `en` or `ja`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }

    /// `--messages`, else `TEBIKI_MESSAGES`, else the locale (`LC_ALL`, `LC_MESSAGES`,
    /// `LANG`: the first one set decides, as in POSIX), else English.
    pub fn choose(flag: Option<Lang>, env: impl Fn(&str) -> Option<String>) -> Lang {
        if let Some(lang) = flag {
            return lang;
        }
        let set = |name: &str| env(name).filter(|v| !v.is_empty());
        if let Some(value) = set("TEBIKI_MESSAGES") {
            return Lang::from_locale(&value);
        }
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .into_iter()
            .find_map(set)
            .map_or(Lang::En, |locale| Lang::from_locale(&locale))
    }

    /// `ja`, `ja_JP.UTF-8`, `ja-JP` → Japanese; anything else → English.
    fn from_locale(value: &str) -> Lang {
        match value.get(..2) {
            Some(prefix) if prefix.eq_ignore_ascii_case("ja") => Lang::Ja,
            _ => Lang::En,
        }
    }
}

/// A message or help line: a Fluent message id and its arguments, or plain text that has
/// no translation (a library's own words, such as a YAML parser's error).
///
/// As small as a `String` (the Fluent case is boxed): many functions return a
/// [`Diagnostic`](super::Diagnostic), which holds two of these, in `Err`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Text {
    Fluent(Box<FluentText>),
    Plain(String),
    /// Texts shown one after another: a message and a note on where it was found.
    Joined(Vec<Text>),
}

/// A message of `messages/<lang>.ftl` and its arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FluentText {
    pub id: &'static str,
    pub args: Vec<(&'static str, String)>,
}

/// A [`Text`] from a message id and `name = value` arguments (any `Display` value):
/// `text!("broken-anchor", anchor = id, page = shown)`.
#[macro_export]
macro_rules! text {
    ($id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::diagnostics::Text::Fluent(Box::new($crate::diagnostics::FluentText {
            id: $id,
            args: vec![$((stringify!($name), ($value).to_string())),*],
        }))
    };
}

impl Text {
    /// The text in `lang`; English when `lang` lacks the message, the id when both do.
    pub fn render(&self, lang: Lang) -> Cow<'_, str> {
        match self {
            Text::Plain(text) => Cow::Borrowed(text),
            Text::Joined(parts) => Cow::Owned(parts.iter().map(|p| p.render(lang)).collect()),
            Text::Fluent(fluent) => Cow::Owned(message(lang, fluent.id, &fluent.args)),
        }
    }

    /// The message `id` without arguments (for an id chosen at run time).
    pub fn fluent(id: &'static str) -> Self {
        Text::Fluent(Box::new(FluentText {
            id,
            args: Vec::new(),
        }))
    }

    /// The same text with one more argument (a Fluent text only).
    pub fn arg(mut self, name: &'static str, value: impl fmt::Display) -> Self {
        if let Text::Fluent(fluent) = &mut self {
            fluent.args.push((name, value.to_string()));
        }
        self
    }

    /// This text followed by `then`.
    pub fn then(self, then: Text) -> Self {
        match self {
            Text::Joined(mut parts) => {
                parts.push(then);
                Text::Joined(parts)
            }
            first => Text::Joined(vec![first, then]),
        }
    }

    /// The English text (what [`fmt::Display`] shows).
    pub fn english(&self) -> String {
        self.render(Lang::En).into_owned()
    }

    /// Whether the English text contains `needle` (for tests and filters).
    pub fn contains(&self, needle: &str) -> bool {
        self.render(Lang::En).contains(needle)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

// No `From<String>` or `From<&str>` outside tests: a diagnostic's message and help come
// from the Fluent resources (`text!`), so a sentence written in English at a call site
// does not compile. Quoted words of a library or the system are `Text::Plain`, said so.
#[cfg(test)]
impl From<String> for Text {
    fn from(text: String) -> Self {
        Text::Plain(text)
    }
}

#[cfg(test)]
impl From<&str> for Text {
    fn from(text: &str) -> Self {
        Text::Plain(text.to_string())
    }
}

/// A message that is not a diagnostic (a summary line, a label), in `lang`.
pub fn message(lang: Lang, id: &'static str, args: &[(&'static str, String)]) -> String {
    format_message(lang, id, args)
        .or_else(|| format_message(Lang::En, id, args))
        .unwrap_or_else(|| id.to_string())
}

/// The embedded resources, parsed once per run.
static BUNDLES: LazyLock<[FluentBundle<FluentResource>; 2]> =
    LazyLock::new(|| Lang::ALL.map(|lang| bundle(lang, source(lang))));

/// The Fluent source of `lang`'s messages.
pub fn source(lang: Lang) -> &'static str {
    match lang {
        Lang::En => include_str!("messages/en.ftl"),
        Lang::Ja => include_str!("messages/ja.ftl"),
    }
}

fn bundle(lang: Lang, text: &'static str) -> FluentBundle<FluentResource> {
    let langid = lang.tag().parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![langid]);
    bundle.set_use_isolating(false);
    // The resources are ours and tested (tests below); a broken one would show ids, not
    // stop the program.
    let resource = FluentResource::try_new(text.to_string()).unwrap_or_else(|(partial, _)| partial);
    let _ = bundle.add_resource(resource);
    bundle
}

fn format_message(lang: Lang, id: &str, args: &[(&'static str, String)]) -> Option<String> {
    let bundle = &BUNDLES[lang as usize];
    let pattern = bundle.get_message(id)?.value()?;
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        let value = match value.parse::<i64>() {
            Ok(number) => FluentValue::from(number),
            Err(_) => FluentValue::from(value.as_str()),
        };
        fluent_args.set(*name, value);
    }
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
    Some(text.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn the_flag_then_tebiki_messages_then_the_locale_choose() {
        let ja_locale = [("LANG", "ja_JP.UTF-8")];
        assert_eq!(Lang::choose(None, env(&ja_locale)), Lang::Ja);
        assert_eq!(Lang::choose(Some(Lang::En), env(&ja_locale)), Lang::En);
        let both = [("LANG", "ja_JP.UTF-8"), ("TEBIKI_MESSAGES", "en")];
        assert_eq!(Lang::choose(None, env(&both)), Lang::En);
        let lc_all = [("LC_ALL", "C.UTF-8"), ("LANG", "ja_JP.UTF-8")];
        assert_eq!(Lang::choose(None, env(&lc_all)), Lang::En);
        let lc_messages = [("LC_MESSAGES", "ja_JP"), ("LANG", "en_US.UTF-8")];
        assert_eq!(Lang::choose(None, env(&lc_messages)), Lang::Ja);
        assert_eq!(Lang::choose(None, env(&[])), Lang::En);
        assert_eq!(Lang::choose(None, env(&[("LANG", "")])), Lang::En);
    }

    /// Both resources parse without errors and hold the same messages, each with the same
    /// variables, so no diagnostic falls back to English or loses an argument.
    #[test]
    fn both_resources_parse_and_have_the_same_messages() {
        let mut ids = Vec::new();
        for lang in Lang::ALL {
            let resource = FluentResource::try_new(source(lang).to_string())
                .unwrap_or_else(|(_, errors)| panic!("{lang:?}.ftl: {errors:?}"));
            let mut found: Vec<(String, Vec<String>)> = resource
                .entries()
                .filter_map(|entry| match entry {
                    fluent_syntax::ast::Entry::Message(m) => {
                        Some((m.id.name.to_string(), variables(source(lang), m.id.name)))
                    }
                    _ => None,
                })
                .collect();
            found.sort();
            ids.push(found);
        }
        assert_eq!(ids[0].len(), ids[1].len(), "the two files differ in size");
        for (en, ja) in ids[0].iter().zip(&ids[1]) {
            assert_eq!(en, ja, "en.ftl and ja.ftl disagree");
        }
    }

    /// The `$names` used in message `id` of `source`, sorted and deduplicated.
    fn variables(source: &str, id: &str) -> Vec<String> {
        let start = source
            .lines()
            .position(|l| l.starts_with(&format!("{id} =")))
            .unwrap();
        let lines: Vec<&str> = source.lines().skip(start).collect();
        let end = lines[1..]
            .iter()
            .position(|l| !l.starts_with([' ', '}']) && !l.is_empty())
            .map_or(lines.len(), |i| i + 1);
        let mut names: Vec<String> = lines[..end]
            .iter()
            .flat_map(|l| l.split('$').skip(1))
            .map(|rest| {
                rest.chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                    .collect()
            })
            .collect();
        names.sort();
        names.dedup();
        names
    }

    #[test]
    fn a_message_renders_in_each_language_with_its_arguments() {
        let text = crate::text!("broken-anchor", anchor = "phon", page = "faq.md");
        let en = text.render(Lang::En);
        let ja = text.render(Lang::Ja);
        assert!(en.contains("#phon") && en.contains("faq.md"), "{en}");
        assert!(ja.contains("#phon") && ja.contains("faq.md"), "{ja}");
        assert!(ja.contains("ません"), "{ja}");
    }
}
