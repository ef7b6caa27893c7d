//! Stage 2, load: walks `content/<lang>/` for every configured language and returns the
//! pages (front matter parsed, body kept as text), the snippets of `_snippets/` (read
//! and split into lines once) and the other files to copy.
//!
//! A page's translation is the file at the same relative path under another language;
//! [`Site::translation`] finds it without scanning. Once the pages are read, the site's
//! outline (its guides, [`build_outline`]) is built and its step numbers checked.

mod cache;
mod front_matter;
mod listing;
mod outline;

use crate::diagnostics::Code;
use crate::text;
use std::borrow::Cow;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

pub use cache::PageCache;
pub use front_matter::FrontMatter;
use listing::Listing;
pub use outline::{build_outline, Guide, Outline};

use crate::config::Config;
use crate::contain::Fence;
use crate::diagnostics::{Diagnostic, LineIndex};
use crate::snippets::{Snippet, SnippetLibrary, SNIPPETS_DIR};

/// One Markdown page of one language. Cheap to clone: the text and what was parsed from
/// it are shared ([`PageCache`] hands the same page to the next build).
#[derive(Debug, Clone)]
pub struct Page {
    /// Index into `Config::languages`.
    pub lang: usize,
    /// Path below `content/<lang>/`, with `/` separators, e.g. `faq.md`.
    pub rel_path: String,
    /// The file as shown in messages, e.g. `content/ja/faq.md`.
    pub display_path: String,
    pub front: Arc<FrontMatter>,
    /// The file text from its start, so offsets are file offsets: the front matter, then
    /// the body unless it was left on disk ([`Page::body_on_disk`]); what needs the body
    /// takes it from [`Page::with_body`].
    pub text: Arc<str>,
    /// Where the Markdown body starts in the file.
    pub body_start: usize,
    /// Lines of `text`.
    pub line_index: Arc<LineIndex>,
    /// The digest of the whole file text, when the load made it ([`Page::text_digest`]).
    pub digest: Option<TextDigest>,
    /// The file, when its body was not kept in memory (`text` then ends at
    /// `body_start`; [`LoadOptions::bodies`]).
    pub body_on_disk: Option<PathBuf>,
}

/// The BLAKE3 digest of a page's whole file text.
pub type TextDigest = [u8; 32];

impl Page {
    /// The digest of the whole file text.
    pub fn text_digest(&self) -> TextDigest {
        self.digest
            .unwrap_or_else(|| *blake3::hash(self.text.as_bytes()).as_bytes())
    }

    /// The page with its body: itself, or, when its body was left on disk, read again
    /// through `fence` and checked against the text the load saw (a file edited while
    /// the site builds is an error; the next build reads it anew).
    pub fn with_body(&self, fence: &Fence) -> Result<Cow<'_, Page>, Diagnostic> {
        let Some(path) = &self.body_on_disk else {
            return Ok(Cow::Borrowed(self));
        };
        let text = read_text(fence, path, &self.display_path)?;
        if Some(*blake3::hash(text.as_bytes()).as_bytes()) != self.digest {
            return Err(Diagnostic::error(
                Code::Unreadable,
                &self.display_path,
                text!("changed-while-building"),
            )
            .with_help(text!("changed-while-building-help")));
        }
        Ok(Cow::Owned(Page {
            line_index: Arc::new(LineIndex::new(&text)),
            text: text.into(),
            body_on_disk: None,
            ..self.clone()
        }))
    }
}

/// A non-Markdown file under `content/<lang>/`, copied beside its page.
#[derive(Debug, Clone)]
pub struct Asset {
    pub lang: usize,
    pub rel_path: String,
    /// Where to read it (a link's checked target for a link); read it through the fence.
    pub source: PathBuf,
    /// The file as shown in messages, e.g. `content/ja/img/qr.png`.
    pub shown: String,
}

/// Everything read from `content/`.
#[derive(Debug, Default)]
pub struct Site {
    pub pages: Vec<Page>,
    pub assets: Vec<Asset>,
    /// Per language, rel_path → index into `pages` (looked up without making a key).
    by_path: Vec<FxHashMap<String, usize>>,
    /// Pages that exist but could not be read or parsed (already reported): not "missing".
    pub failed: HashSet<(usize, String)>,
    /// The guides and the pages outside them ([`build_outline`]).
    pub outline: Outline,
    /// The snippets of `content/<lang>/_snippets/` (neither pages nor copied files).
    pub snippets: SnippetLibrary,
}

impl Site {
    pub fn page(&self, lang: usize, rel_path: &str) -> Option<&Page> {
        self.page_index(lang, rel_path).map(|i| &self.pages[i])
    }

    pub fn page_index(&self, lang: usize, rel_path: &str) -> Option<usize> {
        self.by_path.get(lang)?.get(rel_path).copied()
    }

    /// The same page in language `lang`, if it was written.
    pub fn translation(&self, page: &Page, lang: usize) -> Option<&Page> {
        self.page(lang, &page.rel_path)
    }
}

/// Options that change what is loaded.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions<'a> {
    pub drafts: bool,
    pub bodies: Bodies<'a>,
}

/// Which pages keep their Markdown body in memory. A page that leaves it on disk keeps
/// its front matter and the digest of its text ([`Page::body_on_disk`]), and the body is
/// read again if the page renders: a large site's texts are never all in memory.
#[derive(Debug, Clone, Copy, Default)]
pub enum Bodies<'a> {
    /// Every page (the dev server renders from memory; `check`).
    #[default]
    Keep,
    /// Every page but those with one of these texts (digests of the texts `build`'s
    /// previous build rendered: most likely nothing renders from them).
    LeaveKnown(&'a HashSet<TextDigest>),
    /// No page (`build` without a record of the previous build: each page renders once).
    LeaveAll,
}

/// Reads every language's content. Problems in files are returned as diagnostics; the
/// pages that could be read are returned either way.
pub fn load_site(config: &Config, options: LoadOptions) -> (Site, Vec<Diagnostic>) {
    load_site_inner(config, options, None)
}

/// [`load_site`] that reads again only the pages whose files changed since the load
/// `cache` remembers (the dev server); the result is the same.
pub fn load_site_cached(
    config: &Config,
    options: LoadOptions,
    cache: &mut PageCache,
) -> (Site, Vec<Diagnostic>) {
    load_site_inner(config, options, Some(cache))
}

fn load_site_inner(
    config: &Config,
    options: LoadOptions<'_>,
    mut cache: Option<&mut PageCache>,
) -> (Site, Vec<Diagnostic>) {
    let fence = config.fence();
    let listing = match cache.as_deref_mut() {
        Some(cache) => cache.listing(config),
        None => Arc::new(Listing::walk(config)),
    };
    let mut diagnostics = listing.problems.clone();
    let _span = crate::timings::span("read pages");
    let snippet_prefix = format!("{SNIPPETS_DIR}/");
    let (mut snippet_files, mut md, mut assets) = (Vec::new(), Vec::new(), Vec::new());
    for file in &listing.files {
        if file.rel_path.starts_with(&snippet_prefix) {
            snippet_files.push(file);
        } else if file.rel_path.ends_with(".md") {
            md.push(file);
        } else {
            assets.push(file);
        }
    }
    let results: Vec<_> = {
        let cache = cache.as_deref();
        md.into_par_iter()
            .map(|f| {
                let read = read_or_reuse(&fence, f, cache);
                (
                    f,
                    (
                        read.0
                            .map(|page| leave_body_on_disk(page, &f.path, options)),
                        read.1,
                    ),
                )
            })
            .collect()
    };
    let (snippets, snippet_reads) = read_snippets(config, &fence, snippet_files, &mut diagnostics);
    let mut site = Site {
        snippets,
        assets: assets
            .into_iter()
            .map(|f| Asset {
                lang: f.lang,
                rel_path: f.rel_path.clone(),
                source: f.path.clone(),
                shown: f.shown.clone(),
            })
            .collect(),
        ..Site::default()
    };
    let mut reads = Vec::new();
    let mut reused = 0;
    for (file, (result, read)) in results {
        match read {
            Some(mut read) => {
                read.page = result.as_ref().ok().cloned();
                reads.push(read);
            }
            None => reused += 1,
        }
        match result {
            Ok(page) if page.front.draft && !options.drafts => {}
            Ok(page) => site.pages.push(page),
            Err(d) => {
                diagnostics.push(d);
                site.failed.insert((file.lang, file.rel_path.clone()));
            }
        }
    }
    site.pages
        .sort_by(|a, b| (a.lang, &a.rel_path).cmp(&(b.lang, &b.rel_path)));
    site.by_path = vec![FxHashMap::default(); config.languages.len()];
    for (i, page) in site.pages.iter().enumerate() {
        site.by_path[page.lang].insert(page.rel_path.clone(), i);
    }
    let span = crate::timings::span("outline");
    let (outline, problems) = build_outline(&site);
    drop(span);
    site.outline = outline;
    diagnostics.extend(problems);
    if let Some(cache) = cache {
        cache.finish(reads, reused, snippet_reads);
    }
    (site, diagnostics)
}

/// The page in `file`: from `cache` if the file did not change, else read (then with
/// what the cache keeps of the read).
fn read_or_reuse(
    fence: &Fence,
    file: &FoundFile,
    cache: Option<&PageCache>,
) -> (Result<Page, Diagnostic>, Option<cache::Read>) {
    let Some(cache) = cache else {
        return (read_page(fence, file), None);
    };
    // A cache that trusts the watcher takes an unnamed file without a `stat`.
    let stamp = if cache.trusted() {
        None
    } else {
        cache::Stamp::of(&file.path)
    };
    let same_file = |page: &Page| page.display_path == file.shown;
    let get = |stamp| cache.get(&file.path, stamp, file.lang, &file.rel_path);
    let taken = match (cache.trusted(), stamp) {
        (true, _) => get(None),
        (false, Some(stamp)) => get(Some(stamp)),
        (false, None) => None,
    };
    if let Some(page) = taken.filter(same_file) {
        return (Ok(page), None);
    }
    let stamp = stamp.or_else(|| cache::Stamp::of(&file.path));
    let at = SystemTime::now();
    let page = read_page(fence, file);
    let read = cache::Read {
        path: file.path.clone(),
        lang: file.lang,
        rel_path: file.rel_path.clone(),
        stamp,
        at,
        page: None,
    };
    (page, Some(read))
}

/// A file found by the walk of the content folders ([`Listing`]).
#[derive(Debug, Clone)]
struct FoundFile {
    lang: usize,
    rel_path: String,
    path: PathBuf,
    shown: String,
}

fn display(config: &Config, path: &Path) -> String {
    crate::diagnostics::display_path(&config.root, path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Splits and parses a page's text: its front matter and where its body starts.
/// Errors are located in `text`, for the file named `path`.
pub fn parse_page_text(text: &str, path: &str) -> Result<(FrontMatter, usize), Diagnostic> {
    let index = LineIndex::new(text);
    let split = front_matter::split_front_matter(text, path, &index)?;
    let front = front_matter::parse_front_matter(text, &split, path, &index)?;
    Ok((front, split.body_start))
}

fn read_page(fence: &Fence, file: &FoundFile) -> Result<Page, Diagnostic> {
    let display_path = file.shown.clone();
    let text = read_text(fence, &file.path, &display_path)?;
    let line_index = LineIndex::new(&text);
    let split = front_matter::split_front_matter(&text, &display_path, &line_index)?;
    let front = front_matter::parse_front_matter(&text, &split, &display_path, &line_index)?;
    let body_start = split.body_start;
    Ok(Page {
        lang: file.lang,
        rel_path: file.rel_path.clone(),
        display_path,
        front: Arc::new(front),
        text: text.into(),
        body_start,
        line_index: Arc::new(line_index),
        digest: None,
        body_on_disk: None,
    })
}

/// `page` with its digest, and without its body where `options.bodies` says so.
fn leave_body_on_disk(mut page: Page, path: &Path, options: LoadOptions) -> Page {
    let known = match options.bodies {
        Bodies::Keep => return page,
        Bodies::LeaveKnown(known) => Some(known),
        Bodies::LeaveAll => None,
    };
    let digest = page.text_digest();
    page.digest = Some(digest);
    if known.is_some_and(|known| !known.contains(&digest)) {
        return page;
    }
    let front = &page.text[..page.body_start];
    page.line_index = Arc::new(LineIndex::new(front));
    page.text = front.into();
    page.body_on_disk = Some(path.to_path_buf());
    page
}

/// Reads every snippet once; files below `_snippets/` that are not `.md` are ignored.
/// Also returns what the [`PageCache`] keeps of each read.
fn read_snippets(
    config: &Config,
    fence: &Fence,
    files: Vec<&FoundFile>,
    diagnostics: &mut Vec<Diagnostic>,
) -> (SnippetLibrary, Vec<cache::SnippetRead>) {
    let mut library = SnippetLibrary::new(config.languages.len(), config.default_language);
    let mut reads = Vec::new();
    for file in files {
        let Some(name) = file
            .rel_path
            .strip_prefix(SNIPPETS_DIR)
            .and_then(|r| r.strip_prefix('/'))
            .and_then(|r| r.strip_suffix(".md"))
        else {
            continue;
        };
        let name = name.to_string();
        let display_path = file.shown.clone();
        let stamp = cache::Stamp::of(&file.path);
        let at = SystemTime::now();
        let text = read_text(fence, &file.path, &display_path);
        let racy = stamp.is_none_or(|s| s.racy(at));
        reads.push(cache::SnippetRead {
            path: file.path.clone(),
            stamp,
            racy_text: text.as_ref().ok().filter(|_| racy).cloned(),
        });
        match text {
            Ok(text) => library.insert(Snippet::new(name, file.lang, display_path, text)),
            Err(d) => diagnostics.push(d),
        }
    }
    (library, reads)
}

/// A file's text; unreadable or non-UTF-8 files are diagnostics.
fn read_text(fence: &Fence, path: &Path, display_path: &str) -> Result<String, Diagnostic> {
    let bytes = fence
        .read_listed(path)
        .map_err(|refusal| refusal.into_diagnostic(Code::Unreadable, display_path, "file"))?;
    // Validated with SIMD, then copied: for Japanese text that is several times faster
    // than `String::from_utf8`'s own check. Bad bytes go through the standard check,
    // whose error says where they are.
    match simdutf8::basic::from_utf8(&bytes) {
        Ok(text) => Ok(text.to_owned()),
        Err(_) => String::from_utf8(bytes).map_err(|e| not_utf8(display_path, e)),
    }
}

fn not_utf8(path: &str, e: std::string::FromUtf8Error) -> Diagnostic {
    let bytes = e.as_bytes();
    let valid = e.utf8_error().valid_up_to();
    let good = std::str::from_utf8(&bytes[..valid]).unwrap_or("");
    let at = LineIndex::new(good).locate(good, valid);
    Diagnostic::error(Code::NotUtf8, path, text!("not-utf8"))
        .at(at)
        .with_help(text!("not-utf8-page-help"))
}
