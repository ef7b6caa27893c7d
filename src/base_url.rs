//! `--base-url URL` and `TEBIKI_BASE_URL`: the public address of one build, overriding
//! `base_url` from site.toml (a deploy preview, a staging host, a laptop).
//!
//! Takes the command line's value (or the environment's) and gives a [`Config`] whose
//! `base_url` and `base_path` are replaced. Every URL the build writes (links, canonical,
//! hreflang, sitemap, QR codes) is made from those two fields, so nothing else changes.

use crate::config::{is_base_url, url_path, Config};
use crate::error::{with_help, Error, Result};

/// The environment variable read when `--base-url` is not given.
pub const BASE_URL_ENV: &str = "TEBIKI_BASE_URL";

/// The override to use: the flag, else a non-empty `TEBIKI_BASE_URL`, else none.
pub fn resolve_base_url(flag: Option<String>) -> Option<String> {
    flag.or_else(|| {
        std::env::var(BASE_URL_ENV)
            .ok()
            .filter(|v| !v.trim().is_empty())
    })
}

/// Replaces the configured base URL with `url`; a URL that is not absolute http(s) is a
/// usage error (exit code 2) that names where it came from.
pub fn override_base_url(config: &mut Config, url: &str) -> Result<()> {
    let value = url.trim();
    if !is_base_url(value) {
        let message = crate::text!("bad-base-url-flag", env = BASE_URL_ENV, value = value);
        return Err(Error::Usage(with_help(
            message,
            crate::text!("bad-base-url-flag-help"),
        )));
    }
    let mut value = value.to_string();
    if !value.ends_with('/') {
        value.push('/');
    }
    config.base_path = url_path(&value);
    config.base_url = value;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        let toml = "base_url = \"https://x.example/\"\n[[languages]]\ncode = \"xx\"\nname = \"X\"\ntitle = \"t\"\n";
        crate::config::parse_config(std::path::Path::new("/site"), toml).unwrap()
    }

    #[test]
    fn override_replaces_url_and_path() {
        let mut c = config();
        override_base_url(&mut c, "https://deploy-preview-3.example.net/mfa").unwrap();
        assert_eq!(c.base_url, "https://deploy-preview-3.example.net/mfa/");
        assert_eq!(c.base_path, "/mfa/");
    }

    #[test]
    fn relative_override_is_a_usage_error() {
        let mut c = config();
        let e = override_base_url(&mut c, "/mfa/").unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert!(e.to_string().contains("--base-url"), "{e}");
        assert_eq!(c.base_url, "https://x.example/");
    }
}
