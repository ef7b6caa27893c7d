//! Load and fault test of `tebiki serve` on a copy of the shipped guide: 64 clients make
//! 10,000 requests while the guide is saved 20 times (5 saves break it), with slow and
//! vanishing clients and traversal probes. Prints failures, p50/p99 latency and the
//! server's memory before and after.
//!
//! ```text
//! cargo build --release && cargo run --release --example serve_load -- [--requests N] [--clients N]
//! ```

#[path = "../tests/it/serve/load_driver.rs"]
mod load_driver;
#[path = "../tests/it/serve/probes.rs"]
mod probes;
#[path = "../tests/it/serve/wire.rs"]
mod wire;

#[path = "support/flags.rs"]
mod flags;

use std::path::{Path, PathBuf};

use load_driver::{run_load, LoadPlan};

fn main() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = tempfile::tempdir().expect("a temporary folder");
    wire::copy_site(repo, site.path());
    let server = wire::Server::start(&wire::binary_beside_examples(), site.path(), &[]);
    let pages = wire::sitemap_paths(&server);
    let mut probes: Vec<String> = probes::PROBES.iter().map(|p| p.to_string()).collect();
    probes.push(probes::long_probe());
    let plan = LoadPlan {
        clients: flags::number("--clients", 64),
        requests: flags::number("--requests", 10_000),
        edits: 20,
        breaking: 5,
        slow_clients: 8,
        disconnecting_clients: 8,
        edited_source: PathBuf::from("content/en/index.md"),
        edited_url: "/en/".into(),
        pages: [
            vec!["/".into(), "/tebiki.css".into(), "/sitemap.xml".into()],
            pages,
        ]
        .concat(),
        missing: "/en/no-such-page/".into(),
        probes,
    };
    println!(
        "tebiki serve load test: {} clients, {} requests over {} URLs, {} edits ({} breaking)",
        plan.clients,
        plan.requests,
        plan.pages.len(),
        plan.edits,
        plan.breaking
    );
    let report = run_load(&server, site.path(), &plan);
    println!("{}", report.summary());
    for failure in report.failures.iter().take(20) {
        println!("  failure: {failure}");
    }
    let alive = server.get("/en/").status == 200;
    println!("server responsive afterwards: {alive}");
    if !report.failures.is_empty() || !alive {
        std::process::exit(1);
    }
}
