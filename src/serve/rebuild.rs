//! The dev server's state: the last good site, the last build's errors, the open event
//! streams; and the rebuild that moves it from one build to the next.
//!
//! A rebuild builds the whole site in memory and swaps it in with one pointer store,
//! so a request sees either the old site or the new one, never a mix or a half-written
//! file. A failed rebuild leaves the served site as it was. Only the pages whose input
//! changed are rendered again ([`RenderCache`]): a saved page and its translations, or
//! everything when what pages share (a title, a step, a template, site.toml) changed.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;

use serde::Serialize;

use super::classify::{Change, WatchScope};
use super::events::{Hub, Message};
use super::site_store::SiteFiles;
use super::words::OverlayWords;
use crate::build::{build_site, BuildCache, BuildOptions, Mode};
use crate::diagnostics::{print_diagnostics, Code, Diagnostic, Lang, Severity, Text};
use crate::error::{print_error, Error};

/// What requests are answered from. Replaced whole on every build.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// The number of the build `site` came from (0: no build has succeeded yet).
    pub build: u64,
    pub site: Arc<SiteFiles>,
    /// The diagnostics of the last build as JSON, when it failed.
    pub errors: Option<String>,
    /// The warnings of the last build as JSON, when it succeeded with some.
    pub warnings: Option<String>,
    /// The overlay's words, in tebiki's message language.
    pub words: Arc<OverlayWords>,
}

/// Everything the server threads share.
pub struct ServeState {
    pub options: BuildOptions,
    /// The language of tebiki's messages (`--messages`).
    pub lang: Lang,
    snapshot: RwLock<Arc<Snapshot>>,
    /// Builds attempted so far; numbers builds for the `reload` event.
    attempts: RwLock<u64>,
    /// Held for a whole rebuild, so builds finish in the order they started; holds what
    /// the last build rendered, for the next one to reuse.
    building: Mutex<BuildCache>,
    pub hub: Hub,
    scope: RwLock<WatchScope>,
    /// File-system events that change what the build reads, as the watcher received
    /// them: the look for unseen changes stops when this moves.
    noticed: AtomicU64,
}

/// One diagnostic as the error overlay shows it, its words in the chosen language.
#[derive(Debug, Serialize)]
struct OverlayEntry<'a> {
    location: String,
    severity: Severity,
    code: Code,
    path: &'a std::path::Path,
    line: usize,
    column: usize,
    message: String,
    help: Option<String>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    included_from: &'a [crate::diagnostics::IncludedFrom],
    /// The command that explains the code, in the same language.
    explain: String,
}

impl ServeState {
    pub fn new(options: BuildOptions, lang: Lang) -> Self {
        let scope = WatchScope {
            output_dir: options.root.join("public"),
            root: options.root.clone(),
            ignore: Vec::new(),
        };
        ServeState {
            options,
            lang,
            snapshot: RwLock::default(),
            attempts: RwLock::new(0),
            building: Mutex::new(serve_cache()),
            hub: Hub::default(),
            scope: RwLock::new(scope),
            noticed: AtomicU64::new(0),
        }
    }

    /// The current snapshot; cheap (one `Arc` clone).
    pub fn snapshot(&self) -> Arc<Snapshot> {
        Arc::clone(&self.snapshot.read().unwrap_or_else(|e| e.into_inner()))
    }

    pub fn base_path(&self) -> String {
        let base = self.snapshot().site.base_path.clone();
        if base.is_empty() {
            "/".into()
        } else {
            base
        }
    }

    /// The site root and output directory, as of the last build that read site.toml.
    pub fn scope(&self) -> WatchScope {
        self.scope.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// The messages a newly opened page gets first: the build it should show, and the
    /// errors of the last build if it failed.
    pub fn greeting(&self) -> Vec<Message> {
        let snapshot = self.snapshot();
        let mut messages = vec![Message::new("hello", snapshot.build.to_string())];
        if let Some(errors) = &snapshot.errors {
            messages.push(Message::new("error", errors.clone()));
        }
        if let Some(warnings) = &snapshot.warnings {
            messages.push(Message::new("warnings", warnings.clone()));
        }
        messages
    }

    /// Rebuilds the site, swaps it in and tells every open page. `named`: the files the
    /// watcher reported, read again; every other page is taken as it was (see
    /// [`ServeState::unseen_changes`] for what the watcher missed).
    pub fn rebuild(&self, change: Change, named: Vec<PathBuf>) {
        let mut cache = self.building.lock().unwrap_or_else(|e| e.into_inner());
        self.build_and_serve(&mut cache, change, named);
    }

    /// Called by the watcher for every event that changes what the build reads, as it
    /// arrives (before the debounce): a look for unseen changes running then stops.
    pub fn notice_change(&self) {
        self.noticed.fetch_add(1, Ordering::SeqCst);
    }

    /// The files changed without a watcher event since the last build
    /// ([`crate::load::PageCache::changed_unseen`]: a walk and a `stat` per file), for
    /// the watcher to build again with. The watcher looks once a served build has been
    /// left alone for a moment; `None` when a change was noticed while looking (the look
    /// stops then, so it never delays a save's page, and runs again after its build).
    pub fn unseen_changes(&self) -> Option<Vec<PathBuf>> {
        let span = crate::timings::span("look for unseen changes");
        let noticed = self.noticed.load(Ordering::SeqCst);
        let interrupted = || self.noticed.load(Ordering::SeqCst) != noticed;
        let cache = self.building.lock().unwrap_or_else(|e| e.into_inner());
        let unseen = match crate::build::load_build_config(&self.options) {
            Ok(config) => cache.pages.changed_unseen_unless(&config, &interrupted),
            Err(_) => Some(Vec::new()),
        };
        drop(span);
        crate::timings::print();
        let unseen = unseen?;
        if let Some(first) = unseen.first() {
            crate::errln!(
                "{} changed without a file-system event: building again",
                first.display()
            );
        }
        Some(unseen)
    }

    /// The watcher may have lost events: the next build reads every file whose size or
    /// times changed, and walks the content folders again.
    pub fn doubt_watcher(&self) {
        let mut cache = self.building.lock().unwrap_or_else(|e| e.into_inner());
        cache.pages.doubt_watcher();
    }

    fn build_and_serve(&self, cache: &mut BuildCache, change: Change, named: Vec<PathBuf>) {
        cache.pages.name_changed(named);
        let number = {
            let mut attempts = self.attempts.write().unwrap_or_else(|e| e.into_inner());
            *attempts += 1;
            *attempts
        };
        let started = Instant::now();
        let previous = self.snapshot();
        match build_site(&self.options, Mode::Memory(Some(cache))) {
            Ok(mut built) => {
                print_diagnostics(&built.warnings, self.lang);
                *self.scope.write().unwrap_or_else(|e| e.into_inner()) = WatchScope {
                    root: self.options.root.clone(),
                    output_dir: built.config.output_dir.clone(),
                    ignore: built.config.ignore.clone(),
                };
                let words = OverlayWords::new(self.lang);
                let search_later = built.site.search_later.take();
                let files = std::mem::take(&mut built.site.files);
                let base_path = &built.config.base_path;
                let span = crate::timings::span("served files");
                let site = Arc::new(match &search_later {
                    Some(_) => SiteFiles::before_search(files, base_path, &previous.site),
                    None => SiteFiles::new(files, base_path),
                });
                drop(span);
                let warnings =
                    (!built.warnings.is_empty()).then(|| entries_json(&built.warnings, self.lang));
                self.store(Snapshot {
                    build: number,
                    site: Arc::clone(&site),
                    errors: None,
                    warnings,
                    words: Arc::new(words),
                });
                let event = match (change, previous.errors.is_some()) {
                    (Change::Css, false) => "css",
                    _ => "reload",
                };
                let line = crate::text!(
                    "serve-built",
                    build = number,
                    pages = built.pages_per_language.iter().sum::<usize>(),
                    ms = started.elapsed().as_millis(),
                    rendered = cache.render.rendered,
                    paths = cache.render.rendered + cache.render.reused
                );
                crate::errln!("{}", line.render(self.lang));
                self.hub.broadcast(&Message::new(event, number.to_string()));
                // The page is served; now the search index (still under the build lock,
                // so the next build starts from this one's index).
                if let Some(later) = search_later {
                    let _span = crate::timings::span("search index, after serving");
                    site.finish_search(later.files());
                }
                crate::timings::print();
            }
            Err(error) => {
                print_error(&error, self.lang);
                if previous.build > 0 {
                    let line = crate::text!("serve-last-good", build = previous.build);
                    crate::errln!("  {}", line.render(self.lang));
                }
                let errors = overlay_json(&error, self.lang);
                let words = Arc::new(OverlayWords::new(self.lang));
                self.store(Snapshot {
                    build: previous.build,
                    site: Arc::clone(&previous.site),
                    errors: Some(errors.clone()),
                    warnings: None,
                    words,
                });
                self.hub.broadcast(&Message::new("error", errors));
            }
        }
    }

    fn store(&self, snapshot: Snapshot) {
        *self.snapshot.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(snapshot);
    }
}

/// The dev server's build cache: it trusts the watcher's names (no walk and no `stat`
/// per page on a save) and looks for what the watcher missed after serving; it makes
/// the search index after serving the pages.
fn serve_cache() -> BuildCache {
    let mut cache = BuildCache::default();
    cache.pages.trust_watcher();
    cache.render.make_search_later();
    cache
}

/// The diagnostics of a failed build as a JSON list; an error without diagnostics (a
/// file that could not be read) becomes one entry with its message and causes.
fn overlay_json(error: &Error, lang: Lang) -> String {
    let fallback;
    let diagnostics = if error.diagnostics().is_empty() {
        fallback = [Diagnostic::error(
            Code::BuildFailed,
            error_path(error),
            error_chain(error),
        )];
        &fallback[..]
    } else {
        error.diagnostics()
    };
    entries_json(diagnostics, lang)
}

/// Diagnostics as the overlay and the warnings panel read them: a JSON list.
fn entries_json(diagnostics: &[Diagnostic], lang: Lang) -> String {
    let entries: Vec<OverlayEntry> = diagnostics
        .iter()
        .map(|d| OverlayEntry {
            location: d.location(),
            severity: d.severity,
            code: d.code,
            path: &d.path,
            line: d.line,
            column: d.column,
            message: d.message.render(lang).into_owned(),
            help: d.help.as_ref().map(|h| h.render(lang).into_owned()),
            included_from: &d.included_from,
            explain: crate::diagnostics::message(
                lang,
                "explain-pointer",
                &[("code", d.code.to_string())],
            ),
        })
        .collect();
    serde_json::to_string(&entries).unwrap_or_else(|_| "[]".into())
}

fn error_path(error: &Error) -> PathBuf {
    match error {
        Error::Read { path, .. } | Error::Write { path, .. } => path.clone(),
        Error::OutputDir { path, .. } => path.clone(),
        _ => PathBuf::new(),
    }
}

/// The error's own sentence, then its causes (a system's or library's words) as written.
fn error_chain(error: &Error) -> Text {
    let mut message = error.text();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message = message.then(Text::Plain(format!(": {cause}")));
        source = cause.source();
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlay_lists_each_location_and_message() {
        let error = Error::Content(vec![Diagnostic::error(
            Code::YamlSyntax,
            "content/ja/index.md",
            "<b>unclosed</b>",
        )
        .at((3, 7))]);
        let json: serde_json::Value =
            serde_json::from_str(&overlay_json(&error, Lang::En)).unwrap();
        assert_eq!(json[0]["location"], "content/ja/index.md:3:7");
        assert_eq!(json[0]["message"], "<b>unclosed</b>");
        assert_eq!(json[0]["severity"], "error");
    }

    #[test]
    fn overlay_explains_errors_without_diagnostics() {
        let error = Error::Read {
            path: "site.toml".into(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "gone"),
        };
        let json: serde_json::Value =
            serde_json::from_str(&overlay_json(&error, Lang::En)).unwrap();
        assert_eq!(json[0]["location"], "site.toml");
        assert_eq!(json[0]["code"], "build-failed");
        assert_eq!(json[0]["message"], "could not read site.toml: gone");
    }
}
