//! Publishing (issue 20): `--base-url` previews, the site's `static/` folder, template
//! overrides, and what a build leaves behind.

use std::path::Path;

use crate::support::{replace_in_file, shipped_site, snapshot, stderr, tebiki};

const SITE_URL: &str = "https://mfa.university.example/guide/";
const PREVIEW_URL: &str = "https://preview.example.net/pr-7/";

/// The shipped guide with a base path, so the path part of every link is visible too.
fn site_below_a_path() -> tempfile::TempDir {
    let site = shipped_site();
    replace_in_file(
        &site.path().join("site.toml"),
        "base_url = \"https://mfa.university.example/\"",
        &format!("base_url = \"{SITE_URL}\""),
    );
    site
}

fn build(root: &Path, args: &[&str]) {
    let mut all = vec!["build", "-q"];
    all.extend_from_slice(args);
    let out = tebiki(root, &all);
    assert!(out.status.success(), "{}", stderr(&out));
}

/// Each QR code's SVG, cut out of `html` and replaced by a placeholder.
fn cut_qr_codes(html: &str) -> (String, Vec<String>) {
    let mut rest = html;
    let mut text = String::new();
    let mut codes = Vec::new();
    while let Some(start) = rest.find("<svg class=\"qr\"") {
        let end = start + rest[start..].find("</svg>").expect("closed svg") + "</svg>".len();
        text.push_str(&rest[..start]);
        text.push_str("<!-- qr -->");
        codes.push(rest[start..end].to_string());
        rest = &rest[end..];
    }
    text.push_str(rest);
    (text, codes)
}

/// The page's canonical URL, which its hand-off QR code encodes.
fn canonical(html: &str) -> &str {
    let at = html
        .find("<link rel=\"canonical\" href=\"")
        .expect("page has a canonical link")
        + "<link rel=\"canonical\" href=\"".len();
    &html[at..at + html[at..].find('"').unwrap()]
}

#[test]
fn base_url_rewrites_every_url_kind_and_nothing_else() {
    let site = site_below_a_path();
    build(site.path(), &["-o", "plain"]);
    build(site.path(), &["-o", "preview", "--base-url", PREVIEW_URL]);
    let plain = snapshot(&site.path().join("plain"));
    let preview = snapshot(&site.path().join("preview"));
    let names =
        |s: &[(std::path::PathBuf, Vec<u8>)]| s.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
    assert_eq!(names(&plain), names(&preview), "same files in both builds");
    let mut qr_codes = 0;
    for ((name, old), (_, new)) in plain.iter().zip(&preview) {
        let (Ok(old), Ok(new)) = (std::str::from_utf8(old), std::str::from_utf8(new)) else {
            assert_eq!(old, new, "{} differs", name.display());
            continue;
        };
        let (old, _) = cut_qr_codes(old);
        let (new, codes) = cut_qr_codes(new);
        let expected = old
            .replace(SITE_URL, PREVIEW_URL)
            .replace("/guide/", "/pr-7/");
        assert_eq!(
            expected,
            new,
            "{} differs beyond the base URL",
            name.display()
        );
        for code in codes {
            let wanted = tebiki::render::qr_svg(canonical(&new)).unwrap();
            assert!(canonical(&new).starts_with(PREVIEW_URL));
            assert_eq!(
                code,
                wanted,
                "{}: QR code of the preview URL",
                name.display()
            );
            qr_codes += 1;
        }
    }
    assert!(qr_codes > 0, "the guide has hand-off QR codes");
    let sitemap = std::fs::read_to_string(site.path().join("preview/sitemap.xml")).unwrap();
    assert!(
        sitemap.contains(&format!("<loc>{PREVIEW_URL}")),
        "{sitemap}"
    );
    assert!(!sitemap.contains("mfa.university.example"), "{sitemap}");
}

#[test]
fn base_url_comes_from_the_environment_and_is_checked() {
    let site = site_below_a_path();
    build(site.path(), &["-o", "flag", "--base-url", PREVIEW_URL]);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tebiki"))
        .env("TEBIKI_MESSAGES", "en")
        .args(["build", "-q", "-o", "env"])
        .current_dir(site.path())
        .env("TEBIKI_BASE_URL", PREVIEW_URL)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        snapshot(&site.path().join("flag")),
        snapshot(&site.path().join("env"))
    );

    let out = tebiki(site.path(), &["check", "--base-url", "preview.example.net"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(
            "--base-url (or TEBIKI_BASE_URL) 'preview.example.net' is not an absolute http(s) URL"
        ),
        "{}",
        stderr(&out)
    );
    let out = tebiki(site.path(), &["check", "--base-url", PREVIEW_URL]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn site_static_files_are_published_verbatim_with_dotfiles_over_the_theme() {
    let site = shipped_site();
    let st = site.path().join("static");
    std::fs::create_dir_all(st.join(".well-known")).unwrap();
    std::fs::create_dir_all(st.join(".git")).unwrap();
    std::fs::write(st.join("CNAME"), "mfa.university.example\n").unwrap();
    std::fs::write(st.join(".nojekyll"), "").unwrap();
    std::fs::write(st.join(".htaccess"), "ErrorDocument 404 /404.html\n").unwrap();
    std::fs::write(st.join(".well-known/security.txt"), "Contact: x\n").unwrap();
    std::fs::write(st.join(".git/HEAD"), "ref: x\n").unwrap();
    std::fs::write(st.join("favicon.svg"), "<svg>ours</svg>").unwrap();
    build(site.path(), &[]);
    let public = site.path().join("public");
    let read = |p: &str| std::fs::read_to_string(public.join(p)).unwrap();
    assert_eq!(read("CNAME"), "mfa.university.example\n");
    assert_eq!(read(".nojekyll"), "");
    assert_eq!(read(".htaccess"), "ErrorDocument 404 /404.html\n");
    assert_eq!(read(".well-known/security.txt"), "Contact: x\n");
    assert_eq!(
        read("favicon.svg"),
        "<svg>ours</svg>",
        "the site's file wins"
    );
    assert!(
        !public.join(".git").exists(),
        "version control is never published"
    );
    assert!(
        public.join("tebiki.css").is_file(),
        "the theme's other files stay"
    );
}

#[test]
fn a_static_file_colliding_with_a_page_is_an_error_at_both_files() {
    let site = shipped_site();
    let dir = site.path().join("static/en/faq");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), "<p>old faq</p>").unwrap();
    let out = tebiki(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("content/en/faq.md: error[duplicate-output]: this file and static/en/faq/index.html would both be written to en/faq/index.html"),
        "{err}"
    );
    assert!(
        err.contains("static/en/faq/index.html: error[duplicate-output]: this file and content/en/faq.md would both be written to en/faq/index.html"),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn a_static_link_out_of_the_site_is_refused() {
    let site = shipped_site();
    std::fs::create_dir_all(site.path().join("static")).unwrap();
    std::os::unix::fs::symlink("/etc/hostname", site.path().join("static/.hostname")).unwrap();
    let out = tebiki(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("static/.hostname: error[outside-site]"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_site_template_replaces_the_themes_file_by_file() {
    let site = shipped_site();
    let theme_footer = site
        .path()
        .join("themes/default/templates/partials/footer.html");
    let own = site.path().join("templates/partials/footer.html");
    std::fs::create_dir_all(own.parent().unwrap()).unwrap();
    let text = std::fs::read_to_string(&theme_footer).unwrap();
    std::fs::write(
        &own,
        text.replace("</footer>", "<p class=\"ours\">ITC</p></footer>"),
    )
    .unwrap();
    build(site.path(), &[]);
    let page = std::fs::read_to_string(site.path().join("public/en/faq/index.html")).unwrap();
    assert!(
        page.contains("<p class=\"ours\">ITC</p></footer>"),
        "the site's footer"
    );
    assert!(
        page.contains("class=\"site-header"),
        "the theme's other templates stay"
    );
    assert_eq!(
        std::fs::read_to_string(&theme_footer).unwrap(),
        text,
        "theme untouched"
    );

    std::fs::write(&own, "{{ nope }}").unwrap();
    let out = tebiki(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("templates/partials/footer.html:1:4: error[template]"),
        "an error in an override names the site's file: {}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains("themes/default/templates/partials/footer.html"));
}

/// The shipped guide with `theme = "default"` replaced by a `[theme]` table.
fn branded_site(table: &str) -> tempfile::TempDir {
    let site = shipped_site();
    let toml = site.path().join("site.toml");
    replace_in_file(&toml, "theme = \"default\"\n", "");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, format!("{text}\n[theme]\n{table}")).unwrap();
    site
}

#[test]
fn a_pale_accent_colour_is_an_error_with_its_ratio_and_a_passing_shade() {
    let site = branded_site("name = \"default\"\naccent_color = \"#6aa9ff\"\n");
    let lines = std::fs::read_to_string(site.path().join("site.toml")).unwrap();
    let line = lines
        .lines()
        .position(|l| l.starts_with("accent_color"))
        .unwrap()
        + 1;
    let out = tebiki(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "site.toml:{line}:16: error[low-contrast]: accent_color '#6aa9ff' has a contrast of 2.05:1 against the theme's light background"
        )),
        "{err}"
    );
    assert!(
        err.contains("help: the nearest passing shade is accent_color = \"#446ca3\""),
        "{err}"
    );
    assert!(!site.path().join("public").exists(), "nothing was written");

    // The suggested shade passes.
    replace_in_file(&site.path().join("site.toml"), "#6aa9ff", "#446ca3");
    build(site.path(), &[]);
}

#[test]
fn a_passing_accent_colour_and_logo_reach_both_schemes() {
    let site = branded_site("logo = \"static/logo.svg\"\naccent_color = \"#8a1538\"\n");
    std::fs::create_dir_all(site.path().join("static")).unwrap();
    std::fs::write(site.path().join("static/logo.svg"), "<svg/>").unwrap();
    build(site.path(), &[]);
    let page = std::fs::read_to_string(site.path().join("public/ja/index.html")).unwrap();
    assert!(page.contains(":root{--accent:#8a1538;"), "light scheme");
    let dark = page
        .split("prefers-color-scheme: dark")
        .nth(1)
        .expect("dark scheme rule");
    let dark_accent = &dark[dark.find("--accent:").unwrap() + 9..][..7];
    assert_ne!(
        dark_accent, "#8a1538",
        "a dark red is unreadable on the dark background"
    );
    assert!(
        page.contains("<img class=\"site-logo\" src=\"/logo.svg?v="),
        "the logo's address carries its version"
    );
    assert_eq!(
        std::fs::read_to_string(site.path().join("public/logo.svg")).unwrap(),
        "<svg/>"
    );

    let missing = branded_site("logo = \"static/crest.png\"\n");
    let out = tebiki(missing.path(), &["build"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("error[bad-logo]: logo 'static/crest.png' does not exist"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn nothing_tebiki_keeps_for_itself_is_in_the_output_or_the_site_root() {
    let site = shipped_site();
    let before: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    build(site.path(), &[]);
    build(site.path(), &[]); // a rebuild replaces the output it owns
    let public = site.path().join("public");
    let private: Vec<_> = walkdir::WalkDir::new(&public)
        .into_iter()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("tebiki-") || n.ends_with(".lock") || n.contains("staging"))
        .collect();
    assert_eq!(private, Vec::<String>::new(), "nothing private is deployed");
    let mut added: Vec<String> = std::fs::read_dir(site.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| !before.contains(n))
        .map(|n| n.to_string_lossy().into_owned())
        .collect();
    added.sort();
    assert_eq!(added, [".tebiki", "public"]);
    assert!(site.path().join(".tebiki/public.lock").is_file());

    // A folder holding files tebiki did not write is still refused.
    std::fs::create_dir_all(site.path().join("mine")).unwrap();
    std::fs::write(site.path().join("mine/notes.txt"), "keep").unwrap();
    let out = tebiki(site.path(), &["build", "-o", "mine"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

#[test]
fn an_output_folder_from_an_older_tebiki_is_still_recognised() {
    let site = shipped_site();
    let public = site.path().join("public");
    std::fs::create_dir_all(&public).unwrap();
    std::fs::write(public.join(".tebiki-output"), "old marker").unwrap();
    std::fs::write(public.join("stale.html"), "old").unwrap();
    build(site.path(), &[]);
    assert!(!public.join(".tebiki-output").exists());
    assert!(!public.join("stale.html").exists());
}

/// From nothing: `tebiki init`, then build and check as the workflow will, and the
/// workflow file is valid YAML doing what the README says.
#[test]
fn init_writes_a_site_and_a_workflow_that_checks_and_deploys() {
    let dir = tempfile::tempdir().unwrap();
    let out = tebiki(dir.path(), &["init", "site"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let printed = crate::support::stdout(&out);
    assert!(printed.contains("cd site && tebiki serve"), "{printed}");
    assert!(
        printed.contains(".github/workflows/tebiki.yml"),
        "{printed}"
    );
    let site = dir.path().join("site");
    build(&site, &[]);
    let check = tebiki(&site, &["check", "--format", "github"]);
    assert!(check.status.success(), "{}", stderr(&check));

    let text = std::fs::read_to_string(site.join(".github/workflows/tebiki.yml")).unwrap();
    let yaml: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    let on = &yaml["on"];
    assert!(
        on.get("pull_request").is_some() && on.get("push").is_some(),
        "{on:?}"
    );
    let version = env!("CARGO_PKG_VERSION");
    assert_eq!(yaml["env"]["TEBIKI_VERSION"].as_str(), Some(version));
    let steps = |job: &str| -> Vec<serde_yaml::Value> {
        yaml["jobs"][job]["steps"].as_sequence().unwrap().clone()
    };
    let runs = |job: &str| -> Vec<String> {
        steps(job)
            .iter()
            .filter_map(|s| s["run"].as_str().map(str::to_string))
            .collect()
    };
    let uses = |job: &str| -> Vec<String> {
        steps(job)
            .iter()
            .filter_map(|s| s["uses"].as_str().map(str::to_string))
            .collect()
    };
    assert!(yaml["jobs"]["check"]["if"]
        .as_str()
        .unwrap()
        .contains("pull_request"));
    assert!(runs("check").contains(&"tebiki check --format github".to_string()));
    for job in ["check", "build"] {
        let cache = steps(job)
            .into_iter()
            .find(|s| {
                s["uses"]
                    .as_str()
                    .is_some_and(|u| u.starts_with("actions/cache@"))
            })
            .expect("the binary is cached");
        assert_eq!(cache["with"]["path"].as_str(), Some("~/.cargo/bin/tebiki"));
        assert!(cache["with"]["key"]
            .as_str()
            .unwrap()
            .contains("env.TEBIKI_VERSION"));
        let install = steps(job)
            .into_iter()
            .find(|s| {
                s["run"]
                    .as_str()
                    .is_some_and(|r| r.starts_with("cargo install --locked"))
            })
            .expect("installs tebiki");
        assert!(install["if"]
            .as_str()
            .unwrap()
            .contains("cache-hit != 'true'"));
    }
    let build_if = yaml["jobs"]["build"]["if"].as_str().unwrap();
    assert!(
        build_if.contains("github.event.repository.default_branch"),
        "{build_if}"
    );
    assert!(runs("build").contains(&"tebiki build".to_string()));
    assert!(uses("build")
        .iter()
        .any(|u| u.starts_with("actions/upload-pages-artifact@")));
    let artifact = steps("build")
        .into_iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/upload-pages-artifact@"))
        })
        .unwrap();
    assert_eq!(artifact["with"]["path"].as_str(), Some("public"));
    assert_eq!(yaml["jobs"]["deploy"]["needs"].as_str(), Some("build"));
    assert!(uses("deploy")
        .iter()
        .any(|u| u.starts_with("actions/deploy-pages@")));
    assert_eq!(
        yaml["jobs"]["deploy"]["permissions"]["pages"].as_str(),
        Some("write")
    );
    assert_eq!(
        yaml["jobs"]["deploy"]["permissions"]["id-token"].as_str(),
        Some("write")
    );
}

#[test]
fn robots_txt_is_written_only_at_the_host_root() {
    let at_root = shipped_site();
    build(at_root.path(), &[]);
    let robots = std::fs::read_to_string(at_root.path().join("public/robots.txt")).unwrap();
    assert!(robots.contains("Sitemap: https://mfa.university.example/sitemap.xml"));

    let below = site_below_a_path();
    build(below.path(), &[]);
    assert!(!below.path().join("public/robots.txt").exists());
    assert!(below.path().join("public/sitemap.xml").is_file());
    build(
        below.path(),
        &[
            "-o",
            "preview",
            "--base-url",
            "https://preview.example.net/",
        ],
    );
    assert!(
        below.path().join("preview/robots.txt").is_file(),
        "a preview at a host root has one"
    );
}

#[test]
fn a_fallback_pages_canonical_is_the_page_in_its_own_language() {
    let site = crate::support::fixture_site("missing-page");
    build(site.path(), &[]);
    let read = |p: &str| std::fs::read_to_string(site.path().join("public").join(p)).unwrap();
    // content/ja/faq.md has no English version: en/faq/ shows the Japanese text.
    assert_eq!(
        canonical(&read("en/faq/index.html")),
        "https://guide.university.example/ja/faq/"
    );
    assert_eq!(
        canonical(&read("ja/faq/index.html")),
        "https://guide.university.example/ja/faq/"
    );
    assert_eq!(
        canonical(&read("en/index.html")),
        "https://guide.university.example/en/"
    );
}

#[test]
fn an_output_folder_made_again_by_hand_is_not_taken_for_tebikis() {
    let site = shipped_site();
    build(site.path(), &[]);
    let public = site.path().join("public");
    std::fs::remove_dir_all(&public).unwrap();
    std::fs::create_dir(&public).unwrap();
    std::fs::write(public.join("thesis.docx"), "someone's work").unwrap();
    let out = tebiki(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("did not write"), "{}", stderr(&out));
    assert!(public.join("thesis.docx").is_file());
}
