//! `tebiki init`: writes the shipped MFA guide (site.toml, content/, themes/, i18n/),
//! embedded in the binary, into a new folder, so a university that installed only the
//! binary starts from a working bilingual guide; with a `.gitignore` and a GitHub
//! Actions workflow that checks pull requests and deploys the default branch to Pages.

use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};

use crate::error::{Error, Result};

static CONTENT: Dir = include_dir!("$CARGO_MANIFEST_DIR/content");
static THEMES: Dir = include_dir!("$CARGO_MANIFEST_DIR/themes");
static I18N: Dir = include_dir!("$CARGO_MANIFEST_DIR/i18n");
const SITE_TOML: &str = include_str!("../site.toml");
/// The built site and tebiki's own locks and records ([`crate::state_dir`]) are never
/// committed.
/// GitHub Actions: check pull requests, build and deploy the default branch to Pages.
const WORKFLOW: &str = include_str!("init/tebiki.yml");
/// Where the workflow goes in the new site.
pub const WORKFLOW_PATH: &str = ".github/workflows/tebiki.yml";
const GITIGNORE: &str = "# Written by tebiki build; not source.\n/public/\n/.tebiki/\n";

/// The git repository the workflow installs tebiki from when `init` is given none: the
/// `TEBIKI_GIT` environment variable at the time tebiki was compiled (a university that
/// builds its own tebiki sets it once, and every site it starts is ready), else empty.
pub fn default_tebiki_git() -> &'static str {
    option_env!("TEBIKI_GIT").unwrap_or("")
}

/// Writes the starter site into `dir`, which must be missing or empty; the workflow
/// installs tebiki from the git repository `tebiki_git` (may be empty: the workflow then
/// says to set it). Returns the files written.
pub fn init_site(dir: &Path, tebiki_git: &str) -> Result<Vec<PathBuf>> {
    if tebiki_git.contains(['"', '\\', '\n', '\r']) || tebiki_git.trim() != tebiki_git {
        return Err(Error::Usage(crate::text!(
            "init-bad-tebiki-git",
            value = tebiki_git
        )));
    }
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).map_err(|source| Error::Read {
            path: dir.to_path_buf(),
            source,
        })?;
        if entries.next().is_some() {
            return Err(Error::Usage(crate::text!(
                "init-not-empty",
                dir = dir.display()
            )));
        }
    }
    let mut written = Vec::new();
    write(
        dir,
        Path::new("site.toml"),
        SITE_TOML.as_bytes(),
        &mut written,
    )?;
    write(
        dir,
        Path::new(".gitignore"),
        GITIGNORE.as_bytes(),
        &mut written,
    )?;
    let workflow = WORKFLOW
        .replace("__TEBIKI_VERSION__", env!("CARGO_PKG_VERSION"))
        .replace("__TEBIKI_GIT__", tebiki_git);
    write(
        dir,
        Path::new(WORKFLOW_PATH),
        workflow.as_bytes(),
        &mut written,
    )?;
    for (name, tree) in [("content", &CONTENT), ("themes", &THEMES), ("i18n", &I18N)] {
        write_tree(dir, Path::new(name), tree, &mut written)?;
    }
    Ok(written)
}

fn write_tree(root: &Path, prefix: &Path, tree: &Dir, written: &mut Vec<PathBuf>) -> Result<()> {
    for file in tree.files() {
        write(root, &prefix.join(file.path()), file.contents(), written)?;
    }
    for sub in tree.dirs() {
        write_tree(root, prefix, sub, written)?;
    }
    Ok(())
}

fn write(root: &Path, rel: &Path, bytes: &[u8], written: &mut Vec<PathBuf>) -> Result<()> {
    let path = root.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|source| Error::Write {
            path: parent.to_path_buf(),
            source,
        })?;
    }
    std::fs::write(&path, bytes).map_err(|source| Error::Write {
        path: path.clone(),
        source,
    })?;
    written.push(rel.to_path_buf());
    Ok(())
}
