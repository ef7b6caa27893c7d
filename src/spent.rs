//! Memory a build is done with but does not free on the way ([`Spent`]).
//!
//! At 10,000 pages per language a build holds hundreds of thousands of small allocations
//! (the loaded pages, the previous build's record, the link check's scans, the
//! templates' page lists). Freeing them one by one took about 5 % of an unchanged
//! rebuild's time, spent between stages on one thread (BENCHMARKS.md, "The 10,000-page
//! ratio"). A stage that is done with such a structure hands it to [`Spent`] instead; it
//! is freed with the [`crate::build::Built`] that carries it, unless the caller is about
//! to exit: `tebiki build` forgets the whole result, and the operating system takes the
//! memory back at once (the trick rustc and ripgrep use). `serve` and `check` drop it as
//! any other value.

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
