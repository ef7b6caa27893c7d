//! When every external request fails to connect, the machine is most likely offline (or
//! behind a proxy): one clear error instead of one per link, which would bury the
//! annotations that matter (GitHub shows only the first ten per step).

use super::http::Failure;
use super::ExternalLink;
use crate::diagnostics::Code;
use crate::diagnostics::Diagnostic;

/// The one "no network?" error, when at least two URLs were fetched and none connected.
pub fn offline_error<T>(
    results: &[Result<T, Failure>],
    first: Option<&ExternalLink>,
) -> Option<Diagnostic> {
    let unreachable =
        |r: &Result<T, Failure>| matches!(r, Err(Failure::Dns(_) | Failure::Connect(_)));
    if results.len() < 2 || !results.iter().all(unreachable) {
        return None;
    }
    let first = first?;
    Some(
        Diagnostic::error(
            Code::ExternalOffline,
            &first.path,
            crate::text!("external-offline", count = results.len()),
        )
        .at((first.line, first.column))
        .with_help(crate::text!("external-offline-help")),
    )
}
