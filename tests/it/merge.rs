//! `chatport merge` (issue 20): the laws on generated exports of one chat, in Android (en_GB, no seconds) and
//! iPhone (en_US, 12-hour with seconds) dialects; then the real binary on overlapping exports: provenance,
//! an edit between exports shown as a conflict by `inspect`, and a zone shift lined up.

use std::fs;

use proptest::prelude::*;

use chatport::{Merged, Messages, ReadOptions, Reader};

use crate::common::run;

/// Bodies, some said twice (people do), one a media message each dialect writes its own way.
const BODIES: [&str; 7] = [
    "ok",
    "hi there",
    "see you at nine",
    "Where first?\nLisbon or Porto",
    "ok",
    "\u{1}media",
    "the tram leaves at 8:15",
];

/// One message of the chat: minutes after the one before, who, what, and the second it was sent.
#[derive(Clone, Debug)]
struct Said {
    after: u32,
    bo: bool,
    body: usize,
    second: u32,
}

fn said() -> impl Strategy<Value = Said> {
    (0u32..3, any::<bool>(), 0..BODIES.len(), 0u32..60).prop_map(|(after, bo, body, second)| Said {
        after,
        bo,
        body,
        second,
    })
}

/// The chat's messages with their times: (minute from 08:00 on 13 March 2024, second, author, body).
///
/// Equal messages of one author in one minute can be told apart by nothing an export keeps (Android has no
/// seconds), so where two exports meet, how many of them each had is all a merge can go by. The laws are for
/// chats without them: a text's body gets its place in the chat, a media message a minute of its own.
fn timeline(chat: &[Said]) -> Vec<(u32, u32, &'static str, String)> {
    let (mut minute, mut second) = (0, 0);
    let mut alone = false;
    chat.iter()
        .enumerate()
        .map(|(k, s)| {
            let media = BODIES[s.body] == "\u{1}media";
            let after = if media || alone {
                s.after.max(1)
            } else {
                s.after
            };
            minute += after;
            alone = media;
            // Time goes forward: within a minute, the seconds too.
            second = if after == 0 {
                (second + s.second % 4).min(59)
            } else {
                s.second
            };
            let body = if media {
                BODIES[s.body].to_string()
            } else {
                format!("{} {k}", BODIES[s.body])
            };
            (minute, second, if s.bo { "Bo" } else { "Ana" }, body)
        })
        .collect()
}

/// The export of `slice` in one dialect.
fn export(slice: &[(u32, u32, &str, String)], ios: bool) -> String {
    let mut text = String::new();
    for (minute, second, who, body) in slice {
        let (h, m) = (8 + minute / 60, minute % 60);
        let body = match (body.as_str(), ios) {
            ("\u{1}media", false) => "<Media omitted>".to_string(),
            ("\u{1}media", true) => "\u{200e}image omitted".to_string(),
            (b, _) => b.to_string(),
        };
        if ios {
            let (h12, ampm) = match h {
                0 => (12, "AM"),
                1..=11 => (h, "AM"),
                12 => (12, "PM"),
                _ => (h - 12, "PM"),
            };
            text.push_str(&format!(
                "[3/13/24, {h12}:{m:02}:{second:02}\u{202f}{ampm}] {who}: {body}\r\n"
            ));
        } else {
            text.push_str(&format!("13/03/2024, {h:02}:{m:02} - {who}: {body}\n"));
        }
    }
    text
}

/// What a merge must give, whichever way round: each message's minute, author, kind and body.
type Seen = Vec<(String, String, String, String)>;

fn seen(messages: &[chatport::Message]) -> Seen {
    messages
        .iter()
        .map(|m| {
            let time = m
                .time
                .map(|t| t.local.format("%Y-%m-%d %H:%M").to_string())
                .unwrap_or_default();
            let kind = format!("{:?}", m.kind);
            let body = if m.kind == chatport::model::Kind::Media {
                String::new()
            } else {
                m.text.clone()
            };
            (time, m.author.clone().unwrap_or_default(), kind, body)
        })
        .collect()
}

fn reader() -> Reader {
    Reader::new(ReadOptions {
        sha256: true,
        ..ReadOptions::default()
    })
}

/// The messages of `texts` merged, in that order.
fn merged(texts: &[(&str, &[u8])]) -> Vec<chatport::Message> {
    let exports = texts
        .iter()
        .map(|(name, bytes)| reader().open_bytes(name, bytes).expect("an export"))
        .collect();
    let merged = Merged::new(exports).expect("merge");
    let mut out = Vec::new();
    merged
        .messages(&mut |m| {
            out.push(m.clone());
            Ok(())
        })
        .expect("messages");
    out
}

/// The `chatport/1` document of `texts` merged.
fn merged_document(texts: &[(&str, &[u8])]) -> Vec<u8> {
    let exports = texts
        .iter()
        .map(|(name, bytes)| reader().open_bytes(name, bytes).expect("an export"))
        .collect();
    let merged = Merged::new(exports).expect("merge");
    let mut out = Vec::new();
    let mut w = chatport::write::Writer::new(chatport::write::Format::Json, Default::default());
    w.begin(merged.chat(), &mut out).expect("begin");
    let summary = merged
        .messages(&mut |m| {
            w.message(m, &mut out).map_err(|e| chatport::Error::Write {
                path: "-".into(),
                source: e,
            })
        })
        .expect("messages");
    w.end(&summary.warnings, &mut out).expect("end");
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn merging_overlapping_exports_gives_the_chat_either_way_round(
        chat in prop::collection::vec(said(), 2..30),
        cut in any::<prop::sample::Index>(),
        overlap in 0usize..6,
        a_ios in any::<bool>(),
        b_ios in any::<bool>(),
    ) {
        let times = timeline(&chat);
        let n = times.len();
        let end_a = 1 + cut.index(n - 1);
        let start_b = end_a.saturating_sub(overlap);
        let (a, b) = (export(&times[..end_a], a_ios), export(&times[start_b..], b_ios));
        let whole = export(&times, a_ios);
        let one = seen(&merged(&[("whole.txt", whole.as_bytes())]));
        let ab = seen(&merged(&[("a.txt", a.as_bytes()), ("b.txt", b.as_bytes())]));
        let ba = seen(&merged(&[("b.txt", b.as_bytes()), ("a.txt", a.as_bytes())]));
        // Two halves that overlap give the whole, with no message lost or doubled.
        prop_assert_eq!(&ab, &one);
        // merge(A, B) = merge(B, A).
        prop_assert_eq!(&ab, &ba);
        // merge(merge(A, B), B) = merge(A, B).
        let doc = merged_document(&[("a.txt", a.as_bytes()), ("b.txt", b.as_bytes())]);
        let again = seen(&merged(&[("ab.json", &doc), ("b.txt", b.as_bytes())]));
        prop_assert_eq!(&again, &ab);
    }

    #[test]
    fn merging_an_export_with_a_slice_of_itself_gives_the_export(
        chat in prop::collection::vec(said(), 1..30),
        from in any::<prop::sample::Index>(),
        len in any::<prop::sample::Index>(),
        ios in any::<bool>(),
        slice_ios in any::<bool>(),
    ) {
        let times = timeline(&chat);
        let start = from.index(times.len());
        let end = start + 1 + len.index(times.len() - start);
        let whole = export(&times, ios);
        let slice = export(&times[start..end], slice_ios);
        let one = seen(&merged(&[("whole.txt", whole.as_bytes())]));
        let with = seen(&merged(&[("whole.txt", whole.as_bytes()), ("slice.txt", slice.as_bytes())]));
        prop_assert_eq!(&with, &one);
    }
}

/// Two equal messages within one export are both kept; across exports, one.
#[test]
fn a_message_sent_twice_is_kept_twice() {
    let a = "13/03/2024, 08:00 - Ana: ok\n13/03/2024, 08:00 - Ana: ok\n";
    let b =
        "13/03/2024, 08:00 - Ana: ok\n13/03/2024, 08:00 - Ana: ok\n13/03/2024, 08:01 - Bo: fine\n";
    let got = merged(&[("a.txt", a.as_bytes()), ("b.txt", b.as_bytes())]);
    assert_eq!(got.len(), 3);
    assert_eq!(got[0].from.len(), 2);
    assert_eq!(got[1].from.len(), 2);
}

/// The binary on an Android and an iPhone export of one chat, the iPhone an hour behind (another zone) and
/// holding an edit: one chat, each message once, the edit a conflict `inspect` counts, the shift said.
#[test]
fn the_binary_merges_and_inspect_says_what_each_export_brought() {
    let dir = tempfile::tempdir().expect("temp");
    let android = dir.path().join("android.txt");
    let iphone = dir.path().join("iphone.txt");
    fs::write(
        &android,
        "13/03/2024, 08:00 - Ana: Good morning, are we still on for Lisbon?\n\
         13/03/2024, 08:01 - Bo: Yes! The train leaves at nine sharp\n\
         13/03/2024, 08:02 - Ana: Great, I will bring the tickets with me\n\
         13/03/2024, 08:03 - Bo: See you at the station then\n",
    )
    .expect("write");
    fs::write(
        &iphone,
        "[3/13/24, 7:00:05\u{202f}AM] Ana: Good morning, are we still on for Lisbon?\r\n\
         [3/13/24, 7:01:10\u{202f}AM] Bo: Yes! The train leaves at nine sharp\r\n\
         [3/13/24, 7:02:15\u{202f}AM] Ana: Great, I will bring the tickets with me\r\n\
         [3/13/24, 7:03:20\u{202f}AM] Bo: See you at the station, platform 4 \u{200e}<This message was edited>\r\n\
         [3/13/24, 7:10:00\u{202f}AM] Ana: On my way now\r\n",
    )
    .expect("write");
    let out = dir.path().join("chat.json");
    let o = run(&[
        "merge",
        android.to_str().expect("utf-8"),
        iphone.to_str().expect("utf-8"),
        "-o",
        out.to_str().expect("utf-8"),
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("shifted by +1 h"), "{err}");
    let doc: serde_json::Value =
        serde_json::from_slice(&fs::read(&out).expect("doc")).expect("json");
    let messages = doc["messages"].as_array().expect("messages");
    assert_eq!(messages.len(), 5);
    assert_eq!(messages[0]["time"], "2024-03-13T08:00:05");
    assert_eq!(messages[3]["text"], "See you at the station, platform 4");
    assert_eq!(messages[3]["from"][1]["differs"], true);
    assert_eq!(doc["merged"][1]["shift_s"], 3600);
    let report = run(&["inspect", out.to_str().expect("utf-8")]);
    let text = String::from_utf8_lossy(&report.stdout);
    assert!(text.contains("1. android.txt (android"), "{text}");
    assert!(
        text.contains(": 4 new, 0 duplicate, 0 conflicting"),
        "{text}"
    );
    assert!(
        text.contains("times shifted +1 h): 1 new, 3 duplicate, 1 conflicting"),
        "{text}"
    );
}

/// Our fixture of one chat exported three times (an Android phone in 2024, an iPhone a month later with
/// seconds, an edit and a photo's name, the Android phone again in 2025): the merges of the first two and of
/// all three are golden files (`UPDATE_GOLDEN=1` rewrites them), and give the same from any order.
#[test]
fn three_overlapping_exports_merge_to_their_golden_files() {
    let dir = crate::common::fixtures().join("merge-three-exports");
    let inputs = [
        dir.join("1 WhatsApp Chat with Marek.txt"),
        dir.join("2 _chat.txt"),
        dir.join("3 WhatsApp Chat with Marek.txt"),
    ];
    let paths: Vec<&str> = inputs.iter().map(|p| p.to_str().expect("utf-8")).collect();
    for (used, golden) in [
        (&paths[..2], "expected-1-2.json"),
        (&paths[..], "expected.json"),
    ] {
        let o = run(&[&["merge", "-q", "-f", "json"], used].concat());
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let got = String::from_utf8(o.stdout).expect("utf-8");
        // The document names its inputs as given: compared without the folder.
        let got = got.replace(&format!("{}/", dir.display()), "");
        let expected = dir.join(golden);
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            fs::write(&expected, &got).expect("write golden");
        }
        let want = fs::read_to_string(&expected).expect("golden (UPDATE_GOLDEN=1 writes it)");
        crate::common::assert_same(&got, &want, &expected.display().to_string());
    }
    let mut reversed = paths.clone();
    reversed.reverse();
    let texts = |args: &[&str]| -> Vec<(String, String)> {
        let o = run(&[&["merge", "-q", "-f", "jsonl"], args].concat());
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).expect("a line");
                (v["time"].to_string(), v["text"].to_string())
            })
            .collect()
    };
    assert_eq!(texts(&reversed), texts(&paths));
}

/// Into a folder, a merge copies the union of the exports' media: a name with the same bytes in two exports
/// is one file, with other bytes both are kept (with a warning); every page link resolves.
#[test]
fn a_merge_copies_the_union_of_the_media_once() {
    let dir = tempfile::tempdir().expect("temp");
    let one = "[1/14/24, 7:05:40\u{202f}PM] Marek: \u{200e}<attached: 00000004-PHOTO-2024-01-14-19-05-40.jpg>\r\n\
               [1/14/24, 7:06:00\u{202f}PM] Lena: \u{200e}<attached: 00000005-PHOTO-2024-01-14-19-06-00.jpg>\r\n";
    let two = format!(
        "{one}[1/15/24, 8:00:00\u{202f}AM] Lena: \u{200e}<attached: 00000006-PHOTO-2024-01-15-08-00-00.jpg>\r\n"
    );
    let a = crate::common::zip_bytes(&[
        ("_chat.txt", one.as_bytes()),
        (
            "00000004-PHOTO-2024-01-14-19-05-40.jpg",
            b"\xFF\xD8\xFFsame",
        ),
        (
            "00000005-PHOTO-2024-01-14-19-06-00.jpg",
            b"\xFF\xD8\xFFfirst",
        ),
    ]);
    let b = crate::common::zip_bytes(&[
        ("_chat.txt", two.as_bytes()),
        (
            "00000004-PHOTO-2024-01-14-19-05-40.jpg",
            b"\xFF\xD8\xFFsame",
        ),
        (
            "00000005-PHOTO-2024-01-14-19-06-00.jpg",
            b"\xFF\xD8\xFFsecond",
        ),
        ("00000006-PHOTO-2024-01-15-08-00-00.jpg", b"\xFF\xD8\xFFnew"),
    ]);
    let (pa, pb) = (dir.path().join("a.zip"), dir.path().join("b.zip"));
    fs::write(&pa, a).expect("write");
    fs::write(&pb, b).expect("write");
    let out = dir.path().join("out");
    let o = run(&[
        "merge",
        pa.to_str().expect("utf-8"),
        pb.to_str().expect("utf-8"),
        "-f",
        "json,html",
        "-o",
        &format!("{}/", out.display()),
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert_eq!(
        err.matches("with other bytes; both are kept").count(),
        1,
        "{err}"
    );
    let media = out.join("Marek & Lena/media");
    let mut names: Vec<String> = fs::read_dir(&media)
        .expect("media")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "00000004-PHOTO-2024-01-14-19-05-40.jpg",
            "00000005-PHOTO-2024-01-14-19-06-00-2.jpg",
            "00000005-PHOTO-2024-01-14-19-06-00.jpg",
            "00000006-PHOTO-2024-01-15-08-00-00.jpg"
        ]
    );
    let doc: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("Marek & Lena.json")).expect("doc"))
            .expect("json");
    for m in doc["messages"].as_array().expect("messages") {
        let path = m["attachment"]["path"].as_str().expect("a kept file");
        assert!(out.join(path).is_file(), "{path}");
    }
}

/// `chatport merge DIR -o OUT/` groups the exports by chat (a name, or the participants, in common) and merges
/// each group into its own files.
#[test]
fn a_folder_is_merged_chat_by_chat() {
    let dir = tempfile::tempdir().expect("temp");
    let inputs = dir.path().join("in");
    fs::create_dir(&inputs).expect("mkdir");
    let fixtures = crate::common::fixtures();
    for name in [
        "1 WhatsApp Chat with Marek.txt",
        "2 _chat.txt",
        "3 WhatsApp Chat with Marek.txt",
    ] {
        fs::copy(
            fixtures.join("merge-three-exports").join(name),
            inputs.join(name),
        )
        .expect("copy");
    }
    fs::copy(
        fixtures.join("demo/WhatsApp Chat with Copilot.txt"),
        inputs.join("WhatsApp Chat with Copilot.txt"),
    )
    .expect("copy");
    let out = dir.path().join("out");
    let o = run(&[
        "merge",
        "-q",
        inputs.to_str().expect("utf-8"),
        "-f",
        "json",
        "-o",
        &format!("{}/", out.display()),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut names: Vec<String> = fs::read_dir(&out)
        .expect("out")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["Copilot.json", "Lena & Marek.json"]);
    let doc: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("Lena & Marek.json")).expect("doc"))
            .expect("json");
    assert_eq!(doc["merged"].as_array().map(Vec::len), Some(3));
    assert_eq!(doc["messages"].as_array().map(Vec::len), Some(14));
}

/// A clock set back (summer time ending, a phone set wrong) files a message later in one export than in the
/// other: it is still written once.
#[test]
fn a_clock_set_back_writes_no_message_twice() {
    let a = "13/03/2024, 01:30 - Ana: first message a\n13/03/2024, 01:50 - Bo: second message b\n\
             13/03/2024, 01:10 - Ana: third message c\n13/03/2024, 01:40 - Bo: fourth message d\n\
             13/03/2024, 09:00 - Ana: fifth message e\n";
    let b = "13/03/2024, 01:10 - Ana: third message c\n13/03/2024, 01:40 - Bo: fourth message d\n\
             13/03/2024, 09:00 - Ana: fifth message e\n13/03/2024, 10:00 - Bo: sixth message f\n";
    let got = merged(&[("a.txt", a.as_bytes()), ("b.txt", b.as_bytes())]);
    let mut texts: Vec<&str> = got.iter().map(|m| m.text.as_str()).collect();
    texts.sort();
    assert_eq!(
        texts,
        [
            "fifth message e",
            "first message a",
            "fourth message d",
            "second message b",
            "sixth message f",
            "third message c"
        ]
    );
}
