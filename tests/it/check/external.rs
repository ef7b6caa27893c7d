//! `tebiki check --external` against a server this test starts on 127.0.0.1: statuses,
//! redirects, timeouts, retries, fragments, the cache and the per-host limit.

use std::collections::HashMap;
use std::io::Cursor;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tiny_http::{Header, Method, Response, Server};

use super::{case_site, check};

/// What the test server saw.
#[derive(Default)]
struct Seen {
    /// (method, path) → requests.
    hits: Mutex<HashMap<(String, String), usize>>,
    running: AtomicUsize,
    peak: AtomicUsize,
    user_agents: Mutex<Vec<String>>,
}

impl Seen {
    fn hits(&self, method: &str, path: &str) -> usize {
        let hits = self.hits.lock().unwrap();
        hits.get(&(method.to_string(), path.to_string()))
            .copied()
            .unwrap_or(0)
    }

    fn total(&self) -> usize {
        self.hits.lock().unwrap().values().sum()
    }
}

/// Starts the server; returns its base URL and what it saw. It runs until the test ends.
fn serve() -> (String, Arc<Seen>) {
    let server = Arc::new(Server::http("127.0.0.1:0").unwrap());
    let base = format!("http://{}", server.server_addr().to_ip().unwrap());
    let seen = Arc::new(Seen::default());
    for _ in 0..8 {
        let (server, seen) = (server.clone(), seen.clone());
        std::thread::spawn(move || {
            while let Ok(request) = server.recv() {
                let response = answer(&request, &seen);
                let _ = request.respond(response);
            }
        });
    }
    (base, seen)
}

fn answer(request: &tiny_http::Request, seen: &Seen) -> Response<Cursor<Vec<u8>>> {
    let path = request.url().to_string();
    let method = request.method().to_string();
    let count = {
        let mut hits = seen.hits.lock().unwrap();
        let n = hits.entry((method.clone(), path.clone())).or_default();
        *n += 1;
        *n
    };
    // A request without a User-Agent is recorded as an empty one, so it fails the check.
    let agent = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("User-Agent"))
        .map_or_else(String::new, |h| h.value.to_string());
    seen.user_agents.lock().unwrap().push(agent);
    let html = |status: u16, body: &str| {
        Response::from_string(body)
            .with_status_code(status)
            .with_header(Header::from_bytes("Content-Type", "text/html; charset=utf-8").unwrap())
    };
    match path.as_str() {
        "/ok" => html(200, "<h1 id=\"here\">here</h1>"),
        "/old" => html(301, "").with_header(Header::from_bytes("Location", "/ok").unwrap()),
        "/missing" => html(404, "gone"),
        "/error" => html(500, "broken"),
        "/flaky" if count == 1 => html(503, "busy"),
        "/flaky" => html(200, "fine now"),
        "/no-head" if *request.method() == Method::Head => html(405, ""),
        "/no-head" => html(200, "GET works"),
        "/slow" => {
            std::thread::sleep(Duration::from_secs(4));
            html(200, "too late")
        }
        p if p.starts_with("/busy/") => {
            let now = seen.running.fetch_add(1, Ordering::SeqCst) + 1;
            seen.peak.fetch_max(now, Ordering::SeqCst);
            std::thread::sleep(Duration::from_millis(150));
            seen.running.fetch_sub(1, Ordering::SeqCst);
            html(200, "ok")
        }
        _ => html(404, "no such path"),
    }
}

/// A site whose Japanese home page links to `links` (one per line, line 5 onwards), with
/// `[check]` options and its own cache folder. Only URLs on the test server (`base`) are
/// in scope, so the fixture's other external links never reach the network.
fn site_with(
    base: &str,
    links: &[String],
    check_options: &str,
) -> (tempfile::TempDir, tempfile::TempDir) {
    let site = case_site("base");
    let mut page = String::from("---\ntitle: 概要\n---\n\n");
    for link in links {
        page.push_str(&format!("- [リンク]({link})\n"));
    }
    page.push_str("- [ステップ1](guide.md)\n");
    std::fs::write(site.path().join("content/ja/index.md"), page).unwrap();
    let toml = site.path().join("site.toml");
    let mut text = std::fs::read_to_string(&toml).unwrap();
    text.push_str(&format!(
        "\n[check]\ninclude = [\"{base}/\"]\n{check_options}\n"
    ));
    std::fs::write(toml, text).unwrap();
    (site, tempfile::tempdir().unwrap())
}

fn check_external(site: &Path, cache: &Path) -> (i32, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tebiki"))
        .env("TEBIKI_MESSAGES", "en")
        .args(["check", "--external"])
        .current_dir(site)
        .env("NO_COLOR", "1")
        .env("TEBIKI_CACHE_DIR", cache)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn statuses_redirects_fragments_and_timeouts() {
    let (base, seen) = serve();
    let links: Vec<String> = [
        "/ok", "/old", "/missing", "/error", "/ok#here", "/ok#heer", "/no-head", "/slow",
    ]
    .iter()
    .map(|p| format!("{base}{p}"))
    .collect();
    let (site, cache) = site_with(&base, &links, "timeout = 1\nretries = 0");
    let (code, err) = check_external(site.path(), cache.path());
    assert_eq!(code, 1, "{err}");
    let at = |line: usize| format!("content/ja/index.md:{line}:3: ");
    assert!(
        err.contains(&format!(
            "{}warning[external-redirect]: the link 'リンク' ({base}/old) redirects to {base}/ok",
            at(6)
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{}error[external-link]: the link 'リンク' ({base}/missing): the server answered 404",
            at(7)
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{}error[external-link]: the link 'リンク' ({base}/error): the server answered 500",
            at(8)
        )),
        "{err}"
    );
    assert!(err.contains(&format!("{}warning[external-anchor]: the link 'リンク' ({base}/ok#heer): the page has no '#heer'\n  help: did you mean '#here'?", at(10))), "{err}");
    assert!(err.contains(&format!("{}error[external-link]: the link 'リンク' ({base}/slow): the server did not answer in time", at(12))), "{err}");
    for line in [5, 9, 11] {
        assert!(!err.contains(&at(line)), "line {line} is fine: {err}");
    }
    assert_eq!(err.matches("[external-").count(), 5, "{err}");
    assert!(
        !err.contains("checking external links"),
        "no progress line when stderr is not a terminal: {err}"
    );
    assert!(seen.hits("HEAD", "/no-head") >= 1 && seen.hits("GET", "/no-head") == 1);
    assert_eq!(
        seen.hits("GET", "/ok"),
        1,
        "the page is fetched once for its ids"
    );
    let agents = seen.user_agents.lock().unwrap();
    assert!(!agents.is_empty(), "no request reached the server");
    assert!(
        agents
            .iter()
            .all(|ua| ua.starts_with("Mozilla/5.0") && ua.contains("tebiki-check/")),
        "{agents:?}"
    );
}

#[test]
fn failures_that_may_pass_are_retried() {
    let (base, seen) = serve();
    let (site, cache) = site_with(&base, &[format!("{base}/flaky")], "retries = 1");
    let (code, err) = check_external(site.path(), cache.path());
    assert_eq!(code, 0, "{err}");
    assert_eq!(seen.hits("HEAD", "/flaky"), 2);
}

#[test]
fn second_run_is_answered_from_the_cache() {
    let (base, seen) = serve();
    let links = vec![
        format!("{base}/ok"),
        format!("{base}/ok#here"),
        format!("{base}/missing"),
    ];
    let (site, cache) = site_with(&base, &links, "retries = 0");
    let (code, err) = check_external(site.path(), cache.path());
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("2 external URLs: 2 fetched, 0 from cache"),
        "{err}"
    );
    let ok_before = seen.hits("HEAD", "/ok") + seen.hits("GET", "/ok");
    let missing_before = seen.hits("HEAD", "/missing") + seen.hits("GET", "/missing");
    let (code, err) = check_external(site.path(), cache.path());
    assert_eq!(code, 1, "failures are not cached: {err}");
    assert!(
        err.contains("2 external URLs: 1 fetched, 1 from cache"),
        "{err}"
    );
    assert_eq!(
        seen.hits("HEAD", "/ok") + seen.hits("GET", "/ok"),
        ok_before
    );
    assert_eq!(
        seen.hits("HEAD", "/missing") + seen.hits("GET", "/missing"),
        2 * missing_before,
        "the broken URL is asked again"
    );
    assert!(cache.path().join("external-links.json").is_file());
    // An expired cache (cache_hours = 0) is not used.
    crate::support::replace_in_file(
        &site.path().join("site.toml"),
        "retries = 0",
        "retries = 0\ncache_hours = 0",
    );
    let (_, err) = check_external(site.path(), cache.path());
    assert!(err.contains("2 fetched, 0 from cache"), "{err}");
}

#[test]
fn per_host_limit_is_respected() {
    let (base, seen) = serve();
    let links: Vec<String> = (0..8).map(|i| format!("{base}/busy/{i}")).collect();
    let (site, cache) = site_with(&base, &links, "concurrency = 8\nper_host = 2");
    let (code, err) = check_external(site.path(), cache.path());
    assert_eq!(code, 0, "{err}");
    assert_eq!(seen.total(), 8);
    let peak = seen.peak.load(Ordering::SeqCst);
    assert!(
        peak <= 2,
        "at most 2 requests at once to one host, saw {peak}"
    );
}

#[test]
fn include_and_exclude_patterns_limit_what_is_fetched() {
    let (base, seen) = serve();
    let links = vec![format!("{base}/missing"), format!("{base}/error")];
    let (site, cache) = site_with(
        &base,
        &links,
        &format!("exclude = [\"{base}/err*\"]\nretries = 0"),
    );
    let (code, err) = check_external(site.path(), cache.path());
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("/missing): the server answered 404"), "{err}");
    assert!(!err.contains("/error"), "{err}");
    assert_eq!(seen.hits("HEAD", "/error") + seen.hits("GET", "/error"), 0);
}

#[test]
fn without_external_nothing_is_fetched() {
    let (base, seen) = serve();
    let (site, _cache) = site_with(&base, &[format!("{base}/missing")], "");
    let (code, err, _) = check(site.path(), &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("1 external URL not checked; add --external"),
        "{err}"
    );
    assert_eq!(seen.total(), 0);
}

/// A server that accepts connections and never answers: the whole run ends within its
/// `--external-timeout` budget (plus start-up), and the links are "not checked", not broken.
#[test]
fn a_server_that_never_answers_ends_within_the_budget_as_not_checked() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            held.push(stream); // accepted, never answered
        }
    });
    let links: Vec<String> = (0..6).map(|i| format!("{base}/never/{i}")).collect();
    let (site, cache) = site_with(&base, &links, "timeout = 30\nretries = 5\nconcurrency = 2");
    let started = std::time::Instant::now();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tebiki"))
        .env("TEBIKI_MESSAGES", "en")
        .args(["check", "--external", "--external-timeout", "3"])
        .current_dir(site.path())
        .env("NO_COLOR", "1")
        .env("TEBIKI_CACHE_DIR", cache.path())
        .output()
        .unwrap();
    let took = started.elapsed();
    let err = String::from_utf8_lossy(&out.stderr);
    // A run that ignored the 3 s budget would wait at least one request's 30 s timeout;
    // the margin above 3 s is for start-up on a loaded machine (5 s was missed at load 20).
    assert!(took < Duration::from_secs(20), "took {took:?}:\n{err}");
    assert_eq!(
        err.matches("warning[external-unchecked]").count(),
        6,
        "{err}"
    );
    assert!(err.contains("not checked (time budget)"), "{err}");
    assert!(!err.contains("error[external-link]"), "{err}");
    assert!(err.contains("--external-timeout"), "{err}");
}

/// Each failure says what kind it was: a refused connection is not a timeout.
#[test]
fn a_refused_connection_says_so() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    }; // closed again: connections are refused
    let base = format!("http://127.0.0.1:{port}");
    let (site, cache) = site_with(&base, &[format!("{base}/x")], "retries = 0");
    let (code, err) = check_external(site.path(), cache.path());
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("could not connect (connection:"), "{err}");
}

/// The XDG spec says a relative `XDG_CACHE_HOME` is ignored: the cache goes to
/// `~/.cache/tebiki/`, never into a folder below wherever tebiki was started.
#[test]
fn a_relative_xdg_cache_home_is_ignored() {
    let (base, _seen) = serve();
    let (site, _cache) = site_with(&base, &[format!("{base}/ok")], "");
    let home = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tebiki"))
        .env("TEBIKI_MESSAGES", "en")
        .args(["check", "--external"])
        .current_dir(site.path())
        .env("NO_COLOR", "1")
        .env_remove("TEBIKI_CACHE_DIR")
        .env("XDG_CACHE_HOME", "relative-cache")
        .env("HOME", home.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!site.path().join("relative-cache").exists());
    assert!(home
        .path()
        .join(".cache/tebiki/external-links.json")
        .is_file());
}

/// A gzip-compressed Shift_JIS page, as many Japanese university servers still send:
/// its Japanese id is found, so the fragment is not reported.
#[test]
fn a_gzipped_shift_jis_page_keeps_its_japanese_ids() {
    use std::io::{BufRead, BufReader, Write as _};
    // 「窓口」 in Shift_JIS is 0x91 0x8B 0x8C 0xFB.
    let mut page = b"<html><head><meta charset=\"Shift_JIS\"></head><body><h2 id=\"".to_vec();
    page.extend_from_slice(&[0x91, 0x8B, 0x8C, 0xFB]);
    page.extend_from_slice(b"\">x</h2></body></html>");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&page).unwrap();
    let body = gz.finish().unwrap();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut head = String::new();
            while reader.read_line(&mut head).is_ok_and(|n| n > 2) {}
            let accepts_gzip = head.to_ascii_lowercase().contains("accept-encoding: gzip");
            let reply = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=Shift_JIS\r\n{}Content-Length: {}\r\nConnection: close\r\n\r\n",
                if accepts_gzip { "Content-Encoding: gzip\r\n" } else { "" },
                if accepts_gzip { body.len() } else { 0 }
            );
            let _ = stream.write_all(reply.as_bytes());
            if accepts_gzip && !head.starts_with("HEAD") {
                let _ = stream.write_all(&body);
            }
        }
    });
    let link = format!("{base}/page#窓口");
    let (site, cache) = site_with(&base, &[link], "retries = 0");
    let (code, err) = check_external(site.path(), cache.path());
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("external-anchor"), "{err}");
}

/// Offline, every link would fail the same way: one "no network?" error instead.
#[test]
fn when_nothing_connects_one_error_asks_about_the_network() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let base = format!("http://127.0.0.1:{port}");
    let urls = [
        format!("{base}/a"),
        format!("{base}/b"),
        format!("{base}/c"),
    ];
    let (site, cache) = site_with(&base, &urls, "retries = 0");
    let (code, err) = check_external(site.path(), cache.path());
    assert_eq!(code, 1, "{err}");
    assert_eq!(err.matches("error[external-offline]").count(), 1, "{err}");
    assert!(err.contains("without network access?"), "{err}");
    assert!(!err.contains("error[external-link]"), "{err}");
}

/// A broken URL used in several places is one error (one CI annotation), at its first use,
/// naming every place; so is a redirect. Different fragments of one page stay apart.
#[test]
fn a_url_used_in_several_places_is_reported_once_naming_them_all() {
    let (base, _seen) = serve();
    let links = vec![
        format!("{base}/missing"),
        format!("{base}/old"),
        format!("{base}/missing"),
        format!("{base}/ok#nowhere"),
        format!("{base}/old"),
        format!("{base}/missing"),
        format!("{base}/ok#nowhere"),
    ];
    let (site, cache) = site_with(&base, &links, "retries = 0");
    let (code, err) = check_external(site.path(), cache.path());
    assert_eq!(code, 1, "{err}");
    let at = |line: usize| format!("content/ja/index.md:{line}:3");
    assert_eq!(err.matches("error[external-link]").count(), 1, "{err}");
    assert!(
        err.contains(&format!(
            "{}: error[external-link]: the link 'リンク' ({base}/missing): the server answered 404",
            at(5)
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "(used in 3 places: {}, {}, {})\n  help: fix or remove the link",
            at(5),
            at(7),
            at(10)
        )),
        "{err}"
    );
    assert_eq!(
        err.matches("warning[external-redirect]").count(),
        1,
        "{err}"
    );
    assert!(
        err.contains(&format!("(used in 2 places: {}, {})", at(6), at(9))),
        "{err}"
    );
    assert_eq!(err.matches("warning[external-anchor]").count(), 1, "{err}");
    assert!(
        err.contains(&format!("{}: warning[external-anchor]", at(8))),
        "{err}"
    );
    // In GitHub's format that is one annotation per URL, at the first use.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tebiki"))
        .env("TEBIKI_MESSAGES", "en")
        .args(["check", "--external", "--format", "github"])
        .current_dir(site.path())
        .env("TEBIKI_CACHE_DIR", cache.path())
        .output()
        .unwrap();
    let annotations = String::from_utf8_lossy(&out.stdout);
    let missing: Vec<&str> = annotations
        .lines()
        .filter(|l| l.contains("/missing"))
        .collect();
    assert_eq!(missing.len(), 1, "{annotations}");
    assert!(
        missing[0]
            .starts_with("::error file=content/ja/index.md,line=5,col=3,title=external-link::"),
        "{annotations}"
    );
}

/// With `TEBIKI_MESSAGES=ja` the results of the external check are Japanese sentences
/// around the link and the server's answer (issue 27).
#[test]
fn results_read_in_japanese() {
    let (base, _seen) = serve();
    let links: Vec<String> = ["/missing", "/old", "/ok#heer", "/missing"]
        .iter()
        .map(|p| format!("{base}{p}"))
        .collect();
    let (site, cache) = site_with(&base, &links, "retries = 0");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tebiki"))
        .env("TEBIKI_MESSAGES", "ja")
        .args(["check", "--external"])
        .current_dir(site.path())
        .env("NO_COLOR", "1")
        .env("TEBIKI_CACHE_DIR", cache.path())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!(
            "content/ja/index.md:5:3: error[external-link]: リンク「リンク」（{base}/missing）: サーバーがステータス 404 を返しました（HTTP ステータス）（2 か所で使われています: content/ja/index.md:5:3, content/ja/index.md:8:3）"
        )),
        "{err}"
    );
    assert!(
        err.contains("help: リンクを直すか削除してください"),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "（{base}/old）は {base}/ok にリダイレクトされます"
        )),
        "{err}"
    );
    assert!(
        err.contains("リンク先のページに「#heer」がありません"),
        "{err}"
    );
    assert!(err.contains("help: 「#here」のことでしょうか。"), "{err}");
    assert!(
        !err.contains("the server answered") && !err.contains("redirects to"),
        "{err}"
    );
}
