//! serde's and the toml crate's wording, for a web editor: `invalid type: string "x",
//! expected u64` becomes "the value is text ("x"), but a whole number from 0 up is
//! expected". No Rust type name (`u64`, `i64`, `struct …`) reaches the message.
use crate::diagnostics::{Code, Text};
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
