//! `-f whatsapp --layout` (issue 20 §3): every header written in one layout, `android` (what Telegram's *Import
//! chat history* reads) or `ios`; the export reads back message for message (count, times to the minute, kinds,
//! roles) for every fixture and for a merge of Android and iPhone exports; a bad layout is a usage error.

use std::fs;

use crate::common::{fixture_exports, fixtures, run, run_json as json};

/// Each message's minute, kind and role: what a layout must keep (Android's has no seconds).
fn shape(doc: &serde_json::Value) -> Vec<(String, String, String)> {
    doc["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .map(|m| {
            let minute = m["time"]
                .as_str()
                .map(|t| t[..16].to_string())
                .unwrap_or_default();
            (minute, m["kind"].to_string(), m["role"].to_string())
        })
        .collect()
}

fn reads_back(original: &serde_json::Value, text: &[u8], layout: &str, what: &str) {
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("written.txt");
    fs::write(&path, text).expect("write");
    let back = json(&[
        "convert",
        "-q",
        path.to_str().expect("utf-8"),
        "-f",
        "json",
        "--date-order",
        "dmy",
    ]);
    assert_eq!(
        shape(&back),
        shape(original),
        "{what} in the {layout} layout:\n{}",
        String::from_utf8_lossy(text)
    );
}

#[test]
fn every_fixture_in_one_layout_reads_back() {
    for export in fixture_exports() {
        let input = export.to_str().expect("utf-8");
        let original = json(&["convert", "-q", input, "-f", "json"]);
        // Messages with no time (text before the first header, impossible dates) have no header to write.
        if original["messages"]
            .as_array()
            .expect("messages")
            .iter()
            .any(|m| m["time"].is_null())
        {
            continue;
        }
        for layout in ["android", "ios"] {
            let o = run(&["convert", "-q", input, "-f", "whatsapp", "--layout", layout]);
            assert!(
                o.status.success(),
                "{input}: {}",
                String::from_utf8_lossy(&o.stderr)
            );
            reads_back(&original, &o.stdout, layout, input);
        }
    }
}

#[test]
fn a_merge_of_two_platforms_is_written_in_one() {
    let dir = fixtures().join("merge-three-exports");
    let a = dir.join("1 WhatsApp Chat with Marek.txt");
    let b = dir.join("2 _chat.txt");
    let (a, b) = (a.to_str().expect("utf-8"), b.to_str().expect("utf-8"));
    let merged = json(&["merge", "-q", a, b, "-f", "json"]);
    let o = run(&["merge", "-q", a, b, "-f", "whatsapp", "--layout", "android"]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.lines().all(|l| l.as_bytes().get(2) == Some(&b'/')),
        "{text}"
    );
    assert!(
        text.contains("- Marek: 00000004-PHOTO-2024-01-14-19-05-40.jpg (file attached)"),
        "{text}"
    );
    reads_back(&merged, &o.stdout, "android", "the merge");
}

#[test]
fn a_layout_needs_whatsapp_and_known_placeholders() {
    let demo = fixtures().join("demo/WhatsApp Chat with Copilot.txt");
    let demo = demo.to_str().expect("utf-8");
    let custom = run(&[
        "convert",
        "-q",
        demo,
        "-f",
        "whatsapp",
        "--layout",
        "{d}.{m}.{yy} {HH}:{MM} - ",
    ]);
    assert!(custom.status.success());
    assert!(String::from_utf8_lossy(&custom.stdout).starts_with("12.1.26 18:40 - "));
    let cases: [(&[&str], &str); 3] = [
        (&["-f", "json", "--layout", "android"], "add -f whatsapp"),
        (
            &["-f", "whatsapp", "--layout", "telegram"],
            "is not a layout",
        ),
        (
            &["-f", "whatsapp", "--layout", "{dd}/{QQ} - "],
            "a placeholder the layouts do not know",
        ),
    ];
    for (flags, want) in cases {
        let o = run(&[&["convert", demo], flags].concat());
        assert_eq!(o.status.code(), Some(2), "{flags:?}");
        assert!(
            String::from_utf8_lossy(&o.stderr).contains(want),
            "{flags:?}"
        );
    }
}

/// `--zip` packs the export written back and the media it names as `WhatsApp Chat with NAME.zip`, which reads
/// back as the same chat with its media; the report says what is missing.
#[test]
fn a_zip_holds_the_chat_and_the_media_it_names() {
    let dir = tempfile::tempdir().expect("temp");
    let chat = "[1/14/24, 7:05:40\u{202f}PM] Marek: \u{200e}<attached: 00000004-PHOTO-2024-01-14-19-05-40.jpg>\r\n\
                [1/14/24, 7:06:00\u{202f}PM] Lena: \u{200e}<attached: 00000005-AUDIO-2024-01-14-19-06-00.opus>\r\n\
                [1/14/24, 7:07:00\u{202f}PM] Lena: See you \u{1F44B}\r\n";
    let zip = crate::common::zip_bytes(&[
        ("_chat.txt", chat.as_bytes()),
        (
            "00000004-PHOTO-2024-01-14-19-05-40.jpg",
            b"\xFF\xD8\xFFjpeg",
        ),
    ]);
    let input = dir.path().join("WhatsApp Chat - Marek.zip");
    fs::write(&input, zip).expect("write");
    let out = dir.path().join("out");
    let o = run(&[
        "convert",
        input.to_str().expect("utf-8"),
        "--zip",
        "--layout",
        "android",
        "-o",
        &format!("{}/", out.display()),
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(err.contains(": 3 messages from 2 senders; 1 media files in it, 1 named but missing (00000005-AUDIO-2024-01-14-19-06-00.opus)"), "{err}");
    let packed = out.join("WhatsApp Chat with Marek.zip");
    let mut archive = zip::ZipArchive::new(fs::File::open(&packed).expect("zip")).expect("a zip");
    let names: Vec<String> = archive
        .file_names()
        .flatten()
        .map(|n| n.into_owned())
        .collect();
    assert_eq!(
        names,
        [
            "WhatsApp Chat with Marek.txt",
            "00000004-PHOTO-2024-01-14-19-05-40.jpg"
        ]
    );
    let mut text = String::new();
    std::io::Read::read_to_string(&mut archive.by_index(0).expect("chat"), &mut text)
        .expect("read");
    assert!(text.starts_with(
        "14/01/2024, 19:05 - Marek: 00000004-PHOTO-2024-01-14-19-05-40.jpg (file attached)\n"
    ));
    let back = json(&[
        "convert",
        "-q",
        packed.to_str().expect("utf-8"),
        "-f",
        "json",
    ]);
    assert_eq!(back["messages"].as_array().map(Vec::len), Some(3));
    assert_eq!(
        back["messages"][0]["attachment"]["file"],
        "00000004-PHOTO-2024-01-14-19-05-40.jpg"
    );
    let o = run(&["convert", input.to_str().expect("utf-8"), "--zip"]);
    assert_eq!(o.status.code(), Some(2));
}
