//! The default theme in a real browser: builds the shipped guide, and the fixture site with
//! two guides, serves each on 127.0.0.1 and runs `tests/browser/theme.mjs` on it
//! (playwright-core driving Debian's headless chromium, axe-core for accessibility). The
//! script's own comments list what it checks.
//!
//! Outside CI the test is skipped, with a notice, when chromium, node or the npm packages
//! are missing; with `CI` set a missing browser is a failure. With `TEBIKI_SCREENSHOTS=1`,
//! screenshots of every page at phone and desktop width land in
//! `target/tmp/browser-screens/` (for people; nothing compares them). The FAQ is given dates
//! and an old address (`aliases`) first, so a dated page and alias pages are covered.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use crate::support::*;

pub fn chromium() -> PathBuf {
    std::env::var_os("TEBIKI_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// What is missing to run browser tests, if anything.
pub fn missing_prerequisite() -> Option<String> {
    if !chromium().is_file() {
        return Some(format!("{} not found", chromium().display()));
    }
    if Command::new("node").arg("--version").output().is_err() {
        return Some("node not found".into());
    }
    let modules = repo_root().join("tests/browser/node_modules");
    for package in ["playwright-core", "axe-core"] {
        if !modules.join(package).is_dir() {
            return Some(format!(
                "tests/browser/node_modules/{package} missing (run `npm ci` in tests/browser)"
            ));
        }
    }
    None
}

/// Serves `root` on 127.0.0.1 (a random port) until the test process ends. Directory URLs
/// get their `index.html`; nothing outside `root` is reachable.
///
/// One thread per connection, one request per connection (`Connection: close`): a plain
/// `std::net` server, because tiny_http's worker pool can lose a wakeup and leave a
/// request unanswered, which showed as a page that never finished loading (a 90 s
/// `page.goto` timeout) on a busy machine.
pub fn serve(root: &Path) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let root = Arc::new(root.to_path_buf());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            std::thread::spawn(move || {
                let _ = respond(&root, stream);
            });
        }
    });
    format!("http://127.0.0.1:{port}/")
}

fn respond(root: &Path, mut stream: TcpStream) -> std::io::Result<()> {
    stream.set_read_timeout(Some(std::time::Duration::from_secs(30)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header == "\r\n" || header == "\n" {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let mut file = root.to_path_buf();
    let mut bad = false;
    for part in path.split('/').filter(|p| !p.is_empty()) {
        if part == ".." || part.contains('\\') {
            bad = true;
        }
        file.push(percent_decode(part));
    }
    if file.is_dir() {
        file.push("index.html");
    }
    let (status, file) = if bad {
        ("400 Bad Request", None)
    } else if file.is_file() {
        ("200 OK", Some(file))
    } else {
        ("404 Not Found", Some(root.join("404.html")))
    };
    let bytes = file
        .as_ref()
        .and_then(|f| std::fs::read(f).ok())
        .unwrap_or_default();
    let kind = file.as_deref().map_or("text/plain", content_type);
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        bytes.len()
    );
    stream.write_all(head.as_bytes())?;
    if method != "HEAD" {
        stream.write_all(&bytes)?;
    }
    stream.flush()
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("xml") => "application/xml",
        _ => "application/octet-stream",
    }
}

/// Every HTML page of the built site as a path relative to the site root (`ja/faq/`,
/// `404.html`, `` for the language chooser), alias pages (old addresses) apart.
fn page_paths(out: &Path) -> (Vec<String>, Vec<String>) {
    let (aliases, pages): (Vec<String>, Vec<String>) = html_paths(out)
        .into_iter()
        .partition(|rel| is_alias_page(&out.join(rel)));
    (pages, aliases)
}

fn is_alias_page(path: &Path) -> bool {
    let file = if path.is_dir() {
        path.join("index.html")
    } else {
        path.to_path_buf()
    };
    std::fs::read_to_string(file).is_ok_and(|html| html.contains("http-equiv=\"refresh\""))
}

fn html_paths(out: &Path) -> Vec<String> {
    let mut pages: Vec<String> = walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() == "index.html" || e.file_name() == "404.html")
        .map(|e| {
            let rel = e.path().strip_prefix(out).unwrap().to_string_lossy();
            let rel = rel.replace('\\', "/");
            rel.strip_suffix("index.html").unwrap_or(&rel).to_string()
        })
        .collect();
    pages.sort();
    pages
}

#[test]
fn default_theme_in_headless_chromium() {
    let site = shipped_site();
    // The FAQ gets dates and an old address in both languages, so a dated page and an
    // alias page are scanned too.
    for lang in ["ja", "en"] {
        replace_in_file(
            &site.path().join(format!("content/{lang}/faq.md")),
            "\ntitle: ",
            "\nupdated: 2026-04-01\nreviewed: 2026-10-01\naliases: [\"old-faq/\"]\ntitle: ",
        );
    }
    let Some(site) = browser_site(site) else {
        return;
    };
    let (pages, aliases) = page_paths(&site.path().join("public"));
    assert!(
        pages.len() >= 12,
        "the guide has 5 pages per language plus the chooser and 404: {pages:?}"
    );
    // The FAQ's old address, and the setup guide's steps' addresses from before the
    // guides moved into folders.
    assert_eq!(
        aliases,
        [
            "en/enable/",
            "en/first-method/",
            "en/old-faq/",
            "en/second-method/",
            "ja/enable/",
            "ja/first-method/",
            "ja/old-faq/",
            "ja/second-method/"
        ]
    );
    run_theme_script(&site, "shipped", &pages);
}

/// Two guides: separate progress records, the menu without JavaScript at 390 px, and
/// axe over every page of the site.
#[test]
fn guides_in_headless_chromium() {
    let Some(site) = browser_site(fixture_site("guides")) else {
        return;
    };
    let (pages, _) = page_paths(&site.path().join("public"));
    assert!(pages.len() >= 20, "10 pages per language: {pages:?}");
    run_theme_script(&site, "guides", &pages);
}

/// `site`, built, when the browser tests can run; `None` (after a notice) when they are
/// skipped.
fn browser_site(site: tempfile::TempDir) -> Option<tempfile::TempDir> {
    if let Some(missing) = missing_prerequisite() {
        assert!(!in_ci(), "browser tests cannot run in CI: {missing}");
        eprintln!("skipping the browser tests: {missing} (they are required when CI is set)");
        return None;
    }
    let out = tebiki(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    Some(site)
}

/// Serves the built `site` and runs `theme.mjs`'s `suite` and its every-page scan of `pages`.
fn run_theme_script(site: &tempfile::TempDir, suite: &str, pages: &[String]) {
    let base = serve(&site.path().join("public"));
    let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("browser-screens")
        .join(suite);
    let run = Command::new("node")
        .arg(repo_root().join("tests/browser/theme.mjs"))
        .arg(&base)
        .arg(&shots)
        .args(pages)
        .env("TEBIKI_CHROMIUM", chromium())
        .env("TEBIKI_BROWSER_SUITE", suite)
        // Each old address and the page it must lead to (the shipped suite's FAQ).
        .env(
            "TEBIKI_ALIASES",
            "ja/old-faq/=ja/faq/ en/old-faq/=en/faq/ ja/first-method/=ja/setup/first-method/ \
             en/enable/=en/setup/enable/",
        )
        .output()
        .unwrap();
    let report = format!("{}{}", stdout(&run), stderr(&run));
    eprintln!("{report}");
    assert!(run.status.success(), "browser checks failed:\n{report}");
    assert!(report.contains("0 failure(s)"), "{report}");
}

/// Issue 22 in the browser (`tests/browser/students.mjs`): the method chooser, images and
/// their zoom dialog, annotated screenshots, the first screen of every step page, the reset
/// question, the announcement and Japanese line breaks, with axe at both widths in both
/// schemes. The shipped guide gets an `[announcement]` until the end of next year and an
/// image that exists only in Japanese, which the English FAQ shows with a note (and the
/// build warns about, at the image).
#[test]
fn students_first_in_headless_chromium() {
    let site = shipped_site();
    let until = format!("{}-12-31", tebiki::dates::today().year() + 1);
    let toml = site.path().join("site.toml");
    let mut text = std::fs::read_to_string(&toml).unwrap();
    text.push_str(&format!(
        "\n[announcement]\nuntil = {until}\nja = \"2027年4月1日から、多要素認証が必須になります。\"\nen = \"From 1 April 2027, multi-factor authentication is required.\"\n"
    ));
    std::fs::write(&toml, text).unwrap();
    std::fs::create_dir_all(site.path().join("content/ja/img")).unwrap();
    std::fs::copy(
        site.path().join("content/ja/setup/img/security-info.svg"),
        site.path().join("content/ja/img/only-ja.svg"),
    )
    .unwrap();
    let faq = site.path().join("content/en/faq.md");
    let mut text = std::fs::read_to_string(&faq).unwrap();
    text.push_str("\n![The Security info page](setup/img/security-info.svg)\n\n![A page only the Japanese guide has a picture of](img/only-ja.svg)\n");
    std::fs::write(&faq, text).unwrap();
    if let Some(missing) = missing_prerequisite() {
        assert!(!in_ci(), "browser tests cannot run in CI: {missing}");
        eprintln!("skipping the browser tests: {missing} (they are required when CI is set)");
        return;
    }
    let out = tebiki(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let line = std::fs::read_to_string(&faq)
        .unwrap()
        .lines()
        .position(|l| l.contains("img/only-ja.svg"))
        .unwrap()
        + 1;
    assert!(
        stderr(&out).contains(&format!(
            "content/en/faq.md:{line}:1: warning[image-from-other-language]"
        )),
        "{}",
        stderr(&out)
    );
    let public = site.path().join("public");
    let (pages, _) = page_paths(&public);
    let steps: Vec<String> = pages
        .into_iter()
        .filter(|rel| {
            std::fs::read_to_string(public.join(rel).join("index.html"))
                .is_ok_and(|html| html.contains("class=\"step-indicator\""))
        })
        .collect();
    let base = serve(&public);
    let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("browser-screens")
        .join("students");
    let run = Command::new("node")
        .arg(repo_root().join("tests/browser/students.mjs"))
        .arg(&base)
        .arg(&shots)
        .arg(site.path())
        .args(&steps)
        .env("TEBIKI_CHROMIUM", chromium())
        .env("TEBIKI_UNTIL", &until)
        .output()
        .unwrap();
    let report = format!("{}{}", stdout(&run), stderr(&run));
    eprintln!("{report}");
    assert!(run.status.success(), "browser checks failed:\n{report}");
    assert!(report.contains(" 0 failure(s)"), "{report}");
}
