//! `tebiki build` over the shipped guide: it builds cleanly and produces every page.

use crate::support::*;

#[test]
fn shipped_site_builds_cleanly() {
    let site = shipped_site();
    let out = tebiki(site.path(), &["build"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        !err.contains("warning"),
        "the shipped guide must build without warnings:\n{err}"
    );
    for lang in ["ja", "en"] {
        for page in ["", "first-method/", "second-method/", "enable/", "faq/"] {
            let path = site
                .path()
                .join("public")
                .join(lang)
                .join(page)
                .join("index.html");
            assert!(path.is_file(), "missing {}", path.display());
        }
    }
    for file in ["index.html", "404.html", "sitemap.xml", "robots.txt"] {
        assert!(
            site.path().join("public").join(file).is_file(),
            "missing {file}"
        );
    }
    assert!(
        err.contains("built 10 pages (5 ja, 5 en)"),
        "summary line: {err}"
    );
}
