//! chatport: WhatsApp "Export chat" files to clean, lossless, portable data.
//!
//! The modules follow the data: [`discover`] finds the exports the inputs name, [`input`] opens one (the chat text
//! of a zip through [`archive`]), [`decode`] turns bytes into lines (with [`bytes`], byte masks 16 at a time),
//! [`detect`] learns the export's dialect in a first pass (with [`header`], the grammar of a header line, read and
//! written), [`parse`] groups lines into messages and builds them in a second, [`classify`] says what each message
//! is (with the strings in [`locale`]), [`roles`] says who the assistant is, [`model`] holds the types that
//! [`write`](mod@write) serializes (the AI formats through [`convo`], which cuts conversations in a [`zone`]),
//! [`media`] finds and copies attached files, and [`output`] puts the bytes somewhere safely. [`batch`] drives the
//! chain (with [`progress`] for many exports, and [`beside`] to share one export's work with a second thread).
//! [`validate`] checks AI-format files against the importers' rules; [`fuzzing`] runs the whole pipeline over bytes
//! in memory.
//!
//! ```no_run
//! let (chat, messages, warnings) = chatport::read_path("WhatsApp Chat with Copilot.txt".as_ref(), None)?;
//! println!("{} messages from {:?}", messages.len(), chat.title);
//! # Ok::<(), chatport::Error>(())
//! ```

pub mod archive;
pub mod batch;
pub mod beside;
pub mod bytes;
pub mod classify;
pub mod cli;
pub mod config;
pub mod convo;
pub mod decode;
pub mod detect;
pub mod discover;
pub mod error;
pub mod fuzzing;
pub mod header;
pub mod input;
pub mod inspect;
pub mod locale;
pub mod media;
pub mod model;
pub mod output;
pub mod parse;
pub mod progress;
pub mod roles;
pub mod validate;
pub mod write;
pub mod zone;

pub use batch::read_path;
pub use error::Error;
pub use model::{Chat, Message, Warning};
