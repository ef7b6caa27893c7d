//! The document files of a patched index: `t.bin` and the `d<k>.json` chunks.

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::super::index::{self, CHUNK};
use super::super::stored::Reader;
use super::Change;

/// `t.bin` (of `docs` documents before) with the changed pages' entries replaced, and
/// the average document length now.
pub(super) fn tree(changes: &[Change], old: &[u8], docs: u32) -> Option<(Vec<u8>, f64)> {
    let mut out = Vec::with_capacity(old.len() + 64);
    let mut r = Reader { bytes: old, at: 0 };
    let (mut total, mut count) = (0u64, 0u64);
    let mut changes = changes.iter().peekable();
    let mut doc = 0u32;
    loop {
        while let Some(change) = changes.next_if(|c| c.old_base == doc) {
            let mut lengths = Vec::new();
            index::page_tree(change.after, &mut out, &mut lengths);
            total += lengths.iter().map(|&l| u64::from(l)).sum::<u64>();
            count += lengths.len() as u64;
            for _ in 0..change.old_len {
                r.number()?;
                r.number()?;
            }
            doc += change.old_len;
        }
        if doc >= docs {
            break;
        }
        let start = r.at;
        r.number()?;
        total += r.number()? as u64;
        count += 1;
        out.extend_from_slice(&old[start..r.at]);
        doc += 1;
    }
    // The same sum the full build takes in floating point: exact, as integers below 2^53.
    let average = total as f64 / count.max(1) as f64;
    (r.at == old.len() && changes.peek().is_none()).then_some((out, average))
}

/// The `d<k>.json` chunks that change (of `docs` documents before). When no page's
/// number of documents changed, only the chunks holding a changed page's documents;
/// otherwise every chunk from the first changed page's on, its documents moved.
pub(super) fn chunks(
    changes: &[Change],
    docs: u32,
    read: &dyn Fn(&str) -> Option<Vec<u8>>,
) -> Option<Vec<(String, Vec<u8>)>> {
    if changes
        .iter()
        .all(|c| c.after.docs.len() as u32 == c.old_len)
    {
        return chunks_in_place(changes, docs, read);
    }
    let Some(first) = changes.first() else {
        return Some(Vec::new());
    };
    let from = first.old_base as usize / CHUNK;
    let olds: Vec<Vec<u8>> = (from..(docs as usize).div_ceil(CHUNK))
        .map(|k| read(&format!("d{k}.json")))
        .collect::<Option<_>>()?;
    let mut elements = Vec::new();
    for (k, old) in olds.iter().enumerate() {
        let found = split(old)?;
        if found.len() != (docs as usize - (from + k) * CHUNK).min(CHUNK) {
            return None;
        }
        elements.extend(found.into_iter().map(|(a, b)| &old[a..b]));
    }
    // The documents from the first chunk on, numbered now.
    let mut now: Vec<Cow<[u8]>> = Vec::with_capacity(elements.len() + 64);
    let start = from * CHUNK;
    let mut doc = start;
    for change in changes {
        let base = change.old_base as usize;
        let kept = elements.get(doc - start..base - start)?;
        now.extend(kept.iter().map(|e| Cow::from(*e)));
        for d in &change.after.docs {
            let mut json = Vec::new();
            index::doc_json(&mut json, change.after, d);
            now.push(json.into());
        }
        doc = base + change.old_len as usize;
    }
    now.extend(elements.get(doc - start..)?.iter().map(|e| Cow::from(*e)));
    let mut files = Vec::new();
    for (k, documents) in now.chunks(CHUNK).enumerate() {
        let bytes = join(documents.iter().map(|d| d.as_ref()));
        if olds.get(k) != Some(&bytes) {
            files.push((format!("d{}.json", from + k), bytes));
        }
    }
    Some(files)
}

/// [`chunks`] when every document keeps its number.
fn chunks_in_place(
    changes: &[Change],
    docs: u32,
    read: &dyn Fn(&str) -> Option<Vec<u8>>,
) -> Option<Vec<(String, Vec<u8>)>> {
    // Per chunk, its documents that changed: (place in the chunk, new JSON).
    let mut by_chunk: BTreeMap<usize, Vec<(usize, Vec<u8>)>> = BTreeMap::new();
    for change in changes {
        for (i, doc) in change.after.docs.iter().enumerate() {
            let n = change.old_base as usize + i;
            let mut json = Vec::new();
            index::doc_json(&mut json, change.after, doc);
            by_chunk
                .entry(n / CHUNK)
                .or_default()
                .push((n % CHUNK, json));
        }
    }
    let mut files = Vec::new();
    for (k, new) in by_chunk {
        let name = format!("d{k}.json");
        let old = read(&name)?;
        let elements = split(&old)?;
        if elements.len() != (docs as usize - k * CHUNK).min(CHUNK) {
            return None;
        }
        let mut new = new.into_iter().peekable();
        let documents: Vec<Cow<[u8]>> = elements
            .into_iter()
            .enumerate()
            .map(|(i, (a, b))| match new.next_if(|(at, _)| *at == i) {
                Some((_, json)) => json.into(),
                None => Cow::from(&old[a..b]),
            })
            .collect();
        let bytes = join(documents.iter().map(|d| d.as_ref()));
        if bytes != old {
            files.push((name, bytes));
        }
    }
    Some(files)
}

/// A chunk of documents' JSON: `[a,b,…]`.
fn join<'a>(documents: impl Iterator<Item = &'a [u8]>) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(CHUNK * 512);
    for (i, document) in documents.enumerate() {
        bytes.push(if i == 0 { b'[' } else { b',' });
        bytes.extend_from_slice(document);
    }
    bytes.push(b']');
    bytes
}

/// The byte ranges of a chunk's documents, as [`index::doc_json`] writes them: `[[`
/// four JSON strings `],[` … `]]`, nothing between. `None` for anything else.
fn split(json: &[u8]) -> Option<Vec<(usize, usize)>> {
    let mut out = Vec::with_capacity(CHUNK);
    let mut at = 1;
    (json.first() == Some(&b'[')).then_some(())?;
    loop {
        let start = at;
        (json.get(at) == Some(&b'[')).then_some(())?;
        at += 1;
        for n in 0..4 {
            if n > 0 {
                (json.get(at) == Some(&b',')).then_some(())?;
                at += 1;
            }
            (json.get(at) == Some(&b'"')).then_some(())?;
            at = string_end(json, at + 1)?;
        }
        (json.get(at) == Some(&b']')).then_some(())?;
        at += 1;
        out.push((start, at));
        match json.get(at) {
            Some(b',') => at += 1,
            Some(b']') if at + 1 == json.len() => return Some(out),
            _ => return None,
        }
    }
}

/// Where the JSON string whose text starts at `at` ends (after its closing quote).
fn string_end(json: &[u8], mut at: usize) -> Option<usize> {
    loop {
        let i = at + memchr::memchr2(b'"', b'\\', json.get(at..)?)?;
        if json[i] == b'"' {
            return Some(i + 1);
        }
        at = i + 2;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chunk_splits_into_its_documents_and_joins_back() {
        let chunk = br#"[["a/","T \"q\" \\","P","x]"],["b/#c","","P","[,]"]]"#;
        let parts = split(chunk).unwrap();
        let documents: Vec<&[u8]> = parts.iter().map(|&(a, b)| &chunk[a..b]).collect();
        assert_eq!(documents[1], br#"["b/#c","","P","[,]"]"#);
        assert_eq!(join(documents.into_iter()), chunk);
        for bad in [
            &br#"[["a","b","c"]]"#[..],
            br#"[["a","b","c","d"] ]"#,
            b"[]",
        ] {
            assert!(split(bad).is_none(), "{}", String::from_utf8_lossy(bad));
        }
    }
}
