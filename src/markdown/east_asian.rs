//! Character classes for the East Asian passes ([`super::cjk_emphasis`],
//! [`super::line_breaks`], [`super::autolinks`]): CommonMark's whitespace and punctuation,
//! the markdown-cjk-friendly specification's "CJK character", and CSS Text 3's wide
//! characters.

use super::unicode_tables::{PUNCTUATION, WIDE_NOT_HANGUL};

/// The markdown-cjk-friendly specification's "CJK character": East Asian Width W, F or H
/// and not a default-emoji-presentation character, or Hangul. The ranges are the ones the
/// specification lists in its `ranges.md` (Unicode 16).
#[rustfmt::skip]
const CJK: &[(u32, u32)] = &[
    (0x1100, 0x11FF), (0x20A9, 0x20A9), (0x2329, 0x232A), (0x2630, 0x2637), (0x268A, 0x268F),
    (0x2E80, 0x2E99), (0x2E9B, 0x2EF3), (0x2F00, 0x2FD5), (0x2FF0, 0x303E), (0x3041, 0x3096),
    (0x3099, 0x30FF), (0x3105, 0x312F), (0x3131, 0x318E), (0x3190, 0x31E5), (0x31EF, 0x321E),
    (0x3220, 0x3247), (0x3250, 0xA48C), (0xA490, 0xA4C6), (0xA960, 0xA97C), (0xAC00, 0xD7A3),
    (0xD7B0, 0xD7C6), (0xD7CB, 0xD7FB), (0xF900, 0xFAFF), (0xFE10, 0xFE19), (0xFE30, 0xFE52),
    (0xFE54, 0xFE66), (0xFE68, 0xFE6B), (0xFF01, 0xFFBE), (0xFFC2, 0xFFC7), (0xFFCA, 0xFFCF),
    (0xFFD2, 0xFFD7), (0xFFDA, 0xFFDC), (0xFFE0, 0xFFE6), (0xFFE8, 0xFFEE), (0x16FE0, 0x16FE4),
    (0x16FF0, 0x16FF6), (0x17000, 0x18CD5), (0x18CFF, 0x18D1E), (0x18D80, 0x18DF2),
    (0x1AFF0, 0x1AFF3), (0x1AFF5, 0x1AFFB), (0x1AFFD, 0x1AFFE), (0x1B000, 0x1B122),
    (0x1B132, 0x1B132), (0x1B150, 0x1B152), (0x1B155, 0x1B155), (0x1B164, 0x1B167),
    (0x1B170, 0x1B2FB), (0x1D300, 0x1D356), (0x1D360, 0x1D376), (0x1F200, 0x1F200),
    (0x1F202, 0x1F202), (0x1F210, 0x1F219), (0x1F21B, 0x1F22E), (0x1F230, 0x1F231),
    (0x1F237, 0x1F237), (0x1F23B, 0x1F23B), (0x1F240, 0x1F248), (0x1F260, 0x1F265),
    (0x20000, 0x3FFFD),
];

fn in_table(table: &[(u32, u32)], c: char) -> bool {
    let c = c as u32;
    table
        .binary_search_by(|&(low, high)| {
            if high < c {
                std::cmp::Ordering::Less
            } else if low > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// CommonMark's "Unicode whitespace character" (category Zs, tab, LF, FF, CR).
pub fn is_whitespace(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\x0C' | '\r' | ' ')
        || (!c.is_ascii() && c.is_whitespace() && !matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}'))
}

/// CommonMark's "Unicode punctuation character" (categories P and S).
pub fn is_punctuation(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_punctuation()
    } else {
        in_table(PUNCTUATION, c)
    }
}

/// The markdown-cjk-friendly specification's "CJK character".
pub fn is_cjk(c: char) -> bool {
    !c.is_ascii() && in_table(CJK, c)
}

/// U+FE00-FE0E: variation selectors that may follow a CJK character (U+FE0F asks for
/// emoji presentation and is left out, as the specification says).
pub fn is_text_variation_selector(c: char) -> bool {
    ('\u{FE00}'..='\u{FE0E}').contains(&c)
}

/// The Variation Selectors Supplement (U+E0100-E01EF), used by ideographs.
pub fn is_ideographic_variation_selector(c: char) -> bool {
    ('\u{E0100}'..='\u{E01EF}').contains(&c)
}

/// East Asian Width F, W or H and not Hangul: CSS Text 3's test for removing a segment
/// break between two characters.
pub fn is_wide_not_hangul(c: char) -> bool {
    !c.is_ascii() && in_table(WIDE_NOT_HANGUL, c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_of_typical_characters() {
        for c in ['「', '」', '（', '）', '、', '。', '：', '！', '？', '『'] {
            assert!(is_cjk(c) && is_punctuation(c), "{c}");
        }
        for c in ['あ', 'ア', '漢', 'ｱ', '한'] {
            assert!(is_cjk(c) && !is_punctuation(c), "{c}");
        }
        for c in ['«', '—', '…', '€', '*', '.'] {
            assert!(!is_cjk(c) && is_punctuation(c), "{c}");
        }
        assert!(!is_cjk('😀') && !is_cjk('a') && !is_cjk('é'));
        assert!(is_whitespace('\u{3000}') && is_whitespace('\u{A0}') && !is_whitespace('a'));
        assert!(is_wide_not_hangul('。') && is_wide_not_hangul('ｱ') && is_wide_not_hangul('漢'));
        assert!(!is_wide_not_hangul('한') && !is_wide_not_hangul('a') && !is_wide_not_hangul('é'));
    }
}
