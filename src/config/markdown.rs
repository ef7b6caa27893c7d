//! `[markdown]` in `site.toml`: switches for the Markdown extensions that change what an
//! editor's text means. Both default to on; a site whose pages rely on the plain
//! CommonMark reading turns them off.

use serde::Deserialize;

/// `[markdown]`: Markdown extensions a site may turn off.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct MarkdownOptions {
    /// Remove a line break between two East Asian wide characters (CSS Text 3), so a
    /// Japanese sentence broken over two lines in the file shows no space.
    pub east_asian_line_breaks: bool,
    /// Turn bare `https://…`, `www.…` and e-mail addresses in text into links.
    pub bare_links: bool,
}

impl Default for MarkdownOptions {
    fn default() -> Self {
        MarkdownOptions {
            east_asian_line_breaks: true,
            bare_links: true,
        }
    }
}
