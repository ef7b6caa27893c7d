//! `mailto:` and `tel:` links are checked by syntax only: there is nothing to fetch, and a
//! typo in an address is the mistake an editor actually makes.

use crate::diagnostics::Text;
use crate::text;

/// Why a `mailto:`/`tel:` URL is malformed, or `None` when it looks right (or is another
/// scheme).
pub fn contact_problem(url: &str) -> Option<Text> {
    let (scheme, rest) = url.split_once(':')?;
    match scheme.to_ascii_lowercase().as_str() {
        "mailto" => mailto_problem(rest),
        "tel" => tel_problem(rest),
        _ => None,
    }
}

fn mailto_problem(rest: &str) -> Option<Text> {
    let addresses = rest.split('?').next().unwrap_or("");
    if addresses.is_empty() {
        return Some(text!("invalid-link-mailto-empty"));
    }
    for address in addresses.split(',') {
        let address = crate::urls::decode_path(address).unwrap_or_else(|| address.to_string());
        if !is_email(address.trim()) {
            return Some(text!("invalid-link-mailto", address = address));
        }
    }
    None
}

fn is_email(address: &str) -> bool {
    let Some((local, domain)) = address.rsplit_once('@') else {
        return false;
    };
    let local_ok =
        !local.is_empty() && !local.contains(char::is_whitespace) && !local.contains('@');
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
    local_ok && domain_ok
}

fn tel_problem(rest: &str) -> Option<Text> {
    let number = rest.split(';').next().unwrap_or("");
    let number = crate::urls::decode_path(number).unwrap_or_else(|| number.to_string());
    let digits = number.chars().filter(char::is_ascii_digit).count();
    let allowed = number.chars().enumerate().all(|(i, c)| {
        c.is_ascii_digit() || matches!(c, '-' | '.' | '(' | ')' | ' ') || (c == '+' && i == 0)
    });
    if digits < 3 || !allowed {
        return Some(text!("invalid-link-tel", number = number));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::contact_problem;

    #[test]
    fn mailto_and_tel_syntax() {
        assert_eq!(contact_problem("mailto:help@university.example"), None);
        assert_eq!(
            contact_problem("mailto:a@b.example,c@d.example?subject=MFA"),
            None
        );
        assert!(contact_problem("mailto:help.university.example").is_some());
        assert!(contact_problem("mailto:help@localhost").is_some());
        assert!(contact_problem("mailto:").is_some());
        assert_eq!(contact_problem("tel:+81-3-0000-0000"), None);
        assert_eq!(contact_problem("tel:000-0000-0000"), None);
        assert!(contact_problem("tel:0120-ABC").is_some());
        assert!(contact_problem("tel:1+2").is_some());
        assert_eq!(contact_problem("https://x.example/"), None);
    }
}
