//! chatport: WhatsApp "Export chat" files to clean, lossless, portable data.
//!
//! Three doors, in the order data goes through them:
//! - the **reader** ([`Reader`], with [`ReadOptions`]) opens an export (a `.txt`, an iOS `.zip`, or a
//!   `chatport/1` JSON document written earlier), learns its dialect in a first pass and gives an [`Export`]:
//!   its chat head, then its messages streamed from a second pass, then its warnings ([`Summary`]);
//! - the **model** ([`model`]): [`Chat`], [`Message`] and their kinds and payloads, serializable and
//!   deserializable as the `chatport/1` JSON;
//! - the **writers** ([`write`](mod@write)): a [`write::Writer`] per [`write::Format`] turns the model into bytes, message by
//!   message; [`output`] puts them in place atomically and copies media.
//!
//! ```
//! use chatport::{ReadOptions, Reader};
//!
//! let text = "12/01/2026, 18:40 - Sam: Hi Copilot!\n\
//!             12/01/2026, 18:41 - Copilot: Hello! How can I help?\n\
//!             It can span lines.\n";
//! let chat = Reader::new(ReadOptions::default()).read_bytes("WhatsApp Chat with Copilot.txt", text.as_bytes())?;
//! assert_eq!(chat.chat.title.as_deref(), Some("Copilot"));
//! for m in &chat.messages {
//!     println!("{:?} {:?}: {}", m.time.map(|t| t.local), m.author, m.text);
//! }
//! assert_eq!(chat.messages[1].text, "Hello! How can I help?\nIt can span lines.");
//! # Ok::<(), chatport::Error>(())
//! ```
//!
//! Inside, the stages follow the data and import only earlier ones: `text` (shared text rules), `pending` (the
//! temporary files Ctrl-C removes) and `model` (the vocabulary every stage speaks) → `input` (files, standard
//! input, zips) → `decode` (bytes to lines) → `read` (header grammar, detection, parsing, classification, roles,
//! the reader) → `write` (the formats; the AI ones in `write/ai`) → `output` (files in place, media). The command line is a client of this library, in the binary.
#![deny(missing_docs)]

mod decode;
mod error;
#[cfg(feature = "fuzzing")]
pub mod fuzzing;
mod input;
mod locale;
pub mod model;
pub mod output;
mod pending;
mod read;
mod text;
pub mod write;

pub use error::{Error, Result};
pub use input::Source;
pub use input::archive::MediaList;
pub use input::count::BytesRead;
pub use model::{Chat, Message, Warning};
pub use read::discover;
pub use read::merge::{Merged, Messages};
pub use read::reader::{Export, ReadOptions, Reader, Summary, Transcript};
pub use read::redact::{RedactMap, RedactOptions, Redactor};
