//! What the dev server keeps of the pages it read, so that a save reads only the files
//! that changed ([`PageCache`]).
//!
//! A page is read again when the watcher named its file since the last load. Unless
//! the cache trusts the watcher ([`PageCache::trust_watcher`], the dev server), it is
//! also read again when the file's size, modification time, change time or inode differ
//! from when it was read (an edit no watcher saw, a `git checkout` between two builds).
//! A file modified within [`RACY`] of being read is read again every time until it is
//! older than that: a second write inside the file system's timestamp granularity could
//! otherwise keep the same size and times (the "racy clean" case of git's index).
//!
//! A cache that trusts the watcher also keeps the folder walk ([`Listing`]) while the
//! watcher names no file created or removed, so a save costs no walk and no `stat` per
//! page. What the watcher cannot see (an edit through a folder link, a lost event) is
//! found by [`PageCache::changed_unseen`], which the dev server runs right after it has
//! served each build: it walks and compares every stamp, and names what changed for the
//! next build.

use std::ffi::OsString;

use rustc_hash::{FxHashMap, FxHashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use super::listing::Listing;
use super::Page;
use crate::config::Config;

/// How close to its read a file's modification time makes it "racy": coarser than any
/// file system's timestamps (FAT: 2 s) and any clock tick.
const RACY: Duration = Duration::from_secs(3);

/// Pages read by earlier loads, by the file they were read from.
#[derive(Default)]
pub struct PageCache {
    /// By the file's path as bytes ([`key`]): hashing a `Path` parses its components,
    /// which cost more than the rest of a save's lookups together.
    /// A file listed under several languages (through folder links) has one entry per
    /// page it was read as.
    pages: FxHashMap<Box<[u8]>, Vec<Entry>>,
    /// Files the watcher named since the last load: read them again whatever their stamp.
    /// As OS strings, for the same reason as `pages`: every page of a save asks.
    named: FxHashSet<OsString>,
    /// The last walk of the content folders.
    listing: Option<Arc<Listing>>,
    /// Whether unnamed files are taken as unchanged without a `stat` (the dev server).
    trusting: bool,
    /// The watcher may have lost events: the next load walks and compares every stamp.
    doubt: bool,
    /// The snippets read by the last load.
    snippets: Vec<SnippetRead>,
    /// Pages taken from the cache and read, in the last load.
    pub reused: usize,
    pub read: usize,
    /// Whether the last load walked the content folders (else it kept the listing).
    pub walked: bool,
}

/// A page as read, with its file and the file's stamp before the read.
struct Entry {
    path: PathBuf,
    stamp: Stamp,
    page: Page,
    /// Modified within [`RACY`] of the read: the stamp proves nothing.
    racy: bool,
}

/// A path as the page cache's key: its bytes (the paths compared all come from the same
/// walk or from the watcher, which joins the same folder names).
fn key(path: &Path) -> &[u8] {
    path.as_os_str().as_encoded_bytes()
}

/// A snippet read by a load: its file, the file's stamp before the read, and its text
/// if the stamp proves nothing (racy).
pub(super) struct SnippetRead {
    pub(super) path: PathBuf,
    pub(super) stamp: Option<Stamp>,
    pub(super) racy_text: Option<String>,
}

/// A page read by this load, for [`PageCache::finish`]: its file, the file's stamp
/// before the read, when it was read, and the page if it loaded.
pub(super) struct Read {
    pub(super) path: PathBuf,
    /// The page's language and path below its language's folder.
    pub(super) lang: usize,
    pub(super) rel_path: String,
    pub(super) stamp: Option<Stamp>,
    pub(super) at: SystemTime,
    pub(super) page: Option<Page>,
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
    pub(super) fn racy(&self, read_at: SystemTime) -> bool {
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
        self.named
            .extend(paths.into_iter().map(PathBuf::into_os_string));
    }

    /// From now on, takes every file the watcher did not name as unchanged (no `stat`)
    /// and keeps the folder walk while no file is created or removed; the caller runs
    /// [`PageCache::changed_unseen`] after each build.
    pub fn trust_watcher(&mut self) {
        self.trusting = true;
    }

    /// The watcher may have lost events (its queue overflowed): the next load walks the
    /// folders and compares every stamp.
    pub fn doubt_watcher(&mut self) {
        self.doubt = true;
    }

    /// Whether unnamed files may be taken without a `stat` in this load.
    pub(super) fn trusted(&self) -> bool {
        self.trusting && !self.doubt
    }

    /// The content folders' listing for this load: the kept one if the watcher's names
    /// leave it as it is, else a new walk.
    pub(super) fn listing(&mut self, config: &Config) -> Arc<Listing> {
        if let Some(listing) = &self.listing {
            if self.trusted() && listing.still_holds(config, &self.named) {
                self.walked = false;
                return Arc::clone(listing);
            }
        }
        self.walked = true;
        let listing = Arc::new(Listing::walk(config));
        self.listing = Some(Arc::clone(&listing));
        listing
    }

    /// The page read from `path` last time, if the file provably did not change since:
    /// not named by the watcher, not racy, and (`stamp`, the file's stamp now) with the
    /// same stamp. `stamp` is `None` when the cache trusts the watcher.
    pub(super) fn get(
        &self,
        path: &Path,
        stamp: Option<Stamp>,
        lang: usize,
        rel_path: &str,
    ) -> Option<Page> {
        if !self.named.is_empty() && self.named.contains(path.as_os_str()) {
            return None;
        }
        let entry = self
            .pages
            .get(key(path))?
            .iter()
            .find(|e| e.page.lang == lang && e.page.rel_path == rel_path)?;
        let same = match stamp {
            Some(stamp) => stamp == entry.stamp,
            None => self.trusted(),
        };
        (same && !entry.racy).then(|| entry.page.clone())
    }

    /// Records the load that just ended: the pages it read (`reads`), how many it took
    /// from the cache, and the snippets it read. Pages no longer listed are forgotten;
    /// the watcher's names are used up.
    pub(super) fn finish(&mut self, reads: Vec<Read>, reused: usize, snippets: Vec<SnippetRead>) {
        if self.walked {
            if let Some(listing) = &self.listing {
                self.pages
                    .retain(|_, entries| entries.iter().all(|e| listing.lists(&e.path)));
            }
        }
        self.read = reads.len();
        self.reused = reused;
        for read in reads {
            let entries = self.pages.entry(key(&read.path).into()).or_default();
            entries.retain(|e| (e.page.lang, &e.page.rel_path) != (read.lang, &read.rel_path));
            if let (Some(stamp), Some(page)) = (read.stamp, read.page) {
                let racy = stamp.racy(read.at);
                let entry = Entry {
                    path: read.path,
                    stamp,
                    page,
                    racy,
                };
                entries.push(entry);
            }
        }
        self.snippets = snippets;
        self.named.clear();
        self.doubt = false;
    }

    /// The files that changed since the last load without the watcher naming them: files
    /// created or removed below the content folders, pages and snippets whose stamp
    /// differs from the one they were read with, racy pages whose text differs. Costs a
    /// walk and a `stat` per file: the dev server runs it after it served a build
    /// ([`PageCache::changed_unseen_unless`]).
    pub fn changed_unseen(&self, config: &Config) -> Vec<PathBuf> {
        self.changed_unseen_unless(config, &|| false)
            .unwrap_or_default()
    }

    /// [`PageCache::changed_unseen`] that gives up (`None`) as soon as `stop` says so,
    /// which the walk asks every few dozen entries and the comparison every
    /// [`LOOK_CHUNK`] files: the dev server stops looking when a save arrives, so the
    /// look never delays a save's page.
    pub fn changed_unseen_unless(
        &self,
        config: &Config,
        stop: &dyn Fn() -> bool,
    ) -> Option<Vec<PathBuf>> {
        let Some(listing) = &self.listing else {
            return Some(Vec::new());
        };
        let mut changed = listing.differences_unless(config, stop)?;
        let fence = config.fence();
        let entries: Vec<&Entry> = self.pages.values().flatten().collect();
        for chunk in entries.chunks(LOOK_CHUNK) {
            if stop() {
                return None;
            }
            for entry in chunk {
                let path = &entry.path;
                let differs = Stamp::of(path) != Some(entry.stamp)
                    || (entry.racy
                        && fence
                            .read_listed(path)
                            .map_or(true, |bytes| bytes != entry.page.text.as_bytes()));
                if differs {
                    changed.push(path.clone());
                }
            }
        }
        for snippet in &self.snippets {
            let differs = Stamp::of(&snippet.path) != snippet.stamp
                || snippet.racy_text.as_ref().is_some_and(|text| {
                    fence
                        .read_listed(&snippet.path)
                        .map_or(true, |bytes| bytes != text.as_bytes())
                });
            if differs {
                changed.push(snippet.path.clone());
            }
        }
        changed.sort();
        changed.dedup();
        Some(changed)
    }
}

/// How many files [`PageCache::changed_unseen_unless`] compares between two questions
/// whether to stop: well under a millisecond of `stat`s.
const LOOK_CHUNK: usize = 64;

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
