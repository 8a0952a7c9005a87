//! Resolved settings: what to run, on what, to where.
//!
//! Takes [`Args`]; gives a plain-data [`Config`] with `-` resolved to standard input, the format decided (flag,
//! else the `-o` extension, else JSON) and impossible combinations rejected as usage errors. Runs nothing.

use std::path::{Path, PathBuf};

use crate::app::cli::{AiArgs, Args, Command, DateOrderArg, FormatArg, MediaArg, ReadArgs};
use chatport::ReadOptions;
use chatport::Source;
use chatport::model::DateOrder;
use chatport::model::Zone;
use chatport::output::{self, Target};
use chatport::write::Split;
use chatport::write::{AiOptions, Format, Range};
use chatport::{Error, Result};

/// What to run.
#[derive(Clone, Debug, PartialEq)]
pub enum Config {
    Convert(Box<ConvertConfig>),
    Inspect(InspectConfig),
    /// Print a completion script for this shell.
    Completions(clap_complete::Shell),
    /// Print the manual page.
    Man,
}

/// `chatport convert`.
#[derive(Clone, Debug, PartialEq)]
pub struct ConvertConfig {
    /// The inputs as named: files, folders (searched for exports) or standard input.
    pub sources: Vec<Source>,
    /// The output formats (one unless writing into a folder).
    pub formats: Vec<Format>,
    /// Where the outputs go.
    pub destination: Destination,
    /// Copy media next to the outputs.
    pub copy_media: bool,
    /// `--max-media-size`, in bytes.
    pub max_media: u64,
    /// `--embed-media`: the largest file put into an HTML page, in bytes.
    pub embed_media: Option<u64>,
    /// `--max-size`: the largest part of an AI-format output, in bytes.
    pub max_size: Option<u64>,
    /// `chatport merge`: every input is one export of the same chat, merged into one output.
    pub merge: bool,
    /// `--redact` and how.
    pub redact: Option<chatport::RedactOptions>,
    /// `--redact-map FILE`.
    pub redact_map: Option<PathBuf>,
    /// `--layout`: `whatsapp` written in one header layout.
    pub layout: Option<chatport::write::Canonical>,
    /// `--zip`: the `whatsapp` output and its media packed as one zip.
    pub zip: bool,
    /// Exports converted at once.
    pub jobs: usize,
    /// A line per export.
    pub verbose: bool,
    /// Replace an existing output file.
    pub force: bool,
    /// Leave existing outputs alone (`--skip-existing`).
    pub skip_existing: bool,
    /// Where the run report goes (`--report`).
    pub report: Option<Target>,
    /// Keep warnings off stderr.
    pub quiet: bool,
    /// `--date-order`, `--assistant`, `--me` (and whether to guess: the AI formats need an assistant), `--tz`.
    pub read: ReadOptions,
    /// How the AI formats cut and shape conversations.
    pub ai: AiOptions,
    /// `--since`, `--until`.
    pub range: Range,
    /// What stderr should say before the run (a name that says another format than `-f`).
    pub notes: Vec<String>,
}

/// Where `convert` writes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Destination {
    Stdout,
    /// One export, one format, this file.
    File(PathBuf),
    /// Each export's outputs in this folder, named after the chat.
    Dir(PathBuf),
}

impl Destination {
    /// The single output's target; `None` for a folder.
    pub fn target(&self) -> Option<Target> {
        match self {
            Destination::Stdout => Some(Target::Stdout),
            Destination::File(p) => Some(Target::File(p.clone())),
            Destination::Dir(_) => None,
        }
    }
}

/// `chatport inspect`.
#[derive(Clone, Debug, PartialEq)]
pub struct InspectConfig {
    pub sources: Vec<Source>,
    pub json: bool,
    /// `--date-order`, `--assistant`, `--me`, `--tz`.
    pub read: ReadOptions,
}

impl ConvertConfig {
    /// How the reader reads each export: `sha256` when an output needs the hash, `threads` for one export.
    pub fn read_options(&self, sha256: bool, threads: usize) -> ReadOptions {
        ReadOptions {
            sha256,
            threads,
            ..self.read.clone()
        }
    }
}

impl InspectConfig {
    /// How the reader reads each input.
    pub fn read_options(&self) -> ReadOptions {
        self.read.clone()
    }
}

impl Config {
    /// Resolves the command line.
    pub fn from_args(args: Args) -> Result<Config> {
        let merge = matches!(args.command, Command::Merge(_));
        match args.command {
            Command::Convert(a) | Command::Merge(a) => {
                let a = *a;
                // why: `cat _chat.txt | chatport convert -o chat.json` means standard input (issue 19).
                let inputs = if a.inputs.is_empty() {
                    if !stdin_is_piped() {
                        return Err(Error::Usage(
                            "convert needs an export: a .txt, a .zip, a folder, or - (or pipe one in)".into(),
                        ));
                    }
                    vec![PathBuf::from("-")]
                } else {
                    a.inputs.clone()
                };
                let sources = sources(&inputs, a.output.as_deref())?;
                // A merge writes one chat, whatever it reads.
                let many = !merge
                    && (sources.len() > 1
                        || sources
                            .iter()
                            .any(|s| matches!(s, Source::Path(p) if p.is_dir())));
                let destination = match a.output {
                    None => Destination::Stdout,
                    // why: `/dev/stdout` may be a file the shell opened; it is written, never replaced (issue 15).
                    Some(p)
                        if p.as_os_str() == "-"
                            || p == Path::new("/dev/stdout")
                            || output::FileId::of(&p)
                                .is_some_and(|id| output::FileId::of_stdout() == Some(id)) =>
                    {
                        Destination::Stdout
                    }
                    Some(p)
                        if many || a.format.len() > 1 || p.is_dir() || ends_with_separator(&p) =>
                    {
                        // why: `-o out.json` with a folder of exports would otherwise make a folder named out.json.
                        if !p.is_dir()
                            && !ends_with_separator(&p)
                            && Format::from_path(&p).is_some()
                        {
                            return Err(Error::Usage(format!(
                                "{}: several exports or formats are written into a folder; pass -o with a folder name (out/), not a file name",
                                p.display()
                            )));
                        }
                        Destination::Dir(p)
                    }
                    Some(p) => Destination::File(p),
                };
                if destination == Destination::Stdout && (many || a.format.len() > 1) {
                    return Err(Error::Usage(
                        "several exports or formats go into a folder: pass -o DIR".into(),
                    ));
                }
                let mut notes = Vec::new();
                let formats: Vec<Format> = match (a.format.is_empty(), &destination) {
                    (false, _) => a.format.iter().map(|f| format(*f)).collect(),
                    // why: `--zip -o chat.zip` packs the export written back.
                    (true, _) if a.zip => vec![Format::Whatsapp],
                    // why: a device or FIFO (`-o /dev/null`) has no name to tell a format by.
                    (true, Destination::File(p))
                        if std::fs::metadata(p).is_ok_and(|m| !m.is_file()) =>
                    {
                        vec![Format::Json]
                    }
                    (true, Destination::File(p)) => match Format::from_path(p) {
                        Some(f) => vec![f],
                        // why: `-o chat.dat` silently wrote JSON, and `-o archive` a file named archive (issue 19).
                        None => {
                            return Err(Error::Usage(format!(
                                "{}: the format cannot be told from this name; pass -f FORMAT (json, markdown, chatgpt, \
                                 openwebui, claude, sillytavern, openai-jsonl, jsonl, whatsapp), or -o {}/ to write \
                                 into a folder",
                                p.display(),
                                p.display()
                            )));
                        }
                    },
                    (true, _) => vec![Format::Json],
                };
                if let (Destination::File(p), [f]) = (&destination, formats.as_slice())
                    && let Some(named) = Format::from_path(p)
                    && named != *f
                {
                    notes.push(format!(
                        "chatport: warning: {}: the name says {} but -f {} is written; name it .{} or drop -f",
                        p.display(),
                        named.name(),
                        f.name(),
                        f.extension()
                    ));
                }
                let ai = ai_options(a.ai, &formats)?;
                if let ([Source::Path(input)], Destination::File(out)) =
                    (sources.as_slice(), &destination)
                    && output::same_file(input, out)
                {
                    return Err(Error::Usage(format!(
                        "{}: the output would replace the input; choose another -o path",
                        out.display()
                    )));
                }
                if a.jobs == Some(0) {
                    return Err(Error::Usage("--jobs: at least 1".into()));
                }
                let copy_media = match a.media {
                    Some(MediaArg::Copy) => true,
                    Some(MediaArg::None) => false,
                    // why: photos and contact cards say who is in a chat; a redacted one copies none unless asked.
                    None => matches!(destination, Destination::Dir(_)) && !a.redact,
                };
                if copy_media && destination == Destination::Stdout {
                    return Err(Error::Usage(
                        "--media copy needs -o: media are copied next to the output".into(),
                    ));
                }
                if a.embed_media.is_some() && !formats.contains(&Format::Html) {
                    return Err(Error::Usage(
                        "--embed-media puts media into HTML pages: add -f html".into(),
                    ));
                }
                let max_size = match a.max_size {
                    None => None,
                    Some(mb) if !(mb > 0.0 && mb.is_finite()) => {
                        return Err(Error::Usage(format!(
                            "--max-size {mb}: give the largest part in MB, such as --max-size 100"
                        )));
                    }
                    Some(_) if !formats.iter().any(|f| f.is_conversations()) => {
                        return Err(Error::Usage(
                            "--max-size cuts the AI formats' outputs (-f chatgpt, openwebui, claude, sillytavern, openai-jsonl)".into(),
                        ));
                    }
                    Some(_) if destination == Destination::Stdout => {
                        return Err(Error::Usage(
                            "--max-size writes numbered files: pass -o FILE or -o DIR/".into(),
                        ));
                    }
                    Some(mb) => Some((mb * 1_048_576.0) as u64),
                };
                let redact = match a.redact {
                    false => None,
                    true => Some(chatport::RedactOptions {
                        rename: a
                            .rename
                            .iter()
                            .map(|r| match r.split_once('=') {
                                Some((old, new))
                                    if !old.trim().is_empty() && !new.trim().is_empty() =>
                                {
                                    Ok((old.trim().to_string(), new.trim().to_string()))
                                }
                                _ => Err(Error::Usage(format!(
                                    "--rename {r}: write it as \"Old Name=New Name\""
                                ))),
                            })
                            .collect::<Result<Vec<_>>>()?,
                        key: a.redact_key.clone(),
                        urls: a.redact_urls,
                    }),
                };
                if let (Some(map), Destination::File(out)) = (&a.redact_map, &destination)
                    && (map == out || output::same_file(map, out))
                {
                    return Err(Error::Usage(format!(
                        "{}: --redact-map would write the mapping over the redacted output; give it a file of its own",
                        map.display()
                    )));
                }
                if a.redact_map.is_some() && many {
                    return Err(Error::Usage(
                        "--redact-map keeps one export's mapping: give one export (or merge them)"
                            .into(),
                    ));
                }
                let layout = match &a.layout {
                    None => None,
                    Some(_) if formats.as_slice() != [Format::Whatsapp] => {
                        return Err(Error::Usage(
                            "--layout rewrites the headers of -f whatsapp (the export written back): add -f whatsapp".into(),
                        ));
                    }
                    Some(l) => Some(
                        chatport::write::Canonical::parse(l)
                            .map_err(|e| Error::Usage(format!("--layout: {e}")))?,
                    ),
                };
                if a.zip {
                    if formats.as_slice() != [Format::Whatsapp] {
                        return Err(Error::Usage(
                            "--zip packs the export written back: -f whatsapp (or no -f)".into(),
                        ));
                    }
                    match &destination {
                        Destination::File(p)
                            if p.extension().is_some_and(|e| e.eq_ignore_ascii_case("zip")) => {}
                        Destination::Dir(_) if !many => {}
                        _ => {
                            return Err(Error::Usage(
                                "--zip writes one zip of one chat: -o NAME.zip or -o DIR/ (merge several exports first)".into(),
                            ));
                        }
                    }
                }
                let to_stdout = destination == Destination::Stdout;
                Ok(Config::Convert(Box::new(ConvertConfig {
                    read: ReadOptions {
                        guess_assistant: formats.iter().any(|f| f.is_conversations()),
                        ..read_options(a.read)?
                    },
                    sources,
                    formats,
                    destination,
                    copy_media,
                    max_media: a.max_media_size.saturating_mul(1 << 20),
                    embed_media: a.embed_media.map(|mb| mb.saturating_mul(1 << 20)),
                    max_size,
                    merge,
                    redact,
                    redact_map: a.redact_map.clone(),
                    layout,
                    zip: a.zip,
                    jobs: a.jobs.unwrap_or_else(|| {
                        std::thread::available_parallelism().map_or(1, |n| n.get())
                    }),
                    verbose: a.verbose,
                    force: a.force,
                    skip_existing: a.skip_existing,
                    report: match a.report {
                        None => None,
                        Some(p) if p.as_os_str() == "-" => {
                            if to_stdout {
                                return Err(Error::Usage(
                                    "--report -: standard output already carries the conversion; pass --report FILE, \
                                     or -o"
                                        .into(),
                                ));
                            }
                            Some(Target::Stdout)
                        }
                        Some(p) => Some(Target::File(p)),
                    },
                    quiet: a.quiet,
                    ai,
                    range: range(a.since.as_deref(), a.until.as_deref())?,
                    notes,
                })))
            }
            Command::Inspect(a) => Ok(Config::Inspect(InspectConfig {
                sources: sources(&a.inputs, None)?,
                json: a.json,
                read: read_options(a.read)?,
            })),
            Command::Completions { shell } => Ok(Config::Completions(shell)),
            Command::Man => Ok(Config::Man),
        }
    }
}

/// `--since` and `--until` as times; a date alone is its first second for `--since`, its last for `--until`.
fn range(since: Option<&str>, until: Option<&str>) -> Result<Range> {
    let parse = |flag: &str, s: &str, end: bool| -> Result<chrono::NaiveDateTime> {
        let s = s.trim();
        for f in [
            "%Y-%m-%dT%H:%M:%S",
            "%Y-%m-%d %H:%M:%S",
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M",
        ] {
            if let Ok(t) = chrono::NaiveDateTime::parse_from_str(s, f) {
                return Ok(t);
            }
        }
        let day = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| {
            Error::Usage(format!(
                "{flag} '{s}': expected a date or a date and time, such as 2025-01-31 or 2025-01-31T18:00"
            ))
        })?;
        let time = if end {
            chrono::NaiveTime::from_hms_opt(23, 59, 59)
        } else {
            chrono::NaiveTime::from_hms_opt(0, 0, 0)
        };
        Ok(day.and_time(time.unwrap_or_default()))
    };
    let range = Range {
        since: since.map(|s| parse("--since", s, false)).transpose()?,
        until: until.map(|s| parse("--until", s, true)).transpose()?,
    };
    if let (Some(a), Some(b)) = (range.since, range.until)
        && a > b
    {
        return Err(Error::Usage(format!("--since {a} is after --until {b}")));
    }
    Ok(range)
}

/// Whether standard input is a pipe or a file (`cmd | chatport convert`, `< chat.txt`), not a terminal or a
/// device such as `/dev/null`.
fn stdin_is_piped() -> bool {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        use std::os::unix::fs::FileTypeExt;
        std::io::stdin()
            .as_fd()
            .try_clone_to_owned()
            .ok()
            .and_then(|fd| std::fs::File::from(fd).metadata().ok())
            .is_some_and(|m| m.is_file() || m.file_type().is_fifo())
    }
    #[cfg(not(unix))]
    {
        !std::io::IsTerminal::is_terminal(&std::io::stdin())
    }
}

/// The inputs as sources, a pattern's matches less the output folder and what is in it; standard input at
/// most once.
fn sources(inputs: &[PathBuf], output: Option<&Path>) -> Result<Vec<Source>> {
    let mut sources = Vec::with_capacity(inputs.len());
    for input in inputs {
        match expand_glob(input, output)? {
            Some(paths) => sources.extend(paths.into_iter().map(Source::Path)),
            None => sources.push(Source::from_arg(input)),
        }
    }
    if sources.iter().filter(|s| **s == Source::Stdin).count() > 1 {
        return Err(Error::Usage(
            "standard input (-) can be named only once".into(),
        ));
    }
    Ok(sources)
}

/// The files an input that holds `*`, `?` or `[` and names no file stands for, in name order; `None` when it
/// is not such a pattern (or names a file, whatever its characters).
// why: Windows shells and quoted arguments pass `*.zip` through unexpanded (issue 19).
fn expand_glob(input: &Path, output: Option<&Path>) -> Result<Option<Vec<PathBuf>>> {
    let pattern = input.to_string_lossy();
    if !pattern.contains(['*', '?', '[']) || input.exists() {
        return Ok(None);
    }
    // why: a shell's `*` leaves out hidden files; so does this.
    let options = glob::MatchOptions {
        require_literal_leading_dot: true,
        ..glob::MatchOptions::new()
    };
    let paths = glob::glob_with(&pattern, options)
        .map_err(|e| Error::Usage(format!("{pattern}: not a valid pattern: {e}")))?;
    // why: `convert '*' -o out` run twice must not read its own outputs back.
    let output = output.and_then(|o| o.canonicalize().ok());
    let mut found = Vec::new();
    for path in paths {
        let path = path.map_err(|e| Error::Read {
            path: e.path().display().to_string(),
            source: e.into(),
        })?;
        let inside = |o: &PathBuf| path.canonicalize().is_ok_and(|p| p.starts_with(o));
        if !output.as_ref().is_some_and(inside) {
            found.push(path);
        }
    }
    found.sort();
    if found.is_empty() {
        return Err(Error::Unsupported {
            path: pattern.into_owned(),
            what: "no file matches this pattern".into(),
        });
    }
    Ok(Some(found))
}

/// `out/`: the user means a folder.
fn ends_with_separator(p: &Path) -> bool {
    let s = p.as_os_str().to_string_lossy();
    s.ends_with('/') || s.ends_with(std::path::MAIN_SEPARATOR)
}

fn format(arg: FormatArg) -> Format {
    match arg {
        FormatArg::Json => Format::Json,
        FormatArg::Jsonl => Format::Jsonl,
        FormatArg::Chatgpt => Format::Chatgpt,
        FormatArg::Openwebui => Format::OpenWebui,
        FormatArg::OpenaiJsonl => Format::OpenaiJsonl,
        FormatArg::Claude => Format::Claude,
        FormatArg::Sillytavern => Format::SillyTavern,
        FormatArg::Markdown => Format::Markdown,
        FormatArg::Html => Format::Html,
        FormatArg::Whatsapp => Format::Whatsapp,
    }
}

fn zone(arg: Option<&str>) -> Result<Option<Zone>> {
    arg.map(|s| Zone::parse(s).map_err(|e| Error::Usage(format!("--tz: {e}"))))
        .transpose()
}

/// The AI flags, refused where they would do nothing (so a typo in `-f` does not pass silently).
fn ai_options(arg: AiArgs, formats: &[Format]) -> Result<AiOptions> {
    let name = formats
        .iter()
        .map(|f| f.name())
        .collect::<Vec<_>>()
        .join(", ");
    if !formats.iter().any(|f| f.is_conversations()) && arg.split.is_some() {
        return Err(Error::Usage(format!(
            "--split applies to -f chatgpt, openwebui and openai-jsonl, not {name}"
        )));
    }
    if !formats.contains(&Format::OpenaiJsonl) && (arg.system.is_some() || arg.strict_turns) {
        let flag = if arg.strict_turns {
            "--strict-turns"
        } else {
            "--system"
        };
        return Err(Error::Usage(format!(
            "{flag} applies to -f openai-jsonl, not {name}"
        )));
    }
    let split = match arg.split {
        Some(s) => Split::parse(&s).map_err(|e| Error::Usage(format!("--split: {e}")))?,
        None => AiOptions::default().split,
    };
    if arg.system.as_deref().is_some_and(|s| s.trim().is_empty()) {
        return Err(Error::Usage("--system: the system message is empty".into()));
    }
    if arg.keep_markup
        && !formats.iter().any(|f| {
            matches!(
                f,
                Format::Chatgpt | Format::OpenWebui | Format::Claude | Format::SillyTavern
            )
        })
    {
        return Err(Error::Usage(format!(
            "--keep-markup applies to -f chatgpt and openwebui, not {name}"
        )));
    }
    Ok(AiOptions {
        split,
        keep_markup: arg.keep_markup,
        system: arg.system,
        strict_turns: arg.strict_turns,
    })
}

/// What the reader takes from the command line (no guessed assistant: only the AI formats want one).
fn read_options(read: ReadArgs) -> Result<ReadOptions> {
    Ok(ReadOptions {
        date_order: date_order(read.date_order),
        year: read.year,
        assistant: read.roles.assistant,
        me: read.roles.me,
        zone: zone(read.tz.as_deref())?,
        ..ReadOptions::default()
    })
}

fn date_order(arg: DateOrderArg) -> Option<DateOrder> {
    match arg {
        DateOrderArg::Auto => None,
        DateOrderArg::Dmy => Some(DateOrder::Dmy),
        DateOrderArg::Mdy => Some(DateOrder::Mdy),
        DateOrderArg::Ymd => Some(DateOrder::Ymd),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn convert(args: &[&str]) -> ConvertConfig {
        let args = Args::try_parse_from(["chatport", "convert"].iter().chain(args)).unwrap();
        match Config::from_args(args).unwrap() {
            Config::Convert(c) => *c,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn format_comes_from_the_flag_then_the_extension() {
        let cases: &[(&[&str], Format, Destination)] = &[
            (&["a.txt"], Format::Json, Destination::Stdout),
            (&["a.txt", "-o", "-"], Format::Json, Destination::Stdout),
            (
                &["a.txt", "-o", "out.jsonl"],
                Format::Jsonl,
                Destination::File("out.jsonl".into()),
            ),
            (
                &["a.txt", "-o", "out.JSON"],
                Format::Json,
                Destination::File("out.JSON".into()),
            ),
            (
                &["a.txt", "-o", "out.txt"],
                Format::Whatsapp,
                Destination::File("out.txt".into()),
            ),
            (
                &["a.txt", "-o", "Copilot.conversations.json"],
                Format::Chatgpt,
                Destination::File("Copilot.conversations.json".into()),
            ),
            (
                &["a.txt", "-o", "x.openwebui.json"],
                Format::OpenWebui,
                Destination::File("x.openwebui.json".into()),
            ),
            (
                &["a.txt", "-o", "train.openai.jsonl"],
                Format::OpenaiJsonl,
                Destination::File("train.openai.jsonl".into()),
            ),
            (
                &["a.txt", "-o", "/dev/null"],
                Format::Json,
                Destination::File("/dev/null".into()),
            ),
            (
                &["a.txt", "-f", "jsonl", "-o", "out.json"],
                Format::Jsonl,
                Destination::File("out.json".into()),
            ),
            (&["-", "-f", "jsonl"], Format::Jsonl, Destination::Stdout),
            (
                &["a.txt", "-o", "out/conversations.json"],
                Format::Chatgpt,
                Destination::File("out/conversations.json".into()),
            ),
            (
                &["a.txt", "-o", "chat.md"],
                Format::Markdown,
                Destination::File("chat.md".into()),
            ),
            (
                &["a.txt", "-f", "copilot"],
                Format::Chatgpt,
                Destination::Stdout,
            ),
            (
                &["a.txt", "-f", "md"],
                Format::Markdown,
                Destination::Stdout,
            ),
            (
                &["a.txt", "-f", "openai-jsonl"],
                Format::OpenaiJsonl,
                Destination::Stdout,
            ),
        ];
        for (args, format, target) in cases {
            let c = convert(args);
            assert_eq!(
                (c.formats.as_slice(), &c.destination),
                (&[*format][..], target),
                "{args:?}"
            );
        }
        assert_eq!(convert(&["-"]).sources, [Source::Stdin]);
        // A name that says no format is a usage error naming -f and the folder form; one that disagrees with -f
        // gets a note.
        let unknown = |o: &str| {
            Config::from_args(Args::parse_from(["chatport", "convert", "a.txt", "-o", o]))
                .err()
                .map(|e| e.to_string())
        };
        for o in ["chat.dat", "no-such-archive"] {
            let e = unknown(o).expect("an error");
            assert!(
                e.contains("pass -f FORMAT") && e.contains(&format!("-o {o}/")),
                "{e}"
            );
        }
        let c = convert(&["a.txt", "-f", "markdown", "-o", "x.json"]);
        assert_eq!(c.formats, [Format::Markdown]);
        assert!(
            c.notes
                .iter()
                .any(|n| n.contains("the name says json but -f markdown")),
            "{:?}",
            c.notes
        );
        assert_eq!(
            convert(&["a.txt", "--date-order", "ymd"]).read.date_order,
            Some(DateOrder::Ymd)
        );
        assert_eq!(convert(&["a.txt", "--year", "2014"]).read.year, Some(2014));
        for bad in ["13", "twenty", "20145"] {
            let args = Args::try_parse_from(["chatport", "convert", "a.txt", "--year", bad]);
            assert!(args.is_err(), "--year {bad}");
        }
    }

    #[test]
    fn several_exports_or_formats_go_into_a_folder() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().to_str().unwrap();
        let cases: &[(&[&str], Option<Destination>)] = &[
            (&["a.txt", "-o", d], Some(Destination::Dir(d.into()))),
            (
                &["a.txt", "-o", "out/"],
                Some(Destination::Dir("out/".into())),
            ),
            (
                &["a.txt", "b.zip", "-o", "out"],
                Some(Destination::Dir("out".into())),
            ),
            (
                &["a.txt", "-f", "json,md", "-o", "out"],
                Some(Destination::Dir("out".into())),
            ),
            (
                &[d, "-o", "converted"],
                Some(Destination::Dir("converted".into())),
            ),
            (&[d, "-o", "out.json"], None),
            (&["a.txt", "-f", "json,md", "-o", "x.json"], None),
            (&["a.txt", "b.zip"], None),
            (&[d], None),
            (&["a.txt", "-f", "json,md"], None),
            (&["-", "-"], None),
            (&["a.txt", "--media", "copy"], None),
            (&["a.txt", "-o", "x.json", "--jobs", "0"], None),
        ];
        for (args, want) in cases {
            let args2 = Args::try_parse_from(["chatport", "convert"].iter().chain(*args)).unwrap();
            let got = match Config::from_args(args2) {
                Ok(Config::Convert(c)) => Some(c.destination),
                Ok(other) => panic!("{other:?}"),
                Err(e) => {
                    assert!(e.is_usage(), "{args:?}: {e}");
                    None
                }
            };
            assert_eq!(&got, want, "{args:?}");
        }
        assert!(convert(&["a.txt", "-o", "out/"]).copy_media);
        assert!(!convert(&["a.txt", "-o", "x.json"]).copy_media);
        assert!(convert(&["a.txt", "-o", "x.json", "--media", "copy"]).copy_media);
    }

    #[test]
    fn ai_flags_are_refused_where_they_do_nothing() {
        let usage = |args: &[&str]| {
            let args = Args::try_parse_from(["chatport", "convert"].iter().chain(args)).unwrap();
            Config::from_args(args).err().map(|e| e.is_usage())
        };
        let cases: &[(&[&str], Option<bool>)] = &[
            (&["a.txt", "-f", "chatgpt", "--split", "day"], None),
            (&["a.txt", "-f", "json", "--split", "day"], Some(true)),
            (&["a.txt", "-f", "chatgpt", "--split", "week"], Some(true)),
            (&["a.txt", "-f", "openai-jsonl", "--strict-turns"], None),
            (&["a.txt", "-f", "openwebui", "--strict-turns"], Some(true)),
            (
                &["a.txt", "-f", "openai-jsonl", "--system", " "],
                Some(true),
            ),
            (&["a.txt", "--tz", "Europe/Paris"], None),
            (&["a.txt", "--tz", "Paris"], Some(true)),
        ];
        for (args, want) in cases {
            assert_eq!(usage(args), *want, "{args:?}");
        }
        let c = convert(&["a.txt", "-f", "chatgpt"]);
        assert!(c.read.guess_assistant);
        assert_eq!(c.ai.split, Split::Gap(21600));
        assert!(!convert(&["a.txt"]).read.guess_assistant);
    }
}
