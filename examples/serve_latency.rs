//! Time from a saved edit to the `reload` event, on the shipped guide and on a generated
//! 1,000-page site. Prints the median and 95th percentile of each.
//!
//! ```text
//! cargo build --release && cargo run --release --example serve_latency -- [--edits N] [--pages N]
//! ```

#[path = "../tests/it/serve/wire.rs"]
mod wire;

#[path = "support/flags.rs"]
mod flags;

use std::path::Path;
use std::time::{Duration, Instant};

use wire::{save_atomically, Events, Server};

fn main() {
    let edits = flags::number("--edits", 30);
    let pages = flags::number("--pages", 1000);
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let binary = wire::binary_beside_examples();

    let shipped = tempfile::tempdir().expect("a temporary folder");
    wire::copy_site(repo, shipped.path());
    report("shipped guide", &measure(&binary, shipped.path(), edits));

    let large = tempfile::tempdir().expect("a temporary folder");
    wire::copy_site(repo, large.path());
    let languages = generate_pages(large.path(), pages);
    let label = format!("generated site (+{pages} pages over {languages} languages)");
    report(&label, &measure(&binary, large.path(), edits));
}

/// Saves `content/en/index.md` `edits` times and times each save to its reload event.
fn measure(binary: &Path, root: &Path, edits: usize) -> Vec<Duration> {
    let server = Server::start(binary, root, &[]);
    let events = Events::open(server.port);
    events.wait_for("hello", Duration::from_secs(60));
    let page = root.join("content/en/index.md");
    let original = std::fs::read_to_string(&page).expect("read the page");
    let _ = server.stderr_so_far();
    let mut latencies = Vec::with_capacity(edits);
    for i in 0..edits {
        // Let the previous rebuild settle so each save is measured on its own.
        std::thread::sleep(Duration::from_millis(300));
        let _ = events.drain();
        let saved = Instant::now();
        save_atomically(&page, &format!("{original}\n\nlatency edit {i}\n"));
        let (at, _) = events.wait_for("reload", Duration::from_secs(60));
        latencies.push(at.saturating_duration_since(saved));
    }
    std::thread::sleep(Duration::from_millis(200));
    let mut builds: Vec<u64> = server
        .stderr_so_far()
        .lines()
        .filter_map(|l| {
            l.strip_prefix("build ")?
                .split(" in ")
                .nth(1)?
                .strip_suffix(" ms")
        })
        .filter_map(|ms| ms.parse().ok())
        .collect();
    builds.sort();
    if let Some(median) = builds.get(builds.len() / 2) {
        println!(
            "  (the server's own rebuild time, median of {}: {median} ms)",
            builds.len()
        );
    }
    latencies
}

fn report(label: &str, latencies: &[Duration]) {
    let mut sorted = latencies.to_vec();
    sorted.sort();
    let at = |p: f64| sorted[((sorted.len() - 1) as f64 * p).round() as usize];
    println!(
        "{label}: {} edits, edit→reload median {:.1} ms, p95 {:.1} ms, max {:.1} ms",
        sorted.len(),
        at(0.5).as_secs_f64() * 1e3,
        at(0.95).as_secs_f64() * 1e3,
        at(1.0).as_secs_f64() * 1e3,
    );
}

/// Adds `count` pages, spread over the site's language folders; returns how many
/// languages there are.
fn generate_pages(root: &Path, count: usize) -> usize {
    let mut languages: Vec<_> = std::fs::read_dir(root.join("content"))
        .expect("content/")
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.path())
        .collect();
    languages.sort();
    for i in 0..count {
        let dir = languages[i % languages.len()].join("generated");
        std::fs::create_dir_all(&dir).expect("create generated/");
        let n = i / languages.len();
        let text = format!(
            "---\ntitle: Generated page {n}\nweight: {n}\n---\n\n## Section {n} {{#s{n}}}\n\n\
             Some text with **emphasis**, a [link](#s{n}) and `code`.\n\n\
             1. First step\n2. Second step\n\n```sh\necho {n}\n```\n\n\
             <details><summary>More</summary>\n\nHidden text.\n\n</details>\n"
        );
        std::fs::write(dir.join(format!("page-{n}.md")), text).expect("write a page");
    }
    languages.len()
}
