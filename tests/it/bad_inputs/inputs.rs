//! Hostile and broken inputs beyond one file's bytes: archives (bombs, overlaps, duplicates, encryption), standard
//! input, special files in folders, and inputs that change while being read. Each case finishes in seconds; where
//! the failure was a hang or a bomb, the binary runs under a time limit and is killed past it.

use std::fs::{self, File};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use super::CHAT;
use crate::common::{cmd, run, run_with_stdin, zip_bytes};

/// Runs `command` (stdout and stderr to files, so a full pipe cannot stall it), killed after `limit`: its
/// output, or a panic saying it hung.
fn run_within(mut command: Command, limit: Duration, what: &str) -> Output {
    let dir = tempfile::tempdir().expect("temp");
    let (out, err) = (dir.path().join("out"), dir.path().join("err"));
    command
        .stdout(File::create(&out).expect("stdout file"))
        .stderr(File::create(&err).expect("stderr file"));
    let mut child = command.spawn().expect("spawn");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "{what}: still running after {limit:?}, killed; stderr: {}",
                fs::read_to_string(&err).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: fs::read(&out).expect("stdout"),
        stderr: fs::read(&err).expect("stderr"),
    }
}

/// The names of what `dir` holds.
fn names_in(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .expect("folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect()
}

/// The demo export, `D`.
fn demo() -> Vec<u8> {
    fs::read(crate::common::fixtures().join("demo/WhatsApp Chat with Copilot.txt")).expect("demo")
}

/// The central directory records of `zip`: (offset of the record, name).
fn central_records(zip: &[u8]) -> Vec<(usize, String)> {
    let end = zip.len() - 22;
    assert_eq!(&zip[end..end + 4], b"PK\x05\x06", "a zip without a comment");
    let u16_at = |at: usize| usize::from(u16::from_le_bytes([zip[at], zip[at + 1]]));
    let u32_at =
        |at: usize| u32::from_le_bytes([zip[at], zip[at + 1], zip[at + 2], zip[at + 3]]) as usize;
    let (count, mut at) = (u16_at(end + 10), u32_at(end + 16));
    let mut out = Vec::new();
    for _ in 0..count {
        let name_len = u16_at(at + 28);
        let name = String::from_utf8_lossy(&zip[at + 46..at + 46 + name_len]).into_owned();
        out.push((at, name));
        at += 46 + name_len + u16_at(at + 30) + u16_at(at + 32);
    }
    out
}

/// Makes `name`'s declared uncompressed size `size`, in its central record and its local header.
fn declare_size(zip: &mut [u8], name: &str, size: u32) {
    let records = central_records(zip);
    let (at, _) = records.iter().find(|(_, n)| n == name).expect("entry");
    zip[at + 24..at + 28].copy_from_slice(&size.to_le_bytes());
    let local = u32::from_le_bytes(zip[at + 42..at + 46].try_into().expect("4 bytes")) as usize;
    zip[local + 22..local + 26].copy_from_slice(&size.to_le_bytes());
}

/// `CHAT`, with every message's author numbered `n`, so that exports differ.
fn chat_of(n: usize) -> Vec<u8> {
    String::from_utf8_lossy(CHAT)
        .replace("Ana", &format!("Ana {n}"))
        .into_bytes()
}

/// Item 3: a zip that holds two `_chat.txt` is read, with a warning saying so and which one was read.
#[test]
fn a_zip_with_two_chat_texts_says_which_was_read() {
    let second = b"06/01/2025, 10:00 - Bob: the second one\n06/01/2025, 10:01 - Copilot: yes\n";
    let mut zip = zip_bytes(&[("_chat.txt", CHAT), ("_chat.txx", second)]);
    super::rename_in_zip(&mut zip, "_chat.txx", "_chat.txt");
    let dir = tempfile::tempdir().expect("temp");
    let input = dir.path().join("twice.zip");
    fs::write(&input, &zip).expect("write");
    let target = dir.path().join("out.json");
    let out = run(&[
        "convert",
        input.to_str().expect("utf-8"),
        "-o",
        target.to_str().expect("utf-8"),
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let said = "the zip holds 2 entries named '_chat.txt' (WhatsApp writes one); the last of them was read";
    assert!(err.contains(said), "{err}");
    let doc: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&target).expect("output")).expect("JSON");
    assert!(doc["warnings"].to_string().contains(said), "{doc}");
    assert_eq!(
        doc["messages"][0]["author"], "Bob",
        "the last entry was read"
    );
}

/// Item 5: an export opened (first pass), then changed, then read (second pass) fails, for a `.txt` and a zip.
#[test]
fn an_input_that_changes_between_the_passes_fails_instead_of_mixing_two_files() {
    type Change = fn(&Path);
    let cases: [(&str, &str, Change); 5] = [
        ("appended", "chat.txt", |p| {
            let mut f = fs::OpenOptions::new().append(true).open(p).expect("open");
            f.write_all(b"05/01/2025, 21:05 - Ana: more\n")
                .expect("append");
        }),
        ("truncated to nothing", "chat.txt", |p| {
            File::create(p).expect("truncate");
        }),
        ("rewritten in place, same size", "chat.txt", |p| {
            let mut bytes = fs::read(p).expect("read");
            let modified = fs::metadata(p).expect("meta").modified().expect("mtime");
            bytes
                .iter_mut()
                .filter(|b| **b == b'h')
                .for_each(|b| *b = b'H');
            let mut f = fs::OpenOptions::new().write(true).open(p).expect("open");
            f.write_all(&bytes).expect("rewrite");
            // The same second on a coarse clock must still read as a change.
            f.set_modified(modified + Duration::from_secs(60))
                .expect("set mtime");
        }),
        ("replaced by another file", "chat.txt", |p| {
            let other = p.with_extension("new");
            fs::write(&other, fs::read(p).expect("read")).expect("write");
            fs::rename(&other, p).expect("rename");
        }),
        ("a zip replaced by another", "chat.zip", |p| {
            let other = p.with_extension("new");
            fs::write(&other, zip_bytes(&[("_chat.txt", &chat_of(2))])).expect("write");
            fs::rename(&other, p).expect("rename");
        }),
    ];
    let reader = chatport::Reader::new(chatport::ReadOptions::default());
    for (what, name, change) in cases {
        let dir = tempfile::tempdir().expect("temp");
        let path = dir.path().join(name);
        let bytes = if name.ends_with(".zip") {
            zip_bytes(&[("_chat.txt", CHAT)])
        } else {
            CHAT.to_vec()
        };
        fs::write(&path, bytes).expect("write");
        let export = reader.open(&path).expect("first pass");
        change(&path);
        let got = export.messages(&mut |_| Ok(()));
        let err = got.expect_err(what).to_string();
        assert!(
            err.contains(name)
                && err.contains("changed while being converted")
                && err.contains("convert it again once nothing writes to it"),
            "{what}: {err}"
        );
    }
}

/// Item 7: a chat text that would expand like a bomb is refused from its declared sizes, before any of it is
/// written out, and nothing is left in the temporary folder.
#[test]
fn chat_texts_that_expand_like_bombs_are_refused_before_they_are_spooled() {
    let repeated = [CHAT, &vec![b'\n'; 20 << 20]].concat();
    let mut declared = zip_bytes(&[("_chat.txt", CHAT)]);
    declare_size(&mut declared, "_chat.txt", 0xFFFF_FF00);
    let mut lying = zip_bytes(&[("_chat.txt", &CHAT.repeat(1000))]);
    declare_size(&mut lying, "_chat.txt", 1000);
    // (name, zip, what stderr must hold)
    let cases: [(&str, Vec<u8>, &str); 3] = [
        (
            "ratio.zip",
            zip_bytes(&[("_chat.txt", &repeated)]),
            "more than 200:1: a zip bomb, not a WhatsApp export",
        ),
        (
            "declared.zip",
            declared,
            "holds '_chat.txt', which would expand to 4095 MB",
        ),
        (
            "lying.zip",
            lying,
            "larger than its declared uncompressed size",
        ),
    ];
    for (name, zip, say) in cases {
        let dir = tempfile::tempdir().expect("temp");
        let tmp = dir.path().join("tmp");
        fs::create_dir(&tmp).expect("tmp");
        let input = dir.path().join(name);
        fs::write(&input, zip).expect("write");
        let mut command = cmd();
        command
            .env("TMPDIR", &tmp)
            .args(["convert", input.to_str().expect("utf-8")]);
        let out = run_within(command, Duration::from_secs(20), name);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{name}: {err}");
        assert!(err.contains(say) && err.contains(name), "{name}: {err}");
        assert_eq!(
            names_in(&tmp),
            Vec::<String>::new(),
            "{name}: temporary files left"
        );
    }
}

/// Item 7: `.txt` entries tried by content (no entry has a chat's name) that expand like bombs are skipped with a
/// warning, not decompressed, and the chat among them is still found.
#[test]
fn txt_entries_tried_as_the_chat_are_bounded_like_the_chat() {
    let notes = zip_bytes(&[("notes.txt", &vec![b'\n'; 20 << 20])]);
    let mut notes = zip::ZipArchive::new(std::io::Cursor::new(notes)).expect("notes zip");
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("export.txt", zip::write::SimpleFileOptions::default())
        .expect("entry");
    zip.write_all(&demo()).expect("chat");
    for k in 0..20 {
        let raw = notes.by_index_raw(0).expect("raw");
        zip.raw_copy_file_rename(raw, format!("notes-{k:02}.txt"))
            .expect("copy");
    }
    let bytes = zip.finish().expect("zip").into_inner();
    let dir = tempfile::tempdir().expect("temp");
    let input = dir.path().join("many.zip");
    fs::write(&input, bytes).expect("write");
    let target = dir.path().join("out.json");
    let mut command = cmd();
    command.args([
        "convert",
        input.to_str().expect("utf-8"),
        "-o",
        target.to_str().expect("utf-8"),
    ]);
    let out = run_within(command, Duration::from_secs(20), "many.zip");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("'notes-00.txt' was not read as the chat text: it would expand to 20 MB from")
            && err.contains("more than 200:1 (a zip bomb?)"),
        "{err}"
    );
    let doc: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&target).expect("output")).expect("JSON");
    assert_eq!(doc["source"]["entry"], "export.txt");
}

/// Item 8: entries that share one compressed stream (each under the ratio rule) make the zip refused at open, as
/// malformed, and nothing is copied from it.
#[test]
fn a_zip_whose_entries_share_their_bytes_is_refused_and_nothing_is_copied() {
    let photo: Vec<u8> = (0..(1u32 << 20))
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let names: Vec<String> = (0..10).map(|k| format!("IMG-{k}.jpg")).collect();
    let mut entries: Vec<(&str, &[u8])> = vec![("_chat.txt", CHAT), (&names[0], &photo)];
    entries.extend(names[1..].iter().map(|n| (n.as_str(), &b"x"[..])));
    let mut zip = zip_bytes(&entries);
    // Every other photo's central record takes the first photo's sizes, checksum and local header.
    let records = central_records(&zip);
    let first = records
        .iter()
        .find(|(_, n)| *n == names[0])
        .expect("first")
        .0;
    let shared: Vec<u8> = [&zip[first + 8..first + 28], &zip[first + 42..first + 46]].concat();
    for (at, name) in &records {
        if name.starts_with("IMG-") && *name != names[0] {
            zip[at + 8..at + 28].copy_from_slice(&shared[..20]);
            zip[at + 42..at + 46].copy_from_slice(&shared[20..]);
        }
    }
    let dir = tempfile::tempdir().expect("temp");
    let input = dir.path().join("overlap.zip");
    fs::write(&input, zip).expect("write");
    let out_dir = dir.path().join("out");
    fs::create_dir(&out_dir).expect("out");
    let out = run(&[
        "convert",
        input.to_str().expect("utf-8"),
        "-o",
        out_dir.join("result.json").to_str().expect("utf-8"),
        "--media",
        "copy",
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("overlap.zip: is a malformed zip: entries 'IMG-")
            && err.contains("share their bytes, as in a zip bomb; it is not a WhatsApp export"),
        "{err}"
    );
    assert_eq!(names_in(&out_dir), Vec::<String>::new(), "nothing written");
}

/// Makes a FIFO at `path` with the `mkfifo` command.
#[cfg(unix)]
fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("the mkfifo command runs");
    assert!(ok.success(), "mkfifo {}", path.display());
}

/// Item 9: in a folder, what is not a regular file (FIFOs named like exports, a link to one) is skipped, and
/// `-v` says so; a link to a regular file is followed. Named on the command line, a FIFO, a socket or a device
/// is refused at once, saying what it is and what to pass instead.
#[cfg(unix)]
#[test]
fn fifos_sockets_and_devices_are_skipped_or_refused_never_read() {
    let dir = tempfile::tempdir().expect("temp");
    let folder = dir.path().join("exports");
    fs::create_dir(&folder).expect("folder");
    fs::write(folder.join("WhatsApp Chat with Copilot.txt"), demo()).expect("demo");
    let elsewhere = dir.path().join("kept.txt");
    fs::write(&elsewhere, chat_of(1)).expect("chat");
    std::os::unix::fs::symlink(&elsewhere, folder.join("linked.txt")).expect("link");
    for name in ["notes.txt", "_chat.txt", "a.zip"] {
        mkfifo(&folder.join(name));
    }
    std::os::unix::fs::symlink(folder.join("a.zip"), folder.join("fifo-link.zip")).expect("link");
    let out_dir = dir.path().join("out");
    let mut command = cmd();
    command.args([
        "convert",
        folder.to_str().expect("utf-8"),
        "-o",
        out_dir.to_str().expect("utf-8"),
        "-v",
    ]);
    let out = run_within(command, Duration::from_secs(20), "a folder of FIFOs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("2 converted, 0 failed"), "{err}");
    for name in ["notes.txt", "_chat.txt", "a.zip", "fifo-link.zip"] {
        let said = format!(
            "chatport: skipped {}: a FIFO (named pipe)",
            folder.join(name).display()
        );
        assert!(err.contains(&said), "{said}: {err}");
    }

    let fifo = folder.join("a.zip");
    let socket = dir.path().join("chat.sock");
    let _listener = std::os::unix::net::UnixListener::bind(&socket).expect("socket");
    let mut cases = vec![
        (
            fifo.clone(),
            "is a FIFO (named pipe), not a file; to read a stream, pass - and redirect it (chatport convert - < FILE)",
        ),
        (socket, "is a socket, not a file"),
    ];
    if Path::new("/dev/urandom").exists() {
        cases.push((
            "/dev/urandom".into(),
            "/dev/urandom: is a device, not a file",
        ));
    }
    for (path, say) in cases {
        let mut command = cmd();
        command.args(["convert", path.to_str().expect("utf-8")]);
        let out = run_within(command, Duration::from_secs(10), say);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{say}: {err}");
        assert!(err.contains(say), "{say}: {err}");
    }
}

/// Item 10: standard input is spooled only while it can be a chat: `/dev/zero` fails at once as binary data, a
/// stream of `a` with no line break at the line cap, having read about that much; nothing is left behind.
#[cfg(unix)]
#[test]
fn standard_input_is_spooled_only_while_it_can_be_a_chat() {
    let dir = tempfile::tempdir().expect("temp");
    let tmp = dir.path().join("tmp");
    fs::create_dir(&tmp).expect("tmp");
    let target = dir.path().join("out.json");
    let args = ["convert", "-", "-o", target.to_str().expect("utf-8")];

    let mut command = cmd();
    command
        .env("TMPDIR", &tmp)
        .args(args)
        .stdin(File::open("/dev/zero").expect("/dev/zero"));
    let out = run_within(command, Duration::from_secs(10), "/dev/zero on stdin");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("<stdin>: no WhatsApp message header found") && err.contains("binary data"),
        "{err}"
    );
    assert!(!target.exists());
    assert_eq!(names_in(&tmp), Vec::<String>::new());

    let mut child = cmd()
        .env("TMPDIR", &tmp)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    let feeder = std::thread::spawn(move || {
        let chunk = vec![b'a'; 1 << 20];
        let mut fed = 0u64;
        while fed < 640 << 20 && stdin.write_all(&chunk).is_ok() {
            fed += chunk.len() as u64;
        }
        fed
    });
    let started = Instant::now();
    let out = child.wait_with_output().expect("wait");
    let fed = feeder.join().expect("feeder");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("<stdin>:1: line longer than 256 MiB"), "{err}");
    assert!(
        fed < (256 + 32) << 20,
        "read {} MiB before stopping",
        fed >> 20
    );
    assert!(started.elapsed() < Duration::from_secs(60));
    assert_eq!(names_in(&tmp), Vec::<String>::new());
}

/// Item 13: a batch holds no file open between an export's two passes, so 300 zips convert under a limit of 64
/// open files (the chunk of exports prepared at once is 128).
#[cfg(unix)]
#[test]
fn a_batch_of_300_zips_converts_under_a_low_open_file_limit() {
    let dir = tempfile::tempdir().expect("temp");
    let (folder, out_dir, tmp) = (
        dir.path().join("in"),
        dir.path().join("out"),
        dir.path().join("tmp"),
    );
    fs::create_dir(&folder).expect("in");
    fs::create_dir(&tmp).expect("tmp");
    for n in 0..300 {
        let zip = zip_bytes(&[("_chat.txt", &chat_of(n))]);
        fs::write(folder.join(format!("WhatsApp Chat - Chat {n:03}.zip")), zip).expect("zip");
    }
    let mut command = Command::new("sh");
    command
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("LC_ALL", "C")
        .env("TMPDIR", &tmp)
        .stdin(Stdio::null())
        .args([
            "-c",
            "ulimit -n 64 && exec \"$0\" convert \"$1\" -o \"$2\" -f jsonl",
        ])
        .arg(env!("CARGO_BIN_EXE_chatport"))
        .arg(&folder)
        .arg(&out_dir);
    let out = run_within(command, Duration::from_secs(120), "300 zips");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("300 converted, 0 failed"), "{err}");
    assert_eq!(names_in(&tmp), Vec::<String>::new(), "spools left behind");
}

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

/// Item 22: messages that name the problem: a temporary folder that cannot be written (missing, or a write
/// refused), a file of only blank lines, a password-protected zip.
#[cfg(unix)]
#[test]
fn errors_name_the_real_problem() {
    let dir = tempfile::tempdir().expect("temp");
    let missing = dir.path().join("no-such-tmp");
    let zip = dir.path().join("chat.zip");
    fs::write(&zip, zip_bytes(&[("_chat.txt", CHAT)])).expect("zip");
    let in_tmp = format!(
        "cannot write its temporary copy in the temporary folder {}",
        missing.display()
    );
    let chat = CHAT.repeat(2000);
    // (what, the command, its standard input, what stderr must hold)
    let mut cases: Vec<(&str, Command, &[u8], String)> = Vec::new();
    let mut stdin = cmd();
    stdin.env("TMPDIR", &missing).args(["convert", "-"]);
    cases.push((
        "stdin, no temporary folder",
        stdin,
        CHAT,
        format!("<stdin>: {in_tmp}"),
    ));
    let mut zipped = cmd();
    zipped
        .env("TMPDIR", &missing)
        .args(["convert", zip.to_str().expect("utf-8")]);
    cases.push((
        "zip, no temporary folder",
        zipped,
        b"",
        format!("chat.zip: {in_tmp}"),
    ));
    // A write the system refuses (a file size limit: EFBIG where a full disk gives ENOSPC).
    let mut limited = Command::new("sh");
    limited
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .args(["-c", "trap '' XFSZ; ulimit -f 4 && exec \"$0\" convert -"])
        .arg(env!("CARGO_BIN_EXE_chatport"));
    cases.push((
        "stdin, a write refused",
        limited,
        &chat,
        "<stdin>: cannot write its temporary copy in the temporary folder ".into(),
    ));
    for (what, mut command, input, say) in cases {
        command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command.spawn().expect("spawn");
        let mut pipe = child.stdin.take().expect("stdin");
        let data = input.to_vec();
        let writer = std::thread::spawn(move || drop(pipe.write_all(&data)));
        let out = child.wait_with_output().expect("wait");
        let _ = writer.join();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{what}: {err}");
        assert!(
            err.contains(&say) && err.contains("TMPDIR"),
            "{what}: {err}"
        );
    }

    let blank = [b"\n".repeat(2 << 20), b"  \t\r\n".repeat(400_000)].concat();
    let out = run_with_stdin(&["convert", "-"], &blank);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("<stdin>: no WhatsApp message header found; the file holds only blank lines"),
        "{err}"
    );

    use zip::unstable::write::FileOptionsExt;
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .with_deprecated_encryption(b"secret")
        .expect("password");
    writer.start_file("_chat.txt", options).expect("entry");
    writer.write_all(CHAT).expect("write");
    let locked = dir.path().join("locked.zip");
    fs::write(&locked, writer.finish().expect("zip").into_inner()).expect("write");
    let out = run(&["convert", locked.to_str().expect("utf-8")]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("locked.zip: is a password-protected zip ('_chat.txt' is encrypted), and WhatsApp's exports never are"),
        "{err}"
    );
}
