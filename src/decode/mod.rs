//! Bytes to lines of text.
//!
//! Takes any reader of chat bytes; gives numbered lines as `&str`, one at a time from a reused buffer. Handles a
//! UTF-8 BOM, UTF-16 LE/BE (with a BOM, or recognised by its NUL pattern; `utf16.rs`), bytes that are not text
//! in the encoding (replaced and flagged, in UTF-8 and UTF-16 alike), and LF, CRLF and bare CR endings mixed in one
//! file. It knows nothing about WhatsApp.

use std::io::{self, Read};

use crate::text::bytes::Chunk;

mod utf16;
use utf16::Utf16;

/// The text encoding of a chat file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8, with or without a BOM (a BOM is dropped from line 1 whatever the encoding).
    Utf8,
    Utf16Le,
    Utf16Be,
    /// UTF-16 LE without a BOM, recognised by its NUL pattern.
    Utf16LeNoBom,
    /// UTF-16 BE without a BOM, recognised by its NUL pattern.
    Utf16BeNoBom,
}

impl Encoding {
    /// Decides the encoding from the first bytes of the file.
    pub fn sniff(head: &[u8]) -> Encoding {
        match head {
            [0xFF, 0xFE, ..] => Encoding::Utf16Le,
            [0xFE, 0xFF, ..] => Encoding::Utf16Be,
            // why: some tools save exports as UTF-16 without a BOM; ASCII text then has NUL in every other byte.
            [a, 0, b, 0, ..] if *a != 0 && *b != 0 => Encoding::Utf16LeNoBom,
            [0, a, 0, b, ..] if *a != 0 && *b != 0 => Encoding::Utf16BeNoBom,
            _ => Encoding::Utf8,
        }
    }

    /// A warning to report for this encoding, if any.
    pub fn note(self) -> Option<&'static str> {
        match self {
            Encoding::Utf16LeNoBom => {
                Some("the file has no byte-order mark but looks like UTF-16LE; decoded as UTF-16LE")
            }
            Encoding::Utf16BeNoBom => {
                Some("the file has no byte-order mark but looks like UTF-16BE; decoded as UTF-16BE")
            }
            _ => None,
        }
    }

    /// The warning a line gets when some of its bytes were not text in this encoding (see [`Line::replaced`]).
    pub fn replaced_note(self) -> &'static str {
        match self {
            Encoding::Utf8 => "bytes that are not UTF-8 were replaced with U+FFFD",
            _ => {
                "bytes that are not UTF-16 (a lone surrogate, or an odd byte at the end) were replaced with U+FFFD"
            }
        }
    }
}

/// Lines longer than this are refused: no WhatsApp message is this long, and memory stays bounded.
pub const MAX_LINE: usize = 256 << 20;

/// One line, without its ending.
pub struct Line<'a> {
    /// 1-based line number.
    pub no: u64,
    pub text: &'a str,
    /// The line had bytes that are not text in the file's encoding; they were replaced with U+FFFD.
    pub replaced: bool,
}

/// Why reading lines stopped.
#[derive(Debug)]
pub enum LineError {
    Io(io::Error),
    /// The line with this number is longer than [`MAX_LINE`].
    TooLong(u64),
}

impl From<io::Error> for LineError {
    fn from(e: io::Error) -> Self {
        LineError::Io(e)
    }
}

/// Splits a byte stream into lines, reusing one buffer.
pub struct Lines<R> {
    reader: R,
    buf: Vec<u8>,
    /// Start of the unread data in `buf`.
    pos: usize,
    /// End of the data in `buf`.
    end: usize,
    /// Where to resume looking for a line ending (bytes between `pos` and `scan` have none).
    scan: usize,
    eof: bool,
    no: u64,
    lossy: String,
    /// `buf[..checked]` was validated in one piece (from some line start, up to just after a line break);
    /// `checked_ok` says whether it was all UTF-8.
    checked: usize,
    checked_ok: bool,
    /// Where the line-break bytes (CR and LF) are in `buf[scan..breaks_to]`: `breaks[next_break..]`, in order.
    /// Found a window at a time, dropped when `fill` moves or adds bytes.
    breaks: Vec<u32>,
    next_break: usize,
    breaks_to: usize,
    /// The data read holds no CR, so every break is an LF (most files: checked once per read, not per line).
    lf_only: bool,
}

/// Opens a line reader over `reader`, decoding UTF-16 to UTF-8 when `encoding` says so.
pub fn lines<R: Read + 'static>(reader: R, encoding: Encoding) -> Lines<Box<dyn Read>> {
    let reader: Box<dyn Read> = match encoding {
        Encoding::Utf8 => Box::new(reader),
        Encoding::Utf16Le => Box::new(Utf16::new(reader, encoding_rs::UTF_16LE, true)),
        Encoding::Utf16Be => Box::new(Utf16::new(reader, encoding_rs::UTF_16BE, true)),
        Encoding::Utf16LeNoBom => Box::new(Utf16::new(reader, encoding_rs::UTF_16LE, false)),
        Encoding::Utf16BeNoBom => Box::new(Utf16::new(reader, encoding_rs::UTF_16BE, false)),
    };
    Lines::new(reader)
}

impl<R: Read> Lines<R> {
    /// A line reader over UTF-8 bytes.
    pub fn new(reader: R) -> Self {
        Lines {
            reader,
            buf: vec![0; 256 << 10],
            pos: 0,
            end: 0,
            scan: 0,
            eof: false,
            no: 0,
            lossy: String::new(),
            checked: 0,
            checked_ok: false,
            breaks: Vec::with_capacity(BREAK_WINDOW),
            next_break: 0,
            breaks_to: 0,
            lf_only: false,
        }
    }

    /// The next line, or `None` at the end of the input.
    pub fn next_line(&mut self) -> Result<Option<Line<'_>>, LineError> {
        self.next_line_where(|_, _| true)
    }

    /// The next line for which `keep(number, bytes)` holds; the others are counted and skipped without being
    /// decoded (the first pass only needs lines that may be headers).
    pub fn next_line_where(
        &mut self,
        keep: impl Fn(u64, &[u8]) -> bool,
    ) -> Result<Option<Line<'_>>, LineError> {
        loop {
            let Some((start, stop)) = self.next_range()? else {
                return Ok(None);
            };
            if keep(self.no + 1, &self.buf[start..stop]) {
                return Ok(Some(self.make_line(start, stop)));
            }
            self.no += 1;
        }
    }

    /// The byte range of the next line in `buf`, or `None` at the end of the input.
    // why: lines end in LF (Android), CRLF (some iOS and Windows copies) or a lone CR (old Mac exports). The line
    // breaks of the buffer are found 64 bytes at a time into an index, so the next line costs a few instructions
    // instead of a search.
    #[inline(always)]
    fn next_range(&mut self) -> Result<Option<(usize, usize)>, LineError> {
        // The common case, inlined: the next break is indexed, and is an LF, or a CR with the byte after it read.
        if let Some(&idx) = self.breaks.get(self.next_break) {
            let idx = idx as usize;
            let next = if self.lf_only || self.buf[idx] == b'\n' {
                Some(idx + 1)
            } else if idx + 1 < self.end {
                Some(self.after_cr(idx))
            } else {
                None
            };
            if let Some(next) = next {
                return Ok(Some(self.take_line(idx, next)));
            }
        }
        self.next_range_slow()
    }

    /// Ends the current line at the break at `idx` (the next one in the index), the next line starting at `next`;
    /// gives the line's byte range.
    #[inline(always)]
    fn take_line(&mut self, idx: usize, next: usize) -> (usize, usize) {
        self.next_break += 1;
        let start = self.pos;
        self.pos = next;
        self.scan = next;
        (start, idx)
    }

    /// Where the line after a CR at `idx` starts (`idx + 1 < end`): after its LF when it has one, whose index entry
    /// is then passed over too.
    #[inline(always)]
    fn after_cr(&mut self, idx: usize) -> usize {
        if self.buf[idx + 1] != b'\n' {
            return idx + 1;
        }
        if self.breaks.get(self.next_break + 1) == Some(&((idx + 1) as u32)) {
            self.next_break += 1;
        }
        idx + 2
    }

    /// [`Lines::next_range`] past the breaks indexed so far, or at a CR that ends the data read so far.
    #[inline(never)]
    fn next_range_slow(&mut self) -> Result<Option<(usize, usize)>, LineError> {
        loop {
            let found = match self.breaks.get(self.next_break) {
                Some(&idx) => Some(idx as usize),
                None => self.index_breaks(),
            };
            if let Some(idx) = found {
                // A CR at the end of the data may be the first half of a CRLF: read on before deciding.
                if self.buf[idx] == b'\r' && idx + 1 == self.end && !self.eof {
                    self.scan = idx;
                    self.fill()?;
                    continue;
                }
                let next = if self.buf[idx] == b'\r' && idx + 1 < self.end {
                    self.after_cr(idx)
                } else {
                    idx + 1
                };
                return Ok(Some(self.take_line(idx, next)));
            }
            if self.eof {
                if self.pos < self.end {
                    let (start, stop) = (self.pos, self.end);
                    self.pos = self.end;
                    self.scan = self.end;
                    return Ok(Some((start, stop)));
                }
                return Ok(None);
            }
            self.scan = self.end;
            self.fill()?;
        }
    }

    /// Indexes the line breaks of the next window of `buf[scan..end]` that has any, and gives the first (left in
    /// the index); `None` when there is none up to `end`.
    fn index_breaks(&mut self) -> Option<usize> {
        loop {
            let from = self.scan.max(self.breaks_to);
            if from >= self.end {
                return None;
            }
            let to = (from + BREAK_WINDOW).min(self.end);
            self.breaks.clear();
            self.next_break = 0;
            self.breaks_to = to;
            find_breaks(&self.buf[from..to], from, !self.lf_only, &mut self.breaks);
            if let Some(&idx) = self.breaks.first() {
                return Some(idx as usize);
            }
        }
    }

    #[inline(always)]
    fn make_line(&mut self, start: usize, stop: usize) -> Line<'_> {
        self.no += 1;
        // The byte-order mark at the very start of the file is encoding, not text.
        let skip = if self.no == 1 && self.buf[start..stop].starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            0
        };
        // why: validating every line on its own cost 7% of a conversion; validating all the complete lines in the
        // buffer at once (SIMD) costs a fraction of that. Only a block with bad bytes is checked line by line.
        if stop > self.checked {
            let cut = memchr::memrchr2(b'\n', b'\r', &self.buf[start..self.end])
                .map_or(stop, |i| (start + i + 1).max(stop));
            self.checked_ok = simdutf8::basic::from_utf8(&self.buf[start..cut]).is_ok();
            self.checked = cut;
        }
        let bytes = &self.buf[start + skip..stop];
        let text = if self.checked_ok {
            // SAFETY: `buf[s..checked]` passed UTF-8 validation in one piece, where `s <= start` is the line
            // start it began at, and nothing in `buf` below `end` changes until `fill`, which resets `checked`.
            // `start` is a line start and `stop` a line-break byte or the end of that piece; line breaks are
            // ASCII, and the BOM skipped is one whole character, so `bytes` is whole characters of valid UTF-8.
            Ok(unsafe { std::str::from_utf8_unchecked(bytes) })
        } else {
            simdutf8::basic::from_utf8(bytes)
        };
        match text {
            Ok(text) => Line {
                no: self.no,
                text,
                replaced: false,
            },
            Err(_) => {
                self.lossy.clear();
                self.lossy.push_str(&String::from_utf8_lossy(bytes));
                Line {
                    no: self.no,
                    text: &self.lossy,
                    replaced: true,
                }
            }
        }
    }

    /// Reads more data, keeping the unread part and growing the buffer for long lines.
    fn fill(&mut self) -> Result<(), LineError> {
        // Moving or adding bytes: what was validated is checked again when a line needs it, and breaks found again.
        self.checked = 0;
        self.checked_ok = false;
        self.breaks.clear();
        (self.next_break, self.breaks_to) = (0, 0);
        if self.pos > 0 {
            self.buf.copy_within(self.pos..self.end, 0);
            self.end -= self.pos;
            self.scan -= self.pos;
            self.pos = 0;
        }
        if self.end == self.buf.len() {
            if self.buf.len() >= MAX_LINE {
                return Err(LineError::TooLong(self.no + 1));
            }
            self.buf.resize((self.buf.len() * 2).min(MAX_LINE), 0);
        }
        loop {
            match self.reader.read(&mut self.buf[self.end..]) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(());
                }
                Ok(n) => {
                    self.end += n;
                    self.lf_only = memchr::memchr(b'\r', &self.buf[self.pos..self.end]).is_none();
                    return Ok(());
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e.into()),
            }
        }
    }
}

/// How many bytes are searched for line breaks at a time (so at most this many positions are held).
const BREAK_WINDOW: usize = 16 << 10;

/// Appends to `out` the positions of the LF bytes of `bytes` (and of the CR bytes when `cr`), plus `base`.
/// Positions fit in a u32 because the buffer never grows past [`MAX_LINE`].
fn find_breaks(bytes: &[u8], base: usize, cr: bool, out: &mut Vec<u32>) {
    let mut blocks = bytes.chunks_exact(64);
    let mut at = base;
    for block in &mut blocks {
        let mut bits = block
            .chunks_exact(16)
            .filter_map(Chunk::load)
            .enumerate()
            .fold(0u64, |bits, (k, c)| {
                bits | u64::from(c.eq(b'\n') | if cr { c.eq(b'\r') } else { 0 }) << (16 * k)
            });
        while bits != 0 {
            out.push((at + bits.trailing_zeros() as usize) as u32);
            bits &= bits - 1;
        }
        at += 64;
    }
    for (i, &c) in blocks.remainder().iter().enumerate() {
        if c == b'\n' || (cr && c == b'\r') {
            out.push((at + i) as u32);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(bytes: &[u8], encoding: Encoding) -> Vec<(String, bool)> {
        let mut lines = lines(std::io::Cursor::new(bytes.to_vec()), encoding);
        let mut out = vec![];
        while let Some(l) = lines.next_line().unwrap() {
            out.push((l.text.to_string(), l.replaced));
        }
        out
    }

    fn texts(bytes: &[u8]) -> Vec<String> {
        collect(bytes, Encoding::sniff(bytes))
            .into_iter()
            .map(|(t, _)| t)
            .collect()
    }

    #[test]
    fn splits_every_line_ending() {
        let cases: &[(&[u8], &[&str])] = &[
            (b"", &[]),
            (b"a", &["a"]),
            (b"a\n", &["a"]),
            (b"a\nb", &["a", "b"]),
            (b"a\r\nb\r\n", &["a", "b"]),
            (b"a\rb\r", &["a", "b"]),
            (b"a\r\n\r\nb", &["a", "", "b"]),
            (b"a\n\rb", &["a", "", "b"]),
            (b"\n\n", &["", ""]),
            (b"\xEF\xBB\xBFa\nb", &["a", "b"]),
            (b"\xFF\xFEa\x00\n\x00b\x00", &["a", "b"]),
            (b"\xFE\xFF\x00a\x00\r\x00\n\x00b", &["a", "b"]),
            (b"a\x00\n\x00b\x00", &["a", "b"]),
        ];
        for (input, want) in cases {
            assert_eq!(texts(input), *want, "{input:?}");
        }
    }

    #[test]
    fn replaces_invalid_utf8_and_flags_the_line() {
        let got = collect(b"ok\nbad \xFF byte\n", Encoding::Utf8);
        assert_eq!(
            got,
            vec![("ok".into(), false), ("bad \u{FFFD} byte".into(), true)]
        );
    }

    #[test]
    fn crlf_split_across_reads_is_one_ending() {
        // A reader that hands out one byte at a time puts every CR at the end of the buffer.
        struct OneByte(Vec<u8>, usize);
        impl Read for OneByte {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                match self.0.get(self.1) {
                    Some(&b) if !buf.is_empty() => {
                        buf[0] = b;
                        self.1 += 1;
                        Ok(1)
                    }
                    _ => Ok(0),
                }
            }
        }
        let mut lines = Lines::new(OneByte(b"a\r\nb\rc\r".to_vec(), 0));
        let mut got = vec![];
        while let Some(l) = lines.next_line().unwrap() {
            got.push(l.text.to_string());
        }
        assert_eq!(got, ["a", "b", "c"]);
    }

    /// Hands out `bytes` at most `step` bytes per read, so characters and CRLFs straddle reads.
    struct Steps(Vec<u8>, usize, usize);
    impl Read for Steps {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.2.min(buf.len()).min(self.0.len() - self.1);
            buf[..n].copy_from_slice(&self.0[self.1..self.1 + n]);
            self.1 += n;
            Ok(n)
        }
    }

    #[test]
    fn validation_by_block_gives_the_same_lines_whatever_the_reads() {
        let input: &[u8] =
            b"\xEF\xBB\xBFd\xC3\xA9j\xC3\xA0\r\n\xF0\x9F\x98\x82\rbad \xFF x\n\xE2\x80\x8E\xD0\x9A\n\ncut \xE2\x80";
        let want = vec![
            ("d\u{e9}j\u{e0}".to_string(), false),
            ("\u{1F602}".into(), false),
            ("bad \u{FFFD} x".into(), true),
            ("\u{200E}\u{41A}".into(), false),
            ("".into(), false),
            ("cut \u{FFFD}".into(), true),
        ];
        for step in 1..=input.len() {
            let mut lines = Lines::new(Steps(input.to_vec(), 0, step));
            let mut got = vec![];
            while let Some(l) = lines.next_line().unwrap() {
                got.push((l.text.to_string(), l.replaced));
            }
            assert_eq!(got, want, "reads of {step} bytes");
        }
    }

    #[test]
    fn long_lines_grow_the_buffer() {
        let long = "x".repeat(1 << 20);
        let input = format!("a\n{long}\nb");
        assert_eq!(
            texts(input.as_bytes()),
            vec!["a".to_string(), long, "b".to_string()]
        );
    }

    /// The lines of `bytes` as the format defines them: split at CRLF, CR or LF, with no empty last line.
    fn split_simply(bytes: &[u8]) -> Vec<String> {
        let text = String::from_utf8_lossy(bytes)
            .replace("\r\n", "\n")
            .replace('\r', "\n");
        let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
        if lines.last().is_some_and(String::is_empty) {
            lines.pop();
        }
        lines
    }

    fn lines_read_in_steps(bytes: &[u8], step: usize) -> Vec<String> {
        let mut lines = Lines::new(Steps(bytes.to_vec(), 0, step));
        let mut got = vec![];
        while let Some(l) = lines.next_line().unwrap() {
            got.push(l.text.to_string());
        }
        got
    }

    /// Lines spread over several index windows and buffers, with LF, CRLF and lone CR endings, and CRLFs cut by a
    /// window's or a read's end.
    #[test]
    fn the_break_index_gives_the_same_lines_across_windows_and_buffers() {
        for ending in [&b"\n"[..], b"\r\n", b"\r"] {
            let mut input = Vec::new();
            for k in 0..40_000usize {
                // Lengths that put line ends on every offset of a 16 KB window over the run.
                input.extend(std::iter::repeat_n(b'x', k % 97));
                input.extend_from_slice(if k % 7 == 0 { b"\r\n" } else { ending });
            }
            input.extend_from_slice(b"cr\rcrlf\r\n\r\rlast");
            let want = split_simply(&input);
            for step in [1 << 20, 300_001, 65_536, 4_099, 16_385] {
                assert_eq!(lines_read_in_steps(&input, step), want, "reads of {step}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn splits_like_the_definition_whatever_the_reads(
            bytes in proptest::collection::vec(proptest::sample::select(b"ab\n\n\n\r".to_vec()), 0..400),
            step in 1usize..70,
            cr in proptest::bool::ANY,
        ) {
            // Without a CR, lines are found through the LF index.
            let bytes: Vec<u8> = bytes.into_iter().filter(|&c| cr || c != b'\r').collect();
            proptest::prop_assert_eq!(lines_read_in_steps(&bytes, step), split_simply(&bytes));
        }
    }
}
