//! `-f html` in a real browser (issue 18): Debian's headless Chromium opens each page from disk with `#q=WORD`
//! and dumps the DOM its script left; the search must show exactly the messages holding the word, and say how
//! many. Run on the demo, a group, media, right-to-left text and a 40,000-message chat (WhatsApp's cap). These
//! tests need `/usr/bin/chromium` (`.ci/run` installs it): without it they are ignored, or fail when
//! `CHATPORT_BROWSER` is set (see `build.rs`). Screenshots to look at are `bench/screenshots.sh`'s job.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use scraper::{Html, Selector};

use crate::common::{fixtures, run};

/// The DOM of `page` once loaded at `fragment`, as headless Chromium dumps it.
fn dom(page: &Path, fragment: &str) -> String {
    let profile = tempfile::tempdir().expect("profile dir");
    let url = format!(
        "file://{}{fragment}",
        page.canonicalize().expect("page").display()
    );
    let mut child = Command::new("/usr/bin/chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            &format!("--user-data-dir={}", profile.path().display()),
            "--dump-dom",
            &url,
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromium runs (Debian's chromium package; .ci/run installs it)");
    let mut out = String::new();
    let mut stdout = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        let _ = stdout.read_to_string(&mut out);
        out
    });
    let started = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish with {url}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    reader.join().expect("reader")
}

/// Writes `export`'s page into `dir` and checks that `#q=term` shows exactly the messages holding `term`
/// (`want` of them, when given).
fn searched(dir: &Path, export: &Path, term: &str, want: Option<usize>) {
    let page = dir.join(format!(
        "{}.html",
        export.file_stem().expect("stem").to_string_lossy()
    ));
    let o = run(&[
        "convert",
        "-q",
        export.to_str().expect("utf-8"),
        "-f",
        "html",
        "-o",
        page.to_str().expect("utf-8"),
        "--force",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let fragment = format!("#q={}", term.replace(' ', "%20"));
    let doc = Html::parse_document(&dom(&page, &fragment));
    let all = Selector::parse("#chat .msg, #chat .notice").expect("selector");
    let (mut shown, mut total) = (0, 0);
    for el in doc.select(&all) {
        total += 1;
        let hidden = el.value().classes().any(|c| c == "hidden");
        // What the page searches: every message's author (`data-author`) and body; a notice's text.
        let body = Selector::parse(".body").expect("selector");
        let mut text: String = el.value().attr("data-author").unwrap_or("").to_string();
        text.push(' ');
        text.extend(el.select(&body).flat_map(|e| e.text()));
        if el.value().classes().any(|c| c == "notice") {
            text = el.text().collect();
        }
        let holds = text.to_lowercase().contains(&term.to_lowercase());
        assert_eq!(!hidden, holds, "{}: {}", export.display(), el.html());
        shown += usize::from(!hidden);
    }
    assert!(
        shown > 0 && shown < total,
        "{}: {shown} of {total}",
        export.display()
    );
    if let Some(want) = want {
        assert_eq!(shown, want, "{}", export.display());
    }
    let hits = Selector::parse("#hits").expect("selector");
    let said: String = doc.select(&hits).flat_map(|e| e.text()).collect();
    assert_eq!(
        said,
        format!("{shown} of {total} messages"),
        "{}",
        export.display()
    );
}

#[test]
#[cfg_attr(not(browser), ignore = "needs Debian's chromium (.ci/run installs it)")]
fn search_from_the_address_shows_exactly_the_messages_holding_the_word() {
    let dir = tempfile::tempdir().expect("temp");
    let cases: [(PathBuf, &str); 3] = [
        (
            fixtures().join("demo/WhatsApp Chat with Copilot.txt"),
            "shopping",
        ),
        (fixtures().join("ios-en-group-kinds/_chat.txt"), "lisbon"),
        (fixtures().join("ios-ar-arabic-digits/_chat.txt"), "مرحبا"),
    ];
    for (export, term) in &cases {
        searched(dir.path(), export, term, None);
    }
}

#[test]
#[cfg_attr(not(browser), ignore = "needs Debian's chromium (.ci/run installs it)")]
fn search_works_on_a_page_with_media() {
    let dir = tempfile::tempdir().expect("temp");
    let chat = "[14/08/2024, 21:01:00] Ana: \u{200e}<attached: 00000001-PHOTO-2024-08-14-21-01-00.jpg>\n\
                [14/08/2024, 21:02:00] Ana: the plan is in the PDF\n\
                [14/08/2024, 21:03:00] Bo: \u{200e}<attached: 00000002-Plan.pdf>\n\
                [14/08/2024, 21:04:00] Bo: see you there\n";
    let zip = crate::common::zip_bytes(&[
        ("_chat.txt", chat.as_bytes()),
        (
            "00000001-PHOTO-2024-08-14-21-01-00.jpg",
            b"\xFF\xD8\xFFjpeg",
        ),
        ("00000002-Plan.pdf", b"%PDF-1.4"),
    ]);
    let input = dir.path().join("WhatsApp Chat - Bo.zip");
    fs::write(&input, zip).expect("zip");
    searched(dir.path(), &input, "plan", Some(2));
}

#[test]
#[cfg_attr(not(browser), ignore = "needs Debian's chromium (.ci/run installs it)")]
fn search_works_on_forty_thousand_messages() {
    let dir = tempfile::tempdir().expect("temp");
    let mut text = String::with_capacity(40_000 * 60);
    for i in 0..40_000 {
        let (day, hour, minute) = (1 + i / 1440 % 28, i / 60 % 24, i % 60);
        let month = 1 + i / (1440 * 28);
        let who = if i % 2 == 0 { "Ana" } else { "Copilot" };
        let word = if i % 1000 == 7 { "needle" } else { "hay" };
        text.push_str(&format!(
            "{day:02}/{month:02}/2025, {hour:02}:{minute:02} - {who}: message {i} {word}\n"
        ));
    }
    let export = dir.path().join("WhatsApp Chat with Copilot.txt");
    fs::write(&export, text).expect("write");
    searched(dir.path(), &export, "needle", Some(40));
    // An author is found in every message of theirs, not only where the name is shown.
    searched(dir.path(), &export, "copilot", Some(20_000));
}
