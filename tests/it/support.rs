//! Helpers shared by the integration tests: temporary site copies and running the binary.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root (where the shipped site lives).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/fixtures/<rel>`.
pub fn fixture(rel: &str) -> PathBuf {
    repo_root().join("tests/fixtures").join(rel)
}

/// Copies a folder recursively (symlinks are copied as links).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in walkdir::WalkDir::new(from).min_depth(1) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else if entry.file_type().is_symlink() {
            #[cfg(unix)]
            std::os::unix::fs::symlink(std::fs::read_link(entry.path()).unwrap(), &target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Replaces `from` (which must occur) with `to` in the file at `path`.
pub fn replace_in_file(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} has no {from:?}", path.display());
    std::fs::write(path, text.replace(from, to)).unwrap();
}

/// A temporary copy of the shipped guide (site.toml, content, themes, i18n).
pub fn shipped_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = repo_root();
    std::fs::copy(root.join("site.toml"), dir.path().join("site.toml")).unwrap();
    for sub in ["content", "themes", "i18n"] {
        copy_dir(&root.join(sub), &dir.path().join(sub));
    }
    dir
}

/// A temporary copy of the fixture site `tests/fixtures/sites/<name>`, with the shipped
/// theme and UI strings added where the fixture has none.
pub fn fixture_site(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture(&format!("sites/{name}")), dir.path());
    for sub in ["themes", "i18n"] {
        if !dir.path().join(sub).exists() {
            copy_dir(&repo_root().join(sub), &dir.path().join(sub));
        }
    }
    dir
}

/// Runs `tebiki <args…>` in `dir` with colours off.
pub fn tebiki(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tebiki"))
        .env("TEBIKI_MESSAGES", "en")
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Every file below `dir` with its bytes, sorted, for byte-for-byte comparisons.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

/// The text of `<main>…</main>` in an HTML page.
pub fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("page has <main>");
    let end = html.find("</main>").expect("page has </main>") + "</main>".len();
    &html[start..end]
}
