//! The snippets of every language, read and split into lines once per build.
//!
//! A snippet is `content/<lang>/_snippets/NAME.md`. Reading finds, once, which of its
//! lines are `::: include` lines (outside fenced code), so expanding it into a thousand
//! pages never scans it again.

use crate::diagnostics::Code;
use crate::text;
use std::collections::BTreeMap;

use crate::diagnostics::{Diagnostic, LineIndex};
use crate::markdown::{lines_inclusive, FenceTracker};

use super::include_line::include_indent;

/// The folder below `content/<lang>/` that holds snippets.
pub const SNIPPETS_DIR: &str = "_snippets";

/// One snippet file of one language.
#[derive(Debug)]
pub struct Snippet {
    pub name: String,
    pub lang: usize,
    /// As named in diagnostics, e.g. `content/ja/_snippets/add-method.md`.
    pub display_path: String,
    pub text: String,
    pub line_index: LineIndex,
    /// Its lines, in order.
    pub(super) lines: Vec<Line>,
}

/// One line of a snippet: its byte range (newline included) and whether it includes.
#[derive(Debug, Clone, Copy)]
pub(super) struct Line {
    pub start: usize,
    pub end: usize,
    pub include: bool,
}

impl Snippet {
    /// Splits `text` into lines, marking include lines.
    pub fn new(name: String, lang: usize, display_path: String, text: String) -> Self {
        let mut lines = Vec::new();
        let mut fence = FenceTracker::default();
        let mut start = 0;
        for line in lines_inclusive(&text) {
            let content = line.trim_end_matches(['\n', '\r']);
            let in_code = fence.update(content);
            lines.push(Line {
                start,
                end: start + line.len(),
                include: !in_code && include_indent(content).is_some(),
            });
            start += line.len();
        }
        Snippet {
            name,
            lang,
            display_path,
            line_index: LineIndex::new(&text),
            text,
            lines,
        }
    }
}

impl Snippet {
    /// What must match between translations, with 1-based lines: block opening lines
    /// (kind and id), include lines (name) and numbered list items (their indentation).
    pub fn outline(&self) -> Vec<(usize, String)> {
        let mut outline = Vec::new();
        let mut fence = FenceTracker::default();
        for (n, line) in self.lines.iter().enumerate() {
            let content = self.text[line.start..line.end].trim_end_matches(['\n', '\r']);
            if fence.update(content) {
                continue;
            }
            if let Some(entry) = outline_entry(content, line.include) {
                outline.push((n + 1, entry));
            }
        }
        outline
    }
}

fn outline_entry(content: &str, include: bool) -> Option<String> {
    let trimmed = content.trim_start();
    if include {
        return Some(format!(
            "::: include {}",
            super::parse_include_line(content).name
        ));
    }
    if let Some(rest) = trimmed.strip_prefix(":::") {
        let kind = rest
            .trim_start_matches(':')
            .split_whitespace()
            .next()
            .unwrap_or("");
        let id = rest
            .split(['{', ' ', '}'])
            .find(|t| t.starts_with('#'))
            .unwrap_or("");
        return Some(format!("::: {kind} {id}").trim_end().to_string());
    }
    let digits = trimmed.len()
        - trimmed
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .len();
    let rest = &trimmed[digits..];
    let numbered = digits > 0 && (rest.starts_with(". ") || rest.starts_with(") "));
    numbered.then(|| {
        format!(
            "a numbered item at column {}",
            content.len() - trimmed.len() + 1
        )
    })
}

/// Every snippet, by language and name.
#[derive(Debug, Default)]
pub struct SnippetLibrary {
    by_lang: Vec<BTreeMap<String, Snippet>>,
    default_language: usize,
}

impl SnippetLibrary {
    pub fn new(languages: usize, default_language: usize) -> Self {
        SnippetLibrary {
            by_lang: (0..languages).map(|_| BTreeMap::new()).collect(),
            default_language,
        }
    }

    pub fn insert(&mut self, snippet: Snippet) {
        if let Some(map) = self.by_lang.get_mut(snippet.lang) {
            map.insert(snippet.name.clone(), snippet);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.by_lang.iter().all(BTreeMap::is_empty)
    }

    /// The snippet `name` of language `lang`, else (as for pages) the default
    /// language's, else the first language's that has it.
    pub fn find(&self, lang: usize, name: &str) -> Option<&Snippet> {
        let of = |l: usize| self.by_lang.get(l).and_then(|m| m.get(name));
        of(lang)
            .or_else(|| of(self.default_language))
            .or_else(|| (0..self.by_lang.len()).find_map(of))
    }

    /// Every snippet name, in any language (for "did you mean").
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.by_lang
            .iter()
            .flat_map(|m| m.keys().map(String::as_str))
    }

    /// Every snippet of language `lang`.
    pub fn of_language(&self, lang: usize) -> impl Iterator<Item = &Snippet> {
        self.by_lang.get(lang).into_iter().flat_map(|m| m.values())
    }

    /// The same snippet in language `lang`, if written.
    pub fn translation(&self, snippet: &Snippet, lang: usize) -> Option<&Snippet> {
        self.by_lang.get(lang)?.get(&snippet.name)
    }
}

/// A snippet missing in a language is used from another one (like a page); this is
/// the warning that says so, once per snippet and language.
pub fn missing_translation(
    snippet: &Snippet,
    language_code: &str,
    language_name: &str,
) -> Diagnostic {
    Diagnostic::warning(
        Code::MissingSnippetTranslation,
        &snippet.display_path,
        text!(
            "missing-snippet-translation",
            language = language_name,
            file = format!("content/{language_code}/{SNIPPETS_DIR}/{}.md", snippet.name)
        ),
    )
    .with_help(text!(
        "missing-snippet-translation-help",
        file = format!("content/{language_code}/{SNIPPETS_DIR}/{}.md", snippet.name)
    ))
}
