//! Stage `check`: takes a site built in memory and gives every problem a reader would hit,
//! as diagnostics at the Markdown (or template) line that caused it.
//!
//! 1. Index the built files: paths, and for each HTML file its ids and links
//!    ([`index::SiteIndex`], one scan per file).
//! 2. Content links, from the records the Markdown stage kept while rendering, resolved the
//!    way a browser resolves the URL on the page ([`internal`]).
//! 3. Links the theme's templates produced, each distinct URL once ([`template`]).
//! 4. Duplicate ids and pages nothing links to ([`site_wide`]); pages not updated or
//!    reviewed for `stale_after_days` ([`stale`]).
//! 5. `mailto:`/`tel:` syntax; with `--external`, web links over the network ([`external`]).
//!
//! The build's own diagnostics (missing translations, parity, UI strings) come first; this
//! stage adds to them and writes nothing.
//!
//! Codes this stage adds (stable; scripts and CI may match on them):
//!
//! | code                | level   | meaning                                                  |
//! |---------------------|---------|----------------------------------------------------------|
//! | `broken-link`       | error   | internal link to a page or file the site does not have   |
//! | `broken-theme-link` | error   | a link the theme puts on pages goes nowhere              |
//! | `missing-image`     | error   | image file that does not exist                           |
//! | `empty-alt`         | error   | Markdown image without alt text; `<img>` without `alt`   |
//! | `broken-anchor`     | error   | `#fragment` missing on the target page                   |
//! | `hidden-anchor`     | error   | `#fragment` inside a block hidden by `if=`               |
//! | `id-clash-in-page`  | error   | an id used twice in a page's final HTML                  |
//! | `invalid-link`      | error   | malformed `mailto:` / `tel:`                             |
//! | `orphan-page`       | warning | no other page links to the page                          |
//! | `link-to-alias`     | warning | a content link goes to an old address (`aliases`)        |
//! | `stale-page`        | warning | newest of `updated`/`reviewed` older than `stale_after_days` |
//! | `external-link`     | error   | `--external`: 4xx/5xx, timeout or connection failure     |
//! | `external-redirect` | warning | `--external`: the URL redirects elsewhere                |
//! | `external-anchor`   | warning | `--external`: the fetched page has no such `#fragment`   |

mod anchors;
mod build_links;
pub mod external;
pub mod format;
mod index;
mod internal;
mod link_cache;
pub mod repo_path;
pub mod resolve;
mod site_wide;
mod stale;
mod template;

use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

use crate::build::Built;
use crate::config::Config;
use crate::dates::Date;
use crate::diagnostics::{sort_diagnostics, Diagnostic};
use crate::render::{AliasReport, RenderedSite};
pub use build_links::{check_built_links, LinkLevel, PageScans};
pub use index::HtmlFile;
use index::SiteIndex;
pub use link_cache::LinkCache;
use resolve::Resolver;

/// How to run the check.
#[derive(Debug, Clone, Default)]
pub struct CheckRun {
    /// Check `http(s)://` links over the network.
    pub external: bool,
    /// Show a progress line on stderr, in this language, while checking external links.
    pub progress: Option<crate::diagnostics::Lang>,
    /// The time all external checks together may take (`--external-timeout`).
    pub budget: std::time::Duration,
    /// The date `stale_after_days` counts to (`--today`); `None`: the system's date.
    pub today: Option<Date>,
}

/// The outcome of a check: every diagnostic, sorted, and what was looked at.
#[derive(Debug, Default)]
pub struct CheckReport {
    pub diagnostics: Vec<Diagnostic>,
    pub stats: Stats,
}

/// Counts for the summary line and the JSON output.
#[derive(Debug, Default, Clone, Copy, serde::Serialize)]
pub struct Stats {
    pub pages: usize,
    pub links: usize,
    /// Distinct external URLs found.
    pub external: usize,
    /// External URLs fetched over the network in this run.
    pub fetched: usize,
    /// External URLs answered from the cache.
    pub cached: usize,
}

/// A link that leaves the site, with where it was written.
#[derive(Debug, Clone)]
pub struct ExternalLink {
    pub url: String,
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub text: String,
    /// For a link written in a snippet: the include lines that brought it in.
    pub included_from: Vec<crate::diagnostics::IncludedFrom>,
}

/// What the checks share.
pub(crate) struct Context<'a> {
    pub config: &'a Config,
    pub site: &'a RenderedSite,
    pub index: SiteIndex<'a>,
    pub resolver: Resolver<'a>,
    /// Written Markdown pages as `lang/rel_path`, for "did you mean"; made at the first
    /// broken link ([`Context::content_pages`]).
    content_pages: OnceLock<BTreeSet<String>>,
    /// Built files that are not HTML pages (images, downloads, theme files); made at the
    /// first broken link ([`Context::assets`]).
    assets: OnceLock<Vec<String>>,
    /// The pages at old addresses, by output path.
    pub aliases: HashMap<&'a str, &'a AliasReport>,
}

impl<'a> Context<'a> {
    fn new(built: &'a Built, index: SiteIndex<'a>) -> Self {
        let config = &built.config;
        Context {
            config,
            site: &built.site,
            index,
            resolver: Resolver {
                base_url: &config.base_url,
                base_path: &config.base_path,
                links: &config.links,
            },
            content_pages: OnceLock::new(),
            assets: OnceLock::new(),
            aliases: built
                .site
                .aliases
                .iter()
                .map(|a| (a.output.as_str(), a))
                .collect(),
        }
    }
}

impl Context<'_> {
    /// Written Markdown pages as `lang/rel_path`.
    pub fn content_pages(&self) -> &BTreeSet<String> {
        self.content_pages.get_or_init(|| {
            let codes: Vec<&str> = self
                .config
                .languages
                .iter()
                .map(|l| l.code.as_str())
                .collect();
            self.site
                .pages
                .iter()
                .filter(|p| !p.fallback)
                .map(|p| format!("{}/{}", codes[p.lang], p.rel_path))
                .collect()
        })
    }

    /// Built files that are not HTML pages.
    pub fn assets(&self) -> &[String] {
        self.assets.get_or_init(|| {
            self.site
                .files
                .iter()
                .filter(|f| !f.path.ends_with(".html"))
                .map(|f| f.path.clone())
                .collect()
        })
    }
}

/// What the checks found.
#[derive(Debug, Default)]
pub(crate) struct Findings {
    pub diagnostics: Vec<Diagnostic>,
    /// (page index, output file index) for every internal link that resolved.
    pub edges: Vec<(usize, usize)>,
    pub external: Vec<ExternalLink>,
    pub links: usize,
}

impl Findings {
    fn push(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }
}

/// Checks a site built in memory. The build's diagnostics are included.
pub fn check_site(built: &Built, run: &CheckRun) -> CheckReport {
    let config = &built.config;
    let codes: Vec<String> = config.languages.iter().map(|l| l.code.clone()).collect();
    let ctx = Context::new(built, SiteIndex::new(&built.site, &codes, None));
    let mut findings = Findings::default();
    internal::check_content_links(&ctx, &mut findings);
    template::check_template_links(&ctx, &mut findings);
    site_wide::check_duplicate_ids(&ctx, &mut findings);
    site_wide::check_orphans(&ctx, &mut findings);
    let today = run.today.unwrap_or_else(crate::dates::today);
    stale::check_stale_pages(&ctx, today, &mut findings);
    let external = external::check_external(config, &findings.external, run);
    let mut diagnostics = built.warnings.clone();
    diagnostics.append(&mut findings.diagnostics);
    diagnostics.extend(external.diagnostics);
    sort_diagnostics(&mut diagnostics);
    diagnostics.dedup();
    CheckReport {
        diagnostics,
        stats: Stats {
            pages: built.site.pages.len(),
            links: findings.links,
            external: external.distinct,
            fetched: external.fetched,
            cached: external.cached,
        },
    }
}

/// The exit code for a report: 1 if there is an error, or a warning under
/// `--deny-warnings`; 0 otherwise.
pub fn exit_code(report: &CheckReport, deny_warnings: bool) -> i32 {
    let failing = report
        .diagnostics
        .iter()
        .any(|d| d.is_error() || deny_warnings);
    i32::from(failing)
}
