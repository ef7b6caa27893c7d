//! Where each byte of an expanded page came from.
//!
//! Expansion copies runs of the page and of snippets into one text. Each run is a
//! [`Segment`]: its start in the expanded text, the file and offset it was copied from,
//! and the include that brought it in. An argument's value (text that is in no file)
//! is a segment that is not `exact`: every offset in it maps to its `{{`.

use std::path::PathBuf;

use crate::diagnostics::{IncludedFrom, LineIndex};

/// One file that contributed text: the page (index 0) or a snippet.
#[derive(Debug, Clone, Copy)]
pub struct SourceFile<'a> {
    /// As named in diagnostics, e.g. `content/ja/_snippets/add-method.md`.
    pub path: &'a str,
    pub text: &'a str,
    pub index: &'a LineIndex,
}

#[derive(Debug, Clone, Copy)]
struct Segment {
    start: usize,
    file: usize,
    offset: usize,
    exact: bool,
    include: Option<usize>,
}

/// One `::: include` line that was expanded.
#[derive(Debug, Clone)]
pub struct IncludeSite {
    /// The file the line is in and the offset of its `:::`.
    file: usize,
    offset: usize,
    /// The include that brought that file in (`None` for a line in the page).
    parent: Option<usize>,
    pub name: String,
    pub args: Vec<(String, String)>,
}

/// A place in one of the files, resolved for a diagnostic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub path: String,
    pub line: usize,
    pub column: usize,
    /// Innermost include first; empty for a place in the page itself.
    pub included_from: Vec<IncludedFrom>,
}

/// Maps offsets in an expanded page back to files, lines and columns.
#[derive(Debug, Clone)]
pub struct SourceMap<'a> {
    files: Vec<SourceFile<'a>>,
    segments: Vec<Segment>,
    includes: Vec<IncludeSite>,
}

impl<'a> SourceMap<'a> {
    /// The page itself (the first file of the map) and where its body starts: the page's
    /// own lines, for checks that read the source as the editor wrote it.
    pub fn page_source(&self) -> (&SourceFile<'a>, usize) {
        let body_start = self
            .segments
            .iter()
            .filter(|s| s.file == 0)
            .map(|s| s.offset)
            .min()
            .unwrap_or(0);
        (&self.files[0], body_start)
    }

    /// The map of a page without includes: the text is the body, from `body_start`.
    pub fn page(page: SourceFile<'a>, body_start: usize) -> Self {
        SourceMap {
            files: vec![page],
            segments: vec![Segment {
                start: 0,
                file: 0,
                offset: body_start,
                exact: true,
                include: None,
            }],
            includes: Vec::new(),
        }
    }

    pub(super) fn empty(page: SourceFile<'a>) -> Self {
        SourceMap {
            files: vec![page],
            segments: Vec::new(),
            includes: Vec::new(),
        }
    }

    /// The index of `file`, adding it the first time.
    pub(super) fn file_index(&mut self, file: SourceFile<'a>) -> usize {
        match self.files.iter().position(|f| f.path == file.path) {
            Some(i) => i,
            None => {
                self.files.push(file);
                self.files.len() - 1
            }
        }
    }

    pub(super) fn add_include(
        &mut self,
        (file, offset): (usize, usize),
        parent: Option<usize>,
        name: String,
        args: Vec<(String, String)>,
    ) -> usize {
        self.includes.push(IncludeSite {
            file,
            offset,
            parent,
            name,
            args,
        });
        self.includes.len() - 1
    }

    /// Records that expanded text from `start` comes from `file` at `offset` (every
    /// byte in turn when `exact`, else all from `offset`). Runs that continue the
    /// previous one are merged.
    pub(super) fn push(
        &mut self,
        start: usize,
        (file, offset): (usize, usize),
        exact: bool,
        include: Option<usize>,
    ) {
        if let Some(last) = self.segments.last() {
            let continues = last.exact
                && exact
                && last.file == file
                && last.include == include
                && last.offset + (start - last.start) == offset;
            if continues {
                return;
            }
            if last.start == start {
                self.segments.pop();
            }
        }
        self.segments.push(Segment {
            start,
            file,
            offset,
            exact,
            include,
        });
    }

    fn segment(&self, offset: usize) -> Option<&Segment> {
        let i = self.segments.partition_point(|s| s.start <= offset);
        self.segments.get(i.checked_sub(1)?)
    }

    /// (file, file offset, include) of an offset in the expanded text.
    fn resolve(&self, offset: usize) -> (usize, usize, Option<usize>) {
        match self.segment(offset) {
            Some(s) if s.exact => (s.file, s.offset + (offset - s.start), s.include),
            Some(s) => (s.file, s.offset, s.include),
            None => (0, 0, None),
        }
    }

    fn line_col(&self, file: usize, offset: usize) -> (usize, usize) {
        let f = &self.files[file];
        f.index.locate(f.text, offset)
    }

    /// The file, line and column of an expanded offset, with its include chain.
    pub fn locate(&self, offset: usize) -> Location {
        let (file, at, include) = self.resolve(offset);
        self.location(file, at, include)
    }

    /// A place in file `file` reached through `include`, resolved.
    pub(super) fn location(&self, file: usize, at: usize, include: Option<usize>) -> Location {
        let (line, column) = self.line_col(file, at);
        Location {
            path: self.files[file].path.to_string(),
            line,
            column,
            included_from: self.chain(include),
        }
    }

    fn chain(&self, mut include: Option<usize>) -> Vec<IncludedFrom> {
        let mut chain = Vec::new();
        while let Some(site) = include.and_then(|i| self.includes.get(i)) {
            let (line, column) = self.line_col(site.file, site.offset);
            chain.push(IncludedFrom {
                path: PathBuf::from(self.files[site.file].path),
                line,
                column,
            });
            include = site.parent;
        }
        chain
    }

    /// The (line, column) of an expanded offset, and its file and include chain only
    /// when it is inside a snippet (most places are not: no allocation for them).
    pub fn locate_if_included(&self, offset: usize) -> ((usize, usize), Option<Location>) {
        let (file, at, include) = self.resolve(offset);
        match include {
            None => (self.line_col(file, at), None),
            Some(_) => {
                let location = self.location(file, at, include);
                ((location.line, location.column), Some(location))
            }
        }
    }

    /// The (line, column) in the page itself: a place inside a snippet gives its
    /// outermost `::: include` line. Used for anchors and structure, which belong to
    /// the page.
    pub fn locate_in_page(&self, offset: usize) -> (usize, usize) {
        let (mut file, mut at, mut include) = self.resolve(offset);
        while let Some(site) = include.and_then(|i| self.includes.get(i)) {
            (file, at, include) = (site.file, site.offset, site.parent);
        }
        self.line_col(file, at)
    }

    pub(super) fn include(&self, id: usize) -> Option<&IncludeSite> {
        self.includes.get(id)
    }

    /// The innermost include whose snippet text holds `offset`, if any.
    pub fn include_at(&self, offset: usize) -> Option<&IncludeSite> {
        let (_, _, include) = self.resolve(offset);
        self.includes.get(include?)
    }
}
