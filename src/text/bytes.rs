//! Byte masks, 16 bytes at a time: which bytes of a chunk equal a given byte, or are not ASCII.
//!
//! Takes 16 bytes; gives a 16-bit mask (bit k for byte k). SSE2 vector compares on x86-64 (every x86-64 CPU has
//! them), a plain loop elsewhere. Used where a per-byte loop over every line was the cost: finding line ends and
//! checking that a line needs no normalizing. It knows nothing about text.

/// 16 bytes, loaded once and compared many times.
#[derive(Clone, Copy)]
pub struct Chunk(Inner);

#[cfg(target_arch = "x86_64")]
type Inner = std::arch::x86_64::__m128i;
#[cfg(not(target_arch = "x86_64"))]
type Inner = [u8; 16];

impl Chunk {
    /// The first 16 bytes of `bytes`; `None` when it is shorter.
    #[inline(always)]
    pub fn load(bytes: &[u8]) -> Option<Chunk> {
        let bytes: &[u8; 16] = bytes.get(..16)?.try_into().ok()?;
        #[cfg(target_arch = "x86_64")]
        // SAFETY: `bytes` is 16 bytes long, which is what the unaligned load reads.
        let inner = unsafe { std::arch::x86_64::_mm_loadu_si128(bytes.as_ptr().cast()) };
        #[cfg(not(target_arch = "x86_64"))]
        let inner = *bytes;
        Some(Chunk(inner))
    }

    /// Bit k set when byte k is `byte`.
    #[inline(always)]
    pub fn eq(self, byte: u8) -> u16 {
        #[cfg(target_arch = "x86_64")]
        {
            use std::arch::x86_64::{_mm_cmpeq_epi8, _mm_movemask_epi8, _mm_set1_epi8};
            // SAFETY: SSE2 is part of every x86-64 CPU.
            unsafe { _mm_movemask_epi8(_mm_cmpeq_epi8(self.0, _mm_set1_epi8(byte as i8))) as u16 }
        }
        #[cfg(not(target_arch = "x86_64"))]
        {
            mask(&self.0, |c| c == byte)
        }
    }

    /// Bit k set when byte k is not ASCII (its high bit is set).
    #[inline(always)]
    pub fn high(self) -> u16 {
        #[cfg(target_arch = "x86_64")]
        {
            // SAFETY: SSE2 is part of every x86-64 CPU.
            unsafe { std::arch::x86_64::_mm_movemask_epi8(self.0) as u16 }
        }
        #[cfg(not(target_arch = "x86_64"))]
        {
            mask(&self.0, |c| c >= 0x80)
        }
    }
}

#[cfg(not(target_arch = "x86_64"))]
fn mask(bytes: &[u8; 16], f: impl Fn(u8) -> bool) -> u16 {
    bytes
        .iter()
        .enumerate()
        .fold(0, |m, (k, &c)| m | (u16::from(f(c)) << k))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_say_which_bytes() {
        let bytes = b"a\nb\n\xC3\xA9 <\t\"\n\n\n\n\nz tail";
        let chunk = Chunk::load(bytes).unwrap();
        let want = |f: &dyn Fn(u8) -> bool| {
            bytes[..16]
                .iter()
                .enumerate()
                .fold(0u16, |m, (k, &c)| m | (u16::from(f(c)) << k))
        };
        for byte in [b'\n', b' ', b'<', b'\t', b'"', b'z', 0xC3] {
            assert_eq!(chunk.eq(byte), want(&|c| c == byte), "{byte}");
        }
        assert_eq!(chunk.high(), want(&|c| c >= 0x80));
        assert!(Chunk::load(&bytes[..15]).is_none());
    }
}
