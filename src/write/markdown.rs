//! A Markdown transcript for people to read.
//!
//! Takes the chat head, then messages one at a time (streamed: nothing but the current day is remembered);
//! gives a title, a short summary (participants, date range, source), a heading per day, and each message as its
//! time and author followed by the body. Assistant messages are block quotes so both sides are easy to tell apart;
//! system notices are in italics, deletions read *(deleted)*, polls are lists, media are links when the file was
//! kept (`attachment.path`) and a clear placeholder otherwise. WhatsApp's own markup, as `markup.rs` reads it,
//! becomes Markdown (`*bold*` → `**bold**`, `_it_` → `*it*`, `~s~` → `~~s~~`, code kept exactly, links as links
//! whose target is the URL as typed); every other character that Markdown would treat as markup is escaped, so
//! the text reads as it did in WhatsApp. It does not parse WhatsApp's markup itself.

use std::borrow::Cow;
use std::io::{self, Write};

use chrono::NaiveDate;

use crate::model::{Chat, Kind, MediaType, Message, Role};
use crate::write::markup::{self, Event, Lead, Style};
use crate::write::words::{
    call_words, clock, long_date, media_name, media_placeholder, place_url, place_words,
};

/// What the transcript remembers between messages.
#[derive(Default)]
pub struct Markdown {
    day: Option<NaiveDate>,
}

impl Markdown {
    pub fn begin(&mut self, chat: &Chat, w: &mut dyn Write) -> io::Result<()> {
        let title = chat.title.as_deref().unwrap_or("WhatsApp chat");
        writeln!(w, "# {}\n", inline(title))?;
        let people: Vec<String> = chat
            .participants
            .iter()
            .map(|p| {
                let role = if p.role == Role::Assistant {
                    ", assistant"
                } else {
                    ""
                };
                let n = if p.messages == 1 {
                    "message"
                } else {
                    "messages"
                };
                format!("{} ({} {n}{role})", inline(&p.name), p.messages)
            })
            .collect();
        if !people.is_empty() {
            writeln!(w, "- **Participants:** {}", people.join(", "))?;
        }
        if let Some((from, to)) = chat.span {
            if from == to {
                writeln!(w, "- **Date:** {}", long_date(from))?;
            } else {
                writeln!(w, "- **Dates:** {} – {}", long_date(from), long_date(to))?;
            }
        }
        writeln!(
            w,
            "- **Source:** `{}`, exported from WhatsApp ({}); times are the phone's local time\n",
            chat.source.name.replace('`', "'"),
            match chat.dialect.platform {
                crate::model::Platform::Android => "Android",
                crate::model::Platform::Ios => "iPhone",
                crate::model::Platform::Legacy => "an early version",
            }
        )
    }

    pub fn message(&mut self, m: &Message, w: &mut Vec<u8>) -> io::Result<()> {
        let system = m.kind == Kind::System || m.role == Role::System;
        if system {
            // why: Android stamps the encryption notice with the export time, out of order; a notice does not
            // open a day, it shows its own date when it is not the current day's.
            let time = match m.time {
                Some(t) if self.day == Some(t.local.date()) => clock(&t.local),
                Some(t) => t.local.format("%Y-%m-%d %H:%M").to_string(),
                None => "--:--".into(),
            };
            let text = m.text.lines().map(inline).collect::<Vec<_>>().join(" ");
            return writeln!(w, "*{time} · {}*\n", text.trim());
        }
        if let Some(t) = m.time {
            let day = t.local.date();
            if self.day != Some(day) {
                self.day = Some(day);
                writeln!(w, "## {}\n", long_date(day))?;
            }
        }
        let time = m.time.map_or("--:--".to_string(), |t| clock(&t.local));
        let author = m.author.as_deref().map_or("(no author)".into(), inline);
        let body = body(m);
        let quote = m.role == Role::Assistant;
        let edited = if m.edited { " · *edited*" } else { "" };
        let head = format!("**{author}** · {time}{edited}");
        for (i, line) in std::iter::once(head.as_str())
            .chain(lines(&body))
            .enumerate()
        {
            let hard_break = i == 0 && !body.is_empty();
            match (quote, line.is_empty()) {
                (true, true) => w.extend_from_slice(b">"),
                (true, false) => write!(w, "> {line}")?,
                (false, _) => w.extend_from_slice(line.as_bytes()),
            }
            if hard_break {
                w.extend_from_slice(b"  ");
            }
            w.push(b'\n');
        }
        w.push(b'\n');
        Ok(())
    }
}

/// `s.split('\n')`, found with memchr (a message body is split once per output line).
fn split_lines(s: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(s);
    std::iter::from_fn(move || {
        let r = rest?;
        Some(match memchr::memchr(b'\n', r.as_bytes()) {
            Some(i) => {
                rest = Some(&r[i + 1..]);
                &r[..i]
            }
            None => {
                rest = None;
                r
            }
        })
    })
}

/// `s.lines()`: [`split_lines`] without the empty piece after a final line break, and without the CR of a CRLF.
fn lines(s: &str) -> impl Iterator<Item = &str> {
    let ends_with_break = s.ends_with('\n') || s.is_empty();
    let mut pieces = split_lines(s).peekable();
    std::iter::from_fn(move || {
        let piece = pieces.next()?;
        let broken = pieces.peek().is_some();
        if ends_with_break && !broken {
            return None;
        }
        Some(match piece.strip_suffix('\r') {
            Some(p) if broken => p,
            _ => piece,
        })
    })
}

/// The body of a user or assistant message, as Markdown.
fn body(m: &Message) -> String {
    let mut out = match m.kind {
        Kind::Deleted => "*(deleted)*".to_string(),
        Kind::Waiting => "*(waiting for this message)*".to_string(),
        Kind::Media => match &m.attachment {
            Some(a) => match (&a.path, &a.file) {
                (Some(path), Some(file)) => {
                    let target = link_target(path);
                    match a.kind {
                        MediaType::Image | MediaType::Sticker | MediaType::Gif => {
                            format!("![{}]({target})", label(file))
                        }
                        kind => format!("{}: [{}]({target})", media_name(kind), label(file)),
                    }
                }
                _ => format!("*{}*", inline(&media_placeholder(a))),
            },
            None => text(&m.text),
        },
        Kind::Poll => match &m.poll {
            Some(p) => {
                let mut s = format!("**Poll:** {}", inline(&p.question));
                for o in &p.options {
                    let votes = if o.votes == 1 { "vote" } else { "votes" };
                    s.push_str(&format!("\n- {} — {} {votes}", inline(&o.text), o.votes));
                }
                s
            }
            None => text(&m.text),
        },
        Kind::Location => match &m.location {
            Some(l) => {
                let (what, label) = place_words(l, label);
                match (l.url.as_deref().and_then(place_url), label.is_empty()) {
                    (Some(url), true) => format!("📍 {what}: <{url}>"),
                    (Some(url), false) => format!("📍 {what}: [{label}](<{url}>)"),
                    (None, true) => format!("📍 *{what}*"),
                    (None, false) => format!("📍 {what}: {label}"),
                }
            }
            None => text(&m.text),
        },
        Kind::Call => match &m.call {
            Some(c) => format!("📞 *{}*", call_words(c)),
            None => text(&m.text),
        },
        Kind::Text | Kind::System => text(&m.text),
    };
    if let Some(caption) = &m.caption {
        out.push_str("  \n");
        out.push_str(&text(caption));
    }
    out
}

/// A relative path as a Markdown link target: `<…>` so spaces and parentheses in WhatsApp file names are safe.
fn link_target(path: &str) -> String {
    format!("<{}>", path.replace('<', "%3C").replace('>', "%3E"))
}

/// A WhatsApp body as Markdown: code blocks fenced, every line break kept, WhatsApp's markup converted (see
/// `markup.rs`) and whatever else Markdown would read as markup escaped.
pub fn text(body: &str) -> String {
    let events = markup::body(body);
    let mut out = String::with_capacity(body.len() + 16);
    // What the last row was, and whether a line break after it waits for the next row.
    let mut last = Last::Nothing;
    let mut broken = false;
    let mut k = 0;
    while k < events.len() {
        let end = match events[k] {
            Event::Line { .. } => events[k + 1..]
                .iter()
                .position(|e| matches!(e, Event::Line { .. } | Event::Break | Event::Block(_)))
                .map_or(events.len(), |p| k + 1 + p),
            _ => k + 1,
        };
        match events[k] {
            Event::Break => {
                if broken {
                    out.push('\n');
                    last = Last::Nothing;
                }
                broken = true;
            }
            Event::Line { indent, lead } => {
                let full = lead != Lead::Plain || end > k + 1;
                if broken {
                    // why: WhatsApp shows every line break; Markdown joins lines unless they end with two spaces.
                    if full && last == Last::Line(true) {
                        out.push_str("  ");
                    }
                    out.push('\n');
                } else if last == Last::Block {
                    // What follows a block's closing backticks on their line starts a line of its own.
                    out.push('\n');
                }
                line(
                    indent,
                    lead,
                    &events[k + 1..end],
                    last == Last::Block && !broken,
                    &mut out,
                );
                last = Last::Line(full);
                broken = false;
            }
            Event::Block(code) => {
                // A fence stands on a line of its own, also where WhatsApp's block opens within a line.
                if broken || last != Last::Nothing {
                    out.push('\n');
                }
                fence(code, &mut out);
                last = Last::Block;
                broken = false;
            }
            // Inline events only follow a line's start.
            _ => {}
        }
        k = end;
    }
    if broken {
        out.push('\n');
    }
    out
}

/// The row a body's Markdown ended with so far: none (or a line break), a line (whether it holds anything), a
/// code block.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Last {
    Nothing,
    Line(bool),
    Block,
}

/// One line, appended to `out`: its indent (none right after a block, where four spaces would make code), its
/// lead, and its inline events converted and escaped.
fn line(indent: &str, lead: Lead, events: &[Event], after_block: bool, out: &mut String) {
    if !after_block {
        for c in indent.chars() {
            if c == '\t' {
                out.push_str("    ");
            } else {
                out.push(c);
            }
        }
    }
    match lead {
        Lead::Plain => {}
        Lead::Bullet(c) => {
            out.push(c);
            out.push(' ');
        }
        Lead::Number(n) => {
            out.push_str(n);
            out.push_str(". ");
        }
        Lead::Quote => out.push_str("> "),
    }
    let start = out.len();
    render(events, false, out);
    if let Some(at) = block_start(
        &out[start..],
        matches!(lead, Lead::Bullet(_) | Lead::Number(_)),
    ) {
        out.insert(start + at, '\\');
    }
}

/// Where a backslash keeps the start of a line's text (after its indent and lead) from opening a Markdown
/// block that WhatsApp never showed: a heading, a quote, a list or a task box in one (`item`), a rule, a
/// setext underline, a table's delimiter row.
fn block_start(text: &str, item: bool) -> Option<usize> {
    let at = text.len() - text.trim_start_matches([' ', '\t']).len();
    let t = &text.as_bytes()[at..];
    let spaced = |i: usize| matches!(t.get(i), None | Some(b' ' | b'\t'));
    let escape = match t.first()? {
        b'#' | b'=' | b'+' | b'>' => true,
        b'-' | b'|' | b':' if t.contains(&b'-') && t.iter().all(|b| b"-|: \t".contains(b)) => true,
        b'-' => spaced(1),
        b'[' => item && matches!(&t[1..t.len().min(3)], b" ]" | b"x]" | b"X]") && spaced(3),
        b'0'..=b'9' => {
            let digits = t.iter().take_while(|b| b.is_ascii_digit()).count();
            let list =
                digits <= 9 && matches!(t.get(digits), Some(b'.' | b')')) && spaced(digits + 1);
            return list.then_some(at + digits);
        }
        _ => false,
    };
    escape.then_some(at)
}

/// Inline text: WhatsApp `*bold*`, `_italic_`, `~strike~`, `` `code` `` and ```` ```mono``` ```` converted,
/// links kept whole, the rest escaped.
pub fn inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    render(&markup::inline(s), false, &mut out);
    out
}

/// [`inline`] for the text of a link (`[text](target)`): every bracket escaped, and links as plain text, since
/// a link can't hold another.
fn label(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    render(&markup::inline(s), true, &mut out);
    out
}

/// A line's inline events as Markdown, appended to `out`; `label`: inside a link's text.
fn render(events: &[Event], label: bool, out: &mut String) {
    let mut code = String::new();
    // The marks of the spans open, and the one the previous event closed a span with.
    let mut open: Vec<&str> = Vec::new();
    let mut closed: Option<&str> = None;
    for (k, e) in events.iter().enumerate() {
        let just_closed = closed.take();
        match *e {
            Event::Text(t) => escape(t, label, out),
            // Two spans of one style side by side (`*a**b*`) would make a run of four stars, which Markdown reads
            // as text; one span across both shows the same.
            Event::Start(style) if k > 0 && events[k - 1] == Event::End(style) => {}
            Event::End(style) if events.get(k + 1) == Some(&Event::Start(style)) => {}
            Event::Start(style) => {
                // A span opening where another closed would run its stars into that one's (`***`): underscores
                // keep the two apart.
                let under = just_closed.is_some_and(|m| m.starts_with('*'));
                let mark = match (style, under) {
                    (Style::Bold, false) => "**",
                    (Style::Bold, true) => "__",
                    (Style::Italic, false) => "*",
                    (Style::Italic, true) => "_",
                    (Style::Strike, _) => "~~",
                };
                open.push(mark);
                out.push_str(mark);
            }
            Event::End(_) => {
                if let Some(mark) = open.pop() {
                    out.push_str(mark);
                    closed = Some(mark);
                }
            }
            Event::Code(c) => {
                // Code spans side by side would run their backticks together: they are one span.
                code.push_str(c);
                if !matches!(events.get(k + 1), Some(Event::Code(_))) {
                    code_span(&code, out);
                    code.clear();
                }
            }
            Event::Link(url) if label => escape(url, true, out),
            Event::Link(url) => link(url, out),
            Event::Line { .. } | Event::Block(_) | Event::Break => {}
        }
    }
}

/// Text shown as typed: what Markdown would read as markup escaped.
fn escape(t: &str, label: bool, out: &mut String) {
    if !t.bytes().any(|b| {
        matches!(
            b,
            b'\\' | b'*' | b'_' | b'~' | b'`' | b'[' | b']' | b'<' | b'&' | 0..=8 | 11 | 12 | 14..=31 | 127
        ) || b == 0xC2
    }) {
        out.push_str(t);
        return;
    }
    let b = t.as_bytes();
    for (i, ch) in t.char_indices() {
        match ch {
            '\\' | '*' | '_' | '~' | '`' => {
                out.push('\\');
                out.push(ch);
            }
            '[' | ']' if label => {
                out.push('\\');
                out.push(ch);
            }
            // why: `]` makes a link only before `(`, `[` or `:`; escaping every bracket would litter placeholders.
            ']' if matches!(b.get(i + 1), Some(b'(' | b'[' | b':')) => out.push_str("\\]"),
            '<' => out.push_str("&lt;"),
            // why: `&` shows as typed unless it spells an entity (`&copy;`).
            '&' if entity_at(b, i) => out.push_str("&amp;"),
            // why: an ESC in a message (`\x1b[31m`) would drive the terminal that shows the file.
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => {}
            _ => out.push(ch),
        }
    }
}

/// Whether `&` at `i` starts an HTML entity such as `&copy;` or `&#169;`.
fn entity_at(b: &[u8], i: usize) -> bool {
    let name = b[i + 1..]
        .iter()
        .take_while(|x| x.is_ascii_alphanumeric() || **x == b'#')
        .count();
    name > 0 && b.get(i + 1 + name) == Some(&b';')
}

/// A link whose target is the URL exactly: an autolink `<https://…>` (nothing inside one is escaped or read as
/// an entity), or for a bare `www.` the URL as text before its `http://` target.
fn link(url: &str, out: &mut String) {
    match markup::href(url) {
        Cow::Borrowed(_) => {
            out.push('<');
            out.push_str(url);
            out.push('>');
        }
        Cow::Owned(target) => {
            // `![` would make it an image.
            if out.ends_with('!') {
                out.pop();
                out.push_str("\\!");
            }
            out.push('[');
            escape(url, true, out);
            out.push_str("](<");
            // In `<…>` a target holds no `<`, `>` or line break (a link has none), and backslashes and
            // entities are read.
            let b = target.as_bytes();
            for (i, ch) in target.char_indices() {
                match ch {
                    '\\' => out.push_str("\\\\"),
                    '&' if entity_at(b, i) => out.push_str("&amp;"),
                    _ => out.push(ch),
                }
            }
            out.push_str(">)");
        }
    }
}

/// The longest run of backticks in `s`.
fn longest_ticks(s: &str) -> usize {
    s.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

/// Inline code: fenced by more backticks than any run inside, so that it holds them.
fn code_span(code: &str, out: &mut String) {
    let fence = "`".repeat(longest_ticks(code) + 1);
    // Markdown drops one space at each end of a code span when both ends have one, and a span could not start
    // or end with a backtick of its own: one space each side keeps such code as it is.
    let pad = code.contains('`')
        || code.starts_with(' ') && code.ends_with(' ') && code.bytes().any(|b| b != b' ');
    out.push_str(&fence);
    if pad {
        out.push(' ');
    }
    out.push_str(code);
    if pad {
        out.push(' ');
    }
    out.push_str(&fence);
}

/// A code block: fences on lines of their own, longer than any run of backticks in the code, no info string.
fn fence(code: &str, out: &mut String) {
    let fence = "`".repeat((longest_ticks(code) + 1).max(3));
    out.push_str(&fence);
    out.push('\n');
    if !code.is_empty() {
        out.push_str(code);
        out.push('\n');
    }
    out.push_str(&fence);
}

#[cfg(test)]
mod tests;
