//! Links the theme's templates put on pages (navigation, language switcher, canonical
//! links, stylesheets). They are the HTML links that are not the page's own content links;
//! each distinct URL is checked once and reported at the template line that produced it.

use std::collections::{HashMap, HashSet};

use super::anchors::fragment_problem;
use super::resolve::UrlKind;
use super::{Context, ExternalLink, Findings};
use crate::diagnostics::{Diagnostic, LineIndex};
use crate::markdown::raw_html::{attributes, is_link_attribute};
use crate::urls::decode_path;

/// Checks the links of every HTML file that did not come from Markdown.
pub fn check_template_links(ctx: &Context, findings: &mut Findings) {
    let sources = TemplateSources::load(ctx);
    let mut seen: HashMap<String, ()> = HashMap::new();
    let mut files: Vec<usize> = ctx.index.html.keys().copied().collect();
    files.sort_unstable();
    for file in files {
        let html = &ctx.index.html[&file];
        let page = ctx.index.page_of_file.get(&file).copied();
        let own: HashSet<String> = page
            .map(|p| {
                ctx.site.pages[p]
                    .links
                    .iter()
                    .map(|l| normalize(&l.url))
                    .collect()
            })
            .unwrap_or_default();
        let url_path = ctx.index.url_of(file);
        for value in html.links.iter().filter(|v| !own.contains(&normalize(v))) {
            let kind = ctx.resolver.classify(value, &url_path);
            if let (Some(p), UrlKind::Internal(r)) = (page, &kind) {
                if let Some(target) = ctx.index.files.lookup(&r.path) {
                    findings.edges.push((p, target));
                }
            }
            let key = match &kind {
                UrlKind::Internal(r) => {
                    format!("{}#{}", r.path, r.fragment.as_deref().unwrap_or(""))
                }
                _ => value.clone(),
            };
            if seen.insert(key, ()).is_some() {
                continue;
            }
            findings.links += 1;
            check_one(ctx, &sources, file, value, kind, findings);
        }
    }
}

fn check_one(
    ctx: &Context,
    sources: &TemplateSources,
    file: usize,
    value: &str,
    kind: UrlKind,
    findings: &mut Findings,
) {
    let on = format!("{}{}", ctx.config.base_path, ctx.index.url_of(file));
    let (path, line, column) = sources
        .locate(value)
        .unwrap_or_else(|| (format!("themes/{}/templates", ctx.config.theme), 0, 0));
    let problem = match kind {
        UrlKind::Internal(r) => match ctx.index.files.lookup(&r.path) {
            None => Some(Diagnostic::error(
                "broken-link",
                &path,
                format!("the theme links to '{value}' on {on}, and nothing is published there"),
            ).with_help("check the URL the template builds; `tebiki build` and look in the output folder")),
            Some(target) => r.fragment.as_deref().and_then(|f| {
                fragment_problem(ctx, target, f, value.split('#').next().unwrap_or(""), &path)
                    .map(|d| Diagnostic { message: format!("{} (a link the theme puts on {on})", d.message), ..d })
            }),
        },
        UrlKind::OutsideSite => Some(Diagnostic::error(
            "broken-link",
            &path,
            format!("the theme links to '{value}' on {on}, which is outside the site"),
        )),
        UrlKind::Web | UrlKind::Contact => {
            findings.external.push(ExternalLink {
                url: value.to_string(),
                path: path.clone(),
                line,
                column,
                text: String::new(),
            });
            None
        }
        UrlKind::Other => None,
    };
    if let Some(d) = problem {
        findings.push(d.at((line, column)));
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
        let dir = ctx.config.theme_dir().join("templates");
        let mut files = Vec::new();
        for entry in walkdir::WalkDir::new(&dir)
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            let Ok(text) = std::fs::read_to_string(entry.path()) else {
                continue;
            };
            let rel = entry
                .path()
                .strip_prefix(&ctx.config.root)
                .unwrap_or(entry.path());
            let values = attributes(&text)
                .into_iter()
                .filter(is_link_attribute)
                .map(|a| (a.value.into_owned(), a.offset))
                .collect();
            files.push(TemplateFile {
                path: rel.to_string_lossy().replace('\\', "/"),
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
