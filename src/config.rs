//! Resolved settings: what to run, on what, to where.
//!
//! Takes [`Args`]; gives a plain-data [`Config`] with `-` resolved to standard input, the format decided (flag,
//! else the `-o` extension, else JSON) and impossible combinations rejected as usage errors. Runs nothing.

use crate::cli::{Args, Command, DateOrderArg, FormatArg, RoleArgs};
use crate::error::{Error, Result};
use crate::input::Source;
use crate::model::DateOrder;
use crate::output::{self, Target};
use crate::roles::RoleNames;
use crate::write::Format;

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
    /// `--assistant`, `--me`.
    pub roles: RoleNames,
}

/// `chatport inspect`.
#[derive(Clone, Debug, PartialEq)]
pub struct InspectConfig {
    pub sources: Vec<Source>,
    pub json: bool,
    pub date_order: Option<DateOrder>,
    pub roles: RoleNames,
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
                    (Some(FormatArg::Json), _) => Format::Json,
                    (Some(FormatArg::Jsonl), _) => Format::Jsonl,
                    (None, Target::File(p)) => Format::from_path(p).unwrap_or(Format::Json),
                    (None, Target::Stdout) => Format::Json,
                };
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
                    roles: role_names(a.roles),
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
                }))
            }
        }
    }
}

fn role_names(arg: RoleArgs) -> RoleNames {
    RoleNames {
        assistant: arg.assistant,
        me: arg.me,
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
}
