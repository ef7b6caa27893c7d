//! Builds one language's index files from its pages' documents.
//!
//! Files, below `search/<lang>/` in the output:
//! - `meta.json`: `{"v":1,"docs":D,"shards":S,"sub":M,"chunk":C}`.
//! - `p<a>-<b>.json`: postings of the tokens whose first character's code point is `a`
//!   modulo `S` and whose second character's (0 for none) is `b` modulo `M`,
//!   `{"token":[gap,weight,gap,weight,…]}` (`gap`: the document number minus the previous
//!   one in the list). A query token of two or more characters finds all its prefix
//!   matches in one file; a one-character token reads the `M` files of its shard.
//!   `weight` is `2 × round(50 × BM25 term-frequency part) + (1 if the token is in the
//!   document's own title)`; the query side adds the inverse document frequency.
//! - `d<k>.json`: documents `k·C … (k+1)·C − 1` as `[url, title, page title, text]`.
//!
//! A small site has one shard and one chunk; a large one is split so that a query
//! fetches a few shards and the chunks of its best results only.

use std::collections::{BTreeMap, HashMap};

use super::sections::Section;
use super::tokenize::{each_token, normalize, tokenize};

/// Documents per `d<k>.json`.
const CHUNK: usize = 64;
/// Most first-character shards; more postings split by the second character.
const MAX_SHARDS: usize = 32;
/// Postings bytes aimed at per shard.
const SHARD_BYTES: usize = 192 * 1024;
/// Characters of a document's text kept for snippets.
const TEXT_KEPT: usize = 800;
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// One page's documents, tokenized (built on the rendering worker).
#[derive(Debug, Default, Clone)]
pub struct PageDocs {
    pub lang: usize,
    /// Site-relative, encoded: `ja/first-method/`.
    pub url: String,
    pub docs: Vec<Doc>,
}

#[derive(Debug, Default, Clone)]
pub struct Doc {
    pub fragment: String,
    pub title: String,
    pub page_title: String,
    pub text: String,
    /// Token → (count in title + text, in own title).
    pub counts: HashMap<String, (u32, bool)>,
    pub length: u32,
}

/// Tokenizes a page's sections; `synonyms` are `[search] synonyms`.
pub fn page_docs(
    lang: usize,
    url: String,
    sections: Vec<Section>,
    synonyms: &[Vec<String>],
) -> PageDocs {
    let page_title = sections
        .first()
        .map(|s| s.title.clone())
        .unwrap_or_default();
    let docs = sections
        .into_iter()
        .map(|s| {
            let mut counts: HashMap<String, (u32, bool)> = HashMap::new();
            let mut length = 0;
            let mut count = |token: &str, in_title: bool| {
                length += 1;
                if let Some(entry) = counts.get_mut(token) {
                    entry.0 += 1;
                    entry.1 |= in_title;
                } else {
                    counts.insert(token.to_string(), (1, in_title));
                }
            };
            if !s.step {
                each_token(&s.title, |token, _| count(token, true));
            }
            each_token(&s.text, |token, _| count(token, false));
            add_synonyms(&s, synonyms, &mut counts);
            Doc {
                fragment: s.id,
                title: s.title,
                page_title: page_title.clone(),
                text: s.text.chars().take(TEXT_KEPT).collect(),
                counts,
                length,
            }
        })
        .collect();
    PageDocs { lang, url, docs }
}

/// For each synonym group with a word in the section, the other words' tokens (once).
/// The token lookup rules most groups out before the text is searched.
fn add_synonyms(
    section: &Section,
    synonyms: &[Vec<String>],
    counts: &mut HashMap<String, (u32, bool)>,
) {
    let mut text: Option<String> = None;
    for group in synonyms {
        let words: Vec<Vec<String>> = group
            .iter()
            .map(|w| tokenize(w).into_iter().map(|t| t.0).collect())
            .collect();
        // The found word's count and title flag carry over to the group's other words.
        let found = group.iter().zip(&words).find_map(|(word, tokens)| {
            let seen: Vec<(u32, bool)> = tokens
                .iter()
                .filter_map(|t| counts.get(t).copied())
                .collect();
            if tokens.is_empty() || seen.len() < tokens.len() {
                return None;
            }
            let text = text
                .get_or_insert_with(|| normalize(&format!("{} {}", section.title, section.text)));
            let word = normalize(word);
            text.contains(word.trim().trim_end_matches('ー')).then(|| {
                let tf = seen.iter().map(|s| s.0).min().unwrap_or(1);
                (tf, seen.iter().all(|s| s.1))
            })
        });
        if let Some((tf, in_title)) = found {
            for token in words.into_iter().flatten() {
                let entry = counts.entry(token).or_insert((0, false));
                entry.0 = entry.0.max(tf);
                entry.1 |= in_title;
            }
        }
    }
}

/// The files of one language's index: (name below `search/<lang>/`, bytes).
pub fn language_files(pages: &[&PageDocs]) -> Vec<(String, Vec<u8>)> {
    let docs: Vec<&Doc> = pages.iter().flat_map(|p| &p.docs).collect();
    let urls: Vec<String> = pages
        .iter()
        .flat_map(|p| {
            p.docs.iter().map(|d| match d.fragment.as_str() {
                "" => p.url.clone(),
                id => format!("{}#{}", p.url, crate::urls::encode_path(id)),
            })
        })
        .collect();
    let average = docs.iter().map(|d| d.length as f64).sum::<f64>() / docs.len().max(1) as f64;
    // Token → (gaps and weights, the last document number).
    let mut postings: BTreeMap<&str, (Vec<u32>, u32)> = BTreeMap::new();
    for (n, doc) in docs.iter().enumerate() {
        let norm = K1 * (1.0 - B + B * doc.length as f64 / average.max(1.0));
        for (token, &(tf, in_title)) in &doc.counts {
            let tf = tf as f64;
            let part = (tf * (K1 + 1.0) / (tf + norm) * 50.0).round() as u32;
            let (list, last) = postings.entry(token.as_str()).or_default();
            list.push(n as u32 - *last);
            list.push(part * 2 + u32::from(in_title));
            *last = n as u32;
        }
    }
    let raw: usize = postings
        .iter()
        .map(|(t, (l, _))| t.len() + 6 + l.len() * 3)
        .sum();
    let files_wanted = raw.div_ceil(SHARD_BYTES).max(1);
    let shards = files_wanted.min(MAX_SHARDS);
    let sub = files_wanted.div_ceil(shards);
    let mut files = shard_files(&postings, shards, sub);
    for (k, chunk) in docs.chunks(CHUNK).enumerate() {
        let rows: Vec<(&str, &str, &str, &str)> = chunk
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let url = &urls[k * CHUNK + i];
                (
                    url.as_str(),
                    d.title.as_str(),
                    d.page_title.as_str(),
                    d.text.as_str(),
                )
            })
            .collect();
        files.push((format!("d{k}.json"), to_json(&rows)));
    }
    let meta = serde_json::json!({
        "v": 1, "docs": docs.len(), "shards": shards, "sub": sub, "chunk": CHUNK
    });
    files.push(("meta.json".into(), meta.to_string().into_bytes()));
    files
}

/// The file of a token: its first character's code point modulo `shards`, its second's
/// (0 for none) modulo `sub` (the same rule as `search.js`).
pub fn shard_of(token: &str, shards: usize, sub: usize) -> (usize, usize) {
    let mut chars = token.chars().map(|c| c as usize);
    let first = chars.next().unwrap_or(0);
    let second = chars.next().unwrap_or(0);
    (first % shards, second % sub)
}

fn shard_files(
    postings: &BTreeMap<&str, (Vec<u32>, u32)>,
    shards: usize,
    sub: usize,
) -> Vec<(String, Vec<u8>)> {
    let mut split: BTreeMap<(usize, usize), BTreeMap<&str, &Vec<u32>>> = BTreeMap::new();
    for a in 0..shards {
        for b in 0..sub {
            split.insert((a, b), BTreeMap::new());
        }
    }
    for (token, (list, _)) in postings {
        if let Some(file) = split.get_mut(&shard_of(token, shards, sub)) {
            file.insert(token, list);
        }
    }
    split
        .iter()
        .map(|((a, b), map)| (format!("p{a}-{b}.json"), to_json(map)))
        .collect()
}

fn to_json<T: serde::Serialize>(value: &T) -> Vec<u8> {
    // Plain data of strings and numbers: serializing it cannot fail.
    serde_json::to_vec(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(id: &str, title: &str, text: &str) -> Section {
        Section {
            id: id.into(),
            title: title.into(),
            text: text.into(),
            step: false,
        }
    }

    #[test]
    fn postings_mark_title_tokens_and_urls_carry_fragments() {
        let page = page_docs(
            0,
            "en/faq/".into(),
            vec![
                section("", "FAQ", "intro"),
                section("no-sms", "No SMS", "text message"),
            ],
            &[vec!["ＳＭＳ".into(), "short message".into()]],
        );
        let files = language_files(&[&page]);
        let find = |name: &str| {
            let (_, bytes) = files.iter().find(|(n, _)| n == name).unwrap();
            serde_json::from_slice::<serde_json::Value>(bytes).unwrap()
        };
        let postings = find("p0-0.json");
        let sms = postings["sms"].as_array().unwrap();
        assert_eq!(sms[0], 1);
        assert_eq!(sms[1].as_u64().unwrap() & 1, 1, "title token");
        assert_eq!(postings["text"][1].as_u64().unwrap() & 1, 0);
        assert_eq!(find("d0.json")[1][0], "en/faq/#no-sms");
        assert_eq!(find("meta.json")["shards"], 1);
        assert_eq!(postings["short"][0], 1, "synonym");
    }
}
