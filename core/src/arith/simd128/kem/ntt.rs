//! The NTT of FIPS 203 section 4.3 (Algorithms 9, 10, 11, 12) on 8 lanes.
//!
//! Coefficient `i` of the polynomial is lane `i % 8` of vector `i / 8`.
//! Layers with a distance of 8 or more pair whole vectors; the last two
//! forward layers (distance 4 and 2) and the first two inverse ones first
//! regroup a pair of vectors with 64- and 32-bit shuffles so that the
//! butterfly partners sit in the same lane of two vectors.
//!
//! Twiddles are `zeta^BitRev_7(i)` with `zeta = 17`, generated at compile time
//! in normal form; products by them use [`mul_lanes`] (below q in magnitude,
//! congruent to the exact product), so the lazy bounds are the portable
//! backend's: each forward layer adds at most q.
//!
//! Layers are merged: a pass loads 8 (or 4) vectors, runs three (or four)
//! layers on them and stores them back, so the polynomial crosses memory
//! twice per transform instead of seven times.

use super::arith::{Const, barrett, constant, mont_pairs, mul_const, mul_lanes, q15};
use super::{VECS, load_i16, store_i16};
use crate::arith::kem::{N, ZETA, bitrev7, pow_mod_q};
use crate::arith::simd128::lanes;
use core::arch::wasm32::{
    i16x8_add, i16x8_shuffle, i16x8_splat, i16x8_sub, i32x4_dot_i16x8, i32x4_shuffle,
    i64x2_shuffle, v128,
};

/// `zeta^BitRev_7(i)`, centred, with its `q15` companion (Algorithms 9, 10).
const ZETAS: [Const; 128] = {
    let mut t = [Const { c: 0, cq: 0 }; 128];
    let mut i = 0;
    while i < 128 {
        t[i] = constant(pow_mod_q(ZETA, bitrev7(i)));
        i += 1;
    }
    t
};

/// One vector of per-lane constants and their `q15` companions.
struct LaneConsts {
    c: [i16; 8],
    cq: [i16; 8],
}

impl LaneConsts {
    const ZERO: LaneConsts = LaneConsts {
        c: [0; 8],
        cq: [0; 8],
    };

    /// Lane `l` gets `ZETAS[idx[l / (8 / idx.len())]]`.
    const fn from_zetas(idx: &[usize]) -> LaneConsts {
        let mut v = LaneConsts::ZERO;
        let rep = 8 / idx.len();
        let mut l = 0;
        while l < 8 {
            let z = ZETAS[idx[l / rep]];
            v.c[l] = z.c;
            v.cq[l] = z.cq;
            l += 1;
        }
        v
    }

    #[inline(always)]
    fn load(&self) -> (v128, v128) {
        (lanes(&self.c), lanes(&self.cq))
    }
}

/// Forward layer of distance 4 for the vector pair `p` (coefficients
/// `16 p .. 16 p + 16`): 8-coefficient blocks `2 p` and `2 p + 1`.
const FWD4: [LaneConsts; 16] = {
    let mut t = [LaneConsts::ZERO; 16];
    let mut p = 0;
    while p < 16 {
        t[p] = LaneConsts::from_zetas(&[32 + 2 * p, 33 + 2 * p]);
        p += 1;
    }
    t
};

/// Forward layer of distance 2 for the vector pair `p`: its 4-coefficient
/// blocks in the lane order of the regrouped vectors (0, 2, 1, 3).
const FWD2: [LaneConsts; 16] = {
    let mut t = [LaneConsts::ZERO; 16];
    let mut p = 0;
    while p < 16 {
        let b = 64 + 4 * p;
        t[p] = LaneConsts::from_zetas(&[b, b + 2, b + 1, b + 3]);
        p += 1;
    }
    t
};

/// Inverse layer of distance 2 (Algorithm 10 walks the zetas downwards from
/// 127): 4-coefficient block `j` uses `ZETAS[127 - j]`.
const INV2: [LaneConsts; 16] = {
    let mut t = [LaneConsts::ZERO; 16];
    let mut p = 0;
    while p < 16 {
        let b = 127 - 4 * p;
        t[p] = LaneConsts::from_zetas(&[b, b - 2, b - 1, b - 3]);
        p += 1;
    }
    t
};

/// Inverse layer of distance 4: 8-coefficient block `j` uses `ZETAS[63 - j]`.
const INV4: [LaneConsts; 16] = {
    let mut t = [LaneConsts::ZERO; 16];
    let mut p = 0;
    while p < 16 {
        t[p] = LaneConsts::from_zetas(&[63 - 2 * p, 62 - 2 * p]);
        p += 1;
    }
    t
};

/// `zeta^(2 BitRev_7(i) + 1)` for the base-case products (Algorithm 11):
/// vector `v` holds the four pairs `4 v .. 4 v + 4`, each `gamma` in both
/// lanes of its pair.
const GAMMAS: [LaneConsts; 32] = {
    let mut t = [LaneConsts::ZERO; 32];
    let mut v = 0;
    while v < 32 {
        let mut l = 0;
        while l < 8 {
            let g = constant(pow_mod_q(ZETA, 2 * bitrev7(4 * v + l / 2) + 1));
            t[v].c[l] = g.c;
            t[v].cq[l] = g.cq;
            l += 1;
        }
        v += 1;
    }
    t
};

/// `128^-1 * R mod q = 2^9`: Algorithm 10's final scaling by `128^-1` and
/// the factor `R` of the trait's contract, in one constant multiplication.
const INV_NTT_SCALE: Const = Const {
    c: 512,
    cq: q15(512),
};

/// Cooley-Tukey butterfly: `(a + z b, a - z b)`.
#[inline(always)]
fn ct(a: &mut v128, b: &mut v128, z: Const) {
    let t = mul_const(*b, z);
    *b = i16x8_sub(*a, t);
    *a = i16x8_add(*a, t);
}

#[inline(always)]
fn ct_lanes(a: &mut v128, b: &mut v128, z: (v128, v128)) {
    let t = mul_lanes(*b, z.0, z.1);
    *b = i16x8_sub(*a, t);
    *a = i16x8_add(*a, t);
}

/// Gentleman-Sande butterfly: `(a + b, z (b - a))`.
#[inline(always)]
fn gs(a: &mut v128, b: &mut v128, z: Const) {
    let d = i16x8_sub(*b, *a);
    *a = i16x8_add(*a, *b);
    *b = mul_const(d, z);
}

#[inline(always)]
fn gs_lanes(a: &mut v128, b: &mut v128, z: (v128, v128)) {
    let d = i16x8_sub(*b, *a);
    *a = i16x8_add(*a, *b);
    *b = mul_lanes(d, z.0, z.1);
}

/// Vector `i` of `f`.
#[inline(always)]
fn ld(f: &[i16; N], i: usize) -> v128 {
    load_i16(&f[8 * i..8 * i + 8])
}

#[inline(always)]
fn st(f: &mut [i16; N], i: usize, v: v128) {
    store_i16(&mut f[8 * i..8 * i + 8], v);
}

/// The forward layers of distance 4 and 2 on the vector pair `p` (vectors
/// `v0 = 2 p`, `v1 = 2 p + 1`), ending with the Barrett reduction.
#[inline(always)]
fn fwd_last_two(v0: v128, v1: v128, p: usize) -> (v128, v128) {
    // Distance 4: x = (v0 lanes 0..4, v1 lanes 0..4), y = the upper halves.
    let mut x = i64x2_shuffle::<0, 2>(v0, v1);
    let mut y = i64x2_shuffle::<1, 3>(v0, v1);
    ct_lanes(&mut x, &mut y, FWD4[p].load());
    // Distance 2: pairs of lanes (0,1) meet (2,3) within each half.
    let mut x2 = i32x4_shuffle::<0, 2, 4, 6>(x, y);
    let mut y2 = i32x4_shuffle::<1, 3, 5, 7>(x, y);
    ct_lanes(&mut x2, &mut y2, FWD2[p].load());
    // Back to coefficient order.
    let w0 = i32x4_shuffle::<0, 4, 2, 6>(x2, y2);
    let w1 = i32x4_shuffle::<1, 5, 3, 7>(x2, y2);
    (barrett(w0), barrett(w1))
}

/// FIPS 203, Algorithm 9, then a Barrett reduction: exactly the portable
/// result. Inputs below q stay below 8q < 2^15 through the seven layers.
pub(super) fn ntt(f: &mut [i16; N]) {
    // Distances 128, 64, 32 (4 vectors): eight vectors 4 apart at a time.
    for j in 0..4 {
        let mut v = [i16x8_splat(0); 8];
        for (m, x) in v.iter_mut().enumerate() {
            *x = ld(f, j + 4 * m);
        }
        for m in 0..4 {
            let (a, b) = v.split_at_mut(4);
            ct(&mut a[m], &mut b[m], ZETAS[1]);
        }
        for h in 0..2 {
            for m in 0..2 {
                let (a, b) = v[4 * h..4 * h + 4].split_at_mut(2);
                ct(&mut a[m], &mut b[m], ZETAS[2 + h]);
            }
        }
        for g in 0..4 {
            let (a, b) = v[2 * g..2 * g + 2].split_at_mut(1);
            ct(&mut a[0], &mut b[0], ZETAS[4 + g]);
        }
        for (m, x) in v.iter().enumerate() {
            st(f, j + 4 * m, *x);
        }
    }
    // Distances 16, 8, 4, 2 on each block of 32 coefficients.
    for b in 0..VECS / 4 {
        let [mut v0, mut v1, mut v2, mut v3] = [0, 1, 2, 3].map(|k| ld(f, 4 * b + k));
        ct(&mut v0, &mut v2, ZETAS[8 + b]);
        ct(&mut v1, &mut v3, ZETAS[8 + b]);
        ct(&mut v0, &mut v1, ZETAS[16 + 2 * b]);
        ct(&mut v2, &mut v3, ZETAS[17 + 2 * b]);
        let (w0, w1) = fwd_last_two(v0, v1, 2 * b);
        let (w2, w3) = fwd_last_two(v2, v3, 2 * b + 1);
        st(f, 4 * b, w0);
        st(f, 4 * b + 1, w1);
        st(f, 4 * b + 2, w2);
        st(f, 4 * b + 3, w3);
    }
}

/// The inverse layers of distance 2 and 4 on the vector pair `p`.
#[inline(always)]
fn inv_first_two(v0: v128, v1: v128, p: usize) -> (v128, v128) {
    // Distance 2: lanes (0,1) meet (2,3) of each 4-coefficient block.
    let mut x2 = i32x4_shuffle::<0, 4, 2, 6>(v0, v1);
    let mut y2 = i32x4_shuffle::<1, 5, 3, 7>(v0, v1);
    gs_lanes(&mut x2, &mut y2, INV2[p].load());
    // Distance 4: lower halves meet upper halves.
    let mut x = i32x4_shuffle::<0, 4, 1, 5>(x2, y2);
    let mut y = i32x4_shuffle::<2, 6, 3, 7>(x2, y2);
    gs_lanes(&mut x, &mut y, INV4[p].load());
    (i64x2_shuffle::<0, 2>(x, y), i64x2_shuffle::<1, 3>(x, y))
}

/// FIPS 203, Algorithm 10, times `R`; output below q in magnitude.
///
/// Bounds: the input is first Barrett-reduced (any `i16` is accepted). The
/// sums of the first pass grow to at most `16 * 1665 < 2^15`, the
/// differences are below q after their constant product; the two vectors
/// of sums are reduced again before the second pass, whose sums stay below
/// `8 q < 2^15`.
pub(super) fn inv_ntt(f: &mut [i16; N]) {
    for b in 0..VECS / 4 {
        let [v0, v1, v2, v3] = [0, 1, 2, 3].map(|k| barrett(ld(f, 4 * b + k)));
        let (mut v0, mut v1) = inv_first_two(v0, v1, 2 * b);
        let (mut v2, mut v3) = inv_first_two(v2, v3, 2 * b + 1);
        gs(&mut v0, &mut v1, ZETAS[31 - 2 * b]);
        gs(&mut v2, &mut v3, ZETAS[30 - 2 * b]);
        gs(&mut v0, &mut v2, ZETAS[15 - b]);
        gs(&mut v1, &mut v3, ZETAS[15 - b]);
        st(f, 4 * b, barrett(v0));
        st(f, 4 * b + 1, barrett(v1));
        st(f, 4 * b + 2, v2);
        st(f, 4 * b + 3, v3);
    }
    for j in 0..4 {
        let mut v = [i16x8_splat(0); 8];
        for (m, x) in v.iter_mut().enumerate() {
            *x = ld(f, j + 4 * m);
        }
        for g in 0..4 {
            let (a, b) = v[2 * g..2 * g + 2].split_at_mut(1);
            gs(&mut a[0], &mut b[0], ZETAS[7 - g]);
        }
        for h in 0..2 {
            for m in 0..2 {
                let (a, b) = v[4 * h..4 * h + 4].split_at_mut(2);
                gs(&mut a[m], &mut b[m], ZETAS[3 - h]);
            }
        }
        for m in 0..4 {
            let (a, b) = v.split_at_mut(4);
            gs(&mut a[m], &mut b[m], ZETAS[1]);
        }
        for (m, x) in v.iter().enumerate() {
            st(f, j + 4 * m, mul_const(*x, INV_NTT_SCALE));
        }
    }
}

/// `acc += (a x b) * R^-1` (Algorithms 11 and 12), one vector (four
/// pairs) at a time. A pair `(x0, x1)` is one 32-bit lane, so
/// `i32x4_dot_i16x8` forms both exact sums of Algorithm 12 directly:
///
/// - `c0 = a0 b0 + a1 (b1 gamma mod q)`, the dot product of `a` with
///   `(b0, b1 gamma)`,
/// - `c1 = a0 b1 + a1 b0`, the dot product of `a` with the swapped `b`,
///
/// each below `2 q^2 < q 2^15` in magnitude, so one Montgomery reduction
/// ([`mont_pairs`]) leaves the result below q as the trait requires.
pub(super) fn basemul_acc(acc: &mut [i16; N], a: &[i16; N], b: &[i16; N]) {
    for (v, gamma) in GAMMAS.iter().enumerate() {
        let (x, y) = (ld(a, v), ld(b, v));
        let (g, gq) = gamma.load();
        // Odd lanes: b1 gamma mod q, below q (the even lanes are unused).
        let yg = mul_lanes(y, g, gq);
        let y0 = i16x8_shuffle::<0, 9, 2, 11, 4, 13, 6, 15>(y, yg);
        let y1 = i16x8_shuffle::<1, 0, 3, 2, 5, 4, 7, 6>(y, y);
        let c = mont_pairs(i32x4_dot_i16x8(x, y0), i32x4_dot_i16x8(x, y1));
        st(acc, v, i16x8_add(ld(acc, v), c));
    }
}
