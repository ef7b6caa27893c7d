//! Edit → rebuild → event → new content; broken edits keep the last good site served.

use super::wire::{save_atomically, Events};
use super::{serve_fixture, EVENT_TIMEOUT};
use crate::support::{fixture_site, replace_in_file, tebiki};

const PAGE: &str = "/en/guide/";
const SOURCE: &str = "content/en/guide.md";

#[test]
fn an_edit_sends_reload_and_the_new_page_is_served() {
    let (site, server) = serve_fixture();
    let before = server.get(PAGE);
    assert_eq!(before.status, 200);
    assert!(before.text().contains("Choose a method"));
    assert!(before.text().contains("/__tebiki/client.js"));

    let events = Events::open(server.port);
    let (_, hello) = events.wait_for("hello", EVENT_TIMEOUT);
    let path = site.path().join(SOURCE);
    let text = std::fs::read_to_string(&path).unwrap();
    save_atomically(
        &path,
        &text.replace("Choose a method", "Pick a sign-in method"),
    );

    let (_, reload) = events.wait_for("reload", EVENT_TIMEOUT);
    let (old, new): (u64, u64) = (hello.data.parse().unwrap(), reload.data.parse().unwrap());
    assert!(new > old, "build numbers go up: {old} then {new}");
    let after = server.get(PAGE).text();
    assert!(after.contains("Pick a sign-in method"), "{after}");
    assert!(!after.contains("Choose a method"));
    assert!(after.contains(&format!("data-build=\"{new}\"")));
}

#[test]
fn a_broken_edit_shows_errors_and_keeps_the_last_good_page_until_fixed() {
    let (site, server) = serve_fixture();
    let events = Events::open(server.port);
    events.wait_for("hello", EVENT_TIMEOUT);
    let path = site.path().join(SOURCE);
    let good = std::fs::read_to_string(&path).unwrap();

    save_atomically(
        &path,
        &good
            .replace("weight: 10", "weight: <b>heavy</b>")
            .replace("Choose a method", "Broken edit"),
    );
    let (_, error) = events.wait_for("error", EVENT_TIMEOUT);
    let list: serde_json::Value = serde_json::from_str(&error.data).unwrap();
    let entry = &list[0];
    assert_eq!(entry["location"], "content/en/guide.md:4:9", "{list}");
    assert!(entry["message"].as_str().unwrap().contains("<b>heavy</b>"));
    // The terminal shows the same diagnostic as `tebiki build`.
    let terminal = wait_for_stderr(&server, "content/en/guide.md:4:9: error[wrong-type]");
    assert!(terminal.contains("still served"), "{terminal}");

    // The last good page is still served, and a page opened now learns about the error.
    let page = server.get(PAGE);
    assert_eq!(page.status, 200);
    assert!(page.text().contains("Choose a method"));
    assert!(!page.text().contains("Broken edit"));
    let late = Events::open(server.port);
    late.wait_for("hello", EVENT_TIMEOUT);
    late.wait_for("error", EVENT_TIMEOUT);

    save_atomically(&path, &good.replace("Choose a method", "Fixed edit"));
    events.wait_for("reload", EVENT_TIMEOUT);
    assert!(server.get(PAGE).text().contains("Fixed edit"));
    let fresh = Events::open(server.port);
    fresh.wait_for("hello", EVENT_TIMEOUT);
    std::thread::sleep(std::time::Duration::from_millis(300));
    let rest = fresh.drain();
    assert!(
        rest.iter().all(|e| e.event != "error"),
        "errors cleared: {rest:?}"
    );
}

fn wait_for_stderr(server: &super::wire::Server, needle: &str) -> String {
    let mut seen = String::new();
    while let Ok(line) = server.stderr.recv_timeout(EVENT_TIMEOUT) {
        seen.push_str(&line);
        seen.push('\n');
        if line.contains(needle) {
            // The summary lines follow the diagnostic.
            while let Ok(more) = server
                .stderr
                .recv_timeout(std::time::Duration::from_millis(500))
            {
                seen.push_str(&more);
                seen.push('\n');
            }
            return seen;
        }
    }
    panic!("`{needle}` never printed; stderr so far:\n{seen}");
}

#[test]
fn a_stylesheet_edit_sends_css_and_serves_the_new_stylesheet() {
    let (site, server) = serve_fixture();
    let events = Events::open(server.port);
    events.wait_for("hello", EVENT_TIMEOUT);
    let css = site.path().join("themes/default/static/tebiki.css");
    let mut text = std::fs::read_to_string(&css).unwrap();
    text.push_str("\n.tebiki-test-marker { color: rebeccapurple; }\n");
    std::fs::write(&css, text).unwrap();
    let (_, event) = events.wait_for("css", EVENT_TIMEOUT);
    assert!(event.data.parse::<u64>().is_ok());
    let served = server.get("/tebiki.css");
    assert_eq!(
        served.header("content-type"),
        Some("text/css; charset=utf-8")
    );
    assert!(served.text().contains("tebiki-test-marker"));
    assert!(events.drain().iter().all(|e| e.event != "reload"));
}

#[test]
fn new_and_deleted_pages_are_picked_up() {
    let (site, server) = serve_fixture();
    let events = Events::open(server.port);
    events.wait_for("hello", EVENT_TIMEOUT);
    let new_page = site.path().join("content/en/extra.md");
    std::fs::write(&new_page, "---\ntitle: Extra help\n---\n\nExtra words.\n").unwrap();
    events.wait_for("reload", EVENT_TIMEOUT);
    assert_eq!(server.get("/en/extra/").status, 200);
    std::fs::remove_file(&new_page).unwrap();
    events.wait_for("reload", EVENT_TIMEOUT);
    assert_eq!(server.get("/en/extra/").status, 404);
}

#[test]
fn build_output_never_contains_the_client_script() {
    let site = fixture_site("base");
    let out = tebiki(site.path(), &["build"]);
    assert!(out.status.success(), "{}", crate::support::stderr(&out));
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(site.path().join("public")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let bytes = std::fs::read(entry.path()).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            pages += usize::from(text.contains("</html>"));
            assert!(!text.contains("__tebiki"), "{}", entry.path().display());
        }
    }
    assert!(pages >= 4);
}

#[test]
fn a_site_below_a_base_path_is_served_there() {
    let site = fixture_site("base");
    replace_in_file(
        &site.path().join("site.toml"),
        "example/\"",
        "example/mfa/\"",
    );
    let server = super::wire::Server::start(super::tebiki_binary(), site.path(), &[]);
    assert!(server.url.ends_with("/mfa/"), "{}", server.url);
    let root = server.get("/");
    assert_eq!(root.status, 302);
    assert_eq!(root.header("location"), Some("/mfa/"));
    let page = server.get("/mfa/en/guide/");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("href=\"/mfa/tebiki.css?v="));
    assert_eq!(server.get("/mfa/tebiki.css").status, 200);
    assert_eq!(server.get("/en/guide/").status, 404);
}

#[test]
fn drafts_are_served_only_with_the_drafts_flag() {
    let site = fixture_site("base");
    std::fs::write(
        site.path().join("content/en/draft.md"),
        "---\ntitle: Not ready\ndraft: true\n---\n\nWork in progress.\n",
    )
    .unwrap();
    let without = super::wire::Server::start(super::tebiki_binary(), site.path(), &[]);
    assert_eq!(without.get("/en/draft/").status, 404);
    let with = super::wire::Server::start(super::tebiki_binary(), site.path(), &["--drafts"]);
    let page = with.get("/en/draft/");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("Work in progress."));
}

/// A `content/` folder replaced wholesale (a `git checkout` of another branch, an unzip)
/// is watched again: later saves inside the new folder still reload the page.
#[test]
fn a_replaced_content_folder_is_watched_again() {
    let (site, server) = serve_fixture();
    let events = Events::open(server.port);
    events.wait_for("hello", EVENT_TIMEOUT);
    let content = site.path().join("content");
    let old = site.path().join("content-old");
    std::fs::rename(&content, &old).unwrap();
    crate::support::copy_dir(&old, &content);
    std::fs::remove_dir_all(&old).unwrap();
    events.wait_for("reload", EVENT_TIMEOUT);
    events.drain();

    let path = site.path().join(SOURCE);
    let text = std::fs::read_to_string(&path).unwrap();
    save_atomically(
        &path,
        &text.replace("Choose a method", "Saved in the new folder"),
    );
    events.wait_for("reload", EVENT_TIMEOUT);
    let page = server.get(PAGE).text();
    assert!(page.contains("Saved in the new folder"), "{page}");
}

/// Saving a hidden or ignored file never rebuilds: the next build after them is the one
/// the real edit causes.
#[test]
fn hidden_and_ignored_files_do_not_rebuild() {
    let (site, server) = serve_fixture();
    let events = Events::open(server.port);
    let (_, hello) = events.wait_for("hello", EVENT_TIMEOUT);
    let en = site.path().join("content/en");
    std::fs::create_dir_all(en.join(".drafts")).unwrap();
    std::fs::write(en.join(".drafts/notes.md"), "private").unwrap();
    std::fs::write(en.join("guide.md~"), "backup").unwrap();
    std::fs::write(en.join("#guide.md#"), "emacs").unwrap();
    std::thread::sleep(std::time::Duration::from_millis(500));
    replace_in_file(&site.path().join(SOURCE), "Choose a method", "Pick one");
    let (_, reload) = events.wait_for("reload", EVENT_TIMEOUT);
    let (old, new): (u64, u64) = (hello.data.parse().unwrap(), reload.data.parse().unwrap());
    assert_eq!(new, old + 1, "the ignored files caused a rebuild");
    assert!(server.get(PAGE).text().contains("Pick one"));
}
