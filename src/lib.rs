//! tebiki: a static site generator for bilingual, step-by-step setup guides.
//!
//! The build is a pipeline of stages that exchange plain data:
//!
//! ```text
//! site.toml ─► config ─► load ─► markdown ─► render ─► output ─► (check | serve)
//!                                               │
//!                                               └─► search (index per language)
//! ```
//!
//! [`search::build_search_index`] runs at the end of render over the documents each
//! rendered page gave ([`search::page_search_docs`]).
//!
//! Each stage is one module with one entry function ([`config::load_config`],
//! [`load::load_site`], [`markdown::render_markdown`], [`render::render_site`],
//! [`output::write_site`]); [`build`] sequences them.

pub mod build;
pub mod check;
pub mod cmd;
pub mod config;
pub mod console;
pub mod contain;
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
pub mod suggest;
pub mod timings;
pub mod urls;
