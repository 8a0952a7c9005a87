//! A count of the chat text's bytes read so far, for a progress bar drawn by another thread.
//!
//! Takes every read of the chat text the reader makes (both passes, through [`Counted`]); gives the running total
//! in [`BytesRead::get`]. It counts raw bytes, before decoding, so a UTF-16 text counts as its file does. It draws
//! nothing and does not know how many passes there are.

use std::io::{self, Read};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Bytes of chat text read, shared between the reader and whoever shows progress; clones share one count.
#[derive(Clone, Debug, Default)]
pub struct BytesRead(Arc<AtomicU64>);

impl BytesRead {
    /// A count at zero.
    pub fn new() -> BytesRead {
        BytesRead::default()
    }

    /// The bytes read so far, over every pass of every export that shares this count.
    pub fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }

    fn add(&self, n: usize) {
        self.0.fetch_add(n as u64, Ordering::Relaxed);
    }
}

/// Two counts are equal when they are the same count.
impl PartialEq for BytesRead {
    fn eq(&self, other: &BytesRead) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for BytesRead {}

/// A reader that adds what it reads to a [`BytesRead`] (when there is one).
pub struct Counted<R> {
    inner: R,
    count: Option<BytesRead>,
}

impl<R> Counted<R> {
    /// `inner`, counted into `count`.
    pub fn new(inner: R, count: Option<BytesRead>) -> Counted<R> {
        Counted { inner, count }
    }
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Some(count) = &self.count {
            count.add(n);
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clones_share_one_count_of_every_byte_read() {
        let count = BytesRead::new();
        let mut a = Counted::new(&b"hello"[..], Some(count.clone()));
        let mut b = Counted::new(&b"world!"[..], Some(count.clone()));
        let mut out = Vec::new();
        a.read_to_end(&mut out).ok();
        b.read_to_end(&mut out).ok();
        assert_eq!((count.get(), out.len()), (11, 11));
        assert_eq!(count, count.clone());
        assert_ne!(count, BytesRead::new());
    }
}
