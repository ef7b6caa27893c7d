//! Writes a deterministic synthetic bilingual tebiki site for benchmarks.
//!
//! ```text
//! cargo run --release --example gen_corpus -- --pages 1000 --out /tmp/corpus-1000
//!     [--theme default|minimal] [--includes | --inlined]
//! ```
//!
//! `--pages N` is the number of pages per language (default 100); `--out DIR` must be
//! missing or empty, so nothing of yours is overwritten. `--theme` picks the templates:
//! this checkout's default theme (the default) or the minimal layout the issue's peers
//! were measured with. `--includes` / `--inlined`: as `bench`'s options of that name.

#[path = "bench/corpus.rs"]
mod corpus;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    match run(std::env::args().skip(1)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("gen_corpus: {message}");
            eprintln!("usage: gen_corpus --pages N --out DIR [--theme default|minimal] [--includes | --inlined]");
            ExitCode::from(2)
        }
    }
}

fn run(mut args: impl Iterator<Item = String>) -> Result<(), String> {
    let mut pages = 100;
    let mut out = None;
    let mut theme = corpus::Theme::Default;
    let mut includes = corpus::Includes::None;
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--pages" => pages = value()?.parse().map_err(|e| format!("--pages: {e}"))?,
            "--out" => out = Some(PathBuf::from(value()?)),
            "--theme" => theme = corpus::Theme::parse(&value()?)?,
            "--includes" => includes = corpus::Includes::OnePerPage,
            "--inlined" => includes = corpus::Includes::Inlined,
            _ => return Err(format!("unknown argument '{arg}'")),
        }
    }
    let out = out.ok_or("--out DIR is required")?;
    if std::fs::read_dir(&out).is_ok_and(|mut d| d.next().is_some()) {
        return Err(format!("{} is not empty", out.display()));
    }
    corpus::generate(&out, pages, theme, includes)
        .map_err(|e| format!("{}: {e}", out.display()))?;
    println!(
        "wrote {pages} pages per language ({} theme) to {}",
        theme.name(),
        out.display()
    );
    Ok(())
}
