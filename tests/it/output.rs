//! Output safety: a failed build changes nothing, concurrent builds take turns, and
//! nothing outside the output folder is ever deleted or written.

use std::path::Path;

use crate::support::*;

#[test]
fn a_failed_build_leaves_the_previous_output_byte_for_byte() {
    let site = fixture_site("base");
    assert_eq!(tebiki(site.path(), &["build"]).status.code(), Some(0));
    let before = snapshot(&site.path().join("public"));
    std::fs::write(
        site.path().join("content/en/guide.md"),
        "---\ntitle: [broken\n---\n",
    )
    .unwrap();
    let out = tebiki(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("nothing was written"),
        "{}",
        stderr(&out)
    );
    assert_eq!(snapshot(&site.path().join("public")), before);
    assert_no_leftovers(site.path());
}

#[test]
fn a_good_build_replaces_the_output_and_removes_stale_files() {
    let site = fixture_site("base");
    assert_eq!(tebiki(site.path(), &["build"]).status.code(), Some(0));
    std::fs::remove_file(site.path().join("content/en/guide.md")).unwrap();
    std::fs::remove_file(site.path().join("content/ja/guide.md")).unwrap();
    // The home pages still link to the guide: links only warn here, so the build goes on.
    let config = site.path().join("site.toml");
    let toml = std::fs::read_to_string(&config).unwrap();
    let relaxed = toml.replacen("[params]", "[build]\nlinks = \"warning\"\n\n[params]", 1);
    std::fs::write(&config, relaxed).unwrap();
    let out = tebiki(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("warning[broken-link]"),
        "{}",
        stderr(&out)
    );
    assert!(
        !site.path().join("public/en/guide").exists(),
        "pages that no longer exist are gone"
    );
    assert!(site.path().join("public/en/index.html").exists());
    assert_no_leftovers(site.path());
}

/// `[build] links = "off"`: the build neither fails nor warns on a broken link, and writes
/// every page; `tebiki check` still finds the link.
#[test]
fn links_off_leaves_the_link_check_to_check() {
    let site = fixture_site("base");
    let guide = site.path().join("content/en/guide.md");
    let text = std::fs::read_to_string(&guide).unwrap();
    std::fs::write(
        &guide,
        text.replacen("[the app](#method-app)", "[the app](/en/nowhere/)", 1),
    )
    .unwrap();
    let config = site.path().join("site.toml");
    let toml = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        toml.replacen("[params]", "[build]\nlinks = \"off\"\n\n[params]", 1),
    )
    .unwrap();
    let out = tebiki(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stderr(&out).contains("broken-link"), "{}", stderr(&out));
    let page = std::fs::read_to_string(site.path().join("public/en/guide/index.html")).unwrap();
    assert!(
        page.contains("/en/nowhere/"),
        "the page is written as it is"
    );
    let check = tebiki(site.path(), &["check"]);
    assert_eq!(check.status.code(), Some(1));
    assert!(
        stderr(&check).contains("content/en/guide.md:11:18: error[broken-link]"),
        "{}",
        stderr(&check)
    );
}

/// A rebuild hard-links the files whose bytes did not change from the output it replaces
/// (same file, same modification time, so deploy tools can skip it) and writes the rest.
#[cfg(unix)]
#[test]
fn a_rebuild_keeps_unchanged_files_and_rewrites_changed_ones() {
    use std::os::unix::fs::MetadataExt;
    let site = fixture_site("base");
    let public = site.path().join("public");
    assert_eq!(tebiki(site.path(), &["build"]).status.code(), Some(0));
    let css = std::fs::metadata(public.join("tebiki.css")).unwrap();
    let page = std::fs::metadata(public.join("en/guide/index.html")).unwrap();
    replace_in_file(
        &site.path().join("content/en/guide.md"),
        "Choose a method",
        "Choose one method",
    );
    assert_eq!(tebiki(site.path(), &["build"]).status.code(), Some(0));

    let css_now = std::fs::metadata(public.join("tebiki.css")).unwrap();
    assert_eq!(
        css_now.ino(),
        css.ino(),
        "the unchanged stylesheet is the same file"
    );
    assert_eq!(css_now.mtime(), css.mtime());
    assert_eq!(
        css_now.nlink(),
        1,
        "the previous output's name for it is gone"
    );
    let page_now = std::fs::metadata(public.join("en/guide/index.html")).unwrap();
    assert_ne!(page_now.ino(), page.ino(), "the changed page is a new file");
    let html = std::fs::read_to_string(public.join("en/guide/index.html")).unwrap();
    assert!(html.contains("Choose one method"), "{html}");
    assert_no_leftovers(site.path());
}

#[test]
fn concurrent_builds_take_turns_and_both_succeed() {
    let site = fixture_site("base");
    let spawn = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_tebiki"))
            .arg("build")
            .current_dir(site.path())
            .env("NO_COLOR", "1")
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let children: Vec<_> = (0..4).map(|_| spawn()).collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }
    assert!(site.path().join("public/en/guide/index.html").is_file());
    assert_no_leftovers(site.path());
}

#[test]
fn files_beside_the_output_are_never_touched() {
    let site = fixture_site("base");
    std::fs::write(site.path().join("notes.txt"), "mine").unwrap();
    std::fs::create_dir(site.path().join("drafts")).unwrap();
    std::fs::write(site.path().join("drafts/plan.md"), "mine too").unwrap();
    for _ in 0..2 {
        assert_eq!(tebiki(site.path(), &["build"]).status.code(), Some(0));
    }
    assert_eq!(
        std::fs::read_to_string(site.path().join("notes.txt")).unwrap(),
        "mine"
    );
    assert_eq!(
        std::fs::read_to_string(site.path().join("drafts/plan.md")).unwrap(),
        "mine too"
    );
}

#[cfg(unix)]
#[test]
fn a_symlinked_output_is_refused_and_its_target_kept() {
    let site = fixture_site("base");
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::write(elsewhere.path().join("precious.txt"), "keep").unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), site.path().join("public")).unwrap();
    let out = tebiki(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("symbolic link"));
    assert_eq!(
        std::fs::read_to_string(elsewhere.path().join("precious.txt")).unwrap(),
        "keep"
    );
    assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 1);
}

/// No staging or old-output folders are left beside the output or in `.tebiki/`.
fn assert_no_leftovers(root: &Path) {
    let names: Vec<String> = [root.to_path_buf(), root.join(".tebiki")]
        .iter()
        .filter(|d| d.is_dir())
        .flat_map(|d| std::fs::read_dir(d).unwrap())
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert!(
        !names
            .iter()
            .any(|n| n.contains(".staging-") || n.contains(".old-")),
        "{names:?}"
    );
}
