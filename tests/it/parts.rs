//! `--max-size` (issue 17): an AI-format output cut into numbered files, each under the size, never within a
//! conversation. The parts together hold exactly the conversations of the output uncut, in its order, and each
//! passes its importer's rules.

use std::fs;
use std::path::{Path, PathBuf};

use crate::common::{fixtures, run};
use chatport::write::validate;

fn demo() -> PathBuf {
    fixtures().join("demo/WhatsApp Chat with Copilot.txt")
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The parts `dir` holds, in their numbers' order.
fn parts(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<(u64, PathBuf)> = fs::read_dir(dir)
        .expect("dir")
        .flatten()
        .map(|e| e.path())
        .filter_map(|p| {
            let name = p.file_name()?.to_str()?.to_string();
            let (stem, _) = name.split_once('.')?;
            let n = stem.rsplit_once('-')?.1.parse().ok()?;
            Some((n, p))
        })
        .collect();
    found.sort();
    found.into_iter().map(|(_, p)| p).collect()
}

#[test]
fn parts_hold_every_conversation_in_order_each_under_the_size() {
    let demo = demo();
    let demo = demo.to_str().expect("utf-8");
    // (format, file name, how a part is checked, how its conversations are listed)
    let cases: [(&str, &str); 3] = [
        ("chatgpt", "conversations.json"),
        ("openwebui", "Copilot.openwebui.json"),
        ("claude", "Copilot.claude.json"),
    ];
    for (format, name) in cases {
        let dir = tempfile::tempdir().expect("temp");
        let whole = run(&[
            "convert", "-q", demo, "-f", format, "--tz", "UTC", "--split", "day",
        ]);
        let whole: Vec<serde_json::Value> = serde_json::from_slice(&whole.stdout).expect("json");
        let out = dir.path().join(name);
        let o = run(&[
            "convert",
            demo,
            "-f",
            format,
            "--tz",
            "UTC",
            "--split",
            "day",
            "-o",
            out.to_str().expect("utf-8"),
            "--max-size",
            "0.004",
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        let files = parts(dir.path());
        assert!(files.len() > 1, "{format}: {files:?}");
        assert!(
            stderr(&o).contains(&format!("({} parts)", files.len())),
            "{}",
            stderr(&o)
        );
        let mut joined = Vec::new();
        for f in &files {
            let text = fs::read_to_string(f).expect("part");
            let problems = match format {
                "chatgpt" => validate::chatgpt(&text),
                "openwebui" => validate::openwebui(&text),
                _ => validate::claude(&text),
            };
            assert!(problems.is_empty(), "{}: {problems:?}", f.display());
            let list: Vec<serde_json::Value> = serde_json::from_str(&text).expect("a JSON array");
            let limit = (0.004 * 1_048_576.0) as usize;
            assert!(
                text.len() <= limit || list.len() == 1,
                "{}: {} bytes",
                f.display(),
                text.len()
            );
            joined.extend(list);
        }
        assert_eq!(joined, whole, "{format}: the parts hold the whole output");
    }
}

#[test]
fn line_formats_are_cut_between_conversations_and_read_as_the_whole() {
    let dir = tempfile::tempdir().expect("temp");
    let demo = demo();
    let demo = demo.to_str().expect("utf-8");
    let whole = run(&[
        "convert",
        "-q",
        demo,
        "-f",
        "openai-jsonl",
        "--tz",
        "UTC",
        "--split",
        "day",
    ]);
    let out = dir.path().join("train.openai.jsonl");
    let o = run(&[
        "convert",
        "-q",
        demo,
        "-f",
        "openai-jsonl",
        "--tz",
        "UTC",
        "--split",
        "day",
        "-o",
        out.to_str().expect("utf-8"),
        "--max-size",
        "0.002",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let files = parts(dir.path());
    assert!(files.len() > 1, "{files:?}");
    assert!(
        files
            .iter()
            .all(|f| f.to_string_lossy().ends_with(".openai.jsonl"))
    );
    let joined: Vec<u8> = files
        .iter()
        .flat_map(|f| fs::read(f).expect("part"))
        .collect();
    assert_eq!(joined, whole.stdout);

    // SillyTavern: every part is a chat file of its own, starting with the chat's header line.
    let st = dir.path().join("st");
    fs::create_dir(&st).expect("mkdir");
    let out = st.join("Copilot.sillytavern.jsonl");
    let o = run(&[
        "convert",
        "-q",
        demo,
        "-f",
        "sillytavern",
        "--tz",
        "UTC",
        "--split",
        "day",
        "-o",
        out.to_str().expect("utf-8"),
        "--max-size",
        "0.002",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let files = parts(&st);
    assert!(files.len() > 1, "{files:?}");
    let head = |f: &PathBuf| {
        fs::read_to_string(f)
            .expect("part")
            .lines()
            .next()
            .map(str::to_string)
    };
    for f in &files {
        let text = fs::read_to_string(f).expect("part");
        assert!(validate::sillytavern(&text).is_empty(), "{}", f.display());
        assert_eq!(head(f), head(&files[0]));
    }
}

#[test]
fn a_batch_numbers_each_chats_parts_and_a_rerun_skips_them() {
    let dir = tempfile::tempdir().expect("temp");
    let out = dir.path().join("out");
    let demo = demo();
    let args = [
        "convert",
        demo.to_str().expect("utf-8"),
        "-f",
        "chatgpt,json",
        "--tz",
        "UTC",
        "--split",
        "day",
        "-o",
        &format!("{}/", out.display()),
        "--max-size",
        "0.004",
    ];
    let o = run(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(out.join("Copilot-1.conversations.json").is_file());
    assert!(out.join("Copilot-2.conversations.json").is_file());
    assert!(
        out.join("Copilot.json").is_file(),
        "the archive is never cut"
    );
    let again = run(&[&args[..], &["--skip-existing"]].concat());
    assert!(again.status.success());
    assert!(
        stderr(&again).contains("1 already there"),
        "{}",
        stderr(&again)
    );
}

#[test]
fn a_part_left_by_an_earlier_run_is_named() {
    let dir = tempfile::tempdir().expect("temp");
    let out = dir.path().join("conversations.json");
    let demo = demo();
    let demo = demo.to_str().expect("utf-8");
    let first = [
        "convert",
        demo,
        "--tz",
        "UTC",
        "--split",
        "day",
        "-o",
        out.to_str().expect("utf-8"),
    ];
    let small = run(&[&first[..], &["--max-size", "0.004"]].concat());
    assert!(small.status.success(), "{}", stderr(&small));
    let n = parts(dir.path()).len();
    let big = run(&[&first[..], &["--max-size", "100", "--force"]].concat());
    assert!(big.status.success(), "{}", stderr(&big));
    assert!(
        stderr(&big)
            .contains("conversations-2.json is left from an earlier run (this one wrote 1 part)"),
        "{n}: {}",
        stderr(&big)
    );
}

#[test]
fn max_size_needs_an_ai_format_and_files() {
    let demo = demo();
    let demo = demo.to_str().expect("utf-8");
    let cases: [(&[&str], &str); 3] = [
        (
            &["-f", "chatgpt", "--max-size", "5"],
            "--max-size writes numbered files: pass -o FILE or -o DIR/",
        ),
        (
            &["-f", "markdown", "-o", "x.md", "--max-size", "5"],
            "--max-size cuts the AI formats' outputs",
        ),
        (
            &["-f", "chatgpt", "-o", "x.json", "--max-size", "0"],
            "--max-size 0: give the largest part in MB",
        ),
    ];
    for (flags, want) in cases {
        let o = run(&[&["convert", demo], flags].concat());
        assert_eq!(o.status.code(), Some(2), "{flags:?}");
        assert!(stderr(&o).contains(want), "{flags:?}: {}", stderr(&o));
    }
}
