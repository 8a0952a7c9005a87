//! Drives the pipeline for each input (names come from `names.rs`, the run report is `report.rs`).
//!
//! Takes a resolved [`Config`]; runs discover → open → decode → detect → parse → write → output for each export.
//! One export goes to stdout or a file; several go into a folder, named after their chats, converted in parallel
//! (`--jobs`, rayon) in two phases: every export's first pass (so names, and the media folders messages link to,
//! are fixed in input order, the same on every run), then every export's second pass and writing. A failing
//! export is reported and the others go on. `merge.rs`, `pack.rs` (`--zip`) and `inspect.rs` run their commands;
//! `export.rs` writes one export's outputs. It returns an [`Outcome`] for `main.rs` to turn into an exit code.
//! Only the app modules write to stderr, through `stderr.rs` (and `progress.rs`, above its bar).

use std::collections::HashSet;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use crate::app::cli::Args;
use crate::app::config::{Config, ConvertConfig, Destination};
use crate::app::export::{
    Done, Embed, Extracted, copy_media, media_folder, part_path, write_export, write_redact_map,
};
use crate::app::inspect;
use crate::app::merge;
use crate::app::names::{claims, file_for, file_name_for, unique_name};
use crate::app::pack;
use crate::app::progress::{Kind, Progress};
use crate::app::report;
use crate::app::stderr;
use chatport::Source;
use chatport::discover;
use chatport::model::Warning;
use chatport::model::Zone;
use chatport::output::media::{Locator, Media};
use chatport::output::{Overwrite, Sink, Target};
use chatport::write::{Format, HTML_INDEX_MARK, IndexEntry, html_index};
use chatport::{Error, Result};
use chatport::{Export, Reader};

/// How a run went, for the exit code.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    pub succeeded: usize,
    pub failed: usize,
    /// Exports whose outputs were all there already (`--skip-existing`).
    pub skipped: usize,
}

impl Outcome {
    /// One chat converted.
    pub fn one() -> Outcome {
        Outcome {
            succeeded: 1,
            ..Outcome::default()
        }
    }
}

/// Runs the command that `config` describes.
pub fn run(config: &Config) -> Result<Outcome> {
    match config {
        Config::Convert(c) => convert(c),
        Config::Inspect(c) => inspect::run(c),
        Config::Completions(shell) => print_generated(|out| {
            clap_complete::generate(
                *shell,
                &mut <Args as clap::CommandFactory>::command(),
                "chatport",
                out,
            );
            Ok(())
        }),
        Config::Man => print_generated(|out| {
            clap_mangen::Man::new(<Args as clap::CommandFactory>::command()).render(out)
        }),
    }
}

/// Writes what `make` writes (a completion script, the manual page) to standard output.
fn print_generated(make: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> Result<Outcome> {
    let mut text = Vec::new();
    make(&mut text).map_err(|source| Error::Write {
        path: "<stdout>".into(),
        source,
    })?;
    let mut sink = Sink::open(&Target::Stdout, &Overwrite::default())?;
    sink.write_all(&text).map_err(|e| sink.error(e))?;
    sink.finish()?;
    Ok(Outcome::default())
}

fn convert(config: &ConvertConfig) -> Result<Outcome> {
    for note in config.notes.iter().filter(|_| !config.quiet) {
        stderr::line(note);
    }
    let found = discover::expand(&config.sources)?;
    // With -v, what folders held that is no export (a `.txt` of notes, a FIFO, a device…), passed over.
    for s in found.skipped.iter().filter(|_| config.verbose) {
        stderr::line(&format!(
            "chatport: skipped {}: {}",
            s.path.display(),
            s.reason
        ));
    }
    let skipped = found.skipped.len();
    let exports = found.exports;
    // Only the AI formats turn wall-clock times into instants; the others never ask the machine for its zone.
    let zone = match config.read.zone {
        Some(zone) => zone,
        None if config.formats.iter().any(|f| f.is_conversations()) => {
            let machine = Zone::machine();
            // why: exports carry no zone; reading them in this machine's zone must never be silent.
            if !config.quiet {
                stderr::line(&format!(
                    "chatport: note: times are read in {} ({}); pass --tz ZONE if the phone was elsewhere",
                    machine.name, machine.from
                ));
            }
            machine.zone
        }
        None => Zone::UTC,
    };
    // why: no output may replace an input of the run, whatever its name (issue 15).
    let policy = Overwrite::new(config.force, &exports);
    let run = Run {
        config,
        zone,
        policy,
        skipped,
    };
    if config.zip && !config.merge {
        let [source] = exports.as_slice() else {
            return Err(Error::Usage(
                "--zip packs one chat: give one export, or merge them".into(),
            ));
        };
        let (outcome, entry) = pack::pack_one(&run, source)?;
        write_report(&run, &[entry])?;
        return Ok(outcome);
    }
    if config.merge {
        let result = merge::merge(&run, &exports);
        let entries = match &result {
            Ok((_, entries)) => entries.clone(),
            Err(e) => {
                let input = exports
                    .iter()
                    .map(Source::display)
                    .collect::<Vec<_>>()
                    .join(" + ");
                vec![report::Entry::failed(
                    input,
                    config.formats.iter().map(|f| f.name()).collect(),
                    e,
                )]
            }
        };
        write_report(&run, &entries)?;
        return result.map(|(outcome, _)| outcome);
    }
    match (&config.destination, exports.as_slice()) {
        (Destination::Dir(dir), _) => {
            let (outcome, entries) = convert_many(&run, &exports, dir)?;
            write_report(&run, &entries)?;
            Ok(outcome)
        }
        (dest, [source]) => {
            let target = dest.target().unwrap_or(Target::Stdout);
            let result = convert_one(&run, source, target);
            let entry = match &result {
                Ok((_, entry)) => entry.clone(),
                Err(e) => entry(config, source, Err(e)),
            };
            write_report(&run, &[entry])?;
            result.map(|(outcome, _)| outcome)
        }
        (_, exports) => Err(Error::Usage(format!(
            "{} exports: pass -o DIR to write them into a folder",
            exports.len()
        ))),
    }
}

/// Writes `--report`, when asked for.
fn write_report(run: &Run, entries: &[report::Entry]) -> Result<()> {
    match &run.config.report {
        // A report is rewritten on every run (never an input, though).
        Some(target) => {
            let policy = Overwrite {
                force: true,
                ..run.policy.streaming()
            };
            report::write(target, &policy, entries, run.skipped)
        }
        None => Ok(()),
    }
}

/// What every export of a `convert` run shares.
pub struct Run<'c> {
    pub config: &'c ConvertConfig,
    /// The zone wall-clock times are read in.
    pub zone: Zone,
    /// What outputs may replace.
    pub policy: Overwrite,
    /// Entries of the input folders that are no exports, passed over.
    pub skipped: usize,
}

/// One export to stdout or a file; its warnings go to stderr.
fn convert_one(run: &Run, source: &Source, target: Target) -> Result<(Outcome, report::Entry)> {
    let config = run.config;
    let format = config.formats.first().copied().unwrap_or(Format::Json);
    if let Target::File(out) = &target
        && config.skip_existing
        && std::fs::metadata(first_file(config, format, out)).is_ok_and(|m| m.is_file())
    {
        if !config.quiet {
            stderr::line(&format!(
                "chatport: skipped {}: {} is there already (--skip-existing)",
                source.display(),
                out.display()
            ));
        }
        let skipped = Done::skipped();
        let outcome = Outcome {
            skipped: 1,
            ..Outcome::default()
        };
        return Ok((outcome, entry(config, source, Ok(&skipped))));
    }
    let shown_as = match &target {
        Target::File(out) => Some(out.display().to_string()),
        Target::Stdout => None,
    };
    let progress = Progress::new(&[size_of(source)], Kind::One(shown_as), config.quiet);
    // why: one export leaves the other cores idle: read it on a second thread unless `--jobs 1` says not to.
    let threads = config.jobs.min(2);
    let mut options = config.read_options(format.needs_hash(), threads);
    options.progress = Some(progress.count(0));
    let prepared = Reader::new(options).open_source(source)?;
    progress.sized(0, prepared.chat().source.bytes);
    let extracted = Extracted::for_page(run, &prepared)?;
    let media = || match (&target, prepared.path(), &extracted) {
        (_, _, Some(e)) => e.media(run, &prepared),
        (Target::File(out), _, _) if config.copy_media => {
            let (dir, name) = media_folder(out, file_name_for(&prepared, config.redact.as_ref()));
            copy_media(run, &[&prepared], &dir, &name)
        }
        (Target::File(out), Some(p), _) => Ok(Media::in_place(Locator::new(p, Some(out)))),
        (Target::Stdout, Some(p), _) => Ok(Media::in_place(Locator::new(p, None))),
        _ => Ok(Media::in_place(None)),
    };
    // why: media beside `/dev/null` would go into `/dev/` (issue 15).
    if let Target::File(out) = &target
        && config.copy_media
        && std::fs::metadata(out).is_ok_and(|m| !m.is_file())
    {
        return Err(Error::Usage(format!(
            "{}: --media copy puts media beside the output, and this is not a regular file; pass -o FILE or -o DIR/",
            out.display()
        )));
    }
    let outputs = [(format, target.clone())];
    // An -o named by hand may be a device or FIFO, written as a stream.
    let embed = config.embed_media.map(|cap| Embed {
        cap,
        linked: extracted.is_none(),
    });
    let done = write_export(
        run,
        &run.policy.streaming(),
        &prepared,
        &outputs,
        media,
        embed,
    )?;
    drop(extracted);
    progress.finish();
    write_redact_map(run, &done)?;
    if !config.quiet {
        print_warnings(prepared.display(), &done.warnings, format);
        if let Target::File(out) = &target {
            stderr::line(&wrote_line(out, format, &done));
        }
    }
    let outcome = Outcome {
        succeeded: 1,
        ..Outcome::default()
    };
    Ok((outcome, entry(config, source, Ok(&done))))
}

/// The first file an output named `out` is written as: `out` itself, or its first part under `--max-size`.
fn first_file(config: &ConvertConfig, format: Format, out: &Path) -> PathBuf {
    match config.max_size {
        Some(_) if format.is_conversations() => part_path(out, 1, format.extension()),
        _ => out.to_path_buf(),
    }
}

/// The size of `source`'s file, the first estimate of its chat text (0 for standard input).
fn size_of(source: &Source) -> u64 {
    match source {
        Source::Path(p) => std::fs::metadata(p).map_or(0, |m| m.len()),
        Source::Stdin => 0,
    }
}

/// `chatport: wrote FILE: N conversations, M messages; what to do with it`, after a single-file convert.
pub fn wrote_line(out: &Path, format: Format, done: &Done) -> String {
    let counts = match done.conversations {
        Some((n, turns)) => format!(
            "{n} conversation{}, {turns} messages",
            if n == 1 { "" } else { "s" }
        ),
        None => format!("{} messages", done.messages),
    };
    let next = match format {
        Format::Chatgpt => {
            "import it in Open WebUI (Settings → Data Controls → Import Chats) or LibreChat (Settings → Data \
             Controls → Import)"
        }
        Format::OpenWebui => "import it in Open WebUI (Settings → Data Controls → Import Chats)",
        Format::Claude => "import it in LibreChat (Settings → Data Controls → Import)",
        Format::SillyTavern => {
            "import it in SillyTavern (open a character, Manage chat files → Import chat)"
        }
        Format::OpenaiJsonl => "upload it as fine-tuning data",
        Format::Json => "the lossless archive: chatport converts it to any other format",
        Format::Jsonl => "one message per line, for jq or a database",
        Format::Markdown => "open it in any Markdown viewer or editor",
        Format::Html => {
            "open it in any browser: it needs no network, and its search box finds any message"
        }
        Format::Whatsapp => "the export written back from the model",
    };
    let files = match done.outputs.as_slice() {
        // Several files of one format are its parts (`--max-size`); of several formats, each is named.
        [first, .., last] if done.formats > 1 => done.outputs.join(", "),
        [first, .., last] => format!("{first} … {last} ({} parts)", done.outputs.len()),
        [one] => one.clone(),
        [] => out.display().to_string(),
    };
    format!("chatport: wrote {files}: {counts}; {next}")
}

pub fn print_warnings(display: &str, warnings: &[Warning], format: Format) {
    for w in warnings.iter().take(20) {
        stderr::line(&warning_line(display, w));
    }
    if warnings.len() > 20 {
        let more = warnings.len() - 20;
        stderr::line(&if format == Format::Json {
            format!("chatport: warning: {more} more warnings are in the output")
        } else {
            format!("chatport: warning: {more} more warnings (-f json lists them all)")
        });
    }
}

/// `chatport: warning: FILE:LINE: message` (no line when the warning has none).
fn warning_line(display: &str, w: &Warning) -> String {
    match w.line {
        0 => format!("chatport: warning: {display}: {}", w.message),
        n => format!("chatport: warning: {display}:{n}: {}", w.message),
    }
}

/// The report entry of one export: what `result` gave, or why it failed.
fn entry(config: &ConvertConfig, source: &Source, result: Result<&Done, &Error>) -> report::Entry {
    let formats = config.formats.iter().map(|f| f.name()).collect();
    match result {
        Ok(done) => report::Entry {
            input: source.display(),
            outputs: done.outputs.clone(),
            formats,
            messages: done.messages,
            warnings: done.warnings.len(),
            status: if done.skipped { "skipped" } else { "converted" },
            error: None,
        },
        Err(e) => report::Entry::failed(source.display(), formats, e),
    }
}

/// Exports read at once: between its two passes each keeps its chat text (a zip's, spooled to the temp folder).
/// Names are given in input order across chunks, so they are the ones a single pass over every export would give.
const CHUNK: usize = 128;

/// Every export into `dir`, in parallel; a summary on stderr.
fn convert_many(
    run: &Run,
    exports: &[Source],
    dir: &Path,
) -> Result<(Outcome, Vec<report::Entry>)> {
    let config = run.config;
    let started = Instant::now();
    let made = !dir.exists();
    std::fs::create_dir_all(dir).map_err(|source| Error::Write {
        path: dir.display().to_string(),
        source,
    })?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs(config, exports.len()))
        .build()
        .map_err(|e| Error::Usage(format!("--jobs: {e}")))?;
    let sizes: Vec<u64> = exports.iter().map(size_of).collect();
    let progress = Progress::new(&sizes, Kind::Batch, config.quiet);
    let mut used: HashSet<String> = HashSet::new();
    let html = config.formats.contains(&Format::Html);
    if html {
        // why: a chat named "index" must not write over the folder's index of chats.
        used.insert(INDEX.to_string());
    }
    // The chats the index lists, in input order: (chat head, page), for each export that did not fail.
    let mut pages: Vec<(chatport::Chat, String)> = Vec::new();
    let (mut outcome, mut messages, mut warnings) = (Outcome::default(), 0u64, 0usize);
    let in_order = InOrder {
        progress: &progress,
        state: std::sync::Mutex::new((0, Default::default())),
    };
    let mut chunk_start = 0;
    let mut entries = Vec::with_capacity(exports.len());
    for chunk in exports.chunks(CHUNK) {
        // Phase 1: every first pass (dialect, title).
        // Always hashed: a name two exports share is told apart by the hash. One thread each: in a batch every
        // core already reads an export of its own.
        let options = config.read_options(true, 1);
        let base = chunk_start;
        let prepared: Vec<Result<Export>> = pool.install(|| {
            chunk
                .par_iter()
                .enumerate()
                .map(|(i, s)| {
                    let mut options = options.clone();
                    options.progress = Some(progress.count(base + i));
                    Reader::new(options).open_source(s)
                })
                .collect()
        });
        // Names, in input order, so the same exports always get the same names.
        let jobs: Vec<(Source, Result<(Export, String)>)> = chunk
            .iter()
            .cloned()
            .zip(prepared)
            .enumerate()
            .map(|(i, (source, p))| {
                let named = p.map(|p| {
                    progress.sized(base + i, p.chat().source.bytes);
                    let name = unique_name(&p, config.redact.as_ref(), &mut used, |name| {
                        claims(config, name)
                    });
                    (p, name)
                });
                (source, named)
            })
            .collect();
        let heads: Vec<Option<(chatport::Chat, String)>> = jobs
            .iter()
            .map(|(_, named)| match named {
                Ok((p, name)) if html => Some((p.chat().clone(), file_for(name, Format::Html))),
                _ => None,
            })
            .collect();
        // Phase 2: every second pass and output.
        let results: Vec<(Source, Result<Done>)> = pool.install(|| {
            jobs.into_par_iter()
                .enumerate()
                .map(|(i, (source, named))| {
                    let result = named.and_then(|(p, name)| {
                        let (done, lines) = write_named(run, dir, &p, &name)?;
                        progress.done(base + i, done.messages, false);
                        in_order.done(base + i, lines);
                        Ok(done)
                    });
                    if let Err(e) = &result {
                        progress.done(base + i, 0, true);
                        in_order.done(base + i, vec![failure_line(&source, e)]);
                    }
                    (source, result)
                })
                .collect()
        });
        chunk_start += chunk.len();
        for ((source, r), head) in results.into_iter().zip(heads) {
            if r.is_ok() {
                pages.extend(head);
            }
            entries.push(entry(config, &source, r.as_ref()));
            match r {
                Ok(done) if done.skipped => outcome.skipped += 1,
                Ok(done) => {
                    outcome.succeeded += 1;
                    messages += done.messages;
                    warnings += done.warnings.len();
                }
                Err(_) => outcome.failed += 1,
            }
        }
    }
    progress.finish();
    if html && !pages.is_empty() {
        write_index(run, dir, &pages)?;
    }
    // why: a run whose every export failed leaves no empty folder behind it (issue 19); remove_dir refuses one
    // that holds anything.
    if made && outcome.succeeded == 0 {
        let _ = std::fs::remove_dir(dir);
    }
    if !config.quiet {
        let skipped = match (run.skipped, config.verbose) {
            (0, _) => String::new(),
            (n, true) => format!("{n} skipped (not WhatsApp exports), "),
            (n, false) => format!("{n} skipped (not WhatsApp exports; -v lists them), "),
        };
        let there = match outcome.skipped {
            0 => String::new(),
            n => format!("{n} already there (--skip-existing), "),
        };
        stderr::line(&format!(
            "chatport: {} converted, {} failed, {there}{skipped}{messages} messages, {warnings} warnings, {:.1} s",
            outcome.succeeded,
            outcome.failed,
            started.elapsed().as_secs_f64()
        ));
    }
    Ok((outcome, entries))
}

/// The name of a folder's index of chat pages.
const INDEX: &str = "index.html";

/// Writes `dir/index.html`, listing every chat page of the run. It is rewritten on every run (a rerun with
/// `--skip-existing` lists the chats already there too), but an `index.html` that chatport did not write is
/// replaced only with `--force`.
fn write_index(run: &Run, dir: &Path, pages: &[(chatport::Chat, String)]) -> Result<()> {
    let path = dir.join(INDEX);
    let ours = |p: &Path| {
        let mut head = Vec::new();
        std::fs::File::open(p)
            .and_then(|f| std::io::Read::read_to_end(&mut std::io::Read::take(f, 1024), &mut head))
            .is_ok()
            && String::from_utf8_lossy(&head).contains(HTML_INDEX_MARK)
    };
    if path.exists() && !run.config.force && !ours(&path) {
        stderr::line(&format!(
            "chatport: warning: {} was not written by chatport; the index of chats was left out (pass --force to replace it)",
            path.display()
        ));
        return Ok(());
    }
    let entries: Vec<IndexEntry> = pages
        .iter()
        .map(|(chat, page)| IndexEntry { chat, page })
        .collect();
    let policy = Overwrite {
        force: true,
        ..run.policy.clone()
    };
    let mut sink = Sink::open(&Target::File(path), &policy)?;
    html_index(&entries, &mut sink).map_err(|e| sink.error(e))?;
    sink.finish()
}

/// One export of a batch into `dir` under `name`, in every format asked for.
fn write_named(run: &Run, dir: &Path, p: &Export, name: &str) -> Result<(Done, Vec<String>)> {
    let config = run.config;
    let outputs: Vec<(Format, Target)> = config
        .formats
        .iter()
        .map(|f| (*f, Target::File(dir.join(file_for(name, *f)))))
        // why: a rerun goes on where it stopped, writing only what is not there yet (issue 19).
        .filter(|(format, t)| {
            !config.skip_existing
                || !matches!(t, Target::File(f) if first_file(config, *format, f).is_file())
        })
        .collect();
    if outputs.is_empty() {
        let line = format!(
            "chatport: skipped {}: its outputs are there already (--skip-existing)",
            p.display()
        );
        let done = Done::skipped();
        return Ok((
            done,
            if config.verbose {
                vec![line]
            } else {
                Vec::new()
            },
        ));
    }
    let extracted = Extracted::for_page(run, p)?;
    let media = || {
        if let Some(e) = &extracted {
            e.media(run, p)
        } else if config.copy_media {
            copy_media(run, &[p], dir, name)
        } else {
            let output = dir.join(file_for(name, Format::Json));
            Ok(Media::in_place(
                p.path().and_then(|i| Locator::new(i, Some(&output))),
            ))
        }
    };
    let embed = config.embed_media.map(|cap| Embed {
        cap,
        linked: extracted.is_none(),
    });
    let done = write_export(run, &run.policy, p, &outputs, media, embed)?;
    let mut lines = Vec::new();
    if !config.quiet && !config.verbose && !done.warnings.is_empty() {
        // why: a batch that ended with "7 warnings" and showed none hid how its files were read (issue 16).
        let n = done.warnings.len();
        lines.push(format!(
            "chatport: warning: {}: {n} warning{}{}",
            p.display(),
            if n == 1 { "" } else { "s" },
            if n > HEADLINES {
                format!(", the first {HEADLINES} below (-v shows more, -f json keeps them all)")
            } else {
                String::new()
            }
        ));
        for w in headline(p, &done.warnings).iter().take(HEADLINES) {
            lines.push(warning_line(p.display(), w));
        }
    }
    if config.verbose {
        let files: Vec<String> = outputs
            .iter()
            .map(|(_, t)| match t {
                Target::File(f) => f.display().to_string(),
                Target::Stdout => "-".into(),
            })
            .collect();
        lines.push(format!(
            "chatport: {} → {} ({} messages, {} warnings)",
            p.display(),
            files.join(", "),
            done.messages,
            done.warnings.len()
        ));
        for w in headline(p, &done.warnings).iter().take(5) {
            lines.push(warning_line(p.display(), w));
        }
    }
    Ok((done, lines))
}

/// How many of an export's warnings a batch shows without `-v`.
const HEADLINES: usize = 3;

/// An export's warnings, those about how the whole file was read first (its first pass's), then the rest in line
/// order.
fn headline(p: &Export, all: &[Warning]) -> Vec<Warning> {
    let mut notes = p.notes().to_vec();
    Warning::sort(&mut notes);
    let rest = all
        .iter()
        .filter(|w| !notes.contains(w))
        .cloned()
        .collect::<Vec<_>>();
    notes.extend(rest);
    notes
}

/// `chatport: failed: FILE: reason`, once, whatever the error names.
fn failure_line(source: &Source, e: &Error) -> String {
    let what = e.to_string();
    let first = what.lines().next().unwrap_or_default();
    let display = source.display();
    if first.starts_with(&display) {
        format!("chatport: failed: {first}")
    } else {
        format!("chatport: failed: {display}: {first}")
    }
}

/// Each export's lines, printed in input order as soon as every export before it has printed its own: a batch
/// reads the same on every run, whichever export finishes first.
struct InOrder<'p> {
    progress: &'p Progress,
    /// The next export to print, and the lines of those after it that are done.
    state: std::sync::Mutex<(usize, std::collections::BTreeMap<usize, Vec<String>>)>,
}

impl InOrder<'_> {
    fn done(&self, index: usize, lines: Vec<String>) {
        let Ok(mut state) = self.state.lock() else {
            return;
        };
        let (next, waiting) = &mut *state;
        waiting.insert(index, lines);
        while let Some(lines) = waiting.remove(next) {
            for line in &lines {
                self.progress.println(line);
            }
            *next += 1;
        }
    }
}

/// Threads for a batch of `exports`: `--jobs`, but no more than there are exports, nor than [`MAX_JOBS_PER_CORE`]
/// times the cores (with a note when `--jobs` asked for more).
fn jobs(config: &ConvertConfig, exports: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let cap = cores * MAX_JOBS_PER_CORE;
    if config.jobs > cap && !config.quiet {
        // why: `-j 100000` spawned a thread per job (issue 15); more threads than this only wait on the disk.
        stderr::line(&format!(
            "chatport: note: --jobs {} is more than this machine can use; using {cap} ({MAX_JOBS_PER_CORE} per core)",
            config.jobs
        ));
    }
    config.jobs.min(cap).min(exports.max(1))
}

/// The most threads per core a batch uses.
const MAX_JOBS_PER_CORE: usize = 4;
