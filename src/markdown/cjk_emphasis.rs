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

use super::east_asian::{
    is_cjk, is_ideographic_variation_selector, is_punctuation, is_text_variation_selector,
    is_whitespace,
};

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

/// What one delimiter run became.
#[derive(Debug)]
struct Delim {
    ch: u8,
    start: usize,
    len: usize,
    can_open: bool,
    can_close: bool,
    /// Characters used by closers, taken from the left.
    closed: usize,
    /// Characters used by openers, taken from the right.
    opened: usize,
    closes: Vec<(Kind, Range<usize>)>,
    opens: Vec<(Kind, Range<usize>)>,
}

impl Delim {
    fn remaining(&self) -> usize {
        self.len - self.closed - self.opened
    }
}

#[derive(Debug, Clone, Copy)]
enum Kind {
    Emphasis,
    Strong,
    Strikethrough,
}

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
    nodes.push(Node::Delim(Delim {
        ch,
        start,
        len,
        can_open: false,
        can_close: false,
        closed: 0,
        opened: 0,
        closes: Vec::new(),
        opens: Vec::new(),
    }));
}

/// Decides what each run can do, then matches openers with closers (CommonMark's
/// "process emphasis"), inside groups first.
fn process(nodes: &mut [Node], source: &str, top: bool) {
    for k in 0..nodes.len() {
        let prev = neighbour_before(nodes, k, source, top);
        let next = neighbour_after(nodes, k, source, top);
        match &mut nodes[k] {
            Node::Group(_, children, _) => process(children, source, false),
            Node::Delim(delim) => set_abilities(delim, prev, next),
            Node::Atom(_) => {}
        }
    }
    match_delimiters(nodes);
}

/// The characters before a run: the one right before it and, when that is a variation
/// selector, the one it modifies. Line starts count as a space.
fn neighbour_before(nodes: &[Node], k: usize, source: &str, top: bool) -> (char, char) {
    let Node::Delim(delim) = &nodes[k] else {
        return (' ', ' ');
    };
    let line_start = match k.checked_sub(1).map(|p| &nodes[p]) {
        None => top,
        Some(Node::Atom((Event::SoftBreak | Event::HardBreak, _))) => true,
        Some(_) => false,
    };
    if line_start {
        return (' ', ' ');
    }
    let mut before = source[..delim.start].chars().rev();
    let first = before.next().unwrap_or(' ');
    let base = if is_text_variation_selector(first) {
        before.next().unwrap_or(' ')
    } else {
        first
    };
    (first, base)
}

fn neighbour_after(nodes: &[Node], k: usize, source: &str, top: bool) -> char {
    match &nodes[k] {
        Node::Delim(_) if top && k + 1 == nodes.len() => ' ',
        Node::Delim(delim) => source[delim.start + delim.len..]
            .chars()
            .next()
            .unwrap_or(' '),
        _ => ' ',
    }
}

/// The amended flanking rules (markdown-cjk-friendly, section 6.2) and CommonMark's rules
/// for `*` and `_`; for `~` pulldown-cmark's own (GFM) rules with the amended
/// right-flanking test for `~~`.
fn set_abilities(delim: &mut Delim, (prev, prev_base): (char, char), next: char) {
    let prev_ws = is_whitespace(prev);
    let prev_punct = is_punctuation(prev_base);
    let prev_other_punct = prev_punct && !is_cjk(prev_base);
    let prev_cjk = is_cjk(prev_base) || is_ideographic_variation_selector(prev);
    let next_ws = is_whitespace(next);
    let next_punct = is_punctuation(next);
    let next_other_punct = next_punct && !is_cjk(next);
    let left = !next_ws && (!next_other_punct || prev_ws || prev_other_punct || prev_cjk);
    let right = !prev_ws && (!prev_other_punct || next_ws || next_other_punct || is_cjk(next));
    (delim.can_open, delim.can_close) = match (delim.ch, delim.len) {
        (b'*', _) => (left, right),
        (b'_', _) => (
            left && (!right || prev_punct),
            right && (!left || next_punct),
        ),
        (b'~', 1) => (
            !next_ws && (prev_ws || prev_punct),
            !prev_ws && (next_ws || next_punct),
        ),
        (b'~', 2) => (!next_ws, right),
        _ => (false, false),
    };
}

fn match_delimiters(nodes: &mut [Node]) {
    let mut openers: Vec<usize> = Vec::new();
    // CommonMark's openers_bottom, by character, "closer can open" and length mod 3.
    let mut bottoms = [[[0usize; 3]; 2]; 3];
    for i in 0..nodes.len() {
        let Node::Delim(closer) = &nodes[i] else {
            continue;
        };
        let key = (
            usize::from(closer.ch == b'_') + 2 * usize::from(closer.ch == b'~'),
            usize::from(closer.can_open),
            closer.len % 3,
        );
        if closer.can_close {
            loop {
                let bottom = bottoms[key.0][key.1][key.2];
                let found = (bottom..openers.len())
                    .rev()
                    .find(|&s| pairs(delim_at(nodes, openers[s]), delim_at(nodes, i)));
                let Some(s) = found else {
                    bottoms[key.0][key.1][key.2] = openers.len();
                    break;
                };
                let opener = openers[s];
                openers.truncate(s + 1);
                join(nodes, opener, i);
                if delim_at(nodes, opener).remaining() == 0 {
                    openers.pop();
                }
                for bottom in bottoms.iter_mut().flatten().flatten() {
                    *bottom = (*bottom).min(openers.len());
                }
                if delim_at(nodes, i).remaining() == 0 {
                    break;
                }
            }
        }
        let closer = delim_at(nodes, i);
        if closer.can_open && closer.remaining() > 0 {
            openers.push(i);
        }
    }
}

fn delim_at<'n>(nodes: &'n [Node], i: usize) -> &'n Delim {
    match &nodes[i] {
        Node::Delim(delim) => delim,
        _ => unreachable!("openers and closers are delimiter nodes"),
    }
}

/// Whether `opener` may close with `closer` (same character; the rule of 3; equal `~`).
fn pairs(opener: &Delim, closer: &Delim) -> bool {
    if opener.ch != closer.ch || opener.remaining() == 0 {
        return false;
    }
    if opener.ch == b'~' {
        return opener.len == closer.len;
    }
    let either_both = opener.can_close || closer.can_open;
    !(either_both
        && (opener.len + closer.len).is_multiple_of(3)
        && !(opener.len.is_multiple_of(3) && closer.len.is_multiple_of(3)))
}

/// Uses one or two characters of each (all of a `~` run) for one element.
fn join(nodes: &mut [Node], opener: usize, closer: usize) {
    let (o, c) = (delim_at(nodes, opener), delim_at(nodes, closer));
    let n = match o.ch {
        b'~' => o.remaining(),
        _ if o.remaining() >= 2 && c.remaining() >= 2 => 2,
        _ => 1,
    };
    let kind = match (o.ch, n) {
        (b'~', _) => Kind::Strikethrough,
        (_, 2) => Kind::Strong,
        _ => Kind::Emphasis,
    };
    let open_end = o.start + o.len - o.opened;
    let close_start = c.start + c.closed;
    let range = open_end - n..close_start + n;
    if let Node::Delim(o) = &mut nodes[opener] {
        o.opened += n;
        o.opens.push((kind, range.clone()));
    }
    if let Node::Delim(c) = &mut nodes[closer] {
        c.closed += n;
        c.closes.push((kind, range));
    }
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

fn emit_delim<'a>(delim: Delim, source: &'a str, out: &mut Vec<Item<'a>>) {
    for (kind, range) in delim.closes {
        let end = match kind {
            Kind::Emphasis => TagEnd::Emphasis,
            Kind::Strong => TagEnd::Strong,
            Kind::Strikethrough => TagEnd::Strikethrough,
        };
        out.push((Event::End(end), range));
    }
    let literal = delim.start + delim.closed..delim.start + delim.len - delim.opened;
    if !literal.is_empty() {
        let text = CowStr::Borrowed(&source[literal.clone()]);
        out.push((Event::Text(text), literal));
    }
    for (kind, range) in delim.opens.into_iter().rev() {
        let start = match kind {
            Kind::Emphasis => Tag::Emphasis,
            Kind::Strong => Tag::Strong,
            Kind::Strikethrough => Tag::Strikethrough,
        };
        out.push((Event::Start(start), range));
    }
}

#[cfg(test)]
#[path = "cjk_emphasis_tests.rs"]
mod tests;
