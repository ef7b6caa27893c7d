//! The site's image files for the Markdown stage: their pixel sizes (read once per file,
//! when a page first names it) and, for an image missing in one language, the same file
//! in another language.
//!
//! Takes the loaded site's assets; gives an [`ImageCatalog`] that implements
//! [`crate::markdown::ImageFiles`]. Raster sizes come from the file's header (the
//! `imagesize` crate: PNG, JPEG, GIF, WebP and more); an SVG's from the `width` and
//! `height` of its `<svg>` element (or its `viewBox` when they are missing).

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::config::Config;
use crate::i18n::Translations;
use crate::load::{Page, Site};
use crate::markdown::{
    scan_screenshots, ImageFile, ImageFiles, ImageSize, Labels, LinkBase, ScannedShot,
};

/// Every asset of the site by its path below `content/`, with its size once read.
pub struct ImageCatalog<'a> {
    config: &'a Config,
    site: &'a Site,
    by_path: HashMap<String, usize>,
    sizes: Vec<OnceLock<Option<ImageSize>>>,
    /// Language indexes in the order another language's file is looked for.
    order: Vec<usize>,
}

impl<'a> ImageCatalog<'a> {
    pub fn new(config: &'a Config, site: &'a Site) -> Self {
        let by_path = site
            .assets
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let code = &config.languages[a.lang].code;
                (format!("{code}/{}", a.rel_path), i)
            })
            .collect();
        let mut order = vec![config.default_language];
        order.extend((0..config.languages.len()).filter(|&l| l != config.default_language));
        ImageCatalog {
            config,
            site,
            by_path,
            sizes: (0..site.assets.len()).map(|_| OnceLock::new()).collect(),
            order,
        }
    }

    fn size(&self, index: usize) -> Option<ImageSize> {
        *self.sizes[index].get_or_init(|| {
            let asset = &self.site.assets[index];
            let bytes = self.config.fence().read_listed(&asset.source).ok()?;
            image_size(&bytes)
        })
    }
}

impl ImageFiles for ImageCatalog<'_> {
    fn find(&self, path: &str) -> ImageFile {
        if let Some(&index) = self.by_path.get(path) {
            return ImageFile::Found(self.size(index));
        }
        let Some((lang, rest)) = path.split_once('/') else {
            return ImageFile::Missing;
        };
        if self.config.language(lang).is_none() {
            return ImageFile::Missing;
        }
        self.order
            .iter()
            .map(|&l| (l, format!("{}/{rest}", self.config.languages[l].code)))
            .find_map(|(l, other)| {
                let &index = self.by_path.get(&other)?;
                Some(ImageFile::Fallback {
                    size: self.size(index),
                    path: other,
                    lang: l,
                })
            })
            .unwrap_or(ImageFile::Missing)
    }
}

/// `labels` with the note shown under an image taken from each language
/// (`image-fallback` in language `lang`'s UI strings, naming that language).
pub fn with_image_notes(
    mut labels: Labels,
    config: &Config,
    translations: &Translations,
    lang: usize,
) -> Labels {
    labels.image_fallback = config
        .languages
        .iter()
        .map(|source| {
            let mut args = fluent_bundle::FluentArgs::new();
            args.set("language", source.name.as_str());
            translations.get(lang, "image-fallback", Some(&args))
        })
        .collect();
    labels
}

/// The screenshot blocks of `page` in the other languages, default language first, when
/// the page has screenshot blocks of its own (their items may borrow positions).
pub fn partner_screenshots(config: &Config, site: &Site, page: &Page) -> Vec<Vec<ScannedShot>> {
    if !page.text[page.body_start..].contains("::: screenshot") {
        return Vec::new();
    }
    let mut order = vec![config.default_language];
    order.extend((0..config.languages.len()).filter(|&l| l != config.default_language));
    order
        .into_iter()
        .filter(|&l| l != page.lang)
        .filter_map(|l| site.translation(page, l))
        .filter_map(|other| other.with_body(&config.fence()).ok())
        .map(|other| {
            let base = LinkBase {
                dir: super::page_dir(&config.languages[other.lang].code, &other.rel_path),
                base_path: &config.base_path,
            };
            scan_screenshots(&other.text[other.body_start..], &base)
        })
        .collect()
}

/// The pixel size of an image file's bytes, if it is an image tebiki can measure.
pub fn image_size(bytes: &[u8]) -> Option<ImageSize> {
    if let Ok(size) = imagesize::blob_size(bytes) {
        return Some(ImageSize {
            width: u32::try_from(size.width).ok()?,
            height: u32::try_from(size.height).ok()?,
        });
    }
    svg_size(std::str::from_utf8(bytes).ok()?)
}

/// `width`/`height` of the `<svg>` element in pixels (a number, or with `px`), else
/// the last two numbers of its `viewBox`.
fn svg_size(text: &str) -> Option<ImageSize> {
    let start = text.find("<svg")?;
    let tag = &text[start..start + text[start..].find('>')?];
    let attribute = |name: &str| {
        let key = format!(" {name}=");
        let at = tag.find(&key)? + key.len();
        let quote = tag[at..].chars().next()?;
        let value = &tag[at + 1..];
        Some(&value[..value.find(quote)?])
    };
    let pixels = |v: &str| {
        let n: f64 = v.trim().trim_end_matches("px").parse().ok()?;
        (n > 0.0 && n.fract() == 0.0 && n < f64::from(u32::MAX)).then_some(n as u32)
    };
    if let (Some(w), Some(h)) = (attribute("width"), attribute("height")) {
        return Some(ImageSize {
            width: pixels(w)?,
            height: pixels(h)?,
        });
    }
    let view: Vec<&str> = attribute("viewBox")?
        .split([' ', ','])
        .filter(|s| !s.is_empty())
        .collect();
    match view[..] {
        [_, _, w, h] => Some(ImageSize {
            width: pixels(w)?,
            height: pixels(h)?,
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_sizes_come_from_width_and_height_or_the_view_box() {
        let size = |w, h| {
            Some(ImageSize {
                width: w,
                height: h,
            })
        };
        assert_eq!(
            image_size(b"<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"400px\">"),
            size(640, 400)
        );
        assert_eq!(
            image_size(b"<svg viewBox='0 0 320 200' xmlns='http://www.w3.org/2000/svg'></svg>"),
            size(320, 200)
        );
        assert_eq!(image_size(b"<svg width=\"50%\" height=\"10\">"), None);
        assert_eq!(image_size(b"not an image"), None);
    }

    #[test]
    fn png_sizes_come_from_the_header() {
        // The 8-byte signature, then the IHDR chunk: length, type, width 3, height 2.
        let mut png = vec![0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a];
        png.extend([0, 0, 0, 13]);
        png.extend(b"IHDR");
        png.extend([0, 0, 0, 3, 0, 0, 0, 2, 8, 6, 0, 0, 0]);
        png.extend([0, 0, 0, 0]);
        assert_eq!(
            image_size(&png),
            Some(ImageSize {
                width: 3,
                height: 2
            })
        );
    }
}
