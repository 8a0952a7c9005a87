//! The Markdown transcript end to end (issue 18 §2): the real binary on `fixtures/android-en-links-code/`, compared
//! with the committed `expected.md` (`UPDATE_GOLDEN=1 cargo test --test it markdown::` rewrites it; review the
//! diff), then read back with a CommonMark parser: every link leads to the URL exactly as the export typed it, and
//! every code block holds the code exactly, with the text after a block's closing backticks outside it.

use std::fs;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::common::{assert_same, fixtures, run};

#[test]
fn links_and_code_blocks_survive_the_transcript() {
    let dir = fixtures().join("android-en-links-code");
    let input = dir.join("WhatsApp Chat with Copilot.txt");
    let out = run(&[
        "convert",
        "-q",
        "-f",
        "markdown",
        input.to_str().expect("utf-8"),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got = String::from_utf8(out.stdout).expect("utf-8");
    let expected = dir.join("expected.md");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        fs::write(&expected, &got).expect("write expected.md");
    }
    let want = fs::read_to_string(&expected).expect("expected.md (UPDATE_GOLDEN=1 creates it)");
    assert_same(&got, &want, &expected.display().to_string());

    let (mut links, mut blocks, mut paragraphs) = (Vec::new(), Vec::new(), Vec::new());
    let (mut block, mut paragraph): (Option<String>, String) = (None, String::new());
    let options =
        Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS;
    for e in Parser::new_ext(&got, options) {
        match e {
            Event::Start(Tag::Link { dest_url, .. }) => links.push(dest_url.to_string()),
            Event::Start(Tag::CodeBlock(_)) => block = Some(String::new()),
            Event::End(TagEnd::CodeBlock) => blocks.extend(block.take()),
            Event::Text(t) => match &mut block {
                Some(b) => b.push_str(&t),
                None => paragraph.push_str(&t),
            },
            Event::End(TagEnd::Paragraph) => paragraphs.push(std::mem::take(&mut paragraph)),
            _ => {}
        }
    }
    let python = "https://docs.python.org/3/library/__main__.html";
    let monstera = "https://en.wikipedia.org/wiki/Monstera_deliciosa";
    assert_eq!(
        links,
        [
            python,
            python,
            monstera,
            "https://en.wikipedia.org/wiki/Philodendron_(genus)",
            monstera,
            "https://en.wikipedia.org/wiki/Araceae",
            "http://www.rhs.org.uk/plants/monstera",
            "https://www.google.com/search?q=monstera+care&hl=en&tbm=isch",
            "https://example.com/~user/a*b*c_d",
        ]
    );
    assert_eq!(
        blocks,
        [
            "if __name__ == \"__main__\":\n    main()\n",
            "import time\nwhile True:\n    time.sleep(3600)\n",
            "import time\ntime.sleep(3600)\nprint(\"done\")\n",
            "echo \"$(date) watered\" >> ~/plants.log   # `date` in backticks works too: ``date``\n",
        ]
    );
    assert!(
        paragraphs
            .iter()
            .any(|p| p == "and then more text: why does this never end?"),
        "{paragraphs:#?}"
    );
}
