//! Checks a theme's templates before anything renders: template recursion and the
//! environment variables they may read.
//!
//! - **Recursion.** Tera follows `{% include %}`, `{% extends %}`, `{% import %}` (and our
//!   `cached_include(name=…)`) without a depth limit, so a template that includes itself,
//!   directly or through others, overflows the stack and aborts the process — in `serve`,
//!   the server. [`check_theme`] finds every such cycle in the sources and reports it at
//!   the tag that closes it, naming the chain. (Recursive *macros* are a Tera feature and
//!   end by their own condition, so they are left alone.)
//! - **Environment.** Tera's `get_env` reads any variable; in CI those hold deploy tokens,
//!   and themes are shared between sites. [`EnvAllowlist`] replaces it and answers only
//!   `TEBIKI_*`, `CI` and the names in `site.toml`'s `[security] env`; a literal name
//!   outside it is reported here, at its `template:line:col`.

use crate::diagnostics::Code;
use std::collections::{BTreeMap, HashMap};

use crate::diagnostics::{Diagnostic, LineIndex, Text};
use crate::text;

/// Names every site may read: tebiki's own variables and the usual "running in CI" flag.
const ALWAYS_ALLOWED: [&str; 2] = ["TEBIKI_*", "CI"];

/// Which environment variables templates may read. A pattern is a name, or a prefix
/// followed by `*`.
#[derive(Debug, Clone)]
pub struct EnvAllowlist {
    patterns: Vec<String>,
}

impl EnvAllowlist {
    /// The default names plus `extra` (from `[security] env`).
    pub fn new(extra: &[String]) -> Self {
        let patterns = ALWAYS_ALLOWED
            .iter()
            .map(|p| p.to_string())
            .chain(extra.iter().cloned())
            .collect();
        EnvAllowlist { patterns }
    }

    pub fn allows(&self, name: &str) -> bool {
        self.patterns.iter().any(|p| match p.strip_suffix('*') {
            Some(prefix) => name.starts_with(prefix),
            None => p == name,
        })
    }

    fn help(&self, name: &str) -> Text {
        text!(
            "env-not-allowed-help",
            allowed = self.patterns.join(", "),
            name = name
        )
    }
}

impl tera::Function for EnvAllowlist {
    fn call(&self, args: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
        let Some(name) = args.get("name").and_then(|v| v.as_str()) else {
            return Err(tera::Error::msg("get_env needs name=\"VARIABLE\""));
        };
        if !self.allows(name) {
            return Err(tera::Error::msg(format!(
                "get_env(name=\"{name}\") is not allowed: {}",
                self.help(name).english()
            )));
        }
        match (std::env::var(name), args.get("default")) {
            (Ok(value), _) => Ok(tera::Value::String(value)),
            (Err(_), Some(default)) => Ok(default.clone()),
            (Err(_), None) => Err(tera::Error::msg(format!(
                "the environment variable {name} is not set; give get_env a default=\"…\""
            ))),
        }
    }

    fn is_safe(&self) -> bool {
        false
    }
}

/// One template's reference to another (or to an environment variable).
#[derive(Debug)]
struct Reference {
    kind: &'static str,
    target: String,
    offset: usize,
}

/// Recursion and forbidden environment names in `sources` (template name → text), shown
/// under `dir` (e.g. `themes/default/templates`).
pub fn check_theme(sources: &[(String, String)], dir: &str, env: &EnvAllowlist) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut graph: BTreeMap<&str, Vec<Reference>> = BTreeMap::new();
    let texts: HashMap<&str, &str> = sources
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    for (name, text) in sources {
        let references = references(text);
        for r in references.iter().filter(|r| r.kind == "get_env") {
            if !env.allows(&r.target) {
                problems.push(
                    Diagnostic::error(
                        Code::EnvNotAllowed,
                        format!("{dir}/{name}"),
                        text!("env-not-allowed", name = r.target),
                    )
                    .at(LineIndex::new(text).locate(text, r.offset))
                    .with_help(env.help(&r.target)),
                );
            }
        }
        graph.insert(name, references);
    }
    for cycle in cycles(&graph) {
        let (name, r) = cycle.closing;
        let text = texts.get(name).copied().unwrap_or("");
        problems.push(
            Diagnostic::error(
                Code::TemplateRecursion,
                format!("{dir}/{name}"),
                text!(
                    "template-recursion",
                    kind = r.kind,
                    chain = cycle.chain.join(" → ")
                ),
            )
            .at(LineIndex::new(text).locate(text, r.offset))
            .with_help(text!("template-recursion-help")),
        );
    }
    problems
}

struct Cycle<'a> {
    /// Template names from the first to the one that closes the loop, then the first again.
    chain: Vec<String>,
    /// The template and reference that close the loop.
    closing: (&'a str, &'a Reference),
}

/// Every cycle in the reference graph, each reported once (at its lexically last edge
/// from the template where a depth-first search from the sorted names first closes it).
fn cycles<'a>(graph: &'a BTreeMap<&'a str, Vec<Reference>>) -> Vec<Cycle<'a>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        OnPath,
        Done,
    }
    let mut marks: HashMap<&str, Mark> = graph.keys().map(|k| (*k, Mark::New)).collect();
    let mut found = Vec::new();
    for start in graph.keys() {
        if marks[start] != Mark::New {
            continue;
        }
        // An explicit stack of (template, next reference index) so deep themes cannot
        // overflow our own stack either.
        let mut path: Vec<(&str, usize)> = vec![(start, 0)];
        marks.insert(start, Mark::OnPath);
        while let Some((name, next)) = path.last().copied() {
            let refs = &graph[name];
            let Some(r) = refs.get(next) else {
                marks.insert(name, Mark::Done);
                path.pop();
                continue;
            };
            path.last_mut().unwrap().1 += 1;
            if r.kind == "get_env" {
                continue;
            }
            let Some((target, _)) = graph.get_key_value(r.target.as_str()) else {
                continue; // a missing template is Tera's error to report
            };
            match marks[target] {
                Mark::New => {
                    marks.insert(target, Mark::OnPath);
                    path.push((target, 0));
                }
                Mark::OnPath => {
                    let from = path.iter().position(|(n, _)| n == target).unwrap_or(0);
                    let mut chain: Vec<String> =
                        path[from..].iter().map(|(n, _)| n.to_string()).collect();
                    chain.push(target.to_string());
                    found.push(Cycle {
                        chain,
                        closing: (name, r),
                    });
                }
                Mark::Done => {}
            }
        }
    }
    found
}

/// The includes, extends, imports, cached includes and `get_env` names written in a
/// template, with their offsets. Only literal names count: Tera resolves the others at
/// render time, where [`EnvAllowlist`] still guards `get_env`.
fn references(text: &str) -> Vec<Reference> {
    let mut found = Vec::new();
    let mut rest = 0;
    while let Some(open) = text[rest..].find(['{']).map(|i| rest + i) {
        let tag = &text[open..];
        let close = if tag.starts_with("{%") {
            "%}"
        } else if tag.starts_with("{{") {
            "}}"
        } else if tag.starts_with("{#") {
            "#}"
        } else {
            rest = open + 1;
            continue;
        };
        let end = tag.find(close).map_or(text.len(), |i| open + i + 2);
        if close != "#}" {
            tag_references(&text[open..end], open, &mut found);
        }
        rest = end.max(open + 1);
    }
    found
}

fn tag_references(tag: &str, offset: usize, found: &mut Vec<Reference>) {
    let body = tag.trim_start_matches(['{', '%', '-', ' ', '\n', '\t']);
    for kind in ["include", "extends", "import"] {
        if let Some(args) = body.strip_prefix(kind) {
            if args.starts_with(char::is_whitespace) || args.starts_with(['"', '\'', '[']) {
                for target in quoted(args) {
                    found.push(Reference {
                        kind,
                        target,
                        offset,
                    });
                }
            }
            return;
        }
    }
    for (call, kind) in [("cached_include(", "include"), ("get_env(", "get_env")] {
        let mut from = 0;
        while let Some(at) = tag[from..].find(call).map(|i| from + i) {
            let args = &tag[at + call.len()..];
            let args = &args[..args.find(')').unwrap_or(args.len())];
            if let Some(name) = named_argument(args, "name") {
                found.push(Reference {
                    kind,
                    target: name,
                    offset: offset + at,
                });
            }
            from = at + call.len();
        }
    }
}

/// The quoted strings of an include's argument (`"a.html"`, `["a.html", "b.html"]`), up to
/// the end of the tag or `ignore missing` / `as`.
fn quoted(args: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = args.char_indices();
    while let Some((_, c)) = chars.next() {
        match c {
            '"' | '\'' => {
                let value: String = chars
                    .by_ref()
                    .map(|(_, c)| c)
                    .take_while(|&d| d != c)
                    .collect();
                out.push(value);
            }
            ' ' | '\t' | '\n' | '[' | ',' | ']' => {}
            _ => break,
        }
    }
    out
}

/// `name="value"` in a call's arguments, when written as a literal.
fn named_argument(args: &str, key: &str) -> Option<String> {
    let at = args.find(key)?;
    let value = args[at + key.len()..]
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = &value[1..];
    Some(value[..value.find(quote)?].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn theme(files: &[(&str, &str)]) -> Vec<(String, String)> {
        files
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect()
    }

    #[test]
    fn a_template_that_includes_itself_is_reported_with_its_chain() {
        let sources = theme(&[("a.html", "<p>\n{% include \"a.html\" %}")]);
        let problems = check_theme(&sources, "themes/t/templates", &EnvAllowlist::new(&[]));
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].code, "template-recursion");
        assert!(problems[0].message.contains("a.html → a.html"));
        assert_eq!((problems[0].line, problems[0].column), (2, 1));
    }

    #[test]
    fn a_cycle_through_extends_and_cached_include_names_every_template() {
        let sources = theme(&[
            (
                "base.html",
                "{{ cached_include(name=\"partials/f.html\") }}",
            ),
            ("page.html", "{% extends \"base.html\" %}"),
            ("partials/f.html", "{%- include 'page.html' -%}"),
        ]);
        let problems = check_theme(&sources, "t", &EnvAllowlist::new(&[]));
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0]
                .message
                .contains("base.html → partials/f.html → page.html → base.html"),
            "{}",
            problems[0].message
        );
    }

    #[test]
    fn sharing_a_partial_is_not_a_cycle() {
        let sources = theme(&[
            ("a.html", "{% include \"p.html\" %}{% include \"p.html\" %}"),
            ("b.html", "{% extends \"a.html\" %}{% include \"p.html\" %}"),
            ("p.html", "{# include \"a.html\" is only a comment #}<p>"),
        ]);
        assert!(check_theme(&sources, "t", &EnvAllowlist::new(&[])).is_empty());
    }

    #[test]
    fn only_allowed_environment_names_may_be_read() {
        let sources = theme(&[(
            "a.html",
            "{{ get_env(name=\"TEBIKI_SHA\") }}{{ get_env(name=\"CI\", default=\"\") }}\n  {{ get_env(name=\"MY_SECRET_TOKEN\") }}",
        )]);
        let problems = check_theme(&sources, "t", &EnvAllowlist::new(&[]));
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].code, "env-not-allowed");
        assert_eq!((problems[0].line, problems[0].column), (2, 6));
        assert!(problems[0]
            .english_help()
            .as_deref()
            .unwrap()
            .contains("[security] env"));
        let allowed = EnvAllowlist::new(&["MY_*".to_string()]);
        assert!(check_theme(&sources, "t", &allowed).is_empty());
    }
}
