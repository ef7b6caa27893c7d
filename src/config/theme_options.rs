//! `theme` in site.toml: a theme's name (`theme = "default"`), or a `[theme]` table with
//! the university's branding, so nobody forks the theme for a logo and a colour:
//!
//! ```toml
//! [theme]
//! name = "default"
//! logo = "static/logo.svg"
//! accent_color = "#0b57a4"        # light scheme; checked against the theme's backgrounds
//! accent_color_dark = "#8cbcff"   # optional; else derived from accent_color
//! ```
//!
//! Takes the raw table with spans, gives the theme name and [`ThemeOptions`]. An accent
//! colour whose contrast against the theme's backgrounds is below WCAG AA's 4.5:1 for
//! text is an error at its `site.toml:line:col` naming the ratio and the nearest passing
//! shade.

use crate::diagnostics::Code;
use std::fmt;
use std::path::Path;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use toml::Spanned;

use crate::diagnostics::{Diagnostic, Text};
use crate::text;

/// WCAG 2.1 AA's minimum contrast for normal text.
const MIN_CONTRAST: f64 = 4.5;
/// The default theme's light-scheme backgrounds behind accent-coloured text, and the
/// text drawn on accent-coloured buttons (mirrors `--bg`, `--surface`, `--accent-soft`
/// and `--accent-text` in themes/default/static/tebiki.css).
const LIGHT_BACKGROUNDS: [Rgb; 3] = [
    Rgb(0xff, 0xff, 0xff),
    Rgb(0xf4, 0xf6, 0xf9),
    Rgb(0xe6, 0xee, 0xf8),
];
/// The same for the dark scheme.
const DARK_BACKGROUNDS: [Rgb; 4] = [
    Rgb(0x12, 0x14, 0x17),
    Rgb(0x1c, 0x20, 0x26),
    Rgb(0x1c, 0x2a, 0x3d),
    Rgb(0x0d, 0x11, 0x17),
];

/// The branding of `[theme]`, for templates (`site.theme`).
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct ThemeOptions {
    /// The logo's path below the output root (`logo.svg` for `static/logo.svg`).
    pub logo: Option<String>,
    /// The accent colour in each scheme.
    pub accent: Option<Accent>,
}

/// An accent colour that passes AA in both schemes, as `#rrggbb`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Accent {
    pub light: String,
    pub dark: String,
}

/// `theme` as written: a name, or a table.
#[derive(Debug, Default)]
pub struct RawTheme {
    name: Option<Spanned<String>>,
    logo: Option<Spanned<String>>,
    accent_color: Option<Spanned<String>>,
    accent_color_dark: Option<Spanned<String>>,
}

const FIELDS: &[&str] = &["name", "logo", "accent_color", "accent_color_dark"];

impl<'de> Deserialize<'de> for RawTheme {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RawThemeVisitor)
    }
}

struct RawThemeVisitor;

impl<'de> Visitor<'de> for RawThemeVisitor {
    type Value = RawTheme;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a theme name or a [theme] table")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<RawTheme, E> {
        // A bare name has no span of its own; the caller points at the key.
        Ok(RawTheme {
            name: Some(Spanned::new(0..0, name.to_string())),
            ..RawTheme::default()
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawTheme, A::Error> {
        let mut raw = RawTheme::default();
        while let Some(key) = map.next_key::<String>()? {
            let slot = match key.as_str() {
                "name" => &mut raw.name,
                "logo" => &mut raw.logo,
                "accent_color" => &mut raw.accent_color,
                "accent_color_dark" => &mut raw.accent_color_dark,
                other => return Err(de::Error::unknown_field(other, FIELDS)),
            };
            *slot = Some(map.next_value()?);
        }
        Ok(raw)
    }
}

/// A located problem: (byte span in site.toml, code, message, help).
pub type Problem = (std::ops::Range<usize>, Code, Text, Text);

/// Validates `theme`: gives the theme's name (default `default`), its options, and every
/// problem found.
pub fn validate_theme(raw: Option<RawTheme>, root: &Path) -> (String, ThemeOptions, Vec<Problem>) {
    let raw = raw.unwrap_or_default();
    let mut problems = Vec::new();
    let name = raw
        .name
        .map(Spanned::into_inner)
        .unwrap_or_else(|| "default".to_string());
    let logo = raw.logo.and_then(|l| logo(&l, root, &mut problems));
    let accent = raw
        .accent_color
        .and_then(|c| accent(&c, raw.accent_color_dark.as_ref(), &mut problems));
    (name, ThemeOptions { logo, accent }, problems)
}

fn logo(raw: &Spanned<String>, root: &Path, problems: &mut Vec<Problem>) -> Option<String> {
    let value = raw.get_ref().trim();
    let below = value.strip_prefix("static/").filter(|rest| {
        !rest.is_empty() && !rest.split('/').any(|part| part == ".." || part.is_empty())
    });
    let Some(below) = below else {
        problems.push((
            raw.span(),
            Code::BadLogo,
            text!("bad-logo-outside", value = value),
            text!("bad-logo-outside-help"),
        ));
        return None;
    };
    if !root.join(value).is_file() {
        problems.push((
            raw.span(),
            Code::BadLogo,
            text!("bad-logo-missing", value = value),
            text!("bad-logo-missing-help"),
        ));
        return None;
    }
    Some(below.to_string())
}

fn accent(
    light: &Spanned<String>,
    dark: Option<&Spanned<String>>,
    problems: &mut Vec<Problem>,
) -> Option<Accent> {
    let light_ok = checked(light, "accent_color", Scheme::Light, problems)?;
    let dark_ok = match dark {
        Some(dark) => checked(dark, "accent_color_dark", Scheme::Dark, problems)?,
        None => nearest_passing(light_ok, Scheme::Dark),
    };
    Some(Accent {
        light: light_ok.to_string(),
        dark: dark_ok.to_string(),
    })
}

/// The colour of `raw` if it passes against `scheme`'s backgrounds, else a problem.
fn checked(
    raw: &Spanned<String>,
    key: &str,
    scheme: Scheme,
    problems: &mut Vec<Problem>,
) -> Option<Rgb> {
    let value = raw.get_ref().trim();
    let Some(colour) = Rgb::parse(value) else {
        problems.push((
            raw.span(),
            Code::BadColor,
            text!("bad-color", key = key, value = value),
            text!("bad-color-help", key = key),
        ));
        return None;
    };
    let (ratio, against) = scheme.worst(colour);
    if ratio >= MIN_CONTRAST {
        return Some(colour);
    }
    let better = nearest_passing(colour, scheme);
    problems.push((
        raw.span(),
        Code::LowContrast,
        text!(
            "low-contrast",
            key = key,
            value = value,
            ratio = floor2(ratio),
            scheme = scheme.name(),
            background = against
        ),
        text!(
            "low-contrast-help",
            key = key,
            better = better,
            ratio = floor2(scheme.worst(better).0)
        ),
    ));
    None
}

/// The ratio rounded down, so 4.499 never shows as a passing 4.5.
fn floor2(ratio: f64) -> String {
    let s = format!("{:.2}", (ratio * 100.0).floor() / 100.0);
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[derive(Clone, Copy)]
enum Scheme {
    Light,
    Dark,
}

impl Scheme {
    fn backgrounds(self) -> &'static [Rgb] {
        match self {
            Scheme::Light => &LIGHT_BACKGROUNDS,
            Scheme::Dark => &DARK_BACKGROUNDS,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Scheme::Light => "light",
            Scheme::Dark => "dark",
        }
    }

    /// The lowest contrast of `colour` against this scheme's backgrounds, and that background.
    fn worst(self, colour: Rgb) -> (f64, Rgb) {
        self.backgrounds()
            .iter()
            .map(|bg| (contrast(colour, *bg), *bg))
            .fold(
                (f64::INFINITY, Rgb(0, 0, 0)),
                |a, b| if b.0 < a.0 { b } else { a },
            )
    }
}

/// The shade of `colour` closest to it (mixed with black for the light scheme, white for
/// the dark one, in 1 % steps) that passes; the colour itself when it passes already.
fn nearest_passing(colour: Rgb, scheme: Scheme) -> Rgb {
    let target = match scheme {
        Scheme::Light => Rgb(0, 0, 0),
        Scheme::Dark => Rgb(0xff, 0xff, 0xff),
    };
    (0..=100)
        .map(|step| colour.mix(target, f64::from(step) / 100.0))
        .find(|c| scheme.worst(*c).0 >= MIN_CONTRAST)
        .unwrap_or(target)
}

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Rgb(u8, u8, u8);

impl Rgb {
    /// `#rgb` or `#rrggbb`.
    fn parse(text: &str) -> Option<Rgb> {
        let hex = text.strip_prefix('#')?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let digit = |i: usize, len: usize| u8::from_str_radix(&hex[i..i + len], 16).ok();
        match hex.len() {
            3 => Some(Rgb(digit(0, 1)? * 17, digit(1, 1)? * 17, digit(2, 1)? * 17)),
            6 => Some(Rgb(digit(0, 2)?, digit(2, 2)?, digit(4, 2)?)),
            _ => None,
        }
    }

    fn mix(self, other: Rgb, t: f64) -> Rgb {
        let m = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
        Rgb(m(self.0, other.0), m(self.1, other.1), m(self.2, other.2))
    }

    /// WCAG 2.1 relative luminance.
    fn luminance(self) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(self.0) + 0.7152 * channel(self.1) + 0.0722 * channel(self.2)
    }
}

impl fmt::Display for Rgb {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// WCAG 2.1 contrast ratio.
fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (a.luminance(), b.luminance());
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Turns the problems into diagnostics at their place in site.toml.
pub fn located(
    problems: Vec<Problem>,
    locate: impl Fn(usize) -> (usize, usize),
) -> Vec<Diagnostic> {
    problems
        .into_iter()
        .map(|(span, code, message, help)| {
            Diagnostic::error(code, super::CONFIG_FILE, message)
                .at(locate(span.start))
                .with_help(help)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_matches_wcag_reference_values() {
        assert!((contrast(Rgb(0, 0, 0), Rgb(255, 255, 255)) - 21.0).abs() < 1e-9);
        // #767676 on white is the classic "just passes" grey: 4.54:1.
        assert_eq!(
            floor2(contrast(Rgb::parse("#767676").unwrap(), Rgb(255, 255, 255))),
            "4.54"
        );
    }

    #[test]
    fn the_themes_own_accents_pass_and_a_light_blue_suggests_a_darker_shade() {
        let ok = Rgb::parse("#0b57a4").unwrap();
        assert!(Scheme::Light.worst(ok).0 >= MIN_CONTRAST);
        assert!(Scheme::Dark.worst(Rgb::parse("#8cbcff").unwrap()).0 >= MIN_CONTRAST);
        let pale = Rgb::parse("#6aa9ff").unwrap();
        let better = nearest_passing(pale, Scheme::Light);
        assert!(Scheme::Light.worst(better).0 >= MIN_CONTRAST);
        let one_step_less = pale.mix(Rgb(0, 0, 0), 0.0);
        assert!(Scheme::Light.worst(one_step_less).0 < MIN_CONTRAST);
        assert_eq!(nearest_passing(ok, Scheme::Light), ok);
    }
}
