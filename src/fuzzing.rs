//! The whole pipeline over bytes in memory, for the fuzz targets (`fuzz/`) and the property tests; built with the
//! `fuzzing` feature.
//!
//! Takes any bytes; gives every output format of them, or the error a user would see. It goes through the public
//! reader and writers, touches no file but an anonymous temporary one, and prints nothing. Whatever the bytes, it
//! must return: a panic or a hang here is a bug in the pipeline.

use crate::error::{Error, Result};
use crate::model::zone::Zone;
use crate::read::reader::{ReadOptions, Reader};
use crate::write::{Format, Options, Writer};

/// Every format, in the order of [`convert_bytes`]'s outputs.
pub const FORMATS: [Format; 8] = [
    Format::Json,
    Format::Jsonl,
    Format::Chatgpt,
    Format::OpenWebui,
    Format::OpenaiJsonl,
    Format::Claude,
    Format::SillyTavern,
    Format::Markdown,
];

/// `data` (a chat text, a zip, or a `chatport/1` document) converted to every format at once.
pub fn convert_bytes(data: &[u8]) -> Result<Vec<Vec<u8>>> {
    let reader = Reader::new(ReadOptions {
        guess_assistant: true,
        ..ReadOptions::default()
    });
    let export = reader.open_bytes("fuzz.txt", data)?;
    let options = Options {
        zone: Zone::parse("Europe/Paris").unwrap_or(Zone::UTC),
        ..Options::default()
    };
    let mut writers: Vec<Writer> = FORMATS
        .iter()
        .map(|f| Writer::new(*f, options.clone()))
        .collect();
    let mut outs: Vec<Vec<u8>> = vec![Vec::new(); FORMATS.len()];
    let err = |source| Error::Write {
        path: "<memory>".into(),
        source,
    };
    for (w, out) in writers.iter_mut().zip(&mut outs) {
        w.begin(export.chat(), out).map_err(err)?;
    }
    let summary = export.messages(&mut |m| {
        for (w, out) in writers.iter_mut().zip(outs.iter_mut()) {
            w.message(m, out).map_err(err)?;
        }
        Ok(())
    })?;
    for (w, out) in writers.iter_mut().zip(&mut outs) {
        w.end(&summary.warnings, out).map_err(err)?;
    }
    Ok(outs)
}
