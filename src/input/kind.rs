//! What a file given as an export is when it is none: a PDF, a Word document, a web page, an image…
//!
//! Takes the first bytes of a file that held no message header (or the entry names of a zip that held no chat
//! text); gives what the file is, in words, and the error that says so with how to get the real export. It only
//! names what a file's own signature says; a file it cannot name keeps the reader's "no message header" error.

use crate::error::Error;

/// How a person gets the export chatport reads.
pub const HOW_TO_EXPORT: &str = "on the phone, open the chat in WhatsApp, then ⋮ → More → Export chat (Android) \
     or the chat's name → Export Chat (iPhone), and convert the .txt or .zip it gives";

/// What a file beginning with `head` is, when its signature says (`None`: not known, maybe a damaged export).
pub fn known(head: &[u8]) -> Option<&'static str> {
    let start = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let text = start.trim_ascii_start();
    let lower: Vec<u8> = text.iter().take(16).map(u8::to_ascii_lowercase).collect();
    let signatures: [(&[u8], &str); 12] = [
        (b"%PDF-", "a PDF document"),
        (b"{\\rtf", "an RTF document"),
        (
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
            "an older Microsoft Office document (.doc, .xls)",
        ),
        (b"\x89PNG\r\n\x1a\n", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"OggS", "an Ogg audio or video file (a voice note?)"),
        (b"ID3", "an MP3 audio file"),
        (
            b"SQLite format 3\0",
            "an SQLite database (WhatsApp's msgstore.db is encrypted and not an export)",
        ),
        (b"\x1F\x8B", "a gzip-compressed file"),
        (b"7z\xBC\xAF\x27\x1C", "a 7-Zip archive"),
        (b"Rar!\x1A\x07", "a RAR archive"),
    ];
    if let Some((_, what)) = signatures.iter().find(|(sig, _)| start.starts_with(sig)) {
        return Some(what);
    }
    if start.len() >= 12 && &start[4..8] == b"ftyp" {
        return Some("an MP4 or QuickTime video");
    }
    if start.starts_with(b"RIFF") && start.get(8..12) == Some(b"WEBP") {
        return Some("a WebP image");
    }
    if [&b"<!doctype html"[..], b"<html", b"<head", b"<body"]
        .iter()
        .any(|tag| lower.starts_with(tag))
    {
        return Some("a web page (HTML)");
    }
    if lower.starts_with(b"<?xml") {
        return Some("an XML document");
    }
    // why: an iPhone export starts with `[` too (`[3/27/22, 21:41:35]`); JSON's `[` is followed by a value.
    let after = |open: u8| {
        text.strip_prefix(&[open])
            .map(|rest| rest.trim_ascii_start().first().copied())
    };
    if matches!(after(b'{'), Some(Some(b'"' | b'}')))
        || matches!(after(b'['), Some(Some(b'{' | b'[' | b'"' | b']')))
    {
        return Some("JSON that chatport did not write");
    }
    None
}

/// What a zip holding `names` and no chat text is, when its entries say.
pub fn known_zip(names: &[String]) -> Option<&'static str> {
    let has = |prefix: &str| names.iter().any(|n| n.starts_with(prefix));
    if has("word/") {
        Some("a Word document")
    } else if has("xl/") {
        Some("an Excel workbook")
    } else if has("ppt/") {
        Some("a PowerPoint presentation")
    } else if names.iter().any(|n| n == "mimetype") && has("META-INF/") {
        Some("an OpenDocument or EPUB file")
    } else {
        None
    }
}

/// The error for `display`, which is `what` and not an export.
pub fn not_an_export(display: &str, what: &str) -> Error {
    Error::Unsupported {
        path: display.to_string(),
        what: format!("is {what}, not a WhatsApp chat export\n  hint: {HOW_TO_EXPORT}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_named_by_their_signature() {
        let cases: &[(&[u8], Option<&str>)] = &[
            (b"%PDF-1.7\n", Some("a PDF document")),
            (b"\x89PNG\r\n\x1a\n\0\0", Some("a PNG image")),
            (b"\xFF\xD8\xFF\xE0", Some("a JPEG image")),
            (b"\0\0\0\x18ftypmp42", Some("an MP4 or QuickTime video")),
            (
                b"OggS\0\x02",
                Some("an Ogg audio or video file (a voice note?)"),
            ),
            (
                b"\xEF\xBB\xBF<!DOCTYPE html>\n<html>",
                Some("a web page (HTML)"),
            ),
            (b"  <HTML><body>", Some("a web page (HTML)")),
            (
                b"[{\"title\": \"x\"}]",
                Some("JSON that chatport did not write"),
            ),
            (b"{\\rtf1\\ansi", Some("an RTF document")),
            (b"23/03/2022, 13:31 - Ana: hi", None),
            (b"[3/27/22, 21:41:35] Ana: hi", None),
            (b"[ 3/27/22 ] damaged", None),
            (
                b"{\"chatport\": 1}",
                Some("JSON that chatport did not write"),
            ),
            (b"hello", None),
            (b"", None),
        ];
        for (head, want) in cases {
            assert_eq!(known(head), *want, "{:?}", String::from_utf8_lossy(head));
        }
        let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            known_zip(&names(&["[Content_Types].xml", "word/document.xml"])),
            Some("a Word document")
        );
        assert_eq!(
            known_zip(&names(&["mimetype", "META-INF/manifest.xml"])),
            Some("an OpenDocument or EPUB file")
        );
        assert_eq!(known_zip(&names(&["IMG-1.jpg"])), None);
    }
}
