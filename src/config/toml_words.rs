//! serde's and the toml crate's wording, for a web editor: `invalid type: string "x",
//! expected u64` becomes "the value is text ("x"), but a whole number from 0 up is
//! expected". No Rust type name (`u64`, `i64`, `struct …`) reaches the message.
use crate::diagnostics::{Code, Diagnostic, LineIndex, Text};
use crate::text;

/// The code, message and help of one of serde's or the toml crate's messages about
/// site.toml. "invalid type", "unknown variant", "unknown field" and "missing field" are
/// told in tebiki's words; anything else is a TOML syntax error whose detail is quoted.
pub fn plain_message(message: &str) -> (Code, Text, Text) {
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        if let Some((found, wanted)) = rest.split_once(", expected ") {
            let (found, value) = found_kind(found);
            return (
                Code::WrongType,
                text!(
                    "wrong-type-config",
                    found = found,
                    value = value,
                    wanted = wanted_kind(wanted),
                    written = wanted
                ),
                text!("wrong-type-config-help"),
            );
        }
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        if let Some((value, allowed)) = rest.split_once(", expected ") {
            let allowed = allowed.strip_prefix("one of ").unwrap_or(allowed);
            return (
                Code::WrongValue,
                text!("wrong-value", value = value, allowed = allowed),
                text!("wrong-value-help"),
            );
        }
    }
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let message = match rest.split_once(", expected ") {
            Some((name, allowed)) => {
                let allowed = allowed.strip_prefix("one of ").unwrap_or(allowed);
                text!("unknown-key", name = name, allowed = allowed)
            }
            None => text!(
                "unknown-key-no-list",
                name = rest.split(',').next().unwrap_or(rest)
            ),
        };
        return (Code::UnknownKey, message, text!("unknown-key-help"));
    }
    if let Some(name) = message.strip_prefix("missing field ") {
        return (
            Code::MissingKey,
            text!("missing-key", name = name),
            text!("missing-key-help"),
        );
    }
    if message.contains("wanted string or table") {
        return (
            Code::WrongType,
            text!("wrong-type-theme"),
            text!("wrong-type-config-help"),
        );
    }
    (
        Code::TomlSyntax,
        text!("toml-syntax", detail = message),
        text!("toml-syntax-help"),
    )
}

/// A syntax error at byte `at` of site.toml's `text` on a line [`full_width_line`] finds.
pub fn full_width_diagnostic(text: &str, at: usize, index: &LineIndex) -> Option<Diagnostic> {
    let (at, typed, meant) = full_width_line(text, at)?;
    let what = "toml-line";
    let d = Diagnostic::error(
        Code::FullWidthSyntax,
        super::CONFIG_FILE,
        text!("full-width-syntax", typed = typed, what = what),
    );
    Some(
        d.with_help(text!(
            "full-width-syntax-help",
            meant = meant,
            fixed = meant
        ))
        .at(index.locate(text, at)),
    )
}

/// The line of `text` around byte `at` when it has syntax typed with a Japanese input
/// method outside its quoted strings (`minutes ＝ 40`, `enabled = ｔｒｕｅ`): the offset of
/// the first such character, the line as typed and as meant. Full-width text inside a
/// string (`title = "設定ガイド（MFA）"`) is the value itself and is left alone.
pub fn full_width_line(text: &str, at: usize) -> Option<(usize, String, String)> {
    let start = text.get(..at)?.rfind('\n').map_or(0, |i| i + 1);
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let mut line = text[start..end].trim_end_matches('\r');
    let mut quote = None;
    let mut first = None;
    let mut meant = String::with_capacity(line.len());
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (None, '#') => {
                line = &line[..i];
                break;
            }
            (Some(q), _) if c == q => quote = None,
            _ => {}
        }
        let narrow = match quote {
            None => crate::markdown::narrow_str(c.encode_utf8(&mut [0; 4])),
            Some(_) => c.to_string(),
        };
        if narrow != c.to_string() && first.is_none() {
            first = Some(start + i);
        }
        meant.push_str(&narrow);
    }
    Some((first?, line.trim().to_string(), meant.trim().to_string()))
}

/// What was written, as a `found` selector of `wrong-type-config` and the value shown:
/// `string "x"` → (`text`, `"x"`), `integer 3` → (`number`, `3`).
fn found_kind(found: &str) -> (&'static str, &str) {
    let (kind, value) = found.split_once(' ').unwrap_or((found, ""));
    let kind = match kind {
        "string" => "text",
        "integer" | "float" | "boolean" => "number",
        "sequence" => "list",
        "map" => "table",
        "unit" => "empty",
        _ => return ("other", found),
    };
    (kind, value)
}

/// What serde wanted, as a `wanted` selector: `u64` → `count`, `a string` → `text`.
fn wanted_kind(wanted: &str) -> &'static str {
    match wanted {
        "u8" | "u16" | "u32" | "u64" | "usize" => "count",
        "i8" | "i16" | "i32" | "i64" | "isize" => "whole",
        "f32" | "f64" => "number",
        "a string" | "a borrowed string" | "string" => "text",
        "a boolean" | "bool" => "bool",
        "a sequence" => "list",
        w if w.starts_with("struct ") || w == "a map" => "table",
        _ => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::plain_message;
    use crate::diagnostics::{Code, Lang};

    fn english(message: &str) -> (Code, String) {
        let (code, text, _) = plain_message(message);
        (code, text.render(Lang::En).into_owned())
    }

    #[test]
    fn full_width_syntax_outside_strings_is_found_on_its_line() {
        let text = "a = 1\nminutes ＝ ４０ # 分\ntitle = \"ガイド（MFA）\"\n";
        let (at, typed, meant) = super::full_width_line(text, 14).unwrap();
        assert_eq!(&text[at..at + 3], "＝");
        assert_eq!(typed, "minutes ＝ ４０");
        assert_eq!(meant, "minutes = 40");
        let title = text.find("title").unwrap();
        assert_eq!(super::full_width_line(text, title + 3), None);
    }

    #[test]
    fn no_rust_type_names() {
        assert_eq!(
            english("invalid type: string \"x\", expected u64"),
            (
                Code::WrongType,
                "site.toml: the value is text (\"x\"), but a whole number from 0 up is expected"
                    .into()
            )
        );
        assert_eq!(
            english("invalid type: integer 3, expected a string").1,
            "site.toml: the value is 3, but text in quotes is expected"
        );
        assert_eq!(
            english("invalid type: sequence, expected struct CheckOptions").1,
            "site.toml: the value is a list, but a table is expected"
        );
        assert_eq!(
            english("unknown variant 'warn', expected 'warning' or 'error'"),
            (
                Code::WrongValue,
                "site.toml: 'warn' is not one of the allowed values: 'warning' or 'error'".into()
            )
        );
    }

    #[test]
    fn japanese_names_the_kinds_in_japanese() {
        let (_, text, help) = plain_message("invalid type: string \"10\", expected u64");
        let ja = text.render(Lang::Ja);
        assert!(ja.contains("\"10\"") && ja.contains("0 以上の整数"), "{ja}");
        assert!(help.render(Lang::Ja).contains("引用符"), "{:?}", help);
    }
}
