//! The benchmark results as a Markdown table and as JSON.

use serde::Serialize;

/// The results for one corpus size.
#[derive(Debug, Serialize)]
pub struct Row {
    pub pages_per_language: usize,
    /// `minimal` (the workload) or `default` (the shipped theme).
    pub theme: &'static str,
    pub runs: usize,
    pub build_median_s: f64,
    pub build_min_s: f64,
    /// User + system CPU time of the build process (median): what the build costs when
    /// the machine is shared, where wall time also counts waiting for a core.
    pub build_cpu_median_s: f64,
    /// The largest peak resident set size over the runs.
    pub peak_rss_mib: f64,
    /// `None` when `tebiki check` does not exist in this build.
    pub check_median_s: Option<f64>,
    /// Median time from saving a page to `event: reload`; `None` without `tebiki serve`.
    pub serve_reload_median_s: Option<f64>,
    /// The wall-time target for this size, if it sets one.
    pub target_s: Option<f64>,
}

/// The whole run, as written by `--json`.
#[derive(Debug, Serialize)]
pub struct Report {
    pub machine: Machine,
    pub rows: Vec<Row>,
    pub notes: Vec<String>,
}

/// Where the numbers were measured.
#[derive(Debug, Serialize)]
pub struct Machine {
    pub cpus: usize,
    pub memory_mib: u64,
    pub corpus_dir: String,
    pub filesystem: String,
    pub load_average: String,
}

/// The targets: pages per language → seconds.
pub fn target_for(pages: usize) -> Option<f64> {
    match pages {
        10 => Some(0.04),
        100 => Some(0.08),
        1000 => Some(0.40),
        10000 => Some(4.0),
        _ => None,
    }
}

fn seconds(value: Option<f64>) -> String {
    value.map_or_else(|| "n/a".into(), |s| format!("{s:.3} s"))
}

impl Report {
    pub fn markdown(&self) -> String {
        let m = &self.machine;
        let mut out = format!(
            "machine: {} CPUs, {} MiB memory; corpus in {} ({}); load average {}\n\n",
            m.cpus, m.memory_mib, m.corpus_dir, m.filesystem, m.load_average
        );
        out.push_str(
            "| pages/lang | theme | build median | build min | build CPU | peak RSS | check | serve edit→reload | target |\n\
             |---:|---|---:|---:|---:|---:|---:|---:|---:|\n",
        );
        for r in &self.rows {
            out.push_str(&format!(
                "| {} | {} | {:.3} s | {:.3} s | {:.3} s | {:.0} MiB | {} | {} | {} |\n",
                r.pages_per_language,
                r.theme,
                r.build_median_s,
                r.build_min_s,
                r.build_cpu_median_s,
                r.peak_rss_mib,
                seconds(r.check_median_s),
                seconds(r.serve_reload_median_s),
                r.target_s
                    .map_or_else(|| "—".into(), |t| format!("≤ {t} s")),
            ));
        }
        for note in &self.notes {
            out.push_str(&format!("\n- {note}"));
        }
        out.push('\n');
        out
    }
}

/// CPUs, memory, file system type and load of this machine.
pub fn describe_machine(corpus_dir: &std::path::Path) -> Machine {
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let memory_kib: u64 = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0);
    let load_average = std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into());
    Machine {
        cpus: std::thread::available_parallelism().map_or(1, |n| n.get()),
        memory_mib: memory_kib / 1024,
        corpus_dir: corpus_dir.display().to_string(),
        filesystem: filesystem_of(corpus_dir),
        load_average,
    }
}

/// The type of the file system holding `dir` (the longest matching mount point).
pub fn filesystem_of(dir: &std::path::Path) -> String {
    let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let mounts = std::fs::read_to_string("/proc/mounts").unwrap_or_default();
    mounts
        .lines()
        .filter_map(|line| {
            let mut fields = line.split_whitespace();
            let (_, point, kind) = (fields.next()?, fields.next()?, fields.next()?);
            dir.starts_with(point)
                .then(|| (point.len(), kind.to_string()))
        })
        .max_by_key(|(len, _)| *len)
        .map_or_else(|| "unknown".into(), |(_, kind)| kind)
}
