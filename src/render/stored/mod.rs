//! `build`'s persistent counterpart of the [`RenderCache`](super::RenderCache): what one
//! build keeps of each content path so that the next build can skip rendering it
//! ([`StoredGroups`]). [`crate::build_cache`] reads it from `.tebiki/` and writes it back.
//!
//! A group (a content path in every language) is taken from the record instead of being
//! rendered when all of these hold, the same rules as the dev server's cache:
//!
//! - everything pages share is unchanged: the digest of the render cache's shared key
//!   (configuration, templates, UI strings, snippets, static and image files, every
//!   page's path and front matter) equals the recorded one, and the previous build used
//!   only UI strings that exist;
//! - each of its pages' whole file text has the recorded digest;
//! - each of its output files is still the one the previous build left: same size,
//!   modification and change time and inode (a file edited or deleted by hand makes the
//!   group render again, and the output stage then rewrites it);
//! - the group rendered without any diagnostic (a group with warnings is rendered on every
//!   build, so its warnings are reported the same way each time).
//!
//! A reused page is not in memory: the record holds what the rest of the build needs of
//! it, its page report's records (anchors, links, structure, moved into the report when
//! the page is taken: [`records`]) and its link-check scan.

mod records;

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::groups::{GroupDone, PageResult};
use super::plan::{PathGroup, Slot};
use super::{OutputFile, PageReport};
use crate::check::HtmlFile;
use crate::config::Config;
use crate::load::Site;
use crate::urls::{page_output, page_path};
use records::Records;
pub(super) use records::StoredLink;

/// A 256-bit digest (BLAKE3).
pub type Digest = [u8; 32];

/// The digest of `bytes`.
pub fn digest(bytes: &[u8]) -> Digest {
    *blake3::hash(bytes).as_bytes()
}

/// The digest of an output file's `bytes` as the record keeps it. With `split` (search
/// on): the digest of the digests of its part before `<main>`, its `<main>`
/// ([`crate::search::main_range`]) and the rest, so that `main`, the digest of its
/// `<main>` the search index took while the page rendered
/// ([`crate::search::page_search`]), is not taken again; the same for the same bytes,
/// whether `main` is given or not. Without it, the digest of the bytes: one pass is
/// cheaper than three when no part is known.
pub fn file_digest(bytes: &[u8], main: Option<&Digest>, split: bool) -> Digest {
    if !split {
        return digest(bytes);
    }
    let (start, end) = crate::search::main_range(bytes);
    let main = main.copied().unwrap_or_else(|| digest(&bytes[start..end]));
    let mut hasher = blake3::Hasher::new();
    hasher.update(&digest(&bytes[..start]));
    hasher.update(&main);
    hasher.update(&digest(&bytes[end..]));
    *hasher.finalize().as_bytes()
}

/// The groups one build rendered (or took over), as the next build needs them.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct StoredGroups {
    /// The digest of everything pages share ([`super::cache::SharedKey::digest`]).
    shared: Digest,
    /// Whether the build used only UI strings that exist (see `RenderCache::reusable`).
    clean: bool,
    /// By the group's content path (`faq.md`).
    groups: HashMap<String, GroupRecord>,
    /// The search index of each language ([`crate::search::stored`]).
    search: Vec<Option<crate::search::StoredIndex>>,
    /// Whether this build took every group from the record (nothing to write back).
    #[serde(skip)]
    unchanged: bool,
    /// When the record was written (its file's modification time): an output file
    /// changed at that time or later may have changed again within the file system's
    /// timestamp granularity without its stamp showing it (git's "racy clean" case), so
    /// its bytes are compared with the recorded digest instead.
    #[serde(skip)]
    written_at: Option<(i64, i64)>,
}

/// One content path's pages.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GroupRecord {
    /// Each source page: its index among the site's pages and the digest of its text.
    texts: Vec<(usize, Digest)>,
    /// Each output page, in the group's order.
    pages: Vec<PageRecord>,
}

/// One output page of a group.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PageRecord {
    /// Relative to the output folder.
    pub path: String,
    /// The output file as the build that wrote the record left it.
    pub stamp: Option<FileStamp>,
    /// The digest of the file's bytes.
    pub digest: Option<Digest>,
    /// Its page report's anchors, hidden ids, links and structure.
    records: Records,
    /// The link check's scan of the file (none when `[build] links = "off"`).
    pub scan: Option<Arc<HtmlFile>>,
}

/// What identifies one version of an output file without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileStamp {
    len: u64,
    modified: (i64, i64),
    changed: (i64, i64),
    inode: u64,
}

impl FileStamp {
    /// The file's size in bytes.
    pub fn size(&self) -> u64 {
        self.len
    }

    /// The stamp of the regular file at `path` now; `None` for anything else.
    pub fn of(path: &Path) -> Option<FileStamp> {
        let meta = std::fs::symlink_metadata(path).ok()?;
        meta.file_type().is_file().then(|| FileStamp::from(&meta))
    }
}

impl From<&std::fs::Metadata> for FileStamp {
    fn from(meta: &std::fs::Metadata) -> FileStamp {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            FileStamp {
                len: meta.len(),
                modified: (meta.mtime(), meta.mtime_nsec()),
                changed: (meta.ctime(), meta.ctime_nsec()),
                inode: meta.ino(),
            }
        }
        #[cfg(not(unix))]
        {
            let nanos = |t: std::io::Result<std::time::SystemTime>| {
                t.ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map_or((0, 0), |d| {
                        (d.as_secs() as i64, i64::from(d.subsec_nanos()))
                    })
            };
            FileStamp {
                len: meta.len(),
                modified: nanos(meta.modified()),
                changed: nanos(meta.modified()),
                inode: 0,
            }
        }
    }
}

/// A page taken from the record instead of rendered, for the output stage and the link
/// check: its path, its size and its scan.
pub struct KeptFile {
    pub path: String,
    pub len: u64,
    pub scan: Option<Arc<HtmlFile>>,
}

/// Receives each page taken from the record (from any thread) and returns what the
/// site's file list keeps of it, like [`super::PageSink`].
pub type KeptSink<'a> = &'a (dyn Fn(KeptFile) -> Option<OutputFile> + Sync);

/// `build`'s persistent cache, as [`super::RenderTarget`] takes it.
pub struct StoredTarget<'a> {
    /// The previous build's record; replaced by this build's.
    pub groups: &'a mut StoredGroups,
    /// Receives each page taken from the record.
    pub keep: KeptSink<'a>,
    /// The Markdown bodies the previous build rendered, for a build that cannot take
    /// whole pages from the record ([`super::BodyFile`]).
    pub bodies: Option<&'a mut super::BodyFile>,
}

impl StoredGroups {
    /// Whether `shared` (this build's digest) lets the record lend its groups.
    pub(super) fn lends(&self, shared: &Digest) -> bool {
        self.clean && self.shared == *shared
    }

    /// Whether `record` (taken out for `group`) still describes it: its pages' texts and
    /// its output files are as it says.
    pub(super) fn describes(
        &self,
        input: &Lookup,
        group: &PathGroup,
        record: &GroupRecord,
    ) -> bool {
        let site = input.site;
        let same_texts = record.texts.len() == group.sources.len()
            && record
                .texts
                .iter()
                .zip(&group.sources)
                .all(|((source, text), &now)| {
                    *source == now && *text == site.pages[now].text_digest()
                });
        let same_files = record.pages.len() == group.slots.len()
            && record.pages.iter().zip(&group.slots).all(|(page, &slot)| {
                page.path == slot_output(input, &input.slots[slot])
                    && self.is_intact(&input.config.output_dir, input.config.search.enabled, page)
            });
        same_texts && same_files
    }

    /// Whether `page`'s output file is still the one the record describes: the same
    /// stamp, or, where the stamp cannot tell (racy, or changed by a copy that kept the
    /// bytes), the same bytes.
    /// `split`: how the record took its digests (search on, [`file_digest`]).
    fn is_intact(&self, out: &Path, split: bool, page: &PageRecord) -> bool {
        let path = out.join(&page.path);
        if self.has_stamp(&path, page.stamp) {
            return true;
        }
        page.digest.is_some_and(|recorded| {
            std::fs::read(&path).is_ok_and(|bytes| file_digest(&bytes, None, split) == recorded)
        })
    }

    /// Whether the file at `path` has `stamp`, which tells it is the same file (it was
    /// not changed within the clock tick the record was written in).
    fn has_stamp(&self, path: &Path, stamp: Option<FileStamp>) -> bool {
        let Some(now) = FileStamp::of(path) else {
            return false;
        };
        let racy = self.written_at.is_none_or(|at| now.changed >= at);
        stamp == Some(now) && !racy
    }

    /// Takes out the search index of each language, with whether its files are all
    /// still as the record describes them; one whose documents file is not is left
    /// without it.
    pub(super) fn take_search(
        &mut self,
        config: &Config,
    ) -> Vec<Option<(crate::search::StoredIndex, bool)>> {
        let out = &config.output_dir;
        let codes = config.languages.iter().map(|l| l.code.as_str());
        std::mem::take(&mut self.search)
            .into_iter()
            .zip(codes)
            .map(|(index, code)| {
                let mut index = index.filter(|index| index.code == code)?;
                let docs = crate::search::stored::docs_path(config, code);
                if !docs.is_some_and(|path| self.has_stamp(&path, index.docs)) {
                    index.docs = None;
                }
                let intact = index
                    .files
                    .iter()
                    .all(|(path, stamp)| self.has_stamp(&out.join(path), *stamp));
                Some((index, intact))
            })
            .collect()
    }

    /// The record's search part alone, for a build whose output folder no longer holds
    /// the build the record describes (emptied, or replaced): no page can be lent, but
    /// a page's search documents depend only on its `<main>`, so a page rendered with
    /// the same `<main>` still takes them from the record's documents file, as its
    /// Markdown comes from the bodies file. The index's own files are not in the output,
    /// so each index is made again ([`crate::search::IndexStream`]).
    pub fn search_only(self) -> StoredGroups {
        StoredGroups {
            search: self.search,
            written_at: self.written_at,
            ..StoredGroups::default()
        }
    }

    /// Deletes the documents files this build wrote for its search indexes, when the
    /// build failed: they are never put in place.
    pub fn discard_pending_search(&mut self) {
        for index in self.search.iter_mut().flatten() {
            index.discard_pending();
        }
    }

    /// This build's search index of each language, to fill in.
    pub(super) fn search_mut(&mut self) -> &mut Vec<Option<crate::search::StoredIndex>> {
        &mut self.search
    }

    /// This build's search index of each language, to put in place once the output is
    /// committed.
    pub fn search_indexes_mut(
        &mut self,
    ) -> impl Iterator<Item = (usize, &mut Option<crate::search::StoredIndex>)> {
        self.search.iter_mut().enumerate()
    }

    /// Notes when the record was written (the modification time of its file).
    pub fn set_written_at(&mut self, stamp: FileStamp) {
        self.written_at = Some(stamp.modified);
    }

    /// Whether the build that made the record used only UI strings that exist.
    pub(super) fn is_clean(&self) -> bool {
        self.clean
    }

    /// The digests of every page text the record knows: the load leaves these pages'
    /// bodies on disk ([`crate::load::LoadOptions::known_texts`]).
    pub fn text_digests(&self) -> std::collections::HashSet<Digest> {
        let groups = self.groups.values();
        groups
            .flat_map(|g| g.texts.iter().map(|(_, text)| *text))
            .collect()
    }

    /// Starts this build's record: `shared` is its digest.
    pub(super) fn begin(&self, shared: Digest) -> StoredGroups {
        StoredGroups {
            shared,
            clean: false,
            groups: HashMap::with_capacity(self.groups.len()),
            search: Vec::new(),
            unchanged: self.lends(&shared),
            written_at: None,
        }
    }

    /// Takes each group's record out, in `groups`' order; the records of content paths
    /// that are gone are dropped.
    pub(super) fn take_all(
        &mut self,
        site: &Site,
        groups: &[PathGroup],
    ) -> Vec<Option<GroupRecord>> {
        let taken = groups
            .iter()
            .map(|group| self.groups.remove(group_name(site, group)))
            .collect();
        self.groups = HashMap::new();
        taken
    }

    /// Keeps `record` for `group`.
    pub(super) fn put(&mut self, site: &Site, group: &PathGroup, record: GroupRecord) {
        self.groups
            .insert(group_name(site, group).to_string(), record);
    }

    /// Notes that a group's record is new, or gone.
    pub(super) fn changed(&mut self) {
        self.unchanged = false;
    }

    /// Ends this build's record.
    pub(super) fn end(&mut self, translations_clean: bool, previous_clean: bool) {
        self.clean = translations_clean;
        self.unchanged &= translations_clean == previous_clean;
    }

    /// Whether the build took every page from the record it read, so writing it back
    /// would change nothing.
    pub fn is_unchanged(&self) -> bool {
        self.unchanged
    }

    /// Every output page of the record, to stamp after the output was written.
    pub fn pages_mut(&mut self) -> impl Iterator<Item = &mut PageRecord> {
        self.groups.values_mut().flat_map(|g| g.pages.iter_mut())
    }
}

/// What looking a group up needs besides the group.
pub(super) struct Lookup<'a> {
    pub(super) config: &'a Config,
    pub(super) site: &'a Site,
    pub(super) slots: &'a [Slot],
}

fn slot_output(input: &Lookup, slot: &Slot) -> String {
    let page = &input.site.pages[slot.source];
    page_output(&input.config.languages[slot.lang].code, &page.rel_path)
}

fn group_name<'a>(site: &'a Site, group: &PathGroup) -> &'a str {
    group
        .sources
        .first()
        .map(|&s| site.pages[s].rel_path.as_str())
        .unwrap_or("")
}

/// The record of a group just rendered, if it can be stored: every page rendered, no
/// diagnostic. Stamps and scans are filled in once the output is written.
pub(super) fn record_group(
    input: &Lookup,
    group: &PathGroup,
    done: &GroupDone,
) -> Option<GroupRecord> {
    if !done.diagnostics.is_empty() || done.files.iter().any(|(_, f)| f.is_err()) {
        return None;
    }
    let pages = done
        .reports
        .iter()
        .map(|(slot, report)| PageRecord {
            path: slot_output(input, &input.slots[*slot]),
            stamp: None,
            digest: None,
            records: Records::Shared(Arc::clone(report)),
            scan: None,
        })
        .collect();
    let texts = group
        .sources
        .iter()
        .map(|&s| (s, input.site.pages[s].text_digest()))
        .collect();
    Some(GroupRecord { texts, pages })
}

/// The group's result as its rendering would give it, from its record: each page is
/// handed to `keep` instead of being rendered, and its records move into its report,
/// which the record then shares.
pub(super) fn reuse_group(
    input: &Lookup,
    group: &PathGroup,
    record: &mut GroupRecord,
    keep: KeptSink,
) -> GroupDone {
    let mut files = Vec::with_capacity(group.slots.len());
    let mut reports = Vec::with_capacity(group.slots.len());
    let mut search = Vec::new();
    for (&index, page) in group.slots.iter().zip(&mut record.pages) {
        let slot = &input.slots[index];
        if input.config.search.enabled {
            let path = page.path.clone();
            let lang = slot.lang;
            search.push((index, crate::search::PageSearch::Stored { lang, path }));
        }
        let kept = KeptFile {
            path: page.path.clone(),
            len: page.stamp.map_or(0, |s| s.len),
            scan: page.scan.clone(),
        };
        let result: PageResult = Ok(keep(kept));
        files.push((index, result));
        let report = match page.records.take() {
            Ok(records) => Arc::new(stored_report(input, slot, records)),
            Err(shared) => shared,
        };
        page.records = Records::Shared(Arc::clone(&report));
        reports.push((index, report));
    }
    GroupDone {
        files,
        reports,
        diagnostics: Vec::new(),
        search,
    }
}

fn stored_report(input: &Lookup, slot: &Slot, records: records::StoredRecords) -> PageReport {
    let page = &input.site.pages[slot.source];
    let mut report = PageReport {
        lang: slot.lang,
        rel_path: page.rel_path.clone(),
        source: page.display_path.clone(),
        url_path: page_path(&input.config.languages[slot.lang].code, &page.rel_path),
        anchors: Vec::new(),
        hidden_ids: Vec::new(),
        links: Vec::new(),
        structure: Default::default(),
        fallback: slot.fallback,
        newest_date: super::groups::newest_date(page),
    };
    records.move_into(&mut report);
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_digest_is_the_same_with_the_main_digest_given_and_tells_moved_bytes_apart() {
        let page = b"<head><script></script></head><main>Text</main><footer></footer>";
        let (start, end) = crate::search::main_range(page);
        let main = digest(&page[start..end]);
        assert_eq!(
            file_digest(page, Some(&main), true),
            file_digest(page, None, true)
        );
        // The same `<main>` and the same bytes around it, but some moved across it.
        let moved = b"<head><script><main>Text</main></script></head><footer></footer>";
        assert_ne!(
            file_digest(moved, None, true),
            file_digest(page, None, true)
        );
        assert_ne!(
            file_digest(b"<main>Text</main>", None, true),
            file_digest(b"<main>Texts</main>", None, true)
        );
    }

    fn record_of(path: &Path) -> PageRecord {
        PageRecord {
            path: "index.html".into(),
            stamp: FileStamp::of(path),
            digest: Some(file_digest(&std::fs::read(path).unwrap(), None, true)),
            records: Records::Stored(Default::default()),
            scan: None,
        }
    }

    /// A file rewritten with the same size and its modification time put back, within
    /// the same clock tick as the record (so even its change time may look the same), is
    /// compared by its bytes and found changed; a file written back with the same bytes
    /// is found intact; a deleted one is not.
    #[test]
    fn a_racy_output_file_is_compared_by_its_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("index.html");
        std::fs::write(&path, "<p>one</p>").unwrap();
        let record = record_of(&path);
        let stamp = record.stamp.unwrap();
        let mut groups = StoredGroups {
            written_at: Some((i64::MAX, 0)),
            ..StoredGroups::default()
        };
        assert!(
            groups.is_intact(dir.path(), true, &record),
            "not racy, same stamp"
        );
        groups.written_at = Some(stamp.changed);
        assert!(
            groups.is_intact(dir.path(), true, &record),
            "racy, same bytes"
        );
        let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
        std::fs::write(&path, "<p>two</p>").unwrap();
        let file = std::fs::File::options().write(true).open(&path).unwrap();
        file.set_modified(modified).unwrap();
        assert!(
            !groups.is_intact(dir.path(), true, &record),
            "racy, other bytes"
        );
        std::fs::write(&path, "<p>one</p>").unwrap();
        assert!(
            groups.is_intact(dir.path(), true, &record),
            "the same bytes again"
        );
        std::fs::remove_file(&path).unwrap();
        assert!(!groups.is_intact(dir.path(), true, &record), "deleted");
    }
}
