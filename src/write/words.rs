//! How messages that are not text read in words: the placeholders every readable format shows for media, calls
//! and the like.
//!
//! Takes a message's structured fields; gives short English phrases (`[image omitted: CV.pdf]`, `missed voice
//! call`). Markdown and the AI formats both use them, so a message reads the same in each. It formats nothing
//! else.

use crate::model::{Attachment, Call, CallMedia, Location, MediaType};

/// A place in words: `Location` or `Live location`, and its label (name and address, else its coordinates;
/// empty when the export gives neither), each part of the label through `shown` (a format's escaping).
pub fn place_words(l: &Location, shown: impl Fn(&str) -> String) -> (&'static str, String) {
    let what = if l.live { "Live location" } else { "Location" };
    let label: Vec<String> = [&l.name, &l.address]
        .into_iter()
        .flatten()
        .map(|s| shown(s))
        .collect();
    let label = match (label.is_empty(), l.latitude, l.longitude) {
        (false, _, _) => label.join(", "),
        (true, Some(lat), Some(lon)) => format!("{lat}, {lon}"),
        _ => String::new(),
    };
    (what, label)
}

/// A place's link as a readable format may show it: `https://`, `http://` or `geo:`, with `<`, `>`, `"`, `'`,
/// spaces and control characters percent-encoded; `None` for any other scheme (`javascript:` in a document).
// why: a text export only gives map links, but a `chatport/1` document read back can hold any string there.
pub fn place_url(url: &str) -> Option<String> {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("geo:"))
    {
        return None;
    }
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        if matches!(c, '<' | '>' | '"' | '\'' | '`') || c.is_control() || c.is_whitespace() {
            let mut b = [0u8; 4];
            for byte in c.encode_utf8(&mut b).bytes() {
                out.push_str(&format!("%{byte:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    Some(out)
}

/// `HH:MM`, from the model's fixed time formatter (no format string parsed per message).
pub fn clock(t: &chrono::NaiveDateTime) -> String {
    let mut buf = [0u8; 19];
    crate::model::format_time(t, &mut buf);
    // `YYYY-MM-DDTHH:MM:SS`: ASCII digits and separators.
    String::from_utf8_lossy(&buf[11..16]).into_owned()
}

/// `Sunday, 5 January 2025`: a day's heading.
pub fn long_date(d: chrono::NaiveDate) -> String {
    d.format("%A, %-d %B %Y").to_string()
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_map_links_are_links_and_they_cannot_break_out() {
        let cases = [
            (
                "https://maps.google.com/?q=1,2",
                Some("https://maps.google.com/?q=1,2"),
            ),
            ("geo:51.5,-0.1", Some("geo:51.5,-0.1")),
            (
                "https://x.y/?q=1\"><script>",
                Some("https://x.y/?q=1%22%3E%3Cscript%3E"),
            ),
            ("javascript:alert(1)", None),
            ("data:text/html,x", None),
            ("//evil.example/", None),
        ];
        for (url, want) in cases {
            assert_eq!(place_url(url).as_deref(), want, "{url}");
        }
    }
}
