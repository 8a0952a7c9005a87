//! The AM/PM words WhatsApp writes, as data: which spellings are known, and whether each means the afternoon.
//!
//! Takes a token as a header writes it (`p. m.`, `in the morning`, `오후`); gives its normalized form and, for a
//! known one, whether it means PM. It does not read headers or learn unknown words (detection does, from the
//! order they take within a day).

/// AM/PM spellings WhatsApp writes, normalized (lower case, no dots or spaces), and whether each means PM.
/// Unknown spellings are learned from each file (`read/detect`).
const KNOWN: &[(&str, bool)] = &[
    ("am", false),
    ("pm", true),
    ("ص", false),
    ("م", true),
    ("inthemorning", false),
    ("intheafternoon", true),
    ("intheevening", true),
    ("atnight", true),
    ("noon", true),
    ("vorm", false),
    ("nachm", true),
    ("morgens", false),
    ("mittags", true),
    ("abends", true),
    ("nachts", false),
    ("오전", false),
    ("오후", true),
    ("午前", false),
    ("午後", true),
    ("上午", false),
    ("下午", true),
    ("凌晨", false),
    ("早上", false),
    ("中午", true),
    ("晚上", true),
    ("sa", false),
    ("ch", true),
    ("πμ", false),
    ("μμ", true),
    ("damanhã", false),
    ("datarde", true),
    ("danoite", true),
    ("damadrugada", false),
    ("fm", false),
    ("em", true),
    ("ap", false),
    ("ip", true),
    ("de", false),
    ("du", true),
    ("öö", false),
    ("ös", true),
    ("vm", false),
    ("nm", true),
    ("дп", false),
    ("пп", true),
    ("пд", false),
    ("ق.ظ", false),
    ("ب.ظ", true),
    ("قبلازظهر", false),
    ("بعدازظهر", true),
    ("พ", true),
    ("ก", false),
    ("पूर्वाह्न", false),
    ("अपराह्न", true),
];

/// The characters of an AM/PM token in normalized form: lower case, without dots, spaces and marks
/// (`p. m.` → `pm`, `in the morning` → `inthemorning`).
fn normalized(token: &str) -> impl Iterator<Item = char> + '_ {
    token
        .chars()
        .filter(|c| *c != '.' && !c.is_whitespace() && !crate::text::marks::is_mark(*c))
        .flat_map(char::to_lowercase)
}

/// A token's normalized form, as stored in tables.
pub fn normalize(token: &str) -> String {
    normalized(token).collect()
}

/// Whether `token` as written normalizes to `norm`, without allocating (this runs once per 12h header).
pub fn matches(token: &str, norm: &str) -> bool {
    normalized(token).eq(norm.chars())
}

/// Whether a known AM/PM word (as written) means PM; `None` for a word not in the table.
pub fn known(token: &str) -> Option<bool> {
    KNOWN
        .iter()
        .find(|(t, _)| matches(token, t))
        .map(|(_, pm)| *pm)
}
