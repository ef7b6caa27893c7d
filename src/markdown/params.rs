//! `{{ name }}` parameter references: replaced by the page's `params:` value, else the
//! language's `[params]` value.
//!
//! [`Params`](ParamsAdapter) rewrites text events, link destinations and raw HTML (text
//! and attributes, values escaped); directive titles call [`substitute`] directly. An
//! unknown name is an error with a "did you mean". Code spans and code blocks are left as
//! written (a guide may show `{{ name }}` itself), except a fenced block whose info string
//! opts in with [`OPT_IN`]: ```` ```sh {params} ````.

use crate::diagnostics::Code;
use crate::diagnostics::Text;
use crate::text;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};

use super::state::PageState;
use crate::config::Params;

/// What the help for an unknown name knows beyond the page: where `site.toml` sets each
/// parameter, and whether the site uses one anywhere. With both, a name close to a key
/// that nothing uses points at the key (`suport_phone` in site.toml) instead of telling
/// every page to copy the typo.
pub struct ParamHints<'a> {
    /// The `site.toml` line of each of the language's parameters.
    pub lines: &'a BTreeMap<String, usize>,
    /// Whether any page, snippet or template mentions the name.
    pub used: &'a (dyn Fn(&str) -> bool + Sync),
}

impl ParamHints<'static> {
    /// No knowledge beyond the page: the help suggests the closest name.
    pub const NONE: ParamHints<'static> = ParamHints {
        lines: &BTreeMap::new(),
        used: &|_| true,
    };
}

/// A reference to a parameter that does not exist.
pub struct Unknown {
    pub name: String,
    /// Byte offset of `{{` in the text given to [`substitute`].
    pub offset: usize,
}

/// The word in a fenced code block's info string that asks for parameters in the block.
pub const OPT_IN: &str = "{params}";

/// The info string without [`OPT_IN`], and whether it was there.
fn strip_opt_in(info: &str) -> (String, bool) {
    let mut words: Vec<&str> = info.split_whitespace().collect();
    let before = words.len();
    words.retain(|word| *word != OPT_IN);
    (words.join(" "), words.len() != before)
}

/// Replaces every `{{ name }}` in `text`; returns `None` when there is none.
pub fn substitute(text: &str, params: &Params, unknown: &mut Vec<Unknown>) -> Option<String> {
    substitute_with(text, params, unknown, |value| value)
}

/// [`substitute`] for raw HTML: each value is escaped for HTML text and attributes.
fn substitute_html(text: &str, params: &Params, unknown: &mut Vec<Unknown>) -> Option<String> {
    substitute_with(text, params, unknown, |value| super::escape_html(&value))
}

fn substitute_with(
    text: &str,
    params: &Params,
    unknown: &mut Vec<Unknown>,
    finish: impl Fn(String) -> String,
) -> Option<String> {
    // Most text has no `{` at all: one `memchr` answers for it.
    let bytes = text.as_bytes();
    if !memchr::memchr_iter(b'{', bytes).any(|i| bytes.get(i + 1) == Some(&b'{')) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut consumed = 0;
    while let Some(start) = rest.find("{{") {
        let Some(len) = rest[start + 2..].find("}}") else {
            break;
        };
        let name = rest[start + 2..start + 2 + len].trim();
        out.push_str(&rest[..start]);
        match params.get(name) {
            Some(value) => out.push_str(&finish(value.to_text())),
            None if is_name(name) => {
                unknown.push(Unknown {
                    name: name.to_string(),
                    offset: consumed + start,
                });
                out.push_str(&rest[start..start + len + 4]);
            }
            None => out.push_str(&rest[start..start + len + 4]),
        }
        let end = start + len + 4;
        consumed += end;
        rest = &rest[end..];
    }
    out.push_str(rest);
    Some(out)
}

use super::directive_syntax::is_param_name as is_name;

/// A reference with a brace too few or too many (`{{ name }`, `{ name }}`, `{{ name`,
/// `{{{ name }}}`): no parameter is inserted and the braces show on the page as typed.
#[derive(Debug, PartialEq, Eq)]
pub struct Broken {
    /// Byte offset of the first brace in the text.
    pub offset: usize,
    /// The reference as typed.
    pub typed: String,
    pub name: String,
}

/// Every [`Broken`] reference in `text`. A run of braces, a parameter name between
/// optional spaces, and a run of closing braces: two and two is a reference, one and one
/// is a device tag or an attribute (or prose); anything else around a name is a slip.
pub fn broken_references(text: &str) -> Vec<Broken> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(skip) = memchr::memchr(b'{', &bytes[at..]) {
        let start = at + skip;
        let opening = run_of(bytes, start, b'{');
        let name_start = skip_spaces(bytes, start + opening);
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
            .count();
        let name = &text[name_start..name_start + name_len];
        let close_start = skip_spaces(bytes, name_start + name_len);
        let closing = run_of(bytes, close_start, b'}');
        at = start + opening;
        if !is_name(name) || (opening, closing) == (2, 2) || (opening < 2 && closing < 2) {
            continue;
        }
        let end = close_start + closing;
        found.push(Broken {
            offset: start,
            typed: text[start..end].trim_end().to_string(),
            name: name.to_string(),
        });
        at = end.max(at);
    }
    found
}

/// How many `byte`s follow one another from `at`.
fn run_of(bytes: &[u8], at: usize, byte: u8) -> usize {
    bytes[at.min(bytes.len())..]
        .iter()
        .take_while(|b| **b == byte)
        .count()
}

/// The first position from `at` that is not a space.
fn skip_spaces(bytes: &[u8], at: usize) -> usize {
    at + run_of(bytes, at, b' ')
}

/// Reports each [`Broken`] reference of `text`, found at `base` (an offset in the
/// prepared text).
fn report_broken(state: &mut PageState, text: &str, base: usize) {
    for broken in broken_references(text) {
        let fixed = format!("{{{{ {} }}}}", broken.name);
        state.error(
            Code::BrokenParam,
            base + broken.offset,
            text!("broken-param", typed = broken.typed),
            Some(text!("broken-param-help", fixed = fixed)),
        );
    }
}

/// Reports unknown parameters found at `base` (an offset in the prepared text). Inside a
/// snippet the include's arguments are candidates too, and the help says how to pass one.
pub fn report_unknown(state: &mut PageState, params: &Params, unknown: Vec<Unknown>, base: usize) {
    for u in unknown {
        let include = state.include_at(base + u.offset);
        let arguments = include
            .into_iter()
            .flat_map(|s| s.args.iter().map(|(k, _)| k.as_str()));
        let names = arguments.chain(params.keys().map(String::as_str));
        let name = &u.name;
        let help = match (crate::suggest::closest(name, names), include) {
            (Some(best), Some(_)) => {
                text!("did-you-mean", suggestion = format!("{{{{ {best} }}}}"))
            }
            (Some(best), None) => typo_help(name, best, state.param_hints),
            (None, Some(site)) => text!("unknown-argument-help", snippet = site.name, name = name),
            (None, None) => text!("unknown-param-help", name = name),
        };
        let (code, message) = match include {
            Some(_) => (
                Code::UnknownArgument,
                text!("unknown-argument", name = name),
            ),
            None => (Code::UnknownParam, text!("unknown-param", name = name)),
        };
        state.error(code, base + u.offset, message, Some(help));
    }
}

/// The help for `{{ name }}` when the site has the close name `best`. When nothing uses
/// `best` and site.toml sets it, site.toml holds the typo; otherwise the page does.
fn typo_help(name: &str, best: &str, hints: &ParamHints) -> Text {
    match hints.lines.get(best) {
        Some(line) if !(hints.used)(best) => {
            text!(
                "unknown-param-typo-in-site-toml",
                line = line,
                best = best,
                name = name
            )
        }
        _ => text!("did-you-mean", suggestion = format!("{{{{ {best} }}}}")),
    }
}

/// The adapter: substitutes parameters in text and in link and image destinations.
pub struct ParamsAdapter<'s, 'a, I> {
    inner: I,
    params: &'a Params,
    state: &'s RefCell<PageState<'a>>,
    /// Inside a code block: whether its fence opted in to parameters.
    code_block: Option<bool>,
}

impl<'s, 'a, I> ParamsAdapter<'s, 'a, I> {
    pub fn new(inner: I, params: &'a Params, state: &'s RefCell<PageState<'a>>) -> Self {
        ParamsAdapter {
            inner,
            params,
            state,
            code_block: None,
        }
    }

    /// A code block starts: the opt-in word leaves the info string (the highlighter
    /// reads the language from it).
    fn start_code_block(&mut self, kind: CodeBlockKind<'a>) -> Event<'a> {
        let kind = match kind {
            CodeBlockKind::Fenced(info) => {
                let (rest, opted_in) = strip_opt_in(&info);
                self.code_block = Some(opted_in);
                match opted_in {
                    true => CodeBlockKind::Fenced(CowStr::from(rest)),
                    false => CodeBlockKind::Fenced(info),
                }
            }
            CodeBlockKind::Indented => {
                self.code_block = Some(false);
                CodeBlockKind::Indented
            }
        };
        Event::Start(Tag::CodeBlock(kind))
    }

    fn replace(&self, text: &str, range: &Range<usize>) -> Option<String> {
        self.replace_with(text, range, substitute)
    }

    /// [`Self::replace`] for a text event, whose braces show on the page: a reference
    /// with a brace too few or too many is reported.
    fn replace_text(&self, text: &str, range: &Range<usize>) -> Option<String> {
        // Most text has no brace: one pass answers for both.
        memchr::memchr2(b'{', b'}', text.as_bytes())?;
        report_broken(&mut self.state.borrow_mut(), text, range.start);
        self.replace(text, range)
    }

    /// Raw HTML as written in the page; markup made by the directive adapter (whose
    /// titles were substituted already) is not in the source and is left alone.
    fn replace_html(&self, html: &str, range: &Range<usize>) -> Option<String> {
        if !html.contains("{{") {
            return None;
        }
        let state = self.state.borrow();
        let written = state
            .prepared_text()
            .get(range.clone())
            .is_some_and(|source| source.contains(html));
        drop(state);
        written
            .then(|| self.replace_with(html, range, substitute_html))
            .flatten()
    }

    fn replace_with(
        &self,
        text: &str,
        range: &Range<usize>,
        how: fn(&str, &Params, &mut Vec<Unknown>) -> Option<String>,
    ) -> Option<String> {
        let mut unknown = Vec::new();
        let out = how(text, self.params, &mut unknown);
        if !unknown.is_empty() {
            report_unknown(
                &mut self.state.borrow_mut(),
                self.params,
                unknown,
                range.start,
            );
        }
        out
    }
}

impl<'s, 'a, I> Iterator for ParamsAdapter<'s, 'a, I>
where
    I: Iterator<Item = (Event<'a>, Range<usize>)>,
{
    type Item = (Event<'a>, Range<usize>);

    fn next(&mut self) -> Option<Self::Item> {
        let (event, range) = self.inner.next()?;
        let event = match event {
            Event::Start(Tag::CodeBlock(kind)) => self.start_code_block(kind),
            Event::End(TagEnd::CodeBlock) => {
                self.code_block = None;
                Event::End(TagEnd::CodeBlock)
            }
            Event::Text(text) if self.code_block == Some(false) => Event::Text(text),
            Event::Text(text) => match self.replace_text(&text, &range) {
                Some(new) => Event::Text(CowStr::from(new)),
                None => Event::Text(text),
            },
            // Raw HTML written in the page: values are escaped, so a parameter can
            // neither break an attribute nor inject markup.
            Event::Html(html) => match self.replace_html(&html, &range) {
                Some(new) => Event::Html(CowStr::from(new)),
                None => Event::Html(html),
            },
            Event::InlineHtml(html) => match self.replace_html(&html, &range) {
                Some(new) => Event::InlineHtml(CowStr::from(new)),
                None => Event::InlineHtml(html),
            },
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = self
                    .replace(&dest_url, &range)
                    .map(CowStr::from)
                    .unwrap_or(dest_url);
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = self
                    .replace(&dest_url, &range)
                    .map(CowStr::from)
                    .unwrap_or(dest_url);
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            other => other,
        };
        Some((event, range))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ParamValue;

    #[test]
    fn substitutes_and_reports_unknown_names() {
        let mut params = Params::new();
        params.insert("university".into(), ParamValue::Text("例大学".into()));
        params.insert("minutes".into(), ParamValue::Integer(40));
        let mut unknown = Vec::new();
        let out = substitute(
            "{{ university }}で{{minutes}}分、{{ nope }}",
            &params,
            &mut unknown,
        )
        .unwrap();
        assert_eq!(out, "例大学で40分、{{ nope }}");
        assert_eq!(unknown.len(), 1);
        assert_eq!(unknown[0].name, "nope");
        assert_eq!(unknown[0].offset, "{{ university }}で{{minutes}}分、".len());
        assert!(substitute("no braces", &params, &mut unknown).is_none());
    }

    #[test]
    fn a_brace_too_few_or_too_many_is_a_broken_reference() {
        let typed = |text: &str| -> Vec<String> {
            broken_references(text)
                .into_iter()
                .map(|b| format!("{}@{}:{}", b.typed, b.offset, b.name))
                .collect()
        };
        assert_eq!(typed("{{ account }と"), ["{{ account }@0:account"]);
        assert_eq!(typed("a { account }}"), ["{ account }}@2:account"]);
        assert_eq!(typed("{{account"), ["{{account@0:account"]);
        assert_eq!(typed("{{ account と"), ["{{ account@0:account"]);
        assert_eq!(typed("x{{{ a_1 }}}"), ["{{{ a_1 }}}@1:a_1"]);
        assert_eq!(typed("{{ a }}}"), ["{{ a }}}@0:a"]);
        assert_eq!(
            typed("{{ a } and {{ b }}, then { c }}"),
            ["{{ a }@0:a", "{ c }}@25:c"]
        );
        // Well-formed references, device tags, attributes and prose are not slips.
        for fine in [
            "{{ a }} {{b}}",
            "{both} {#id} {x}",
            "use {{ and }} in templates",
            "{{ 1 }}",
            "}} {{",
            "{}",
        ] {
            assert_eq!(typed(fine), Vec::<String>::new(), "{fine}");
        }
    }
}
