//! The `tebiki` binary: parse the command line, run it, exit with its code.

use clap::Parser;

/// mimalloc: a build allocates and frees many small strings on two threads at once,
/// where it is markedly faster than the system allocator (see BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = tebiki::cmd::Cli::parse();
    std::process::exit(tebiki::cmd::run(cli));
}
