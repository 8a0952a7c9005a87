//! The grammar of one message-header line, read byte by byte (no regex).
//!
//! Takes one decoded line; gives a [`Header`]: the raw date parts, the time, the AM/PM token as written, the
//! separator, where the body starts, and the line's [`Shape`]. It does not decide the day/month order, which
//! shape a file uses, or what an AM/PM token means: `detect.rs` learns those from the whole file.
//!
//! ```text
//! header := [marks] ["["] [marks] DATE GLUE [AMPM ' '] TIME [AMPM] ["]"] SEP BODY     (or TIME GLUE DATE)
//! DATE   := NUM DSEP NUM DSEP [ERA]NUM [" BE"] ["."]       DSEP := "/" | "." | "-", each optionally + space
//! TIME   := NUM TSEP NUM [TSEP NUM] ["."]                  TSEP := ":" | "."
//! SEP    := "] " | " - " | ": " | " " (no separator)
//! ```

use chrono::NaiveDate;

use crate::model::DateOrder;

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
    pub time_sep: u8,
    pub seconds: bool,
    pub ampm: AmPmPos,
    pub sep: Sep,
    /// Year written with a calendar mark: `2565 BE` (Buddhist) or `R4` (Japanese era).
    pub year_mark: YearMark,
    /// A dot after the year: `16.11.23. 18:44`.
    pub date_dot: bool,
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
    /// The three date numbers in written order.
    pub parts: [u32; 3],
    /// How many digits each date number had.
    pub digits: [u8; 3],
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

/// The date a header's numbers mean in date order `order`, or `None` when there is no such day.
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
        YearMark::Buddhist => y as i32 - 543,
        YearMark::Era if year_at == 2 => era as i32 + y as i32 - 1,
        _ if digits[year_at] <= 2 => 2000 + y as i32,
        // why: Thai phones without the ` BE` suffix still count years in the Buddhist era.
        _ if y >= 2400 => y as i32 - 543,
        _ => y as i32,
    };
    NaiveDate::from_ymd_opt(year, m, d)
}

/// Whether a line's first byte can begin a header: a digit (ASCII, Arabic-Indic, Persian), `[`, or the lead byte
/// of an invisible mark or BOM. Checked on raw bytes, before a line is decoded.
pub fn may_start(line: &[u8]) -> bool {
    matches!(
        line.first(),
        Some(b'0'..=b'9' | b'[' | 0xD8 | 0xD9 | 0xDB | 0xE2 | 0xEF)
    )
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
    // Quick reject: every header starts with a digit. Most continuation lines fail here.
    let (_, _, after_first) = number(b, i, 4).ok_or(early)?;
    let time_first = b.get(after_first) == Some(&b':');
    let other = |bracket: bool, time_first: bool, date: Option<(&Date, u32)>| {
        want.is_some_and(|w| {
            w.bracket != bracket
                || w.time_first != time_first
                || date.is_some_and(|(d, glue)| {
                    (d.sep, d.mark, d.dot, glue) != (w.date_sep, w.year_mark, w.date_dot, w.glue)
                })
        })
    };
    if other(bracket, time_first, None) {
        return Err(Miss::ThisMode);
    }

    let mut ampm = "";
    let mut ampm_pos = AmPmPos::None;
    let (date, time, glue, after): (Date, Time, u32, usize);
    if time_first {
        let t = read_time(b, i).ok_or(early)?;
        let (g, j) = glue_at(b, t.end).ok_or(early)?;
        let d = read_date(b, j).ok_or(early)?;
        (date, time, glue, after) = (d, t, g, d.end);
    } else {
        let d = read_date(b, i).ok_or(early)?;
        let (g, mut j) = glue_at(b, d.end).ok_or(early)?;
        if other(bracket, time_first, Some((&d, g))) {
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
        (date, time, glue, after) = (d, t, g, t.end);
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
    let (sep, body) = if bracket {
        let j = skip_marks(b, j);
        if b.get(j) != Some(&b']') {
            return Err(late);
        }
        (Sep::Bracket, skip_one_space(b, j + 1))
    } else {
        match b.get(j) {
            Some(b'-') if spaced && space_or_end(b, j + 1) => (Sep::Dash, skip_one_space(b, j + 1)),
            Some(b':') if space_or_end(b, j + 1) => (Sep::Colon, skip_one_space(b, j + 1)),
            _ if spaced && mode == Mode::NoToken => (Sep::Space, j),
            _ => return Err(late),
        }
    };
    if time_first && !bracket && sep != Sep::Dash {
        return Err(late);
    }

    Ok(Header {
        shape: Shape {
            bracket,
            time_first,
            date_sep: date.sep,
            glue,
            time_sep: time.sep,
            seconds: time.seconds.is_some(),
            ampm: ampm_pos,
            sep,
            year_mark: date.mark,
            date_dot: date.dot,
        },
        parts: date.parts,
        digits: date.digits,
        hour: time.hour,
        hour_digits: time.hour_digits,
        minute: time.minute,
        second: time.seconds.unwrap_or(0),
        ampm,
        era: date.era,
        body,
    })
}

/// [`scan`] with a memory of the header shapes it has just seen: gives exactly what `scan(line, mode)` gives, but a
/// line whose header has the same bytes as a recent one, digits aside, is read without the general grammar.
///
/// Why this is exact: `scan` decides only from the bytes before the body and from the body's first byte, and its
/// decisions depend on whether a byte is a digit, never on which digit. So a line that agrees with a header
/// already read on every non-digit byte up to its body, has ASCII digits exactly where that header had them, and
/// starts its body with a byte that is neither a space nor the start of a mark, has the same header with its own
/// numbers. Any other line goes through `scan`, and a header it finds becomes a skeleton for the next lines.
pub struct Scanner {
    mode: Mode,
    /// With a shape, only headers of that shape are read (a parser's scanner, once the file's shape is known).
    shape: Option<Shape>,
    /// Most recently used first.
    skeletons: Vec<Skeleton>,
}

/// Days, months and hours written without a leading zero give a few byte patterns per file; AM/PM words a few more.
const SKELETONS: usize = 8;

struct Skeleton {
    /// Where the body starts.
    end: usize,
    /// The header's bytes, 8 at a time, with a mask that keeps the bytes that must be equal (not the digits).
    words: Vec<(u64, u64)>,
    /// Where each number's digits are, in written order (date and time, or time and date).
    runs: [(u8, u8); 6],
    /// The header read from the line this skeleton was made from; its numbers are replaced per line.
    header: Header<'static>,
    /// Where its AM/PM word is in the line, when it has one.
    ampm: Option<(usize, usize)>,
}

impl Scanner {
    pub fn new(mode: Mode) -> Scanner {
        Scanner {
            mode,
            shape: None,
            skeletons: Vec::new(),
        }
    }

    /// A scanner that reads only headers of `shape`: `scan(line, mode).filter(|h| h.shape == shape)`, with less
    /// work on lines of other shapes.
    pub fn for_shape(mode: Mode, shape: Shape) -> Scanner {
        Scanner {
            shape: Some(shape),
            ..Scanner::new(mode)
        }
    }

    /// `scan(line, mode)`, kept to headers of the scanner's shape when it has one.
    pub fn scan<'a>(&mut self, line: &'a str) -> Option<Header<'a>> {
        self.scan_telling(line).ok()
    }

    /// `scan_telling(line, mode)`, kept to headers of the scanner's shape when it has one.
    pub fn scan_telling<'a>(&mut self, line: &'a str) -> Result<Header<'a>, Miss> {
        let b = line.as_bytes();
        // Every header starts with a digit, `[` or a mark: most continuation lines stop here.
        if !may_start(b) {
            return Err(Miss::early(self.mode));
        }
        for k in 0..self.skeletons.len() {
            if let Some(h) = self.skeletons[k].read(line) {
                if k > 0 {
                    self.skeletons[..=k].rotate_right(1);
                }
                return Ok(h);
            }
        }
        let h = scan_for(line, self.mode, self.shape.as_ref())?;
        if self.shape.is_some_and(|s| s != h.shape) {
            return Err(Miss::ThisMode);
        }
        if let Some(s) = Skeleton::new(line, &h) {
            if self.skeletons.len() == SKELETONS {
                self.skeletons.pop();
            }
            self.skeletons.insert(0, s);
        }
        Ok(h)
    }
}

impl Skeleton {
    fn new(line: &str, h: &Header<'_>) -> Option<Skeleton> {
        let b = line.as_bytes();
        if !plain_body_start(b, h.body) || h.body > u8::MAX as usize {
            return None;
        }
        let bytes = &b[..h.body];
        let mut runs = [(0u8, 0u8); 6];
        let mut n = 0;
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i].is_ascii_digit() {
                let start = i;
                while i < bytes.len() && bytes[i].is_ascii_digit() {
                    i += 1;
                }
                *runs.get_mut(n)? = (start as u8, (i - start) as u8);
                n += 1;
            } else {
                i += 1;
            }
        }
        let ampm = (!h.ampm.is_empty()).then(|| {
            let start = h.ampm.as_ptr() as usize - line.as_ptr() as usize;
            (start, start + h.ampm.len())
        });
        let words = bytes
            .chunks(8)
            .enumerate()
            .map(|(k, chunk)| {
                let mask = chunk.iter().enumerate().fold(0u64, |m, (i, c)| {
                    m | if c.is_ascii_digit() {
                        0
                    } else {
                        0xFF << (8 * i)
                    }
                });
                (word(b, 8 * k) & mask, mask)
            })
            .collect();
        let skeleton = Skeleton {
            end: h.body,
            words,
            runs,
            header: Header { ampm: "", ..*h },
            ampm,
        };
        // The runs must be exactly the header's numbers (not so with Arabic-Indic digits, say): read the line
        // back through the skeleton and compare.
        let expected = (if h.shape.seconds { 6 } else { 5 }, skeleton.read(line));
        (expected == (n, Some(*h))).then_some(skeleton)
    }

    fn read<'a>(&self, line: &'a str) -> Option<Header<'a>> {
        let b = line.as_bytes();
        if !plain_body_start(b, self.end) {
            return None;
        }
        for (k, &(want, mask)) in self.words.iter().enumerate() {
            if word(b, 8 * k) & mask != want {
                return None;
            }
        }
        let mut values = [0u32; 6];
        for (v, &(start, len)) in values.iter_mut().zip(&self.runs) {
            let start = start as usize;
            for &c in &b[start..start + len as usize] {
                let d = c.wrapping_sub(b'0');
                if d > 9 {
                    return None;
                }
                *v = *v * 10 + u32::from(d);
            }
        }
        let t = &self.header;
        let (date, time) = if t.shape.time_first {
            let at = if t.shape.seconds { 3 } else { 2 };
            (
                [values[at], values[at + 1], values[at + 2]],
                [values[0], values[1], values[2]],
            )
        } else {
            (
                [values[0], values[1], values[2]],
                [values[3], values[4], values[5]],
            )
        };
        Some(Header {
            parts: date,
            hour: time[0],
            minute: time[1],
            second: if t.shape.seconds { time[2] } else { 0 },
            ampm: self.ampm.map_or("", |(s, e)| &line[s..e]),
            ..*t
        })
    }
}

/// The 8 bytes of `b` from `at` as a little-endian word, zeros past the end.
fn word(b: &[u8], at: usize) -> u64 {
    match b.get(at..at + 8) {
        Some(w) => u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]),
        None => {
            let mut w = [0u8; 8];
            let rest = b.get(at..).unwrap_or_default();
            w[..rest.len()].copy_from_slice(rest);
            u64::from_le_bytes(w)
        }
    }
}

/// Whether the body starts at `i` with a byte that cannot change how `scan` reads the header: not the end of the
/// line, not a space, not the first byte of a mark or of a non-ASCII space, and none of the separators a header
/// with no separator would take it for (`-`, `:`) or that may end a header (`.`, `]`).
fn plain_body_start(b: &[u8], i: usize) -> bool {
    b.get(i)
        .is_some_and(|&c| c.is_ascii() && !matches!(c, b' ' | b'\t' | b'-' | b':' | b'.' | b']'))
}

#[derive(Clone, Copy)]
struct Date {
    parts: [u32; 3],
    digits: [u8; 3],
    sep: u8,
    mark: YearMark,
    era: u16,
    dot: bool,
    end: usize,
}

fn read_date(b: &[u8], i: usize) -> Option<Date> {
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
        end: i,
    })
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
    glue_at(glue.as_bytes(), 0).map_or(0, |(hash, _)| hash)
}

/// The text between date and time: spaces, commas, the Arabic comma, and at most one short word
/// (` à `, ` klo `). Returns its hash and where the next part starts.
fn glue_at(b: &[u8], start: usize) -> Option<(u32, usize)> {
    let mut i = start;
    let mut hash: u32 = 0x811c_9dc5;
    let mut mix = |c: u8| hash = (hash ^ c as u32).wrapping_mul(0x0100_0193);
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
    (i > start).then_some((hash, i))
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

/// Splits a body into (author, text) at the first `": "`; a body that is just `Name:` is an author with an empty
/// text (iOS view-once photos, empty business messages). `None` means no author: a system message.
pub fn split_author(body: &str) -> Option<(&str, &str)> {
    if let Some(i) = find_pair(body.as_bytes(), b':', b' ') {
        return Some((&body[..i], &body[i + 2..]));
    }
    // why: an empty message is exported as `Luke:` when trailing spaces were trimmed.
    let bytes = body.as_bytes();
    if bytes.last() == Some(&b':')
        && memchr::memchr(b':', bytes) == Some(bytes.len() - 1)
        && bytes.len() > 1
    {
        return Some((&body[..bytes.len() - 1], ""));
    }
    None
}

/// `s.trim()`, quicker when the text it keeps starts and ends with ASCII (most names).
pub fn trim(s: &str) -> &str {
    let b = s.as_bytes();
    // The ASCII characters `char::is_whitespace` takes.
    let space = |c: &u8| matches!(c, b'\t'..=b'\r' | b' ');
    let start = b.iter().position(|c| !space(c)).unwrap_or(b.len());
    let end = b.iter().rposition(|c| !space(c)).map_or(start, |i| i + 1);
    if b.get(start).is_some_and(|&c| c >= 0x80) || (end > start && b[end - 1] >= 0x80) {
        // Non-ASCII at either end may be a space of another kind (NBSP, U+3000).
        return s.trim();
    }
    &s[start..end]
}

/// An author name without invisible marks (iOS wraps phone numbers in LRE/PDF and puts LRM around names),
/// without surrounding spaces, and without the `~ ` WhatsApp puts before group members who are not contacts.
/// Spaces inside (NBSP in phone numbers) are kept as written.
pub fn clean_author(raw: &str) -> std::borrow::Cow<'_, str> {
    let b = raw.as_bytes();
    if b.is_ascii() {
        let t = trim(raw);
        return std::borrow::Cow::Borrowed(t.strip_prefix("~ ").map_or(t, str::trim_start));
    }
    let mut out = String::with_capacity(raw.len());
    let mut i = 0;
    while i < b.len() {
        if let Some(n) = mark_len(b, i) {
            i += n;
            continue;
        }
        let Some(c) = raw[i..].chars().next() else {
            break;
        };
        out.push(c);
        i += c.len_utf8();
    }
    let spaces = |c: char| c.is_whitespace() || c == '\u{202F}';
    let mut name = out.trim_matches(spaces);
    // why: non-contacts in groups show as `~ Name` or `~\u{202F}Name` (Android 2023+, iOS).
    if let Some(rest) = name.strip_prefix('~')
        && rest.starts_with(spaces)
    {
        name = rest.trim_start_matches(spaces);
    }
    std::borrow::Cow::Owned(name.to_string())
}

/// How an export writes its headers, learned from the file, so that a header can be written back: a template
/// with placeholders for the numbers, the file's own AM/PM words, and its digits.
///
/// Placeholders: `{d}`/`{dd}` day, `{m}`/`{mm}` month, `{yy}`/`{yyyy}` year, `{H}`/`{HH}` 24-hour hour,
/// `{h}`/`{hh}` 12-hour hour, `{MM}` minute, `{SS}` second, `{p}` the AM/PM word; the doubled forms keep a leading
/// zero. Everything else (brackets, separators, spaces of any kind, invisible marks) is literal.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Layout {
    pub template: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub am: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pm: Option<String>,
    /// `ascii`, `arabic` (U+0660…) or `persian` (U+06F0…).
    pub digits: &'static str,
    /// The template read once, for writing a header per message without parsing it again.
    #[serde(skip)]
    pieces: Vec<Piece>,
    /// The zero of `digits`.
    #[serde(skip)]
    zero: char,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Piece {
    Text(String),
    /// A number: which one, and its width (1: as is; 2 or 4: leading zeros).
    Number(Field, usize),
    AmPm,
    /// A placeholder the template language does not have: nothing can be written.
    Invalid,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    Day,
    Month,
    Year,
    Year2,
    Hour24,
    Hour12,
    Minute,
    Second,
}

impl Layout {
    pub fn new(
        template: String,
        am: Option<String>,
        pm: Option<String>,
        digits: &'static str,
    ) -> Layout {
        let mut pieces = Vec::new();
        let mut text = String::new();
        let mut rest = template.as_str();
        while let Some(i) = rest.find('{') {
            text.push_str(&rest[..i]);
            rest = &rest[i..];
            if let Some(r) = rest.strip_prefix("{{") {
                text.push('{');
                rest = r;
                continue;
            }
            let Some(end) = rest.find('}') else {
                pieces.push(Piece::Invalid);
                break;
            };
            if !text.is_empty() {
                pieces.push(Piece::Text(std::mem::take(&mut text)));
            }
            pieces.push(match &rest[1..end] {
                "d" => Piece::Number(Field::Day, 1),
                "dd" => Piece::Number(Field::Day, 2),
                "m" => Piece::Number(Field::Month, 1),
                "mm" => Piece::Number(Field::Month, 2),
                "yy" => Piece::Number(Field::Year2, 2),
                "yyyy" => Piece::Number(Field::Year, 4),
                "H" => Piece::Number(Field::Hour24, 1),
                "HH" => Piece::Number(Field::Hour24, 2),
                "h" => Piece::Number(Field::Hour12, 1),
                "hh" => Piece::Number(Field::Hour12, 2),
                "MM" => Piece::Number(Field::Minute, 2),
                "SS" => Piece::Number(Field::Second, 2),
                "p" => Piece::AmPm,
                _ => Piece::Invalid,
            });
            rest = &rest[end + 1..];
        }
        text.push_str(rest);
        if !text.is_empty() {
            pieces.push(Piece::Text(text));
        }
        let zero = DIGIT_ZEROS
            .iter()
            .find(|(_, name)| *name == digits)
            .map_or('0', |(zero, _)| *zero);
        Layout {
            template,
            am,
            pm,
            digits,
            pieces,
            zero,
        }
    }
}

/// The first digit of each digit system a header may use.
const DIGIT_ZEROS: [(char, &str); 3] = [
    ('0', "ascii"),
    ('\u{660}', "arabic"),
    ('\u{6F0}', "persian"),
];

fn digit_value(c: char) -> Option<(u32, &'static str)> {
    DIGIT_ZEROS.iter().find_map(|&(zero, name)| {
        let v = (c as u32).checked_sub(zero as u32)?;
        (v < 10).then_some((v, name))
    })
}

/// Every [`Field`] of one local time, read once (a header has up to six numbers).
struct Fields([u32; 8]);

impl Fields {
    fn of(t: &chrono::NaiveDateTime) -> Fields {
        use chrono::{Datelike, Timelike};
        let (year, hour) = (t.year(), t.hour());
        let mut f = [0; 8];
        f[Field::Day as usize] = t.day();
        f[Field::Month as usize] = t.month();
        f[Field::Year as usize] = year.clamp(0, 9999) as u32;
        f[Field::Year2 as usize] = year.rem_euclid(100) as u32;
        f[Field::Hour24 as usize] = hour;
        f[Field::Hour12 as usize] = match hour % 12 {
            0 => 12,
            h => h,
        };
        f[Field::Minute as usize] = t.minute();
        f[Field::Second as usize] = t.second();
        Fields(f)
    }
}

/// The text (as UTF-8 bytes) one piece of `layout` stands for at local time `t` (numbers are written into `buf`),
/// or `None` when the layout cannot say it (an AM/PM word the file never showed, an unknown placeholder).
fn piece_text<'a>(
    layout: &'a Layout,
    piece: &'a Piece,
    t: &Fields,
    buf: &'a mut [u8; 16],
) -> Option<&'a [u8]> {
    match piece {
        Piece::Text(s) => Some(s.as_bytes()),
        Piece::AmPm => (if t.0[Field::Hour24 as usize] < 12 {
            &layout.am
        } else {
            &layout.pm
        })
        .as_deref()
        .map(str::as_bytes),
        Piece::Invalid => None,
        Piece::Number(field, width) => {
            let mut digits = [0u8; 4];
            let (mut n, mut v) = (0, t.0[*field as usize]);
            while n < 4 && (v > 0 || n == 0) {
                digits[n] = (v % 10) as u8;
                v /= 10;
                n += 1;
            }
            let mut len = 0;
            for k in (0..(*width).max(n).min(4)).rev() {
                let d = if k < n { digits[k] } else { 0 };
                if layout.zero == '0' {
                    buf[len] = b'0' + d;
                    len += 1;
                } else {
                    let c = char::from_u32(layout.zero as u32 + u32::from(d))?;
                    len += c.encode_utf8(&mut buf[len..]).len();
                }
            }
            Some(&buf[..len])
        }
    }
}

/// Writes the header of local time `t` in `layout` into `out`; false when the layout cannot say it (an AM/PM
/// word the file never showed, a year out of range).
pub fn render(layout: &Layout, t: &chrono::NaiveDateTime, out: &mut String) -> bool {
    let mut buf = [0u8; 16];
    if !(0..=9999).contains(&chrono::Datelike::year(t)) {
        return false;
    }
    let t = Fields::of(t);
    for piece in &layout.pieces {
        match piece_text(layout, piece, &t, &mut buf).map(std::str::from_utf8) {
            Some(Ok(text)) => out.push_str(text),
            _ => return false,
        }
    }
    true
}

/// How many bytes at the start of `text` are the header of local time `t` in `layout`, or `None` when `text` does
/// not start with it. The same as [`render`] then comparing, without building a string (this runs per message).
pub fn match_rendered(layout: &Layout, t: &chrono::NaiveDateTime, text: &str) -> Option<usize> {
    let mut buf = [0u8; 16];
    if !(0..=9999).contains(&chrono::Datelike::year(t)) {
        return None;
    }
    let t = Fields::of(t);
    if let Some(matched) = match_ascii(layout, &t, text.as_bytes()) {
        return matched;
    }
    let mut at = 0;
    for piece in &layout.pieces {
        let want = piece_text(layout, piece, &t, &mut buf)?;
        if !text.as_bytes()[at..].starts_with(want) {
            return None;
        }
        at += want.len();
    }
    Some(at)
}

/// [`match_rendered`] for a layout with ASCII digits, without writing the header out: each piece is compared where
/// it stands in `text`, and each number is read back and compared with the field. `None` when the digits are not
/// ASCII (the piece-by-piece path then decides); `Some(None)` when `text` does not start with the rendering.
// why: this runs once per message; rendering the header into a buffer and comparing cost more.
#[allow(clippy::option_option)]
fn match_ascii(layout: &Layout, t: &Fields, text: &[u8]) -> Option<Option<usize>> {
    if layout.zero != '0' {
        return None;
    }
    let mut at = 0;
    for piece in &layout.pieces {
        let want = match piece {
            Piece::Text(s) => s.as_str(),
            Piece::AmPm => {
                let word = if t.0[Field::Hour24 as usize] < 12 {
                    &layout.am
                } else {
                    &layout.pm
                };
                match word {
                    Some(w) => w.as_str(),
                    None => return Some(None),
                }
            }
            Piece::Invalid => return Some(None),
            Piece::Number(field, width) => {
                let v = t.0[*field as usize];
                let digits = match v {
                    0..=9 => 1,
                    10..=99 => 2,
                    100..=999 => 3,
                    _ => 4,
                };
                // The number as written: `len` digits, zero-padded, and no more than four.
                let len = (*width).max(digits).min(4);
                let Some(written) = text.get(at..at + len) else {
                    return Some(None);
                };
                let mut read = 0;
                for &c in written {
                    if !c.is_ascii_digit() {
                        return Some(None);
                    }
                    read = read * 10 + u32::from(c - b'0');
                }
                if read != v {
                    return Some(None);
                }
                at += len;
                continue;
            }
        };
        // Pieces are a few bytes: compared in place rather than through a call to `memcmp`.
        let want = want.as_bytes();
        let Some(written) = text.get(at..at + want.len()) else {
            return Some(None);
        };
        if written.iter().zip(want).any(|(a, b)| a != b) {
            return Some(None);
        }
        at += want.len();
    }
    Some(Some(at))
}

/// Learns a layout from one header as written (`text` = the line up to the body) and what it was read as. `pad`
/// says, per date part in written order, whether the file writes a leading zero (`None`: never seen either way);
/// `hour_pad` the same for the hour. `None` when the header holds something the template language cannot say
/// (calendar-marked years).
pub fn learn_layout(
    text: &str,
    h: &Header<'_>,
    order: DateOrder,
    pad: [Option<bool>; 3],
    hour_pad: Option<bool>,
    am: Option<String>,
    pm: Option<String>,
) -> Option<Layout> {
    if h.shape.year_mark != YearMark::None {
        return None;
    }
    // The digit runs, in order, with their byte ranges.
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut digits = "ascii";
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (digit_value(c), start) {
            (Some((_, system)), None) => {
                digits = system;
                start = Some(i);
            }
            (Some(_), Some(_)) => {}
            (None, Some(s)) => {
                runs.push((s, i));
                start = None;
            }
            (None, None) => {}
        }
    }
    if let Some(s) = start {
        runs.push((s, text.len()));
    }
    let time_runs = if h.shape.seconds { 3 } else { 2 };
    if runs.len() != 3 + time_runs {
        return None;
    }
    let h12 = !h.ampm.is_empty();
    let date_roles: [&str; 3] = match order {
        DateOrder::Dmy => ["d", "m", "y"],
        DateOrder::Mdy => ["m", "d", "y"],
        DateOrder::Ymd => ["y", "m", "d"],
    };
    let hour = if h12 { "h" } else { "H" };
    let time_roles = ["hour", "MM", "SS"];
    let mut roles: Vec<&str> = Vec::new();
    if h.shape.time_first {
        roles.extend(&time_roles[..time_runs]);
        roles.extend(date_roles);
    } else {
        roles.extend(date_roles);
        roles.extend(&time_roles[..time_runs]);
    }
    let mut template = String::new();
    let mut at = 0;
    let mut date_k = 0;
    let literal = |s: &str, template: &mut String| template.push_str(&s.replace('{', "{{"));
    for ((s, e), role) in runs.iter().zip(roles) {
        literal(&text[at..*s], &mut template);
        let len = text[*s..*e].chars().count();
        let leading_zero = len == 2 && text[*s..].starts_with(['0', '\u{660}', '\u{6F0}']);
        // A one-digit number says "no zero"; `05` says "zero"; `12` says nothing: the other headers decide.
        let padded = |seen: Option<bool>| len == 2 && (leading_zero || seen.unwrap_or(true));
        let placeholder = match role {
            "y" => {
                date_k += 1;
                if len >= 4 {
                    "{yyyy}".to_string()
                } else {
                    "{yy}".to_string()
                }
            }
            "d" | "m" => {
                let double = padded(pad[date_k]);
                date_k += 1;
                if double {
                    format!("{{{role}{role}}}")
                } else {
                    format!("{{{role}}}")
                }
            }
            "hour" => {
                if padded(hour_pad) {
                    format!("{{{hour}{hour}}}")
                } else {
                    format!("{{{hour}}}")
                }
            }
            other => format!("{{{other}}}"),
        };
        template.push_str(&placeholder);
        at = *e;
    }
    literal(&text[at..], &mut template);
    if h12 {
        // The AM/PM word as written becomes `{p}` (the first occurrence outside placeholders).
        let word = h.ampm;
        let i = template.find(word)?;
        template.replace_range(i..i + word.len(), "{p}");
    }
    Some(Layout::new(template, am, pm, digits))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (line, date parts, [h, m, s], AM/PM token, separator, body)
    type Case = (
        &'static str,
        [u32; 3],
        [u32; 3],
        &'static str,
        Sep,
        &'static str,
    );

    #[test]
    fn layouts_are_learned_and_write_headers_back() {
        // (header as written, date order, template)
        let cases = [
            (
                "05/01/2025, 21:03 - ",
                DateOrder::Dmy,
                "{dd}/{mm}/{yyyy}, {HH}:{MM} - ",
            ),
            (
                "1/5/25, 9:03\u{202F}PM - ",
                DateOrder::Mdy,
                "{m}/{d}/{yy}, {h}:{MM}\u{202F}{p} - ",
            ),
            (
                "[14:56:01, 3/18/22] ",
                DateOrder::Mdy,
                "[{HH}:{MM}:{SS}, {m}/{dd}/{yy}] ",
            ),
            (
                "2024. 5. 3. 오후 3:07 - ",
                DateOrder::Ymd,
                "{yyyy}. {m}. {d}. {p} {h}:{MM} - ",
            ),
            (
                "16. 11. 23. 18:44 - ",
                DateOrder::Dmy,
                "{dd}. {mm}. {yy}. {HH}:{MM} - ",
            ),
        ];
        for (text, order, want) in cases {
            let h = scan(text, Mode::Token).expect("a header");
            let layout = learn_layout(
                text,
                &h,
                order,
                [None; 3],
                None,
                Some("오전".into()),
                Some(h.ampm.to_string()),
            )
            .expect("a layout");
            assert_eq!(layout.template, want, "{text}");
        }
        let layout = Layout::new(
            "[{dd}\u{200F}/{m}/{yyyy}، {h}:{MM}:{SS}\u{A0}{p}] ".into(),
            Some("ص".into()),
            Some("م".into()),
            "arabic",
        );
        let t = chrono::NaiveDate::from_ymd_opt(2022, 4, 3)
            .and_then(|d| d.and_hms_opt(13, 5, 9))
            .unwrap();
        let mut out = String::new();
        assert!(render(&layout, &t, &mut out));
        assert_eq!(out, "[٠٣\u{200F}/٤/٢٠٢٢، ١:٠٥:٠٩\u{A0}م] ");
        assert_eq!(
            match_rendered(&layout, &t, &format!("{out}Ana: hi")),
            Some(out.len())
        );
        assert_eq!(match_rendered(&layout, &t, "[٠٤"), None);
        let ascii = Layout::new(
            "{d}/{mm}/{yy}, {h}:{MM} {p} - ".into(),
            Some("AM".into()),
            Some("PM".into()),
            "ascii",
        );
        let mut written = String::new();
        assert!(render(&ascii, &t, &mut written));
        assert_eq!(written, "3/04/22, 1:05 PM - ");
        for (text, want) in [
            ("3/04/22, 1:05 PM - Ana: hi", Some(written.len())),
            ("03/04/22, 1:05 PM - Ana: hi", None),
            ("3/4/22, 1:05 PM - Ana: hi", None),
            ("3/04/22, 1:05 AM - Ana: hi", None),
            ("3/04/22, 1:05 PM", None),
        ] {
            assert_eq!(match_rendered(&ascii, &t, text), want, "{text}");
        }
        let no_am = Layout::new(layout.template.clone(), None, layout.pm.clone(), "arabic");
        let morning = t - chrono::Duration::hours(6);
        assert!(
            !render(&no_am, &morning, &mut String::new()),
            "an AM/PM word never seen cannot be written"
        );
    }

    #[test]
    fn scans_real_header_shapes() {
        let cases: &[Case] = &[
            (
                "23/03/2022, 13:31 - Dmitry S: Hello",
                [23, 3, 2022],
                [13, 31, 0],
                "",
                Sep::Dash,
                "Dmitry S: Hello",
            ),
            (
                "1/29/18, 12:24 PM - A: b",
                [1, 29, 18],
                [12, 24, 0],
                "PM",
                Sep::Dash,
                "A: b",
            ),
            (
                "2/2/23, 2:51\u{202f}AM - A: b",
                [2, 2, 23],
                [2, 51, 0],
                "AM",
                Sep::Dash,
                "A: b",
            ),
            (
                "2023-12-20, 5:46 p.m. - A: b",
                [2023, 12, 20],
                [5, 46, 0],
                "p.m.",
                Sep::Dash,
                "A: b",
            ),
            (
                "20/6/2017 8:28 p.\u{a0}m. - M: t",
                [20, 6, 2017],
                [8, 28, 0],
                "p.\u{a0}m.",
                Sep::Dash,
                "M: t",
            ),
            (
                "[3/27/22, 21:41:35] E: x",
                [3, 27, 22],
                [21, 41, 35],
                "",
                Sep::Bracket,
                "E: x",
            ),
            (
                "\u{200e}[3/27/22, 21:41:55] D: \u{200e}image omitted",
                [3, 27, 22],
                [21, 41, 55],
                "",
                Sep::Bracket,
                "D: \u{200e}image omitted",
            ),
            (
                "[14:56:01, 3/18/22] A: b",
                [3, 18, 22],
                [14, 56, 1],
                "",
                Sep::Bracket,
                "A: b",
            ),
            (
                "9/10/16, 8:37:21 PM: N: hi",
                [9, 10, 16],
                [8, 37, 21],
                "PM",
                Sep::Colon,
                "N: hi",
            ),
            (
                "13.6.2018 klo 21.25.15 - a: m",
                [13, 6, 2018],
                [21, 25, 15],
                "",
                Sep::Dash,
                "a: m",
            ),
            (
                "12/07/2017 à 22:35 - a: m",
                [12, 7, 2017],
                [22, 35, 0],
                "",
                Sep::Dash,
                "a: m",
            ),
            (
                "[3/18/2565 BE, 14:56:01] E: x",
                [3, 18, 2565],
                [14, 56, 1],
                "",
                Sep::Bracket,
                "E: x",
            ),
            (
                "[3/18/R4, 14:56:01] E: x",
                [3, 18, 4],
                [14, 56, 1],
                "",
                Sep::Bracket,
                "E: x",
            ),
            (
                "16. 11. 23. 18:44 - a: b",
                [16, 11, 23],
                [18, 44, 0],
                "",
                Sep::Dash,
                "a: b",
            ),
            (
                "2022/12/24, 13:01. - J: L",
                [2022, 12, 24],
                [13, 1, 0],
                "",
                Sep::Dash,
                "J: L",
            ),
            (
                "۲۰۲۱/۵/۳۰، ۱۸:۴۴ - a: b",
                [2021, 5, 30],
                [18, 44, 0],
                "",
                Sep::Dash,
                "a: b",
            ),
            (
                "03/01/2021, 9:15 in the morning - a: b",
                [3, 1, 2021],
                [9, 15, 0],
                "in the morning",
                Sep::Dash,
                "a: b",
            ),
            (
                "2024. 5. 3. 오후 3:07 - a: b",
                [2024, 5, 3],
                [3, 7, 0],
                "오후",
                Sep::Dash,
                "a: b",
            ),
            (
                "06/03/2017, 00:45 - You created group \"Test\"",
                [6, 3, 2017],
                [0, 45, 0],
                "",
                Sep::Dash,
                "You created group \"Test\"",
            ),
            (
                "03/02/17, 18:42 - Luke: ",
                [3, 2, 17],
                [18, 42, 0],
                "",
                Sep::Dash,
                "Luke: ",
            ),
        ];
        for (line, parts, hms, ampm, sep, body) in cases {
            let h = scan(line, Mode::Token).unwrap_or_else(|| panic!("no header in {line:?}"));
            assert_eq!(
                (h.parts, [h.hour, h.minute, h.second], h.ampm, h.shape.sep),
                (*parts, *hms, *ampm, *sep),
                "{line:?}"
            );
            assert_eq!(&line[h.body..], *body, "{line:?}");
        }
    }

    #[test]
    fn rejects_lines_that_are_not_headers() {
        for line in [
            "",
            "hello",
            "2016-04-29 10:30:00",
            "What did you do yesterday 16:45.",
            "12:30",
            "1/2/3",
            "23/03/2022, 13:31 no separator",
            "[3/27/22, 21:41:35 unclosed",
            "12345/1/1, 10:00 - a: b",
        ] {
            assert_eq!(scan(line, Mode::Token), None, "{line:?}");
        }
    }

    #[test]
    fn splits_author_and_cleans_marks() {
        let cases: &[(&str, Option<(&str, &str)>)] = &[
            ("Dmitry S: Hello", Some(("Dmitry S", "Hello"))),
            (
                "John-John Doe: Lorem ipsum : dolor",
                Some(("John-John Doe", "Lorem ipsum : dolor")),
            ),
            ("Luke: ", Some(("Luke", ""))),
            ("Carol:", Some(("Carol", ""))),
            ("You created group \"Test\"", None),
            ("John Doe:.", None),
            (
                "\u{202a}+40 521\u{a0}028\u{202c}: hi",
                Some(("+40 521\u{a0}028", "hi")),
            ),
            ("\u{200e}Name\u{200e}: x", Some(("Name", "x"))),
        ];
        for (body, want) in cases {
            let got = split_author(body).map(|(a, t)| (clean_author(a).into_owned(), t));
            assert_eq!(got, want.map(|(a, t)| (a.to_string(), t)), "{body:?}");
        }
    }

    #[test]
    fn no_token_mode_reads_the_author_after_a_bare_space() {
        let line = "02-12-18 22:55:45 Ewout: hi";
        let h = scan(line, Mode::NoToken).unwrap();
        assert_eq!((h.shape.sep, &line[h.body..]), (Sep::Space, "Ewout: hi"));
        let h = scan(line, Mode::Token).unwrap();
        assert_eq!((h.shape.sep, h.ampm), (Sep::Colon, "Ewout"));
    }

    mod scanner {
        use super::*;
        use proptest::prelude::*;

        /// Header shapes of real exports, and bodies chosen to sit on the edges of what `scan` looks at.
        const HEADS: &[&str] = &[
            "01/01/2023, 08:10 - ",
            "1/2/23, 9:41 PM - ",
            "1/2/23, 9:41\u{202F}p. m. - ",
            "[01/01/2023, 08:10:00] ",
            "\u{200E}[1/2/23, 9:41:35 PM] ",
            "[2023. 1. 2. 오후 3:07:01] ",
            "2016-04-29 10:30 - ",
            "16.11.23. 18:44 - ",
            "02-12-18 22:55:45 ",
            "12/25/15, 21:41: ",
            "3/18/R4 9:41 - ",
            "3/18/2565 BE 9:41 - ",
            "08:10, 01/01/2023 - ",
            "٠١/٠١/٢٠٢٣، ٩:٤١ م - ",
            "25/12/2023 à 14:30 - ",
            "1.2.23 klo 9.41 - ",
            "2022/12/24, 13:01. - ",
            "3/4/23, 3:45PM - ",
        ];
        const BODIES: &[&str] = &[
            "Sam: hi",
            "- x",
            ": y",
            " z",
            "\u{200E}image omitted",
            "",
            ".",
            "]",
            "Ewout: hi",
            "5 apples",
            "PM - Sam: x",
            "BE x",
            "\u{A0}x",
            "-",
            ":",
            "\u{202F}x",
            "a.m. - x",
        ];
        const PALETTE: &[char] = &[
            '0', '7', '1', ' ', '-', ':', '.', '/', ',', '[', ']', 'P', 'M', 'a', '\u{200E}',
            '\u{202F}', '٣',
        ];

        /// A head with its digits redrawn (sometimes one more or one fewer), maybe one character changed, and a
        /// body.
        fn line() -> impl Strategy<Value = String> {
            (
                0..HEADS.len(),
                prop::collection::vec((0u8..10, 0u8..8), 12),
                prop::option::of((0usize..40, 0..PALETTE.len(), any::<bool>())),
                0..BODIES.len(),
            )
                .prop_map(|(h, digits, edit, body)| {
                    let mut chars = Vec::new();
                    let mut d = digits.iter();
                    for c in HEADS[h].chars() {
                        if !c.is_ascii_digit() {
                            chars.push(c);
                            continue;
                        }
                        let &(v, how) = d.next().unwrap_or(&(0, 0));
                        match how {
                            0 => {}
                            1 => chars.extend([c, char::from(b'0' + v)]),
                            _ => chars.push(char::from(b'0' + v)),
                        }
                    }
                    if let Some((at, c, replace)) = edit {
                        let at = at.min(chars.len());
                        if replace && at < chars.len() {
                            chars[at] = PALETTE[c];
                        } else {
                            chars.insert(at, PALETTE[c]);
                        }
                    }
                    let mut line: String = chars.into_iter().collect();
                    line.push_str(BODIES[body]);
                    line
                })
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(2000))]
            /// Whatever lines came before, the scanner reads each line as `scan` does, in both modes.
            #[test]
            fn the_scanner_reads_every_line_as_scan_does(lines in prop::collection::vec(line(), 1..24)) {
                for mode in [Mode::Token, Mode::NoToken] {
                    let mut scanner = Scanner::new(mode);
                    for l in &lines {
                        prop_assert_eq!(scanner.scan_telling(l), scan_telling(l, mode), "{:?}", l);
                    }
                    // A scanner for one shape (that of the last line with a header) reads only headers of it.
                    if let Some(shape) = lines.iter().rev().find_map(|l| scan(l, mode)).map(|h| h.shape) {
                        let mut shaped = Scanner::for_shape(mode, shape);
                        for l in &lines {
                            prop_assert_eq!(shaped.scan(l), scan(l, mode).filter(|h| h.shape == shape), "{:?}", l);
                        }
                    }
                }
            }

            /// What `Token` says has no header in either mode has none without AM/PM words.
            #[test]
            fn a_miss_in_both_modes_is_one(l in line()) {
                if scan_telling(&l, Mode::Token) == Err(Miss::Neither) {
                    prop_assert_eq!(scan(&l, Mode::NoToken), None, "{:?}", l);
                }
            }
        }

        proptest! {
            /// The ASCII shortcut matches exactly the texts that start with what the piece-by-piece path writes, for
            /// every kind of number, whether the text is that rendering or has one byte changed.
            #[test]
            fn the_ascii_shortcut_matches_as_the_pieces_render(
                secs in 0i64..400_000_000_000,
                layout in 0usize..4,
                change in proptest::option::of((0usize..40, proptest::sample::select(b"0159 :/-.AMP".to_vec()))),
            ) {
                let layouts = [
                    Layout::new("{dd}/{mm}/{yyyy}, {HH}:{MM} - ".into(), None, None, "ascii"),
                    Layout::new("[{d}.{m}.{yy}, {h}:{MM}:{SS}\u{202F}{p}] ".into(), Some("AM".into()), Some("PM".into()), "ascii"),
                    Layout::new("{yyyy}-{mm}-{dd} {H}:{MM} {p} - ".into(), Some("a. m.".into()), None, "ascii"),
                    Layout::new("{d}/{m}/{yyyy} {x} ".into(), None, None, "ascii"),
                ];
                let l = &layouts[layout];
                let t = chrono::DateTime::from_timestamp(secs - 62_000_000_000, 0).map(|d| d.naive_utc());
                if let Some(t) = t.filter(|t| (0..=9999).contains(&chrono::Datelike::year(t))) {
                    let fields = Fields::of(&t);
                    let mut slow = Vec::new();
                    let mut buf = [0u8; 16];
                    let rendered = l.pieces.iter().try_for_each(|p| {
                        slow.extend_from_slice(piece_text(l, p, &fields, &mut buf)?);
                        Some(())
                    });
                    let mut text = slow.clone();
                    if let Some((at, byte)) = change
                        && at < text.len()
                    {
                        text[at] = byte;
                    }
                    text.extend_from_slice(b"Ana: hi");
                    let want = rendered.map(|()| text.starts_with(&slow).then_some(slow.len()));
                    let fast = match_ascii(l, &fields, &text).expect("ascii layout");
                    prop_assert_eq!(fast, want.flatten());
                }
            }

            #[test]
            fn trim_is_str_trim(s in "[ \t\x0b\r\na~é\u{A0}\u{3000}\u{85}\u{200E}]{0,8}") {
                prop_assert_eq!(trim(&s), s.trim());
            }
        }

        #[test]
        fn a_skeleton_is_made_only_from_ascii_digits_and_reused() {
            let mut s = Scanner::new(Mode::Token);
            assert!(s.scan("٠١/٠١/٢٠٢٣، ٩:٤١ م - Sam: x").is_some());
            assert!(s.skeletons.is_empty());
            let h = s.scan("01/01/2023, 08:10 - Sam: x");
            assert_eq!(s.skeletons.len(), 1);
            let h2 = s
                .scan("31/12/1999, 23:59 - Kim: y")
                .map(|h| (h.parts, h.hour, h.minute, h.body));
            assert_eq!(h2, Some(([31, 12, 1999], 23, 59, 20)));
            assert_eq!(s.skeletons.len(), 1);
            assert_eq!(
                h.map(|h| h.shape),
                s.scan("02/02/2024, 10:00 - A: b").map(|h| h.shape)
            );
        }
    }
}
