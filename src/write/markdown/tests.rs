//! Tables of message bodies and the Markdown they become, most of them read back with a CommonMark parser
//! (pulldown-cmark, with GFM's strikethrough, tables and task lists): links lead to the URL as typed, code
//! blocks hold the code exactly, and text reads as it was written.

use pulldown_cmark::{CodeBlockKind, Event as Md, Options, Parser, Tag, TagEnd};

use super::*;

fn parse(md: &str) -> Vec<Md<'_>> {
    let options =
        Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS;
    Parser::new_ext(md, options).collect()
}

/// What a reader of the Markdown `md` is shown.
#[derive(Debug, Default, PartialEq)]
struct Shown {
    /// Every link's target.
    links: Vec<String>,
    /// Every code block's text (CommonMark ends each line of it with a line break).
    blocks: Vec<String>,
    /// Every inline code span.
    codes: Vec<String>,
    /// The text outside code, paragraphs apart by a blank line, lines by a line break.
    text: String,
    /// Whatever Markdown made of it besides paragraphs, emphasis, code and links (a heading, a list, a table…).
    other: Vec<String>,
}

fn shown(md: &str) -> Shown {
    let mut s = Shown::default();
    let mut block: Option<String> = None;
    for e in parse(md) {
        match e {
            Md::Start(Tag::Link { dest_url, .. }) => s.links.push(dest_url.to_string()),
            Md::Start(Tag::CodeBlock(kind)) => {
                if let CodeBlockKind::Fenced(info) = kind
                    && !info.is_empty()
                {
                    s.other.push(format!("info string {info:?}"));
                }
                block = Some(String::new());
            }
            Md::End(TagEnd::CodeBlock) => s.blocks.extend(block.take()),
            Md::Text(t) => match &mut block {
                Some(b) => b.push_str(&t),
                None => s.text.push_str(&t),
            },
            Md::Code(c) => s.codes.push(c.to_string()),
            Md::SoftBreak | Md::HardBreak => s.text.push('\n'),
            Md::End(TagEnd::Paragraph) => s.text.push_str("\n\n"),
            Md::Start(Tag::Paragraph | Tag::Emphasis | Tag::Strong | Tag::Strikethrough)
            | Md::End(_) => {}
            other => s.other.push(format!("{other:?}")),
        }
    }
    s.text.truncate(s.text.trim_end_matches('\n').len());
    s
}

#[test]
fn whatsapp_markup_becomes_markdown() {
    let cases = [
        ("*bold*", "**bold**"),
        ("_it_ and ~gone~", "*it* and ~~gone~~"),
        ("*_both_*", "***both***"),
        ("*a**b*", "**ab**"),
        ("snake_case_name", "snake\\_case\\_name"),
        ("5 * 3 * 2", "5 \\* 3 \\* 2"),
        ("*A*ffect", "\\*A\\*ffect"),
        ("use `x*y` here", "use `x*y` here"),
        ("```mono```", "`mono`"),
        ("```a`b```", "`` a`b ``"),
        ("` a `", "`  a  `"),
        ("<Media omitted>", "&lt;Media omitted>"),
        ("a [note] | b", "a [note] | b"),
        ("[text](url)", "[text\\](url)"),
        ("R&D", "R&D"),
        ("&copy; me", "&amp;copy; me"),
        (
            "see https://x.y/__main__.html.",
            "see <https://x.y/__main__.html>.",
        ),
        ("www.x.y/a_b", "[www.x.y/a\\_b](<http://www.x.y/a_b>)"),
    ];
    for (input, want) in cases {
        assert_eq!(inline(input), want, "{input}");
    }
    assert_eq!(label("a]b www.x.y"), "a\\]b www.x.y");
}

#[test]
fn lines_keep_their_breaks_and_code_blocks_their_code() {
    let cases = [
        ("one\ntwo", "one  \ntwo"),
        ("para\n\nnext", "para\n\nnext"),
        ("```\nlet *x* = 1;\n```", "```\nlet *x* = 1;\n```"),
        (
            "```import time\nsleep(1)``` and on",
            "```\nimport time\nsleep(1)\n```\nand on",
        ),
        ("```\nnever closed", "\\`\\`\\`  \nnever closed"),
        ("# not a heading", "\\# not a heading"),
        ("- item *one*", "- item **one**"),
        ("- - not nested", "- \\- not nested"),
        ("1) not a list", "1\\) not a list"),
        ("---", "\\---"),
        ("a|b\n-|-", "a|b  \n\\-|-"),
        ("- [ ] not a task", "- \\[ ] not a task"),
    ];
    for (input, want) in cases {
        assert_eq!(text(input), want, "{input:?}");
    }
    let mut out = String::new();
    fence("a\n````b", &mut out);
    assert_eq!(out, "`````\na\n````b\n`````");
}

#[test]
fn every_link_leads_to_the_url_as_typed() {
    // (body, link targets, text shown)
    let cases: &[(&str, &[&str], &str)] = &[
        (
            "https://docs.python.org/3/library/__main__.html",
            &["https://docs.python.org/3/library/__main__.html"],
            "https://docs.python.org/3/library/__main__.html",
        ),
        (
            "See https://en.wikipedia.org/wiki/Monstera_deliciosa.",
            &["https://en.wikipedia.org/wiki/Monstera_deliciosa"],
            "See https://en.wikipedia.org/wiki/Monstera_deliciosa.",
        ),
        (
            "(https://en.wikipedia.org/wiki/Foo_(bar)) and (see https://x.y/a), ok",
            &["https://en.wikipedia.org/wiki/Foo_(bar)", "https://x.y/a"],
            "(https://en.wikipedia.org/wiki/Foo_(bar)) and (see https://x.y/a), ok",
        ),
        (
            "https://x.y/a__b__c/*d*/~e~/f at the start",
            &["https://x.y/a__b__c/*d*/~e~/f"],
            "https://x.y/a__b__c/*d*/~e~/f at the start",
        ),
        (
            "at the end: https://x.y/s?q=a_b&lang=en&copy;=1",
            &["https://x.y/s?q=a_b&lang=en&copy;=1"],
            "at the end: https://x.y/s?q=a_b&lang=en&copy;=1",
        ),
        (
            "two: https://a.b/x_y, https://c.d/?e=f!",
            &["https://a.b/x_y", "https://c.d/?e=f"],
            "two: https://a.b/x_y, https://c.d/?e=f!",
        ),
        (
            "*see https://x.y/a_b*",
            &["https://x.y/a_b"],
            "see https://x.y/a_b",
        ),
        (
            "_https://x.y/a_b_ ~http://x.y/~me~",
            &["https://x.y/a_b", "http://x.y/~me"],
            "https://x.y/a_b http://x.y/~me",
        ),
        (
            "<https://x.y/a> \"https://x.y/b\" 'https://x.y/c'",
            &["https://x.y/a", "https://x.y/b", "https://x.y/c"],
            "<https://x.y/a> \"https://x.y/b\" 'https://x.y/c'",
        ),
        (
            "www.example.com/a_b and WWW.X.Y",
            &["http://www.example.com/a_b", "http://WWW.X.Y"],
            "www.example.com/a_b and WWW.X.Y",
        ),
        (
            "www.x.y/a\\b&amp;c[1]",
            &["http://www.x.y/a\\b&amp;c[1]"],
            "www.x.y/a\\b&amp;c[1]",
        ),
        (
            "https://x.y/a\\b https://de.wikipedia.org/wiki/Straße",
            &["https://x.y/a\\b", "https://de.wikipedia.org/wiki/Straße"],
            "https://x.y/a\\b https://de.wikipedia.org/wiki/Straße",
        ),
        (
            "- https://x.y/_a_b\n> https://x.y/*b*c",
            &["https://x.y/_a_b", "https://x.y/*b*c"],
            "https://x.y/_a_bhttps://x.y/*b*c",
        ),
    ];
    for (body, links, text_shown) in cases {
        let md = text(body);
        let s = shown(&md);
        assert_eq!(&s.links, links, "{body:?} → {md:?}");
        assert_eq!(&s.text, text_shown, "{body:?} → {md:?}");
        assert!(s.blocks.is_empty() && s.codes.is_empty(), "{md:?}: {s:?}");
    }
}

#[test]
fn every_code_block_holds_the_code_exactly() {
    // (body, code blocks, inline code, text shown)
    let cases: &[(&str, &[&str], &[&str], &str)] = &[
        (
            "```import time\nwhile True:\n    time.sleep(3600)``` and then more text",
            &["import time\nwhile True:\n    time.sleep(3600)"],
            &[],
            "and then more text",
        ),
        (
            "Sure:\n\n```\ndef f(x):\n    return `x` * 2  # ``twice``\n```\n\nf(2) is 4.",
            &["def f(x):\n    return `x` * 2  # ``twice``"],
            &[],
            "Sure:\n\nf(2) is 4.",
        ),
        (
            "run ```pip install\n  __main__\n\n~x~ *y*``` then _go_",
            &["pip install\n  __main__\n\n~x~ *y*"],
            &[],
            "run\n\nthen go",
        ),
        ("```python\nprint(1)\n```", &["python\nprint(1)"], &[], ""),
        ("```a\nb``````c\nd```", &["a\nb", "c\nd"], &[], ""),
        (
            "use ```x = 1``` here, `y` there, ```a`b``` and ``` `c` ```",
            &[],
            &["x = 1", "y", "a`b", " `c` "],
            "use  here,  there,  and ",
        ),
        (
            "```a``b``` starts the line",
            &[],
            &["a``b"],
            " starts the line",
        ),
    ];
    for (body, blocks, codes, text_shown) in cases {
        let md = text(body);
        let s = shown(&md);
        let want: Vec<String> = blocks.iter().map(|b| format!("{b}\n")).collect();
        assert_eq!(s.blocks, want, "{body:?} → {md:?}");
        assert_eq!(&s.codes, codes, "{body:?} → {md:?}");
        assert_eq!(&s.text, text_shown, "{body:?} → {md:?}");
        assert!(s.other.is_empty(), "{md:?}: {:?}", s.other);
    }
}

#[test]
fn text_reads_back_as_typed() {
    let cases = [
        "# not a heading, #hashtag",
        "1) not a list, 1.5 litres",
        "2024.",
        "-5 degrees, - dash -",
        "---",
        "-",
        ">not a quote -> arrow",
        "a | b\n--|--\nc | d",
        "heading?\n===",
        "heading?\n-- --",
        "[x](y) ![img](src) [ref][x] [note]",
        "[ref]: z",
        "<b>bold?</b> &amp; &copy; &#169; R&D AT&T",
        "C:\\Users\\me\\ and a trailing \\",
        "5 * 3 * 2, snake_case, ~ tilde ~, a`b",
        "``` lone",
        "+ plus\n= equals\n***\n___\n~~~\n```",
        "*A*ffect and *A*ction",
    ];
    for body in cases {
        let md = text(body);
        let s = shown(&md);
        assert_eq!(s.text, body, "{md:?}");
        assert!(s.other.is_empty(), "{body:?} → {md:?}: {:?}", s.other);
        assert!(s.links.is_empty() && s.blocks.is_empty() && s.codes.is_empty());
    }
    // WhatsApp's own lists and quotes stay lists and quotes, what follows their lead reads back.
    for (body, rest) in [
        ("- # x", "# x"),
        ("- [ ] x", "[ ] x"),
        ("1. 2. x", "2. x"),
        ("> > x", "> x"),
        ("* - x", "- x"),
    ] {
        let s = shown(&text(body));
        assert_eq!(s.text, rest, "{body:?}");
        assert!(
            s.other
                .iter()
                .all(|o| o.contains("List") || o.contains("Item") || o.contains("BlockQuote")),
            "{body:?}: {:?}",
            s.other
        );
    }
}

/// A character of a line as shown: its styles (bold, italic, strike), whether code, and where it links.
type Styled = (char, [bool; 3], bool, Option<String>);

/// What the events of a line show, character by character (spaces left out outside code: Markdown trims them
/// at the ends of a line).
fn styled_events(events: &[Event]) -> Vec<Styled> {
    let mut out = Vec::new();
    let mut on = [0usize; 3];
    let flags = |on: &[usize; 3]| [on[0] > 0, on[1] > 0, on[2] > 0];
    for e in events {
        match *e {
            Event::Start(s) => on[s as usize] += 1,
            Event::End(s) => on[s as usize] -= 1,
            Event::Text(t) => out.extend(
                t.chars()
                    .filter(|c| !c.is_whitespace())
                    .map(|c| (c, flags(&on), false, None)),
            ),
            Event::Code(t) => out.extend(t.chars().map(|c| (c, flags(&on), true, None))),
            Event::Link(url) => {
                let to = markup::href(url).into_owned();
                out.extend(
                    url.chars()
                        .map(|c| (c, flags(&on), false, Some(to.clone()))),
                );
            }
            Event::Line { .. } | Event::Block(_) | Event::Break => {}
        }
    }
    out
}

/// What a Markdown line shows, in the same terms, or what else it made (a heading, a table…).
fn styled_markdown(md: &str) -> Result<Vec<Styled>, String> {
    let mut out = Vec::new();
    let mut on = [0usize; 3];
    let mut link: Option<String> = None;
    let flags = |on: &[usize; 3]| [on[0] > 0, on[1] > 0, on[2] > 0];
    for e in parse(md) {
        match e {
            Md::Start(Tag::Strong) => on[0] += 1,
            Md::End(TagEnd::Strong) => on[0] -= 1,
            Md::Start(Tag::Emphasis) => on[1] += 1,
            Md::End(TagEnd::Emphasis) => on[1] -= 1,
            Md::Start(Tag::Strikethrough) => on[2] += 1,
            Md::End(TagEnd::Strikethrough) => on[2] -= 1,
            Md::Start(Tag::Link { dest_url, .. }) => link = Some(dest_url.to_string()),
            Md::End(TagEnd::Link) => link = None,
            Md::Text(t) => out.extend(
                t.chars()
                    .filter(|c| !c.is_whitespace())
                    .map(|c| (c, flags(&on), false, link.clone())),
            ),
            Md::Code(t) => out.extend(t.chars().map(|c| (c, flags(&on), true, None))),
            Md::Start(Tag::Paragraph | Tag::List(_) | Tag::Item | Tag::BlockQuote(_))
            | Md::End(_) => {}
            other => return Err(format!("{other:?}")),
        }
    }
    Ok(out)
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
    /// The law the tables sample: a line's Markdown shows, to a CommonMark reader, exactly the characters,
    /// styles, code and link targets that WhatsApp's markup reads in it, and makes nothing else of it.
    #[test]
    fn markdown_shows_what_whatsapp_shows(
        lead in proptest::sample::select(vec!["", "- ", "* ", "> ", "1. ", "7. ", " "]),
        tokens in proptest::collection::vec(
            proptest::sample::select(vec![
                "a", "b c", "é", " ", "*", "_", "~", "`", "```", "- ", "#", "=", "+", "|", "-", ":", "1",
                ". ", ")", "(", "[", "]", "[ ]", "!", "\\", "&", "amp;", "<", ">", "https://x.y/", "www.a.b",
                ".", ",", "'", "😀", "\"", "?", "www.", "http://", "1.", "9)", ";", "0", "x", "&copy;", "a_b", "[x](y)",
            ]),
            0..20,
        )
    ) {
        let mut line = format!("{lead}{}", tokens.concat());
        while line.contains("  ") {
            line = line.replace("  ", " ");
        }
        let events = markup::body(&line);
        let md = text(&line);
        let got = styled_markdown(&md).map_err(|e| proptest::test_runner::TestCaseError::fail(format!("{line:?} → {md:?}: {e}")))?;
        proptest::prop_assert_eq!(got, styled_events(&events), "{:?} → {:?}", line, md);
    }

    #[test]
    fn line_splitting_is_std_s(s in "[a\r\n]{0,8}") {
        proptest::prop_assert_eq!(split_lines(&s).collect::<Vec<_>>(), s.split('\n').collect::<Vec<_>>());
        proptest::prop_assert_eq!(lines(&s).collect::<Vec<_>>(), s.lines().collect::<Vec<_>>());
    }
}
