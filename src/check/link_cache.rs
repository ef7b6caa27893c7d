//! What the dev server keeps of one build's link check for the next ([`LinkCache`]), so
//! that a save re-checks only the links that can have changed.
//!
//! A link's verdict depends on the link and on its target: which files exist, the ids
//! each HTML file carries, which pages are hidden, translated or moved (aliases), and the
//! link settings. All of that together is the check's "world" ([`World`]). While the world
//! is the same as in the previous check:
//!
//! - a page's content links are checked again only if its page report is new (the page
//!   was rendered again); the other pages keep their problems;
//! - the theme's links are checked again only if some HTML file's theme links differ, or
//!   the previous check found a problem with one (its message names the page it was
//!   found on first, so it is always found again the way a full check finds it).
//!
//! When the world changed in any way (a page added, removed or renamed, an id added or
//! removed, a setting changed), every link is checked again, as a full build does.
//! Pages and scans are compared by identity first ([`Arc::ptr_eq`]): what the render
//! cache handed on unchanged is the same object.

use std::sync::Arc;

use rustc_hash::FxHashSet;

use super::index::{HtmlFile, ScanCache, SiteIndex};
use super::template::template_values;
use super::{internal, template, Context, Findings};
use crate::diagnostics::Diagnostic;
use crate::render::PageReport;

/// The previous link check, for the next one.
#[derive(Default)]
pub struct LinkCache {
    pub(super) scans: ScanCache,
    world: Option<World>,
    /// Each page's content-link problems, by page index.
    pages: Vec<Vec<Diagnostic>>,
    /// The problems with the theme's links.
    template: Vec<Diagnostic>,
    /// Pages whose content links were checked again, and pages in all, in the last check.
    pub checked: usize,
    pub pages_in_all: usize,
}

/// What any link's verdict can depend on besides the link itself.
struct World {
    /// The link settings, the aliases and the pages that failed to load.
    settings: String,
    /// Every built file's path, in order, each ended by a NUL (which no path holds):
    /// one string instead of one each.
    files: String,
    /// Each HTML file's scan, by file index, in order.
    html: Vec<(usize, Arc<HtmlFile>)>,
    /// Every page's report.
    pages: Vec<Arc<PageReport>>,
}

impl World {
    fn of(ctx: &Context) -> World {
        let config = ctx.config;
        let mut aliases: Vec<_> = ctx.site.aliases.iter().map(|a| format!("{a:?}")).collect();
        aliases.sort();
        let settings = format!(
            "{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{aliases:?}\n{:?}",
            config.base_url,
            config.base_path,
            config.links,
            config.build.links,
            config.languages.iter().map(|l| &l.code).collect::<Vec<_>>(),
            ctx.site.unloaded,
        );
        let mut html: Vec<_> = ctx
            .index
            .html
            .iter()
            .map(|(&i, scan)| (i, Arc::clone(scan)))
            .collect();
        html.sort_unstable_by_key(|(i, _)| *i);
        World {
            settings,
            files: ctx.site.files.iter().fold(String::new(), |mut all, f| {
                all.push_str(&f.path);
                all.push('\0');
                all
            }),
            html,
            pages: ctx.site.pages.clone(),
        }
    }

    /// Whether every link target is as it was in `previous`.
    fn same_targets(&self, previous: &World) -> bool {
        self.settings == previous.settings
            && self.files == previous.files
            && self.html.len() == previous.html.len()
            && self
                .html
                .iter()
                .zip(&previous.html)
                .all(|((i, a), (j, b))| {
                    i == j
                        && (Arc::ptr_eq(a, b)
                            || (a.ids == b.ids && a.duplicate_ids == b.duplicate_ids))
                })
            && self.pages.len() == previous.pages.len()
            && self
                .pages
                .iter()
                .zip(&previous.pages)
                .all(|(a, b)| Arc::ptr_eq(a, b) || same_as_target(a, b))
    }
}

/// Whether two reports of a page look the same to links that lead to it.
fn same_as_target(a: &PageReport, b: &PageReport) -> bool {
    a.lang == b.lang
        && a.rel_path == b.rel_path
        && a.source == b.source
        && a.url_path == b.url_path
        && a.fallback == b.fallback
        && a.hidden_ids == b.hidden_ids
        && format!("{:?}", a.anchors) == format!("{:?}", b.anchors)
}

impl LinkCache {
    /// The link problems of the site in `ctx`, checking again only what can have
    /// changed since the previous check (see the module's documentation).
    pub(super) fn check(&mut self, ctx: &Context) -> Vec<Diagnostic> {
        let world = World::of(ctx);
        let previous = self.world.take();
        let same = previous.as_ref().is_some_and(|p| world.same_targets(p));
        let pages = ctx.site.pages.len();
        let mut by_page = Vec::with_capacity(pages);
        self.checked = 0;
        self.pages_in_all = pages;
        for page in 0..pages {
            let kept = match &previous {
                Some(p) if same && Arc::ptr_eq(&p.pages[page], &ctx.site.pages[page]) => {
                    self.pages.get_mut(page).map(std::mem::take)
                }
                _ => None,
            };
            by_page.push(kept.unwrap_or_else(|| {
                self.checked += 1;
                let mut findings = Findings::default();
                internal::check_page_links(ctx, page, &mut findings);
                findings.diagnostics
            }));
        }
        let theme_links_same = same
            && self.template.is_empty()
            && previous
                .as_ref()
                .is_some_and(|p| same_theme_links(ctx, &world, p));
        if !theme_links_same {
            let mut findings = Findings::default();
            template::check_template_links(ctx, &mut findings);
            self.template = findings.diagnostics;
        }
        self.pages = by_page;
        self.world = Some(world);
        let mut all: Vec<Diagnostic> = self.pages.iter().flatten().cloned().collect();
        all.extend(self.template.iter().cloned());
        all
    }

    /// Keeps the scans of `index` for the next build.
    pub(super) fn remember_scans(&mut self, index: &SiteIndex) {
        self.scans.remember(index);
    }
}

/// Whether every HTML file carries the same theme links as in `previous` (whose targets,
/// and so whose files and pages, are the same). Only files whose scan or page report is
/// new are compared link by link.
fn same_theme_links(ctx: &Context, world: &World, previous: &World) -> bool {
    let (mut own_now, mut own_then) = (FxHashSet::default(), FxHashSet::default());
    world
        .html
        .iter()
        .zip(&previous.html)
        .all(|((file, now), (_, then))| {
            let page = ctx.index.page_of_file.get(file).copied();
            let (page_now, page_then) = match page {
                Some(p) => (Some(&world.pages[p]), Some(&previous.pages[p])),
                None => (None, None),
            };
            let same_page = match (page_now, page_then) {
                (Some(a), Some(b)) => Arc::ptr_eq(a, b),
                _ => true,
            };
            if Arc::ptr_eq(now, then) && same_page {
                return true;
            }
            template_values(now, page_now.map(|p| &**p), &mut own_now).eq(template_values(
                then,
                page_then.map(|p| &**p),
                &mut own_then,
            ))
        })
}
