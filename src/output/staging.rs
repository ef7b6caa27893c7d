//! A build's staging folder: each rendered file is compared with the output's, and only a
//! new or different one is written, under a number, into `.tebiki/<name>.spares/`.
//! The output itself is only read until [`Staging::finish`] commits.
//!
//! The folder stays between builds. The commit swaps each staged file with the version
//! it replaces ([`super::commit`]), so after a build the folder holds the replaced
//! versions, and the next build writes its files into them: the file system reuses their
//! inodes and disk blocks instead of making a new file and freeing the old one for each
//! changed page, which on an ext4 disk cost about 3 ms per file (BENCHMARKS.md, "Output
//! writing"). Deleting the folder (or all of `.tebiki/`) is always safe.

use std::fs::{self, File};
use std::io::{Read, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;

use rayon::prelude::*;

use super::commit::{commit, remove_leftovers, Entry, Found, Plan};
use super::{check_output_dir, lock_output, owned, BuildLock, WriteReport};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::render::OutputFile;

/// A build's staging folder, open for writing. Pages can be written while the rest of
/// the site still renders, so a large site never has to be held in memory whole. Dropped
/// without [`Staging::finish`] (a failed build), the output stays exactly as it was; the
/// staged files are left as spares for the next build.
pub struct Staging {
    dir: PathBuf,
    out: PathBuf,
    /// The site root, whose `.tebiki/` records the output's files.
    root: PathBuf,
    /// The files the previous build left in the output (empty when there is none).
    previous: Vec<String>,
    /// Whether the output holds tebiki's previous build, to compare each file with.
    compare: bool,
    /// Whether `.tebiki/` lists the previous build's files (else they were found by
    /// walking an output written before tebiki kept the list).
    listed: bool,
    /// Every file of this build, in the order written, with its staged copy if any.
    entries: Mutex<Vec<Entry>>,
    staged: AtomicUsize,
    files: AtomicUsize,
    bytes: AtomicU64,
    /// The first write that failed; later writes are skipped.
    error: Mutex<Option<Error>>,
    _lock: BuildLock,
}

/// Checks `out`, takes its build lock and opens the staging folder.
pub fn begin_site(config: &Config, out: &Path) -> Result<Staging> {
    check_output_dir(config, out)?;
    let lock = lock_output(&config.root, out)?;
    remove_leftovers(&config.root, out);
    let dir = crate::state_dir::state_path(&config.root, out, "spares")?;
    if fs::symlink_metadata(&dir).is_ok_and(|m| !m.is_dir()) {
        // Not a folder tebiki made (a link, a file): removed, never written through.
        fs::remove_file(&dir).map_err(|source| Error::Write {
            path: dir.clone(),
            source,
        })?;
    }
    let compare = out.is_dir() && owned(config, out);
    let recorded = compare
        .then(|| crate::state_dir::recorded_files(&config.root, out))
        .flatten();
    let listed = recorded.is_some();
    let previous = match recorded {
        Some(files) => files,
        None if compare => files_in(out),
        None => Vec::new(),
    };
    fs::create_dir_all(&dir).map_err(|source| Error::Write {
        path: dir.clone(),
        source,
    })?;
    Ok(Staging {
        dir,
        out: out.to_path_buf(),
        root: config.root.clone(),
        previous,
        compare,
        listed,
        entries: Mutex::new(Vec::new()),
        staged: AtomicUsize::new(0),
        files: AtomicUsize::new(0),
        bytes: AtomicU64::new(0),
        error: Mutex::new(None),
        _lock: lock,
    })
}

/// Every file below `out` (links count as files and are not followed): the files of an
/// output written before tebiki recorded them, when it replaced the whole folder on each
/// build, so all of it was tebiki's.
fn files_in(out: &Path) -> Vec<String> {
    walkdir::WalkDir::new(out)
        .min_depth(1)
        .into_iter()
        .filter_map(|entry| entry.ok())
        .filter(|entry| !entry.file_type().is_dir())
        .filter_map(|entry| {
            let relative = entry.path().strip_prefix(out).ok()?.to_str()?;
            Some(relative.replace(std::path::MAIN_SEPARATOR, "/"))
        })
        .collect()
}

impl Staging {
    /// Takes one file (from any thread). A failure is kept for [`Staging::finish`].
    pub fn write(&self, file: &OutputFile) {
        if self.failed() {
            return;
        }
        if let Err(e) = self.try_write(file) {
            lock(&self.error).get_or_insert(e);
        }
    }

    fn try_write(&self, file: &OutputFile) -> Result<()> {
        check_relative(&self.out, &file.path)?;
        let (same, found) = if self.compare {
            unchanged(&self.out.join(&file.path), &file.bytes)
        } else {
            (false, Found::Nothing)
        };
        let staged = if same {
            None
        } else {
            let number = self.staged.fetch_add(1, Ordering::Relaxed);
            let path = self.dir.join(number.to_string());
            write_spare(&path, &file.bytes).map_err(|source| Error::Write { path, source })?;
            Some(number)
        };
        lock(&self.entries).push(Entry {
            path: file.path.clone(),
            staged,
            found,
        });
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes
            .fetch_add(file.bytes.len() as u64, Ordering::Relaxed);
        Ok(())
    }

    /// Takes one file that a previous build left in the output as it is (`build`'s
    /// cache checked its size and times), `len` bytes long.
    pub fn keep(&self, path: &str, len: u64) {
        if self.failed() {
            return;
        }
        if let Err(e) = check_relative(&self.out, path) {
            lock(&self.error).get_or_insert(e);
            return;
        }
        lock(&self.entries).push(Entry {
            path: path.to_string(),
            staged: None,
            found: Found::File,
        });
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(len, Ordering::Relaxed);
    }

    /// Whether the output holds tebiki's previous build (which each file is compared
    /// with, and which [`Staging::keep`] may keep files of).
    pub fn compares(&self) -> bool {
        self.compare
    }

    fn failed(&self) -> bool {
        lock(&self.error).is_some()
    }

    /// Takes the remaining `files`, then commits the build into the output.
    pub fn finish(self, files: &[OutputFile]) -> Result<WriteReport> {
        files.par_iter().for_each(|file| self.write(file));
        if let Some(e) = lock(&self.error).take() {
            return Err(e);
        }
        let entries = std::mem::take(&mut *lock(&self.entries));
        let plan = Plan::new(&self.out, entries, &self.previous, self.listed)?;
        commit(&plan, &self.root, &self.dir)?;
        Ok(WriteReport {
            files: self.files.load(Ordering::Relaxed),
            bytes: self.bytes.load(Ordering::Relaxed),
        })
    }
}

/// Writes `bytes` into the spare file `path`, over its old bytes when it is a plain
/// file of tebiki's alone, so its disk blocks are reused.
///
/// A spare is the previous version of an output file. When something else also links to
/// it (a deploy snapshot made with `cp -al`, `rsync --link-dest`), writing into it would
/// change that copy too, so it is replaced by a new file instead; so is anything that is
/// not a plain file (it is never written through).
fn write_spare(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let (mut file, old_len) = match open_spare(path)? {
        Spare::Reuse(file, old_len) => (file, old_len),
        spare => {
            // One thread at a time makes files: two threads making files at once spent
            // several times the kernel time of one on this project's ext4 disk
            // (BENCHMARKS.md, "Output writing").
            let _one = lock(&MAKING_FILES);
            if matches!(spare, Spare::Replace) {
                // A folder can only be there if one took an output file's place while
                // a build swapped it in; it is tebiki's own to remove.
                match fs::symlink_metadata(path) {
                    Ok(meta) if meta.is_dir() => fs::remove_dir_all(path)?,
                    _ => fs::remove_file(path)?,
                }
            }
            (File::create_new(path)?, 0)
        }
    };
    file.write_all(bytes)?;
    if old_len > bytes.len() as u64 {
        file.set_len(bytes.len() as u64)?;
    }
    Ok(())
}

/// Held while a file is made.
static MAKING_FILES: Mutex<()> = Mutex::new(());

/// What is at a spare's path.
enum Spare {
    /// A plain file of tebiki's alone, open for writing over, and its length.
    Reuse(File, u64),
    /// Nothing yet.
    Missing,
    /// Something to remove and make anew.
    Replace,
}

/// Opens the spare `path` for writing over, when it can be.
#[cfg(unix)]
fn open_spare(path: &Path) -> std::io::Result<Spare> {
    use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
    let file = match File::options()
        .write(true)
        .custom_flags(libc::O_NOFOLLOW)
        .open(path)
    {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Spare::Missing),
        // A link (ELOOP) or anything else: made anew.
        Err(_) => return Ok(Spare::Replace),
    };
    let meta = file.metadata()?;
    Ok(if meta.is_file() && meta.nlink() == 1 {
        Spare::Reuse(file, meta.len())
    } else {
        Spare::Replace
    })
}

/// Elsewhere each staged file is made anew.
#[cfg(not(unix))]
fn open_spare(path: &Path) -> std::io::Result<Spare> {
    Ok(if fs::symlink_metadata(path).is_ok() {
        Spare::Replace
    } else {
        Spare::Missing
    })
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// Refuses an output path that could name something outside the output folder, or that
/// the record of files (one per line) could not hold.
fn check_relative(out: &Path, path: &str) -> Result<()> {
    if is_plain(path) {
        return Ok(());
    }
    Err(Error::OutputDir {
        path: out.join(path),
        reason: crate::text!("output-dir-reason", reason = "escapes", name = ""),
    })
}

/// Whether `path` is relative, made of plain names only, and fits on one line.
pub(super) fn is_plain(path: &str) -> bool {
    !path.is_empty()
        && !path.contains(['\n', '\r', '\\'])
        && Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

/// Whether `old` is a regular file holding exactly `bytes`, and what is there.
///
/// Reads exactly the size `lstat` reported, a chunk at a time into a buffer this thread
/// made once, and stops at the first chunk that differs: a rebuild compares every page,
/// so `fs::read`'s extra `statx` and end-of-file `read` (and an allocation) per page
/// were a measurable part of it, and so was zeroing a buffer the size of each file
/// (54 M instructions on a full build at 1,000 pages per language). Only tebiki writes
/// the output, under its build lock, so the file does not change between the two calls.
fn unchanged(old: &Path, bytes: &[u8]) -> (bool, Found) {
    thread_local! {
        static CHUNK: std::cell::RefCell<Box<[u8]>> =
            std::cell::RefCell::new(vec![0; COMPARE_CHUNK].into_boxed_slice());
    }
    let meta = match fs::symlink_metadata(old) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (false, Found::Nothing),
        Err(_) => return (false, Found::Other),
    };
    if !meta.file_type().is_file() {
        return (false, Found::Other);
    }
    if meta.len() != bytes.len() as u64 {
        return (false, Found::File);
    }
    let Ok(mut file) = File::open(old) else {
        return (false, Found::File);
    };
    let same = CHUNK.with_borrow_mut(|chunk| {
        bytes.chunks(COMPARE_CHUNK).all(|expected| {
            let read = &mut chunk[..expected.len()];
            file.read_exact(read).is_ok() && *read == *expected
        })
    });
    (same, Found::File)
}

/// The bytes of an old output file read and compared at a time: a page in one read.
const COMPARE_CHUNK: usize = 128 << 10;

#[cfg(test)]
mod tests {
    use super::*;

    /// A file is the same only when every chunk is: a difference in the last byte of a
    /// file several chunks long, in its first byte, or in the middle is seen.
    #[test]
    fn a_file_is_unchanged_only_when_every_chunk_is() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.html");
        let bytes: Vec<u8> = (0..COMPARE_CHUNK * 2 + 77)
            .map(|i| (i % 251) as u8)
            .collect();
        fs::write(&path, &bytes).unwrap();
        assert!(matches!(unchanged(&path, &bytes), (true, Found::File)));
        for at in [0, COMPARE_CHUNK, bytes.len() - 1] {
            let mut other = bytes.clone();
            other[at] ^= 1;
            assert!(
                matches!(unchanged(&path, &other), (false, Found::File)),
                "{at}"
            );
        }
        assert!(matches!(
            unchanged(&path, &bytes[1..]),
            (false, Found::File)
        ));
        assert!(matches!(
            unchanged(&dir.path().join("missing"), &bytes),
            (false, Found::Nothing)
        ));
        assert!(matches!(unchanged(dir.path(), b""), (false, Found::Other)));
        let small = dir.path().join("small.html");
        fs::write(&small, "<p>one</p>").unwrap();
        assert!(matches!(
            unchanged(&small, b"<p>one</p>"),
            (true, Found::File)
        ));
        assert!(matches!(
            unchanged(&small, b"<p>two</p>"),
            (false, Found::File)
        ));
    }
}
