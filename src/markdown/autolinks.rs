//! Bare links: `https://…`, `http://…`, `www.…` and e-mail addresses written in text
//! become links, as on GitHub (GFM's "extended autolinks"), with one change for Japanese:
//! a link ends at whitespace, `<`, or the first character outside ASCII, so in
//! `詳しくはhttps://example.com/helpにあります` only the URL is linked, and it may start right
//! after a Japanese character.
//!
//! Takes merged events and gives the same events with such text split into
//! `Start(Link)`, `Text`, `End(Link)`. Text inside links, images and code blocks is left
//! alone (code spans are `Code` events, never looked at). Trailing `?!.,:;*_~` and an
//! unbalanced `)` stay outside the link, as on GitHub.

use std::collections::VecDeque;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

type Item<'a> = (Event<'a>, Range<usize>);

/// Wraps `events`; with `enabled` false every event passes unchanged.
pub fn bare_links<'a, I>(events: I, enabled: bool) -> BareLinks<'a, I>
where
    I: Iterator<Item = Item<'a>>,
{
    BareLinks {
        inner: events,
        enabled,
        depth: 0,
        out: VecDeque::new(),
    }
}

/// The adapter; see the module docs.
pub struct BareLinks<'a, I> {
    inner: I,
    enabled: bool,
    /// Open links, images and code blocks: text inside them is never linked.
    depth: usize,
    out: VecDeque<Item<'a>>,
}

impl<'a, I: Iterator<Item = Item<'a>>> Iterator for BareLinks<'a, I> {
    type Item = Item<'a>;

    fn next(&mut self) -> Option<Item<'a>> {
        if let Some(item) = self.out.pop_front() {
            return Some(item);
        }
        let (event, range) = self.inner.next()?;
        if !self.enabled {
            return Some((event, range));
        }
        match &event {
            Event::Start(Tag::Link { .. } | Tag::Image { .. } | Tag::CodeBlock(_)) => {
                self.depth += 1
            }
            Event::End(TagEnd::Link | TagEnd::Image | TagEnd::CodeBlock) => {
                self.depth = self.depth.saturating_sub(1)
            }
            Event::InlineHtml(html) => match raw_link_or_code(html) {
                Some(true) => self.depth += 1,
                Some(false) => self.depth = self.depth.saturating_sub(1),
                None => {}
            },
            Event::Text(text) if self.depth == 0 && might_hold_link(text) => {
                let text = text.clone();
                self.split(text, range);
                return self.out.pop_front();
            }
            _ => {}
        }
        Some((event, range))
    }
}

impl<'a, I> BareLinks<'a, I> {
    fn split(&mut self, text: CowStr<'a>, range: Range<usize>) {
        let found = find_links(&text);
        if found.is_empty() {
            self.out.push_back((Event::Text(text), range));
            return;
        }
        let piece = |r: Range<usize>| -> CowStr<'a> {
            match &text {
                CowStr::Borrowed(s) => CowStr::Borrowed(&s[r]),
                other => CowStr::from(other[r].to_string()),
            }
        };
        // Offsets inside the text map to the file only while it is the source verbatim
        // (parameters change it); otherwise the whole text's range is the best location.
        let verbatim = range.len() == text.len();
        let at = |r: &Range<usize>| match verbatim {
            true => range.start + r.start..range.start + r.end,
            false => range.clone(),
        };
        let mut last = 0;
        for found in found {
            if found.span.start > last {
                let r = last..found.span.start;
                self.out.push_back((Event::Text(piece(r.clone())), at(&r)));
            }
            let span = at(&found.span);
            let (link_type, dest_url) = match found.kind {
                Found::Email => (LinkType::Email, piece(found.span.clone())),
                Found::Url => (LinkType::Autolink, piece(found.span.clone())),
                Found::Www => (
                    LinkType::Autolink,
                    CowStr::from(format!("http://{}", &text[found.span.clone()])),
                ),
            };
            let tag = Tag::Link {
                link_type,
                dest_url,
                title: CowStr::Borrowed(""),
                id: CowStr::Borrowed(""),
            };
            self.out.push_back((Event::Start(tag), span.clone()));
            let shown = piece(found.span.clone());
            self.out.push_back((Event::Text(shown), span.clone()));
            self.out.push_back((Event::End(TagEnd::Link), span));
            last = found.span.end;
        }
        if last < text.len() {
            let r = last..text.len();
            self.out.push_back((Event::Text(piece(r.clone())), at(&r)));
        }
    }
}

/// `Some(true)` for a raw `<a …>` or `<code>` start tag, `Some(false)` for its end tag:
/// text between them is already a link or code.
fn raw_link_or_code(html: &str) -> Option<bool> {
    let (closing, rest) = match html.strip_prefix("</") {
        Some(rest) => (true, rest),
        None => (false, html.strip_prefix('<')?),
    };
    let name_end = rest
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(rest.len());
    let name = &rest[..name_end];
    let self_closing = html.trim_end().ends_with("/>");
    let known = name.eq_ignore_ascii_case("a") || name.eq_ignore_ascii_case("code");
    (known && !self_closing).then_some(!closing)
}

/// `www.`, searched for with one prepared finder: `str::contains` would prepare its
/// searcher again for every text of every page (5 % of a build's instructions).
static WWW: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"www."));

fn might_hold_link(text: &str) -> bool {
    memchr::memchr2(b':', b'@', text.as_bytes()).is_some() || WWW.find(text.as_bytes()).is_some()
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Found {
    Url,
    Www,
    Email,
}

#[derive(Debug)]
struct FoundLink {
    span: Range<usize>,
    kind: Found,
}

/// Every bare link in `text`, in order.
fn find_links(text: &str) -> Vec<FoundLink> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut at = 0;
    let mut last = 0;
    while at < bytes.len() {
        if text.is_char_boundary(at) && starts_word(text, at) {
            if let Some(link) = url_at(text, at) {
                at = link.span.end;
                last = at;
                found.push(link);
                continue;
            }
        }
        if bytes[at] == b'@' {
            if let Some(span) = email_around(text, at, last) {
                at = span.end;
                last = at;
                found.push(FoundLink {
                    span,
                    kind: Found::Email,
                });
                continue;
            }
        }
        at += 1;
    }
    found
}

/// A link may start at the start of text, after whitespace, after `*`, `_`, `~` or `(`
/// (GitHub's rule), or after any character outside ASCII (Japanese text has no spaces).
fn starts_word(text: &str, at: usize) -> bool {
    match text[..at].chars().next_back() {
        None => true,
        Some(c) => c.is_whitespace() || matches!(c, '*' | '_' | '~' | '(') || !c.is_ascii(),
    }
}

fn url_at(text: &str, at: usize) -> Option<FoundLink> {
    let rest = &text[at..];
    let (kind, domain_start) = if rest.starts_with("https://") {
        (Found::Url, 8)
    } else if rest.starts_with("http://") {
        (Found::Url, 7)
    } else if rest.starts_with("www.") {
        (Found::Www, 0)
    } else {
        return None;
    };
    let len = rest
        .find(|c: char| c.is_whitespace() || c == '<' || !c.is_ascii())
        .unwrap_or(rest.len());
    let len = trim_trailing(&rest[..len]);
    let after_scheme = &rest[domain_start..len];
    let domain_len = after_scheme
        .find(['/', '?', '#'])
        .unwrap_or(after_scheme.len());
    if !valid_domain(&after_scheme[..domain_len]) {
        return None;
    }
    Some(FoundLink {
        span: at..at + len,
        kind,
    })
}

/// The length of `link` less trailing punctuation and unbalanced closing parentheses.
fn trim_trailing(link: &str) -> usize {
    let mut end = link.len();
    loop {
        let current = &link[..end];
        match current.as_bytes().last() {
            Some(b'?' | b'!' | b'.' | b',' | b':' | b';' | b'*' | b'_' | b'~') => end -= 1,
            Some(b')') if current.matches(')').count() > current.matches('(').count() => end -= 1,
            _ => return end,
        }
    }
}

/// GFM's valid domain: segments of letters, digits, `_` and `-` separated by `.`, at
/// least one `.`, no `_` in the last two segments.
fn valid_domain(domain: &str) -> bool {
    let segments: Vec<&str> = domain.split('.').collect();
    segments.len() >= 2
        && segments.iter().all(|s| {
            !s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        })
        && segments[segments.len() - 2..]
            .iter()
            .all(|s| !s.contains('_'))
}

/// The address around the `@` at `at`, not reaching back before `floor`.
fn email_around(text: &str, at: usize, floor: usize) -> Option<Range<usize>> {
    let bytes = text.as_bytes();
    let is_local = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b'+');
    let mut start = at;
    while start > floor && is_local(bytes[start - 1]) {
        start -= 1;
    }
    if start == at || !starts_word(text, start) {
        return None;
    }
    let is_domain = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_');
    let mut end = at + 1;
    while end < bytes.len() && is_domain(bytes[end]) {
        end += 1;
    }
    while end > at + 1 && bytes[end - 1] == b'.' {
        end -= 1;
    }
    let domain = &text[at + 1..end];
    let last = *domain.as_bytes().last()?;
    if last == b'-' || last == b'_' || !domain.contains('.') || domain.split('.').any(str::is_empty)
    {
        return None;
    }
    Some(start..end)
}

#[cfg(test)]
mod tests {
    use pulldown_cmark::{html, Options, Parser, TextMergeWithOffset};

    use super::bare_links;

    fn render(markdown: &str) -> String {
        let events = TextMergeWithOffset::new(
            Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH).into_offset_iter(),
        );
        let mut out = String::new();
        html::push_html(&mut out, bare_links(events, true).map(|(e, _)| e));
        out.trim_end()
            .strip_prefix("<p>")
            .and_then(|h| h.strip_suffix("</p>"))
            .unwrap_or(&out)
            .to_string()
    }

    #[test]
    fn urls_end_before_japanese() {
        assert_eq!(
            render("詳しくはhttps://example.com/helpにあります"),
            "詳しくは<a href=\"https://example.com/help\">https://example.com/help</a>にあります"
        );
        assert_eq!(
            render("（https://example.com/a）を参照。"),
            "（<a href=\"https://example.com/a\">https://example.com/a</a>）を参照。"
        );
        assert_eq!(
            render("www.example.com/x、または"),
            "<a href=\"http://www.example.com/x\">www.example.com/x</a>、または"
        );
    }

    #[test]
    fn addresses_become_mailto_links() {
        assert_eq!(
            render("お問い合わせはit-help@university.exampleまで"),
            "お問い合わせは<a href=\"mailto:it-help@university.example\">it-help@university.example</a>まで"
        );
        assert_eq!(
            render("Write to help@university.example."),
            "Write to <a href=\"mailto:help@university.example\">help@university.example</a>."
        );
    }

    #[test]
    fn trailing_punctuation_as_on_github() {
        assert_eq!(
            render("See https://example.com/a.b, then (https://example.com/c) or https://en.example/wiki/X_(y)!"),
            "See <a href=\"https://example.com/a.b\">https://example.com/a.b</a>, then (<a href=\"https://example.com/c\">https://example.com/c</a>) or <a href=\"https://en.example/wiki/X_(y)\">https://en.example/wiki/X_(y)</a>!"
        );
        assert_eq!(
            render("Go to www.example.com: done?"),
            "Go to <a href=\"http://www.example.com\">www.example.com</a>: done?"
        );
    }

    #[test]
    fn not_in_code_links_or_without_a_domain() {
        for markdown in [
            "`https://example.com/`",
            "[https://example.com/](https://example.org/)",
            "<https://example.com/>",
            "http://localhost:8080/ and user@localhost",
            "abchttps://example.com and a@b",
            "    https://example.com/",
            "<a href=\"https://example.org/\">https://example.com/</a>",
            "<code>https://example.com/</code>",
        ] {
            let html = render(markdown);
            assert!(html.matches("<a ").count() <= 1, "{markdown}: {html}");
            assert!(!html.contains("localhost</a>"), "{markdown}: {html}");
            assert!(
                !html.contains(">https://example.com</a>"),
                "{markdown}: {html}"
            );
        }
        assert_eq!(
            render("`https://example.com/`"),
            "<code>https://example.com/</code>"
        );
        assert_eq!(
            render("    https://example.com/"),
            "<pre><code>https://example.com/</code></pre>\n"
        );
    }
}
