//! The benchmark harness: builds synthetic sites of several sizes with the release
//! `tebiki` binary, each as a whole process, and prints a Markdown table.
//!
//! ```text
//! cargo run --release --example bench -- [--sizes 10,100,1000,10000] [--runs 5]
//!     [--themes minimal,default] [--dir DIR] [--json FILE] [--includes | --inlined]
//!     [--scenarios] [--hugo-dirs DIR,DIR] [--no-hugo] [--no-table] [--serve-only DIR]
//!     [--server-log]
//! ```
//!
//! `--scenarios` also measures, on each minimal-theme corpus, an unchanged rebuild, one
//! page changed, every page changed (a theme edit) and a build into an empty output
//! folder (`bench/scenarios.rs`). When Debian's `hugo` is on PATH (and not `--no-hugo`),
//! the same text is built by Hugo and by tebiki side by side in each of `--hugo-dirs`
//! (default: DIR), e.g. a disk folder and a tmpfs one, and the ratio is printed per size
//! (`bench/hugo.rs`). `--no-table` skips the main table (build, check, serve).
//! `--serve-only DIR` runs only the serve probe (10 saves) on an existing corpus in DIR;
//! with `--server-log` the server runs with `--timings` and its lines are printed after.
//!
//! `--includes` gives every topic page one `::: include` of a snippet with an argument
//! (the corpus is then `DIR/corpus-N-THEME-includes`), to measure what snippets cost;
//! `--inlined` writes the snippet's text in its place instead (`…-inlined`, the same
//! output), the twin to compare it with.
//!
//! For each size and theme it writes the corpus once (`gen_corpus`'s generator) into
//! `DIR/corpus-N-THEME` (default DIR: the system temp folder), runs one unmeasured warm-up
//! build, then `--runs` measured builds: median and minimum wall time, CPU time and the
//! peak resident memory of the process. `tebiki check` and `tebiki serve` (edit →
//! `event: reload`) are measured when this build of tebiki has them, else shown as n/a.
//! Figures only: nothing here passes or fails on time.
//!
//! Two themes by default: `minimal`, the issue's workload (the peers in its table were
//! measured with minimal templates), and `default`, the theme a tebiki site ships.

#[path = "bench/corpus.rs"]
mod corpus;
#[path = "bench/hugo.rs"]
mod hugo;
#[path = "bench/measure.rs"]
mod measure;
#[path = "bench/scenarios.rs"]
mod scenarios;
#[path = "bench/serve_probe.rs"]
mod serve_probe;
#[path = "bench/table.rs"]
mod table;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use corpus::Theme;
use measure::{measure, median_min, Sample};
use table::{Report, Row};

struct Options {
    sizes: Vec<usize>,
    themes: Vec<Theme>,
    runs: usize,
    dir: PathBuf,
    json: Option<PathBuf>,
    includes: corpus::Includes,
    scenarios: bool,
    hugo_dirs: Vec<PathBuf>,
    hugo: bool,
    table: bool,
    /// `--serve-only DIR`: only the serve probe, on an existing corpus.
    serve_only: Option<PathBuf>,
    /// `--server-log`: the serve probe's server runs with `--timings`, and its lines are
    /// printed after the saves.
    server_log: bool,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some(measure::MEASURE_ARG) {
        return ExitCode::from(measure::run_wrapper(&args[1..]) as u8);
    }
    match parse_args(args).and_then(|options| run(&options)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("bench: {message}");
            ExitCode::from(2)
        }
    }
}

fn parse_args(args: Vec<String>) -> Result<Options, String> {
    let mut options = Options {
        sizes: vec![10, 100, 1000, 10000],
        themes: Theme::ALL.to_vec(),
        runs: 5,
        dir: std::env::temp_dir().join("tebiki-bench"),
        json: None,
        includes: corpus::Includes::None,
        scenarios: false,
        hugo_dirs: Vec::new(),
        hugo: true,
        table: true,
        serve_only: None,
        server_log: false,
    };
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--sizes" => {
                options.sizes = value()?
                    .split(',')
                    .map(|s| s.trim().parse().map_err(|e| format!("--sizes: {e}")))
                    .collect::<Result<_, _>>()?
            }
            "--themes" => {
                options.themes = value()?
                    .split(',')
                    .map(|s| Theme::parse(s.trim()))
                    .collect::<Result<_, _>>()?
            }
            "--runs" => options.runs = value()?.parse().map_err(|e| format!("--runs: {e}"))?,
            "--dir" => options.dir = PathBuf::from(value()?),
            "--json" => options.json = Some(PathBuf::from(value()?)),
            "--includes" => options.includes = corpus::Includes::OnePerPage,
            "--scenarios" => options.scenarios = true,
            "--hugo-dirs" => options.hugo_dirs = value()?.split(',').map(PathBuf::from).collect(),
            "--no-hugo" => options.hugo = false,
            "--no-table" => options.table = false,
            "--inlined" => options.includes = corpus::Includes::Inlined,
            "--serve-only" => options.serve_only = Some(PathBuf::from(value()?)),
            "--server-log" => options.server_log = true,
            _ => return Err(format!("unknown argument '{arg}'")),
        }
    }
    options.runs = options.runs.max(1);
    if options.hugo_dirs.is_empty() {
        options.hugo_dirs.push(options.dir.clone());
    }
    Ok(options)
}

fn run(options: &Options) -> Result<(), String> {
    let tebiki = tebiki_binary()?;
    if let Some(root) = &options.serve_only {
        return serve_only(&tebiki, root, options.server_log);
    }
    let commands = subcommands(&tebiki);
    let mut notes = vec![format!("binary: {}", tebiki.display())];
    if !commands.iter().any(|c| c == "check") {
        notes.push("check: n/a (this tebiki has no `check` subcommand)".into());
    }
    if !commands.iter().any(|c| c == "serve") {
        notes.push("serve: n/a (this tebiki has no `serve` subcommand)".into());
    }
    std::fs::create_dir_all(&options.dir).map_err(|e| format!("{}: {e}", options.dir.display()))?;
    let mut rows = Vec::new();
    for &pages in &options.sizes {
        for &theme in options.themes.iter().filter(|_| options.table) {
            let suffix = match options.includes {
                corpus::Includes::OnePerPage => "-includes",
                corpus::Includes::Inlined => "-inlined",
                corpus::Includes::None => "",
            };
            let root = options
                .dir
                .join(format!("corpus-{pages}-{}{suffix}", theme.name()));
            fresh_corpus(&root, pages, theme, options.includes)?;
            eprintln!(
                "bench: {pages} pages per language, {} theme, in {}",
                theme.name(),
                root.display()
            );
            let corpus = Corpus {
                root: &root,
                pages,
                theme,
            };
            rows.push(measure_corpus(
                &tebiki,
                &corpus,
                options.runs,
                &commands,
                &mut notes,
            )?);
        }
    }
    let machine = table::describe_machine(&options.dir);
    if machine.filesystem != "tmpfs" {
        // Every build creates and deletes a folder and a file per page; on a disk that
        // kernel work can outweigh tebiki's own (BENCHMARKS.md, "Known limits").
        notes.push(format!(
            "the corpora are on {}, not tmpfs: the times include the disk's work on \
             thousands of folders (BENCHMARKS.md measures on tmpfs: --dir /dev/shm/tebiki-bench)",
            machine.filesystem
        ));
    }
    let report = Report {
        machine,
        rows,
        notes,
    };
    if options.table {
        print!("{}", report.markdown());
    }
    print!("{}", extras(options, &tebiki)?);
    if let Some(path) = &options.json {
        let json = serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?;
        std::fs::write(path, json + "\n").map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

/// The output scenarios and the comparison with Hugo, as Markdown.
fn extras(options: &Options, tebiki: &Path) -> Result<String, String> {
    let mut out = String::new();
    let hugo = options.hugo.then(hugo::find_hugo).flatten();
    if !options.scenarios && hugo.is_none() {
        return Ok(out);
    }
    let mut comparisons = Vec::new();
    for &pages in &options.sizes {
        let root = options.dir.join(format!("corpus-{pages}-minimal"));
        fresh_corpus(&root, pages, Theme::Minimal, corpus::Includes::None)?;
        if options.scenarios {
            eprintln!("bench: output scenarios at {pages} pages per language");
            let rows = scenarios::measure_scenarios(tebiki, &root, options.runs)?;
            let filesystem = table::filesystem_of(&root);
            out.push_str(&scenarios::markdown(pages, &root, &filesystem, &rows));
        }
        if let Some(hugo) = &hugo {
            for dir in &options.hugo_dirs {
                eprintln!(
                    "bench: hugo and tebiki at {pages} pages per language in {}",
                    dir.display()
                );
                std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
                comparisons.push(hugo::compare(
                    tebiki,
                    hugo,
                    &root,
                    dir,
                    pages,
                    options.runs,
                )?);
            }
        }
    }
    match &hugo {
        Some(hugo) => {
            out.push_str(&format!(
                "\nSide by side with {} (the same plain text):\n",
                hugo.display()
            ));
            out.push_str(&hugo::markdown(&comparisons, &|dir| {
                table::filesystem_of(dir)
            }));
        }
        None if options.hugo => out.push_str("\nhugo: not installed, no side-by-side comparison\n"),
        None => {}
    }
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    out.push_str(&format!("\nload average at the end: {}\n", load.trim()));
    Ok(out)
}

/// `target/release/tebiki` beside this example, built (or brought up to date) first.
fn tebiki_binary() -> Result<PathBuf, String> {
    let me = std::env::current_exe().map_err(|e| e.to_string())?;
    let profile_dir = me
        .parent()
        .and_then(Path::parent)
        .ok_or("cannot find the target folder")?;
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["build", "--release", "--quiet", "--bin", "tebiki"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .map_err(|e| format!("cannot run cargo build: {e}"))?;
    if !status.success() {
        return Err("cargo build --release --bin tebiki failed".into());
    }
    Ok(profile_dir.join("tebiki"))
}

/// The subcommands `tebiki --help` lists.
fn subcommands(tebiki: &Path) -> Vec<String> {
    let help = Command::new(tebiki)
        .arg("--help")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    help.lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect()
}

/// Writes the corpus into `root`, replacing one an earlier run wrote there.
fn fresh_corpus(
    root: &Path,
    pages: usize,
    theme: Theme,
    includes: corpus::Includes,
) -> Result<(), String> {
    let stamp = root.join(".tebiki-bench-corpus");
    if root.exists() {
        if !stamp.exists() {
            return Err(format!(
                "{} exists and was not written by the harness; choose another --dir",
                root.display()
            ));
        }
        std::fs::remove_dir_all(root).map_err(|e| format!("{}: {e}", root.display()))?;
    }
    corpus::generate(root, pages, theme, includes)
        .map_err(|e| format!("{}: {e}", root.display()))?;
    std::fs::write(&stamp, b"written by examples/bench.rs\n").map_err(|e| e.to_string())
}

/// One generated site to measure.
struct Corpus<'a> {
    root: &'a Path,
    pages: usize,
    theme: Theme,
}

fn measure_corpus(
    tebiki: &Path,
    corpus: &Corpus,
    runs: usize,
    commands: &[String],
    notes: &mut Vec<String>,
) -> Result<Row, String> {
    let Corpus { root, pages, theme } = *corpus;
    let root_arg = root.to_str().ok_or("the corpus path is not UTF-8")?;
    let build = ["build", "--quiet", "--root", root_arg];
    let builds = repeat(tebiki, &build, runs)?;
    let check = if commands.iter().any(|c| c == "check") {
        let samples = repeat(tebiki, &["check", "--root", root_arg], runs)?;
        Some(median_min(&walls(&samples)).0)
    } else {
        None
    };
    let serve = if commands.iter().any(|c| c == "serve") {
        let page = root.join("content/en/index.md");
        match serve_probe::serve_latencies(tebiki, root, &page, "/en/", SERVE_EDITS, false) {
            Ok(latencies) => Some(median_min(&latencies).0),
            Err(e) => {
                notes.push(format!(
                    "serve at {pages} pages ({} theme): not measured: {e}",
                    theme.name()
                ));
                None
            }
        }
    } else {
        None
    };
    let cpu: Vec<f64> = builds.iter().map(|s| s.cpu_s).collect();
    let (build_median_s, build_min_s) = median_min(&walls(&builds));
    Ok(Row {
        pages_per_language: pages,
        theme: theme.name(),
        runs,
        build_median_s,
        build_min_s,
        build_cpu_median_s: median_min(&cpu).0,
        peak_rss_mib: builds.iter().map(|s| s.max_rss_kib).max().unwrap_or(0) as f64 / 1024.0,
        check_median_s: check,
        serve_reload_median_s: serve,
        target_s: table::target_for(pages),
    })
}

/// The serve probe alone on an existing corpus (`--serve-only DIR`): prints each save's
/// latency and the median, in milliseconds.
fn serve_only(tebiki: &Path, root: &Path, log: bool) -> Result<(), String> {
    let page = root.join("content/en/index.md");
    let mut latencies =
        serve_probe::serve_latencies(tebiki, root, &page, "/en/", SERVE_EDITS, log)?;
    let shown: Vec<String> = latencies
        .iter()
        .map(|s| format!("{:.1}", s * 1e3))
        .collect();
    println!("save → page served (ms): {}", shown.join(" "));
    latencies.sort_by(f64::total_cmp);
    let (median, min) = median_min(&latencies);
    let max = latencies.last().copied().unwrap_or(0.0);
    println!(
        "median {:.1} ms (min {:.1}, max {:.1}) over {} saves",
        median * 1e3,
        min * 1e3,
        max * 1e3,
        latencies.len()
    );
    Ok(())
}

/// Saves measured per corpus by the serve probe (the median of 10 is the issue's figure).
const SERVE_EDITS: usize = 10;

/// One warm-up run, then `runs` measured runs.
fn repeat(tebiki: &Path, args: &[&str], runs: usize) -> Result<Vec<Sample>, String> {
    measure(tebiki, args)?;
    (0..runs).map(|_| measure(tebiki, args)).collect()
}

fn walls(samples: &[Sample]) -> Vec<f64> {
    samples.iter().map(|s| s.wall_s).collect()
}
