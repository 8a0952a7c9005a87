//! The library's front door, as README's "Using chatport as a library" shows it: reads the export named on the
//! command line and prints it as Markdown, with its counts on stderr.
//!
//! `cargo run --example library -- "fixtures/demo/WhatsApp Chat with Copilot.txt"`

use chatport::write::{Format, Options, Writer};
use chatport::{ReadOptions, Reader};

fn main() -> chatport::Result<()> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "fixtures/demo/WhatsApp Chat with Copilot.txt".into());
    let export = Reader::new(ReadOptions::default()).open(&path)?;
    println!(
        "{:?}: {} participants",
        export.chat().title,
        export.chat().participants.len()
    );
    let mut out = std::io::stdout().lock();
    let mut writer = Writer::new(Format::Markdown, Options::default());
    let io = |e| chatport::Error::Write {
        path: "<stdout>".into(),
        source: e,
    };
    writer.begin(export.chat(), &mut out).map_err(io)?;
    let summary = export.messages(&mut |m| writer.message(m, &mut out).map_err(io))?;
    writer.end(&summary.warnings, &mut out).map_err(io)?;
    eprintln!(
        "{} messages, {} warnings",
        summary.messages,
        summary.warnings.len()
    );
    Ok(())
}
