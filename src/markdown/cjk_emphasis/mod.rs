//! CJK-friendly emphasis: `**「サインイン」**をクリック` is bold, as the markdown-cjk-friendly
//! specification (an amendment of CommonMark 0.31.2's flanking rules) says.
//!
//! Takes pulldown-cmark's raw events (before text merging) and gives the same events with
//! `*`, `_` and `~~` emphasis re-matched under the amended rules. Only an inline run (the
//! inline events of one block) that has a delimiter next to a CJK character or a
//! variation selector is re-matched; everywhere else the rules agree with CommonMark's and
//! pulldown-cmark's own events pass through untouched, so English does not change.
//!
//! Re-matching undoes pulldown-cmark's emphasis (its `Start`/`End` ranges say where its
//! delimiters were), finds every delimiter run in the run's verbatim text, and runs
//! CommonMark's "process emphasis" algorithm again; links and images are matched inside
//! on their own, as in CommonMark.
//!
//! Delete this pass when pulldown-cmark publishes a release containing its PR #1059
//! (CJK-friendly emphasis; merged upstream, but not in 0.13.6, the newest 0.13.x): switch
//! on that release's option in `parser_options` instead.

use std::collections::VecDeque;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

mod delimiters;

use delimiters::{emit_delim, process, Delim};

use super::east_asian::{is_cjk, is_ideographic_variation_selector, is_text_variation_selector};

type Item<'a> = (Event<'a>, Range<usize>);

/// Wraps pulldown-cmark's offset iterator over `source` (the text it parsed).
pub fn cjk_emphasis<'a, I>(events: I, source: &'a str) -> CjkEmphasis<'a, I>
where
    I: Iterator<Item = Item<'a>>,
{
    CjkEmphasis {
        inner: events,
        source,
        active: has_delimiter_next_to_cjk(source),
        always: false,
        in_code_block: false,
        pending: None,
        out: VecDeque::new(),
    }
}

/// The adapter; see the module docs.
pub struct CjkEmphasis<'a, I> {
    inner: I,
    source: &'a str,
    /// Whether the page has any delimiter the amended rules could treat differently.
    active: bool,
    /// Re-match every inline run (tests prove the re-matching equals pulldown-cmark's).
    always: bool,
    in_code_block: bool,
    pending: Option<Item<'a>>,
    out: VecDeque<Item<'a>>,
}

impl<'a, I: Iterator<Item = Item<'a>>> CjkEmphasis<'a, I> {
    #[cfg(test)]
    pub fn rematching_everything(mut self) -> Self {
        self.active = true;
        self.always = true;
        self
    }

    fn next_inline_run(&mut self, first: Item<'a>) -> Vec<Item<'a>> {
        let mut run = vec![first];
        loop {
            match self.inner.next() {
                Some(item) if is_inline(&item.0) => run.push(item),
                other => {
                    self.pending = other;
                    return run;
                }
            }
        }
    }
}

impl<'a, I: Iterator<Item = Item<'a>>> Iterator for CjkEmphasis<'a, I> {
    type Item = Item<'a>;

    fn next(&mut self) -> Option<Item<'a>> {
        if !self.active {
            return self.inner.next();
        }
        if let Some(item) = self.out.pop_front() {
            return Some(item);
        }
        let first = self.pending.take().or_else(|| self.inner.next())?;
        match &first.0 {
            Event::Start(Tag::CodeBlock(_)) => self.in_code_block = true,
            Event::End(TagEnd::CodeBlock) => self.in_code_block = false,
            _ => {}
        }
        if self.in_code_block || !is_inline(&first.0) {
            return Some(first);
        }
        let run = self.next_inline_run(first);
        let (start, end) = (run[0].1.start, run[run.len() - 1].1.end);
        let text = self.source.get(start..end).unwrap_or("");
        if self.always || has_delimiter_next_to_cjk(text) {
            self.out.extend(rematch(run, self.source));
        } else {
            self.out.extend(run);
        }
        self.out.pop_front()
    }
}

fn is_inline(event: &Event) -> bool {
    match event {
        Event::Start(tag) => matches!(
            tag,
            Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::Link { .. }
                | Tag::Image { .. }
        ),
        Event::End(tag) => matches!(
            tag,
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript
                | TagEnd::Link
                | TagEnd::Image
        ),
        Event::Text(_)
        | Event::Code(_)
        | Event::InlineMath(_)
        | Event::DisplayMath(_)
        | Event::InlineHtml(_)
        | Event::SoftBreak
        | Event::HardBreak
        | Event::FootnoteReference(_) => true,
        _ => false,
    }
}

/// Whether the pass may change anything in `source`: some `*`, `_` or `~` touches a CJK
/// character or a variation selector. When not, the pass can be left out of the chain.
pub fn may_apply(source: &str) -> bool {
    has_delimiter_next_to_cjk(source)
}

/// Whether some `*`, `_` or `~` in `text` touches a CJK character or a variation selector.
fn has_delimiter_next_to_cjk(text: &str) -> bool {
    memchr::memchr3_iter(b'*', b'_', b'~', text.as_bytes()).any(|at| {
        let touches = |c: Option<char>| {
            c.is_some_and(|c| {
                is_cjk(c) || is_text_variation_selector(c) || is_ideographic_variation_selector(c)
            })
        };
        touches(text[..at].chars().next_back()) || touches(text[at + 1..].chars().next())
    })
}

/// One piece of an inline run being re-matched.
enum Node<'a> {
    Atom(Item<'a>),
    Group(Item<'a>, Vec<Node<'a>>, Option<Item<'a>>),
    Delim(Delim),
}

fn rematch<'a>(run: Vec<Item<'a>>, source: &'a str) -> Vec<Item<'a>> {
    let mut reader = Reader {
        source,
        prev_end: usize::MAX,
    };
    let mut events = run.into_iter();
    let (mut nodes, _) = reader.collect(&mut events);
    process(&mut nodes, source, true);
    let mut out = Vec::new();
    emit(nodes, source, &mut out);
    out
}

/// Turns events into nodes: text split at delimiter runs, pulldown-cmark's emphasis
/// turned back into the delimiters it came from, links and images as groups.
struct Reader<'a> {
    source: &'a str,
    /// End of the event read last: tells an escaped delimiter (`\*`) from a bare one.
    prev_end: usize,
}

impl<'a> Reader<'a> {
    fn collect(
        &mut self,
        events: &mut impl Iterator<Item = Item<'a>>,
    ) -> (Vec<Node<'a>>, Option<Item<'a>>) {
        let mut nodes = Vec::new();
        while let Some((event, range)) = events.next() {
            match &event {
                Event::Start(Tag::Link { .. } | Tag::Image { .. }) => {
                    self.prev_end = range.start;
                    let (children, end) = self.collect(events);
                    nodes.push(Node::Group((event, range), children, end));
                }
                Event::End(TagEnd::Link | TagEnd::Image) => {
                    self.prev_end = range.end;
                    return (nodes, Some((event, range)));
                }
                Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough) => {
                    let n = self.marker_len(&event, range.start);
                    push_delim(&mut nodes, self.source, range.start, n);
                    self.prev_end = range.start;
                }
                Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough) => {
                    let n = self.marker_len(&event, range.start);
                    push_delim(&mut nodes, self.source, range.end - n, n);
                    self.prev_end = range.end;
                }
                Event::Text(text) if self.source.get(range.clone()) == Some(&**text) => {
                    self.split_text(&mut nodes, range);
                }
                _ => {
                    self.prev_end = range.end;
                    nodes.push(Node::Atom((event, range)));
                }
            }
        }
        (nodes, None)
    }

    fn marker_len(&self, event: &Event, start: usize) -> usize {
        match event {
            Event::Start(Tag::Emphasis) | Event::End(TagEnd::Emphasis) => 1,
            Event::Start(Tag::Strong) | Event::End(TagEnd::Strong) => 2,
            _ if self.source.as_bytes().get(start + 1) == Some(&b'~') => 2,
            _ => 1,
        }
    }

    fn split_text(&mut self, nodes: &mut Vec<Node<'a>>, range: Range<usize>) {
        let bytes = self.source.as_bytes();
        let escaped_first =
            range.start > 0 && bytes[range.start - 1] == b'\\' && self.prev_end != range.start;
        let mut text_start = range.start;
        let mut at = range.start;
        while at < range.end {
            let byte = bytes[at];
            let is_delim =
                matches!(byte, b'*' | b'_' | b'~') && !(at == range.start && escaped_first);
            if is_delim {
                self.push_text(nodes, text_start..at);
                push_delim(nodes, self.source, at, 1);
                text_start = at + 1;
            }
            at += 1;
        }
        self.push_text(nodes, text_start..range.end);
        self.prev_end = range.end;
    }

    fn push_text(&self, nodes: &mut Vec<Node<'a>>, range: Range<usize>) {
        if !range.is_empty() {
            let text = CowStr::Borrowed(&self.source[range.clone()]);
            nodes.push(Node::Atom((Event::Text(text), range)));
        }
    }
}

/// Adds `len` delimiter characters at `start`, joining the run they continue.
fn push_delim(nodes: &mut Vec<Node>, source: &str, start: usize, len: usize) {
    let ch = source.as_bytes()[start];
    if let Some(Node::Delim(last)) = nodes.last_mut() {
        if last.ch == ch && last.start + last.len == start {
            last.len += len;
            return;
        }
    }
    nodes.push(Node::Delim(Delim::new(ch, start, len)));
}

fn emit<'a>(nodes: Vec<Node<'a>>, source: &'a str, out: &mut Vec<Item<'a>>) {
    for node in nodes {
        match node {
            Node::Atom(item) => out.push(item),
            Node::Group(start, children, end) => {
                out.push(start);
                emit(children, source, out);
                out.extend(end);
            }
            Node::Delim(delim) => emit_delim(delim, source, out),
        }
    }
}

#[cfg(test)]
mod tests;
