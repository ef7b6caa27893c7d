//! The files beside the pages: the root language chooser, `404.html`, `sitemap.xml`,
//! `robots.txt`, the theme's `static/` files and the content's images and downloads.

use crate::diagnostics::Code;
use std::fmt::Write as _;

use super::templates::Theme;
use super::{permalink, site_context, OutputFile, Slot};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::load::Site;
use crate::markdown::escape_html;

pub struct Extras<'a> {
    pub config: &'a Config,
    pub site: &'a Site,
    pub theme: &'a Theme,
    pub tera: &'a [tera::Tera],
    /// Every output page, in output order (the sitemap lists them).
    pub slots: &'a [Slot],
    /// The theme's `static/` files, from [`theme_static_files`].
    pub static_files: &'a [StaticFile],
}

/// A file of the theme's `static/` folder and its output path (the same path below it).
pub struct StaticFile {
    pub path: String,
    /// Where to read it, through the site's fence ([`crate::contain`]).
    pub source: std::path::PathBuf,
    /// The file as shown in messages, e.g. `themes/default/static/tebiki.css`.
    pub shown: String,
}

/// The files of the theme's `static/` folder, listed (through the fence, so links that
/// leave the site are reported here) before rendering, so the output plan knows their
/// paths.
pub fn theme_static_files(config: &Config) -> (Vec<StaticFile>, Vec<Diagnostic>) {
    let dir = config.theme_dir().join("static");
    if !dir.is_dir() {
        return (Vec::new(), Vec::new());
    }
    let (files, problems) = config.fence().walk(&dir);
    let files = files
        .into_iter()
        .map(|f| StaticFile {
            path: f.rel_path,
            source: f.path,
            shown: f.shown,
        })
        .collect();
    (files, problems)
}

impl Extras<'_> {
    pub fn files(&self) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
        let mut files = Vec::new();
        let mut problems = Vec::new();
        for (template, output) in [("chooser.html", "index.html"), ("404.html", "404.html")] {
            if self.theme.has(template) {
                match self.special_page(template) {
                    Ok(html) => files.push(OutputFile {
                        path: output.into(),
                        bytes: html.into(),
                    }),
                    Err(d) => problems.push(d),
                }
            }
        }
        files.push(OutputFile {
            path: "sitemap.xml".into(),
            bytes: self.sitemap().into(),
        });
        // Crawlers read robots.txt only at the host root: below a base path it would be
        // ignored, and the host's own robots.txt is the owner's to write.
        if self.config.base_path == "/" {
            files.push(OutputFile {
                path: "robots.txt".into(),
                bytes: self.robots().into(),
            });
        }
        self.copy_static(&mut files, &mut problems);
        self.copy_assets(&mut files, &mut problems);
        if problems.is_empty() {
            Ok(files)
        } else {
            Err(problems)
        }
    }

    /// A page outside any language (chooser, 404), rendered with the default language.
    fn special_page(&self, template: &str) -> Result<String, Diagnostic> {
        let lang = self.config.default_language;
        let mut context = tera::Context::new();
        context.insert("site", &site_context(self.config, lang, &[], &[]));
        self.tera[lang]
            .render(template, &context)
            .map_err(|e| self.theme.diagnostic(&e))
    }

    /// Every translated page with its hreflang alternates (fallback pages are left out:
    /// their content is not in the language they are filed under).
    fn sitemap(&self) -> String {
        let config = self.config;
        // Each listed page's escaped address, made once: it is also every other
        // language's alternate.
        let entries: Vec<(&Slot, &str, String)> = self
            .slots
            .iter()
            .filter(|slot| !slot.fallback)
            .map(|slot| {
                let rel_path = self.site.pages[slot.source].rel_path.as_str();
                let url = permalink(config, slot.lang, rel_path);
                (slot, rel_path, escape_html(&url))
            })
            .collect();
        let mut by_path: std::collections::HashMap<&str, Vec<usize>> =
            std::collections::HashMap::with_capacity(entries.len());
        for (i, (_, rel_path, _)) in entries.iter().enumerate() {
            by_path.entry(rel_path).or_default().push(i);
        }
        let mut xml = String::with_capacity(entries.len() * 400);
        xml.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n");
        for (slot, rel_path, loc) in &entries {
            let _ = writeln!(xml, "<url><loc>{loc}</loc>");
            if let Some((date, _, _)) = self.site.pages[slot.source].front.newest_date() {
                let _ = writeln!(xml, "  <lastmod>{date}</lastmod>");
            }
            let alternates = &by_path[rel_path];
            if alternates.len() > 1 {
                for &alt in alternates {
                    let (slot, _, href) = &entries[alt];
                    let code = &config.languages[slot.lang].code;
                    let _ = writeln!(
                        xml,
                        "  <xhtml:link rel=\"alternate\" hreflang=\"{code}\" href=\"{href}\"/>"
                    );
                }
                let default = alternates
                    .iter()
                    .find(|&&a| entries[a].0.lang == config.default_language)
                    .unwrap_or(&alternates[0]);
                let _ = writeln!(
                    xml,
                    "  <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>",
                    entries[*default].2
                );
            }
            xml.push_str("</url>\n");
        }
        xml.push_str("</urlset>\n");
        xml
    }

    fn robots(&self) -> String {
        format!(
            "User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n",
            self.config.base_url
        )
    }

    fn copy_static(&self, files: &mut Vec<OutputFile>, problems: &mut Vec<Diagnostic>) {
        let fence = self.config.fence();
        let theme_dir = self.config.theme_dir();
        for file in self.static_files {
            match fence.read_listed(&file.source) {
                Ok(bytes) => files.push(OutputFile {
                    path: file.path.clone(),
                    bytes: match String::from_utf8(bytes) {
                        // The theme's stylesheets lose their comments and indentation.
                        Ok(css)
                            if file.path.ends_with(".css")
                                && file.source.starts_with(&theme_dir) =>
                        {
                            super::css_min::minify_css(&css).into_bytes()
                        }
                        Ok(text) => text.into_bytes(),
                        Err(e) => e.into_bytes(),
                    }
                    .into(),
                }),
                Err(refusal) => {
                    problems.push(refusal.into_diagnostic(Code::Unreadable, &file.shown, "file"))
                }
            }
        }
    }

    fn copy_assets(&self, files: &mut Vec<OutputFile>, problems: &mut Vec<Diagnostic>) {
        let fence = self.config.fence();
        for asset in &self.site.assets {
            let code = &self.config.languages[asset.lang].code;
            match fence.read_listed(&asset.source) {
                Ok(bytes) => files.push(OutputFile {
                    path: format!("{code}/{}", asset.rel_path),
                    bytes: bytes.into(),
                }),
                Err(refusal) => {
                    problems.push(refusal.into_diagnostic(Code::Unreadable, &asset.shown, "file"))
                }
            }
        }
    }
}
