//! The command line: parses arguments and sequences stages. No stage logic lives here.

mod build;
mod check;
mod explain;
mod init;
mod serve;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::diagnostics::Lang;
use crate::error::Error;

/// tebiki builds bilingual, step-by-step setup guides from Markdown.
#[derive(Debug, Parser)]
#[command(name = "tebiki", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// The language of tebiki's messages (default: TEBIKI_MESSAGES, else the locale:
    /// LC_ALL, LC_MESSAGES or LANG starting with "ja" gives Japanese, else English).
    #[arg(long, global = true, value_enum, value_name = "LANG")]
    pub messages: Option<Lang>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into its output directory (default: public/).
    Build(BuildArgs),
    /// Check links, anchors, images and translations without writing anything.
    Check(check::CheckArgs),
    /// Start a new site from the built-in MFA guide.
    Init(init::InitArgs),
    /// Serve the site locally, rebuilding and reloading the browser on every save.
    Serve(serve::ServeArgs),
    /// Explain a diagnostic code (e.g. broken-anchor): what it means and how to fix it.
    Explain(explain::ExplainArgs),
}

/// Options of `tebiki build`.
#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// The site folder (the one holding site.toml).
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Write the site here instead of output_dir from site.toml.
    #[arg(long, short, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Build for this address instead of base_url from site.toml (a preview deploy);
    /// also read from TEBIKI_BASE_URL.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Print errors only.
    #[arg(long, short)]
    pub quiet: bool,
    /// Also print how long each stage of the build took.
    #[arg(long)]
    pub timings: bool,
    /// Render every page instead of reusing what the last build rendered (the build cache
    /// in .tebiki/), and write a fresh cache.
    #[arg(long)]
    pub no_cache: bool,
}

/// Runs a parsed command line; returns the process exit code.
pub fn run(cli: Cli) -> i32 {
    let lang = Lang::choose(cli.messages, |name| std::env::var(name).ok());
    let result = match cli.command {
        Command::Build(args) => build::run(args, lang),
        Command::Check(args) => check::run(args, lang),
        Command::Init(args) => init::run(args, lang),
        Command::Serve(args) => serve::run(args, lang),
        Command::Explain(args) => explain::run(args, lang),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            crate::error::print_error(&error, lang);
            error.exit_code()
        }
    }
}

/// The outcome of a command that did not fail outright: its exit code.
pub type Outcome = Result<i32, Error>;
