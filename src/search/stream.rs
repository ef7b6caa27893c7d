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
    state: Mutex<State<'a>>,
    /// Files the sink handed back (it keeps nothing in `check`).
    kept: Mutex<Vec<(usize, OutputFile)>>,
}

struct State<'a> {
    /// The next group to take.
    next: usize,
    /// Groups handed over before one ahead of them.
    waiting: BTreeMap<usize, Vec<PageSearch>>,
    /// Per language: its index being made, `None` when it is not streamed.
    langs: Vec<Option<LangStream<'a>>>,
    scratch: Scratch,
}

/// One language's index so far.
#[derive(Default)]
struct LangStream<'a> {
    /// The previous build's documents file and its pages' source digests, for the
    /// pages whose documents are taken from it ([`PageSearch::Stored`]).
    old: Option<(stored::DocsHeads, &'a HashMap<String, SourceDigest>)>,
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
    /// taken from there): nothing is written unless a page differs, and then the old
    /// file's bytes up to `end`, where the last such page ends, are copied first.
    Same {
        pages: usize,
        end: u64,
        path: Option<PathBuf>,
    },
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
        if let RecordDocs::Same { pages, end, .. } = self {
            if let Some(span) = span.filter(|s| s.head() == *end) {
                *pages += 1;
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
        let RecordDocs::Same { end, path, .. } = std::mem::take(self) else {
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
        if let RecordDocs::Same { pages, end, .. } = &self {
            if heads.is_some_and(|h| h.len() == *pages && h.end() == *end) {
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
        let langs = streamed
            .iter()
            .zip(&config.languages)
            .enumerate()
            .map(|(lang, (&on, language))| {
                let code = &language.code;
                on.then(|| LangStream {
                    old: previous(lang)
                        .filter(|(index, _)| index.docs.is_some())
                        .and_then(|(index, _)| {
                            let path = stored::docs_path(config, code)?;
                            Some((stored::DocsHeads::open(&path)?, &index.sources))
                        }),
                    docs: match record {
                        true => RecordDocs::Same {
                            pages: 0,
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
                    full.extend(state.page(self.config, page));
                }
            }
            full
        };
        // Written outside the lock: the other workers go on meanwhile.
        self.write(full);
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
                full.extend(state.page(self.config, page));
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
        let (config, sink) = (self.config, self.sink);
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
                let heads = stream.old.as_ref().map(|(heads, _)| heads);
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

impl State<'_> {
    /// Adds one page to its language's index: the chunk files it filled.
    fn page(&mut self, config: &Config, page: PageSearch) -> Vec<(usize, OutputFile)> {
        let lang = match &page {
            PageSearch::Fresh(docs, _) => docs.lang,
            PageSearch::Stored { lang, .. } => *lang,
        };
        let Some(Some(stream)) = self.langs.get_mut(lang) else {
            return Vec::new();
        };
        // The page's place in the old documents file when its documents come from it.
        let (docs, span): (PageDocs, _) = match page {
            PageSearch::Fresh(docs, digest) => {
                if let Some(digest) = digest {
                    stream.sources.insert(docs.url.clone(), digest);
                }
                (docs, None)
            }
            // From the previous build's documents file, else read back from the output.
            PageSearch::Stored { lang, path } => {
                let Some(url) = super::page_url(&path) else {
                    return Vec::new();
                };
                let old = stream.old.as_ref();
                if let Some(digest) = old.and_then(|(_, sources)| sources.get(&url)) {
                    stream.sources.insert(url.clone(), *digest);
                }
                let docs =
                    old.and_then(|(heads, _)| Some((heads.page(&url, lang)?, heads.span(&url))));
                match docs {
                    Some(docs) => docs,
                    None => match super::read_back(config, lang, &path, &mut self.scratch) {
                        Some(docs) => (docs, None),
                        None => return Vec::new(),
                    },
                }
            }
        };
        let heads = stream.old.as_ref().map(|(heads, _)| heads);
        stream.docs.page(&docs, span, heads);
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
}
