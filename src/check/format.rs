//! The three ways `tebiki check` reports: `human` (grouped by file, coloured on a
//! terminal), `json` (one document, schema version 1) and `github` (workflow commands
//! that GitHub Actions turns into annotations on the changed files).

use std::fmt::Write as _;

use serde::Serialize;

use super::{CheckReport, Stats};
use crate::diagnostics::{message, render_diagnostic, Code, Diagnostic, Lang, Severity};

/// Output format of `tebiki check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Github,
}

/// The human report: diagnostics grouped by file (a blank line between files).
pub fn human(report: &CheckReport, color: bool, lang: Lang) -> String {
    let mut out = String::new();
    let mut previous: Option<&std::path::Path> = None;
    for d in &report.diagnostics {
        if previous.is_some_and(|p| p != d.path) {
            out.push('\n');
        }
        previous = Some(&d.path);
        let _ = writeln!(out, "{}", render_diagnostic(d, color, lang));
    }
    out
}

/// The one-line summary printed after the human report.
pub fn summary(report: &CheckReport, lang: Lang) -> String {
    let (errors, warnings) = counts(&report.diagnostics);
    let s = &report.stats;
    let n = |value: usize| value.to_string();
    let mut line = message(
        lang,
        "check-summary",
        &[
            ("pages", n(s.pages)),
            ("links", n(s.links)),
            ("errors", n(errors)),
            ("warnings", n(warnings)),
        ],
    );
    let external = [
        ("external", n(s.external)),
        ("fetched", n(s.fetched)),
        ("cached", n(s.cached)),
    ];
    if s.fetched + s.cached > 0 {
        line.push_str(&message(lang, "check-summary-external", &external));
    } else if s.external > 0 {
        line.push_str(&message(
            lang,
            "check-summary-external-unchecked",
            &external,
        ));
    }
    line
}

fn counts(diagnostics: &[Diagnostic]) -> (usize, usize) {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    (errors, diagnostics.len() - errors)
}

/// The JSON document (schema version 1; field names are stable).
#[derive(Serialize)]
struct JsonReport {
    version: u32,
    /// The language of every `message` and `help` (`--messages`).
    language: Lang,
    summary: JsonSummary,
    diagnostics: Vec<JsonDiagnostic>,
}

#[derive(Serialize)]
struct JsonSummary {
    errors: usize,
    warnings: usize,
    #[serde(flatten)]
    stats: Stats,
}

#[derive(Serialize)]
struct JsonDiagnostic {
    severity: Severity,
    code: Code,
    path: String,
    /// 1-based; 0 when the problem concerns the whole file.
    line: usize,
    column: usize,
    message: String,
    help: Option<String>,
    /// The `::: include` lines that brought a snippet's problem in, innermost first
    /// (absent when the problem is in the page itself).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    included_from: Vec<JsonSite>,
}

#[derive(Serialize)]
struct JsonSite {
    path: String,
    line: usize,
    column: usize,
}

pub fn json(report: &CheckReport, lang: Lang) -> String {
    let (errors, warnings) = counts(&report.diagnostics);
    let document = JsonReport {
        version: 1,
        language: lang,
        summary: JsonSummary {
            errors,
            warnings,
            stats: report.stats,
        },
        diagnostics: report
            .diagnostics
            .iter()
            .map(|d| JsonDiagnostic {
                severity: d.severity,
                code: d.code,
                path: slash_path(&d.path),
                line: d.line,
                column: if d.line == 0 { 0 } else { d.column.max(1) },
                message: d.message.render(lang).into_owned(),
                help: d.help.as_ref().map(|h| h.render(lang).into_owned()),
                included_from: d
                    .included_from
                    .iter()
                    .map(|site| JsonSite {
                        path: slash_path(&site.path),
                        line: site.line,
                        column: site.column.max(1),
                    })
                    .collect(),
            })
            .collect(),
    };
    serde_json::to_string_pretty(&document).unwrap_or_default() + "\n"
}

/// GitHub Actions workflow commands, one per diagnostic.
/// `prefix` (`docs/mfa/`, see [`super::repo_path`]) makes the site-relative paths
/// relative to the repository root; a closing `::notice::` line gives the summary.
pub fn github(report: &CheckReport, prefix: &str, lang: Lang) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let path = slash_path(&d.path);
        let path = if d.path.is_relative() && !path.is_empty() {
            format!("{prefix}{path}")
        } else {
            path
        };
        let mut properties = format!("file={}", property(&path));
        if d.line > 0 {
            let _ = write!(properties, ",line={},col={}", d.line, d.column.max(1));
        }
        let _ = write!(properties, ",title={}", property(d.code.name()));
        let mut message = d.message.render(lang).into_owned();
        for site in d.included_from.iter() {
            let _ = write!(message, "\nincluded from {site}");
        }
        if let Some(help) = &d.help {
            let _ = write!(message, "\nhelp: {}", help.render(lang));
        }
        let _ = writeln!(out, "::{level} {properties}::{}", data(&message));
    }
    let _ = writeln!(
        out,
        "::notice title=tebiki check::{}",
        data(&summary(report, lang))
    );
    out
}

/// A failure before any page was checked (site.toml, I/O), as annotations: one per
/// diagnostic it carries, else one for the error itself.
pub fn github_error(error: &crate::error::Error, prefix: &str, lang: Lang) -> String {
    let mut out = String::new();
    for d in error.diagnostics() {
        let mut properties = format!(
            "file={}",
            property(&format!("{prefix}{}", slash_path(&d.path)))
        );
        if d.line > 0 {
            let _ = write!(properties, ",line={},col={}", d.line, d.column.max(1));
        }
        let _ = write!(properties, ",title={}", property(d.code.name()));
        let mut message = d.message.render(lang).into_owned();
        if let Some(help) = &d.help {
            let _ = write!(message, "\nhelp: {}", help.render(lang));
        }
        let _ = writeln!(out, "::error {properties}::{}", data(&message));
    }
    if out.is_empty() {
        let _ = writeln!(
            out,
            "::error title=tebiki check::{}",
            data(&error.text().render(lang))
        );
    }
    out
}

fn slash_path(path: &std::path::Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Escapes a workflow command's message.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report() -> CheckReport {
        CheckReport {
            diagnostics: vec![
                Diagnostic::error(Code::BrokenAnchor, "content/ja/a,b.md", "100% no\nsuch")
                    .at((3, 7))
                    .with_help("did you mean '#x'?"),
                Diagnostic::warning(Code::OrphanPage, "content/en/x.md", "alone"),
            ],
            stats: Stats::default(),
        }
    }

    #[test]
    fn github_escapes_and_locates() {
        let text = github(&report(), "docs/", Lang::En);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "::error file=docs/content/ja/a%2Cb.md,line=3,col=7,title=broken-anchor::100%25 no%0Asuch%0Ahelp: did you mean '#x'?");
        assert_eq!(
            lines[1],
            "::warning file=docs/content/en/x.md,title=orphan-page::alone"
        );
        assert!(lines[2].starts_with("::notice title=tebiki check::checked "));
    }

    #[test]
    fn human_groups_by_file() {
        let text = human(&report(), false, Lang::En);
        assert!(text.contains("such\n  help: did you mean '#x'?\n  = explain: tebiki explain broken-anchor\n\ncontent/en/x.md: warning[orphan-page]: alone\n"), "{text}");
    }
}
