//! Resolved settings: what to run, on what, to where.
//!
//! Takes [`Args`]; gives a plain-data [`Config`] with `-` resolved to standard input, the format decided (flag,
//! else the `-o` extension, else JSON) and impossible combinations rejected as usage errors. Runs nothing.

use crate::cli::{AiArgs, Args, Command, DateOrderArg, FormatArg, RoleArgs};
use crate::convo::Split;
use crate::error::{Error, Result};
use crate::input::Source;
use crate::model::DateOrder;
use crate::output::{self, Target};
use crate::roles::RoleNames;
use crate::write::Format;
use crate::zone::Zone;

/// What to run.
#[derive(Clone, Debug, PartialEq)]
pub enum Config {
    Convert(ConvertConfig),
    Inspect(InspectConfig),
}

/// `chatport convert`.
#[derive(Clone, Debug, PartialEq)]
pub struct ConvertConfig {
    /// The export to read.
    pub source: Source,
    /// The output format.
    pub format: Format,
    /// Where the output goes.
    pub target: Target,
    /// `--date-order`, when not `auto`.
    pub date_order: Option<DateOrder>,
    /// Replace an existing output file.
    pub force: bool,
    /// Keep warnings off stderr.
    pub quiet: bool,
    /// `--assistant`, `--me` (and whether to guess: the AI formats need an assistant).
    pub roles: RoleNames,
    /// `--tz`: the zone of the export's wall-clock times, when given.
    pub tz: Option<Zone>,
    /// How the AI formats cut and shape conversations.
    pub ai: AiOptions,
}

/// `--split`, `--system`, `--strict-turns`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AiOptions {
    pub split: Split,
    pub system: Option<String>,
    pub strict_turns: bool,
}

impl Default for AiOptions {
    fn default() -> Self {
        AiOptions {
            split: Split::Gap(6 * 3600),
            system: None,
            strict_turns: false,
        }
    }
}

/// `chatport inspect`.
#[derive(Clone, Debug, PartialEq)]
pub struct InspectConfig {
    pub sources: Vec<Source>,
    pub json: bool,
    pub date_order: Option<DateOrder>,
    pub roles: RoleNames,
    pub tz: Option<Zone>,
}

impl Config {
    /// Resolves the command line.
    pub fn from_args(args: Args) -> Result<Config> {
        match args.command {
            Command::Convert(a) => {
                let source = Source::from_arg(&a.input);
                let target = match a.output {
                    None => Target::Stdout,
                    Some(p) if p.as_os_str() == "-" => Target::Stdout,
                    Some(p) => Target::File(p),
                };
                let format = match (a.format, &target) {
                    (Some(f), _) => format(f),
                    (None, Target::File(p)) => Format::from_path(p).unwrap_or(Format::Json),
                    (None, Target::Stdout) => Format::Json,
                };
                let ai = ai_options(a.ai, format)?;
                if let (Source::Path(input), Target::File(out)) = (&source, &target)
                    && output::same_file(input, out)
                {
                    return Err(Error::Usage(format!(
                        "{}: the output would replace the input; choose another -o path",
                        out.display()
                    )));
                }
                Ok(Config::Convert(ConvertConfig {
                    source,
                    format,
                    target,
                    date_order: date_order(a.date_order),
                    force: a.force,
                    quiet: a.quiet,
                    roles: RoleNames {
                        guess: format.is_conversations(),
                        ..role_names(a.roles)
                    },
                    tz: zone(a.tz.as_deref())?,
                    ai,
                }))
            }
            Command::Inspect(a) => {
                let sources: Vec<Source> = a.inputs.iter().map(|p| Source::from_arg(p)).collect();
                if sources.iter().filter(|s| **s == Source::Stdin).count() > 1 {
                    return Err(Error::Usage(
                        "standard input (-) can be named only once".into(),
                    ));
                }
                Ok(Config::Inspect(InspectConfig {
                    sources,
                    json: a.json,
                    date_order: date_order(a.date_order),
                    roles: role_names(a.roles),
                    tz: zone(a.tz.as_deref())?,
                }))
            }
        }
    }
}

fn format(arg: FormatArg) -> Format {
    match arg {
        FormatArg::Json => Format::Json,
        FormatArg::Jsonl => Format::Jsonl,
        FormatArg::Chatgpt => Format::Chatgpt,
        FormatArg::Openwebui => Format::OpenWebui,
        FormatArg::OpenaiJsonl => Format::OpenaiJsonl,
        FormatArg::Markdown => Format::Markdown,
    }
}

fn zone(arg: Option<&str>) -> Result<Option<Zone>> {
    arg.map(|s| Zone::parse(s).map_err(|e| Error::Usage(format!("--tz: {e}"))))
        .transpose()
}

/// The AI flags, refused where they would do nothing (so a typo in `-f` does not pass silently).
fn ai_options(arg: AiArgs, format: Format) -> Result<AiOptions> {
    let name = format.name();
    if !format.is_conversations() && arg.split.is_some() {
        return Err(Error::Usage(format!(
            "--split applies to -f chatgpt, openwebui and openai-jsonl, not {name}"
        )));
    }
    if format != Format::OpenaiJsonl && (arg.system.is_some() || arg.strict_turns) {
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
    Ok(AiOptions {
        split,
        system: arg.system,
        strict_turns: arg.strict_turns,
    })
}

fn role_names(arg: RoleArgs) -> RoleNames {
    RoleNames {
        assistant: arg.assistant,
        me: arg.me,
        guess: false,
    }
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
            Config::Convert(c) => c,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn format_comes_from_the_flag_then_the_extension() {
        let cases: &[(&[&str], Format, Target)] = &[
            (&["a.txt"], Format::Json, Target::Stdout),
            (&["a.txt", "-o", "-"], Format::Json, Target::Stdout),
            (
                &["a.txt", "-o", "out.jsonl"],
                Format::Jsonl,
                Target::File("out.jsonl".into()),
            ),
            (
                &["a.txt", "-o", "out.JSON"],
                Format::Json,
                Target::File("out.JSON".into()),
            ),
            (
                &["a.txt", "-o", "out.txt"],
                Format::Json,
                Target::File("out.txt".into()),
            ),
            (
                &["a.txt", "-f", "jsonl", "-o", "out.json"],
                Format::Jsonl,
                Target::File("out.json".into()),
            ),
            (&["-", "-f", "jsonl"], Format::Jsonl, Target::Stdout),
            (
                &["a.txt", "-o", "out/conversations.json"],
                Format::Chatgpt,
                Target::File("out/conversations.json".into()),
            ),
            (
                &["a.txt", "-o", "chat.md"],
                Format::Markdown,
                Target::File("chat.md".into()),
            ),
            (&["a.txt", "-f", "copilot"], Format::Chatgpt, Target::Stdout),
            (&["a.txt", "-f", "md"], Format::Markdown, Target::Stdout),
            (
                &["a.txt", "-f", "openai-jsonl"],
                Format::OpenaiJsonl,
                Target::Stdout,
            ),
        ];
        for (args, format, target) in cases {
            let c = convert(args);
            assert_eq!((c.format, &c.target), (*format, target), "{args:?}");
        }
        assert_eq!(convert(&["-"]).source, Source::Stdin);
        assert_eq!(
            convert(&["a.txt", "--date-order", "ymd"]).date_order,
            Some(DateOrder::Ymd)
        );
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
        assert!(c.roles.guess);
        assert_eq!(c.ai.split, Split::Gap(21600));
        assert!(!convert(&["a.txt"]).roles.guess);
    }
}
