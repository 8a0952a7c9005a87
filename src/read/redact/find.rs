//! What `--redact` looks for in a text: phone numbers, e-mail addresses, @-mentions, links, and a name standing
//! as a word; and the rewrites of places and notices that need no mapping.
//!
//! Takes text; gives the byte spans of each kind of match, or the text rewritten. It keeps no state and picks
//! no stand-ins (`mod.rs` does).

use crate::text::marks;

/// The kinds of things replaced, as indexes of the redactor's tables.
pub const PHONE: usize = 0;
pub const EMAIL: usize = 1;
pub const MENTION: usize = 2;
pub const URL: usize = 3;
pub const CONTACT: usize = 4;
/// A mention WhatsApp wrapped in U+2068 … U+2069: stands-in as [`MENTION`] does.
pub const WRAPPED: usize = 5;

/// A link's scheme and site, the rest replaced.
pub fn site_only(url: &str) -> String {
    match url.find("://").map(|i| i + 3) {
        Some(i) => match url[i..].find('/') {
            Some(j) => format!("{}/[redacted]", &url[..i + j]),
            None => url.to_string(),
        },
        None => url
            .split(':')
            .next()
            .map_or_else(String::new, |s| format!("{s}:[redacted]")),
    }
}

/// A place's text with its map links cut to their site.
pub fn redact_places(text: &str) -> String {
    let mut out = text.to_string();
    while let Some((a, b)) = find_url(&out).filter(|(a, b)| !out[*a..*b].ends_with("[redacted]")) {
        let cut = site_only(&out[a..b]);
        if cut == out[a..b] {
            break;
        }
        out.replace_range(a..b, &cut);
    }
    out
}

/// A notice's quoted names (a group's, as it was) as `Group chat`.
pub fn quoted_groups(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find(['“', '"']) {
        let q = rest[open..].chars().next().unwrap_or('"');
        let close_char = if q == '“' { '”' } else { '"' };
        let after = open + q.len_utf8();
        match rest[after..].find(close_char) {
            Some(close) => {
                out.push_str(&rest[..after]);
                out.push_str("Group chat");
                out.push(close_char);
                rest = &rest[after + close + close_char.len_utf8()..];
            }
            None => break,
        }
    }
    out.push_str(rest);
    out
}

/// The digits of a number, as ASCII.
pub fn digits(s: &str) -> String {
    s.chars()
        .filter(|c| is_digit(*c))
        .map(|c| match c {
            '\u{660}'..='\u{669}' => char::from(b'0' + (c as u32 - 0x660) as u8),
            '\u{6f0}'..='\u{6f9}' => char::from(b'0' + (c as u32 - 0x6f0) as u8),
            '\u{ff10}'..='\u{ff19}' => char::from(b'0' + (c as u32 - 0xff10) as u8),
            c => c,
        })
        .collect()
}

pub fn is_phone(name: &str) -> bool {
    find(name, PHONE).is_some_and(|(s, e)| s == 0 && e == name.len())
}

/// `s` with `word` replaced by `new` wherever it stands as a word (no letter or digit just before or after), in
/// any ASCII letter case.
pub fn replace_words(s: &str, word: &str, new: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut at = 0;
    let lower = s.to_ascii_lowercase();
    let wanted = word.to_ascii_lowercase();
    while let Some(i) = lower[at..].find(&wanted).map(|i| at + i) {
        let before = s[..i].chars().next_back();
        let after = s[i + word.len()..].chars().next();
        let alone = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
        out.push_str(&s[at..i]);
        if alone(before) && alone(after) {
            out.push_str(new);
        } else {
            // Inside a longer word: the text as written, in its own letter case.
            out.push_str(&s[i..i + word.len()]);
        }
        at = i + word.len();
    }
    out.push_str(&s[at..]);
    out
}

/// The first match of `kind` in `s`, as byte offsets.
pub fn find(s: &str, kind: usize) -> Option<(usize, usize)> {
    match kind {
        PHONE => find_phone(s),
        EMAIL => find_email(s),
        MENTION => find_mention(s),
        WRAPPED => find_mention(s).filter(|(a, b)| s[*a..*b].contains('\u{2068}')),
        _ => find_url(s),
    }
}

/// A phone number: `+` and 7 to 15 digits, or 10 to 15 digits, with the spaces, dashes, dots, parentheses and
/// invisible marks exports put between them; never a date (`2024-03-13`) or a time.
fn find_phone(s: &str) -> Option<(usize, usize)> {
    let mut i = 0;
    while i < s.len() {
        let mut chars = s[i..].chars();
        let first = chars.next().unwrap_or(' ');
        let starts = (first == '+' && chars.next().is_some_and(is_digit)) || is_digit(first);
        let after_word = s[..i]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric());
        if !starts || after_word {
            i += first.len_utf8();
            continue;
        }
        let plus = first == '+';
        let fits = |n: usize| (plus && (7..=15).contains(&n)) || (!plus && (10..=15).contains(&n));
        // Each group's end: two numbers one after the other are cut where the first one ends.
        let (mut count, mut last_digit, mut ends) = (0, i, Vec::new());
        let mut previous_digit = false;
        for (k, c) in s[i..].char_indices() {
            let at = i + k;
            if is_digit(c) {
                count += 1;
                last_digit = at + c.len_utf8();
                previous_digit = true;
            } else if c == '+' && k == 0
                || " -.()\u{a0}\u{202f}\u{2009}".contains(c)
                || marks::is_mark(c)
                || c == '\u{2068}'
                || c == '\u{2069}'
            {
                if previous_digit {
                    ends.push((last_digit, count));
                }
                previous_digit = false;
            } else {
                break;
            }
        }
        ends.push((last_digit, count));
        let found = &s[i..last_digit];
        let date = found.len() >= 10
            && found.as_bytes().get(4) == Some(&b'-')
            && found
                .get(..4)
                .is_some_and(|y| y.bytes().all(|x| x.is_ascii_digit()));
        let letter_after = s[last_digit..]
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric());
        let end = match (count > 15, fits(count)) {
            (false, true) => Some(last_digit),
            (true, _) => ends.iter().rev().find(|(_, n)| fits(*n)).map(|(e, _)| *e),
            _ => None,
        };
        if let Some(end) = end.filter(|_| !(date || (letter_after && count <= 15))) {
            return Some((i, end));
        }
        i = last_digit.max(i + first.len_utf8());
    }
    None
}

/// A decimal digit as exports write them: ASCII, Arabic-Indic, Persian or fullwidth.
fn is_digit(c: char) -> bool {
    c.is_ascii_digit()
        || ('\u{660}'..='\u{669}').contains(&c)
        || ('\u{6f0}'..='\u{6f9}').contains(&c)
        || ('\u{ff10}'..='\u{ff19}').contains(&c)
}

/// An e-mail address: `local@domain.tld`.
fn find_email(s: &str) -> Option<(usize, usize)> {
    let b = s.as_bytes();
    let local = |c: u8| c.is_ascii_alphanumeric() || b"._%+-".contains(&c);
    let host = |c: u8| c.is_ascii_alphanumeric() || b".-".contains(&c);
    let mut from = 0;
    while let Some(at) = s[from..].find('@').map(|i| from + i) {
        let start = (0..at)
            .rev()
            .take_while(|&k| local(b[k]))
            .last()
            .unwrap_or(at);
        let mut end = at + 1;
        while end < b.len() && host(b[end]) {
            end += 1;
        }
        while end > at + 1 && b[end - 1] == b'.' {
            end -= 1;
        }
        let domain = &s[at + 1..end];
        if start < at
            && domain.contains('.')
            && domain.rsplit('.').next().is_some_and(|t| t.len() >= 2)
        {
            return Some((start, end));
        }
        from = at + 1;
    }
    None
}

/// An @-mention: `@` and a name (WhatsApp wraps it in U+2068 … U+2069), or `@` and a word, not inside an
/// e-mail address.
fn find_mention(s: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(at) = s[from..].find('@').map(|i| from + i) {
        let before = s[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric()) {
            from = at + 1;
            continue;
        }
        let rest = &s[at + 1..];
        if let Some(inner) = rest.strip_prefix('\u{2068}')
            && let Some(close) = inner.find('\u{2069}')
        {
            return Some((
                at,
                at + 1 + '\u{2068}'.len_utf8() + close + '\u{2069}'.len_utf8(),
            ));
        }
        let len: usize = rest
            .char_indices()
            .take_while(|(_, c)| c.is_alphanumeric() || *c == '_')
            .last()
            .map_or(0, |(i, c)| i + c.len_utf8());
        // why: `@property` in pasted code is no one; a mention starts with a capital or is a number.
        let first = rest.chars().next();
        let named = first.is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
        if len > 0 && named && !rest.starts_with("Person") && !rest.starts_with('[') {
            return Some((at, at + 1 + len));
        }
        from = at + 1;
    }
    None
}

/// A link: `http://` or `https://` and what follows up to white space.
pub fn find_url(s: &str) -> Option<(usize, usize)> {
    let lower = s.to_ascii_lowercase();
    let start = [lower.find("https://"), lower.find("http://")]
        .into_iter()
        .flatten()
        .min()?;
    let end = s[start..]
        .find(|c: char| c.is_whitespace() || c == '>' || c == '"')
        .map_or(s.len(), |e| start + e);
    Some((start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_addresses_and_mentions_are_found() {
        let phones = [
            ("call +44 7700 900123 now", Some("+44 7700 900123")),
            ("+1 (555) 010-9999", Some("+1 (555) 010-9999")),
            (
                "\u{2068}+49\u{a0}151\u{a0}2345678\u{2069}",
                Some("+49\u{a0}151\u{a0}2345678"),
            ),
            ("0151 23456789 is mine", Some("0151 23456789")),
            ("on 2024-03-13 08:00 we", None),
            ("at 21:03, 3 people", None),
            ("order 12345", None),
            ("07700 900123 07700 900124", Some("07700 900123")),
            (
                "\u{661}\u{662}\u{663}\u{664}\u{665}\u{666}\u{667}\u{668}\u{669}\u{660}",
                Some("\u{661}\u{662}\u{663}\u{664}\u{665}\u{666}\u{667}\u{668}\u{669}\u{660}"),
            ),
        ];
        for (s, want) in phones {
            assert_eq!(find_phone(s).map(|(a, b)| &s[a..b]), want, "{s}");
        }
        let emails = [
            ("mail ana.b@example.co.uk.", Some("ana.b@example.co.uk")),
            ("@home", None),
            ("a@b", None),
        ];
        for (s, want) in emails {
            assert_eq!(find_email(s).map(|(a, b)| &s[a..b]), want, "{s}");
        }
        let mentions = [
            ("hi @Ana!", Some("@Ana")),
            ("x@y.z", None),
            ("@\u{2068}Ana B\u{2069} hi", Some("@\u{2068}Ana B\u{2069}")),
        ];
        for (s, want) in mentions {
            assert_eq!(find_mention(s).map(|(a, b)| &s[a..b]), want, "{s}");
        }
        assert_eq!(
            replace_words("ANAbelle and ana", "Ana", "P1"),
            "ANAbelle and P1"
        );
        assert_eq!(
            replace_words("Ana, Anastasia and Ana", "Ana", "P1"),
            "P1, Anastasia and P1"
        );
    }
}
