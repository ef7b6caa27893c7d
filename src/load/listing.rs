//! The list of files under `content/<lang>/` ([`Listing`]): walked by every load, and kept
//! by the dev server between saves while the watcher names no file it would change.
//!
//! The watcher names every path a save touches. A save that only rewrote files already
//! listed leaves the listing as it was; a name below `content/` that is not a listed file
//! (a file created, a folder made or renamed) or a listed file that is gone (a deletion,
//! a rename) makes the next load walk again. Editors' scratch files and the site's
//! `ignore` names are never listed and never make a walk.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use rustc_hash::FxHashSet;

use super::{display, FoundFile};
use crate::config::Config;
use crate::contain::Fence;
use crate::diagnostics::{Code, Diagnostic};
use crate::text;

/// One walk of every language's content folder.
pub(super) struct Listing {
    /// What the walk depends on besides the folders' contents (the content folder, the
    /// languages, the ignore list): a listing made under another is not reused.
    key: String,
    /// The folder walked for each language.
    dirs: Vec<(usize, PathBuf)>,
    /// The site's fence, as the walk used it.
    fence: Fence,
    /// Every file found, in walk order.
    pub(super) files: Vec<FoundFile>,
    /// The walk's problems (links leaving the site, missing folders).
    pub(super) problems: Vec<Diagnostic>,
    /// Every listed path, to tell a file rewritten from one created or removed. Kept as
    /// OS strings: hashing a `Path` parses its components, which made comparing two
    /// listings of a large site cost more than walking it.
    paths: FxHashSet<OsString>,
}

impl Listing {
    /// Walks every language's content folder through the site's fence.
    pub(super) fn walk(config: &Config) -> Listing {
        let _span = crate::timings::span("walk content");
        let dirs = config
            .languages
            .iter()
            .enumerate()
            .map(|(lang, language)| (lang, config.content_dir().join(&language.code)))
            .collect();
        let mut listing = Listing {
            key: listing_key(config),
            dirs,
            fence: config.fence(),
            files: Vec::new(),
            problems: Vec::new(),
            paths: FxHashSet::default(),
        };
        // A walk that is never asked to stop always finishes.
        let _ = listing.fill(config, &|| false);
        listing
    }

    /// Lists every language's folder; `None` as soon as `stop` says so (the walk asks it
    /// every few dozen entries).
    fn fill(&mut self, config: &Config, stop: &dyn Fn() -> bool) -> Option<()> {
        for (lang, dir) in &self.dirs {
            if !dir.is_dir() {
                let code = &config.languages[*lang].code;
                self.problems.push(
                    Diagnostic::error(
                        Code::MissingContentDir,
                        display(config, dir),
                        text!("missing-content-dir", lang = code),
                    )
                    .with_help(text!("missing-content-dir-help", lang = code)),
                );
                continue;
            }
            let (found, problems) = self.fence.walk_unless(dir, stop)?;
            self.problems.extend(problems);
            for file in found {
                self.files.push(FoundFile {
                    lang: *lang,
                    // A file name saved decomposed (NFD, macOS) gets the URL an editor types.
                    rel_path: crate::urls::nfc(&file.rel_path).into_owned(),
                    path: file.path,
                    shown: file.shown,
                });
            }
        }
        self.paths = self
            .files
            .iter()
            .map(|f| f.path.clone().into_os_string())
            .collect();
        Some(())
    }

    /// Whether `path` is a listed file.
    pub(super) fn lists(&self, path: &Path) -> bool {
        self.paths.contains(path.as_os_str())
    }

    /// Whether this listing is still the content's, for `config`, after the watcher
    /// named `named`: every named path below `content/` is a listed file that is still
    /// a file, or a name the walk never lists.
    pub(super) fn still_holds(&self, config: &Config, named: &FxHashSet<OsString>) -> bool {
        if self.key != listing_key(config) {
            return false;
        }
        let content = config.content_dir();
        named.iter().map(Path::new).all(|path| {
            let Ok(rel) = path.strip_prefix(&content) else {
                // Outside content/ (a template, site.toml): not the walk's business,
                // unless it is a listed file reached through a link.
                return !self.paths.contains(path.as_os_str()) || path.is_file();
            };
            let ignored = rel.components().any(|c| {
                crate::contain::is_ignored(&c.as_os_str().to_string_lossy(), &config.ignore)
            });
            ignored || (self.paths.contains(path.as_os_str()) && is_plain_file(path))
        })
    }

    /// The paths whose presence differs between this listing and the folders as they are
    /// now: files created or removed, and every file of a walk whose problems changed.
    /// `None` as soon as `stop` says so, during the walk too.
    pub(super) fn differences_unless(
        &self,
        config: &Config,
        stop: &dyn Fn() -> bool,
    ) -> Option<Vec<PathBuf>> {
        let mut now = Listing {
            key: self.key.clone(),
            dirs: self.dirs.clone(),
            fence: self.fence.clone(),
            files: Vec::new(),
            problems: Vec::new(),
            paths: FxHashSet::default(),
        };
        now.fill(config, stop)?;
        let mut changed: Vec<PathBuf> = now
            .paths
            .difference(&self.paths)
            .map(PathBuf::from)
            .collect();
        changed.extend(self.paths.difference(&now.paths).map(PathBuf::from));
        if format!("{:?}", now.problems) != format!("{:?}", self.problems) {
            changed.extend(self.dirs.iter().map(|(_, dir)| dir.clone()));
        }
        Some(changed)
    }
}

/// A regular file, not a link (a listed link is listed by its target's path).
fn is_plain_file(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_file())
}

fn listing_key(config: &Config) -> String {
    let codes: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
    format!("{:?}\n{codes:?}\n{:?}", config.content_dir(), config.ignore)
}
