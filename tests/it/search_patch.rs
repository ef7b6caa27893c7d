//! `build` patches a language's search index in place when an edit keeps the pages and
//! the shard layout, and makes it again otherwise (`src/search/patch/`): either way the
//! output and the kept search documents are byte for byte what a build without the
//! cache writes.

use std::path::Path;

use tebiki::render::PathCounts;

use crate::build_cache::{build, difference, files_in};
use crate::serve::incremental::rewrite;
use crate::support::shipped_site;

/// Builds with the cache, then without it into `public-fresh`: both give the same
/// files, warnings and search documents files. What the build with the cache did.
fn build_as_fresh(root: &Path, what: &str) -> PathCounts {
    let (cached, built) = build(root, "public", false);
    let (fresh, _) = build(root, "public-fresh", true);
    assert!(cached.is_ok(), "{what}: {cached:?}");
    assert!(
        cached == fresh,
        "{what}: the build with the cache differs from one without it: {}",
        difference(&cached, &fresh)
    );
    for code in ["ja", "en"] {
        let docs =
            |output: &str| std::fs::read(root.join(format!(".tebiki/{output}.search-{code}")));
        assert_eq!(
            docs("public").unwrap(),
            docs("public-fresh").unwrap(),
            "{what}: the {code} search documents"
        );
    }
    built.unwrap().site.paths
}

fn meta(root: &Path, code: &str) -> serde_json::Value {
    let path = root.join("public/search").join(code).join("meta.json");
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// Text and heading edits keep each page's documents: the index is patched, only the
/// files holding what changed are new, and a later edit patches the patched index.
#[test]
fn an_edit_that_keeps_the_documents_patches_the_index_as_a_fresh_build_makes_it() {
    let site = shipped_site();
    let root = site.path();
    build_as_fresh(root, "the first build");
    let index = |code: &str| files_in(&root.join("public/search").join(code));
    let ja = index("ja");
    let en = index("en");
    let page = root.join("content/en/setup/second-method.md");
    rewrite(&page, |t| {
        format!("{t}\nOne more sentence about a zebra.\n")
    });
    let paths = build_as_fresh(root, "a sentence added");
    assert_eq!((paths.search_indexes, paths.search_patched), (1, 1));
    assert_eq!(index("ja"), ja, "the other language's index is kept");
    let now = index("en");
    let changed = now.iter().zip(&en).filter(|(a, b)| a != b).count();
    assert!(
        changed >= 2 && changed < now.len(),
        "{changed} of {} files",
        now.len()
    );

    // Words gone from the page and new ones, in its text and its headings' titles.
    rewrite(&page, |t| {
        t.replace("Phones get lost, break,", "Handsets go missing, crack,")
            .replace("## Why you need a backup", "## Why a spare matters")
    });
    let paths = build_as_fresh(root, "words replaced");
    assert_eq!(paths.search_patched, 1, "words replaced");
    rewrite(&page, |t| t.replace("zebra.", "zebra, 縞馬."));
    let paths = build_as_fresh(root, "a word added to a patched index");
    assert_eq!(paths.search_patched, 1);

    // Two Japanese pages at once: one's text, the other's heading.
    let first = root.join("content/ja/setup/second-method.md");
    let second = root.join("content/ja/faq.md");
    rewrite(&first, |t| format!("{t}\nもう一つの文を足しました。\n"));
    rewrite(&second, |t| t.replacen("\n## ", "\n## 追加の見出し語 ", 1));
    let paths = build_as_fresh(root, "two pages edited");
    assert_eq!((paths.search_indexes, paths.search_patched), (1, 1));
}

/// A section added or removed moves every document after the page: still patched,
/// with chunks added at the end or dropped when their number changes, and two pages
/// moving at once in opposite directions.
#[test]
fn an_edit_that_adds_or_removes_documents_patches_the_index_as_a_fresh_build_makes_it() {
    let site = shipped_site();
    let root = site.path();
    build_as_fresh(root, "the first build");
    let page = root.join("content/en/setup/second-method.md");
    let original = std::fs::read_to_string(&page).unwrap();
    rewrite(&page, |t| {
        format!("{t}\n## A new section {{#new-section}}\n\nIts own text.\n")
    });
    let paths = build_as_fresh(root, "a section added");
    assert_eq!((paths.search_indexes, paths.search_patched), (1, 1));
    std::fs::write(&page, &original).unwrap();
    let paths = build_as_fresh(root, "the section removed");
    assert_eq!(paths.search_patched, 1);

    let docs = |root: &Path| meta(root, "en")["docs"].as_u64().unwrap() as usize;
    let before = docs(root);
    // 70 sections: at least one chunk of 64 documents more.
    let sections: String = (0..70)
        .map(|n| format!("\n## Extra part {n} {{#extra-{n}}}\n\nText of part {n}.\n"))
        .collect();
    rewrite(&page, |t| format!("{t}{sections}"));
    let paths = build_as_fresh(root, "70 sections added");
    assert_eq!(paths.search_patched, 1);
    assert_eq!(docs(root), before + 70);
    let chunks = |root: &Path| {
        files_in(&root.join("public/search/en"))
            .iter()
            .filter(|(p, _)| p.starts_with('d'))
            .count()
    };
    assert_eq!(chunks(root), (before + 70).div_ceil(64));
    assert!(chunks(root) > before.div_ceil(64), "a chunk more");

    // One page loses its sections while another (earlier) gains one.
    std::fs::write(&page, &original).unwrap();
    let earlier = root.join("content/en/setup/first-method.md");
    rewrite(&earlier, |t| {
        format!("{t}\n## Also {{#also}}\n\nOne more part.\n")
    });
    let paths = build_as_fresh(root, "70 sections removed, one added elsewhere");
    assert_eq!(paths.search_patched, 1);
    assert_eq!(chunks(root), (before + 1).div_ceil(64));
}

/// A page grown past the shard size (a new layout) makes the index again, as without
/// the cache. A title in front matter renders every page again, but only the page's own
/// documents change (the menus showing the title are outside `<main>`): its index is
/// patched.
#[test]
fn a_new_shard_layout_makes_the_index_again_and_a_title_in_front_matter_patches_it() {
    let site = shipped_site();
    let root = site.path();
    build_as_fresh(root, "the first build");
    let page = root.join("content/en/setup/second-method.md");
    assert_eq!(meta(root, "en")["shards"], 1);
    // About 12 bytes of postings per new word: past the 128 KiB of one shard.
    let words: Vec<String> = (0..20_000).map(|n| format!("w{n}x")).collect();
    let words = words.join(" ");
    rewrite(&page, |t| format!("{t}\n{words}\n"));
    let paths = build_as_fresh(root, "a page grown past one shard");
    assert_eq!((paths.search_indexes, paths.search_patched), (1, 0));
    assert!(meta(root, "en")["shards"].as_u64().unwrap() > 1);
    rewrite(&page, |t| t.replace(&words, "Short again."));
    let paths = build_as_fresh(root, "back to one shard");
    assert_eq!(paths.search_patched, 0);
    assert_eq!(meta(root, "en")["shards"], 1);

    rewrite(&page, |t| {
        t.replacen(
            "title: \"Step 2: Add a backup method\"",
            "title: \"Step 2: A spare\"",
            1,
        )
    });
    let paths = build_as_fresh(root, "a title in front matter");
    assert_eq!((paths.search_indexes, paths.search_patched), (1, 1));
    let list = std::fs::read_to_string(root.join("public/en/search/index.html")).unwrap();
    assert!(list.contains("Step 2: A spare"), "the page list shows it");
}

/// A template edit renders every page again, but a page whose `<main>` is as it was takes
/// its search documents from the record: an edit outside `<main>` (and one of the page
/// list's template) keeps both indexes as they are; text added inside every page's
/// `<main>`, or a change of `[search] synonyms`, makes them again. Each build equals one
/// without the cache, the page lists included.
#[test]
fn a_template_edit_outside_main_keeps_the_index_and_one_inside_makes_it_again() {
    let site = shipped_site();
    let root = site.path();
    build_as_fresh(root, "the first build");
    let index = |code: &str| files_in(&root.join("public/search").join(code));
    let (ja, en) = (index("ja"), index("en"));
    let templates = root.join("themes/default/templates");
    rewrite(&templates.join("base.html"), |t| {
        t.replace("</body>", "<!-- a comment of the theme's -->\n</body>")
    });
    rewrite(&templates.join("search.html"), |t| {
        t.replace("</main>", "<p>Every page, listed.</p>\n</main>")
    });
    let paths = build_as_fresh(root, "base.html and search.html edited");
    assert_eq!(paths.search_indexes, 0, "both indexes are kept");
    assert_eq!((index("ja"), index("en")), (ja.clone(), en.clone()));

    rewrite(&templates.join("page.html"), |t| {
        t.replace("</main>", "<p>Kiwi</p>\n</main>")
    });
    let paths = build_as_fresh(root, "a word in page.html's <main>");
    assert_eq!(paths.search_indexes, 2, "every page's documents changed");
    assert_ne!(index("en"), en);
    let en = index("en");

    rewrite(&root.join("site.toml"), |t| {
        t.replace("synonyms = [", "synonyms = [\n  [\"kiwi\", \"キウイ\"],")
    });
    let paths = build_as_fresh(root, "a synonym group added");
    assert_eq!(paths.search_indexes, 2, "what every page holds changed");
    assert_ne!(index("en"), en);
}

/// An output folder emptied since the last build (its record kept) leaves no index to
/// keep or patch: each is made again while the pages render, the documents of pages
/// whose `<main>` is as the record has it taken from the record's documents file (none
/// is cut again but the edited one), and the output and the documents files equal a
/// build without the cache. The build after it keeps both indexes.
#[test]
fn an_emptied_output_folder_makes_each_index_again_as_a_fresh_build_makes_it() {
    let site = shipped_site();
    let root = site.path();
    let first = build_as_fresh(root, "the first build");
    let pages = first.search_docs_cut;
    assert_eq!(first.search_docs_taken, 0, "a first build cuts every page");
    assert!(pages > 0);
    let written = |code: &str| {
        let path = root.join(format!(".tebiki/public.search-{code}"));
        std::fs::metadata(path).unwrap().modified().unwrap()
    };
    let before = (written("ja"), written("en"));
    std::fs::remove_dir_all(root.join("public")).unwrap();
    let paths = build_as_fresh(root, "public/ deleted");
    assert_eq!((paths.search_indexes, paths.search_patched), (2, 0));
    assert_eq!(
        (paths.search_docs_taken, paths.search_docs_cut),
        (pages, 0),
        "every page is rendered again, and none is cut again"
    );
    assert_eq!(
        (written("ja"), written("en")),
        before,
        "the documents files, the same as before, are not written again"
    );

    rewrite(&root.join("content/ja/faq.md"), |t| {
        format!("{t}\n新しい段落：スマートフォンを替えたときの手順。\n")
    });
    std::fs::remove_dir_all(root.join("public")).unwrap();
    let paths = build_as_fresh(root, "a page edited and public/ deleted");
    assert_eq!((paths.search_indexes, paths.search_patched), (2, 0));
    assert_eq!(
        (paths.search_docs_taken, paths.search_docs_cut),
        (pages - 1, 1),
        "only the edited page is cut again"
    );
    let ja = files_in(&root.join("public/search/ja"));
    assert!(
        ja.iter()
            .any(|(_, bytes)| String::from_utf8_lossy(bytes).contains("新しい段落")),
        "the edited page's text is in the index's snippets"
    );

    let paths = build_as_fresh(root, "an unchanged rebuild");
    assert_eq!(paths.search_indexes, 0, "both indexes are kept");
}

/// A build that fails after its pages rendered (an unknown parameter in an edited page,
/// with `public/` emptied, so the index was being made and its documents file written
/// from the edited page on) leaves no documents file of its own in `.tebiki/`.
#[test]
fn a_failed_build_leaves_no_search_documents_file_of_its_own() {
    let site = shipped_site();
    let root = site.path();
    build_as_fresh(root, "the first build");
    let search_files = || {
        let mut names: Vec<String> = std::fs::read_dir(root.join(".tebiki"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.contains(".search-"))
            .collect();
        names.sort();
        names
    };
    let before = search_files();
    std::fs::remove_dir_all(root.join("public")).unwrap();
    rewrite(&root.join("content/ja/faq.md"), |t| {
        format!("{t}\n新しい段落：{{{{ no_such_param }}}}。\n")
    });
    let (outcome, _) = build(root, "public", false);
    assert!(outcome.is_err(), "the unknown parameter fails the build");
    assert_eq!(search_files(), before, "no new documents file stays behind");
}
