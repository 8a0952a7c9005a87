//! Where chat bytes come from.
//!
//! Takes a path or `-`; gives an [`Input`] that can be read from the start as many times as the pipeline needs
//! (detection and parsing each take a pass). Standard input is spooled to an anonymous temporary file so that it
//! can be read twice without holding it in memory; a zip (file or standard input) gives the chat text inside it
//! (`archive.rs`). It does not decode or interpret the bytes.

use std::cell::RefCell;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::SystemTime;

use sha2::{Digest, Sha256};

pub mod archive;
use crate::error::{Error, Result};

/// An input as named on the command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// A file (a `.txt`, a `.zip`, or a `chatport/1` document).
    Path(PathBuf),
    /// Standard input (`-`).
    Stdin,
}

impl Source {
    /// `-` is standard input; anything else a path.
    pub fn from_arg(arg: &Path) -> Source {
        if arg.as_os_str() == "-" {
            Source::Stdin
        } else {
            Source::Path(arg.to_path_buf())
        }
    }

    /// How the input is named in messages.
    pub fn display(&self) -> String {
        match self {
            Source::Path(p) => p.display().to_string(),
            Source::Stdin => "<stdin>".into(),
        }
    }
}

/// How many message headers a text holds (0: not a chat), given to [`Input::open`] by the reader, which knows.
pub type Rate = dyn Fn(File) -> u64;

/// An opened input, readable from the start any number of times.
pub struct Input {
    /// Name for messages: the path as given, or `<stdin>`.
    pub display: String,
    /// The file name without directories (`-` for standard input), for `source.name` and the chat title.
    pub file_name: String,
    /// Size in bytes.
    pub bytes: u64,
    /// The entry the chat text came from, when the input is a zip.
    pub entry: Option<String>,
    /// The path given, when it was one.
    pub path: Option<PathBuf>,
    /// When the file given was last modified, when it is a file (not standard input or bytes).
    pub mtime: Option<SystemTime>,
    /// The last-modified date and time the zip wrote for the chat entry (the exporting phone's local time).
    pub entry_modified: Option<chrono::NaiveDateTime>,
    file: File,
    /// The zip itself, when the input is one (its media are read from it).
    zip: Option<File>,
}

impl Input {
    /// Opens `source`; standard input is copied to a temporary file first. `rate` says how many message headers
    /// a text holds, to find the chat among a zip's `.txt` entries.
    pub fn open(source: &Source, rate: &Rate) -> Result<Input> {
        let display = source.display();
        let read_err = |e| Error::Read {
            path: display.clone(),
            source: e,
        };
        let (file, file_name) = match source {
            Source::Path(path) => {
                if path.is_dir() {
                    return Err(Error::Unsupported {
                        path: display,
                        what: "is a directory; pass the exported .txt or .zip inside it".into(),
                    });
                }
                let name = path
                    .file_name()
                    .map_or_else(|| display.clone(), |n| n.to_string_lossy().into_owned());
                (File::open(path).map_err(read_err)?, name)
            }
            Source::Stdin => {
                let mut spool = tempfile::tempfile().map_err(read_err)?;
                io::copy(&mut io::stdin().lock(), &mut spool).map_err(read_err)?;
                (spool, "-".to_string())
            }
        };
        let path = match source {
            Source::Path(p) => Some(p.clone()),
            Source::Stdin => None,
        };
        // why: a year a header leaves out is counted back from when the chat was exported (issue 16).
        let mtime = match source {
            Source::Path(_) => file.metadata().and_then(|m| m.modified()).ok(),
            Source::Stdin => None,
        };
        let mut input = Input::from_file(display, file_name, path, file, rate)?;
        input.mtime = mtime;
        Ok(input)
    }

    /// Bytes already in memory, spooled like standard input and named `name`.
    pub fn from_bytes(name: &str, data: &[u8], rate: &Rate) -> Result<Input> {
        Input::from_reader(name, data, rate)
    }

    /// Everything `reader` gives, spooled like standard input and named `name`.
    pub fn from_reader(name: &str, mut reader: impl Read, rate: &Rate) -> Result<Input> {
        let read_err = |e| Error::Read {
            path: name.to_string(),
            source: e,
        };
        let mut spool = tempfile::tempfile().map_err(read_err)?;
        io::copy(&mut reader, &mut spool).map_err(read_err)?;
        Input::from_file(name.to_string(), name.to_string(), None, spool, rate)
    }

    /// Sniffs an opened file: its encoding, and the chat text inside when it is a zip.
    fn from_file(
        display: String,
        file_name: String,
        path: Option<PathBuf>,
        file: File,
        rate: &Rate,
    ) -> Result<Input> {
        let mut input = Input {
            display,
            file_name,
            bytes: 0,
            entry: None,
            path,
            mtime: None,
            entry_modified: None,
            file,
            zip: None,
        };
        let head = input.head(4)?;
        // why: iOS always exports a .zip (`_chat.txt` + media), Android does when sharing to some apps.
        if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
            let chat = archive::chat_text(input.reader()?, &input.display, rate)?;
            input.entry = Some(chat.entry);
            input.entry_modified = chat.modified;
            input.zip = Some(std::mem::replace(&mut input.file, chat.spool));
        }
        input.bytes = input
            .file
            .metadata()
            .map_err(|e| input.read_error(e))?
            .len();
        Ok(input)
    }

    /// The first `n` bytes of the chat text (fewer when it is shorter), for sniffing.
    pub fn head(&self, n: u64) -> Result<Vec<u8>> {
        let mut head = Vec::new();
        self.reader()?
            .take(n)
            .read_to_end(&mut head)
            .map_err(|e| self.read_error(e))?;
        Ok(head)
    }

    /// A reader positioned at the start.
    pub fn reader(&self) -> Result<File> {
        let mut f = self.file.try_clone().map_err(|e| self.read_error(e))?;
        f.seek(SeekFrom::Start(0)).map_err(|e| self.read_error(e))?;
        Ok(f)
    }

    /// The zip, from its start, when the input is one.
    pub fn archive(&self) -> Option<File> {
        let mut f = self.zip.as_ref()?.try_clone().ok()?;
        f.seek(SeekFrom::Start(0)).ok()?;
        Some(f)
    }

    /// A read error about this input.
    pub fn read_error(&self, source: io::Error) -> Error {
        Error::Read {
            path: self.display.clone(),
            source,
        }
    }
}

/// A reader that feeds every byte it passes on into a shared SHA-256.
pub struct Hashing<R> {
    pub inner: R,
    pub hasher: Rc<RefCell<Sha256>>,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.borrow_mut().update(&buf[..n]);
        Ok(n)
    }
}

/// Lower-case hex of a digest.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
