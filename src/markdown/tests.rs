//! Golden tests of the HTML for every directive, nesting and error case, and property
//! tests: no panic on any input, balanced tags, unique ids.

use proptest::prelude::*;

use super::*;
use crate::config::{ParamValue, Params};

fn labels() -> Labels {
    Labels {
        device_pc: "PC".into(),
        device_phone: "Phone".into(),
        device_both: "Both".into(),
        note: "Note".into(),
        tip: "Tip".into(),
        important: "Important".into(),
        warning: "Warning".into(),
        caution: "Caution".into(),
        image_fallback: vec!["Image from the English version".into()],
    }
}

fn params() -> Params {
    let mut p = Params::new();
    p.insert("desk".into(), ParamValue::Text("Help Desk".into()));
    p.insert(
        "url".into(),
        ParamValue::Text("https://help.university.example/".into()),
    );
    p.insert("tokens".into(), ParamValue::Bool(false));
    p.insert("phones".into(), ParamValue::Bool(true));
    p
}

/// Renders a page body (a front matter of two lines is prepended, so body line N is file
/// line N + 3). The `<wbr>` between Japanese phrases is left out of `html`: the phrases
/// adapter has its own tests (and `japanese_phrases_get_line_break_opportunities` here).
fn render(body: &str) -> Rendered {
    let mut r = render_with_phrase_breaks(body);
    r.html = r.html.replace("<wbr>", "");
    r
}

fn render_with_phrase_breaks(body: &str) -> Rendered {
    let text = format!("---\ntitle: T\n---\n{body}");
    render_page(&text, &params(), &crate::config::MarkdownOptions::default())
}

#[test]
fn japanese_phrases_get_line_break_opportunities() {
    let r = render_with_phrase_breaks(
        "予備の認証方法を**追加**します。\n\n::: method {#method-phone} 電話で認証\n:::\n\n```text\n予備の認証方法\n```\n",
    );
    assert!(
        r.html
            .contains("予備の<wbr>認証方法を<strong><wbr>追加</strong>します。"),
        "{}",
        r.html
    );
    assert!(
        r.html.contains("電話で<wbr>認証</span></summary>"),
        "{}",
        r.html
    );
    // Code stays as written.
    assert!(r.html.contains(">予備の認証方法\n"), "{}", r.html);
}

/// Renders a whole page file `text` whose front matter ends at byte 16 (`---\ntitle: T\n---\n`).
fn render_page(text: &str, params: &Params, options: &crate::config::MarkdownOptions) -> Rendered {
    let index = crate::diagnostics::LineIndex::new(text);
    let base = LinkBase {
        dir: "en".into(),
        base_path: "/",
    };
    let library = crate::snippets::SnippetLibrary::new(1, 0);
    let expanded = crate::snippets::expand_includes(&crate::snippets::ExpandInput {
        text,
        body_start: 16,
        line_index: &index,
        path: "content/en/p.md",
        lang: 0,
        library: &library,
    });
    render_markdown(&MarkdownInput {
        source: &expanded,
        link_base: &base,
        params,
        labels: &labels(),
        options,
        param_hints: &ParamHints::NONE,
        images: &NoImageFiles,
        partner_shots: &[],
    })
}

fn codes(r: &Rendered) -> Vec<String> {
    r.diagnostics
        .iter()
        .map(|d| format!("{}:{}:{}", d.code, d.line, d.column))
        .collect()
}

#[test]
fn method_with_device_tagged_steps() {
    let r = render("::: method {#method-phone} Phone (SMS)\n::: steps\n1. {pc} Open the page.\n2. {phone} Type the code.\n:::\n:::\n");
    assert_eq!(
        r.html,
        "<details class=\"method\" id=\"method-phone\">\n<summary><span class=\"summary-title\">Phone (SMS)</span></summary>\n<div class=\"details-body\">\n\
<ol class=\"steps\">\n<li class=\"step\" id=\"method-phone-step-1\"><span class=\"device device-pc\">PC</span> Open the page.</li>\n\
<li class=\"step\" id=\"method-phone-step-2\"><span class=\"device device-phone\">Phone</span> Type the code.</li>\n</ol>\n</div>\n</details>\n"
    );
    assert!(r.diagnostics.is_empty(), "{:?}", codes(&r));
    assert_eq!(r.structure.methods[0].id, "method-phone");
    assert_eq!(r.structure.methods[0].steps, 2);
    let ids: Vec<_> = r.anchors.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        ids,
        ["method-phone", "method-phone-step-1", "method-phone-step-2"]
    );
}

#[test]
fn faq_entry_and_callouts() {
    let r = render("::: faq {#lost-phone} I lost my **phone**\nCall {{ desk }}.\n:::\n\n::: warning\nTwo methods.\n:::\n\n::: tip Before you start\nx\n:::\n");
    assert_eq!(
        r.html,
        "<details class=\"faq\" id=\"lost-phone\">\n<summary><span class=\"summary-title\">I lost my <strong>phone</strong></span></summary>\n<div class=\"details-body\">\n<p>Call Help Desk.</p>\n</div>\n</details>\n\
<div class=\"callout callout-warning\" role=\"note\">\n<p class=\"callout-title\">Warning</p>\n<p>Two methods.</p>\n</div>\n\
<div class=\"callout callout-tip\" role=\"note\">\n<p class=\"callout-title\">Before you start</p>\n<p>x</p>\n</div>\n"
    );
    assert_eq!(
        r.toc.iter().map(|t| t.title.as_str()).collect::<Vec<_>>(),
        ["I lost my phone"]
    );
}

#[test]
fn gfm_alerts_become_callouts() {
    let r = render("> [!CAUTION]\n> Do not share codes.\n");
    assert_eq!(r.html, "<div class=\"callout callout-caution\" role=\"note\">\n<p class=\"callout-title\">Caution</p>\n<p>Do not share codes.</p>\n</div>\n");
}

#[test]
fn callout_nested_in_a_step_and_loose_steps() {
    let r = render("::: steps {#setup}\n1. {both} First.\n\n   ::: note\n   Inside.\n   :::\n\n2. Second, untagged.\n:::\n");
    assert!(r.diagnostics.is_empty(), "{:?}", codes(&r));
    assert_eq!(
        r.html,
        "<ol class=\"steps\">\n<li class=\"step\" id=\"setup-step-1\">\n<p><span class=\"device device-both\">Both</span> First.</p>\n\
<div class=\"callout callout-note\" role=\"note\">\n<p class=\"callout-title\">Note</p>\n<p>Inside.</p>\n</div>\n</li>\n\
<li class=\"step\" id=\"setup-step-2\">\n<p>Second, untagged.</p>\n</li>\n</ol>\n"
    );
}

#[test]
fn steps_outside_a_method_and_lazy_closing_line() {
    let r = render("::: steps\n1. {pc} a\n2. {phone} b\n:::\nAfter.\n");
    assert!(r.diagnostics.is_empty(), "{:?}", codes(&r));
    assert!(r.html.contains("id=\"steps-step-2\""));
    assert!(r.html.ends_with("</ol>\n<p>After.</p>\n"), "{}", r.html);
}

#[test]
fn a_device_tag_with_spaces_inside_its_braces_is_the_tag() {
    let r = render("::: steps\n1. { pc } a\n2. {　phone　} b\n:::\n");
    assert!(
        r.html.contains("<span class=\"device device-pc\">"),
        "{}",
        r.html
    );
    assert!(
        r.html.contains("<span class=\"device device-phone\">"),
        "{}",
        r.html
    );
    assert!(!r.html.contains('{'), "{}", r.html);
}

#[test]
fn conditional_blocks_are_hidden_with_their_ids() {
    let r = render("::: method {#method-token if=tokens} Token\n::: steps\n1. {pc} x\n:::\n:::\n\n::: note {if=!tokens}\nNo tokens here.\n:::\n");
    assert!(!r.html.contains("Token"));
    assert!(r.html.contains("No tokens here."));
    assert_eq!(r.hidden_ids, ["method-token"]);
    assert!(r.anchors.is_empty());
    assert!(r.structure.methods.is_empty());
}

#[test]
fn headings_get_stable_unique_ids() {
    let r = render("## Set up {#setup}\n\n## 電話で認証\n\n## FAQ\n\n## FAQ\n");
    let ids: Vec<_> = r.anchors.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["setup", "電話で認証", "faq", "faq-1"]);
    assert_eq!(r.structure.heading_ids.len(), 1);
    assert!(r.html.contains("<h2 id=\"電話で認証\">電話で認証</h2>"));
}

/// A forgotten closing brace of a heading id is a warning at the `{#`; a closed id, an id
/// with text after it, and `{#` inside inline code are not.
#[test]
fn an_unclosed_heading_id_is_a_warning_at_its_brace() {
    let r = render("## 電話 {#phone\n\n## Done {#done}\n\n## Use `{#x` here\n");
    assert_eq!(codes(&r), ["unclosed-heading-id:4:7"]);
    let help = r.diagnostics[0].english_help().unwrap();
    assert_eq!(help, "close the braces: ## 電話 {#phone}");
    assert!(r.html.contains("{#phone</h2>"), "{}", r.html);
}

#[test]
fn links_are_rewritten_and_recorded_with_locations() {
    let r = render("See [the FAQ](faq.md#lost-phone) and [help]({{url}}).\n\n![QR](img/qr.png)\n");
    assert!(
        r.html
            .contains("<a href=\"/en/faq/#lost-phone\">the FAQ</a>"),
        "{}",
        r.html
    );
    assert!(r
        .html
        .contains("<a href=\"https://help.university.example/\">help</a>"));
    assert!(
        r.html.contains("<a class=\"zoom\" href=\"/en/img/qr.png\"><img src=\"/en/img/qr.png\" alt=\"QR\" decoding=\"async\"></a>"),
        "{}",
        r.html
    );
    let l = &r.links[0];
    assert_eq!(
        (l.line, l.column, l.text.as_str(), l.fragment.as_deref()),
        (4, 5, "the FAQ", Some("lost-phone"))
    );
    assert_eq!(
        (r.links[2].line, r.links[2].column, r.links[2].is_image),
        (6, 1, true)
    );
}

#[test]
fn email_autolinks_and_bare_links_are_external_mailto_links() {
    let r = render("問い合わせ: <it-help@university.example>\nまたはhelp@university.exampleへ。\n詳しくはhttps://example.com/helpにあります\n");
    assert!(
        r.html.contains(
            "<a href=\"mailto:it-help@university.example\">it-help@university.example</a>"
        ),
        "{}",
        r.html
    );
    assert!(r.html.contains(
        "または<a href=\"mailto:help@university.example\">help@university.example</a>へ。"
    ));
    assert!(r
        .html
        .contains("<a href=\"https://example.com/help\">https://example.com/help</a>にあります"));
    let found: Vec<_> = r
        .links
        .iter()
        .map(|l| (l.target.clone(), l.written.as_str(), l.line, l.column))
        .collect();
    assert_eq!(
        found,
        [
            (
                LinkTarget::External,
                "mailto:it-help@university.example",
                4,
                8
            ),
            (LinkTarget::External, "mailto:help@university.example", 5, 4),
            (LinkTarget::External, "https://example.com/help", 6, 5),
        ]
    );
}

#[test]
fn bare_links_and_east_asian_line_breaks_can_be_switched_off() {
    let text = "---\ntitle: T\n---\n詳しくは\nhttps://example.com/にあります\n";
    let options = crate::config::MarkdownOptions {
        east_asian_line_breaks: false,
        bare_links: false,
    };
    let r = render_page(text, &params(), &options);
    assert_eq!(r.html, "<p>詳しくは\nhttps://example.com/にあります</p>\n");
    assert!(r.links.is_empty());
}

#[test]
fn code_is_highlighted_with_classes_or_shown_plain() {
    let r = render("```sh\necho hi\n```\n\n```klingon\nqapla'\n```\n");
    assert!(
        r.html.contains("<pre class=\"code hl-code language-sh\">"),
        "{}",
        r.html
    );
    assert!(
        r.html.contains("class=\"hl-"),
        "highlighted tokens use classes"
    );
    assert!(!r.html.contains("style="), "no inline styles");
    assert!(
        r.html
            .contains("<pre class=\"code\"><code>qapla&#39;\n</code></pre>")
            || r.html
                .contains("<pre class=\"code\"><code>qapla'\n</code></pre>")
    );
    assert_eq!(codes(&r), ["unknown-code-language:8:1"]);
}

#[test]
fn parameters_in_code_are_left_alone() {
    let r = render("`{{ desk }}` and {{ desk }}\n");
    assert_eq!(r.html, "<p><code>{{ desk }}</code> and Help Desk</p>\n");
}

#[test]
fn parameters_in_code_blocks_are_left_alone() {
    let r = render("```\nmail {{ desk }}\n```\n\n    call {{ desk }}\n\n```\n{{ nope }}\n```\n");
    assert!(r.html.contains("mail {{ desk }}\n"), "{}", r.html);
    assert!(r.html.contains("call {{ desk }}\n"), "{}", r.html);
    assert!(r.html.contains("{{ nope }}\n"), "{}", r.html);
    assert!(!r.html.contains("Help Desk"), "{}", r.html);
    assert_eq!(codes(&r), Vec::<String>::new());
}

#[test]
fn a_fence_with_params_opts_in_to_parameters() {
    let r = render("```sh {params}\nmail {{ desk }}\n```\n\n```{params}\nopen {{url}}\n```\n");
    assert!(r.html.contains("> Help Desk</span>"), "{}", r.html);
    assert!(
        r.html.contains("open https://help.university.example/\n"),
        "{}",
        r.html
    );
    assert!(!r.html.contains("{params}"), "{}", r.html);
    assert_eq!(codes(&r), Vec::<String>::new());
    let r = render("```sh {params}\necho {{ dsk }}\n```\n");
    assert_eq!(codes(&r), ["unknown-param:5:6"]);
}

#[test]
fn error_cases_are_located_and_the_page_still_renders() {
    let cases: &[(&str, &[&str])] = &[
        ("::: method {#a} A\ntext\n", &["unclosed-directive:4:1"]),
        ("text\n\n:::\n", &["unmatched-close:6:1"]),
        ("::: methd {#a} A\nx\n:::\n", &["unknown-directive:4:1"]),
        (
            "::: faq {#a} A\n:::\n::: faq {#a} B\n:::\n",
            &["duplicate-id:6:1"],
        ),
        ("::: method {#a}\n:::\n", &["missing-block-title:4:1"]),
        ("::: faq Question\n:::\n", &["missing-id:4:1"]),
        (
            "::: method {#a} A\n::: faq {#b} B\n:::\n:::\n",
            &["bad-nesting:5:1"],
        ),
        (
            "::: steps\n::: steps\n1. x\n:::\n:::\n",
            &["bad-nesting:5:1", "empty-steps:4:1"],
        ),
        ("::: steps\n1. {tablet} x\n:::\n", &["unknown-device:5:4"]),
        ("Hi {{ dsk }}\n", &["unknown-param:4:4"]),
        ("Hi {{ desk }, {{ desk }}\n", &["broken-param:4:4"]),
        ("## a\n\n#### b\n\n### c\n\n## d\n", &["heading-level:6:1"]),
        ("# a\n", &["heading-level:4:1"]),
        ("## {#a}\n", &["empty-heading:4:1"]),
        ("## `x` {#a}\n", &[]),
        (
            "See [](a.md) and [ ](b.md).\n",
            &["empty-link-text:4:5", "empty-link-text:4:18"],
        ),
        ("[`code`](b.md) <https://example.jp/>\n", &[]),
        ("- a\n- call { desk }}\n", &["broken-param:5:8"]),
        ("Code `{{ desk }` and\n\n```\n{ desk }}\n```\n", &[]),
        ("::: note {if=nope}\nx\n:::\n", &["unknown-param:4:1"]),
        ("::: note {if=desk}\nx\n:::\n", &["bad-condition:4:1"]),
        ("::: steps\nno list\n:::\n", &["empty-steps:4:1"]),
        (
            "- item\n\n  ::: note\n  x\n\nafter\n",
            &["unclosed-directive:6:3"],
        ),
        (
            "::: note\n- item\n\n  :::\n\n:::\n",
            &["misplaced-close:7:3"],
        ),
    ];
    for (body, expected) in cases {
        let r = render(body);
        assert_eq!(codes(&r), *expected, "for {body:?}\n{}", r.html);
        assert_balanced(&r.html).unwrap_or_else(|e| panic!("{body:?}: {e}\n{}", r.html));
    }
}

/// Checks that the block tags tebiki emits are balanced and properly nested.
fn assert_balanced(html: &str) -> Result<(), String> {
    const TAGS: [&str; 9] = [
        "details",
        "summary",
        "div",
        "ol",
        "ul",
        "li",
        "blockquote",
        "table",
        "p",
    ];
    let mut stack: Vec<&str> = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let after = &rest[start + 1..];
        let end = after.find('>').ok_or("unterminated tag")?;
        let tag = &after[..end];
        let (closing, name) = match tag.strip_prefix('/') {
            Some(name) => (true, name),
            None => (false, tag.split([' ', '/']).next().unwrap_or("")),
        };
        if TAGS.contains(&name) {
            if closing {
                match stack.pop() {
                    Some(open) if open == name => {}
                    other => return Err(format!("</{name}> closes {other:?}")),
                }
            } else {
                stack.push(name);
            }
        }
        rest = &after[end..];
    }
    match stack.is_empty() {
        true => Ok(()),
        false => Err(format!("unclosed: {stack:?}")),
    }
}

fn unique_ids(html: &str) -> Result<(), String> {
    let mut seen = std::collections::HashSet::new();
    for part in html.split(" id=\"").skip(1) {
        let id = part.split('"').next().unwrap_or("");
        if !seen.insert(id) {
            return Err(format!("duplicate id {id}"));
        }
    }
    Ok(())
}

/// Lines that exercise the directive machinery, mixed at random with Japanese text.
fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(":::".to_string()),
        Just("   :::".to_string()),
        Just("::: method {#m} 方法".to_string()),
        Just("::: method {#m2 if=tokens} Hidden".to_string()),
        Just("::: faq {#q} 質問？".to_string()),
        Just("::: steps".to_string()),
        Just("::: warning".to_string()),
        Just("::: bogus {#x".to_string()),
        Just("1. {pc} パソコンで開く".to_string()),
        Just("2. {phone} スマートフォン".to_string()),
        Just("   ::: note".to_string()),
        Just("- item".to_string()),
        Just("> [!NOTE]".to_string()),
        Just("> quote".to_string()),
        Just("## 見出し".to_string()),
        Just("```sh".to_string()),
        Just("| a | b |".to_string()),
        Just("|---|---|".to_string()),
        Just("[link](faq.md#x) {{ desk }} {{ nope".to_string()),
        Just("**「重要」**を[**リンク**](a.md)、*『x』*_y_~~「z」~~**".to_string()),
        Just("詳しくはhttps://example.com/a)にit-help@u.example。<a@b.example>`*」`".to_string()),
        Just("設定を開く。".to_string()),
        Just(String::new()),
        // Printable ASCII without `<`: raw HTML is passed through as written, so an
        // unbalanced `<div>` typed by an editor would stay unbalanced by design.
        "[ -;=-~ぁ-んァ-ン一-龥\\t]{0,20}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_and_stays_balanced(lines in proptest::collection::vec(line(), 0..40), crlf in any::<bool>()) {
        let body = lines.join(if crlf { "\r\n" } else { "\n" });
        let r = render(&body);
        prop_assert!(assert_balanced(&r.html).is_ok(), "{:?}", assert_balanced(&r.html));
        prop_assert!(unique_ids(&r.html).is_ok(), "{:?}", unique_ids(&r.html));
    }

    #[test]
    fn arbitrary_text_never_panics(body in "\\PC{0,200}") {
        let r = render(&body);
        for d in &r.diagnostics {
            prop_assert!(d.line >= 1);
        }
    }
}

/// Counterexamples found by the property tests, kept as named regressions.
mod regressions {
    use super::*;

    #[test]
    fn duplicate_explicit_ids_stay_unique_in_html() {
        let r = render("::: faq {#q} 質問？\n::: faq {#q} 質問？\n");
        unique_ids(&r.html).unwrap();
        assert!(codes(&r).contains(&"duplicate-id:5:1".to_string()));
    }

    #[test]
    fn block_left_open_in_a_list_item_closes_before_the_item() {
        let r = render("- item\n   ::: note\n::: method {#m} 方法\n");
        assert_balanced(&r.html).unwrap();
    }

    #[test]
    fn directive_on_the_last_line_without_newline() {
        let r = render("::: note\nx\n:::");
        assert!(r.diagnostics.is_empty(), "{:?}", codes(&r));
        assert_balanced(&r.html).unwrap();
    }
}

#[test]
fn else_shows_when_the_if_block_before_it_is_hidden() {
    let r = render("::: note {if=tokens}\nA\n:::\n::: else\nB\n:::\n\n::: note {if=phones}\nC\n:::\n::: else\nD\n:::\n");
    assert!(r.diagnostics.is_empty(), "{:?}", codes(&r));
    assert!(
        r.html.contains("<p>B</p>") && r.html.contains("<p>C</p>"),
        "{}",
        r.html
    );
    assert!(
        !r.html.contains("<p>A</p>") && !r.html.contains("<p>D</p>"),
        "{}",
        r.html
    );
    let r = render("text\n\n::: else\nB\n:::\n");
    assert_eq!(codes(&r), ["misplaced-else:6:1"]);
}

#[test]
fn conditions_compare_values_and_suggest_names() {
    let r = render("::: note {if=\"desk == Help Desk\"}\nA\n:::\n::: note {if=\"desk != Help Desk\"}\nB\n:::\n");
    assert!(
        r.html.contains("<p>A</p>") && !r.html.contains("<p>B</p>"),
        "{}",
        r.html
    );
    let r = render("::: note {if=\"dsk == x\"}\nA\n:::\n");
    assert_eq!(codes(&r), ["unknown-param:4:1"]);
    assert_eq!(
        r.diagnostics[0].english_help().as_deref(),
        Some("did you mean if=desk?")
    );
}

#[test]
fn steps_inside_a_step_are_sub_steps_with_badges_at_every_level() {
    let r = render("::: steps {#s}\n1. {pc} First.\n\n   ::: steps\n   1. {phone} Sub one.\n   2. Sub two.\n\n      - {both} detail\n   :::\n\n2. Second.\n:::\n");
    assert!(r.diagnostics.is_empty(), "{:?}", codes(&r));
    assert!(r.html.contains("<ol class=\"steps substeps\">\n<li class=\"step\" id=\"s-step-1-1\">\n<p><span class=\"device device-phone\">Phone</span> Sub one."), "{}", r.html);
    assert!(r.html.contains("id=\"s-step-1-2\""), "{}", r.html);
    assert!(
        r.html
            .contains("<li><span class=\"device device-both\">Both</span> detail</li>"),
        "{}",
        r.html
    );
    let counts: Vec<_> = r
        .structure
        .steps
        .iter()
        .map(|b| (b.id.as_str(), b.steps))
        .collect();
    assert_eq!(counts, [("s", 2), ("s-step-1", 2)]);
}

#[test]
fn steps_beside_the_steps_of_a_block_are_bad_nesting_with_a_useful_help() {
    let r = render("::: steps\n::: steps\n1. a\n:::\n:::\n");
    assert!(
        codes(&r).contains(&"bad-nesting:5:1".to_string()),
        "{:?}",
        codes(&r)
    );
    let help = r
        .diagnostics
        .iter()
        .find(|d| d.code == "bad-nesting")
        .and_then(|d| d.english_help());
    assert!(help.unwrap_or_default().contains("indent this ::: steps"));
}

#[test]
fn device_tags_without_effect_are_warnings_and_never_text() {
    let r = render("- {pc} a list item\n\n{phone} a paragraph\n\n{x} stays\n");
    assert_eq!(
        codes(&r),
        ["unused-device-tag:4:3", "unused-device-tag:6:1"]
    );
    assert!(
        !r.html.contains("{pc}") && !r.html.contains("{phone}"),
        "{}",
        r.html
    );
    assert!(r.html.contains("{x} stays"), "{}", r.html);
}

#[test]
fn parameters_in_raw_html_are_substituted_and_escaped() {
    let r = render("<a href=\"{{ url }}\">{{ desk }}</a>\n\nSee <a href=\"{{ url }}?a=1\">the desk</a>.\n\n<p title=\"{{ nope }}\">x</p>\n");
    assert!(
        r.html
            .contains("<a href=\"https://help.university.example/\">Help Desk</a>"),
        "{}",
        r.html
    );
    assert!(
        r.html
            .contains("<a href=\"https://help.university.example/?a=1\">the desk</a>"),
        "{}",
        r.html
    );
    assert_eq!(codes(&r), ["unknown-param:8:11"]);
    assert_eq!(r.links[0].url, "https://help.university.example/");
    let mut params = params();
    params.insert("desk".into(), ParamValue::Text("\"<b>\"".into()));
    let text = "---\ntitle: T\n---\n<span title=\"{{ desk }}\">{{ desk }}</span>\n";
    let r = render_page(text, &params, &crate::config::MarkdownOptions::default());
    assert!(
        r.html
            .contains("title=\"&quot;&lt;b&gt;&quot;\">\"&lt;b&gt;\"</span>"),
        "{}",
        r.html
    );
}
