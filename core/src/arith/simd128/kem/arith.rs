//! Lane-wise arithmetic modulo `q = 3329` on `i16x8`.
//!
//! WebAssembly has no "multiply high" for 16-bit lanes. Two substitutes are
//! used:
//!
//! - `i16x8_q15mulr_sat(a, b) = (a * b + 2^14) >> 15` is a rounded high
//!   product. It is not a Montgomery reduction (it rounds, and by 2^15, not
//!   2^16), but it is exactly what a Barrett-style multiplication by a
//!   *constant* needs: with `c' = round(c * 2^15 / q)`,
//!   `t = q15mulr(a, c')` is within 1 of `a * c / q`, so `a * c - t * q`
//!   (computed with wrapping 16-bit products, exact because the true value
//!   is small) is congruent to `a * c` and below q in magnitude. The NTT
//!   twiddles, the base-case `gamma`s and the scalings use it, with the
//!   constants in normal (not Montgomery) form.
//! - Products of two variables go through `i32x4_dot_i16x8` (exact 32-bit
//!   sums of products) and a Montgomery reduction with `R = 2^16`, so that
//!   the base case multiplication keeps the trait's `a * b * R^-1`.

use core::arch::wasm32::{
    i16x8, i16x8_add, i16x8_mul, i16x8_q15mulr_sat, i16x8_shr, i16x8_shuffle, i16x8_splat,
    i16x8_sub, i32x4_dot_i16x8, i32x4_extmul_high_i16x8, i32x4_extmul_low_i16x8, i32x4_sub, v128,
};

use crate::arith::kem::Q;

/// `q^-1 mod 2^16` as a signed value.
const QINV: i16 = -3327;

/// `round(2^26 / q)`, the Barrett constant.
const BARRETT_V: i16 = 20159;

/// A constant `c` (centred, normal form) with `round(c * 2^15 / q)`, ready
/// for [`mul_const`].
#[derive(Clone, Copy)]
pub(super) struct Const {
    pub(super) c: i16,
    pub(super) cq: i16,
}

/// `x mod q`, centred.
pub(super) const fn centred(x: i64) -> i16 {
    let q = Q as i64;
    let mut v = x % q;
    if v < 0 {
        v += q;
    }
    if v > q / 2 {
        v -= q;
    }
    v as i16
}

/// `round(c * 2^15 / q)` for a centred `c` (ties away from zero do not
/// occur: q is odd).
pub(super) const fn q15(c: i16) -> i16 {
    let q = Q as i64;
    let n = (c as i64) << 15;
    let r = if n >= 0 {
        (2 * n + q) / (2 * q)
    } else {
        -((-2 * n + q) / (2 * q))
    };
    r as i16
}

pub(super) const fn constant(x: i64) -> Const {
    let c = centred(x);
    Const { c, cq: q15(c) }
}

/// `R = 2^16 mod q`: [`mul_const`] by it converts to Montgomery form.
pub(super) const R_MOD_Q: Const = constant(1 << 16);

/// `a * c mod q` with `|result| < q`, for any `i16` lanes `a`.
///
/// With `t = round(a * c' / 2^15)` and `|c' - c 2^15 / q| <= 1/2`:
/// `|a c / q - t| <= |a| / 2^16 + 1/2 <= 1`, and equality would need
/// `|c 2^15 - c' q| = q / 2`, impossible for odd q. So `|a c - t q| < q`.
#[inline(always)]
pub(super) fn mul_const(a: v128, k: Const) -> v128 {
    mul_lanes(a, i16x8_splat(k.c), i16x8_splat(k.cq))
}

/// [`mul_const`] with a constant per lane (`cq` lanes are `q15` of `c`).
#[inline(always)]
pub(super) fn mul_lanes(a: v128, c: v128, cq: v128) -> v128 {
    let t = i16x8_q15mulr_sat(a, cq);
    i16x8_sub(i16x8_mul(a, c), i16x8_mul(t, i16x8_splat(Q)))
}

/// The high halves of 32-bit lanes `lo` (lanes 0..4) and `hi` (4..8).
#[inline(always)]
fn high_halves(lo: v128, hi: v128) -> v128 {
    i16x8_shuffle::<1, 3, 5, 7, 9, 11, 13, 15>(lo, hi)
}

/// Barrett reduction of any `i16` lanes to the centred range, with the same
/// formula as the portable backend: `t = floor((a V + 2^25) / 2^26)` and
/// `a - t q`. The high product comes from exact 32-bit products, because a
/// rounded `q15mulr` variant misses the centred range for a few inputs.
#[inline(always)]
pub(super) fn barrett(a: v128) -> v128 {
    let v = i16x8_splat(BARRETT_V);
    let h = high_halves(i32x4_extmul_low_i16x8(a, v), i32x4_extmul_high_i16x8(a, v));
    // floor((floor(a V / 2^16) + 2^9) / 2^10) = floor((a V + 2^25) / 2^26).
    let t = i16x8_shr(i16x8_add(h, i16x8_splat(1 << 9)), 10);
    i16x8_sub(a, i16x8_mul(t, i16x8_splat(Q)))
}

/// Montgomery reduction of the 32-bit lanes of `s0` and `s1`, each
/// `|s| < q * 2^15`: returns `s * R^-1 mod q` in `-q + 1 .. q` with the
/// results interleaved (`s0[0], s1[0], s0[1], ...`).
///
/// `t = s * q^-1 mod 2^16` is a 16-bit product of the low halves (the high
/// halves are multiplied by 0), `t * q` an exact `i32x4_dot_i16x8`, and
/// `s - t q` is divisible by 2^16: its high half is the result.
#[inline(always)]
pub(super) fn mont_pairs(s0: v128, s1: v128) -> v128 {
    let qinv = i16x8(QINV, 0, QINV, 0, QINV, 0, QINV, 0);
    let q = i16x8(Q, 0, Q, 0, Q, 0, Q, 0);
    let u = |s: v128| i32x4_sub(s, i32x4_dot_i16x8(i16x8_mul(s, qinv), q));
    i16x8_shuffle::<1, 9, 3, 11, 5, 13, 7, 15>(u(s0), u(s1))
}
