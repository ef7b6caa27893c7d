//! The catalogue of diagnostic codes: one [`Code`] per meaning, with its stable kebab-case
//! name, its default severity and its explanation in each message language.
//!
//! The names are a public contract (CI scripts, `--format json`, `tebiki explain`), so a
//! code is never renamed; a code that came to mean two things is split, the old name kept
//! for one of them. The explanations live in `explanations/<lang>.md`, one `## name`
//! section per code, and `docs/diagnostics*.md` are generated from them.

use std::collections::HashMap;
use std::fmt;
use std::sync::LazyLock;

use super::messages::Lang;
use super::Severity;

macro_rules! catalogue {
    ($($variant:ident = $name:literal, $severity:ident;)*) => {
        /// What a diagnostic means. Each variant has one meaning; see `tebiki explain`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $($variant,)*
        }

        impl Code {
            /// Every code, in catalogue order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable kebab-case name printed in `error[name]`.
            pub fn name(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }

            /// How serious the problem is unless a setting says otherwise.
            pub fn default_severity(self) -> Severity {
                match self {
                    $(Code::$variant => Severity::$severity,)*
                }
            }
        }
    };
}

catalogue! {
    // site.toml
    TomlSyntax = "toml-syntax", Error;
    UnknownKey = "unknown-key", Error;
    MissingKey = "missing-key", Error;
    WrongType = "wrong-type", Error;
    WrongValue = "wrong-value", Error;
    BadConfig = "bad-config", Error;
    BadBaseUrl = "bad-base-url", Error;
    MissingLanguage = "missing-language", Error;
    BadLanguageCode = "bad-language-code", Error;
    DuplicateLanguage = "duplicate-language", Error;
    UnknownLanguage = "unknown-language", Error;
    BadOutputDir = "bad-output-dir", Error;
    BadLogo = "bad-logo", Error;
    BadColor = "bad-color", Error;
    LowContrast = "low-contrast", Error;
    // files and folders
    NotUtf8 = "not-utf8", Error;
    Unreadable = "unreadable", Error;
    OutsideSite = "outside-site", Error;
    NotAFile = "not-a-file", Error;
    BrokenSymlink = "broken-symlink", Error;
    SymlinkLoop = "symlink-loop", Error;
    MissingContentDir = "missing-content-dir", Error;
    // front matter and guide outline
    MissingFrontMatter = "missing-front-matter", Error;
    UnclosedFrontMatter = "unclosed-front-matter", Error;
    YamlSyntax = "yaml-syntax", Error;
    UnknownFrontMatterKey = "unknown-front-matter-key", Error;
    DuplicateKey = "duplicate-key", Error;
    MissingTitle = "missing-title", Error;
    InvalidDate = "invalid-date", Error;
    FullWidthSyntax = "full-width-syntax", Error;
    DuplicateStep = "duplicate-step", Error;
    StepGap = "step-gap", Error;
    StepOutsideGuide = "step-outside-guide", Error;
    // Markdown and directives
    BadDirective = "bad-directive", Error;
    UnknownDirective = "unknown-directive", Error;
    UnclosedDirective = "unclosed-directive", Error;
    UnmatchedClose = "unmatched-close", Error;
    MisplacedClose = "misplaced-close", Error;
    MisplacedElse = "misplaced-else", Error;
    BadNesting = "bad-nesting", Error;
    BadCondition = "bad-condition", Error;
    UnknownParam = "unknown-param", Error;
    BrokenParam = "broken-param", Error;
    UnknownArgument = "unknown-argument", Error;
    MissingBlockTitle = "missing-block-title", Error;
    MissingId = "missing-id", Error;
    DuplicateId = "duplicate-id", Error;
    UnclosedHeadingId = "unclosed-heading-id", Warning;
    HeadingLevel = "heading-level", Warning;
    EmptyHeading = "empty-heading", Error;
    UnknownDevice = "unknown-device", Error;
    UnusedDeviceTag = "unused-device-tag", Warning;
    EmptySteps = "empty-steps", Warning;
    ListMarkerSpace = "list-marker-space", Warning;
    UnknownCodeLanguage = "unknown-code-language", Warning;
    MissingAlt = "missing-alt", Error;
    UnreadableImage = "unreadable-image", Error;
    ScreenshotMarker = "screenshot-marker", Error;
    ImageFromOtherLanguage = "image-from-other-language", Warning;
    EmptyLink = "empty-link", Error;
    EmptyLinkText = "empty-link-text", Error;
    UnclosedLink = "unclosed-link", Error;
    UndefinedReference = "undefined-reference", Error;
    LostLinkBracket = "lost-link-bracket", Warning;
    // snippets
    BadInclude = "bad-include", Error;
    IncludeCycle = "include-cycle", Error;
    MissingSnippet = "missing-snippet", Error;
    UnusedArgument = "unused-argument", Warning;
    MissingSnippetTranslation = "missing-snippet-translation", Warning;
    // UI strings (i18n/)
    MissingUiStrings = "missing-ui-strings", Error;
    MissingUiString = "missing-ui-string", Error;
    UiStringArgument = "ui-string-argument", Error;
    FtlSyntax = "ftl-syntax", Error;
    FtlDuplicate = "ftl-duplicate", Error;
    UntranslatedUiString = "untranslated-ui-string", Warning;
    // themes and rendering
    MissingTheme = "missing-theme", Error;
    Template = "template", Error;
    UnknownTemplate = "unknown-template", Error;
    EnvNotAllowed = "env-not-allowed", Error;
    TemplateRecursion = "template-recursion", Error;
    BadAlias = "bad-alias", Error;
    AliasCollision = "alias-collision", Error;
    DuplicateOutput = "duplicate-output", Error;
    Internal = "internal", Error;
    // translations
    MissingTranslation = "missing-translation", Warning;
    Parity = "parity", Warning;
    // links, anchors and images (build and check)
    BrokenLink = "broken-link", Error;
    BrokenThemeLink = "broken-theme-link", Error;
    MissingImage = "missing-image", Error;
    BrokenAnchor = "broken-anchor", Error;
    HiddenAnchor = "hidden-anchor", Error;
    LinkToAlias = "link-to-alias", Warning;
    EmptyAlt = "empty-alt", Error;
    IdClashInPage = "id-clash-in-page", Error;
    OrphanPage = "orphan-page", Warning;
    StalePage = "stale-page", Warning;
    InvalidLink = "invalid-link", Error;
    ExternalLink = "external-link", Error;
    ExternalRedirect = "external-redirect", Warning;
    ExternalAnchor = "external-anchor", Warning;
    ExternalUnchecked = "external-unchecked", Warning;
    ExternalOffline = "external-offline", Error;
    // the dev server
    BuildFailed = "build-failed", Error;
}

impl Code {
    /// The code named `name`, if there is one.
    pub fn from_name(name: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.name() == name)
    }

    /// The explanation in `lang`: what the code means, a wrong and a corrected example.
    pub fn explanation(self, lang: Lang) -> &'static str {
        let table = match lang {
            Lang::En => &*EXPLANATIONS_EN,
            Lang::Ja => &*EXPLANATIONS_JA,
        };
        table.get(self.name()).copied().unwrap_or("")
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.name() == *other
    }
}

impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.name() == other
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

static EXPLANATIONS_EN: LazyLock<HashMap<&'static str, &'static str>> =
    LazyLock::new(|| sections(include_str!("explanations/en.md")));
static EXPLANATIONS_JA: LazyLock<HashMap<&'static str, &'static str>> =
    LazyLock::new(|| sections(include_str!("explanations/ja.md")));

/// The `## name` sections of an explanations file, each without its heading line.
/// Lines inside fenced code blocks (examples of Markdown headings) are not headings.
pub(super) fn sections(text: &'static str) -> HashMap<&'static str, &'static str> {
    let mut found = HashMap::new();
    let mut current: Option<(&'static str, usize)> = None;
    let mut fence: Option<&'static str> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_end();
        if let Some(open) = fence {
            if trimmed == open {
                fence = None;
            }
        } else if trimmed.starts_with("```") {
            fence = Some(&trimmed[..trimmed.len() - trimmed.trim_start_matches('`').len()]);
        } else if let Some(name) = trimmed.strip_prefix("## ") {
            if let Some((previous, start)) = current {
                found.insert(previous, text[start..offset].trim());
            }
            current = Some((name.trim(), offset + line.len()));
        }
        offset += line.len();
    }
    if let Some((previous, start)) = current {
        found.insert(previous, text[start..].trim());
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_kebab_case_and_found_again() {
        let mut seen = std::collections::HashSet::new();
        for &code in Code::ALL {
            let name = code.name();
            assert!(seen.insert(name), "{name} is listed twice");
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{name} is not kebab-case"
            );
            assert_eq!(Code::from_name(name), Some(code));
        }
    }

    /// Every code is explained in both languages, the two differ, and no section explains
    /// a code that does not exist (a renamed code would leave one behind).
    #[test]
    fn every_code_is_explained_in_both_languages() {
        for lang in Lang::ALL {
            let table = match lang {
                Lang::En => &*EXPLANATIONS_EN,
                Lang::Ja => &*EXPLANATIONS_JA,
            };
            for name in table.keys() {
                assert!(
                    Code::from_name(name).is_some(),
                    "{lang:?} explains unknown {name}"
                );
            }
        }
        for &code in Code::ALL {
            let en = code.explanation(Lang::En);
            let ja = code.explanation(Lang::Ja);
            assert!(!en.is_empty(), "{code} has no English explanation");
            assert!(!ja.is_empty(), "{code} has no Japanese explanation");
            assert_ne!(
                en, ja,
                "{code}: the Japanese explanation is the English one"
            );
            assert!(
                ja.chars().any(|c| ('\u{3040}'..='\u{30ff}').contains(&c)),
                "{code}: the Japanese explanation has no kana"
            );
        }
    }

    #[test]
    fn sections_split_at_level_two_headings() {
        let found =
            sections("# Title\n\n## a-b\nfirst\n\n```md\n## not\n```\nmore\n## c\nsecond\n");
        assert_eq!(found["a-b"], "first\n\n```md\n## not\n```\nmore");
        assert_eq!(found["c"], "second");
        assert_eq!(found.len(), 2);
    }
}
