//! The `index.html` of a folder of chat pages: one row per chat, linking to its page.
//!
//! Takes, for each chat written, its head and the page's file name; gives a self-contained page (the same CSS,
//! no script, no request) listing title, participants, dates and how many messages its participants wrote (the
//! head's counts: notices are not counted). It reads no file.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::{colour, escape, url_path};
use crate::model::Chat;

/// What marks a folder's index as chatport's, so that a rerun may write it again (and nothing else).
pub const MARK: &str = "<meta name=\"chatport-index\" content=\"chatport/1\">";

/// One chat of a folder's index.
pub struct IndexEntry<'a> {
    /// The chat's head, as its page was written from it.
    pub chat: &'a Chat,
    /// The page, relative to the index (`Copilot.html`).
    pub page: &'a str,
}

/// Writes the index of `entries`, in the order given.
pub fn index(entries: &[IndexEntry], w: &mut dyn Write) -> io::Result<()> {
    let mut s = String::with_capacity(8 << 10);
    s.push_str("<!DOCTYPE html>\n<html lang=\"und\">\n<head>\n<meta charset=\"utf-8\">\n");
    s.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    s.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n");
    let _ = writeln!(
        s,
        "<meta name=\"generator\" content=\"chatport {}\">",
        env!("CARGO_PKG_VERSION")
    );
    s.push_str(MARK);
    s.push_str("\n<title>WhatsApp chats</title>\n<style>\n");
    s.push_str(include_str!("page.css"));
    s.push_str(".chats { width: 100%; border-collapse: collapse; background: var(--panel); }\n");
    s.push_str(".chats th, .chats td { text-align: left; vertical-align: top; padding: 0.4rem 0.6rem; border-bottom: 1px solid var(--line); }\n");
    s.push_str(".chats td.n { text-align: right; }\n</style>\n</head>\n<body>\n");
    let authored = |e: &IndexEntry| e.chat.participants.iter().map(|p| p.messages).sum::<u64>();
    let total: u64 = entries.iter().map(authored).sum();
    let _ = writeln!(
        s,
        "<header class=\"top\"><h1>WhatsApp chats</h1><span class=\"tools\">{} chats, {total} messages</span></header>",
        entries.len()
    );
    s.push_str("<main>\n<table class=\"chats\">\n<thead><tr><th>Chat</th><th>Participants</th><th>Dates</th><th class=\"n\">Messages</th></tr></thead>\n<tbody>\n");
    for e in entries {
        let title = e.chat.title.as_deref().unwrap_or("WhatsApp chat");
        let people: Vec<String> = e
            .chat
            .participants
            .iter()
            .map(|p| {
                format!(
                    "<li class=\"a{}\"><b>{}</b> ({})</li>",
                    colour(&p.name),
                    escape(&p.name),
                    p.messages
                )
            })
            .collect();
        let dates = match e.chat.span {
            Some((from, to)) if from == to => from.to_string(),
            Some((from, to)) => format!("{from} – {to}"),
            None => String::new(),
        };
        let _ = writeln!(
            s,
            "<tr><td dir=\"auto\"><a href=\"{}\">{}</a><br><small class=\"quiet\">{}</small></td><td><ul class=\"people\">{}</ul></td><td>{dates}</td><td class=\"n\">{}</td></tr>",
            escape(&url_path(e.page)),
            escape(title),
            escape(&e.chat.source.name),
            people.join(""),
            authored(e)
        );
    }
    s.push_str("</tbody>\n</table>\n</main>\n</body>\n</html>\n");
    w.write_all(s.as_bytes())
}
