//! Steps: the numbered list inside `::: steps`, step ids, device badges and step counts.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event};

use super::{Directives, Item, Kind, Open, Steps, DEVICES};
use crate::markdown::escape_html;
use crate::markdown::state::AnchorKind;

impl<'s, 'a, I: Iterator<Item = Item<'a>>> Directives<'s, 'a, I> {
    pub(super) fn steps_list_starts(&mut self, depth: usize) -> bool {
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

    pub(super) fn is_step_item(&self, depth: usize) -> bool {
        matches!(self.stack.last(), Some(Open { steps: Some(Steps { list_depth: Some(d), .. }), .. }) if d + 1 == depth)
    }

    pub(super) fn step_item(&mut self, range: Range<usize>) {
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
    pub(super) fn device_tag(&mut self, text: CowStr<'a>, range: Range<usize>) {
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

    pub(super) fn finish_steps(&mut self, steps: Steps, offset: usize) {
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
}
