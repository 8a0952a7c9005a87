//! One message as compact JSON, byte for byte what serde writes, without serde's per-field machinery.
//!
//! Takes a [`Message`]; appends its JSON object to a buffer. The `json` and `jsonl` formats write every message
//! through here. Messages with structured fields (attachment, poll, location, call) go through serde; the others,
//! most of a chat, are written field by field. It writes nothing else.

use std::io;

use super::json;
use crate::model::{Kind, Message, Role};

/// Appends `m` as serde would serialize it (compact, fields in declaration order, `None` fields left out).
// why: serializing each message through serde cost about a fifth of a `jsonl` conversion, most of it in writing
// field names and dispatching per field rather than in the text itself.
pub fn write(m: &Message, out: &mut Vec<u8>) -> io::Result<()> {
    // Named one by one, so that a new field cannot be forgotten here; the test below holds the bytes to serde's.
    let Message {
        line,
        time,
        author,
        raw_author,
        raw_header,
        lead,
        actor,
        role,
        kind,
        text,
        raw,
        edited,
        attachment,
        caption,
        poll,
        location,
        call,
        from,
    } = m;
    if attachment.is_some()
        || poll.is_some()
        || location.is_some()
        || call.is_some()
        || !from.is_empty()
    {
        return json(out, m);
    }
    out.extend_from_slice(b"{\"line\":");
    out.extend_from_slice(itoa::Buffer::new().format(*line).as_bytes());
    out.extend_from_slice(b",\"time\":");
    match time {
        Some(t) => {
            let (buf, len) = t.text();
            out.push(b'"');
            out.extend_from_slice(&buf[..len]);
            out.push(b'"');
        }
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"author\":");
    match author {
        Some(a) => json(out, a.as_str())?,
        None => out.extend_from_slice(b"null"),
    }
    let optional = |out: &mut Vec<u8>, key: &[u8], value: &Option<String>| match value {
        Some(v) => {
            out.extend_from_slice(key);
            json(out, v.as_str())
        }
        None => Ok(()),
    };
    optional(out, b",\"raw_author\":", raw_author)?;
    optional(out, b",\"raw_header\":", raw_header)?;
    optional(out, b",\"lead\":", lead)?;
    optional(out, b",\"actor\":", actor)?;
    out.extend_from_slice(match role {
        Role::User => b",\"role\":\"user\"",
        Role::Assistant => b",\"role\":\"assistant\"",
        Role::System => b",\"role\":\"system\"",
    });
    out.extend_from_slice(match kind {
        Kind::Text => b",\"kind\":\"text\"".as_slice(),
        Kind::Media => b",\"kind\":\"media\"",
        Kind::Deleted => b",\"kind\":\"deleted\"",
        Kind::Waiting => b",\"kind\":\"waiting\"",
        Kind::Poll => b",\"kind\":\"poll\"",
        Kind::Location => b",\"kind\":\"location\"",
        Kind::Call => b",\"kind\":\"call\"",
        Kind::System => b",\"kind\":\"system\"",
    });
    out.extend_from_slice(b",\"text\":");
    json(out, text.as_str())?;
    optional(out, b",\"raw\":", raw)?;
    if *edited {
        out.extend_from_slice(b",\"edited\":true");
    }
    optional(out, b",\"caption\":", caption)?;
    out.push(b'}');
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Attachment, MediaType, Stamp};
    use proptest::prelude::*;

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-z ]{0,8}",
            "\\PC{0,12}",
            "[\"\\\\\\n\\t\\u{0}-\\u{1f}\\u{7f}\\u{2028}é😂]{0,6}"
        ]
    }

    fn kind() -> impl Strategy<Value = Kind> {
        prop::sample::select(Kind::ALL.to_vec())
    }

    fn role() -> impl Strategy<Value = Role> {
        prop::sample::select(vec![Role::User, Role::Assistant, Role::System])
    }

    prop_compose! {
        fn message()(
            line in any::<u64>(),
            time in prop::option::of((0i64..300_000_000_000, prop::option::of(-50_400i32..=50_400))),
            strings in prop::collection::vec(prop::option::of(text()), 7),
            body in text(),
            role in role(),
            kind in kind(),
            edited in any::<bool>(),
            attached in any::<bool>(),
        ) -> Message {
            let mut m = Message::new();
            m.line = line;
            m.time = time.and_then(|(secs, offset)| {
                let local = chrono::DateTime::from_timestamp(secs - 62_000_000_000, 0)?.naive_utc();
                Some(Stamp { local, offset: offset.map(|o| o / 60 * 60) })
            });
            let mut s = strings.into_iter();
            m.author = s.next().flatten();
            m.raw_author = s.next().flatten();
            m.raw_header = s.next().flatten();
            m.lead = s.next().flatten();
            m.actor = s.next().flatten();
            m.raw = s.next().flatten();
            m.caption = s.next().flatten();
            m.text = body;
            m.role = role;
            m.kind = kind;
            m.edited = edited;
            m.attachment = attached.then(|| Attachment {
                file: Some("IMG-1.jpg".into()),
                kind: MediaType::Image,
                omitted: false,
                path: None,
                bytes: None,
            });
            m
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn writes_what_serde_writes(m in message()) {
            let mut fast = Vec::new();
            write(&m, &mut fast).expect("write");
            prop_assert_eq!(String::from_utf8(fast), Ok(serde_json::to_string(&m).expect("serde")));
        }
    }
}
