//! How content paths become URLs and output files; shared by markdown, render and check
//! so the three always agree.
//!
//! `content/<lang>/faq.md` → `<lang>/faq/` (written to `<lang>/faq/index.html`);
//! `content/<lang>/index.md` → `<lang>/`; other files keep their path.

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

/// Percent-encodes the characters of a path that would break an `href`.
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '"' => out.push_str("%22"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '?' => out.push_str("%3F"),
            '#' => out.push_str("%23"),
            '%' => out.push_str("%25"),
            c => out.push(c),
        }
    }
    out
}

/// Decodes `%XX` escapes; `None` if they do not form UTF-8.
pub fn decode_path(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else if bytes[i] == b'%' {
            return None;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
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
    }
}
