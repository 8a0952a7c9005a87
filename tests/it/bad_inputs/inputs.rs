//! Hostile and broken inputs beyond one file's bytes: archives (bombs, overlaps, duplicates, encryption), standard
//! input, special files in folders, and inputs that change while being read. Each case finishes in seconds; where
//! the failure was a hang or a bomb, the binary runs under a time limit and is killed past it.

use std::fs;

use crate::common::run;

/// Item 21: UTF-16 that is not UTF-16 (a lone surrogate, an odd last byte) is replaced with U+FFFD with the
/// warning invalid UTF-8 gets, on the lines it is on.
#[test]
fn broken_utf16_is_replaced_with_a_warning_like_broken_utf8() {
    let utf16 = |s: &str| -> Vec<u8> { s.encode_utf16().flat_map(u16::to_le_bytes).collect() };
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(utf16("05/01/2025, 21:03 - Ana: hi "));
    bytes.extend([0x00, 0xD8]);
    bytes.extend(utf16(" there\n05/01/2025, 21:04 - Copilot: hello\n"));
    bytes.push(b'!');
    let dir = tempfile::tempdir().expect("temp");
    let input = dir.path().join("utf16.txt");
    fs::write(&input, bytes).expect("write");
    let target = dir.path().join("out.json");
    let out = run(&[
        "convert",
        input.to_str().expect("utf-8"),
        "-o",
        target.to_str().expect("utf-8"),
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let doc: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&target).expect("output")).expect("JSON");
    let warned: Vec<u64> = doc["warnings"]
        .as_array()
        .expect("warnings")
        .iter()
        .filter(|w| {
            w["message"]
                .as_str()
                .is_some_and(|m| m.contains("bytes that are not UTF-16"))
        })
        .map(|w| w["line"].as_u64().expect("line"))
        .collect();
    assert_eq!(warned, [1, 3], "{doc}");
    assert_eq!(doc["messages"][0]["text"], "hi \u{FFFD} there");
    assert!(
        err.contains("utf16.txt:1: bytes that are not UTF-16"),
        "{err}"
    );
}
