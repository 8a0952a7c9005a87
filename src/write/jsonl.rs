//! JSON Lines: one message object per line, nothing else, so that it can be streamed and concatenated.

use std::io;

use crate::model::Message;

pub fn message(m: &Message, w: &mut Vec<u8>) -> io::Result<()> {
    super::message::write(m, w)?;
    w.push(b'\n');
    Ok(())
}
