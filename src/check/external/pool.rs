//! A small worker pool for network checks: at most `workers` jobs at once overall and at
//! most `per_host` at once for any one host, so a university's own server is not hammered.

use std::collections::{HashMap, VecDeque};
use std::sync::{Condvar, Mutex};

/// Limits for [`run`].
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub workers: usize,
    pub per_host: usize,
}

struct State {
    pending: VecDeque<usize>,
    in_flight: HashMap<String, usize>,
    done: usize,
}

/// Runs `work` on every job (host, input) and returns the results in job order.
/// `progress(done, total)` is called after each job.
pub fn run<T: Sync, R: Send>(
    jobs: &[(String, T)],
    limits: Limits,
    work: impl Fn(&T) -> R + Sync,
    progress: impl Fn(usize, usize) + Sync,
) -> Vec<R> {
    let state = Mutex::new(State {
        pending: (0..jobs.len()).collect(),
        in_flight: HashMap::new(),
        done: 0,
    });
    let wake = Condvar::new();
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..jobs.len()).map(|_| None).collect());
    let per_host = limits.per_host.max(1);
    std::thread::scope(|scope| {
        for _ in 0..limits.workers.clamp(1, jobs.len().max(1)) {
            scope.spawn(|| {
                while let Some(i) = next_job(&state, &wake, jobs, per_host) {
                    let result = work(&jobs[i].1);
                    if let Ok(mut r) = results.lock() {
                        r[i] = Some(result);
                    }
                    let done = finish(&state, &jobs[i].0);
                    wake.notify_all();
                    progress(done, jobs.len());
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .flatten()
        .collect()
}

/// Takes the first pending job whose host has room, waiting while every pending job's host
/// is busy; `None` when nothing is left.
fn next_job<T>(
    state: &Mutex<State>,
    wake: &Condvar,
    jobs: &[(String, T)],
    per_host: usize,
) -> Option<usize> {
    let mut s = state.lock().ok()?;
    loop {
        if s.pending.is_empty() {
            return None;
        }
        let free = s
            .pending
            .iter()
            .position(|&i| s.in_flight.get(&jobs[i].0).copied().unwrap_or(0) < per_host);
        if let Some(position) = free {
            let i = s.pending.remove(position)?;
            *s.in_flight.entry(jobs[i].0.clone()).or_default() += 1;
            return Some(i);
        }
        s = wake.wait(s).ok()?;
    }
}

fn finish(state: &Mutex<State>, host: &str) -> usize {
    let Ok(mut s) = state.lock() else { return 0 };
    if let Some(n) = s.in_flight.get_mut(host) {
        *n -= 1;
    }
    s.done += 1;
    s.done
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn per_host_limit_holds_and_results_keep_order() {
        let jobs: Vec<(String, usize)> = (0..12).map(|i| (format!("h{}", i % 2), i)).collect();
        let running: Vec<AtomicUsize> = (0..2).map(|_| AtomicUsize::new(0)).collect();
        let peak: Vec<AtomicUsize> = (0..2).map(|_| AtomicUsize::new(0)).collect();
        let out = run(
            &jobs,
            Limits {
                workers: 8,
                per_host: 2,
            },
            |&i| {
                let h = i % 2;
                let now = running[h].fetch_add(1, Ordering::SeqCst) + 1;
                peak[h].fetch_max(now, Ordering::SeqCst);
                std::thread::sleep(std::time::Duration::from_millis(20));
                running[h].fetch_sub(1, Ordering::SeqCst);
                i * 10
            },
            |_, _| {},
        );
        assert_eq!(out, (0..12).map(|i| i * 10).collect::<Vec<_>>());
        assert!(peak.iter().all(|p| p.load(Ordering::SeqCst) <= 2));
    }
}
