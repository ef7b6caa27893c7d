//! How content paths become URLs and output files; shared by markdown, render and check
//! so the three always agree.
//!
//! `content/<lang>/faq.md` → `<lang>/faq/` (written to `<lang>/faq/index.html`);
//! `content/<lang>/index.md` → `<lang>/`; other files keep their path.
//!
//! Percent-encoding goes through the `percent-encoding` crate, in [`encode_path`] and
//! [`decode_path`] only.

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS};

/// The site-relative URL path of a page (no leading `/`), e.g. `ja/faq/`.
pub fn page_path(lang: &str, rel_path: &str) -> String {
    let stem = rel_path.strip_suffix(".md").unwrap_or(rel_path);
    let stem = stem
        .strip_suffix("index")
        .filter(|s| s.is_empty() || s.ends_with('/'))
        .unwrap_or(stem);
    let mut path = format!("{lang}/{stem}");
    if !path.ends_with('/') {
        path.push('/');
    }
    path
}

/// The output file of a page, relative to the output directory.
pub fn page_output(lang: &str, rel_path: &str) -> String {
    format!("{}index.html", page_path(lang, rel_path))
}

/// What a path keeps unencoded: ASCII letters, digits and the punctuation RFC 3986 allows
/// in a path, less `'` (so an `href` reads the same however a template escapes quotes).
/// Everything else — controls, space, `"<>?#%`, other ASCII punctuation and every
/// non-ASCII byte — is percent-encoded, as sitemaps and `hreflang` require.
const PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'\'')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// The one way tebiki writes a URL path into its output (`href`, `Location`, sitemap,
/// canonical and QR URLs): UTF-8, percent-encoded (`ja/手順/` → `ja/%E6%89%8B%E9%A0%86/`).
pub fn encode_path(path: &str) -> String {
    utf8_percent_encode(path, PATH).to_string()
}

/// Decodes `%XX` escapes; `None` for a malformed escape (`%zz`, `%+1`, a lone `%`) or
/// bytes that are not UTF-8 (overlong forms included).
pub fn decode_path(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let well_formed = bytes.iter().enumerate().all(|(i, &b)| {
        b != b'%'
            || bytes
                .get(i + 1..i + 3)
                .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    });
    if !well_formed {
        return None;
    }
    percent_decode_str(path)
        .decode_utf8()
        .ok()
        .map(|p| p.into_owned())
}

/// [`decode_path`] for a request path, which also refuses an encoded `/` or `\`: it would
/// let one segment pose as two.
pub fn decode_request_path(path: &str) -> Option<String> {
    let lower = path.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") {
        return None;
    }
    decode_path(path)
}

/// Unicode NFC: text pasted from some macOS apps, and file names saved there, are
/// decomposed (NFD: `カ` + `゙`); ids, file names and link targets are compared composed,
/// so `ガイド` typed either way is the same heading, page and link.
pub fn nfc(text: &str) -> std::borrow::Cow<'_, str> {
    use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => std::borrow::Cow::Borrowed(text),
        _ => std::borrow::Cow::Owned(text.nfc().collect()),
    }
}

/// Joins `rel` onto the folder `dir` (both `/`-separated), resolving `.` and `..`.
/// Returns `None` when `..` climbs above the start.
pub fn join_relative(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in rel.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_paths() {
        assert_eq!(page_path("ja", "index.md"), "ja/");
        assert_eq!(page_path("ja", "faq.md"), "ja/faq/");
        assert_eq!(page_path("en", "guide/index.md"), "en/guide/");
        assert_eq!(page_path("en", "guide/reindex.md"), "en/guide/reindex/");
        assert_eq!(page_output("en", "faq.md"), "en/faq/index.html");
    }

    #[test]
    fn relative_joins() {
        assert_eq!(
            join_relative("ja/guide", "../faq.md").as_deref(),
            Some("ja/faq.md")
        );
        assert_eq!(
            join_relative("ja", "../en/faq.md").as_deref(),
            Some("en/faq.md")
        );
        assert_eq!(join_relative("ja", "../../x"), None);
    }

    #[test]
    fn percent_round_trip() {
        assert_eq!(
            decode_path(&encode_path("a b/手順?.md")).as_deref(),
            Some("a b/手順?.md")
        );
        assert_eq!(decode_path("%2e%2e/x").as_deref(), Some("../x"));
        assert_eq!(decode_path("%zz"), None);
        assert_eq!(decode_path("%"), None);
        assert_eq!(decode_path("%C0%AE"), None);
        assert_eq!(decode_path("%+1"), None, "a sign is not a hex digit");
        assert_eq!(decode_path("%-1"), None);
        assert_eq!(encode_path("ja/手順/"), "ja/%E6%89%8B%E9%A0%86/");
        assert_eq!(encode_path("en/tom's/"), "en/tom%27s/");
        assert_eq!(encode_path("en/a-b_c.~d/"), "en/a-b_c.~d/");
        assert_eq!(decode_request_path("/a%2Fb"), None);
        assert_eq!(decode_request_path("/a%5cb"), None);
    }

    #[test]
    fn nfd_text_is_composed() {
        let nfd = "\u{30AB}\u{3099}\u{30A4}\u{30C8}\u{3099}"; // ガイド decomposed
        assert_eq!(nfc(nfd), "ガイド");
        assert_eq!(nfc("Cafe\u{301}"), "Café");
        assert!(matches!(nfc("ガイド"), std::borrow::Cow::Borrowed(_)));
    }
}
