//! What an output may replace.
//!
//! Takes a path about to be written and the run's [`Overwrite`] policy; says whether writing there is allowed, and
//! how: a new file, a regular file replaced (only with `--force`, never one of the run's inputs), or a device or
//! FIFO written as a stream (never replaced). Files are compared by identity (device and inode), not by name, so a
//! hard link, a symbolic link or `d/./x` cannot disguise an input. It writes nothing.

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::{Error, Result};
use crate::input::Source;

/// A file's identity: the same for every name it has.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FileId(Id);

#[cfg(unix)]
type Id = (u64, u64);
#[cfg(not(unix))]
type Id = PathBuf;

impl FileId {
    /// The identity of the file standard input reads, when it is a regular file (`< chat.txt`).
    pub fn of_stdin() -> Option<FileId> {
        #[cfg(unix)]
        {
            use std::os::fd::AsFd;
            Self::of_fd(std::io::stdin().as_fd())
        }
        #[cfg(not(unix))]
        {
            None
        }
    }

    /// The identity of what standard output writes to, when it is a regular file (`> out.json`).
    pub fn of_stdout() -> Option<FileId> {
        #[cfg(unix)]
        {
            use std::os::fd::AsFd;
            Self::of_fd(std::io::stdout().as_fd())
        }
        #[cfg(not(unix))]
        {
            None
        }
    }

    #[cfg(unix)]
    fn of_fd(fd: std::os::fd::BorrowedFd<'_>) -> Option<FileId> {
        use std::os::unix::fs::MetadataExt;
        let owned = fd.try_clone_to_owned().ok()?;
        let m = std::fs::File::from(owned).metadata().ok()?;
        m.is_file().then(|| FileId((m.dev(), m.ino())))
    }

    /// The identity of the file at `path` (links followed); `None` when there is none.
    pub fn of(path: &Path) -> Option<FileId> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let m = std::fs::metadata(path).ok()?;
            Some(FileId((m.dev(), m.ino())))
        }
        #[cfg(not(unix))]
        {
            path.canonicalize().ok().map(FileId)
        }
    }
}

/// Whether `a` and `b` name the same existing file.
pub fn same_file(a: &Path, b: &Path) -> bool {
    matches!((FileId::of(a), FileId::of(b)), (Some(a), Some(b)) if a == b)
}

/// How outputs treat what is already at their paths.
#[derive(Clone, Debug, Default)]
pub struct Overwrite {
    /// Replace an existing regular file (`--force`).
    pub force: bool,
    /// Files never replaced nor written, whatever `force` says: the run's inputs.
    pub inputs: Arc<HashSet<FileId>>,
    /// Write into a character device or FIFO found at the path (an `-o` named by hand); otherwise such a path is
    /// refused (a batch's folder, media).
    pub stream: bool,
}

impl Overwrite {
    /// A policy that replaces files when `force`, and never any of the files `inputs` read (standard input
    /// included, when it is a file).
    pub fn new(force: bool, inputs: &[Source]) -> Overwrite {
        Overwrite {
            force,
            inputs: Arc::new(
                inputs
                    .iter()
                    .filter_map(|s| match s {
                        Source::Path(p) => FileId::of(p),
                        Source::Stdin => FileId::of_stdin(),
                    })
                    .collect(),
            ),
            stream: false,
        }
    }

    /// The same policy, writing into a device or FIFO named by hand.
    pub fn streaming(&self) -> Overwrite {
        Overwrite {
            stream: true,
            ..self.clone()
        }
    }
}

/// How a path is written.
#[derive(Debug, PartialEq, Eq)]
pub enum Plan {
    /// Atomically, as a new or replaced regular file at this path (a symbolic link's target, so the link stays).
    Replace(PathBuf),
    /// As a stream into what is there (a device such as `/dev/null`, a FIFO): it is never replaced.
    Stream,
}

/// How `path` may be written under `policy`, or why it may not.
pub fn plan(path: &Path, policy: &Overwrite) -> Result<Plan> {
    let name = || path.display().to_string();
    let link = std::fs::symlink_metadata(path).ok();
    let Some(link) = link else {
        return Ok(Plan::Replace(path.to_path_buf()));
    };
    let Ok(meta) = std::fs::metadata(path) else {
        // why: a link to nothing would be replaced by a regular file, losing the link (issue 15).
        return Err(refused(
            path,
            "is a symbolic link to nothing; it is not replaced: choose another -o path",
        ));
    };
    if FileId::of(path).is_some_and(|id| policy.inputs.contains(&id)) {
        return Err(refused(
            path,
            "is an input of this run, which an output never replaces: choose another -o path or folder",
        ));
    }
    if meta.is_dir() {
        return Err(refused(path, "is a folder; pass -o with a file name"));
    }
    if !meta.is_file() {
        // why: a FIFO in a batch's folder would block the run, and a block device is a disk (issue 15).
        if !policy.stream || is_block_device(&meta) {
            return Err(refused(
                path,
                "is not a regular file (a device, FIFO or socket); it is neither written into nor replaced here: remove it, or choose another -o path or folder",
            ));
        }
        return Ok(Plan::Stream);
    }
    if !policy.force {
        return Err(Error::OutputExists { path: name() });
    }
    if link.file_type().is_symlink() {
        let target = path.canonicalize().map_err(|source| Error::Write {
            path: name(),
            source,
        })?;
        return Ok(Plan::Replace(target));
    }
    Ok(Plan::Replace(path.to_path_buf()))
}

fn is_block_device(meta: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        meta.file_type().is_block_device()
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        false
    }
}

fn refused(path: &Path, why: &str) -> Error {
    Error::Write {
        path: path.display().to_string(),
        source: io::Error::other(why.to_string()),
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn what_each_kind_of_existing_path_allows() {
        let dir = tempfile::tempdir().expect("temp");
        let d = dir.path();
        let file = d.join("file.json");
        std::fs::write(&file, b"old").expect("write");
        let input = d.join("input.txt");
        std::fs::write(&input, b"chat").expect("write");
        let hard = d.join("hard.txt");
        std::fs::hard_link(&input, &hard).expect("link");
        let soft = d.join("soft.json");
        std::os::unix::fs::symlink(&file, &soft).expect("symlink");
        let dangling = d.join("dangling.json");
        std::os::unix::fs::symlink(d.join("nothing"), &dangling).expect("symlink");
        let new = d.join("new.json");
        let keep = Overwrite::new(false, &[Source::Path(input.clone())]).streaming();
        let force = Overwrite::new(true, &[Source::Path(input.clone())]).streaming();
        let shown = |r: Result<Plan>| match r {
            Ok(Plan::Replace(p)) => {
                format!("replace {}", p.strip_prefix(d).unwrap_or(&p).display())
            }
            Ok(Plan::Stream) => "stream".to_string(),
            Err(e) => e.to_string().replace(&d.display().to_string(), ""),
        };
        let cases: [(&Path, &Overwrite, &str); 12] = [
            (&new, &keep, "replace new.json"),
            (
                &file,
                &keep,
                "/file.json: already exists; pass --force to overwrite it",
            ),
            (&file, &force, "replace file.json"),
            (&soft, &force, "replace file.json"),
            (
                &input,
                &force,
                "/input.txt: cannot write: is an input of this run",
            ),
            (
                &hard,
                &force,
                "/hard.txt: cannot write: is an input of this run",
            ),
            (
                &input,
                &keep,
                "/input.txt: cannot write: is an input of this run",
            ),
            (
                &dangling,
                &force,
                "/dangling.json: cannot write: is a symbolic link to nothing",
            ),
            (Path::new("/dev/null"), &keep, "stream"),
            (Path::new("/dev/null"), &force, "stream"),
            (d, &force, ": cannot write: is a folder"),
            (
                &d.join("./input.txt"),
                &force,
                "/./input.txt: cannot write: is an input",
            ),
        ];
        for (path, policy, want) in cases {
            let got = shown(plan(path, policy));
            assert!(got.starts_with(want), "{}: {got}", path.display());
        }
    }
}
