//! The grammar of one include line:
//!
//! ```text
//! ::: include NAME                       inserts content/<lang>/_snippets/NAME.md
//! ::: include NAME {key=value key2="two words" label="**Next**"}
//! ```
//!
//! There is no closing line. The line may be indented (inside a list item or a step);
//! the snippet's lines are then indented the same way.

use crate::diagnostics::Text;
use crate::markdown::split_attribute_tokens;
use crate::text;

/// A parsed include line.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct IncludeLine {
    pub name: String,
    /// Arguments in the order written.
    pub args: Vec<(String, String)>,
    /// Problems with the line: (message, help).
    pub problems: Vec<(Text, Text)>,
}

/// The indentation (in bytes) of `line` if it is an include line, else `None`.
pub fn include_indent(line: &str) -> Option<usize> {
    let trimmed = line.trim_start_matches([' ', '\t']);
    let rest = trimmed.strip_prefix(":::")?.trim_start_matches(':');
    let word = rest.trim_start().strip_prefix("include")?;
    let ends = word.is_empty() || word.starts_with([' ', '\t', '{', '\r', '\n']);
    ends.then_some(line.len() - trimmed.len())
}

/// Parses a line for which [`include_indent`] returned `Some`.
pub fn parse_include_line(line: &str) -> IncludeLine {
    let mut parsed = IncludeLine::default();
    let rest = line.trim().trim_start_matches(':').trim_start();
    let rest = rest.strip_prefix("include").unwrap_or(rest).trim_start();
    let name_len = rest
        .find(|c: char| c.is_whitespace() || c == '{')
        .unwrap_or(rest.len());
    let name = &rest[..name_len];
    parsed.name = name.strip_suffix(".md").unwrap_or(name).to_string();
    if !is_snippet_name(&parsed.name) {
        parsed.problems.push((
            text!("bad-include-name", name = parsed.name),
            text!("bad-include-name-help"),
        ));
    }
    let after = rest[name_len..].trim();
    if after.is_empty() {
        return parsed;
    }
    // `｛method=”app”｝`: braces, `=` or quotes typed with a Japanese input method, or
    // quotes curled by a word processor. A value's own text (`"アプリ（推奨）"`) stays.
    let mut quote = None;
    let syntax: String = after
        .chars()
        .map(|c| match (quote, c) {
            (None, '"' | '“' | '”' | '＂') => {
                quote = Some(c);
                c
            }
            (Some('"'), '"') | (Some('“' | '”' | '＂'), '"' | '“' | '”' | '＂') => {
                quote = None;
                c
            }
            (None, '｛') => '{',
            (None, '｝') => '}',
            (None, '＝') => '=',
            _ => c,
        })
        .collect();
    let meant = crate::markdown::straight_quotes(&syntax).unwrap_or(syntax);
    if meant != after && meant.starts_with('{') {
        let what = "include-arguments";
        parsed.problems.push((
            text!("full-width-syntax", typed = after, what = what),
            text!("full-width-syntax-help", meant = meant, fixed = meant),
        ));
        return parsed;
    }
    match after.strip_prefix('{').and_then(|a| a.strip_suffix('}')) {
        Some(inner) => parse_arguments(inner, &mut parsed),
        None => parsed.problems.push((
            text!("bad-include-after-name", after = after),
            text!("bad-include-after-name-help"),
        )),
    }
    parsed
}

fn parse_arguments(inner: &str, parsed: &mut IncludeLine) {
    let (tokens, unclosed) = split_attribute_tokens(inner);
    if unclosed {
        parsed
            .problems
            .push((text!("bad-include-quote"), text!("bad-include-quote-help")));
    }
    for token in tokens {
        let Some((key, value)) = token.split_once('=') else {
            parsed.problems.push((
                text!("bad-include-no-value", token = token),
                text!("bad-include-no-value-help", token = token),
            ));
            continue;
        };
        let value = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .unwrap_or(value);
        if !crate::markdown::is_param_name(key) {
            parsed.problems.push((
                text!("bad-include-argument-name", key = key),
                text!("bad-include-argument-name-help"),
            ));
        } else if parsed.args.iter().any(|(k, _)| k == key) {
            parsed.problems.push((
                text!("bad-include-twice", key = key),
                text!("bad-include-twice-help"),
            ));
        } else {
            parsed.args.push((key.to_string(), value.to_string()));
        }
    }
}

/// Snippet names are paths below `_snippets/` without `.md`: `add-method`, `methods/app`.
fn is_snippet_name(name: &str) -> bool {
    !name.is_empty()
        && name.split('/').all(|part| {
            !part.is_empty()
                && part != ".."
                && part != "."
                && part
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_include_lines_only() {
        assert_eq!(include_indent("::: include a"), Some(0));
        assert_eq!(include_indent("   ::: include a {x=1}"), Some(3));
        assert_eq!(include_indent(":::include"), Some(0));
        assert_eq!(include_indent("::: includes"), None);
        assert_eq!(include_indent("::: note include"), None);
        assert_eq!(include_indent("text ::: include a"), None);
    }

    #[test]
    fn parses_name_and_arguments() {
        let line = parse_include_line(
            "  ::: include methods/app.md {step=first label=\"**Next** step\" n=2}",
        );
        assert_eq!(line.name, "methods/app");
        assert_eq!(
            line.args,
            vec![
                ("step".into(), "first".into()),
                ("label".into(), "**Next** step".into()),
                ("n".into(), "2".into())
            ]
        );
        assert!(line.problems.is_empty());
    }

    #[test]
    fn reports_problems() {
        assert_eq!(parse_include_line("::: include").problems.len(), 1);
        assert_eq!(parse_include_line("::: include a b").problems.len(), 1);
        assert_eq!(
            parse_include_line("::: include a {x y=1 y=2 z=\"open}")
                .problems
                .len(),
            3
        );
        assert_eq!(parse_include_line("::: include ../x").problems.len(), 1);
    }

    #[test]
    fn full_width_text_inside_a_value_is_the_value() {
        let parsed = parse_include_line("::: include a {method=\"アプリ（推奨）：A＝B\"}");
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        assert_eq!(parsed.args[0].1, "アプリ（推奨）：A＝B");
    }

    #[test]
    fn arguments_typed_in_full_width_or_with_curly_quotes_get_the_fix() {
        for line in [
            "::: include add-later ｛method=”Microsoft Authenticator”｝",
            "::: include add-later {method=“Microsoft Authenticator”}",
            "::: include add-later {method＝\"Microsoft Authenticator\"}",
        ] {
            let parsed = parse_include_line(line);
            let [(message, help)] = &parsed.problems[..] else {
                panic!("{line}: {:?}", parsed.problems);
            };
            assert!(message.english().contains("typed in full width"), "{line}");
            assert!(
                help.english()
                    .ends_with("write '{method=\"Microsoft Authenticator\"}'"),
                "{line}: {}",
                help.english()
            );
        }
    }
}
