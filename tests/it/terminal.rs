//! The run as a person at a terminal sees it: the real binary under a pseudo-terminal (util-linux `script`), its
//! screen read back, and Ctrl-C typed into it as a key (the terminal sends SIGINT, as a keyboard does).
//! Checks that a long run draws a bar with a percentage and an ETA, and that Ctrl-C ends it with the line that
//! says how far it got and how to go on (issue 19). The same run into a pipe draws no bar.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::common;

/// An Android export of `messages` messages, long enough for a bar to show before it is read.
fn long_export(messages: usize) -> String {
    let mut text = String::with_capacity(messages * 90);
    for i in 0..messages {
        let (day, hour, minute) = (1 + i / 1440 % 28, i / 60 % 24, i % 60);
        let who = if i % 2 == 0 { "Ana" } else { "Copilot" };
        text.push_str(&format!(
            "{day:02}/03/2025, {hour:02}:{minute:02} - {who}: message {i} with some words to make it longer\n"
        ));
    }
    text
}

/// The screen of `command` run in `dir` under a pseudo-terminal, and its exit code. Ctrl-C is typed once the
/// screen shows `ETA`; `None` when it never did within a minute.
fn typed_ctrl_c(dir: &Path, command: &str) -> Option<(String, i32)> {
    let bin = env!("CARGO_BIN_EXE_chatport");
    let script = format!(
        "stty rows 24 cols 120; cd '{}' && exec '{bin}' {command}",
        dir.display()
    );
    let mut child = Command::new("script")
        .args(["-qfec", &script, "/dev/null"])
        .env("LC_ALL", "C")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("util-linux script runs");
    let (Some(mut stdin), Some(mut stdout)) = (child.stdin.take(), child.stdout.take()) else {
        let _ = child.kill();
        let _ = child.wait();
        return None;
    };
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = stdout.read(&mut buf) {
            if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let mut screen = Vec::new();
    let started = Instant::now();
    let mut typed = false;
    while let Ok(chunk) = rx.recv_timeout(Duration::from_secs(60)) {
        screen.extend(chunk);
        if !typed && String::from_utf8_lossy(&screen).contains("ETA") {
            typed = stdin.write_all(b"\x03").is_ok();
        }
        if started.elapsed() > Duration::from_secs(120) {
            break;
        }
    }
    let status = child.wait().ok()?;
    typed.then(|| {
        (
            String::from_utf8_lossy(&screen).into_owned(),
            status.code().unwrap_or(-1),
        )
    })
}

#[test]
fn a_long_conversion_shows_a_bar_and_ctrl_c_says_what_was_kept() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("big.txt"), long_export(400_000)).expect("write export");
    let (screen, code) =
        typed_ctrl_c(dir.path(), "convert big.txt -o big.json").expect("the bar showed an ETA");
    assert!(
        screen.contains("% ·") && screen.contains("MB chat"),
        "{screen}"
    );
    assert!(
        screen.contains("chatport: interrupted: big.json was not written (nothing was replaced)"),
        "{screen}"
    );
    assert_eq!(code, 130, "{screen}");
    assert!(!dir.path().join("big.json").exists());
    // No temporary file is left beside it either.
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .flatten()
        .collect();
    assert_eq!(left.len(), 1, "{left:?}");
}

#[test]
fn ctrl_c_in_a_batch_says_how_far_it_got_and_how_to_go_on() {
    let dir = tempfile::tempdir().expect("temp dir");
    let chats = dir.path().join("chats");
    std::fs::create_dir(&chats).expect("mkdir");
    for i in 0..3 {
        let text = long_export(150_000).replace("message ", &format!("chat {i} message "));
        std::fs::write(chats.join(format!("chat{i}.txt")), text).expect("write export");
    }
    let (screen, code) =
        typed_ctrl_c(dir.path(), "convert chats -o out -j 1").expect("the bar showed an ETA");
    assert!(screen.contains("/3 exports"), "{screen}");
    let line = screen
        .lines()
        .find_map(|l| l.split("chatport: interrupted: ").nth(1))
        .unwrap_or_else(|| panic!("no interrupted line in {screen}"));
    let done: usize = line
        .split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{line}"));
    assert!(done < 3, "{line}");
    assert!(
        line.trim_end()
            .ends_with("of 3 exports done; rerun with --skip-existing to go on"),
        "{line}"
    );
    assert_eq!(code, 130, "{screen}");
}

#[test]
fn into_a_pipe_there_is_no_bar() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("big.txt");
    std::fs::write(&input, long_export(100_000)).expect("write export");
    let out = common::run(&[
        "convert",
        &input.to_string_lossy(),
        "-o",
        &dir.path().join("big.json").to_string_lossy(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        !stderr.contains("ETA") && !stderr.contains('\r'),
        "{stderr}"
    );
}
