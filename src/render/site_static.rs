//! The site's own `static/` folder: files copied verbatim to the output root, over the
//! theme's static files.
//!
//! Takes the config, gives the merged list of static files that the output plan, the
//! alias plan and the copy step all use. A university ships `CNAME`, `.nojekyll`,
//! `.htaccess`, a logo or `favicon.svg` here without touching the theme: dotfiles are
//! listed (the fence's documented exception, [`crate::contain::Fence::with_dotfiles`]),
//! links out of the site are still refused, and a file here replaces the theme's file of
//! the same path. A collision with a generated page is reported by
//! [`super::owners::claim_outputs`].

use std::collections::BTreeMap;

use super::extras::{theme_static_files, StaticFile};
use crate::config::Config;
use crate::diagnostics::Diagnostic;

/// The folder at the site root whose files are published as they are.
pub const SITE_STATIC_DIR: &str = "static";

/// The theme's static files overlaid with the site's `static/` files, sorted by output
/// path, with the problems found listing either folder.
pub fn static_files(config: &Config) -> (Vec<StaticFile>, Vec<Diagnostic>) {
    let (theme_files, mut problems) = theme_static_files(config);
    let (site_files, site_problems) = site_static_files(config);
    problems.extend(site_problems);
    let mut by_path: BTreeMap<String, StaticFile> = theme_files
        .into_iter()
        .map(|f| (f.path.clone(), f))
        .collect();
    for file in site_files {
        by_path.insert(file.path.clone(), file);
    }
    (by_path.into_values().collect(), problems)
}

fn site_static_files(config: &Config) -> (Vec<StaticFile>, Vec<Diagnostic>) {
    let dir = config.root.join(SITE_STATIC_DIR);
    if !dir.is_dir() {
        return (Vec::new(), Vec::new());
    }
    let (files, problems) = config.fence().with_dotfiles().walk(&dir);
    let files = files
        .into_iter()
        .map(|f| StaticFile {
            path: f.rel_path,
            source: f.path,
            shown: f.shown,
        })
        .collect();
    (files, problems)
}
