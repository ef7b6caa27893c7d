//! A language's index patched in place ([`patch_index`]): when the pages rendered now
//! change documents but not how many each page has, and the shard layout stays, the
//! previous build's index files are edited instead of made again from every page.
//!
//! Documents keep their numbers, so only these files can change:
//! - the shard files holding a token of a changed page, before or after the edit: each
//!   such token's list loses the entries in the page's document range and gets the
//!   page's new ones (entries before the range are copied, the first after it gets a
//!   new gap, the rest is copied whole);
//! - `t.bin` (the page's documents' entries) and `meta.json` (the average length);
//! - the `d<k>.json` chunks holding the page's documents.
//!
//! Every other file is kept as the previous build left it, and the documents file is
//! written again with only the changed pages' bytes new. What is read: the documents
//! file's page heads (not the pages), the changed pages' previous documents, every shard
//! file (the layout depends on the postings' total size), `t.bin`, `meta.json` and the
//! chunks of the changed pages. Anything unexpected gives `None`, and the caller makes
//! the index again from every page, as a build without the record would.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;

use super::docs::{PageDocs, WORD};
use super::index::{self, CHUNK};
use super::stored::{self, DocsFile, Span};
use super::tokenize::cjk_text;
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
    pub old: &'a DocsFile,
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

/// A page whose documents changed, keeping their number.
struct Change<'a> {
    span: Span,
    /// Its first document's number.
    base: u32,
    before: PageDocs,
    after: &'a PageDocs,
}

/// One entry of a postings list: a document and its counts.
#[derive(Clone, Copy)]
struct Entry {
    doc: u32,
    text: u32,
    title: u32,
}

#[derive(Deserialize)]
struct Meta {
    v: u32,
    docs: u32,
    shards: usize,
    sub: usize,
    chunk: usize,
}

/// The language's index files patched for the pages rendered now, or `None` when a
/// page's number of documents, the pages, or the shard layout changed (or a file is not
/// as expected): then the index is to be made again.
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
    if meta.v != 2 || meta.chunk != CHUNK || meta.docs != docs || meta.shards * meta.sub == 0 {
        return None;
    }
    let layout = (meta.shards, meta.sub);
    // Each function gives the files whose bytes change.
    let mut files = shards(&changes, layout, &read)?;
    let old_tree = read("t.bin")?;
    let (tree, average) = tree(&changes, &old_tree, docs)?;
    if tree != old_tree {
        files.push(("t.bin".into(), tree));
    }
    let meta = index::meta(docs, layout, average);
    if meta != meta_bytes {
        files.push(("meta.json".into(), meta));
    }
    files.extend(chunks(&changes, docs, &read)?);
    let mut names: HashMap<String, Vec<u8>> = files
        .into_iter()
        .map(|(name, bytes)| (format!("{dir}{name}"), bytes))
        .collect();
    let mut changed = Vec::new();
    let mut kept = Vec::new();
    for (path, stamp) in &index.files {
        match names.remove(path) {
            Some(bytes) => changed.push(OutputFile {
                path: path.clone(),
                bytes: bytes.into(),
            }),
            None => kept.push((path.clone(), stamp.map_or(0, |s| s.size()))),
        }
    }
    // A changed file the record does not name: the record is not this index's.
    if !names.is_empty() {
        return None;
    }
    let code = &config.languages[lang].code;
    let pending = stored::docs_path(config, &format!("{code}.new"))?;
    let written: Vec<(Span, &PageDocs)> = changes.iter().map(|c| (c.span, c.after)).collect();
    old.write_changed(&pending, &written)?;
    let paths = index.files.iter().map(|(path, _)| path.clone()).collect();
    Some(Patched {
        files: changed,
        kept,
        stored: StoredIndex::new(paths, pending),
    })
}

/// The pages whose documents changed and the language's number of documents, when the
/// pages are the documents file's, in its order, and each changed page kept its number
/// of documents.
fn changes<'a>(
    lang: usize,
    pages: &'a [PageSearch],
    old: &DocsFile,
) -> Option<(Vec<Change<'a>>, u32)> {
    if old.len() != pages.len() {
        return None;
    }
    let mut changes = Vec::new();
    let mut base = 0u32;
    for (place, page) in pages.iter().enumerate() {
        let url = match page {
            PageSearch::Fresh(docs) => docs.url.clone(),
            PageSearch::Stored { path, .. } => {
                crate::urls::encode_path(path.strip_suffix("index.html")?)
            }
        };
        let span = old.span(&url)?;
        if span.place != place {
            return None;
        }
        let count = u32::try_from(old.doc_count(span)?).ok()?;
        if let PageSearch::Fresh(after) = page {
            let (before, _) = old.page(&url, lang)?;
            if before != *after {
                if before.docs.len() != after.docs.len() {
                    return None;
                }
                changes.push(Change {
                    span,
                    base,
                    before,
                    after,
                });
            }
        }
        base = base.checked_add(count)?;
    }
    Some((changes, base))
}

/// A posting's token as the index writes it.
fn token(page: &PageDocs, key: u64) -> Option<String> {
    match key & WORD {
        0 => Some(cjk_text(key)),
        _ => page
            .words
            .get((key & !WORD) as usize)
            .map(|w| w.to_string()),
    }
}

/// The shard files holding a token of a changed page, patched; `None` if the layout
/// changes.
fn shards(
    changes: &[Change],
    (shards, sub): (usize, usize),
    read: &dyn Fn(&str) -> Option<Vec<u8>>,
) -> Option<Vec<(String, Vec<u8>)>> {
    // Each token of a changed page, before or after, and its entries after.
    let mut touched: BTreeMap<(usize, String), Vec<Entry>> = BTreeMap::new();
    for change in changes {
        for p in &change.before.postings {
            let token = token(&change.before, p.key())?;
            touched
                .entry((shard(&token, shards, sub), token))
                .or_default();
        }
        for p in &change.after.postings {
            let token = token(change.after, p.key())?;
            let entry = Entry {
                doc: change.base + p.doc(),
                text: p.text,
                title: p.title,
            };
            let list = touched
                .entry((shard(&token, shards, sub), token))
                .or_default();
            list.push(entry);
        }
    }
    let ranges: Vec<(u32, u32)> = changes
        .iter()
        .map(|c| (c.base, c.base + c.after.docs.len() as u32))
        .collect();
    let mut raw_after = 0usize;
    let mut files = Vec::new();
    for file in 0..shards * sub {
        let name = format!("p{}-{}.bin", file / sub, file % sub);
        let bytes = read(&name)?;
        let heads = heads(&bytes)?;
        let mine = touched.range((file, String::new())..(file + 1, String::new()));
        let mut mine = mine
            .map(|((_, t), e)| (t.as_bytes(), e.as_slice()))
            .peekable();
        if mine.peek().is_none() {
            raw_after += heads
                .iter()
                .map(|(t, l)| t.len() + l.len() + 4)
                .sum::<usize>();
            continue;
        }
        // The file's lists and the touched tokens, merged in token order.
        let mut lists: Vec<(&[u8], std::borrow::Cow<[u8]>)> = Vec::new();
        let mut heads = heads.into_iter().peekable();
        loop {
            let next_old = heads.peek().map(|(t, _)| *t);
            let next_new = mine.peek().map(|(t, _)| *t);
            match (next_old, next_new) {
                (None, None) => break,
                (Some(a), Some(b)) if a == b => {
                    let (token, list) = heads.next()?;
                    let (_, add) = mine.next()?;
                    lists.push((token, splice(list, &ranges, add)?.into()));
                }
                (Some(a), b) if b.is_none_or(|b| a < b) => {
                    let (token, list) = heads.next()?;
                    lists.push((token, list.into()));
                }
                _ => {
                    let (token, add) = mine.next()?;
                    lists.push((token, splice(&[], &ranges, add)?.into()));
                }
            }
        }
        lists.retain(|(_, list)| !list.is_empty());
        raw_after += lists
            .iter()
            .map(|(t, l)| t.len() + l.len() + 4)
            .sum::<usize>();
        let lists: Vec<(&[u8], &[u8])> = lists.iter().map(|(t, l)| (*t, l.as_ref())).collect();
        let new = index::shard_bytes(&lists);
        if new != bytes {
            files.push((name, new));
        }
    }
    (index::layout(raw_after) == (shards, sub)).then_some(files)
}

/// The shard number of `token` (as [`index::shard_of`], in one number).
fn shard(token: &str, shards: usize, sub: usize) -> usize {
    let (a, b) = index::shard_of(token, shards, sub);
    a * sub + b
}

/// A shard file's (token, list) pairs, in its order.
fn heads(bytes: &[u8]) -> Option<Vec<(&[u8], &[u8])>> {
    let mut r = Varints { bytes, at: 0 };
    let count = r.next()? as usize;
    let mut heads = Vec::with_capacity(count.min(bytes.len()));
    for _ in 0..count {
        let len = r.next()? as usize;
        let token = r.take(len)?;
        heads.push((token, r.next()? as usize));
    }
    let mut lists = Vec::with_capacity(heads.len());
    for (token, len) in heads {
        lists.push((token, r.take(len)?));
    }
    (r.at == bytes.len()).then_some(lists)
}

/// `list` without its entries in `ranges` (document ranges, in order), with `add` (in
/// document order, all in `ranges`) in their place.
fn splice(list: &[u8], ranges: &[(u32, u32)], add: &[Entry]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(list.len() + add.len() * 3);
    let first = ranges.first().map_or(u32::MAX, |r| r.0);
    let end = ranges.last().map_or(0, |r| r.1);
    // The entries before the first range stay as they are: only their gaps are read.
    let (mut at, mut last) = (0, 0u32);
    while at < list.len() {
        let mut next = at;
        let doc = last.checked_add(varint_at(list, &mut next)?)?;
        if doc >= first {
            break;
        }
        if varint_at(list, &mut next)? & 1 == 1 {
            varint_at(list, &mut next)?;
        }
        (at, last) = (next, doc);
    }
    out.extend_from_slice(&list[..at]);
    let mut doc = last;
    let mut add = add.iter().peekable();
    while at < list.len() {
        doc = doc.checked_add(varint_at(list, &mut at)?)?;
        let counts = at;
        if varint_at(list, &mut at)? & 1 == 1 {
            varint_at(list, &mut at)?;
        }
        while let Some(entry) = add.next_if(|e| e.doc < doc) {
            write_entry(&mut out, entry, &mut last);
        }
        if ranges.iter().any(|&(a, b)| (a..b).contains(&doc)) {
            continue;
        }
        index::varint(&mut out, doc - last);
        last = doc;
        if doc >= end && add.peek().is_none() {
            // Past every range: the rest's gaps are as they were.
            out.extend_from_slice(&list[counts..]);
            return Some(out);
        }
        out.extend_from_slice(&list[counts..at]);
    }
    for entry in add {
        write_entry(&mut out, entry, &mut last);
    }
    Some(out)
}

/// The varint at `at`, which moves past it. Most are one byte.
#[inline(always)]
fn varint_at(bytes: &[u8], at: &mut usize) -> Option<u32> {
    let b = *bytes.get(*at)?;
    if b < 0x80 {
        *at += 1;
        return Some(u32::from(b));
    }
    let mut r = Varints { bytes, at: *at };
    let n = r.next()?;
    *at = r.at;
    Some(n)
}

fn write_entry(out: &mut Vec<u8>, entry: &Entry, last: &mut u32) {
    index::varint(out, entry.doc - *last);
    index::varint(out, entry.text * 2 + u32::from(entry.title > 0));
    if entry.title > 0 {
        index::varint(out, entry.title);
    }
    *last = entry.doc;
}

/// `t.bin` with the changed pages' entries replaced, and the average document length.
fn tree(changes: &[Change], old: &[u8], docs: u32) -> Option<(Vec<u8>, f64)> {
    let mut out = Vec::with_capacity(old.len() + 64);
    let mut r = Varints { bytes: old, at: 0 };
    let mut total = 0u64;
    let mut changes = changes.iter().peekable();
    let mut doc = 0u32;
    while doc < docs {
        if let Some(change) = changes.next_if(|c| c.base == doc) {
            let mut lengths = Vec::new();
            index::page_tree(change.after, &mut out, &mut lengths);
            total += lengths.iter().map(|&l| u64::from(l)).sum::<u64>();
            for _ in 0..change.after.docs.len() {
                r.next()?;
                r.next()?;
            }
            doc += change.after.docs.len() as u32;
            continue;
        }
        let start = r.at;
        r.next()?;
        total += u64::from(r.next()?);
        out.extend_from_slice(&old[start..r.at]);
        doc += 1;
    }
    // The same sum the full build takes in floating point: exact, as integers below 2^53.
    let average = total as f64 / f64::from(docs.max(1));
    (r.at == old.len() && changes.peek().is_none()).then_some((out, average))
}

/// The `d<k>.json` chunks holding a changed page's documents, patched.
fn chunks(
    changes: &[Change],
    docs: u32,
    read: &dyn Fn(&str) -> Option<Vec<u8>>,
) -> Option<Vec<(String, Vec<u8>)>> {
    // Per chunk, its documents that changed: (place in the chunk, new JSON).
    let mut by_chunk: BTreeMap<usize, Vec<(usize, Vec<u8>)>> = BTreeMap::new();
    for change in changes {
        for (i, doc) in change.after.docs.iter().enumerate() {
            let n = change.base as usize + i;
            let mut json = Vec::new();
            index::doc_json(&mut json, change.after, doc);
            by_chunk
                .entry(n / CHUNK)
                .or_default()
                .push((n % CHUNK, json));
        }
    }
    let mut files = Vec::new();
    for (k, new) in by_chunk {
        let name = format!("d{k}.json");
        let old = read(&name)?;
        let mut elements = elements(&old)?;
        if elements.len() != (docs as usize - k * CHUNK).min(CHUNK) {
            return None;
        }
        let mut bytes = Vec::with_capacity(old.len() + 256);
        let mut new = new.into_iter().peekable();
        for (i, element) in elements.drain(..).enumerate() {
            bytes.push(if i == 0 { b'[' } else { b',' });
            match new.next_if(|(at, _)| *at == i) {
                Some((_, json)) => bytes.extend_from_slice(&json),
                None => bytes.extend_from_slice(&old[element.0..element.1]),
            }
        }
        bytes.push(b']');
        if bytes != old {
            files.push((name, bytes));
        }
    }
    Some(files)
}

/// The byte ranges of a chunk's documents: `[[…],[…],…]`, arrays of JSON strings.
fn elements(json: &[u8]) -> Option<Vec<(usize, usize)>> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0usize, 0);
    let (mut string, mut escaped) = (false, false);
    for (i, &b) in json.iter().enumerate() {
        if string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                string = false;
            }
            continue;
        }
        match b {
            b'"' => string = true,
            b'[' => {
                depth += 1;
                if depth == 2 {
                    start = i;
                }
            }
            b']' => {
                if depth == 2 {
                    out.push((start, i + 1));
                }
                depth = depth.checked_sub(1)?;
            }
            _ => {}
        }
    }
    (depth == 0 && !string && json.first() == Some(&b'[')).then_some(out)
}

/// Unsigned LEB128 varints read one after the other.
struct Varints<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Varints<'a> {
    fn next(&mut self) -> Option<u32> {
        let mut n = 0u32;
        for shift in (0..35).step_by(7) {
            let b = *self.bytes.get(self.at)?;
            self.at += 1;
            n |= u32::from(b & 0x7F).checked_shl(shift)?;
            if b < 0x80 {
                return Some(n);
            }
        }
        None
    }

    fn take(&mut self, len: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(len)?;
        let bytes = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(bytes)
    }
}
