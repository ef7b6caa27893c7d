//! The integration tests: one binary, one module per area, over fixture sites in
//! `tests/fixtures/` and over a copy of the shipped guide.

mod assets;
mod bad_input;
mod browser;
mod build;
mod build_cache;
mod check;
mod containment;
mod dates_aliases;
mod deploy;
mod diagnostics;
mod east_asian;
mod github_paths;
mod golden;
mod guide;
mod guides;
mod hostile;
mod i18n;
mod messages_ja;
mod output;
mod publish;
mod search;
mod search_patch;
mod serve;
mod snippets;
mod support;
mod theme_budget;
mod urls;
