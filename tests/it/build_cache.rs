//! `build`'s cache in `.tebiki/`: a build that takes pages from it writes exactly what a
//! build without it writes, byte for byte (files and warnings), after 50 seeded random
//! edits (the dev server test's edits: text, titles, steps, weights, headings, renames,
//! deletions, a template, UI strings, site.toml, a snippet, the style sheet; and output
//! files edited or deleted by hand, and a damaged cache or bodies file); an unchanged
//! rebuild renders nothing and a text edit one content path; a template edit renders
//! every page but takes their Markdown from the bodies file.

use std::path::Path;

use tebiki::build::{build_site, BuildOptions, Built, Mode};

use crate::serve::incremental::{random_edit, rewrite, Lcg};
use crate::support::shipped_site;

/// Every file (path, bytes) of the output and the warnings of a good build; the errors
/// of a failed one.
pub(crate) type Outcome = Result<(Vec<(String, Vec<u8>)>, String), String>;

/// Builds `root` into `output` (a folder name at the root), with or without the cache.
pub(crate) fn build(root: &Path, output: &str, no_cache: bool) -> (Outcome, Option<Built>) {
    let options = BuildOptions {
        root: root.to_path_buf(),
        output: Some(root.join(output)),
        no_cache,
        ..BuildOptions::default()
    };
    match build_site(&options, Mode::Write) {
        Ok(built) => {
            let files = files_in(&root.join(output));
            let warnings = format!("{:?}", built.warnings);
            (Ok((files, warnings)), Some(built))
        }
        Err(e) => {
            let errors: Vec<_> = e.diagnostics().iter().filter(|d| d.is_error()).collect();
            (Err(format!("{e}: {errors:?}")), None)
        }
    }
}

pub(crate) fn files_in(out: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let path = e.path().strip_prefix(out).unwrap().display().to_string();
            (path, std::fs::read(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// The first difference between two outcomes, for the failure message.
pub(crate) fn difference(cached: &Outcome, fresh: &Outcome) -> String {
    match (cached, fresh) {
        (Ok((a, wa)), Ok((b, wb))) => a
            .iter()
            .zip(b)
            .find(|(x, y)| x != y)
            .map(|(x, _)| format!("the file {}", x.0))
            .unwrap_or_else(|| {
                if a.len() != b.len() {
                    format!("the file list ({} vs {} files)", a.len(), b.len())
                } else {
                    format!("the warnings:\n{wa}\nvs\n{wb}")
                }
            }),
        _ => format!("{cached:?}\nvs\n{fresh:?}"),
    }
}

/// An output page or search index file edited by hand, one deleted by hand, or a file
/// of the cache damaged.
fn hand_edit(root: &Path, rng: &mut Lcg) -> String {
    let public = root.join("public");
    let pages: Vec<_> = files_in(&public)
        .into_iter()
        .map(|(path, _)| path)
        .filter(|p| p.ends_with("index.html") || p.starts_with("search/"))
        .collect();
    let page = &pages[rng.below(pages.len())];
    match rng.below(3) {
        0 => {
            let path = public.join(page);
            match page.ends_with(".html") {
                true => rewrite(&path, |t| t.replacen("</h1>", "!</h1>", 1)),
                false => {
                    let mut bytes = std::fs::read(&path).unwrap();
                    bytes.push(b' ');
                    std::fs::write(&path, bytes).unwrap();
                }
            }
            format!("{page} edited by hand")
        }
        1 => {
            std::fs::remove_file(public.join(page)).unwrap();
            format!("{page} deleted by hand")
        }
        _ => {
            let names = [
                "public.cache",
                "public.bodies",
                "public.search-ja",
                "public.search-en",
            ];
            let name = names[rng.below(names.len())];
            let cache = root.join(".tebiki").join(name);
            let mut bytes = std::fs::read(&cache).unwrap_or_default();
            match rng.below(3) {
                0 => bytes.truncate(bytes.len() / 2),
                1 if !bytes.is_empty() => {
                    let at = bytes.len() / 2;
                    bytes[at] ^= 0x55;
                }
                _ => bytes = b"not a cache".to_vec(),
            }
            std::fs::write(&cache, bytes).unwrap();
            format!("{name} damaged")
        }
    }
}

#[test]
fn fifty_random_edits_each_build_with_the_cache_what_a_build_without_it_writes() {
    let site = shipped_site();
    let root = site.path();
    // Renames and deletions break links; as warnings the builds go on and compare pages.
    rewrite(&root.join("site.toml"), |t| {
        t.replacen("[build]\n", "[build]\nlinks = \"warning\"\n", 1)
    });
    let mut rng = Lcg(0x0c0f_fee5);
    let (first, _) = build(root, "public", false);
    assert!(first.is_ok(), "{first:?}");
    let (mut good_builds, mut text_edits) = (0, 0);
    let mut previous_ok = true;
    for n in 0..50 {
        let what = match rng.below(5) {
            0 => hand_edit(root, &mut rng),
            _ => random_edit(root, &mut rng, n).0,
        };
        let (cached, built) = build(root, "public", false);
        let (fresh, _) = build(root, "public-fresh", true);
        assert!(
            cached == fresh,
            "edit {n} ({what}): the build with the cache differs from one without it: {}",
            difference(&cached, &fresh)
        );
        good_builds += usize::from(fresh.is_ok());
        // After a failed build the record is an older build's, which more may differ from.
        let text_edit = what.starts_with("text of") && previous_ok;
        previous_ok = fresh.is_ok();
        if let (true, Some(built)) = (text_edit, built) {
            text_edits += 1;
            let paths = built.site.paths;
            assert!(
                paths.rendered < paths.all,
                "edit {n} ({what}): every path was rendered again"
            );
        }
    }
    assert!(
        good_builds >= 25,
        "only {good_builds} of 50 builds succeeded"
    );
    assert!(text_edits >= 5, "{text_edits} text edits");
}

/// On the shipped guide (no warnings): an unchanged rebuild renders nothing and writes
/// nothing, a text edit renders its own path only, an output file edited by hand is
/// rewritten, and a damaged or deleted cache makes the build render everything.
#[test]
fn the_cache_renders_only_what_changed_and_repairs_what_was_edited_by_hand() {
    let site = shipped_site();
    let root = site.path();
    let rendered = |no_cache: bool| {
        let (outcome, built) = build(root, "public", no_cache);
        assert!(outcome.is_ok(), "{outcome:?}");
        let built = built.unwrap();
        assert!(built.warnings.is_empty(), "{:?}", built.warnings);
        built.site.paths
    };
    let all = rendered(false).all;
    let unchanged = rendered(false);
    assert_eq!(unchanged.rendered, 0, "an unchanged rebuild");
    assert_eq!(unchanged.search_indexes, 0, "keeps both search indexes");
    let index = |code: &str| files_in(&root.join("public/search").join(code));
    let (ja, en) = (index("ja"), index("en"));
    let page = root.join("content/en/setup/second-method.md");
    rewrite(&page, |t| format!("{t}\nOne more sentence.\n"));
    let edited = rendered(false);
    assert_eq!(edited.rendered, 1, "a text edit");
    // Its path renders in both languages; the Japanese page's search entries are the
    // same, so only the English index is made.
    assert_eq!(edited.search_indexes, 1);
    assert_eq!(index("ja"), ja);
    assert_ne!(index("en"), en, "the new text is in the index");
    let html = root.join("public/en/setup/second-method/index.html");
    assert!(std::fs::read_to_string(&html)
        .unwrap()
        .contains("One more sentence."));
    let other = root.join("public/ja/index.html");
    let before = std::fs::read(&other).unwrap();
    std::fs::write(&other, b"edited by hand").unwrap();
    assert_eq!(rendered(false).rendered, 1, "an output file edited by hand");
    assert_eq!(std::fs::read(&other).unwrap(), before, "rewritten");
    std::fs::remove_file(&other).unwrap();
    assert_eq!(
        rendered(false).rendered,
        1,
        "an output file deleted by hand"
    );
    assert_eq!(std::fs::read(&other).unwrap(), before, "written again");
    let cache = root.join(".tebiki/public.cache");
    let mut bytes = std::fs::read(&cache).unwrap();
    bytes.truncate(bytes.len() - 1);
    std::fs::write(&cache, &bytes).unwrap();
    assert_eq!(rendered(false).rendered, all, "a truncated cache");
    assert_eq!(
        rendered(false).rendered,
        0,
        "and the fresh one written then"
    );
    assert_eq!(rendered(true).rendered, all, "--no-cache");
    std::fs::remove_file(&cache).unwrap();
    assert_eq!(rendered(false).rendered, all, "the cache deleted");
    std::fs::remove_dir_all(root.join(".tebiki")).unwrap();
    std::fs::remove_dir_all(root.join("public")).unwrap();
    assert_eq!(
        rendered(false).rendered,
        all,
        ".tebiki/ and public/ deleted"
    );
    assert_eq!(std::fs::read(&other).unwrap(), before);
}

/// On the shipped guide: a template edit renders every page again but none of their
/// Markdown, which comes from `.tebiki/public.bodies`, with the same output as a build
/// without the cache; a UI string edit (callout and badge labels are in the Markdown's
/// HTML) or a damaged bodies file renders the Markdown again. Deleting the output
/// folder keeps the bodies.
#[test]
fn a_template_edit_takes_every_page_body_from_the_bodies_file() {
    let site = shipped_site();
    let root = site.path();
    let pages = files_in(&root.join("content"))
        .iter()
        .filter(|(path, _)| path.ends_with(".md") && !path.contains("_snippets"))
        .count();
    let build_and_compare = |what: &str| {
        let (cached, built) = build(root, "public", false);
        let (fresh, _) = build(root, "public-fresh", true);
        assert!(cached.is_ok(), "{what}: {cached:?}");
        assert!(cached == fresh, "{what}: {}", difference(&cached, &fresh));
        built.unwrap().site.paths
    };
    build_and_compare("first build");
    let template = root.join("themes/default/templates/base.html");
    let edit = |mark: &str| rewrite(&template, |t| t.replacen("</body>", mark, 1));
    edit("<!-- template edit --></body>");
    let paths = build_and_compare("a template edit");
    assert_eq!(
        paths.rendered, paths.all,
        "a template edit renders every page"
    );
    assert_eq!(paths.bodies_taken, pages, "and takes every page's Markdown");
    let page = std::fs::read_to_string(root.join("public/en/index.html")).unwrap();
    assert!(page.contains("<!-- template edit -->"));
    rewrite(&root.join("i18n/en.ftl"), |t| {
        t.replacen("callout-note = Note", "callout-note = Please note", 1)
    });
    let paths = build_and_compare("a UI string edit");
    assert_eq!(paths.bodies_taken, 0, "a UI string edit");
    edit("<!-- again --></body>");
    let bodies = root.join(".tebiki/public.bodies");
    let mut bytes = std::fs::read(&bodies).unwrap();
    let at = bytes.len() / 2;
    bytes[at] ^= 0x55;
    std::fs::write(&bodies, &bytes).unwrap();
    let paths = build_and_compare("a damaged bodies file");
    assert_eq!(paths.bodies_taken, pages - 1, "one body is damaged");
    edit("<!-- and again --></body>");
    assert_eq!(build_and_compare("then").bodies_taken, pages);
    std::fs::remove_dir_all(root.join("public")).unwrap();
    let paths = build_and_compare("the output folder deleted");
    assert_eq!(
        paths.bodies_taken, pages,
        "an emptied output folder is filled from the bodies"
    );
    assert!(root.join("public/en/index.html").is_file());
}

/// Without a record of the previous build every page leaves its Markdown body on disk
/// (a large site's texts are never all in memory at once); a page that renders reads it
/// again, and a file edited between the load and the render is an error (the next build
/// reads it anew), never a page made of two versions of its file.
#[test]
fn a_body_left_on_disk_is_read_again_and_an_edit_meanwhile_is_an_error() {
    use tebiki::diagnostics::{Code, Lang};
    use tebiki::load::{load_site, Bodies, LoadOptions};
    let site = shipped_site();
    let config = tebiki::config::load_config(site.path()).unwrap();
    let options = LoadOptions {
        drafts: false,
        bodies: Bodies::LeaveAll,
    };
    let (loaded, problems) = load_site(&config, options);
    assert!(problems.is_empty(), "{problems:?}");
    let page = &loaded.pages[0];
    assert!(page.body_on_disk.is_some());
    let file = site.path().join(&page.display_path);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.len() > page.body_start, "the page has a body");
    assert_eq!(
        &*page.text,
        &text[..page.body_start],
        "only the front matter"
    );
    let fence = config.fence();
    let whole = page.with_body(&fence).unwrap();
    assert_eq!(&*whole.text, text);
    std::fs::write(&file, format!("{text}\nAdded meanwhile.\n")).unwrap();
    let problem = page.with_body(&fence).unwrap_err();
    assert_eq!(problem.code, Code::Unreadable);
    assert_eq!(problem.path, Path::new(&page.display_path));
    assert!(problem
        .message
        .render(Lang::En)
        .contains("changed while the site was building"));
}
