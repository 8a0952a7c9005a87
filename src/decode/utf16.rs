//! UTF-16 bytes to UTF-8 bytes, streamed.
//!
//! Takes a reader of UTF-16 (little or big endian); gives a reader of the same text in UTF-8, except that each
//! sequence that is not UTF-16 (a lone surrogate, an odd byte at the end) becomes the one byte 0xFF. The line
//! reader then replaces that byte with U+FFFD and flags its line, as it does for invalid UTF-8, so both encodings
//! get the same replacement and the same warning from one place. It does not split lines.

use std::io::{self, Read};

use encoding_rs::{Decoder, DecoderResult, Encoding};

/// UTF-16 bytes read from the inner reader at a time.
const RAW: usize = 64 << 10;

/// UTF-16 decoded to UTF-8, bad sequences marked with 0xFF (a byte that is never UTF-8).
pub struct Utf16<R> {
    inner: R,
    decoder: Decoder,
    raw: Box<[u8]>,
    /// The undecoded part of `raw`.
    start: usize,
    end: usize,
    /// The inner reader is at its end.
    eof: bool,
    /// The decoder has been given its last call: nothing more will come.
    finished: bool,
    /// Decoded bytes not yet handed out: `out[at..]`.
    out: Vec<u8>,
    at: usize,
}

impl<R: Read> Utf16<R> {
    /// A decoder of `encoding` (UTF-16LE or UTF-16BE); with `bom`, a leading byte-order mark is dropped.
    pub fn new(inner: R, encoding: &'static Encoding, bom: bool) -> Self {
        Utf16 {
            inner,
            decoder: if bom {
                encoding.new_decoder_with_bom_removal()
            } else {
                encoding.new_decoder_without_bom_handling()
            },
            raw: vec![0; RAW].into_boxed_slice(),
            start: 0,
            end: 0,
            eof: false,
            finished: false,
            out: Vec::with_capacity(2 * RAW + 16),
            at: 0,
        }
    }

    /// Decodes the next piece of input into `out`.
    fn decode_more(&mut self) -> io::Result<()> {
        self.out.clear();
        self.at = 0;
        if self.start == self.end && !self.eof {
            self.start = 0;
            self.end = loop {
                match self.inner.read(&mut self.raw) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(e),
                }
            };
            self.eof = self.end == 0;
        }
        let last = self.eof;
        self.out.resize(2 * RAW + 16, 0);
        let mut written = 0;
        loop {
            let (result, read, w) = self.decoder.decode_to_utf8_without_replacement(
                &self.raw[self.start..self.end],
                &mut self.out[written..],
                last,
            );
            self.start += read;
            written += w;
            match result {
                DecoderResult::Malformed(..) => {
                    if written < self.out.len() {
                        self.out[written] = 0xFF;
                    } else {
                        self.out.push(0xFF);
                    }
                    written += 1;
                }
                DecoderResult::InputEmpty => {
                    self.finished = last;
                    break;
                }
                DecoderResult::OutputFull => break,
            }
        }
        self.out.truncate(written);
        Ok(())
    }
}

impl<R: Read> Read for Utf16<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.at == self.out.len() {
            if self.finished || buf.is_empty() {
                return Ok(0);
            }
            self.decode_more()?;
        }
        let n = buf.len().min(self.out.len() - self.at);
        buf[..n].copy_from_slice(&self.out[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8], encoding: &'static Encoding, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        Utf16::new(bytes, encoding, bom)
            .read_to_end(&mut out)
            .unwrap();
        out
    }

    #[test]
    fn bad_sequences_become_one_marker_each() {
        let le = encoding_rs::UTF_16LE;
        let be = encoding_rs::UTF_16BE;
        let cases: &[(&[u8], &'static Encoding, bool, &[u8])] = &[
            (b"\xFF\xFEa\x00b\x00", le, true, b"ab"),
            (b"a\x00b\x00", le, false, b"ab"),
            (b"\xFE\xFF\x00a\x00\xE9", be, true, "a\u{e9}".as_bytes()),
            // A lone high surrogate, then text.
            (b"a\x00\x00\xD8b\x00", le, false, b"a\xFFb"),
            // A lone low surrogate.
            (b"\x00\xDCa\x00", le, false, b"\xFFa"),
            // An odd byte at the end.
            (b"a\x00b", le, false, b"a\xFF"),
            // A surrogate pair is one character.
            (b"\x3D\xD8\x02\xDE", le, false, "\u{1F602}".as_bytes()),
        ];
        for (input, encoding, bom, want) in cases {
            assert_eq!(decode(input, encoding, *bom), *want, "{input:?}");
        }
    }

    #[test]
    fn long_input_decodes_across_reads() {
        let text: String = (0..200_000)
            .map(|i| char::from(b'a' + (i % 26) as u8))
            .collect();
        let bytes: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(
            decode(&bytes, encoding_rs::UTF_16LE, false),
            text.as_bytes()
        );
    }
}
