//! How long `check` takes beyond the build it works from, on a generated bilingual site.
//!
//! `cargo run --release --example check_speed -- --pages 10000 --runs 3`
//!
//! `--pages` is the number of pages per language (two languages). Each page has headings,
//! a method with steps, an FAQ entry, and links to other pages' anchors in both languages,
//! so every kind of internal check runs. Prints build and check times per run (ms) and
//! the link count; the figures are for reading, not for pass/fail.

use std::path::Path;
use std::time::Instant;

use tebiki::build::{load_build_config, render_all, BuildOptions};
use tebiki::check::{check_site, CheckRun};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let value = |name: &str, default: usize| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let pages = value("--pages", 1000);
    let runs = value("--runs", 3);
    let dir = tempfile::tempdir().expect("temporary folder");
    generate(dir.path(), pages);
    println!("pages per language: {pages}");
    for run in 1..=runs {
        let started = Instant::now();
        let options = BuildOptions {
            root: dir.path().to_path_buf(),
            ..BuildOptions::default()
        };
        let config = load_build_config(&options).expect("site.toml");
        let built = render_all(config, false, started);
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

fn generate(root: &Path, pages: usize) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&repo.join("themes"), &root.join("themes"));
    copy_dir(&repo.join("i18n"), &root.join("i18n"));
    let toml = std::fs::read_to_string(repo.join("site.toml")).expect("site.toml");
    std::fs::write(root.join("site.toml"), toml).expect("write site.toml");
    for lang in ["ja", "en"] {
        let dir = root.join("content").join(lang);
        std::fs::create_dir_all(&dir).expect("content folder");
        let mut index = String::from("---\ntitle: Index\n---\n\n");
        for i in 0..pages {
            index.push_str(&format!("- [Page {i}](p{i}.md)\n"));
            std::fs::write(dir.join(format!("p{i}.md")), page(lang, i, pages)).expect("page");
        }
        std::fs::write(dir.join("index.md"), index).expect("index");
    }
}

fn page(lang: &str, i: usize, pages: usize) -> String {
    let next = (i + 1) % pages;
    let other = if lang == "ja" { "en" } else { "ja" };
    format!(
        "---\ntitle: Page {i}\n---\n\n## Overview {{#overview}}\n\n\
         See [the next page](p{next}.md#method-app) and [its FAQ](p{next}.md#lost-phone), \
         [the other language](../{other}/p{i}.md#overview) and [top](#overview).\n\n\
         ::: method {{#method-app}} The app\n\n::: steps\n1. {{pc}} Open the page.\n\
         2. {{phone}} Scan the code.\n:::\n\n:::\n\n\
         ::: faq {{#lost-phone}} I lost my phone\nCall the [help desk](index.md).\n:::\n"
    )
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).into_iter().flatten() {
        let target = to.join(entry.path().strip_prefix(from).expect("inside"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("folder");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}
