//! The template context: typed structs whose fields are the theme's contract.
//!
//! Every page template gets `site` ([`SiteContext`]) and `page` ([`PageContext`]);
//! functions `t`, `pages` and `qr_code` are described in `functions.rs`.

use serde::Serialize;

use crate::config::Params;
use crate::markdown::TocEntry;

/// `site`: the same for every page of one language.
#[derive(Debug, Clone, Serialize)]
pub struct SiteContext<'a> {
    /// The site title in the page's language.
    pub title: &'a str,
    pub description: &'a str,
    /// The public address, ending in `/`.
    pub base_url: &'a str,
    /// The path part of `base_url` (`/` or `/guide/`).
    pub base_path: &'a str,
    /// The page's language code and name.
    pub lang: &'a str,
    pub lang_name: &'a str,
    /// The code of `default_language` from site.toml (for `hreflang="x-default"`).
    pub default_lang: &'a str,
    /// All languages, in site.toml order, each with its home page URL.
    pub languages: Vec<LanguageRef<'a>>,
    /// `[params]` merged for this language.
    pub params: &'a Params,
    /// Every guide of this language, ordered by its index page's `weight`, then title.
    pub guides: &'a [GuideRef],
    /// The menu's top level: the guides and the pages directly in the language folder
    /// that are in no guide, ordered by `weight`, then title.
    pub menu: &'a [MenuEntry],
    /// The URL of this language's home page.
    pub home_url: String,
    /// `tebiki <version>`.
    pub generator: &'static str,
    /// `[search] enabled`: the theme shows its search box.
    pub search: bool,
    /// `[theme]` branding: `logo` (a path below the output root, to put after
    /// `base_path`) and `accent` (`light` and `dark` colours), each absent when not set.
    pub theme: &'a crate::config::ThemeOptions,
    /// `[announcement]` in this language, unless its `until` day has passed at build
    /// time: `html` (its text as inline HTML), `until` (`YYYY-MM-DD` or absent, for the
    /// theme's script to hide it on later days) and `id` (changes with the text, for
    /// "dismissed").
    pub announcement: Option<AnnouncementContext<'a>>,
}

/// The announcement in one language.
#[derive(Debug, Clone, Serialize)]
pub struct AnnouncementContext<'a> {
    pub html: String,
    pub until: Option<String>,
    pub id: &'a str,
}

/// A language and the URL of its home page.
#[derive(Debug, Clone, Serialize)]
pub struct LanguageRef<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub url: String,
    /// The site title in that language (for pages that serve every language: the root
    /// chooser and the 404 page).
    pub title: &'a str,
    /// `[params]` merged for that language.
    pub params: &'a Params,
}

/// A step page, for step navigation and the checklist.
#[derive(Debug, Clone, Serialize)]
pub struct StepRef {
    pub number: u32,
    pub title: String,
    /// Front matter `short_title`, else the title: the step bar's label on phones.
    pub short_title: String,
    pub url: String,
    /// The same in every language (the page's path without `.md`): the checklist's key.
    pub key: String,
}

/// A guide: a folder with an `index.md` and step pages (the language folder counts).
#[derive(Debug, Clone, Serialize)]
pub struct GuideRef {
    /// The title of its `index.md`.
    pub title: String,
    /// The URL of its `index.md`.
    pub url: String,
    /// Its folder below `content/<lang>/` (`""` for the language folder): the same in
    /// every language, so it names the guide's progress record.
    pub dir: String,
    /// The `weight` of its `index.md`.
    pub weight: i64,
    /// Its step pages, in step order.
    pub steps: Vec<StepRef>,
    /// Every page of the guide but its index: the steps in step order, then the other
    /// pages by `weight`, then title.
    pub pages: Vec<MenuPage>,
}

/// A page of a guide, for the menu.
#[derive(Debug, Clone, Serialize)]
pub struct MenuPage {
    pub title: String,
    pub url: String,
    /// Its step number, if it is a step page.
    pub step: Option<u32>,
}

/// One entry of the menu's top level: a guide or a page outside any guide.
#[derive(Debug, Clone, Serialize)]
pub struct MenuEntry {
    pub title: String,
    pub url: String,
    pub weight: i64,
    pub is_guide: bool,
}

/// The same page in another language (for the switcher and hreflang).
#[derive(Debug, Clone, Serialize)]
pub struct Alternate<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub url: String,
    pub permalink: String,
    /// This is the page being rendered.
    pub current: bool,
    /// False when that language has no translation (its page is a fallback).
    pub translated: bool,
    /// Ids of this page that the other language's page lacks: the switcher keeps a
    /// `#fragment` only when the target has that id.
    pub missing_ids: Vec<&'a str>,
}

/// Set when a page is shown in another language because it is not translated yet.
#[derive(Debug, Clone, Serialize)]
pub struct Fallback<'a> {
    /// The language the content is actually in.
    pub lang: &'a str,
    pub lang_name: &'a str,
}

/// `page`: one page.
#[derive(Debug, Clone, Serialize)]
pub struct PageContext<'a> {
    pub title: &'a str,
    pub description: &'a str,
    /// The rendered Markdown body (already HTML: print with `| safe`).
    pub content: &'a str,
    /// Headings (level 2-3) and methods/FAQ entries (level 3), in order.
    pub toc: &'a [TocEntry],
    pub lang: &'a str,
    /// Root-relative URL, e.g. `/ja/faq/`.
    pub url: String,
    /// Absolute URL, from `base_url`.
    pub permalink: String,
    /// The URL for `<link rel="canonical">`: the permalink, or for a fallback page (shown
    /// in another language's folder until it is translated) the page in the language it
    /// is written in, so search engines index the text once, at its own address.
    pub canonical: String,
    /// Path below `content/<lang>/` without `.md`: the same in every language.
    pub key: String,
    pub is_home: bool,
    pub step: Option<u32>,
    /// The guide this page belongs to (its index, steps and other pages), if any.
    pub guide: Option<&'a GuideRef>,
    /// This page is its guide's `index.md` (where the checklist goes).
    pub is_guide_index: bool,
    /// How many step pages the page's guide has.
    pub step_total: usize,
    pub prev_step: Option<StepRef>,
    pub next_step: Option<StepRef>,
    /// Every language's version of this page, in site.toml order.
    pub translations: Vec<Alternate<'a>>,
    /// The default language's permalink of this page when that language translates
    /// it: the `hreflang="x-default"` alternate.
    pub x_default: Option<String>,
    pub fallback: Option<Fallback<'a>>,
    pub has_code: bool,
    /// `updated:` from front matter: when the content last changed.
    pub updated: Option<DateContext>,
    /// `reviewed:` from front matter: when the content was last confirmed right.
    pub reviewed: Option<DateContext>,
}

/// A front-matter date, in parts for `t(key="date", year=…, month=…, day=…)` (each
/// language's `.ftl` file says how a date is written) and as `iso` (`2026-04-01`) for
/// `<time datetime>`.
#[derive(Debug, Clone, Serialize)]
pub struct DateContext {
    pub iso: String,
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl From<crate::dates::Date> for DateContext {
    fn from(date: crate::dates::Date) -> Self {
        DateContext {
            iso: date.to_string(),
            year: date.year(),
            month: date.month(),
            day: date.day(),
        }
    }
}
