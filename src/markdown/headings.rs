//! The heading adapter: gives every heading a stable, unique id and builds the table of
//! contents.
//!
//! An explicit `{#id}` wins. Otherwise the id is a slug of the heading text that keeps
//! Japanese characters (so `## 電話で認証` becomes `電話で認証`, not an empty or `-` id).

use std::cell::RefCell;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};

use super::state::{AnchorKind, Block, PageState, TocEntry};
use crate::diagnostics::Code;
use crate::text;

type Item<'a> = (Event<'a>, Range<usize>);

pub struct Headings<'s, 'a, I> {
    inner: I,
    state: &'s RefCell<PageState<'a>>,
    buffer: std::vec::IntoIter<Item<'a>>,
    /// The level of the heading before, the page title's (1) at first.
    last_level: u8,
}

impl<'s, 'a, I: Iterator<Item = Item<'a>>> Headings<'s, 'a, I> {
    pub fn new(inner: I, state: &'s RefCell<PageState<'a>>) -> Self {
        Headings {
            inner,
            state,
            buffer: Vec::new().into_iter(),
            last_level: 1,
        }
    }

    /// Reads a whole heading and returns its events with the id filled in.
    fn heading(&mut self, tag: Tag<'a>, range: Range<usize>) -> Vec<Item<'a>> {
        let Tag::Heading {
            level,
            id,
            classes,
            attrs,
        } = tag
        else {
            unreachable!("only called for headings")
        };
        let mut inner = Vec::new();
        let mut text = String::new();
        for (event, r) in self.inner.by_ref() {
            match &event {
                Event::End(TagEnd::Heading(_)) => {
                    inner.push((event, r));
                    break;
                }
                Event::Text(t) | Event::Code(t) => text.push_str(t),
                _ => {}
            }
            inner.push((event, r));
        }
        if id.is_none() {
            self.unclosed_id(&range);
        }
        let image = inner
            .iter()
            .any(|(e, _)| matches!(e, Event::Start(Tag::Image { .. })));
        if text.trim().is_empty() && !image {
            self.state.borrow_mut().error(
                Code::EmptyHeading,
                range.start,
                text!("empty-heading"),
                Some(text!("empty-heading-help")),
            );
        }
        self.check_level(level as u8, range.start);
        let id = self.assign_id(id.as_deref(), &text, level, range.start);
        let start = Tag::Heading {
            level,
            id: Some(CowStr::from(id)),
            classes,
            attrs,
        };
        let mut out = Vec::with_capacity(inner.len() + 1);
        out.push((Event::Start(start), range));
        out.extend(inner);
        out
    }

    /// `## 見出し {#id` (the closing brace forgotten): Markdown shows `{#id` as text and the
    /// heading gets a generated id, so links to `#id` miss. Warns at the `{#`.
    fn unclosed_id(&mut self, range: &Range<usize>) {
        let mut state = self.state.borrow_mut();
        let source = state.prepared_text().get(range.clone()).unwrap_or("");
        let line = source.lines().next().unwrap_or("").trim_end();
        let Some(at) = line.rfind("{#") else {
            return;
        };
        let id = &line[at + 2..];
        if id.is_empty() || id.contains(['}', '`', ' ', '\t']) {
            return;
        }
        let (id, fixed) = (id.to_string(), format!("{line}}}"));
        state.warning(
            Code::UnclosedHeadingId,
            range.start + at,
            text!("unclosed-heading-id", id = id),
            Some(text!("unclosed-heading-id-help", fixed = fixed)),
        );
    }

    /// A heading that skips a level (`####` after `##`), or a second level-1 heading
    /// beside the page title: screen-reader users move through a page by heading level,
    /// and a missing level reads as a missing section.
    fn check_level(&mut self, level: u8, offset: usize) {
        let last = std::mem::replace(&mut self.last_level, level);
        let marks = |n: u8| "#".repeat(usize::from(n));
        let (message, help) = if level == 1 {
            (
                text!("heading-level-title"),
                text!("heading-level-title-help"),
            )
        } else if level > last + 1 {
            let message = match last {
                1 => text!("heading-level-after-title", written = marks(level)),
                _ => text!("heading-level", written = marks(level), last = marks(last)),
            };
            (
                message,
                text!("heading-level-help", fixed = marks(last + 1)),
            )
        } else {
            return;
        };
        let mut state = self.state.borrow_mut();
        state.warning(Code::HeadingLevel, offset, message, Some(help));
    }

    fn assign_id(
        &mut self,
        explicit: Option<&str>,
        text: &str,
        level: HeadingLevel,
        offset: usize,
    ) -> String {
        let mut state = self.state.borrow_mut();
        let explicit = explicit.map(crate::urls::nfc);
        let id = match explicit.as_deref() {
            Some(id) => {
                state.add_explicit_id(id, AnchorKind::Heading, offset);
                let (line, _) = state.locate(offset);
                state.structure.heading_ids.push(Block {
                    id: id.to_string(),
                    line,
                    steps: 0,
                });
                id.to_string()
            }
            None => state.add_generated_id(&slugify(text), AnchorKind::Heading, offset),
        };
        let level = level as u8;
        if state.directive_depth == 0 && (2..=3).contains(&level) {
            state.toc.push(TocEntry {
                level,
                id: id.clone(),
                title: text.trim().to_string(),
            });
        }
        id
    }
}

impl<'s, 'a, I: Iterator<Item = Item<'a>>> Iterator for Headings<'s, 'a, I> {
    type Item = Item<'a>;

    fn next(&mut self) -> Option<Item<'a>> {
        if let Some(item) = self.buffer.next() {
            return Some(item);
        }
        match self.inner.next()? {
            (Event::Start(tag @ Tag::Heading { .. }), range) => {
                self.buffer = self.heading(tag, range).into_iter();
                self.buffer.next()
            }
            other => Some(other),
        }
    }
}

/// A URL-safe id from heading text: letters and digits of any script kept, lower-cased,
/// everything else folded into single `-`.
pub fn slugify(text: &str) -> String {
    let text = crate::urls::nfc(text);
    let mut slug = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.trim().chars() {
        if c.is_alphanumeric() {
            if dash && !slug.is_empty() {
                slug.push('-');
            }
            dash = false;
            slug.extend(c.to_lowercase());
        } else if c == '_'
            || c == '-'
            || c.is_whitespace()
            || c.is_ascii_punctuation()
            || !c.is_alphanumeric()
        {
            dash = true;
        }
    }
    if slug.is_empty() {
        "section".to_string()
    } else {
        slug
    }
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn slugs_keep_japanese_and_fold_punctuation() {
        assert_eq!(
            slugify("Step 1: Register a method"),
            "step-1-register-a-method"
        );
        assert_eq!(
            slugify("ステップ１：最初の方法を登録"),
            "ステップ１-最初の方法を登録"
        );
        assert_eq!(slugify("「次へ」を押す"), "次へ-を押す");
        assert_eq!(slugify("!!!"), "section");
        assert_eq!(slugify(""), "section");
    }
}
