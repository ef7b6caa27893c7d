//! `tebiki serve`: live reload, the error overlay, stylesheet hot-swap, request safety,
//! the browser client, and a load and fault test.

mod browser;
mod hostile;
pub mod incremental;
mod load;
mod load_driver;
mod open;
pub mod probes;
mod reload;
mod safety;
pub mod wire;

use std::path::Path;
use std::time::Duration;

use crate::support::fixture_site;
use wire::Server;

/// Long enough for a debug build of a small site on a busy machine; only ever waited out
/// when something is broken.
pub const EVENT_TIMEOUT: Duration = Duration::from_secs(30);

pub fn tebiki_binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_tebiki"))
}

/// A temporary copy of the `base` fixture site and a server running over it.
pub fn serve_fixture() -> (tempfile::TempDir, Server) {
    let site = fixture_site("base");
    let server = Server::start(tebiki_binary(), site.path(), &[]);
    (site, server)
}
