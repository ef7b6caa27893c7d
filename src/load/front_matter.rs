//! Splits a page into YAML front matter and Markdown body, and parses the front matter.
//!
//! This is the only module that touches `serde_yaml` (deprecated upstream), so replacing
//! it later changes one file. Errors point at the line in the page file itself.

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, LineIndex};

/// The keys a page may set between its `---` lines.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// The page title (required).
    pub title: String,
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
    /// Values for `{{ name }}` on this page and in the snippets it includes; they take
    /// precedence over site.toml's `[params]` (an include's own arguments come first).
    #[serde(default)]
    pub params: crate::config::Params,
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
            "missing-front-matter",
            path,
            "the page has no front matter, so it has no title",
        )
        .at((1, 1))
        .with_help("start the file with three lines: ---, title: \"Your title\", ---")
    };
    match lines.next() {
        Some((_, line)) if line.trim_end() == "---" => {}
        _ => return Err(missing()),
    }
    let yaml_start = lines.pos;
    while let Some((line_start, line)) = lines.next() {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Ok(Split {
                yaml: &text[yaml_start..line_start],
                yaml_start,
                body_start: lines.pos,
            });
        }
    }
    Err(Diagnostic::error(
        "unclosed-front-matter",
        path,
        "the front matter is never closed with a --- line",
    )
    .at(index.locate(text, start))
    .with_help("add a line with just --- after the last front-matter key"))
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

/// Parses the YAML of a [`Split`]; errors are located in the page file.
pub fn parse_front_matter(
    text: &str,
    split: &Split,
    path: &str,
    index: &LineIndex,
) -> Result<FrontMatter, Diagnostic> {
    if split.yaml.trim().is_empty() {
        return Err(Diagnostic::error(
            "missing-title",
            path,
            "the front matter is empty, so the page has no title",
        )
        .at(index.locate(text, split.yaml_start))
        .with_help("add a line: title: \"Your title\""));
    }
    serde_yaml::from_str::<FrontMatter>(split.yaml).map_err(|e| {
        let message = e.to_string();
        let offset = match (duplicate_offset(split.yaml, &message), e.location()) {
            (Some(offset), _) => split.yaml_start + offset,
            (None, Some(l)) => split.yaml_start + l.index(),
            (None, None) => split.yaml_start,
        };
        yaml_diagnostic(&message, path).at(index.locate(text, offset))
    })
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

/// Rewrites serde_yaml's messages in words a web editor understands.
fn yaml_diagnostic(raw: &str, path: &str) -> Diagnostic {
    // serde_yaml appends " at line X column Y"; our location replaces it.
    let message = raw
        .split(" at line ")
        .next()
        .unwrap_or(raw)
        .replace('`', "'");
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
    let (code, message, help) = if message.contains("missing field 'title'") {
        (
            "missing-title",
            "the page has no title".to_string(),
            "add a line: title: \"Your title\"".to_string(),
        )
    } else if let Some(rest) = message.strip_prefix("unknown field ") {
        let name = rest.split(',').next().unwrap_or(rest);
        (
            "unknown-front-matter-key",
            format!("unknown front-matter key {name}"),
            "the keys are: title, description, weight, step, template, draft".to_string(),
        )
    } else if message.starts_with("duplicate field") {
        let name = message.trim_start_matches("duplicate field ");
        (
            "duplicate-key",
            format!("the front matter sets {name} twice"),
            "keep only one of the two lines".to_string(),
        )
    } else if let Some(detail) = detail {
        let key = key.unwrap_or_else(|| "a key".into());
        (
            "wrong-type",
            format!("'{key}' has the wrong kind of value: {detail}"),
            field_hint(&key),
        )
    } else if message.contains("tab character") {
        (
            "yaml-syntax",
            "the front matter uses a tab for indentation".to_string(),
            "indent YAML with spaces, never tabs".to_string(),
        )
    } else {
        (
            "yaml-syntax",
            format!("the front matter is not valid YAML: {message}"),
            "check quotes and colons on this line; text containing ': ' needs quotes".to_string(),
        )
    };
    Diagnostic::error(code, path, message).with_help(help)
}

fn field_hint(key: &str) -> String {
    match key {
        "weight" | "step" => format!("{key} is a whole number, e.g. {key}: 2"),
        "draft" => "draft is true or false".into(),
        _ => format!("{key} is text; put it in quotes, e.g. {key}: \"…\""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<FrontMatter, Diagnostic> {
        let index = LineIndex::new(text);
        let split = split_front_matter(text, "p.md", &index)?;
        parse_front_matter(text, &split, "p.md", &index)
    }

    #[test]
    fn parses_keys_and_body_offset() {
        let text = "\u{feff}---\r\ntitle: はじめに\r\nstep: 2\r\n---\r\n# Body\n";
        let index = LineIndex::new(text);
        let split = split_front_matter(text, "p.md", &index).unwrap();
        assert_eq!(&text[split.body_start..], "# Body\n");
        let fm = parse(text).unwrap();
        assert_eq!((fm.title.as_str(), fm.step), ("はじめに", Some(2)));
    }

    #[test]
    fn yaml_errors_point_at_the_file_line() {
        let d = parse("---\ntitle: ok\nstep: two\n---\n").unwrap_err();
        assert_eq!((d.code, d.line), ("wrong-type", 3));
        let d = parse("---\ntitle: a\ncolour: red\n---\n").unwrap_err();
        assert_eq!((d.code, d.line), ("unknown-front-matter-key", 3));
        let d = parse("---\ntitle: a\ntitle: b\n---\n").unwrap_err();
        assert_eq!((d.code, d.line), ("duplicate-key", 3));
        let d = parse("---\ntitle: a\n\tstep: 1\n---\n").unwrap_err();
        assert_eq!((d.code, d.line), ("yaml-syntax", 3));
        assert!(d.help.unwrap().contains("tabs"));
    }

    #[test]
    fn missing_pieces_are_diagnostics() {
        assert_eq!(parse("").unwrap_err().code, "missing-front-matter");
        assert_eq!(
            parse("# Just markdown").unwrap_err().code,
            "missing-front-matter"
        );
        assert_eq!(
            parse("---\ntitle: x\n").unwrap_err().code,
            "unclosed-front-matter"
        );
        assert_eq!(parse("---\n---\nbody").unwrap_err().code, "missing-title");
        assert_eq!(
            parse("---\ndescription: x\n---\n").unwrap_err().code,
            "missing-title"
        );
    }
}

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
