//! The index's part of `build`'s record ([`crate::build_cache`]): each language's pages'
//! documents, kept in `.tebiki/<output>.search-<lang>` so that a page taken from the
//! record is never read back from the output and cut again, and the index files of each
//! language, kept as they are when none of its pages changed.
//!
//! The record also keeps, per page, what its documents were cut from
//! ([`super::SourceDigest`]): a page rendered again with the same digest counts as taken
//! from the record below, even when the record lends no page (a template changed).
//!
//! - A language whose every page was taken from the record, and whose index files the
//!   previous build recorded and are still as it left them (same stamps, as for pages),
//!   keeps its index files: nothing of its index is read or made.
//! - A language whose pages are the previous build's, in the same order, whose index
//!   files are still as the record says, and whose shard layout stays, has its index
//!   files patched in place ([`super::patch`]): of the documents file only its page
//!   heads and the changed pages are read ([`DocsHeads`]).
//! - Otherwise its index is made again from every page's documents: those of pages
//!   rendered now, and those of pages taken from the record out of its documents file.
//!   The file is trusted only when it has the stamp the record names (the same build
//!   wrote both; its bytes are not hashed, which would cost more than the index), and
//!   under the same rule as output files: not changed within the clock tick the record
//!   was written in. A page the file lacks, or whose bytes do not decode, is read back
//!   from the output, as a last resort. The language's new documents file is written beside the old one while
//!   the index is made, and renamed over it once the output is committed
//!   ([`StoredIndex::commit`], from [`crate::build_cache::save_build_cache`]).
//!
//! The documents file: a line naming it and its format, then per page v URL length, URL, v length, the
//! page's documents ([`encode`]); "v" is an unsigned LEB128 varint.

use std::collections::HashMap;
use std::io::{BufRead, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::count::Posting;
use super::docs::{Doc, PageDocs};
use crate::render::FileStamp;

/// The start of a documents file: what it is and the version of its format.
const MAGIC: &[u8] = b"tebiki search documents, format 1\n";

/// Where a documents file's first page starts.
pub const FIRST_PAGE: u64 = MAGIC.len() as u64;

/// Bytes of one posting in the file.
const POSTING: usize = 16;

/// One language's index as the record keeps it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct StoredIndex {
    /// The stamp of the documents file written with the record (`None`: not to be
    /// trusted).
    pub docs: Option<FileStamp>,
    /// The index files (paths in the output) and their stamps once committed.
    pub files: Vec<(String, Option<FileStamp>)>,
    /// This build's documents file, still beside the old one until the output is
    /// committed.
    #[serde(skip)]
    pending: Option<PathBuf>,
    /// What each page's documents were cut from, by URL ([`super::SourceDigest`]).
    pub sources: HashMap<String, super::SourceDigest>,
    /// The language's code: a record read after site.toml changed its languages uses
    /// an index only for the language it was made for.
    pub code: String,
}

impl StoredIndex {
    /// A language's index made now: its files and its documents file written at `pending`.
    pub fn new(files: Vec<String>, pending: PathBuf) -> Self {
        StoredIndex {
            pending: Some(pending),
            ..StoredIndex::with_docs(files, None)
        }
    }

    /// A language's index made now whose documents file is the previous build's, kept
    /// as it is (stamped `docs`).
    pub fn with_docs(files: Vec<String>, docs: Option<FileStamp>) -> Self {
        StoredIndex {
            docs,
            files: files.into_iter().map(|path| (path, None)).collect(),
            pending: None,
            sources: HashMap::new(),
            code: String::new(),
        }
    }

    /// Deletes this build's documents file, which a failed build does not put in place.
    pub fn discard_pending(&mut self) {
        if let Some(pending) = self.pending.take() {
            let _ = std::fs::remove_file(pending);
        }
    }

    /// Puts this build's documents file in place (after the output was committed) and
    /// stamps it and the index files; `false` when the file could not be put in place
    /// (the record must then not name it).
    pub fn commit(&mut self, out: &Path, final_path: &Path) -> bool {
        if let Some(pending) = self.pending.take() {
            if std::fs::rename(&pending, final_path).is_err() {
                let _ = std::fs::remove_file(&pending);
                return false;
            }
            self.docs = FileStamp::of(final_path);
        }
        for (path, stamp) in &mut self.files {
            *stamp = FileStamp::of(&out.join(path.as_str()));
        }
        true
    }
}

/// The path of language `code`'s documents file in `.tebiki/`.
pub fn docs_path(config: &crate::config::Config, code: &str) -> Option<PathBuf> {
    let suffix = format!("search-{code}");
    crate::state_dir::state_path(&config.root, &config.output_dir, &suffix).ok()
}

/// A documents file read back: each page's documents, still encoded, by output path.
pub struct DocsFile {
    bytes: Vec<u8>,
    pages: HashMap<String, (usize, usize)>,
}

impl DocsFile {
    /// The file at `path`, if it is one and whole.
    pub fn read(path: &Path) -> Option<DocsFile> {
        let bytes = std::fs::read(path).ok()?;
        let mut reader = Reader {
            bytes: bytes.strip_prefix(MAGIC)?,
            at: 0,
        };
        let mut pages = HashMap::new();
        let skip = MAGIC.len();
        while reader.at < reader.bytes.len() {
            let path = reader.str()?.to_string();
            let len = reader.number()?;
            let start = reader.at;
            reader.take(len)?;
            pages.insert(path, (skip + start, len));
        }
        Some(DocsFile { bytes, pages })
    }

    /// The documents of the page at `url`, language `lang`, and their bytes.
    pub fn page(&self, url: &str, lang: usize) -> Option<(PageDocs, &[u8])> {
        let &(start, len) = self.pages.get(url)?;
        let bytes = &self.bytes[start..start + len];
        Some((decode(bytes, lang)?, bytes))
    }
}

/// A documents file's page heads, read without its pages, which are read one at a time
/// ([`DocsHeads::page`]) or copied from file to file ([`DocsHeads::write_changed`]): a
/// build that patches its index needs few of them, and the file can be hundreds of
/// megabytes.
pub struct DocsHeads {
    file: std::fs::File,
    len: u64,
    pages: HashMap<String, Span>,
    /// How many pages it holds (a URL that came twice counts twice).
    count: usize,
}

/// Where a page is in a documents file.
#[derive(Clone, Copy)]
pub struct Span {
    /// Its place among the file's pages.
    pub place: usize,
    /// How many documents it has.
    pub docs: usize,
    /// Where its head (URL and length) starts.
    head: u64,
    /// Its encoded documents ([`encode`]).
    start: u64,
    len: u64,
}

impl Span {
    /// Where its head starts.
    pub fn head(&self) -> u64 {
        self.head
    }

    /// Where its documents end (the next page's head starts).
    pub fn end(&self) -> u64 {
        self.start + self.len
    }
}

impl DocsHeads {
    /// The heads of the file at `path`, if it is one whose pages all fit in it.
    pub fn open(path: &Path) -> Option<DocsHeads> {
        let file = std::fs::File::open(path).ok()?;
        let len = file.metadata().ok()?.len();
        let mut r = HeadReader {
            inner: std::io::BufReader::with_capacity(1 << 16, &file),
            at: 0,
        };
        (r.take(MAGIC.len())? == MAGIC).then_some(())?;
        let mut pages = HashMap::new();
        let mut count = 0;
        while r.at < len {
            let head = r.at;
            let size = r.number()?;
            let url = String::from_utf8(r.take(size)?).ok()?;
            let record = r.number()? as u64;
            let start = r.at;
            let end = start.checked_add(record).filter(|&end| end <= len)?;
            // The page's own URL and title come first, then its number of documents.
            for _ in 0..2 {
                let size = r.number()?;
                r.skip(size as u64)?;
            }
            let docs = r.number()?;
            r.skip(end.checked_sub(r.at)?)?;
            let span = Span {
                place: count,
                docs,
                head,
                start,
                len: record,
            };
            pages.insert(url, span);
            count += 1;
        }
        Some(DocsHeads {
            file,
            len,
            pages,
            count,
        })
    }

    /// Where the page at `url` is.
    pub fn span(&self, url: &str) -> Option<Span> {
        self.pages.get(url).copied()
    }

    /// How many pages the file holds.
    pub fn len(&self) -> usize {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The documents of the page at `url`, language `lang`.
    /// Several threads may read pages at once: a read does not move the file's
    /// position.
    pub fn page(&self, url: &str, lang: usize) -> Option<PageDocs> {
        self.page_at(self.span(url)?, lang)
    }

    /// The documents of the page at `span` ([`DocsHeads::span`]), language `lang`.
    pub fn page_at(&self, span: Span, lang: usize) -> Option<PageDocs> {
        let mut bytes = vec![0; usize::try_from(span.len).ok()?];
        read_at(&self.file, &mut bytes, span.start).ok()?;
        decode(&bytes, lang)
    }

    /// The file's length: where its last page ends.
    pub fn end(&self) -> u64 {
        self.len
    }

    /// Writes the file at `path` with the pages at `changed` spans (in file order)
    /// replaced by the given pages; the other pages' bytes are copied file to file.
    pub fn write_changed(&self, path: &Path, changed: &[(Span, &PageDocs)]) -> Option<()> {
        let mut out = std::fs::File::create(path).ok()?;
        let mut at = 0;
        let mut bytes = Vec::new();
        for (span, page) in changed {
            self.copy(&mut out, at, span.head)?;
            bytes.clear();
            encode(page, &mut bytes);
            let mut head = Vec::with_capacity(page.url.len() + 10);
            put_str(&mut head, &page.url);
            put_number(&mut head, bytes.len());
            out.write_all(&head).ok()?;
            out.write_all(&bytes).ok()?;
            at = span.start + span.len;
        }
        self.copy(&mut out, at, self.len)?;
        out.flush().ok()
    }

    /// Copies bytes `from..to` of the file to `out`.
    fn copy(&self, out: &mut impl Write, from: u64, to: u64) -> Option<()> {
        let mut file = &self.file;
        file.seek(SeekFrom::Start(from)).ok()?;
        let want = to.checked_sub(from)?;
        let copied = std::io::copy(&mut file.take(want), out).ok()?;
        (copied == want).then_some(())
    }
}

/// Fills `buf` from `file` at `offset`, leaving the file's position where it was.
fn read_at(file: &std::fs::File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
    }
    #[cfg(windows)]
    {
        let mut done = 0;
        while done < buf.len() {
            let at = offset + done as u64;
            match std::os::windows::fs::FileExt::seek_read(file, &mut buf[done..], at)? {
                0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
                n => done += n,
            }
        }
        Ok(())
    }
}

/// Reads a documents file's heads through a buffer, skipping what lies between.
struct HeadReader<'a> {
    inner: std::io::BufReader<&'a std::fs::File>,
    at: u64,
}

impl HeadReader<'_> {
    fn byte(&mut self) -> Option<u8> {
        let byte = *self.inner.fill_buf().ok()?.first()?;
        self.inner.consume(1);
        self.at += 1;
        Some(byte)
    }

    fn number(&mut self) -> Option<usize> {
        let mut n = 0usize;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            n |= usize::from(b & 0x7F).checked_shl(shift)?;
            if b < 0x80 {
                return Some(n);
            }
        }
        None
    }

    fn take(&mut self, len: usize) -> Option<Vec<u8>> {
        let mut bytes = vec![0; len.min(1 << 20)];
        (bytes.len() == len).then_some(())?;
        self.inner.read_exact(&mut bytes).ok()?;
        self.at += len as u64;
        Some(bytes)
    }

    fn skip(&mut self, len: u64) -> Option<()> {
        self.inner.seek_relative(i64::try_from(len).ok()?).ok()?;
        self.at += len;
        Some(())
    }
}

/// A documents file being written: the pages one after the other.
pub struct DocsWriter {
    out: std::io::BufWriter<std::fs::File>,
    buf: Vec<u8>,
}

impl DocsWriter {
    pub fn create(path: &Path) -> Option<DocsWriter> {
        let file = std::fs::File::create(path).ok()?;
        let mut writer = DocsWriter {
            out: std::io::BufWriter::with_capacity(1 << 16, file),
            buf: Vec::new(),
        };
        writer.write(MAGIC)?;
        Some(writer)
    }

    fn write(&mut self, bytes: &[u8]) -> Option<()> {
        self.out.write_all(bytes).ok()
    }

    /// Appends the page at `url` (as [`PageDocs::url`]).
    pub fn page(&mut self, url: &str, docs: &PageDocs) -> Option<()> {
        let mut buf = std::mem::take(&mut self.buf);
        buf.clear();
        encode(docs, &mut buf);
        let done = self.encoded(url, &buf);
        self.buf = buf;
        done
    }

    /// Appends the page at `url` as [`encode`] gave it (taken from the old file).
    pub fn encoded(&mut self, url: &str, bytes: &[u8]) -> Option<()> {
        let mut head = Vec::with_capacity(url.len() + 10);
        put_str(&mut head, url);
        put_number(&mut head, bytes.len());
        self.write(&head)?;
        self.write(bytes)
    }

    /// Appends bytes `from..to` of the documents file `heads` reads (whole pages).
    pub fn copy_from(&mut self, heads: &DocsHeads, from: u64, to: u64) -> Option<()> {
        heads.copy(&mut self.out, from, to)
    }

    /// Ends the file.
    pub fn finish(mut self) -> Option<()> {
        self.out.flush().ok()
    }
}

/// A page's documents as bytes (its language is the file's).
pub fn encode(page: &PageDocs, out: &mut Vec<u8>) {
    put_str(out, &page.url);
    put_str(out, &page.title);
    put_number(out, page.docs.len());
    for doc in &page.docs {
        put_str(out, &doc.fragment);
        put_str(out, &doc.title);
        put_str(out, &doc.text);
        put_number(out, doc.parent.map_or(0, |p| p as usize + 1));
        put_number(out, doc.title_len as usize);
        put_number(out, doc.text_len as usize);
    }
    put_number(out, page.words.len());
    for word in &page.words {
        put_str(out, word);
    }
    // Postings last, 16 bytes each: copied in and out without a varint loop.
    put_number(out, page.postings.len());
    out.reserve(page.postings.len() * POSTING);
    for p in &page.postings {
        let mut bytes = [0; POSTING];
        bytes[..8].copy_from_slice(&p.id().to_le_bytes());
        bytes[8..12].copy_from_slice(&p.text().to_le_bytes());
        bytes[12..].copy_from_slice(&p.title().to_le_bytes());
        out.extend_from_slice(&bytes);
    }
}

/// The page [`encode`] wrote, `None` if the bytes are not such a page.
pub fn decode(bytes: &[u8], lang: usize) -> Option<PageDocs> {
    let mut r = Reader { bytes, at: 0 };
    let url = r.str()?.to_string();
    let title = r.str()?.to_string();
    let count = r.number()?;
    let mut docs = Vec::with_capacity(count.min(bytes.len()));
    for _ in 0..count {
        docs.push(Doc {
            fragment: r.str()?.to_string(),
            title: r.str()?.to_string(),
            text: r.str()?.to_string(),
            parent: match r.number()? {
                0 => None,
                p => Some(u32::try_from(p - 1).ok()?),
            },
            title_len: u32::try_from(r.number()?).ok()?,
            text_len: u32::try_from(r.number()?).ok()?,
        });
    }
    let count = r.number()?;
    let mut words = Vec::with_capacity(count.min(bytes.len()));
    for _ in 0..count {
        words.push(r.str()?.into());
    }
    let count = r.number()?;
    let all = r.take(count.checked_mul(POSTING)?)?;
    let postings = all
        .chunks_exact(POSTING)
        .map(|b| {
            let word = |at: usize| u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]);
            let id = u64::from(word(0)) | u64::from(word(4)) << 32;
            Posting::from_id(id, word(8), word(12))
        })
        .collect();
    (r.at == bytes.len()).then_some(PageDocs {
        lang,
        url,
        title,
        docs,
        words,
        postings,
    })
}

fn put_number(out: &mut Vec<u8>, mut n: usize) {
    while n >= 0x80 {
        out.push(n as u8 | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_number(out, s.len());
    out.extend_from_slice(s.as_bytes());
}

/// Unsigned LEB128 varints and byte strings read one after the other (the patch reads
/// the index files with it too).
pub(super) struct Reader<'a> {
    pub(super) bytes: &'a [u8],
    pub(super) at: usize,
}

impl<'a> Reader<'a> {
    pub(super) fn number(&mut self) -> Option<usize> {
        let mut n = 0usize;
        for shift in (0..64).step_by(7) {
            let b = *self.bytes.get(self.at)?;
            self.at += 1;
            n |= usize::from(b & 0x7F).checked_shl(shift)?;
            if b < 0x80 {
                return Some(n);
            }
        }
        None
    }

    pub(super) fn take(&mut self, len: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(len)?;
        let bytes = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(bytes)
    }

    fn str(&mut self) -> Option<&'a str> {
        let len = self.number()?;
        // simdutf8: most of a page's bytes are its documents' Japanese text, which
        // core's check takes a byte at a time.
        simdutf8::basic::from_utf8(self.take(len)?).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::sections::page_sections;

    const PAGE: &str = r#"<main><h1>MFA の設定</h1><p>Lead ＳＭＳ text.</p>
<h2 id="a">アプリ</h2><p>認証アプリを開く</p>
<details class="faq" id="q"><summary>No code?</summary><ol><li class="step" id="s">Wait 5 min</li></ol></details></main>"#;

    fn page() -> PageDocs {
        let synonyms = [vec!["sms".to_string(), "text message".to_string()]];
        super::super::docs::page_docs(1, "ja/x/".into(), page_sections(PAGE), &synonyms)
    }

    #[test]
    fn a_page_comes_back_as_it_was_encoded() {
        let page = page();
        let mut bytes = Vec::new();
        encode(&page, &mut bytes);
        let back = decode(&bytes, 1).unwrap();
        assert_eq!(format!("{back:?}"), format!("{page:?}"));
        for cut in 0..bytes.len() {
            assert!(decode(&bytes[..cut], 1).is_none(), "cut at {cut}");
        }
    }

    #[test]
    fn a_documents_file_gives_back_its_pages_and_a_cut_one_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("docs");
        let mut writer = DocsWriter::create(&path).unwrap();
        writer.page("ja/x/", &page()).unwrap();
        writer.page("ja/y/", &PageDocs::default()).unwrap();
        writer.finish().unwrap();
        let file = DocsFile::read(&path).unwrap();
        let x = file.page("ja/x/", 1).unwrap().0;
        assert_eq!(format!("{x:?}"), format!("{:?}", page()));
        assert!(file.page("ja/y/", 0).is_some());
        assert!(file.page("ja/z/", 0).is_none());
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() - 1]).unwrap();
        assert!(DocsFile::read(&path).is_none(), "cut");
        assert!(DocsFile::read(&dir.path().join("none")).is_none());
    }
}
