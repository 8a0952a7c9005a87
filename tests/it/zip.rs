//! Zip exports end to end, with zips the tests make themselves: the iOS layout (with macOS noise and a `.txt`
//! document sent in the chat), the Android layout, a zip whose chat has no telling name, none at all, a truncated
//! one, and a zip on standard input.

use std::fs;

use crate::common::{run, run_with_stdin, zip_bytes};

const IOS_CHAT: &[u8] = "[05/01/2025, 21:03:00] Copilot: \u{200E}Messages and calls are end-to-end encrypted. Only people in this chat can read, listen to, or share them.\n\
[05/01/2025, 21:03:10] Sam: Hi Copilot\n\
[05/01/2025, 21:03:20] Copilot: Hello! How can I help?\n\
[05/01/2025, 21:04:00] Sam: \u{200E}<attached: 00000004-PHOTO-2025-01-05-21-04-00.jpg>\n"
    .as_bytes();

const SENT_DOCUMENT: &[u8] = b"shopping list\n- eggs\n- milk\n";

fn convert_zip(name: &str, zip: &[u8], args: &[&str]) -> (i32, serde_json::Value, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    fs::write(&path, zip).expect("write zip");
    let mut all = vec!["convert", path.to_str().expect("utf-8"), "-q"];
    all.extend_from_slice(args);
    let out = run(&all);
    let json = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    (
        out.status.code().unwrap_or(-1),
        json,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn an_ios_zip_converts_like_its_chat_text() {
    let zip = zip_bytes(&[
        ("00000004-PHOTO-2025-01-05-21-04-00.jpg", b"\xff\xd8jpeg"),
        ("notes.txt", SENT_DOCUMENT),
        ("_chat.txt", IOS_CHAT),
        ("__MACOSX/._chat.txt", b"\x00\x05\x16\x07 resource fork"),
    ]);
    let (code, doc, err) = convert_zip("WhatsApp Chat - Copilot.zip", &zip, &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(doc["source"]["name"], "WhatsApp Chat - Copilot.zip");
    assert_eq!(doc["source"]["entry"], "_chat.txt");
    assert_eq!(doc["source"]["bytes"], IOS_CHAT.len());
    assert_eq!(doc["title"], "Copilot");
    assert_eq!(doc["assistant"]["name"], "Copilot");
    let kinds: Vec<&str> = doc["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .map(|m| m["kind"].as_str().expect("kind"))
        .collect();
    assert_eq!(kinds, ["system", "text", "text", "media"]);
}

#[test]
fn which_entry_is_the_chat() {
    let android = "05/01/2025, 21:03 - Ana: hi\n05/01/2025, 21:04 - Bob: hello\n".as_bytes();
    /// (entries, the entry taken)
    type Case<'a> = (&'a [(&'a str, &'a [u8])], &'a str);
    let cases: &[Case] = &[
        (
            &[
                ("IMG-20250105-WA0001.jpg", b"jpeg"),
                ("WhatsApp Chat with Ana.txt", android),
            ],
            "WhatsApp Chat with Ana.txt",
        ),
        (
            &[("readme.txt", SENT_DOCUMENT), ("export/chat.txt", android)],
            "export/chat.txt",
        ),
        (
            &[("notes.txt", SENT_DOCUMENT), ("_chat.txt", IOS_CHAT)],
            "_chat.txt",
        ),
    ];
    for (entries, want) in cases {
        let (code, doc, err) = convert_zip("export.zip", &zip_bytes(entries), &[]);
        assert_eq!(code, 0, "{err}");
        assert_eq!(doc["source"]["entry"], *want);
    }
}

#[test]
fn bad_zips_give_one_clear_error() {
    let full = zip_bytes(&[("_chat.txt", IOS_CHAT)]);
    // (zip bytes, text the error must contain)
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (
            zip_bytes(&[("a.jpg", b"x"), ("b.pdf", b"y"), ("__MACOSX/._a.jpg", b"z")]),
            "no chat text in it (expected _chat.txt or 'WhatsApp Chat with ….txt'); it holds a.jpg, b.pdf",
        ),
        (
            zip_bytes(&[("notes.txt", SENT_DOCUMENT)]),
            "it holds notes.txt",
        ),
        (full[..full.len() - 30].to_vec(), "truncated or damaged"),
    ];
    for (zip, want) in cases {
        let (code, _, err) = convert_zip("broken.zip", &zip, &[]);
        assert_eq!(code, 1, "{err}");
        assert!(err.contains(want), "{err}");
        assert!(err.contains("broken.zip"), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
    }
}

#[test]
fn a_zip_on_standard_input() {
    let zip = zip_bytes(&[("_chat.txt", IOS_CHAT)]);
    let out = run_with_stdin(&["convert", "-", "-f", "jsonl", "-q"], &zip);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 4);
    let out = run_with_stdin(&["inspect", "-"], &zip);
    assert!(String::from_utf8_lossy(&out.stdout).contains("messages      4"));
}
