//! The date of a header: numbers (`23/03/2022`, `16. 11. 23.`, `3/18/R4`, `3/18/2565 BE`) or a month word
//! (`28 Aug 2013`, `1 Jan`, `Mar 5`), read byte by byte.
//!
//! Takes a line's bytes and where the date starts; gives its parts in written order, how they were written, and
//! where it ends. It does not decide the day/month order (detection does) or a year left out (`read/detect/years.rs`).

use super::{
    MonthWord, YearMark, is_digit_at, letter_len, number, skip_marks, skip_space, space_len,
};
use crate::locale::months;

#[derive(Clone, Copy)]
pub(super) struct Date {
    pub(super) parts: [u32; 3],
    pub(super) digits: [u8; 3],
    pub(super) sep: u8,
    pub(super) mark: YearMark,
    pub(super) era: u16,
    pub(super) dot: bool,
    pub(super) month: MonthWord,
    /// Where the month word is, when there is one.
    pub(super) word: Option<(usize, usize)>,
    pub(super) end: usize,
}

pub(super) fn read_date(b: &[u8], i: usize) -> Option<Date> {
    let (p0, d0, i) = number(b, i, 4)?;
    let (sep, i) = date_sep(b, i, None)?;
    let (p1, d1, i) = number(b, i, 2)?;
    let (_, i) = date_sep(b, i, Some(sep))?;
    // why: Japanese-calendar iOS exports write the year as an era letter + number (`3/18/R4`).
    let (mark, era, i) = match b.get(i).and_then(|c| era_start(*c)) {
        Some(year) if is_digit_at(b, i + 1) => (YearMark::Era, year, i + 1),
        _ => (YearMark::None, 0, i),
    };
    let (p2, d2, mut i) = number(b, i, 4)?;
    let mut mark = mark;
    // why: Thai iOS exports write the Buddhist year with a suffix (`3/18/2565 BE`).
    let (j, spaced) = skip_space(b, i);
    if spaced
        && b.get(j..j + 2) == Some(b"BE")
        && !b.get(j + 2).is_some_and(u8::is_ascii_alphanumeric)
    {
        mark = YearMark::Buddhist;
        i = j + 2;
    }
    // why: hr/sr/hu/sk write a dot after the year (`16.11.23. 18:44`).
    let dot = b.get(i) == Some(&b'.') && !is_digit_at(b, i + 1);
    if dot {
        i += 1;
    }
    Some(Date {
        parts: [p0, p1, p2],
        digits: [d0, d1, d2],
        sep,
        mark,
        era,
        dot,
        month: MonthWord::None,
        word: None,
        end: i,
    })
}

/// A date with the month as a word after the day: `28 Aug 2013`, `28. Aug. 2013`, `1 Jan` (no year: older Android
/// left out the current year), `18 Mar 12:14` (the number after the month is the time).
pub(super) fn read_day_month(line: &str, i: usize) -> Option<Date> {
    let b = line.as_bytes();
    let (day, day_digits, mut j) = number(b, i, 2)?;
    let sep = if b.get(j) == Some(&b'.') {
        j += 1;
        b'.'
    } else {
        b' '
    };
    j += space_len(b, j)?;
    let word_end = month_word(b, j)?;
    let (year, year_digits, end) = year_after(b, word_end, false);
    if !glue_may_follow(b, end) {
        return None;
    }
    Some(Date {
        parts: [day, 0, year],
        digits: [day_digits, 0, year_digits],
        sep,
        mark: YearMark::None,
        era: 0,
        dot: false,
        month: MonthWord::AfterDay,
        word: Some((j, word_end)),
        end,
    })
}

/// A date with the month as a word before the day: `Mar 5`, `Mar 5, 2013`.
pub(super) fn read_month_day(line: &str, i: usize) -> Option<Date> {
    let b = line.as_bytes();
    let word_end = month_word(b, i)?;
    let j = word_end + space_len(b, word_end)?;
    let (day, day_digits, j) = number(b, j, 2)?;
    let (year, year_digits, end) = year_after(b, j, true);
    Some(Date {
        parts: [0, day, year],
        digits: [0, day_digits, year_digits],
        sep: b' ',
        mark: YearMark::None,
        era: 0,
        dot: false,
        month: MonthWord::BeforeDay,
        word: Some((i, word_end)),
        end,
    })
}

/// Where a word at `i` that may be a month ends (letters, then maybe a dot). Which month it is, if any, is looked
/// up only once the rest of the header has been read ([`Date::name_month`]): most lines that begin like such a date
/// (`1. Status of…`, `2 onions, …`) are no header.
fn month_word(b: &[u8], i: usize) -> Option<usize> {
    let mut j = i;
    loop {
        match b.get(j) {
            Some(c) if c.is_ascii_alphabetic() => j += 1,
            Some(c) if *c >= 0x80 => match letter_len(b, j) {
                Some(n) => j += n,
                None => break,
            },
            _ => break,
        }
        if j - i > 24 {
            return None;
        }
    }
    if j == i {
        return None;
    }
    if b.get(j) == Some(&b'.') {
        j += 1;
    }
    Some(j)
}

impl Date {
    /// Puts in the month its word names (for a date read with one); `None` when the word names no month.
    pub(super) fn name_month(&mut self, line: &str) -> Option<()> {
        let Some((start, end)) = self.word else {
            return Some(());
        };
        let month = u32::from(months::month(line.get(start..end)?)?);
        match self.month {
            MonthWord::BeforeDay => self.parts[0] = month,
            _ => self.parts[1] = month,
        }
        Some(())
    }
}

/// Whether what follows a date with a month word at `i` may be a header's: the end, `]`, a comma, or a space and
/// then a digit, a dash, or a short word and a digit (` à 19:23`). Most lines that begin like such a date (`1. Status
/// of the tasks`, `2 onions, …`) stop here, before the glue is read.
fn glue_may_follow(b: &[u8], i: usize) -> bool {
    let Some(&c) = b.get(i) else {
        return true;
    };
    if c != b' ' {
        return matches!(c, b']' | b',') || c >= 0x80;
    }
    match b.get(i + 1) {
        Some(c) if c.is_ascii_digit() || *c == b'-' || *c >= 0x80 => true,
        Some(c) if c.is_ascii_lowercase() => {
            let word = b[i + 1..]
                .iter()
                .take_while(|c| c.is_ascii_lowercase())
                .count();
            word <= 4
                && b.get(i + 1 + word) == Some(&b' ')
                && b.get(i + 2 + word).is_some_and(u8::is_ascii_digit)
        }
        _ => false,
    }
}

/// A four-digit year after a month word or day (after a space, or a comma and a space with `comma`): (year, 4,
/// end), or (0, 0, `i`) when none is written (what follows is the glue, or the time of `18 Mar 12:14`).
fn year_after(b: &[u8], i: usize, comma: bool) -> (u32, u8, usize) {
    let none = (0, 0, i);
    let mut j = i;
    if comma {
        if b.get(j) != Some(&b',') {
            return none;
        }
        j += 1;
    }
    let Some(n) = space_len(b, j) else {
        return none;
    };
    match number(b, j + n, 4) {
        Some((_, 4, end))
            if b.get(end) == Some(&b':')
                || (b.get(end) == Some(&b'.') && is_digit_at(b, end + 1)) =>
        {
            none
        }
        Some((year, 4, end)) => (year, 4, end),
        _ => none,
    }
}

/// A date separator (`/`, `.`, `-`), with marks around it and an optional space after it (`16. 11. 23.`).
fn date_sep(b: &[u8], i: usize, want: Option<u8>) -> Option<(u8, usize)> {
    let i = skip_marks(b, i);
    let c = *b.get(i)?;
    if !matches!(c, b'/' | b'.' | b'-') || want.is_some_and(|w| w != c) {
        return None;
    }
    let mut j = skip_marks(b, i + 1);
    if b.get(j) == Some(&b' ') {
        j += 1;
    }
    Some((c, skip_marks(b, j)))
}

fn era_start(c: u8) -> Option<u16> {
    match c {
        b'R' => Some(2019),
        b'H' => Some(1989),
        b'S' => Some(1926),
        b'T' => Some(1912),
        b'M' => Some(1868),
        _ => None,
    }
}
