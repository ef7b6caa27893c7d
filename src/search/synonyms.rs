//! `[search] synonyms` while a page is tokenized: which group words each document holds
//! ([`Synonyms::see`], per token), then the other words of their groups added to the
//! document's counts ([`Synonyms::apply`]).
//!
//! A word of one token is found by its count; a word of several tokens (`cell phone`,
//! `スマホ` = `すま まほ`) only where its tokens follow one another, which a ring of the
//! last tokens shows. Most tokens end no such word, which one bit test tells.

use super::count::{Table, HASH};
use super::docs::Words;
use super::tokenize::{each_token, Cutter, Token};

/// The synonym groups of a page, as token keys.
#[derive(Default)]
pub struct Synonyms {
    /// Per group, its words' token keys.
    groups: Vec<Vec<Vec<u64>>>,
    /// Every word of several tokens: (group, word in group).
    phrases: Vec<(usize, usize)>,
    /// A bit per possible last token of a phrase (of 1,024, by the key's hash).
    last: [u64; 16],
    /// A bit per possible token of a group's word (of a phrase or not), the same way.
    member: [u64; 16],
    /// The last tokens seen in the current run of one document, since the last that
    /// is in no phrase.
    ring: Vec<u64>,
    seen: usize,
    /// Per document and phrase, whether the phrase was seen whole.
    found: Vec<bool>,
    /// Per document, whether a token [`Synonyms::member`] may hold was seen in it: a
    /// document without one has no word of any group ([`Synonyms::apply`]).
    touched: Vec<bool>,
}

/// The word of [`Synonyms::last`] and the bit in it for `key`.
fn bit(key: u64) -> (usize, u64) {
    bit_of(key.wrapping_mul(HASH))
}

/// [`bit`] of the key whose hash (`key × HASH`, as the count table makes it) is `hash`.
#[inline(always)]
fn bit_of(hash: u64) -> (usize, u64) {
    let hash = hash >> 54;
    ((hash >> 6) as usize, 1 << (hash & 63))
}

impl Synonyms {
    /// The groups' words cut into tokens; words get their numbers in `words`.
    pub fn new(groups: &[Vec<String>], words: &mut Words) -> Self {
        let mut cutter = Cutter::default();
        let mut keys = |text: &str| {
            let mut out = Vec::new();
            each_token(text, &mut cutter, |t| {
                out.push(match t {
                    Token::Cjk(key) => key,
                    Token::Word(w, hash) => words.key(w, hash),
                })
            });
            out
        };
        let groups: Vec<Vec<Vec<u64>>> = groups
            .iter()
            .map(|g| g.iter().map(|w| keys(w)).collect())
            .collect();
        let mut s = Synonyms::default();
        for (g, group) in groups.iter().enumerate() {
            for (w, word) in group.iter().enumerate() {
                for &k in word {
                    let (at, b) = bit(k);
                    s.member[at] |= b;
                }
                if word.len() > 1 {
                    s.phrases.push((g, w));
                    if let Some(&k) = word.last() {
                        let (at, b) = bit(k);
                        s.last[at] |= b;
                    }
                    s.ring
                        .resize(s.ring.len().max(word.len().next_power_of_two()), 0);
                }
            }
        }
        s.groups = groups;
        s
    }

    /// Forgets the previous page: no document seen, no token before the next.
    pub fn reset(&mut self) {
        self.found.clear();
        self.touched.clear();
        self.seen = 0;
    }

    /// Makes room for `docs` documents.
    pub fn open(&mut self, docs: usize) {
        if !self.groups.is_empty() {
            self.touched.resize(docs, false);
        }
        if !self.phrases.is_empty() {
            self.found.resize(docs * self.phrases.len(), false);
        }
    }

    /// A new run of tokens: the tokens before do not precede the next ones.
    pub fn restart(&mut self) {
        self.seen = 0;
    }

    /// The next token of document `doc`'s current run. A token in no group's word
    /// (nearly all, which one bit test tells) ends every phrase begun before it, as a
    /// restart.
    /// `hash` is the key's hash, `key × HASH`, made once for the count table and this.
    #[inline(always)]
    pub fn see(&mut self, key: u64, hash: u64, doc: u32) {
        let (at, b) = bit_of(hash);
        if self.member[at] & b == 0 {
            self.seen = 0;
            return;
        }
        self.phrase_token(key, doc, self.last[at] & b != 0);
    }

    /// [`Synonyms::see`] of a token that may be in a group's word; `last`: it may end
    /// a phrase. (A token of a word of one token in the ring ends the phrases begun
    /// before it all the same: they are matched on the ring's last tokens.)
    fn phrase_token(&mut self, key: u64, doc: u32, last: bool) {
        self.touched[doc as usize] = true;
        if self.ring.is_empty() {
            return;
        }
        let mask = self.ring.len() - 1;
        self.ring[self.seen & mask] = key;
        self.seen += 1;
        if last {
            self.ends(key, doc);
        }
    }

    /// The phrases that end with `key` and whose tokens came before it.
    fn ends(&mut self, key: u64, doc: u32) {
        let mask = self.ring.len() - 1;
        for (p, &(g, w)) in self.phrases.iter().enumerate() {
            let word = &self.groups[g][w];
            let n = word.len();
            if word[n - 1] == key
                && self.seen >= n
                && (0..n).all(|i| self.ring[(self.seen - n + i) & mask] == word[i])
            {
                self.found[doc as usize * self.phrases.len() + p] = true;
            }
        }
    }

    /// For each document and group with a word in the document (its first such word),
    /// the other words' tokens counted as that word's: in the title if all its tokens
    /// are, as often as its rarest token.
    pub fn apply(&self, table: &mut Table, docs: usize) {
        if self.groups.is_empty() {
            return;
        }
        for doc in 0..docs as u32 {
            if !self.touched[doc as usize] {
                continue;
            }
            for (g, group) in self.groups.iter().enumerate() {
                let found = (0..group.len()).find_map(|w| self.counts(table, doc, g, w));
                let Some((tf, in_title)) = found else {
                    continue;
                };
                for &key in group.iter().flatten() {
                    let slot = table.entry(key, doc);
                    slot.at_least(tf, in_title);
                }
            }
        }
    }

    /// A word found whole in a document: its rarest token's count and whether all its
    /// tokens are in the title.
    fn counts(&self, table: &Table, doc: u32, g: usize, w: usize) -> Option<(u32, bool)> {
        let word = &self.groups[g][w];
        if word.is_empty() {
            return None;
        }
        let mut tf = u32::MAX;
        let mut in_title = true;
        for &key in word {
            let slot = table.get(key, doc)?;
            tf = tf.min(slot.text() + slot.title());
            in_title &= slot.title() > 0;
        }
        if word.len() > 1 {
            let p = self.phrases.iter().position(|&x| x == (g, w))?;
            if !self.found[doc as usize * self.phrases.len() + p] {
                return None;
            }
        }
        Some((tf, in_title))
    }
}
