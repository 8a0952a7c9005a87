//! The whole pipeline over bytes in memory, for the fuzz targets (`fuzz/`) and the property tests.
//!
//! Takes any bytes; gives every output format of them, or the error a user would see. It touches no file but an
//! anonymous temporary one, and prints nothing. Whatever the bytes, it must return: a panic or a hang here is a
//! bug in the pipeline.

use crate::app::batch;
use crate::app::config::AiOptions;
use crate::error::{Error, Result};
use crate::input::Input;
use crate::model::zone::Zone;
use crate::read::roles::RoleNames;
use crate::write::{Format, Options, Writer};

/// Every format, in the order of [`convert_bytes`]'s outputs.
pub const FORMATS: [Format; 6] = [
    Format::Json,
    Format::Jsonl,
    Format::Chatgpt,
    Format::OpenWebui,
    Format::OpenaiJsonl,
    Format::Markdown,
];

/// `data` (a chat text or a zip) converted to every format at once.
pub fn convert_bytes(data: &[u8]) -> Result<Vec<Vec<u8>>> {
    let input = Input::from_bytes("fuzz.txt", data)?;
    let names = RoleNames {
        guess: true,
        ..RoleNames::default()
    };
    let prepared = batch::prepare(input, None, &names, true, false)?;
    let options = Options {
        ai: AiOptions::default(),
        zone: Zone::parse("Europe/Paris").unwrap_or(Zone::UTC),
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
        w.begin(&prepared.chat, out).map_err(err)?;
    }
    let (_, warnings) = batch::stream(&prepared, None, &mut |m| {
        for (w, out) in writers.iter_mut().zip(outs.iter_mut()) {
            w.message(m, out).map_err(err)?;
        }
        Ok(())
    })?;
    for (w, out) in writers.iter_mut().zip(&mut outs) {
        w.end(&warnings, out).map_err(err)?;
    }
    Ok(outs)
}
