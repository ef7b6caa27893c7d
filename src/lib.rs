//! tebiki: a static site generator for bilingual, step-by-step setup guides.
//!
//! The build is a pipeline of stages that exchange plain data:
//!
//! ```text
//! site.toml ─► config ─► load ─► outline ─► snippets ─► markdown ─► render ─► output ─► (check | serve)
//!                       (pages,  (guides,   (includes    (HTML, links,  (pages, alias pages,
//!                       front    steps      expanded +   diagnostics    sitemap with
//!                       matter,  checked)   source map)  located        <lastmod>)
//!                       snippets)                        through the map)   │
//!                                                                          └─► search (index per language)
//! ```
//!
//! [`dates`] is the calendar date type that front matter (`updated`, `reviewed`), the
//! sitemap and `check`'s `stale-page` warning share. [`search::build_search_index`] runs at
//! the end of render over the documents each rendered page gave
//! ([`search::page_search_docs`]).
//!
//! Each stage is one module with one entry function ([`config::load_config`],
//! [`load::load_site`], [`load::build_outline`] (called by `load_site` once the pages are
//! read), [`snippets::expand_includes`], [`markdown::render_markdown`],
//! [`render::render_site`], [`output::write_site`]); [`build`] sequences them. Render only
//! reads the outline, and calls `expand_includes` and `render_markdown` page by page, in
//! parallel.

pub mod base_url;
pub mod build;
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
pub mod state_dir;
pub mod suggest;
pub mod timings;
pub mod urls;
