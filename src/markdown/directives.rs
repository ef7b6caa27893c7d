//! The directive adapter: turns `:::` blocks, GFM alerts and step lists into HTML.
//!
//! Takes events whose directive lines are single paragraphs (see `preprocess`) and gives
//! the same stream with those paragraphs replaced by `<details>`/callout markup, steps
//! numbered with ids and device badges, hidden blocks (`if=`) dropped, and tables wrapped
//! for narrow screens. Every open block is closed by the end of its container, so the
//! output is always balanced, whatever the input.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::ops::Range;

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, Tag, TagEnd};

use super::directive_syntax::{parse_directive_line, DirectiveLine, OpenLine};
use super::preprocess::is_directive_line;
use super::state::{AnchorKind, Block, PageState, TocEntry};
use super::{escape_html, render_inline, Labels};
use crate::config::{ParamValue, Params};

const KINDS: [&str; 8] = [
    "method",
    "steps",
    "faq",
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
    Unknown,
}

/// Where a steps block stands.
struct Steps {
    prefix: String,
    /// The tag depth at which its numbered list starts, once seen.
    list_depth: Option<usize>,
    count: usize,
    /// Index into `Structure::steps`.
    block: usize,
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
}

type Item<'a> = (Event<'a>, Range<usize>);

pub struct Directives<'s, 'a, I> {
    inner: I,
    src: &'a str,
    state: &'s RefCell<PageState<'a>>,
    params: &'a Params,
    labels: &'a Labels,
    stack: Vec<Open>,
    depth: usize,
    hidden: usize,
    awaiting_device: bool,
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
    ) -> Self {
        Directives {
            inner,
            src,
            state,
            params,
            labels,
            stack: Vec::new(),
            depth: 0,
            hidden: 0,
            awaiting_device: false,
            queue: VecDeque::new(),
            done: false,
        }
    }

    fn emit(&mut self, event: Event<'a>, range: Range<usize>) {
        if self.hidden == 0 {
            self.queue.push_back((event, range));
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
                self.start_tag(tag, range);
                self.depth += 1;
            }
            Event::End(tag) => {
                self.depth = self.depth.saturating_sub(1);
                self.close_orphans(range.start);
                self.end_tag(tag, range);
            }
            Event::Text(text) if self.awaiting_device => {
                self.awaiting_device = false;
                self.device_tag(text, range);
            }
            other => {
                self.awaiting_device = false;
                self.emit(other, range);
            }
        }
    }

    fn is_directive_paragraph(&self, range: &Range<usize>) -> bool {
        let text = self.src.get(range.clone()).unwrap_or("").trim_end();
        !text.contains('\n') && is_directive_line(text)
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
            DirectiveLine::Open(open) => self.open_line(open, range),
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
                self.html(format!("<ol class=\"steps\"{start_attr}>\n"), range);
            }
            Tag::Item if self.is_step_item(depth) => self.step_item(range),
            Tag::Paragraph if self.awaiting_device => {
                self.emit(Event::Start(Tag::Paragraph), range)
            }
            Tag::BlockQuote(Some(kind)) => {
                self.awaiting_device = false;
                let name = alert_name(kind);
                let title = self.labels.callout(name).to_string();
                self.html(callout_open(name, &escape_html(&title), None), range);
            }
            Tag::Table(_) => {
                self.awaiting_device = false;
                self.html(
                    "<div class=\"table-wrap\" tabindex=\"0\">".into(),
                    range.clone(),
                );
                self.emit(Event::Start(tag), range);
            }
            tag => {
                self.awaiting_device = false;
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

    fn steps_list_starts(&mut self, depth: usize) -> bool {
        match self.stack.last_mut() {
            Some(Open {
                depth: open_depth,
                steps: Some(steps),
                ..
            }) if *open_depth == depth && steps.list_depth.is_none() => {
                steps.list_depth = Some(depth);
                true
            }
            _ => false,
        }
    }

    fn is_step_item(&self, depth: usize) -> bool {
        matches!(self.stack.last(), Some(Open { steps: Some(Steps { list_depth: Some(d), .. }), .. }) if d + 1 == depth)
    }

    fn step_item(&mut self, range: Range<usize>) {
        let Some(Open {
            steps: Some(steps), ..
        }) = self.stack.last_mut()
        else {
            return;
        };
        steps.count += 1;
        let base = format!("{}-step-{}", steps.prefix, steps.count);
        let id = self
            .state
            .borrow_mut()
            .add_generated_id(&base, AnchorKind::Step, range.start);
        self.html(format!("<li class=\"step\" id=\"{id}\">"), range);
        self.awaiting_device = true;
    }

    /// `{pc} Open the page` → a badge, then the text.
    fn device_tag(&mut self, text: CowStr<'a>, range: Range<usize>) {
        let trimmed = text.trim_start();
        let tag = trimmed
            .strip_prefix('{')
            .and_then(|rest| rest.split_once('}'));
        let Some((name, rest)) =
            tag.filter(|(name, _)| !name.contains(char::is_whitespace) && !name.is_empty())
        else {
            self.emit(Event::Text(text), range);
            return;
        };
        let device = name.to_ascii_lowercase();
        if !DEVICES.contains(&device.as_str()) {
            self.state.borrow_mut().error(
                "unknown-device",
                range.start,
                format!("unknown device tag '{{{name}}}'"),
                Some("a step starts with {pc}, {phone} or {both}".into()),
            );
            self.emit(Event::Text(text), range);
            return;
        }
        let label = escape_html(self.labels.device(&device));
        let rest = rest.trim_start().to_string();
        self.html(
            format!("<span class=\"device device-{device}\">{label}</span> "),
            range.clone(),
        );
        self.emit(Event::Text(CowStr::from(rest)), range);
    }

    fn open_line(&mut self, line: OpenLine, range: Range<usize>) {
        for (message, help) in &line.problems {
            self.state.borrow_mut().error(
                "bad-directive",
                range.start,
                message.clone(),
                Some(help.clone()),
            );
        }
        let kind = self.kind(&line, &range);
        let hidden = self.hidden > 0 || !self.condition_holds(&line, &range);
        let mut open = Open {
            kind,
            depth: self.depth,
            offset: range.start,
            hidden,
            id: line.id.clone(),
            steps: None,
            block: None,
        };
        if hidden {
            if let Some(id) = &line.id {
                self.state.borrow_mut().hidden_ids.push(id.clone());
            }
            self.stack.push(open);
            self.hidden += 1;
            return;
        }
        self.check_nesting(kind, &range);
        let title = self.title_html(&line, &range);
        let html = match kind {
            Kind::Method | Kind::Faq => self.open_details(kind, &line, &title, &range, &mut open),
            Kind::Steps => {
                self.open_steps(&line, &range, &mut open);
                String::new()
            }
            Kind::Callout(name) => {
                self.register_block_id(&line, &range);
                let title = if title.is_empty() {
                    escape_html(self.labels.callout(name))
                } else {
                    title
                };
                callout_open(name, &title, line.id.as_deref())
            }
            Kind::Unknown => "<div class=\"directive\">\n".to_string(),
        };
        if matches!(kind, Kind::Method | Kind::Faq | Kind::Callout(_)) {
            self.state.borrow_mut().directive_depth += 1;
        }
        self.stack.push(open);
        if !html.is_empty() {
            self.html(html, range);
        }
    }

    fn kind(&mut self, line: &OpenLine, range: &Range<usize>) -> Kind {
        match line.kind.as_str() {
            "method" => Kind::Method,
            "steps" => Kind::Steps,
            "faq" => Kind::Faq,
            "" => Kind::Unknown,
            other => match KINDS.iter().find(|k| **k == other) {
                Some(name) => Kind::Callout(name),
                None => {
                    let help = match crate::suggest::closest(other, KINDS) {
                        Some(best) => format!("did you mean '::: {best}'?"),
                        None => format!("the kinds are: {}", KINDS.join(", ")),
                    };
                    self.state.borrow_mut().error(
                        "unknown-directive",
                        range.start,
                        format!("unknown block kind '{other}'"),
                        Some(help),
                    );
                    Kind::Unknown
                }
            },
        }
    }

    fn condition_holds(&mut self, line: &OpenLine, range: &Range<usize>) -> bool {
        let Some((name, negated)) = &line.condition else {
            return true;
        };
        match self.params.get(name) {
            Some(ParamValue::Bool(value)) => value != negated,
            Some(other) => {
                self.state.borrow_mut().error(
                    "bad-condition",
                    range.start,
                    format!(
                        "if={name} needs a true/false parameter, but {name} is '{}'",
                        other.to_text()
                    ),
                    Some(format!("set {name} = true or {name} = false in site.toml")),
                );
                true
            }
            None => {
                let names = self.params.keys().map(String::as_str);
                let help = match crate::suggest::closest(name, names) {
                    Some(best) => format!("did you mean if={best}?"),
                    None => format!("add {name} = true (or false) under [params] in site.toml"),
                };
                self.state.borrow_mut().error(
                    "unknown-param",
                    range.start,
                    format!("unknown parameter '{name}' in if="),
                    Some(help),
                );
                true
            }
        }
    }

    fn check_nesting(&mut self, kind: Kind, range: &Range<usize>) {
        let inside = |k: Kind| self.stack.iter().any(|o| o.kind == k);
        let problem = match kind {
            Kind::Method | Kind::Faq if inside(Kind::Method) || inside(Kind::Faq) => {
                Some("a method or FAQ entry cannot be inside another method or FAQ entry")
            }
            Kind::Steps if inside(Kind::Steps) => {
                Some("a steps block cannot be inside another steps block")
            }
            _ => None,
        };
        if let Some(message) = problem {
            self.state.borrow_mut().error(
                "bad-nesting",
                range.start,
                message.to_string(),
                Some("close the outer block with ::: first".into()),
            );
        }
    }

    fn title_html(&mut self, line: &OpenLine, range: &Range<usize>) -> String {
        if line.title.is_empty() {
            return String::new();
        }
        let mut unknown = Vec::new();
        let title = super::params::substitute(&line.title, self.params, &mut unknown)
            .unwrap_or_else(|| line.title.clone());
        if !unknown.is_empty() {
            let offset = range.start + self.src[range.clone()].find(&line.title).unwrap_or(0);
            super::params::report_unknown(
                &mut self.state.borrow_mut(),
                self.params,
                unknown,
                offset,
            );
        }
        render_inline(&title)
    }

    fn open_details(
        &mut self,
        kind: Kind,
        line: &OpenLine,
        title: &str,
        range: &Range<usize>,
        open: &mut Open,
    ) -> String {
        let (class, anchor_kind, what) = match kind {
            Kind::Method => ("method", AnchorKind::Method, "method"),
            _ => ("faq", AnchorKind::Faq, "FAQ entry"),
        };
        let mut state = self.state.borrow_mut();
        let example = if kind == Kind::Method {
            "::: method {#method-phone} Phone"
        } else {
            "::: faq {#lost-phone} I lost my phone"
        };
        if title.is_empty() {
            state.error(
                "missing-title",
                range.start,
                format!("this {what} has no title"),
                Some(format!("write the title after the braces: {example}")),
            );
        }
        let id = match &line.id {
            Some(id) => state.add_explicit_id(id, anchor_kind, range.start),
            None => {
                state.error(
                    "missing-id",
                    range.start,
                    format!("this {what} has no id, so nothing can link to it"),
                    Some(format!("add an id: {example}")),
                );
                state.add_generated_id(class, anchor_kind, range.start)
            }
        };
        let (line_no, _) = state.locate(range.start);
        let block = Block {
            id: id.clone(),
            line: line_no,
            steps: 0,
        };
        let list = if kind == Kind::Method {
            &mut state.structure.methods
        } else {
            &mut state.structure.faqs
        };
        list.push(block);
        open.block = Some(list.len() - 1);
        open.id = Some(id.clone());
        let plain_title = strip_tags(title);
        state.toc.push(TocEntry {
            level: 3,
            id: id.clone(),
            title: plain_title,
        });
        let classes = extra_classes(line);
        let open_attr = if line.open { " open" } else { "" };
        format!(
            "<details class=\"{class}{classes}\" id=\"{id}\"{open_attr}>\n<summary><span class=\"summary-title\">{title}</span></summary>\n<div class=\"details-body\">\n"
        )
    }

    fn open_steps(&mut self, line: &OpenLine, range: &Range<usize>, open: &mut Open) {
        let prefix = match &line.id {
            Some(id) => {
                self.state
                    .borrow_mut()
                    .add_explicit_id(id, AnchorKind::Block, range.start);
                id.clone()
            }
            None => self
                .stack
                .iter()
                .rev()
                .find_map(|o| {
                    o.id.clone()
                        .filter(|_| matches!(o.kind, Kind::Method | Kind::Faq))
                })
                .unwrap_or_else(|| "steps".into()),
        };
        let mut state = self.state.borrow_mut();
        let (line_no, _) = state.locate(range.start);
        state.structure.steps.push(Block {
            id: prefix.clone(),
            line: line_no,
            steps: 0,
        });
        let block = state.structure.steps.len() - 1;
        open.steps = Some(Steps {
            prefix,
            list_depth: None,
            count: 0,
            block,
        });
    }

    fn register_block_id(&mut self, line: &OpenLine, range: &Range<usize>) {
        if let Some(id) = &line.id {
            self.state
                .borrow_mut()
                .add_explicit_id(id, AnchorKind::Block, range.start);
        }
    }

    fn close_line(&mut self, range: Range<usize>) {
        let Some(top) = self.stack.last() else {
            self.state.borrow_mut().error(
                "unmatched-close",
                range.start,
                "this ::: closes nothing: no block is open here".into(),
                Some("remove the line, or add the ::: line that opens the block".into()),
            );
            return;
        };
        if top.depth != self.depth {
            let (line, _) = self.state.borrow().locate(top.offset);
            self.state.borrow_mut().error(
                "misplaced-close",
                range.start,
                format!("this ::: is inside a list or quote, but the block it would close (line {line}) is not"),
                Some("indent the closing ::: exactly like the line that opened the block".into()),
            );
            return;
        }
        self.close_top(range);
    }

    /// Closes the innermost block and emits its closing markup.
    fn close_top(&mut self, range: Range<usize>) {
        let Some(open) = self.stack.pop() else { return };
        if open.hidden {
            self.hidden -= 1;
            return;
        }
        let html = match open.kind {
            Kind::Method | Kind::Faq => "</div>\n</details>\n",
            Kind::Callout(_) | Kind::Unknown => "</div>\n",
            Kind::Steps => "",
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

    fn finish_steps(&mut self, steps: Steps, offset: usize) {
        let mut state = self.state.borrow_mut();
        if steps.list_depth.is_none() {
            state.warning(
                "empty-steps",
                offset,
                "this steps block has no numbered list".into(),
                Some("write the steps as a numbered list: 1. {pc} …".into()),
            );
        }
        state.structure.steps[steps.block].steps = steps.count;
        let owner = self
            .stack
            .iter()
            .rev()
            .find(|o| matches!(o.kind, Kind::Method | Kind::Faq));
        if let Some(Open {
            kind,
            block: Some(i),
            ..
        }) = owner
        {
            let list = if *kind == Kind::Method {
                &mut state.structure.methods
            } else {
                &mut state.structure.faqs
            };
            list[*i].steps += steps.count;
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
            Kind::Steps => "steps block",
            Kind::Faq => "FAQ entry",
            Kind::Callout(name) => name,
            Kind::Unknown => "block",
        };
        self.state.borrow_mut().error(
            "unclosed-directive",
            open.offset,
            format!("this {what} is never closed"),
            Some("add a line with just ::: where the block ends (at the same indentation)".into()),
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

fn callout_open(name: &str, title_html: &str, id: Option<&str>) -> String {
    let id = id.map(|id| format!(" id=\"{id}\"")).unwrap_or_default();
    format!("<div class=\"callout callout-{name}\" role=\"note\"{id}>\n<p class=\"callout-title\">{title_html}</p>\n")
}

fn extra_classes(line: &OpenLine) -> String {
    line.classes
        .iter()
        .map(|c| format!(" {}", escape_html(c)))
        .collect()
}

fn strip_tags(html: &str) -> String {
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
