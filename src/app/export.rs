//! One export's second pass into its outputs: every format at once, media found (copied, or put into an HTML
//! page), and the AI formats' outputs cut into numbered parts under `--max-size`.
//!
//! Takes a read [`Export`], its outputs and the run's settings; gives what was written ([`Done`]). Each output is
//! complete and in place when it returns, or absent (a part already finished stays). It prints nothing: the
//! batch driver reports what it gives.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::app::batch::Run;
use chatport::model::{Message, Warning};
use chatport::output::embed::{self, NotEmbedded};
use chatport::output::media::Media;
use chatport::output::{Overwrite, Pending, Sink, Target};
use chatport::write::{Format, Options, Parts, Writer};
use chatport::{Error, Result};
use chatport::{Export, Messages, Redactor};

/// What writing one export gave.
pub struct Done {
    /// Every output was there already (`--skip-existing`): nothing was written.
    pub skipped: bool,
    /// The files written.
    pub outputs: Vec<String>,
    /// How many formats they are in.
    pub formats: usize,
    /// With `--redact`, what was replaced by what.
    pub redacted: Option<chatport::RedactMap>,
    /// Every file the messages name (not left out of the export), with where it was kept, if it was.
    pub named: Vec<(String, Option<String>)>,
    pub messages: u64,
    /// Conversations the first output holds and their messages, when it is an AI format.
    pub conversations: Option<(u64, u64)>,
    /// The conversion's warnings (also in a JSON output), then the writers' notes.
    pub warnings: Vec<Warning>,
}

impl Done {
    /// Nothing written: every output was there already (`--skip-existing`).
    pub fn skipped() -> Done {
        Done {
            skipped: true,
            outputs: Vec::new(),
            formats: 0,
            redacted: None,
            named: Vec::new(),
            messages: 0,
            conversations: None,
            warnings: Vec::new(),
        }
    }
}

/// The second pass of one export, into every output at once, with media resolved (and copied) as messages name
/// them; `media` makes the media plan once the outputs are open. Each output is complete and in place when this returns, or absent.
pub fn write_export(
    run: &Run,
    policy: &Overwrite,
    p: &dyn Messages,
    outputs: &[(Format, Target)],
    media: impl FnOnce() -> Result<Media>,
    embed: Option<Embed>,
) -> Result<Done> {
    let max_size = run.config.max_size;
    let mut sinks = Vec::with_capacity(outputs.len());
    for (format, target) in outputs {
        sinks.push(match (max_size, target) {
            (Some(_), Target::File(path)) if format.is_conversations() => {
                Out::Parts(PartFiles::open(path.as_path(), *format, policy)?)
            }
            _ => {
                let shown = match target {
                    Target::File(f) => f.display().to_string(),
                    Target::Stdout => "-".into(),
                };
                Out::One(Sink::open(target, policy)?, shown)
            }
        });
    }
    // Media are copied only once every output may be written (an existing output without --force stops first).
    let mut media = media()?;
    let options = Options {
        ai: run.config.ai.clone(),
        zone: run.zone,
        range: run.config.range,
        max_size,
        layout: run.config.layout.clone(),
    };
    let mut writers: Vec<Writer> = outputs
        .iter()
        .map(|(f, _)| Writer::new(*f, options.clone()))
        .collect();
    // Media paths are relative to the outputs' folder (or the current one, for standard output).
    let base = match outputs.first() {
        Some((_, Target::File(out))) => folder_of(out).to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut embed_warnings = Vec::new();
    let mut named: Vec<(String, Option<String>)> = Vec::new();
    let mut embedded_bytes = 0u64;
    // why: a chat to share or publish (issue 20): redacted before any writer sees it.
    let mut redactor = run
        .config
        .redact
        .clone()
        .map(|o| Redactor::new(p.chat(), o));
    let head = redactor.as_mut().map(|r| r.chat(p.chat()));
    let chat = head.as_ref().unwrap_or(p.chat());
    for (w, sink) in writers.iter_mut().zip(&mut sinks) {
        w.begin(chat, sink.part()).map_err(|e| sink.error(e))?;
    }
    let summary = p.messages(&mut |m| {
        let hidden = redactor.as_mut().map(|r| r.message(m));
        let m = hidden.as_ref().unwrap_or(m);
        let found = match m.attachment.as_ref().and_then(|a| a.file.as_deref()) {
            Some(file) => media.path_for(file, m.line)?,
            None => None,
        };
        let with_path = found.map(|path| {
            let mut m = m.clone();
            if let Some(a) = m.attachment.as_mut() {
                a.bytes = std::fs::metadata(base.join(&path)).ok().map(|f| f.len());
                a.path = Some(path);
            }
            m
        });
        let m = with_path.as_ref().unwrap_or(m);
        if let Some(a) = m.attachment.as_ref().filter(|a| !a.omitted)
            && let Some(file) = &a.file
        {
            named.push((file.clone(), a.path.clone()));
        }
        let embedded = match (&embed, &with_path) {
            (Some(embed), Some(m)) => Some(embedded(
                m,
                &base,
                embed,
                &mut embedded_bytes,
                &mut embed_warnings,
            )),
            _ => None,
        };
        for ((w, sink), (format, _)) in writers.iter_mut().zip(&mut sinks).zip(outputs) {
            let m = match (&embedded, format) {
                (Some(e), Format::Html) => e,
                _ => m,
            };
            w.message_parts(m, sink).map_err(|e| sink.error(e))?;
        }
        Ok(())
    })?;
    let mut warnings = summary.warnings;
    warnings.extend(media.finish());
    warnings.extend(embed_warnings);
    if let Some(r) = redactor.as_mut() {
        warnings = warnings.iter().map(|w| r.warning(w)).collect();
    }
    Warning::sort(&mut warnings);
    for (w, sink) in writers.iter_mut().zip(&mut sinks) {
        w.end_parts(&warnings, sink).map_err(|e| sink.error(e))?;
    }
    let mut written = Vec::new();
    for sink in sinks {
        written.extend(sink.finish(&mut warnings)?);
    }
    for w in &writers {
        for note in w.notes() {
            if !warnings.contains(note) {
                warnings.push(note.clone());
            }
        }
    }
    Ok(Done {
        skipped: false,
        outputs: written,
        formats: outputs.len(),
        redacted: redactor.as_ref().map(Redactor::map),
        named,
        messages: summary.messages,
        conversations: writers.first().and_then(Writer::conversations),
        warnings,
    })
}

/// `--embed-media`: how large a file an HTML page takes in, and whether a larger one stays a link (its file is
/// kept beside the page) or is left out (it was extracted to a temporary folder for the page alone).
#[derive(Clone, Copy)]
pub struct Embed {
    pub cap: u64,
    pub linked: bool,
}

/// The most media bytes one page takes in with `--embed-media`: past it, files stay links.
const EMBED_BUDGET: u64 = 1 << 30;

/// `m`, whose attachment's file was found, with the file put into its path as a `data:` URI, for the HTML page;
/// a file over the cap stays a link (or is left out), with a warning.
fn embedded(
    m: &Message,
    base: &Path,
    embed: &Embed,
    used: &mut u64,
    warnings: &mut Vec<Warning>,
) -> Message {
    let mut m = m.clone();
    let Some(a) = m.attachment.as_mut() else {
        return m;
    };
    let Some(path) = a.path.clone() else {
        return m;
    };
    let mb = |n: u64| format!("{:.1} MB", n as f64 / 1_048_576.0);
    let left = EMBED_BUDGET.saturating_sub(*used);
    let why = match embed::data_uri(&base.join(&path), embed.cap.min(left)) {
        Ok(uri) => {
            *used += a.bytes.unwrap_or(uri.len() as u64);
            a.path = Some(uri);
            return m;
        }
        Err(NotEmbedded::TooLarge(n)) if n <= embed.cap => format!(
            "would take the page's media over {} (--embed-media stops there)",
            mb(EMBED_BUDGET)
        ),
        Err(NotEmbedded::TooLarge(n)) => format!(
            "is {}, more than --embed-media takes ({})",
            mb(n),
            mb(embed.cap)
        ),
        Err(NotEmbedded::Unreadable(e)) => format!("cannot be read ({e})"),
    };
    let file = a.file.clone().unwrap_or_default();
    let then = if embed.linked {
        "linked instead"
    } else {
        a.path = None;
        "left out of the page (--media copy keeps it beside the page)"
    };
    warnings.push(Warning {
        line: m.line,
        message: format!("'{file}' {why}; {then}"),
    });
    m
}

/// Writes `--redact-map`, when asked: what the redaction replaced by what, as JSON (rewritten on every run,
/// never over an input).
pub fn write_redact_map(run: &Run, done: &Done) -> Result<()> {
    let (Some(path), Some(map)) = (&run.config.redact_map, &done.redacted) else {
        return Ok(());
    };
    // why: the mapping written over the redacted output would undo the redaction.
    if done
        .outputs
        .iter()
        .any(|o| Path::new(o) == path || chatport::output::same_file(Path::new(o), path))
    {
        return Err(Error::Usage(format!(
            "{}: --redact-map names an output of this run; give the mapping a file of its own",
            path.display()
        )));
    }
    let policy = Overwrite {
        force: true,
        ..run.policy.streaming()
    };
    let mut text = serde_json::to_vec_pretty(map).map_err(|e| Error::Write {
        path: path.display().to_string(),
        source: io::Error::other(e),
    })?;
    text.push(b'\n');
    let mut sink = Sink::open(&Target::File(path.clone()), &policy)?;
    sink.write_all(&text).map_err(|e| sink.error(e))?;
    sink.finish()
}

/// A zip's media extracted to a temporary folder for `--embed-media` when they are not copied beside the page
/// (only a copy brings them out of the zip); the folder is deleted when this is dropped, or on a signal.
pub struct Extracted {
    dir: tempfile::TempDir,
    _pending: Pending,
}

impl Extracted {
    /// The folder `p`'s page needs, if it needs one.
    pub fn for_page(run: &Run, p: &Export) -> Result<Option<Extracted>> {
        let config = run.config;
        if config.embed_media.is_none() || config.copy_media || p.chat().source.entry.is_none() {
            return Ok(None);
        }
        // why: created and registered under one lock, so that Ctrl-C cannot leave it behind (issue 18).
        let (dir, pending) = Pending::create(
            || {
                tempfile::Builder::new()
                    .prefix(".chatport-media-")
                    .tempdir()
            },
            |t| t.path(),
        )
        .map_err(|source| Error::Temp {
            path: p.display().to_string(),
            dir: std::env::temp_dir().display().to_string(),
            source,
        })?;
        Ok(Some(Extracted {
            dir,
            _pending: pending,
        }))
    }

    /// The media plan: every medium copied into the folder, linked by its absolute path.
    pub fn media(&self, run: &Run, p: &Export) -> Result<Media> {
        let media = self.dir.path().join("media");
        Media::copy(
            p,
            media.clone(),
            media.display().to_string(),
            &run.policy,
            run.config.max_media,
        )
    }
}

/// The media of an export (or of a merge's exports) copied to `<dir>/<name>/media/`, linked from outputs in
/// `dir`.
pub fn copy_media(run: &Run, exports: &[&Export], dir: &Path, name: &str) -> Result<Media> {
    Media::copy_all(
        exports,
        absolute(dir).join(name).join("media"),
        format!("{name}/media"),
        &run.policy,
        run.config.max_media,
    )
}

/// The media folder's name for the output `out` of a chat named `name`: `name`, or `name_files` when the output
/// itself has that name, and the folder beside it.
// why: `-o Copilot --media copy` would put the media folder at the output's own path (issue 15).
pub fn media_folder(out: &Path, name: String) -> (PathBuf, String) {
    let mut name = name;
    if out
        .file_name()
        .is_some_and(|f| f.to_string_lossy().eq_ignore_ascii_case(&name))
    {
        name.push_str("_files");
    }
    (folder_of(out).to_path_buf(), name)
}

/// The folder an output is in (the current one for a bare name).
pub fn folder_of(out: &Path) -> &Path {
    out.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// `dir` as an absolute path (it exists, or is the current folder).
fn absolute(dir: &Path) -> PathBuf {
    dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf())
}

/// One output being written: a file or stream, or the numbered parts of one (`--max-size`).
enum Out {
    /// The sink, and the output as the run report shows it (`-` for standard output).
    One(Sink, String),
    Parts(PartFiles),
}

impl Out {
    /// The error `source` is, about the file being written.
    fn error(&mut self, source: io::Error) -> Error {
        match self {
            Out::One(sink, _) => sink.error(source),
            // The error of a part that could not be finished or opened is given as it was.
            Out::Parts(parts) if parts.failed.is_some() => {
                parts.failed.take().unwrap_or(Error::Write {
                    path: parts.base.display().to_string(),
                    source,
                })
            }
            Out::Parts(parts) => match &parts.current {
                Some(sink) => sink.error(source),
                None => Error::Write {
                    path: parts.path(parts.n).display().to_string(),
                    source,
                },
            },
        }
    }

    /// Puts the output in place; gives the files written, with a warning for parts an earlier run left.
    fn finish(self, warnings: &mut Vec<Warning>) -> Result<Vec<String>> {
        match self {
            Out::One(sink, shown) => {
                sink.finish()?;
                Ok(vec![shown])
            }
            Out::Parts(mut parts) => {
                parts.close()?;
                parts.complete = true;
                let stale = parts.path(parts.n + 1);
                if stale.exists() {
                    warnings.push(Warning {
                        line: 0,
                        message: format!(
                            "{} is left from an earlier run (this one wrote {} part{}); remove it before importing",
                            stale.display(),
                            parts.n,
                            if parts.n == 1 { "" } else { "s" }
                        ),
                    });
                }
                Ok(std::mem::take(&mut parts.written))
            }
        }
    }
}

impl Parts for Out {
    fn part(&mut self) -> &mut dyn Write {
        match self {
            Out::One(sink, _) => sink,
            Out::Parts(parts) => parts.part(),
        }
    }

    fn next_part(&mut self) -> io::Result<()> {
        match self {
            Out::One(..) => Err(io::Error::other("a single output cannot be cut into parts")),
            Out::Parts(parts) => parts.next_part(),
        }
    }
}

/// `--max-size`: an output written as numbered files, `conversations-1.json`, `conversations-2.json`…, each put
/// in place as it is finished.
struct PartFiles {
    /// The output as named (`conversations.json`); parts take a number before its first dot.
    base: PathBuf,
    policy: Overwrite,
    /// The part being written, and its number.
    current: Option<Sink>,
    n: u64,
    written: Vec<String>,
    /// Where writes go once a part failed to open (the error has been given).
    nowhere: io::Sink,
    /// Why the last part could not be finished or opened, for [`Out::error`].
    failed: Option<Error>,
    /// Every part is in place: else the finished ones are removed again when this is dropped.
    complete: bool,
    /// The format's ending, which the part number goes before.
    ending: &'static str,
}

impl Drop for PartFiles {
    // why: parts 1 and 2 of 3 would pass for the whole output, and `--skip-existing` would keep them.
    fn drop(&mut self) {
        if !self.complete {
            for file in &self.written {
                let _ = std::fs::remove_file(file);
            }
        }
    }
}

impl PartFiles {
    fn open(base: &Path, format: Format, policy: &Overwrite) -> Result<PartFiles> {
        let mut parts = PartFiles {
            base: base.to_path_buf(),
            policy: policy.clone(),
            current: None,
            n: 1,
            written: Vec::new(),
            nowhere: io::sink(),
            failed: None,
            complete: false,
            ending: format.extension(),
        };
        parts.current = Some(Sink::open(&Target::File(parts.path(1)), policy)?);
        Ok(parts)
    }

    /// Part `n`'s file: `Copilot.conversations.json` → `Copilot-2.conversations.json`.
    fn path(&self, n: u64) -> PathBuf {
        part_path(&self.base, n, self.ending)
    }

    fn part(&mut self) -> &mut dyn Write {
        match &mut self.current {
            Some(sink) => sink,
            None => &mut self.nowhere,
        }
    }

    fn close(&mut self) -> Result<()> {
        if let Some(sink) = self.current.take() {
            sink.finish()?;
            self.written.push(self.path(self.n).display().to_string());
        }
        Ok(())
    }

    fn next_part(&mut self) -> io::Result<()> {
        let stopped = |parts: &mut PartFiles, e: Error| {
            let text = e.to_string();
            parts.failed = Some(e);
            io::Error::other(text)
        };
        if let Err(e) = self.close() {
            return Err(stopped(self, e));
        }
        self.n += 1;
        match Sink::open(&Target::File(self.path(self.n)), &self.policy) {
            Ok(sink) => {
                self.current = Some(sink);
                Ok(())
            }
            Err(e) => Err(stopped(self, e)),
        }
    }
}

/// The file of part `n` of the output `base`: the number goes before the format's ending (`ending`, else the
/// last extension), so the name still says the format (`train.openai.jsonl` → `train-2.openai.jsonl`,
/// `Dr. Who.claude.json` → `Dr. Who-2.claude.json`).
pub fn part_path(base: &Path, n: u64, ending: &str) -> PathBuf {
    let name = base
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let lower = name.to_lowercase();
    let cut = match lower.strip_suffix(&format!(".{ending}")) {
        Some(stem) if !stem.is_empty() => Some(stem.len()),
        // `conversations.json` is all ending: the number goes before its first dot.
        _ if lower == ending => name.find('.'),
        _ => name.rfind('.'),
    };
    let named = match cut {
        Some(i) => format!("{}-{n}{}", &name[..i], &name[i..]),
        None => format!("{name}-{n}"),
    };
    base.with_file_name(named)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_part_number_goes_before_the_formats_ending() {
        let cases = [
            (
                "conversations.json",
                "conversations.json",
                "conversations-2.json",
            ),
            (
                "Copilot.conversations.json",
                "conversations.json",
                "Copilot-2.conversations.json",
            ),
            (
                "Dr. Who.claude.json",
                "claude.json",
                "Dr. Who-2.claude.json",
            ),
            ("train.openai.jsonl", "openai.jsonl", "train-2.openai.jsonl"),
            ("chat.json", "conversations.json", "chat-2.json"),
            ("chat", "conversations.json", "chat-2"),
        ];
        for (name, ending, want) in cases {
            assert_eq!(
                part_path(Path::new(name), 2, ending),
                Path::new(want),
                "{name}"
            );
        }
    }
}
