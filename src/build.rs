//! Sequences the stages of one build, one function per stage:
//!
//! 1. config: [`load_build_config`] reads `site.toml` and applies `--output` and
//!    `--base-url`.
//! 2. load: [`load_site`] (content), [`load_translations`] (UI strings) and
//!    [`load_site_theme`] (templates), side by side ([`load_inputs`]).
//! 3. render: [`render_site`], each page handed on as it is rendered.
//! 4. links: [`check_built_links`], once the site rendered without errors (a page that
//!    failed would make every link to it look broken); `check` checks links itself.
//! 5. output (`build` only): [`begin_site`] opens the staging folder before rendering,
//!    pages go into it as they are rendered, and [`Staging::finish`] swaps it in.
//!
//! `build` also reads the record of the previous build ([`load_build_cache`]) before
//! rendering, so that render takes the pages that did not change from it, and writes
//! this build's ([`save_build_cache`]) after the output.
//!
//! `build`, `check` and `serve` all come through [`build_site`], so they see the same
//! site; [`Mode`] says what each does with it.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::build_cache::{
    body_file, load_build_cache, remove_build_cache, remove_build_record, save_build_cache,
    Written, WrittenDigests,
};
use crate::check::{check_built_links, LinkCache, LinkLevel, PageScans};
use crate::config::{load_config, Config};
use crate::diagnostics::{sort_diagnostics, Diagnostic};
use crate::error::{Error, Result};
use crate::i18n::{load_translations, Translations};
use crate::load::{load_site, load_site_cached, Bodies, LoadOptions, PageCache, Site};
use crate::output::{begin_site, Staging, WriteReport};
use crate::render::{
    load_site_theme, render_site, Digest, KeptFile, LoadedTheme, OutputFile, RenderCache,
    RenderTarget, RenderedSite, StoredGroups, StoredTarget,
};
use crate::spent::Spent;

/// What to build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Overrides `output_dir` from site.toml.
    pub output: Option<PathBuf>,
    pub drafts: bool,
    /// Overrides `base_url` from site.toml (`--base-url`, `TEBIKI_BASE_URL`).
    pub base_url: Option<String>,
    /// `build --no-cache`: render every page, whatever the build cache in `.tebiki/`
    /// says ([`crate::build_cache`]), and write a fresh one.
    pub no_cache: bool,
}

/// A site rendered in memory, with the warnings found on the way.
pub struct Built {
    pub config: Config,
    pub site: RenderedSite,
    /// Pages per language, in `config.languages` order (fallback pages included).
    pub pages_per_language: Vec<usize>,
    pub warnings: Vec<Diagnostic>,
    pub elapsed: Duration,
    /// The UI strings the build used (`serve` takes its own words from them too).
    pub translations: Arc<Translations>,
    /// What [`Mode::Write`] wrote to the output folder.
    pub written: Option<WriteReport>,
    /// What the build is done with but did not free ([`Spent`]).
    pub spent: Spent,
}

/// What a build does with the site it renders.
pub enum Mode<'a> {
    /// `build`: pages are written to the staging folder as they are rendered, and the
    /// staging folder replaces the output once the site built; any error-level
    /// diagnostic fails the build and leaves the previous output untouched.
    Write,
    /// `serve` and tests: the site stays in memory; any error-level diagnostic fails the
    /// build. With a cache, only the files that changed since the build it remembers are
    /// read again and only the content paths whose input changed are rendered again;
    /// the result is the same.
    Memory(Option<&'a mut BuildCache>),
    /// `check`: the site stays in memory and the build goes on past content errors:
    /// every diagnostic, errors included, is in [`Built::warnings`], and links are left
    /// to `check`, which reports build problems and link problems in one run.
    Check,
}

/// What the dev server keeps from one build for the next, one part per stage: the pages
/// read ([`PageCache`]), the groups rendered ([`RenderCache`]), the link check
/// ([`LinkCache`]).
#[derive(Default)]
pub struct BuildCache {
    pub pages: PageCache,
    pub render: RenderCache,
    pub links: LinkCache,
}

/// Loads `site.toml` and applies the `--output` and `--base-url` overrides.
pub fn load_build_config(options: &BuildOptions) -> Result<Config> {
    let mut config = load_config(&options.root)?;
    if let Some(output) = &options.output {
        config.output_dir = if output.is_absolute() {
            output.clone()
        } else {
            std::env::current_dir().unwrap_or_default().join(output)
        };
    }
    if let Some(url) = &options.base_url {
        crate::base_url::override_base_url(&mut config, url)?;
    }
    Ok(config)
}

/// Builds the site as `mode` says. A build that fails does so with [`Error::Content`]
/// carrying every diagnostic (warnings too), sorted; [`Mode::Check`] fails only on
/// configuration and I/O problems.
pub fn build_site(options: &BuildOptions, mode: Mode) -> Result<Built> {
    let started = Instant::now();
    let config = load_build_config(options)?;
    let staging = match mode {
        Mode::Write => Some(begin_site(&config, &config.output_dir)?),
        Mode::Memory(_) | Mode::Check => None,
    };
    let scans = PageScans::default();
    let scanned = config.build.links != LinkLevel::Off;
    let digests = WrittenDigests::new(&config);
    let sink = |file: OutputFile, main: Option<&Digest>| match &staging {
        Some(staging) => {
            staging.write(&file);
            // The record keeps the digests of pages only; the search index's files,
            // written through here as they are made, have stamps of their own.
            if file.path.ends_with(".html") {
                digests.note(&file, main);
            }
            scanned.then(|| scans.keep(file))
        }
        None => Some(file),
    };
    let keep = |file: KeptFile| match &staging {
        Some(staging) => {
            staging.keep(&file.path, file.len);
            scanned.then(|| scans.keep_scanned(file.path, file.scan))
        }
        None => None,
    };
    let mut stored = staging
        .as_ref()
        .map(|staging| on_a_worker(|| read_stored(&config, staging, options.no_cache)));
    let mut bodies = staging.as_ref().and_then(|_| body_file(&config));
    let (cache, checks_links) = match mode {
        Mode::Write => (None, true),
        Mode::Memory(cache) => (cache, true),
        Mode::Check => (None, false),
    };
    let (pages, render, link_cache) = match cache {
        Some(BuildCache {
            pages,
            render,
            links,
        }) => (Some(pages), Some(render), Some(links)),
        None => (None, None, None),
    };
    // A page whose text the record knows most likely renders nothing, and without a
    // record every page renders once: their bodies stay on disk until they render.
    let known_texts = stored.as_ref().map(StoredGroups::text_digests);
    let load = LoadOptions {
        drafts: options.drafts,
        bodies: match &known_texts {
            None => Bodies::Keep,
            Some(known) if known.is_empty() => Bodies::LeaveAll,
            Some(known) => Bodies::LeaveKnown(known),
        },
    };
    let inputs = load_inputs_cached(&config, load, pages);
    drop(known_texts);
    let target = RenderTarget {
        sink: &sink,
        cache: render,
        stored: stored.as_mut().map(|groups| StoredTarget {
            groups,
            keep: &keep,
            bodies: bodies.as_mut(),
        }),
    };
    let mut built = render_inputs(config, inputs, target, started);
    if !checks_links {
        return Ok(built);
    }
    check_links(&mut built, staging.as_ref().map(|_| &scans), link_cache);
    // A build that fails leaves no search documents file of its own behind in
    // `.tebiki/` (the record keeps naming the previous one).
    let discard = |stored: Option<&mut StoredGroups>| {
        if let Some(stored) = stored {
            stored.discard_pending_search();
        }
    };
    if built.warnings.iter().any(Diagnostic::is_error) {
        discard(stored.as_mut());
        return Err(Error::Content(built.warnings));
    }
    if let Some(staging) = staging {
        built.site.files.retain(|file| !scans.is_stand_in(file));
        match write_output(staging, &built.site.files) {
            Ok(written) => built.written = Some(written),
            Err(e) => {
                discard(stored.as_mut());
                return Err(e);
            }
        }
        if let Some(stored) = stored.as_mut() {
            let written = Written {
                digests: &digests,
                scans: scanned.then_some(&scans),
            };
            save_build_cache(&built.config, stored, &written);
        }
        if let Some(bodies) = bodies.as_mut() {
            bodies.commit();
        }
        built.elapsed = started.elapsed();
    }
    built.spent.keep((stored, scans));
    Ok(built)
}

/// Runs `f` on one of rayon's workers and returns what it returned.
///
/// What `f` allocates belongs to that worker's part of the allocator, and the workers
/// keep allocating while pages render: a previous record that cannot lend (about 55 MB at
/// 10,000 pages per language), freed as rendering starts, is used again there. Decoded
/// on the main thread, which only waits while pages render, it stayed in the process's
/// memory on top of everything rendering keeps (BENCHMARKS.md, "Speed round 2, the lead's
/// last round").
fn on_a_worker<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    // Called from outside the pool, `join` runs both closures on its workers.
    rayon::join(f, || ()).0
}

/// The previous build's record for `build` ([`load_build_cache`]): none with `--no-cache`;
/// only its search part when the output folder does not hold tebiki's previous build.
/// In the second case the Markdown bodies and the search documents stay: they depend on
/// the content, not on the output folder, so an emptied output folder is filled without
/// rendering the Markdown or cutting the pages' search documents again
/// ([`StoredGroups::search_only`]).
fn read_stored(config: &Config, staging: &Staging, no_cache: bool) -> StoredGroups {
    if no_cache {
        remove_build_cache(config);
        return StoredGroups::default();
    }
    if !staging.compares() {
        let search = load_build_cache(config).search_only();
        remove_build_record(config, false);
        return search;
    }
    load_build_cache(config)
}

/// What the build renders from, loaded side by side.
pub struct Inputs {
    pub site: Site,
    pub translations: Translations,
    pub theme: LoadedTheme,
    /// The problems found in the content and the UI strings.
    pub diagnostics: Vec<Diagnostic>,
}

/// The load stage: the content on one thread, the theme and the UI strings on the other.
pub fn load_inputs(config: &Config, drafts: bool) -> Inputs {
    let options = LoadOptions {
        drafts,
        bodies: Bodies::Keep,
    };
    load_inputs_cached(config, options, None)
}

/// [`load_inputs`] that reads again only the pages whose files changed since the load
/// `cache` remembers.
fn load_inputs_cached(
    config: &Config,
    options: LoadOptions,
    cache: Option<&mut PageCache>,
) -> Inputs {
    let ((site, mut diagnostics), ((translations, i18n_diagnostics), theme)) = rayon::join(
        || {
            let _span = crate::timings::span("load content");
            match cache {
                Some(cache) => load_site_cached(config, options, cache),
                None => load_site(config, options),
            }
        },
        || {
            rayon::join(
                || {
                    let _span = crate::timings::span("load translations");
                    load_translations(config)
                },
                || load_site_theme(config),
            )
        },
    );
    diagnostics.extend(i18n_diagnostics);
    Inputs {
        site,
        translations,
        theme,
        diagnostics,
    }
}

/// The render stage: every diagnostic so far, sorted, in [`Built::warnings`].
fn render_inputs(config: Config, inputs: Inputs, target: RenderTarget, started: Instant) -> Built {
    let Inputs {
        site,
        translations,
        theme,
        mut diagnostics,
    } = inputs;
    let translations = Arc::new(translations);
    let mut rendered = render_site(&config, &site, Arc::clone(&translations), theme, target);
    diagnostics.append(&mut rendered.diagnostics);
    sort_diagnostics(&mut diagnostics);
    diagnostics.dedup();
    let mut pages_per_language = vec![0; config.languages.len()];
    for page in &rendered.pages {
        pages_per_language[page.lang] += 1;
    }
    Built {
        config,
        site: rendered,
        pages_per_language,
        warnings: diagnostics,
        elapsed: started.elapsed(),
        translations,
        written: None,
        spent: Spent::default(),
    }
}

/// The link stage, once the site built without errors. `scans` holds the pages the
/// sink wrote.
fn check_links(built: &mut Built, scans: Option<&PageScans>, cache: Option<&mut LinkCache>) {
    if built.warnings.iter().any(Diagnostic::is_error) {
        return;
    }
    let links = check_built_links(built, scans, cache);
    if !links.is_empty() {
        built.warnings.extend(links);
        sort_diagnostics(&mut built.warnings);
        built.warnings.dedup();
    }
}

/// The output stage's last step: the staging folder replaces the output.
fn write_output(staging: Staging, files: &[OutputFile]) -> Result<WriteReport> {
    let _span = crate::timings::span("write and swap output");
    staging.finish(files)
}

/// The site root to use: `--root`, else the current folder.
pub fn resolve_root(root: Option<&Path>) -> PathBuf {
    let root = root
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    std::fs::canonicalize(&root).unwrap_or(root)
}
