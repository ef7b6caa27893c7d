//! What each page's search documents are cut from ([`SourceDigest`]), kept per page in
//! `build`'s record ([`StoredIndex::sources`]): a page rendered again whose `<main>` and
//! `[search] synonyms` are as they were takes its documents from the record instead of
//! being cut again ([`super::page_search`]), so an edit that renders every page again
//! (a template, a title that every page's menu shows) costs the index next to nothing.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::{PageSearch, StoredIndex};
use crate::config::Config;
use crate::render::Digest;

/// What a page's search documents are cut from: the BLAKE3 digest (its first 16 bytes)
/// of `[search] synonyms` and the page's `<main>`, the only part the scanner reads
/// ([`super::sections::scan_page`]). A page rendered again whose digest the record has (a
/// template edit outside `<main>`, a title shown in the menu of every page) takes its
/// documents from the record instead of being cut again ([`super::page_search`]).
pub type SourceDigest = [u8; 16];

/// The previous build's source digests of each language's pages, by URL, when its
/// documents file is trusted (else none: every page is cut), and whether this build
/// takes each page's digest for its own record.
pub struct PreviousSources<'a> {
    by_lang: Vec<Option<&'a HashMap<String, SourceDigest>>>,
    pub(super) digests: bool,
    /// The hasher of [`SourceDigest`] with `[search] synonyms` fed already: the same
    /// for every page, so fed once per build.
    synonyms: blake3::Hasher,
    /// Pages whose documents were taken from the record, and pages cut
    /// ([`PreviousSources::counts`]).
    taken: AtomicUsize,
    cut: AtomicUsize,
}

impl<'a> PreviousSources<'a> {
    /// Those of `previous`, the record's index of each language. `digests`: whether
    /// this build keeps a record (`build` does, the dev server does not). A build
    /// without a previous record takes them too (about 2 % of a full build at 1,000
    /// pages per language with the default theme), so that the next template edit
    /// finds them.
    pub fn new(
        config: &Config,
        previous: &'a [Option<(StoredIndex, bool)>],
        digests: bool,
    ) -> Self {
        PreviousSources {
            by_lang: previous
                .iter()
                .map(|p| {
                    p.as_ref()
                        .filter(|(i, _)| i.docs.is_some())
                        .map(|(i, _)| &i.sources)
                })
                .collect(),
            digests,
            synonyms: synonyms_hasher(config),
            taken: AtomicUsize::new(0),
            cut: AtomicUsize::new(0),
        }
    }

    pub(super) fn get(&self, lang: usize, url: &str) -> Option<&SourceDigest> {
        self.by_lang.get(lang).copied().flatten()?.get(url)
    }

    /// Counts a page whose documents are taken from the record (`taken`) or cut from
    /// its HTML.
    pub(super) fn count(&self, taken: bool) {
        let counter = if taken { &self.taken } else { &self.cut };
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// How many pages took their documents from the record, and how many were cut
    /// from their HTML.
    pub fn counts(&self) -> (usize, usize) {
        let load = |c: &AtomicUsize| c.load(Ordering::Relaxed);
        (load(&self.taken), load(&self.cut))
    }

    /// The digest of a page's search source ([`SourceDigest`]), given the digest of its
    /// `<main>`.
    pub(super) fn source_digest(&self, main: &Digest) -> SourceDigest {
        let mut hasher = self.synonyms.clone();
        hasher.update(main);
        let mut digest = [0; 16];
        digest.copy_from_slice(&hasher.finalize().as_bytes()[..16]);
        digest
    }
}

/// A hasher fed with what [`SourceDigest`] takes before a page's `<main>`: `[search]
/// synonyms`.
fn synonyms_hasher(config: &Config) -> blake3::Hasher {
    let mut hasher = blake3::Hasher::new();
    for group in &config.search.synonyms {
        for word in group {
            hasher.update(&(word.len() as u64).to_le_bytes());
            hasher.update(word.as_bytes());
        }
        hasher.update(&u64::MAX.to_le_bytes());
    }
    hasher.update(b"\0main\0");
    hasher
}

/// Each page's source digest for this build's record: a page cut now gives its own, a
/// page whose documents come from the record keeps the one the record has.
pub(super) fn next_sources(
    pages: &[PageSearch],
    previous: Option<&(StoredIndex, bool)>,
) -> HashMap<String, SourceDigest> {
    let old = previous.map(|(index, _)| &index.sources);
    pages
        .iter()
        .filter_map(|page| match page {
            PageSearch::Fresh(docs, digest) => Some((docs.url.clone(), (*digest)?)),
            PageSearch::Stored { path, .. } => {
                let url = super::page_url(path)?;
                let digest = *old?.get(&url)?;
                Some((url, digest))
            }
        })
        .collect()
}
