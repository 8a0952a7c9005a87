//! Streams copied into temporary files, bounded.
//!
//! Takes a stream (standard input, a reader, a zip entry being decompressed) and the reader's [`Judge`]; gives a
//! temporary file holding it, anonymous or named (a named one is deleted when dropped, and on Ctrl-C through
//! [`crate::pending`]). A copy stops as soon as the bytes cannot be a chat text: more bytes than its cap, a first
//! [`HEAD`] bytes the judge refuses (binary data), or a run without a line break longer than the decoder takes;
//! a zip on standard input is copied whole, up to [`MAX_ZIP_STREAM`]. A failed write is named as one to the
//! temporary folder, not as a read of the input. It does not decode the bytes.

use std::fs::File;
use std::io::{self, Read, Write};
use std::path::Path;

use tempfile::TempPath;

use super::{Judge, is_zip};
use crate::error::{Error, Result};
use crate::pending::Pending;

/// The largest chat text spooled (from standard input, or decompressed from a zip): far above WhatsApp's own cap
/// (40,000 messages, a few MB), far below what a zip bomb expands to.
pub const MAX_TEXT: u64 = 4 << 30;

/// The bytes of a long text the judge sees before the copy goes on.
pub const HEAD: usize = 64 << 10;

/// The largest zip read from standard input (it is copied whole, media included, to be read as a zip).
pub const MAX_ZIP_STREAM: u64 = 16 << 30;

/// A named temporary file, deleted when dropped (and on Ctrl-C while it exists).
pub struct Named {
    // Fields drop in order: the file is deleted, then unregistered.
    path: TempPath,
    _pending: Pending,
}

impl Named {
    /// Where it is.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// The temporary folder, as errors name it.
fn temp_dir() -> String {
    std::env::temp_dir().display().to_string()
}

/// The error of a temporary file that could not be created or written, for input `display`.
pub fn temp_error(display: &str, source: io::Error) -> Error {
    Error::Temp {
        path: display.to_string(),
        dir: temp_dir(),
        source,
    }
}

/// An anonymous temporary file (gone once closed, whatever ends the process).
pub fn anonymous(display: &str) -> Result<File> {
    tempfile::tempfile().map_err(|e| temp_error(display, e))
}

/// A named temporary file, open for writing, registered for deletion on Ctrl-C.
pub fn named(display: &str) -> Result<(File, Named)> {
    let (tmp, pending) = Pending::create(
        || {
            tempfile::Builder::new()
                .prefix(".chatport-")
                .suffix(".tmp")
                .tempfile()
        },
        |t: &tempfile::NamedTempFile| t.path(),
    )
    .map_err(|e| temp_error(display, e))?;
    let (file, path) = tmp.into_parts();
    Ok((
        file,
        Named {
            path,
            _pending: pending,
        },
    ))
}

/// Why a copy stopped before the end of its stream.
#[derive(Debug)]
pub enum Stop {
    /// Reading the stream failed.
    Read(io::Error),
    /// Writing the temporary file failed.
    Write(io::Error),
    /// The stream holds more than the cap given.
    Over,
    /// Line `line` is longer than `max` bytes (the run the judge allowed).
    LongLine { line: u64, max: u64 },
    /// The judge refused the first [`HEAD`] bytes with this error.
    Refused(Error),
}

/// Copies `from` into `to`: at most `max` bytes (more is [`Stop::Over`], and nothing past `max` is written); with
/// a judge (and the input's name for its errors), also stops at a first [`HEAD`] bytes it refuses or at a run
/// without a line break longer than it allows. Gives the bytes copied.
pub fn text(
    from: &mut dyn Read,
    to: &mut dyn Write,
    max: u64,
    judge: Option<(&Judge, &str)>,
) -> std::result::Result<u64, Stop> {
    let mut buf = vec![0u8; 256 << 10];
    let mut total = 0u64;
    let mut head: Vec<u8> = Vec::new();
    let mut judged = judge.is_none();
    let mut max_run: Option<u64> = None;
    // Line breaks so far (CRLF, CR or LF), bytes since the last, and whether the last byte was a CR.
    let (mut breaks, mut run, mut after_cr) = (0u64, 0u64, false);
    loop {
        let n = match from.read(&mut buf) {
            Ok(0) => return Ok(total),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Stop::Read(e)),
        };
        let chunk = &buf[..n];
        if total + n as u64 > max {
            return Err(Stop::Over);
        }
        to.write_all(chunk).map_err(Stop::Write)?;
        total += n as u64;
        let Some((judge, display)) = judge else {
            continue;
        };
        for i in memchr::memchr2_iter(b'\n', b'\r', chunk) {
            let crlf = chunk[i] == b'\n'
                && if i == 0 {
                    after_cr
                } else {
                    chunk[i - 1] == b'\r'
                };
            breaks += u64::from(!crlf);
        }
        after_cr = chunk.last() == Some(&b'\r');
        run = match memchr::memrchr2(b'\n', b'\r', chunk) {
            Some(i) => (n - 1 - i) as u64,
            None => run + n as u64,
        };
        if !judged {
            let take = (HEAD - head.len()).min(n);
            head.extend_from_slice(&chunk[..take]);
            if head.len() == HEAD {
                judged = true;
                max_run = (judge.head)(display, &head).map_err(Stop::Refused)?;
                head = Vec::new();
            }
        }
        if let Some(max) = max_run
            && run > max
        {
            return Err(Stop::LongLine {
                line: breaks + 1,
                max,
            });
        }
    }
}

/// Copies a stream (standard input, a reader) into an anonymous temporary file: a zip whole (up to
/// [`MAX_ZIP_STREAM`]), else a text under the rules of [`text`] and at most [`MAX_TEXT`] bytes, the cap a
/// zip's chat text has. Gives the file and whether it is a zip. Errors are those the same bytes in a file get.
pub fn stream(from: &mut dyn Read, display: &str, judge: &Judge) -> Result<(File, bool)> {
    let read_err = |source| Error::Read {
        path: display.to_string(),
        source,
    };
    let mut first = Vec::with_capacity(4);
    from.take(4).read_to_end(&mut first).map_err(read_err)?;
    let zip = is_zip(&first);
    let mut spool = anonymous(display)?;
    let mut chained = first.as_slice().chain(from);
    let copied = if zip {
        text(&mut chained, &mut spool, MAX_ZIP_STREAM, None)
    } else {
        text(&mut chained, &mut spool, MAX_TEXT, Some((judge, display)))
    };
    match copied {
        Ok(_) => Ok((spool, zip)),
        Err(Stop::Read(e)) => Err(read_err(e)),
        Err(Stop::Write(e)) => Err(temp_error(display, e)),
        Err(Stop::Over) if zip => Err(Error::Unsupported {
            path: display.to_string(),
            what: format!(
                "is a zip of more than {} GiB on standard input; pass the zip's path instead (chatport convert FILE.zip)",
                MAX_ZIP_STREAM >> 30
            ),
        }),
        Err(Stop::Over) => Err(Error::Unsupported {
            path: display.to_string(),
            what: format!(
                "holds more than {} GiB of text: not a WhatsApp chat export (one is a few MB)",
                MAX_TEXT >> 30
            ),
        }),
        Err(Stop::LongLine { line, max }) => Err(Error::LineTooLong {
            path: display.to_string(),
            line,
            max: max as usize,
        }),
        Err(Stop::Refused(e)) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judge() -> Judge<'static> {
        Judge {
            rate: &|_| 0,
            head: &|display, head| {
                if head.contains(&0) {
                    Err(Error::Unsupported {
                        path: display.into(),
                        what: "binary".into(),
                    })
                } else {
                    Ok(Some(1000))
                }
            },
        }
    }

    #[test]
    fn copies_stop_where_the_bytes_cannot_be_a_chat() {
        let judge = judge();
        let mut long = b"a\r\nb\rc\n".to_vec();
        long.resize(HEAD + 2000, b'x');
        let mut binary = vec![b'a'; HEAD];
        binary[10] = 0;
        let cases: Vec<(&str, Vec<u8>, u64, &str)> = vec![
            ("short", b"a\nb\n".to_vec(), 100, "Ok(4)"),
            ("over", vec![b'a'; 101], 100, "Over"),
            (
                "long line, at line 4",
                long,
                u64::MAX,
                "LongLine { line: 4, max: 1000 }",
            ),
            ("binary head", binary, u64::MAX, "Refused"),
        ];
        for (what, bytes, max, want) in cases {
            let mut out = Vec::new();
            let got = format!(
                "{:?}",
                text(&mut bytes.as_slice(), &mut out, max, Some((&judge, "x")))
            );
            assert!(got.contains(want), "{what}: {got}");
            assert!(out.len() as u64 <= max, "{what}: wrote {} bytes", out.len());
        }
    }

    #[test]
    fn a_failed_write_is_named_as_the_temporary_folder() {
        struct Full;
        impl Write for Full {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::Error::from_raw_os_error(28))
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let stop = text(&mut &b"a\n"[..], &mut Full, 100, None).unwrap_err();
        let Stop::Write(e) = stop else {
            panic!("{stop:?}")
        };
        let message = temp_error("<stdin>", e).to_string();
        assert!(
            message
                .starts_with("<stdin>: cannot write its temporary copy in the temporary folder "),
            "{message}"
        );
        assert!(message.contains("TMPDIR"), "{message}");
    }
}
