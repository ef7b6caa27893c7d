//! Stage 2, load: walks `content/<lang>/` for every configured language and returns the
//! pages (front matter parsed, body kept as text), the snippets of `_snippets/` (read
//! and split into lines once) and the other files to copy.
//!
//! A page's translation is the file at the same relative path under another language;
//! [`Site::translation`] finds it without scanning. Once the pages are read, the site's
//! outline (its guides, [`build_outline`]) is built and its step numbers checked.

mod cache;
mod front_matter;
mod outline;

use crate::diagnostics::Code;
use crate::text;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use rayon::prelude::*;

pub use cache::PageCache;
pub use front_matter::FrontMatter;
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
    /// The whole file text (front matter included), so offsets stay file offsets.
    pub text: Arc<str>,
    /// Where the Markdown body starts in `text`.
    pub body_start: usize,
    pub line_index: Arc<LineIndex>,
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
    /// (language, rel_path) → index into `pages`.
    by_path: HashMap<(usize, String), usize>,
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
        self.by_path.get(&(lang, rel_path.to_string())).copied()
    }

    /// The same page in language `lang`, if it was written.
    pub fn translation(&self, page: &Page, lang: usize) -> Option<&Page> {
        self.page(lang, &page.rel_path)
    }
}

/// Options that change what is loaded.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    pub drafts: bool,
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
    options: LoadOptions,
    cache: Option<&mut PageCache>,
) -> (Site, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut files = Vec::new();
    let span = crate::timings::span("walk content");
    let fence = config.fence();
    for (lang, language) in config.languages.iter().enumerate() {
        let dir = config.content_dir().join(&language.code);
        if !dir.is_dir() {
            diagnostics.push(
                Diagnostic::error(
                    Code::MissingContentDir,
                    display(config, &dir),
                    text!("missing-content-dir", lang = language.code),
                )
                .with_help(text!("missing-content-dir-help", lang = language.code)),
            );
            continue;
        }
        walk_language(&fence, lang, &dir, &mut files, &mut diagnostics);
    }
    drop(span);
    let _span = crate::timings::span("read pages");
    let (snippet_files, files): (Vec<_>, Vec<_>) = files
        .into_iter()
        .partition(|f| f.rel_path.starts_with(&format!("{SNIPPETS_DIR}/")));
    let (md, assets): (Vec<_>, Vec<_>) =
        files.into_iter().partition(|f| f.rel_path.ends_with(".md"));
    let results: Vec<_> = {
        let cache = cache.as_deref();
        md.into_par_iter()
            .map(|f| {
                (
                    (f.lang, f.rel_path.clone()),
                    read_or_reuse(&fence, f, cache),
                )
            })
            .collect()
    };
    let mut kept = Vec::new();
    let mut site = Site {
        snippets: read_snippets(config, &fence, snippet_files, &mut diagnostics),
        assets: assets
            .into_iter()
            .map(|f| Asset {
                lang: f.lang,
                rel_path: f.rel_path,
                source: f.path,
                shown: f.shown,
            })
            .collect(),
        ..Site::default()
    };
    for (key, (result, stamp)) in results {
        if let (Ok(page), Some((path, stamp, read_at))) = (&result, stamp) {
            kept.push((path, stamp, read_at, page.clone()));
        }
        match result {
            Ok(page) if page.front.draft && !options.drafts => {}
            Ok(page) => site.pages.push(page),
            Err(d) => {
                diagnostics.push(d);
                site.failed.insert(key);
            }
        }
    }
    site.pages
        .sort_by(|a, b| (a.lang, &a.rel_path).cmp(&(b.lang, &b.rel_path)));
    site.by_path = site
        .pages
        .iter()
        .enumerate()
        .map(|(i, p)| ((p.lang, p.rel_path.clone()), i))
        .collect();
    let (outline, problems) = build_outline(&site);
    site.outline = outline;
    diagnostics.extend(problems);
    if let Some(cache) = cache {
        cache.replace(kept);
    }
    (site, diagnostics)
}

/// Where a page came from, for the [`PageCache`]: its file, the file's stamp before the
/// read, and when it was read (`None`: taken from the cache).
type Origin = Option<(PathBuf, cache::Stamp, Option<SystemTime>)>;

/// The page in `file`: from `cache` if the file did not change, else read.
fn read_or_reuse(
    fence: &Fence,
    file: FoundFile,
    cache: Option<&PageCache>,
) -> (Result<Page, Diagnostic>, Origin) {
    let Some(cache) = cache else {
        return (read_page(fence, file), None);
    };
    let path = file.path.clone();
    let stamp = cache::Stamp::of(&path);
    if let Some(page) = cache.get(&path, stamp).filter(|page| {
        page.lang == file.lang && page.rel_path == file.rel_path && page.display_path == file.shown
    }) {
        return (Ok(page), stamp.map(|s| (path, s, None)));
    }
    let read_at = SystemTime::now();
    let page = read_page(fence, file);
    (page, stamp.map(|s| (path, s, Some(read_at))))
}

struct FoundFile {
    lang: usize,
    rel_path: String,
    path: PathBuf,
    shown: String,
}

/// Lists a language's files through the site's [`Fence`](crate::contain::Fence): links
/// that leave the site, loops and dangling links are reported here, before any read.
fn walk_language(
    fence: &Fence,
    lang: usize,
    dir: &Path,
    files: &mut Vec<FoundFile>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let (found, problems) = fence.walk(dir);
    diagnostics.extend(problems);
    for file in found {
        files.push(FoundFile {
            lang,
            // A file name saved decomposed (NFD, macOS) gets the URL an editor types.
            rel_path: crate::urls::nfc(&file.rel_path).into_owned(),
            path: file.path,
            shown: file.shown,
        });
    }
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

fn read_page(fence: &Fence, file: FoundFile) -> Result<Page, Diagnostic> {
    let display_path = file.shown;
    let text = read_text(fence, &file.path, &display_path)?;
    let line_index = LineIndex::new(&text);
    let split = front_matter::split_front_matter(&text, &display_path, &line_index)?;
    let front = front_matter::parse_front_matter(&text, &split, &display_path, &line_index)?;
    let body_start = split.body_start;
    Ok(Page {
        lang: file.lang,
        rel_path: file.rel_path,
        display_path,
        front: Arc::new(front),
        text: text.into(),
        body_start,
        line_index: Arc::new(line_index),
    })
}

/// Reads every snippet once; files below `_snippets/` that are not `.md` are ignored.
fn read_snippets(
    config: &Config,
    fence: &Fence,
    files: Vec<FoundFile>,
    diagnostics: &mut Vec<Diagnostic>,
) -> SnippetLibrary {
    let mut library = SnippetLibrary::new(config.languages.len(), config.default_language);
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
        let display_path = file.shown;
        match read_text(fence, &file.path, &display_path) {
            Ok(text) => library.insert(Snippet::new(name, file.lang, display_path, text)),
            Err(d) => diagnostics.push(d),
        }
    }
    library
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
