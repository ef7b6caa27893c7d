//! Old addresses of pages (`aliases:` in front matter): each becomes a small page at the
//! old address that sends the reader on to the page, so URLs printed on posters and in QR
//! codes keep working after a page moves.
//!
//! [`plan_aliases`] decides where every alias page goes before anything is rendered or
//! written, against every other output path of the build (pages, content files, theme
//! files, the chooser, 404 page, sitemap and robots.txt): an alias that would replace any
//! of them, or another alias, is an error at the alias's front-matter line, and nothing
//! is overwritten. [`AliasPlan::render`] then makes the pages, each in its page's language.

use crate::diagnostics::Code;
use crate::text;
use std::collections::HashMap;

use super::{page_url, permalink, OutputFile, Slot};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::i18n::Translations;
use crate::load::Site;
use crate::markdown::escape_html;
use crate::urls::page_output;

/// An alias page of the built site, for `check` (a content link to it gets a warning).
#[derive(Debug, Clone)]
pub struct AliasReport {
    /// The alias page's output file, e.g. `ja/old-faq/index.html`.
    pub output: String,
    /// The page it sends readers to, as `lang/rel_path` below `content/` (`ja/faq.md`).
    pub target_content: String,
    /// The output file of that page (`ja/faq/index.html`).
    pub target_output: String,
    /// That page's root-relative URL (`/ja/faq/`).
    pub target_url: String,
}

/// One alias page to render: page `source` (in its own language) at `output`.
struct Planned {
    source: usize,
    output: String,
}

/// Every alias page of the build, already checked against every other output path.
#[derive(Default)]
pub struct AliasPlan {
    planned: Vec<Planned>,
}

/// Who already owns an output path.
enum Owner {
    Page(usize),
    File(String),
    Generated(&'static str),
    Alias { source: usize, line: usize },
}

/// Plans the alias pages of every page. `static_files` are the theme's files as output
/// paths. Bad or colliding aliases are returned as diagnostics and left out.
pub fn plan_aliases(
    config: &Config,
    site: &Site,
    slots: &[Slot],
    static_files: &[String],
) -> (AliasPlan, Vec<Diagnostic>) {
    let mut plan = AliasPlan::default();
    if site.pages.iter().all(|p| p.front.aliases.is_empty()) {
        // Most builds: no table of every output path to make.
        return (plan, Vec::new());
    }
    let mut owners = output_owners(config, site, slots, static_files);
    let mut diagnostics = Vec::new();
    for (source, page) in site.pages.iter().enumerate() {
        let code = &config.languages[page.lang].code;
        for (i, alias) in page.front.aliases.iter().enumerate() {
            let offset = page.front.spans.aliases.get(i).copied().unwrap_or(0);
            let (line, column) = page.line_index.locate(&page.text, offset);
            let path = page.display_path.as_str();
            let problem = match alias_output(code, alias) {
                Err(reason) => Some(bad_alias(path, alias, reason)),
                Ok(output) => match owner_of(&owners, &output) {
                    Some(owner) => Some(collision(config, site, (source, alias), &output, owner)),
                    None => {
                        owners.insert(output.clone(), Owner::Alias { source, line });
                        plan.planned.push(Planned { source, output });
                        None
                    }
                },
            };
            if let Some(d) = problem {
                diagnostics.push(d.at((line, column)));
            }
        }
    }
    (plan, diagnostics)
}

/// Who owns `output`, or a folder it needs that is a file (`tebiki.css/index.html` cannot
/// be written where `tebiki.css` is a file).
fn owner_of<'o>(owners: &'o HashMap<String, Owner>, output: &str) -> Option<&'o Owner> {
    owners.get(output).or_else(|| {
        output
            .match_indices('/')
            .find_map(|(at, _)| owners.get(&output[..at]))
    })
}

/// Every output path the build makes besides alias pages, with what makes it.
fn output_owners(
    config: &Config,
    site: &Site,
    slots: &[Slot],
    static_files: &[String],
) -> HashMap<String, Owner> {
    let mut owners = HashMap::with_capacity(slots.len() + site.assets.len());
    for (path, what) in [
        ("index.html", "chooser"),
        ("404.html", "not-found"),
        ("sitemap.xml", "sitemap"),
        ("robots.txt", "robots"),
    ] {
        owners.insert(path.to_string(), Owner::Generated(what));
    }
    for path in static_files {
        let shown = format!("themes/{}/static/{path}", config.theme);
        owners.insert(path.clone(), Owner::File(shown));
    }
    for asset in &site.assets {
        let code = &config.languages[asset.lang].code;
        let path = format!("{code}/{}", asset.rel_path);
        owners.insert(
            path,
            Owner::File(format!("content/{code}/{}", asset.rel_path)),
        );
    }
    for slot in slots {
        let code = &config.languages[slot.lang].code;
        let output = page_output(code, &site.pages[slot.source].rel_path);
        owners.insert(output, Owner::Page(slot.source));
    }
    owners
}

/// The output file of `alias` on a page of language `code`: below the language folder, or
/// from the base path when it starts with `/`. A folder address gets an `index.html`.
/// The error is the `reason` selector of the `bad-alias` message.
fn alias_output(code: &str, alias: &str) -> Result<String, &'static str> {
    let alias = alias.trim();
    if alias.is_empty() {
        return Err("empty");
    }
    if alias.contains("://") || alias.starts_with("//") {
        return Err("full-url");
    }
    if alias.contains(['?', '#', '\\']) || alias.chars().any(char::is_control) {
        return Err("special");
    }
    let parts: Vec<&str> = alias.split('/').filter(|p| !p.is_empty()).collect();
    if parts.iter().any(|p| *p == "." || *p == "..") {
        return Err("dots");
    }
    let mut path = if alias.starts_with('/') {
        String::new()
    } else {
        format!("{code}/")
    };
    path.push_str(&parts.join("/"));
    let is_file = parts
        .last()
        .is_some_and(|last| last.ends_with(".html") || last.ends_with(".htm"));
    if !is_file {
        if !path.is_empty() && !path.ends_with('/') {
            path.push('/');
        }
        path.push_str("index.html");
    }
    Ok(path)
}

fn bad_alias(path: &str, alias: &str, reason: &str) -> Diagnostic {
    Diagnostic::error(
        Code::BadAlias,
        path,
        text!("bad-alias", alias = alias, reason = reason),
    )
    .with_help(text!("bad-alias-help"))
}

/// The error for alias `alias` of page `source` whose output path `output` has an owner.
fn collision(
    config: &Config,
    site: &Site,
    (source, alias): (usize, &str),
    output: &str,
    owner: &Owner,
) -> Diagnostic {
    // `owner` selects the end of the message and the help line; `name` and `line` fill it.
    let (owner, name, line) = match owner {
        Owner::Page(page) if *page == source => ("self", String::new(), 0),
        Owner::Page(page) => ("page", site.pages[*page].display_path.clone(), 0),
        Owner::File(path) => ("file", path.clone(), 0),
        Owner::Generated(what) => ("generated", what.to_string(), 0),
        Owner::Alias {
            source: other,
            line,
        } => ("alias", site.pages[*other].display_path.clone(), *line),
    };
    let shown = output.strip_suffix("index.html").unwrap_or(output);
    Diagnostic::error(
        Code::AliasCollision,
        &site.pages[source].display_path,
        text!(
            "alias-collision",
            alias = alias,
            address = format!("{}{shown}", config.base_path),
            owner = owner,
            name = name,
            line = line
        ),
    )
    .with_help(text!("alias-collision-help", owner = owner))
}

impl AliasPlan {
    /// The alias pages and their reports for `check`.
    pub fn render(
        &self,
        config: &Config,
        site: &Site,
        translations: &Translations,
    ) -> (Vec<OutputFile>, Vec<AliasReport>) {
        self.planned
            .iter()
            .map(|planned| {
                let page = &site.pages[planned.source];
                let code = &config.languages[page.lang].code;
                let report = AliasReport {
                    output: planned.output.clone(),
                    target_content: format!("{code}/{}", page.rel_path),
                    target_output: page_output(code, &page.rel_path),
                    target_url: page_url(config, page.lang, &page.rel_path),
                };
                let html = alias_html(config, site, planned.source, translations);
                let file = OutputFile {
                    path: planned.output.clone(),
                    bytes: html.into(),
                };
                (file, report)
            })
            .unzip()
    }
}

/// The page at an old address: an immediate refresh to the page, its canonical address,
/// and a visible link for browsers that do not follow the refresh. It stands alone (no
/// theme files, an empty icon so browsers ask for no `/favicon.ico`): it is seen for an
/// instant, and works whatever the theme.
fn alias_html(config: &Config, site: &Site, source: usize, translations: &Translations) -> String {
    let page = &site.pages[source];
    let code = &config.languages[page.lang].code;
    let url = escape_html(&page_url(config, page.lang, &page.rel_path));
    let canonical = escape_html(&permalink(config, page.lang, &page.rel_path));
    let heading = escape_html(&translations.get(page.lang, "alias-title", None));
    let text = escape_html(&translations.get(page.lang, "alias-text", None));
    let title = escape_html(&page.front.title);
    let site_title = escape_html(&config.languages[page.lang].title);
    let lang = escape_html(code);
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{heading} | {site_title}</title>\n\
         <meta name=\"robots\" content=\"noindex\">\n\
         <link rel=\"icon\" href=\"data:,\">\n\
         <link rel=\"canonical\" href=\"{canonical}\">\n\
         <meta http-equiv=\"refresh\" content=\"0; url={url}\">\n</head>\n<body>\n\
         <main>\n<h1>{heading}</h1>\n<p>{text} <a href=\"{url}\">{title}</a></p>\n</main>\n\
         </body>\n</html>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::alias_output;

    #[test]
    fn aliases_are_below_the_language_or_the_base_path() {
        assert_eq!(alias_output("ja", "old/").unwrap(), "ja/old/index.html");
        assert_eq!(alias_output("ja", "old").unwrap(), "ja/old/index.html");
        assert_eq!(
            alias_output("en", "/mfa/old/").unwrap(),
            "mfa/old/index.html"
        );
        assert_eq!(alias_output("en", "old.html").unwrap(), "en/old.html");
        assert_eq!(alias_output("en", "/").unwrap(), "index.html");
    }

    #[test]
    fn addresses_that_leave_the_site_are_refused() {
        for alias in [
            "",
            "  ",
            "https://x.example/a/",
            "//x/",
            "../a/",
            "a/./b",
            "a?b",
            "a#b",
        ] {
            assert!(alias_output("ja", alias).is_err(), "{alias:?}");
        }
    }
}
