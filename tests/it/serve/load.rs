//! The load and fault test at CI size; `examples/serve_load.rs` runs it at full size.

use std::path::PathBuf;

use super::load_driver::{run_load, LoadPlan};
use super::probes::{long_probe, PROBES};
use super::wire::Server;
use super::{serve_fixture, EVENT_TIMEOUT};

fn plan(requests: usize) -> LoadPlan {
    let mut probes: Vec<String> = PROBES.iter().map(|p| p.to_string()).collect();
    probes.push(long_probe());
    LoadPlan {
        clients: 64,
        requests,
        edits: 20,
        breaking: 5,
        slow_clients: 8,
        disconnecting_clients: 8,
        edited_source: PathBuf::from("content/en/guide.md"),
        edited_url: "/en/guide/".into(),
        pages: [
            "/",
            "/en/",
            "/en/guide/",
            "/ja/",
            "/ja/guide/",
            "/tebiki.css",
            "/sitemap.xml",
        ]
        .map(String::from)
        .to_vec(),
        missing: "/en/no-such-page/".into(),
        probes,
    }
}

#[test]
fn serve_load_many_clients_edits_and_faults_lose_nothing() {
    let (site, server) = serve_fixture();
    let plan = plan(2_000);
    let first = run_load(&server, site.path(), &plan);
    eprintln!("first round: {}", first.summary());
    assert_eq!(first.failures, Vec::<String>::new());
    assert_eq!(first.requests, plan.requests);
    assert!(first.probes_sent >= 50);
    assert_eq!(first.slow_ok, plan.slow_clients);
    assert_eq!(first.breaking_edits, 5);
    assert!(first.events > 0, "open pages heard about the rebuilds");
    responsive(&server);

    // A second identical round must not keep growing the server's memory: whatever the
    // first round allocated (thread stacks, buffers) is reused, not leaked.
    let second = run_load(&server, site.path(), &plan);
    eprintln!("second round: {}", second.summary());
    assert_eq!(second.failures, Vec::<String>::new());
    responsive(&server);
    let allowed = first.rss_after_kib + first.rss_after_kib / 2 + 8 * 1024;
    assert!(
        second.rss_after_kib <= allowed,
        "RSS grew from {} KiB to {} KiB",
        first.rss_after_kib,
        second.rss_after_kib
    );
}

fn responsive(server: &Server) {
    let events = super::wire::Events::open(server.port);
    events.wait_for("hello", EVENT_TIMEOUT);
    let page = server.get("/en/guide/");
    assert_eq!(page.status, 200);
    assert!(page.text().trim_end().ends_with("</html>"));
}
