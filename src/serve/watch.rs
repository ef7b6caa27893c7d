//! Watches the site's sources with notify, debounces the events and rebuilds.
//!
//! Editors save in bursts (a probe file, a rename, a write, a chmod), so events are
//! collected until the file system has been quiet for [`DEBOUNCE`]; the burst is then
//! classified as one change. Events arriving during a rebuild start the next burst.

use std::path::Path;
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

use super::classify::{classify_batch, Change, WATCHED_DIRS};
use super::rebuild::ServeState;
use crate::error::{Error, Result};

/// How long the file system must be quiet before a burst of events counts as one save.
pub const DEBOUNCE: Duration = Duration::from_millis(50);

/// A burst that never goes quiet (a tool writing many files) is still rebuilt this often.
pub const LONGEST_BURST: Duration = Duration::from_secs(1);

/// Starts watching and rebuilding on a background thread. Dropping the returned watcher
/// stops the events (and so the thread).
pub fn watch_site(state: Arc<ServeState>) -> Result<notify::RecommendedWatcher> {
    let root = state.options.root.clone();
    let (tx, rx) = channel();
    let mut watcher = notify::recommended_watcher(move |event| {
        let _ = tx.send(event);
    })
    .map_err(|e| watch_error(&root, e))?;
    // The root itself only for site.toml: watching it recursively would also watch
    // target/, node_modules/ and the output directory.
    watcher
        .watch(&root, RecursiveMode::NonRecursive)
        .map_err(|e| watch_error(&root, e))?;
    for dir in WATCHED_DIRS {
        let path = root.join(dir);
        if path.is_dir() {
            watcher
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| watch_error(&path, e))?;
        }
    }
    std::thread::spawn(move || rebuild_on_change(&state, &rx));
    Ok(watcher)
}

fn watch_error(path: &Path, error: notify::Error) -> Error {
    Error::Usage(format!(
        "could not watch {} for changes: {error}",
        path.display()
    ))
}

type EventResult = notify::Result<notify::Event>;

fn rebuild_on_change(state: &ServeState, events: &Receiver<EventResult>) {
    while let Ok(first) = events.recv() {
        let mut batch: Vec<notify::Event> = first.into_iter().collect();
        let started = Instant::now();
        while started.elapsed() < LONGEST_BURST {
            match events.recv_timeout(DEBOUNCE) {
                Ok(event) => batch.extend(event),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        let change = classify_batch(&batch, &state.scope());
        if change != Change::None {
            state.rebuild(change);
        }
    }
}
