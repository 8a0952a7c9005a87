//! What a run may write and how it ends: never an input of the run, never one file for two outputs, never a device
//! or FIFO replaced, media failures counted, names within every file system's limits, signals and a closed stderr.

use std::fs;
use std::io::Read as _;
use std::process::Stdio;

use crate::common::{cmd, run, zip_bytes};

fn demo() -> std::path::PathBuf {
    crate::common::fixtures().join("demo/WhatsApp Chat with Copilot.txt")
}

/// Item 15: diagnostics to a closed stderr are dropped; the run still writes its output and exits 0.
#[test]
fn a_closed_stderr_does_not_stop_the_run() {
    let dir = tempfile::tempdir().expect("temp");
    let out = dir.path().join("o.json");
    let mut child = cmd()
        .args(["convert", demo().to_str().expect("utf-8"), "-f", "chatgpt", "-o"])
        .arg(&out)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    // The read end closes at once: every write to stderr fails (EPIPE).
    drop(child.stderr.take());
    let status = child.wait().expect("wait");
    assert_eq!(status.code(), Some(0));
    let doc: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&out).expect("output")).expect("JSON");
    assert!(doc.as_array().is_some_and(|a| !a.is_empty()));
}

/// Item 20: names from a zip reach the terminal with their control characters escaped.
#[test]
fn terminal_escapes_in_names_are_shown_escaped() {
    let dir = tempfile::tempdir().expect("temp");
    let zip = dir.path().join("chat.zip");
    let chat = b"05/01/2025, 21:03 - Ana: \x1b[2J hi\n05/01/2025, 21:04 - Copilot: hello\n";
    fs::write(
        &zip,
        zip_bytes(&[
            ("_chat.txt", chat),
            ("../\x1b]0;pwned\x07.jpg", b"x"),
            ("/\x1b[2J.sh", b"x"),
        ]),
    )
    .expect("zip");
    let out = run(&[
        "convert",
        zip.to_str().expect("utf-8"),
        "-o",
        dir.path().join("o.json").to_str().expect("utf-8"),
        "--media",
        "copy",
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains(r"\u{1b}]0;pwned\u{7}.jpg"), "{err}");
    assert!(!out.stderr.iter().any(|b| *b == 0x1b || *b == 0x07), "{err}");
    let mut text = String::new();
    fs::File::open(dir.path().join("o.json"))
        .expect("output")
        .read_to_string(&mut text)
        .expect("read");
    assert!(text.contains(r"\u001b[2J hi"), "the message keeps its text: {text}");
}
