//! One dev-server save, in process, for a profiler: builds the site at DIR as `tebiki
//! serve` does, then saves `content/en/index.md` N times, each followed by the server's
//! rebuild ([`save`]) and its look for unseen changes ([`look`]). The page is put back
//! at the end.
//!
//! ```text
//! cargo build --release --example save_profile
//! valgrind --tool=callgrind --collect-atstart=no --toggle-collect='*save_profile*save*' \
//!     target/release/examples/save_profile DIR --saves 3 [--no-look] [--timings]
//! ```
//!
//! Instruction counts are not disturbed by the machine's load, unlike wall time.

#[path = "support/flags.rs"]
mod flags;

use std::path::{Path, PathBuf};
use std::time::Instant;

use tebiki::build::BuildOptions;
use tebiki::diagnostics::Lang;
use tebiki::serve::classify::Change;
use tebiki::serve::ServeState;

fn main() {
    let saves = flags::number("--saves", 3);
    let root = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with("--") && a.parse::<usize>().is_err())
        .map(PathBuf::from)
        .expect("usage: save_profile DIR [--saves N] [--no-look] [--timings]");
    let root = std::fs::canonicalize(&root).expect("the site folder");
    let options = BuildOptions {
        root: root.clone(),
        ..BuildOptions::default()
    };
    if std::env::args().any(|a| a == "--timings") {
        tebiki::timings::enable();
    }
    let state = ServeState::new(options, Lang::En);
    let started = Instant::now();
    state.rebuild(Change::Rebuild, Vec::new());
    eprintln!("first build: {:?}", started.elapsed());
    let page = root.join("content/en/index.md");
    let original = std::fs::read_to_string(&page).expect("content/en/index.md");
    for n in 0..saves {
        std::fs::write(&page, format!("{original}\nProfile edit {n}.\n")).expect("write");
        let started = Instant::now();
        save(&state, &page);
        let built = started.elapsed();
        let started = Instant::now();
        if std::env::args().any(|a| a == "--no-look") {
            eprintln!("save {n}: build {built:?}");
            continue;
        }
        let unseen = look(&state);
        eprintln!(
            "save {n}: build {built:?}, look {:?} ({:?} unseen)",
            started.elapsed(),
            unseen.map(|u| u.len())
        );
    }
    std::fs::write(&page, original).expect("put the page back");
}

/// The server's rebuild after the watcher named `page`.
#[inline(never)]
fn save(state: &ServeState, page: &Path) {
    state.rebuild(Change::Rebuild, vec![page.to_path_buf()]);
}

/// The look for unseen changes the watcher runs after serving.
#[inline(never)]
fn look(state: &ServeState) -> Option<Vec<PathBuf>> {
    state.unseen_changes()
}
