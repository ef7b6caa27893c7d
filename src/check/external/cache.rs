//! The external-link cache: results of earlier runs, so repeated CI runs do not fetch
//! every URL again. Stored as JSON in `$TEBIKI_CACHE_DIR` or the user's cache folder;
//! only successes are kept (a broken link is checked again next time), each for
//! `cache_hours`.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

/// What a successful fetch learned about a URL.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Entry {
    /// Seconds since the Unix epoch when it was checked.
    pub checked: u64,
    pub status: u16,
    /// Where redirects ended, if they did.
    pub redirected_to: Option<String>,
    /// The page's ids, if it was fetched as HTML (needed for `#fragment` links).
    pub ids: Option<Vec<String>>,
}

/// The cache file's content, by URL (without fragment).
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Cache {
    pub entries: HashMap<String, Entry>,
}

/// The cache file: `$TEBIKI_CACHE_DIR/external-links.json`, else the user cache folder.
pub fn cache_file() -> Option<PathBuf> {
    let dir = match std::env::var_os("TEBIKI_CACHE_DIR").filter(|v| !v.is_empty()) {
        Some(dir) => PathBuf::from(dir),
        None => user_cache_dir()?.join("tebiki"),
    };
    Some(dir.join("external-links.json"))
}

/// The platform's cache folder (`dirs`): `$XDG_CACHE_HOME` when it is an absolute path
/// (the XDG spec says to ignore a relative one), else `~/.cache` on Linux;
/// `~/Library/Caches` on macOS; `%LOCALAPPDATA%` on Windows.
fn user_cache_dir() -> Option<PathBuf> {
    dirs::cache_dir()
}

pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

impl Cache {
    /// Reads the cache; a missing or unreadable file is an empty cache.
    pub fn load() -> Cache {
        cache_file()
            .and_then(|path| std::fs::read(path).ok())
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    /// A result still fresh after `hours`, with ids if they are `needed`.
    pub fn fresh(&self, url: &str, hours: u64, ids_needed: bool) -> Option<&Entry> {
        let entry = self.entries.get(url)?;
        let young = now().saturating_sub(entry.checked) < hours.saturating_mul(3600);
        (young && (!ids_needed || entry.ids.is_some())).then_some(entry)
    }

    /// Writes the cache, dropping expired entries. Failing to write is not an error: the
    /// next run is only slower.
    pub fn save(&mut self, hours: u64) {
        let Some(path) = cache_file() else { return };
        let limit = hours.saturating_mul(3600);
        let now = now();
        self.entries
            .retain(|_, e| now.saturating_sub(e.checked) < limit);
        let Ok(json) = serde_json::to_vec(self) else {
            return;
        };
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let tmp = path.with_extension("json.tmp");
        if std::fs::write(&tmp, json).is_ok() {
            let _ = std::fs::rename(&tmp, &path);
        }
    }
}
