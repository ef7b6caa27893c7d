//! Several guides in one site (`tests/fixtures/sites/guides`): a home page and two
//! ordinary pages at the top, and the guides `mfa/` and `vpn/`, each an `index.md` with
//! two step pages (`mfa/` also has a FAQ page). Each guide has its own step navigation
//! and checklist; the menu and breadcrumbs reach every page; bad step numbers are errors
//! at the `step:` line.

use std::path::Path;

use crate::support::*;

fn built() -> tempfile::TempDir {
    let site = fixture_site("guides");
    let out = tebiki(site.path(), &["build"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(!err.contains("warning"), "{err}");
    site
}

fn page(site: &Path, path: &str) -> String {
    std::fs::read_to_string(site.join("public").join(path).join("index.html")).unwrap()
}

/// The part of `html` from `start` to the next `end` (inclusive), or "" when absent.
fn part<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let Some(from) = html.find(start) else {
        return "";
    };
    let to = html[from..]
        .find(end)
        .map_or(html.len(), |i| from + i + end.len());
    &html[from..to]
}

/// Every `href` in `html`, in order.
fn hrefs(html: &str) -> Vec<&str> {
    html.split(" href=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap())
        .collect()
}

fn step_nav(html: &str) -> &str {
    part(html, "<nav class=\"step-nav\"", "</nav>")
}

fn menu(html: &str) -> &str {
    part(html, "<nav class=\"site-menu\"", "</nav>")
}

fn breadcrumbs(html: &str) -> &str {
    part(html, "<nav class=\"breadcrumbs\"", "</nav>")
}

#[test]
fn each_guide_has_its_own_steps_navigation_and_checklist() {
    let site = built();
    let root = site.path();
    let connect = page(root, "en/vpn/connect");
    assert_eq!(
        hrefs(step_nav(&connect)),
        ["/en/vpn/install/", "/en/vpn/connect/"]
    );
    assert!(connect.contains("<p class=\"step-indicator\">Step 2 of 2</p>"));
    let pager = part(&connect, "<nav class=\"prev-next\"", "</nav>");
    assert_eq!(hrefs(pager), ["/en/vpn/install/", "/en/vpn/"], "{pager}");
    assert!(connect.contains("<body class=\"page\" data-base-path=\"/\" data-guide=\"vpn/\">"));

    let app = page(root, "ja/mfa/app");
    assert_eq!(hrefs(step_nav(&app)), ["/ja/mfa/app/", "/ja/mfa/backup/"]);
    assert!(app.contains("data-guide=\"mfa/\""));
    // A page of a guide that is no step still shows its guide's steps.
    assert_eq!(
        hrefs(step_nav(&page(root, "en/mfa/faq"))),
        ["/en/mfa/app/", "/en/mfa/backup/"]
    );

    for (path, steps, keys) in [
        (
            "en/mfa",
            ["/en/mfa/app/", "/en/mfa/backup/"],
            "mfa/app mfa/backup",
        ),
        (
            "ja/vpn",
            ["/ja/vpn/install/", "/ja/vpn/connect/"],
            "vpn/install vpn/connect",
        ),
    ] {
        let html = page(root, path);
        let checklist = part(&html, "<section class=\"checklist\"", "</section>");
        assert_eq!(hrefs(checklist), steps, "checklist of {path}");
        assert!(
            checklist.contains(&format!("data-step-keys=\"{keys}\"")),
            "{checklist}"
        );
        assert!(!checklist.contains("extra:two-methods"), "{checklist}");
    }
    // Pages outside every guide: no checklist, no step navigation.
    for path in ["en", "ja/about"] {
        let html = page(root, path);
        assert!(!html.contains("class=\"checklist\""), "{path}");
        assert_eq!(step_nav(&html), "", "{path}");
    }
}

#[test]
fn the_menu_lists_the_guides_and_pages_and_opens_the_current_guide() {
    let site = built();
    let root = site.path();
    let about = page(root, "en/about");
    let nav = menu(&about);
    assert!(nav.contains("aria-label=\"Site menu\""), "{nav}");
    assert!(nav.contains("<details class=\"site-menu-details\">\n    <summary>Menu</summary>"));
    // By weight (home 0, MFA 1, VPN 2, then the two pages of weight 20 by title).
    assert_eq!(
        hrefs(nav),
        ["/en/", "/en/mfa/", "/en/vpn/", "/en/about/", "/en/contact/"]
    );
    assert!(nav.contains("<a href=\"/en/about/\" aria-current=\"page\">About these guides</a>"));
    assert_eq!(nav.matches("aria-current").count(), 1);

    // Inside a guide: its steps in order, then its other pages; no other guide's pages.
    let faq = page(root, "ja/mfa/faq");
    assert_eq!(
        hrefs(menu(&faq)),
        [
            "/ja/",
            "/ja/mfa/",
            "/ja/mfa/app/",
            "/ja/mfa/backup/",
            "/ja/mfa/faq/",
            "/ja/vpn/",
            "/ja/about/",
            "/ja/contact/",
        ]
    );
    assert!(menu(&faq).contains("aria-label=\"サイトのメニュー\""));
    assert!(menu(&faq).contains("<summary>メニュー</summary>"));
    assert!(menu(&faq).contains("<a href=\"/ja/mfa/faq/\" aria-current=\"page\">"));

    // Every menu link of every page leads to a built page.
    for path in ["en", "en/about", "en/mfa", "en/mfa/faq", "ja/vpn/connect"] {
        for href in hrefs(menu(&page(root, path))) {
            let file = root
                .join("public")
                .join(href.trim_matches('/'))
                .join("index.html");
            assert!(file.is_file(), "{path}: menu link {href}");
        }
    }
}

#[test]
fn breadcrumbs_lead_from_the_site_through_the_guide_to_the_page() {
    let site = built();
    let root = site.path();
    let connect = page(root, "en/vpn/connect");
    let trail = breadcrumbs(&connect);
    assert!(trail.contains("aria-label=\"You are here\""), "{trail}");
    assert_eq!(
        hrefs(trail),
        ["/en/", "/en/vpn/", "/en/vpn/connect/"],
        "{trail}"
    );
    assert!(trail.contains(">Test guide</a>") && trail.contains(">Connect to the VPN</a>"));
    assert!(trail
        .contains("<a href=\"/en/vpn/connect/\" aria-current=\"page\">VPN step 2: Connect</a>"));
    // A guide's index and an ordinary page: the site, then the page.
    assert_eq!(
        hrefs(breadcrumbs(&page(root, "ja/vpn"))),
        ["/ja/", "/ja/vpn/"]
    );
    assert_eq!(
        hrefs(breadcrumbs(&page(root, "ja/contact"))),
        ["/ja/", "/ja/contact/"]
    );
    assert!(breadcrumbs(&page(root, "ja/contact")).contains("aria-label=\"現在の位置\""));
    assert_eq!(
        breadcrumbs(&page(root, "en")),
        "",
        "the home page needs none"
    );
}

#[test]
fn duplicate_and_missing_step_numbers_are_errors_at_the_step_line() {
    let site = fixture_site("guides");
    let content = site.path().join("content");
    replace_in_file(&content.join("ja/vpn/connect.md"), "step: 2", "step: 1");
    replace_in_file(&content.join("en/mfa/backup.md"), "step: 2", "step: 3");
    let out = tebiki(site.path(), &["build"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains(
        "content/ja/vpn/install.md:3:1: error[duplicate-step]: two pages of this guide are step 1: this one and content/ja/vpn/connect.md\n  help: give every step page of a guide its own number"
    ), "{err}");
    assert!(err.contains(
        "content/en/mfa/backup.md:3:1: error[step-gap]: this page is step 3, but the guide has no step 2 before it\n  help: number the steps 1, 2, 3 … without gaps: make this page step: 2"
    ), "{err}");
    // The other guide's and language's numbers are fine: exactly these two errors.
    assert_eq!(err.matches("error[").count(), 2, "{err}");
    assert!(err.contains("nothing was written"), "{err}");
}

#[test]
fn a_step_page_in_a_folder_without_index_is_an_error() {
    let site = fixture_site("guides");
    let content = site.path().join("content");
    std::fs::remove_file(content.join("en/vpn/index.md")).unwrap();
    std::fs::remove_file(content.join("ja/vpn/index.md")).unwrap();
    let out = tebiki(site.path(), &["build"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    for path in [
        "en/vpn/connect.md",
        "en/vpn/install.md",
        "ja/vpn/connect.md",
    ] {
        assert!(
            err.contains(&format!("content/{path}:3:1: error[step-outside-guide]")),
            "{path}: {err}"
        );
    }
    assert!(err.contains("help: add an index.md beside this page to make the folder 'vpn/' a guide, or remove the step: line"), "{err}");
}

#[test]
fn the_menu_never_lists_the_pages_of_folders_outside_the_guides() {
    let site = fixture_site("guides");
    for lang in ["en", "ja"] {
        let dir = site.path().join("content").join(lang).join("notes");
        std::fs::create_dir_all(&dir).unwrap();
        for n in 0..150 {
            let text = format!("---\ntitle: Note {n}\n---\n\nSee [the home page](../index.md).\n");
            std::fs::write(dir.join(format!("n{n:03}.md")), text).unwrap();
        }
    }
    let out = tebiki(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let top = ["/en/", "/en/mfa/", "/en/vpn/", "/en/about/", "/en/contact/"];
    for path in ["en/about", "en/notes/n042"] {
        let html = page(site.path(), path);
        assert_eq!(hrefs(menu(&html)), top, "{path}");
    }
}
