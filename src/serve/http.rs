//! Answers HTTP requests from the in-memory site: GET and HEAD only, the client script
//! injected into HTML, the site's own 404 page, and event streams on their own threads.

use std::sync::Arc;

use super::events::stream_events;
use super::gate::{Outcome, Reply, Request};
use super::rebuild::{ServeState, Snapshot};
use super::site_store::{content_type, lookup, route, Lookup, Route};
use super::words::OverlayWords;
use crate::urls::encode_path;

/// The live-reload client, served at `/__tebiki/client.js`.
pub const CLIENT_JS: &str = include_str!("client.js");

/// Answers one request (always GET or HEAD: [`super::gate`] refuses the rest).
pub fn handle(request: &Request, state: &Arc<ServeState>) -> Outcome {
    match route(&request.target) {
        Route::Events => open_stream(state),
        Route::Client => Outcome::Reply(
            Reply::new(200, CLIENT_JS)
                .with_header("Content-Type", "text/javascript; charset=utf-8")
                .with_header("Cache-Control", "no-cache"),
        ),
        Route::Malformed => Outcome::Reply(Reply::text(
            400,
            "bad request: this path cannot name a page\n",
        )),
        Route::Site(path) => Outcome::Reply(serve_file(request, &state.snapshot(), &path)),
    }
}

fn open_stream(state: &Arc<ServeState>) -> Outcome {
    let messages = state.hub.subscribe(|| state.greeting());
    Outcome::Stream(Box::new(move |socket| {
        stream_events(Box::new(socket), messages)
    }))
}

fn serve_file(request: &Request, snapshot: &Snapshot, path: &str) -> Reply {
    let site = &snapshot.site;
    if site.is_empty() {
        let page = snapshot.words.no_build_page();
        let page = inject_client(page.as_bytes(), snapshot.build, &snapshot.words);
        return html(503, page);
    }
    let (status, key) = match lookup(site, path) {
        Lookup::File(key) => (200, key),
        Lookup::Redirect(to) => {
            return Reply::new(302, Vec::new())
                .with_header("Location", encode_path(&to))
                .with_header("Cache-Control", "no-cache");
        }
        Lookup::Missing => (404, "404.html".to_string()),
    };
    let Some(bytes) = site.get(&key) else {
        return Reply::text(404, "not found\n");
    };
    let etag = format!("\"{}-{}\"", snapshot.build, bytes.len());
    let fresh = request.header("If-None-Match") == Some(etag.as_str());
    if status == 200 && fresh {
        return Reply::new(304, Vec::new()).with_header("ETag", etag);
    }
    let kind = content_type(&key);
    let body = if kind.starts_with("text/html") {
        inject_client(bytes, snapshot.build, &snapshot.words)
    } else {
        bytes.to_vec()
    };
    Reply::new(status, body)
        .with_header("Content-Type", kind)
        .with_header("Cache-Control", "no-cache")
        .with_header("ETag", etag)
        .with_header("X-Content-Type-Options", "nosniff")
}

/// Adds the client script before `</body>` (or at the end of a page without one), with
/// the overlay's words in tebiki's message language.
pub fn inject_client(html: &[u8], build: u64, words: &OverlayWords) -> Vec<u8> {
    let words = words.attributes();
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

fn html(status: u16, body: Vec<u8>) -> Reply {
    Reply::new(status, body)
        .with_header("Content-Type", "text/html; charset=utf-8")
        .with_header("Cache-Control", "no-cache")
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
