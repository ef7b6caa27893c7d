//! Splits a page into YAML front matter and Markdown body, and parses the front matter.
//!
//! This is the only module that touches `serde_yaml` (deprecated upstream), so replacing
//! it later changes one file. Errors point at the line in the page file itself.

use crate::diagnostics::Code;
use crate::diagnostics::Text;
use crate::text;
use serde::{Deserialize, Deserializer};

use crate::dates::{parse_date, Date};
use crate::diagnostics::{Diagnostic, LineIndex};

/// The keys a page may set between its `---` lines.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// The page title (required).
    pub title: String,
    /// A word or two for tight places: the step bar on phones (default: the title).
    #[serde(default)]
    pub short_title: Option<String>,
    /// One sentence for search results and link previews.
    #[serde(default)]
    pub description: Option<String>,
    /// Orders pages in a section: lower first.
    #[serde(default)]
    pub weight: i64,
    /// The number of this page in the procedure (1, 2, 3 …), if it is a step page.
    #[serde(default)]
    pub step: Option<u32>,
    /// A template of the theme to use instead of `page.html`.
    #[serde(default)]
    pub template: Option<String>,
    /// Drafts are built only with `--drafts`.
    #[serde(default)]
    pub draft: bool,
    /// Old addresses of this page, each of which gets a small page that sends readers
    /// here: below the language folder (`old/path/`) or from the base path (`/old/`).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// When the content last changed (`YYYY-MM-DD`), shown on the page and in the sitemap.
    #[serde(default, deserialize_with = "updated_field")]
    pub updated: Option<Date>,
    /// When someone last confirmed the content is still right (`YYYY-MM-DD`).
    #[serde(default, deserialize_with = "reviewed_field")]
    pub reviewed: Option<Date>,
    /// Values for `{{ name }}` on this page and in the snippets it includes; they take
    /// precedence over site.toml's `[params]` (an include's own arguments come first).
    #[serde(default)]
    pub params: crate::config::Params,
    /// Where the keys above are written in the page file, for messages.
    #[serde(skip)]
    pub spans: FrontSpans,
}

/// Byte offsets in the page file of front-matter values that later stages report on.
#[derive(Debug, Clone, Default)]
pub struct FrontSpans {
    /// One per entry of `aliases`, in order.
    pub aliases: Vec<usize>,
    pub updated: Option<usize>,
    pub reviewed: Option<usize>,
}

impl FrontMatter {
    /// The newer of `updated` and `reviewed` (`updated` on a tie), with its key and its
    /// offset in the file, if either is set.
    pub fn newest_date(&self) -> Option<(Date, &'static str, usize)> {
        // A value whose line was not found (flow-style YAML) points at the file's start.
        let updated = self
            .updated
            .map(|d| (d, "updated", self.spans.updated.unwrap_or(0)));
        let reviewed = self
            .reviewed
            .map(|d| (d, "reviewed", self.spans.reviewed.unwrap_or(0)));
        match (updated, reviewed) {
            (Some(u), Some(r)) => Some(if r.0 > u.0 { r } else { u }),
            (one, other) => one.or(other),
        }
    }
}

/// Marks a date error in serde's message, so [`yaml_diagnostic`] can word it.
const DATE_ERROR: &str = "\u{1}date\u{1}";

fn updated_field<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Date>, D::Error> {
    date_field(deserializer, "updated")
}

fn reviewed_field<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Date>, D::Error> {
    date_field(deserializer, "reviewed")
}

/// A `YYYY-MM-DD` value; serde_yaml names no key in a custom error, so `key` is put in
/// the message, before [`DATE_ERROR`].
fn date_field<'de, D: Deserializer<'de>>(
    deserializer: D,
    key: &str,
) -> Result<Option<Date>, D::Error> {
    let Some(text) = Option::<String>::deserialize(deserializer)? else {
        return Ok(None);
    };
    let text = text.trim();
    parse_date(text).map(Some).map_err(|e| {
        let [(_, problem), (_, days)] = e.args();
        serde::de::Error::custom(format!(
            "{key}{DATE_ERROR}{text}{DATE_ERROR}{problem}{DATE_ERROR}{days}"
        ))
    })
}

/// A page file split in two: front matter and the byte offset where the body begins.
#[derive(Debug)]
pub struct Split<'a> {
    pub yaml: &'a str,
    pub yaml_start: usize,
    pub body_start: usize,
}

/// Finds the `---` fenced block at the top of `text` (after an optional BOM).
///
/// Errors are diagnostics for `path` located in `text`.
pub fn split_front_matter<'a>(
    text: &'a str,
    path: &str,
    index: &LineIndex,
) -> Result<Split<'a>, Diagnostic> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut lines = LineIter { text, pos: start };
    let missing = || {
        Diagnostic::error(
            Code::MissingFrontMatter,
            path,
            text!("missing-front-matter"),
        )
        .at((1, 1))
        .with_help(text!("missing-front-matter-help"))
    };
    // `ーーー` typed with a Japanese input method for `---`.
    let slip = |at: usize, typed: &str| {
        Diagnostic::error(
            Code::FullWidthSyntax,
            path,
            text!(
                "full-width-syntax",
                typed = typed,
                what = "front-matter-fence"
            ),
        )
        .at(index.locate(text, at))
        .with_help(text!(
            "full-width-syntax-help",
            meant = "---",
            fixed = "---"
        ))
    };
    match lines.next() {
        Some((_, line)) if line.trim_end() == "---" => {}
        Some((at, line)) => {
            return Err(crate::markdown::dash_fence_slip(line)
                .map_or_else(missing, |typed| slip(at, typed)))
        }
        None => return Err(missing()),
    }
    let yaml_start = lines.pos;
    let mut slipped = None;
    while let Some((line_start, line)) = lines.next() {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Ok(Split {
                yaml: &text[yaml_start..line_start],
                yaml_start,
                body_start: lines.pos,
            });
        }
        if slipped.is_none() {
            slipped = crate::markdown::dash_fence_slip(line).map(|typed| (line_start, typed));
        }
    }
    if let Some((at, typed)) = slipped {
        return Err(slip(at, typed));
    }
    Err(Diagnostic::error(
        Code::UnclosedFrontMatter,
        path,
        text!("unclosed-front-matter"),
    )
    .at(index.locate(text, start))
    .with_help(text!("unclosed-front-matter-help")))
}

struct LineIter<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Iterator for LineIter<'a> {
    type Item = (usize, &'a str);
    fn next(&mut self) -> Option<(usize, &'a str)> {
        if self.pos >= self.text.len() {
            return None;
        }
        let start = self.pos;
        let rest = &self.text[start..];
        let end = rest
            .find('\n')
            .map(|i| start + i + 1)
            .unwrap_or(self.text.len());
        self.pos = end;
        Some((start, &self.text[start..end]))
    }
}

/// The offset in `text` of the top-level front-matter line that sets `key` (`step: 2`),
/// for problems found after parsing; `body_start` ends the front matter.
pub fn key_offset(text: &str, body_start: usize, key: &str) -> Option<usize> {
    let head = text.get(..body_start)?;
    let mut lines = LineIter { text: head, pos: 0 };
    lines.next(); // the opening ---
    lines
        .find(|(_, line)| {
            line.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start_matches(' ').starts_with(':'))
        })
        .map(|(start, _)| start)
}

/// Parses the YAML of a [`Split`]; errors are located in the page file.
pub fn parse_front_matter(
    text: &str,
    split: &Split,
    path: &str,
    index: &LineIndex,
) -> Result<FrontMatter, Diagnostic> {
    if split.yaml.trim().is_empty() {
        return Err(Diagnostic::error(
            Code::MissingTitle,
            path,
            text!("missing-title-empty-front-matter"),
        )
        .at(index.locate(text, split.yaml_start))
        .with_help(text!("missing-title-help")));
    }
    let mut front = serde_yaml::from_str::<FrontMatter>(split.yaml).map_err(|e| {
        if let Some((offset, d)) = full_width_colon(split.yaml, path) {
            return d.at(index.locate(text, split.yaml_start + offset));
        }
        let message = e.to_string();
        let located = duplicate_offset(split.yaml, &message)
            .or_else(|| date_offset(split.yaml, &message))
            .or_else(|| unclosed_quote_offset(split.yaml, &message));
        let offset = match (located, e.location()) {
            (Some(offset), _) => split.yaml_start + offset,
            (None, Some(l)) => split.yaml_start + l.index(),
            (None, None) => split.yaml_start,
        };
        // serde_yaml names a tab only where it breaks an indentation it knows of.
        let diagnostic = match text.get(offset..).is_some_and(|at| at.starts_with('\t')) {
            true => Diagnostic::error(Code::YamlSyntax, path, text!("yaml-syntax-tab"))
                .with_help(text!("yaml-syntax-tab-help")),
            false => yaml_diagnostic(&message, path),
        };
        diagnostic.at(index.locate(text, offset))
    })?;
    front.spans = locate_values(&front, split);
    // `short_title: ""` is no short title: the step bar shows the title, not a blank.
    front.short_title = front.short_title.filter(|s| !s.trim().is_empty());
    if front.title.trim().is_empty() {
        let at = key_offset(text, split.body_start, "title").unwrap_or(split.yaml_start);
        let d = Diagnostic::error(Code::MissingTitle, path, text!("missing-title-empty"));
        return Err(d
            .at(index.locate(text, at))
            .with_help(text!("missing-title-empty-help")));
    }
    Ok(front)
}

/// Finds where the values of `updated`, `reviewed` and each alias are written (serde
/// keeps no positions). Keys are top-level, so each starts a line of the YAML; an alias is
/// looked for after the previous one. A value not found points at the front matter.
fn locate_values(front: &FrontMatter, split: &Split) -> FrontSpans {
    let yaml = split.yaml;
    let mut spans = FrontSpans {
        updated: value_offset(yaml, "updated").map(|o| split.yaml_start + o),
        reviewed: value_offset(yaml, "reviewed").map(|o| split.yaml_start + o),
        aliases: Vec::with_capacity(front.aliases.len()),
    };
    let mut cursor = value_offset(yaml, "aliases").unwrap_or(0);
    for alias in &front.aliases {
        let found = yaml
            .get(cursor..)
            .and_then(|rest| rest.find(alias.as_str()));
        let offset = match found {
            Some(at) if !alias.is_empty() => {
                let at = cursor + at;
                cursor = at + alias.len();
                // Point at the opening quote of a quoted alias.
                match yaml[..at].chars().next_back() {
                    Some('"' | '\'') => at - 1,
                    _ => at,
                }
            }
            _ => cursor,
        };
        spans.aliases.push(split.yaml_start + offset);
    }
    spans
}

/// The offset in `yaml` of the value of the top-level `key` (after `key:` and spaces).
fn value_offset(yaml: &str, key: &str) -> Option<usize> {
    let mut line_start = 0;
    for line in yaml.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix(key).and_then(|r| r.strip_prefix(':')) {
            let spaces = rest.len() - rest.trim_start_matches([' ', '\t']).len();
            return Some(line_start + key.len() + 1 + spaces);
        }
        line_start += line.len();
    }
    None
}

/// serde gives no location for a duplicate key: find the key's second line ourselves.
fn duplicate_offset(yaml: &str, message: &str) -> Option<usize> {
    let key = message
        .strip_prefix("duplicate field `")?
        .split('`')
        .next()?;
    let needle = format!("{key}:");
    let mut seen = 0;
    let mut offset = 0;
    for line in yaml.split_inclusive('\n') {
        if line.starts_with(&needle) {
            seen += 1;
            if seen == 2 {
                return Some(offset);
            }
        }
        offset += line.len();
    }
    None
}

/// serde gives no location for a value our own code refused (a date): find its key's line.
fn date_offset(yaml: &str, message: &str) -> Option<usize> {
    let (key, _) = message.split_once(DATE_ERROR)?;
    value_offset(yaml, key)
}

/// `title："…"` or `title:　"…"`: a key followed by a full-width colon or a full-width
/// space (IME slips), which YAML reads as plain text. Looked for only once the YAML failed
/// to parse; gives the slip's offset.
fn full_width_colon(yaml: &str, path: &str) -> Option<(usize, Diagnostic)> {
    let mut start = 0;
    for line in yaml.split_inclusive('\n') {
        let key_len = line
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(0);
        let key = &line[..key_len];
        let rest = &line[key_len..];
        let slip = if key_len == 0 {
            None
        } else if let Some(value) = rest.strip_prefix('：') {
            Some((0, value, true))
        } else {
            rest.strip_prefix(":\u{3000}")
                .map(|value| (1, value, false))
        };
        if let Some((at, value, colon)) = slip {
            let value = value.trim_start_matches([' ', '\u{3000}']).trim_end();
            let fixed = format!("{key}: {value}");
            let (message, help) = if colon {
                (
                    text!("full-width-colon", key = key),
                    text!("full-width-help", fixed = fixed),
                )
            } else {
                (
                    text!("full-width-space-after-colon", key = key),
                    text!("full-width-space-after-colon-help", fixed = fixed),
                )
            };
            let d = Diagnostic::error(Code::FullWidthSyntax, path, message).with_help(help);
            return Some((start + key_len + at, d));
        }
        start += line.len();
    }
    None
}

/// Rewrites serde_yaml's messages in words a web editor understands.
fn yaml_diagnostic(raw: &str, path: &str) -> Diagnostic {
    // serde_yaml appends " at line X column Y"; our location replaces it.
    let message = plain_words(
        &raw.split(" at line ")
            .next()
            .unwrap_or(raw)
            .replace('`', "'"),
    );
    // Type errors come as "<key>: invalid type: …".
    let (key, detail) = match message.split_once(": invalid type: ") {
        Some((key, detail)) if !key.contains(' ') => {
            (Some(key.to_string()), Some(detail.to_string()))
        }
        _ => (
            None,
            message.strip_prefix("invalid type: ").map(str::to_string),
        ),
    };
    let (code, message, help) = if let Some((key, rest)) = message.split_once(DATE_ERROR) {
        let mut parts = rest.split(DATE_ERROR);
        let mut part = || parts.next().unwrap_or_default();
        (
            Code::InvalidDate,
            text!(
                "invalid-date",
                key = key,
                value = part(),
                problem = part(),
                days = part()
            ),
            text!("invalid-date-help", key = key),
        )
    } else if message.contains("missing field 'title'") {
        (
            Code::MissingTitle,
            text!("missing-title"),
            text!("missing-title-help"),
        )
    } else if let Some(rest) = message.strip_prefix("unknown field ") {
        let name = rest.split(',').next().unwrap_or(rest);
        (
            Code::UnknownFrontMatterKey,
            text!("unknown-front-matter-key", name = name),
            text!("unknown-front-matter-key-help"),
        )
    } else if message.starts_with("duplicate field") {
        let name = message.trim_start_matches("duplicate field ");
        (
            Code::DuplicateKey,
            text!("duplicate-key", name = name),
            text!("duplicate-key-help"),
        )
    } else if let Some(detail) = detail {
        let key = key.unwrap_or_else(|| "a key".into());
        match number_as_text(&key, &detail) {
            Some((typed, number)) if typed.is_ascii() => (
                Code::WrongType,
                text!("wrong-type-front-matter", key = key, detail = detail),
                text!(
                    "front-matter-quoted-number-hint",
                    key = key,
                    number = number
                ),
            ),
            Some((typed, number)) => (
                Code::FullWidthSyntax,
                text!("full-width-number", key = key, typed = typed),
                text!("full-width-number-help", key = key, number = number),
            ),
            None => (
                Code::WrongType,
                text!("wrong-type-front-matter", key = key, detail = detail),
                field_hint(&key),
            ),
        }
    } else if message.contains("tab character") {
        (
            Code::YamlSyntax,
            text!("yaml-syntax-tab"),
            text!("yaml-syntax-tab-help"),
        )
    } else {
        (
            Code::YamlSyntax,
            text!("yaml-syntax", detail = message),
            text!("yaml-syntax-help"),
        )
    };
    Diagnostic::error(code, path, message).with_help(help)
}

/// An unclosed quote is reported by YAML where the text ended; the editor needs the line
/// where the quote opens: the first line with an odd number of that quote.
fn unclosed_quote_offset(yaml: &str, message: &str) -> Option<usize> {
    if !message.contains("quoted scalar") {
        return None;
    }
    let mut start = 0;
    for line in yaml.split_inclusive('\n') {
        // The quote that opens a value: after `key: ` or `- `.
        let value = line
            .split_once(": ")
            .map(|(_, v)| v)
            .or_else(|| line.trim_start().strip_prefix("- "))
            .map(str::trim_start);
        if let Some(quote) = value
            .and_then(|v| v.chars().next())
            .filter(|c| *c == '"' || *c == '\'')
        {
            let escaped = format!("\\{quote}");
            if (line.matches(quote).count() - line.matches(escaped.as_str()).count()) % 2 == 1 {
                return line.find(quote).map(|at| start + at);
            }
        }
        start += line.len();
    }
    None
}

/// serde's Rust type names in words an editor knows (`expected i64` → a whole number).
fn plain_words(message: &str) -> String {
    const WORDS: [(&str, &str); 9] = [
        (
            "expected struct FrontMatter",
            "expected lines of the form key: value",
        ),
        ("expected i64", "expected a whole number"),
        ("expected u32", "expected a whole number from 0 up"),
        ("expected u64", "expected a whole number from 0 up"),
        ("expected a sequence", "expected a list"),
        ("expected a borrowed string", "expected text"),
        ("expected a string", "expected text"),
        (
            "invalid type: map",
            "invalid type: a group of key: value lines",
        ),
        ("invalid type: sequence", "invalid type: a list"),
    ];
    let mut out = message.to_string();
    for (rust, plain) in WORDS {
        out = out.replace(rust, plain);
    }
    out
}

/// `step: １` or `weight: "10"`: a number key whose value YAML read as text, because it
/// was typed with full-width digits or put in quotes. Gives the text and the number meant.
fn number_as_text(key: &str, detail: &str) -> Option<(String, String)> {
    if !matches!(key, "step" | "weight") {
        return None;
    }
    let typed = detail.strip_prefix("string \"")?.split('"').next()?.trim();
    let number = crate::markdown::narrow_str(typed);
    let digits = number.strip_prefix('-').unwrap_or(&number);
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| (typed.to_string(), number))
}

fn field_hint(key: &str) -> Text {
    match key {
        "weight" | "step" => text!("front-matter-number-hint", key = key),
        "draft" => text!("front-matter-draft-hint"),
        "aliases" => text!("front-matter-aliases-hint"),
        "updated" | "reviewed" => text!("front-matter-date-hint", key = key),
        _ => text!("front-matter-text-hint", key = key),
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;

    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("---".to_string()),
            Just("...".to_string()),
            Just("title: ".to_string()),
            Just("step: ".to_string()),
            Just("\u{feff}".to_string()),
            Just("\r\n".to_string()),
            Just("\n".to_string()),
            Just("\t".to_string()),
            Just(": ".to_string()),
            Just("[".to_string()),
            Just("{".to_string()),
            "[a-z0-9 ぁ-ん一-龥\"']{0,12}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        /// Splitting and parsing never panic, and every error points inside the file.
        #[test]
        fn never_panics_and_locates_errors(pieces in proptest::collection::vec(piece(), 0..30)) {
            let text: String = pieces.concat();
            let index = LineIndex::new(&text);
            let lines = text.split('\n').count();
            let result = match split_front_matter(&text, "p.md", &index) {
                Ok(split) => {
                    prop_assert!(text.get(split.body_start..).is_some(), "the body starts on a character boundary");
                    parse_front_matter(&text, &split, "p.md", &index).map(|_| ())
                }
                Err(d) => Err(d),
            };
            if let Err(d) = result {
                prop_assert!(d.line >= 1 && d.line <= lines, "line {} of {}", d.line, lines);
                prop_assert!(d.help.is_some());
            }
        }
    }
}
