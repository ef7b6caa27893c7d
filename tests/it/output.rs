//! Output safety: a failed build changes nothing, concurrent builds take turns, and
//! nothing outside the output folder is ever deleted or written.

use std::path::{Path, PathBuf};

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
            .env("TEBIKI_MESSAGES", "en")
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

/// Every file and folder of the output with its inode and modification time.
#[cfg(unix)]
fn identities(dir: &Path) -> Vec<(PathBuf, u64, i64, i64)> {
    use std::os::unix::fs::MetadataExt;
    let mut all: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| {
            let e = e.unwrap();
            let meta = e.metadata().unwrap();
            let path = e.path().strip_prefix(dir).unwrap().to_path_buf();
            (path, meta.ino(), meta.mtime(), meta.mtime_nsec())
        })
        .collect();
    all.sort();
    all
}

/// A rebuild of an unchanged site touches nothing in the output: no file is rewritten,
/// no folder made again (a folder's modification time moves when a name in it is
/// created or removed).
#[cfg(unix)]
#[test]
fn an_unchanged_rebuild_writes_nothing() {
    let site = fixture_site("base");
    let public = site.path().join("public");
    assert_eq!(tebiki(site.path(), &["build"]).status.code(), Some(0));
    let before = identities(&public);
    assert!(before.len() > 10, "{before:?}");
    std::thread::sleep(std::time::Duration::from_millis(20));
    assert_eq!(tebiki(site.path(), &["build"]).status.code(), Some(0));
    assert_eq!(identities(&public), before);
    assert_no_leftovers(site.path());
}

/// The site after edits: every page's shell changed (a theme edit), one page gone, one
/// page new.
fn edit_site(root: &Path) {
    replace_in_file(
        &root.join("themes/default/templates/base.html"),
        "</body>",
        "<!-- edited theme -->\n</body>",
    );
    for lang in ["en", "ja"] {
        let guide = root.join(format!("content/{lang}/guide.md"));
        std::fs::rename(&guide, root.join(format!("content/{lang}/moved.md"))).unwrap();
    }
    let config = root.join("site.toml");
    let toml = std::fs::read_to_string(&config).unwrap();
    let relaxed = toml.replacen("[params]", "[build]\nlinks = \"warning\"\n\n[params]", 1);
    std::fs::write(&config, relaxed).unwrap();
}

/// A build killed while it replaces files (here: the test hook aborts the process after
/// two renames) leaves every file either as the previous build wrote it or as the new
/// build writes it, never torn or mixed; the next build finishes the job, stale files
/// included, and its output equals a fresh build of the same site.
#[test]
fn a_build_killed_mid_commit_leaves_old_or_new_files_and_the_next_build_repairs_it() {
    let site = fixture_site("base");
    let public = site.path().join("public");
    assert_eq!(tebiki(site.path(), &["build"]).status.code(), Some(0));
    let old: std::collections::HashMap<_, _> = snapshot(&public).into_iter().collect();
    edit_site(site.path());

    let fresh = fixture_site("base");
    edit_site(fresh.path());
    let built = tebiki(fresh.path(), &["build"]);
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    let new_snapshot = snapshot(&fresh.path().join("public"));
    let new: std::collections::HashMap<_, _> = new_snapshot.iter().cloned().collect();

    let killed = std::process::Command::new(env!("CARGO_BIN_EXE_tebiki"))
        .env("TEBIKI_MESSAGES", "en")
        .arg("build")
        .current_dir(site.path())
        .env("TEBIKI_TEST_ABORT_AFTER", "2")
        .output()
        .unwrap();
    assert!(!killed.status.success(), "the hook must abort the build");
    let (mut old_kept, mut new_put) = (0, 0);
    for (path, bytes) in snapshot(&public) {
        let is_old = old.get(&path) == Some(&bytes);
        let is_new = new.get(&path) == Some(&bytes);
        assert!(
            is_old || is_new,
            "{} is neither old nor new",
            path.display()
        );
        old_kept += usize::from(is_old && !is_new);
        new_put += usize::from(is_new && !is_old);
    }
    assert!(
        old_kept > 0 && new_put > 0,
        "the build stopped half way: {old_kept} old, {new_put} new files"
    );

    let repaired = tebiki(site.path(), &["build"]);
    assert_eq!(repaired.status.code(), Some(0), "{}", stderr(&repaired));
    assert_eq!(snapshot(&public), new_snapshot);
    assert!(
        !public.join("en/guide").exists(),
        "the removed page's folder is gone"
    );
    assert_no_leftovers(site.path());
}

/// A file someone put into the output folder by hand is not tebiki's to delete: a
/// rebuild leaves it where it is.
#[test]
fn a_rebuild_keeps_files_it_did_not_write() {
    let site = fixture_site("base");
    let public = site.path().join("public");
    assert_eq!(tebiki(site.path(), &["build"]).status.code(), Some(0));
    std::fs::write(public.join("en/notes.txt"), "mine").unwrap();
    replace_in_file(
        &site.path().join("content/en/guide.md"),
        "Choose a method",
        "Choose one method",
    );
    assert_eq!(tebiki(site.path(), &["build"]).status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(public.join("en/notes.txt")).unwrap(),
        "mine"
    );
}

/// A folder of the output replaced by a link to somewhere else is never written or
/// deleted through: the build stops before touching anything.
#[cfg(unix)]
#[test]
fn a_link_planted_inside_the_output_is_not_followed() {
    let site = fixture_site("base");
    let public = site.path().join("public");
    assert_eq!(tebiki(site.path(), &["build"]).status.code(), Some(0));
    let elsewhere = tempfile::tempdir().unwrap();
    copy_dir(&public.join("en/guide"), elsewhere.path());
    let outside_before = snapshot(elsewhere.path());
    std::fs::remove_dir_all(public.join("en/guide")).unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), public.join("en/guide")).unwrap();
    replace_in_file(
        &site.path().join("themes/default/templates/base.html"),
        "</body>",
        "<!-- edited -->\n</body>",
    );
    let before = snapshot(&public);
    let out = tebiki(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("symbolic link"), "{}", stderr(&out));
    assert_eq!(snapshot(elsewhere.path()), outside_before);
    assert_eq!(snapshot(&public), before);
}

/// A deploy snapshot made with hard links (`cp -al public release-1`, `rsync
/// --link-dest`) shares the output's files. Rebuilds reuse the disk space of replaced
/// files (`.tebiki/public.spares/`), but never write into a file the snapshot still
/// holds: after three builds that change every page, the snapshot is byte for byte the
/// output it was taken from.
#[cfg(unix)]
#[test]
fn a_hard_linked_snapshot_of_the_output_is_never_written_into() {
    let site = fixture_site("base");
    let public = site.path().join("public");
    assert_eq!(tebiki(site.path(), &["build"]).status.code(), Some(0));
    let release = site.path().join("release-1");
    for (path, _) in snapshot(&public) {
        let to = release.join(&path);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::hard_link(public.join(&path), &to).unwrap();
    }
    let taken = snapshot(&release);
    for n in 1..=3 {
        replace_in_file(
            &site.path().join("themes/default/templates/base.html"),
            "</body>",
            &format!("<!-- edit {n} -->\n</body>"),
        );
        let out = tebiki(site.path(), &["build"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let page = std::fs::read_to_string(public.join("en/guide/index.html")).unwrap();
        assert!(page.contains(&format!("<!-- edit {n} -->")), "build {n}");
    }
    assert_eq!(snapshot(&release), taken);
    assert_no_leftovers(site.path());
}

/// A link planted among the spare files in `.tebiki/` (or in place of their folder) is
/// never written through: the file it points to keeps its bytes, and the build succeeds.
#[cfg(unix)]
#[test]
fn a_link_planted_among_the_spare_files_is_not_written_through() {
    let site = fixture_site("base");
    let public = site.path().join("public");
    let spares = site.path().join(".tebiki/public.spares");
    let elsewhere = tempfile::tempdir().unwrap();
    let victim = elsewhere.path().join("victim.txt");
    std::fs::write(&victim, "keep me").unwrap();
    assert_eq!(tebiki(site.path(), &["build"]).status.code(), Some(0));
    for n in 0..4 {
        let _ = std::fs::remove_file(spares.join(n.to_string()));
        std::os::unix::fs::symlink(&victim, spares.join(n.to_string())).unwrap();
    }
    replace_in_file(
        &site.path().join("themes/default/templates/base.html"),
        "</body>",
        "<!-- first -->\n</body>",
    );
    let out = tebiki(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");

    std::fs::remove_dir_all(&spares).unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), &spares).unwrap();
    replace_in_file(
        &site.path().join("themes/default/templates/base.html"),
        "</body>",
        "<!-- second -->\n</body>",
    );
    let out = tebiki(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
    assert_eq!(
        std::fs::read_dir(elsewhere.path()).unwrap().count(),
        1,
        "nothing was written into the folder the link pointed to"
    );
    let page = std::fs::read_to_string(public.join("en/guide/index.html")).unwrap();
    assert!(page.contains("<!-- second -->"));
}

/// A folder among the spare files (left where an output file was swapped out, if a
/// folder took that file's place during a build) is removed and the build goes on.
#[test]
fn a_folder_among_the_spare_files_is_replaced() {
    let site = fixture_site("base");
    let public = site.path().join("public");
    let spares = site.path().join(".tebiki/public.spares");
    assert_eq!(tebiki(site.path(), &["build"]).status.code(), Some(0));
    for n in 0..4 {
        let spare = spares.join(n.to_string());
        let _ = std::fs::remove_file(&spare);
        std::fs::create_dir_all(spare.join("inside")).unwrap();
        std::fs::write(spare.join("inside/file.txt"), "x").unwrap();
    }
    replace_in_file(
        &site.path().join("themes/default/templates/base.html"),
        "</body>",
        "<!-- after the folders -->\n</body>",
    );
    let out = tebiki(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let page = std::fs::read_to_string(public.join("en/guide/index.html")).unwrap();
    assert!(page.contains("<!-- after the folders -->"));
}

/// An output written before tebiki kept the list of its files (so `.tebiki/` holds none):
/// everything in it was tebiki's, so a rebuild still deletes the pages that are gone, and
/// from then on the list exists.
#[test]
fn an_output_without_a_list_of_files_is_still_cleaned_up() {
    let site = fixture_site("base");
    assert_eq!(tebiki(site.path(), &["build"]).status.code(), Some(0));
    let list = site.path().join(".tebiki/public.files");
    assert!(list.is_file());
    std::fs::remove_file(&list).unwrap();
    replace_in_file(
        &site.path().join("site.toml"),
        "[params]",
        "[build]\nlinks = \"warning\"\n\n[params]",
    );
    for lang in ["en", "ja"] {
        std::fs::remove_file(site.path().join(format!("content/{lang}/guide.md"))).unwrap();
    }
    let out = tebiki(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!site.path().join("public/en/guide").exists());
    let listed = std::fs::read_to_string(&list).unwrap();
    assert!(listed.lines().any(|l| l == "en/index.html"), "{listed}");
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
