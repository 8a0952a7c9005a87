//! The export itself, written back from the model: each message's header (from `dialect.layout` and its time, or
//! its `raw_header`), author and separator, then its body as exported (`raw`, else `text`), one line break after
//! each. Parsing an export and writing it back gives the decoded text again (line breaks as `\n`, no BOM): the
//! round-trip tests hold the model to that. Streamed; nothing is held.

use std::io;

use crate::model::Message;
use crate::model::layout::{self, Layout};

pub fn message(m: &Message, layout: Option<&Layout>, w: &mut Vec<u8>) -> io::Result<()> {
    let mut head = String::new();
    match (&m.raw_header, m.time, layout) {
        (Some(raw), _, _) => head.push_str(raw),
        (None, Some(t), Some(layout)) => {
            head.push_str(m.lead.as_deref().unwrap_or(""));
            if layout::render(layout, &t.local, &mut head) {
                if let Some(name) = m.name_as_written() {
                    head.push_str(name);
                    head.push_str(": ");
                }
            } else {
                head.clear();
            }
        }
        // Text before the first header: no header at all.
        _ => {}
    }
    w.extend_from_slice(head.as_bytes());
    w.extend_from_slice(m.raw.as_deref().unwrap_or(&m.text).as_bytes());
    w.push(b'\n');
    Ok(())
}
