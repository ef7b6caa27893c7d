//! Cache-busting asset addresses (issue 20): every stylesheet, script and icon a page
//! loads carries `?v=<checksum>`, the file it names is published, and the version moves
//! when, and only when, the file's content does.

use std::collections::BTreeMap;
use std::path::Path;

use crate::support::{replace_in_file, shipped_site, stderr, tebiki};

/// The versioned addresses in `html` (`/guide/tebiki.css?v=1a2b3c4d`), by path.
fn versioned(html: &str) -> BTreeMap<String, String> {
    let mut found = BTreeMap::new();
    for piece in html.split('"').filter(|p| p.contains("?v=")) {
        let (path, version) = piece.split_once("?v=").unwrap();
        found.insert(path.to_string(), version.to_string());
    }
    found
}

fn build(root: &Path) {
    let out = tebiki(root, &["build", "-q"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn asset_addresses_follow_the_files_content_and_name_published_files() {
    let site = shipped_site();
    replace_in_file(
        &site.path().join("site.toml"),
        "base_url = \"https://mfa.university.example/\"",
        "base_url = \"https://www.university.example/itc/mfa/\"",
    );
    build(site.path());
    let page = site.path().join("public/ja/index.html");
    let before = versioned(&std::fs::read_to_string(&page).unwrap());
    for name in ["tebiki.css", "tebiki.js", "favicon.svg", "search.js"] {
        let path = format!("/itc/mfa/{name}");
        let version = before
            .get(&path)
            .unwrap_or_else(|| panic!("no versioned {path} in {before:?}"));
        assert_eq!(version.len(), 8, "{version}");
        assert!(
            site.path().join("public").join(name).is_file(),
            "{name} is published where the page looks for it"
        );
    }

    // Only the changed file gets a new address.
    let css = site.path().join("themes/default/static/tebiki.css");
    let mut text = std::fs::read_to_string(&css).unwrap();
    text.push_str("\n.university-note { font-weight: bold; }\n");
    std::fs::write(&css, text).unwrap();
    build(site.path());
    let after = versioned(&std::fs::read_to_string(&page).unwrap());
    assert_ne!(
        after["/itc/mfa/tebiki.css"], before["/itc/mfa/tebiki.css"],
        "a changed stylesheet gets a new address"
    );
    assert_eq!(after["/itc/mfa/tebiki.js"], before["/itc/mfa/tebiki.js"]);

    // A site's own static/ file replacing the theme's is the one versioned.
    std::fs::create_dir_all(site.path().join("static")).unwrap();
    std::fs::write(site.path().join("static/favicon.svg"), "<svg/>").unwrap();
    build(site.path());
    let own = versioned(&std::fs::read_to_string(&page).unwrap());
    assert_ne!(own["/itc/mfa/favicon.svg"], after["/itc/mfa/favicon.svg"]);
}

/// A template asking for a file that is neither the theme's nor the site's static file
/// fails the build at the template, naming the file.
#[test]
fn an_unknown_asset_is_an_error_naming_it() {
    let site = shipped_site();
    replace_in_file(
        &site.path().join("themes/default/templates/base.html"),
        "asset_url(path=\"tebiki.js\")",
        "asset_url(path=\"tebiki.min.js\")",
    );
    let base =
        std::fs::read_to_string(site.path().join("themes/default/templates/base.html")).unwrap();
    let line = 1 + base[..base.find("asset_url(path=\"tebiki.min.js").unwrap()]
        .matches('\n')
        .count();
    let out = tebiki(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("themes/default/templates/base.html:{line}:"))
            && err.contains("error[template]"),
        "{err}"
    );
    assert!(err.contains("help: put the file in static/"), "{err}");
    assert!(
        err.contains("'tebiki.min.js' is not a static file"),
        "{err}"
    );
}
