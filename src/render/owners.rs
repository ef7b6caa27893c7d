//! One owner for every output path, decided before anything renders or is written.
//!
//! `content/en/faq.md` and `content/en/faq/index.md` both become `en/faq/index.html`;
//! a file `content/en/faq/index.html` would too, and so would a theme static file at that
//! path. Without this check the last one written silently won, and a fallback copy of one
//! language's page could replace another language's real page. [`claim_outputs`]
//! collects every source that produces a path, reports two owners of one path as an error
//! naming both files, and drops fallback pages whose path a real page already owns.

use crate::diagnostics::Code;
use crate::text;
use std::collections::hash_map::Entry;

use rustc_hash::FxHashMap;

use super::Slot;
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::load::Site;
use crate::urls::page_output;

/// Files every build writes at the root of the output.
const SITE_FILES: [&str; 4] = ["index.html", "404.html", "sitemap.xml", "robots.txt"];

/// Checks that every output path has one owner and returns the slots to render (fallbacks
/// that would replace a real page left out). `static_files` are the theme's and the site's
/// static files, relative to the output; a site `static/` file that collides with a page
/// is reported at both files.
pub fn claim_outputs<'a>(
    config: &Config,
    site: &'a Site,
    slots: Vec<Slot>,
    static_files: &'a [(String, String)],
) -> (Vec<Slot>, Vec<Diagnostic>) {
    // A hash map: only looked up, never listed, and at 20,000 pages a sorted map's
    // comparisons of long shared path prefixes grew faster than the site.
    let mut owners: FxHashMap<String, &str> = SITE_FILES
        .iter()
        .map(|f| (f.to_string(), "tebiki itself"))
        .collect();
    let mut problems = Vec::new();
    // On a collision: reports it at `owner` and returns the first owner.
    let mut claim =
        |path: String, owner: &'a str, problems: &mut Vec<Diagnostic>| match owners.entry(path) {
            Entry::Occupied(first) => {
                problems.push(two_owners(first.key(), first.get(), owner));
                Some(first.get().to_string())
            }
            Entry::Vacant(free) => {
                free.insert(owner);
                None
            }
        };
    for slot in slots.iter().filter(|s| !s.fallback) {
        let page = &site.pages[slot.source];
        let code = &config.languages[slot.lang].code;
        claim(
            page_output(code, &page.rel_path),
            &page.display_path,
            &mut problems,
        );
    }
    for asset in &site.assets {
        let code = &config.languages[asset.lang].code;
        claim(
            format!("{code}/{}", asset.rel_path),
            &asset.shown,
            &mut problems,
        );
    }
    for (path, shown) in static_files {
        let first = claim(path.clone(), shown, &mut problems);
        // The site's own static file was put there on purpose, as was the page: say so
        // at both files, so the editor sees it whichever one they are looking at.
        if let Some(first) = first.filter(|f| f.contains('/') && shown.starts_with("static/")) {
            problems.push(two_owners(path, shown, &first));
        }
    }
    let slots = slots
        .into_iter()
        .filter(|slot| {
            let page = &site.pages[slot.source];
            let code = &config.languages[slot.lang].code;
            !slot.fallback || !owners.contains_key(&page_output(code, &page.rel_path))
        })
        .collect();
    (slots, problems)
}

fn two_owners(path: &str, first: &str, second: &str) -> Diagnostic {
    let help = if second.ends_with("/index.md") || first.ends_with("/index.md") {
        text!("duplicate-output-index-help")
    } else {
        text!("duplicate-output-help")
    };
    Diagnostic::error(
        Code::DuplicateOutput,
        second,
        text!("duplicate-output", first = first, path = path),
    )
    .with_help(help)
}
