//! A page report's records (anchors, hidden ids, links, structure) in `build`'s record
//! ([`super::PageRecord`]). Read from the file they are [`StoredRecords`], moved (not
//! copied) into the page's report when the page is taken from the record; for the next
//! record they are the page's report itself, shared with the rendered site and written
//! from it. A large site's records are so in memory once, not twice.

use std::borrow::Cow;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::super::PageReport;
use crate::diagnostics::IncludedFrom;
use crate::markdown::{Anchor, LinkRecord, LinkTarget, SnippetOrigin, Structure};

/// A page's records in `build`'s record.
#[derive(Debug, Clone)]
pub(in crate::render) enum Records {
    /// As read from the file, until the page is taken from the record.
    Stored(StoredRecords),
    /// The report of the page as this build rendered it or took it.
    Shared(Arc<PageReport>),
}

/// The records as the file holds them.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(in crate::render) struct StoredRecords {
    anchors: Vec<Anchor>,
    hidden_ids: Vec<String>,
    links: Vec<StoredLink>,
    structure: Structure,
}

/// [`StoredRecords`] borrowed, as either form of [`Records`] writes it.
#[derive(Serialize)]
struct RecordsRef<'a> {
    anchors: &'a [Anchor],
    hidden_ids: &'a [String],
    links: Cow<'a, [StoredLink]>,
    structure: &'a Structure,
}

impl Serialize for Records {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let records = match self {
            Records::Stored(r) => RecordsRef {
                anchors: &r.anchors,
                hidden_ids: &r.hidden_ids,
                links: Cow::Borrowed(&r.links),
                structure: &r.structure,
            },
            Records::Shared(report) => RecordsRef {
                anchors: &report.anchors,
                hidden_ids: &report.hidden_ids,
                links: report.links.iter().map(StoredLink::from).collect(),
                structure: &report.structure,
            },
        };
        records.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Records {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        StoredRecords::deserialize(deserializer).map(Records::Stored)
    }
}

impl Records {
    /// The records, leaving nothing behind (the page's report takes them).
    pub(in crate::render) fn take(&mut self) -> Result<StoredRecords, Arc<PageReport>> {
        match std::mem::replace(self, Records::Stored(StoredRecords::default())) {
            Records::Stored(records) => Ok(records),
            Records::Shared(report) => Err(report),
        }
    }
}

impl StoredRecords {
    /// Fills `report`'s records, moving them.
    pub(in crate::render) fn move_into(self, report: &mut PageReport) {
        report.anchors = self.anchors;
        report.hidden_ids = self.hidden_ids;
        report.links = self.links.into_iter().map(LinkRecord::from).collect();
        report.structure = self.structure;
    }
}

/// A [`LinkRecord`] in a form every serde format can hold (the record's own serde form
/// is JSON's, with a tagged enum and skipped fields).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(in crate::render) struct StoredLink {
    target: LinkTo,
    written: String,
    url: String,
    fragment: Option<String>,
    text: String,
    is_image: bool,
    raw_html: bool,
    has_alt: bool,
    line: usize,
    column: usize,
    snippet: Option<StoredOrigin>,
}

/// A snippet link's file and include lines (path, line, column), innermost first.
type StoredOrigin = (String, Vec<(std::path::PathBuf, usize, usize)>);

#[derive(Debug, Clone, Serialize, Deserialize)]
enum LinkTo {
    Page(String),
    File(String),
    SamePage,
    Absolute(String),
    External,
}

impl From<&LinkRecord> for StoredLink {
    fn from(link: &LinkRecord) -> Self {
        let target = match &link.target {
            LinkTarget::Page { path } => LinkTo::Page(path.clone()),
            LinkTarget::File { path } => LinkTo::File(path.clone()),
            LinkTarget::SamePage => LinkTo::SamePage,
            LinkTarget::Absolute { path } => LinkTo::Absolute(path.clone()),
            LinkTarget::External => LinkTo::External,
        };
        StoredLink {
            target,
            written: link.written.clone(),
            url: link.url.clone(),
            fragment: link.fragment.clone(),
            text: link.text.clone(),
            is_image: link.is_image,
            raw_html: link.raw_html,
            has_alt: link.has_alt,
            line: link.line,
            column: link.column,
            snippet: link.snippet.as_ref().map(|s| {
                let chain = s
                    .included_from
                    .iter()
                    .map(|i| (i.path.clone(), i.line, i.column))
                    .collect();
                (s.path.clone(), chain)
            }),
        }
    }
}

impl From<StoredLink> for LinkRecord {
    fn from(link: StoredLink) -> Self {
        let target = match link.target {
            LinkTo::Page(path) => LinkTarget::Page { path },
            LinkTo::File(path) => LinkTarget::File { path },
            LinkTo::SamePage => LinkTarget::SamePage,
            LinkTo::Absolute(path) => LinkTarget::Absolute { path },
            LinkTo::External => LinkTarget::External,
        };
        LinkRecord {
            target,
            written: link.written,
            url: link.url,
            fragment: link.fragment,
            text: link.text,
            is_image: link.is_image,
            raw_html: link.raw_html,
            has_alt: link.has_alt,
            line: link.line,
            column: link.column,
            snippet: link.snippet.map(|(path, chain)| SnippetOrigin {
                path,
                included_from: chain
                    .into_iter()
                    .map(|(path, line, column)| IncludedFrom { path, line, column })
                    .collect(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_record_comes_back_as_it_was_stored() {
        let link = LinkRecord {
            target: LinkTarget::Page {
                path: "ja/faq.md".into(),
            },
            written: "faq.md#a".into(),
            url: "../faq/#a".into(),
            fragment: Some("a".into()),
            text: "よくある質問".into(),
            is_image: false,
            raw_html: false,
            has_alt: true,
            line: 3,
            column: 7,
            snippet: Some(SnippetOrigin {
                path: "content/ja/_snippets/s.md".into(),
                included_from: vec![IncludedFrom {
                    path: "content/ja/p.md".into(),
                    line: 2,
                    column: 1,
                }],
            }),
        };
        let bytes = postcard::to_allocvec(&StoredLink::from(&link)).unwrap();
        let back: StoredLink = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(format!("{:?}", LinkRecord::from(back)), format!("{link:?}"));
    }
}
