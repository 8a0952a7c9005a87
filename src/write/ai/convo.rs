//! Messages to conversations, for the AI formats (`chatgpt`, `openwebui`, `openai-jsonl`).
//!
//! Takes the chat head, then messages one at a time; gives finished [`Conversation`]s: user and assistant turns
//! with one plain-text body each, Unix times in a [`Zone`], a title, and deterministic UUIDs. It holds one
//! conversation at a time, never the chat. It leaves out what AI tools cannot hold (system notices, deletions),
//! turns media, polls, places and calls into text placeholders, and splits a long chat by day or by silence.
//! It does not serialize anything.

use chrono::NaiveDate;
use uuid::Uuid;

use crate::model::zone::Zone;
use crate::model::{Chat, Kind, Message, Role};
use crate::write::words::{call_words, media_placeholder};

/// Where one conversation ends and the next begins.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Split {
    /// The whole chat is one conversation.
    None,
    /// A new conversation each calendar day (in the chat's wall-clock time).
    Day,
    /// A new conversation after this many seconds without a message.
    Gap(i64),
}

impl Split {
    /// Parses `none`, `day` or `gap:DURATION` (`gap:6h`, `gap:90m`, `gap:1h30m`, `gap:2d`, `gap:45s`); a duration
    /// alone (`6h`) is a gap, and case is ignored.
    pub fn parse(s: &str) -> Result<Split, String> {
        let lower = s.to_ascii_lowercase();
        match lower.as_str() {
            "none" => return Ok(Split::None),
            "day" => return Ok(Split::Day),
            _ => {}
        }
        let bad = || {
            format!(
                "'{s}' is not a split: use none, day, or gap:DURATION such as gap:6h or gap:90m"
            )
        };
        let spec = lower.strip_prefix("gap:").unwrap_or(&lower);
        let mut total = 0i64;
        let mut number = String::new();
        for c in spec.chars() {
            if c.is_ascii_digit() {
                number.push(c);
                continue;
            }
            let unit = match c {
                's' => 1,
                'm' => 60,
                'h' => 3600,
                'd' => 86400,
                _ => return Err(bad()),
            };
            let n: i64 = number.parse().map_err(|_| bad())?;
            total = total.saturating_add(n.saturating_mul(unit));
            number.clear();
        }
        if !number.is_empty() || total <= 0 {
            return Err(bad());
        }
        Ok(Split::Gap(total))
    }

    /// The value as written on the command line (part of the ids, so that each split gets its own).
    pub fn name(&self) -> String {
        match self {
            Split::None => "none".into(),
            Split::Day => "day".into(),
            Split::Gap(s) => format!("gap:{s}s"),
        }
    }
}

/// One message as an AI tool sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Turn {
    /// `User` or `Assistant`, never `System`.
    pub role: Role,
    /// Never empty.
    pub text: String,
    /// Unix seconds; a message whose date was impossible takes the time of the one before.
    pub time: i64,
    pub id: Uuid,
    /// Within `--since`/`--until` (the turns outside are cut, so ids stay those of the whole export).
    pub kept: bool,
}

/// A run of turns that an AI tool shows as one chat.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conversation {
    /// 0-based, in chat order.
    pub index: u64,
    pub id: Uuid,
    /// The id of the empty root node the ChatGPT format needs.
    pub root: Uuid,
    /// From the first user message (about 60 characters) and the date.
    pub title: String,
    /// Never empty.
    pub turns: Vec<Turn>,
}

impl Conversation {
    pub fn created(&self) -> i64 {
        self.turns.first().map_or(0, |t| t.time)
    }

    pub fn updated(&self) -> i64 {
        self.turns.last().map_or(0, |t| t.time)
    }
}

/// Cuts messages into conversations.
pub struct Splitter {
    split: Split,
    zone: Zone,
    /// Names every user turn with its author: the chat has several people besides the assistant.
    name_users: bool,
    /// `<chat>/<split>`: what every conversation's id is derived from, with its first message.
    seed: String,
    /// The id seed of the conversation being built: the chat, the split and its first message.
    conversation: String,
    /// How many conversations of this chat began with each first message so far (the same text sent twice in
    /// one minute starts two).
    starts: std::collections::HashMap<String, u32>,
    /// The chat's name, for titles of conversations with no words of their own (and of every group
    /// conversation).
    chat_title: String,
    /// chatport's UUIDv5 namespace (computed once: it is a SHA-1 itself).
    namespace: Uuid,
    index: u64,
    turns: Vec<Turn>,
    /// First user text of the conversation being built, and its first date (for its title).
    title_from: Option<String>,
    date: Option<NaiveDate>,
    last_time: Option<i64>,
    last_day: Option<NaiveDate>,
    /// The chat has an assistant: every conversation should then hold both sides.
    both_sides: bool,
    /// Turn WhatsApp's markup in text and captions into Markdown.
    markdown: bool,
    /// The last conversation closed, kept back until the next one closes: a chat that ends on a question no one
    /// answered gives that question to it rather than making a conversation of the user alone.
    held: Option<Conversation>,
    /// Messages left out, by reason.
    pub left_out: LeftOut,
    /// Conversations cut at [`MAX_TURNS`].
    pub capped: u64,
}

/// The most messages one conversation holds; a longer run is cut into several.
pub const MAX_TURNS: usize = 5000;

/// What the AI formats could not carry, for the warning that says so.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LeftOut {
    pub system: u64,
    pub deleted: u64,
    /// Messages that had not arrived ("Waiting for this message").
    pub waiting: u64,
    pub empty: u64,
}

/// `Uuid::new_v5(namespace, name)`, hashed with the `sha1` crate: it uses the CPU's SHA instructions where there
/// are some, and the AI formats hash one name per message.
fn v5(namespace: &Uuid, name: &[u8]) -> Uuid {
    use sha1::Digest;
    let mut hasher = sha1::Sha1::new();
    hasher.update(namespace.as_bytes());
    hasher.update(name);
    let digest = hasher.finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_sha1_bytes(bytes).into_uuid()
}

/// The namespace of chatport's UUIDv5 ids.
fn namespace() -> Uuid {
    Uuid::new_v5(
        &Uuid::NAMESPACE_URL,
        b"https://github.com/chatport/chatport",
    )
}

impl Splitter {
    /// A splitter of `chat`'s messages; with `markdown`, text and captions are written as Markdown.
    pub fn new(chat: &Chat, split: Split, zone: Zone, markdown: bool) -> Self {
        let humans = chat
            .participants
            .iter()
            .filter(|p| p.role == Role::User && p.messages > 0)
            .count();
        let chat_title = chat
            .title
            .clone()
            .unwrap_or_else(|| "WhatsApp chat".to_string());
        Splitter {
            split,
            zone,
            name_users: humans > 1,
            // why: ids come from the chat and each conversation's own first message, not from the whole export's
            // hash, so a later export of the same chat (one message more) gives every earlier conversation the
            // id it had, and importers that skip a known id do not import it twice (issue 17).
            seed: format!("{chat_title}/{}", split.name()),
            conversation: String::new(),
            starts: std::collections::HashMap::new(),
            chat_title,
            both_sides: chat.assistant.is_some(),
            held: None,
            markdown,
            namespace: namespace(),
            index: 0,
            turns: Vec::new(),
            title_from: None,
            date: None,
            last_time: None,
            last_day: None,
            left_out: LeftOut::default(),
            capped: 0,
        }
    }

    fn id(&self, what: &str) -> Uuid {
        v5(
            &self.namespace,
            format!("{}/{what}", self.conversation).as_bytes(),
        )
    }

    /// Starts the id seed of a conversation whose first message is `m` (its body as an AI tool sees it).
    fn begin(&mut self, m: &Message, body: &str) {
        let time = m
            .time
            .map(|t| crate::model::time_string(&t.local))
            .unwrap_or_default();
        let key = format!(
            "{}/{time}/{}/{body}",
            self.seed,
            m.author.as_deref().unwrap_or_default()
        );
        let n = self.starts.entry(key.clone()).or_insert(0);
        *n += 1;
        self.conversation = if *n == 1 { key } else { format!("{key}#{n}") };
    }

    /// Takes one message (`kept`: within the dates asked for); gives the previous conversation when this message
    /// starts a new one.
    pub fn push(&mut self, m: &Message, kept: bool) -> Option<Conversation> {
        match (m.role, m.kind) {
            (Role::System, _) | (_, Kind::System) => {
                self.left_out.system += 1;
                return None;
            }
            (_, Kind::Deleted) => {
                self.left_out.deleted += 1;
                return None;
            }
            (_, Kind::Waiting) => {
                self.left_out.waiting += 1;
                return None;
            }
            _ => {}
        }
        let words: fn(&str) -> String = if self.markdown {
            crate::write::markdown::text
        } else {
            str::to_string
        };
        let body = render(m, words);
        if body.trim().is_empty() {
            self.left_out.empty += 1;
            return None;
        }
        let mut done = None;
        // why: a bot chat with no long silence would be one conversation of the whole export; importers load a
        // conversation at once (Open WebUI in the browser), and we hold one in memory, so cap it.
        if self.turns.len() >= MAX_TURNS {
            done = self.take();
            self.capped += 1;
        }
        if let Some(stamp) = m.time {
            let time = self.zone.unix(stamp.local);
            let day = stamp.local.date();
            let new = match (self.split, self.last_time, self.last_day) {
                (Split::Day, _, Some(last)) => day != last,
                (Split::Gap(gap), Some(last), _) => time - last > gap,
                _ => false,
            };
            // why: a reply the next morning must not open a conversation of the assistant alone, nor a question
            // no one answered make one of the user alone (issue 17): the split waits for both sides.
            let role = if m.role == Role::Assistant {
                Role::Assistant
            } else {
                Role::User
            };
            let answers =
                role == Role::Assistant && self.turns.last().is_some_and(|t| t.role == Role::User);
            let wait = self.both_sides && (!both(&self.turns) || answers);
            if new && !wait && !self.turns.is_empty() && done.is_none() {
                done = self.take();
            }
            self.last_time = Some(time);
            self.last_day = Some(day);
            self.date.get_or_insert(day);
        }
        let role = if m.role == Role::Assistant {
            Role::Assistant
        } else {
            Role::User
        };
        if self.turns.is_empty() {
            // Ids come from the text as written, whatever the markup choice.
            self.begin(m, &plain(m));
        }
        // why: a title from `[image omitted]` or a location says nothing (issue 17): only a person's own words.
        if role == Role::User && self.title_from.is_none() && has_words(m) {
            self.title_from = Some(plain(m));
        }
        let text = match (&m.author, role) {
            (Some(author), Role::User) if self.name_users => format!("{author}: {body}"),
            _ => body,
        };
        let id = self.id(&self.turns.len().to_string());
        self.turns.push(Turn {
            role,
            text,
            time: self.last_time.unwrap_or(0),
            id,
            kept,
        });
        done
    }

    /// Ends the chat: gives the conversations still to write, in order (a last one of one side alone joins the one
    /// before).
    pub fn finish(&mut self) -> Vec<Conversation> {
        let held = self.held.take();
        let last = self.close();
        match (held, last) {
            (Some(mut held), Some(last))
                if self.both_sides
                    && !both(&last.turns)
                    && held.turns.len() + last.turns.len() <= MAX_TURNS =>
            {
                held.turns.extend(last.turns);
                vec![held]
            }
            (held, last) => held.into_iter().chain(last).collect(),
        }
    }

    /// Closes the conversation being built; gives the one closed before it, which waited.
    fn take(&mut self) -> Option<Conversation> {
        let closed = self.close()?;
        self.held.replace(closed)
    }

    fn close(&mut self) -> Option<Conversation> {
        if self.turns.is_empty() {
            return None;
        }
        let turns = std::mem::take(&mut self.turns);
        // In a group, every conversation is the group's; elsewhere the first words the user wrote name it.
        let from = match self.title_from.take() {
            Some(text) if !self.name_users => text,
            _ => self.chat_title.clone(),
        };
        let date = self
            .date
            .take()
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default();
        let conversation = Conversation {
            index: self.index,
            id: self.id("conversation"),
            root: self.id("root"),
            title: title(&from, &date),
            turns,
        };
        self.index += 1;
        Some(conversation)
    }
}

/// A title: the first line of `text` with runs of spaces made one, cut at a word near 60 characters, then the date.
pub fn title(text: &str, date: &str) -> String {
    const MAX: usize = 60;
    let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let words: Vec<&str> = line.split_whitespace().collect();
    let mut out = String::new();
    for w in &words {
        let len = out.chars().count();
        if len > 0 && len + 1 + w.chars().count() > MAX {
            out.push('…');
            break;
        }
        if len > 0 {
            out.push(' ');
        }
        if w.chars().count() > MAX {
            out.extend(w.chars().take(MAX));
            out.push('…');
            break;
        }
        out.push_str(w);
    }
    // why: a right-to-left title would show its date reversed ("مرحبا (27-03-2022)"); isolated, it stays whole.
    if out.chars().any(is_rtl) {
        out = format!("\u{2068}{out}\u{2069}");
    }
    match (out.is_empty(), date.is_empty()) {
        (true, true) => "WhatsApp chat".into(),
        (true, false) => format!("WhatsApp chat ({date})"),
        (false, true) => out,
        (false, false) => format!("{out} ({date})"),
    }
}

/// Whether turns hold both sides, user and assistant.
fn both(turns: &[Turn]) -> bool {
    turns.iter().any(|t| t.role == Role::User) && turns.iter().any(|t| t.role == Role::Assistant)
}

/// Whether a character is written right to left (Hebrew, Arabic and the scripts and forms around them).
fn is_rtl(c: char) -> bool {
    matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// Whether a message holds words of its own: a text, or a caption under media (not a placeholder alone).
fn has_words(m: &Message) -> bool {
    let own = match m.kind {
        Kind::Text => Some(m.text.as_str()),
        Kind::Media => m.caption.as_deref(),
        _ => None,
    };
    own.is_some_and(|t| t.chars().any(char::is_alphanumeric))
}

/// A message as plain text for an AI tool: the text itself, or a bracketed placeholder for what is not text,
/// followed by the caption.
pub fn plain(m: &Message) -> String {
    render(m, str::to_string)
}

/// A message for an AI tool, what a person wrote (the text, a caption) rendered by `words`: as it is, or as
/// Markdown; placeholders stay as they are.
fn render(m: &Message, words: fn(&str) -> String) -> String {
    let placeholder = match m.kind {
        Kind::Text | Kind::System | Kind::Deleted | Kind::Waiting => return words(&m.text),
        Kind::Media => m.attachment.as_ref().map(media_placeholder),
        Kind::Poll => m.poll.as_ref().map(|p| {
            let mut s = format!("Poll: {}", p.question);
            for o in &p.options {
                let votes = if o.votes == 1 { "vote" } else { "votes" };
                s.push_str(&format!("\n- {} ({} {votes})", o.text, o.votes));
            }
            s
        }),
        Kind::Location => m.location.as_ref().map(|l| {
            let what = if l.live { "live location" } else { "location" };
            let mut parts: Vec<String> = [&l.name, &l.address]
                .into_iter()
                .flatten()
                .cloned()
                .collect();
            if let (Some(lat), Some(lon)) = (l.latitude, l.longitude) {
                parts.push(format!("{lat}, {lon}"));
            }
            if let Some(url) = &l.url {
                parts.push(url.clone());
            }
            if parts.is_empty() {
                format!("[{what}]")
            } else {
                format!("[{what}: {}]", parts.join(" · "))
            }
        }),
        Kind::Call => m.call.as_ref().map(|c| format!("[{}]", call_words(c))),
    };
    let mut s = placeholder.unwrap_or_else(|| words(&m.text));
    if let Some(caption) = &m.caption {
        s.push('\n');
        s.push_str(&words(caption));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn v5_ids_are_uuid_s(name in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..200)) {
            proptest::prop_assert_eq!(v5(&Uuid::NAMESPACE_URL, &name), Uuid::new_v5(&Uuid::NAMESPACE_URL, &name));
        }
    }

    #[test]
    fn parses_splits() {
        let cases: &[(&str, Option<Split>)] = &[
            ("none", Some(Split::None)),
            ("day", Some(Split::Day)),
            ("gap:6h", Some(Split::Gap(21600))),
            ("gap:90m", Some(Split::Gap(5400))),
            ("gap:1h30m", Some(Split::Gap(5400))),
            ("gap:2d", Some(Split::Gap(172800))),
            ("gap:45s", Some(Split::Gap(45))),
            ("gap:", None),
            ("gap:6", None),
            ("gap:0h", None),
            ("gap:6x", None),
            ("week", None),
            ("6h", Some(Split::Gap(21600))),
            ("GAP:90M", Some(Split::Gap(5400))),
            ("Day", Some(Split::Day)),
        ];
        for (s, want) in cases {
            assert_eq!(Split::parse(s).ok(), *want, "{s}");
        }
    }

    #[test]
    fn titles_are_short_single_lines_with_the_date() {
        let long =
            "Can you help me plan a week of vegetarian dinners for two people on a budget please";
        let cases = [
            ("Hi!\nsecond line", "2025-01-05", "Hi! (2025-01-05)"),
            (
                long,
                "2025-01-05",
                "Can you help me plan a week of vegetarian dinners for two… (2025-01-05)",
            ),
            ("  lots   of\tspace  ", "", "lots of space"),
            ("", "2025-01-05", "WhatsApp chat (2025-01-05)"),
        ];
        for (text, date, want) in cases {
            assert_eq!(title(text, date), want);
        }
    }
}
