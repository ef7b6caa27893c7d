//! The site outline, built once the content is loaded: which folders are guides, which
//! pages belong to each, and which pages stand on their own at the top of the site.
//!
//! A guide is a folder of `content/<lang>/` (the language folder itself included) that
//! holds an `index.md` and at least one page with `step:`. The outline is by content path,
//! so it is the same in every language; step numbers are checked here, per language and
//! per guide, at the `step:` line of the page.

use crate::diagnostics::Code;
use crate::diagnostics::Text;
use crate::text;
use std::collections::{BTreeMap, HashMap, HashSet};

use super::{front_matter, Page, Site};
use crate::diagnostics::Diagnostic;

/// The guides of a site and the pages outside them.
#[derive(Debug, Default)]
pub struct Outline {
    /// Every guide, in folder order.
    pub guides: Vec<Guide>,
    /// Pages directly in the language folder that belong to no guide (`faq.md`).
    pub loose: Vec<String>,
    /// Folder → index into `guides`.
    by_dir: HashMap<String, usize>,
}

/// One guide: a folder with an `index.md` and step pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guide {
    /// The folder below `content/<lang>/`, `""` for the language folder itself.
    pub dir: String,
    /// The content path of its `index.md` (`vpn/index.md`).
    pub index: String,
    /// Content paths of its pages with `step:` (in any language), in path order.
    pub steps: Vec<String>,
    /// Content paths of its other pages, in path order.
    pub pages: Vec<String>,
}

impl Outline {
    /// The guide that page `rel_path` belongs to, if any.
    pub fn guide_of(&self, rel_path: &str) -> Option<usize> {
        self.by_dir.get(folder_of(rel_path)).copied()
    }
}

/// The folder of a content path: `vpn/a.md` → `vpn`, `a.md` → ``.
fn folder_of(rel_path: &str) -> &str {
    rel_path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

fn is_index(rel_path: &str) -> bool {
    rel_path == "index.md" || rel_path.ends_with("/index.md")
}

/// Builds the outline of `site` and checks every guide's step numbers: two pages with one
/// number, a gap, and step pages in no guide are errors at the page's `step:` line.
pub fn build_outline(site: &Site) -> (Outline, Vec<Diagnostic>) {
    // Folder → its pages, in (language, path) order: the order of `site.pages`.
    let mut folders: BTreeMap<&str, Vec<&Page>> = BTreeMap::new();
    for page in &site.pages {
        folders
            .entry(folder_of(&page.rel_path))
            .or_default()
            .push(page);
    }
    let mut outline = Outline::default();
    let mut diagnostics = Vec::new();
    for (dir, pages) in folders {
        let has_index = pages.iter().any(|p| is_index(&p.rel_path));
        let has_steps = pages.iter().any(|p| p.front.step.is_some());
        // A page here that failed to load (already reported) may be the index or a step:
        // the step numbering is judged once it loads.
        let complete = !site.failed.iter().any(|(_, rel)| folder_of(rel) == dir);
        if has_index && has_steps {
            outline.by_dir.insert(dir.to_string(), outline.guides.len());
            outline.guides.push(guide(dir, &pages));
            if complete {
                check_numbers(&pages, &mut diagnostics);
            }
        } else {
            if dir.is_empty() {
                outline.loose = paths(&pages, |_| true);
            }
            // Step pages here have no index.md beside them (else this were a guide).
            if complete {
                orphan_steps(dir, &pages, &mut diagnostics);
            }
        }
    }
    (outline, diagnostics)
}

fn guide(dir: &str, pages: &[&Page]) -> Guide {
    let stepped: HashSet<&str> = pages
        .iter()
        .filter(|p| p.front.step.is_some())
        .map(|p| p.rel_path.as_str())
        .collect();
    let steps = paths(pages, |rel| stepped.contains(rel));
    let pages_only = paths(pages, |rel| !is_index(rel) && !stepped.contains(rel));
    Guide {
        dir: dir.to_string(),
        index: if dir.is_empty() {
            "index.md".into()
        } else {
            format!("{dir}/index.md")
        },
        steps,
        pages: pages_only,
    }
}

/// The distinct content paths of `pages` that `keep` accepts, sorted.
fn paths(pages: &[&Page], keep: impl Fn(&str) -> bool) -> Vec<String> {
    let mut out: Vec<String> = pages
        .iter()
        .map(|p| p.rel_path.as_str())
        .filter(|rel| keep(rel))
        .map(str::to_string)
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Per language: the step numbers of one guide run 1, 2, 3 … with no number twice.
fn check_numbers(pages: &[&Page], diagnostics: &mut Vec<Diagnostic>) {
    let mut by_lang: BTreeMap<usize, Vec<(u32, &Page)>> = BTreeMap::new();
    for page in pages {
        if let Some(number) = page.front.step {
            by_lang.entry(page.lang).or_default().push((number, page));
        }
    }
    for mut steps in by_lang.into_values() {
        // Stable: of two pages with one number, the later path is reported.
        steps.sort_by_key(|(number, _)| *number);
        let mut expected = 1;
        let mut previous: Option<(u32, &Page)> = None;
        for &(number, page) in &steps {
            match previous {
                Some((last, first)) if last == number => {
                    diagnostics.push(duplicate(page, number, first));
                }
                _ if number != expected => {
                    diagnostics.push(gap(page, number, expected));
                    expected = number + 1;
                }
                _ => expected = number + 1,
            }
            previous = Some((number, page));
        }
    }
}

fn duplicate(page: &Page, number: u32, first: &Page) -> Diagnostic {
    step_error(
        page,
        Code::DuplicateStep,
        text!(
            "duplicate-step",
            number = number,
            first = first.display_path
        ),
    )
    .with_help(text!("duplicate-step-help"))
}

fn gap(page: &Page, number: u32, expected: u32) -> Diagnostic {
    let message = if expected == 1 {
        text!("step-gap-first", number = number)
    } else {
        text!("step-gap", number = number, expected = expected)
    };
    step_error(page, Code::StepGap, message).with_help(text!("step-gap-help", expected = expected))
}

/// Step pages in a folder that is no guide: their step navigation would lead nowhere.
fn orphan_steps(dir: &str, pages: &[&Page], diagnostics: &mut Vec<Diagnostic>) {
    // "language": the language folder itself, `dir` being empty.
    let place = if dir.is_empty() { "language" } else { "folder" };
    let folder = format!("{dir}/");
    for page in pages {
        let Some(number) = page.front.step else {
            continue;
        };
        diagnostics.push(
            step_error(
                page,
                Code::StepOutsideGuide,
                text!(
                    "step-outside-guide",
                    number = number,
                    folder = folder,
                    place = place
                ),
            )
            .with_help(text!(
                "step-outside-guide-help",
                folder = folder,
                place = place
            )),
        );
    }
}

/// An error at the page's `step:` line.
fn step_error(page: &Page, code: Code, message: Text) -> Diagnostic {
    let offset = front_matter::key_offset(&page.text, page.body_start, "step").unwrap_or(0);
    Diagnostic::error(code, &page.display_path, message)
        .at(page.line_index.locate(&page.text, offset))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::LineIndex;
    use crate::load::parse_page_text;

    fn page(lang: usize, rel_path: &str, front: &str) -> Page {
        let text = format!("---\ntitle: T\n{front}---\nbody\n");
        let (front, body_start) = parse_page_text(&text, rel_path).unwrap();
        Page {
            lang,
            rel_path: rel_path.into(),
            display_path: format!("content/{lang}/{rel_path}"),
            front: front.into(),
            line_index: LineIndex::new(&text).into(),
            text: text.into(),
            body_start,
            digest: None,
            body_on_disk: None,
        }
    }

    fn site(pages: Vec<Page>) -> Site {
        Site {
            pages,
            ..Site::default()
        }
    }

    #[test]
    fn folders_with_an_index_and_steps_are_guides() {
        let (outline, diagnostics) = build_outline(&site(vec![
            page(0, "faq.md", ""),
            page(0, "index.md", ""),
            page(0, "vpn/a.md", "step: 1\n"),
            page(0, "vpn/index.md", ""),
            page(0, "vpn/notes.md", ""),
            page(0, "misc/x.md", ""),
        ]));
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(outline.guides.len(), 1);
        assert_eq!(outline.guides[0].dir, "vpn");
        assert_eq!(outline.guides[0].steps, ["vpn/a.md"]);
        assert_eq!(outline.guides[0].pages, ["vpn/notes.md"]);
        assert_eq!(outline.loose, ["faq.md", "index.md"]);
        assert_eq!(outline.guide_of("vpn/notes.md"), Some(0));
        assert_eq!(outline.guide_of("misc/x.md"), None);
    }

    #[test]
    fn the_language_folder_is_a_guide_when_it_has_steps() {
        let (outline, _) = build_outline(&site(vec![
            page(0, "index.md", ""),
            page(0, "one.md", "step: 1\n"),
        ]));
        assert_eq!(outline.guides[0].dir, "");
        assert_eq!(outline.guide_of("index.md"), Some(0));
        assert!(outline.loose.is_empty());
    }

    #[test]
    fn step_numbers_are_checked_per_language_at_the_step_line() {
        let (_, d) = build_outline(&site(vec![
            page(0, "g/a.md", "weight: 1\nstep: 1\n"),
            page(0, "g/b.md", "step: 1\n"),
            page(0, "g/index.md", ""),
            page(1, "g/a.md", "step: 1\n"),
            page(1, "g/b.md", "step: 3\n"),
            page(1, "g/index.md", ""),
            page(0, "h/a.md", "step: 1\n"),
        ]));
        let found: Vec<_> = d.iter().map(|d| (d.code.name(), d.location())).collect();
        assert_eq!(
            found,
            [
                ("duplicate-step", "content/0/g/b.md:3:1".to_string()),
                ("step-gap", "content/1/g/b.md:3:1".to_string()),
                ("step-outside-guide", "content/0/h/a.md:3:1".to_string()),
            ]
        );
        assert!(d.iter().all(|d| d.help.is_some()));
    }

    #[test]
    fn a_first_step_other_than_one_is_a_gap() {
        let (_, d) = build_outline(&site(vec![
            page(0, "index.md", ""),
            page(0, "a.md", "step: 2\n"),
        ]));
        assert_eq!(d[0].code, "step-gap");
        assert!(d[0].message.contains("start at 1"), "{}", d[0].message);
    }
}
