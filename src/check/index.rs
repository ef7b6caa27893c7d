//! The index `check` works from: every built file by path, and for each HTML file the ids
//! it carries and the links in it. One scan per HTML file, in parallel; nothing is parsed
//! twice.

use std::borrow::Cow;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use super::resolve::FileSet;
use crate::markdown::raw_html::{for_each_attribute, for_each_link_url};
use crate::render::{OutputFile, RenderedSite};
use crate::urls::page_output;

/// What one rendered HTML file contains (kept in `build`'s cache for the pages it does not
/// render again).
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct HtmlFile {
    /// Every `id` (and `<a name>`), the targets of `#fragment`s.
    pub ids: FxHashSet<String>,
    /// Ids that occur more than once, in order of their second occurrence.
    pub duplicate_ids: Vec<String>,
    /// Every `href`/`src` value, in document order, one after the other in one string
    /// (a page has a hundred or more: one allocation instead of one each).
    link_text: String,
    /// The end of each link in `link_text`.
    link_ends: Vec<usize>,
}

impl HtmlFile {
    /// Every `href`/`src` value (and `srcset` candidate), in document order.
    pub fn links(&self) -> impl Iterator<Item = &str> + '_ {
        let starts = std::iter::once(0).chain(self.link_ends.iter().copied());
        starts
            .zip(&self.link_ends)
            .map(|(start, &end)| &self.link_text[start..end])
    }

    fn push_link(&mut self, url: &str) {
        self.link_text.push_str(url);
        self.link_ends.push(self.link_text.len());
    }
}

/// The built site, indexed for lookups.
pub struct SiteIndex<'a> {
    pub files: FileSet<'a>,
    pub outputs: &'a [OutputFile],
    /// By index into `outputs`; only HTML files.
    pub html: FxHashMap<usize, Arc<HtmlFile>>,
    /// Output file index → index into `RenderedSite::pages`.
    pub page_of_file: FxHashMap<usize, usize>,
    /// Index into `RenderedSite::pages` → output file index.
    pub file_of_page: Vec<Option<usize>>,
}

impl<'a> SiteIndex<'a> {
    /// Indexes `site`, scanning each HTML file, or taking its scan from `cache` when the
    /// file's bytes are the ones it was made from.
    pub fn new(site: &'a RenderedSite, codes: &[String], cache: Option<&ScanCache>) -> Self {
        let files = FileSet::new(&site.files).with_unloaded(&site.unloaded);
        let html = site
            .files
            .par_iter()
            .enumerate()
            .filter(|(_, f)| f.path.ends_with(".html"))
            .map(|(i, f)| {
                let scanned = cache
                    .and_then(|c| c.get(f))
                    .unwrap_or_else(|| Arc::new(scan(&f.bytes)));
                (i, scanned)
            })
            .collect();
        let file_of_page: Vec<Option<usize>> = site
            .pages
            .iter()
            .map(|p| files.lookup(&page_output(&codes[p.lang], &p.rel_path)))
            .collect();
        let page_of_file = file_of_page
            .iter()
            .enumerate()
            .filter_map(|(page, file)| file.map(|f| (f, page)))
            .collect();
        SiteIndex {
            files,
            outputs: &site.files,
            html,
            page_of_file,
            file_of_page,
        }
    }

    /// Takes the scans of files whose bytes were already written and left out
    /// ([`super::PageScans`]), by output path.
    pub fn adopt(&mut self, scans: &FxHashMap<String, Arc<HtmlFile>>) {
        for (i, file) in self.outputs.iter().enumerate() {
            if let Some(scanned) = scans.get(&file.path) {
                self.html.insert(i, Arc::clone(scanned));
            }
        }
    }

    /// The URL path (below `base_path`) a file is served at: `ja/faq/` for
    /// `ja/faq/index.html`.
    pub fn url_of(&self, file: usize) -> String {
        let path = &self.outputs[file].path;
        match path.strip_suffix("index.html") {
            Some(dir) if dir.is_empty() || dir.ends_with('/') => dir.to_string(),
            _ => path.clone(),
        }
    }
}

/// The scans of the previous build's HTML files, each with the bytes it was made from
/// (the dev server: a page taken from the render cache keeps its bytes, and its scan).
#[derive(Default)]
pub struct ScanCache {
    scans: FxHashMap<String, (bytes::Bytes, Arc<HtmlFile>)>,
}

impl ScanCache {
    /// The scan of `file`, if it was made from the same bytes: the same shared buffer
    /// (which the cache keeps alive, so it cannot have been reused), or equal contents.
    fn get(&self, file: &OutputFile) -> Option<Arc<HtmlFile>> {
        let (bytes, scanned) = self.scans.get(&file.path)?;
        let same = (bytes.as_ptr() == file.bytes.as_ptr() && bytes.len() == file.bytes.len())
            || *bytes == file.bytes;
        same.then(|| Arc::clone(scanned))
    }

    /// Keeps the scans of `index` for the next build: only the scans that are new are
    /// stored again; the scans of files no longer built are dropped when the number of
    /// HTML files changed.
    pub(super) fn remember(&mut self, index: &SiteIndex) {
        if self.scans.len() != index.html.len() {
            self.scans.clear();
        }
        for (&i, scanned) in &index.html {
            let file = &index.outputs[i];
            match self.scans.get_mut(file.path.as_str()) {
                Some((_, kept)) if Arc::ptr_eq(kept, scanned) => {}
                Some(entry) => *entry = (file.bytes.clone(), Arc::clone(scanned)),
                None => {
                    self.scans
                        .insert(file.path.clone(), (file.bytes.clone(), Arc::clone(scanned)));
                }
            }
        }
        if self.scans.len() != index.html.len() {
            // Files renamed: drop the scans of paths no longer built.
            let built: std::collections::HashSet<&str> = index
                .html
                .keys()
                .map(|&i| index.outputs[i].path.as_str())
                .collect();
            self.scans.retain(|path, _| built.contains(path.as_str()));
        }
    }
}

/// The ids and links of one HTML file.
pub(super) fn scan(bytes: &[u8]) -> HtmlFile {
    // Built pages are valid UTF-8 (they were Strings); the SIMD check costs a fraction of
    // `from_utf8_lossy`'s, which walks the text one chunk at a time.
    let text = match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    };
    let mut out = HtmlFile::default();
    for_each_attribute(&text, |attribute| {
        // Only `id`, `name`, `src`, `href`, `poster` and `srcset` matter: most attributes
        // (`class`, `lang`, `aria-*` …) are ruled out by their length alone.
        if !matches!(attribute.name.len(), 2..=4 | 6) {
            return;
        }
        let is_id = attribute.name_is("id");
        if is_id || (attribute.tag_is("a") && attribute.name_is("name")) {
            if out.ids.contains(attribute.value.as_ref()) {
                if is_id {
                    out.duplicate_ids.push(attribute.value.into_owned());
                }
            } else {
                out.ids.insert(attribute.value.into_owned());
            }
        } else {
            for_each_link_url(&attribute, |_, url| out.push_link(url));
        }
    });
    out
}

#[cfg(test)]
mod tests {
    use super::scan;

    #[test]
    fn ids_duplicates_and_links() {
        let html =
            br##"<a href="#x" id="x"></a><h2 id="x">T</h2><a name="old"></a><img src="a.png">"##;
        let file = scan(html);
        assert!(file.ids.contains("x") && file.ids.contains("old"));
        assert_eq!(file.duplicate_ids, ["x"]);
        assert_eq!(file.links().collect::<Vec<_>>(), ["#x", "a.png"]);
    }
}
