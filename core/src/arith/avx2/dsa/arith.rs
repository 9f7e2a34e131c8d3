//! Element-wise arithmetic modulo `q = 8380417` on 8 x i32 lanes, plus the
//! loads, stores and the Montgomery multiplication every other file uses.
//!
//! The formulas are the portable ones (`portable::dsa`) lane by lane, so the
//! results agree bit for bit. Montgomery reduction of a 64-bit product `p`
//! computes `t = lo32(p) * q^-1 mod 2^32` and `(p - t q) >> 32`; since the low
//! halves of `p` and `t q` are equal, that is exactly `hi32(p) - hi32(t q)`,
//! which `_mm256_mul_epi32` (signed 32 x 32 -> 64 bits on the even lanes)
//! gives without a 64-bit subtraction. The odd lanes go through the same
//! multiplications after `movehdup` moves them to the even positions.

use core::arch::x86_64::*;

use crate::arith::dsa::{D, N, Poly, Q, QINV};

/// Loads coefficients `8 i .. 8 i + 8` of `p` (aligned).
#[target_feature(enable = "avx2")]
#[inline]
pub(super) fn load(p: &Poly, i: usize) -> __m256i {
    let s = &p.0[8 * i..8 * i + 8];
    // SAFETY: `s` holds 8 i32 = 32 readable bytes (the slice index panics
    // otherwise); `Poly` is 32-byte aligned and `s` starts 32 * i bytes into
    // it, so the aligned load is valid. AVX2 is enabled on this function.
    unsafe { _mm256_load_si256(s.as_ptr().cast()) }
}

/// Stores `v` as coefficients `8 i .. 8 i + 8` of `p` (aligned).
#[target_feature(enable = "avx2")]
#[inline]
pub(super) fn store(p: &mut Poly, i: usize, v: __m256i) {
    let s = &mut p.0[8 * i..8 * i + 8];
    // SAFETY: as in `load`: 32 writable bytes, 32-byte aligned, AVX2 enabled.
    unsafe { _mm256_store_si256(s.as_mut_ptr().cast(), v) }
}

/// A table row of 8 i32 lanes, aligned for `_mm256_load_si256`.
#[derive(Clone, Copy)]
#[repr(C, align(32))]
pub(super) struct Row(pub(super) [i32; 8]);

/// Loads a table row.
#[target_feature(enable = "avx2")]
#[inline]
pub(super) fn load_row(row: &Row) -> __m256i {
    // SAFETY: `Row` is 32 bytes, 32-byte aligned; AVX2 is enabled on this
    // function.
    unsafe { _mm256_load_si256(row.0.as_ptr().cast()) }
}

/// The odd 32-bit lanes copied into the even ones (`vmovshdup`, a shuffle
/// port instruction, so it does not compete with the multiplications).
#[target_feature(enable = "avx2")]
#[inline]
pub(super) fn odd(a: __m256i) -> __m256i {
    _mm256_castps_si256(_mm256_movehdup_ps(_mm256_castsi256_ps(a)))
}

/// A Montgomery multiplier `b` with `b q^-1 mod 2^32` precomputed, each also
/// in the layout `_mm256_mul_epi32` needs for the odd lanes (lane `2i` holding
/// the value of lane `2i + 1`).
#[derive(Clone, Copy)]
pub(super) struct Mul {
    pub(super) b: __m256i,
    pub(super) bq: __m256i,
    pub(super) b_odd: __m256i,
    pub(super) bq_odd: __m256i,
}

/// The same multiplier `c` in every lane (its odd layout is itself).
#[target_feature(enable = "avx2")]
#[inline]
pub(super) fn mul_const(c: i32, cq: i32) -> Mul {
    let b = _mm256_set1_epi32(c);
    let bq = _mm256_set1_epi32(cq);
    Mul {
        b,
        bq,
        b_odd: b,
        bq_odd: bq,
    }
}

/// Joins the even-lane and odd-lane differences `p - t q` of a Montgomery
/// reduction: their high halves are the eight results.
#[target_feature(enable = "avx2")]
#[inline]
fn join_high(d_even: __m256i, d_odd: __m256i) -> __m256i {
    _mm256_blend_epi32::<0xaa>(odd(d_even), d_odd)
}

/// `montgomery_reduce(a * b)` lane by lane, for any i32 lanes: the portable
/// value exactly (`|result| < q` when `|a b| < q 2^31`).
#[target_feature(enable = "avx2")]
#[inline]
pub(super) fn montmul(a: __m256i, m: &Mul) -> __m256i {
    let q = _mm256_set1_epi32(Q);
    let a_odd = odd(a);
    let t0 = _mm256_mul_epi32(a, m.bq);
    let t1 = _mm256_mul_epi32(a_odd, m.bq_odd);
    let p0 = _mm256_mul_epi32(a, m.b);
    let p1 = _mm256_mul_epi32(a_odd, m.b_odd);
    let tq0 = _mm256_mul_epi32(t0, q);
    let tq1 = _mm256_mul_epi32(t1, q);
    join_high(_mm256_sub_epi32(p0, tq0), _mm256_sub_epi32(p1, tq1))
}

/// `montgomery_reduce(a * b)` lane by lane for two variable operands: here
/// `t` comes from the low half of the product itself.
#[target_feature(enable = "avx2")]
#[inline]
pub(super) fn montmul_vv(a: __m256i, b: __m256i) -> __m256i {
    let q = _mm256_set1_epi32(Q);
    let qinv = _mm256_set1_epi32(QINV);
    let p0 = _mm256_mul_epi32(a, b);
    let p1 = _mm256_mul_epi32(odd(a), odd(b));
    let t0 = _mm256_mul_epi32(p0, qinv);
    let t1 = _mm256_mul_epi32(p1, qinv);
    let tq0 = _mm256_mul_epi32(t0, q);
    let tq1 = _mm256_mul_epi32(t1, q);
    join_high(_mm256_sub_epi32(p0, tq0), _mm256_sub_epi32(p1, tq1))
}

/// `reduce32`: `a - round(a / 2^23) q`, in `-6283009 ..= 6283008` for
/// `a <= 2^31 - 2^22`. `t q` is formed as `(t << 23) - (t << 13) + t`, the
/// same i32 value as the portable product and cheaper than `vpmulld`.
#[target_feature(enable = "avx2")]
#[inline]
pub(super) fn reduce32(a: __m256i) -> __m256i {
    let t = _mm256_srai_epi32::<23>(_mm256_add_epi32(a, _mm256_set1_epi32(1 << 22)));
    let tq = _mm256_add_epi32(
        _mm256_sub_epi32(_mm256_slli_epi32::<23>(t), _mm256_slli_epi32::<13>(t)),
        t,
    );
    _mm256_sub_epi32(a, tq)
}

/// Adds `q` to negative lanes, with a sign mask rather than a branch.
#[target_feature(enable = "avx2")]
#[inline]
pub(super) fn caddq(a: __m256i) -> __m256i {
    let neg = _mm256_srai_epi32::<31>(a);
    _mm256_add_epi32(a, _mm256_and_si256(neg, _mm256_set1_epi32(Q)))
}

/// The portable `freeze`: `reduce32`, then `caddq`, giving `0 .. q`.
#[target_feature(enable = "avx2")]
#[inline]
pub(super) fn freeze32(a: __m256i) -> __m256i {
    caddq(reduce32(a))
}

#[target_feature(enable = "avx2")]
pub(super) fn add(acc: &mut Poly, b: &Poly) {
    for i in 0..N / 8 {
        let v = _mm256_add_epi32(load(acc, i), load(b, i));
        store(acc, i, v);
    }
}

#[target_feature(enable = "avx2")]
pub(super) fn sub(acc: &mut Poly, b: &Poly) {
    for i in 0..N / 8 {
        let v = _mm256_sub_epi32(load(acc, i), load(b, i));
        store(acc, i, v);
    }
}

#[target_feature(enable = "avx2")]
pub(super) fn reduce(p: &mut Poly) {
    for i in 0..N / 8 {
        let v = reduce32(load(p, i));
        store(p, i, v);
    }
}

#[target_feature(enable = "avx2")]
pub(super) fn freeze(p: &mut Poly) {
    for i in 0..N / 8 {
        let v = freeze32(load(p, i));
        store(p, i, v);
    }
}

#[target_feature(enable = "avx2")]
pub(super) fn shift_left_d(p: &mut Poly) {
    for i in 0..N / 8 {
        let v = _mm256_slli_epi32::<{ D as i32 }>(load(p, i));
        store(p, i, v);
    }
}
