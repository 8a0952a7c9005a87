//! Serializes the model in the chosen format.
//!
//! Takes the [`Chat`] head, then messages one at a time, then the warnings; gives bytes to any `Write`. The
//! format is picked by a `match` on [`Format`]; each format lives in its own file. The AI formats see
//! conversations (`convo.rs` cuts them) rather than messages. Writers never see paths or raw text, and never
//! flush: `output.rs` owns buffering.

use std::io::{self, Write};
use std::path::Path;

use crate::model::zone::Zone;
use crate::model::{Chat, Message, Warning};
use crate::write::ai::convo::{Conversation, Splitter};

mod ai;

pub use ai::convo::Split;
pub use ai::validate;
pub use html::index::{IndexEntry, MARK as HTML_INDEX_MARK, index as html_index};
pub use parts::Parts;
pub use whatsapp::Canonical;
mod html;
mod json;
mod jsonl;
mod markdown;
mod markup;
mod message;
mod parts;
mod whatsapp;
mod words;

use ai::{chatgpt, claude, openai_jsonl, openwebui, sillytavern};

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// The whole chat as one JSON document (`chatport/1`).
    Json,
    /// One message object per line, nothing else: streamable.
    Jsonl,
    /// ChatGPT-export `conversations.json` (linear-safe profile).
    Chatgpt,
    /// Open WebUI's native import JSON.
    OpenWebui,
    /// OpenAI chat JSONL, one conversation per line.
    OpenaiJsonl,
    /// The Claude export's `conversations.json` (LibreChat's Claude importer).
    Claude,
    /// SillyTavern's chat JSONL, one file per chat.
    SillyTavern,
    /// A readable transcript.
    Markdown,
    /// One self-contained HTML page that looks like the chat, with search; opens offline in any browser.
    Html,
    /// The export itself, written back from the model (lossless round trip).
    Whatsapp,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 10] = [
        Format::Json,
        Format::Jsonl,
        Format::Chatgpt,
        Format::OpenWebui,
        Format::Claude,
        Format::SillyTavern,
        Format::OpenaiJsonl,
        Format::Markdown,
        Format::Html,
        Format::Whatsapp,
    ];

    /// The ending of a file of this format in a folder (`Copilot.conversations.json`): formats that share an
    /// extension get their own.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Chatgpt => "conversations.json",
            Format::OpenWebui => "openwebui.json",
            Format::Claude => "claude.json",
            Format::SillyTavern => "sillytavern.jsonl",
            Format::OpenaiJsonl => "openai.jsonl",
            Format::Markdown => "md",
            Format::Html => "html",
            Format::Whatsapp => "whatsapp.txt",
        }
    }

    /// The format an output file name implies, if any: every ending a folder's files take
    /// ([`Format::extension`]: `x.conversations.json`, and `conversations.json` itself, its name in a ChatGPT
    /// export), then `.json`, `.jsonl`/`.ndjson`, `.md`/`.markdown`, `.txt`.
    pub fn from_path(path: &Path) -> Option<Format> {
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        let ends = |ext: &str| name == ext || name.ends_with(&format!(".{ext}"));
        // Longest endings first, so `x.openai.jsonl` is not taken for plain JSON Lines.
        let mut by_length = Format::ALL;
        by_length.sort_by_key(|f| std::cmp::Reverse(f.extension().len()));
        if let Some(f) = by_length
            .into_iter()
            .find(|f| f.extension().contains('.') && ends(f.extension()))
        {
            return Some(f);
        }
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "json" => Some(Format::Json),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            "md" | "markdown" => Some(Format::Markdown),
            "html" | "htm" => Some(Format::Html),
            "txt" => Some(Format::Whatsapp),
            _ => None,
        }
    }

    /// The name `-f` takes.
    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Chatgpt => "chatgpt",
            Format::OpenWebui => "openwebui",
            Format::OpenaiJsonl => "openai-jsonl",
            Format::Claude => "claude",
            Format::SillyTavern => "sillytavern",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Whatsapp => "whatsapp",
        }
    }

    /// Whether the output shows the export's SHA-256 (`json`'s `source`) or derives ids from it (the AI
    /// formats); the others skip hashing.
    pub fn needs_hash(self) -> bool {
        matches!(self, Format::Json | Format::Html) || self.is_conversations()
    }

    /// Whether the format holds conversations between a user and an assistant (and so needs roles, a zone and
    /// splitting).
    pub fn is_conversations(self) -> bool {
        matches!(
            self,
            Format::Chatgpt
                | Format::OpenWebui
                | Format::OpenaiJsonl
                | Format::Claude
                | Format::SillyTavern
        )
    }
}

/// How the AI formats cut and shape conversations (`--split`, `--system`, `--strict-turns`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AiOptions {
    /// Where one conversation ends and the next begins.
    pub split: Split,
    /// A system prompt put first in every conversation (`--system`).
    pub system: Option<String>,
    /// Merge consecutive turns of one side and drop conversations that do not alternate (`--strict-turns`).
    pub strict_turns: bool,
    /// Keep WhatsApp's markup in `chatgpt` and `openwebui` content instead of turning it into Markdown
    /// (`--keep-markup`).
    pub keep_markup: bool,
}

impl Default for AiOptions {
    fn default() -> Self {
        AiOptions {
            split: Split::Gap(6 * 3600),
            system: None,
            strict_turns: false,
            keep_markup: false,
        }
    }
}

/// What the writers need beyond the chat itself.
#[derive(Clone, Debug)]
pub struct Options {
    /// How the AI formats cut and shape conversations.
    pub ai: AiOptions,
    /// The zone of the wall-clock times (for the Unix times of the AI formats).
    pub zone: Zone,
    /// Only the messages in these wall-clock times are written (`--since`, `--until`).
    pub range: Range,
    /// The AI formats' outputs are cut into parts of at most this many bytes, never within a conversation
    /// (`--max-size`): see [`Writer::message_parts`].
    pub max_size: Option<u64>,
    /// `whatsapp` written in one layout (`--layout`), not each message's own.
    pub layout: Option<Canonical>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            ai: AiOptions::default(),
            zone: Zone::UTC,
            range: Range::default(),
            max_size: None,
            layout: None,
        }
    }
}

/// The messages to write, by their wall-clock time: from `since`, up to and with `until`. A message with no time
/// (text before the first header, an impossible date) goes with the message before it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Range {
    /// The first time written.
    pub since: Option<chrono::NaiveDateTime>,
    /// The last time written.
    pub until: Option<chrono::NaiveDateTime>,
}

impl Range {
    /// Whether the range lets everything through.
    pub fn is_all(&self) -> bool {
        self.since.is_none() && self.until.is_none()
    }

    /// Whether `t` is in the range.
    pub fn contains(&self, t: chrono::NaiveDateTime) -> bool {
        self.since.is_none_or(|s| t >= s) && self.until.is_none_or(|u| t <= u)
    }
}

/// Writes one chat, message by message.
pub struct Writer {
    format: Format,
    options: Options,
    written: u64,
    /// One message (or conversation) is serialized here first, then handed over in one write (serde makes many
    /// tiny writes).
    buf: Vec<u8>,
    state: State,
    notes: Vec<Warning>,
    /// Whether the last message with a time was in the range: what a message with none goes by.
    in_range: bool,
}

enum State {
    Plain,
    /// The header layout of the export being written back.
    Whatsapp(Option<crate::model::Layout>),
    Conversations(Box<Conversations>),
    Markdown(markdown::Markdown),
    Html(Box<html::Html>),
}

struct Conversations {
    splitter: Splitter,
    /// `whatsapp-copilot`: the model label importers show.
    model: String,
    tags: Vec<String>,
    written: u64,
    /// Conversations left out of openai-jsonl for having no assistant turn.
    no_assistant: u64,
    /// SillyTavern: the names the two sides take.
    names: Option<sillytavern::Names>,
    /// Messages in the conversations written.
    turns: u64,
    /// What every part starts with (`[`, SillyTavern's header line).
    head: Vec<u8>,
    /// The part being written: its number (from 1), its bytes so far, the conversations in it.
    part: u64,
    part_bytes: u64,
    in_part: u64,
    /// Conversations larger than `--max-size` on their own, each written alone in a part.
    oversized: u64,
}

impl Writer {
    /// A writer of `format`.
    pub fn new(format: Format, options: Options) -> Self {
        let in_range = options.range.since.is_none();
        Writer {
            format,
            options,
            written: 0,
            buf: Vec::with_capacity(4096),
            state: State::Plain,
            notes: Vec::new(),
            in_range,
        }
    }

    /// Writes what comes before the messages.
    pub fn begin(&mut self, chat: &Chat, w: &mut dyn Write) -> io::Result<()> {
        self.buf.clear();
        match self.format {
            Format::Json => json::begin(chat, &mut self.buf)?,
            Format::Jsonl => {}
            Format::Whatsapp => self.state = State::Whatsapp(chat.dialect.layout.clone()),
            Format::Chatgpt
            | Format::OpenWebui
            | Format::OpenaiJsonl
            | Format::Claude
            | Format::SillyTavern => {
                let name = chat.assistant.as_ref().map(|a| slug(&a.name));
                let mut tags = vec!["whatsapp".to_string()];
                tags.extend(name.clone().filter(|n| !n.is_empty() && n != "whatsapp"));
                self.state = State::Conversations(Box::new(Conversations {
                    splitter: Splitter::new(
                        chat,
                        self.options.ai.split,
                        self.options.zone,
                        // why: apps render content as Markdown, where `*Monday*` is italics (issue 17); training
                        // data (openai-jsonl) keeps the text as it was typed.
                        self.format != Format::OpenaiJsonl && !self.options.ai.keep_markup,
                    ),
                    model: match name {
                        Some(n) if !n.is_empty() => format!("whatsapp-{n}"),
                        _ => "whatsapp".into(),
                    },
                    tags,
                    written: 0,
                    no_assistant: 0,
                    names: None,
                    turns: 0,
                    head: Vec::new(),
                    part: 1,
                    part_bytes: 0,
                    in_part: 0,
                    oversized: 0,
                }));
                match self.format {
                    Format::Chatgpt => chatgpt::begin(&mut self.buf),
                    Format::OpenWebui => openwebui::begin(&mut self.buf),
                    Format::Claude => claude::begin(&mut self.buf),
                    Format::SillyTavern => {
                        let names = sillytavern::begin(chat, &mut self.buf)?;
                        if let State::Conversations(c) = &mut self.state {
                            c.names = Some(names);
                        }
                    }
                    _ => {}
                }
                if let State::Conversations(c) = &mut self.state {
                    c.head = self.buf.clone();
                    c.part_bytes = self.buf.len() as u64;
                }
            }
            Format::Html => {
                let mut page = Box::<html::Html>::default();
                page.begin(chat, &mut self.buf)?;
                self.state = State::Html(page);
            }
            Format::Markdown => {
                let mut md = markdown::Markdown::default();
                md.begin(chat, &mut self.buf)?;
                self.state = State::Markdown(md);
            }
        }
        w.write_all(&self.buf)
    }

    /// Writes one message.
    pub fn message(&mut self, m: &Message, w: &mut dyn Write) -> io::Result<()> {
        self.message_parts(m, &mut parts::One(w))
    }

    /// Writes one message into an output that may be cut into parts (`Options::max_size`): a conversation that
    /// would take the part over the size goes, whole, at the start of the next one.
    pub fn message_parts(&mut self, m: &Message, parts: &mut dyn Parts) -> io::Result<()> {
        if let Some(t) = m.time {
            self.in_range = self.options.range.contains(t.local);
        }
        let kept = self.in_range;
        // The AI formats see every message (their cuts and ids are the whole export's) and leave out the turns
        // outside the range; the others write only the messages in it.
        if !kept && !matches!(self.state, State::Conversations(_)) {
            return Ok(());
        }
        self.written += 1;
        self.buf.clear();
        match (self.format, &mut self.state) {
            (Format::Json, _) => json::message(m, self.written == 1, &mut self.buf)?,
            (Format::Jsonl, _) => jsonl::message(m, &mut self.buf)?,
            (_, State::Conversations(c)) => {
                if let Some(done) = c.splitter.push(m, kept) {
                    let max = self.options.max_size;
                    emit(
                        self.format,
                        c,
                        &done,
                        &self.options.ai,
                        max,
                        &mut self.buf,
                        parts,
                    )?;
                }
                return Ok(());
            }
            (_, State::Markdown(md)) => md.message(m, &mut self.buf)?,
            (_, State::Html(page)) => page.message(m, &mut self.buf)?,
            (_, State::Whatsapp(layout)) => match &self.options.layout {
                Some(canonical) => whatsapp::canonical(m, canonical, &mut self.buf)?,
                None => whatsapp::message(m, layout.as_ref(), &mut self.buf)?,
            },
            (_, State::Plain) => {}
        }
        if self.buf.is_empty() {
            return Ok(());
        }
        parts.part().write_all(&self.buf)
    }

    /// Writes what comes after the messages.
    pub fn end(&mut self, warnings: &[Warning], w: &mut dyn Write) -> io::Result<()> {
        self.end_parts(warnings, &mut parts::One(w))
    }

    /// Writes what comes after the messages, into an output that may be cut into parts.
    pub fn end_parts(&mut self, warnings: &[Warning], parts: &mut dyn Parts) -> io::Result<()> {
        self.buf.clear();
        match (self.format, &mut self.state) {
            (Format::Json, _) => json::end(warnings, self.written > 0, &mut self.buf)?,
            (_, State::Html(page)) => page.end(warnings, &mut self.buf)?,
            (_, State::Conversations(c)) => {
                let max = self.options.max_size;
                for done in c.splitter.finish() {
                    emit(
                        self.format,
                        c,
                        &done,
                        &self.options.ai,
                        max,
                        &mut self.buf,
                        parts,
                    )?;
                }
                self.buf.clear();
                part_end(self.format, c.in_part > 0, &mut self.buf);
                self.notes = notes(self.format, c, max);
            }
            _ => {}
        }
        parts.part().write_all(&self.buf)
    }

    /// How many parts the output was cut into (`Options::max_size`); 1 when it was not.
    pub fn parts(&self) -> u64 {
        match &self.state {
            State::Conversations(c) => c.part,
            _ => 1,
        }
    }

    /// What the writer had to say about the output (left-out messages, too few examples), for stderr.
    pub fn notes(&self) -> &[Warning] {
        &self.notes
    }

    /// How many conversations an AI format wrote, and how many messages they hold; `None` for the other formats.
    pub fn conversations(&self) -> Option<(u64, u64)> {
        match &self.state {
            State::Conversations(c) => Some((c.written, c.turns)),
            _ => None,
        }
    }
}

/// Appends `value` to `out` as compact JSON; every JSON format serializes through here.
// why: chat bodies are long and full of line breaks, and serde_json escapes a byte at a time: that was the largest
// single cost of `-f jsonl`. sonic-rs escapes with SIMD and writes the same bytes (tested below).
pub(crate) fn json<T: serde::Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) -> io::Result<()> {
    sonic_rs::to_writer(out, value).map_err(io::Error::other)
}

/// What rendering one conversation gave.
enum Rendered {
    /// Its bytes, holding this many turns.
    Written(u64),
    /// Nothing: no turn of it is in the range.
    Empty,
    /// Nothing: openai-jsonl needs an assistant turn, and it has none.
    NoAssistant,
}

/// Renders `done` (the turns of it in the range) into `buf`, as the first of its part or not.
fn conversation(
    format: Format,
    c: &Conversations,
    done: &Conversation,
    ai: &AiOptions,
    first: bool,
    buf: &mut Vec<u8>,
) -> io::Result<Rendered> {
    let cut;
    let done = if done.turns.iter().all(|t| t.kept) {
        done
    } else {
        let turns: Vec<_> = done.turns.iter().filter(|t| t.kept).cloned().collect();
        if turns.is_empty() {
            return Ok(Rendered::Empty);
        }
        cut = Conversation {
            turns,
            ..done.clone()
        };
        &cut
    };
    let wrote = match format {
        Format::Chatgpt => chatgpt::conversation(done, &c.model, first, buf).map(|()| true)?,
        Format::Claude => claude::conversation(done, first, buf).map(|()| true)?,
        Format::SillyTavern => match &c.names {
            Some(names) => sillytavern::conversation(done, names, buf).map(|()| true)?,
            None => false,
        },
        Format::OpenWebui => {
            openwebui::conversation(done, &c.model, &c.tags, first, buf).map(|()| true)?
        }
        _ => openai_jsonl::conversation(done, ai, buf)?,
    };
    Ok(match wrote {
        true => Rendered::Written(done.turns.len() as u64),
        false => Rendered::NoAssistant,
    })
}

/// Writes one finished conversation: in the part being written, or, when it would take that part over `max`,
/// whole at the start of the next part.
fn emit(
    format: Format,
    c: &mut Conversations,
    done: &Conversation,
    ai: &AiOptions,
    max: Option<u64>,
    buf: &mut Vec<u8>,
    parts: &mut dyn Parts,
) -> io::Result<()> {
    buf.clear();
    let turns = match conversation(format, c, done, ai, c.in_part == 0, buf)? {
        Rendered::Written(turns) => turns,
        Rendered::Empty => return Ok(()),
        Rendered::NoAssistant => {
            c.no_assistant += 1;
            return Ok(());
        }
    };
    let mut end = Vec::new();
    part_end(format, true, &mut end);
    let size = |c: &Conversations, buf: &[u8]| c.part_bytes + (buf.len() + end.len()) as u64;
    if let Some(max) = max
        && c.in_part > 0
        && size(c, buf) > max
    {
        parts.part().write_all(&end)?;
        parts.next_part()?;
        parts.part().write_all(&c.head)?;
        c.part += 1;
        c.part_bytes = c.head.len() as u64;
        c.in_part = 0;
        buf.clear();
        conversation(format, c, done, ai, true, buf)?;
    }
    if max.is_some_and(|max| c.in_part == 0 && size(c, buf) > max) {
        c.oversized += 1;
    }
    parts.part().write_all(buf)?;
    c.part_bytes += buf.len() as u64;
    c.in_part += 1;
    c.written += 1;
    c.turns += turns;
    Ok(())
}

/// What closes a part (`]` of a JSON array; nothing for the line formats), after conversations (`any`) or none.
fn part_end(format: Format, any: bool, buf: &mut Vec<u8>) {
    match format {
        Format::Chatgpt => chatgpt::end(any, buf),
        Format::OpenWebui => openwebui::end(any, buf),
        Format::Claude => claude::end(any, buf),
        _ => {}
    }
}

fn notes(format: Format, c: &Conversations, max: Option<u64>) -> Vec<Warning> {
    let mut notes = Vec::new();
    let mut note = |message: String| notes.push(Warning { line: 0, message });
    let left = c.splitter.left_out;
    let left: Vec<String> = [
        (left.system, "system notice", "system notices"),
        (left.deleted, "deleted message", "deleted messages"),
        (
            left.waiting,
            "message that had not arrived",
            "messages that had not arrived",
        ),
        (left.empty, "empty message", "empty messages"),
    ]
    .into_iter()
    .filter(|(n, _, _)| *n > 0)
    .map(|(n, one, many)| format!("{n} {}", if n == 1 { one } else { many }))
    .collect();
    if !left.is_empty() {
        note(format!(
            "left out of the {} output, as AI tools have no place for them: {} (-f json keeps everything)",
            format.name(),
            left.join(", ")
        ));
    }
    if c.splitter.capped > 0 {
        note(format!(
            "{} conversations reached {} messages and were cut there (importers load a conversation at once); --split day or a shorter gap cuts them sooner",
            c.splitter.capped,
            crate::write::ai::convo::MAX_TURNS
        ));
    }
    if let (Some(max), n @ 1..) = (max, c.oversized) {
        note(format!(
            "{n} conversation{} larger than --max-size ({:.1} MB) on {}; each was written alone in its part (a shorter --split cuts it)",
            if n == 1 { " is" } else { "s are" },
            max as f64 / 1_048_576.0,
            if n == 1 { "its own" } else { "their own" },
        ));
    }
    if c.no_assistant > 0 {
        note(format!(
            "{} conversations with no assistant reply were left out (each training example needs one)",
            c.no_assistant
        ));
    }
    if format == Format::OpenaiJsonl && c.written < 10 {
        note(format!(
            "{} conversations written; OpenAI fine-tuning needs at least 10 (try --split day or a shorter gap)",
            c.written
        ));
    }
    if c.written == 0 {
        note("no conversation had anything to write".into());
    }
    notes
}

/// A name as a tag or model label: lower-case letters and digits, runs of anything else as one `-`.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_from_file_names() {
        let cases = [
            ("out/conversations.json", Some(Format::Chatgpt)),
            ("Conversations.JSON", Some(Format::Chatgpt)),
            ("chat.json", Some(Format::Json)),
            ("chat.ndjson", Some(Format::Jsonl)),
            ("chat.md", Some(Format::Markdown)),
            ("chat.txt", Some(Format::Whatsapp)),
            ("Copilot.conversations.json", Some(Format::Chatgpt)),
            ("openwebui.json", Some(Format::OpenWebui)),
            ("x.openwebui.json", Some(Format::OpenWebui)),
            ("train.openai.jsonl", Some(Format::OpenaiJsonl)),
            ("a.claude.json", Some(Format::Claude)),
            ("a.sillytavern.jsonl", Some(Format::SillyTavern)),
            ("a.whatsapp.txt", Some(Format::Whatsapp)),
            ("notconversations.json", Some(Format::Json)),
            ("chat.dat", None),
            ("chat", None),
        ];
        for (path, want) in cases {
            assert_eq!(Format::from_path(Path::new(path)), want, "{path}");
        }
    }

    #[test]
    fn slugs() {
        let cases = [
            ("Copilot", "copilot"),
            ("1-800-ChatGPT", "1-800-chatgpt"),
            ("Meta AI", "meta-ai"),
            ("+1 (800) 242-8478", "1-800-242-8478"),
            ("~ Ana ~", "ana"),
        ];
        for (name, want) in cases {
            assert_eq!(slug(name), want);
        }
    }

    fn both(value: &(impl serde::Serialize + ?Sized)) -> (String, String) {
        let mut ours = Vec::new();
        json(&mut ours, value).unwrap();
        (
            String::from_utf8(ours).unwrap(),
            serde_json::to_string(value).unwrap(),
        )
    }

    #[test]
    fn json_bytes_match_serde_json_on_every_escape() {
        let every: String = ('\u{0}'..='\u{ff}')
            .chain(['\u{2028}', '\u{2029}', '\u{200E}', '😂'])
            .collect();
        let cases = [
            every.as_str(),
            "",
            "a\nb\r\n\"q\" \\ /",
            "Here's a plan:\n\n*Monday* – curry\u{1f}",
        ];
        for s in cases {
            let (ours, theirs) = both(s);
            assert_eq!(ours, theirs);
        }
        for f in [
            0.0,
            -0.0,
            1.5,
            1e-7,
            48.8566101,
            -122.4194,
            1_672_560_600.0,
            f64::MAX,
            1e21,
        ] {
            let (ours, theirs) = both(&f);
            assert_eq!(ours, theirs, "{f}");
        }
    }

    proptest::proptest! {
        #[test]
        fn json_bytes_match_serde_json(s in "\\PC*|[\\x00-\\x7f]*", f in proptest::num::f64::NORMAL, n in proptest::num::u64::ANY) {
            let (ours, theirs) = both(&(s.as_str(), f, n, Some(&s)));
            proptest::prop_assert_eq!(ours, theirs);
        }
    }
}
