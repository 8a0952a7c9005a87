//! What each message is, per kind, platform and language: literal export lines → the kind and fields we expect.
//! Every line here is written by us from WhatsApp's own strings (whatsapp-localized-strings.md); the
//! real exports of other projects are checked in `corpus_kinds.rs`.

use crate::common::parse_text;
use chatport::model::{Kind, Message};

const LRM: &str = "\u{200E}";

/// `A` is an Android header (`27/03/2022, 21:41 - `), `I` an iOS one (`[27/03/2022, 21:41:55] `).
#[derive(Clone, Copy)]
enum P {
    A,
    I,
}

/// A compact description of what was recognised, for the tables.
fn describe(m: &Message) -> String {
    let mut s = match m.kind {
        Kind::Text => "text".to_string(),
        Kind::Media => {
            let a = m.attachment.as_ref().expect("media has an attachment");
            let ty = serde_json::to_value(a.kind).unwrap();
            format!(
                "media {} {} {}",
                ty.as_str().unwrap(),
                if a.omitted { "omitted" } else { "attached" },
                a.file.as_deref().unwrap_or("-")
            )
        }
        Kind::Deleted => "deleted".into(),
        Kind::Waiting => "waiting".into(),
        Kind::System => "system".into(),
        Kind::Call => {
            let c = m.call.as_ref().expect("call fields");
            let media = serde_json::to_value(c.media).unwrap();
            let mut s = format!("call {}", media.as_str().unwrap());
            if c.missed {
                s.push_str(" missed");
            }
            if let Some(d) = c.duration_s {
                s.push_str(&format!(" {d}s"));
            }
            s
        }
        Kind::Location => {
            let l = m.location.as_ref().expect("location fields");
            match (l.latitude, l.longitude, &l.name) {
                (Some(a), Some(b), _) => format!("location {a},{b}"),
                (_, _, Some(n)) => {
                    format!("location {n} @ {}", l.address.as_deref().unwrap_or("-"))
                }
                _ if l.live => "location live".into(),
                _ => "location ?".into(),
            }
        }
        Kind::Poll => {
            let p = m.poll.as_ref().expect("poll fields");
            let options: Vec<String> = p
                .options
                .iter()
                .map(|o| format!("{}={}", o.text, o.votes))
                .collect();
            format!("poll {}: {}", p.question, options.join(" "))
        }
    };
    if m.edited {
        s.push_str(" edited");
    }
    if let Some(c) = &m.caption {
        s.push_str(&format!(" caption={c}"));
    }
    if let Some(a) = &m.actor {
        s.push_str(&format!(" actor={a}"));
    }
    s
}

/// Parses a plain message, then `body` under the same header shape, and describes the second message.
fn second(p: P, body: &str) -> Message {
    let h = match p {
        P::A => "27/03/2022, 21:41 - ",
        P::I => "[27/03/2022, 21:41:55] ",
    };
    let text = format!("{h}Ana: hi\n{h}{body}");
    let (messages, _) = parse_text(&text, None).expect("a dialect");
    assert_eq!(messages.len(), 2, "{body:?} became {messages:#?}");
    let m = messages.into_iter().nth(1).unwrap();
    // `raw` is there exactly when `text` differs from the body as exported.
    if let Some(raw) = &m.raw {
        assert_ne!(raw, &m.text, "{body:?}");
    }
    m
}

fn check(table: &[(P, &str, &str, &str)]) {
    let mut failures = Vec::new();
    for &(p, lang, body, want) in table {
        let got = describe(&second(p, body));
        if got != want {
            failures.push(format!(
                "[{lang}] {body:?}\n    got:  {got}\n    want: {want}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} failed:\n{}",
        failures.len(),
        table.len(),
        failures.join("\n")
    );
}

/// The number of distinct languages in a table.
fn languages(table: &[(P, &str, &str, &str)]) -> usize {
    let mut l: Vec<&str> = table.iter().map(|r| r.1).filter(|l| *l != "-").collect();
    l.sort();
    l.dedup();
    l.len()
}

#[test]
fn media_left_out_of_the_export() {
    let table: &[(P, &str, &str, &str)] = &[
        (
            P::I,
            "en",
            "Bo: \u{200E}image omitted",
            "media image omitted -",
        ),
        (
            P::I,
            "en",
            "Bo: \u{200E}video omitted",
            "media video omitted -",
        ),
        (
            P::I,
            "en",
            "Bo: \u{200E}audio omitted",
            "media audio omitted -",
        ),
        (
            P::I,
            "en",
            "Bo: \u{200E}sticker omitted",
            "media sticker omitted -",
        ),
        (P::I, "en", "Bo: \u{200E}GIF omitted", "media gif omitted -"),
        (
            P::I,
            "en",
            "Bo: \u{200E}Contact card omitted",
            "media contact omitted -",
        ),
        (
            P::I,
            "en",
            "Bo: Resume.pdf • \u{200E}2 pages \u{200E}document omitted",
            "media document omitted Resume.pdf",
        ),
        (
            P::I,
            "en",
            "Bo: \u{200E}document omitted",
            "media document omitted -",
        ),
        (
            P::I,
            "en",
            "Bo: <\u{200E}image omitted>",
            "media image omitted -",
        ),
        (
            P::I,
            "de",
            "Bo: \u{200E}Bild weggelassen",
            "media image omitted -",
        ),
        (
            P::I,
            "fr",
            "Bo: \u{200E}image absente",
            "media image omitted -",
        ),
        (
            P::I,
            "es",
            "Bo: \u{200E}imagen omitida",
            "media image omitted -",
        ),
        (
            P::I,
            "it",
            "Bo: \u{200E}immagine omessa",
            "media image omitted -",
        ),
        (
            P::I,
            "pt-BR",
            "Bo: \u{200E}imagem ocultada",
            "media image omitted -",
        ),
        (
            P::I,
            "ru",
            "Bo: \u{200E}изображение отсутствует",
            "media image omitted -",
        ),
        (
            P::I,
            "uk",
            "Bo: \u{200E}зображення відсутнє",
            "media image omitted -",
        ),
        (
            P::I,
            "cs",
            "Bo: \u{200E}obrázek vynechán",
            "media image omitted -",
        ),
        (
            P::I,
            "nl",
            "Bo: \u{200E}afbeelding weggelaten",
            "media image omitted -",
        ),
        (
            P::I,
            "ja",
            "Bo: \u{200E}画像は含まれていません",
            "media image omitted -",
        ),
        (
            P::I,
            "ko",
            "Bo: \u{200E}이미지 생략됨",
            "media image omitted -",
        ),
        (
            P::I,
            "zh-Hans",
            "Bo: \u{200E}照片已忽略",
            "media image omitted -",
        ),
        (
            P::I,
            "ar",
            "Bo: \u{200F}لم يتم إدراج الصورة",
            "media image omitted -",
        ),
        (
            P::I,
            "tr",
            "Bo: \u{200E}görüntü dahil edilmedi",
            "media image omitted -",
        ),
        (
            P::I,
            "hi",
            "Bo: \u{200E}फ़ोटो हटाई गई",
            "media image omitted -",
        ),
        (
            P::I,
            "vi",
            "Bo: \u{200E}Đã bỏ qua ảnh GIF",
            "media gif omitted -",
        ),
        (
            P::I,
            "th",
            "Bo: \u{200E}ไม่มีสติกเกอร์",
            "media sticker omitted -",
        ),
        (P::A, "en", "Bo: <Media omitted>", "media other omitted -"),
        (
            P::A,
            "en",
            "Bo: <Media omitted>\nNice view",
            "media other omitted - caption=Nice view",
        ),
        (
            P::A,
            "en",
            "Bo: <Video note omitted>",
            "media video omitted -",
        ),
        (
            P::A,
            "en",
            "Bo: <View once voice message omitted>",
            "media view_once omitted -",
        ),
        (P::A, "en", "Bo: null", "media view_once omitted -"),
        (
            P::A,
            "de",
            "Bo: <Medien ausgeschlossen>",
            "media other omitted -",
        ),
        (
            P::A,
            "de",
            "Bo: <Medien weggelassen>",
            "media other omitted -",
        ),
        (P::A, "fr", "Bo: <Médias omis>", "media other omitted -"),
        (
            P::A,
            "es",
            "Bo: <Multimedia omitido>",
            "media other omitted -",
        ),
        (P::A, "it", "Bo: <Media omessi>", "media other omitted -"),
        (P::A, "pt-BR", "Bo: <Mídia oculta>", "media other omitted -"),
        (P::A, "ru", "Bo: <Без медиафайлов>", "media other omitted -"),
        (
            P::A,
            "cs",
            "Bo: < Média vynechána >",
            "media other omitted -",
        ),
        (
            P::A,
            "tr",
            "Bo: <Medya dahil edilmedi>",
            "media other omitted -",
        ),
        (
            P::A,
            "id",
            "Bo: <Media tidak disertakan>",
            "media other omitted -",
        ),
        (
            P::A,
            "nl",
            "Bo: <Media weggelaten>",
            "media other omitted -",
        ),
        (P::A, "ja", "Bo: <メディアなし>", "media other omitted -"),
        (
            P::A,
            "ko",
            "Bo: <미디어 파일 제외됨>",
            "media other omitted -",
        ),
        // Whole bodies only.
        (P::A, "-", "Bo: the image omitted here was a cat", "text"),
        (P::A, "-", "Bo: I saw <Media omitted> in my export", "text"),
    ];
    assert!(languages(table) >= 12);
    check(table);
}

#[test]
fn media_in_the_export() {
    let table: &[(P, &str, &str, &str)] = &[
        (
            P::I,
            "en",
            "Bo: \u{200E}<attached: 00000035-PHOTO-2022-03-27-21-41-55.jpg>",
            "media image attached 00000035-PHOTO-2022-03-27-21-41-55.jpg",
        ),
        (
            P::I,
            "en",
            "Bo: Resume.pdf • \u{200E}2 pages \u{200E}<attached: 00000047-Resume.pdf>",
            "media document attached 00000047-Resume.pdf",
        ),
        (
            P::I,
            "en",
            "Bo: 2015-08-04-PHOTO-00004762.jpg <\u{200E}attached>",
            "media image attached 2015-08-04-PHOTO-00004762.jpg",
        ),
        (
            P::I,
            "en",
            "Bo: < attached: 00000042-PHOTO-2016-01-01-10-00-00.jpg >",
            "media image attached 00000042-PHOTO-2016-01-01-10-00-00.jpg",
        ),
        (
            P::I,
            "de",
            "Bo: \u{200E}<Anhang: 00000012-AUDIO-2022-01-01-10-00-00.opus>",
            "media audio attached 00000012-AUDIO-2022-01-01-10-00-00.opus",
        ),
        (
            P::I,
            "fr",
            "Bo: \u{200E}< pièce jointe : 00000012-VIDEO-2022-01-01-10-00-00.mp4 >",
            "media video attached 00000012-VIDEO-2022-01-01-10-00-00.mp4",
        ),
        (
            P::I,
            "es",
            "Bo: \u{200E}<adjunto: 00000012-STICKER-2022-01-01-10-00-00.webp>",
            "media sticker attached 00000012-STICKER-2022-01-01-10-00-00.webp",
        ),
        (
            P::I,
            "it",
            "Bo: \u{200E}<allegato: 00000012-GIF-2022-01-01-10-00-00.mp4>",
            "media gif attached 00000012-GIF-2022-01-01-10-00-00.mp4",
        ),
        (
            P::I,
            "pt-BR",
            "Bo: \u{200E}<anexado: 00000012-Contato.vcf>",
            "media contact attached 00000012-Contato.vcf",
        ),
        (
            P::I,
            "ru",
            "Bo: \u{200E}<прикреплено: 00000012-PHOTO-2022-01-01-10-00-00.jpg>",
            "media image attached 00000012-PHOTO-2022-01-01-10-00-00.jpg",
        ),
        (
            P::I,
            "ja",
            "Bo: \u{200E}<添付ファイル: 00000012-PHOTO-2022-01-01-10-00-00.jpg>",
            "media image attached 00000012-PHOTO-2022-01-01-10-00-00.jpg",
        ),
        (
            P::I,
            "ko",
            "Bo: \u{200E}< 첨부됨: 00000012-PHOTO-2022-01-01-10-00-00.jpg>",
            "media image attached 00000012-PHOTO-2022-01-01-10-00-00.jpg",
        ),
        (
            P::I,
            "zh-Hans",
            "Bo: \u{200E}<附件：00000012-PHOTO-2022-01-01-10-00-00.jpg>",
            "media image attached 00000012-PHOTO-2022-01-01-10-00-00.jpg",
        ),
        (
            P::I,
            "tr",
            "Bo: \u{200E}<00000012-PHOTO-2022-01-01-10-00-00.jpg eklendi>",
            "media image attached 00000012-PHOTO-2022-01-01-10-00-00.jpg",
        ),
        (
            P::I,
            "nl",
            "Bo: \u{200E}<bijgevoegd: 00000012-Rapport.pdf>",
            "media document attached 00000012-Rapport.pdf",
        ),
        (
            P::I,
            "ar",
            "Bo: \u{200F}<المُرفق: 00000012-PHOTO-2022-01-01-10-00-00.jpg>",
            "media image attached 00000012-PHOTO-2022-01-01-10-00-00.jpg",
        ),
        (
            P::I,
            "pl",
            "Bo: \u{200E}<załączono: 00000012-PHOTO-2022-01-01-10-00-00.jpg>",
            "media image attached 00000012-PHOTO-2022-01-01-10-00-00.jpg",
        ),
        (
            P::A,
            "en",
            "Bo: IMG-20220323-WA0002.jpg (file attached)",
            "media image attached IMG-20220323-WA0002.jpg",
        ),
        (
            P::A,
            "en",
            "Bo: IMG-20220323-WA0002.jpg (file attached)\nSunset!",
            "media image attached IMG-20220323-WA0002.jpg caption=Sunset!",
        ),
        (
            P::A,
            "en",
            "Bo: PTT-20220323-WA0000.opus (file attached)",
            "media voice attached PTT-20220323-WA0000.opus",
        ),
        (
            P::A,
            "en",
            "Bo: Alex.vcf (file attached)",
            "media contact attached Alex.vcf",
        ),
        (
            P::A,
            "de",
            "Bo: \u{200E}4f2680f1db95a8454775cc2eefc95bfc.jpg (Datei angehängt)\nDir auch frohe Ostern.",
            "media image attached 4f2680f1db95a8454775cc2eefc95bfc.jpg caption=Dir auch frohe Ostern.",
        ),
        (
            P::A,
            "nl",
            "Bo: \u{200E}VID-20220327-WA0001.mp4 (bestand bijgevoegd)",
            "media video attached VID-20220327-WA0001.mp4",
        ),
        (
            P::A,
            "cs",
            "Bo: \u{200E}Alex.vcf (soubor byl přiložen)",
            "media contact attached Alex.vcf",
        ),
        (
            P::A,
            "ru",
            "Bo: \u{200E}STK-20220323-WA0003.webp (файл добавлен)",
            "media sticker attached STK-20220323-WA0003.webp",
        ),
        (
            P::A,
            "pt-BR",
            "Bo: DOC-20220323-WA0001.pdf (arquivo anexado)",
            "media document attached DOC-20220323-WA0001.pdf",
        ),
        (
            P::A,
            "fr",
            "Bo: AUD-20220323-WA0001.m4a (fichier joint)",
            "media audio attached AUD-20220323-WA0001.m4a",
        ),
        (
            P::A,
            "es",
            "Bo: IMG-20220323-WA0002.jpg (archivo adjunto)",
            "media image attached IMG-20220323-WA0002.jpg",
        ),
        (P::A, "-", "Bo: I attached it (file attached)?", "text"),
    ];
    assert!(languages(table) >= 12);
    check(table);
}

#[test]
fn deleted_messages() {
    let table: &[(P, &str, &str, &str)] = &[
        (P::A, "en", "Bo: This message was deleted", "deleted"),
        (P::A, "en", "Bo: You deleted this message", "deleted"),
        (
            P::A,
            "en",
            "Bo: This message was deleted by an admin",
            "deleted",
        ),
        (
            P::A,
            "en",
            "Bo: This message was deleted by admin Carla",
            "deleted actor=Carla",
        ),
        (
            P::A,
            "en",
            "Bo: You deleted this message as admin",
            "deleted",
        ),
        (
            P::I,
            "en",
            "Bo: \u{200E}This message was deleted.",
            "deleted",
        ),
        (
            P::I,
            "en",
            "Bo: \u{200E}You deleted this message.",
            "deleted",
        ),
        (
            P::I,
            "de",
            "Bo: \u{200E}Diese Nachricht wurde gelöscht.",
            "deleted",
        ),
        (
            P::I,
            "fr",
            "Bo: \u{200E}Ce message a été supprimé.",
            "deleted",
        ),
        (
            P::I,
            "es",
            "Bo: \u{200E}Se eliminó este mensaje.",
            "deleted",
        ),
        (P::A, "es", "Bo: Se eliminó este mensaje", "deleted"),
        (
            P::I,
            "it",
            "Bo: \u{200E}Questo messaggio è stato eliminato.",
            "deleted",
        ),
        (P::A, "pt-BR", "Bo: Esta mensagem foi apagada", "deleted"),
        (
            P::I,
            "ru",
            "Bo: \u{200E}Данное сообщение удалено.",
            "deleted",
        ),
        (
            P::I,
            "uk",
            "Bo: \u{200E}Це повідомлення було видалено.",
            "deleted",
        ),
        (
            P::I,
            "cs",
            "Bo: \u{200E}Tato zpráva byla smazána.",
            "deleted",
        ),
        (P::A, "nl", "Bo: Dit bericht is verwijderd", "deleted"),
        (P::A, "nl", "Bo: U hebt dit bericht verwijderd", "deleted"),
        (
            P::I,
            "ja",
            "Bo: \u{200E}このメッセージは削除されました。",
            "deleted",
        ),
        (
            P::I,
            "ko",
            "Bo: \u{200E}이 메시지는 삭제되었습니다.",
            "deleted",
        ),
        (P::I, "zh-Hans", "Bo: \u{200E}这条消息已被删除。", "deleted"),
        (P::I, "ar", "Bo: \u{200F}تم حذف هذه الرسالة.", "deleted"),
        (P::I, "tr", "Bo: \u{200E}Bu mesaj silindi.", "deleted"),
        (
            P::I,
            "hi",
            "Bo: \u{200E}यह मैसेज डिलीट कर दिया गया है.",
            "deleted",
        ),
        (P::I, "id", "Bo: \u{200E}Pesan ini dihapus.", "deleted"),
        (P::I, "vi", "Bo: \u{200E}Tin nhắn này đã bị xóa.", "deleted"),
        (P::I, "th", "Bo: \u{200E}ข้อความนี้ถูกลบแล้ว", "deleted"),
        // A person's sentence that merely mentions deletion stays text.
        (P::A, "-", "Bo: the message was deleted by my boss", "text"),
        (
            P::A,
            "-",
            "Bo: This message was deleted\nbut I remember what it said",
            "text",
        ),
    ];
    assert!(languages(table) >= 12);
    check(table);
}

#[test]
fn placeholders_of_messages_that_never_arrived_and_other_spellings() {
    let table: &[(P, &str, &str, &str)] = &[
        // Undecryptable messages, filed under their sender (issue 16).
        (P::A, "en", "Bo: Waiting for this message", "waiting"),
        (
            P::I,
            "en",
            "Bo: \u{200E}Waiting for this message. This may take a while.",
            "waiting",
        ),
        (P::A, "it", "Bo: In attesa del messaggio", "waiting"),
        (
            P::A,
            "-",
            "Bo: Waiting for this message to load, brb",
            "text",
        ),
        // A person's `Location:` with no link or coordinates, and broken attachments, stay text.
        (P::A, "-", "Bo: Location: dept", "text"),
        (
            P::I,
            "en",
            "Bo: \u{200E}Location: 51.5, -0.12",
            "location 51.5,-0.12",
        ),
        (P::I, "-", "Bo: \u{200E}<attached: >", "text"),
        (
            P::I,
            "-",
            "Bo: \u{200E}<attached: 00000046-A long\nname.pdf>",
            "text",
        ),
        (P::I, "-", "Bo: <attached: 00000047-x.pdf", "text"),
        // An Android sender with no name (only U+200E) is a person's message, typed by its body.
        (
            P::A,
            "en",
            "\u{200E}: <Media omitted>",
            "media other omitted -",
        ),
        (P::A, "-", "\u{200E}: hello", "text"),
        // Placeholders in another letter case, and inside other brackets.
        (P::A, "en", "Bo: <media omitted>", "media other omitted -"),
        (P::A, "en", "Bo: <Media Omitted>", "text"),
        (
            P::I,
            "en",
            "Bo: \u{200E}<Image omitted>",
            "media image omitted -",
        ),
        (
            P::I,
            "en",
            "Bo: \u{200E}<document omitted>",
            "media document omitted -",
        ),
        (
            P::I,
            "en",
            "Bo: X.pdf • \u{200E}1 page \u{200E}<document omitted>",
            "media document omitted X.pdf",
        ),
        (
            P::I,
            "en",
            "Bo: X.pdf • \u{200E}1 page \u{2039}\u{200E}document omitted\u{203A}",
            "media document omitted X.pdf",
        ),
        (
            P::I,
            "de",
            "Bo: \u{200E}\u{2039}angehängt: 00000012-PTT-2017-03-01-10-00-00.opus\u{203A}",
            "media voice attached 00000012-PTT-2017-03-01-10-00-00.opus",
        ),
        (
            P::I,
            "de",
            "Bo: \u{200E}<angehängt: 00000013-PHOTO-2017-03-01-10-00-00.jpg>",
            "media image attached 00000013-PHOTO-2017-03-01-10-00-00.jpg",
        ),
    ];
    check(table);
}

#[test]
fn encryption_notices_are_system_in_every_language() {
    let notices: &[(&str, &str)] = &[
        (
            "en",
            "Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.",
        ),
        (
            "en",
            "Messages and calls are end-to-end encrypted. Only people in this chat can read, listen to, or share them. Learn more.",
        ),
        (
            "en",
            "Messages to this chat and calls are now secured with end-to-end encryption. Tap for more info.",
        ),
        // iOS 2018 left out the second sentence (issue 16).
        (
            "en",
            "Messages to this chat and calls are now secured with end-to-end encryption.",
        ),
        (
            "de",
            "Nachrichten und Anrufe sind Ende-zu-Ende-verschlüsselt. Niemand außerhalb dieses Chats kann sie lesen oder anhören, nicht einmal WhatsApp.",
        ),
        (
            "fr",
            "Les messages et les appels sont chiffrés de bout en bout. Aucun tiers, pas même WhatsApp, ne peut les lire ou les écouter.",
        ),
        (
            "es",
            "Los mensajes y las llamadas están cifrados de extremo a extremo. Nadie fuera de este chat, ni siquiera WhatsApp, puede leerlos ni escucharlos.",
        ),
        (
            "it",
            "I messaggi e le chiamate sono crittografati end-to-end. Nessuno al di fuori di questa chat, nemmeno WhatsApp, può leggerne o ascoltarne il contenuto.",
        ),
        (
            "pt-PT",
            "As mensagens e chamadas são encriptadas ponto a ponto. Ninguém fora desta conversa, nem mesmo o WhatsApp, pode ler ou ouvi-las.",
        ),
        (
            "ru",
            "Сообщения и звонки защищены сквозным шифрованием. Третьи лица, включая WhatsApp, не\u{A0}могут прочитать ваши сообщения или прослушать звонки.",
        ),
        (
            "uk",
            "Повідомлення й дзвінки захищено наскрізним шифруванням. Прочитати чи прослухати їх не зможе жодна стороння особа, навіть із WhatsApp.",
        ),
        (
            "cs",
            "Zprávy a hovory jsou opatřeny koncovým šifrováním. Nikdo, kdo není přímým účastníkem této konverzace, ji nemůže sledovat ani poslouchat. Dokonce ani WhatsApp.",
        ),
        (
            "nl",
            "Berichten en oproepen worden end-to-end versleuteld. Niemand buiten deze chat kan ze lezen of beluisteren, zelfs WhatsApp niet. Tik voor meer informatie.",
        ),
        (
            "hi",
            "मैसेजेस और कॉल्स एंड-टू-एंड एन्क्रिप्टेड हैं. इस चैट में शामिल लोगों के अलावा कोई भी इन्हें पढ़ या सुन नहीं सकता, WhatsApp भी नहीं.",
        ),
        (
            "id",
            "Pesan dan panggilan terenkripsi secara end-to-end. Tidak seorang pun di luar chat ini, termasuk WhatsApp, yang dapat membaca atau mendengarkannya.",
        ),
        (
            "ja",
            "メッセージと通話はエンドツーエンド暗号化されています。チャットの参加者以外は、たとえWhatsAppでも読んだり聞いたりすることはできません。",
        ),
        (
            "th",
            "ข้อความและการโทรได้รับการเข้ารหัสจากต้นทางถึงปลายทาง ผู้ที่ไม่ได้อยู่ในแชทนี้จะไม่สามารถอ่านหรือฟังได้แม้แต่ WhatsApp เอง",
        ),
        (
            "vi",
            "Tin nhắn và cuộc gọi được mã hóa đầu cuối. Những người bên ngoài cuộc trò chuyện này, kể cả WhatsApp, sẽ không đọc hoặc nghe được.",
        ),
        (
            "ar",
            "الرسائل والمكالمات مشفرة تمامًا بين الطرفين، بحيث لا يستطيع أحد خارج هذه الدردشة، ولا حتى شركة واتساب نفسها، قراءتها أو الاستماع إليها.",
        ),
    ];
    let mut langs: Vec<&str> = notices.iter().map(|n| n.0).collect();
    langs.dedup();
    assert!(langs.len() >= 12);
    for (lang, notice) in notices {
        // Android: no author.
        let m = second(P::A, notice);
        assert_eq!(
            (m.kind, m.author.as_deref()),
            (Kind::System, None),
            "[{lang}] android"
        );
        // iOS: filed under the contact's name, led by LRM (RLM in Arabic); not the first line, so the
        // template decides, not the first-line rule.
        let mark = if *lang == "ar" { "\u{200F}" } else { LRM };
        let m = second(P::I, &format!("Elon Musk: {mark}{notice}"));
        assert_eq!(
            (m.kind, m.author.as_deref(), m.raw_author.as_deref()),
            (Kind::System, None, Some("Elon Musk")),
            "[{lang}] ios"
        );
        assert_eq!(m.text, *notice, "[{lang}] ios text without the mark");
        assert_eq!(m.raw.as_deref(), Some(format!("{mark}{notice}").as_str()));
    }
}

#[test]
fn system_events_and_who_acted() {
    let table: &[(P, &str, &str, &str)] = &[
        // Disappearing-message notices, also filed under an author with no mark (issue 16).
        (
            P::A,
            "en",
            "Ana: You turned off disappearing messages. Tap to change.",
            "system",
        ),
        (
            P::A,
            "en",
            "Ana: You turned on disappearing messages. All new messages will disappear from this chat 7 days after they're sent. Tap to change.",
            "system",
        ),
        (
            P::A,
            "en",
            "You updated the message timer. New messages will disappear from this chat 24 hours after they're sent, except when kept. Tap to change.",
            "system",
        ),
        (P::A, "-", "Ana: You turned off the lights, thanks", "text"),
        (
            P::A,
            "en",
            "Dmitry S created group \"Group Chat\"",
            "system actor=Dmitry S",
        ),
        (P::A, "en", "Dmitry S added you", "system actor=Dmitry S"),
        (P::A, "en", "You added Alice", "system"),
        (
            P::A,
            "en",
            "+7 999 999-99-99 joined using this group's invite link",
            "system actor=+7 999 999-99-99",
        ),
        (
            P::A,
            "en",
            "Bo added you to a group in the community: Parents",
            "system actor=Bo",
        ),
        (
            P::A,
            "en",
            "You changed the subject from \"Trip: Rome\" to \"Trip: Paris\"",
            "system",
        ),
        (
            P::A,
            "en",
            "You updated the message timer. New messages will disappear from this chat 7 days after they're sent. Tap to change.",
            "system",
        ),
        (P::A, "en", "Some event this table does not know", "system"),
        (
            P::I,
            "en",
            "My Group: \u{200E}Boris added you",
            "system actor=Boris",
        ),
        (
            P::I,
            "en",
            "Boris: \u{200E}Boris created group “My Group”",
            "system actor=Boris",
        ),
        (
            P::I,
            "en",
            "Person 2: \u{200E}Person 2 changed their phone number to a new number",
            "system actor=Person 2",
        ),
        (
            P::I,
            "en",
            "Elon Musk: \u{200E}\u{200E}Your security code with Elon changed. \u{200E}Tap to learn more.",
            "system",
        ),
        (
            P::I,
            "en",
            "Copilot: \u{200E}This business uses a secure service from Meta to manage this chat. Tap to learn more.",
            "system",
        ),
        (
            P::I,
            "en",
            "Ana: \u{200E}You blocked this contact. Tap to unblock.",
            "system",
        ),
        (
            P::I,
            "de",
            "Elon Musk: \u{200E}\u{200E}Deine Sicherheitsnummer für Elon hat sich geändert. \u{200E}Tippe, um mehr zu erfahren.",
            "system",
        ),
        (
            P::I,
            "es",
            "Elon Musk: \u{200E}\u{200E}Cambió tu código de seguridad con Elon. \u{200E}Pulsa para obtener más información.",
            "system",
        ),
        (
            P::I,
            "ja",
            "Elon Musk: \u{200E}\u{200E}Elonとのセキュリティコードが変更されました。 \u{200E}タップして詳細を表示。",
            "system",
        ),
        (
            P::I,
            "th",
            "Elon Musk: \u{200E}\u{200E}รหัสความปลอดภัยของคุณกับ Elon มีการเปลี่ยนแปลง \u{200E}แตะเพื่อเรียนรู้เพิ่มเติม",
            "system",
        ),
        (
            P::I,
            "ar",
            "Elon Musk: \u{200F}\u{200F}تغيّر رمز أمانك المُستخدَم مع Elon. \u{200F}انقر هنا لمعرفة المزيد.",
            "system",
        ),
        (
            P::I,
            "de",
            "Ana: \u{200E}Du hast die Gruppe „Urlaub“ erstellt.",
            "system",
        ),
        (
            P::I,
            "fr",
            "Ana: \u{200E}Vous avez créé le groupe \"Vacances\"",
            "system",
        ),
        (
            P::I,
            "ko",
            "Ana: \u{200E}“휴가” 그룹을 만들었습니다.",
            "system",
        ),
        // A person writing an event's words, without the mark iOS puts on notices, is a person.
        (P::I, "-", "Bob: Boris added you", "text"),
        (P::I, "-", "Bob: \u{200E}How about Locations?", "text"),
    ];
    check(table);
}

#[test]
fn calls_locations_polls_and_edits() {
    let table: &[(P, &str, &str, &str)] = &[
        // Calls WhatsApp wrote with no author (issue 16).
        (
            P::A,
            "en",
            "Dmitry S started a video call",
            "call video actor=Dmitry S",
        ),
        (
            P::A,
            "en",
            "Dmitry S started a call",
            "call voice actor=Dmitry S",
        ),
        (P::I, "en", "\u{200E}Missed Voice Call", "call voice missed"),
        (P::I, "en", "\u{200E}Missed Video Call", "call video missed"),
        (
            P::A,
            "en",
            "Dmitry S: Missed voice call",
            "call voice missed",
        ),
        (
            P::A,
            "en",
            "Dmitry S: Missed video call",
            "call video missed",
        ),
        (
            P::A,
            "en",
            "Dmitry S: Missed group video call",
            "call video missed",
        ),
        (
            P::I,
            "en",
            "Bo: \u{200E}Missed voice call. Tap to call back",
            "call voice missed",
        ),
        (
            P::I,
            "en",
            "Bo: \u{200E}Voice call. 12 min",
            "call voice 720s",
        ),
        (
            P::I,
            "en",
            "Bo: \u{200E}Video call, \u{200E}5 min",
            "call video 300s",
        ),
        (
            P::I,
            "en",
            "Bo: \u{200E}Video call. No answer",
            "call video missed",
        ),
        (
            P::A,
            "de",
            "Bo: Verpasster Sprachanruf",
            "call voice missed",
        ),
        (
            P::A,
            "ru",
            "Bo: Пропущенный видеозвонок",
            "call video missed",
        ),
        (P::A, "nl", "Bo: Gemiste spraakoproep", "call voice missed"),
        (
            P::A,
            "en",
            "Bo: location: https://maps.google.com/?q=51.50214569326172,-0.12739796972656",
            "location 51.50214569326172,-0.12739796972656",
        ),
        (
            P::I,
            "en",
            "Bo: \u{200E}Location: https://maps.google.com/?q=51.5021456,-0.127397",
            "location 51.5021456,-0.127397",
        ),
        (
            P::A,
            "de",
            "Bo: Standort: https://maps.google.com/?q=50.9425526,6.9523387",
            "location 50.9425526,6.9523387",
        ),
        (
            P::A,
            "fr",
            "Bo: localisation : https://maps.google.com/?q=48.8584,2.2945",
            "location 48.8584,2.2945",
        ),
        (
            P::I,
            "xx",
            "Bo: \u{200E}Sijainti: https://maps.google.com/?q=60.17,24.94",
            "location 60.17,24.94",
        ),
        (
            P::I,
            "en",
            "Bo: Pimlico Gardens (London, United Kingdom): https://foursquare.com/v/4e89af95e5fa82ad4c0aa03b",
            "location Pimlico Gardens @ London, United Kingdom",
        ),
        (
            P::A,
            "en",
            "Bo: Pimlico Gardens\nLondon, United Kingdom\nhttps://foursquare.com/v/4e89af95e5fa82ad4c0aa03b",
            "location Pimlico Gardens @ London, United Kingdom",
        ),
        (P::A, "en", "Bo: live location shared", "location live"),
        (
            P::A,
            "de",
            "Bo: Live-Standort wird geteilt.",
            "location live",
        ),
        (
            P::A,
            "-",
            "Bo: meet me at https://maps.google.com/?q=1,2 later",
            "text",
        ),
        (
            P::A,
            "en",
            "Bo: POLL:\nAre you ready?\nOPTION: Yes (35 votes)\nOPTION: No (1 vote)\n",
            "poll Are you ready?: Yes=35 No=1",
        ),
        (
            P::I,
            "en",
            "Bo: \u{200E}POLL:\nA question\n\u{200E}OPTION: Option A (1 vote)\n\u{200E}OPTION: Option B (2 votes)",
            "poll A question: Option A=1 Option B=2",
        ),
        (
            P::I,
            "es",
            "Bo: \u{200E}ENCUESTA:\nUna pregunta\n\u{200E}OPCIÓN: Opción A (0 votos)\n\u{200E}OPCIÓN: Opción B (1 voto)",
            "poll Una pregunta: Opción A=0 Opción B=1",
        ),
        (
            P::A,
            "tr",
            "Bo: ANKET:\nNereye?\nSEÇENEK: Deniz (2 oy)\nSEÇENEK: Dağ (3 oy)",
            "poll Nereye?: Deniz=2 Dağ=3",
        ),
        (P::A, "-", "Bo: TODO:\nbuy milk", "text"),
        (
            P::A,
            "en",
            "Bo: sample message <This message was edited>",
            "text edited",
        ),
        (
            P::I,
            "en",
            "Bo: P woke up at 620 \u{200E}<This message was edited>",
            "text edited",
        ),
        (
            P::A,
            "es",
            "Bo: hola <Este mensaje fue editado>",
            "text edited",
        ),
        (
            P::A,
            "-",
            "Bo: <This message was edited> is what it said",
            "text",
        ),
    ];
    check(table);
    let m = second(
        P::I,
        "Bo: P woke up at 620 \u{200E}<This message was edited>",
    );
    assert_eq!(m.text, "P woke up at 620");
    assert_eq!(
        m.raw.as_deref(),
        Some("P woke up at 620 \u{200E}<This message was edited>")
    );
}

#[test]
fn authors_are_cleaned_and_the_original_kept() {
    // (body, author, raw_author)
    let cases = [
        ("~\u{202F}Ana: hola", "Ana", Some("~\u{202F}Ana")),
        ("~ Ana: hola", "Ana", Some("~ Ana")),
        (
            "\u{202A}+40 521 028 61 88\u{202C}: hi",
            "+40 521 028 61 88",
            Some("\u{202A}+40 521 028 61 88\u{202C}"),
        ),
        ("+91 98781 01877: hi", "+91 98781 01877", None),
        // iOS writes NBSP between digit groups, Android spaces: one author.
        (
            "+91\u{A0}98781\u{A0}01877: hi",
            "+91 98781 01877",
            Some("+91\u{A0}98781\u{A0}01877"),
        ),
        ("Ana: plain", "Ana", None),
    ];
    for (body, author, raw) in cases {
        let m = second(P::I, body);
        assert_eq!(
            (m.author.as_deref(), m.raw_author.as_deref()),
            (Some(author), raw),
            "{body:?}"
        );
        assert!(!m.text.is_empty());
        assert_eq!(m.raw, None, "{body:?}: a plain text keeps its body as is");
    }
}

#[test]
fn calls_with_no_author_are_whatsapps_notices() {
    for (p, body) in [
        (P::A, "Dmitry S started a video call"),
        (P::I, "\u{200E}Missed Voice Call"),
    ] {
        let m = second(p, body);
        assert_eq!(
            (m.kind, m.role, m.author.as_deref()),
            (Kind::Call, chatport::model::Role::System, None),
            "{body:?}"
        );
    }
}

#[test]
fn a_sender_with_no_name_is_a_person_with_no_author() {
    let m = second(P::A, "\u{200E}: <Media omitted>");
    assert_eq!(
        (m.kind, m.role, m.author.as_deref(), m.raw_author.as_deref()),
        (
            Kind::Media,
            chatport::model::Role::User,
            None,
            Some("\u{200E}")
        )
    );
}
