//! Answers HTTP requests from the in-memory site: GET and HEAD only, the client script
//! injected into HTML, the site's own 404 page, and event streams on their own threads.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;

use tiny_http::{Header, Method, Request, Response, Server, StatusCode};

use super::events::stream_events;
use super::rebuild::{ServeState, Snapshot};
use super::site_store::{content_type, lookup, route, Lookup, Route};
use super::words::{html_lang, OverlayWords};
use crate::urls::encode_path;

/// The live-reload client, served at `/__tebiki/client.js`.
pub const CLIENT_JS: &str = include_str!("client.js");

/// Starts `count` threads that answer requests until `stopping` is set.
pub fn spawn_workers(
    server: &Arc<Server>,
    state: &Arc<ServeState>,
    stopping: &Arc<AtomicBool>,
    count: usize,
) -> Vec<JoinHandle<()>> {
    (0..count)
        .map(|_| {
            let (server, state, stopping) =
                (Arc::clone(server), Arc::clone(state), Arc::clone(stopping));
            std::thread::spawn(move || {
                while !stopping.load(Ordering::SeqCst) {
                    match server.recv() {
                        Ok(request) => handle(request, &state),
                        Err(_) => break,
                    }
                }
            })
        })
        .collect()
}

/// Answers one request.
pub fn handle(request: Request, state: &Arc<ServeState>) {
    if !matches!(request.method(), Method::Get | Method::Head) {
        let response =
            text(405, "only GET and HEAD are allowed\n").with_header(header("Allow", "GET, HEAD"));
        let _ = request.respond(response);
        return;
    }
    match route(request.url()) {
        Route::Events => open_stream(request, state),
        Route::Client => {
            let response = Response::from_data(CLIENT_JS)
                .with_header(header("Content-Type", "text/javascript; charset=utf-8"))
                .with_header(header("Cache-Control", "no-cache"));
            let _ = request.respond(response);
        }
        Route::Malformed => {
            let _ = request.respond(text(400, "bad request: this path cannot name a page\n"));
        }
        Route::Site(path) => serve_file(request, &state.snapshot(), &path),
    }
}

fn open_stream(request: Request, state: &Arc<ServeState>) {
    let messages = state.hub.subscribe(state.greeting());
    std::thread::spawn(move || stream_events(request.into_writer(), messages));
}

fn serve_file(request: Request, snapshot: &Snapshot, path: &str) {
    let site = &snapshot.site;
    if site.is_empty() {
        let page = snapshot.words.no_build_page();
        let page = inject_client(page.as_bytes(), snapshot.build, &snapshot.words);
        let _ = request.respond(html(503, page));
        return;
    }
    let (status, key) = match lookup(site, path) {
        Lookup::File(key) => (200, key),
        Lookup::Redirect(to) => {
            let response = Response::empty(StatusCode(302))
                .with_header(header("Location", &encode_path(&to)))
                .with_header(header("Cache-Control", "no-cache"));
            let _ = request.respond(response);
            return;
        }
        Lookup::Missing => (404, "404.html".to_string()),
    };
    let Some(bytes) = site.get(&key) else {
        let _ = request.respond(text(404, "not found\n"));
        return;
    };
    let etag = format!("\"{}-{}\"", snapshot.build, bytes.len());
    let fresh = request
        .headers()
        .iter()
        .any(|h| h.field.equiv("If-None-Match") && h.value.as_str() == etag);
    if status == 200 && fresh {
        let response = Response::empty(StatusCode(304)).with_header(header("ETag", &etag));
        let _ = request.respond(response);
        return;
    }
    let kind = content_type(&key);
    let body = if kind.starts_with("text/html") {
        inject_client(bytes, snapshot.build, &snapshot.words)
    } else {
        bytes.to_vec()
    };
    let response = Response::from_data(body)
        .with_status_code(status)
        .with_header(header("Content-Type", kind))
        .with_header(header("Cache-Control", "no-cache"))
        .with_header(header("ETag", &etag))
        .with_header(header("X-Content-Type-Options", "nosniff"));
    let _ = request.respond(response);
}

/// Adds the client script before `</body>` (or at the end of a page without one), with
/// the overlay's words in the page's language.
pub fn inject_client(html: &[u8], build: u64, words: &OverlayWords) -> Vec<u8> {
    let words = words.attributes(html_lang(html));
    let tag =
        format!("<script src=\"/__tebiki/client.js\" data-build=\"{build}\"{words}></script>");
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn html(status: u16, body: Vec<u8>) -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_data(body)
        .with_status_code(status)
        .with_header(header("Content-Type", "text/html; charset=utf-8"))
        .with_header(header("Cache-Control", "no-cache"))
}

fn text(status: u16, body: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_data(body.as_bytes().to_vec())
        .with_status_code(status)
        .with_header(header("Content-Type", "text/plain; charset=utf-8"))
}

fn header(name: &str, value: &str) -> Header {
    // Names and values are ASCII we chose; `encode_path` keeps Location ASCII too.
    Header::from_bytes(name.as_bytes(), value.as_bytes())
        .unwrap_or_else(|_| Header::from_bytes(&b"X-Invalid"[..], &b"1"[..]).unwrap())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_goes_before_the_closing_body_tag() {
        let none = OverlayWords::default();
        let page = inject_client(b"<html><body><p>x</p></body></html>", 7, &none);
        let page = String::from_utf8(page).unwrap();
        assert_eq!(
            page,
            "<html><body><p>x</p><script src=\"/__tebiki/client.js\" data-build=\"7\"></script></body></html>"
        );
        let bare = String::from_utf8(inject_client(b"<p>x", 1, &none)).unwrap();
        assert!(bare.ends_with("data-build=\"1\"></script>"));
    }
}
