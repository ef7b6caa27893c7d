//! `[links]` in site.toml: how links to the site that hosts the guide are treated.
//!
//! One rule for Markdown and raw HTML alike: a path that starts with `/` is a path on
//! the web server and reaches the page as written. Below the site's base path it is
//! checked against the built site; under one of `host_paths` it belongs to the host
//! site (outside the guide) and only `tebiki check --external` fetches it; anywhere
//! else it is an error.

use serde::Deserialize;

use crate::diagnostics::Text;
use crate::text;

/// The `[links]` table.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LinkOptions {
    /// Paths of the host site outside the guide, e.g. `["/support/", "/en/support/"]`:
    /// links under them are left as written and checked only with `--external`.
    pub host_paths: Vec<String>,
}

impl LinkOptions {
    /// Whether the site-absolute `path` (query and fragment allowed) is under a host path.
    pub fn is_host_path(&self, path: &str) -> bool {
        let path = path.split(['?', '#']).next().unwrap_or(path);
        self.host_paths.iter().any(|host| {
            let host = host.trim_end_matches('/');
            !host.is_empty()
                && path.starts_with(host)
                && matches!(path[host.len()..].chars().next(), None | Some('/'))
        })
    }

    /// Problems with the values: (message, help), for site.toml diagnostics.
    pub fn problems(&self) -> Vec<(Text, Text)> {
        self.host_paths
            .iter()
            .filter(|p| {
                !p.starts_with('/') || p.starts_with("//") || p.trim_matches('/').is_empty()
            })
            .map(|p| {
                (
                    text!("bad-host-path", path = p),
                    text!("bad-host-path-help"),
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_paths_match_whole_segments() {
        let links = LinkOptions {
            host_paths: vec!["/support/".into(), "/en/help".into()],
        };
        assert!(links.is_host_path("/support/"));
        assert!(links.is_host_path("/support"));
        assert!(links.is_host_path("/support/faq.html#x"));
        assert!(links.is_host_path("/en/help?q=1"));
        assert!(!links.is_host_path("/supporters/"));
        assert!(!links.is_host_path("/mfa/support/"));
        let bad = LinkOptions {
            host_paths: vec!["support/".into(), "/".into(), "//x".into()],
        };
        assert_eq!(bad.problems().len(), 3);
    }
}
