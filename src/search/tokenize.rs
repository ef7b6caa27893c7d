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

use unicode_normalization::UnicodeNormalization;

/// What a token is made of: the query matches [`Kind::Word`] tokens and one-character
/// CJK tokens by prefix, CJK bigrams exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Cjk,
    Word,
}

/// The normalized text: NFKC, lowercase, katakana folded to hiragana.
pub fn normalize(text: &str) -> String {
    // Most text is NFKC already: the quick check spares a pass.
    let lower = if unicode_normalization::is_nfkc_quick(text.chars())
        == unicode_normalization::IsNormalized::Yes
    {
        text.to_lowercase()
    } else {
        text.nfkc().collect::<String>().to_lowercase()
    };
    lower.chars().map(fold_kana).collect()
}

fn fold_kana(c: char) -> char {
    match c {
        '\u{30A1}'..='\u{30F6}' => char::from_u32(c as u32 - 0x60).unwrap_or(c),
        _ => c,
    }
}

/// The class of a normalized character.
pub fn class(c: char) -> Option<Kind> {
    match c {
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

/// The tokens of `text`, in order, with repeats.
pub fn tokenize(text: &str) -> Vec<(String, Kind)> {
    let mut tokens = Vec::new();
    each_token(text, |token, kind| tokens.push((token.to_string(), kind)));
    tokens
}

/// Calls `emit` with each token of `text`, in order, with repeats (without allocating a
/// string per token: the index calls this for every page).
pub fn each_token(text: &str, mut emit: impl FnMut(&str, Kind)) {
    let normalized = normalize(text);
    let mut run: Vec<char> = Vec::new();
    let mut run_kind = None;
    let mut buffer = String::new();
    for c in normalized.chars() {
        let kind = class(c);
        if kind != run_kind {
            flush(&mut run, run_kind, &mut buffer, &mut emit);
            run_kind = kind;
        }
        if kind.is_some() {
            run.push(c);
        }
    }
    flush(&mut run, run_kind, &mut buffer, &mut emit);
}

fn flush(
    run: &mut Vec<char>,
    kind: Option<Kind>,
    buffer: &mut String,
    emit: &mut impl FnMut(&str, Kind),
) {
    buffer.clear();
    match kind {
        Some(Kind::Word) => {
            buffer.extend(run.iter());
            emit(buffer, Kind::Word);
        }
        Some(Kind::Cjk) => {
            if run.len() > 1 && run.last() == Some(&'ー') {
                run.pop();
            }
            if run.len() == 1 {
                buffer.push(run[0]);
                emit(buffer, Kind::Cjk);
            }
            for pair in run.windows(2) {
                buffer.clear();
                buffer.extend(pair.iter());
                emit(buffer, Kind::Cjk);
            }
        }
        None => {}
    }
    run.clear();
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
