//! OpenAI chat JSONL (`import-formats.md` §3.3): one `{"messages":[…]}` line per conversation, passing every
//! check of OpenAI's format validator: keys `role`/`content` only (`weight` is never needed), roles
//! `system`/`user`/`assistant`, non-empty string contents, at least one assistant message per line.
//!
//! Takes finished [`Conversation`]s and the `--system` / `--strict-turns` options; gives one line, or nothing
//! for a conversation with no assistant turn left (the validator rejects those; the caller counts them).
//! With `--strict-turns`: consecutive turns of one side are merged with a blank line between, a leading
//! assistant greeting is dropped, trailing user turns are dropped, so the line alternates user → assistant and
//! ends on the assistant (what Together and other trainers require).

use std::io;

use serde::Serialize;

use crate::model::Role;
use crate::write::AiOptions;
use crate::write::ai::convo::Conversation;

/// Writes one line; returns false when the conversation had no assistant turn to train on.
pub fn conversation(c: &Conversation, ai: &AiOptions, w: &mut Vec<u8>) -> io::Result<bool> {
    let mut messages: Vec<Out<'_>> = Vec::with_capacity(c.turns.len() + 1);
    if let Some(system) = &ai.system {
        messages.push(Out {
            role: "system",
            content: system.as_str().into(),
        });
    }
    let start = messages.len();
    for t in &c.turns {
        let role = if t.role == Role::Assistant {
            "assistant"
        } else {
            "user"
        };
        if ai.strict_turns {
            if messages.len() == start && role == "assistant" {
                continue;
            }
            if let Some(last) = messages.last_mut()
                && last.role == role
            {
                let merged = last.content.to_mut();
                merged.push_str("\n\n");
                merged.push_str(&t.text);
                continue;
            }
        }
        messages.push(Out {
            role,
            content: t.text.as_str().into(),
        });
    }
    if ai.strict_turns {
        while messages.len() > start && messages.last().is_some_and(|m| m.role == "user") {
            messages.pop();
        }
    }
    if !messages.iter().any(|m| m.role == "assistant") {
        return Ok(false);
    }
    crate::write::json(w, &Line { messages })?;
    w.push(b'\n');
    Ok(true)
}

#[derive(Serialize)]
struct Line<'a> {
    messages: Vec<Out<'a>>,
}

#[derive(Serialize)]
struct Out<'a> {
    role: &'static str,
    content: std::borrow::Cow<'a, str>,
}
