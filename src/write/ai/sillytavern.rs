//! SillyTavern's chat JSONL, as its *Import chat* takes it (`.jsonl` beside a character).
//!
//! Takes the chat head, then finished [`Conversation`]s; gives one file per chat: a first line
//! `{user_name, character_name, create_date, chat_metadata}`, then one line per message
//! `{name, is_user, is_system, send_date, mes, extra}`. One file per chat rather than per conversation: SillyTavern
//! imports one file at a time into one character's chats, so a whole WhatsApp chat arrives in one import (its
//! conversations follow each other in it). SillyTavern checks that the first line has `user_name`, copies the
//! file as it is, and lists a chat only when its last line is a message with a `name`.

use std::io;

use serde::Serialize;

use crate::model::{Chat, Participant, Role};
use crate::write::ai::convo::Conversation;

/// The names the file gives the two sides.
pub struct Names {
    user: String,
    character: String,
}

/// Writes the first line; gives the names the messages take.
pub fn begin(chat: &Chat, w: &mut Vec<u8>) -> io::Result<Names> {
    let character = chat
        .assistant
        .as_ref()
        .map_or_else(|| "Assistant".to_string(), |a| a.name.clone());
    // The user is `--me`, else the one other participant of a two-person chat, else "User".
    let others: Vec<&Participant> = chat
        .participants
        .iter()
        .filter(|p| p.role == Role::User && p.messages > 0)
        .collect();
    let user = match others.as_slice() {
        _ if chat.participants.iter().any(|p| p.me) => chat
            .participants
            .iter()
            .find(|p| p.me)
            .map_or_else(|| "User".to_string(), |p| p.name.clone()),
        [only] => only.name.clone(),
        _ => "User".to_string(),
    };
    let create_date = chat
        .span
        .map(|(first, _)| first.format("%Y-%m-%d@00h00m00s").to_string())
        .unwrap_or_default();
    crate::write::json(
        w,
        &Header {
            user_name: &user,
            character_name: &character,
            create_date,
            chat_metadata: Metadata {},
        },
    )?;
    w.push(b'\n');
    Ok(Names { user, character })
}

/// One line per turn of `c`.
pub fn conversation(c: &Conversation, names: &Names, w: &mut Vec<u8>) -> io::Result<()> {
    for t in &c.turns {
        let is_user = t.role != Role::Assistant;
        crate::write::json(
            w,
            &Line {
                name: if is_user {
                    &names.user
                } else {
                    &names.character
                },
                is_user,
                is_system: false,
                send_date: iso(t.time),
                mes: &t.text,
                extra: Metadata {},
            },
        )?;
        w.push(b'\n');
    }
    Ok(())
}

/// Unix seconds as an ISO 8601 UTC time with milliseconds, which SillyTavern reads as a moment.
fn iso(unix: i64) -> String {
    super::iso(unix, chrono::SecondsFormat::Millis)
}

#[derive(Serialize)]
struct Header<'a> {
    user_name: &'a str,
    character_name: &'a str,
    create_date: String,
    chat_metadata: Metadata,
}

#[derive(Serialize)]
struct Metadata {}

#[derive(Serialize)]
struct Line<'a> {
    name: &'a str,
    is_user: bool,
    is_system: bool,
    send_date: String,
    mes: &'a str,
    extra: Metadata,
}
