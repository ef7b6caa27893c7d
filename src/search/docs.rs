//! One page's search documents, tokenized on the rendering worker ([`page_docs`]).
//!
//! Each document's own text (not its inner documents': see [`super::sections`]) is
//! tokenized once, and its tokens are counted in a reused vector of numbers (sorted, then
//! counted in runs) instead of a map of strings: a CJK token is its two characters packed
//! ([`super::tokenize::cjk_key`]), a word is its number in the page's word list.

use rustc_hash::FxHashMap;

use super::sections::Section;
use super::tokenize::{each_token, Token};

/// Characters of a document's own text kept for snippets.
const TEXT_KEPT: usize = 400;
/// Marks a token key as a word: the rest is its number in [`PageDocs::words`].
pub const WORD: u64 = 1 << 62;

/// One page's documents and their postings.
#[derive(Debug, Default, Clone)]
pub struct PageDocs {
    pub lang: usize,
    /// Site-relative, encoded: `ja/first-method/`.
    pub url: String,
    /// The page's title (its first document's).
    pub title: String,
    pub docs: Vec<Doc>,
    /// The page's words, numbered by first appearance.
    pub words: Vec<Box<str>>,
    /// Each (token, document) of the page, by document, then token key.
    pub postings: Vec<Posting>,
}

#[derive(Debug, Default, Clone)]
pub struct Doc {
    pub fragment: String,
    pub title: String,
    /// The start of its own text.
    pub text: String,
    /// The enclosing document, an index into [`PageDocs::docs`].
    pub parent: Option<u32>,
    /// Tokens of its title (counted for all but steps) and of its own text.
    pub title_len: u32,
    pub text_len: u32,
}

/// A token's counts in one document's own title and text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    /// A CJK key, or [`WORD`] with the word's number.
    pub key: u64,
    pub doc: u32,
    pub text: u32,
    pub title: u32,
}

/// The page's words and the scratch space its documents share.
#[derive(Default)]
struct Counter {
    numbers: FxHashMap<Box<str>, u32>,
    words: Vec<Box<str>>,
    scratch: String,
    /// `key << 1 | 1 if the token is in the title`.
    keys: Vec<u64>,
}

impl Counter {
    /// Appends the keys of `text`'s tokens (marked as title tokens or not); their number.
    fn add(&mut self, text: &str, title: bool) -> u32 {
        let Counter {
            numbers,
            words,
            scratch,
            keys,
        } = self;
        let before = keys.len();
        each_token(text, scratch, |token| {
            let key = match token {
                Token::Cjk(key) => key,
                Token::Word(word) => WORD | u64::from(word_number(numbers, words, word)),
            };
            keys.push(key << 1 | u64::from(title));
        });
        (keys.len() - before) as u32
    }

    /// The keys of a word list's tokens (synonyms).
    fn token_keys(&mut self, text: &str) -> Vec<u64> {
        self.keys.clear();
        self.add(text, false);
        self.keys.drain(..).map(|k| k >> 1).collect()
    }
}

fn word_number(
    numbers: &mut FxHashMap<Box<str>, u32>,
    words: &mut Vec<Box<str>>,
    word: &str,
) -> u32 {
    if let Some(&n) = numbers.get(word) {
        return n;
    }
    let n = words.len() as u32;
    words.push(word.into());
    numbers.insert(word.into(), n);
    n
}

/// Tokenizes a page's sections; `synonyms` are `[search] synonyms`.
pub fn page_docs(
    lang: usize,
    url: String,
    sections: Vec<Section>,
    synonyms: &[Vec<String>],
) -> PageDocs {
    let mut counter = Counter::default();
    let groups: Vec<Vec<(&str, Vec<u64>)>> = synonyms
        .iter()
        .map(|group| {
            group
                .iter()
                .map(|w| (w.as_str(), counter.token_keys(w)))
                .collect()
        })
        .collect();
    let title = sections
        .first()
        .map(|s| s.title.clone())
        .unwrap_or_default();
    let mut postings = Vec::new();
    let mut docs = Vec::with_capacity(sections.len());
    // The section's token keys in text order, for synonyms of several tokens.
    let mut stream: Vec<u64> = Vec::new();
    for (n, s) in sections.into_iter().enumerate() {
        counter.keys.clear();
        let title_len = if s.step {
            0
        } else {
            counter.add(&s.title, true)
        };
        let text_len = counter.add(&s.text, false);
        let start = postings.len();
        if !groups.is_empty() {
            stream.clear();
            stream.extend(counter.keys.iter().map(|k| k >> 1));
        }
        count_runs(&mut counter.keys, n as u32, &mut postings);
        add_synonyms(&stream, &groups, &mut postings, start);
        docs.push(Doc {
            text: kept_text(&s.text),
            fragment: s.id,
            title: s.title,
            parent: s.parent.map(|p| p as u32),
            title_len,
            text_len,
        });
    }
    PageDocs {
        lang,
        url,
        title,
        docs,
        words: counter.words,
        postings,
    }
}

fn kept_text(text: &str) -> String {
    match text.char_indices().nth(TEXT_KEPT) {
        Some((end, _)) => text[..end].to_string(),
        None => text.to_string(),
    }
}

/// One posting per distinct key of `keys` (which it sorts), appended to `out`.
fn count_runs(keys: &mut [u64], doc: u32, out: &mut Vec<Posting>) {
    keys.sort_unstable();
    for run in keys.chunk_by(|a, b| a >> 1 == b >> 1) {
        let title = run.iter().filter(|&&k| k & 1 == 1).count() as u32;
        out.push(Posting {
            key: run[0] >> 1,
            doc,
            text: run.len() as u32 - title,
            title,
        });
    }
}

/// For each synonym group with a word in the section (its tokens one after the other in
/// `stream`), the other words' tokens, counted as the found word's. The token counts
/// rule most groups out before the stream is searched.
fn add_synonyms(
    stream: &[u64],
    groups: &[Vec<(&str, Vec<u64>)>],
    postings: &mut Vec<Posting>,
    start: usize,
) {
    for group in groups {
        let found = group.iter().find_map(|(_, keys)| {
            let doc = &postings[start..];
            let seen: Vec<&Posting> = keys
                .iter()
                .filter_map(|k| doc.binary_search_by_key(k, |p| p.key).ok().map(|i| &doc[i]))
                .collect();
            if keys.is_empty() || seen.len() < keys.len() {
                return None;
            }
            let whole = keys.len() == 1 || stream.windows(keys.len()).any(|w| w == keys);
            whole.then(|| {
                let tf = seen.iter().map(|p| p.text + p.title).min().unwrap_or(1);
                let in_title = seen.iter().all(|p| p.title > 0);
                (tf, in_title)
            })
        });
        if let Some((tf, in_title)) = found {
            let doc = postings[start].doc;
            for key in group.iter().flat_map(|(_, keys)| keys) {
                let at = postings[start..].binary_search_by_key(key, |p| p.key);
                let p = match at {
                    Ok(i) => &mut postings[start + i],
                    Err(i) => {
                        let empty = Posting {
                            key: *key,
                            doc,
                            text: 0,
                            title: 0,
                        };
                        postings.insert(start + i, empty);
                        &mut postings[start + i]
                    }
                };
                if in_title {
                    p.title = p.title.max(tf);
                } else {
                    p.text = p.text.max(tf);
                }
            }
        }
    }
}
