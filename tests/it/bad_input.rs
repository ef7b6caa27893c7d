//! The bad-input corpus: every case in `tests/fixtures/bad/<case>/` is one defect applied
//! to a good base site. For each, the build must exit with the expected code, print the
//! expected `path:line:col: error[code]` lines in plain words, never panic, and leave the
//! previous output byte-for-byte unchanged.
//!
//! A case folder holds `case.toml` (`exit`, `expect`, optional `args`, `setup`, `remove`,
//! `replace`) and optionally `files/`, copied over the base site.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use serde::Deserialize;

use crate::support::*;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    exit: i32,
    #[serde(default)]
    expect: Vec<String>,
    #[serde(default)]
    args: Vec<String>,
    #[serde(default)]
    setup: Option<String>,
    #[serde(default)]
    remove: Vec<String>,
    #[serde(default)]
    replace: Vec<(String, String, String)>,
}

/// Words that show a message was written for developers, not web editors.
const DEVELOPER_WORDS: [&str; 11] = [
    "expected i64",
    "expected u32",
    "expected u64",
    "expected usize",
    "struct FrontMatter",
    "panicked",
    "RUST_BACKTRACE",
    "Os {",
    "kind: ",
    "Utf8Error",
    "called `Result::unwrap()`",
];

#[test]
fn every_bad_input_case_fails_cleanly() {
    let dir = fixture("bad");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert!(names.len() >= 40, "the corpus has {} cases", names.len());
    let failures = run_cases(&dir, &names);
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        names.len(),
        failures.join("\n\n")
    );
}

/// Runs every case, a few at a time (each in its own copy of the base site): the cases
/// spend most of their time waiting for tebiki processes. Returns the failures in name
/// order.
fn run_cases(dir: &Path, names: &[String]) -> Vec<String> {
    let next = AtomicUsize::new(0);
    let failures = Mutex::new(Vec::new());
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get().clamp(2, 4));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                while let Some(name) = names.get(next.fetch_add(1, Ordering::Relaxed)) {
                    if let Err(failure) = run_case(&dir.join(name), name) {
                        lock(&failures).push((name.clone(), failure));
                    }
                }
            });
        }
    });
    let mut failures = failures.into_inner().unwrap_or_else(|e| e.into_inner());
    failures.sort();
    failures.into_iter().map(|(_, failure)| failure).collect()
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

fn run_case(dir: &Path, name: &str) -> Result<(), String> {
    let case: Case = toml::from_str(&std::fs::read_to_string(dir.join("case.toml")).unwrap())
        .map_err(|e| format!("{name}: bad case.toml: {e}"))?;
    let site = fixture_site("base");
    let root = site.path();
    let first = tebiki(root, &["build"]);
    if first.status.code() != Some(0) {
        return Err(format!(
            "{name}: the base site does not build:\n{}",
            stderr(&first)
        ));
    }
    apply(dir, &case, root);
    let before = snapshot(&root.join("public"));
    let mut args = vec!["build"];
    args.extend(case.args.iter().map(String::as_str));
    let out = match case.setup.as_deref() {
        Some(setup) if setup.starts_with("unreadable") => tebiki_without_file_override(root, &args),
        _ => tebiki(root, &args),
    };
    let err = stderr(&out);
    let mut problems = Vec::new();
    if out.status.code() != Some(case.exit) {
        problems.push(format!(
            "exit code {:?}, expected {}",
            out.status.code(),
            case.exit
        ));
    }
    for expected in &case.expect {
        if !err.contains(expected.as_str()) {
            problems.push(format!("stderr lacks {expected:?}"));
        }
    }
    for word in DEVELOPER_WORDS {
        if err.contains(word) {
            problems.push(format!("stderr shows developer text {word:?}"));
        }
    }
    problems.extend(diagnostics_without_help(&err));
    if case.setup.as_deref() == Some("unreadable") && err.contains("missing-translation") {
        problems.push("an unreadable page is reported as a missing translation".into());
    }
    if case
        .setup
        .as_deref()
        .is_some_and(|s| s.starts_with("unreadable"))
    {
        restore_permissions(root);
    }
    if case.exit != 0 && snapshot(&root.join("public")) != before {
        problems.push("the previous output changed".into());
    }
    if case.exit != 0
        && !err
            .lines()
            .any(|l| l.contains("help:") || l.contains("error:"))
    {
        problems.push("no help or error summary line".into());
    }
    match problems.is_empty() {
        true => Ok(()),
        false => Err(format!(
            "{name}: {}\n--- stderr ---\n{err}",
            problems.join("; ")
        )),
    }
}

/// Every `error[code]` or `warning[code]` printed must carry a `help:` line (after its
/// `included from` lines, if any): the README promises a next step for each.
fn diagnostics_without_help(stderr: &str) -> Vec<String> {
    let lines: Vec<&str> = stderr.lines().collect();
    let mut problems = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if !(line.contains(": error[") || line.contains(": warning[")) {
            continue;
        }
        let has_help = lines[i + 1..]
            .iter()
            .take_while(|l| l.starts_with(' '))
            .any(|l| l.trim_start().starts_with("help:"));
        if !has_help {
            problems.push(format!("no help line for {line:?}"));
        }
    }
    problems
}

/// The base site with bad-input case `name` applied (a case without a `setup`) and the
/// case's extra `build` arguments, for tests that run it in another way (e.g. in
/// Japanese).
pub fn bad_case_site(name: &str) -> (tempfile::TempDir, Vec<String>) {
    let dir = fixture("bad").join(name);
    let case: Case =
        toml::from_str(&std::fs::read_to_string(dir.join("case.toml")).unwrap()).unwrap();
    assert!(case.setup.is_none(), "{name} needs a setup");
    let site = fixture_site("base");
    apply(&dir, &case, site.path());
    (site, case.args)
}

fn apply(dir: &Path, case: &Case, root: &Path) {
    let files = dir.join("files");
    if files.is_dir() {
        copy_dir(&files, root);
    }
    for rel in &case.remove {
        std::fs::remove_file(root.join(rel)).unwrap();
    }
    for (rel, from, to) in &case.replace {
        let path = root.join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.contains(from.as_str()),
            "{}: {from:?} not found in {rel}",
            dir.display()
        );
        std::fs::write(&path, text.replacen(from.as_str(), to, 1)).unwrap();
    }
    if let Some(setup) = &case.setup {
        special_setup(setup, root);
    }
}

/// Defects that cannot be stored as plain files in the repository.
fn special_setup(setup: &str, root: &Path) {
    let en = root.join("content/en");
    match setup {
        "non-utf8" => {
            let mut bytes = b"---\ntitle: Guide\n---\n".to_vec();
            bytes.extend_from_slice(b"Shift_JIS: \x82\xa0\x82\xa2\n");
            std::fs::write(en.join("guide.md"), bytes).unwrap();
        }
        "huge-file" => {
            let paragraph =
                "A long guide paragraph with **bold**, `code` and a [link](index.md).\n\n";
            let body = paragraph.repeat(50 * 1024 * 1024 / paragraph.len());
            std::fs::write(en.join("huge.md"), format!("---\ntitle: Huge\n---\n{body}")).unwrap();
            std::fs::write(
                root.join("content/ja/huge.md"),
                "---\ntitle: 大きい\n---\n本文\n",
            )
            .unwrap();
        }
        "long-lines" => {
            let line = "とても長い行です。".repeat(2 * 1024 * 1024 / 27);
            std::fs::write(
                en.join("long.md"),
                format!("---\ntitle: Long\n---\n{line}\n"),
            )
            .unwrap();
            std::fs::write(
                root.join("content/ja/long.md"),
                format!("---\ntitle: 長い\n---\n{line}\n"),
            )
            .unwrap();
        }
        "deep-nesting" => {
            let mut body = String::new();
            for depth in 0..5000 {
                body.push_str(&"  ".repeat(depth.min(2000)));
                body.push_str(if depth % 2 == 0 {
                    "- item\n"
                } else {
                    "> quote\n"
                });
            }
            body.push_str(&">".repeat(5000));
            std::fs::write(
                en.join("deep.md"),
                format!("---\ntitle: Deep\n---\n{body}\n"),
            )
            .unwrap();
            std::fs::write(
                root.join("content/ja/deep.md"),
                "---\ntitle: 深い\n---\n本文\n",
            )
            .unwrap();
        }
        "unreadable" => set_mode(&en.join("guide.md"), 0o000),
        "unreadable-theme-static" | "unreadable-theme-templates" => {
            let locked = root.join(LOCKED_THEME_FOLDERS[usize::from(setup.ends_with("templates"))]);
            std::fs::create_dir(&locked).unwrap();
            std::fs::write(locked.join("a.txt"), "x").unwrap();
            set_mode(&locked, 0o000);
        }
        "theme-static-dangling-symlink" => symlink(
            &root.join("themes/default/static/does-not-exist.css"),
            &root.join("themes/default/static/gone.css"),
        ),
        "theme-templates-dangling-symlink" => symlink(
            &root.join("themes/default/templates/does-not-exist.html"),
            &root.join("themes/default/templates/gone.html"),
        ),
        "symlink-loop" => symlink(&en, &en.join("loop")),
        "dangling-symlink" => symlink(&en.join("does-not-exist.md"), &en.join("gone.md")),
        "foreign-output" => {
            std::fs::remove_dir_all(root.join("public")).unwrap();
            std::fs::create_dir(root.join("public")).unwrap();
            std::fs::write(root.join("public/thesis.docx"), b"someone's work").unwrap();
        }
        "output-symlink" => {
            std::fs::create_dir(root.join("elsewhere")).unwrap();
            std::fs::remove_dir_all(root.join("public")).unwrap();
            symlink(&root.join("elsewhere"), &root.join("public"));
        }
        other => {
            crate::containment::make_defect(other, root)
                .unwrap_or_else(|| panic!("unknown setup {other}"));
        }
    }
}

/// Runs tebiki so that file permissions apply even to root: CI runs as root, whose
/// CAP_DAC_OVERRIDE would read a mode-000 file anyway. `setpriv` (util-linux) drops it.
fn tebiki_without_file_override(root: &Path, args: &[&str]) -> std::process::Output {
    use std::os::unix::fs::MetadataExt;
    let is_root = std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0);
    if !is_root {
        return tebiki(root, args);
    }
    std::process::Command::new("setpriv")
        .arg("--bounding-set=-dac_override,-dac_read_search")
        .arg(env!("CARGO_BIN_EXE_tebiki"))
        .args(args)
        .current_dir(root)
        .env("NO_COLOR", "1")
        .env("TEBIKI_MESSAGES", "en")
        .output()
        .expect("setpriv (util-linux) runs tebiki without root's permission override")
}

/// The folders the `unreadable-theme-…` setups make and lock: in the theme's `static/`
/// and in its `templates/`.
const LOCKED_THEME_FOLDERS: [&str; 2] = [
    "themes/default/static/locked",
    "themes/default/templates/locked",
];

fn restore_permissions(root: &Path) {
    for folder in ["content/en/guide.md"]
        .into_iter()
        .chain(LOCKED_THEME_FOLDERS)
    {
        if root.join(folder).exists() {
            let dir = root.join(folder).is_dir();
            set_mode(&root.join(folder), if dir { 0o755 } else { 0o644 });
        }
    }
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn symlink(target: &Path, link: &Path) {
    #[cfg(unix)]
    std::os::unix::fs::symlink(target, link).unwrap();
}
