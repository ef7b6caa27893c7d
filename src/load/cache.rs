//! What the dev server keeps of the pages it read, so that a save reads only the files
//! that changed ([`PageCache`]).
//!
//! A page is read again when the watcher named its file since the last load, or when the
//! file's size, modification time, change time or inode differ from when it was read (an
//! edit the watcher missed, a `git checkout`). A file modified within [`RACY`] of being
//! read is read again every time until it is older than that: a second write inside the
//! file system's timestamp granularity could otherwise keep the same size and times (the
//! "racy clean" case of git's index). Everything else of the load (the folder walk, the
//! snippets, the outline) runs every time.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::Page;

/// How close to its read a file's modification time makes it "racy": coarser than any
/// file system's timestamps (FAT: 2 s) and any clock tick.
const RACY: Duration = Duration::from_secs(3);

/// Pages read by earlier loads, by the file they were read from.
#[derive(Default)]
pub struct PageCache {
    pages: HashMap<PathBuf, (Stamp, Page)>,
    /// Files the watcher named since the last load: read them again whatever their stamp.
    named: HashSet<PathBuf>,
    /// Pages taken from the cache and read, in the last load.
    pub reused: usize,
    pub read: usize,
}

/// What identifies one version of a file without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    #[cfg(unix)]
    changed: (i64, i64),
    #[cfg(unix)]
    inode: u64,
}

impl Stamp {
    /// The stamp of the file at `path` as it is now (links followed, as reading does).
    pub(super) fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        #[cfg(unix)]
        use std::os::unix::fs::MetadataExt;
        Some(Stamp {
            len: meta.len(),
            modified: meta.modified().ok(),
            #[cfg(unix)]
            changed: (meta.ctime(), meta.ctime_nsec()),
            #[cfg(unix)]
            inode: meta.ino(),
        })
    }

    /// Whether the file may still change without its stamp changing: modified within
    /// [`RACY`] of `read_at`, or at an unknown time.
    fn racy(&self, read_at: SystemTime) -> bool {
        match self.modified {
            Some(modified) => read_at
                .duration_since(modified)
                .map_or(true, |age| age < RACY),
            None => true,
        }
    }
}

impl PageCache {
    /// Marks files the watcher reported: the next load reads them whatever their stamp.
    pub fn name_changed<I: IntoIterator<Item = PathBuf>>(&mut self, paths: I) {
        self.named.extend(paths);
    }

    /// The page read from `path` last time, if the file provably did not change since
    /// (`stamp`: the file's stamp now).
    pub(super) fn get(&self, path: &Path, stamp: Option<Stamp>) -> Option<Page> {
        if self.named.contains(path) {
            return None;
        }
        let (cached, page) = self.pages.get(path)?;
        (Some(*cached) == stamp).then(|| page.clone())
    }

    /// Replaces what the cache holds with the pages of the load that just ended, each
    /// with the stamp its file had before it was read and when it was read (`None`:
    /// taken from the cache). Racy files are left out; the watcher's names are used up.
    pub(super) fn replace(&mut self, pages: Vec<(PathBuf, Stamp, Option<SystemTime>, Page)>) {
        self.named.clear();
        self.pages.clear();
        self.reused = 0;
        self.read = 0;
        for (path, stamp, read_at, page) in pages {
            match read_at {
                None => self.reused += 1,
                Some(_) => self.read += 1,
            }
            if read_at.is_none_or(|at| !stamp.racy(at)) {
                self.pages.insert(path, (stamp, page));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_modified_just_before_its_read_is_racy() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "x").unwrap();
        let stamp = Stamp::of(&path).unwrap();
        assert!(stamp.racy(SystemTime::now()));
        assert!(!stamp.racy(SystemTime::now() + RACY + Duration::from_secs(1)));
    }

    #[test]
    fn a_rewrite_changes_the_stamp() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "one").unwrap();
        let before = Stamp::of(&path).unwrap();
        std::fs::write(&path, "two, longer").unwrap();
        assert_ne!(Stamp::of(&path), Some(before));
    }
}
