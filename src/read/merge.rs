//! Several exports of one chat as one chat: `chatport merge`.
//!
//! Takes exports already opened (their first pass done), each in its own dialect: an Android and an iPhone
//! export of one chat, yearly exports, `chatport/1` documents. Gives a [`Merged`] chat whose messages are every
//! input's, each once, in time order, streamed: each input is read on a thread of its own and the inputs are
//! merged a minute at a time, so only the messages of one minute are held. A message found in several inputs is
//! one message that says where it was found ([`Origin`]); two equal messages within one export are both kept
//! (people do send the same thing twice). It writes nothing and decides nothing about outputs.
//!
//! Two messages are the same when the author (less marks, `~ ` and the spaces in a phone number), the minute
//! (Android has no seconds; the time with seconds is kept) and the body (less line-ending and mark differences,
//! with every form of a media message alike) agree. The version naming its file wins over `<Media omitted>`. A
//! message of one author and minute whose body differs and is marked edited in one export is the same message,
//! edited between the exports: the edited body is kept and the other export's origin `differs`. Exports from
//! phones in different zones are lined up by the constant shift their common messages show.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::mpsc;

use chrono::Duration;

use crate::error::{Error, Result};
use crate::model::{Chat, Kind, MergedSource, Message, Origin, Participant, Role, Stamp, Warning};
use crate::read::reader::{Export, Summary};
use crate::text::marks;

/// A chat whose messages can be read, one at a time: an export or a merged chat.
pub trait Messages: Sync {
    /// The chat head.
    fn chat(&self) -> &Chat;
    /// Hands every message to `on`, in order; gives the counts and the warnings.
    fn messages(&self, on: &mut dyn FnMut(&Message) -> Result<()>) -> Result<Summary>;
}

impl Messages for Export {
    fn chat(&self) -> &Chat {
        Export::chat(self)
    }

    fn messages(&self, on: &mut dyn FnMut(&Message) -> Result<()>) -> Result<Summary> {
        Export::messages(self, on)
    }
}

/// Several exports of one chat, merged.
pub struct Merged {
    inputs: Vec<Export>,
    /// Seconds added to each input's times.
    shifts: Vec<i64>,
    /// Whether each input's headers have seconds.
    seconds: Vec<bool>,
    /// The minutes of each input's first and last message, shifted.
    spans: Vec<(i64, i64)>,
    chat: Chat,
    warnings: Vec<Warning>,
}

/// How many messages of an input are sampled to find a shift between zones.
const SAMPLE: usize = 1_000_000;

impl Merged {
    /// Merges `inputs` (at least one), in the order given: the first one's dialect, title and zone lead.
    pub fn new(inputs: Vec<Export>) -> Result<Merged> {
        if inputs.is_empty() {
            return Err(Error::Usage("merge: name the exports to merge".into()));
        }
        let seconds = inputs
            .iter()
            .map(|e| {
                e.chat()
                    .dialect
                    .layout
                    .as_ref()
                    .is_some_and(|l| l.template.contains("{SS}"))
            })
            .collect();
        let mut warnings = Vec::new();
        let mut shifts = vec![0];
        let (reference, first_span) = sample(&inputs[0])?;
        let mut spans = vec![first_span];
        for input in &inputs[1..] {
            let (sampled, (from, to)) = sample(input)?;
            let shift = shift_between(&reference, &sampled);
            let minutes = shift.div_euclid(60);
            spans.push((from.saturating_add(minutes), to.saturating_add(minutes)));
            if shift != 0 {
                let hours = shift as f64 / 3600.0;
                warnings.push(Warning {
                    line: 0,
                    message: format!(
                        "{}: its times are {:+} h from {}'s in the messages both hold (the phones were set to \
                         different time zones); shifted by {:+} h to line them up",
                        input.display(),
                        -hours,
                        inputs[0].display(),
                        hours
                    ),
                });
            }
            shifts.push(shift);
        }
        let mut merged = Merged {
            chat: inputs[0].chat().clone(),
            inputs,
            shifts,
            seconds,
            spans,
            warnings,
        };
        merged.chat = merged.head()?;
        Ok(merged)
    }

    /// The merged head: the first export's, with every input's participants counted again, the span of all,
    /// and the list of inputs.
    fn head(&self) -> Result<Chat> {
        let mut chat = self.inputs[0].chat().clone();
        let mut people: Vec<Participant> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut spans: Vec<(Option<Stamp>, Option<Stamp>)> = vec![(None, None); self.inputs.len()];
        let mut span: Option<(chrono::NaiveDate, chrono::NaiveDate)> = None;
        self.merge(&mut |m| {
            if let Some(t) = m.time {
                let d = t.local.date();
                span = Some(span.map_or((d, d), |(a, b)| (a.min(d), b.max(d))));
            }
            for o in &m.from {
                if let (Some(slot), Some(t)) = (spans.get_mut(o.source), m.time) {
                    slot.0 = Some(
                        slot.0
                            .map_or(t, |f: Stamp| if t.local < f.local { t } else { f }),
                    );
                    slot.1 = Some(
                        slot.1
                            .map_or(t, |l: Stamp| if t.local > l.local { t } else { l }),
                    );
                }
            }
            if let (Some(author), true) = (&m.author, m.role != Role::System) {
                let i = *index.entry(author.clone()).or_insert_with(|| {
                    let known = self
                        .inputs
                        .iter()
                        .flat_map(|e| e.chat().participants.iter())
                        .find(|p| &p.name == author);
                    people.push(Participant {
                        name: author.clone(),
                        messages: 0,
                        role: known.map_or(m.role, |p| p.role),
                        me: known.is_some_and(|p| p.me),
                    });
                    people.len() - 1
                });
                people[i].messages += 1;
            }
            Ok(())
        })?;
        chat.participants = people;
        chat.span = span;
        chat.merged = self
            .inputs
            .iter()
            .zip(&self.shifts)
            .zip(spans)
            .map(|((e, shift), (first, last))| MergedSource {
                source: e.chat().source.clone(),
                platform: e.chat().dialect.platform,
                date_order: e.chat().dialect.date_order,
                first: first.map(|t| unshift(t, *shift)),
                last: last.map(|t| unshift(t, *shift)),
                shift_s: *shift,
            })
            .collect();
        if chat.assistant.is_none() {
            chat.assistant = self.inputs.iter().find_map(|e| e.chat().assistant.clone());
        }
        Ok(chat)
    }

    /// The inputs, in the order given.
    pub fn inputs(&self) -> &[Export] {
        &self.inputs
    }

    /// What merging found odd (a shift between zones), for the warnings.
    pub fn notes(&self) -> &[Warning] {
        &self.warnings
    }

    /// Runs the merge, handing each merged message to `on`.
    fn merge(&self, on: &mut dyn FnMut(&Message) -> Result<()>) -> Result<Vec<Warning>> {
        let k = self.inputs.len();
        std::thread::scope(|scope| {
            let mut streams = Vec::with_capacity(k);
            let mut handles = Vec::with_capacity(k);
            for (i, input) in self.inputs.iter().enumerate() {
                let (tx, rx) = mpsc::sync_channel::<Message>(256);
                let shift = self.shifts[i];
                handles.push(scope.spawn(move || {
                    input.messages(&mut |m| {
                        let mut m = m.clone();
                        if let (Some(t), true) = (m.time.as_mut(), shift != 0) {
                            t.local += Duration::seconds(shift);
                        }
                        tx.send(m).map_err(|_| Error::Usage("merge stopped".into()))
                    })
                }));
                streams.push(Stream::new(rx));
            }
            let order = Order {
                seconds: &self.seconds,
                spans: &self.spans,
            };
            let merged = run(&mut streams, &order, on);
            drop(streams);
            let mut warnings = Vec::new();
            for (i, handle) in handles.into_iter().enumerate() {
                match handle.join() {
                    Ok(Ok(summary)) => {
                        warnings.extend(summary.warnings.into_iter().map(|w| Warning {
                            line: w.line,
                            message: format!("{}: {}", self.inputs[i].display(), w.message),
                        }))
                    }
                    // The merge stopped first (its own error is the one to give).
                    Ok(Err(_)) if merged.is_err() => {}
                    Ok(Err(e)) => return Err(e),
                    Err(_) => {
                        return Err(Error::Read {
                            path: self.inputs[i].display().to_string(),
                            source: std::io::Error::other(
                                "its reading stopped unexpectedly (a bug in chatport: please report it)",
                            ),
                        });
                    }
                }
            }
            merged.map(|()| warnings)
        })
    }
}

impl Messages for Merged {
    fn chat(&self) -> &Chat {
        &self.chat
    }

    fn messages(&self, on: &mut dyn FnMut(&Message) -> Result<()>) -> Result<Summary> {
        let mut summary = Summary::default();
        let mut warnings = self.merge(&mut |m| {
            summary.count(m);
            on(m)
        })?;
        warnings.extend(self.warnings.iter().cloned());
        Warning::sort(&mut warnings);
        summary.warnings = warnings;
        Ok(summary)
    }
}

fn unshift(t: Stamp, shift: i64) -> Stamp {
    Stamp {
        local: t.local - Duration::seconds(shift),
        ..t
    }
}

/// One input's messages as they arrive, with the minute each is filed under.
struct Stream {
    rx: mpsc::Receiver<Message>,
    head: Option<Message>,
    /// The minute of the last message with a time: a message without one goes with it.
    minute: i64,
}

impl Stream {
    fn new(rx: mpsc::Receiver<Message>) -> Stream {
        let mut s = Stream {
            rx,
            head: None,
            minute: i64::MIN,
        };
        s.head = s.rx.recv().ok();
        s
    }

    // why: a clock set back (a phone's, or summer time ending) must not send a message ahead of the ones
    // before it in its own export: it is filed under the latest minute seen, its own time kept.
    fn head_minute(&self) -> Option<i64> {
        self.head
            .as_ref()
            .map(|m| minute_of(m).map_or(self.minute, |t| t.max(self.minute)))
    }

    /// Every message at the front that is filed under `minute`.
    fn take(&mut self, minute: i64, out: &mut Vec<Message>) {
        while self.head_minute() == Some(minute) {
            if let Some(m) = self.head.take() {
                self.minute = minute;
                out.push(m);
            }
            self.head = self.rx.recv().ok();
        }
    }
}

fn minute_of(m: &Message) -> Option<i64> {
    m.time.map(|t| t.local.and_utc().timestamp().div_euclid(60))
}

/// A merged message being built: the message kept and every origin.
struct Entry {
    m: Message,
    key: Key,
}

/// The merge proper: a minute at a time, the inputs' messages of that minute matched and interleaved.
fn run(
    streams: &mut [Stream],
    order: &Order,
    on: &mut dyn FnMut(&Message) -> Result<()>,
) -> Result<()> {
    let mut line = 1u64;
    let mut bucket: Vec<Vec<Message>> = vec![Vec::new(); streams.len()];
    // why: a clock set back files a message later in its own export than in another's; the messages written
    // in the last hours are remembered (key, the minute they were filed under, the exports they came from), so
    // that one found again there is not written twice.
    let mut recent: HashMap<Key, Vec<(i64, Vec<usize>)>> = HashMap::new();
    let mut written: std::collections::VecDeque<(i64, Key)> = Default::default();
    while let Some(minute) = streams.iter().filter_map(Stream::head_minute).min() {
        for (s, b) in streams.iter_mut().zip(bucket.iter_mut()) {
            b.clear();
            s.take(minute, b);
        }
        let mut entries: Vec<Entry> = Vec::new();
        for (i, messages) in bucket.iter_mut().enumerate() {
            place(&mut entries, i, messages, order);
        }
        while let Some((m, key)) = written
            .front()
            .filter(|(m, _)| *m < minute - RECENT)
            .cloned()
        {
            written.pop_front();
            if let Some(list) = recent.get_mut(&key) {
                list.retain(|(at, _)| *at != m);
                if list.is_empty() {
                    recent.remove(&key);
                }
            }
        }
        for e in &mut entries {
            let from: Vec<usize> = e.m.from.iter().map(|o| o.source).collect();
            let earlier = recent.get_mut(&e.key).and_then(|list| {
                list.iter_mut()
                    .find(|(m, seen)| *m < minute && from.iter().all(|s| !seen.contains(s)))
            });
            if let Some((_, seen)) = earlier {
                seen.extend(from);
                continue;
            }
            e.m.line = line;
            line += 1 + e.m.text.matches('\n').count() as u64;
            on(&e.m)?;
            recent
                .entry(e.key.clone())
                .or_default()
                .push((minute, from));
            written.push_back((minute, e.key.clone()));
        }
    }
    Ok(())
}

/// How many minutes back a message written is looked for again (a clock set back by up to this much).
const RECENT: i64 = 180;

/// How a message of one input was matched to an entry of the inputs before it.
#[derive(Clone, Copy)]
enum Match {
    /// The same message.
    Same(usize),
    /// The same message, edited between the exports.
    Edited(usize),
}

/// Puts input `i`'s messages of one minute among `entries` (those of the inputs before it). Each one equal to
/// an entry after the last one matched joins it; the others go between the entries their neighbours matched,
/// in their own order, so the order of every input is kept.
fn place(entries: &mut Vec<Entry>, i: usize, messages: &mut Vec<Message>, order: &Order) {
    let seconds = order.seconds;
    let keys: Vec<Key> = messages.iter().map(Key::of).collect();
    let mut matched: Vec<Option<Match>> = Vec::with_capacity(messages.len());
    let mut cursor = 0;
    for (m, key) in messages.iter().zip(&keys) {
        let free = |e: &Entry| !e.m.from.iter().any(|o| o.source == i);
        let found = (cursor..entries.len())
            .find(|&j| free(&entries[j]) && entries[j].key == *key)
            .map(Match::Same)
            .or_else(|| {
                (cursor..entries.len())
                    .find(|&j| free(&entries[j]) && entries[j].key.edit_of(key, &entries[j].m, m))
                    .map(Match::Edited)
            });
        if let Some(Match::Same(j) | Match::Edited(j)) = found {
            cursor = j + 1;
        }
        matched.push(found);
    }
    let old = std::mem::take(entries);
    let mut old = old.into_iter().enumerate().peekable();
    let anchors: Vec<usize> = matched
        .iter()
        .map(|f| match f {
            Some(Match::Same(j) | Match::Edited(j)) => *j,
            None => usize::MAX,
        })
        .collect();
    // The entry the next matched message of this input joins, after each message: one pass from the end.
    let mut next_anchor = vec![usize::MAX; anchors.len() + 1];
    for k in (0..anchors.len()).rev() {
        next_anchor[k] = anchors[k].min(next_anchor[k + 1]);
    }
    for (k, (mut m, key)) in messages.drain(..).zip(keys).enumerate() {
        let origin = Origin {
            source: i,
            line: m.line,
            differs: false,
        };
        match matched[k] {
            Some(Match::Same(j) | Match::Edited(j)) => {
                while let Some((_, e)) = old.next_if(|(idx, _)| *idx < j) {
                    entries.push(e);
                }
                if let Some((_, mut e)) = old.next() {
                    match matched[k] {
                        Some(Match::Same(_)) => join(&mut e, m, origin, seconds),
                        _ => edited(&mut e, m, origin),
                    }
                    entries.push(e);
                }
            }
            None => {
                // Among the entries before the next message of this input that matched, by time (with seconds
                // where known), then by content.
                let next = next_anchor[k + 1];
                while let Some((_, e)) =
                    old.next_if(|(idx, e)| *idx < next && !order.before(&m, i, e))
                {
                    entries.push(e);
                }
                m.from = vec![origin];
                entries.push(Entry { m, key });
            }
        }
    }
    entries.extend(old.map(|(_, e)| e));
}

/// `m`, found again in input `origin.source` with another body, one of the two marked edited: the edited one
/// is kept, and the new origin says it `differs` from what the first export had.
fn edited(e: &mut Entry, m: Message, origin: Origin) {
    let differs = Origin {
        differs: true,
        ..origin
    };
    if m.edited && !e.m.edited {
        let from = std::mem::take(&mut e.m.from);
        e.m = m;
        e.m.from = from;
    }
    e.m.from.push(differs);
    e.key = Key::of(&e.m);
}

/// What the inputs say about order where no message of one matched another: whether each has seconds, and
/// the minutes of its first and last message.
struct Order<'a> {
    seconds: &'a [bool],
    spans: &'a [(i64, i64)],
}

impl Order<'_> {
    /// Whether `a`, of input `i`, goes before entry `b` when neither export says which came first: by their
    /// times when both have seconds, else the export that starts (then ends) earlier first: an older export's
    /// last messages come before a newer one's first; else by content.
    fn before(&self, a: &Message, i: usize, b: &Entry) -> bool {
        let j = b.m.from.first().map_or(i, |o| o.source);
        let with_seconds = |k: usize| self.seconds.get(k) == Some(&true);
        let t = |m: &Message| m.time.map(|t| t.local);
        if with_seconds(i) && with_seconds(j) && t(a) != t(&b.m) {
            return t(a) < t(&b.m);
        }
        let span = |k: usize| self.spans.get(k).copied().unwrap_or((i64::MIN, i64::MAX));
        if span(i) != span(j) {
            return span(i) < span(j);
        }
        // One minute, both: times of other precisions would not compare.
        (&a.author, &a.text) < (&b.m.author, &b.m.text)
    }
}

/// `m`, found again in input `origin.source`, joins `e`: the version naming its file, and the time with
/// seconds, are kept.
fn join(e: &mut Entry, m: Message, origin: Origin, seconds: &[bool]) {
    let names_file = |m: &Message| {
        m.attachment
            .as_ref()
            .is_some_and(|a| a.file.is_some() && !a.omitted)
    };
    let first_has_seconds =
        e.m.from
            .first()
            .is_some_and(|o| seconds.get(o.source) == Some(&true));
    let time_with_seconds =
        (!first_has_seconds && seconds.get(origin.source) == Some(&true)).then_some(m.time);
    if names_file(&m) && !names_file(&e.m) {
        let from = std::mem::take(&mut e.m.from);
        let time = e.m.time;
        e.m = m;
        e.m.from = from;
        e.m.time = time;
    }
    if let Some(Some(t)) = time_with_seconds {
        e.m.time = Some(t);
    }
    e.m.from.push(origin);
}

/// What two messages must share to be one: author, minute and body, each normalized.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Key {
    author: String,
    minute: Option<i64>,
    body: u64,
}

impl Key {
    fn of(m: &Message) -> Key {
        Key {
            author: m.author.as_deref().map(author_key).unwrap_or_default(),
            minute: minute_of(m),
            body: body_key(m),
        }
    }

    /// Whether `b` is `a` edited between two exports: one author, one minute, both text, one marked edited.
    fn edit_of(&self, other: &Key, a: &Message, b: &Message) -> bool {
        self.author == other.author
            && self.minute == other.minute
            && a.kind == Kind::Text
            && b.kind == Kind::Text
            && (a.edited != b.edited)
    }
}

/// A name as exports of one chat write it differently: no marks, no `~ `, a phone number's digits alone.
fn author_key(name: &str) -> String {
    let name: String = name.chars().filter(|c| !marks::is_mark(*c)).collect();
    let name = name.trim().trim_start_matches('~').trim();
    let phone = name.starts_with('+')
        && name.chars().filter(char::is_ascii_digit).count() >= 7
        && name
            .chars()
            .all(|c| c.is_ascii_digit() || " +-().\u{a0}\u{202f}".contains(c));
    match phone {
        true => name.chars().filter(char::is_ascii_digit).collect(),
        false => name.to_lowercase(),
    }
}

/// A body as exports of one chat write it differently: line endings and marks left out; a media message is
/// "some media, with this caption", whichever placeholder or file name the export gave.
fn body_key(m: &Message) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    let clean = |s: &str, h: &mut std::hash::DefaultHasher| {
        for c in s.chars().filter(|c| *c != '\r' && !marks::is_mark(*c)) {
            c.hash(h);
        }
    };
    match m.kind {
        Kind::Media => {
            "\u{1}media".hash(&mut h);
            clean(m.caption.as_deref().unwrap_or("").trim(), &mut h);
        }
        Kind::Deleted | Kind::Waiting => (m.kind as u8).hash(&mut h),
        _ => {
            (m.kind == Kind::System).hash(&mut h);
            clean(m.text.trim_end(), &mut h);
        }
    }
    h.finish()
}

/// The messages of an input that can tell a shift between zones: (author, body) → minute, for bodies that are
/// long and unique enough to be the same message wherever they match.
/// Also gives the minutes of the input's first and last message.
fn sample(input: &Export) -> Result<(Sample, (i64, i64))> {
    let mut seen: Sample = HashMap::new();
    let mut n = 0;
    let summary = input.messages(&mut |m| {
        n += 1;
        if n <= SAMPLE && m.kind == Kind::Text && m.text.chars().count() >= 12 {
            let key = (
                m.author.as_deref().map(author_key).unwrap_or_default(),
                body_key(m),
            );
            // A body said twice cannot tell which is which: it is left out.
            seen.entry(key)
                .and_modify(|t| *t = None)
                .or_insert(minute_of(m));
        }
        Ok(())
    })?;
    let minute = |t: Option<chrono::NaiveDateTime>, or: i64| {
        t.map_or(or, |t| t.and_utc().timestamp().div_euclid(60))
    };
    Ok((
        seen,
        (
            minute(summary.first, i64::MIN),
            minute(summary.last, i64::MAX),
        ),
    ))
}

/// (author, body) → the minute of the one message that says it (`None` when several do).
type Sample = HashMap<(String, u64), Option<i64>>;

/// The shift, in seconds, that lines `other`'s times up with `reference`'s: the difference most of their common
/// messages show, in whole quarters of an hour, when at least three agree on it; else 0.
fn shift_between(reference: &Sample, other: &Sample) -> i64 {
    let mut votes: HashMap<i64, usize> = HashMap::new();
    let mut common = 0;
    for (key, t) in other {
        if let (Some(Some(a)), Some(b)) = (reference.get(key), t) {
            common += 1;
            *votes.entry(a - b).or_default() += 1;
        }
    }
    let best = votes.into_iter().max_by_key(|(d, n)| (*n, -d.abs()));
    match best {
        Some((d, n)) if d != 0 && d % 15 == 0 && d.abs() <= 26 * 60 && n >= 3 && n * 2 > common => {
            d * 60
        }
        _ => 0,
    }
}
