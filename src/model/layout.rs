//! How an export writes its headers (`dialect.layout`), and a header written from it.
//!
//! Takes a template with placeholders and a wall-clock time; gives the header's text, or how many bytes of a line
//! are that header. Shared by the reader (which checks that a header will be written back exactly) and the
//! `whatsapp` writer. It does not read headers (`read/header/` does).

/// How an export writes its headers, learned from the file, so that a header can be written back: a template
/// with placeholders for the numbers, the file's own AM/PM words, and its digits.
///
/// Placeholders: `{d}`/`{dd}` day, `{m}`/`{mm}` month, `{MMM}` the month as the file's word for it, `{yy}`/`{yyyy}`
/// year, `{H}`/`{HH}` 24-hour hour, `{h}`/`{hh}` 12-hour hour, `{MM}` minute, `{SS}` second, `{p}` the AM/PM word;
/// the doubled forms keep a leading zero. Everything else (brackets, separators, spaces of any kind, invisible
/// marks) is literal.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Layout {
    /// The header with placeholders for the numbers (see above).
    pub template: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// The file's word for the morning, when it writes a 12-hour clock.
    pub am: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// The file's word for the afternoon.
    pub pm: Option<String>,
    /// `ascii`, `arabic` (U+0660…) or `persian` (U+06F0…).
    pub digits: &'static str,
    /// The file's word for each month, January first, when it writes months as words (`{MMM}`); `null` for a
    /// month the file never shows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub months: Option<Box<Months>>,
    /// The template read once, for writing a header per message without parsing it again.
    #[serde(skip)]
    pieces: Vec<Piece>,
    /// The zero of `digits`.
    #[serde(skip)]
    zero: char,
}

/// A file's word for each month, January first; `None` for a month it never shows.
pub type Months = [Option<String>; 12];

#[derive(Clone, Debug, PartialEq, Eq)]
enum Piece {
    Text(String),
    /// A number: which one, and its width (1: as is; 2 or 4: leading zeros).
    Number(Field, usize),
    AmPm,
    /// The month as the file's word for it.
    MonthName,
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
    /// A layout from its template, AM/PM words and digit system (`ascii`, `arabic` or `persian`).
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
                "MMM" => Piece::MonthName,
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
            months: None,
            pieces,
            zero,
        }
    }

    /// The layout with the file's month words (January first), for `{MMM}`.
    pub fn with_months(mut self, months: Option<Box<Months>>) -> Layout {
        self.months = months;
        self
    }

    /// The word the file writes for month `month` (1-12), when it showed one.
    fn month_word(&self, month: u32) -> Option<&str> {
        let k = usize::try_from(month).ok()?.checked_sub(1)?;
        self.months.as_ref()?.get(k)?.as_deref()
    }
}

/// What a layout's JSON holds, read back through [`Layout::new`].
#[derive(serde::Deserialize)]
struct Written {
    template: String,
    #[serde(default)]
    am: Option<String>,
    #[serde(default)]
    pm: Option<String>,
    digits: String,
    #[serde(default)]
    months: Option<Box<Months>>,
}

impl<'de> serde::Deserialize<'de> for Layout {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Layout, D::Error> {
        let w = Written::deserialize(d)?;
        let digits = DIGIT_ZEROS
            .iter()
            .map(|(_, name)| *name)
            .find(|name| *name == w.digits)
            .ok_or_else(|| {
                serde::de::Error::custom(format!(
                    "layout digits '{}' are not ascii, arabic or persian",
                    w.digits
                ))
            })?;
        Ok(Layout::new(w.template, w.am, w.pm, digits).with_months(w.months))
    }
}

/// The first digit of each digit system a header may use.
const DIGIT_ZEROS: [(char, &str); 3] = [
    ('0', "ascii"),
    ('\u{660}', "arabic"),
    ('\u{6F0}', "persian"),
];

pub(crate) fn digit_value(c: char) -> Option<(u32, &'static str)> {
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
        Piece::MonthName => layout
            .month_word(t.0[Field::Month as usize])
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
            Piece::MonthName => match layout.month_word(t.0[Field::Month as usize]) {
                Some(w) => w,
                None => return Some(None),
            },
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

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
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
            proptest::prop_assert_eq!(fast, want.flatten());
        }
    }
    }
}
