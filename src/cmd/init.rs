//! `tebiki init DIR`: write the starter guide and say what to do next.

use std::path::PathBuf;

use super::Outcome;
use crate::diagnostics::Lang;
use crate::init::{default_tebiki_git, init_site};

/// Options of `tebiki init`.
#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The new site's folder (created if missing; must be empty).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// The git repository the generated GitHub workflow installs tebiki from
    /// (TEBIKI_GIT at the top of .github/workflows/tebiki.yml).
    #[arg(long, value_name = "URL")]
    pub tebiki_git: Option<String>,
}

pub fn run(args: InitArgs, _lang: Lang) -> Outcome {
    let tebiki_git = args
        .tebiki_git
        .as_deref()
        .unwrap_or_else(|| default_tebiki_git());
    let written = init_site(&args.dir, tebiki_git)?;
    crate::outln!("wrote {} files to {}", written.len(), args.dir.display());
    crate::outln!("next: edit site.toml (university name, account name, support desk), then run");
    crate::outln!("  cd {} && tebiki serve", args.dir.display());
    let workflow = crate::init::WORKFLOW_PATH;
    match tebiki_git {
        "" => crate::outln!(
            "on GitHub, {workflow} checks pull requests and publishes to GitHub Pages; \
             first set TEBIKI_GIT at its top to the git repository you install tebiki from \
             (or run init with --tebiki-git URL)"
        ),
        url => crate::outln!(
            "on GitHub, {workflow} checks pull requests and publishes to GitHub Pages; \
             it installs tebiki from {url}"
        ),
    }
    Ok(0)
}
