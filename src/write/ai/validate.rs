//! Checks an AI-format file against what real importers accept (`import-formats.md` §2.5, §3.2, §3.3).
//!
//! Takes the text of a `chatgpt`, `openwebui`, `claude`, `sillytavern` or `openai-jsonl` output; gives the list of [`Problem`]s, each
//! with where it is and which importer rule it breaks (empty = the file is safe for every importer we know). The
//! tests run it over every fixture's output and over hand-made traps; it writes nothing. Unlike the writers it
//! builds a `serde_json::Value` (with key order kept), since it reads files of any origin.

use serde_json::{Map, Value};

/// One broken rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Where: `[2].mapping.<id>.message.content`, `line 3`.
    pub at: String,
    /// The rule, in words, with the importer it protects.
    pub rule: &'static str,
}

struct Report(Vec<Problem>);

impl Report {
    fn check(&mut self, ok: bool, at: impl Fn() -> String, rule: &'static str) -> bool {
        if !ok {
            self.0.push(Problem { at: at(), rule });
        }
        ok
    }
}

/// Ids that JavaScript would reorder as array indexes (`"1"`, `"10"`), which Open WebUI then links wrongly.
fn integer_like(id: &str) -> bool {
    !id.is_empty() && id.len() < 16 && id.bytes().all(|b| b.is_ascii_digit())
}

/// ChatGPT's private-use citation markers, which LibreChat strips.
fn has_citation_marks(s: &str) -> bool {
    s.chars().any(|c| ('\u{E200}'..='\u{E206}').contains(&c))
}

/// How one format links its nodes into a chain, and the rule each link breaks.
struct Chain {
    parent: &'static str,
    children: &'static str,
    /// Rules: ids not integer-like, id is its key, parent the key before, children the key after.
    rules: [&'static str; 4],
}

const CHATGPT_CHAIN: Chain = Chain {
    parent: "parent",
    children: "children",
    rules: [
        "node ids are not integer-like (JavaScript reorders such keys; Open WebUI rejects or misreads them)",
        "a node's id is its key",
        "keys are in chronological order, root first, each node's parent the key before it (Open WebUI links messages in key order)",
        "one linear chain: children is [next key], [] for the last (Open WebUI ≤ 0.8.12 requires it)",
    ],
};

const OPENWEBUI_CHAIN: Chain = Chain {
    parent: "parentId",
    children: "childrenIds",
    rules: [
        "message ids are not integer-like",
        "a message's id is its key",
        "messages are in order, each parentId the key before it (the first null)",
        "childrenIds is [next], [] for the last (validateChat)",
    ],
};

/// Checks node `n` (under `key`) of a chain keyed in order: a key that is not integer-like and is the node's id,
/// the key before as parent (none for the first), the key after as only child (none for the last).
fn check_link(
    r: &mut Report,
    chain: &Chain,
    keys: &[&String],
    n: usize,
    node: &Map<String, Value>,
    at: &dyn Fn(&str) -> String,
) {
    let key = keys[n].as_str();
    r.check(!integer_like(key), || at(""), chain.rules[0]);
    r.check(
        node.get("id").and_then(Value::as_str) == Some(key),
        || at(".id"),
        chain.rules[1],
    );
    let parent = node.get(chain.parent).and_then(Value::as_str);
    r.check(
        parent == n.checked_sub(1).map(|p| keys[p].as_str()),
        || at(&format!(".{}", chain.parent)),
        chain.rules[2],
    );
    let children: Vec<&str> = node
        .get(chain.children)
        .and_then(Value::as_array)
        .map(|c| c.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let next: Vec<&str> = keys.get(n + 1).map(|k| k.as_str()).into_iter().collect();
    r.check(
        children == next,
        || at(&format!(".{}", chain.children)),
        chain.rules[3],
    );
}

/// The array at the top of a JSON file, or `None` with the problem recorded.
fn top_array(text: &str, r: &mut Report) -> Option<Vec<Value>> {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Array(list)) => Some(list),
        Ok(_) => {
            r.check(
                false,
                || "file".into(),
                "the top level is an array (every importer)",
            );
            None
        }
        Err(_) => {
            r.check(false, || "file".into(), "the file is JSON");
            None
        }
    }
}

/// The ChatGPT-export "linear-safe profile" (§0 rules 1–5, §2.5).
pub fn chatgpt(text: &str) -> Vec<Problem> {
    let mut r = Report(Vec::new());
    let Some(list) = top_array(text, &mut r) else {
        return r.0;
    };
    for (i, c) in list.iter().enumerate() {
        let at = |k: &str| format!("[{i}].{k}");
        let Some(c) = c.as_object() else {
            r.check(false, || format!("[{i}]"), "each conversation is an object");
            continue;
        };
        r.check(
            c.get("title").is_some_and(Value::is_string),
            || at("title"),
            "title is a string (Cherry Studio requires the key)",
        );
        for k in ["create_time", "update_time"] {
            r.check(
                c.get(k).is_some_and(Value::is_number),
                || at(k),
                "create_time and update_time are Unix-second numbers (Cherry Studio drops the conversation otherwise)",
            );
        }
        let id = c.get("id").and_then(Value::as_str).unwrap_or("");
        r.check(
            !id.is_empty() && c.get("conversation_id").and_then(Value::as_str) == Some(id),
            || at("conversation_id"),
            "id and conversation_id are the same non-empty string (LibreChat's re-import dedupe key)",
        );
        let Some(mapping) = c.get("mapping").and_then(Value::as_object) else {
            r.check(
                false,
                || at("mapping"),
                "mapping is an object (every importer)",
            );
            continue;
        };
        check_chain(&mut r, i, mapping);
        let current = c.get("current_node").and_then(Value::as_str);
        r.check(
            current.is_some_and(|n| mapping.keys().next_back().map(String::as_str) == Some(n)),
            || at("current_node"),
            "current_node is the last node (Cherry Studio follows it back to the root)",
        );
    }
    r.0
}

fn check_chain(r: &mut Report, i: usize, mapping: &Map<String, Value>) {
    let keys: Vec<&String> = mapping.keys().collect();
    for (n, (key, node)) in mapping.iter().enumerate() {
        let at = |k: &str| format!("[{i}].mapping.{key}{k}");
        let Some(node) = node.as_object() else {
            r.check(false, || at(""), "each node is an object");
            continue;
        };
        check_link(r, &CHATGPT_CHAIN, &keys, n, node, &at);
        let message = node.get("message").unwrap_or(&Value::Null);
        if n == 0 {
            r.check(
                message.is_null(),
                || at(".message"),
                "the first node is an empty root (message null, parent null)",
            );
            continue;
        }
        let Some(message) = message.as_object() else {
            r.check(
                false,
                || at(".message"),
                "every node after the root holds a message",
            );
            continue;
        };
        let role = message
            .get("author")
            .and_then(|a| a.get("role"))
            .and_then(Value::as_str);
        r.check(
            matches!(role, Some("user" | "assistant")),
            || at(".message.author.role"),
            "author.role is user or assistant only (Open WebUI ≤ 0.8.12 shows system as assistant; Cherry keeps it)",
        );
        r.check(
            message.get("metadata").is_some_and(Value::is_object),
            || at(".message.metadata"),
            "metadata is an object, even if empty (LibreChat ≤ 0.8.6 saves nothing without it)",
        );
        r.check(
            message.get("create_time").is_some_and(Value::is_number),
            || at(".message.create_time"),
            "create_time is a number (Open WebUI 0.12 and LibreChat keep it)",
        );
        let content = message.get("content").and_then(Value::as_object);
        let parts = content
            .and_then(|c| c.get("parts"))
            .and_then(Value::as_array);
        r.check(
            content
                .and_then(|c| c.get("content_type"))
                .and_then(Value::as_str)
                == Some("text"),
            || at(".message.content.content_type"),
            "content_type is \"text\" (LibreChat ≤ 0.8.6 crashes without it)",
        );
        let single = match parts.map(Vec::as_slice) {
            Some([Value::String(s)]) => !s.trim().is_empty() && !has_citation_marks(s),
            _ => false,
        };
        r.check(
            single,
            || at(".message.content.parts"),
            "exactly one non-empty string part with no citation marks (Open WebUI ≤ 0.8.12 keeps only part 0; object parts drop the conversation in Open WebUI and Cherry)",
        );
    }
}

/// Open WebUI's native import (§3.2).
pub fn openwebui(text: &str) -> Vec<Problem> {
    let mut r = Report(Vec::new());
    let Some(list) = top_array(text, &mut r) else {
        return r.0;
    };
    for (i, item) in list.iter().enumerate() {
        let at = |k: &str| format!("[{i}].{k}");
        let chat = item.get("chat").and_then(Value::as_object);
        let Some(chat) = chat else {
            r.check(
                false,
                || at("chat"),
                "each item has a chat object (the sidebar drop accepts nothing else)",
            );
            continue;
        };
        r.check(
            chat.get("title").is_some_and(Value::is_string),
            || at("chat.title"),
            "chat.title is a string",
        );
        r.check(
            chat.get("models")
                .and_then(Value::as_array)
                .is_some_and(|m| !m.is_empty() && m.iter().all(Value::is_string)),
            || at("chat.models"),
            "chat.models lists the model label",
        );
        for k in ["created_at", "updated_at"] {
            r.check(
                item.get(k).is_some_and(Value::is_i64),
                || at(k),
                "created_at and updated_at are integer Unix seconds",
            );
        }
        r.check(
            item.get("meta")
                .and_then(|m| m.get("tags"))
                .and_then(Value::as_array)
                .is_some_and(|t| {
                    t.iter().all(|t| {
                        t.as_str().is_some_and(|t| {
                            !t.is_empty()
                                && !t.contains(char::is_whitespace)
                                && t.to_lowercase() == t
                        })
                    })
                }),
            || at("meta.tags"),
            "meta.tags are lower-case words without spaces",
        );
        let history = chat.get("history");
        let messages = history
            .and_then(|h| h.get("messages"))
            .and_then(Value::as_object);
        let Some(messages) = messages else {
            r.check(
                false,
                || at("chat.history.messages"),
                "chat.history.messages is an object",
            );
            continue;
        };
        r.check(
            !messages.is_empty(),
            || at("chat.history.messages"),
            "a chat has messages (validateChat rejects empty ones)",
        );
        let keys: Vec<&String> = messages.keys().collect();
        r.check(
            history
                .and_then(|h| h.get("currentId"))
                .and_then(Value::as_str)
                == keys.last().map(|k| k.as_str()),
            || at("chat.history.currentId"),
            "currentId is the last message",
        );
        for (n, (key, m)) in messages.iter().enumerate() {
            let at = |k: &str| format!("[{i}].chat.history.messages.{key}{k}");
            let Some(m) = m.as_object() else {
                r.check(false, || at(""), "each message is an object");
                continue;
            };
            check_link(&mut r, &OPENWEBUI_CHAIN, &keys, n, m, &at);
            r.check(
                matches!(
                    m.get("role").and_then(Value::as_str),
                    Some("user" | "assistant")
                ),
                || at(".role"),
                "role is user or assistant",
            );
            r.check(
                m.get("content")
                    .and_then(Value::as_str)
                    .is_some_and(|c| !c.trim().is_empty()),
                || at(".content"),
                "content is a non-empty string (validateChat drops the chat otherwise)",
            );
            r.check(
                m.get("timestamp").is_some_and(Value::is_i64),
                || at(".timestamp"),
                "timestamp is integer Unix seconds",
            );
        }
    }
    r.0
}

/// The Claude export's `conversations.json`, as LibreChat's Claude importer reads it: an array whose first
/// element holds `chat_messages` (how it tells the format), each message `human` or `assistant` with text in
/// `content` (or `text`; empty ones are skipped), ISO 8601 times, unique ids.
pub fn claude(text: &str) -> Vec<Problem> {
    let mut r = Report(Vec::new());
    let Some(list) = top_array(text, &mut r) else {
        return r.0;
    };
    let mut ids = std::collections::HashSet::new();
    let iso = |v: Option<&Value>| {
        v.and_then(Value::as_str)
            .and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok())
    };
    for (i, item) in list.iter().enumerate() {
        let at = |k: &str| format!("[{i}].{k}");
        let uuid = item.get("uuid").and_then(Value::as_str);
        r.check(
            uuid.is_some_and(|u| ids.insert(u.to_string())),
            || at("uuid"),
            "every conversation and message has its own uuid",
        );
        r.check(
            item.get("name").is_some_and(Value::is_string),
            || at("name"),
            "name (the title) is a string",
        );
        for k in ["created_at", "updated_at"] {
            r.check(
                iso(item.get(k)).is_some(),
                || at(k),
                "created_at and updated_at are ISO 8601 times (new Date() reads them)",
            );
        }
        let Some(messages) = item.get("chat_messages").and_then(Value::as_array) else {
            r.check(
                false,
                || at("chat_messages"),
                "each conversation has a chat_messages array (LibreChat tells the Claude format by it)",
            );
            continue;
        };
        for (j, m) in messages.iter().enumerate() {
            let at = |k: &str| format!("[{i}].chat_messages[{j}]{k}");
            r.check(
                m.get("uuid")
                    .and_then(Value::as_str)
                    .is_some_and(|u| ids.insert(u.to_string())),
                || at(".uuid"),
                "every conversation and message has its own uuid",
            );
            r.check(
                matches!(
                    m.get("sender").and_then(Value::as_str),
                    Some("human" | "assistant")
                ),
                || at(".sender"),
                "sender is human or assistant",
            );
            let parts: String = m
                .get("content")
                .and_then(Value::as_array)
                .map(|c| {
                    c.iter()
                        .filter(|p| p.get("type").and_then(Value::as_str) == Some("text"))
                        .filter_map(|p| p.get("text").and_then(Value::as_str))
                        .collect()
                })
                .unwrap_or_default();
            let text = m.get("text").and_then(Value::as_str).unwrap_or_default();
            r.check(
                !parts.trim().is_empty() || !text.trim().is_empty(),
                || at(".content"),
                "a text part in content, or text, is not empty (LibreChat skips the message otherwise)",
            );
            // A time before the message above is moved after it by the importer (a chat's clock can go back).
            r.check(
                iso(m.get("created_at")).is_some(),
                || at(".created_at"),
                "a message's created_at is an ISO 8601 time",
            );
        }
    }
    r.0
}

/// SillyTavern's chat JSONL, as its *Import chat* and chat list read it: a first line with `user_name`, then one
/// message object per line with a `name`, `is_user` and a string `mes`; the last line a message (the chat list
/// leaves out a file whose last line has no `name`).
pub fn sillytavern(text: &str) -> Vec<Problem> {
    let mut r = Report(Vec::new());
    let lines: Vec<&str> = text.lines().collect();
    let Some((head, messages)) = lines.split_first() else {
        r.check(false, || "file".into(), "the file is not empty");
        return r.0;
    };
    let header = serde_json::from_str::<Value>(head).ok();
    r.check(
        header
            .as_ref()
            .is_some_and(|h| h.get("user_name").is_some_and(Value::is_string)),
        || "line 1".into(),
        "the first line is a JSON object with user_name (Import chat refuses the file otherwise)",
    );
    r.check(
        header
            .as_ref()
            .is_some_and(|h| h.get("character_name").is_some_and(Value::is_string)),
        || "line 1".into(),
        "the first line names the character (character_name)",
    );
    for (i, line) in messages.iter().enumerate() {
        let at = || format!("line {}", i + 2);
        let Ok(m) = serde_json::from_str::<Value>(line) else {
            r.check(
                false,
                at,
                "every line is one JSON object (unreadable lines are dropped)",
            );
            continue;
        };
        r.check(
            m.get("name")
                .and_then(Value::as_str)
                .is_some_and(|n| !n.is_empty()),
            at,
            "every message has a name (a last line without one hides the chat)",
        );
        r.check(
            m.get("is_user").is_some_and(Value::is_boolean),
            at,
            "is_user is true or false",
        );
        r.check(
            m.get("mes")
                .and_then(Value::as_str)
                .is_some_and(|t| !t.trim().is_empty()),
            at,
            "mes is the message's text, not empty",
        );
        r.check(
            m.get("send_date")
                .and_then(Value::as_str)
                .is_some_and(|d| chrono::DateTime::parse_from_rfc3339(d).is_ok()),
            at,
            "send_date is an ISO 8601 time",
        );
    }
    r.0
}

/// OpenAI chat JSONL (§3.3): the cookbook validator's checks, and with `strict` the alternation that stricter
/// trainers require.
pub fn openai_jsonl(text: &str, strict: bool) -> Vec<Problem> {
    let mut r = Report(Vec::new());
    let mut examples = 0;
    for (n, line) in text.lines().enumerate() {
        let at = || format!("line {}", n + 1);
        if line.trim().is_empty() {
            r.check(false, at, "no blank lines");
            continue;
        }
        examples += 1;
        let Ok(v) = serde_json::from_str::<Value>(line) else {
            r.check(false, at, "each line is one JSON object (data_type)");
            continue;
        };
        let messages = v.get("messages").and_then(Value::as_array);
        let Some(messages) = messages.filter(|m| !m.is_empty()) else {
            r.check(
                false,
                at,
                "messages is a non-empty list (missing_messages_list)",
            );
            continue;
        };
        let mut roles = Vec::new();
        for m in messages {
            let Some(m) = m.as_object() else {
                r.check(false, at, "each message is an object");
                continue;
            };
            r.check(
                m.keys().all(|k| matches!(k.as_str(), "role" | "content" | "name" | "function_call" | "weight")),
                at,
                "message keys are role, content, name, function_call, weight only (message_unrecognized_key)",
            );
            let role = m.get("role").and_then(Value::as_str).unwrap_or("");
            r.check(
                matches!(role, "system" | "user" | "assistant" | "function"),
                at,
                "role is system, user, assistant or function (unrecognized_role)",
            );
            r.check(
                m.get("content")
                    .and_then(Value::as_str)
                    .is_some_and(|c| !c.trim().is_empty()),
                at,
                "content is a non-empty string (missing_content)",
            );
            if let Some(w) = m.get("weight") {
                r.check(
                    role == "assistant" && (w == 0 || w == 1),
                    at,
                    "weight is 0 or 1, on assistant messages only",
                );
            }
            roles.push(role);
        }
        r.check(
            roles.contains(&"assistant"),
            at,
            "at least one assistant message (example_missing_assistant_message)",
        );
        if strict {
            let turns: Vec<&str> = roles
                .iter()
                .copied()
                .skip_while(|r| *r == "system")
                .collect();
            let alternates = turns
                .iter()
                .enumerate()
                .all(|(k, r)| *r == if k % 2 == 0 { "user" } else { "assistant" });
            r.check(
                alternates && turns.last() == Some(&"assistant"),
                at,
                "strict: after an optional system message, user and assistant alternate, starting with user and ending with assistant",
            );
        }
    }
    r.check(examples > 0, || "file".into(), "at least one example");
    r.0
}
