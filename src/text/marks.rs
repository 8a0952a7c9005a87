//! The invisible marks WhatsApp puts in exports: the one definition every stage uses.
//!
//! Takes a character, or bytes and a position; says whether a mark is there. Bidi marks (LRM, RLM, ALM),
//! embeddings and overrides (LRE…RLO), isolates (LRI…PDI), the word joiner and the BOM: iOS wraps names, phone
//! numbers and placeholders in them, and they are never part of what a person typed or WhatsApp's strings say.

/// Whether `c` is an invisible mark.
pub fn is_mark(c: char) -> bool {
    matches!(
        c,
        '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2060}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}'
    )
}

/// `s` without any invisible mark.
pub fn strip(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().any(is_mark) {
        std::borrow::Cow::Owned(s.chars().filter(|&c| !is_mark(c)).collect())
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// Length of an invisible mark at `i`: LRM, RLM, ALM, LRE..RLO, LRI..PDI, BOM, word joiner.
pub fn mark_len(b: &[u8], i: usize) -> Option<usize> {
    // Every mark starts with a byte of 0xD8 or above; most bytes looked at are ASCII.
    if *b.get(i)? < 0xD8 {
        return None;
    }
    match b.get(i..i + 2)? {
        [0xD8, 0x9C] => Some(2),
        [0xE2, 0x80] => matches!(b.get(i + 2)?, 0x8E | 0x8F | 0xAA..=0xAE).then_some(3),
        [0xE2, 0x81] => matches!(b.get(i + 2)?, 0xA0 | 0xA6..=0xA9).then_some(3),
        [0xEF, 0xBB] => (*b.get(i + 2)? == 0xBF).then_some(3),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byte_and_char_rules_agree_on_every_character() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let mut buf = [0u8; 4];
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            let want = is_mark(c).then_some(bytes.len());
            assert_eq!(mark_len(bytes, 0), want, "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn strips_marks() {
        let cases = [
            ("\u{200E}Ana\u{200F}", "Ana"),
            ("\u{202A}+44 7700\u{202C}", "+44 7700"),
            ("a\u{2060}b\u{FEFF}", "ab"),
            ("plain", "plain"),
        ];
        for (raw, want) in cases {
            assert_eq!(strip(raw), want);
        }
    }
}
