//! Stage `serve`: the dev server. Builds the site in memory, serves it over HTTP, and
//! rebuilds and reloads open pages whenever a source file changes.
//!
//! 1. Build the site in memory ([`crate::build::build_in_memory`]); nothing is written
//!    to the output directory, so `serve` and `build` never fight over it.
//! 2. Bind the HTTP server ([`http`]) and serve the last good build from memory
//!    ([`site_store`]), with a small client script injected into HTML responses only.
//! 3. Watch content/, themes/, i18n/ and site.toml ([`watch`]); debounce events and
//!    classify them with a pure function ([`classify`]).
//! 4. On a change, rebuild ([`rebuild`]). Success replaces the served site at once and
//!    sends `reload` (or `css`) to every open page over server-sent events ([`events`]);
//!    failure prints the diagnostics like `build` does, sends `error` with them, and keeps
//!    serving the last good site, over which the client script draws an overlay.

pub mod classify;
pub mod events;
pub mod http;
pub mod rebuild;
pub mod site_store;
pub mod watch;
pub mod words;

use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crate::build::BuildOptions;
use crate::error::{Error, Result};
pub use rebuild::ServeState;

/// What to serve and where.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: BuildOptions,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    /// Open the site in the default browser once it is served.
    pub open: bool,
}

/// Request workers. Event streams have their own threads, so these only ever hold a
/// request for as long as it takes to write one in-memory file.
const WORKERS: usize = 16;

/// Runs the dev server until Ctrl-C. Returns the exit code.
pub fn serve_site(options: ServeOptions) -> Result<i32> {
    // Every save rebuilds the whole site; unchanged code blocks need not be highlighted again.
    crate::markdown::highlight::keep_highlighted_blocks();
    let state = Arc::new(ServeState::new(options.build.clone()));
    // Watch before the first build, so a save made while it runs is not missed.
    let _watcher = watch::watch_site(Arc::clone(&state))?;
    state.rebuild(classify::Change::Rebuild);

    let addr = SocketAddr::new(options.bind, options.port);
    let server = tiny_http::Server::http(addr).map_err(|source| Error::Bind {
        addr: addr.to_string(),
        source,
    })?;
    let server = Arc::new(server);
    let port = server
        .server_addr()
        .to_ip()
        .map(|a| a.port())
        .unwrap_or(options.port);
    let url = site_url(options.bind, port, &state.base_path());
    announce(&url, options.bind);

    let stopping = Arc::new(AtomicBool::new(false));
    let workers = http::spawn_workers(&server, &state, &stopping, WORKERS);
    nudge_connection_pool(SocketAddr::new(connect_host(options.bind), port), &stopping);
    if options.open {
        if let Err(error) = opener::open_browser(&url) {
            crate::errln!("warning: could not open a browser: {error}");
        }
    }

    wait_for_ctrl_c()?;
    stopping.store(true, Ordering::SeqCst);
    state.hub.close_all();
    for _ in 0..workers.len() {
        server.unblock();
    }
    for worker in workers {
        let _ = worker.join();
    }
    crate::errln!("stopped");
    Ok(0)
}

/// How often [`nudge_connection_pool`] connects.
const NUDGE_EVERY: Duration = Duration::from_millis(200);

/// Works around a lost wakeup in tiny_http 0.12's connection thread pool: when two
/// connections arrive together while one pool thread is idle, both are queued but only
/// one thread is woken, and the other connection waits until some thread finishes a
/// connection or a new one arrives. A browser opens connections in bursts and keeps
/// them open, so a page load could hang for minutes. An empty connection every
/// [`NUDGE_EVERY`] makes the pool look at its queue again (it closes at once, so no
/// request reaches the workers). `safety::connections_that_arrive_together_are_all_answered`
/// fails without it.
fn nudge_connection_pool(addr: SocketAddr, stopping: &Arc<AtomicBool>) {
    let stopping = Arc::clone(stopping);
    std::thread::spawn(move || {
        while !stopping.load(Ordering::SeqCst) {
            std::thread::sleep(NUDGE_EVERY);
            let _ = std::net::TcpStream::connect_timeout(&addr, NUDGE_EVERY);
        }
    });
}

/// The address to connect to this server at: a wildcard bind is reached on loopback.
fn connect_host(bind: IpAddr) -> IpAddr {
    match bind {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(std::net::Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(std::net::Ipv6Addr::LOCALHOST),
        ip => ip,
    }
}

/// The URL to print: loopback stays as it is; a wildcard bind is reached at 127.0.0.1.
fn site_url(bind: IpAddr, port: u16, base_path: &str) -> String {
    let host = match bind {
        ip if ip.is_unspecified() => "127.0.0.1".to_string(),
        IpAddr::V6(ip) => format!("[{ip}]"),
        IpAddr::V4(ip) => ip.to_string(),
    };
    format!("http://{host}:{port}{base_path}")
}

fn announce(url: &str, bind: IpAddr) {
    if !bind.is_loopback() {
        crate::errln!(
            "warning: listening on {bind}, so other computers on the network can see this \
             site; use the default (--bind 127.0.0.1) to keep it to this computer"
        );
    }
    crate::outln!("serving at {url} (press Ctrl-C to stop)");
    use std::io::Write;
    let _ = std::io::stdout().flush();
}

fn wait_for_ctrl_c() -> Result<()> {
    let (tx, rx) = std::sync::mpsc::channel();
    ctrlc::set_handler(move || {
        let _ = tx.send(());
    })
    .map_err(|e| Error::Usage(format!("could not listen for Ctrl-C: {e}")))?;
    let _ = rx.recv();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printed_url_follows_bind_and_base_path() {
        let local: IpAddr = "127.0.0.1".parse().unwrap();
        let any: IpAddr = "0.0.0.0".parse().unwrap();
        let v6: IpAddr = "::1".parse().unwrap();
        assert_eq!(site_url(local, 8080, "/"), "http://127.0.0.1:8080/");
        assert_eq!(site_url(any, 8080, "/mfa/"), "http://127.0.0.1:8080/mfa/");
        assert_eq!(site_url(v6, 1, "/"), "http://[::1]:1/");
    }
}
