//! Links the theme's templates put on pages (navigation, language switcher, canonical
//! links, stylesheets). They are the HTML links that are not the page's own content links;
//! each distinct URL is checked once and reported at the template line that produced it.

use crate::diagnostics::Code;
use crate::text;
use std::cell::OnceCell;

use rustc_hash::{FxHashMap, FxHashSet};

use super::anchors::fragment_problem;
use super::index::HtmlFile;
use super::resolve::UrlKind;
use super::{Context, ExternalLink, Findings};
use crate::diagnostics::{Diagnostic, LineIndex};
use crate::markdown::raw_html::{attributes, is_link_attribute};
use crate::render::PageReport;
use crate::urls::decode_path;

/// Checks the links of every HTML file that did not come from Markdown.
pub fn check_template_links(ctx: &Context, findings: &mut Findings) {
    let sources = OnceCell::new();
    let mut state = State {
        ctx,
        sources: &sources,
        targets: FxHashMap::default(),
        checked: FxHashSet::default(),
        reported: FxHashSet::default(),
    };
    let mut files: Vec<usize> = ctx.index.html.keys().copied().collect();
    files.sort_unstable();
    let mut own = FxHashSet::default();
    for file in files {
        let page = ctx.index.page_of_file.get(&file).copied();
        let url_path = ctx.index.url_of(file);
        let html = &ctx.index.html[&file];
        for value in template_values(html, page.map(|p| &*ctx.site.pages[p]), &mut own) {
            // A link to a place on the same page that exists (the skip link, the table
            // of contents): nothing to report, no need to resolve it.
            if let Some(fragment) = value.strip_prefix('#') {
                if is_plain_id(fragment) && html.ids.contains(fragment) {
                    if let Some(p) = page {
                        findings.edges.push((p, file));
                    }
                    findings.links += 1;
                    continue;
                }
            }
            state.link(file, page, &url_path, value, findings);
        }
    }
}

/// The links of `html` that the theme put there: every link but the content links of
/// `page`, the page the file shows. `own` is scratch space.
pub(super) fn template_values<'h, 'p, 'o>(
    html: &'h HtmlFile,
    page: Option<&'p PageReport>,
    own: &'o mut FxHashSet<&'p str>,
) -> impl Iterator<Item = &'h str> + use<'h, 'p, 'o> {
    own.clear();
    if let Some(page) = page {
        own.extend(page.links.iter().map(|l| l.url.as_str()));
    }
    html.links().filter(move |value| {
        let decoded = value.contains('%').then(|| normalize(value));
        !(own.contains(*value) || decoded.is_some_and(|d| own.contains(d.as_str())))
    })
}

/// A fragment that is an id as written: nothing for a browser to decode or trim.
fn is_plain_id(fragment: &str) -> bool {
    !fragment.is_empty()
        && !fragment
            .bytes()
            .any(|b| b == b'%' || b == b'#' || b.is_ascii_whitespace())
}

struct State<'c, 'a> {
    ctx: &'c Context<'a>,
    sources: &'c OnceCell<TemplateSources>,
    /// Site-absolute and external values → the file they lead to (for orphans).
    targets: FxHashMap<&'c str, Option<usize>>,
    /// `path#fragment` of relative links already checked.
    checked: FxHashSet<String>,
    /// Values already reported (a template link broken on every page is reported once).
    reported: FxHashSet<&'c str>,
}

impl<'c> State<'c, '_> {
    fn link(
        &mut self,
        file: usize,
        page: Option<usize>,
        url_path: &str,
        value: &'c str,
        findings: &mut Findings,
    ) {
        let absolute = value.starts_with('/') || value.contains(':');
        if absolute {
            if let Some(&target) = self.targets.get(value) {
                if let (Some(p), Some(t)) = (page, target) {
                    findings.edges.push((p, t));
                }
                return;
            }
        }
        let kind = self.ctx.resolver.classify(value, url_path);
        let target = match &kind {
            UrlKind::Internal(r) => self.ctx.index.files.lookup(&r.path),
            _ => None,
        };
        if let (Some(p), Some(t)) = (page, target) {
            findings.edges.push((p, t));
        }
        if absolute {
            self.targets.insert(value, target);
        } else if let UrlKind::Internal(r) = &kind {
            let key = format!("{}#{}", r.path, r.fragment.as_deref().unwrap_or(""));
            if !self.checked.insert(key) {
                return;
            }
        }
        findings.links += 1;
        if let Some(d) = self.problem(file, value, kind, findings) {
            if self.reported.insert(value) {
                findings.push(d);
            }
        }
    }

    /// Where in the templates `value` came from (found only when it is needed).
    fn locate(&self, value: &str) -> (String, usize, usize) {
        let sources = self.sources.get_or_init(|| TemplateSources::load(self.ctx));
        sources
            .locate(value)
            .unwrap_or_else(|| (format!("themes/{}/templates", self.ctx.config.theme), 0, 0))
    }

    fn problem(
        &self,
        file: usize,
        value: &str,
        kind: UrlKind,
        findings: &mut Findings,
    ) -> Option<Diagnostic> {
        let ctx = self.ctx;
        let on = || format!("{}{}", ctx.config.base_path, ctx.index.url_of(file));
        let problem = match kind {
            UrlKind::Internal(r) => match ctx.index.files.lookup(&r.path) {
                None if ctx.index.files.is_unloaded(&r.path) => return None,
                None => Diagnostic::error(
                    Code::BrokenThemeLink,
                    "",
                    text!("broken-theme-link", url = value, page = on()),
                )
                .with_help(text!("broken-theme-link-help")),
                Some(target) => {
                    let f = r.fragment.as_deref()?;
                    let shown = value.split('#').next().unwrap_or("");
                    let d = fragment_problem(ctx, target, f, shown, "")?;
                    Diagnostic {
                        message: d.message.then(text!("theme-link-on", page = on())),
                        ..d
                    }
                }
            },
            UrlKind::OutsideSite => Diagnostic::error(
                Code::BrokenThemeLink,
                "",
                text!("broken-theme-link-outside", url = value, page = on()),
            )
            .with_help(text!(
                "broken-theme-link-outside-help",
                base = ctx.config.base_path
            )),
            UrlKind::Web | UrlKind::Contact | UrlKind::Host(_) => {
                let (path, line, column) = self.locate(value);
                let url = match kind {
                    UrlKind::Host(url) => url,
                    _ => value.to_string(),
                };
                findings.external.push(ExternalLink {
                    url,
                    path,
                    line,
                    column,
                    text: String::new(),
                    included_from: Vec::new(),
                });
                return None;
            }
            UrlKind::Other => return None,
        };
        let (path, line, column) = self.locate(value);
        Some(
            Diagnostic {
                path: path.into(),
                ..problem
            }
            .at((line, column)),
        )
    }
}

fn normalize(url: &str) -> String {
    decode_path(url).unwrap_or_else(|| url.to_string())
}

/// The theme's template files, to find which attribute produced a URL.
struct TemplateSources {
    files: Vec<TemplateFile>,
}

struct TemplateFile {
    /// As shown in messages, e.g. `themes/default/templates/base.html`.
    path: String,
    text: String,
    /// Link attribute values as written in the template, with their offsets.
    values: Vec<(String, usize)>,
}

impl TemplateSources {
    fn load(ctx: &Context) -> Self {
        // The site's own templates first: they replace the theme's of the same name.
        let dirs = [
            ctx.config.root.join("templates"),
            ctx.config.theme_dir().join("templates"),
        ];
        let fence = ctx.config.fence();
        let mut files = Vec::new();
        let mut seen = std::collections::HashSet::new();
        // The build already reported every file the fence refuses.
        let listed = dirs
            .iter()
            .filter(|d| d.is_dir())
            .flat_map(|d| fence.walk(d).0);
        for file in listed.filter(|f| seen.insert(f.rel_path.clone())) {
            let Some(text) = fence
                .read_listed(&file.path)
                .ok()
                .and_then(|bytes| String::from_utf8(bytes).ok())
            else {
                continue;
            };
            let values = attributes(&text)
                .into_iter()
                .filter(is_link_attribute)
                .map(|a| (a.value.into_owned(), a.offset))
                .collect();
            files.push(TemplateFile {
                path: file.shown,
                text,
                values,
            });
        }
        TemplateSources { files }
    }

    /// The template attribute whose literal parts best explain `url`.
    fn locate(&self, url: &str) -> Option<(String, usize, usize)> {
        let mut best: Option<(usize, &str, &str, usize)> = None;
        for TemplateFile { path, text, values } in &self.files {
            for (template, offset) in values {
                if let Some(score) = explains(template, url) {
                    if best.is_none_or(|b| score > b.0) {
                        best = Some((score, path, text, *offset));
                    }
                }
            }
        }
        best.map(|(_, path, text, offset)| {
            let (line, column) = LineIndex::new(text).locate(text, offset);
            (path.to_string(), line, column)
        })
    }
}

/// Whether the template value `template` (with `{{ … }}` / `{% … %}` parts) could have
/// produced `url`; the score is the length of literal text it matched.
fn explains(template: &str, url: &str) -> Option<usize> {
    let mut pieces = Vec::new();
    let mut rest = template;
    let mut starts_literal = true;
    while let Some(open) = rest
        .find(['{'])
        .filter(|&i| matches!(rest.as_bytes().get(i + 1), Some(b'{' | b'%')))
    {
        if open == 0 && pieces.is_empty() {
            starts_literal = false;
        }
        pieces.push(&rest[..open]);
        let close = rest[open..].find(['}']).map(|c| open + c + 2)?;
        rest = rest.get(close..).unwrap_or("");
    }
    let ends_literal = !rest.is_empty() || pieces.is_empty();
    pieces.push(rest);
    let pieces: Vec<&str> = pieces.into_iter().filter(|p| !p.is_empty()).collect();
    let mut at = 0;
    for (i, piece) in pieces.iter().enumerate() {
        let found = url.get(at..)?.find(piece)? + at;
        if i == 0 && starts_literal && found != 0 {
            return None;
        }
        at = found + piece.len();
    }
    if ends_literal && at != url.len() {
        return None;
    }
    Some(pieces.iter().map(|p| p.len()).sum())
}

#[cfg(test)]
mod tests {
    use super::explains;

    #[test]
    fn template_values_explain_urls() {
        assert_eq!(
            explains("{{ site.base_path }}tebiki.css", "/tebiki.css"),
            Some(10)
        );
        assert_eq!(
            explains("{{ site.base_path }}tebiki.css", "/tebiki.js"),
            None
        );
        assert_eq!(explains("mailto:{{ e }}", "mailto:a@b"), Some(7));
        assert_eq!(explains("#main", "#main"), Some(5));
        assert_eq!(explains("#main", "#mains"), None);
        assert!(explains("{{ l.url }}", "/ja/").is_some());
    }
}
