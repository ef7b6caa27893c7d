//! A small scanner for the attributes of HTML start tags: it takes HTML text and gives
//! `(tag, attribute, value, offset of the value)` for every attribute, in order.
//!
//! Used for raw HTML inside Markdown (to record `href`/`src` with their locations) and by
//! `check` over rendered pages (to index `id`s and find links the templates produced).
//! It is not a full HTML parser: comments, `<!…>` declarations, end tags and the bodies of
//! `<script>`/`<style>` are skipped; anything malformed is stepped over, never an error.

/// One attribute of one start tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute<'a> {
    /// The tag name, lower-cased ASCII (`a`, `img`).
    pub tag: String,
    /// The attribute name, lower-cased ASCII (`href`).
    pub name: String,
    /// The value as written (entities are not decoded; `&amp;` is turned into `&`).
    pub value: std::borrow::Cow<'a, str>,
    /// Byte offset of the value's first character in the scanned text.
    pub offset: usize,
    /// Byte offset of the tag's `<`.
    pub tag_offset: usize,
}

/// Every attribute of every start tag in `html`.
pub fn attributes(html: &str) -> Vec<Attribute<'_>> {
    let mut out = Vec::new();
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(found) = memchr_lt(bytes, i) {
        i = found;
        if html[i..].starts_with("<!--") {
            i = html[i..].find("-->").map_or(bytes.len(), |e| i + e + 3);
            continue;
        }
        let Some(next) = bytes.get(i + 1) else { break };
        if !next.is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let (tag, end) = start_tag(html, i, &mut out);
        i = end;
        if tag == "script" || tag == "style" {
            let close = format!("</{tag}");
            i = find_ascii_ci(html, i, &close).unwrap_or(bytes.len());
        }
    }
    out
}

fn memchr_lt(bytes: &[u8], from: usize) -> Option<usize> {
    bytes
        .get(from..)?
        .iter()
        .position(|&b| b == b'<')
        .map(|p| p + from)
}

fn find_ascii_ci(html: &str, from: usize, needle: &str) -> Option<usize> {
    let hay = html.as_bytes().get(from..)?;
    let needle = needle.as_bytes();
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
        .map(|p| p + from)
}

/// Reads one start tag beginning at `<` (offset `start`); returns its name and the offset
/// after its `>`.
fn start_tag<'a>(html: &'a str, start: usize, out: &mut Vec<Attribute<'a>>) -> (String, usize) {
    let bytes = html.as_bytes();
    let mut i = start + 1;
    while i < bytes.len() && !is_space(bytes[i]) && bytes[i] != b'>' && bytes[i] != b'/' {
        i += 1;
    }
    let tag = html[start + 1..i].to_ascii_lowercase();
    loop {
        while i < bytes.len() && (is_space(bytes[i]) || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() {
            return (tag, i);
        }
        if bytes[i] == b'>' {
            return (tag, i + 1);
        }
        let name_start = i;
        while i < bytes.len() && !is_space(bytes[i]) && !matches!(bytes[i], b'>' | b'=' | b'/') {
            i += 1;
        }
        let name = html[name_start..i].to_ascii_lowercase();
        while i < bytes.len() && is_space(bytes[i]) {
            i += 1;
        }
        if bytes.get(i) != Some(&b'=') {
            continue;
        }
        i += 1;
        while i < bytes.len() && is_space(bytes[i]) {
            i += 1;
        }
        let (value_start, value_end, next) = value_span(bytes, i);
        let raw = &html[value_start..value_end];
        let value = if raw.contains("&amp;") {
            std::borrow::Cow::Owned(raw.replace("&amp;", "&"))
        } else {
            std::borrow::Cow::Borrowed(raw)
        };
        out.push(Attribute {
            tag: tag.clone(),
            name,
            value,
            offset: value_start,
            tag_offset: start,
        });
        i = next;
    }
}

/// The span of an attribute value starting at `i` (quoted or not) and the offset after it.
fn value_span(bytes: &[u8], i: usize) -> (usize, usize, usize) {
    match bytes.get(i) {
        Some(&q @ (b'"' | b'\'')) => {
            let end = bytes[i + 1..]
                .iter()
                .position(|&b| b == q)
                .map_or(bytes.len(), |p| i + 1 + p);
            (i + 1, end, (end + 1).min(bytes.len()))
        }
        _ => {
            let mut end = i;
            while end < bytes.len() && !is_space(bytes[end]) && bytes[end] != b'>' {
                end += 1;
            }
            (i, end, end)
        }
    }
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// Whether an attribute is a link a browser follows or loads: `href` on any tag, `src` on
/// any tag, `srcset` is left out (several URLs in one value).
pub fn is_link_attribute(attribute: &Attribute) -> bool {
    matches!(attribute.name.as_str(), "href" | "src" | "poster")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_attributes_with_offsets() {
        let html = r#"<p>x <a class=btn href="faq.md#lost">y</a><img src='qr.png' alt=""></p>"#;
        let attrs = attributes(html);
        let href = attrs.iter().find(|a| a.name == "href").unwrap();
        assert_eq!((href.tag.as_str(), &*href.value), ("a", "faq.md#lost"));
        assert_eq!(&html[href.offset..href.offset + 4], "faq.");
        let class = attrs.iter().find(|a| a.name == "class").unwrap();
        assert_eq!(&*class.value, "btn");
        let alt = attrs.iter().find(|a| a.name == "alt").unwrap();
        assert_eq!((alt.tag.as_str(), &*alt.value), ("img", ""));
    }

    #[test]
    fn skips_comments_scripts_and_malformed_text() {
        let html = "<!-- <a href=x> --><script>if (a<b) { '<a href=y>' }</script><a href=z>a < b <";
        let values: Vec<_> = attributes(html).into_iter().map(|a| a.value).collect();
        assert_eq!(values, ["z"]);
        assert!(attributes("<a href=\"unterminated").len() == 1);
        assert!(attributes("<").is_empty());
    }

    #[test]
    fn decodes_ampersands_and_keeps_japanese() {
        let html = "<a id=\"手順\" href=\"?a=1&amp;b=2\">";
        let attrs = attributes(html);
        assert_eq!(&*attrs[0].value, "手順");
        assert_eq!(&*attrs[1].value, "?a=1&b=2");
    }
}
