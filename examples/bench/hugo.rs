//! Side by side with Hugo: the same text built by `hugo` (Debian's package, when it is
//! on PATH) and by tebiki with the minimal theme, in each folder given (a disk and a
//! tmpfs, to see what the file system costs each tool).
//!
//! The corpus's Markdown is rewritten into plain Markdown both tools read alike: the
//! `:::` block lines are dropped, `{{ parameter }}` placeholders and `{pc}`-style device
//! tags are replaced by plain text, and links lose the fragments that pointed at the
//! dropped blocks. tebiki gets it in its own layout (with search off, as Hugo builds no
//! search index); Hugo gets it in Hugo's (`_index.md` for a folder's page, one content
//! folder per language, three minimal layouts). Each tool gets one unmeasured warm-up
//! build, then `runs` measured builds over its previous output (a rebuild).

use std::fs;
use std::path::{Path, PathBuf};

use crate::measure::{measure, median_min, Sample};

/// One size in one folder: each tool's median wall time and CPU time.
pub struct Comparison {
    pub pages: usize,
    pub dir: PathBuf,
    pub runs: usize,
    pub tebiki: (f64, f64, f64),
    pub hugo: (f64, f64, f64),
}

/// `hugo` on PATH, if installed.
pub fn find_hugo() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("hugo"))
        .find(|candidate| candidate.is_file())
}

/// Writes both renditions of the `pages`-page corpus at `corpus` into `dir` and measures
/// both tools there.
pub fn compare(
    tebiki: &Path,
    hugo: &Path,
    corpus: &Path,
    dir: &Path,
    pages: usize,
    runs: usize,
) -> Result<Comparison, String> {
    let ours = dir.join(format!("plain-{pages}-tebiki"));
    let theirs = dir.join(format!("plain-{pages}-hugo"));
    write_renditions(corpus, &ours, &theirs).map_err(|e| format!("{}: {e}", dir.display()))?;
    let ours_arg = ours.to_str().ok_or("path is not UTF-8")?;
    let theirs_arg = theirs.to_str().ok_or("path is not UTF-8")?;
    let tebiki_samples = repeat(tebiki, &["build", "--quiet", "--root", ours_arg], runs)?;
    let hugo_samples = repeat(hugo, &["--quiet", "--source", theirs_arg], runs)?;
    Ok(Comparison {
        pages,
        dir: dir.to_path_buf(),
        runs,
        tebiki: summary(&tebiki_samples),
        hugo: summary(&hugo_samples),
    })
}

fn repeat(program: &Path, args: &[&str], runs: usize) -> Result<Vec<Sample>, String> {
    measure(program, args)?;
    (0..runs).map(|_| measure(program, args)).collect()
}

/// Median wall, minimum wall, median CPU.
fn summary(samples: &[Sample]) -> (f64, f64, f64) {
    let walls: Vec<f64> = samples.iter().map(|s| s.wall_s).collect();
    let cpu: Vec<f64> = samples.iter().map(|s| s.cpu_s).collect();
    let (median, min) = median_min(&walls);
    (median, min, median_min(&cpu).0)
}

/// The Markdown table of the comparisons.
pub fn markdown(rows: &[Comparison], filesystem: &dyn Fn(&Path) -> String) -> String {
    let mut out = String::from(
        "\n| pages/lang | folder (file system) | runs | tebiki median (min) / CPU | hugo median (min) / CPU | hugo ÷ tebiki |\n\
         |---:|---|---:|---:|---:|---:|\n",
    );
    for row in rows {
        let (t, h) = (row.tebiki, row.hugo);
        out.push_str(&format!(
            "| {} | {} ({}) | {} | {:.3} s ({:.3}) / {:.3} s | {:.3} s ({:.3}) / {:.3} s | {:.1}× |\n",
            row.pages,
            row.dir.display(),
            filesystem(&row.dir),
            row.runs,
            t.0,
            t.1,
            t.2,
            h.0,
            h.1,
            h.2,
            h.0 / t.0
        ));
    }
    out
}

/// Writes tebiki's rendition into `ours` and Hugo's into `theirs`, replacing earlier ones.
fn write_renditions(corpus: &Path, ours: &Path, theirs: &Path) -> std::io::Result<()> {
    for dir in [ours, theirs] {
        if dir.exists() {
            fs::remove_dir_all(dir)?;
        }
    }
    for sub in ["i18n", "themes"] {
        copy_tree(&corpus.join(sub), &ours.join(sub))?;
    }
    let config = fs::read_to_string(corpus.join("site.toml"))?;
    fs::write(ours.join("site.toml"), without_search(&config))?;
    for entry in walkdir::WalkDir::new(corpus.join("content")).min_depth(1) {
        let entry = entry?;
        let rel = entry
            .path()
            .strip_prefix(corpus)
            .map_err(std::io::Error::other)?;
        if entry.file_type().is_dir() {
            continue;
        }
        let bytes = fs::read(entry.path())?;
        let (bytes, hugo_rel) = if rel.extension().is_some_and(|e| e == "md") {
            let plain = plain_markdown(&String::from_utf8_lossy(&bytes)).into_bytes();
            let hugo_rel = if rel.file_name().is_some_and(|n| n == "index.md") {
                rel.with_file_name("_index.md")
            } else {
                rel.to_path_buf()
            };
            (plain, hugo_rel)
        } else {
            (bytes, rel.to_path_buf())
        };
        write_file(&ours.join(rel), &bytes)?;
        write_file(&theirs.join(hugo_rel), &bytes)?;
    }
    write_hugo_site(corpus, theirs)
}

fn without_search(config: &str) -> String {
    match config.find("[search]") {
        Some(at) => format!("{}[search]\nenabled = false\n", &config[..at]),
        None => config.to_string(),
    }
}

/// The page's text as plain Markdown (see the module doc).
fn plain_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        if line.trim_start().starts_with(":::") {
            continue;
        }
        let line = line
            .replace("{pc} ", "")
            .replace("{phone} ", "")
            .replace("{both} ", "");
        out.push_str(&without_placeholders(&without_block_fragments(&line)));
        out.push('\n');
    }
    out
}

/// `{{ name }}` → `Example`, or `https://example.org/` where it is a link's target.
fn without_placeholders(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(start) = rest.find("{{") {
        let Some(len) = rest[start..].find("}}") else {
            break;
        };
        let is_target = rest[..start].ends_with('(');
        out.push_str(&rest[..start]);
        out.push_str(if is_target {
            "https://example.org/"
        } else {
            "Example"
        });
        rest = &rest[start + len + 2..];
    }
    out.push_str(rest);
    out
}

/// Drops `#faq-…` and `#method-…` fragments, whose targets were block ids.
fn without_block_fragments(line: &str) -> String {
    let mut out = line.to_string();
    for prefix in ["#faq-", "#method-"] {
        while let Some(start) = out.find(prefix) {
            let end = out[start..].find(')').map_or(out.len(), |i| start + i);
            out.replace_range(start..end, "");
        }
    }
    out
}

const HUGO_BASEOF: &str = r#"<!DOCTYPE html>
<html lang="{{ .Site.Language.Lang }}">
<head><meta charset="utf-8"><title>{{ .Title }} | {{ .Site.Title }}</title>
<link rel="stylesheet" href="{{ "tebiki.css" | relURL }}"></head>
<body>{{ block "main" . }}{{ end }}</body>
</html>
"#;

const HUGO_PAGE: &str = r#"{{ define "main" }}<main><h1>{{ .Title }}</h1>
{{ .Content }}</main>{{ end }}
"#;

/// Hugo's configuration (two languages, each with its content folder; no taxonomies or
/// feeds, which the tebiki corpus has no equivalent of) and its three layouts.
fn write_hugo_site(corpus: &Path, theirs: &Path) -> std::io::Result<()> {
    let config = r#"baseURL = "https://mfa.university.example/"
title = "Bench"
defaultContentLanguage = "ja"
defaultContentLanguageInSubdir = true
disableKinds = ["taxonomy", "term", "RSS"]
[markup.goldmark.renderer]
unsafe = true
[markup.highlight]
noClasses = false
[languages.ja]
contentDir = "content/ja"
weight = 1
[languages.en]
contentDir = "content/en"
weight = 2
"#;
    fs::write(theirs.join("config.toml"), config)?;
    let layouts = theirs.join("layouts/_default");
    write_file(&layouts.join("baseof.html"), HUGO_BASEOF.as_bytes())?;
    write_file(&layouts.join("single.html"), HUGO_PAGE.as_bytes())?;
    write_file(&layouts.join("list.html"), HUGO_PAGE.as_bytes())?;
    let css = corpus.join("themes/minimal/static/tebiki.css");
    if css.is_file() {
        write_file(&theirs.join("static/tebiki.css"), &fs::read(css)?)?;
    }
    Ok(())
}

fn write_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::write(path, bytes)
}

fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry?;
        let target = to.join(
            entry
                .path()
                .strip_prefix(from)
                .map_err(std::io::Error::other)?,
        );
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target)?;
        } else {
            fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_markdown_drops_blocks_and_placeholders() {
        let page = "::: method {#m} App\n1. {pc} Open [it]({{url}}) for {{ desk }}.\n:::\n[q](a.md#faq-1-a), [s](b.md#setup)\n";
        assert_eq!(
            plain_markdown(page),
            "1. Open [it](https://example.org/) for Example.\n[q](a.md), [s](b.md#setup)\n"
        );
    }
}
