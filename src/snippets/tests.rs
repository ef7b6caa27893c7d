//! Expansion: indentation, arguments, nesting, cycles, missing snippets, fallback, and
//! locations through the source map.

use super::*;

fn library(snippets: &[(usize, &str, &str)]) -> SnippetLibrary {
    let mut library = SnippetLibrary::new(2, 0);
    for (lang, name, text) in snippets {
        let code = ["ja", "en"][*lang];
        library.insert(Snippet::new(
            name.to_string(),
            *lang,
            format!("content/{code}/_snippets/{name}.md"),
            text.to_string(),
        ));
    }
    library
}

/// Expands `body` as page `content/en/p.md` (front matter of 3 lines first).
fn expand<'a>(text: &'a str, index: &'a LineIndex, library: &'a SnippetLibrary) -> Expanded<'a> {
    expand_includes(&ExpandInput {
        text,
        body_start: text.find("---\n\n").map_or(0, |i| i + 5),
        line_index: index,
        path: "content/en/p.md",
        lang: 1,
        library,
    })
}

fn page(body: &str) -> String {
    format!("---\ntitle: T\n---\n\n{body}")
}

#[test]
fn pages_without_includes_are_borrowed() {
    let text = page("hello\n");
    let (index, lib) = (LineIndex::new(&text), library(&[]));
    let e = expand(&text, &index, &lib);
    assert!(matches!(e.text, Cow::Borrowed("hello\n")));
    assert_eq!(e.map.locate(0).line, 5);
}

#[test]
fn includes_are_indented_and_take_arguments() {
    let lib = library(&[(1, "add", "Open **{{ method }}**.\n\nThen {{ other }}.")]);
    let text = page("1. step\n\n   ::: include add {method=\"the app\"}\nafter\n");
    let index = LineIndex::new(&text);
    let e = expand(&text, &index, &lib);
    assert_eq!(
        e.text,
        "1. step\n\n   Open **the app**.\n   \n   Then {{ other }}.\n\nafter\n"
    );
    assert!(e.diagnostics.is_empty());
    // `{{ other }}` is in the snippet at line 3, column 6, included from line 7.
    let at = e.map.locate(e.text.find("{{ other").unwrap());
    assert_eq!(
        (at.path.as_str(), at.line, at.column),
        ("content/en/_snippets/add.md", 3, 6)
    );
    assert_eq!(at.included_from.len(), 1);
    assert_eq!(at.included_from[0].to_string(), "content/en/p.md:7:4");
    // An argument's value maps to its `{{`.
    let value = e.map.locate(e.text.find("the app").unwrap());
    assert_eq!((value.line, value.column), (1, 8));
    let after = e.map.locate(e.text.find("after").unwrap());
    assert_eq!((after.line, after.included_from.len()), (8, 0));
    assert_eq!(e.map.locate_in_page(e.text.find("Then").unwrap()), (7, 4));
}

#[test]
fn arguments_in_html_attributes_are_escaped_and_markdown_elsewhere() {
    let lib = library(&[(1, "a", "<a title=\"{{ t }}\">{{ t }}</a> and {{ t }}\n")]);
    let text = page("::: include a {t=\"a<b>\"}\n");
    let index = LineIndex::new(&text);
    let e = expand(&text, &index, &lib);
    assert_eq!(e.text, "<a title=\"a&lt;b&gt;\">a<b></a> and a<b>\n");
}

#[test]
fn arguments_the_snippet_never_mentions_are_warnings() {
    let lib = library(&[(1, "a", "Choose {{ method }}.\n")]);
    let text = page("::: include a {methd=App}\n");
    let index = LineIndex::new(&text);
    let e = expand(&text, &index, &lib);
    assert_eq!(e.diagnostics.len(), 1);
    let d = &e.diagnostics[0];
    assert_eq!(
        (d.code.name(), d.location().as_str()),
        ("unused-argument", "content/en/p.md:5:1")
    );
    assert_eq!(
        d.english_help().as_deref(),
        Some("did you mean method=…? The snippet uses {{ method }}")
    );
}

#[test]
fn nested_includes_pass_arguments_on_and_chain_locations() {
    let lib = library(&[
        (1, "outer", "A\n::: include inner {x={{ y }}}\n"),
        (1, "inner", "x is {{ x }} {{ bad }}\n"),
    ]);
    let text = page("::: include outer {y=7}\n");
    let index = LineIndex::new(&text);
    let e = expand(&text, &index, &lib);
    assert_eq!(e.text, "A\n\nx is 7 {{ bad }}\n");
    let at = e.map.locate(e.text.find("{{ bad").unwrap());
    assert_eq!(at.path, "content/en/_snippets/inner.md");
    let chain: Vec<String> = at.included_from.iter().map(|s| s.to_string()).collect();
    assert_eq!(
        chain,
        ["content/en/_snippets/outer.md:2:1", "content/en/p.md:5:1"]
    );
}

#[test]
fn cycles_are_errors_that_show_the_chain() {
    let lib = library(&[
        (1, "a", "::: include b\n"),
        (1, "b", "text\n::: include a\n"),
    ]);
    let text = page("::: include a\n");
    let index = LineIndex::new(&text);
    let e = expand(&text, &index, &lib);
    assert_eq!(e.diagnostics.len(), 1, "{:?}", e.diagnostics);
    let d = &e.diagnostics[0];
    assert_eq!(d.code, "include-cycle");
    assert!(d.message.contains("a → b → a"), "{}", d.message);
    assert_eq!(d.location(), "content/en/_snippets/b.md:2:1");
    assert_eq!(d.included_from.len(), 2);
    assert_eq!(e.text, "text\n");
}

#[test]
fn missing_snippets_suggest_a_name_and_fall_back_to_another_language() {
    let lib = library(&[(0, "add-method", "日本語\n")]);
    let text = page("::: include add-methd\n::: include add-method\n");
    let index = LineIndex::new(&text);
    let e = expand(&text, &index, &lib);
    assert_eq!(e.diagnostics.len(), 1);
    assert_eq!(e.diagnostics[0].code, "missing-snippet");
    assert_eq!(
        e.diagnostics[0].english_help().as_deref(),
        Some("did you mean '::: include add-method'?")
    );
    assert_eq!(e.text, "日本語\n");
}

/// An include written right under a paragraph line (no blank line between) is a block of
/// its own: the snippet does not join that paragraph, and the line after the include does
/// not join the snippet's last paragraph.
#[test]
fn an_include_right_under_a_paragraph_starts_a_block() {
    let lib = library(&[(1, "help", "Call {{ who }}.\n")]);
    let text = page("Open the app.\n::: include help {who=\"the desk\"}\nThen sign in.\n");
    let index = LineIndex::new(&text);
    let e = expand(&text, &index, &lib);
    assert_eq!(e.text, "Open the app.\n\nCall the desk.\n\nThen sign in.\n");
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(&e.text));
    assert_eq!(
        html,
        "<p>Open the app.</p>\n<p>Call the desk.</p>\n<p>Then sign in.</p>\n"
    );
    // The lines keep their places: the page's text after the include is still line 7.
    let then = e.map.locate(e.text.find("Then").unwrap());
    assert_eq!(
        (then.path.as_str(), then.line, then.column),
        ("content/en/p.md", 7, 1)
    );
    let call = e.map.locate(e.text.find("Call").unwrap());
    assert_eq!(call.path, "content/en/_snippets/help.md");

    // Inside a list item the snippet stays in the item, as its own paragraph.
    let text = page("1. Open the app.\n   ::: include help {who=you}\n2. Next\n");
    let index = LineIndex::new(&text);
    let e = expand(&text, &index, &lib);
    assert_eq!(e.text, "1. Open the app.\n\n   Call you.\n\n2. Next\n");
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(&e.text));
    assert!(
        html.contains("<li>\n<p>Open the app.</p>\n<p>Call you.</p>\n</li>"),
        "{html}"
    );
}

#[test]
fn include_lines_in_fenced_code_stay_code() {
    let lib = library(&[(1, "a", "A\n")]);
    let text = page("```\n::: include a\n```\n");
    let index = LineIndex::new(&text);
    assert_eq!(
        expand(&text, &index, &lib).text,
        "```\n::: include a\n```\n"
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 256, ..Default::default() })]

    /// Any page and snippets (include lines, cycles, fences, Japanese, CRLF, unclosed
    /// braces): expansion never panics, and every offset of the result locates.
    #[test]
    fn expansion_never_panics_and_every_offset_locates(
        body in "((::: include [ab]( \\{x=\"[a-z ]{0,4}\"\\})?|  ::: include [abc]|```|\\{\\{ ?x ?\\}\\}|日本語|[a-z ]{0,6}|\r)\n?){0,12}",
        a in "((::: include [ab]|\\{\\{ x \\}\\}|語|[a-z]{0,4})\n?){0,6}",
        b in "((::: include [a]|\\{\\{ x|text)\n?){0,4}",
    ) {
        let lib = library(&[(1, "a", &a), (1, "b", &b), (0, "b", &b)]);
        let text = page(&body);
        let index = LineIndex::new(&text);
        let e = expand(&text, &index, &lib);
        for offset in 0..=e.text.len() {
            let at = e.map.locate(offset);
            proptest::prop_assert!(at.line >= 1);
            let _ = e.map.locate_in_page(offset);
        }
    }
}
