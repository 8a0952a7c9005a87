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

use crate::locale::strings::{self, Slot};
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
    found: [HashMap<String, (String, String)>; 6],
    /// How many of each kind, for numbered stand-ins.
    counts: [usize; 6],
}

mod find;

use find::{
    CONTACT, EMAIL, MENTION, PHONE, URL, WRAPPED, digits, find, find_url, is_phone, quoted_groups,
    redact_places, replace_words, site_only,
};

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
        // why: people are called by a part of their name too ("Piotr" for "Piotr Zielinski").
        let parts: Vec<(String, String)> = names
            .iter()
            .filter(|(name, new)| name != new && !is_phone(name))
            .flat_map(|(name, new)| {
                let words: Vec<&str> = name.split_whitespace().collect();
                let several = words.len() > 1;
                words
                    .into_iter()
                    .filter(move |w| {
                        several && w.chars().count() >= 3 && w.chars().all(char::is_alphabetic)
                    })
                    .map(|w| (w.to_string(), new.clone()))
                    .collect::<Vec<_>>()
            })
            .collect();
        for part in parts {
            if !names.iter().any(|(n, _)| n.eq_ignore_ascii_case(&part.0)) {
                names.push(part);
            }
        }
        names.sort_by_key(|(name, _)| std::cmp::Reverse(name.chars().count()));
        Redactor {
            options,
            names,
            numbers,
            found: Default::default(),
            counts: [0; 6],
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
        // why: the hash of the original lets whoever holds a candidate file confirm it is this chat.
        chat.source.sha256 = None;
        for m in &mut chat.merged {
            m.source.name = self.text(&m.source.name);
            m.source.entry = m.source.entry.as_deref().map(|e| self.text(e));
            m.source.sha256 = None;
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
        // why: someone who only joined, left or was added posts nothing, and is no participant; the notice's
        // own words (the locale table's `{actor}` and `{x}`) say who they are.
        let mut named: Vec<String> = m.actor.clone().into_iter().collect();
        if m.kind == Kind::System {
            let mut scratch = String::new();
            let first = m.text.lines().next().unwrap_or("");
            let line = strings::normalized(first, &mut scratch);
            if let Some(hit) = strings::strings().system.find(line) {
                for slot in [Slot::Actor, Slot::X] {
                    named.extend(hit.get(slot).map(split_names).unwrap_or_default());
                }
            }
        }
        for name in named {
            if !name.trim().is_empty() && !self.names.iter().any(|(n, _)| *n == name) {
                self.newcomer(&name);
            }
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
            // why: a shared place is often a home; the map link keeps its site only.
            l.latitude = None;
            l.longitude = None;
            l.url = l.url.as_deref().map(site_only);
            m.text = redact_places(&m.text);
            m.raw = m.raw.as_deref().map(redact_places);
        }
        if let Some(a) = m.attachment.as_mut()
            && let Some(file) = &a.file
        {
            let renamed = self.names_in(file);
            if renamed != *file {
                m.text = m.text.replace(file.as_str(), &renamed);
                m.raw = m.raw.as_deref().map(|r| r.replace(file.as_str(), &renamed));
                a.file = Some(renamed);
            }
        }
        if m.kind == Kind::System {
            m.author = None;
            // why: a group's earlier names are quoted in its notices ("created group “Trip 2024”").
            m.text = quoted_groups(&m.text);
            m.raw = m.raw.as_deref().map(quoted_groups);
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

    /// Someone the chat names who posts nothing: the next pseudonym.
    fn newcomer(&mut self, name: &str) {
        let n = self
            .names
            .iter()
            .filter(|(_, p)| p.starts_with("Person "))
            .map(|(_, p)| p.clone())
            .collect::<std::collections::HashSet<_>>()
            .len()
            + 1;
        let pseudonym = match &self.options.key {
            Some(key) => format!("Person {}", keyed_letters(key, &normal_name(name))),
            None => format!("Person {}", letters(n)),
        };
        let words: Vec<&str> = name.split_whitespace().collect();
        if words.len() > 1 {
            for w in words
                .into_iter()
                .filter(|w| w.chars().count() >= 3 && w.chars().all(char::is_alphabetic))
            {
                if !self.names.iter().any(|(n, _)| n.eq_ignore_ascii_case(w)) {
                    self.names.push((w.to_string(), pseudonym.clone()));
                }
            }
        }
        self.names.push((name.to_string(), pseudonym));
        self.names
            .sort_by_key(|(name, _)| std::cmp::Reverse(name.chars().count()));
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
        // Links are left as they are (`--redact-urls` cuts them): a name inside one would break it.
        let mut out = String::with_capacity(s.len());
        let mut rest = s;
        while let Some((a, b)) = find_url(rest) {
            out.push_str(&self.names_in_text(&rest[..a]));
            out.push_str(&rest[a..b]);
            rest = &rest[b..];
        }
        out.push_str(&self.names_in_text(rest));
        out
    }

    fn names_in_text(&self, s: &str) -> String {
        // why: a name is also written with a no-break space, or in other letter case.
        let mut out = s.replace(['\u{a0}', '\u{202f}'], " ");
        for (name, new) in &self.names {
            if name.is_empty() || name == new {
                continue;
            }
            out = replace_words(&out, &name.replace(['\u{a0}', '\u{202f}'], " "), new);
        }
        out
    }

    /// A text with names, e-mail addresses, links (with `urls`), phone numbers and @-mentions replaced.
    pub fn text(&mut self, s: &str) -> String {
        // A wrapped mention is one name, replaced whole before its parts could be; addresses and links go
        // before names, which could stand inside them.
        let s = self.scan(s, WRAPPED);
        let s = self.scan(&s, EMAIL);
        let s = if self.options.urls {
            self.scan(&s, URL)
        } else {
            s
        };
        let s = self.names_in(&s);
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
        let kind = if kind == WRAPPED { MENTION } else { kind };
        match kind {
            PHONE => {
                let d = digits(found);
                // why: a participant's number is also written the national way (`0601 234 567`).
                let tail = |x: &str| x.get(x.len().saturating_sub(9)..).unwrap_or(x).to_string();
                let person = self.numbers.get(&d).cloned().or_else(|| {
                    self.numbers
                        .iter()
                        .find(|(n, _)| d.len() >= 9 && tail(n) == tail(&d))
                        .map(|(_, p)| p.clone())
                });
                match person {
                    Some(person) => person,
                    None => self.stand_in(PHONE, &tail(&d), found, "phone"),
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
                if bare.chars().all(|c| c.is_ascii_digit()) {
                    return format!("@{}", self.replacement(PHONE, &format!("+{bare}")));
                }
                let new = self.stand_in(MENTION, &normal_name(&bare), &bare, "mention");
                // why: someone mentioned is named without the `@` too ("ask @[U+2068]Piotr[U+2069] … Piotr knows").
                if bare.chars().count() >= 3 && !self.names.iter().any(|(n, _)| *n == bare) {
                    self.names.push((bare.clone(), new.clone()));
                    for part in bare.split_whitespace().filter(|w| w.chars().count() >= 3) {
                        if bare.contains(' ') && !self.names.iter().any(|(n, _)| n == part) {
                            self.names.push((part.to_string(), new.clone()));
                        }
                    }
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

/// The people a notice's slot names: `Ana`, `Ana, Bo and Cy` (in the languages' words for "and").
fn split_names(slot: &str) -> Vec<String> {
    let mut names = vec![slot.to_string()];
    for sep in [
        ", ", " and ", " y ", " et ", " und ", " e ", " en ", " и ", "، ",
    ] {
        names = names
            .iter()
            .flat_map(|n| n.split(sep).map(str::to_string).collect::<Vec<_>>())
            .collect();
    }
    names
        .into_iter()
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty() && !["you", "You"].contains(&n.as_str()))
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
}
