//! Stage 4, render: turns loaded pages into output files in memory.
//!
//! 1. Load the theme's templates once ([`templates::load_theme`]).
//! 2. Plan one output page per (language, path), using a fallback page where a
//!    translation is missing.
//! 3. In parallel, path by path: render the Markdown of that path's pages
//!    ([`crate::markdown::render_markdown`]), then its output pages' templates, one Tera
//!    instance per language (so `t()` knows it).
//! 4. Compare each page with its translations.
//! 5. Add the language chooser, 404 page, sitemap, robots.txt, theme and content files,
//!    and a page at each old address in front matter `aliases` ([`aliases::plan_aliases`]
//!    decides every alias's output path against all the others before anything renders).
//!
//! Nothing is written here: [`RenderedSite`] is plain data for `output`, `check` and `serve`.

mod aliases;
mod assets;
mod cache;
mod context;
mod css_min;
mod extras;
mod functions;
mod guides;
mod images;
mod owners;
mod page;
mod param_use;
mod qr;
mod site_static;
mod templates;
pub mod theme_guard;

pub use cache::RenderCache;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use rayon::prelude::*;

use page::PageRenderer;

pub use aliases::AliasReport;
pub use context::{
    Alternate, AnnouncementContext, DateContext, Fallback, GuideRef, LanguageRef, MenuEntry,
    MenuPage, PageContext, SiteContext, StepRef,
};
pub use qr::qr_svg;

use crate::config::{Config, Params};
use crate::diagnostics::Diagnostic;
use crate::i18n::Translations;
use crate::load::{Page, Site};
use crate::markdown::{
    render_markdown, Anchor, Labels, LinkBase, LinkRecord, MarkdownInput, ParamHints, Rendered,
    Structure,
};
use crate::snippets::{expand_includes, ExpandInput};
use crate::urls::{encode_path, page_output, page_path};

/// One file of the built site.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Relative to the output directory, `/`-separated.
    pub path: String,
    pub bytes: Vec<u8>,
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
    pub pages: Vec<PageReport>,
    pub diagnostics: Vec<Diagnostic>,
    /// The pages at old addresses (front matter `aliases`), whose files are in `files`.
    pub aliases: Vec<AliasReport>,
    /// Output paths of pages that exist but failed to load (already reported): a link
    /// to one is not broken, it only waits for the page to be fixed.
    pub unloaded: Vec<String>,
}

/// One output page: language `lang` shows `site.pages[source]`.
struct Slot {
    lang: usize,
    source: usize,
    fallback: bool,
}

/// Receives each page as soon as it is rendered (from any thread) and returns it to keep
/// it in [`RenderedSite::files`], or `None` once it has taken care of it (`build` writes
/// pages straight to the staging directory, so a large site is never whole in memory).
pub type PageSink<'a> = &'a (dyn Fn(OutputFile) -> Option<OutputFile> + Sync);

/// Renders the site. Problems are returned as diagnostics; files are produced for every
/// page that rendered.
pub fn render_site(config: &Config, site: &Site, translations: Arc<Translations>) -> RenderedSite {
    render_site_with(config, site, translations, load_site_theme(config), &Some)
}

/// The theme's templates, loaded (and checked) ahead of rendering, so a build can read
/// them while it reads the content.
pub struct LoadedTheme(Result<templates::Theme, Vec<Diagnostic>>);

/// Loads the templates of the theme named in `config`.
pub fn load_site_theme(config: &Config) -> LoadedTheme {
    let _span = crate::timings::span("load theme");
    let display = format!("themes/{}", config.theme);
    let site_templates = config.root.join(templates::SITE_TEMPLATES_DIR);
    let loaded = templates::load_theme(
        &config.fence(),
        &config.theme_dir(),
        &display,
        &site_templates,
    );
    LoadedTheme(loaded.and_then(|mut theme| {
        let env = theme_guard::EnvAllowlist::new(&config.security.env);
        let theme_dir = format!("{display}/templates");
        let problems = [
            (theme.sources_from_site(false), theme_dir.as_str()),
            (theme.sources_from_site(true), templates::SITE_TEMPLATES_DIR),
        ]
        .iter()
        .flat_map(|(sources, dir)| theme_guard::check_theme(sources, dir, &env))
        .collect::<Vec<_>>();
        if !problems.is_empty() {
            return Err(problems);
        }
        theme.tera.register_function("get_env", env);
        Ok(theme)
    }))
}

/// [`render_site`] with a theme loaded by [`load_site_theme`], handing each page to
/// `sink` as it is rendered.
pub fn render_site_with(
    config: &Config,
    site: &Site,
    translations: Arc<Translations>,
    theme: LoadedTheme,
    sink: PageSink,
) -> RenderedSite {
    render_site_inner(config, site, translations, theme, sink, None)
}

/// [`render_site`] with a theme loaded by [`load_site_theme`], re-rendering only the
/// content paths whose input changed since the build `cache` remembers (the dev server).
pub fn render_site_cached(
    config: &Config,
    site: &Site,
    translations: Arc<Translations>,
    theme: LoadedTheme,
    cache: &mut RenderCache,
) -> RenderedSite {
    render_site_inner(config, site, translations, theme, &Some, Some(cache))
}

fn render_site_inner(
    config: &Config,
    site: &Site,
    translations: Arc<Translations>,
    theme: LoadedTheme,
    sink: PageSink,
    mut cache: Option<&mut RenderCache>,
) -> RenderedSite {
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
    let owned: Vec<(String, String)> = static_files
        .iter()
        .map(|f| (f.path.clone(), f.shown.clone()))
        .collect();
    let (slots, owner_problems) =
        owners::claim_outputs(config, site, plan_slots(config, site), &owned);
    if !owner_problems.is_empty() {
        return RenderedSite {
            diagnostics: owner_problems,
            ..RenderedSite::default()
        };
    }
    let static_paths: Vec<String> = static_files.iter().map(|f| f.path.clone()).collect();
    let (alias_plan, mut alias_diagnostics) =
        aliases::plan_aliases(config, site, &slots, &static_paths);
    alias_diagnostics.extend(static_problems);
    let outlines: Vec<guides::LanguageOutline> = (0..config.languages.len())
        .map(|lang| guides::language_outline(config, site, lang))
        .collect();
    let site_contexts: Vec<tera::Context> = outlines
        .iter()
        .enumerate()
        .map(|(lang, outline)| {
            let mut context = tera::Context::new();
            let site_ctx = site_context(config, lang, &outline.guides, &outline.menu);
            context.insert("site", &site_ctx);
            context
        })
        .collect();
    // One Tera per language, each with its own `pages()` list: built side by side.
    let tera_by_lang: Vec<tera::Tera> = (0..config.languages.len())
        .into_par_iter()
        .map(|lang| {
            let site_context = &site_contexts[lang];
            language_tera(
                &theme,
                config,
                site,
                &slots,
                &translations,
                lang,
                site_context,
            )
        })
        .collect();
    let labels: Vec<_> = (0..config.languages.len())
        .map(|lang| {
            images::with_image_notes(translations.labels(lang), config, &translations, lang)
        })
        .collect();
    let image_catalog = images::ImageCatalog::new(config, site);
    let groups = group_by_path(site, &slots);
    if let Some(cache) = cache.as_deref_mut() {
        // `asset_url()` puts a checksum of each static file into the pages, so a changed
        // file (size or modification time) must re-render them like a template edit.
        let mut static_key = String::new();
        for file in &static_files {
            let stamp = std::fs::symlink_metadata(&file.source)
                .map(|m| format!("{} {:?}", m.len(), m.modified().ok()))
                .unwrap_or_default();
            static_key.push_str(&format!("{}\t{stamp}\n", file.path));
        }
        cache.begin(cache::shared_key(config, site, &theme) + &static_key);
    }
    drop(span);
    let span = crate::timings::span("render pages");
    let param_use = param_use::ParamUse::new(site, &theme, config.languages.len());
    let renderer = PageRenderer {
        config,
        site,
        theme: &theme,
        outlines: &outlines,
        tera: &tera_by_lang,
        site_contexts: &site_contexts,
        param_use: &param_use,
        images: &image_catalog,
    };
    let extras = extras::Extras {
        config,
        site,
        theme: &theme,
        tera: &tera_by_lang,
        slots: &slots,
        static_files: &static_files,
    };
    // The files beside the pages need no page's result: one worker makes them while
    // the rest renders.
    let (done, extra_files) = rayon::join(
        || {
            let work = GroupWork {
                renderer: &renderer,
                groups: &groups,
                slots: &slots,
                labels: &labels,
                sink,
            };
            render_groups(&work, cache.as_deref_mut())
        },
        || {
            let _span = crate::timings::span("extra files");
            (
                extras.files(),
                alias_plan.render(config, site, &translations),
            )
        },
    );
    let (extra_files, (alias_files, alias_reports)) = extra_files;
    drop(span);
    let span = crate::timings::span("collect results");
    let mut out = RenderedSite {
        diagnostics: alias_diagnostics,
        aliases: alias_reports,
        ..RenderedSite::default()
    };
    let mut files = Vec::with_capacity(slots.len());
    let mut reports = Vec::with_capacity(slots.len());
    let mut search = Vec::new();
    for group in done {
        out.diagnostics.extend(group.diagnostics);
        files.extend(group.files);
        reports.extend(group.reports);
        search.extend(group.search);
    }
    search.sort_by_key(|(index, _)| *index);
    let search: Vec<_> = search.into_iter().map(|(_, docs)| docs).collect();
    let search_files = crate::search::build_search_index(&crate::search::SearchInput {
        config,
        pages: &search,
        tera: &tera_by_lang,
        site_contexts: &site_contexts,
        taken: &|lang| {
            ["search.md", "search/index.md"]
                .iter()
                .any(|path| site.page_index(lang, path).is_some())
        },
        describe: &|e| theme.diagnostic(e),
    });
    drop(search);
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
    if let Some(cache) = cache {
        cache.end(missing_strings.is_empty());
    }
    out.diagnostics.extend(missing_strings);
    crate::parity::check_snippets(config, &site.snippets, &mut out.diagnostics);
    out
}

/// The output pages of one content path (`faq.md`) in every language and the pages they
/// show. A group is rendered start to finish on one thread, Markdown then templates, so
/// each body is freed as soon as its pages are out instead of all bodies waiting for the
/// template stage (at 10,000 pages per language they are hundreds of megabytes).
struct PathGroup {
    sources: Vec<usize>,
    slots: Vec<usize>,
}

/// What a group leaves behind: its output files and page reports by slot index, and
/// its diagnostics (its pages' own, then the comparison of its translations).
#[derive(Clone)]
struct GroupDone {
    files: Vec<(usize, PageResult)>,
    reports: Vec<(usize, PageReport)>,
    diagnostics: Vec<Diagnostic>,
    /// Each page's search documents ([`crate::search`]).
    search: Vec<(usize, crate::search::PageDocs)>,
}

/// One output page: written by the sink (`None`), kept, or failed.
type PageResult = Result<Option<OutputFile>, Diagnostic>;

/// What [`render_groups`] renders, and with what.
struct GroupWork<'a> {
    renderer: &'a PageRenderer<'a>,
    groups: &'a [PathGroup],
    slots: &'a [Slot],
    labels: &'a [Labels],
    sink: PageSink<'a>,
}

/// Renders every group in parallel: its pages' Markdown, then its output pages (handed
/// to `sink`), then the comparison of its translations and its page reports. Nothing of
/// a group outlives it but its files, reports and diagnostics. A group `cache` holds
/// with unchanged input is taken from it instead.
fn render_groups(work: &GroupWork, cache: Option<&mut RenderCache>) -> Vec<GroupDone> {
    let site = work.renderer.site;
    let done: Vec<(GroupDone, bool)> = {
        let cache = cache.as_deref();
        work.groups
            .par_iter()
            // Each worker's own copy of the site contexts, instead of a copy per page.
            .map_init(
                || work.renderer.site_contexts.to_vec(),
                |contexts, group| match cache.and_then(|c| c.get(site, group)) {
                    Some(done) => (done, true),
                    None => (render_group(work, group, contexts), false),
                },
            )
            .collect()
    };
    if let Some(cache) = cache {
        for (group, (done, reused)) in work.groups.iter().zip(&done) {
            if *reused {
                cache.reused += 1;
            } else {
                cache.rendered += 1;
                cache.put(site, group, done);
            }
        }
    }
    done.into_iter().map(|(done, _)| done).collect()
}

/// One path group, start to finish, on the calling thread.
fn render_group(work: &GroupWork, group: &PathGroup, contexts: &mut [tera::Context]) -> GroupDone {
    let GroupWork {
        renderer,
        slots,
        labels,
        sink,
        ..
    } = *work;
    let (config, site) = (renderer.config, renderer.site);
    let mut rendered: Vec<(usize, Rendered)> = group
        .sources
        .iter()
        .map(|&source| {
            let page = &site.pages[source];
            (source, page_markdown(renderer, page, labels))
        })
        .collect();
    let mut search = Vec::new();
    let files = group
        .slots
        .iter()
        .map(|&index| {
            let page = renderer.render(&slots[index], &rendered, contexts);
            if let Some(docs) = page
                .as_ref()
                .ok()
                .and_then(|f| crate::search::page_search_docs(config, slots[index].lang, f))
            {
                search.push((index, docs));
            }
            (index, page.map(sink))
        })
        .collect();
    // The pages are out: the bodies go, the records stay for the reports.
    let mut diagnostics = Vec::new();
    for (_, r) in &mut rendered {
        r.html = String::new();
        diagnostics.append(&mut r.diagnostics);
    }
    if let Some(&source) = group.sources.first() {
        crate::parity::check_path(
            config,
            site,
            &site.pages[source].rel_path,
            |i| page::rendered_in(&rendered, i),
            &mut diagnostics,
        );
    }
    GroupDone {
        files,
        reports: group_reports(config, site, group, slots, &mut rendered),
        diagnostics,
        search,
    }
}

/// The page reports of a group's output pages; the last page showing a source takes
/// its records instead of copying them.
fn group_reports(
    config: &Config,
    site: &Site,
    group: &PathGroup,
    slots: &[Slot],
    rendered: &mut [(usize, Rendered)],
) -> Vec<(usize, PageReport)> {
    group
        .slots
        .iter()
        .enumerate()
        .map(|(k, &index)| {
            let slot = &slots[index];
            let last = !group.slots[k + 1..]
                .iter()
                .any(|&later| slots[later].source == slot.source);
            let record = rendered
                .iter_mut()
                .find(|(source, _)| *source == slot.source)
                .map(|(_, r)| (r, last));
            (index, report(config, site, record, slot))
        })
        .collect()
}

fn group_by_path(site: &Site, slots: &[Slot]) -> Vec<PathGroup> {
    let mut groups: BTreeMap<&str, PathGroup> = BTreeMap::new();
    for (index, slot) in slots.iter().enumerate() {
        let group = groups
            .entry(site.pages[slot.source].rel_path.as_str())
            .or_insert_with(|| PathGroup {
                sources: Vec::new(),
                slots: Vec::new(),
            });
        group.slots.push(index);
        if !group.sources.contains(&slot.source) {
            group.sources.push(slot.source);
        }
    }
    groups.into_values().collect()
}

/// Expands a page's includes, then renders its Markdown.
fn page_markdown(renderer: &PageRenderer, page: &Page, labels: &[Labels]) -> Rendered {
    let (config, site) = (renderer.config, renderer.site);
    let language = &config.languages[page.lang];
    let link_base = LinkBase {
        dir: page_dir(&language.code, &page.rel_path),
        base_path: &config.base_path,
    };
    let partner_shots = images::partner_screenshots(config, site, page);
    let mut expanded = expand_includes(&ExpandInput {
        text: &page.text,
        body_start: page.body_start,
        line_index: &page.line_index,
        path: &page.display_path,
        lang: page.lang,
        library: &site.snippets,
    });
    let params = page_params(&language.params, &page.front.params);
    let mut rendered = render_markdown(&MarkdownInput {
        source: &expanded,
        link_base: &link_base,
        params: &params,
        labels: &labels[page.lang],
        options: &config.markdown,
        param_hints: &ParamHints {
            lines: &language.param_lines,
            used: &|name| renderer.param_use.is_used(name),
        },
        images: renderer.images,
        partner_shots: &partner_shots,
    });
    rendered.diagnostics.append(&mut expanded.diagnostics);
    rendered
}

/// The page's `params:` over the site's: borrowed when the page sets none.
fn page_params<'a>(site: &'a Params, page: &Params) -> Cow<'a, Params> {
    if page.is_empty() {
        return Cow::Borrowed(site);
    }
    let mut merged = site.clone();
    merged.extend(page.iter().map(|(k, v)| (k.clone(), v.clone())));
    Cow::Owned(merged)
}

/// The folder of a page below `content/`: `ja/faq.md` → `ja`, `ja/a/b.md` → `ja/a`.
pub(super) fn page_dir(lang: &str, rel_path: &str) -> String {
    match rel_path.rsplit_once('/') {
        Some((dir, _)) => format!("{lang}/{dir}"),
        None => lang.to_string(),
    }
}

/// Every (language, path) pair: the page itself, or a fallback from another language.
fn plan_slots(config: &Config, site: &Site) -> Vec<Slot> {
    let paths: BTreeSet<&str> = site.pages.iter().map(|p| p.rel_path.as_str()).collect();
    let mut slots = Vec::with_capacity(paths.len() * config.languages.len());
    for lang in 0..config.languages.len() {
        for path in &paths {
            if let Some(source) = site.page_index(lang, path) {
                slots.push(Slot {
                    lang,
                    source,
                    fallback: false,
                });
            } else if let Some(source) = fallback_source(config, site, path) {
                slots.push(Slot {
                    lang,
                    source,
                    fallback: true,
                });
            }
        }
    }
    slots
}

/// The default language's page if it exists, else the first language that has one.
fn fallback_source(config: &Config, site: &Site, path: &str) -> Option<usize> {
    site.page_index(config.default_language, path)
        .or_else(|| (0..config.languages.len()).find_map(|lang| site.page_index(lang, path)))
}

fn page_url(config: &Config, lang: usize, rel_path: &str) -> String {
    format!(
        "{}{}",
        config.base_path,
        encode_path(&page_path(&config.languages[lang].code, rel_path))
    )
}

/// The absolute URL of page `rel_path` in language `lang`.
pub(super) fn permalink(config: &Config, lang: usize, rel_path: &str) -> String {
    format!(
        "{}{}",
        config.base_url,
        encode_path(&page_path(&config.languages[lang].code, rel_path))
    )
}

fn page_key(rel_path: &str) -> String {
    rel_path.strip_suffix(".md").unwrap_or(rel_path).to_string()
}

/// A copy of the theme's Tera with this language's functions registered.
fn language_tera(
    theme: &templates::Theme,
    config: &Config,
    site: &Site,
    slots: &[Slot],
    translations: &Arc<Translations>,
    lang: usize,
    site_context: &tera::Context,
) -> tera::Tera {
    let mut tera = theme.tera.clone();
    let codes = config.languages.iter().map(|l| l.code.clone()).collect();
    tera.register_function(
        "t",
        functions::Translate {
            translations: translations.clone(),
            lang,
            codes,
        },
    );
    tera.register_function("qr_code", functions::QrCode::default());
    tera.register_filter("phrase_breaks", functions::PhraseBreaks);
    tera.register_function(
        "pages",
        functions::Pages {
            pages: pages_value(config, site, slots, lang),
        },
    );
    let inner = Arc::new(tera.clone());
    tera.register_function(
        "cached_include",
        functions::CachedInclude {
            tera: inner,
            context: site_context.clone(),
            rendered: Default::default(),
        },
    );
    tera
}

fn pages_value(config: &Config, site: &Site, slots: &[Slot], lang: usize) -> serde_json::Value {
    let mut pages: Vec<&Page> = slots
        .iter()
        .filter(|s| s.lang == lang)
        .map(|s| &site.pages[s.source])
        .collect();
    pages.sort_by(|a, b| (a.front.weight, &a.rel_path).cmp(&(b.front.weight, &b.rel_path)));
    let list = pages
        .iter()
        .map(|p| {
            serde_json::json!({
                "title": p.front.title,
                "url": page_url(config, lang, &p.rel_path),
                "key": page_key(&p.rel_path),
                "step": p.front.step,
                "weight": p.front.weight,
            })
        })
        .collect();
    serde_json::Value::Array(list)
}

/// The `site` context for language `lang`.
pub(crate) fn site_context<'a>(
    config: &'a Config,
    lang: usize,
    guides: &'a [GuideRef],
    menu: &'a [MenuEntry],
) -> SiteContext<'a> {
    let language = &config.languages[lang];
    SiteContext {
        title: &language.title,
        description: &language.description,
        base_url: &config.base_url,
        base_path: &config.base_path,
        lang: &language.code,
        lang_name: &language.name,
        default_lang: &config.default_lang().code,
        languages: config
            .languages
            .iter()
            .enumerate()
            .map(|(i, l)| LanguageRef {
                code: &l.code,
                name: &l.name,
                url: page_url(config, i, "index.md"),
                title: &l.title,
                params: &l.params,
            })
            .collect(),
        params: &language.params,
        guides,
        menu,
        home_url: page_url(config, lang, "index.md"),
        generator: concat!("tebiki ", env!("CARGO_PKG_VERSION")),
        search: config.search.enabled,
        theme: &config.theme_options,
        announcement: config
            .announcement
            .as_ref()
            .filter(|a| a.shown_on(crate::dates::today()))
            .map(|a| AnnouncementContext {
                html: crate::markdown::render_inline(&a.text[lang]),
                until: a.until.map(|d| d.to_string()),
                id: &a.id,
            }),
    }
}

/// The report of one output page. `record` is the rendered Markdown it shows and whether
/// this is its last use (then its records move into the report instead of being copied).
fn report(
    config: &Config,
    site: &Site,
    record: Option<(&mut Rendered, bool)>,
    slot: &Slot,
) -> PageReport {
    let page = &site.pages[slot.source];
    let mut empty = Rendered::default();
    let (r, last) = record.unwrap_or((&mut empty, true));
    PageReport {
        lang: slot.lang,
        rel_path: page.rel_path.clone(),
        source: page.display_path.clone(),
        url_path: page_path(&config.languages[slot.lang].code, &page.rel_path),
        anchors: take_or_clone(&mut r.anchors, last),
        hidden_ids: take_or_clone(&mut r.hidden_ids, last),
        links: take_or_clone(&mut r.links, last),
        structure: take_or_clone(&mut r.structure, last),
        fallback: slot.fallback,
        newest_date: page
            .front
            .newest_date()
            .map(|(date, key, offset)| NewestDate {
                date,
                key,
                at: page.line_index.locate(&page.text, offset),
            }),
    }
}

/// `value` itself when `take` (its last use), else a copy: records move into page
/// reports instead of being copied, which keeps a large build's memory down.
fn take_or_clone<T: Clone + Default>(value: &mut T, take: bool) -> T {
    if take {
        std::mem::take(value)
    } else {
        value.clone()
    }
}
