//! What a batch names each export's outputs and media folder.
//!
//! Takes an export's chat head and the names already taken in this run; gives a name that is safe on every file
//! system (no separators or control characters, at most 200 bytes) and whose every file and folder is free. It
//! creates nothing.

use std::collections::HashSet;

use crate::app::config::ConvertConfig;
use chatport::model::Chat;
use chatport::write::Format;
use chatport::{Export, RedactOptions, Redactor};

/// The name an export's outputs and media folder take: its title (else its file name), made safe as a file name;
/// with `--redact`, the redacted title (a file name must not say who was in the chat).
pub fn file_name_for(p: &Export, redact: Option<&RedactOptions>) -> String {
    safe_file_name(&title_of(p.chat(), redact))
}

/// A chat's title as its outputs are named after it (redacted with `--redact`), else its file's name.
pub fn title_of(chat: &Chat, redact: Option<&RedactOptions>) -> String {
    let redacted = redact.map(|o| Redactor::new(chat, o.clone()).chat(chat));
    let chat = redacted.as_ref().unwrap_or(chat);
    chat.title.clone().unwrap_or_else(|| {
        let name = &chat.source.name;
        name.rsplit_once('.')
            .map_or(name.as_str(), |(stem, _)| stem)
            .to_string()
    })
}

/// The most bytes of a chat's name in an output's file name: with the longest extension (`.conversations.json`)
/// and a hash suffix (`-1a2b3c4d-99`) it stays within the 255 bytes every common file system allows.
const NAME_BYTES: usize = 200;

/// `s` as a file name on any system: no separators, reserved or control characters, no leading dot, at most
/// [`NAME_BYTES`] bytes (cut on a character boundary).
pub fn safe_file_name(s: &str) -> String {
    let mut cleaned = String::new();
    for c in s.chars().map(|c| match c {
        '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
        c if c.is_control() => '_',
        c => c,
    }) {
        // why: names are capped in bytes, not characters: 80 emoji are 320 bytes (issue 15).
        if cleaned.len() + c.len_utf8() > NAME_BYTES {
            break;
        }
        cleaned.push(c);
    }
    let trimmed = cleaned
        .trim()
        .trim_start_matches('.')
        .trim_end_matches(['.', ' ']);
    if trimmed.is_empty() {
        "chat".into()
    } else {
        trimmed.to_string()
    }
}

/// The file an output of `format` takes in a folder: formats that share an extension get their own.
pub fn file_for(name: &str, format: Format) -> String {
    format!("{name}.{}", format.extension())
}

/// The names (lower-case: some file systems ignore case) of everything an export named `name` writes into the
/// folder: one file per format, and its media folder.
pub fn claims(config: &ConvertConfig, name: &str) -> Vec<String> {
    let mut claimed: Vec<String> = config
        .formats
        .iter()
        .map(|f| file_for(name, *f).to_lowercase())
        .collect();
    if config.copy_media {
        claimed.push(name.to_lowercase());
    }
    claimed
}

/// An export's output name: its chat's name, or with the first 8 hex digits of its hash (then a counter) when a
/// file or folder it would write (`claims`) was claimed by an earlier export of this run.
// why: names are fixed for every format at once: `Ana.openwebui`'s JSON and `Ana`'s Open WebUI file are both
// `Ana.openwebui.json` (issue 15).
pub fn unique_name(
    p: &Export,
    redact: Option<&RedactOptions>,
    used: &mut HashSet<String>,
    claims: impl Fn(&str) -> Vec<String>,
) -> String {
    let base = file_name_for(p, redact);
    // A redacted chat's name says nothing of its file, its hash included.
    let sha = match redact {
        Some(_) => "r",
        None => p
            .chat()
            .source
            .sha256
            .as_deref()
            .and_then(|h| h.get(..8))
            .unwrap_or(""),
    };
    let taken = |name: &str, used: &HashSet<String>| claims(name).iter().any(|c| used.contains(c));
    let mut name = base.clone();
    let mut n = 1;
    while taken(&name, used) {
        name = if n == 1 {
            format!("{base}-{sha}")
        } else {
            format!("{base}-{sha}-{n}")
        };
        n += 1;
    }
    used.extend(claims(&name));
    name
}
