//! Samplers of FIPS 203 section 4.2.2 (Algorithms 7 and 8) on 16 x i16 lanes.

use core::arch::x86_64::*;

use super::super::{COUNT, load16};
use super::reduce::store;
use crate::arith::kem::{N, Poly, Q, REJ_COMPACT};

#[target_feature(enable = "avx2")]
#[inline]
fn store16(out: &mut [i16], v: __m128i) {
    let out = &mut out[..8];
    // SAFETY: `out` is 8 writable i16 = 16 bytes; unaligned store.
    unsafe { _mm_storeu_si128(out.as_mut_ptr().cast(), v) }
}

/// The rejection loop of Algorithm 7 (SampleNTT), with exactly the portable
/// results: 16 candidates (24 bytes) at a time while at least 16 free
/// places remain, so every candidate of a vector step is taken in order
/// without hitting the limit; the rest goes through the same scalar loop as
/// the portable backend. Values past the returned fill level are left as
/// they were.
#[target_feature(enable = "avx2")]
pub(super) fn rej_sample(bytes: &[u8], out: &mut Poly, mut filled: usize) -> usize {
    let mut pos = 0;
    if filled <= N - 16 && bytes.len() >= 24 {
        // Vector steps write 8 lanes after the fill level, some of them
        // don't-care: they go to a scratch copy.
        let start = filled;
        let mut tmp = [0i16; N];
        // Within each 128-bit half (the high one loaded 8 bytes on, so its
        // 12 bytes start at offset 4), 16-bit lane 2g takes bytes 3g, 3g + 1
        // and lane 2g + 1 bytes 3g + 1, 3g + 2.
        let gather = _mm256_setr_epi8(
            0, 1, 1, 2, 3, 4, 4, 5, 6, 7, 7, 8, 9, 10, 10, 11, 4, 5, 5, 6, 7, 8, 8, 9, 10, 11, 11,
            12, 13, 14, 14, 15,
        );
        let q = _mm256_set1_epi16(Q);
        while filled <= N - 16 && pos + 24 <= bytes.len() {
            let lo = load16(&bytes[pos..]);
            let hi = load16(&bytes[pos + 8..]);
            let v = _mm256_inserti128_si256::<1>(_mm256_castsi128_si256(lo), hi);
            let v = _mm256_shuffle_epi8(v, gather);
            // d1 = low 12 bits of even lanes, d2 = high 12 bits of odd lanes.
            let v = _mm256_blend_epi16::<0xaa>(
                _mm256_and_si256(v, _mm256_set1_epi16(0xfff)),
                _mm256_srli_epi16::<4>(v),
            );
            let ok = _mm256_cmpgt_epi16(q, v);
            let m = _mm256_movemask_epi8(_mm256_packs_epi16(ok, _mm256_setzero_si256())) as u32;
            let (m0, m1) = ((m & 0xff) as usize, (m >> 16 & 0xff) as usize);
            let c0 = _mm_shuffle_epi8(_mm256_castsi256_si128(v), load16(&REJ_COMPACT[m0]));
            store16(&mut tmp[filled..], c0);
            filled += usize::from(COUNT[m0]);
            let c1 = _mm_shuffle_epi8(_mm256_extracti128_si256::<1>(v), load16(&REJ_COMPACT[m1]));
            store16(&mut tmp[filled..], c1);
            filled += usize::from(COUNT[m1]);
            pos += 24;
        }
        out.0[start..filled].copy_from_slice(&tmp[start..filled]);
    }
    for c in bytes[pos..].chunks_exact(3) {
        if filled >= N {
            break;
        }
        let d1 = u16::from(c[0]) | (u16::from(c[1] & 0x0f) << 8);
        let d2 = u16::from(c[1] >> 4) | (u16::from(c[2]) << 4);
        if d1 < Q as u16 {
            out.0[filled] = d1 as i16;
            filled += 1;
        }
        if d2 < Q as u16 && filled < N {
            out.0[filled] = d2 as i16;
            filled += 1;
        }
    }
    filled
}

#[target_feature(enable = "avx2")]
#[inline]
fn load32(b: &[u8]) -> __m256i {
    let b = &b[..32];
    // SAFETY: `b` is 32 readable bytes; unaligned load.
    unsafe { _mm256_loadu_si256(b.as_ptr().cast()) }
}

/// SamplePolyCBD_2 (Algorithm 8) from 128 bytes: byte `i` holds the bits of
/// coefficients `2 i` (low nibble) and `2 i + 1`; every step is a mask,
/// shift or add on whole vectors.
#[target_feature(enable = "avx2")]
pub(super) fn cbd2(bytes: &[u8], out: &mut Poly) {
    debug_assert_eq!(bytes.len(), 128);
    let m55 = _mm256_set1_epi8(0x55);
    let m03 = _mm256_set1_epi8(0x03);
    for (k, chunk) in bytes.chunks_exact(32).enumerate() {
        let t = load32(chunk);
        // Each 2-bit field holds the sum of its two bits (the 16-bit shift
        // moves a bit into bit 7 of the byte below, which the mask clears).
        let s = _mm256_add_epi8(
            _mm256_and_si256(t, m55),
            _mm256_and_si256(_mm256_srli_epi16::<1>(t), m55),
        );
        let even = _mm256_sub_epi8(
            _mm256_and_si256(s, m03),
            _mm256_and_si256(_mm256_srli_epi16::<2>(s), m03),
        );
        let odd = _mm256_sub_epi8(
            _mm256_and_si256(_mm256_srli_epi16::<4>(s), m03),
            _mm256_and_si256(_mm256_srli_epi16::<6>(s), m03),
        );
        // Interleaving gives coefficients 0..16 and 16..32 in the low
        // halves, 32..48 and 48..64 in the high halves.
        let lo = _mm256_unpacklo_epi8(even, odd);
        let hi = _mm256_unpackhi_epi8(even, odd);
        store(out, 4 * k, _mm256_cvtepi8_epi16(_mm256_castsi256_si128(lo)));
        store(
            out,
            4 * k + 1,
            _mm256_cvtepi8_epi16(_mm256_castsi256_si128(hi)),
        );
        store(
            out,
            4 * k + 2,
            _mm256_cvtepi8_epi16(_mm256_extracti128_si256::<1>(lo)),
        );
        store(
            out,
            4 * k + 3,
            _mm256_cvtepi8_epi16(_mm256_extracti128_si256::<1>(hi)),
        );
    }
}

/// For SamplePolyCBD_3: 16-bit lane `j` takes the byte holding bit `6 j` of
/// the 12 bytes of 16 coefficients and, when the 6-bit field crosses into
/// it, the next byte; `off` is added to every index (the last vector is
/// loaded 4 bytes early so that it does not read past the input).
const fn cbd3_gather(off: u8) -> [u8; 32] {
    let mut t = [0x80u8; 32];
    let mut j = 0;
    while j < 16 {
        let b = (6 * j / 8) as u8;
        let sh = 6 * j % 8;
        t[2 * j] = b + off;
        if sh > 2 {
            t[2 * j + 1] = b + 1 + off;
        }
        j += 1;
    }
    t
}

/// SamplePolyCBD_3 (Algorithm 8) from 192 bytes: each coefficient's 6 bits
/// (3 for `x`, then 3 for `y`) are moved to the top of a 16-bit lane by a
/// per-lane power-of-two multiplication, brought down, and the bits of each
/// half summed with masks.
#[target_feature(enable = "avx2")]
pub(super) fn cbd3(bytes: &[u8], out: &mut Poly) {
    debug_assert_eq!(bytes.len(), 192);
    let gather = bytes32(&const { cbd3_gather(0) });
    let gather_last = bytes32(&const { cbd3_gather(4) });
    // 2^(10 - (6 j mod 8)) for lane j.
    let align = _mm256_setr_epi16(
        1024, 16, 64, 256, 1024, 16, 64, 256, 1024, 16, 64, 256, 1024, 16, 64, 256,
    );
    let m9 = _mm256_set1_epi16(0b001_001);
    let m7 = _mm256_set1_epi16(7);
    for i in 0..16 {
        let (pos, g) = if i < 15 {
            (12 * i, gather)
        } else {
            (176, gather_last)
        };
        let t = _mm256_broadcastsi128_si256(load16(&bytes[pos..]));
        let t = _mm256_shuffle_epi8(t, g);
        let f = _mm256_srli_epi16::<10>(_mm256_mullo_epi16(t, align));
        let s = _mm256_add_epi16(
            _mm256_add_epi16(
                _mm256_and_si256(f, m9),
                _mm256_and_si256(_mm256_srli_epi16::<1>(f), m9),
            ),
            _mm256_and_si256(_mm256_srli_epi16::<2>(f), m9),
        );
        let c = _mm256_sub_epi16(_mm256_and_si256(s, m7), _mm256_srli_epi16::<3>(s));
        store(out, i, c);
    }
}

#[target_feature(enable = "avx2")]
#[inline]
fn bytes32(a: &[u8; 32]) -> __m256i {
    // SAFETY: `a` is 32 readable bytes; unaligned load.
    unsafe { _mm256_loadu_si256(a.as_ptr().cast()) }
}
