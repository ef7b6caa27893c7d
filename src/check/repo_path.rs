//! Where the site folder lies in its git repository, for `--format github`: GitHub
//! attaches an annotation to a pull request's line only when its `file=` is relative to
//! the repository root, while diagnostics name files relative to the site folder.

use std::path::Path;
use std::process::Command;

/// The prefix that turns a site-relative path into a repository-relative one
/// (`docs/mfa/`): `--path-prefix` when given, else asked of git; empty when the site is
/// not in a git repository (or git is not installed).
pub fn repository_prefix(root: &Path, given: Option<&Path>) -> String {
    let prefix = match given {
        Some(dir) => dir.to_string_lossy().replace('\\', "/"),
        None => git_prefix(root).unwrap_or_default(),
    };
    let prefix = prefix.trim_start_matches("./").trim_end_matches('/');
    if prefix.is_empty() || prefix == "." {
        String::new()
    } else {
        format!("{prefix}/")
    }
}

fn git_prefix(root: &Path) -> Option<String> {
    let out = Command::new("git")
        .args(["rev-parse", "--show-prefix"])
        .current_dir(root)
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    Some(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_given_prefix_is_normalized() {
        let root = Path::new(".");
        assert_eq!(
            repository_prefix(root, Some(Path::new("docs/mfa/"))),
            "docs/mfa/"
        );
        assert_eq!(repository_prefix(root, Some(Path::new("./docs"))), "docs/");
        assert_eq!(repository_prefix(root, Some(Path::new("."))), "");
    }
}
