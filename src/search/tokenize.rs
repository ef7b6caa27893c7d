//! The one normalizer and tokenizer of search, shared by the index (here) and the query
//! (`themes/default/static/search.js`, which follows these rules step for step). Both sides
//! are tested against `tests/fixtures/search/vectors.json`.
//!
//! 1. Unicode NFKC (`ＭＦＡ` → `MFA`, `ｱﾌﾟﾘ` → `アプリ`), then lowercase.
//! 2. Katakana folds to hiragana (`アプリ` → `あぷり`); the long vowel mark `ー` stays.
//! 3. Characters are CJK (kana, `ー`, ideographs, `々`), word (other letters, digits and
//!    combining marks) or separators (everything else).
//! 4. A `ー` that ends a CJK run is dropped (`サーバー` = `サーバ`).
//! 5. A CJK run of one character is one token; a longer run gives its overlapping bigrams.
//!    A word run is one token.
//!
//! The index calls this for every section of every page, so the loop does one pass over
//! the characters: text that the NFKC quick check passes (nearly all) skips NFKC, and a
//! CJK token is handed over as two packed characters instead of a string.

use std::borrow::Cow;

use unicode_normalization::{IsNormalized, UnicodeNormalization};

/// What a token is made of: the query matches [`Kind::Word`] tokens and one-character
/// CJK tokens by prefix, CJK bigrams exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Cjk,
    Word,
}

/// One token as the tokenizer hands it over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token<'a> {
    /// One or two CJK characters packed by [`cjk_key`].
    Cjk(u64),
    /// A word run, normalized, and its [`word_hash`].
    Word(&'a str, u64),
}

/// The hash of a word, made byte by byte as the word is cut ([`hash_byte`] from 0).
pub fn word_hash(word: &str) -> u64 {
    word.bytes().fold(0, hash_byte)
}

/// The next step of [`word_hash`] (FxHash's).
#[inline(always)]
pub fn hash_byte(hash: u64, byte: u8) -> u64 {
    (hash.rotate_left(5) ^ u64::from(byte)).wrapping_mul(0x517C_C1B7_2722_0A95)
}

/// Where a [`Cutter`]'s tokens go, one by one.
pub trait Emit {
    fn token(&mut self, token: Token);
}

impl<F: FnMut(Token)> Emit for F {
    #[inline(always)]
    fn token(&mut self, token: Token) {
        self(token)
    }
}

/// One or two CJK characters as one number (`second` is `'\0'` for one character).
pub fn cjk_key(first: char, second: char) -> u64 {
    (u64::from(first) << 21) | u64::from(second)
}

/// The text of a [`cjk_key`].
pub fn cjk_text(key: u64) -> String {
    [key >> 21, key & 0x1F_FFFF]
        .into_iter()
        .filter(|&c| c != 0)
        .filter_map(|c| char::from_u32(c as u32))
        .collect()
}

/// The normalized text: NFKC, lowercase, katakana folded to hiragana.
pub fn normalize(text: &str) -> String {
    if in_nfkc(text) {
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            lower(c, |c| out.push(fold_kana(c)));
        }
        return out;
    }
    let lower = if unicode_normalization::is_nfkc_quick(text.chars()) == IsNormalized::Yes {
        text.to_lowercase()
    } else {
        text.nfkc().collect::<String>().to_lowercase()
    };
    lower.chars().map(fold_kana).collect()
}

/// Whether `text` is NFKC already and lowers character by character: ASCII and the
/// kana and ideographs of Japanese text (no decomposition, no combining, no case) pass
/// without a table lookup; anything else asks the NFKC quick check. A capital sigma
/// takes the string path, because `str::to_lowercase` lowers a final one differently
/// from `char`'s, as JavaScript does.
fn in_nfkc(text: &str) -> bool {
    fast_bytes(text.as_bytes())
        || (!text.contains('Σ')
            && unicode_normalization::is_nfkc_quick(text.chars()) == IsNormalized::Yes)
}

/// Whether UTF-8 `bytes` are ASCII and characters [`fast_class`] takes only. A Japanese
/// character is three bytes, `E3 xx xx` for kana and punctuation, `E4`–`E9` for the
/// ideographs.
fn fast_bytes(bytes: &[u8]) -> bool {
    if bytes.is_ascii() {
        return true;
    }
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            i += 1;
            continue;
        }
        let Some(&[_, b1, b2]) = bytes.get(i..i + 3) else {
            return false;
        };
        if fast_class(b, b1, b2) == SLOW {
            return false;
        }
        i += 3;
    }
    true
}

/// Kana, ideographs and Japanese punctuation that NFKC keeps as they are.
#[cfg(test)]
fn stable_cjk(cp: u32) -> bool {
    matches!(cp, 0x3001..=0x3002 | 0x3005 | 0x300C..=0x300F | 0x3041..=0x3096
        | 0x30A1..=0x30FA | 0x30FC | 0x4E00..=0x9FFF)
}

/// Classes of the three-byte characters the fast path takes: not taken (anything that
/// NFKC may change, or that is not Japanese), a separator, a CJK character, a katakana
/// that folds to its hiragana (0x60 below it).
const SLOW: u8 = 0;
const SEPARATOR: u8 = 1;
const CJK: u8 = 2;
const KATAKANA: u8 = 3;

/// The class of each character U+3000–U+3FFF (kana and Japanese punctuation).
static KANA_CLASS: [u8; 0x1000] = {
    let mut table = [SLOW; 0x1000];
    let mut cp = 0x3000;
    while cp < 0x4000 {
        table[cp - 0x3000] = match cp {
            0x3001..=0x3002 | 0x300C..=0x300F => SEPARATOR,
            0x30A1..=0x30F6 => KATAKANA,
            0x3005 | 0x3041..=0x3096 | 0x30F7..=0x30FA | 0x30FC => CJK,
            _ => SLOW,
        };
        cp += 1;
    }
    table
};

/// The class of the character of the three UTF-8 bytes `b0 b1 b2` (`b0` ≥ 0x80).
#[inline(always)]
fn fast_class(b0: u8, b1: u8, b2: u8) -> u8 {
    match b0 {
        // U+5000–U+9FFF: ideographs, all of them stable.
        0xE5..=0xE9 => CJK,
        0xE3 => KANA_CLASS[(usize::from(b1 & 0x3F) << 6) | usize::from(b2 & 0x3F)],
        // U+4E00–U+4FFF.
        0xE4 if b1 >= 0xB8 => CJK,
        _ => SLOW,
    }
}

/// Calls `out` with the lowercase of `c` (one or more characters).
fn lower(c: char, mut out: impl FnMut(char)) {
    if c.is_ascii() {
        out(c.to_ascii_lowercase());
    } else if ('\u{3000}'..'\u{A000}').contains(&c) {
        // CJK symbols, kana and ideographs have no case.
        out(c);
    } else {
        c.to_lowercase().for_each(out);
    }
}

fn fold_kana(c: char) -> char {
    match c {
        // Katakana sits 0x60 above its hiragana.
        '\u{30A1}'..='\u{30F6}' => char::from_u32(c as u32 - 0x60).unwrap_or(c),
        _ => c,
    }
}

/// The class of a normalized character.
pub fn class(c: char) -> Option<Kind> {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric().then_some(Kind::Word);
    }
    match c {
        // Japanese punctuation, brackets and the middle dot, before the table lookup.
        '\u{3000}'..='\u{3004}' | '\u{3008}'..='\u{3020}' | '\u{30FB}' => None,
        '\u{3041}'..='\u{309F}'
        | '\u{30A0}'..='\u{30FA}'
        | '\u{30FC}'..='\u{30FF}'
        | '\u{3005}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3FFFF}' => Some(Kind::Cjk),
        _ if c.is_alphanumeric() || is_mark(c) => Some(Kind::Word),
        _ => None,
    }
}

fn is_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}')
}

/// The tokens of `text` as strings, in order, with repeats.
pub fn tokenize(text: &str) -> Vec<(String, Kind)> {
    let mut tokens = Vec::new();
    each_token(text, &mut Cutter::default(), |token| {
        tokens.push(match token {
            Token::Cjk(key) => (cjk_text(key), Kind::Cjk),
            Token::Word(word, _) => (word.to_string(), Kind::Word),
        })
    });
    tokens
}

/// Calls `emit` with each token of `text`, in order, with repeats. `cutter` is scratch
/// space, kept by the caller so that a page's sections share it.
pub fn each_token(text: &str, cutter: &mut Cutter, mut emit: impl FnMut(Token)) {
    cutter.feed(text, &mut emit);
    cutter.end(&mut emit);
}

/// A tokenizer fed text piece by piece: pieces fed one after the other are one text (a
/// word or CJK run goes on across them) until [`Cutter::end`].
///
/// A piece that the byte check of [`in_nfkc`] passes (nearly all) is cut straight from
/// its UTF-8 bytes. Other pieces wait in `slow` until a fast piece or the end, then go
/// through NFKC together, so that characters NFKC composes across inline tags still
/// compose; a fast piece's first character is a starter that composes with nothing
/// before it. (A combining mark that starts a slow piece after a fast one is not
/// composed with the fast piece's last character: the HTML of a page never splits a
/// character from its accent with a tag.)
#[derive(Default)]
pub struct Cutter {
    kind: Option<Kind>,
    word: String,
    /// The [`word_hash`] of `word`.
    hash: u64,
    run: CjkRun,
    slow: String,
}

impl Cutter {
    /// Cuts `text` as the continuation of the pieces before it; whether it took the
    /// fast path (then its only white space is ASCII).
    pub fn feed(&mut self, text: &str, emit: &mut impl Emit) -> bool {
        if fast_bytes(text.as_bytes()) {
            if !self.slow.is_empty() {
                self.flush_slow(emit);
            }
            self.cut_fast(text, emit);
            true
        } else {
            self.slow.push_str(text);
            false
        }
    }

    /// A piece of ASCII white space: the same as [`Cutter::feed`] of it.
    pub fn space(&mut self, emit: &mut impl Emit) {
        if self.slow.is_empty() {
            self.switch(None, emit);
        } else {
            self.slow.push(' ');
        }
    }

    /// Ends the text: the run being cut is handed over.
    pub fn end(&mut self, emit: &mut impl Emit) {
        if !self.slow.is_empty() {
            self.flush_slow(emit);
        }
        self.switch(None, emit);
    }

    fn flush_slow(&mut self, emit: &mut impl Emit) {
        let slow = std::mem::take(&mut self.slow);
        let text = if in_nfkc(&slow) {
            Cow::Borrowed(slow.as_str())
        } else {
            Cow::Owned(normalize(&slow))
        };
        for c in text.chars() {
            lower(c, |c| self.push(fold_kana(c), emit));
        }
        self.slow = slow;
        self.slow.clear();
    }

    /// Ends the current run if `next` is another kind. Out of a separator nothing
    /// ends: half the switches, which need not call [`Cutter::end_run`].
    #[inline(always)]
    fn switch(&mut self, next: Option<Kind>, emit: &mut impl Emit) {
        if next != self.kind {
            match self.kind {
                None => self.kind = next,
                Some(_) => self.end_run(next, emit),
            }
        }
    }

    fn end_run(&mut self, next: Option<Kind>, emit: &mut impl Emit) {
        match self.kind {
            Some(Kind::Word) => {
                emit.token(Token::Word(&self.word, self.hash));
                self.word.clear();
                self.hash = 0;
            }
            Some(Kind::Cjk) => self.run.end(emit),
            None => {}
        }
        self.kind = next;
    }

    /// One normalized, lowercase, folded character.
    fn push(&mut self, c: char, emit: &mut impl Emit) {
        let next = class(c);
        self.switch(next, emit);
        match next {
            Some(Kind::Word) => {
                self.word.push(c);
                let mut utf8 = [0; 4];
                for &b in c.encode_utf8(&mut utf8).as_bytes() {
                    self.hash = hash_byte(self.hash, b);
                }
            }
            Some(Kind::Cjk) => self.run.push(c as u32, emit),
            None => {}
        }
    }

    /// Rules 2–5 straight from the bytes of `text`, which [`fast_bytes`] passed: ASCII
    /// and the three-byte characters [`fast_class`] takes. A word's letters and a CJK
    /// run's characters are each taken in a loop of their own. A word that starts and
    /// ends in `text` lowercase (nearly all) is handed over from `text` as it ends.
    #[inline(always)]
    fn cut_fast(&mut self, text: &str, emit: &mut impl Emit) {
        let bytes = text.as_bytes();
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            if b < 0x80 {
                if ASCII_WORD[usize::from(b)] == 0 {
                    self.switch(None, emit);
                    i += 1;
                    continue;
                }
                self.switch(Some(Kind::Word), emit);
                let start = i;
                let mut hash = self.hash;
                // The bits lowering changed: none for a word without capitals.
                let mut lowered = 0;
                while let Some(&b) = bytes.get(i) {
                    let lower = ASCII_WORD[usize::from(b)];
                    if lower == 0 {
                        break;
                    }
                    lowered |= lower ^ b;
                    hash = hash_byte(hash, lower);
                    i += 1;
                }
                if i < bytes.len() && lowered == 0 && self.word.is_empty() {
                    emit.token(Token::Word(&text[start..i], hash));
                    self.kind = None;
                    continue;
                }
                self.word.extend(
                    bytes[start..i]
                        .iter()
                        .map(|&b| char::from(ASCII_WORD[usize::from(b)])),
                );
                self.hash = hash;
                continue;
            }
            let Some(&[_, b1, b2]) = bytes.get(i..i + 3) else {
                return;
            };
            if fast_class(b, b1, b2) >= CJK {
                self.switch(Some(Kind::Cjk), emit);
                i = self.cut_cjk(bytes, i, emit);
            } else {
                self.switch(None, emit);
                i += 3;
            }
        }
    }

    /// Cuts the CJK characters of `bytes` from `i` on; where they end.
    #[inline(always)]
    fn cut_cjk(&mut self, bytes: &[u8], mut i: usize, emit: &mut impl Emit) -> usize {
        let mut run = self.run;
        while let Some(&[b0, b1, b2]) = bytes.get(i..i + 3) {
            let class = fast_class(b0, b1, b2);
            if class < CJK {
                break;
            }
            let cp =
                (u32::from(b0 & 0x0F) << 12) | (u32::from(b1 & 0x3F) << 6) | u32::from(b2 & 0x3F);
            // Katakana sits 0x60 above its hiragana.
            run.push(if class == KATAKANA { cp - 0x60 } else { cp }, emit);
            i += 3;
        }
        self.run = run;
        i
    }
}

/// ASCII letters and digits lowered; 0 for every other byte (a separator, or not ASCII).
const ASCII_WORD: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_digit() || c.is_ascii_lowercase() {
            table[b] = c;
        } else if c.is_ascii_uppercase() {
            table[b] = c.to_ascii_lowercase();
        }
        b += 1;
    }
    table
};

/// A CJK run being cut into bigrams as its characters arrive (code points).
#[derive(Default, Clone, Copy)]
struct CjkRun {
    first: u32,
    prev: u32,
    len: usize,
    /// The last character was `ー`, whose bigram waits: rule 4 drops it at the run's end.
    held: bool,
}

const LONG_VOWEL: u32 = 0x30FC;

impl CjkRun {
    #[inline(always)]
    fn push(&mut self, c: u32, emit: &mut impl Emit) {
        if self.len == 0 {
            (self.first, self.prev, self.len) = (c, c, 1);
            return;
        }
        if self.held {
            emit.token(Token::Cjk(key(self.prev, LONG_VOWEL)));
            self.prev = LONG_VOWEL;
            self.held = false;
        }
        self.len += 1;
        if c == LONG_VOWEL {
            self.held = true;
        } else {
            emit.token(Token::Cjk(key(self.prev, c)));
            self.prev = c;
        }
    }

    fn end(&mut self, emit: &mut impl Emit) {
        let len = self.len - usize::from(self.held);
        if len == 1 {
            emit.token(Token::Cjk(key(self.first, 0)));
        }
        *self = CjkRun::default();
    }
}

fn key(first: u32, second: u32) -> u64 {
    (u64::from(first) << 21) | u64::from(second)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize)]
    struct Vector {
        input: String,
        tokens: Vec<String>,
    }

    /// The same file is checked against `search.js` in Chromium (tests/it/search.rs).
    #[test]
    fn shared_test_vectors() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/search/vectors.json"
        );
        let text = std::fs::read_to_string(path).unwrap();
        let vectors: Vec<Vector> = serde_json::from_str(&text).unwrap();
        assert!(vectors.len() >= 20);
        for v in vectors {
            let got: Vec<String> = tokenize(&v.input).into_iter().map(|t| t.0).collect();
            assert_eq!(got, v.tokens, "input {:?}", v.input);
        }
    }

    /// The one-pass cutter against the rules applied one after the other on a string.
    #[test]
    fn the_fast_path_cuts_as_the_rules_say() {
        for text in [
            "ＭＦＡのアプリをインストールー",
            "ーーあー",
            "ΟΔΟΣ odos",
            "Straße İstanbul",
            "e\u{301}cole",
            "サーバーのユーザー名 ﾕｰｻﾞｰ",
            "日々 々",
        ] {
            assert_eq!(tokenize(text), by_the_rules(text), "{text:?}");
        }
    }

    fn by_the_rules(text: &str) -> Vec<(String, Kind)> {
        let mut out = Vec::new();
        let mut run: Vec<char> = Vec::new();
        let mut kind = None;
        for c in normalize(text).chars().chain([' ']) {
            let next = class(c);
            if next != kind {
                if kind == Some(Kind::Word) {
                    out.push((run.iter().collect(), Kind::Word));
                }
                if kind == Some(Kind::Cjk) {
                    if run.len() > 1 && run.last() == Some(&'ー') {
                        run.pop();
                    }
                    if run.len() == 1 {
                        out.push((run[0].to_string(), Kind::Cjk));
                    }
                    for pair in run.windows(2) {
                        out.push((pair.iter().collect(), Kind::Cjk));
                    }
                }
                run.clear();
                kind = next;
            }
            run.push(c);
        }
        out
    }

    /// The class table against the ranges it was made from.
    #[test]
    fn the_fast_class_table_keeps_the_stable_characters() {
        for cp in 0x3000..0xA000u32 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let mut utf8 = [0; 4];
            let b = c.encode_utf8(&mut utf8).as_bytes();
            let fast = fast_class(b[0], b[1], b[2]);
            assert_eq!(fast != SLOW, stable_cjk(cp), "{c:?}");
            if fast != SLOW {
                let cjk = fast == CJK || fast == KATAKANA;
                assert_eq!(cjk, class(c) == Some(Kind::Cjk), "{c:?}");
                assert_eq!(fast == KATAKANA, fold_kana(c) != c, "{c:?}");
            }
        }
    }

    /// The characters `in_nfkc` and `lower` pass without asking the tables.
    #[test]
    fn the_fast_path_characters_are_stable_and_caseless() {
        let stable = (0..0x80)
            .chain((0x3000..0xA000).filter(|&c| stable_cjk(c)))
            .filter_map(char::from_u32);
        for c in stable {
            let quick = unicode_normalization::is_nfkc_quick([c].into_iter());
            assert_eq!(quick, IsNormalized::Yes, "{c:?}");
            assert!(in_nfkc(&c.to_string()));
        }
        for c in ('\u{3000}'..='\u{3004}')
            .chain('\u{3008}'..='\u{3020}')
            .chain(['\u{30FB}'])
        {
            assert!(!c.is_alphanumeric(), "{c:?} is a separator");
        }
        for c in '\u{3000}'..'\u{A000}' {
            assert_eq!(c.to_lowercase().collect::<String>(), c.to_string(), "{c:?}");
        }
    }

    #[test]
    fn never_panics_on_odd_text() {
        for text in [
            "",
            "ー",
            "ーー",
            "\u{0301}",
            "\u{FFFF}\u{10FFFF}",
            "ｰ",
            "a\u{0}b",
        ] {
            let _ = tokenize(text);
        }
    }
}
