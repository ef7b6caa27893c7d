//! The internal link checks `build` and `serve` run: the same [`internal`] and
//! [`template`] checks as `tebiki check` (links, anchors, images, alt text, hidden
//! anchors, links to old addresses), on the site just rendered.
//!
//! `build` hands its pages to the staging directory as they are rendered, so their bytes
//! are gone by the time the site is complete. [`PageScans`] keeps what the check needs of
//! each page (its ids and links, one scan while the page is still in memory) instead.
//!
//! `[build] links = "warning"` in site.toml turns the errors found here into warnings;
//! `"off"` leaves the checks to `tebiki check` (a build then does none of this work).
//!
//! [`internal`]: super::internal
//! [`template`]: super::template

use std::sync::{Arc, Mutex};

use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

use super::index::{scan, HtmlFile, SiteIndex};
use super::LinkCache;
use super::{internal, template, Context, Findings};
use crate::build::Built;
use crate::diagnostics::{Diagnostic, Severity};
use crate::render::OutputFile;

/// `[build] links`: whether a broken internal link, anchor or image fails `build`
/// (`"error"`, the default), is only reported (`"warning"`), or is not looked for at all
/// (`"off"`: `tebiki check` still finds it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkLevel {
    #[default]
    Error,
    Warning,
    Off,
}

/// The ids and links of pages written before the site was complete, by output path.
#[derive(Debug, Default)]
pub struct PageScans {
    scans: Mutex<FxHashMap<String, Arc<HtmlFile>>>,
    written: Mutex<FxHashSet<String>>,
}

impl PageScans {
    /// Keeps what the link check needs of `file` (from any thread) and gives the file's
    /// stand-in for the site's file list: its path, without its bytes.
    pub fn keep(&self, file: OutputFile) -> OutputFile {
        let scanned = file
            .path
            .ends_with(".html")
            .then(|| Arc::new(scan(&file.bytes)));
        self.keep_scanned(file.path, scanned)
    }

    /// [`PageScans::keep`] for a file scanned by an earlier build (`build`'s cache): its
    /// path and its scan.
    pub fn keep_scanned(&self, path: String, scanned: Option<Arc<HtmlFile>>) -> OutputFile {
        if let Some(scanned) = scanned {
            lock(&self.scans).insert(path.clone(), scanned);
        }
        lock(&self.written).insert(path.clone());
        OutputFile {
            path,
            bytes: bytes::Bytes::new(),
        }
    }

    /// Whether `file` is the stand-in of a page already written.
    pub fn is_stand_in(&self, file: &OutputFile) -> bool {
        file.bytes.is_empty() && lock(&self.written).contains(&file.path)
    }

    /// The scan of the file at `path`, if it was kept.
    pub fn scan_of(&self, path: &str) -> Option<Arc<HtmlFile>> {
        lock(&self.scans).get(path).cloned()
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// The link problems of a rendered site. `scans` holds the pages whose bytes in
/// `built.site.files` were left out because they were already written; `cache` (the dev
/// server) the previous build's check, whose scans and verdicts are reused where nothing
/// they depend on changed ([`LinkCache`]).
pub fn check_built_links(
    built: &Built,
    scans: Option<&PageScans>,
    mut cache: Option<&mut LinkCache>,
) -> Vec<Diagnostic> {
    if built.config.build.links == LinkLevel::Off {
        return Vec::new();
    }
    let _span = crate::timings::span("check links");
    let codes: Vec<String> = built
        .config
        .languages
        .iter()
        .map(|l| l.code.clone())
        .collect();
    let index_span = crate::timings::span("link index");
    let mut index = SiteIndex::new(&built.site, &codes, cache.as_deref().map(|c| &c.scans));
    if let Some(scans) = scans {
        index.adopt(&lock(&scans.scans));
    }
    if let Some(cache) = cache.as_deref_mut() {
        cache.remember_scans(&index);
    }
    drop(index_span);
    let ctx = Context::new(built, index);
    let diagnostics = match cache {
        Some(cache) => cache.check(&ctx),
        // The theme's links on one worker, the pages' own links on all of them.
        None => {
            let (mut content, theme) = rayon::join(
                || internal::content_link_problems(&ctx),
                || {
                    let mut findings = Findings::default();
                    template::check_template_links(&ctx, &mut findings);
                    findings.diagnostics
                },
            );
            content.extend(theme);
            content
        }
    };
    let relaxed = built.config.build.links == LinkLevel::Warning;
    diagnostics
        .into_iter()
        .map(|mut d| {
            if relaxed {
                d.severity = Severity::Warning;
            }
            d
        })
        .collect()
}
