//! What a run may write and how it ends: never an input of the run, never one file for two outputs, never a device
//! or FIFO replaced, media failures counted, names within every file system's limits, signals and a closed stderr.

use std::fs;
use std::io::Read as _;
use std::path::Path;
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
    // The read end is closed before the run starts: every write to stderr fails (EPIPE).
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    let status = cmd()
        .args([
            "convert",
            demo().to_str().expect("utf-8"),
            "-f",
            "chatgpt",
            "-o",
        ])
        .arg(&out)
        .stdout(Stdio::null())
        .stderr(writer)
        .status()
        .expect("run");
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
    assert!(
        !out.stderr.iter().any(|b| *b == 0x1b || *b == 0x07),
        "{err}"
    );
    let mut text = String::new();
    fs::File::open(dir.path().join("o.json"))
        .expect("output")
        .read_to_string(&mut text)
        .expect("read");
    assert!(
        text.contains(r"\u001b[2J hi"),
        "the message keeps its text: {text}"
    );
}

/// The names of the files in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .expect("folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// Asserts the exit code, showing stderr when it differs.
fn code(o: &std::process::Output, want: i32) {
    assert_eq!(
        o.status.code(),
        Some(want),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8")
}

/// Item 1: no output replaces an input of the run, in a batch or alone, with `--force`, whatever its name.
#[test]
fn no_output_replaces_an_input() {
    let dir = tempfile::tempdir().expect("temp");
    let d = dir.path().join("d");
    fs::create_dir(&d).expect("mkdir");
    let input = d.join("Copilot.whatsapp.txt");
    // A byte that is not UTF-8: rewriting the input would turn it into U+FFFD.
    let mut bytes = fs::read(demo()).expect("demo");
    bytes.extend_from_slice(b"05/01/2025, 21:09 - Ana: caf\xe9\n");
    fs::write(&input, &bytes).expect("write");
    let link = dir.path().join("hard.txt");
    fs::hard_link(&input, &link).expect("hard link");
    let d_slash = format!("{}/", d.display());
    let cases: Vec<Vec<&str>> = vec![
        vec![d.to_str().expect("utf-8"), "-o", d.to_str().expect("utf-8")],
        vec![input.to_str().expect("utf-8"), "-o", &d_slash],
        vec![link.to_str().expect("utf-8"), "-o", &d_slash],
    ];
    for case in cases {
        let mut a = vec!["convert"];
        a.extend(&case);
        a.extend(["-f", "whatsapp", "--force"]);
        let out = run(&a);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{case:?}: {err}");
        assert!(err.contains("is an input of this run"), "{case:?}: {err}");
        assert_eq!(fs::read(&input).expect("input"), bytes, "{case:?}");
    }
    // `-o FILE` naming the input (by a hard link) is a usage error, before anything runs.
    let out = run(&[
        "convert",
        input.to_str().expect("utf-8"),
        "-o",
        s(&link),
        "--force",
    ]);
    code(&out, 2);
    assert_eq!(fs::read(&input).expect("input"), bytes);
}

/// Item 2: two exports whose names would give one file each get their own, in every format, with or without
/// `--force`, and every run gives the same names.
#[test]
fn two_exports_never_write_one_file() {
    let dir = tempfile::tempdir().expect("temp");
    let input = dir.path().join("in");
    fs::create_dir(&input).expect("mkdir");
    fs::copy(demo(), input.join("WhatsApp Chat with Ana.txt")).expect("copy");
    fs::copy(demo(), input.join("WhatsApp Chat with Ana.openwebui.txt")).expect("copy");
    let mut seen = Vec::new();
    for (n, force) in [(1, false), (2, true), (3, false)] {
        let out = dir.path().join(format!("out{n}"));
        let mut a = vec!["convert"];
        a.extend([s(&input)]);
        a.push("-o");
        a.extend([s(&out)]);
        a.extend(["-f", "json,openwebui", "--tz", "UTC"]);
        if force {
            a.push("--force");
        }
        let o = run(&a);
        code(&o, 0);
        let got = names(&out);
        assert_eq!(got.len(), 4, "{got:?}");
        seen.push(got);
    }
    assert!(seen.windows(2).all(|w| w[0] == w[1]), "{seen:?}");
}

/// Item 6: a device or FIFO output is written as a stream, never replaced; `/dev/null` and `/dev/stdout` work
/// without `--force`.
#[cfg(unix)]
#[test]
fn devices_and_fifos_are_written_not_replaced() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().expect("temp");
    let d = demo();
    for (target, force) in [("/dev/null", false), ("/dev/null", true)] {
        let mut a = vec!["convert", d.to_str().expect("utf-8"), "-o", target];
        if force {
            a.push("--force");
        }
        let o = run(&a);
        code(&o, 0);
        assert!(
            fs::metadata(target)
                .expect("null")
                .file_type()
                .is_char_device()
        );
    }
    let o = run(&["convert", d.to_str().expect("utf-8"), "-o", "/dev/stdout"]);
    code(&o, 0);
    assert!(o.stdout.starts_with(b"{\n  \"schema\": \"chatport/1\""));

    let fifo = dir.path().join("some-fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo");
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || fs::read(&fifo).expect("read the fifo"))
    };
    let o = run(&[
        "convert",
        d.to_str().expect("utf-8"),
        "-f",
        "markdown",
        "-o",
    ]
    .into_iter()
    .chain([s(&fifo)])
    .chain(["--force"])
    .collect::<Vec<_>>());
    code(&o, 0);
    let got = reader.join().expect("reader");
    assert!(got.starts_with(b"# "), "{}", String::from_utf8_lossy(&got));
    assert!(
        fs::symlink_metadata(&fifo)
            .expect("fifo")
            .file_type()
            .is_fifo()
    );
    assert_eq!(
        names(dir.path()),
        ["some-fifo"],
        "no temporary file beside it"
    );
}

/// Item 6: a symbolic link output keeps being a link (its target is replaced, with `--force`); one to nothing is
/// refused.
#[cfg(unix)]
#[test]
fn a_symlink_output_stays_a_link() {
    let dir = tempfile::tempdir().expect("temp");
    let real = dir.path().join("real.json");
    fs::write(&real, b"old").expect("write");
    let link = dir.path().join("link.json");
    std::os::unix::fs::symlink(&real, &link).expect("symlink");
    let d = demo();
    let o = run(&[
        "convert",
        d.to_str().expect("utf-8"),
        "-o",
        s(&link),
        "--force",
    ]);
    code(&o, 0);
    assert!(
        fs::symlink_metadata(&link)
            .expect("link")
            .file_type()
            .is_symlink()
    );
    assert!(
        fs::read(&real)
            .expect("real")
            .starts_with(b"{\n  \"schema\"")
    );
    let dangling = dir.path().join("dangling.json");
    std::os::unix::fs::symlink(dir.path().join("nothing"), &dangling).expect("symlink");
    let o = run(&[
        "convert",
        d.to_str().expect("utf-8"),
        "-o",
        s(&dangling),
        "--force",
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("is a symbolic link to nothing"), "{err}");
    assert!(
        fs::symlink_metadata(&dangling)
            .expect("link")
            .file_type()
            .is_symlink()
    );
}

/// Item 16: a name longer than a file system allows is cut in bytes, on a character boundary.
#[test]
fn long_names_are_cut_in_bytes() {
    let dir = tempfile::tempdir().expect("temp");
    let input = dir.path().join("in");
    fs::create_dir(&input).expect("mkdir");
    let (a, b) = ("😀".repeat(40), "漢".repeat(40));
    fs::write(
        input.join("chat.txt"),
        format!("05/01/2025, 21:03 - {a}: hi\n05/01/2025, 21:04 - {b}: hello\n"),
    )
    .expect("write");
    let out = dir.path().join("out");
    let mut argv = vec!["convert"];
    argv.extend([s(&input)]);
    argv.push("-o");
    argv.extend([s(&out)]);
    argv.extend(["-f", "json,chatgpt", "--assistant", b.as_str()]);
    let o = run(&argv);
    code(&o, 0);
    let got = names(&out);
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got.iter().all(|n| n.len() <= 255), "{got:?}");
}

/// Item 18: `-o NAME` with no extension and `--media copy` keeps the output and the media folder apart.
#[test]
fn the_media_folder_never_takes_the_outputs_path() {
    let dir = tempfile::tempdir().expect("temp");
    let zip = dir.path().join("chat.zip");
    let chat =
        b"05/01/2025, 21:03 - Ana: IMG-1.jpg (file attached)\n05/01/2025, 21:04 - Copilot: hello\n";
    fs::write(
        &zip,
        zip_bytes(&[
            ("WhatsApp Chat with Copilot.txt", chat),
            ("IMG-1.jpg", b"jpeg"),
        ]),
    )
    .expect("zip");
    let o = cmd()
        .current_dir(dir.path())
        .args([
            "convert", "chat.zip", "-o", "Copilot", "-f", "json", "--media", "copy",
        ])
        .output()
        .expect("run");
    code(&o, 0);
    assert!(dir.path().join("Copilot").is_file());
    assert_eq!(
        fs::read(dir.path().join("Copilot_files/media/IMG-1.jpg")).expect("media"),
        b"jpeg"
    );
}

/// Item 11: Markdown of a long body full of markers that never close takes linear time (it took 25 s).
#[test]
fn markdown_of_a_long_line_of_markers_is_quick() {
    let dir = tempfile::tempdir().expect("temp");
    for (n, unit) in ["*a ", "_a ~a ", "`a ", "```a ", "&a ", "a* *a _a_ "]
        .iter()
        .enumerate()
    {
        let input = dir.path().join(format!("m{n}.txt"));
        let body = unit.repeat(480_000 / unit.len());
        fs::write(
            &input,
            format!("05/01/2025, 21:03 - Ana: {body}\n05/01/2025, 21:04 - Bob: ok\n"),
        )
        .expect("write");
        let started = std::time::Instant::now();
        let o = run(&[
            "convert",
            s(&input),
            "-f",
            "markdown",
            "-o",
            s(&dir.path().join(format!("m{n}.md"))),
        ]);
        code(&o, 0);
        // A bound for a hang, not a benchmark: linear time is well under a second even unoptimised.
        assert!(
            started.elapsed().as_secs() < 10,
            "{unit:?}: {:?}",
            started.elapsed()
        );
    }
}

/// Item 3: two media entries of one name are both kept (the second with a suffix), with a warning.
#[test]
fn duplicate_media_names_in_a_zip_keep_both() {
    let dir = tempfile::tempdir().expect("temp");
    let zip = dir.path().join("chat.zip");
    let chat =
        b"05/01/2025, 21:03 - Ana: dup.jpg (file attached)\n05/01/2025, 21:04 - Copilot: hello\n";
    // The zip writer refuses two entries of one name; real zips can hold them.
    let mut bytes = zip_bytes(&[
        ("_chat.txt", chat),
        ("dup.jpg", b"first"),
        ("dux.jpg", b"second"),
    ]);
    super::rename_in_zip(&mut bytes, "dux.jpg", "dup.jpg");
    fs::write(&zip, bytes).expect("zip");
    let out = dir.path().join("out");
    fs::create_dir(&out).expect("mkdir");
    let o = run(&["convert", s(&zip), "-o", s(&out), "--media", "copy"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    let media = out.join("Copilot/media");
    assert_eq!(names(&media), ["dup-2.jpg", "dup.jpg"]);
    assert_eq!(fs::read(media.join("dup.jpg")).expect("first"), b"first");
    assert_eq!(
        fs::read(media.join("dup-2.jpg")).expect("second"),
        b"second"
    );
    let doc = fs::read_to_string(out.join("Copilot.json")).expect("json");
    assert!(doc.contains("the zip holds more than one 'dup.jpg'; each is kept, this one as 'Copilot/media/dup-2.jpg'"), "{doc}");
}

/// Item 4: a media file that cannot be written fails its export (exit 1), and the summary says so.
#[test]
fn a_media_file_that_cannot_be_written_fails_the_export() {
    let dir = tempfile::tempdir().expect("temp");
    let zip = dir.path().join("chat.zip");
    let chat =
        b"05/01/2025, 21:03 - Ana: IMG-1.jpg (file attached)\n05/01/2025, 21:04 - Copilot: hello\n";
    fs::write(
        &zip,
        zip_bytes(&[("_chat.txt", chat), ("IMG-1.jpg", b"jpeg")]),
    )
    .expect("zip");
    let out = dir.path().join("out");
    fs::create_dir(&out).expect("mkdir");
    // A file where the media folder must go: creating it fails as a full or read-only disk would.
    fs::write(out.join("Copilot"), b"in the way").expect("write");
    let o = run(&["convert", s(&zip), "-o", s(&out), "-f", "json,markdown"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("chatport: failed:") && err.contains("Copilot/media"),
        "{err}"
    );
    assert!(err.contains("0 converted, 1 failed"), "{err}");
    assert_eq!(names(&out), ["Copilot"], "no output of a failed export");
}

/// Item 17: copied media get the mode every output gets (0666 less the umask), not 0600.
#[cfg(unix)]
#[test]
fn copied_media_get_an_ordinary_files_mode() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp");
    let zip = dir.path().join("chat.zip");
    fs::write(
        &zip,
        zip_bytes(&[("_chat.txt", super::CHAT), ("IMG-1.jpg", b"jpeg")]),
    )
    .expect("zip");
    for (umask, want) in [("022", 0o644), ("077", 0o600), ("002", 0o664)] {
        let out = dir.path().join(format!("out{umask}/"));
        let script = format!("umask {umask}; exec \"$0\" convert \"$1\" -o \"$2\" --media copy",);
        let o = std::process::Command::new("sh")
            .args([
                "-c",
                &script,
                env!("CARGO_BIN_EXE_chatport"),
                s(&zip),
                s(&out),
            ])
            .output()
            .expect("sh");
        code(&o, 0);
        for file in [
            out.join("Copilot/media/IMG-1.jpg"),
            out.join("Copilot.json"),
        ] {
            let mode = fs::metadata(&file).expect("file").permissions().mode() & 0o777;
            assert_eq!(mode, want, "umask {umask}: {}", file.display());
        }
    }
}

/// Item 19: a symbolic link beside a `.txt` export is not followed when copying media, as a zip's is not.
#[cfg(unix)]
#[test]
fn symlinks_beside_an_export_are_not_copied() {
    let dir = tempfile::tempdir().expect("temp");
    let secret = dir.path().join("secret");
    fs::write(&secret, b"private key").expect("write");
    let input = dir.path().join("in");
    fs::create_dir(&input).expect("mkdir");
    std::os::unix::fs::symlink(&secret, input.join("IMG-1.jpg")).expect("symlink");
    fs::write(input.join("IMG-2.jpg"), b"jpeg").expect("write");
    let chat = input.join("WhatsApp Chat with Copilot.txt");
    fs::write(
        &chat,
        "05/01/2025, 21:03 - Ana: IMG-1.jpg (file attached)\n05/01/2025, 21:04 - Ana: IMG-2.jpg (file attached)\n05/01/2025, 21:05 - Copilot: hello\n",
    )
    .expect("write");
    let out = dir.path().join("out");
    let o = run(&["convert", s(&chat), "-o", s(&out), "-f", "json,markdown"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert_eq!(names(&out.join("Copilot/media")), ["IMG-2.jpg"]);
    let doc = fs::read_to_string(out.join("Copilot.json")).expect("json");
    assert!(
        doc.contains("'IMG-1.jpg' is a symbolic link beside the export; not copied"),
        "{doc}"
    );
}

/// Item 12: `--jobs` far beyond the machine is capped, with a note, and the run is as quick as ever.
#[test]
fn an_absurd_jobs_count_is_capped() {
    let dir = tempfile::tempdir().expect("temp");
    let input = dir.path().join("in");
    fs::create_dir(&input).expect("mkdir");
    for n in 0..3 {
        fs::write(input.join(format!("c{n}.txt")), super::CHAT).expect("write");
    }
    let out = dir.path().join("out");
    let started = std::time::Instant::now();
    let o = run(&["convert", s(&input), "-o", s(&out), "-j", "100000"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains("--jobs 100000 is more than this machine can use; using"),
        "{err}"
    );
    assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
}

/// Item 8: one archive's media stop at 200 times its size, however small each entry (entries up to 1 MiB pass the
/// ratio rule one by one).
#[test]
fn an_archives_media_are_bounded_in_all() {
    let dir = tempfile::tempdir().expect("temp");
    let zip = dir.path().join("chat.zip");
    let zeros = vec![0u8; 1 << 20];
    let names: Vec<String> = (0..100).map(|i| format!("DOC-{i}.bin")).collect();
    let mut entries: Vec<(&str, &[u8])> = vec![("_chat.txt", super::CHAT)];
    entries.extend(names.iter().map(|n| (n.as_str(), zeros.as_slice())));
    let bytes = zip_bytes(&entries);
    fs::write(&zip, &bytes).expect("zip");
    let out = dir.path().join("out");
    let o = run(&["convert", s(&zip), "-o", &format!("{}/", s(&out))]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    let copied: u64 = fs::read_dir(out.join("Copilot/media"))
        .expect("media")
        .map(|e| e.expect("entry").metadata().expect("meta").len())
        .sum();
    assert!(
        copied <= 200 * bytes.len() as u64 + (1 << 20),
        "{copied} bytes from a {}-byte zip",
        bytes.len()
    );
    assert!(copied < 100 << 20, "{copied}");
    let doc = fs::read_to_string(out.join("Copilot.json")).expect("json");
    assert!(doc.contains("200 times the archive"), "{doc}");
}

/// Item 1: standard input redirected from a file is an input too: no output replaces it.
#[test]
fn standard_input_from_a_file_is_never_replaced() {
    let dir = tempfile::tempdir().expect("temp");
    let input = dir.path().join("in.txt");
    let mut bytes = fs::read(demo()).expect("demo");
    bytes.extend_from_slice(b"05/01/2025, 21:09 - Ana: caf\xe9\n");
    fs::write(&input, &bytes).expect("write");
    let o = cmd()
        .args(["convert", "-", "-o", s(&input), "-f", "whatsapp", "--force"])
        .stdin(fs::File::open(&input).expect("open"))
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("is an input of this run"), "{err}");
    assert_eq!(fs::read(&input).expect("input"), bytes);
}

/// Item 6: in a batch's folder, a FIFO where an output goes is refused, never written into (it would block).
#[cfg(unix)]
#[test]
fn a_fifo_in_the_output_folder_is_refused() {
    let dir = tempfile::tempdir().expect("temp");
    let out = dir.path().join("out");
    fs::create_dir(&out).expect("mkdir");
    let fifo = out.join("Copilot.json");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo");
    assert!(made.success());
    let mut child = cmd()
        .args([
            "convert",
            s(&demo()),
            "-o",
            &format!("{}/", s(&out)),
            "--force",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed().as_secs() > 20 {
            let _ = child.kill();
            panic!("the run blocked on the FIFO");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    let mut err = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut err)
        .expect("read");
    assert_eq!(status.code(), Some(1), "{err}");
    assert!(err.contains("is not a regular file"), "{err}");
}

/// Item 14: a run started with SIGHUP ignored (`nohup`) keeps it ignored and finishes.
#[cfg(unix)]
#[test]
fn nohup_keeps_hangups_ignored() {
    let dir = tempfile::tempdir().expect("temp");
    let input = dir.path().join("big.txt");
    let line = "05/01/2025, 21:03 - Ana: message with some text to make it longer\n";
    fs::write(&input, line.repeat(200_000)).expect("write");
    let out = dir.path().join("big.json");
    let script = "trap '' HUP; exec \"$0\" convert \"$1\" -o \"$2\"";
    let bin = env!("CARGO_BIN_EXE_chatport");
    let mut child = std::process::Command::new("sh")
        .args(["-c", script, bin, s(&input), s(&out)])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    std::thread::sleep(std::time::Duration::from_millis(100));
    let pid = child.id().to_string();
    let _ = std::process::Command::new("kill")
        .args(["-HUP", &pid])
        .status();
    let status = child.wait().expect("wait");
    assert_eq!(status.code(), Some(0), "{status:?}");
    assert!(out.is_file());
}
