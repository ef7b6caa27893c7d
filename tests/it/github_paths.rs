//! `--format github` in CI: annotation paths are relative to the repository root (the
//! site in `docs/mfa/` of a git repository), site.toml problems are annotated too, and a
//! closing `::notice::` gives the summary.

use std::path::Path;
use std::process::Command;

use crate::support::*;

/// A git repository with the base site in `docs/mfa/` and one broken link.
fn site_in_a_repository() -> tempfile::TempDir {
    let repo = tempfile::tempdir().unwrap();
    let site = repo.path().join("docs/mfa");
    copy_dir(&fixture("sites/base"), &site);
    for sub in ["themes", "i18n"] {
        copy_dir(&repo_root().join(sub), &site.join(sub));
    }
    replace_in_file(
        &site.join("content/en/guide.md"),
        "[the app](#method-app)",
        "[the app](#method-ap)",
    );
    let init = Command::new("git")
        .args(["init", "-q"])
        .current_dir(repo.path())
        .status()
        .unwrap();
    assert!(init.success());
    repo
}

fn github(site: &Path, extra: &[&str]) -> (Option<i32>, String) {
    let mut args = vec!["check", "--format", "github"];
    args.extend(extra);
    let out = tebiki(site, &args);
    (out.status.code(), stdout(&out))
}

#[test]
fn annotations_name_files_from_the_repository_root() {
    let repo = site_in_a_repository();
    let site = repo.path().join("docs/mfa");
    let (code, out) = github(&site, &[]);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.lines().any(|l| l.starts_with(
            "::error file=docs/mfa/content/en/guide.md,line=11,col=18,title=broken-anchor::"
        )),
        "{out}"
    );
    let last = out.lines().last().unwrap_or("");
    assert!(
        last.starts_with("::notice title=tebiki check::checked ") && last.contains("1 error"),
        "{out}"
    );
    // --path-prefix wins over git.
    let (_, out) = github(&site, &["--path-prefix", "site"]);
    assert!(
        out.contains("::error file=site/content/en/guide.md,line=11,col=18"),
        "{out}"
    );
}

#[test]
fn a_bad_site_toml_is_annotated() {
    let repo = site_in_a_repository();
    let site = repo.path().join("docs/mfa");
    std::fs::write(site.join("site.toml"), "base_url = 3\n").unwrap();
    let (code, out) = github(&site, &[]);
    assert_eq!(code, Some(2), "{out}");
    assert!(
        out.starts_with("::error file=docs/mfa/site.toml,line=1,col=12,title=wrong-type::"),
        "{out}"
    );
}

#[test]
fn build_outside_a_site_suggests_root_and_init() {
    let empty = tempfile::tempdir().unwrap();
    let out = tebiki(empty.path(), &["build"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("--root") && err.contains("tebiki init"),
        "{err}"
    );
}
