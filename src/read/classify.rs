//! What each message is: text, media, deleted, waiting, poll, location, call or system.
//!
//! Takes a message's header body when it starts ([`Classifier::head`]: who wrote it, or a system event) and its
//! complete body when it ends ([`Classifier::body`]: kind, structured fields, cleaned text). The strings come from
//! the table in `locale/strings.tsv`; this file holds only layouts (where a file name or a vote count sits). It
//! never drops text: when `text` differs from the body as exported, the body goes to `raw`.
//!
//! Detection (first pass) and parsing (second pass) both call `head`, so the participants counted before the
//! messages are written are exactly the authors the messages carry.

use std::borrow::Cow;

use crate::locale::strings::{self, Hit, Matcher, Slot, Strings};
use crate::model::{
    Attachment, Call, CallMedia, Kind, Location, MediaType, Message, Poll, PollOption,
};
use crate::read::header;
use crate::text::marks;

/// A system notice or event, as far as its template tells.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Event {
    /// Who acted (`Dmitry S` in `Dmitry S created group "X"`).
    pub actor: Option<String>,
    /// The group's new name, from `created group "X"` or `changed the subject to "X"`.
    pub subject: Option<String>,
}

/// How a header line's body divides.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Head<'a> {
    /// The author as written, when the line names one (iOS names one even for some system notices).
    pub raw_author: Option<&'a str>,
    /// The author cleaned ([`header::clean_author`]); empty when there is none.
    pub author: Cow<'a, str>,
    /// The body after the author.
    pub text: &'a str,
    /// Set when the line is a system notice or event rather than a person's message.
    pub system: Option<Event>,
}

/// Classifies messages; keeps one scratch buffer so that classifying allocates only for what it returns.
pub struct Classifier {
    strings: &'static Strings,
    norm: String,
    links: memchr::memmem::Finder<'static>,
    /// The last few plain authors as written (`Sam Rivera`), with where their clean name sits in them, most
    /// recent first: a chat is mostly a few people taking turns.
    recent: Vec<(String, usize, usize)>,
}

/// Authors remembered by [`Classifier::head`].
const RECENT: usize = 4;

/// First lines longer than this are a person's text: no placeholder or notice is this long.
const MAX_TEMPLATE_LINE: usize = 2048;

impl Default for Classifier {
    fn default() -> Self {
        Classifier::new()
    }
}

impl Classifier {
    pub fn new() -> Classifier {
        Classifier {
            strings: strings::strings(),
            norm: String::new(),
            links: memchr::memmem::Finder::new("https://"),
            recent: Vec::new(),
        }
    }

    /// Divides a header line's body (everything after the timestamp) into author and text, and says whether it
    /// is a system message. `first` is true for the file's first header.
    pub fn head<'a>(&mut self, body: &'a str, first: bool) -> Head<'a> {
        if let Some(head) = self.recent_author(body) {
            return head;
        }
        let head = self.read_head(body, first);
        self.remember(body, &head);
        head
    }

    /// The head of a line by one of the recent plain authors, read without the general rules: the same bytes then
    /// `: ` split and clean the same way, and only a text led by a mark or one of the authored notices could make
    /// it a system notice.
    fn recent_author<'a>(&mut self, body: &'a str) -> Option<Head<'a>> {
        let b = body.as_bytes();
        // The `: ` after the name first: it tells most other authors apart without comparing the names.
        let k = self.recent.iter().position(|(raw, _, _)| {
            b.get(raw.len()..raw.len() + 2) == Some(b": ") && b.starts_with(raw.as_bytes())
        })?;
        let (n, start, end) = (self.recent[k].0.len(), self.recent[k].1, self.recent[k].2);
        let text = &body[n + 2..];
        if text.starts_with(['\u{200E}', '\u{200F}']) || self.may_be_authored_notice(text) {
            return None;
        }
        self.recent[..=k].rotate_right(1);
        Some(Head {
            raw_author: Some(&body[..n]),
            author: Cow::Borrowed(&body[start..end]),
            text,
            system: None,
        })
    }

    /// Remembers the author of `head` when it is plain: named, not a notice, its clean name a piece of what the
    /// line wrote (no marks taken out), and short of the rules for long or quoted names.
    fn remember(&mut self, body: &str, head: &Head<'_>) {
        let (Some(raw), Cow::Borrowed(author), None) =
            (head.raw_author, &head.author, &head.system)
        else {
            return;
        };
        if author.is_empty() || may_be_event(author) || self.recent.iter().any(|(r, _, _)| r == raw)
        {
            return;
        }
        let start = author.as_ptr() as usize - body.as_ptr() as usize;
        let entry = (raw.to_string(), start, start + author.len());
        if self.recent.len() == RECENT {
            self.recent.pop();
        }
        self.recent.insert(0, entry);
    }

    fn read_head<'a>(&mut self, body: &'a str, first: bool) -> Head<'a> {
        let authorless = |system| Head {
            raw_author: None,
            author: Cow::Borrowed(""),
            text: body,
            system: Some(system),
        };
        let Some((raw, text)) = header::split_author(body) else {
            // why: Android writes every system event without an author.
            let event = self.system_event(body).unwrap_or_default();
            return authorless(event);
        };
        let author = header::clean_author(raw);
        // why: Android writes a sender it has no name for as U+200E alone (`- ‎: <Media omitted>`): a
        // message from an unnamed sender, typed by its body, not a notice (issue 16).
        if author.is_empty() && !raw.is_empty() && raw.chars().all(marks::is_mark) {
            return Head {
                raw_author: Some(raw),
                author,
                text,
                system: None,
            };
        }
        if author.is_empty() {
            let event = self.system_event(body).unwrap_or_default();
            return authorless(event);
        }
        // why: an Android event can hold `: ` (`X added you to a group in the community: C`, a subject with a
        // colon), which reads as a long "author" with quotes or many words.
        if may_be_event(&author)
            && let Some(event) = self.system_event(body)
        {
            return authorless(event);
        }
        // why: iOS files system notices under a name (the chat's, or the actor's) and leads their body with
        // U+200E (U+200F in RTL languages); user texts can start with one too, so the template must match.
        let system = if text.starts_with(['\u{200E}', '\u{200F}']) {
            self.system_event(text).or_else(|| {
                // why: the first line of an iOS chat is the encryption notice, in whatever language the phone
                // used; it always names WhatsApp.
                (first && (text.contains("WhatsApp") || text.contains("واتساب")))
                    .then(Event::default)
            })
        } else {
            // why: disappearing-message notices come filed under an author with no mark before them (issue 16).
            let strings = self.strings;
            if self.may_be_authored_notice(text) {
                self.lookup(&strings.authored, first_line(text))
                    .map(|_| Event::default())
            } else {
                None
            }
        };
        Head {
            raw_author: Some(raw),
            author,
            text,
            system,
        }
    }

    /// Whether a person's text may be one of the notices filed under an author: most texts are told apart by their
    /// first byte, as every message is asked.
    fn may_be_authored_notice(&self, text: &str) -> bool {
        let authored = &self.strings.authored;
        match text.trim_start_matches(' ').bytes().next() {
            None => false,
            Some(b) if b < 0x80 && !authored.may_begin_with(b) => false,
            Some(_) => authored.may_match(first_line(text)),
        }
    }

    /// The row of `matcher` that `line` is.
    fn lookup(&mut self, matcher: &Matcher, line: &str) -> Option<Hit> {
        if !matcher.may_match(line) {
            return None;
        }
        let norm = self.normalized(line);
        matcher.find(norm)
    }

    /// `line` normalized ([`strings::normalized`]); empty for a line too long to be any row.
    fn normalized<'a>(&'a mut self, line: &'a str) -> &'a str {
        if line.len() > MAX_TEMPLATE_LINE {
            return "";
        }
        strings::normalized(line, &mut self.norm)
    }

    fn system_event(&mut self, text: &str) -> Option<Event> {
        let strings = self.strings;
        let hit = self.lookup(&strings.system, first_line(text))?;
        Some(Event {
            actor: hit.get(Slot::Actor).map(str::to_string),
            subject: hit.get(Slot::Subject).map(str::to_string),
        })
    }

    /// Sets the kind and fields of a finished message from its body (`m.text`, as exported). System messages
    /// only get their text cleaned.
    pub fn body(&mut self, m: &mut Message) {
        if m.kind == Kind::System {
            // why: Android writes `X started a call` with no author, legacy iOS its missed calls (issue 16).
            let strings = self.strings;
            if let Some(hit) = self.lookup(&strings.body, first_line(&m.text))
                && hit.key.starts_with("call.")
            {
                let actor = m.actor.take();
                self.apply(m, &hit, true, None);
                m.actor = m.actor.take().or(actor);
            }
            clean_marks(m);
            return;
        }
        let (first, rest) = match memchr::memchr(b'\n', m.text.as_bytes()) {
            Some(i) => (&m.text[..i], Some(&m.text[i + 1..])),
            None => (m.text.as_str(), None),
        };
        let single = rest.is_none_or(|r| r.trim_start().is_empty());
        if let Some(poll) = poll(first, &m.text) {
            m.kind = Kind::Poll;
            m.poll = Some(poll);
            clean_marks(m);
            return;
        }
        let strings = self.strings;
        let hit = self.lookup(&strings.body, first);
        // why: map pins and venues are the only bodies that hold a link; most messages hold none.
        let links = self.links.find(m.text.as_bytes()).is_some();
        match hit {
            Some(hit) => {
                let caption = rest.filter(|r| !r.trim().is_empty()).map(|r| r.to_string());
                if self.apply(m, &hit, single, caption) {
                    clean_marks(m);
                    return;
                }
            }
            None if !links => {}
            None if single => {
                let norm = self.normalized(first);
                if let Some(location) = map_link(norm).or_else(|| venue(norm)) {
                    m.kind = Kind::Location;
                    m.location = Some(location);
                    clean_marks(m);
                    return;
                }
            }
            None => {
                if let Some(location) = android_venue(&m.text) {
                    m.kind = Kind::Location;
                    m.location = Some(location);
                    return;
                }
            }
        }
        self.edited(m);
    }

    /// Fills `m` from a table row; false when the row does not fit the message (a one-line notice with more
    /// lines after it).
    fn apply(&self, m: &mut Message, hit: &Hit, single: bool, caption: Option<String>) -> bool {
        let key = hit.key;
        if let Some(kind) = key.strip_prefix("omitted.") {
            let file = hit.get(Slot::File).map(document_name);
            m.kind = Kind::Media;
            m.attachment = Some(Attachment {
                file,
                kind: omitted_type(kind),
                omitted: true,
                path: None,
                bytes: None,
            });
            m.caption = caption;
            return true;
        }
        match key {
            "attached" | "file_attached" => {
                let file = hit.get(Slot::File).map(str::to_string);
                m.kind = Kind::Media;
                m.attachment = Some(Attachment {
                    kind: file.as_deref().map_or(MediaType::Other, media_type),
                    file,
                    omitted: false,
                    path: None,
                    bytes: None,
                });
                m.caption = caption;
                true
            }
            _ if !single => false,
            "deleted" => {
                m.kind = Kind::Deleted;
                m.actor = hit.get(Slot::Actor).map(str::to_string);
                true
            }
            "waiting" => {
                m.kind = Kind::Waiting;
                true
            }
            "location" => {
                let url = hit.get(Slot::Url).unwrap_or_default();
                let place = coordinates(url);
                // why: `Location: dept` is a person's text: a shared pin is a link or coordinates (issue 16).
                if !is_link(url) && place.latitude.is_none() {
                    return false;
                }
                m.kind = Kind::Location;
                m.location = Some(Location {
                    url: is_link(url).then(|| url.to_string()),
                    ..place
                });
                true
            }
            "live_location" => {
                m.kind = Kind::Location;
                m.location = Some(Location {
                    live: true,
                    ..Location::default()
                });
                true
            }
            _ => match key.strip_prefix("call.") {
                Some(call) => {
                    m.kind = Kind::Call;
                    if let Some(actor) = hit.get(Slot::Actor) {
                        m.actor = Some(actor.to_string());
                    }
                    m.call = Some(Call {
                        media: if call.starts_with("video") {
                            CallMedia::Video
                        } else {
                            CallMedia::Voice
                        },
                        missed: call.ends_with(".missed"),
                        duration_s: hit.get(Slot::Duration).and_then(duration),
                    });
                    true
                }
                None => false,
            },
        }
    }

    /// Marks a text message `edited` when the edit marker ends it, and removes the marker from `text`.
    fn edited(&mut self, m: &mut Message) {
        if !m.text.trim_end().ends_with('>') {
            return;
        }
        let Some(at) = m.text.rfind('<') else { return };
        let marker = strings::normalized(&m.text[at..], &mut self.norm);
        if !self.strings.edited.iter().any(|e| e == marker) {
            return;
        }
        // why: the marker is appended after a space (Android) or a space and an LRM (iOS).
        let kept = m.text[..at].trim_end_matches(|c: char| c == ' ' || marks::is_mark(c));
        let text = kept.to_string();
        m.raw = Some(std::mem::replace(&mut m.text, text));
        m.edited = true;
    }
}

/// Whether an "author" may be the start of an Android event holding `: ` instead: long, or quoted.
fn may_be_event(author: &str) -> bool {
    author.len() > 30 || author.contains(['"', '“', '”', '«', '„', '「'])
}

/// The first line of `text`.
fn first_line(text: &str) -> &str {
    memchr::memchr(b'\n', text.as_bytes()).map_or(text, |i| &text[..i])
}

/// Removes invisible marks from `m.text`, keeping the original in `raw` when that changed it.
fn clean_marks(m: &mut Message) {
    if let std::borrow::Cow::Owned(text) = marks::strip(&m.text) {
        m.raw = Some(std::mem::replace(&mut m.text, text));
    }
}

/// A poll: a line holding only an upper-case keyword and a colon (`POLL:`, `ENCUESTA:`), the question, then one
/// `KEYWORD: option (n votes)` line per option, all with the same keyword. Blank lines may follow.
fn poll(first: &str, text: &str) -> Option<Poll> {
    let blank = |c: char| c.is_whitespace() || marks::is_mark(c);
    // Most bodies are not polls: their first line does not end with the keyword's colon.
    if !first.trim_end_matches(blank).ends_with(':') {
        return None;
    }
    // Nor is their first line the keyword alone (`POLL:`): `first` is the text up to the first line break.
    keyword(first.trim_matches(blank).strip_suffix(':')?)?;
    let mut lines = text.split('\n').map(|l| l.trim_matches(blank));
    lines.next()?;
    let question = lines.next()?.to_string();
    if question.is_empty() {
        return None;
    }
    let mut options = Vec::new();
    let mut option_word = None;
    for line in lines {
        if line.is_empty() {
            continue;
        }
        let (word, rest) = line.split_once(':')?;
        keyword(word)?;
        if option_word.get_or_insert(word) != &word {
            return None;
        }
        let rest = rest.trim().strip_suffix(')')?;
        let open = rest.rfind('(')?;
        let mut count = rest[open + 1..].split_whitespace();
        let votes: u64 = count.next()?.parse().ok()?;
        count
            .next()
            .filter(|w| w.chars().all(char::is_alphabetic))?;
        options.push(PollOption {
            text: rest[..open].trim().to_string(),
            votes,
        });
    }
    (!options.is_empty()).then_some(Poll { question, options })
}

/// `word` when it is one upper-case word (the poll keywords in every language).
fn keyword(word: &str) -> Option<&str> {
    (!word.is_empty() && word.chars().all(|c| c.is_uppercase())).then_some(word)
}

/// A one-line `Label: https://maps.google.com/?q=LAT,LON` in a language the table does not list.
fn map_link(line: &str) -> Option<Location> {
    let at = line.find("https://maps.google.com/")?;
    let label = line[..at].trim_end();
    let label = label
        .strip_suffix(':')
        .or_else(|| label.strip_suffix('：'))?;
    if label.is_empty() || label.chars().count() > 30 || line[at..].contains(' ') {
        return None;
    }
    let url = &line[at..];
    Some(Location {
        url: Some(url.to_string()),
        ..coordinates(url)
    })
}

/// Whether `s` is one link (`https://…`, `geo:…`), as map pins are.
fn is_link(s: &str) -> bool {
    let lower = s.get(..8).unwrap_or(s).to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("geo:"))
        && !s.contains(char::is_whitespace)
}

/// The latitude and longitude in a map link's `q=LAT,LON`, or in a bare `LAT,LON`.
fn coordinates(url: &str) -> Location {
    let q = if is_link(url) {
        url.split(['?', '&'])
            .find_map(|p| p.strip_prefix("q="))
            .unwrap_or_default()
    } else {
        url
    };
    let mut parts = q.split(',').map(|p| p.trim().parse::<f64>().ok());
    match (parts.next().flatten(), parts.next().flatten()) {
        (Some(lat), Some(lon)) if lat.abs() <= 90.0 && lon.abs() <= 180.0 => Location {
            latitude: Some(lat),
            longitude: Some(lon),
            ..Location::default()
        },
        _ => Location::default(),
    }
}

const FOURSQUARE: &str = "https://foursquare.com/";

/// iOS shares a venue on one line: `Name (Address): https://foursquare.com/v/…`.
fn venue(line: &str) -> Option<Location> {
    let at = line.find(FOURSQUARE)?;
    let head = line[..at].trim_end().strip_suffix(':')?.trim();
    let url = &line[at..];
    if head.is_empty() || url.contains(' ') {
        return None;
    }
    let (name, address) = match head.strip_suffix(')').and_then(|h| h.rsplit_once(" (")) {
        Some((name, address)) => (name, Some(address.to_string())),
        None => (head, None),
    };
    Some(Location {
        name: Some(name.to_string()),
        address,
        url: Some(url.to_string()),
        ..Location::default()
    })
}

/// Android shares a venue on three lines: name, address, Foursquare link.
fn android_venue(text: &str) -> Option<Location> {
    let lines: Vec<&str> = text.trim_end().split('\n').map(str::trim).collect();
    let [name, address, url] = lines.as_slice() else {
        return None;
    };
    (url.starts_with(FOURSQUARE) && !url.contains(' ') && !name.is_empty()).then(|| Location {
        name: Some(name.to_string()),
        address: (!address.is_empty()).then(|| address.to_string()),
        url: Some(url.to_string()),
        ..Location::default()
    })
}

/// `Resume.pdf • 2 pages` → `Resume.pdf`: iOS follows a document's name with its page count.
fn document_name(title: &str) -> String {
    title
        .split(" • ")
        .next()
        .unwrap_or(title)
        .trim()
        .to_string()
}

fn omitted_type(name: &str) -> MediaType {
    match name {
        "image" => MediaType::Image,
        "video" => MediaType::Video,
        "audio" => MediaType::Audio,
        "voice" => MediaType::Voice,
        "sticker" => MediaType::Sticker,
        "gif" => MediaType::Gif,
        "document" => MediaType::Document,
        "contact" => MediaType::Contact,
        "view_once" => MediaType::ViewOnce,
        _ => MediaType::Other,
    }
}

/// What an attached file is, from its name: iOS tags (`00000035-PHOTO-…`), Android prefixes (`PTT-…`), then
/// the extension. A file with an unknown extension was sent as a document.
pub fn media_type(file: &str) -> MediaType {
    let upper = file.to_ascii_uppercase();
    const IOS_TAGS: [(&str, MediaType); 5] = [
        ("-PHOTO-", MediaType::Image),
        ("-VIDEO-", MediaType::Video),
        ("-AUDIO-", MediaType::Audio),
        ("-STICKER-", MediaType::Sticker),
        ("-GIF-", MediaType::Gif),
    ];
    if let Some((_, t)) = IOS_TAGS.iter().find(|(tag, _)| upper.contains(tag)) {
        return *t;
    }
    const ANDROID_PREFIXES: [(&str, MediaType); 6] = [
        ("IMG-", MediaType::Image),
        ("VID-", MediaType::Video),
        ("PTT-", MediaType::Voice),
        ("AUD-", MediaType::Audio),
        ("STK-", MediaType::Sticker),
        ("DOC-", MediaType::Document),
    ];
    if let Some((_, t)) = ANDROID_PREFIXES
        .iter()
        .find(|(prefix, _)| upper.starts_with(prefix))
    {
        return *t;
    }
    let Some((_, ext)) = upper.rsplit_once('.') else {
        return MediaType::Other;
    };
    match ext {
        "JPG" | "JPEG" | "PNG" | "HEIC" | "HEIF" | "BMP" | "WEBP" | "TIF" | "TIFF" => {
            MediaType::Image
        }
        "GIF" => MediaType::Gif,
        "MP4" | "MOV" | "3GP" | "MKV" | "AVI" | "WEBM" | "M4V" => MediaType::Video,
        "OPUS" => MediaType::Voice,
        "M4A" | "MP3" | "AAC" | "OGG" | "WAV" | "AMR" | "FLAC" => MediaType::Audio,
        "VCF" => MediaType::Contact,
        _ => MediaType::Document,
    }
}

/// Seconds in a call length as iOS writes it (`12 min`, `1 hr 5 min`, `45 sec`).
fn duration(text: &str) -> Option<u64> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut total = 0;
    let mut any = false;
    for pair in words.chunks(2) {
        let [n, unit] = pair else { return None };
        let n: u64 = n.parse().ok()?;
        let unit = unit.trim_end_matches(['.', ',']).to_ascii_lowercase();
        let scale = match unit.as_str() {
            "sec" | "secs" | "second" | "seconds" | "s" => 1,
            "min" | "mins" | "minute" | "minutes" | "m" => 60,
            "hr" | "hrs" | "hour" | "hours" | "h" => 3600,
            _ => return None,
        };
        total += n * scale;
        any = true;
    }
    any.then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]
        /// Remembering recent authors changes no head: each line reads as a classifier that never saw another.
        #[test]
        fn recent_authors_read_as_the_rules_do(lines in prop::collection::vec((
            prop::sample::select(vec![
                "Sam", " Sam ", "~ Sam", "Sam:", "Sam: x", "\u{200E}Sam", "+44 7700 900123", "Ana María",
                "A very long name that is longer than thirty bytes", "Dmitry S created group \"X\"", "", "Copilot",
            ]),
            prop::sample::select(vec![": ", ":", " : ", ": : "]),
            prop::sample::select(vec![
                "hi", "\u{200E}image omitted", "\u{200F}x", "", "Messages and calls are end-to-end encrypted.",
                "a: b", "added Tom", "\u{200E}Sam changed the subject to \"Y\"",
                "You turned off disappearing messages. Tap to change.", "You turned off the lights",
            ]),
            any::<bool>(),
        ), 1..30)) {
            let mut remembering = Classifier::new();
            for (author, sep, text, first) in lines {
                let body = format!("{author}{sep}{text}");
                let want = Classifier::new().read_head(&body, first);
                prop_assert_eq!(remembering.head(&body, first), want, "{:?}", body);
            }
        }
    }

    #[test]
    fn media_types_from_file_names() {
        let cases = [
            ("00000035-PHOTO-2022-03-27-21-41-55.jpg", MediaType::Image),
            ("00000038-AUDIO-2022-03-27-21-44-47.opus", MediaType::Audio),
            (
                "00000043-STICKER-2022-03-27-21-49-16.webp",
                MediaType::Sticker,
            ),
            ("00000051-GIF-2022-03-27-21-51-57.mp4", MediaType::Gif),
            ("2015-08-04-PHOTO-00004762.jpg", MediaType::Image),
            ("PTT-20220323-WA0000.opus", MediaType::Voice),
            ("STK-20220323-WA0003.webp", MediaType::Sticker),
            ("VID-20220327-WA0001.mp4", MediaType::Video),
            ("IMG-20220323-WA0002.jpg", MediaType::Image),
            ("Alex.vcf", MediaType::Contact),
            ("00000047-Resume.pdf", MediaType::Document),
            ("4f2680f1db95a8454775cc2eefc95bfc.jpg", MediaType::Image),
            ("notes.xyz", MediaType::Document),
            ("README", MediaType::Other),
        ];
        for (file, want) in cases {
            assert_eq!(media_type(file), want, "{file}");
        }
    }

    #[test]
    fn call_durations() {
        let cases = [
            ("12 min", Some(720)),
            ("1 hr 5 min", Some(3900)),
            ("45 sec", Some(45)),
            ("No answer", None),
        ];
        for (text, want) in cases {
            assert_eq!(duration(text), want, "{text}");
        }
    }

    #[test]
    fn heads() {
        let mut c = Classifier::new();
        /// (body, first, author as cleaned or "" for none, system?, actor, subject)
        type Case<'a> = (
            &'a str,
            bool,
            &'a str,
            bool,
            Option<&'a str>,
            Option<&'a str>,
        );
        let cases: &[Case] = &[
            ("Dmitry S: Hello", false, "Dmitry S", false, None, None),
            ("~\u{202F}Ana: hola", false, "Ana", false, None, None),
            (
                "Dmitry S created group \"Group Chat\"",
                false,
                "",
                true,
                Some("Dmitry S"),
                Some("Group Chat"),
            ),
            (
                "Bo added you to a group in the community: Parents",
                false,
                "",
                true,
                Some("Bo"),
                None,
            ),
            (
                "My Group: \u{200E}Boris added you",
                false,
                "My Group",
                true,
                Some("Boris"),
                None,
            ),
            (
                "Elon Musk: \u{200E}Nachrichten und Anrufe sind Ende-zu-Ende-verschlüsselt. Niemand außerhalb \
                 dieses Chats kann sie lesen oder anhören, nicht einmal WhatsApp.",
                false,
                "Elon Musk",
                true,
                None,
                None,
            ),
            (
                "Elon Musk: \u{200E}Какое-то уведомление от WhatsApp.",
                true,
                "Elon Musk",
                true,
                None,
                None,
            ),
            (
                "Bob: \u{200E}How about Locations?",
                false,
                "Bob",
                false,
                None,
                None,
            ),
            ("Bob: Boris added you", false, "Bob", false, None, None),
        ];
        for &(body, first, author, system, actor, subject) in cases {
            let h = c.head(body, first);
            assert_eq!(h.author, author, "{body}");
            assert_eq!(h.system.is_some(), system, "{body}");
            let e = h.system.unwrap_or_default();
            assert_eq!(e.actor.as_deref(), actor, "{body}");
            assert_eq!(e.subject.as_deref(), subject, "{body}");
        }
    }
}
