//! One external URL over HTTP: HEAD first (cheap), GET when the server refuses HEAD or the
//! page's ids are needed for a `#fragment`; redirects are followed and remembered;
//! failures that may pass (timeouts, 5xx, 429) are retried with a growing pause.

use std::time::{Duration, Instant};

use ureq::{Agent, ResponseExt};

use super::cache::{now, Entry};
use crate::markdown::raw_html::attributes;

/// A browser-like user agent: some sites answer crawlers' default agents with 403.
pub const USER_AGENT: &str = concat!(
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) ",
    "Chrome/124.0 Safari/537.36 tebiki-check/",
    env!("CARGO_PKG_VERSION")
);

/// The most of a page read to look for ids.
const BODY_LIMIT: u64 = 8 * 1024 * 1024;

/// How one URL is fetched.
#[derive(Debug, Clone, Copy)]
pub struct FetchOptions {
    pub timeout: Duration,
    pub retries: u32,
    /// The first pause before a retry; each next one doubles.
    pub backoff: Duration,
    /// When the whole run's time budget (`--external-timeout`) ends: nothing starts after
    /// it, and no request outlasts it.
    pub deadline: Instant,
}

/// The most retries per URL, whatever `[check] retries` says: a dead host must not hold
/// CI for many timeouts in a row.
pub const MAX_RETRIES: u32 = 2;

/// The longest `Retry-After` waited for before a retry.
pub const RETRY_AFTER_CAP: Duration = Duration::from_secs(10);

/// Why a URL failed.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// The server answered with an error status.
    Status(u16),
    /// The server accepted the connection but did not answer in time.
    Timeout,
    /// The host name could not be resolved.
    Dns(String),
    /// No connection could be made (refused, unreachable).
    Connect(String),
    /// The TLS handshake or certificate failed.
    Tls(String),
    /// Anything else on the way (a broken response, too many redirects).
    Network(String),
    /// The run's time budget ended before this URL could be checked.
    NotChecked,
}

impl Failure {
    /// The `failure` and `detail` arguments of the `external-link` message (the library's
    /// detail is quoted as it is).
    pub fn args(&self) -> [(&'static str, String); 2] {
        let (kind, detail) = match self {
            Failure::Status(code) => ("status", code.to_string()),
            Failure::Timeout => ("timeout", String::new()),
            Failure::Dns(e) => ("dns", e.clone()),
            Failure::Connect(e) => ("connect", e.clone()),
            Failure::Tls(e) => ("tls", e.clone()),
            Failure::Network(e) => ("network", e.clone()),
            Failure::NotChecked => ("not-checked", String::new()),
        };
        [("failure", kind.to_string()), ("detail", detail)]
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Status(code) => write!(f, "the server answered {code} (HTTP status)"),
            Failure::Timeout => write!(f, "the server did not answer in time (timeout)"),
            Failure::Dns(e) => write!(f, "the host name was not found (DNS: {e})"),
            Failure::Connect(e) => write!(f, "could not connect (connection: {e})"),
            Failure::Tls(e) => write!(f, "the secure connection failed (TLS: {e})"),
            Failure::Network(e) => write!(f, "could not connect ({e})"),
            Failure::NotChecked => write!(f, "not checked (time budget)"),
        }
    }
}

pub fn agent(options: &FetchOptions) -> Agent {
    Agent::config_builder()
        .timeout_global(Some(options.timeout))
        .http_status_as_error(false)
        .user_agent(USER_AGENT)
        .max_redirects(10)
        .build()
        .into()
}

/// Fetches `url` (no fragment), retrying what may pass on a second try, within the
/// run's deadline.
pub fn fetch(
    agent: &Agent,
    url: &str,
    want_ids: bool,
    options: &FetchOptions,
) -> Result<Entry, Failure> {
    let mut pause = options.backoff;
    let mut attempt = 0;
    loop {
        let left = options.deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(Failure::NotChecked);
        }
        let cut_by_budget = left < options.timeout;
        let timeout = options.timeout.min(left);
        let (result, retry_after) = match fetch_once(agent, url, want_ids, timeout) {
            Ok(entry) => (Ok(entry), None),
            Err((Failure::Timeout, _)) if cut_by_budget => return Err(Failure::NotChecked),
            Err((failure, retry_after)) => (Err(failure), retry_after),
        };
        let retry = match &result {
            Err(Failure::Status(code)) => *code == 429 || *code >= 500,
            Err(Failure::Dns(_)) => false,
            Err(_) => true,
            Ok(_) => false,
        };
        if !retry || attempt >= options.retries.min(MAX_RETRIES) {
            return result;
        }
        let wait = retry_after.map_or(pause, |after| after.min(RETRY_AFTER_CAP));
        if Instant::now() + wait >= options.deadline {
            return result;
        }
        attempt += 1;
        std::thread::sleep(wait);
        pause *= 2;
    }
}

/// A failure, with the pause the server asked for (`Retry-After` in seconds) if any.
type Attempt = Result<Entry, (Failure, Option<Duration>)>;

fn fetch_once(agent: &Agent, url: &str, want_ids: bool, timeout: Duration) -> Attempt {
    let plain = |e| (failure(e), None);
    if !want_ids {
        let head = agent
            .head(url)
            .config()
            .timeout_global(Some(timeout))
            .build()
            .call()
            .map_err(plain)?;
        let status = head.status().as_u16();
        // Many servers answer HEAD wrongly (405, 403, 404, 501) but GET correctly.
        if head.status().is_success() {
            return Ok(entry(url, status, head.get_uri().to_string(), None));
        }
        if !matches!(status, 400 | 403 | 404 | 405 | 501) {
            return Err((Failure::Status(status), retry_after(head.headers())));
        }
    }
    let response = agent
        .get(url)
        .config()
        .timeout_global(Some(timeout))
        .build()
        .call()
        .map_err(plain)?;
    let status = response.status().as_u16();
    if !response.status().is_success() {
        return Err((Failure::Status(status), retry_after(response.headers())));
    }
    let final_url = response.get_uri().to_string();
    let ids = if want_ids {
        let body = response
            .into_body()
            .with_config()
            .limit(BODY_LIMIT)
            .lossy_utf8(true)
            .read_to_string()
            .map_err(plain)?;
        Some(page_ids(&body))
    } else {
        None
    };
    Ok(entry(url, status, final_url, ids))
}

/// `Retry-After: <seconds>` (the HTTP-date form is rare on 429/503 and is ignored).
fn retry_after(headers: &ureq::http::HeaderMap) -> Option<Duration> {
    let value = headers.get("retry-after")?.to_str().ok()?;
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}

fn entry(url: &str, status: u16, final_url: String, ids: Option<Vec<String>>) -> Entry {
    Entry {
        checked: now(),
        status,
        redirected_to: (!same_url(url, &final_url)).then_some(final_url),
        ids,
    }
}

/// `http://x.example` and `http://x.example/` are the same address.
fn same_url(a: &str, b: &str) -> bool {
    a.trim_end_matches('/') == b.trim_end_matches('/')
}

fn failure(error: ureq::Error) -> Failure {
    use std::io::ErrorKind;
    match error {
        ureq::Error::StatusCode(code) => Failure::Status(code),
        ureq::Error::Timeout(_) => Failure::Timeout,
        ureq::Error::Io(e) if e.kind() == ErrorKind::TimedOut => Failure::Timeout,
        ureq::Error::HostNotFound => Failure::Dns("no such host".into()),
        ureq::Error::ConnectionFailed => Failure::Connect("connection failed".into()),
        ureq::Error::Io(e)
            if matches!(
                e.kind(),
                ErrorKind::ConnectionRefused
                    | ErrorKind::ConnectionReset
                    | ErrorKind::HostUnreachable
                    | ErrorKind::NetworkUnreachable
            ) =>
        {
            Failure::Connect(e.to_string())
        }
        ureq::Error::Tls(e) => Failure::Tls(e.to_string()),
        ureq::Error::Rustls(e) => Failure::Tls(e.to_string()),
        other => Failure::Network(other.to_string()),
    }
}

/// Every `id` and `<a name>` of a fetched page.
fn page_ids(html: &str) -> Vec<String> {
    let mut ids: Vec<String> = attributes(html)
        .into_iter()
        .filter(|a| a.name_is("id") || (a.tag_is("a") && a.name_is("name")))
        .map(|a| a.value.into_owned())
        .collect();
    ids.sort();
    ids.dedup();
    ids
}
