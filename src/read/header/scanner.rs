//! [`Scanner`]: the header grammar of `mod.rs` with a memory of the header shapes just seen.
//!
//! Takes one line at a time; gives exactly what [`scan`] gives for it, reading a line shaped like a recent header
//! by its digits alone. It decides nothing the grammar does not.

use super::{Header, Miss, Mode, Shape, may_start, scan_for};

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
    pub(super) skeletons: Vec<Skeleton>,
}

/// Days, months and hours written without a leading zero give a few byte patterns per file; AM/PM words a few more.
const SKELETONS: usize = 8;

pub(super) struct Skeleton {
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
