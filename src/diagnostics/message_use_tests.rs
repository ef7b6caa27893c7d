//! Every message tebiki uses exists in both languages and gets the arguments it needs:
//! the `text!("id", name = …)` calls, `Text::fluent("id")` and `message(lang, "id", …)`
//! in `src/` are read as text and held against `messages/en.ftl` and `ja.ftl`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use fluent_bundle::FluentResource;
use fluent_syntax::ast;

use super::messages::source;
use super::Lang;

/// One use of a message in the source: its id, the arguments named at the call, and
/// whether more arguments are added to it by other code (`.arg(…)`, `with_args(…)`,
/// `describe(…)` of a link, `.fold(…)` over an I/O error's arguments).
#[derive(Debug)]
struct Use {
    place: String,
    id: String,
    args: BTreeSet<String>,
    open: bool,
}

#[test]
fn every_message_used_in_src_exists_in_both_languages_with_its_arguments() {
    let uses = uses_in(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    assert!(uses.len() > 300, "found only {} uses", uses.len());
    let mut problems = Vec::new();
    for lang in Lang::ALL {
        let resource = FluentResource::try_new(source(lang).to_string()).unwrap();
        let messages: BTreeMap<&str, &ast::Pattern<&str>> = resource
            .entries()
            .filter_map(|entry| match entry {
                ast::Entry::Message(m) => Some((m.id.name, m.value.as_ref()?)),
                _ => None,
            })
            .collect();
        for u in &uses {
            let Some(pattern) = messages.get(u.id.as_str()) else {
                problems.push(format!(
                    "{}: '{}' is not in {}.ftl",
                    u.place,
                    u.id,
                    lang.tag()
                ));
                continue;
            };
            let mut wanted = BTreeSet::new();
            variables(pattern, &messages, &mut wanted, 0);
            for arg in u.args.difference(&wanted) {
                problems.push(format!(
                    "{}: '{}' in {}.ftl does not use the argument {arg}",
                    u.place,
                    u.id,
                    lang.tag()
                ));
            }
            if !u.open {
                for var in wanted.difference(&u.args) {
                    problems.push(format!(
                        "{}: '{}' in {}.ftl needs ${var}, which the call does not pass",
                        u.place,
                        u.id,
                        lang.tag()
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The variables of `pattern` and of the messages it refers to.
fn variables(
    pattern: &ast::Pattern<&str>,
    messages: &BTreeMap<&str, &ast::Pattern<&str>>,
    out: &mut BTreeSet<String>,
    depth: usize,
) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_variables(expression, messages, out, depth);
        }
    }
}

fn expression_variables(
    expression: &ast::Expression<&str>,
    messages: &BTreeMap<&str, &ast::Pattern<&str>>,
    out: &mut BTreeSet<String>,
    depth: usize,
) {
    match expression {
        ast::Expression::Select { selector, variants } => {
            inline_variables(selector, messages, out, depth);
            for variant in variants {
                variables(&variant.value, messages, out, depth);
            }
        }
        ast::Expression::Inline(inline) => inline_variables(inline, messages, out, depth),
    }
}

fn inline_variables(
    inline: &ast::InlineExpression<&str>,
    messages: &BTreeMap<&str, &ast::Pattern<&str>>,
    out: &mut BTreeSet<String>,
    depth: usize,
) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_string());
        }
        // The link a message names: its arguments come from the link (`describe`).
        ast::InlineExpression::MessageReference { id, .. } if id.name == "link-what" => {}
        ast::InlineExpression::MessageReference { id, .. } if depth < 8 => {
            if let Some(pattern) = messages.get(id.name) {
                variables(pattern, messages, out, depth + 1);
            }
        }
        ast::InlineExpression::Placeable { expression } => {
            expression_variables(expression, messages, out, depth)
        }
        _ => {}
    }
}

/// The message uses in every `.rs` file below `dir` (this file excepted).
fn uses_in(dir: &Path) -> Vec<Use> {
    let mut uses = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            uses.extend(uses_in(&path));
        } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with(file!()) {
            let text = std::fs::read_to_string(&path).unwrap();
            let name = path.display().to_string();
            uses.extend(macro_uses(&text, &name));
            uses.extend(plain_uses(&text, &name));
        }
    }
    uses
}

/// `text!("id", a = …, b = …)` calls.
fn macro_uses(text: &str, name: &str) -> Vec<Use> {
    let mut uses = Vec::new();
    for (at, _) in text.match_indices("text!(") {
        let start = at + "text!(".len();
        let Some((inside, end)) = call_arguments(&text[start..]) else {
            continue;
        };
        let mut parts = inside.into_iter();
        let Some(id) = parts.next().and_then(|p| string_literal(&p)) else {
            continue; // the macro's own definition
        };
        let args = parts
            .filter_map(|p| {
                let (name, _) = p.split_once('=')?;
                Some(name.trim().to_string())
            })
            .collect();
        let after = text[start + end..].trim_start();
        let before = text[..at].trim_end();
        uses.push(Use {
            place: place(text, name, at),
            id,
            args,
            open: after.starts_with(".arg(")
                || ["with_args(", "describe(", ".fold("]
                    .iter()
                    .any(|wrapper| before.ends_with(wrapper)),
        });
    }
    uses
}

/// `Text::fluent("id")` and `message(lang, "id", …)`: ids whose arguments are added by
/// other code (so only their existence is checked).
fn plain_uses(text: &str, name: &str) -> Vec<Use> {
    let mut uses = Vec::new();
    for needle in ["Text::fluent(", "message(lang, ", "message(\n"] {
        for (at, _) in text.match_indices(needle) {
            let rest = text[at + needle.len()..].trim_start();
            let rest = rest.strip_prefix("lang,").map_or(rest, str::trim_start);
            if let Some(id) = string_literal(rest.split(',').next().unwrap_or("")) {
                uses.push(Use {
                    place: place(text, name, at),
                    id: id.trim_end_matches(')').trim_end_matches('"').to_string(),
                    args: BTreeSet::new(),
                    open: true,
                });
            }
        }
    }
    uses
}

/// `"id"` (possibly followed by `)`) → `id`.
fn string_literal(piece: &str) -> Option<String> {
    let piece = piece.trim().trim_end_matches(')');
    let inner = piece.strip_prefix('"')?.strip_suffix('"')?;
    (!inner.is_empty() && inner.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
        .then(|| inner.to_string())
}

/// The top-level, comma-separated arguments of a call whose `(` was just read, and the
/// offset after its `)`. Strings and nested brackets are skipped over.
fn call_arguments(text: &str) -> Option<(Vec<String>, usize)> {
    let mut depth = 0usize;
    let mut parts = vec![String::new()];
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => {
                let current = parts.last_mut()?;
                current.push(c);
                while let Some((_, s)) = chars.next() {
                    current.push(s);
                    match s {
                        '\\' => current.push(chars.next()?.1),
                        '"' => break,
                        _ => {}
                    }
                }
                continue;
            }
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' if depth == 0 => return Some((parts, i + 1)),
            ')' | ']' | '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(String::new());
                continue;
            }
            _ => {}
        }
        parts.last_mut()?.push(c);
    }
    None
}

fn place(text: &str, name: &str, at: usize) -> String {
    format!("{name}:{}", text[..at].matches('\n').count() + 1)
}
