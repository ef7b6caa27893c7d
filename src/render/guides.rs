//! The site outline as each language shows it: its guides (for `site.guides`,
//! `page.guide`, step navigation and checklists) and the menu's top level (`site.menu`).
//!
//! The outline ([`crate::load::Outline`]) is by content path; here every path gets the
//! title, number and URL of the page that language shows there (its own page or a
//! fallback), so a guide's steps are ordered by the numbers its readers see.

use std::cmp::Ordering;

use super::context::{GuideRef, MenuEntry, MenuPage, StepRef};
use super::{fallback_source, page_key, page_url};
use crate::config::Config;
use crate::load::{FrontMatter, Guide, Page, Site};

/// One language's guides and menu.
pub(super) struct LanguageOutline {
    /// The guides in menu order (weight, then title).
    pub(super) guides: Vec<GuideRef>,
    /// Outline guide index → index into `guides`.
    position: Vec<usize>,
    /// The menu's top level: guides and the pages outside them, by weight then title.
    pub(super) menu: Vec<MenuEntry>,
}

impl LanguageOutline {
    /// The guide that outline guide `index` is in this language.
    pub(super) fn guide(&self, index: usize) -> Option<&GuideRef> {
        self.position.get(index).and_then(|&i| self.guides.get(i))
    }
}

/// The outline of `site` as language `lang` shows it.
pub(super) fn language_outline(config: &Config, site: &Site, lang: usize) -> LanguageOutline {
    let shown = |rel_path: &str| shown_page(config, site, lang, rel_path);
    let mut guides: Vec<(usize, GuideRef)> = site
        .outline
        .guides
        .iter()
        .enumerate()
        .filter_map(|(i, guide)| Some((i, guide_ref(config, lang, guide, &shown)?)))
        .collect();
    guides
        .sort_by(|(_, a), (_, b)| by_weight_and_title((a.weight, &a.title), (b.weight, &b.title)));
    let mut position = vec![usize::MAX; site.outline.guides.len()];
    for (at, (i, _)) in guides.iter().enumerate() {
        position[*i] = at;
    }
    let guides: Vec<GuideRef> = guides.into_iter().map(|(_, g)| g).collect();
    let loose = site.outline.loose.iter().filter_map(|rel| {
        let page = shown(rel)?;
        Some(menu_entry(&page.front, page_url(config, lang, rel), false))
    });
    let mut menu: Vec<MenuEntry> = guides
        .iter()
        .map(|g| MenuEntry {
            title: g.title.clone(),
            url: g.url.clone(),
            weight: g.weight,
            is_guide: true,
        })
        .chain(loose)
        .collect();
    menu.sort_by(|a, b| by_weight_and_title((a.weight, &a.title), (b.weight, &b.title)));
    LanguageOutline {
        guides,
        position,
        menu,
    }
}

fn menu_entry(front: &FrontMatter, url: String, is_guide: bool) -> MenuEntry {
    MenuEntry {
        title: front.title.clone(),
        url,
        weight: front.weight,
        is_guide,
    }
}

/// The page language `lang` shows at `rel_path`: its own, else a fallback.
fn shown_page<'s>(
    config: &Config,
    site: &'s Site,
    lang: usize,
    rel_path: &str,
) -> Option<&'s Page> {
    site.page_index(lang, rel_path)
        .or_else(|| fallback_source(config, site, rel_path))
        .map(|i| &site.pages[i])
}

fn by_weight_and_title(a: (i64, &str), b: (i64, &str)) -> Ordering {
    a.cmp(&b)
}

/// One guide in language `lang`. `None` when no language has its index page (cannot
/// happen for a built outline).
fn guide_ref<'s>(
    config: &Config,
    lang: usize,
    guide: &Guide,
    shown: &impl Fn(&str) -> Option<&'s Page>,
) -> Option<GuideRef> {
    let index = shown(&guide.index)?;
    let (steps, others) = split_steps(config, lang, guide, shown);
    let pages = steps
        .iter()
        .map(|s| MenuPage {
            title: s.title.clone(),
            url: s.url.clone(),
            step: Some(s.number),
        })
        .chain(others.iter().map(|(page, rel)| MenuPage {
            title: page.front.title.clone(),
            url: page_url(config, lang, rel),
            step: None,
        }))
        .collect();
    Some(GuideRef {
        title: index.front.title.clone(),
        url: page_url(config, lang, &guide.index),
        dir: guide.dir.clone(),
        weight: index.front.weight,
        steps,
        pages,
    })
}

/// A guide's pages in language `lang`: its steps by number, and its other pages (with
/// their content paths) by weight, then title. Whether a page is a step is decided by
/// the page this language shows.
fn split_steps<'s, 'g>(
    config: &Config,
    lang: usize,
    guide: &'g Guide,
    shown: &impl Fn(&str) -> Option<&'s Page>,
) -> (Vec<StepRef>, Vec<(&'s Page, &'g str)>) {
    let mut steps = Vec::new();
    let mut others: Vec<(&Page, &str)> = Vec::new();
    for rel in guide.steps.iter().chain(&guide.pages) {
        let Some(page) = shown(rel) else { continue };
        match page.front.step {
            Some(number) => steps.push(StepRef {
                number,
                title: page.front.title.clone(),
                short_title: page
                    .front
                    .short_title
                    .clone()
                    .unwrap_or_else(|| page.front.title.clone()),
                url: page_url(config, lang, rel),
                key: page_key(rel),
            }),
            None => others.push((page, rel)),
        }
    }
    steps.sort_by_key(|s| s.number);
    others.sort_by(|(a, _), (b, _)| {
        by_weight_and_title(
            (a.front.weight, &a.front.title),
            (b.front.weight, &b.front.title),
        )
    });
    (steps, others)
}
