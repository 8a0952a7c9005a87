//! The least work any converter must do to turn the benchmark's Android file into chatport's `jsonl`: the floor
//! that `bench/run.sh` prints next to chatport, so that a target can be compared with what is possible at all.
//!
//! Takes an export whose headers are all exactly `DD/MM/YYYY, HH:MM - ` (as `bench/gen.py android` writes them) and
//! an output path; writes one JSON object per message, with the same fields and escaping (sonic-rs) as chatport's
//! `jsonl` for a text message, then `fsync`s the file as chatport does. On the benchmark file its output is
//! chatport's, byte for byte, except for the media messages (4%), which it leaves as text.
//!
//! It reads the file once, splits lines, checks UTF-8 once per buffer, recognises that one header shape by fixed
//! byte positions and cuts the author at `: `. It does not detect anything (no first pass, no day/month order, no
//! other shapes or dialects), classify (media, system events, polls), check that the header writes back, learn
//! roles (the benchmark's assistant is named here), handle CRLF or bad bytes, or write atomically: everything
//! chatport does beyond this is extra. Not part of chatport; never used by it.
//!
//! `cargo run --release --example floor -- IN OUT`

use std::error::Error;
use std::fs::File;
use std::io::{Read, Write};

/// Where the digits of `DD/MM/YYYY, HH:MM - ` are, and how long it is.
const DIGITS: [usize; 12] = [0, 1, 3, 4, 6, 7, 8, 9, 12, 13, 15, 16];
const HEADER: usize = 20;

fn is_header(l: &[u8]) -> bool {
    l.len() >= HEADER
        && l[2] == b'/'
        && l[5] == b'/'
        && &l[10..12] == b", "
        && l[14] == b':'
        && &l[17..20] == b" - "
        && DIGITS.iter().all(|&i| l[i].is_ascii_digit())
}

struct Message {
    line: u64,
    time: [u8; 19],
    author: String,
    text: String,
}

impl Message {
    fn write(&self, out: &mut Vec<u8>) -> Result<(), Box<dyn Error>> {
        out.extend_from_slice(b"{\"line\":");
        out.extend_from_slice(itoa::Buffer::new().format(self.line).as_bytes());
        out.extend_from_slice(b",\"time\":\"");
        out.extend_from_slice(&self.time);
        out.extend_from_slice(b"\",\"author\":");
        sonic_rs::to_writer(&mut *out, self.author.as_str())?;
        // The benchmark's assistant is named in the file; chatport finds it in its table of AI contacts.
        out.extend_from_slice(if self.author == "Copilot" {
            b",\"role\":\"assistant\",\"kind\":\"text\",\"text\":".as_slice()
        } else {
            b",\"role\":\"user\",\"kind\":\"text\",\"text\":"
        });
        sonic_rs::to_writer(&mut *out, self.text.as_str())?;
        out.extend_from_slice(b"}\n");
        Ok(())
    }

    /// Starts the message of header line `l` (number `no`).
    fn start(&mut self, no: u64, l: &str) {
        let b = l.as_bytes();
        self.line = no;
        self.time = *b"0000-00-00T00:00:00";
        for (to, from) in [(0, 6..10), (5, 3..5), (8, 0..2), (11, 12..14), (14, 15..17)] {
            self.time[to..to + from.len()].copy_from_slice(&b[from]);
        }
        let body = &l[HEADER..];
        self.author.clear();
        self.text.clear();
        let colon = memchr::memchr_iter(b':', body.as_bytes())
            .find(|&i| body.as_bytes().get(i + 1) == Some(&b' '));
        match colon {
            Some(i) => {
                self.author.push_str(&body[..i]);
                self.text.push_str(&body[i + 2..]);
            }
            None => self.text.push_str(body),
        }
    }
}

/// Messages built from lines and written out a megabyte at a time.
struct Writer {
    file: File,
    out: Vec<u8>,
    message: Option<Message>,
}

impl Writer {
    fn line(&mut self, no: u64, l: &str) -> Result<(), Box<dyn Error>> {
        match &mut self.message {
            Some(m) if !is_header(l.as_bytes()) => {
                m.text.push('\n');
                m.text.push_str(l);
            }
            Some(m) => {
                m.write(&mut self.out)?;
                if self.out.len() >= 1 << 20 {
                    self.file.write_all(&self.out)?;
                    self.out.clear();
                }
                m.start(no, l);
            }
            None if !is_header(l.as_bytes()) => {
                return Err(format!("line {no} is not a `DD/MM/YYYY, HH:MM - ` header").into());
            }
            None => {
                let mut m = Message {
                    line: 0,
                    time: [0; 19],
                    author: String::new(),
                    text: String::new(),
                };
                m.start(no, l);
                self.message = Some(m);
            }
        }
        Ok(())
    }

    fn finish(mut self) -> Result<(), Box<dyn Error>> {
        if let Some(m) = &self.message {
            m.write(&mut self.out)?;
        }
        self.file.write_all(&self.out)?;
        // (`/dev/null`, for the floor without writing, cannot be synced.)
        if self.file.metadata()?.is_file() {
            self.file.sync_all()?;
        }
        Ok(())
    }
}

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(input), Some(output)) = (args.next(), args.next()) else {
        return Err("usage: floor IN OUT".into());
    };
    let mut input = File::open(input)?;
    let mut writer = Writer {
        file: File::create(output)?,
        out: Vec::with_capacity(2 << 20),
        message: None,
    };
    let mut buf = vec![0u8; 1 << 20];
    let mut have = 0;
    let mut no = 0u64;
    loop {
        let n = input.read(&mut buf[have..])?;
        let end = have + n;
        // Whole lines only, except at the end of the file.
        let last = match (n, memchr::memrchr(b'\n', &buf[..end])) {
            (0, _) | (_, None) => end,
            (_, Some(i)) => i + 1,
        };
        let block = simdutf8::basic::from_utf8(&buf[..last]).map_err(|_| "not UTF-8")?;
        let mut from = 0;
        for to in memchr::memchr_iter(b'\n', block.as_bytes()) {
            no += 1;
            writer.line(no, &block[from..to])?;
            from = to + 1;
        }
        if from < last {
            no += 1;
            writer.line(no, &block[from..])?;
        }
        if n == 0 {
            break;
        }
        buf.copy_within(last..end, 0);
        have = end - last;
    }
    writer.finish()
}
