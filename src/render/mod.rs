//! Stage 4, render: turns loaded pages into output files in memory ([`render_site`]).
//!
//! 1. Load the theme's templates once ([`load_site_theme`], in [`templates`]), while the
//!    content loads.
//! 2. Plan one output page per (language, path), using a fallback page where a
//!    translation is missing, and group them by path ([`plan`]); give each language its
//!    own Tera and `site` context ([`language`], so `t()` knows it).
//! 3. In parallel, path by path ([`groups`]): render the Markdown of that path's pages
//!    ([`crate::markdown::render_markdown`]), then its output pages' templates ([`page`]),
//!    then compare each page with its translations.
//! 4. Add the language chooser, 404 page, sitemap, robots.txt, theme and content files
//!    ([`extras`]), and a page at each old address in front matter `aliases`
//!    ([`aliases::plan_aliases`] decides every alias's output path against all the others
//!    before anything renders), then the search index ([`crate::search`]).
//!
//! Nothing is written here: [`RenderedSite`] is plain data for `output`, `check` and `serve`.

mod aliases;
mod assets;
mod bodies;
mod cache;
mod context;
mod css_min;
mod extras;
mod functions;
mod groups;
mod guides;
mod images;
mod language;
mod owners;
mod page;
mod param_use;
mod plan;
mod qr;
mod site_static;
mod stored;
mod templates;
pub mod theme_guard;

pub use aliases::AliasReport;
pub use bodies::BodyFile;
pub use cache::RenderCache;
pub use context::{
    Alternate, AnnouncementContext, DateContext, Fallback, GuideRef, LanguageRef, MenuEntry,
    MenuPage, PageContext, SiteContext, StepRef,
};
pub use qr::qr_svg;
pub use stored::{
    digest, file_digest, Digest, FileStamp, KeptFile, KeptSink, PageRecord, StoredGroups,
    StoredTarget,
};
pub use templates::{load_site_theme, LoadedTheme};

use std::sync::Arc;

use rayon::prelude::*;

use groups::{render_groups, GroupDone, GroupWork, StoredWork};
use language::{language_tera, page_dir, page_key, page_url, permalink, site_context};
use page::PageRenderer;
use plan::{fallback_source, group_by_path, plan_slots, PathGroup, Slot};

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::i18n::Translations;
use crate::load::Site;
use crate::markdown::{Anchor, LinkRecord, Structure};
use crate::urls::page_output;

/// One file of the built site.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Relative to the output directory, `/`-separated.
    pub path: String,
    /// Shared, never copied: the dev server's builds hand the same bytes on from one
    /// build to the next (made from a `Vec<u8>` or `String` without a copy, too).
    pub bytes: bytes::Bytes,
}

/// What `check` needs to know about one output page.
#[derive(Debug, Clone)]
pub struct PageReport {
    pub lang: usize,
    pub rel_path: String,
    /// The Markdown file the content came from, as shown in messages.
    pub source: String,
    /// Site-relative URL path, e.g. `ja/faq/`.
    pub url_path: String,
    pub anchors: Vec<Anchor>,
    pub hidden_ids: Vec<String>,
    pub links: Vec<LinkRecord>,
    pub structure: Structure,
    /// The content is another language's (no translation exists).
    pub fallback: bool,
    /// The newer of the page's `updated` and `reviewed` dates, where it is written.
    pub newest_date: Option<NewestDate>,
}

/// The newer of a page's front-matter dates: the date, its key and its (line, column).
#[derive(Debug, Clone, Copy)]
pub struct NewestDate {
    pub date: crate::dates::Date,
    /// `updated` or `reviewed`.
    pub key: &'static str,
    pub at: (usize, usize),
}

/// The whole site in memory.
#[derive(Debug, Default)]
pub struct RenderedSite {
    pub files: Vec<OutputFile>,
    /// Shared with the dev server's render cache, which keeps them between builds.
    pub pages: Vec<Arc<PageReport>>,
    pub diagnostics: Vec<Diagnostic>,
    /// The pages at old addresses (front matter `aliases`), whose files are in `files`.
    pub aliases: Vec<AliasReport>,
    /// Output paths of pages that exist but failed to load (already reported): a link
    /// to one is not broken, it only waits for the page to be fixed.
    pub unloaded: Vec<String>,
    /// How many content paths there are and how many were rendered (the others were
    /// taken from a cache).
    pub paths: PathCounts,
    /// The search index files, still to be made, when the cache asked for them later
    /// ([`RenderCache::search_later`]); they are not in `files` then.
    pub search_later: Option<SearchLater>,
}

/// The search index files of a build, made after its pages were served (the dev
/// server: a save's page must not wait for the whole index).
pub struct SearchLater {
    codes: Vec<String>,
    /// Every path group's result, with its pages' search documents.
    groups: Vec<Arc<GroupDone>>,
}

impl SearchLater {
    /// The index files, as a build that made them at once has them.
    pub fn files(&self) -> Vec<OutputFile> {
        let codes: Vec<&str> = self.codes.iter().map(String::as_str).collect();
        let mut docs: Vec<(usize, &crate::search::PageDocs)> = self
            .groups
            .iter()
            .flat_map(|g| &g.search)
            .filter_map(|(index, page)| match page {
                crate::search::PageSearch::Fresh(docs, _) => Some((*index, docs)),
                // The dev server takes no page from `build`'s record.
                crate::search::PageSearch::Stored { .. } => None,
            })
            .collect();
        docs.sort_by_key(|(index, _)| *index);
        let pages: Vec<&crate::search::PageDocs> = docs.into_iter().map(|(_, d)| d).collect();
        crate::search::search_index_files(&codes, &pages)
    }
}

impl std::fmt::Debug for SearchLater {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchLater")
            .field("codes", &self.codes)
            .field("groups", &self.groups.len())
            .finish()
    }
}

/// Content paths in all, and rendered by this build.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PathCounts {
    pub all: usize,
    pub rendered: usize,
    /// Source pages whose Markdown was taken from `build`'s bodies ([`BodyFile`]).
    pub bodies_taken: usize,
    /// Languages whose search index was made (the others' were kept as `build`'s
    /// record says the previous build left them).
    pub search_indexes: usize,
    /// Of those, the languages whose index was patched in place ([`crate::search::patch`]).
    pub search_patched: usize,
    /// Pages rendered now whose search documents were taken from `build`'s record
    /// ([`crate::search::PreviousSources`]), and pages whose documents were cut from
    /// their HTML.
    pub search_docs_taken: usize,
    pub search_docs_cut: usize,
}

/// Receives each page as soon as it is rendered (from any thread) and returns it to keep
/// it in [`RenderedSite::files`], or `None` once it has taken care of it (`build` writes
/// pages straight to the staging directory, so a large site is never whole in memory).
/// With the page comes the digest of its `<main>` when the search index took it (see
/// [`file_digest`]).
pub type PageSink<'a> = &'a (dyn Fn(OutputFile, Option<&Digest>) -> Option<OutputFile> + Sync);

/// Where [`render_site`] puts the pages it renders.
pub struct RenderTarget<'a> {
    /// Receives each page as it is rendered.
    pub sink: PageSink<'a>,
    /// With a cache, only the content paths whose input changed since the build it
    /// remembers are rendered again; the result is the same (the dev server's rebuild).
    pub cache: Option<&'a mut RenderCache>,
    /// `build`'s record of the previous build ([`StoredGroups`]): a content path it still
    /// describes is taken from it instead of rendered; it is replaced by this build's.
    pub stored: Option<StoredTarget<'a>>,
}

/// What every page of a build shares, made before any page renders: the plan of output
/// pages and aliases, each language's outline, `site` context and Tera (with its
/// `pages()` list), the labels, the path groups; and, once made, the files beside the
/// pages. The dev server's [`RenderCache`] keeps it while everything it is made from
/// (the shared key) stays the same, so a save that changes only a page's text does not
/// make it again.
pub(super) struct Prepared {
    slots: Vec<Slot>,
    alias_plan: aliases::AliasPlan,
    alias_diagnostics: Vec<Diagnostic>,
    outlines: Vec<guides::LanguageOutline>,
    site_contexts: Vec<tera::Context>,
    tera_by_lang: Vec<tera::Tera>,
    labels: Vec<crate::markdown::Labels>,
    groups: Vec<PathGroup>,
    /// The UI strings the Teras' `t()` reads (and records missing keys in).
    translations: Arc<Translations>,
    /// The day the `site` contexts were made for (an announcement has an end date).
    pub(super) today: crate::dates::Date,
    /// The files beside the pages and the alias pages, once rendered.
    extras: std::sync::OnceLock<ExtrasDone>,
}

/// The files [`extras`] and the alias plan render.
#[derive(Clone)]
struct ExtrasDone {
    files: Result<Vec<OutputFile>, Vec<Diagnostic>>,
    aliases: (Vec<OutputFile>, Vec<AliasReport>),
}

/// Makes what every page shares ([`Prepared`]); a site whose pages claim the same
/// output path gets the problems instead.
fn prepare(
    config: &Config,
    site: &Site,
    theme: &templates::Theme,
    translations: Arc<Translations>,
    static_files: &[extras::StaticFile],
) -> Result<Prepared, Vec<Diagnostic>> {
    let owned: Vec<(String, String)> = static_files
        .iter()
        .map(|f| (f.path.clone(), f.shown.clone()))
        .collect();
    let (slots, owner_problems) =
        owners::claim_outputs(config, site, plan_slots(config, site), &owned);
    if !owner_problems.is_empty() {
        return Err(owner_problems);
    }
    let static_paths: Vec<String> = static_files.iter().map(|f| f.path.clone()).collect();
    let (alias_plan, alias_diagnostics) =
        aliases::plan_aliases(config, site, &slots, &static_paths);
    let outlines: Vec<guides::LanguageOutline> = (0..config.languages.len())
        .map(|lang| guides::language_outline(config, site, lang))
        .collect();
    let today = crate::dates::today();
    let site_contexts = language::site_contexts(config, &outlines);
    // One Tera per language, each with its own `pages()` list: built side by side.
    let tera_by_lang: Vec<tera::Tera> = (0..config.languages.len())
        .into_par_iter()
        .map(|lang| {
            language_tera(
                theme,
                config,
                site,
                &slots,
                &translations,
                lang,
                &site_contexts[lang],
            )
        })
        .collect();
    let labels = (0..config.languages.len())
        .map(|lang| {
            images::with_image_notes(translations.labels(lang), config, &translations, lang)
        })
        .collect();
    let groups = group_by_path(site, &slots);
    Ok(Prepared {
        slots,
        alias_plan,
        alias_diagnostics,
        outlines,
        site_contexts,
        tera_by_lang,
        labels,
        groups,
        translations,
        today,
        extras: std::sync::OnceLock::new(),
    })
}

/// Renders the site with a theme loaded by [`load_site_theme`]. Problems are returned as
/// diagnostics; files are produced for every page that rendered.
pub fn render_site(
    config: &Config,
    site: &Site,
    translations: Arc<Translations>,
    theme: LoadedTheme,
    target: RenderTarget,
) -> RenderedSite {
    let RenderTarget {
        sink,
        mut cache,
        stored,
    } = target;
    let mut theme = match theme.0 {
        Ok(theme) => theme,
        Err(diagnostics) => {
            return RenderedSite {
                diagnostics,
                ..RenderedSite::default()
            }
        }
    };
    let span = crate::timings::span("plan");
    let (static_files, static_problems) = site_static::static_files(config);
    theme.tera.register_function(
        "asset_url",
        assets::AssetUrl::new(&config.base_path, config.fence(), &static_files),
    );
    let key = (cache.is_some() || stored.is_some()).then(|| {
        let _span = crate::timings::span("shared key");
        cache::shared_key(config, site, &theme, &static_files)
    });
    // `build`'s record is keyed by a digest of the same shared key.
    let digest = match (&stored, &key) {
        (Some(_), Some(key)) => key.digest(site),
        _ => Default::default(),
    };
    // And, when that record cannot lend pages (so every page renders), its Markdown
    // bodies by the same key without the templates.
    let markdown_digest = match (&stored, &key) {
        (Some(target), Some(key)) if target.bodies.is_some() && !target.groups.lends(&digest) => {
            Some(key.markdown_digest(site))
        }
        _ => None,
    };
    let kept = match (cache.as_deref(), &key) {
        (Some(cache), Some(key)) => cache.prepared_for(key),
        _ => None,
    };
    let prepared = match kept {
        Some(prepared) => prepared,
        None => match prepare(config, site, &theme, translations, &static_files) {
            Ok(prepared) => Arc::new(prepared),
            Err(diagnostics) => {
                return RenderedSite {
                    diagnostics,
                    ..RenderedSite::default()
                }
            }
        },
    };
    if let (Some(cache), Some(key)) = (cache.as_deref_mut(), key) {
        cache.begin(key, &prepared);
    }
    let Prepared {
        slots,
        alias_plan,
        outlines,
        site_contexts,
        tera_by_lang,
        labels,
        groups,
        translations,
        ..
    } = &*prepared;
    let image_catalog = images::ImageCatalog::new(config, site);
    let (stored_keep, mut stored_next, mut previous, body_file) = match stored {
        Some(target) => {
            let previous = std::mem::take(target.groups);
            (
                Some(target.keep),
                Some(target.groups),
                previous,
                target.bodies,
            )
        }
        None => (None, None, StoredGroups::default(), None),
    };
    let previous_clean = previous.is_clean();
    let lends = previous.lends(&digest);
    let next_record = previous.begin(digest);
    // The index's part stays even when no page can be lent: a page rendered again whose
    // `<main>` is as it was takes its search documents from it.
    let search_previous = previous.take_search(config);
    let search_sources =
        crate::search::PreviousSources::new(config, &search_previous, stored_keep.is_some());
    // A language with no index of the previous build to keep or patch has its index
    // made as its pages render (not in the dev server, whose cache keeps each group's
    // documents).
    let search_stream = if cache.is_some() {
        None
    } else {
        crate::search::IndexStream::new(config, sink, &search_previous, stored_keep.is_some())
    };
    // A record that cannot lend a page is of no further use: its memory goes now (not at
    // the end of this function, where a binding left unmoved would go). Such a build
    // renders every page, and takes their Markdown from the bodies file when it can.
    let previous = if lends {
        previous
    } else {
        drop(previous);
        StoredGroups::default()
    };
    let bodies = match (body_file, markdown_digest) {
        (Some(file), Some(key)) => file.begin(&key),
        _ => None,
    };
    drop(span);
    let span = crate::timings::span("render pages");
    let param_use = param_use::ParamUse::new(config, site, &theme);
    let renderer = PageRenderer {
        config,
        site,
        theme: &theme,
        outlines,
        tera: tera_by_lang,
        site_contexts,
        param_use: &param_use,
        images: &image_catalog,
    };
    let extras = extras::Extras {
        config,
        site,
        theme: &theme,
        tera: tera_by_lang,
        slots,
        static_files: &static_files,
    };
    // The files beside the pages need no page's result: one worker makes them while
    // the rest renders.
    let (done, extra_files) = rayon::join(
        || {
            let work = GroupWork {
                renderer: &renderer,
                groups,
                slots,
                labels,
                sink,
                bodies,
                search_sources: &search_sources,
                search_stream: search_stream.as_ref(),
            };
            let stored = match (stored_keep, stored_next.as_deref_mut()) {
                (Some(keep), Some(next)) => {
                    *next = next_record;
                    Some(StoredWork {
                        lookup: stored::Lookup {
                            config,
                            site,
                            slots,
                        },
                        lends,
                        previous,
                        next,
                        keep,
                    })
                }
                _ => None,
            };
            render_groups(&work, cache.as_deref_mut(), stored)
        },
        || {
            let _span = crate::timings::span("extra files");
            match prepared.extras.get() {
                Some(done) => done.clone(),
                None => {
                    let done = ExtrasDone {
                        files: extras.files(),
                        aliases: alias_plan.render(config, site, translations),
                    };
                    // Kept only when the files could all be read: a read that failed
                    // may work at the next save.
                    if done.files.is_ok() {
                        let _ = prepared.extras.set(done.clone());
                    }
                    done
                }
            }
        },
    );
    let (done, rendered_paths) = done;
    let ExtrasDone {
        files: extra_files,
        aliases: (alias_files, alias_reports),
    } = extra_files;
    let mut alias_diagnostics = prepared.alias_diagnostics.clone();
    alias_diagnostics.extend(static_problems);
    drop(span);
    let span = crate::timings::span("collect results");
    let (search_docs_taken, search_docs_cut) = search_sources.counts();
    let mut out = RenderedSite {
        paths: PathCounts {
            all: groups.len(),
            rendered: rendered_paths,
            bodies_taken: bodies.map_or(0, |b| b.taken()),
            search_indexes: 0,
            search_patched: 0,
            search_docs_taken,
            search_docs_cut,
        },
        diagnostics: alias_diagnostics,
        aliases: alias_reports,
        ..RenderedSite::default()
    };
    let mut files = Vec::with_capacity(slots.len());
    let mut reports = Vec::with_capacity(slots.len());
    let mut search = Vec::new();
    let later = config.search.enabled && cache.as_deref().is_some_and(|c| c.search_later);
    // Made later from the groups themselves: their search documents are not copied.
    let later_groups = later.then(|| done.clone());
    for group in done {
        // Taken whole from a fresh build; copied (cheaply: shared bytes and reports) from
        // a group the cache keeps, its search documents only when they are used now.
        let group = Arc::try_unwrap(group).unwrap_or_else(|shared| GroupDone {
            files: shared.files.clone(),
            reports: shared.reports.clone(),
            diagnostics: shared.diagnostics.clone(),
            search: if later {
                Vec::new()
            } else {
                shared.search.clone()
            },
        });
        out.diagnostics.extend(group.diagnostics);
        files.extend(group.files);
        reports.extend(group.reports);
        search.extend(group.search);
    }
    search.sort_by_key(|(index, _)| *index);
    let search: Vec<_> = search.into_iter().map(|(_, docs)| docs).collect();
    let streamed = search_stream.map_or_else(Vec::new, crate::search::IndexStream::finish);
    let record = match (stored_keep, stored_next.as_deref_mut()) {
        (Some(keep), Some(next)) => Some(crate::search::IndexRecord {
            previous: search_previous,
            lends,
            keep,
            next: next.search_mut(),
        }),
        _ => None,
    };
    let input = crate::search::SearchInput {
        config,
        pages: search,
        tera: tera_by_lang,
        site_contexts,
        taken: &|lang| {
            ["search.md", "search/index.md"]
                .iter()
                .any(|path| site.page_index(lang, path).is_some())
        },
        describe: &|e| theme.diagnostic(e),
        record,
        streamed,
    };
    let search_files = if later {
        crate::search::search_list_pages(&input)
    } else {
        crate::search::build_search_index(input).map(|(files, made)| {
            out.paths.search_indexes = made.made;
            out.paths.search_patched = made.patched;
            files
        })
    };
    if out.paths.search_indexes > 0 {
        if let Some(next) = stored_next.as_deref_mut() {
            next.changed();
        }
    }
    if let Some(groups) = later_groups {
        out.search_later = Some(SearchLater {
            codes: config.languages.iter().map(|l| l.code.clone()).collect(),
            groups,
        });
    }
    files.sort_by_key(|(index, _)| *index);
    reports.sort_by_key(|(index, _)| *index);
    for (_, result) in files {
        match result {
            Ok(Some(file)) => out.files.push(file),
            Ok(None) => {}
            Err(d) => out.diagnostics.push(d),
        }
    }
    out.pages = reports.into_iter().map(|(_, report)| report).collect();
    drop(span);
    for extra in [extra_files, search_files] {
        match extra {
            Ok(files) => out.files.extend(files),
            Err(d) => out.diagnostics.extend(d),
        }
    }
    out.files.extend(alias_files);
    out.unloaded = site
        .failed
        .iter()
        .map(|(lang, rel_path)| page_output(&config.languages[*lang].code, rel_path))
        .collect();
    let missing_strings = translations.missing_key_diagnostics();
    drop(prepared);
    if let Some(cache) = cache {
        cache.end(missing_strings.is_empty());
    }
    if let Some(next) = stored_next {
        next.end(missing_strings.is_empty(), previous_clean);
    }
    out.diagnostics.extend(missing_strings);
    crate::parity::check_snippets(config, &site.snippets, &mut out.diagnostics);
    out
}
