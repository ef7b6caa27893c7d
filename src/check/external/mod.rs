//! External links: `mailto:`/`tel:` by syntax (always), and with `--external` the web
//! links over the network: each distinct URL once, from the cache when a recent result
//! exists, else fetched with bounded concurrency and a per-host limit.

mod cache;
mod http;
mod offline;
mod pool;
mod syntax;

use crate::diagnostics::Code;
use std::collections::BTreeMap;
use std::io::Write;
use std::time::Duration;

use super::{CheckRun, ExternalLink};
use crate::config::{CheckOptions, Config};
use crate::diagnostics::{Diagnostic, Text};
use crate::text;
pub use cache::cache_file;
pub use http::USER_AGENT;

/// What checking the external links gave.
#[derive(Debug, Default)]
pub struct ExternalOutcome {
    pub diagnostics: Vec<Diagnostic>,
    /// Distinct web URLs (without fragment) that were in scope.
    pub distinct: usize,
    pub fetched: usize,
    pub cached: usize,
}

/// One URL to look at, and the links that point at it.
struct Target<'a> {
    url: String,
    want_ids: bool,
    links: Vec<(&'a ExternalLink, Option<String>)>,
}

pub fn check_external(config: &Config, links: &[ExternalLink], run: &CheckRun) -> ExternalOutcome {
    let mut outcome = ExternalOutcome::default();
    let mut targets: BTreeMap<String, Target> = BTreeMap::new();
    for link in links {
        if let Some(problem) = syntax::contact_problem(&link.url) {
            outcome.diagnostics.push(located(
                Diagnostic::error(Code::InvalidLink, &link.path, problem)
                    .with_help(text!("invalid-link-help")),
                link,
            ));
            continue;
        }
        if !is_web(&link.url) || !in_scope(&config.check, &link.url) {
            continue;
        }
        let (url, fragment) = split_fragment(&link.url);
        let target = targets.entry(url.clone()).or_insert_with(|| Target {
            url,
            want_ids: false,
            links: Vec::new(),
        });
        target.want_ids |= fragment.is_some();
        target.links.push((link, fragment));
    }
    outcome.distinct = targets.len();
    if !run.external || targets.is_empty() {
        return outcome;
    }
    let options = &config.check;
    let mut cache = cache::Cache::load();
    let (fresh, stale): (Vec<&Target>, Vec<&Target>) = targets.values().partition(|t| {
        cache
            .fresh(&t.url, options.cache_hours, t.want_ids)
            .is_some()
    });
    outcome.cached = fresh.len();
    outcome.fetched = stale.len();
    let results = fetch_all(options, &stale, run.progress, run.budget);
    for (target, result) in stale.iter().zip(&results) {
        if let Ok(entry) = result {
            cache.entries.insert(target.url.clone(), entry.clone());
        }
    }
    cache.save(options.cache_hours);
    for target in &fresh {
        if let Some(entry) = cache.entries.get(&target.url) {
            report(target, &Ok(entry.clone()), &mut outcome.diagnostics);
        }
    }
    let first = stale.first().and_then(|t| t.links.first()).map(|(l, _)| *l);
    if let Some(d) = offline::offline_error(&results, first) {
        outcome.diagnostics.push(d);
        return outcome;
    }
    for (target, result) in stale.iter().zip(&results) {
        report(target, result, &mut outcome.diagnostics);
    }
    outcome
}

fn fetch_all(
    options: &CheckOptions,
    targets: &[&Target],
    progress: Option<crate::diagnostics::Lang>,
    budget: Duration,
) -> Vec<Result<cache::Entry, http::Failure>> {
    let fetch = http::FetchOptions {
        timeout: Duration::from_secs(options.timeout.max(1)),
        retries: options.retries,
        backoff: Duration::from_millis(250),
        deadline: std::time::Instant::now() + budget,
    };
    let agent = http::agent(&fetch);
    let jobs: Vec<(String, &Target)> = targets.iter().map(|t| (host(&t.url), *t)).collect();
    let limits = pool::Limits {
        workers: options.concurrency,
        per_host: options.per_host,
    };
    let results = pool::run(
        &jobs,
        limits,
        |t| http::fetch(&agent, &t.url, t.want_ids, &fetch),
        |done, total| {
            if let Some(lang) = progress {
                let line = text!("external-progress", done = done, total = total);
                crate::err!("\r{}", line.render(lang));
                let _ = std::io::stderr().flush();
            }
        },
    );
    if progress.is_some() && !jobs.is_empty() {
        crate::errln!();
    }
    results
}

/// The diagnostics for one URL: a failure or a redirect once for the URL, a missing
/// fragment once per fragment, each at the first link and naming every place it is used
/// (an unreachable URL on 18 pages is one annotation, not 18).
fn report(
    target: &Target,
    result: &Result<cache::Entry, http::Failure>,
    out: &mut Vec<Diagnostic>,
) {
    let all: Vec<&ExternalLink> = target.links.iter().map(|(l, _)| *l).collect();
    let first = all[0];
    let name = describe(first);
    let entry = match result {
        Err(http::Failure::NotChecked) => {
            let d = Diagnostic::warning(
                Code::ExternalUnchecked,
                &first.path,
                with_args(
                    with_args(Text::fluent("external-link"), &name),
                    &http::Failure::NotChecked.args(),
                ),
            )
            .with_help(text!("external-unchecked-help"));
            out.push(grouped(d, &all));
            return;
        }
        Err(failure) => {
            let message = with_args(Text::fluent("external-link"), &name);
            let message = with_args(message, &failure.args());
            let d = Diagnostic::error(Code::ExternalLink, &first.path, message)
                .with_help(text!("external-link-help"));
            out.push(grouped(d, &all));
            return;
        }
        Ok(entry) => entry,
    };
    if let Some(to) = &entry.redirected_to {
        let d = Diagnostic::warning(
            Code::ExternalRedirect,
            &first.path,
            with_args(text!("external-redirect", to = to), &name),
        )
        .with_help(text!("external-redirect-help", to = to));
        out.push(grouped(d, &all));
    }
    let Some(ids) = &entry.ids else {
        return;
    };
    let mut missing: BTreeMap<&str, Vec<&ExternalLink>> = BTreeMap::new();
    for (link, fragment) in &target.links {
        if let Some(f) = fragment
            .as_deref()
            .filter(|f| !ids.iter().any(|id| id == f))
        {
            missing.entry(f).or_default().push(link);
        }
    }
    for (f, links) in missing {
        let first = links[0];
        let d = Diagnostic::warning(
            Code::ExternalAnchor,
            &first.path,
            with_args(text!("external-anchor", anchor = f), &describe(first)),
        );
        let d = match crate::suggest::closest(f, ids.iter().map(String::as_str)) {
            Some(best) => d.with_help(text!("did-you-mean", suggestion = format!("#{best}"))),
            None => d.with_help(text!("external-anchor-help")),
        };
        out.push(grouped(d, &links));
    }
}

/// `d` at the first of `links`; when the URL is used in more places, the message lists
/// them all as `path:line:col` (the first ten, then how many more).
fn grouped(d: Diagnostic, links: &[&ExternalLink]) -> Diagnostic {
    const SHOWN: usize = 10;
    let mut places: Vec<String> = Vec::new();
    for link in links {
        let place = format!("{}:{}:{}", link.path, link.line, link.column.max(1));
        if !places.contains(&place) {
            places.push(place);
        }
    }
    let mut d = located(d, links[0]);
    if places.len() > 1 {
        let more = places.len().saturating_sub(SHOWN);
        places.truncate(SHOWN);
        let count = places.len() + more;
        let list = places.join(", ");
        d.message = d.message.then(text!(
            "used-in-places",
            count = count,
            list = list,
            more = more
        ));
    }
    d
}

fn located(mut d: Diagnostic, link: &ExternalLink) -> Diagnostic {
    d.included_from = link.included_from.clone().into();
    d.at((link.line, link.column))
}

/// `text` with more arguments.
fn with_args(text: Text, args: &[(&'static str, String)]) -> Text {
    args.iter()
        .fold(text, |text, (name, value)| text.arg(name, value))
}

/// The arguments that name `link` in a message (`{ link-what }`).
fn describe(link: &ExternalLink) -> [(&'static str, String); 3] {
    let kind = match link.text.trim() {
        "" => "bare",
        _ => "text",
    };
    [
        ("kind", kind.to_string()),
        ("text", link.text.trim().to_string()),
        ("written", link.url.clone()),
    ]
}

fn is_web(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || url.starts_with("//")
}

/// The URL to fetch (`//host` gets `https:`) and the decoded fragment.
fn split_fragment(url: &str) -> (String, Option<String>) {
    let (base, fragment) = match url.split_once('#') {
        Some((b, f)) => (b, Some(f).filter(|f| !f.is_empty())),
        None => (url, None),
    };
    let base = match base.strip_prefix("//") {
        Some(rest) => format!("https://{rest}"),
        None => base.to_string(),
    };
    let fragment = fragment.map(|f| crate::urls::decode_path(f).unwrap_or_else(|| f.to_string()));
    (base, fragment)
}

/// `include` (empty: everything) and `exclude` patterns: a pattern matches a URL that
/// starts with it, or that it matches as a whole with `*` standing for any text.
fn in_scope(options: &CheckOptions, url: &str) -> bool {
    let matches = |p: &String| pattern_matches(p, url);
    (options.include.is_empty() || options.include.iter().any(matches))
        && !options.exclude.iter().any(matches)
}

fn pattern_matches(pattern: &str, url: &str) -> bool {
    if !pattern.contains('*') {
        return url.starts_with(pattern);
    }
    let parts: Vec<&str> = pattern.split('*').collect();
    let mut at = 0;
    for (i, part) in parts.iter().enumerate() {
        if i == 0 {
            if !url.starts_with(part) {
                return false;
            }
            at = part.len();
        } else if i == parts.len() - 1 {
            return url.len() >= at + part.len() && url.ends_with(part);
        } else {
            match url[at..].find(part) {
                Some(p) => at += p + part.len(),
                None => return false,
            }
        }
    }
    true
}

/// The `host:port` part of a URL, the unit of the per-host limit.
fn host(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let authority = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    authority.to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_and_hosts() {
        assert!(pattern_matches("https://intra.", "https://intra.example/x"));
        assert!(pattern_matches(
            "*.example/private/*",
            "https://a.example/private/x"
        ));
        assert!(!pattern_matches(
            "*.example/private/*",
            "https://a.example/public/x"
        ));
        assert!(pattern_matches(
            "*linkedin.com*",
            "https://www.linkedin.com/in/x"
        ));
        assert_eq!(
            host("https://User@Example.org:8443/a?b"),
            "example.org:8443"
        );
        assert_eq!(
            split_fragment("//x.example/a#b%20c"),
            ("https://x.example/a".into(), Some("b c".into()))
        );
    }
}
