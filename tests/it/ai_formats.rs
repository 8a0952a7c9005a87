//! The AI formats end to end: every fixture's output passes the importer rules, the validator catches every known
//! trap, golden files for each format, splitting, time zones across a DST change, strict turns, determinism.
//! `UPDATE_GOLDEN=1 cargo test --test it ai_formats::` rewrites the golden files (review the diff by eye).

use std::fs;
use std::path::Path;

use crate::common::{assert_same, fixture_exports, fixtures, run, run_with_stdin};
use chatport::write::validate::{self, Problem};

fn convert(input: &Path, args: &[&str]) -> (String, String) {
    let mut all = vec![
        "convert",
        input.to_str().expect("utf-8 path"),
        "--tz",
        "UTC",
    ];
    all.extend_from_slice(crate::common::ai_flags(input));
    all.extend_from_slice(args);
    let out = run(&all);
    assert!(
        out.status.success(),
        "{} {args:?}: {}",
        input.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    (
        String::from_utf8(out.stdout).expect("utf-8"),
        String::from_utf8(out.stderr).expect("utf-8"),
    )
}

fn rules(problems: &[Problem]) -> Vec<&'static str> {
    problems.iter().map(|p| p.rule).collect()
}

#[test]
fn every_fixture_passes_the_importer_rules() {
    for chat in fixture_exports() {
        let (out, _) = convert(&chat, &["-f", "chatgpt"]);
        assert_eq!(
            rules(&validate::chatgpt(&out)),
            [] as [&str; 0],
            "{}",
            chat.display()
        );
        let (out, _) = convert(&chat, &["-f", "openwebui"]);
        assert_eq!(
            rules(&validate::openwebui(&out)),
            [] as [&str; 0],
            "{}",
            chat.display()
        );
        let (out, _) = convert(&chat, &["-f", "claude"]);
        assert_eq!(
            rules(&validate::claude(&out)),
            [] as [&str; 0],
            "{}",
            chat.display()
        );
        assert_eq!(
            out,
            convert(&chat, &["-f", "claude"]).0,
            "byte-identical across runs"
        );
        let (out, _) = convert(&chat, &["-f", "sillytavern"]);
        assert_eq!(
            rules(&validate::sillytavern(&out)),
            [] as [&str; 0],
            "{}",
            chat.display()
        );
        assert_eq!(
            out,
            convert(&chat, &["-f", "sillytavern"]).0,
            "byte-identical across runs"
        );
        for strict in [false, true] {
            let args: &[&str] = if strict {
                &["-f", "openai-jsonl", "--strict-turns"]
            } else {
                &["-f", "openai-jsonl"]
            };
            let (out, err) = convert(&chat, args);
            if out.is_empty() {
                // A chat where nobody answers has nothing to train on: it says so instead of writing bad lines.
                assert!(
                    err.contains("no conversation had anything to write"),
                    "{err}"
                );
                continue;
            }
            assert_eq!(
                rules(&validate::openai_jsonl(&out, strict)),
                [] as [&str; 0],
                "{} strict={strict}",
                chat.display()
            );
        }
    }
}

/// A valid two-message conversation in the linear-safe profile, as a template for the traps.
const GOOD: &str = r#"[{"id":"c1","conversation_id":"c1","title":"t","create_time":1.0,"update_time":2.0,"current_node":"b-2","mapping":{
"r-0":{"id":"r-0","parent":null,"children":["a-1"],"message":null},
"a-1":{"id":"a-1","parent":"r-0","children":["b-2"],"message":{"id":"a-1","author":{"role":"user","metadata":{}},"create_time":1.0,"content":{"content_type":"text","parts":["hi"]},"metadata":{}}},
"b-2":{"id":"b-2","parent":"a-1","children":[],"message":{"id":"b-2","author":{"role":"assistant","metadata":{}},"create_time":2.0,"content":{"content_type":"text","parts":["hello"]},"metadata":{"model_slug":"whatsapp-copilot"}}}}}]"#;

#[test]
fn the_chatgpt_validator_rejects_every_known_trap() {
    assert_eq!(rules(&validate::chatgpt(GOOD)), [] as [&str; 0]);
    /// (trap, edits of GOOD, words of the rule it must break)
    type Trap<'a> = (&'a str, &'a [(&'a str, &'a str)], &'a str);
    let cases: &[Trap] = &[
        (
            "integer-like ids",
            &[("r-0", "0"), ("a-1", "1"), ("b-2", "2")],
            "not integer-like",
        ),
        (
            "missing metadata",
            &[(r#","metadata":{}}}"#, "}}")],
            "metadata is an object",
        ),
        (
            "empty part",
            &[(r#"["hi"]"#, r#"[""]"#)],
            "one non-empty string part",
        ),
        (
            "two parts",
            &[(r#"["hi"]"#, r#"["h","i"]"#)],
            "one non-empty string part",
        ),
        (
            "object part",
            &[(r#"["hi"]"#, r#"[{"content_type":"image_asset_pointer"}]"#)],
            "one non-empty string part",
        ),
        (
            "system role",
            &[(r#""role":"user""#, r#""role":"system""#)],
            "user or assistant only",
        ),
        (
            "out-of-order keys",
            &[(
                "\n\"a-1\"",
                "\n\"x-9\":{\"id\":\"x-9\",\"parent\":null,\"children\":[],\"message\":null},\n\"a-1\"",
            )],
            "chronological order",
        ),
        (
            "no update_time",
            &[(r#","update_time":2.0"#, "")],
            "update_time are Unix-second",
        ),
        (
            "id differs from conversation_id",
            &[(r#""conversation_id":"c1""#, r#""conversation_id":"c2""#)],
            "conversation_id are the same",
        ),
        (
            "not an array",
            &[("[{", "{"), ("}}}]", "}}}")],
            "top level is an array",
        ),
        (
            "no content type",
            &[(r#""content_type":"text","#, "")],
            "content_type",
        ),
        (
            "citation marks",
            &[(r#"["hello"]"#, "[\"hello\u{E200}\"]")],
            "no citation marks",
        ),
    ];
    for (trap, edits, rule) in cases {
        let mut doc = GOOD.to_string();
        for (from, to) in *edits {
            assert!(doc.contains(from), "{trap}: {from}");
            doc = doc.replace(from, to);
        }
        let got = rules(&validate::chatgpt(&doc));
        assert!(got.iter().any(|r| r.contains(rule)), "{trap}: {got:?}");
    }
}

#[test]
fn the_openwebui_and_jsonl_validators_reject_their_traps() {
    let good = r#"[{"chat":{"title":"t","models":["whatsapp-copilot"],"history":{"currentId":"m-2","messages":{
"m-1":{"id":"m-1","parentId":null,"childrenIds":["m-2"],"role":"user","content":"hi","timestamp":1},
"m-2":{"id":"m-2","parentId":"m-1","childrenIds":[],"role":"assistant","content":"hello","timestamp":2}}}},
"meta":{"tags":["whatsapp","copilot"]},"pinned":false,"folder_id":null,"created_at":1,"updated_at":2}]"#;
    assert_eq!(rules(&validate::openwebui(good)), [] as [&str; 0]);
    let cases: &[(&str, &str, &str)] = &[
        (
            r#""role":"user""#,
            r#""role":"system""#,
            "role is user or assistant",
        ),
        (r#""content":"hi""#, r#""content":"""#, "non-empty string"),
        (
            r#""childrenIds":[]"#,
            r#""childrenIds":["m-3"]"#,
            "childrenIds",
        ),
        ("\"m-1\"", "\"1\"", "not integer-like"),
        (r#""copilot"]"#, r#""Co Pilot"]"#, "lower-case"),
        (
            r#""created_at":1"#,
            r#""created_at":1.5"#,
            "integer Unix seconds",
        ),
    ];
    for (from, to, rule) in cases {
        let got = rules(&validate::openwebui(&good.replace(from, to)));
        assert!(got.iter().any(|r| r.contains(rule)), "{to}: {got:?}");
    }

    let ok =
        r#"{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"hello"}]}"#;
    assert_eq!(rules(&validate::openai_jsonl(ok, true)), [] as [&str; 0]);
    // (line, strict, rule)
    let cases: &[(&str, bool, &str)] = &[
        (r#"{"messages":[]}"#, false, "missing_messages_list"),
        (
            r#"{"messages":[{"role":"user","content":"hi"}]}"#,
            false,
            "missing_assistant",
        ),
        (
            r#"{"messages":[{"role":"user","content":""},{"role":"assistant","content":"a"}]}"#,
            false,
            "missing_content",
        ),
        (
            r#"{"messages":[{"role":"bot","content":"hi"},{"role":"assistant","content":"a"}]}"#,
            false,
            "unrecognized_role",
        ),
        (
            r#"{"messages":[{"role":"user","content":"hi","time":1},{"role":"assistant","content":"a"}]}"#,
            false,
            "unrecognized_key",
        ),
        (
            r#"{"messages":[{"role":"user","content":"hi","weight":1},{"role":"assistant","content":"a"}]}"#,
            false,
            "weight",
        ),
        (
            r#"{"messages":[{"role":"assistant","content":"hi"},{"role":"user","content":"a"},{"role":"assistant","content":"b"}]}"#,
            true,
            "alternate",
        ),
        (
            r#"{"messages":[{"role":"user","content":"hi"},{"role":"user","content":"a"},{"role":"assistant","content":"b"}]}"#,
            true,
            "alternate",
        ),
        (
            r#"{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"a"},{"role":"user","content":"b"}]}"#,
            true,
            "ending with assistant",
        ),
        ("not json", false, "data_type"),
    ];
    for (line, strict, rule) in cases {
        let got = rules(&validate::openai_jsonl(line, *strict));
        assert!(got.iter().any(|r| r.contains(rule)), "{line}: {got:?}");
    }
}

/// (fixture folder, chat file, time zone) with golden files for every AI format and Markdown.
const GOLDEN: &[(&str, &str, &str)] = &[
    ("demo", "WhatsApp Chat with Copilot.txt", "Europe/London"),
    ("ios-en-group-kinds", "_chat.txt", "America/New_York"),
    (
        "android-en_US-12h-nnbsp",
        "WhatsApp Chat with Jordan.txt",
        "America/Chicago",
    ),
    ("ios-de_DE-12h-bom", "_chat.txt", "Europe/Berlin"),
];

/// (format, golden file name)
const FORMATS: &[(&str, &str)] = &[
    ("chatgpt", "expected.conversations.json"),
    ("openwebui", "expected.openwebui.json"),
    ("openai-jsonl", "expected.openai.jsonl"),
    ("claude", "expected.claude.json"),
    ("sillytavern", "expected.sillytavern.jsonl"),
    ("markdown", "expected.md"),
];

#[test]
fn golden_files_for_every_format() {
    for (dir, file, tz) in GOLDEN {
        let dir = fixtures().join(dir);
        let input = dir.join(file);
        for (format, name) in FORMATS {
            let out = run(&[
                "convert",
                "-q",
                input.to_str().expect("utf-8"),
                "-f",
                format,
                "--tz",
                tz,
            ]);
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let got = String::from_utf8(out.stdout).expect("utf-8");
            let expected = dir.join(name);
            if std::env::var_os("UPDATE_GOLDEN").is_some() {
                fs::write(&expected, &got).expect("write golden");
            }
            let want =
                fs::read_to_string(&expected).expect("golden exists (UPDATE_GOLDEN=1 creates it)");
            assert_same(&got, &want, &expected.display().to_string());
        }
    }
}

fn count(json: &str) -> usize {
    serde_json::from_str::<serde_json::Value>(json)
        .expect("JSON")
        .as_array()
        .expect("array")
        .len()
}

#[test]
fn split_cuts_conversations_by_silence_or_day() {
    let demo = fixtures().join("demo/WhatsApp Chat with Copilot.txt");
    // The demo has user/assistant messages on 9 days; 07/01 has a morning and an evening exchange 11 h apart.
    let cases: &[(&[&str], usize)] = &[
        (&[], 8),
        (&["--split", "gap:6h"], 8),
        (&["--split", "gap:12h"], 7),
        (&["--split", "day"], 7),
        (&["--split", "gap:30d"], 2),
        (&["--split", "none"], 1),
    ];
    for (args, want) in cases {
        let mut all = vec!["-f", "chatgpt", "-q"];
        all.extend_from_slice(args);
        let (out, _) = convert(&demo, &all);
        assert_eq!(count(&out), *want, "{args:?}");
    }
}

#[test]
fn time_zones_and_daylight_saving() {
    // 30 March 2025, Paris: 02:00 → 03:00. 26 October 2025: 03:00 → 02:00.
    let chat = "30/03/2025, 01:30 - Ana: before\n\
                30/03/2025, 02:30 - Copilot: in the gap\n\
                30/03/2025, 03:30 - Ana: after\n\
                26/10/2025, 02:30 - Copilot: twice\n";
    let json = |args: &[&str]| {
        let mut all = vec!["convert", "-", "-f", "jsonl"];
        all.extend_from_slice(args);
        let out = run_with_stdin(&all, chat.as_bytes());
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout)
            .expect("utf-8")
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).expect("line");
                v["time"].as_str().expect("time").to_string()
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(
        json(&["--tz", "Europe/Paris"]),
        [
            "2025-03-30T01:30:00+01:00",
            "2025-03-30T02:30:00+01:00",
            "2025-03-30T03:30:00+02:00",
            "2025-10-26T02:30:00+02:00"
        ]
    );
    assert_eq!(json(&["--tz", "-05:30"])[0], "2025-03-30T01:30:00-05:30");
    assert_eq!(
        json(&[])[0],
        "2025-03-30T01:30:00",
        "no --tz: wall-clock time as exported"
    );

    let out = run_with_stdin(
        &[
            "convert",
            "-",
            "-f",
            "openwebui",
            "--tz",
            "Europe/Paris",
            "--split",
            "none",
        ],
        chat.as_bytes(),
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let times: Vec<i64> = v[0]["chat"]["history"]["messages"]
        .as_object()
        .expect("messages")
        .values()
        .map(|m| m["timestamp"].as_i64().expect("timestamp"))
        .collect();
    // 00:30Z, 01:30Z (the gap reads as 03:30 summer time), 01:30Z, 00:30Z (the first, summer-time 02:30).
    assert_eq!(times, [1743294600, 1743298200, 1743298200, 1761438600]);

    let out = run(&["convert", "x.txt", "--tz", "Paris"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("IANA name"));
}

#[test]
fn strict_turns_alternate_and_end_on_the_assistant() {
    let chat = "01/02/2025, 09:00 - Copilot: Hi! I'm Copilot.\n\
                01/02/2025, 09:01 - Ana: first\n\
                01/02/2025, 09:01 - Ana: second\n\
                01/02/2025, 09:02 - Copilot: answer\n\
                01/02/2025, 09:02 - Copilot: more\n\
                01/02/2025, 09:03 - Ana: thanks\n";
    let out = |args: &[&str]| {
        let mut all = vec!["convert", "-", "-f", "openai-jsonl", "--tz", "UTC", "-q"];
        all.extend_from_slice(args);
        String::from_utf8(run_with_stdin(&all, chat.as_bytes()).stdout).expect("utf-8")
    };
    assert_eq!(
        out(&["--strict-turns", "--system", "You are Copilot."]),
        concat!(
            r#"{"messages":[{"role":"system","content":"You are Copilot."},"#,
            r#"{"role":"user","content":"first\n\nsecond"},{"role":"assistant","content":"answer\n\nmore"}]}"#,
            "\n"
        )
    );
    let loose = out(&[]);
    assert!(
        loose.starts_with(r#"{"messages":[{"role":"assistant","content":"Hi! I'm Copilot."}"#),
        "{loose}"
    );
    assert_eq!(
        rules(&validate::openai_jsonl(&loose, false)),
        [] as [&str; 0]
    );
}

#[test]
fn output_is_reproducible_and_ids_are_stable() {
    let demo = fixtures().join("demo/WhatsApp Chat with Copilot.txt");
    for format in ["chatgpt", "openwebui", "openai-jsonl", "markdown"] {
        let a = convert(&demo, &["-f", format, "-q"]).0;
        let b = convert(&demo, &["-f", format, "-q"]).0;
        assert_eq!(a, b, "{format}");
    }
    let ids = |split: &str| {
        let (out, _) = convert(&demo, &["-f", "chatgpt", "-q", "--split", split]);
        let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
        v.as_array()
            .expect("array")
            .iter()
            .map(|c| c["conversation_id"].as_str().expect("id").to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids("day"), ids("day"));
    assert_ne!(ids("day")[0], ids("none")[0], "each split gets its own ids");
}

#[test]
fn two_humans_get_guessed_roles_with_a_warning() {
    let chat = "01/02/2025, 09:00 - Ana: how do I boil an egg?\n\
                01/02/2025, 09:01 - Bob: 9 minutes\n";
    let out = run_with_stdin(
        &["convert", "-", "-f", "chatgpt", "--tz", "UTC"],
        chat.as_bytes(),
    );
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("roles were guessed: 'Bob' is the assistant"),
        "{err}"
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let roles: Vec<&str> = v[0]["mapping"]
        .as_object()
        .expect("mapping")
        .values()
        .filter_map(|n| n["message"]["author"]["role"].as_str())
        .collect();
    assert_eq!(roles, ["user", "assistant"]);

    let out = run_with_stdin(
        &[
            "convert",
            "-",
            "-f",
            "chatgpt",
            "--tz",
            "UTC",
            "--assistant",
            "Ana",
        ],
        chat.as_bytes(),
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains("guessed"));
}

#[test]
fn inspect_says_which_time_zone_is_used() {
    let demo = fixtures().join("demo/WhatsApp Chat with Copilot.txt");
    let demo = demo.to_str().expect("utf-8");
    let cases: &[(&[&str], &str)] = &[
        (
            &["inspect", demo],
            "time zone     Europe/Paris (the TZ environment variable; --tz to change)",
        ),
        (
            &["inspect", demo, "--tz", "+05:30"],
            "time zone     +05:30 (--tz)",
        ),
    ];
    for (args, want) in cases {
        let out = crate::common::cmd()
            .env("TZ", "Europe/Paris")
            .args(*args)
            .output()
            .expect("runs");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains(want), "{args:?}: {text}");
    }
}

#[test]
fn markdown_links_media_kept_beside_the_export() {
    let dir = tempfile::tempdir().expect("temp dir");
    let chat = dir.path().join("WhatsApp Chat with Copilot.txt");
    fs::write(
        &chat,
        "05/01/2025, 21:03 - Ana: IMG-20250105-WA0001.jpg (file attached)\nmy desk\n\
         05/01/2025, 21:04 - Ana: PTT-20250105-WA0002.opus (file attached)\n\
         05/01/2025, 21:05 - Ana: IMG-20250105-WA0003.jpg (file attached)\n\
         05/01/2025, 21:06 - Copilot: Nice desk!\n",
    )
    .expect("write chat");
    fs::write(dir.path().join("IMG-20250105-WA0001.jpg"), b"jpeg").expect("write image");
    fs::write(dir.path().join("PTT-20250105-WA0002.opus"), b"opus").expect("write voice");
    fs::create_dir(dir.path().join("out")).expect("mkdir");
    let md = dir.path().join("out/chat.md");
    let out = run(&[
        "convert",
        "-q",
        chat.to_str().expect("utf-8"),
        "-o",
        md.to_str().expect("utf-8"),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = fs::read_to_string(&md).expect("markdown");
    for want in [
        "![IMG-20250105-WA0001.jpg](<../IMG-20250105-WA0001.jpg>)  \nmy desk",
        "voice message: [PTT-20250105-WA0002.opus](<../PTT-20250105-WA0002.opus>)",
        "*[image: IMG-20250105-WA0003.jpg]*",
    ] {
        assert!(text.contains(want), "{want}\n{text}");
    }
    let json = run(&[
        "convert",
        "-q",
        chat.to_str().expect("utf-8"),
        "-f",
        "jsonl",
    ]);
    let first: serde_json::Value = serde_json::from_str(
        String::from_utf8_lossy(&json.stdout)
            .lines()
            .next()
            .expect("line"),
    )
    .expect("JSON");
    assert!(
        first["attachment"]["path"]
            .as_str()
            .expect("path")
            .ends_with("IMG-20250105-WA0001.jpg"),
        "{first}"
    );
}

#[test]
fn a_conversation_never_exceeds_the_cap() {
    // 10,001 messages a minute apart: no silence to split at.
    let mut chat = String::new();
    for i in 0..10_001u32 {
        let (d, h, m) = (1 + i / 1440, i / 60 % 24, i % 60);
        let who = if i % 2 == 0 { "Ana" } else { "Copilot" };
        chat.push_str(&format!(
            "{d:02}/01/2025, {h:02}:{m:02} - {who}: message {i}\n"
        ));
    }
    let out = run_with_stdin(
        &[
            "convert", "-", "-f", "chatgpt", "--tz", "UTC", "--split", "none",
        ],
        chat.as_bytes(),
    );
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let sizes: Vec<usize> = v
        .as_array()
        .expect("array")
        .iter()
        .map(|c| c["mapping"].as_object().expect("mapping").len() - 1)
        .collect();
    assert_eq!(sizes, [5000, 5000, 1]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("2 conversations reached 5000 messages"));
}

#[test]
fn the_machine_zone_is_never_used_silently() {
    let demo = fixtures().join("demo/WhatsApp Chat with Copilot.txt");
    let demo = demo.to_str().expect("utf-8");
    let note = "chatport: note: times are read in Europe/Paris (the TZ environment variable); pass --tz ZONE";
    let stderr = |args: &[&str]| {
        let out = crate::common::cmd()
            .env("TZ", "Europe/Paris")
            .args(args)
            .output()
            .expect("runs");
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    assert!(stderr(&["convert", demo, "-f", "chatgpt"]).contains(note));
    assert!(!stderr(&["convert", demo, "-f", "chatgpt", "--tz", "UTC"]).contains("note:"));
    assert!(!stderr(&["convert", demo, "-f", "json"]).contains("note:"));
    assert!(!stderr(&["convert", demo, "-f", "chatgpt", "-q"]).contains("note:"));
}

/// Issue 17: a later export of the same chat (one message more) keeps every earlier conversation's id and every
/// earlier turn's id, so an importer that skips known ids imports only what is new.
#[test]
fn a_later_export_keeps_every_earlier_conversations_id() {
    let demo = fixtures().join("demo/WhatsApp Chat with Copilot.txt");
    let dir = tempfile::tempdir().expect("temp");
    let later = dir.path().join("WhatsApp Chat with Copilot.txt");
    let mut text = fs::read_to_string(&demo).expect("demo");
    text.push_str("20/01/2026, 10:00 - Ana: One more question, a month later\n");
    fs::write(&later, text).expect("write");
    let ids = |input: &Path, split: &str| {
        let (out, _) = convert(input, &["-f", "chatgpt", "-q", "--split", split]);
        let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
        let mut ids = Vec::new();
        for c in v.as_array().expect("array") {
            ids.push(c["conversation_id"].as_str().expect("id").to_string());
            ids.extend(c["mapping"].as_object().expect("mapping").keys().cloned());
        }
        ids
    };
    for split in ["day", "gap:6h", "none"] {
        let (before, after) = (ids(&demo, split), ids(&later, split));
        let missing: Vec<&String> = before.iter().filter(|id| !after.contains(id)).collect();
        assert!(
            missing.is_empty(),
            "--split {split}: {} ids changed",
            missing.len()
        );
        assert!(after.len() > before.len(), "--split {split}");
    }
}

/// Issue 17: no title is made of a placeholder; a group's conversations take the group's name; a right-to-left
/// title keeps its date whole.
#[test]
fn titles_come_from_words_or_the_chats_name() {
    let dir = tempfile::tempdir().expect("temp");
    let chat = dir.path().join("WhatsApp Chat with Copilot.txt");
    fs::write(
        &chat,
        "16/01/2025, 09:00 - Ana: <Media omitted>\n16/01/2025, 09:01 - Ana: location: https://maps.google.com/?q=51.502145,-0.140014\n\
         16/01/2025, 09:02 - Copilot: Nice place\n17/01/2025, 10:00 - Ana: <Media omitted>\n17/01/2025, 10:01 - Copilot: I cannot see it\n\
         18/01/2025, 10:00 - Ana: مرحبا\n18/01/2025, 10:01 - Copilot: أهلا\n",
    )
    .expect("write");
    let (out, _) = convert(&chat, &["-f", "chatgpt", "-q", "--split", "day"]);
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let titles: Vec<&str> = v
        .as_array()
        .expect("array")
        .iter()
        .map(|c| c["title"].as_str().expect("title"))
        .collect();
    assert_eq!(
        titles,
        [
            "Copilot (2025-01-16)",
            "Copilot (2025-01-17)",
            "\u{2068}مرحبا\u{2069} (2025-01-18)"
        ]
    );
    let group = fixtures().join("ios-en-group-kinds/_chat.txt");
    let (out, _) = convert(&group, &["-f", "chatgpt", "-q"]);
    assert!(
        out.contains("\"title\":\"Lisbon 2024 (2024-08-14)\""),
        "{out}"
    );
}

/// Issue 17: wherever the chat has both sides, every conversation holds both: a reply after a gap stays with its
/// question, and a question no one answered joins the next session (or, at the end, the one before).
#[test]
fn every_conversation_holds_both_sides_when_the_chat_does() {
    let dir = tempfile::tempdir().expect("temp");
    let gaps = dir.path().join("WhatsApp Chat with Copilot.txt");
    fs::write(
        &gaps,
        "05/01/2025, 21:00 - Ana: A question at night\n06/01/2025, 09:00 - Copilot: The answer next morning\n\
         06/01/2025, 20:00 - Ana: A question no one answers\n07/01/2025, 08:00 - Ana: Another, hours later\n\
         07/01/2025, 08:01 - Copilot: Both answered now\n08/01/2025, 12:00 - Ana: A last one, unanswered\n",
    )
    .expect("write");
    let mut inputs = crate::common::fixture_exports();
    inputs.push(gaps.clone());
    for input in inputs {
        for split in ["gap:6h", "day"] {
            let (out, _) = convert(&input, &["-f", "chatgpt", "-q", "--split", split]);
            let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
            let sides = |c: &serde_json::Value| {
                let roles: Vec<&str> = c["mapping"]
                    .as_object()
                    .expect("mapping")
                    .values()
                    .filter_map(|n| n["message"]["author"]["role"].as_str())
                    .collect();
                (roles.contains(&"user"), roles.contains(&"assistant"))
            };
            let conversations = v.as_array().expect("array");
            let chat_has_both = {
                let all: Vec<(bool, bool)> = conversations.iter().map(sides).collect();
                all.iter().any(|s| s.0) && all.iter().any(|s| s.1)
            };
            if chat_has_both {
                for c in conversations {
                    assert_eq!(
                        sides(c),
                        (true, true),
                        "{} --split {split}: {}",
                        input.display(),
                        c["title"]
                    );
                }
            }
        }
    }
    let (out, _) = convert(&gaps, &["-f", "chatgpt", "-q"]);
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(v.as_array().expect("array").len(), 2, "{out}");
}

/// Issue 17: a group with no known AI contact is not given a guessed assistant: the AI formats say to name one (and
/// list the participants), or keep every message as a user's with its author's name under `--assistant none`; a
/// two-person chat keeps its guess, with a warning.
#[test]
fn a_group_without_an_ai_names_its_assistant_or_none() {
    let group = fixtures().join("android-en-notices/WhatsApp Chat with Family.txt");
    let out = run(&[
        "convert",
        group.to_str().expect("utf-8"),
        "-f",
        "chatgpt",
        "--tz",
        "UTC",
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("a group with no known AI contact"), "{err}");
    assert!(
        err.contains("the participants are: Maya, Leo, +44 7700 900123"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
    let (out, _) = convert(&group, &["-f", "chatgpt", "-q"]);
    assert!(
        out.contains("\"parts\":[\"Maya: Morning all\"]"),
        "names kept: {out}"
    );
    assert!(
        !out.contains("\"role\":\"assistant\""),
        "nobody is the AI: {out}"
    );
    let named = run(&[
        "convert",
        group.to_str().expect("utf-8"),
        "-f",
        "chatgpt",
        "-q",
        "--tz",
        "UTC",
        "--assistant",
        "maya",
    ]);
    assert!(String::from_utf8_lossy(&named.stdout).contains("\"role\":\"assistant\""));
    // JSON needs no assistant and reads the group as it is.
    let json = run(&["convert", group.to_str().expect("utf-8")]);
    assert_eq!(json.status.code(), Some(0));
}

/// Issue 17: WhatsApp markup becomes Markdown in the apps' formats (where `*Monday*` would show in italics), is
/// kept as typed with --keep-markup, and in training data.
#[test]
fn whatsapp_markup_becomes_markdown_for_the_apps() {
    let demo = fixtures().join("demo/WhatsApp Chat with Copilot.txt");
    for format in ["chatgpt", "openwebui"] {
        let (out, _) = convert(&demo, &["-f", format, "-q"]);
        assert!(out.contains("**Monday** – Chickpea curry"), "{format}");
        let (kept, _) = convert(&demo, &["-f", format, "-q", "--keep-markup"]);
        assert!(
            kept.contains("*Monday* – Chickpea curry") && !kept.contains("**Monday**"),
            "{format}"
        );
    }
    let (jsonl, _) = convert(&demo, &["-f", "openai-jsonl", "-q"]);
    assert!(jsonl.contains("*Monday* – Chickpea curry") && !jsonl.contains("**Monday**"));
    let refused = run(&[
        "convert",
        demo.to_str().expect("utf-8"),
        "-f",
        "json",
        "--keep-markup",
    ]);
    assert_eq!(refused.status.code(), Some(2));
}

/// Issue 17: --since/--until keep only the messages in that range, in every format; the AI formats keep the ids
/// the whole export gives, so what was imported before is recognised.
#[test]
fn since_and_until_keep_a_range_with_the_whole_exports_ids() {
    let demo = fixtures().join("demo/WhatsApp Chat with Copilot.txt");
    let (all, _) = convert(&demo, &["-f", "json", "-q"]);
    let (part, _) = convert(
        &demo,
        &[
            "-f",
            "json",
            "-q",
            "--since",
            "2025-01-12",
            "--until",
            "2025-01-20",
        ],
    );
    let times = |doc: &str| -> Vec<String> {
        let v: serde_json::Value = serde_json::from_str(doc).expect("JSON");
        v["messages"]
            .as_array()
            .expect("messages")
            .iter()
            .filter_map(|m| m["time"].as_str().map(str::to_string))
            .collect()
    };
    let (all_times, part_times) = (times(&all), times(&part));
    assert!(!part_times.is_empty() && part_times.len() < all_times.len());
    assert!(
        part_times
            .iter()
            .all(|t| t.as_str() >= "2025-01-12" && t.as_str() <= "2025-01-20T23:59:59")
    );
    assert_eq!(
        part_times.len(),
        all_times
            .iter()
            .filter(|t| t.as_str() >= "2025-01-12" && t.as_str() <= "2025-01-20T23:59:59")
            .count()
    );
    let ids = |extra: &[&str]| -> Vec<String> {
        let mut args = vec!["-f", "chatgpt", "-q"];
        args.extend_from_slice(extra);
        let (out, _) = convert(&demo, &args);
        let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
        v.as_array()
            .expect("array")
            .iter()
            .map(|c| c["conversation_id"].as_str().expect("id").to_string())
            .collect()
    };
    let (every, since) = (ids(&[]), ids(&["--since", "2025-01-12"]));
    assert!(!since.is_empty() && since.len() < every.len());
    assert!(
        since.iter().all(|id| every.contains(id)),
        "{since:?} in {every:?}"
    );
    let (md, _) = convert(&demo, &["-f", "markdown", "-q", "--until", "2025-01-05"]);
    assert!(
        md.contains("vegetarian") && !md.contains("palindrome"),
        "{md}"
    );
    let bad = run(&[
        "convert",
        demo.to_str().expect("utf-8"),
        "--since",
        "yesterday",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("expected a date"));
}

/// The Claude validator catches each trap of LibreChat's Claude importer.
#[test]
fn the_claude_validator_rejects_its_traps() {
    let ok = r#"[{"uuid":"c1","name":"T","created_at":"2025-01-05T21:03:00.000000Z","updated_at":"2025-01-05T21:04:00.000000Z","chat_messages":[{"uuid":"m1","text":"hi","content":[{"type":"text","text":"hi"}],"sender":"human","created_at":"2025-01-05T21:03:00.000000Z","updated_at":"2025-01-05T21:03:00.000000Z"},{"uuid":"m2","text":"hello","content":[{"type":"text","text":"hello"}],"sender":"assistant","created_at":"2025-01-05T21:04:00.000000Z","updated_at":"2025-01-05T21:04:00.000000Z"}]}]"#;
    assert_eq!(rules(&validate::claude(ok)), [] as [&str; 0]);
    let traps: &[(&str, &str, &str)] = &[
        (
            "\"chat_messages\"",
            "\"messages\"",
            "LibreChat tells the Claude format by it",
        ),
        (
            "\"sender\":\"human\"",
            "\"sender\":\"user\"",
            "sender is human or assistant",
        ),
        ("\"uuid\":\"m2\"", "\"uuid\":\"m1\"", "its own uuid"),
        (
            "\"created_at\":\"2025-01-05T21:04:00.000000Z\",\"updated_at\":\"2025-01-05T21:04:00.000000Z\"}]",
            "\"created_at\":\"yesterday\",\"updated_at\":\"2025-01-05T21:04:00.000000Z\"}]",
            "a message's created_at is an ISO 8601 time",
        ),
        (
            "\"text\":\"hello\",\"content\":[{\"type\":\"text\",\"text\":\"hello\"}]",
            "\"text\":\"\",\"content\":[]",
            "is not empty",
        ),
        (
            "\"created_at\":\"2025-01-05T21:03:00.000000Z\",\"updated_at\":\"2025-01-05T21:04:00.000000Z\",\"chat",
            "\"created_at\":1736110980,\"updated_at\":\"2025-01-05T21:04:00.000000Z\",\"chat",
            "ISO 8601",
        ),
    ];
    for (from, to, rule) in traps {
        assert!(ok.contains(from), "{from}");
        let bad = ok.replacen(from, to, 1);
        let got = rules(&validate::claude(&bad));
        assert!(got.iter().any(|r| r.contains(rule)), "{to}: {got:?}");
    }
}

/// The SillyTavern validator catches each trap of its Import chat and chat list.
#[test]
fn the_sillytavern_validator_rejects_its_traps() {
    let ok = "{\"user_name\":\"Ana\",\"character_name\":\"Copilot\",\"create_date\":\"2025-01-05@00h00m00s\",\"chat_metadata\":{}}\n\
              {\"name\":\"Ana\",\"is_user\":true,\"is_system\":false,\"send_date\":\"2025-01-05T21:03:00.000Z\",\"mes\":\"hi\",\"extra\":{}}\n\
              {\"name\":\"Copilot\",\"is_user\":false,\"is_system\":false,\"send_date\":\"2025-01-05T21:04:00.000Z\",\"mes\":\"hello\",\"extra\":{}}\n";
    assert_eq!(rules(&validate::sillytavern(ok)), [] as [&str; 0]);
    let traps: &[(&str, &str, &str)] = &[
        ("\"user_name\":\"Ana\",", "", "with user_name"),
        (
            "\"name\":\"Copilot\"",
            "\"who\":\"Copilot\"",
            "every message has a name",
        ),
        ("\"mes\":\"hello\"", "\"mes\":\"\"", "not empty"),
        (
            "\"is_user\":true",
            "\"is_user\":\"yes\"",
            "is_user is true or false",
        ),
        ("2025-01-05T21:04:00.000Z", "yesterday", "ISO 8601"),
    ];
    for (from, to, rule) in traps {
        assert!(ok.contains(from), "{from}");
        let got = rules(&validate::sillytavern(&ok.replacen(from, to, 1)));
        assert!(got.iter().any(|r| r.contains(rule)), "{to}: {got:?}");
    }
}
