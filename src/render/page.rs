//! One output page: its template, its `page` context and the rendered HTML.

use std::collections::HashSet;

use super::bodies::PageBodies;
use super::{
    page_key, page_output, page_url, permalink, templates, Alternate, Fallback, OutputFile,
    PageContext, Slot, StepRef,
};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::load::{Page, Site};
use crate::markdown::Rendered;

/// Renders the planned pages of one build; shared by the rendering threads.
pub(super) struct PageRenderer<'a> {
    pub(super) config: &'a Config,
    pub(super) site: &'a Site,
    pub(super) rendered: &'a [Rendered],
    pub(super) bodies: &'a PageBodies,
    pub(super) theme: &'a templates::Theme,
    pub(super) steps: &'a [Vec<StepRef>],
    pub(super) tera: &'a [tera::Tera],
    /// Per language, a context holding `site` (the same for all its pages).
    pub(super) site_contexts: &'a [tera::Context],
}

impl PageRenderer<'_> {
    pub(super) fn render(&self, slot: &Slot) -> Result<OutputFile, Diagnostic> {
        let page = &self.site.pages[slot.source];
        let template = self.template_for(page)?;
        let body = self.bodies.lock(slot.source);
        let mut page_ctx = self.page_context(slot, page);
        page_ctx.content = &body;
        let mut context = self.site_contexts[slot.lang].clone();
        context.insert("page", &page_ctx);
        // Rendered straight into bytes: room for the body and the theme around it, and
        // no second pass to turn the buffer into a String.
        let mut html = Vec::with_capacity(body.len() + 32 * 1024);
        let rendered = self.tera[slot.lang]
            .render_to(template, &context, &mut html)
            .map_err(|e| self.theme.diagnostic(&e));
        self.bodies.done(slot.source, body);
        rendered?;
        let code = &self.config.languages[slot.lang].code;
        Ok(OutputFile {
            path: page_output(code, &page.rel_path),
            bytes: html,
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
            Some(best) => format!("did you mean '{best}'?"),
            None => format!("the theme's templates are: {}", names.join(", ")),
        };
        Err(Diagnostic::error(
            "unknown-template",
            &page.display_path,
            format!("the theme has no template '{name}'"),
        )
        .at(page.line_index.locate(&page.text, offset))
        .with_help(help))
    }

    /// Ids of page `source` that are not on its version in language `lang` (a fallback
    /// page shows `source` itself, so nothing is missing there).
    fn missing_ids(&self, source: usize, lang: usize, rel_path: &str) -> Vec<&str> {
        let Some(target) = self.site.page_index(lang, rel_path) else {
            return Vec::new();
        };
        if target == source {
            return Vec::new();
        }
        let there: HashSet<&str> = self.rendered[target]
            .anchors
            .iter()
            .map(|a| a.id.as_str())
            .collect();
        self.rendered[source]
            .anchors
            .iter()
            .map(|a| a.id.as_str())
            .filter(|id| !there.contains(id))
            .collect()
    }

    fn page_context<'a>(&'a self, slot: &Slot, page: &'a Page) -> PageContext<'a> {
        let config = self.config;
        let lang = slot.lang;
        let steps = &self.steps[lang];
        let position = page
            .front
            .step
            .and_then(|n| steps.iter().position(|s| s.number == n));
        let translations = config
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
                missing_ids: self.missing_ids(slot.source, i, &page.rel_path),
            })
            .collect();
        let fallback = slot.fallback.then(|| {
            let source = &config.languages[page.lang];
            Fallback {
                lang: &source.code,
                lang_name: &source.name,
            }
        });
        let rendered = &self.rendered[slot.source];
        PageContext {
            title: &page.front.title,
            description: page.front.description.as_deref().unwrap_or(""),
            // Filled in by `render` from `PageBodies`.
            content: "",
            toc: &rendered.toc,
            lang: &config.languages[lang].code,
            url: page_url(config, lang, &page.rel_path),
            permalink: permalink(config, lang, &page.rel_path),
            key: page_key(&page.rel_path),
            is_home: page.rel_path == "index.md",
            step: page.front.step,
            step_total: steps.len(),
            prev_step: position
                .and_then(|i| i.checked_sub(1))
                .and_then(|i| steps.get(i))
                .cloned(),
            next_step: position.and_then(|i| steps.get(i + 1)).cloned(),
            translations,
            fallback,
            has_code: rendered.has_code,
        }
    }
}
