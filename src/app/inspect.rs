//! What `chatport inspect` reports about an export.
//!
//! Takes the inputs to inspect; reads each and gives a [`Report`] (plain data, serializable) and its text or
//! JSON rendering: the detected dialect and how the date order was decided, counts, participants, time span,
//! media, a merged chat's exports, warnings. A failed input is reported and the others go on.

use std::io::Write as _;

use serde::Serialize;

use crate::app::batch::Outcome;
use crate::app::config::InspectConfig;
use crate::app::stderr;
use chatport::discover;
use chatport::model::Zone;
use chatport::output::{Overwrite, Sink, Target};
use chatport::{Reader, Result};

use chatport::Error;
use chatport::MediaList;
use chatport::Summary;
use chatport::model::Chat;
use chatport::model::{Assistant, Dialect, Kind, Participant, Warning, time_string};

/// One export's report, or the error that stopped it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    pub file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dialect: Option<Dialect>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub messages: u64,
    /// Messages per kind.
    pub kinds: KindCounts,
    /// Who was taken as the assistant, and why.
    pub assistant: Option<Assistant>,
    pub participants: Vec<Participant>,
    /// Earliest and latest message time.
    pub first: Option<String>,
    pub last: Option<String>,
    /// The zone the AI formats read the wall-clock times in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<TimeZone>,
    /// The media files of a zip, and which ones no message names.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub media: Option<MediaList>,
    /// A merged chat's exports, with what each brought.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub merged: Vec<SourceCounts>,
    pub warnings: Vec<Warning>,
}

/// What one export of a merged chat brought: messages found in no export before it (`new`), found again
/// (`duplicate`), or found again with another body, an edit made between the exports (`conflicting`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SourceCounts {
    pub name: String,
    pub platform: String,
    pub first: Option<String>,
    pub last: Option<String>,
    /// Seconds its times were shifted by to line them up (another time zone).
    pub shift_s: i64,
    pub new: u64,
    pub duplicate: u64,
    pub conflicting: u64,
}

impl SourceCounts {
    /// One row per export of `chat`, at zero.
    pub fn of(chat: &Chat) -> Vec<SourceCounts> {
        chat.merged
            .iter()
            .map(|m| SourceCounts {
                name: m.source.name.clone(),
                platform: name(&m.platform),
                first: m.first.map(|t| time_string(&t.local)),
                last: m.last.map(|t| time_string(&t.local)),
                shift_s: m.shift_s,
                ..SourceCounts::default()
            })
            .collect()
    }

    /// Counts where message `m` was found.
    pub fn count(rows: &mut [SourceCounts], m: &chatport::Message) {
        for (i, o) in m.from.iter().enumerate() {
            if let Some(row) = rows.get_mut(o.source) {
                match (i, o.differs) {
                    (0, _) => row.new += 1,
                    (_, true) => row.conflicting += 1,
                    (_, false) => row.duplicate += 1,
                }
            }
        }
    }
}

/// A time zone and where it came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TimeZone {
    pub name: String,
    /// `--tz`, or how the machine's zone was found.
    pub from: String,
}

/// How many messages of each kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct KindCounts {
    pub text: u64,
    pub media: u64,
    pub deleted: u64,
    pub waiting: u64,
    pub poll: u64,
    pub location: u64,
    pub call: u64,
    pub system: u64,
}

impl From<[u64; Kind::ALL.len()]> for KindCounts {
    fn from(n: [u64; Kind::ALL.len()]) -> Self {
        let [text, media, deleted, waiting, poll, location, call, system] = n;
        KindCounts {
            text,
            media,
            deleted,
            waiting,
            poll,
            location,
            call,
            system,
        }
    }
}

impl KindCounts {
    /// The counts in the order of [`Kind::ALL`].
    pub fn array(&self) -> [u64; Kind::ALL.len()] {
        [
            self.text,
            self.media,
            self.deleted,
            self.waiting,
            self.poll,
            self.location,
            self.call,
            self.system,
        ]
    }
}

/// The report for a successfully read input.
pub fn report(
    file: &str,
    chat: &Chat,
    summary: &Summary,
    time_zone: &TimeZone,
    media: Option<MediaList>,
    merged: Vec<SourceCounts>,
) -> Report {
    Report {
        file: file.to_string(),
        error: None,
        dialect: Some(chat.dialect.clone()),
        title: chat.title.clone(),
        messages: summary.messages,
        kinds: KindCounts::from(summary.kinds),
        assistant: chat.assistant.clone(),
        participants: chat.participants.clone(),
        first: summary.first.as_ref().map(time_string),
        last: summary.last.as_ref().map(time_string),
        time_zone: Some(time_zone.clone()),
        media,
        merged,
        warnings: summary.warnings.clone(),
    }
}

impl Report {
    /// The report for an input that could not be read.
    pub fn failed(file: &str, error: &Error) -> Report {
        Report {
            file: file.to_string(),
            error: Some(error.to_string()),
            dialect: None,
            title: None,
            messages: 0,
            kinds: KindCounts::default(),
            assistant: None,
            participants: Vec::new(),
            first: None,
            last: None,
            time_zone: None,
            media: None,
            merged: Vec::new(),
            warnings: Vec::new(),
        }
    }
}

/// An enum's name as spelled in JSON (`android`, `12h`, `certain`): one spelling, the model's.
fn name<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// A JSON array with one object per input.
pub fn render_json(reports: &[Report]) -> String {
    let mut s =
        serde_json::to_string_pretty(reports).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

/// ` (a, b, c …)` for a short look at a list of names: five at most, then how many more.
pub fn list<S: AsRef<str>>(names: &[S]) -> String {
    let shown: Vec<&str> = names.iter().take(5).map(AsRef::as_ref).collect();
    match names.len() {
        0 => String::new(),
        n if n <= 5 => format!(" ({})", shown.join(", ")),
        n => format!(" ({} and {} more)", shown.join(", "), n - 5),
    }
}

/// Text for people, one block per input.
pub fn render_text(reports: &[Report]) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    for (i, r) in reports.iter().enumerate() {
        if i > 0 {
            s.push('\n');
        }
        let _ = writeln!(s, "{}", r.file);
        if let Some(e) = &r.error {
            let _ = writeln!(
                s,
                "  error         {}",
                e.lines().next().unwrap_or_default()
            );
            continue;
        }
        if let Some(d) = &r.dialect {
            let (platform, clock, confidence) =
                (name(&d.platform), name(&d.clock), name(&d.confidence));
            let _ = writeln!(s, "  platform      {platform}");
            let _ = writeln!(
                s,
                "  date order    {} ({confidence}: {})",
                d.date_order.name(),
                d.reason
            );
            let _ = writeln!(s, "  clock         {clock}");
            let _ = writeln!(s, "  example       {}", d.example);
        }
        if let Some(t) = &r.title {
            let _ = writeln!(s, "  title         {t}");
        }
        let _ = writeln!(s, "  messages      {}", r.messages);
        let kinds: Vec<String> = Kind::ALL
            .iter()
            .zip(r.kinds.array())
            .filter(|(_, n)| *n > 0)
            .map(|(k, n)| format!("{} {n}", name(k)))
            .collect();
        let _ = writeln!(s, "  kinds         {}", kinds.join(", "));
        let names: Vec<String> = r
            .participants
            .iter()
            .map(|p| {
                format!(
                    "{} ({}{})",
                    p.name,
                    p.messages,
                    if p.me { ", me" } else { "" }
                )
            })
            .collect();
        let _ = writeln!(
            s,
            "  participants  {}",
            if names.is_empty() {
                "none".into()
            } else {
                names.join(", ")
            }
        );
        match &r.assistant {
            Some(a) => {
                let _ = writeln!(s, "  assistant     {} ({})", a.name, a.reason);
            }
            None => {
                let _ = writeln!(
                    s,
                    "  assistant     none (no known AI contact; pass --assistant NAME to choose one)"
                );
            }
        }
        let _ = writeln!(s, "  first         {}", r.first.as_deref().unwrap_or("-"));
        let _ = writeln!(s, "  last          {}", r.last.as_deref().unwrap_or("-"));
        if let Some(m) = &r.media {
            let _ = writeln!(
                s,
                "  media         {} files in the zip; {} named by no message{}; {} named but missing{}",
                m.files,
                m.unreferenced.len(),
                list(&m.unreferenced),
                m.missing.len(),
                list(&m.missing)
            );
        }
        if let Some(z) = &r.time_zone {
            let _ = writeln!(s, "  time zone     {} ({})", z.name, z.from);
        }
        for (i, m) in r.merged.iter().enumerate() {
            let label = if i == 0 { "merged from" } else { "" };
            let shift = match m.shift_s {
                0 => String::new(),
                n => format!(", times shifted {:+} h", n as f64 / 3600.0),
            };
            let _ = writeln!(
                s,
                "  {label:<13} {}. {} ({}, {} – {}{shift}): {} new, {} duplicate, {} conflicting",
                i + 1,
                m.name,
                m.platform,
                m.first.as_deref().unwrap_or("-"),
                m.last.as_deref().unwrap_or("-"),
                m.new,
                m.duplicate,
                m.conflicting
            );
        }
        let _ = writeln!(s, "  warnings      {}", r.warnings.len());
        for w in r.warnings.iter().take(10) {
            let _ = writeln!(s, "    line {}: {}", w.line, w.message);
        }
        if r.warnings.len() > 10 {
            let _ = writeln!(s, "    … {} more (see --json)", r.warnings.len() - 10);
        }
    }
    s
}

/// `chatport inspect`: every input read, one report each, on standard output as text or JSON.
pub fn run(config: &InspectConfig) -> Result<Outcome> {
    let mut outcome = Outcome::default();
    let mut reports = Vec::new();
    let time_zone = match config.read.zone {
        Some(zone) => TimeZone {
            name: zone.name(),
            from: "--tz".into(),
        },
        None => {
            let machine = Zone::machine();
            TimeZone {
                name: machine.name,
                from: format!("{}; --tz to change", machine.from),
            }
        }
    };
    let reader = Reader::new(config.read_options());
    for source in &discover::expand(&config.sources)?.exports {
        let result = reader.open_source(source).and_then(|export| {
            let mut named: Vec<String> = Vec::new();
            let mut merged = SourceCounts::of(export.chat());
            let summary = export.messages(&mut |m| {
                if let Some(file) = m.attachment.as_ref().and_then(|a| a.file.as_deref()) {
                    named.push(file.to_string());
                }
                SourceCounts::count(&mut merged, m);
                Ok(())
            })?;
            let media = export.zip_media(&named);
            Ok(report(
                export.display(),
                export.chat(),
                &summary,
                &time_zone,
                media,
                merged,
            ))
        });
        match result {
            Ok(report) => {
                outcome.succeeded += 1;
                reports.push(report);
            }
            Err(e) => {
                outcome.failed += 1;
                stderr::line(&format!("chatport: {e}"));
                reports.push(Report::failed(&source.display(), &e));
            }
        }
    }
    let mut sink = Sink::open(&Target::Stdout, &Overwrite::default())?;
    let text = if config.json {
        render_json(&reports)
    } else {
        // why: the report names zip entries and participants, which may hold terminal escapes (issue 15).
        chatport::output::shown(&render_text(&reports)).into_owned()
    };
    sink.write_all(text.as_bytes()).map_err(|e| sink.error(e))?;
    sink.finish()?;
    Ok(outcome)
}
