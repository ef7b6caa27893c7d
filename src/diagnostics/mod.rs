//! Diagnostics: problems found in a user's files, with `path:line:col` locations.
//!
//! Every stage collects [`Diagnostic`]s instead of stopping at the first problem, so an
//! editor sees all of them at once. One printer ([`print_diagnostics`]) is shared by
//! `build`, `check` and `serve`, so the three commands always speak the same way.
//!
//! What a diagnostic means is its [`Code`] (the catalogue, with explanations for
//! `tebiki explain`); what it says is a [`Text`] rendered in the reader's [`Lang`].

mod catalogue;
#[cfg(test)]
mod message_use_tests;
mod messages;
mod print;
mod reference;

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub use catalogue::Code;
pub use messages::{message, FluentText, Lang, Text};
pub use print::{print_diagnostics, render_diagnostic, use_color};
pub use reference::{reference_page, reference_path};

/// How serious a problem is: errors fail a build, warnings do not (unless denied).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in one file, located by 1-based line and column (columns count characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// What the problem is; printed as its stable kebab-case name, e.g. `broken-anchor`.
    pub code: Code,
    /// The file, relative to the site root where possible.
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: Text,
    /// The next step, when there is one: "did you mean …", "add a title: line".
    pub help: Option<Text>,
    /// When the problem is inside a snippet: the `::: include` lines that brought it in,
    /// innermost first (like a compiler's macro backtrace). Empty otherwise.
    pub included_from: IncludeChain,
}

/// The include lines of a diagnostic, innermost first; empty for most diagnostics.
///
/// One pointer wide: many functions return a [`Diagnostic`] in `Err`, which should stay
/// small.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct IncludeChain(Option<Box<ChainList>>);

#[derive(Debug, Clone, PartialEq, Eq)]
struct ChainList(Vec<IncludedFrom>);

impl IncludeChain {
    pub fn is_empty(&self) -> bool {
        self.0.is_none()
    }
}

impl std::ops::Deref for IncludeChain {
    type Target = [IncludedFrom];

    fn deref(&self) -> &[IncludedFrom] {
        self.0.as_deref().map_or(&[], |list| &list.0)
    }
}

impl From<Vec<IncludedFrom>> for IncludeChain {
    fn from(sites: Vec<IncludedFrom>) -> Self {
        IncludeChain((!sites.is_empty()).then(|| Box::new(ChainList(sites))))
    }
}

impl serde::Serialize for IncludeChain {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

/// One `::: include` line on the way from a page to a snippet.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct IncludedFrom {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for IncludedFrom {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}",
            self.path.display(),
            self.line,
            self.column.max(1)
        )
    }
}

impl Diagnostic {
    pub fn error(code: Code, path: impl Into<PathBuf>, message: impl Into<Text>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            path: path.into(),
            line: 0,
            column: 0,
            message: message.into(),
            help: None,
            included_from: IncludeChain::default(),
        }
    }

    pub fn warning(code: Code, path: impl Into<PathBuf>, message: impl Into<Text>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, path, message)
        }
    }

    /// Sets the 1-based line and column.
    pub fn at(mut self, (line, column): (usize, usize)) -> Self {
        self.line = line;
        self.column = column;
        self
    }

    pub fn with_help(mut self, help: impl Into<Text>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The help line in English, if there is one.
    pub fn english_help(&self) -> Option<String> {
        self.help.as_ref().map(Text::english)
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `path:line:col` (or just `path` when the problem concerns the whole file).
    pub fn location(&self) -> String {
        let path = self.path.display();
        if self.line == 0 {
            format!("{path}")
        } else {
            format!("{path}:{}:{}", self.line, self.column.max(1))
        }
    }
}

/// The diagnostic as printed in English without colour.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&render_diagnostic(self, false, Lang::En))
    }
}

/// Maps byte offsets in one file's text to 1-based (line, column) positions.
///
/// Columns count characters, not bytes, so a Japanese line points at the right place.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// The length of the text, which every lookup must be given again.
    len: usize,
    /// Where each line starts, found at the first lookup: most texts never need one
    /// (a page without mistakes), and finding them cost 5 % of an unchanged rebuild.
    line_starts: OnceLock<Vec<usize>>,
}

impl LineIndex {
    /// The index of `text`'s lines (nothing is read until a position is looked up).
    pub fn new(text: &str) -> Self {
        LineIndex {
            len: text.len(),
            line_starts: OnceLock::new(),
        }
    }

    /// The (line, column) of `offset` within `text`, the same text the index was made for.
    pub fn locate(&self, text: &str, offset: usize) -> (usize, usize) {
        debug_assert_eq!(
            text.len(),
            self.len,
            "a line index looked up in another text"
        );
        let line_starts = self.line_starts.get_or_init(|| {
            let mut starts = vec![0];
            starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
            starts
        });
        let offset = offset.min(text.len());
        let line = line_starts.partition_point(|&start| start <= offset) - 1;
        let start = line_starts[line];
        let prefix = text.get(start..offset).unwrap_or("");
        let column = prefix.trim_end_matches('\r').chars().count() + 1;
        (line + 1, column)
    }
}

/// Sorts diagnostics by file and position, keeping the order of equal positions.
pub fn sort_diagnostics(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
}

/// A path shown relative to the site root when it lies inside it.
pub fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

/// An I/O error as arguments of a message: `reason_kind` (`denied`, `missing` or `other`)
/// and `reason`, the system's words for `other` (see `io-reason` in the messages).
pub fn io_reason_args(error: &std::io::Error) -> [(&'static str, String); 2] {
    use std::io::ErrorKind;
    let kind = match error.kind() {
        ErrorKind::PermissionDenied => "denied",
        ErrorKind::NotFound => "missing",
        _ => "other",
    };
    [
        ("reason_kind", kind.to_string()),
        ("reason", io_reason(error)),
    ]
}

/// An I/O error in words for web editors: no `(os error 13)` suffix.
pub fn io_reason(error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match error.kind() {
        ErrorKind::PermissionDenied => "permission denied".into(),
        ErrorKind::NotFound => "it does not exist".into(),
        _ => {
            let text = error.to_string();
            match text.find(" (os error") {
                Some(at) => text[..at].to_string(),
                None => text,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_counts_characters_not_bytes() {
        let text = "一行目\n日本語のテキスト [link](x)\n";
        let index = LineIndex::new(text);
        let offset = text.find("[link]").unwrap();
        assert_eq!(index.locate(text, offset), (2, 10));
        assert_eq!(index.locate(text, 0), (1, 1));
    }

    #[test]
    fn locate_ignores_carriage_returns() {
        let text = "a\r\nbc\r\n";
        let index = LineIndex::new(text);
        assert_eq!(index.locate(text, text.find('c').unwrap()), (2, 2));
    }

    #[test]
    fn display_has_location_code_and_help() {
        let d = Diagnostic::error(
            Code::BrokenAnchor,
            "content/ja/faq.md",
            "no such anchor '#phon'",
        )
        .at((12, 5))
        .with_help("did you mean '#phone'?");
        assert_eq!(
            d.to_string(),
            "content/ja/faq.md:12:5: error[broken-anchor]: no such anchor '#phon'\n  help: did you mean '#phone'?\n  = explain: tebiki explain broken-anchor"
        );
    }
}
