//! The `tebiki` binary: parse the command line, run it, exit with its code.

use clap::Parser;

fn main() {
    let cli = tebiki::cmd::Cli::parse();
    std::process::exit(tebiki::cmd::run(cli));
}
