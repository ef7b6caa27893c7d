//! Nothing from outside the site reaches the output (issue 24): symbolic links that leave
//! the site, links to `/proc/self/environ`, FIFOs, in `content/` and in the theme's
//! `static/`. Each defect must fail the build quickly with its path and code, leave the
//! previous output alone, and put none of the outside bytes under `public/`; a link that
//! stays inside the site keeps working.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::support::{fixture, fixture_site, snapshot, stderr, tebiki};

/// Written in `tests/fixtures/outside/*` and put into the build's environment: found
/// under an output folder, it means bytes from outside the site were published.
pub const MARKER: &str = "TEBIKI-OUTSIDE-MARKER-24";

/// The folders a defect is put in: a language's content, and the theme's static files.
const PLACES: [(&str, &str); 2] = [
    ("content", "content/en/img"),
    ("theme", "themes/default/static/extra"),
];

/// Creates the defect `setup` (`outside-file-symlink`, `outside-folder-symlink`,
/// `proc-environ-symlink`, `fifo`, `inside-symlink`, each optionally prefixed `theme-`)
/// in `root`, and returns the path that the diagnostic must name. None for other names.
pub fn make_defect(setup: &str, root: &Path) -> Option<String> {
    let (dir, kind) = match setup.strip_prefix("theme-") {
        Some(kind) => (PLACES[1].1, kind),
        None => (PLACES[0].1, setup),
    };
    std::fs::create_dir_all(root.join(dir)).unwrap();
    let outside = fixture("outside");
    let name = match kind {
        "outside-file-symlink" => link(&outside.join("secret.txt"), root, dir, "leak.txt"),
        "outside-folder-symlink" => link(&outside.join("folder"), root, dir, "shared"),
        "proc-environ-symlink" => link(Path::new("/proc/self/environ"), root, dir, "env.txt"),
        "fifo" => {
            let path = root.join(dir).join("pipe.txt");
            let made = Command::new("mkfifo").arg(&path).status().unwrap();
            assert!(made.success(), "mkfifo (coreutils) makes the FIFO");
            "pipe.txt".to_string()
        }
        "inside-symlink" => {
            std::fs::create_dir_all(root.join("shared-files")).unwrap();
            std::fs::write(root.join("shared-files/inside.txt"), "INSIDE-OK").unwrap();
            link(
                &root.join("shared-files/inside.txt"),
                root,
                dir,
                "inside.txt",
            )
        }
        _ => return None,
    };
    Some(format!("{dir}/{name}"))
}

fn link(target: &Path, root: &Path, dir: &str, name: &str) -> String {
    std::os::unix::fs::symlink(target, root.join(dir).join(name)).unwrap();
    name.to_string()
}

/// Runs `tebiki build` with the marker in its environment, killed after `limit`.
fn build_with_limit(root: &Path, args: &[&str], limit: Duration) -> (Output, Duration) {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_tebiki"))
        .env("TEBIKI_MESSAGES", "en")
        .args(args)
        .current_dir(root)
        .env("NO_COLOR", "1")
        .env("TEBIKI_TEST_SECRET", MARKER)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("tebiki {args:?} still ran after {limit:?}: it hangs");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    (child.wait_with_output().unwrap(), started.elapsed())
}

fn files_holding_marker(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            std::fs::read(e.path())
                .is_ok_and(|b| b.windows(MARKER.len()).any(|w| w == MARKER.as_bytes()))
        })
        .map(|e| e.path().to_path_buf())
        .collect()
}

#[test]
fn links_out_of_the_site_and_special_files_are_refused_in_content_and_theme() {
    let cases = [
        ("outside-file-symlink", "outside-site"),
        ("outside-folder-symlink", "outside-site"),
        ("proc-environ-symlink", "outside-site"),
        ("fifo", "not-a-file"),
    ];
    let mut failures = Vec::new();
    for (place, _) in PLACES {
        for (kind, code) in cases {
            let setup = match place {
                "theme" => format!("theme-{kind}"),
                _ => kind.to_string(),
            };
            let site = fixture_site("base");
            let root = site.path();
            assert!(tebiki(root, &["build"]).status.success());
            let before = snapshot(&root.join("public"));
            let shown = make_defect(&setup, root).unwrap();
            let (out, took) = build_with_limit(root, &["build"], Duration::from_secs(20));
            let err = stderr(&out);
            let expected = format!("{shown}: error[{code}]");
            let mut problems = Vec::new();
            if out.status.code() != Some(1) {
                problems.push(format!("exit {:?}, expected 1", out.status.code()));
            }
            if !err.contains(&expected) {
                problems.push(format!("stderr lacks {expected:?}"));
            }
            if !err.contains("help:") {
                problems.push("no help line".into());
            }
            if snapshot(&root.join("public")) != before {
                problems.push("the previous output changed".into());
            }
            let leaked = files_holding_marker(&root.join("public"));
            if !leaked.is_empty() {
                problems.push(format!("outside bytes published in {leaked:?}"));
            }
            // check reports the same problem (it builds in memory through the same fence).
            let (check, _) = build_with_limit(root, &["check"], Duration::from_secs(20));
            if !stderr(&check).contains(&expected) {
                problems.push(format!("check lacks {expected:?}:\n{}", stderr(&check)));
            }
            eprintln!("{setup}: build refused it in {took:?}");
            if !problems.is_empty() {
                failures.push(format!("{setup}: {}\n{err}", problems.join("; ")));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn a_link_that_stays_inside_the_site_still_works() {
    for (place, dir) in PLACES {
        let site = fixture_site("base");
        let root = site.path();
        let setup = match place {
            "theme" => "theme-inside-symlink",
            _ => "inside-symlink",
        };
        make_defect(setup, root).unwrap();
        let (out, _) = build_with_limit(root, &["build"], Duration::from_secs(20));
        assert!(out.status.success(), "{place}: {}", stderr(&out));
        let published = match place {
            "theme" => root.join("public/extra/inside.txt"),
            _ => root
                .join("public")
                .join(dir.trim_start_matches("content/"))
                .join("inside.txt"),
        };
        assert_eq!(
            std::fs::read_to_string(&published).unwrap(),
            "INSIDE-OK",
            "{place}: {}",
            published.display()
        );
    }
}

#[test]
fn ui_strings_templates_and_whole_folders_are_fenced_too() {
    let outside = fixture("outside");
    type Defect<'a> = &'a dyn Fn(&Path);
    let cases: [(&str, Defect); 3] = [
        ("i18n/en.ftl", &|root: &Path| {
            std::fs::remove_file(root.join("i18n/en.ftl")).unwrap();
            std::os::unix::fs::symlink(outside.join("secret.txt"), root.join("i18n/en.ftl"))
                .unwrap();
        }),
        ("themes/default/templates/leak.html", &|root: &Path| {
            std::os::unix::fs::symlink(
                outside.join("secret.txt"),
                root.join("themes/default/templates/leak.html"),
            )
            .unwrap();
        }),
        ("content/en", &|root: &Path| {
            let moved = root.join("moved-away");
            std::fs::rename(root.join("content/en"), &moved).unwrap();
            std::os::unix::fs::symlink(outside.join("folder"), root.join("content/en")).unwrap();
        }),
    ];
    for (shown, defect) in cases {
        let site = fixture_site("base");
        defect(site.path());
        let (out, _) = build_with_limit(site.path(), &["build"], Duration::from_secs(20));
        let expected = format!("{shown}: error[outside-site]");
        assert_eq!(out.status.code(), Some(1), "{shown}: {}", stderr(&out));
        assert!(stderr(&out).contains(&expected), "{}", stderr(&out));
        assert!(files_holding_marker(&site.path().join("public")).is_empty());
    }
}
