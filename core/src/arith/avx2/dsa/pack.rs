//! Bit packing (FIPS 204, section 7.1, Algorithms 16-19) and the samplers'
//! rejection steps (section 7.3, Algorithms 14, 15, 30, 31) on 8 x i32
//! lanes.
//!
//! Packing `d`-bit values, 8 coefficients (`d` bytes) per vector: a shift
//! joins the two 32-bit lanes of each 64-bit element into `2d` bits, and a
//! 64-bit funnel shift joins the two elements of each 128-bit half into its
//! first `4d` bits. For even `d` each half then starts with its `d / 2`
//! bytes, stored 16 bytes at a time at increasing offsets (each store's
//! excess is overwritten by the next); for odd `d` the halves are joined as
//! one 128-bit integer. Unpacking gathers, for every coefficient, the 4
//! bytes around its bit offset into a 32-bit lane and shifts it into place.
//! The bit widths ML-DSA uses (3, 4, 6, 10, 13, 18 and 20) have their own
//! instantiations; any other width goes to the portable backend.

use core::arch::x86_64::*;

use zeroize::Zeroize;

use super::super::{COUNT, load16};
use super::arith::{load, store};
use crate::arith::dsa::{DsaArith, N, Poly, Q};
use crate::arith::portable::{Portable, declassify_mask};

/// Stores `v` to the first 16 bytes of `out`.
#[target_feature(enable = "avx2")]
#[inline]
fn store16(out: &mut [u8], v: __m128i) {
    let out = &mut out[..16];
    // SAFETY: AVX2 is enabled on this function; `out` is 16 writable bytes
    // (the slice above is bounds-checked); unaligned store.
    unsafe { _mm_storeu_si128(out.as_mut_ptr().cast(), v) }
}

/// Stores `v` to the first 8 lanes of `out`.
#[target_feature(enable = "avx2")]
#[inline]
fn store8(out: &mut [i32], v: __m256i) {
    let out = &mut out[..8];
    // SAFETY: AVX2 is enabled on this function; `out` is 8 writable i32 =
    // 32 bytes (the slice above is bounds-checked); unaligned store.
    unsafe { _mm256_storeu_si256(out.as_mut_ptr().cast(), v) }
}

/// A 32-byte constant vector.
#[target_feature(enable = "avx2")]
#[inline]
fn bytes32(a: &[u8; 32]) -> __m256i {
    // SAFETY: AVX2 is enabled on this function; `a` is 32 readable bytes;
    // unaligned load.
    unsafe { _mm256_loadu_si256(a.as_ptr().cast()) }
}

/// Joins 8 lanes of `D` bits (`D <= 31`, higher bits clear): each 128-bit
/// half of the result starts with the `4 D` bits of its four values, least
/// significant first (Algorithm 16's bit order).
#[target_feature(enable = "avx2")]
#[inline]
fn join<const D: i32>(v: __m256i) -> __m256i {
    let even = _mm256_and_si256(v, _mm256_set1_epi64x(0xFFFF_FFFF));
    let odd = _mm256_sll_epi64(_mm256_srli_epi64::<32>(v), _mm_cvtsi32_si128(D));
    let e = _mm256_or_si256(even, odd);
    let (s, r) = (i64::from(2 * D), i64::from(64 - 2 * D));
    // Shifts by 64 give 0: the low element keeps only itself, the high one
    // moves its low bits above the low element's 2D and keeps the rest.
    let t1 = _mm256_sllv_epi64(e, _mm256_setr_epi64x(64, s, 64, s));
    let t2 = _mm256_srlv_epi64(e, _mm256_setr_epi64x(64, r, 64, r));
    let lo = _mm256_and_si256(e, _mm256_setr_epi64x(-1, 0, -1, 0));
    _mm256_or_si256(_mm256_or_si256(lo, _mm256_bsrli_epi128::<8>(t1)), t2)
}

/// The 128 bits of `v` as an integer.
#[target_feature(enable = "avx2")]
#[inline]
fn to_u128(v: __m128i) -> u128 {
    let lo = _mm_cvtsi128_si64(v) as u64;
    let hi = _mm_extract_epi64::<1>(v) as u64;
    u128::from(lo) | (u128::from(hi) << 64)
}

/// Packs `D`-bit fields (`D <= 20`) of the coefficients (`offset` false) or
/// of `b - coefficient` (`offset` true) into `out`, exactly `32 D` bytes.
#[target_feature(enable = "avx2")]
fn pack<const D: i32>(p: &Poly, offset: bool, b: i32, out: &mut [u8]) {
    let d = D as usize;
    let out = &mut out[..32 * d];
    let mask = _mm256_set1_epi32((1 << D) - 1);
    let bv = _mm256_set1_epi32(b);
    // The last vectors' 16-byte stores would run past `out`: they go here
    // and the `D` bytes that belong to `out` are copied over.
    let mut tail = [0u8; 32];
    for i in 0..32 {
        let c = load(p, i);
        let v = if offset { _mm256_sub_epi32(bv, c) } else { c };
        let t = join::<D>(_mm256_and_si256(v, mask));
        let (lo, hi) = (_mm256_castsi256_si128(t), _mm256_extracti128_si256::<1>(t));
        let pos = d * i;
        if D % 2 == 1 {
            // 8 D <= 104 bits: the two halves fit one 128-bit integer.
            let w = to_u128(lo) | (to_u128(hi) << (4 * D));
            out[pos..pos + d].copy_from_slice(&w.to_le_bytes()[..d]);
        } else if pos + d / 2 + 16 <= out.len() {
            store16(&mut out[pos..], lo);
            store16(&mut out[pos + d / 2..], hi);
        } else {
            store16(&mut tail, lo);
            store16(&mut tail[d / 2..], hi);
            out[pos..pos + d].copy_from_slice(&tail[..d]);
        }
    }
    // The fields may be secret (s1, s2, t0, z).
    tail.zeroize();
}

/// Byte gather for [`unpack`]: 32-bit lane `e` of half `h` takes the 4
/// bytes from the one holding the first bit of value `4 h + e`; the high
/// half's 16 bytes are read `D / 2` bytes on.
const fn gather(d: usize) -> [u8; 32] {
    let mut t = [0u8; 32];
    let mut h = 0;
    while h < 2 {
        let mut e = 0;
        while e < 4 {
            let bit = d * (4 * h + e) - 8 * (h * (d / 2));
            let mut k = 0;
            while k < 4 {
                t[16 * h + 4 * e + k] = (bit / 8 + k) as u8;
                k += 1;
            }
            e += 1;
        }
        h += 1;
    }
    t
}

/// The matching right shifts.
const fn gather_shift(d: usize) -> [i32; 8] {
    let mut t = [0i32; 8];
    let mut j = 0;
    while j < 8 {
        let h = j / 4;
        t[j] = ((d * j - 8 * (h * (d / 2))) % 8) as i32;
        j += 1;
    }
    t
}

/// Unpacks the `D`-bit fields (`D <= 20`) of `32 D` bytes into `out`, as
/// they are (`offset` false) or as `b - field` (`offset` true).
#[target_feature(enable = "avx2")]
fn unpack<const D: i32>(bytes: &[u8], offset: bool, b: i32, out: &mut Poly) {
    let d = D as usize;
    let bytes = &bytes[..32 * d];
    let g = bytes32(&const { gather(D as usize) });
    let s = const { gather_shift(D as usize) };
    let shift = _mm256_setr_epi32(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]);
    let mask = _mm256_set1_epi32((1 << D) - 1);
    let bv = _mm256_set1_epi32(b);
    // The last vectors' 16-byte loads would run past `bytes`: they read a
    // zero-padded copy of their `D` bytes instead.
    let mut tail = [0u8; 32];
    for i in 0..32 {
        let pos = d * i;
        let (lo, hi) = if pos + d / 2 + 16 <= bytes.len() {
            (load16(&bytes[pos..]), load16(&bytes[pos + d / 2..]))
        } else {
            tail[..d].copy_from_slice(&bytes[pos..pos + d]);
            (load16(&tail), load16(&tail[d / 2..]))
        };
        let v = _mm256_inserti128_si256::<1>(_mm256_castsi128_si256(lo), hi);
        let v = _mm256_srlv_epi32(_mm256_shuffle_epi8(v, g), shift);
        let v = _mm256_and_si256(v, mask);
        store(out, i, if offset { _mm256_sub_epi32(bv, v) } else { v });
    }
    // A copy of possibly secret bytes (the secret key's s1, s2, t0).
    tail.zeroize();
}

/// Runs `pack::<bits>` for the widths ML-DSA uses; `false` for any other.
#[target_feature(enable = "avx2")]
fn pack_any(p: &Poly, offset: bool, b: i32, bits: u32, out: &mut [u8]) -> bool {
    if out.len() < 32 * bits as usize {
        return false;
    }
    match bits {
        3 => pack::<3>(p, offset, b, out),
        4 => pack::<4>(p, offset, b, out),
        6 => pack::<6>(p, offset, b, out),
        10 => pack::<10>(p, offset, b, out),
        13 => pack::<13>(p, offset, b, out),
        18 => pack::<18>(p, offset, b, out),
        20 => pack::<20>(p, offset, b, out),
        _ => return false,
    }
    true
}

/// Runs `unpack::<bits>` for the widths ML-DSA uses; `false` for any other.
#[target_feature(enable = "avx2")]
fn unpack_any(bytes: &[u8], offset: bool, b: i32, bits: u32, out: &mut Poly) -> bool {
    if bytes.len() < 32 * bits as usize {
        return false;
    }
    match bits {
        3 => unpack::<3>(bytes, offset, b, out),
        4 => unpack::<4>(bytes, offset, b, out),
        6 => unpack::<6>(bytes, offset, b, out),
        10 => unpack::<10>(bytes, offset, b, out),
        13 => unpack::<13>(bytes, offset, b, out),
        18 => unpack::<18>(bytes, offset, b, out),
        20 => unpack::<20>(bytes, offset, b, out),
        _ => return false,
    }
    true
}

/// SimpleBitPack (FIPS 204, Algorithm 16).
#[target_feature(enable = "avx2")]
pub(super) fn pack_simple(p: &Poly, bits: u32, out: &mut [u8]) {
    if !pack_any(p, false, 0, bits, out) {
        Portable::pack_simple(p, bits, out)
    }
}

/// SimpleBitUnpack (FIPS 204, Algorithm 18).
#[target_feature(enable = "avx2")]
pub(super) fn unpack_simple(bytes: &[u8], bits: u32, out: &mut Poly) {
    if !unpack_any(bytes, false, 0, bits, out) {
        Portable::unpack_simple(bytes, bits, out)
    }
}

/// BitPack (FIPS 204, Algorithm 17): the fields are `b - w_i`.
#[target_feature(enable = "avx2")]
pub(super) fn pack_offset(p: &Poly, b: i32, bits: u32, out: &mut [u8]) {
    if !pack_any(p, true, b, bits, out) {
        Portable::pack_offset(p, b, bits, out)
    }
}

/// BitUnpack (FIPS 204, Algorithm 19): `w_i = b - field`.
#[target_feature(enable = "avx2")]
pub(super) fn unpack_offset(bytes: &[u8], b: i32, bits: u32, out: &mut Poly) {
    if !unpack_any(bytes, true, b, bits, out) {
        Portable::unpack_offset(bytes, b, bits, out)
    }
}

/// For each 8-bit mask, the indices of its set bits in increasing order,
/// one per byte from the lowest (the remaining bytes 0).
static COMPACT: [u64; 256] = {
    let mut t = [0u64; 256];
    let mut m = 0;
    while m < 256 {
        let (mut j, mut k) = (0, 0);
        while j < 8 {
            if (m >> j) & 1 == 1 {
                t[m] |= (j as u64) << (8 * k);
                k += 1;
            }
            j += 1;
        }
        m += 1;
    }
    t
};

/// The rejection step of RejNTTPoly (FIPS 204, Algorithms 30 and 14), with
/// exactly the portable results: 8 candidates (24 bytes) at a time while at
/// least 8 free places remain, so every candidate of a vector step is
/// taken in order without reaching the limit; the rest goes through the
/// portable loop. Values past the returned fill level are left as they
/// were (vector steps write into a scratch buffer, copied over in order).
///
/// The input is SHAKE128 of the public `rho`, so the accept mask may index
/// the compaction table and decide the fill level.
#[target_feature(enable = "avx2")]
pub(super) fn rej_uniform(bytes: &[u8], out: &mut Poly, mut filled: usize) -> usize {
    let mut pos = 0;
    if filled <= N - 8 && bytes.len() >= 24 {
        // Within each 128-bit half (the high one loaded 8 bytes on, so its
        // 12 bytes start at offset 4), lane e takes bytes 3e .. 3e + 3.
        let gather = _mm256_setr_epi8(
            0, 1, 2, -1, 3, 4, 5, -1, 6, 7, 8, -1, 9, 10, 11, -1, 4, 5, 6, -1, 7, 8, 9, -1, 10, 11,
            12, -1, 13, 14, 15, -1,
        );
        let low23 = _mm256_set1_epi32(0x7F_FFFF);
        let q = _mm256_set1_epi32(Q);
        let mut tmp = [0i32; 64];
        while filled <= N - 8 && pos + 24 <= bytes.len() {
            let mut k = 0;
            while k <= 56 && filled + k <= N - 8 && pos + 24 <= bytes.len() {
                let lo = load16(&bytes[pos..]);
                let hi = load16(&bytes[pos + 8..]);
                let v = _mm256_inserti128_si256::<1>(_mm256_castsi128_si256(lo), hi);
                let v = _mm256_and_si256(_mm256_shuffle_epi8(v, gather), low23);
                let ok = _mm256_cmpgt_epi32(q, v);
                let m = _mm256_movemask_ps(_mm256_castsi256_ps(ok)) as usize & 0xFF;
                let idx = _mm256_cvtepu8_epi32(_mm_cvtsi64_si128(COMPACT[m] as i64));
                store8(&mut tmp[k..], _mm256_permutevar8x32_epi32(v, idx));
                k += usize::from(COUNT[m]);
                pos += 24;
            }
            out.0[filled..filled + k].copy_from_slice(&tmp[..k]);
            filled += k;
        }
    }
    // `pos` is a multiple of 3: the remaining 3-byte groups are the
    // portable ones.
    Portable::rej_uniform(&bytes[pos..], out, filled)
}

/// The rejection step of RejBoundedPoly (FIPS 204, Algorithms 31 and 15),
/// with exactly the portable results: 16 half-bytes (8 bytes) at a time
/// while at least 16 free places remain, the rest through the portable
/// loop. `z mod 5` for `z < 15` is `z` minus 5 for each of `z > 4`, `z >
/// 9`. Values past the returned fill level are left as they were.
///
/// The half-bytes come from SHAKE256 of the secret `rho'`, but whether each
/// is accepted is public (FIPS 204, section 3.6.2; the mask goes through
/// [`declassify_mask`] as the portable backend's decisions go through
/// `declassify`): rejected half-bytes are discarded and
/// the accepted ones are uniform whatever the pattern, so the pattern, and
/// hence the accept mask indexing the compaction and count tables and the
/// fill level it gives, reveals nothing about s1 or s2. The accepted
/// values themselves are only ever moved by that shuffle, never used as an
/// index or a branch condition.
#[target_feature(enable = "avx2")]
pub(super) fn rej_eta(eta: i32, bytes: &[u8], out: &mut Poly, mut filled: usize) -> usize {
    if eta != 2 && eta != 4 {
        return Portable::rej_eta(eta, bytes, out, filled);
    }
    let mut pos = 0;
    if filled <= N - 16 && bytes.len() >= 8 {
        let nibble = _mm_set1_epi8(0x0F);
        let (bound, four, nine, five) = (
            _mm_set1_epi8(if eta == 2 { 15 } else { 9 }),
            _mm_set1_epi8(4),
            _mm_set1_epi8(9),
            _mm_set1_epi8(5),
        );
        let etav = _mm_set1_epi8(eta as i8);
        let mut tmp = [0i32; 64];
        while filled <= N - 16 && pos + 8 <= bytes.len() {
            let mut k = 0;
            while k <= 48 && filled + k <= N - 16 && pos + 8 <= bytes.len() {
                let mut w = [0u8; 8];
                w.copy_from_slice(&bytes[pos..pos + 8]);
                let x = _mm_cvtsi64_si128(i64::from_le_bytes(w));
                // Byte 2j: low half-byte of byte j, byte 2j + 1: its high one.
                let z = _mm_unpacklo_epi8(
                    _mm_and_si128(x, nibble),
                    _mm_and_si128(_mm_srli_epi16::<4>(x), nibble),
                );
                let ok = _mm_cmpgt_epi8(bound, z);
                let r = if eta == 2 {
                    let r = _mm_sub_epi8(z, _mm_and_si128(_mm_cmpgt_epi8(z, four), five));
                    _mm_sub_epi8(r, _mm_and_si128(_mm_cmpgt_epi8(z, nine), five))
                } else {
                    z
                };
                let v = _mm_sub_epi8(etav, r);
                let m = usize::from(declassify_mask(_mm_movemask_epi8(ok) as u16));
                let (m0, m1) = (m & 0xFF, (m >> 8) & 0xFF);
                let c0 = _mm_shuffle_epi8(v, _mm_cvtsi64_si128(COMPACT[m0] as i64));
                store8(&mut tmp[k..], _mm256_cvtepi8_epi32(c0));
                k += usize::from(COUNT[m0]);
                let c1 = _mm_shuffle_epi8(
                    _mm_bsrli_si128::<8>(v),
                    _mm_cvtsi64_si128(COMPACT[m1] as i64),
                );
                store8(&mut tmp[k..], _mm256_cvtepi8_epi32(c1));
                k += usize::from(COUNT[m1]);
                pos += 8;
                w.zeroize();
            }
            out.0[filled..filled + k].copy_from_slice(&tmp[..k]);
            filled += k;
        }
        // Copies of secret coefficients.
        tmp.zeroize();
    }
    Portable::rej_eta(eta, &bytes[pos..], out, filled)
}
