//! Steps: the numbered list inside `::: steps`, step ids, device badges and step counts.

use crate::diagnostics::Code;
use crate::text;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event};

use super::{DeviceSlot, Directives, Item, Kind, Open, Steps, DEVICES};
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
        let base = match steps.sub {
            true => format!("{}-{}", steps.prefix, steps.count),
            false => format!("{}-step-{}", steps.prefix, steps.count),
        };
        let id = self
            .state
            .borrow_mut()
            .add_generated_id(&base, AnchorKind::Step, range.start);
        steps.current = Some(id.clone());
        self.html(format!("<li class=\"step\" id=\"{id}\">"), range);
        self.awaiting_device = DeviceSlot::Badge;
    }

    /// The innermost steps block whose list has started, with that list's depth.
    fn innermost_steps(&self) -> Option<(&Steps, usize)> {
        self.stack.iter().rev().find_map(|o| {
            let steps = o.steps.as_ref()?;
            Some((steps, steps.list_depth?))
        })
    }

    /// Whether the current event is inside a step (at any depth).
    pub(super) fn inside_steps(&self) -> bool {
        self.innermost_steps()
            .is_some_and(|(steps, list)| self.depth > list && steps.current.is_some())
    }

    /// The id of the step a `::: steps` opened here would be the sub-steps of.
    pub(super) fn sub_steps_parent(&self) -> Option<String> {
        let (steps, list) = self.innermost_steps()?;
        let inside_a_step = self.depth > list + 1;
        steps.current.clone().filter(|_| inside_a_step)
    }

    /// `{pc} Open the page` → a badge, then the text. Where a badge has no effect
    /// (`slot` is `Stray`) a known device tag is reported and removed.
    pub(super) fn device_tag(&mut self, text: CowStr<'a>, range: Range<usize>, slot: DeviceSlot) {
        let trimmed = text.trim_start();
        // `{ pc }` with spaces inside the braces is the same tag.
        let tag = trimmed
            .strip_prefix('{')
            .and_then(|rest| rest.split_once('}'))
            .map(|(name, rest)| (name.trim(), rest));
        let Some((name, rest)) =
            tag.filter(|(name, _)| !name.contains(char::is_whitespace) && !name.is_empty())
        else {
            self.emit(Event::Text(text), range);
            return;
        };
        let device = name.to_ascii_lowercase();
        if slot == DeviceSlot::Stray {
            self.stray_device_tag(&device, name, rest, text.clone(), range);
            return;
        }
        if !DEVICES.contains(&device.as_str()) {
            self.state.borrow_mut().error(
                Code::UnknownDevice,
                range.start,
                text!("unknown-device", name = name),
                Some(text!("unknown-device-help")),
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

    fn stray_device_tag(
        &mut self,
        device: &str,
        name: &str,
        rest: &str,
        text: CowStr<'a>,
        range: Range<usize>,
    ) {
        if !DEVICES.contains(&device) {
            self.emit(Event::Text(text), range);
            return;
        }
        self.state.borrow_mut().warning(
            Code::UnusedDeviceTag,
            range.start,
            text!("unused-device-tag", name = name),
            Some(text!("unused-device-tag-help")),
        );
        let rest = rest.trim_start().to_string();
        self.emit(Event::Text(CowStr::from(rest)), range);
    }

    pub(super) fn finish_steps(&mut self, steps: Steps, offset: usize) {
        let mut state = self.state.borrow_mut();
        if steps.list_depth.is_none() {
            state.warning(
                Code::EmptySteps,
                offset,
                text!("empty-steps"),
                Some(text!("empty-steps-help")),
            );
        }
        state.structure.steps[steps.block].steps = steps.count;
        if steps.sub {
            return;
        }
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
