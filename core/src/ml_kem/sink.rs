//! Where K-PKE.Encrypt puts the ciphertext.
//!
//! Encapsulation writes the ciphertext out; decapsulation re-encrypts and must
//! compare the result with the received ciphertext (FIPS 203, Algorithm 18,
//! lines 9-10). Rather than materialising the re-encryption `c'` (up to
//! 1568 bytes of stack), the same encryption code streams its output chunk by
//! chunk into a [`Sink`]: a [`Writer`] stores it, a [`Comparer`] ORs the
//! differences into an accumulator. Every byte is compared, whatever
//! differences came before, so the time does not reveal where `c` and `c'`
//! first differ.

use subtle::{Choice, ConstantTimeEq};
use zeroize::Zeroize;

/// The largest chunk: one polynomial compressed to 11 bits.
pub(crate) const MAX_CHUNK: usize = 32 * 11;

/// Receiver of consecutive ciphertext chunks.
pub(crate) trait Sink {
    /// Takes the next `len` bytes (`len <= MAX_CHUNK`), produced by `fill`.
    fn put(&mut self, len: usize, fill: impl FnOnce(&mut [u8]));
}

/// Writes the chunks one after another into a buffer.
pub(crate) struct Writer<'a> {
    rest: &'a mut [u8],
}

impl<'a> Writer<'a> {
    pub(crate) fn new(out: &'a mut [u8]) -> Self {
        Writer { rest: out }
    }
}

impl Sink for Writer<'_> {
    fn put(&mut self, len: usize, fill: impl FnOnce(&mut [u8])) {
        let (head, tail) = core::mem::take(&mut self.rest).split_at_mut(len);
        fill(head);
        self.rest = tail;
    }
}

/// Compares the chunks with an expected ciphertext in constant time.
pub(crate) struct Comparer<'a> {
    rest: &'a [u8],
    diff: u8,
}

impl<'a> Comparer<'a> {
    pub(crate) fn new(expected: &'a [u8]) -> Self {
        Comparer {
            rest: expected,
            diff: 0,
        }
    }

    /// Whether every chunk matched and the whole expected input was used.
    pub(crate) fn finish(self) -> Choice {
        let all_used = Choice::from(u8::from(self.rest.is_empty()));
        self.diff.ct_eq(&0) & all_used
    }
}

impl Sink for Comparer<'_> {
    /// Out of line, with the chunk buffer in its own frame: the buffer then
    /// takes stack only while a chunk is compared, not under the matrix
    /// sampling, which is the deepest point of the re-encryption.
    #[inline(never)]
    fn put(&mut self, len: usize, fill: impl FnOnce(&mut [u8])) {
        let mut scratch = [0u8; MAX_CHUNK];
        let (head, tail) = self.rest.split_at(len);
        let chunk = &mut scratch[..len];
        fill(chunk);
        for (a, b) in chunk.iter().zip(head) {
            self.diff |= a ^ b;
        }
        self.rest = tail;
        chunk.zeroize();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writer_and_comparer_agree() {
        let mut out = [0u8; 10];
        let mut w = Writer::new(&mut out);
        w.put(4, |b| b.copy_from_slice(&[1, 2, 3, 4]));
        w.put(6, |b| b.fill(9));
        assert_eq!(out, [1, 2, 3, 4, 9, 9, 9, 9, 9, 9]);

        let run = |expected: &[u8]| {
            let mut c = Comparer::new(expected);
            c.put(4, |b| b.copy_from_slice(&[1, 2, 3, 4]));
            c.put(6, |b| b.fill(9));
            bool::from(c.finish())
        };
        assert!(run(&out));
        for i in 0..out.len() {
            let mut bad = out;
            bad[i] ^= 0x80;
            assert!(!run(&bad), "difference at {i} missed");
        }
    }
}
