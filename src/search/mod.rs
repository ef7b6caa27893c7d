//! Search: a per-language index of the built site, cut by the same rules as the query.
//!
//! 1. While pages render, [`page_search`] takes each page's documents from `build`'s
//!    record when what they are cut from did not change ([`SourceDigest`]); else
//!    [`page_search_docs`] cuts the page's HTML into documents
//!    (page, heading sections, `::: method` and `::: faq` blocks, steps:
//!    [`sections`]) and tokenizes each one's own text once, as the scanner hands it over
//!    ([`docs`], with the rules of [`tokenize`], which `search.js` repeats), counting
//!    tokens per document in one table per page ([`count`]) and adding `[search]
//!    synonyms` ([`synonyms`]).
//! 2. A language whose index the previous build's record cannot give (none, or its
//!    files changed since) has it made while its pages render: [`IndexStream`] takes
//!    each page's documents as soon as the pages before it are in ([`stream`]).
//! 3. After rendering, [`build_search_index`] writes each language's index below
//!    `search/<lang>/` ([`index`]) and a page listing every page of the language at
//!    `<lang>/search/` (the theme's `search.html`), which the header links to when
//!    JavaScript is off. With `build`'s record ([`stored`]) a language none of whose
//!    pages' documents changed keeps its index, and one whose pages are the previous
//!    build's has it patched in place ([`patch`]).
//!
//! `[search] enabled = false` in site.toml turns all of it off.

pub mod count;
pub mod docs;
pub mod index;
mod markup;
pub mod patch;
pub mod sections;
pub mod sources;
pub mod stored;
pub mod stream;
pub mod synonyms;
pub mod tokenize;

use std::collections::HashMap;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

pub use docs::{PageDocs, Scratch};
pub use sections::main_range;
pub use sources::{PreviousSources, SourceDigest};
pub use stored::StoredIndex;
pub use stream::{IndexStream, Streamed, StreamedDocs};

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::render::{Digest, KeptFile, KeptSink, OutputFile};

/// `[search]` in site.toml.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct SearchOptions {
    /// Build the index, the search box and the page list (default `true`).
    pub enabled: bool,
    /// Groups of words that find each other: a section containing one word of a group is
    /// also found by the others (`[["機種変更", "買い替え"], ["スマホ", "スマートフォン"]]`).
    pub synonyms: Vec<Vec<String>>,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            enabled: true,
            synonyms: Vec::new(),
        }
    }
}

/// The template of the page listing every page of a language.
pub const LIST_TEMPLATE: &str = "search.html";

/// A rendered page's search entry (`None` when search is off or it is not a page): its
/// documents from the record when `previous` has its source digest, else cut now; and
/// the digest of its `<main>` when one was taken (the record's digest of the file uses
/// it: [`crate::render::file_digest`]). `scratch` is space a rendering worker's pages
/// share.
pub fn page_search(
    config: &Config,
    lang: usize,
    page: &OutputFile,
    previous: &PreviousSources,
    scratch: &mut Scratch,
) -> Option<(PageSearch, Option<Digest>)> {
    if !config.search.enabled {
        return None;
    }
    let range = previous.digests.then(|| main_range(&page.bytes));
    let main = range.map(|(start, end)| crate::render::digest(&page.bytes[start..end]));
    let digest = main.as_ref().map(|main| previous.source_digest(main));
    if let Some(digest) = &digest {
        let url = page_url(&page.path)?;
        if previous.get(lang, &url) == Some(digest) {
            previous.count(true);
            let stored = PageSearch::Stored {
                lang,
                path: page.path.clone(),
            };
            return Some((stored, main));
        }
    }
    let docs = cut_page(config, lang, page, range, scratch)?;
    previous.count(false);
    Some((PageSearch::Fresh(docs, digest), main))
}

/// The URL a page's documents are known by (`ja/faq/`, encoded) from its output path
/// (`ja/faq/index.html`); `None` for a file that is not a page.
fn page_url(path: &str) -> Option<String> {
    Some(crate::urls::encode_path(path.strip_suffix("index.html")?))
}

/// A rendered page's search documents (`None` when search is off or it is not a page).
/// `scratch` is space a rendering worker's pages share.
pub fn page_search_docs(
    config: &Config,
    lang: usize,
    page: &OutputFile,
    scratch: &mut Scratch,
) -> Option<PageDocs> {
    if !config.search.enabled {
        return None;
    }
    cut_page(config, lang, page, None, scratch)
}

/// [`page_search_docs`] with the page's [`main_range`] when it was found already.
fn cut_page(
    config: &Config,
    lang: usize,
    page: &OutputFile,
    main: Option<(usize, usize)>,
    scratch: &mut Scratch,
) -> Option<PageDocs> {
    let url = page.path.strip_suffix("index.html")?;
    let html = simdutf8::basic::from_utf8(&page.bytes).ok()?;
    let (start, end) = main.unwrap_or_else(|| main_range(html.as_bytes()));
    let mut builder = docs::PageBuilder::new(&config.search.synonyms, std::mem::take(scratch));
    sections::scan_main(html.get(start..end)?, &mut builder);
    let (docs, used) = builder.finish(lang, crate::urls::encode_path(url));
    *scratch = used;
    Some(docs)
}

/// A page's search documents as the render stage hands them to the index.
#[derive(Debug, Clone)]
pub enum PageSearch {
    /// Cut from the page rendered now, and what from ([`SourceDigest`]; `None` in the
    /// dev server, which keeps no record).
    Fresh(PageDocs, Option<SourceDigest>),
    /// A page `build` took from its record, at output `path`: its documents are in the
    /// record's documents file ([`stored`]).
    Stored { lang: usize, path: String },
}

impl PageSearch {
    /// The page's language.
    pub fn lang(&self) -> usize {
        match self {
            PageSearch::Fresh(docs, _) => docs.lang,
            PageSearch::Stored { lang, .. } => *lang,
        }
    }
}

/// What [`build_search_index`] needs from the render stage.
pub struct SearchInput<'a> {
    pub config: &'a Config,
    /// Every page's documents, in output order.
    pub pages: Vec<PageSearch>,
    /// One Tera per language (with `t()` and `pages()`) and its site context.
    pub tera: &'a [tera::Tera],
    pub site_contexts: &'a [tera::Context],
    /// Whether content already has a page at `<lang>/search/` (it is kept).
    pub taken: &'a dyn Fn(usize) -> bool,
    /// A template error as a diagnostic at its template's line and column.
    pub describe: &'a dyn Fn(&tera::Error) -> Diagnostic,
    /// `build`'s record, when it keeps one.
    pub record: Option<IndexRecord<'a>>,
    /// The indexes made while the pages rendered ([`IndexStream::finish`]), by language
    /// (empty: none); such a language has no page in `pages`.
    pub streamed: Vec<Option<Streamed>>,
}

/// `build`'s record of the index ([`stored`]), as [`build_search_index`] uses it.
pub struct IndexRecord<'a> {
    /// The previous build's index per language, and whether its files are still as it
    /// left them.
    pub previous: Vec<Option<(StoredIndex, bool)>>,
    /// Whether the record lends pages (the page lists may then be kept).
    pub lends: bool,
    /// Receives each index file kept as the previous build left it.
    pub keep: KeptSink<'a>,
    /// This build's, per language (`None`: not recorded).
    pub next: &'a mut Vec<Option<StoredIndex>>,
}

/// A language and its page list's URL, for the list page's language switcher.
#[derive(Serialize)]
struct ListTranslation<'a> {
    code: &'a str,
    name: &'a str,
    url: String,
    current: bool,
}

/// How many languages' indexes [`build_search_index`] made (the others were kept as the
/// previous build left them), and how many of those it patched in place ([`patch`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IndexesMade {
    pub made: usize,
    pub patched: usize,
}

/// What became of one language's index.
#[derive(PartialEq)]
enum Made {
    Kept,
    Patched,
    Remade,
}

/// The index files of every language and the page lists, and how many indexes were made.
pub fn build_search_index(
    mut input: SearchInput,
) -> Result<(Vec<OutputFile>, IndexesMade), Vec<Diagnostic>> {
    let config = input.config;
    if !config.search.enabled {
        return Ok((Vec::new(), IndexesMade::default()));
    }
    let _span = crate::timings::span("search index");
    let mut by_lang: Vec<Vec<PageSearch>> = config.languages.iter().map(|_| Vec::new()).collect();
    for page in std::mem::take(&mut input.pages) {
        by_lang[page.lang()].push(page);
    }
    let record = input.record.as_ref();
    let mut streamed = std::mem::take(&mut input.streamed);
    streamed.resize_with(by_lang.len(), || None);
    // Languages side by side: each index is independent of the others.
    let made: Vec<(Vec<OutputFile>, Option<StoredIndex>, Made)> = by_lang
        .into_par_iter()
        .zip(streamed)
        .enumerate()
        .map(|(lang, (pages, streamed))| match streamed {
            Some(streamed) => streamed_index(config, lang, streamed, record),
            None => language_index(config, lang, pages, record),
        })
        .collect();
    let mut files = Vec::new();
    let mut count = IndexesMade::default();
    let mut next = Vec::with_capacity(made.len());
    for (index, stored, made) in made {
        files.extend(index);
        next.push(stored);
        count.made += usize::from(made != Made::Kept);
        count.patched += usize::from(made == Made::Patched);
    }
    files.extend(list_pages(&input, &mut next)?);
    if let Some(record) = input.record {
        *record.next = next;
    }
    Ok((files, count))
}

/// The page lists of [`build_search_index`]. A language's list is read back from the
/// output instead of rendered when `build`'s record lends its pages (then what the list
/// shows is as the previous build had it: the templates, UI strings, site.toml and
/// every page's front matter are in the record's key) and the record names it as the
/// previous build left it. It is handed on as a rendered page would be, so that the
/// link check reads it.
fn list_pages(
    input: &SearchInput,
    next: &mut [Option<StoredIndex>],
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let config = input.config;
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for lang in 0..config.languages.len() {
        if (input.taken)(lang) {
            continue;
        }
        let path = list_path(config, lang);
        let previous = input
            .record
            .as_ref()
            .filter(|r| r.lends)
            .and_then(|r| r.previous.get(lang))
            .and_then(Option::as_ref);
        let kept = previous
            .filter(|(index, intact)| *intact && index.files.iter().any(|(p, _)| *p == path))
            .and_then(|_| std::fs::read(config.output_dir.join(&path)).ok());
        let file = match kept {
            Some(bytes) => OutputFile {
                path: path.clone(),
                bytes: bytes.into(),
            },
            None => match list_page(input, lang) {
                Ok(Some(file)) => file,
                Ok(None) => continue,
                Err(d) => {
                    problems.push(d);
                    continue;
                }
            },
        };
        files.push(file);
        if let Some(Some(stored)) = next.get_mut(lang) {
            if !stored.files.iter().any(|(p, _)| *p == path) {
                stored.files.push((path, None));
            }
        }
    }
    if problems.is_empty() {
        Ok(files)
    } else {
        Err(problems)
    }
}

/// One language's index files (none when they are kept), its record, and what was done.
fn language_index(
    config: &Config,
    lang: usize,
    pages: Vec<PageSearch>,
    record: Option<&IndexRecord>,
) -> (Vec<OutputFile>, Option<StoredIndex>, Made) {
    let code = &config.languages[lang].code;
    let previous = record
        .and_then(|r| r.previous.get(lang))
        .and_then(Option::as_ref);
    let docs_path = || {
        previous
            .filter(|(index, _)| index.docs.is_some())
            .and_then(|_| stored::docs_path(config, code))
    };
    let all_stored = pages.iter().all(|p| matches!(p, PageSearch::Stored { .. }));
    // The old documents file's heads only: a patch reads few of its pages.
    let heads = match all_stored {
        true => None,
        false => docs_path().and_then(|path| stored::DocsHeads::open(&path)),
    };
    // A page rendered again whose documents are the ones its last build gave (its text
    // changed, but not in another language, or not in a way search sees) changes nothing.
    let unchanged = all_stored
        || heads.as_ref().is_some_and(|old| {
            pages.iter().all(|page| match page {
                PageSearch::Stored { .. } => true,
                PageSearch::Fresh(docs, _) => old.page(&docs.url, lang).is_some_and(|d| d == *docs),
            })
        });
    let page_sources = sources::next_sources(&pages, previous);
    // The page list the record names is not kept here but handed on ([`list_pages`]).
    let list = list_path(config, lang);
    if let (Some(record), Some((index, true)), true) = (record, previous, unchanged) {
        for (path, stamp) in index.files.iter().filter(|(p, _)| *p != list) {
            let len = stamp.map_or(0, |s| s.size());
            (record.keep)(KeptFile {
                path: path.clone(),
                len,
                scan: None,
            });
        }
        let kept = recorded(index.clone(), code, page_sources);
        return (Vec::new(), Some(kept), Made::Kept);
    }
    if let (Some(record), Some((index, true)), Some(old)) = (record, previous, heads.as_ref()) {
        let input = patch::PatchInput {
            config,
            lang,
            pages: &pages,
            old,
            index,
        };
        if let Some(patched) = patch::patch_index(input) {
            for (path, len) in patched.kept.into_iter().filter(|(p, _)| *p != list) {
                (record.keep)(KeptFile {
                    path,
                    len,
                    scan: None,
                });
            }
            let stored = recorded(patched.stored, code, page_sources);
            return (patched.files, Some(stored), Made::Patched);
        }
    }
    drop(heads);
    let old = docs_path().and_then(|path| stored::DocsFile::read(&path));
    let mut scratch = Scratch::default();
    // Each page's documents, and their bytes when they come from the old file (the new
    // file copies them).
    let docs: Vec<(PageDocs, Option<&[u8]>)> = pages
        .into_iter()
        .filter_map(|page| match page {
            PageSearch::Fresh(docs, _) => Some((docs, None)),
            PageSearch::Stored { lang, path } => {
                let url = page_url(&path)?;
                match old.as_ref().and_then(|old| old.page(&url, lang)) {
                    Some((docs, bytes)) => Some((docs, Some(bytes))),
                    None => read_back(config, lang, &path, &mut scratch).map(|d| (d, None)),
                }
            }
        })
        .collect();
    // The record's documents file first: the index then takes each page's postings,
    // and the old file's bytes are no longer needed.
    let pending = record.and_then(|_| record_docs(config, code, &docs));
    let mut docs: Vec<PageDocs> = docs.into_iter().map(|(d, _)| d).collect();
    drop(old);
    let files: Vec<OutputFile> = index::language_files_taking(&mut docs)
        .into_iter()
        .map(|(name, bytes)| OutputFile {
            path: format!("search/{code}/{name}"),
            bytes: bytes.into(),
        })
        .collect();
    let stored = pending.map(|pending| {
        let paths = files.iter().map(|f| f.path.clone()).collect();
        recorded(StoredIndex::new(paths, pending), code, page_sources)
    });
    (files, stored, Made::Remade)
}

/// A language's index made while its pages rendered ([`stream`]): its files still to
/// write and its record (when `build` keeps one and the documents file was written or
/// kept).
fn streamed_index(
    config: &Config,
    lang: usize,
    streamed: Streamed,
    record: Option<&IndexRecord>,
) -> (Vec<OutputFile>, Option<StoredIndex>, Made) {
    let Streamed {
        files,
        paths,
        docs,
        sources,
    } = streamed;
    let previous = record
        .and_then(|r| r.previous.get(lang))
        .and_then(Option::as_ref);
    let stored = match docs.filter(|_| record.is_some()) {
        Some(StreamedDocs::New(path)) => Some(StoredIndex::new(paths, path)),
        Some(StreamedDocs::Kept) => {
            previous.map(|(old, _)| StoredIndex::with_docs(paths, old.docs))
        }
        None => None,
    };
    let code = &config.languages[lang].code;
    let stored = stored.map(|index| recorded(index, code, sources));
    (files, stored, Made::Remade)
}

/// `index` as this build records it: for language `code`, with its pages' `sources`.
fn recorded(
    mut index: StoredIndex,
    code: &str,
    sources: HashMap<String, SourceDigest>,
) -> StoredIndex {
    index.code = code.to_string();
    index.sources = sources;
    index
}

/// Writes this build's documents file of language `code` beside the old one: its path.
fn record_docs(
    config: &Config,
    code: &str,
    docs: &[(PageDocs, Option<&[u8]>)],
) -> Option<std::path::PathBuf> {
    let path = stored::docs_path(config, &format!("{code}.new"))?;
    let mut writer = stored::DocsWriter::create(&path)?;
    for (page, bytes) in docs {
        match bytes {
            Some(bytes) => writer.encoded(&page.url, bytes)?,
            None => writer.page(&page.url, page)?,
        }
    }
    writer.finish()?;
    Some(path)
}

/// The search documents of a page taken from `build`'s record whose documents the
/// record lacks: read back from the output file (its stamp was checked).
pub(super) fn read_back(
    config: &Config,
    lang: usize,
    path: &str,
    scratch: &mut Scratch,
) -> Option<PageDocs> {
    let bytes = std::fs::read(config.output_dir.join(path)).ok()?;
    let file = OutputFile {
        path: path.to_string(),
        bytes: bytes.into(),
    };
    page_search_docs(config, lang, &file, scratch)
}

/// The index files of every language (`codes`, in the configuration's order) from
/// every page's documents. The dev server makes them after it served the pages
/// ([`crate::render::SearchLater`]).
pub fn search_index_files(codes: &[&str], pages: &[&PageDocs]) -> Vec<OutputFile> {
    let _span = crate::timings::span("search index");
    // Languages side by side: each index is independent of the others.
    let indexes: Vec<Vec<(String, Vec<u8>)>> = (0..codes.len())
        .into_par_iter()
        .map(|lang| {
            let pages: Vec<&PageDocs> = pages.iter().copied().filter(|p| p.lang == lang).collect();
            index::language_files(&pages)
        })
        .collect();
    let mut files = Vec::new();
    for (code, index) in codes.iter().zip(indexes) {
        for (name, bytes) in index {
            files.push(OutputFile {
                path: format!("search/{code}/{name}"),
                bytes: bytes.into(),
            });
        }
    }
    files
}

/// Each language's page listing every page (none where content has its own), the part
/// of [`build_search_index`] pages link to.
pub fn search_list_pages(input: &SearchInput) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    if !input.config.search.enabled {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for lang in 0..input.config.languages.len() {
        if (input.taken)(lang) {
            continue;
        }
        match list_page(input, lang) {
            Ok(Some(file)) => files.push(file),
            Ok(None) => {}
            Err(d) => problems.push(d),
        }
    }
    if problems.is_empty() {
        Ok(files)
    } else {
        Err(problems)
    }
}

/// The page list's output path.
fn list_path(config: &Config, lang: usize) -> String {
    format!("{}/search/index.html", config.languages[lang].code)
}

fn list_url(config: &Config, lang: usize) -> String {
    let code = &config.languages[lang].code;
    crate::urls::encode_path(&format!("{}{code}/search/", config.base_path))
}

/// `<lang>/search/index.html` from the theme's `search.html` (none if the theme has none).
fn list_page(input: &SearchInput, lang: usize) -> Result<Option<OutputFile>, Diagnostic> {
    let tera = &input.tera[lang];
    if !tera.get_template_names().any(|name| name == LIST_TEMPLATE) {
        return Ok(None);
    }
    let config = input.config;
    let translations: Vec<ListTranslation> = config
        .languages
        .iter()
        .enumerate()
        .map(|(i, l)| ListTranslation {
            code: &l.code,
            name: &l.name,
            url: list_url(config, i),
            current: i == lang,
        })
        .collect();
    let mut context = input.site_contexts[lang].clone();
    context.insert(
        "page",
        &serde_json::json!({ "url": list_url(config, lang), "translations": translations }),
    );
    let path = list_path(config, lang);
    match tera.render(LIST_TEMPLATE, &context) {
        Ok(html) => Ok(Some(OutputFile {
            path,
            bytes: html.into(),
        })),
        Err(e) => Err((input.describe)(&e)),
    }
}
