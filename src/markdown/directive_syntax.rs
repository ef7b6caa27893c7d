//! The grammar of one `:::` directive line.
//!
//! ```text
//! :::                                   closes the innermost open block
//! ::: KIND [{ATTRS}] [TITLE]            opens a block
//! ::: KIND [TITLE] [{ATTRS}]            (attributes may also come last)
//! ATTRS = #id  .class  if=param  if=!param  open
//! ```

/// A parsed directive line.
#[derive(Debug, PartialEq, Eq)]
pub enum DirectiveLine {
    Close,
    Open(OpenLine),
}

/// The parts of an opening line.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct OpenLine {
    pub kind: String,
    pub id: Option<String>,
    pub classes: Vec<String>,
    /// `if=param` → ("param", false); `if=!param` → ("param", true).
    pub condition: Option<(String, bool)>,
    pub open: bool,
    pub title: String,
    /// Problems with the line: (message, help).
    pub problems: Vec<(String, String)>,
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
            format!(
                "'{}' does not start with a block kind",
                rest.chars().take(20).collect::<String>()
            ),
            "write the kind right after the colons, e.g. ::: method {#method-phone} Phone".into(),
        ));
    }
    let (attrs, title) = split_attributes(after);
    open.title = title.trim().to_string();
    if let Some(attrs) = attrs {
        parse_attributes(attrs, &mut open);
    }
    DirectiveLine::Open(open)
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

fn parse_attributes(attrs: &str, open: &mut OpenLine) {
    for token in attrs.split_whitespace() {
        if let Some(id) = token.strip_prefix('#') {
            if is_valid_id(id) {
                open.id = Some(id.to_string());
            } else {
                open.problems.push((
                    format!("'{id}' is not a usable id"),
                    "use letters, digits, '-' and '_' only, e.g. {#method-phone}".into(),
                ));
            }
        } else if let Some(class) = token.strip_prefix('.') {
            open.classes.push(class.to_string());
        } else if let Some(param) = token.strip_prefix("if=") {
            let param = param.trim_matches('"');
            let (name, negated) = match param.strip_prefix('!') {
                Some(name) => (name, true),
                None => (param, false),
            };
            open.condition = Some((name.to_string(), negated));
        } else if token == "open" {
            open.open = true;
        } else {
            open.problems.push((
                format!("unknown attribute '{token}'"),
                "attributes are #id, .class, if=param, if=!param and open".into(),
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
            DirectiveLine::Open(o) => o,
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
        assert_eq!(a.condition, Some(("no_phone".into(), true)));
        assert!(a.open);
        assert_eq!(a.title, "Phone (SMS)");
        let b = open("::: faq 電話をなくした {#lost-phone}");
        assert_eq!(
            (b.id.as_deref(), b.title.as_str()),
            (Some("lost-phone"), "電話をなくした")
        );
    }

    #[test]
    fn parameters_in_titles_are_not_attributes() {
        let a = open("::: note About {{ university }}");
        assert_eq!((a.id, a.title.as_str()), (None, "About {{ university }}"));
    }

    #[test]
    fn problems_are_reported() {
        assert_eq!(open("::: method {#bad id! colour=red}").problems.len(), 2);
        assert_eq!(open("::: {#x}").problems.len(), 1);
    }
}
