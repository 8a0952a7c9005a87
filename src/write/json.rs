//! The `chatport/1` JSON document.
//!
//! Takes the chat head, messages and warnings; gives one JSON object laid out for people and diffs: the head
//! pretty-printed, then one message per line. It is streamed: no JSON value tree is built.

use std::io;

use super::json;
use crate::model::{Chat, Message, Warning};

pub fn begin(chat: &Chat, w: &mut Vec<u8>) -> io::Result<()> {
    w.extend_from_slice(b"{\n  \"schema\": ");
    json(w, chat.schema)?;
    w.extend_from_slice(b",\n  \"source\": ");
    json(w, &chat.source)?;
    w.extend_from_slice(b",\n  \"dialect\": ");
    json(w, &chat.dialect)?;
    w.extend_from_slice(b",\n  \"title\": ");
    json(w, &chat.title)?;
    w.extend_from_slice(b",\n  \"assistant\": ");
    json(w, &chat.assistant)?;
    w.extend_from_slice(b",\n  \"participants\": [");
    for (i, p) in chat.participants.iter().enumerate() {
        w.extend_from_slice(if i == 0 { b"\n    " } else { b",\n    " });
        json(w, p)?;
    }
    w.extend_from_slice(if chat.participants.is_empty() {
        b"]"
    } else {
        b"\n  ]"
    });
    if !chat.merged.is_empty() {
        w.extend_from_slice(b",\n  \"merged\": [");
        for (i, m) in chat.merged.iter().enumerate() {
            w.extend_from_slice(if i == 0 { b"\n    " } else { b",\n    " });
            json(w, m)?;
        }
        w.extend_from_slice(b"\n  ]");
    }
    w.extend_from_slice(b",\n  \"messages\": [");
    Ok(())
}

pub fn message(m: &Message, first: bool, w: &mut Vec<u8>) -> io::Result<()> {
    w.extend_from_slice(if first { b"\n    " } else { b",\n    " });
    super::message::write(m, w)
}

pub fn end(warnings: &[Warning], any_messages: bool, w: &mut Vec<u8>) -> io::Result<()> {
    w.extend_from_slice(if any_messages {
        b"\n  ],\n  \"warnings\": ["
    } else {
        b"],\n  \"warnings\": ["
    });
    for (i, warning) in warnings.iter().enumerate() {
        w.extend_from_slice(if i == 0 { b"\n    " } else { b",\n    " });
        json(w, warning)?;
    }
    w.extend_from_slice(if warnings.is_empty() {
        b"]\n}\n"
    } else {
        b"\n  ]\n}\n"
    });
    Ok(())
}
