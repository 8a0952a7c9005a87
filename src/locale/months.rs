//! Month names as data: which month a word of a header names (`Aug`, `août`, `sierpnia`), in every language of
//! `months.tsv`.
//!
//! Takes a word as a header writes it; gives its month (1-12), or nothing when the word names no month or two. It
//! does not read headers (`read/header/` does) and does not say how a file spells its months (detection learns
//! that, to write headers back).

use std::sync::OnceLock;

use rustc_hash::FxHashMap as HashMap;

/// `language<TAB>month<TAB>names…` lines (see the file's head).
const MONTHS: &str = include_str!("months.tsv");

/// Words are compared in this many bytes at most, lower-cased (the longest name in the table is shorter).
const MAX_WORD: usize = 48;

/// The month (1-12) `word` names in any language of the table: one of its names or the first three or more
/// letters of one, ignoring case and one final full stop. `None` when it names none, or two.
pub fn month(word: &str) -> Option<u8> {
    let mut buf = [0u8; MAX_WORD];
    let key = lower(word.strip_suffix('.').unwrap_or(word), &mut buf)?;
    match table().get(key) {
        Some(&m) if m > 0 => Some(m),
        _ => None,
    }
}

/// `word` in lower case, written into `buf` (no allocation: this runs for every line that begins like a date
/// with a month word); `None` when it does not fit.
fn lower<'a>(word: &str, buf: &'a mut [u8; MAX_WORD]) -> Option<&'a str> {
    if word.is_ascii() {
        let out = buf.get_mut(..word.len())?;
        for (o, c) in out.iter_mut().zip(word.bytes()) {
            *o = c.to_ascii_lowercase();
        }
        return std::str::from_utf8(out).ok();
    }
    let mut len = 0;
    for c in word.chars().flat_map(char::to_lowercase) {
        let n = c.len_utf8();
        if len + n > MAX_WORD {
            return None;
        }
        c.encode_utf8(&mut buf[len..len + n]);
        len += n;
    }
    std::str::from_utf8(&buf[..len]).ok()
}

/// Every word that names a month (in lower case, without a final full stop), and its month; 0 for a word that
/// names two. A name wins over the start of a longer one (Czech `červen` is June, though `červenec` is July).
fn table() -> &'static HashMap<Box<str>, u8> {
    static TABLE: OnceLock<HashMap<Box<str>, u8>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut names: HashMap<Box<str>, u8> = HashMap::default();
        let mut starts: HashMap<Box<str>, u8> = HashMap::default();
        let add = |map: &mut HashMap<Box<str>, u8>, form: &str, month: u8| {
            let seen = map.entry(form.into()).or_insert(month);
            if *seen != month {
                *seen = 0;
            }
        };
        for (_, month, row) in rows() {
            for name in row {
                let name = name.to_lowercase();
                add(&mut names, &name, month);
                for (end, _) in name.char_indices().skip(3) {
                    add(&mut starts, &name[..end], month);
                }
            }
        }
        for (form, month) in starts {
            names.entry(form).or_insert(month);
        }
        names
    })
}

/// The table's rows: (language, month, names).
fn rows() -> impl Iterator<Item = (&'static str, u8, Vec<&'static str>)> {
    MONTHS
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let mut cols = l.split('\t');
            let language = cols.next()?;
            let month: u8 = cols.next()?.parse().ok()?;
            let names: Vec<&str> = cols.filter(|c| !c.is_empty()).collect();
            (!names.is_empty() && (1..=12).contains(&month)).then_some((language, month, names))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_words_in_every_language() {
        let cases: &[(&str, Option<u8>)] = &[
            ("Aug", Some(8)),
            ("aug.", Some(8)),
            ("AUG", Some(8)),
            ("August", Some(8)),
            ("Sept", Some(9)),
            ("Sep", Some(9)),
            ("Mär", Some(3)),
            ("Mrz", Some(3)),
            ("Dez.", Some(12)),
            ("août", Some(8)),
            ("févr.", Some(2)),
            ("juil.", Some(7)),
            ("jui", None),
            ("ago", Some(8)),
            ("dic", Some(12)),
            ("out", Some(10)),
            ("mrt", Some(3)),
            ("maj", Some(5)),
            ("sierpnia", Some(8)),
            ("авг.", Some(8)),
            ("августа", Some(8)),
            ("Ağu", Some(8)),
            ("Şub", Some(2)),
            ("čvc", Some(7)),
            ("čer", None),
            ("Hello", None),
            ("ma", None),
            ("", None),
            (".", None),
            ("apples", None),
        ];
        for (word, want) in cases {
            assert_eq!(month(word), *want, "{word:?}");
        }
    }

    #[test]
    fn every_language_has_twelve_months_and_no_name_names_two() {
        let mut per_language: HashMap<&str, Vec<u8>> = HashMap::default();
        let mut names: HashMap<String, (u8, &str)> = HashMap::default();
        for (language, m, row) in rows() {
            per_language.entry(language).or_default().push(m);
            for name in row {
                let name = name.to_lowercase();
                if let Some((other, other_language)) = names.insert(name.clone(), (m, language)) {
                    assert_eq!(
                        other, m,
                        "{name:?} is month {m} in {language}, {other} in {other_language}"
                    );
                }
                assert_eq!(month(&name), Some(m), "{language} {name:?}");
            }
        }
        for (language, months) in per_language {
            assert_eq!(months, (1..=12).collect::<Vec<u8>>(), "{language}");
        }
    }
}
