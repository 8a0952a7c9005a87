//! Many exports at once, media copied out of zips, and files that are never lost: folders of exports made by the
//! tests, converted with the real binary.

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::common::{run, zip_bytes};

/// Writes a zip of `entries` at `path`.
fn make_zip(path: &Path, entries: &[(&str, &[u8])]) {
    fs::write(path, zip_bytes(entries)).expect("write zip");
}

fn chat(who: &str) -> String {
    format!(
        "05/01/2025, 21:03 - {who}: hello\n05/01/2025, 21:04 - Copilot: Hi {who}! How can I help?\n\
         05/01/2025, 21:05 - {who}: IMG-20250105-WA0001.jpg (file attached)\n"
    )
}

/// 20 exports: 14 .txt, 4 zips, and 2 broken ones (a zip cut short, a .txt named like an export with no header).
fn folder_of_twenty(root: &Path) {
    for i in 0..14 {
        let dir = root.join(format!("phone{}", i % 3));
        fs::create_dir_all(&dir).expect("mkdir");
        fs::write(
            dir.join(format!("WhatsApp Chat with Person {i}.txt")),
            chat(&format!("Person {i}")),
        )
        .expect("write");
    }
    for i in 14..18 {
        let entry = format!("WhatsApp Chat with Person {i}.txt");
        let text = chat(&format!("Person {i}"));
        make_zip(
            &root.join(format!("WhatsApp Chat - Person {i}.zip")),
            &[
                (entry.as_str(), text.as_bytes()),
                ("IMG-20250105-WA0001.jpg", b"\xff\xd8jpeg"),
            ],
        );
    }
    let good = root.join("WhatsApp Chat - Person 14.zip");
    let bytes = fs::read(&good).expect("zip");
    fs::write(root.join("cut.zip"), &bytes[..bytes.len() / 2]).expect("write cut zip");
    fs::write(
        root.join("WhatsApp Chat with Nobody.txt"),
        "just some notes\nno headers here\n",
    )
    .expect("write");
}

/// `chatport convert INPUT -o OUT EXTRA...`.
fn convert_into(input: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "convert",
        input.to_str().expect("utf-8"),
        "-o",
        out.to_str().expect("utf-8"),
    ];
    args.extend_from_slice(extra);
    run(&args)
}

/// The names in a folder, sorted.
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_folder_of_twenty_with_two_broken() {
    let tmp = tempfile::tempdir().expect("temp");
    let (input, out) = (tmp.path().join("in"), tmp.path().join("out"));
    folder_of_twenty(&input);
    let first = convert_into(&input, &out, &[]);
    assert_eq!(first.status.code(), Some(1), "{}", stderr(&first));
    let err = stderr(&first);
    assert!(err.contains("18 converted, 2 failed, 54 messages"), "{err}");
    assert!(
        err.contains("cut.zip: is a zip archive that cannot be read"),
        "{err}"
    );
    assert!(
        err.contains("WhatsApp Chat with Nobody.txt: no WhatsApp message header found"),
        "{err}"
    );
    let outputs: Vec<String> = names_in(&out)
        .into_iter()
        .filter(|n| n.ends_with(".json"))
        .collect();
    assert_eq!(outputs.len(), 18, "{outputs:?}");
    assert!(outputs.contains(&"Person 3.json".to_string()));
    // Media came out of the zips, linked from the output.
    assert!(
        out.join("Person 15/media/IMG-20250105-WA0001.jpg")
            .is_file()
    );
    let doc: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("Person 15.json")).expect("json"))
            .expect("JSON");
    assert_eq!(
        doc["messages"][2]["attachment"]["path"],
        "Person 15/media/IMG-20250105-WA0001.jpg"
    );
    assert_eq!(doc["source"]["entry"], "WhatsApp Chat with Person 15.txt");
    // A .txt whose media is not beside it gets a warning per file.
    let doc: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("Person 3.json")).expect("json"))
            .expect("JSON");
    let warnings = doc["warnings"].to_string();
    assert!(
        warnings.contains("'IMG-20250105-WA0001.jpg' is named here but is not in the export"),
        "{warnings}"
    );

    // Again without --force: nothing is overwritten.
    let before = fs::read(out.join("Person 3.json")).expect("read");
    let second = convert_into(&input, &out, &[]);
    assert_eq!(second.status.code(), Some(1));
    let err = stderr(&second);
    assert!(err.contains("0 converted, 20 failed"), "{err}");
    assert!(
        err.contains("Person 3.json: already exists; pass --force"),
        "{err}"
    );
    assert_eq!(fs::read(out.join("Person 3.json")).expect("read"), before);

    // With --force: converted again, the same bytes.
    let third = convert_into(&input, &out, &["--force"]);
    assert!(
        stderr(&third).contains("18 converted, 2 failed"),
        "{}",
        stderr(&third)
    );
    assert_eq!(fs::read(out.join("Person 3.json")).expect("read"), before);
}

#[test]
fn jobs_change_nothing_but_speed() {
    let tmp = tempfile::tempdir().expect("temp");
    let input = tmp.path().join("in");
    folder_of_twenty(&input);
    let mut trees = Vec::new();
    for jobs in ["1", "2", "4"] {
        let out = tmp.path().join(format!("out{jobs}"));
        let o = convert_into(&input, &out, &["-j", jobs, "-f", "json,markdown,chatgpt"]);
        assert_eq!(o.status.code(), Some(1));
        let mut files: Vec<(String, Vec<u8>)> = Vec::new();
        for e in walk(&out) {
            files.push((
                e.strip_prefix(&out).expect("prefix").display().to_string(),
                fs::read(&e).expect("read"),
            ));
        }
        files.sort();
        trees.push(files);
    }
    assert_eq!(trees[0].len(), 18 * 3 + 4);
    assert_eq!(trees[0], trees[1]);
    assert_eq!(trees[0], trees[2]);
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).expect("dir") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn same_chat_names_get_a_stable_suffix() {
    let tmp = tempfile::tempdir().expect("temp");
    let input = tmp.path().join("in");
    for (dir, text) in [("a", "hello"), ("b", "bonjour")] {
        fs::create_dir_all(input.join(dir)).expect("mkdir");
        fs::write(
            input.join(dir).join("WhatsApp Chat with Copilot.txt"),
            format!("05/01/2025, 21:03 - Ana: {text}\n05/01/2025, 21:04 - Copilot: hi\n"),
        )
        .expect("write");
    }
    let out = tmp.path().join("out");
    let o = convert_into(&input, &out, &["-q"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let names = names_in(&out);
    // The first in path order keeps the name; the other gets 8 hex digits of its hash, the same on every run.
    assert_eq!(names.len(), 2);
    assert!(names.contains(&"Copilot.json".to_string()), "{names:?}");
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("Copilot-") && n.len() == "Copilot-12345678.json".len()),
        "{names:?}"
    );
}

#[test]
fn zip_media_copied_safely() {
    let tmp = tempfile::tempdir().expect("temp");
    let zip = tmp.path().join("WhatsApp Chat - Copilot.zip");
    let chat = "[05/01/2025, 21:03:10] Sam: \u{200E}<attached: 00000002-PHOTO-2025-01-05-21-03-10.jpg>\n\
                [05/01/2025, 21:03:20] Copilot: Nice photo\n\
                [05/01/2025, 21:04:00] Sam: \u{200E}<attached: 00000004-AUDIO-2025-01-05-21-04-00.opus>\n";
    let zeros = vec![0u8; 20 << 20];
    let random: Vec<u8> = (0..(3u32 << 20))
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    make_zip(
        &zip,
        &[
            ("_chat.txt", chat.as_bytes()),
            ("00000002-PHOTO-2025-01-05-21-03-10.jpg", b"\xff\xd8jpeg"),
            (
                "00000009-PHOTO-2025-01-06-10-00-00.jpg",
                b"\xff\xd8unreferenced",
            ),
            ("../../escape.sh", b"echo pwned"),
            ("/abs/evil.sh", b"echo pwned"),
            ("@link:00000010-PHOTO-link.jpg", b"/etc/passwd"),
            ("bomb.bin", &zeros),
            ("big.mp4", &random),
            (
                "__MACOSX/._00000002-PHOTO-2025-01-05-21-03-10.jpg",
                b"\x00\x05",
            ),
        ],
    );
    let out = tmp.path().join("out");
    let o = convert_into(
        &zip,
        &out,
        &["-f", "json,markdown", "--max-media-size", "2"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let media = out.join("Copilot/media");
    let copied = names_in(&media);
    assert_eq!(
        copied,
        [
            "00000002-PHOTO-2025-01-05-21-03-10.jpg",
            "00000009-PHOTO-2025-01-06-10-00-00.jpg"
        ]
    );
    assert!(!tmp.path().join("escape.sh").exists() && !out.join("escape.sh").exists());
    let doc: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("Copilot.json")).expect("json"))
            .expect("JSON");
    let warnings: Vec<&str> = doc["warnings"]
        .as_array()
        .expect("warnings")
        .iter()
        .map(|w| w["message"].as_str().expect("message"))
        .collect();
    let expect = [
        "'../../escape.sh' is a path with '..'",
        "'/abs/evil.sh' is an absolute path",
        "'00000010-PHOTO-link.jpg' is a symbolic link in the zip",
        "'bomb.bin' would expand to 20 MB",
        "'big.mp4' would expand to 3 MB",
        "'00000004-AUDIO-2025-01-05-21-04-00.opus' is named here but is not in the export",
    ];
    for want in expect {
        assert!(
            warnings.iter().any(|w| w.contains(want)),
            "{want}: {warnings:?}"
        );
    }
    let md = fs::read_to_string(out.join("Copilot.md")).expect("markdown");
    assert!(md.contains("![00000002-PHOTO-2025-01-05-21-03-10.jpg](<Copilot/media/00000002-PHOTO-2025-01-05-21-03-10.jpg>)"), "{md}");

    let o = run(&["inspect", zip.to_str().expect("utf-8")]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("named by no message"), "{text}");
    assert!(
        text.contains("00000009-PHOTO-2025-01-06-10-00-00.jpg"),
        "{text}"
    );
}

#[test]
fn the_progress_bar_stays_off_a_pipe() {
    let tmp = tempfile::tempdir().expect("temp");
    let input = tmp.path().join("in");
    folder_of_twenty(&input);
    let out = tmp.path().join("out");
    let o = convert_into(&input, &out, &[]);
    let err = stderr(&o);
    assert!(
        !err.contains('\r') && !err.contains("exports ·") && !err.contains('\u{1b}'),
        "{err:?}"
    );
    let quiet = convert_into(&input, &out, &["-q", "--force"]);
    let err = stderr(&quiet);
    assert!(!err.contains("converted"), "{err}");
    assert!(
        err.contains("cut.zip"),
        "failures are still reported: {err}"
    );
}

#[test]
fn an_interrupted_write_leaves_no_partial_file() {
    let tmp = tempfile::tempdir().expect("temp");
    let input = tmp.path().join("big.txt");
    let mut text = String::new();
    for i in 0..400_000u32 {
        text.push_str(&format!(
            "05/01/2025, 21:{:02} - Ana: message number {i} with some text to make it longer\n",
            i % 60
        ));
    }
    fs::write(&input, text).expect("write");
    let out_dir = tmp.path().join("out");
    fs::create_dir(&out_dir).expect("mkdir");
    let target = out_dir.join("out.json");
    for signal in ["-INT", "-TERM", "-HUP", "-KILL"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_chatport"))
            .args([
                "convert",
                input.to_str().expect("utf-8"),
                "-o",
                target.to_str().expect("utf-8"),
                "--force",
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        // Signalled while its output is being written: once the temporary file is there (or the run is over).
        let started = std::time::Instant::now();
        while names_in(&out_dir).iter().all(|n| !n.ends_with(".tmp"))
            && child.try_wait().expect("wait").is_none()
            && started.elapsed().as_secs() < 30
        {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        let _ = Command::new("kill")
            .args([signal, &child.id().to_string()])
            .status();
        let status = child.wait().expect("wait");
        // Either the conversion finished (a whole file) or it did not (no file): never half of one.
        if target.exists() {
            let doc: serde_json::Value =
                serde_json::from_str(&fs::read_to_string(&target).expect("read"))
                    .expect("a complete JSON document");
            assert_eq!(doc["messages"].as_array().expect("messages").len(), 400_000);
            fs::remove_file(&target).expect("rm");
        }
        // Ctrl-C, SIGTERM and SIGHUP also remove the temporary file (a KILL cannot be caught: its leftover is
        // hidden and harmless).
        let code = match signal {
            "-INT" => Some(130),
            "-TERM" => Some(143),
            "-HUP" => Some(129),
            _ => None,
        };
        if code.is_some() && !status.success() {
            assert_eq!(status.code(), code, "{signal}: {status:?}");
            let leftovers = names_in(&out_dir);
            assert!(leftovers.is_empty(), "{leftovers:?}");
        }
    }
}

#[test]
fn inspect_searches_folders_too() {
    let tmp = tempfile::tempdir().expect("temp");
    let input = tmp.path().join("in");
    folder_of_twenty(&input);
    let out = run(&["inspect", input.to_str().expect("utf-8"), "--json"]);
    assert_eq!(out.status.code(), Some(1), "two broken exports");
    let reports: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let reports = reports.as_array().expect("array");
    assert_eq!(reports.len(), 20);
    assert_eq!(reports.iter().filter(|r| r["error"].is_string()).count(), 2);
}

/// Issue 16: in a folder, a `.txt` that is no export is skipped, counted and named (with -v); one named like an
/// export that cannot be read is a failure.
#[test]
fn files_that_are_not_exports_are_skipped_counted_and_named() {
    let tmp = tempfile::tempdir().expect("temp");
    let input = tmp.path().join("in");
    fs::create_dir(&input).expect("mkdir");
    fs::write(input.join("WhatsApp Chat with Ana.txt"), chat("Ana")).expect("write");
    fs::write(input.join("notes.txt"), "shopping list\n- eggs\n").expect("write");
    fs::write(input.join("todo.txt"), "call Bob\n").expect("write");
    fs::write(
        input.join("WhatsApp Chat with Bob.txt"),
        "not a chat at all\n",
    )
    .expect("write");
    let out = tmp.path().join("out");
    let o = convert_into(&input, &out, &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("1 converted, 1 failed, 2 skipped (not WhatsApp exports; -v lists them)"),
        "{err}"
    );
    assert!(err.contains("WhatsApp Chat with Bob.txt"), "{err}");
    assert!(!err.contains("notes.txt"), "named only with -v: {err}");
    let o = convert_into(&input, &out, &["-v", "--force"]);
    let err = stderr(&o);
    for name in ["notes.txt", "todo.txt"] {
        assert!(
            err.contains(&format!(
                "{name}: not a WhatsApp export (no message headers in its first 64 KB)"
            )),
            "{name}: {err}"
        );
    }
    assert!(err.contains("2 skipped (not WhatsApp exports),"), "{err}");
}

/// Issue 16: without -v, a batch shows each export's warning count and how its file was read (the first pass's
/// warnings first), not just a total; -q shows none.
#[test]
fn a_batch_shows_each_exports_main_warnings() {
    let tmp = tempfile::tempdir().expect("temp");
    let input = tmp.path().join("in");
    fs::create_dir(&input).expect("mkdir");
    fs::write(
        input.join("WhatsApp Chat with Ana.txt"),
        "My notes\n05/01/2025, 21:03 - Ana: hi\n05/01/2025, 21:04 - Copilot: hello\n",
    )
    .expect("write");
    let out = tmp.path().join("out");
    let o = convert_into(&input, &out, &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    let lines: Vec<&str> = err.lines().collect();
    let file = input
        .join("WhatsApp Chat with Ana.txt")
        .display()
        .to_string();
    assert_eq!(
        lines[0],
        format!("chatport: warning: {file}: 2 warnings"),
        "{err}"
    );
    assert!(
        lines[1].starts_with(&format!(
            "chatport: warning: {file}:2: the day/month order cannot be told"
        )),
        "the dialect first: {err}"
    );
    assert!(
        lines[2].starts_with(&format!(
            "chatport: warning: {file}:1: 1 line before the first message header"
        )),
        "{err}"
    );
    let quiet = convert_into(&input, &out, &["-q", "--force"]);
    assert_eq!(stderr(&quiet), "");
}

/// Issue 19: `-v` prints a line per export in input order, whichever finishes first, the same on every run.
#[test]
fn verbose_lines_come_in_input_order() {
    let tmp = tempfile::tempdir().expect("temp");
    let input = tmp.path().join("in");
    folder_of_twenty(&input);
    let out = tmp.path().join("out");
    let mut seen = Vec::new();
    for run in 0..2 {
        let mut args = vec!["-v", "-j", "4"];
        if run > 0 {
            args.push("--force");
        }
        let o = convert_into(&input, &out, &args);
        let err = stderr(&o);
        let firsts: Vec<String> = err
            .lines()
            .filter(|l| l.contains(" → ") || l.starts_with("chatport: failed: "))
            .map(|l| {
                let rest = l
                    .trim_start_matches("chatport: failed: ")
                    .trim_start_matches("chatport: ");
                let end = rest
                    .find(" → ")
                    .or_else(|| rest.find(": "))
                    .unwrap_or(rest.len());
                rest[..end].to_string()
            })
            .collect();
        assert_eq!(firsts.len(), 20, "{err}");
        let mut sorted = firsts.clone();
        sorted.sort();
        assert_eq!(firsts, sorted, "{err}");
        seen.push(firsts);
    }
    assert_eq!(seen[0], seen[1]);
}

/// Issue 19: a rerun with --skip-existing leaves what is there, converts only what is new, and exits 0; without
/// it the no-overwrite default still refuses.
#[test]
fn a_rerun_with_skip_existing_goes_on() {
    let tmp = tempfile::tempdir().expect("temp");
    let input = tmp.path().join("in");
    fs::create_dir(&input).expect("mkdir");
    for who in ["Ana", "Bob", "Cy"] {
        fs::write(
            input.join(format!("WhatsApp Chat with {who}.txt")),
            chat(who),
        )
        .expect("write");
    }
    let out = tmp.path().join("out");
    let first = convert_into(&input, &out, &["-f", "json,markdown"]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let before = fs::read(out.join("Ana.json")).expect("output");
    fs::write(input.join("WhatsApp Chat with Dee.txt"), chat("Dee")).expect("write");
    let again = convert_into(&input, &out, &["-f", "json,markdown", "--skip-existing"]);
    let err = stderr(&again);
    assert_eq!(again.status.code(), Some(0), "{err}");
    assert!(
        err.contains("1 converted, 0 failed, 3 already there (--skip-existing)"),
        "{err}"
    );
    assert!(out.join("Dee.md").is_file());
    assert_eq!(fs::read(out.join("Ana.json")).expect("output"), before);
    let refused = convert_into(&input, &out, &["-f", "json,markdown"]);
    assert_eq!(refused.status.code(), Some(1));
    let both = convert_into(&input, &out, &["--skip-existing", "--force"]);
    assert_eq!(both.status.code(), Some(2), "the two flags conflict");
    // A single output that is there: skipped, exit 0.
    let single = crate::common::run(&[
        "convert",
        input
            .join("WhatsApp Chat with Ana.txt")
            .to_str()
            .expect("utf-8"),
        "-o",
        out.join("Ana.json").to_str().expect("utf-8"),
        "--skip-existing",
    ]);
    assert_eq!(single.status.code(), Some(0), "{}", stderr(&single));
    assert!(stderr(&single).contains("is there already (--skip-existing)"));
}

/// Issue 19: --report writes one entry per export (input, outputs, status, counts, error) and the totals, for a
/// script to read; `-` is standard output when the outputs go to files.
#[test]
fn the_run_report_says_what_happened_to_each_export() {
    let tmp = tempfile::tempdir().expect("temp");
    let input = tmp.path().join("in");
    folder_of_twenty(&input);
    let out = tmp.path().join("out");
    let report = tmp.path().join("run.json");
    let o = convert_into(&input, &out, &["--report", report.to_str().expect("utf-8")]);
    assert_eq!(o.status.code(), Some(1), "two of the twenty are broken");
    let doc: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&report).expect("report")).expect("JSON");
    assert_eq!(doc["schema"], "chatport-report/1");
    let exports = doc["exports"].as_array().expect("exports");
    assert_eq!(exports.len(), 20);
    let status = |s: &str| exports.iter().filter(|e| e["status"] == s).count();
    assert_eq!((status("converted"), status("failed")), (18, 2));
    assert_eq!(doc["totals"]["converted"], 18);
    let failed = exports
        .iter()
        .find(|e| e["status"] == "failed")
        .expect("a failure");
    assert!(failed["error"].as_str().is_some_and(|e| !e.is_empty()));
    let converted = exports
        .iter()
        .find(|e| e["status"] == "converted")
        .expect("one");
    let first = converted["outputs"][0].as_str().expect("an output");
    assert!(Path::new(first).is_file(), "{first}");
    // Again, to standard output, with --skip-existing: the same exports, now skipped.
    let again = convert_into(&input, &out, &["--skip-existing", "--report", "-"]);
    let doc: serde_json::Value =
        serde_json::from_slice(&again.stdout).expect("the report on stdout");
    assert_eq!(doc["totals"]["skipped"], 18, "{doc}");
}

/// Issue 19: a folder the run made is removed again when every export failed (it would be empty).
#[test]
fn a_folder_made_for_nothing_is_removed() {
    let tmp = tempfile::tempdir().expect("temp");
    let input = tmp.path().join("in");
    fs::create_dir(&input).expect("mkdir");
    fs::write(
        input.join("WhatsApp Chat with Bob.txt"),
        "not a chat at all\n",
    )
    .expect("write");
    let out = tmp.path().join("new/out");
    let o = convert_into(&input, &out, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(!out.exists(), "the empty folder is gone");
    // One the user made stays.
    fs::create_dir_all(&out).expect("mkdir");
    let o = convert_into(&input, &out, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(out.is_dir());
}
