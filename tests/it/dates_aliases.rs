//! Old addresses (`aliases:`) and page dates (`updated:`, `reviewed:`) on the fixture site
//! `tests/fixtures/sites/dated`: its step page has two aliases per language (one below the
//! language folder, one from the base path) and both dates; its overview has `updated`
//! only; site.toml sets `stale_after_days = 365`.

use std::path::Path;

use crate::check::check;
use crate::serve::{tebiki_binary, wire::Server};
use crate::support::*;

fn built() -> tempfile::TempDir {
    let site = fixture_site("dated");
    let out = tebiki(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    site
}

fn read(root: &Path, path: &str) -> String {
    std::fs::read_to_string(root.join("public").join(path))
        .unwrap_or_else(|e| panic!("public/{path}: {e}"))
}

#[test]
fn alias_pages_send_readers_to_the_page_in_its_language() {
    let site = built();
    let ja = read(site.path(), "ja/old-step/index.html");
    assert!(ja.contains("<html lang=\"ja\">"), "{ja}");
    assert!(
        ja.contains("<meta http-equiv=\"refresh\" content=\"0; url=/ja/guide/\">"),
        "{ja}"
    );
    assert!(
        ja.contains("<link rel=\"canonical\" href=\"https://guide.university.example/ja/guide/\">"),
        "{ja}"
    );
    assert!(ja.contains("<h1>このページは移動しました</h1>"), "{ja}");
    assert!(
        ja.contains("<a href=\"/ja/guide/\">ステップ1：方法を登録する</a>"),
        "{ja}"
    );
    let en = read(site.path(), "en/old-step/index.html");
    assert!(en.contains("<html lang=\"en\">"), "{en}");
    assert!(en.contains("<h1>This page has moved</h1>"), "{en}");
    assert!(
        en.contains("<a href=\"/en/guide/\">Step 1: Register a method</a>"),
        "{en}"
    );
    // Absolute aliases are below the base path, as written.
    let legacy = read(site.path(), "legacy/step1.html");
    assert!(legacy.contains("url=/ja/guide/"), "{legacy}");
    assert!(read(site.path(), "legacy/en-step1.html").contains("url=/en/guide/"));
}

#[test]
fn alias_pages_are_served_by_tebiki_serve() {
    let site = fixture_site("dated");
    let server = Server::start(tebiki_binary(), site.path(), &[]);
    let reply = server.get("/ja/old-step/");
    assert_eq!(reply.status, 200);
    assert!(reply.text().contains("url=/ja/guide/"), "{}", reply.text());
    let reply = server.get("/legacy/en-step1.html");
    assert_eq!(reply.status, 200);
    assert!(reply.text().contains("url=/en/guide/"), "{}", reply.text());
}

/// Builds the fixture with the Japanese step page's first alias replaced by `alias`;
/// returns the exit code and stderr.
fn build_with_alias(alias: &str) -> (Option<i32>, String) {
    build_with_alias_and_file(alias, None)
}

/// [`build_with_alias`], with a content file `(path, text)` added first.
fn build_with_alias_and_file(alias: &str, file: Option<(&str, &str)>) -> (Option<i32>, String) {
    let site = fixture_site("dated");
    if let Some((path, text)) = file {
        std::fs::write(site.path().join(path), text).unwrap();
    }
    replace_in_file(
        &site.path().join("content/ja/guide.md"),
        "\"old-step/\"",
        alias,
    );
    let out = tebiki(site.path(), &["build"]);
    assert!(!site.path().join("public").exists(), "nothing is written");
    (out.status.code(), stderr(&out))
}

#[test]
fn an_alias_that_would_replace_a_page_is_an_error_at_its_line() {
    let (code, err) = build_with_alias("\"/en/guide/\"");
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("content/ja/guide.md:7:11: error[alias-collision]: the alias '/en/guide/' would be published at '/en/guide/', which is the address of the page content/en/guide.md\n  help: a page that exists cannot be redirected; remove the alias, or move or rename that page"),
        "{err}"
    );
}

#[test]
fn an_alias_used_twice_is_an_error_at_the_later_page() {
    // Pages are taken in site.toml's language order, so the English use is the later one.
    let (code, err) = build_with_alias("\"/legacy/en-step1.html\"");
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("content/en/guide.md:9:5: error[alias-collision]: the alias '/legacy/en-step1.html' would be published at '/legacy/en-step1.html', which is already an alias of content/ja/guide.md (line 7)\n  help: an old address can lead to one page only; keep the alias on one of them"),
        "{err}"
    );
}

#[test]
fn an_alias_over_a_content_file_is_an_error() {
    let file = ("content/ja/old.html", "<!doctype html><title>old</title>");
    let (code, err) = build_with_alias_and_file("\"old.html\"", Some(file));
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("content/ja/guide.md:7:11: error[alias-collision]: the alias 'old.html' would be published at '/ja/old.html', which is the address of the file content/ja/old.html\n  help: choose another old address, or rename the file"),
        "{err}"
    );
}

#[test]
fn an_alias_over_a_theme_file_is_an_error() {
    let (code, err) = build_with_alias("\"/tebiki.css\"");
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("content/ja/guide.md:7:11: error[alias-collision]: the alias '/tebiki.css' would be published at '/tebiki.css/', which is the address of the file"),
        "{err}"
    );
    let (code, err) = build_with_alias("\"../outside/\"");
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("content/ja/guide.md:7:11: error[bad-alias]: the alias '../outside/' is not an address on this site"),
        "{err}"
    );
}

#[test]
fn check_warns_when_content_links_to_an_alias() {
    let site = fixture_site("dated");
    replace_in_file(
        &site.path().join("content/ja/index.md"),
        "## 始める前に",
        "[古い手順](old-step/#choose)\n\n## 始める前に",
    );
    let (code, err, _) = check(site.path(), &["--today", "2026-12-01"]);
    assert_eq!(code, 0, "a warning does not fail the check: {err}");
    assert!(
        err.contains("content/ja/index.md:9:1: warning[link-to-alias]: the link '古い手順' (old-step/#choose) goes to '/ja/old-step/', an old address that only redirects to content/ja/guide.md\n  help: link to the page itself: 'guide.md#choose' (published at '/ja/guide/')"),
        "{err}"
    );
    assert!(err.contains("0 errors, 1 warning"), "{err}");
}

#[test]
fn pages_older_than_stale_after_days_warn_at_their_date() {
    let site = fixture_site("dated");
    let (code, err, _) = check(site.path(), &["--today", "2026-12-24"]);
    assert_eq!(code, 0, "{err}");
    // The overview was updated exactly 365 days before: not stale yet.
    assert!(err.contains("0 errors, 0 warnings"), "{err}");
    let (code, err, _) = check(site.path(), &["--today", "2026-12-25", "--deny-warnings"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("content/ja/index.md:4:10: warning[stale-page]: the page was last updated on 2025-12-24, 366 days ago (stale_after_days = 365)\n  help: check that the page is still right, then set reviewed: 2026-12-25 (or updated: 2026-12-25 if you changed it)"),
        "{err}"
    );
    assert!(err.contains("content/en/index.md:4:10: warning[stale-page]"));
    // The step page's newer date is `reviewed`, where the warning points.
    assert!(!err.contains("content/ja/guide.md"), "{err}");
    let (_, err, _) = check(site.path(), &["--today", "2027-10-02"]);
    assert!(
        err.contains("content/ja/guide.md:6:11: warning[stale-page]: the page was last reviewed on 2026-10-01, 366 days ago"),
        "{err}"
    );
}

#[test]
fn a_bad_today_is_a_usage_error() {
    let site = fixture_site("dated");
    let (code, err, _) = check(site.path(), &["--today", "2026-02-30"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("that month has only 28 days"), "{err}");
}

#[test]
fn pages_show_their_dates_in_each_language() {
    let site = built();
    let ja = read(site.path(), "ja/guide/index.html");
    assert!(
        ja.contains("<span>最終更新日：<time datetime=\"2026-04-01\">2026年4月1日</time></span><span>内容確認日：<time datetime=\"2026-10-01\">2026年10月1日</time></span>"),
        "{}",
        main_of(&ja)
    );
    let en = read(site.path(), "en/index.html");
    assert!(
        en.contains(
            "<span>Last updated: <time datetime=\"2025-12-24\">24 December 2025</time></span>"
        ),
        "{}",
        main_of(&en)
    );
    assert!(!en.contains("Reviewed:"), "no reviewed date, no line");
}

#[test]
fn the_sitemap_has_the_newest_date_of_each_page() {
    let site = built();
    let sitemap = read(site.path(), "sitemap.xml");
    assert!(
        sitemap.contains("<url><loc>https://guide.university.example/ja/guide/</loc>\n  <lastmod>2026-10-01</lastmod>"),
        "{sitemap}"
    );
    assert!(
        sitemap.contains(
            "<url><loc>https://guide.university.example/en/</loc>\n  <lastmod>2025-12-24</lastmod>"
        ),
        "{sitemap}"
    );
    assert!(!sitemap.contains("old-step"), "alias pages are not listed");
}

#[test]
fn a_date_that_does_not_exist_is_an_error_at_its_location() {
    let site = fixture_site("dated");
    replace_in_file(
        &site.path().join("content/en/guide.md"),
        "updated: 2026-04-01",
        "updated: 2026/04/01",
    );
    replace_in_file(
        &site.path().join("content/ja/index.md"),
        "updated: 2025-12-24",
        "updated: 2025-02-29",
    );
    let out = tebiki(site.path(), &["build"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("content/en/guide.md:5:10: error[invalid-date]: 'updated': '2026/04/01' is not a real date: it is not written as YYYY-MM-DD\n  help: write the date as YYYY-MM-DD with half-width digits, e.g. updated: 2026-04-01"),
        "{err}"
    );
    assert!(
        err.contains("content/ja/index.md:4:10: error[invalid-date]: 'updated': '2025-02-29' is not a real date: that month has only 28 days"),
        "{err}"
    );
}
