//! `tebiki explain CODE`: what a diagnostic code means, with a wrong and a corrected
//! example, in the chosen language; `--list` names every code.

use super::Outcome;
use crate::diagnostics::{message, Code, Lang};

/// Options of `tebiki explain`.
#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// The code, as printed in `error[CODE]`, e.g. broken-anchor.
    #[arg(value_name = "CODE", required_unless_present = "list")]
    pub code: Option<String>,
    /// List every code with its severity instead.
    #[arg(long, conflicts_with = "code")]
    pub list: bool,
}

pub fn run(args: ExplainArgs, lang: Lang) -> Outcome {
    let Some(wanted) = args.code.as_deref().filter(|_| !args.list) else {
        for &code in Code::ALL {
            crate::outln!("{:<28} {}", code.name(), severity_word(code, lang));
        }
        return Ok(0);
    };
    let wanted = wanted
        .trim()
        .trim_start_matches("error[")
        .trim_end_matches(']');
    match Code::from_name(wanted) {
        Some(code) => {
            crate::outln!("{} ({})\n", code.name(), severity_word(code, lang));
            crate::outln!("{}", code.explanation(lang));
            Ok(0)
        }
        None => {
            let names = Code::ALL.iter().map(|c| c.name());
            let arg = [("code", wanted.to_string())];
            crate::errln!("error: {}", message(lang, "explain-unknown", &arg));
            let help = match crate::suggest::closest(wanted, names) {
                Some(best) => message(lang, "explain-did-you-mean", &[("code", best.into())]),
                None => message(lang, "explain-see-list", &[]),
            };
            crate::errln!("  help: {help}");
            Ok(2)
        }
    }
}

fn severity_word(code: Code, lang: Lang) -> String {
    let id = match code.default_severity() {
        crate::diagnostics::Severity::Error => "severity-error",
        crate::diagnostics::Severity::Warning => "severity-warning",
    };
    message(lang, id, &[])
}
