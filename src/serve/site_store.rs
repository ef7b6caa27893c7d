//! The site as the dev server serves it: the files of the last good build, held in
//! memory, and the mapping from a request URL to one of them.
//!
//! Nothing is ever read from disk to answer a request, so no URL can reach a file
//! outside the built site however it is spelled; [`route`] still rejects malformed and
//! traversal-shaped paths outright (400) so probes are visible as such in logs.

use rustc_hash::FxHashMap;

use crate::render::OutputFile;

/// The files of one good build, keyed by their `/`-separated path in the output.
///
/// A build's search index files come after its pages ([`SiteFiles::finish_search`]):
/// until then the previous build's are served in their place, so a search may briefly
/// find the text before the save, while a page is never older than the last build.
#[derive(Debug, Default)]
pub struct SiteFiles {
    /// Fx: the keys are the site's own paths, and hashing 20,000 of them on every save
    /// with SipHash cost more than the lookups of a day's requests.
    files: FxHashMap<String, bytes::Bytes>,
    /// The path part of the site's base_url, `/` or e.g. `/mfa/`.
    pub base_path: String,
    /// The previous build's search index files, served until this build's are made.
    stand_ins: FxHashMap<String, bytes::Bytes>,
    /// This build's search index files, once made.
    search: std::sync::OnceLock<FxHashMap<String, bytes::Bytes>>,
}

impl SiteFiles {
    pub fn new(files: Vec<OutputFile>, base_path: &str) -> Self {
        SiteFiles {
            files: files.into_iter().map(|f| (f.path, f.bytes)).collect(),
            base_path: base_path.to_string(),
            ..SiteFiles::default()
        }
    }

    /// A build whose search index files come later ([`SiteFiles::finish_search`]):
    /// `previous`'s are served until then.
    pub fn before_search(files: Vec<OutputFile>, base_path: &str, previous: &SiteFiles) -> Self {
        SiteFiles {
            stand_ins: previous.search_files().clone(),
            ..SiteFiles::new(files, base_path)
        }
    }

    /// Adds this build's search index files; the previous build's are no longer served.
    pub fn finish_search(&self, files: Vec<OutputFile>) {
        let _ = self
            .search
            .set(files.into_iter().map(|f| (f.path, f.bytes)).collect());
    }

    /// The search index files served now: this build's, or until they are made the
    /// previous build's.
    fn search_files(&self) -> &FxHashMap<String, bytes::Bytes> {
        self.search.get().unwrap_or(&self.stand_ins)
    }

    pub fn get(&self, key: &str) -> Option<&[u8]> {
        self.files
            .get(key)
            .or_else(|| self.search_files().get(key))
            .map(|bytes| &bytes[..])
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// Where a request goes.
#[derive(Debug, PartialEq, Eq)]
pub enum Route {
    /// The server-sent event stream.
    Events,
    /// The live-reload client script.
    Client,
    /// A site path, percent-decoded, without the leading `/`; ends in `/` for folders.
    Site(String),
    /// The URL cannot name a file of the site: bad escapes, NUL, `..`, encoded slashes…
    Malformed,
}

/// URLs longer than this are refused; no page of a guide has a path anywhere near it.
const MAX_URL: usize = 2048;

/// Maps a request target (`/ja/faq/?x=1`) to a [`Route`].
pub fn route(url: &str) -> Route {
    let path = url.split(['?', '#']).next().unwrap_or("");
    if url.len() > MAX_URL || !path.starts_with('/') {
        return Route::Malformed;
    }
    match path {
        "/__tebiki/events" => return Route::Events,
        "/__tebiki/client.js" => return Route::Client,
        _ => {}
    }
    let Some(decoded) = crate::urls::decode_request_path(path) else {
        return Route::Malformed;
    };
    let bad_segment = |s: &str| s == "." || s == ".." || s.contains(['\\', '\0', ':']);
    let segments: Vec<&str> = decoded[1..].split('/').collect();
    if segments.iter().any(|s| bad_segment(s)) {
        return Route::Malformed;
    }
    let mut key = segments
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("/");
    if decoded.ends_with('/') && !key.is_empty() {
        key.push('/');
    }
    Route::Site(key)
}

/// What a site path resolves to among the built files.
#[derive(Debug, PartialEq, Eq)]
pub enum Lookup {
    /// Serve this file.
    File(String),
    /// Send the browser here (a folder without its trailing slash, or the base path).
    Redirect(String),
    /// Nothing there: serve the site's 404 page.
    Missing,
}

/// Finds the file for a decoded site path below the site's base path.
pub fn lookup(site: &SiteFiles, path: &str) -> Lookup {
    let base = site.base_path.trim_start_matches('/');
    let Some(rel) = path.strip_prefix(base) else {
        if format!("{path}/") == base || path.is_empty() {
            return Lookup::Redirect(site.base_path.clone());
        }
        return Lookup::Missing;
    };
    if rel.is_empty() || rel.ends_with('/') {
        let index = format!("{rel}index.html");
        return match site.get(&index) {
            Some(_) => Lookup::File(index),
            None => Lookup::Missing,
        };
    }
    if site.get(rel).is_some() {
        return Lookup::File(rel.to_string());
    }
    if site.get(&format!("{rel}/index.html")).is_some() {
        return Lookup::Redirect(format!("/{path}/"));
    }
    Lookup::Missing
}

/// The content type for a file name, by extension.
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "xml" => "application/xml",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "gif" => "image/gif",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        "mp4" | "m4v" => "video/mp4",
        "webm" => "video/webm",
        "ogv" => "video/ogg",
        "mp3" => "audio/mpeg",
        "m4a" => "audio/mp4",
        "ogg" | "oga" => "audio/ogg",
        "wav" => "audio/wav",
        "vtt" => "text/vtt; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "zip" => "application/zip",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "wasm" => "application/wasm",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(base_path: &str) -> SiteFiles {
        let file = |p: &str| OutputFile {
            path: p.to_string(),
            bytes: p.as_bytes().to_vec().into(),
        };
        SiteFiles::new(
            vec![
                file("index.html"),
                file("404.html"),
                file("ja/index.html"),
                file("ja/faq/index.html"),
                file("tebiki.css"),
                file("ja/画像/スマホ.png"),
            ],
            base_path,
        )
    }

    #[test]
    fn routes_of_malformed_and_traversal_urls() {
        let malformed = [
            "/../etc/passwd",
            "/ja/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/%2e%2e/etc/passwd",
            "/.%2e/site.toml",
            "/ja/%2fetc%2fpasswd",
            "/..%2fsite.toml",
            "/..%5csite.toml",
            "/ja\\..\\site.toml",
            "/ja/%00.html",
            "/ja/index.html%00",
            "/%c0%ae%c0%ae/etc/passwd",
            "/%e0%80%ae/x",
            "/%zz",
            "/%2",
            "/C:/Windows/win.ini",
            "http://127.0.0.1/index.html",
            "etc/passwd",
            "*",
            "",
            "/./index.html",
        ];
        for url in malformed {
            assert_eq!(route(url), Route::Malformed, "{url}");
        }
        assert_eq!(route(&format!("/{}", "a".repeat(3000))), Route::Malformed);
    }

    #[test]
    fn routes_of_good_urls() {
        assert_eq!(route("/"), Route::Site(String::new()));
        assert_eq!(route("/ja/faq/?q=1#x"), Route::Site("ja/faq/".into()));
        assert_eq!(route("//ja//faq"), Route::Site("ja/faq".into()));
        assert_eq!(
            route("/ja/%E7%94%BB%E5%83%8F/%E3%82%B9%E3%83%9E%E3%83%9B.png"),
            Route::Site("ja/画像/スマホ.png".into())
        );
        assert_eq!(route("/__tebiki/events"), Route::Events);
        assert_eq!(route("/__tebiki/client.js?v=2"), Route::Client);
    }

    #[test]
    fn lookups_at_the_root() {
        let s = site("/");
        assert_eq!(lookup(&s, ""), Lookup::File("index.html".into()));
        assert_eq!(lookup(&s, "ja/"), Lookup::File("ja/index.html".into()));
        assert_eq!(lookup(&s, "ja/faq"), Lookup::Redirect("/ja/faq/".into()));
        assert_eq!(lookup(&s, "tebiki.css"), Lookup::File("tebiki.css".into()));
        assert_eq!(lookup(&s, "ja/nope/"), Lookup::Missing);
        assert_eq!(lookup(&s, "site.toml"), Lookup::Missing);
        assert_eq!(lookup(&s, "tebiki.css/"), Lookup::Missing);
    }

    #[test]
    fn lookups_below_a_base_path() {
        let s = site("/mfa/");
        assert_eq!(lookup(&s, ""), Lookup::Redirect("/mfa/".into()));
        assert_eq!(lookup(&s, "mfa"), Lookup::Redirect("/mfa/".into()));
        assert_eq!(lookup(&s, "mfa/"), Lookup::File("index.html".into()));
        assert_eq!(
            lookup(&s, "mfa/ja/faq/"),
            Lookup::File("ja/faq/index.html".into())
        );
        assert_eq!(lookup(&s, "mfa/ja"), Lookup::Redirect("/mfa/ja/".into()));
        assert_eq!(lookup(&s, "ja/"), Lookup::Missing);
    }

    #[test]
    fn content_types() {
        let table = [
            ("a/index.html", "text/html; charset=utf-8"),
            ("tebiki.css", "text/css; charset=utf-8"),
            ("tebiki.js", "text/javascript; charset=utf-8"),
            ("qr.svg", "image/svg+xml"),
            ("a.PNG", "image/png"),
            ("a.jpeg", "image/jpeg"),
            ("setup.mp4", "video/mp4"),
            ("setup.webm", "video/webm"),
            ("codes.csv", "text/csv; charset=utf-8"),
            ("kit.zip", "application/zip"),
            ("font.ttf", "font/ttf"),
            ("app.wasm", "application/wasm"),
            ("a.jpg", "image/jpeg"),
            ("a.webp", "image/webp"),
            ("f.woff2", "font/woff2"),
            ("sitemap.xml", "application/xml"),
            ("search.json", "application/json"),
            ("robots.txt", "text/plain; charset=utf-8"),
            ("LICENSE", "application/octet-stream"),
        ];
        for (path, expected) in table {
            assert_eq!(content_type(path), expected, "{path}");
        }
    }
}
