//! The dev-server load and fault test: many clients, slow and vanishing clients and
//! traversal probes, while an editor saves (and breaks, and fixes) a page.
//!
//! Used at a small size by `cargo test --test it serve::load` and at full size by
//! `cargo run --release --example serve_load`.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::wire::{get, parse_reply, raw, Events, Server};

/// How much load to apply.
#[derive(Debug, Clone)]
pub struct LoadPlan {
    pub clients: usize,
    pub requests: usize,
    /// Saves of the edited page, `breaking` of them spread out (never the last) breaking
    /// the build.
    pub edits: usize,
    pub breaking: usize,
    pub slow_clients: usize,
    pub disconnecting_clients: usize,
    /// The page that gets edited, relative to the site root, and its URL.
    pub edited_source: PathBuf,
    pub edited_url: String,
    /// Valid URLs to request (200), and one that must answer 404.
    pub pages: Vec<String>,
    pub missing: String,
    pub probes: Vec<String>,
}

/// What happened.
#[derive(Debug, Default)]
pub struct LoadReport {
    pub requests: usize,
    pub expected_404: usize,
    pub failures: Vec<String>,
    pub latencies: Vec<Duration>,
    pub probes_sent: usize,
    pub slow_ok: usize,
    pub disconnects: usize,
    pub events: usize,
    pub edits: usize,
    pub breaking_edits: usize,
    pub rss_before_kib: u64,
    pub rss_after_kib: u64,
}

impl LoadReport {
    pub fn percentile(&self, p: f64) -> Duration {
        let mut sorted = self.latencies.clone();
        sorted.sort();
        if sorted.is_empty() {
            return Duration::ZERO;
        }
        let i = ((sorted.len() - 1) as f64 * p).round() as usize;
        sorted[i]
    }

    pub fn summary(&self) -> String {
        format!(
            "requests {} (expected 404s {}), failures {}, p50 {:.2} ms, p99 {:.2} ms, \
             probes {}, slow clients ok {}, disconnects {}, edits {} ({} breaking), \
             events {}, RSS {} KiB → {} KiB",
            self.requests,
            self.expected_404,
            self.failures.len(),
            self.percentile(0.5).as_secs_f64() * 1e3,
            self.percentile(0.99).as_secs_f64() * 1e3,
            self.probes_sent,
            self.slow_ok,
            self.disconnects,
            self.edits,
            self.breaking_edits,
            self.events,
            self.rss_before_kib,
            self.rss_after_kib,
        )
    }
}

/// Runs the plan against `server` serving `site`; returns when every client is done and
/// the last (good) edit has been served.
pub fn run_load(server: &Server, site: &Path, plan: &LoadPlan) -> LoadReport {
    let port = server.port;
    let report = Arc::new(Mutex::new(LoadReport {
        rss_before_kib: server.rss_kib().expect("the server's RSS (/proc)"),
        ..LoadReport::default()
    }));
    let watchers: Vec<Events> = (0..4).map(|_| Events::open(port)).collect();
    let next = Arc::new(AtomicUsize::new(0));
    // Marks this run's edits apart from an earlier run's on the same site.
    let nonce = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    std::thread::scope(|scope| {
        for _ in 0..plan.clients {
            let (next, report) = (Arc::clone(&next), Arc::clone(&report));
            scope.spawn(move || client(port, plan, &next, &report));
        }
        for i in 0..plan.slow_clients {
            let report = Arc::clone(&report);
            scope.spawn(move || slow_client(port, &plan.pages[i % plan.pages.len()], &report));
        }
        for i in 0..plan.disconnecting_clients {
            let report = Arc::clone(&report);
            scope.spawn(move || disconnecting_client(port, i, &plan.pages, &report));
        }
        let report_probes = Arc::clone(&report);
        scope.spawn(move || send_probes(port, &plan.probes, &report_probes));
        edit(site, plan, nonce, &report);
    });
    let final_text = wait_for_last_edit(port, plan, nonce);
    // Every thread that held the report has ended with the scope.
    let mut report = Arc::try_unwrap(report)
        .map(|m| m.into_inner().unwrap_or_else(|e| e.into_inner()))
        .unwrap_or_else(|_| panic!("the load report is still shared"));
    if let Some(problem) = final_text {
        report.failures.push(problem);
    }
    report.events = watchers.iter().map(|w| w.drain().len()).sum();
    report.rss_after_kib = server.rss_kib().expect("the server's RSS (/proc)");
    report
}

fn client(port: u16, plan: &LoadPlan, next: &AtomicUsize, report: &Mutex<LoadReport>) {
    loop {
        let n = next.fetch_add(1, Ordering::SeqCst);
        if n >= plan.requests {
            return;
        }
        // One request in twenty asks for a page that does not exist.
        let (path, want) = if n % 20 == 19 {
            (&plan.missing, 404)
        } else {
            (&plan.pages[n % plan.pages.len()], 200)
        };
        let started = Instant::now();
        let request =
            format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        let reply = raw(port, request.as_bytes());
        let elapsed = started.elapsed();
        let problem = match &reply {
            None => Some(format!("{path}: no complete response")),
            Some(r) if r.status != want => Some(format!("{path}: status {}", r.status)),
            Some(r) => incomplete_html(path, &r.body),
        };
        let mut report = lock(report);
        report.requests += 1;
        report.expected_404 += usize::from(want == 404);
        report.latencies.push(elapsed);
        report.failures.extend(problem);
    }
}

/// An HTML page must be whole: every served page ends its document.
fn incomplete_html(path: &str, body: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(body);
    let html = text.trim_start().starts_with("<!DOCTYPE html>");
    (html && !text.trim_end().ends_with("</html>"))
        .then(|| format!("{path}: half a page ({} bytes)", body.len()))
}

/// Sends its request a byte at a time and reads the answer a few bytes at a time.
fn slow_client(port: u16, path: &str, report: &Mutex<LoadReport>) {
    let request = format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    let result = (|| -> std::io::Result<Vec<u8>> {
        let mut stream = TcpStream::connect(("127.0.0.1", port))?;
        stream.set_read_timeout(Some(Duration::from_secs(60)))?;
        for byte in request.as_bytes() {
            stream.write_all(&[*byte])?;
            std::thread::sleep(Duration::from_millis(5));
        }
        let mut bytes = Vec::new();
        let mut buf = [0u8; 256];
        loop {
            let n = stream.read(&mut buf)?;
            if n == 0 {
                return Ok(bytes);
            }
            bytes.extend_from_slice(&buf[..n]);
            std::thread::sleep(Duration::from_millis(2));
        }
    })();
    let mut report = lock(report);
    match result.ok().as_deref().and_then(parse_reply) {
        Some(r) if r.status == 200 => report.slow_ok += 1,
        other => report
            .failures
            .push(format!("slow client {path}: {:?}", other.map(|r| r.status))),
    }
}

/// Goes away mid-request or mid-response, several times over.
fn disconnecting_client(port: u16, seed: usize, pages: &[String], report: &Mutex<LoadReport>) {
    for round in 0..10 {
        let path = &pages[(seed + round) % pages.len()];
        let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
            lock(report).failures.push("could not connect".into());
            return;
        };
        let request = format!("GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n");
        let bytes = request.as_bytes();
        if round % 2 == 0 {
            let _ = stream.write_all(&bytes[..bytes.len() / 2]);
        } else {
            let _ = stream.write_all(bytes);
            let mut buf = [0u8; 100];
            let _ = stream.read(&mut buf);
        }
        drop(stream);
        lock(report).disconnects += 1;
    }
}

fn send_probes(port: u16, probes: &[String], report: &Mutex<LoadReport>) {
    for probe in probes {
        let request =
            format!("GET {probe} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        let reply = raw(port, request.as_bytes());
        let mut report = lock(report);
        report.probes_sent += 1;
        match reply {
            Some(r) if ![400, 403, 404].contains(&r.status) || super::probes::leaked(&r.text()) => {
                report
                    .failures
                    .push(format!("probe {probe}: status {}", r.status));
            }
            Some(_) => {}
            None => report.failures.push(format!("probe {probe}: no reply")),
        }
    }
}

/// Saves the edited page `plan.edits` times, `plan.breaking` of them breaking it; the
/// last save is always good.
fn edit(site: &Path, plan: &LoadPlan, nonce: u128, report: &Mutex<LoadReport>) {
    let path = site.join(&plan.edited_source);
    let Ok(original) = std::fs::read_to_string(&path) else {
        lock(report)
            .failures
            .push("could not read the edited page".into());
        return;
    };
    for i in 1..=plan.edits {
        let step = plan.edits / plan.breaking.max(1);
        let breaking = plan.breaking > 0 && step > 1 && i % step == step - 1;
        let text = if breaking {
            break_front_matter(&original)
        } else {
            append_marker(&original, nonce, i)
        };
        super::wire::save_atomically(&path, &text);
        {
            let mut report = lock(report);
            report.edits += 1;
            report.breaking_edits += usize::from(breaking);
        }
        std::thread::sleep(Duration::from_millis(150));
    }
}

fn append_marker(original: &str, nonce: u128, i: usize) -> String {
    format!("{original}\n\nload-test-edit-{nonce}-{i}\n")
}

/// Makes the front matter invalid without touching the rest.
fn break_front_matter(original: &str) -> String {
    original.replacen("---\n", "---\nweight: [unclosed\n", 1)
}

/// Waits until the edited page shows the last edit; `Some(problem)` if it never does.
fn wait_for_last_edit(port: u16, plan: &LoadPlan, nonce: u128) -> Option<String> {
    let marker = format!("load-test-edit-{nonce}-{}", plan.edits);
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        let reply = get(port, &plan.edited_url);
        if reply.status == 200 && reply.text().contains(&marker) {
            return None;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Some(format!("{} never showed {marker}", plan.edited_url))
}

fn lock(report: &Mutex<LoadReport>) -> std::sync::MutexGuard<'_, LoadReport> {
    report.lock().unwrap_or_else(|e| e.into_inner())
}
