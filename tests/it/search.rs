//! Search in a real browser (tests/browser/search.mjs): the shared tokenizer vectors against
//! search.js, the quality queries of `tests/fixtures/search/queries.json` over the shipped
//! guide, the search box's keyboard and screen-reader behaviour, axe, and the no-JS page
//! list. Skipped like tests/it/browser.rs when chromium or node is missing (outside CI).

use std::process::Command;

use crate::browser::{chromium, in_ci, missing_prerequisite, serve};
use crate::support::*;

#[test]
fn search_in_headless_chromium() {
    if let Some(missing) = missing_prerequisite() {
        assert!(!in_ci(), "browser tests cannot run in CI: {missing}");
        eprintln!("skipping the search browser tests: {missing}");
        return;
    }
    let site = shipped_site();
    let out = tebiki(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let base = serve(&site.path().join("public"));
    let fixtures = repo_root().join("tests/fixtures/search");
    let run = Command::new("node")
        .arg(repo_root().join("tests/browser/search.mjs"))
        .arg(&base)
        .arg(fixtures.join("vectors.json"))
        .arg(fixtures.join("queries.json"))
        .env("TEBIKI_CHROMIUM", chromium())
        .output()
        .unwrap();
    let report = format!("{}{}", stdout(&run), stderr(&run));
    eprintln!("{report}");
    assert!(run.status.success(), "search checks failed:\n{report}");
    assert!(report.contains("0 failure(s)"), "{report}");
}

#[test]
fn search_can_be_turned_off() {
    let site = shipped_site();
    let toml = site.path().join("site.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    let off = text.replace("[search]\nenabled = true", "[search]\nenabled = false");
    assert_ne!(
        off, text,
        "the shipped site.toml has `[search] enabled = true`"
    );
    std::fs::write(&toml, off).unwrap();
    let out = tebiki(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let public = site.path().join("public");
    assert!(!public.join("search").exists());
    let home = std::fs::read_to_string(public.join("ja/index.html")).unwrap();
    assert!(!home.contains("role=\"search\""));
}

#[test]
fn shipped_index_and_script_stay_small() {
    let site = shipped_site();
    let out = tebiki(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let public = site.path().join("public");
    let home = std::fs::read_to_string(public.join("en/index.html")).unwrap();
    assert!(home.contains("role=\"search\"") && home.contains("type=\"search\""));
    let mut indexes = 0;
    for dir in std::fs::read_dir(public.join("search")).unwrap() {
        let dir = dir.unwrap().path();
        indexes += 1;
        let bytes: Vec<u8> = std::fs::read_dir(&dir)
            .unwrap()
            .flat_map(|f| std::fs::read(f.unwrap().path()).unwrap())
            .collect();
        let gz = gzip_len(&bytes);
        assert!(gz <= 50 * 1024, "{}: {gz} bytes gzipped", dir.display());
    }
    assert_eq!(indexes, 2, "one search index per language");
    let js = std::fs::read(public.join("search.js")).unwrap();
    assert!(gzip_len(&js) <= 8 * 1024);
}

/// Gzipped size, by the system's gzip (as a server would send it).
fn gzip_len(bytes: &[u8]) -> usize {
    use std::io::Write;
    let mut child = Command::new("gzip")
        .arg("-9c")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(bytes).unwrap();
    child.wait_with_output().unwrap().stdout.len()
}
