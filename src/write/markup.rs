//! WhatsApp's markup, read once for every writer that shows it.
//!
//! Takes a message body (or a one-line name or label); gives a flat list of [`Event`]s: each line with how it
//! opens (a bullet, a number, a quote), then its bold, italic and strike spans, inline code, links and plain text,
//! with the code blocks between lines. Every event holds the slice of the body it stands for, exactly as typed.
//! It escapes nothing and knows no output language: `markdown.rs` renders these events, and an HTML writer
//! renders the same ones with a `match`.

use std::borrow::Cow;

/// A span of WhatsApp emphasis.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// `*bold*`.
    Bold,
    /// `_italic_`.
    Italic,
    /// `~strike~`.
    Strike,
}

/// How a line opens in WhatsApp's own formatting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lead<'a> {
    /// Nothing: plain text (always so for the rest of a line after a code block closes on it).
    Plain,
    /// `- ` or `* `: a bullet, with the character typed.
    Bullet(char),
    /// `1. `: a numbered item, with its digits as typed.
    Number(&'a str),
    /// `> `: a quote.
    Quote,
}

/// One piece of a message as WhatsApp shows it.
///
/// A body is a sequence of rows: a text line ([`Event::Line`] and the inline events up to the next row) or a
/// code block ([`Event::Block`]). [`Event::Break`] stands between two rows where the message has a line break;
/// a block that opens or closes within a line has a row of text before or after it with no break between.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event<'a> {
    /// A line of text begins: its leading white space as typed, and how it opens.
    Line {
        /// The spaces and tabs before the text (or before the lead).
        indent: &'a str,
        /// A bullet, a number, a quote, or nothing.
        lead: Lead<'a>,
    },
    /// Text shown as it is.
    Text(&'a str),
    /// A span of a style opens; its [`Event::End`] follows, spans nest.
    Start(Style),
    /// The span opened last closes.
    End(Style),
    /// Inline code, `` `code` `` or ```` ```mono``` ```` within one line: its characters exactly.
    Code(&'a str),
    /// A link: the URL exactly as typed (see [`href`] for where it leads).
    Link(&'a str),
    /// A code block: ```` ``` ```` pairs with a line break between them; the code exactly, less the line break
    /// after the opening backticks and before the closing ones when they stand alone on their line.
    Block(&'a str),
    /// A line break between two rows.
    Break,
}

/// A message body as events: lines, code blocks, and the inline markup of each line.
pub fn body(s: &str) -> Vec<Event<'_>> {
    let mut out = Vec::new();
    let mut from = 0;
    let mut after_block = false;
    for (open, close) in blocks(s) {
        lines(&s[from..open], after_block, true, &mut out);
        out.push(Event::Block(block_code(&s[open + 3..close])));
        from = close + 3;
        after_block = true;
    }
    lines(&s[from..], after_block, false, &mut out);
    out
}

/// One line's inline markup (a name, a title, a label): no leads, no blocks, no [`Event::Line`].
pub fn inline(s: &str) -> Vec<Event<'_>> {
    let mut out = Vec::new();
    spans(s, &mut out);
    out
}

/// Where a link leads: the URL as typed, with `http://` before a bare `www.`.
// why: WhatsApp opens `www.example.com` over http, as GFM's extended autolinks do; a target without a scheme
// would be a relative path.
pub fn href(url: &str) -> Cow<'_, str> {
    if url.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("www.")) {
        Cow::Owned(format!("http://{url}"))
    } else {
        Cow::Borrowed(url)
    }
}

/// Each code block's two runs of three backticks (byte offsets): a run and the next one after it, when a line
/// break lies between them. A pair within one line is inline code, left to [`spans`]; a run with no partner is
/// text.
fn blocks(s: &str) -> Vec<(usize, usize)> {
    let b = s.as_bytes();
    let finder = memchr::memmem::Finder::new(b"```");
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(open) = finder.find(&b[from..]).map(|i| from + i)
        && let Some(close) = finder.find(&b[open + 3..]).map(|i| open + 3 + i)
    {
        if memchr::memchr(b'\n', &b[open + 3..close]).is_some() {
            out.push((open, close));
        }
        from = close + 3;
    }
    out
}

/// The code between a block's backticks, less the line break (and white space) that puts each run of backticks
/// on a line of its own.
fn block_code(inner: &str) -> &str {
    let mut code = inner;
    if let Some(nl) = memchr::memchr(b'\n', code.as_bytes())
        && code[..nl].trim().is_empty()
    {
        code = &code[nl + 1..];
    }
    if let Some(nl) = memchr::memrchr(b'\n', code.as_bytes())
        && code[nl + 1..].trim().is_empty()
    {
        code = &code[..nl];
        code = code.strip_suffix('\r').unwrap_or(code);
    }
    code
}

/// The lines of the text between two code blocks, each a row. `after_block`: the first line is what follows a
/// block's closing backticks on their line; `before_block`: the last is what precedes a block's opening ones.
/// Either is left out when it holds only white space.
fn lines<'a>(s: &'a str, after_block: bool, before_block: bool, out: &mut Vec<Event<'a>>) {
    let mut rest = Some(s);
    let mut first = true;
    while let Some(r) = rest {
        let (line, next) = match memchr::memchr(b'\n', r.as_bytes()) {
            Some(i) => (&r[..i], Some(&r[i + 1..])),
            None => (r, None),
        };
        if !first {
            out.push(Event::Break);
        }
        let tail = first && after_block;
        let head = next.is_none() && before_block;
        if !((tail || head) && line.trim().is_empty()) {
            self::line(line, !tail, out);
        }
        first = false;
        rest = next;
    }
}

/// One line of text: its indent, its lead when `leads` (a line's start, not what follows a block), its spans.
fn line<'a>(line: &'a str, leads: bool, out: &mut Vec<Event<'a>>) {
    let trimmed = line.trim_start();
    let indent = &line[..line.len() - trimmed.len()];
    let (lead, rest) = if leads {
        lead(trimmed)
    } else {
        (Lead::Plain, trimmed)
    };
    out.push(Event::Line { indent, lead });
    spans(rest, out);
}

/// WhatsApp's lists (`- x`, `* x`, `1. x`) and quotes (`> x`): the lead and the text after it.
fn lead(t: &str) -> (Lead<'_>, &str) {
    if let Some(rest) = t.strip_prefix("* ") {
        return (Lead::Bullet('*'), rest);
    }
    if let Some(rest) = t.strip_prefix("- ") {
        return (Lead::Bullet('-'), rest);
    }
    if let Some(rest) = t.strip_prefix("> ") {
        return (Lead::Quote, rest);
    }
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=9).contains(&digits)
        && let Some(rest) = t[digits..].strip_prefix(". ")
    {
        return (Lead::Number(&t[..digits]), rest);
    }
    (Lead::Plain, t)
}

/// A line's inline events, appended to `out`.
fn spans<'a>(s: &'a str, out: &mut Vec<Event<'a>>) {
    let links = links(s);
    // Most lines hold no markup and no link: one piece of text.
    let b = s.as_bytes();
    if links.is_empty()
        && memchr::memchr3(b'*', b'_', b'~', b).is_none()
        && memchr::memchr(b'`', b).is_none()
    {
        if !s.is_empty() {
            out.push(Event::Text(s));
        }
        return;
    }
    let marks = Marks::new(s, links);
    convert(s, 0, s.len(), &marks, out);
}

/// The links of a line, as (start, end) byte offsets in order: `http://`, `https://` or `www.` (in any case)
/// after a start, a space or punctuation, up to a space, a control character, `<`, `>`, `"` or a backtick.
pub(super) fn links(s: &str) -> Vec<(usize, usize)> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    // Most lines hold no link: the `://` or `www.` that one needs first.
    let www =
        || memchr::memchr_iter(b'.', b).any(|i| i >= 3 && b[i - 3..i].eq_ignore_ascii_case(b"www"));
    if memchr::memmem::find(b, b"://").is_none() && !www() {
        return out;
    }
    let mut i = 0;
    while i < b.len() {
        if matches!(b[i] | 0x20, b'h' | b'w')
            && let Some(end) = link_at(s, i)
        {
            out.push((i, end));
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

/// Where a link starting at `i` ends, if one does.
fn link_at(s: &str, i: usize) -> Option<usize> {
    let b = &s.as_bytes()[i..];
    let prefix = ["https://", "http://", "www."]
        .iter()
        .find(|p| b.len() >= p.len() && b[..p.len()].eq_ignore_ascii_case(p.as_bytes()))?
        .len();
    // why: `x@www.a.com`, `a.www.b` or `/https://` are inside another word or address, not a link of their own.
    if s[..i]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || "@./-+=&%#\\".contains(c))
    {
        return None;
    }
    let len = s[i..]
        .find(|c: char| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | '`'))
        .unwrap_or(s.len() - i);
    let mut end = i + len;
    let url = &s[i..end];
    let mut parens = [url.matches('(').count(), url.matches(')').count()];
    let mut brackets = [url.matches('[').count(), url.matches(']').count()];
    // why: a link typed at the end of a sentence or in parentheses, `(see https://x.y/a).`, does not take the
    // sentence's punctuation; a `)` closing a `(` inside the URL stays (`…/wiki/Foo_(bar)`), as in GFM.
    while end > i + prefix {
        match b[end - i - 1] {
            b'?' | b'!' | b'.' | b',' | b':' | b';' | b'*' | b'_' | b'~' | b'\'' => end -= 1,
            b')' if parens[1] > parens[0] => {
                end -= 1;
                parens[1] -= 1;
            }
            b']' if brackets[1] > brackets[0] => {
                end -= 1;
                brackets[1] -= 1;
            }
            _ => break,
        }
    }
    (end > i + prefix).then_some(end)
}

/// Where in a line markers may close and backtick runs start, found once, so that each marker's search for its
/// partner is a binary search and a line converts in linear time however many markers it holds.
// why: in a long line of `*a ` no marker closes, and each one scanning the rest of the line for its partner
// would make the line quadratic (issue 15).
struct Marks {
    /// Per marker (`*`, `_`, `~`): the positions where it may close, ignoring where an enclosing span ends.
    closers: [Vec<usize>; 3],
    /// Starts of a run of one and of three backticks.
    ticks: [Vec<usize>; 2],
    /// The links, from [`links`]: no marker inside one opens or closes.
    links: Vec<(usize, usize)>,
}

impl Marks {
    fn new(s: &str, links: Vec<(usize, usize)>) -> Marks {
        let b = s.as_bytes();
        let mut closers: [Vec<usize>; 3] = Default::default();
        let mut ticks: [Vec<usize>; 2] = Default::default();
        let mut next_link = 0;
        for j in 0..b.len() {
            while links.get(next_link).is_some_and(|&(_, end)| end <= j) {
                next_link += 1;
            }
            let in_link = links.get(next_link).is_some_and(|&(start, _)| start <= j);
            if let Some(k) = marker(b[j])
                && j > 0
                && !in_link
                && closes(s, j, b.len())
            {
                closers[k].push(j);
            }
            if b[j] == b'`' {
                ticks[0].push(j);
                if b[j..].starts_with(b"```") {
                    ticks[1].push(j);
                }
            }
        }
        Marks {
            closers,
            ticks,
            links,
        }
    }

    /// The marker at `i` closing within `..end`: after a non-space, before an end, space or punctuation, with at
    /// least one character between.
    fn closing(&self, s: &str, i: usize, end: usize) -> Option<usize> {
        let b = s.as_bytes();
        let list = &self.closers[marker(b[i])?];
        let first = i + 1 + s[i + 1..].chars().next()?.len_utf8();
        let at = list.partition_point(|&j| j < first);
        // A span's last character closes before its end whatever follows it in the line.
        match list.get(at) {
            Some(&j) if j + 1 < end => Some(j),
            _ => (end > first && b[end - 1] == b[i] && closes(s, end - 1, end)).then(|| end - 1),
        }
    }

    /// Where the next run of `n` (1 or 3) backticks after `from` starts, ending within `..end`.
    fn run(&self, from: usize, n: usize, end: usize) -> Option<usize> {
        let list = &self.ticks[usize::from(n == 3)];
        let j = *list.get(list.partition_point(|&j| j <= from))?;
        (j + n <= end).then_some(j)
    }

    /// The end of the link starting at `i`, if one does.
    fn link(&self, i: usize) -> Option<usize> {
        let k = self
            .links
            .binary_search_by_key(&i, |&(start, _)| start)
            .ok()?;
        Some(self.links[k].1)
    }
}

/// Which of `*`, `_`, `~` a byte is.
fn marker(b: u8) -> Option<usize> {
    match b {
        b'*' => Some(0),
        b'_' => Some(1),
        b'~' => Some(2),
        _ => None,
    }
}

/// The style of a marker byte.
fn style(b: u8) -> Option<Style> {
    match b {
        b'*' => Some(Style::Bold),
        b'_' => Some(Style::Italic),
        b'~' => Some(Style::Strike),
        _ => None,
    }
}

/// Whether the marker at `j` may close a span that ends at `end`: it follows a non-space, and the span ends or a
/// non-alphanumeric character follows.
fn closes(s: &str, j: usize, end: usize) -> bool {
    let before = s[..j].chars().next_back();
    let after = s[j + 1..].chars().next();
    before.is_some_and(|c| !c.is_whitespace())
        && (j + 1 == end || after.is_none_or(|c| !c.is_alphanumeric()))
}

/// WhatsApp's rule: a marker opens after a start, space or punctuation, before a non-space other than itself.
fn opens(s: &str, start: usize, i: usize, end: usize) -> bool {
    let before_ok = i == start
        || s[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
    let after_ok = i + 1 < end
        && s.as_bytes()[i + 1] != s.as_bytes()[i]
        && s[i + 1..]
            .chars()
            .next()
            .is_some_and(|c| !c.is_whitespace());
    before_ok && after_ok
}

/// The events of `s[start..end]`, a line or the inside of a span, as if nothing lay outside it.
fn convert<'a>(s: &'a str, start: usize, end: usize, marks: &Marks, out: &mut Vec<Event<'a>>) {
    let b = s.as_bytes();
    let mut text = start;
    let mut i = start;
    let flush = |from: usize, to: usize, out: &mut Vec<Event<'a>>| {
        if from < to {
            out.push(Event::Text(&s[from..to]));
        }
    };
    while i < end {
        if b[i] == b'`' {
            // ```mono``` or `code`: its characters untouched.
            let ticks = if b[i..end].starts_with(b"```") { 3 } else { 1 };
            if let Some(close) = marks.run(i + ticks, ticks, end) {
                flush(text, i, out);
                out.push(Event::Code(&s[i + ticks..close]));
                i = close + ticks;
                text = i;
                continue;
            }
        } else if let Some(style) = style(b[i])
            && opens(s, start, i, end)
            && let Some(close) = marks.closing(s, i, end)
        {
            flush(text, i, out);
            out.push(Event::Start(style));
            convert(s, i + 1, close, marks, out);
            out.push(Event::End(style));
            i = close + 1;
            text = i;
            continue;
        } else if matches!(b[i] | 0x20, b'h' | b'w')
            && let Some(link_end) = marks.link(i)
        {
            flush(text, i, out);
            out.push(Event::Link(&s[i..link_end]));
            i = link_end;
            text = i;
            continue;
        }
        i += 1;
    }
    flush(text, end, out);
}

#[cfg(test)]
mod tests {
    use super::*;
    use Event::*;
    use proptest::strategy::Strategy;

    mod reference {
        use super::super::{Event, Style, links};

        /// A simple, quadratic reading of a line: the oracle the linear one must agree with. It shares only
        /// [`links`] (which finds the links in one pass) with it.
        pub fn inline(s: &str) -> Vec<Event<'_>> {
            let links = links(s);
            let mut out = Vec::new();
            convert(s, 0, s.len(), &links, &mut out);
            out
        }

        fn convert<'a>(
            s: &'a str,
            start: usize,
            end: usize,
            links: &[(usize, usize)],
            out: &mut Vec<Event<'a>>,
        ) {
            let c: Vec<(usize, char)> = s[start..end]
                .char_indices()
                .map(|(i, ch)| (start + i, ch))
                .collect();
            let mut text = start;
            let mut k = 0;
            let push_text = |from: usize, to: usize, out: &mut Vec<Event<'a>>| {
                if from < to {
                    out.push(Event::Text(&s[from..to]));
                }
            };
            while k < c.len() {
                let (i, ch) = c[k];
                if ch == '`' {
                    let ticks = if s[i..end].starts_with("```") { 3 } else { 1 };
                    let run = "`".repeat(ticks);
                    let close = (i + ticks + 1..end.saturating_sub(ticks - 1))
                        .find(|&j| s.is_char_boundary(j) && s[j..end].starts_with(&run));
                    if let Some(close) = close {
                        push_text(text, i, out);
                        out.push(Event::Code(&s[i + ticks..close]));
                        text = close + ticks;
                        k = c.partition_point(|&(j, _)| j < text);
                        continue;
                    }
                }
                let style = match ch {
                    '*' => Some(Style::Bold),
                    '_' => Some(Style::Italic),
                    '~' => Some(Style::Strike),
                    _ => None,
                };
                let before_ok = k == 0 || !c[k - 1].1.is_alphanumeric();
                let after_ok = c
                    .get(k + 1)
                    .is_some_and(|n| !n.1.is_whitespace() && n.1 != ch);
                if let Some(style) = style
                    && before_ok
                    && after_ok
                    && let Some(m) = (k + 2..c.len()).find(|&m| {
                        let (j, x) = c[m];
                        x == ch
                            && !c[m - 1].1.is_whitespace()
                            && c.get(m + 1).is_none_or(|n| !n.1.is_alphanumeric())
                            && !links.iter().any(|&(a, b)| a <= j && j < b)
                    })
                {
                    push_text(text, i, out);
                    out.push(Event::Start(style));
                    convert(s, i + 1, c[m].0, links, out);
                    out.push(Event::End(style));
                    text = c[m].0 + 1;
                    k = m + 1;
                    continue;
                }
                if let Some(&(_, b)) = links.iter().find(|&&(a, _)| a == i) {
                    push_text(text, i, out);
                    out.push(Event::Link(&s[i..b]));
                    text = b;
                    k = c.partition_point(|&(j, _)| j < b);
                    continue;
                }
                k += 1;
            }
            push_text(text, end, out);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn the_linear_reading_agrees_with_the_first(
            s in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", "é", " ", "*", "_", "~", "`", "```", "(", ")", ".", "/", "https://", "www.", "x.y",
                ]),
                0..16,
            ).prop_map(|v| v.concat())
        ) {
            proptest::prop_assert_eq!(inline(&s), reference::inline(&s));
        }
    }

    #[test]
    fn links_are_found_whole_and_without_the_sentence_around_them() {
        // (line, the links in it)
        let cases: &[(&str, &[&str])] = &[
            (
                "see https://docs.python.org/3/library/__main__.html.",
                &["https://docs.python.org/3/library/__main__.html"],
            ),
            (
                "(https://en.wikipedia.org/wiki/Foo_(bar))",
                &["https://en.wikipedia.org/wiki/Foo_(bar)"],
            ),
            ("(see https://x.y/a), then", &["https://x.y/a"]),
            (
                "a https://x.y/?a=1&b=2, b www.x.y!",
                &["https://x.y/?a=1&b=2", "www.x.y"],
            ),
            ("*see https://x.y/a_b*", &["https://x.y/a_b"]),
            ("<https://x.y/a>", &["https://x.y/a"]),
            (
                "\"https://x.y\" 'https://x.y'",
                &["https://x.y", "https://x.y"],
            ),
            ("HTTPS://X.Y WWW.X.Y", &["HTTPS://X.Y", "WWW.X.Y"]),
            ("[https://x.y/[1]]", &["https://x.y/[1]"]),
            (
                "no https:// or www. here, nor xhttps://a.b or a@www.b.c",
                &[],
            ),
        ];
        for (line, want) in cases {
            let got: Vec<&str> = links(line).iter().map(|&(a, b)| &line[a..b]).collect();
            assert_eq!(&got, want, "{line}");
        }
    }

    #[test]
    fn a_body_reads_as_lines_blocks_and_spans() {
        let line = |lead| Line { indent: "", lead };
        let cases: &[(&str, &[Event])] = &[
            (
                "*bold* _it_ ~gone~",
                &[
                    line(Lead::Plain),
                    Start(Style::Bold),
                    Text("bold"),
                    End(Style::Bold),
                    Text(" "),
                    Start(Style::Italic),
                    Text("it"),
                    End(Style::Italic),
                    Text(" "),
                    Start(Style::Strike),
                    Text("gone"),
                    End(Style::Strike),
                ],
            ),
            (
                "- a\n* b\n12. c\n> d",
                &[
                    line(Lead::Bullet('-')),
                    Text("a"),
                    Break,
                    line(Lead::Bullet('*')),
                    Text("b"),
                    Break,
                    line(Lead::Number("12")),
                    Text("c"),
                    Break,
                    line(Lead::Quote),
                    Text("d"),
                ],
            ),
            (
                "Sure:\n\n```\nlet *x* = 1;\n```\n\ndone",
                &[
                    line(Lead::Plain),
                    Text("Sure:"),
                    Break,
                    line(Lead::Plain),
                    Break,
                    Block("let *x* = 1;"),
                    Break,
                    line(Lead::Plain),
                    Break,
                    line(Lead::Plain),
                    Text("done"),
                ],
            ),
            (
                "```import time\nwhile True:\n    time.sleep(3600)``` and then more text",
                &[
                    Block("import time\nwhile True:\n    time.sleep(3600)"),
                    Line {
                        indent: " ",
                        lead: Lead::Plain,
                    },
                    Text("and then more text"),
                ],
            ),
            (
                "use ```x = 1``` and `y` here",
                &[
                    line(Lead::Plain),
                    Text("use "),
                    Code("x = 1"),
                    Text(" and "),
                    Code("y"),
                    Text(" here"),
                ],
            ),
            (
                "*see https://x.y/a_b*",
                &[
                    line(Lead::Plain),
                    Start(Style::Bold),
                    Text("see "),
                    Link("https://x.y/a_b"),
                    End(Style::Bold),
                ],
            ),
            (
                "```\nnever closed",
                &[
                    line(Lead::Plain),
                    Text("```"),
                    Break,
                    line(Lead::Plain),
                    Text("never closed"),
                ],
            ),
        ];
        for (input, want) in cases {
            assert_eq!(&body(input), want, "{input:?}");
        }
        assert_eq!(href("www.x.y/a"), "http://www.x.y/a");
        assert_eq!(href("https://x.y"), "https://x.y");
    }
}
