//! tebiki: a static site generator for bilingual, step-by-step setup guides.
//!
//! The build is a pipeline of stages that exchange plain data:
//!
//! ```text
//! site.toml ─► config ─► load ─► markdown ─► render ─► output ─► (check | serve)
//!                         (front    (HTML +     (pages, alias pages at old addresses,
//!                          matter,   links)      sitemap with <lastmod>)
//!                          dates)
//! ```
//!
//! [`dates`] is the calendar date type that front matter (`updated`, `reviewed`), the
//! sitemap and `check`'s `stale-page` warning share.
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
pub mod serve;
pub mod suggest;
pub mod timings;
pub mod urls;
