//! Stage `serve`: the dev server. Builds the site in memory, serves it over HTTP, and
//! rebuilds and reloads open pages whenever a source file changes.
//!
//! 1. Build the site in memory ([`crate::build::build_site`]); nothing is written
//!    to the output directory, so `serve` and `build` never fight over it.
//! 2. Accept connections within fixed limits ([`gate`]: no bodies, bounded heads and
//!    connections, known hosts only) and serve the last good build from memory
//!    ([`http`], [`site_store`]), with a small client script injected into HTML only.
//! 3. Watch content/, themes/, i18n/ and site.toml ([`watch`]); debounce events and
//!    classify them with a pure function ([`classify`]).
//! 4. On a change, rebuild ([`rebuild`]). Success replaces the served site at once and
//!    sends `reload` (or `css`) to every open page over server-sent events ([`events`]);
//!    failure prints the diagnostics like `build` does, sends `error` with them, and keeps
//!    serving the last good site, over which the client script draws an overlay.

pub mod classify;
pub mod events;
pub mod gate;
pub mod http;
pub mod lan;
pub mod rebuild;
pub mod site_store;
pub mod watch;
pub mod words;

use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use crate::build::BuildOptions;
use crate::diagnostics::Lang;
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
    /// Host names answered besides localhost and IP addresses (`--allow-host`).
    pub allow_hosts: Vec<String>,
    /// The language of tebiki's messages, on the terminal and in the error overlay.
    pub lang: Lang,
}

/// Runs the dev server until Ctrl-C. Returns the exit code.
pub fn serve_site(mut options: ServeOptions) -> Result<i32> {
    // Listen for Ctrl-C first: one pressed while the first build runs, or just as the
    // server starts answering, must still stop it cleanly (exit 0, "stopped").
    let ctrl_c = listen_for_ctrl_c()?;
    // Every save rebuilds the whole site; unchanged code blocks need not be highlighted again.
    crate::markdown::highlight::keep_highlighted_blocks();
    // Bound before the first build: the port (with --port 0) goes into the LAN URL.
    let addr = SocketAddr::new(options.bind, options.port);
    let listener = std::net::TcpListener::bind(addr).map_err(|source| Error::Bind {
        addr: addr.to_string(),
        source: Box::new(source),
    })?;
    let port = listener
        .local_addr()
        .map(|a| a.port())
        .unwrap_or(options.port);
    let lan = lan::lan_addresses(options.bind);
    preview_on_the_network(&mut options.build, &lan, port);
    let state = Arc::new(ServeState::new(options.build.clone(), options.lang));
    // Watch before the first build, so a save made while it runs is not missed.
    let _watcher = watch::watch_site(Arc::clone(&state))?;
    state.rebuild(classify::Change::Rebuild, Vec::new());

    let base_path = state.base_path();
    let url = site_url(options.bind, port, &base_path);
    announce(&url, options.bind);
    for ip in &lan {
        crate::outln!("  on your network: {}", lan::lan_url(*ip, port, &base_path));
    }

    let stopping = Arc::new(AtomicBool::new(false));
    let handler: gate::Handler = {
        let state = Arc::clone(&state);
        Arc::new(move |request| http::handle(request, &state))
    };
    let hosts = Arc::new(gate::Hosts {
        allowed: options.allow_hosts.clone(),
    });
    let acceptor = {
        let stopping = Arc::clone(&stopping);
        std::thread::spawn(move || gate::accept_loop(listener, handler, hosts, stopping))
    };
    if options.open {
        if let Err(error) = opener::open_browser(&url) {
            crate::errln!("warning: could not open a browser: {error}");
        }
    }

    let _ = ctrl_c.recv();
    stopping.store(true, Ordering::SeqCst);
    state.hub.close_all();
    gate::wake(SocketAddr::new(connect_host(options.bind), port));
    let _ = acceptor.join();
    crate::errln!("stopped");
    Ok(0)
}

/// With the site shown to the network and no `--base-url`, builds for the first LAN
/// address, so the hand-off QR code (and every absolute URL) opens this preview on a
/// phone. Only serve does this; `build` and `check` keep site.toml's address.
fn preview_on_the_network(build: &mut BuildOptions, lan: &[IpAddr], port: u16) {
    let Some(ip) = lan.first() else {
        return;
    };
    if build.base_url.is_some() {
        return;
    }
    let Ok(config) = crate::build::load_build_config(build) else {
        return; // the first build reports the problem
    };
    build.base_url = Some(lan::lan_url(*ip, port, &config.base_path));
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

/// A channel that receives once for each Ctrl-C (SIGINT) from now on.
fn listen_for_ctrl_c() -> Result<std::sync::mpsc::Receiver<()>> {
    let (tx, rx) = std::sync::mpsc::channel();
    ctrlc::set_handler(move || {
        let _ = tx.send(());
    })
    .map_err(|e| Error::Usage(format!("could not listen for Ctrl-C: {e}")))?;
    Ok(rx)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_network_preview_is_built_for_the_lan_url_unless_base_url_is_given() {
        let site = tempfile::tempdir().unwrap();
        std::fs::write(
            site.path().join("site.toml"),
            "base_url = \"https://x.example/mfa/\"\n[[languages]]\ncode = \"xx\"\nname = \"X\"\ntitle = \"t\"\n",
        )
        .unwrap();
        let lan: IpAddr = "192.168.10.5".parse().unwrap();
        let mut build = BuildOptions {
            root: site.path().to_path_buf(),
            ..BuildOptions::default()
        };
        preview_on_the_network(&mut build, &[], 1111);
        assert_eq!(build.base_url, None, "loopback: site.toml's address");
        preview_on_the_network(&mut build, &[lan], 1111);
        assert_eq!(
            build.base_url.as_deref(),
            Some("http://192.168.10.5:1111/mfa/")
        );
        build.base_url = Some("https://preview.example/".into());
        preview_on_the_network(&mut build, &[lan], 1111);
        assert_eq!(build.base_url.as_deref(), Some("https://preview.example/"));
    }

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
