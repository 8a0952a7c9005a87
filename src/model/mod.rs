//! The normalized chat model: the only types writers see.
//!
//! Takes nothing; gives plain data with serde derives whose JSON is the `chatport/1` contract (later versions add
//! fields, never rename). It knows nothing about how a WhatsApp line looks; the one piece of that it carries, the
//! header layout a file was learned to have (`dialect.layout`), is `header.rs`'s type, held here as data.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub mod layout;
pub mod zone;

pub use layout::Layout;
pub use zone::Zone;

/// The `schema` value of every JSON document we write.
pub const SCHEMA: &str = "chatport/1";

/// Everything about a chat that is known before its messages are written.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Chat {
    /// Always [`SCHEMA`]; reading a document with another schema fails.
    #[serde(deserialize_with = "schema")]
    pub schema: &'static str,
    /// Where the chat text came from.
    pub source: Source,
    /// How the export writes its headers.
    pub dialect: Dialect,
    /// The chat's name: the group's latest name, else the name in the file name, else the other participant.
    pub title: Option<String>,
    /// Who was taken as the AI assistant, and why; `null` when nobody was.
    pub assistant: Option<Assistant>,
    /// Every author, in order of first message.
    pub participants: Vec<Participant>,
    /// The earliest and latest date of the headers, from the first pass (for writers that show a date range
    /// before the messages).
    #[serde(skip)]
    pub span: Option<(NaiveDate, NaiveDate)>,
    /// The exports a merged chat was made from (`chatport merge`), in the order given; empty for one export.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub merged: Vec<MergedSource>,
}

/// One export of a merged chat.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MergedSource {
    /// Its file, size and hash, as a single export's `source`.
    pub source: Source,
    /// The phone family and day/month order its headers had.
    pub platform: Platform,
    /// See `platform`.
    pub date_order: DateOrder,
    /// Its first and last message time, as written in it.
    pub first: Option<Stamp>,
    /// See `first`.
    pub last: Option<Stamp>,
    /// Seconds added to its times to line them up with the first export's (its phone was in another zone).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub shift_s: i64,
}

fn is_zero(n: &i64) -> bool {
    *n == 0
}

/// Where a merged message was found: an export (its index in `merged`) and the line of its header there.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    /// The index of the export in `merged`.
    pub source: usize,
    /// The line of the message's header in that export.
    pub line: u64,
    /// This export had the message with another body than the first export that had it (an edit made between
    /// the exports); the merged message keeps the edited one.
    #[serde(default, skip_serializing_if = "is_false")]
    pub differs: bool,
}

/// The participant taken as the assistant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assistant {
    /// The participant's name, as in `participants`.
    pub name: String,
    /// Why, in words: a known AI contact, `--assistant`, or a guess.
    pub reason: String,
    /// Nobody was a known AI contact and no flag said who: this is a guess (the AI formats need an assistant).
    #[serde(default, skip_serializing_if = "is_false")]
    pub guessed: bool,
}

/// Where the chat text came from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Source {
    /// File name as given (no directories), or `-` for standard input.
    pub name: String,
    /// Entry inside an archive, when the text came from one.
    pub entry: Option<String>,
    /// SHA-256 of the chat text bytes, as hex; `None` when no output asked for it (`jsonl`, Markdown, WhatsApp
    /// text), which saves hashing every byte.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// Size of the chat text in bytes.
    pub bytes: u64,
}

/// How the export writes its headers, as detected (or forced).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dialect {
    /// Which phone family's header shape.
    pub platform: Platform,
    /// The order of day, month and year.
    pub date_order: DateOrder,
    /// 12- or 24-hour times.
    pub clock: Clock,
    /// How sure `date_order` is.
    pub confidence: Confidence,
    /// The first header of the file, as written.
    pub example: String,
    /// Why the date order was chosen, in words.
    pub reason: String,
    /// How to write a header back (`null` when the file's headers cannot be put as a template, such as
    /// calendar-marked years; then every message keeps its `raw_header`).
    pub layout: Option<layout::Layout>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
/// Which header shape the export uses.
pub enum Platform {
    /// `DATE, TIME - ` headers.
    Android,
    /// `[DATE, TIME] ` headers.
    Ios,
    /// `DATE, TIME: ` headers (iOS up to 2016, Android up to 2014) and other bracketless, dashless shapes.
    Legacy,
}

/// The order of day, month and year in the export's dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateOrder {
    /// Day, month, year (most of the world).
    Dmy,
    /// Month, day, year (the United States).
    Mdy,
    /// Year, month, day (East Asia, ISO).
    Ymd,
}

impl DateOrder {
    /// The name `--date-order` takes and the JSON writes.
    pub fn name(self) -> &'static str {
        match self {
            DateOrder::Dmy => "dmy",
            DateOrder::Mdy => "mdy",
            DateOrder::Ymd => "ymd",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
/// Whether times are written on a 12- or a 24-hour clock.
pub enum Clock {
    #[serde(rename = "12h")]
    /// 12-hour, with the file's own AM/PM words.
    H12,
    #[serde(rename = "24h")]
    /// 24-hour.
    H24,
}

/// How sure the day/month order is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// Proven by the dates themselves (a part above 12, a four-digit year).
    Certain,
    /// Chosen by soft evidence (chronological order, which part changes like a day).
    Inferred,
    /// Nothing in the file decides it; a locale default was used.
    Assumed,
    /// Given with `--date-order`.
    Forced,
}

/// One author and how many messages they wrote (system notices iOS files under a name are not counted).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participant {
    /// The name as written (without invisible marks and `~ `).
    pub name: String,
    /// How many messages they wrote.
    pub messages: u64,
    /// `assistant` for the AI assistant, else `user`.
    pub role: Role,
    /// This participant exported the chat (`--me`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub me: bool,
}

/// Who speaks, in the terms of AI chat formats.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    #[default]
    /// A person.
    User,
    /// The AI assistant.
    Assistant,
    /// WhatsApp itself: notices and events.
    System,
}

/// What a message is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Anything a person typed.
    Text,
    /// A file sent, or the placeholder left where it was (`attachment`).
    Media,
    /// A deleted message's placeholder.
    Deleted,
    /// WhatsApp's placeholder for a message that had not arrived when the chat was exported ("Waiting for this
    /// message"): its content is not in the export.
    Waiting,
    /// A poll with its options and votes (`poll`).
    Poll,
    /// A shared place (`location`).
    Location,
    /// A voice or video call (`call`).
    Call,
    /// A notice or event from WhatsApp.
    System,
}

impl Kind {
    /// Every kind, in the order counts are kept in.
    pub const ALL: [Kind; 8] = [
        Kind::Text,
        Kind::Media,
        Kind::Deleted,
        Kind::Waiting,
        Kind::Poll,
        Kind::Location,
        Kind::Call,
        Kind::System,
    ];
}

/// A file sent with a message, or the placeholder left where it was.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    /// The file's name (in the export's folder or zip when `omitted` is false); `null` when the export does not
    /// name it.
    pub file: Option<String>,
    #[serde(rename = "type")]
    /// What kind of file.
    pub kind: MediaType,
    /// The export left the file out (exported without media, or view-once).
    pub omitted: bool,
    /// Where the file was kept, relative to the output file, when it was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The kept file's size in bytes, when `path` names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bytes: Option<u64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
/// What kind of file an attachment is.
pub enum MediaType {
    /// A photo.
    Image,
    /// A video.
    Video,
    /// An audio file.
    Audio,
    /// A voice note (Android `PTT-`, iOS `-AUDIO-` `.opus`).
    Voice,
    /// A sticker.
    Sticker,
    /// A GIF.
    Gif,
    /// A document (PDF, Word, …).
    Document,
    /// A contact card (`.vcf`).
    Contact,
    /// A view-once photo or video (never exported).
    ViewOnce,
    /// Not said (Android's `<Media omitted>`) or unknown.
    Other,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
/// A poll as exported.
pub struct Poll {
    /// The question asked.
    pub question: String,
    /// Each option, in order.
    pub options: Vec<PollOption>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
/// One option of a poll.
pub struct PollOption {
    /// The option's text.
    pub text: String,
    /// Votes it got (who voted is not exported).
    pub votes: u64,
}

/// A shared place: only what the export says.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    /// Degrees north, for a pin.
    pub latitude: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// Degrees east, for a pin.
    pub longitude: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// The venue's name.
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// The venue's address.
    pub address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// The link the export gives.
    pub url: Option<String>,
    /// A live location was shared (its positions are not exported).
    #[serde(default, skip_serializing_if = "is_false")]
    pub live: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
/// A call as exported.
pub struct Call {
    /// Voice or video.
    pub media: CallMedia,
    /// Nobody answered.
    pub missed: bool,
    /// How long the call lasted, when the export says.
    pub duration_s: Option<u64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
/// Whether a call was voice or video.
pub enum CallMedia {
    /// A voice call.
    Voice,
    /// A video call.
    Video,
}

/// One message: a header line and its continuation lines.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Message {
    /// 1-based line number of the header in the chat text.
    pub line: u64,
    /// The exporting phone's wall-clock time (with its UTC offset under `--tz`); `null` when the header's date is
    /// impossible or the message is the text before the first header.
    pub time: Option<Stamp>,
    /// `null` for system messages; cleaned of invisible marks and the `~ ` WhatsApp puts before non-contacts.
    pub author: Option<String>,
    /// The author as written, when `author` differs from it (or is `null` because iOS filed a system notice
    /// under a name).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub raw_author: Option<String>,
    /// The line's text before the body as written (header, author, separator), when `dialect.layout`, `time` and
    /// the author do not give it back exactly (impossible dates, a header unlike the file's others, `Name:` with
    /// no space…).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub raw_header: Option<String>,
    /// Invisible marks before the header (iOS leads media and notice lines with U+200E or U+200F; some files
    /// hold a U+FEFF), when the rest of the header is the layout's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lead: Option<String>,
    /// Who did what a system message reports, when it names them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    /// Who speaks, in AI formats' terms.
    pub role: Role,
    /// What the message is.
    pub kind: Kind,
    /// The body, with line breaks as `\n`: as exported for `text` messages, without invisible marks for the
    /// others, without the edit marker when `edited`.
    pub text: String,
    /// The body as exported, when `text` differs from it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub raw: Option<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    /// The edit marker ended the body (and was removed from `text`).
    pub edited: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// The file of a `media` message.
    pub attachment: Option<Attachment>,
    /// Text sent with an attachment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// The poll of a `poll` message.
    pub poll: Option<Poll>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// The place of a `location` message.
    pub location: Option<Location>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// The call of a `call` message.
    pub call: Option<Call>,
    /// In a merged chat, every export the message was found in, first where it was first found.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub from: Vec<Origin>,
}

impl Message {
    /// The author as the line wrote it (what comes between the header and `: `), when the line names one.
    pub fn name_as_written(&self) -> Option<&str> {
        self.raw_author.as_deref().or(self.author.as_deref())
    }

    /// An empty `text` message; the parser fills it.
    pub fn new() -> Message {
        Message {
            line: 0,
            time: None,
            author: None,
            raw_author: None,
            raw_header: None,
            lead: None,
            actor: None,
            role: Role::User,
            kind: Kind::Text,
            text: String::new(),
            raw: None,
            edited: false,
            attachment: None,
            caption: None,
            poll: None,
            location: None,
            call: None,
            from: Vec::new(),
        }
    }
}

impl Default for Message {
    fn default() -> Self {
        Message::new()
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Accepts only the schema this version writes.
pub(crate) fn schema<'de, D: Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
    let s = String::deserialize(d)?;
    if s == SCHEMA {
        Ok(SCHEMA)
    } else {
        Err(serde::de::Error::custom(format!(
            "schema '{s}' is not '{SCHEMA}', the one this version of chatport reads"
        )))
    }
}

/// Something the parser was unsure of, with the line it concerns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    /// The line it concerns; 0 for the whole chat.
    pub line: u64,
    /// What, in words.
    pub message: String,
}

impl Warning {
    /// Puts warnings in line order, those about no line (0) last; the order every output shows them in.
    pub fn sort(warnings: &mut [Warning]) {
        warnings.sort_by_key(|w| if w.line == 0 { u64::MAX } else { w.line });
    }
}

/// A message's time: the wall-clock time as exported, and its offset from UTC when a zone was given (`--tz`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp {
    /// The time as the phone showed it.
    pub local: NaiveDateTime,
    /// Seconds east of UTC.
    pub offset: Option<i32>,
}

impl Stamp {
    /// A wall-clock time with no zone.
    pub fn local(local: NaiveDateTime) -> Stamp {
        Stamp {
            local,
            offset: None,
        }
    }
}

/// `YYYY-MM-DDTHH:MM:SS`, then `±HH:MM` when the offset is known; without a format string (this runs once per
/// message).
impl Serialize for Stamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (buf, len) = self.text();
        // The buffer holds only ASCII digits and separators.
        s.serialize_str(std::str::from_utf8(&buf[..len]).unwrap_or_default())
    }
}

/// Reads back what [`Stamp`]'s `Serialize` writes.
impl<'de> Deserialize<'de> for Stamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Stamp, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Stamp::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "time '{s}' is not YYYY-MM-DDTHH:MM:SS with an optional ±HH:MM"
            ))
        })
    }
}

impl Stamp {
    /// Parses `YYYY-MM-DDTHH:MM:SS`, optionally followed by `±HH:MM`.
    pub fn parse(s: &str) -> Option<Stamp> {
        let head = s.get(..19)?;
        let local = NaiveDateTime::parse_from_str(head, "%Y-%m-%dT%H:%M:%S").ok()?;
        let offset = match s.get(19..)? {
            "" => None,
            off => {
                let b = off.as_bytes();
                let sign = match b.first()? {
                    b'+' => 1,
                    b'-' => -1,
                    _ => return None,
                };
                let (h, m) = off.get(1..)?.split_once(':')?;
                if h.len() != 2 || m.len() != 2 {
                    return None;
                }
                let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
                (h < 24 && m < 60)
                    .then_some(sign * (h * 3600 + m * 60))?
                    .into()
            }
        };
        Some(Stamp { local, offset })
    }

    /// The text of [`Stamp`]'s JSON string, in a buffer, and its length (19, or 25 with an offset).
    pub fn text(&self) -> ([u8; 25], usize) {
        let mut head = [0u8; 19];
        format_time(&self.local, &mut head);
        let mut buf = [0u8; 25];
        buf[..19].copy_from_slice(&head);
        let len = match self.offset {
            None => 19,
            Some(off) => {
                let (sign, off) = if off < 0 { (b'-', -off) } else { (b'+', off) };
                let (h, m) = ((off / 3600) as u8, (off / 60 % 60) as u8);
                buf[19..].copy_from_slice(&[
                    sign,
                    b'0' + h / 10,
                    b'0' + h % 10,
                    b':',
                    b'0' + m / 10,
                    b'0' + m % 10,
                ]);
                25
            }
        };
        (buf, len)
    }
}

/// Formats `t` as `YYYY-MM-DDTHH:MM:SS` into `buf`.
pub fn format_time(t: &NaiveDateTime, buf: &mut [u8; 19]) {
    // Two digits at a time from a table: this runs once per message written.
    const PAIRS: &[u8; 200] = b"0001020304050607080910111213141516171819202122232425262728293031323334353637383940414243444546474849\
                                5051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899";
    let pair = |v: u32| {
        let i = 2 * (v % 100) as usize;
        [PAIRS[i], PAIRS[i + 1]]
    };
    let year = t.year().clamp(0, 9999) as u32;
    let [y0, y1] = pair(year / 100);
    let [y2, y3] = pair(year);
    let [mo0, mo1] = pair(t.month());
    let [d0, d1] = pair(t.day());
    let [h0, h1] = pair(t.hour());
    let [mi0, mi1] = pair(t.minute());
    let [s0, s1] = pair(t.second());
    *buf = [
        y0, y1, y2, y3, b'-', mo0, mo1, b'-', d0, d1, b'T', h0, h1, b':', mi0, mi1, b':', s0, s1,
    ];
}

/// `YYYY-MM-DDTHH:MM:SS` as a `String`, for reports.
pub fn time_string(t: &NaiveDateTime) -> String {
    let mut buf = [0u8; 19];
    format_time(t, &mut buf);
    String::from_utf8_lossy(&buf).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn message_json_shape() {
        let time = NaiveDate::from_ymd_opt(2025, 1, 5)
            .and_then(|d| d.and_hms_opt(21, 3, 0))
            .unwrap();
        let m = Message {
            line: 3,
            time: Some(Stamp::local(time)),
            author: Some("Copilot".into()),
            role: Role::Assistant,
            text: "a\nb".into(),
            ..Message::new()
        };
        assert_eq!(
            serde_json::to_string(&m).unwrap(),
            r#"{"line":3,"time":"2025-01-05T21:03:00","author":"Copilot","role":"assistant","kind":"text","text":"a\nb"}"#
        );
        for (offset, want) in [(3600, "+01:00"), (-19800, "-05:30"), (0, "+00:00")] {
            let stamp = Stamp {
                local: time,
                offset: Some(offset),
            };
            assert_eq!(
                serde_json::to_string(&stamp).unwrap(),
                format!("\"2025-01-05T21:03:00{want}\"")
            );
        }
        let m = Message {
            line: 1,
            kind: Kind::Media,
            text: "image omitted".into(),
            raw: Some("\u{200E}image omitted".into()),
            attachment: Some(Attachment {
                file: None,
                kind: MediaType::Image,
                omitted: true,
                path: None,
                bytes: None,
            }),
            ..Message::new()
        };
        assert_eq!(
            serde_json::to_string(&m).unwrap(),
            "{\"line\":1,\"time\":null,\"author\":null,\"role\":\"user\",\"kind\":\"media\",\"text\":\"image omitted\",\
             \"raw\":\"\u{200E}image omitted\",\"attachment\":{\"file\":null,\"type\":\"image\",\"omitted\":true}}"
        );
    }
}
