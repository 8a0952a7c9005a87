//! A kept media file as a `data:` URI, for an HTML page that must be one file (`--embed-media`).
//!
//! Takes the path of a file already found or copied and the largest size to embed; gives the URI (its MIME type
//! from the file's extension, the bytes in base64), or why it was not embedded. It reads the one file; it
//! writes nothing and decides nothing about pages.

use std::io::Read;
use std::path::Path;

use base64::Engine as _;

/// Why a file was not embedded.
#[derive(Debug, PartialEq, Eq)]
pub enum NotEmbedded {
    /// Larger than the cap: its size in bytes.
    TooLarge(u64),
    /// It could not be read.
    Unreadable(String),
}

/// `path` as `data:TYPE;base64,…`, when it holds at most `cap` bytes.
pub fn data_uri(path: &Path, cap: u64) -> Result<String, NotEmbedded> {
    let file = std::fs::File::open(path).map_err(|e| NotEmbedded::Unreadable(e.to_string()))?;
    let size = file
        .metadata()
        .map_err(|e| NotEmbedded::Unreadable(e.to_string()))?
        .len();
    if size > cap {
        return Err(NotEmbedded::TooLarge(size));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    // why: a file that grew after the check must not be read past the cap.
    file.take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| NotEmbedded::Unreadable(e.to_string()))?;
    if bytes.len() as u64 > cap {
        return Err(NotEmbedded::TooLarge(bytes.len() as u64));
    }
    let mut uri = format!("data:{};base64,", mime(path));
    base64::engine::general_purpose::STANDARD.encode_string(&bytes, &mut uri);
    Ok(uri)
}

/// The MIME type a browser needs to show a WhatsApp media file, from its extension.
pub fn mime(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "heic" => "image/heic",
        "mp4" | "m4v" => "video/mp4",
        "3gp" => "video/3gpp",
        "mov" => "video/quicktime",
        "webm" => "video/webm",
        // why: WhatsApp's voice notes (`.opus`) are Ogg Opus.
        "opus" | "ogg" | "oga" => "audio/ogg",
        "mp3" => "audio/mpeg",
        "m4a" => "audio/mp4",
        "aac" => "audio/aac",
        "amr" => "audio/amr",
        "wav" => "audio/wav",
        "pdf" => "application/pdf",
        "vcf" => "text/vcard",
        "txt" => "text/plain",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_files_become_uris_and_large_ones_say_their_size() {
        let dir = tempfile::tempdir().expect("temp");
        let photo = dir.path().join("IMG-1.JPG");
        std::fs::write(&photo, b"\xFF\xD8\xFF").expect("write");
        assert_eq!(
            data_uri(&photo, 3).as_deref(),
            Ok("data:image/jpeg;base64,/9j/")
        );
        assert_eq!(data_uri(&photo, 2), Err(NotEmbedded::TooLarge(3)));
        assert!(matches!(
            data_uri(&dir.path().join("none"), 9),
            Err(NotEmbedded::Unreadable(_))
        ));
        let cases = [
            ("PTT-1.opus", "audio/ogg"),
            ("VID.mp4", "video/mp4"),
            ("x.bin", "application/octet-stream"),
        ];
        for (name, want) in cases {
            assert_eq!(mime(Path::new(name)), want, "{name}");
        }
    }
}
