//! Containment: the one rule for every file tebiki reads from a site.
//!
//! Pages, content files, templates, theme static files and UI strings must be regular
//! files that resolve, after following symbolic links, inside the site root. A link that
//! leaves the site is `error[outside-site]`; a FIFO, socket or device (or a link to one)
//! is `error[not-a-file]`. Both are decided before anything is opened, and files are
//! opened with `O_NOFOLLOW | O_NONBLOCK`, so a link swapped in after the check is refused
//! and a FIFO can never block the build. Links that stay inside the site keep working.
//!
//! The walk also applies the one ignore rule ([`is_ignored`]): hidden names, editor
//! leftovers and the site's own `ignore` list are never read or published.
//!
//! [`Fence::walk`] lists a folder's files this way and [`Fence::read_listed`] reads one
//! ([`Fence::read`] any other path, such as `i18n/ja.ftl`); build,
//! check and serve all go through them, so a pull request cannot publish `/proc/self/environ`
//! or `~/.ssh/…` through a link in `content/`.

use crate::diagnostics::Code;
use crate::text;
use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;

/// How many folder links deep a walk follows before it calls the chain a loop.
const MAX_LINKED_FOLDERS: usize = 32;

/// The site root, resolved once, that every read must stay inside.
#[derive(Debug, Clone)]
pub struct Fence {
    /// The root with every link resolved; what targets are compared against.
    real_root: PathBuf,
    /// The root as given, to show paths relative to it.
    root: PathBuf,
    /// Names never read or published besides the built-in ones (site.toml `ignore`).
    ignore: Vec<String>,
    /// Whether walks list dotfiles ([`Fence::with_dotfiles`]).
    dotfiles: bool,
}

/// Suffixes of the scratch and backup files editors write beside the real file.
const SCRATCH_SUFFIXES: [&str; 9] = [
    "~",
    ".swp",
    ".swx",
    ".swo",
    ".swpx",
    ".tmp",
    ".bak",
    "___jb_tmp___",
    "___jb_old___",
];

/// The one ignore rule, shared by the build's walker and the dev server's watcher: hidden
/// names (`.git`, `.drafts/`, `.DS_Store`), editor leftovers (`*~`, `*.swp`, `#name#`,
/// emacs `.#name`, JetBrains `___jb_tmp___`, vim's all-digit `4913` probe, `Thumbs.db`),
/// and the names the site lists in `ignore` (`"drafts"` for a file or folder of that name
/// anywhere, `"*.psd"` for a suffix). An ignored folder is not entered at all.
pub fn is_ignored(name: &str, extra: &[String]) -> bool {
    name.starts_with('.')
        || (name.starts_with('#') && name.ends_with('#'))
        || SCRATCH_SUFFIXES.iter().any(|s| name.ends_with(s))
        || (!name.is_empty() && name.bytes().all(|b| b.is_ascii_digit()))
        || name == "Thumbs.db"
        || extra.iter().any(|pattern| match pattern.strip_prefix('*') {
            Some(suffix) => name.ends_with(suffix),
            None => name == pattern.trim_end_matches('/'),
        })
}

/// A hidden name that a site may mean to publish from `static/`: not version control,
/// Finder's `.DS_Store` or an emacs lock `.#name`.
fn is_publishable_dotfile(name: &str) -> bool {
    name.len() > 1
        && name.starts_with('.')
        && !name.starts_with(".#")
        && !matches!(name, ".git" | ".hg" | ".svn" | ".DS_Store")
}

/// A file found by [`Fence::walk`].
#[derive(Debug, Clone)]
pub struct SiteFile {
    /// The path below the walked folder, `/`-separated, as the editor sees it (through
    /// any folder links).
    pub rel_path: String,
    /// Where to read it: the link's resolved target for a link, else the entry itself.
    pub path: PathBuf,
    /// The path as shown in messages, relative to the site root.
    pub shown: String,
}

/// Why a file was not read.
#[derive(Debug)]
pub enum Refusal {
    /// A link (or a folder link above it) resolves outside the site root.
    Outside { target: PathBuf },
    /// Not a regular file: what it is instead ("named pipe (FIFO)", "socket", …).
    NotAFile { kind: &'static str },
    /// The link points to nothing.
    BrokenLink,
    /// The links form a cycle.
    LinkLoop,
    /// Opening or reading failed.
    Io(io::Error),
}

impl Refusal {
    /// The diagnostic for `shown`; I/O errors get `code` and "could not read this {what}".
    pub fn into_diagnostic(self, code: Code, shown: &str, what: &str) -> Diagnostic {
        match self {
            Refusal::Outside { target } => Diagnostic::error(
                Code::OutsideSite,
                shown,
                text!("outside-site", target = target.display()),
            )
            .with_help(text!("outside-site-help")),
            Refusal::NotAFile { kind } => {
                Diagnostic::error(Code::NotAFile, shown, text!("not-a-file", kind = kind))
                    .with_help(text!("not-a-file-help"))
            }
            Refusal::BrokenLink => {
                Diagnostic::error(Code::BrokenSymlink, shown, text!("broken-symlink"))
                    .with_help(text!("broken-symlink-help"))
            }
            Refusal::LinkLoop => Diagnostic::error(Code::SymlinkLoop, shown, text!("symlink-loop"))
                .with_help(text!("symlink-loop-help")),
            Refusal::Io(e) => Diagnostic::error(
                code,
                shown,
                crate::diagnostics::io_reason_args(&e)
                    .into_iter()
                    .fold(text!("unreadable", what = what), |t, (k, v)| t.arg(k, v)),
            )
            .with_help(text!("unreadable-help")),
        }
    }
}

impl From<io::Error> for Refusal {
    fn from(e: io::Error) -> Self {
        Refusal::Io(e)
    }
}

impl Fence {
    /// The fence around `root` (the folder holding `site.toml`), skipping the names in
    /// `ignore` besides the built-in ones ([`is_ignored`]).
    pub fn new(root: &Path, ignore: &[String]) -> Self {
        Fence {
            real_root: fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf()),
            root: root.to_path_buf(),
            ignore: ignore.to_vec(),
            dotfiles: false,
        }
    }

    /// The same fence, whose walks also list dotfiles (`.htaccess`, `.nojekyll`,
    /// `.well-known/`): the one documented exception to the ignore rule, for the site's
    /// `static/` folder, whose files are published as they are. Version-control folders,
    /// `.DS_Store`, emacs locks and the site's `ignore` list still apply, and links that
    /// leave the site are still refused.
    pub fn with_dotfiles(mut self) -> Self {
        self.dotfiles = true;
        self
    }

    /// Whether a walk skips the entry `name`.
    fn skips(&self, name: &str) -> bool {
        if self.dotfiles && is_publishable_dotfile(name) {
            let ignore_listed = self.ignore.iter().any(|p| p.trim_end_matches('/') == name);
            return ignore_listed || is_ignored(&name[1..], &self.ignore);
        }
        is_ignored(name, &self.ignore)
    }

    /// Whether `real` (a path with every link resolved) is inside the site.
    pub fn contains(&self, real: &Path) -> bool {
        real.starts_with(&self.real_root)
    }

    /// `path` relative to the site root, `/`-separated, for messages.
    pub fn shown(&self, path: &Path) -> String {
        crate::diagnostics::display_path(&self.root, path)
            .to_string_lossy()
            .replace('\\', "/")
    }

    /// Every non-folder entry under `dir`, sorted by name within each folder, with its
    /// problems. Folder links inside the site are walked as if they were folders; links
    /// that leave it, loops and dangling links are reported and skipped. Files are not
    /// opened here: [`Fence::read`] checks each one when it is read.
    pub fn walk(&self, dir: &Path) -> (Vec<SiteFile>, Vec<Diagnostic>) {
        self.walk_unless(dir, &|| false).unwrap_or_default()
    }

    /// [`Fence::walk`] that gives up (`None`) as soon as `stop` says so, which it asks
    /// every [`WALK_CHUNK`] entries: the dev server's look for unseen changes stops when
    /// a save arrives, so that it never delays the save's page.
    pub fn walk_unless(
        &self,
        dir: &Path,
        stop: &dyn Fn() -> bool,
    ) -> Option<(Vec<SiteFile>, Vec<Diagnostic>)> {
        let mut walk = Walk::default();
        let shown = self.shown(dir);
        match self.resolve(dir) {
            Ok(real) if real.is_dir() => {
                walk.pending.push(Pending {
                    real,
                    shown_dir: dir.to_path_buf(),
                    prefix: String::new(),
                    chain: Vec::new(),
                });
            }
            Ok(_) => return Some((Vec::new(), Vec::new())),
            Err(refusal) => {
                walk.problems
                    .push(refusal.into_diagnostic(Code::Unreadable, &shown, "folder"));
            }
        }
        while let Some(next) = walk.pending.pop() {
            self.walk_one(next, &mut walk, stop)?;
        }
        Some((walk.files, walk.problems))
    }

    fn walk_one(&self, folder: Pending, walk: &mut Walk, stop: &dyn Fn() -> bool) -> Option<()> {
        // How the folder is shown; its entries' names are added to it.
        let shown_folder = self.shown(&folder.shown_dir);
        let walker = walkdir::WalkDir::new(&folder.real)
            .follow_links(false)
            .follow_root_links(false)
            .sort_by_file_name()
            .min_depth(1)
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !self.skips(&e.file_name().to_string_lossy()));
        for (seen, entry) in walker.enumerate() {
            if seen % WALK_CHUNK == 0 && stop() {
                return None;
            }
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    let path = e.path().unwrap_or(&folder.real);
                    let shown = self.shown(&folder.shown(path));
                    let io = e
                        .into_io_error()
                        .unwrap_or_else(|| io::Error::other("could not list it"));
                    walk.problems.push(Refusal::Io(io).into_diagnostic(
                        Code::Unreadable,
                        &shown,
                        "path",
                    ));
                    continue;
                }
            };
            let file_type = entry.file_type();
            if file_type.is_dir() {
                continue;
            }
            let (rel_path, shown) = match plain_below(&folder.real, entry.path()) {
                Some(rest) => (
                    format!("{}{rest}", folder.prefix),
                    match shown_folder.as_str() {
                        "" => rest.to_string(),
                        shown_folder => format!("{shown_folder}/{rest}"),
                    },
                ),
                None => {
                    let rel = entry
                        .path()
                        .strip_prefix(&folder.real)
                        .unwrap_or(entry.path());
                    (
                        format!("{}{}", folder.prefix, slashed(rel)),
                        self.shown(&folder.shown(entry.path())),
                    )
                }
            };
            if !file_type.is_symlink() {
                if let Err(refusal) = refuse_special(&file_type) {
                    walk.problems
                        .push(refusal.into_diagnostic(Code::Unreadable, &shown, "file"));
                    continue;
                }
                walk.files.push(SiteFile {
                    rel_path,
                    path: entry.path().to_path_buf(),
                    shown,
                });
                continue;
            }
            match self.resolve(entry.path()) {
                Ok(target) if target.is_dir() => {
                    let parent = entry.path().parent().unwrap_or(&folder.real);
                    let looping = parent.starts_with(&target)
                        || folder.chain.iter().any(|d| d.starts_with(&target))
                        || folder.chain.len() >= MAX_LINKED_FOLDERS;
                    if looping {
                        walk.problems.push(Refusal::LinkLoop.into_diagnostic(
                            Code::Unreadable,
                            &shown,
                            "folder",
                        ));
                        continue;
                    }
                    let mut chain = folder.chain.clone();
                    chain.push(folder.real.clone());
                    walk.pending.push(Pending {
                        real: target,
                        shown_dir: folder.shown(entry.path()),
                        prefix: format!("{rel_path}/"),
                        chain,
                    });
                }
                Ok(target) => match fs::metadata(&target)
                    .map_err(Refusal::Io)
                    .and_then(|meta| refuse_special(&meta.file_type()))
                {
                    Ok(()) => walk.files.push(SiteFile {
                        rel_path,
                        path: target,
                        shown,
                    }),
                    Err(refusal) => walk.problems.push(refusal.into_diagnostic(
                        Code::Unreadable,
                        &shown,
                        "file",
                    )),
                },
                Err(refusal) => {
                    walk.problems
                        .push(refusal.into_diagnostic(Code::Unreadable, &shown, "file"))
                }
            }
        }
        Some(())
    }

    /// Resolves every link in `path` and checks that the result is inside the site.
    fn resolve(&self, path: &Path) -> Result<PathBuf, Refusal> {
        match fs::canonicalize(path) {
            Ok(real) if self.contains(&real) => Ok(real),
            Ok(real) => Err(Refusal::Outside { target: real }),
            Err(e) if e.kind() == io::ErrorKind::NotFound => match fs::symlink_metadata(path) {
                Ok(meta) if meta.file_type().is_symlink() => Err(Refusal::BrokenLink),
                _ => Err(Refusal::Io(e)),
            },
            Err(e) if e.raw_os_error() == Some(ELOOP) => Err(Refusal::LinkLoop),
            Err(e) => Err(Refusal::Io(e)),
        }
    }

    /// Reads the whole file at `path` (any path: a link is resolved and checked first) if
    /// it is a regular file inside the site.
    pub fn read(&self, path: &Path) -> Result<Vec<u8>, Refusal> {
        let meta = fs::symlink_metadata(path)?;
        if meta.file_type().is_symlink() {
            let target = self.resolve(path)?;
            refuse_special(&fs::metadata(&target)?.file_type())?;
            return read_checked(&target);
        }
        refuse_special(&meta.file_type())?;
        read_checked(path)
    }

    /// Reads a [`SiteFile::path`] from [`Fence::walk`], which checked it already: one
    /// open and one `fstat`, which refuses it if it changed since into a link or a FIFO.
    pub fn read_listed(&self, path: &Path) -> Result<Vec<u8>, Refusal> {
        read_checked(path)
    }
}

/// Opens a path that was checked (a regular file, no link at its end) and reads it whole.
fn read_checked(path: &Path) -> Result<Vec<u8>, Refusal> {
    let mut file = open_no_follow(path).map_err(|e| match e.raw_os_error() {
        // The checked path became a link between the check and the open.
        Some(ELOOP) => Refusal::Outside {
            target: path.to_path_buf(),
        },
        _ => Refusal::Io(e),
    })?;
    let meta = file.metadata()?;
    refuse_special(&meta.file_type())?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// One folder still to walk, reached through `chain` folder links.
struct Pending {
    /// The folder itself, links resolved.
    real: PathBuf,
    /// The folder as the editor sees it (through links), for messages.
    shown_dir: PathBuf,
    /// Its path below the walked folder, with a trailing `/`, or empty.
    prefix: String,
    /// The resolved folders whose links led here, to find loops.
    chain: Vec<PathBuf>,
}

impl Pending {
    /// `path` (under `real`) as the editor sees it.
    fn shown(&self, path: &Path) -> PathBuf {
        match path.strip_prefix(&self.real) {
            Ok(rest) => self.shown_dir.join(rest),
            Err(_) => path.to_path_buf(),
        }
    }
}

/// How many entries [`Fence::walk_unless`] lists between two questions whether to stop:
/// well under a millisecond of listing.
const WALK_CHUNK: usize = 128;

#[derive(Default)]
struct Walk {
    pending: Vec<Pending>,
    files: Vec<SiteFile>,
    problems: Vec<Diagnostic>,
}

/// `path` below `base` as `/`-separated UTF-8 text, read straight from the bytes where
/// `path` is `base`, a `/`, then the names a walk joined to it (the common case, without
/// comparing the paths component by component); `None` elsewhere.
fn plain_below<'a>(base: &Path, path: &'a Path) -> Option<&'a str> {
    if std::path::MAIN_SEPARATOR != '/' {
        return None;
    }
    let base = base.as_os_str().as_encoded_bytes();
    let rest = path.as_os_str().as_encoded_bytes().strip_prefix(base)?;
    let rest = if base.ends_with(b"/") {
        rest
    } else {
        rest.strip_prefix(b"/")?
    };
    let rest = std::str::from_utf8(rest).ok()?;
    let plain = rest
        .split('/')
        .all(|name| !name.is_empty() && name != "." && name != "..");
    plain.then_some(rest)
}

fn slashed(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(unix)]
const ELOOP: i32 = libc::ELOOP;
#[cfg(not(unix))]
const ELOOP: i32 = -1;

fn refuse_special(file_type: &fs::FileType) -> Result<(), Refusal> {
    if file_type.is_file() {
        return Ok(());
    }
    Err(Refusal::NotAFile {
        kind: kind_of(file_type),
    })
}

#[cfg(unix)]
fn kind_of(file_type: &fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if file_type.is_fifo() {
        "named pipe (FIFO)"
    } else if file_type.is_socket() {
        "socket"
    } else if file_type.is_block_device() || file_type.is_char_device() {
        "device"
    } else if file_type.is_dir() {
        "folder"
    } else {
        "special file"
    }
}

#[cfg(not(unix))]
fn kind_of(file_type: &fs::FileType) -> &'static str {
    if file_type.is_dir() {
        "folder"
    } else {
        "special file"
    }
}

/// Opens without following a final link and without blocking (a FIFO would otherwise
/// wait for a writer forever).
#[cfg(unix)]
fn open_no_follow(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_no_follow(path: &Path) -> io::Result<File> {
    File::open(path)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    /// The byte shortcut gives what comparing components gives, or nothing.
    #[test]
    fn names_below_a_folder_match_the_component_comparison() {
        let cases = [
            ("/a/b", "/a/b/c/d.md", Some("c/d.md")),
            ("/a/b/", "/a/b/c", Some("c")),
            ("/", "/x", Some("x")),
            ("a/b", "a/b/ページ.md", Some("ページ.md")),
            ("/a/b", "/a/bc/d", None),
            ("/a/b", "/a/b", None),
            ("/a/b", "/a/b/./c", None),
            ("/a/b", "/a/b//c", None),
        ];
        for (base, path, want) in cases {
            let got = plain_below(Path::new(base), Path::new(path));
            assert_eq!(got, want, "{path} below {base}");
            if let Some(got) = got {
                let slow = slashed(Path::new(path).strip_prefix(base).unwrap());
                assert_eq!(got, slow, "{path} below {base}");
            }
        }
    }

    fn site() -> (tempfile::TempDir, tempfile::TempDir, Fence) {
        let site = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        fs::create_dir_all(site.path().join("content/en/img")).unwrap();
        fs::write(site.path().join("content/en/index.md"), "inside").unwrap();
        fs::write(outside.path().join("secret.txt"), "MARKER").unwrap();
        let fence = Fence::new(site.path(), &[]);
        (site, outside, fence)
    }

    #[test]
    fn a_link_inside_the_site_is_read() {
        let (site, _outside, fence) = site();
        let link = site.path().join("content/en/img/copy.md");
        symlink(site.path().join("content/en/index.md"), &link).unwrap();
        assert_eq!(fence.read(&link).unwrap(), b"inside");
    }

    #[test]
    fn a_link_out_of_the_site_is_refused_before_reading() {
        let (site, outside, fence) = site();
        let link = site.path().join("content/en/img/leak.txt");
        symlink(outside.path().join("secret.txt"), &link).unwrap();
        assert!(matches!(fence.read(&link), Err(Refusal::Outside { .. })));
    }

    #[test]
    fn a_folder_link_out_of_the_site_is_reported_and_not_walked() {
        let (site, outside, fence) = site();
        symlink(outside.path(), site.path().join("content/en/out")).unwrap();
        let (files, problems) = fence.walk(&site.path().join("content/en"));
        assert!(files.iter().all(|f| !f.rel_path.starts_with("out")));
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].code, "outside-site");
        assert_eq!(problems[0].path, Path::new("content/en/out"));
    }

    #[test]
    fn a_folder_link_inside_the_site_is_walked_under_its_own_name() {
        let (site, _outside, fence) = site();
        fs::create_dir_all(site.path().join("shared")).unwrap();
        fs::write(site.path().join("shared/a.png"), "png").unwrap();
        symlink(
            site.path().join("shared"),
            site.path().join("content/en/img/s"),
        )
        .unwrap();
        let (files, problems) = fence.walk(&site.path().join("content/en"));
        assert!(problems.is_empty(), "{problems:?}");
        let file = files.iter().find(|f| f.rel_path == "img/s/a.png").unwrap();
        assert_eq!(file.shown, "content/en/img/s/a.png");
        assert_eq!(fence.read(&file.path).unwrap(), b"png");
    }

    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let (site, _outside, fence) = site();
        let fifo = site.path().join("content/en/pipe.md");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.unwrap().success(), "mkfifo (coreutils) makes the FIFO");
        assert!(matches!(
            fence.read(&fifo),
            Err(Refusal::NotAFile {
                kind: "named pipe (FIFO)"
            })
        ));
    }

    #[test]
    fn a_link_to_a_special_file_outside_is_outside() {
        let (site, _outside, fence) = site();
        let link = site.path().join("content/en/env.txt");
        symlink("/proc/self/environ", &link).unwrap();
        assert!(matches!(fence.read(&link), Err(Refusal::Outside { .. })));
    }

    #[test]
    fn a_walk_asked_to_stop_stops_while_listing() {
        let (site, _outside, fence) = site();
        let dir = site.path().join("content/en");
        for n in 0..3 * WALK_CHUNK {
            fs::write(dir.join(format!("p{n:04}.md")), "x").unwrap();
        }
        let asked = std::cell::Cell::new(0);
        let never = || {
            asked.set(asked.get() + 1);
            false
        };
        let (files, _) = fence.walk_unless(&dir, &never).unwrap();
        assert_eq!(files.len(), 3 * WALK_CHUNK + 1);
        assert!(asked.get() >= 3, "asked {} times", asked.get());
        // Told to stop after its first answer: it gives up in the middle of the listing.
        let asked = std::cell::Cell::new(0);
        let after_the_first = || {
            asked.set(asked.get() + 1);
            asked.get() > 1
        };
        assert!(fence.walk_unless(&dir, &after_the_first).is_none());
        assert_eq!(fence.walk(&dir).0.len(), 3 * WALK_CHUNK + 1);
    }
}

#[cfg(test)]
mod ignore_tests {
    use super::*;

    #[test]
    fn hidden_names_editor_leftovers_and_listed_names_are_ignored() {
        let extra = ["drafts".to_string(), "*.psd".to_string()];
        for name in [
            ".drafts",
            ".DS_Store",
            "index.md~",
            ".index.md.swp",
            "#index.md#",
            ".#index.md",
            "4913",
            "index.md___jb_tmp___",
            "Thumbs.db",
            "drafts",
            "logo.psd",
        ] {
            assert!(is_ignored(name, &extra), "{name}");
        }
        for name in [
            "index.md",
            "faq.md",
            "img",
            "2fa.png",
            "drafts.md",
            "_snippets",
        ] {
            assert!(!is_ignored(name, &extra), "{name}");
        }
    }
}
