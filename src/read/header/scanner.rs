//! [`Scanner`]: the header grammar of `mod.rs` with a memory of the header shapes just seen.
//!
//! Takes one line at a time; gives exactly what [`scan`] gives for it, reading a line shaped like a recent header
//! by its digits alone. It decides nothing the grammar does not.

use super::{Header, Miss, Mode, MonthWord, Sep, Shape, may_start, scan_for};

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
    /// With a shape, headers of it on the other clock too (12-hour and 24-hour headers in one file).
    any_clock: bool,
    /// Most recently used first.
    pub(super) skeletons: Vec<Skeleton>,
}

/// Days, months and hours written without a leading zero give a few byte patterns per file; AM/PM words a few more.
const SKELETONS: usize = 8;

pub(super) struct Skeleton {
    /// Where the body starts.
    end: usize,
    /// The header's bytes, 8 at a time, with a mask that keeps the bytes that must be equal (not the digits).
    words: Vec<(u64, u64)>,
    /// Where each number's digits are, in written order (date and time, or time and date), and which of the
    /// header's numbers it is (see [`Slot`]).
    runs: [(u8, u8, Slot); 6],
    /// The header read from the line this skeleton was made from; its numbers are replaced per line.
    header: Header<'static>,
    /// Where its AM/PM word is in the line, when it has one.
    ampm: Option<(usize, usize)>,
    /// Where its month word is, when it has one (a skeleton's month word is its bytes: the same in every line).
    month: Option<(usize, usize)>,
}

/// Which number of a header a digit run is: a date part (0, 1, 2), the hour (3), the minute (4) or the second (5).
type Slot = u8;
const HOUR: Slot = 3;
const MINUTE: Slot = 4;
const SECOND: Slot = 5;
/// Where an unused run writes.
const SPARE: Slot = 7;

/// The numbers of `h`, in the order its line writes them, and how many there are.
fn slots(h: &Header<'_>) -> ([Slot; 6], usize) {
    let mut out = [HOUR; 6];
    let mut n = 0;
    let mut push = |slot: Slot| {
        out[n] = slot;
        n += 1;
    };
    let date = |push: &mut dyn FnMut(Slot)| {
        match h.shape.month {
            MonthWord::None => [0, 1, 2].into_iter().for_each(&mut *push),
            MonthWord::AfterDay => push(0),
            MonthWord::BeforeDay => push(1),
        }
        if h.shape.month != MonthWord::None && h.has_year() {
            push(2);
        }
    };
    let time = |push: &mut dyn FnMut(Slot)| {
        push(HOUR);
        push(MINUTE);
        if h.shape.seconds {
            push(SECOND);
        }
    };
    if h.shape.time_first {
        time(&mut push);
        date(&mut push);
    } else {
        date(&mut push);
        time(&mut push);
    }
    (out, n)
}

impl Scanner {
    pub fn new(mode: Mode) -> Scanner {
        Scanner {
            mode,
            shape: None,
            any_clock: false,
            skeletons: Vec::new(),
        }
    }

    /// A scanner that reads only headers of `shape`: `scan(line, mode).filter(|h| h.shape == shape)`, or with
    /// `any_clock` of `shape` on either clock (`h.shape.clockless() == shape.clockless()`), with less work on lines
    /// of other shapes.
    pub fn for_layout(mode: Mode, shape: Shape, any_clock: bool) -> Scanner {
        Scanner {
            shape: Some(shape),
            any_clock,
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
        let other = |s: Shape| match self.any_clock {
            true => s.clockless() != h.shape.clockless(),
            false => s != h.shape,
        };
        if self.shape.is_some_and(other) {
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
        // An AM/PM word taken without a separator after it (`3:00 PM Name: `) was told from a name by the bytes
        // after it, which are the body's: no skeleton can say that from the bytes before the body.
        if h.shape.sep == Sep::Space && !h.ampm.is_empty() {
            return None;
        }
        let bytes = &b[..h.body];
        let (order, count) = slots(h);
        let order = &order[..count];
        let mut runs = [(0u8, 0u8, SPARE); 6];
        let mut n = 0;
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i].is_ascii_digit() {
                let start = i;
                while i < bytes.len() && bytes[i].is_ascii_digit() {
                    i += 1;
                }
                let slot = *order.get(n)?;
                *runs.get_mut(n)? = (start as u8, (i - start) as u8, slot);
                n += 1;
            } else {
                i += 1;
            }
        }
        let span = |s: &str| {
            (!s.is_empty()).then(|| {
                let start = s.as_ptr() as usize - line.as_ptr() as usize;
                (start, start + s.len())
            })
        };
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
            header: Header {
                ampm: "",
                month: "",
                ..*h
            },
            ampm: span(h.ampm),
            month: span(h.month),
        };
        // The runs must be exactly the header's numbers (not so with Arabic-Indic digits, say): read the line
        // back through the skeleton and compare.
        let expected = (order.len(), skeleton.read(line));
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
        // The header's numbers in written order, each into its place (see [`Slot`]): date parts, hour, minute,
        // second; a place no run fills keeps the skeleton's (a month word's number, a year left out, no seconds).
        // Unused runs are empty and fill the spare place 7.
        let t = &self.header;
        let mut f = [
            t.parts[0], t.parts[1], t.parts[2], t.hour, t.minute, t.second, 0, 0,
        ];
        for &(start, len, slot) in &self.runs {
            let start = start as usize;
            let mut v = 0u32;
            for &c in &b[start..start + len as usize] {
                let d = c.wrapping_sub(b'0');
                if d > 9 {
                    return None;
                }
                v = v * 10 + u32::from(d);
            }
            f[usize::from(slot) & 7] = v;
        }
        let span = |at: Option<(usize, usize)>| at.map_or("", |(s, e)| &line[s..e]);
        let h = Header {
            parts: [f[0], f[1], f[2]],
            hour: f[3],
            minute: f[4],
            second: f[5],
            ampm: span(self.ampm),
            month: span(self.month),
            ..*t
        };
        Some(h)
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
