//! Pages whose content nobody has confirmed for too long: with `[build] stale_after_days`
//! in site.toml, a page whose newer date (`updated` or `reviewed`) is older than that is a
//! `stale-page` warning at the date in its front matter. Pages without a date are left
//! alone: there is nothing to compare.

use super::{Context, Findings};
use crate::dates::Date;
use crate::diagnostics::Code;
use crate::diagnostics::Diagnostic;
use crate::text;

/// Warns about every written page (fallback copies are their original) older than
/// `stale_after_days` on `today`.
pub fn check_stale_pages(ctx: &Context, today: Date, findings: &mut Findings) {
    let Some(limit) = ctx.config.build.stale_after_days else {
        return;
    };
    for page in ctx.site.pages.iter().filter(|p| !p.fallback) {
        let Some(newest) = page.newest_date else {
            continue;
        };
        let (date, key) = (newest.date, newest.key);
        let age = date.days_until(today);
        if age <= i64::from(limit) {
            continue;
        }
        findings.push(
            Diagnostic::warning(
                Code::StalePage,
                &page.source,
                text!(
                    "stale-page",
                    key = key,
                    date = date,
                    age = age,
                    limit = limit
                ),
            )
            .at(newest.at)
            .with_help(text!("stale-page-help", today = today)),
        );
    }
}
