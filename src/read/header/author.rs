//! The author of a message: where it ends after the header, and its name cleaned of what exports add.
//!
//! Takes the body after a header; gives `(author, text)` and a cleaned name. It does not decide whether a body
//! with no author is a system notice (`classify.rs` does).

use super::{find_pair, mark_len};

/// Splits a body into (author, text) at the first `": "`; a body that is just `Name:` is an author with an empty
/// text (iOS view-once photos, empty business messages). `None` means no author: a system message.
pub fn split_author(body: &str) -> Option<(&str, &str)> {
    if let Some(i) = find_pair(body.as_bytes(), b':', b' ') {
        return Some((&body[..i], &body[i + 2..]));
    }
    // why: an empty message is exported as `Luke:` when trailing spaces were trimmed.
    let bytes = body.as_bytes();
    if bytes.last() == Some(&b':')
        && memchr::memchr(b':', bytes) == Some(bytes.len() - 1)
        && bytes.len() > 1
    {
        return Some((&body[..bytes.len() - 1], ""));
    }
    None
}

/// `s.trim()`, quicker when the text it keeps starts and ends with ASCII (most names).
pub fn trim(s: &str) -> &str {
    let b = s.as_bytes();
    // The ASCII characters `char::is_whitespace` takes.
    let space = |c: &u8| matches!(c, b'\t'..=b'\r' | b' ');
    let start = b.iter().position(|c| !space(c)).unwrap_or(b.len());
    let end = b.iter().rposition(|c| !space(c)).map_or(start, |i| i + 1);
    if b.get(start).is_some_and(|&c| c >= 0x80) || (end > start && b[end - 1] >= 0x80) {
        // Non-ASCII at either end may be a space of another kind (NBSP, U+3000).
        return s.trim();
    }
    &s[start..end]
}

/// An author name without invisible marks (iOS wraps phone numbers in LRE/PDF and puts LRM around names),
/// without surrounding spaces, and without the `~ ` WhatsApp puts before group members who are not contacts.
/// The spaces of other widths inside (iOS writes phone numbers with NBSP between the digit groups, Android
/// with plain spaces) become plain spaces, so a person is one author whatever the phone.
pub fn clean_author(raw: &str) -> std::borrow::Cow<'_, str> {
    let b = raw.as_bytes();
    if b.is_ascii() {
        let t = trim(raw);
        return std::borrow::Cow::Borrowed(t.strip_prefix("~ ").map_or(t, str::trim_start));
    }
    let mut out = String::with_capacity(raw.len());
    let mut i = 0;
    while i < b.len() {
        if let Some(n) = mark_len(b, i) {
            i += n;
            continue;
        }
        let Some(c) = raw[i..].chars().next() else {
            break;
        };
        // why: `+44 7700 900123` with NBSP (iOS) and with spaces (Android) is one person (issue 16).
        out.push(match c {
            '\u{A0}' | '\u{202F}' | '\u{2007}' | '\u{2009}' => ' ',
            c => c,
        });
        i += c.len_utf8();
    }
    let spaces = |c: char| c.is_whitespace() || c == '\u{202F}';
    let mut name = out.trim_matches(spaces);
    // why: non-contacts in groups show as `~ Name` or `~\u{202F}Name` (Android 2023+, iOS).
    if let Some(rest) = name.strip_prefix('~')
        && rest.starts_with(spaces)
    {
        name = rest.trim_start_matches(spaces);
    }
    std::borrow::Cow::Owned(name.to_string())
}
