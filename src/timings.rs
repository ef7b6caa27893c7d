//! `tebiki build --timings`: how long each stage of the build took, printed after the
//! summary line. Off unless asked for; when off, a span costs one atomic load.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

static ENABLED: AtomicBool = AtomicBool::new(false);
static SPANS: Mutex<Vec<(&'static str, Duration)>> = Mutex::new(Vec::new());

/// Starts recording stage times for the rest of the process.
pub fn enable() {
    ENABLED.store(true, Ordering::Relaxed);
}

/// Times the stage `name` until the returned guard is dropped.
pub fn span(name: &'static str) -> Span {
    Span {
        name,
        started: ENABLED.load(Ordering::Relaxed).then(Instant::now),
    }
}

/// A running stage; records its time when dropped.
pub struct Span {
    name: &'static str,
    started: Option<Instant>,
}

impl Drop for Span {
    fn drop(&mut self) {
        if let Some(started) = self.started {
            let mut spans = SPANS.lock().unwrap_or_else(|e| e.into_inner());
            spans.push((self.name, started.elapsed()));
        }
    }
}

/// The recorded stages in the order they finished, then forgets them.
pub fn take() -> Vec<(&'static str, Duration)> {
    std::mem::take(&mut *SPANS.lock().unwrap_or_else(|e| e.into_inner()))
}

/// Prints the recorded stages (then forgets them) on stderr, one line each.
pub fn print() {
    for (name, took) in take() {
        crate::errln!("{:>9.1} ms  {name}", took.as_secs_f64() * 1000.0);
    }
}
