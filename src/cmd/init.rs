//! `tebiki init DIR`: write the starter guide and say what to do next.

use std::path::PathBuf;

use super::Outcome;
use crate::diagnostics::{Lang, Text};
use crate::init::{default_tebiki_git, init_site};
use crate::text;

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

pub fn run(args: InitArgs, lang: Lang) -> Outcome {
    let tebiki_git = args
        .tebiki_git
        .as_deref()
        .unwrap_or_else(|| default_tebiki_git());
    let written = init_site(&args.dir, tebiki_git)?;
    let dir = args.dir.display();
    let say = |text: Text| crate::outln!("{}", text.render(lang));
    say(text!("init-wrote", count = written.len(), dir = dir));
    say(text!("init-next"));
    crate::outln!("  cd {dir} && tebiki serve");
    let workflow = crate::init::WORKFLOW_PATH;
    match tebiki_git {
        "" => say(text!("init-workflow-unset", workflow = workflow)),
        url => say(text!("init-workflow", workflow = workflow, url = url)),
    }
    Ok(0)
}
