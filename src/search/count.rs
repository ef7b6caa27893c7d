//! Counting a page's tokens per document without sorting them: an open-addressing table
//! keyed by (token key, document), with the slots used kept in order of first use.

/// The bit where a slot's document number starts: a CJK key takes the 42 bits below, a
/// word key has [`super::docs::WORD`] (bit 62) and its number (far below 2^42) set.
const DOC_SHIFT: u32 = 42;
/// The token key bits of a slot's `id`.
const KEY_BITS: u64 = ((1 << DOC_SHIFT) - 1) | super::docs::WORD;
/// Documents per page the table tells apart; the documents after share the last number.
pub const MAX_DOCS: u32 = (1 << (62 - DOC_SHIFT)) - 1;

/// One (token, document) and its counts in the document's own title and text.
///
/// 12 bytes, not 16: a page's postings are held until the index is made, and at 10,000
/// pages per language they were most of a build's memory. A count stops at 65,535 (one
/// word that often in one section ranks the same either way).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
#[repr(C, packed(4))]
pub struct Posting {
    /// The token key with the document number in bits 42–61. 0 marks a free slot: no
    /// token key is 0 (a CJK key has its first character in the high bits, a word key
    /// has [`super::docs::WORD`] set).
    id: u64,
    text: u16,
    title: u16,
}

impl Posting {
    pub fn new(key: u64, doc: u32, text: u32, title: u32) -> Self {
        Posting::from_id(id(key, doc), text, title)
    }

    /// The posting whose [`Posting::id`] is `id` (as [`super::stored`] keeps it).
    pub fn from_id(id: u64, text: u32, title: u32) -> Self {
        let count = |n: u32| n.min(u32::from(u16::MAX)) as u16;
        Posting {
            id,
            text: count(text),
            title: count(title),
        }
    }

    /// How often the token is in the document's own text.
    #[inline(always)]
    pub fn text(&self) -> u32 {
        u32::from(self.text)
    }

    /// How often the token is in the document's title.
    #[inline(always)]
    pub fn title(&self) -> u32 {
        u32::from(self.title)
    }

    /// Raises the count in the text, or in the title if `title`, to `n` if it is lower
    /// (a synonym found as often as the word of its group it stands for).
    pub fn at_least(&mut self, n: u32, title: bool) {
        let n = n.min(u32::from(u16::MAX)) as u16;
        if title {
            self.title = self.title.max(n);
        } else {
            self.text = self.text.max(n);
        }
    }

    /// Counts the token once more in the text, or in the title if `title`.
    #[inline(always)]
    pub fn count(&mut self, title: bool) {
        if title {
            self.title = self.title.saturating_add(1);
        } else {
            self.text = self.text.saturating_add(1);
        }
    }

    /// The token key and the document number in one.
    pub fn id(&self) -> u64 {
        self.id
    }

    /// A CJK key, or [`super::docs::WORD`] with the word's number.
    pub fn key(&self) -> u64 {
        self.id & KEY_BITS
    }

    pub fn doc(&self) -> u32 {
        ((self.id & !super::docs::WORD) >> DOC_SHIFT) as u32
    }
}

/// The multiplier of the table's hash (and of [`super::synonyms`]'s bits): a token key
/// and its document's [`doc_bits`] have no bit in common, so the hash of a slot's id is
/// the sum of theirs, each made once ([`Table::entry_hashed`]).
pub const HASH: u64 = 0x9E37_79B9_7F4A_7C15;

fn id(key: u64, doc: u32) -> u64 {
    key | doc_bits(doc)
}

/// Document `doc` as a slot's `id` holds it, to be or-ed with a token key
/// ([`Table::entry_hashed`]).
pub fn doc_bits(doc: u32) -> u64 {
    u64::from(doc.min(MAX_DOCS)) << DOC_SHIFT
}

/// The table; its size is a power of two, at most half full.
pub struct Table {
    slots: Vec<Posting>,
    used: Vec<u32>,
    shift: u32,
    /// The slots' size less one.
    mask: usize,
    /// Slots used per document, as [`Table::entry`] and [`Table::credit`] counted them.
    per_doc: Vec<u32>,
}

impl Default for Table {
    fn default() -> Self {
        Table::with_bits(10)
    }
}

impl Table {
    fn with_bits(bits: u32) -> Self {
        Table {
            slots: vec![Posting::default(); 1 << bits],
            // Room for as many slots as may be used before the table grows.
            used: Vec::with_capacity(1 << (bits - 1)),
            shift: 64 - bits,
            mask: (1 << bits) - 1,
            per_doc: Vec::new(),
        }
    }

    fn home(&self, id: u64) -> usize {
        (id.wrapping_mul(HASH) >> self.shift) as usize
    }

    /// The slot of (`key`, `doc`), added with zero counts if new.
    pub fn entry(&mut self, key: u64, doc: u32) -> &mut Posting {
        let id = id(key, doc);
        let before = self.len();
        // Looked up again once credited: the slot cannot stay borrowed meanwhile.
        self.entry_id(id);
        self.credit(doc, before);
        self.entry_id(id)
    }

    /// Counts the slots added since the table had `before` as added for `doc`: the
    /// hot path ([`Table::entry_hashed`]) leaves that to its caller, once per run of
    /// tokens of one document.
    pub fn credit(&mut self, doc: u32, before: usize) {
        let added = (self.len() - before) as u32;
        if added > 0 {
            let doc = doc.min(MAX_DOCS) as usize;
            if doc >= self.per_doc.len() {
                self.per_doc.resize(doc + 1, 0);
            }
            self.per_doc[doc] += added;
        }
    }

    /// [`Table::entry`] of `id`, a token key or-ed with the document as [`doc_bits`]
    /// gave it, whose hash (`id × HASH`) is `hash`: the key's hash plus the document's.
    /// The caller [`Table::credit`]s the new slots.
    #[inline(always)]
    pub fn entry_hashed(&mut self, id: u64, hash: u64) -> &mut Posting {
        debug_assert_eq!(hash, id.wrapping_mul(HASH));
        self.entry_at(id, (hash >> self.shift) as usize)
    }

    #[inline(always)]
    fn entry_id(&mut self, id: u64) -> &mut Posting {
        self.entry_at(id, self.home(id))
    }

    /// The slot of `id`, whose hash puts it at `home`.
    #[inline(always)]
    fn entry_at(&mut self, id: u64, home: usize) -> &mut Posting {
        let mask = self.mask;
        let mut at = home & mask;
        loop {
            let found = { self.slots[at].id };
            if found == id {
                return &mut self.slots[at];
            }
            if found == 0 {
                return self.insert(id, at);
            }
            at = (at + 1) & mask;
        }
    }

    #[inline(always)]
    fn insert(&mut self, id: u64, at: usize) -> &mut Posting {
        if self.used.len() >= self.slots.len() / 2 {
            return self.grow_for(id);
        }
        self.used.push(at as u32);
        let slot = &mut self.slots[at];
        slot.id = id;
        slot
    }

    #[cold]
    #[inline(never)]
    fn grow_for(&mut self, id: u64) -> &mut Posting {
        self.grow();
        self.entry_id(id)
    }

    /// The slot of (`key`, `doc`) if present.
    pub fn get(&self, key: u64, doc: u32) -> Option<&Posting> {
        let id = id(key, doc);
        let mask = self.slots.len() - 1;
        let mut at = self.home(id);
        loop {
            let slot = &self.slots[at & mask];
            let found = { slot.id };
            if found == id {
                return Some(slot);
            }
            if found == 0 {
                return None;
            }
            at += 1;
        }
    }

    fn grow(&mut self) {
        let bits = 64 - self.shift + 1;
        let mut bigger = Table::with_bits(bits);
        for &at in &self.used {
            let s = self.slots[at as usize];
            *bigger.entry_id(s.id()) = s;
        }
        bigger.per_doc = std::mem::take(&mut self.per_doc);
        *self = bigger;
    }

    /// Empties the table, keeping its size.
    pub fn clear(&mut self) {
        for &at in &self.used {
            self.slots[at as usize] = Posting::default();
        }
        self.used.clear();
        self.per_doc.clear();
    }

    /// How many slots each document uses, by document number.
    pub fn per_doc(&self) -> &[u32] {
        &self.per_doc
    }

    /// The slots used, in order of first use.
    pub fn slots(&self) -> impl Iterator<Item = &Posting> {
        self.used.iter().map(|&at| &self.slots[at as usize])
    }

    pub fn len(&self) -> usize {
        self.used.len()
    }

    pub fn is_empty(&self) -> bool {
        self.used.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_posting_takes_twelve_bytes_and_its_counts_stop_at_the_top() {
        assert_eq!(std::mem::size_of::<Posting>(), 12);
        let mut p = Posting::new(5 << 21, 3, u32::from(u16::MAX) - 1, 70_000);
        p.count(false);
        p.count(false);
        p.count(true);
        assert_eq!((p.text(), p.title(), p.doc()), (65_535, 65_535, 3));
        p.at_least(9, false);
        assert_eq!(p.text(), 65_535);
    }

    #[test]
    fn counts_survive_growing_and_keys_are_per_document() {
        let mut table = Table::with_bits(2);
        for round in 0..3 {
            for key in 1..=100u64 {
                table.entry(key << 21, key as u32 % 3).count(false);
                if round == 0 {
                    table.entry(key << 21, 7).count(true);
                }
            }
        }
        assert_eq!(table.len(), 200);
        assert_eq!(table.get(5 << 21, 2).map(|s| s.text()), Some(3));
        assert_eq!(
            table.get(5 << 21, 7).map(|s| (s.text(), s.title())),
            Some((0, 1))
        );
        assert!(table.get(5 << 21, 1).is_none());
        let first: Vec<(u64, u32)> = table.slots().take(2).map(|s| (s.key(), s.doc())).collect();
        let word = super::super::docs::WORD | 5;
        table.entry(word, MAX_DOCS + 9).count(false);
        let last = table.slots().last().map(|s| (s.key(), s.doc()));
        assert_eq!(
            last,
            Some((word, MAX_DOCS)),
            "documents past the last share it"
        );
        assert_eq!(first, vec![(1 << 21, 1), (1 << 21, 7)]);
    }
}
