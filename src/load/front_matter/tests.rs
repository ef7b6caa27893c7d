//! Front matter as editors write it, slips included.

use super::*;
use crate::diagnostics::Lang;

fn parse(text: &str) -> Result<FrontMatter, Diagnostic> {
    let index = LineIndex::new(text);
    let split = split_front_matter(text, "p.md", &index)?;
    parse_front_matter(text, &split, "p.md", &index)
}

#[test]
fn parses_keys_and_body_offset() {
    let text = "\u{feff}---\r\ntitle: はじめに\r\nstep: 2\r\n---\r\n# Body\n";
    let index = LineIndex::new(text);
    let split = split_front_matter(text, "p.md", &index).unwrap();
    assert_eq!(&text[split.body_start..], "# Body\n");
    let fm = parse(text).unwrap();
    assert_eq!((fm.title.as_str(), fm.step), ("はじめに", Some(2)));
}

#[test]
fn yaml_errors_point_at_the_file_line() {
    let d = parse("---\ntitle: ok\nstep: two\n---\n").unwrap_err();
    assert_eq!((d.code.name(), d.line), ("wrong-type", 3));
    let d = parse("---\ntitle: ok\nstep: １２\n---\n").unwrap_err();
    assert_eq!((d.code.name(), d.line), ("full-width-syntax", 3));
    let help = d
        .help
        .as_ref()
        .map(|h| h.render(Lang::En))
        .unwrap_or_default();
    assert!(help.contains("step: 12"), "{help}");
    let d = parse("---\ntitle: ok\nweight: \"10\"\n---\n").unwrap_err();
    assert_eq!((d.code.name(), d.line), ("wrong-type", 3));
    let help = d
        .help
        .as_ref()
        .map(|h| h.render(Lang::En))
        .unwrap_or_default();
    assert!(
        help.contains("weight: 10") && help.contains("quotes"),
        "{help}"
    );
    let d = parse("---\ntitle: a\ncolour: red\n---\n").unwrap_err();
    assert_eq!((d.code.name(), d.line), ("unknown-front-matter-key", 3));
    let d = parse("---\ntitle: a\ntitle: b\n---\n").unwrap_err();
    assert_eq!((d.code.name(), d.line), ("duplicate-key", 3));
    let d = parse("---\ntitle: a\n\tstep: 1\n---\n").unwrap_err();
    assert_eq!((d.code.name(), d.line), ("yaml-syntax", 3));
    assert!(d.english_help().unwrap().contains("tabs"));
}

#[test]
fn dates_and_aliases_parse_with_their_positions() {
    let text = "---\ntitle: a\nupdated: 2026-04-01\nreviewed: \"2026-10-01\"\naliases:\n  - old/\n  - \"/older/\"\n---\n";
    let fm = parse(text).unwrap();
    assert_eq!(fm.updated.unwrap().to_string(), "2026-04-01");
    assert_eq!(fm.aliases, ["old/", "/older/"]);
    let index = LineIndex::new(text);
    let at = |o: usize| index.locate(text, o);
    assert_eq!(at(fm.spans.updated.unwrap()), (3, 10));
    assert_eq!(at(fm.spans.reviewed.unwrap()), (4, 11));
    assert_eq!(at(fm.spans.aliases[0]), (6, 5));
    assert_eq!(at(fm.spans.aliases[1]), (7, 5));
    let (newest, key, offset) = fm.newest_date().unwrap();
    assert_eq!(
        (newest.to_string(), key, at(offset)),
        ("2026-10-01".into(), "reviewed", (4, 11))
    );
}

#[test]
fn impossible_dates_are_errors_at_the_value() {
    for (value, column) in [
        ("2026-02-30", 10),
        ("2026/04/01", 10),
        ("\"２０２６-０４-０１\"", 10),
    ] {
        let d = parse(&format!("---\ntitle: a\nupdated: {value}\n---\n")).unwrap_err();
        assert_eq!(
            (d.code.name(), d.line, d.column),
            ("invalid-date", 3, column),
            "{d}"
        );
        assert!(d.message.english().starts_with("'updated': "), "{d}");
        assert!(d.english_help().unwrap().contains("YYYY-MM-DD"));
    }
    let d = parse("---\ntitle: a\nreviewed: 2026-02-30\n---\n").unwrap_err();
    assert_eq!(
        d.to_string(),
        "p.md:3:11: error[invalid-date]: 'reviewed': '2026-02-30' is not a real date: that month has only 28 days\n  help: write the date as YYYY-MM-DD with half-width digits, e.g. reviewed: 2026-04-01\n  = explain: tebiki explain invalid-date"
    );
}

#[test]
fn front_matter_lines_typed_with_an_ime_are_named_with_the_fix() {
    for (text, at) in [
        ("ーーー\ntitle: a\n---\n", (1, 1)),
        ("－－－ \ntitle: a\n－－－\n", (1, 1)),
        ("---\ntitle: a\nーーー\nbody\n", (3, 1)),
    ] {
        let d = parse(text).unwrap_err();
        assert_eq!(
            (d.code.name(), d.line, d.column),
            ("full-width-syntax", at.0, at.1)
        );
        assert!(d.english_help().unwrap().ends_with("write '---'"), "{d}");
    }
    // A line of one dash is prose, not a fence.
    assert_eq!(
        parse("ー\n").unwrap_err().code.name(),
        "missing-front-matter"
    );
}

#[test]
fn an_empty_title_is_a_missing_title_at_its_line() {
    for title in ["\"\"", "\"  \"", "''"] {
        let d = parse(&format!("---\nweight: 1\ntitle: {title}\n---\n")).unwrap_err();
        assert_eq!(
            (d.code.name(), d.line, d.column),
            ("missing-title", 3, 1),
            "{d}"
        );
        assert!(d.message.english().contains("empty"), "{d}");
    }
}

#[test]
fn an_empty_short_title_is_no_short_title() {
    let front = parse("---\ntitle: a\nshort_title: \" \"\n---\n").unwrap();
    assert_eq!(front.short_title, None);
    let front = parse("---\ntitle: a\nshort_title: b\n---\n").unwrap();
    assert_eq!(front.short_title.as_deref(), Some("b"));
}

#[test]
fn a_tab_before_a_key_is_named() {
    let d = parse("---\ntitle: a\n\tweight: 10\n---\n").unwrap_err();
    assert_eq!((d.code.name(), d.line, d.column), ("yaml-syntax", 3, 1));
    assert!(d.message.english().contains("tab"), "{d}");
}

#[test]
fn key_offset_finds_the_top_level_line() {
    let text = "\u{feff}---\r\ntitle: \"step: 1\"\r\nstep : 2\r\n---\r\nstep: 9\n";
    let index = LineIndex::new(text);
    let split = split_front_matter(text, "p.md", &index).unwrap();
    let offset = key_offset(text, split.body_start, "step").unwrap();
    assert_eq!(index.locate(text, offset), (3, 1));
    assert_eq!(key_offset(text, split.body_start, "weight"), None);
}

#[test]
fn missing_pieces_are_diagnostics() {
    assert_eq!(parse("").unwrap_err().code, "missing-front-matter");
    assert_eq!(
        parse("# Just markdown").unwrap_err().code,
        Code::MissingFrontMatter
    );
    assert_eq!(
        parse("---\ntitle: x\n").unwrap_err().code,
        Code::UnclosedFrontMatter
    );
    assert_eq!(parse("---\n---\nbody").unwrap_err().code, "missing-title");
    assert_eq!(
        parse("---\ndescription: x\n---\n").unwrap_err().code,
        Code::MissingTitle
    );
}
