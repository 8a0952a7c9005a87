//! Message kinds on real exports from other projects (`../shared/corpus/peers`, ignored when absent): the same
//! scripted conversation exported from phones in 16 languages must give the same sequence of kinds, every
//! notice must be `system` and every placeholder `media` of the right type.

use std::path::Path;

use crate::common::corpus;

/// One letter per message: T text, S system, D deleted, L location, C call, P poll; media as its type's first
/// two letters upper-cased plus `o` (omitted) or `a` (attached): `IMo` image omitted, `VOa` voice attached.
fn sequence(path: &Path) -> String {
    let (_, messages, _) = chatport::Reader::default()
        .read_path(path)
        .map(|t| (t.chat, t.messages, t.warnings))
        .expect("converts");
    messages
        .iter()
        .map(|m| {
            let v = serde_json::to_value(m).expect("serializes");
            match v["kind"].as_str().unwrap_or_default() {
                "media" => {
                    let a = &v["attachment"];
                    let ty = a["type"].as_str().unwrap_or_default().to_uppercase();
                    let omitted = if a["omitted"] == true { "o" } else { "a" };
                    format!("{}{omitted}", &ty[..2])
                }
                "text" => "T".into(),
                "system" => "S".into(),
                "deleted" => "D".into(),
                "location" => "L".into(),
                "call" => "C".into(),
                "poll" => "P".into(),
                other => other.into(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The iOS script: encryption notice, text, media of each type left out, a venue, a document with and without
/// pages, deletions both ways, a GIF, a reply, a pinned location.
const IOS: &str = "S T IMo IMo VIo AUo L T COo STo STo DOo DOo DOo D IMo GIo T T IMo D VIo L";
/// The same script exported with media.
const IOS_MEDIA: &str = "S T IMa IMa VIa AUa L T COa STa STa DOa DOa DOa D IMo GIa T T IMa D VIa L";
/// Two security-code notices follow in the `ios/` copies; five of them go on with a deletion, a GIF and audio.
const IOS_TAIL: &str = " S S";
const IOS_TAIL_MORE: &str = " S S D GIo AUo";

/// The Android script (`null` is view-once media; `<Media omitted>` says no type).
const ANDROID: &str = "S T OTo OTo OTo OTo OTo L OTo OTo T T COa OTo OTo OTo D OTo VIo T OTo T T T T T OTo D OTo T D \
                       OTo T T OTo OTo OTo OTo L T D COa OTo OTo D OTo OTo OTo D VIo OTo T D T OTo D OTo L C C";
const ANDROID_MEDIA: &str = "S T OTo OTo OTo OTo VOa L IMa IMa T T COa STa STa OTo D OTo VIo T OTo T T T T T OTo D VIa T \
                             D OTo T T OTo OTo OTo OTo L T D COa STa STa D OTo OTo OTo D VIo OTo T D T OTo D VIa L C C";

#[test]
#[cfg_attr(not(corpus), ignore = "needs ../shared/corpus/peers")]
fn the_same_script_gives_the_same_kinds_in_every_language() {
    let root = corpus();
    let data = root.join("whats_json/test/data");
    let ios_langs = [
        "arabic2",
        "arabic",
        "czech",
        "deutch",
        "english",
        "french",
        "hindi",
        "indonesian",
        "italian",
        "japanese",
        "portugal",
        "russian",
        "spanish",
        "thai",
        "ukrainian",
        "vietnamese",
    ];
    let mut cases: Vec<(String, String)> = ios_langs
        .iter()
        .map(|l| (format!("languages/{l}_ios.txt"), IOS.to_string()))
        .collect();
    cases.push((
        "languages/english_ios_media.txt".into(),
        format!("{IOS_MEDIA}{IOS_TAIL}"),
    ));
    for l in [
        "Arabic", "CZ", "EN", "FR", "German", "IT", "Portugal", "RU", "Spanish", "UKR",
    ] {
        cases.push((
            format!("ios/WhatsApp Chat - Elon Musk ({l}).txt"),
            format!("{IOS}{IOS_TAIL}"),
        ));
    }
    cases.push((
        "ios/WhatsApp Chat - Elon Musk (EN+Media).txt".into(),
        format!("{IOS_MEDIA}{IOS_TAIL}"),
    ));
    for l in ["Hindi", "Indonesian", "Japanese", "Thai", "Vietnamese"] {
        cases.push((format!("ios/iOS {l}.txt"), format!("{IOS}{IOS_TAIL_MORE}")));
    }
    for f in ["czech_android", "english_android", "russian_android"] {
        cases.push((format!("languages/{f}.txt"), ANDROID.into()));
    }
    // why: these names are not ASCII and the checkout may hold them decomposed (NFD): find them by their ends.
    for end in ["CZ Android.txt", "EN Android.txt", "RU Android.txt"] {
        let name = std::fs::read_dir(data.join("android"))
            .expect("android folder")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .find(|n| n.ends_with(end) && !n.contains("Media"))
            .expect("the Android export");
        cases.push((format!("android/{name}"), ANDROID.into()));
    }
    for f in [
        "languages/english_android_media.txt",
        "android/WhatsApp Chat with Dmitry S EN+Media Android.txt",
    ] {
        cases.push((f.into(), ANDROID_MEDIA.into()));
    }
    let mut failures = Vec::new();
    for (file, want) in &cases {
        let got = sequence(&data.join(file));
        if &got != want {
            failures.push(format!("{file}\n    got:  {got}\n    want: {want}"));
        }
    }
    assert!(ios_langs.len() >= 16);
    assert!(
        failures.is_empty(),
        "{} of {} differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
#[cfg_attr(not(corpus), ignore = "needs ../shared/corpus/peers")]
fn group_events_are_system_with_their_actor_and_the_subject_is_the_title() {
    let root = corpus();
    let path =
        root.join("whats_json/test/data/android/WhatsApp Chat with Group Chat XXX Android.txt");
    assert_eq!(sequence(&path), "S S S S S S S S S S S S S S S S T T D T");
    let (chat, messages, _) = chatport::Reader::default()
        .read_path(&path)
        .map(|t| (t.chat, t.messages, t.warnings))
        .expect("converts");
    assert_eq!(chat.title.as_deref(), Some("Group Chat XXX"));
    let actors: Vec<Option<&str>> = messages
        .iter()
        .take(4)
        .map(|m| m.actor.as_deref())
        .collect();
    assert_eq!(
        actors,
        [None, Some("Dmitry S"), Some("Dmitry S"), Some("Dmitry S")]
    );
    let names: Vec<&str> = chat.participants.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Dmitry S"]);
}

#[test]
#[cfg_attr(not(corpus), ignore = "needs ../shared/corpus/peers")]
fn no_notice_is_left_as_a_persons_message() {
    let root = corpus();
    // Every message without an author is a system message, everywhere; on iOS, every notice (a body led by
    // U+200E that is not media, a deletion, a call or a location) is either system or one of the user texts
    // these exports hold on purpose.
    let user_texts = [
        "No idea, lets try it out!",
        "How about Locations?",
        "Keine Ahnung, lass uns das doch mal ausprobieren",
        "Und wie siehts mit Standorten aus?",
        "Alright, lets go 😌😄",
        "Alles klar, los gehts 😌😄",
        "By the way, are you all okay with  being analyzed for research purposes?",
        "Schick doch mal eine zum ausprobieren!",
        "Schick doch mal eine zum ausprobieren\u{FEFF}!",
    ];
    let mut checked = 0;
    let mut failures = Vec::new();
    for entry in walk(&root) {
        let Ok((_, messages, _)) = chatport::Reader::default()
            .read_path(&entry)
            .map(|t| (t.chat, t.messages, t.warnings))
        else {
            continue;
        };
        for m in &messages {
            checked += 1;
            let raw = m.raw.as_deref().unwrap_or(&m.text);
            let led = raw.starts_with(['\u{200E}', '\u{200F}']);
            let plain: String = raw
                .chars()
                .filter(|c| !matches!(c, '\u{200E}' | '\u{200F}'))
                .collect();
            let ok = match m.kind {
                chatport::model::Kind::Text if m.author.is_none() => m.time.is_none(),
                chatport::model::Kind::Text if led => user_texts.contains(&plain.as_str()),
                _ => true,
            };
            if !ok {
                failures.push(format!("{}:{}: {:?}", entry.display(), m.line, m.text));
            }
        }
    }
    assert!(checked > 1000, "{checked}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every `.txt` under `dir`.
fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "txt") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}
