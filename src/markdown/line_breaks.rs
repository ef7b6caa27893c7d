//! East Asian line breaks: a soft line break between two East Asian Wide, Fullwidth or
//! Halfwidth characters (Hangul excepted) is removed, as CSS Text 3 ("Segment Break
//! Transformation Rules") describes and as browsers do not yet do. `設定画面を開きます。`
//! and `次に、アプリを起動します。` written on two lines then render without a space
//! between them; a break next to Latin text, digits or Hangul stays a space.
//!
//! Takes merged events (after `TextMergeWithOffset`) and gives the same events less those
//! soft breaks. The characters compared are the rendered ones, so `**重要**` followed by a
//! break and `次に` compares `要` with `次`.

use std::collections::VecDeque;
use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::east_asian::is_wide_not_hangul;

type Item<'a> = (Event<'a>, Range<usize>);

/// Wraps `events` parsed from `source`; with `enabled` false, or when no line of `source`
/// ends and the next begins with a wide character, every event passes unchanged.
pub fn east_asian_line_breaks<'a, I>(events: I, source: &str, enabled: bool) -> LineBreaks<'a, I>
where
    I: Iterator<Item = Item<'a>>,
{
    LineBreaks {
        inner: events,
        enabled: enabled && has_break_between_wide(source),
        last_char: None,
        ahead: VecDeque::new(),
    }
}

/// The adapter; see the module docs.
pub struct LineBreaks<'a, I> {
    inner: I,
    enabled: bool,
    /// The last character of text rendered so far in this block.
    last_char: Option<char>,
    /// Events read past a soft break to find the character after it.
    ahead: VecDeque<Item<'a>>,
}

impl<'a, I: Iterator<Item = Item<'a>>> Iterator for LineBreaks<'a, I> {
    type Item = Item<'a>;

    fn next(&mut self) -> Option<Item<'a>> {
        if !self.enabled {
            return self.inner.next();
        }
        loop {
            let item = self.ahead.pop_front().or_else(|| self.inner.next())?;
            if matches!(item.0, Event::SoftBreak) && self.joins_wide_characters() {
                continue;
            }
            self.last_char = match &item.0 {
                Event::Text(text) | Event::Code(text) => text.chars().next_back(),
                event if is_inline_markup(event) => self.last_char,
                _ => None,
            };
            return Some(item);
        }
    }
}

impl<'a, I: Iterator<Item = Item<'a>>> LineBreaks<'a, I> {
    /// Whether the break just read sits between two wide characters; reads ahead through
    /// inline markup (`**`, links) to the next text.
    fn joins_wide_characters(&mut self) -> bool {
        if !self.last_char.is_some_and(is_wide_not_hangul) {
            return false;
        }
        let mut k = 0;
        loop {
            if k == self.ahead.len() {
                match self.inner.next() {
                    Some(item) => self.ahead.push_back(item),
                    None => return false,
                }
            }
            match &self.ahead[k].0 {
                Event::Text(text) | Event::Code(text) => {
                    return text.chars().next().is_some_and(is_wide_not_hangul)
                }
                event if is_inline_markup(event) => k += 1,
                _ => return false,
            }
        }
    }
}

/// Whether two adjacent lines of `source` could both render a wide character: a cheap,
/// conservative test (non-ASCII text, or a `{{ parameter }}` or `&entity;` that may become
/// one) that lets pages without such lines, like most English ones, skip the pass.
fn has_break_between_wide(source: &str) -> bool {
    let bytes = source.as_bytes();
    let maybe_wide = |line: &[u8]| !line.is_ascii() || memchr::memchr2(b'{', b'&', line).is_some();
    let (mut start, mut previous) = (0, false);
    for end in memchr::memchr_iter(b'\n', bytes).chain([bytes.len()]) {
        let current = maybe_wide(&bytes[start..end]);
        if previous && current {
            return true;
        }
        (start, previous) = (end + 1, current);
    }
    false
}

fn is_inline_markup(event: &Event) -> bool {
    matches!(
        event,
        Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. })
            | Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link)
    )
}

#[cfg(test)]
mod tests {
    use pulldown_cmark::{html, Options, Parser, TextMergeWithOffset};

    use super::{east_asian_line_breaks, has_break_between_wide};

    fn render(markdown: &str, enabled: bool) -> String {
        let events = TextMergeWithOffset::new(
            Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH).into_offset_iter(),
        );
        let mut out = String::new();
        html::push_html(
            &mut out,
            east_asian_line_breaks(events, markdown, enabled).map(|(event, _)| event),
        );
        out
    }

    #[test]
    fn break_between_japanese_characters_is_removed() {
        assert_eq!(
            render("設定画面を開きます。\n次に、アプリを起動します。", true),
            "<p>設定画面を開きます。次に、アプリを起動します。</p>\n"
        );
        assert_eq!(
            render("**重要**\n[次へ](a)進む", true),
            "<p><strong>重要</strong><a href=\"a\">次へ</a>進む</p>\n"
        );
    }

    #[test]
    fn break_next_to_latin_digits_or_hangul_stays() {
        for markdown in [
            "アプリを開く\nThen sign in",
            "Open the app\n次に",
            "手順は\n3つあります",
            "한국어\n문장",
            "日本語\n한국어",
            "first line\nsecond line",
        ] {
            assert!(
                render(markdown, true).trim_end().contains('\n'),
                "{markdown}"
            );
        }
    }

    #[test]
    fn switched_off_keeps_every_break() {
        assert_eq!(
            render("設定画面を開きます。\n次に", false),
            "<p>設定画面を開きます。\n次に</p>\n"
        );
    }

    #[test]
    fn pages_without_adjacent_wide_lines_skip_the_pass() {
        assert!(has_break_between_wide("一行目\n二行目"));
        assert!(has_break_between_wide("{{ university }}\nのガイド"));
        assert!(!has_break_between_wide(
            "日本語の段落。\n\n次の段落。\nEnglish\nlines"
        ));
    }

    #[test]
    fn hard_breaks_stay() {
        assert_eq!(
            render("一行目。  \n二行目。", true),
            "<p>一行目。<br />\n二行目。</p>\n"
        );
    }
}
