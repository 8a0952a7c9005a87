//! The run report a script reads (`--report FILE`, or `-` for standard output when the outputs go to files).
//!
//! Takes one [`Entry`] per export, in input order, and the run's totals; gives a JSON document
//! (`chatport-report/1`): for each export its input, outputs, formats, messages, warnings, status
//! (`converted`, `skipped` or `failed`) and error, then the totals. It converts nothing and decides no exit code.

use std::io::Write as _;

use serde::Serialize;

use chatport::output::{Overwrite, Sink, Target};
use chatport::{Error, Result};

/// What happened to one export.
#[derive(Clone, Debug, Serialize)]
pub struct Entry {
    /// The input as named in messages.
    pub input: String,
    /// The files written (none when skipped or failed).
    pub outputs: Vec<String>,
    /// The formats asked for.
    pub formats: Vec<&'static str>,
    pub messages: u64,
    pub warnings: usize,
    /// `converted`, `skipped` (its outputs were there, `--skip-existing`) or `failed`.
    pub status: &'static str,
    /// Why it failed.
    pub error: Option<String>,
}

impl Entry {
    /// The entry of one chat converted from `input` into `outputs`, with `messages` and `warnings`.
    pub fn converted(
        input: String,
        outputs: Vec<String>,
        formats: Vec<&'static str>,
        messages: u64,
        warnings: usize,
    ) -> Entry {
        Entry {
            input,
            outputs,
            formats,
            messages,
            warnings,
            status: "converted",
            error: None,
        }
    }
}

impl Entry {
    /// The entry of an input that failed with `error`.
    pub fn failed(input: String, formats: Vec<&'static str>, error: &Error) -> Entry {
        Entry {
            input,
            outputs: Vec::new(),
            formats,
            messages: 0,
            warnings: 0,
            status: "failed",
            error: Some(error.to_string()),
        }
    }
}

#[derive(Serialize)]
struct Document<'a> {
    schema: &'static str,
    exports: &'a [Entry],
    totals: Totals,
}

#[derive(Serialize)]
struct Totals {
    converted: usize,
    skipped: usize,
    failed: usize,
    /// Folder entries passed over as no exports.
    not_exports: usize,
    messages: u64,
    warnings: usize,
}

/// Writes the report of `entries` to `target` (atomically, when a file).
pub fn write(
    target: &Target,
    policy: &Overwrite,
    entries: &[Entry],
    not_exports: usize,
) -> Result<()> {
    let count = |status: &str| entries.iter().filter(|e| e.status == status).count();
    let doc = Document {
        schema: "chatport-report/1",
        exports: entries,
        totals: Totals {
            converted: count("converted"),
            skipped: count("skipped"),
            failed: count("failed"),
            not_exports,
            messages: entries.iter().map(|e| e.messages).sum(),
            warnings: entries.iter().map(|e| e.warnings).sum(),
        },
    };
    let mut text = serde_json::to_string_pretty(&doc).map_err(|e| Error::Usage(e.to_string()))?;
    text.push('\n');
    let mut sink = Sink::open(target, policy)?;
    sink.write_all(text.as_bytes()).map_err(|e| sink.error(e))?;
    sink.finish()
}
