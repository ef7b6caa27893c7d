//! Memory a build is done with but does not free on the way ([`Spent`]).
//!
//! At 10,000 pages per language the previous build's record and the link check's scans
//! of every page are hundreds of thousands of small allocations, alive until the build
//! ends anyway. Freeing them one by one at the end of [`crate::build::build_site`] cost
//! time on one thread (the scans alone: 18.7 M instructions of an unchanged rebuild at
//! 10,000 pages; BENCHMARKS.md, "The 10,000-page ratio"). They are handed to [`Spent`]
//! instead and freed with the [`crate::build::Built`] that carries them, unless the
//! caller is about to exit: `tebiki build` forgets the whole result, and the operating
//! system takes the memory back at once (the trick rustc and ripgrep use). `serve` and
//! `check` drop it as any other value.
//!
//! Only what is alive until the end of the build anyway belongs here: keeping a
//! structure longer than it was needed raises the peak memory (the loaded pages and
//! the templates, kept this way, raised a 10,000-page build's peak to 296 MiB, over
//! its 300 MB budget).

use std::any::Any;

/// Structures kept unfreed until their owner is dropped or forgotten.
#[derive(Default)]
pub struct Spent(Vec<Box<dyn Any + Send + Sync>>);

impl Spent {
    /// Keeps `value` (instead of dropping it now).
    pub fn keep(&mut self, value: impl Any + Send + Sync) {
        self.0.push(Box::new(value));
    }
}

impl std::fmt::Debug for Spent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Spent({} values)", self.0.len())
    }
}
