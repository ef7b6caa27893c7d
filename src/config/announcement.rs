//! `[announcement]` in site.toml: one short notice shown at the top of every page, in
//! each language, until a date.
//!
//! ```toml
//! [announcement]
//! until = 2027-04-01      # optional: the last day it is shown
//! ja = "2027年4月1日から、多要素認証が必須になります。[設定の手順](/ja/setup/)"
//! en = "From 1 April 2027, multi-factor authentication is required. [How to set it up](/en/setup/)"
//! ```
//!
//! Every other key is a language code of `[[languages]]` holding that language's text
//! (inline Markdown; links are used as written, so give paths from the site's root).
//! Takes the raw table with spans; gives an [`Announcement`] with the texts in language
//! order, or every problem at its `site.toml` position: a key that is no language, a
//! language without text, an `until` that is no real date.

use crate::diagnostics::{Code, Text};
use crate::text;
use std::collections::BTreeMap;

use toml::Spanned;

use super::theme_options::Problem;
use super::Language;
use crate::dates::{parse_date, Date};

/// The announcement, validated.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Announcement {
    /// The last day it is shown (the build leaves it out after it; the theme's script
    /// hides it on pages read after it).
    pub until: Option<Date>,
    /// Its text (inline Markdown) in each language, in `[[languages]]` order.
    pub text: Vec<String>,
    /// Changes with the text and the date, so a dismissed announcement stays dismissed
    /// and a new one shows again.
    pub id: String,
}

/// `[announcement]` as written.
pub type RawAnnouncement = BTreeMap<String, Spanned<toml::Value>>;

/// Validates `[announcement]` against the site's languages; `table` is the table's own
/// position (for a missing language).
pub fn validate_announcement(
    raw: &RawAnnouncement,
    languages: &[Language],
    table: usize,
) -> (Option<Announcement>, Vec<Problem>) {
    let mut problems = Vec::new();
    let mut until = None;
    let mut text: Vec<Option<String>> = vec![None; languages.len()];
    let codes: Vec<&str> = languages.iter().map(|l| l.code.as_str()).collect();
    for (key, value) in raw {
        if key == "until" {
            until = read_until(value, &mut problems);
            continue;
        }
        let Some(lang) = codes.iter().position(|c| c == key) else {
            let help = match crate::suggest::closest(key, codes.iter().copied()) {
                Some(best) => text!("announcement-key-did-you-mean", suggestion = best),
                None => text!("announcement-key-help", codes = codes.join(", ")),
            };
            problems.push((
                value.span(),
                Code::BadConfig,
                text!("announcement-key", key = key),
                help,
            ));
            continue;
        };
        match value.get_ref() {
            toml::Value::String(s) if !s.trim().is_empty() => {
                text[lang] = Some(s.trim().to_string())
            }
            _ => problems.push((
                value.span(),
                Code::BadConfig,
                text!("announcement-not-text", key = key),
                text!("announcement-not-text-help", key = key),
            )),
        }
    }
    if raw.is_empty() {
        return (None, problems);
    }
    for (lang, t) in text.iter().enumerate() {
        if t.is_none() && !raw.contains_key(&codes[lang].to_string()) {
            problems.push((
                table..table,
                Code::BadConfig,
                text!("announcement-missing-language", lang = codes[lang]),
                text!("announcement-missing-language-help", lang = codes[lang]),
            ));
        }
    }
    if !problems.is_empty() {
        return (None, problems);
    }
    let text: Vec<String> = text.into_iter().map(Option::unwrap_or_default).collect();
    let id = fingerprint(&text, until);
    (Some(Announcement { until, text, id }), problems)
}

fn read_until(value: &Spanned<toml::Value>, problems: &mut Vec<Problem>) -> Option<Date> {
    let written = match value.get_ref() {
        toml::Value::String(s) => s.clone(),
        toml::Value::Datetime(d) if d.time.is_none() && d.offset.is_none() => d.to_string(),
        _ => String::new(),
    };
    match parse_date(&written) {
        Ok(date) => Some(date),
        Err(e) => {
            problems.push((
                value.span(),
                Code::InvalidDate,
                e.args()
                    .into_iter()
                    .fold(Text::fluent("announcement-until"), |t, (name, value)| {
                        t.arg(name, value)
                    }),
                text!("announcement-until-help"),
            ));
            None
        }
    }
}

/// A short hex digest (FNV-1a) of the texts and the date.
fn fingerprint(text: &[String], until: Option<Date>) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let until = until.map(|d| d.to_string()).unwrap_or_default();
    for byte in text
        .iter()
        .flat_map(|t| t.bytes().chain([0]))
        .chain(until.bytes())
    {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{:08x}", hash >> 32)
}

impl Announcement {
    /// Whether it is still shown on `day` (through its `until` day).
    pub fn shown_on(&self, day: Date) -> bool {
        self.until.is_none_or(|until| day.days_until(until) >= 0)
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::config::parse_config;
    use crate::error::Error;

    const SITE: &str = "base_url = \"https://guide.example.org/\"\n[[languages]]\ncode = \"ja\"\nname = \"日本語\"\ntitle = \"ガイド\"\n[[languages]]\ncode = \"en\"\nname = \"English\"\ntitle = \"Guide\"\n";

    fn problems(extra: &str) -> Vec<(String, usize, String)> {
        match parse_config(Path::new("/site"), &format!("{SITE}{extra}")) {
            Err(Error::Config(p)) => p
                .into_iter()
                .map(|d| (d.code.to_string(), d.line, d.message.english()))
                .collect(),
            Ok(_) => Vec::new(),
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn texts_come_in_language_order_with_the_date() {
        let text = format!(
            "{SITE}[announcement]\nen = \"From April\"\nuntil = 2027-04-01\nja = \"4月から\"\n"
        );
        let config = parse_config(Path::new("/site"), &text).unwrap();
        let a = config.announcement.unwrap();
        assert_eq!(a.text, ["4月から", "From April"]);
        assert_eq!(
            a.until.map(|d| d.to_string()).as_deref(),
            Some("2027-04-01")
        );
        assert!(a.shown_on(crate::dates::parse_date("2027-04-01").unwrap()));
        assert!(!a.shown_on(crate::dates::parse_date("2027-04-02").unwrap()));
        assert!(parse_config(Path::new("/site"), SITE)
            .unwrap()
            .announcement
            .is_none());
    }

    #[test]
    fn mistakes_are_reported_at_their_line() {
        let found =
            problems("[announcement]\nja = \"4月から\"\nfr = \"Avril\"\nuntil = \"2027-02-30\"\n");
        let lines: Vec<(String, usize)> = found.iter().map(|(c, l, _)| (c.clone(), *l)).collect();
        assert!(lines.contains(&("bad-config".into(), 12)), "{found:?}");
        assert!(lines.contains(&("invalid-date".into(), 13)), "{found:?}");
        // en has no text: reported at the table.
        assert!(
            found.iter().any(|(_, l, m)| *l == 10 && m.contains("'en'")),
            "{found:?}"
        );
    }
}
