//! Behaviour of the real binary: inputs (file, stdin), outputs (stdout, files, --force), exit codes, errors
//! for bad input, broken pipes.

use std::fs;
use std::io::Read;
use std::process::Stdio;

use crate::common::{cmd, fixtures, run, run_with_stdin};

const CHAT: &str = "23/03/2022, 13:31 - Priya: Hello\n23/03/2022, 13:32 - Tom: Hi\nsecond line\n";

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

/// Writes `bytes` as `chat.txt` in `dir` and returns its path.
fn chat_file(dir: &tempfile::TempDir, bytes: impl AsRef<[u8]>) -> std::path::PathBuf {
    let path = dir.path().join("chat.txt");
    fs::write(&path, bytes).expect("write chat.txt");
    path
}

#[test]
fn bad_inputs_give_one_clear_error_and_exit_1() {
    let dir = temp();
    // (name, bytes, text the error must contain)
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "empty.txt",
            vec![],
            "no WhatsApp message header found; the file is empty",
        ),
        (
            "blank.txt",
            b"\n  \n\t\n".to_vec(),
            "no WhatsApp message header found; the file holds only blank lines",
        ),
        (
            "binary.txt",
            vec![0, 159, 146, 150, 0, 1, 2, 3, 255, 10, 0, 0],
            "binary data",
        ),
        (
            "README.md",
            b"# My project\n\nSome text 12:30.\n".to_vec(),
            "first line: '# My project'",
        ),
        (
            "image.txt",
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(),
            "is a PNG image",
        ),
        (
            "chat.zip",
            b"PK\x03\x04rest of a zip".to_vec(),
            "is a zip archive",
        ),
        ("long.txt", vec![b'a'; 50 << 20], "first line: 'aaaa"),
    ];
    for (name, bytes, want) in cases {
        let path = dir.path().join(name);
        fs::write(&path, bytes).expect("write");
        let out = run(&["convert", path.to_str().expect("utf-8")]);
        assert_eq!(out.status.code(), Some(1), "{name}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.starts_with(&format!("chatport: {}", path.display())),
            "{name}: {err}"
        );
        assert!(err.contains(want), "{name}: {err:?} lacks {want:?}");
        assert!(out.stdout.is_empty(), "{name}: wrote output");
        assert!(!err.contains("panicked"), "{name}: {err}");
    }
}

#[test]
fn missing_files_and_directories_are_named() {
    let out = run(&["convert", "no/such/file.txt"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("no/such/file.txt: no such file"),
        "{}",
        stderr(&out)
    );
    // A folder is searched for exports, and its outputs go into a folder.
    let dir = temp();
    let empty = dir.path().to_str().expect("utf-8");
    let out = run(&["convert", empty]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("pass -o DIR"), "{}", stderr(&out));
    let target = dir.path().join("out");
    let out = run(&["convert", empty, "-o", target.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("is a folder with no WhatsApp export in it"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["convert"][..],
        &["convert", "x.txt", "--date-order", "dym"],
        &["frobnicate"],
        &["inspect"],
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
    }
    let dir = temp();
    let input = chat_file(&dir, CHAT);
    let out = run(&[
        "convert",
        input.to_str().expect("utf-8"),
        "-o",
        input.to_str().expect("utf-8"),
        "--force",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("would replace the input"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        fs::read_to_string(&input).expect("read"),
        CHAT,
        "the input is never modified"
    );
}

#[test]
fn help_and_version() {
    for args in [
        &["--help"][..],
        &["convert", "--help"],
        &["inspect", "--help"],
    ] {
        let out = run(args);
        assert!(out.status.success());
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("Example"),
            "{args:?}"
        );
    }
    let out = run(&["--version"]);
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("chatport "));
}

#[test]
fn stdin_gives_the_same_messages_as_a_file() {
    let out = run_with_stdin(&["convert", "-", "-f", "jsonl"], CHAT.as_bytes());
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        text,
        "{\"line\":1,\"time\":\"2022-03-23T13:31:00\",\"author\":\"Priya\",\"role\":\"user\",\"kind\":\"text\",\"text\":\"Hello\"}\n\
         {\"line\":2,\"time\":\"2022-03-23T13:32:00\",\"author\":\"Tom\",\"role\":\"user\",\"kind\":\"text\",\"text\":\"Hi\\nsecond line\"}\n"
    );
    let out = run_with_stdin(&["convert", "-"], CHAT.as_bytes());
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(doc["source"]["name"], "-");
    assert_eq!(doc["title"], "Priya & Tom");
}

#[test]
fn output_files_are_never_overwritten_without_force() {
    let dir = temp();
    let input = chat_file(&dir, CHAT);
    let output = dir.path().join("out.jsonl");
    let args = [
        "convert",
        input.to_str().expect("utf-8"),
        "-o",
        output.to_str().expect("utf-8"),
    ];
    assert!(run(&args).status.success());
    assert_eq!(
        fs::read_to_string(&output).expect("read").lines().count(),
        2,
        "-o .jsonl picks JSON Lines"
    );

    fs::write(&output, "precious").expect("write");
    let out = run(&args);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("already exists; pass --force"),
        "{}",
        stderr(&out)
    );
    assert_eq!(fs::read_to_string(&output).expect("read"), "precious");

    let out = run(&[&args[..], &["--force"]].concat());
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        fs::read_to_string(&output).expect("read").lines().count(),
        2
    );
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .expect("list")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn output_in_a_missing_directory_fails_cleanly() {
    let dir = temp();
    let input = chat_file(&dir, CHAT);
    let out = run(&[
        "convert",
        input.to_str().expect("utf-8"),
        "-o",
        dir.path().join("nope/out.json").to_str().expect("utf-8"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("nope/out.json: cannot write"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_failed_conversion_leaves_no_partial_file() {
    let dir = temp();
    let input = dir.path().join("empty.txt");
    fs::write(&input, "").expect("write");
    let output = dir.path().join("out.json");
    let out = run(&[
        "convert",
        input.to_str().expect("utf-8"),
        "-o",
        output.to_str().expect("utf-8"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        fs::read_dir(dir.path()).expect("list").count(),
        1,
        "only the input remains"
    );
}

#[test]
fn utf16_without_bom_converts_with_a_warning() {
    let dir = temp();
    let bytes: Vec<u8> = CHAT.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let input = chat_file(&dir, bytes);
    let out = run(&["convert", input.to_str().expect("utf-8")]);
    assert!(out.status.success(), "{}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(doc["messages"].as_array().map(Vec::len), Some(2));
    assert!(
        doc["warnings"][0]["message"]
            .as_str()
            .unwrap_or("")
            .contains("UTF-16LE")
    );
    assert!(
        stderr(&out).contains("warning"),
        "warnings are also printed"
    );
}

#[test]
fn a_huge_message_line_is_kept_whole() {
    let dir = temp();
    let body = "x".repeat(50 << 20);
    let input = chat_file(
        &dir,
        format!("23/03/2022, 13:31 - Priya: {body}\n23/03/2022, 13:32 - Tom: ok\n"),
    );
    let out = run(&["convert", "-f", "jsonl", input.to_str().expect("utf-8")]);
    assert!(out.status.success(), "{}", stderr(&out));
    let first: serde_json::Value =
        serde_json::from_slice(out.stdout.split(|b| *b == b'\n').next().expect("a line"))
            .expect("JSON");
    assert_eq!(first["text"].as_str().map(str::len), Some(50 << 20));
}

#[test]
fn inspect_reports_every_input_and_fails_if_one_fails() {
    let dir = temp();
    let bad = dir.path().join("bad.txt");
    fs::write(&bad, "nothing here").expect("write");
    let demo = fixtures().join("demo/WhatsApp Chat with Copilot.txt");
    let out = run(&[
        "inspect",
        "--json",
        demo.to_str().expect("utf-8"),
        bad.to_str().expect("utf-8"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let reports: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(reports[0]["messages"], 40);
    assert_eq!(reports[0]["dialect"]["date_order"], "dmy");
    assert_eq!(reports[0]["dialect"]["confidence"], "certain");
    assert_eq!(reports[0]["participants"][1]["name"], "Copilot");
    assert!(
        reports[1]["error"]
            .as_str()
            .unwrap_or("")
            .contains("no WhatsApp message header")
    );

    let out = run(&["inspect", demo.to_str().expect("utf-8")]);
    let text = String::from_utf8_lossy(&out.stdout);
    for want in [
        "platform      android",
        "date order    dmy (certain",
        "messages      40",
        "Copilot (18)",
    ] {
        assert!(text.contains(want), "{want:?} missing in:\n{text}");
    }
}

#[test]
fn date_order_can_be_forced() {
    let out = run_with_stdin(
        &["convert", "-", "-f", "jsonl", "--date-order", "mdy"],
        b"01/02/2023, 10:00 - a: x\n",
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("2023-01-02T10:00:00"));
    let out = run_with_stdin(
        &["inspect", "--json", "-", "--date-order", "dmy"],
        b"01/02/2023, 10:00 - a: x\n",
    );
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(
        (
            r[0]["dialect"]["confidence"].as_str(),
            r[0]["first"].as_str()
        ),
        (Some("forced"), Some("2023-02-01T10:00:00"))
    );
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let dir = temp();
    let mut text = String::new();
    for i in 0..100_000 {
        text.push_str(&format!("23/03/2022, 13:31 - Priya: message number {i}\n"));
    }
    let input = chat_file(&dir, text);
    // One thread, and reading beside writing (where the writer's failure must stop the reader).
    for jobs in ["1", "2"] {
        let mut child = cmd()
            .args(["convert", "--jobs", jobs, input.to_str().expect("utf-8")])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        let mut stdout = child.stdout.take().expect("stdout");
        let mut head = [0u8; 100];
        stdout.read_exact(&mut head).expect("some output");
        drop(stdout);
        let out = child.wait_with_output().expect("wait");
        assert_eq!(
            out.status.code(),
            Some(0),
            "--jobs {jobs}: {}",
            stderr(&out)
        );
        assert!(out.stderr.is_empty(), "--jobs {jobs}: {}", stderr(&out));
    }
}

/// Reading on a second thread (`--jobs 2`) hands the writers the same messages as one thread: byte for byte, in
/// every format, over many batches of messages, with the same warnings.
#[test]
fn two_threads_write_what_one_thread_writes() {
    let dir = temp();
    let mut text = String::new();
    for i in 0..3000 {
        let day = i / 100 % 28 + 1;
        match i % 7 {
            0 => text.push_str(&format!(
                "{day:02}/03/2022, 13:31 - Priya: line {i}\nand another\n\n"
            )),
            1 => text.push_str(&format!(
                "{day:02}/03/2022, 13:32 - Copilot: IMG-{i}.jpg (file attached)\n"
            )),
            2 => text.push_str(&format!(
                "{day:02}/03/2022, 13:33 - Copilot: This message was deleted\n"
            )),
            3 => text.push_str(&format!("{day:02}/03/2022, 13:34 - Priya added Tom\n")),
            4 => text.push_str(&format!("31/02/2022, 13:35 - Priya: impossible date {i}\n")),
            5 => text.push_str(&format!(
                "{day:02}/03/2022, 13:36 - Tom: edited {i} <This message was edited>\n"
            )),
            _ => text.push_str(&format!(
                "{day:02}/03/2022, 13:37 - Copilot: {}\n",
                "long answer ".repeat(i % 50)
            )),
        }
    }
    let input = chat_file(&dir, text);
    let input = input.to_str().expect("utf-8");
    for format in ["json", "jsonl", "markdown", "chatgpt", "whatsapp"] {
        let outputs = ["1", "2"].map(|jobs| {
            let output = dir.path().join(format!("out-{jobs}.{format}"));
            let out = run(&[
                "convert",
                "--force",
                "--tz",
                "UTC",
                "-f",
                format,
                "--jobs",
                jobs,
                input,
                "-o",
                output.to_str().expect("utf-8"),
            ]);
            assert!(
                out.status.success(),
                "{format} --jobs {jobs}: {}",
                stderr(&out)
            );
            // The closing line names the output, which differs: compare the rest.
            let err = stderr(&out).replace(&format!("out-{jobs}."), "out.");
            (fs::read(&output).expect("output"), err)
        });
        assert!(
            outputs[0] == outputs[1],
            "{format}: --jobs 1 and --jobs 2 differ"
        );
    }
}

#[test]
fn assistant_and_me_are_chosen_by_name() {
    let dir = temp();
    let path = chat_file(&dir, CHAT);
    let path = path.to_str().expect("utf-8 path");
    // Nobody is a known AI contact: no assistant, everyone a user.
    let out = run(&["convert", path]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(doc["assistant"], serde_json::Value::Null);
    // Names match ignoring case; the roles follow.
    let out = run(&["convert", path, "--assistant", "tom", "--me", "PRIYA"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(doc["assistant"]["name"], "Tom");
    assert_eq!(doc["participants"][0]["me"], true);
    assert_eq!(doc["participants"][1]["role"], "assistant");
    let roles: Vec<&str> = doc["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .map(|m| m["role"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(roles, ["user", "assistant"]);
    // A name that is nobody: exit 1, and the error lists who is there.
    let out = run(&["convert", path, "--assistant", "Copilot"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("--assistant 'Copilot' names nobody"), "{err}");
    assert!(err.contains("Priya, Tom"), "{err}");
}

#[test]
fn inspect_counts_kinds_and_names_the_assistant() {
    let dir = temp();
    let path = chat_file(
        &dir,
        "23/03/2022, 13:31 - Priya: Hello\n\
         23/03/2022, 13:32 - Copilot: <Media omitted>\n\
         23/03/2022, 13:33 - Priya: This message was deleted\n\
         23/03/2022, 13:34 - Priya changed the subject to \"Notes\"\n",
    );
    let out = run(&["inspect", path.to_str().expect("utf-8 path")]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("kinds         text 1, media 1, deleted 1, system 1"),
        "{text}"
    );
    assert!(
        text.contains("assistant     Copilot (a known AI contact name)"),
        "{text}"
    );
    assert!(text.contains("title         Notes"), "{text}");
    let out = run(&["inspect", "--json", path.to_str().expect("utf-8 path")]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(doc[0]["kinds"]["media"], 1);
    assert_eq!(doc[0]["assistant"]["name"], "Copilot");
}

#[cfg(unix)]
#[test]
fn outputs_are_ordinary_files_and_a_replaced_file_keeps_its_mode() {
    use std::os::unix::fs::PermissionsExt;
    let dir = temp();
    let input = chat_file(&dir, "01/02/2025, 09:00 - Ana: hi\n");
    let out = dir.path().join("out.json");
    let mode = |p: &std::path::Path| fs::metadata(p).expect("exists").permissions().mode() & 0o777;
    assert!(
        run(&[
            "convert",
            input.to_str().unwrap(),
            "-o",
            out.to_str().unwrap()
        ])
        .status
        .success()
    );
    // A new output gets 0666 less the umask (Linux shows the umask in /proc), not a temporary file's 0600.
    let umask = fs::read_to_string("/proc/self/status").ok().and_then(|s| {
        let line = s.lines().find(|l| l.starts_with("Umask:"))?;
        u32::from_str_radix(line.trim_start_matches("Umask:").trim(), 8).ok()
    });
    if let Some(umask) = umask {
        assert_eq!(mode(&out), 0o666 & !umask);
    }
    fs::set_permissions(&out, fs::Permissions::from_mode(0o640)).unwrap();
    let args = [
        "convert",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--force",
    ];
    assert!(run(&args).status.success());
    assert_eq!(mode(&out), 0o640);
}

/// Issue 19: a single-file convert ends with one line saying what was written and what to do with it; not with -q.
#[test]
fn a_single_convert_says_what_it_wrote() {
    let dir = tempfile::tempdir().expect("temp");
    let demo = crate::common::fixtures().join("demo/WhatsApp Chat with Copilot.txt");
    let out = dir.path().join("conversations.json");
    let o = run(&[
        "convert",
        demo.to_str().expect("utf-8"),
        "--tz",
        "UTC",
        "-o",
        out.to_str().expect("utf-8"),
    ]);
    let err = stderr(&o);
    let last = err.lines().last().unwrap_or_default();
    assert!(
        last.starts_with(&format!("chatport: wrote {}: ", out.display()))
            && last.contains(" conversations, 37 messages; import it in Open WebUI (Settings → Data Controls → Import Chats)"),
        "{err}"
    );
    let q = run(&[
        "convert",
        demo.to_str().expect("utf-8"),
        "-q",
        "--force",
        "-o",
        out.to_str().expect("utf-8"),
    ]);
    assert_eq!(stderr(&q), "");
}

/// Issue 19: completion scripts for every shell (bash's parses with `bash -n`) and a manual page in roff.
#[test]
fn completions_and_the_manual_page() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let o = run(&["completions", shell]);
        assert_eq!(o.status.code(), Some(0), "{shell}: {}", stderr(&o));
        assert!(
            String::from_utf8_lossy(&o.stdout).contains("chatport"),
            "{shell}"
        );
        if shell == "bash" {
            let dir = tempfile::tempdir().expect("temp");
            let script = dir.path().join("chatport.bash");
            std::fs::write(&script, &o.stdout).expect("write");
            let checked = std::process::Command::new("bash")
                .arg("-n")
                .arg(&script)
                .status();
            assert!(
                checked.is_ok_and(|s| s.success()),
                "bash -n rejects the script"
            );
        }
    }
    let man = run(&["man"]);
    assert_eq!(man.status.code(), Some(0));
    let text = String::from_utf8_lossy(&man.stdout);
    assert!(text.contains(".TH chatport 1"), "{text}");
    assert!(text.contains("convert") && text.contains("inspect"));
    let bad = run(&["completions", "cmd.exe"]);
    assert_eq!(bad.status.code(), Some(2));
}

/// Issue 19: values are case-insensitive where no meaning is lost, and a bare duration is a gap split.
#[test]
fn values_ignore_case_and_a_duration_is_a_gap() {
    let demo = crate::common::fixtures().join("demo/WhatsApp Chat with Copilot.txt");
    let demo = demo.to_str().expect("utf-8");
    let shouted = run(&[
        "convert",
        demo,
        "-f",
        "ChatGPT",
        "--date-order",
        "DMY",
        "--split",
        "6h",
        "--tz",
        "UTC",
        "-q",
    ]);
    let plain = run(&[
        "convert",
        demo,
        "-f",
        "chatgpt",
        "--date-order",
        "dmy",
        "--split",
        "gap:6h",
        "--tz",
        "UTC",
        "-q",
    ]);
    assert_eq!(shouted.status.code(), Some(0), "{}", stderr(&shouted));
    assert_eq!(shouted.stdout, plain.stdout);
}

/// Issue 19: `--tz europe/paris` is Europe/Paris; `--tz Paris` is a usage error that names the zone meant.
#[test]
fn a_zone_ignores_case_and_a_city_suggests_its_name() {
    let demo = crate::common::fixtures().join("demo/WhatsApp Chat with Copilot.txt");
    let demo = demo.to_str().expect("utf-8");
    let by = |tz: &str| run(&["convert", demo, "-f", "chatgpt", "--tz", tz, "-q"]);
    let (lower, exact) = (by("europe/paris"), by("Europe/Paris"));
    assert_eq!(lower.status.code(), Some(0), "{}", stderr(&lower));
    assert_eq!(lower.stdout, exact.stdout);
    let cases = [
        ("Paris", "did you mean Europe/Paris?"),
        ("new york", "did you mean America/New_York?"),
        ("Asia/Calcuta", "did you mean Asia/Calcutta?"),
    ];
    for (tz, hint) in cases {
        let o = by(tz);
        assert_eq!(o.status.code(), Some(2), "{tz}");
        let err = stderr(&o);
        assert!(
            err.contains(&format!("'{tz}' is not a time zone; {hint}")),
            "{tz}: {err}"
        );
    }
}

/// Issue 19: an input with `*` or `?` that names no file is expanded as a glob (Windows shells pass them on);
/// one that names a file is that file.
#[test]
fn an_unexpanded_pattern_is_expanded() {
    let dir = tempfile::tempdir().expect("temp");
    let demo = std::fs::read(crate::common::fixtures().join("demo/WhatsApp Chat with Copilot.txt"))
        .expect("demo");
    for name in ["a.txt", "b.txt", "[odd] name?.txt"] {
        std::fs::write(dir.path().join(name), &demo).expect("write");
    }
    std::fs::write(dir.path().join("notes.md"), "x").expect("write");
    let out = dir.path().join("out");
    let pattern = dir.path().join("?.txt");
    let o = run(&[
        "convert",
        pattern.to_str().expect("utf-8"),
        "-o",
        out.to_str().expect("utf-8"),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("2 converted, 0 failed"),
        "{}",
        stderr(&o)
    );
    let literal = dir.path().join("[odd] name?.txt");
    let o = run(&["convert", literal.to_str().expect("utf-8"), "-f", "jsonl"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let none = dir.path().join("*.zip");
    let o = run(&["convert", none.to_str().expect("utf-8")]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("*.zip: no file matches this pattern"),
        "{}",
        stderr(&o)
    );
    // As a shell's `*`: hidden files are left out, and so is the output folder, run after run.
    std::fs::write(dir.path().join(".notes.txt"), "not an export").expect("write");
    std::fs::remove_file(dir.path().join("notes.md")).expect("remove");
    let every = dir.path().join("*");
    let out = dir.path().join("out");
    for _ in 0..2 {
        let o = run(&[
            "convert",
            every.to_str().expect("utf-8"),
            "-f",
            "jsonl",
            "-o",
            out.to_str().expect("utf-8"),
            "--skip-existing",
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert!(!stderr(&o).contains("out/"), "{}", stderr(&o));
    }
}

/// Issue 19: a PDF, a Word document, a web page or an image given as an export is named, with how to get the
/// real export.
#[test]
fn a_file_that_is_no_export_is_named_with_how_to_get_one() {
    let dir = tempfile::tempdir().expect("temp");
    let docx = crate::common::zip_bytes(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("word/document.xml", b"<w:document/>"),
    ]);
    let cases: [(&str, &[u8], &str); 6] = [
        ("chat.pdf", b"%PDF-1.7\n%\xe2\xe3\n", "a PDF document"),
        ("chat.docx", &docx, "a Word document"),
        (
            "chat.html",
            b"<!DOCTYPE html>\n<html><body>Ana: hi</body></html>",
            "a web page (HTML)",
        ),
        ("photo.jpg", b"\xFF\xD8\xFF\xE0\0\x10JFIF", "a JPEG image"),
        (
            "conversations.json",
            b"[{\"title\": \"Copilot\"}]",
            "JSON that chatport did not write",
        ),
        (
            "voice.opus",
            b"OggS\0\x02\0\0",
            "an Ogg audio or video file",
        ),
    ];
    for (name, bytes, what) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).expect("write");
        let o = run(&["convert", path.to_str().expect("utf-8")]);
        assert_eq!(o.status.code(), Some(1), "{name}");
        let err = stderr(&o);
        assert!(err.contains(&format!("{name}: is {what}")), "{name}: {err}");
        assert!(err.contains("not a WhatsApp chat export"), "{name}: {err}");
        assert!(err.contains("Export chat (Android)"), "{name}: {err}");
    }
}

/// Issue 19: an input that is not there says so, with the nearest name in its folder when one is close.
#[test]
fn a_missing_input_suggests_the_nearest_name() {
    let dir = tempfile::tempdir().expect("temp");
    std::fs::write(dir.path().join("WhatsApp Chat with Copilot.txt"), "x").expect("write");
    let typo = dir.path().join("WhatsApp Chat with Copilt.txt");
    let o = run(&["convert", typo.to_str().expect("utf-8")]);
    assert_eq!(o.status.code(), Some(1));
    let want = format!(
        "no such file; did you mean '{}'?",
        dir.path().join("WhatsApp Chat with Copilot.txt").display()
    );
    assert!(stderr(&o).contains(&want), "{}", stderr(&o));
    let far = run(&[
        "convert",
        dir.path().join("notes.txt").to_str().expect("utf-8"),
    ]);
    assert!(
        stderr(&far).trim_end().ends_with("notes.txt: no such file"),
        "{}",
        stderr(&far)
    );
}

/// Issue 19: with no input and standard input a pipe, convert reads standard input.
#[test]
fn no_input_reads_a_piped_standard_input() {
    let demo = crate::common::fixtures().join("demo/WhatsApp Chat with Copilot.txt");
    let bytes = std::fs::read(&demo).expect("demo");
    let piped = crate::common::run_with_stdin(&["convert", "-f", "jsonl"], &bytes);
    let named = run(&["convert", demo.to_str().expect("utf-8"), "-f", "jsonl"]);
    assert_eq!(piped.status.code(), Some(0), "{}", stderr(&piped));
    assert_eq!(piped.stdout, named.stdout);
}
