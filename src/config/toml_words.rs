//! serde's and the toml crate's wording, for a web editor: `invalid type: string "x",
//! expected u64` becomes "the value is text ("x"), but a whole number from 0 up is
//! expected". No Rust type name (`u64`, `i64`, `struct …`) reaches the message.
use crate::diagnostics::Code;

/// The plain message for one of serde's "invalid type" or "unknown variant" messages
/// (other messages come back with only their type words replaced), and its code.
pub fn plain_message(message: &str) -> (Option<Code>, String) {
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        if let Some((found, wanted)) = rest.split_once(", expected ") {
            return (
                Some(Code::WrongType),
                format!(
                    "the value is {}, but {} is expected",
                    found_words(found),
                    wanted_words(wanted)
                ),
            );
        }
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        if let Some((value, allowed)) = rest.split_once(", expected ") {
            let allowed = allowed.strip_prefix("one of ").unwrap_or(allowed);
            return (
                Some(Code::WrongValue),
                format!("{value} is not one of the allowed values: {allowed}"),
            );
        }
    }
    if message.contains("wanted string or table") {
        return (
            Some(Code::WrongType),
            "the value should be text in quotes or a table".into(),
        );
    }
    (None, message.to_string())
}

/// What was written: `string "x"` → `text ("x")`, `integer 3` → `the number 3`.
fn found_words(found: &str) -> String {
    let (kind, value) = found.split_once(' ').unwrap_or((found, ""));
    let kind = match kind {
        "string" => "text",
        "integer" | "float" => "the number",
        "boolean" => "true/false",
        "sequence" => "a list",
        "map" => "a table",
        "unit" => "empty",
        other => other,
    };
    match (kind, value) {
        (_, "") => kind.to_string(),
        ("the number", v) | ("true/false", v) => v.to_string(),
        (k, v) => format!("{k} ({v})"),
    }
}

/// What serde wanted, in words: `u64` → "a whole number from 0 up".
fn wanted_words(wanted: &str) -> String {
    match wanted {
        "u8" | "u16" | "u32" | "u64" | "usize" => "a whole number from 0 up".into(),
        "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number".into(),
        "f32" | "f64" => "a number".into(),
        "a string" | "a borrowed string" | "string" => "text in quotes".into(),
        "a boolean" | "bool" => "true or false".into(),
        "a sequence" => "a list in [ ]".into(),
        w if w.starts_with("struct ") || w == "a map" => "a table".into(),
        w => w.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::plain_message;
    use crate::diagnostics::Code;

    #[test]
    fn no_rust_type_names() {
        assert_eq!(
            plain_message("invalid type: string \"x\", expected u64"),
            (
                Some(Code::WrongType),
                "the value is text (\"x\"), but a whole number from 0 up is expected".into()
            )
        );
        assert_eq!(
            plain_message("invalid type: integer 3, expected a string").1,
            "the value is 3, but text in quotes is expected"
        );
        assert_eq!(
            plain_message("invalid type: sequence, expected struct CheckOptions").1,
            "the value is a list, but a table is expected"
        );
        assert_eq!(
            plain_message("unknown variant 'warn', expected 'warning' or 'error'"),
            (
                Some(Code::WrongValue),
                "'warn' is not one of the allowed values: 'warning' or 'error'".into()
            )
        );
    }
}
