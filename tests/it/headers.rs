//! Table test: every real header shape from whatsapp-format.md §3.1 and Appendix A (row numbers in comments),
//! each read as a one-message export, with the timestamp, author and text we expect.

use crate::common::parse_text;
use chatport::model::{DateOrder, Message};

/// Detects and parses `text`, returning its messages.
fn parse(text: &str, forced: Option<DateOrder>) -> Vec<Message> {
    parse_text(text, forced)
        .unwrap_or_else(|e| panic!("no dialect in {text:?}: {e:?}"))
        .0
}

const D: Option<DateOrder> = Some(DateOrder::Dmy);
const M: Option<DateOrder> = Some(DateOrder::Mdy);
const AUTO: Option<DateOrder> = None;

/// (header line, forced order when the line alone is ambiguous, expected time, expected author)
const CASES: &[(&str, Option<DateOrder>, &str, Option<&str>)] = &[
    (
        "23/03/2022, 13:31 - A: m",
        AUTO,
        "2022-03-23T13:31:00",
        Some("A"),
    ), // 1
    (
        "1/29/18, 12:24 PM - A: m",
        AUTO,
        "2018-01-29T12:24:00",
        Some("A"),
    ), // 2
    (
        "2/2/23, 2:51\u{202f}AM - A: m",
        M,
        "2023-02-02T02:51:00",
        Some("A"),
    ), // 3
    (
        "09/10/2023, 11:11\u{202f}am - A: m",
        D,
        "2023-10-09T11:11:00",
        Some("A"),
    ), // 4
    (
        "7/19/22, 11:26\u{202f}pm - A: m",
        AUTO,
        "2022-07-19T23:26:00",
        Some("A"),
    ), // 5
    (
        "2023-12-20, 5:46 p.m. - A: m",
        AUTO,
        "2023-12-20T17:46:00",
        Some("A"),
    ), // 6
    (
        "2023/12/20, 5:46 pm - A: m",
        AUTO,
        "2023-12-20T17:46:00",
        Some("A"),
    ), // 7
    (
        "23.03.2022, 13:31 - A: m",
        AUTO,
        "2022-03-23T13:31:00",
        Some("A"),
    ), // 8
    (
        "23.03.22 13:31 - A: m",
        AUTO,
        "2022-03-23T13:31:00",
        Some("A"),
    ), // 9
    (
        "29.01.18, 23:33 - A: m",
        AUTO,
        "2018-01-29T23:33:00",
        Some("A"),
    ), // 10
    (
        "23-03-2022 13:31 - A: m",
        AUTO,
        "2022-03-23T13:31:00",
        Some("A"),
    ), // 11
    (
        "22/09/2023 13:33 - A: m",
        AUTO,
        "2023-09-22T13:33:00",
        Some("A"),
    ), // 12
    (
        "18/12/19 15:57 - A: m",
        AUTO,
        "2019-12-18T15:57:00",
        Some("A"),
    ), // 13
    (
        "22/9/20 15:08 - A: m",
        AUTO,
        "2020-09-22T15:08:00",
        Some("A"),
    ), // 13
    (
        "20/6/2017 8:28 p.\u{a0}m. - A: m",
        AUTO,
        "2017-06-20T20:28:00",
        Some("A"),
    ), // 14
    (
        "9/5/2020 8:04 p. m. - A: m",
        D,
        "2020-05-09T20:04:00",
        Some("A"),
    ), // 15
    (
        "2020-09-22, 7:11 a.m. - A: m",
        AUTO,
        "2020-09-22T07:11:00",
        Some("A"),
    ), // 16
    (
        "۲۰۲۱/۵/۳۰، ۱۸:۴۴ - A: m",
        AUTO,
        "2021-05-30T18:44:00",
        Some("A"),
    ), // 17
    (
        "03/01/2021, 9:15 in the morning - A: m",
        D,
        "2021-01-03T09:15:00",
        Some("A"),
    ), // 18
    (
        "03/01/2021, 3:07 in the afternoon - A: m",
        D,
        "2021-01-03T15:07:00",
        Some("A"),
    ), // 18
    (
        "12/07/2017 à 22:35 - A: m",
        D,
        "2017-07-12T22:35:00",
        Some("A"),
    ), // 19
    (
        "02.05.18 à 18:00 - A: m",
        D,
        "2018-05-02T18:00:00",
        Some("A"),
    ), // 19
    (
        "13.6.2018 klo 21.25.15 - A: m",
        AUTO,
        "2018-06-13T21:25:15",
        Some("A"),
    ), // 20
    (
        "[3/27/22, 21:41:35] A: m",
        AUTO,
        "2022-03-27T21:41:35",
        Some("A"),
    ), // 24
    (
        "\u{200e}[3/27/22, 21:41:55] A: \u{200e}image omitted",
        AUTO,
        "2022-03-27T21:41:55",
        Some("A"),
    ), // 25
    (
        "[11/8/21, 9:41:32 AM] A: m",
        M,
        "2021-11-08T09:41:32",
        Some("A"),
    ), // 26
    (
        "[13/11/2025, 12:25:55\u{202f}PM] A: m",
        AUTO,
        "2025-11-13T12:25:55",
        Some("A"),
    ), // 27
    (
        "[05.08.23, 5:52:02 PM] A: m",
        D,
        "2023-08-05T17:52:02",
        Some("A"),
    ), // 28
    (
        "[3/27/22 21:41:35] A: m",
        AUTO,
        "2022-03-27T21:41:35",
        Some("A"),
    ), // 29
    (
        "[3/27/22 21.41.55] A: m",
        AUTO,
        "2022-03-27T21:41:55",
        Some("A"),
    ), // 30
    (
        "[22.4.2026, 20.20.13] A: m",
        AUTO,
        "2026-04-22T20:20:13",
        Some("A"),
    ), // 31
    (
        "[14:56:01, 3/18/22] A: m",
        AUTO,
        "2022-03-18T14:56:01",
        Some("A"),
    ), // 32
    (
        "[٢٧\u{200f}/٣\u{200f}/٢٠٢٢، ٩:٤١:٣٥\u{a0}م] A: m",
        AUTO,
        "2022-03-27T21:41:35",
        Some("A"),
    ), // 33
    (
        "[\u{200f}27\u{200f}/3\u{200f}/2022، 21:41:35] A: m",
        AUTO,
        "2022-03-27T21:41:35",
        Some("A"),
    ), // 34
    (
        "[3/18/2565 BE, 14:56:01] A: m",
        AUTO,
        "2022-03-18T14:56:01",
        Some("A"),
    ), // 35
    (
        "[3/18/R4, 14:56:01] A: m",
        AUTO,
        "2022-03-18T14:56:01",
        Some("A"),
    ), // 36
    (
        "[2019/11/21, 13:58:48] A: m",
        AUTO,
        "2019-11-21T13:58:48",
        Some("A"),
    ), // 37
    (
        "[2023/5/4, 16:17:13] ~\u{202f}Carolina: m",
        AUTO,
        "2023-05-04T16:17:13",
        Some("Carolina"),
    ), // 38
    (
        "[28/02/2022, 9:52:58 PM] A: m",
        AUTO,
        "2022-02-28T21:52:58",
        Some("A"),
    ), // 39
    (
        "[01/01/2018, 10:20:30 p.m.] A: m",
        D,
        "2018-01-01T22:20:30",
        Some("A"),
    ), // 40
    (
        "[31/12/2019, 2:14:40 a.m.] A: m",
        AUTO,
        "2019-12-31T02:14:40",
        Some("A"),
    ), // 40
    (
        "[12/3/25, 2:34:00 p. m.] A: m",
        D,
        "2025-03-12T14:34:00",
        Some("A"),
    ), // 41
    (
        "9/10/16, 8:37:21 PM: A: m",
        M,
        "2016-09-10T20:37:21",
        Some("A"),
    ), // 42
    (
        "4/26/16, 16:23:03: A: m",
        AUTO,
        "2016-04-26T16:23:03",
        Some("A"),
    ), // 43
    (
        "13/06/15 10:59:59: A: m",
        AUTO,
        "2015-06-13T10:59:59",
        Some("A"),
    ), // 43
    (
        "06.08.13, 19:55:10: You were added",
        D,
        "2013-08-06T19:55:10",
        None,
    ), // 44
    (
        "09/12/2012 17:03:48: A: m",
        D,
        "2012-12-09T17:03:48",
        Some("A"),
    ), // 45
    (
        "24/3/14, 13:59:59: A: m",
        AUTO,
        "2014-03-24T13:59:59",
        Some("A"),
    ), // 45
    (
        "2016-06-27, 8:04:08 AM: A: m",
        AUTO,
        "2016-06-27T08:04:08",
        Some("A"),
    ), // 46
    (
        "02-12-18 22:55:45 Ewout: m",
        D,
        "2018-12-02T22:55:45",
        Some("Ewout"),
    ), // 47
    (
        "2022/12/24, 13:01. - A: m",
        AUTO,
        "2022-12-24T13:01:00",
        Some("A"),
    ), // 48
    (
        "16.11.23. 18:44 - A: m",
        AUTO,
        "2023-11-16T18:44:00",
        Some("A"),
    ), // 49
    (
        "16. 11. 23. 18:44 - A: m",
        AUTO,
        "2023-11-16T18:44:00",
        Some("A"),
    ), // 49
    (
        "13. 6. 2018. 21:25:15 a: m",
        AUTO,
        "2018-06-13T21:25:15",
        Some("a"),
    ), // 50
    // Appendix A (peer test strings that are real shapes)
    (
        "3/6/18, 1:55 p.m. - a: m",
        M,
        "2018-03-06T13:55:00",
        Some("a"),
    ),
    (
        "03-06-2018, 01.55 PM - a: m",
        D,
        "2018-06-03T13:55:00",
        Some("a"),
    ),
    (
        "[3/6/18 1:55:00 p. m.] a: m",
        M,
        "2018-03-06T13:55:00",
        Some("a"),
    ),
    (
        "\u{200e}[3/6/18 1:55:00 p. m.] a: m",
        M,
        "2018-03-06T13:55:00",
        Some("a"),
    ),
    (
        "[2018/06/13, 21:25:15] a: m",
        AUTO,
        "2018-06-13T21:25:15",
        Some("a"),
    ),
    (
        "3/6/2018 1:55 p.\u{a0}m. - a: m",
        M,
        "2018-03-06T13:55:00",
        Some("a"),
    ),
    (
        "3/6/18, 1:55\u{202f}PM - a: m",
        M,
        "2018-03-06T13:55:00",
        Some("a"),
    ),
    (
        "23/06/2018, 01:55 p.m. - Loris: one",
        AUTO,
        "2018-06-23T13:55:00",
        Some("Loris"),
    ),
    (
        "06/03/2017, 00:45 - You created group \"Test\"",
        D,
        "2017-03-06T00:45:00",
        None,
    ),
    (
        "13/1/2021 13:00 - a: m",
        AUTO,
        "2021-01-13T13:00:00",
        Some("a"),
    ),
    (
        "12.07.2017, 10:35:22 PM - a: m",
        D,
        "2017-07-12T22:35:22",
        Some("a"),
    ),
    (
        "07/12/2017, 10:35 PM - a: m",
        M,
        "2017-07-12T22:35:00",
        Some("a"),
    ),
    (
        "2017-07-12, 22:35:22 - a: m",
        AUTO,
        "2017-07-12T22:35:22",
        Some("a"),
    ),
    (
        "2017-7-12, 10:35:22 PM: a: m",
        AUTO,
        "2017-07-12T22:35:22",
        Some("a"),
    ),
    (
        "[7/5/15, 22:35:22] a: m",
        M,
        "2015-07-05T22:35:22",
        Some("a"),
    ),
    (
        "12.07.17, 10:35 a.m. - a: m",
        D,
        "2017-07-12T10:35:00",
        Some("a"),
    ),
    (
        "\u{200e}19/09/2023 22:58 - a: m",
        AUTO,
        "2023-09-19T22:58:00",
        Some("a"),
    ),
    ("[16-11-23 18:44] a: m", D, "2023-11-16T18:44:00", Some("a")),
    (
        "[05.05.23, 15:48:11] James: Hi here",
        D,
        "2023-05-05T15:48:11",
        Some("James"),
    ),
    (
        "1/23/23, 3:19 AM - User 2: Bye!",
        AUTO,
        "2023-01-23T03:19:00",
        Some("User 2"),
    ),
    (
        "\u{feff}[29.01.18, 23:33:00] a: m",
        AUTO,
        "2018-01-29T23:33:00",
        Some("a"),
    ),
    (
        "[\u{feff}29.01.18, 23:33:00] a: m",
        AUTO,
        "2018-01-29T23:33:00",
        Some("a"),
    ),
    (
        "12/25/23, 3:45PM - a: m",
        AUTO,
        "2023-12-25T15:45:00",
        Some("a"),
    ),
];

#[test]
fn every_real_header_shape_parses_to_its_timestamp() {
    assert!(CASES.len() >= 40);
    let mut failures = Vec::new();
    for (line, forced, time, author) in CASES {
        let msgs = parse(line, *forced);
        let got = msgs.first().map(|m| {
            (
                m.time.map(|t| chatport::model::time_string(&t.local)),
                m.author.clone(),
            )
        });
        let want = Some((Some(time.to_string()), author.map(String::from)));
        if msgs.len() != 1 || got != want {
            failures.push(format!(
                "{line:?}: got {got:?} ({} messages), want {want:?}",
                msgs.len()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} failed:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}

/// Reads `text` with `--year year`, as `convert` reads a file.
fn parse_in(text: &str, year: i32) -> Vec<Message> {
    let reader = chatport::Reader::new(chatport::ReadOptions {
        year: Some(year),
        ..chatport::ReadOptions::default()
    });
    reader
        .read_bytes("chat.txt", format!("{text}\n").as_bytes())
        .unwrap_or_else(|e| panic!("no dialect in {text:?}: {e:?}"))
        .messages
}

/// Older Android (rows 21-23, issue 16 §1): the month as a word, in English and the other languages of
/// `src/locale/months.tsv`; a year left out is the `--year` one (the last message's).
/// (header line, expected time, expected author)
const MONTH_NAMES: &[(&str, &str, Option<&str>)] = &[
    (
        "19:23, 28 Aug 2013 - A: m",
        "2013-08-28T19:23:00",
        Some("A"),
    ), // 21
    ("19:23, 9 Jan - A: m", "2014-01-09T19:23:00", Some("A")), // 21
    (
        "18 Mar 12:14 - A changed the subject to \"Trip\"",
        "2014-03-18T12:14:00",
        None,
    ), // 22
    ("18 Mar 2013 12:14 - A: m", "2013-03-18T12:14:00", Some("A")),
    ("Mar 5, 8:11 PM - A: m", "2014-03-05T20:11:00", Some("A")), // 23
    (
        "Mar 5, 2013, 8:11 PM - A: m",
        "2013-03-05T20:11:00",
        Some("A"),
    ),
    (
        "Sept. 12, 2013, 8:11 AM - A: m",
        "2013-09-12T08:11:00",
        Some("A"),
    ),
    (
        "28. Aug. 2013, 19:23 - A: m",
        "2013-08-28T19:23:00",
        Some("A"),
    ), // de
    (
        "19:23, 28 août 2013 - A: m",
        "2013-08-28T19:23:00",
        Some("A"),
    ), // fr
    ("19:23, 3 janv. - A: m", "2014-01-03T19:23:00", Some("A")), // fr
    ("28 ago 2013 19:23 - A: m", "2013-08-28T19:23:00", Some("A")), // es, it, pt
    (
        "19:23, 5 sierpnia 2013 - A: m",
        "2013-08-05T19:23:00",
        Some("A"),
    ), // pl
    (
        "19:23, 28 авг. 2013 - A: m",
        "2013-08-28T19:23:00",
        Some("A"),
    ), // ru
    (
        "19:23, 28 Ağu 2013 - A: m",
        "2013-08-28T19:23:00",
        Some("A"),
    ), // tr
];

#[test]
fn month_name_headers_parse_to_their_timestamp() {
    let mut failures = Vec::new();
    for (line, time, author) in MONTH_NAMES {
        let msgs = parse_in(line, 2014);
        let got = msgs.first().map(|m| {
            (
                m.time.map(|t| chatport::model::time_string(&t.local)),
                m.author.clone(),
            )
        });
        let want = Some((Some(time.to_string()), author.map(String::from)));
        if msgs.len() != 1 || got != want {
            failures.push(format!("{line:?}: got {got:?}, want {want:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Issue 16 §1: a header one place away from the file's layout starts a message (with a warning) when its date
/// is within the chat's; the same template on the other clock is the same layout; lines that merely begin with a
/// date stay text. (export, (line, time, author) of every message, the lines warnings name)
type Row = (
    &'static str,
    &'static [(u64, &'static str, Option<&'static str>)],
    &'static [u64],
);
const ONE_PLACE_AWAY: &[Row] = &[
    (
        "5/19/20, 6:49 PM - A: x\n5/19/20. 6:50 PM - B: y",
        &[
            (1, "2020-05-19T18:49:00", Some("A")),
            (2, "2020-05-19T18:50:00", Some("B")),
        ],
        &[2],
    ),
    (
        "5/19/20, 6:49 PM - A: x\n5/19/20, 6.50 PM - B: y",
        &[
            (1, "2020-05-19T18:49:00", Some("A")),
            (2, "2020-05-19T18:50:00", Some("B")),
        ],
        &[2],
    ),
    (
        "2/13/19, 3:00 PM - A: x\n2/13/19, 3:01 PM B: y",
        &[
            (1, "2019-02-13T15:00:00", Some("A")),
            (2, "2019-02-13T15:01:00", Some("B")),
        ],
        &[2],
    ),
    (
        "2/13/19, 15:00 - A: x\n2/13/19, 15:01 B: y",
        &[
            (1, "2019-02-13T15:00:00", Some("A")),
            (2, "2019-02-13T15:01:00", Some("B")),
        ],
        &[2],
    ),
    (
        "1/30/19, 9:30 AM - A: x\n1/30/19,9:31 AM - B: y",
        &[
            (1, "2019-01-30T09:30:00", Some("A")),
            (2, "2019-01-30T09:31:00", Some("B")),
        ],
        &[2],
    ),
    (
        "5/19/20, 6:49 PM - A: x\n5/19/20, 6:50 PM\nB: y",
        &[
            (1, "2020-05-19T18:49:00", Some("A")),
            (2, "2020-05-19T18:50:00", None),
        ],
        &[2],
    ),
    (
        "12/21/18 7:26 PM - A: x\n12/21/18 15:15 - B: y",
        &[
            (1, "2018-12-21T19:26:00", Some("A")),
            (2, "2018-12-21T15:15:00", Some("B")),
        ],
        &[2],
    ),
    // Text: a pasted block of the copy-messages format, an address, a log line, a near miss dated outside the
    // chat, a date and time followed by no author.
    (
        "19/12/2019, 09:00 - A: x\n[19/12/2019, 08:00] X: pasted\n19/12/2019, 09:01 - B: y\n19/12/2019, 09:02 - A: z",
        &[
            (1, "2019-12-19T09:00:00", Some("A")),
            (3, "2019-12-19T09:01:00", Some("B")),
            (4, "2019-12-19T09:02:00", Some("A")),
        ],
        &[2],
    ),
    (
        "19/12/2019, 09:00 - A: x\n84.24.95.50:60123",
        &[(1, "2019-12-19T09:00:00", Some("A"))],
        &[],
    ),
    (
        "20/11/2015, 14:00 - A: x\n20/11/15 14:16:22 WARN disk almost full",
        &[(1, "2015-11-20T14:00:00", Some("A"))],
        &[],
    ),
    (
        "5/19/20, 6:49 PM - A: x\n1/2/15. 1:00 PM - B: y",
        &[(1, "2020-05-19T18:49:00", Some("A"))],
        &[2],
    ),
    (
        "23/03/2022, 13:31 - A: x\n23/03/2022, 13:35 meeting - room 4",
        &[(1, "2022-03-23T13:31:00", Some("A"))],
        &[2],
    ),
];

#[test]
fn headers_one_place_away_start_messages_and_look_alikes_stay_text() {
    let mut failures = Vec::new();
    for (text, want, warned) in ONE_PLACE_AWAY {
        let (msgs, warnings) = parse_text(text, None).expect("a dialect");
        let got: Vec<(u64, String, Option<String>)> = msgs
            .iter()
            .map(|m| {
                let time = m
                    .time
                    .map_or("-".into(), |t| chatport::model::time_string(&t.local));
                (m.line, time, m.author.clone())
            })
            .collect();
        let want: Vec<(u64, String, Option<String>)> = want
            .iter()
            .map(|(l, t, a)| (*l, t.to_string(), a.map(String::from)))
            .collect();
        let lines: Vec<u64> = warnings.iter().map(|w| w.line).collect();
        if got != want || lines != *warned {
            failures.push(format!(
                "{text:?}: got {got:?}, warnings at {lines:?}; want {want:?}, at {warned:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
