//! The dev server re-renders only what a save touched, and the result is exactly what a
//! full build gives: 50 seeded random edits of the shipped guide (text, titles, steps,
//! weights, headings, renames, deletions, snippets, templates, UI strings, site.toml),
//! each compared byte for byte with a fresh build of the same files.

use std::path::{Path, PathBuf};

use tebiki::build::{build_site, BuildCache, BuildOptions, Built, Mode};

use super::wire::{save_atomically, Events, Server};
use super::{tebiki_binary, EVENT_TIMEOUT};
use crate::support::shipped_site;

/// A small deterministic generator (64-bit LCG), so a failure replays exactly.
pub(crate) struct Lcg(pub(crate) u64);

impl Lcg {
    pub(crate) fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

/// The site's Markdown pages (snippets aside), sorted.
fn pages(root: &Path) -> Vec<PathBuf> {
    let mut pages: Vec<PathBuf> = walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .map(walkdir::DirEntry::into_path)
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .filter(|p| !p.to_string_lossy().contains("_snippets"))
        .collect();
    pages.sort();
    pages
}

pub(crate) fn rewrite(path: &Path, change: impl FnOnce(&str) -> String) {
    let text = std::fs::read_to_string(path).unwrap();
    std::fs::write(path, change(&text)).unwrap();
}

/// Replaces the value of the first front-matter line starting with `key:`, or adds one.
fn set_front(text: &str, key: &str, value: &str) -> String {
    let prefix = format!("{key}:");
    let (front, body) = text[4..].split_once("\n---").unwrap_or((text, ""));
    let mut lines: Vec<String> = front
        .lines()
        .filter(|l| !l.starts_with(&prefix))
        .map(str::to_string)
        .collect();
    lines.push(format!("{key}: {value}"));
    format!("---\n{}\n---{body}", lines.join("\n"))
}

/// One random edit of the site at `root`; returns what it did, for failure messages,
/// and the paths it touched (what a watcher would name). (`tests/it/build_cache.rs` runs
/// the same edits against `build`'s cache.)
pub(crate) fn random_edit(root: &Path, rng: &mut Lcg, n: usize) -> (String, Vec<PathBuf>) {
    let pages = pages(root);
    let page = &pages[rng.below(pages.len())];
    let shown = page.strip_prefix(root).unwrap().display().to_string();
    match rng.below(12) {
        0..=3 => {
            rewrite(page, |t| format!("{t}\nA sentence added by edit {n}.\n"));
            (format!("text of {shown}"), vec![page.clone()])
        }
        4 => {
            rewrite(page, |t| set_front(t, "title", &format!("\"Title {n}\"")));
            (format!("title of {shown}"), vec![page.clone()])
        }
        5 => swap_steps(page, rng),
        6 => {
            let weight = rng.below(50);
            rewrite(page, |t| set_front(t, "weight", &weight.to_string()));
            (format!("weight {weight} of {shown}"), vec![page.clone()])
        }
        7 => {
            rewrite(page, |t| t.replacen("\n## ", &format!("\n## Edit {n} "), 1));
            (format!("a heading of {shown}"), vec![page.clone()])
        }
        8 if !shown.ends_with("index.md") && step_of(page).is_none() => {
            let to = page.with_file_name(format!("renamed-{n}.md"));
            std::fs::rename(page, &to).unwrap();
            (format!("rename of {shown}"), vec![page.clone(), to])
        }
        9 if !shown.ends_with("index.md") && step_of(page).is_none() => {
            std::fs::remove_file(page).unwrap();
            (format!("deletion of {shown}"), vec![page.clone()])
        }
        10 => {
            let template = root.join("themes/default/templates/page.html");
            rewrite(&template, |t| {
                format!("{t}\n{{# edit {n} #}}<!-- {n} -->\n")
            });
            ("the page template".into(), vec![template])
        }
        _ => {
            let (path, what) = match rng.below(4) {
                0 => (root.join("i18n/en.ftl"), "UI strings"),
                1 => (root.join("site.toml"), "site.toml"),
                // Pages name it with a checksum (`asset_url`), so every page changes.
                2 => (
                    root.join("themes/default/static/tebiki.css"),
                    "the style sheet",
                ),
                _ => (snippet(root), "a snippet"),
            };
            if what == "site.toml" {
                rewrite(&path, |t| {
                    t.replacen("support_phone = \"", &format!("support_phone = \"{n}-"), 1)
                });
            } else if what == "the style sheet" {
                rewrite(&path, |t| format!("{t}\n/* edit {n} */\n"));
            } else {
                rewrite(&path, |t| format!("{t}\n# edit {n}\n"));
            }
            (what.into(), vec![path])
        }
    }
}

/// The `step:` of a page, if it is a step page.
fn step_of(page: &Path) -> Option<String> {
    let text = std::fs::read_to_string(page).ok()?;
    let line = text.lines().find(|l| l.starts_with("step:"))?;
    Some(line["step:".len()..].trim().to_string())
}

/// Swaps the step numbers of two step pages of `page`'s guide (steps stay 1, 2, 3 …, so
/// the site still builds; menus, step navigation and checklists all change).
fn swap_steps(page: &Path, rng: &mut Lcg) -> (String, Vec<PathBuf>) {
    let mut steps: Vec<(PathBuf, String)> = std::fs::read_dir(page.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter_map(|p| step_of(&p).map(|s| (p, s)))
        .collect();
    steps.sort();
    if steps.len() < 2 {
        rewrite(page, |t| format!("{t}\nNo steps to swap here.\n"));
        return (
            format!("text of {}", page.display()),
            vec![page.to_path_buf()],
        );
    }
    let first = rng.below(steps.len());
    let second = (first + 1 + rng.below(steps.len() - 1)) % steps.len();
    let (a, b) = (steps[first].clone(), steps[second].clone());
    rewrite(&a.0, |t| set_front(t, "step", &b.1));
    rewrite(&b.0, |t| set_front(t, "step", &a.1));
    (
        format!("steps of {} and {}", a.0.display(), b.0.display()),
        vec![a.0, b.0],
    )
}

fn snippet(root: &Path) -> PathBuf {
    walkdir::WalkDir::new(root.join("content/en/_snippets"))
        .into_iter()
        .filter_map(Result::ok)
        .map(walkdir::DirEntry::into_path)
        .find(|p| p.is_file())
        .unwrap()
}

/// Every file (path, bytes) and the warnings of a good build; the errors of a failed one.
type Outcome = Result<(Vec<(String, Vec<u8>)>, String), String>;

/// A build as the comparison sees it: every file's path and bytes (the search index
/// files made after the pages, as the dev server makes them, included), and the
/// warnings; or the error's diagnostics.
fn outcome(result: tebiki::error::Result<Built>) -> Outcome {
    match result {
        Ok(mut built) => {
            if let Some(later) = &built.site.search_later {
                built.site.files.extend(later.files());
            }
            let mut files: Vec<_> = built
                .site
                .files
                .into_iter()
                .map(|f| (f.path, f.bytes.to_vec()))
                .collect();
            files.sort();
            Ok((files, format!("{:?}", built.warnings)))
        }
        Err(e) => Err(format!(
            "{e}: {:?}",
            e.diagnostics()
                .iter()
                .filter(|d| d.is_error())
                .collect::<Vec<_>>()
        )),
    }
}

#[test]
fn fifty_random_edits_each_give_what_a_full_build_gives() {
    fifty_random_edits(false);
}

/// As the dev server builds: trusting the watcher, which names every file an edit
/// touched, so a save reads only those and walks the content folders only when one was
/// created or removed. Every file edited is given an old modification time, so no page
/// is read again for being "racy" (recently modified) rather than for being named.
#[test]
fn fifty_random_edits_named_by_the_watcher_each_give_what_a_full_build_gives() {
    fifty_random_edits(true);
}

fn fifty_random_edits(trust_watcher: bool) {
    let site = shipped_site();
    let root = site.path();
    let options = BuildOptions {
        root: root.to_path_buf(),
        ..BuildOptions::default()
    };
    // Renames and deletions break links; as warnings the builds go on and compare pages.
    rewrite(&root.join("site.toml"), |t| {
        t.replacen("[build]\n", "[build]\nlinks = \"warning\"\n", 1)
    });
    if trust_watcher {
        age_every_file(root);
    }
    let mut cache = BuildCache::default();
    if trust_watcher {
        cache.pages.trust_watcher();
        cache.render.make_search_later();
    }
    let mut rng = Lcg(0x7eb1_2023);
    let mut good_builds = 0;
    assert!(outcome(build_site(&options, Mode::Memory(Some(&mut cache)))).is_ok());
    let (mut text_edits, mut text_edits_rendering_one_path) = (0, 0);
    let mut searches_later = 0;
    let (mut walks, mut prepared_reused) = (0, 0);
    for n in 0..50 {
        let (what, touched) = random_edit(root, &mut rng, n);
        if trust_watcher {
            for path in touched.iter().filter(|p| p.is_file()) {
                age(path, n);
            }
            cache.pages.name_changed(touched.clone());
        }
        let cached = build_site(&options, Mode::Memory(Some(&mut cache)));
        searches_later += usize::from(
            cached
                .as_ref()
                .is_ok_and(|built| built.site.search_later.is_some()),
        );
        let cached = outcome(cached);
        let fresh = outcome(build_site(&options, Mode::Memory(None)));
        if cached != fresh {
            let diff = match (&cached, &fresh) {
                (Ok((a, _)), Ok((b, _))) => a
                    .iter()
                    .zip(b)
                    .find(|(x, y)| x != y)
                    .map(|(x, _)| x.0.clone())
                    .unwrap_or_else(|| "the warnings or the file list".into()),
                _ => format!("{cached:?}\nvs\n{fresh:?}"),
            };
            panic!("edit {n} ({what}): the incremental build differs: {diff}");
        }
        if trust_watcher {
            let config = tebiki::build::load_build_config(&options).unwrap();
            assert_eq!(
                cache.pages.changed_unseen(&config),
                Vec::<PathBuf>::new(),
                "edit {n} ({what}): every change was named, none is unseen"
            );
            walks += usize::from(cache.pages.walked);
        }
        good_builds += usize::from(fresh.is_ok());
        if what.starts_with("text of") && fresh.is_ok() {
            text_edits += 1;
            text_edits_rendering_one_path += usize::from(cache.render.rendered == 1);
            prepared_reused += usize::from(cache.render.prepared_reused);
        }
    }
    assert!(
        good_builds >= 25,
        "only {good_builds} of 50 builds succeeded"
    );
    assert!(text_edits >= 5, "{text_edits} text edits");
    assert_eq!(
        text_edits_rendering_one_path, text_edits,
        "a text edit re-renders its own path only"
    );
    assert!(
        prepared_reused > 0,
        "what pages share is kept across text edits"
    );
    if trust_watcher {
        assert_eq!(
            searches_later, good_builds,
            "the dev server's builds leave the search index for after serving"
        );
        assert!(
            (1..25).contains(&walks),
            "the content folders are walked again only after a creation or removal ({walks} walks)"
        );
    }
}

/// Gives `path` a modification time `n` seconds after an hour ago (old enough for the
/// page cache to trust its stamp, and different for each edit).
fn age(path: &Path, n: usize) {
    let at = std::time::SystemTime::now() - std::time::Duration::from_secs(3600)
        + std::time::Duration::from_secs(n as u64);
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(at)
        .unwrap();
}

/// Through the real server: after each save, the page served equals the page a full
/// build of the same files writes.
#[test]
fn the_server_serves_what_a_full_build_writes_after_each_save() {
    let site = shipped_site();
    let server = Server::start(tebiki_binary(), site.path(), &[]);
    let events = Events::open(server.port);
    events.wait_for("hello", EVENT_TIMEOUT);
    let page = site.path().join("content/en/setup/second-method.md");
    let original = std::fs::read_to_string(&page).unwrap();
    let edits = [
        format!("{original}\nOne more sentence.\n"),
        original.replacen("title: \"", "title: \"Renamed: ", 1),
        original.clone(),
    ];
    for text in edits {
        events.drain();
        save_atomically(&page, &text);
        events.wait_for("reload", EVENT_TIMEOUT);
        let options = BuildOptions {
            root: site.path().to_path_buf(),
            ..BuildOptions::default()
        };
        let built = build_site(&options, Mode::Memory(None)).unwrap();
        for path in [
            "en/setup/second-method/index.html",
            "en/setup/enable/index.html",
            "ja/setup/second-method/index.html",
        ] {
            let expected = built
                .site
                .files
                .iter()
                .find(|f| f.path == path)
                .unwrap_or_else(|| panic!("{path} not built"));
            let served = server.get(&format!("/{}", path.trim_end_matches("index.html")));
            assert_eq!(served.status, 200, "{path}");
            assert!(
                without_client(&served.body) == expected.bytes,
                "{path} differs from a full build"
            );
        }
        search_files_become(&server, &built);
    }
}

/// Waits until the server serves every search index file as `built` has it: the dev
/// server makes them after it served a save's pages (meanwhile the previous build's are
/// served), so they follow the reload instead of coming with it.
fn search_files_become(server: &Server, built: &Built) {
    let files: Vec<_> = built
        .site
        .files
        .iter()
        .filter(|f| f.path.starts_with("search/"))
        .collect();
    assert!(!files.is_empty(), "the shipped guide has search on");
    let deadline = std::time::Instant::now() + EVENT_TIMEOUT;
    loop {
        let stale = files
            .iter()
            .find(|f| server.get(&format!("/{}", f.path)).body != f.bytes);
        match stale {
            None => return,
            Some(file) if std::time::Instant::now() > deadline => {
                panic!("{} is not the full build's", file.path)
            }
            Some(_) => std::thread::sleep(std::time::Duration::from_millis(20)),
        }
    }
}

/// A served page without the live-reload script the server adds to it.
fn without_client(html: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    let Some(start) = text.find("<script src=\"/__tebiki/client.js\"") else {
        return html.to_vec();
    };
    let end = start + text[start..].find("</script>").unwrap() + "</script>".len();
    format!("{}{}", &text[..start], &text[end..]).into_bytes()
}

/// Every file of the site at `root` made an hour old, so the dev server's page cache
/// trusts their size and times (a file modified within seconds of its read is read
/// again every time).
fn age_every_file(root: &Path) {
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for entry in walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.file_type().is_file() {
            let file = std::fs::File::options()
                .write(true)
                .open(entry.path())
                .unwrap();
            file.set_modified(hour_ago).unwrap();
        }
    }
}

/// A page `name` in every language of the base fixture, with `body` below its title.
fn write_pages(root: &Path, name: &str, body: &str) {
    for lang in ["ja", "en"] {
        std::fs::write(
            root.join(format!("content/{lang}/{name}")),
            format!("---\ntitle: \"{name}\"\n---\n\n{body}\n"),
        )
        .unwrap();
    }
}

/// A link's target loses (and regains) its anchor while the page with the link is not
/// touched: the dev server's link check, which keeps the verdicts of pages it did not
/// render again, must still report the broken anchor exactly as a full build does, and
/// keep the warning while other pages are edited.
#[test]
fn a_link_target_losing_its_anchor_is_reported_as_a_full_build_reports_it() {
    let site = crate::support::fixture_site("base");
    let root = site.path();
    rewrite(&root.join("site.toml"), |t| {
        format!("{t}\n[build]\nlinks = \"warning\"\nmissing_translation = \"warning\"\n")
    });
    write_pages(root, "target.md", "## Place {#place}\n\nText.");
    write_pages(root, "source.md", "See [the place](target.md#place).");
    write_pages(root, "other.md", "Other text.");
    let options = BuildOptions {
        root: root.to_path_buf(),
        ..BuildOptions::default()
    };
    let mut cache = BuildCache::default();
    let broken = |outcome: &Outcome| match outcome {
        Ok((_, warnings)) => warnings.matches("code: BrokenAnchor").count(),
        Err(e) => panic!("the build failed: {e}"),
    };
    let steps: [(&str, &str, usize); 4] = [
        ("target.md", "## Place {#elsewhere}\n\nText.", 2),
        ("other.md", "Other text, edited.", 2),
        ("source.md", "See [the place](target.md#place), edited.", 2),
        ("target.md", "## Place {#place}\n\nText.", 0),
    ];
    assert_eq!(
        broken(&outcome(build_site(
            &options,
            Mode::Memory(Some(&mut cache))
        ))),
        0
    );
    for (page, body, expected) in steps {
        write_pages(root, page, body);
        let cached = outcome(build_site(&options, Mode::Memory(Some(&mut cache))));
        let fresh = outcome(build_site(&options, Mode::Memory(None)));
        assert_eq!(
            broken(&fresh),
            expected,
            "after editing {page}: one broken anchor per language"
        );
        assert!(
            cached == fresh,
            "after editing {page}, the dev server's build differs from a full build:\n{cached:?}\nvs\n{fresh:?}"
        );
    }
}

/// A page rewritten with the same size and its modification time put back (as `touch
/// -r` or a copy tool that keeps times does), with no watcher event: the dev server
/// still reads it again, while the pages nobody touched are taken from its cache.
#[test]
fn a_page_changed_behind_the_watchers_back_is_read_again() {
    let site = crate::support::fixture_site("base");
    let root = site.path();
    age_every_file(root);
    let options = BuildOptions {
        root: root.to_path_buf(),
        ..BuildOptions::default()
    };
    let mut cache = BuildCache::default();
    build_site(&options, Mode::Memory(Some(&mut cache))).unwrap();
    let page = root.join("content/en/guide.md");
    let modified = std::fs::metadata(&page).unwrap().modified().unwrap();
    let text = std::fs::read_to_string(&page).unwrap();
    let (at, _) = text
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_ascii_lowercase())
        .unwrap();
    let swapped = if &text[at..at + 1] == "x" { "y" } else { "x" };
    let edited = format!("{}{swapped}{}", &text[..at], &text[at + 1..]);
    std::fs::write(&page, &edited).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&page)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    let cached = outcome(build_site(&options, Mode::Memory(Some(&mut cache))));
    let fresh = outcome(build_site(&options, Mode::Memory(None)));
    assert!(
        cached == fresh,
        "the edit is missing from the dev server's build"
    );
    assert_eq!(
        (cache.pages.read, cache.pages.reused),
        (1, 3),
        "only the changed page is read again"
    );
}

/// Changes the watcher did not report (an edit through a folder link, a lost event): a
/// cache that trusts the watcher does not see them in its next build, but the check the
/// dev server runs after serving names exactly them, and the build after it gives what a
/// full build gives.
#[test]
fn changes_without_a_watcher_event_are_named_by_the_check_after_serving() {
    let site = crate::support::fixture_site("base");
    let root = site.path();
    age_every_file(root);
    let options = BuildOptions {
        root: root.to_path_buf(),
        ..BuildOptions::default()
    };
    let config = tebiki::build::load_build_config(&options).unwrap();
    let mut cache = BuildCache::default();
    cache.pages.trust_watcher();
    build_site(&options, Mode::Memory(Some(&mut cache))).unwrap();
    assert_eq!(cache.pages.changed_unseen(&config), Vec::<PathBuf>::new());
    let page = root.join("content/en/guide.md");
    let modified = std::fs::metadata(&page).unwrap().modified().unwrap();
    rewrite(&page, |t| format!("{t}\nAn unseen sentence.\n"));
    std::fs::File::options()
        .write(true)
        .open(&page)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    let created = root.join("content/ja/unseen.md");
    std::fs::write(&created, "---\ntitle: \"Unseen\"\n---\n\nText.\n").unwrap();
    let mut unseen = cache.pages.changed_unseen(&config);
    unseen.sort();
    assert_eq!(unseen, vec![page.clone(), created.clone()]);
    cache.pages.name_changed(unseen);
    let cached = outcome(build_site(&options, Mode::Memory(Some(&mut cache))));
    let fresh = outcome(build_site(&options, Mode::Memory(None)));
    assert!(cached == fresh, "the named build differs from a full build");
    assert!(
        cache.pages.walked,
        "a created file makes the next build walk"
    );
    assert_eq!(cache.pages.changed_unseen(&config), Vec::<PathBuf>::new());
    std::fs::remove_file(&created).unwrap();
    assert_eq!(cache.pages.changed_unseen(&config), vec![created]);
}

/// A page reached through a folder link (which the watcher does not follow) is edited:
/// no event reports it, yet once the next save's build has been served the server finds
/// the change by itself, builds again and reloads, and the page shows the edit.
#[test]
fn the_server_finds_an_edit_no_event_reported_after_the_next_save() {
    let site = crate::support::fixture_site("base");
    let root = site.path();
    let shared = root.join("shared");
    std::fs::create_dir(&shared).unwrap();
    std::fs::write(
        shared.join("linked.md"),
        "---\ntitle: \"Linked\"\n---\n\nThe first text.\n",
    )
    .unwrap();
    for lang in ["ja", "en"] {
        std::os::unix::fs::symlink("../../shared", root.join(format!("content/{lang}/more")))
            .unwrap();
    }
    // Old enough that no page is read again for having been modified just now.
    age_every_file(root);
    let server = Server::start(tebiki_binary(), root, &[]);
    let events = Events::open(server.port);
    events.wait_for("hello", EVENT_TIMEOUT);
    assert!(server
        .get("/en/more/linked/")
        .text()
        .contains("The first text."));
    std::fs::write(
        shared.join("linked.md"),
        "---\ntitle: \"Linked\"\n---\n\nThe unseen text.\n",
    )
    .unwrap();
    events.drain();
    let index = root.join("content/en/index.md");
    rewrite(&index, |t| format!("{t}\nA seen sentence.\n"));
    events.wait_for("reload", EVENT_TIMEOUT);
    events.wait_for("reload", EVENT_TIMEOUT);
    let page = server.get("/en/more/linked/");
    assert_eq!(page.status, 200);
    assert!(
        page.text().contains("The unseen text."),
        "the edit no event reported is served after the check"
    );
    assert!(server
        .stderr_so_far()
        .contains("changed without a file-system event"));
}
