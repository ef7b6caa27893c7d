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
        .env("TEBIKI_MESSAGES", "en")
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

/// `kill -9` during builds leaves the staged files in `.tebiki/public.spares/`, some
/// perhaps half written (and, from older tebiki versions, staging and old-output
/// folders). The next build (holding the lock) writes over or removes them: its output is
/// the same as a clean build's, and what stays in `.tebiki/` is no more than one spare per
/// output file.
#[test]
fn builds_killed_mid_write_leave_nothing_behind_after_the_next_build() {
    let site = fixture_site("base");
    let root = site.path();
    let page = std::fs::read_to_string(root.join("content/en/guide.md")).unwrap();
    let body = page.splitn(3, "---\n").nth(2).unwrap();
    for i in 0..300 {
        for lang in ["en", "ja"] {
            let text = format!("---\ntitle: Copy {i}\n---\n{body}");
            std::fs::write(root.join(format!("content/{lang}/copy-{i}.md")), text).unwrap();
        }
    }
    let clean = tempfile::tempdir().unwrap();
    crate::support::copy_dir(root, clean.path());
    let first = crate::support::tebiki(clean.path(), &["build"]);
    assert!(first.status.success(), "{}", crate::support::stderr(&first));

    let mut killed_mid_build = 0;
    for (round, wait_ms) in [40u64, 80, 120, 160, 200, 260].iter().enumerate() {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tebiki"))
            .env("TEBIKI_MESSAGES", "en")
            .args(["build", "--quiet"])
            .current_dir(root)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(*wait_ms));
        if child.try_wait().unwrap().is_none() {
            killed_mid_build += 1;
        }
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        eprintln!("round {round}: killed after {wait_ms} ms");
    }
    let leftovers = |root: &std::path::Path| -> Vec<String> {
        std::fs::read_dir(root.join(".tebiki"))
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("public.staging-") || n.starts_with("public.old-"))
            .collect()
    };
    let spares = |root: &std::path::Path| {
        std::fs::read_dir(root.join(".tebiki/public.spares"))
            .map(|d| d.count())
            .unwrap_or(0)
    };
    assert!(
        killed_mid_build >= 3,
        "only {killed_mid_build} of 6 builds were still running when killed"
    );
    assert!(
        root.join(".tebiki/public.spares").is_dir(),
        "no killed build reached the output stage, so this test shows nothing"
    );
    // A folder an older tebiki's killed build left.
    std::fs::create_dir_all(root.join(".tebiki/public.staging-4242/en")).unwrap();
    std::fs::write(root.join(".tebiki/public.staging-4242/en/x.html"), "torn").unwrap();
    let out = crate::support::tebiki(root, &["build"]);
    assert!(out.status.success(), "{}", crate::support::stderr(&out));
    assert_eq!(leftovers(root), Vec::<String>::new());
    let output = crate::support::snapshot(&root.join("public"));
    assert!(
        output == crate::support::snapshot(&clean.path().join("public")),
        "the output differs from a clean build's"
    );
    assert!(
        spares(root) <= output.len(),
        "{} spare files for {} output files",
        spares(root),
        output.len()
    );
}

/// Hidden folders, editor leftovers and the site's `ignore` list are never published.
#[test]
fn hidden_folders_editor_leftovers_and_ignored_names_are_not_published() {
    let site = fixture_site("base");
    let root = site.path();
    let en = root.join("content/en");
    let private = [
        ".drafts/notes.txt",
        ".drafts/x.md",
        "guide.md~",
        "#guide.md#",
        ".#guide.md",
        "img/.DS_Store",
        "drafts/plan.md",
        "img/logo.psd",
    ];
    for rel in private {
        let path = en.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, "---\ntitle: Private\n---\nPRIVATE-NOTES\n").unwrap();
    }
    let toml = std::fs::read_to_string(root.join("site.toml")).unwrap();
    std::fs::write(
        root.join("site.toml"),
        format!("ignore = [\"drafts\", \"*.psd\"]\n{toml}"),
    )
    .unwrap();
    let out = crate::support::tebiki(root, &["build"]);
    assert!(out.status.success(), "{}", crate::support::stderr(&out));
    let published: Vec<String> = walkdir::WalkDir::new(root.join("public"))
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            std::fs::read_to_string(e.path()).is_ok_and(|t| t.contains("PRIVATE-NOTES"))
                || e.path().to_string_lossy().contains("drafts")
        })
        .map(|e| e.path().display().to_string())
        .collect();
    assert!(published.is_empty(), "published: {published:?}");
    let check = crate::support::tebiki(root, &["check"]);
    assert!(
        !crate::support::stderr(&check).contains("drafts"),
        "{}",
        crate::support::stderr(&check)
    );
}

/// Colour follows the shared conventions: `CLICOLOR_FORCE` colours even a pipe,
/// `NO_COLOR` wins over it, and `CLICOLOR=0` or `TERM=dumb` keep a pipe plain.
#[test]
fn colour_follows_no_color_clicolor_and_term() {
    let site = fixture_site("base");
    crate::support::replace_in_file(
        &site.path().join("content/en/guide.md"),
        "weight: 10",
        "weight: heavy",
    );
    let run = |vars: &[(&str, &str)]| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_tebiki"));
        command.env("TEBIKI_MESSAGES", "en");
        command.arg("build").current_dir(site.path());
        for name in ["NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "TERM"] {
            command.env_remove(name);
        }
        command.envs(vars.iter().copied());
        let out = command.output().unwrap();
        assert_eq!(out.status.code(), Some(1));
        String::from_utf8_lossy(&out.stderr).contains('\x1b')
    };
    assert!(!run(&[]), "a pipe is plain by default");
    assert!(run(&[("CLICOLOR_FORCE", "1")]));
    assert!(!run(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]));
    assert!(!run(&[("CLICOLOR", "0"), ("TERM", "dumb")]));
}
