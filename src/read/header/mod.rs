//! The grammar of one message-header line, read byte by byte (no regex).
//!
//! Takes one decoded line; gives a [`Header`]: the raw date parts, the time, the AM/PM token as written, the
//! separator, where the body starts, and the line's [`Shape`]. It does not decide the day/month order, which
//! shape a file uses, or what an AM/PM token means: `detect.rs` learns those from the whole file. Beside it:
//! `scanner.rs` (the same reading, faster on lines shaped like recent ones), `author.rs` (the author and the
//! text after a header), `learn.rs` (a header as written turned into a [`Layout`] to write it back).
//!
//! ```text
//! header := [marks] ["["] [marks] DATE GLUE [AMPM ' '] TIME [AMPM] ["]"] SEP BODY     (or TIME GLUE DATE)
//! DATE   := NUM DSEP NUM DSEP [ERA]NUM [" BE"] ["."]       DSEP := "/" | "." | "-", each optionally + space
//!         | NUM ["."] " " MONTH [" " YEAR]                 `28 Aug 2013`, `28. Aug. 2013`, `1 Jan` (older Android)
//!         | MONTH " " NUM [", " YEAR]                      `Mar 5` (older Android, US)
//! MONTH  := a month word of `locale/months.tsv` [ "." ]     YEAR := four digits
//! TIME   := NUM TSEP NUM [TSEP NUM] ["."]                  TSEP := ":" | "."
//! SEP    := "] " | " - " | ": " | " " (no separator)
//! ```

use chrono::NaiveDate;

use crate::model::DateOrder;
pub use crate::text::marks::mark_len;
use date::{Date, read_date, read_day_month, read_month_day};

mod author;
mod date;
mod learn;
mod near;
mod scanner;
#[cfg(test)]
mod tests;

pub use crate::model::layout::{Layout, match_rendered};
pub use author::{clean_author, split_author, trim};
pub use learn::{Seen, learn_layout};
pub use near::{NearMiss, near_miss};
pub use scanner::Scanner;

/// How the header ends and the body begins.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Sep {
    /// iOS since 2017: `[DATE, TIME] BODY`.
    Bracket,
    /// Android: `DATE, TIME - BODY`.
    Dash,
    /// iOS up to 2016 and Android up to 2014: `DATE, TIME: BODY`.
    Colon,
    /// Rare third-party shapes with nothing between the time and the author: `02-12-18 22:55:45 Ewout: hi`.
    Space,
    /// Nothing after the time: a header alone on its line (`5/19/20, 6:49 PM`), seen in hand-edited files. Never
    /// a file's layout; a line of it may start a message when the rest is the layout's (see `near_miss`).
    End,
}

/// Where a 12-hour marker stands relative to the time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AmPmPos {
    None,
    /// `9:41 PM`, `8:28 p. m.`, `9:41:35 م`.
    After,
    /// `오후 3:07`, `午後3:07` (CJK locales put it first).
    Before,
}

/// Whether the scanner may read letters after the time as an AM/PM marker.
///
/// `NoToken` exists for the [`Sep::Space`] shape, where letters after the time are the author.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mode {
    Token,
    NoToken,
}

/// Everything about a header's layout that is the same on every header of one export.
///
/// Two lines of one file start messages only if their shapes are equal, which is how a continuation line that
/// merely begins with a date (`2016-04-29 10:30 - meeting`) is kept out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Shape {
    pub bracket: bool,
    pub time_first: bool,
    pub date_sep: u8,
    /// Hash of the text between date and time (`, `, ` `, `، `, ` à `, ` klo `), spaces folded.
    pub glue: u32,
    /// The same without its spaces and commas: glues that differ only by those (`, ` and `,`) have the same.
    pub glue_core: u32,
    pub time_sep: u8,
    pub seconds: bool,
    pub ampm: AmPmPos,
    pub sep: Sep,
    /// Year written with a calendar mark: `2565 BE` (Buddhist) or `R4` (Japanese era).
    pub year_mark: YearMark,
    /// A dot after the year: `16.11.23. 18:44`.
    pub date_dot: bool,
    /// Whether and where the month is a word (`28 Aug 2013`, `Mar 5`).
    pub month: MonthWord,
}

/// Where a date writes its month as a word, as older Android exports did (2011-2014).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MonthWord {
    /// The month is a number.
    None,
    /// After the day: `28 Aug 2013`, `28. Aug. 2013`, `1 Jan` (the date's parts are day, month, year).
    AfterDay,
    /// Before the day: `Mar 5`, `Mar 5, 2013` (the parts are month, day, year).
    BeforeDay,
}

impl Shape {
    /// The shape without its clock: a 12-hour header and a 24-hour one of the same template have the same.
    pub fn clockless(&self) -> Shape {
        Shape {
            ampm: AmPmPos::None,
            ..*self
        }
    }
}

/// A non-Gregorian year notation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum YearMark {
    None,
    /// `2565 BE`: Thai Buddhist era, Gregorian year + 543.
    Buddhist,
    /// `R4`, `H30`: Japanese era letter (which era is in [`Header::era`]; one chat can span two eras).
    Era,
}

/// One header as read from a line: raw numbers, not yet a timestamp.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Header<'a> {
    pub shape: Shape,
    /// The three date numbers in written order (a month word as its number, a year left out as 0).
    pub parts: [u32; 3],
    /// How many digits each date number had (0 for a month word, and for a year left out).
    pub digits: [u8; 3],
    /// The month word as written (`Aug`, `août`, `Dez.`), empty when the month is a number.
    pub month: &'a str,
    pub hour: u32,
    /// How many digits the hour had (`9` or `09`).
    pub hour_digits: u8,
    pub minute: u32,
    pub second: u32,
    /// The AM/PM marker as written (trimmed), empty when there is none.
    pub ampm: &'a str,
    /// For a Japanese-era year, the era's first Gregorian year (Reiwa 2019, Heisei 1989, …), else 0.
    pub era: u16,
    /// Byte offset of the header's end in the line: the body is `&line[body..]`.
    pub body: usize,
}

impl Header<'_> {
    /// The header writes its year (older Android left it out for the current year: `00:01, 1 Jan - `).
    pub fn has_year(&self) -> bool {
        self.shape.month == MonthWord::None || self.digits[2] > 0
    }
}

/// The date a header's numbers mean in date order `order`, or `None` when there is no such day (or no year is
/// written: its year is then inferred, see `read/detect/years.rs`).
pub fn date(
    parts: [u32; 3],
    digits: [u8; 3],
    era: u16,
    mark: YearMark,
    order: DateOrder,
) -> Option<NaiveDate> {
    let [a, b, c] = parts;
    let (year_at, y, m, d) = match order {
        DateOrder::Dmy => (2, c, b, a),
        DateOrder::Mdy => (2, c, a, b),
        DateOrder::Ymd => (0, a, b, c),
    };
    let year = match mark {
        _ if digits[year_at] == 0 => return None,
        YearMark::Buddhist => y as i32 - 543,
        YearMark::Era if year_at == 2 => era as i32 + y as i32 - 1,
        _ if digits[year_at] <= 2 => 2000 + y as i32,
        // why: Thai phones without the ` BE` suffix still count years in the Buddhist era.
        _ if y >= 2400 => y as i32 - 543,
        _ => y as i32,
    };
    NaiveDate::from_ymd_opt(year, m, d)
}

/// Whether a line's first bytes can begin a header: a digit (ASCII, Arabic-Indic, Persian), `[`, the lead byte
/// of an invisible mark or BOM, or a capitalized word and a number (`Mar 5, `). Checked on raw bytes, before a
/// line is decoded.
#[inline]
pub fn may_start(line: &[u8]) -> bool {
    match line.first() {
        Some(b'0'..=b'9' | b'[' | 0xD8 | 0xD9 | 0xDB | 0xE2 | 0xEF) => true,
        Some(b'A'..=b'Z') => month_first(line),
        _ => false,
    }
}

/// Whether `b` starts like a month-first date (`Mar 5`, `Sept. 12`): a capital ASCII letter, two to nine lower-case
/// ones, maybe a dot, a space and a digit.
// why: older Android in the US wrote the month first as a word (`Mar 5, 8:11 PM - `); lines that start with a
// capitalized word are most continuation lines, so this is kept to a few byte comparisons.
fn month_first(b: &[u8]) -> bool {
    if !b.first().is_some_and(u8::is_ascii_uppercase) {
        return false;
    }
    let mut i = 1;
    while i < 10 && b.get(i).is_some_and(u8::is_ascii_lowercase) {
        i += 1;
    }
    let letters = i - 1;
    if b.get(i) == Some(&b'.') {
        i += 1;
    }
    letters >= 2 && b.get(i) == Some(&b' ') && b.get(i + 1).is_some_and(u8::is_ascii_digit)
}

/// Reads a header at the start of `line`, or `None` when the line does not start with one.
pub fn scan(line: &str, mode: Mode) -> Option<Header<'_>> {
    scan_telling(line, mode).ok()
}

/// Why [`scan`] found no header in a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Miss {
    /// Not in `Mode::Token`, and not in `Mode::NoToken` either (said only by a `Token` scan).
    Neither,
    /// Not in the mode asked; the other mode may still read one.
    ThisMode,
}

impl Miss {
    /// A miss in the date or the time (or before them).
    ///
    /// Why `Neither` is exact for `Token`: `NoToken` reads the date and the time as `Token` does, except that it
    /// takes no AM/PM word before the time (where `Token` took `오후`, it finds no time: no header).
    fn early(mode: Mode) -> Miss {
        match mode {
            Mode::Token => Miss::Neither,
            Mode::NoToken => Miss::ThisMode,
        }
    }
}

/// [`scan`], telling where a line without a header failed.
pub fn scan_telling(line: &str, mode: Mode) -> Result<Header<'_>, Miss> {
    scan_for(line, mode, None)
}

/// [`scan_telling`], or with `want`, [`scan`] for headers of that shape only: a line is given up as soon as a
/// part read shows another shape (other brackets, order, date or glue), and `Miss::ThisMode` said.
fn scan_for<'a>(line: &'a str, mode: Mode, want: Option<&Shape>) -> Result<Header<'a>, Miss> {
    let b = line.as_bytes();
    let early = Miss::early(mode);
    let mut i = skip_marks(b, 0);
    let bracket = b.get(i) == Some(&b'[');
    if bracket {
        i = skip_marks(b, i + 1);
    }
    // why: older Android in the US wrote the month first as a word (`Mar 5, 8:11 PM - `).
    let word_first = b.get(i).is_some_and(u8::is_ascii_alphabetic);
    if word_first
        && (!month_first(&b[i..]) || want.is_some_and(|w| w.month != MonthWord::BeforeDay))
    {
        return Err(if want.is_some() {
            Miss::ThisMode
        } else {
            early
        });
    }
    // Quick reject: every other header starts with a digit. Most continuation lines fail here.
    let after_first = if word_first {
        i
    } else {
        number(b, i, 4).ok_or(early)?.2
    };
    let time_first = b.get(after_first) == Some(&b':');
    let other = |bracket: bool, time_first: bool, date: Option<(&Date, u32)>| {
        want.is_some_and(|w| {
            w.bracket != bracket
                || w.time_first != time_first
                || date.is_some_and(|(d, glue)| {
                    (d.sep, d.mark, d.dot, d.month, glue)
                        != (w.date_sep, w.year_mark, w.date_dot, w.month, w.glue)
                })
        })
    };
    if other(bracket, time_first, None) {
        return Err(Miss::ThisMode);
    }
    let named = want.is_none_or(|w| w.month != MonthWord::None);
    let any_date = |j: usize| -> Option<Date> {
        if word_first {
            return read_month_day(line, j);
        }
        match read_date(b, j) {
            Some(d) => Some(d),
            None if named => read_day_month(line, j),
            None => None,
        }
    };

    let mut ampm = "";
    let mut ampm_pos = AmPmPos::None;
    let (date, time, (glue, glue_core), after): (Date, Time, (u32, u32), usize);
    if time_first {
        let t = read_time(b, i).ok_or(early)?;
        let (g, j) = glue_at(b, t.end).ok_or(early)?;
        let d = any_date(j).ok_or(early)?;
        (date, time, (glue, glue_core), after) = (d, t, g, d.end);
    } else {
        let d = any_date(i).ok_or(early)?;
        let (g, mut j) = glue_at(b, d.end).ok_or(early)?;
        if other(bracket, time_first, Some((&d, g.0))) {
            return Err(Miss::ThisMode);
        }
        // why: CJK locales write the AM/PM marker before the time (`오후 3:07`).
        if mode == Mode::Token && !is_digit_at(b, j) {
            let (tok_end, next) = token(b, j);
            if tok_end > j && is_prefix_ampm(&line[j..tok_end]) && is_digit_at(b, next) {
                ampm = &line[j..tok_end];
                ampm_pos = AmPmPos::Before;
                j = next;
            }
        }
        let t = read_time(b, j).ok_or(early)?;
        (date, time, (glue, glue_core), after) = (d, t, g, t.end);
    }
    // After the time: an optional AM/PM marker, then the separator.
    let (mut j, spaced) = skip_space(b, after);
    // why `Neither` is exact: after the time `NoToken` reads no AM/PM word, so where `Token` finds no separator it
    // differs only by taking a space alone as one (not in brackets, not after a time-first header).
    let late = if mode == Mode::NoToken
        || (ampm_pos != AmPmPos::Before && !bracket && !time_first && spaced)
    {
        Miss::ThisMode
    } else {
        Miss::Neither
    };
    if mode == Mode::Token && ampm_pos == AmPmPos::None {
        let (tok_end, next) = token(b, j);
        // why: some exports glue the marker to the time (`3:45PM`); accept that only for plain AM/PM.
        let glued_ok = spaced || is_plain_ampm(&line[j..tok_end]);
        if tok_end > j && glued_ok {
            ampm = &line[j..tok_end];
            ampm_pos = AmPmPos::After;
            j = next;
        }
    }
    let spaced = spaced || (j > after && ampm_pos == AmPmPos::After);
    // why: hand-edited files drop the ` - ` after a 12-hour time (`2/13/19, 3:00 PM Name: `): the AM/PM word then
    // runs into the name, and is taken alone when it is a known one.
    let known_then_text =
        mode == Mode::Token && ampm_pos == AmPmPos::After && spaced_after(b, ampm);
    let (sep, body) = if bracket {
        let j = skip_marks(b, j);
        if b.get(j) != Some(&b']') {
            return Err(late);
        }
        (Sep::Bracket, skip_one_space(b, j + 1))
    } else {
        match b.get(j) {
            Some(b'-') if spaced && space_or_end(b, j + 1) => (Sep::Dash, skip_one_space(b, j + 1)),
            Some(b':') if space_or_end(b, j + 1) => match split_known(line, ampm) {
                Some((word, body)) if ampm_pos == AmPmPos::After && mode == Mode::Token => {
                    ampm = word;
                    (Sep::Space, body)
                }
                _ => (Sep::Colon, skip_one_space(b, j + 1)),
            },
            // why: a header alone on its line (`5/19/20, 6:49 PM`) in hand-edited files; a word after the time
            // that is no AM/PM word is text (`23/03/2022, 13:31 no separator`).
            None if mode == Mode::Token
                && (ampm_pos == AmPmPos::None || crate::locale::ampm::known(ampm).is_some()) =>
            {
                (Sep::End, j)
            }
            _ if spaced && mode == Mode::NoToken => (Sep::Space, j),
            _ if known_then_text && crate::locale::ampm::known(ampm).is_some() => (Sep::Space, j),
            _ => return Err(late),
        }
    };
    if time_first && !bracket && !matches!(sep, Sep::Dash | Sep::End) {
        return Err(late);
    }
    let mut date = date;
    date.name_month(line).ok_or(early)?;

    Ok(Header {
        shape: Shape {
            bracket,
            time_first,
            date_sep: date.sep,
            glue,
            glue_core,
            time_sep: time.sep,
            seconds: time.seconds.is_some(),
            ampm: ampm_pos,
            sep,
            year_mark: date.mark,
            date_dot: date.dot,
            month: date.month,
        },
        parts: date.parts,
        digits: date.digits,
        month: date.word.map_or("", |(s, e)| &line[s..e]),
        hour: time.hour,
        hour_digits: time.hour_digits,
        minute: time.minute,
        second: time.seconds.unwrap_or(0),
        ampm,
        era: date.era,
        body,
    })
}

#[derive(Clone, Copy)]
struct Time {
    hour: u32,
    hour_digits: u8,
    minute: u32,
    seconds: Option<u32>,
    sep: u8,
    end: usize,
}

fn read_time(b: &[u8], i: usize) -> Option<Time> {
    let (hour, hour_digits, i) = number(b, i, 2)?;
    let sep = *b.get(i)?;
    if sep != b':' && sep != b'.' {
        return None;
    }
    let (minute, dm, mut i) = number(b, i + 1, 2)?;
    if dm != 2 {
        return None;
    }
    let mut seconds = None;
    if b.get(i) == Some(&sep)
        && let Some((s, 2, j)) = number(b, i + 1, 2)
    {
        seconds = Some(s);
        i = j;
    }
    // why: a dot after the time has been seen (`2022/12/24, 13:01. - `).
    if b.get(i) == Some(&b'.') && !is_digit_at(b, i + 1) {
        i += 1;
    }
    if is_digit_at(b, i) {
        return None;
    }
    Some(Time {
        hour,
        hour_digits,
        minute,
        seconds,
        sep,
        end: i,
    })
}

/// The hash that [`Shape::glue`] holds for this glue text (`", "`, `" klo "`).
pub fn glue_hash(glue: &str) -> u32 {
    glue_at(glue.as_bytes(), 0).map_or(0, |(hash, _)| hash.0)
}

/// The text between date and time: spaces, commas, the Arabic comma, and at most one short word
/// (` à `, ` klo `). Returns its hashes (whole, and without spaces and commas) and where the next part starts.
fn glue_at(b: &[u8], start: usize) -> Option<((u32, u32), usize)> {
    let mut i = start;
    let mut hash: u32 = 0x811c_9dc5;
    let mut core: u32 = 0x811c_9dc5;
    let mut mix = |c: u8| {
        hash = (hash ^ c as u32).wrapping_mul(0x0100_0193);
        if c != b' ' && c != b',' {
            core = (core ^ c as u32).wrapping_mul(0x0100_0193);
        }
    };
    let mut words = 0;
    let mut prev_space = false;
    loop {
        if let Some(n) = mark_len(b, i) {
            i += n;
        } else if let Some(n) = space_len(b, i) {
            if !prev_space {
                mix(b' ');
            }
            prev_space = true;
            i += n;
        } else if b.get(i) == Some(&b',') {
            mix(b',');
            prev_space = false;
            i += 1;
        } else if b.get(i..i + 2) == Some("،".as_bytes()) {
            mix(b';');
            prev_space = false;
            i += 2;
        } else if prev_space && words == 0 && is_glue_word_start(b, i) {
            // A short word between spaces (` à `, ` klo `); anything else ends the glue.
            let (end, _) = token(b, i);
            if end - i > 8
                || space_len(b, end).is_none()
                || std::str::from_utf8(&b[i..end]).is_ok_and(is_prefix_ampm)
            {
                break;
            }
            for &c in &b[i..end] {
                mix(c);
            }
            words += 1;
            prev_space = false;
            i = end;
        } else {
            break;
        }
    }
    (i > start).then_some(((hash, core), i))
}

fn is_glue_word_start(b: &[u8], i: usize) -> bool {
    b.get(i)
        .is_some_and(|&c| c.is_ascii_lowercase() || c >= 0x80)
}

/// Reads an AM/PM-like token: letters and dots, with single spaces inside (`p. m.`, `in the morning`).
/// Returns (end of the token, start of what follows it after spaces).
fn token(b: &[u8], start: usize) -> (usize, usize) {
    let mut i = start;
    let mut end = start;
    while i < b.len() && i - start < 40 {
        if let Some(n) = letter_len(b, i) {
            i += n;
            end = i;
        } else if b[i] == b'.' && end > start {
            i += 1;
            end = i;
        } else if let Some(n) = space_len(b, i) {
            if end == start {
                break;
            }
            i += n;
        } else if let Some(n) = mark_len(b, i) {
            i += n;
        } else {
            break;
        }
    }
    let (next, _) = skip_space(b, end);
    (end, next)
}

/// Whether a space follows the token `tok` (a slice of the line `b`) before what comes next.
fn spaced_after(b: &[u8], tok: &str) -> bool {
    let end = (tok.as_ptr() as usize).wrapping_sub(b.as_ptr() as usize) + tok.len();
    !tok.is_empty() && end <= b.len() && space_len(b, end).is_some()
}

/// An AM/PM token that ran into a name (`PM Name` before `: `) split after its longest start that is a known
/// AM/PM word (`PM`, `p. m.`): that word, and where the body starts after it.
fn split_known<'a>(line: &'a str, tok: &'a str) -> Option<(&'a str, usize)> {
    let start = (tok.as_ptr() as usize).checked_sub(line.as_ptr() as usize)?;
    let b = line.as_bytes();
    let mut best = None;
    for (k, _) in tok.char_indices() {
        if space_len(b, start + k).is_some() && crate::locale::ampm::known(&tok[..k]).is_some() {
            best = Some(k);
        }
    }
    let k = best?;
    let (body, _) = skip_space(b, start + k);
    Some((&tok[..k], body))
}

fn is_plain_ampm(tok: &str) -> bool {
    ["am", "pm", "a.m.", "p.m."]
        .iter()
        .any(|t| tok.eq_ignore_ascii_case(t))
}

fn is_prefix_ampm(tok: &str) -> bool {
    matches!(
        tok,
        "오전" | "오후" | "午前" | "午後" | "上午" | "下午" | "中午" | "凌晨" | "早上" | "晚上"
    )
}

/// A run of 1..=`max` digits (ASCII, Arabic-Indic or Persian), as (value, digit count, end).
fn number(b: &[u8], mut i: usize, max: u8) -> Option<(u32, u8, usize)> {
    let mut value = 0u32;
    let mut n = 0u8;
    while let Some((d, len)) = digit(b, i) {
        if n == max {
            return None;
        }
        value = value * 10 + d;
        n += 1;
        i += len;
    }
    (n > 0).then_some((value, n, i))
}

/// One digit at `i`: ASCII, Arabic-Indic (U+0660..U+0669) or Extended Arabic-Indic/Persian (U+06F0..U+06F9).
fn digit(b: &[u8], i: usize) -> Option<(u32, usize)> {
    match *b.get(i)? {
        c @ b'0'..=b'9' => Some(((c - b'0') as u32, 1)),
        0xD9 => match *b.get(i + 1)? {
            c @ 0xA0..=0xA9 => Some(((c - 0xA0) as u32, 2)),
            _ => None,
        },
        0xDB => match *b.get(i + 1)? {
            c @ 0xB0..=0xB9 => Some(((c - 0xB0) as u32, 2)),
            _ => None,
        },
        _ => None,
    }
}

fn is_digit_at(b: &[u8], i: usize) -> bool {
    digit(b, i).is_some()
}

/// Length of a space at `i`: ASCII space, NBSP, NNBSP (U+202F), and U+2000..U+200A (thin space etc.).
pub fn space_len(b: &[u8], i: usize) -> Option<usize> {
    match *b.get(i)? {
        b' ' | b'\t' => Some(1),
        0xC2 => (*b.get(i + 1)? == 0xA0).then_some(2),
        0xE2 => match b.get(i + 1..i + 3)? {
            [0x80, 0x80..=0x8A | 0xAF] => Some(3),
            _ => None,
        },
        _ => None,
    }
}

/// Length of a letter at `i`: ASCII letters, and any non-ASCII character that is not a space, mark or digit.
fn letter_len(b: &[u8], i: usize) -> Option<usize> {
    let c = *b.get(i)?;
    if c.is_ascii_alphabetic() {
        return Some(1);
    }
    if c < 0x80 || space_len(b, i).is_some() || mark_len(b, i).is_some() || digit(b, i).is_some() {
        return None;
    }
    let len = match c {
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF7 => 4,
        _ => return None,
    };
    // The Arabic comma ends a token (`٢٠٢٢، ٩:٤١`): it is punctuation, not a letter.
    if b.get(i..i + len) == Some("،".as_bytes()) {
        return None;
    }
    (i + len <= b.len()).then_some(len)
}

fn skip_marks(b: &[u8], mut i: usize) -> usize {
    while let Some(n) = mark_len(b, i) {
        i += n;
    }
    i
}

/// Skips spaces and marks; says whether at least one space was skipped.
fn skip_space(b: &[u8], mut i: usize) -> (usize, bool) {
    let mut spaced = false;
    loop {
        if let Some(n) = space_len(b, i) {
            spaced = true;
            i += n;
        } else if let Some(n) = mark_len(b, i) {
            i += n;
        } else {
            return (i, spaced);
        }
    }
}

fn skip_one_space(b: &[u8], i: usize) -> usize {
    let i = skip_marks_no_body(b, i);
    match space_len(b, i) {
        Some(n) => i + n,
        None => i,
    }
}

/// Marks right after the separator belong to the header only when a space follows them; otherwise they are
/// the first character of the body (iOS puts an LRM in front of placeholder bodies) and stay there.
fn skip_marks_no_body(b: &[u8], i: usize) -> usize {
    let j = skip_marks(b, i);
    if j > i && space_len(b, j).is_some() {
        j
    } else {
        i
    }
}

fn space_or_end(b: &[u8], i: usize) -> bool {
    i >= b.len() || space_len(b, i).is_some()
}

/// Where the first `a` directly followed by `b` is. For short lines: a memmem searcher built per call cost more
/// than the search.
pub fn find_pair(hay: &[u8], a: u8, b: u8) -> Option<usize> {
    memchr::memchr_iter(a, hay).find(|&i| hay.get(i + 1) == Some(&b))
}
