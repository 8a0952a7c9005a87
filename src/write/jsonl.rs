//! JSON Lines: one message object per line, nothing else, so that it can be streamed and concatenated.

use std::io::{self, Write};

use crate::model::Message;

pub fn message(m: &Message, w: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer(&mut *w, m)?;
    w.write_all(b"\n")
}
