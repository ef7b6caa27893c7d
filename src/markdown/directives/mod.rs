//! The directive adapter: turns `:::` blocks, GFM alerts and step lists into HTML.
//!
//! Takes events whose directive lines are single paragraphs (see `preprocess`) and gives
//! the same stream with those paragraphs replaced by `<details>`/callout markup, steps
//! numbered with ids and device badges, hidden blocks (`if=`) dropped, and tables wrapped
//! for narrow screens. Every open block is closed by the end of its container, so the
//! output is always balanced, whatever the input.
//!
//! `open.rs` handles opening lines (kinds, conditions, ids, titles); `steps.rs` numbers
//! steps and renders device badges.

mod open;
mod steps;

use crate::diagnostics::Code;
use crate::text;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::ops::Range;

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, Tag, TagEnd};

use super::directive_syntax::{parse_directive_line, DirectiveLine, OpenLine};
use super::preprocess::is_directive_line;
use super::screenshot::{Shot, ShotContext};
use super::state::PageState;
use super::{escape_html, Labels};
use crate::config::Params;

const KINDS: [&str; 11] = [
    "method",
    "screenshot",
    "steps",
    "faq",
    "else",
    "include",
    "note",
    "tip",
    "important",
    "warning",
    "caution",
];
const DEVICES: [&str; 3] = ["pc", "phone", "both"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Method,
    Steps,
    Faq,
    Callout(&'static str),
    /// `::: else`: shows its content when the `if=` block before it is hidden.
    Else,
    /// `::: screenshot`: an image with numbered markers ([`crate::markdown::screenshot`]).
    Screenshot,
    Unknown,
}

/// What a text at the start of a list item or paragraph may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DeviceSlot {
    /// Nothing to look for.
    None,
    /// A step or an item inside steps: a device tag becomes a badge.
    Badge,
    /// Anywhere else: a device tag has no effect, is reported and removed.
    Stray,
}

/// Where a steps block stands.
struct Steps {
    prefix: String,
    /// The tag depth at which its numbered list starts, once seen.
    list_depth: Option<usize>,
    count: usize,
    /// Index into `Structure::steps`.
    block: usize,
    /// Sub-steps: inside a step of another steps block (ids `<step-id>-<n>`).
    sub: bool,
    /// The id of the step being read, once one has started.
    current: Option<String>,
}

struct Open {
    kind: Kind,
    depth: usize,
    offset: usize,
    hidden: bool,
    id: Option<String>,
    steps: Option<Steps>,
    /// Index into `Structure::methods` or `faqs`, to add step counts.
    block: Option<usize>,
    /// For a block with `if=` (or `::: else`): whether it showed, for a `::: else` after it.
    condition: Option<bool>,
}

type Item<'a> = (Event<'a>, Range<usize>);

pub struct Directives<'s, 'a, I> {
    inner: I,
    src: &'a str,
    state: &'s RefCell<PageState<'a>>,
    params: &'a Params,
    labels: &'a Labels,
    shots: &'s ShotContext<'a>,
    /// The screenshot block being read, which holds back its content until it closes.
    shot: Option<Shot<'a>>,
    /// Screenshot blocks opened so far on the page.
    shots_seen: usize,
    stack: Vec<Open>,
    depth: usize,
    hidden: usize,
    awaiting_device: DeviceSlot,
    /// The level and outcome of the `if=` block closed just before, for `::: else`.
    last_if: Option<(usize, bool)>,
    queue: VecDeque<Item<'a>>,
    done: bool,
}

impl<'s, 'a, I: Iterator<Item = Item<'a>>> Directives<'s, 'a, I> {
    pub fn new(
        inner: I,
        src: &'a str,
        state: &'s RefCell<PageState<'a>>,
        params: &'a Params,
        labels: &'a Labels,
        shots: &'s ShotContext<'a>,
    ) -> Self {
        Directives {
            inner,
            src,
            state,
            params,
            labels,
            shots,
            shot: None,
            shots_seen: 0,
            stack: Vec::new(),
            depth: 0,
            hidden: 0,
            awaiting_device: DeviceSlot::None,
            last_if: None,
            queue: VecDeque::new(),
            done: false,
        }
    }

    fn emit(&mut self, event: Event<'a>, range: Range<usize>) {
        if self.hidden > 0 {
            return;
        }
        match self.shot.as_mut() {
            Some(shot) => shot.push(event, range, self.shots, self.state),
            None => self.queue.push_back((event, range)),
        }
    }

    fn html(&mut self, html: String, range: Range<usize>) {
        self.emit(Event::Html(CowStr::from(html)), range);
    }

    /// Handles one upstream event, pushing zero or more events to the queue.
    fn process(&mut self, event: Event<'a>, range: Range<usize>) {
        match event {
            Event::Start(Tag::Paragraph) if self.is_directive_paragraph(&range) => {
                self.directive_paragraph(range)
            }
            Event::Start(tag) => {
                self.last_if = None;
                self.start_tag(tag, range);
                self.depth += 1;
            }
            Event::End(tag) => {
                self.depth = self.depth.saturating_sub(1);
                self.close_orphans(range.start);
                self.end_tag(tag, range);
            }
            Event::Text(text) if self.awaiting_device != DeviceSlot::None => {
                let slot = std::mem::replace(&mut self.awaiting_device, DeviceSlot::None);
                self.device_tag(text, range, slot);
            }
            other => {
                self.awaiting_device = DeviceSlot::None;
                self.emit(other, range);
            }
        }
    }

    fn is_directive_paragraph(&self, range: &Range<usize>) -> bool {
        let text = self.src.get(range.clone()).unwrap_or("").trim_end();
        // The cheap prefix test first: most paragraphs are prose, and long.
        is_directive_line(text) && !text.contains('\n')
    }

    /// Consumes the paragraph's inline events and acts on the directive line.
    fn directive_paragraph(&mut self, range: Range<usize>) {
        for (event, _) in self.inner.by_ref() {
            if matches!(event, Event::End(TagEnd::Paragraph)) {
                break;
            }
        }
        let line = self.src.get(range.clone()).unwrap_or("").trim();
        match parse_directive_line(line) {
            DirectiveLine::Close => self.close_line(range),
            DirectiveLine::Open(open) => self.open_line(*open, range),
        }
    }

    fn start_tag(&mut self, tag: Tag<'a>, range: Range<usize>) {
        if self.hidden > 0 {
            return;
        }
        let depth = self.depth;
        match tag {
            Tag::List(Some(start)) if self.steps_list_starts(depth) => {
                let start_attr = if start == 1 {
                    String::new()
                } else {
                    format!(" start=\"{start}\"")
                };
                let class = match self.stack.last() {
                    Some(Open {
                        steps: Some(Steps { sub: true, .. }),
                        ..
                    }) => "steps substeps",
                    _ => "steps",
                };
                self.html(format!("<ol class=\"{class}\"{start_attr}>\n"), range);
            }
            Tag::Item if self.is_step_item(depth) => self.step_item(range),
            Tag::Item => {
                self.awaiting_device = match self.inside_steps() {
                    true => DeviceSlot::Badge,
                    false => DeviceSlot::Stray,
                };
                self.emit(Event::Start(Tag::Item), range);
            }
            Tag::Paragraph if self.awaiting_device != DeviceSlot::None => {
                self.emit(Event::Start(Tag::Paragraph), range)
            }
            Tag::Paragraph => {
                self.awaiting_device = DeviceSlot::Stray;
                self.emit(Event::Start(Tag::Paragraph), range)
            }
            Tag::BlockQuote(Some(kind)) => {
                self.awaiting_device = DeviceSlot::None;
                let name = alert_name(kind);
                let title = self.labels.callout(name).to_string();
                self.html(callout_open(name, &escape_html(&title), None), range);
            }
            Tag::Table(_) => {
                self.awaiting_device = DeviceSlot::None;
                self.html(
                    "<div class=\"table-wrap\" tabindex=\"0\">".into(),
                    range.clone(),
                );
                self.emit(Event::Start(tag), range);
            }
            tag => {
                self.awaiting_device = DeviceSlot::None;
                self.emit(Event::Start(tag), range);
            }
        }
    }

    fn end_tag(&mut self, tag: TagEnd, range: Range<usize>) {
        match tag {
            TagEnd::BlockQuote(Some(_)) => self.html("</div>\n".into(), range),
            TagEnd::Table => {
                self.emit(Event::End(tag), range.clone());
                self.html("</div>\n".into(), range);
            }
            tag => self.emit(Event::End(tag), range),
        }
    }

    fn close_line(&mut self, range: Range<usize>) {
        let Some(top) = self.stack.last() else {
            self.state.borrow_mut().error(
                Code::UnmatchedClose,
                range.start,
                text!("unmatched-close"),
                Some(text!("unmatched-close-help")),
            );
            return;
        };
        if top.depth != self.depth {
            let (line, _) = self.state.borrow().locate(top.offset);
            self.state.borrow_mut().error(
                Code::MisplacedClose,
                range.start,
                text!("misplaced-close", line = line),
                Some(text!("misplaced-close-help")),
            );
            return;
        }
        self.close_top(range);
    }

    /// Closes the innermost block and emits its closing markup.
    fn close_top(&mut self, range: Range<usize>) {
        let Some(open) = self.stack.pop() else { return };
        self.last_if = open.condition.map(|held| (open.depth, held));
        if open.hidden {
            self.hidden -= 1;
            return;
        }
        if open.kind == Kind::Screenshot {
            if let Some(shot) = self.shot.take() {
                self.queue.extend(shot.finish());
            }
            return;
        }
        let html = match open.kind {
            Kind::Method | Kind::Faq => "</div>\n</details>\n",
            Kind::Callout(_) | Kind::Unknown => "</div>\n",
            Kind::Steps | Kind::Else | Kind::Screenshot => "",
        };
        if matches!(open.kind, Kind::Method | Kind::Faq | Kind::Callout(_)) {
            let mut state = self.state.borrow_mut();
            state.directive_depth = state.directive_depth.saturating_sub(1);
        }
        if let Some(steps) = open.steps {
            self.finish_steps(steps, open.offset);
        }
        if !html.is_empty() {
            self.html(html.to_string(), range);
        }
    }

    /// Blocks opened inside a container that has just ended were never closed.
    fn close_orphans(&mut self, at: usize) {
        while self.stack.last().is_some_and(|o| o.depth > self.depth) {
            self.report_unclosed();
            self.close_top(at..at);
        }
    }

    fn report_unclosed(&mut self) {
        let Some(open) = self.stack.last() else {
            return;
        };
        let what = match open.kind {
            Kind::Method => "method",
            Kind::Steps => "steps",
            Kind::Faq => "faq",
            Kind::Callout(name) => name,
            Kind::Else => "else",
            Kind::Screenshot => "screenshot",
            Kind::Unknown => "block",
        };
        self.state.borrow_mut().error(
            Code::UnclosedDirective,
            open.offset,
            text!("unclosed-directive", what = what),
            Some(text!("unclosed-directive-help")),
        );
    }
}

impl<'s, 'a, I: Iterator<Item = Item<'a>>> Iterator for Directives<'s, 'a, I> {
    type Item = Item<'a>;

    fn next(&mut self) -> Option<Item<'a>> {
        loop {
            if let Some(item) = self.queue.pop_front() {
                return Some(item);
            }
            if self.done {
                return None;
            }
            match self.inner.next() {
                Some((event, range)) => self.process(event, range),
                None => {
                    let end = self.src.len();
                    while !self.stack.is_empty() {
                        self.report_unclosed();
                        self.close_top(end..end);
                    }
                    self.done = true;
                }
            }
        }
    }
}

fn alert_name(kind: BlockQuoteKind) -> &'static str {
    match kind {
        BlockQuoteKind::Note => "note",
        BlockQuoteKind::Tip => "tip",
        BlockQuoteKind::Important => "important",
        BlockQuoteKind::Warning => "warning",
        BlockQuoteKind::Caution => "caution",
    }
}

pub(super) fn callout_open(name: &str, title_html: &str, id: Option<&str>) -> String {
    let id = id.map(|id| format!(" id=\"{id}\"")).unwrap_or_default();
    format!("<div class=\"callout callout-{name}\" role=\"note\"{id}>\n<p class=\"callout-title\">{title_html}</p>\n")
}

pub(super) fn extra_classes(line: &OpenLine) -> String {
    line.classes
        .iter()
        .map(|c| format!(" {}", escape_html(c)))
        .collect()
}

pub(super) fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
}
