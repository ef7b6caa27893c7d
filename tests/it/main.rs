//! The integration tests: one binary, one module per area, over fixture sites in
//! `tests/fixtures/` and over a copy of the shipped guide.

mod build;
mod support;
