//! The NTT over `Z_8380417` (FIPS 204, Algorithms 41 and 42) and the
//! pointwise products (Algorithm 45) on 4 x i32 lanes.
//!
//! The coefficient order is the portable backend's (bit-reversed NTT
//! domain, no internal permutation). Layers with a distance of 4 or more
//! pair whole vectors; the distances 2 and 1 first regroup a pair of
//! vectors with `i32x4_shuffle` so that the butterfly partners sit in the
//! same lane of two vectors, with per-lane twiddles.
//!
//! Each butterfly is the portable one with the same Montgomery
//! multiplication ([`mont_mul`]) and wrapping 32-bit additions, so the
//! outputs are the same `i32` values. The layers are merged into two
//! passes over eight vectors each (three layers, then five), so the
//! polynomial crosses memory twice per transform instead of eight times.

use super::arith::{VECS, lanes, ld, mont_mul, mont_mul_var, st};
use crate::arith::dsa::{INV_NTT_F, N, Poly, QINV, ZETAS};
use core::arch::wasm32::{i32x4_add, i32x4_shuffle, i32x4_splat, i32x4_sub, v128};

/// A twiddle and its product with `q^-1 mod 2^32`, which saves
/// [`mont_mul`] one 32-bit product.
#[derive(Clone, Copy)]
struct Zeta {
    z: i32,
    zq: i32,
}

impl Zeta {
    const fn new(z: i32) -> Zeta {
        Zeta {
            z,
            zq: z.wrapping_mul(QINV),
        }
    }
}

/// The forward twiddles `ZETAS[k]`.
const FWD: [Zeta; N] = {
    let mut t = [Zeta { z: 0, zq: 0 }; N];
    let mut k = 0;
    while k < N {
        t[k] = Zeta::new(ZETAS[k]);
        k += 1;
    }
    t
};

/// The inverse twiddles `-ZETAS[k]` (Algorithm 42 uses `-zeta`).
const INV: [Zeta; N] = {
    let mut t = [Zeta { z: 0, zq: 0 }; N];
    let mut k = 0;
    while k < N {
        t[k] = Zeta::new(-ZETAS[k]);
        k += 1;
    }
    t
};

/// One vector of per-lane twiddles and their `q^-1` products.
#[derive(Clone, Copy)]
struct LaneZetas {
    z: [i32; 4],
    zq: [i32; 4],
}

impl LaneZetas {
    const ZERO: LaneZetas = LaneZetas {
        z: [0; 4],
        zq: [0; 4],
    };

    /// Lane `l` gets `table[idx[l]]`.
    const fn from(table: &[Zeta; N], idx: [usize; 4]) -> LaneZetas {
        let mut v = LaneZetas::ZERO;
        let mut l = 0;
        while l < 4 {
            v.z[l] = table[idx[l]].z;
            v.zq[l] = table[idx[l]].zq;
            l += 1;
        }
        v
    }

    #[inline(always)]
    fn load(&self) -> (v128, v128) {
        (lanes(&self.z), lanes(&self.zq))
    }
}

/// Per vector pair `m` (vectors `2 m`, `2 m + 1`): the distance-2 layer's
/// twiddles in the regrouped lane order (blocks `2 m, 2 m, 2 m + 1,
/// 2 m + 1`) and the distance-1 layer's (blocks `4 m .. 4 m + 4`).
const FWD2: [LaneZetas; VECS / 2] = {
    let mut t = [LaneZetas::ZERO; VECS / 2];
    let mut m = 0;
    while m < VECS / 2 {
        let b = 64 + 2 * m;
        t[m] = LaneZetas::from(&FWD, [b, b, b + 1, b + 1]);
        m += 1;
    }
    t
};

const FWD1: [LaneZetas; VECS / 2] = {
    let mut t = [LaneZetas::ZERO; VECS / 2];
    let mut m = 0;
    while m < VECS / 2 {
        let b = 128 + 4 * m;
        t[m] = LaneZetas::from(&FWD, [b, b + 1, b + 2, b + 3]);
        m += 1;
    }
    t
};

/// The inverse transform walks the twiddles downwards: block `j` of the
/// distance-1 layer uses `-ZETAS[255 - j]`, of the distance-2 layer
/// `-ZETAS[127 - j]`.
const INV1: [LaneZetas; VECS / 2] = {
    let mut t = [LaneZetas::ZERO; VECS / 2];
    let mut m = 0;
    while m < VECS / 2 {
        let b = 255 - 4 * m;
        t[m] = LaneZetas::from(&INV, [b, b - 1, b - 2, b - 3]);
        m += 1;
    }
    t
};

const INV2: [LaneZetas; VECS / 2] = {
    let mut t = [LaneZetas::ZERO; VECS / 2];
    let mut m = 0;
    while m < VECS / 2 {
        let b = 127 - 2 * m;
        t[m] = LaneZetas::from(&INV, [b, b, b - 1, b - 1]);
        m += 1;
    }
    t
};

/// Cooley-Tukey butterfly with one twiddle: `(a + z b, a - z b)`.
#[inline(always)]
fn ct(a: &mut v128, b: &mut v128, z: Zeta) {
    ct_lanes(a, b, (i32x4_splat(z.z), i32x4_splat(z.zq)));
}

#[inline(always)]
fn ct_lanes(a: &mut v128, b: &mut v128, z: (v128, v128)) {
    let t = mont_mul(*b, z.0, z.1);
    *b = i32x4_sub(*a, t);
    *a = i32x4_add(*a, t);
}

/// Gentleman-Sande butterfly with one twiddle: `(a + b, z (a - b))`.
#[inline(always)]
fn gs(a: &mut v128, b: &mut v128, z: Zeta) {
    gs_lanes(a, b, (i32x4_splat(z.z), i32x4_splat(z.zq)));
}

#[inline(always)]
fn gs_lanes(a: &mut v128, b: &mut v128, z: (v128, v128)) {
    let d = i32x4_sub(*a, *b);
    *a = i32x4_add(*a, *b);
    *b = mont_mul(d, z.0, z.1);
}

/// The forward layers of distance 2 and 1 on the vector pair `m`
/// (coefficients `c0 .. c8` in `v0`, `v1`).
#[inline(always)]
fn fwd_last_two(v0: &mut v128, v1: &mut v128, m: usize) {
    // Distance 2: (c0 c1 c4 c5) meets (c2 c3 c6 c7).
    let mut x = i32x4_shuffle::<0, 1, 4, 5>(*v0, *v1);
    let mut y = i32x4_shuffle::<2, 3, 6, 7>(*v0, *v1);
    ct_lanes(&mut x, &mut y, FWD2[m].load());
    // Distance 1: the even coefficients meet the odd ones.
    let mut e = i32x4_shuffle::<0, 4, 2, 6>(x, y);
    let mut o = i32x4_shuffle::<1, 5, 3, 7>(x, y);
    ct_lanes(&mut e, &mut o, FWD1[m].load());
    *v0 = i32x4_shuffle::<0, 4, 1, 5>(e, o);
    *v1 = i32x4_shuffle::<2, 6, 3, 7>(e, o);
}

/// The inverse layers of distance 1 and 2 on the vector pair `m`.
#[inline(always)]
fn inv_first_two(v0: &mut v128, v1: &mut v128, m: usize) {
    let mut e = i32x4_shuffle::<0, 2, 4, 6>(*v0, *v1);
    let mut o = i32x4_shuffle::<1, 3, 5, 7>(*v0, *v1);
    gs_lanes(&mut e, &mut o, INV1[m].load());
    let mut x = i32x4_shuffle::<0, 4, 2, 6>(e, o);
    let mut y = i32x4_shuffle::<1, 5, 3, 7>(e, o);
    gs_lanes(&mut x, &mut y, INV2[m].load());
    *v0 = i32x4_shuffle::<0, 1, 4, 5>(x, y);
    *v1 = i32x4_shuffle::<2, 3, 6, 7>(x, y);
}

/// Splits `v` into its elements `i` and `j` (`i < j`).
#[inline(always)]
fn pair(v: &mut [v128; 8], i: usize, j: usize) -> (&mut v128, &mut v128) {
    let (a, b) = v.split_at_mut(j);
    (&mut a[i], &mut b[0])
}

/// FIPS 204, Algorithm 41 (NTT), exactly as the portable backend computes
/// it.
pub(super) fn ntt(p: &mut Poly) {
    // Distances 128, 64, 32 (32, 16, 8 vectors): eight vectors 8 apart.
    for j in 0..8 {
        let mut v = [i32x4_splat(0); 8];
        for (i, x) in v.iter_mut().enumerate() {
            *x = ld(p, j + 8 * i);
        }
        for i in 0..4 {
            let (a, b) = pair(&mut v, i, i + 4);
            ct(a, b, FWD[1]);
        }
        for h in 0..2 {
            for i in 4 * h..4 * h + 2 {
                let (a, b) = pair(&mut v, i, i + 2);
                ct(a, b, FWD[2 + h]);
            }
        }
        for g in 0..4 {
            let (a, b) = pair(&mut v, 2 * g, 2 * g + 1);
            ct(a, b, FWD[4 + g]);
        }
        for (i, x) in v.iter().enumerate() {
            st(p, j + 8 * i, *x);
        }
    }
    // Distances 16, 8, 4, 2, 1 on each block of 32 coefficients.
    for b in 0..8 {
        let mut v = [i32x4_splat(0); 8];
        for (i, x) in v.iter_mut().enumerate() {
            *x = ld(p, 8 * b + i);
        }
        for i in 0..4 {
            let (x, y) = pair(&mut v, i, i + 4);
            ct(x, y, FWD[8 + b]);
        }
        for h in 0..2 {
            for i in 4 * h..4 * h + 2 {
                let (x, y) = pair(&mut v, i, i + 2);
                ct(x, y, FWD[16 + 2 * b + h]);
            }
        }
        for c in 0..4 {
            let (x, y) = pair(&mut v, 2 * c, 2 * c + 1);
            ct(x, y, FWD[32 + 4 * b + c]);
            fwd_last_two(x, y, 4 * b + c);
        }
        for (i, x) in v.iter().enumerate() {
            st(p, 8 * b + i, *x);
        }
    }
}

/// FIPS 204, Algorithm 42 (NTT^-1), times `R`, exactly as the portable
/// backend computes it.
pub(super) fn inv_ntt(p: &mut Poly) {
    // Distances 1, 2, 4, 8, 16 on each block of 32 coefficients.
    for b in 0..8 {
        let mut v = [i32x4_splat(0); 8];
        for (i, x) in v.iter_mut().enumerate() {
            *x = ld(p, 8 * b + i);
        }
        for c in 0..4 {
            let m = 4 * b + c;
            let (x, y) = pair(&mut v, 2 * c, 2 * c + 1);
            inv_first_two(x, y, m);
            gs(x, y, INV[63 - m]);
        }
        for h in 0..2 {
            for i in 4 * h..4 * h + 2 {
                let (x, y) = pair(&mut v, i, i + 2);
                gs(x, y, INV[31 - 2 * b - h]);
            }
        }
        for i in 0..4 {
            let (x, y) = pair(&mut v, i, i + 4);
            gs(x, y, INV[15 - b]);
        }
        for (i, x) in v.iter().enumerate() {
            st(p, 8 * b + i, *x);
        }
    }
    // Distances 32, 64, 128, then the final factor.
    let f = i32x4_splat(INV_NTT_F);
    let fq = i32x4_splat(INV_NTT_F.wrapping_mul(QINV));
    for j in 0..8 {
        let mut v = [i32x4_splat(0); 8];
        for (i, x) in v.iter_mut().enumerate() {
            *x = ld(p, j + 8 * i);
        }
        for g in 0..4 {
            let (a, b) = pair(&mut v, 2 * g, 2 * g + 1);
            gs(a, b, INV[7 - g]);
        }
        for h in 0..2 {
            for i in 4 * h..4 * h + 2 {
                let (a, b) = pair(&mut v, i, i + 2);
                gs(a, b, INV[3 - h]);
            }
        }
        for i in 0..4 {
            let (a, b) = pair(&mut v, i, i + 4);
            gs(a, b, INV[1]);
        }
        for (i, x) in v.iter().enumerate() {
            st(p, j + 8 * i, mont_mul(*x, f, fq));
        }
    }
}

/// FIPS 204, Algorithm 45 (MultiplyNTT), with the Montgomery factor.
pub(super) fn pointwise(out: &mut Poly, a: &Poly, b: &Poly) {
    for v in 0..VECS {
        st(out, v, mont_mul_var(ld(a, v), ld(b, v)));
    }
}

/// [`pointwise`] added to `acc` with wrapping additions.
pub(super) fn pointwise_acc(acc: &mut Poly, a: &Poly, b: &Poly) {
    for v in 0..VECS {
        let s = i32x4_add(ld(acc, v), mont_mul_var(ld(a, v), ld(b, v)));
        st(acc, v, s);
    }
}
