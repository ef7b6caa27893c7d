//! The delimiter half of [`super`]: which runs can open and close under the amended
//! flanking rules, and CommonMark's "process emphasis" matching of openers with closers.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::{Item, Node};
use crate::markdown::east_asian::{
    is_cjk, is_ideographic_variation_selector, is_punctuation, is_text_variation_selector,
    is_whitespace,
};

/// What one delimiter run became.
#[derive(Debug)]
pub struct Delim {
    pub ch: u8,
    pub start: usize,
    pub len: usize,
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
    pub fn new(ch: u8, start: usize, len: usize) -> Self {
        Delim {
            ch,
            start,
            len,
            can_open: false,
            can_close: false,
            closed: 0,
            opened: 0,
            closes: Vec::new(),
            opens: Vec::new(),
        }
    }

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

/// Decides what each run can do, then matches openers with closers (CommonMark's
/// "process emphasis"), inside groups first.
pub fn process(nodes: &mut [Node], source: &str, top: bool) {
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

pub fn emit_delim<'a>(delim: Delim, source: &'a str, out: &mut Vec<Item<'a>>) {
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
