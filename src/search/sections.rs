//! Cuts one rendered page into search documents: the page itself, each heading section
//! outside a block, each `::: method` and `::: faq` block and each step.
//!
//! Documents nest (a heading section holds its blocks, a block its steps). Each piece of
//! text goes to the innermost open document only, which names its enclosing one: the
//! index tokenizes every piece once and the query rolls a section's matches up to the
//! sections around it.
//!
//! The scanner hands each document's title and text, piece by piece, to a [`Sink`]: the
//! index tokenizes them as they come ([`super::docs::PageBuilder`]), without a copy of
//! the page's text; [`page_sections`] collects them as [`Section`]s.
//!
//! It reads the page's own HTML (the theme's output for `<main>`), which the Markdown
//! stage writes well-formed, so a small tag scanner is enough: tag names, `id` and `class`
//! attributes, and text. Navigation, buttons, scripts and `hidden` elements carry no text
//! of the page and are skipped.

use super::markup::{attribute, decode, mentions_hidden};

/// One search document before tokenizing.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Section {
    /// The element id (`method-phone`), empty for the page itself.
    pub id: String,
    pub title: String,
    /// The text outside the document's inner documents.
    pub text: String,
    /// A step: its title is its block's, not its own words.
    pub step: bool,
    /// The enclosing document (its index in the page), which also holds this one's text
    /// (not its title). The page document encloses none: it holds the text outside
    /// every section.
    pub parent: Option<usize>,
}

/// Where text goes while a document is open.
struct Open {
    doc: usize,
    /// The element depth that closes it (`None`: a heading section, closed by the next
    /// heading of the same or a higher level, or the end).
    depth: Option<usize>,
    level: u8,
}

/// What the scanner hands its documents to. Document 0 is the page itself; a document
/// opens after the one enclosing it.
pub trait Sink {
    /// Opens a document inside `parent`; its number. A step's title is its enclosing
    /// document's title so far (the page's without one).
    fn open(&mut self, id: String, step: bool, parent: Option<usize>) -> usize;
    /// A piece of a document's title.
    fn title(&mut self, doc: usize, text: &str);
    /// A piece of a document's own text, continuing the piece before (a block boundary
    /// comes as a space).
    fn text(&mut self, doc: usize, text: &str);
    /// A block boundary in a document's own text: the same as a piece of one space.
    fn space(&mut self, doc: usize) {
        self.text(doc, " ");
    }
}

/// Collects the documents as [`Section`]s.
struct Sections(Vec<Section>);

impl Sink for Sections {
    fn open(&mut self, id: String, step: bool, parent: Option<usize>) -> usize {
        let title = match step {
            true => self.0[parent.unwrap_or(0)].title.clone(),
            false => String::new(),
        };
        self.0.push(Section {
            id,
            title,
            text: String::new(),
            step,
            parent,
        });
        self.0.len() - 1
    }

    fn title(&mut self, doc: usize, text: &str) {
        self.0[doc].title.push_str(text);
    }

    fn text(&mut self, doc: usize, text: &str) {
        self.0[doc].text.push_str(text);
    }
}

struct Scanner<'a, 's, S> {
    sink: &'s mut S,
    open: Vec<Open>,
    /// Element names, innermost last, with whether they are skipped and inline.
    stack: Vec<(&'a str, bool, bool)>,
    /// How many elements of `stack` are skipped.
    skipped: usize,
    /// The document whose title is being read, and the depth that ends it.
    title: Option<(usize, usize)>,
    in_h1: Option<usize>,
}

/// What the scanner needs to know of an element, from its name.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Element {
    /// No end tag.
    Void,
    /// `<br>`: void, and a word break.
    Br,
    /// No word break at its edges (Japanese has no spaces to spare).
    Inline,
    /// Navigation, buttons, scripts: no text of the page.
    Skipped,
    /// An element that can open a document (`h1`, `h2`, `h3`, `details`, `summary`,
    /// `li`), lowercase.
    Doc(&'static str),
    Other,
}

/// The element of a tag name, in any case.
fn element(name: &str) -> Element {
    let mut lower = [0u8; 8];
    let Some(buf) = lower.get_mut(..name.len()) else {
        return Element::Other;
    };
    for (l, b) in buf.iter_mut().zip(name.bytes()) {
        *l = b.to_ascii_lowercase();
    }
    match &*buf {
        b"br" => Element::Br,
        b"area" | b"base" | b"col" | b"embed" | b"hr" | b"img" | b"input" | b"link" | b"meta"
        | b"source" | b"track" | b"wbr" => Element::Void,
        b"a" | b"abbr" | b"b" | b"code" | b"del" | b"em" | b"i" | b"kbd" | b"mark" | b"s"
        | b"small" | b"span" | b"strong" | b"sub" | b"sup" | b"u" => Element::Inline,
        b"nav" | b"button" | b"script" | b"style" | b"svg" | b"template" | b"noscript" => {
            Element::Skipped
        }
        b"h1" => Element::Doc("h1"),
        b"h2" => Element::Doc("h2"),
        b"h3" => Element::Doc("h3"),
        b"details" => Element::Doc("details"),
        b"summary" => Element::Doc("summary"),
        b"li" => Element::Doc("li"),
        _ => Element::Other,
    }
}

/// The documents of a page from its HTML: the page (title from `<h1>`) first.
pub fn page_sections(html: &str) -> Vec<Section> {
    let mut sections = Sections(vec![Section::default()]);
    scan_page(html, &mut sections);
    let mut docs = sections.0;
    for doc in &mut docs {
        doc.title = squash(&doc.title);
        doc.text = squash(&doc.text);
    }
    let nodes: Vec<(Option<usize>, bool)> = docs
        .iter()
        .map(|d| (d.parent, !d.text.is_empty() || !d.title.is_empty()))
        .collect();
    let (index, parents) = drop_empty(&nodes);
    let mut kept = Vec::with_capacity(docs.len());
    for ((mut doc, new), parent) in docs.into_iter().zip(index).zip(parents) {
        if new.is_some() {
            doc.parent = parent;
            kept.push(doc);
        }
    }
    kept
}

/// Hands the documents of a page's `<main>` to `sink`, which holds the page's document
/// (number 0) already.
pub fn scan_page(html: &str, sink: &mut impl Sink) {
    let (start, end) = main_range(html.as_bytes());
    scan_main(&html[start..end], sink);
}

/// [`scan_page`] of the page's `<main>` as [`main_range`] found it.
pub fn scan_main(main: &str, sink: &mut impl Sink) {
    let mut scanner = Scanner {
        sink,
        open: Vec::new(),
        stack: Vec::new(),
        skipped: 0,
        title: None,
        in_h1: None,
    };
    scanner.scan(main);
}

/// Where the page's `<main>` is in `html` (from its start tag to its end tag; the whole
/// page when it has none): all the scanner reads of it.
pub fn main_range(html: &[u8]) -> (usize, usize) {
    let start = memchr::memmem::find(html, b"<main").unwrap_or(0);
    let end = memchr::memmem::find(&html[start..], b"</main>").map_or(html.len(), |e| start + e);
    (start, end)
}

/// Which documents stay, given each one's (parent, has a title or own text): those
/// with a title or text, their own or inside. Per document its new number (`None`:
/// dropped) and its new parent, the nearest kept one around it.
pub fn drop_empty(docs: &[(Option<usize>, bool)]) -> (Vec<Option<usize>>, Vec<Option<usize>>) {
    let mut kept: Vec<bool> = docs.iter().map(|d| d.1).collect();
    // Inner documents come after the one that holds them: one backward pass is enough.
    for i in (0..docs.len()).rev() {
        if let Some(p) = docs[i].0.filter(|_| kept[i]) {
            kept[p] = true;
        }
    }
    let mut new_index = vec![None; docs.len()];
    let mut parents = vec![None; docs.len()];
    let mut count = 0;
    for i in 0..docs.len() {
        let mut parent = docs[i].0;
        while let Some(p) = parent.filter(|&p| !kept[p]) {
            parent = docs[p].0;
        }
        parents[i] = parent.and_then(|p| new_index[p]);
        if kept[i] {
            new_index[i] = Some(count);
            count += 1;
        }
    }
    (new_index, parents)
}

/// Text with runs of white space as one space, none at the ends.
pub fn squash(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

impl<'a, S: Sink> Scanner<'a, '_, S> {
    fn scan(&mut self, html: &'a str) {
        let bytes = html.as_bytes();
        let find = |byte: u8, from: usize| memchr::memchr(byte, &bytes[from..]).map(|i| from + i);
        let mut at = 0;
        // The next `&`: the pieces of text before it have no character reference, which
        // spares most of them a search of their own.
        let mut amp = find(b'&', 0).unwrap_or(bytes.len());
        // Text on both sides of a `<wbr>` (a void inline element, no word break), which
        // the East Asian line-break pass puts between Japanese phrases, a third of the
        // tags: joined into one piece here, its parts' references decoded each on its
        // own as before, instead of handed over part by part.
        let mut joined = String::new();
        while let Some(lt) = find(b'<', at) {
            if bytes[lt + 1..].starts_with(b"wbr>") {
                joined.push_str(&decode(&html[at..lt], amp < lt));
                at = lt + 5;
                if amp < at {
                    amp = find(b'&', at).unwrap_or(bytes.len());
                }
                continue;
            }
            if joined.is_empty() {
                self.piece(&html[at..lt], amp < lt);
            } else {
                joined.push_str(&decode(&html[at..lt], amp < lt));
                self.piece(&joined, false);
                joined.clear();
            }
            let Some(gt) = find(b'>', lt) else {
                return;
            };
            self.tag(&html[lt + 1..gt]);
            at = gt + 1;
            if amp < at {
                amp = find(b'&', at).unwrap_or(bytes.len());
            }
        }
        joined.push_str(&decode(&html[at..], amp < bytes.len()));
        self.piece(&joined, false);
    }

    fn skipping(&self) -> bool {
        self.skipped > 0
    }

    fn tag(&mut self, tag: &'a str) {
        if tag.starts_with('!') || tag.starts_with('?') {
            return;
        }
        if let Some(name) = tag.strip_prefix('/') {
            self.close(trim(name));
            return;
        }
        let end = tag
            .bytes()
            .position(|b| b.is_ascii_whitespace() || b == b'/')
            .unwrap_or(tag.len());
        let name = &tag[..end];
        let kind = element(name);
        if matches!(kind, Element::Void | Element::Br) || tag.ends_with('/') {
            if kind == Element::Br {
                self.space();
            }
            return;
        }
        // A tag of its name only (`<p>`, `<li>`) has no attribute to look through.
        let skip = kind == Element::Skipped
            || (end < tag.len()
                && mentions_hidden(tag.as_bytes())
                && attribute(tag, "hidden").is_some());
        self.stack.push((name, skip, kind == Element::Inline));
        self.skipped += usize::from(skip);
        if let (false, Element::Doc(name)) = (self.skipping(), kind) {
            self.open_doc(name, tag);
        }
        if kind != Element::Inline {
            self.space();
        }
    }

    fn open_doc(&mut self, name: &str, tag: &str) {
        let depth = self.stack.len();
        let id = attribute(tag, "id").unwrap_or_default().into_owned();
        let class = attribute(tag, "class").unwrap_or_default();
        let has = |c: &str| class.split_whitespace().any(|k| k == c);
        let in_block = self.open.iter().any(|o| o.depth.is_some());
        match name {
            "h1" => self.in_h1 = Some(depth),
            "h2" | "h3" if !id.is_empty() && !in_block => {
                let level = name.as_bytes()[1] - b'0';
                self.open.retain(|o| o.depth.is_some() || o.level < level);
                let doc = self.new_doc(id, false);
                self.open.push(Open {
                    doc,
                    depth: None,
                    level,
                });
                self.title = Some((doc, depth));
            }
            "details" if !id.is_empty() && (has("method") || has("faq")) => {
                let doc = self.new_doc(id, false);
                self.open.push(Open {
                    doc,
                    depth: Some(depth),
                    level: 9,
                });
            }
            "summary" => {
                if let Some(open) = self.open.last().filter(|o| o.depth == Some(depth - 1)) {
                    self.title = Some((open.doc, depth));
                }
            }
            "li" if !id.is_empty() && has("step") => {
                let doc = self.new_doc(id, true);
                self.open.push(Open {
                    doc,
                    depth: Some(depth),
                    level: 9,
                });
            }
            _ => {}
        }
    }

    fn new_doc(&mut self, id: String, step: bool) -> usize {
        let parent = self.open.last().map(|o| o.doc);
        self.sink.open(id, step, parent)
    }

    fn close(&mut self, name: &str) {
        let Some(at) = self
            .stack
            .iter()
            .rposition(|(n, _, _)| n.eq_ignore_ascii_case(name))
        else {
            return;
        };
        let depth = at + 1;
        // Block boundaries separate words.
        if !self.stack[at].2 {
            self.space();
        }
        self.skipped -= self.stack[at..].iter().filter(|(_, skip, _)| *skip).count();
        self.stack.truncate(at);
        self.open.retain(|o| o.depth.is_none_or(|d| d < depth));
        if self.title.is_some_and(|(_, d)| d >= depth) {
            self.title = None;
        }
        if self.in_h1.is_some_and(|d| d >= depth) {
            self.in_h1 = None;
        }
    }

    /// A word break between elements: a piece of one space.
    fn space(&mut self) {
        if self.skipping() {
            return;
        }
        if self.in_h1.is_some() {
            self.sink.title(0, " ");
            return;
        }
        if let Some((doc, _)) = self.title {
            self.sink.title(doc, " ");
            return;
        }
        self.sink.space(self.open.last().map_or(0, |o| o.doc));
    }

    /// A piece of text between tags; `entities`: it may hold character references.
    fn piece(&mut self, raw: &str, entities: bool) {
        if raw.is_empty() || self.skipping() {
            return;
        }
        let text = decode(raw, entities);
        if self.in_h1.is_some() {
            self.sink.title(0, &text);
            return;
        }
        if let Some((doc, _)) = self.title {
            self.sink.title(doc, &text);
            return;
        }
        let doc = self.open.last().map_or(0, |o| o.doc);
        self.sink.text(doc, &text);
    }
}

/// `name` without white space at its ends (`str::trim`), which an end tag's name
/// almost never has: one look at its first and last bytes tells.
fn trim(name: &str) -> &str {
    let plain = |b: Option<&u8>| b.is_some_and(|&b| b > b' ' && b.is_ascii());
    let bytes = name.as_bytes();
    match plain(bytes.first()) && plain(bytes.last()) {
        true => name,
        false => name.trim(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<header>x</header><main id="main"><h1>Set up</h1>
<nav class="toc"><h2 id="toc-title">On this page</h2></nav>
<div class="content"><p>Lead &amp; intro.</p>
<h2 id="methods">Methods</h2><p>Pick one.</p>
<details class="method" id="method-phone"><summary><span>Phone (SMS)</span></summary>
<div><h3 id="x">Steps</h3><ol class="steps"><li class="step" id="method-phone-step-1"><p>Enter the <b>number</b>.</p></li></ol></div></details>
<h2 id="next">Next</h2><p>Go on<br>now.</p><div hidden>secret</div></div></main><footer>f</footer>"#;

    #[test]
    fn a_page_becomes_its_sections() {
        let docs = page_sections(PAGE);
        let got: Vec<(&str, &str, &str, Option<usize>)> = docs
            .iter()
            .map(|d| (d.id.as_str(), d.title.as_str(), d.text.as_str(), d.parent))
            .collect();
        assert_eq!(
            got,
            vec![
                ("", "Set up", "Lead & intro.", None),
                ("methods", "Methods", "Pick one.", None),
                ("method-phone", "Phone (SMS)", "Steps", Some(1)),
                (
                    "method-phone-step-1",
                    "Phone (SMS)",
                    "Enter the number.",
                    Some(2)
                ),
                ("next", "Next", "Go on now.", None),
            ]
        );
        assert!(docs[3].step);
    }

    #[test]
    fn empty_sections_go_and_their_inner_ones_move_up() {
        let html = r#"<main><h1>T</h1><h2 id="a">A</h2>
<details class="faq" id="q"><summary></summary><ol><li class="step" id="s"></li></ol></details>
<details class="faq" id="r"><summary></summary><ol><li class="step" id="t">x</li></ol></details></main>"#;
        let docs = page_sections(html);
        let got: Vec<(&str, Option<usize>)> =
            docs.iter().map(|d| (d.id.as_str(), d.parent)).collect();
        assert_eq!(
            got,
            vec![("", None), ("a", None), ("r", Some(1)), ("t", Some(2))]
        );
    }

    /// A `<wbr>` breaks no word: the text around it is one text, and each part's
    /// character references are read as they were written.
    #[test]
    fn text_across_wbr_is_one_text() {
        let html =
            "<main><h1>認証<wbr>方法</h1><p>設定&amp;<wbr>画面の<wbr>a&am<wbr>p;b</p></main>";
        let docs = page_sections(html);
        assert_eq!(docs[0].title, "認証方法");
        assert_eq!(docs[0].text, "設定&画面のa&amp;b");
    }

    #[test]
    fn broken_html_never_panics() {
        for html in [
            "<",
            "<main",
            "<main><h2 id=\"a\">",
            "&#xFFFFFFFF; &#;",
            "</x></main>",
            "<a b='",
        ] {
            let _ = page_sections(html);
        }
    }
}
