//! The one printer of diagnostics, shared by `build`, `check` and `serve`: like a compiler,
//! `path:line:col: error[code]: message`, then the include chain, the help line and a
//! pointer to the code's explanation, in the reader's language.

use std::io::{self, IsTerminal, Write};

use super::{message, Diagnostic, Lang, Severity};

/// Whether to colour output, by the conventions terminals and CI share (the same rules
/// as `anstream`, read with `anstyle-query`): `NO_COLOR` turns colour off, then
/// `CLICOLOR_FORCE` turns it on, then `CLICOLOR=0` off; otherwise colour only on a
/// terminal that is not `TERM=dumb`.
pub fn use_color(stream_is_terminal: bool) -> bool {
    if anstyle_query::no_color() {
        return false;
    }
    if anstyle_query::clicolor_force() {
        return true;
    }
    if anstyle_query::clicolor() == Some(false) {
        return false;
    }
    stream_is_terminal && anstyle_query::term_supports_color()
}

/// Prints diagnostics to stderr like a compiler, coloured when stderr is a terminal.
pub fn print_diagnostics(diagnostics: &[Diagnostic], lang: Lang) {
    let color = use_color(io::stderr().is_terminal());
    let mut err = io::stderr().lock();
    for diagnostic in diagnostics {
        let _ = writeln!(err, "{}", render_diagnostic(diagnostic, color, lang));
    }
}

/// One diagnostic as text in `lang`, optionally with ANSI colours.
///
/// The words `error`, `warning`, `help` and `included from` stay English in every
/// language: editors and CI find problems by them, like a compiler's output.
pub fn render_diagnostic(d: &Diagnostic, color: bool, lang: Lang) -> String {
    let paint = |style: &str, text: &str| match color {
        true => format!("\x1b[{style}m{text}\x1b[0m"),
        false => text.to_string(),
    };
    let (level, style) = match d.severity {
        Severity::Error => ("error", "1;31"),
        Severity::Warning => ("warning", "1;33"),
    };
    let mut out = format!(
        "{}: {}: {}",
        paint("1", &d.location()),
        paint(style, &format!("{level}[{}]", d.code)),
        d.message.render(lang)
    );
    for site in d.included_from.iter() {
        out.push_str(&format!("\n  {} {site}", paint("1;34", "included from")));
    }
    if let Some(help) = &d.help {
        out.push_str(&format!(
            "\n  {}: {}",
            paint("1;36", "help"),
            help.render(lang)
        ));
    }
    let explain = message(lang, "explain-pointer", &[("code", d.code.to_string())]);
    out.push_str(&format!("\n  {} {explain}", paint("1", "=")));
    out
}
