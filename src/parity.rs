//! Translation checks: pages missing in a language, and translated pairs whose procedure
//! structure differs (methods, FAQ entries, step counts, explicit heading ids).
//!
//! Matching structure is what keeps `#fragment` links valid in every language. Pages
//! are compared after their includes are expanded; [`check_snippets`] compares each
//! snippet with its translations.

use crate::config::{Config, Level};
use crate::diagnostics::Code;
use crate::diagnostics::{Diagnostic, Severity};
use crate::load::{Page, Site};
use crate::markdown::{Block, Rendered};
use crate::snippets::{missing_translation, Snippet, SnippetLibrary};
use crate::text;

/// Snippets missing in a language (used from another language, like pages) and snippet
/// translations whose outline differs: their blocks, includes and numbered items.
pub fn check_snippets(config: &Config, library: &SnippetLibrary, out: &mut Vec<Diagnostic>) {
    let languages = 0..config.languages.len();
    let mut seen = std::collections::BTreeSet::new();
    let order = std::iter::once(config.default_language).chain(languages.clone());
    for lang in order {
        for snippet in library.of_language(lang) {
            if !seen.insert(snippet.name.as_str()) {
                continue;
            }
            for (other, language) in config.languages.iter().enumerate() {
                match library.translation(snippet, other) {
                    Some(t) if other != lang => compare_snippets(config, snippet, t, out),
                    Some(_) => {}
                    None => {
                        let mut d = missing_translation(snippet, &language.code, &language.name);
                        d.severity = severity(config.build.missing_translation);
                        out.push(d);
                    }
                }
            }
        }
    }
}

fn compare_snippets(config: &Config, a: &Snippet, b: &Snippet, out: &mut Vec<Diagnostic>) {
    let (oa, ob) = (a.outline(), b.outline());
    let Some(i) = (0..oa.len().max(ob.len())).find(|&i| oa.get(i) != ob.get(i)) else {
        return;
    };
    // The line, and "end" or "line" (for the messages' choice of words).
    let show = |o: Option<&(usize, String)>| match o {
        Some((_, s)) => (s.clone(), "line"),
        None => (String::new(), "end"),
    };
    let (here, there) = (show(ob.get(i)), show(oa.get(i)));
    let line = ob.get(i).or(ob.last()).map_or(0, |(line, _)| *line);
    let mut d = Diagnostic::warning(
        Code::Parity,
        &b.display_path,
        text!(
            "parity-snippet",
            here = here.0,
            here_is = here.1,
            other = a.display_path,
            there = there.0,
            there_is = there.1
        ),
    )
    .at((line, 1))
    .with_help(text!("parity-snippet-help"));
    d.severity = severity(config.build.parity);
    out.push(d);
}

/// Compares the pages of one content path (`faq.md`) with each other: pages missing in
/// a language, and each translation's structure against the default language's page.
/// `rendered(i)` is the rendered Markdown of `site.pages[i]`, `None` if it is not there.
pub fn check_path<'r>(
    config: &Config,
    site: &Site,
    path: &str,
    rendered: impl Fn(usize) -> Option<&'r Rendered>,
    out: &mut Vec<Diagnostic>,
) {
    let versions: Vec<usize> = (0..config.languages.len())
        .filter_map(|lang| site.page_index(lang, path))
        .collect();
    let Some(&reference) = versions
        .iter()
        .find(|&&i| site.pages[i].lang == config.default_language)
        .or(versions.first())
    else {
        return;
    };
    missing_languages(config, site, &site.pages[reference], out);
    let Some(ra) = rendered(reference) else {
        return;
    };
    for &other in versions.iter().filter(|&&i| i != reference) {
        let Some(rb) = rendered(other) else {
            continue;
        };
        let pair = Pair {
            a: &site.pages[reference],
            b: &site.pages[other],
            ra,
            rb,
        };
        pair.compare(config.build.parity, out);
    }
}

fn severity(level: Level) -> Severity {
    match level {
        Level::Warning => Severity::Warning,
        Level::Error => Severity::Error,
    }
}

fn missing_languages(config: &Config, site: &Site, page: &Page, out: &mut Vec<Diagnostic>) {
    for (lang, language) in config.languages.iter().enumerate() {
        if site.page_index(lang, &page.rel_path).is_some()
            || site.failed.contains(&(lang, page.rel_path.clone()))
        {
            continue;
        }
        let mut d = Diagnostic::warning(
            Code::MissingTranslation,
            &page.display_path,
            text!(
                "missing-translation",
                language = language.name,
                file = format!("content/{}/{}", language.code, page.rel_path)
            ),
        )
        .with_help(text!(
            "missing-translation-help",
            file = format!("content/{}/{}", language.code, page.rel_path)
        ));
        d.severity = severity(config.build.missing_translation);
        out.push(d);
    }
}

struct Pair<'a> {
    a: &'a Page,
    b: &'a Page,
    ra: &'a Rendered,
    rb: &'a Rendered,
}

impl Pair<'_> {
    fn compare(&self, level: Level, out: &mut Vec<Diagnostic>) {
        let (sa, sb) = (&self.ra.structure, &self.rb.structure);
        let mut found = Vec::new();
        self.ids("method", &sa.methods, &sb.methods, &mut found);
        self.ids("faq", &sa.faqs, &sb.faqs, &mut found);
        self.ids("heading", &sa.heading_ids, &sb.heading_ids, &mut found);
        self.step_counts(&sa.steps, &sb.steps, &mut found);
        for mut d in found {
            d.severity = severity(level);
            out.push(d);
        }
    }

    /// Ids present on one side only, reported where they stand.
    fn ids(&self, what: &str, a: &[Block], b: &[Block], out: &mut Vec<Diagnostic>) {
        for (here, there, page, other) in [(a, b, self.a, self.b), (b, a, self.b, self.a)] {
            for block in here.iter().filter(|x| !there.iter().any(|y| y.id == x.id)) {
                out.push(
                    Diagnostic::warning(
                        Code::Parity,
                        &page.display_path,
                        text!(
                            "parity-id",
                            what = what,
                            id = block.id,
                            other = other.display_path
                        ),
                    )
                    .at((block.line, 1))
                    .with_help(text!(
                        "parity-id-help",
                        what = what,
                        other = other.display_path
                    )),
                );
            }
        }
    }

    fn step_counts(&self, a: &[Block], b: &[Block], out: &mut Vec<Diagnostic>) {
        for (i, x) in a.iter().enumerate() {
            let y = b
                .iter()
                .filter(|y| y.id == x.id)
                .nth(a[..i].iter().filter(|p| p.id == x.id).count());
            let Some(y) = y else { continue };
            if x.steps != y.steps {
                out.push(
                    Diagnostic::warning(
                        Code::Parity,
                        &self.b.display_path,
                        text!(
                            "parity-steps",
                            id = y.id,
                            here = y.steps,
                            there = x.steps,
                            other = self.a.display_path,
                            line = x.line
                        ),
                    )
                    .at((y.line, 1))
                    .with_help(text!("parity-steps-help")),
                );
            }
        }
    }
}
