//! Traversal and malformed request targets, shared by the safety and load tests.

#![allow(dead_code)]

/// Request targets that must never reach a file outside the built site. Shared with the
/// load test, which sends them while the site is rebuilding.
pub const PROBES: &[&str] = &[
    "/../site.toml",
    "/../../../../etc/passwd",
    "/en/../../site.toml",
    "/%2e%2e/site.toml",
    "/%2E%2E/%2E%2E/etc/passwd",
    "/.%2e/site.toml",
    "/%2e./site.toml",
    "/en/%2e%2e/%2e%2e/site.toml",
    "/..%2fsite.toml",
    "/..%2Fsite.toml",
    "/%2f%2e%2e%2fsite.toml",
    "/..%5csite.toml",
    "/..%5Csite.toml",
    "/en\\..\\..\\site.toml",
    "/..\\site.toml",
    "/%c0%ae%c0%ae/site.toml",
    "/%c0%ae%c0%ae%c0%af%c0%ae%c0%ae%c0%afsite.toml",
    "/%e0%80%ae%e0%80%ae/site.toml",
    "/%c1%9c/site.toml",
    "/%ae%ae/site.toml",
    "/%00",
    "/en/index.html%00.css",
    "/site.toml%00",
    "/%",
    "/%2",
    "/%zz/site.toml",
    "/%%32%65%%32%65/site.toml",
    "/%252e%252e/site.toml",
    "/site.toml",
    "/content/en/guide.md",
    "/themes/default/templates/base.html",
    "/i18n/en.ftl",
    "/public/index.html",
    "/.tebiki-output",
    "/etc/passwd",
    "//etc/passwd",
    "///etc//passwd",
    "/C:/Windows/win.ini",
    "/c:%5cwindows%5cwin.ini",
    "/file:///etc/passwd",
    "http://127.0.0.1/../site.toml",
    "http://evil.example/etc/passwd",
    "*",
    "etc/passwd",
    "../site.toml",
    "/./site.toml",
    "/en/./../site.toml",
    "/en/guide/../../../site.toml",
    "/en/guide/%2e%2e%2f%2e%2e%2fsite.toml",
    "/__tebiki/../site.toml",
    "/__tebiki/%2e%2e/site.toml",
    "/secret-link",
    "/secret-link/",
];

/// A very long path, built once.
pub fn long_probe() -> String {
    format!("/{}", "a/".repeat(4000))
}

/// Marks that only the site's sources or system files contain, never a built page.
pub fn leaked(body: &str) -> bool {
    body.contains("base_url")
        || body.contains("root:x:")
        || body.contains("TOP SECRET")
        || body.contains("{% block")
}
