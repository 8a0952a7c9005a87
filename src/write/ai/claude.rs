//! The Claude export's `conversations.json`, which LibreChat imports (its Claude importer) and memory and archive
//! tools read.
//!
//! Takes finished [`Conversation`]s; gives one array element per conversation:
//! `{uuid, name, created_at, updated_at, chat_messages: [{uuid, text, content: [{type: "text", text}], sender,
//! created_at, updated_at, attachments: [], files: []}]}`, senders `human`/`assistant`, ISO 8601 UTC times with
//! microseconds as Claude writes them. LibreChat tells the format by the first element's `chat_messages`, reads the
//! text parts of `content` (else `text`), skips empty messages and links each message to the one before.

use std::io;

use serde::Serialize;
use uuid::Uuid;

use crate::model::Role;
use crate::write::ai::convo::Conversation;

pub fn begin(w: &mut Vec<u8>) {
    w.extend_from_slice(b"[");
}

pub fn conversation(c: &Conversation, first: bool, w: &mut Vec<u8>) -> io::Result<()> {
    w.extend_from_slice(if first { b"\n" } else { b",\n" });
    let messages: Vec<ChatMessage> = c
        .turns
        .iter()
        .map(|t| ChatMessage {
            uuid: t.id,
            text: &t.text,
            content: [Part {
                kind: "text",
                text: &t.text,
            }],
            sender: if t.role == Role::Assistant {
                "assistant"
            } else {
                "human"
            },
            created_at: iso(t.time),
            updated_at: iso(t.time),
            attachments: [],
            files: [],
        })
        .collect();
    crate::write::json(
        w,
        &Item {
            uuid: c.id,
            name: &c.title,
            created_at: iso(c.created()),
            updated_at: iso(c.updated()),
            chat_messages: messages,
        },
    )
}

pub fn end(any: bool, w: &mut Vec<u8>) {
    w.extend_from_slice(if any { b"\n]\n" } else { b"]\n" });
}

/// Unix seconds as Claude's export writes times: `2025-01-05T21:03:00.000000Z`.
fn iso(unix: i64) -> String {
    super::iso(unix, chrono::SecondsFormat::Micros)
}

#[derive(Serialize)]
struct Item<'a> {
    uuid: Uuid,
    name: &'a str,
    created_at: String,
    updated_at: String,
    chat_messages: Vec<ChatMessage<'a>>,
}

#[derive(Serialize)]
struct ChatMessage<'a> {
    uuid: Uuid,
    text: &'a str,
    content: [Part<'a>; 1],
    sender: &'static str,
    created_at: String,
    updated_at: String,
    attachments: [(); 0],
    files: [(); 0],
}

#[derive(Serialize)]
struct Part<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    text: &'a str,
}
