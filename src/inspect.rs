//! What `chatport inspect` reports about an export.
//!
//! Takes the result of reading one input; gives a [`Report`] (plain data, serializable) and its text or JSON
//! rendering: the detected dialect and how the date order was decided, counts, participants, time span, warnings.

use serde::Serialize;

use crate::batch::Read;
use crate::error::Error;
use crate::model::{Dialect, Participant, Warning, time_string};

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
    pub participants: Vec<Participant>,
    /// Earliest and latest message time.
    pub first: Option<String>,
    pub last: Option<String>,
    pub warnings: Vec<Warning>,
}

/// The report for a successfully read input.
pub fn report(file: &str, read: &Read) -> Report {
    Report {
        file: file.to_string(),
        error: None,
        dialect: Some(read.chat.dialect.clone()),
        title: read.chat.title.clone(),
        messages: read.stats.messages,
        participants: read.chat.participants.clone(),
        first: read.stats.first.as_ref().map(time_string),
        last: read.stats.last.as_ref().map(time_string),
        warnings: read.warnings.clone(),
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
            participants: Vec::new(),
            first: None,
            last: None,
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
                crate::detect::order_name(d.date_order),
                d.reason
            );
            let _ = writeln!(s, "  clock         {clock}");
            let _ = writeln!(s, "  example       {}", d.example);
        }
        if let Some(t) = &r.title {
            let _ = writeln!(s, "  title         {t}");
        }
        let _ = writeln!(s, "  messages      {}", r.messages);
        let names: Vec<String> = r
            .participants
            .iter()
            .map(|p| format!("{} ({})", p.name, p.messages))
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
        let _ = writeln!(s, "  first         {}", r.first.as_deref().unwrap_or("-"));
        let _ = writeln!(s, "  last          {}", r.last.as_deref().unwrap_or("-"));
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
