//! Where output bytes go, safely.
//!
//! Takes a [`Target`] and an [`Overwrite`] policy; gives a buffered [`Sink`]. A file is written to a temporary file
//! in the same directory and renamed into place only when complete, so an error or Ctrl-C leaves the old file or
//! the new one, never half of one; an existing file is never replaced without `--force`, an input of the run never
//! (`replace.rs`), and a device or FIFO is written as a stream, not replaced. Only this module writes data to stdout.

pub mod embed;
pub mod media;
mod replace;

pub use replace::{FileId, Overwrite, same_file};

/// Untrusted text (names from a zip or a chat) as a terminal may safely show it: control characters escaped.
pub use crate::text::shown;

use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::error::{Error, Result};

/// Where a result is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// Standard output.
    Stdout,
    /// This file, written atomically.
    File(PathBuf),
}

/// A buffered destination; call [`Sink::finish`] to flush it and, for files, move it into place.
pub struct Sink {
    kind: Kind,
    name: String,
}

enum Kind {
    Stdout(BufWriter<io::StdoutLock<'static>>),
    /// A device or FIFO, written in place.
    Stream(BufWriter<std::fs::File>),
    File {
        tmp: BufWriter<NamedTempFile>,
        path: PathBuf,
        force: bool,
        _pending: Pending,
        early: EarlySync,
    },
}

/// Bytes written between two early flushes.
const SYNC_EVERY: u64 = 4 << 20;

/// Flushes a file's data to disk on a helper thread while the file is still being written, so that the `fsync`
/// before the rename (which makes the output survive a crash) has only the tail left to do. The helper starts
/// with the first [`SYNC_EVERY`] bytes: small outputs never have one.
struct EarlySync {
    /// No second handle yet (one is taken only when the helper starts: a small output holds one descriptor).
    started: bool,
    request: Option<std::sync::mpsc::SyncSender<()>>,
    helper: Option<std::thread::JoinHandle<io::Result<()>>>,
    unsynced: u64,
}

impl EarlySync {
    fn new() -> EarlySync {
        EarlySync {
            started: false,
            request: None,
            helper: None,
            unsynced: 0,
        }
    }

    fn wrote(&mut self, n: usize, file: &std::fs::File) {
        self.unsynced += n as u64;
        if self.unsynced < SYNC_EVERY {
            return;
        }
        self.unsynced = 0;
        // Without a second handle there is no helper, and the final fsync does it all.
        if !self.started
            && let Ok(file) = file.try_clone()
        {
            self.started = true;
            let (tx, rx) = std::sync::mpsc::sync_channel::<()>(1);
            self.helper = std::thread::Builder::new()
                .name("chatport-sync".into())
                .spawn(move || {
                    for () in rx {
                        file.sync_data()?;
                    }
                    Ok(())
                })
                .ok();
            self.request = self.helper.is_some().then_some(tx);
        }
        if let Some(tx) = &self.request {
            // Full: a flush is already asked for, and it will take these bytes too.
            let _ = tx.try_send(());
        }
    }

    /// Waits for the helper; its error, if a flush failed.
    fn finish(mut self) -> io::Result<()> {
        self.request = None;
        match self.helper.take() {
            Some(h) => h
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            None => Ok(()),
        }
    }
}

// The registry of temporary files to delete on Ctrl-C lives in `crate::pending`, where input's spools use it too.
pub use crate::pending::{Pending, exit_removing, remove_pending};

impl Sink {
    /// Opens `target` under `policy`: an existing regular file is refused unless `policy.force`, an input always.
    pub fn open(target: &Target, policy: &Overwrite) -> Result<Sink> {
        match target {
            Target::Stdout => {
                let stdout = io::stdout();
                // A terminal reader wants to see lines as they come; a pipe or file wants big writes.
                let cap = if stdout.is_terminal() {
                    8 << 10
                } else {
                    256 << 10
                };
                Ok(Sink {
                    kind: Kind::Stdout(BufWriter::with_capacity(cap, stdout.lock())),
                    name: "<stdout>".into(),
                })
            }
            Target::File(given) => {
                let name = given.display().to_string();
                let path = match replace::plan(given, policy)? {
                    replace::Plan::Replace(path) => path,
                    replace::Plan::Stream => {
                        let file = std::fs::OpenOptions::new()
                            .write(true)
                            .open(given)
                            .map_err(|source| Error::Write {
                                path: name.clone(),
                                source,
                            })?;
                        return Ok(Sink {
                            kind: Kind::Stream(BufWriter::with_capacity(256 << 10, file)),
                            name,
                        });
                    }
                };
                let path = &path;
                let force = policy.force;
                let dir = match path.parent() {
                    Some(p) if !p.as_os_str().is_empty() => p,
                    _ => Path::new("."),
                };
                if !dir.is_dir() {
                    return Err(Error::Write {
                        path: name,
                        source: io::Error::new(
                            io::ErrorKind::NotFound,
                            format!(
                                "the folder {} does not exist; create it, or pass -o with a path whose folder exists",
                                dir.display()
                            ),
                        ),
                    });
                }
                let mut builder = tempfile::Builder::new();
                builder.prefix(".chatport-").suffix(".tmp");
                // why: a temporary file is private (0600); the output is an ordinary file, so it gets the mode a
                // new file gets (0666 less the umask), or keeps the mode of the file it replaces.
                #[cfg(unix)]
                {
                    use std::os::unix::fs::PermissionsExt;
                    builder.permissions(match std::fs::metadata(path) {
                        Ok(m) => m.permissions(),
                        Err(_) => std::fs::Permissions::from_mode(0o666),
                    });
                }
                let (tmp, pending) =
                    Pending::create(|| builder.tempfile_in(dir), |t: &NamedTempFile| t.path())
                        .map_err(|source| Error::Write {
                            path: name.clone(),
                            source,
                        })?;
                let early = EarlySync::new();
                Ok(Sink {
                    kind: Kind::File {
                        tmp: BufWriter::with_capacity(256 << 10, tmp),
                        path: path.clone(),
                        force,
                        _pending: pending,
                        early,
                    },
                    name,
                })
            }
        }
    }

    /// The destination's name for messages.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// A write error about this destination.
    pub fn error(&self, source: io::Error) -> Error {
        Error::Write {
            path: self.name.clone(),
            source,
        }
    }

    /// Flushes everything and, for a file, renames the finished temporary file into place.
    pub fn finish(self) -> Result<()> {
        let name = self.name;
        let err = |source| Error::Write {
            path: name.clone(),
            source,
        };
        match self.kind {
            Kind::Stdout(mut w) => w.flush().map_err(err),
            Kind::Stream(w) => w.into_inner().map(drop).map_err(|e| err(e.into_error())),
            Kind::File {
                tmp,
                path,
                force,
                early,
                ..
            } => {
                let tmp = tmp.into_inner().map_err(|e| err(e.into_error()))?;
                early.finish().map_err(err)?;
                tmp.as_file().sync_all().map_err(err)?;
                let persisted = if force {
                    tmp.persist(&path)
                } else {
                    tmp.persist_noclobber(&path)
                };
                match persisted {
                    Ok(_) => Ok(()),
                    Err(e) if e.error.kind() == io::ErrorKind::AlreadyExists => {
                        Err(Error::OutputExists { path: name })
                    }
                    Err(e) => Err(err(e.error)),
                }
            }
        }
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.kind {
            Kind::Stdout(w) => w.write(buf),
            Kind::Stream(w) => w.write(buf),
            Kind::File { tmp, early, .. } => {
                let n = tmp.write(buf)?;
                early.wrote(n, tmp.get_ref().as_file());
                Ok(n)
            }
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match &mut self.kind {
            Kind::Stdout(w) => w.write_all(buf),
            Kind::Stream(w) => w.write_all(buf),
            Kind::File { tmp, early, .. } => {
                tmp.write_all(buf)?;
                early.wrote(buf.len(), tmp.get_ref().as_file());
                Ok(())
            }
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.kind {
            Kind::Stdout(w) => w.flush(),
            Kind::Stream(w) => w.flush(),
            Kind::File { tmp, .. } => tmp.flush(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An output past several early flushes is whole once finished, and nothing else is left in its folder.
    #[test]
    fn a_large_output_is_flushed_early_and_lands_whole() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("out.jsonl");
        let mut sink =
            Sink::open(&Target::File(path.clone()), &Overwrite::default()).expect("open");
        let line = [b'x'; 1000];
        for _ in 0..(3 * SYNC_EVERY as usize / line.len() + 7) {
            sink.write_all(&line).expect("write");
        }
        sink.finish().expect("finish");
        let len = std::fs::metadata(&path).expect("output").len();
        assert_eq!(len, (3 * SYNC_EVERY / 1000 + 7) * 1000);
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("out.jsonl")]);
    }
}
