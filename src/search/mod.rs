//! Search: a per-language index of the built site, cut by the same rules as the query.
//!
//! 1. While pages render, [`page_search_docs`] cuts each page's HTML into documents
//!    (page, heading sections, `::: method` and `::: faq` blocks, steps:
//!    [`sections`]) and tokenizes each one's own text once, as the scanner hands it over
//!    ([`docs`], with the rules of [`tokenize`], which `search.js` repeats), counting
//!    tokens per document in one table per page ([`count`]) and adding `[search]
//!    synonyms` ([`synonyms`]).
//! 2. After rendering, [`build_search_index`] writes each language's index below
//!    `search/<lang>/` ([`index`]) and a page listing every page of the language at
//!    `<lang>/search/` (the theme's `search.html`), which the header links to when
//!    JavaScript is off.
//!
//! `[search] enabled = false` in site.toml turns all of it off.

pub mod count;
pub mod docs;
pub mod index;
pub mod sections;
pub mod synonyms;
pub mod tokenize;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

pub use docs::{PageDocs, Scratch};

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::render::OutputFile;

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
    let url = page.path.strip_suffix("index.html")?;
    let html = simdutf8::basic::from_utf8(&page.bytes).ok()?;
    let mut builder = docs::PageBuilder::new(&config.search.synonyms, std::mem::take(scratch));
    sections::scan_page(html, &mut builder);
    let (docs, used) = builder.finish(lang, crate::urls::encode_path(url));
    *scratch = used;
    Some(docs)
}

/// What [`build_search_index`] needs from the render stage.
pub struct SearchInput<'a> {
    pub config: &'a Config,
    /// Every page's documents, in output order.
    pub pages: &'a [PageDocs],
    /// One Tera per language (with `t()` and `pages()`) and its site context.
    pub tera: &'a [tera::Tera],
    pub site_contexts: &'a [tera::Context],
    /// Whether content already has a page at `<lang>/search/` (it is kept).
    pub taken: &'a dyn Fn(usize) -> bool,
    /// A template error as a diagnostic at its template's line and column.
    pub describe: &'a dyn Fn(&tera::Error) -> Diagnostic,
}

/// A language and its page list's URL, for the list page's language switcher.
#[derive(Serialize)]
struct ListTranslation<'a> {
    code: &'a str,
    name: &'a str,
    url: String,
    current: bool,
}

/// The index files of every language and the page lists.
pub fn build_search_index(input: &SearchInput) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let config = input.config;
    if !config.search.enabled {
        return Ok(Vec::new());
    }
    let codes: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
    let pages: Vec<&PageDocs> = input.pages.iter().collect();
    let mut files = search_index_files(&codes, &pages);
    files.extend(search_list_pages(input)?);
    Ok(files)
}

/// The index files of every language (`codes`, in the configuration's order) from
/// every page's documents: what [`build_search_index`] adds to the page lists. The dev
/// server makes them after it served the pages ([`crate::render::SearchLater`]).
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
    let path = format!("{}/search/index.html", config.languages[lang].code);
    match tera.render(LIST_TEMPLATE, &context) {
        Ok(html) => Ok(Some(OutputFile {
            path,
            bytes: html.into(),
        })),
        Err(e) => Err((input.describe)(&e)),
    }
}
