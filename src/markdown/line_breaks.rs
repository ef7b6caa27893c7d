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

/// Wraps `events` parsed from `source`; with `enabled` false, or when
/// [`may_join_wide_lines`] says `source` has no break to remove, every event passes
/// unchanged.
pub fn east_asian_line_breaks<'a, I>(events: I, source: &str, enabled: bool) -> LineBreaks<'a, I>
where
    I: Iterator<Item = Item<'a>>,
{
    LineBreaks {
        inner: events,
        enabled: enabled && may_join_wide_lines(source),
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

/// Whether `source` may hold a soft line break between two wide characters: a cheap,
/// conservative test that lets most pages skip the pass (English ones, and Japanese ones
/// written a paragraph per line). It looks only at the ends of adjacent lines: the last
/// character of a line and the first of the next, past indentation and `>`, must each be
/// wide or markup that may stand for one (`**`, a link's `)`, `{{ parameter }}`, `&entity;`,
/// a code span's backtick, raw HTML); a line that ends or starts in anything else (Latin
/// text, digits, a list marker, a hard break's `\` or spaces) renders no wide character
/// next to the break.
pub fn may_join_wide_lines(source: &str) -> bool {
    let bytes = source.as_bytes();
    let mut start = 0;
    let mut previous_ends_wide = false;
    for end in memchr::memchr_iter(b'\n', bytes).chain([bytes.len()]) {
        let line = &source[start..end];
        if previous_ends_wide && starts_maybe_wide(line) {
            return true;
        }
        previous_ends_wide = ends_maybe_wide(line);
        start = end + 1;
    }
    false
}

fn ends_maybe_wide(line: &str) -> bool {
    let line = line.strip_suffix('\r').unwrap_or(line);
    if line.ends_with("  ") {
        return false; // a hard break, never removed
    }
    match line.trim_end_matches([' ', '\t']).chars().next_back() {
        Some(c) if c.is_ascii() => matches!(c, '*' | '_' | '~' | ')' | ']' | '>' | '}' | ';' | '`'),
        Some(c) => is_wide_not_hangul(c),
        None => false,
    }
}

fn starts_maybe_wide(line: &str) -> bool {
    match line.trim_start_matches([' ', '\t', '>']).chars().next() {
        Some(c) if c.is_ascii() => matches!(
            c,
            '*' | '_' | '~' | '[' | '!' | '<' | '{' | '&' | '\\' | '`'
        ),
        Some(c) => is_wide_not_hangul(c),
        None => false,
    }
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

    use super::{east_asian_line_breaks, may_join_wide_lines};

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

    /// The pass run on every page, as if [`may_join_wide_lines`] always said yes.
    fn render_forced(markdown: &str) -> String {
        let events = TextMergeWithOffset::new(
            Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH).into_offset_iter(),
        );
        let mut pass = east_asian_line_breaks(events, markdown, true);
        pass.enabled = true;
        let mut out = String::new();
        html::push_html(&mut out, pass.map(|(event, _)| event));
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
        for joined in [
            "一行目\n二行目",
            "{{ university }}\nのガイド",
            "**重要**\n[次へ](a)進む",
            "> 引用の一行目\n> 二行目",
            "日本語\r\n  `コード`",
            "説明 &#x3042;\n&amp;次",
        ] {
            assert!(may_join_wide_lines(joined), "{joined:?}");
        }
        for apart in [
            "日本語の段落。\n\n次の段落。\nEnglish\nlines",
            "1. 手順です。\n2. 次の手順です。",
            "- 項目です。\n- 項目です。",
            "日本語です。  \n次の行",
            "日本語です。\\\n次の行",
            "first line\nsecond line",
        ] {
            assert!(!may_join_wide_lines(apart), "{apart:?}");
        }
    }

    /// The test that lets a page skip the pass never skips a page the pass would change:
    /// for any text, with the test forced off the output equals the pass's output.
    #[test]
    fn skipping_never_changes_the_output() {
        use proptest::prelude::*;
        let config = ProptestConfig {
            cases: 512,
            ..ProptestConfig::default()
        };
        proptest!(config, |(markdown in "((日本|語。|English|[0-9]|\\*\\*|_|~~|\\[リンク\\]\\(a\\)|`コード`|\\{\\{ x \\}\\}|&amp;|<b>|</b>|> |- |1\\. |  |\\\\|한국)*\n?){0,6}")| {
            if !may_join_wide_lines(&markdown) {
                prop_assert_eq!(render_forced(&markdown), render(&markdown, false));
            }
        });
    }

    #[test]
    fn hard_breaks_stay() {
        assert_eq!(
            render("一行目。  \n二行目。", true),
            "<p>一行目。<br />\n二行目。</p>\n"
        );
    }
}
