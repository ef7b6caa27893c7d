//! What the dev server keeps between builds so that a save re-renders only the pages it
//! touched ([`RenderCache`]).
//!
//! Rendering is done per content path (a [`PathGroup`]: `faq.md` in every language). A
//! group's result depends on its own pages' text and on what every page shares: the
//! configuration, the templates, the UI strings, the snippets, the content files present,
//! and every page's path and front matter (titles, steps, weights and dates show up in
//! menus, step navigation, checklists, switchers and `pages()`). The cache writes all of
//! that shared input down as one [`shared_key`]; when it changes in any way everything is
//! rendered again, otherwise a group whose pages' text is unchanged is taken as it was.
//!
//! The key is a full copy of those inputs, compared for equality, not a hash: a stale page
//! would be a silent, wrong preview. A page's front matter is compared by identity first
//! (the load stage hands unchanged pages on as they were, [`crate::load::PageCache`]),
//! so only a page read again is compared field by field. A group's result is kept and
//! handed out by reference ([`Arc`]), never copied.

use rustc_hash::FxHashMap;
use std::fmt::Write as _;
use std::sync::Arc;

use super::extras::StaticFile;
use super::{templates, GroupDone, PathGroup, Prepared};
use crate::config::Config;
use crate::load::{FrontMatter, Site};

/// Rendered path groups of the previous build, reused while their inputs are unchanged.
#[derive(Default)]
pub struct RenderCache {
    shared: Option<SharedKey>,
    groups: FxHashMap<String, CachedGroup>,
    /// Whether the previous build used only UI strings that exist and format: a missing
    /// string is reported from what the pages asked for while rendering, so a build
    /// that reused pages could not report it again.
    reusable: bool,
    /// What every page of the previous build shared ([`Prepared`]), made from `shared`.
    prepared: Option<Arc<Prepared>>,
    /// Groups taken from the cache and rendered, in the last build.
    pub reused: usize,
    pub rendered: usize,
    /// Whether the last build took what pages share from the cache.
    pub prepared_reused: bool,
    /// Whether the search index files are left to the caller
    /// ([`super::RenderedSite::search_later`]).
    pub(super) search_later: bool,
}

struct CachedGroup {
    /// Each source page of the group with its whole file text.
    texts: Vec<(usize, Arc<str>)>,
    done: Arc<GroupDone>,
}

impl RenderCache {
    /// From now on, leaves the search index files of each build to be made by the
    /// caller after it served the pages ([`super::RenderedSite::search_later`]).
    pub fn make_search_later(&mut self) {
        self.search_later = true;
    }

    /// What the previous build's pages shared, if it was made from the same shared
    /// inputs (`shared`, [`shared_key`]) on the same day.
    pub(super) fn prepared_for(&self, shared: &SharedKey) -> Option<Arc<Prepared>> {
        let prepared = self.prepared.as_ref()?;
        let same = self.reusable
            && self.shared.as_ref() == Some(shared)
            && prepared.today == crate::dates::today();
        same.then(|| Arc::clone(prepared))
    }

    /// Starts a build whose shared inputs are `shared` ([`shared_key`]) and whose pages
    /// share `prepared`: forgets every group when the inputs differ from the previous
    /// build's.
    pub(super) fn begin(&mut self, shared: SharedKey, prepared: &Arc<Prepared>) {
        self.prepared_reused = self
            .prepared
            .as_ref()
            .is_some_and(|p| Arc::ptr_eq(p, prepared));
        // Not reused: the shared inputs (or the day) differ from the previous build's.
        if !self.prepared_reused {
            self.groups.clear();
        }
        self.shared = Some(shared);
        self.prepared = Some(Arc::clone(prepared));
        self.reused = 0;
        self.rendered = 0;
    }

    /// `group`'s previous result, if its pages' text is the same.
    pub(super) fn get(&self, site: &Site, group: &PathGroup) -> Option<Arc<GroupDone>> {
        let cached = self.groups.get(group_name(site, group))?;
        let same = cached.texts.len() == group.sources.len()
            && cached
                .texts
                .iter()
                .zip(&group.sources)
                .all(|((source, text), &now)| {
                    let now_text = &site.pages[now].text;
                    *source == now && (Arc::ptr_eq(text, now_text) || text == now_text)
                });
        same.then(|| Arc::clone(&cached.done))
    }

    /// Keeps `done`, the result of `group`, rendered now.
    pub(super) fn put(&mut self, site: &Site, group: &PathGroup, done: &Arc<GroupDone>) {
        let texts = group
            .sources
            .iter()
            .map(|&s| (s, Arc::clone(&site.pages[s].text)))
            .collect();
        self.groups.insert(
            group_name(site, group).to_string(),
            CachedGroup {
                texts,
                done: Arc::clone(done),
            },
        );
    }

    /// Records whether the build that just ended can lend its groups to the next one.
    pub(super) fn end(&mut self, translations_clean: bool) {
        self.reusable = translations_clean;
    }
}

fn group_name<'a>(site: &'a Site, group: &PathGroup) -> &'a str {
    group
        .sources
        .first()
        .map(|&s| site.pages[s].rel_path.as_str())
        .unwrap_or("")
}

/// Everything a page's output may depend on besides its own group's text.
pub(super) struct SharedKey {
    /// The configuration, the templates, the UI strings, the content files present and
    /// their stamps, the pages that failed to load, the snippets, the static files.
    text: String,
    /// Every page's language, path and front matter, in the site's order.
    pages: Vec<(usize, String, Arc<FrontMatter>)>,
    /// Where the templates are in `text`: what pages' Markdown does not read
    /// ([`SharedKey::markdown_digest`]).
    templates: std::ops::Range<usize>,
}

impl PartialEq for SharedKey {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
            && self.pages.len() == other.pages.len()
            && self.pages.iter().zip(&other.pages).all(|(a, b)| {
                a.0 == b.0
                    && a.1 == b.1
                    && (Arc::ptr_eq(&a.2, &b.2) || format!("{:?}", a.2) == format!("{:?}", b.2))
            })
    }
}

impl SharedKey {
    /// A digest of the whole key, for `build`'s record on disk ([`super::StoredGroups`]),
    /// where keeping a full copy of every page's front matter would cost more to read
    /// than it saves. Each page's front matter enters as the text it was parsed from
    /// (`site`'s pages are the ones the key was made from): the same text always parses
    /// the same, and hashing it costs a fraction of formatting the parsed values. The
    /// tebiki program itself is part of it: a record written by another version or build
    /// of tebiki is never trusted.
    pub(super) fn digest(&self, site: &Site) -> super::stored::Digest {
        self.digest_of(site, &[&self.text])
    }

    /// The digest of what pages' Markdown depends on besides its group's text: the key
    /// without the templates (`build`'s bodies, [`super::BodyFile`]).
    pub(super) fn markdown_digest(&self, site: &Site) -> super::stored::Digest {
        let before = &self.text[..self.templates.start];
        let after = &self.text[self.templates.end..];
        self.digest_of(site, &[before, after])
    }

    /// The digest of the program, `text` (the key's text, or the parts of it taken as
    /// one field) and every page's language, path and front matter.
    fn digest_of(&self, site: &Site, text: &[&str]) -> super::stored::Digest {
        let mut hasher = blake3::Hasher::new();
        field(&mut hasher, &[program_identity().as_bytes()]);
        let text: Vec<&[u8]> = text.iter().map(|part| part.as_bytes()).collect();
        field(&mut hasher, &text);
        for page in &site.pages {
            field(&mut hasher, &[&(page.lang as u64).to_le_bytes()]);
            field(&mut hasher, &[page.rel_path.as_bytes()]);
            let front = page.text.as_bytes().get(..page.body_start);
            field(&mut hasher, &[front.unwrap_or_default()]);
        }
        *hasher.finalize().as_bytes()
    }
}

/// Hashes `parts` as one field: their length in all, then their bytes.
fn field(hasher: &mut blake3::Hasher, parts: &[&[u8]]) {
    let len: usize = parts.iter().map(|part| part.len()).sum();
    hasher.update(&(len as u64).to_le_bytes());
    for part in parts {
        hasher.update(part);
    }
}

/// tebiki's version and its executable file's size and modification time.
fn program_identity() -> String {
    let exe = std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| format!("{} {:?}", m.len(), m.modified().ok()))
        .unwrap_or_default();
    format!("tebiki {} {exe}\n", env!("CARGO_PKG_VERSION"))
}

/// Everything a page's output may depend on besides its own group's text.
pub(super) fn shared_key(
    config: &Config,
    site: &Site,
    theme: &templates::Theme,
    static_files: &[StaticFile],
) -> SharedKey {
    let mut key = String::with_capacity(64 * 1024);
    let _ = writeln!(key, "{config:?}");
    // Pages show the announcement only between its dates, and templates may read the
    // environment variables the site allows (`get_env`): both change pages without
    // any file changing.
    let shown = config
        .announcement
        .as_ref()
        .map(|a| a.shown_on(crate::dates::today()));
    let _ = writeln!(key, "announcement shown: {shown:?}");
    let allowed = super::theme_guard::EnvAllowlist::new(&config.security.env);
    let mut env: Vec<(String, String)> = std::env::vars_os()
        .map(|(name, value)| {
            let name = name.to_string_lossy().into_owned();
            (name, value.to_string_lossy().into_owned())
        })
        .filter(|(name, _)| allowed.allows(name))
        .collect();
    env.sort();
    let _ = writeln!(key, "environment: {env:?}");
    let templates_start = key.len();
    for (name, source) in theme
        .sources_from_site(false)
        .into_iter()
        .chain(theme.sources_from_site(true))
    {
        let _ = writeln!(key, "template {name}\n{source}");
    }
    let templates = templates_start..key.len();
    for language in &config.languages {
        let path = config.i18n_dir().join(format!("{}.ftl", language.code));
        let text = config.fence().read(&path).unwrap_or_default();
        let _ = writeln!(key, "strings {}\n{}", language.code, text.len());
        key.push_str(&String::from_utf8_lossy(&text));
    }
    let _ = writeln!(key, "{:?}", site.assets);
    // Pages carry their images' width and height (and a screenshot's marker positions
    // depend on them), so a changed image file re-renders like a template edit.
    for asset in &site.assets {
        if let Ok(meta) = std::fs::symlink_metadata(&asset.source) {
            let _ = writeln!(key, "{} {:?}", meta.len(), meta.modified().ok());
        }
    }
    let mut failed: Vec<_> = site.failed.iter().collect();
    failed.sort();
    let _ = writeln!(key, "{failed:?}\n{:?}", site.snippets);
    key.push_str(&static_key(static_files));
    SharedKey {
        text: key,
        pages: site
            .pages
            .iter()
            .map(|page| (page.lang, page.rel_path.clone(), Arc::clone(&page.front)))
            .collect(),
        templates,
    }
}

/// The static files' paths, sizes and modification times: `asset_url()` puts a checksum
/// of each static file into the pages, so a changed file must re-render them like a
/// template edit.
fn static_key(static_files: &[StaticFile]) -> String {
    let mut key = String::new();
    for file in static_files {
        let stamp = std::fs::symlink_metadata(&file.source)
            .map(|m| format!("{} {:?}", m.len(), m.modified().ok()))
            .unwrap_or_default();
        key.push_str(&format!("{}\t{stamp}\n", file.path));
    }
    key
}
