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

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::config::parse_config;
    use crate::error::Error;

    const SITE: &str = "base_url = \"https://guide.example.org/\"\n[[languages]]\ncode = \"ja\"\nname = \"日本語\"\ntitle = \"ガイド\"\n";

    #[test]
    fn both_switches_default_to_on_and_can_be_turned_off() {
        let config = parse_config(Path::new("/site"), SITE).unwrap();
        assert!(config.markdown.east_asian_line_breaks && config.markdown.bare_links);
        let off = format!("{SITE}[markdown]\neast_asian_line_breaks = false\nbare_links = false\n");
        let config = parse_config(Path::new("/site"), &off).unwrap();
        assert!(!config.markdown.east_asian_line_breaks && !config.markdown.bare_links);
    }

    #[test]
    fn a_misspelt_switch_is_an_error_at_its_line() {
        let text = format!("{SITE}[markdown]\nbare_link = false\n");
        let Err(Error::Config(problems)) = parse_config(Path::new("/site"), &text) else {
            panic!("a misspelt key must be an error");
        };
        assert_eq!(problems[0].code, "unknown-key");
        assert_eq!(problems[0].line, 7);
    }
}
