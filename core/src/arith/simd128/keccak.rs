//! Keccak-f[1600] on two states at once (FIPS 202 section 3.3), and
//! SHAKE128/SHAKE256 (FIPS 202 section 6.2) on two sponges at once, for the
//! samplers of the simd128 backend (FIPS 203 `XOF` and `PRF`, two matrix
//! entries or noise polynomials per permutation).
//!
//! A two-way state is 25 `v128` words: lane `A[x, y]` (index `x + 5 y`, as
//! in `crate::hash`) of state `s` is the 64-bit element `s` of word
//! `x + 5 y`, so the round is the body of [`crate::hash::keccak`] on
//! `i64x2`. simd128 has `andnot` but no 64-bit rotate: rotations are two
//! shifts and an or, except by 8 and 56 bits (one byte shuffle).
//!
//! Nothing depends on the data's value (no branches, no indexing by data),
//! and every state or buffer that held secret input or output is wiped
//! before it is released.

use core::arch::wasm32::{
    i8x16_shuffle, i64x2_shl, u64x2, u64x2_extract_lane, u64x2_shr, u64x2_splat, v128, v128_andnot,
    v128_or, v128_xor,
};
use zeroize::Zeroize;

use crate::hash::keccak::{Lane, f1600_lanes};

/// Lanes of one state (FIPS 202 section 3.1.2 with 64-bit lanes).
const LANES: usize = 25;
/// SHAKE128 rate in bytes (FIPS 202: 1600 - 2 * 128 bits).
pub(crate) const SHAKE128_RATE: usize = 168;
/// SHAKE256 rate in bytes.
const SHAKE256_RATE: usize = 136;
/// FIPS 202 section 6.2: the SHAKE domain bits `1111` followed by the
/// first `1` of pad10*1.
const SHAKE_DS: u8 = 0x1f;

/// A 2-way lane: element `s` is the lane of state `s`.
impl Lane for v128 {
    #[inline(always)]
    fn xor(self, other: Self) -> Self {
        v128_xor(self, other)
    }

    #[inline(always)]
    fn andnot(self, other: Self) -> Self {
        // `v128_andnot(a, b)` is `a & !b`.
        v128_andnot(other, self)
    }

    #[inline(always)]
    fn rol<const L: i32, const R: i32>(self) -> Self {
        const { assert!(L > 0 && L < 64 && L + R == 64) };
        if L == 8 {
            // Byte i of each element takes byte i - 1 (mod 8).
            i8x16_shuffle::<7, 0, 1, 2, 3, 4, 5, 6, 15, 8, 9, 10, 11, 12, 13, 14>(self, self)
        } else if L == 56 {
            // Byte i of each element takes byte i + 1 (mod 8).
            i8x16_shuffle::<1, 2, 3, 4, 5, 6, 7, 0, 9, 10, 11, 12, 13, 14, 15, 8>(self, self)
        } else {
            v128_or(i64x2_shl(self, L as u32), u64x2_shr(self, R as u32))
        }
    }

    #[inline(always)]
    fn splat(rc: u64) -> Self {
        u64x2_splat(rc)
    }
}

/// Overwrites a two-way state with zeros in a way the compiler keeps
/// (`v128` has no `Zeroize`).
fn wipe(state: &mut [v128; LANES]) {
    state.fill(u64x2_splat(0));
    zeroize::optimization_barrier(state);
}

/// Keccak-f[1600] on both states of `a`.
fn f1600_x2(a: &mut [v128; LANES]) {
    let mut e = *a;
    f1600_lanes(a, &mut e);
    wipe(&mut e);
}

/// Word `j` (bytes `8 j .. 8 j + 8`, little-endian) of a block.
fn word(block: &[u8], j: usize) -> u64 {
    u64::from_le_bytes(block[8 * j..8 * j + 8].try_into().expect("8 bytes"))
}

/// Two Keccak sponges with a rate of `RATE` bytes (FIPS 202 Algorithm 8),
/// absorbing one message each, both of the same length.
///
/// After [`Sponge2::absorb`] the state holds the padded last block, not yet
/// permuted: each squeezed block permutes first.
struct Sponge2<const RATE: usize> {
    state: [v128; LANES],
}

impl<const RATE: usize> Sponge2<RATE> {
    /// Absorbs `inputs` (equal lengths) into a fresh state and pads each
    /// with `SHAKE_DS` and pad10*1 (FIPS 202 sections 5.1 and 6.2).
    // Inlined so that the state is built in the caller's variable and no
    // copy of an absorbed state is left in a returning frame.
    #[inline(always)]
    fn absorb(inputs: [&[u8]; 2]) -> Self {
        const { assert!(RATE.is_multiple_of(8) && RATE < 200) };
        let len = inputs[0].len();
        debug_assert_eq!(inputs[1].len(), len);
        let mut s = Sponge2 {
            state: [u64x2_splat(0); LANES],
        };
        let full = len / RATE;
        for block in 0..full {
            let at = block * RATE;
            s.xor_blocks([&inputs[0][at..at + RATE], &inputs[1][at..at + RATE]]);
            f1600_x2(&mut s.state);
        }
        let at = full * RATE;
        let mut last = [[0u8; RATE]; 2];
        for (l, i) in last.iter_mut().zip(inputs) {
            l[..len - at].copy_from_slice(&i[at..]);
            l[len - at] ^= SHAKE_DS;
            l[RATE - 1] ^= 0x80;
        }
        s.xor_blocks([&last[0], &last[1]]);
        last.as_flattened_mut().zeroize();
        s
    }

    /// XORs one block of each lane into the first `RATE / 8` words.
    fn xor_blocks(&mut self, blocks: [&[u8]; 2]) {
        for (j, w) in self.state[..RATE / 8].iter_mut().enumerate() {
            *w = v128_xor(*w, u64x2(word(blocks[0], j), word(blocks[1], j)));
        }
    }

    /// Permutes, then copies one block per lane out.
    fn squeeze_block(&mut self, out: [&mut [u8]; 2]) {
        f1600_x2(&mut self.state);
        let [o0, o1] = out;
        for (j, w) in self.state[..RATE / 8].iter().enumerate() {
            o0[8 * j..8 * j + 8].copy_from_slice(&u64x2_extract_lane::<0>(*w).to_le_bytes());
            o1[8 * j..8 * j + 8].copy_from_slice(&u64x2_extract_lane::<1>(*w).to_le_bytes());
        }
    }
}

impl<const RATE: usize> Drop for Sponge2<RATE> {
    fn drop(&mut self) {
        wipe(&mut self.state);
    }
}

/// Two SHAKE128 sponges squeezed a block at a time (FIPS 203 `XOF`, two
/// matrix entries of `SampleNTT` at once).
pub(crate) struct Shake128x2(Sponge2<SHAKE128_RATE>);

impl Shake128x2 {
    /// Absorbs the two inputs, which have equal lengths (`rho || j || i`
    /// in ML-KEM, 34 bytes).
    #[inline(always)]
    pub(crate) fn absorb(inputs: [&[u8]; 2]) -> Self {
        Shake128x2(Sponge2::absorb(inputs))
    }

    /// The next 168-byte output block of each sponge.
    pub(crate) fn squeeze_block(&mut self, out: [&mut [u8; SHAKE128_RATE]; 2]) {
        let [a, b] = out;
        self.0.squeeze_block([a, b]);
    }
}

/// Two SHAKE256 sponges squeezed a block at a time (FIPS 204 `H` in
/// `ExpandS` and `ExpandMask`, which read their outputs incrementally).
pub(crate) struct Shake256x2(Sponge2<SHAKE256_RATE>);

impl Shake256x2 {
    /// Absorbs the two inputs, which have equal lengths.
    #[inline(always)]
    pub(crate) fn absorb(inputs: [&[u8]; 2]) -> Self {
        Shake256x2(Sponge2::absorb(inputs))
    }

    /// The next 136-byte output block of each sponge.
    pub(crate) fn squeeze_block(&mut self, out: [&mut [u8; SHAKE256_RATE]; 2]) {
        let [a, b] = out;
        self.0.squeeze_block([a, b]);
    }
}

/// SHAKE256 of two equal-length inputs into two equal-length outputs
/// (FIPS 203 `PRF`: 33-byte `sigma || N`, 128 or 192 output bytes). The
/// state and the spare output block are wiped.
pub(crate) fn shake256_x2(inputs: [&[u8]; 2], outs: [&mut [u8]; 2]) {
    let len = outs[0].len();
    debug_assert_eq!(outs[1].len(), len);
    let mut s = Sponge2::<SHAKE256_RATE>::absorb(inputs);
    let mut blocks = [[0u8; SHAKE256_RATE]; 2];
    let [o0, o1] = outs;
    let mut at = 0;
    while at < len {
        let [b0, b1] = &mut blocks;
        s.squeeze_block([b0, b1]);
        let take = (len - at).min(SHAKE256_RATE);
        o0[at..at + take].copy_from_slice(&blocks[0][..take]);
        o1[at..at + take].copy_from_slice(&blocks[1][..take]);
        at += take;
    }
    blocks.as_flattened_mut().zeroize();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::{Shake128Reader, Xof, shake256};
    use std::vec::Vec;

    /// Two different pseudo-random messages of `len` bytes.
    fn messages(len: usize) -> [Vec<u8>; 2] {
        core::array::from_fn(|s| {
            (0..len)
                .map(|i| (i as u32 * 131 + 7 + 61 * s as u32 + (len as u32) * 17) as u8)
                .collect()
        })
    }

    /// Two states through 64 chained permutations, against the sponge's
    /// single-state permutation (itself tested against the `keccak` crate).
    #[test]
    fn permutation_equals_two_single_permutations() {
        let mut singles: [[u64; LANES]; 2] = core::array::from_fn(|s| {
            core::array::from_fn(|j| (s as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ j as u64)
        });
        for step in 0..64u64 {
            let mut two: [v128; LANES] =
                core::array::from_fn(|j| u64x2(singles[0][j], singles[1][j]));
            f1600_x2(&mut two);
            for s in &mut singles {
                crate::hash::keccak::permute(s);
            }
            for j in 0..LANES {
                assert_eq!(
                    u64x2_extract_lane::<0>(two[j]),
                    singles[0][j],
                    "step {step}"
                );
                assert_eq!(
                    u64x2_extract_lane::<1>(two[j]),
                    singles[1][j],
                    "step {step}"
                );
            }
            let (s, j) = ((step % 2) as usize, (step % 25) as usize);
            singles[s][j] ^= step.wrapping_mul(0xd6e8_feb8_6659_fd93);
        }
    }

    /// Every input length from 0 to 400 bytes (across the block boundaries
    /// of both rates) and outputs across block boundaries, each lane
    /// against `crate::hash::shake256`.
    #[test]
    fn shake256_x2_equals_shake256() {
        for len in 0..=400 {
            let m = messages(len);
            for out_len in [0, 1, 128, 135, 136, 137, 192, 300] {
                let mut outs = [(); 2].map(|_| std::vec![0u8; out_len]);
                let [o0, o1] = &mut outs;
                shake256_x2([&m[0], &m[1]], [o0, o1]);
                for s in 0..2 {
                    let mut want = std::vec![0u8; out_len];
                    shake256(&[&m[s]], &mut want);
                    assert_eq!(outs[s], want, "input {len}, output {out_len}, lane {s}");
                }
            }
        }
    }

    /// `Shake128x2` squeezes the first blocks in order, for every input
    /// length from 0 to 400 bytes (ML-KEM's is 34).
    #[test]
    fn shake128_blocks_equal_the_single_reader() {
        for len in 0..=400 {
            let m = messages(len);
            let mut two = Shake128x2::absorb([&m[0], &m[1]]);
            let mut readers = m.each_ref().map(|m| Shake128Reader::new(&[m]));
            for block in 0..4 {
                let mut got = [[0u8; SHAKE128_RATE]; 2];
                let [g0, g1] = &mut got;
                two.squeeze_block([g0, g1]);
                for (s, r) in readers.iter_mut().enumerate() {
                    let mut want = [0u8; SHAKE128_RATE];
                    r.squeeze(&mut want);
                    assert_eq!(got[s], want, "input {len}, block {block}, lane {s}");
                }
            }
        }
    }
}
