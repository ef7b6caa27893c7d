//! One external URL over HTTP: HEAD first (cheap), GET when the server refuses HEAD or the
//! page's ids are needed for a `#fragment`; redirects are followed and remembered;
//! failures that may pass (timeouts, 5xx, 429) are retried with a growing pause.

use std::time::Duration;

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
}

/// Why a URL failed.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    Status(u16),
    Timeout,
    Network(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Status(code) => write!(f, "the server answered {code}"),
            Failure::Timeout => write!(f, "the server did not answer in time"),
            Failure::Network(e) => write!(f, "could not connect ({e})"),
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

/// Fetches `url` (no fragment), retrying what may pass on a second try.
pub fn fetch(
    agent: &Agent,
    url: &str,
    want_ids: bool,
    options: &FetchOptions,
) -> Result<Entry, Failure> {
    let mut pause = options.backoff;
    let mut attempt = 0;
    loop {
        let result = fetch_once(agent, url, want_ids);
        let retry = match &result {
            Err(Failure::Status(code)) => *code == 429 || *code >= 500,
            Err(_) => true,
            Ok(_) => false,
        };
        if !retry || attempt >= options.retries {
            return result;
        }
        attempt += 1;
        std::thread::sleep(pause);
        pause *= 2;
    }
}

fn fetch_once(agent: &Agent, url: &str, want_ids: bool) -> Result<Entry, Failure> {
    if !want_ids {
        let head = agent.head(url).call().map_err(failure)?;
        let status = head.status().as_u16();
        // Many servers answer HEAD wrongly (405, 403, 404, 501) but GET correctly.
        if head.status().is_success() {
            return Ok(entry(url, status, head.get_uri().to_string(), None));
        }
        if !matches!(status, 400 | 403 | 404 | 405 | 501) {
            return Err(Failure::Status(status));
        }
    }
    let response = agent.get(url).call().map_err(failure)?;
    let status = response.status().as_u16();
    if !response.status().is_success() {
        return Err(Failure::Status(status));
    }
    let final_url = response.get_uri().to_string();
    let ids = if want_ids {
        let body = response
            .into_body()
            .with_config()
            .limit(BODY_LIMIT)
            .lossy_utf8(true)
            .read_to_string()
            .map_err(failure)?;
        Some(page_ids(&body))
    } else {
        None
    };
    Ok(entry(url, status, final_url, ids))
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
    match error {
        ureq::Error::StatusCode(code) => Failure::Status(code),
        ureq::Error::Timeout(_) => Failure::Timeout,
        ureq::Error::Io(e) if e.kind() == std::io::ErrorKind::TimedOut => Failure::Timeout,
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
