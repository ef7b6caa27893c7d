//! QR codes as inline SVG, fast enough to draw one on every page.
//!
//! The `qrcode` crate encodes the data and draws the modules. Choosing the mask is
//! where it spends its time: it masks the whole canvas eight times and scores each
//! through boxed closures. [`QrEncoder`] picks the same mask with the same scores,
//! much faster:
//!
//! 1. Once per QR version, it draws the function patterns with all-light data and
//!    masks that canvas with each of the eight masks (the format information, which
//!    depends on the mask, comes with it). Data modules there are just the mask bit.
//!    It also lists the data modules in the order codeword bits fill them.
//! 2. Per code, the codeword bits set the dark data modules in that order (the
//!    crate's canvas is not drawn), so each masked code is `masked template XOR data`:
//!    one XOR per row and per column, as 64-bit sets.
//! 3. The penalty rules run on those bit sets; the lowest score wins, ties to the
//!    first mask, as in the crate. A test checks the codes are identical.
//!
//! Codes wider than 64 modules (version 12 and up, URLs over ~250 bytes) go through
//! the crate unchanged. The SVG path merges each row's dark runs into one rectangle.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::{Arc, Mutex};

use qrcode::canvas::{Canvas, MaskPattern, Module};
use qrcode::types::{QrError, Version};
use qrcode::{Color, EcLevel};

/// The eight masks in the order the QR specification numbers them (ties go to the first).
const MASKS: [MaskPattern; 8] = [
    MaskPattern::Checkerboard,
    MaskPattern::HorizontalLines,
    MaskPattern::VerticalLines,
    MaskPattern::DiagonalLines,
    MaskPattern::LargeCheckerboard,
    MaskPattern::Fields,
    MaskPattern::Diamonds,
    MaskPattern::Meadow,
];

/// Light modules around the code, in modules.
const QUIET_ZONE: usize = 2;

/// Codes up to this width (version 11) are scored here; wider ones by the `qrcode` crate.
const MAX_FAST_WIDTH: usize = 64;

/// The modules of a QR code: `width × width`, row by row, `true` = dark.
#[derive(Debug, PartialEq, Eq)]
pub struct QrModules {
    pub width: usize,
    pub dark: Vec<bool>,
}

/// A square of modules as bit sets: `rows[y]` bit `x` and `columns[x]` bit `y` = dark.
#[derive(Clone)]
struct Grid {
    rows: Vec<u64>,
    columns: Vec<u64>,
}

impl Grid {
    fn from_canvas(canvas: Canvas, width: usize) -> Self {
        let colors = canvas.into_colors();
        let dark = |x: usize, y: usize| u64::from(colors[y * width + x] == Color::Dark);
        Self {
            rows: (0..width)
                .map(|y| (0..width).fold(0, |bits, x| bits | dark(x, y) << x))
                .collect(),
            columns: (0..width)
                .map(|x| (0..width).fold(0, |bits, y| bits | dark(x, y) << y))
                .collect(),
        }
    }

    fn empty(width: usize) -> Self {
        Self {
            rows: vec![0; width],
            columns: vec![0; width],
        }
    }

    fn set(&mut self, x: usize, y: usize) {
        self.rows[y] |= 1 << x;
        self.columns[x] |= 1 << y;
    }

    fn xor(&self, other: &Grid) -> Grid {
        let xor = |a: &[u64], b: &[u64]| a.iter().zip(b).map(|(a, b)| a ^ b).collect();
        Grid {
            rows: xor(&self.rows, &other.rows),
            columns: xor(&self.columns, &other.columns),
        }
    }
}

/// One version's canvas with all-light data under each mask, and where the data goes.
struct Template {
    masked: Vec<Grid>,
    /// The data modules `(x, y)` in the order codeword bits fill them.
    order: Vec<(u8, u8)>,
}

/// Draws QR codes, keeping each version's [`Template`] for the next code.
#[derive(Default)]
pub struct QrEncoder {
    templates: Mutex<HashMap<i16, Arc<Template>>>,
}

impl QrEncoder {
    /// Encodes `text` at error-correction level M with the smallest version that fits.
    pub fn encode(&self, text: &str) -> Result<QrModules, QrError> {
        let bits = qrcode::bits::encode_auto(text.as_bytes(), EcLevel::M)?;
        let version = bits.version();
        let width = version.width().unsigned_abs() as usize;
        if width > MAX_FAST_WIDTH || !matches!(version, Version::Normal(_)) {
            let code = qrcode::QrCode::with_bits(bits, EcLevel::M)?;
            let dark = code.to_colors().iter().map(|c| *c == Color::Dark).collect();
            return Ok(QrModules { width, dark });
        }
        let (data, ec) = qrcode::ec::construct_codewords(&bits.into_bytes(), version, EcLevel::M)?;
        let template = self.template(version, data.len(), ec.len());
        // The dark data modules, placed as `Canvas::draw_data` places them.
        let mut dark_data = Grid::empty(width);
        let bits = data
            .iter()
            .chain(&ec)
            .flat_map(|byte| (0..8).rev().map(move |j| byte >> j & 1 == 1));
        for (&(x, y), dark) in template.order.iter().zip(bits) {
            if dark {
                dark_data.set(usize::from(x), usize::from(y));
            }
        }
        let data = dark_data;
        let mut best: Option<(u32, Grid)> = None;
        for masked in &template.masked {
            let code = masked.xor(&data);
            let score = penalty(&code, width);
            if best.as_ref().is_none_or(|(s, _)| score < *s) {
                best = Some((score, code));
            }
        }
        let rows = best.map(|(_, code)| code.rows).unwrap_or_default();
        let dark = rows
            .iter()
            .flat_map(|row| (0..width).map(move |x| row >> x & 1 == 1))
            .collect();
        Ok(QrModules { width, dark })
    }

    /// An SVG QR code of `text`, sized by its viewBox so CSS decides the size.
    pub fn svg(&self, text: &str) -> Result<String, QrError> {
        Ok(svg_of(&self.encode(text)?))
    }

    fn template(&self, version: Version, data_len: usize, ec_len: usize) -> Arc<Template> {
        let key = version.width();
        let cached = self.lock().get(&key).cloned();
        if let Some(template) = cached {
            return template;
        }
        let width = key.unsigned_abs() as usize;
        let mut functional = Canvas::new(version, EcLevel::M);
        functional.draw_all_functional_patterns();
        let order = data_modules(width)
            .filter(|&(x, y)| functional.get(i16::from(x), i16::from(y)) == Module::Empty)
            .collect();
        let blank = draw(version, &vec![0; data_len], &vec![0; ec_len]);
        let masked = MASKS
            .iter()
            .map(|mask| {
                let mut canvas = blank.clone();
                canvas.apply_mask(*mask);
                Grid::from_canvas(canvas, width)
            })
            .collect();
        let template = Arc::new(Template { masked, order });
        self.lock().insert(key, template.clone());
        template
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<i16, Arc<Template>>> {
        // The map only ever gains complete entries, so a panic elsewhere cannot leave
        // it half-updated.
        self.templates.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The canvas with function patterns and (unmasked) data drawn.
fn draw(version: Version, data: &[u8], ec: &[u8]) -> Canvas {
    let mut canvas = Canvas::new(version, EcLevel::M);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(data, ec);
    canvas
}

/// Every module in data placement order (QR specification 7.7.3): two-module-wide
/// columns from the right, upwards then downwards, stepping over the vertical timing
/// pattern in column 6. Function modules are included; the caller skips them.
fn data_modules(width: usize) -> impl Iterator<Item = (u8, u8)> {
    const TIMING_COLUMN: usize = 6;
    let mut right = width - 1;
    let mut pairs = Vec::new();
    loop {
        pairs.push(right);
        if right < 2 {
            break;
        }
        right -= 2;
        if right == TIMING_COLUMN {
            right -= 1;
        }
    }
    pairs.into_iter().enumerate().flat_map(move |(i, right)| {
        let upwards = i % 2 == 0;
        (0..width).flat_map(move |step| {
            let y = if upwards { width - 1 - step } else { step };
            [right, right - 1].map(|x| (x as u8, y as u8))
        })
    })
}

/// An SVG QR code of `text` (a fresh encoder; pages use [`QrEncoder::svg`]).
pub fn qr_svg(text: &str) -> Result<String, QrError> {
    QrEncoder::default().svg(text)
}

fn svg_of(code: &QrModules) -> String {
    let size = code.width + 2 * QUIET_ZONE;
    let mut svg = String::with_capacity(400 + code.width * code.width * 2);
    let _ = write!(
        svg,
        "<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" shape-rendering=\"crispEdges\" aria-hidden=\"true\" focusable=\"false\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"#000\" d=\""
    );
    for (y, row) in code.dark.chunks(code.width).enumerate() {
        let mut x = 0;
        while x < row.len() {
            if !row[x] {
                x += 1;
                continue;
            }
            let run = row[x..].iter().take_while(|d| **d).count();
            // `M{x} {y}h{run}v1h-{run}z`, without `format!` machinery: a code has
            // hundreds of runs and every page has a code.
            svg.push('M');
            push_number(&mut svg, x + QUIET_ZONE);
            svg.push(' ');
            push_number(&mut svg, y + QUIET_ZONE);
            svg.push('h');
            push_number(&mut svg, run);
            svg.push_str("v1h-");
            push_number(&mut svg, run);
            svg.push('z');
            x += run;
        }
    }
    svg.push_str("\"/></svg>");
    svg
}

fn push_number(out: &mut String, n: usize) {
    if n >= 10 {
        push_number(out, n / 10);
    }
    out.push(char::from(b'0' + (n % 10) as u8));
}

/// The QR specification's mask penalty (rules N1–N4), scored as the `qrcode` crate does.
fn penalty(code: &Grid, width: usize) -> u32 {
    let mut score = 0;
    for line in code.rows.iter().chain(&code.columns) {
        score += runs_penalty(*line, width) + finder_penalty(*line, width);
    }
    let inner = low_bits(width - 1);
    for pair in code.rows.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let same_right = !(a ^ (a >> 1)) & !(b ^ (b >> 1)) & !(a ^ b) & inner;
        score += 3 * same_right.count_ones();
    }
    let dark: u32 = code.rows.iter().map(|r| r.count_ones()).sum();
    let ratio = dark as usize * 200 / (width * width);
    // The three finder patterns always match rule N3 nine times; the crate subtracts them.
    score + ratio.abs_diff(100) as u32 - 360
}

/// The lowest `n` bits set.
fn low_bits(n: usize) -> u64 {
    if n >= 64 {
        u64::MAX
    } else {
        (1 << n) - 1
    }
}

/// N1: each run of 5 + n modules of one colour in a line costs 3 + n.
fn runs_penalty(line: u64, width: usize) -> u32 {
    // Bit k of `changes` is set where module k + 1 differs from module k.
    let mut changes = (line ^ (line >> 1)) & low_bits(width - 1);
    let mut score = 0;
    let mut start = 0;
    loop {
        let end = if changes == 0 {
            width
        } else {
            changes.trailing_zeros() as usize + 1
        };
        let run = (end - start) as u32;
        if run >= 5 {
            score += run - 2;
        }
        if changes == 0 {
            return score;
        }
        changes &= changes - 1;
        start = end;
    }
}

/// N3: a 1:1:3:1:1 finder-like pattern with four light modules on either side costs 40.
fn finder_penalty(line: u64, width: usize) -> u32 {
    if width < 7 {
        return 0;
    }
    // Dark, light, dark, dark, dark, light, dark (the same read in either direction):
    // bit j of `starts` is set where it begins at module j.
    let at = |k: u32| line >> k;
    let mut starts = at(0) & !at(1) & at(2) & at(3) & at(4) & !at(5) & at(6) & low_bits(width - 6);
    let mut score = 0;
    while starts != 0 {
        let j = starts.trailing_zeros() as usize;
        starts &= starts - 1;
        let before = line & low_bits(j) & !low_bits(j.saturating_sub(4));
        let after = (line >> (j + 7)) & 0xf & low_bits(width - (j + 7));
        if before == 0 || after == 0 {
            score += 40;
        }
    }
    score
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same modules as the `qrcode` crate's own mask choice, for texts of many lengths.
    #[test]
    fn picks_the_same_mask_as_the_qrcode_crate() {
        let base = "https://mfa.university.example/ja/";
        let encoder = QrEncoder::default();
        for n in 0..120 {
            let text = format!("{base}{}/", "p".repeat(n * 3));
            let reference =
                qrcode::QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).unwrap();
            let ours = encoder.encode(&text).unwrap();
            assert_eq!(ours.width, reference.width(), "{text}");
            let expected: Vec<bool> = reference
                .to_colors()
                .iter()
                .map(|c| *c == Color::Dark)
                .collect();
            assert_eq!(ours.dark, expected, "{text}");
        }
    }

    /// Redrawing the SVG path's rectangles gives back exactly the code's dark modules.
    #[test]
    fn svg_path_draws_exactly_the_dark_modules() {
        let text = "https://mfa.university.example/en/first-method/";
        let code = QrEncoder::default().encode(text).unwrap();
        let svg = qr_svg(text).unwrap();
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        let size = code.width + 2 * QUIET_ZONE;
        assert!(svg.contains(&format!("viewBox=\"0 0 {size} {size}\"")));
        let path = svg.split("d=\"").nth(1).unwrap().split('"').next().unwrap();
        let mut drawn = vec![false; code.width * code.width];
        for rect in path.split('M').skip(1) {
            let (x, rest) = rect.split_once(' ').unwrap();
            let (y, rest) = rest.split_once('h').unwrap();
            let (run, _) = rest.split_once('v').unwrap();
            let (x, y, run): (usize, usize, usize) =
                (x.parse().unwrap(), y.parse().unwrap(), run.parse().unwrap());
            for dx in 0..run {
                let cell = &mut drawn[(y - QUIET_ZONE) * code.width + x - QUIET_ZONE + dx];
                assert!(!*cell, "module drawn twice");
                *cell = true;
            }
        }
        assert_eq!(drawn, code.dark);
    }
}
