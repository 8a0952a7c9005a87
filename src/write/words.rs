//! How messages that are not text read in words: the placeholders every readable format shows for media, calls
//! and the like.
//!
//! Takes a message's structured fields; gives short English phrases (`[image omitted: CV.pdf]`, `missed voice
//! call`). Markdown and the AI formats both use them, so a message reads the same in each. It formats nothing
//! else.

use crate::model::{Attachment, Call, CallMedia, MediaType};

/// `missed voice call`, `video call, 3 min`, `voice call, 45 s`, `voice call`.
pub fn call_words(c: &Call) -> String {
    let media = match c.media {
        CallMedia::Voice => "voice call",
        CallMedia::Video => "video call",
    };
    match (c.missed, c.duration_s) {
        (true, _) => format!("missed {media}"),
        (false, Some(s)) if s >= 60 => format!("{media}, {} min", s / 60),
        (false, Some(s)) => format!("{media}, {s} s"),
        (false, None) => media.to_string(),
    }
}

/// `[image: IMG-1.jpg]`, `[document omitted: CV.pdf]`, `[image omitted]`.
pub fn media_placeholder(a: &Attachment) -> String {
    let what = media_name(a.kind);
    match (&a.file, a.omitted) {
        (Some(f), false) => format!("[{what}: {f}]"),
        (Some(f), true) => format!("[{what} omitted: {f}]"),
        (None, _) => format!("[{what} omitted]"),
    }
}

/// A media type in words.
pub fn media_name(kind: MediaType) -> &'static str {
    match kind {
        MediaType::Image => "image",
        MediaType::Video => "video",
        MediaType::Audio => "audio",
        MediaType::Voice => "voice message",
        MediaType::Sticker => "sticker",
        MediaType::Gif => "GIF",
        MediaType::Document => "document",
        MediaType::Contact => "contact card",
        MediaType::ViewOnce => "view-once media",
        MediaType::Other => "media",
    }
}
