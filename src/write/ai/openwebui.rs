//! Open WebUI's own import JSON (`import-formats.md` §3.2): the only way into Open WebUI that keeps per-message
//! times, chat dates, the model label and tags.
//!
//! Takes finished [`Conversation`]s; gives one array element per conversation:
//! `{chat:{title, models, history:{currentId, messages}}, meta:{tags}, pinned, folder_id, created_at, updated_at}`,
//! messages keyed by UUID in order with `parentId`/`childrenIds`, integer-second times, roles `user`/`assistant`.
//! Re-importing creates duplicates (Open WebUI gives every import a new id): documented in README.

use std::io;

use serde::Serialize as Derive;
use serde::ser::{Serialize, SerializeMap, Serializer};
use uuid::Uuid;

use crate::model::Role;
use crate::write::ai::convo::Conversation;

pub fn begin(w: &mut Vec<u8>) {
    w.extend_from_slice(b"[");
}

pub fn conversation(
    c: &Conversation,
    model: &str,
    tags: &[String],
    first: bool,
    w: &mut Vec<u8>,
) -> io::Result<()> {
    w.extend_from_slice(if first { b"\n" } else { b",\n" });
    let current = c.turns.last().map(|t| t.id);
    crate::write::json(
        w,
        &Item {
            chat: Chat {
                title: &c.title,
                models: [model],
                history: History {
                    current_id: current,
                    messages: Messages { c, model },
                },
            },
            meta: Meta { tags },
            pinned: false,
            folder_id: None,
            created_at: c.created(),
            updated_at: c.updated(),
        },
    )?;
    Ok(())
}

pub fn end(any: bool, w: &mut Vec<u8>) {
    w.extend_from_slice(if any { b"\n]\n" } else { b"]\n" });
}

#[derive(Derive)]
struct Item<'a> {
    chat: Chat<'a>,
    meta: Meta<'a>,
    pinned: bool,
    folder_id: Option<&'static str>,
    created_at: i64,
    updated_at: i64,
}

#[derive(Derive)]
struct Chat<'a> {
    title: &'a str,
    models: [&'a str; 1],
    history: History<'a>,
}

#[derive(Derive)]
struct History<'a> {
    #[serde(rename = "currentId")]
    current_id: Option<Uuid>,
    messages: Messages<'a>,
}

#[derive(Derive)]
struct Meta<'a> {
    tags: &'a [String],
}

struct Messages<'a> {
    c: &'a Conversation,
    model: &'a str,
}

impl Serialize for Messages<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let turns = &self.c.turns;
        let mut map = s.serialize_map(Some(turns.len()))?;
        for (i, t) in turns.iter().enumerate() {
            let assistant = t.role == Role::Assistant;
            let m = Message {
                id: t.id,
                parent_id: i.checked_sub(1).map(|p| turns[p].id),
                children_ids: turns.get(i + 1).map(|n| n.id).into_iter().collect(),
                role: if assistant { "assistant" } else { "user" },
                content: &t.text,
                timestamp: t.time,
                model: assistant.then_some(self.model),
                done: assistant.then_some(true),
            };
            map.serialize_entry(&t.id, &m)?;
        }
        map.end()
    }
}

#[derive(Derive)]
struct Message<'a> {
    id: Uuid,
    #[serde(rename = "parentId")]
    parent_id: Option<Uuid>,
    #[serde(rename = "childrenIds")]
    children_ids: Vec<Uuid>,
    role: &'static str,
    content: &'a str,
    timestamp: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    model: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    done: Option<bool>,
}
