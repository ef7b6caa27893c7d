//! Snippets: reusable Markdown in `content/<lang>/_snippets/`, inserted into pages by
//! `::: include NAME {key=value}` lines.
//!
//! [`expand_includes`] runs between load and markdown: it replaces each include line
//! of a page by the snippet's lines (indented like the include line, `{{ key }}`
//! replaced by the include's arguments, nested includes expanded in turn) and returns
//! one text with a [`SourceMap`], through which every later diagnostic finds the
//! snippet's `path:line:col` and the include lines that led there.
//!
//! An include line is a block of its own, like a `:::` directive: when the line above it
//! (or below it) is text, a blank line is put between them, so a snippet never joins the
//! paragraph it is written under, and the text after it never joins the snippet's.
//!
//! `{{ name }}` references that are not arguments are left for the markdown stage,
//! which looks them up in the page's `params:` and then site.toml.

mod include_line;
mod library;
mod source_map;

use crate::diagnostics::Code;
use crate::diagnostics::Text;
use crate::text;
use std::borrow::Cow;

pub use include_line::{include_indent, parse_include_line, IncludeLine};
pub use library::{missing_translation, Snippet, SnippetLibrary, SNIPPETS_DIR};
pub use source_map::{IncludeSite, Location, SourceFile, SourceMap};

use crate::diagnostics::{Diagnostic, LineIndex};
use crate::markdown::{lines_inclusive, FenceTracker};

/// How deep includes may nest before we assume a mistake.
const MAX_DEPTH: usize = 16;

/// One page to expand.
pub struct ExpandInput<'a> {
    /// The whole file, front matter included (positions are file positions).
    pub text: &'a str,
    pub body_start: usize,
    pub line_index: &'a LineIndex,
    /// The page as named in diagnostics.
    pub path: &'a str,
    pub lang: usize,
    pub library: &'a SnippetLibrary,
}

/// A page body with its includes expanded, and where each part came from.
#[derive(Debug)]
pub struct Expanded<'a> {
    pub text: Cow<'a, str>,
    pub map: SourceMap<'a>,
    /// Problems with the include lines themselves (missing snippet, cycle …).
    pub diagnostics: Vec<Diagnostic>,
}

/// Expands every `::: include` line of a page (outside fenced code).
pub fn expand_includes<'a>(input: &ExpandInput<'a>) -> Expanded<'a> {
    let body = input.text.get(input.body_start..).unwrap_or("");
    let page = SourceFile {
        path: input.path,
        text: input.text,
        index: input.line_index,
    };
    // Most pages include nothing: one substring search answers for them.
    if memchr::memmem::find(body.as_bytes(), b"include").is_none() {
        return Expanded {
            text: Cow::Borrowed(body),
            map: SourceMap::page(page, input.body_start),
            diagnostics: Vec::new(),
        };
    }
    let mut expander = Expander {
        out: String::with_capacity(body.len() * 2),
        map: SourceMap::empty(page),
        diagnostics: Vec::new(),
        chain: Vec::new(),
        after_include: false,
        lang: input.lang,
        library: input.library,
    };
    expander.page(body, input.body_start);
    Expanded {
        text: Cow::Owned(expander.out),
        map: expander.map,
        diagnostics: expander.diagnostics,
    }
}

/// Where an include line stands: its file, the offset of its line, the include that
/// brought that file in, and the indentation its snippet's lines get.
struct Site<'t> {
    file: usize,
    offset: usize,
    parent: Option<usize>,
    indent: &'t str,
}

struct Expander<'a> {
    out: String,
    map: SourceMap<'a>,
    diagnostics: Vec<Diagnostic>,
    /// The snippets being expanded, outermost first (to find cycles).
    chain: Vec<&'a str>,
    /// An include was just expanded: the next line, if it is text, gets a blank line
    /// before it.
    after_include: bool,
    lang: usize,
    library: &'a SnippetLibrary,
}

impl<'a> Expander<'a> {
    fn page(&mut self, body: &str, body_start: usize) {
        let mut fence = FenceTracker::default();
        let mut offset = body_start;
        for line in lines_inclusive(body) {
            let content = line.trim_end_matches(['\n', '\r']);
            let in_code = fence.update(content);
            match include_indent(content).filter(|_| !in_code) {
                Some(indent) => {
                    let site = Site {
                        file: 0,
                        offset,
                        parent: None,
                        indent: "",
                    };
                    self.include(content, &content[..indent], site);
                }
                None => {
                    self.separate_from_include(content, (0, offset), None);
                    self.copy(line, (0, offset), None);
                }
            }
            offset += line.len();
        }
    }

    /// Puts a blank line between an include and the text line `content` right after it.
    fn separate_from_include(
        &mut self,
        content: &str,
        from: (usize, usize),
        include: Option<usize>,
    ) {
        if std::mem::take(&mut self.after_include) && !content.trim().is_empty() {
            self.insert("\n", from, include);
        }
    }

    /// Whether the output ends with a line of text (not blank, not the start).
    fn ends_with_text(&self) -> bool {
        let Some(before) = self.out.strip_suffix('\n') else {
            return !self.out.is_empty();
        };
        let last = before.rfind('\n').map_or(before, |at| &before[at + 1..]);
        !last.trim().is_empty()
    }

    fn copy(&mut self, text: &str, from: (usize, usize), include: Option<usize>) {
        self.map.push(self.out.len(), from, true, include);
        self.out.push_str(text);
    }

    /// Text that is in no file at this place (indentation, an argument's value, a
    /// missing final newline): mapped to `from`.
    fn insert(&mut self, text: &str, from: (usize, usize), include: Option<usize>) {
        if text.is_empty() {
            return;
        }
        self.map.push(self.out.len(), from, false, include);
        self.out.push_str(text);
    }

    /// Expands one include `line` (arguments already substituted) standing at `site`.
    fn include(&mut self, line: &str, own_indent: &str, site: Site) {
        let parsed = parse_include_line(line);
        let column = own_indent.len();
        let at = (site.file, site.offset + column);
        for (message, help) in &parsed.problems {
            self.error(
                Code::BadInclude,
                at,
                site.parent,
                message.clone(),
                help.clone(),
            );
        }
        if !parsed.problems.is_empty() {
            return;
        }
        let library = self.library;
        let Some(snippet) = library.find(self.lang, &parsed.name) else {
            self.missing(&parsed.name, at, site.parent);
            return;
        };
        if let Some(problem) = self.cycle(&parsed.name) {
            self.error(Code::IncludeCycle, at, site.parent, problem.0, problem.1);
            return;
        }
        self.unused_arguments(snippet, &parsed.args, at, site.parent);
        let id = self
            .map
            .add_include(at, site.parent, parsed.name.clone(), parsed.args);
        let file = self.map.file_index(SourceFile {
            path: &snippet.display_path,
            text: &snippet.text,
            index: &snippet.line_index,
        });
        let indent = format!("{}{own_indent}", site.indent);
        // A block of its own: not a continuation of the paragraph above.
        self.after_include = false;
        if self.ends_with_text() {
            self.insert("\n", at, site.parent);
        }
        self.chain.push(&snippet.name);
        self.snippet(snippet, file, id, &indent);
        self.chain.pop();
        self.after_include = true;
    }

    fn snippet(&mut self, snippet: &'a Snippet, file: usize, id: usize, indent: &str) {
        let args = self.map_args(id);
        for line in &snippet.lines {
            let text = &snippet.text[line.start..line.end];
            if line.include {
                let content = text.trim_end_matches(['\n', '\r']);
                let substituted = substitute_args(content, &args);
                let own = include_indent(&substituted).unwrap_or(0);
                let site = Site {
                    file,
                    offset: line.start,
                    parent: Some(id),
                    indent,
                };
                self.include(&substituted, &substituted[..own], site);
                continue;
            }
            self.separate_from_include(text, (file, line.start), Some(id));
            self.insert(indent, (file, line.start), Some(id));
            self.copy_with_args(text, (file, line.start), id, &args);
            if !text.ends_with('\n') {
                self.insert("\n", (file, line.end), Some(id));
            }
        }
    }

    fn map_args(&self, id: usize) -> Vec<(String, String)> {
        self.map
            .include(id)
            .map(|s| s.args.clone())
            .unwrap_or_default()
    }

    /// Copies a snippet line, replacing `{{ key }}` by the include's argument `key`.
    fn copy_with_args(
        &mut self,
        text: &str,
        (file, start): (usize, usize),
        id: usize,
        args: &[(String, String)],
    ) {
        let mut rest = 0;
        for (from, to, value) in argument_references(text, args) {
            self.copy(&text[rest..from], (file, start + rest), Some(id));
            let value = match inside_html_tag(&text[..from]) {
                true => Cow::Owned(crate::markdown::escape_html(value)),
                false => Cow::Borrowed(value),
            };
            self.insert(&value, (file, start + from), Some(id));
            rest = to;
        }
        self.copy(&text[rest..], (file, start + rest), Some(id));
    }

    /// Arguments whose name the snippet never mentions are most likely misspelt.
    fn unused_arguments(
        &mut self,
        snippet: &Snippet,
        args: &[(String, String)],
        at: (usize, usize),
        parent: Option<usize>,
    ) {
        for (key, _) in args
            .iter()
            .filter(|(k, _)| !snippet.text.contains(k.as_str()))
        {
            let used = referenced_names(&snippet.text);
            let help = match crate::suggest::closest(key, used.iter().copied()) {
                Some(best) => text!("unused-argument-did-you-mean", best = best),
                None => text!(
                    "unused-argument-help",
                    key = key,
                    file = snippet.display_path
                ),
            };
            let location = self.map.location(at.0, at.1, parent);
            let mut d = Diagnostic::warning(
                Code::UnusedArgument,
                location.path,
                text!("unused-argument", snippet = snippet.name, key = key),
            )
            .at((location.line, location.column))
            .with_help(help);
            d.included_from = location.included_from.into();
            self.diagnostics.push(d);
        }
    }

    /// The cycle that including `name` would close: (message, help).
    fn cycle(&self, name: &str) -> Option<(Text, Text)> {
        if self.chain.len() >= MAX_DEPTH {
            return Some((
                text!("include-too-deep", depth = MAX_DEPTH),
                text!("include-too-deep-help"),
            ));
        }
        let first = self.chain.iter().position(|n| *n == name)?;
        let mut path: Vec<&str> = self.chain[first..].to_vec();
        path.push(name);
        Some((
            text!("include-cycle", name = name, chain = path.join(" → ")),
            text!("include-cycle-help"),
        ))
    }

    fn missing(&mut self, name: &str, at: (usize, usize), parent: Option<usize>) {
        let help = match crate::suggest::closest(name, self.library.names()) {
            Some(best) => text!("did-you-mean", suggestion = format!("::: include {best}")),
            None => text!("missing-snippet-help", dir = SNIPPETS_DIR, name = name),
        };
        self.error(
            Code::MissingSnippet,
            at,
            parent,
            text!("missing-snippet", name = name),
            help,
        );
    }

    fn error(
        &mut self,
        code: Code,
        (file, offset): (usize, usize),
        include: Option<usize>,
        message: Text,
        help: Text,
    ) {
        let location = self.map.location(file, offset, include);
        let mut d = Diagnostic::error(code, location.path, message)
            .at((location.line, location.column))
            .with_help(help);
        d.included_from = location.included_from.into();
        self.diagnostics.push(d);
    }
}

/// `(start, end, value)` of every `{{ key }}` in `text` whose key is an argument.
fn argument_references<'v>(
    text: &str,
    args: &'v [(String, String)],
) -> Vec<(usize, usize, &'v str)> {
    let mut found = Vec::new();
    if args.is_empty() {
        return found;
    }
    let mut from = 0;
    while let Some(open) = text[from..].find("{{").map(|i| from + i) {
        let Some(len) = text[open + 2..].find("}}") else {
            break;
        };
        let name = text[open + 2..open + 2 + len].trim();
        let end = open + len + 4;
        if let Some((_, value)) = args.iter().find(|(k, _)| k == name) {
            found.push((open, end, value.as_str()));
        }
        from = end;
    }
    found
}

/// Whether a reference after `before` (its line so far) stands inside a raw HTML tag,
/// i.e. in an attribute: there the value is escaped, so it cannot end the attribute.
/// Elsewhere an argument is Markdown (`label="**Next**"`).
fn inside_html_tag(before: &str) -> bool {
    match (before.rfind('<'), before.rfind('>')) {
        (Some(open), Some(close)) => open > close,
        (Some(open), None) => before[open + 1..].starts_with(|c: char| c.is_ascii_alphabetic()),
        _ => false,
    }
}

/// The names of every `{{ name }}` in `text`.
fn referenced_names(text: &str) -> Vec<&str> {
    text.split("{{")
        .skip(1)
        .filter_map(|rest| rest.split_once("}}").map(|(name, _)| name.trim()))
        .collect()
}

/// `text` with every argument reference replaced.
fn substitute_args(text: &str, args: &[(String, String)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = 0;
    for (from, to, value) in argument_references(text, args) {
        out.push_str(&text[rest..from]);
        out.push_str(value);
        rest = to;
    }
    out.push_str(&text[rest..]);
    out
}

#[cfg(test)]
mod tests;
