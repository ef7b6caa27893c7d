//! Japanese as editors write it, in a built page (issue 28): bold next to 「」（）：, a
//! sentence per line without stray spaces, bare and e-mail links; `tebiki check` finds
//! nothing to report; and in Chromium a paragraph written on two lines is exactly as wide
//! as the same paragraph on one line.

use std::path::Path;
use std::process::Command;

use crate::browser::{chromium, in_ci, missing_prerequisite, serve};
use crate::support::*;

fn built(site: &Path) -> (String, String) {
    let out = tebiki(site, &["build"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let page = |lang: &str| {
        let html = std::fs::read_to_string(site.join(format!("public/{lang}/index.html"))).unwrap();
        let start = html.find("<main").unwrap();
        let end = html[start..].find("</main>").unwrap() + start;
        // Phrase breaks (`<wbr>`) are tested with the phrases adapter; these tests are
        // about emphasis, line breaks and links.
        html[start..end].replace("<wbr>", "")
    };
    (page("ja"), page("en"))
}

#[test]
fn japanese_emphasis_line_breaks_and_links_render_as_meant() {
    let site = fixture_site("japanese");
    let (ja, en) = built(site.path());
    for expected in [
        "<strong>「サインイン」</strong>をクリックします。<strong>多要素認証（MFA）</strong>を有効にします。",
        "<strong>注意：</strong>コードは",
        "<em>『設定』</em>を開き、<del>「旧い手順」</del>は使いません。",
        "<strong><a href=\"https://example.com/signin\">サインイン画面</a></strong>を開き、<strong><code>tebiki build</code></strong>を実行します。",
        "これは<strong>「重要」</strong>です。次に<strong>多要素認証（MFA）</strong>を有効にします。",
        "<p>設定画面を開きます。次に、アプリを起動します。</p>",
        "<p>アプリ\nAuthenticatorを開きます。</p>",
        "詳しくは<a href=\"https://example.com/help\">https://example.com/help</a>にあります。",
        "お問い合わせは<a href=\"mailto:it-help@university.example\">it-help@university.example</a>、または<a href=\"mailto:help@university.example\">help@university.example</a>まで。",
        "メール：<a href=\"mailto:it-help@university.example\">",
    ] {
        assert!(ja.contains(expected), "missing {expected:?} in\n{ja}");
    }
    assert!(
        !ja.contains('*') && !ja.contains("~~"),
        "literal markers left:\n{ja}"
    );
    assert!(!ja.contains("mailto:/"), "{ja}");
    for expected in [
        "Click <strong>\"Sign in\"</strong>.",
        "<strong>Note:</strong> the code changes every 30 seconds; snake_case_name stays as it is.",
        "<p>Open the settings.\nThen start the app.</p>",
        "See <a href=\"https://example.com/help\">https://example.com/help</a>. Write to <a href=\"mailto:it-help@university.example\">",
    ] {
        assert!(en.contains(expected), "missing {expected:?} in\n{en}");
    }
}

#[test]
fn the_markdown_switches_turn_line_breaks_and_bare_links_off() {
    let site = fixture_site("japanese");
    let config = site.path().join("site.toml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("\n[markdown]\neast_asian_line_breaks = false\nbare_links = false\n");
    std::fs::write(&config, text).unwrap();
    let (ja, _) = built(site.path());
    assert!(
        ja.contains("<p>設定画面を開きます。\n次に、アプリを起動します。</p>"),
        "{ja}"
    );
    assert!(
        ja.contains("詳しくはhttps://example.com/helpにあります。"),
        "{ja}"
    );
    // `<…>` autolinks are CommonMark, not bare links: they stay links.
    assert!(
        ja.contains("<a href=\"mailto:it-help@university.example\">"),
        "{ja}"
    );
}

#[test]
fn check_reports_nothing_on_email_autolinks_and_bare_addresses() {
    let site = fixture_site("japanese");
    let out = tebiki(site.path(), &["check", "--deny-warnings"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("0 errors, 0 warnings"), "{err}");
}

/// Widths (px) of the two-line and the one-line paragraph of `ja/`, measured by
/// `tests/browser/line_breaks.mjs` in headless Chromium.
fn paragraph_widths(site: &Path) -> Option<(f64, f64)> {
    if let Some(missing) = missing_prerequisite() {
        assert!(!in_ci(), "browser tests cannot run in CI: {missing}");
        eprintln!("skipping the line-break browser test: {missing}");
        return None;
    }
    let base = serve(&site.join("public"));
    let run = Command::new("node")
        .arg(repo_root().join("tests/browser/line_breaks.mjs"))
        .arg(format!("{base}ja/"))
        .env("TEBIKI_CHROMIUM", chromium())
        .output()
        .unwrap();
    let report = format!("{}{}", stdout(&run), stderr(&run));
    assert!(run.status.success(), "{report}");
    let mut widths = report
        .lines()
        .find_map(|l| l.strip_prefix("widths "))
        .unwrap_or_else(|| panic!("no widths in {report}"))
        .split(' ')
        .map(|w| w.parse::<f64>().unwrap());
    Some((widths.next().unwrap(), widths.next().unwrap()))
}

#[test]
fn a_paragraph_on_two_lines_is_as_wide_as_on_one_line_in_chromium() {
    let site = fixture_site("japanese");
    built(site.path());
    let Some((two_lines, one_line)) = paragraph_widths(site.path()) else {
        return;
    };
    assert!(one_line > 100.0, "the paragraph was measured: {one_line}");
    assert_eq!(two_lines, one_line, "the line break left a space");

    // The measurement sees the space when the rule is switched off.
    let config = site.path().join("site.toml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("\n[markdown]\neast_asian_line_breaks = false\n");
    std::fs::write(&config, text).unwrap();
    built(site.path());
    let (two_lines, one_line) = paragraph_widths(site.path()).unwrap();
    assert!(two_lines > one_line, "{two_lines} vs {one_line}");
}
