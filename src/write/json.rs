//! The `chatport/1` JSON document.
//!
//! Takes the chat head, messages and warnings; gives one JSON object laid out for people and diffs: the head
//! pretty-printed, then one message per line. It is streamed: no `serde_json::Value` is built.

use std::io::{self, Write};

use crate::model::{Chat, Message, Warning};

pub fn begin(chat: &Chat, w: &mut dyn Write) -> io::Result<()> {
    w.write_all(b"{\n  \"schema\": ")?;
    serde_json::to_writer(&mut *w, chat.schema)?;
    w.write_all(b",\n  \"source\": ")?;
    serde_json::to_writer(&mut *w, &chat.source)?;
    w.write_all(b",\n  \"dialect\": ")?;
    serde_json::to_writer(&mut *w, &chat.dialect)?;
    w.write_all(b",\n  \"title\": ")?;
    serde_json::to_writer(&mut *w, &chat.title)?;
    w.write_all(b",\n  \"assistant\": ")?;
    serde_json::to_writer(&mut *w, &chat.assistant)?;
    w.write_all(b",\n  \"participants\": [")?;
    for (i, p) in chat.participants.iter().enumerate() {
        w.write_all(if i == 0 { b"\n    " } else { b",\n    " })?;
        serde_json::to_writer(&mut *w, p)?;
    }
    w.write_all(if chat.participants.is_empty() {
        b"],\n  \"messages\": ["
    } else {
        b"\n  ],\n  \"messages\": ["
    })
}

pub fn message(m: &Message, first: bool, w: &mut Vec<u8>) -> io::Result<()> {
    w.extend_from_slice(if first { b"\n    " } else { b",\n    " });
    serde_json::to_writer(&mut *w, m)?;
    Ok(())
}

pub fn end(warnings: &[Warning], any_messages: bool, w: &mut dyn Write) -> io::Result<()> {
    w.write_all(if any_messages {
        b"\n  ],\n  \"warnings\": ["
    } else {
        b"],\n  \"warnings\": ["
    })?;
    for (i, warning) in warnings.iter().enumerate() {
        w.write_all(if i == 0 { b"\n    " } else { b",\n    " })?;
        serde_json::to_writer(&mut *w, warning)?;
    }
    w.write_all(if warnings.is_empty() {
        b"]\n}\n"
    } else {
        b"\n  ]\n}\n"
    })
}
