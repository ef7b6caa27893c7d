//! `.tebiki/` at the site root: everything tebiki writes for itself (build locks, staging
//! and old-output folders, the record of which output folders it owns), so none of it is
//! deployed with the output or picked up by `git add .`. `tebiki init` writes a
//! `.gitignore` naming it.
//!
//! The folder is hidden, so the fence never reads it ([`crate::contain::is_ignored`]).
//! Staging folders live here because they are renamed into place: the site root is on
//! one file system with its output folder in all but exotic set-ups.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The folder's name, at the site root.
pub const STATE_DIR: &str = ".tebiki";

/// `<root>/.tebiki/<output name>.<suffix>`, e.g. `.tebiki/public.lock`; the folder is
/// created on the way.
pub fn state_path(root: &Path, out: &Path, suffix: &str) -> Result<PathBuf> {
    let dir = root.join(STATE_DIR);
    fs::create_dir_all(&dir).map_err(|source| Error::Write {
        path: dir.clone(),
        source,
    })?;
    Ok(dir.join(format!("{}.{suffix}", output_name(out))))
}

/// The output folder's name, as the prefix of its files in `.tebiki/`.
pub fn output_name(out: &Path) -> String {
    out.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into())
}

/// Records that tebiki wrote `out`, so the next build may replace it.
pub fn record_output(root: &Path, out: &Path) -> Result<()> {
    let path = state_path(root, out, "output")?;
    fs::write(&path, out.to_string_lossy().as_bytes())
        .map_err(|source| Error::Write { path, source })
}

/// Whether `.tebiki/` records `out` as written by tebiki.
pub fn is_recorded_output(root: &Path, out: &Path) -> bool {
    let path = root
        .join(STATE_DIR)
        .join(format!("{}.output", output_name(out)));
    fs::read(path).is_ok_and(|bytes| bytes == out.to_string_lossy().as_bytes())
}
