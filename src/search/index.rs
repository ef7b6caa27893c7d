//! Builds one language's index files from its pages' documents ([`language_files`]).
//!
//! Documents are numbered in page order, each page's in document order, so a section
//! comes before the sections inside it. Files, below `search/<lang>/` in the output
//! (numbers are unsigned LEB128 varints, "v" below):
//! - `meta.json`: `{"v":2,"docs":D,"shards":S,"sub":M,"chunk":C,"avg":A}` (`A`: the
//!   average document length in tokens, for BM25).
//! - `t.bin`: per document, v `up` (its number minus its enclosing document's, 0 for
//!   none) and v `length` (tokens of its title and all its text, inner documents' too).
//! - `p<a>-<b>.bin`: postings of the tokens whose first character's code point is `a`
//!   modulo `S` and whose second character's (0 for none) is `b` modulo `M`. First v `N`
//!   and `N` token heads (v byte length, the UTF-8 token, v bytes of its list), then the
//!   lists one after the other. A list holds, per document with the token in its own
//!   title or text: v gap (the document number minus the previous one, from 0),
//!   v `2 × text count + (1 if in the title)`, then v title count if in the title.
//!   The query adds a document's counts to the documents around it (`up`), so a step's
//!   words are stored once and still find its block and heading section.
//! - `d<k>.json`: documents `k·C … (k+1)·C − 1` as `[url, title, page title, own text]`.
//!
//! A small site has one shard and one chunk; a large one is split so that a query
//! fetches a few shards and the chunks of its best results only.

use rustc_hash::FxHashMap;

use super::docs::{Doc, PageDocs, WORD};
use super::tokenize::cjk_text;

/// Documents per `d<k>.json`.
pub(super) const CHUNK: usize = 64;
/// Most first-character shards; more postings split by the second character.
const MAX_SHARDS: usize = 32;
/// Postings bytes aimed at per shard.
const SHARD_BYTES: usize = 128 * 1024;

/// A token's postings list as it grows, page by page.
#[derive(Default)]
struct List {
    bytes: Vec<u8>,
    last: u32,
}

/// The files of one language's index: (name below `search/<lang>/`, bytes).
pub fn language_files(pages: &[&PageDocs]) -> Vec<(String, Vec<u8>)> {
    let mut lists = Lists::default();
    for page in pages {
        lists.add(page);
    }
    lists.finish(pages)
}

/// [`language_files`] of pages whose postings and words are not needed afterwards:
/// each page's are dropped once they are in the lists. A language's postings in memory
/// take 16 bytes each, its lists two or three, and at 10,000 pages per language the
/// postings were most of a full build's memory.
pub fn language_files_taking(pages: &mut [PageDocs]) -> Vec<(String, Vec<u8>)> {
    let mut lists = Lists::default();
    for page in pages.iter_mut() {
        lists.add(page);
        page.postings = Vec::new();
        page.words = Vec::new();
    }
    let pages: Vec<&PageDocs> = pages.iter().collect();
    lists.finish(&pages)
}

/// One language's postings lists and `t.bin` as they grow, page after page.
#[derive(Default)]
pub(super) struct Lists {
    /// The language's words, numbered by first appearance.
    numbers: FxHashMap<Box<str>, u32>,
    lists: FxHashMap<u64, List>,
    tree: Vec<u8>,
    lengths: Vec<u32>,
    /// Documents so far: the number of the next page's first document.
    base: u32,
}

impl Lists {
    /// Adds the postings and documents of `page`, the language's next page.
    pub(super) fn add(&mut self, page: &PageDocs) {
        let global: Vec<u64> = page
            .words
            .iter()
            .map(|w| {
                let next = self.numbers.len() as u32;
                let n = match self.numbers.get(&**w) {
                    Some(&n) => n,
                    None => *self.numbers.entry(w.clone()).or_insert(next),
                };
                WORD | u64::from(n)
            })
            .collect();
        for p in &page.postings {
            let key = match p.key() & WORD {
                0 => p.key(),
                _ => global[(p.key() & !WORD) as usize],
            };
            let list = self.lists.entry(key).or_default();
            let doc = self.base + p.doc();
            // Byte by byte: most entries are two bytes, short of a `memcpy` call's cost.
            varint(&mut list.bytes, doc - list.last);
            let (text, title) = (p.text(), p.title());
            varint(&mut list.bytes, text * 2 + u32::from(title > 0));
            if title > 0 {
                varint(&mut list.bytes, title);
            }
            list.last = doc;
        }
        page_tree(page, &mut self.tree, &mut self.lengths);
        self.base += page.docs.len() as u32;
    }

    /// The files, with the documents' display data from `pages` (the pages added).
    fn finish(self, pages: &[&PageDocs]) -> Vec<(String, Vec<u8>)> {
        let mut chunks = Chunks::default();
        let mut files: Vec<(String, Vec<u8>)> =
            pages.iter().flat_map(|page| chunks.page(page)).collect();
        files.extend(chunks.finish());
        self.files_each(|name, bytes| files.push((name, bytes)));
        files
    }

    /// The files but the documents' display data ([`Chunks`]) (the postings shards,
    /// `t.bin` and `meta.json`) handed to `each` one by one, each shard as soon as it is
    /// made (and the lists in it freed): the lists and the shards made of them are
    /// never all in memory at once.
    pub(super) fn files_each(self, mut each: impl FnMut(String, Vec<u8>)) {
        let Lists {
            numbers,
            lists,
            tree,
            lengths,
            base,
        } = self;
        let mut words: Vec<Box<str>> = vec![Box::from(""); numbers.len()];
        for (word, n) in numbers {
            words[n as usize] = word;
        }
        let average =
            lengths.iter().map(|&l| f64::from(l)).sum::<f64>() / lengths.len().max(1) as f64;
        let tokens: Vec<(String, Vec<u8>)> = lists
            .into_iter()
            .map(|(key, list)| {
                let token = match key & WORD {
                    0 => cjk_text(key),
                    _ => words[(key & !WORD) as usize].to_string(),
                };
                (token, list.bytes)
            })
            .collect();
        let raw: usize = tokens.iter().map(|(t, l)| raw_size(t, l)).sum();
        let (shards, sub) = layout(raw);
        shard_files(tokens, shards, sub, &mut each);
        each("t.bin".into(), tree);
        each("meta.json".into(), meta(base, (shards, sub), average));
    }
}

/// What a token and its list count towards the shard layout ([`layout`]).
pub(super) fn raw_size(token: &str, list: &[u8]) -> usize {
    token.len() + list.len() + 4
}

/// The shard layout (`shards`, `sub`) of postings whose [`raw_size`]s add up to `raw`.
pub(super) fn layout(raw: usize) -> (usize, usize) {
    let files_wanted = raw.div_ceil(SHARD_BYTES).max(1);
    let shards = files_wanted.min(MAX_SHARDS);
    (shards, files_wanted.div_ceil(shards))
}

/// `meta.json` of `docs` documents in shard layout `layout`, whose lengths average
/// `average` tokens.
pub(super) fn meta(docs: u32, (shards, sub): (usize, usize), average: f64) -> Vec<u8> {
    let meta = serde_json::json!({
        "v": 2, "docs": docs, "shards": shards, "sub": sub, "chunk": CHUNK,
        "avg": (average * 100.0).round() / 100.0,
    });
    meta.to_string().into_bytes()
}

/// Appends a page's documents to `t.bin` and their lengths to `lengths`.
pub(super) fn page_tree(page: &PageDocs, tree: &mut Vec<u8>, lengths: &mut Vec<u32>) {
    // A document's text length with its inner documents': they come after it.
    let mut text: Vec<u32> = page.docs.iter().map(|d| d.text_len).collect();
    for (i, doc) in page.docs.iter().enumerate().rev() {
        if let Some(p) = doc.parent {
            text[p as usize] += text[i];
        }
    }
    for (i, doc) in page.docs.iter().enumerate() {
        let length = doc.title_len + text[i];
        varint(tree, doc.parent.map_or(0, |p| i as u32 - p));
        varint(tree, length);
        lengths.push(length);
    }
}

/// `d<k>.json` files as the pages come: `CHUNK` documents' display data per file, each
/// a JSON array of `[url, title, page title, own text]`. A file is handed back as soon
/// as it is full, so that a language's snippets are never all in memory.
#[derive(Default)]
pub(super) struct Chunks {
    out: Vec<u8>,
    /// Documents so far.
    docs: usize,
}

impl Chunks {
    /// Adds the documents of `page`, the language's next page: the files it filled.
    pub(super) fn page(&mut self, page: &PageDocs) -> Vec<(String, Vec<u8>)> {
        let mut full = Vec::new();
        for doc in &page.docs {
            let n = self.docs;
            self.out
                .push(if n.is_multiple_of(CHUNK) { b'[' } else { b',' });
            doc_json(&mut self.out, page, doc);
            self.docs += 1;
            if n % CHUNK == CHUNK - 1 {
                self.out.push(b']');
                full.push((
                    format!("d{}.json", n / CHUNK),
                    std::mem::take(&mut self.out),
                ));
            }
        }
        full
    }

    /// The last file, if it is not full.
    pub(super) fn finish(mut self) -> Option<(String, Vec<u8>)> {
        if self.docs.is_multiple_of(CHUNK) {
            return None;
        }
        self.out.push(b']');
        Some((format!("d{}.json", self.docs / CHUNK), self.out))
    }
}

/// One document of a `d<k>.json` chunk: `[url, title, page title, own text]`.
pub(super) fn doc_json(out: &mut Vec<u8>, page: &PageDocs, doc: &Doc) {
    let fragment = crate::urls::encode_path(&doc.fragment);
    let url: &[&str] = match doc.fragment.as_str() {
        "" => &[&page.url],
        _ => &[&page.url, "#", &fragment],
    };
    out.push(b'[');
    json_string(out, url);
    for text in [&doc.title, &page.title, &doc.text] {
        out.push(b',');
        json_string(out, &[text]);
    }
    out.push(b']');
}

/// `parts` one after the other as one JSON string, as serde_json writes it. Most text
/// needs no escape, which one pass over its bytes tells.
fn json_string(out: &mut Vec<u8>, parts: &[&str]) {
    // Without stopping early, so that the loop runs on many bytes at once.
    let plain = |s: &str| {
        !s.bytes().fold(false, |bad, b| {
            bad | (b < 0x20) | (b == b'"') | (b == b'\\')
        })
    };
    if parts.iter().all(|s| plain(s)) {
        out.push(b'"');
        for part in parts {
            out.extend_from_slice(part.as_bytes());
        }
        out.push(b'"');
    } else {
        out.extend_from_slice(&to_json(&parts.concat()));
    }
}

/// Writes `n` as an unsigned LEB128 varint.
#[inline(always)]
pub(super) fn varint(out: &mut Vec<u8>, mut n: u32) {
    while n >= 0x80 {
        out.push(n as u8 | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// The file of a token: its first character's code point modulo `shards`, its second's
/// (0 for none) modulo `sub` (the same rule as `search.js`).
pub fn shard_of(token: &str, shards: usize, sub: usize) -> (usize, usize) {
    let mut chars = token.chars().map(|c| c as usize);
    let first = chars.next().unwrap_or(0);
    let second = chars.next().unwrap_or(0);
    (first % shards, second % sub)
}

fn shard_files(
    tokens: Vec<(String, Vec<u8>)>,
    shards: usize,
    sub: usize,
    each: &mut impl FnMut(String, Vec<u8>),
) {
    let mut split: Vec<Vec<(String, Vec<u8>)>> = (0..shards * sub).map(|_| Vec::new()).collect();
    for (token, list) in tokens {
        let (a, b) = shard_of(&token, shards, sub);
        split[a * sub + b].push((token, list));
    }
    for (i, mut file) in split.into_iter().enumerate() {
        file.sort_unstable_by(|x, y| x.0.cmp(&y.0));
        let lists: Vec<(&[u8], &[u8])> = file
            .iter()
            .map(|(t, l)| (t.as_bytes(), l.as_slice()))
            .collect();
        let bytes = shard_bytes(&lists);
        drop(lists);
        drop(file);
        each(format!("p{}-{}.bin", i / sub, i % sub), bytes);
    }
}

/// A shard file of (token, list), in token order.
pub(super) fn shard_bytes(lists: &[(&[u8], &[u8])]) -> Vec<u8> {
    let heads: usize = lists.iter().map(|(t, _)| t.len() + 8).sum();
    let all: usize = lists.iter().map(|(_, l)| l.len()).sum();
    let mut bytes = Vec::with_capacity(heads + all + 5);
    varint(&mut bytes, lists.len() as u32);
    for (token, list) in lists {
        varint(&mut bytes, token.len() as u32);
        bytes.extend_from_slice(token);
        varint(&mut bytes, list.len() as u32);
    }
    for (_, list) in lists {
        bytes.extend_from_slice(list);
    }
    bytes
}

fn to_json<T: serde::Serialize + ?Sized>(value: &T) -> Vec<u8> {
    // Plain data of strings and numbers: serializing it cannot fail.
    serde_json::to_vec(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::super::docs::page_docs;
    use super::super::sections::Section;
    use super::*;

    fn section(id: &str, title: &str, text: &str, parent: Option<usize>) -> Section {
        Section {
            id: id.into(),
            title: title.into(),
            text: text.into(),
            step: false,
            parent,
        }
    }

    fn read(bytes: &[u8], pos: &mut usize) -> u32 {
        let (mut n, mut shift) = (0, 0);
        loop {
            let b = bytes[*pos];
            *pos += 1;
            n |= u32::from(b & 0x7F) << shift;
            shift += 7;
            if b < 0x80 {
                return n;
            }
        }
    }

    /// (document, text count, title count).
    type Entry = (u32, u32, u32);

    /// A shard file as `search.js` reads it: token → entries.
    fn postings(bytes: &[u8]) -> Vec<(String, Vec<Entry>)> {
        let mut pos = 0;
        let heads: Vec<(String, usize)> = (0..read(bytes, &mut pos))
            .map(|_| {
                let len = read(bytes, &mut pos) as usize;
                let token = String::from_utf8(bytes[pos..pos + len].to_vec()).unwrap();
                pos += len;
                (token, read(bytes, &mut pos) as usize)
            })
            .collect();
        heads
            .into_iter()
            .map(|(token, len)| {
                let (end, mut doc, mut list) = (pos + len, 0, Vec::new());
                while pos < end {
                    doc += read(bytes, &mut pos);
                    let w = read(bytes, &mut pos);
                    let title = if w & 1 == 1 { read(bytes, &mut pos) } else { 0 };
                    list.push((doc, w / 2, title));
                }
                (token, list)
            })
            .collect()
    }

    #[test]
    fn postings_stay_in_the_innermost_section_and_the_tree_rolls_lengths_up() {
        let synonyms = [vec!["ＳＭＳ".to_string(), "short message".to_string()]];
        let first = page_docs(
            0,
            "en/a/".into(),
            vec![section("", "A", "phone", None)],
            &[],
        );
        let second = page_docs(
            0,
            "en/faq/".into(),
            vec![
                section("", "FAQ", "intro", None),
                section("no-sms", "No SMS", "a phone text", None),
                section("step-1", "", "phone phone", Some(1)),
            ],
            &synonyms,
        );
        let files = language_files(&[&first, &second]);
        let file = |name: &str| &files.iter().find(|(n, _)| n == name).unwrap().1;
        let lists = postings(file("p0-0.bin"));
        let list = |t: &str| lists.iter().find(|(k, _)| k == t).unwrap().1.clone();
        // Documents 0 (page a), 1 (faq), 2 (no-sms), 3 (its step): each once.
        assert_eq!(list("phone"), vec![(0, 1, 0), (2, 1, 0), (3, 2, 0)]);
        assert_eq!(list("sms"), vec![(2, 0, 1)], "title token");
        assert_eq!(
            list("short"),
            vec![(2, 0, 1)],
            "synonym, counted as its word"
        );
        let tree = file("t.bin");
        let mut pos = 0;
        let nodes: Vec<(u32, u32)> = (0..4)
            .map(|_| (read(tree, &mut pos), read(tree, &mut pos)))
            .collect();
        // The step's two tokens count in its section's length, its section's title not
        // in the step's.
        assert_eq!(nodes, vec![(0, 2), (0, 2), (0, 2 + 3 + 2), (1, 2)]);
        let chunk: serde_json::Value = serde_json::from_slice(file("d0.json")).unwrap();
        assert_eq!(chunk[2][0], "en/faq/#no-sms");
        assert_eq!(chunk[3][3], "phone phone");
        let meta: serde_json::Value = serde_json::from_slice(file("meta.json")).unwrap();
        assert_eq!(
            (meta["docs"].as_u64(), meta["shards"].as_u64()),
            (Some(4), Some(1))
        );
    }
}
