//! Runs one command as a whole process and measures it: wall time, peak memory and
//! CPU time of exactly that child.
//!
//! `getrusage(RUSAGE_CHILDREN)` reports the largest child a process has waited for,
//! not the last one, so the harness runs each measured command through a fresh copy of
//! itself (`bench __measure PROGRAM ARGS…`): that copy has exactly one child, and its
//! children's usage is that child's.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use nix::sys::resource::{getrusage, UsageWho};

/// The argument that turns the harness into the measuring wrapper.
pub const MEASURE_ARG: &str = "__measure";

/// One measured run.
#[derive(Debug, Clone, Copy)]
pub struct Sample {
    pub wall_s: f64,
    pub max_rss_kib: u64,
    pub cpu_s: f64,
    pub exit_code: i32,
}

/// Runs `program args` through the wrapper and returns its measurements; the child's
/// stderr is returned as the error when it fails.
pub fn measure(program: &Path, args: &[&str]) -> Result<Sample, String> {
    let me = std::env::current_exe().map_err(|e| format!("cannot find the harness: {e}"))?;
    let output = Command::new(me)
        .arg(MEASURE_ARG)
        .arg(program)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run {}: {e}", program.display()))?;
    let text = String::from_utf8_lossy(&output.stdout);
    let sample = parse_sample(text.trim()).ok_or_else(|| {
        format!(
            "wrapper failed: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    })?;
    if sample.exit_code != 0 {
        return Err(format!(
            "{} {} exited with {}:\n{}",
            program.display(),
            args.join(" "),
            sample.exit_code,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(sample)
}

/// The wrapper: runs `args[0] args[1..]` (output to our stderr only on failure) and
/// prints `wall_s max_rss_kib cpu_s exit_code` on stdout.
pub fn run_wrapper(args: &[String]) -> i32 {
    let Some((program, rest)) = args.split_first() else {
        eprintln!("{MEASURE_ARG} needs a command");
        return 2;
    };
    let started = Instant::now();
    let output = Command::new(program)
        .args(rest)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output();
    let wall_s = started.elapsed().as_secs_f64();
    let output = match output {
        Ok(output) => output,
        Err(e) => {
            eprintln!("cannot run {program}: {e}");
            return 2;
        }
    };
    let exit_code = output.status.code().unwrap_or(-1);
    if exit_code != 0 {
        eprint!("{}", String::from_utf8_lossy(&output.stderr));
    }
    let usage = match getrusage(UsageWho::RUSAGE_CHILDREN) {
        Ok(usage) => usage,
        Err(e) => {
            eprintln!("getrusage: {e}");
            return 2;
        }
    };
    let seconds = |t: nix::sys::time::TimeVal| t.tv_sec() as f64 + t.tv_usec() as f64 / 1e6;
    let cpu_s = seconds(usage.user_time()) + seconds(usage.system_time());
    // Linux reports ru_maxrss in KiB.
    println!("{wall_s} {} {cpu_s} {exit_code}", usage.max_rss());
    0
}

fn parse_sample(line: &str) -> Option<Sample> {
    let mut parts = line.split_whitespace();
    Some(Sample {
        wall_s: parts.next()?.parse().ok()?,
        max_rss_kib: parts.next()?.parse().ok()?,
        cpu_s: parts.next()?.parse().ok()?,
        exit_code: parts.next()?.parse().ok()?,
    })
}

/// Median and minimum of a non-empty list.
pub fn median_min(values: &[f64]) -> (f64, f64) {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    let median = if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    };
    (median, sorted[0])
}
