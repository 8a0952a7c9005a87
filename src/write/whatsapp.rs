//! The export itself, written back from the model: each message's header (from `dialect.layout` and its time, or
//! its `raw_header`), author and separator, then its body as exported (`raw`, else `text`), one line break after
//! each. Parsing an export and writing it back gives the decoded text again (line breaks as `\n`, no BOM): the
//! round-trip tests hold the model to that. Streamed; nothing is held.
//!
//! With a layout of its own ([`Canonical`], `--layout`), every header is written in that one layout instead,
//! with the author as cleaned, and media in that platform's words: one export other apps import, whatever the
//! model's messages came from (a merge of Android and iPhone exports has both).

use std::io;

use crate::model::layout::{self, Layout};
use crate::model::{Kind, Message, Platform};

/// `--layout`: one header layout for every message, and the platform whose words media take.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Canonical {
    /// The header, with its placeholders.
    pub layout: Layout,
    /// Android writes `NAME (file attached)` and `<Media omitted>`; iPhone `<attached: NAME>` and `image omitted`.
    pub platform: Platform,
}

impl Canonical {
    /// `android` (`DD/MM/YYYY, HH:MM - `, the layout Telegram's *Import chat history* reads), `ios`
    /// (`[DD/MM/YYYY, HH:MM:SS] `), or a template of [`Layout`]'s placeholders (`{d}.{m}.{yy} {HH}:{MM} - `),
    /// whose platform is told by its brackets.
    pub fn parse(s: &str) -> Result<Canonical, String> {
        let (template, platform) = match s.to_ascii_lowercase().as_str() {
            "android" => (
                "{dd}/{mm}/{yyyy}, {HH}:{MM} - ".to_string(),
                Platform::Android,
            ),
            "ios" | "iphone" => (
                "[{dd}/{mm}/{yyyy}, {HH}:{MM}:{SS}] ".to_string(),
                Platform::Ios,
            ),
            _ if s.contains('{') => {
                let platform = if s.trim_start().starts_with('[') {
                    Platform::Ios
                } else {
                    Platform::Android
                };
                (s.to_string(), platform)
            }
            _ => {
                return Err(format!(
                    "'{s}' is not a layout: android, ios, or a template such as '{{dd}}/{{mm}}/{{yyyy}}, {{HH}}:{{MM}} - '"
                ));
            }
        };
        let layout = Layout::new(template, Some("AM".into()), Some("PM".into()), "ascii");
        let probe = chrono::NaiveDate::from_ymd_opt(2024, 3, 13)
            .and_then(|d| d.and_hms_opt(8, 5, 9))
            .ok_or("no probe date")?;
        let mut out = String::new();
        if !layout::render(&layout, &probe, &mut out) {
            return Err(format!(
                "'{s}' has a placeholder the layouts do not know (see `chatport convert --help`)"
            ));
        }
        Ok(Canonical { layout, platform })
    }
}

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

/// One message in the one layout of `canonical`.
pub fn canonical(m: &Message, canonical: &Canonical, w: &mut Vec<u8>) -> io::Result<()> {
    let mut head = String::new();
    // why: a header whose date is impossible (`31/02`) has no time to write in another layout; it keeps its
    // own, so that it stays a message of its own.
    if let (None, Some(raw)) = (m.time, &m.raw_header) {
        head.push_str(raw);
    } else if let Some(t) = m.time
        && layout::render(&canonical.layout, &t.local, &mut head)
        // why: a sender whose name is only marks (U+200E) is cleaned to nothing; as written it is still a name.
        && let Some(name) = m
            .author
            .as_deref()
            .filter(|a| !a.is_empty())
            .or(m.raw_author.as_deref())
            .filter(|_| m.kind != Kind::System)
    {
        head.push_str(name);
        head.push_str(": ");
    }
    w.extend_from_slice(head.as_bytes());
    let body = match (m.kind, &m.attachment) {
        (Kind::Media, Some(a)) => {
            let caption = m
                .caption
                .as_deref()
                .map(|c| format!("\n{c}"))
                .unwrap_or_default();
            match (&a.file, a.omitted, canonical.platform) {
                (Some(f), false, Platform::Ios) => format!("\u{200e}<attached: {f}>{caption}"),
                (Some(f), false, _) => format!("{f} (file attached){caption}"),
                (_, _, Platform::Ios) => {
                    format!("\u{200e}{} omitted{caption}", ios_media_word(a.kind))
                }
                _ => format!("<Media omitted>{caption}"),
            }
        }
        _ => m.text.clone(),
    };
    w.extend_from_slice(body.as_bytes());
    if m.edited {
        w.extend_from_slice(match canonical.platform {
            Platform::Ios => " \u{200e}<This message was edited>".as_bytes(),
            _ => " <This message was edited>".as_bytes(),
        });
    }
    w.push(b'\n');
    Ok(())
}

/// What an iPhone export calls a left-out medium.
fn ios_media_word(kind: crate::model::MediaType) -> &'static str {
    use crate::model::MediaType::*;
    match kind {
        Image | ViewOnce => "image",
        Video => "video",
        Audio | Voice => "audio",
        Sticker => "sticker",
        Gif => "GIF",
        Document => "document",
        Contact => "Contact card",
        Other => "image",
    }
}
