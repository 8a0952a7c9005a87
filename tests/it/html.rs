//! `-f html` (issue 18), read back with a real HTML5 parser (`scraper`, html5ever): one element per model message
//! with its author, time, kind and text; message text never becomes markup; every media link resolves to a copied
//! file; a batch's `index.html` links every page. The page of every fixture is a golden file, less its inline
//! stylesheet and script (the browser test, `browser.rs`, runs those).

use std::fs;
use std::path::Path;

use scraper::{Html, Selector};

use crate::common::{assert_same, fixture_exports, run};

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("a selector")
}

/// The page of `export` and its `chatport/1` document.
fn page_and_model(export: &Path, extra: &[&str]) -> (String, serde_json::Value) {
    let input = export.to_str().expect("utf-8");
    let page = run(&[&["convert", "-q", input, "-f", "html"], extra].concat());
    assert!(
        page.status.success(),
        "{input}: {}",
        String::from_utf8_lossy(&page.stderr)
    );
    let json = run(&[&["convert", "-q", input, "-f", "json"], extra].concat());
    let model = serde_json::from_slice(&json.stdout).expect("the json document");
    (String::from_utf8(page.stdout).expect("utf-8 page"), model)
}

/// The page without the contents of its inline `<style>` and `<script>`, which every page shares.
fn without_assets(page: &str) -> String {
    let mut out = page.to_string();
    for (open, close) in [("<style>\n", "</style>"), ("<script>\n", "</script>")] {
        if let (Some(a), Some(b)) = (out.find(open), out.find(close)) {
            out.replace_range(a + open.len()..b, "…\n");
        }
    }
    out
}

#[test]
fn every_fixture_has_its_golden_page() {
    for export in fixture_exports() {
        let (page, _) = page_and_model(&export, &[]);
        let expected = export.with_file_name("expected.html");
        let got = without_assets(&page);
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            fs::write(&expected, &got).expect("write golden");
        }
        let want =
            fs::read_to_string(&expected).expect("golden exists (UPDATE_GOLDEN=1 creates it)");
        assert_same(&got, &want, &expected.display().to_string());
    }
}

/// Every model message is one element, `#m<line>`, with its kind, author, time and (for plain text) its text.
#[test]
fn one_element_per_message_with_its_author_time_kind_and_text() {
    for export in fixture_exports() {
        let (page, model) = page_and_model(&export, &[]);
        let doc = Html::parse_document(&page);
        let shown = doc.select(&sel("#chat .msg, #chat .notice")).count();
        let messages = model["messages"].as_array().expect("messages");
        assert_eq!(shown, messages.len(), "{}", export.display());
        for m in messages {
            let id = format!("#m{}", m["line"]);
            let el = doc
                .select(&sel(&id))
                .next()
                .unwrap_or_else(|| panic!("{}: no {id}", export.display()));
            let kind = m["kind"].as_str().expect("kind");
            let system = kind == "system" || m["role"] == "system";
            assert_eq!(
                el.value().attr("data-kind"),
                Some(if system { "system" } else { kind }),
                "{id}"
            );
            if let Some(t) = m["time"].as_str() {
                let time = el.select(&sel("time")).last().expect("a time");
                assert!(
                    time.value()
                        .attr("datetime")
                        .is_some_and(|d| d.starts_with(&t[..19])),
                    "{id}"
                );
            }
            if let (false, Some(who)) = (system, el.select(&sel(".who")).next()) {
                assert_eq!(
                    who.text().collect::<String>(),
                    m["author"].as_str().unwrap_or(""),
                    "{id}"
                );
            }
            let text = m["text"].as_str().unwrap_or("");
            let plain =
                !text.contains(['*', '_', '~', '`', '>', '-', '•']) && !text.contains("://");
            if kind == "text" && plain && !system {
                let body = el.select(&sel(".text")).next().expect("a text body");
                assert_eq!(
                    body.text().collect::<String>(),
                    text,
                    "{}{id}",
                    export.display()
                );
            }
        }
    }
}

/// Message text is never read as HTML: it shows as the characters typed.
#[test]
fn message_text_is_never_markup() {
    let dir = tempfile::tempdir().expect("temp");
    let hostile = [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "\"><b onmouseover=alert(1)>x</b>",
        "</article></main><style>body{display:none}</style>",
        "javascript:alert(1)",
        "&amp; &lt;ok&gt; &#x3C;",
    ];
    let mut export = String::new();
    for (i, t) in hostile.iter().enumerate() {
        export.push_str(&format!("05/01/2025, 21:0{i} - <b>Mallory</b>: {t}\n"));
    }
    export.push_str(
        "05/01/2025, 21:09 - Ana: see https://example.com/a_b_(c)?q=1&r=<x> and *bold <i>*\n",
    );
    let path = dir.path().join("WhatsApp Chat with Mallory.txt");
    fs::write(&path, &export).expect("write");
    let (page, _) = page_and_model(&path, &[]);
    let doc = Html::parse_document(&page);
    assert_eq!(
        doc.select(&sel("script")).count(),
        1,
        "only the page's own script"
    );
    assert_eq!(
        doc.select(&sel("style")).count(),
        1,
        "only the page's own style"
    );
    assert_eq!(doc.select(&sel("#chat img")).count(), 0);
    for el in doc.select(&sel("#chat .text *, #chat header *")) {
        let tag = el.value().name();
        assert!(
            [
                "a", "strong", "em", "del", "code", "pre", "span", "b", "bdi"
            ]
            .contains(&tag),
            "<{tag}>"
        );
        assert!(
            tag != "b" || el.value().attr("class") == Some("who"),
            "a <b> from text"
        );
    }
    for el in doc.select(&sel("*")) {
        for (name, value) in el.value().attrs() {
            assert!(!name.starts_with("on"), "{name}={value}");
            assert!(
                !value.trim_start().to_lowercase().starts_with("javascript:"),
                "{name}={value}"
            );
        }
    }
    let texts: Vec<String> = doc
        .select(&sel("#chat .msg .text"))
        .map(|e| e.text().collect())
        .collect();
    assert_eq!(&texts[..hostile.len()], hostile);
    let who: Vec<String> = doc
        .select(&sel(".who"))
        .map(|e| e.text().collect())
        .collect();
    assert_eq!(who[0], "<b>Mallory</b>");
    let links: Vec<&str> = doc
        .select(&sel("#chat .text a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(links, ["https://example.com/a_b_(c)?q=1&r="], "{page}");
    let bold: Vec<String> = doc
        .select(&sel("#chat strong"))
        .map(|e| e.text().collect())
        .collect();
    assert_eq!(bold, ["bold <i>"]);
}

/// Media copied beside the page are shown from there: an image inline, players for video and voice notes, a link
/// for a document; every link resolves to a copied file. Omitted media are a quiet placeholder.
#[test]
fn media_links_resolve_to_copied_files() {
    let dir = tempfile::tempdir().expect("temp");
    let chat = "[14/08/2024, 21:01:00] Ana: \u{200e}<attached: 00000001-PHOTO-2024-08-14-21-01-00.jpg>\n\
                [14/08/2024, 21:02:00] Ana: \u{200e}<attached: 00000002-AUDIO-2024-08-14-21-02-00.opus>\n\
                [14/08/2024, 21:03:00] Ana: \u{200e}<attached: 00000003-VIDEO-2024-08-14-21-03-00.mp4>\n\
                [14/08/2024, 21:04:00] Ana: \u{200e}<attached: 00000004-My plan #2.pdf>\n\
                [14/08/2024, 21:05:00] Bo: \u{200e}image omitted\n";
    let zip = crate::common::zip_bytes(&[
        ("_chat.txt", chat.as_bytes()),
        (
            "00000001-PHOTO-2024-08-14-21-01-00.jpg",
            b"\xFF\xD8\xFFjpeg",
        ),
        ("00000002-AUDIO-2024-08-14-21-02-00.opus", b"OggSopus"),
        (
            "00000003-VIDEO-2024-08-14-21-03-00.mp4",
            b"\0\0\0\x18ftypmp42",
        ),
        ("00000004-My plan #2.pdf", b"%PDF-1.4"),
    ]);
    let input = dir.path().join("WhatsApp Chat - Ana.zip");
    fs::write(&input, zip).expect("write zip");
    let out = dir.path().join("out");
    let o = run(&[
        "convert",
        input.to_str().expect("utf-8"),
        "-f",
        "html",
        "-o",
        &format!("{}/", out.display()),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let page_path = fs::read_dir(&out)
        .expect("out")
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "html") && !p.ends_with("index.html"))
        .expect("a page");
    let doc = Html::parse_document(&fs::read_to_string(&page_path).expect("page"));
    let count = |s: &str| doc.select(&sel(s)).count();
    assert_eq!(
        (
            count("#chat img"),
            count("#chat audio"),
            count("#chat video"),
            count("#chat a.file")
        ),
        (1, 1, 1, 3)
    );
    let mut resolved = 0;
    for el in doc.select(&sel(
        "#chat img, #chat audio, #chat video, #chat a.media, #chat a.file",
    )) {
        let link = el
            .value()
            .attr("src")
            .or(el.value().attr("href"))
            .expect("a link");
        let file = page_path
            .parent()
            .expect("folder")
            .join(percent_decoded(link));
        assert!(file.is_file(), "{link} → {}", file.display());
        resolved += 1;
    }
    assert_eq!(resolved, 7);
    let quiet: Vec<String> = doc
        .select(&sel("#chat .quiet"))
        .map(|e| e.text().collect())
        .collect();
    assert!(quiet.iter().any(|q| q == "[image omitted]"), "{quiet:?}");
    assert!(quiet.iter().any(|q| q == "document, 8 bytes"), "{quiet:?}");
}

/// A zip with a photo, a voice note and a PDF, as `WhatsApp Chat - Ana.zip` in `dir`.
fn media_zip(dir: &Path) -> std::path::PathBuf {
    let chat = "[14/08/2024, 21:01:00] Ana: \u{200e}<attached: 00000001-PHOTO-2024-08-14-21-01-00.jpg>\n\
                [14/08/2024, 21:02:00] Ana: \u{200e}<attached: 00000002-AUDIO-2024-08-14-21-02-00.opus>\n\
                [14/08/2024, 21:04:00] Ana: \u{200e}<attached: 00000004-My plan #2.pdf>\n";
    let zip = crate::common::zip_bytes(&[
        ("_chat.txt", chat.as_bytes()),
        (
            "00000001-PHOTO-2024-08-14-21-01-00.jpg",
            b"\xFF\xD8\xFFjpeg",
        ),
        ("00000002-AUDIO-2024-08-14-21-02-00.opus", b"OggSopus"),
        ("00000004-My plan #2.pdf", b"%PDF-1.4"),
    ]);
    let input = dir.join("WhatsApp Chat - Ana.zip");
    fs::write(&input, zip).expect("write zip");
    input
}

/// `--embed-media` makes the page one file: every medium inside it as a `data:` URI, nothing beside it; a file
/// over the cap is left out with a warning; the flag needs `-f html`.
#[test]
fn embedded_media_make_the_page_one_file() {
    let dir = tempfile::tempdir().expect("temp");
    let input = media_zip(dir.path());
    let input = input.to_str().expect("utf-8");
    let out = dir.path().join("out");
    fs::create_dir(&out).expect("mkdir");
    let page = out.join("Ana.html");
    let o = run(&[
        "convert",
        input,
        "-o",
        page.to_str().expect("utf-8"),
        "--embed-media",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(fs::read_dir(&out).expect("out").count(), 1, "only the page");
    let doc = Html::parse_document(&fs::read_to_string(&page).expect("page"));
    let attr = |s: &str, name: &str| -> Vec<String> {
        doc.select(&sel(s))
            .filter_map(|e| e.value().attr(name).map(str::to_string))
            .collect()
    };
    assert_eq!(
        attr("#chat img", "src"),
        ["data:image/jpeg;base64,/9j/anBlZw=="]
    );
    assert_eq!(
        attr("#chat audio", "src"),
        ["data:audio/ogg;base64,T2dnU29wdXM="]
    );
    assert_eq!(
        attr("#chat a.file", "href"),
        ["data:application/pdf;base64,JVBERi0xLjQ="]
    );
    assert_eq!(
        attr("#chat a.file", "download"),
        ["00000004-My plan #2.pdf"]
    );

    let small = out.join("small.html");
    let o = run(&[
        "convert",
        input,
        "-o",
        small.to_str().expect("utf-8"),
        "--embed-media=0",
    ]);
    assert!(o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(
        err.matches("more than --embed-media takes").count(),
        3,
        "{err}"
    );
    let doc = Html::parse_document(&fs::read_to_string(&small).expect("page"));
    assert_eq!(
        doc.select(&sel("#chat img, #chat audio, #chat a.file"))
            .count(),
        0
    );

    // The flag alone takes no value: the input after it is not read as one.
    let o = run(&["convert", "--embed-media", input, "-f", "json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("add -f html"));
}

fn percent_decoded(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let Some(v) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).expect("utf-8")
}

/// A batch into a folder writes `index.html`, linking every chat's page, with its participants and dates; a chat
/// named "index" gets another name, and an `index.html` chatport did not write is left alone.
#[test]
fn a_batch_writes_an_index_of_its_pages() {
    let dir = tempfile::tempdir().expect("temp");
    let inputs = dir.path().join("in");
    fs::create_dir(&inputs).expect("mkdir");
    let demo = fs::read(crate::common::fixtures().join("demo/WhatsApp Chat with Copilot.txt"))
        .expect("demo");
    fs::write(inputs.join("WhatsApp Chat with Copilot.txt"), &demo).expect("write");
    fs::write(
        inputs.join("WhatsApp Chat with index.txt"),
        "05/01/2025, 21:03 - index: hi\n05/01/2025, 21:04 - Ana: hello\n",
    )
    .expect("write");
    let out = dir.path().join("out");
    let o = run(&[
        "convert",
        inputs.to_str().expect("utf-8"),
        "-f",
        "html,json",
        "-o",
        out.to_str().expect("utf-8"),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let index = Html::parse_document(&fs::read_to_string(out.join("index.html")).expect("index"));
    let rows: Vec<(String, String)> = index
        .select(&sel("tbody tr"))
        .map(|r| {
            let a = r.select(&sel("a")).next().expect("a link");
            (
                a.text().collect(),
                a.value().attr("href").expect("href").to_string(),
            )
        })
        .collect();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[0].0, "Copilot");
    assert!(
        rows[1].1 != "index.html" && rows[1].1.starts_with("index-"),
        "{rows:?}"
    );
    for (_, href) in &rows {
        assert!(out.join(percent_decoded(href)).is_file(), "{href}");
    }
    // Rewritten on a rerun; someone else's index.html is kept.
    fs::write(out.join("index.html"), "<p>my own notes</p>").expect("write");
    let again = run(&[
        "convert",
        inputs.to_str().expect("utf-8"),
        "-f",
        "html",
        "-o",
        out.to_str().expect("utf-8"),
        "--skip-existing",
    ]);
    assert!(again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("was not written by chatport"));
    assert_eq!(
        fs::read_to_string(out.join("index.html")).expect("index"),
        "<p>my own notes</p>"
    );
}

/// Right-to-left text is laid out right: every message says `dir="auto"`, so the browser takes each one's own
/// direction.
#[test]
fn every_message_takes_its_own_direction() {
    let export = crate::common::fixtures().join("ios-ar-arabic-digits/_chat.txt");
    let (page, _) = page_and_model(&export, &[]);
    let doc = Html::parse_document(&page);
    let all = doc.select(&sel("#chat .msg, #chat .notice")).count();
    let auto = doc
        .select(&sel("#chat .msg[dir=auto], #chat .notice[dir=auto]"))
        .count();
    assert!(all > 0 && all == auto, "{all} {auto}");
}

/// A `chatport/1` document read back can hold any string where an export holds a map link or a media path:
/// only `http(s):`/`geo:` places become links, and only relative paths (or the `data:` media chatport embeds)
/// are linked; `javascript:`, absolute, `//host` and `..` paths are not.
#[test]
fn a_document_cannot_smuggle_links_or_paths_into_the_page() {
    let dir = tempfile::tempdir().expect("temp");
    let export = dir.path().join("WhatsApp Chat with Ana.txt");
    fs::write(
        &export,
        "05/01/2025, 21:00 - Ana: location: https://maps.google.com/?q=1,2\n\
         05/01/2025, 21:01 - Ana: IMG-1.jpg (file attached)\n\
         05/01/2025, 21:02 - Ana: IMG-2.jpg (file attached)\n\
         05/01/2025, 21:03 - Ana: IMG-3.jpg (file attached)\n\
         05/01/2025, 21:04 - Ana: IMG-4.jpg (file attached)\n",
    )
    .expect("write");
    let json = run(&[
        "convert",
        "-q",
        export.to_str().expect("utf-8"),
        "-f",
        "json",
    ]);
    let mut doc: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
    let messages = doc["messages"].as_array_mut().expect("messages");
    messages[0]["location"]["url"] = "javascript:alert(document.domain)".into();
    let paths = [
        "/etc/passwd",
        "//tracker.example/p.png",
        "../../secret.jpg",
        "data:text/html;base64,PHA+",
    ];
    for (m, path) in messages[1..].iter_mut().zip(paths) {
        m["attachment"]["path"] = path.into();
    }
    let hostile = dir.path().join("hostile.json");
    fs::write(&hostile, serde_json::to_vec(&doc).expect("json")).expect("write");
    let (page, _) = page_and_model(&hostile, &[]);
    let parsed = Html::parse_document(&page);
    let links: Vec<String> = parsed
        .select(&sel("#chat .body [href], #chat .body [src]"))
        .map(|el| el.html())
        .collect();
    assert!(links.is_empty(), "links from the document: {links:?}");
    assert!(
        !page.contains("javascript:")
            && !page.contains("/etc/passwd")
            && !page.contains("tracker.example")
    );
}

/// Dates that go back open a day again, without a second `id` of the same day.
#[test]
fn a_day_that_comes_again_keeps_one_id() {
    let dir = tempfile::tempdir().expect("temp");
    let export = dir.path().join("WhatsApp Chat with Ana.txt");
    fs::write(
        &export,
        "05/01/2025, 21:00 - Ana: one\n06/01/2025, 08:00 - Ana: two\n05/01/2025, 21:30 - Ana: three\n",
    )
    .expect("write");
    let (page, _) = page_and_model(&export, &[]);
    assert_eq!(page.matches("id=\"d2025-01-05\"").count(), 1, "{page}");
    assert_eq!(page.matches("<section class=\"day\"").count(), 3);
}
