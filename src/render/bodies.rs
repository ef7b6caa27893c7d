//! Bookkeeping that keeps a large build's memory down: each page's Markdown HTML is
//! freed after the last output page that shows it, and records move into reports
//! instead of being copied.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};

use super::Slot;
use crate::markdown::Rendered;

/// How many output pages show each source page.
pub fn use_counts(slots: &[Slot], sources: usize) -> Vec<usize> {
    let mut uses = vec![0; sources];
    for slot in slots {
        uses[slot.source] += 1;
    }
    uses
}

/// The pages' Markdown HTML, taken out of [`Rendered`] so each body is freed as soon as
/// the last page showing it is rendered: at 10,000 pages per language the bodies are
/// hundreds of megabytes, and holding them all until the end set the peak memory.
pub struct PageBodies {
    bodies: Vec<Mutex<String>>,
    uses: Vec<AtomicUsize>,
}

impl PageBodies {
    pub fn take(rendered: &mut [Rendered], slots: &[Slot]) -> Self {
        PageBodies {
            bodies: rendered
                .iter_mut()
                .map(|r| Mutex::new(std::mem::take(&mut r.html)))
                .collect(),
            uses: use_counts(slots, rendered.len())
                .into_iter()
                .map(AtomicUsize::new)
                .collect(),
        }
    }

    pub fn lock(&self, source: usize) -> MutexGuard<'_, String> {
        self.bodies[source]
            .lock()
            .unwrap_or_else(|e| e.into_inner())
    }

    /// One page showing `source` is rendered; frees the body after the last one.
    pub fn done(&self, source: usize, mut body: MutexGuard<'_, String>) {
        if self.uses[source].fetch_sub(1, Ordering::AcqRel) == 1 {
            *body = String::new();
        }
    }
}

/// `value` itself when `take` (its last use), else a copy.
pub fn take_or_clone<T: Clone + Default>(value: &mut T, take: bool) -> T {
    if take {
        std::mem::take(value)
    } else {
        value.clone()
    }
}
