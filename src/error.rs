//! Fatal errors: problems that stop a command before or after content is looked at
//! (I/O, configuration, usage, the dev server). Problems *in content* are
//! [`Diagnostic`](crate::diagnostics::Diagnostic)s instead, so all of them can be reported.

use std::path::PathBuf;

use crate::diagnostics::Diagnostic;

/// A failure that ends a command with exit code 2 (or 1 for [`Error::Content`]).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("could not read {}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("could not write {}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// site.toml has problems; each is a diagnostic with its location.
    #[error("site.toml has {} problem(s)", .0.len())]
    Config(Vec<Diagnostic>),
    /// The content has errors; the build produced nothing.
    #[error("the site has {} error(s); nothing was written", count_errors(.0))]
    Content(Vec<Diagnostic>),
    #[error("unsafe output directory {}: {reason}", path.display())]
    OutputDir { path: PathBuf, reason: String },
    #[error("{0}")]
    Usage(String),
    #[error("the dev server could not start on {addr}")]
    Bind {
        addr: String,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

fn count_errors(diagnostics: &[Diagnostic]) -> usize {
    diagnostics.iter().filter(|d| d.is_error()).count()
}

impl Error {
    /// The process exit code: 1 for problems in content, 2 for everything else.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Content(_) => 1,
            _ => 2,
        }
    }

    /// Diagnostics carried by the error, to print before its summary line.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            Error::Config(d) | Error::Content(d) => d,
            _ => &[],
        }
    }
}

/// Prints an error with its whole cause chain, the one way every command reports failure.
pub fn print_error(error: &Error, lang: crate::diagnostics::Lang) {
    crate::diagnostics::print_diagnostics(error.diagnostics(), lang);
    let mut message = format!("error: {}", summary(error, lang));
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(&format!("\n  caused by: {cause}"));
        source = cause.source();
    }
    if let Some(help) = missing_site_help(error) {
        message.push_str(&help);
    }
    if let Error::Bind { .. } = error {
        message.push_str(
            "\n  help: another program may be using the port; try --port 0 or --port 8080",
        );
    }
    crate::errln!("{message}");
}

/// The error's own line in `lang`: the counts of content and site.toml problems are
/// translated; other errors name a path and a system error, shown as they are.
fn summary(error: &Error, lang: crate::diagnostics::Lang) -> String {
    let (id, count) = match error {
        Error::Content(d) => ("error-content", count_errors(d)),
        Error::Config(d) => ("error-config", d.len()),
        _ => return error.to_string(),
    };
    crate::diagnostics::message(lang, id, &[("count", count.to_string())])
}

/// The next step when a command runs outside a site folder (no site.toml).
fn missing_site_help(error: &Error) -> Option<String> {
    let Error::Read { path, source } = error else {
        return None;
    };
    if source.kind() != std::io::ErrorKind::NotFound || !path.ends_with("site.toml") {
        return None;
    }
    let folder = path.parent().unwrap_or(path).display();
    Some(format!(
        "\n  help: {folder} is not a tebiki site (it has no site.toml); run tebiki in the site \
         folder, point to it with --root path/to/site, or create a site here with tebiki init"
    ))
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
