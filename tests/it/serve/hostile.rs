//! Hostile clients against a real `tebiki serve` (issue 26): after each, an ordinary GET
//! must still be answered within a second, and the server must not have grown.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use super::serve_fixture;
use super::wire::{parse_reply, raw, Reply, Server};

/// An ordinary page request that must be answered within a second.
fn answered_quickly(server: &Server, after: &str) {
    let started = Instant::now();
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(1)))
        .unwrap();
    stream
        .write_all(b"GET /en/guide/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut bytes = Vec::new();
    let _ = stream.read_to_end(&mut bytes);
    let reply = parse_reply(&bytes);
    assert!(
        reply.as_ref().is_some_and(|r| r.status == 200),
        "after {after}: no answer to a normal GET within {:?}",
        started.elapsed()
    );
    assert!(started.elapsed() < Duration::from_secs(1), "after {after}");
}

fn send(server: &Server, request: &[u8]) -> Reply {
    raw(server.port, request).expect("a response")
}

#[test]
fn hostile_clients_never_stop_or_exhaust_the_server() {
    let (_site, server) = serve_fixture();
    answered_quickly(&server, "start");

    // A body that would not fit in memory is never read.
    let reply = send(
        &server,
        b"POST /en/ HTTP/1.1\r\nHost: localhost\r\nContent-Length: 99999999999999\r\n\r\n",
    );
    assert_eq!(reply.status, 405);
    answered_quickly(&server, "a huge Content-Length");

    // Six 1 GB announcements, each with a first chunk of body, held open.
    let rss_before = server.rss_kib().expect("the server's RSS (/proc)");
    let held: Vec<TcpStream> = (0..6)
        .map(|_| {
            let mut s = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
            let _ = s.write_all(
                b"PUT /en/ HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000000000\r\n\r\n",
            );
            let _ = s.write_all(&[b'x'; 64 * 1024]);
            s
        })
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let rss = server.rss_kib().expect("the server's RSS (/proc)");
    assert!(
        rss < 100 * 1024,
        "RSS {rss} KiB (was {rss_before}) after six 1 GB bodies"
    );
    drop(held);
    answered_quickly(&server, "six 1 GB announcements");

    // A 1 MiB header is refused at 16 KiB.
    let mut request = b"GET /en/ HTTP/1.1\r\nHost: localhost\r\nX-Big: ".to_vec();
    request.extend(std::iter::repeat_n(b'a', 1024 * 1024));
    request.extend_from_slice(b"\r\n\r\n");
    let mut s = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let _ = s.write_all(&request); // the server may close before taking it all
    let mut bytes = Vec::new();
    let _ = s.read_to_end(&mut bytes);
    assert_eq!(parse_reply(&bytes).map(|r| r.status), Some(431));
    answered_quickly(&server, "a 1 MiB header");

    // 500 idle connections.
    let idle: Vec<TcpStream> = (0..500)
        .filter_map(|_| TcpStream::connect(("127.0.0.1", server.port)).ok())
        .collect();
    assert_eq!(idle.len(), 500);
    answered_quickly(&server, "500 idle connections");
    drop(idle);

    // A slowloris client: one header byte every 50 ms.
    let slow_port = server.port;
    let slow = std::thread::spawn(move || {
        let mut s = TcpStream::connect(("127.0.0.1", slow_port)).unwrap();
        for byte in b"GET /en/ HTTP/1.1\r\nHost: localhost\r\nX-Slow: aaaaaaaaaaaaaaaa" {
            if s.write_all(&[*byte]).is_err() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    });
    std::thread::sleep(Duration::from_millis(300));
    answered_quickly(&server, "a slowloris client");
    let _ = slow.join();

    // Hosts: a foreign name is refused (DNS rebinding), loopback names are served.
    let evil = send(
        &server,
        b"GET /en/guide/ HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(evil.status, 403);
    assert!(
        evil.text().contains("--allow-host evil.example"),
        "{}",
        evil.text()
    );
    let local = format!(
        "GET /en/guide/ HTTP/1.1\r\nHost: localhost:{}\r\nConnection: close\r\n\r\n",
        server.port
    );
    assert_eq!(send(&server, local.as_bytes()).status, 200);
    answered_quickly(&server, "the Host checks");
}

#[test]
fn a_name_given_with_allow_host_is_answered() {
    let site = crate::support::fixture_site("base");
    let server = Server::start(
        super::tebiki_binary(),
        site.path(),
        &["--allow-host", "guide.lan"],
    );
    let reply = send(
        &server,
        b"GET /en/guide/ HTTP/1.1\r\nHost: guide.lan:1111\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(reply.status, 200);
}
