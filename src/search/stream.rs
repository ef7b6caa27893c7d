//! A language's index made while its pages render ([`IndexStream`]), when there is no
//! index of the previous build to keep or patch: `build --no-cache`, a first build, a
//! record that cannot be read, an output folder emptied since the last build, `check`.
//!
//! Each page's documents go into the language's postings lists ([`index::Lists`]),
//! its snippets into the `d<k>.json` file being filled ([`index::Chunks`], written as
//! soon as it is full) and, for `build`'s record, into the documents file
//! ([`stored::DocsWriter`]) as soon as the page is rendered and every page before it
//! was: the lists number documents in page order. Nothing else of a page is kept. Held
//! until the end, every page's postings and snippets were most of a large site's
//! memory: at 10,000 pages per language such a build peaked at about 700 MB with them,
//! 284 MB without (BENCHMARKS.md, "The index made while pages render").
//!
//! The output is the same as [`index::language_files`] over the same pages.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Mutex;

use super::index::{Chunks, Lists};
use super::{stored, PageDocs, PageSearch, Scratch, SourceDigest, StoredIndex};
use crate::config::Config;
use crate::render::{OutputFile, PageSink};

/// The indexes being made while pages render, for the languages [`IndexStream::new`]
/// was given. The render stage hands it each group's pages in any order
/// ([`IndexStream::add`]); it takes them in group order, which is each language's page
/// order.
pub struct IndexStream<'a> {
    config: &'a Config,
    sink: PageSink<'a>,
    /// Whether each language is streamed.
    streamed: Vec<bool>,
    /// Per streamed language: the previous build's documents file and its pages'
    /// source digests, for the pages whose documents are taken from it
    /// ([`PageSearch::Stored`]). Read from any worker, outside the lock.
    olds: Vec<Option<Old<'a>>>,
    state: Mutex<State>,
    /// Files the sink handed back (it keeps nothing in `check`).
    kept: Mutex<Vec<(usize, OutputFile)>>,
}

struct State {
    /// The next group to take.
    next: usize,
    /// Groups handed over before one ahead of them.
    waiting: BTreeMap<usize, Vec<Ready>>,
    /// Per language: its index being made, `None` when it is not streamed.
    langs: Vec<Option<LangStream>>,
    scratch: Scratch,
}

/// A language's previous documents file and its pages' source digests.
type Old<'a> = (stored::DocsHeads, &'a HashMap<String, SourceDigest>);

/// A page handed over, its documents read from the previous documents file when they
/// come from there (on the worker that rendered it, before the lock is taken).
enum Ready {
    Page(PageSearch),
    Old {
        url: String,
        docs: PageDocs,
        span: stored::Span,
    },
}

/// One language's index so far.
#[derive(Default)]
struct LangStream {
    lists: Lists,
    chunks: Chunks,
    /// The record's documents file.
    docs: RecordDocs,
    /// Each page's source digest, for the record.
    sources: HashMap<String, SourceDigest>,
    /// The output paths of the chunk files written so far.
    written: Vec<String>,
}

/// One language's index made by [`IndexStream`].
pub struct Streamed {
    /// The files the sink handed back (all of them in `check`, which writes nothing).
    pub files: Vec<OutputFile>,
    /// Every file of the index, written or not.
    pub paths: Vec<String>,
    /// The record's documents file, whole (`None`: no record, or it failed).
    pub docs: Option<StreamedDocs>,
    pub sources: HashMap<String, SourceDigest>,
}

/// How the record's documents file of a streamed language came out.
#[derive(Debug)]
pub enum StreamedDocs {
    /// The previous build's file holds exactly this build's pages, in this order: it is
    /// kept as it is (an emptied output folder filled again).
    Kept,
    /// Written anew at this path, beside the old one until the output is committed.
    New(PathBuf),
}

/// The record's documents file of a streamed language while pages come.
#[derive(Default)]
enum RecordDocs {
    /// Not written: no record, or writing failed.
    #[default]
    Off,
    /// Every page so far is the previous file's page at the same place (its documents
    /// taken from there, each starting where the one before ended): nothing is written
    /// unless a page differs, and then the old file's bytes up to `end`, where the last
    /// such page ends, are copied first.
    Same { end: u64, path: Option<PathBuf> },
    /// Being written at the path.
    Writing(PathBuf, stored::DocsWriter),
}

impl RecordDocs {
    /// Takes the next page; `span`: where it is in the old file `heads` when its
    /// documents come from there.
    fn page(
        &mut self,
        docs: &PageDocs,
        span: Option<stored::Span>,
        heads: Option<&stored::DocsHeads>,
    ) {
        if let RecordDocs::Same { end, .. } = self {
            if let Some(span) = span.filter(|s| s.head() == *end) {
                *end = span.end();
                return;
            }
            self.write_old(heads);
        }
        if let RecordDocs::Writing(_, writer) = self {
            if writer.page(&docs.url, docs).is_none() {
                *self = RecordDocs::Off;
            }
        }
    }

    /// From [`RecordDocs::Same`], starts writing the new file with the old file's pages
    /// so far.
    fn write_old(&mut self, heads: Option<&stored::DocsHeads>) {
        let RecordDocs::Same { end, path } = std::mem::take(self) else {
            return;
        };
        let writing = path.and_then(|path| {
            let mut writer = stored::DocsWriter::create(&path)?;
            if end > stored::FIRST_PAGE {
                writer.copy_from(heads?, stored::FIRST_PAGE, end)?;
            }
            Some(RecordDocs::Writing(path, writer))
        });
        *self = writing.unwrap_or_default();
    }

    /// The file once every page came; `heads`: the old file.
    fn finish(mut self, heads: Option<&stored::DocsHeads>) -> Option<StreamedDocs> {
        // Pages that follow each other from the first to the file's end: all of them.
        if let RecordDocs::Same { end, .. } = &self {
            if heads.is_some_and(|h| h.end() == *end) {
                return Some(StreamedDocs::Kept);
            }
            self.write_old(heads);
        }
        match self {
            RecordDocs::Writing(path, writer) => writer.finish().map(|()| StreamedDocs::New(path)),
            _ => None,
        }
    }
}

impl<'a> IndexStream<'a> {
    /// A stream of the languages whose index cannot be kept or patched: those
    /// `previous` (the record's index of each language) has none of, or one whose files
    /// are no longer as it left them. `None` when there is no such language.
    /// `record`: whether `build` keeps a record, which then gets each language's
    /// documents file.
    pub fn new(
        config: &'a Config,
        sink: PageSink<'a>,
        previous: &'a [Option<(StoredIndex, bool)>],
        record: bool,
    ) -> Option<Self> {
        let previous = |lang: usize| previous.get(lang).and_then(Option::as_ref);
        let streamed: Vec<bool> = (0..config.languages.len())
            .map(|lang| previous(lang).is_none_or(|(_, intact)| !intact))
            .collect();
        if !config.search.enabled || !streamed.contains(&true) {
            return None;
        }
        let olds = streamed
            .iter()
            .zip(&config.languages)
            .enumerate()
            .map(|(lang, (&on, language))| {
                let (index, _) = previous(lang).filter(|(index, _)| on && index.docs.is_some())?;
                let path = stored::docs_path(config, &language.code)?;
                Some((stored::DocsHeads::open(&path)?, &index.sources))
            })
            .collect();
        let langs = streamed
            .iter()
            .zip(&config.languages)
            .map(|(&on, language)| {
                let code = &language.code;
                on.then(|| LangStream {
                    docs: match record {
                        true => RecordDocs::Same {
                            end: stored::FIRST_PAGE,
                            path: stored::docs_path(config, &format!("{code}.new")),
                        },
                        false => RecordDocs::Off,
                    },
                    ..LangStream::default()
                })
            })
            .collect();
        Some(IndexStream {
            config,
            sink,
            streamed,
            olds,
            state: Mutex::new(State {
                next: 0,
                waiting: BTreeMap::new(),
                langs,
                scratch: Scratch::default(),
            }),
            kept: Mutex::new(Vec::new()),
        })
    }

    /// Whether language `lang`'s index is made here.
    pub fn streams(&self, lang: usize) -> bool {
        self.streamed.get(lang).copied().unwrap_or(false)
    }

    /// Takes group `group`'s pages of the streamed languages (every group must be handed
    /// over, with no page if it has none, for the groups after it to be taken).
    pub fn add(&self, group: usize, pages: Vec<PageSearch>) {
        // Reading and decoding a page's documents from the old file is most of what such
        // a page costs the index: done here, the workers do it side by side.
        let pages: Vec<Ready> = pages.into_iter().map(|page| self.ready(page)).collect();
        let full = {
            let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
            state.waiting.insert(group, pages);
            let mut full = Vec::new();
            loop {
                let next = state.next;
                let Some(pages) = state.waiting.remove(&next) else {
                    break;
                };
                state.next += 1;
                for page in pages {
                    full.extend(state.page(self.config, &self.olds, page));
                }
            }
            full
        };
        // Written outside the lock: the other workers go on meanwhile.
        self.write(full);
    }

    /// `page` with its documents read from its language's old documents file, when
    /// they are to be taken from there and are in it.
    fn ready(&self, page: PageSearch) -> Ready {
        if let PageSearch::Stored { lang, path } = &page {
            let heads = self
                .olds
                .get(*lang)
                .and_then(Option::as_ref)
                .map(|(h, _)| h);
            let url = heads.and(super::page_url(path));
            if let (Some(heads), Some(url)) = (heads, url) {
                if let Some(span) = heads.span(&url) {
                    if let Some(docs) = heads.page_at(span, *lang) {
                        return Ready::Old { url, docs, span };
                    }
                }
            }
        }
        Ready::Page(page)
    }

    /// Writes chunk files through the sink, keeping what it hands back.
    fn write(&self, files: Vec<(usize, OutputFile)>) {
        for (lang, file) in files {
            if let Some(file) = (self.sink)(file, None) {
                self.kept
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push((lang, file));
            }
        }
    }

    /// Each language's index (`None`: not streamed), once every group was added. Its
    /// files are written through the sink as they are made.
    pub fn finish(self) -> Vec<Option<Streamed>> {
        // Groups still waiting for one never handed over (a worker that failed) go in
        // their order rather than nowhere.
        let waiting = {
            let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
            let waiting = std::mem::take(&mut state.waiting);
            let mut full = Vec::new();
            for page in waiting.into_values().flatten() {
                full.extend(state.page(self.config, &self.olds, page));
            }
            full
        };
        self.write(waiting);
        let state = self.state.into_inner().unwrap_or_else(|e| e.into_inner());
        // The files the sink handed back, by language.
        let mut kept: Vec<Vec<OutputFile>> = state.langs.iter().map(|_| Vec::new()).collect();
        for (lang, file) in self.kept.into_inner().unwrap_or_else(|e| e.into_inner()) {
            kept[lang].push(file);
        }
        let (config, sink, olds) = (self.config, self.sink, self.olds);
        state
            .langs
            .into_iter()
            .zip(kept)
            .enumerate()
            .map(|(lang, (stream, mut files))| {
                let stream = stream?;
                let code = &config.languages[lang].code;
                let mut paths = stream.written;
                let mut write = |name: String, bytes: Vec<u8>| {
                    let path = format!("search/{code}/{name}");
                    paths.push(path.clone());
                    let file = OutputFile {
                        path,
                        bytes: bytes.into(),
                    };
                    files.extend(sink(file, None));
                };
                if let Some((name, bytes)) = stream.chunks.finish() {
                    write(name, bytes);
                }
                stream.lists.files_each(&mut write);
                let heads = olds[lang].as_ref().map(|(heads, _)| heads);
                let docs = stream.docs.finish(heads);
                Some(Streamed {
                    files,
                    paths,
                    docs,
                    sources: stream.sources,
                })
            })
            .collect()
    }
}

impl State {
    /// Adds one page to its language's index: the chunk files it filled.
    fn page(
        &mut self,
        config: &Config,
        olds: &[Option<Old>],
        page: Ready,
    ) -> Vec<(usize, OutputFile)> {
        let lang = match &page {
            Ready::Page(page) => page.lang(),
            Ready::Old { docs, .. } => docs.lang,
        };
        let Some(Some(stream)) = self.langs.get_mut(lang) else {
            return Vec::new();
        };
        let old = olds.get(lang).and_then(Option::as_ref);
        let mut source = |url: &str| {
            if let Some(digest) = old.and_then(|(_, sources)| sources.get(url)) {
                stream.sources.insert(url.to_string(), *digest);
            }
        };
        // The page's place in the old documents file when its documents come from it.
        let (docs, span): (PageDocs, _) = match page {
            Ready::Old { url, docs, span } => {
                source(&url);
                (docs, Some(span))
            }
            Ready::Page(PageSearch::Fresh(docs, digest)) => {
                if let Some(digest) = digest {
                    stream.sources.insert(docs.url.clone(), digest);
                }
                (docs, None)
            }
            // Not in the previous build's documents file: read back from the output.
            Ready::Page(PageSearch::Stored { lang, path }) => {
                let Some(url) = super::page_url(&path) else {
                    return Vec::new();
                };
                source(&url);
                match super::read_back(config, lang, &path, &mut self.scratch) {
                    Some(docs) => (docs, None),
                    None => return Vec::new(),
                }
            }
        };
        stream.docs.page(&docs, span, old.map(|(heads, _)| heads));
        stream.lists.add(&docs);
        let code = &config.languages[lang].code;
        stream
            .chunks
            .page(&docs)
            .into_iter()
            .map(|(name, bytes)| {
                let path = format!("search/{code}/{name}");
                stream.written.push(path.clone());
                let file = OutputFile {
                    path,
                    bytes: bytes.into(),
                };
                (lang, file)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::docs::page_docs;
    use super::super::index::language_files;
    use super::super::sections::Section;
    use super::*;

    fn config() -> Config {
        let toml = "base_url = \"https://x.example/\"\n\
            [[languages]]\ncode = \"xx\"\nname = \"X\"\ntitle = \"t\"\n\
            [[languages]]\ncode = \"yy\"\nname = \"Y\"\ntitle = \"t\"\n";
        crate::config::parse_config(std::path::Path::new("/site"), toml).unwrap()
    }

    /// Page `i` of language `lang`: a page, a heading section and a step, with words
    /// some pages share and one of its own.
    fn page(lang: usize, i: usize) -> PageDocs {
        let section = |id: &str, title: &str, text: String, parent: Option<usize>| Section {
            id: id.into(),
            title: title.into(),
            text,
            step: parent.is_some(),
            parent,
        };
        page_docs(
            lang,
            format!("l{lang}/p{i}/"),
            vec![
                section("", "Page", format!("phone {} 設定 word{i}", i % 7), None),
                section("h", "Heading", format!("認証 app{}", i % 3), None),
                section("s", "", format!("step text {i}"), Some(1)),
            ],
            &[],
        )
    }

    #[test]
    fn groups_handed_over_in_any_order_give_the_index_made_of_all_pages_at_once() {
        let config = config();
        let written = Mutex::new(Vec::new());
        let sink = |file: OutputFile, _: Option<&crate::render::Digest>| {
            written.lock().unwrap().push(file);
            None
        };
        // Only the first language is streamed (the second has an index to keep or
        // patch): the second's pages are not its business.
        let previous = [None, Some((StoredIndex::default(), true))];
        let stream = IndexStream::new(&config, &sink, &previous, false).unwrap();
        let groups = 150;
        // Every group once, far from in order: 0, 7, 14, … (7 and 150 share no factor).
        for n in 0..groups {
            let group = n * 7 % groups;
            let pages = (0..2)
                .map(|lang| PageSearch::Fresh(page(lang, group), None))
                .collect();
            stream.add(group, pages);
        }
        let streamed = stream.finish();
        assert!(streamed[1].is_none());
        let streamed = streamed[0].as_ref().unwrap();
        assert!(streamed.files.is_empty(), "the sink kept every file");
        let pages: Vec<PageDocs> = (0..groups).map(|i| page(0, i)).collect();
        let refs: Vec<&PageDocs> = pages.iter().collect();
        let mut expected: Vec<(String, Vec<u8>)> = language_files(&refs)
            .into_iter()
            .map(|(name, bytes)| (format!("search/xx/{name}"), bytes))
            .collect();
        let mut got: Vec<(String, Vec<u8>)> = written
            .into_inner()
            .unwrap()
            .into_iter()
            .map(|f| (f.path, f.bytes.to_vec()))
            .collect();
        expected.sort();
        got.sort();
        // 450 documents: seven full chunks written while the pages came, and the last.
        assert_eq!(got.iter().filter(|(p, _)| p.contains("/d")).count(), 8);
        assert_eq!(got, expected);
        let mut paths = streamed.paths.clone();
        paths.sort();
        let names: Vec<String> = got.into_iter().map(|(p, _)| p).collect();
        assert_eq!(paths, names);
    }

    #[test]
    fn groups_waiting_for_one_never_handed_over_still_go_in_at_the_end() {
        let config = config();
        let written = Mutex::new(Vec::new());
        let sink = |file: OutputFile, _: Option<&crate::render::Digest>| {
            written
                .lock()
                .unwrap()
                .push((file.path, file.bytes.to_vec()));
            None
        };
        let stream = IndexStream::new(&config, &sink, &[], false).unwrap();
        for group in [3, 0, 2] {
            stream.add(group, vec![PageSearch::Fresh(page(0, group), None)]);
        }
        stream.finish();
        let pages = [page(0, 0), page(0, 2), page(0, 3)];
        let mut expected: Vec<(String, Vec<u8>)> =
            language_files(&pages.iter().collect::<Vec<_>>())
                .into_iter()
                .map(|(name, bytes)| (format!("search/xx/{name}"), bytes))
                .collect();
        expected.sort();
        let mut got: Vec<(String, Vec<u8>)> = written.into_inner().unwrap();
        got.retain(|(path, _)| path.starts_with("search/xx/"));
        got.sort();
        assert_eq!(got, expected);
    }

    /// The record's documents file of a streamed language, against the old file of
    /// pages 0, 1, 2: kept when every page comes from it at its place; otherwise written,
    /// from the first page that differs on, byte for byte as if written page by page.
    #[test]
    fn the_documents_file_is_written_only_from_the_first_page_that_differs() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, pages: &[PageDocs]| {
            let path = dir.path().join(name);
            let mut writer = stored::DocsWriter::create(&path).unwrap();
            for page in pages {
                writer.page(&page.url, page).unwrap();
            }
            writer.finish().unwrap();
            path
        };
        let pages: Vec<PageDocs> = (0..3).map(|i| page(0, i)).collect();
        let heads = stored::DocsHeads::open(&write("old", &pages)).unwrap();
        let old = |i: usize| {
            let url = &pages[i].url;
            (heads.page(url, 0).unwrap(), heads.span(url))
        };
        let stream = |name: &str, feed: Vec<(PageDocs, Option<stored::Span>)>| {
            let mut docs = RecordDocs::Same {
                end: stored::FIRST_PAGE,
                path: Some(dir.path().join(name)),
            };
            for (page, span) in &feed {
                docs.page(page, *span, Some(&heads));
            }
            docs.finish(Some(&heads))
        };
        let written = |done: Option<StreamedDocs>, expected: &[PageDocs]| match done {
            Some(StreamedDocs::New(path)) => {
                let want = write("expected", expected);
                assert_eq!(std::fs::read(path).unwrap(), std::fs::read(want).unwrap());
            }
            other => panic!("expected a new file, got {other:?}"),
        };

        let same = stream("same", vec![old(0), old(1), old(2)]);
        assert!(matches!(same, Some(StreamedDocs::Kept)), "{same:?}");
        assert!(!dir.path().join("same").exists(), "nothing written");

        let mut changed = page(0, 1);
        changed.title = "Changed".into();
        let feed = vec![old(0), (changed.clone(), None), old(2)];
        let expected = [pages[0].clone(), changed, pages[2].clone()];
        written(stream("middle", feed), &expected);

        written(stream("shorter", vec![old(0), old(1)]), &pages[..2]);
        written(
            stream("reordered", vec![old(1), old(0), old(2)]),
            &[pages[1].clone(), pages[0].clone(), pages[2].clone()],
        );
        let new = page(0, 7);
        let feed = vec![(new.clone(), None), old(0), old(1), old(2)];
        let expected = [new, pages[0].clone(), pages[1].clone(), pages[2].clone()];
        written(stream("first", feed), &expected);
    }
}
