//! A deterministic synthetic bilingual tebiki site for benchmarks.
//!
//! `generate(out, pages, theme)` writes `site.toml` and the UI strings (copied from this
//! checkout, so every parameter a template needs exists), a theme (see [`Theme`]), and
//! `pages` Markdown pages per language (`index.md` plus `sNNN/pNNNNN.md`, 100 pages per
//! folder), and `s000/index.md`, the overview of the guide that the three step pages of
//! `s000/` make. Every page has about 600 words and uses
//! tebiki's markup: parameters, a table, a list, a method with device-tagged steps, a
//! callout, a fenced code block, an image (present in `img/`), FAQ entries and 2–4
//! internal links, one with a `#fragment`. Both languages have the same structure, so
//! the site builds and checks without warnings. Same `pages` → same bytes.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

/// Pages per content folder, so no folder gets huge.
const PER_FOLDER: usize = 100;

/// A 1×1 grey PNG, the screenshot every page shows.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x00, 0x00, 0x00, 0x3a, 0x7e, 0x9b,
    0x55, 0x00, 0x00, 0x00, 0x0a, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x68, 0x00, 0x00, 0x00,
    0x82, 0x00, 0x81, 0x4c, 0x17, 0xd7, 0xdf, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae,
    0x42, 0x60, 0x82,
];

const EN_WORDS: [&str; 48] = [
    "account",
    "app",
    "phone",
    "code",
    "screen",
    "sign-in",
    "method",
    "browser",
    "select",
    "open",
    "confirm",
    "register",
    "notification",
    "approve",
    "number",
    "device",
    "settings",
    "security",
    "page",
    "backup",
    "option",
    "enter",
    "check",
    "campus",
    "network",
    "password",
    "the",
    "your",
    "a",
    "then",
    "and",
    "when",
    "you",
    "it",
    "on",
    "with",
    "to",
    "of",
    "for",
    "this",
    "again",
    "first",
    "second",
    "list",
    "shown",
    "travel",
    "help",
    "desk",
];

const JA_PHRASES: [&str; 24] = [
    "設定画面を開き",
    "アプリを起動して",
    "確認コードを入力し",
    "通知を承認すると",
    "電話番号を確認してから",
    "ブラウザーで",
    "サインインの際に",
    "バックアップの方法として",
    "スマートフォンを手元に置き",
    "セキュリティ情報のページで",
    "表示された番号を",
    "学内ネットワークでも",
    "ヘルプデスクに連絡する前に",
    "海外に行くときは",
    "新しい端末に移すときは",
    "画面の指示に従って",
    "「次へ」を選択し",
    "登録済みの方法を",
    "既定の方法として",
    "数分待ってから",
    "アカウント名を",
    "パスワードを入力して",
    "認証アプリで",
    "もう一度",
];

const JA_ENDINGS: [&str; 6] = [
    "確認します。",
    "進みます。",
    "登録します。",
    "選択してください。",
    "完了です。",
    "表示されます。",
];

/// A small deterministic generator (64-bit LCG), so the corpus never changes.
struct Lcg(u64);

impl Lcg {
    fn new(seed: u64) -> Self {
        Self(
            seed.wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407),
        )
    }

    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

/// The templates a corpus is built with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    /// The issue's workload, as the peers were measured: a small layout around each
    /// page's title and content (`themes/minimal`, written from [`MINIMAL_TEMPLATES`],
    /// with the default theme's static files). Every procedure directive still renders:
    /// the Markdown is the same.
    Minimal,
    /// This checkout's `themes/default`: header, language switcher, table of contents,
    /// step navigation, the hand-off QR code, footer. What a real tebiki site ships.
    Default,
}

impl Theme {
    pub const ALL: [Theme; 2] = [Theme::Minimal, Theme::Default];

    pub fn name(self) -> &'static str {
        match self {
            Theme::Minimal => "minimal",
            Theme::Default => "default",
        }
    }

    pub fn parse(name: &str) -> Result<Theme, String> {
        Theme::ALL
            .into_iter()
            .find(|t| t.name() == name)
            .ok_or_else(|| format!("unknown theme '{name}' (expected minimal or default)"))
    }
}

/// The minimal theme's templates: what a site generator's "minimal templates" are, a
/// document with the language, the title, the style sheets and the page's content.
const MINIMAL_TEMPLATES: [(&str, &str); 4] = [
    (
        "base.html",
        r#"<!DOCTYPE html>
<html lang="{{ site.lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}{{ site.title }}{% endblock title %}</title>
<link rel="stylesheet" href="{{ site.base_path }}tebiki.css">
{% block styles %}{% endblock styles %}
</head>
<body>
{% block body %}{% endblock body %}
</body>
</html>
"#,
    ),
    (
        "page.html",
        r#"{% extends "base.html" %}
{% block title %}{{ page.title }} | {{ site.title }}{% endblock title %}
{% block styles %}{% if page.has_code %}<link rel="stylesheet" href="{{ site.base_path }}highlight.css">{% endif %}{% endblock styles %}
{% block body %}
<main>
<h1>{{ page.title }}</h1>
{{ page.content | safe }}
</main>
{% endblock body %}
"#,
    ),
    (
        "chooser.html",
        r#"{% extends "base.html" %}
{% block body %}
<main><ul>{% for l in site.languages %}<li><a href="{{ l.url }}" lang="{{ l.code }}">{{ l.name }}</a></li>{% endfor %}</ul></main>
{% endblock body %}
"#,
    ),
    (
        "404.html",
        r#"{% extends "base.html" %}
{% block body %}
<main>{% for l in site.languages %}<p lang="{{ l.code }}"><a href="{{ l.url }}">{{ l.name }}</a></p>{% endfor %}</main>
{% endblock body %}
"#,
    ),
];

/// Whether topic pages include a snippet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Includes {
    None,
    /// Each topic page includes `_snippets/contact.md` once, with an argument.
    OnePerPage,
    /// The same pages with the snippet's text written in place of the include line (the
    /// argument substituted, the condition it always meets left out): the same output,
    /// to measure what an include costs against the text it stands for.
    Inlined,
}

/// Writes the corpus with `pages` pages per language into `out` (created if missing).
pub fn generate(out: &Path, pages: usize, theme: Theme, includes: Includes) -> io::Result<()> {
    let pages = pages.max(1);
    fs::create_dir_all(out)?;
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (toml, languages) = site_toml(repo, theme)?;
    fs::write(out.join("site.toml"), toml)?;
    let theme_dir = out.join("themes").join(theme.name());
    match theme {
        Theme::Default => copy_tree(&repo.join("themes/default"), &theme_dir)?,
        Theme::Minimal => {
            copy_tree(
                &repo.join("themes/default/static"),
                &theme_dir.join("static"),
            )?;
            fs::create_dir_all(theme_dir.join("templates"))?;
            for (name, text) in MINIMAL_TEMPLATES {
                fs::write(theme_dir.join("templates").join(name), text)?;
            }
        }
    }
    copy_tree(&repo.join("i18n"), &out.join("i18n"))?;
    for lang in &languages {
        let lang = lang.as_str();
        let dir = out.join("content").join(lang);
        fs::create_dir_all(dir.join("img"))?;
        fs::write(dir.join("img/screen.png"), PNG)?;
        fs::write(dir.join("index.md"), index_page(lang, pages))?;
        if pages > 4 {
            fs::create_dir_all(dir.join("s000"))?;
            fs::write(dir.join("s000/index.md"), guide_index_page(lang))?;
        }
        if includes == Includes::OnePerPage {
            fs::create_dir_all(dir.join("_snippets"))?;
            fs::write(dir.join("_snippets/contact.md"), contact_snippet(lang))?;
        }
        for n in 1..pages {
            let path = dir.join(page_rel(n));
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent)?;
            }
            let mut page = topic_page(lang, n, pages);
            match includes {
                Includes::OnePerPage => {
                    let _ = writeln!(page, "::: include contact {{topic=\"{n}\"}}");
                }
                Includes::Inlined => page.push_str(
                    &contact_snippet(lang)
                        .replacen(" {if=\"topic != 0\"}", "", 1)
                        .replace("{{ topic }}", &n.to_string()),
                ),
                Includes::None => {}
            }
            fs::write(path, page)?;
        }
    }
    Ok(())
}

/// The checkout's own `site.toml` (so every parameter the theme uses exists) set to
/// `theme`, with its language codes. Content written in Japanese for `ja`, English for
/// any other code.
fn site_toml(repo: &Path, theme: Theme) -> io::Result<(String, Vec<String>)> {
    let original = fs::read_to_string(repo.join("site.toml"))?;
    let mut replaced = false;
    let mut text = String::with_capacity(original.len());
    for line in original.lines() {
        if !replaced && line.trim_start().starts_with("theme ") {
            let _ = writeln!(text, "theme = \"{}\"", theme.name());
            replaced = true;
        } else {
            text.push_str(line);
            text.push('\n');
        }
    }
    if !replaced {
        return Err(io::Error::other("site.toml has no `theme = …` line"));
    }
    let value: toml::Value = toml::from_str(&text).map_err(io::Error::other)?;
    if value.get("theme").and_then(toml::Value::as_str) != Some(theme.name()) {
        return Err(io::Error::other(
            "site.toml's `theme` is not a top-level key",
        ));
    }
    let codes = value
        .get("languages")
        .and_then(toml::Value::as_array)
        .map(|langs| {
            langs
                .iter()
                .filter_map(|l| l.get("code")?.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    Ok((text, codes))
}

/// `s000/p00001.md` for page `n` (n ≥ 1; page 0 is `index.md`).
fn page_rel(n: usize) -> String {
    format!("s{:03}/p{n:05}.md", n / PER_FOLDER)
}

/// The link from page `from` to page `to` (both ≥ 1), relative to `from`'s folder.
fn link_to(to: usize) -> String {
    format!("../{}", page_rel(to))
}

fn index_page(lang: &str, pages: usize) -> String {
    let (title, intro) = match lang {
        "ja" => (
            "ベンチマーク用ガイド",
            "{{ university }} のサンプルガイドです。",
        ),
        _ => ("Benchmark guide", "A sample guide for {{ university }}."),
    };
    let mut md = format!("---\ntitle: \"{title}\"\nweight: 0\n---\n\n{intro}\n\n");
    for n in (1..pages).take(20) {
        let _ = writeln!(md, "- [{} {n}]({})", topic_word(lang), page_rel(n));
    }
    md
}

/// The overview of the guide in `s000/` (its pages 1–3 are its steps).
fn guide_index_page(lang: &str) -> String {
    let (title, word) = match lang {
        "ja" => ("設定の手順", "手順"),
        _ => ("Setup steps", "Step"),
    };
    let mut md = format!("---\ntitle: \"{title}\"\nweight: 1\n---\n\n");
    for n in 1..=3 {
        let _ = writeln!(md, "- [{word} {n}](p{n:05}.md)");
    }
    md
}

fn topic_word(lang: &str) -> &'static str {
    match lang {
        "ja" => "トピック",
        _ => "Topic",
    }
}

/// Page `n` of `pages` in language `lang`.
/// A snippet of about the size of a real shared fragment: a callout, a short list and
/// parameters, one of them the include's argument.
fn contact_snippet(lang: &str) -> String {
    if lang == "ja" {
        "::: note {if=\"topic != 0\"}\nトピック {{ topic }} について質問があれば、{{ support_desk }}（{{ support_hours }}）に連絡してください。\n\n- 電話: {{ support_phone }}\n- メール: [{{ support_email }}](mailto:{{support_email}})\n:::\n".into()
    } else {
        "::: note {if=\"topic != 0\"}\nQuestions about topic {{ topic }}? Contact the {{ support_desk }} ({{ support_hours }}).\n\n- Phone: {{ support_phone }}\n- Email: [{{ support_email }}](mailto:{{support_email}})\n:::\n".into()
    }
}

fn topic_page(lang: &str, n: usize, pages: usize) -> String {
    let ja = lang == "ja";
    let mut rng = Lcg::new(n as u64 * 2 + u64::from(ja));
    let next = if n + 1 < pages { n + 1 } else { 1 };
    let prev = if n > 1 { n - 1 } else { pages - 1 };
    let far = (n * 7919) % (pages - 1).max(1) + 1;
    let step = (n <= 3 && pages > 4).then_some(n);
    let mut md = String::with_capacity(6000);
    let title = if ja {
        format!("トピック {n}: 認証方法の設定")
    } else {
        format!("Topic {n}: setting up a sign-in method")
    };
    let _ = write!(
        md,
        "---\ntitle: \"{title}\"\ndescription: \"{title}\"\nweight: {n}\n"
    );
    if let Some(step) = step {
        let _ = writeln!(md, "step: {step}");
    }
    md.push_str("---\n\n");
    let t = Texts::new(ja);
    let _ = writeln!(md, "{} {}\n", t.intro, prose(&mut rng, ja, 80));
    let _ = writeln!(md, "## {} {{#overview}}\n", t.overview);
    let _ = writeln!(
        md,
        "{} [{}]({}), [{}]({}#setup), [{}]({}#faq-{far}-a).\n",
        prose(&mut rng, ja, 40),
        t.prev,
        link_to(prev),
        t.next,
        link_to(next),
        t.faq_link,
        link_to(far),
    );
    let _ = writeln!(md, "| {} | {} |\n| --- | --- |", t.col_have, t.col_method);
    for (have, method) in t.rows {
        let _ = writeln!(md, "| {have} | {method} |");
    }
    md.push('\n');
    for _ in 0..4 {
        let _ = writeln!(md, "- {}", prose(&mut rng, ja, 10));
    }
    let _ = writeln!(md, "\n{}\n", prose(&mut rng, ja, 90));
    method_section(&mut md, &mut rng, &t, n);
    faq_section(&mut md, &mut rng, &t, n);
    md
}

fn method_section(md: &mut String, rng: &mut Lcg, t: &Texts, n: usize) {
    let ja = t.ja;
    let _ = writeln!(md, "## {} {{#setup}}\n", t.setup);
    let _ = writeln!(md, "::: method {{#method-app-{n}}} {}\n", t.method);
    let _ = writeln!(md, "{}\n\n::: steps\n", prose(rng, ja, 40));
    let _ = writeln!(
        md,
        "1. {{pc}} {} [{}]({{{{security_info_url}}}}).\n",
        prose(rng, ja, 12),
        t.security_info
    );
    let _ = writeln!(md, "2. {{phone}} {}\n", prose(rng, ja, 20));
    let _ = writeln!(
        md,
        "3. {{both}} {} {{{{ support_desk }}}}.\n",
        prose(rng, ja, 20)
    );
    let _ = writeln!(md, "4. {{both}} {}\n\n:::\n", prose(rng, ja, 15));
    let _ = writeln!(md, "![{}](../img/screen.png)\n", t.screenshot);
    let _ = writeln!(md, "```sh\n# {}\ncurl -fsS https://bench.example/api/v1/pages/{n} | jq '.title'\nfor i in 1 2 3; do echo \"step $i\"; done\n```\n", t.comment);
    md.push_str(":::\n\n::: note\n\n");
    let _ = writeln!(md, "{}\n\n:::\n", prose(rng, ja, 40));
    let _ = writeln!(md, "{}\n", prose(rng, ja, 50));
}

fn faq_section(md: &mut String, rng: &mut Lcg, t: &Texts, n: usize) {
    let ja = t.ja;
    let _ = writeln!(md, "## {} {{#questions}}\n", t.questions);
    for (suffix, question) in [("a", t.q1), ("b", t.q2)] {
        let _ = writeln!(md, "::: faq {{#faq-{n}-{suffix}}} {question}\n");
        let _ = writeln!(md, "{}\n\n:::\n", prose(rng, ja, 70));
    }
}

/// Filler prose of about `words` words (Japanese: the same number of phrases ÷ 3).
fn prose(rng: &mut Lcg, ja: bool, words: usize) -> String {
    let mut text = String::with_capacity(words * 8);
    if ja {
        for i in 0..words.div_ceil(3) {
            text.push_str(JA_PHRASES[rng.below(JA_PHRASES.len())]);
            if i % 2 == 1 {
                text.push_str(JA_ENDINGS[rng.below(JA_ENDINGS.len())]);
            }
        }
        if !text.ends_with('。') {
            text.push_str(JA_ENDINGS[0]);
        }
        return text;
    }
    let mut sentence_start = true;
    for i in 0..words {
        let word = EN_WORDS[rng.below(EN_WORDS.len())];
        if sentence_start {
            let mut chars = word.chars();
            if let Some(first) = chars.next() {
                text.extend(first.to_uppercase());
                text.push_str(chars.as_str());
            }
        } else {
            text.push_str(word);
        }
        sentence_start = i % 11 == 10 || i + 1 == words;
        text.push_str(if sentence_start { ". " } else { " " });
    }
    text.truncate(text.trim_end().len());
    text
}

/// The fixed strings of a page in one language.
struct Texts {
    ja: bool,
    intro: &'static str,
    overview: &'static str,
    prev: &'static str,
    next: &'static str,
    faq_link: &'static str,
    col_have: &'static str,
    col_method: &'static str,
    rows: [(&'static str, &'static str); 3],
    setup: &'static str,
    method: &'static str,
    security_info: &'static str,
    screenshot: &'static str,
    comment: &'static str,
    questions: &'static str,
    q1: &'static str,
    q2: &'static str,
}

impl Texts {
    fn new(ja: bool) -> Self {
        if ja {
            return Self {
                ja,
                intro: "{{ university }} の認証方法を設定します。",
                overview: "概要",
                prev: "前のトピック",
                next: "次のトピックの設定",
                faq_link: "よくある質問",
                col_have: "お持ちのもの",
                col_method: "登録する方法",
                rows: [
                    ("スマートフォン", "認証アプリ"),
                    ("携帯電話", "SMS"),
                    ("固定電話", "音声通話"),
                ],
                setup: "設定",
                method: "認証アプリ",
                security_info: "セキュリティ情報",
                screenshot: "設定画面のスクリーンショット",
                comment: "ページの情報を取得します",
                questions: "よくある質問",
                q1: "アプリとアカウントを連携できません。",
                q2: "コードが届きません。",
            };
        }
        Self {
            ja,
            intro: "This page sets up a sign-in method for {{ university }}.",
            overview: "Overview",
            prev: "previous topic",
            next: "setting up the next topic",
            faq_link: "a common question",
            col_have: "What you have",
            col_method: "Method to register",
            rows: [
                ("A smartphone", "Authenticator app"),
                ("A mobile phone", "Text message"),
                ("A landline", "Phone call"),
            ],
            setup: "Set up",
            method: "Authenticator app",
            security_info: "Security info",
            screenshot: "Screenshot of the setup screen",
            comment: "fetch the page's details",
            questions: "Questions",
            q1: "I can't pair the app with my account.",
            q2: "The code does not arrive.",
        }
    }
}

/// Copies the files under `from` to `to`, keeping relative paths.
fn copy_tree(from: &Path, to: &Path) -> io::Result<()> {
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.map_err(io::Error::other)?;
        let rel = entry.path().strip_prefix(from).map_err(io::Error::other)?;
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target)?;
        } else if entry.file_type().is_file() {
            fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}
