//! Talking to a running `tebiki serve` over 127.0.0.1: start it, plain HTTP/1.1 requests
//! written by hand (so malformed ones can be sent too), and an event-stream reader.
//!
//! Shared by the integration tests and by `examples/serve_load.rs` and
//! `examples/serve_latency.rs` (included with `#[path]`), so the figures the examples
//! print come from the same client the tests check.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

/// A `tebiki serve` child process, stopped when dropped.
pub struct Server {
    pub child: Child,
    pub port: u16,
    /// The URL the server printed.
    pub url: String,
    /// Lines the server printed on stderr, as they come.
    pub stderr: Receiver<String>,
}

impl Server {
    /// Starts `binary serve --root <root> --port 0 <extra…>` and waits for its URL.
    pub fn start(binary: &Path, root: &Path, extra: &[&str]) -> Server {
        Server::start_with_env(binary, root, extra, &[])
    }

    /// [`Server::start`] with extra environment variables.
    pub fn start_with_env(
        binary: &Path,
        root: &Path,
        extra: &[&str],
        env: &[(&str, &Path)],
    ) -> Server {
        let mut child = Command::new(binary)
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .args(extra)
            .env("NO_COLOR", "1")
            .env("TEBIKI_MESSAGES", "en")
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start tebiki serve");
        let stderr = lines_of(child.stderr.take().expect("stderr"));
        let stdout = lines_of(child.stdout.take().expect("stdout"));
        let line = stdout
            .recv_timeout(Duration::from_secs(60))
            .expect("tebiki serve printed its URL");
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .expect("a URL in the first line")
            .to_string();
        let port = url
            .trim_start_matches("http://127.0.0.1:")
            .split('/')
            .next()
            .and_then(|p| p.parse().ok())
            .expect("a port in the URL");
        Server {
            child,
            port,
            url,
            stderr,
        }
    }

    pub fn get(&self, path: &str) -> Reply {
        get(self.port, path)
    }

    /// The server's resident memory in KiB, from /proc (Linux).
    pub fn rss_kib(&self) -> Option<u64> {
        rss_kib(self.child.id())
    }

    /// Everything printed on stderr so far.
    pub fn stderr_so_far(&self) -> String {
        self.stderr.try_iter().collect::<Vec<_>>().join("\n")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn lines_of(stream: impl Read + Send + 'static) -> Receiver<String> {
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

pub fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// A response as received.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    /// Header names lower-cased.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// `GET path` with `Connection: close`.
pub fn get(port: u16, path: &str) -> Reply {
    let request = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    raw(port, request.as_bytes()).expect("a well-formed response")
}

/// Sends raw bytes and parses the response; `None` if the server closed without one.
pub fn raw(port: u16, request: &[u8]) -> Option<Reply> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .ok()?;
    stream.write_all(request).ok()?;
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).ok()?;
    parse_reply(&bytes)
}

/// Parses a whole HTTP/1.1 response, undoing chunked transfer encoding.
pub fn parse_reply(bytes: &[u8]) -> Option<Reply> {
    let end = bytes.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&bytes[..end]).ok()?;
    let mut lines = head.split("\r\n");
    let status = lines.next()?.split_whitespace().nth(1)?.parse().ok()?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let rest = &bytes[end + 4..];
    let chunked = headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.eq_ignore_ascii_case("chunked"));
    let body = if chunked {
        dechunk(rest)?
    } else {
        let length = headers
            .iter()
            .find(|(n, _)| n == "content-length")
            .and_then(|(_, v)| v.parse::<usize>().ok())
            .unwrap_or(rest.len());
        if rest.len() < length {
            return None; // cut short: a half-sent response
        }
        rest[..length].to_vec()
    };
    Some(Reply {
        status,
        headers,
        body,
    })
}

fn dechunk(mut bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = bytes.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&bytes[..line_end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        bytes = &bytes[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(bytes.get(..size)?);
        bytes = bytes.get(size + 2..)?;
    }
}

/// One server-sent event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub event: String,
    pub data: String,
}

/// An open `/__tebiki/events` stream; events arrive on a channel as they are read.
pub struct Events {
    pub rx: Receiver<(Instant, Event)>,
    stream: TcpStream,
}

impl Events {
    pub fn open(port: u16) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect for events");
        stream
            .write_all(b"GET /__tebiki/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            .expect("request events");
        let reader = stream.try_clone().expect("clone stream");
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut event = Event {
                event: String::new(),
                data: String::new(),
            };
            for line in BufReader::new(reader).lines() {
                let Ok(line) = line else { break };
                if let Some(name) = line.strip_prefix("event: ") {
                    event.event = name.to_string();
                } else if let Some(data) = line.strip_prefix("data: ") {
                    if !event.data.is_empty() {
                        event.data.push('\n');
                    }
                    event.data.push_str(data);
                } else if line.is_empty() && !event.event.is_empty() {
                    let done = std::mem::replace(
                        &mut event,
                        Event {
                            event: String::new(),
                            data: String::new(),
                        },
                    );
                    if tx.send((Instant::now(), done)).is_err() {
                        break;
                    }
                }
            }
        });
        Events { rx, stream }
    }

    /// The next event named `name`, skipping others; panics after `timeout`.
    pub fn wait_for(&self, name: &str, timeout: Duration) -> (Instant, Event) {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok((at, event)) if event.event == name => return (at, event),
                Ok(_) => continue,
                Err(_) => panic!("no `{name}` event within {timeout:?}"),
            }
        }
    }

    /// Events received so far, without waiting.
    pub fn drain(&self) -> Vec<Event> {
        self.rx.try_iter().map(|(_, e)| e).collect()
    }
}

impl Drop for Events {
    fn drop(&mut self) {
        let _ = self.stream.shutdown(std::net::Shutdown::Both);
    }
}

/// Writes a file the way a careful editor does: a temporary file renamed over it.
pub fn save_atomically(path: &Path, text: &str) {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .expect("a file name");
    let tmp = path.with_file_name(format!("{name}.tmp"));
    std::fs::write(&tmp, text).expect("write temporary file");
    std::fs::rename(&tmp, path).expect("rename over the original");
}

/// Copies what a site is built from (site.toml, content/, themes/, i18n/) into `to`.
pub fn copy_site(from: &Path, to: &Path) {
    std::fs::copy(from.join("site.toml"), to.join("site.toml")).expect("copy site.toml");
    for sub in ["content", "themes", "i18n"] {
        for entry in walkdir::WalkDir::new(from.join(sub)) {
            let entry = entry.expect("walk the site");
            let target = to.join(entry.path().strip_prefix(from).expect("inside the site"));
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).expect("create a folder");
            } else {
                std::fs::copy(entry.path(), &target).expect("copy a file");
            }
        }
    }
}

/// The site-relative URLs listed in the site's sitemap (`<loc>` minus the base URL's host).
pub fn sitemap_paths(server: &Server) -> Vec<String> {
    let sitemap = server.get(&format!(
        "{}sitemap.xml",
        server
            .url
            .splitn(4, '/')
            .nth(3)
            .map(|p| format!("/{p}"))
            .unwrap_or("/".into())
    ));
    sitemap
        .text()
        .split("<loc>")
        .skip(1)
        .filter_map(|s| s.split("</loc>").next())
        .filter_map(|url| url.splitn(4, '/').nth(3).map(|p| format!("/{p}")))
        .collect()
}

/// The `tebiki` binary next to a running example (`target/<profile>/tebiki`).
pub fn binary_beside_examples() -> std::path::PathBuf {
    let exe = std::env::current_exe().expect("the example's path");
    let dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("target/<profile>");
    let binary = dir.join("tebiki");
    assert!(
        binary.exists(),
        "{} is missing: run `cargo build --release` first",
        binary.display()
    );
    binary
}
