//! `#fragment` checks: does the target page carry the id? If not, is it hidden by `if=`,
//! is there a close id, and do the page's other translations have it?

use super::Context;
use crate::diagnostics::{Code, Diagnostic};
use crate::suggest::closest;
use crate::text;

/// The problem with `#fragment` on the built file `file`, if there is one. `shown` is the
/// link's path as written (without the fragment), used in the suggestion; `source` is the
/// file the diagnostic belongs to.
pub fn fragment_problem(
    ctx: &Context,
    file: usize,
    fragment: &str,
    shown: &str,
    source: &str,
) -> Option<Diagnostic> {
    let html = ctx.index.html.get(&file)?;
    // A stand-in (another language's text) for a page that failed to load: its ids are
    // not the page's, and the load error is what to fix first.
    if ctx.index.files.is_unloaded(&ctx.index.outputs[file].path) {
        return None;
    }
    if html.ids.contains(fragment) || scrolls_to_top(fragment) {
        return None;
    }
    let page = ctx
        .index
        .page_of_file
        .get(&file)
        .map(|&p| &ctx.site.pages[p]);
    let target = ctx.index.url_of(file);
    let where_ = format!("{}{target}", ctx.config.base_path);
    if page.is_some_and(|p| p.hidden_ids.iter().any(|id| id == fragment)) {
        return Some(
            Diagnostic::error(
                Code::HiddenAnchor,
                source,
                text!("hidden-anchor", anchor = fragment, page = where_),
            )
            .with_help(text!("hidden-anchor-help")),
        );
    }
    let closest = closest(fragment, html.ids.iter().map(String::as_str))
        .map(|best| text!("did-you-mean", suggestion = format!("{shown}#{best}")));
    let other = page.and_then(|p| other_language_with(ctx, p, fragment));
    let help = match (closest, other) {
        (Some(h), Some(other)) => h.then(text!(
            "broken-anchor-other-language-note",
            anchor = fragment,
            file = other
        )),
        (None, Some(other)) => text!(
            "broken-anchor-other-language",
            anchor = fragment,
            file = other
        ),
        (Some(h), None) => h,
        (None, None) => text!("broken-anchor-help", anchor = fragment),
    };
    let d = Diagnostic::error(
        Code::BrokenAnchor,
        source,
        text!("broken-anchor", anchor = fragment, page = where_),
    );
    Some(d.with_help(help))
}

/// `#top` (any case) and `#` scroll to the top of any page that has no such id: the HTML
/// standard's "indicated part of the document" rule, which every browser follows.
fn scrolls_to_top(fragment: &str) -> bool {
    fragment.is_empty() || fragment.eq_ignore_ascii_case("top")
}

/// The source file of another language's version of `page` that has the id `fragment`.
fn other_language_with(
    ctx: &Context,
    page: &crate::render::PageReport,
    fragment: &str,
) -> Option<String> {
    ctx.site
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.rel_path == page.rel_path && p.lang != page.lang && !p.fallback)
        .find(|(i, _)| {
            ctx.index.file_of_page[*i]
                .and_then(|f| ctx.index.html.get(&f))
                .is_some_and(|h| h.ids.contains(fragment))
        })
        .map(|(_, p)| p.source.clone())
}
