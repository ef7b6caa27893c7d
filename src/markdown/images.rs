//! The image adapter: Markdown images become `<img>` tags that keep the page still while
//! they load and open full-screen when tapped.
//!
//! Runs right after [`super::links`], which has resolved the image and recorded it. Each
//! image gets the `width` and `height` of its file (asked of the build's
//! [`ImageFiles`], which reads each file once), `decoding="async"`, and `loading="lazy"`
//! except the page's first image, which is usually on the first screen. Outside a link
//! the image is wrapped in a link to the file: without JavaScript it opens the file, with
//! the theme's script it opens a full-screen `<dialog>`.
//!
//! An image missing in the page's language but present at the same path in another
//! language is taken from there, with a small localized note under it and a warning.

use crate::diagnostics::Code;
use crate::text;
use std::cell::RefCell;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::state::{LinkTarget, PageState};
use super::{escape_html, Labels, LinkBase};
use crate::urls::encode_path;

type Item<'a> = (Event<'a>, Range<usize>);

/// The pixel size of an image file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageSize {
    pub width: u32,
    pub height: u32,
}

/// What the build knows about an image file a page names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageFile {
    /// The file exists; its size, when it could be read.
    Found(Option<ImageSize>),
    /// Missing here, but another language has a file at the same path below its folder.
    Fallback {
        /// Its path below `content/`, e.g. `en/img/x.png`.
        path: String,
        size: Option<ImageSize>,
        /// Index of that language in the site's languages.
        lang: usize,
    },
    Missing,
}

/// The site's image files by their path below `content/` (`ja/img/x.png`).
pub trait ImageFiles: Sync {
    fn find(&self, path: &str) -> ImageFile;
}

/// No image files at all (unit tests, and rendering without a site).
pub struct NoImageFiles;

impl ImageFiles for NoImageFiles {
    fn find(&self, _path: &str) -> ImageFile {
        ImageFile::Missing
    }
}

/// An image's file after looking it up: its URL, size and, for another language's
/// file, that language.
pub struct Resolved {
    pub url: String,
    pub size: Option<ImageSize>,
    pub from_lang: Option<usize>,
}

/// Looks up the file of the image just recorded by the link adapter (the last link
/// record) and, when it comes from another language, points the record at that file and
/// warns. `None` for images that are no file of the site (external, absolute paths).
pub fn resolve_recorded(
    state: &RefCell<PageState>,
    files: &dyn ImageFiles,
    base: &LinkBase,
    offset: usize,
) -> Option<Resolved> {
    let mut state = state.borrow_mut();
    let record = state.links.last()?;
    let LinkTarget::File { path } = &record.target else {
        return None;
    };
    let (path, url, written) = (path.clone(), record.url.clone(), record.written.clone());
    match files.find(&path) {
        ImageFile::Found(size) => Some(Resolved {
            url,
            size,
            from_lang: None,
        }),
        ImageFile::Missing => None,
        ImageFile::Fallback { path, size, lang } => {
            let url = format!("{}{}", base.base_path, encode_path(&path));
            if let Some(record) = state.links.last_mut() {
                record.target = LinkTarget::File { path: path.clone() };
                record.url = url.clone();
            }
            state.warning(
                Code::ImageFromOtherLanguage,
                offset,
                text!("image-from-other-language", written = written, path = path),
                Some(text!("image-from-other-language-help", path = path)),
            );
            Some(Resolved {
                url,
                size,
                from_lang: Some(lang),
            })
        }
    }
}

/// The attributes of an `<img>`: source, alt text, size, loading.
pub struct ImgTag<'t> {
    pub src: &'t str,
    pub alt: &'t str,
    pub title: &'t str,
    pub size: Option<ImageSize>,
    pub first: bool,
}

impl ImgTag<'_> {
    pub fn html(&self) -> String {
        let mut html = format!(
            "<img src=\"{}\" alt=\"{}\"",
            escape_html(self.src),
            escape_html(self.alt)
        );
        if !self.title.is_empty() {
            html.push_str(&format!(" title=\"{}\"", escape_html(self.title)));
        }
        if let Some(size) = self.size {
            html.push_str(&format!(
                " width=\"{}\" height=\"{}\"",
                size.width, size.height
            ));
        }
        if !self.first {
            html.push_str(" loading=\"lazy\"");
        }
        html.push_str(" decoding=\"async\">");
        html
    }
}

/// The link around an image that opens it full-size (the theme's script: in a dialog).
pub fn zoom_link(src: &str, inner: &str) -> String {
    format!(
        "<a class=\"zoom\" href=\"{}\">{inner}</a>",
        escape_html(src)
    )
}

/// The localized note under an image taken from another language.
pub fn fallback_note(labels: &Labels, lang: usize) -> String {
    let text = labels.image_fallback.get(lang).map_or("", String::as_str);
    format!("<small class=\"image-note\">{}</small>", escape_html(text))
}

pub struct Images<'s, 'a, I> {
    inner: I,
    state: &'s RefCell<PageState<'a>>,
    files: &'a dyn ImageFiles,
    base: &'a LinkBase<'a>,
    labels: &'a Labels,
    /// Links open around the current event: an image inside one is not wrapped again.
    link_depth: usize,
}

impl<'s, 'a, I: Iterator<Item = Item<'a>>> Images<'s, 'a, I> {
    pub fn new(
        inner: I,
        state: &'s RefCell<PageState<'a>>,
        files: &'a dyn ImageFiles,
        base: &'a LinkBase<'a>,
        labels: &'a Labels,
    ) -> Self {
        Images {
            inner,
            state,
            files,
            base,
            labels,
            link_depth: 0,
        }
    }

    /// The alt text: the plain text of the events up to the image's end.
    fn alt_text(&mut self) -> String {
        let mut alt = String::new();
        let mut depth = 0usize;
        for (event, _) in self.inner.by_ref() {
            match event {
                Event::Start(_) => depth += 1,
                Event::End(TagEnd::Image) if depth == 0 => break,
                Event::End(_) => depth = depth.saturating_sub(1),
                Event::Text(t) | Event::Code(t) => alt.push_str(&t),
                Event::SoftBreak | Event::HardBreak => alt.push(' '),
                _ => {}
            }
        }
        alt
    }

    fn image(&mut self, dest: CowStr<'a>, title: CowStr<'a>, range: Range<usize>) -> Item<'a> {
        let resolved = resolve_recorded(self.state, self.files, self.base, range.start);
        let alt = self.alt_text();
        let first = {
            let mut state = self.state.borrow_mut();
            state.images_seen += 1;
            state.images_seen == 1
        };
        let src = resolved.as_ref().map_or(dest.as_ref(), |r| r.url.as_str());
        let img = ImgTag {
            src,
            alt: &alt,
            title: &title,
            size: resolved.as_ref().and_then(|r| r.size),
            first,
        }
        .html();
        let mut html = if self.link_depth > 0 {
            img
        } else {
            zoom_link(src, &img)
        };
        if let Some(lang) = resolved.and_then(|r| r.from_lang) {
            html.push_str(&fallback_note(self.labels, lang));
        }
        (Event::InlineHtml(CowStr::from(html)), range)
    }
}

impl<'s, 'a, I: Iterator<Item = Item<'a>>> Iterator for Images<'s, 'a, I> {
    type Item = Item<'a>;

    fn next(&mut self) -> Option<Item<'a>> {
        let (event, range) = self.inner.next()?;
        match event {
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => Some(self.image(dest_url, title, range)),
            Event::Start(Tag::Link { .. }) => {
                self.link_depth += 1;
                Some((event, range))
            }
            Event::End(TagEnd::Link) => {
                self.link_depth = self.link_depth.saturating_sub(1);
                Some((event, range))
            }
            other => Some((other, range)),
        }
    }
}
