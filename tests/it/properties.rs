//! Properties over generated inputs (proptest):
//! - an export generated in a random dialect (Android or iOS, day or month first, 12 or 24 hours), with authors
//!   holding `:`, `-` and emoji, multi-line bodies, lines that look like dates, and invisible marks, parses back
//!   to exactly the messages generated;
//! - arbitrary bytes, and random mutations of every fixture, never panic and give output or an error.

use crate::common::parse_text;
use chatport::model::DateOrder;
use chrono::{Duration, NaiveDate, NaiveDateTime};
use proptest::prelude::*;

#[derive(Clone, Debug)]
struct Dialect {
    ios: bool,
    order: DateOrder,
    h12: bool,
}

#[derive(Clone, Debug)]
struct Msg {
    author: String,
    /// Lines of the body; the first is never empty.
    lines: Vec<String>,
    /// Minutes after the previous message.
    gap: i64,
}

fn dialect() -> impl Strategy<Value = Dialect> {
    (any::<bool>(), any::<bool>(), any::<bool>()).prop_map(|(ios, dmy, h12)| Dialect {
        ios,
        order: if dmy { DateOrder::Dmy } else { DateOrder::Mdy },
        h12,
    })
}

fn author() -> impl Strategy<Value = String> {
    // Letters, digits, `-`, `:` (never followed by a space: `": "` ends an author), `.`, emoji, inner spaces.
    "[A-Za-z][A-Za-z0-9 .\\-😀🤖]{0,10}(:[A-Za-z0-9]{1,3})?[A-Za-z0-9😀]?"
        .prop_map(|s| s.trim().to_string())
        .prop_filter("no empty or spaced-colon names", |s| {
            !s.is_empty() && !s.contains(": ")
        })
}

fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        // Ordinary text with punctuation, emoji and a left-to-right mark.
        "[a-z][a-zA-Z0-9 ,.!?'()😀🍽️\u{200E}:/-]{0,40}",
        // Lines that look like dates or times but are not a full header.
        "[0-3][0-9]/[01][0-9]/20[0-9]{2} [a-z]{1,8}",
        "[0-2][0-9]:[0-5][0-9] [a-z ]{1,10}",
        // A bracketed date that is not this file's layout when the file is Android.
        "\\[[0-3][0-9]\\.[01][0-9]\\.[0-9]{2}\\] [a-z]{1,6}",
        Just(String::new()),
    ]
}

fn message() -> impl Strategy<Value = Msg> {
    (
        prop::sample::select(vec![0usize, 1, 2]),
        "[a-zA-Z][a-zA-Z0-9 ,.!?😀]{0,30}",
        prop::collection::vec(line(), 0..4),
        0i64..3000,
    )
        .prop_map(|(who, first, more, gap)| {
            let mut lines = vec![first];
            lines.extend(more);
            Msg {
                author: who.to_string(),
                lines,
                gap,
            }
        })
}

fn header(d: &Dialect, t: NaiveDateTime) -> String {
    let date = match d.order {
        DateOrder::Dmy => t.format("%d/%m/%Y").to_string(),
        _ => t.format("%m/%d/%Y").to_string(),
    };
    let time = match (d.h12, d.ios) {
        (true, true) => t.format("%-I:%M:%S %p").to_string(),
        (true, false) => t.format("%-I:%M %p").to_string(),
        (false, true) => t.format("%H:%M:%S").to_string(),
        (false, false) => t.format("%H:%M").to_string(),
    };
    if d.ios {
        format!("[{date}, {time}] ")
    } else {
        format!("{date}, {time} - ")
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn generated_exports_parse_back_exactly(
        d in dialect(),
        names in prop::collection::vec(author(), 3),
        msgs in prop::collection::vec(message(), 1..25),
    ) {
        let start = NaiveDate::from_ymd_opt(2024, 1, 13).and_then(|d| d.and_hms_opt(9, 0, 0)).unwrap();
        let mut t = start;
        let mut text = String::new();
        let mut want = Vec::new();
        for m in &msgs {
            t += Duration::minutes(m.gap);
            // iOS headers carry seconds; Android's do not, so the expected time has none either.
            let author = &names[m.author.parse::<usize>().unwrap()];
            let body = m.lines.join("\n");
            text.push_str(&header(&d, t));
            text.push_str(author);
            text.push_str(": ");
            text.push_str(&body);
            text.push('\n');
            want.push((Some(t), author.clone(), body));
        }
        let (got, _) = parse_text(&text, Some(d.order)).expect("a header is found");
        // The file ends with a newline: the parser keeps it as the last message's empty last line.
        let got: Vec<(Option<NaiveDateTime>, String, String)> = got
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let mut body = m.raw.clone().unwrap_or_else(|| m.text.clone());
                if i + 1 == got.len() {
                    body = body.strip_suffix('\n').map(str::to_string).unwrap_or(body);
                }
                let author = m.author.clone().or_else(|| m.raw_author.clone()).unwrap_or_default();
                (m.time.map(|s| s.local), author, body)
            })
            .collect();
        prop_assert_eq!(got, want, "{}", text);
    }

    #[test]
    fn arbitrary_bytes_never_panic(data in prop::collection::vec(any::<u8>(), 0..2048)) {
        let _ = chatport::fuzzing::convert_bytes(&data);
    }

    #[test]
    fn mutated_fixtures_never_panic(
        which in 0usize..64,
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..24),
    ) {
        let chats = crate::common::fixture_exports();
        let mut data = std::fs::read(&chats[which % chats.len()]).expect("fixture");
        for (at, byte, op) in edits {
            if data.is_empty() {
                data.push(byte);
                continue;
            }
            let i = at.index(data.len());
            match op {
                0 => data[i] = byte,
                1 => data.insert(i, byte),
                _ => {
                    data.remove(i);
                }
            }
        }
        let _ = chatport::fuzzing::convert_bytes(&data);
    }
}
