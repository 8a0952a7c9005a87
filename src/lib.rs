//! chatport: WhatsApp "Export chat" files to clean, lossless, portable data.

pub mod app;
pub mod decode;
pub mod error;
pub mod fuzzing;
pub mod input;
pub mod locale;
pub mod model;
pub mod output;
pub mod read;
pub mod text;
pub mod write;

pub use error::Error;
pub use model::{Chat, Message, Warning};
