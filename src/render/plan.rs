//! The plan of a build's output pages: one [`Slot`] per (language, path), a fallback
//! page where a translation is missing, and the [`PathGroup`]s that render together.

use std::collections::{BTreeMap, BTreeSet};

use crate::config::Config;
use crate::load::Site;

/// One output page: language `lang` shows `site.pages[source]`.
pub(super) struct Slot {
    pub(super) lang: usize,
    pub(super) source: usize,
    pub(super) fallback: bool,
}

/// Every (language, path) pair: the page itself, or a fallback from another language.
pub(super) fn plan_slots(config: &Config, site: &Site) -> Vec<Slot> {
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
pub(super) fn fallback_source(config: &Config, site: &Site, path: &str) -> Option<usize> {
    site.page_index(config.default_language, path)
        .or_else(|| (0..config.languages.len()).find_map(|lang| site.page_index(lang, path)))
}

/// The output pages of one content path (`faq.md`) in every language and the pages they
/// show. A group is rendered start to finish on one thread, Markdown then templates, so
/// each body is freed as soon as its pages are out instead of all bodies waiting for the
/// template stage (at 10,000 pages per language they are hundreds of megabytes).
pub(super) struct PathGroup {
    pub(super) sources: Vec<usize>,
    pub(super) slots: Vec<usize>,
}

pub(super) fn group_by_path(site: &Site, slots: &[Slot]) -> Vec<PathGroup> {
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
