//! One self-contained HTML page per chat, to open from disk in any browser, offline.
//!
//! Takes the chat head, then messages one at a time (streamed: nothing but the current day and the previous
//! author is remembered), then the warnings; gives a page that looks like the chat: bubbles (the exporter's side,
//! or the user's in an AI chat, on the right), a sticky heading per day, times, quiet centred notices, polls,
//! locations, calls and media (inline images, players for video and voice notes, links for documents), with the
//! CSS and script inline (`page.css`, `page.js`: search, `#q=` links, jump to a date). Message text goes through
//! [`escape`] and WhatsApp's markup ([`crate::write::markup`]) only: it is never read as HTML. The page makes no
//! request of its own: a Content-Security-Policy forbids any but the media files beside it. It reads no file:
//! media are linked by the relative path the output stage gives each attachment.

use std::fmt::Write as _;
use std::io::{self, Write};

use chrono::{NaiveDate, NaiveDateTime};

use crate::model::{Chat, Kind, MediaType, Message, Platform, Role, Warning};
use crate::write::markup::{self, Event, Lead, Style};
use crate::write::words::{
    call_words, clock, long_date, media_name, media_placeholder, place_url, place_words,
};

pub mod index;

/// What the page remembers between messages.
#[derive(Default)]
pub struct Html {
    day: Option<NaiveDate>,
    /// A day section is open.
    open: bool,
    /// The author of the message before, to show a name only where it changes.
    last: Option<String>,
    /// Who is on the right: the participant marked `me`, else the user of an AI chat.
    me: Me,
    /// The export's headers have seconds.
    seconds: bool,
    messages: u64,
    /// The days whose section has been given its id.
    days: std::collections::HashSet<NaiveDate>,
}

#[derive(Default)]
enum Me {
    #[default]
    Nobody,
    Named(String),
    /// Every message with the user's role.
    User,
}

impl Html {
    /// The page's head, its header (title, search, participants, dates, source) and the opening of the chat.
    pub fn begin(&mut self, chat: &Chat, w: &mut dyn Write) -> io::Result<()> {
        self.me = match chat.participants.iter().find(|p| p.me) {
            Some(p) => Me::Named(p.name.clone()),
            // why: in a group, everyone but the AI is a user; only `--me` says which of them exported it.
            None if chat.assistant.is_some() && chat.participants.len() <= 2 => Me::User,
            None => Me::Nobody,
        };
        self.seconds = chat
            .dialect
            .layout
            .as_ref()
            .is_some_and(|l| l.template.contains("{SS}"));
        let title = chat.title.as_deref().unwrap_or("WhatsApp chat");
        let mut s = String::with_capacity(32 << 10);
        s.push_str("<!DOCTYPE html>\n<html lang=\"und\">\n<head>\n<meta charset=\"utf-8\">\n");
        s.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        // why: an archive opened in twenty years must not fetch anything; only the media beside it may load,
        // and only the page's own script may run (its hash), not a `javascript:` link or an inline handler.
        let _ = writeln!(
            s,
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src 'self' file: \
             data:; media-src 'self' file: data:; style-src 'unsafe-inline'; script-src '{}'; \
             form-action 'none'; base-uri 'none'\">\n<meta http-equiv=\"x-dns-prefetch-control\" content=\"off\">\n\
             <link rel=\"icon\" href=\"data:,\">",
            script_hash()
        );
        let _ = writeln!(
            s,
            "<meta name=\"generator\" content=\"chatport {}\">",
            env!("CARGO_PKG_VERSION")
        );
        let _ = writeln!(s, "<title>{} · WhatsApp chat</title>", escape(title));
        s.push_str("<style>\n");
        s.push_str(include_str!("page.css"));
        s.push_str("</style>\n</head>\n<body>\n<header class=\"top\">\n");
        let _ = writeln!(s, "<h1 dir=\"auto\">{}</h1>", escape(title));
        let range = match chat.span {
            Some((from, to)) => format!(" min=\"{from}\" max=\"{to}\""),
            None => String::new(),
        };
        let _ = writeln!(
            s,
            "<form class=\"tools\" role=\"search\"><input type=\"search\" id=\"q\" \
             placeholder=\"Search messages\" aria-label=\"Search messages\" autocomplete=\"off\"> <output \
             id=\"hits\"></output> <label>Go to <input type=\"date\" id=\"jump\"{range} \
             aria-label=\"Go to date\"></label></form>"
        );
        s.push_str("</header>\n<section class=\"about\">\n<dl>\n");
        if !chat.participants.is_empty() {
            s.push_str("<dt>Participants</dt><dd><ul class=\"people\">");
            for p in &chat.participants {
                let n = if p.messages == 1 {
                    "message"
                } else {
                    "messages"
                };
                let role = match (p.role, p.me) {
                    (Role::Assistant, _) => ", assistant",
                    (_, true) => ", exported the chat",
                    _ => "",
                };
                let _ = write!(
                    s,
                    "<li class=\"a{}\"><b><bdi>{}</bdi></b> ({} {n}{role})</li>",
                    colour(&p.name),
                    escape(&p.name),
                    p.messages
                );
            }
            s.push_str("</ul></dd>\n");
        }
        if let Some((from, to)) = chat.span {
            if from == to {
                let _ = writeln!(s, "<dt>Date</dt><dd>{}</dd>", long_date(from));
            } else {
                let _ = writeln!(
                    s,
                    "<dt>Dates</dt><dd>{} – {}</dd>",
                    long_date(from),
                    long_date(to)
                );
            }
        }
        let platform = match chat.dialect.platform {
            Platform::Android => "Android",
            Platform::Ios => "iPhone",
            Platform::Legacy => "an early version",
        };
        let entry = match &chat.source.entry {
            Some(e) => format!(" (<code>{}</code> inside)", escape(e)),
            None => String::new(),
        };
        let _ = writeln!(
            s,
            "<dt>Source</dt><dd><code><bdi>{}</bdi></code>{entry}, exported from WhatsApp ({platform}), {} bytes; times are the \
             phone's local time</dd>",
            escape(&chat.source.name),
            chat.source.bytes
        );
        if let Some(sha) = &chat.source.sha256 {
            let _ = writeln!(
                s,
                "<dt>SHA-256</dt><dd><code class=\"hash\">{sha}</code></dd>"
            );
        }
        let _ = writeln!(
            s,
            "<dt>Written by</dt><dd>chatport {}, from the <code>chatport/1</code> model</dd>",
            env!("CARGO_PKG_VERSION")
        );
        s.push_str("</dl>\n</section>\n<main id=\"chat\">\n");
        w.write_all(s.as_bytes())
    }

    /// One message: a bubble, or a notice; a new day opens a section with its heading.
    pub fn message(&mut self, m: &Message, w: &mut Vec<u8>) -> io::Result<()> {
        let mut s = String::with_capacity(m.text.len() + 256);
        let system = m.kind == Kind::System || m.role == Role::System;
        // why: Android stamps the encryption notice with the export time, out of order; a notice does not open a
        // day, it shows its own date when it is not the current day's.
        if let Some(t) = m.time
            && !system
            && self.day != Some(t.local.date())
        {
            self.open_day(t.local.date(), &mut s);
        }
        if !self.open {
            s.push_str("<section class=\"day\">\n");
            self.open = true;
        }
        self.messages += 1;
        if system {
            let _ = write!(
                s,
                "<p class=\"notice\" id=\"m{}\" data-kind=\"system\" dir=\"auto\">",
                m.line
            );
            inline_text(&m.text, &mut s);
            if let Some(t) = m.time {
                let shown = match self.day == Some(t.local.date()) {
                    true => clock(&t.local),
                    false => t.local.format("%Y-%m-%d %H:%M").to_string(),
                };
                let _ = write!(s, " {}", time_tag(&t.local, t.offset, &shown, self.seconds));
            }
            s.push_str("</p>\n");
            self.last = None;
            w.extend_from_slice(s.as_bytes());
            return Ok(());
        }
        let author = m.author.as_deref().unwrap_or("");
        let out = match &self.me {
            Me::Named(me) => author == me,
            Me::User => m.role == Role::User,
            Me::Nobody => false,
        };
        let side = if out { "out" } else { "in" };
        let role = if m.role == Role::Assistant {
            " assistant"
        } else {
            ""
        };
        let who = escape(author);
        let _ = write!(
            s,
            "<article class=\"msg {side} a{}{role}\" id=\"m{}\" data-kind=\"{}\" data-author=\"{who}\" dir=\"auto\">",
            colour(author),
            m.line,
            kind_name(m.kind),
        );
        if self.last.as_deref() != Some(author) && !author.is_empty() {
            let _ = write!(
                s,
                "<header dir=\"auto\"><b class=\"who\"><bdi>{who}</bdi></b>"
            );
            if m.role == Role::Assistant {
                s.push_str(" <span class=\"role\">assistant</span>");
            }
            s.push_str("</header>");
        }
        s.push_str("<div class=\"body\">");
        body(m, &mut s);
        s.push_str("</div><footer>");
        if m.edited {
            s.push_str("<span class=\"edited\">edited</span> ");
        }
        if let Some(t) = m.time {
            s.push_str(&time_tag(
                &t.local,
                t.offset,
                &clock(&t.local),
                self.seconds,
            ));
        }
        let _ = write!(
            s,
            " <a class=\"link\" href=\"#m{}\" title=\"Link to this message\">#</a>",
            m.line
        );
        s.push_str("</footer></article>\n");
        if self.last.as_deref() != Some(author) {
            self.last = Some(author.to_string());
        }
        w.extend_from_slice(s.as_bytes());
        Ok(())
    }

    fn open_day(&mut self, day: NaiveDate, s: &mut String) {
        if self.open {
            s.push_str("</section>\n");
        }
        // why: dates that go back (a phone's clock set wrong) open a day again; an id is given once.
        let id = match self.days.insert(day) {
            true => format!(" id=\"d{day}\""),
            false => String::new(),
        };
        let _ = writeln!(
            s,
            "<section class=\"day\"{id}>\n<h2><time datetime=\"{day}\">{}</time></h2>",
            long_date(day)
        );
        self.day = Some(day);
        self.open = true;
        self.last = None;
    }

    /// Closes the chat; lists the warnings (how the file was read), then the script.
    pub fn end(&mut self, warnings: &[Warning], w: &mut dyn Write) -> io::Result<()> {
        let mut s = String::new();
        if self.open {
            s.push_str("</section>\n");
        }
        s.push_str("</main>\n<footer class=\"end\">\n");
        let n = self.messages;
        let _ = write!(s, "<p>{n} message{}", if n == 1 { "" } else { "s" });
        if warnings.is_empty() {
            s.push_str(".</p>\n");
        } else {
            let k = warnings.len();
            let _ = write!(
                s,
                "; {k} note{} on how the file was read:</p>\n<details><summary>Show them</summary><ol>",
                if k == 1 { "" } else { "s" }
            );
            for warning in warnings {
                match warning.line {
                    0 => s.push_str("<li>"),
                    line => {
                        let _ = write!(s, "<li>line {line}: ");
                    }
                }
                push_escaped(&mut s, &warning.message);
                s.push_str("</li>");
            }
            s.push_str("</ol></details>\n");
        }
        s.push_str("</footer>\n<script>");
        s.push_str(SCRIPT);
        s.push_str("</script>\n</body>\n</html>\n");
        w.write_all(s.as_bytes())
    }
}

/// The page's script, as the `<script>` element holds it.
const SCRIPT: &str = concat!("\n", include_str!("page.js"));

/// `sha256-…` of [`SCRIPT`]: the Content-Security-Policy lets that script run and no other.
fn script_hash() -> String {
    use base64::Engine as _;
    use sha2::Digest as _;
    let digest = sha2::Sha256::digest(SCRIPT.as_bytes());
    format!(
        "sha256-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// `text`, `media`, …: the kind as the model names it, for `data-kind`.
fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Text => "text",
        Kind::Media => "media",
        Kind::Deleted => "deleted",
        Kind::Waiting => "waiting",
        Kind::Poll => "poll",
        Kind::Location => "location",
        Kind::Call => "call",
        Kind::System => "system",
    }
}

/// The body of a bubble: its kind's content, then a caption.
fn body(m: &Message, s: &mut String) {
    match m.kind {
        Kind::Deleted => s.push_str("<i class=\"quiet\">🚫 This message was deleted</i>"),
        Kind::Waiting => s.push_str("<i class=\"quiet\">⏳ Waiting for this message</i>"),
        Kind::Media => match &m.attachment {
            Some(a) => match (a.path.as_deref().filter(|p| safe_path(p)), &a.file) {
                (Some(path), Some(file)) => media(a.kind, path, file, a.bytes, s),
                _ => {
                    let _ = write!(
                        s,
                        "<i class=\"quiet\">{}</i>",
                        escape(&media_placeholder(a))
                    );
                }
            },
            None => text(&m.text, s),
        },
        Kind::Poll => match &m.poll {
            Some(p) => {
                let total: u64 = p.options.iter().map(|o| o.votes).sum();
                s.push_str("<div class=\"poll\"><b>📊 ");
                inline_text(&p.question, s);
                s.push_str("</b><ul>");
                for o in &p.options {
                    let votes = if o.votes == 1 { "vote" } else { "votes" };
                    s.push_str("<li><span dir=\"auto\">");
                    inline_text(&o.text, s);
                    let _ = write!(
                        s,
                        "</span> <meter min=\"0\" max=\"{}\" value=\"{}\"></meter> <span class=\"votes\">{} {votes}</span></li>",
                        total.max(1),
                        o.votes,
                        o.votes
                    );
                }
                s.push_str("</ul></div>");
            }
            None => text(&m.text, s),
        },
        Kind::Location => match &m.location {
            Some(l) => {
                let (what, label) = place_words(l, escape);
                let label = if label.is_empty() {
                    what.to_string()
                } else {
                    label
                };
                let _ = write!(s, "<span class=\"place\">📍 {what}: ");
                match l.url.as_deref().and_then(place_url) {
                    Some(url) => {
                        let _ = write!(
                            s,
                            "<a href=\"{}\" rel=\"noopener noreferrer\">{label}</a>",
                            escape(&url)
                        );
                    }
                    None => s.push_str(&label),
                }
                s.push_str("</span>");
            }
            None => text(&m.text, s),
        },
        Kind::Call => match &m.call {
            Some(c) => {
                let _ = write!(
                    s,
                    "<span class=\"call\">📞 {}</span>",
                    escape(&call_words(c))
                );
            }
            None => text(&m.text, s),
        },
        Kind::Text | Kind::System => text(&m.text, s),
    }
    if let Some(caption) = &m.caption {
        s.push_str("<div class=\"caption\">");
        text(caption, s);
        s.push_str("</div>");
    }
}

/// A kept file, linked by its relative `path` (or held in it, a `data:` URI, with `--embed-media`): an image
/// inline, a player for video and audio, else a link with the file's size.
fn media(kind: MediaType, path: &str, file: &str, bytes: Option<u64>, s: &mut String) {
    let embedded = path.starts_with("data:");
    let href = match embedded {
        true => escape(path),
        false => escape(&url_path(path)),
    };
    let name = escape(file);
    let size = bytes.map(|b| format!(", {}", size(b))).unwrap_or_default();
    // An embedded file is written once: a second link to it would double the page.
    let link = |icon: &str, s: &mut String| {
        if !embedded {
            let _ = write!(s, "<a class=\"file\" href=\"{href}\">{icon} {name}</a>");
        } else {
            let _ = write!(s, "<span class=\"file\">{icon} {name}</span>");
        }
    };
    match kind {
        MediaType::Image | MediaType::Gif if embedded => {
            let _ = write!(
                s,
                "<img class=\"media\" src=\"{href}\" alt=\"{name}\" decoding=\"async\">"
            );
        }
        MediaType::Image | MediaType::Gif => {
            let _ = write!(
                s,
                "<a class=\"media\" href=\"{href}\"><img src=\"{href}\" alt=\"{name}\" loading=\"lazy\" decoding=\"async\"></a>"
            );
        }
        MediaType::Sticker => {
            let _ = write!(
                s,
                "<img class=\"sticker\" src=\"{href}\" alt=\"sticker {name}\" loading=\"lazy\">"
            );
        }
        MediaType::Video => {
            let _ = write!(
                s,
                "<video controls preload=\"metadata\" src=\"{href}\"></video>"
            );
            link("🎬", s);
        }
        // why: WhatsApp's voice notes are `.opus`, Ogg Opus, which browsers play.
        MediaType::Audio | MediaType::Voice => {
            let _ = write!(
                s,
                "<audio controls preload=\"metadata\" src=\"{href}\"></audio>"
            );
            link("🎤", s);
        }
        other => {
            let download = if embedded {
                format!(" download=\"{name}\"")
            } else {
                String::new()
            };
            let _ = write!(
                s,
                "<a class=\"file\" href=\"{href}\"{download}>📄 {name}</a> <span class=\"quiet\">{}{size}</span>",
                media_name(other)
            );
        }
    }
}

/// Whether an attachment's path may be linked: relative and inside the page's folder, or a `data:` URI of a
/// media type chatport embeds.
// why: a `chatport/1` document read back can hold any path: `/etc/passwd`, `//host/x.png` (a remote fetch on a
// `file:` page), `data:text/html,…`.
fn safe_path(path: &str) -> bool {
    if let Some(rest) = path.strip_prefix("data:") {
        let embedded = [
            "image/",
            "video/",
            "audio/",
            "application/pdf;",
            "text/vcard;",
            "text/plain;",
        ];
        return embedded.iter().any(|m| rest.starts_with(m))
            || rest.starts_with("application/octet-stream;");
    }
    let scheme = path.split_once(':').is_some_and(|(s, _)| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
    });
    !(scheme
        || path.starts_with('/')
        || path.starts_with('\\')
        || path.split(['/', '\\']).any(|p| p == ".."))
}

/// A file's size: `532 bytes`, `48 KB`, `1.2 MB`.
fn size(bytes: u64) -> String {
    match bytes {
        0..1_000 => format!("{bytes} bytes"),
        1_000..1_000_000 => format!("{} KB", bytes / 1_000),
        _ => format!("{:.1} MB", bytes as f64 / 1e6),
    }
}

/// A relative path as a URL path: every byte but unreserved ones and `/` percent-encoded, so spaces, `#` and `?`
/// in WhatsApp's file names stay part of the name.
fn url_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 8);
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// A message body with WhatsApp's markup shown: bold, italic, strike, code, links; lists and quotes as lines.
fn text(body: &str, s: &mut String) {
    s.push_str("<div class=\"text\">");
    let mut quoted = false;
    let close = |quoted: &mut bool, s: &mut String| {
        if std::mem::take(quoted) {
            s.push_str("</span>");
        }
    };
    let events = markup::body(body);
    for (i, event) in events.iter().copied().enumerate() {
        match event {
            Event::Line { indent, lead } => {
                push_escaped(s, indent);
                match lead {
                    Lead::Plain => {}
                    Lead::Bullet(c) => {
                        let _ = write!(
                            s,
                            "<span class=\"lead\">{}</span> ",
                            if c == '*' { '•' } else { c }
                        );
                    }
                    Lead::Number(n) => {
                        let _ = write!(s, "<span class=\"lead\">{}.</span> ", escape(n));
                    }
                    Lead::Quote => {
                        s.push_str("<span class=\"quote\">");
                        quoted = true;
                    }
                }
            }
            Event::Break => {
                close(&mut quoted, s);
                // why: a `<pre>` is a block of its own; the line break that puts it on its own line would show
                // as an empty line above or below it.
                let beside_block = |j: Option<usize>| {
                    j.and_then(|j| events.get(j))
                        .is_some_and(|e| matches!(e, Event::Block(_)))
                };
                if !beside_block(i.checked_sub(1)) && !beside_block(Some(i + 1)) {
                    s.push('\n');
                }
            }
            Event::Block(_) => {
                close(&mut quoted, s);
                inline_event(event, s);
            }
            other => inline_event(other, s),
        }
    }
    close(&mut quoted, s);
    s.push_str("</div>");
}

/// One line of text with its inline markup (a notice, a poll's question).
fn inline_text(line: &str, s: &mut String) {
    for event in markup::inline(line) {
        inline_event(event, s);
    }
}

fn inline_event(event: Event, s: &mut String) {
    match event {
        Event::Text(t) => push_escaped(s, t),
        Event::Start(style) => s.push_str(match style {
            Style::Bold => "<strong>",
            Style::Italic => "<em>",
            Style::Strike => "<del>",
        }),
        Event::End(style) => s.push_str(match style {
            Style::Bold => "</strong>",
            Style::Italic => "</em>",
            Style::Strike => "</del>",
        }),
        Event::Code(code) => {
            s.push_str("<code>");
            push_escaped(s, code);
            s.push_str("</code>");
        }
        Event::Link(url) => {
            let _ = write!(
                s,
                "<a href=\"{}\" rel=\"noopener noreferrer nofollow\">{}</a>",
                escape(&markup::href(url)),
                escape(url)
            );
        }
        Event::Block(code) => {
            s.push_str("<pre><code>");
            push_escaped(s, code);
            s.push_str("</code></pre>");
        }
        Event::Line { .. } | Event::Break => {}
    }
}

/// `text` with `&`, `<`, `>`, `"` and `'` as entities, and control characters (NUL among them) dropped: safe
/// in an element and in a quoted attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    push_escaped(&mut out, text);
    out
}

/// Appends `text` to `out` as [`escape`] gives it, without a string of its own.
pub fn push_escaped(out: &mut String, text: &str) {
    let special = |b: u8| {
        matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'' | 0x7f | 0xc2)
            || (b < 0x20 && b != b'\n' && b != b'\t')
    };
    if !text.bytes().any(special) {
        out.push_str(text);
        return;
    }
    let mut run = 0;
    for (i, c) in text.char_indices() {
        let entity = match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' => "&quot;",
            '\'' => "&#39;",
            '\n' | '\t' => continue,
            c if c.is_control() => "",
            _ => continue,
        };
        out.push_str(&text[run..i]);
        out.push_str(entity);
        run = i + c.len_utf8();
    }
    out.push_str(&text[run..]);
}

/// One of twelve colours for an author, the same for a name in every page.
pub fn colour(name: &str) -> u32 {
    // FNV-1a: stable across runs and versions, unlike std's hasher.
    let mut h: u32 = 0x811c_9dc5;
    for b in name.bytes() {
        h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
    }
    h % 12
}

/// `<time datetime=…>`: the shown clock, the full date and time (with seconds where the export has them) on
/// hover.
fn time_tag(t: &NaiveDateTime, offset: Option<i32>, shown: &str, seconds: bool) -> String {
    let mut buf = [0u8; 19];
    crate::model::format_time(t, &mut buf);
    // `YYYY-MM-DDTHH:MM:SS`: ASCII digits and separators.
    let iso = std::str::from_utf8(&buf).unwrap_or_default();
    let zone = match offset {
        Some(o) => {
            let (sign, o) = if o < 0 { ('-', -o) } else { ('+', o) };
            format!("{sign}{:02}:{:02}", o / 3600, o % 3600 / 60)
        }
        None => String::new(),
    };
    let full = if seconds { &iso[..19] } else { &iso[..16] };
    let mut out = String::with_capacity(96);
    let _ = write!(
        out,
        "<time datetime=\"{iso}{zone}\" title=\"{} {}{zone}\">{shown}</time>",
        &full[..10],
        &full[11..]
    );
    out
}
