//! The shipped MFA guide: the pages, methods and FAQ entries it promises exist in every
//! language, site.toml rebrands it, and `tebiki init` reproduces it from the binary alone.

use crate::support::*;

const PAGES: [&str; 9] = [
    "",
    "setup/",
    "setup/first-method/",
    "setup/second-method/",
    "setup/enable/",
    "faq/",
    "new-phone/",
    "new-phone/add-account/",
    "new-phone/make-default/",
];
const METHODS: [&str; 5] = [
    "method-authenticator",
    "method-authenticator-pc",
    "method-other-app",
    "method-phone",
    "method-hardware-token",
];
const FAQS: [&str; 12] = [
    "cannot-pair",
    "new-phone",
    "lost-phone",
    "abroad",
    "unexpected-approval",
    "no-sms",
    "cannot-use-app",
    "locked-out",
    "app-password-email",
    "cannot-disable",
    "change-default",
    "campus-network",
];

fn page(site: &std::path::Path, lang: &str, path: &str) -> String {
    std::fs::read_to_string(site.join("public").join(lang).join(path).join("index.html")).unwrap()
}

fn build_clean(root: &std::path::Path) {
    let out = tebiki(root, &["build"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(!err.contains("warning"), "{err}");
}

#[test]
fn every_language_has_the_pages_methods_and_faq_entries() {
    let site = shipped_site();
    build_clean(site.path());
    for lang in ["ja", "en"] {
        for path in PAGES {
            let html = page(site.path(), lang, path);
            assert_eq!(
                main_of(&html).matches("<h1").count(),
                1,
                "{lang}/{path} has one h1"
            );
        }
        let first = page(site.path(), lang, "setup/first-method/");
        for id in METHODS {
            assert!(
                first.contains(&format!("<details class=\"method\" id=\"{id}\"")),
                "{lang}: method {id}"
            );
        }
        let faq = page(site.path(), lang, "faq/");
        for id in FAQS {
            assert!(
                faq.contains(&format!("<details class=\"faq\" id=\"{id}\"")),
                "{lang}: FAQ {id}"
            );
        }
        for path in [
            "setup/first-method/",
            "setup/second-method/",
            "setup/enable/",
            "new-phone/add-account/",
            "new-phone/make-default/",
            "new-phone/remove-old/",
        ] {
            assert!(
                page(site.path(), lang, path).contains("class=\"device device-"),
                "{lang}/{path} marks devices"
            );
        }
    }
}

#[test]
fn the_same_steps_in_both_languages() {
    let site = shipped_site();
    build_clean(site.path());
    for path in PAGES {
        let ids = |lang| -> Vec<String> {
            let html = page(site.path(), lang, path);
            html.split("<li class=\"step\" id=\"")
                .skip(1)
                .map(|s| s.split('"').next().unwrap().to_string())
                .collect()
        };
        assert_eq!(ids("ja"), ids("en"), "step ids of {path}");
    }
}

#[test]
fn site_toml_rebrands_every_page_and_can_drop_hardware_tokens() {
    let site = shipped_site();
    let toml_path = site.path().join("site.toml");
    let toml = std::fs::read_to_string(&toml_path).unwrap();
    let toml = toml
        .replace(
            "university = \"Example University\"",
            "university = \"Sakura Institute\"",
        )
        .replace(
            "university = \"エグザンプル大学\"",
            "university = \"さくら工科大学\"",
        )
        .replace("hardware_token = true", "hardware_token = false");
    std::fs::write(&toml_path, toml).unwrap();
    build_clean(site.path());
    for (lang, name) in [("ja", "さくら工科大学"), ("en", "Sakura Institute")] {
        for path in PAGES {
            let html = page(site.path(), lang, path);
            assert!(html.contains(name), "{lang}/{path} names the university");
            assert!(
                !html.contains("Example University") && !html.contains("エグザンプル大学"),
                "{lang}/{path}"
            );
        }
        let first = page(site.path(), lang, "setup/first-method/");
        assert!(
            !first.contains("id=\"method-hardware-token\""),
            "{lang}: token method hidden"
        );
    }
}

#[test]
fn init_writes_a_site_that_builds_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("guide");
    let out = tebiki(dir.path(), &["init", "guide"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    build_clean(&target);
    assert!(target.join("public/ja/faq/index.html").is_file());
    let ignored = std::fs::read_to_string(target.join(".gitignore")).unwrap();
    assert!(ignored.lines().any(|l| l == "/public/"), "{ignored}");
    assert!(ignored.lines().any(|l| l == "/.tebiki/"), "{ignored}");
    let again = tebiki(dir.path(), &["init", "guide"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("is not empty"),
        "{}",
        stderr(&again)
    );
    assert!(target.join("site.toml").is_file(), "nothing was removed");
}

/// The shipped site is a guide site: two guides with their own steps, the FAQ both link
/// to, and the old addresses of the setup guide's steps still leading to them.
#[test]
fn two_guides_share_the_faq_and_old_addresses_still_work() {
    let site = shipped_site();
    build_clean(site.path());
    for lang in ["ja", "en"] {
        for (guide, steps) in [
            ("setup/", ["first-method", "second-method", "enable"]),
            ("new-phone/", ["add-account", "make-default", "remove-old"]),
        ] {
            let index = page(site.path(), lang, guide);
            for step in steps {
                assert!(
                    index.contains(&format!("data-check-key=\"{guide}{step}\"")),
                    "{lang}/{guide}: checklist lists {step}"
                );
            }
            let other = if guide == "setup/" {
                "new-phone/"
            } else {
                "setup/"
            };
            assert!(
                !index.contains(&format!("data-check-key=\"{other}")),
                "{lang}/{guide}: no step of the other guide"
            );
            let faq_links = format!("href=\"/{lang}/faq/#");
            let body = page(site.path(), lang, &format!("{guide}{}/", steps[0]));
            assert!(
                body.contains(&faq_links) || index.contains(&faq_links),
                "{lang}/{guide} links to the FAQ"
            );
        }
        for old in ["first-method", "second-method", "enable"] {
            let alias = page(site.path(), lang, &format!("{old}/"));
            assert!(
                alias.contains(&format!("/{lang}/setup/{old}/"))
                    && alias.contains("http-equiv=\"refresh\""),
                "{lang}/{old}/ redirects to the setup guide"
            );
        }
    }
}
