//! One page's search documents, tokenized on the rendering worker as the section
//! scanner hands their text over ([`PageBuilder`], a [`Sink`]).
//!
//! Each document's own text (not its inner documents': see [`super::sections`]) is
//! tokenized once, piece by piece, and its tokens are counted in one table per page
//! keyed by (token, document) ([`super::count`]): a CJK token is its two characters
//! packed ([`super::tokenize::cjk_key`]), a word is its number in the page's word list.

use super::count::{self, Posting, Table};
use super::sections::{drop_empty, squash, Sink};
use super::synonyms::Synonyms;
use super::tokenize::{Cutter, Emit, Token};

/// Characters of a document's own text kept for snippets.
const TEXT_KEPT: usize = 400;
/// Marks a token key as a word: the rest is its number in [`PageDocs::words`].
pub const WORD: u64 = 1 << 62;

/// One page's documents and their postings.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct PageDocs {
    pub lang: usize,
    /// Site-relative, encoded: `ja/first-method/`.
    pub url: String,
    /// The page's title (its first document's).
    pub title: String,
    pub docs: Vec<Doc>,
    /// The page's words, numbered by first appearance.
    pub words: Vec<Box<str>>,
    /// Each (token, document) of the page, by document.
    pub postings: Vec<Posting>,
}

#[derive(Debug, Default, Clone, PartialEq)]
pub struct Doc {
    pub fragment: String,
    pub title: String,
    /// The start of its own text.
    pub text: String,
    /// The enclosing document, an index into [`PageDocs::docs`].
    pub parent: Option<u32>,
    /// Tokens of its title (counted for all but steps) and of its own text.
    pub title_len: u32,
    pub text_len: u32,
}

/// The page's words, numbered by first appearance: an open-addressing table of
/// (hash, number), the hash made while the word was cut ([`super::tokenize::word_hash`]).
#[derive(Clone)]
pub struct Words {
    /// `u32::MAX` marks a free slot; at most half are used.
    slots: Vec<(u64, u32)>,
    list: Vec<Box<str>>,
}

impl Default for Words {
    fn default() -> Self {
        Words {
            slots: vec![(0, u32::MAX); 64],
            list: Vec::new(),
        }
    }
}

impl Words {
    /// The key of a word token whose [`super::tokenize::word_hash`] is `hash`.
    #[inline]
    pub fn key(&mut self, word: &str, hash: u64) -> u64 {
        let mask = self.slots.len() - 1;
        let mut at = (hash >> 40) as usize;
        loop {
            let (h, n) = self.slots[at & mask];
            if n == u32::MAX {
                return self.insert(word, hash, at & mask);
            }
            if h == hash && *self.list[n as usize] == *word {
                return WORD | u64::from(n);
            }
            at += 1;
        }
    }

    fn insert(&mut self, word: &str, hash: u64, at: usize) -> u64 {
        let n = self.list.len() as u32;
        self.list.push(word.into());
        self.slots[at] = (hash, n);
        if self.list.len() * 2 > self.slots.len() {
            let mut bigger = vec![(0, u32::MAX); self.slots.len() * 2];
            let mask = bigger.len() - 1;
            for &(h, n) in self.slots.iter().filter(|s| s.1 != u32::MAX) {
                let mut at = (h >> 40) as usize;
                while bigger[at & mask].1 != u32::MAX {
                    at += 1;
                }
                bigger[at & mask] = (h, n);
            }
            self.slots = bigger;
        }
        WORD | u64::from(n)
    }
}

/// Where tokens go: the count table, the page's words and the synonym matcher.
struct Tally {
    words: Words,
    table: Table,
    synonyms: Synonyms,
}

impl Tally {
    /// Counts `token` in document `doc` (`bits`: the document as the count table keys
    /// it, and `bits_hash` their hash), in its title if `TITLE`.
    #[inline(always)]
    fn add<const TITLE: bool>(&mut self, doc: u32, (bits, bits_hash): (u64, u64), token: Token) {
        let key = match token {
            Token::Cjk(key) => key,
            Token::Word(word, hash) => self.words.key(word, hash),
        };
        let hash = key.wrapping_mul(count::HASH);
        let slot = self
            .table
            .entry_hashed(key | bits, hash.wrapping_add(bits_hash));
        slot.count(TITLE);
        self.synonyms.see(key, hash, doc);
    }

    /// Where the tokens of document `doc`'s own text (or title, if `TITLE`) go.
    fn of<const TITLE: bool>(&mut self, doc: usize) -> DocTally<'_, TITLE> {
        let bits = count::doc_bits(doc as u32);
        DocTally {
            used: self.table.len(),
            tally: self,
            doc: doc as u32,
            bits: (bits, bits.wrapping_mul(count::HASH)),
            tokens: 0,
        }
    }
}

/// The tokens of one document's title (`TITLE`) or text, counted as they are cut.
struct DocTally<'a, const TITLE: bool> {
    tally: &'a mut Tally,
    doc: u32,
    /// [`count::doc_bits`] of `doc` and their hash, made once.
    bits: (u64, u64),
    tokens: u32,
    /// The table's slots used before: the slots added since are the document's.
    used: usize,
}

impl<const TITLE: bool> DocTally<'_, TITLE> {
    /// The tokens counted; the slots they added are credited to the document.
    fn done(self) -> u32 {
        self.tally.table.credit(self.doc, self.used);
        self.tokens
    }
}

impl<const TITLE: bool> Emit for DocTally<'_, TITLE> {
    #[inline(always)]
    fn token(&mut self, token: Token) {
        self.tally.add::<TITLE>(self.doc, self.bits, token);
        self.tokens += 1;
    }
}

/// A document while its page is scanned: the text kept for snippets so far, in
/// characters, and whether white space waits before the next character.
#[derive(Default)]
struct Kept {
    chars: usize,
    space: bool,
    step: bool,
}

/// Space that one worker's pages use one after the other: the count table keeps its
/// size, and is cleared slot by slot instead of allocated and zeroed per page; the
/// synonym groups are cut into tokens once, for the worker's first page, and each page
/// starts from a copy of the words they numbered.
#[derive(Default)]
pub struct Scratch {
    table: Table,
    cutter: Cutter,
    synonyms: Option<(Synonyms, Words)>,
}

/// Builds one page's [`PageDocs`] from the section scanner's pieces ([`Sink`]).
pub struct PageBuilder {
    docs: Vec<Doc>,
    kept: Vec<Kept>,
    cutter: Cutter,
    /// The document whose text the cutter is in.
    current: usize,
    tally: Tally,
    /// The words of the synonyms, which every page starts from.
    template: Words,
}

impl PageBuilder {
    /// A builder holding the page's document; `synonyms` are `[search] synonyms`.
    pub fn new(synonyms: &[Vec<String>], scratch: Scratch) -> Self {
        let Scratch {
            mut table,
            cutter,
            synonyms: prepared,
        } = scratch;
        let (mut synonyms, words) = prepared.unwrap_or_else(|| {
            let mut words = Words::default();
            (Synonyms::new(synonyms, &mut words), words)
        });
        synonyms.reset();
        let template = words;
        let words = template.clone();
        table.clear();
        let mut builder = PageBuilder {
            docs: Vec::new(),
            kept: Vec::new(),
            cutter,
            current: 0,
            tally: Tally {
                words,
                table,
                synonyms,
            },
            template,
        };
        builder.open(String::new(), false, None);
        builder
    }

    /// Makes `doc` the document whose text the cutter is in, handing over the run the
    /// cutter holds of another.
    #[inline(always)]
    fn enter(&mut self, doc: usize) {
        if doc != self.current {
            self.end_run();
            self.current = doc;
            self.tally.synonyms.restart();
        }
    }

    /// Hands over the run the cutter holds.
    fn end_run(&mut self) {
        let mut emit = self.tally.of::<false>(self.current);
        self.cutter.end(&mut emit);
        self.docs[self.current].text_len += emit.done();
    }

    /// Keeps the start of a document's text for snippets, white space squashed.
    fn keep(&mut self, doc: usize, text: &str) {
        let kept = &mut self.kept[doc];
        if kept.chars >= TEXT_KEPT {
            return;
        }
        let out = &mut self.docs[doc].text;
        for c in text.chars() {
            if c.is_whitespace() {
                kept.space = kept.chars > 0;
                continue;
            }
            if std::mem::take(&mut kept.space) {
                out.push(' ');
                kept.chars += 1;
                if kept.chars == TEXT_KEPT {
                    return;
                }
            }
            out.push(c);
            kept.chars += 1;
            if kept.chars == TEXT_KEPT {
                return;
            }
        }
    }

    /// [`PageBuilder::keep`] for text whose only white space is ASCII: a run of text
    /// whose white space is single spaces between other bytes, which squashing leaves
    /// as it is (most of a piece), is counted and copied whole.
    fn keep_fast(&mut self, doc: usize, text: &str) {
        let kept = &mut self.kept[doc];
        let out = &mut self.docs[doc].text;
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if is_space(bytes[i]) {
                kept.space = kept.chars > 0;
                i += 1;
                continue;
            }
            let start = i;
            i = squashed_end(bytes, i);
            let run = &text[start..i];
            if std::mem::take(&mut kept.space) {
                out.push(' ');
                kept.chars += 1;
            }
            let room = TEXT_KEPT.saturating_sub(kept.chars);
            let chars = run.chars().count();
            if chars <= room {
                out.push_str(run);
                kept.chars += chars;
            } else {
                out.push_str(&run[..chars_end(run, room)]);
                kept.chars = TEXT_KEPT;
            }
            if kept.chars >= TEXT_KEPT {
                return;
            }
        }
    }

    /// The page's documents and postings (titles tokenized, synonyms added, documents
    /// without title and text dropped) and the scratch space for the next page.
    pub fn finish(mut self, lang: usize, url: String) -> (PageDocs, Scratch) {
        self.end_run();
        for (n, doc) in self.docs.iter_mut().enumerate() {
            doc.title = squash(&doc.title);
            if self.kept[n].step {
                continue;
            }
            self.tally.synonyms.restart();
            let mut emit = self.tally.of::<true>(n);
            self.cutter.feed(&doc.title, &mut emit);
            self.cutter.end(&mut emit);
            doc.title_len = emit.done();
        }
        let Tally {
            words,
            mut table,
            synonyms,
        } = self.tally;
        synonyms.apply(&mut table, self.docs.len());
        let nodes: Vec<(Option<usize>, bool)> = self
            .docs
            .iter()
            .zip(&self.kept)
            .map(|(d, k)| {
                (
                    d.parent.map(|p| p as usize),
                    k.chars > 0 || !d.title.is_empty(),
                )
            })
            .collect();
        let (index, parents) = drop_empty(&nodes);
        let postings = by_document(&table, &index);
        let mut docs = Vec::with_capacity(self.docs.len());
        for ((mut doc, new), parent) in self.docs.into_iter().zip(&index).zip(parents) {
            if new.is_some() {
                doc.parent = parent.map(|p| p as u32);
                docs.push(doc);
            }
        }
        let page = PageDocs {
            lang,
            url,
            title: docs.first().map(|d| d.title.clone()).unwrap_or_default(),
            docs,
            words: words.list,
            postings,
        };
        let scratch = Scratch {
            table,
            cutter: self.cutter,
            synonyms: Some((synonyms, self.template)),
        };
        (page, scratch)
    }
}

impl Sink for PageBuilder {
    fn open(&mut self, id: String, step: bool, parent: Option<usize>) -> usize {
        let title = match step {
            true => self.docs[parent.unwrap_or(0)].title.clone(),
            false => String::new(),
        };
        self.docs.push(Doc {
            fragment: id,
            title,
            parent: parent.map(|p| p as u32),
            ..Doc::default()
        });
        self.kept.push(Kept {
            step,
            ..Kept::default()
        });
        self.tally.synonyms.open(self.docs.len());
        self.docs.len() - 1
    }

    fn title(&mut self, doc: usize, text: &str) {
        self.docs[doc].title.push_str(text);
    }

    fn text(&mut self, doc: usize, text: &str) {
        self.enter(doc);
        // Many pieces between tags are white space only (the line breaks between
        // elements): a word break and nothing to keep.
        if text.bytes().all(is_space) {
            self.space(doc);
            return;
        }
        let mut emit = self.tally.of::<false>(doc);
        let fast = self.cutter.feed(text, &mut emit);
        self.docs[doc].text_len += emit.done();
        if self.kept[doc].chars < TEXT_KEPT {
            match fast {
                true => self.keep_fast(doc, text),
                false => self.keep(doc, text),
            }
        }
    }

    fn space(&mut self, doc: usize) {
        self.enter(doc);
        let mut emit = self.tally.of::<false>(doc);
        self.cutter.space(&mut emit);
        self.docs[doc].text_len += emit.done();
        let kept = &mut self.kept[doc];
        kept.space = kept.chars > 0;
    }
}

/// ASCII white space (`char::is_whitespace` of an ASCII character).
fn is_space(b: u8) -> bool {
    b == b' ' || (b'\t'..=b'\r').contains(&b)
}

/// The byte length of the first `n` characters of `text` (which has more): `n` when
/// they are ASCII, which one look at `n` bytes tells.
fn chars_end(text: &str, n: usize) -> usize {
    match text.as_bytes()[..n].is_ascii() {
        true => n,
        false => text.char_indices().nth(n).map_or(text.len(), |(e, _)| e),
    }
}

/// Where the run of `bytes` from `i` that squashing leaves as it is ends: at the first
/// ASCII white space that is not one space between two other bytes, or the end. Eight
/// bytes at a time while none is below `!` (white space is; Japanese text has long
/// runs without any), else byte by byte.
fn squashed_end(bytes: &[u8], mut i: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    loop {
        let stop = match bytes.get(i..i + 8) {
            Some(chunk) => {
                let mut eight = [0; 8];
                eight.copy_from_slice(chunk);
                let x = u64::from_le_bytes(eight);
                if (x.wrapping_sub(ONES * 0x21) & !x & (ONES * 0x80)) == 0 {
                    i += 8;
                    continue;
                }
                i + 8
            }
            None => bytes.len(),
        };
        while i < stop {
            match bytes[i] {
                b if !is_space(b) => i += 1,
                b' ' if bytes.get(i + 1).is_some_and(|&b| !is_space(b)) => i += 2,
                _ => return i,
            }
        }
        if i >= bytes.len() {
            return bytes.len();
        }
    }
}

/// The table's postings grouped by their document's new number (`index`), each
/// document's in order of first use: a counting sort, the documents being few.
fn by_document(table: &Table, index: &[Option<usize>]) -> Vec<Posting> {
    let mut starts = vec![0usize; index.len() + 1];
    for (doc, &n) in table.per_doc().iter().enumerate() {
        if let Some(&Some(new)) = index.get(doc) {
            starts[new + 1] += n as usize;
        }
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let mut postings = vec![Posting::default(); starts[index.len()]];
    // Nearly every page keeps all its documents, under their numbers: its slots are its
    // postings as they are.
    if index.iter().enumerate().all(|(doc, &new)| new == Some(doc)) {
        for slot in table.slots() {
            let doc = slot.doc() as usize;
            postings[starts[doc]] = *slot;
            starts[doc] += 1;
        }
        return postings;
    }
    for slot in table.slots() {
        if let Some(new) = index[slot.doc() as usize] {
            postings[starts[new]] = Posting::new(slot.key(), new as u32, slot.text(), slot.title());
            starts[new] += 1;
        }
    }
    postings
}

/// Tokenizes already cut sections (as [`super::sections::page_sections`] gives them).
#[cfg(test)]
pub fn page_docs(
    lang: usize,
    url: String,
    sections: Vec<super::sections::Section>,
    synonyms: &[Vec<String>],
) -> PageDocs {
    let mut builder = PageBuilder::new(synonyms, Scratch::default());
    for (n, s) in sections.into_iter().enumerate() {
        let doc = match n {
            0 => 0,
            _ => builder.open(s.id, s.step, s.parent),
        };
        if !s.step {
            builder.title(doc, &s.title);
        }
        builder.text(doc, &s.text);
    }
    builder.finish(lang, url).0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(pieces: &[&str]) -> PageDocs {
        let mut builder = PageBuilder::new(&[], Scratch::default());
        builder.title(0, "Title");
        for piece in pieces {
            builder.text(0, piece);
        }
        builder.finish(0, "x/".into()).0
    }

    /// The scanner hands text over between tags: a word, a CJK run and NFKC (`e` and
    /// its accent, half-width kana and their voiced mark) go on across the pieces.
    #[test]
    fn text_in_pieces_is_cut_and_kept_as_one_text() {
        let pieces = [
            "  Ca",
            "fe\u{301} ｱﾌﾟ",
            "ﾘ の設",
            "定\n\n",
            "ＭＦＡ",
            "code  ",
        ];
        let whole = page(&[&pieces.concat()]);
        let split = page(&pieces);
        assert_eq!(split.postings, whole.postings);
        assert_eq!(split.words, whole.words);
        let words: Vec<&str> = split.words.iter().map(|w| w.as_ref()).collect();
        assert_eq!(words, vec!["caf\u{e9}", "mfacode", "title"]);
        assert_eq!(split.docs[0].text, "Cafe\u{301} ｱﾌﾟﾘ の設定 ＭＦＡcode");
        assert_eq!(split.docs[0].text_len, whole.docs[0].text_len);
    }

    /// The snippet kept from text with ASCII white space only, whole runs at a time,
    /// against the character by character way, in pieces and up to the limit.
    #[test]
    fn fast_snippets_keep_what_the_slow_way_keeps() {
        let words = [
            "ab", " ", "  ", "\n", "\t \r", "設定", "x\u{1}y", "é", "ｱ", ".",
        ];
        let mut text = String::new();
        for n in 0..700 {
            text.push_str(words[(n * 7 + n / 3) % words.len()]);
        }
        for piece in [3, 8, 9, 40, 1000, 5000] {
            let mut builder = PageBuilder::new(&[], Scratch::default());
            let slow = builder.open(String::new(), false, None);
            let fast = builder.open(String::new(), false, None);
            let mut rest = text.as_str();
            while !rest.is_empty() {
                let mut end = piece.min(rest.len());
                while !rest.is_char_boundary(end) {
                    end += 1;
                }
                builder.keep(slow, &rest[..end]);
                if builder.kept[fast].chars < TEXT_KEPT {
                    builder.keep_fast(fast, &rest[..end]);
                }
                rest = &rest[end..];
            }
            assert_eq!(builder.docs[fast].text, builder.docs[slow].text, "{piece}");
            assert_eq!(builder.kept[fast].chars, TEXT_KEPT);
        }
    }
}
