//! Golden output of a small bilingual site: the `<main>` element of every page, and the
//! sitemap, compared with files under `tests/fixtures/golden/base/`.
//!
//! After an intended change, regenerate with `TEBIKI_BLESS=1 cargo test golden` and review
//! the diff before committing it.

use crate::support::*;

#[test]
fn small_bilingual_site_matches_golden_output() {
    assert_golden(
        "base",
        &[
            ("ja/index.html", true),
            ("ja/guide/index.html", true),
            ("en/index.html", true),
            ("en/guide/index.html", true),
            ("sitemap.xml", false),
            ("robots.txt", false),
        ],
    );
}

/// The snippets fixture: one method procedure used in step 1 and step 2 with different
/// arguments and page values, a shared fragment used in three places, sub-steps with
/// device tags, raw HTML with a parameter and a host-site link.
#[test]
fn snippet_site_matches_golden_output() {
    assert_golden(
        "snippets",
        &[
            ("ja/index.html", true),
            ("ja/step1/index.html", true),
            ("ja/step2/index.html", true),
            ("en/index.html", true),
            ("en/step1/index.html", true),
            ("en/step2/index.html", true),
        ],
    );
}

/// Code spans and code blocks keep `{{ name }}` as written; a fence with `{params}`
/// gets the values.
#[test]
fn code_block_site_matches_golden_output() {
    assert_golden(
        "code-blocks",
        &[("ja/index.html", true), ("en/index.html", true)],
    );
}

/// Builds fixture site `name` and compares `files` (their `<main>` where marked) with
/// `tests/fixtures/golden/<name>/`.
fn assert_golden(name: &str, files: &[(&str, bool)]) {
    let site = fixture_site(name);
    let out = tebiki(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let golden = fixture(&format!("golden/{name}"));
    let bless = std::env::var_os("TEBIKI_BLESS").is_some();
    let mut mismatches = Vec::new();
    for &(file, extract_main) in files {
        let built = std::fs::read_to_string(site.path().join("public").join(file)).unwrap();
        let actual = if extract_main {
            main_of(&built).to_string()
        } else {
            built
        };
        let expected_path = golden.join(file);
        if bless {
            std::fs::create_dir_all(expected_path.parent().unwrap()).unwrap();
            std::fs::write(&expected_path, &actual).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != actual {
            mismatches.push(format!(
                "{file}: differs from {}\n--- actual ---\n{actual}",
                expected_path.display()
            ));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n\n"));
}
