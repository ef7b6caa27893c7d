//! What each language's templates see: its Tera (with `t()`, `pages()`, …), its `site`
//! context, and the URLs of its pages.

use std::sync::Arc;

use super::guides::LanguageOutline;
use super::plan::Slot;
use super::{
    functions, templates, AnnouncementContext, GuideRef, LanguageRef, MenuEntry, SiteContext,
};
use crate::config::Config;
use crate::i18n::Translations;
use crate::load::{Page, Site};
use crate::urls::{encode_path, page_path};

/// The folder of a page below `content/`: `ja/faq.md` → `ja`, `ja/a/b.md` → `ja/a`.
pub(super) fn page_dir(lang: &str, rel_path: &str) -> String {
    match rel_path.rsplit_once('/') {
        Some((dir, _)) => format!("{lang}/{dir}"),
        None => lang.to_string(),
    }
}

pub(super) fn page_url(config: &Config, lang: usize, rel_path: &str) -> String {
    format!(
        "{}{}",
        config.base_path,
        encode_path(&page_path(&config.languages[lang].code, rel_path))
    )
}

/// The absolute URL of page `rel_path` in language `lang`.
pub(super) fn permalink(config: &Config, lang: usize, rel_path: &str) -> String {
    format!(
        "{}{}",
        config.base_url,
        encode_path(&page_path(&config.languages[lang].code, rel_path))
    )
}

pub(super) fn page_key(rel_path: &str) -> String {
    rel_path.strip_suffix(".md").unwrap_or(rel_path).to_string()
}

/// A copy of the theme's Tera with this language's functions registered.
pub(super) fn language_tera(
    theme: &templates::Theme,
    config: &Config,
    site: &Site,
    slots: &[Slot],
    translations: &Arc<Translations>,
    lang: usize,
    site_context: &tera::Context,
) -> tera::Tera {
    let mut tera = theme.tera.clone();
    let codes = config.languages.iter().map(|l| l.code.clone()).collect();
    tera.register_function(
        "t",
        functions::Translate {
            translations: translations.clone(),
            lang,
            codes,
        },
    );
    tera.register_function("qr_code", functions::QrCode::default());
    tera.register_filter("phrase_breaks", functions::PhraseBreaks);
    tera.register_function(
        "pages",
        functions::Pages {
            pages: pages_value(config, site, slots, lang),
        },
    );
    let inner = Arc::new(tera.clone());
    tera.register_function(
        "cached_include",
        functions::CachedInclude {
            tera: inner,
            context: site_context.clone(),
            rendered: Default::default(),
        },
    );
    tera
}

fn pages_value(config: &Config, site: &Site, slots: &[Slot], lang: usize) -> serde_json::Value {
    let mut pages: Vec<&Page> = slots
        .iter()
        .filter(|s| s.lang == lang)
        .map(|s| &site.pages[s.source])
        .collect();
    pages.sort_by(|a, b| (a.front.weight, &a.rel_path).cmp(&(b.front.weight, &b.rel_path)));
    let list = pages
        .iter()
        .map(|p| {
            serde_json::json!({
                "title": p.front.title,
                "url": page_url(config, lang, &p.rel_path),
                "key": page_key(&p.rel_path),
                "step": p.front.step,
                "weight": p.front.weight,
            })
        })
        .collect();
    serde_json::Value::Array(list)
}

/// The `site` context for language `lang`.
pub(crate) fn site_context<'a>(
    config: &'a Config,
    lang: usize,
    guides: &'a [GuideRef],
    menu: &'a [MenuEntry],
) -> SiteContext<'a> {
    let language = &config.languages[lang];
    SiteContext {
        title: &language.title,
        description: &language.description,
        base_url: &config.base_url,
        base_path: &config.base_path,
        lang: &language.code,
        lang_name: &language.name,
        default_lang: &config.default_lang().code,
        languages: config
            .languages
            .iter()
            .enumerate()
            .map(|(i, l)| LanguageRef {
                code: &l.code,
                name: &l.name,
                url: page_url(config, i, "index.md"),
                title: &l.title,
                params: &l.params,
            })
            .collect(),
        params: &language.params,
        guides,
        menu,
        home_url: page_url(config, lang, "index.md"),
        generator: concat!("tebiki ", env!("CARGO_PKG_VERSION")),
        search: config.search.enabled,
        theme: &config.theme_options,
        announcement: config
            .announcement
            .as_ref()
            .filter(|a| a.shown_on(crate::dates::today()))
            .map(|a| AnnouncementContext {
                html: crate::markdown::render_inline(&a.text[lang]),
                until: a.until.map(|d| d.to_string()),
                id: &a.id,
            }),
    }
}

/// Per language, a context holding only `site` (each page adds its own `page`).
pub(super) fn site_contexts(config: &Config, outlines: &[LanguageOutline]) -> Vec<tera::Context> {
    outlines
        .iter()
        .enumerate()
        .map(|(lang, outline)| {
            let mut context = tera::Context::new();
            let site_ctx = site_context(config, lang, &outline.guides, &outline.menu);
            context.insert("site", &site_ctx);
            context
        })
        .collect()
}
