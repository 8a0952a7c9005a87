//! The command line, as clap-derive types.
//!
//! Takes nothing; gives [`Args`], which only mirror what the user typed (doc comments are the help text).
//! Resolving them (stdin, format from the extension, conflicts) is `config.rs`'s job.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Turn WhatsApp "Export chat" files into clean, lossless, portable data.
///
/// Reads the .txt or .zip of an export in any locale (Android or iOS, any date format, 12 or 24 hours) and writes
/// lossless JSON, the import files of AI tools (ChatGPT-export conversations.json for Open WebUI and LibreChat,
/// Open WebUI's own JSON, OpenAI JSONL) or Markdown. Nothing is sent anywhere: chatport never touches the network.
#[derive(Debug, Parser)]
#[command(name = "chatport", version, propagate_version = true)]
#[command(after_help = "Examples:\n  \
    chatport convert \"WhatsApp Chat with Copilot.txt\" -o conversations.json\n  \
    chatport convert \"WhatsApp Chat - Copilot.zip\" -o copilot.md\n  \
    chatport convert ~/exports -o converted -f json,markdown\n  \
    chatport inspect \"WhatsApp Chat with Copilot.txt\"\n\n\
    Exit codes: 0 every export converted, 1 some export could not be converted (the others are), 2 usage error, 130 interrupted (Ctrl-C).")]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Convert exports to lossless JSON, an AI tool's import format, or Markdown.
    #[command(after_help = "Examples:\n  \
        chatport convert \"WhatsApp Chat with Copilot.txt\"                 # JSON to stdout\n  \
        chatport convert \"WhatsApp Chat with Copilot.txt\" -o chat.jsonl   # format from the extension\n  \
        chatport convert \"WhatsApp Chat with Copilot.txt\" -o conversations.json   # ChatGPT format\n  \
        chatport convert _chat.txt -f openwebui --tz Europe/Paris -o openwebui.json\n  \
        chatport convert _chat.txt -f openai-jsonl --strict-turns --split day -o train.jsonl\n  \
        chatport convert _chat.txt -o chat.md\n  \
        chatport convert _chat.txt --date-order mdy -o chat.json --force\n  \
        chatport convert _chat.txt --assistant \"Copilot\" --me \"Ana\"\n  \
        chatport convert \"WhatsApp Chat - Copilot.zip\" -o out/ -f json,md  # + media\n  \
        chatport convert ~/exports -o converted --jobs 4                    # every export in a folder\n  \
        cat _chat.txt | chatport convert - -f jsonl\n\n\
        Exit codes: 0 every export converted, 1 some export could not be converted (the others are), 2 usage error, 128 + the signal when stopped (130 Ctrl-C, 143 SIGTERM, 129 SIGHUP).")]
    Convert(Box<ConvertArgs>),
    /// Merge several exports of one chat (other dates, phones, platforms, locales) into one chat, each message
    /// once, and write it in any format.
    #[command(after_help = "Examples:\n  \
        chatport merge chat-2024.txt chat-2025.zip -o chat.json           # one archive from two exports\n  \
        chatport merge android.txt iphone.zip -o chat.html                  # two phones' exports of one chat\n  \
        chatport inspect chat.json                                          # what each export brought\n\n\
        A message in several exports is written once and lists each one it was found in (`from`); two equal \
        messages within one export are both kept. Times of exports from phones in other zones are lined up, \
        with a warning.")]
    Merge(Box<ConvertArgs>),
    /// Show what chatport detects in exports: dialect, date order and why, counts, participants, warnings.
    #[command(after_help = "Examples:\n  \
        chatport inspect \"WhatsApp Chat with Copilot.txt\"\n  \
        chatport inspect exports/ --json                                  # every export in a folder")]
    Inspect(InspectArgs),
    /// Print a shell's completion script: `chatport completions bash > /etc/bash_completion.d/chatport`.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): `chatport man > chatport.1 && man -l chatport.1`.
    Man,
}

#[derive(Debug, clap::Args)]
pub struct ConvertArgs {
    /// Exported chats: a .txt, a .zip, a folder (searched for exports), or - for standard input [default: -
    /// when standard input is a pipe or a file].
    #[arg()]
    pub inputs: Vec<PathBuf>,

    /// Output format; several, comma-separated, with -o DIR [default: from the -o name: .json, .jsonl, .md, .txt,
    /// conversations.json and *.conversations.json (chatgpt), *.openwebui.json, *.claude.json,
    /// *.sillytavern.jsonl, *.openai.jsonl; a name that says none is an error].
    #[arg(short, long, value_enum, value_delimiter = ',', ignore_case = true)]
    pub format: Vec<FormatArg>,

    /// Write to this file, or into this folder (an existing folder, a path ending in /, or whenever there are
    /// several exports: then each output is named after its chat) [default: standard output].
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,

    /// Copy the media of each export (zip entries, or files beside a .txt) to DIR/CHAT/media/ and link
    /// them [default: copy when writing into a folder, else none].
    #[arg(long, value_enum, ignore_case = true)]
    pub media: Option<MediaArg>,

    /// With -f html: put each media file into the page itself (a data: URI), so the page is one file; a file
    /// over MB (--embed-media=MB, default 16) stays a link, with a warning.
    #[arg(long, value_name = "MB", num_args = 0..=1, require_equals = true, default_missing_value = "16")]
    pub embed_media: Option<u64>,

    /// Cut each AI-format output (chatgpt, openwebui, claude, sillytavern, openai-jsonl) into numbered files of
    /// at most MB megabytes (MiB, as every size flag here), never within a conversation: conversations-1.json, …
    #[arg(long, value_name = "MB")]
    pub max_size: Option<f64>,

    /// With -f whatsapp: write every header in one layout: android (DD/MM/YYYY, HH:MM - , what Telegram's
    /// Import chat history reads), ios ([DD/MM/YYYY, HH:MM:SS] ), or a template ({dd}/{mm}/{yy}, {HH}:{MM} - ;
    /// placeholders {d} {dd} {m} {mm} {MMM} {yy} {yyyy} {H} {HH} {h} {hh} {MM} {SS} {p}) [default: each message's own].
    #[arg(long, value_name = "LAYOUT")]
    pub layout: Option<String>,

    /// Pack the export written back (-f whatsapp) and the media it names into `WhatsApp Chat with NAME.zip`, as
    /// importers expect it: -o NAME.zip, or -o DIR/.
    #[arg(long)]
    pub zip: bool,

    /// Replace every participant (Person A, Person B, … in order of first message; the assistant keeps its
    /// name), phone number, e-mail address, @-mention and contact card name, the same way everywhere: a chat to
    /// share or publish. Times, kinds and the layout are kept.
    #[arg(long)]
    pub redact: bool,

    /// With --redact: a participant's pseudonym by hand, "Old Name=New Name" (repeatable).
    #[arg(long, value_name = "OLD=NEW", requires = "redact")]
    pub rename: Vec<String>,

    /// With --redact: stand-ins from a keyed hash, the same for the same key in every file and run.
    #[arg(long, value_name = "KEY", requires = "redact")]
    pub redact_key: Option<String>,

    /// With --redact: also replace links' paths and queries (their site is kept).
    #[arg(long, requires = "redact")]
    pub redact_urls: bool,

    /// With --redact: write what was replaced by what to FILE (JSON). Without it the mapping is kept nowhere.
    #[arg(long, value_name = "FILE", requires = "redact")]
    pub redact_map: Option<PathBuf>,

    /// Largest media file to copy, in MB; bigger or absurdly compressed entries are refused with a warning.
    #[arg(long, value_name = "MB", default_value_t = 4096)]
    pub max_media_size: u64,

    /// Exports converted at once; with one export, 1 keeps it to one thread (otherwise it is read on a second
    /// thread while it is written) [default: the number of cores].
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,

    /// Print a line per export.
    #[arg(short, long)]
    pub verbose: bool,

    #[command(flatten)]
    pub read: ReadArgs,

    /// Replace the output file if it exists.
    #[arg(long, conflicts_with = "skip_existing")]
    pub force: bool,

    /// Leave an output that exists alone and count its export as skipped (exit 0): how a rerun or an interrupted
    /// batch goes on.
    #[arg(long)]
    pub skip_existing: bool,

    /// Write a JSON report of the run here (one entry per export: input, outputs, status, messages, warnings,
    /// error; then the totals); `-` is standard output when the outputs go to files.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,

    /// Only messages from this time on, in the chat's wall-clock time: YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS] (for
    /// importing only what is new; the AI formats keep the ids of the whole export).
    #[arg(long, value_name = "WHEN")]
    pub since: Option<String>,

    /// Only messages up to this time (a date alone includes that whole day); as --since.
    #[arg(long, value_name = "WHEN")]
    pub until: Option<String>,

    /// Do not print warnings to stderr (they stay in the JSON output).
    #[arg(short, long)]
    pub quiet: bool,

    #[command(flatten)]
    pub ai: AiArgs,
}

/// How the AI formats (chatgpt, openwebui, openai-jsonl) cut and shape conversations.
#[derive(Debug, Default, clap::Args)]
pub struct AiArgs {
    /// Where a conversation ends: none, day, or gap:DURATION (a silence longer than DURATION: 6h, 90m, 1h30m, 2d; a
    /// duration alone is a gap) [default: gap:6h]. A conversation always holds both sides when the chat has both: a reply after the
    /// silence stays with its question, and a session of one side alone joins the next (or, at the end, the one
    /// before).
    #[arg(long, value_name = "HOW")]
    pub split: Option<String>,

    /// openai-jsonl: put this system message first in every conversation.
    #[arg(long, value_name = "TEXT")]
    pub system: Option<String>,

    /// openai-jsonl: strictly alternate user and assistant (merge consecutive messages of one side, drop a
    /// leading assistant greeting, end on an assistant turn), for trainers that require it.
    #[arg(long)]
    pub strict_turns: bool,

    /// chatgpt, openwebui: keep WhatsApp's markup (`*bold*`, `_italic_`, `~strike~`) as typed instead of turning it
    /// into Markdown, which the apps render.
    #[arg(long)]
    pub keep_markup: bool,
}

/// How an export is read, for `convert` and `inspect` alike.
#[derive(Debug, clap::Args)]
pub struct ReadArgs {
    /// Day/month order of the dates; auto learns it from the file.
    #[arg(long, value_enum, default_value_t = DateOrderArg::Auto, ignore_case = true)]
    pub date_order: DateOrderArg,

    /// The year of the last message, for older Android exports whose headers leave the year out
    /// (`Mar 5, 8:11 PM - `) [default: the zip entry's date, else the file's modification time, else today].
    #[arg(long, value_name = "YYYY", value_parser = clap::value_parser!(i32).range(1900..=9999))]
    pub year: Option<i32>,

    #[command(flatten)]
    pub roles: RoleArgs,

    /// Time zone of the phone that exported the chat: an IANA name (Europe/Paris), UTC, or an offset (+02:00)
    /// [default: $TZ, else this machine's zone]. JSON times then carry the offset; the AI formats need it for Unix
    /// times.
    #[arg(long, value_name = "ZONE", allow_hyphen_values = true)]
    pub tz: Option<String>,
}

/// Who is who, for AI chat formats.
#[derive(Debug, Default, clap::Args)]
pub struct RoleArgs {
    /// The participant who is the AI assistant, or `none` [default: a known AI contact (Copilot, ChatGPT,
    /// Perplexity, Meta AI…), else nobody; in a two-person chat the AI formats then guess, with a warning, and a
    /// group must name one or `none`, which keeps every message as a user's with its author's name].
    #[arg(long, value_name = "NAME")]
    pub assistant: Option<String>,

    /// The participant who exported the chat.
    #[arg(long, value_name = "NAME")]
    pub me: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct InspectArgs {
    /// Exported chats: a .txt, a .zip, a folder (searched for exports), or - for standard input.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,

    /// Print a JSON array (one object per input) instead of text.
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub read: ReadArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// One JSON document: chat, participants, messages, warnings (lossless).
    Json,
    /// One JSON message object per line (lossless, streamable).
    Jsonl,
    /// ChatGPT-export conversations.json, for Open WebUI, LibreChat, Cherry Studio (alias: copilot).
    #[value(alias = "copilot", alias = "conversations")]
    Chatgpt,
    /// Open WebUI's own import JSON (keeps message times, chat dates, model label, tags).
    Openwebui,
    /// OpenAI chat JSONL: one {"messages":[…]} per conversation, for fine-tuning.
    OpenaiJsonl,
    /// The Claude export's conversations.json, for LibreChat's Claude importer and tools that read Claude exports.
    Claude,
    /// SillyTavern's chat JSONL (one file per chat), for its Import chat.
    Sillytavern,
    /// A readable transcript for people (alias: md).
    #[value(alias = "md")]
    Markdown,
    /// One HTML page per chat that looks like the chat, with search; opens offline in any browser (alias: htm).
    #[value(alias = "htm")]
    Html,
    /// The export itself, written back from the model: proof that nothing was lost (alias: txt).
    #[value(alias = "txt")]
    Whatsapp,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum MediaArg {
    /// Copy every media file next to the output and link it.
    Copy,
    /// Copy nothing (files already beside a .txt are still linked).
    None,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DateOrderArg {
    /// Learn it from the dates in the file.
    Auto,
    /// Day, month, year (23/03/2022).
    Dmy,
    /// Month, day, year (3/23/22).
    Mdy,
    /// Year, month, day (2022/03/23).
    Ymd,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_valid() {
        Args::command().debug_assert();
    }

    #[test]
    fn parses_convert_flags() {
        let a = Args::try_parse_from([
            "chatport",
            "convert",
            "x.txt",
            "-f",
            "jsonl",
            "-o",
            "y",
            "--date-order",
            "mdy",
        ])
        .unwrap();
        let Command::Convert(c) = a.command else {
            panic!("not convert")
        };
        assert_eq!(
            (c.format, c.read.date_order, c.output),
            (vec![FormatArg::Jsonl], DateOrderArg::Mdy, Some("y".into()))
        );
        let a = Args::try_parse_from(["chatport", "convert", "a", "b", "-f", "json,md"]).unwrap();
        let Command::Convert(c) = a.command else {
            panic!("not convert")
        };
        assert_eq!(c.inputs.len(), 2);
        assert_eq!(c.format, [FormatArg::Json, FormatArg::Markdown]);
        assert!(
            Args::try_parse_from(["chatport", "convert", "x.txt", "--date-order", "dym"]).is_err()
        );
        assert!(Args::try_parse_from(["chatport", "inspect"]).is_err());
    }
}
