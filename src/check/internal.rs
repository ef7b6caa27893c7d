//! Links written in Markdown (and raw HTML in Markdown): each is resolved from the URL the
//! page really carries and looked up in the built site. Locations come from the records the
//! Markdown stage made while rendering, so nothing is re-parsed here.

use super::anchors::fragment_problem;
use super::resolve::{relative_to, UrlKind};
use super::{Context, ExternalLink, Findings};
use crate::diagnostics::Code;
use crate::diagnostics::Diagnostic;
use crate::markdown::{LinkRecord, LinkTarget};
use crate::render::{AliasReport, PageReport};
use crate::suggest::closest;

/// Checks every link of every page that was written (fallback copies are skipped: their
/// links are the original's).
pub fn check_content_links(ctx: &Context, findings: &mut Findings) {
    for (page_index, page) in ctx.site.pages.iter().enumerate() {
        if page.fallback {
            continue;
        }
        for link in &page.links {
            findings.links += 1;
            check_link(ctx, page_index, page, link, findings);
        }
    }
}

fn check_link(
    ctx: &Context,
    page_index: usize,
    page: &PageReport,
    link: &LinkRecord,
    findings: &mut Findings,
) {
    if link.is_image && empty_alt(link) {
        findings.push(at(link, page, empty_alt_diagnostic(link, page)));
    }
    match ctx.resolver.classify(&link.url, &page.url_path) {
        UrlKind::Internal(resolved) => match ctx.index.files.lookup(&resolved.path) {
            Some(file) => {
                let file = match alias_target(ctx, file) {
                    Some((alias, target)) => {
                        findings.push(at(link, page, link_to_alias(ctx, page, link, alias)));
                        target
                    }
                    None => file,
                };
                findings.edges.push((page_index, file));
                let Some(fragment) = &resolved.fragment else {
                    return;
                };
                let shown = link.written.split('#').next().unwrap_or("");
                if let Some(d) = fragment_problem(ctx, file, fragment, shown, &page.source) {
                    findings.push(at(link, page, d));
                }
            }
            None if ctx.index.files.is_unloaded(&resolved.path) => {}
            None => findings.push(at(link, page, missing(ctx, page, link, &resolved.path))),
        },
        UrlKind::OutsideSite => findings.push(at(
            link,
            page,
            Diagnostic::error(
                Code::BrokenLink,
                &page.source,
                format!("{} points outside the site", describe(link)),
            )
            .with_help(format!("link to a page or file inside content/ (site paths start with '{}'); if it is a page of the host site, list its folder in site.toml under [links] host_paths", ctx.config.base_path)),
        )),
        UrlKind::Host(url) => findings.external.push(external_link(page, link, url)),
        UrlKind::Web | UrlKind::Contact => findings
            .external
            .push(external_link(page, link, link.url.clone())),
        UrlKind::Other => {}
    }
}

/// When `file` is a page at an old address: its report and the file of the page it
/// leads to (links and anchors are checked against that page).
fn alias_target<'a>(ctx: &Context<'a>, file: usize) -> Option<(&'a AliasReport, usize)> {
    let alias = ctx.aliases.get(ctx.index.outputs[file].path.as_str())?;
    let target = ctx.index.files.lookup(&alias.target_output)?;
    Some((alias, target))
}

fn link_to_alias(
    ctx: &Context,
    page: &PageReport,
    link: &LinkRecord,
    alias: &AliasReport,
) -> Diagnostic {
    let old = alias
        .output
        .strip_suffix("index.html")
        .unwrap_or(&alias.output);
    let written = with_fragment(
        &relative_to(&content_dir(page), &alias.target_content),
        link,
    );
    Diagnostic::warning(
        Code::LinkToAlias,
        &page.source,
        format!(
            "{} goes to '{}{old}', an old address that only redirects to content/{}",
            describe(link),
            ctx.config.base_path,
            alias.target_content
        ),
    )
    .with_help(format!(
        "link to the page itself: '{written}' (published at '{}')",
        alias.target_url
    ))
}

/// A link checked only with `--external`, located like the link.
fn external_link(page: &PageReport, link: &LinkRecord, url: String) -> ExternalLink {
    ExternalLink {
        url,
        path: link
            .snippet
            .as_ref()
            .map_or_else(|| page.source.clone(), |s| s.path.clone()),
        line: link.line,
        column: link.column,
        text: link.text.clone(),
        included_from: link
            .snippet
            .as_ref()
            .map(|s| s.included_from.clone())
            .unwrap_or_default(),
    }
}

fn at(link: &LinkRecord, _page: &PageReport, d: Diagnostic) -> Diagnostic {
    link.locate(d)
}

fn empty_alt(link: &LinkRecord) -> bool {
    if link.raw_html {
        !link.has_alt
    } else {
        link.text.trim().is_empty()
    }
}

fn empty_alt_diagnostic(link: &LinkRecord, page: &PageReport) -> Diagnostic {
    let message = if link.raw_html {
        format!("the image '{}' has no alt attribute", link.written)
    } else {
        format!("the image '{}' has no alt text", link.written)
    };
    let help = if link.raw_html {
        "add alt=\"…\" describing the image, or alt=\"\" if it is only decoration"
    } else {
        "describe what the image shows for readers who cannot see it: ![QR code on the sign-in screen](qr.png)"
    };
    Diagnostic::error(Code::EmptyAlt, &page.source, message).with_help(help)
}

/// `the link 'text' (dest)` or `the image 'dest'`, the way messages name a link.
pub fn describe(link: &LinkRecord) -> String {
    let text = link.text.trim();
    match (link.is_image, text.is_empty()) {
        (true, _) => format!("the image '{}'", link.written),
        (false, true) => format!("the link '{}'", link.written),
        (false, false) => format!("the link '{text}' ({})", link.written),
    }
}

/// The diagnostic for a link whose target is not in the built site.
fn missing(ctx: &Context, page: &PageReport, link: &LinkRecord, wanted: &str) -> Diagnostic {
    let code = if link.is_image {
        Code::MissingImage
    } else {
        Code::BrokenLink
    };
    let dir = content_dir(page);
    let (message, help) = match &link.target {
        LinkTarget::Page { path } if link.raw_html && ctx.content_pages.contains(path) => (
            format!("{}: raw HTML links are used as written, and there is no file '{wanted}' in the built site", describe(link)),
            Some(format!("use a Markdown link [text]({}) or the page's address '{}'", link.written, page_address(ctx, path))),
        ),
        LinkTarget::Page { path } => (
            format!("{}: the page content/{path} does not exist", describe(link)),
            closest(path, ctx.content_pages.iter().map(String::as_str))
                .map(|best| format!("did you mean '{}'?", with_fragment(&relative_to(&dir, best), link))),
        ),
        LinkTarget::File { path } if !link.raw_html => (
            format!("{}: the file content/{path} does not exist", describe(link)),
            closest(path, ctx.assets.iter().map(String::as_str))
                .map(|best| format!("did you mean '{}'?", relative_to(&dir, best))),
        ),
        _ => (
            format!("{}: nothing is published at '{}{wanted}'", describe(link), ctx.config.base_path),
            closest(wanted, ctx.index.files.paths().map(published))
                .map(|best| format!("did you mean '{}{best}'?", ctx.config.base_path)),
        ),
    };
    let help = help.unwrap_or_else(|| no_close_match(link, &dir));
    Diagnostic::error(code, &page.source, message).with_help(help)
}

/// The help when no page or file has a name close to the link's: where links point.
fn no_close_match(link: &LinkRecord, dir: &str) -> String {
    let folder = if dir.is_empty() {
        "content/".to_string()
    } else {
        format!("content/{dir}/")
    };
    if link.is_image {
        format!("put the image file in {folder} (or fix the name), or remove the image")
    } else {
        format!("link to a Markdown file by its path from {folder}, e.g. [text](faq.md), or remove the link")
    }
}

/// A file's path as a URL path: `ja/faq/index.html` → `ja/faq/`.
fn published(path: &str) -> &str {
    path.strip_suffix("index.html").unwrap_or(path)
}

fn with_fragment(path: &str, link: &LinkRecord) -> String {
    match &link.fragment {
        Some(f) => format!("{path}#{f}"),
        None => path.to_string(),
    }
}

/// `/ja/faq/` for the content page `ja/faq.md`.
fn page_address(ctx: &Context, content_path: &str) -> String {
    let (lang, rel) = content_path.split_once('/').unwrap_or((content_path, ""));
    format!(
        "{}{}",
        ctx.config.base_path,
        crate::urls::page_path(lang, rel)
    )
}

/// The folder of the page's Markdown file below `content/`.
fn content_dir(page: &PageReport) -> String {
    let path = page.source.strip_prefix("content/").unwrap_or(&page.source);
    path.rsplit_once('/')
        .map_or(String::new(), |(dir, _)| dir.to_string())
}
