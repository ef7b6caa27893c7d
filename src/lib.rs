//! tebiki: a static site generator for bilingual, step-by-step setup guides.
//!
//! The build is a pipeline of stages that exchange plain data. [`build::build_site`]
//! runs them in this order, one function per stage, for `build`, `check` and `serve`:
//!
//! ```text
//! site.toml ─► config ──────────► load ───────────► render ──────────► links ─────────────► output
//!              build::            build::           render::           check::              output::begin_site
//!              load_build_config  load_inputs       render_site        check_built_links    … Staging::finish
//!              (Config)           (pages, UI        (files, page       (link diagnostics;   (staging folder,
//!                                 strings, theme)   reports,           not for `check`)     atomic swap;
//!                                                   diagnostics)                            `build` only)
//! ```
//!
//! - **load**: [`build::load_inputs`] runs [`load::load_site`] (which reads the pages and
//!   calls [`load::build_outline`]: guides, steps), [`i18n::load_translations`] and
//!   [`render::load_site_theme`] side by side.
//! - **render**: [`render::render_site`] renders each content path in parallel: its pages'
//!   includes ([`snippets::expand_includes`]), their Markdown
//!   ([`markdown::render_markdown`]), then their templates; beside them alias pages,
//!   sitemap and theme files; at the end [`search::build_search_index`] over the
//!   documents each page gave ([`search::page_search`]; a page whose `<main>` is as the
//!   record has it gives the record's: [`search::sources`]). A language whose index
//!   cannot be kept or patched (a first build, `--no-cache`) has it made while its pages
//!   render instead, page by page ([`search::IndexStream`]), so that no page's
//!   documents wait in memory. Render only reads the outline.
//! - **output**: [`output::begin_site`] opens the staging folder before rendering, each
//!   page is written into it as it is rendered, and [`output::Staging::finish`] swaps it
//!   in once the site built without errors.
//! - Then `check` runs [`check::check_site`] over the site in memory, and `serve`
//!   serves it from memory ([`serve`]).
//! - `build` keeps a record of what it rendered in `.tebiki/` ([`build_cache`]):
//!   [`build_cache::load_build_cache`] before rendering, [`render::render_site`] takes
//!   each content path that provably did not change from it instead of rendering it
//!   ([`render::StoredGroups`]), and [`build_cache::save_build_cache`] writes the new
//!   record once the output is committed. When the record cannot lend pages (a template
//!   changed), each page's Markdown is taken from the previous full render's bodies
//!   instead of rendered ([`render::BodyFile`], [`build_cache::body_file`]). The load
//!   leaves on disk the Markdown body of each page whose text the record knows, and of
//!   every page when there is none ([`load::Bodies`]); a page that renders reads it
//!   again ([`load::Page::with_body`]). The search index keeps its pages' entries beside the record ([`search::stored`]): a language
//!   whose pages were all taken keeps its index files; one whose pages are the previous
//!   build's, some rendered again, has its index patched in place
//!   ([`search::patch::patch_index`]); the others' indexes are made from the kept entries
//!   and the new pages'. An emptied output folder keeps the bodies and the search
//!   entries, not the rest of the record ([`render::StoredGroups::search_only`]).
//! - `serve` keeps one cache per stage between saves ([`build::BuildCache`]): the pages
//!   read and the listing of `content/` ([`load::PageCache`], through
//!   [`load::load_site_cached`]; it trusts the watcher's names, and
//!   [`load::PageCache::changed_unseen`] looks for what no event reported once a build
//!   is served), the groups rendered and what every page shares ([`render::RenderCache`])
//!   and the link check ([`check::LinkCache`]); a save reads, renders and checks again
//!   only what it can have changed, with the same result.
//!
//! [`dates`] is the calendar date type that front matter (`updated`, `reviewed`), the
//! sitemap and `check`'s `stale-page` warning share.

pub mod base_url;
pub mod build;
pub mod build_cache;
pub mod check;
pub mod cmd;
pub mod config;
pub mod console;
pub mod contain;
pub mod dates;
pub mod diagnostics;
pub mod error;
pub mod i18n;
pub mod init;
pub mod load;
pub mod markdown;
pub mod output;
pub mod parity;
pub mod render;
pub mod search;
pub mod serve;
pub mod snippets;
pub mod spent;
pub mod state_dir;
pub mod suggest;
pub mod timings;
pub mod urls;
