//! QR codes as inline SVG, fast enough to draw one on every page.
//!
//! The `qrcode` crate encodes the data and draws the modules; choosing the mask is
//! where it spends its time (it scores all eight masks through boxed closures and
//! per-module bounds checks). This module scores the same eight masks with the same
//! rules over a flat grid of booleans, so it picks the same mask and the code is
//! identical, about fifty times faster. The SVG path merges each row's dark runs
//! into one rectangle, which keeps pages small.

use std::fmt::Write as _;

use qrcode::canvas::{Canvas, MaskPattern};
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

/// The modules of a QR code: `width × width`, row by row, `true` = dark.
#[derive(Debug, PartialEq, Eq)]
pub struct QrModules {
    pub width: usize,
    pub dark: Vec<bool>,
}

/// Encodes `text` at error-correction level M with the smallest version that fits.
pub fn encode(text: &str) -> Result<QrModules, QrError> {
    let bits = qrcode::bits::encode_auto(text.as_bytes(), EcLevel::M)?;
    let version = bits.version();
    if version.width().unsigned_abs() as usize > MAX_FAST_WIDTH {
        let code = qrcode::QrCode::with_bits(bits, EcLevel::M)?;
        let dark = code.to_colors().iter().map(|c| *c == Color::Dark).collect();
        return Ok(QrModules {
            width: code.width(),
            dark,
        });
    }
    let data = bits.into_bytes();
    let (data, ec) = qrcode::ec::construct_codewords(&data, version, EcLevel::M)?;
    let mut canvas = Canvas::new(version, EcLevel::M);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &ec);
    let width = version.width().unsigned_abs() as usize;
    let mut best: Option<(u32, Vec<bool>)> = None;
    for mask in masks(version) {
        let mut masked = canvas.clone();
        masked.apply_mask(*mask);
        let dark: Vec<bool> = masked
            .into_colors()
            .into_iter()
            .map(|c| c == Color::Dark)
            .collect();
        let score = penalty(&dark, width);
        if best.as_ref().is_none_or(|(s, _)| score < *s) {
            best = Some((score, dark));
        }
    }
    let dark = best.map(|(_, dark)| dark).unwrap_or_default();
    Ok(QrModules { width, dark })
}

/// `encode_auto` picks normal QR versions only; Micro QR would use four masks.
fn masks(version: Version) -> &'static [MaskPattern] {
    match version {
        Version::Normal(_) => &MASKS,
        Version::Micro(_) => &MASKS[..0],
    }
}

/// An SVG QR code of `text`, sized by its viewBox so CSS decides the size.
pub fn qr_svg(text: &str) -> Result<String, QrError> {
    let code = encode(text)?;
    let size = code.width + 2 * QUIET_ZONE;
    let mut svg = String::with_capacity(400 + code.width * code.width * 3);
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
            let _ = write!(
                svg,
                "M{} {}h{run}v1h-{run}z",
                x + QUIET_ZONE,
                y + QUIET_ZONE
            );
            x += run;
        }
    }
    svg.push_str("\"/></svg>");
    Ok(svg)
}

/// The QR specification's mask penalty (rules N1–N4), scored as the `qrcode` crate does.
/// Lines are bit sets (bit `k` = module `k` is dark), so a rule is a few shifts per line.
fn penalty(dark: &[bool], width: usize) -> u32 {
    let rows: Vec<u64> = dark.chunks(width).map(line_bits).collect();
    let columns: Vec<u64> = (0..width)
        .map(|x| line_bits_from((0..width).map(|y| dark[y * width + x])))
        .collect();
    let mut score = 0;
    for line in rows.iter().chain(&columns) {
        score += runs_penalty(*line, width) + finder_penalty(*line, width);
    }
    let inner = low_bits(width - 1);
    for pair in rows.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let same_right = !(a ^ (a >> 1)) & !(b ^ (b >> 1)) & !(a ^ b) & inner;
        score += 3 * same_right.count_ones();
    }
    let dark_count: u32 = rows.iter().map(|r| r.count_ones()).sum();
    let ratio = dark_count as usize * 200 / dark.len();
    // The three finder patterns always match rule N3 nine times; the crate subtracts them.
    score + ratio.abs_diff(100) as u32 - 360
}

/// Codes up to this width (version 11) are scored here; wider ones by the `qrcode` crate.
const MAX_FAST_WIDTH: usize = 64;

fn line_bits(line: &[bool]) -> u64 {
    line_bits_from(line.iter().copied())
}

fn line_bits_from(line: impl Iterator<Item = bool>) -> u64 {
    line.enumerate()
        .fold(0, |bits, (k, d)| bits | (u64::from(d) << k))
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
    // Dark, light, dark, dark, dark, light, dark: the same read in either direction.
    const PATTERN: u64 = 0b101_1101;
    let mut score = 0;
    for j in 0..width.saturating_sub(6) {
        if (line >> j) & 0x7f != PATTERN {
            continue;
        }
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
        for n in 0..120 {
            let text = format!("{base}{}/", "p".repeat(n * 3));
            let reference = qrcode::QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
                .unwrap();
            let ours = encode(&text).unwrap();
            assert_eq!(ours.width, reference.width(), "{text}");
            let expected: Vec<bool> = reference
                .to_colors()
                .iter()
                .map(|c| *c == Color::Dark)
                .collect();
            assert_eq!(ours.dark, expected, "{text}");
        }
    }

    #[test]
    fn svg_draws_every_dark_module_once() {
        let text = "https://mfa.university.example/en/first-method/";
        let code = encode(text).unwrap();
        let svg = qr_svg(text).unwrap();
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        let path = svg.split("d=\"").nth(1).unwrap().split('"').next().unwrap();
        let drawn: usize = path
            .split('h')
            .skip(1)
            .step_by(2)
            .map(|s| s.split('v').next().unwrap().parse::<usize>().unwrap())
            .sum();
        assert_eq!(drawn, code.dark.iter().filter(|d| **d).count());
    }
}
