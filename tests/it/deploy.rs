//! Getting a site deployed (issue 20): the git repository the generated workflow installs
//! tebiki from, and a copied site that brings its old output along.

use std::path::Path;

use crate::support::{shipped_site, stderr, stdout, tebiki};

fn workflow(site: &Path) -> serde_yaml::Value {
    let text = std::fs::read_to_string(site.join(".github/workflows/tebiki.yml")).unwrap();
    serde_yaml::from_str(&text).unwrap()
}

/// The `run:` script of the step of `job` named `name`.
fn script(yaml: &serde_yaml::Value, job: &str, name: &str) -> String {
    yaml["jobs"][job]["steps"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|s| s["name"].as_str() == Some(name))
        .and_then(|s| s["run"].as_str())
        .unwrap_or_else(|| panic!("no step '{name}' in {job}"))
        .to_string()
}

/// Runs a workflow step's script with bash, as the runner would.
fn run_step(script: &str, env: &[(&str, &str)], path: &str) -> std::process::Output {
    std::process::Command::new("bash")
        .args(["-e", "-c", script])
        .env("TEBIKI_MESSAGES", "en")
        .envs(env.iter().copied())
        .env("PATH", path)
        .output()
        .unwrap()
}

#[test]
fn the_workflow_installs_tebiki_from_the_repository_init_was_given() {
    let dir = tempfile::tempdir().unwrap();
    let url = "https://git.example.ac.jp/itc/tebiki.git";
    let out = tebiki(dir.path(), &["init", "given", "--tebiki-git", url]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains(&format!("installs tebiki from {url}")));
    let yaml = workflow(&dir.path().join("given"));
    assert_eq!(yaml["env"]["TEBIKI_GIT"].as_str(), Some(url));
    for job in ["check", "build"] {
        let install = yaml["jobs"][job]["steps"]
            .as_sequence()
            .unwrap()
            .iter()
            .filter_map(|s| s["run"].as_str())
            .find(|r| r.starts_with("cargo install"))
            .unwrap()
            .to_string();
        assert_eq!(
            install,
            "cargo install --locked --git \"$TEBIKI_GIT\" tebiki"
        );
    }
}

#[test]
fn without_a_repository_the_workflow_stops_saying_what_to_set() {
    let dir = tempfile::tempdir().unwrap();
    let out = tebiki(dir.path(), &["init", "plain"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("set TEBIKI_GIT at its top"),
        "{}",
        stdout(&out)
    );
    let yaml = workflow(&dir.path().join("plain"));
    assert_eq!(yaml["env"]["TEBIKI_GIT"].as_str(), Some(""));
    for job in ["check", "build"] {
        let guard = yaml["jobs"][job]["steps"]
            .as_sequence()
            .unwrap()
            .iter()
            .find(|s| s["name"].as_str() == Some("TEBIKI_GIT is not set"))
            .unwrap()
            .clone();
        assert!(guard["if"]
            .as_str()
            .unwrap()
            .contains("env.TEBIKI_GIT == ''"));
        let run = run_step(guard["run"].as_str().unwrap(), &[], "/usr/bin:/bin");
        assert_eq!(run.status.code(), Some(1));
        assert!(stdout(&run).starts_with(
            "::error title=tebiki::set TEBIKI_GIT at the top of .github/workflows/tebiki.yml"
        ));
    }
}

/// The version step warns when the installed tebiki is not the release the cache key
/// names, and is quiet when it is.
#[test]
fn the_version_step_warns_when_the_cache_key_names_another_release() {
    let dir = tempfile::tempdir().unwrap();
    assert!(tebiki(dir.path(), &["init", "site"]).status.success());
    let yaml = workflow(&dir.path().join("site"));
    let step = script(&yaml, "check", "tebiki version");
    let bin = Path::new(env!("CARGO_BIN_EXE_tebiki")).parent().unwrap();
    let path = format!("{}:/usr/bin:/bin", bin.display());
    let version = env!("CARGO_PKG_VERSION");
    let same = run_step(&step, &[("TEBIKI_VERSION", version)], &path);
    assert!(same.status.success());
    assert_eq!(stdout(&same), format!("tebiki {version}\n"));
    let other = run_step(&step, &[("TEBIKI_VERSION", "0.0.1")], &path);
    assert!(other.status.success());
    assert!(stdout(&other).contains(&format!(
        "::warning title=tebiki::installed tebiki {version}, but TEBIKI_VERSION is 0.0.1"
    )));
}

#[test]
fn init_refuses_a_repository_address_that_would_break_the_workflow() {
    let dir = tempfile::tempdir().unwrap();
    let out = tebiki(dir.path(), &["init", "bad", "--tebiki-git", "x\" y"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("is not a repository address"));
    assert!(!dir.path().join("bad").exists());
}

/// `cp -r site site2` as a user types it.
fn copy_site(from: &Path, to: &Path) {
    let status = std::process::Command::new("cp")
        .arg("-r")
        .arg(from)
        .arg(to)
        .status()
        .unwrap();
    assert!(status.success());
}

/// A copy of a built site carries its `public/` and `.tebiki/` along: building the copy
/// replaces that output. A copy whose output holds a file tebiki did not write, or whose
/// output was made again by hand, is still refused, and the file is kept.
#[test]
fn a_copied_site_builds_over_the_output_it_brought_along() {
    let site = shipped_site();
    let out = tebiki(site.path(), &["build", "-q"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("site2");
    copy_site(site.path(), &copy);
    crate::support::replace_in_file(
        &copy.join("content/ja/index.md"),
        "\n## ",
        "\n新しい段落です。\n\n## ",
    );
    let out = tebiki(&copy, &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let home = std::fs::read_to_string(copy.join("public/ja/index.html")).unwrap();
    assert!(home.contains("新しい段落です。"));
    // And again: the record now names the copy's own folder.
    assert!(tebiki(&copy, &["build", "-q"]).status.success());

    let edited = dir.path().join("site3");
    copy_site(site.path(), &edited);
    std::fs::write(edited.join("public/notes.txt"), "mine").unwrap();
    let out = tebiki(&edited, &["build"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("already holds files that tebiki did not write"));
    assert_eq!(
        std::fs::read_to_string(edited.join("public/notes.txt")).unwrap(),
        "mine"
    );

    let remade = dir.path().join("site4");
    copy_site(site.path(), &remade);
    std::fs::remove_dir_all(remade.join("public")).unwrap();
    std::fs::create_dir(remade.join("public")).unwrap();
    std::fs::write(remade.join("public/index.html"), "mine").unwrap();
    let out = tebiki(&remade, &["build"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}
