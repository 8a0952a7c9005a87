//! Serializes the model in the chosen format.
//!
//! Takes the [`Chat`] head, then messages one at a time, then the warnings; gives bytes to any `Write`. The
//! format is picked by a `match` on [`Format`]; each format lives in its own file. Writers never see paths or raw
//! text, and never flush: `output.rs` owns buffering.

use std::io::{self, Write};
use std::path::Path;

use crate::model::{Chat, Message, Warning};

mod json;
mod jsonl;

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// The whole chat as one JSON document (`chatport/1`).
    Json,
    /// One message object per line, nothing else: streamable.
    Jsonl,
}

impl Format {
    /// The format a file extension implies (`.json`, `.jsonl`), if any.
    pub fn from_path(path: &Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "json" => Some(Format::Json),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            _ => None,
        }
    }
}

/// Writes one chat, message by message.
pub struct Writer {
    format: Format,
    written: u64,
    /// One message is serialized here first, then handed over in one write (serde makes many tiny writes).
    buf: Vec<u8>,
}

impl Writer {
    pub fn new(format: Format) -> Self {
        Writer {
            format,
            written: 0,
            buf: Vec::with_capacity(4096),
        }
    }

    /// Writes what comes before the messages.
    pub fn begin(&mut self, chat: &Chat, w: &mut dyn Write) -> io::Result<()> {
        match self.format {
            Format::Json => json::begin(chat, w),
            Format::Jsonl => Ok(()),
        }
    }

    /// Writes one message.
    pub fn message(&mut self, m: &Message, w: &mut dyn Write) -> io::Result<()> {
        self.written += 1;
        self.buf.clear();
        match self.format {
            Format::Json => json::message(m, self.written == 1, &mut self.buf)?,
            Format::Jsonl => jsonl::message(m, &mut self.buf)?,
        }
        w.write_all(&self.buf)
    }

    /// Writes what comes after the messages.
    pub fn end(&mut self, warnings: &[Warning], w: &mut dyn Write) -> io::Result<()> {
        match self.format {
            Format::Json => json::end(warnings, self.written > 0, w),
            Format::Jsonl => Ok(()),
        }
    }
}
