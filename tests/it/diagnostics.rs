//! Diagnostics in the editor's language and the catalogue of codes: `--messages`, the
//! locale, `tebiki explain`, the generated reference pages, and a fixture for every code.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output};

use tebiki::diagnostics::{reference_page, reference_path, Code, Lang};

use crate::support::*;

/// Runs tebiki with only the given language settings (none inherited from the developer's
/// shell), so the test sees what a user with that locale sees.
fn tebiki_with_locale(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tebiki"));
    for name in ["TEBIKI_MESSAGES", "LC_ALL", "LC_MESSAGES", "LANG"] {
        command.env_remove(name);
    }
    command
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .envs(env.iter().copied())
        .output()
        .unwrap()
}

/// The base fixture with one link to a page that does not exist.
fn site_with_a_broken_link() -> tempfile::TempDir {
    let site = fixture_site("base");
    replace_in_file(
        &site.path().join("content/en/guide.md"),
        "[the app](#method-app)",
        "[the app](/en/nowhere/)",
    );
    site
}

fn has_kana(text: &str) -> bool {
    text.chars().any(|c| ('\u{3040}'..='\u{30ff}').contains(&c))
}

#[test]
fn a_japanese_locale_gets_japanese_messages_and_help() {
    let site = site_with_a_broken_link();
    let out = tebiki_with_locale(site.path(), &["build"], &[("LANG", "ja_JP.UTF-8")]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let line = err
        .lines()
        .find(|l| l.starts_with("content/en/guide.md:11:18: error[broken-link]: "))
        .unwrap_or_else(|| panic!("no located broken-link line:\n{err}"));
    assert!(line.contains("公開されていません"), "{line}");
    let help = err
        .lines()
        .find(|l| l.trim_start().starts_with("help: "))
        .unwrap_or_else(|| panic!("no help line:\n{err}"));
    assert!(has_kana(help), "the help line is not Japanese: {help}");
    assert!(err.contains("説明: tebiki explain broken-link"), "{err}");
}

#[test]
fn the_flag_wins_over_the_locale() {
    let site = site_with_a_broken_link();
    let env = [("LANG", "ja_JP.UTF-8"), ("TEBIKI_MESSAGES", "ja")];
    let out = tebiki_with_locale(site.path(), &["build", "--messages", "en"], &env);
    let err = stderr(&out);
    assert!(
        err.contains("content/en/guide.md:11:18: error[broken-link]: the link 'the app' (/en/nowhere/): nothing is published at '/en/nowhere/'"),
        "{err}"
    );
    assert!(
        err.contains("  = explain: tebiki explain broken-link"),
        "{err}"
    );
    assert!(!has_kana(&err), "Japanese in an English run:\n{err}");
}

#[test]
fn tebiki_messages_chooses_when_there_is_no_flag() {
    let site = site_with_a_broken_link();
    let env = [("LANG", "en_US.UTF-8"), ("TEBIKI_MESSAGES", "ja")];
    let out = tebiki_with_locale(site.path(), &["build"], &env);
    assert!(
        stderr(&out).contains("公開されていません"),
        "{}",
        stderr(&out)
    );
    let out = tebiki_with_locale(site.path(), &["build"], &[]);
    assert!(!has_kana(&stderr(&out)), "{}", stderr(&out));
}

/// `--format json` keeps its stable fields whatever the language, and says which
/// language its messages are in.
#[test]
fn json_keeps_its_fields_and_names_the_language() {
    let site = site_with_a_broken_link();
    let out = tebiki_with_locale(
        site.path(),
        &["check", "--format", "json", "--messages", "ja"],
        &[],
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["language"], "ja");
    let d = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "broken-link")
        .expect("a broken-link diagnostic");
    assert_eq!(
        (&d["path"], &d["line"], &d["column"]),
        (&"content/en/guide.md".into(), &11.into(), &18.into())
    );
    assert!(has_kana(d["message"].as_str().unwrap()), "{d}");
    assert!(has_kana(d["help"].as_str().unwrap()), "{d}");
}

#[test]
fn github_annotations_use_the_chosen_language() {
    let site = site_with_a_broken_link();
    let args = [
        "check",
        "--format",
        "github",
        "--path-prefix",
        "docs",
        "--messages",
        "ja",
    ];
    let out = tebiki_with_locale(site.path(), &args, &[]);
    let text = stdout(&out);
    let line = text
        .lines()
        .find(|l| l.contains("title=broken-link::"))
        .unwrap_or_else(|| panic!("{text}{}", stderr(&out)));
    assert!(
        line.starts_with("::error file=docs/content/en/guide.md,line=11,col=18,"),
        "{line}"
    );
    assert!(line.contains("公開されていません"), "{line}");
}

#[test]
fn explain_prints_the_explanation_in_the_chosen_language() {
    let dir = tempfile::tempdir().unwrap();
    let out = tebiki_with_locale(dir.path(), &["explain", "broken-anchor"], &[]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.starts_with("broken-anchor (error)\n"), "{text}");
    assert!(
        text.contains("Wrong:") && text.contains("faq.md#lost-phon)"),
        "{text}"
    );
    assert!(
        text.contains("Right:") && text.contains("faq.md#lost-phone)"),
        "{text}"
    );

    let out = tebiki_with_locale(
        dir.path(),
        &["explain", "--messages", "ja", "broken-anchor"],
        &[],
    );
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.starts_with("broken-anchor (エラー)\n"), "{text}");
    assert!(
        text.contains("誤り:") && text.contains("正しい例:"),
        "{text}"
    );
    assert!(text.contains("リンク先のページにない"), "{text}");
}

#[test]
fn explain_suggests_the_code_meant_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = tebiki_with_locale(dir.path(), &["explain", "brokn-anchor"], &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("error: there is no diagnostic code 'brokn-anchor'"),
        "{err}"
    );
    assert!(err.contains("help: did you mean 'broken-anchor'?"), "{err}");
    assert!(stdout(&out).is_empty());

    let out = tebiki_with_locale(
        dir.path(),
        &["explain", "zzzzzzzz"],
        &[("LANG", "ja_JP.UTF-8")],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("tebiki explain --list"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn explain_list_names_every_code() {
    let dir = tempfile::tempdir().unwrap();
    let out = tebiki_with_locale(dir.path(), &["explain", "--list"], &[]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    let listed: Vec<&str> = text
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    let all: Vec<&str> = Code::ALL.iter().map(|c| c.name()).collect();
    assert_eq!(listed, all);
}

/// The committed reference pages are what the catalogue generates. To regenerate after
/// changing an explanation: `TEBIKI_BLESS=1 cargo test --test it reference_pages`.
#[test]
fn reference_pages_are_up_to_date() {
    let bless = std::env::var_os("TEBIKI_BLESS").is_some();
    let mut stale = Vec::new();
    for lang in Lang::ALL {
        let path = repo_root().join(reference_path(lang));
        let wanted = reference_page(lang);
        if bless {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &wanted).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(wanted.as_str()) {
            stale.push(reference_path(lang));
        }
    }
    assert!(
        stale.is_empty(),
        "{} out of date; regenerate with: TEBIKI_BLESS=1 cargo test --test it reference_pages",
        stale.join(" and ")
    );
}

/// Codes that no file in a fixture site can produce, each with the unit or integration
/// test that does produce it (by test function name, found in the named file).
const TESTED_ELSEWHERE: &[(&str, &str, &str)] = &[
    (
        "wrong-value",
        "src/config/toml_words.rs",
        "no_rust_type_names",
    ),
    (
        "bad-config",
        "src/config/announcement.rs",
        "mistakes_are_reported_at_their_line",
    ),
    (
        "low-contrast",
        "tests/it/publish.rs",
        "a_pale_accent_colour_is_an_error_with_its_ratio_and_a_passing_shade",
    ),
    (
        "misplaced-close",
        "src/markdown/tests.rs",
        "error_cases_are_located_and_the_page_still_renders",
    ),
    (
        "empty-steps",
        "src/markdown/tests.rs",
        "error_cases_are_located_and_the_page_still_renders",
    ),
    (
        "misplaced-else",
        "src/markdown/tests.rs",
        "else_shows_when_the_if_block_before_it_is_hidden",
    ),
    (
        "unused-device-tag",
        "src/markdown/tests.rs",
        "device_tags_without_effect_are_warnings_and_never_text",
    ),
    (
        "unknown-code-language",
        "src/markdown/tests.rs",
        "code_is_highlighted_with_classes_or_shown_plain",
    ),
    (
        "missing-alt",
        "src/markdown/image_tests.rs",
        "screenshot_line_mistakes_are_reported",
    ),
    (
        "unreadable-image",
        "src/markdown/image_tests.rs",
        "screenshot_line_mistakes_are_reported",
    ),
    (
        "screenshot-marker",
        "src/markdown/image_tests.rs",
        "a_marker_outside_the_image_is_an_error_at_its_item",
    ),
    (
        "image-from-other-language",
        "src/markdown/image_tests.rs",
        "an_image_missing_here_comes_from_another_language_with_a_note_and_a_warning",
    ),
    (
        "unused-argument",
        "src/snippets/tests.rs",
        "arguments_the_snippet_never_mentions_are_warnings",
    ),
    (
        "missing-snippet-translation",
        "tests/it/snippets.rs",
        "a_snippet_missing_in_one_language_falls_back_with_a_warning",
    ),
    (
        "untranslated-ui-string",
        "src/i18n.rs",
        "syntax_errors_and_key_gaps_are_located",
    ),
    (
        "bad-alias",
        "tests/it/dates_aliases.rs",
        "an_alias_over_a_theme_file_is_an_error",
    ),
    (
        "missing-translation",
        "tests/it/i18n.rs",
        "missing_translations_can_be_errors",
    ),
    (
        "broken-theme-link",
        "tests/it/check.rs",
        "broken_theme_links_point_at_the_template_line",
    ),
    (
        "link-to-alias",
        "tests/it/dates_aliases.rs",
        "check_warns_when_content_links_to_an_alias",
    ),
    (
        "stale-page",
        "tests/it/dates_aliases.rs",
        "pages_older_than_stale_after_days_warn_at_their_date",
    ),
    (
        "external-link",
        "tests/it/check/external.rs",
        "statuses_redirects_fragments_and_timeouts",
    ),
    (
        "external-redirect",
        "tests/it/check/external.rs",
        "statuses_redirects_fragments_and_timeouts",
    ),
    (
        "external-anchor",
        "tests/it/check/external.rs",
        "statuses_redirects_fragments_and_timeouts",
    ),
    (
        "external-unchecked",
        "tests/it/check/external.rs",
        "a_server_that_never_answers_ends_within_the_budget_as_not_checked",
    ),
    (
        "external-offline",
        "tests/it/check/external.rs",
        "when_nothing_connects_one_error_asks_about_the_network",
    ),
    (
        "build-failed",
        "src/serve/rebuild.rs",
        "overlay_explains_errors_without_diagnostics",
    ),
];

/// Codes no file and no test can produce: `internal` reports a bug in tebiki itself (a
/// page whose rendered Markdown went missing), which a working build never has.
const CANNOT_BE_PRODUCED: &[&str] = &["internal"];

/// The walk over the catalogue: every code is produced by a `tests/fixtures/bad/` case
/// (whose expectations `every_bad_input_case_fails_cleanly` checks), by a
/// `tests/fixtures/check/` case (run here), or by a named test where no file can.
#[test]
fn every_code_has_a_fixture_that_produces_it() {
    let mut produced = BTreeSet::new();
    for case in std::fs::read_dir(fixture("bad")).unwrap() {
        let text = std::fs::read_to_string(case.unwrap().path().join("case.toml")).unwrap();
        produced.extend(codes_in(&text));
    }
    for case in std::fs::read_dir(fixture("check")).unwrap() {
        let name = case.unwrap().file_name().into_string().unwrap();
        let site = crate::check::case_site(&name);
        let out = tebiki(site.path(), &["check", "--format", "json"]);
        let json: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|_| panic!("check/{name}: {}", stderr(&out)));
        for d in json["diagnostics"].as_array().unwrap() {
            produced.insert(d["code"].as_str().unwrap().to_string());
        }
    }
    for (code, file, test) in TESTED_ELSEWHERE {
        let source = std::fs::read_to_string(repo_root().join(file)).unwrap();
        let body = source
            .split(&format!("fn {test}("))
            .nth(1)
            .unwrap_or_else(|| panic!("{file} has no test {test}"));
        let body = body
            .split("\n    fn ")
            .next()
            .unwrap()
            .split("\nfn ")
            .next()
            .unwrap();
        let variant = Code::from_name(code)
            .map(|c| format!("Code::{c:?}"))
            .unwrap_or_default();
        assert!(
            body.contains(code) || body.contains(&variant),
            "{file}: {test} does not mention {code}"
        );
        produced.insert(code.to_string());
    }
    let missing: Vec<&str> = Code::ALL
        .iter()
        .map(|c| c.name())
        .filter(|name| !produced.contains(*name) && !CANNOT_BE_PRODUCED.contains(name))
        .collect();
    assert!(
        missing.is_empty(),
        "codes no fixture or test produces: {missing:?}"
    );
}

/// The codes in `error[code]` / `warning[code]` of a case file.
fn codes_in(text: &str) -> Vec<String> {
    text.split("error[")
        .chain(text.split("warning["))
        .skip(1)
        .filter_map(|rest| rest.split(']').next())
        .filter(|code| Code::from_name(code).is_some())
        .map(str::to_string)
        .collect()
}
