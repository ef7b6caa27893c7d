//! Stage 5, output: writes a rendered site to its output directory, all or nothing, and
//! only what changed.
//!
//! 1. [`begin_site`] checks the output folder, takes its build lock and opens a staging
//!    folder in `.tebiki/` ([`crate::state_dir`]).
//! 2. [`Staging::write`] compares each rendered file with the one in the output; only a
//!    new or different file is written, into the staging folder. Nothing in the output
//!    is touched while the site renders, so a failed build leaves it byte for byte.
//! 3. [`Staging::finish`] checks that every file can go where it belongs (no link on the
//!    way, no file of someone else's in the way), then commits: it records the files it is
//!    about to install in `.tebiki/`, deletes the files of the previous build that are no
//!    longer part of the site, renames each staged file over its old version and records
//!    the new list of files ([`commit`]).
//!
//! An unchanged file keeps its inode and modification time (deploy tools skip it), and an
//! unchanged folder is never made again. Each file is replaced by a rename, so a build
//! killed mid-commit leaves every file old or new, never torn; the record written before
//! the commit lets the next build find and finish what it left (stale files included).
//!
//! tebiki refuses output directories that could hold the user's own files (the site
//! root, anything containing or inside `content/`, `themes/` or `i18n/`, anything outside
//! the site root, a symlink, or a non-empty directory tebiki did not create), and a lock
//! makes a second concurrent build wait. Nothing tebiki keeps for itself is inside the
//! output: the lock, staging folders and the records of owned output folders and files
//! are in `.tebiki/`.

mod commit;
mod staging;

pub use staging::{begin_site, Staging};

use std::fs::{self, File};
use std::path::{Component, Path, PathBuf};

use crate::config::Config;
use crate::error::{Error, Result};

/// The file that marked an output folder as tebiki's before `.tebiki/` kept that record;
/// an output folder holding it is still recognised (and the next build drops the file).
const LEGACY_MARKER: &str = ".tebiki-output";

/// Whether tebiki wrote the folder `out` (so it may be replaced).
fn owned(config: &Config, out: &Path) -> bool {
    crate::state_dir::is_recorded_output(&config.root, out) || out.join(LEGACY_MARKER).is_file()
}

/// Bytes and files written.
#[derive(Debug, Clone, Copy, Default)]
pub struct WriteReport {
    pub files: usize,
    pub bytes: u64,
}

/// Refuses output directories where replacing the folder could destroy the user's work.
pub fn check_output_dir(config: &Config, out: &Path) -> Result<()> {
    let root = normalize(&config.root);
    let out = normalize(out);
    // `reason` selects the words of the `output-dir-reason` message.
    let refuse = |reason: &str, name: &str| {
        Err(Error::OutputDir {
            path: out.clone(),
            reason: crate::text!("output-dir-reason", reason = reason, name = name),
        })
    };
    if out == root {
        return refuse("root", "");
    }
    if !out.starts_with(&root) {
        return refuse("outside", "");
    }
    for name in [
        "content",
        "themes",
        "i18n",
        "static",
        "templates",
        crate::state_dir::STATE_DIR,
    ] {
        if out.starts_with(root.join(name)) {
            return refuse("inside", name);
        }
    }
    if root.starts_with(&out) {
        return refuse("contains-root", "");
    }
    if let Ok(meta) = fs::symlink_metadata(&out) {
        if meta.file_type().is_symlink() {
            return refuse("symlink", "");
        }
        if !meta.is_dir() {
            return refuse("file", "");
        }
        let non_empty = fs::read_dir(&out)
            .map(|mut d| d.next().is_some())
            .unwrap_or(false);
        if non_empty && !owned(config, &out) {
            return refuse("foreign", "");
        }
    }
    if let Ok(real_parent) = out.parent().map(fs::canonicalize).transpose() {
        let real_root = fs::canonicalize(&root).unwrap_or(root.clone());
        if real_parent.is_some_and(|p| !p.starts_with(&real_root)) {
            return refuse("parent-link", "");
        }
    }
    Ok(())
}

/// Lexically resolves `.` and `..` (the output may not exist yet, so no canonicalize).
fn normalize(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut out = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

/// Holds the build lock of one output directory until dropped.
pub struct BuildLock {
    _file: File,
}

/// Takes the lock for `out` (`.tebiki/<name>.lock`), waiting (with a message) while
/// another build holds it.
pub fn lock_output(root: &Path, out: &Path) -> Result<BuildLock> {
    let path = crate::state_dir::state_path(root, out, "lock")?;
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|source| Error::Write {
            path: path.clone(),
            source,
        })?;
    if file.try_lock().is_err() {
        // The one line of the output stage: it takes no message language, so the
        // environment's choice (TEBIKI_MESSAGES, the locale) decides, not --messages.
        let lang = crate::diagnostics::Lang::choose(None, |name| std::env::var(name).ok());
        crate::errln!(
            "{}",
            crate::text!("build-waiting", output = out.display()).render(lang)
        );
        file.lock().map_err(|source| Error::Write {
            path: path.clone(),
            source,
        })?;
    }
    Ok(BuildLock { _file: file })
}
