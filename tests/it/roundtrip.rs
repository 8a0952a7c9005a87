//! Lossless by construction: `convert -f whatsapp` writes the export back from the model, and for every fixture
//! and every corpus file that gives the input again, up to line-ending style, a leading BOM and the text encoding
//! (UTF-16 comes back as UTF-8; bytes that are not UTF-8 come back as U+FFFD, as the conversion warned). Any other
//! difference means the model dropped or changed something.

use std::fs;
use std::path::Path;

use crate::common::{corpus, exports_under, fixture_exports, run};

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
