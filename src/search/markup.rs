//! Reading the HTML the section scanner ([`super::sections`]) meets: a start tag's
//! attributes and the character references in text and attribute values.

use std::borrow::Cow;

/// The value of attribute `name` in a start tag (`None` when absent). An ASCII tag
/// (nearly all) is read byte by byte ([`ascii_attribute`]), the same way.
pub(super) fn attribute<'t>(tag: &'t str, name: &str) -> Option<Cow<'t, str>> {
    match tag.is_ascii() {
        true => ascii_attribute(tag, name),
        false => char_attribute(tag, name),
    }
}

/// Whether a start tag has the bytes `hidden` anywhere, the look before
/// [`attribute`]`(tag, "hidden")`. Eight bytes at a time: most tags are short (a class, an
/// id, a link) and have no `h` but `href`'s, and a searcher set up per tag costs more
/// than the tag's bytes.
pub(super) fn mentions_hidden(tag: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = ONES * 0x80;
    let is_hidden = |at: usize| tag[at..].starts_with(b"hidden");
    let mut i = 0;
    while let Some(chunk) = tag.get(i..i + 8) {
        let mut eight = [0; 8];
        eight.copy_from_slice(chunk);
        // A zero byte of `x` is an `h` of the chunk; the lowest flag is exact, and each
        // flag is checked against the bytes anyway.
        let x = u64::from_le_bytes(eight) ^ (ONES * u64::from(b'h'));
        let mut found = x.wrapping_sub(ONES) & !x & HIGH;
        while found != 0 {
            if is_hidden(i + found.trailing_zeros() as usize / 8) {
                return true;
            }
            found &= found - 1;
        }
        i += 8;
    }
    (i..tag.len()).any(|at| tag[at] == b'h' && is_hidden(at))
}

/// [`attribute`] on characters.
fn char_attribute<'t>(tag: &'t str, name: &str) -> Option<Cow<'t, str>> {
    let mut rest = tag.split_once(char::is_whitespace)?.1;
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            return None;
        }
        let key_end = rest
            .find(|c: char| c == '=' || c.is_whitespace() || c == '/')
            .unwrap_or(rest.len());
        let key = &rest[..key_end];
        rest = &rest[key_end..];
        let value = if let Some(after) = rest.trim_start().strip_prefix('=') {
            let after = after.trim_start();
            let (value, tail) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let body = &after[1..];
                    let end = body.find(q).unwrap_or(body.len());
                    (&body[..end], body.get(end + 1..).unwrap_or(""))
                }
                _ => {
                    let end = after.find(char::is_whitespace).unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            rest = tail;
            value
        } else {
            rest = rest.get(1..).unwrap_or("");
            ""
        };
        if key.eq_ignore_ascii_case(name) {
            return Some(decode_entities(value));
        }
    }
}

/// [`attribute`] of an ASCII tag: the same steps on bytes, white space being
/// `char::is_whitespace`'s ASCII characters.
fn ascii_attribute<'t>(tag: &'t str, name: &str) -> Option<Cow<'t, str>> {
    let b = tag.as_bytes();
    let space = |c: u8| c == b' ' || (b'\t'..=b'\r').contains(&c);
    let skip_space = |mut i: usize| {
        while b.get(i).is_some_and(|&c| space(c)) {
            i += 1;
        }
        i
    };
    let mut i = b.iter().position(|&c| space(c))? + 1;
    loop {
        i = skip_space(i);
        if i >= b.len() {
            return None;
        }
        let key_start = i;
        while b
            .get(i)
            .is_some_and(|&c| c != b'=' && c != b'/' && !space(c))
        {
            i += 1;
        }
        let key = &tag[key_start..i];
        let eq = skip_space(i);
        let value = if b.get(eq) == Some(&b'=') {
            let at = skip_space(eq + 1);
            match b.get(at) {
                Some(&q @ (b'"' | b'\'')) => {
                    let body = at + 1;
                    let end = memchr::memchr(q, &b[body..]).map_or(b.len(), |e| body + e);
                    i = (end + 1).min(b.len());
                    &tag[body..end]
                }
                _ => {
                    let end = b[at..]
                        .iter()
                        .position(|&c| space(c))
                        .map_or(b.len(), |e| at + e);
                    i = end;
                    &tag[at..end]
                }
            }
        } else {
            i = (i + 1).min(b.len());
            ""
        };
        if key.eq_ignore_ascii_case(name) {
            return Some(decode_entities(value));
        }
    }
}

/// `text`, with its character references decoded if it `may_have` any.
pub(super) fn decode(text: &str, may_have: bool) -> Cow<'_, str> {
    match may_have {
        true => decode_entities(text),
        false => Cow::Borrowed(text),
    }
}

/// Text with the character references pulldown-cmark and Tera write decoded.
fn decode_entities(text: &str) -> Cow<'_, str> {
    // Pieces between tags are short: core's search, a plain loop below 16 bytes, is
    // cheaper on them than memchr's vector setup.
    if !text.as_bytes().contains(&b'&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let decoded = rest[1..]
            .find(';')
            .filter(|&semi| semi <= 10)
            .and_then(|semi| entity(&rest[1..semi + 1]).map(|c| (c, semi + 2)));
        match decoded {
            Some((c, used)) => {
                out.push(c);
                rest = &rest[used..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

fn entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The eight-at-a-time look finds `hidden` wherever it is, and only there.
    #[test]
    fn hidden_is_found_at_every_position() {
        let filler = "div class=\"hh ih\" href=\"/h/\" data-x=\"hidde\" ";
        for len in 0..filler.len() {
            for at in 0..=len {
                let mut tag = filler[..len].to_string();
                assert!(!mentions_hidden(tag.as_bytes()), "{tag:?}");
                tag.insert_str(at, "hidden");
                assert!(mentions_hidden(tag.as_bytes()), "{tag:?}");
                tag.replace_range(at..at + 1, "H");
                let expected = tag.contains("hidden");
                assert_eq!(mentions_hidden(tag.as_bytes()), expected, "{tag:?}");
            }
        }
    }

    /// The byte reading of an ASCII tag's attributes against the one on characters.
    #[test]
    fn ascii_tags_read_their_attributes_as_on_characters() {
        let tags = [
            r#"li class="step" id="a-1""#,
            "div hidden",
            "div  class = 'x y'  hidden/",
            "p id=plain\tclass=\"c\"",
            "a href=\"/x\" =odd / hidden=\"\" id",
            "span id=\"unclosed",
            "b id='q&amp;r' ID=second",
            "x\x0bid=vt",
            "x ",
            "x id=",
            "x id= ",
            "x /id=\"s\"",
        ];
        for tag in tags {
            for name in ["id", "class", "hidden", "href", ""] {
                assert_eq!(
                    ascii_attribute(tag, name),
                    char_attribute(tag, name),
                    "{tag:?} {name:?}"
                );
            }
        }
    }
}
