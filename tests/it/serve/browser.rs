//! The injected client in real headless Chromium: reload keeps scroll and open
//! `<details>`, the error overlay appears with `path:line:col` and goes away when fixed.

use std::path::Path;
use std::process::Command;

use super::serve_fixture;
use crate::support::repo_root;

const CHROMIUM: &str = "/usr/bin/chromium";

/// Whether the browser test can run; under CI a missing browser is a failure.
fn browser_available() -> bool {
    let node = Command::new("node").arg("--version").output().is_ok();
    let chromium = Path::new(CHROMIUM).exists();
    let modules = repo_root()
        .join("tests/browser/node_modules/playwright-core")
        .exists();
    if node && chromium && modules {
        return true;
    }
    let missing = format!("node: {node}, {CHROMIUM}: {chromium}, playwright-core: {modules}");
    assert!(
        std::env::var_os("CI").is_none(),
        "the browser test cannot run under CI ({missing})"
    );
    eprintln!("skipping the serve browser test ({missing})");
    false
}

#[test]
fn the_client_reloads_keeps_place_and_shows_errors_in_chromium() {
    if !browser_available() {
        return;
    }
    let (site, server) = serve_fixture();
    let out = Command::new("node")
        .arg(repo_root().join("tests/browser/serve.mjs"))
        .arg(&server.url)
        .arg(site.path())
        .current_dir(repo_root().join("tests/browser"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "{stdout}\n{stderr}\nserver:\n{}",
        server.stderr_so_far()
    );
    assert!(stdout.contains("serve browser test: ok"), "{stdout}");
}

/// The overlay's messages follow `--messages` (issue 27): English by default, Japanese
/// with `--messages ja`, each with its help line and `tebiki explain` pointer.
#[test]
fn the_overlay_speaks_the_chosen_message_language_in_chromium() {
    if !browser_available() {
        return;
    }
    for (lang, extra) in [("en", &[][..]), ("ja", &["--messages", "ja"][..])] {
        let site = crate::support::fixture_site("base");
        let server = super::wire::Server::start(super::tebiki_binary(), site.path(), extra);
        let out = Command::new("node")
            .arg(repo_root().join("tests/browser/serve_messages.mjs"))
            .arg(&server.url)
            .arg(site.path())
            .arg(lang)
            .current_dir(repo_root().join("tests/browser"))
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success(),
            "{lang}: {stdout}\n{stderr}\nserver:\n{}",
            server.stderr_so_far()
        );
        assert!(
            stdout.contains(&format!("serve messages browser test ({lang}): ok")),
            "{stdout}"
        );
    }
}
