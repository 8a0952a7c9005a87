//! Every kind of bad input, with its stated outcome: the exit code, what stderr says (error or warning), and that
//! a failure leaves no output file and no temporary file behind. The table here covers what one input file can be;
//! [`inputs`] covers hostile archives, streams and special files, [`outputs`] what a run may write (never its
//! inputs, never one file twice, never a device replaced) and how it ends (signals, a closed stderr).

mod inputs;
mod outputs;

use std::fs;

use crate::common::{run, zip_bytes};

const CHAT: &[u8] = b"05/01/2025, 21:03 - Ana: hi\n05/01/2025, 21:04 - Copilot: hello\n";

/// (name, file bytes, extra flags, exit code, text stderr must hold, an output file is written)
type Case = (
    &'static str,
    Vec<u8>,
    &'static [&'static str],
    i32,
    &'static str,
    bool,
);

fn cases() -> Vec<Case> {
    let long_line = {
        let mut v = b"05/01/2025, 21:03 - Ana: ".to_vec();
        v.resize(v.len() + (100 << 20), b'a');
        v.push(b'\n');
        v
    };
    let full_zip = zip_bytes(&[("_chat.txt", CHAT)]);
    vec![
        (
            "empty.txt",
            Vec::new(),
            &[],
            1,
            "no WhatsApp message header found; the file is empty",
            false,
        ),
        (
            "blank.txt",
            b"  \n\t\n   ".to_vec(),
            &[],
            1,
            "the file holds only blank lines",
            false,
        ),
        (
            "random.txt",
            (0..4096u32)
                .map(|i| (i.wrapping_mul(2_654_435_761) >> 7) as u8)
                .collect(),
            &[],
            1,
            "the file holds binary data",
            false,
        ),
        (
            "photo.txt",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00".to_vec(),
            &[],
            1,
            "is a PNG image, not a WhatsApp chat export",
            false,
        ),
        (
            "utf16.txt",
            "05/01/2025, 21:03 - Ana: hi\n"
                .encode_utf16()
                .flat_map(u16::to_le_bytes)
                .collect(),
            &[],
            0,
            "no byte-order mark but looks like UTF-16LE",
            true,
        ),
        ("long-line.txt", long_line, &[], 0, "", true),
        (
            "many-a.txt",
            b"a\n".repeat(1_000_000),
            &[],
            1,
            "no WhatsApp message header found; first line: 'a'",
            false,
        ),
        (
            "feb31.txt",
            b"31/02/2024, 10:00 - Ana: hi\n01/03/2024, 10:00 - Bob: yo\n".to_vec(),
            &[],
            0,
            "'31/02/2024, 10:00 -' is not a real date and time (no such day); the message is kept with no time",
            true,
        ),
        (
            "slip.zip",
            zip_bytes(&[("_chat.txt", CHAT), ("../../evil.sh", b"rm -rf ~")]),
            &["--media", "copy"],
            0,
            "'../../evil.sh' is a path with '..', which could write outside the media folder; not copied",
            true,
        ),
        (
            "bomb.zip",
            zip_bytes(&[("_chat.txt", CHAT), ("bomb.bin", &vec![0u8; 30 << 20])]),
            &["--media", "copy"],
            0,
            "'bomb.bin' would expand to 30 MB",
            true,
        ),
        (
            "cut.zip",
            full_zip[..full_zip.len() - 20].to_vec(),
            &[],
            1,
            "may be truncated or damaged",
            false,
        ),
    ]
}

#[test]
fn bad_inputs_have_their_stated_outcome_and_leave_nothing_half_done() {
    // On one thread, and with reading beside detection and parsing beside writing: the same outcome.
    for ((name, bytes, flags, code, say, written), jobs) in cases()
        .into_iter()
        .flat_map(|case| [(case.clone(), "1"), (case, "2")])
    {
        let dir = tempfile::tempdir().expect("temp");
        let input = dir.path().join(name);
        fs::write(&input, &bytes).expect("write input");
        let out_dir = dir.path().join("out");
        fs::create_dir(&out_dir).expect("mkdir");
        let target = out_dir.join("result.json");
        let mut args = vec![
            "convert",
            input.to_str().expect("utf-8"),
            "-o",
            target.to_str().expect("utf-8"),
            "--jobs",
            jobs,
        ];
        args.extend_from_slice(flags);
        let out = run(&args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "{name} --jobs {jobs}: {err}");
        assert!(err.contains(say), "{name}: {err}");
        if code != 0 {
            assert!(
                err.contains(name),
                "{name}: the error names the file: {err}"
            );
        }
        assert_eq!(target.exists(), written, "{name}");
        let leftovers: Vec<_> = fs::read_dir(&out_dir)
            .expect("out")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "{name}: {leftovers:?}");
        if written {
            let doc: serde_json::Value =
                serde_json::from_str(&fs::read_to_string(&target).expect("read"))
                    .expect("complete JSON");
            assert!(
                !doc["messages"].as_array().expect("messages").is_empty(),
                "{name}"
            );
        }
    }
}

#[test]
fn unreadable_inputs_and_missing_output_folders() {
    let dir = tempfile::tempdir().expect("temp");
    let input = dir.path().join("chat.txt");
    fs::write(&input, CHAT).expect("write");
    // An output folder that does not exist: exit 1, named, nothing created.
    let target = dir.path().join("no/such/folder/out.json");
    let out = run(&[
        "convert",
        input.to_str().expect("utf-8"),
        "-o",
        target.to_str().expect("utf-8"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("does not exist; create it"), "{err}");
    assert!(!dir.path().join("no").exists());

    // An unreadable file (only meaningful when not running as root, who reads everything).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let locked = dir.path().join("locked.txt");
        fs::write(&locked, CHAT).expect("write");
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).expect("chmod");
        if fs::File::open(&locked).is_err() {
            let out = run(&["convert", locked.to_str().expect("utf-8")]);
            assert_eq!(out.status.code(), Some(1));
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(err.contains("locked.txt: cannot read"), "{err}");
        }
    }
}

/// Every byte string `from` in `zip` (a name, in its local header and central record) becomes `to`, as long.
fn rename_in_zip(zip: &mut [u8], from: &str, to: &str) {
    assert_eq!(from.len(), to.len());
    let (from, to) = (from.as_bytes(), to.as_bytes());
    let mut i = 0;
    while let Some(at) = zip[i..].windows(from.len()).position(|w| w == from) {
        zip[i + at..i + at + to.len()].copy_from_slice(to);
        i += at + to.len();
    }
}
