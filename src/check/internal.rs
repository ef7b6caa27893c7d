//! Links written in Markdown (and raw HTML in Markdown): each is resolved from the URL the
//! page really carries and looked up in the built site. Locations come from the records the
//! Markdown stage made while rendering, so nothing is re-parsed here.

use rayon::prelude::*;

use super::anchors::fragment_problem;
use super::resolve::{relative_to, UrlKind};
use super::{Context, ExternalLink, Findings};
use crate::diagnostics::{Code, Diagnostic, Text};
use crate::markdown::{LinkRecord, LinkTarget};
use crate::render::{AliasReport, PageReport};
use crate::suggest::closest;
use crate::text;

/// Checks every link of every page that was written (fallback copies are skipped: their
/// links are the original's).
pub fn check_content_links(ctx: &Context, findings: &mut Findings) {
    for page_index in 0..ctx.site.pages.len() {
        check_page_links(ctx, page_index, findings);
    }
}

/// The problems [`check_content_links`] finds, pages checked in parallel (`build` wants
/// only the problems, not the links' edges or external URLs), in the same order.
pub fn content_link_problems(ctx: &Context) -> Vec<Diagnostic> {
    (0..ctx.site.pages.len())
        .into_par_iter()
        .with_min_len(PAGES_PER_TASK)
        .fold(Findings::default, |mut findings, page_index| {
            check_page_links(ctx, page_index, &mut findings);
            findings.edges.clear();
            findings.external.clear();
            findings
        })
        .map(|findings| findings.diagnostics)
        .reduce(Vec::new, |mut first, mut then| {
            first.append(&mut then);
            first
        })
}

/// Pages one task of [`content_link_problems`] checks at least: a page's links take a
/// few microseconds, so smaller tasks would cost more to hand out than they save.
const PAGES_PER_TASK: usize = 64;

/// Checks every link of page `page_index` (none for a fallback copy).
pub fn check_page_links(ctx: &Context, page_index: usize, findings: &mut Findings) {
    let page = &ctx.site.pages[page_index];
    if page.fallback {
        return;
    }
    for link in &page.links {
        findings.links += 1;
        check_link(ctx, page_index, page, link, findings);
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
                describe(text!("broken-link-outside"), link),
            )
            .with_help(text!(
                "broken-link-outside-help",
                base = ctx.config.base_path
            )),
        )),
        UrlKind::Host(url) => findings.external.push(external_link(page, link, url)),
        UrlKind::Web | UrlKind::Contact => {
            findings
                .external
                .push(external_link(page, link, link.url.clone()))
        }
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
        describe(
            text!(
                "link-to-alias",
                old = format!("{}{old}", ctx.config.base_path),
                target = alias.target_content
            ),
            link,
        ),
    )
    .with_help(text!(
        "link-to-alias-help",
        written = written,
        url = alias.target_url
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
    let (message, help) = if link.raw_html {
        (
            text!("empty-alt-html", written = link.written),
            text!("empty-alt-html-help"),
        )
    } else {
        (
            text!("empty-alt", written = link.written),
            text!("empty-alt-help"),
        )
    };
    Diagnostic::error(Code::EmptyAlt, &page.source, message).with_help(help)
}

/// `message` with the arguments that name `link` in it (`{ link-what }` in the messages:
/// "the link 'text' (dest)" or "the image 'dest'").
pub fn describe(message: Text, link: &LinkRecord) -> Text {
    let text = link.text.trim();
    let kind = match (link.is_image, text.is_empty()) {
        (true, _) => "image",
        (false, true) => "bare",
        (false, false) => "text",
    };
    message
        .arg("kind", kind)
        .arg("text", text)
        .arg("written", &link.written)
}

/// The diagnostic for a link whose target is not in the built site.
fn missing(ctx: &Context, page: &PageReport, link: &LinkRecord, wanted: &str) -> Diagnostic {
    let code = if link.is_image {
        Code::MissingImage
    } else {
        Code::BrokenLink
    };
    let dir = content_dir(page);
    let did_you_mean = |suggestion: String| text!("did-you-mean", suggestion = suggestion);
    let (message, help) = match &link.target {
        LinkTarget::Page { path } if link.raw_html && ctx.content_pages().contains(path) => (
            text!("broken-link-raw-html", wanted = wanted),
            Some(text!(
                "broken-link-raw-html-help",
                written = link.written,
                address = page_address(ctx, path)
            )),
        ),
        LinkTarget::Page { path } => (
            text!("broken-link-no-page", path = path),
            closest(path, ctx.content_pages().iter().map(String::as_str))
                .map(|best| did_you_mean(with_fragment(&relative_to(&dir, best), link))),
        ),
        LinkTarget::File { path } if !link.raw_html => (
            text!("broken-link-no-file", path = path),
            closest(path, ctx.assets().iter().map(String::as_str))
                .map(|best| did_you_mean(relative_to(&dir, best))),
        ),
        _ => (
            text!(
                "broken-link-not-published",
                address = format!("{}{wanted}", ctx.config.base_path)
            ),
            closest(wanted, ctx.index.files.paths().map(published))
                .map(|best| did_you_mean(format!("{}{best}", ctx.config.base_path))),
        ),
    };
    let help = space_slip(link)
        .or(help)
        .unwrap_or_else(|| no_close_match(link, &dir));
    Diagnostic::error(code, &page.source, describe(message, link)).with_help(help)
}

/// A link target with a full-width space typed into it (`(faq.md　)`): the target
/// without it.
fn space_slip(link: &LinkRecord) -> Option<Text> {
    let fixed = link.written.replace('\u{3000}', "");
    (fixed != link.written && !fixed.is_empty()).then(|| text!("did-you-mean", suggestion = fixed))
}

/// The help when no page or file has a name close to the link's: where links point.
fn no_close_match(link: &LinkRecord, dir: &str) -> Text {
    let folder = if dir.is_empty() {
        "content/".to_string()
    } else {
        format!("content/{dir}/")
    };
    if link.is_image {
        text!("missing-image-help", folder = folder)
    } else {
        text!("broken-link-help", folder = folder)
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
