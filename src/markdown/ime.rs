//! IME slips: Markdown syntax typed in full width by a Japanese input method
//! (`：：：`, `｛pc｝`, `{＃id}`, `＃＃ 見出し`, `-　項目`, `１．`, `{{　name　}}`,
//! `｛｛name｝｝`, `［手順2］（step-2.md）`, `｜ 列 ｜`). Takes a
//! page's body, gives one diagnostic per slip with the corrected text in its help line.
//!
//! This looks at the source lines as typed, not at parser events: a slip is exactly what
//! the parser does not recognise (`＃＃` is a paragraph, `：：：` is text), so by the time
//! events exist the intent is gone. Fenced code blocks are skipped: an example of a slip
//! in a code block is not a slip.

use crate::diagnostics::Code;
use crate::diagnostics::{Diagnostic, LineIndex};
use crate::text;

/// The code of every slip found here.
pub const CODE: Code = Code::FullWidthSyntax;

/// Where to look: the whole page file, its body's start, its line index and its name,
/// and the body's lines outside fenced code, which every source-line check reads
/// (this one, [`super::list_markers`] and [`super::malformed_links`]).
pub struct SlipInput<'a> {
    pub text: &'a str,
    pub body_start: usize,
    pub line_index: &'a LineIndex,
    pub path: &'a str,
    /// Each line's offset in `text` and the line without its ending.
    pub lines: Vec<(usize, &'a str)>,
}

impl<'a> SlipInput<'a> {
    pub fn new(text: &'a str, body_start: usize, line_index: &'a LineIndex, path: &'a str) -> Self {
        let body = text.get(body_start..).unwrap_or("");
        SlipInput {
            text,
            body_start,
            line_index,
            path,
            lines: super::preprocess::prose_lines(body, body_start),
        }
    }

    /// The page's body.
    pub fn body(&self) -> &'a str {
        self.text.get(self.body_start..).unwrap_or("")
    }
}

/// Every IME slip in the page's body.
pub fn find_ime_slips(input: &SlipInput) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    // Most English pages have no full-width character or ideographic space at all.
    if !input.body().bytes().any(|b| b == 0xEF || b == 0xE3) {
        return found;
    }
    for &(start, line) in input.lines.iter().filter(|(_, line)| may_slip(line)) {
        for slip in line_slips(line) {
            found.push(slip.diagnostic(input, start));
        }
    }
    found
}

/// Whether `line` has a character that every slip below needs: a full-width form of
/// ASCII (U+FF01–FF5E, `EF BC xx` or `EF BD xx` in UTF-8) or the ideographic space.
/// Japanese prose is mostly other characters, so most lines end here.
fn may_slip(line: &str) -> bool {
    let bytes = line.as_bytes();
    memchr::memchr_iter(0xEF, bytes).any(|i| matches!(bytes.get(i + 1), Some(0xBC | 0xBD)))
        || memchr::memmem::find(bytes, "\u{3000}".as_bytes()).is_some()
}

/// One slip: its byte offset in the line, what kind of syntax it is (a key of the
/// `full-width-syntax` message), the text as typed and as meant.
struct Slip {
    offset: usize,
    what: &'static str,
    typed: String,
    meant: String,
    error: bool,
}

impl Slip {
    fn diagnostic(&self, input: &SlipInput, line_start: usize) -> Diagnostic {
        let message = text!("full-width-syntax", typed = self.typed, what = self.what);
        let d = if self.error {
            Diagnostic::error(CODE, input.path, message)
        } else {
            Diagnostic::warning(CODE, input.path, message)
        };
        d.at(input
            .line_index
            .locate(input.text, line_start + self.offset))
            .with_help(text!(
                "full-width-syntax-help",
                meant = self.meant.trim(),
                fixed = self.meant
            ))
    }
}

fn line_slips(line: &str) -> Vec<Slip> {
    let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
    let rest = &line[indent..];
    let mut slips: Vec<Slip> = [
        fence_slip(rest),
        heading_slip(rest),
        list_slip(rest),
        table_slip(rest),
    ]
    .into_iter()
    .flatten()
    .map(|mut s| {
        s.offset += indent;
        s
    })
    .collect();
    slips.extend(brace_slips(line));
    slips.extend(param_slips(line));
    slips.extend(wide_param_slips(line));
    slips.extend(link_slips(line));
    slips
}

/// `ーーー` or `－－－`: a front-matter line (`---`) typed with a Japanese input method,
/// which gives the long vowel mark or a full-width or typographic dash for `-`. Gives
/// the line as typed.
pub(crate) fn dash_fence_slip(line: &str) -> Option<&str> {
    let typed = line.trim_end_matches(['\n', '\r', ' ', '\t', '\u{3000}']);
    let dashes = |c: char| {
        matches!(
            c,
            '-' | 'ー' | 'ｰ' | '－' | '―' | '‐' | '‑' | '—' | '–' | '−'
        )
    };
    let count = typed.chars().count();
    (count >= 3 && typed.chars().all(dashes) && !typed.is_ascii()).then_some(typed)
}

/// To ASCII: the full-width forms U+FF01–FF5E, and the ideographic space.
fn narrow(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// `s` with the full-width forms of ASCII and the ideographic space narrowed (`１０` → `10`).
pub(crate) fn narrow_str(s: &str) -> String {
    s.chars().map(narrow).collect()
}

/// `：：： warning` or `:：: warning`: a block fence with full-width colons.
fn fence_slip(rest: &str) -> Option<Slip> {
    let run: String = rest
        .chars()
        .take_while(|c| matches!(c, ':' | '：'))
        .collect();
    if run.chars().count() < 3 || !run.contains('：') {
        return None;
    }
    let after: String = rest[run.len()..].chars().take(40).collect();
    Some(Slip {
        offset: 0,
        what: "fence",
        typed: format!("{run}{after}").trim_end().to_string(),
        meant: format!(
            "{}{}",
            ":".repeat(run.chars().count()),
            narrow_fence_rest(&after)
        )
        .trim_end()
        .to_string(),
        error: true,
    })
}

/// The rest of a fence line with its attribute braces narrowed (`｛#id｝`).
fn narrow_fence_rest(after: &str) -> String {
    after
        .chars()
        .map(|c| match c {
            '｛' | '｝' | '＃' | '\u{3000}' => narrow(c),
            _ => c,
        })
        .collect()
}

/// `＃＃ 見出し` or `##　見出し`: a heading with a full-width hash or space.
fn heading_slip(rest: &str) -> Option<Slip> {
    let hashes: String = rest
        .chars()
        .take_while(|c| matches!(c, '#' | '＃'))
        .collect();
    let count = hashes.chars().count();
    if count == 0 || count > 6 {
        return None;
    }
    let after = &rest[hashes.len()..];
    let space = after.chars().next()?;
    let full_width = hashes.contains('＃');
    if !(space == '\u{3000}' || (full_width && space == ' ')) {
        return None;
    }
    let title = after[space.len_utf8()..].trim();
    Some(Slip {
        offset: 0,
        what: "heading",
        typed: rest.trim_end().to_string(),
        meant: format!("{} {title}", "#".repeat(count)),
        error: false,
    })
}

/// `-　項目`, `＊ 項目`, `１．項目`…: a list marker typed in full width or followed by an
/// ideographic space.
fn list_slip(rest: &str) -> Option<Slip> {
    let (marker, after) = list_marker(rest)?;
    let space = after.chars().next()?;
    let typed_full = marker.chars().any(|c| c != narrow(c));
    if !(space == '\u{3000}' || (typed_full && space == ' ')) {
        return None;
    }
    let item = after[space.len_utf8()..].trim();
    Some(Slip {
        offset: 0,
        what: "list-item",
        typed: rest.trim_end().to_string(),
        meant: format!("{} {item}", narrow_str(marker)),
        error: false,
    })
}

/// The list marker at the start of `rest` (`-`, `＊`, `12.`, `１２．`) and what follows.
fn list_marker(rest: &str) -> Option<(&str, &str)> {
    let first = rest.chars().next()?;
    if matches!(first, '-' | '*' | '+' | '－' | '＊' | '＋') {
        return Some(rest.split_at(first.len_utf8()));
    }
    let digits: usize = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(c))
        .map(char::len_utf8)
        .sum();
    let close = rest[digits..].chars().next()?;
    if digits == 0 || !matches!(close, '.' | '．' | ')' | '）') {
        return None;
    }
    Some(rest.split_at(digits + close.len_utf8()))
}

/// `｛pc｝`, `{＃id}`, `｛#id｝`: device tags and attributes with full-width braces or hash.
fn brace_slips(line: &str) -> Vec<Slip> {
    let mut slips = Vec::new();
    for (at, open) in line.char_indices().filter(|(_, c)| matches!(c, '{' | '｛')) {
        let inside_start = at + open.len_utf8();
        let Some(len) = line[inside_start..].find(['}', '｝']) else {
            continue;
        };
        let inside = &line[inside_start..inside_start + len];
        if inside.starts_with(['{', '｛']) || line[..at].ends_with(['{', '｛']) {
            continue; // a parameter: `wide_param_slips`
        }
        let close = line[inside_start + len..].chars().next().unwrap_or('}');
        let typed = format!("{open}{inside}{close}");
        let meant = format!("{{{}}}", narrow_str(inside));
        if typed == meant || !is_tag_or_attribute(&narrow_str(inside)) {
            continue;
        }
        // `{　pc　}`: a device tag works with any spaces inside its braces.
        let device = matches!(narrow_str(inside).trim(), "pc" | "phone" | "both");
        if device && open == '{' && close == '}' {
            continue;
        }
        slips.push(Slip {
            offset: at,
            what: if inside.contains(['#', '＃']) {
                "attribute"
            } else {
                "device-tag"
            },
            typed,
            meant,
            error: true,
        });
    }
    slips
}

fn is_tag_or_attribute(inside: &str) -> bool {
    let inside = inside.trim();
    matches!(inside, "pc" | "phone" | "both")
        || inside
            .strip_prefix('#')
            .and_then(|id| id.split_whitespace().next())
            .is_some_and(super::is_valid_id)
}

/// `{{　name　}}`: a parameter with ideographic spaces.
fn param_slips(line: &str) -> Vec<Slip> {
    let mut slips = Vec::new();
    let mut from = 0;
    while let Some(found) = line[from..].find("{{") {
        let start = from + found;
        let Some(len) = line[start + 2..].find("}}") else {
            break;
        };
        let inside = &line[start + 2..start + 2 + len];
        if inside.contains('\u{3000}') {
            slips.push(Slip {
                offset: start,
                what: "parameter-spaces",
                typed: format!("{{{{{inside}}}}}"),
                meant: format!("{{{{ {} }}}}", inside.trim()),
                error: false,
            });
        }
        from = start + 2 + len + 2;
    }
    slips
}

/// `｛｛name｝｝` or `{｛name}}`: a parameter with a full-width brace, which stays text.
fn wide_param_slips(line: &str) -> Vec<Slip> {
    let mut slips = Vec::new();
    let mut from = 0;
    while let Some(found) = line[from..].find(['{', '｛']) {
        let start = from + found;
        from = start + line[start..].chars().next().map_or(1, char::len_utf8);
        let Some(rest) = strip_two(&line[start..], ['{', '｛']) else {
            continue;
        };
        let name_len = rest
            .find(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | ' ' | '\u{3000}')))
            .unwrap_or(rest.len());
        let name = rest[..name_len].trim_matches([' ', '\u{3000}']);
        let Some(after) = strip_two(&rest[name_len..], ['}', '｝']) else {
            continue;
        };
        let typed = &line[start..line.len() - after.len()];
        if name.is_empty() || !typed.contains(['｛', '｝']) {
            continue;
        }
        slips.push(Slip {
            offset: start,
            what: "parameter-braces",
            typed: typed.to_string(),
            meant: format!("{{{{ {} }}}}", narrow_str(name)),
            error: true,
        });
        from = start + typed.len();
    }
    slips
}

/// `text` without two leading characters of `pair` (`{{`, `｛｛`, `{｛`).
fn strip_two(text: &str, pair: [char; 2]) -> Option<&str> {
    let rest = text.strip_prefix(pair)?;
    rest.strip_prefix(pair)
}

/// `［手順2］（step-2.md）`, `[手順2]（step-2.md）`: a link whose brackets or parentheses
/// were typed in full width, so it shows as text. Only a target that looks like an
/// address or a file counts: `（注）` after a bracket in prose is left alone.
fn link_slips(line: &str) -> Vec<Slip> {
    let mut slips = Vec::new();
    for (close_at, close) in line.char_indices().filter(|(_, c)| matches!(c, ']' | '］')) {
        let after_close = close_at + close.len_utf8();
        let Some(paren) = line[after_close..].chars().next() else {
            continue;
        };
        if !matches!(paren, '(' | '（') || (close == ']' && paren == '(') {
            continue;
        }
        let target_start = after_close + paren.len_utf8();
        let Some(target_len) = line[target_start..].find([')', '）']) else {
            continue;
        };
        let target = &line[target_start..target_start + target_len];
        if !looks_like_target(target) {
            continue;
        }
        let Some(open_at) = line[..close_at].rfind(['[', '［']) else {
            continue;
        };
        let text =
            &line[open_at + line[open_at..].chars().next().map_or(1, char::len_utf8)..close_at];
        let end_char = line[target_start + target_len..]
            .chars()
            .next()
            .unwrap_or(')');
        let end = target_start + target_len + end_char.len_utf8();
        // `！［図］（img/a.png）`: an image, its `!` typed in full width too.
        let (start, bang) = match line[..open_at].strip_suffix(['!', '！']) {
            Some(before) => (before.len(), "!"),
            None => (open_at, ""),
        };
        slips.push(Slip {
            offset: start,
            what: "link",
            typed: line[start..end].to_string(),
            meant: format!("{bang}[{text}]({target})"),
            error: false,
        });
    }
    slips
}

/// A link target as an editor writes one: an address, a page file, an anchor or a
/// parameter, with no spaces.
fn looks_like_target(target: &str) -> bool {
    !target.is_empty()
        && !target.contains([' ', '\u{3000}'])
        && target.is_ascii()
        && (target.contains(['.', '/', '#', ':']) || target.starts_with("{{"))
}

/// `｜ 列 ｜ 列 ｜`: a table row typed with full-width bars, which is a paragraph.
fn table_slip(rest: &str) -> Option<Slip> {
    if !rest.starts_with('｜') || rest.matches(['|', '｜']).count() < 2 {
        return None;
    }
    let meant: String = rest
        .trim_end()
        .chars()
        .map(|c| match c {
            '｜' => '|',
            '－' => '-',
            '：' => ':',
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect();
    Some(Slip {
        offset: 0,
        what: "table-row",
        typed: rest.trim_end().to_string(),
        meant,
        error: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slips(body: &str) -> Vec<Diagnostic> {
        let index = LineIndex::new(body);
        find_ime_slips(&SlipInput::new(body, 0, &index, "p.md"))
    }

    #[test]
    fn each_slip_has_its_place_and_the_corrected_text() {
        let cases = [
            ("：：： warning\n", (1, 1), "write '::: warning'"),
            (":：: tip\n", (1, 1), "write '::: tip'"),
            ("1. ｛pc｝ 開く\n", (1, 4), "write '{pc}'"),
            ("## 見出し {＃id}\n", (1, 8), "write '{#id}'"),
            ("::: method ｛#app｝ アプリ\n", (1, 12), "write '{#app}'"),
            ("＃＃ 見出し\n", (1, 1), "write '## 見出し'"),
            ("-　項目\n", (1, 1), "write '- 項目'"),
            ("１．　項目\n", (1, 1), "write '1. 項目'"),
            (
                "{{　university　}}です\n",
                (1, 1),
                "write '{{ university }}'",
            ),
            (
                "｛｛university｝｝です\n",
                (1, 1),
                "write '{{ university }}'",
            ),
            ("窓口は{｛ desk ｝}です\n", (1, 4), "write '{{ desk }}'"),
            (
                "予備は［手順2］（second.md#a）で追加します。\n",
                (1, 4),
                "write '[手順2](second.md#a)'",
            ),
            (
                "[ページ]（{{url}}）を開く\n",
                (1, 1),
                "write '[ページ]({{url}})'",
            ),
            (
                "［ページ］(https://example.jp/)\n",
                (1, 1),
                "write '[ページ](https://example.jp/)'",
            ),
            (
                "図：！［画面］（img/a.png）\n",
                (1, 3),
                "write '![画面](img/a.png)'",
            ),
            ("｜ 方法 ｜ 説明 ｜\n", (1, 1), "write '| 方法 | 説明 |'"),
            ("｜－－－｜－－－｜\n", (1, 1), "write '|---|---|'"),
        ];
        for (body, at, help) in cases {
            let found = slips(body);
            assert_eq!(found.len(), 1, "{body}: {found:?}");
            assert_eq!((found[0].line, found[0].column), at, "{body}");
            let shown = found[0].english_help().unwrap_or_default();
            assert!(shown.contains(help), "{body}: {shown}");
            assert!(shown.starts_with("it looks like"), "{body}: {shown}");
        }
    }

    #[test]
    fn correct_text_and_code_blocks_are_left_alone() {
        let body = "::: warning\n## 見出し {#id}\n- 項目\n1. 項目\n{{ university }}\n\
                    １．概要の説明\n（注）{備考}\n[手順2](a.md)（注）と［参考］（書籍）\n\
                    {{ name }}と{{name}}\n｜だけの行\n1. {　pc　} 開く\n```\n：：： warning\n＃＃ 例\n｛｛x｝｝\n```\n";
        assert!(slips(body).is_empty(), "{:?}", slips(body));
    }
}
