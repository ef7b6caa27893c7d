//! Issue 27 part 2: with `TEBIKI_MESSAGES=ja`, every message and help line of build, init
//! and serve is Japanese — site.toml problems, template problems, output paths, fatal
//! errors and progress lines, not only the content diagnostics.

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use crate::bad_input::bad_case_site;
use crate::support::*;

fn tebiki_in(lang: &str, dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tebiki"))
        .env("TEBIKI_MESSAGES", lang)
        .env("NO_COLOR", "1")
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn has_japanese(text: &str) -> bool {
    text.chars()
        .any(|c| ('\u{3040}'..='\u{30ff}').contains(&c) || ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// Lines that are English only: no kana or kanji. `included from` lines name places only, and
/// the `cd DIR && tebiki serve` line of init is a command.
fn english_lines(output: &str) -> Vec<&str> {
    output
        .lines()
        .filter(|l| !l.trim().is_empty() && !has_japanese(l))
        .filter(|l| !l.trim_start().starts_with("included from"))
        .filter(|l| !l.trim_start().starts_with("cd "))
        .collect()
}

/// The sentences of the English output (messages after `]: `, help lines, `error:` lines):
/// none of them may appear in the Japanese output. A `template` message is Tera's own
/// words, which stay as they are inside the translated sentence.
fn english_sentences(output: &str) -> Vec<String> {
    output
        .lines()
        .filter(|l| !l.contains("error[template]"))
        .filter_map(|l| {
            let l = l.trim_start();
            let sentence = match l.split_once("]: ") {
                Some((_, message)) => message,
                None => l.strip_prefix("help: ").or(l.strip_prefix("error: "))?,
            };
            Some(sentence.to_string())
        })
        .collect()
}

/// One case of each kind that was English in every language before: site.toml (syntax,
/// keys, types, values, the theme and the announcement), templates, template names,
/// aliases, output paths, UI strings and dates.
const CASES: [&str; 16] = [
    "toml-unknown-key",
    "toml-plain-type-words",
    "toml-bad-base-url",
    "toml-duplicate-language",
    "toml-default-not-listed",
    "theme-bad-color",
    "announcement-unknown-language",
    "tera-unknown-variable",
    "tera-syntax",
    "tera-get-env-forbidden",
    "tera-include-cycle",
    "unknown-template",
    "alias-collision",
    "duplicate-output-index",
    "output-is-root",
    "fm-bad-date",
];

#[test]
fn build_problems_of_every_kind_read_in_japanese() {
    let mut failures = Vec::new();
    for name in CASES {
        let (site, extra) = bad_case_site(name);
        let mut args = vec!["build"];
        args.extend(extra.iter().map(String::as_str));
        let en = stderr(&tebiki_in("en", site.path(), &args));
        let ja = stderr(&tebiki_in("ja", site.path(), &args));
        let english = english_lines(&ja);
        if !english.is_empty() {
            failures.push(format!("{name}: English lines {english:?}\n{ja}"));
        }
        for sentence in english_sentences(&en) {
            if ja.contains(&sentence) {
                failures.push(format!("{name}: the English {sentence:?} is in\n{ja}"));
            }
        }
        if !ja.contains("error[") && !ja.contains("error: ") {
            failures.push(format!("{name}: no error at all\n{ja}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn a_site_toml_typo_names_the_key_in_japanese() {
    let (site, _) = bad_case_site("toml-plain-type-words");
    let ja = stderr(&tebiki_in("ja", site.path(), &["build"]));
    assert!(
        ja.contains(
            "site.toml:11:11: error[wrong-type]: site.toml: 値が文字列（\"10\"）ですが、0 以上の整数を書く必要があります"
        ),
        "{ja}"
    );
    assert!(ja.contains("help: 文字列は引用符で囲みます"), "{ja}");
    assert!(
        ja.contains("error: site.toml に 1 件の問題があります"),
        "{ja}"
    );
}

#[test]
fn init_and_its_refusal_speak_japanese() {
    let dir = tempfile::tempdir().unwrap();
    let out = tebiki_in("ja", dir.path(), &["init", "site"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let said = stdout(&out);
    assert!(said.contains("個のファイルを書き出しました"), "{said}");
    assert!(english_lines(&said).is_empty(), "{said}");
    let again = tebiki_in("ja", dir.path(), &["init", "site"]);
    assert_eq!(again.status.code(), Some(2));
    let err = stderr(&again);
    assert!(err.contains("は空ではありません"), "{err}");
    assert!(english_lines(&err).is_empty(), "{err}");
}

#[test]
fn fatal_errors_say_their_sentence_in_japanese_and_quote_the_system() {
    let dir = tempfile::tempdir().unwrap();
    let err = stderr(&tebiki_in("ja", dir.path(), &["build"]));
    assert!(err.contains("/site.toml を読めませんでした"), "{err}");
    assert!(err.contains("  原因: "), "{err}");
    assert!(
        err.contains("help: ") && err.contains("tebiki のサイトではありません"),
        "{err}"
    );
    let site = fixture_site("base");
    let bad_url = tebiki_in("ja", site.path(), &["build", "--base-url", "preview"]);
    let err = stderr(&bad_url);
    assert!(err.contains("完全な URL ではありません"), "{err}");
    assert!(err.contains("help: プレビューのアドレス"), "{err}");
    assert!(english_lines(&err).is_empty(), "{err}");
}

#[test]
fn serve_reports_its_builds_in_japanese() {
    let site = fixture_site("base");
    let server = crate::serve::wire::Server::start(
        crate::serve::tebiki_binary(),
        site.path(),
        &["--messages", "ja"],
    );
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut seen = Vec::new();
    while Instant::now() < deadline {
        match server.stderr.recv_timeout(Duration::from_millis(200)) {
            Ok(line) if line.starts_with("ビルド 1: ") => return,
            Ok(line) => seen.push(line),
            Err(_) => continue,
        }
    }
    panic!("no Japanese build line; stderr: {seen:?}");
}
