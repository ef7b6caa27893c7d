//! Hostile and careless input (issue 26), outside the dev server: output cut short,
//! leftovers of killed builds.

use std::process::{Command, Stdio};

use crate::support::fixture_site;

/// Runs tebiki with stdout connected to a pipe whose reading end is already closed, as in
/// `tebiki init x | head -0`: every write fails with EPIPE.
fn with_closed_stdout(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    Command::new(env!("CARGO_BIN_EXE_tebiki"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .unwrap()
}

#[test]
fn a_closed_pipe_ends_quietly_with_the_commands_own_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let init = with_closed_stdout(dir.path(), &["init", "site"]);
    let err = String::from_utf8_lossy(&init.stderr);
    assert_eq!(init.status.code(), Some(0), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(dir.path().join("site/site.toml").is_file());

    // A site with a broken link: check fails (1) whether or not anyone reads its report.
    let site = fixture_site("base");
    crate::support::replace_in_file(
        &site.path().join("content/en/guide.md"),
        "Choose a method",
        "Choose a [method](nowhere.md)",
    );
    for format in ["json", "github", "human"] {
        let check = with_closed_stdout(site.path(), &["check", "--format", format]);
        let err = String::from_utf8_lossy(&check.stderr);
        assert_eq!(check.status.code(), Some(1), "{format}: {err}");
        assert!(!err.contains("panicked"), "{format}: {err}");
    }
}
