//! A list marker typed without its space (`1.{pc} 開きます`, `2.ブラウザーで…`, `-項目`):
//! CommonMark takes the line as text, so a step or an item silently becomes part of a
//! paragraph. Like [`super::ime`], this reads the source lines as typed, outside fenced
//! code ([`SlipInput::lines`]).

use super::ime::SlipInput;
use crate::diagnostics::{Code, Diagnostic};
use crate::text;

/// Every line of the page's body that starts with a list marker and no space after it.
pub fn find_marker_slips(input: &SlipInput) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for &(start, line) in &input.lines {
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        if let Some(marker) = marker_without_space(&line[indent..]) {
            found.push(diagnostic(input, start + indent, &line[indent..], marker));
        }
    }
    found
}

/// The marker (`1.`, `2)`, `-`) that starts `rest` with no space after it, when what
/// follows is surely the item's text: a device tag, a letter or Japanese text. `1.5`,
/// `-1`, `---` and `*強調*` are left alone.
fn marker_without_space(rest: &str) -> Option<&str> {
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let (marker, next) = if (1..=9).contains(&digits) {
        let marker = rest.get(..digits + 1)?;
        if !marker.ends_with(['.', ')']) {
            return None;
        }
        let next = rest[digits + 1..].chars().next()?;
        let starts_text = next == '{' || next.is_ascii_alphabetic() || is_japanese(next);
        (marker, starts_text)
    } else {
        let next = rest.strip_prefix('-')?.chars().next()?;
        ("-", next == '{' || is_japanese(next))
    };
    next.then_some(marker)
}

/// Kana, kanji and the CJK punctuation that starts a sentence (not the ideographic
/// space, which [`super::ime`] reports, nor the long vowel mark, a dash look-alike).
fn is_japanese(c: char) -> bool {
    matches!(c, '\u{3001}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}') && c != 'ー'
}

fn diagnostic(input: &SlipInput, at: usize, rest: &str, marker: &str) -> Diagnostic {
    let mut shown: String = rest.chars().take(24).collect();
    if shown.len() < rest.len() {
        shown.push('…');
    }
    let fixed = format!("{marker} {}", &shown[marker.len()..]);
    Diagnostic::warning(
        Code::ListMarkerSpace,
        input.path,
        text!("list-marker-space", typed = shown, marker = marker),
    )
    .at(input.line_index.locate(input.text, at))
    .with_help(text!("list-marker-space-help", fixed = fixed))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::LineIndex;

    fn slips(body: &str) -> Vec<String> {
        let index = LineIndex::new(body);
        let input = SlipInput::new(body, 0, &index, "p.md");
        find_marker_slips(&input)
            .iter()
            .map(|d| format!("{}:{} {}", d.line, d.column, d.english_help().unwrap()))
            .collect()
    }

    #[test]
    fn a_marker_without_its_space_is_found_with_the_fix() {
        assert_eq!(
            slips("1. {pc} 開きます。\n2.{pc} 選びます。\n   3)ブラウザーで\n-項目\n"),
            [
                "2:1 write '2. {pc} 選びます。'",
                "3:4 write '3) ブラウザーで'",
                "4:1 write '- 項目'"
            ]
        );
        assert_eq!(slips("1.Open the app\n"), ["1:1 write '1. Open the app'"]);
        assert_eq!(
            slips("1.{pc} Open the Security info page.\n"),
            ["1:1 write '1. {pc} Open the Security…'"]
        );
    }

    #[test]
    fn numbers_rules_emphasis_and_code_are_left_alone() {
        let body =
            "1.5倍です。\n2026.4.1\n---\n-1 度\n*強調*\n- 項目\n1. 手順\n```\n1.{pc} x\n```\n";
        assert_eq!(slips(body), Vec::<String>::new());
    }
}
