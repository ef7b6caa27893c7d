//! Checks over whole pages rather than single links: ids used twice in a page's final HTML
//! (content colliding with the theme, or raw HTML), and pages nothing links to.

use crate::diagnostics::Code;
use crate::text;
use std::collections::HashSet;

use super::{Context, Findings};
use crate::diagnostics::Diagnostic;

/// Ids that occur twice in a built page. Duplicates inside the Markdown itself were
/// already reported by the build (and renamed), so what is left comes from the theme or
/// from raw HTML; it is reported at the content's anchor when there is one.
pub fn check_duplicate_ids(ctx: &Context, findings: &mut Findings) {
    let mut reported = HashSet::new();
    for (&file, html) in &ctx.index.html {
        let page = ctx
            .index
            .page_of_file
            .get(&file)
            .map(|&p| &ctx.site.pages[p]);
        for id in &html.duplicate_ids {
            let (source, at) = match page {
                Some(p) => (
                    p.source.clone(),
                    p.anchors
                        .iter()
                        .find(|a| &a.id == id)
                        .map_or((0, 0), |a| (a.line, a.column)),
                ),
                None => (ctx.index.outputs[file].path.clone(), (0, 0)),
            };
            if !reported.insert((source.clone(), id.clone())) {
                continue;
            }
            findings.push(
                Diagnostic::error(
                    Code::IdClashInPage,
                    source,
                    text!(
                        "id-clash-in-page",
                        id = id,
                        page = format!("{}{}", ctx.config.base_path, ctx.index.url_of(file))
                    ),
                )
                .at(at)
                .with_help(text!("id-clash-in-page-help", id = id)),
            );
        }
    }
}

/// Pages that no other page links to (the home pages excepted): readers cannot find them.
pub fn check_orphans(ctx: &Context, findings: &mut Findings) {
    // A page that failed to load may be the one that links to the others: until it is
    // fixed, "no page links here" would be a guess.
    if !ctx.site.unloaded.is_empty() {
        return;
    }
    // A link from the page's own translation (the language switcher) does not count:
    // a reader has to reach one of the versions first.
    let same_page = |from: usize, to: usize| {
        ctx.index
            .page_of_file
            .get(&to)
            .is_some_and(|&p| ctx.site.pages[p].rel_path == ctx.site.pages[from].rel_path)
    };
    let linked: HashSet<usize> = findings
        .edges
        .iter()
        .filter(|&&(from, to)| !same_page(from, to))
        .map(|&(_, to)| to)
        .collect();
    for (i, page) in ctx.site.pages.iter().enumerate() {
        if page.fallback || page.rel_path == "index.md" {
            continue;
        }
        let Some(file) = ctx.index.file_of_page[i] else {
            continue;
        };
        if !linked.contains(&file) {
            findings.push(
                Diagnostic::warning(
                    Code::OrphanPage,
                    &page.source,
                    text!(
                        "orphan-page",
                        page = format!("{}{}", ctx.config.base_path, page.url_path)
                    ),
                )
                .with_help(text!("orphan-page-help")),
            );
        }
    }
}
