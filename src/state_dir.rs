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

/// Records that tebiki wrote `out`, so the next build may replace it: its path, the
/// identity of the folder itself and the names at its top level, so a folder deleted and
/// made again by hand, holding someone's files, is not taken for tebiki's.
pub fn record_output(root: &Path, out: &Path) -> Result<()> {
    let path = state_path(root, out, "output")?;
    let mut record = output_identity(out).unwrap_or_default();
    for name in top_level_names(out) {
        record.push_str(&name);
        record.push('\n');
    }
    fs::write(&path, record).map_err(|source| Error::Write { path, source })
}

/// Whether `.tebiki/` records `out` as written by tebiki: this very folder, every name at
/// its top level (hidden ones such as `.DS_Store` aside) one tebiki wrote; or a copy of
/// the site (`cp -r site site2`, which brings the output and this record along), whose
/// record names another folder and whose top level holds exactly the names tebiki wrote
/// there. A folder deleted and made again by hand at the recorded path is neither.
pub fn is_recorded_output(root: &Path, out: &Path) -> bool {
    let path = root
        .join(STATE_DIR)
        .join(format!("{}.output", output_name(out)));
    let (Some(identity), Ok(recorded)) = (output_identity(out), fs::read_to_string(path)) else {
        return false;
    };
    let current = top_level_names(out);
    let visible = |n: &&str| !n.starts_with('.');
    if let Some(names) = recorded.strip_prefix(&identity) {
        let names: Vec<&str> = names.lines().collect();
        return current
            .iter()
            .all(|n| n.starts_with('.') || names.contains(&n.as_str()));
    }
    let mut lines = recorded.lines();
    let recorded_path = lines.next().unwrap_or("");
    let _identity_of_that_folder = lines.next();
    let recorded_names: Vec<&str> = lines.filter(visible).collect();
    let current: Vec<&str> = current.iter().map(String::as_str).filter(visible).collect();
    Path::new(recorded_path) != out && !current.is_empty() && current == recorded_names
}

/// `<path>\n<folder identity>\n`, or none when the folder cannot be looked at.
fn output_identity(out: &Path) -> Option<String> {
    let meta = fs::symlink_metadata(out).ok()?;
    Some(format!("{}\n{}\n", out.display(), folder_identity(&meta)?))
}

fn top_level_names(out: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(out)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[cfg(unix)]
fn folder_identity(meta: &fs::Metadata) -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    Some(format!("{}:{}", meta.dev(), meta.ino()))
}

/// Without inode numbers, the folder's creation time tells a new folder from ours.
#[cfg(not(unix))]
fn folder_identity(meta: &fs::Metadata) -> Option<String> {
    let created = meta.created().ok()?;
    let since = created.duration_since(std::time::UNIX_EPOCH).ok()?;
    Some(since.as_nanos().to_string())
}
