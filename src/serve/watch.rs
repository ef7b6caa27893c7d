//! Watches the site's sources with notify, debounces the events and rebuilds.
//!
//! Editors save in bursts (a probe file, a rename, a write, a chmod), so events are
//! collected until the file system has been quiet for [`DEBOUNCE`]; the burst is then
//! classified as one change. Events arriving during a rebuild start the next burst.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

use super::classify::{classify_batch, Change, WATCHED_DIRS};
use super::rebuild::ServeState;
use crate::error::{Error, Result};

/// How long the file system must be quiet before a burst of events counts as one save.
pub const DEBOUNCE: Duration = Duration::from_millis(50);

/// How long to wait for more events once a watched file was closed after writing or
/// renamed into place: the save is complete, so waiting the whole [`DEBOUNCE`] would
/// only delay the preview (editors' other files of the same save follow within a
/// millisecond; one that comes later gets a rebuild of its own).
pub const SETTLE_AFTER_SAVE: Duration = Duration::from_millis(5);

/// How long a served build is left alone (the browser fetching the page, the next
/// save) before the content folders are walked for changes no event reported
/// ([`ServeState::unseen_changes`]).
pub const CHECK_AFTER: Duration = Duration::from_millis(150);

/// A burst that never goes quiet (a tool writing many files) is still rebuilt this often.
pub const LONGEST_BURST: Duration = Duration::from_secs(1);

/// The watcher, shared with the rebuild thread so it can watch `content/`, `themes/` or
/// `i18n/` again when one is created, or deleted and created anew, while serving.
pub type SharedWatcher = Arc<Mutex<notify::RecommendedWatcher>>;

/// Starts watching and rebuilding on a background thread. Dropping the returned watcher
/// stops the events (and so the thread).
pub fn watch_site(state: Arc<ServeState>) -> Result<SharedWatcher> {
    let root = state.options.root.clone();
    let (tx, rx) = channel();
    // Links are not followed: a folder link that leaves the site must not make tebiki
    // watch (or list) what is outside it. Links inside the site are read by the build
    // through the fence; an edit behind one shows up at the next save of a watched file.
    let config = notify::Config::default().with_follow_symlinks(false);
    let noticing = Arc::clone(&state);
    let mut watcher = notify::RecommendedWatcher::new(
        move |event: EventResult| {
            if changes_the_site(&event, &noticing.scope()) {
                noticing.notice_change();
            }
            let _ = tx.send(event);
        },
        config,
    )
    .map_err(|e| watch_error(&root, e))?;
    // The root itself only for site.toml: watching it recursively would also watch
    // target/, node_modules/ and the output directory.
    watcher
        .watch(&root, RecursiveMode::NonRecursive)
        .map_err(|e| watch_error(&root, e))?;
    let mut dirs = WatchedDirs::default();
    dirs.refresh(&mut watcher, &root)?;
    let watcher = Arc::new(Mutex::new(watcher));
    let shared = Arc::clone(&watcher);
    std::thread::spawn(move || rebuild_on_change(&state, &rx, &shared, dirs));
    Ok(watcher)
}

/// Which source folders are watched, by identity, so a folder deleted and created again
/// (a `git checkout`, an unzip) is watched again.
#[derive(Default)]
struct WatchedDirs {
    watched: Vec<(PathBuf, Option<u64>)>,
}

impl WatchedDirs {
    fn refresh(&mut self, watcher: &mut notify::RecommendedWatcher, root: &Path) -> Result<()> {
        for dir in WATCHED_DIRS {
            let path = root.join(dir);
            let Ok(meta) = std::fs::metadata(&path) else {
                self.watched.retain(|(p, _)| *p != path);
                continue;
            };
            if !meta.is_dir() {
                continue;
            }
            let id = folder_id(&meta);
            if self.watched.iter().any(|(p, i)| *p == path && *i == id) {
                continue;
            }
            let _ = watcher.unwatch(&path);
            watcher
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| watch_error(&path, e))?;
            self.watched.retain(|(p, _)| *p != path);
            self.watched.push((path, id));
        }
        Ok(())
    }
}

#[cfg(unix)]
fn folder_id(meta: &std::fs::Metadata) -> Option<u64> {
    use std::os::unix::fs::MetadataExt;
    Some(meta.ino())
}

#[cfg(not(unix))]
fn folder_id(_meta: &std::fs::Metadata) -> Option<u64> {
    None
}

fn watch_error(path: &Path, error: notify::Error) -> Error {
    Error::Usage(crate::text!(
        "serve-watch-failed",
        path = path.display(),
        detail = error
    ))
}

type EventResult = notify::Result<notify::Event>;

fn rebuild_on_change(
    state: &ServeState,
    events: &Receiver<EventResult>,
    watcher: &SharedWatcher,
    mut dirs: WatchedDirs,
) {
    // Whether a build was served since the last look for unseen changes.
    let mut unchecked = false;
    // Files the look found changed without an event, for the next build; and how many
    // builds in a row such looks made (a file that keeps changing unseen gets a few).
    let mut unseen: Vec<PathBuf> = Vec::new();
    let mut unseen_builds = 0;
    loop {
        let first = if !unseen.is_empty() {
            // Built like a save: after the file system has been quiet for a moment, so
            // a save being written now is read whole, with its own events merged in.
            None
        } else if unchecked {
            match events.recv_timeout(CHECK_AFTER) {
                Ok(event) => Some(event),
                Err(RecvTimeoutError::Timeout) => {
                    if unseen_builds >= 3 {
                        unchecked = false;
                    } else if let Some(found) = state.unseen_changes() {
                        unchecked = false;
                        unseen = found;
                    }
                    // Else a save arrived while looking: its build comes first, and
                    // the look runs again once that build is served.
                    continue;
                }
                Err(RecvTimeoutError::Disconnected) => return,
            }
        } else {
            match events.recv() {
                Ok(event) => Some(event),
                Err(_) => return,
            }
        };
        let from_events = first.is_some();
        let mut batch: Vec<notify::Event> = first.into_iter().flatten().collect();
        let started = Instant::now();
        while started.elapsed() < LONGEST_BURST {
            let scope = state.scope();
            let quiet = if batch.iter().any(|e| completes_a_save(e, &scope)) {
                SETTLE_AFTER_SAVE
            } else {
                DEBOUNCE
            };
            match events.recv_timeout(quiet) {
                Ok(event) => batch.extend(event),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        let mut change = classify_batch(&batch, &state.scope());
        // Events were lost (the kernel's queue overflowed): what changed is unknown.
        if batch.iter().any(notify::Event::need_rescan) {
            state.doubt_watcher();
            change = Change::Rebuild;
        }
        if !unseen.is_empty() {
            change = Change::Rebuild;
        }
        if change != Change::None {
            // Before rebuilding, so files saved into a new folder during the rebuild
            // still arrive as events.
            let mut watcher = watcher.lock().unwrap_or_else(|e| e.into_inner());
            if let Err(error) = dirs.refresh(&mut watcher, &state.options.root) {
                crate::error::print_error(&error, state.lang);
            }
            drop(watcher);
            // The files named are read again whatever their size and times say.
            let mut named = changed_paths(batch, &state.scope());
            named.append(&mut unseen);
            state.rebuild(change, named);
            unchecked = true;
            unseen_builds = if from_events { 0 } else { unseen_builds + 1 };
        }
    }
}

/// The paths the events of `batch` changed. A file or folder that was only opened or
/// read (the build's own reads, the look for unseen changes walking every folder) is
/// not named: a named folder below `content/` is taken for a file created or removed,
/// which made the next build walk the whole content again.
fn changed_paths(batch: Vec<notify::Event>, scope: &super::classify::WatchScope) -> Vec<PathBuf> {
    batch
        .into_iter()
        .flat_map(|event| {
            let kind = event.kind;
            event
                .paths
                .into_iter()
                .filter(move |p| super::classify::classify(&kind, p, scope) != Change::None)
        })
        .collect()
}

/// Whether `event` may change what the build reads (a lost event may have).
fn changes_the_site(event: &EventResult, scope: &super::classify::WatchScope) -> bool {
    match event {
        Ok(event) => {
            event.need_rescan()
                || event
                    .paths
                    .iter()
                    .any(|p| super::classify::classify(&event.kind, p, scope) != Change::None)
        }
        Err(_) => true,
    }
}

/// Whether `event` ends the save of a file the build reads: closed after writing, or
/// renamed into place (an editor's atomic save).
fn completes_a_save(event: &notify::Event, scope: &super::classify::WatchScope) -> bool {
    use notify::event::{AccessKind, AccessMode, EventKind, ModifyKind, RenameMode};
    let done = matches!(
        event.kind,
        EventKind::Access(AccessKind::Close(AccessMode::Write))
            | EventKind::Modify(ModifyKind::Name(RenameMode::To | RenameMode::Both))
    );
    done && event
        .paths
        .iter()
        .any(|p| super::classify::classify(&event.kind, p, scope) != Change::None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{AccessKind, AccessMode, DataChange, EventKind, ModifyKind};

    fn event(kind: EventKind, path: &str) -> notify::Event {
        notify::Event::new(kind).add_path(PathBuf::from(path))
    }

    #[test]
    fn only_paths_an_event_changed_are_named() {
        let scope = super::super::classify::WatchScope {
            root: PathBuf::from("/site"),
            output_dir: PathBuf::from("/site/public"),
            ignore: Vec::new(),
        };
        let read = EventKind::Access(AccessKind::Close(AccessMode::Read));
        let opened = EventKind::Access(AccessKind::Open(AccessMode::Any));
        let written = EventKind::Modify(ModifyKind::Data(DataChange::Content));
        let closed = EventKind::Access(AccessKind::Close(AccessMode::Write));
        let batch = vec![
            // The look for unseen changes opening every folder, the build reading a page.
            event(opened, "/site/content/en"),
            event(opened, "/site/content/en/s000"),
            event(read, "/site/content/en/faq.md"),
            event(written, "/site/content/en/index.md"),
            event(closed, "/site/content/en/index.md"),
        ];
        assert_eq!(
            changed_paths(batch, &scope),
            vec![
                PathBuf::from("/site/content/en/index.md"),
                PathBuf::from("/site/content/en/index.md")
            ]
        );
    }
}
