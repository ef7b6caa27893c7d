//! `tebiki check` over fixture sites: one overlay per defect kind on
//! `tests/fixtures/check/base`, each asserting the exact location, message and suggestion
//! a web editor would see; output formats, exit codes, and that nothing is written.

mod external;

use std::path::Path;

use crate::support::*;

/// `tests/fixtures/check/base` with `tests/fixtures/check/<case>` copied over it, plus the
/// shipped theme and UI strings.
pub fn case_site(case: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("check/base"), dir.path());
    if case != "base" {
        copy_dir(&fixture(&format!("check/{case}")), dir.path());
    }
    for sub in ["themes", "i18n"] {
        copy_dir(&repo_root().join(sub), &dir.path().join(sub));
    }
    dir
}

/// Runs `tebiki check <args>` in `dir`; returns (exit code, stderr, stdout).
pub fn check(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    let out = tebiki(dir, &all);
    (out.status.code().unwrap_or(-1), stderr(&out), stdout(&out))
}

/// Asserts that `report` has the diagnostic line `first` followed by `help: <help>`.
fn assert_diagnostic(report: &str, first: &str, help: Option<&str>) {
    let Some(at) = report.find(first) else {
        panic!("missing\n  {first}\nin\n{report}");
    };
    let rest = &report[at + first.len()..];
    match help {
        Some(help) => assert!(
            rest.starts_with(&format!("\n  help: {help}\n")),
            "expected help '{help}' after\n  {first}\nin\n{report}"
        ),
        None => assert!(
            !rest.starts_with("\n  help:"),
            "unexpected help after {first}"
        ),
    }
}

#[test]
fn clean_fixture_passes_with_zero_problems() {
    let site = case_site("base");
    let (code, err, _) = check(site.path(), &["--deny-warnings"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("0 errors, 0 warnings"), "{err}");
}

#[test]
fn broken_page_links_point_at_the_link_and_suggest_the_page() {
    let site = case_site("broken-link");
    let (code, err, _) = check(site.path(), &[]);
    assert_eq!(code, 1, "{err}");
    assert_diagnostic(
        &err,
        "content/ja/index.md:5:4: error[broken-link]: the link '手順を読む' (giude.md): the page content/ja/giude.md does not exist",
        Some("did you mean 'guide.md'?"),
    );
    assert_diagnostic(
        &err,
        "content/ja/index.md:5:24: error[broken-link]: the link '概要' (/ja/guid/): nothing is published at '/ja/guid/'",
        Some("did you mean '/ja/guide/'?"),
    );
}

#[test]
fn broken_anchors_suggest_ids_on_this_and_other_language_pages() {
    let site = case_site("broken-anchor");
    let (code, err, _) = check(site.path(), &[]);
    assert_eq!(code, 1, "{err}");
    assert_diagnostic(
        &err,
        "content/ja/index.md:5:9: error[broken-anchor]: '#lost-phnoe' does not exist on /ja/guide/",
        Some("did you mean 'guide.md#lost-phone'?"),
    );
    assert_diagnostic(
        &err,
        "content/ja/index.md:6:5: error[broken-anchor]: '#lost-phon' does not exist on /en/guide/",
        Some("did you mean '../en/guide.md#lost-phone'?"),
    );
    assert_diagnostic(
        &err,
        "content/en/index.md:5:40: error[broken-anchor]: '#only-ja' does not exist on /en/guide/",
        Some("'#only-ja' exists in content/ja/guide.md; the translations should use the same ids"),
    );
    assert_diagnostic(
        &err,
        "content/ja/guide.md:43:1: warning[parity]: heading id 'only-ja' has no counterpart in content/en/guide.md",
        Some("use the same id in both languages, or add the heading id to content/en/guide.md"),
    );
}

#[test]
fn links_into_blocks_hidden_by_if_are_reported() {
    let site = case_site("hidden-anchor");
    let (code, err, _) = check(site.path(), &[]);
    assert_eq!(code, 1, "{err}");
    assert_diagnostic(
        &err,
        "content/ja/index.md:5:24: error[hidden-anchor]: '#method-token' is inside a block hidden on this site (if=…), so /ja/guide/ has no such place",
        Some("remove the link, or put it inside a block with the same if= condition"),
    );
}

#[test]
fn missing_images_and_missing_alt_text() {
    let site = case_site("images");
    let (code, err, _) = check(site.path(), &[]);
    assert_eq!(code, 1, "{err}");
    assert_diagnostic(
        &err,
        "content/ja/index.md:7:1: error[missing-image]: the image 'img/qr.png': the file content/ja/img/qr.png does not exist",
        Some("did you mean 'img/qr-code.png'?"),
    );
    assert!(err.contains(
        "content/ja/index.md:9:1: error[empty-alt]: the image 'img/qr-code.png' has no alt text"
    ));
    assert_diagnostic(
        &err,
        "content/ja/index.md:11:11: error[empty-alt]: the image 'img/qr-code.png' has no alt attribute",
        Some("add alt=\"…\" describing the image, or alt=\"\" if it is only decoration"),
    );
    // `alt=""` is a deliberate decorative image: not reported.
    assert_eq!(err.matches("error[empty-alt]").count(), 2, "{err}");
}

#[test]
fn raw_html_links_in_content_are_checked_at_their_attribute() {
    let site = case_site("raw-html");
    let (code, err, _) = check(site.path(), &[]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains(
        "content/ja/index.md:7:20: error[broken-link]: the link '/ja/fqa/': nothing is published at '/ja/fqa/'"
    ), "{err}");
    assert_diagnostic(
        &err,
        "content/ja/index.md:7:50: error[broken-link]: the link 'guide.md': raw HTML links are used as written, and there is no file 'ja/guide.md' in the built site",
        Some("use a Markdown link [text](guide.md) or the page's address '/ja/guide/'"),
    );
    assert!(
        !err.contains("#choose"),
        "the valid raw link is not reported: {err}"
    );
}

#[test]
fn ids_colliding_with_the_theme_are_duplicates() {
    let site = case_site("duplicate-id");
    let (code, err, _) = check(site.path(), &[]);
    assert_eq!(code, 1, "{err}");
    for lang in ["ja", "en"] {
        assert!(err.contains(&format!(
            "content/{lang}/index.md:7:1: error[id-clash-in-page]: the id 'main' appears more than once on /{lang}/"
        )), "{err}");
    }
}

/// A page in a folder that is no guide: the menu does not list it, and nothing links to it.
#[test]
fn orphan_pages_warn_and_fail_only_with_deny_warnings() {
    let site = case_site("orphan");
    let (code, err, _) = check(site.path(), &[]);
    assert_eq!(code, 0, "{err}");
    assert_diagnostic(
        &err,
        "content/ja/more/extra.md: warning[orphan-page]: no other page links to /ja/more/extra/",
        Some("link to it from the home page or a related page, or move it into a guide's folder or the language folder, where the menu lists it"),
    );
    assert!(err.contains("content/en/more/extra.md: warning[orphan-page]"));
    let (code, _, _) = check(site.path(), &["--deny-warnings"]);
    assert_eq!(code, 1);
}

#[test]
fn mailto_and_tel_are_checked_by_syntax_without_network() {
    let site = case_site("contact");
    let (code, err, _) = check(site.path(), &[]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("content/ja/index.md:7:1: error[invalid-link]: 'help.university.example' is not an e-mail address"), "{err}");
    assert!(err.contains("content/ja/index.md:7:39: error[invalid-link]: '03-ABC-0000' is not a telephone number"), "{err}");
    assert_eq!(
        err.matches("error[invalid-link]").count(),
        2,
        "valid ones pass: {err}"
    );
}

#[test]
fn missing_translations_and_ui_strings_are_warnings() {
    let site = case_site("orphan");
    std::fs::remove_file(site.path().join("content/en/more/extra.md")).unwrap();
    let ftl = site.path().join("i18n/ja.ftl");
    let mut text = std::fs::read_to_string(&ftl).unwrap();
    text.push_str("only-in-ja = 日本語だけ\n");
    let line = text.lines().count();
    std::fs::write(&ftl, text).unwrap();
    let (code, err, _) = check(site.path(), &[]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("content/ja/more/extra.md: warning[missing-translation]: this page has no English translation"), "{err}");
    assert!(err.contains(&format!("i18n/ja.ftl:{line}:1: warning[untranslated-ui-string]: 'only-in-ja' has no translation in i18n/en.ftl")), "{err}");
    assert_eq!(check(site.path(), &["--deny-warnings"]).0, 1);
}

#[test]
fn broken_theme_links_point_at_the_template_line() {
    let site = case_site("base");
    let base = site.path().join("themes/default/templates/base.html");
    let text = std::fs::read_to_string(&base).unwrap();
    let at = text.find("</body>").expect("base.html has </body>");
    let broken = "<a href=\"{{ site.base_path }}help/\">help</a>\n";
    let patched = format!("{}{broken}{}", &text[..at], &text[at..]);
    std::fs::write(&base, &patched).unwrap();
    let line = patched[..at].lines().count() + 1;
    let column = text[..at].rsplit('\n').next().unwrap().chars().count() + 10;
    let (code, err, _) = check(site.path(), &[]);
    assert_eq!(code, 1, "{err}");
    let expected = format!("themes/default/templates/base.html:{line}:{column}: error[broken-theme-link]: the theme links to '/help/' on /");
    assert!(err.contains(&expected), "{expected}\n{err}");
    assert_eq!(
        err.matches("error[broken-theme-link]").count(),
        1,
        "one report for every page: {err}"
    );
}

#[test]
fn json_format_has_the_documented_fields() {
    let site = case_site("broken-anchor");
    let (code, _, out) = check(site.path(), &["--format", "json"]);
    assert_eq!(code, 1);
    let json: serde_json::Value = serde_json::from_str(&out).expect("stdout is one JSON document");
    assert_eq!(json["version"], 1);
    assert_eq!(json["summary"]["errors"], 3);
    assert_eq!(json["summary"]["warnings"], 1);
    assert_eq!(json["summary"]["pages"], 4);
    assert!(json["summary"]["links"].as_u64().unwrap() > 0);
    let diagnostics = json["diagnostics"].as_array().unwrap();
    let d = diagnostics
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("lost-phnoe"))
        .unwrap();
    assert_eq!(d["severity"], "error");
    assert_eq!(d["code"], "broken-anchor");
    assert_eq!(d["path"], "content/ja/index.md");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(5), Some(9))
    );
    assert_eq!(d["help"], "did you mean 'guide.md#lost-phone'?");
}

#[test]
fn github_format_annotates_file_line_and_column() {
    let site = case_site("broken-anchor");
    let (code, _, out) = check(site.path(), &["--format", "github"]);
    assert_eq!(code, 1);
    assert!(out.lines().any(|l| l
        == "::error file=content/ja/index.md,line=5,col=9,title=broken-anchor::'#lost-phnoe' does not exist on /ja/guide/%0Ahelp: did you mean 'guide.md#lost-phone'?"), "{out}");
    assert!(out
        .lines()
        .any(|l| l.starts_with("::warning file=content/ja/guide.md,line=43,col=1,title=parity::")));
    assert_eq!(out.lines().count(), 5, "{out}");
    assert!(
        out.lines()
            .last()
            .is_some_and(|l| l.starts_with("::notice title=tebiki check::checked ")),
        "{out}"
    );
}

#[test]
fn configuration_and_io_problems_exit_2() {
    let site = case_site("base");
    let missing = site.path().join("nowhere");
    let (code, err, _) = check(site.path(), &["--root", missing.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    std::fs::write(site.path().join("site.toml"), "base_url = 3\n").unwrap();
    let (code, err, _) = check(site.path(), &[]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("site.toml:1:12: error[wrong-type]"), "{err}");
}

#[test]
fn content_errors_from_the_build_are_reported_with_link_problems() {
    let site = case_site("broken-link");
    let page = site.path().join("content/en/index.md");
    std::fs::write(&page, "---\ntitle: Overview\n---\n\n::: stepz\n:::\n").unwrap();
    let (code, err, _) = check(site.path(), &[]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("content/en/index.md:5:1: error[unknown-directive]"),
        "{err}"
    );
    assert!(err.contains("error[broken-link]"), "{err}");
}

/// A page whose front matter does not parse still exists: links to it (with an anchor
/// too) and the theme's links to it are not reported, nor are pages only it links to.
/// Only the YAML error is, at the line where the quote opens.
#[test]
fn a_page_that_failed_to_load_causes_no_other_errors() {
    let site = case_site("base");
    let content = site.path().join("content");
    std::fs::write(
        content.join("ja/index.md"),
        "---\ntitle: \"概要\ndescription: x\n---\n\n[ステップ1](guide.md)\n",
    )
    .unwrap();
    std::fs::write(
        content.join("en/index.md"),
        "---\ntitle: Overview\nsubtitle: x\n---\n\n[Step 1](guide.md)\n",
    )
    .unwrap();
    // A link into the page that failed: its anchors are unknown until it loads.
    replace_in_file(
        &content.join("ja/guide.md"),
        "\n## ",
        "\n[概要](index.md#before)\n\n## ",
    );
    let (code, err, _) = check(site.path(), &[]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("content/ja/index.md:2:8: error[yaml-syntax]"),
        "{err}"
    );
    assert!(
        err.contains("content/en/index.md:3:1: error[unknown-front-matter-key]"),
        "{err}"
    );
    assert!(err.contains(": 2 errors, 0 warnings"), "{err}");
}

/// Every problem `check` reports over every fixture carries a `help:` line (after its
/// `included from` lines, if any): the README promises a next step for each.
#[test]
fn every_reported_problem_has_a_help_line() {
    let mut cases: Vec<String> = std::fs::read_dir(fixture("check"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    cases.sort();
    let mut missing = Vec::new();
    let mut checked = String::new();
    for case in &cases {
        let site = case_site(case);
        if case == "base" {
            // Problems no fixture has: an anchor with no id near it, and a theme link
            // that climbs out of the site.
            let page = site.path().join("content/ja/index.md");
            let mut text = std::fs::read_to_string(&page).unwrap();
            text.push_str("\n[どこか](guide.md#qqqqqqqqqqqqqqqq)\n");
            std::fs::write(&page, text).unwrap();
            replace_in_file(
                &site.path().join("themes/default/templates/base.html"),
                "{% include \"partials/header.html\" %}",
                "{% include \"partials/header.html\" %}<a href=\"../../../../../../outside/\">x</a>",
            );
        }
        let (_, err, _) = check(site.path(), &[]);
        if case == "base" {
            checked = err.clone();
        }
        let lines: Vec<&str> = err.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            if !(line.contains(": error[") || line.contains(": warning[")) {
                continue;
            }
            let helped = lines[i + 1..]
                .iter()
                .take_while(|l| l.starts_with(' '))
                .any(|l| l.trim_start().starts_with("help:"));
            if !helped {
                missing.push(format!("{case}: {line}"));
            }
        }
    }
    assert!(cases.len() > 10, "{cases:?}");
    assert!(checked.contains("broken-anchor") && checked.contains("broken-theme-link"));
    assert!(missing.is_empty(), "no help line:\n{}", missing.join("\n"));
}

#[test]
fn check_writes_nothing() {
    let site = case_site("broken-anchor");
    let before = snapshot(site.path());
    check(site.path(), &[]);
    check(site.path(), &["--format", "json"]);
    assert_eq!(snapshot(site.path()), before);
    assert!(!site.path().join("public").exists());
}

#[test]
fn shipped_guide_passes_check_with_deny_warnings() {
    let site = shipped_site();
    let (code, err, _) = check(site.path(), &["--deny-warnings"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("checked 20 pages"), "{err}");
}

#[test]
fn top_fragments_and_email_links_are_valid() {
    let site = case_site("top-and-mail");
    let (code, err, _) = check(site.path(), &["--deny-warnings"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("0 errors, 0 warnings"), "{err}");
}

#[test]
fn missing_srcset_candidates_are_reported_at_the_candidate() {
    let site = case_site("srcset");
    let (code, err, _) = check(site.path(), &[]);
    assert_eq!(code, 1, "{err}");
    assert_diagnostic(
        &err,
        "content/ja/index.md:8:34: error[missing-image]: the image '/en/img/a-2x.png': nothing is published at '/en/img/a-2x.png'",
        Some("did you mean '/ja/img/a.png'?"),
    );
    assert!(err.contains(
        "content/ja/index.md:10:40: error[missing-image]: the image 'img/b-2x.webp': nothing is published at '/ja/img/b-2x.webp'"
    ), "{err}");
    assert_eq!(
        err.matches("error[").count(),
        2,
        "the existing candidates pass: {err}"
    );
}
