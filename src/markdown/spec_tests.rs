//! The CommonMark spec (0.31.2) as a test of the whole markdown stage: every example of
//! `tests/data/commonmark/spec-0.31.2.json` goes through [`render_markdown`] with the
//! default `[markdown]` options, and its HTML, normalised, must equal the spec's, unless
//! `tests/data/commonmark/differences.txt` names the example with the reason it differs
//! on purpose. An example on that list that no longer differs fails too, so the list
//! stays true.

use std::collections::BTreeMap;

use super::*;
use crate::config::MarkdownOptions;
use crate::diagnostics::LineIndex;

#[derive(serde::Deserialize)]
struct Example {
    number: usize,
    section: String,
    markdown: String,
    html: String,
}

fn render_example(markdown: &str) -> String {
    let index = LineIndex::new(markdown);
    let base = LinkBase {
        dir: "en".into(),
        base_path: "/",
    };
    let (params, labels) = (Params::new(), Labels::default());
    let library = crate::snippets::SnippetLibrary::new(1, 0);
    let expanded = crate::snippets::expand_includes(&crate::snippets::ExpandInput {
        text: markdown,
        body_start: 0,
        line_index: &index,
        path: "content/en/spec.md",
        lang: 0,
        library: &library,
    });
    render_markdown(&MarkdownInput {
        source: &expanded,
        link_base: &base,
        params: &params,
        labels: &labels,
        options: &MarkdownOptions::default(),
        param_hints: &ParamHints::NONE,
        images: &NoImageFiles,
        partner_shots: &[],
    })
    .html
}

/// Makes equal what only differs in ways HTML does not care about: line breaks next to
/// tags, `&quot;` or `"` (pulldown-cmark's writer leaves `"` in text as it is), and the
/// `id` tebiki gives every heading (its own feature, tested elsewhere).
fn normalise(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("<h") {
        out.push_str(&rest[..at]);
        let tag_end = rest[at..].find('>').map_or(rest.len(), |e| at + e + 1);
        let tag = &rest[at..tag_end];
        let is_heading = tag
            .as_bytes()
            .get(2)
            .is_some_and(|b| (b'1'..=b'6').contains(b));
        match tag.find(" id=\"") {
            Some(id) if is_heading => {
                let id_end = tag[id + 5..]
                    .find('"')
                    .map_or(tag.len(), |e| id + 5 + e + 1);
                out.push_str(&tag[..id]);
                out.push_str(&tag[id_end..]);
            }
            _ => out.push_str(tag),
        }
        rest = &rest[tag_end..];
    }
    out.push_str(rest);
    out.replace(">\n", ">")
        .replace("\n<", "<")
        .replace("&quot;", "\"")
        .trim()
        .to_string()
}

/// `differences.txt`: `NUMBER: reason` lines; `#` starts a comment.
fn intended_differences() -> BTreeMap<usize, String> {
    include_str!("../../tests/data/commonmark/differences.txt")
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| {
            let (number, reason) = line.split_once(':').expect("NUMBER: reason");
            (
                number.trim().parse().expect("a number"),
                reason.trim().to_string(),
            )
        })
        .collect()
}

#[test]
fn commonmark_spec_examples_render_as_the_spec_says_except_listed_differences() {
    let json = include_str!("../../tests/data/commonmark/spec-0.31.2.json");
    let examples: Vec<Example> = serde_json::from_str(json).unwrap();
    assert_eq!(examples.len(), 652);
    let intended = intended_differences();
    let mut unexpected = String::new();
    let mut now_equal = Vec::new();
    for example in &examples {
        let got = normalise(&render_example(&example.markdown));
        let differs = got != normalise(&example.html);
        match (differs, intended.contains_key(&example.number)) {
            (true, false) => unexpected.push_str(&format!(
                "example {} ({}):\n{:?}\nexpected {:?}\ngot      {:?}\n\n",
                example.number, example.section, example.markdown, example.html, got
            )),
            (false, true) => now_equal.push(example.number),
            _ => {}
        }
    }
    assert!(unexpected.is_empty(), "unlisted differences:\n{unexpected}");
    assert!(
        now_equal.is_empty(),
        "listed in differences.txt but rendered as the spec says (remove them): {now_equal:?}"
    );
}

#[test]
fn normalising_drops_heading_ids_and_tag_line_breaks_only() {
    assert_eq!(
        normalise("<h2 id=\"a-b\">A <em>b</em></h2>\n<p>x\ny</p>\n<hr />\n"),
        "<h2>A <em>b</em></h2><p>x\ny</p><hr />"
    );
    assert_eq!(normalise("<p id=\"k\">x</p>"), "<p id=\"k\">x</p>");
}

/// Japanese as editors write it, through the whole stage: (Markdown, the `<p>` content).
const JAPANESE: &[(&str, &str)] = &[
    ("**「サインイン」**をクリックします。", "<strong>「サインイン」</strong>をクリックします。"),
    ("**『設定』**画面", "<strong>『設定』</strong>画面"),
    ("**多要素認証（MFA）**を有効にします。", "<strong>多要素認証（MFA）</strong>を有効にします。"),
    ("**注意：**コードは30秒ごとに変わります。", "<strong>注意：</strong>コードは30秒ごとに変わります。"),
    ("*重要、*次へ。", "<em>重要、</em>次へ。"),
    ("**完了。**次に進みます", "<strong>完了。</strong>次に進みます"),
    ("**今すぐ！**と**本当？**です", "<strong>今すぐ！</strong>と<strong>本当？</strong>です"),
    // `_` still may not close before a letter (the amendment keeps that rule).
    ("「_斜体_」と_「x」_です", "「<em>斜体</em>」と_「x」_です"),
    ("~~「旧い手順」~~は使いません", "<del>「旧い手順」</del>は使いません"),
    (
        "**[サインイン画面](https://example.com/)**を開きます",
        "<strong><a href=\"https://example.com/\">サインイン画面</a></strong>を開きます",
    ),
    ("**`tebiki build`**を実行", "<strong><code>tebiki build</code></strong>を実行"),
    (
        "これは**「重要」**です。次に**多要素認証（MFA）**を有効にします。",
        "これは<strong>「重要」</strong>です。次に<strong>多要素認証（MFA）</strong>を有効にします。",
    ),
    ("設定画面を開きます。\n次に、アプリを起動します。", "設定画面を開きます。次に、アプリを起動します。"),
    ("アプリ\nAuthenticatorを開く", "アプリ\nAuthenticatorを開く"),
    ("Authenticator\nを開く", "Authenticator\nを開く"),
    ("手順は\n3つです", "手順は\n3つです"),
    (
        "詳しくはhttps://example.com/helpにあります。",
        "詳しくは<a href=\"https://example.com/help\">https://example.com/help</a>にあります。",
    ),
    (
        "窓口（it-help@university.example）へ",
        "窓口（<a href=\"mailto:it-help@university.example\">it-help@university.example</a>）へ",
    ),
    (
        "<it-help@university.example>まで",
        "<a href=\"mailto:it-help@university.example\">it-help@university.example</a>まで",
    ),
];

/// English: what CommonMark (and tebiki before the East Asian passes) gave.
const ENGLISH: &[(&str, &str)] = &[
    (
        "**Note:** the code changes.",
        "<strong>Note:</strong> the code changes.",
    ),
    ("a**\"foo\"**b", "a**\"foo\"**b"),
    (
        "snake_case_name and __init__",
        "snake_case_name and <strong>init</strong>",
    ),
    (
        "*a **b** c* and ~~old~~",
        "<em>a <strong>b</strong> c</em> and <del>old</del>",
    ),
    (
        "foo*bar*baz, foo_bar_baz",
        "foo<em>bar</em>baz, foo_bar_baz",
    ),
    (
        "Open the app.\nThen sign in.",
        "Open the app.\nThen sign in.",
    ),
    (
        "See https://example.com/help.",
        "See <a href=\"https://example.com/help\">https://example.com/help</a>.",
    ),
];

fn paragraph(markdown: &str) -> String {
    // The `<wbr>` between Japanese phrases is the phrases adapter's (tested there); these
    // cases are about emphasis, line breaks and links.
    let html = render_example(markdown).replace("<wbr>", "");
    let html = html.trim_end();
    html.strip_prefix("<p>")
        .and_then(|h| h.strip_suffix("</p>"))
        .unwrap_or(html)
        .to_string()
}

#[test]
fn japanese_and_english_cases_through_the_markdown_stage() {
    for (markdown, expected) in JAPANESE.iter().chain(ENGLISH) {
        assert_eq!(&paragraph(markdown), expected, "{markdown:?}");
    }
}
