//! The default theme's weight and self-containment, over the built shipped guide: every
//! page's CSS and JavaScript stay within budget, no page loads anything from another host
//! or carries the dev server's live-reload script, and each page's QR code is its own URL.

use std::path::Path;

use crate::support::*;

const CSS_BUDGET: usize = 20 * 1024;
/// The theme's script grew from 10 KB for issue 22 (method choice, zoom dialog,
/// announcement, reset question); search.js, loaded on first use, is not counted.
const JS_BUDGET: usize = 14 * 1024;
const PAGE_BUDGET: usize = 80 * 1024;

/// The start tags in `html` (`<link …>`, `<script …>`), as written.
fn tags<'a>(html: &'a str, name: &str) -> impl Iterator<Item = &'a str> {
    let open = format!("<{name} ");
    let starts: Vec<usize> = html.match_indices(&open).map(|(i, _)| i).collect();
    starts
        .into_iter()
        .map(move |start| &html[start..start + html[start..].find('>').unwrap_or(0)])
}

/// The value of `name="…"` in a start tag.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    Some(&tag[start..start + tag[start..].find('"')?])
}

fn built_guide() -> (tempfile::TempDir, std::path::PathBuf) {
    let site = shipped_site();
    let out = tebiki(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let public = site.path().join("public");
    (site, public)
}

/// Every themed HTML page; the small redirect pages at old addresses (`aliases:`) use no
/// theme, so the theme's budgets and panels do not apply to them.
fn html_pages(public: &Path) -> Vec<(String, String)> {
    walkdir::WalkDir::new(public)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let rel = e.path().strip_prefix(public).unwrap().display().to_string();
            (rel, std::fs::read_to_string(e.path()).unwrap())
        })
        .filter(|(_, html)| !html.contains("http-equiv=\"refresh\""))
        .collect()
}

/// Bytes of the files a page links with `tag`/`attribute` (`/tebiki.css?v=…` →
/// public/tebiki.css).
fn linked_bytes(public: &Path, urls: &[&str]) -> usize {
    urls.iter()
        .map(|url| {
            // A server ignores the `?v=` version when it picks the file.
            let path = url.split('?').next().unwrap_or(url);
            let file = public.join(path.trim_start_matches('/'));
            std::fs::metadata(&file)
                .unwrap_or_else(|e| panic!("{url} is linked but {}: {e}", file.display()))
                .len() as usize
        })
        .sum()
}

#[test]
fn every_page_stays_within_the_css_js_and_size_budgets() {
    let (_site, public) = built_guide();
    let mut largest = (String::new(), 0);
    for (rel, html) in html_pages(&public) {
        let css: Vec<&str> = tags(&html, "link")
            .filter(|t| attr(t, "rel") == Some("stylesheet"))
            .filter_map(|t| attr(t, "href"))
            .collect();
        let js: Vec<&str> = tags(&html, "script")
            .filter_map(|t| attr(t, "src"))
            .collect();
        assert!(!css.is_empty(), "{rel} links the theme's stylesheet");
        let (css_bytes, js_bytes) = (linked_bytes(&public, &css), linked_bytes(&public, &js));
        assert!(css_bytes <= CSS_BUDGET, "{rel}: {css_bytes} bytes of CSS");
        assert!(
            js_bytes <= JS_BUDGET,
            "{rel}: {js_bytes} bytes of JavaScript"
        );
        let total = html.len() + css_bytes + js_bytes;
        assert!(total <= PAGE_BUDGET, "{rel}: {total} bytes in all");
        if total > largest.1 {
            largest = (rel, total);
        }
    }
    eprintln!(
        "largest page: {} ({} bytes with CSS and JS)",
        largest.0, largest.1
    );
}

#[test]
fn built_pages_load_nothing_from_other_hosts_and_have_no_live_reload() {
    let (_site, public) = built_guide();
    let external = |url: &str| {
        let url = url.trim().to_ascii_lowercase();
        url.starts_with("http:") || url.starts_with("https:") || url.starts_with("//")
    };
    for (rel, html) in html_pages(&public) {
        for needle in ["__tebiki", "EventSource", "livereload", "<iframe"] {
            assert!(!html.contains(needle), "{rel} contains {needle:?}");
        }
        for tag in tags(&html, "link") {
            // canonical and hreflang alternates name the site's public URLs; nothing fetches them.
            let rel_attr = attr(tag, "rel").unwrap_or("");
            if rel_attr == "canonical" || rel_attr == "alternate" {
                continue;
            }
            let href = attr(tag, "href").unwrap_or("");
            assert!(!external(href), "{rel} loads {href}");
        }
        for name in ["script", "img", "source", "video", "audio"] {
            for tag in tags(&html, name) {
                let src = attr(tag, "src").unwrap_or("");
                assert!(!external(src), "{rel} loads {src}");
                assert!(attr(tag, "srcset").is_none_or(|s| !s.contains("//")));
            }
        }
    }
    for file in ["tebiki.css", "highlight.css"] {
        let css = std::fs::read_to_string(public.join(file)).unwrap();
        assert!(
            !css.contains("@import"),
            "{file} imports another stylesheet"
        );
        for (at, _) in css.match_indices("url(") {
            let arg = css[at + 4..].trim_start_matches(['"', '\'']);
            assert!(!external(arg), "{file} loads {}", &css[at..at + 40]);
        }
    }
    let js = std::fs::read_to_string(public.join("tebiki.js")).unwrap();
    for needle in [
        "fetch(",
        "XMLHttpRequest",
        "EventSource",
        "http://",
        "https://",
    ] {
        assert!(!js.contains(needle), "tebiki.js contains {needle:?}");
    }
}

#[test]
fn each_page_has_a_qr_code_of_its_own_absolute_url() {
    let (_site, public) = built_guide();
    let mut seen = 0;
    for (rel, html) in html_pages(&public) {
        let Some(canonical) = tags(&html, "link")
            .find(|t| attr(t, "rel") == Some("canonical"))
            .and_then(|t| attr(t, "href"))
        else {
            continue;
        };
        assert!(canonical.starts_with("https://mfa.university.example/"));
        let svg = tebiki::render::qr_svg(canonical).unwrap();
        assert!(
            html.contains(&svg),
            "{rel}: the QR code is not of {canonical}"
        );
        seen += 1;
    }
    assert_eq!(
        seen, 20,
        "every guide page in both languages has a QR panel"
    );
}
