//! Where chat bytes come from.
//!
//! Takes a path, `-`, bytes or any reader; gives an [`Input`] whose chat text can be read from the start as many
//! times as the pipeline needs (detection and parsing each take a pass). A path holds no file open between reads:
//! it is opened again for each one, and each opening checks that it is still the file first opened, so a file that
//! changes while being converted is an error rather than a mix of two files. Only regular files are opened (a FIFO,
//! socket or device is refused from its metadata: opening a FIFO blocks). Standard input and readers are spooled
//! to an anonymous temporary file, a zip's chat text to a named one deleted with the input (`spool.rs`,
//! `archive.rs`), each stopping as soon as the bytes cannot be a chat. It does not decode or interpret the bytes:
//! the reader's [`Judge`] answers what only it knows.

use std::cell::RefCell;
use std::fs::{self, File};
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::SystemTime;

use sha2::{Digest, Sha256};

pub mod archive;
pub mod count;
pub mod kind;
pub mod spool;
use crate::error::{Error, Result};
use crate::model::Warning;
use crate::text::near;

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

/// Looks at the first bytes of a text being spooled (see [`Judge::head`]).
pub type HeadCheck = dyn Fn(&str, &[u8]) -> Result<Option<u64>>;

/// What input asks the reader, which knows how a chat is written (input does not).
pub struct Judge<'a> {
    /// How many message headers a text holds (0: not a chat): how the chat is found among a zip's `.txt` entries.
    pub rate: &'a dyn Fn(File) -> u64,
    /// Given a name for errors and the first [`spool::HEAD`] bytes of a longer text: the error those bytes already
    /// earn (binary data with no message header, as the reader words it), else the longest run of bytes without a
    /// CR or LF the text may hold (`None` when its lines cannot be measured in bytes, as in UTF-16).
    pub head: &'a HeadCheck,
}

/// What a path that is not a regular file is ("a FIFO", "a device"…), from its metadata (symbolic links
/// followed); `None` for a regular file.
pub fn special_kind(meta: &fs::Metadata) -> Option<&'static str> {
    let kind = meta.file_type();
    if kind.is_file() {
        return None;
    }
    if kind.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
        if kind.is_char_device() || kind.is_block_device() {
            return Some("a device");
        }
    }
    Some("not a regular file")
}

/// The error for a path that is not a regular file, saying what to pass instead.
fn not_a_file(display: &str, kind: &str) -> Error {
    let what = match kind {
        "a folder" => "is a directory; pass the exported .txt or .zip inside it".to_string(),
        "a FIFO (named pipe)" => format!(
            "is {kind}, not a file; to read a stream, pass - and redirect it (chatport convert - < FILE)"
        ),
        _ => format!("is {kind}, not a file; pass the exported .txt or .zip"),
    };
    Error::Unsupported {
        path: display.to_string(),
        what,
    }
}

/// What tells a file from the same path holding other bytes: which file it is, its size and modification time.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Identity {
    device: u64,
    inode: u64,
    len: u64,
    modified: Option<SystemTime>,
}

impl Identity {
    fn of(meta: &fs::Metadata) -> Identity {
        #[cfg(unix)]
        let (device, inode) = {
            use std::os::unix::fs::MetadataExt;
            (meta.dev(), meta.ino())
        };
        #[cfg(not(unix))]
        let (device, inode) = (0, 0);
        Identity {
            device,
            inode,
            len: meta.len(),
            modified: meta.modified().ok(),
        }
    }
}

/// A file given by path, with what it was when first opened.
struct Watched {
    path: PathBuf,
    identity: Identity,
}

impl Watched {
    /// Opens the file again, or says it changed.
    fn open(&self, display: &str) -> Result<File> {
        // why: checked before opening: a FIFO put in the file's place would block the open itself.
        self.check(display)?;
        let file = File::open(&self.path).map_err(|e| read_error(display, e))?;
        let meta = file.metadata().map_err(|e| read_error(display, e))?;
        if Identity::of(&meta) != self.identity {
            return Err(Error::Changed {
                path: display.to_string(),
            });
        }
        Ok(file)
    }

    /// Whether the path still names the file first opened, unchanged.
    fn check(&self, display: &str) -> Result<()> {
        match fs::metadata(&self.path) {
            Ok(meta) if Identity::of(&meta) == self.identity => Ok(()),
            _ => Err(Error::Changed {
                path: display.to_string(),
            }),
        }
    }
}

/// Where bytes are kept between reads.
enum Kept {
    /// The file at a path, opened again for each read.
    Path(Watched),
    /// An anonymous temporary file (standard input, a reader), held open: it has no name to open again.
    Held(File),
    /// A named temporary file (a zip's chat text), opened again for each read and deleted with the input.
    Named(spool::Named),
}

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
    /// What opening it found odd (a zip with two chat texts, `.txt` entries not tried), for the first pass's
    /// warnings.
    pub warnings: Vec<Warning>,
    /// When the file given was last modified, when it is a file (not standard input or bytes).
    pub mtime: Option<std::time::SystemTime>,
    /// The last-modified date and time the zip wrote for the chat entry (the exporting phone's local time).
    pub entry_modified: Option<chrono::NaiveDateTime>,
    /// Where reads of the chat text are counted, for a progress bar.
    pub count: Option<count::BytesRead>,
    text: Kept,
    /// The zip itself, when the input is one (its media are read from it).
    zip: Option<Kept>,
}

impl Input {
    /// Opens `source`; standard input is copied to a temporary file first. `judge` answers what only the reader
    /// knows (how many headers a text holds, whether its first bytes can be a chat's).
    pub fn open(source: &Source, judge: &Judge) -> Result<Input> {
        match source {
            Source::Path(path) => Input::open_path(path, judge),
            Source::Stdin => Input::from_reader_named("<stdin>", "-", io::stdin().lock(), judge),
        }
    }

    fn open_path(path: &Path, judge: &Judge) -> Result<Input> {
        let display = path.display().to_string();
        // why: opening a FIFO with no writer blocks forever, and a device never ends; look before opening.
        let meta = fs::metadata(path).map_err(|e| match e.kind() {
            io::ErrorKind::NotFound => missing(path, &display),
            _ => read_error(&display, e),
        })?;
        if let Some(kind) = special_kind(&meta) {
            return Err(not_a_file(&display, kind));
        }
        let mut file = File::open(path).map_err(|e| read_error(&display, e))?;
        let meta = file.metadata().map_err(|e| read_error(&display, e))?;
        if let Some(kind) = special_kind(&meta) {
            return Err(not_a_file(&display, kind));
        }
        let watched = Watched {
            path: path.to_path_buf(),
            identity: Identity::of(&meta),
        };
        let file_name = path
            .file_name()
            .map_or_else(|| display.clone(), |n| n.to_string_lossy().into_owned());
        let mut input = Input {
            bytes: meta.len(),
            display,
            file_name,
            entry: None,
            path: Some(path.to_path_buf()),
            warnings: Vec::new(),
            // why: a year a header leaves out is counted back from when the chat was exported (issue 16).
            mtime: meta.modified().ok(),
            entry_modified: None,
            count: None,
            text: Kept::Path(watched),
            zip: None,
        };
        if is_zip(&head_of(&mut file, 4).map_err(|e| input.read_error(e))?) {
            file.rewind().map_err(|e| input.read_error(e))?;
            let chat = archive::chat_text(file, &input.display, judge)?;
            input.take_chat(chat);
        }
        Ok(input)
    }

    /// Bytes already in memory, spooled like standard input and named `name`.
    pub fn from_bytes(name: &str, data: &[u8], judge: &Judge) -> Result<Input> {
        Input::from_reader(name, data, judge)
    }

    /// Everything `reader` gives, spooled like standard input and named `name`.
    pub fn from_reader(name: &str, reader: impl Read, judge: &Judge) -> Result<Input> {
        Input::from_reader_named(name, name, reader, judge)
    }

    fn from_reader_named(
        display: &str,
        file_name: &str,
        mut reader: impl Read,
        judge: &Judge,
    ) -> Result<Input> {
        let (spool, zip) = spool::stream(&mut reader, display, judge)?;
        let mut input = Input {
            bytes: 0,
            display: display.to_string(),
            file_name: file_name.to_string(),
            entry: None,
            path: None,
            warnings: Vec::new(),
            mtime: None,
            entry_modified: None,
            count: None,
            text: Kept::Held(spool),
            zip: None,
        };
        if zip {
            let chat = archive::chat_text(input.reader()?, &input.display, judge)?;
            input.take_chat(chat);
        } else {
            let spool = input.reader()?;
            input.bytes = spool.metadata().map_err(|e| input.read_error(e))?.len();
        }
        Ok(input)
    }

    /// Makes a zip's chat text the text, the zip its media.
    fn take_chat(&mut self, chat: archive::ChatText) {
        self.entry = Some(chat.entry);
        self.entry_modified = chat.modified;
        self.warnings.extend(chat.warnings);
        self.bytes = chat.bytes;
        self.zip = Some(std::mem::replace(&mut self.text, Kept::Named(chat.spool)));
    }

    /// The first `n` bytes of the chat text (fewer when it is shorter), for sniffing.
    pub fn head(&self, n: u64) -> Result<Vec<u8>> {
        head_of(&mut self.reader()?, n).map_err(|e| self.read_error(e))
    }

    /// A reader of the chat text, positioned at the start.
    pub fn reader(&self) -> Result<File> {
        self.open_kept(&self.text)
    }

    /// `reader`, its reads added to [`Input::count`]: for the passes over the chat text.
    pub fn counted<R: Read>(&self, reader: R) -> count::Counted<R> {
        count::Counted::new(reader, self.count.clone())
    }

    fn open_kept(&self, kept: &Kept) -> Result<File> {
        match kept {
            Kept::Path(watched) => watched.open(&self.display),
            Kept::Held(file) => {
                let mut f = file.try_clone().map_err(|e| self.read_error(e))?;
                f.seek(SeekFrom::Start(0)).map_err(|e| self.read_error(e))?;
                Ok(f)
            }
            Kept::Named(named) => File::open(named.path()).map_err(|e| self.read_error(e)),
        }
    }

    /// The zip, from its start, when the input is one and is still the zip first read (opened with
    /// [`archive::open`], it is the zip whose layout was checked).
    pub fn archive(&self) -> Option<Result<File>> {
        Some(self.open_kept(self.zip.as_ref()?))
    }

    /// Whether the input's files given by path are still the ones first read: an [`Error::Changed`] if not.
    pub fn check_unchanged(&self) -> Result<()> {
        for kept in [Some(&self.text), self.zip.as_ref()].into_iter().flatten() {
            if let Kept::Path(watched) = kept {
                watched.check(&self.display)?;
            }
        }
        Ok(())
    }

    /// A read error about this input.
    pub fn read_error(&self, source: io::Error) -> Error {
        read_error(&self.display, source)
    }
}

/// The error for an input that is not there, with the nearest name in its folder when one is close.
// why: a typo (`Whatsapp chat.txt`) otherwise ends in a bare "No such file" (issue 19).
fn missing(path: &Path, display: &str) -> Error {
    let wanted = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let names: Vec<(String, String)> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .map(|name| (name.to_lowercase(), name))
                .collect()
        })
        .unwrap_or_default();
    let nearest = near::nearest(
        &wanted,
        names.iter().map(|(k, n)| (k.as_str(), n.as_str())),
        1,
    );
    let hint = match nearest.first() {
        Some(name) => match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => {
                format!("; did you mean '{}'?", p.join(name).display())
            }
            _ => format!("; did you mean '{name}'?"),
        },
        None => String::new(),
    };
    Error::Unsupported {
        path: display.to_string(),
        what: format!("no such file{hint}"),
    }
}

fn read_error(display: &str, source: io::Error) -> Error {
    Error::Read {
        path: display.to_string(),
        source,
    }
}

/// The first `n` bytes `reader` gives (fewer at its end).
fn head_of(reader: &mut impl Read, n: u64) -> io::Result<Vec<u8>> {
    let mut head = Vec::new();
    reader.take(n).read_to_end(&mut head)?;
    Ok(head)
}

/// Whether bytes start like a zip.
// why: iOS always exports a .zip (`_chat.txt` + media), Android does when sharing to some apps.
fn is_zip(head: &[u8]) -> bool {
    head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06")
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
