//! Localized strings as data.
//!
//! Takes nothing; gives lookups over tables embedded in the binary (`*.tsv` beside this file), so that a new
//! language is one line of data, not code: the export file names that carry the chat's name (here), and the
//! strings WhatsApp writes into chats (`strings.rs`).

pub mod ampm;
pub mod months;
pub mod strings;

/// `language<TAB>template` lines; `%s` stands for the chat name.
const FILENAMES: &str = include_str!("filenames.tsv");

/// The chat name carried by an export's file name (`WhatsApp Chat with Copilot.txt` → `Copilot`), in any
/// language of the table, or `None`.
pub fn chat_name_from_file(file_name: &str) -> Option<String> {
    let stem = file_name
        .strip_suffix(".txt")
        .or_else(|| file_name.strip_suffix(".zip"))
        .unwrap_or(file_name);
    // why: sharing apps replace spaces with `%20` or `_` in the file name.
    let mut stem = stem.replace("%20", " ");
    if !stem.contains(' ') {
        stem = stem.replace('_', " ");
    }
    let stem = stem.trim();
    FILENAMES
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t').map(|(_, t)| t))
        .filter_map(|t| t.split_once("%s"))
        .filter_map(|(prefix, suffix)| {
            let name = stem.strip_prefix(prefix)?.strip_suffix(suffix)?.trim();
            (!name.is_empty()).then_some((prefix.len() + suffix.len(), name))
        })
        // The most specific template wins: `Чат WhatsApp с контактом %s` over `Чат WhatsApp с %s`.
        .max_by_key(|(len, _)| *len)
        .map(|(_, name)| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_localized_file_names() {
        let cases = [
            ("WhatsApp Chat with Copilot.txt", Some("Copilot")),
            ("WhatsApp Chat - Elon Musk.zip", Some("Elon Musk")),
            ("WhatsApp%20Chat%20with%20Bob.txt", Some("Bob")),
            ("WhatsApp_Chat_with_Bob.txt", Some("Bob")),
            (
                "Chat WhatsApp s uživatelem Dmitry S CZ Android.txt",
                Some("Dmitry S CZ Android"),
            ),
            (
                "Чат WhatsApp с контактом Dmitry S RU Android.txt",
                Some("Dmitry S RU Android"),
            ),
            ("Conversa do WhatsApp com Fulano.txt", Some("Fulano")),
            ("WhatsApp-chat met Anna.txt", Some("Anna")),
            ("Ali ile WhatsApp Sohbeti.txt", Some("Ali")),
            ("_chat.txt", None),
            ("notes.txt", None),
        ];
        for (file, want) in cases {
            assert_eq!(chat_name_from_file(file).as_deref(), want, "{file}");
        }
    }
}
