//! QR codes as inline SVG, fast enough to draw one on every page.
//!
//! Hand-written on purpose: the mask scoring below saves 20 % of the shipped guide's build
//! and 26 % of a 1,000-pages-per-language build (instruction counts, BENCHMARKS.md) over
//! the `qrcode` crate's own, for the same result (tested against it).
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
//! the crate unchanged. The SVG path draws each row's dark runs as strokes.

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

/// An encoded code: bit sets for codes up to [`MAX_FAST_WIDTH`], else the crate's modules.
enum Encoded {
    Rows { width: usize, rows: Vec<u64> },
    Modules(QrModules),
}

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

    /// `out = self XOR other`.
    fn xor_into(&self, other: &Grid, out: &mut Grid) {
        let xor = |a: &[u64], b: &[u64], out: &mut [u64]| {
            for ((a, b), out) in a.iter().zip(b).zip(out) {
                *out = a ^ b;
            }
        };
        xor(&self.rows, &other.rows, &mut out.rows);
        xor(&self.columns, &other.columns, &mut out.columns);
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
    #[cfg(test)]
    pub fn encode(&self, text: &str) -> Result<QrModules, QrError> {
        Ok(match self.encode_rows(text)? {
            Encoded::Rows { width, rows } => QrModules {
                width,
                dark: rows
                    .iter()
                    .flat_map(|row| (0..width).map(move |x| row >> x & 1 == 1))
                    .collect(),
            },
            Encoded::Modules(modules) => modules,
        })
    }

    /// An SVG QR code of `text`, sized by its viewBox so CSS decides the size.
    pub fn svg(&self, text: &str) -> Result<String, QrError> {
        Ok(match self.encode_rows(text)? {
            Encoded::Rows { width, rows } => svg_of(width, |y| bit_runs(rows[y])),
            Encoded::Modules(m) => svg_of(m.width, |y| {
                bool_runs(&m.dark[y * m.width..(y + 1) * m.width])
            }),
        })
    }

    fn encode_rows(&self, text: &str) -> Result<Encoded, QrError> {
        let bits = qrcode::bits::encode_auto(text.as_bytes(), EcLevel::M)?;
        let version = bits.version();
        let width = version.width().unsigned_abs() as usize;
        if width > MAX_FAST_WIDTH || !matches!(version, Version::Normal(_)) {
            let code = qrcode::QrCode::with_bits(bits, EcLevel::M)?;
            let dark = code.to_colors().iter().map(|c| *c == Color::Dark).collect();
            return Ok(Encoded::Modules(QrModules { width, dark }));
        }
        let (data, ec) = qrcode::ec::construct_codewords(&bits.into_bytes(), version, EcLevel::M)?;
        let template = self.template(version, data.len(), ec.len());
        // The dark data modules, placed as `Canvas::draw_data` places them.
        let mut dark_data = Grid::empty(width);
        // Eight modules per codeword, its most significant bit first.
        for (byte, cells) in data.iter().chain(&ec).zip(template.order.chunks_exact(8)) {
            for (j, &(x, y)) in cells.iter().enumerate() {
                if byte << j & 0x80 != 0 {
                    dark_data.set(usize::from(x), usize::from(y));
                }
            }
        }
        let mut code = Grid::empty(width);
        let mut best: Option<(u32, usize)> = None;
        for (mask, masked) in template.masked.iter().enumerate() {
            masked.xor_into(&dark_data, &mut code);
            let score = penalty(&code, width);
            if best.is_none_or(|(s, _)| score < s) {
                best = Some((score, mask));
            }
        }
        let best = best.map_or(0, |(_, mask)| mask);
        template.masked[best].xor_into(&dark_data, &mut code);
        Ok(Encoded::Rows {
            width,
            rows: code.rows,
        })
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

/// The SVG of a `width × width` code; `runs(y)` lists row `y`'s dark runs as
/// `(first module, length)`, left to right.
fn svg_of<R>(width: usize, runs: impl Fn(usize) -> R) -> String
where
    R: Iterator<Item = (usize, usize)>,
{
    let size = width + 2 * QUIET_ZONE;
    let mut svg = String::with_capacity(400 + width * width);
    let _ = write!(
        svg,
        "<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" shape-rendering=\"crispEdges\" aria-hidden=\"true\" focusable=\"false\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path stroke=\"#000\" fill=\"none\" d=\""
    );
    // Each row's dark runs as one-module-wide horizontal strokes along the row's
    // middle: `M{x} {y}.5h{run}` for the first, then `m{gap} 0h{run}`. Written without
    // `format!` machinery: a code has hundreds of runs and every page has a code.
    for y in 0..width {
        let mut pen = None;
        for (x, run) in runs(y) {
            match pen {
                None => {
                    svg.push('M');
                    push_number(&mut svg, x + QUIET_ZONE);
                    svg.push(' ');
                    push_number(&mut svg, y + QUIET_ZONE);
                    svg.push_str(".5");
                }
                Some(end) => {
                    svg.push('m');
                    push_number(&mut svg, x - end);
                    svg.push_str(" 0");
                }
            }
            svg.push('h');
            push_number(&mut svg, run);
            pen = Some(x + run);
        }
    }
    svg.push_str("\"/></svg>");
    svg
}

/// The runs of set bits in `row`, as `(first bit, length)` from the lowest bit up.
fn bit_runs(mut row: u64) -> impl Iterator<Item = (usize, usize)> {
    let mut offset = 0;
    std::iter::from_fn(move || {
        if row == 0 {
            return None;
        }
        let start = row.trailing_zeros() as usize;
        row >>= start;
        let len = (!row).trailing_zeros() as usize;
        row = row.checked_shr(len as u32).unwrap_or(0);
        let first = offset + start;
        offset = first + len;
        Some((first, len))
    })
}

/// The runs of `true` in `line`, as `(first index, length)`.
fn bool_runs(line: &[bool]) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut x = 0;
    std::iter::from_fn(move || {
        let start = x + line.get(x..)?.iter().position(|&dark| dark)?;
        let len = line[start..].iter().take_while(|&&dark| dark).count();
        x = start + len;
        Some((start, len))
    })
}

/// Appends `n` in decimal (module counts: almost always one or two digits).
fn push_number(out: &mut String, n: usize) {
    if n < 10 {
        out.push(char::from(b'0' + n as u8));
    } else if n < 100 {
        out.push(char::from(b'0' + (n / 10) as u8));
        out.push(char::from(b'0' + (n % 10) as u8));
    } else {
        let _ = write!(out, "{n}");
    }
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
///
/// A run of `len ≥ 5` holds `len − 4` windows of five equal modules, so its cost is
/// its window count plus 2: the line costs (windows) + 2 × (first windows of a run).
fn runs_penalty(line: u64, width: usize) -> u32 {
    // Bit k of `same` is set where module k + 1 has the colour of module k.
    let same = !(line ^ (line >> 1)) & low_bits(width - 1);
    let windows = same & (same >> 1) & (same >> 2) & (same >> 3);
    let firsts = windows & !(windows << 1);
    windows.count_ones() + 2 * firsts.count_ones()
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
        // A short URL (bit-set rows) and one too long for them (the crate's modules).
        let long = format!("https://mfa.university.example/en/{}/", "q".repeat(300));
        assert!(QrEncoder::default().encode(&long).unwrap().width > MAX_FAST_WIDTH);
        for text in ["https://mfa.university.example/en/first-method/", &long] {
            svg_path_replays_to(text);
        }
    }

    fn svg_path_replays_to(text: &str) {
        let code = QrEncoder::default().encode(text).unwrap();
        let svg = qr_svg(text).unwrap();
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        let size = code.width + 2 * QUIET_ZONE;
        assert!(svg.contains(&format!("viewBox=\"0 0 {size} {size}\"")));
        let path = svg.split("d=\"").nth(1).unwrap().split('"').next().unwrap();
        let mut drawn = vec![false; code.width * code.width];
        // Replays the path: `M x y.5` moves to a row, `m dx 0` skips light modules,
        // `h run` strokes `run` dark modules.
        let (mut x, mut y) = (0usize, 0usize);
        let mut rest = path;
        while !rest.is_empty() {
            let command = rest.as_bytes()[0];
            let end = rest[1..]
                .find(['M', 'm', 'h'])
                .map_or(rest.len(), |i| i + 1);
            let args = &rest[1..end];
            rest = &rest[end..];
            match command {
                b'M' => {
                    let (mx, my) = args.split_once(' ').unwrap();
                    x = mx.parse().unwrap();
                    y = my.strip_suffix(".5").unwrap().parse().unwrap();
                }
                b'm' => {
                    let (dx, dy) = args.split_once(' ').unwrap();
                    assert_eq!(dy, "0");
                    x += dx.parse::<usize>().unwrap();
                }
                b'h' => {
                    let run: usize = args.parse().unwrap();
                    for dx in 0..run {
                        let cell = &mut drawn[(y - QUIET_ZONE) * code.width + x - QUIET_ZONE + dx];
                        assert!(!*cell, "module drawn twice");
                        *cell = true;
                    }
                    x += run;
                }
                other => panic!("unexpected path command {}", char::from(other)),
            }
        }
        assert_eq!(drawn, code.dark);
    }
}
