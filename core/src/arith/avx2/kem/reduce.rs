//! Modular reduction modulo `q = 3329` on 16 x i16 lanes, plus the loads and
//! stores every other file uses.
//!
//! The formulas are the portable ones (`portable::kem::reduce`) lane by lane,
//! so results agree bit for bit: Montgomery reduction splits `a * b` into the
//! high half (`mulhi`) and the correction `mulhi(mullo(a, b * q^-1), q)`;
//! since `a * b - t * q` is divisible by `2^16`, the difference of the two
//! high halves is exactly `(a * b - t * q) / 2^16`.

use core::arch::x86_64::*;

use crate::arith::kem::{N, Poly, Q};

/// `q^-1 mod 2^16` as a signed value.
pub(super) const QINV: i16 = -3327;

/// `R^2 mod q` (`R = 2^16`): a Montgomery multiplication by it converts to
/// Montgomery form.
pub(super) const R2_MOD_Q: i16 = ((1i64 << 32) % Q as i64) as i16;

/// `round(2^26 / q)`, the Barrett constant.
const BARRETT_V: i16 = (((1 << 26) + Q as i32 / 2) / Q as i32) as i16;

/// Loads coefficients `16 i .. 16 i + 16` of `p` (aligned).
#[target_feature(enable = "avx2")]
#[inline]
pub(super) fn load(p: &Poly, i: usize) -> __m256i {
    let s = &p.0[16 * i..16 * i + 16];
    // SAFETY: `s` holds 16 i16 = 32 readable bytes; `Poly` is 32-byte
    // aligned and `s` starts 32 * i bytes into it, so the aligned load is
    // valid. AVX2 is enabled on this function.
    unsafe { _mm256_load_si256(s.as_ptr().cast()) }
}

/// Stores `v` as coefficients `16 i .. 16 i + 16` of `p` (aligned).
#[target_feature(enable = "avx2")]
#[inline]
pub(super) fn store(p: &mut Poly, i: usize, v: __m256i) {
    let s = &mut p.0[16 * i..16 * i + 16];
    // SAFETY: as in `load`: 32 writable bytes, 32-byte aligned.
    unsafe { _mm256_store_si256(s.as_mut_ptr().cast(), v) }
}

/// Loads 16 i16 from a 32-byte aligned table row.
#[target_feature(enable = "avx2")]
#[inline]
pub(super) fn load_row(row: &Row) -> __m256i {
    // SAFETY: `Row` is 32 bytes, 32-byte aligned.
    unsafe { _mm256_load_si256(row.0.as_ptr().cast()) }
}

/// A table row of 16 i16 lanes, aligned for `_mm256_load_si256`.
#[derive(Clone, Copy)]
#[repr(C, align(32))]
pub(super) struct Row(pub(super) [i16; 16]);

/// Montgomery multiplication `a * b * R^-1` lane by lane, with `bq = b *
/// q^-1 mod 2^16` precomputed. For `|a * b| <= q * 2^15` the result lies in
/// `-q + 1 .. q` and equals the portable `fqmul(a, b)`.
#[target_feature(enable = "avx2")]
#[inline]
pub(super) fn fqmul_pre(a: __m256i, b: __m256i, bq: __m256i) -> __m256i {
    let hi = _mm256_mulhi_epi16(a, b);
    let t = _mm256_mullo_epi16(a, bq);
    let tq = _mm256_mulhi_epi16(t, _mm256_set1_epi16(Q));
    _mm256_sub_epi16(hi, tq)
}

/// [`fqmul_pre`] computing `b * q^-1` itself.
#[target_feature(enable = "avx2")]
#[inline]
pub(super) fn fqmul(a: __m256i, b: __m256i) -> __m256i {
    let bq = _mm256_mullo_epi16(b, _mm256_set1_epi16(QINV));
    fqmul_pre(a, b, bq)
}

/// [`fqmul_pre`] by a constant `c`.
#[target_feature(enable = "avx2")]
#[inline]
pub(super) fn fqmul_const(a: __m256i, c: i16) -> __m256i {
    fqmul_pre(
        a,
        _mm256_set1_epi16(c),
        _mm256_set1_epi16(c.wrapping_mul(QINV)),
    )
}

/// Barrett reduction of any i16 lane to `-(q-1)/2 ..= (q-1)/2`.
///
/// The quotient estimate is the portable `(v * a + 2^25) >> 26`:
/// `mulhi` gives `floor(v * a / 2^16)` and `mulhrs(x, 2^5) = (x + 2^9) >>
/// 10`, and nested floors of integer divisions compose exactly.
#[target_feature(enable = "avx2")]
#[inline]
pub(super) fn barrett(a: __m256i) -> __m256i {
    let t = _mm256_mulhi_epi16(a, _mm256_set1_epi16(BARRETT_V));
    let t = _mm256_mulhrs_epi16(t, _mm256_set1_epi16(1 << 5));
    _mm256_sub_epi16(a, _mm256_mullo_epi16(t, _mm256_set1_epi16(Q)))
}

/// Maps lanes in `-q < a < q` to `0 .. q` with a mask.
#[target_feature(enable = "avx2")]
#[inline]
pub(super) fn to_canonical(a: __m256i) -> __m256i {
    let neg = _mm256_srai_epi16(a, 15);
    _mm256_add_epi16(a, _mm256_and_si256(neg, _mm256_set1_epi16(Q)))
}

#[target_feature(enable = "avx2")]
pub(super) fn add(acc: &mut Poly, b: &Poly) {
    for i in 0..N / 16 {
        let v = _mm256_add_epi16(load(acc, i), load(b, i));
        store(acc, i, v);
    }
}

#[target_feature(enable = "avx2")]
pub(super) fn sub_from(acc: &mut Poly, b: &Poly) {
    for i in 0..N / 16 {
        let v = _mm256_sub_epi16(load(b, i), load(acc, i));
        store(acc, i, v);
    }
}

#[target_feature(enable = "avx2")]
pub(super) fn reduce(p: &mut Poly) {
    for i in 0..N / 16 {
        let v = barrett(load(p, i));
        store(p, i, v);
    }
}

/// Times `R` modulo q: one Montgomery multiplication by `R^2`, then a
/// Barrett step so that the output is centred as the trait promises.
#[target_feature(enable = "avx2")]
pub(super) fn to_mont(p: &mut Poly) {
    for i in 0..N / 16 {
        let v = barrett(fqmul_const(load(p, i), R2_MOD_Q));
        store(p, i, v);
    }
}
