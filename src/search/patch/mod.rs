//! A language's index patched in place ([`patch_index`]) instead of made again from every
//! page, when the pages are those of the previous build, in the same order, and the
//! shard layout stays.
//!
//! The files that can change (`lists.rs`, `documents.rs`):
//! - the shard files holding a token of a changed page, before or after the edit: each
//!   such token's list loses the entries in the page's old document range and gets the
//!   page's new ones (entries before the range are copied, the first after it gets a
//!   new gap, the rest is copied whole). When a page's number of documents changed, the
//!   documents after it move: every list's first entry after it gets a new gap;
//! - `t.bin` (the page's documents' entries) and `meta.json` (the number of documents,
//!   the average length);
//! - the `d<k>.json` chunks holding the page's documents, and when documents moved every
//!   chunk after them (chunks may be added or dropped at the end).
//!
//! Every other file is kept as the previous build left it, and the documents file is
//! written again with only the changed pages' bytes new. What is read: the documents
//! file's page heads (not the pages), the changed pages' previous documents, every shard
//! file (the layout depends on the postings' total size), `t.bin`, `meta.json` and the
//! chunks that change. Anything unexpected gives `None`, and the caller makes the index
//! again from every page, as a build without the record would.

mod documents;
mod lists;

use std::collections::HashMap;

use serde::Deserialize;

use super::docs::PageDocs;
use super::index::{self, CHUNK};
use super::stored::{self, DocsHeads, Span};
use super::{PageSearch, StoredIndex};
use crate::config::Config;
use crate::render::OutputFile;

/// What [`patch_index`] needs: language `lang`'s pages now (in output order), the
/// previous build's documents file and its record of the index files, which are all
/// still as it left them.
pub struct PatchInput<'a> {
    pub config: &'a Config,
    pub lang: usize,
    pub pages: &'a [PageSearch],
    pub old: &'a DocsHeads,
    pub index: &'a StoredIndex,
}

/// An index patched in place.
pub struct Patched {
    /// The index files that changed.
    pub files: Vec<OutputFile>,
    /// The other index files (paths in the output) and their sizes, kept.
    pub kept: Vec<(String, u64)>,
    /// This build's record of the index (its documents file written beside the old one).
    pub stored: StoredIndex,
}

/// A page whose documents changed.
struct Change<'a> {
    span: Span,
    /// Its first document's number before and now, and how many it had.
    old_base: u32,
    new_base: u32,
    old_len: u32,
    before: PageDocs,
    after: &'a PageDocs,
}

#[derive(Deserialize)]
struct Meta {
    v: u32,
    docs: u32,
    shards: usize,
    sub: usize,
    chunk: usize,
}

/// The language's index files patched for the pages rendered now, or `None` when the
/// pages or the shard layout changed (or a file is not as expected): then the index is
/// to be made again.
pub fn patch_index(input: PatchInput) -> Option<Patched> {
    let PatchInput {
        config,
        lang,
        pages,
        old,
        index,
    } = input;
    let (changes, docs) = changes(lang, pages, old)?;
    let dir = format!("search/{}/", config.languages[lang].code);
    let read = |name: &str| std::fs::read(config.output_dir.join(&dir).join(name)).ok();
    let meta_bytes = read("meta.json")?;
    let meta: Meta = serde_json::from_slice(&meta_bytes).ok()?;
    if meta.v != 2 || meta.chunk != CHUNK || meta.docs != docs.0 || meta.shards * meta.sub == 0 {
        return None;
    }
    let layout = (meta.shards, meta.sub);
    // Each function gives the files whose bytes change.
    let mut files = lists::shards(&changes, layout, &read)?;
    let old_tree = read("t.bin")?;
    let (tree, average) = documents::tree(&changes, &old_tree, docs.0)?;
    if tree != old_tree {
        files.push(("t.bin".into(), tree));
    }
    let meta = index::meta(docs.1, layout, average);
    if meta != meta_bytes {
        files.push(("meta.json".into(), meta));
    }
    files.extend(documents::chunks(&changes, docs.0, &read)?);
    let chunks = (docs.0 as usize).div_ceil(CHUNK)..(docs.1 as usize).div_ceil(CHUNK);
    let (files, kept, paths) = sort_files(index, &dir, files, chunks)?;
    let code = &config.languages[lang].code;
    let pending = stored::docs_path(config, &format!("{code}.new"))?;
    let written: Vec<(Span, &PageDocs)> = changes.iter().map(|c| (c.span, c.after)).collect();
    old.write_changed(&pending, &written)?;
    Some(Patched {
        files,
        kept,
        stored: StoredIndex::new(paths, pending),
    })
}

/// The files written (`changed`, by name), the files kept and the index's files now,
/// from the record's: chunks from `chunks.start` on are new when `chunks` grew and
/// dropped when it shrank. `None` if a file changed that the record does not name.
#[allow(clippy::type_complexity)]
fn sort_files(
    index: &StoredIndex,
    dir: &str,
    changed: Vec<(String, Vec<u8>)>,
    chunks: std::ops::Range<usize>,
) -> Option<(Vec<OutputFile>, Vec<(String, u64)>, Vec<String>)> {
    let mut names: HashMap<String, Vec<u8>> = changed
        .into_iter()
        .map(|(name, bytes)| (format!("{dir}{name}"), bytes))
        .collect();
    let chunk = |path: &str| -> Option<usize> {
        let name = path.strip_prefix(dir)?.strip_prefix('d')?;
        name.strip_suffix(".json")?.parse().ok()
    };
    let (mut files, mut kept, mut paths) = (Vec::new(), Vec::new(), Vec::new());
    for (path, stamp) in &index.files {
        if chunk(path).is_some_and(|k| k >= chunks.end) {
            continue;
        }
        paths.push(path.clone());
        match names.remove(path) {
            Some(bytes) => files.push(OutputFile {
                path: path.clone(),
                bytes: bytes.into(),
            }),
            None => kept.push((path.clone(), stamp.map_or(0, |s| s.size()))),
        }
    }
    let mut added: Vec<(String, Vec<u8>)> = names.into_iter().collect();
    added.sort();
    for (path, bytes) in added {
        // Only a chunk past the old ones may be new.
        if !chunk(&path).is_some_and(|k| k >= chunks.start && k < chunks.end) {
            return None;
        }
        paths.push(path.clone());
        files.push(OutputFile {
            path,
            bytes: bytes.into(),
        });
    }
    Some((files, kept, paths))
}

/// The pages whose documents changed and the language's number of documents before and
/// now, when the pages are the documents file's, in its order.
fn changes<'a>(
    lang: usize,
    pages: &'a [PageSearch],
    old: &DocsHeads,
) -> Option<(Vec<Change<'a>>, (u32, u32))> {
    if old.len() != pages.len() {
        return None;
    }
    let mut changes = Vec::new();
    let (mut old_base, mut new_base) = (0u32, 0u32);
    for (place, page) in pages.iter().enumerate() {
        let url = match page {
            PageSearch::Fresh(docs, _) => docs.url.clone(),
            PageSearch::Stored { path, .. } => super::page_url(path)?,
        };
        let span = old.span(&url)?;
        if span.place != place {
            return None;
        }
        let old_len = u32::try_from(span.docs).ok()?;
        let mut new_len = old_len;
        if let PageSearch::Fresh(after, _) = page {
            let before = old.page(&url, lang)?;
            if before != *after {
                new_len = u32::try_from(after.docs.len()).ok()?;
                changes.push(Change {
                    span,
                    old_base,
                    new_base,
                    old_len,
                    before,
                    after,
                });
            }
        }
        old_base = old_base.checked_add(old_len)?;
        new_base = new_base.checked_add(new_len)?;
    }
    Some((changes, (old_base, new_base)))
}
