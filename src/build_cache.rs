//! `build`'s persistent cache: the record of what the last build rendered
//! ([`StoredGroups`]), kept in `.tebiki/<output>.cache` so that the next build renders
//! only the content paths whose input changed (see [`crate::render::StoredGroups`] for
//! the rules).
//!
//! [`load_build_cache`] reads it before rendering; [`save_build_cache`] writes this
//! build's once the output is committed, with each output file's stamp and link scan.
//! A missing, unreadable, truncated, corrupt or other-version file is ignored (every page
//! is rendered and a fresh record written), never trusted: the file carries a digest of
//! its contents and the format's version, and the record itself the digest of the tebiki
//! program that wrote it; an output file is trusted by its stamp only when it was not
//! changed within the clock tick the record was written in, else by its bytes' digest.
//! Deleting the file is always safe. A failed build leaves the record as it was, which
//! still describes the output it left.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::check::PageScans;
use crate::config::Config;
use crate::render::{BodyFile, Digest, FileStamp, OutputFile, StoredGroups};

/// The start of the file: what it is and the version of its format.
const MAGIC: &[u8] = b"tebiki build cache, format 4\n";

/// The suffix of the record in `.tebiki/` (`public.cache`).
const SUFFIX: &str = "cache";

/// The record the last build of `config`'s output left, or an empty one (which lends
/// nothing) when there is none that can be trusted.
pub fn load_build_cache(config: &Config) -> StoredGroups {
    let _span = crate::timings::span("read build cache");
    let Some(path) = cache_path(config) else {
        return StoredGroups::default();
    };
    // The time first: were the file replaced in between, the older time only makes
    // more output files count as racy.
    let Some(stamp) = std::fs::metadata(&path).ok().map(|m| FileStamp::from(&m)) else {
        return StoredGroups::default();
    };
    let Some(mut groups) = std::fs::read(&path).ok().and_then(|bytes| decode(&bytes)) else {
        return StoredGroups::default();
    };
    groups.set_written_at(stamp);
    groups
}

/// The digest of each file the build rendered, by output path, taken as the pages go
/// to the output (from any thread).
pub struct WrittenDigests {
    /// Whether search is on: the digests are then split ([`crate::render::file_digest`]).
    split: bool,
    map: Mutex<HashMap<String, Digest>>,
}

impl WrittenDigests {
    pub fn new(config: &Config) -> Self {
        WrittenDigests {
            split: config.search.enabled,
            map: Mutex::new(HashMap::new()),
        }
    }

    /// `main`: the digest of the file's `<main>`, when the search index took it.
    pub fn note(&self, file: &OutputFile, main: Option<&Digest>) {
        let digest = crate::render::file_digest(&file.bytes, main, self.split);
        let mut map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        map.insert(file.path.clone(), digest);
    }

    fn get(&self, path: &str) -> Option<Digest> {
        let map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        map.get(path).copied()
    }
}

/// Writes `groups`, this build's record, after the output was committed: each page
/// rendered now is stamped as its output file is now and given its digest and its link
/// scan from `written`. A record that changes nothing is not written again.
/// Failing to write it only costs the next build its shortcut, so it is not an error; a
/// stale file left behind is harmless, since every stamp in it is checked.
pub fn save_build_cache(config: &Config, groups: &mut StoredGroups, written: &Written) {
    if groups.is_unchanged() {
        return;
    }
    let _span = crate::timings::span("write build cache");
    let out = &config.output_dir;
    groups.pages_mut().par_bridge().for_each(|page| {
        // A page taken from the record keeps the stamp this build found its file with:
        // nothing wrote it since. A page rendered now (no digest yet) is stamped anew.
        if page.digest.is_none() || page.stamp.is_none() {
            page.stamp = FileStamp::of(&out.join(&page.path));
        }
        if page.digest.is_none() {
            page.digest = written.digests.get(&page.path);
        }
        if page.scan.is_none() {
            page.scan = written.scans.and_then(|s| s.scan_of(&page.path));
        }
    });
    commit_search(config, groups);
    let Some(path) = cache_path(config) else {
        return;
    };
    let Ok(payload) = postcard::to_allocvec(&*groups) else {
        let _ = std::fs::remove_file(&path);
        return;
    };
    let mut bytes = Vec::with_capacity(MAGIC.len() + 32 + payload.len());
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(blake3::hash(&payload).as_bytes());
    bytes.extend_from_slice(&payload);
    if write_replacing(&path, &bytes).is_err() {
        let _ = std::fs::remove_file(&path);
    }
}

/// Puts each search index's documents file in place and stamps its files; an index
/// whose file could not be put in place is left out of the record.
fn commit_search(config: &Config, groups: &mut StoredGroups) {
    for (lang, index) in groups.search_indexes_mut() {
        let code = config.languages.get(lang).map(|l| l.code.as_str());
        let committed = match (index.as_mut(), code) {
            (Some(index), Some(code)) => crate::search::stored::docs_path(config, code)
                .is_some_and(|path| index.commit(&config.output_dir, &path)),
            _ => false,
        };
        if !committed {
            *index = None;
        }
    }
}

/// What the build learnt of the files it rendered, for the record.
pub struct Written<'a> {
    pub digests: &'a WrittenDigests,
    /// The link check's scans (none when `[build] links = "off"`).
    pub scans: Option<&'a PageScans>,
}

/// Removes the record of `config`'s output, its Markdown bodies and its search documents
/// (`build --no-cache` writes fresh ones).
pub fn remove_build_cache(config: &Config) {
    remove_build_record(config, true);
    if let Some(path) = bodies_path(config) {
        let _ = std::fs::remove_file(path);
    }
}

/// Removes the record of `config`'s output, and its search documents if `documents`:
/// its Markdown bodies stay.
pub fn remove_build_record(config: &Config, documents: bool) {
    if let Some(path) = cache_path(config) {
        let _ = std::fs::remove_file(path);
    }
    if !documents {
        return;
    }
    for language in &config.languages {
        if let Some(path) = crate::search::stored::docs_path(config, &language.code) {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// The Markdown bodies of `config`'s output, `.tebiki/<output>.bodies` ([`BodyFile`]).
pub fn body_file(config: &Config) -> Option<BodyFile> {
    bodies_path(config).map(BodyFile::new)
}

fn cache_path(config: &Config) -> Option<PathBuf> {
    crate::state_dir::state_path(&config.root, &config.output_dir, SUFFIX).ok()
}

fn bodies_path(config: &Config) -> Option<PathBuf> {
    crate::state_dir::state_path(&config.root, &config.output_dir, "bodies").ok()
}

/// The record in `bytes`, if the file is whole and of this format.
fn decode(bytes: &[u8]) -> Option<StoredGroups> {
    let rest = bytes.strip_prefix(MAGIC)?;
    if rest.len() < 32 {
        return None;
    }
    let (sum, payload) = rest.split_at(32);
    if blake3::hash(payload).as_bytes() != sum {
        return None;
    }
    postcard::from_bytes(payload).ok()
}

/// Writes `path` by renaming a finished file over it, so a build killed meanwhile leaves
/// the old record or the new one, never half of one.
fn write_replacing(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = path.with_extension(format!("{SUFFIX}-{}", std::process::id()));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_damaged_or_foreign_file_is_not_trusted() {
        let payload = postcard::to_allocvec(&StoredGroups::default()).unwrap();
        let mut good = MAGIC.to_vec();
        good.extend_from_slice(blake3::hash(&payload).as_bytes());
        good.extend_from_slice(&payload);
        assert!(decode(&good).is_some());
        assert!(decode(&good[..good.len() - 1]).is_none(), "truncated");
        let mut flipped = good.clone();
        *flipped.last_mut().unwrap() ^= 1;
        assert!(decode(&flipped).is_none(), "corrupt");
        let mut other = b"tebiki build cache, format 0\n".to_vec();
        other.extend_from_slice(&good[MAGIC.len()..]);
        assert!(decode(&other).is_none(), "another format");
        assert!(decode(b"").is_none());
    }
}
