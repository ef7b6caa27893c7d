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
        for page in [
            "",
            "setup/",
            "setup/first-method/",
            "setup/second-method/",
            "setup/enable/",
            "faq/",
            "new-phone/",
            "new-phone/add-account/",
            "new-phone/make-default/",
            "new-phone/remove-old/",
        ] {
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
        err.contains("built 20 pages (10 ja, 10 en)"),
        "summary line: {err}"
    );
}

/// The content model of issue 2: images are copied and their links resolved from the page's
/// own folder, sections have `index.md` landing pages, drafts appear only with `--drafts`,
/// `template:` picks another theme template, and `weight` orders `pages()`.
#[test]
fn images_sections_drafts_templates_and_weight() {
    let site = fixture_site("base");
    let root = site.path();
    let write = |rel: &str, text: &str| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write("content/en/img/photo.png", "not really a png");
    for lang in ["en", "ja"] {
        write(
            &format!("content/{lang}/sec/index.md"),
            "---\ntitle: Section\nweight: 1\ntemplate: plain.html\n---\n\
             ![A photo](../../en/img/photo.png)\n\n[guide](../guide.md#choose)\n",
        );
    }
    write(
        "content/en/wip.md",
        "---\ntitle: Work in progress\ndraft: true\n---\nNot yet.\n",
    );
    write(
        "themes/default/templates/plain.html",
        "<!doctype html><title>{{ page.title }}</title>PLAIN \
         {% for p in pages() %}[{{ p.title }}]{% endfor %}\n{{ page.content | safe }}",
    );

    let out = tebiki(root, &["build"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let public = root.join("public");
    assert_eq!(
        std::fs::read(public.join("en/img/photo.png")).unwrap(),
        b"not really a png"
    );
    let sec = std::fs::read_to_string(public.join("en/sec/index.html")).unwrap();
    assert!(
        sec.starts_with("<!doctype html><title>Section</title>PLAIN"),
        "{sec}"
    );
    assert!(
        // Not really a PNG, so no size; a link that opens it full-screen.
        sec.contains(r#"<a class="zoom" href="/en/img/photo.png"><img src="/en/img/photo.png" alt="A photo" decoding="async"></a>"#),
        "{sec}"
    );
    assert!(sec.contains(r##"href="/en/guide/#choose""##), "{sec}");
    // weight 1 sorts the section before the pages without a lower weight.
    let order = sec.find("[Section]").unwrap();
    assert!(
        order < sec.find("[Step 1: Register a method]").unwrap(),
        "{sec}"
    );
    assert!(
        !public.join("en/wip").exists(),
        "drafts are left out by default"
    );

    let out = tebiki(root, &["build", "--drafts"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let wip = std::fs::read_to_string(public.join("en/wip/index.html")).unwrap();
    assert!(wip.contains("Not yet."));
}

/// `--timings` lists every stage with its time and a total, even with `--quiet`, and
/// the stage times add up to no more than the total (stages that overlap aside, each is
/// part of it).
#[test]
fn timings_list_each_stage() {
    let site = shipped_site();
    let out = tebiki(site.path(), &["build", "--quiet", "--timings"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let stages: Vec<(f64, &str)> = err
        .lines()
        .map(|line| {
            let (ms, name) = line.trim().split_once(" ms  ").expect(line);
            (ms.trim().parse().expect(line), name)
        })
        .collect();
    let names: Vec<&str> = stages.iter().map(|(_, name)| *name).collect();
    for stage in [
        "load content",
        "load theme",
        "render pages",
        "write and swap output",
        "total",
    ] {
        assert!(names.contains(&stage), "no '{stage}' in:\n{err}");
    }
    assert_eq!(names.last(), Some(&"total"), "{err}");
    let total = stages.last().unwrap().0;
    for (ms, name) in &stages {
        assert!(*ms >= 0.0 && *ms <= total, "{name}: {ms} ms of {total} ms");
    }
    assert!(
        !err.contains("built "),
        "--quiet keeps the summary line out:\n{err}"
    );
}
