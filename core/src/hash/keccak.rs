//! Keccak-f[1600] and the sponge construction (FIPS 202), for the SHA-3
//! functions of [`super`].
//!
//! The `keccak` crate's portable permutation is a rolled loop with lanes
//! indexed through `% 5` arithmetic and rotations by table values; on a
//! 32-bit core without a barrel-shifted 64-bit rotate that costs about
//! 48 000 instructions per permutation, roughly 90 % of an ML-KEM
//! operation. Here every lane index and rotation amount of a round is a
//! constant, so each 64-bit rotate compiles to a few shifts, and the round
//! body is written out so that it stays unrolled at `opt-level = "s"`.
//!
//! Nothing here depends on the data's value: no branches, no indexing by
//! data, so absorbing secrets is constant time.

use zeroize::{Zeroize, ZeroizeOnDrop};

/// Lanes of the 1600-bit state, `A[x, y]` at index `x + 5 y` (FIPS 202
/// section 3.1.2 with 64-bit lanes, little-endian bytes).
const LANES: usize = 25;

/// The round constants of iota (FIPS 202, Algorithms 5 and 6), computed
/// from the LFSR rather than copied as 24 opaque numbers.
pub(crate) const RC: [u64; 24] = round_constants();

/// FIPS 202 Algorithm 5, `rc(t)`, for every bit of every round constant.
const fn round_constants() -> [u64; 24] {
    let mut out = [0u64; 24];
    // The LFSR x^8 + x^6 + x^5 + x^4 + 1, stepped once per `t`.
    let mut r: u8 = 1;
    let mut round = 0;
    while round < 24 {
        let mut j = 0;
        while j <= 6 {
            // Bit 2^j - 1 of RC[round] is rc(j + 7 round): the LFSR's output
            // at its (j + 7 round)-th step.
            if r & 1 == 1 {
                out[round] |= 1u64 << ((1 << j) - 1);
            }
            let carry = r & 0x80 != 0;
            r <<= 1;
            if carry {
                r ^= 0x71;
            }
            j += 1;
        }
        round += 1;
    }
    out
}

/// The permutation the sponge uses. On 64-bit targets the `keccak` crate's
/// rolled loop keeps the lanes in registers and is the faster one
/// (ML-KEM-768 was 1.15-1.4x slower on x86-64 with [`f1600`] in the
/// `ml_kem` benchmark). Elsewhere [`f1600`] wins: 2x fewer instructions for
/// ML-KEM on a Cortex-M4, and 2-3x more ML-KEM and ML-DSA operations per
/// second in WebAssembly under Node (`wasm/tests/bench.mjs`).
#[cfg(target_pointer_width = "64")]
fn permute(a: &mut [u64; LANES]) {
    keccak::Keccak::new().with_f1600(|f| f(a));
}

#[cfg(not(target_pointer_width = "64"))]
fn permute(a: &mut [u64; LANES]) {
    f1600(a);
}

/// Keccak-f[1600] (FIPS 202 section 3.3 with `n_r = 24`): theta, rho, pi,
/// chi and iota, one round per iteration.
#[cfg_attr(target_pointer_width = "64", allow(dead_code))]
fn f1600(a: &mut [u64; LANES]) {
    for rc in RC {
        // theta: column parities C[x], then A[x, y] ^= C[x - 1] ^ rot(C[x + 1], 1).
        let c0 = a[0] ^ a[5] ^ a[10] ^ a[15] ^ a[20];
        let c1 = a[1] ^ a[6] ^ a[11] ^ a[16] ^ a[21];
        let c2 = a[2] ^ a[7] ^ a[12] ^ a[17] ^ a[22];
        let c3 = a[3] ^ a[8] ^ a[13] ^ a[18] ^ a[23];
        let c4 = a[4] ^ a[9] ^ a[14] ^ a[19] ^ a[24];
        let d0 = c4 ^ c1.rotate_left(1);
        let d1 = c0 ^ c2.rotate_left(1);
        let d2 = c1 ^ c3.rotate_left(1);
        let d3 = c2 ^ c4.rotate_left(1);
        let d4 = c3 ^ c0.rotate_left(1);
        for row in a.chunks_exact_mut(5) {
            row[0] ^= d0;
            row[1] ^= d1;
            row[2] ^= d2;
            row[3] ^= d3;
            row[4] ^= d4;
        }
        // rho and pi in place: pi moves A[x, y] to (y, 2x + 3y), one cycle
        // through the 24 lanes other than (0, 0); each is rotated by rho's
        // offset of the position it leaves.
        let mut moving = a[1];
        let next = a[10];
        a[10] = moving.rotate_left(1);
        moving = next;
        let next = a[7];
        a[7] = moving.rotate_left(3);
        moving = next;
        let next = a[11];
        a[11] = moving.rotate_left(6);
        moving = next;
        let next = a[17];
        a[17] = moving.rotate_left(10);
        moving = next;
        let next = a[18];
        a[18] = moving.rotate_left(15);
        moving = next;
        let next = a[3];
        a[3] = moving.rotate_left(21);
        moving = next;
        let next = a[5];
        a[5] = moving.rotate_left(28);
        moving = next;
        let next = a[16];
        a[16] = moving.rotate_left(36);
        moving = next;
        let next = a[8];
        a[8] = moving.rotate_left(45);
        moving = next;
        let next = a[21];
        a[21] = moving.rotate_left(55);
        moving = next;
        let next = a[24];
        a[24] = moving.rotate_left(2);
        moving = next;
        let next = a[4];
        a[4] = moving.rotate_left(14);
        moving = next;
        let next = a[15];
        a[15] = moving.rotate_left(27);
        moving = next;
        let next = a[23];
        a[23] = moving.rotate_left(41);
        moving = next;
        let next = a[19];
        a[19] = moving.rotate_left(56);
        moving = next;
        let next = a[13];
        a[13] = moving.rotate_left(8);
        moving = next;
        let next = a[12];
        a[12] = moving.rotate_left(25);
        moving = next;
        let next = a[2];
        a[2] = moving.rotate_left(43);
        moving = next;
        let next = a[20];
        a[20] = moving.rotate_left(62);
        moving = next;
        let next = a[14];
        a[14] = moving.rotate_left(18);
        moving = next;
        let next = a[22];
        a[22] = moving.rotate_left(39);
        moving = next;
        let next = a[9];
        a[9] = moving.rotate_left(61);
        moving = next;
        let next = a[6];
        a[6] = moving.rotate_left(20);
        moving = next;
        a[1] = moving.rotate_left(44);
        // chi, a row at a time: A[x, y] ^= !A[x + 1, y] & A[x + 2, y].
        for row in a.chunks_exact_mut(5) {
            let [t0, t1, t2, t3, t4] = [row[0], row[1], row[2], row[3], row[4]];
            row[0] = t0 ^ (!t1 & t2);
            row[1] = t1 ^ (!t2 & t3);
            row[2] = t2 ^ (!t3 & t4);
            row[3] = t3 ^ (!t4 & t0);
            row[4] = t4 ^ (!t0 & t1);
        }
        // iota
        a[0] ^= rc;
    }
}

/// A Keccak sponge with a rate of `RATE` bytes (FIPS 202 section 4), for
/// absorbing and then squeezing; the capacity is `200 - RATE`.
pub(crate) struct Sponge<const RATE: usize> {
    state: [u64; LANES],
    /// Bytes absorbed into, or squeezed from, the current block.
    pos: usize,
}

impl<const RATE: usize> Sponge<RATE> {
    pub(crate) const fn new() -> Self {
        const { assert!(RATE.is_multiple_of(8) && RATE < 200) };
        Sponge {
            state: [0; LANES],
            pos: 0,
        }
    }

    /// XORs `data` into the state at the current position, permuting after
    /// every full block.
    /// A copy of the state; the callers say why the copy may exist.
    pub(crate) fn duplicate(&self) -> Self {
        Sponge {
            state: self.state,
            pos: self.pos,
        }
    }

    pub(crate) fn absorb(&mut self, mut data: &[u8]) {
        while !data.is_empty() {
            let take = (RATE - self.pos).min(data.len());
            let (now, rest) = data.split_at(take);
            self.xor_into_block(now);
            self.pos += take;
            data = rest;
            if self.pos == RATE {
                permute(&mut self.state);
                self.pos = 0;
            }
        }
    }

    /// Pads with the domain bits `ds` (FIPS 202 section 6: `0x06` for SHA-3,
    /// `0x1f` for SHAKE, each with the first `1` of pad10*1) and the final
    /// `0x80`, and switches to squeezing.
    pub(crate) fn finish(&mut self, ds: u8) {
        self.xor_byte(self.pos, ds);
        self.xor_byte(RATE - 1, 0x80);
        permute(&mut self.state);
        self.pos = 0;
    }

    /// Squeezes the next `out.len()` bytes (after [`Sponge::finish`]).
    pub(crate) fn squeeze(&mut self, mut out: &mut [u8]) {
        while !out.is_empty() {
            if self.pos == RATE {
                permute(&mut self.state);
                self.pos = 0;
            }
            let take = (RATE - self.pos).min(out.len());
            let (now, rest) = out.split_at_mut(take);
            self.read_from_block(now);
            self.pos += take;
            out = rest;
        }
    }

    /// XORs `bytes` into the block from `pos` on, whole lanes where they are
    /// aligned: byte by byte, absorbing costs as much as a permutation per
    /// block on x86-64. `bytes` must fit in the rest of the block.
    fn xor_into_block(&mut self, mut bytes: &[u8]) {
        let mut at = self.pos;
        while !at.is_multiple_of(8) && !bytes.is_empty() {
            self.xor_byte(at, bytes[0]);
            at += 1;
            bytes = &bytes[1..];
        }
        let mut lanes = bytes.chunks_exact(8);
        for lane in &mut lanes {
            self.state[at / 8] ^= u64::from_le_bytes(lane.try_into().expect("8 bytes"));
            at += 8;
        }
        for &byte in lanes.remainder() {
            self.xor_byte(at, byte);
            at += 1;
        }
    }

    /// Copies the block from `pos` on into `out`, whole lanes where they
    /// are aligned. `out` must fit in the rest of the block.
    fn read_from_block(&self, out: &mut [u8]) {
        let mut at = self.pos;
        let head = ((8 - at % 8) % 8).min(out.len());
        let (head, rest) = out.split_at_mut(head);
        for byte in head {
            *byte = self.byte(at);
            at += 1;
        }
        let mut lanes = rest.chunks_exact_mut(8);
        for lane in &mut lanes {
            lane.copy_from_slice(&self.state[at / 8].to_le_bytes());
            at += 8;
        }
        for byte in lanes.into_remainder() {
            *byte = self.byte(at);
            at += 1;
        }
    }

    fn byte(&self, at: usize) -> u8 {
        (self.state[at / 8] >> (8 * (at % 8))) as u8
    }

    fn xor_byte(&mut self, at: usize, byte: u8) {
        self.state[at / 8] ^= u64::from(byte) << (8 * (at % 8));
    }
}

impl<const RATE: usize> Drop for Sponge<RATE> {
    fn drop(&mut self) {
        self.state.zeroize();
    }
}

impl<const RATE: usize> ZeroizeOnDrop for Sponge<RATE> {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_constants_match_fips_202() {
        // The first, a middle and the last constant as printed in the
        // Keccak reference.
        assert_eq!(RC[0], 0x0000_0000_0000_0001);
        assert_eq!(RC[1], 0x0000_0000_0000_8082);
        assert_eq!(RC[12], 0x0000_0000_8000_808b);
        assert_eq!(RC[23], 0x8000_0000_8000_8008);
    }

    #[test]
    fn permutation_equals_the_keccak_crate() {
        let mut ours = [0u64; LANES];
        let mut theirs = [0u64; LANES];
        for round in 0..64u64 {
            f1600(&mut ours);
            keccak::Keccak::new().with_f1600(|f| f(&mut theirs));
            assert_eq!(ours, theirs, "after {} permutations", round + 1);
            // Perturb the state so later rounds start from other values.
            ours[(round % 25) as usize] ^= round.wrapping_mul(0x9e37_79b9_7f4a_7c15);
            theirs[(round % 25) as usize] ^= round.wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
    }
}
