//! Fatal errors: problems that stop a command before or after content is looked at
//! (I/O, configuration, usage, the dev server). Problems *in content* are
//! [`Diagnostic`](crate::diagnostics::Diagnostic)s instead, so all of them can be reported.

use std::path::PathBuf;

use crate::diagnostics::{Diagnostic, Lang, Text};
use crate::text;

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
    OutputDir { path: PathBuf, reason: Text },
    /// A wrong command-line value or a setup problem, in its own words (a translated
    /// message, possibly followed by a help line).
    #[error("{0}")]
    Usage(Text),
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
pub fn print_error(error: &Error, lang: Lang) {
    crate::diagnostics::print_diagnostics(error.diagnostics(), lang);
    // `error:` and `help:` stay English in every language, like the diagnostics' frame.
    let mut message = format!("error: {}", error.text().render(lang));
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        let line = text!("caused-by", cause = cause).render(lang).into_owned();
        message.push_str(&format!("\n  {line}"));
        source = cause.source();
    }
    if let Some(help) = help(error) {
        message.push_str(&format!("\n  help: {}", help.render(lang)));
    }
    crate::errln!("{message}");
}

impl Error {
    /// The error's own line, in any language: our sentence; a system's or a library's
    /// words follow as its causes.
    pub fn text(&self) -> Text {
        match self {
            Error::Read { path, .. } => text!("error-read", path = path.display()),
            Error::Write { path, .. } => text!("error-write", path = path.display()),
            Error::Config(d) => text!("error-config", count = d.len()),
            Error::Content(d) => text!("error-content", count = count_errors(d)),
            Error::OutputDir { path, reason } => {
                text!("error-output-dir", path = path.display()).then(reason.clone())
            }
            Error::Usage(text) => text.clone(),
            Error::Bind { addr, .. } => text!("error-bind", addr = addr),
        }
    }
}

/// A usage error's message followed by its help line.
pub fn with_help(message: Text, help: Text) -> Text {
    message.then(Text::Plain("\n  help: ".into())).then(help)
}

/// The next step for an error, when there is one.
fn help(error: &Error) -> Option<Text> {
    match error {
        Error::Read { path, source }
            if source.kind() == std::io::ErrorKind::NotFound && path.ends_with("site.toml") =>
        {
            let folder = path.parent().unwrap_or(path).display();
            Some(text!("error-no-site-help", folder = folder))
        }
        Error::Bind { .. } => Some(text!("error-bind-help")),
        _ => None,
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
