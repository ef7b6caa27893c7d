//! Stage 5, output: writes a rendered site to its output directory, all or nothing.
//!
//! Files go into a fresh staging directory in `.tebiki/` ([`crate::state_dir`]); only when every file is
//! written is the staging directory swapped into place. A failed build therefore leaves
//! the previous output exactly as it was.
//!
//! A file whose bytes are the same as in the output being replaced is hard-linked from
//! there instead of written again (the previous output is only read, never changed,
//! until the swap), so a rebuild keeps unchanged files, with their modification times,
//! and deleting the old tree frees only what changed.
//!
//! tebiki refuses output directories that could hold the user's own files (the site
//! root, anything containing or inside `content/`, `themes/` or `i18n/`, anything outside
//! the site root, a symlink, or a non-empty directory tebiki did not create), and a lock
//! makes a second concurrent build wait. Nothing tebiki keeps for itself is inside the
//! output: the lock, staging folders and the record of owned output folders are in
//! `.tebiki/`.

use std::fs::{self, File};
use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::config::Config;
use crate::error::{Error, Result};
use crate::render::OutputFile;

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
    let refuse = |reason: &str| {
        Err(Error::OutputDir {
            path: out.clone(),
            reason: reason.to_string(),
        })
    };
    if out == root {
        return refuse("it is the site root; tebiki replaces its output directory on every build");
    }
    if !out.starts_with(&root) {
        return refuse("it lies outside the site root; choose a folder inside it, such as public");
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
            return refuse(&format!(
                "it is inside {name}/, where tebiki reads your files"
            ));
        }
    }
    if root.starts_with(&out) {
        return refuse("it contains the site root");
    }
    if let Ok(meta) = fs::symlink_metadata(&out) {
        if meta.file_type().is_symlink() {
            return refuse(
                "it is a symbolic link; tebiki will not replace a link or write through it",
            );
        }
        if !meta.is_dir() {
            return refuse("it is a file, not a folder");
        }
        let non_empty = fs::read_dir(&out)
            .map(|mut d| d.next().is_some())
            .unwrap_or(false);
        if non_empty && !owned(config, &out) {
            return refuse("it already holds files that tebiki did not write; empty it or choose another folder");
        }
    }
    if let Ok(real_parent) = out.parent().map(fs::canonicalize).transpose() {
        let real_root = fs::canonicalize(&root).unwrap_or(root.clone());
        if real_parent.is_some_and(|p| !p.starts_with(&real_root)) {
            return refuse("its parent folder is a link that leads outside the site root");
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
        crate::errln!(
            "waiting for another tebiki build of {} to finish…",
            out.display()
        );
        file.lock().map_err(|source| Error::Write {
            path: path.clone(),
            source,
        })?;
    }
    Ok(BuildLock { _file: file })
}

/// Writes `files` to `out` through a staging directory and an atomic swap.
pub fn write_site(config: &Config, out: &Path, files: &[OutputFile]) -> Result<WriteReport> {
    let staging = begin_site(config, out)?;
    staging.finish(files)
}

/// A build's staging directory beside the output, open for writing. Pages can be
/// written while the rest of the site still renders, so a large site never has to be
/// held in memory whole. Dropped without [`Staging::finish`] (a failed build), it is
/// removed and the previous output stays exactly as it was.
pub struct Staging {
    dir: PathBuf,
    out: PathBuf,
    /// The site root, whose `.tebiki/` records the output as tebiki's once swapped in.
    root: PathBuf,
    /// The output being replaced, when tebiki made it: a page whose bytes are unchanged
    /// is hard-linked from there instead of written again.
    previous: Option<PathBuf>,
    files: AtomicUsize,
    bytes: AtomicU64,
    /// The first write that failed; later writes are skipped.
    error: Mutex<Option<Error>>,
    finished: bool,
    _lock: BuildLock,
}

/// Checks `out`, takes its build lock and creates a fresh staging directory.
pub fn begin_site(config: &Config, out: &Path) -> Result<Staging> {
    check_output_dir(config, out)?;
    let lock = lock_output(&config.root, out)?;
    remove_leftovers(&config.root, out);
    let dir = crate::state_dir::state_path(
        &config.root,
        out,
        &format!("staging-{}", std::process::id()),
    )?;
    if dir.exists() {
        remove_own_dir(&dir)?;
    }
    let previous = (out.is_dir() && owned(config, out)).then(|| out.to_path_buf());
    let staging = Staging {
        dir,
        out: out.to_path_buf(),
        root: config.root.clone(),
        previous,
        files: AtomicUsize::new(0),
        bytes: AtomicU64::new(0),
        error: Mutex::new(None),
        finished: false,
        _lock: lock,
    };
    mkdir(&staging.dir)?;
    Ok(staging)
}

impl Staging {
    /// Writes one file (from any thread). A failure is kept for [`Staging::finish`].
    pub fn write(&self, file: &OutputFile) {
        if self.failed() {
            return;
        }
        if let Err(e) = self.try_write(file) {
            self.error
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .get_or_insert(e);
        }
    }

    fn try_write(&self, file: &OutputFile) -> Result<()> {
        let path = self.dir.join(&file.path);
        if let Some(parent) = path.parent() {
            mkdir(parent)?;
        }
        let old = self
            .previous
            .as_ref()
            .map(|previous| previous.join(&file.path));
        let linked = old
            .is_some_and(|old| unchanged(&old, &file.bytes) && fs::hard_link(&old, &path).is_ok());
        if !linked {
            fs::write(&path, &file.bytes).map_err(|source| Error::Write { path, source })?;
        }
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes
            .fetch_add(file.bytes.len() as u64, Ordering::Relaxed);
        Ok(())
    }

    fn failed(&self) -> bool {
        self.error
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .is_some()
    }

    /// Writes the remaining `files`, then swaps the staging directory into place.
    pub fn finish(mut self, files: &[OutputFile]) -> Result<WriteReport> {
        files.par_iter().for_each(|file| self.write(file));
        if let Some(e) = self.error.lock().unwrap_or_else(|e| e.into_inner()).take() {
            return Err(e);
        }
        let old = crate::state_dir::state_path(
            &self.root,
            &self.out,
            &format!("old-{}", std::process::id()),
        )?;
        swap(&self.dir, &self.out, &old)?;
        self.finished = true;
        crate::state_dir::record_output(&self.root, &self.out)?;
        Ok(WriteReport {
            files: self.files.load(Ordering::Relaxed),
            bytes: self.bytes.load(Ordering::Relaxed),
        })
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished {
            let _ = remove_own_dir(&self.dir);
        }
    }
}

/// Whether `old` is a regular file holding exactly `bytes`.
///
/// Reads exactly the size `lstat` reported into a buffer this thread reuses: a rebuild
/// compares every page, so `fs::read`'s extra `statx` and end-of-file `read` (and an
/// allocation) per page were a measurable part of it. Only tebiki writes the output,
/// under its build lock, so the file does not change between the two calls.
fn unchanged(old: &Path, bytes: &[u8]) -> bool {
    thread_local! {
        static OLD_BYTES: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    let Ok(meta) = fs::symlink_metadata(old) else {
        return false;
    };
    if !meta.file_type().is_file() || meta.len() != bytes.len() as u64 {
        return false;
    }
    let Ok(mut file) = File::open(old) else {
        return false;
    };
    OLD_BYTES.with_borrow_mut(|content| {
        content.clear();
        content.resize(bytes.len(), 0);
        let same = file.read_exact(content).is_ok() && content[..] == *bytes;
        if content.capacity() > KEPT_BUFFER {
            // A huge page's buffer is not kept for the rest of the build.
            *content = Vec::new();
        }
        same
    })
}

/// The largest comparison buffer a thread keeps between pages.
const KEPT_BUFFER: usize = 1 << 20;

fn mkdir(dir: &Path) -> Result<()> {
    fs::create_dir_all(dir).map_err(|source| Error::Write {
        path: dir.to_path_buf(),
        source,
    })
}

/// Moves the old output aside, the staging directory in, then deletes the old output.
fn swap(staging: &Path, out: &Path, old: &Path) -> Result<()> {
    let had_old = out.exists();
    if had_old {
        fs::rename(out, old).map_err(|source| Error::Write {
            path: out.to_path_buf(),
            source,
        })?;
    }
    if let Err(source) = fs::rename(staging, out) {
        if had_old {
            let _ = fs::rename(old, out);
        }
        return Err(Error::Write {
            path: out.to_path_buf(),
            source,
        });
    }
    if had_old {
        let _span = crate::timings::span("remove previous output");
        remove_own_dir(old)?;
    }
    Ok(())
}

/// Removes the staging and old-output folders of builds that were killed (`kill -9`, a
/// laptop put to sleep mid-build) before they could clean up. Called with the lock held,
/// so no other build is using them. Only `.tebiki/<name>.staging-<pid>` and
/// `.tebiki/<name>.old-<pid>` folders are removed; a failure is left for the next build.
fn remove_leftovers(root: &Path, out: &Path) {
    let prefix = format!("{}.", crate::state_dir::output_name(out));
    let Ok(entries) = fs::read_dir(root.join(crate::state_dir::STATE_DIR)) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let file_name = file_name.to_string_lossy();
        let Some(rest) = file_name.strip_prefix(&prefix) else {
            continue;
        };
        let pid = rest
            .strip_prefix("staging-")
            .or_else(|| rest.strip_prefix("old-"));
        let ours = pid.is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
        if ours && entry.file_type().is_ok_and(|t| t.is_dir()) {
            let _ = remove_tree(&entry.path());
        }
    }
}

/// Deletes a staging or old-output folder: only one inside `.tebiki/`, where tebiki
/// alone writes.
fn remove_own_dir(dir: &Path) -> Result<()> {
    let in_state_dir = dir
        .parent()
        .and_then(Path::file_name)
        .is_some_and(|n| n == crate::state_dir::STATE_DIR);
    if !in_state_dir {
        return Err(Error::OutputDir {
            path: dir.to_path_buf(),
            reason: "it was not written by tebiki, so it is left alone".into(),
        });
    }
    remove_tree(dir).map_err(|source| Error::Write {
        path: dir.to_path_buf(),
        source,
    })
}

/// Deletes `dir`, its second-level folders (e.g. `ja/faq/`) in parallel first: a large
/// site's old output is tens of thousands of files, and deleting them on one thread was
/// a visible part of every build. Links are removed, never followed.
fn remove_tree(dir: &Path) -> std::io::Result<()> {
    let folders: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .min_depth(2)
        .max_depth(2)
        .into_iter()
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.file_type().is_dir())
        .map(walkdir::DirEntry::into_path)
        .collect();
    folders.par_iter().try_for_each(fs::remove_dir_all)?;
    fs::remove_dir_all(dir)
}
