//! Opening lines of directives: the block kind, the `if=` condition, nesting rules, the
//! title, and the `<details>` markup of methods and FAQ entries.

use crate::diagnostics::Code;
use crate::text;
use std::ops::Range;

use super::{
    callout_open, extra_classes, strip_tags, Directives, Item, Kind, Open, Shot, Steps, KINDS,
};
use crate::config::ParamValue;
use crate::markdown::directive_syntax::{Condition, OpenLine};
use crate::markdown::state::{AnchorKind, Block, TocEntry};
use crate::markdown::{escape_html, render_inline};
use crate::snippets::IncludeSite;

impl<'s, 'a, I: Iterator<Item = Item<'a>>> Directives<'s, 'a, I> {
    pub(super) fn open_line(&mut self, line: OpenLine, range: Range<usize>) {
        for (message, help) in &line.problems {
            self.state.borrow_mut().error(
                Code::BadDirective,
                range.start,
                message.clone(),
                Some(help.clone()),
            );
        }
        let kind = self.kind(&line, &range);
        if kind != Kind::Screenshot {
            for (name, value) in &line.values {
                self.state.borrow_mut().error(
                    Code::BadDirective,
                    range.start,
                    text!("bad-directive-attribute", name = name, value = value),
                    Some(text!("bad-directive-attribute-help")),
                );
            }
        }
        let last_if = self.last_if.take();
        let holds = match kind {
            Kind::Else => self.else_holds(&line, last_if, &range),
            _ => self.hidden > 0 || self.condition_holds(&line, &range),
        };
        let hidden = self.hidden > 0 || !holds;
        let mut open = Open {
            kind,
            depth: self.depth,
            offset: range.start,
            hidden,
            id: line.id.clone(),
            steps: None,
            block: None,
            condition: line.condition.as_ref().map(|_| holds),
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
                let id = line.id.as_ref().map(|id| {
                    self.state
                        .borrow_mut()
                        .add_explicit_id(id, AnchorKind::Block, range.start)
                });
                let title = if title.is_empty() {
                    escape_html(self.labels.callout(name))
                } else {
                    title
                };
                callout_open(name, &title, id.as_deref())
            }
            Kind::Unknown => "<div class=\"directive\">\n".to_string(),
            Kind::Else => String::new(),
            Kind::Screenshot => {
                self.open_screenshot(&line, &range);
                String::new()
            }
        };
        if matches!(kind, Kind::Method | Kind::Faq | Kind::Callout(_)) {
            self.state.borrow_mut().directive_depth += 1;
        }
        self.stack.push(open);
        if !html.is_empty() {
            self.html(html, range);
        }
    }

    pub(super) fn kind(&mut self, line: &OpenLine, range: &Range<usize>) -> Kind {
        match line.kind.as_str() {
            "method" => Kind::Method,
            "screenshot" => Kind::Screenshot,
            "steps" => Kind::Steps,
            "faq" => Kind::Faq,
            "else" => Kind::Else,
            "" => Kind::Unknown,
            other => match KINDS.iter().find(|k| **k == other) {
                Some(name) => Kind::Callout(name),
                None => {
                    let help = match crate::suggest::closest(other, KINDS) {
                        Some(best) => text!("did-you-mean", suggestion = format!("::: {best}")),
                        None => text!("unknown-directive-help", kinds = KINDS.join(", ")),
                    };
                    self.state.borrow_mut().error(
                        Code::UnknownDirective,
                        range.start,
                        text!("unknown-directive", kind = other),
                        Some(help),
                    );
                    Kind::Unknown
                }
            },
        }
    }

    pub(super) fn condition_holds(&mut self, line: &OpenLine, range: &Range<usize>) -> bool {
        let Some(condition) = &line.condition else {
            return true;
        };
        let name = condition.name();
        let include = self.state.borrow().include_at(range.start);
        let argument = include.and_then(|site| site.args.iter().find(|(k, _)| k == name));
        let value = match argument {
            Some((_, text)) => Some(ParamValue::Text(text.clone())),
            None => self.params.get(name).cloned(),
        };
        let Some(value) = value else {
            self.unknown_condition(name, include, range);
            return true;
        };
        match condition {
            Condition::Compare {
                value: want, equal, ..
            } => (value.to_text() == *want) == *equal,
            Condition::Flag { negated, .. } => match flag(&value) {
                Some(on) => on != *negated,
                None => {
                    let text = value.to_text();
                    self.state.borrow_mut().error(
                        Code::BadCondition,
                        range.start,
                        text!("bad-condition", name = name, value = text),
                        Some(text!("bad-condition-help", name = name, value = text)),
                    );
                    true
                }
            },
        }
    }

    fn unknown_condition(
        &mut self,
        name: &str,
        include: Option<&IncludeSite>,
        range: &Range<usize>,
    ) {
        let arguments = include
            .into_iter()
            .flat_map(|s| s.args.iter().map(|(k, _)| k.as_str()));
        let names = arguments.chain(self.params.keys().map(String::as_str));
        let help = match crate::suggest::closest(name, names) {
            Some(best) => text!("unknown-condition-did-you-mean", name = best),
            None if include.is_some() => text!("unknown-condition-help-include", name = name),
            None => text!("unknown-condition-help", name = name),
        };
        self.state.borrow_mut().error(
            Code::UnknownParam,
            range.start,
            text!("unknown-condition", name = name),
            Some(help),
        );
    }

    /// Whether a `::: else` shows: when the block with `if=` just closed before it at
    /// the same level was hidden.
    fn else_holds(
        &mut self,
        line: &OpenLine,
        last_if: Option<(usize, bool)>,
        range: &Range<usize>,
    ) -> bool {
        if line.id.is_some() || line.condition.is_some() || !line.title.is_empty() {
            self.state.borrow_mut().error(
                Code::BadDirective,
                range.start,
                text!("bad-directive-else"),
                Some(text!("bad-directive-else-help")),
            );
        }
        match last_if {
            Some((depth, held)) if depth == self.depth => !held,
            _ => {
                self.state.borrow_mut().error(
                    Code::MisplacedElse,
                    range.start,
                    text!("misplaced-else"),
                    Some(text!("misplaced-else-help")),
                );
                true
            }
        }
    }

    /// Methods and FAQ entries sit side by side; a steps block may be inside a step of
    /// another (sub-steps) but not elsewhere in it.
    pub(super) fn check_nesting(&mut self, kind: Kind, range: &Range<usize>) {
        let inside = |k: Kind| self.stack.iter().any(|o| o.kind == k);
        let problem = match kind {
            Kind::Method | Kind::Faq if inside(Kind::Method) || inside(Kind::Faq) => {
                Some(("bad-nesting-entry", text!("bad-nesting-entry-help")))
            }
            Kind::Screenshot if inside(Kind::Screenshot) => Some((
                "bad-nesting-screenshot",
                text!("bad-nesting-screenshot-help"),
            )),
            Kind::Steps if inside(Kind::Steps) && self.sub_steps_parent().is_none() => {
                Some(("bad-nesting-steps", text!("bad-nesting-steps-help")))
            }
            _ => None,
        };
        if let Some((message, help)) = problem {
            let message = crate::diagnostics::Text::fluent(message);
            self.state
                .borrow_mut()
                .error(Code::BadNesting, range.start, message, Some(help));
        }
    }

    pub(super) fn title_html(&mut self, line: &OpenLine, range: &Range<usize>) -> String {
        if line.title.is_empty() {
            return String::new();
        }
        let mut unknown = Vec::new();
        let title = crate::markdown::params::substitute(&line.title, self.params, &mut unknown)
            .unwrap_or_else(|| line.title.clone());
        if !unknown.is_empty() {
            let offset = range.start + self.src[range.clone()].find(&line.title).unwrap_or(0);
            crate::markdown::params::report_unknown(
                &mut self.state.borrow_mut(),
                self.params,
                unknown,
                offset,
            );
        }
        crate::markdown::phrases::html_with_breaks(&render_inline(&title))
    }

    pub(super) fn open_details(
        &mut self,
        kind: Kind,
        line: &OpenLine,
        title: &str,
        range: &Range<usize>,
        open: &mut Open,
    ) -> String {
        let (class, anchor_kind, what) = match kind {
            Kind::Method => ("method", AnchorKind::Method, "method"),
            _ => ("faq", AnchorKind::Faq, "faq"),
        };
        let mut state = self.state.borrow_mut();
        let example = if kind == Kind::Method {
            "::: method {#method-phone} Phone"
        } else {
            "::: faq {#lost-phone} I lost my phone"
        };
        if title.is_empty() {
            state.error(
                Code::MissingBlockTitle,
                range.start,
                text!("missing-block-title", what = what),
                Some(text!("missing-block-title-help", example = example)),
            );
        }
        let id = match &line.id {
            Some(id) => state.add_explicit_id(id, anchor_kind, range.start),
            None => {
                state.error(
                    Code::MissingId,
                    range.start,
                    text!("missing-id", what = what),
                    Some(text!("missing-id-help", example = example)),
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

    /// Starts reading a screenshot block (one at a time: a nested one was reported).
    fn open_screenshot(&mut self, line: &OpenLine, range: &Range<usize>) {
        if self.shot.is_some() {
            return;
        }
        if let Some(id) = &line.id {
            self.state
                .borrow_mut()
                .add_explicit_id(id, AnchorKind::Block, range.start);
        }
        let index = self.shots_seen;
        self.shots_seen += 1;
        self.shot = Some(Shot::open(line, range, index, self.shots, self.state));
    }

    pub(super) fn open_steps(&mut self, line: &OpenLine, range: &Range<usize>, open: &mut Open) {
        let parent = self.sub_steps_parent();
        let prefix = match &line.id {
            Some(id) => {
                self.state
                    .borrow_mut()
                    .add_explicit_id(id, AnchorKind::Block, range.start);
                id.clone()
            }
            None if parent.is_some() => parent.clone().unwrap_or_default(),
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
            sub: parent.is_some(),
            current: None,
        });
    }
}

/// A value used as a switch: a true/false parameter, or the text `true`/`false` (as an
/// include argument is written).
fn flag(value: &ParamValue) -> Option<bool> {
    match value {
        ParamValue::Bool(b) => Some(*b),
        ParamValue::Text(t) if t == "true" => Some(true),
        ParamValue::Text(t) if t == "false" => Some(false),
        _ => None,
    }
}
