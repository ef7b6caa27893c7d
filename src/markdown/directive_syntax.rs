//! The grammar of one `:::` directive line.
//!
//! ```text
//! :::                                   closes the innermost open block
//! ::: KIND [{ATTRS}] [TITLE]            opens a block
//! ::: KIND [TITLE] [{ATTRS}]            (attributes may also come last)
//! ATTRS = #id  .class  if=COND  open  name="value"
//! COND  = name  |  !name  |  "name == value"  |  "name != value"
//! ```
//!
//! `::: else` (no attributes) may follow the closing line of a block with `if=`.

use crate::diagnostics::Text;
use crate::text;

/// A parsed directive line.
#[derive(Debug, PartialEq, Eq)]
pub enum DirectiveLine {
    Close,
    Open(Box<OpenLine>),
}

/// An `if=` condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Condition {
    /// `if=name` (`negated: false`) or `if=!name`: a true/false value.
    Flag { name: String, negated: bool },
    /// `if="name == value"` (`equal: true`) or `if="name != value"`.
    Compare {
        name: String,
        value: String,
        equal: bool,
    },
}

impl Condition {
    pub fn name(&self) -> &str {
        match self {
            Condition::Flag { name, .. } | Condition::Compare { name, .. } => name,
        }
    }

    /// Parses the text after `if=` (quotes removed); `None` if it is not a condition.
    fn parse(text: &str) -> Option<Condition> {
        for (op, equal) in [("!=", false), ("==", true)] {
            if let Some((name, value)) = text.split_once(op) {
                let value = value.trim().trim_matches(['"', '\'']);
                return is_param_name(name.trim()).then(|| Condition::Compare {
                    name: name.trim().to_string(),
                    value: value.to_string(),
                    equal,
                });
            }
        }
        let (name, negated) = match text.trim().strip_prefix('!') {
            Some(name) => (name.trim(), true),
            None => (text.trim(), false),
        };
        is_param_name(name).then(|| Condition::Flag {
            name: name.to_string(),
            negated,
        })
    }
}

/// Names of parameters and arguments: a letter or `_`, then letters, digits and `_`.
pub fn is_param_name(s: &str) -> bool {
    s.chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The parts of an opening line.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct OpenLine {
    pub kind: String,
    pub id: Option<String>,
    pub classes: Vec<String>,
    pub condition: Option<Condition>,
    pub open: bool,
    /// Other `name="value"` attributes (only some kinds take them, e.g. a screenshot's `alt`).
    pub values: Vec<(String, String)>,
    pub title: String,
    /// Problems with the line: (message, help).
    pub problems: Vec<(Text, Text)>,
}

/// Parses a line known to start (after indentation) with `:::`.
pub fn parse_directive_line(line: &str) -> DirectiveLine {
    let rest = line.trim().trim_start_matches(':').trim();
    if rest.is_empty() {
        return DirectiveLine::Close;
    }
    let kind_len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(rest.len());
    let mut open = OpenLine {
        kind: rest[..kind_len].to_ascii_lowercase(),
        ..OpenLine::default()
    };
    let after = rest[kind_len..].trim();
    if open.kind.is_empty() {
        open.problems.push((
            text!(
                "bad-directive-no-kind",
                written = rest.chars().take(20).collect::<String>()
            ),
            text!("bad-directive-no-kind-help"),
        ));
    }
    let (attrs, title) = split_attributes(after);
    open.title = title.trim().to_string();
    if let Some(attrs) = attrs {
        parse_attributes(attrs, &mut open);
    }
    DirectiveLine::Open(Box::new(open))
}

/// Separates a `{…}` attribute block (first or last) from the title.
fn split_attributes(s: &str) -> (Option<&str>, String) {
    if let Some(inner) = s.strip_prefix('{') {
        if let Some(end) = inner.find('}') {
            return (Some(&inner[..end]), inner[end + 1..].to_string());
        }
    }
    if s.ends_with('}') {
        if let Some(start) = s.rfind('{') {
            // `{{ param }}` at the end of a title is a parameter, not attributes.
            if !s[..start].ends_with('{') && !s[start + 1..].starts_with('{') {
                return (Some(&s[start + 1..s.len() - 1]), s[..start].to_string());
            }
        }
    }
    (None, s.to_string())
}

/// Splits `{…}` contents at whitespace outside double quotes: `a=1 b="two words"` →
/// `a=1`, `b="two words"`. Also says whether a quote was left open.
pub fn split_attribute_tokens(attrs: &str) -> (Vec<&str>, bool) {
    let mut tokens = Vec::new();
    let mut start = None;
    let mut quoted = false;
    for (i, c) in attrs.char_indices() {
        match c {
            '"' => {
                quoted = !quoted;
                start.get_or_insert(i);
            }
            c if c.is_whitespace() && !quoted => {
                if let Some(s) = start.take() {
                    tokens.push(&attrs[s..i]);
                }
            }
            _ => {
                start.get_or_insert(i);
            }
        }
    }
    if let Some(s) = start {
        tokens.push(&attrs[s..]);
    }
    (tokens, quoted)
}

/// `alt=”…”` or `if=“name == 'x'”`: a value in typographic or full-width quotes (a word
/// processor or the Japanese input method typed them), which do not quote. `attrs`
/// with those quotes made straight; `None` when there is none. Typographic quotes inside
/// a straight-quoted value are the text's own and stay.
pub(crate) fn straight_quotes(attrs: &str) -> Option<String> {
    const CURLY: [char; 3] = ['“', '”', '＂'];
    let mut out = String::with_capacity(attrs.len());
    let mut rest = attrs;
    let mut changed = false;
    while let Some(eq) = rest.find('=') {
        let after = &rest[eq + 1..];
        out.push_str(&rest[..=eq]);
        if let Some(value) = after.strip_prefix('"') {
            // A straight-quoted value: copied as it is, up to its closing quote.
            let close = value.find('"').map_or(after.len(), |i| i + 2);
            out.push_str(&after[..close]);
            rest = &after[close..];
            continue;
        }
        let Some(open) = after.chars().next().filter(|c| CURLY.contains(c)) else {
            rest = after;
            continue;
        };
        let value = &after[open.len_utf8()..];
        out.push('"');
        changed = true;
        match value.find(CURLY).or_else(|| value.find('"')) {
            Some(end) => {
                out.push_str(&value[..end]);
                out.push('"');
                let close = value[end..].chars().next().map_or(1, char::len_utf8);
                rest = &value[end + close..];
            }
            None => {
                out.push_str(value);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    changed.then_some(out)
}

fn parse_attributes(attrs: &str, open: &mut OpenLine) {
    let straightened = straight_quotes(attrs);
    if let Some(fixed) = &straightened {
        let fixed = format!("{{{}}}", fixed.trim());
        open.problems.push((
            text!("bad-directive-curly-quote"),
            text!("bad-directive-curly-quote-help", fixed = fixed),
        ));
    }
    let attrs = straightened.as_deref().unwrap_or(attrs);
    let (tokens, unclosed) = split_attribute_tokens(attrs);
    if unclosed {
        open.problems.push((
            text!("bad-directive-quote"),
            text!("bad-directive-quote-help"),
        ));
    }
    for token in tokens {
        if let Some(id) = token.strip_prefix('#') {
            if is_valid_id(id) {
                open.id = Some(id.to_string());
            } else {
                open.problems.push((
                    text!("bad-directive-id", id = id),
                    text!("bad-directive-id-help"),
                ));
            }
        } else if let Some(class) = token.strip_prefix('.') {
            open.classes.push(class.to_string());
        } else if let Some(param) = token.strip_prefix("if=") {
            match Condition::parse(param.trim_matches('"')) {
                Some(condition) => open.condition = Some(condition),
                None => open.problems.push((
                    text!("bad-directive-condition", condition = param),
                    text!("bad-directive-condition-help"),
                )),
            }
        } else if token == "open" {
            open.open = true;
        } else if let Some((name, value)) = token
            .split_once('=')
            .filter(|(name, _)| is_param_name(name))
        {
            let value = value.strip_prefix('"').unwrap_or(value);
            let value = value.strip_suffix('"').unwrap_or(value);
            open.values.push((name.to_string(), value.to_string()));
        } else {
            open.problems.push((
                text!("bad-directive-unknown-attribute", token = token),
                text!("bad-directive-unknown-attribute-help"),
            ));
        }
    }
}

/// Ids must survive in URLs and CSS selectors unchanged.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(line: &str) -> OpenLine {
        match parse_directive_line(line) {
            DirectiveLine::Open(o) => *o,
            DirectiveLine::Close => panic!("expected an opening line"),
        }
    }

    #[test]
    fn close_lines() {
        assert_eq!(parse_directive_line(":::"), DirectiveLine::Close);
        assert_eq!(parse_directive_line("   ::::  "), DirectiveLine::Close);
    }

    #[test]
    fn attributes_first_or_last() {
        let a = open("::: method {#method-phone if=!no_phone open} Phone (SMS)");
        assert_eq!(a.kind, "method");
        assert_eq!(a.id.as_deref(), Some("method-phone"));
        assert_eq!(
            a.condition,
            Some(Condition::Flag {
                name: "no_phone".into(),
                negated: true
            })
        );
        assert!(a.open);
        assert_eq!(a.title, "Phone (SMS)");
        let b = open("::: faq 電話をなくした {#lost-phone}");
        assert_eq!(
            (b.id.as_deref(), b.title.as_str()),
            (Some("lost-phone"), "電話をなくした")
        );
    }

    #[test]
    fn comparisons_keep_their_spaces() {
        let a = open("::: note {if=\"step != first\" #n} Hi");
        assert_eq!(
            a.condition,
            Some(Condition::Compare {
                name: "step".into(),
                value: "first".into(),
                equal: false
            })
        );
        assert_eq!((a.id.as_deref(), a.title.as_str()), (Some("n"), "Hi"));
        assert_eq!(
            open("::: note {if=\"a == \"}")
                .condition
                .map(|c| c.name().to_string()),
            Some("a".into())
        );
        assert_eq!(open("::: note {if=\"1x == y\"}").problems.len(), 1);
    }

    #[test]
    fn typographic_quotes_are_named_and_read_as_meant() {
        let shot = open("::: screenshot img/a.png {alt=”「設定」画面” #s}");
        assert_eq!(
            shot.values,
            [("alt".to_string(), "「設定」画面".to_string())]
        );
        let [(_, help)] = &shot.problems[..] else {
            panic!("{:?}", shot.problems)
        };
        assert_eq!(
            help.english(),
            "use straight quotes (\"): {alt=\"「設定」画面\" #s}"
        );
        let note = open("::: note {if=“desk == 'a'”}");
        assert_eq!(
            note.condition.map(|c| c.name().to_string()),
            Some("desk".into())
        );
        // Typographic quotes inside a straight-quoted value are its text.
        let fine = open("::: screenshot a.png {alt=\"“はい”を選ぶ\"}");
        assert!(fine.problems.is_empty());
        assert_eq!(fine.values[0].1, "“はい”を選ぶ");
    }

    #[test]
    fn parameters_in_titles_are_not_attributes() {
        let a = open("::: note About {{ university }}");
        assert_eq!((a.id, a.title.as_str()), (None, "About {{ university }}"));
    }

    #[test]
    fn problems_are_reported() {
        let line = open("::: method {#bad id! colour=red}");
        assert_eq!(line.problems.len(), 1);
        // `name=value` attributes are kept for the kinds that take them (and reported
        // for the others when the block opens).
        assert_eq!(line.values, [("colour".to_string(), "red".to_string())]);
        let shot = open("::: screenshot img/a.png {alt=\"Two words\" #s}");
        assert_eq!(shot.values, [("alt".to_string(), "Two words".to_string())]);
        assert_eq!(
            (shot.title.as_str(), shot.id.as_deref()),
            ("img/a.png", Some("s"))
        );
        assert_eq!(open("::: {#x}").problems.len(), 1);
    }
}
