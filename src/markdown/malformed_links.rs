//! Malformed links: Markdown that was meant as a link but that CommonMark renders as
//! plain text (or as `href=""`). Takes a page's body, gives one diagnostic per slip:
//!
//! | code                  | level   | example                                   |
//! |-----------------------|---------|-------------------------------------------|
//! | `unclosed-link`       | error   | `[text](faq.md` with no `)` on the line    |
//! | `empty-link`          | error   | `[text]()`                                 |
//! | `undefined-reference` | error   | `[text][ref]` with no `[ref]: …` line      |
//! | `lost-link-bracket`   | warning | `…利用方法(/faq/」をご覧ください`            |
//!
//! Like [`super::ime`], this reads the source lines: what the parser did not take as a
//! link leaves no link event behind. Fenced code blocks and inline code are skipped.

use crate::diagnostics::Code;
use crate::text;
use std::borrow::Cow;
use std::collections::HashSet;

use super::ime::SlipInput;
use crate::diagnostics::Diagnostic;

/// Every malformed link in the page's body.
pub fn find_malformed_links(input: &SlipInput) -> Vec<Diagnostic> {
    let body = input.body();
    let mut found = Vec::new();
    if !body.contains('(') && !body.contains("][") {
        return found;
    }
    let lines = prose_lines(&input.lines);
    let defined = reference_labels(&lines);
    for (start, line) in &lines {
        // Every slip below needs a `(` or a `]` on its line; most prose lines have neither.
        if memchr::memchr2(b'(', b']', line.as_bytes()).is_none() {
            continue;
        }
        let at = |offset: usize| input.line_index.locate(input.text, start + offset);
        for (offset, d) in line_problems(line, &defined, input.path) {
            found.push(d.at(at(offset)));
        }
    }
    found
}

/// The body's lines outside fenced code, with inline code blanked.
fn prose_lines<'a>(lines: &[(usize, &'a str)]) -> Vec<(usize, Cow<'a, str>)> {
    lines
        .iter()
        .map(|&(start, line)| (start, blank_code(line)))
        .collect()
}

/// `line` with every `` `code` `` span replaced by spaces of the same byte length.
fn blank_code(line: &str) -> Cow<'_, str> {
    if !line.contains('`') {
        return Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len());
    let mut in_code = false;
    for c in line.chars() {
        if c == '`' {
            in_code = !in_code;
        }
        if in_code || c == '`' {
            out.extend(std::iter::repeat_n(' ', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// The labels of `[label]: destination` lines, normalized.
fn reference_labels(lines: &[(usize, Cow<str>)]) -> HashSet<String> {
    lines
        .iter()
        .filter_map(|(_, line)| {
            let rest = line.trim_start().strip_prefix('[')?;
            let (label, after) = rest.split_once("]:")?;
            (!after.is_empty() || line.ends_with("]:")).then(|| normalize(label))
        })
        .collect()
}

fn normalize(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn line_problems(line: &str, defined: &HashSet<String>, path: &str) -> Vec<(usize, Diagnostic)> {
    let mut found = Vec::new();
    for (at, _) in line.match_indices("](") {
        let Some(open) = link_text_start(line, at) else {
            continue;
        };
        let dest = &line[at + 2..];
        if dest.starts_with(')') {
            found.push((open, empty_link(path, &line[open..at + 3])));
        } else if !dest.contains(')') {
            found.push((open, unclosed_link(path, &line[open..])));
        }
    }
    for (at, _) in line.match_indices("][") {
        let rest = &line[at + 2..];
        let Some(len) = rest.find(']') else { continue };
        let label = &rest[..len];
        if label.is_empty() || label.starts_with('^') || defined.contains(&normalize(label)) {
            continue;
        }
        if let Some(open) = link_text_start(line, at) {
            let written = &line[open..at + 3 + len];
            found.push((open, undefined_reference(path, written, label)));
        }
    }
    found.extend(lost_brackets(line, path));
    found
}

/// The `[` that opens the link text ending at the `]` at `close`, on the same line.
fn link_text_start(line: &str, close: usize) -> Option<usize> {
    let mut depth = 0;
    for (i, c) in line[..close].char_indices().rev() {
        match c {
            ']' => depth += 1,
            '[' if depth == 0 => return Some(i),
            '[' => depth -= 1,
            _ => {}
        }
    }
    None
}

fn empty_link(path: &str, written: &str) -> Diagnostic {
    Diagnostic::error(
        Code::EmptyLink,
        path,
        text!("empty-link", written = written),
    )
    .with_help(text!("empty-link-help"))
}

fn unclosed_link(path: &str, written: &str) -> Diagnostic {
    let shown: String = written.chars().take(60).collect();
    Diagnostic::error(
        Code::UnclosedLink,
        path,
        text!("unclosed-link", written = shown.trim_end()),
    )
    .with_help(text!("unclosed-link-help"))
}

fn undefined_reference(path: &str, written: &str, label: &str) -> Diagnostic {
    Diagnostic::error(
        Code::UndefinedReference,
        path,
        text!("undefined-reference", written = written, label = label),
    )
    .with_help(text!("undefined-reference-help", label = label))
}

/// `利用方法(/faq/` or `方法(https://…)`: an address in parentheses right after the text,
/// with no `]` before it, as when a link lost its brackets.
fn lost_brackets(line: &str, path: &str) -> Vec<(usize, Diagnostic)> {
    let mut found = Vec::new();
    for (at, _) in line.match_indices('(') {
        let before = line[..at].chars().next_back();
        let after = &line[at + 1..];
        let looks_like_address = ["/", "./", "../", "http://", "https://"]
            .iter()
            .any(|p| after.starts_with(p))
            && !after.starts_with("//");
        if !looks_like_address || before.is_none_or(|c| c.is_whitespace() || "]([<`".contains(c)) {
            continue;
        }
        let word_start = line[..at]
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace() || "。、「」（）".contains(*c))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let text = &line[word_start..at];
        let address: String = after
            .chars()
            .take_while(|c| !c.is_whitespace() && !"」）)、。".contains(*c))
            .collect();
        found.push((
            word_start,
            Diagnostic::warning(
                Code::LostLinkBracket,
                path,
                text!("lost-link-bracket", text = text, address = address),
            )
            .with_help(text!(
                "lost-link-bracket-help",
                text = text,
                address = address
            )),
        ));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::LineIndex;

    fn problems(body: &str) -> Vec<Diagnostic> {
        let index = LineIndex::new(body);
        find_malformed_links(&SlipInput::new(body, 0, &index, "p.md"))
    }

    #[test]
    fn each_kind_is_found_at_its_place() {
        let cases = [
            ("見る [よくある質問](faq.md\n", "unclosed-link", (1, 4)),
            ("見る [よくある質問]()\n", "empty-link", (1, 4)),
            ("Use [iCloud][icloud] now\n", "undefined-reference", (1, 5)),
            ("…利用方法(/」をご覧ください\n", "lost-link-bracket", (1, 1)),
            ("詳しくは 利用方法(/faq/) を\n", "lost-link-bracket", (1, 6)),
        ];
        for (body, code, at) in cases {
            let found = problems(body);
            assert_eq!(found.len(), 1, "{body}: {found:?}");
            assert_eq!(found[0].code, code, "{body}");
            assert_eq!((found[0].line, found[0].column), at, "{body}");
            assert!(found[0].help.is_some());
        }
    }

    #[test]
    fn good_links_code_and_prose_are_left_alone() {
        let body = "[a](faq.md) ![b](qr.png) [c][d] [e][] [^1] (see below)\n\
                    [d]: https://example.com/\n`[x](` and `利用方法(/`\n\
                    ```\n[broken](\n```\n(/path) at the start, a (https://x) aside\n\
                    [a]({{ url }}) 1. [ ] task\n";
        assert!(problems(body).is_empty(), "{:?}", problems(body));
    }
}
