//! Element-wise arithmetic modulo `q = 8380417` on 4 x i32 lanes, and the
//! Montgomery multiplication the transform and the pointwise products use.
//!
//! WebAssembly has no "multiply high" for 32-bit lanes, so a product of two
//! lanes is formed exactly in 64 bits with `i64x2_extmul_{low,high}_i32x4`
//! (two lanes per instruction) and the high words of the two halves are
//! put back together with one shuffle.

use crate::arith::dsa::{D, N, Poly, Q, QINV};
use crate::arith::simd128::{load_i32, store_i32};
use core::arch::wasm32::{
    i32x4_add, i32x4_mul, i32x4_shl, i32x4_shr, i32x4_shuffle, i32x4_splat, i32x4_sub,
    i64x2_extmul_high_i32x4, i64x2_extmul_low_i32x4, i64x2_sub, v128, v128_and,
};

/// Vectors of 4 coefficients in a polynomial.
pub(super) const VECS: usize = N / 4;

/// Vector `i` (coefficients `4 i .. 4 i + 4`) of `p`.
#[inline(always)]
pub(super) fn ld(p: &Poly, i: usize) -> v128 {
    load_i32(&p.0[4 * i..4 * i + 4])
}

#[inline(always)]
pub(super) fn st(p: &mut Poly, i: usize, v: v128) {
    store_i32(&mut p.0[4 * i..4 * i + 4], v);
}

/// A constant table row as a vector.
#[inline(always)]
pub(super) fn lanes(a: &[i32; 4]) -> v128 {
    load_i32(a)
}

/// The portable `montgomery_reduce(a * b)` per lane, given
/// `bqinv = b * q^-1 mod 2^32` (a constant operand has it precomputed).
///
/// `t = (a b mod 2^32) q^-1 = a (b q^-1) mod 2^32` is a wrapping 32-bit
/// product. `a b - t q` is exact in 64 bits for any `i32` lanes and
/// divisible by `2^32`, so its high word is the portable `(a b - t q) >> 32`.
#[inline(always)]
pub(super) fn mont_mul(a: v128, b: v128, bqinv: v128) -> v128 {
    let t = i32x4_mul(a, bqinv);
    let q = i32x4_splat(Q);
    let lo = i64x2_sub(i64x2_extmul_low_i32x4(a, b), i64x2_extmul_low_i32x4(t, q));
    let hi = i64x2_sub(i64x2_extmul_high_i32x4(a, b), i64x2_extmul_high_i32x4(t, q));
    i32x4_shuffle::<1, 3, 5, 7>(lo, hi)
}

/// [`mont_mul`] of two variable vectors.
#[inline(always)]
pub(super) fn mont_mul_var(a: v128, b: v128) -> v128 {
    mont_mul(a, b, i32x4_mul(b, i32x4_splat(QINV)))
}

/// The portable `reduce32`: `a - round(a / 2^23) q`, in
/// `-6283009 ..= 6283008` for `a <= 2^31 - 2^22`.
#[inline(always)]
pub(super) fn reduce_lanes(a: v128) -> v128 {
    let t = i32x4_shr(i32x4_add(a, i32x4_splat(1 << 22)), 23);
    i32x4_sub(a, i32x4_mul(t, i32x4_splat(Q)))
}

/// Adds `q` to the negative lanes.
#[inline(always)]
pub(super) fn caddq(a: v128) -> v128 {
    i32x4_add(a, v128_and(i32x4_shr(a, 31), i32x4_splat(Q)))
}

/// The portable `freeze`: `a mod q` in `0 .. q` for `|a| < 2^31 - 2^22`.
#[inline(always)]
pub(super) fn freeze_lanes(a: v128) -> v128 {
    caddq(reduce_lanes(a))
}

/// Applies `f` to every vector of `p` in place.
#[inline(always)]
fn map(p: &mut Poly, f: impl Fn(v128) -> v128) {
    for x in p.0.chunks_exact_mut(4) {
        store_i32(x, f(load_i32(x)));
    }
}

/// Applies `f` to every pair of vectors of `acc` and `b`, into `acc`.
#[inline(always)]
fn zip(acc: &mut Poly, b: &Poly, f: impl Fn(v128, v128) -> v128) {
    for (x, y) in acc.0.chunks_exact_mut(4).zip(b.0.chunks_exact(4)) {
        store_i32(x, f(load_i32(x), load_i32(y)));
    }
}

/// Wrapping, like the portable backend.
pub(super) fn add(acc: &mut Poly, b: &Poly) {
    zip(acc, b, |x, y| i32x4_add(x, y));
}

/// Wrapping, like the portable backend.
pub(super) fn sub(acc: &mut Poly, b: &Poly) {
    zip(acc, b, |x, y| i32x4_sub(x, y));
}

pub(super) fn reduce(p: &mut Poly) {
    map(p, reduce_lanes);
}

pub(super) fn freeze(p: &mut Poly) {
    map(p, freeze_lanes);
}

pub(super) fn shift_left_d(p: &mut Poly) {
    map(p, |x| i32x4_shl(x, D));
}
