//! Lines to messages, streamed.
//!
//! Takes numbered lines and the [`Grammar`] that detection learned; gives each finished [`Message`] to a callback
//! as soon as the next header (or the end) shows it is complete, reusing one message's buffers. A line starts a
//! message only if the full header in the file's shape is at its start; every other line, blank ones included,
//! continues the previous message. Every input line ends up in exactly one message. It never writes output.
//!
//! Two steps, so that they can run on two threads: a [`Parser`] groups lines into [`Pending`] messages (header
//! read, time computed, lines joined), and a [`Builder`] makes each a [`Message`]: author or system notice, the
//! write-back check, kind and fields (`classify.rs`) and role. One thread runs both one after the other.

use chrono::NaiveDateTime;

use crate::decode::{Encoding, Line};
use crate::model::zone::Zone;
use crate::model::{Kind, Message, Stamp, Warning};
use crate::read::classify::Classifier;
use crate::read::detect::years::Carry;
use crate::read::detect::{Grammar, other_reading, shorten};
use crate::read::header::{self, Header, Mode, MonthWord, NearMiss, Sep};

/// Warnings kept in memory per file; beyond this they are counted, and one summary warning says how many more.
pub const MAX_WARNINGS: usize = 1000;

/// Groups lines into messages.
pub struct Parser<'g> {
    grammar: &'g Grammar,
    scanner: header::Scanner,
    /// `--tz`: times then carry their UTC offset.
    zone: Option<Zone>,
    /// The warning of a line whose bytes were not all text in the file's encoding.
    replaced: &'static str,
    pending: Pending,
    open: bool,
    /// Lines before the first header, when there are any.
    preamble: u64,
    /// The year of the header before, for layouts that may leave it out.
    carry: Carry,

    warnings: Vec<Warning>,
    dropped_warnings: u64,
}

/// A message as the [`Parser`] hands it on: its lines, as written, and what its header said.
#[derive(Debug, Default)]
pub struct Pending {
    line: u64,
    time: Option<Stamp>,
    /// The first line, then each further line after a `\n`.
    text: String,
    /// Where the body starts in the first line; `None` for the text before the first header, which has none.
    body: Option<usize>,
    /// The first line's length.
    first: usize,
    /// How many bytes of invisible marks lead the first line.
    lead: usize,
    /// The length of the header as the file's layout writes it for `time`, when the first line has it right after
    /// its marks (it may run into the author: the builder checks where it ends). Matched against the whole line
    /// because the author is not known yet; that gives what matching the line before the body would whenever the
    /// match ends inside it, as the match reads the line's bytes in order from its start and no further than the
    /// rendering's end.
    rendered: Option<usize>,
}

/// Marks some exports put before a header (iOS media and notice lines, a stray BOM).
const LEAD_MARKS: [char; 3] = ['\u{200E}', '\u{200F}', '\u{FEFF}'];

/// Makes [`Pending`] messages into [`Message`]s, in order: splits author from text, keeps what the layout would
/// not write back, classifies (`classify.rs`) and gives roles.
pub struct Builder {
    classifier: Classifier,
    /// The participant whose messages get the `assistant` role.
    assistant: Option<String>,
    /// Messages with a header so far.
    headers: u64,
    msg: Message,
    spare_author: String,
}

impl Builder {
    pub fn new(assistant: Option<String>) -> Self {
        Builder {
            classifier: Classifier::new(),
            assistant,
            headers: 0,
            msg: Message::new(),
            spare_author: String::new(),
        }
    }

    /// The message of `p`. Takes `p`'s text buffer (and leaves it another to reuse).
    pub fn build(&mut self, p: &mut Pending) -> &Message {
        self.reset();
        let m = &mut self.msg;
        m.line = p.line;
        m.time = p.time;
        std::mem::swap(&mut m.text, &mut p.text);
        if let Some(body) = p.body {
            self.headers += 1;
            let cut = self.head(p, body);
            self.keep_header(p, cut);
            self.msg.text.drain(..cut);
        }
        self.finish();
        &self.msg
    }

    /// Author or system notice, from the first line of `p` (now in `msg.text`, its body from `body`). Gives the
    /// length of the line before the text (header, author).
    fn head(&mut self, p: &Pending, body: usize) -> usize {
        let Message {
            text,
            author,
            raw_author,
            actor,
            kind,
            ..
        } = &mut self.msg;
        let line = &text[..p.first];
        let head = self.classifier.head(&line[body..], self.headers == 1);
        if let Some(raw) = head.raw_author
            && (head.system.is_some() || header::trim(raw) != head.author)
        {
            *raw_author = Some(raw.to_string());
        }
        match head.system {
            Some(event) => {
                *kind = Kind::System;
                *actor = event.actor;
            }
            // An unnamed sender (the name was only marks) has no author; `raw_author` keeps what was written.
            None if head.author.is_empty() => {}
            None => {
                let mut name = std::mem::take(&mut self.spare_author);
                name.clear();
                name.push_str(&head.author);
                *author = Some(name);
            }
        }
        line.len() - head.text.len()
    }

    /// Keeps the first line's first `cut` bytes (`raw_header`) when the layout, time and author would not write
    /// them back, or only its leading marks (`lead`) when they would.
    // why: lossless by construction: whatever the layout, time and author would not write back is kept. The line
    // before the text writes back when, after its marks, it is the layout's header (ending inside it: the parser
    // matched the rendering against the whole line) and then the author as written and `: ` (or nothing, for a
    // notice with no author).
    fn keep_header(&mut self, p: &Pending, cut: usize) {
        let m = &self.msg;
        let prefix = &m.text[..cut];
        let writes_back = p
            .rendered
            .and_then(|n| prefix.get(p.lead + n..))
            .is_some_and(|rest| match m.name_as_written() {
                Some(name) => rest.strip_prefix(name) == Some(": "),
                None => rest.is_empty(),
            });
        let (raw_header, lead) = match prefix.get(..p.lead) {
            Some(marks) if writes_back => (None, (!marks.is_empty()).then(|| marks.to_string())),
            _ => (Some(prefix.to_string()), None),
        };
        self.msg.raw_header = raw_header;
        self.msg.lead = lead;
    }

    /// Kind, fields and role, once the message's text is whole.
    fn finish(&mut self) {
        let m = &mut self.msg;
        self.classifier.body(m);
        m.role =
            crate::read::roles::role_of(m.kind, m.author.as_deref(), self.assistant.as_deref());
    }

    /// Clears the message being built, keeping its buffers.
    fn reset(&mut self) {
        if let Some(a) = self.msg.author.take() {
            self.spare_author = a;
        }
        let m = &mut self.msg;
        m.raw_author = None;
        m.raw_header = None;
        m.lead = None;
        m.actor = None;
        m.kind = Kind::Text;
        m.raw = None;
        m.edited = false;
        m.attachment = None;
        m.caption = None;
        m.poll = None;
        m.location = None;
        m.call = None;
    }
}

impl<'g> Parser<'g> {
    pub fn new(grammar: &'g Grammar) -> Self {
        Parser {
            grammar,
            scanner: header::Scanner::for_layout(grammar.mode, grammar.shape, grammar.both_clocks),
            zone: None,
            replaced: Encoding::Utf8.replaced_note(),
            pending: Pending::default(),
            open: false,
            preamble: 0,
            carry: Carry::default(),

            warnings: Vec::new(),
            dropped_warnings: 0,
        }
    }

    /// Gives every time its UTC offset in `zone`.
    pub fn with_zone(mut self, zone: Option<Zone>) -> Self {
        self.zone = zone;
        self
    }

    /// Warns of replaced bytes in the words of `encoding`.
    pub fn with_encoding(mut self, encoding: Encoding) -> Self {
        self.replaced = encoding.replaced_note();
        self
    }

    /// Feeds one line; calls `emit` with the previous message when this line starts a new one.
    pub fn line<E>(
        &mut self,
        line: &Line<'_>,
        emit: &mut impl FnMut(&mut Pending) -> Result<(), E>,
    ) -> Result<(), E> {
        if line.replaced {
            self.warn(line.no, self.replaced.into());
        }
        let (h, layout) = match self.scanner.scan(line.text) {
            Some(h) => (h, true),
            None => match self.near(line) {
                Some(h) => (h, false),
                None => {
                    self.text(line);
                    return Ok(());
                }
            },
        };
        self.flush(emit)?;
        if self.preamble > 0 {
            let n = self.preamble;
            self.warn(1, format!(
                "{n} line{} before the first message header {} kept as a message with no time and no author",
                if n == 1 { "" } else { "s" },
                if n == 1 { "is" } else { "are" },
            ));
            self.preamble = 0;
        }
        self.start(line.no, line.text, &h, layout);
        Ok(())
    }

    /// A line with no header of the layout that starts a message one place away from it (rare: not inlined).
    #[inline]
    fn near<'l>(&mut self, line: &Line<'l>) -> Option<Header<'l>> {
        if self.grammar.near.is_empty() {
            return None;
        }
        self.near_header(line.no, line.text)
    }

    /// A line with no header: the next line of the message, or the first of the text before the first header.
    #[inline]
    fn text(&mut self, line: &Line<'_>) {
        if self.open {
            if self.preamble > 0 {
                self.preamble += 1;
            }
            self.pending.text.push('\n');
            self.pending.text.push_str(line.text);
            return;
        }
        // why: text before the first header (a title someone typed, a cut-off export) is kept, not dropped.
        self.open = true;
        self.preamble = 1;
        let p = &mut self.pending;
        p.line = line.no;
        p.time = None;
        p.text.clear();
        p.text.push_str(line.text);
        p.body = None;
        p.first = line.text.len();
        p.lead = 0;
        p.rendered = None;
    }

    /// Ends the input: emits the last message and returns the warnings.
    pub fn finish<E>(
        mut self,
        emit: &mut impl FnMut(&mut Pending) -> Result<(), E>,
    ) -> Result<Vec<Warning>, E> {
        self.flush(emit)?;
        if self.dropped_warnings > 0 {
            let n = self.dropped_warnings;
            self.warnings.push(Warning {
                line: 0,
                message: format!("{n} more warnings not shown"),
            });
        }
        Ok(self.warnings)
    }

    fn flush<E>(&mut self, emit: &mut impl FnMut(&mut Pending) -> Result<(), E>) -> Result<(), E> {
        if self.open {
            emit(&mut self.pending)?;
            self.open = false;
        }
        Ok(())
    }

    /// Starts a message at header `h` (of the layout, or one place away from it: then it counts in no year).
    fn start(&mut self, no: u64, line: &str, h: &Header<'_>, layout: bool) {
        self.open = true;
        let dated;
        let h = if h.shape.month == MonthWord::None {
            h
        } else {
            dated = self.dated(h, layout);
            &dated
        };
        let time = match self.timestamp(h) {
            Ok(t) => Some(Stamp {
                local: t,
                offset: self.zone.map(|z| z.offset(t)),
            }),
            Err(why) => {
                self.warn(no, format!("'{}' is not a real date and time ({why}); the message is kept with no time", line[..h.body].trim_end()));
                None
            }
        };
        let unmarked = line.trim_start_matches(LEAD_MARKS);
        let p = &mut self.pending;
        p.line = no;
        p.time = time;
        p.text.clear();
        p.text.push_str(line);
        p.body = Some(h.body);
        p.first = line.len();
        p.lead = line.len() - unmarked.len();
        p.rendered = match (&self.grammar.layout, time) {
            (Some(layout), Some(t)) => header::match_rendered(layout, &t.local, unmarked),
            _ => None,
        };
    }

    #[cold]
    /// A header one place away from the layout (`near.rs`) that starts a message: one of a shape detection took,
    /// dated within the chat's span; a line of such a shape dated outside it is text, with a warning.
    fn near_header<'l>(&mut self, no: u64, line: &'l str) -> Option<Header<'l>> {
        let g = self.grammar;
        if !header::may_start(line.as_bytes()) {
            return None;
        }
        let find = |h: &Header<'_>, mode: Mode| {
            g.near
                .iter()
                .find(|(s, m, _)| *s == h.shape && *m == mode)
                .map(|(_, _, kind)| *kind)
        };
        // The readings detection counted the line in (`detect::other_reading`).
        let token = header::scan_telling(line, Mode::Token);
        let (h, kind) = match &token {
            Ok(h) if let Some(kind) = find(h, Mode::Token) => (*h, kind),
            _ if other_reading(&token) => {
                let h = header::scan(line, Mode::NoToken).filter(|h| h.shape.sep == Sep::Space)?;
                (h, find(&h, Mode::NoToken)?)
            }
            _ => return None,
        };
        // why: without its ` - `, only the author tells a header from text that begins with a date and a time.
        if kind == NearMiss::NoDash && header::split_author(&line[h.body..]).is_none() {
            return None;
        }
        let date = header::date(h.parts, h.digits, h.era, h.shape.year_mark, g.order);
        let shown = shorten(line[..h.body].trim_end(), 60);
        let kept = match (date, g.span) {
            (Some(d), Some((lo, hi))) if lo <= d && d <= hi => None,
            (Some(_), Some((lo, hi))) => Some(Kept::Outside(lo, hi)),
            _ if !h.has_year() => Some(Kept::NoYear),
            _ => Some(Kept::NoDate),
        };
        let accepted = kept.is_none();
        self.warn(no, near_note(&shown, kind, kept));
        accepted.then_some(h)
    }

    /// `h` (whose month is a word) with its year: the written one, else the one the header before gives
    /// (`years.rs`), counted in when `count`.
    fn dated<'a>(&mut self, h: &Header<'a>, count: bool) -> Header<'a> {
        let month = match h.shape.month {
            MonthWord::BeforeDay => h.parts[0],
            _ => h.parts[1],
        };
        let written = h.has_year().then(|| h.parts[2] as i32);
        let start = self.grammar.start_year;
        let year = if count {
            self.carry.step(month, written, start)
        } else {
            self.carry.next(month, written, start)
        };
        let mut dated = *h;
        dated.parts[2] = u32::try_from(year).unwrap_or(0);
        dated.digits[2] = 4;
        dated
    }

    /// The header's wall-clock time in this file's grammar, or why it is impossible.
    fn timestamp(&mut self, h: &Header<'_>) -> Result<NaiveDateTime, &'static str> {
        let mut hour = h.hour;
        if !h.ampm.is_empty() && hour <= 12 {
            // why: hand-edited files hold `00:04 AM` and `23:59 PM`; an hour above 12 ignores the marker.
            if self.grammar.is_pm(h.ampm) {
                if hour < 12 {
                    hour += 12;
                }
            } else if hour == 12 {
                hour = 0;
            }
        }
        let date = header::date(
            h.parts,
            h.digits,
            h.era,
            h.shape.year_mark,
            self.grammar.order,
        )
        .ok_or("no such day")?;
        date.and_hms_opt(hour, h.minute, h.second)
            .ok_or("no such time of day")
    }

    fn warn(&mut self, line: u64, message: String) {
        if self.warnings.len() < MAX_WARNINGS {
            self.warnings.push(Warning { line, message });
        } else {
            self.dropped_warnings += 1;
        }
    }
}

/// Why a line one place away from the layout is text.
enum Kept {
    /// Its date is outside the chat's span.
    Outside(chrono::NaiveDate, chrono::NaiveDate),
    /// It leaves the year out, so its date cannot be checked.
    NoYear,
    /// Its numbers are no real date in the file's day/month order.
    NoDate,
}

/// The warning for a line one place away from the layout: read as a header, or kept as text (and why).
fn near_note(shown: &str, kind: NearMiss, kept: Option<Kept>) -> String {
    let what = kind.what();
    let why = match kept {
        None => {
            return format!(
                "'{shown}' is a message header with {what}, unlike the file's others: read as one (its date is within the chat's)"
            );
        }
        Some(Kept::Outside(lo, hi)) => format!("its date is not within the chat's ({lo} to {hi})"),
        Some(Kept::NoYear) => {
            "it leaves the year out, so its date cannot be checked against the chat's".into()
        }
        Some(Kept::NoDate) => "it is no real date in the file's day/month order".into(),
    };
    format!(
        "'{shown}' looks like a message header with {what}, but {why}: kept as text of the message before"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (line, time or `-`, author, kind, text)
    type Row = (u64, String, Option<String>, Kind, String);

    fn parse(text: &str) -> (Vec<Row>, Vec<Warning>) {
        let t = crate::read::reader::Reader::default()
            .read_bytes("chat.txt", text.as_bytes())
            .expect("a dialect");
        let (messages, warnings) = (t.messages, t.warnings);
        let rows = messages
            .into_iter()
            .map(|m| {
                let time = m
                    .time
                    .map_or("-".into(), |t| crate::model::time_string(&t.local));
                (m.line, time, m.author, m.kind, m.text)
            })
            .collect();
        (rows, warnings)
    }

    fn row(line: u64, time: &str, author: Option<&str>, kind: Kind, text: &str) -> Row {
        (line, time.into(), author.map(Into::into), kind, text.into())
    }

    #[test]
    fn continuation_lines_and_system_messages() {
        let (rows, warnings) = parse(
            "23/03/2022, 13:31 - Messages and calls are end-to-end encrypted.\n\
             18/03/2022, 14:56 - Dmitry S: Hello\n\
             second line\n\
             \n\
             2016-04-29 10:30 - not a header here\n\
             18/03/2022, 14:57 - Elon: ok: fine",
        );
        assert_eq!(
            rows,
            vec![
                row(
                    1,
                    "2022-03-23T13:31:00",
                    None,
                    Kind::System,
                    "Messages and calls are end-to-end encrypted."
                ),
                row(
                    2,
                    "2022-03-18T14:56:00",
                    Some("Dmitry S"),
                    Kind::Text,
                    "Hello\nsecond line\n\n2016-04-29 10:30 - not a header here"
                ),
                row(
                    6,
                    "2022-03-18T14:57:00",
                    Some("Elon"),
                    Kind::Text,
                    "ok: fine"
                ),
            ]
        );
        // The date-led line is in another layout: kept as text, and reported.
        assert_eq!(
            warnings.iter().map(|w| w.line).collect::<Vec<_>>(),
            [5],
            "{warnings:?}"
        );
    }

    #[test]
    fn twelve_hour_clock_edges() {
        let (rows, _) = parse(
            "1/29/18, 12:24 AM - a: midnight\n1/29/18, 12:24 PM - a: noon\n1/29/18, 1:00 PM - a: x\n1/29/18, 00:04 AM - a: odd\n1/29/18, 23:59 PM - a: odd",
        );
        let times: Vec<&str> = rows.iter().map(|r| r.1.as_str()).collect();
        assert_eq!(
            times,
            [
                "2018-01-29T00:24:00",
                "2018-01-29T12:24:00",
                "2018-01-29T13:00:00",
                "2018-01-29T00:04:00",
                "2018-01-29T23:59:00"
            ]
        );
    }

    #[test]
    fn text_before_the_first_header_is_kept_with_a_warning() {
        let (rows, warnings) = parse("My saved chat\n\n23/03/2022, 13:31 - a: x");
        assert_eq!(rows[0], row(1, "-", None, Kind::Text, "My saved chat\n"));
        assert_eq!(rows.len(), 2);
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0]
                .message
                .starts_with("2 lines before the first message header"),
            "{warnings:?}"
        );
    }

    #[test]
    fn impossible_dates_keep_the_message_with_a_warning() {
        let (rows, warnings) = parse("28/02/2024, 10:00 - a: x\n31/02/2024, 10:00 - a: y");
        assert_eq!(rows[1], row(2, "-", Some("a"), Kind::Text, "y"));
        assert_eq!(warnings[0].line, 2);
    }

    #[test]
    fn calendars_and_digits() {
        let cases = [
            ("[3/18/2565 BE, 14:56:01] a: x", "2022-03-18T14:56:01"),
            ("[3/18/R4, 14:56:01] a: x", "2022-03-18T14:56:01"),
            ("[3/18/H30, 14:56:01] a: x", "2018-03-18T14:56:01"),
            ("۲۰۲۱/۵/۳۰، ۱۸:۴۴ - a: x", "2021-05-30T18:44:00"),
            (
                "[٢٧\u{200f}/٣\u{200f}/٢٠٢٢، ٩:٤١:٣٥\u{a0}م] a: x",
                "2022-03-27T21:41:35",
            ),
        ];
        for (text, want) in cases {
            let (rows, _) = parse(text);
            assert_eq!(rows[0].1, want, "{text}");
        }
    }
}
