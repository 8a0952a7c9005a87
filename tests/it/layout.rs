//! `-f whatsapp --layout` (issue 20 §3): every header written in one layout, `android` (what Telegram's *Import
//! chat history* reads) or `ios`; the export reads back message for message (count, times to the minute, kinds,
//! roles) for every fixture and for a merge of Android and iPhone exports; a bad layout is a usage error.

use std::fs;

use crate::common::{fixture_exports, fixtures, run};

fn json(args: &[&str]) -> serde_json::Value {
    let o = run(args);
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).expect("a json document")
}

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
