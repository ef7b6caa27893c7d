//! The reference page of every diagnostic code (`docs/diagnostics.md` and its Japanese
//! twin), generated from the catalogue so it cannot drift from what `tebiki explain` says.
//! A test compares the committed files with [`reference_page`].

use std::fmt::Write as _;

use super::{message, Code, Lang};

/// The committed file of `lang`'s reference page, relative to the repository root.
pub fn reference_path(lang: Lang) -> String {
    match lang {
        Lang::En => "docs/diagnostics.md".into(),
        other => format!("docs/diagnostics.{}.md", other.tag()),
    }
}

/// The whole reference page in `lang`: a table of codes, then each explanation.
pub fn reference_page(lang: Lang) -> String {
    let mut page = format!(
        "# {}\n\n<!-- {} -->\n\n{}\n\n",
        message(lang, "reference-title", &[]),
        message(lang, "reference-generated", &[]),
        message(lang, "reference-intro", &[]),
    );
    let _ = writeln!(
        page,
        "| {} | {} |\n|---|---|",
        message(lang, "reference-code", &[]),
        message(lang, "reference-severity", &[])
    );
    for &code in Code::ALL {
        let _ = writeln!(
            page,
            "| [`{0}`](#{0}) | {1} |",
            code.name(),
            severity(code, lang)
        );
    }
    for &code in Code::ALL {
        let _ = write!(
            page,
            "\n## {}\n\n{}: {}\n\n{}\n",
            code.name(),
            message(lang, "reference-severity", &[]),
            severity(code, lang),
            code.explanation(lang)
        );
    }
    page
}

fn severity(code: Code, lang: Lang) -> String {
    let id = match code.default_severity() {
        super::Severity::Error => "severity-error",
        super::Severity::Warning => "severity-warning",
    };
    message(lang, id, &[])
}
