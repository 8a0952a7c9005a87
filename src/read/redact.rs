//! `--redact`: a chat with nobody in it identifiable, to share a failing sample or publish for research.
//!
//! Takes the chat head (whose participants, in order of first message, get the pseudonyms `Person A`,
//! `Person B`, …; the assistant keeps its name; `--rename` sets any by hand), then messages one at a time; gives
//! them with every participant's name (as author, actor, raw header, and inside bodies), phone number (any
//! country's format, with the spaces and marks exports put in them), e-mail address, @-mention and contact
//! card's name replaced, the same thing by the same stand-in everywhere; with `urls`, links keep only their
//! site. With a key, stand-ins come from a keyed hash, so they are the same across files and runs. Times,
//! kinds, roles and the dialect are untouched, so a redacted `whatsapp` export reads back message for message.
//! It writes nothing: [`Redactor::map`] gives the mapping for whoever asks to keep it.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::model::{Chat, Kind, MediaType, Message, Role, Warning};
use crate::text::marks;

/// What `--redact` does besides names, numbers, addresses and mentions.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RedactOptions {
    /// `--rename OLD=NEW`: the pseudonym of a participant, by hand.
    pub rename: Vec<(String, String)>,
    /// `--redact-key`: stand-ins from a keyed hash of what they replace, the same in every file and run.
    pub key: Option<String>,
    /// `--redact-urls`: links keep their scheme and site, their path and query are replaced.
    pub urls: bool,
}

/// The stand-in given to each thing replaced, by kind (`--redact-map`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RedactMap {
    /// Participants (and the group's names) → pseudonym.
    pub people: BTreeMap<String, String>,
    /// Phone numbers, as first written → stand-in.
    pub phones: BTreeMap<String, String>,
    /// E-mail addresses → stand-in.
    pub emails: BTreeMap<String, String>,
    /// @-mentions of people not in the chat, and contact cards' names → stand-in.
    pub mentions: BTreeMap<String, String>,
    /// Links → what is left of them.
    pub urls: BTreeMap<String, String>,
}

/// Replaces people, numbers and addresses, the same way in every message of a chat.
pub struct Redactor {
    options: RedactOptions,
    /// Participants' names, longest first, with their pseudonyms.
    names: Vec<(String, String)>,
    /// The digits of each participant named by a phone number → their pseudonym.
    numbers: HashMap<String, String>,
    /// Each kind's stand-ins so far: normalized original → (stand-in, as first written).
    found: [HashMap<String, (String, String)>; 5],
    /// How many of each kind, for numbered stand-ins.
    counts: [usize; 5],
}

const PHONE: usize = 0;
const EMAIL: usize = 1;
const MENTION: usize = 2;
const URL: usize = 3;
const CONTACT: usize = 4;

impl Redactor {
    /// A redactor for `chat`, its participants numbered in order of first message.
    pub fn new(chat: &Chat, options: RedactOptions) -> Redactor {
        let mut names = Vec::new();
        let mut n = 0;
        for p in &chat.participants {
            let by_hand = options.rename.iter().find(|(old, _)| *old == p.name);
            let pseudonym = match by_hand {
                Some((_, new)) => new.clone(),
                // why: the AI formats and a reader's role detection know the assistant by its name.
                None if p.role == Role::Assistant => p.name.clone(),
                // why: letters, not numbers: a pseudonym with digits beside a header's time can change how a
                // line that is almost a header reads back.
                None => {
                    n += 1;
                    match &options.key {
                        Some(key) => {
                            format!("Person {}", keyed_letters(key, &normal_name(&p.name)))
                        }
                        None => format!("Person {}", letters(n)),
                    }
                }
            };
            names.push((p.name.clone(), pseudonym));
        }
        let numbers = names
            .iter()
            .filter(|(name, _)| is_phone(name))
            .map(|(name, new)| (digits(name), new.clone()))
            .collect();
        names.sort_by_key(|(name, _)| std::cmp::Reverse(name.chars().count()));
        Redactor {
            options,
            names,
            numbers,
            found: Default::default(),
            counts: [0; 5],
        }
    }

    /// The chat head, redacted: participants' names, the title, the source's file name.
    pub fn chat(&mut self, chat: &Chat) -> Chat {
        let mut chat = chat.clone();
        let old_title = chat.title.clone();
        for p in &mut chat.participants {
            p.name = self.name(&p.name);
        }
        if let Some(a) = &mut chat.assistant {
            a.name = self.name(&a.name);
        }
        // A group's name is as telling as its members': it becomes one of the chat's own.
        if let Some(t) = chat.title.clone().filter(|t| !self.is_participant(t)) {
            self.group(&t);
        }
        chat.title = chat.title.as_deref().map(|t| self.name(t));
        chat.source.name = match (&old_title, &chat.title) {
            (Some(old), Some(new)) if !old.is_empty() => {
                chat.source.name.replace(old.as_str(), new)
            }
            _ => chat.source.name.clone(),
        };
        chat.source.name = self.text(&chat.source.name);
        if let Some(entry) = &chat.source.entry {
            chat.source.entry = Some(self.text(entry));
        }
        chat.dialect.example = self.text(&chat.dialect.example);
        for m in &mut chat.merged {
            m.source.name = self.text(&m.source.name);
        }
        chat
    }

    /// One message, redacted.
    pub fn message(&mut self, m: &Message) -> Message {
        let mut m = m.clone();
        // why: iOS files a group's notices under the group's name of the time; that name tells as much as its
        // members' (and the group's later names are in the title).
        if let Some(group) = m.raw_author.as_deref().filter(|_| m.kind == Kind::System)
            && !self.is_participant(group)
            && !group.trim().is_empty()
        {
            self.group(group);
        }
        m.author = m.author.as_deref().map(|a| self.name(a));
        m.raw_author = m.raw_author.as_deref().map(|a| self.name(a));
        m.actor = m.actor.as_deref().map(|a| self.name(a));
        m.raw_header = m.raw_header.as_deref().map(|h| self.names_in(h));
        // why: a contact card is named after the person it is (`Jane Doe.vcf`).
        let card = m
            .attachment
            .as_ref()
            .filter(|a| a.kind == MediaType::Contact)
            .and_then(|a| a.file.clone());
        if let (Some(card), Some(a)) = (&card, m.attachment.as_mut()) {
            let stem = card.rsplit_once('.').map_or(card.as_str(), |(s, _)| s);
            let new = self.stand_in(CONTACT, &normal_name(stem), stem, "contact");
            let renamed = card.replacen(stem, &new, 1);
            a.file = Some(renamed.clone());
            a.path = a
                .path
                .as_deref()
                .map(|p| p.replace(card.as_str(), &renamed));
            m.text = m.text.replace(card.as_str(), &renamed);
            m.raw = m.raw.as_deref().map(|r| r.replace(card.as_str(), &renamed));
        }
        m.text = self.text(&m.text);
        m.raw = m.raw.as_deref().map(|r| self.text(r));
        m.caption = m.caption.as_deref().map(|c| self.text(c));
        if let Some(p) = &mut m.poll {
            p.question = self.text(&p.question);
            for o in &mut p.options {
                o.text = self.text(&o.text);
            }
        }
        if let Some(l) = &mut m.location {
            l.name = l.name.as_deref().map(|s| self.text(s));
            l.address = l.address.as_deref().map(|s| self.text(s));
        }
        if m.kind == Kind::System {
            m.author = None;
        }
        m
    }

    /// A warning, with what it quotes redacted.
    pub fn warning(&mut self, w: &Warning) -> Warning {
        Warning {
            line: w.line,
            message: self.text(&w.message),
        }
    }

    /// What was replaced, and by what.
    pub fn map(&self) -> RedactMap {
        let list = |k: usize| {
            self.found[k]
                .values()
                .map(|(new, old)| (old.clone(), new.clone()))
                .collect()
        };
        RedactMap {
            people: self.names.iter().cloned().collect(),
            phones: list(PHONE),
            emails: list(EMAIL),
            mentions: {
                let mut m: BTreeMap<String, String> = list(MENTION);
                m.extend(list(CONTACT));
                m
            },
            urls: list(URL),
        }
    }

    /// A group's name: it becomes `Group chat` wherever it is written.
    fn group(&mut self, name: &str) {
        if !self.names.iter().any(|(n, _)| n == name) {
            self.names
                .push((name.to_string(), "Group chat".to_string()));
            self.names
                .sort_by_key(|(name, _)| std::cmp::Reverse(name.chars().count()));
        }
    }

    fn is_participant(&self, name: &str) -> bool {
        self.names.iter().any(|(n, _)| n == name)
    }

    /// A participant's pseudonym; a name nobody has is treated as text.
    fn name(&mut self, name: &str) -> String {
        match self.names.iter().find(|(n, _)| n == name) {
            Some((_, new)) => new.clone(),
            None => self.text(name),
        }
    }

    /// Every participant's name in `s` replaced, where it stands as a word.
    fn names_in(&self, s: &str) -> String {
        let mut out = s.to_string();
        for (name, new) in &self.names {
            if name.is_empty() || name == new {
                continue;
            }
            out = replace_words(&out, name, new);
        }
        out
    }

    /// A text with names, e-mail addresses, links (with `urls`), phone numbers and @-mentions replaced.
    pub fn text(&mut self, s: &str) -> String {
        let s = self.names_in(s);
        let s = self.scan(&s, EMAIL);
        let s = if self.options.urls {
            self.scan(&s, URL)
        } else {
            s
        };
        let s = self.scan(&s, PHONE);
        self.scan(&s, MENTION)
    }

    /// Replaces every match of one kind in `s`.
    fn scan(&mut self, s: &str, kind: usize) -> String {
        let mut out = String::with_capacity(s.len());
        let mut rest = s;
        while let Some((start, end)) = find(rest, kind) {
            out.push_str(&rest[..start]);
            let found = &rest[start..end];
            out.push_str(&self.replacement(kind, found));
            rest = &rest[end..];
        }
        out.push_str(rest);
        out
    }

    fn replacement(&mut self, kind: usize, found: &str) -> String {
        match kind {
            PHONE => {
                let d = digits(found);
                match self.numbers.get(&d) {
                    Some(person) => person.clone(),
                    None => self.stand_in(PHONE, &d, found, "phone"),
                }
            }
            EMAIL => self.stand_in(EMAIL, &found.to_lowercase(), found, "email"),
            MENTION => {
                let name = found.trim_start_matches('@');
                let bare: String = name
                    .chars()
                    .filter(|c| !marks::is_mark(*c) && *c != '\u{2068}' && *c != '\u{2069}')
                    .collect();
                if let Some((_, new)) = self.names.iter().find(|(n, _)| *n == bare) {
                    return format!("@{new}");
                }
                if bare.starts_with("Person ") {
                    return found.to_string();
                }
                let new = self.stand_in(MENTION, &normal_name(&bare), &bare, "mention");
                // why: someone mentioned is named without the `@` too ("ask @Piotr … Piotr knows").
                if bare.chars().count() >= 3 && !self.names.iter().any(|(n, _)| *n == bare) {
                    self.names.push((bare.clone(), new.clone()));
                    self.names
                        .sort_by_key(|(name, _)| std::cmp::Reverse(name.chars().count()));
                }
                format!("@{new}")
            }
            _ => {
                let site_end = found
                    .find("://")
                    .map(|i| i + 3)
                    .and_then(|i| found[i..].find('/').map(|j| i + j))
                    .unwrap_or(found.len());
                if site_end >= found.len().saturating_sub(1) {
                    return found.to_string();
                }
                let new = format!("{}/[redacted]", &found[..site_end]);
                self.found[URL]
                    .entry(found.to_string())
                    .or_insert_with(|| (new.clone(), found.to_string()));
                new
            }
        }
    }

    /// The stand-in of `normal` (first written `shown`): numbered in order, or keyed.
    fn stand_in(&mut self, kind: usize, normal: &str, shown: &str, what: &str) -> String {
        if let Some((new, _)) = self.found[kind].get(normal) {
            return new.clone();
        }
        self.counts[kind] += 1;
        let id = match &self.options.key {
            Some(key) => keyed(key, what, normal),
            None => self.counts[kind].to_string(),
        };
        let new = format!("[{what} {id}]");
        self.found[kind].insert(normal.to_string(), (new.clone(), shown.to_string()));
        new
    }
}

/// `A`, `B`, … `Z`, `AA`, `AB`, …: the `n`th (from 1) name in letters.
fn letters(n: usize) -> String {
    let (mut n, mut out) = (n, Vec::new());
    while n > 0 {
        n -= 1;
        out.push(b'A' + (n % 26) as u8);
        n /= 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Five letters from a keyed SHA-256 of a person's name.
fn keyed_letters(key: &str, name: &str) -> String {
    let mut h = Sha256::new();
    for part in [key, "\0person\0", name] {
        h.update(part.as_bytes());
    }
    h.finalize()
        .iter()
        .take(5)
        .map(|b| (b'A' + b % 26) as char)
        .collect()
}

/// Six hex digits of a keyed SHA-256 of `what` and `value`.
fn keyed(key: &str, what: &str, value: &str) -> String {
    let mut h = Sha256::new();
    for part in [key, "\0", what, "\0", value] {
        h.update(part.as_bytes());
    }
    h.finalize()
        .iter()
        .take(3)
        .map(|b| format!("{b:02X}"))
        .collect()
}

/// A name compared as exports of one chat write it: no marks, no `~ `, case folded.
fn normal_name(name: &str) -> String {
    let name: String = name.chars().filter(|c| !marks::is_mark(*c)).collect();
    name.trim().trim_start_matches('~').trim().to_lowercase()
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

fn is_phone(name: &str) -> bool {
    find(name, PHONE).is_some_and(|(s, e)| s == 0 && e == name.len())
}

/// `s` with `word` replaced by `new` wherever it stands as a word (no letter or digit just before or after).
fn replace_words(s: &str, word: &str, new: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut at = 0;
    while let Some(i) = s[at..].find(word).map(|i| at + i) {
        let before = s[..i].chars().next_back();
        let after = s[i + word.len()..].chars().next();
        let alone = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
        out.push_str(&s[at..i]);
        if alone(before) && alone(after) {
            out.push_str(new);
        } else {
            out.push_str(word);
        }
        at = i + word.len();
    }
    out.push_str(&s[at..]);
    out
}

/// The first match of `kind` in `s`, as byte offsets.
fn find(s: &str, kind: usize) -> Option<(usize, usize)> {
    match kind {
        PHONE => find_phone(s),
        EMAIL => find_email(s),
        MENTION => find_mention(s),
        _ => find_url(s),
    }
}

/// A phone number: `+` and 7 to 15 digits, or 10 to 15 digits, with the spaces, dashes, dots, parentheses and
/// invisible marks exports put between them; never a date (`2024-03-13`) or a time.
fn find_phone(s: &str) -> Option<(usize, usize)> {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let starts =
            (b[i] == b'+' && b.get(i + 1).is_some_and(u8::is_ascii_digit)) || b[i].is_ascii_digit();
        let after_word = s[..i]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric());
        if !starts || after_word {
            i += s[i..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        let (mut count, mut last_digit) = (0, i);
        for (k, c) in s[i..].char_indices() {
            let at = i + k;
            if c.is_ascii_digit() {
                count += 1;
                last_digit = at + 1;
            } else if !(c == '+' && k == 0
                || " -.()\u{a0}\u{202f}\u{2009}".contains(c)
                || marks::is_mark(c)
                || c == '\u{2068}'
                || c == '\u{2069}')
            {
                break;
            }
        }
        let found = &s[i..last_digit];
        let plus = b[i] == b'+';
        let date = found.len() >= 10
            && found.as_bytes()[4] == b'-'
            && found[..4].bytes().all(|x| x.is_ascii_digit());
        let letter_after = s[last_digit..]
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric());
        if !date
            && !letter_after
            && ((plus && (7..=15).contains(&count)) || (!plus && (10..=15).contains(&count)))
        {
            return Some((i, last_digit));
        }
        i = last_digit.max(i + 1);
    }
    None
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
        if len > 0 && !rest.starts_with("Person") && !rest.starts_with('[') {
            return Some((at, at + 1 + len));
        }
        from = at + 1;
    }
    None
}

/// A link: `http://` or `https://` and what follows up to white space.
fn find_url(s: &str) -> Option<(usize, usize)> {
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
    fn pseudonyms_are_letters() {
        let names: Vec<String> = [1, 2, 26, 27, 52, 53, 703]
            .iter()
            .map(|n| letters(*n))
            .collect();
        assert_eq!(names, ["A", "B", "Z", "AA", "AZ", "BA", "AAA"]);
    }

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
            replace_words("Ana, Anastasia and Ana", "Ana", "P1"),
            "P1, Anastasia and P1"
        );
    }
}
