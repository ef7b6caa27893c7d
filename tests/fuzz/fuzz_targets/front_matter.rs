//! Fuzzes front-matter splitting and parsing: never a panic, errors inside the file.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    match tebiki::load::parse_page_text(text, "content/ja/p.md") {
        Ok((_, body_start)) => assert!(text.get(body_start..).is_some()),
        Err(d) => assert!(d.line >= 1 && d.line <= text.split('\n').count(), "{d}"),
    }
});
