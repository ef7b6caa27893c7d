//! "Did you mean …?" suggestions by edit distance, shared by every diagnostic that has them.

/// The candidate closest to `wanted`, if it is close enough to be a likely typo.
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (wanted.chars().count() / 3).max(1) + 1;
    candidates
        .into_iter()
        .map(|c| (strsim::levenshtein(wanted, c), c))
        .filter(|(d, c)| *d <= limit && *c != wanted)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn finds_near_misses_only() {
        let ids = ["method-phone", "method-authenticator", "lost-phone"];
        assert_eq!(closest("method-phon", ids), Some("method-phone"));
        assert_eq!(closest("lost-phnoe", ids), Some("lost-phone"));
        assert_eq!(closest("completely-different", ids), None);
    }
}
