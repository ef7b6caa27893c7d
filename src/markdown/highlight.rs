//! The code adapter: fenced code blocks with a language become syntect-highlighted HTML
//! using CSS classes (`hl-…`), so the theme's stylesheet decides the colours.
//!
//! The syntax set is loaded on first use only: a site without code never pays for it.

use crate::diagnostics::Code;
use crate::text;
use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{LazyLock, Mutex};

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};
use syntect::html::{line_tokens_to_classed_spans, ClassStyle};
use syntect::parsing::{ParseState, ScopeStack, SyntaxSet};
use syntect::util::LinesWithEndings;

use super::escape_html;
use super::state::PageState;

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// The languages IT guides paste that syntect's defaults lack (PowerShell, TOML, INI,
/// Dockerfile, nginx and Apache config, …): bat's maintained collection, from the
/// `two-face` crate. It is a superset of the defaults, loaded only when a block names a
/// language the defaults do not know, so a site that needs none of them never pays for it.
static EXTRA_SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(two_face::syntax::extra_newlines);

/// Which syntax set a block is highlighted with.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Set {
    Default,
    Extra,
}

impl Set {
    fn syntaxes(self) -> &'static SyntaxSet {
        match self {
            Set::Default => &SYNTAXES,
            Set::Extra => &EXTRA_SYNTAXES,
        }
    }
}

/// The syntax for a fence's language name, from the defaults first, then the extra set.
fn find_syntax(lang: &str) -> Option<(Set, &'static syntect::parsing::SyntaxReference)> {
    if lang.is_empty() {
        return None;
    }
    // Names editors use (as in GitHub's and Hugo's fences) that match no syntax's name
    // or file extension.
    let lang = match lang.to_ascii_lowercase().as_str() {
        "apache" | "apacheconf" | "httpd" => "htaccess",
        "pwsh" | "posh" => "ps1",
        "docker" => "dockerfile",
        "nginxconf" => "nginx",
        _ => lang,
    };
    if let Some(syntax) = SYNTAXES.find_syntax_by_token(lang) {
        return Some((Set::Default, syntax));
    }
    EXTRA_SYNTAXES
        .find_syntax_by_token(lang)
        .map(|syntax| (Set::Extra, syntax))
}

/// The class prefix of highlighted tokens; the theme's CSS uses the same.
pub const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

type Item<'a> = (Event<'a>, Range<usize>);

pub struct Highlight<'s, 'a, I> {
    inner: I,
    state: &'s RefCell<PageState<'a>>,
}

impl<'s, 'a, I: Iterator<Item = Item<'a>>> Highlight<'s, 'a, I> {
    pub fn new(inner: I, state: &'s RefCell<PageState<'a>>) -> Self {
        Highlight { inner, state }
    }

    fn code_block(&mut self, info: &str, range: Range<usize>) -> Item<'a> {
        let mut code = String::new();
        for (event, _) in self.inner.by_ref() {
            match event {
                Event::Text(text) => code.push_str(&text),
                Event::End(TagEnd::CodeBlock) => break,
                _ => {}
            }
        }
        let lang = info.split([' ', ',', '{']).next().unwrap_or("").trim();
        self.state.borrow_mut().has_code = true;
        let html = match highlight(&code, lang) {
            Some(html) => html,
            None => {
                self.state.borrow_mut().warning(
                    Code::UnknownCodeLanguage,
                    range.start,
                    text!("unknown-code-language", lang = lang),
                    Some(text!("unknown-code-language-help")),
                );
                format!(
                    "<pre class=\"code\"><code>{}</code></pre>\n",
                    escape_html(&code)
                )
            }
        };
        (Event::Html(CowStr::from(html)), range)
    }
}

/// Highlighted blocks kept between rebuilds, by (language, code). Off by default: a
/// one-shot `build` rarely sees the same block twice, while `serve` rebuilds the whole site
/// on every save and most blocks have not changed since the last one.
static MEMO_ON: AtomicBool = AtomicBool::new(false);
static MEMO: LazyLock<Mutex<Memo>> = LazyLock::new(Mutex::default);

/// Above this many bytes of code and HTML the memo starts again from empty.
const MEMO_LIMIT: usize = 32 << 20;

#[derive(Default)]
struct Memo {
    blocks: HashMap<(String, String), Option<String>>,
    bytes: usize,
}

/// Keeps highlighted blocks for the rest of the process (for long-running commands).
pub fn keep_highlighted_blocks() {
    MEMO_ON.store(true, Ordering::Relaxed);
}

/// Highlighted HTML for `code` in language `lang`, or `None` if the language is unknown.
pub fn highlight(code: &str, lang: &str) -> Option<String> {
    if !MEMO_ON.load(Ordering::Relaxed) {
        return highlight_uncached(code, lang);
    }
    let key = (lang.to_string(), code.to_string());
    if let Some(hit) = lock_memo().blocks.get(&key) {
        return hit.clone();
    }
    let html = highlight_uncached(code, lang);
    let mut memo = lock_memo();
    memo.bytes += key.0.len() + key.1.len() + html.as_ref().map_or(0, String::len);
    if memo.bytes > MEMO_LIMIT {
        *memo = Memo::default();
    }
    memo.blocks.insert(key, html.clone());
    html
}

fn lock_memo() -> std::sync::MutexGuard<'static, Memo> {
    MEMO.lock().unwrap_or_else(|e| e.into_inner())
}

/// Highlights a whole block line by line, through this thread's [`LineMemo`]; the same as
/// syntect's `ClassedHTMLGenerator` (tested), which it replaces so lines can be remembered.
fn highlight_uncached(code: &str, lang: &str) -> Option<String> {
    let (set, syntax) = find_syntax(lang)?;
    let mut state = LineState {
        set,
        parse: ParseState::new(syntax),
        scopes: ScopeStack::new(),
    };
    let mut html = String::with_capacity(code.len() * 3);
    let mut open_spans: isize = 0;
    LINES.with_borrow_mut(|memo| -> Option<()> {
        for line in LinesWithEndings::from(code) {
            open_spans += memo.line(&mut state, line, &mut html)?;
        }
        Some(())
    })?;
    for _ in 0..open_spans {
        html.push_str("</span>");
    }
    let lang_class = escape_html(lang);
    Some(format!(
        "<pre class=\"code hl-code language-{lang_class}\"><code>{html}</code></pre>\n"
    ))
}

/// Where the highlighter is between two lines of a block: what the next line will see.
#[derive(Clone, PartialEq, Eq)]
struct LineState {
    /// Parser states of two sets can look alike; the set keeps them apart in the memo.
    set: Set,
    parse: ParseState,
    scopes: ScopeStack,
}

/// Highlighted lines, by line text and the state before the line.
///
/// Highlighting is a pure function of (syntax, state before, line), and guides repeat
/// lines constantly: the same command in the Japanese and the English page, `fi`,
/// `done`, `}`, a comment every page starts with. syntect spends tens of microseconds
/// on a line of shell, so each thread keeps what it has already worked out. The
/// output is byte for byte what highlighting the line again would give.
#[derive(Default)]
struct LineMemo {
    /// By line text. The syntax needs no key of its own: a parser state names its
    /// syntax (syntect's context ids include the syntax's index), so equal states
    /// before a line mean the same syntax.
    lines: HashMap<String, Vec<MemoLine>>,
    bytes: usize,
}

struct MemoLine {
    before: LineState,
    after: LineState,
    html: String,
    delta: isize,
}

/// Above this many bytes per thread the line memo starts again from empty.
const LINE_MEMO_LIMIT: usize = 8 << 20;

thread_local! {
    static LINES: RefCell<LineMemo> = RefCell::default();
}

impl LineMemo {
    /// Appends the HTML of `line` to `out` and advances `state`; returns how many spans
    /// the line leaves open (negative: closes).
    fn line(&mut self, state: &mut LineState, line: &str, out: &mut String) -> Option<isize> {
        if let Some(known) = self
            .lines
            .get(line)
            .and_then(|entries| entries.iter().find(|e| e.before == *state))
        {
            out.push_str(&known.html);
            *state = known.after.clone();
            return Some(known.delta);
        }
        let before = state.clone();
        let ops = state.parse.parse_line(line, state.set.syntaxes()).ok()?;
        let (html, delta) =
            line_tokens_to_classed_spans(line, &ops, CLASS_STYLE, &mut state.scopes).ok()?;
        out.push_str(&html);
        self.bytes += line.len() + html.len() + 256;
        if self.bytes > LINE_MEMO_LIMIT {
            *self = LineMemo::default();
        }
        self.lines
            .entry(line.to_string())
            .or_default()
            .push(MemoLine {
                before,
                after: state.clone(),
                html,
                delta,
            });
        Some(delta)
    }
}

impl<'s, 'a, I: Iterator<Item = Item<'a>>> Iterator for Highlight<'s, 'a, I> {
    type Item = Item<'a>;

    fn next(&mut self) -> Option<Item<'a>> {
        match self.inner.next()? {
            (Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))), range)
                if !info.trim().is_empty() =>
            {
                Some(self.code_block(&info, range))
            }
            other => Some(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use syntect::html::ClassedHTMLGenerator;
    use syntect::util::LinesWithEndings;

    /// What syntect's own HTML generator makes of `code`, for comparison.
    fn reference(code: &str, lang: &str) -> String {
        let (set, syntax) = super::find_syntax(lang).unwrap();
        let mut generator =
            ClassedHTMLGenerator::new_with_class_style(syntax, set.syntaxes(), super::CLASS_STYLE);
        for line in LinesWithEndings::from(code) {
            generator
                .parse_html_for_line_which_includes_newline(line)
                .unwrap();
        }
        format!(
            "<pre class=\"code hl-code language-{lang}\"><code>{}</code></pre>\n",
            generator.finalize()
        )
    }

    /// Lines served from the line memo give exactly what highlighting them afresh gives,
    /// even when the same line text follows different states (inside a string, a
    /// heredoc or a comment) or is the first line of a block.
    #[test]
    fn line_memo_output_is_what_syntect_makes() {
        let blocks = [
            ("sh", "echo \"a\nfi\ndone\"\nfi\ndone\n"),
            ("sh", "fi\ndone\ncat <<EOF\nfi\nEOF\nfi\n"),
            ("sh", "# fi\nfi\n"),
            ("sh", "fi\n"),
            ("json", "{\n  \"a\": [1, 2],\n  \"b\": \"}\"\n}\n"),
            ("json", "}\n{\n}\n"),
            ("yaml", "a: |\n  b: c\nb: c\n"),
            ("python", "x = \"\"\"\nb: c\n\"\"\"\nb: c\n"),
            (
                "powershell",
                "# c\nGet-ChildItem $env:HOME | Where-Object { $_.Length -gt 1 }\n# c\n",
            ),
            ("toml", "[build]\nparity = \"error\" # c\n[build]\n"),
            ("html", "<p>\n<script>\nlet x = 1;\n</script>\nlet x = 1;\n"),
            (
                "rust",
                "/* open\nfn main() {}\n*/\nfn main() {}\nno newline at end",
            ),
        ];
        for round in 0..2 {
            for (lang, code) in blocks {
                assert_eq!(
                    super::highlight_uncached(code, lang).unwrap(),
                    reference(code, lang),
                    "{lang} block {code:?}, round {round}"
                );
            }
        }
    }
    /// With the memo on, a block comes back exactly as highlighted the first time, and
    /// an unknown language stays unknown.
    #[test]
    fn memo_returns_the_same_html() {
        let code = "echo memo-test\n";
        let first = super::highlight(code, "sh").unwrap();
        super::keep_highlighted_blocks();
        assert_eq!(super::highlight(code, "sh").unwrap(), first);
        assert_eq!(super::highlight(code, "sh").unwrap(), first);
        assert!(super::highlight(code, "no-such-language").is_none());
        assert!(super::highlight(code, "no-such-language").is_none());
    }

    /// The languages admins paste, missing from syntect's defaults, come from the extra
    /// set (`two-face`), and a fence in those languages is highlighted, not plain.
    #[test]
    fn admin_languages_are_highlighted() {
        for (lang, code) in [
            ("powershell", "Get-Service | Stop-Service -Force # stop\n"),
            ("ps1", "$x = 1\n"),
            ("toml", "[server]\nport = 8080\n"),
            ("ini", "[mfa]\nenabled=true\n"),
            ("dockerfile", "FROM debian:bookworm\nRUN apt-get update\n"),
            ("diff", "-old\n+new\n"),
            ("nginx", "server { listen 80; }\n"),
            ("apacheconf", "<VirtualHost *:80>\n</VirtualHost>\n"),
            ("pwsh", "Write-Host hi\n"),
        ] {
            let html = super::highlight(code, lang).unwrap_or_else(|| panic!("{lang} unknown"));
            assert!(html.contains("<span class=\"hl-"), "{lang}: {html}");
        }
    }

    /// Every scope class the shipped stylesheet colours must be one the highlighter emits,
    /// so a syntect upgrade that renames scopes cannot silently drop the colours.
    #[test]
    fn shipped_highlight_css_matches_emitted_classes() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("themes/default/static/highlight.css");
        let css = std::fs::read_to_string(path).unwrap();
        let samples = [
            super::highlight(
                "# comment\necho \"hi\" $HOME 42\nif true; then exit; fi\n",
                "sh",
            )
            .unwrap(),
            super::highlight("{\"key\": [1, true, null]}\n", "json").unwrap(),
            super::highlight("fn main() { let x = 1; }\n", "rust").unwrap(),
            super::highlight(
                "# c\n$name = \"MFA\"\nGet-MsolUser -UserPrincipalName $name | Set-Thing -Enabled $true\n",
                "powershell",
            )
            .unwrap(),
            super::highlight("[build]\nparity = \"error\" # c\nsize = 40\n", "toml").unwrap(),
        ]
        .concat();
        let classes: Vec<&str> = css
            .split(".hl-")
            .skip(1)
            .map(|s| {
                s.split(|c: char| !c.is_ascii_alphanumeric() && c != '-')
                    .next()
                    .unwrap()
            })
            .collect();
        assert!(classes.len() >= 8, "{classes:?}");
        for class in classes.iter().filter(|c| **c != "code") {
            assert!(
                samples.contains(&format!("hl-{class}")),
                "hl-{class} is never emitted"
            );
        }
    }
}
