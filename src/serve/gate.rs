//! The dev server's connection handling: accepts connections, reads request heads within
//! fixed limits, refuses what a dev server has no business answering, and hands each
//! well-formed GET or HEAD to the site's handler.
//!
//! It replaces tiny_http 0.12's connection handling, which could not be made safe from
//! outside: it drained any announced request body after answering (one `Content-Length:
//! 99999999999999` aborted the process on the allocation), read header lines of any
//! length, gave every connection a thread from an unbounded pool, and lost wakeups in that
//! pool. The rules here:
//!
//! - **No bodies.** Only GET and HEAD are served. A request with a body (or any other
//!   method) is answered and the connection closed; the body is never read or buffered.
//! - **Bounded heads.** The request line and headers must fit in [`HEAD_LIMIT`] bytes
//!   (else 431) and arrive within [`HEAD_DEADLINE`] (else the connection is closed), so a
//!   slowloris client holds one small thread for seconds, not forever.
//! - **Bounded connections.** At most [`MAX_CONNECTIONS`] at once, each on a thread with
//!   a small stack; an idle keep-alive connection is closed after [`IDLE_TIMEOUT`]. Past
//!   the limit a new connection gets 503 and is closed at once.
//! - **Known hosts only.** `Host` must be `localhost` (or `*.localhost`), an IP address,
//!   or a name given with `--allow-host`; anything else is 403 with an explanation. This
//!   stops DNS rebinding: a web page the editor visits cannot read the local drafts
//!   through a name of its own that resolves to 127.0.0.1.

use std::io::{self, Read, Write};
use std::net::{IpAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The largest request line plus headers accepted.
pub const HEAD_LIMIT: usize = 16 * 1024;
/// How long a client may take to send a whole request head once it started.
pub const HEAD_DEADLINE: Duration = Duration::from_secs(10);
/// How long a keep-alive connection may wait for its next request.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(5);
/// Connections (event streams included) served at once.
pub const MAX_CONNECTIONS: usize = 1024;
/// How long writing a response may block on a client that does not read.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// Stack of a connection thread: it parses a head and copies an in-memory file.
const STACK: usize = 128 * 1024;
/// Headers parsed per request; more is 431.
const MAX_HEADERS: usize = 64;

/// A request the handler sees: always GET or HEAD, with no body.
#[derive(Debug)]
pub struct Request {
    pub head: bool,
    /// The request target as sent, e.g. `/ja/faq/?x=1`.
    pub target: String,
    headers: Vec<(String, String)>,
}

impl Request {
    /// The first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A complete response.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Reply {
            status,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    /// A plain-text reply.
    pub fn text(status: u16, body: &str) -> Self {
        Reply::new(status, body).with_header("Content-Type", "text/plain; charset=utf-8")
    }

    pub fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }
}

/// What the handler does with a request.
pub enum Outcome {
    Reply(Reply),
    /// A long-lived stream: the socket is handed over and the connection ends with it.
    Stream(Box<dyn FnOnce(TcpStream) + Send>),
}

/// The site's request handler.
pub type Handler = Arc<dyn Fn(&Request) -> Outcome + Send + Sync>;

/// Which `Host` names are answered besides loopback names and IP addresses.
#[derive(Debug, Clone, Default)]
pub struct Hosts {
    pub allowed: Vec<String>,
}

impl Hosts {
    /// Whether a `Host` header value (`name[:port]`) names this server.
    pub fn allows(&self, host: &str) -> bool {
        let name = host_name(host).to_ascii_lowercase();
        let name = name.trim_end_matches('.');
        name == "localhost"
            || name.ends_with(".localhost")
            || name
                .trim_start_matches('[')
                .trim_end_matches(']')
                .parse::<IpAddr>()
                .is_ok()
            || self.allowed.iter().any(|a| a.eq_ignore_ascii_case(name))
    }
}

/// `Host` without its port: `localhost:1111` → `localhost`, `[::1]:80` → `[::1]`.
fn host_name(host: &str) -> &str {
    if host.starts_with('[') {
        return host.split_inclusive(']').next().unwrap_or(host);
    }
    host.rsplit_once(':')
        .filter(|(_, port)| port.bytes().all(|b| b.is_ascii_digit()))
        .map_or(host, |(name, _)| name)
}

/// Accepts connections on `listener` until `stopping` is set (then one more connection,
/// e.g. from [`wake`], ends the loop).
pub fn accept_loop(
    listener: TcpListener,
    handler: Handler,
    hosts: Arc<Hosts>,
    stopping: Arc<AtomicBool>,
) {
    let open = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        if stopping.load(Ordering::SeqCst) {
            return;
        }
        let Ok(mut stream) = stream else {
            continue; // e.g. too many open files: the next accept may work
        };
        if open.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            open.fetch_sub(1, Ordering::SeqCst);
            let _ = stream.set_write_timeout(Some(Duration::from_millis(200)));
            let _ = write_reply(
                &mut stream,
                false,
                false,
                Reply::text(503, "too many connections; try again\n"),
            );
            continue;
        }
        let (handler, hosts, slot) = (Arc::clone(&handler), Arc::clone(&hosts), Arc::clone(&open));
        let spawned = std::thread::Builder::new()
            .name("tebiki-conn".into())
            .stack_size(STACK)
            .spawn(move || {
                serve_connection(stream, &handler, &hosts);
                slot.fetch_sub(1, Ordering::SeqCst);
            });
        if spawned.is_err() {
            open.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

/// Unblocks [`accept_loop`] after `stopping` was set.
pub fn wake(addr: std::net::SocketAddr) {
    let _ = TcpStream::connect_timeout(&addr, Duration::from_millis(200));
}

/// Why a request head could not be read.
enum HeadError {
    /// The client closed, timed out or broke the connection: nothing to answer.
    Gone,
    /// Answer this, then close.
    Refuse(Reply),
}

/// A parsed request head and what follows it in the buffer.
struct Head {
    method: String,
    target: String,
    minor_version: u8,
    headers: Vec<(String, String)>,
    /// Length of the head in the buffer.
    len: usize,
}

fn serve_connection(mut stream: TcpStream, handler: &Handler, hosts: &Hosts) {
    let _ = stream.set_nodelay(true);
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let mut buffer = Vec::with_capacity(1024);
    loop {
        let head = match read_head(&mut stream, &mut buffer) {
            Ok(head) => head,
            Err(HeadError::Gone) => return,
            Err(HeadError::Refuse(reply)) => {
                let _ = write_reply(&mut stream, false, false, reply);
                return;
            }
        };
        buffer.drain(..head.len);
        let (reply, keep_alive) = match check_request(&head, hosts) {
            Err(reply) => (reply, false),
            Ok(request) => {
                let keep_alive = wants_keep_alive(&head);
                match handler(&request) {
                    Outcome::Stream(run) => return run(stream),
                    Outcome::Reply(reply) => {
                        let head_only = request.head;
                        if write_reply(&mut stream, head_only, keep_alive, reply).is_err() {
                            return;
                        }
                        if !keep_alive {
                            return;
                        }
                        continue;
                    }
                }
            }
        };
        let _ = write_reply(&mut stream, head.method == "HEAD", keep_alive, reply);
        return;
    }
}

/// Method, body and host rules; the request the handler gets, or the refusal to send.
fn check_request(head: &Head, hosts: &Hosts) -> Result<Request, Reply> {
    let header = |name: &str| {
        head.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    };
    if head.method != "GET" && head.method != "HEAD" {
        return Err(
            Reply::text(405, "only GET and HEAD are allowed\n").with_header("Allow", "GET, HEAD")
        );
    }
    let has_body = header("Transfer-Encoding").is_some()
        || header("Content-Length").is_some_and(|v| v.trim() != "0");
    if has_body {
        return Err(Reply::text(
            400,
            "bad request: GET and HEAD requests have no body\n",
        ));
    }
    let host = match (header("Host"), head.minor_version) {
        (Some(host), _) => host,
        (None, 0) => "localhost",
        (None, _) => return Err(Reply::text(400, "bad request: no Host header\n")),
    };
    if !hosts.allows(host) {
        return Err(Reply::text(
            403,
            &format!(
                "This tebiki dev server answers only requests addressed to localhost or to an \
                 IP address, not to '{host}'. A web page that makes its own name point to this \
                 computer could otherwise read your unpublished pages. To reach the server by \
                 this name, start it with: tebiki serve --allow-host {}\n",
                host_name(host)
            ),
        ));
    }
    Ok(Request {
        head: head.method == "HEAD",
        target: head.target.clone(),
        headers: head.headers.clone(),
    })
}

fn wants_keep_alive(head: &Head) -> bool {
    let connection = head
        .headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("Connection"))
        .map(|(_, v)| v.to_ascii_lowercase());
    match (head.minor_version, connection.as_deref()) {
        (_, Some(c)) if c.contains("close") => false,
        (0, Some(c)) => c.contains("keep-alive"),
        (0, None) => false,
        _ => true,
    }
}

/// Reads one request head into `buffer` (which may already hold the start of it).
fn read_head(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Result<Head, HeadError> {
    let waiting_since = Instant::now();
    let mut started: Option<Instant> = (!buffer.is_empty()).then(Instant::now);
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(head) = parse_head(buffer)? {
            return Ok(head);
        }
        if buffer.len() >= HEAD_LIMIT {
            return Err(HeadError::Refuse(Reply::text(
                431,
                "request header fields too large\n",
            )));
        }
        let deadline = match started {
            Some(at) => at + HEAD_DEADLINE,
            None => waiting_since + IDLE_TIMEOUT,
        };
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(HeadError::Gone);
        }
        let _ = stream.set_read_timeout(Some(left));
        let room = (HEAD_LIMIT - buffer.len()).min(chunk.len());
        match stream.read(&mut chunk[..room]) {
            Ok(0) => return Err(HeadError::Gone),
            Ok(n) => {
                started.get_or_insert_with(Instant::now);
                buffer.extend_from_slice(&chunk[..n]);
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return Err(HeadError::Gone),
        }
    }
}

/// Parses a complete head at the start of `buffer`; `None` while it is incomplete.
fn parse_head(buffer: &[u8]) -> Result<Option<Head>, HeadError> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut request = httparse::Request::new(&mut headers);
    match request.parse(buffer) {
        Ok(httparse::Status::Partial) => Ok(None),
        Ok(httparse::Status::Complete(len)) => Ok(Some(Head {
            method: request.method.unwrap_or("").to_string(),
            target: request.path.unwrap_or("").to_string(),
            minor_version: request.version.unwrap_or(1),
            headers: request
                .headers
                .iter()
                .map(|h| {
                    (
                        h.name.to_string(),
                        String::from_utf8_lossy(h.value).into_owned(),
                    )
                })
                .collect(),
            len,
        })),
        Err(httparse::Error::TooManyHeaders) => Err(HeadError::Refuse(Reply::text(
            431,
            "request header fields too large\n",
        ))),
        Err(_) => Err(HeadError::Refuse(Reply::text(
            400,
            "bad request: this is not an HTTP request\n",
        ))),
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        302 => "Found",
        304 => "Not Modified",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// Writes `reply`; the body is left out for HEAD (its length is still announced) and for
/// statuses that have none.
fn write_reply(
    stream: &mut TcpStream,
    head_only: bool,
    keep_alive: bool,
    reply: Reply,
) -> io::Result<()> {
    let mut out = format!("HTTP/1.1 {} {}\r\n", reply.status, reason(reply.status));
    for (name, value) in &reply.headers {
        out.push_str(name);
        out.push_str(": ");
        out.push_str(value);
        out.push_str("\r\n");
    }
    let bodiless = reply.status == 304 || reply.status == 204;
    if !bodiless {
        out.push_str(&format!("Content-Length: {}\r\n", reply.body.len()));
    }
    out.push_str(if keep_alive {
        "Connection: keep-alive\r\n\r\n"
    } else {
        "Connection: close\r\n\r\n"
    });
    let mut bytes = out.into_bytes();
    if !head_only && !bodiless {
        bytes.extend_from_slice(&reply.body);
    }
    stream.write_all(&bytes)?;
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_names_and_addresses_are_allowed_other_names_are_not() {
        let hosts = Hosts {
            allowed: vec!["guide.lan".into()],
        };
        for host in [
            "localhost",
            "localhost:1111",
            "LOCALHOST.",
            "app.localhost:8080",
            "127.0.0.1:1111",
            "[::1]:1111",
            "192.168.1.20",
            "guide.lan:1111",
        ] {
            assert!(hosts.allows(host), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "127.0.0.1.nip.io",
            "",
        ] {
            assert!(!hosts.allows(host), "{host}");
        }
    }

    #[test]
    fn heads_parse_and_bodies_are_refused_without_reading_them() {
        let head = parse_head(
            b"POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 99999999999999\r\n\r\n",
        )
        .ok()
        .flatten()
        .unwrap();
        let refused = check_request(&head, &Hosts::default()).unwrap_err();
        assert_eq!(refused.status, 405);
        let head =
            parse_head(b"GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n\r\nhello")
                .ok()
                .flatten()
                .unwrap();
        assert_eq!(
            check_request(&head, &Hosts::default()).unwrap_err().status,
            400
        );
        assert!(parse_head(b"GET / HTTP/1.1\r\nHost: loc")
            .ok()
            .unwrap()
            .is_none());
    }
}
