//! How long `check` takes beyond the build it works from, on a generated bilingual site.
//!
//! `cargo run --release --example check_speed -- --pages 10000 --runs 3`
//!
//! `--pages` is the number of pages per language (two languages). The site is the
//! benchmark corpus (`examples/bench/corpus.rs`, the same as `gen_corpus` writes): headings,
//! methods with steps, FAQ entries, images and links with anchors, so every kind of internal
//! check runs, with the default theme's pages around them. Prints build and check times per run (ms) and
//! the link count; the figures are for reading, not for pass/fail.

#[path = "bench/corpus.rs"]
#[allow(dead_code)] // shared with the harness, which also picks the minimal theme
mod corpus;
#[path = "support/flags.rs"]
mod flags;

use std::time::Instant;

use tebiki::build::{build_site, BuildOptions, Mode};
use tebiki::check::{check_site, CheckRun};

fn main() {
    let pages = flags::number("--pages", 1000);
    let runs = flags::number("--runs", 3);
    let dir = tempfile::tempdir().expect("temporary folder");
    corpus::generate(
        dir.path(),
        pages,
        corpus::Theme::Default,
        corpus::Includes::None,
    )
    .expect("the benchmark corpus");
    println!("pages per language: {pages}");
    for run in 1..=runs {
        let started = Instant::now();
        let options = BuildOptions {
            root: dir.path().to_path_buf(),
            ..BuildOptions::default()
        };
        let built = build_site(&options, Mode::Check).expect("site.toml");
        let build_ms = started.elapsed().as_secs_f64() * 1000.0;
        let checked = Instant::now();
        let report = check_site(&built, &CheckRun::default());
        let check_ms = checked.elapsed().as_secs_f64() * 1000.0;
        println!(
            "run {run}: build {build_ms:.0} ms, check {check_ms:.0} ms beyond the build, {} links, {} diagnostics",
            report.stats.links,
            report.diagnostics.len()
        );
    }
}
