//! `.tebiki/` at the site root: everything tebiki writes for itself (build locks, staging
//! folders, the record of which output folders it owns and of the files it wrote in
//! them), so none of it is
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
/// identity of the folder itself and the names at its top level (those there now and
/// `planned`, the ones a commit is about to add), so a folder deleted and made again by
/// hand, holding someone's files, is not taken for tebiki's. Unchanged, it is not written.
pub fn record_output(root: &Path, out: &Path, planned: &[&str]) -> Result<()> {
    let path = state_path(root, out, "output")?;
    let mut names = top_level_names(out);
    names.extend(planned.iter().map(|n| n.to_string()));
    names.sort();
    names.dedup();
    let mut record = output_identity(out).unwrap_or_default();
    for name in names {
        record.push_str(&name);
        record.push('\n');
    }
    if fs::read_to_string(&path).is_ok_and(|old| old == record) {
        return Ok(());
    }
    write_replacing(&path, record.as_bytes())
}

/// The files tebiki wrote into `out`, relative and `/`-separated: the list the last build
/// recorded (`.tebiki/<name>.files`) together with the list of a commit that did not
/// finish (`.tebiki/<name>.commit`, see [`begin_commit`]). `None` when neither exists
/// (an output written before tebiki kept the list, or none at all).
pub fn recorded_files(root: &Path, out: &Path) -> Option<Vec<String>> {
    let dir = root.join(STATE_DIR);
    let name = output_name(out);
    let mut files: Option<Vec<String>> = None;
    for suffix in ["files", "commit"] {
        if let Ok(text) = fs::read_to_string(dir.join(format!("{name}.{suffix}"))) {
            files
                .get_or_insert_with(Vec::new)
                .extend(text.lines().map(str::to_string));
        }
    }
    files
}

/// Marks a commit into `out` as started: `files` (every file the output may hold once it
/// ends, old and new) stay recorded until [`end_commit`], so a build killed in between
/// leaves a next build that knows every file it may have to delete.
pub fn begin_commit(root: &Path, out: &Path, files: &[&str]) -> Result<()> {
    write_replacing(&state_path(root, out, "commit")?, &lines(files))
}

/// Records `files` as the output's files and clears the mark of [`begin_commit`].
pub fn end_commit(root: &Path, out: &Path, files: &[&str]) -> Result<()> {
    write_replacing(&state_path(root, out, "files")?, &lines(files))?;
    let marker = state_path(root, out, "commit")?;
    match fs::remove_file(&marker) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::Write {
            path: marker,
            source: e,
        }),
        _ => Ok(()),
    }
}

fn lines(files: &[&str]) -> Vec<u8> {
    let mut text = Vec::with_capacity(files.iter().map(|f| f.len() + 1).sum());
    for file in files {
        text.extend_from_slice(file.as_bytes());
        text.push(b'\n');
    }
    text
}

/// Writes `path` through a temporary file and a rename, so it is never seen half written.
fn write_replacing(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".tmp");
    let temporary = PathBuf::from(temporary);
    fs::write(&temporary, bytes)
        .and_then(|()| fs::rename(&temporary, path))
        .map_err(|source| Error::Write {
            path: path.to_path_buf(),
            source,
        })
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
