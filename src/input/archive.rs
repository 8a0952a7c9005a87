//! The chat text inside a `.zip` export.
//!
//! Takes an open zip file; gives the entry that holds the chat, decompressed into an anonymous temporary file (so
//! the pipeline can read it twice without holding it in memory), or an error that lists what the zip holds. The
//! chat is `_chat.txt` (iOS), else a `WhatsApp Chat with X.txt` in any language of the file-name table
//! (Android), else the `.txt` that reads as an export with the most messages. `__MACOSX/` and `._*` entries
//! (macOS metadata) are never candidates. It reads no media and does not parse the chat.

use std::fs::File;
use std::io::{self, Read, Seek};

use zip::ZipArchive;

use super::Rate;
use crate::error::{Error, Result};
use crate::locale;

/// The largest chat text we decompress: far above WhatsApp's own cap (40,000 messages, a few MB), far below what
/// a zip bomb expands to.
pub const MAX_TEXT: u64 = 4 << 30;

/// `.txt` entries tried by content when no entry has a chat's name.
const MAX_TRIED: usize = 16;

/// The chosen chat text.
pub struct ChatText {
    /// The entry's name inside the zip.
    pub entry: String,
    /// The decompressed text, positioned anywhere.
    pub spool: File,
    /// The entry's last-modified date and time as the zip writes it (local time, no zone), when it is a real one.
    pub modified: Option<chrono::NaiveDateTime>,
}

/// Finds and decompresses the chat text of the zip in `file`; `display` names the zip in errors.
pub fn chat_text<R: Read + Seek>(file: R, display: &str, rate: &Rate) -> Result<ChatText> {
    let unsupported = |what: String| Error::Unsupported {
        path: display.to_string(),
        what,
    };
    let mut zip = ZipArchive::new(file).map_err(|e| {
        unsupported(format!(
            "is a zip archive that cannot be read ({e}): it may be truncated or damaged; export or download it again"
        ))
    })?;
    let names: Vec<String> = (0..zip.len())
        .map(|i| match zip.name_for_index(i) {
            Some(Ok(n)) => n.into_owned(),
            _ => String::new(),
        })
        .collect();
    let mut candidates: Vec<(u8, usize)> = names
        .iter()
        .enumerate()
        .filter_map(|(i, name)| rank(name).map(|r| (r, i)))
        .collect();
    candidates.sort();
    let best = match candidates.first() {
        Some(&(r, i)) if r < 2 => Some((i, spool(&mut zip, i, &names[i], display)?)),
        Some(_) => by_content(&mut zip, &candidates, &names, display, rate)?,
        None => None,
    };
    match best {
        Some((i, spool)) => Ok(ChatText {
            entry: names[i].clone(),
            spool,
            modified: modified(&mut zip, i),
        }),
        None => {
            let shown: Vec<&str> = names
                .iter()
                .filter(|n| !is_metadata(n))
                .take(12)
                .map(String::as_str)
                .collect();
            let more = names.iter().filter(|n| !is_metadata(n)).count() - shown.len();
            Err(unsupported(format!(
                "is a zip archive with no chat text in it (expected _chat.txt or 'WhatsApp Chat with ….txt'); it holds {}{}",
                if shown.is_empty() {
                    "nothing".to_string()
                } else {
                    shown.join(", ")
                },
                if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                }
            )))
        }
    }
}

/// Entry `i`'s last-modified date and time, when the zip holds a real one (zips without dates write 1980-01-01).
fn modified<R: Read + Seek>(zip: &mut ZipArchive<R>, i: usize) -> Option<chrono::NaiveDateTime> {
    let t = zip.by_index_raw(i).ok()?.last_modified()?;
    if t.year() <= 1980 {
        return None;
    }
    chrono::NaiveDate::from_ymd_opt(
        i32::from(t.year()),
        u32::from(t.month()),
        u32::from(t.day()),
    )?
    .and_hms_opt(
        u32::from(t.hour()),
        u32::from(t.minute()),
        u32::from(t.second()),
    )
}

/// A zip's media (every entry but the chat text, folders and macOS metadata) against the file names messages
/// give.
pub fn media_list<R: Read + Seek>(file: R, chat: &str, named: &[String]) -> MediaList {
    let Ok(zip) = ZipArchive::new(file) else {
        return Default::default();
    };
    let entries: Vec<String> = (0..zip.len())
        .filter_map(|i| zip.name_for_index(i)?.ok().map(|n| n.into_owned()))
        .filter(|n| n != chat && !is_metadata(n))
        .collect();
    let base = |n: &str| n.rsplit('/').next().unwrap_or(n).to_string();
    let named: std::collections::HashSet<&str> = named.iter().map(String::as_str).collect();
    let present: std::collections::HashSet<String> = entries.iter().map(|e| base(e)).collect();
    let mut missing: Vec<String> = named
        .iter()
        .filter(|n| !present.contains(**n))
        .map(|n| n.to_string())
        .collect();
    missing.sort();
    MediaList {
        files: entries.len() as u64,
        unreferenced: entries
            .iter()
            .filter(|e| !named.contains(base(e).as_str()))
            .cloned()
            .collect(),
        missing,
    }
}

/// A zip's media files, against what the messages name.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct MediaList {
    /// Files in the zip besides the chat text.
    pub files: u64,
    /// Files no message names (`convert --media copy` copies them too).
    pub unreferenced: Vec<String>,
    /// Files messages name that the zip lacks.
    pub missing: Vec<String>,
}

/// macOS resource forks and folders that ride along in zips made on a Mac.
pub fn is_metadata(name: &str) -> bool {
    let base = name.rsplit('/').next().unwrap_or(name);
    name.starts_with("__MACOSX/") || base.starts_with("._") || name.ends_with('/')
}

/// How likely an entry is the chat: 0 `_chat.txt`, 1 a localized chat file name, 2 another `.txt`; `None` for
/// everything else.
fn rank(name: &str) -> Option<u8> {
    if is_metadata(name) {
        return None;
    }
    let base = name.rsplit('/').next().unwrap_or(name);
    if !base.to_ascii_lowercase().ends_with(".txt") {
        return None;
    }
    Some(if base == "_chat.txt" {
        0
    } else if locale::chat_name_from_file(base).is_some() {
        1
    } else {
        2
    })
}

/// The `.txt` entry that reads as an export with the most message headers (a `.txt` sent in the chat is media,
/// and reads as none or few).
fn by_content<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    candidates: &[(u8, usize)],
    names: &[String],
    display: &str,
    rate: &Rate,
) -> Result<Option<(usize, File)>> {
    let mut best: Option<(u64, usize, File)> = None;
    for &(_, i) in candidates.iter().take(MAX_TRIED) {
        let mut file = spool(zip, i, &names[i], display)?;
        let headers = count_headers(&mut file, rate).unwrap_or(0);
        if headers > 0 && best.as_ref().is_none_or(|(n, _, _)| headers > *n) {
            best = Some((headers, i, file));
        }
    }
    Ok(best.map(|(_, i, f)| (i, f)))
}

/// How many message headers a spooled text has.
fn count_headers(file: &mut File, rate: &Rate) -> io::Result<u64> {
    file.rewind()?;
    Ok(rate(file.try_clone()?))
}

/// Decompresses entry `i` into an anonymous temporary file, refusing more than [`MAX_TEXT`] bytes.
fn spool<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    i: usize,
    name: &str,
    display: &str,
) -> Result<File> {
    let read_err = |e: io::Error| Error::Read {
        path: format!("{display}: {name}"),
        source: e,
    };
    let entry = zip.by_index(i).map_err(|e| Error::Unsupported {
        path: display.to_string(),
        what: format!("holds '{name}', which cannot be read ({e}): the zip may be damaged"),
    })?;
    let mut out = tempfile::tempfile().map_err(read_err)?;
    let copied = io::copy(&mut entry.take(MAX_TEXT + 1), &mut out).map_err(read_err)?;
    if copied > MAX_TEXT {
        return Err(Error::Unsupported {
            path: display.to_string(),
            what: format!(
                "holds '{name}', which expands beyond {} GiB: not a chat text (a zip bomb?)",
                MAX_TEXT >> 30
            ),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_entries() {
        let cases = [
            ("_chat.txt", Some(0)),
            ("Chat/_chat.txt", Some(0)),
            ("WhatsApp Chat with Copilot.txt", Some(1)),
            ("Chat WhatsApp con Ana.txt", Some(1)),
            ("notes.TXT", Some(2)),
            ("__MACOSX/._chat.txt", None),
            ("._chat.txt", None),
            ("00000012-PHOTO-2024-08-14-21-03-00.jpg", None),
            ("folder/", None),
        ];
        for (name, want) in cases {
            assert_eq!(rank(name), want, "{name}");
        }
    }
}
