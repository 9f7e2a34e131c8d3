//! Power2Round, Decompose, the hints and the norm check (FIPS 204, section
//! 7.4) on 4 x i32 lanes: the portable backend's formulas (multiplications,
//! shifts and masks, no division, no branch on values), lane by lane.
//!
//! `gamma2` is public and only selects the code path once per polynomial;
//! a value other than `(q-1)/32` or `(q-1)/88` goes to the portable backend.

use super::arith::{VECS, freeze_lanes, ld, st};
use crate::arith::dsa::{D, DsaArith, Poly, Q};
use crate::arith::portable::Portable;
use core::arch::wasm32::{
    i32x4_add, i32x4_extract_lane, i32x4_mul, i32x4_ne, i32x4_neg, i32x4_shl, i32x4_shr,
    i32x4_splat, i32x4_sub, v128, v128_and, v128_any_true, v128_or, v128_xor,
};

const GAMMA2_32: i32 = (Q - 1) / 32;
const GAMMA2_88: i32 = (Q - 1) / 88;

/// FIPS 204, Algorithm 35 (Power2Round) of canonical lanes.
pub(super) fn power2round(t: &Poly, t1: &mut Poly, t0: &mut Poly) {
    for v in 0..VECS {
        let a = ld(t, v);
        let a1 = i32x4_shr(i32x4_add(a, i32x4_splat((1 << (D - 1)) - 1)), D);
        st(t1, v, a1);
        st(t0, v, i32x4_sub(a, i32x4_shl(a1, D)));
    }
}

/// FIPS 204, Algorithm 36 (Decompose) of canonical lanes, for
/// `gamma2 = (q-1)/32` (`W32`) or `(q-1)/88`: the portable fixed-point
/// `round(a / (2 gamma2))` (`ceil(a / 128)`, then a multiply-shift exact on
/// `0 .. q`), with the top value wrapping to 0 and `a0` one less.
#[inline(always)]
fn decompose_lanes<const W32: bool>(a: v128) -> (v128, v128) {
    let a1 = i32x4_shr(i32x4_add(a, i32x4_splat(127)), 7);
    let (a1, gamma2) = if W32 {
        let a1 = i32x4_shr(
            i32x4_add(i32x4_mul(a1, i32x4_splat(1025)), i32x4_splat(1 << 21)),
            22,
        );
        (v128_and(a1, i32x4_splat(15)), GAMMA2_32)
    } else {
        let a1 = i32x4_shr(
            i32x4_add(i32x4_mul(a1, i32x4_splat(11275)), i32x4_splat(1 << 23)),
            24,
        );
        // 44 (only reached by the top values) becomes 0.
        let top = i32x4_shr(i32x4_sub(i32x4_splat(43), a1), 31);
        (v128_xor(a1, v128_and(top, a1)), GAMMA2_88)
    };
    let a0 = i32x4_sub(a, i32x4_mul(a1, i32x4_splat(2 * gamma2)));
    // Centre: subtract q from the lanes above (q-1)/2.
    let above = i32x4_shr(i32x4_sub(i32x4_splat((Q - 1) / 2), a0), 31);
    let a0 = i32x4_sub(a0, v128_and(above, i32x4_splat(Q)));
    (a1, a0)
}

/// HighBits (FIPS 204, Algorithm 37) of any representative.
#[inline(always)]
fn high_lanes<const W32: bool>(a: v128) -> v128 {
    decompose_lanes::<W32>(freeze_lanes(a)).0
}

fn decompose_w<const W32: bool>(a: &Poly, a1: &mut Poly, a0: &mut Poly) {
    for v in 0..VECS {
        let (x1, x0) = decompose_lanes::<W32>(freeze_lanes(ld(a, v)));
        st(a1, v, x1);
        st(a0, v, x0);
    }
}

/// FIPS 204, Algorithm 36 (Decompose) of any representative.
pub(super) fn decompose(gamma2: i32, a: &Poly, a1: &mut Poly, a0: &mut Poly) {
    match gamma2 {
        GAMMA2_32 => decompose_w::<true>(a, a1, a0),
        GAMMA2_88 => decompose_w::<false>(a, a1, a0),
        _ => Portable::decompose(gamma2, a, a1, a0),
    }
}

fn high_bits_w<const W32: bool>(a: &mut Poly) {
    for v in 0..VECS {
        let x = high_lanes::<W32>(ld(a, v));
        st(a, v, x);
    }
}

/// FIPS 204, Algorithm 37 (HighBits) in place.
pub(super) fn high_bits(gamma2: i32, a: &mut Poly) {
    match gamma2 {
        GAMMA2_32 => high_bits_w::<true>(a),
        GAMMA2_88 => high_bits_w::<false>(a),
        _ => Portable::high_bits(gamma2, a),
    }
}

fn make_hint_w<const W32: bool>(z: &Poly, r: &Poly, h: &mut Poly) -> u32 {
    // Each lane counts its ones; summed once at the end.
    let mut count = i32x4_splat(0);
    for v in 0..VECS {
        let (zv, rv) = (ld(z, v), ld(r, v));
        let r1 = high_lanes::<W32>(rv);
        let v1 = high_lanes::<W32>(i32x4_add(rv, zv));
        // All ones where the high bits differ.
        let ne = i32x4_ne(r1, v1);
        st(h, v, i32x4_neg(ne));
        count = i32x4_sub(count, ne);
    }
    let sum = i32x4_extract_lane::<0>(count)
        + i32x4_extract_lane::<1>(count)
        + i32x4_extract_lane::<2>(count)
        + i32x4_extract_lane::<3>(count);
    sum as u32
}

/// FIPS 204, Algorithm 39 (MakeHint); returns the number of ones.
pub(super) fn make_hint(gamma2: i32, z: &Poly, r: &Poly, h: &mut Poly) -> u32 {
    match gamma2 {
        GAMMA2_32 => make_hint_w::<true>(z, r, h),
        GAMMA2_88 => make_hint_w::<false>(z, r, h),
        _ => Portable::make_hint(gamma2, z, r, h),
    }
}

fn use_hint_w<const W32: bool>(a: &mut Poly, h: &Poly) {
    let one = i32x4_splat(1);
    for v in 0..VECS {
        let (a1, a0) = decompose_lanes::<W32>(freeze_lanes(ld(a, v)));
        // +1 where a0 > 0, -1 elsewhere; applied only where h = 1.
        let up = v128_and(i32x4_shr(i32x4_neg(a0), 31), one);
        let step = i32x4_sub(i32x4_shl(up, 1), one);
        let r = i32x4_add(a1, i32x4_mul(v128_and(ld(h, v), one), step));
        let r = if W32 {
            v128_and(r, i32x4_splat(15))
        } else {
            // Modulo 44 for r in -1 ..= 44.
            let m = i32x4_splat(44);
            let r = i32x4_add(r, v128_and(i32x4_shr(r, 31), m));
            let over = i32x4_shr(i32x4_sub(i32x4_splat(43), r), 31);
            i32x4_sub(r, v128_and(over, m))
        };
        st(a, v, r);
    }
}

/// FIPS 204, Algorithm 40 (UseHint) in place, with 0/1 hints.
pub(super) fn use_hint(gamma2: i32, a: &mut Poly, h: &Poly) {
    match gamma2 {
        GAMMA2_32 => use_hint_w::<true>(a, h),
        GAMMA2_88 => use_hint_w::<false>(a, h),
        _ => Portable::use_hint(gamma2, a, h),
    }
}

/// Whether some centred `|a mod q| >= bound` (FIPS 204, section 7.2): the
/// flags of every coefficient are OR-ed and tested once, so neither the time
/// nor the access pattern depends on where (or whether) a large coefficient
/// sits.
pub(super) fn exceeds_norm(p: &Poly, bound: i32) -> bool {
    let half = i32x4_splat((Q - 1) / 2);
    let q = i32x4_splat(Q);
    let limit = i32x4_splat(bound.wrapping_sub(1));
    let mut flag = i32x4_splat(0);
    for v in 0..VECS {
        let x = freeze_lanes(ld(p, v));
        let c = i32x4_sub(x, v128_and(i32x4_shr(i32x4_sub(half, x), 31), q));
        let abs = i32x4_sub(c, v128_and(i32x4_shr(c, 31), i32x4_shl(c, 1)));
        flag = v128_or(flag, i32x4_shr(i32x4_sub(limit, abs), 31));
    }
    v128_any_true(core::hint::black_box(flag))
}
