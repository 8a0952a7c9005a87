//! The chat text inside a `.zip` export.
//!
//! Takes an open zip file; gives the entry that holds the chat, decompressed into a named temporary file (so the
//! pipeline can read it twice without holding it, or a file descriptor, in memory), or an error that lists what
//! the zip holds. The chat is `_chat.txt` (iOS), else a `WhatsApp Chat with X.txt` in any language of the
//! file-name table (Android), else the `.txt` that reads as an export with the most messages. `__MACOSX/` and
//! `._*` entries (macOS metadata) are never candidates. A zip whose entries share their bytes (an overlapping zip
//! bomb) is refused when opened ([`open`], which media copying opens zips with too); an entry that expands like a
//! bomb ([`too_compressed`], the one rule for chat text and media), beyond what it declares or beyond
//! [`MAX_TEXT`] is not decompressed further. It reads no media and does not parse the chat.

use std::fs::File;
use std::io::{Read, Seek};

use zip::ZipArchive;

use super::Judge;
use super::spool::{self, MAX_TEXT, Named, Stop};
use crate::error::{Error, Result};
use crate::locale;
use crate::model::Warning;

/// The most an entry over [`RATIO_FROM`] bytes may expand relative to its compressed size: photos, videos and
/// voice notes are already compressed (about 1:1), chat texts and documents reach tens; a zip bomb is near 1000:1.
pub const MAX_RATIO: u64 = 200;

/// Entries up to this size are never too compressed (a small file of one repeated byte is no bomb).
pub const RATIO_FROM: u64 = 1 << 20;

/// `.txt` entries tried by content when no entry has a chat's name.
const MAX_TRIED: usize = 16;

/// The most decompressed from the `.txt` entries tried by content, all together.
const MAX_TRIED_BYTES: u64 = 1 << 30;

/// Whether an entry declaring `size` bytes from `packed` compressed ones expands like a zip bomb.
pub fn too_compressed(size: u64, packed: u64) -> bool {
    size > RATIO_FROM && size > packed.saturating_mul(MAX_RATIO)
}

/// The chosen chat text.
pub struct ChatText {
    /// The entry's name inside the zip.
    pub entry: String,
    /// The decompressed text.
    pub spool: Named,
    /// Its size.
    pub bytes: u64,
    /// What finding it found odd: two entries of its name, `.txt` entries not tried.
    pub warnings: Vec<Warning>,
    /// The entry's last-modified date and time as the zip writes it (local time, no zone), when it is a real one.
    pub modified: Option<chrono::NaiveDateTime>,
}

/// Opens the zip in `file` (named `display` in errors), refusing one that cannot be read or whose entries share
/// bytes: every entry's local header and data must lie apart from every other's.
pub fn open<R: Read + Seek>(file: R, display: &str) -> Result<ZipArchive<R>> {
    let damaged = |e: zip::result::ZipError| Error::Unsupported {
        path: display.to_string(),
        what: format!(
            "is a zip archive that cannot be read ({e}): it may be truncated or damaged; export or download it again"
        ),
    };
    let mut zip = ZipArchive::new(file).map_err(damaged)?;
    // why: an overlapping zip bomb makes many entries of one compressed stream, each under the ratio rule; an
    // honest zip (WhatsApp's included) stores each entry's bytes once.
    let mut ranges = Vec::with_capacity(zip.len());
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(damaged)?;
        let start = entry.header_start();
        let end = entry
            .data_start()
            .and_then(|d| d.checked_add(entry.compressed_size()))
            .ok_or_else(|| {
                damaged(zip::result::ZipError::InvalidArchive(
                    "entry beyond the end".into(),
                ))
            })?;
        ranges.push((start, end, i));
    }
    ranges.sort_unstable();
    if let Some(w) = ranges.windows(2).find(|w| w[0].1 > w[1].0) {
        let name = |i: usize| match zip.name_for_index(i) {
            Some(Ok(n)) => n.into_owned(),
            _ => format!("entry {i}"),
        };
        return Err(Error::Unsupported {
            path: display.to_string(),
            what: format!(
                "is a malformed zip: entries '{}' and '{}' share their bytes, as in a zip bomb; it is not a WhatsApp export, and nothing was read from it",
                name(w[0].2),
                name(w[1].2)
            ),
        });
    }
    Ok(zip)
}

/// Finds and decompresses the chat text of the zip in `file`; `display` names the zip in errors.
pub fn chat_text<R: Read + Seek>(file: R, display: &str, judge: &Judge) -> Result<ChatText> {
    let mut zip = open(file, display)?;
    let zip_has_twins = zip.has_duplicate_names();
    let mut warnings = Vec::new();
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
        Some(&(r, i)) if r < 2 => match entry(&mut zip, i, &names[i], display, MAX_TEXT, judge) {
            Ok(spooled) => Some((i, spooled)),
            Err(Refusal::NotChat(e) | Refusal::Fatal(e)) => return Err(e),
            Err(Refusal::Bomb(why)) => {
                return Err(Error::Unsupported {
                    path: display.to_string(),
                    what: format!(
                        "holds '{}', which {why}: a zip bomb, not a WhatsApp export",
                        names[i]
                    ),
                });
            }
            Err(Refusal::Untried) => None,
        },
        Some(_) => by_content(&mut zip, &candidates, &names, display, judge, &mut warnings)?,
        None => None,
    };
    let Some((i, (spool, bytes))) = best else {
        return Err(no_chat(display, &names));
    };
    let entry = names[i].clone();
    let modified = modified(&mut zip, i);
    // why: a zip tool can add an entry of a name already there; a reader sees only the last of them.
    let twins = if zip_has_twins {
        zip.by_index_raw(i).ok().map(|e| e.name_raw().to_vec())
    } else {
        None
    };
    let start = zip.central_directory_start();
    if let Some(raw) = twins
        && let n @ 2.. = count_named(&mut zip.into_inner(), start, &raw)
    {
        warnings.push(Warning {
            line: 0,
            message: format!(
                "the zip holds {n} entries named '{entry}' (WhatsApp writes one); the last of them was read, the others ignored"
            ),
        });
    }
    Ok(ChatText {
        entry,
        spool,
        bytes,
        warnings,
        modified,
    })
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

/// How many entries of the central directory at `start` are named `name` (as its bytes are written); the zip
/// library keeps one entry per name, so they are counted from the records themselves.
fn count_named<R: Read + Seek>(file: &mut R, start: u64, name: &[u8]) -> usize {
    let mut count = 0;
    if file.seek(std::io::SeekFrom::Start(start)).is_err() {
        return 0;
    }
    let mut reader = std::io::BufReader::new(file);
    let mut fixed = [0u8; 46];
    while reader.read_exact(&mut fixed).is_ok() && fixed[..4] == *b"PK\x01\x02" {
        let field = |at: usize| usize::from(u16::from_le_bytes([fixed[at], fixed[at + 1]]));
        let mut own = vec![0u8; field(28)];
        if reader.read_exact(&mut own).is_err() {
            break;
        }
        count += usize::from(own == name);
        let rest = (field(30) + field(32)) as u64;
        if std::io::copy(&mut (&mut reader).take(rest), &mut std::io::sink()).ok() != Some(rest) {
            break;
        }
    }
    count
}

/// The error of a zip with no chat text: what it holds instead.
fn no_chat(display: &str, names: &[String]) -> Error {
    // why: a .docx is a zip; "no chat text in it" would not tell its owner what to do (issue 19).
    if let Some(what) = super::kind::known_zip(names) {
        return super::kind::not_an_export(display, what);
    }
    let shown: Vec<&str> = names
        .iter()
        .filter(|n| !is_metadata(n))
        .take(12)
        .map(String::as_str)
        .collect();
    let more = names.iter().filter(|n| !is_metadata(n)).count() - shown.len();
    Error::Unsupported {
        path: display.to_string(),
        what: format!(
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
        ),
    }
}

/// A zip's media (every entry but the chat text, folders and macOS metadata) against the file names messages
/// give.
pub fn media_list<R: Read + Seek>(file: R, chat: &str, named: &[String]) -> MediaList {
    let Ok(zip) = open(file, "") else {
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

/// Why an entry was not taken as the chat text.
enum Refusal {
    /// It cannot be a chat text (binary data, a line too long): for a `.txt` tried by content, it is not the chat.
    NotChat(Error),
    /// It expands like a zip bomb: how, as in "would expand to …".
    Bomb(String),
    /// It declares more than is left to decompress of [`MAX_TRIED_BYTES`].
    Untried,
    /// Nothing more can be read (a damaged zip, a full temporary folder).
    Fatal(Error),
}

/// The `.txt` entry that reads as an export with the most message headers (a `.txt` sent in the chat is media,
/// and reads as none or few); entries that would expand like a bomb, or past what is left of
/// [`MAX_TRIED_BYTES`], are skipped with a warning.
fn by_content<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    candidates: &[(u8, usize)],
    names: &[String],
    display: &str,
    judge: &Judge,
    warnings: &mut Vec<Warning>,
) -> Result<Option<(usize, (Named, u64))>> {
    let mut best: Option<(u64, usize, (Named, u64))> = None;
    let mut left = MAX_TRIED_BYTES;
    let mut untried = 0;
    for &(_, i) in candidates.iter().take(MAX_TRIED) {
        let (named, bytes) = match entry(zip, i, &names[i], display, left, judge) {
            Ok(spooled) => spooled,
            Err(Refusal::NotChat(_)) => continue,
            Err(Refusal::Untried) => {
                untried += 1;
                continue;
            }
            Err(Refusal::Bomb(why)) => {
                warnings.push(Warning {
                    line: 0,
                    message: format!(
                        "'{}' was not read as the chat text: it {why} (a zip bomb?)",
                        names[i]
                    ),
                });
                continue;
            }
            Err(Refusal::Fatal(e)) => return Err(e),
        };
        left -= bytes;
        let headers = File::open(named.path()).map(judge.rate).unwrap_or(0);
        if headers > 0 && best.as_ref().is_none_or(|(n, _, _)| headers > *n) {
            best = Some((headers, i, (named, bytes)));
        }
    }
    if untried > 0 {
        warnings.push(Warning {
            line: 0,
            message: format!(
                "{untried} .txt entr{} of the zip were not tried as the chat text: the ones tried already hold {} MB, the most read to find it",
                if untried == 1 { "y" } else { "ies" },
                (MAX_TRIED_BYTES - left) >> 20
            ),
        });
    }
    Ok(best.map(|(_, i, spooled)| (i, spooled)))
}

/// Decompresses entry `i` into a named temporary file, at most `left` bytes; gives it and its size. Its declared
/// sizes are checked first (encryption, the ratio, [`MAX_TEXT`]); while decompressing, no more than it declares.
fn entry<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    i: usize,
    name: &str,
    display: &str,
    left: u64,
    judge: &Judge,
) -> std::result::Result<(Named, u64), Refusal> {
    let refuse = |what: String| Error::Unsupported {
        path: display.to_string(),
        what,
    };
    let damaged = |e: &dyn std::fmt::Display| {
        Refusal::Fatal(refuse(format!(
            "holds '{name}', which cannot be read ({e}): the zip may be truncated or damaged; export or download it again"
        )))
    };
    let raw = zip.by_index_raw(i).map_err(|e| damaged(&e))?;
    let (size, packed, encrypted) = (raw.size(), raw.compressed_size(), raw.encrypted());
    drop(raw);
    if encrypted {
        return Err(Refusal::Fatal(refuse(format!(
            "is a password-protected zip ('{name}' is encrypted), and WhatsApp's exports never are: pass the zip WhatsApp made, or unzip it with its password and pass '{name}'"
        ))));
    }
    if too_compressed(size, packed) {
        return Err(Refusal::Bomb(format!(
            "would expand to {} MB from {} KB, more than {MAX_RATIO}:1",
            size >> 20,
            packed >> 10
        )));
    }
    if size > MAX_TEXT {
        return Err(Refusal::Bomb(format!(
            "would expand to {} MB, beyond the {} GiB of any chat text",
            size >> 20,
            MAX_TEXT >> 30
        )));
    }
    if size > left {
        return Err(Refusal::Untried);
    }
    let mut data = zip.by_index(i).map_err(|e| damaged(&e))?;
    let (mut file, named) = spool::named(display).map_err(Refusal::Fatal)?;
    match spool::text(&mut data, &mut file, size, Some((judge, display))) {
        Ok(bytes) => Ok((named, bytes)),
        Err(Stop::Read(e)) => Err(damaged(&e)),
        Err(Stop::Write(e)) => Err(Refusal::Fatal(spool::temp_error(display, e))),
        Err(Stop::Over) => Err(Refusal::Bomb(format!(
            "expands beyond the {size} bytes the zip declares for it (a malformed zip)"
        ))),
        Err(Stop::LongLine { line, max }) => Err(Refusal::NotChat(Error::LineTooLong {
            path: format!("{display}: {name}"),
            line,
            max: max as usize,
        })),
        Err(Stop::Refused(e)) => Err(Refusal::NotChat(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ratio_rule_holds_entries_over_a_megabyte_to_200_to_1() {
        let mb = 1 << 20;
        let cases = [
            (mb, 1, false),
            (mb + 1, 0, true),
            (mb + 1, 1, true),
            (200 * mb, mb, false),
            (200 * mb + 1, mb, true),
            (u64::MAX, u64::MAX, false),
        ];
        for (size, packed, bomb) in cases {
            assert_eq!(too_compressed(size, packed), bomb, "{size} from {packed}");
        }
    }

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
