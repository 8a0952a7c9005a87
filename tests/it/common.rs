//! Helpers shared by the integration tests: run the real binary in a scrubbed environment, find fixtures.
//!
//! The corpus tests read the peers' sample exports in `../shared/corpus/peers` (not committed: their licenses
//! forbid it), and a test that could not run must not pass. A test cannot make itself ignored at run time, so
//! each carries `#[cfg_attr(not(corpus), ignore = "...")]`, and `build.rs` sets `cfg(corpus)` when
//! `MANIFEST.tsv` is there or when the environment variable `CHATPORT_CORPUS` is set (to anything):
//! - corpus present: they run;
//! - absent, `CHATPORT_CORPUS` unset: they show as ignored (`--include-ignored` runs them, and they fail);
//! - absent, `CHATPORT_CORPUS` set: they run and fail in [`corpus`], saying where it looked. Set it where the
//!   corpus must be checked, so that a missing folder cannot pass for a green run.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The `chatport` binary with an environment that cannot change its output.
pub fn cmd() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_chatport"));
    c.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("LC_ALL", "C");
    c.stdin(Stdio::null());
    c
}

/// Runs the binary with `args` and returns its output.
pub fn run(args: &[&str]) -> Output {
    cmd().args(args).output().expect("the chatport binary runs")
}

/// Runs the binary with `args`, which must succeed, and reads its standard output as JSON.
pub fn run_json(args: &[&str]) -> serde_json::Value {
    let o = run(args);
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).expect("a json document")
}

/// Runs the binary with `stdin` as standard input.
pub fn run_with_stdin(args: &[&str], stdin: &[u8]) -> Output {
    use std::io::Write;
    let mut child = cmd()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut input = child.stdin.take().expect("stdin");
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let out = child.wait_with_output().expect("wait");
    let _ = writer.join();
    out
}

/// Reads a whole export held in a string, as `convert` reads a file with `--date-order` when `order` is given:
/// its messages and warnings. Every `\n` in `text` separates two lines, so a text ending in `\n` ends with an
/// empty line (as the generated exports of the property tests mean it); a file's last line break only ends it.
pub fn parse_text(
    text: &str,
    order: Option<chatport::model::DateOrder>,
) -> chatport::Result<(Vec<chatport::Message>, Vec<chatport::Warning>)> {
    let reader = chatport::Reader::new(chatport::ReadOptions {
        date_order: order,
        ..chatport::ReadOptions::default()
    });
    let t = reader.read_bytes("chat.txt", format!("{text}\n").as_bytes())?;
    Ok((t.messages, t.warnings))
}

/// The repository's `fixtures/` folder.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// The shared peer corpus beside the checkout (the folder `build.rs` looked for); panics when it is not there,
/// since a corpus test only runs when the corpus is present or required (see the module doc).
pub fn corpus() -> PathBuf {
    let p = PathBuf::from(env!("CHATPORT_CORPUS_PEERS"));
    let manifest = p.join("MANIFEST.tsv");
    assert!(
        manifest.is_file(),
        "no {}: the corpus tests need the peers' sample exports there (they run when it is present, when \
         CHATPORT_CORPUS is set, or with --include-ignored)",
        manifest.display()
    );
    p
}

/// Asserts two texts are equal, showing the first differing line instead of two walls of text.
pub fn assert_same(got: &str, want: &str, what: &str) {
    if got == want {
        return;
    }
    let (g, w): (Vec<&str>, Vec<&str>) = (got.lines().collect(), want.lines().collect());
    let at = g
        .iter()
        .zip(&w)
        .position(|(a, b)| a != b)
        .unwrap_or(g.len().min(w.len()));
    panic!(
        "{what}: output differs at line {}\n  got:  {}\n  want: {}\n(rerun with UPDATE_GOLDEN=1 to accept)",
        at + 1,
        g.get(at).unwrap_or(&"<end>"),
        w.get(at).unwrap_or(&"<end>")
    );
}

/// A zip holding `entries` (name, bytes), deflated; a name `@link:NAME` adds a symbolic link NAME to the bytes as a
/// path. The zip tests make their own inputs with it.
pub fn zip_bytes(entries: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    use zip::write::SimpleFileOptions;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        if let Some(link) = name.strip_prefix("@link:") {
            let target = String::from_utf8_lossy(bytes).into_owned();
            zip.add_symlink(link, target, SimpleFileOptions::default())
                .expect("symlink");
            continue;
        }
        zip.start_file(*name, SimpleFileOptions::default())
            .expect("entry");
        zip.write_all(bytes).expect("write entry");
    }
    zip.finish().expect("finish zip").into_inner()
}

/// Every `.txt` and `.zip` under `dir`, recursively, sorted.
pub fn exports_under(dir: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).expect("folder").flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "txt" || x == "zip") {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, &mut out);
    out.sort();
    out
}

/// The chat file of every fixture of one export (a `merge-…` fixture holds several exports of one chat, with
/// the merged golden files: `merge.rs` tests it).
pub fn fixture_exports() -> Vec<PathBuf> {
    let chats: Vec<PathBuf> = exports_under(&fixtures())
        .into_iter()
        .filter(|p| {
            !p.components()
                .any(|c| c.as_os_str().to_string_lossy().starts_with("merge-"))
        })
        .collect();
    assert!(chats.len() >= 18, "{chats:?}");
    chats
}

/// The flags the AI formats need for a fixture: a group with no known AI contact must say who the assistant is, and
/// the fixtures' groups say nobody (`--assistant none`).
pub fn ai_flags(export: &Path) -> &'static [&'static str] {
    if export.to_string_lossy().contains("android-en-notices") {
        &["--assistant", "none"]
    } else {
        &[]
    }
}
