//! The commit of a build into its output folder, and the clean-up of killed builds.
//!
//! [`Plan::new`] finds every reason the commit could not finish before anything is
//! touched: a link or someone else's file where a folder must go, someone else's files in
//! a folder where a file must go. [`commit`] then
//!
//! 1. records every file the output may hold by the end, old and new
//!    ([`crate::state_dir::begin_commit`]), so a build killed from here on leaves the
//!    next build the list of what to delete;
//! 2. deletes the previous build's files that are no longer part of the site, and the
//!    folders that leaves empty;
//! 3. makes the missing folders and swaps each staged file with its old version (a
//!    rename where there is none, or where the system cannot swap), so every file is old
//!    or new at any moment, never half written;
//! 4. records the new list of files ([`crate::state_dir::end_commit`]).
//!
//! Deletion is only ever of a file the previous build recorded, inside the output
//! folder, never through a link.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::error::{Error, Result};

/// One file of the build: its output path, when new or changed its staged copy, and what
/// the build found at its path when it compared the file.
pub(super) struct Entry {
    pub path: String,
    pub staged: Option<usize>,
    pub found: Found,
}

/// What was at an output path when the build looked (nothing else writes the output
/// while the build holds its lock, but the commit still copes with a change).
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Found {
    /// A regular file.
    File,
    Nothing,
    /// A folder, a link or anything else: looked at again when installing.
    Other,
}

/// A checked commit: what to install, delete and make.
pub(super) struct Plan {
    out: PathBuf,
    /// Sorted by path, one per path.
    entries: Vec<Entry>,
    /// The previous build's files that this build does not have.
    stale: Vec<String>,
    /// Folders to make before installing, parents first.
    missing: Vec<String>,
    /// Whether the record of files already lists exactly `entries`.
    recorded: bool,
}

/// What is at a folder path of the output, as far as the commit is concerned.
#[derive(Clone, Copy, PartialEq)]
enum At {
    Folder,
    /// Nothing yet, or a stale file the commit deletes first.
    Nothing,
    Link,
    /// A file that is not the previous build's.
    File,
}

impl Plan {
    /// Checks that `entries` can replace `previous` (the files the last build recorded)
    /// in `out`, without writing anything.
    /// `listed`: whether `previous` came from the record of files (not from a walk of an
    /// output an older tebiki wrote), so an unchanged build need not write it again.
    pub fn new(
        out: &Path,
        mut entries: Vec<Entry>,
        previous: &[String],
        listed: bool,
    ) -> Result<Plan> {
        entries.sort_unstable_by(|a, b| a.path.cmp(&b.path));
        entries.dedup_by(|a, b| a.path == b.path);
        let wanted: HashSet<&str> = entries.iter().map(|e| e.path.as_str()).collect();
        let mut stale: Vec<String> = previous
            .iter()
            .filter(|p| !wanted.contains(p.as_str()) && super::staging::is_plain(p))
            .cloned()
            .collect();
        stale.sort_unstable();
        stale.dedup();
        let recorded = listed && stale.is_empty() && previous.len() == entries.len();
        let mut folders = Folders {
            out,
            stale: stale.iter().map(String::as_str).collect(),
            seen: HashMap::new(),
        };
        let mut missing = Vec::new();
        // A file kept as it is already sits in its folders; only the staged ones are
        // installed, so only their ways are looked at.
        for entry in entries.iter().filter(|e| e.staged.is_some()) {
            for folder in ancestors(&entry.path) {
                match folders.look(folder) {
                    At::Folder => {}
                    At::Nothing => {
                        missing.push(folder.to_string());
                    }
                    At::Link => return Err(through_link(out, folder)),
                    At::File => return Err(file_in_the_way(out, folder)),
                }
            }
            if entry.found == Found::Other {
                folders.check_target(&entry.path)?;
            }
        }
        // A stale file is deleted only where no link leads elsewhere on its way.
        let deletable: Vec<bool> = stale
            .iter()
            .map(|path| ancestors(path).all(|f| folders.look(f) != At::Link))
            .collect();
        let mut deletable = deletable.into_iter();
        stale.retain(|_| deletable.next().unwrap_or(false));
        missing.sort_unstable();
        missing.dedup();
        Ok(Plan {
            out: out.to_path_buf(),
            entries,
            stale,
            missing,
            recorded,
        })
    }

    fn changes_nothing(&self) -> bool {
        self.recorded && self.entries.iter().all(|e| e.staged.is_none())
    }
}

/// The folder paths above `path`, shortest first: `a/b/c.html` → `a`, `a/b`.
fn ancestors(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices('/').map(move |(i, _)| &path[..i])
}

fn through_link(out: &Path, folder: &str) -> Error {
    Error::OutputDir {
        path: out.join(folder),
        reason: crate::text!("output-dir-reason", reason = "through-link", name = ""),
    }
}

fn file_in_the_way(out: &Path, folder: &str) -> Error {
    Error::OutputDir {
        path: out.join(folder),
        reason: crate::text!("output-dir-reason", reason = "file-in-the-way", name = ""),
    }
}

/// Looks at the output's folders once each.
struct Folders<'a> {
    out: &'a Path,
    stale: HashSet<&'a str>,
    seen: HashMap<String, At>,
}

impl Folders<'_> {
    fn look(&mut self, folder: &str) -> At {
        if let Some(&at) = self.seen.get(folder) {
            return at;
        }
        let parent_missing = folder
            .rfind('/')
            .is_some_and(|i| self.look(&folder[..i]) == At::Nothing);
        let at = if parent_missing {
            At::Nothing
        } else {
            match fs::symlink_metadata(self.out.join(folder)) {
                Ok(meta) if meta.file_type().is_symlink() => At::Link,
                Ok(meta) if meta.is_dir() => At::Folder,
                // A file where the folder goes: fine if it is the previous build's, which
                // the commit deletes first.
                Ok(_) if self.stale.contains(folder) => At::Nothing,
                Ok(_) => At::File,
                Err(_) => At::Nothing,
            }
        };
        self.seen.insert(folder.to_string(), at);
        at
    }

    /// A file about to be installed at `path` may replace a file, but a folder only when
    /// everything in it is the previous build's, to be deleted.
    fn check_target(&mut self, path: &str) -> Result<()> {
        let target = self.out.join(path);
        let Ok(meta) = fs::symlink_metadata(&target) else {
            return Ok(());
        };
        if !meta.is_dir() {
            return Ok(());
        }
        let all_stale = walkdir::WalkDir::new(&target)
            .min_depth(1)
            .into_iter()
            .filter_map(|e| e.ok())
            .filter(|e| !e.file_type().is_dir())
            .all(|e| {
                e.path()
                    .strip_prefix(self.out)
                    .ok()
                    .and_then(Path::to_str)
                    .is_some_and(|p| {
                        self.stale
                            .contains(p.replace(std::path::MAIN_SEPARATOR, "/").as_str())
                    })
            });
        if all_stale {
            return Ok(());
        }
        Err(Error::OutputDir {
            path: target,
            reason: crate::text!("output-dir-reason", reason = "folder-in-the-way", name = ""),
        })
    }
}

/// Carries out `plan`, installing the staged files from `staging`: each one swapped
/// with the file it replaces, whose old version stays in `staging` as a spare.
pub(super) fn commit(plan: &Plan, root: &Path, staging: &Path) -> Result<()> {
    let out = &plan.out;
    if plan.changes_nothing() {
        return crate::state_dir::record_output(root, out, &[]);
    }
    let _span = crate::timings::span("commit output");
    fs::create_dir_all(out).map_err(|source| write_error(out, source))?;
    let wanted: Vec<&str> = plan.entries.iter().map(|e| e.path.as_str()).collect();
    let mut every: Vec<&str> = wanted.iter().copied().chain(stale(plan)).collect();
    every.sort_unstable();
    crate::state_dir::begin_commit(root, out, &every)?;
    let mut top: Vec<&str> = wanted.iter().filter_map(|p| p.split('/').next()).collect();
    top.dedup();
    crate::state_dir::record_output(root, out, &top)?;
    delete_stale(out, &plan.stale);
    make_folders(out, &plan.missing)?;
    install(plan, staging)?;
    crate::state_dir::end_commit(root, out, &wanted)?;
    crate::state_dir::record_output(root, out, &[])
}

fn stale(plan: &Plan) -> impl Iterator<Item = &str> {
    plan.stale.iter().map(String::as_str)
}

/// Deletes the previous build's files that are no longer part of the site, then the
/// folders that leaves empty (deepest first; a folder still holding anything stays).
fn delete_stale(out: &Path, stale: &[String]) {
    stale.par_iter().for_each(|path| {
        let path = out.join(path);
        if fs::symlink_metadata(&path).is_ok_and(|m| !m.is_dir()) {
            let _ = fs::remove_file(&path);
        }
    });
    let mut folders: Vec<&str> = stale.iter().flat_map(|p| ancestors(p)).collect();
    folders.sort_unstable_by_key(|f| (std::cmp::Reverse(f.matches('/').count()), *f));
    folders.dedup();
    for folder in folders {
        let _ = fs::remove_dir(out.join(folder));
    }
}

/// Makes the missing `folders` (sorted, so a folder comes after its parent): those of
/// one depth at a time, in parallel. An emptied output folder needs one per page, about
/// 2,000 at 1,000 pages per language: made one after the other, they were most of the
/// commit on an ext4 disk.
fn make_folders(out: &Path, folders: &[String]) -> Result<()> {
    let mut by_depth: Vec<Vec<&str>> = Vec::new();
    for folder in folders {
        let depth = folder.matches('/').count();
        if by_depth.len() <= depth {
            by_depth.resize_with(depth + 1, Vec::new);
        }
        by_depth[depth].push(folder);
    }
    by_depth.iter().try_for_each(|level| {
        level
            .par_iter()
            .try_for_each(|folder| make_folder(&out.join(folder)))
    })
}

fn make_folder(path: &Path) -> Result<()> {
    match fs::create_dir(path) {
        Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => Err(write_error(path, e)),
        _ => Ok(()),
    }
}

/// Renames each staged file into place. `TEBIKI_TEST_ABORT_AFTER=N` makes the process
/// abort after N files, as a kill mid-commit would: the interrupted-build test uses it.
fn install(plan: &Plan, staging: &Path) -> Result<()> {
    let abort_after: Option<usize> = std::env::var("TEBIKI_TEST_ABORT_AFTER")
        .ok()
        .and_then(|n| n.parse().ok());
    let installed = AtomicUsize::new(0);
    plan.entries.par_iter().try_for_each(|entry| {
        let Some(number) = entry.staged else {
            return Ok(());
        };
        let target = plan.out.join(&entry.path);
        let spare = staging.join(number.to_string());
        let found = match entry.found {
            Found::Other => look_again(&target),
            found => found,
        };
        match found {
            Found::Other => {
                // Emptied by `delete_stale`: `Plan::check_target` saw only stale files in it.
                fs::remove_dir(&target).map_err(|e| write_error(&target, e))?;
                fs::rename(&spare, &target)
            }
            Found::File => swap(&spare, &target),
            Found::Nothing => fs::rename(&spare, &target),
        }
        .map_err(|e| write_error(&target, e))?;
        let done = installed.fetch_add(1, Ordering::SeqCst) + 1;
        if abort_after.is_some_and(|n| done >= n) {
            std::process::abort();
        }
        Ok(())
    })
}

/// What is at `target` now, for installing over it: a folder (`Other`), a file, or
/// nothing that matters (nothing, or a link, which is replaced and never written
/// through).
fn look_again(target: &Path) -> Found {
    match fs::symlink_metadata(target) {
        Ok(meta) if meta.is_dir() => Found::Other,
        Ok(meta) if meta.is_file() => Found::File,
        _ => Found::Nothing,
    }
}

/// Puts the staged file `spare` in place of the file `target` in one step, and the old
/// version where the staged file was, for the next build to write into (see
/// [`super::staging`]). Where the system cannot swap two files, a rename.
fn swap(spare: &Path, target: &Path) -> std::io::Result<()> {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        match renameat_with(CWD, spare, CWD, target, RenameFlags::EXCHANGE) {
            Ok(()) => return Ok(()),
            // A file system or kernel that cannot swap, or a file that has gone since the
            // build looked: a rename instead.
            Err(rustix::io::Errno::INVAL | rustix::io::Errno::NOSYS | rustix::io::Errno::NOENT) => {
            }
            Err(e) => return Err(e.into()),
        }
    }
    fs::rename(spare, target)
}

fn write_error(path: &Path, source: std::io::Error) -> Error {
    Error::Write {
        path: path.to_path_buf(),
        source,
    }
}

/// Removes the staging and old-output folders of builds that were killed (`kill -9`, a
/// laptop put to sleep mid-build) before they could clean up. Called with the lock held,
/// so no other build is using them. Only `.tebiki/<name>.staging-<pid>` and
/// `.tebiki/<name>.old-<pid>` folders (the latter from tebiki versions that swapped the
/// whole output) are removed; a failure is left for the next build.
pub(super) fn remove_leftovers(root: &Path, out: &Path) {
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
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}
