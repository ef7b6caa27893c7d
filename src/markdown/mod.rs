//! Stage 3, markdown: renders one page's Markdown body to HTML and collects what later
//! stages need (headings, anchors, links with locations, procedure structure).
//!
//! The input is a page body whose `::: include` lines were already expanded
//! ([`crate::snippets::expand_includes`]); every location goes through its source map.
//!
//! The pipeline, in order (each step is one iterator adapter over `(Event, Range)`):
//!
//! 1. [`preprocess`]: directive lines become separate paragraphs (offsets kept).
//! 2. pulldown-cmark parses with tables, footnotes, strikethrough, task lists, heading
//!    attributes and GFM alerts; [`cjk_emphasis`] re-matches `*`, `_` and `~~` next to
//!    Japanese text; `TextMergeWithOffset` joins split text; [`line_breaks`] drops a line
//!    break between two East Asian wide characters.
//! 3. [`directives`]: `:::` blocks, steps with device badges, alerts, hidden blocks.
//! 4. [`params`]: `{{ name }}` references in text and link destinations.
//! 5. [`headings`]: ids and the table of contents.
//! 6. [`autolinks`]: bare URLs and e-mail addresses become links;
//!    [`links`]: link and image resolution and recording; [`images`]: `<img>` with its
//!    file's size, lazy loading and a link that opens it full-screen. (`::: screenshot`
//!    blocks, [`screenshot`], are read by the directive adapter and give their image to
//!    these two like any Markdown image.)
//! 7. [`highlight`]: fenced code with syntect classes.
//! 8. [`phrases`]: `<wbr>` between Japanese phrases (the theme breaks lines only there).
//! 9. pulldown-cmark's HTML writer.

mod autolinks;
mod cjk_emphasis;
mod directive_syntax;
mod directives;
mod east_asian;
mod headings;
pub mod highlight;
pub mod images;
mod ime;
mod list_markers;
pub(crate) use ime::dash_fence_slip;
pub(crate) use ime::narrow_str;
mod line_breaks;
mod links;
mod malformed_links;
mod params;
mod phrases;
mod preprocess;
pub mod raw_html;
pub mod screenshot;
mod state;
mod unicode_tables;

use std::cell::RefCell;

use pulldown_cmark::{Options, Parser, TextMergeWithOffset};

pub(crate) use directive_syntax::straight_quotes;
pub use directive_syntax::{is_param_name, is_valid_id, split_attribute_tokens};
pub use headings::slugify;
pub use images::{ImageFile, ImageFiles, ImageSize, NoImageFiles};
pub use links::{resolve as resolve_link, LinkBase};
pub use params::ParamHints;
pub use phrases::html_with_breaks;
pub use preprocess::{lines_inclusive, FenceTracker};
pub use screenshot::{scan_screenshots, ScannedShot};
pub use state::{
    Anchor, AnchorKind, Block, LinkRecord, LinkTarget, SnippetOrigin, Structure, TocEntry,
};

use crate::config::{MarkdownOptions, Params};
use crate::diagnostics::Diagnostic;
use crate::snippets::Expanded;

/// Localized words the Markdown layer puts into HTML (badges and callout headings).
#[derive(Debug, Clone, Default)]
pub struct Labels {
    pub device_pc: String,
    pub device_phone: String,
    pub device_both: String,
    pub note: String,
    pub tip: String,
    pub important: String,
    pub warning: String,
    pub caution: String,
    /// Per language of the site, the note under an image taken from that language.
    pub image_fallback: Vec<String>,
}

impl Labels {
    fn device(&self, name: &str) -> &str {
        match name {
            "pc" => &self.device_pc,
            "phone" => &self.device_phone,
            _ => &self.device_both,
        }
    }

    fn callout(&self, name: &str) -> &str {
        match name {
            "note" => &self.note,
            "tip" => &self.tip,
            "important" => &self.important,
            "warning" => &self.warning,
            _ => &self.caution,
        }
    }
}

/// One page to render.
pub struct MarkdownInput<'a> {
    /// The page body with its includes expanded, and where each part came from.
    pub source: &'a Expanded<'a>,
    pub link_base: &'a LinkBase<'a>,
    /// The page's `params:` over the language's site parameters.
    pub params: &'a Params,
    pub labels: &'a Labels,
    /// `[markdown]` switches from `site.toml`.
    pub options: &'a MarkdownOptions,
    /// What the help for an unknown `{{ name }}` knows about the rest of the site.
    pub param_hints: &'a ParamHints<'a>,
    /// The site's image files, for sizes and other languages' screenshots.
    pub images: &'a dyn ImageFiles,
    /// The screenshot blocks of this page in other languages ([`scan_screenshots`]),
    /// default language first, whose marker positions this page may borrow.
    pub partner_shots: &'a [Vec<ScannedShot>],
}

/// A rendered page body and everything learned while rendering it.
#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    pub anchors: Vec<Anchor>,
    /// Ids of blocks hidden by `if=`: linking to them is reported.
    pub hidden_ids: Vec<String>,
    pub links: Vec<LinkRecord>,
    pub structure: Structure,
    pub diagnostics: Vec<Diagnostic>,
    pub has_code: bool,
}

fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// Renders a page body; never fails: problems come back as diagnostics.
pub fn render_markdown(input: &MarkdownInput) -> Rendered {
    let body: &str = &input.source.text;
    let prepared = preprocess::prepare(body);
    let shots = screenshot::ShotContext {
        files: input.images,
        base: input.link_base,
        partners: input.partner_shots,
    };
    let mut state = state::PageState::new(&prepared, &input.source.map);
    state.param_hints = input.param_hints;
    let state = RefCell::new(state);
    let mut html = String::with_capacity(body.len() * 3 / 2);
    {
        let source = prepared.text.as_str();
        let parsed = Parser::new_ext(source, parser_options()).into_offset_iter();
        // Most pages give the two East Asian passes nothing to do (cheap tests of the
        // source say so): those pages go through a chain without them, rather than
        // through two layers that hand every event on unchanged.
        let emphasis = cjk_emphasis::may_apply(source);
        let breaks =
            input.options.east_asian_line_breaks && line_breaks::may_join_wide_lines(source);
        if emphasis || breaks {
            let parsed = TextMergeWithOffset::new(cjk_emphasis::cjk_emphasis(parsed, source));
            let parsed = line_breaks::east_asian_line_breaks(parsed, source, breaks);
            render_events(parsed, source, &state, input, &shots, &mut html);
        } else {
            render_events(
                TextMergeWithOffset::new(parsed),
                source,
                &state,
                input,
                &shots,
                &mut html,
            );
        }
    }
    let mut state = state.into_inner();
    state.diagnostics.extend(source_slips(input));
    Rendered {
        html,
        toc: state.toc,
        anchors: state.anchors,
        hidden_ids: state.hidden_ids,
        links: state.links,
        structure: state.structure,
        diagnostics: state.diagnostics,
        has_code: state.has_code,
    }
}

/// Steps 3–8 over the merged events of one page.
fn render_events<'a, I>(
    parsed: I,
    source: &'a str,
    state: &RefCell<state::PageState<'a>>,
    input: &MarkdownInput<'a>,
    shots: &screenshot::ShotContext<'a>,
    html: &mut String,
) where
    I: Iterator<Item = (pulldown_cmark::Event<'a>, std::ops::Range<usize>)>,
{
    let events =
        directives::Directives::new(parsed, source, state, input.params, input.labels, shots);
    let events = params::ParamsAdapter::new(events, input.params, state);
    let events = headings::Headings::new(events, state);
    let events = autolinks::bare_links(events, input.options.bare_links);
    let events = links::Links::new(events, state, input.link_base);
    let events = images::Images::new(events, state, input.images, input.link_base, input.labels);
    let events = highlight::Highlight::new(events, state);
    let events = phrases::Phrases::new(events);
    pulldown_cmark::html::push_html(html, events.map(|(event, _)| event));
}

/// Slips found in the source lines rather than in parser events: IME full-width syntax,
/// list markers without their space, and links CommonMark did not take as links.
fn source_slips(input: &MarkdownInput) -> Vec<Diagnostic> {
    // The page's own lines as written (a snippet's lines are the snippet's).
    let (page, body_start) = input.source.map.page_source();
    let lines = ime::SlipInput::new(page.text, body_start, page.index, page.path);
    let mut found = ime::find_ime_slips(&lines);
    found.extend(list_markers::find_marker_slips(&lines));
    found.extend(malformed_links::find_malformed_links(&lines));
    found
}

/// Renders a one-line Markdown snippet (a directive title, the announcement) to inline
/// HTML.
pub fn render_inline(text: &str) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(
        &mut html,
        Parser::new_ext(text, Options::ENABLE_STRIKETHROUGH),
    );
    let html = html.trim_end();
    let html = html
        .strip_prefix("<p>")
        .and_then(|h| h.strip_suffix("</p>"))
        .unwrap_or(html);
    html.to_string()
}

/// Escapes text for HTML content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    pulldown_cmark_escape::escape_html(&mut out, text).ok();
    out
}

#[cfg(test)]
mod image_tests;
#[cfg(test)]
mod spec_tests;
#[cfg(test)]
mod tests;
