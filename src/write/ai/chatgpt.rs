//! ChatGPT-export `conversations.json`, in the "linear-safe" profile that every importer we know accepts
//! (`import-formats.md` §2.5, §3.1): Open WebUI, LibreChat (all three importer generations), Cherry Studio.
//!
//! Takes finished [`Conversation`]s; gives one array element per conversation. Each holds a root node with no
//! message, then one node per turn, keys in chronological order (Open WebUI links nodes in key order and ignores
//! `parent`), UUID ids (integer-like keys get reordered by JavaScript), roles `user`/`assistant` only, exactly one
//! non-empty string part, `metadata` always present (LibreChat ≤ 0.8.6 crashes without it), Unix-second times,
//! and `id` = `conversation_id` (LibreChat's re-import dedupe key). Built from borrowed structs, no `Value`.

use std::io;

use serde::Serialize as Derive;
use serde::ser::{Serialize, SerializeMap, Serializer};
use uuid::Uuid;

use crate::model::Role;
use crate::write::ai::convo::Conversation;

pub fn begin(w: &mut Vec<u8>) {
    w.extend_from_slice(b"[");
}

pub fn conversation(c: &Conversation, model: &str, first: bool, w: &mut Vec<u8>) -> io::Result<()> {
    w.extend_from_slice(if first { b"\n" } else { b",\n" });
    let current = c.turns.last().map_or(c.root, |t| t.id);
    crate::write::json(
        w,
        &Out {
            id: c.id,
            conversation_id: c.id,
            title: &c.title,
            create_time: c.created() as f64,
            update_time: c.updated() as f64,
            current_node: current,
            default_model_slug: model,
            is_archived: false,
            mapping: Mapping { c, model },
        },
    )?;
    Ok(())
}

pub fn end(any: bool, w: &mut Vec<u8>) {
    w.extend_from_slice(if any { b"\n]\n" } else { b"]\n" });
}

#[derive(Derive)]
struct Out<'a> {
    id: Uuid,
    conversation_id: Uuid,
    title: &'a str,
    create_time: f64,
    update_time: f64,
    current_node: Uuid,
    default_model_slug: &'a str,
    is_archived: bool,
    mapping: Mapping<'a>,
}

/// The nodes, root first, then each turn in order.
struct Mapping<'a> {
    c: &'a Conversation,
    model: &'a str,
}

impl Serialize for Mapping<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let turns = &self.c.turns;
        let mut map = s.serialize_map(Some(turns.len() + 1))?;
        let first: Vec<Uuid> = turns.first().map(|t| t.id).into_iter().collect();
        map.serialize_entry(
            &self.c.root,
            &Node {
                id: self.c.root,
                parent: None,
                children: first,
                message: None,
            },
        )?;
        for (i, t) in turns.iter().enumerate() {
            let assistant = t.role == Role::Assistant;
            let node = Node {
                id: t.id,
                parent: Some(if i == 0 { self.c.root } else { turns[i - 1].id }),
                children: turns.get(i + 1).map(|n| n.id).into_iter().collect(),
                message: Some(Message {
                    id: t.id,
                    author: Author {
                        role: if assistant { "assistant" } else { "user" },
                        name: None,
                        metadata: Empty {},
                    },
                    create_time: t.time as f64,
                    update_time: None,
                    content: Content {
                        content_type: "text",
                        parts: [&t.text],
                    },
                    status: "finished_successfully",
                    end_turn: assistant.then_some(true),
                    weight: 1.0,
                    metadata: Metadata {
                        model_slug: assistant.then_some(self.model),
                    },
                    recipient: "all",
                    channel: None,
                }),
            };
            map.serialize_entry(&t.id, &node)?;
        }
        map.end()
    }
}

#[derive(Derive)]
struct Node<'a> {
    id: Uuid,
    parent: Option<Uuid>,
    children: Vec<Uuid>,
    message: Option<Message<'a>>,
}

#[derive(Derive)]
struct Message<'a> {
    id: Uuid,
    author: Author,
    create_time: f64,
    update_time: Option<f64>,
    content: Content<'a>,
    status: &'static str,
    end_turn: Option<bool>,
    weight: f64,
    metadata: Metadata<'a>,
    recipient: &'static str,
    channel: Option<&'static str>,
}

#[derive(Derive)]
struct Author {
    role: &'static str,
    name: Option<&'static str>,
    metadata: Empty,
}

#[derive(Derive)]
struct Empty {}

#[derive(Derive)]
struct Content<'a> {
    content_type: &'static str,
    parts: [&'a str; 1],
}

#[derive(Derive)]
struct Metadata<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    model_slug: Option<&'a str>,
}
