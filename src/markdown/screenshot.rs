//! `::: screenshot`: a screenshot with numbered markers on the places to look at.
//!
//! ```markdown
//! ::: screenshot img/security-info.svg {alt="The Security info page"}
//! 1. 412,188 Select **Add sign-in method**.
//! 2. 96,240,180x44 Your registered methods are listed here.
//! :::
//! ```
//!
//! Each item of the list starts with a position in the image's own pixels, from its
//! top-left corner: `x,y` puts the numbered marker's centre there; `x,y,WxH` also draws
//! a box W pixels wide and H high whose top-left corner is `x,y` (the marker sits on
//! that corner). An item may leave its position out when the same page in another
//! language has the same screenshot block (the n-th block, the same item) with a
//! position and an image of the same pixel size: that position is used.
//!
//! The block renders as a `<figure>`: the image (through the image adapter, so it gets
//! its size, lazy loading and zoom) with markers and boxes placed in percent of the
//! image, so they scale with it, and the items as an ordered list in the caption, which
//! screen readers and print read. A marker outside the image is an error at its item.

use crate::diagnostics::Code;
use crate::text;
use std::cell::RefCell;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use super::directive_syntax::OpenLine;
use super::images::{ImageFile, ImageFiles, ImageSize};
use super::state::{LinkTarget, PageState};
use super::{escape_html, LinkBase};

type Item<'a> = (Event<'a>, Range<usize>);

/// A place marked on a screenshot, in image pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Marker {
    pub x: u32,
    pub y: u32,
    /// Width and height of a box whose top-left corner is (x, y).
    pub area: Option<(u32, u32)>,
}

/// The positions of one screenshot block, as another language's page wrote them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScannedShot {
    /// The image as written, resolved against that page's folder (`en/img/x.png`).
    pub image: String,
    pub markers: Vec<Option<Marker>>,
}

/// What a screenshot block needs from the page being rendered.
pub struct ShotContext<'a> {
    pub files: &'a dyn ImageFiles,
    pub base: &'a LinkBase<'a>,
    /// The screenshot blocks of the same page in other languages, default language first.
    pub partners: &'a [Vec<ScannedShot>],
}

/// A screenshot block being read: its list is held back until the closing `:::`, since
/// the image and its markers come first.
pub struct Shot<'a> {
    image: String,
    alt: String,
    id: Option<String>,
    offset: usize,
    size: Option<ImageSize>,
    /// Which screenshot block of the page this is (0-based), to find its partners.
    index: usize,
    events: Vec<Item<'a>>,
    markers: Vec<Marker>,
    depth: usize,
    /// Inside an item whose position has not been read yet: (its number, its offset).
    awaiting: Option<(usize, usize)>,
    items: usize,
}

impl<'a> Shot<'a> {
    /// Starts a block from its opening line; problems with the line are reported.
    pub fn open(
        line: &OpenLine,
        range: &Range<usize>,
        index: usize,
        ctx: &ShotContext,
        state: &RefCell<PageState>,
    ) -> Shot<'a> {
        let mut state = state.borrow_mut();
        let at = range.start;
        let mut alt = None;
        for (name, value) in &line.values {
            match name.as_str() {
                "alt" => alt = Some(value.clone()),
                other => state.error(
                    Code::BadDirective,
                    at,
                    text!("bad-screenshot-attribute", name = other),
                    Some(text!("bad-screenshot-attribute-help")),
                ),
            }
        }
        if alt.as_deref().is_none_or(|a| a.trim().is_empty()) {
            state.error(
                Code::MissingAlt,
                at,
                text!("missing-alt"),
                Some(text!("missing-alt-help")),
            );
        }
        let image = line.title.trim().to_string();
        if image.is_empty() || image.contains(char::is_whitespace) {
            state.error(
                Code::BadDirective,
                at,
                text!("bad-screenshot-path"),
                Some(text!("bad-screenshot-path-help")),
            );
        }
        let size = match image_file(&image, ctx) {
            Some(
                ImageFile::Found(Some(size))
                | ImageFile::Fallback {
                    size: Some(size), ..
                },
            ) => Some(size),
            Some(ImageFile::Found(None) | ImageFile::Fallback { size: None, .. }) => {
                state.error(
                    Code::UnreadableImage,
                    at,
                    text!("unreadable-image", image = image),
                    Some(text!("unreadable-image-help")),
                );
                None
            }
            // A missing file is reported by the link check, like any image.
            _ => None,
        };
        Shot {
            image,
            alt: alt.unwrap_or_default(),
            id: line.id.clone(),
            offset: at,
            size,
            index,
            events: Vec::new(),
            markers: Vec::new(),
            depth: 0,
            awaiting: None,
            items: 0,
        }
    }

    /// Takes one event of the block's content.
    pub fn push(
        &mut self,
        event: Event<'a>,
        range: Range<usize>,
        ctx: &ShotContext,
        state: &RefCell<PageState>,
    ) {
        match &event {
            Event::Start(tag) => {
                if matches!(tag, Tag::Item) && self.depth == 1 {
                    self.items += 1;
                    self.awaiting = Some((self.items, range.start));
                }
                self.depth += 1;
            }
            Event::End(tag) => {
                self.depth = self.depth.saturating_sub(1);
                if matches!(tag, TagEnd::Item) && self.depth == 1 {
                    if let Some((number, offset)) = self.awaiting.take() {
                        self.place(None, number, offset, ctx, state);
                    }
                }
            }
            Event::Text(text) if self.awaiting.is_some() => {
                let Some((number, _)) = self.awaiting.take() else {
                    return;
                };
                let (marker, rest) = parse_position(text);
                self.place(marker, number, range.start, ctx, state);
                if !rest.is_empty() {
                    let kept = CowStr::from(rest.to_string());
                    self.events.push((Event::Text(kept), range));
                }
                return;
            }
            _ => {}
        }
        self.events.push((event, range));
    }

    /// Checks marker `number`'s position (or borrows it) and keeps it.
    fn place(
        &mut self,
        written: Option<Marker>,
        number: usize,
        offset: usize,
        ctx: &ShotContext,
        state: &RefCell<PageState>,
    ) {
        let marker = match written {
            Some(marker) => marker,
            None => match self.borrowed(number, ctx) {
                Some(marker) => marker,
                None => {
                    state.borrow_mut().error(
                        Code::ScreenshotMarker,
                        offset,
                        text!("screenshot-marker-no-position", number = number),
                        Some(text!("screenshot-marker-no-position-help", number = number)),
                    );
                    return;
                }
            },
        };
        if let Some(size) = self.size {
            let (w, h) = marker.area.unwrap_or((0, 0));
            if marker.x + w > size.width || marker.y + h > size.height {
                let what = match marker.area {
                    Some((w, h)) => format!("{},{},{w}x{h}", marker.x, marker.y),
                    None => format!("{},{}", marker.x, marker.y),
                };
                state.borrow_mut().error(
                    Code::ScreenshotMarker,
                    offset,
                    text!(
                        "screenshot-marker-outside",
                        number = number,
                        at = what,
                        width = size.width,
                        height = size.height
                    ),
                    Some(text!(
                        "screenshot-marker-outside-help",
                        width = size.width,
                        height = size.height
                    )),
                );
                return;
            }
        }
        self.markers.push(marker);
    }

    /// Item `number`'s position in the same block on another language's page, when that
    /// page's image has our image's size.
    fn borrowed(&self, number: usize, ctx: &ShotContext) -> Option<Marker> {
        let size = self.size?;
        ctx.partners.iter().find_map(|shots| {
            let shot = shots.get(self.index)?;
            let marker = (*shot.markers.get(number - 1)?)?;
            let theirs = match ctx.files.find(&shot.image) {
                ImageFile::Found(Some(s)) => s,
                _ => return None,
            };
            (theirs == size).then_some(marker)
        })
    }

    /// The block's events: the figure, the image, its markers, then the list.
    pub fn finish(self) -> Vec<Item<'a>> {
        let at = self.offset..self.offset;
        let id = self
            .id
            .as_ref()
            .map(|id| format!(" id=\"{}\"", escape_html(id)))
            .unwrap_or_default();
        let mut out = vec![
            html(
                format!("<figure class=\"screenshot\"{id}>\n<div class=\"shot\">"),
                &at,
            ),
            (
                Event::Start(Tag::Image {
                    link_type: LinkType::Inline,
                    dest_url: CowStr::from(self.image.clone()),
                    title: CowStr::from(""),
                    id: CowStr::from(""),
                }),
                at.clone(),
            ),
            (Event::Text(CowStr::from(self.alt.clone())), at.clone()),
            (Event::End(TagEnd::Image), at.clone()),
        ];
        let marks = self
            .size
            .map(|size| markers_html(&self.markers, size))
            .unwrap_or_default();
        out.push(html(format!("{marks}</div>\n<figcaption>\n"), &at));
        out.extend(self.events);
        out.push(html("</figcaption>\n</figure>\n".into(), &at));
        out
    }
}

fn html<'a>(text: String, at: &Range<usize>) -> Item<'a> {
    (Event::Html(CowStr::from(text)), at.clone())
}

/// The image's file, resolved like a Markdown image on the page.
fn image_file(image: &str, ctx: &ShotContext) -> Option<ImageFile> {
    match super::links::resolve(image, ctx.base).0 {
        LinkTarget::File { path } => Some(ctx.files.find(&path)),
        _ => None,
    }
}

/// Markers and boxes, positioned in percent of the image so they follow its scaling.
fn markers_html(markers: &[Marker], size: ImageSize) -> String {
    let pct = |v: u32, of: u32| {
        let p = f64::from(v) * 100.0 / f64::from(of.max(1));
        let text = format!("{p:.3}");
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    };
    let mut html = String::new();
    for (i, m) in markers.iter().enumerate() {
        let (left, top) = (pct(m.x, size.width), pct(m.y, size.height));
        if let Some((w, h)) = m.area {
            html.push_str(&format!(
                "<span class=\"shot-box\" style=\"left:{left}%;top:{top}%;width:{}%;height:{}%\"></span>",
                pct(w, size.width),
                pct(h, size.height)
            ));
        }
        html.push_str(&format!(
            "<span class=\"shot-mark\" style=\"left:{left}%;top:{top}%\" aria-hidden=\"true\">{}</span>",
            i + 1
        ));
    }
    html
}

/// Splits `412,188 Select …` or `412,188,120x40 Select …` into the position and the
/// rest; no position when the text does not start with one.
pub fn parse_position(text: &str) -> (Option<Marker>, &str) {
    let trimmed = text.trim_start();
    let end = trimmed.find(char::is_whitespace).unwrap_or(trimmed.len());
    let (head, rest) = trimmed.split_at(end);
    let numbers: Vec<&str> = head.split(',').collect();
    let number = |s: &str| s.trim().parse::<u32>().ok();
    let marker = match numbers[..] {
        [x, y] => number(x)
            .zip(number(y))
            .map(|(x, y)| Marker { x, y, area: None }),
        [x, y, area] => area.split_once(['x', '×']).and_then(|(w, h)| {
            Some(Marker {
                x: number(x)?,
                y: number(y)?,
                area: Some((number(w)?, number(h)?)),
            })
        }),
        _ => None,
    };
    match marker {
        Some(marker) => (Some(marker), rest.trim_start()),
        None => (None, text),
    }
}

/// The positions of every screenshot block in a page's Markdown, read from its lines
/// (for the same page in another language, which may borrow them). `dir` is the page's
/// folder below `content/`, to resolve the images.
pub fn scan_screenshots(body: &str, base: &LinkBase) -> Vec<ScannedShot> {
    let mut shots = Vec::new();
    let mut current: Option<ScannedShot> = None;
    for line in body.lines() {
        let trimmed = line.trim();
        if let Some(rest) = trimmed.strip_prefix(":::") {
            let rest = rest.trim_start_matches(':').trim();
            if let Some(after) = rest.strip_prefix("screenshot") {
                let image = after
                    .split(['{', ' '])
                    .find(|s| !s.is_empty())
                    .unwrap_or("");
                let image = match super::links::resolve(image.trim(), base).0 {
                    LinkTarget::File { path } => path,
                    _ => String::new(),
                };
                current = Some(ScannedShot {
                    image,
                    markers: Vec::new(),
                });
            } else if let Some(shot) = current.take() {
                shots.push(shot);
            }
            continue;
        }
        let Some(shot) = current.as_mut() else {
            continue;
        };
        let item = trimmed.split_once(". ").filter(|(n, _)| {
            !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) && !line.starts_with([' ', '\t'])
        });
        if let Some((_, text)) = item {
            shot.markers.push(parse_position(text).0);
        }
    }
    shots
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_with_and_without_a_box() {
        assert_eq!(
            parse_position("412,188 Select"),
            (
                Some(Marker {
                    x: 412,
                    y: 188,
                    area: None
                }),
                "Select"
            )
        );
        assert_eq!(
            parse_position("10,20,120x40 Box"),
            (
                Some(Marker {
                    x: 10,
                    y: 20,
                    area: Some((120, 40))
                }),
                "Box"
            )
        );
        assert_eq!(parse_position("Select 1,2").0, None);
        assert_eq!(parse_position("4,x Select").0, None);
        assert_eq!(parse_position("1,2,3 Select").0, None);
    }

    #[test]
    fn markers_are_placed_in_percent_of_the_image() {
        let html = markers_html(
            &[Marker {
                x: 320,
                y: 100,
                area: Some((64, 40)),
            }],
            ImageSize {
                width: 640,
                height: 400,
            },
        );
        assert!(
            html.contains("left:50%;top:25%;width:10%;height:10%"),
            "{html}"
        );
        assert!(html.contains(">1</span>"), "{html}");
    }

    #[test]
    fn scanning_finds_each_block_and_its_positions() {
        let base = LinkBase {
            dir: "ja/setup".into(),
            base_path: "/",
        };
        let body = "text\n::: screenshot img/a.svg {alt=\"A\"}\n1. 1,2 One\n2. Two\n:::\n\n::: screenshot ../img/b.png\n1. 3,4,5x6 Three\n:::\n";
        let shots = scan_screenshots(body, &base);
        assert_eq!(shots.len(), 2);
        assert_eq!(shots[0].image, "ja/setup/img/a.svg");
        assert_eq!(
            shots[0].markers,
            [
                Some(Marker {
                    x: 1,
                    y: 2,
                    area: None
                }),
                None
            ]
        );
        assert_eq!(shots[1].image, "ja/img/b.png");
        assert_eq!(shots[1].markers[0].and_then(|m| m.area), Some((5, 6)));
    }
}
