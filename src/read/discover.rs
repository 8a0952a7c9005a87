//! Which exports the inputs name.
//!
//! Takes the inputs as typed; gives the exports to convert, in a stable order. A file or standard input is itself;
//! a folder is searched recursively for `.zip` files and for `.txt` files that read as exports (`_chat.txt`, a
//! chat name in any language of the file-name table, or any `.txt` whose first lines hold message headers: a
//! document someone sent in a chat does not), and for `.json` files that are `chatport/1` documents. Hidden
//! entries and symbolic links to folders are skipped, and so is anything in a folder that is not a regular file
//! (a FIFO, a socket, a device, a broken link: opening some of them blocks forever), each listed with its reason,
//! as is every `.txt` that is not an export, for the run to count and `-v` to name. It opens nothing else and
//! converts nothing.

use std::fs::{self, File};
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::decode::Encoding;
use crate::error::{Error, Result};
use crate::input::{self, Source};
use crate::locale;
use crate::read::detect;

/// How much of a `.txt` is read to tell whether it is an export.
const SNIFF: u64 = 64 << 10;

/// What the inputs name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Found {
    /// The exports, folders expanded; each folder's sorted by path.
    pub exports: Vec<Source>,
    /// What was passed over in folders, sorted by path: what is not a regular file, and `.txt` files that are not
    /// exports.
    pub skipped: Vec<Skipped>,
}

/// A folder entry passed over.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Skipped {
    /// The entry.
    pub path: PathBuf,
    /// What it is: "a FIFO (named pipe)", "a socket", "a device", "a broken symbolic link"…
    pub reason: String,
}

/// The exports `sources` name, folders expanded; each folder's exports sorted by path.
pub fn expand(sources: &[Source]) -> Result<Found> {
    let mut out = Vec::new();
    let mut skipped = Vec::new();
    for source in sources {
        match source {
            Source::Path(p) if p.is_dir() => {
                let mut found = Vec::new();
                walk(p, &mut found, &mut skipped)?;
                if found.is_empty() {
                    return Err(Error::Unsupported {
                        path: p.display().to_string(),
                        what: "is a folder with no WhatsApp export in it (no .zip, no .txt with message headers)"
                            .into(),
                    });
                }
                found.sort();
                out.extend(found.into_iter().map(Source::Path));
            }
            other => out.push(other.clone()),
        }
    }
    skipped.sort();
    Ok(Found {
        exports: out,
        skipped,
    })
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>, skipped: &mut Vec<Skipped>) -> Result<()> {
    let entries = fs::read_dir(dir).map_err(|e| Error::Read {
        path: dir.display().to_string(),
        source: e,
    })?;
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name == "__MACOSX" {
            continue;
        }
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            walk(&path, found, skipped)?;
            continue;
        }
        // why: a FIFO named like an export blocks the sniffing open below, and the whole batch with it; a link is
        // followed to what it names, which must be a regular file too.
        let reason = match fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => continue,
            Ok(meta) => input::special_kind(&meta).map(str::to_string),
            Err(_) if kind.is_symlink() => Some("a broken symbolic link".into()),
            Err(e) => Some(format!("unreadable ({e})")),
        };
        if let Some(reason) = reason {
            skipped.push(Skipped { path, reason });
            continue;
        }
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".txt") {
            // why: a `.txt` that is no export is passed over, but never in silence (issue 16): the run counts it
            // and `-v` names it. One named like an export is converted, and fails if it cannot be read.
            match is_export(&path, &name) {
                Ok(true) => found.push(path),
                Ok(false) => skipped.push(Skipped {
                    path,
                    reason: "not a WhatsApp export (no message headers in its first 64 KB)".into(),
                }),
                Err(e) => skipped.push(Skipped {
                    path,
                    reason: format!("unreadable ({e})"),
                }),
            }
        } else if lower.ends_with(".zip") || (lower.ends_with(".json") && is_document(&path)) {
            found.push(path);
        }
    }
    Ok(())
}

/// Whether a `.txt` is an export: by its name, else by message headers in its first 64 KB; an error when it
/// cannot be read to tell.
fn is_export(path: &Path, name: &str) -> std::io::Result<bool> {
    if name == "_chat.txt" || locale::chat_name_from_file(name).is_some() {
        return Ok(true);
    }
    let mut head = Vec::new();
    File::open(path)?.take(SNIFF).read_to_end(&mut head)?;
    let encoding = Encoding::sniff(&head);
    Ok(detect::count_headers(std::io::Cursor::new(head), encoding) >= 2)
}

/// Whether a `.json` is a `chatport/1` document (written by `-f json`), which converts like an export.
fn is_document(path: &Path) -> bool {
    let Ok(file) = File::open(path) else {
        return false;
    };
    let mut head = Vec::new();
    if file.take(512).read_to_end(&mut head).is_err() {
        return false;
    }
    crate::read::document::is_document(&head)
        && memchr::memmem::find(&head, crate::model::SCHEMA.as_bytes()).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_searched_for_exports() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let write = |rel: &str, text: &str| {
            let p = root.join(rel);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, text).unwrap();
        };
        let chat = "01/02/2025, 09:00 - Ana: hi\n01/02/2025, 09:01 - Bob: hello\n";
        write("b/WhatsApp Chat with Bob.txt", "");
        write("a/_chat.txt", "");
        write("a/notes.txt", "shopping list\n- eggs\n");
        write("a/IMG-1.jpg", "jpeg");
        write("c/export.txt", chat);
        write("c/ios.zip", "PK");
        write(
            "d/Ana.json",
            "{\n  \"schema\": \"chatport/1\",\n  \"source\": {}}",
        );
        write("d/other.json", "{\"name\": \"not ours\"}");
        write(".hidden/_chat.txt", chat);
        write("__MACOSX/_chat.txt", chat);
        let got = expand(&[Source::Path(root.to_path_buf()), Source::Stdin]).unwrap();
        let skipped: Vec<String> = got
            .skipped
            .iter()
            .map(|s| s.path.strip_prefix(root).unwrap().display().to_string())
            .collect();
        assert_eq!(skipped, ["a/notes.txt"]);
        let names: Vec<String> = got
            .exports
            .iter()
            .map(|s| match s {
                Source::Path(p) => p.strip_prefix(root).unwrap().display().to_string(),
                Source::Stdin => "-".into(),
            })
            .collect();
        assert_eq!(
            names,
            [
                "a/_chat.txt",
                "b/WhatsApp Chat with Bob.txt",
                "c/export.txt",
                "c/ios.zip",
                "d/Ana.json",
                "-"
            ]
        );
        let empty = tempfile::tempdir().unwrap();
        assert!(expand(&[Source::Path(empty.path().to_path_buf())]).is_err());
    }
}
