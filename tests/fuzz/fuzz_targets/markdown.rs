//! Fuzzes the Markdown layer: any UTF-8 body must render without panicking, with
//! balanced block tags and every diagnostic located inside the file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tebiki::config::{ParamValue, Params};
use tebiki::diagnostics::LineIndex;
use tebiki::markdown::{render_markdown, Labels, LinkBase, MarkdownInput};

fuzz_target!(|body: &str| {
    let text = format!("---\ntitle: T\n---\n{body}");
    let index = LineIndex::new(&text);
    let base = LinkBase { dir: "ja".into(), base_path: "/" };
    let mut params = Params::new();
    params.insert("desk".into(), ParamValue::Text("窓口".into()));
    params.insert("tokens".into(), ParamValue::Bool(false));
    let labels = Labels::default();
    let rendered = render_markdown(&MarkdownInput {
        text: &text,
        body_start: 16,
        line_index: &index,
        path: "content/ja/p.md",
        link_base: &base,
        params: &params,
        labels: &labels,
        options: &tebiki::config::MarkdownOptions::default(),
    });
    let lines = text.split('\n').count();
    for d in &rendered.diagnostics {
        assert!(d.line >= 1 && d.line <= lines, "diagnostic outside the file: {d}");
    }
    for tag in ["details", "summary", "ol", "li"] {
        let open = rendered.html.matches(&format!("<{tag}>")).count() + rendered.html.matches(&format!("<{tag} ")).count();
        let close = rendered.html.matches(&format!("</{tag}>")).count();
        if !body.contains('<') {
            assert_eq!(open, close, "unbalanced <{tag}>");
        }
    }
});
