//! Sequences the stages for one build: config → load → i18n → render (→ output).
//!
//! `build`, `check` and `serve` all come through here, so they see the same site.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::check::{check_built_links, LinkLevel, PageScans};
use crate::config::{load_config, Config};
use crate::diagnostics::{sort_diagnostics, Diagnostic};
use crate::error::{Error, Result};
use crate::i18n::{load_translations, Translations};
use crate::load::{load_site, LoadOptions};
use crate::output::{begin_site, WriteReport};
use crate::render::{
    load_site_theme, render_site_cached, render_site_with, OutputFile, PageSink, RenderCache,
    RenderedSite,
};

/// What to build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Overrides `output_dir` from site.toml.
    pub output: Option<PathBuf>,
    pub drafts: bool,
    /// Overrides `base_url` from site.toml (`--base-url`, `TEBIKI_BASE_URL`).
    pub base_url: Option<String>,
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

/// Builds the site in memory. Any error-level diagnostic fails the build with
/// [`Error::Content`] carrying every diagnostic (warnings too), sorted.
pub fn build_in_memory(options: &BuildOptions) -> Result<Built> {
    let started = Instant::now();
    let config = load_build_config(options)?;
    render_config(config, options.drafts, started)
}

/// The in-memory build for an already loaded configuration.
pub fn render_config(config: Config, drafts: bool, started: Instant) -> Result<Built> {
    render_config_into(config, drafts, started, Render::Sink(&Some), None)
}

/// [`build_in_memory`] that renders again only the content paths whose input changed
/// since the build `cache` remembers; the result is the same (the dev server's rebuild).
pub fn build_in_memory_cached(options: &BuildOptions, cache: &mut RenderCache) -> Result<Built> {
    let started = Instant::now();
    let config = load_build_config(options)?;
    render_config_into(config, options.drafts, started, Render::Cached(cache), None)
}

/// Where rendered pages go: to a sink, or kept and remembered for the next build.
enum Render<'a, 's> {
    Sink(PageSink<'s>),
    Cached(&'a mut RenderCache),
}

/// [`render_config`], handing each page to `sink` as it is rendered. The site's internal
/// links are checked once it built without errors (a page that failed would make every
/// link to it look broken); `scans` holds the pages `sink` wrote.
fn render_config_into(
    config: Config,
    drafts: bool,
    started: Instant,
    render: Render,
    scans: Option<&PageScans>,
) -> Result<Built> {
    let mut built = render_all_into(config, drafts, started, render);
    if !built.warnings.iter().any(Diagnostic::is_error) {
        let links = check_built_links(&built, scans);
        if !links.is_empty() {
            built.warnings.extend(links);
            sort_diagnostics(&mut built.warnings);
            built.warnings.dedup();
        }
    }
    if built.warnings.iter().any(Diagnostic::is_error) {
        return Err(Error::Content(built.warnings));
    }
    Ok(built)
}

/// The in-memory build that keeps going past content errors: every diagnostic, errors
/// included, is in [`Built::warnings`]. `check` uses it to report build problems and link
/// problems in one run.
pub fn render_all(config: Config, drafts: bool, started: Instant) -> Built {
    render_all_into(config, drafts, started, Render::Sink(&Some))
}

fn render_all_into(config: Config, drafts: bool, started: Instant, render: Render) -> Built {
    // The content on one thread, the theme and the UI strings on the other.
    let ((site, mut diagnostics), ((translations, i18n_diagnostics), theme)) = rayon::join(
        || {
            let _span = crate::timings::span("load content");
            load_site(&config, LoadOptions { drafts })
        },
        || {
            rayon::join(
                || {
                    let _span = crate::timings::span("load translations");
                    load_translations(&config)
                },
                || load_site_theme(&config),
            )
        },
    );
    diagnostics.extend(i18n_diagnostics);
    let translations = Arc::new(translations);
    let translations_used = Arc::clone(&translations);
    let mut rendered = match render {
        Render::Sink(sink) => render_site_with(&config, &site, translations_used, theme, sink),
        Render::Cached(cache) => {
            render_site_cached(&config, &site, translations_used, theme, cache)
        }
    };
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
    }
}

/// Builds and writes the site; the previous output is untouched unless this succeeds.
/// Pages are written into the staging directory as they are rendered; a failed build
/// drops the staging directory.
pub fn build_site(options: &BuildOptions) -> Result<(Built, WriteReport)> {
    let config = load_build_config(options)?;
    let started = Instant::now();
    let staging = begin_site(&config, &config.output_dir)?;
    let scans = PageScans::default();
    let checked = config.build.links != LinkLevel::Off;
    let sink = |file: OutputFile| {
        staging.write(&file);
        checked.then(|| scans.keep(file))
    };
    let mut built = render_config_into(
        config,
        options.drafts,
        started,
        Render::Sink(&sink),
        Some(&scans),
    )?;
    built.site.files.retain(|file| !scans.is_stand_in(file));
    let report = {
        let _span = crate::timings::span("write and swap output");
        staging.finish(&built.site.files)?
    };
    built.elapsed = started.elapsed();
    Ok((built, report))
}

/// The site root to use: `--root`, else the current folder.
pub fn resolve_root(root: Option<&Path>) -> PathBuf {
    let root = root
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    std::fs::canonicalize(&root).unwrap_or(root)
}
