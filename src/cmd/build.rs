//! `tebiki build`: build the site and write it, then print one summary line.

use super::{BuildArgs, Outcome};
use crate::build::{build_site, resolve_root, BuildOptions, Mode};
use crate::diagnostics::{print_diagnostics, Lang};

pub fn run(args: BuildArgs, lang: Lang) -> Outcome {
    let options = BuildOptions {
        root: resolve_root(args.root.as_deref()),
        output: args.output,
        drafts: args.drafts,
        base_url: crate::base_url::resolve_base_url(args.base_url),
        no_cache: args.no_cache,
    };
    if args.timings {
        crate::timings::enable();
    }
    let built = build_site(&options, Mode::Write)?;
    let report = built.written.unwrap_or_default();
    if args.timings {
        print_timings(built.elapsed);
    }
    if !args.quiet {
        print_diagnostics(&built.warnings, lang);
        let per_language: Vec<String> = built
            .config
            .languages
            .iter()
            .zip(&built.pages_per_language)
            .map(|(l, n)| format!("{n} {}", l.code))
            .collect();
        let out = crate::diagnostics::display_path(&built.config.root, &built.config.output_dir);
        let args = [
            (
                "pages",
                built.pages_per_language.iter().sum::<usize>().to_string(),
            ),
            ("languages", per_language.join(", ")),
            ("files", report.files.to_string()),
            ("kib", format!("{:.1}", report.bytes as f64 / 1024.0)),
            ("ms", built.elapsed.as_millis().to_string()),
            ("output", out.display().to_string()),
            ("warnings", built.warnings.len().to_string()),
        ];
        crate::errln!(
            "{}",
            crate::diagnostics::message(lang, "build-summary", &args)
        );
    }
    // The process ends here: the operating system takes the memory back at once, while
    // dropping a large site's records one by one took measurable time on one thread.
    std::mem::forget(built);
    Ok(0)
}

/// The stage table of `--timings`, on stderr (even with `--quiet`).
fn print_timings(total: std::time::Duration) {
    crate::timings::print();
    crate::errln!("{:>9.1} ms  total", total.as_secs_f64() * 1000.0);
}
