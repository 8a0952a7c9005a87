//! The reader: the one place the pipeline is put together (input → decode → detect → parse → classify → roles).
//!
//! Takes a path, bytes or any `Read` and [`ReadOptions`]; gives an [`Export`] whose chat head is known (the first
//! pass: dialect, participants, roles, title, hash), whose messages stream from a second pass, and which returns
//! every warning at the end. A `chatport/1` JSON document is read back into the same model (`document.rs`). The
//! command line, the fuzz targets and the tests all read through here. It writes nothing and prints nothing.

use std::cell::RefCell;
use std::io::{Read as _, Seek as _};
use std::path::Path;
use std::rc::Rc;

use sha2::{Digest, Sha256};

use super::beside;
use super::detect::years::ExportDate;
use super::detect::{Detection, Detector, Grammar};
use super::document;
use super::header;
use super::parse::{Builder, Parser, Pending};
use super::roles::{self, RoleNames};
use crate::decode::{self, Encoding, LineError};
use crate::error::{Error, Result};
use crate::input::count::BytesRead;
use crate::input::{self, Hashing, Input, Source};
use crate::locale;
use crate::model::zone::Zone;
use crate::model::{Assistant, Chat, DateOrder, Kind, Message, Participant, SCHEMA, Warning};

/// How to read an export. The default learns everything from the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadOptions {
    /// The day/month order, instead of learning it from the dates (`--date-order`).
    pub date_order: Option<DateOrder>,
    /// The participant who is the AI assistant (`--assistant`); matched ignoring case, spaces and punctuation.
    pub assistant: Option<String>,
    /// The participant who exported the chat (`--me`).
    pub me: Option<String>,
    /// When no participant is a known AI contact (and none is named), take the busiest other participant as the
    /// assistant, with a warning: the AI formats need both sides.
    pub guess_assistant: bool,
    /// The zone of the phone's wall-clock times (`--tz`): each message's time then carries its UTC offset.
    pub zone: Option<Zone>,
    /// Compute `source.sha256` (the `json` document and the AI formats' ids need it; it costs a pass of SHA-256).
    pub sha256: bool,
    /// Threads one export may use: with 2 or more, a second thread reads and groups lines while the caller's
    /// builds and handles messages. The messages, their order and the warnings are the same either way.
    pub threads: usize,
    /// The year of the last message (`--year`), for exports whose headers leave the year out (older Android
    /// did for the current year); without it, the zip entry's date, else the file's modification time, else
    /// today.
    pub year: Option<i32>,
    /// Where the bytes of chat text read are counted, over both passes, for a progress bar: a pass reads the
    /// whole text once, so a conversion reads `2 × chat.source.bytes` in all.
    pub progress: Option<BytesRead>,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            date_order: None,
            assistant: None,
            me: None,
            guess_assistant: false,
            zone: None,
            sha256: true,
            threads: 1,
            year: None,
            progress: None,
        }
    }
}

impl ReadOptions {
    fn role_names(&self) -> RoleNames {
        RoleNames {
            assistant: self.assistant.clone(),
            me: self.me.clone(),
            guess: self.guess_assistant,
        }
    }
}

/// Opens exports with one set of options.
#[derive(Clone, Debug, Default)]
pub struct Reader {
    options: ReadOptions,
}

/// An export after its first pass: the chat head is known; [`Export::messages`] reads the messages.
pub struct Export {
    input: Input,
    chat: Chat,
    kind: Body,
    options: ReadOptions,
    /// Warnings of the first pass (encoding, detection, guessed roles).
    warnings: Vec<Warning>,
}

/// What the chat text is.
enum Body {
    /// A WhatsApp export, in the dialect its first pass learned.
    Whatsapp {
        grammar: Box<Grammar>,
        encoding: Encoding,
    },
    /// A `chatport/1` document read back; with `roles`, every message gets the role [`roles::role_of`] gives it
    /// with that assistant, else its role as written.
    Document { roles: Option<Option<String>> },
}

/// What reading an export's messages gave, besides the messages.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    /// How many messages there were.
    pub messages: u64,
    /// The earliest and the latest message time.
    pub first: Option<chrono::NaiveDateTime>,
    /// See `first`.
    pub last: Option<chrono::NaiveDateTime>,
    /// Messages per kind, in the order of [`Kind::ALL`].
    pub kinds: [u64; Kind::ALL.len()],
    /// Everything the reader was unsure of, in line order (warnings about no line last).
    pub warnings: Vec<Warning>,
}

impl Summary {
    /// Counts one message.
    pub(crate) fn count(&mut self, m: &Message) {
        self.messages += 1;
        self.kinds[m.kind as usize] += 1;
        if let Some(t) = m.time.map(|t| t.local) {
            self.first = Some(self.first.map_or(t, |f| f.min(t)));
            self.last = Some(self.last.map_or(t, |l| l.max(t)));
        }
    }
}

/// A whole export in memory.
#[derive(Clone, Debug, PartialEq)]
pub struct Transcript {
    /// The chat head.
    pub chat: Chat,
    /// Every message, in order.
    pub messages: Vec<Message>,
    /// Everything the reader was unsure of.
    pub warnings: Vec<Warning>,
}

impl Reader {
    /// A reader with these options.
    pub fn new(options: ReadOptions) -> Reader {
        Reader { options }
    }

    /// Its options.
    pub fn options(&self) -> &ReadOptions {
        &self.options
    }

    /// Opens the export at `path` (a `.txt`, an export `.zip`, or a `chatport/1` JSON document) and runs its
    /// first pass.
    pub fn open(&self, path: impl AsRef<Path>) -> Result<Export> {
        self.open_source(&Source::Path(path.as_ref().to_path_buf()))
    }

    /// Opens an input as the command line names it (a path, or standard input).
    pub fn open_source(&self, source: &Source) -> Result<Export> {
        self.prepare(Input::open(source, &JUDGE)?)
    }

    /// Reads an export held in memory; `name` stands for its file name (the title may come from it).
    pub fn open_bytes(&self, name: &str, data: &[u8]) -> Result<Export> {
        self.prepare(Input::from_bytes(name, data, &JUDGE)?)
    }

    /// Reads an export from any reader (spooled to an anonymous temporary file, so it can be read twice).
    pub fn open_reader(&self, name: &str, reader: impl std::io::Read) -> Result<Export> {
        self.prepare(Input::from_reader(name, reader, &JUDGE)?)
    }

    /// The whole export in memory: [`Reader::open_bytes`], then every message collected.
    pub fn read_bytes(&self, name: &str, data: &[u8]) -> Result<Transcript> {
        self.open_bytes(name, data)?.read_all()
    }

    /// The whole export at `path` in memory.
    pub fn read_path(&self, path: impl AsRef<Path>) -> Result<Transcript> {
        self.open(path)?.read_all()
    }

    fn prepare(&self, mut input: Input) -> Result<Export> {
        input.count = self.options.progress.clone();
        let head = input.head(document::SNIFF)?;
        if document::is_document(&head) {
            return self.prepare_document(input, &head);
        }
        let encoding = Encoding::sniff(&head);
        let names = self.options.role_names();
        let mut detector = Detector::new();
        let sha256 = if self.options.threads > 1 {
            beside::run(
                |hand| {
                    candidates(&input, encoding, self.options.sha256, &mut |no, text| {
                        hand(&mut |slot: &mut (u64, String)| {
                            slot.0 = no;
                            slot.1.clear();
                            slot.1.push_str(text);
                        })
                    })
                },
                &mut |line: &mut (u64, String)| {
                    detector.feed(line.0, &line.1);
                    Ok(())
                },
            )?
        } else {
            candidates(&input, encoding, self.options.sha256, &mut |no, text| {
                detector.feed(no, text);
                Ok(())
            })?
        };
        let export = || self.export_date(&input);
        let mut detection = detector
            .finish(self.options.date_order, Some(&export))
            .map_err(|e| match input::kind::known(&head) {
                // why: a PDF or a web page given as an export is named, with how to get the real one (issue 19).
                Some(what) => input::kind::not_an_export(&input.display, what),
                None => Error::NoHeader {
                    path: input.display.clone(),
                    first_line: e.first_line,
                    binary: e.binary,
                    bytes: input.bytes,
                },
            })?;
        let assistant = assign(&input, &mut detection.participants, &names)?;
        let mut warnings = input.warnings.clone();
        if let Some(note) = encoding.note() {
            warnings.push(Warning {
                line: 1,
                message: note.into(),
            });
        }
        warnings.append(&mut detection.warnings);
        warnings.extend(guessed(assistant.as_ref()));
        let chat = Chat {
            schema: SCHEMA,
            source: crate::model::Source {
                name: input.file_name.clone(),
                entry: input.entry.clone(),
                sha256,
                bytes: input.bytes,
            },
            title: title(named_file(&input), &detection, assistant.as_ref()),
            dialect: detection.dialect,
            participants: detection.participants,
            assistant,
            span: detection.span,
            merged: Vec::new(),
        };
        Ok(Export {
            input,
            chat,
            kind: Body::Whatsapp {
                grammar: Box::new(detection.grammar),
                encoding,
            },
            options: self.options.clone(),
            warnings,
        })
    }
}

impl Reader {
    /// When the chat was exported, as far as anything says: `--year`, the zip entry's date, the file's
    /// modification time (in the zone of `--tz`, else this machine's), else today.
    fn export_date(&self, input: &Input) -> ExportDate {
        if let Some(year) = self.options.year {
            return ExportDate::Year(year);
        }
        if let Some(t) = input.entry_modified {
            return ExportDate::Date(t.date(), "the zip entry's date".into());
        }
        if let Some(m) = input.mtime {
            let utc = chrono::DateTime::<chrono::Utc>::from(m).naive_utc();
            let zone = self.options.zone.unwrap_or_else(|| Zone::machine().zone);
            let local = utc + chrono::Duration::seconds(i64::from(zone.offset(utc)));
            return ExportDate::Date(local.date(), "the file's modification time".into());
        }
        ExportDate::today()
    }

    /// A `chatport/1` document's first pass. Its roles stay as written unless the options name an assistant or
    /// `me`, or ask for a guess the document did not make; then the assistant is picked as for an export (with
    /// its warning), and a title that came from who the assistant was follows the new one.
    fn prepare_document(&self, input: Input, head: &[u8]) -> Result<Export> {
        let mut chat = document::head(&input, head)?;
        input.check_unchanged()?;
        let names = self.options.role_names();
        let mut warnings = input.warnings.clone();
        let named = names.assistant.is_some() || names.me.is_some();
        let roles = if named || (names.guess && chat.assistant.is_none()) {
            let mut participants = chat.participants.clone();
            let assistant = assign(&input, &mut participants, &names)?;
            warnings.extend(guessed(assistant.as_ref()));
            if chat.title == title_from_people(&chat.participants, chat.assistant.as_ref()) {
                chat.title = title_from_people(&participants, assistant.as_ref());
            }
            chat.participants = participants;
            chat.assistant = assistant;
            Some(chat.assistant.as_ref().map(|a| a.name.clone()))
        } else {
            None
        };
        Ok(Export {
            input,
            chat,
            kind: Body::Document { roles },
            options: self.options.clone(),
            warnings,
        })
    }
}

/// What input asks the reader about chat text.
const JUDGE: input::Judge<'static> = input::Judge {
    rate: &rate,
    head: &judge_head,
};

/// How many message headers a spooled text holds: how a zip's chat entry is told from other `.txt` files.
fn rate(mut file: std::fs::File) -> u64 {
    let mut head = Vec::with_capacity(4);
    if (&mut file).take(4).read_to_end(&mut head).is_err() || file.rewind().is_err() {
        return 0;
    }
    super::detect::count_headers(file, Encoding::sniff(&head))
}

/// The first bytes of a long text being spooled: the error detection would give them when they are binary data
/// with no message header, else the longest run of bytes without a line break the decoder takes (`None` for
/// UTF-16, whose lines are not measured in bytes).
fn judge_head(display: &str, head: &[u8]) -> Result<Option<u64>> {
    let encoding = Encoding::sniff(head);
    let mut lines = decode::lines(std::io::Cursor::new(head.to_vec()), encoding);
    let mut detector = Detector::new();
    while let Ok(Some(line)) = lines.next_line() {
        detector.feed(line.no, line.text);
    }
    let failed = detector.finish(None, None).err();
    if let (Some(e), Some(what)) = (&failed, input::kind::known(head))
        && e.binary
    {
        return Err(input::kind::not_an_export(display, what));
    }
    match failed {
        Some(e) if e.binary => Err(Error::NoHeader {
            path: display.to_string(),
            first_line: e.first_line,
            binary: true,
            bytes: head.len() as u64,
        }),
        _ => Ok((encoding == Encoding::Utf8).then_some(decode::MAX_LINE as u64)),
    }
}

impl Export {
    /// The chat head: source, dialect, title, assistant, participants.
    pub fn chat(&self) -> &Chat {
        &self.chat
    }

    /// The input as named in messages: the path as given, or `<stdin>`.
    pub fn display(&self) -> &str {
        &self.input.display
    }

    /// The path the export was opened from, when it was one.
    pub fn path(&self) -> Option<&Path> {
        self.input.path.as_deref()
    }

    /// The warnings of the first pass, about how the whole file was read: its encoding, its dialect (a day/month
    /// order assumed, AM/PM words guessed, lines of another layout kept as text), a guessed assistant. They are
    /// also among the warnings [`Export::messages`] gives.
    pub fn notes(&self) -> &[Warning] {
        &self.warnings
    }

    /// Whether this is a `chatport/1` document read back rather than a WhatsApp export.
    pub fn is_document(&self) -> bool {
        matches!(self.kind, Body::Document { .. })
    }

    /// The opened input, for media.
    pub(crate) fn input(&self) -> &Input {
        &self.input
    }

    /// The second pass: hands every message to `on`, in order; gives the counts and every warning. Stops at the
    /// first error `on` returns. It may be called again, and gives the same messages.
    pub fn messages(&self, on: &mut dyn FnMut(&Message) -> Result<()>) -> Result<Summary> {
        // why: a file written to between the passes would give messages of one file under the head of another.
        self.input.check_unchanged()?;
        let mut summary = Summary::default();
        let mut each = |m: &Message| {
            summary.count(m);
            on(m)
        };
        let mut warnings = match &self.kind {
            Body::Document { roles } => self.document_messages(roles.as_ref(), &mut each)?,
            Body::Whatsapp { grammar, encoding } if self.options.threads > 1 => {
                self.stream_beside(grammar, *encoding, &mut each)?
            }
            Body::Whatsapp { grammar, encoding } => {
                let mut builder = Builder::new(self.assistant_name());
                self.parse(grammar, *encoding, &mut |p| each(builder.build(p)))?
            }
        };
        self.input.check_unchanged()?;
        Warning::sort(&mut warnings);
        summary.warnings = warnings;
        Ok(summary)
    }

    /// Every message in memory.
    pub fn read_all(self) -> Result<Transcript> {
        let mut messages = Vec::new();
        let summary = self.messages(&mut |m| {
            messages.push(m.clone());
            Ok(())
        })?;
        Ok(Transcript {
            chat: self.chat,
            messages,
            warnings: summary.warnings,
        })
    }

    /// The media of a zip export against the files its messages name (`named`); `None` for other inputs.
    pub fn zip_media(&self, named: &[String]) -> Option<input::archive::MediaList> {
        let zip = self.input.archive()?.ok()?;
        let chat = self.input.entry.as_deref()?;
        Some(input::archive::media_list(zip, chat, named))
    }

    /// A document's second pass, with the roles and zone the options ask for.
    fn document_messages(
        &self,
        roles: Option<&Option<String>>,
        on: &mut dyn FnMut(&Message) -> Result<()>,
    ) -> Result<Vec<Warning>> {
        let zone = self.options.zone;
        let mut warnings = document::messages(&self.input, &mut |mut m| {
            if let Some(assistant) = roles {
                m.role = roles::role_of(m.kind, m.author.as_deref(), assistant.as_deref());
            }
            if let (Some(zone), Some(t)) = (zone, m.time.as_mut())
                && t.offset.is_none()
            {
                t.offset = Some(zone.offset(t.local));
            }
            on(&m)
        })?;
        warnings.extend(self.warnings.iter().cloned());
        Ok(warnings)
    }

    fn assistant_name(&self) -> Option<String> {
        self.chat.assistant.as_ref().map(|a| a.name.clone())
    }

    /// Groups every line into messages, handed to `on` unbuilt; gives every warning.
    fn parse(
        &self,
        grammar: &Grammar,
        encoding: Encoding,
        on: &mut dyn FnMut(&mut Pending) -> Result<()>,
    ) -> Result<Vec<Warning>> {
        let mut parser = Parser::new(grammar)
            .with_zone(self.options.zone)
            .with_encoding(encoding);
        let mut lines = decode::lines(self.input.counted(self.input.reader()?), encoding);
        let mut each = |m: &mut Pending| on(m);
        while let Some(line) = lines.next_line().map_err(|e| line_error(&self.input, e))? {
            parser.line(&line, &mut each)?;
        }
        let parse_warnings = parser.finish(&mut each)?;
        let mut warnings = self.warnings.clone();
        warnings.extend(parse_warnings);
        Ok(warnings)
    }

    /// [`Export::parse`] on a second thread, which reads and groups lines while this one builds each message
    /// (author, write-back check, kind, role) and runs `on`.
    // why: reading and grouping a message cost about what building and writing it cost, so this thread builds as
    // well as writes and the two get about the same share.
    fn stream_beside(
        &self,
        grammar: &Grammar,
        encoding: Encoding,
        on: &mut dyn FnMut(&Message) -> Result<()>,
    ) -> Result<Vec<Warning>> {
        let mut builder = Builder::new(self.assistant_name());
        beside::run(
            |hand| {
                // Handed over by swapping buffers with a recycled slot: nothing is copied.
                self.parse(grammar, encoding, &mut |m| {
                    hand(&mut |slot: &mut Pending| std::mem::swap(slot, m))
                })
            },
            &mut |m| on(builder.build(m)),
        )
    }
}

/// Hands `feed` the lines of `input` that detection needs; gives the input's hash when `hash` is set.
fn candidates(
    input: &Input,
    encoding: Encoding,
    hash: bool,
    feed: &mut dyn FnMut(u64, &str) -> Result<()>,
) -> Result<Option<String>> {
    let hasher = hash.then(|| Rc::new(RefCell::new(Sha256::new())));
    let reader: Box<dyn std::io::Read> = match &hasher {
        Some(hasher) => Box::new(Hashing {
            inner: input.counted(input.reader()?),
            hasher: Rc::clone(hasher),
        }),
        None => Box::new(input.counted(input.reader()?)),
    };
    let mut lines = decode::lines(reader, encoding);
    // why: most lines of a chat continue a message; detection only needs the ones that may be headers (and the
    // first 64, for the error shown when there is no header at all).
    let wanted = |no: u64, bytes: &[u8]| no <= 64 || header::may_start(bytes);
    while let Some(line) = lines
        .next_line_where(wanted)
        .map_err(|e| line_error(input, e))?
    {
        feed(line.no, line.text)?;
    }
    drop(lines);
    input.check_unchanged()?;
    Ok(hasher.map(|h| input::hex(&h.take().finalize())))
}

fn line_error(input: &Input, e: LineError) -> Error {
    match e {
        LineError::Io(e) => input.read_error(e),
        LineError::TooLong(line) => Error::LineTooLong {
            path: input.display.clone(),
            line,
            max: decode::MAX_LINE,
        },
    }
}

/// Picks the assistant and marks roles on `participants`, or says which flag names nobody.
fn assign(
    input: &Input,
    participants: &mut [Participant],
    names: &RoleNames,
) -> Result<Option<Assistant>> {
    let names_of =
        |participants: &[Participant]| participants.iter().map(|p| p.name.clone()).collect();
    roles::assign(participants, names).map_err(|e| match e {
        roles::RoleError::NoSuchParticipant(e) => Error::NoSuchParticipant {
            path: input.display.clone(),
            flag: e.flag,
            name: e.name,
            participants: names_of(participants),
        },
        roles::RoleError::GroupNeedsAssistant => Error::NeedsAssistant {
            path: input.display.clone(),
            participants: names_of(participants),
        },
    })
}

/// The warning a guessed assistant gets.
fn guessed(assistant: Option<&Assistant>) -> Option<Warning> {
    let a = assistant.filter(|a| a.guessed)?;
    Some(Warning {
        line: 0,
        message: format!(
            "no participant is a known AI contact, so roles were guessed: '{}' is the assistant ({}); pass --assistant NAME or --me NAME to choose",
            a.name,
            a.reason.trim_start_matches("guessed: ")
        ),
    })
}

/// The file name that names the chat: a zip's `WhatsApp Chat with X.txt` entry, else the file given (an iOS zip
/// is `WhatsApp Chat - X.zip` around a bare `_chat.txt`).
fn named_file(input: &Input) -> &str {
    input
        .entry
        .as_deref()
        .map(|e| e.rsplit('/').next().unwrap_or(e))
        .filter(|e| locale::chat_name_from_file(e).is_some())
        .unwrap_or(&input.file_name)
}

/// The chat's title: the group's latest name from its events, else the name in the file name, else the chat name
/// iOS gives its first notice, else [`title_from_people`].
fn title(file_name: &str, detection: &Detection, assistant: Option<&Assistant>) -> Option<String> {
    if let Some(subject) = &detection.subject {
        return Some(subject.clone());
    }
    if let Some(name) = locale::chat_name_from_file(file_name) {
        return Some(name);
    }
    if let Some(name) = &detection.notice_author {
        return Some(name.clone());
    }
    title_from_people(&detection.participants, assistant)
}

/// The title a chat gets from its participants alone: the other participant (of `--me`, or the assistant), else
/// the participants.
fn title_from_people(
    participants: &[Participant],
    assistant: Option<&Assistant>,
) -> Option<String> {
    if let [a, b] = participants
        && (a.me || b.me)
    {
        return Some(if a.me { b } else { a }.name.clone());
    }
    if let Some(a) = assistant {
        return Some(a.name.clone());
    }
    match participants {
        [] => None,
        [only] => Some(only.name.clone()),
        [a, b] => Some(format!("{} & {}", a.name, b.name)),
        [a, b, rest @ ..] => Some(format!("{}, {} and {} more", a.name, b.name, rest.len())),
    }
}
