//! Makes every `:::` directive line its own paragraph before Markdown parsing.
//!
//! CommonMark would otherwise glue a `:::` line to the paragraph or list item above it
//! (a "lazy continuation line"). We insert a blank line before and after each directive
//! line outside fenced code, and keep the insertion points so that positions in the
//! parsed text map back to positions in the editor's file.

/// The body text with blank lines inserted, and where they went.
pub struct Prepared {
    pub text: String,
    /// Offsets (in `text`) of each inserted `\n`, ascending.
    inserted: Vec<usize>,
}

impl Prepared {
    /// Maps an offset in the prepared text back to an offset in the original body.
    pub fn original_offset(&self, offset: usize) -> usize {
        offset - self.inserted.partition_point(|&at| at < offset)
    }
}

/// Whether `line` (without its newline) is a directive line: any indent, then `:::`.
///
/// Any indent is accepted because a directive inside a list item is indented to the
/// item's content column, which this line-level pass cannot know.
pub fn is_directive_line(line: &str) -> bool {
    line.trim_start_matches([' ', '\t']).starts_with(":::")
}

/// Inserts blank lines around directive lines outside fenced code blocks.
pub fn prepare(body: &str) -> Prepared {
    let mut text = String::with_capacity(body.len() + 64);
    let mut inserted = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    let mut previous_blank = true;
    let mut pending_blank = false;
    for line in lines_inclusive(body) {
        let content = line.trim_end_matches(['\n', '\r']);
        let blank = content.trim().is_empty();
        fence = update_fence(fence, content);
        let directive = fence.is_none() && is_directive_line(content) && !opens_fence(content);
        if pending_blank && !blank {
            inserted.push(text.len());
            text.push('\n');
        }
        pending_blank = false;
        if directive {
            if !previous_blank {
                inserted.push(text.len());
                text.push('\n');
            }
            pending_blank = true;
        }
        text.push_str(line);
        if !line.ends_with('\n') {
            // A directive on the last line without a newline still needs to end its paragraph.
            if directive {
                inserted.push(text.len());
                text.push('\n');
            }
        }
        previous_blank = blank;
    }
    Prepared { text, inserted }
}

/// Follows fenced code blocks line by line, for passes that must leave code alone.
#[derive(Debug, Default)]
pub struct FenceTracker {
    open: Option<(char, usize)>,
}

impl FenceTracker {
    /// Takes the next line (without its newline); returns whether it is part of fenced
    /// code (an opening or closing fence line included).
    pub fn update(&mut self, line: &str) -> bool {
        let was_open = self.open.is_some();
        self.open = update_fence(self.open, line);
        was_open || self.open.is_some() || opens_fence(line)
    }
}

/// The lines of `body` outside fenced code (a fence line is code), each with its offset
/// in the page file (`body_start` plus its place in `body`) and without its line ending:
/// what the checks of the source lines read ([`super::ime::SlipInput`]).
pub(super) fn prose_lines(body: &str, body_start: usize) -> Vec<(usize, &str)> {
    let mut lines = Vec::new();
    let mut fence = None;
    let mut start = body_start;
    for line in lines_inclusive(body) {
        let was_open = fence.is_some();
        fence = update_fence(fence, line);
        if !was_open && fence.is_none() {
            lines.push((start, line.trim_end_matches(['\n', '\r'])));
        }
        start += line.len();
    }
    lines
}

/// The lines of `text`, each with its `\n` (like `split_inclusive('\n')`, found with
/// `memchr`: every page passes through here).
pub fn lines_inclusive(text: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    let mut ends = memchr::memchr_iter(b'\n', text.as_bytes());
    std::iter::from_fn(move || {
        let end = match ends.next() {
            Some(newline) => newline + 1,
            None if start < text.len() => text.len(),
            None => return None,
        };
        let line = &text[start..end];
        start = end;
        Some(line)
    })
}

fn opens_fence(content: &str) -> bool {
    let t = content.trim_start();
    t.starts_with("```") || t.starts_with("~~~")
}

/// Tracks fenced code blocks: returns the fence that is open after `line`.
pub(super) fn update_fence(open: Option<(char, usize)>, line: &str) -> Option<(char, usize)> {
    let trimmed = line.trim_start();
    let marker = trimmed.chars().next().filter(|c| *c == '`' || *c == '~');
    let run = marker
        .map(|m| trimmed.chars().take_while(|c| *c == m).count())
        .unwrap_or(0);
    match (open, marker) {
        (Some((c, n)), Some(m))
            if m == c && run >= n && trimmed[run * m.len_utf8()..].trim().is_empty() =>
        {
            None
        }
        (Some(open), _) => Some(open),
        (None, Some(m)) if run >= 3 => Some((m, run)),
        (None, _) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directive_lines_become_paragraphs() {
        let body = "::: steps\n1. a\n2. b\n:::\nafter\n";
        let p = prepare(body);
        assert_eq!(p.text, "::: steps\n\n1. a\n2. b\n\n:::\n\nafter\n");
        let after = p.text.find("after").unwrap();
        assert_eq!(p.original_offset(after), body.find("after").unwrap());
        let close = p.text.find(":::\n\nafter").unwrap();
        assert_eq!(p.original_offset(close), body.find(":::\nafter").unwrap());
    }

    #[test]
    fn fenced_code_is_left_alone() {
        let body = "```\n:::\n```\n";
        assert_eq!(prepare(body).text, body);
        let body = "~~~~md\n::: note\n~~~\n:::\n~~~~\n";
        assert_eq!(prepare(body).text, body);
    }

    #[test]
    fn lines_keep_their_newlines_like_split_inclusive() {
        for text in ["", "a", "a\n", "a\nb", "\n\n", "a\r\nb\n", "日本\n語"] {
            let ours: Vec<&str> = lines_inclusive(text).collect();
            let std: Vec<&str> = text.split_inclusive('\n').collect();
            assert_eq!(ours, std, "{text:?}");
        }
    }

    #[test]
    fn no_insertions_when_already_separated() {
        let body = "text\n\n::: note\n\nhello\n\n:::\n";
        assert_eq!(prepare(body).text, body);
    }
}
