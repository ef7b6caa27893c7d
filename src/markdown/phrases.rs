//! Line-break opportunities between Japanese phrases, so a line never ends inside a word.
//!
//! Japanese has no spaces. Browsers either break between any two characters (splitting
//! 「認証方法」 into 認証方 / 法) or, with `word-break: auto-phrase`, guess phrases with a
//! model that, in Chromium 148, still glued long runs together so that
//! `overflow-wrap: anywhere` split them at any character. Instead the theme sets
//! `word-break: keep-all` on Japanese content (no break between letters at all) and this
//! adapter puts a `<wbr>` where a phrase ends: after a particle (を, に, が, は, で, と, の,
//! も, へ, や, か) that ends a run of hiragana, before a kanji, katakana, Latin letter or
//! digit. Words (kanji compounds, katakana words, okurigana such as 読み取ります or
//! 問い合わせ) never contain such a place. Punctuation (、。「」) breaks by itself.
//!
//! Text in code is never touched. Text without hiragana, English for example, passes
//! through unchanged.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

type Item<'a> = (Event<'a>, Range<usize>);

const PARTICLES: [char; 11] = [
    'を', 'に', 'が', 'は', 'で', 'と', 'の', 'も', 'へ', 'や', 'か',
];

fn is_hiragana(c: char) -> bool {
    ('\u{3041}'..='\u{309f}').contains(&c)
}

/// A character that can start a phrase after a particle.
fn starts_phrase(c: char) -> bool {
    matches!(c,
        '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '々'
        | '\u{30a1}'..='\u{30fa}'
        | '\u{ff10}'..='\u{ff19}' | '\u{ff21}'..='\u{ff3a}' | '\u{ff41}'..='\u{ff5a}')
        || c.is_ascii_alphanumeric()
}

/// Byte offsets in `text` where a phrase starts after a particle (a `<wbr>` goes before);
/// `previous` is the character before `text` (across inline tags), updated to its last.
pub fn phrase_breaks(text: &str, previous: &mut Option<char>) -> Vec<usize> {
    let mut breaks = Vec::new();
    let mut before_previous = None;
    for (at, c) in text.char_indices() {
        // その他, その後, その際, その場: one word each, though の ends a run of hiragana.
        let sono =
            || *previous == Some('の') && before_previous == Some('そ') && "他後際場".contains(c);
        if starts_phrase(c) && previous.is_some_and(|p| PARTICLES.contains(&p)) && !sono() {
            breaks.push(at);
        }
        before_previous = *previous;
        *previous = Some(c);
    }
    breaks
}

/// `html` with a `<wbr>` at each phrase break of its text (outside tags).
pub fn html_with_breaks(html: &str) -> String {
    if !html.chars().any(is_hiragana) {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len() + 32);
    let mut rest = html;
    let mut previous = None;
    while !rest.is_empty() {
        let text_end = rest.find('<').unwrap_or(rest.len());
        push_with_breaks(&mut out, &rest[..text_end], &mut previous);
        rest = &rest[text_end..];
        let tag_end = rest.find('>').map_or(rest.len(), |e| e + 1);
        out.push_str(&rest[..tag_end]);
        rest = &rest[tag_end..];
    }
    out
}

fn push_with_breaks(out: &mut String, text: &str, previous: &mut Option<char>) {
    let mut from = 0;
    for at in phrase_breaks(text, previous) {
        out.push_str(&text[from..at]);
        out.push_str("<wbr>");
        from = at;
    }
    out.push_str(&text[from..]);
}

pub struct Phrases<'a, I> {
    inner: I,
    /// Inside a code block (whose text events are code, not prose).
    in_code: bool,
    /// The last character of text in the current block (inline tags do not end it).
    previous: Option<char>,
    queue: std::collections::VecDeque<Item<'a>>,
}

impl<'a, I: Iterator<Item = Item<'a>>> Phrases<'a, I> {
    pub fn new(inner: I) -> Self {
        Phrases {
            inner,
            in_code: false,
            previous: None,
            queue: Default::default(),
        }
    }

    fn split(&mut self, text: CowStr<'a>, range: Range<usize>) -> Item<'a> {
        // Hiragana are U+3041..U+309F, three bytes starting with 0xE3 in UTF-8: text
        // without that byte (English) needs no scan, unless a particle just before it
        // (`を**追加**`) makes its start a phrase start.
        let after_particle = self.previous.is_some_and(|p| PARTICLES.contains(&p));
        if !after_particle && !text.as_bytes().contains(&0xE3) {
            self.previous = text.chars().next_back();
            return (Event::Text(text), range);
        }
        let breaks = phrase_breaks(&text, &mut self.previous);
        if breaks.is_empty() {
            return (Event::Text(text), range);
        }
        let mut from = 0;
        for at in breaks.into_iter().chain([text.len()]) {
            if at > from {
                let piece = CowStr::from(text[from..at].to_string());
                self.queue.push_back((Event::Text(piece), range.clone()));
            }
            if at < text.len() {
                let wbr = Event::InlineHtml(CowStr::from("<wbr>"));
                self.queue.push_back((wbr, range.clone()));
            }
            from = at;
        }
        self.queue.pop_front().unwrap_or((Event::Text(text), range))
    }
}

impl<'a, I: Iterator<Item = Item<'a>>> Iterator for Phrases<'a, I> {
    type Item = Item<'a>;

    fn next(&mut self) -> Option<Item<'a>> {
        if let Some(item) = self.queue.pop_front() {
            return Some(item);
        }
        let (event, range) = self.inner.next()?;
        if let Event::Text(text) = event {
            if self.in_code {
                return Some((Event::Text(text), range));
            }
            return Some(self.split(text, range));
        }
        match &event {
            Event::Start(Tag::CodeBlock(_)) => self.in_code = true,
            Event::End(TagEnd::CodeBlock) => self.in_code = false,
            Event::Code(code) => self.previous = code.chars().last(),
            // A line break is a break opportunity already (or a space).
            Event::SoftBreak | Event::HardBreak => self.previous = None,
            Event::Start(tag) if !is_inline(tag) => self.previous = None,
            Event::End(tag) if !is_inline_end(*tag) => self.previous = None,
            _ => {}
        }
        Some((event, range))
    }
}

fn is_inline(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Link { .. }
            | Tag::Superscript
            | Tag::Subscript
    )
}

fn is_inline_end(tag: TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Link
            | TagEnd::Superscript
            | TagEnd::Subscript
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(text: &str) -> String {
        let mut out = String::new();
        push_with_breaks(&mut out, text, &mut None);
        out.replace("<wbr>", "|")
    }

    #[test]
    fn breaks_fall_between_phrases_never_inside_words() {
        assert_eq!(
            marked("すでに何らかの認証方法が登録されています。予備の認証方法を追加してください。"),
            "すでに|何らかの|認証方法が|登録されています。予備の|認証方法を|追加してください。"
        );
        // Okurigana and prefixes stay with their word.
        assert_eq!(marked("QRコードを読み取ります"), "QRコードを|読み取ります");
        assert_eq!(
            marked("お問い合わせはヘルプデスクへ"),
            "お問い合わせは|ヘルプデスクへ"
        );
        assert_eq!(marked("手順2で説明している"), "手順2で|説明している");
        assert_eq!(marked("その他の認証アプリ"), "その他の|認証アプリ");
        assert_eq!(
            marked("Open the app and sign in."),
            "Open the app and sign in."
        );
    }

    #[test]
    fn html_keeps_its_tags_whole() {
        assert_eq!(
            html_with_breaks("<a href=\"は漢\">認証方法を</a>登録"),
            "<a href=\"は漢\">認証方法を</a><wbr>登録"
        );
        assert_eq!(
            html_with_breaks("<b>予備の認証方法</b>"),
            "<b>予備の<wbr>認証方法</b>"
        );
    }
}
