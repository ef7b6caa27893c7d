//! `tebiki serve`: build in memory, serve, watch, rebuild and reload.

use std::net::IpAddr;
use std::path::PathBuf;

use super::Outcome;
use crate::build::{resolve_root, BuildOptions};
use crate::diagnostics::Lang;
use crate::serve::{serve_site, ServeOptions};

/// Options of `tebiki serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The site folder (the one holding site.toml).
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// The port to listen on; 0 picks a free one.
    #[arg(long, short, default_value_t = 1111)]
    pub port: u16,
    /// The address to listen on. Anything but a loopback address shows the site to the
    /// network.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// Use this address instead of base_url from site.toml; also read from
    /// TEBIKI_BASE_URL.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Also answer requests addressed to this host name (e.g. the computer's name on the
    /// LAN, with --bind 0.0.0.0). localhost and IP addresses are always answered.
    #[arg(long, value_name = "NAME")]
    pub allow_host: Vec<String>,
    /// Also print how long each stage of every build took, and the look for changes
    /// no file-system event reported.
    #[arg(long)]
    pub timings: bool,
}

pub fn run(args: ServeArgs, lang: Lang) -> Outcome {
    if args.timings {
        crate::timings::enable();
    }
    serve_site(ServeOptions {
        build: BuildOptions {
            root: resolve_root(args.root.as_deref()),
            output: None,
            drafts: args.drafts,
            base_url: crate::base_url::resolve_base_url(args.base_url),
            no_cache: false,
        },
        bind: args.bind,
        port: args.port,
        open: args.open,
        allow_hosts: args.allow_host,
        lang,
    })
}
