//! URLs as browsers and crawlers read them (issue 29): character references, percent-
//! encoding of Japanese paths, and NFD text from macOS.

use crate::support::{fixture_site, stderr, tebiki};

fn write(root: &std::path::Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn apostrophes_and_character_references_in_links_check_clean() {
    let site = fixture_site("base");
    let root = site.path();
    for lang in ["en", "ja"] {
        write(
            root,
            &format!("content/{lang}/tom's.md"),
            "---\ntitle: Tom's page\n---\n\n## Notes {#notes}\n",
        );
        write(
            root,
            &format!("content/{lang}/links.md"),
            &format!(
                "---\ntitle: Links\n---\n\n[Tom](tom's.md#notes) and \
                 <a href=\"/{lang}/tom&#39;s/\">raw</a>, <a href=\"/{lang}/tom&#x27;s/#notes\">hex</a>, \
                 <a href=\"/{lang}/tom&apos;s/\">named</a>, <a href=\"/{lang}/guide/?a=1&amp;b=2\">amp</a>.\n"
            ),
        );
    }
    let out = tebiki(root, &["check"]);
    let err = stderr(&out);
    assert!(!err.contains("broken-link"), "{err}");
    assert!(!err.contains("broken-anchor"), "{err}");
    assert!(!err.contains("404.html"), "{err}");
}

#[test]
fn a_japanese_folder_is_percent_encoded_in_the_sitemap_and_hreflang() {
    let site = fixture_site("base");
    let root = site.path();
    for lang in ["en", "ja"] {
        write(
            root,
            &format!("content/{lang}/手順/index.md"),
            "---\ntitle: 手順\n---\n\n本文\n",
        );
    }
    let out = tebiki(root, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let encoded = "/ja/%E6%89%8B%E9%A0%86/";
    let sitemap = std::fs::read_to_string(root.join("public/sitemap.xml")).unwrap();
    assert!(
        sitemap.contains(&format!(
            "<loc>https://guide.university.example{encoded}</loc>"
        )),
        "{sitemap}"
    );
    assert!(!sitemap.contains("手順"), "{sitemap}");
    let page = std::fs::read_to_string(root.join("public/ja/手順/index.html")).unwrap();
    let hreflang = page
        .lines()
        .find(|l| l.contains("hreflang=\"en\""))
        .expect("an hreflang link");
    assert!(hreflang.contains("/en/%E6%89%8B%E9%A0%86/"), "{hreflang}");
    assert!(
        !page.contains("rel=\"canonical\" href=\"https://guide.university.example/ja/手順"),
        "canonical not encoded"
    );

    // The dev server answers the encoded URL, and refuses a sign in an escape.
    let server = crate::serve::wire::Server::start(crate::serve::tebiki_binary(), root, &[]);
    assert_eq!(server.get(encoded).status, 200);
    let reply = server.get("/ja/%+1/");
    assert!([400, 404].contains(&reply.status), "{}", reply.status);
}

#[test]
fn nfd_headings_and_file_names_link_cleanly_from_nfc_text() {
    let site = fixture_site("base");
    let root = site.path();
    let nfd = "\u{30AB}\u{3099}\u{30A4}\u{30C8}\u{3099}"; // ガイド, decomposed
    let nfc = "ガイド";
    for lang in ["en", "ja"] {
        // An NFD file name and heading, linked in NFC; an NFC page linked in NFD.
        write(
            root,
            &format!("content/{lang}/{nfd}.md"),
            &format!("---\ntitle: T\n---\n\n## {nfd}\n"),
        );
        write(
            root,
            &format!("content/{lang}/{nfc}2.md"),
            &format!("---\ntitle: T\n---\n\n## {nfc}\n"),
        );
        write(
            root,
            &format!("content/{lang}/from.md"),
            &format!("---\ntitle: From\n---\n\n[a]({nfc}.md#{nfc}) [b]({nfd}2.md#{nfd})\n"),
        );
    }
    let out = tebiki(root, &["check"]);
    let err = stderr(&out);
    assert!(!err.contains("broken-"), "{err}");
    let built = tebiki(root, &["build"]);
    assert!(built.status.success(), "{}", stderr(&built));
    let page = std::fs::read_to_string(root.join(format!("public/ja/{nfc}/index.html"))).unwrap();
    assert!(
        page.contains(&format!("id=\"{nfc}\"")),
        "the id is composed"
    );
}
