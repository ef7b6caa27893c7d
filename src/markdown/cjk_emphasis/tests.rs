use pulldown_cmark::{html, Options, Parser};

use super::cjk_emphasis;

fn options() -> Options {
    Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES
}

fn render(markdown: &str) -> String {
    let mut out = String::new();
    let events = cjk_emphasis(
        Parser::new_ext(markdown, options()).into_offset_iter(),
        markdown,
    );
    html::push_html(&mut out, events.map(|(event, _)| event));
    out
}

fn render_rematched(markdown: &str) -> String {
    let mut out = String::new();
    let events = cjk_emphasis(
        Parser::new_ext(markdown, options()).into_offset_iter(),
        markdown,
    )
    .rematching_everything();
    html::push_html(&mut out, events.map(|(event, _)| event));
    out
}

fn render_plain(markdown: &str) -> String {
    let mut out = String::new();
    html::push_html(&mut out, Parser::new_ext(markdown, options()));
    out
}

fn inline(markdown: &str) -> String {
    let html = render(markdown);
    let html = html.trim_end();
    html.strip_prefix("<p>")
        .and_then(|h| h.strip_suffix("</p>"))
        .unwrap_or(html)
        .to_string()
}

#[test]
fn bold_around_japanese_brackets_and_punctuation() {
    let cases = [
        (
            "**「サインイン」**をクリックします",
            "<strong>「サインイン」</strong>をクリックします",
        ),
        (
            "**多要素認証（MFA）**を有効にします",
            "<strong>多要素認証（MFA）</strong>を有効にします",
        ),
        ("**注意：**コードは", "<strong>注意：</strong>コードは"),
        ("*『設定』*を開く", "<em>『設定』</em>を開く"),
        ("これは**重要。**です", "これは<strong>重要。</strong>です"),
        ("**完了！**次へ", "<strong>完了！</strong>次へ"),
        ("**本当？**はい", "<strong>本当？</strong>はい"),
        (
            "「**保存**」、**次へ**。",
            "「<strong>保存</strong>」、<strong>次へ</strong>。",
        ),
        ("~~「旧手順」~~を削除", "<del>「旧手順」</del>を削除"),
    ];
    for (markdown, expected) in cases {
        assert_eq!(inline(markdown), expected, "{markdown}");
    }
}

#[test]
fn several_runs_in_one_paragraph_pair_correctly() {
    assert_eq!(
        inline("これは**「重要」**です。次に**多要素認証（MFA）**を有効にします。"),
        "これは<strong>「重要」</strong>です。次に<strong>多要素認証（MFA）</strong>を有効にします。"
    );
    assert_eq!(
        inline("*「一」*と**「二」**と***「三」***"),
        "<em>「一」</em>と<strong>「二」</strong>と<em><strong>「三」</strong></em>"
    );
}

#[test]
fn links_and_code_inside_bold() {
    assert_eq!(
        inline("**[リンク](https://example.com/)**を開きます"),
        "<strong><a href=\"https://example.com/\">リンク</a></strong>を開きます"
    );
    assert_eq!(
        inline("**`tebiki build`**を実行します"),
        "<strong><code>tebiki build</code></strong>を実行します"
    );
    assert_eq!(
        inline("[**「設定」**を開く](a.md)"),
        "<a href=\"a.md\"><strong>「設定」</strong>を開く</a>"
    );
}

#[test]
fn underscore_stays_strict_inside_words() {
    // The amendment keeps `_` from opening after a letter: snake_case in Japanese text
    // stays literal.
    assert_eq!(
        inline("変数file_nameと_「名前」_"),
        "変数file_nameと_「名前」_"
    );
    assert_eq!(inline("「_強調_」"), "「<em>強調</em>」");
}

#[test]
fn code_and_escapes_are_untouched() {
    assert_eq!(inline("`**「a」**`です"), "<code>**「a」**</code>です");
    assert_eq!(inline("\\*\\*「a」**です"), "**「a」**です");
    assert_eq!(
        render("```\n**「a」**を\n```\n"),
        "<pre><code>**「a」**を\n</code></pre>\n"
    );
}

#[test]
fn english_emphasis_is_unchanged() {
    for markdown in [
        "**Note:** the *first* step",
        "a**\"foo\"**b and __bar__baz",
        "snake_case_name and *a **b** c*",
        "**\"Sign in\"**, then ~~old~~ new",
        "*(**foo**)*",
        "foo***bar***baz",
    ] {
        assert_eq!(render(markdown), render_plain(markdown), "{markdown}");
    }
}

#[derive(serde::Deserialize)]
struct Example {
    number: usize,
    markdown: String,
}

/// Re-matching every inline run (not only those next to CJK text) gives pulldown-cmark's
/// own output for every example of the CommonMark spec: the re-matching is CommonMark's
/// algorithm, and the amendment only changes what happens next to CJK characters.
#[test]
fn rematching_reproduces_pulldown_cmark_on_the_whole_spec() {
    let json = include_str!("../../../tests/data/commonmark/spec-0.31.2.json");
    let examples: Vec<Example> = serde_json::from_str(json).unwrap();
    let mut differ = Vec::new();
    for example in &examples {
        if render_rematched(&example.markdown) != render_plain(&example.markdown) {
            differ.push(example.number);
        }
    }
    assert!(
        differ.is_empty(),
        "examples re-matched differently: {differ:?}"
    );
}
