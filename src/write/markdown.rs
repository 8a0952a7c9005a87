//! A Markdown transcript for people to read.
//!
//! Takes the chat head, then messages one at a time (streamed: nothing but the current day is remembered);
//! gives a title, a short summary (participants, date range, source), a heading per day, and each message as its
//! time and author followed by the body. Assistant messages are block quotes so both sides are easy to tell apart;
//! system notices are in italics, deletions read *(deleted)*, polls are lists, media are links when the file was
//! kept (`attachment.path`) and a clear placeholder otherwise. WhatsApp's own markup becomes Markdown (`*bold*` →
//! `**bold**`, `_it_` → `*it*`, `~s~` → `~~s~~`, code kept); every other character that Markdown would treat as
//! markup is escaped, so the text reads as it did in WhatsApp.

use std::io::{self, Write};

use chrono::NaiveDate;

use crate::model::{Chat, Kind, MediaType, Message, Role};
use crate::write::words::{call_words, media_name, media_placeholder};

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

/// `HH:MM`, as chrono's `%H:%M` writes it, without parsing a format string per message.
fn clock(t: &chrono::NaiveDateTime) -> String {
    let mut buf = [0u8; 19];
    crate::model::format_time(t, &mut buf);
    // `YYYY-MM-DDTHH:MM:SS`: ASCII digits and separators.
    String::from_utf8_lossy(&buf[11..16]).into_owned()
}

/// `Sunday, 5 January 2025`.
fn long_date(d: NaiveDate) -> String {
    d.format("%A, %-d %B %Y").to_string()
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
                            format!("![{}]({target})", inline(file))
                        }
                        kind => format!("{}: [{}]({target})", media_name(kind), inline(file)),
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
                let what = if l.live { "Live location" } else { "Location" };
                let label: Vec<String> = [&l.name, &l.address]
                    .into_iter()
                    .flatten()
                    .map(|s| inline(s))
                    .collect();
                let label = match (label.is_empty(), l.latitude, l.longitude) {
                    (false, _, _) => label.join(", "),
                    (true, Some(lat), Some(lon)) => format!("{lat}, {lon}"),
                    _ => String::new(),
                };
                match (&l.url, label.is_empty()) {
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

/// A WhatsApp body as Markdown: code blocks kept verbatim, other lines converted and escaped, line breaks kept.
pub fn text(body: &str) -> String {
    let mut out = String::with_capacity(body.len() + 16);
    let mut in_code = false;
    let lines: Vec<&str> = split_lines(body).collect();
    for (i, line) in lines.iter().enumerate() {
        let fence = line.trim_start().starts_with("```");
        let one_line_code = fence && line.trim().len() > 6 && line.trim().ends_with("```");
        if in_code || (fence && !one_line_code) {
            out.push_str(line);
            if fence {
                in_code = !in_code;
            }
        } else {
            block_line(line, &mut out);
            // why: WhatsApp shows every line break; Markdown joins lines unless they end with two spaces.
            let next = lines.get(i + 1);
            if !line.trim().is_empty() && next.is_some_and(|n| !n.trim().is_empty()) {
                out.push_str("  ");
            }
        }
        if i + 1 < lines.len() {
            out.push('\n');
        }
    }
    if in_code {
        // why: a code block WhatsApp never closed would swallow the rest of the transcript.
        out.push_str("\n```");
    }
    out
}

/// One line outside code, appended to `out`: what would start a Markdown block is escaped, then the inline markup
/// converted.
fn block_line(line: &str, out: &mut String) {
    let trimmed = line.trim_start();
    let indent = &line[..line.len() - trimmed.len()];
    // why: WhatsApp's own lists (`- x`, `* x`, `1. x`) and quotes (`> x`) mean the same in Markdown.
    let (prefix, rest) = if let Some(rest) = trimmed.strip_prefix("* ") {
        ("* ", rest)
    } else if let Some(rest) = trimmed.strip_prefix("- ") {
        ("- ", rest)
    } else if let Some(rest) = trimmed.strip_prefix("> ") {
        ("> ", rest)
    } else if trimmed.starts_with('#')
        || trimmed.starts_with('=')
        || trimmed.starts_with('+')
        || trimmed.starts_with('>')
        || trimmed.chars().all(|c| c == '-' || c == ' ') && !trimmed.is_empty()
    {
        ("\\", trimmed)
    } else {
        ("", trimmed)
    };
    for c in indent.chars() {
        if c == '\t' {
            out.push_str("    ");
        } else {
            out.push(c);
        }
    }
    out.push_str(prefix);
    inline_into(rest, out);
}

/// Inline text: WhatsApp `*bold*`, `_italic_`, `~strike~`, `` `code` `` and ```` ```mono``` ```` converted, the
/// rest escaped.
pub fn inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    inline_into(s, &mut out);
    out
}

/// [`inline`], appended to `out`.
fn inline_into(s: &str, out: &mut String) {
    // Most lines hold no markup and nothing to escape: `convert` would copy them as they are.
    if !s
        .bytes()
        .any(|b| matches!(b, b'\\' | b'*' | b'_' | b'~' | b'`' | b']' | b'<' | b'&'))
    {
        out.push_str(s);
        return;
    }
    let chars: Vec<char> = s.chars().collect();
    let marks = Marks::new(&chars);
    convert(&chars, 0, chars.len(), &marks, out);
}

/// Where in a line markers may close and backtick runs start, found once, so that each marker's search for its
/// partner is a binary search and a line converts in linear time however many markers it holds.
// why: scanning ahead from every `*` that never closes made a 480 KB line of `*a ` take 25 s (issue 15).
struct Marks {
    /// Per marker (`*`, `_`, `~`): the positions where it may close, ignoring where an enclosing span ends.
    closers: [Vec<usize>; 3],
    /// Starts of a run of one and of three backticks.
    ticks: [Vec<usize>; 2],
}

impl Marks {
    fn new(c: &[char]) -> Marks {
        let mut closers: [Vec<usize>; 3] = Default::default();
        let mut ticks: [Vec<usize>; 2] = Default::default();
        for j in 0..c.len() {
            if let Some(k) = marker(c[j])
                && j > 0
                && closes(c, j, c.len())
            {
                closers[k].push(j);
            }
            if c[j] == '`' {
                ticks[0].push(j);
                if c[j..].starts_with(&['`', '`', '`']) {
                    ticks[1].push(j);
                }
            }
        }
        Marks { closers, ticks }
    }

    /// The marker at `i` closing within `..end`: after a non-space, before an end, space or punctuation.
    fn closing(&self, c: &[char], i: usize, end: usize) -> Option<usize> {
        let list = &self.closers[marker(c[i])?];
        let at = list.partition_point(|&j| j < i + 2);
        // A span's last character closes before its end whatever follows it in the line.
        match list.get(at) {
            Some(&j) if j + 1 < end => Some(j),
            _ => (end >= i + 3 && c[end - 1] == c[i] && closes(c, end - 1, end)).then(|| end - 1),
        }
    }

    /// Where the next run of `n` (1 or 3) backticks after `from` starts, ending within `..end`.
    fn run(&self, from: usize, n: usize, end: usize) -> Option<usize> {
        let list = &self.ticks[usize::from(n == 3)];
        let j = *list.get(list.partition_point(|&j| j <= from))?;
        (j + n <= end).then_some(j)
    }
}

/// Which of `*`, `_`, `~` a character is.
fn marker(ch: char) -> Option<usize> {
    match ch {
        '*' => Some(0),
        '_' => Some(1),
        '~' => Some(2),
        _ => None,
    }
}

/// Whether the marker at `j` may close a span that ends at `end`: it follows a non-space, and the span ends or a
/// non-alphanumeric character follows.
fn closes(c: &[char], j: usize, end: usize) -> bool {
    !c[j - 1].is_whitespace() && (j + 1 == end || !c[j + 1].is_alphanumeric())
}

/// Converts `c[start..end]`, a line or the inside of a span, as if nothing lay outside it.
fn convert(c: &[char], start: usize, end: usize, marks: &Marks, out: &mut String) {
    let mut i = start;
    while i < end {
        let ch = c[i];
        if ch == '`' {
            // ```mono``` or `code`: kept as a code span, content untouched.
            let ticks = if c[i..end].starts_with(&['`', '`', '`']) {
                3
            } else {
                1
            };
            if let Some(close) = marks.run(i + ticks, ticks, end) {
                let inner: String = c[i + ticks..close].iter().collect();
                let fence = if inner.contains('`') { "`` " } else { "`" };
                let shut = if inner.contains('`') { " ``" } else { "`" };
                out.push_str(fence);
                out.push_str(&inner);
                out.push_str(shut);
                i = close + ticks;
                continue;
            }
        }
        if marker(ch).is_some()
            && opens(c, start, i, end)
            && let Some(close) = marks.closing(c, i, end)
        {
            let mark = match ch {
                '*' => "**",
                '_' => "*",
                _ => "~~",
            };
            out.push_str(mark);
            convert(c, i + 1, close, marks, out);
            out.push_str(mark);
            i = close + 1;
            continue;
        }
        // why: `]` makes a link only before `(`, `[` or `:`; escaping every bracket would litter placeholders.
        let link = ch == ']' && i + 1 < end && matches!(c[i + 1], '(' | '[' | ':');
        match ch {
            '\\' | '*' | '_' | '~' | '`' => {
                out.push('\\');
                out.push(ch);
            }
            ']' if link => out.push_str("\\]"),
            '<' => out.push_str("&lt;"),
            // why: `&` shows as typed unless it spells an entity (`&copy;`).
            '&' if entity_at(&c[..end], i) => out.push_str("&amp;"),
            _ => out.push(ch),
        }
        i += 1;
    }
}

/// Whether `&` at `i` starts an HTML entity such as `&copy;` or `&#169;`.
fn entity_at(c: &[char], i: usize) -> bool {
    let name = c[i + 1..]
        .iter()
        .take_while(|x| x.is_ascii_alphanumeric() || **x == '#')
        .count();
    name > 0 && c.get(i + 1 + name) == Some(&';')
}

/// WhatsApp's rule: a marker opens after a start, space or punctuation, before a non-space.
fn opens(c: &[char], start: usize, i: usize, end: usize) -> bool {
    let before_ok = i == start || !c[i - 1].is_alphanumeric();
    let after_ok = i + 1 < end && !c[i + 1].is_whitespace() && c[i + 1] != c[i];
    before_ok && after_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    mod reference {
        /// The first, quadratic conversion: the oracle the linear one must agree with.
        pub fn inline_reference(s: &str) -> String {
            let mut out = String::new();
            // Most lines hold no markup and nothing to escape: `convert` would copy them as they are.
            if !s
                .bytes()
                .any(|b| matches!(b, b'\\' | b'*' | b'_' | b'~' | b'`' | b']' | b'<' | b'&'))
            {
                out.push_str(s);
                return out;
            }
            let chars: Vec<char> = s.chars().collect();
            convert(&chars, &mut out);
            out
        }

        fn convert(c: &[char], out: &mut String) {
            let mut i = 0;
            while i < c.len() {
                let ch = c[i];
                if ch == '`' {
                    // ```mono``` or `code`: kept as a code span, content untouched.
                    let ticks = if c[i..].starts_with(&['`', '`', '`']) {
                        3
                    } else {
                        1
                    };
                    if let Some(end) = find_run(c, i + ticks, ticks) {
                        let inner: String = c[i + ticks..end].iter().collect();
                        let fence = if inner.contains('`') { "`` " } else { "`" };
                        let close = if inner.contains('`') { " ``" } else { "`" };
                        out.push_str(fence);
                        out.push_str(&inner);
                        out.push_str(close);
                        i = end + ticks;
                        continue;
                    }
                }
                if matches!(ch, '*' | '_' | '~')
                    && opens(c, i)
                    && let Some(end) = closing(c, i)
                {
                    let mark = match ch {
                        '*' => "**",
                        '_' => "*",
                        _ => "~~",
                    };
                    out.push_str(mark);
                    convert(&c[i + 1..end], out);
                    out.push_str(mark);
                    i = end + 1;
                    continue;
                }
                // why: `]` makes a link only before `(`, `[` or `:`; escaping every bracket would litter placeholders.
                let link = ch == ']' && matches!(c.get(i + 1), Some('(' | '[' | ':'));
                match ch {
                    '\\' | '*' | '_' | '~' | '`' => {
                        out.push('\\');
                        out.push(ch);
                    }
                    ']' if link => out.push_str("\\]"),
                    '<' => out.push_str("&lt;"),
                    // why: `&` shows as typed unless it spells an entity (`&copy;`).
                    '&' if entity_at(c, i) => out.push_str("&amp;"),
                    _ => out.push(ch),
                }
                i += 1;
            }
        }

        /// Whether `&` at `i` starts an HTML entity such as `&copy;` or `&#169;`.
        fn entity_at(c: &[char], i: usize) -> bool {
            let name = c[i + 1..]
                .iter()
                .take_while(|x| x.is_ascii_alphanumeric() || **x == '#')
                .count();
            name > 0 && c.get(i + 1 + name) == Some(&';')
        }

        /// Where a run of `n` backticks starts at or after `from`.
        fn find_run(c: &[char], from: usize, n: usize) -> Option<usize> {
            (from..c.len().saturating_sub(n - 1))
                .find(|&j| c[j..j + n].iter().all(|&x| x == '`') && j > from)
        }

        /// WhatsApp's rule: a marker opens after a start, space or punctuation, before a non-space.
        fn opens(c: &[char], i: usize) -> bool {
            let before_ok = i == 0 || !c[i - 1].is_alphanumeric();
            let after_ok = c
                .get(i + 1)
                .is_some_and(|n| !n.is_whitespace() && *n != c[i]);
            before_ok && after_ok
        }

        /// The matching marker: after a non-space, before an end, space or punctuation.
        fn closing(c: &[char], i: usize) -> Option<usize> {
            let ch = c[i];
            (i + 2..c.len()).find(|&j| {
                c[j] == ch
                    && !c[j - 1].is_whitespace()
                    && c.get(j + 1).is_none_or(|n| !n.is_alphanumeric())
            })
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn the_linear_conversion_agrees_with_the_first(s in "[a *_~`\\]&;(#<]{0,24}") {
            proptest::prop_assert_eq!(inline(&s), reference::inline_reference(&s));
        }

        #[test]
        fn line_splitting_is_std_s(s in "[a\r\n]{0,8}") {
            proptest::prop_assert_eq!(split_lines(&s).collect::<Vec<_>>(), s.split('\n').collect::<Vec<_>>());
            proptest::prop_assert_eq!(lines(&s).collect::<Vec<_>>(), s.lines().collect::<Vec<_>>());
        }
    }

    #[test]
    fn whatsapp_markup_becomes_markdown() {
        let cases = [
            ("*bold*", "**bold**"),
            ("_it_ and ~gone~", "*it* and ~~gone~~"),
            ("*_both_*", "***both***"),
            ("snake_case_name", "snake\\_case\\_name"),
            ("5 * 3 * 2", "5 \\* 3 \\* 2"),
            ("*A*ffect", "\\*A\\*ffect"),
            ("use `x*y` here", "use `x*y` here"),
            ("```mono```", "`mono`"),
            ("<Media omitted>", "&lt;Media omitted>"),
            ("a [note] | b", "a [note] | b"),
            ("[text](url)", "[text\\](url)"),
            ("R&D", "R&D"),
            ("&copy; me", "&amp;copy; me"),
        ];
        for (input, want) in cases {
            assert_eq!(inline(input), want, "{input}");
        }
    }

    #[test]
    fn lines_keep_their_breaks_and_code_blocks_stay_verbatim() {
        let cases = [
            ("one\ntwo", "one  \ntwo"),
            ("para\n\nnext", "para\n\nnext"),
            ("```\nlet *x* = 1;\n```", "```\nlet *x* = 1;\n```"),
            ("```\nnever closed", "```\nnever closed\n```"),
            ("# not a heading", "\\# not a heading"),
            ("- item *one*", "- item **one**"),
            ("---", "\\---"),
        ];
        for (input, want) in cases {
            assert_eq!(text(input), want, "{input:?}");
        }
    }
}
