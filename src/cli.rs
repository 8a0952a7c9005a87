//! The command line, as clap-derive types.
//!
//! Takes nothing; gives [`Args`], which only mirror what the user typed (doc comments are the help text).
//! Resolving them (stdin, format from the extension, conflicts) is `config.rs`'s job.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Turn WhatsApp "Export chat" files into clean, lossless, portable data.
///
/// Reads the .txt of an export in any locale (Android or iOS, any date format, 12 or 24 hours) and writes
/// normalized JSON. Nothing is sent anywhere: chatport never touches the network.
#[derive(Debug, Parser)]
#[command(name = "chatport", version, propagate_version = true)]
#[command(after_help = "Examples:\n  \
    chatport convert \"WhatsApp Chat with Copilot.txt\" -o copilot.json\n  \
    chatport inspect \"WhatsApp Chat with Copilot.txt\"\n\n\
    Exit codes: 0 success, 1 an input could not be converted, 2 usage error.")]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Convert one export to JSON or JSON Lines.
    #[command(after_help = "Examples:\n  \
        chatport convert \"WhatsApp Chat with Copilot.txt\"                 # JSON to stdout\n  \
        chatport convert \"WhatsApp Chat with Copilot.txt\" -o chat.jsonl   # format from the extension\n  \
        chatport convert _chat.txt --date-order mdy -o chat.json --force\n  \
        chatport convert _chat.txt --assistant \"Copilot\" --me \"Ana\"\n  \
        cat _chat.txt | chatport convert - -f jsonl")]
    Convert(ConvertArgs),
    /// Show what chatport detects in exports: dialect, date order and why, counts, participants, warnings.
    #[command(after_help = "Examples:\n  \
        chatport inspect \"WhatsApp Chat with Copilot.txt\"\n  \
        chatport inspect exports/*.txt --json")]
    Inspect(InspectArgs),
}

#[derive(Debug, clap::Args)]
pub struct ConvertArgs {
    /// The exported chat: a .txt file, or - for standard input.
    pub input: PathBuf,

    /// Output format [default: from the -o extension, else json].
    #[arg(short, long, value_enum)]
    pub format: Option<FormatArg>,

    /// Write to this file instead of standard output (- is standard output).
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,

    /// Day/month order of the dates; auto learns it from the file.
    #[arg(long, value_enum, default_value_t = DateOrderArg::Auto)]
    pub date_order: DateOrderArg,

    /// Replace the output file if it exists.
    #[arg(long)]
    pub force: bool,

    /// Do not print warnings to stderr (they stay in the JSON output).
    #[arg(short, long)]
    pub quiet: bool,

    #[command(flatten)]
    pub roles: RoleArgs,
}

/// Who is who, for AI chat formats.
#[derive(Debug, Default, clap::Args)]
pub struct RoleArgs {
    /// The participant who is the AI assistant [default: a known AI contact (Copilot, ChatGPT, Perplexity,
    /// Meta AI…), else nobody].
    #[arg(long, value_name = "NAME")]
    pub assistant: Option<String>,

    /// The participant who exported the chat.
    #[arg(long, value_name = "NAME")]
    pub me: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct InspectArgs {
    /// Exported chats (.txt), or - for standard input.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,

    /// Print a JSON array (one object per input) instead of text.
    #[arg(long)]
    pub json: bool,

    /// Day/month order of the dates; auto learns it from the file.
    #[arg(long, value_enum, default_value_t = DateOrderArg::Auto)]
    pub date_order: DateOrderArg,

    #[command(flatten)]
    pub roles: RoleArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// One JSON document: chat, participants, messages, warnings.
    Json,
    /// One JSON message object per line.
    Jsonl,
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
            (c.format, c.date_order, c.output),
            (Some(FormatArg::Jsonl), DateOrderArg::Mdy, Some("y".into()))
        );
        assert!(
            Args::try_parse_from(["chatport", "convert", "x.txt", "--date-order", "dym"]).is_err()
        );
        assert!(Args::try_parse_from(["chatport", "inspect"]).is_err());
    }
}
