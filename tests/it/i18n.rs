//! The bilingual layer: fallback pages, structure parity, hreflang, the sitemap and the
//! language switcher's links.

use crate::support::*;

#[test]
fn a_missing_page_gets_a_fallback_with_a_notice_and_a_warning() {
    let site = fixture_site("missing-page");
    let out = tebiki(site.path(), &["build"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("content/ja/faq.md: warning[missing-translation]: this page has no English translation (content/en/faq.md is missing)"),
        "{err}"
    );
    let html = std::fs::read_to_string(site.path().join("public/en/faq/index.html")).unwrap();
    assert!(
        html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"),
        "the page is filed under English UI"
    );
    assert!(
        html.contains("has not been translated into English yet, so it is shown in 日本語"),
        "translated notice"
    );
    assert!(
        html.contains("<div class=\"content\" lang=\"ja\">"),
        "the Japanese content is marked as Japanese"
    );
    assert!(
        html.contains("id=\"lost-phone\""),
        "fragment links into the fallback page work"
    );
    let sitemap = std::fs::read_to_string(site.path().join("public/sitemap.xml")).unwrap();
    assert!(
        !sitemap.contains("/en/faq/"),
        "fallback pages are not listed as English pages:\n{sitemap}"
    );
}

#[test]
fn missing_translations_can_be_errors() {
    let site = fixture_site("missing-page");
    let toml = std::fs::read_to_string(site.path().join("site.toml")).unwrap();
    std::fs::write(
        site.path().join("site.toml"),
        format!("{toml}\n[build]\nmissing_translation = \"error\"\n"),
    )
    .unwrap();
    let out = tebiki(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("error[missing-translation]"));
}

#[test]
fn structure_differences_are_reported_with_both_locations() {
    let site = fixture_site("parity");
    let out = tebiki(site.path(), &["build"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    for expected in [
        "content/en/index.md:13:1: warning[parity]: method 'method-sms' has no counterpart in content/ja/index.md",
        "content/ja/index.md:14:1: warning[parity]: FAQ entry 'lost-phone' has no counterpart in content/en/index.md",
        "content/ja/index.md:4:1: warning[parity]: heading id 'prepare' has no counterpart in content/en/index.md",
        "content/en/index.md:4:1: warning[parity]: heading id 'get-ready' has no counterpart in content/ja/index.md",
        "content/en/index.md:7:1: warning[parity]: the steps of 'method-app' are 2 here but 3 in content/ja/index.md (line 7)",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
    // The switcher keeps a #fragment only where the other language has that id.
    let en = std::fs::read_to_string(site.path().join("public/en/index.html")).unwrap();
    let link = en
        .split("<a ")
        .find(|a| a.contains("data-lang-switch") && a.contains("hreflang=\"ja\""))
        .expect("a switcher link to Japanese");
    let missing = link
        .split("data-missing-ids=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("no data-missing-ids on {link}"));
    let mut ids: Vec<&str> = missing.split(' ').collect();
    ids.sort();
    assert_eq!(ids, ["get-ready", "method-sms"], "{link}");
}

#[test]
fn hreflang_alternates_and_sitemap() {
    let site = shipped_site();
    let out = tebiki(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let html = std::fs::read_to_string(site.path().join("public/en/faq/index.html")).unwrap();
    for expected in [
        "<html lang=\"en\">",
        "<link rel=\"alternate\" hreflang=\"ja\" href=\"https://mfa.university.example/ja/faq/\">",
        "<link rel=\"alternate\" hreflang=\"en\" href=\"https://mfa.university.example/en/faq/\">",
        "<link rel=\"alternate\" hreflang=\"x-default\" href=\"https://mfa.university.example/ja/faq/\">",
        "href=\"/ja/faq/\"",
    ] {
        assert!(html.contains(expected), "missing {expected:?}");
    }
    let ja = std::fs::read_to_string(site.path().join("public/ja/faq/index.html")).unwrap();
    assert!(ja.contains("<html lang=\"ja\">"));
    let sitemap = std::fs::read_to_string(site.path().join("public/sitemap.xml")).unwrap();
    assert!(sitemap.contains("<url><loc>https://mfa.university.example/en/faq/</loc>"));
    assert!(sitemap.contains("<xhtml:link rel=\"alternate\" hreflang=\"ja\" href=\"https://mfa.university.example/ja/faq/\"/>"));
    assert!(sitemap.contains("<xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"https://mfa.university.example/ja/faq/\"/>"));
    assert_eq!(sitemap.matches("<url>").count(), 20);
    let root = std::fs::read_to_string(site.path().join("public/index.html")).unwrap();
    assert!(
        root.contains("href=\"/ja/\"") && root.contains("href=\"/en/\""),
        "the root chooser links both homes"
    );
}

#[test]
fn no_x_default_alternate_when_the_default_language_lacks_the_page() {
    let site = shipped_site();
    std::fs::remove_file(site.path().join("content/ja/faq.md")).unwrap();
    let out = tebiki(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let html = std::fs::read_to_string(site.path().join("public/en/faq/index.html")).unwrap();
    assert!(
        html.contains("<link rel=\"alternate\" hreflang=\"en\" href=\"https://mfa.university.example/en/faq/\">"),
        "the English page is still its own alternate"
    );
    assert!(
        !html.contains("hreflang=\"x-default\""),
        "x-default would point at a Japanese page that does not exist"
    );
    assert!(
        !html.contains("hreflang=\"ja\" href"),
        "no Japanese alternate either"
    );
}

#[test]
fn the_chooser_and_404_headers_name_the_site_in_every_language() {
    let site = shipped_site();
    let out = tebiki(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for page in ["index.html", "404.html"] {
        let html = std::fs::read_to_string(site.path().join("public").join(page)).unwrap();
        let header = &html[..html.find("</header>").expect("a header")];
        for expected in [
            "<span lang=\"ja\">本文へ移動</span> / <span lang=\"en\">Skip to main content</span>",
            "<a class=\"site-title\" href=\"/\">",
            "<span class=\"site-name-line\" lang=\"ja\"><span class=\"site-university\">エグザンプル大学</span> <span class=\"site-name\">多要素認証（MFA）設定ガイド</span></span>",
            "<span class=\"site-name-line\" lang=\"en\"><span class=\"site-university\">Example University</span> <span class=\"site-name\">Multi-factor authentication (MFA) setup guide</span></span>",
        ] {
            assert!(header.contains(expected), "{page}: missing {expected:?} in\n{header}");
        }
        assert!(
            !header.contains("lang-switcher"),
            "{page}: no switcher without a page"
        );
    }
    let en = std::fs::read_to_string(site.path().join("public/en/index.html")).unwrap();
    let header = &en[..en.find("</header>").unwrap()];
    assert!(
        header.contains("<a class=\"skip-link\" href=\"#main\">Skip to main content</a>")
            && header.contains("<a class=\"site-title\" href=\"/en/\">")
            && !header.contains("多要素認証"),
        "a language page's header stays in its own language:\n{header}"
    );
}

#[test]
fn a_third_language_needs_no_code_change() {
    let site = fixture_site("base");
    let toml = std::fs::read_to_string(site.path().join("site.toml")).unwrap();
    let ko = "\n[[languages]]\ncode = \"ko\"\nname = \"한국어\"\ntitle = \"가이드\"\n[languages.params]\nuniversity = \"대학\"\naccount_name = \"계정\"\nsupport_desk = \"헬프데스크\"\nsupport_hours = \"평일\"\n";
    std::fs::write(site.path().join("site.toml"), format!("{toml}{ko}")).unwrap();
    copy_dir(
        &site.path().join("content/en"),
        &site.path().join("content/ko"),
    );
    std::fs::copy(
        site.path().join("i18n/en.ftl"),
        site.path().join("i18n/ko.ftl"),
    )
    .unwrap();
    let out = tebiki(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let html = std::fs::read_to_string(site.path().join("public/ko/guide/index.html")).unwrap();
    assert!(html.contains("<html lang=\"ko\">"));
    assert!(html.contains("hreflang=\"ko\""));
}
