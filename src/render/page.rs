//! One output page: its template, its `page` context and the rendered HTML.

use crate::diagnostics::Code;
use crate::text;
use std::collections::HashSet;

use super::{
    page_key, page_output, page_url, permalink, templates, Alternate, Fallback, OutputFile,
    PageContext, Slot,
};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::load::{Page, Site};
use crate::markdown::Rendered;

/// Renders the planned pages of one build; shared by the rendering threads.
pub(super) struct PageRenderer<'a> {
    pub(super) config: &'a Config,
    pub(super) site: &'a Site,
    pub(super) theme: &'a templates::Theme,
    /// Per language, its guides and menu.
    pub(super) outlines: &'a [super::guides::LanguageOutline],
    pub(super) tera: &'a [tera::Tera],
    /// Per language, a context holding `site` (the same for all its pages).
    pub(super) site_contexts: &'a [tera::Context],
    /// Whether the site uses a parameter (for the help of an unknown one).
    pub(super) param_use: &'a super::param_use::ParamUse<'a>,
    /// The content's image files and their sizes.
    pub(super) images: &'a super::images::ImageCatalog<'a>,
}

impl PageRenderer<'_> {
    /// Renders `slot`; `group` holds the rendered Markdown of every page with its path.
    /// `contexts` are this thread's copies of the per-language contexts holding `site`:
    /// each page only replaces `page` in its language's.
    pub(super) fn render(
        &self,
        slot: &Slot,
        group: &[(usize, Rendered)],
        contexts: &mut [tera::Context],
    ) -> Result<OutputFile, Diagnostic> {
        let page = &self.site.pages[slot.source];
        let template = self.template_for(page)?;
        let Some(own) = rendered_in(group, slot.source) else {
            // Every page of a path is rendered with its group; this would be a bug.
            return Err(
                Diagnostic::error(Code::Internal, &page.display_path, text!("internal"))
                    .with_help(text!("internal-help")),
            );
        };
        let body = &own.html;
        let page_ctx = self.page_context(slot, page, own, group);
        let context = &mut contexts[slot.lang];
        context.insert("page", &page_ctx);
        // Rendered straight into bytes: room for the body and the theme around it, and
        // no second pass to turn the buffer into a String.
        let mut html = Vec::with_capacity(body.len() + 32 * 1024);
        self.tera[slot.lang]
            .render_to(template, context, &mut html)
            .map_err(|e| self.theme.diagnostic(&e))?;
        let code = &self.config.languages[slot.lang].code;
        Ok(OutputFile {
            path: page_output(code, &page.rel_path),
            bytes: html.into(),
        })
    }

    fn template_for<'p>(&self, page: &'p Page) -> Result<&'p str, Diagnostic> {
        let name = page.front.template.as_deref().unwrap_or("page.html");
        if self.theme.has(name) {
            return Ok(name);
        }
        let offset = page.text.find("template:").unwrap_or(0);
        let names: Vec<&str> = self.theme.names().collect();
        let help = match crate::suggest::closest(name, names.iter().copied()) {
            Some(best) => text!("did-you-mean", suggestion = best),
            None => text!("unknown-template-help", names = names.join(", ")),
        };
        Err(Diagnostic::error(
            Code::UnknownTemplate,
            &page.display_path,
            text!("unknown-template", name = name),
        )
        .at(page.line_index.locate(&page.text, offset))
        .with_help(help))
    }

    /// Ids of page `source` that are not on its version in language `lang` (a fallback
    /// page shows `source` itself, so nothing is missing there).
    fn missing_ids<'g>(
        &self,
        group: &'g [(usize, Rendered)],
        source: usize,
        lang: usize,
        rel_path: &str,
    ) -> Vec<&'g str> {
        let Some(target) = self.site.page_index(lang, rel_path) else {
            return Vec::new();
        };
        if target == source {
            return Vec::new();
        }
        let (Some(there), Some(here)) = (rendered_in(group, target), rendered_in(group, source))
        else {
            return Vec::new();
        };
        let there: HashSet<&str> = there.anchors.iter().map(|a| a.id.as_str()).collect();
        here.anchors
            .iter()
            .map(|a| a.id.as_str())
            .filter(|id| !there.contains(id))
            .collect()
    }

    /// The `page` context of `slot`, which shows `page` rendered as `rendered`.
    fn page_context<'a>(
        &'a self,
        slot: &Slot,
        page: &'a Page,
        rendered: &'a Rendered,
        group: &'a [(usize, Rendered)],
    ) -> PageContext<'a> {
        let config = self.config;
        let lang = slot.lang;
        let guide = self
            .site
            .outline
            .guide_of(&page.rel_path)
            .and_then(|i| self.outlines[lang].guide(i));
        let steps = guide.map_or(&[][..], |g| &g.steps[..]);
        let position = page
            .front
            .step
            .and_then(|n| steps.iter().position(|s| s.number == n));
        let translations: Vec<Alternate> = config
            .languages
            .iter()
            .enumerate()
            .map(|(i, l)| Alternate {
                code: &l.code,
                name: &l.name,
                url: page_url(config, i, &page.rel_path),
                permalink: permalink(config, i, &page.rel_path),
                current: i == lang,
                translated: self.site.page_index(i, &page.rel_path).is_some(),
                missing_ids: self.missing_ids(group, slot.source, i, &page.rel_path),
            })
            .collect();
        let x_default = translations
            .get(config.default_language)
            .filter(|alt| alt.translated)
            .map(|alt| alt.permalink.clone());
        let fallback = slot.fallback.then(|| {
            let source = &config.languages[page.lang];
            Fallback {
                lang: &source.code,
                lang_name: &source.name,
            }
        });
        PageContext {
            title: &page.front.title,
            description: page.front.description.as_deref().unwrap_or(""),
            content: &rendered.html,
            toc: &rendered.toc,
            lang: &config.languages[lang].code,
            // This language's own alternate already has them.
            url: translations[lang].url.clone(),
            permalink: translations[lang].permalink.clone(),
            canonical: translations[if slot.fallback { page.lang } else { lang }]
                .permalink
                .clone(),
            key: page_key(&page.rel_path),
            is_home: page.rel_path == "index.md",
            step: page.front.step,
            is_guide_index: guide.is_some_and(|g| g.url == translations[lang].url),
            guide,
            step_total: steps.len(),
            prev_step: position
                .and_then(|i| i.checked_sub(1))
                .and_then(|i| steps.get(i))
                .cloned(),
            next_step: position.and_then(|i| steps.get(i + 1)).cloned(),
            translations,
            x_default,
            fallback,
            has_code: rendered.has_code,
            updated: page.front.updated.map(Into::into),
            reviewed: page.front.reviewed.map(Into::into),
        }
    }
}

/// The rendered Markdown of page `source` in its path group (every page of the path is
/// in it).
pub(super) fn rendered_in(group: &[(usize, Rendered)], source: usize) -> Option<&Rendered> {
    group.iter().find(|(s, _)| *s == source).map(|(_, r)| r)
}
