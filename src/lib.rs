//! tebiki: a static site generator for bilingual, step-by-step setup guides.
//!
//! The build is a pipeline of stages that exchange plain data:
//!
//! ```text
//! site.toml ─► config ─► load ─► snippets ─► markdown ─► render ─► output ─► (check | serve)
//!                       (pages,  (includes     (HTML, links,
//!                       snippets) expanded +    diagnostics located
//!                                 source map)   through the map)
//! ```
//!
//! Each stage is one module with one entry function ([`config::load_config`],
//! [`load::load_site`], [`snippets::expand_includes`], [`markdown::render_markdown`],
//! [`render::render_site`], [`output::write_site`]); [`build`] sequences them (render
//! calls `expand_includes` and `render_markdown` page by page, in parallel).

pub mod build;
pub mod check;
pub mod cmd;
pub mod config;
pub mod diagnostics;
pub mod error;
pub mod i18n;
pub mod init;
pub mod load;
pub mod markdown;
pub mod output;
pub mod parity;
pub mod render;
pub mod serve;
pub mod snippets;
pub mod suggest;
pub mod timings;
pub mod urls;
