//! Rendering the path groups in parallel: each group's Markdown, then its output pages,
//! then the comparison of its translations and its page reports.

use std::borrow::Cow;
use std::sync::Arc;

use rayon::prelude::*;

use super::bodies::BodyStore;
use super::page::{self, PageRenderer};
use super::plan::{PathGroup, Slot};
use super::stored::{self, GroupRecord, KeptSink, Lookup, StoredGroups};
use super::{
    images, language::page_dir, NewestDate, OutputFile, PageReport, PageSink, RenderCache,
};
use crate::config::{Config, Params};
use crate::diagnostics::Diagnostic;
use crate::load::{Page, Site};
use crate::markdown::{render_markdown, Labels, LinkBase, MarkdownInput, ParamHints, Rendered};
use crate::snippets::{expand_includes, ExpandInput};
use crate::urls::page_path;

/// What a group leaves behind: its output files and page reports by slot index, and
/// its diagnostics (its pages' own, then the comparison of its translations).
#[derive(Clone)]
pub(super) struct GroupDone {
    pub(super) files: Vec<(usize, PageResult)>,
    pub(super) reports: Vec<(usize, Arc<PageReport>)>,
    pub(super) diagnostics: Vec<Diagnostic>,
    /// Each page's search documents ([`crate::search`]).
    pub(super) search: Vec<(usize, crate::search::PageSearch)>,
}

/// One output page: written by the sink (`None`), kept, or failed.
pub(super) type PageResult = Result<Option<OutputFile>, Diagnostic>;

/// What [`render_groups`] renders, and with what.
pub(super) struct GroupWork<'a, 's> {
    pub(super) renderer: &'a PageRenderer<'a>,
    pub(super) groups: &'a [PathGroup],
    pub(super) slots: &'a [Slot],
    pub(super) labels: &'a [Labels],
    pub(super) sink: PageSink<'a>,
    /// `build`'s Markdown bodies, when it renders every page ([`super::BodyFile`]).
    pub(super) bodies: Option<&'a BodyStore>,
    /// What the previous build's pages' search documents were cut from.
    pub(super) search_sources: &'a crate::search::PreviousSources<'a>,
    /// Takes the search documents of the languages whose index is made as pages render.
    pub(super) search_stream: Option<&'a crate::search::IndexStream<'s>>,
}

/// Renders every group in parallel: its pages' Markdown, then its output pages (handed
/// to `sink`), then the comparison of its translations and its page reports. Nothing of
/// a group outlives it but its files, reports and diagnostics. A group `cache` holds
/// with unchanged input is taken from it instead, and so is a group `stored` (`build`'s
/// record of the previous build) still describes. Also returns how many were rendered.
pub(super) fn render_groups(
    work: &GroupWork,
    cache: Option<&mut RenderCache>,
    mut stored: Option<StoredWork>,
) -> (Vec<Arc<GroupDone>>, usize) {
    let site = work.renderer.site;
    // Each group's previous record, taken out so that its page reports can take its
    // records instead of copying them.
    let mut previous = stored
        .as_mut()
        .map(|s| s.take_previous(work.groups))
        .unwrap_or_default();
    previous.resize_with(work.groups.len(), || None);
    let produced: Vec<Produced> = {
        let cache = cache.as_deref();
        let stored = stored.as_ref();
        // Each worker's own copy of the site contexts, instead of a copy per page, and
        // its own search scratch space. The copy is made at the worker's first group to
        // render: a save takes all but one group from the cache, and copying contexts
        // that hold a large site's whole menu cost more than the save.
        let init = || (None, crate::search::Scratch::default());
        let job = |(contexts, scratch): &mut (Option<_>, crate::search::Scratch),
                   (index, (group, previous))| {
            let sources = Sources {
                cache,
                stored,
                previous,
            };
            let mut produced = produce(work, group, sources, contexts, scratch);
            if let Some(stream) = work.search_stream {
                stream.add(index, streamed_search(stream, &mut produced.done));
            }
            produced
        };
        match work.search_stream {
            // Handed to the workers one group at a time, in order, so that the groups
            // are done in about that order: the search stream takes their documents in
            // it and holds the few done ahead of their turn.
            Some(_) => {
                let mut produced: Vec<(usize, Produced)> = work
                    .groups
                    .iter()
                    .zip(previous)
                    .enumerate()
                    .par_bridge()
                    .map_init(init, |state, (index, group)| {
                        (index, job(state, (index, group)))
                    })
                    .collect();
                produced.sort_unstable_by_key(|(index, _)| *index);
                produced.into_iter().map(|(_, p)| p).collect()
            }
            None => work
                .groups
                .par_iter()
                .zip(previous)
                .enumerate()
                .map_init(init, job)
                .collect(),
        }
    };
    if let Some(cache) = cache {
        for (group, p) in work.groups.iter().zip(&produced) {
            if p.origin == Origin::Memory {
                cache.reused += 1;
            } else {
                cache.rendered += 1;
                cache.put(site, group, &p.done);
            }
        }
    }
    let rendered = produced
        .iter()
        .filter(|p| p.origin == Origin::Rendered)
        .count();
    let mut done = Vec::with_capacity(produced.len());
    for (group, p) in work.groups.iter().zip(produced) {
        if let Some(stored) = stored.as_mut() {
            stored.record(group, p.origin, p.record, p.had_record);
        }
        done.push(p.done);
    }
    (done, rendered)
}

/// The search documents of a group's pages whose language `stream` takes, taken out of
/// its result (copied if the result is shared already).
fn streamed_search(
    stream: &crate::search::IndexStream,
    done: &mut Arc<GroupDone>,
) -> Vec<crate::search::PageSearch> {
    let streams = |(_, page): &(usize, crate::search::PageSearch)| stream.streams(page.lang());
    match Arc::get_mut(done) {
        Some(done) => {
            let (taken, kept) = std::mem::take(&mut done.search)
                .into_iter()
                .partition(streams);
            done.search = kept;
            taken.into_iter().map(|(_, page)| page).collect()
        }
        None => done
            .search
            .iter()
            .filter(|p| streams(p))
            .map(|(_, page)| page.clone())
            .collect(),
    }
}

/// Where a group's result came from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Origin {
    Memory,
    Stored,
    Rendered,
}

/// Where a group's result may come from besides rendering it.
struct Sources<'a, 'b> {
    cache: Option<&'a RenderCache>,
    stored: Option<&'a StoredWork<'b>>,
    /// The group's record in the previous build's record, taken out.
    previous: Option<GroupRecord>,
}

/// A group's result, where it came from, and its record for `build`'s next record.
struct Produced {
    done: Arc<GroupDone>,
    origin: Origin,
    record: Option<GroupRecord>,
    /// Whether the previous build's record had one.
    had_record: bool,
}

/// One group's result: from the dev server's cache, from `build`'s record, or rendered.
fn produce(
    work: &GroupWork,
    group: &PathGroup,
    from: Sources,
    contexts: &mut Option<Vec<tera::Context>>,
    scratch: &mut crate::search::Scratch,
) -> Produced {
    let site = work.renderer.site;
    let had_record = from.previous.is_some();
    let (done, origin) = match from.cache.and_then(|c| c.get(site, group)) {
        Some(done) => (done, Origin::Memory),
        None => match from
            .stored
            .zip(from.previous)
            .and_then(|(stored, previous)| stored.reuse(group, previous))
        {
            Some((done, record)) => {
                return Produced {
                    done: Arc::new(done),
                    origin: Origin::Stored,
                    record: Some(record),
                    had_record,
                }
            }
            None => {
                let contexts = contexts.get_or_insert_with(|| work.renderer.site_contexts.to_vec());
                let done = render_group(work, group, contexts, scratch);
                (Arc::new(done), Origin::Rendered)
            }
        },
    };
    let record = from
        .stored
        .and_then(|stored| stored::record_group(&stored.lookup, group, &done));
    Produced {
        done,
        origin,
        record,
        had_record,
    }
}

/// `build`'s persistent cache during [`render_groups`]: the previous build's record
/// (when everything pages share is as it says) and this build's, being made.
pub(super) struct StoredWork<'a> {
    pub(super) lookup: Lookup<'a>,
    /// Emptied by [`StoredWork::take_previous`]; it still knows when it was written.
    pub(super) previous: StoredGroups,
    pub(super) lends: bool,
    pub(super) next: &'a mut StoredGroups,
    pub(super) keep: KeptSink<'a>,
}

impl StoredWork<'_> {
    /// Each group's previous record, in `groups`' order (none when the record cannot
    /// lend).
    fn take_previous(&mut self, groups: &[PathGroup]) -> Vec<Option<GroupRecord>> {
        if !self.lends {
            return Vec::new();
        }
        self.previous.take_all(self.lookup.site, groups)
    }

    /// The group's result and its next record from `previous`, if it still describes
    /// the group.
    fn reuse(
        &self,
        group: &PathGroup,
        mut previous: GroupRecord,
    ) -> Option<(GroupDone, GroupRecord)> {
        if !self.previous.describes(&self.lookup, group, &previous) {
            return None;
        }
        let done = stored::reuse_group(&self.lookup, group, &mut previous, self.keep);
        Some((done, previous))
    }

    /// Puts `group`'s record into this build's record.
    fn record(
        &mut self,
        group: &PathGroup,
        origin: Origin,
        record: Option<GroupRecord>,
        had_record: bool,
    ) {
        // A group with warnings has no record, before or now.
        if origin != Origin::Stored && (record.is_some() || had_record) {
            self.next.changed();
        }
        if let Some(record) = record {
            self.next.put(self.lookup.site, group, record);
        }
    }
}

/// One path group, start to finish, on the calling thread.
fn render_group(
    work: &GroupWork,
    group: &PathGroup,
    contexts: &mut [tera::Context],
    scratch: &mut crate::search::Scratch,
) -> GroupDone {
    let GroupWork {
        renderer,
        slots,
        sink,
        ..
    } = *work;
    let (config, site) = (renderer.config, renderer.site);
    let mut rendered = group_markdown(work, group);
    let mut search = Vec::new();
    let files = group
        .slots
        .iter()
        .map(|&index| {
            let page = renderer.render(&slots[index], &rendered, contexts);
            let lang = slots[index].lang;
            let mut main = None;
            if let Some((entry, digest)) = page.as_ref().ok().and_then(|f| {
                crate::search::page_search(config, lang, f, work.search_sources, scratch)
            }) {
                search.push((index, entry));
                main = digest;
            }
            (index, page.map(|f| sink(f, main.as_ref())))
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
) -> Vec<(usize, Arc<PageReport>)> {
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
            (index, Arc::new(report(config, site, record, slot)))
        })
        .collect()
}

/// The Markdown of each of the group's source pages: from `build`'s bodies when they
/// hold it, else rendered (and then stored there).
fn group_markdown(work: &GroupWork, group: &PathGroup) -> Vec<(usize, Rendered)> {
    let site = work.renderer.site;
    let keys = work.bodies.map(|_| BodyStore::keys(site, group));
    group
        .sources
        .iter()
        .enumerate()
        .map(|(k, &source)| {
            let key = keys.as_ref().map(|keys| &keys[k]);
            let stored = work.bodies.zip(key).and_then(|(b, key)| b.get(key));
            let rendered = stored.unwrap_or_else(|| {
                let rendered = page_markdown(work.renderer, &site.pages[source], work.labels);
                if let Some((bodies, key)) = work.bodies.zip(key) {
                    bodies.put(key, &rendered);
                }
                rendered
            });
            (source, rendered)
        })
        .collect()
}

/// Expands a page's includes, then renders its Markdown (reading its body again when
/// the load left it on disk).
fn page_markdown(renderer: &PageRenderer, page: &Page, labels: &[Labels]) -> Rendered {
    let (config, site) = (renderer.config, renderer.site);
    let page = match page.with_body(&config.fence()) {
        Ok(page) => page,
        Err(problem) => {
            return Rendered {
                diagnostics: vec![problem],
                ..Rendered::default()
            }
        }
    };
    let page = &*page;
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
    // Reports are held until the link check, after every page rendered: without the
    // room their vectors grew into (a fifth of a large build's memory is link records).
    PageReport {
        lang: slot.lang,
        rel_path: page.rel_path.clone(),
        source: page.display_path.clone(),
        url_path: page_path(&config.languages[slot.lang].code, &page.rel_path),
        anchors: fit(take_or_clone(&mut r.anchors, last)),
        hidden_ids: fit(take_or_clone(&mut r.hidden_ids, last)),
        links: fit(take_or_clone(&mut r.links, last)),
        structure: take_or_clone(&mut r.structure, last),
        fallback: slot.fallback,
        newest_date: newest_date(page),
    }
}

/// The page's newest front-matter date, located in its file (for the report of a page
/// rendered now and of one taken from `build`'s record alike).
pub(super) fn newest_date(page: &Page) -> Option<NewestDate> {
    page.front
        .newest_date()
        .map(|(date, key, offset)| NewestDate {
            date,
            key,
            at: page.line_index.locate(&page.text, offset),
        })
}

/// `v` without spare room.
fn fit<T>(mut v: Vec<T>) -> Vec<T> {
    v.shrink_to_fit();
    v
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
