//! A `chatport/1` JSON document read back into the model it was written from.
//!
//! Takes an opened input whose text is such a document; gives the chat head (first pass, which also finds the
//! date span the head shows), then streams its messages one at a time (second pass), then its warnings. Nothing
//! but one message is held in memory, whatever the chat's size. Fields this version does not know are skipped
//! (later versions add fields). It does not parse WhatsApp text, and leaves roles and zones to the reader.

use std::io::{BufReader, Seek, SeekFrom};

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::error::{Error, Result};
use crate::input::Input;
use crate::model::{Assistant, Chat, Dialect, Message, Participant, SCHEMA, Source, Warning};

/// Bytes looked at to tell a document from an export.
pub(super) const SNIFF: u64 = 512;

/// Whether the text starts like a JSON object that names a schema (a WhatsApp export starts with a header).
pub(crate) fn is_document(head: &[u8]) -> bool {
    let head = head.strip_prefix(BOM).unwrap_or(head);
    head.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
        && (memchr::memmem::find(head, b"\"schema\"").is_some()
            || memchr::memmem::find(head, b"\"line\"").is_some())
}

/// The first pass: the chat head, with the date span its messages cover (the head shows it before them).
/// `head` is the text's first [`SNIFF`] bytes.
pub(super) fn head(input: &Input, head: &[u8]) -> Result<Chat> {
    if memchr::memmem::find(head, b"\"schema\"").is_none() {
        return Err(Error::Unsupported {
            path: input.display.clone(),
            what: "holds chatport's `-f jsonl` messages, which lack the chat head (title, participants, dialect) the other formats need; convert the `-f json` document, or the export itself".into(),
        });
    }
    let mut chat: Option<Chat> = None;
    let mut span: Option<(chrono::NaiveDate, chrono::NaiveDate)> = None;
    read(
        input,
        head.starts_with(BOM),
        &mut |c| {
            chat = Some(c);
            Ok(())
        },
        &mut |m| {
            if let Some(d) = m.time.map(|t| t.local.date()) {
                span = Some(span.map_or((d, d), |(a, b)| (a.min(d), b.max(d))));
            }
            Ok(())
        },
    )?;
    let mut chat = chat.ok_or_else(|| not_document(input, "it has no chat head"))?;
    chat.span = span;
    Ok(chat)
}

/// The second pass: every message to `on`, in order; gives the document's warnings.
pub(super) fn messages(
    input: &Input,
    on: &mut dyn FnMut(Message) -> Result<()>,
) -> Result<Vec<Warning>> {
    let bom = input.head(3)? == BOM;
    read(input, bom, &mut |_| Ok(()), on)
}

/// A UTF-8 byte order mark: an editor may have saved the document with one, which JSON does not allow.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Reads the document once (after its byte order mark, with `bom`): the head to `head`, each message to
/// `message`; gives the warnings.
fn read(
    input: &Input,
    bom: bool,
    head: &mut dyn FnMut(Chat) -> Result<()>,
    message: &mut dyn FnMut(Message) -> Result<()>,
) -> Result<Vec<Warning>> {
    let mut file = input.reader()?;
    if bom {
        file.seek(SeekFrom::Start(3))
            .map_err(|e| input.read_error(e))?;
    }
    let reader = BufReader::with_capacity(64 << 10, input.counted(file));
    let mut de = serde_json::Deserializer::from_reader(reader);
    let mut doc = Doc {
        head,
        message,
        warnings: Vec::new(),
        failed: None,
    };
    let parsed = (&mut doc).deserialize(&mut de).and_then(|()| de.end());
    if let Some(e) = doc.failed.take() {
        return Err(e);
    }
    match parsed {
        Ok(()) => Ok(doc.warnings),
        Err(e) if e.is_io() => Err(input.read_error(std::io::Error::other(e))),
        Err(e) => Err(not_document(input, &e.to_string())),
    }
}

fn not_document(input: &Input, why: &str) -> Error {
    Error::Unsupported {
        path: input.display.clone(),
        what: format!(
            "is JSON but not a chatport/1 document that can be read back ({why}); chatport reads back what `-f json` writes (`-f jsonl` holds the messages without the chat head)"
        ),
    }
}

/// The top-level object, read field by field so that messages stream.
struct Doc<'a> {
    head: &'a mut dyn FnMut(Chat) -> Result<()>,
    message: &'a mut dyn FnMut(Message) -> Result<()>,
    warnings: Vec<Warning>,
    /// The error a callback returned (serde only carries a message).
    failed: Option<Error>,
}

/// The head fields, as they arrive.
#[derive(Default)]
struct Head {
    schema: bool,
    source: Option<Source>,
    dialect: Option<Dialect>,
    title: Option<String>,
    assistant: Option<Assistant>,
    participants: Option<Vec<Participant>>,
    merged: Option<Vec<crate::model::MergedSource>>,
}

impl Head {
    fn chat<E: de::Error>(&mut self) -> Result<Chat, E> {
        let missing = |field| E::custom(format!("'{field}' must come before 'messages'"));
        if !self.schema {
            return Err(missing("schema"));
        }
        Ok(Chat {
            schema: SCHEMA,
            source: self.source.take().ok_or_else(|| missing("source"))?,
            dialect: self.dialect.take().ok_or_else(|| missing("dialect"))?,
            title: self.title.take(),
            assistant: self.assistant.take(),
            participants: self.participants.take().unwrap_or_default(),
            span: None,
            merged: self.merged.take().unwrap_or_default(),
        })
    }
}

impl<'de> DeserializeSeed<'de> for &mut Doc<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for &mut Doc<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a chatport/1 document")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        let mut head = Head::default();
        let mut begun = false;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "schema" => {
                    map.next_value_seed(Schema)?;
                    head.schema = true;
                }
                "source" => head.source = Some(map.next_value()?),
                "dialect" => head.dialect = Some(map.next_value()?),
                "title" => head.title = map.next_value()?,
                "assistant" => head.assistant = map.next_value()?,
                "participants" => head.participants = Some(map.next_value()?),
                "merged" => head.merged = Some(map.next_value()?),
                "messages" if !begun => {
                    self.begin(&mut head)?;
                    begun = true;
                    map.next_value_seed(Messages(&mut *self))?;
                }
                "warnings" => self.warnings = map.next_value()?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if !begun {
            self.begin(&mut head)?;
        }
        Ok(())
    }
}

impl Doc<'_> {
    fn begin<E: de::Error>(&mut self, head: &mut Head) -> std::result::Result<(), E> {
        let chat = head.chat()?;
        (self.head)(chat).map_err(|e| self.fail(e))
    }

    fn fail<E: de::Error>(&mut self, e: Error) -> E {
        self.failed = Some(e);
        E::custom("stopped")
    }
}

/// The `schema` field, checked by the model's own rule.
struct Schema;

impl<'de> DeserializeSeed<'de> for Schema {
    type Value = &'static str;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        d: D,
    ) -> std::result::Result<Self::Value, D::Error> {
        crate::model::schema(d)
    }
}

/// The `messages` array, each element handed on as it is read.
struct Messages<'d, 'a>(&'d mut Doc<'a>);

impl<'de> DeserializeSeed<'de> for Messages<'_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Messages<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an array of messages")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        while let Some(m) = seq.next_element::<Message>()? {
            (self.0.message)(m).map_err(|e| self.0.fail(e))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_documents_from_exports() {
        let cases: [(&[u8], bool); 6] = [
            (b"{\n  \"schema\": \"chatport/1\",", true),
            (b"\xEF\xBB\xBF  {\"schema\":\"x\"}", true),
            (b"{\"line\":3,\"time\":null}", true),
            (b"12/01/2026, 18:40 - Sam: {\"schema\"", false),
            (b"{ just braces in a preamble", false),
            (b"", false),
        ];
        for (head, want) in cases {
            assert_eq!(
                is_document(head),
                want,
                "{:?}",
                String::from_utf8_lossy(head)
            );
        }
    }
}
