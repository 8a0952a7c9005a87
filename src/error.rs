//! The shared error vocabulary.
//!
//! Takes failures from every stage; gives one [`Error`] whose `Display` is a user-ready sentence naming the file,
//! the line when there is one, what was expected, and the flag that fixes it. Deciding exit codes is `main.rs`'s job.

use std::fmt;
use std::io;

/// Everything that can stop a conversion. In every variant, `path` names the input or output as the user gave it.
#[derive(Debug)]
pub enum Error {
    /// An input could not be opened or read.
    Read {
        /// The input.
        path: String,
        /// Why.
        source: io::Error,
    },
    /// No line of the input starts with a WhatsApp message header.
    NoHeader {
        /// The input.
        path: String,
        /// The first non-blank line, shortened, to show what the file holds; `None` when it holds nothing.
        first_line: Option<String>,
        /// The data has NUL bytes: probably not text at all.
        binary: bool,
        /// How many bytes the input holds (with no first line: 0 is an empty file, more is only blank lines).
        bytes: u64,
    },
    /// A line is too long to be part of a chat export.
    LineTooLong {
        /// The input.
        path: String,
        /// The line's number.
        line: u64,
        /// The longest line read, in bytes.
        max: usize,
    },
    /// The input is of a kind this version cannot read.
    Unsupported {
        /// The input.
        path: String,
        /// What it is, and what to do instead.
        what: String,
    },
    /// The input changed while it was being converted: written to, truncated or replaced between two reads of it.
    Changed {
        /// The input.
        path: String,
    },
    /// A temporary copy of an input (standard input, a zip's chat text) could not be created or written.
    Temp {
        /// The input.
        path: String,
        /// The temporary folder (`TMPDIR`, else the system's).
        dir: String,
        /// Why.
        source: io::Error,
    },
    /// The output file exists and `--force` was not given.
    OutputExists {
        /// The output.
        path: String,
    },
    /// Writing the output failed (a closed pipe included: see [`Error::is_broken_pipe`]).
    Write {
        /// The output.
        path: String,
        /// Why.
        source: io::Error,
    },
    /// `--assistant` or `--me` names nobody in this chat.
    NoSuchParticipant {
        /// The input.
        path: String,
        /// `--assistant` or `--me`.
        flag: &'static str,
        /// The name given.
        name: String,
        /// Who is in the chat.
        participants: Vec<String>,
    },
    /// An AI format was asked of a group with no known AI contact: who the assistant is must be said.
    NeedsAssistant {
        /// The input.
        path: String,
        /// Who is in the chat.
        participants: Vec<String>,
    },
    /// The command line asks for something impossible.
    Usage(String),
}

/// Shorthand for results of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// The output was a pipe that the reader closed (`chatport … | head`): not a failure.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Write { source, .. } if source.kind() == io::ErrorKind::BrokenPipe)
    }

    /// Usage errors mean nothing could run; every other error is about one input or output.
    pub fn is_usage(&self) -> bool {
        matches!(self, Error::Usage(_))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Read { path, source } => write!(f, "{path}: cannot read: {source}"),
            Error::NoHeader {
                path,
                first_line,
                binary,
                bytes,
            } => {
                write!(f, "{path}: no WhatsApp message header found")?;
                match first_line {
                    // why: a binary file's first line holds control bytes that would garble the terminal.
                    Some(line) => write!(f, "; first line: '{}'", visible(line))?,
                    None if *bytes == 0 => write!(f, "; the file is empty")?,
                    None => write!(f, "; the file holds only blank lines")?,
                }
                if *binary {
                    write!(
                        f,
                        "\n  hint: the file holds binary data; is it really the .txt from WhatsApp's 'Export chat'?"
                    )
                } else {
                    write!(
                        f,
                        "\n  hint: expected lines like '23/03/2022, 13:31 - Name: text' or '[3/27/22, 21:41:35] Name: text';\n  \
                         if this is a WhatsApp export, please report its first lines"
                    )
                }
            }
            Error::LineTooLong { path, line, max } => write!(
                f,
                "{path}:{line}: line longer than {} MiB; this is not a WhatsApp chat export",
                max >> 20
            ),
            Error::Unsupported { path, what } => write!(f, "{path}: {what}"),
            Error::Changed { path } => write!(
                f,
                "{path}: changed while being converted (written to, truncated or replaced between two reads of it); convert it again once nothing writes to it"
            ),
            Error::Temp { path, dir, source } => write!(
                f,
                "{path}: cannot write its temporary copy in the temporary folder {dir}: {source}; free space there, or set TMPDIR to a folder that exists and has room"
            ),
            Error::OutputExists { path } => {
                write!(f, "{path}: already exists; pass --force to overwrite it")
            }
            Error::Write { path, source } => write!(f, "{path}: cannot write: {source}"),
            Error::NoSuchParticipant {
                path,
                flag,
                name,
                participants,
            } => {
                write!(f, "{path}: {flag} '{name}' names nobody in this chat")?;
                if participants.is_empty() {
                    write!(f, "; it has no participants")
                } else {
                    write!(
                        f,
                        "\n  hint: the participants are: {}; names match ignoring case, spaces and punctuation",
                        participants.join(", ")
                    )
                }
            }
            Error::NeedsAssistant { path, participants } => write!(
                f,
                "{path}: a group with no known AI contact, so the AI formats cannot tell who the assistant is\n  \
                 hint: pass --assistant NAME (the participants are: {}), or --assistant none to keep every message \
                 as a user's, with its author's name",
                participants.join(", ")
            ),
            Error::Usage(msg) => write!(f, "{msg}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Read { source, .. }
            | Error::Write { source, .. }
            | Error::Temp { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// `line` with its control characters (NUL and the like, but not tabs) shown as escapes.
fn visible(line: &str) -> std::borrow::Cow<'_, str> {
    if !line.chars().any(|c| c.is_control() && c != '\t') {
        return line.into();
    }
    line.chars()
        .map(|c| match c {
            '\t' => "\t".to_string(),
            c if c.is_control() => c.escape_default().to_string(),
            c => c.to_string(),
        })
        .collect::<String>()
        .into()
}
