//! Compression and byte encoding (FIPS 203 section 4.2.1, Algorithms 5 and
//! 6) on 16 x i16 lanes.
//!
//! `Compress_d` uses the portable formula `floor((2^d x + (q-1)/2) * m /
//! 2^33)` with `m = ceil(2^33 / q)`, evaluated exactly in 64-bit lanes: no
//! division, so the time does not depend on the secret coefficient
//! (KyberSlash), and the result is the portable one bit for bit.
//! `Decompress_d(y) = (q y + 2^(d-1)) >> d` is exactly `mulhrs(y << (15 -
//! d), q)`.
//!
//! Packing `d`-bit values: `madd` joins lane pairs into `2d`-bit fields, a
//! variable shift joins those into `4d` bits per 64-bit element, and a
//! 64-bit funnel shift joins the two elements of each 128-bit half, which
//! then starts with the `d` bytes encoding its eight coefficients. Unpacking
//! gathers, for every coefficient, the 4 bytes around its bit offset into a
//! 32-bit element and shifts it into place.

use core::arch::x86_64::*;

use zeroize::Zeroize;

use super::reduce::{barrett, load, store, to_canonical};
use crate::arith::kem::{Poly, Q};

/// `ceil(2^33 / q)`.
const COMPRESS_M: i32 = (1u64 << 33).div_ceil(Q as u64) as i32;

/// Writes 16-byte chunks at increasing offsets into `out`, each chunk's
/// bytes past the next chunk's offset being don't-care; chunks that would
/// run past the end go to a small buffer copied back at the end.
struct Sink<'a> {
    out: &'a mut [u8],
    tail: [u8; 48],
    tail_from: usize,
}

impl<'a> Sink<'a> {
    fn new(out: &'a mut [u8]) -> Self {
        let tail_from = out.len();
        Sink {
            out,
            tail: [0; 48],
            tail_from,
        }
    }

    /// Stores `v` at `pos` (`pos + 16 > len` needs `pos < len` and `len >=
    /// 32`, which every caller's `32 d`-byte output with `pos <= 31 d`
    /// meets; anything else panics on the slice bounds).
    #[target_feature(enable = "avx2")]
    #[inline]
    fn put(&mut self, pos: usize, v: __m128i) {
        let len = self.out.len();
        let dst = if pos + 16 <= len {
            &mut self.out[pos..pos + 16]
        } else {
            self.tail_from = self.tail_from.min(pos);
            let t = pos + 32 - len;
            &mut self.tail[t..t + 16]
        };
        // SAFETY: `dst` is 16 writable bytes; unaligned store.
        unsafe { _mm_storeu_si128(dst.as_mut_ptr().cast(), v) }
    }

    fn finish(mut self) {
        let len = self.out.len();
        if self.tail_from < len {
            let t = self.tail_from + 32 - len;
            self.out[self.tail_from..].copy_from_slice(&self.tail[t..32]);
        }
        // The chunks may encode secret coefficients.
        self.tail.zeroize();
    }
}

/// Reads 16-byte chunks at offsets below `len` of a slice at least 32 bytes
/// long, the last ones from a zero-padded copy of the final 32 bytes.
struct Source<'a> {
    bytes: &'a [u8],
    tail: [u8; 48],
}

impl<'a> Source<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        let mut tail = [0; 48];
        let len = bytes.len();
        tail[..32].copy_from_slice(&bytes[len - 32..]);
        Source { bytes, tail }
    }

    #[target_feature(enable = "avx2")]
    #[inline]
    fn get(&self, pos: usize) -> __m128i {
        let len = self.bytes.len();
        let src = if pos + 16 <= len {
            &self.bytes[pos..pos + 16]
        } else {
            let t = pos + 32 - len;
            &self.tail[t..t + 16]
        };
        // SAFETY: `src` is 16 readable bytes; unaligned load.
        unsafe { _mm_loadu_si128(src.as_ptr().cast()) }
    }
}

impl Drop for Source<'_> {
    fn drop(&mut self) {
        // A copy of possibly secret bytes (the secret key's `s`).
        self.tail.zeroize();
    }
}

/// A 32-byte constant vector.
#[target_feature(enable = "avx2")]
#[inline]
fn bytes32(a: &[u8; 32]) -> __m256i {
    // SAFETY: `a` is 32 readable bytes; unaligned load.
    unsafe { _mm256_loadu_si256(a.as_ptr().cast()) }
}

/// `floor((2^D w + (q-1)/2) * m / 2^33)` on the eight u32 lanes of `w`.
#[target_feature(enable = "avx2")]
#[inline]
fn div_q<const D: i32>(w: __m256i) -> __m256i {
    let m = _mm256_set1_epi32(COMPRESS_M);
    let y = _mm256_add_epi32(
        _mm256_slli_epi32::<D>(w),
        _mm256_set1_epi32((Q as i32 - 1) / 2),
    );
    // y < 2^23 and m < 2^22: the 64-bit products are exact.
    let even = _mm256_srli_epi64::<33>(_mm256_mul_epu32(y, m));
    // For odd lanes the quotient is bits 33.. of the product, i.e. the high
    // 32 bits of the product shifted right by one.
    let odd = _mm256_srli_epi64::<1>(_mm256_mul_epu32(_mm256_srli_epi64::<32>(y), m));
    _mm256_blend_epi32::<0xaa>(even, odd)
}

/// `Compress_D` of canonical lanes.
#[target_feature(enable = "avx2")]
#[inline]
fn compress<const D: i32>(x: __m256i) -> __m256i {
    let zero = _mm256_setzero_si256();
    // Unpack and pack act per 128-bit half in the same way: order is kept.
    let lo = div_q::<D>(_mm256_unpacklo_epi16(x, zero));
    let hi = div_q::<D>(_mm256_unpackhi_epi16(x, zero));
    let r = _mm256_packus_epi32(lo, hi);
    _mm256_and_si256(r, _mm256_set1_epi16(((1u32 << D) - 1) as i16))
}

/// `Decompress_D` of `D`-bit lanes.
#[target_feature(enable = "avx2")]
#[inline]
fn decompress<const D: i32>(y: __m256i) -> __m256i {
    let y = _mm256_mullo_epi16(y, _mm256_set1_epi16(1 << (15 - D)));
    _mm256_mulhrs_epi16(y, _mm256_set1_epi16(Q))
}

/// Packs 16 lanes of `D` bits (`4 <= D <= 12`): each 128-bit half of the
/// result starts with the `D` bytes of its eight values (Algorithm 5's
/// little-endian bit order).
#[target_feature(enable = "avx2")]
#[inline]
fn pack<const D: i32>(v: __m256i) -> __m256i {
    let t = _mm256_madd_epi16(v, _mm256_set1_epi32(((1i32 << D) << 16) | 1));
    let t = _mm256_sllv_epi32(t, _mm256_set1_epi64x(i64::from(32 - 2 * D)));
    let t = _mm256_srl_epi64(t, _mm_cvtsi32_si128(32 - 2 * D));
    let (s, r) = (i64::from(4 * D), i64::from(64 - 4 * D));
    let t1 = _mm256_sllv_epi64(t, _mm256_setr_epi64x(64, s, 64, s));
    let t2 = _mm256_srlv_epi64(t, _mm256_setr_epi64x(64, r, 64, r));
    let lo = _mm256_and_si256(t, _mm256_setr_epi64x(-1, 0, -1, 0));
    _mm256_or_si256(_mm256_or_si256(lo, _mm256_bsrli_epi128::<8>(t1)), t2)
}

/// Byte gather for [`unpack`]: in each 128-bit half, 32-bit element `e`
/// gets the 4 bytes starting at the byte holding bit `d (4 h + e)` of the
/// half's eight `d`-bit values.
const fn gather(d: usize, h: usize) -> [u8; 32] {
    let mut t = [0u8; 32];
    let mut e = 0;
    while e < 4 {
        let first = d * (4 * h + e) / 8;
        let mut b = 0;
        while b < 4 {
            t[4 * e + b] = (first + b) as u8;
            t[16 + 4 * e + b] = (first + b) as u8;
            b += 1;
        }
        e += 1;
    }
    t
}

/// The matching bit shifts.
const fn gather_shift(d: usize, h: usize) -> [i32; 8] {
    let mut t = [0i32; 8];
    let mut e = 0;
    while e < 8 {
        t[e] = (d * (4 * h + e % 4) % 8) as i32;
        e += 1;
    }
    t
}

#[target_feature(enable = "avx2")]
#[inline]
fn shifts(s: [i32; 8]) -> __m256i {
    _mm256_setr_epi32(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7])
}

/// Unpacks 16 values of `D` bits (`4 <= D <= 12`): `lo` starts with the `D`
/// bytes of values 0..8, `hi` with those of values 8..16.
#[target_feature(enable = "avx2")]
#[inline]
fn unpack<const D: i32>(lo: __m128i, hi: __m128i) -> __m256i {
    let v = _mm256_inserti128_si256::<1>(_mm256_castsi128_si256(lo), hi);
    let mask = _mm256_set1_epi32((1 << D) - 1);
    let a = _mm256_shuffle_epi8(v, bytes32(&const { gather(D as usize, 0) }));
    let a = _mm256_srlv_epi32(a, shifts(const { gather_shift(D as usize, 0) }));
    let b = _mm256_shuffle_epi8(v, bytes32(&const { gather(D as usize, 1) }));
    let b = _mm256_srlv_epi32(b, shifts(const { gather_shift(D as usize, 1) }));
    _mm256_packus_epi32(_mm256_and_si256(a, mask), _mm256_and_si256(b, mask))
}

/// `ByteEncode_D(Compress_D(p))` for `4 <= D <= 11` into `32 D` bytes.
#[target_feature(enable = "avx2")]
pub(super) fn compress_encode<const D: i32>(p: &Poly, out: &mut [u8]) {
    debug_assert_eq!(out.len(), 32 * D as usize);
    let d = D as usize;
    let mut sink = Sink::new(out);
    for i in 0..16 {
        let v = pack::<D>(compress::<D>(to_canonical(barrett(load(p, i)))));
        sink.put(2 * d * i, _mm256_castsi256_si128(v));
        sink.put(2 * d * i + d, _mm256_extracti128_si256::<1>(v));
    }
    sink.finish();
}

/// `ByteEncode_1(Compress_1(p))` into 32 bytes.
#[target_feature(enable = "avx2")]
pub(super) fn compress_encode1(p: &Poly, out: &mut [u8]) {
    debug_assert_eq!(out.len(), 32);
    for (i, o) in out.chunks_exact_mut(4).enumerate() {
        let a = compress::<1>(to_canonical(barrett(load(p, 2 * i))));
        let b = compress::<1>(to_canonical(barrett(load(p, 2 * i + 1))));
        // Bytes of a and b, back in coefficient order; bit 0 to bit 7.
        let t = _mm256_permute4x64_epi64::<0xd8>(_mm256_packs_epi16(a, b));
        let m = _mm256_movemask_epi8(_mm256_slli_epi16::<7>(t)) as u32;
        o.copy_from_slice(&m.to_le_bytes());
    }
}

/// `Decompress_D(ByteDecode_D(bytes))` for `4 <= D <= 11` from `32 D` bytes.
#[target_feature(enable = "avx2")]
pub(super) fn decode_decompress<const D: i32>(bytes: &[u8], out: &mut Poly) {
    debug_assert_eq!(bytes.len(), 32 * D as usize);
    let d = D as usize;
    let src = Source::new(bytes);
    for i in 0..16 {
        let v = unpack::<D>(src.get(2 * d * i), src.get(2 * d * i + d));
        store(out, i, decompress::<D>(v));
    }
}

/// `Decompress_1(ByteDecode_1(bytes))` from 32 bytes.
#[target_feature(enable = "avx2")]
pub(super) fn decode_decompress1(bytes: &[u8], out: &mut Poly) {
    debug_assert_eq!(bytes.len(), 32);
    let bits = _mm256_setr_epi16(
        1,
        2,
        4,
        8,
        16,
        32,
        64,
        128,
        256,
        512,
        1024,
        2048,
        4096,
        8192,
        16384,
        i16::MIN,
    );
    let half_q = _mm256_set1_epi16((Q + 1) / 2);
    for (i, c) in bytes.chunks_exact(2).enumerate() {
        let w = i16::from_le_bytes([c[0], c[1]]);
        let set = _mm256_cmpeq_epi16(_mm256_and_si256(_mm256_set1_epi16(w), bits), bits);
        store(out, i, _mm256_and_si256(set, half_q));
    }
}

/// `ByteEncode_12` of any i16 coefficients (brought to `0 .. q` first).
#[target_feature(enable = "avx2")]
pub(super) fn encode12(p: &Poly, out: &mut [u8]) {
    debug_assert_eq!(out.len(), 384);
    let mut sink = Sink::new(out);
    for i in 0..16 {
        let v = pack::<12>(to_canonical(barrett(load(p, i))));
        sink.put(24 * i, _mm256_castsi256_si128(v));
        sink.put(24 * i + 12, _mm256_extracti128_si256::<1>(v));
    }
    sink.finish();
}

/// `ByteDecode_12` with each value reduced modulo q; `true` when every
/// value was below q. The sign bits of `v - q` are ANDed together and read
/// once at the end, so nothing branches on a value.
#[target_feature(enable = "avx2")]
pub(super) fn decode12(bytes: &[u8], out: &mut Poly) -> bool {
    debug_assert_eq!(bytes.len(), 384);
    let q = _mm256_set1_epi16(Q);
    let mut all_below = _mm256_set1_epi16(-1);
    let src = Source::new(bytes);
    for i in 0..16 {
        let v = unpack::<12>(src.get(24 * i), src.get(24 * i + 12));
        let r = _mm256_sub_epi16(v, q);
        all_below = _mm256_and_si256(all_below, r);
        // 12-bit values are below 2q: one conditional addition.
        let r = _mm256_add_epi16(r, _mm256_and_si256(_mm256_srai_epi16::<15>(r), q));
        store(out, i, r);
    }
    let signs = _mm256_movemask_epi8(all_below) as u32;
    signs & 0xaaaa_aaaa == 0xaaaa_aaaa
}
