//! The four builds a writer actually runs, on one corpus: nothing changed since the last
//! build, one page changed, every page changed (a theme edit), and into an empty output
//! folder. Each scenario gets one unmeasured warm-up, then `runs` measured builds, each
//! preceded by its edit (outside the measurement).

use std::fs;
use std::path::Path;

use crate::measure::{measure, median_min, Sample};

/// One scenario's medians.
pub struct Scenario {
    pub name: &'static str,
    pub runs: usize,
    pub wall_median_s: f64,
    pub wall_min_s: f64,
    pub wall_max_s: f64,
    pub cpu_median_s: f64,
    pub peak_rss_mib: f64,
}

/// Measures the four scenarios on the corpus at `root` (its theme must be `minimal`).
pub fn measure_scenarios(tebiki: &Path, root: &Path, runs: usize) -> Result<Vec<Scenario>, String> {
    let root_arg = root.to_str().ok_or("the corpus path is not UTF-8")?;
    let build = ["build", "--quiet", "--root", root_arg];
    let page = root.join("content/en/s000/p00001.md");
    let template = root.join("themes/minimal/templates/base.html");
    let original_page = fs::read_to_string(&page).map_err(|e| e.to_string())?;
    let original_template = fs::read_to_string(&template).map_err(|e| e.to_string())?;
    let mut edit_number = 0;
    let mut scenario = |name: &'static str, edit: &mut dyn FnMut(usize) -> Result<(), String>| {
        let mut samples: Vec<Sample> = Vec::new();
        for run in 0..=runs {
            edit_number += 1;
            edit(edit_number)?;
            let sample = measure(tebiki, &build)?;
            if run > 0 {
                samples.push(sample);
            }
        }
        Ok::<_, String>(summarise(name, &samples))
    };
    let mut out = vec![scenario("unchanged rebuild", &mut |_| Ok(()))?];
    out.push(scenario("one page changed", &mut |n| {
        fs::write(&page, format!("{original_page}\nEdit {n}.\n")).map_err(|e| e.to_string())
    })?);
    out.push(scenario("every page changed (theme edit)", &mut |n| {
        let edited = original_template.replacen("</body>", &format!("<!-- {n} --></body>"), 1);
        fs::write(&template, edited).map_err(|e| e.to_string())
    })?);
    out.push(scenario("into an empty output folder", &mut |_| {
        for dir in ["public", ".tebiki"] {
            let path = root.join(dir);
            if path.exists() {
                fs::remove_dir_all(&path).map_err(|e| e.to_string())?;
            }
        }
        Ok(())
    })?);
    fs::write(&page, original_page).map_err(|e| e.to_string())?;
    fs::write(&template, original_template).map_err(|e| e.to_string())?;
    Ok(out)
}

fn summarise(name: &'static str, samples: &[Sample]) -> Scenario {
    let walls: Vec<f64> = samples.iter().map(|s| s.wall_s).collect();
    let cpu: Vec<f64> = samples.iter().map(|s| s.cpu_s).collect();
    let (wall_median_s, wall_min_s) = median_min(&walls);
    Scenario {
        name,
        runs: samples.len(),
        wall_median_s,
        wall_min_s,
        wall_max_s: walls.iter().copied().fold(0.0, f64::max),
        cpu_median_s: median_min(&cpu).0,
        peak_rss_mib: samples.iter().map(|s| s.max_rss_kib).max().unwrap_or(0) as f64 / 1024.0,
    }
}

/// The Markdown table of one corpus's scenarios.
pub fn markdown(pages: usize, root: &Path, filesystem: &str, rows: &[Scenario]) -> String {
    let mut out = format!(
        "\nOutput scenarios, {pages} pages per language, minimal theme, {} ({filesystem}):\n\n\
         | scenario | runs | wall median (min–max) | CPU median | peak RSS |\n|---|---:|---:|---:|---:|\n",
        root.display()
    );
    for row in rows {
        out.push_str(&format!(
            "| {} | {} | {:.3} s ({:.3}–{:.3}) | {:.3} s | {:.0} MiB |\n",
            row.name,
            row.runs,
            row.wall_median_s,
            row.wall_min_s,
            row.wall_max_s,
            row.cpu_median_s,
            row.peak_rss_mib
        ));
    }
    out
}
