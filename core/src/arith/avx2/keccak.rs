//! Keccak-f[1600] on four states at once (FIPS 202 section 3.3), and
//! SHAKE128/SHAKE256 (FIPS 202 section 6.2) on four sponges at once, for
//! the samplers of the AVX2 backend (FIPS 203 `XOF` and `PRF`, four matrix
//! entries or noise polynomials per permutation).
//!
//! A four-way state is 25 `__m256i` words: lane `A[x, y]` (index `x + 5 y`,
//! as in `crate::hash`) of state `s` is the 64-bit element `s` of word
//! `x + 5 y`. Every instruction then works on the same lane of all four
//! states, so a round is the single-state round with each 64-bit operation
//! replaced by its 4 x 64-bit form. AVX2 has no 64-bit rotate: a rotation
//! is two shifts and an or, except by 8 and 56 bits, which move whole bytes
//! and are one byte shuffle.
//!
//! As in `crate::hash`, nothing depends on the data's value (no branches, no
//! indexing by data), so absorbing secrets is constant time, and every state
//! or buffer that held secret input or output is zeroized before it is
//! released.
//!
//! Every function here that executes AVX2 instructions is a
//! `#[target_feature(enable = "avx2")]` function; the crate-private safe
//! wrappers call them in `unsafe` blocks justified as in the module
//! documentation of [`super`]: this code is only reached through the AVX2
//! backend, which is only selected after [`super::available`] found AVX2.

// The AVX2 samplers are the callers; until they are wired in, only the
// tests below use this module.

use core::arch::x86_64::{
    __m256i, _mm256_andnot_si256, _mm256_extract_epi64, _mm256_loadu_si256, _mm256_or_si256,
    _mm256_permute2x128_si256, _mm256_set_epi64x, _mm256_set1_epi64x, _mm256_setr_epi8,
    _mm256_setzero_si256, _mm256_shuffle_epi8, _mm256_slli_epi64, _mm256_srli_epi64,
    _mm256_storeu_si256, _mm256_unpackhi_epi64, _mm256_unpacklo_epi64, _mm256_xor_si256,
};
use zeroize::Zeroize;

/// Lanes of one state (FIPS 202 section 3.1.2 with 64-bit lanes).
const LANES: usize = 25;
/// SHAKE128 rate in bytes (FIPS 202: 1600 - 2 * 128 bits).
const SHAKE128_RATE: usize = 168;
/// SHAKE256 rate in bytes.
const SHAKE256_RATE: usize = 136;
/// FIPS 202 section 6.2: the SHAKE domain bits `1111` followed by the
/// first `1` of pad10*1.
const SHAKE_DS: u8 = 0x1f;

use crate::hash::keccak::{Lane, f1600_lanes};

/// A 4-way lane: element `s` is the lane of state `s`.
///
/// The methods are `#[inline(always)]` and only ever inlined into
/// [`f1600_x4`], an AVX2 function: the intrinsics run with AVX2 enabled.
impl Lane for __m256i {
    #[inline(always)]
    fn xor(self, other: Self) -> Self {
        // SAFETY: reached only from `f1600_x4`, which runs on CPUs with AVX2
        // (see the module documentation); register operands only.
        unsafe { _mm256_xor_si256(self, other) }
    }

    #[inline(always)]
    fn andnot(self, other: Self) -> Self {
        // SAFETY: as in `xor`.
        unsafe { _mm256_andnot_si256(self, other) }
    }

    /// A rotation is two shifts and an or, except by 8 and 56 bits, which
    /// move whole bytes and are one byte shuffle.
    #[inline(always)]
    fn rol<const L: i32, const R: i32>(self) -> Self {
        const { assert!(L > 0 && L < 64 && L + R == 64) };
        // SAFETY: as in `xor`.
        unsafe {
            if L == 8 {
                // Byte i of each element takes byte i - 1 (mod 8).
                _mm256_shuffle_epi8(
                    self,
                    _mm256_setr_epi8(
                        7, 0, 1, 2, 3, 4, 5, 6, 15, 8, 9, 10, 11, 12, 13, 14, 7, 0, 1, 2, 3, 4, 5,
                        6, 15, 8, 9, 10, 11, 12, 13, 14,
                    ),
                )
            } else if L == 56 {
                // Byte i of each element takes byte i + 1 (mod 8).
                _mm256_shuffle_epi8(
                    self,
                    _mm256_setr_epi8(
                        1, 2, 3, 4, 5, 6, 7, 0, 9, 10, 11, 12, 13, 14, 15, 8, 1, 2, 3, 4, 5, 6, 7,
                        0, 9, 10, 11, 12, 13, 14, 15, 8,
                    ),
                )
            } else {
                _mm256_or_si256(_mm256_slli_epi64::<L>(self), _mm256_srli_epi64::<R>(self))
            }
        }
    }

    #[inline(always)]
    fn splat(rc: u64) -> Self {
        // SAFETY: as in `xor`.
        unsafe { _mm256_set1_epi64x(rc as i64) }
    }
}

/// Keccak-f[1600] on the four states of `a` (the round body of
/// [`crate::hash::keccak`] on 4 x 64-bit lanes).
#[target_feature(enable = "avx2")]
fn f1600_x4(a: &mut [__m256i; LANES]) {
    let mut e = *a;
    f1600_lanes(a, &mut e);
    e.zeroize();
}

/// Keccak-f[1600] on four states at once: lane `j` of state `s` is the
/// 64-bit element `s` of `state[j]`.
#[cfg_attr(not(test), allow(dead_code))] // for ML-DSA's samplers (FIPS 204 ExpandS, ExpandMask)
pub(crate) fn keccak_f1600_x4(state: &mut [__m256i; LANES]) {
    debug_assert!(super::available());
    // SAFETY: AVX2 was detected before the AVX2 backend, the only caller,
    // is reached (module documentation of `super`); the function only
    // touches `state`, through a reference.
    unsafe { f1600_x4(state) }
}

/// Transposes four vectors of four 64-bit elements: element `j` of output
/// `i` is element `i` of input `j`. Turns four lanes' consecutive words
/// into four consecutive state words, and back.
#[target_feature(enable = "avx2")]
#[inline]
fn transpose(v: [__m256i; 4]) -> [__m256i; 4] {
    // (a0 b0 | a2 b2), (a1 b1 | a3 b3), (c0 d0 | c2 d2), (c1 d1 | c3 d3).
    let t0 = _mm256_unpacklo_epi64(v[0], v[1]);
    let t1 = _mm256_unpackhi_epi64(v[0], v[1]);
    let t2 = _mm256_unpacklo_epi64(v[2], v[3]);
    let t3 = _mm256_unpackhi_epi64(v[2], v[3]);
    [
        _mm256_permute2x128_si256::<0x20>(t0, t2),
        _mm256_permute2x128_si256::<0x20>(t1, t3),
        _mm256_permute2x128_si256::<0x31>(t0, t2),
        _mm256_permute2x128_si256::<0x31>(t1, t3),
    ]
}

/// Reads 32 bytes (no alignment needed).
#[target_feature(enable = "avx2")]
#[inline]
fn load32(bytes: &[u8; 32]) -> __m256i {
    // SAFETY: `_mm256_loadu_si256` reads exactly 32 bytes with no alignment
    // requirement, and `bytes` is a reference to 32 bytes.
    unsafe { _mm256_loadu_si256(bytes.as_ptr().cast()) }
}

/// Writes 32 bytes (no alignment needed).
#[target_feature(enable = "avx2")]
#[inline]
fn store32(bytes: &mut [u8; 32], v: __m256i) {
    // SAFETY: `_mm256_storeu_si256` writes exactly 32 bytes with no
    // alignment requirement, and `bytes` is an exclusive reference to 32
    // bytes.
    unsafe { _mm256_storeu_si256(bytes.as_mut_ptr().cast(), v) }
}

/// Word `j` (bytes `8 j .. 8 j + 8`, little-endian) of a block.
fn word(block: &[u8], j: usize) -> i64 {
    i64::from_le_bytes(block[8 * j..8 * j + 8].try_into().expect("8 bytes"))
}

/// The 32 bytes of `block` from word `j` on.
fn chunk32(block: &[u8], j: usize) -> &[u8; 32] {
    block[8 * j..8 * j + 32].try_into().expect("32 bytes")
}

/// XORs one `RATE`-byte block of each of the four inputs into the first
/// `RATE / 8` words of the state (FIPS 202 Algorithm 8, step 6: `S ^ (P_i
/// || 0^c)`).
#[target_feature(enable = "avx2")]
#[inline]
fn xor_blocks<const RATE: usize>(state: &mut [__m256i; LANES], blocks: [&[u8; RATE]; 4]) {
    let mut j = 0;
    while j + 4 <= RATE / 8 {
        let words = transpose(blocks.map(|b| load32(chunk32(b, j))));
        for (k, w) in words.into_iter().enumerate() {
            state[j + k] = _mm256_xor_si256(state[j + k], w);
        }
        j += 4;
    }
    while j < RATE / 8 {
        let [b0, b1, b2, b3] = blocks;
        let w = _mm256_set_epi64x(word(b3, j), word(b2, j), word(b1, j), word(b0, j));
        state[j] = _mm256_xor_si256(state[j], w);
        j += 1;
    }
}

/// Copies the first `RATE / 8` words of the state out as one `RATE`-byte
/// block per lane (FIPS 202 Algorithm 8, step 8: `Trunc_r(S)`).
#[target_feature(enable = "avx2")]
#[inline]
fn read_blocks<const RATE: usize>(state: &[__m256i; LANES], mut out: [&mut [u8; RATE]; 4]) {
    let mut j = 0;
    while j + 4 <= RATE / 8 {
        let words = transpose([state[j], state[j + 1], state[j + 2], state[j + 3]]);
        for (o, w) in out.iter_mut().zip(words) {
            let dst: &mut [u8; 32] = (&mut o[8 * j..8 * j + 32]).try_into().expect("32 bytes");
            store32(dst, w);
        }
        j += 4;
    }
    while j < RATE / 8 {
        let w = state[j];
        let lanes = [
            _mm256_extract_epi64::<0>(w),
            _mm256_extract_epi64::<1>(w),
            _mm256_extract_epi64::<2>(w),
            _mm256_extract_epi64::<3>(w),
        ];
        for (o, lane) in out.iter_mut().zip(lanes) {
            o[8 * j..8 * j + 8].copy_from_slice(&lane.to_le_bytes());
        }
        j += 1;
    }
}

/// Four Keccak sponges with a rate of `RATE` bytes (FIPS 202 Algorithm 8),
/// absorbing one message each, all of the same length.
///
/// The state after [`Sponge4::absorb`] holds the padded last block but is
/// not yet permuted: each squeezed block permutes first, so reading a block
/// is always "permute, then copy the rate out".
struct Sponge4<const RATE: usize> {
    state: [__m256i; LANES],
}

impl<const RATE: usize> Sponge4<RATE> {
    /// A fresh (all-zero) state.
    // Inlined, as is every constructor of a state below, so that the state
    // is built in the caller's variable and no copy of an absorbed state is
    // left behind in a returning frame.
    #[inline(always)]
    fn new() -> Self {
        debug_assert!(super::available());
        // SAFETY: AVX2 was detected before the AVX2 backend, the only
        // caller, is reached (module documentation of `super`).
        let state = unsafe { [_mm256_setzero_si256(); LANES] };
        Sponge4 { state }
    }

    /// Absorbs `inputs` (equal lengths) into the fresh state and pads each
    /// with `SHAKE_DS` and pad10*1 (FIPS 202 sections 5.1 and 6.2).
    fn absorb(&mut self, inputs: [&[u8]; 4]) {
        const { assert!(RATE.is_multiple_of(8) && RATE < 200) };
        let len = inputs[0].len();
        debug_assert!(inputs.iter().all(|i| i.len() == len));
        // SAFETY: as in `new`; every load in `absorb_x4` reads a subslice
        // taken with bounds checks.
        unsafe { absorb_x4::<RATE>(&mut self.state, inputs) }
    }

    /// Permutes, then copies one block per lane out.
    fn squeeze_block(&mut self, out: [&mut [u8; RATE]; 4]) {
        // SAFETY: as in `absorb`; every store in `squeeze_x4` writes a
        // subslice of `out` taken with bounds checks.
        unsafe { squeeze_x4::<RATE>(&mut self.state, out) }
    }

    /// Fills each of `outs` (equal lengths) with the next `outs[0].len()`
    /// bytes of its lane's output, starting at a block boundary.
    fn squeeze(&mut self, mut outs: [&mut [u8]; 4]) {
        let len = outs[0].len();
        debug_assert!(outs.iter().all(|o| o.len() == len));
        let mut at = 0;
        while len - at >= RATE {
            self.squeeze_block(
                outs.each_mut()
                    .map(|o| (&mut o[at..at + RATE]).try_into().expect("a block")),
            );
            at += RATE;
        }
        if at < len {
            // The output of a secret input is secret: the spare block is
            // zeroized.
            let mut spare = [[0u8; RATE]; 4];
            self.squeeze_block(spare.each_mut());
            for (o, s) in outs.iter_mut().zip(&spare) {
                o[at..].copy_from_slice(&s[..len - at]);
            }
            spare.as_flattened_mut().zeroize();
        }
    }
}

impl<const RATE: usize> Drop for Sponge4<RATE> {
    fn drop(&mut self) {
        self.state.zeroize();
    }
}

/// FIPS 202 Algorithm 8 steps 1-6 on four equal-length messages with
/// `SHAKE_DS` padding, leaving the last permutation to the first squeeze.
#[target_feature(enable = "avx2")]
fn absorb_x4<const RATE: usize>(state: &mut [__m256i; LANES], inputs: [&[u8]; 4]) {
    let len = inputs[0].len();
    let full = len / RATE;
    for block in 0..full {
        let at = block * RATE;
        xor_blocks::<RATE>(
            state,
            inputs.map(|i| i[at..at + RATE].try_into().expect("a block")),
        );
        f1600_x4(state);
    }
    // The last, partial (possibly empty) block with the padding (FIPS 202
    // section 5.1, pad10*1, after the domain bits).
    let at = full * RATE;
    let mut last = [[0u8; RATE]; 4];
    for (l, i) in last.iter_mut().zip(inputs) {
        l[..len - at].copy_from_slice(&i[at..]);
        l[len - at] ^= SHAKE_DS;
        l[RATE - 1] ^= 0x80;
    }
    xor_blocks::<RATE>(state, last.each_ref());
    // As one byte slice: `zeroize` fills a slice of bytes at once, but an
    // array of arrays one volatile byte store at a time.
    last.as_flattened_mut().zeroize();
}

/// FIPS 202 Algorithm 8 steps 7-8 for one block of each lane.
#[target_feature(enable = "avx2")]
fn squeeze_x4<const RATE: usize>(state: &mut [__m256i; LANES], out: [&mut [u8; RATE]; 4]) {
    f1600_x4(state);
    read_blocks::<RATE>(state, out);
}

/// Four SHAKE128 sponges squeezed a block at a time (FIPS 203 `XOF`, four
/// matrix entries of `SampleNTT` at once).
pub(crate) struct Shake128x4(Sponge4<SHAKE128_RATE>);

impl Shake128x4 {
    /// Absorbs the four inputs, which have equal lengths (`rho || j || i`
    /// in ML-KEM, 34 bytes).
    #[inline(always)]
    pub(crate) fn absorb(inputs: [&[u8]; 4]) -> Self {
        let mut r = Shake128x4(Sponge4::new());
        r.0.absorb(inputs);
        r
    }

    /// The next 168-byte output block of each sponge; the first call
    /// returns the first block.
    pub(crate) fn squeeze_block(&mut self, out: [&mut [u8; SHAKE128_RATE]; 4]) {
        self.0.squeeze_block(out);
    }
}

impl core::fmt::Debug for Shake128x4 {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Shake128x4")
    }
}

/// Four SHAKE256 sponges squeezed a block at a time (FIPS 204 `H` in
/// `ExpandS` and `ExpandMask`, which read their outputs incrementally).
pub(crate) struct Shake256x4(Sponge4<SHAKE256_RATE>);

impl Shake256x4 {
    /// Absorbs the four inputs, which have equal lengths.
    #[inline(always)]
    pub(crate) fn absorb(inputs: [&[u8]; 4]) -> Self {
        let mut r = Shake256x4(Sponge4::new());
        r.0.absorb(inputs);
        r
    }

    /// The next 136-byte output block of each sponge; the first call
    /// returns the first block.
    pub(crate) fn squeeze_block(&mut self, out: [&mut [u8; SHAKE256_RATE]; 4]) {
        self.0.squeeze_block(out);
    }
}

impl core::fmt::Debug for Shake256x4 {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Shake256x4")
    }
}

/// SHAKE256 of four equal-length inputs into four equal-length outputs
/// (FIPS 203 `PRF`: 33-byte `sigma || N`, 128 or 192 output bytes). The
/// state and any spare output block are zeroized.
pub(crate) fn shake256_x4(inputs: [&[u8]; 4], outs: [&mut [u8]; 4]) {
    let mut s = Sponge4::<SHAKE256_RATE>::new();
    s.absorb(inputs);
    s.squeeze(outs);
}

/// SHAKE128 of four equal-length inputs into four equal-length outputs.
#[cfg_attr(not(test), allow(dead_code))] // for ML-DSA's samplers (FIPS 204 ExpandS, ExpandMask)
pub(crate) fn shake128_x4(inputs: [&[u8]; 4], outs: [&mut [u8]; 4]) {
    let mut s = Sponge4::<SHAKE128_RATE>::new();
    s.absorb(inputs);
    s.squeeze(outs);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::{Shake128Reader, Shake256Reader, Xof, shake256};
    use std::vec::Vec;

    fn skip() -> bool {
        if !super::super::available() {
            std::println!("skipped: this CPU has no AVX2");
            return true;
        }
        false
    }

    /// Four different pseudo-random messages of `len` bytes.
    fn messages(len: usize) -> [Vec<u8>; 4] {
        core::array::from_fn(|s| {
            (0..len)
                .map(|i| (i as u32 * 131 + 7 + 61 * s as u32 + (len as u32) * 17) as u8)
                .collect()
        })
    }

    fn refs(m: &[Vec<u8>; 4]) -> [&[u8]; 4] {
        core::array::from_fn(|s| m[s].as_slice())
    }

    fn pack(states: &[[u64; LANES]; 4]) -> [__m256i; LANES] {
        core::array::from_fn(|j| {
            let [a, b, c, d] = states.map(|s| s[j] as i64);
            // SAFETY: AVX2 was checked by `skip` before any test builds a
            // vector.
            unsafe { _mm256_set_epi64x(d, c, b, a) }
        })
    }

    fn unpack(v: &[__m256i; LANES]) -> [[u64; LANES]; 4] {
        let mut out = [[0u64; LANES]; 4];
        for (j, w) in v.iter().enumerate() {
            // SAFETY: `__m256i` and `[u64; 4]` have the same size and every
            // bit pattern is a valid `u64`.
            let lanes: [u64; 4] = unsafe { core::mem::transmute(*w) };
            for s in 0..4 {
                out[s][j] = lanes[s];
            }
        }
        out
    }

    /// Four different states through 64 chained permutations, against the
    /// `keccak` crate's permutation on each state alone.
    #[test]
    fn permutation_equals_four_single_permutations() {
        if skip() {
            return;
        }
        let mut singles: [[u64; LANES]; 4] = core::array::from_fn(|s| {
            core::array::from_fn(|j| (s as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ j as u64)
        });
        let mut four = pack(&singles);
        for step in 0..64u64 {
            keccak_f1600_x4(&mut four);
            for s in &mut singles {
                keccak::Keccak::new().with_f1600(|f| f(s));
            }
            assert_eq!(unpack(&four), singles, "after {} permutations", step + 1);
            // Perturb one lane of one state so the states keep differing.
            let (s, j) = ((step % 4) as usize, (step % 25) as usize);
            singles[s][j] ^= step.wrapping_mul(0xd6e8_feb8_6659_fd93);
            four = pack(&singles);
        }
        // The all-zero state (the first permutation of every sponge).
        let mut zero = pack(&[[0; LANES]; 4]);
        let mut single = [0u64; LANES];
        keccak_f1600_x4(&mut zero);
        keccak::Keccak::new().with_f1600(|f| f(&mut single));
        assert_eq!(unpack(&zero), [single; 4]);
    }

    const OUT_LENS: [usize; 8] = [0, 1, 135, 136, 137, 168, 169, 500];

    /// Every input length from 0 to 400 bytes (across the block boundaries
    /// of both rates) and outputs across block boundaries, each lane
    /// against `crate::hash::shake256`.
    #[test]
    fn shake256_x4_equals_shake256() {
        if skip() {
            return;
        }
        for len in 0..=400 {
            let m = messages(len);
            for out_len in OUT_LENS {
                let mut outs = [(); 4].map(|_| std::vec![0u8; out_len]);
                let [o0, o1, o2, o3] = &mut outs;
                shake256_x4(refs(&m), [o0, o1, o2, o3]);
                for s in 0..4 {
                    let mut want = std::vec![0u8; out_len];
                    shake256(&[&m[s]], &mut want);
                    assert_eq!(outs[s], want, "input {len}, output {out_len}, lane {s}");
                }
            }
        }
    }

    /// The same for `shake128_x4` against `crate::hash::Shake128Reader`.
    #[test]
    fn shake128_x4_equals_shake128() {
        if skip() {
            return;
        }
        for len in 0..=400 {
            let m = messages(len);
            for out_len in OUT_LENS {
                let mut outs = [(); 4].map(|_| std::vec![0u8; out_len]);
                let [o0, o1, o2, o3] = &mut outs;
                shake128_x4(refs(&m), [o0, o1, o2, o3]);
                for s in 0..4 {
                    let mut want = std::vec![0u8; out_len];
                    Shake128Reader::new(&[&m[s]]).squeeze(&mut want);
                    assert_eq!(outs[s], want, "input {len}, output {out_len}, lane {s}");
                }
            }
        }
    }

    /// `Shake128x4` and `Shake256x4` squeeze the first blocks in order,
    /// for every input length from 0 to 400 bytes (ML-KEM's are 34 and 33).
    #[test]
    fn block_readers_equal_the_single_readers() {
        if skip() {
            return;
        }
        for len in 0..=400 {
            let m = messages(len);
            let mut four = Shake128x4::absorb(refs(&m));
            let mut readers = m.each_ref().map(|m| Shake128Reader::new(&[m]));
            for block in 0..3 {
                let mut got = [[0u8; SHAKE128_RATE]; 4];
                four.squeeze_block(got.each_mut());
                for (s, r) in readers.iter_mut().enumerate() {
                    let mut want = [0u8; SHAKE128_RATE];
                    r.squeeze(&mut want);
                    assert_eq!(
                        got[s], want,
                        "shake128 input {len}, block {block}, lane {s}"
                    );
                }
            }
            let mut four = Shake256x4::absorb(refs(&m));
            let mut readers = m.each_ref().map(|m| Shake256Reader::new(&[m]));
            for block in 0..3 {
                let mut got = [[0u8; SHAKE256_RATE]; 4];
                four.squeeze_block(got.each_mut());
                for (s, r) in readers.iter_mut().enumerate() {
                    let mut want = [0u8; SHAKE256_RATE];
                    r.squeeze(&mut want);
                    assert_eq!(
                        got[s], want,
                        "shake256 input {len}, block {block}, lane {s}"
                    );
                }
            }
        }
    }
}
