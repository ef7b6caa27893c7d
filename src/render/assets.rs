//! Cache-busting addresses for static files: the Tera function
//! `asset_url(path="tebiki.css")` gives `{base_path}tebiki.css?v=1a2b3c4d`, where the
//! version is a checksum of the file's bytes. A changed file gets a new address, so a
//! server may let browsers keep these files for a year (README "Deploying": cache
//! headers) and a new build is still seen at once.
//!
//! Takes the build's static files (theme `static/` under the site's `static/`); each is
//! read and summed once per build, on the first page that asks for it, and the answer is
//! shared by every page and language. A version in the query, not in the file name, keeps
//! the published names (`tebiki.css`) and `serve`'s stylesheet hot-swap working as they
//! are.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde_json::Value;
use tera::Function;

use super::extras::StaticFile;
use crate::contain::Fence;

/// `asset_url(path=…)`; clones share one table, so the Tera of every language asks
/// each file's version once.
#[derive(Clone)]
pub struct AssetUrl(Arc<Assets>);

/// The static files and the versions found so far.
pub struct Assets {
    base_path: String,
    fence: Fence,
    /// Output path → where to read it.
    files: HashMap<String, std::path::PathBuf>,
    /// Output path → its version, once asked for.
    versions: Mutex<HashMap<String, String>>,
}

impl AssetUrl {
    pub fn new(base_path: &str, fence: Fence, static_files: &[StaticFile]) -> Self {
        AssetUrl(Arc::new(Assets {
            base_path: base_path.to_string(),
            fence,
            files: static_files
                .iter()
                .map(|f| (f.path.clone(), f.source.clone()))
                .collect(),
            versions: Mutex::new(HashMap::new()),
        }))
    }

    /// The address of the static file `path` (below the output root) with its version.
    pub fn url(&self, path: &str) -> Result<String, String> {
        let path = path.trim_start_matches('/');
        let version = self.0.version(path)?;
        Ok(format!("{}{path}?v={version}", self.0.base_path))
    }
}

impl Assets {
    fn version(&self, path: &str) -> Result<String, String> {
        if let Some(v) = self.versions.lock().ok().and_then(|v| v.get(path).cloned()) {
            return Ok(v);
        }
        let source = self.files.get(path).ok_or_else(|| {
            format!("asset_url(): `{path}` is not a static file of the theme or the site's static/ folder")
        })?;
        let bytes = self
            .fence
            .read_listed(source)
            .map_err(|_| format!("asset_url(): `{path}` could not be read"))?;
        let version = checksum(&bytes);
        if let Ok(mut versions) = self.versions.lock() {
            versions.insert(path.to_string(), version.clone());
        }
        Ok(version)
    }
}

/// Eight hex digits that change whenever the bytes do (CRC-32: a version, not a seal).
fn checksum(bytes: &[u8]) -> String {
    format!("{:08x}", crc32fast::hash(bytes))
}

impl Function for AssetUrl {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let path = args
            .get("path")
            .and_then(Value::as_str)
            .ok_or("asset_url() needs path=\"…\", e.g. asset_url(path=\"tebiki.css\")")?;
        Ok(Value::String(self.url(path)?))
    }

    fn is_safe(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assets(dir: &std::path::Path) -> AssetUrl {
        let file = StaticFile {
            path: "tebiki.css".into(),
            source: dir.join("tebiki.css"),
            shown: "themes/default/static/tebiki.css".into(),
        };
        AssetUrl::new("/guide/", Fence::new(dir, &[]), &[file])
    }

    #[test]
    fn the_version_follows_the_content() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("tebiki.css"), "a{}").unwrap();
        let first = assets(dir.path()).url("tebiki.css").unwrap();
        assert!(first.starts_with("/guide/tebiki.css?v="), "{first}");
        assert_eq!(first.len(), "/guide/tebiki.css?v=".len() + 8);
        assert_eq!(assets(dir.path()).url("/tebiki.css").unwrap(), first);
        std::fs::write(dir.path().join("tebiki.css"), "a{color:red}").unwrap();
        assert_ne!(assets(dir.path()).url("tebiki.css").unwrap(), first);
    }

    #[test]
    fn an_unknown_file_is_an_error_that_names_it() {
        let dir = tempfile::tempdir().unwrap();
        let err = assets(dir.path()).url("nope.css").unwrap_err();
        assert!(err.contains("`nope.css` is not a static file"), "{err}");
    }
}
