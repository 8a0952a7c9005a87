//! Lossless by construction: `convert -f whatsapp` writes the export back from the model, and for every fixture
//! and every corpus file that gives the input again, up to line-ending style, a leading BOM and the text encoding
//! (UTF-16 comes back as UTF-8; bytes that are not UTF-8 come back as U+FFFD, as the conversion warned). Any other
//! difference means the model dropped or changed something.

use std::fs;
use std::path::Path;

use crate::common::{corpus, exports_under, fixture_exports, run, run_with_stdin};

/// The text a file holds, as chatport decodes it, with `\n` line breaks, no BOM, and a final line break.
fn decoded(bytes: &[u8]) -> String {
    let text = match bytes {
        [0xFF, 0xFE, rest @ ..] => encoding_rs::UTF_16LE
            .decode_without_bom_handling(rest)
            .0
            .into_owned(),
        [0xFE, 0xFF, rest @ ..] => encoding_rs::UTF_16BE
            .decode_without_bom_handling(rest)
            .0
            .into_owned(),
        _ => String::from_utf8_lossy(bytes).into_owned(),
    };
    let mut t = text
        .trim_start_matches('\u{FEFF}')
        .replace("\r\n", "\n")
        .replace('\r', "\n");
    if !t.ends_with('\n') {
        t.push('\n');
    }
    t
}

/// The chat text of an export: the file, or the entry `convert` used from a zip.
fn chat_bytes(path: &Path) -> Vec<u8> {
    let bytes = fs::read(path).expect("read export");
    if !bytes.starts_with(b"PK") {
        return bytes;
    }
    let out = run(&["convert", "-q", path.to_str().expect("utf-8")]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let entry = doc["source"]["entry"].as_str().expect("entry").to_string();
    let mut zip = zip::ZipArchive::new(fs::File::open(path).expect("open")).expect("zip");
    let mut text = Vec::new();
    std::io::Read::read_to_end(&mut zip.by_name(&entry).expect("entry"), &mut text)
        .expect("read entry");
    text
}

/// `Some(first difference)` when writing `path` back does not give its text.
fn round_trip(path: &Path) -> Option<String> {
    let out = run(&[
        "convert",
        "-q",
        "-f",
        "whatsapp",
        path.to_str().expect("utf-8"),
    ]);
    if !out.status.success() {
        return Some(format!(
            "exit {:?}: {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let got = String::from_utf8(out.stdout).expect("UTF-8 output");
    let want = decoded(&chat_bytes(path));
    if got == want {
        return None;
    }
    let line = got.lines().zip(want.lines()).position(|(a, b)| a != b);
    Some(match line {
        Some(i) => format!(
            "line {}: wrote {:?}, read {:?}",
            i + 1,
            got.lines().nth(i).unwrap_or_default(),
            want.lines().nth(i).unwrap_or_default()
        ),
        None => format!(
            "{} lines written, {} read",
            got.lines().count(),
            want.lines().count()
        ),
    })
}

#[test]
fn every_fixture_is_written_back_exactly() {
    let files = fixture_exports();
    let failures: Vec<String> = files
        .iter()
        .filter_map(|f| round_trip(f).map(|d| format!("{}: {d}", f.display())))
        .collect();
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
#[cfg_attr(not(corpus), ignore = "needs ../shared/corpus/peers")]
fn every_corpus_file_is_written_back_exactly() {
    let corpus = corpus();
    let files = exports_under(&corpus);
    let failures: Vec<String> = files
        .iter()
        .filter_map(|f| round_trip(f).map(|d| format!("{}: {d}", f.display())))
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {}: {failures:#?}",
        failures.len(),
        files.len()
    );
}

/// Every format a `chatport/1` document converts to, with the document read back.
const READ_BACK: [&str; 7] = [
    "jsonl",
    "markdown",
    "whatsapp",
    "chatgpt",
    "openwebui",
    "openai-jsonl",
    "json",
];

/// The model reads back: for every fixture, `convert export → json` then `convert json → F` writes the very bytes
/// `convert export → F` writes, for every format F (ids, hashes, titles and the date span included), through the
/// real binary, from a file and from standard input.
#[test]
fn every_fixture_converts_the_same_from_its_json() {
    let dir = tempfile::tempdir().expect("temp dir");
    for export in fixture_exports() {
        let input = export.to_str().expect("utf-8 path");
        let doc = dir.path().join("chat.json");
        let doc = doc.to_str().expect("utf-8 path");
        let made = run(&["convert", "-q", "--tz", "UTC", input, "-o", doc, "--force"]);
        assert!(made.status.success(), "{input}: {made:?}");
        let flags = crate::common::ai_flags(&export);
        for format in READ_BACK {
            let direct = run(&[
                &["convert", "-q", "--tz", "UTC", input, "-f", format],
                flags,
            ]
            .concat());
            let again =
                run(&[&["convert", "-q", "--tz", "UTC", doc, "-f", format], flags].concat());
            assert!(direct.status.success(), "{input} -f {format}: {direct:?}");
            assert_eq!(again.status, direct.status, "{input} -f {format}");
            assert!(
                again.stdout == direct.stdout,
                "{input} -f {format}: the document read back writes other bytes:\n{}",
                String::from_utf8_lossy(&again.stderr)
            );
        }
        let json = fs::read(doc).expect("read document");
        let piped = run_with_stdin(
            &["convert", "-q", "--tz", "UTC", "-", "-f", "whatsapp"],
            &json,
        );
        let direct = run(&["convert", "-q", "--tz", "UTC", input, "-f", "whatsapp"]);
        assert_eq!(piped.stdout, direct.stdout, "{input} read back from stdin");
    }
}

/// A folder of documents converts like a folder of exports, and `-f jsonl` output (messages without the chat
/// head) is refused with a sentence saying what to convert instead.
#[test]
fn documents_in_a_batch_and_jsonl_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (docs, out) = (dir.path().join("docs"), dir.path().join("out"));
    fs::create_dir_all(&docs).expect("mkdir");
    let demo = crate::common::fixtures().join("demo/WhatsApp Chat with Copilot.txt");
    let demo = demo.to_str().expect("utf-8");
    let doc = docs.join("copilot.json");
    let made = run(&["convert", "-q", demo, "-o", doc.to_str().expect("utf-8")]);
    assert!(made.status.success(), "{made:?}");
    let batch = run(&[
        "convert",
        "-q",
        docs.to_str().expect("utf-8"),
        "-o",
        out.to_str().expect("utf-8"),
        "-f",
        "markdown",
        "--media",
        "none",
    ]);
    assert!(batch.status.success(), "{batch:?}");
    let direct = run(&["convert", "-q", demo, "-f", "markdown"]);
    let written = fs::read(out.join("Copilot.md")).expect("the batch wrote Copilot.md");
    assert_eq!(written, direct.stdout);

    let jsonl = dir.path().join("messages.jsonl");
    let made = run(&["convert", "-q", demo, "-o", jsonl.to_str().expect("utf-8")]);
    assert!(made.status.success(), "{made:?}");
    let refused = run(&["convert", jsonl.to_str().expect("utf-8"), "-f", "markdown"]);
    assert_eq!(refused.status.code(), Some(1));
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(err.contains("-f jsonl") && err.contains("-f json"), "{err}");
}

/// In the library, an export and its `chatport/1` document read into the same model (head, span, messages and
/// warnings), and write the same bytes in every format: every corpus file.
#[test]
#[cfg_attr(not(corpus), ignore = "needs ../shared/corpus/peers")]
fn every_corpus_file_reads_back_into_the_same_model() {
    use chatport::write::{Format, Options, Writer};
    let reader = chatport::Reader::new(chatport::ReadOptions {
        guess_assistant: true,
        ..chatport::ReadOptions::default()
    });
    let write = |export: &chatport::Export, format: Format| -> Vec<u8> {
        let mut out = Vec::new();
        let mut w = Writer::new(format, Options::default());
        w.begin(export.chat(), &mut out).expect("begin");
        let summary = export
            .messages(&mut |m| {
                w.message(m, &mut out).map_err(|e| chatport::Error::Write {
                    path: "<memory>".into(),
                    source: e,
                })
            })
            .expect("messages");
        w.end(&summary.warnings, &mut out).expect("end");
        out
    };
    let mut checked = 0;
    for path in exports_under(&corpus()) {
        let Ok(export) = reader.open(&path) else {
            continue;
        };
        let doc = write(&export, Format::Json);
        let back = reader.open_bytes("chat.json", &doc).expect("reads back");
        assert_eq!(back.chat(), export.chat(), "{}", path.display());
        for format in chatport::fuzzing::FORMATS
            .into_iter()
            .chain([Format::Whatsapp])
        {
            assert!(
                write(&back, format) == write(&export, format),
                "{}: {format:?} differs when read back",
                path.display()
            );
        }
        let (a, b) = (
            back.read_all().expect("read back"),
            export.read_all().expect("read"),
        );
        assert_eq!(a, b, "{}", path.display());
        checked += 1;
    }
    assert!(checked > 50, "only {checked} corpus files read");
}
