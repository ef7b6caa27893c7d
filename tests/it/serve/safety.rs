//! What the dev server answers to odd, hostile and ordinary requests.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use super::probes::{leaked, long_probe, PROBES};
use super::wire::{raw, Server};
use super::{serve_fixture, tebiki_binary};
use crate::support::{fixture_site, repo_root};

#[test]
fn traversal_and_malformed_requests_never_reach_files_outside_the_site() {
    let site = fixture_site("base");
    // A file outside the site and a link to it where `tebiki build` would write.
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "TOP SECRET").unwrap();
    std::fs::create_dir_all(site.path().join("public")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        site.path().join("public/secret-link"),
    )
    .unwrap();
    let server = Server::start(tebiki_binary(), site.path(), &[]);
    let mut probes: Vec<String> = PROBES.iter().map(|p| p.to_string()).collect();
    probes.push(long_probe());
    assert!(probes.len() >= 50);
    // A probe that gets no reply at all (the connection closed, or nothing listens any
    // more) is a failure too: a server that crashed on the first probe serves nothing.
    let mut unanswered = Vec::new();
    for probe in &probes {
        let request =
            format!("GET {probe} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        let Some(reply) = raw(server.port, request.as_bytes()) else {
            unanswered.push(shortened(probe));
            continue;
        };
        assert!(
            [400, 403, 404].contains(&reply.status),
            "{probe} answered {}",
            reply.status
        );
        assert!(!leaked(&reply.text()), "{probe} leaked: {}", reply.text());
    }
    assert!(
        unanswered.is_empty(),
        "{} of {} probes got no reply: {unanswered:?}",
        unanswered.len(),
        probes.len()
    );
    // Still serving after all that.
    let normal = b"GET /en/guide/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
    let after = raw(server.port, normal).map(|reply| reply.status);
    assert_eq!(after, Some(200), "a normal GET after the probes");
}

/// A probe as shown in a failure: the 8,000-byte one is cut short.
fn shortened(probe: &str) -> String {
    match probe.char_indices().nth(60) {
        Some((end, _)) => format!("{}… ({} bytes)", &probe[..end], probe.len()),
        None => probe.to_string(),
    }
}

#[test]
fn only_get_and_head_are_allowed() {
    let (_site, server) = serve_fixture();
    for method in ["POST", "PUT", "DELETE", "OPTIONS"] {
        let request = format!(
            "{method} /en/guide/ HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        );
        let reply = raw(server.port, request.as_bytes()).unwrap();
        assert_eq!(reply.status, 405, "{method}");
        assert_eq!(reply.header("allow"), Some("GET, HEAD"));
    }
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    stream
        .write_all(b"HEAD /en/guide/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut head = String::new();
    stream.read_to_string(&mut head).unwrap();
    assert!(head.starts_with("HTTP/1.1 200 "), "{head}");
    assert!(
        head.contains("Content-Type: text/html; charset=utf-8"),
        "{head}"
    );
    assert!(head.ends_with("\r\n\r\n"), "no body after a HEAD: {head}");
}

#[test]
fn files_have_their_content_types_folders_their_index_and_misses_the_404_page() {
    let (_site, server) = serve_fixture();
    let table = [
        ("/", "text/html; charset=utf-8"),
        ("/en/guide/", "text/html; charset=utf-8"),
        ("/tebiki.css", "text/css; charset=utf-8"),
        ("/tebiki.js", "text/javascript; charset=utf-8"),
        ("/sitemap.xml", "application/xml"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/__tebiki/client.js", "text/javascript; charset=utf-8"),
    ];
    for (path, kind) in table {
        let reply = server.get(path);
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(reply.header("content-type"), Some(kind), "{path}");
        assert_eq!(reply.header("cache-control"), Some("no-cache"), "{path}");
    }
    let folder = server.get("/en/guide");
    assert_eq!(folder.status, 302);
    assert_eq!(folder.header("location"), Some("/en/guide/"));

    let missing = server.get("/en/no-such-page/");
    assert_eq!(missing.status, 404);
    let text = missing.text();
    assert!(
        text.contains("class=\"not-found\""),
        "the site's own 404 page: {text}"
    );
    assert!(text.contains("/__tebiki/client.js"));
}

#[test]
fn an_unchanged_file_answers_not_modified() {
    let (_site, server) = serve_fixture();
    let first = server.get("/tebiki.css");
    let etag = first.header("etag").expect("an ETag").to_string();
    let request = format!(
        "GET /tebiki.css HTTP/1.1\r\nHost: localhost\r\nIf-None-Match: {etag}\r\nConnection: close\r\n\r\n"
    );
    let second = raw(server.port, request.as_bytes()).unwrap();
    assert_eq!(second.status, 304);
    assert!(second.body.is_empty());
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let site = fixture_site("base");
    let out = std::process::Command::new(tebiki_binary())
        .env("TEBIKI_MESSAGES", "en")
        .args(["serve", "--port", &port])
        .current_dir(site.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(&format!("127.0.0.1:{port}")), "{stderr}");
    assert!(stderr.contains("--port"), "{stderr}");
}

#[test]
fn binding_beyond_loopback_warns() {
    let site = fixture_site("base");
    let server = Server::start(tebiki_binary(), site.path(), &["--bind", "0.0.0.0"]);
    assert_eq!(server.get("/en/guide/").status, 200);
    std::thread::sleep(Duration::from_millis(200));
    let stderr = server.stderr_so_far();
    assert!(
        stderr.contains("other computers on the network"),
        "{stderr}"
    );

    let local = Server::start(tebiki_binary(), site.path(), &[]);
    std::thread::sleep(Duration::from_millis(200));
    assert!(!local.stderr_so_far().contains("network"));
}

#[test]
fn a_site_that_never_built_shows_its_errors_and_recovers() {
    let site = fixture_site("base");
    let page = site.path().join("content/en/guide.md");
    let good = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, good.replace("weight: 10", "weight: heavy")).unwrap();
    let server = Server::start(tebiki_binary(), site.path(), &[]);
    let reply = server.get("/en/guide/");
    assert_eq!(reply.status, 503);
    let text = reply.text();
    assert!(text.contains("/__tebiki/client.js"));
    // In tebiki's message language (English here), from its own messages, whatever the
    // site's languages.
    let ftl = std::fs::read_to_string(repo_root().join("src/diagnostics/messages/en.ftl")).unwrap();
    let no_build = ftl
        .lines()
        .find_map(|l| l.strip_prefix("serve-no-build = "))
        .unwrap();
    assert!(text.contains("<html lang=\"en\">"), "{text}");
    assert!(text.contains(no_build), "{text}");
    let events = super::wire::Events::open(server.port);
    let (_, error) = events.wait_for("error", super::EVENT_TIMEOUT);
    assert!(error.data.contains("content/en/guide.md:4:9"));
    std::fs::write(&page, good).unwrap();
    events.wait_for("reload", super::EVENT_TIMEOUT);
    assert_eq!(server.get("/en/guide/").status, 200);
}

#[test]
fn ctrl_c_stops_the_server_cleanly() {
    let (_site, mut server) = serve_fixture();
    let events = super::wire::Events::open(server.port);
    events.wait_for("hello", super::EVENT_TIMEOUT);
    let interrupted = std::process::Command::new("kill")
        .args(["-INT", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(interrupted.success());
    let status = server.child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    std::thread::sleep(Duration::from_millis(100));
    let stderr = server.stderr_so_far();
    assert!(stderr.contains("stopped"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// A browser keeps idle connections open and opens several new ones at once. tiny_http,
/// which served connections before `serve::gate`, gave each connection a thread from a
/// pool that could miss a wakeup when two connections arrived together, leaving one
/// unanswered until another connection came: in Chromium, a page load that never
/// finished. Every request must be answered.
#[test]
fn connections_that_arrive_together_are_all_answered() {
    let (_site, server) = serve_fixture();
    let connect = || {
        let stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        stream
    };
    let get = |stream: &mut TcpStream, close: bool| {
        let connection = if close { "close" } else { "keep-alive" };
        let request = format!(
            "GET /tebiki.js HTTP/1.1\r\nHost: localhost\r\nConnection: {connection}\r\n\r\n"
        );
        stream.write_all(request.as_bytes()).unwrap();
        let mut head = [0u8; 12];
        stream.read_exact(&mut head).is_ok() && head.starts_with(b"HTTP/1.1 200")
    };
    for round in 0..12 {
        // Idle keep-alive connections, each holding one of the pool's threads.
        let held: Vec<TcpStream> = (0..3)
            .map(|_| {
                let mut stream = connect();
                assert!(
                    get(&mut stream, false),
                    "round {round}: a first request failed"
                );
                stream
            })
            .collect();
        // Two connections together; the first stays idle, the second asks for a file.
        let idle = connect();
        let mut asking = connect();
        let started = Instant::now();
        assert!(
            get(&mut asking, true),
            "round {round}: no answer after {:?}",
            started.elapsed()
        );
        drop((held, idle));
    }
}

/// Issue 24: a link out of the site that appears while serving is never served, and the
/// editor is told why; nor is one present when the server starts.
#[test]
fn a_link_out_of_the_site_is_never_served() {
    use crate::containment::{make_defect, MARKER};
    let (site, server) = serve_fixture();
    let events = super::wire::Events::open(server.port);
    events.wait_for("hello", super::EVENT_TIMEOUT);
    let shown = make_defect("outside-file-symlink", site.path()).unwrap();
    let (_, error) = events.wait_for("error", super::EVENT_TIMEOUT);
    assert!(error.data.contains("outside-site"), "{}", error.data);
    assert!(error.data.contains(&shown), "{}", error.data);
    let reply = server.get("/en/img/leak.txt");
    assert_eq!(reply.status, 404);
    assert!(!reply.text().contains(MARKER));

    // Started with the link already there: the build fails, nothing of it is served.
    let fresh = fixture_site("base");
    make_defect("outside-file-symlink", fresh.path()).unwrap();
    make_defect("theme-outside-folder-symlink", fresh.path()).unwrap();
    let server = Server::start(tebiki_binary(), fresh.path(), &[]);
    for path in ["/en/img/leak.txt", "/extra/shared/inner.txt"] {
        let reply = server.get(path);
        assert_ne!(reply.status, 200, "{path}");
        assert!(!reply.text().contains(MARKER), "{path}: {}", reply.text());
    }
}
