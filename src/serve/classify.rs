//! Decides what a file-system event means for the dev server: nothing, a stylesheet
//! hot-swap, or a full rebuild.
//!
//! A pure function of the event and the watched site, so every editor quirk (vim's
//! `4913` probe and `.swp` files, emacs `.#` locks, atomic-rename saves, JetBrains'
//! `___jb_tmp___`) is pinned by the table test below instead of being found by hand.

use std::path::{Component, Path, PathBuf};

use notify::event::{AccessKind, AccessMode, EventKind, ModifyKind};

/// What the server has to do after a batch of events. Ordered: a batch takes the largest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    /// Nothing the site is built from changed.
    None,
    /// Only stylesheets changed: rebuild, then swap the stylesheets without a reload.
    Css,
    /// Content, templates, UI strings or site.toml changed: rebuild and reload.
    Rebuild,
}

/// The site being watched.
#[derive(Debug, Clone)]
pub struct WatchScope {
    /// The site root (absolute, as the watcher reports paths).
    pub root: PathBuf,
    /// The output directory of `tebiki build`; the server never reads it.
    pub output_dir: PathBuf,
    /// site.toml's `ignore` list: changes to those names never rebuild, as the build
    /// never reads them ([`crate::contain::is_ignored`]).
    pub ignore: Vec<String>,
}

/// The folders below the root whose files the build reads (site.toml aside).
pub const WATCHED_DIRS: [&str; 5] = ["content", "themes", "i18n", "static", "templates"];

/// The change a whole batch of events calls for.
pub fn classify_batch(events: &[notify::Event], scope: &WatchScope) -> Change {
    events
        .iter()
        .flat_map(|e| e.paths.iter().map(move |p| classify(&e.kind, p, scope)))
        .max()
        .unwrap_or(Change::None)
}

/// The change one event on one path calls for.
pub fn classify(kind: &EventKind, path: &Path, scope: &WatchScope) -> Change {
    if !changes_data(kind) || path.starts_with(&scope.output_dir) {
        return Change::None;
    }
    let Ok(rel) = path.strip_prefix(&scope.root) else {
        return Change::None;
    };
    let names: Vec<&str> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(name) => name.to_str(),
            _ => None,
        })
        .collect();
    match names.as_slice() {
        ["site.toml"] => Change::Rebuild,
        [top, rest @ ..] if WATCHED_DIRS.contains(top) => {
            if rest
                .iter()
                .any(|name| crate::contain::is_ignored(name, &scope.ignore))
            {
                Change::None
            } else if *top == "themes" && is_stylesheet(rest) && !is_removal(kind) {
                Change::Css
            } else {
                Change::Rebuild
            }
        }
        _ => Change::None,
    }
}

/// Opening or reading a file, or touching its metadata, changes nothing the build reads.
fn changes_data(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        _ => true,
    }
}

fn is_removal(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(notify::event::RenameMode::From))
    )
}

fn is_stylesheet(rest: &[&str]) -> bool {
    rest.last().is_some_and(|name| name.ends_with(".css"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, DataChange, MetadataKind, RemoveKind, RenameMode};

    fn scope() -> WatchScope {
        WatchScope {
            root: PathBuf::from("/site"),
            output_dir: PathBuf::from("/site/public"),
            ignore: vec!["drafts".into()],
        }
    }

    const WRITE: EventKind = EventKind::Modify(ModifyKind::Data(DataChange::Content));
    const CLOSE_WRITE: EventKind = EventKind::Access(AccessKind::Close(AccessMode::Write));
    const CREATE: EventKind = EventKind::Create(CreateKind::File);
    const MKDIR: EventKind = EventKind::Create(CreateKind::Folder);
    const REMOVE: EventKind = EventKind::Remove(RemoveKind::File);
    const RMDIR: EventKind = EventKind::Remove(RemoveKind::Folder);
    const RENAME_FROM: EventKind = EventKind::Modify(ModifyKind::Name(RenameMode::From));
    const RENAME_TO: EventKind = EventKind::Modify(ModifyKind::Name(RenameMode::To));
    const OPEN: EventKind = EventKind::Access(AccessKind::Open(AccessMode::Any));
    const CLOSE_READ: EventKind = EventKind::Access(AccessKind::Close(AccessMode::Read));
    const CHMOD: EventKind = EventKind::Modify(ModifyKind::Metadata(MetadataKind::Permissions));
    const ANY: EventKind = EventKind::Any;

    #[test]
    fn classifier_table() {
        use Change::*;
        let table: &[(EventKind, &str, Change)] = &[
            // Plain saves of the files the build reads.
            (WRITE, "/site/content/ja/index.md", Rebuild),
            (CLOSE_WRITE, "/site/content/en/faq.md", Rebuild),
            (WRITE, "/site/site.toml", Rebuild),
            (WRITE, "/site/i18n/ja.ftl", Rebuild),
            (WRITE, "/site/themes/default/templates/base.html", Rebuild),
            (WRITE, "/site/content/ja/images/phone.png", Rebuild),
            (ANY, "/site/content/ja/index.md", Rebuild),
            // Stylesheets hot-swap unless they disappear.
            (WRITE, "/site/themes/default/static/tebiki.css", Css),
            (CREATE, "/site/themes/default/static/tebiki.css", Css),
            (RENAME_TO, "/site/themes/default/static/highlight.css", Css),
            (REMOVE, "/site/themes/default/static/tebiki.css", Rebuild),
            (
                RENAME_FROM,
                "/site/themes/default/static/tebiki.css",
                Rebuild,
            ),
            (WRITE, "/site/themes/default/static/tebiki.js", Rebuild),
            (WRITE, "/site/content/ja/custom.css", Rebuild),
            // Creation, deletion and renames of pages and folders.
            (CREATE, "/site/content/ja/new-page.md", Rebuild),
            (REMOVE, "/site/content/en/old.md", Rebuild),
            (RENAME_FROM, "/site/content/en/old.md", Rebuild),
            (RENAME_TO, "/site/content/en/new.md", Rebuild),
            (MKDIR, "/site/content/ja/section", Rebuild),
            (RMDIR, "/site/content/ja/section", Rebuild),
            (REMOVE, "/site/site.toml", Rebuild),
            // Editor scratch files.
            (CREATE, "/site/content/ja/.index.md.swp", None),
            (WRITE, "/site/content/ja/.index.md.swx", None),
            (WRITE, "/site/content/ja/index.md.swp", None),
            (CREATE, "/site/content/ja/4913", None),
            (CREATE, "/site/content/ja/5036", None),
            (RENAME_TO, "/site/content/ja/index.md~", None),
            (CREATE, "/site/content/ja/.#index.md", None),
            (WRITE, "/site/content/ja/#index.md#", None),
            (WRITE, "/site/content/ja/index.md___jb_tmp___", None),
            (RENAME_TO, "/site/content/ja/index.md___jb_old___", None),
            (WRITE, "/site/content/ja/index.md.tmp", None),
            (WRITE, "/site/content/.DS_Store", None),
            // Reading a file or changing its permissions changes nothing.
            (OPEN, "/site/content/ja/index.md", None),
            (CLOSE_READ, "/site/content/ja/index.md", None),
            (CHMOD, "/site/content/ja/index.md", None),
            // Outside what the build reads.
            (WRITE, "/site/public/ja/index.html", None),
            (CREATE, "/site/public", None),
            (WRITE, "/site/.git/index", None),
            (WRITE, "/site/content/.git/HEAD", None),
            (WRITE, "/site/README.md", None),
            (WRITE, "/site/target/debug/tebiki", None),
            (WRITE, "/elsewhere/content/ja/index.md", None),
            (WRITE, "/site/site.toml.swp", None),
            (WRITE, "/site/content/ja/.drafts/notes.md", None),
            (WRITE, "/site/content/ja/drafts/notes.md", None),
        ];
        assert!(table.len() >= 30);
        for (kind, path, expected) in table {
            assert_eq!(
                classify(kind, Path::new(path), &scope()),
                *expected,
                "{kind:?} {path}"
            );
        }
    }

    fn event(kind: EventKind, paths: &[&str]) -> notify::Event {
        let mut event = notify::Event::new(kind);
        for p in paths {
            event = event.add_path(PathBuf::from(p));
        }
        event
    }

    #[test]
    fn atomic_rename_save_rebuilds() {
        // vim with `backupcopy=no`: probe, rename the original away, write a new file.
        let batch = [
            event(CREATE, &["/site/content/ja/4913"]),
            event(REMOVE, &["/site/content/ja/4913"]),
            event(
                EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
                &["/site/content/ja/index.md", "/site/content/ja/index.md~"],
            ),
            event(CREATE, &["/site/content/ja/index.md"]),
            event(CLOSE_WRITE, &["/site/content/ja/index.md"]),
            event(REMOVE, &["/site/content/ja/index.md~"]),
        ];
        assert_eq!(classify_batch(&batch, &scope()), Change::Rebuild);
    }

    #[test]
    fn a_batch_takes_the_largest_change() {
        let css = event(WRITE, &["/site/themes/default/static/tebiki.css"]);
        let swap = event(WRITE, &["/site/content/ja/.index.md.swp"]);
        let page = event(WRITE, &["/site/content/ja/index.md"]);
        assert_eq!(
            classify_batch(std::slice::from_ref(&swap), &scope()),
            Change::None
        );
        assert_eq!(classify_batch(&[css.clone(), swap], &scope()), Change::Css);
        assert_eq!(classify_batch(&[css, page], &scope()), Change::Rebuild);
        assert_eq!(classify_batch(&[], &scope()), Change::None);
    }
}
