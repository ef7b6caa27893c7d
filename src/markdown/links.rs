//! The link adapter: resolves Markdown links and images and records them, with their
//! source location and text, for `check`.
//!
//! Links to `.md` files become page URLs (`faq.md#lost-phone` → `/ja/faq/#lost-phone`),
//! relative file links become site paths, and everything keeps its `#fragment`.

use std::cell::RefCell;

use crate::diagnostics::Code;
use crate::text;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use super::state::{LinkRecord, LinkTarget, PageState};
use crate::urls::{encode_path, join_relative, page_path};

type Item<'a> = (Event<'a>, Range<usize>);

/// Where the page being rendered lives, to resolve its relative links.
pub struct LinkBase<'a> {
    /// The page's folder below `content/`, e.g. `ja` or `ja/guide`.
    pub dir: String,
    /// The path part of `base_url`, e.g. `/` or `/guide/`.
    pub base_path: &'a str,
}

pub struct Links<'s, 'a, I> {
    inner: I,
    state: &'s RefCell<PageState<'a>>,
    base: &'a LinkBase<'a>,
    /// Index of the link whose text is being collected, per nesting level.
    open: Vec<usize>,
}

impl<'s, 'a, I: Iterator<Item = Item<'a>>> Links<'s, 'a, I> {
    pub fn new(inner: I, state: &'s RefCell<PageState<'a>>, base: &'a LinkBase<'a>) -> Self {
        Links {
            inner,
            state,
            base,
            open: Vec::new(),
        }
    }

    fn record(&mut self, dest: &str, is_image: bool, range: &Range<usize>) -> String {
        let (target, url, fragment) = resolve(dest, self.base);
        let mut state = self.state.borrow_mut();
        let (line, column, snippet) = state.link_location(range.start);
        state.links.push(LinkRecord {
            target,
            written: dest.to_string(),
            url: url.clone(),
            fragment,
            text: String::new(),
            is_image,
            raw_html: false,
            has_alt: true,
            line,
            column,
            snippet,
        });
        self.open.push(state.links.len() - 1);
        url
    }

    /// `[](faq.md)`: a link with no text, nor an image with alt text inside it, which
    /// screen readers announce by its address alone (WCAG 2.4.4).
    fn nameless_link(&mut self, i: usize, range: &Range<usize>) {
        let mut state = self.state.borrow_mut();
        // The link's own text, then the images inside it (recorded after it).
        if state.links[i..].iter().any(|l| !l.text.trim().is_empty()) {
            return;
        }
        let written = state.links[i].written.clone();
        state.error(
            Code::EmptyLinkText,
            range.start,
            text!("empty-link-text", written = written.clone()),
            Some(text!("empty-link-text-help", written = written)),
        );
    }

    /// Records the `href`/`src`/`srcset` URLs of raw HTML. Their URLs reach the page as
    /// written, so `url` is the written value; the location is the value's own.
    fn record_raw(&mut self, html: &str, range: &Range<usize>) {
        let attributes = super::raw_html::attributes(html);
        let has_links = attributes
            .iter()
            .any(|a| super::raw_html::is_link_attribute(a) || a.name_is("srcset"));
        if !has_links {
            return;
        }
        let mut state = self.state.borrow_mut();
        let base = state
            .prepared_text()
            .get(range.clone())
            .and_then(|source| source.find(html))
            .map_or(range.start, |at| range.start + at);
        for attribute in &attributes {
            let is_image =
                attribute.tag_is("img") && attribute.name_is("src") || attribute.name_is("srcset");
            let alt = attributes
                .iter()
                .find(|a| a.tag_offset == attribute.tag_offset && a.name_is("alt"));
            super::raw_html::for_each_link_url(attribute, |offset, url| {
                let (target, _, fragment) = resolve(url, self.base);
                let (line, column, snippet) = state.link_location(base + attribute.offset + offset);
                state.links.push(LinkRecord {
                    target,
                    written: url.to_string(),
                    url: url.to_string(),
                    fragment,
                    text: alt.map(|a| a.value.to_string()).unwrap_or_default(),
                    is_image,
                    raw_html: true,
                    // A missing alt is reported once, for `src`; `<source>` has none.
                    has_alt: alt.is_some() || attribute.name_is("srcset"),
                    line,
                    column,
                    snippet,
                });
            });
        }
    }
}

/// Resolves a destination as written into (target, URL for the HTML, fragment).
pub fn resolve(dest: &str, base: &LinkBase) -> (LinkTarget, String, Option<String>) {
    let composed = crate::urls::nfc(dest);
    let dest = composed.as_ref();
    let (path, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (dest, None),
    };
    let with_fragment = |url: String| match &fragment {
        Some(f) => format!("{url}#{f}"),
        None => url,
    };
    if is_external(dest) {
        return (LinkTarget::External, dest.to_string(), fragment);
    }
    if path.is_empty() {
        return (LinkTarget::SamePage, dest.to_string(), fragment);
    }
    let (path, query) = match path.split_once('?') {
        Some((p, q)) => (p, format!("?{q}")),
        None => (path, String::new()),
    };
    // A path from the server's root is used as written, as in raw HTML: `check`
    // looks it up in the site (below the base path) or leaves it to `--external`
    // (under `[links] host_paths`).
    if let Some(abs) = path.strip_prefix('/') {
        return (
            LinkTarget::Absolute {
                path: abs.to_string(),
            },
            dest.to_string(),
            fragment,
        );
    }
    let decoded = crate::urls::decode_path(path).unwrap_or_else(|| path.to_string());
    let Some(joined) = join_relative(&base.dir, &decoded) else {
        return (
            LinkTarget::File {
                path: decoded.clone(),
            },
            dest.to_string(),
            fragment,
        );
    };
    if joined.ends_with(".md") {
        let (lang, rel) = joined.split_once('/').unwrap_or((&joined, ""));
        let url = format!(
            "{}{}{query}",
            base.base_path,
            encode_path(&page_path(lang, rel))
        );
        (
            LinkTarget::Page { path: joined },
            with_fragment(url),
            fragment,
        )
    } else {
        let url = format!("{}{}{query}", base.base_path, encode_path(&joined));
        (
            LinkTarget::File { path: joined },
            with_fragment(url),
            fragment,
        )
    }
}

fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    match dest.split_once(':') {
        Some((scheme, _)) => {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '-' || c == '.')
                && !scheme.contains('/')
        }
        None => false,
    }
}

impl<'s, 'a, I: Iterator<Item = Item<'a>>> Iterator for Links<'s, 'a, I> {
    type Item = Item<'a>;

    fn next(&mut self) -> Option<Item<'a>> {
        let (event, range) = self.inner.next()?;
        let event = match event {
            Event::Start(Tag::Link {
                link_type: LinkType::Email,
                dest_url,
                title,
                id,
            }) => {
                // The HTML writer adds `mailto:` to an e-mail autolink's destination;
                // recorded with it, check sees an external link, not a file.
                self.record(&format!("mailto:{dest_url}"), false, &range);
                Event::Start(Tag::Link {
                    link_type: LinkType::Email,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let url = self.record(&dest_url, false, &range);
                Event::Start(Tag::Link {
                    link_type,
                    dest_url: CowStr::from(url),
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let url = self.record(&dest_url, true, &range);
                Event::Start(Tag::Image {
                    link_type,
                    dest_url: CowStr::from(url),
                    title,
                    id,
                })
            }
            Event::End(TagEnd::Link) => {
                if let Some(i) = self.open.pop() {
                    self.nameless_link(i, &range);
                }
                event
            }
            Event::End(TagEnd::Image) => {
                self.open.pop();
                event
            }
            Event::Html(ref html) | Event::InlineHtml(ref html) => {
                self.record_raw(html, &range);
                event
            }
            Event::Text(ref text) | Event::Code(ref text) => {
                if let Some(&i) = self.open.last() {
                    self.state.borrow_mut().links[i].text.push_str(text);
                }
                event
            }
            other => other,
        };
        Some((event, range))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_pages_files_and_fragments() {
        let base = LinkBase {
            dir: "ja".into(),
            base_path: "/",
        };
        let (t, url, f) = resolve("faq.md#lost-phone", &base);
        assert_eq!(
            t,
            LinkTarget::Page {
                path: "ja/faq.md".into()
            }
        );
        assert_eq!(url, "/ja/faq/#lost-phone");
        assert_eq!(f.as_deref(), Some("lost-phone"));
        let (t, url, _) = resolve("../en/index.md", &base);
        assert_eq!(
            (t, url.as_str()),
            (
                LinkTarget::Page {
                    path: "en/index.md".into()
                },
                "/en/"
            )
        );
        let (t, url, _) = resolve("img/qr code.png", &base);
        assert_eq!(
            (t, url.as_str()),
            (
                LinkTarget::File {
                    path: "ja/img/qr code.png".into()
                },
                "/ja/img/qr%20code.png"
            )
        );
        assert_eq!(resolve("#top", &base).0, LinkTarget::SamePage);
        assert_eq!(
            resolve("https://example.org/x#y", &base).0,
            LinkTarget::External
        );
        assert_eq!(
            resolve("mailto:help@university.example", &base).0,
            LinkTarget::External
        );
    }

    #[test]
    fn base_path_is_prefixed_to_relative_links_and_server_paths_stay() {
        let base = LinkBase {
            dir: "en/guide".into(),
            base_path: "/mfa/",
        };
        assert_eq!(resolve("../faq.md", &base).1, "/mfa/en/faq/");
        // One rule with raw HTML: a path from the server's root is used as written
        // (check then finds it in the site, or in `[links] host_paths`).
        assert_eq!(resolve("/mfa/en/", &base).1, "/mfa/en/");
        assert_eq!(resolve("/support/#desk", &base).1, "/support/#desk");
    }
}
