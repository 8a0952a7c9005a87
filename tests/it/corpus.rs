//! Corpus test over the peers' sample exports in `../shared/corpus/peers` (not committed: their licenses forbid
//! it). Ignored when the folder is absent, unless `CHATPORT_CORPUS` is set: then it fails (see `common`).
//!
//! Every file of kind `real`, `real-edited` and `hand-made` in MANIFEST.tsv must convert with no error, with the
//! message count, earliest and latest timestamps and date order below. The counts equal the manifest's
//! `header_lines` column except where [`NOT_ONE_EXPORT`] says why. Entries inside zips (`a.zip!b.txt`) are
//! read from the zip by the zip issue; their loose twins are here.

use std::collections::HashMap;

use crate::common::{corpus, run};

/// Files we judge not to be one WhatsApp export, and why. They must still convert; the dominant layout is read
/// and every other header-like line is kept as text with a warning (a real export never changes layout).
const NOT_ONE_EXPORT: &[(&str, &str)] = &[
    (
        "chat-miner/history/test/whatsapp/testlog.txt",
        "a medley of 8 header layouts (Android, iOS, 12h/24h, dashes, dots) written to test a parser, not an export; \
         its `09/10/22, 10:37 p. m. - ` lines are the 12-hour clock of the dominant `12/24/19, 11:23 - ` (one layout)",
    ),
    (
        "timelinize/datasources/whatsapp/testdata/fixtures/_chat.txt",
        "hand-made: mixes YYYY-MM-DD, YYYY.MM.DD, YYYY/MM/DD and DD/MM/YYYY dates in one file",
    ),
];

/// Hand-edited files where one header was edited into another layout; kept as text, with a warning.
const EDITED_HEADER: &[(&str, &str)] = &[(
    "whatstk/history/chats/samplechat.txt",
    "line 1 was edited to `15/04/2016` in a file of `06.08.2016` dates; it stays text before the first header",
)];

/// (path, messages, earliest, latest, date order)
const EXPECTED: &[(&str, u64, &str, &str, &str)] = &[
    (
        "WhatsR/inst/englishandroid24h.txt",
        50,
        "2018-01-29T12:24:00",
        "2018-01-30T00:23:00",
        "mdy",
    ),
    (
        "WhatsR/inst/englishandroidampm.txt",
        50,
        "2018-01-29T12:24:00",
        "2018-01-30T00:23:00",
        "mdy",
    ),
    (
        "WhatsR/inst/englishios24h.txt",
        50,
        "2018-01-29T12:24:03",
        "2018-01-30T00:23:03",
        "mdy",
    ),
    (
        "WhatsR/inst/englishiosampm.txt",
        50,
        "2018-01-29T12:24:03",
        "2018-01-30T00:23:03",
        "mdy",
    ),
    (
        "WhatsR/inst/germanandroid24h.txt",
        50,
        "2018-01-29T12:24:00",
        "2018-01-30T00:23:00",
        "dmy",
    ),
    (
        "WhatsR/inst/germanandroidampm.txt",
        50,
        "2018-01-29T12:24:00",
        "2018-01-30T00:23:00",
        "dmy",
    ),
    (
        "WhatsR/inst/germanios24h.txt",
        50,
        "2018-01-29T12:24:03",
        "2018-01-30T00:23:03",
        "dmy",
    ),
    (
        "WhatsR/inst/germaniosampm.txt",
        50,
        "2018-01-29T12:24:03",
        "2018-01-30T00:23:03",
        "dmy",
    ),
    (
        "chat-analytics/tests/samples/whatsapp/2A_5M.txt",
        5,
        "2021-01-01T12:00:00",
        "2021-01-01T12:03:00",
        "mdy",
    ),
    (
        "chat-analytics/tests/samples/whatsapp/4A_11M.txt",
        14,
        "2020-12-09T23:16:00",
        "2020-12-09T23:56:00",
        "mdy",
    ),
    (
        "chat-miner/history/test/whatsapp/test_dateformat1.txt",
        10,
        "2014-12-24T17:08:00",
        "2020-01-18T14:53:00",
        "mdy",
    ),
    (
        "chat-miner/history/test/whatsapp/test_dateformat2.txt",
        4,
        "2019-09-24T23:30:00",
        "2019-12-24T11:30:00",
        "mdy",
    ),
    (
        "chat-miner/history/test/whatsapp/test_dateformat3.txt",
        4,
        "2022-12-14T13:34:00",
        "2022-12-24T11:35:00",
        "ymd",
    ),
    (
        "chat-miner/history/test/whatsapp/test_dateformat4.txt",
        4,
        "2022-10-09T23:37:00",
        "2022-10-12T14:37:00",
        "dmy",
    ),
    (
        "chat-miner/history/test/whatsapp/test_dateformat5.txt",
        4,
        "2021-10-21T15:21:45",
        "2021-10-24T15:21:48",
        "mdy",
    ),
    (
        "chat-miner/history/test/whatsapp/test_dateformat6.txt",
        4,
        "2021-10-21T15:21:45",
        "2021-10-24T15:21:48",
        "dmy",
    ),
    (
        "chat-miner/history/test/whatsapp/test_unicode.txt",
        3,
        "2022-09-10T22:37:00",
        "2022-09-10T22:37:00",
        "mdy",
    ),
    (
        "chat-miner/history/test/whatsapp/testlog.txt",
        14,
        "2007-06-17T19:25:00",
        "2022-12-24T13:01:00",
        "ymd",
    ),
    (
        "chat-miner/test/whatsapp/test_[mmddyy]_24hrs.txt",
        9,
        "2019-01-01T11:25:00",
        "2021-12-30T22:01:00",
        "mdy",
    ),
    (
        "chat-miner/test/whatsapp/test_ddmmyy_24hrs.txt",
        9,
        "2019-01-01T11:25:00",
        "2021-12-30T22:01:00",
        "dmy",
    ),
    (
        "chat-miner/test/whatsapp/test_mmddyy_24hrs.txt",
        9,
        "2019-01-01T11:25:00",
        "2021-12-30T22:01:00",
        "mdy",
    ),
    (
        "chat-miner/test/whatsapp/test_mmddyyyy_12hrs.txt",
        9,
        "2019-01-01T11:25:00",
        "2021-12-30T22:01:00",
        "mdy",
    ),
    (
        "chat-miner/test/whatsapp/test_yyyymmdd_24hrs.txt",
        9,
        "2019-01-01T11:25:00",
        "2021-12-30T22:01:00",
        "ymd",
    ),
    (
        "pustur-whatsapp-chat-parser/samples/short-chat.txt",
        5,
        "2017-06-03T00:45:00",
        "2017-09-04T01:50:00",
        "mdy",
    ),
    (
        "rwhatsapp/inst/extdata/sample.txt",
        9,
        "2017-07-12T22:35:00",
        "2018-09-28T13:30:00",
        "dmy",
    ),
    (
        "whats-reader/examples/parser-tests/ios-format-test.txt",
        5,
        "2025-11-13T09:09:43",
        "2025-12-19T08:50:53",
        "dmy",
    ),
    (
        "whats_json/example/_chat.txt",
        25,
        "2022-03-18T14:56:01",
        "2023-01-07T23:32:30",
        "mdy",
    ),
    (
        "whats_json/example/_chat_with_media.txt",
        25,
        "2022-03-18T14:56:01",
        "2023-01-07T23:32:30",
        "mdy",
    ),
    (
        "whats_json/test/data/android/Chat WhatsApp s uživatelem Dmitry S CZ Android.txt",
        60,
        "2022-03-18T14:56:00",
        "2023-01-07T23:32:00",
        "dmy",
    ),
    (
        "whats_json/test/data/android/WhatsApp Chat with Dmitry S EN Android.txt",
        60,
        "2022-03-18T14:56:00",
        "2023-01-07T23:32:00",
        "dmy",
    ),
    (
        "whats_json/test/data/android/WhatsApp Chat with Dmitry S EN+Media Android.txt",
        60,
        "2022-03-18T14:56:00",
        "2023-01-07T23:32:00",
        "dmy",
    ),
    (
        "whats_json/test/data/android/WhatsApp Chat with Group Chat XXX Android.txt",
        20,
        "2023-01-11T16:11:00",
        "2023-01-11T16:57:00",
        "dmy",
    ),
    (
        "whats_json/test/data/android/Чат WhatsApp с контактом Dmitry S RU Android.txt",
        60,
        "2022-03-18T14:56:00",
        "2023-01-07T23:32:00",
        "dmy",
    ),
    (
        "whats_json/test/data/calendars/Buddhist iOS.txt",
        28,
        "2022-03-18T14:56:01",
        "2023-01-12T15:35:15",
        "mdy",
    ),
    (
        "whats_json/test/data/calendars/Gregorian iOS.txt",
        25,
        "2022-03-18T14:56:01",
        "2023-01-07T23:32:30",
        "mdy",
    ),
    (
        "whats_json/test/data/calendars/Japanese iOS.txt",
        28,
        "2022-03-18T14:56:01",
        "2023-01-12T15:35:15",
        "mdy",
    ),
    (
        "whats_json/test/data/ios/WhatsApp Chat - Elon Musk (Arabic).txt",
        25,
        "2022-03-18T14:56:01",
        "2023-01-07T23:32:30",
        "dmy",
    ),
    (
        "whats_json/test/data/ios/WhatsApp Chat - Elon Musk (CZ).txt",
        25,
        "2022-03-18T14:56:00",
        "2023-01-07T23:32:30",
        "mdy",
    ),
    (
        "whats_json/test/data/ios/WhatsApp Chat - Elon Musk (EN).txt",
        25,
        "2022-03-18T14:56:01",
        "2023-01-07T23:32:30",
        "mdy",
    ),
    (
        "whats_json/test/data/ios/WhatsApp Chat - Elon Musk (EN+Media).txt",
        25,
        "2022-03-18T14:56:01",
        "2023-01-07T23:32:30",
        "mdy",
    ),
    (
        "whats_json/test/data/ios/WhatsApp Chat - Elon Musk (FR).txt",
        25,
        "2022-03-18T14:56:00",
        "2023-01-07T23:32:30",
        "mdy",
    ),
    (
        "whats_json/test/data/ios/WhatsApp Chat - Elon Musk (German).txt",
        25,
        "2022-03-18T14:56:00",
        "2023-01-07T23:32:30",
        "mdy",
    ),
    (
        "whats_json/test/data/ios/WhatsApp Chat - Elon Musk (IT).txt",
        25,
        "2022-03-18T14:56:00",
        "2023-01-07T23:32:30",
        "mdy",
    ),
    (
        "whats_json/test/data/ios/WhatsApp Chat - Elon Musk (Portugal).txt",
        25,
        "2022-03-18T14:56:00",
        "2023-01-07T23:32:30",
        "mdy",
    ),
    (
        "whats_json/test/data/ios/WhatsApp Chat - Elon Musk (RU).txt",
        25,
        "2022-03-18T14:56:00",
        "2023-01-07T23:32:30",
        "mdy",
    ),
    (
        "whats_json/test/data/ios/WhatsApp Chat - Elon Musk (Spanish).txt",
        25,
        "2022-03-18T14:56:00",
        "2023-01-07T23:32:30",
        "mdy",
    ),
    (
        "whats_json/test/data/ios/WhatsApp Chat - Elon Musk (UKR).txt",
        25,
        "2022-03-18T14:56:00",
        "2023-01-07T23:32:30",
        "mdy",
    ),
    (
        "whats_json/test/data/ios/iOS Hindi.txt",
        28,
        "2022-03-18T14:56:00",
        "2023-01-12T15:35:14",
        "mdy",
    ),
    (
        "whats_json/test/data/ios/iOS Indonesian.txt",
        28,
        "2022-03-18T14:56:01",
        "2023-01-12T15:35:14",
        "mdy",
    ),
    (
        "whats_json/test/data/ios/iOS Japanese.txt",
        28,
        "2022-03-18T14:56:00",
        "2023-01-12T15:35:14",
        "mdy",
    ),
    (
        "whats_json/test/data/ios/iOS Thai.txt",
        28,
        "2022-03-18T14:56:01",
        "2023-01-12T15:35:15",
        "mdy",
    ),
    (
        "whats_json/test/data/ios/iOS Vietnamese.txt",
        28,
        "2022-03-18T14:56:01",
        "2023-01-12T15:35:15",
        "mdy",
    ),
    (
        "whats_json/test/data/languages/arabic2_ios.txt",
        23,
        "2022-03-18T14:56:01",
        "2022-03-27T21:56:45",
        "dmy",
    ),
    (
        "whats_json/test/data/languages/arabic_ios.txt",
        23,
        "2022-03-18T14:56:00",
        "2022-03-27T21:56:45",
        "dmy",
    ),
    (
        "whats_json/test/data/languages/czech_android.txt",
        60,
        "2022-03-18T14:56:00",
        "2023-01-07T23:32:00",
        "dmy",
    ),
    (
        "whats_json/test/data/languages/czech_ios.txt",
        23,
        "2022-03-18T14:56:00",
        "2022-03-27T21:56:45",
        "mdy",
    ),
    (
        "whats_json/test/data/languages/deutch_android_media.txt",
        41,
        "2022-03-18T14:56:00",
        "2023-01-07T23:32:00",
        "dmy",
    ),
    (
        "whats_json/test/data/languages/deutch_ios.txt",
        23,
        "2022-03-18T14:56:00",
        "2022-03-27T21:56:45",
        "mdy",
    ),
    (
        "whats_json/test/data/languages/english_android.txt",
        60,
        "2022-03-18T14:56:00",
        "2023-01-07T23:32:00",
        "dmy",
    ),
    (
        "whats_json/test/data/languages/english_android_media.txt",
        60,
        "2022-03-18T14:56:00",
        "2023-01-07T23:32:00",
        "dmy",
    ),
    (
        "whats_json/test/data/languages/english_ios.txt",
        23,
        "2022-03-18T14:56:01",
        "2022-03-27T21:56:45",
        "mdy",
    ),
    (
        "whats_json/test/data/languages/english_ios_media.txt",
        25,
        "2022-03-18T14:56:01",
        "2023-01-07T23:32:30",
        "mdy",
    ),
    (
        "whats_json/test/data/languages/french_ios.txt",
        23,
        "2022-03-18T14:56:00",
        "2022-03-27T21:56:45",
        "mdy",
    ),
    (
        "whats_json/test/data/languages/hindi_ios.txt",
        23,
        "2022-03-18T14:56:00",
        "2022-03-27T21:56:45",
        "mdy",
    ),
    (
        "whats_json/test/data/languages/indonesian_ios.txt",
        23,
        "2022-03-18T14:56:01",
        "2022-03-27T21:56:45",
        "mdy",
    ),
    (
        "whats_json/test/data/languages/italian_ios.txt",
        23,
        "2022-03-18T14:56:00",
        "2022-03-27T21:56:45",
        "mdy",
    ),
    (
        "whats_json/test/data/languages/japanese_ios.txt",
        23,
        "2022-03-18T14:56:00",
        "2022-03-27T21:56:45",
        "mdy",
    ),
    (
        "whats_json/test/data/languages/portugal_ios.txt",
        23,
        "2022-03-18T14:56:00",
        "2022-03-27T21:56:45",
        "mdy",
    ),
    (
        "whats_json/test/data/languages/russian_android.txt",
        60,
        "2022-03-18T14:56:00",
        "2023-01-07T23:32:00",
        "dmy",
    ),
    (
        "whats_json/test/data/languages/russian_ios.txt",
        23,
        "2022-03-18T14:56:00",
        "2022-03-27T21:56:45",
        "mdy",
    ),
    (
        "whats_json/test/data/languages/spanish_ios.txt",
        23,
        "2022-03-18T14:56:00",
        "2022-03-27T21:56:45",
        "mdy",
    ),
    (
        "whats_json/test/data/languages/thai_ios.txt",
        23,
        "2022-03-18T14:56:01",
        "2022-03-27T21:56:45",
        "mdy",
    ),
    (
        "whats_json/test/data/languages/ukrainian_ios.txt",
        23,
        "2022-03-18T14:56:00",
        "2022-03-27T21:56:45",
        "mdy",
    ),
    (
        "whats_json/test/data/languages/vietnamese_ios.txt",
        23,
        "2022-03-18T14:56:01",
        "2022-03-27T21:56:46",
        "mdy",
    ),
    (
        "whatstk/chats/whatsapp/pokemon.txt",
        20,
        "2016-04-15T15:04:00",
        "2016-10-31T12:23:00",
        "dmy",
    ),
    (
        "whatstk/history/chats/dash/samplechat_4.txt",
        20,
        "2016-04-15T15:04:10",
        "2016-10-31T12:23:10",
        "dmy",
    ),
    (
        "whatstk/history/chats/dot/samplechat_1.txt",
        20,
        "2016-04-15T15:04:00",
        "2016-10-31T12:23:00",
        "dmy",
    ),
    (
        "whatstk/history/chats/dot/samplechat_3.txt",
        20,
        "2016-04-15T15:04:10",
        "2016-10-31T12:23:10",
        "dmy",
    ),
    (
        "whatstk/history/chats/example.txt",
        20,
        "2016-04-15T15:04:00",
        "2016-10-31T12:23:00",
        "dmy",
    ),
    (
        "whatstk/history/chats/samplechat.txt",
        20,
        "2016-08-06T13:18:00",
        "2016-10-31T12:23:00",
        "dmy",
    ),
    (
        "whatstk/history/tests/chats/example-12h-2.txt",
        20,
        "2016-04-15T15:04:00",
        "2016-10-31T23:45:00",
        "ymd",
    ),
    (
        "whatstk/history/tests/chats/example-12h.txt",
        20,
        "2016-04-15T15:04:00",
        "2016-10-31T23:45:00",
        "ymd",
    ),
    (
        "whatstk/history/tests/chats/example.txt",
        20,
        "2016-04-15T15:04:00",
        "2016-10-31T12:23:00",
        "dmy",
    ),
    (
        "whatstk/history/tests/chats/example_1.txt",
        20,
        "2016-04-15T15:04:00",
        "2016-10-31T12:23:00",
        "dmy",
    ),
    (
        "whatstk/history/tests/chats/example_2.txt",
        20,
        "2016-04-15T15:04:00",
        "2016-10-31T12:23:00",
        "ymd",
    ),
    (
        "timelinize/datasources/whatsapp/testdata/fixtures/_chat.txt",
        16,
        "2020-01-01T12:00:01",
        "2020-12-01T12:00:12",
        "ymd",
    ),
];

#[test]
#[cfg_attr(not(corpus), ignore = "needs ../shared/corpus/peers")]
fn every_real_and_hand_made_export_converts_as_expected() {
    let root = corpus();
    let manifest = std::fs::read_to_string(root.join("MANIFEST.tsv")).expect("read MANIFEST.tsv");
    let expected: HashMap<&str, _> = EXPECTED.iter().map(|e| (e.0, e)).collect();
    let mut failures = Vec::new();
    let mut checked = 0;
    for row in manifest.lines().skip(1) {
        let cols: Vec<&str> = row.split('\t').collect();
        let (path, header_lines, kind) = (cols[0], cols[4], cols[8]);
        if path.contains('!') || !matches!(kind, "real" | "real-edited" | "hand-made") {
            continue;
        }
        checked += 1;
        let Some((_, messages, first, last, order)) = expected.get(path) else {
            failures.push(format!("{path}: not in EXPECTED"));
            continue;
        };
        let file = root.join(path);
        let out = run(&["inspect", "--json", file.to_str().expect("utf-8 path")]);
        if !out.status.success() {
            failures.push(format!(
                "{path}: exit {:?}: {}",
                out.status.code(),
                String::from_utf8_lossy(&out.stderr)
            ));
            continue;
        }
        let report: serde_json::Value =
            serde_json::from_slice(&out.stdout).expect("inspect --json gives JSON");
        let r = &report[0];
        let got = (
            r["messages"].as_u64().unwrap_or(0),
            r["first"].as_str().unwrap_or("-").to_string(),
            r["last"].as_str().unwrap_or("-").to_string(),
            r["dialect"]["date_order"]
                .as_str()
                .unwrap_or("-")
                .to_string(),
        );
        let want = (
            *messages,
            first.to_string(),
            last.to_string(),
            order.to_string(),
        );
        if got != want {
            failures.push(format!("{path}: got {got:?}, want {want:?}"));
        }
        let excused = NOT_ONE_EXPORT
            .iter()
            .chain(EDITED_HEADER)
            .any(|(p, _)| *p == path);
        if !excused && header_lines.parse::<u64>().ok() != Some(*messages) {
            failures.push(format!(
                "{path}: {messages} messages but the manifest counts {header_lines} headers"
            ));
        }
    }
    assert!(checked >= 80, "only {checked} corpus files checked");
    assert!(
        failures.is_empty(),
        "{} corpus files differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// chat-miner ships the messages its parser should find in its four test chats; ours must contain them (it
/// joins continuation lines with a space and leaves out system lines and `Name:.` bodies).
#[test]
#[cfg_attr(not(corpus), ignore = "needs ../shared/corpus/peers")]
fn chat_miner_target_messages_are_found() {
    let root = corpus();
    let dir = root.join("chat-miner/test/whatsapp");
    let target: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("target.json")).expect("target.json"),
    )
    .expect("JSON");
    for name in [
        "test_[mmddyy]_24hrs.txt",
        "test_ddmmyy_24hrs.txt",
        "test_mmddyy_24hrs.txt",
        "test_mmddyyyy_12hrs.txt",
        "test_yyyymmdd_24hrs.txt",
    ] {
        let out = run(&[
            "convert",
            "--quiet",
            "-f",
            "jsonl",
            dir.join(name).to_str().expect("utf-8"),
        ]);
        assert!(out.status.success(), "{name}");
        let ours: Vec<(String, String, String)> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .map(|m| {
                (
                    m["time"].as_str().unwrap_or("").to_string(),
                    m["author"].as_str().unwrap_or("").to_string(),
                    m["text"].as_str().unwrap_or("").replace('\n', " "),
                )
            })
            .collect();
        for t in target.as_array().expect("array") {
            let want = (
                t["timestamp"].as_str().unwrap_or("").to_string(),
                t["author"].as_str().unwrap_or("").to_string(),
                t["message"].as_str().unwrap_or("").to_string(),
            );
            assert!(ours.contains(&want), "{name}: missing {want:?}");
        }
    }
}
