//! `build`'s store of rendered Markdown bodies, `.tebiki/<output>.bodies`: what a page's
//! Markdown gave (its HTML body, table of contents, anchors, links, structure), kept so
//! that a build which must render every page again because of something pages share but
//! their Markdown does not read (a template, most often) fills the templates without
//! rendering the Markdown again.
//!
//! The Markdown of a page depends on its own text, on its translations' texts (a
//! screenshot borrows marker positions from another language's page) and on what the
//! render cache's shared key holds except the templates: the configuration, the UI
//! strings (badge and callout labels), the snippets, the image and static files, every
//! page's path and front matter, the tebiki program ([`super::cache::SharedKey::markdown_digest`]).
//! The file carries that digest; each body is found by the digest of its group's texts
//! and its own language and path, and carries the CRC-32 of its bytes. A body is only
//! stored when its Markdown gave no diagnostic (a page with warnings renders every time,
//! so its warnings are reported each time).
//!
//! Bodies are used only when `build`'s record cannot lend whole pages (the shared key
//! changed): [`BodyFile::begin`] opens the previous file and a new one beside it; each
//! body rendered goes into the new one as the pages render (one thread at a time, so a
//! large site's bodies are never all in memory), and [`BodyFile::commit`] copies the
//! bodies taken from the old file over and renames the new file over the old once the
//! output is committed (or keeps the old one when nothing new was rendered).
//! A build that fails or is killed leaves the old file; a missing, damaged or foreign
//! file only costs the Markdown rendering it would have saved.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use super::plan::PathGroup;
use super::stored::{digest, Digest, StoredLink};
use crate::load::Site;
use crate::markdown::{Anchor, LinkRecord, Rendered, Structure, TocEntry};

/// The start of the file: what it is and the version of its format.
const MAGIC: &[u8] = b"tebiki markdown bodies, format 1\n";

/// After the index: its offset and length (little-endian) and its digest.
const TRAILER: usize = 8 + 8 + 32;

/// Where one body is in the file: offset, length, CRC-32 of its bytes (which finds a
/// damaged body; the key, a BLAKE3 digest, is what must never collide).
type Place = (u64, u32, u32);

/// The bodies file of one output folder, as `build` hands it to the render stage.
pub struct BodyFile {
    path: PathBuf,
    store: Option<BodyStore>,
}

/// The previous build's bodies (read on demand) and this build's (being written).
pub(super) struct BodyStore {
    old: Option<(File, HashMap<Digest, Place>)>,
    new: Mutex<NewBodies>,
    /// How many bodies were taken from the old file.
    taken: AtomicUsize,
}

struct NewBodies {
    out: Option<BufWriter<File>>,
    tmp: PathBuf,
    offset: u64,
    /// The bodies rendered now, written as they come.
    index: Vec<(Digest, Place)>,
    /// The bodies taken from the old file, copied over at the end if anything is new.
    kept: Vec<(Digest, Place)>,
}

impl BodyFile {
    /// The bodies file at `path` (nothing is read before [`BodyFile::begin`]).
    pub fn new(path: PathBuf) -> BodyFile {
        BodyFile { path, store: None }
    }

    /// Opens the previous bodies, if they were rendered with the same inputs (`key`), and
    /// starts this build's file. `None` when no new file can be made.
    pub(super) fn begin(&mut self, key: &Digest) -> Option<&BodyStore> {
        let tmp = self
            .path
            .with_extension(format!("bodies-{}", std::process::id()));
        let mut out = BufWriter::new(File::create(&tmp).ok()?);
        let header = out.write_all(MAGIC).and_then(|()| out.write_all(key));
        let new = NewBodies {
            out: header.is_ok().then_some(out),
            tmp,
            offset: (MAGIC.len() + key.len()) as u64,
            index: Vec::new(),
            kept: Vec::new(),
        };
        self.store = Some(BodyStore {
            old: read_index(&self.path, key),
            new: Mutex::new(new),
            taken: AtomicUsize::new(0),
        });
        self.store.as_ref()
    }

    /// Puts this build's bodies in place of the previous ones (after the output was
    /// committed): those rendered now and those taken from the old file. When every body
    /// came from the old file (a theme edit), the old file stays as it is. Failing only
    /// costs the next build its shortcut.
    pub fn commit(&mut self) {
        let Some(store) = self.store.take() else {
            return;
        };
        let mut new = store.new.into_inner().unwrap_or_else(|e| e.into_inner());
        if new.index.is_empty() {
            return;
        }
        if let Some((file, _)) = &store.old {
            for (key, (offset, len, sum)) in std::mem::take(&mut new.kept) {
                if let Some(bytes) = read_at(file, offset, len as usize) {
                    new.append(&key, &bytes, sum);
                }
            }
        }
        let Some(out) = new.out.take() else {
            return;
        };
        if finish(out, new.offset, &new.index).is_ok() {
            let _ = std::fs::rename(&new.tmp, &self.path);
        }
    }
}

impl Drop for NewBodies {
    fn drop(&mut self) {
        // Renamed away by a commit; otherwise a failed build's file.
        let _ = std::fs::remove_file(&self.tmp);
    }
}

/// Writes the index and the trailer and closes the file.
fn finish(mut out: BufWriter<File>, offset: u64, index: &[(Digest, Place)]) -> std::io::Result<()> {
    let bytes = postcard::to_allocvec(index).map_err(std::io::Error::other)?;
    out.write_all(&bytes)?;
    out.write_all(&offset.to_le_bytes())?;
    out.write_all(&(bytes.len() as u64).to_le_bytes())?;
    out.write_all(&digest(&bytes))?;
    out.flush()
}

/// The index of the bodies file at `path`, if it is whole and was made with `key`.
fn read_index(path: &Path, key: &Digest) -> Option<(File, HashMap<Digest, Place>)> {
    let file = File::open(path).ok()?;
    let len = file.metadata().ok()?.len();
    let head = read_at(&file, 0, MAGIC.len() + key.len())?;
    if head[..MAGIC.len()] != *MAGIC || head[MAGIC.len()..] != *key {
        return None;
    }
    let trailer = read_at(&file, len.checked_sub(TRAILER as u64)?, TRAILER)?;
    let number = |at: usize| u64::from_le_bytes(trailer[at..at + 8].try_into().unwrap_or_default());
    let (offset, size) = (number(0), usize::try_from(number(8)).ok()?);
    if offset.checked_add(size as u64)? + TRAILER as u64 != len {
        return None;
    }
    let bytes = read_at(&file, offset, size)?;
    if digest(&bytes) != trailer[16..] {
        return None;
    }
    let index: Vec<(Digest, Place)> = postcard::from_bytes(&bytes).ok()?;
    Some((file, index.into_iter().collect()))
}

fn read_at(file: &File, offset: u64, len: usize) -> Option<Vec<u8>> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileExt;
        let mut bytes = vec![0; len];
        file.read_exact_at(&mut bytes, offset).ok()?;
        Some(bytes)
    }
    #[cfg(not(unix))]
    {
        let _ = (file, offset, len);
        None
    }
}

impl BodyStore {
    /// The key of each of `group`'s source pages' bodies: its group's texts, its
    /// language and path.
    pub(super) fn keys(site: &Site, group: &PathGroup) -> Vec<Digest> {
        let mut texts = blake3::Hasher::new();
        for &source in &group.sources {
            texts.update(&site.pages[source].text_digest());
        }
        group
            .sources
            .iter()
            .map(|&source| {
                let page = &site.pages[source];
                let mut key = texts.clone();
                key.update(&(page.lang as u64).to_le_bytes());
                key.update(page.rel_path.as_bytes());
                *key.finalize().as_bytes()
            })
            .collect()
    }

    /// The stored body under `key`, which goes into this build's file too.
    pub(super) fn get(&self, key: &Digest) -> Option<Rendered> {
        let (file, index) = self.old.as_ref()?;
        let &(offset, len, sum) = index.get(key)?;
        let bytes = read_at(file, offset, len as usize)?;
        if crc32fast::hash(&bytes) != sum {
            return None;
        }
        let body: Body = postcard::from_bytes(&bytes).ok()?;
        let mut new = self.new.lock().unwrap_or_else(|e| e.into_inner());
        new.kept.push((*key, (offset, len, sum)));
        drop(new);
        self.taken.fetch_add(1, Ordering::Relaxed);
        Some(rendered_from(body))
    }

    /// How many bodies were taken from the previous build's file.
    pub(super) fn taken(&self) -> usize {
        self.taken.load(Ordering::Relaxed)
    }

    /// Keeps `rendered`, just rendered, under `key`, if it has no diagnostic.
    pub(super) fn put(&self, key: &Digest, rendered: &Rendered) {
        if !rendered.diagnostics.is_empty() {
            return;
        }
        let links: Vec<StoredLink> = rendered.links.iter().map(StoredLink::from).collect();
        let body = (
            &rendered.html,
            &rendered.toc,
            &rendered.anchors,
            &rendered.hidden_ids,
            &links,
            &rendered.structure,
            rendered.has_code,
        );
        if let Ok(bytes) = postcard::to_allocvec(&body) {
            let mut new = self.new.lock().unwrap_or_else(|e| e.into_inner());
            new.append(key, &bytes, crc32fast::hash(&bytes));
        }
    }
}

impl NewBodies {
    /// Writes `bytes`, whose CRC-32 is `sum`, as the body under `key`.
    fn append(&mut self, key: &Digest, bytes: &[u8], sum: u32) {
        let Some(out) = self.out.as_mut() else {
            return;
        };
        if out.write_all(bytes).is_err() {
            self.out = None;
            return;
        }
        let place = (self.offset, bytes.len() as u32, sum);
        self.offset += bytes.len() as u64;
        self.index.push((*key, place));
    }
}

/// A stored body, in the order [`BodyStore::put`] writes it.
type Body = (
    Html,
    Vec<TocEntry>,
    Vec<Anchor>,
    Vec<String>,
    Vec<StoredLink>,
    Structure,
    bool,
);

fn rendered_from(body: Body) -> Rendered {
    let (Html(html), toc, anchors, hidden_ids, links, structure, has_code) = body;
    Rendered {
        html,
        toc,
        anchors,
        hidden_ids,
        links: links.into_iter().map(LinkRecord::from).collect(),
        structure,
        diagnostics: Vec::new(),
        has_code,
    }
}

/// A body's HTML, read as bytes and checked as UTF-8 with SIMD: std's check of a
/// theme edit's bodies cost more than a tenth of the build's instructions (BENCHMARKS.md,
/// "Speed round 2, the lead's last round"). Written as a `str`, which postcard stores as
/// bytes are stored.
struct Html(String);

impl<'de> serde::Deserialize<'de> for Html {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Html, D::Error> {
        struct Utf8;
        impl serde::de::Visitor<'_> for Utf8 {
            type Value = Html;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("UTF-8 bytes")
            }
            fn visit_bytes<E: serde::de::Error>(self, bytes: &[u8]) -> Result<Html, E> {
                match simdutf8::basic::from_utf8(bytes) {
                    Ok(text) => Ok(Html(text.to_owned())),
                    Err(_) => Err(E::invalid_value(serde::de::Unexpected::Bytes(bytes), &self)),
                }
            }
        }
        deserializer.deserialize_bytes(Utf8)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(html: &str) -> Vec<u8> {
        let links: Vec<StoredLink> = Vec::new();
        let body = (
            html,
            Vec::<TocEntry>::new(),
            Vec::<Anchor>::new(),
            vec!["hidden".to_string()],
            links,
            Structure::default(),
            true,
        );
        postcard::to_allocvec(&body).unwrap()
    }

    #[test]
    fn a_stored_body_reads_back_as_written() {
        let html = "<p>認証アプリ「Microsoft Authenticator」を開きます。</p>\n";
        let body: Body = postcard::from_bytes(&stored(html)).unwrap();
        let rendered = rendered_from(body);
        assert_eq!(rendered.html, html);
        assert_eq!(rendered.hidden_ids, ["hidden"]);
        assert!(rendered.has_code);
    }

    #[test]
    fn a_body_whose_html_is_not_utf8_is_refused() {
        let mut bytes = stored("<p>あ</p>");
        // The length prefix is one byte; "あ" starts after "<p>".
        let at = 1 + "<p>".len();
        bytes[at] = 0xff;
        assert!(postcard::from_bytes::<Body>(&bytes).is_err());
    }
}
