//! What the Markdown adapters learn about a page while rendering it: anchors, links,
//! the table of contents, the procedure structure and diagnostics, all with locations.
//!
//! The adapters share one [`PageState`] through a `RefCell` owned by `render_markdown`;
//! each borrow is short and never held across a call into another adapter.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::preprocess::Prepared;
use crate::diagnostics::{Code, Diagnostic, IncludedFrom, Text};
use crate::snippets::{IncludeSite, SourceMap};
use crate::text;

/// What kind of element carries an id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AnchorKind {
    Heading,
    Method,
    Step,
    Faq,
    Block,
    Footnote,
}

/// An id on the page that a `#fragment` can target.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Anchor {
    pub id: String,
    pub kind: AnchorKind,
    pub line: usize,
    pub column: usize,
}

/// Where a link points, after resolution against the page's folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum LinkTarget {
    /// Another Markdown page, by its path below `content/` (e.g. `ja/faq.md`).
    Page { path: String },
    /// A file below `content/` (e.g. `ja/img/qr.png`).
    File { path: String },
    /// A fragment on this same page.
    SamePage,
    /// A site-absolute path (`/ja/faq/`), checked against the built output.
    Absolute { path: String },
    /// `https://…`, `mailto:…` and other schemes.
    External,
}

/// One link or image found in the Markdown, with its source location.
#[derive(Debug, Clone, Serialize)]
pub struct LinkRecord {
    pub target: LinkTarget,
    /// The destination as written (after parameter substitution).
    pub written: String,
    /// The URL put into the HTML.
    pub url: String,
    pub fragment: Option<String>,
    /// The link text, or an image's alt text.
    pub text: String,
    pub is_image: bool,
    /// Written as raw HTML (`<a href>`, `<img src>`): the URL is used as written, and an
    /// image's `alt` may be deliberately empty (decorative) but not missing.
    pub raw_html: bool,
    /// For raw HTML images: whether the tag has an `alt` attribute at all.
    pub has_alt: bool,
    /// In the file named by `snippet`, else in the page.
    pub line: usize,
    pub column: usize,
    /// Set when the link is written in a snippet: that file and the include lines.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snippet: Option<SnippetOrigin>,
}

/// Where a link written in a snippet came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SnippetOrigin {
    pub path: String,
    pub included_from: Vec<IncludedFrom>,
}

impl LinkRecord {
    /// Puts a diagnostic about this link at the link: in the page, or in the snippet
    /// with its include lines.
    pub fn locate(&self, mut d: Diagnostic) -> Diagnostic {
        if let Some(origin) = &self.snippet {
            d.path = origin.path.clone().into();
            d.included_from = origin.included_from.clone().into();
        }
        d.at((self.line, self.column))
    }
}

/// One entry of the table of contents.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A method, FAQ entry or steps block, for comparing translations.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Block {
    pub id: String,
    pub line: usize,
    /// Steps inside it (for a method: its first steps block; for steps: the count).
    pub steps: usize,
}

/// The procedure structure of a page: what must match between translations.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Structure {
    pub methods: Vec<Block>,
    pub faqs: Vec<Block>,
    /// Steps blocks by their id prefix (`method-phone`, or the block's own id).
    pub steps: Vec<Block>,
    /// Headings whose id was written explicitly (`{#id}`).
    pub heading_ids: Vec<Block>,
}

/// Everything collected while rendering one page.
pub struct PageState<'a> {
    prepared: &'a Prepared,
    map: &'a SourceMap<'a>,
    pub anchors: Vec<Anchor>,
    ids: HashSet<String>,
    pub hidden_ids: Vec<String>,
    pub links: Vec<LinkRecord>,
    pub toc: Vec<TocEntry>,
    pub structure: Structure,
    pub diagnostics: Vec<Diagnostic>,
    /// How many method/faq/callout directives enclose the current event.
    pub directive_depth: usize,
    pub has_code: bool,
    /// For the help of an unknown `{{ name }}` ([`super::params::ParamHints`]).
    pub param_hints: &'a super::params::ParamHints<'a>,
    /// Images rendered so far (the first is not lazy-loaded).
    pub images_seen: usize,
}

impl<'a> PageState<'a> {
    pub fn new(prepared: &'a Prepared, map: &'a SourceMap<'a>) -> Self {
        PageState {
            prepared,
            map,
            anchors: Vec::new(),
            ids: HashSet::new(),
            hidden_ids: Vec::new(),
            links: Vec::new(),
            toc: Vec::new(),
            structure: Structure::default(),
            diagnostics: Vec::new(),
            directive_depth: 0,
            has_code: false,
            param_hints: &super::params::ParamHints::NONE,
            images_seen: 0,
        }
    }

    /// The prepared body text that event ranges point into.
    pub fn prepared_text(&self) -> &str {
        &self.prepared.text
    }

    /// The page's (line, column) of an offset in the prepared body text; inside a
    /// snippet, that of the page's `::: include` line.
    pub fn locate(&self, offset: usize) -> (usize, usize) {
        self.map
            .locate_in_page(self.prepared.original_offset(offset))
    }

    /// The file, line, column and include chain of an offset in the prepared text.
    pub fn locate_exactly(&self, offset: usize) -> crate::snippets::Location {
        self.map.locate(self.prepared.original_offset(offset))
    }

    /// The include whose snippet holds `offset` (for its arguments), if any.
    pub fn include_at(&self, offset: usize) -> Option<&'a IncludeSite> {
        self.map.include_at(self.prepared.original_offset(offset))
    }

    /// (line, column, snippet origin) for a link record at `offset`.
    pub fn link_location(&self, offset: usize) -> (usize, usize, Option<SnippetOrigin>) {
        let original = self.prepared.original_offset(offset);
        let ((line, column), location) = self.map.locate_if_included(original);
        let origin = location.map(|l| SnippetOrigin {
            path: l.path,
            included_from: l.included_from,
        });
        (line, column, origin)
    }

    pub fn error(
        &mut self,
        code: Code,
        offset: usize,
        message: impl Into<Text>,
        help: Option<Text>,
    ) {
        self.push(Diagnostic::error(code, "", message), offset, help);
    }

    pub fn warning(
        &mut self,
        code: Code,
        offset: usize,
        message: impl Into<Text>,
        help: Option<Text>,
    ) {
        self.push(Diagnostic::warning(code, "", message), offset, help);
    }

    fn push(&mut self, mut diagnostic: Diagnostic, offset: usize, help: Option<Text>) {
        let location = self.locate_exactly(offset);
        diagnostic.path = location.path.into();
        diagnostic.included_from = location.included_from.into();
        diagnostic = diagnostic.at((location.line, location.column));
        diagnostic.help = help;
        self.diagnostics.push(diagnostic);
    }

    pub fn has_id(&self, id: &str) -> bool {
        self.ids.contains(id)
    }

    /// Registers an id written by the author and returns the id to put in the HTML.
    /// A duplicate is an error; the page then gets a numbered id so ids stay unique.
    pub fn add_explicit_id(&mut self, id: &str, kind: AnchorKind, offset: usize) -> String {
        if self.ids.contains(id) {
            self.error(
                Code::DuplicateId,
                offset,
                text!("duplicate-id", id = id),
                Some(text!("duplicate-id-help")),
            );
            return self.add_generated_id(id, kind, offset);
        }
        self.ids.insert(id.to_string());
        let (line, column) = self.locate(offset);
        self.anchors.push(Anchor {
            id: id.to_string(),
            kind,
            line,
            column,
        });
        id.to_string()
    }

    /// Registers a generated id, adding `-1`, `-2` … until it is unique; returns it.
    pub fn add_generated_id(&mut self, base: &str, kind: AnchorKind, offset: usize) -> String {
        let mut id = base.to_string();
        let mut n = 0;
        while self.ids.contains(&id) {
            n += 1;
            id = format!("{base}-{n}");
        }
        self.ids.insert(id.clone());
        let (line, column) = self.locate(offset);
        self.anchors.push(Anchor {
            id: id.clone(),
            kind,
            line,
            column,
        });
        id
    }
}
