//! Loads a theme's Tera templates once per build, and turns Tera's errors into
//! diagnostics that name the right template file and, where it can be found, the line.

use crate::diagnostics::Code;
use crate::text;
use std::path::Path;

use tera::Tera;

use crate::config::Config;
use crate::contain::{Fence, Refusal};
use crate::diagnostics::{Diagnostic, LineIndex, Text};

/// The folder at the site root whose templates replace the theme's, file by file.
pub const SITE_TEMPLATES_DIR: &str = "templates";

/// The theme's templates with their sources (kept to locate render errors).
pub struct Theme {
    pub tera: Tera,
    sources: Vec<(String, String)>,
    dir: String,
    /// Names whose text came from the site's own `templates/` folder.
    overrides: Vec<String>,
}

/// Reads every file under `<theme>/templates/`, then every file under the site's
/// `site_templates` folder (`templates/` at the site root), which replaces the theme's
/// template of the same name: a university changes `partials/footer.html` without
/// forking the theme. Every file is read through `fence` ([`crate::contain`]).
pub fn load_theme(
    fence: &Fence,
    theme_dir: &Path,
    display_dir: &str,
    site_templates: &Path,
) -> Result<Theme, Vec<Diagnostic>> {
    let dir = theme_dir.join("templates");
    let display = format!("{display_dir}/templates");
    if !dir.is_dir() {
        return Err(vec![Diagnostic::error(
            Code::MissingTheme,
            &display,
            text!("missing-theme"),
        )
        .with_help(text!("missing-theme-help"))]);
    }
    let (mut sources, mut problems) = read_templates(fence, &dir, &display);
    let (own, own_problems) = read_templates(fence, site_templates, SITE_TEMPLATES_DIR);
    problems.extend(own_problems);
    let mut overrides = Vec::new();
    for (name, text) in own {
        sources.retain(|(n, _)| *n != name);
        overrides.push(name.clone());
        sources.push((name, text));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    // Tera's default also escapes `/`, which bloats every URL; `&<>"'` are what HTML needs.
    tera.set_escape_fn(escape_text);
    let theme = Theme {
        tera: Tera::default(),
        sources,
        dir: display,
        overrides,
    };
    match tera.add_raw_templates(theme.sources.iter().map(|(n, t)| (n.as_str(), t.as_str()))) {
        Ok(()) => Ok(Theme { tera, ..theme }),
        Err(e) => Err(vec![theme.diagnostic(&e)]),
    }
}

/// The templates under `dir` by name, read through the fence; a missing folder has none.
fn read_templates(
    fence: &Fence,
    dir: &Path,
    display: &str,
) -> (Vec<(String, String)>, Vec<Diagnostic>) {
    let mut sources = Vec::new();
    if !dir.is_dir() {
        return (sources, Vec::new());
    }
    let (files, mut problems) = fence.walk(dir);
    for file in files {
        let shown = format!("{display}/{}", file.rel_path);
        let text = fence.read_listed(&file.path).and_then(|bytes| {
            String::from_utf8(bytes).map_err(|_| {
                Refusal::Io(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    "it is not UTF-8 text",
                ))
            })
        });
        match text {
            Ok(text) => sources.push((file.rel_path, text)),
            Err(refusal) => {
                problems.push(refusal.into_diagnostic(Code::Unreadable, &shown, "template"))
            }
        }
    }
    (sources, problems)
}

/// Tera's escaper: `& < > " '` as entities. Copies the text between special bytes in
/// runs (they are ASCII, so never part of a multi-byte character).
pub(super) fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut copied = 0;
    for (i, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[copied..i]);
        out.push_str(entity);
        copied = i + 1;
    }
    out.push_str(&text[copied..]);
    out
}

impl Theme {
    /// The text of every template (for [`super::param_use`]).
    pub fn sources(&self) -> impl Iterator<Item = &str> {
        self.sources.iter().map(|(_, text)| text.as_str())
    }

    pub fn has(&self, name: &str) -> bool {
        self.sources.iter().any(|(n, _)| n == name)
    }

    /// Where the template `name` came from, as shown in messages: the site's
    /// `templates/name` when it overrides the theme's, else the theme's file.
    pub fn shown(&self, name: &str) -> String {
        if self.overrides.iter().any(|n| n == name) {
            format!("{SITE_TEMPLATES_DIR}/{name}")
        } else {
            format!("{}/{name}", self.dir)
        }
    }

    /// The templates from the theme (`false`) or from the site's own folder (`true`).
    pub fn sources_from_site(&self, site: bool) -> Vec<(String, String)> {
        self.sources
            .iter()
            .filter(|(n, _)| self.overrides.contains(n) == site)
            .cloned()
            .collect()
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.sources.iter().map(|(n, _)| n.as_str())
    }

    /// The template that holds the `name` an error quotes: `template` itself, else the
    /// first one that does (a page fails for a call in the `base.html` it extends).
    fn holding(&self, template: &str, detail: &str) -> String {
        let Some(name) = detail.split('`').nth(1).filter(|n| !n.is_empty()) else {
            return template.to_string();
        };
        let has = |n: &str| self.sources.iter().any(|(t, s)| t == n && s.contains(name));
        if has(template) {
            return template.to_string();
        }
        self.sources
            .iter()
            .find(|(_, s)| s.contains(name))
            .map_or_else(|| template.to_string(), |(t, _)| t.clone())
    }

    /// A Tera error as a diagnostic at the template (and line) it concerns.
    pub fn diagnostic(&self, error: &tera::Error) -> Diagnostic {
        let chain = error_chain(error);
        let template = chain
            .iter()
            .rev()
            .find_map(|m| quoted_template(m, self))
            .unwrap_or_else(|| "page.html".into());
        let detail = chain.last().cloned().unwrap_or_default();
        let template = self.holding(&template, &detail);
        let path = self.shown(&template);
        let source = self
            .sources
            .iter()
            .find(|(n, _)| *n == template)
            .map(|(_, s)| s.as_str())
            .unwrap_or("");
        let (message, at) = describe(&detail, source);
        let help = if chain.iter().any(|m| m.contains("cached_include(")) {
            text!("template-cached-include-help", template = template)
        } else {
            template_help(&detail)
        };
        let mut d = Diagnostic::error(Code::Template, path, message).with_help(help);
        if let Some(at) = at {
            d = d.at(at);
        }
        d
    }
}

fn error_chain(error: &tera::Error) -> Vec<String> {
    let mut chain = vec![error.to_string()];
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        chain.push(cause.to_string());
        source = cause.source();
    }
    chain
}

fn quoted_template(message: &str, theme: &Theme) -> Option<String> {
    message
        .split('\'')
        .skip(1)
        .step_by(2)
        .find(|name| theme.has(name))
        .map(str::to_string)
}

/// A plain message and, when it can be found, the (line, column) of the problem.
fn describe(detail: &str, source: &str) -> (Text, Option<(usize, usize)>) {
    if let Some(pos) = pest_position(detail) {
        let first = detail.lines().next().unwrap_or(detail).trim();
        let expected = detail
            .lines()
            .find(|l| l.contains("expected"))
            .map(|l| l.trim().trim_start_matches("= "))
            .unwrap_or("");
        let detail = format!("{} {}", first.trim_end_matches(':'), expected);
        return (text!("template-syntax", detail = detail.trim()), Some(pos));
    }
    let name = detail.split('`').nth(1);
    let at = name.and_then(|name| {
        let offset = source.find(name)?;
        Some(LineIndex::new(source).locate(source, offset))
    });
    (text!("template", detail = detail.replace('`', "'")), at)
}

/// Pest errors carry ` --> line:col`.
fn pest_position(detail: &str) -> Option<(usize, usize)> {
    let rest = detail.split("--> ").nth(1)?;
    let pos = rest.split_whitespace().next()?;
    let (line, col) = pos.split_once(':')?;
    Some((line.parse().ok()?, col.parse().ok()?))
}

fn template_help(detail: &str) -> Text {
    if detail.contains("not found in context") {
        text!("template-variable-help")
    } else if detail.starts_with("asset_url()") {
        text!("template-asset-help")
    } else if detail.contains("Filter") {
        text!("template-filter-help")
    } else if detail.contains("not found") && detail.contains("emplate") {
        text!("template-name-help")
    } else {
        text!("template-help")
    }
}

/// The theme's templates, loaded (and checked) ahead of rendering, so a build can read
/// them while it reads the content.
pub struct LoadedTheme(pub(super) Result<Theme, Vec<Diagnostic>>);

/// Loads the templates of the theme named in `config`.
pub fn load_site_theme(config: &Config) -> LoadedTheme {
    let _span = crate::timings::span("load theme");
    let display = format!("themes/{}", config.theme);
    let site_templates = config.root.join(SITE_TEMPLATES_DIR);
    let loaded = load_theme(
        &config.fence(),
        &config.theme_dir(),
        &display,
        &site_templates,
    );
    LoadedTheme(loaded.and_then(|mut theme| {
        let env = super::theme_guard::EnvAllowlist::new(&config.security.env);
        let theme_dir = format!("{display}/templates");
        let problems = [
            (theme.sources_from_site(false), theme_dir.as_str()),
            (theme.sources_from_site(true), SITE_TEMPLATES_DIR),
        ]
        .iter()
        .flat_map(|(sources, dir)| super::theme_guard::check_theme(sources, dir, &env))
        .collect::<Vec<_>>();
        if !problems.is_empty() {
            return Err(problems);
        }
        theme.tera.register_function("get_env", env);
        Ok(theme)
    }))
}

#[cfg(test)]
mod tests {
    /// Every special character becomes its entity; everything else, Japanese included,
    /// is copied as it is.
    #[test]
    fn escape_text_escapes_the_five_specials_only() {
        assert_eq!(
            super::escape_text(r#"<a href="x">Tom & 'Jerry'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;"
        );
        assert_eq!(
            super::escape_text("認証アプリ & SMS"),
            "認証アプリ &amp; SMS"
        );
        assert_eq!(super::escape_text("&"), "&amp;");
        assert_eq!(super::escape_text("plain"), "plain");
        assert_eq!(super::escape_text(""), "");
    }
}
