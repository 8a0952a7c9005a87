//! Drives the pipeline for each input.
//!
//! Takes a resolved [`Config`]; runs open → decode → detect → parse → write → output for each source, flushing
//! each before the next, and reports per-input failures without stopping the others. It returns an [`Outcome`]
//! for `main.rs` to turn into an exit code. Only this module and `main.rs` write to stderr.

use std::cell::RefCell;
use std::io::Write;
use std::path::Path;
use std::rc::Rc;

use sha2::{Digest, Sha256};

use crate::config::{Config, ConvertConfig, InspectConfig};
use crate::decode::{self, LineError};
use crate::detect::{Detection, Detector};
use crate::error::{Error, Result};
use crate::input::{self, Hashing, Input, Source};
use crate::inspect::{self, Report};
use crate::locale;
use crate::media::Locator;
use crate::model::{Assistant, Chat, DateOrder, Message, SCHEMA, Warning};
use crate::output::{Sink, Target};
use crate::parse::{Parser, Stats};
use crate::roles::{self, RoleNames};
use crate::write::{Format, Options, Writer};
use crate::zone::Zone;

/// How a run went, for the exit code.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    pub succeeded: usize,
    pub failed: usize,
}

/// Runs the command that `config` describes.
pub fn run(config: &Config) -> Result<Outcome> {
    match config {
        Config::Convert(c) => convert(c),
        Config::Inspect(c) => inspect_all(c),
    }
}

/// What reading one input gave, besides the messages it streamed.
pub struct Read {
    pub chat: Chat,
    pub stats: Stats,
    pub warnings: Vec<Warning>,
}

/// What [`read`] hands to its caller, in order: the chat head once, then each message.
pub enum Event<'a> {
    Begin(&'a Chat),
    Message(&'a Message),
}

/// Reads one input: detects its dialect (first pass), gives the chat head, then streams every message
/// (second pass).
pub fn read(
    input: &Input,
    forced: Option<DateOrder>,
    names: &RoleNames,
    tz: Option<Zone>,
    on: &mut dyn FnMut(Event<'_>) -> Result<()>,
) -> Result<Read> {
    let encoding = input.encoding;
    let line_error = |e: LineError| match e {
        LineError::Io(e) => input.read_error(e),
        LineError::TooLong(line) => Error::LineTooLong {
            path: input.display.clone(),
            line,
        },
    };

    // Pass 1: detection, and the hash of the bytes.
    let hasher = Rc::new(RefCell::new(Sha256::new()));
    let reader = Hashing {
        inner: input.reader()?,
        hasher: Rc::clone(&hasher),
    };
    let mut lines = decode::lines(reader, encoding);
    let mut detector = Detector::new();
    while let Some(line) = lines.next_line().map_err(line_error)? {
        detector.feed(line.no, line.text);
    }
    drop(lines);
    let sha256 = input::hex(&hasher.take().finalize());
    let mut detection = detector.finish(forced).map_err(|e| Error::NoHeader {
        path: input.display.clone(),
        first_line: e.first_line,
        binary: e.binary,
    })?;
    let assistant = roles::assign(&mut detection.participants, names).map_err(|e| {
        Error::NoSuchParticipant {
            path: input.display.clone(),
            flag: e.flag,
            name: e.name,
            participants: detection
                .participants
                .iter()
                .map(|p| p.name.clone())
                .collect(),
        }
    })?;

    let chat = Chat {
        schema: SCHEMA,
        source: crate::model::Source {
            name: input.file_name.clone(),
            entry: input.entry.clone(),
            sha256,
            bytes: input.bytes,
        },
        title: title(named_file(input), &detection, assistant.as_ref()),
        dialect: detection.dialect,
        participants: detection.participants,
        assistant,
        span: detection.span,
    };
    on(Event::Begin(&chat))?;

    // Pass 2: messages, streamed.
    let mut parser = Parser::new(
        &detection.grammar,
        chat.assistant.as_ref().map(|a| a.name.clone()),
    )
    .with_zone(tz);
    let mut lines = decode::lines(input.reader()?, encoding);
    let mut each = |m: &Message| on(Event::Message(m));
    while let Some(line) = lines.next_line().map_err(line_error)? {
        parser.line(&line, &mut each)?;
    }
    let (stats, parse_warnings) = parser.finish(&mut each)?;

    let mut warnings = Vec::new();
    if let Some(note) = encoding.note() {
        warnings.push(Warning {
            line: 1,
            message: note.into(),
        });
    }
    warnings.extend(detection.warnings);
    warnings.extend(parse_warnings);
    if let Some(a) = chat.assistant.as_ref().filter(|a| a.guessed) {
        warnings.push(Warning {
            line: 0,
            message: format!(
                "no participant is a known AI contact, so roles were guessed: '{}' is the assistant ({}); pass --assistant NAME or --me NAME to choose",
                a.name,
                a.reason.trim_start_matches("guessed: ")
            ),
        });
    }
    warnings.sort_by_key(|w| if w.line == 0 { u64::MAX } else { w.line });
    Ok(Read {
        chat,
        stats,
        warnings,
    })
}

/// Reads a whole export into memory: the chat head, its messages and warnings. For library users; the CLI streams.
pub fn read_path(
    path: &Path,
    forced: Option<DateOrder>,
) -> Result<(Chat, Vec<Message>, Vec<Warning>)> {
    let input = Input::open(&Source::Path(path.to_path_buf()))?;
    let mut messages = Vec::new();
    let read = read(&input, forced, &RoleNames::default(), None, &mut |event| {
        if let Event::Message(m) = event {
            messages.push(m.clone());
        }
        Ok(())
    })?;
    Ok((read.chat, messages, read.warnings))
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
/// iOS gives its first notice, else the other participant (of `--me`, or the assistant), else the participants.
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
    let participants = &detection.participants;
    if let [a, b] = participants.as_slice()
        && (a.me || b.me)
    {
        return Some(if a.me { b } else { a }.name.clone());
    }
    if let Some(a) = assistant {
        return Some(a.name.clone());
    }
    match participants.as_slice() {
        [] => None,
        [only] => Some(only.name.clone()),
        [a, b] => Some(format!("{} & {}", a.name, b.name)),
        [a, b, rest @ ..] => Some(format!("{}, {} and {} more", a.name, b.name, rest.len())),
    }
}

fn convert(config: &ConvertConfig) -> Result<Outcome> {
    let input = Input::open(&config.source)?;
    let mut sink = Sink::open(&config.target, config.force)?;
    // Only the AI formats turn wall-clock times into instants; the others never ask the machine for its zone.
    let zone = match config.tz {
        Some(zone) => zone,
        None if config.format.is_conversations() => Zone::machine().zone,
        None => Zone::UTC,
    };
    let options = Options {
        ai: config.ai.clone(),
        zone,
    };
    let mut writer = Writer::new(config.format, options);
    let locator = match (&config.source, &config.target) {
        (Source::Path(p), Target::File(out)) => Locator::new(p, Some(out)),
        (Source::Path(p), Target::Stdout) => Locator::new(p, None),
        (Source::Stdin, _) => None,
    };
    let read = read(
        &input,
        config.date_order,
        &config.roles,
        config.tz,
        &mut |event| {
            match event {
                Event::Begin(chat) => writer.begin(chat, &mut sink),
                Event::Message(m) => match with_path(m, locator.as_ref()) {
                    Some(found) => writer.message(&found, &mut sink),
                    None => writer.message(m, &mut sink),
                },
            }
            .map_err(|e| sink.error(e))
        },
    )?;
    writer
        .end(&read.warnings, &mut sink)
        .map_err(|e| sink.error(e))?;
    sink.finish()?;
    let warnings: Vec<&Warning> = read.warnings.iter().chain(writer.notes()).collect();
    if !config.quiet && !warnings.is_empty() {
        let mut err = std::io::stderr().lock();
        for w in warnings.iter().take(20) {
            let _ = match w.line {
                0 => writeln!(err, "chatport: warning: {}: {}", input.display, w.message),
                n => writeln!(
                    err,
                    "chatport: warning: {}:{n}: {}",
                    input.display, w.message
                ),
            };
        }
        if warnings.len() > 20 {
            let more = warnings.len() - 20;
            let _ = if config.format == Format::Json {
                writeln!(
                    err,
                    "chatport: warning: {more} more warnings are in the output"
                )
            } else {
                writeln!(
                    err,
                    "chatport: warning: {more} more warnings (-f json lists them all)"
                )
            };
        }
    }
    Ok(Outcome {
        succeeded: 1,
        failed: 0,
    })
}

/// `m` with `attachment.path` set, when its file sits beside the export (Android "with media" folders).
fn with_path(m: &Message, locator: Option<&Locator>) -> Option<Message> {
    let file = m.attachment.as_ref()?.file.as_deref()?;
    let path = locator?.find(file)?;
    let mut found = m.clone();
    if let Some(a) = found.attachment.as_mut() {
        a.path = Some(path);
    }
    Some(found)
}

fn inspect_all(config: &InspectConfig) -> Result<Outcome> {
    let mut outcome = Outcome::default();
    let mut reports = Vec::new();
    let time_zone = match config.tz {
        Some(zone) => inspect::TimeZone {
            name: zone.name(),
            from: "--tz".into(),
        },
        None => {
            let machine = Zone::machine();
            inspect::TimeZone {
                name: machine.name,
                from: format!("{}; --tz to change", machine.from),
            }
        }
    };
    for source in &config.sources {
        let result = Input::open(source).and_then(|input| {
            let read = read(
                &input,
                config.date_order,
                &config.roles,
                config.tz,
                &mut |_| Ok(()),
            )?;
            Ok(inspect::report(&input.display, &read, &time_zone))
        });
        match result {
            Ok(report) => {
                outcome.succeeded += 1;
                reports.push(report);
            }
            Err(e) => {
                outcome.failed += 1;
                eprintln!("chatport: {e}");
                reports.push(Report::failed(&source.display(), &e));
            }
        }
    }
    let mut sink = Sink::open(&Target::Stdout, false)?;
    let text = if config.json {
        inspect::render_json(&reports)
    } else {
        inspect::render_text(&reports)
    };
    sink.write_all(text.as_bytes()).map_err(|e| sink.error(e))?;
    sink.finish()?;
    Ok(outcome)
}
