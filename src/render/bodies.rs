//! Bookkeeping that keeps a large build's memory down: records move into page reports
//! instead of being copied. (Bodies are freed by the path groups in `render/mod.rs`.)

use super::Slot;

/// How many output pages show each source page.
pub fn use_counts(slots: &[Slot], sources: usize) -> Vec<usize> {
    let mut uses = vec![0; sources];
    for slot in slots {
        uses[slot.source] += 1;
    }
    uses
}

/// `value` itself when `take` (its last use), else a copy.
pub fn take_or_clone<T: Clone + Default>(value: &mut T, take: bool) -> T {
    if take {
        std::mem::take(value)
    } else {
        value.clone()
    }
}
