//! Snippets over the `snippets` fixture site: `tebiki check` is clean, a problem inside
//! a snippet is located in the snippet with its "included from" line in every output
//! format, translations are compared after expansion, and a snippet missing in one
//! language falls back to another's with a warning.

use crate::check::check;
use crate::support::*;

#[test]
fn the_snippet_site_checks_clean() {
    let site = fixture_site("snippets");
    let (code, err, out) = check(site.path(), &[]);
    assert_eq!(code, 0, "{err}{out}");
    assert!(
        err.contains("0 errors, 0 warnings") || out.contains("0 errors, 0 warnings"),
        "{err}{out}"
    );
}

#[test]
fn a_broken_link_in_a_snippet_is_located_there_in_every_format() {
    let site = fixture_site("snippets");
    replace_in_file(
        &site.path().join("content/en/_snippets/add-method.md"),
        "and select **Add**.",
        "and select **Add** ([help](helps.md)).",
    );
    let (code, human, _) = check(site.path(), &[]);
    assert_eq!(code, 1, "{human}");
    // Included three times in English: once per place, each with its chain.
    let first = "content/en/_snippets/add-method.md:1:78: error[broken-link]";
    assert!(human.contains(first), "{human}");
    assert!(
        human.contains("  included from content/en/_snippets/method-app.md:4:4\n  included from content/en/step1.md:11:1\n"),
        "{human}"
    );
    assert!(
        human.contains("  included from content/en/step2.md:18:4\n"),
        "{human}"
    );
    let (_, _, json) = check(site.path(), &["--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    let d = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "broken-link")
        .unwrap();
    assert_eq!(d["path"], "content/en/_snippets/add-method.md");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(1), Some(78))
    );
    assert!(d["included_from"][0]["path"].as_str().is_some(), "{d}");
    let (_, _, github) = check(site.path(), &["--format", "github"]);
    assert!(
        github
            .contains("file=content/en/_snippets/add-method.md,line=1,col=78,title=broken-link::")
            && github.contains("%0Aincluded from content/en/step2.md:18:4"),
        "{github}"
    );
}

#[test]
fn translations_are_compared_after_expansion_and_snippet_by_snippet() {
    let site = fixture_site("snippets");
    replace_in_file(
        &site.path().join("content/ja/_snippets/method-app.md"),
        "3. {both} QRコードを読み取り、{{ next }}を選びます。\n",
        "",
    );
    let (_, err, _) = check(site.path(), &[]);
    let snippet = "content/en/_snippets/method-app.md:15:1: warning[parity]: this snippet has 'a numbered item at column 1' where content/ja/_snippets/method-app.md has ':::'";
    assert!(err.contains(snippet), "{err}");
    let page = "content/en/step1.md:11:1: warning[parity]: the steps of 'method-app' are 3 here but 2 in content/ja/step1.md";
    assert!(err.contains(page), "{err}");
}

#[test]
fn a_snippet_missing_in_one_language_falls_back_with_a_warning() {
    let site = fixture_site("snippets");
    std::fs::remove_file(site.path().join("content/ja/_snippets/add-method.md")).unwrap();
    let out = tebiki(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("content/en/_snippets/add-method.md: warning[missing-snippet-translation]: this snippet has no 日本語 translation"),
        "{}",
        stderr(&out)
    );
    let page = std::fs::read_to_string(site.path().join("public/ja/step2/index.html")).unwrap();
    assert!(
        page.contains("choose <strong>電話</strong> and select"),
        "{page}"
    );
    assert!(!site.path().join("public/ja/_snippets").exists());
    assert!(!site.path().join("public/en/_snippets").exists());
}
