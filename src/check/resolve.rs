//! Resolving a URL found on a page the way a browser would, then looking it up among the
//! files of the site built in memory.

use rustc_hash::{FxHashMap, FxHashSet};

use crate::config::LinkOptions;
use crate::render::OutputFile;
use crate::urls::{decode_path, join_relative};

/// Where an internal URL leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// The output file path it asks for (decoded, no leading `/`), e.g. `ja/faq/`.
    pub path: String,
    pub fragment: Option<String>,
}

/// What a URL on a page is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlKind {
    Internal(Resolved),
    /// `http(s)://` outside the site.
    Web,
    /// `mailto:` and `tel:`.
    Contact,
    /// Other schemes (`javascript:`, `data:`, `ftp:` …): not checked.
    Other,
    /// A path that leaves the site (`../../x`, or outside `base_path`).
    OutsideSite,
    /// A path of the host site (`[links] host_paths`): the full URL to fetch with
    /// `--external`, on `base_url`'s server.
    Host(String),
}

/// Resolves URLs relative to pages of one site.
pub struct Resolver<'a> {
    pub base_url: &'a str,
    pub base_path: &'a str,
    pub links: &'a LinkOptions,
}

impl Resolver<'_> {
    /// Classifies `url` as found on the page whose URL path (below `base_path`) is `page`.
    pub fn classify(&self, url: &str, page: &str) -> UrlKind {
        let url = url.trim();
        if let Some(rest) = url.strip_prefix(self.base_url) {
            return self.internal(&format!("{}{rest}", self.base_path), page);
        }
        if let Some((scheme, _)) = url.split_once(':') {
            if is_scheme(scheme) {
                return match scheme.to_ascii_lowercase().as_str() {
                    "http" | "https" => UrlKind::Web,
                    "mailto" | "tel" => UrlKind::Contact,
                    _ => UrlKind::Other,
                };
            }
        }
        if url.starts_with("//") {
            return UrlKind::Web;
        }
        if url.starts_with('/') && self.links.is_host_path(url) {
            return UrlKind::Host(format!("{}{url}", self.origin()));
        }
        self.internal(url, page)
    }

    /// `https://host` of `base_url` (no path).
    fn origin(&self) -> &str {
        let after_scheme = self.base_url.find("://").map_or(0, |i| i + 3);
        match self.base_url[after_scheme..].find('/') {
            Some(slash) => &self.base_url[..after_scheme + slash],
            None => self.base_url,
        }
    }

    fn internal(&self, url: &str, page: &str) -> UrlKind {
        let (path, fragment) = match url.split_once('#') {
            Some((p, f)) => (p, Some(decode_path(f).unwrap_or_else(|| f.to_string()))),
            None => (url, None),
        };
        let path = path.split_once('?').map_or(path, |(p, _)| p);
        let resolved = if path.is_empty() {
            Some(page.to_string())
        } else if let Some(abs) = path.strip_prefix('/') {
            let base = self.base_path.trim_start_matches('/');
            abs.strip_prefix(base).map(str::to_string)
        } else {
            let dir = page.rsplit_once('/').map_or("", |(d, _)| d);
            join_relative(dir, path).map(|joined| {
                let slash = path.ends_with('/') && !joined.is_empty();
                if slash {
                    format!("{joined}/")
                } else {
                    joined
                }
            })
        };
        match resolved {
            Some(path) => UrlKind::Internal(Resolved {
                path: decode_path(&path).unwrap_or(path),
                fragment: fragment.filter(|f| !f.is_empty()),
            }),
            None => UrlKind::OutsideSite,
        }
    }
}

fn is_scheme(s: &str) -> bool {
    !s.is_empty()
        && s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// The files of the built site by path.
pub struct FileSet<'a> {
    by_path: FxHashMap<&'a str, usize>,
    /// Pages that exist in content/ but failed to load ([`RenderedSite::unloaded`]).
    ///
    /// [`RenderedSite::unloaded`]: crate::render::RenderedSite::unloaded
    unloaded: FxHashSet<&'a str>,
}

impl<'a> FileSet<'a> {
    pub fn new(files: &'a [OutputFile]) -> Self {
        let by_path = files
            .iter()
            .enumerate()
            .map(|(i, f)| (f.path.as_str(), i))
            .collect();
        FileSet {
            by_path,
            unloaded: FxHashSet::default(),
        }
    }

    /// Also knows the output paths of pages that failed to load.
    pub fn with_unloaded(mut self, unloaded: &'a [String]) -> Self {
        self.unloaded = unloaded.iter().map(String::as_str).collect();
        self
    }

    /// Whether `path` (which [`lookup`](Self::lookup) did not find) is the address of a
    /// page that exists but failed to load: its own error is reported, links to it are not.
    pub fn is_unloaded(&self, path: &str) -> bool {
        if self.unloaded.is_empty() {
            // Every page loaded (the usual case): no name to make.
            return false;
        }
        let page = if path.is_empty() || path.ends_with('/') {
            format!("{path}index.html")
        } else if path.ends_with(".html") {
            path.to_string()
        } else {
            format!("{path}/index.html")
        };
        self.unloaded.contains(page.as_str())
    }

    /// The file a request for `path` is answered with: the file itself, or the
    /// `index.html` of the folder (servers redirect `/ja/faq` to `/ja/faq/`).
    pub fn lookup(&self, path: &str) -> Option<usize> {
        if !(path.is_empty() || path.ends_with('/')) {
            if let Some(&file) = self.by_path.get(path) {
                return Some(file);
            }
        }
        let mut index = String::with_capacity(path.len() + 11);
        index.push_str(path);
        if !(path.is_empty() || path.ends_with('/')) {
            index.push('/');
        }
        index.push_str("index.html");
        self.by_path.get(index.as_str()).copied()
    }

    pub fn paths(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.by_path.keys().copied()
    }
}

/// `target` written relative to the folder `dir` (both `/`-separated, below one root).
pub fn relative_to(dir: &str, target: &str) -> String {
    let from: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    let to: Vec<&str> = target.split('/').collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts = vec![".."; from.len() - common];
    parts.extend(&to[common..]);
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    static HOST: std::sync::LazyLock<LinkOptions> = std::sync::LazyLock::new(|| LinkOptions {
        host_paths: vec!["/support/".into()],
    });

    fn resolver() -> Resolver<'static> {
        Resolver {
            base_url: "https://x.example/guide/",
            base_path: "/guide/",
            links: &HOST,
        }
    }

    #[test]
    fn host_paths_are_the_host_sites() {
        assert_eq!(
            resolver().classify("/support/?a#b", "ja/"),
            UrlKind::Host("https://x.example/support/?a#b".into())
        );
        assert_eq!(resolver().classify("/faq/", "ja/"), UrlKind::OutsideSite);
    }

    fn internal(url: &str, page: &str) -> (String, Option<String>) {
        match resolver().classify(url, page) {
            UrlKind::Internal(r) => (r.path, r.fragment),
            other => panic!("{url}: {other:?}"),
        }
    }

    #[test]
    fn resolves_like_a_browser() {
        assert_eq!(internal("../faq/#lost", "ja/enable/").0, "ja/faq/");
        assert_eq!(
            internal("#top", "ja/faq/"),
            ("ja/faq/".into(), Some("top".into()))
        );
        assert_eq!(internal("/guide/en/", "ja/").0, "en/");
        assert_eq!(
            internal("https://x.example/guide/en/faq/", "ja/").0,
            "en/faq/"
        );
        assert_eq!(
            internal("img/qr%20code.png", "ja/faq/").0,
            "ja/faq/img/qr code.png"
        );
        assert_eq!(resolver().classify("/other/", "ja/"), UrlKind::OutsideSite);
        assert_eq!(
            resolver().classify("https://y.example/", "ja/"),
            UrlKind::Web
        );
        assert_eq!(resolver().classify("tel:000", "ja/"), UrlKind::Contact);
        assert_eq!(
            resolver().classify("javascript:void(0)", "ja/"),
            UrlKind::Other
        );
    }

    #[test]
    fn relative_paths() {
        assert_eq!(relative_to("ja", "ja/faq.md"), "faq.md");
        assert_eq!(relative_to("ja/guide", "en/faq.md"), "../../en/faq.md");
    }
}
