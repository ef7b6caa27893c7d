//! `tebiki check`: build the site in memory, check it, print the report. Writes nothing.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::Instant;

use super::Outcome;
use crate::build::{build_site, resolve_root, BuildOptions, Mode};
use crate::check::format::{self, Format};
use crate::check::repo_path::repository_prefix;
use crate::check::{check_site, exit_code, CheckRun};
use crate::dates::{parse_date, Date};
use crate::diagnostics::{use_color, Lang};

/// Options of `tebiki check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The site folder (the one holding site.toml).
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Also check http(s) links over the network (cached; see [check] in site.toml).
    #[arg(long)]
    pub external: bool,
    /// The most seconds all external checks together may take; links not reached in
    /// time are listed as "not checked (time budget)".
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    pub external_timeout: u64,
    /// How to print the problems found.
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Use this address instead of base_url from site.toml; also read from
    /// TEBIKI_BASE_URL.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Check pages marked `draft: true` too.
    #[arg(long)]
    pub drafts: bool,
    /// With `--format github`: the site folder's path from the repository root, so
    /// annotations attach to the pull request's lines (default: asked of git).
    #[arg(long, value_name = "DIR")]
    pub path_prefix: Option<PathBuf>,
    /// Count page ages (stale_after_days) up to this date instead of today.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_today)]
    pub today: Option<Date>,
}

fn parse_today(text: &str) -> Result<Date, String> {
    parse_date(text).map_err(|e| format!("{e}; write the date as YYYY-MM-DD, e.g. 2026-04-01"))
}

pub fn run(args: CheckArgs, lang: Lang) -> Outcome {
    let started = Instant::now();
    let options = BuildOptions {
        root: resolve_root(args.root.as_deref()),
        output: None,
        drafts: args.drafts,
        base_url: crate::base_url::resolve_base_url(args.base_url),
        no_cache: false,
    };
    let built = match build_site(&options, Mode::Check) {
        Ok(built) => built,
        Err(error) if args.format == Format::Github => {
            let prefix = repository_prefix(&options.root, args.path_prefix.as_deref());
            print_stdout(&format::github_error(&error, &prefix, lang));
            return Err(error);
        }
        Err(error) => return Err(error),
    };
    let run = CheckRun {
        external: args.external,
        budget: std::time::Duration::from_secs(args.external_timeout.max(1)),
        progress: (args.format == Format::Human && std::io::stderr().is_terminal()).then_some(lang),
        today: args.today,
    };
    let report = check_site(&built, &run);
    match args.format {
        Format::Human => {
            let color = use_color(std::io::stderr().is_terminal());
            crate::err!("{}", format::human(&report, color, lang));
            let took = [
                ("summary", format::summary(&report, lang)),
                ("ms", started.elapsed().as_millis().to_string()),
            ];
            crate::errln!("{}", crate::diagnostics::message(lang, "check-took", &took));
        }
        Format::Json => print_stdout(&format::json(&report, lang)),
        Format::Github => {
            let prefix = repository_prefix(&options.root, args.path_prefix.as_deref());
            print_stdout(&format::github(&report, &prefix, lang))
        }
    }
    Ok(exit_code(&report, args.deny_warnings))
}

fn print_stdout(text: &str) {
    // A closed pipe (`| head -c1`) is not an error of the check: the exit code says it.
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}
