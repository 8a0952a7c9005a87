//! `--zip`: the export written back and the media it names, packed as one `WhatsApp Chat with NAME.zip`, the
//! names importers (Telegram's *Import chat history* among them) recognise.
//!
//! Takes one chat (an export or a merge), its exports (for their media) and where the zip goes; gives the
//! outcome and the run report's entry, and prints a one-screen report: messages, senders, media packed and
//! media named but missing. The text and media are made in a temporary folder (deleted, also on a signal), and
//! the zip is written as every output is: whole or not at all.

use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use crate::app::batch::{Outcome, Run};
use crate::app::export::write_export;
use crate::app::names::{safe_file_name, title_of};
use crate::app::report;
use crate::app::stderr;
use chatport::model::Platform;
use chatport::output::media::Media;
use chatport::output::{Pending, Sink, Target};
use chatport::write::Format;
use chatport::{Error, Export, Messages, Reader, Result, Source};

use crate::app::config::{ConvertConfig, Destination};

/// Packs one export into the zip `-o` names.
pub fn pack_one(run: &Run, source: &Source) -> Result<(Outcome, report::Entry)> {
    let config = run.config;
    let export = Reader::new(config.read_options(false, config.jobs.min(2))).open_source(source)?;
    pack(
        run,
        &export,
        &[&export],
        &source.display(),
        &destination(config),
    )
}

/// Where `-o` puts the zip: the `.zip` named, or a folder (the current one when none is named).
pub fn destination(config: &ConvertConfig) -> PathBuf {
    match &config.destination {
        Destination::File(p) | Destination::Dir(p) => p.clone(),
        Destination::Stdout => PathBuf::from("."),
    }
}

/// Packs `chat` into the zip `to` names: a `.zip` path, or a folder to put `WhatsApp Chat with NAME.zip` in.
pub fn pack(
    run: &Run,
    chat: &dyn Messages,
    exports: &[&Export],
    shown: &str,
    to: &Path,
) -> Result<(Outcome, report::Entry)> {
    let config = run.config;
    let temp_error = |source| Error::Temp {
        path: shown.to_string(),
        dir: std::env::temp_dir().display().to_string(),
        source,
    };
    let (temp, _pending) = Pending::create(
        || tempfile::Builder::new().prefix(".chatport-zip-").tempdir(),
        |t| t.path(),
    )
    .map_err(temp_error)?;
    let text = temp.path().join("chat.txt");
    let media_dir = temp.path().join("media");
    let outputs = [(Format::Whatsapp, Target::File(text.clone()))];
    let media = || {
        Media::copy_all(
            exports,
            media_dir.clone(),
            media_dir.display().to_string(),
            &run.policy,
            config.max_media,
        )
    };
    let done = write_export(run, &run.policy, chat, &outputs, media, None)?;
    let title = safe_file_name(&title_of(chat.chat(), config.redact.as_ref()));
    let zip_path = match to
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
    {
        true => to.to_path_buf(),
        false => {
            std::fs::create_dir_all(to).map_err(|source| Error::Write {
                path: to.display().to_string(),
                source,
            })?;
            to.join(format!("WhatsApp Chat with {title}.zip"))
        }
    };
    // why: importers look for the name each phone gives the chat inside its zip.
    let ios = config
        .layout
        .as_ref()
        .map_or(chat.chat().dialect.platform == Platform::Ios, |l| {
            l.platform == Platform::Ios
        });
    let entry = match ios {
        true => "_chat.txt".to_string(),
        false => format!("WhatsApp Chat with {title}.txt"),
    };
    // Each file once, in the order messages name it: the ones kept, then the ones named but not found.
    let mut seen = std::collections::HashSet::new();
    let files: Vec<(&str, &str)> = done
        .named
        .iter()
        .filter_map(|(f, p)| Some((f.as_str(), p.as_deref()?)))
        // why: an attachment named like the chat's own entry (a forwarded `_chat.txt`) would be a second entry
        // of one name, which a zip cannot hold.
        .filter(|(f, _)| *f != entry && seen.insert(*f))
        .collect();
    let missing: Vec<&str> = done
        .named
        .iter()
        .filter(|(f, p)| p.is_none() && seen.insert(f.as_str()))
        .map(|(f, _)| f.as_str())
        .collect();
    let mut sink = Sink::open(&Target::File(zip_path.clone()), &run.policy)?;
    // A media file that cannot be read is named as itself; anything else is the zip's error.
    let mut unreadable: Option<Error> = None;
    let written: io::Result<()> = (|| {
        let zip_error = |e: zip::result::ZipError| io::Error::other(e);
        let mut zip = zip::ZipWriter::new_stream(&mut sink);
        let deflated = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file(entry.as_str(), deflated)
            .map_err(zip_error)?;
        io::copy(&mut std::fs::File::open(&text)?, &mut zip)?;
        // Media are compressed already: stored as they are.
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored)
            .large_file(true);
        for (file, path) in &files {
            let mut media = std::fs::File::open(path).map_err(|source| {
                unreadable = Some(Error::Read {
                    path: path.to_string(),
                    source,
                });
                io::Error::other("a media file cannot be read")
            })?;
            zip.start_file(*file, stored).map_err(zip_error)?;
            io::copy(&mut media, &mut zip)?;
        }
        zip.finish().map_err(zip_error)?;
        Ok(())
    })();
    if let Some(e) = unreadable {
        return Err(e);
    }
    written.map_err(|e| sink.error(e))?;
    sink.flush().map_err(|e| sink.error(e))?;
    sink.finish()?;
    let present = files.len();
    if !config.quiet {
        let senders = chat
            .chat()
            .participants
            .iter()
            .filter(|p| p.messages > 0)
            .count();
        let missing_list = crate::app::inspect::list(&missing);
        stderr::line(&format!(
            "chatport: packed {}: {} messages from {senders} senders; {present} media files in it, {} named but missing{missing_list}",
            zip_path.display(),
            done.messages,
            missing.len()
        ));
    }
    let entry = report::Entry::converted(
        shown.to_string(),
        vec![zip_path.display().to_string()],
        vec![Format::Whatsapp.name()],
        done.messages,
        done.warnings.len(),
    );
    Ok((Outcome::one(), entry))
}
