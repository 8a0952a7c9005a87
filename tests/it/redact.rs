//! `--redact` (issue 20): no participant's name, phone number, e-mail address or mention from the input is in
//! the output; the same thing has the same stand-in everywhere; and a redacted `whatsapp` export reads back
//! as the original does, message for message (count, times, kinds, roles), for every fixture.

use std::fs;

use crate::common::{fixture_exports, run, run_json as json};

/// What must survive redaction: each message's time, kind and role.
fn shape(doc: &serde_json::Value) -> Vec<(String, String, String)> {
    doc["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .map(|m| {
            (
                m["time"].to_string(),
                m["kind"].to_string(),
                m["role"].to_string(),
            )
        })
        .collect()
}

/// Whether `word` stands in `text` as a word of its own.
fn holds_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric())
    })
}

#[test]
fn every_fixture_redacted_reads_back_message_for_message_with_nobody_in_it() {
    let dir = tempfile::tempdir().expect("temp");
    for export in fixture_exports() {
        let input = export.to_str().expect("utf-8");
        let original = json(&["convert", "-q", input, "-f", "json"]);
        let order = original["dialect"]["date_order"]
            .as_str()
            .expect("order")
            .to_string();
        // why: exports whose headers leave the year out take it from the file's date; the copy is new.
        let year = original["messages"]
            .as_array()
            .and_then(|m| m.iter().rev().find_map(|m| m["time"].as_str()))
            .map(|t| t[..4].to_string())
            .unwrap_or_else(|| "2024".into());
        let o = run(&["convert", "-q", input, "-f", "whatsapp", "--redact"]);
        assert!(
            o.status.success(),
            "{input}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let redacted = dir.path().join("redacted.txt");
        fs::write(&redacted, &o.stdout).expect("write");
        let text = String::from_utf8_lossy(&o.stdout);
        let back = json(&[
            "convert",
            "-q",
            redacted.to_str().expect("utf-8"),
            "-f",
            "json",
            "--date-order",
            &order,
            "--year",
            &year,
        ]);
        assert_eq!(shape(&back), shape(&original), "{input}");
        for p in original["participants"].as_array().expect("participants") {
            let name = p["name"].as_str().expect("name");
            if p["role"] == "assistant" || name.chars().count() < 3 {
                continue;
            }
            assert!(
                !holds_word(&text, name),
                "{input}: '{name}' is still in\n{text}"
            );
        }
    }
}

#[test]
fn numbers_addresses_and_mentions_get_one_stand_in_each() {
    let dir = tempfile::tempdir().expect("temp");
    let export = dir.path().join("WhatsApp Chat with Jana Novak.txt");
    fs::write(
        &export,
        "13/03/2024, 08:00 - Jana Novak: call me on +44 7700 900123 or mail jana.novak@example.org\n\
         13/03/2024, 08:01 - +49 151 2345678: I'm +49 151 2345678, ask @\u{2068}Jana Novak\u{2069} or @Piotr\n\
         13/03/2024, 08:02 - Jana Novak: +44 7700 900 123 again, and Piotr knows; see https://example.org/u/jana?id=7\n\
         13/03/2024, 08:03 - Jana Novak: Jana Novak.vcf (file attached)\n",
    )
    .expect("write");
    let map = dir.path().join("map.json");
    let o = run(&[
        "convert",
        "-q",
        export.to_str().expect("utf-8"),
        "-f",
        "whatsapp",
        "--redact",
        "--redact-urls",
        "--redact-map",
        map.to_str().expect("utf-8"),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8_lossy(&o.stdout);
    for secret in [
        "Jana",
        "Novak",
        "7700",
        "900123",
        "151",
        "example.org/u",
        "jana.novak@",
        "Piotr @",
        "@Piotr",
    ] {
        assert!(!text.contains(secret), "'{secret}' is still in\n{text}");
    }
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].contains("Person A: call me on [phone 1] or mail [email 1]"),
        "{text}"
    );
    assert!(
        lines[1].contains("- Person B: I'm Person B, ask @Person A or @[mention 1]"),
        "{text}"
    );
    assert!(lines[2].contains("and [mention 1] knows"), "{text}");
    assert!(
        lines[3].contains("[contact 1].vcf (file attached)"),
        "{text}"
    );
    assert!(lines[2].contains("[phone 1] again"), "{text}");
    assert!(
        lines[2].contains("https://example.org/[redacted]"),
        "{text}"
    );
    let map: serde_json::Value =
        serde_json::from_slice(&fs::read(&map).expect("map")).expect("json");
    assert_eq!(map["people"]["Jana Novak"], "Person A");
    assert_eq!(map["phones"]["+44 7700 900123"], "[phone 1]");
    assert_eq!(map["emails"]["jana.novak@example.org"], "[email 1]");

    // The same key gives the same stand-ins in another run; --rename sets one by hand.
    let keyed = |extra: &[&str]| {
        let o = run(&[
            &[
                "convert",
                "-q",
                export.to_str().expect("utf-8"),
                "-f",
                "whatsapp",
                "--redact",
            ][..],
            extra,
        ]
        .concat());
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let a = keyed(&["--redact-key", "k1"]);
    assert_eq!(a, keyed(&["--redact-key", "k1"]));
    assert_ne!(a, keyed(&["--redact-key", "k2"]));
    assert!(keyed(&["--rename", "Jana Novak=JN"]).contains("- JN: call me"));
}

/// What a reviewer got through first: a name in other case or with a no-break space, a first name alone,
/// someone who only left, a file and a place that name or show someone, an old group name, the source's hash,
/// the output's own file name; and a mapping written over the output.
#[test]
fn the_ways_a_name_gets_through_are_closed() {
    let dir = tempfile::tempdir().expect("temp");
    let export = dir.path().join("WhatsApp Chat with Anna Kowalska.txt");
    fs::write(
        &export,
        "13/03/2024, 08:00 - Anna Kowalska: hi MAREK, and anna\u{a0}kowalska is me\n\
         13/03/2024, 08:01 - Marek Nowak: Anna, see Passport Anna Kowalska.pdf (file attached)\n\
         13/03/2024, 08:02 - Marek Nowak: location: https://maps.google.com/?q=52.2297,21.0122\n\
         13/03/2024, 08:03 - Piotr Zielinski left\n\
         13/03/2024, 08:03 - Marek Nowak added Jan Kos and Ewa Lis\n\
         13/03/2024, 08:03 - Marek Nowak: welcome Ewa\n\
         13/03/2024, 08:03 - Marek Nowak added Jan Kos and Ewa Lis\n\
         13/03/2024, 08:03 - Marek Nowak: welcome Ewa\n\
         13/03/2024, 08:04 - Marek Nowak changed the subject from \"Nowak family\" to \"Trip\"\n",
    )
    .expect("write");
    let out = dir.path().join("out");
    let o = run(&[
        "convert",
        export.to_str().expect("utf-8"),
        "-f",
        "json,whatsapp",
        "--redact",
        "-o",
        &format!("{}/", out.display()),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut all = String::new();
    for e in fs::read_dir(&out).expect("out").flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        all.push_str(&name);
        all.push('\n');
        all.push_str(&fs::read_to_string(e.path()).unwrap_or_default());
    }
    for secret in [
        "Anna",
        "anna",
        "Kowalska",
        "kowalska",
        "Marek",
        "MAREK",
        "Nowak",
        "Piotr",
        "Zielinski",
        "Jan Kos",
        "Ewa",
        "52.2297",
        "21.0122",
        "Trip",
        "sha256",
    ] {
        assert!(!all.contains(secret), "'{secret}' is still in\n{all}");
    }
    let map = dir.path().join("red.txt");
    let o = run(&[
        "convert",
        export.to_str().expect("utf-8"),
        "-f",
        "whatsapp",
        "--redact",
        "--redact-map",
        map.to_str().expect("utf-8"),
        "-o",
        map.to_str().expect("utf-8"),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!map.exists());
}
