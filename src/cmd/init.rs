//! `tebiki init DIR`: write the starter guide and say what to do next.

use std::path::PathBuf;

use super::Outcome;
use crate::init::init_site;

/// Options of `tebiki init`.
#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The new site's folder (created if missing; must be empty).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
}

pub fn run(args: InitArgs) -> Outcome {
    let written = init_site(&args.dir)?;
    crate::outln!("wrote {} files to {}", written.len(), args.dir.display());
    crate::outln!("next: edit site.toml (university name, account name, support desk), then run");
    crate::outln!("  cd {} && tebiki serve", args.dir.display());
    crate::outln!(
        "on GitHub, {} checks pull requests and publishes to GitHub Pages; \
         set TEBIKI_REPO in it to where you install tebiki from",
        crate::init::WORKFLOW_PATH
    );
    Ok(0)
}
