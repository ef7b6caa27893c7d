//! `tebiki serve --open`: the site's address goes to the browser named by `$BROWSER`
//! (here a script that writes down what it was asked to open), once, after the server
//! is listening.

use std::os::unix::fs::PermissionsExt;
use std::time::Instant;

use super::wire::Server;
use super::{tebiki_binary, EVENT_TIMEOUT};
use crate::support::fixture_site;

#[test]
fn open_sends_the_site_address_to_the_browser() {
    let site = fixture_site("base");
    let record = tempfile::tempdir().unwrap();
    let opened = record.path().join("opened");
    let browser = record.path().join("browser.sh");
    std::fs::write(
        &browser,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$1\" >> '{}'\n",
            opened.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&browser, std::fs::Permissions::from_mode(0o755)).unwrap();

    let server = Server::start_with_env(
        tebiki_binary(),
        site.path(),
        &["--open"],
        &[("BROWSER", browser.as_path())],
    );
    let started = Instant::now();
    let asked = loop {
        if let Ok(text) = std::fs::read_to_string(&opened) {
            if text.ends_with('\n') {
                break text;
            }
        }
        assert!(
            started.elapsed() < EVENT_TIMEOUT,
            "the browser was never asked to open anything; stderr:\n{}",
            server.stderr_so_far()
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    assert_eq!(asked.lines().collect::<Vec<_>>(), [server.url.as_str()]);
    // The address it was given is the site, already being served.
    let path = server
        .url
        .trim_start_matches(&format!("http://127.0.0.1:{}", server.port));
    let reply = server.get(path);
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert!(reply.text().contains("<html"), "{}", reply.text());
}
