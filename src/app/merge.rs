//! `chatport merge`: several exports of one chat read, merged (the library's [`Merged`]) and written once.
//!
//! Takes the run and its inputs; gives the outcome and the run report's entry, and prints the warnings and the
//! closing line. With `--media copy` (the default into a folder) the union of the exports' media is copied,
//! each file once; else the first export's media are linked where they sit beside it.

use crate::app::batch::{Outcome, Run, print_warnings, wrote_line};
use crate::app::config::Destination;
use crate::app::export::{copy_media, media_folder, write_export, write_redact_map};
use crate::app::names::{file_for, safe_file_name, title_of};
use crate::app::report;
use crate::app::stderr;
use chatport::output::Target;
use chatport::output::media::{Locator, Media};
use chatport::write::Format;
use chatport::{Error, Export, Merged, Messages, Reader, Result, Source};

/// `chatport merge`: every export read, merged into one chat, written once in each format asked for. With a
/// folder among the inputs and `-o DIR`, the exports are grouped by chat (its name and participants) and each
/// group is merged into its own outputs.
pub fn merge(run: &Run, sources: &[Source]) -> Result<(Outcome, Vec<report::Entry>)> {
    let config = run.config;
    let reader = Reader::new(config.read_options(true, config.jobs.min(2)));
    let exports = sources
        .iter()
        .map(|s| reader.open_source(s))
        .collect::<Result<Vec<Export>>>()?;
    let folders = config
        .sources
        .iter()
        .any(|s| matches!(s, Source::Path(p) if p.is_dir()));
    let groups = match (&config.destination, folders) {
        (Destination::Dir(_), true) => group(exports),
        _ => vec![exports],
    };
    if groups.len() > 1 && config.redact_map.is_some() {
        return Err(Error::Usage(
            "--redact-map keeps one chat's mapping, and this folder holds several chats: merge them one by one".into(),
        ));
    }
    let mut outcome = Outcome::default();
    let mut entries = Vec::new();
    let mut used = std::collections::HashSet::new();
    for exports in groups {
        let (one, entry) = merge_one(run, exports, &mut used)?;
        outcome.succeeded += one.succeeded;
        entries.push(entry);
    }
    Ok((outcome, entries))
}

/// Exports grouped by chat: one group holds the exports with the same chat name, or with the same participants
/// when one of them has no name but theirs (an iPhone's `_chat.txt`), in the order the first of each was given.
fn group(exports: Vec<Export>) -> Vec<Vec<Export>> {
    let people = |e: &Export| {
        let mut names: Vec<String> = e
            .chat()
            .participants
            .iter()
            .map(|p| p.name.trim_start_matches('~').trim().to_lowercase())
            .collect();
        names.sort();
        names
    };
    let title = |e: &Export| e.chat().title.clone().unwrap_or_default().to_lowercase();
    let mut groups: Vec<Vec<Export>> = Vec::new();
    for e in exports {
        // A title made of the participants' names says nothing more than they do (an iPhone's `_chat.txt`).
        let from_people = |x: &Export| {
            let mut parts: Vec<String> = title(x)
                .split([',', '&'])
                .map(|p| p.trim().to_string())
                .filter(|p| !p.is_empty())
                .collect();
            parts.sort();
            title(x).is_empty() || parts == people(x)
        };
        let same = |g: &Vec<Export>| {
            g.iter().any(|o| {
                (!title(o).is_empty() && title(o) == title(&e))
                    || (people(o) == people(&e) && (from_people(o) || from_people(&e)))
            })
        };
        match groups.iter_mut().find(|g| same(g)) {
            Some(members) => members.push(e),
            None => groups.push(vec![e]),
        }
    }
    groups
}

/// One group of exports merged and written; `used` holds the names taken in the output folder so far.
fn merge_one(
    run: &Run,
    exports: Vec<Export>,
    used: &mut std::collections::HashSet<String>,
) -> Result<(Outcome, report::Entry)> {
    let config = run.config;
    let merged = Merged::new(exports)?;
    let shown = merged
        .inputs()
        .iter()
        .map(|e| e.display().to_string())
        .collect::<Vec<_>>()
        .join(" + ");
    if config.zip {
        let inputs: Vec<&Export> = merged.inputs().iter().collect();
        let to = crate::app::pack::destination(config);
        return crate::app::pack::pack(run, &merged, &inputs, &shown, &to);
    }
    let outputs: Vec<(Format, Target)> = match &config.destination {
        Destination::Stdout => vec![(config.formats[0], Target::Stdout)],
        Destination::File(p) => vec![(config.formats[0], Target::File(p.clone()))],
        Destination::Dir(dir) => {
            std::fs::create_dir_all(dir).map_err(|source| Error::Write {
                path: dir.display().to_string(),
                source,
            })?;
            let base = safe_file_name(&title_of(merged.chat(), config.redact.as_ref()));
            // why: two chats of one name (other participants) must not write one file.
            let name = (1..)
                .map(|n| match n {
                    1 => base.clone(),
                    n => format!("{base}-{n}"),
                })
                .find(|n| used.insert(n.to_lowercase()))
                .unwrap_or(base);
            config
                .formats
                .iter()
                .map(|f| (*f, Target::File(dir.join(file_for(&name, *f)))))
                .collect()
        }
    };
    let out = match &outputs[0].1 {
        Target::File(f) => Some(f.clone()),
        Target::Stdout => None,
    };
    let media = || match &out {
        // The union of every export's media, each file once, in `<name>/media/` beside the outputs.
        Some(out) if config.copy_media => {
            let title = safe_file_name(&title_of(merged.chat(), config.redact.as_ref()));
            let (dir, name) = media_folder(out, title);
            let inputs: Vec<&Export> = merged.inputs().iter().collect();
            copy_media(run, &inputs, &dir, &name)
        }
        // Else the first export's media are linked where they sit beside it.
        _ => Ok(Media::in_place(
            merged.inputs()[0]
                .path()
                .and_then(|p| Locator::new(p, out.as_deref())),
        )),
    };
    let done = write_export(run, &run.policy.streaming(), &merged, &outputs, media, None)?;
    write_redact_map(run, &done)?;
    if !config.quiet {
        print_warnings(&shown, &done.warnings, outputs[0].0);
        if let Target::File(out) = &outputs[0].1 {
            stderr::line(&wrote_line(out, outputs[0].0, &done));
        }
    }
    let formats = config.formats.iter().map(|f| f.name()).collect();
    let entry = report::Entry::converted(
        shown,
        done.outputs,
        formats,
        done.messages,
        done.warnings.len(),
    );
    Ok((Outcome::one(), entry))
}
