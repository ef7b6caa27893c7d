//! Images and `::: screenshot` through the whole Markdown stage, with a stand-in for the
//! build's image files: sizes, lazy loading, the zoom link, another language's file, and
//! markers placed, checked and borrowed.

use super::*;
use crate::config::{MarkdownOptions, Params};

/// `en/img/shot.png` (640×400) and `en/img/other.png` (320×200) exist in English;
/// `ja/img/shot.png` (640×400) only in Japanese, language 1; `en/img/broken.png` cannot
/// be measured.
struct Files;

impl ImageFiles for Files {
    fn find(&self, path: &str) -> ImageFile {
        let size = |width, height| Some(ImageSize { width, height });
        match path {
            "en/img/shot.png" => ImageFile::Found(size(640, 400)),
            "en/img/other.png" => ImageFile::Found(size(320, 200)),
            "en/img/broken.png" => ImageFile::Found(None),
            "ja/img/shot.png" => ImageFile::Found(size(640, 400)),
            "en/img/only-ja.png" => ImageFile::Fallback {
                path: "ja/img/only-ja.png".into(),
                size: size(100, 50),
                lang: 1,
            },
            _ => ImageFile::Missing,
        }
    }
}

fn render(body: &str, partners: &[Vec<ScannedShot>]) -> Rendered {
    let text = format!("---\ntitle: T\n---\n{body}");
    let index = crate::diagnostics::LineIndex::new(&text);
    let base = LinkBase {
        dir: "en".into(),
        base_path: "/",
    };
    let library = crate::snippets::SnippetLibrary::new(1, 0);
    let expanded = crate::snippets::expand_includes(&crate::snippets::ExpandInput {
        text: &text,
        body_start: 16,
        line_index: &index,
        path: "content/en/p.md",
        lang: 0,
        library: &library,
    });
    let labels = Labels {
        image_fallback: vec![
            "From the English version".into(),
            "From the 日本語 version".into(),
        ],
        ..Labels::default()
    };
    render_markdown(&MarkdownInput {
        source: &expanded,
        link_base: &base,
        params: &Params::new(),
        labels: &labels,
        options: &MarkdownOptions::default(),
        images: &Files,
        partner_shots: partners,
        param_hints: &ParamHints::NONE,
    })
}

fn codes(r: &Rendered) -> Vec<String> {
    r.diagnostics
        .iter()
        .map(|d| format!("{}:{}:{}", d.code, d.line, d.column))
        .collect()
}

#[test]
fn images_get_their_size_and_only_the_first_is_loaded_eagerly() {
    let r = render("![One](img/shot.png)\n\n![Two](img/other.png \"T\")\n\n[![In a link](img/shot.png)](https://example.org/)\n", &[]);
    assert!(r.html.contains("<a class=\"zoom\" href=\"/en/img/shot.png\"><img src=\"/en/img/shot.png\" alt=\"One\" width=\"640\" height=\"400\" decoding=\"async\"></a>"), "{}", r.html);
    assert!(r.html.contains("<img src=\"/en/img/other.png\" alt=\"Two\" title=\"T\" width=\"320\" height=\"200\" loading=\"lazy\" decoding=\"async\">"), "{}", r.html);
    // An image inside a link opens that link, not the zoom.
    assert!(
        r.html.contains(
            "<a href=\"https://example.org/\"><img src=\"/en/img/shot.png\" alt=\"In a link\""
        ),
        "{}",
        r.html
    );
    assert!(codes(&r).is_empty(), "{:?}", codes(&r));
}

#[test]
fn an_image_missing_here_comes_from_another_language_with_a_note_and_a_warning() {
    let r = render("Text\n\n![Only in Japanese](img/only-ja.png)\n", &[]);
    assert!(
        r.html.contains(
            "<img src=\"/ja/img/only-ja.png\" alt=\"Only in Japanese\" width=\"100\" height=\"50\""
        ),
        "{}",
        r.html
    );
    assert!(
        r.html
            .contains("<small class=\"image-note\">From the 日本語 version</small>"),
        "{}",
        r.html
    );
    assert_eq!(codes(&r), ["image-from-other-language:6:1"]);
    // The link check sees the file the page shows.
    assert_eq!(
        r.links[0].target,
        LinkTarget::File {
            path: "ja/img/only-ja.png".into()
        }
    );
}

const SHOT: &str = "::: screenshot img/shot.png {alt=\"The Security info page\" #shot}\n1. 320,100 Select **Add sign-in method**.\n2. 0,200,64x40 Your methods.\n:::\n";

#[test]
fn a_screenshot_renders_markers_in_percent_and_the_items_as_a_list() {
    let r = render(SHOT, &[]);
    assert!(codes(&r).is_empty(), "{:?}", codes(&r));
    let html = &r.html;
    assert!(
        html.contains("<figure class=\"screenshot\" id=\"shot\">"),
        "{html}"
    );
    assert!(
        html.contains("alt=\"The Security info page\" width=\"640\" height=\"400\""),
        "{html}"
    );
    assert!(
        html.contains(
            "<span class=\"shot-mark\" style=\"left:50%;top:25%\" aria-hidden=\"true\">1</span>"
        ),
        "{html}"
    );
    assert!(html.contains("<span class=\"shot-box\" style=\"left:0%;top:50%;width:10%;height:10%\"></span><span class=\"shot-mark\" style=\"left:0%;top:50%\" aria-hidden=\"true\">2</span>"), "{html}");
    assert!(html.contains("<figcaption>\n<ol>\n<li>Select <strong>Add sign-in method</strong>.</li>\n<li>Your methods.</li>\n</ol>\n</figcaption>\n</figure>"), "{html}");
    assert!(r.links.iter().any(|l| l.is_image
        && l.target
            == LinkTarget::File {
                path: "en/img/shot.png".into()
            }));
}

#[test]
fn a_marker_outside_the_image_is_an_error_at_its_item() {
    let r = render("::: screenshot img/shot.png {alt=\"A\"}\n1. 10,10 Fine.\n2. 641,10 Too far right.\n3. 600,380,50x10 Box too wide.\n:::\n", &[]);
    assert_eq!(
        codes(&r),
        ["screenshot-marker:6:4", "screenshot-marker:7:4"]
    );
    let d = &r.diagnostics[0];
    assert!(
        d.message
            .contains("marker 2 (641,10) is outside the image, which is 640×400 pixels"),
        "{}",
        d.message
    );
    assert!(d
        .english_help()
        .as_deref()
        .is_some_and(|h| h.contains("x from 0 to 640")));
    // The list still renders, with the marker that fits.
    assert_eq!(
        r.html.matches("class=\"shot-mark\"").count(),
        1,
        "{}",
        r.html
    );
    assert!(r.html.contains("<li>Too far right.</li>"), "{}", r.html);
}

#[test]
fn items_without_positions_borrow_them_from_another_language_with_a_same_size_image() {
    let body = "::: screenshot img/shot.png {alt=\"A\"}\n1. Select **Add**.\n2. No position anywhere.\n:::\n";
    let ja = |image: &str| {
        vec![vec![ScannedShot {
            image: image.into(),
            markers: vec![
                Some(screenshot::Marker {
                    x: 320,
                    y: 100,
                    area: None,
                }),
                None,
            ],
        }]]
    };
    let r = render(body, &ja("ja/img/shot.png"));
    assert!(r.html.contains("style=\"left:50%;top:25%\""), "{}", r.html);
    assert_eq!(codes(&r), ["screenshot-marker:6:4"]);
    // Another size: nothing is borrowed.
    let r = render(body, &ja("en/img/other.png"));
    assert_eq!(
        codes(&r),
        ["screenshot-marker:5:4", "screenshot-marker:6:4"]
    );
}

#[test]
fn screenshot_line_mistakes_are_reported() {
    let r = render("::: screenshot img/broken.png {colour=red}\n1. 1,1 A\n:::\n\n::: note {alt=\"x\"}\nHi\n:::\n", &[]);
    assert_eq!(
        codes(&r),
        [
            "bad-directive:4:1",
            "missing-alt:4:1",
            "unreadable-image:4:1",
            "bad-directive:8:1"
        ]
    );
}
