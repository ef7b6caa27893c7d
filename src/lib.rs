//! tebiki: a static site generator for bilingual, step-by-step setup guides.
//!
//! The build is a pipeline of stages that exchange plain data:
//!
//! ```text
//! site.toml ─► config ─► load ─► outline ─► markdown ─► render ─► output ─► (check | serve)
//!                         (front    (guides,   (HTML +     (pages, alias pages at old
//!                          matter,   steps      links)      addresses, sitemap with
//!                          dates)    checked)               <lastmod>)
//! ```
//!
//! [`dates`] is the calendar date type that front matter (`updated`, `reviewed`), the
//! sitemap and `check`'s `stale-page` warning share.
//!
//! Each stage is one module with one entry function ([`config::load_config`],
//! [`load::load_site`], [`load::build_outline`] (called by `load_site` once the pages are
//! read), [`markdown::render_markdown`], [`render::render_site`], [`output::write_site`]);
//! [`build`] sequences them. Render only reads the outline.

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
pub mod serve;
pub mod state_dir;
pub mod suggest;
pub mod timings;
pub mod urls;
