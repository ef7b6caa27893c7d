//! The shard files of a patched index: the postings lists of the changed pages' tokens
//! spliced, and, when documents moved, every list's first entry after a changed page.

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::super::docs::{PageDocs, WORD};
use super::super::index;
use super::super::stored::Reader;
use super::super::tokenize::cjk_text;
use super::Change;

/// One entry of a postings list: a document and its counts.
#[derive(Clone, Copy)]
struct Entry {
    doc: u32,
    text: u32,
    title: u32,
}

/// A changed page's documents before (numbered as in the previous index) and how many
/// it has now.
#[derive(Clone, Copy)]
struct Range {
    old: (u32, u32),
    new_len: u32,
}

impl Range {
    fn delta(&self) -> i64 {
        i64::from(self.new_len) - i64::from(self.old.1 - self.old.0)
    }
}

/// A posting's token as the index writes it.
fn token(page: &PageDocs, key: u64) -> Option<String> {
    match key & WORD {
        0 => Some(cjk_text(key)),
        _ => page
            .words
            .get((key & !WORD) as usize)
            .map(|w| w.to_string()),
    }
}

/// The shard files that change, patched; `None` if the layout changes.
pub(super) fn shards(
    changes: &[Change],
    (shards, sub): (usize, usize),
    read: &dyn Fn(&str) -> Option<Vec<u8>>,
) -> Option<Vec<(String, Vec<u8>)>> {
    // Each token of a changed page, before or after, and its entries after.
    let mut touched: BTreeMap<(usize, String), Vec<Entry>> = BTreeMap::new();
    for change in changes {
        for p in &change.before.postings {
            let token = token(&change.before, p.key())?;
            let shard = shard(&token, shards, sub);
            touched.entry((shard, token)).or_default();
        }
        for p in &change.after.postings {
            let token = token(change.after, p.key())?;
            let entry = Entry {
                doc: change.new_base + p.doc(),
                text: p.text(),
                title: p.title(),
            };
            let shard = shard(&token, shards, sub);
            touched.entry((shard, token)).or_default().push(entry);
        }
    }
    let ranges: Vec<Range> = changes
        .iter()
        .map(|c| Range {
            old: (c.old_base, c.old_base + c.old_len),
            new_len: c.after.docs.len() as u32,
        })
        .collect();
    // Documents moved: every list with an entry after a changed page changes.
    let moved = ranges.iter().any(|r| r.delta() != 0);
    let mut raw_after = 0usize;
    let mut files = Vec::new();
    for file in 0..shards * sub {
        let name = format!("p{}-{}.bin", file / sub, file % sub);
        let bytes = read(&name)?;
        let heads = heads(&bytes)?;
        let mine = touched.range((file, String::new())..(file + 1, String::new()));
        let mut mine = mine
            .map(|((_, t), e)| (t.as_bytes(), e.as_slice()))
            .peekable();
        if mine.peek().is_none() && !moved {
            raw_after += heads.iter().map(|(t, l)| raw(t, l)).sum::<usize>();
            continue;
        }
        // The file's lists and the touched tokens, merged in token order.
        let mut lists: Vec<(&[u8], Cow<[u8]>)> = Vec::new();
        let mut heads = heads.into_iter().peekable();
        loop {
            let next_old = heads.peek().map(|(t, _)| *t);
            let next_new = mine.peek().map(|(t, _)| *t);
            match (next_old, next_new) {
                (None, None) => break,
                (Some(a), Some(b)) if a == b => {
                    let (token, list) = heads.next()?;
                    let (_, add) = mine.next()?;
                    lists.push((token, splice(list, &ranges, add)?.into()));
                }
                (Some(a), b) if b.is_none_or(|b| a < b) => {
                    let (token, list) = heads.next()?;
                    let list = match moved {
                        true => splice(list, &ranges, &[])?.into(),
                        false => list.into(),
                    };
                    lists.push((token, list));
                }
                _ => {
                    let (token, add) = mine.next()?;
                    lists.push((token, splice(&[], &ranges, add)?.into()));
                }
            }
        }
        lists.retain(|(_, list)| !list.is_empty());
        raw_after += lists.iter().map(|(t, l)| raw(t, l)).sum::<usize>();
        let lists: Vec<(&[u8], &[u8])> = lists.iter().map(|(t, l)| (*t, l.as_ref())).collect();
        let new = index::shard_bytes(&lists);
        if new != bytes {
            files.push((name, new));
        }
    }
    (index::layout(raw_after) == (shards, sub)).then_some(files)
}

/// [`index::raw_size`] of bytes.
fn raw(token: &[u8], list: &[u8]) -> usize {
    token.len() + list.len() + 4
}

/// The shard number of `token` (as [`index::shard_of`], in one number).
fn shard(token: &str, shards: usize, sub: usize) -> usize {
    let (a, b) = index::shard_of(token, shards, sub);
    a * sub + b
}

/// A shard file's (token, list) pairs, in its order.
fn heads(bytes: &[u8]) -> Option<Vec<(&[u8], &[u8])>> {
    let mut r = Reader { bytes, at: 0 };
    let count = r.number()?;
    let mut heads = Vec::with_capacity(count.min(bytes.len()));
    for _ in 0..count {
        let len = r.number()?;
        let token = r.take(len)?;
        heads.push((token, r.number()?));
    }
    let mut lists = Vec::with_capacity(heads.len());
    for (token, len) in heads {
        lists.push((token, r.take(len)?));
    }
    (r.at == bytes.len()).then_some(lists)
}

/// `list` without its entries in the changed pages' old ranges, with `add` (numbered
/// now, in order, all in the new ranges) in their place, and the documents after a
/// changed page renumbered.
fn splice(list: &[u8], ranges: &[Range], add: &[Entry]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(list.len() + add.len() * 3);
    let first = ranges.first().map_or(u32::MAX, |r| r.old.0);
    // The entries before the first range stay as they are: only their gaps are read.
    let (mut at, mut last) = (0, 0u32);
    while at < list.len() {
        let mut next = at;
        let doc = last.checked_add(varint_at(list, &mut next)?)?;
        if doc >= first {
            break;
        }
        if varint_at(list, &mut next)? & 1 == 1 {
            varint_at(list, &mut next)?;
        }
        (at, last) = (next, doc);
    }
    out.extend_from_slice(&list[..at]);
    // `doc` numbers as before, `last` as now; `shift` is what the ranges passed add.
    let mut doc = last;
    let (mut passed, mut shift) = (0, 0i64);
    let mut add = add.iter().peekable();
    while at < list.len() {
        doc = doc.checked_add(varint_at(list, &mut at)?)?;
        let counts = at;
        if varint_at(list, &mut at)? & 1 == 1 {
            varint_at(list, &mut at)?;
        }
        while let Some(range) = ranges.get(passed).filter(|r| r.old.1 <= doc) {
            shift += range.delta();
            passed += 1;
        }
        if ranges.get(passed).is_some_and(|r| r.old.0 <= doc) {
            continue;
        }
        let now = u32::try_from(i64::from(doc) + shift).ok()?;
        while let Some(entry) = add.next_if(|e| e.doc < now) {
            write_entry(&mut out, entry, &mut last);
        }
        index::varint(&mut out, now.checked_sub(last)?);
        last = now;
        if passed == ranges.len() && add.peek().is_none() {
            // Past every range: the rest's gaps are as they were.
            out.extend_from_slice(&list[counts..]);
            return Some(out);
        }
        out.extend_from_slice(&list[counts..at]);
    }
    for entry in add {
        write_entry(&mut out, entry, &mut last);
    }
    Some(out)
}

/// The varint at `at`, which moves past it. Most are one byte.
#[inline(always)]
fn varint_at(bytes: &[u8], at: &mut usize) -> Option<u32> {
    let b = *bytes.get(*at)?;
    if b < 0x80 {
        *at += 1;
        return Some(u32::from(b));
    }
    let mut r = Reader { bytes, at: *at };
    let n = u32::try_from(r.number()?).ok()?;
    *at = r.at;
    Some(n)
}

fn write_entry(out: &mut Vec<u8>, entry: &Entry, last: &mut u32) {
    index::varint(out, entry.doc - *last);
    index::varint(out, entry.text * 2 + u32::from(entry.title > 0));
    if entry.title > 0 {
        index::varint(out, entry.title);
    }
    *last = entry.doc;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(doc: u32, text: u32, title: u32) -> Entry {
        Entry { doc, text, title }
    }

    fn encode(entries: &[Entry]) -> Vec<u8> {
        let (mut out, mut last) = (Vec::new(), 0);
        for e in entries {
            write_entry(&mut out, e, &mut last);
        }
        out
    }

    #[test]
    fn a_spliced_list_is_the_list_written_from_scratch() {
        let old = [
            entry(0, 1, 0),
            entry(3, 2, 1),
            entry(5, 1, 0),
            entry(6, 0, 2),
            entry(9, 300, 0),
            entry(200, 1, 0),
            entry(201, 4, 0),
        ];
        // The page of documents 5 and 6 now has three; documents after it move by one.
        let ranges = [Range {
            old: (5, 7),
            new_len: 3,
        }];
        let add = [entry(6, 7, 0), entry(7, 1, 1)];
        let want = [
            entry(0, 1, 0),
            entry(3, 2, 1),
            entry(6, 7, 0),
            entry(7, 1, 1),
            entry(10, 300, 0),
            entry(201, 1, 0),
            entry(202, 4, 0),
        ];
        assert_eq!(splice(&encode(&old), &ranges, &add), Some(encode(&want)));
        // Without entries of its own now, and without the list: only the move.
        let moved = [want[0], want[1], want[4], want[5], want[6]];
        assert_eq!(splice(&encode(&old), &ranges, &[]), Some(encode(&moved)));
        assert_eq!(splice(&[], &ranges, &add), Some(encode(&add)));
        // Two pages, one losing a document and one gaining two: 200 and 201 move by one.
        let two = [
            Range {
                old: (3, 4),
                new_len: 0,
            },
            Range {
                old: (9, 10),
                new_len: 3,
            },
        ];
        let add = [entry(10, 1, 0)];
        let want = [
            entry(0, 1, 0),
            entry(4, 1, 0),
            entry(5, 0, 2),
            entry(10, 1, 0),
        ];
        let mut want = want.to_vec();
        want.extend([entry(201, 1, 0), entry(202, 4, 0)]);
        assert_eq!(splice(&encode(&old), &two, &add), Some(encode(&want)));
        assert_eq!(splice(&encode(&old)[..3], &ranges, &[]), None, "cut short");
    }
}
