//! The NTT of FIPS 203 section 4.3 (Algorithms 9 to 12) on 16 x i16 lanes.
//!
//! The coefficient order in memory is the portable one (FIPS 203's
//! bit-reversed order), so an NTT-domain [`Poly`] is what `ByteEncode_12`
//! writes into an encapsulation key and both backends can read each other's
//! polynomials.
//!
//! Forward transform: the three layers with `len` 128, 64 and 32 pair whole
//! vectors (vector `v` with `v + len / 16`); they only mix vectors of equal
//! parity, so they run as two passes over eight registers. The last four
//! layers stay inside one 32-coefficient block (two vectors): `len = 16`
//! pairs the two vectors, and for `len` 8, 4 and 2 the block is rearranged
//! with [`s8`], [`s4`], [`s2`] so that the two partners of every butterfly
//! sit in the same lane of two registers. Each rearrangement is an
//! involution, so applying them again in reverse order restores the memory
//! order. The per-lane twiddle rows are derived at compile time by running
//! the same rearrangements on coefficient indices.
//!
//! No reduction is needed between forward layers (each adds less than `q` to
//! the bound, `8q < 2^15`); the inverse transform Barrett-reduces its input
//! and the sums of the `len = 16` layer, which keeps every lane below `8q`.

use core::arch::x86_64::*;

use super::reduce::{QINV, Row, barrett, fqmul, fqmul_const, fqmul_pre, load, load_row, store};
use crate::arith::kem::{Poly, Q, ZETA, bitrev7, pow_mod_q};

/// `R mod q` for `R = 2^16`.
const R_MOD_Q: i64 = (1i64 << 16) % Q as i64;

/// `x mod q` centred into `-(q-1)/2 ..= (q-1)/2`.
const fn centred(x: i64) -> i16 {
    let q = Q as i64;
    let mut v = x.rem_euclid(q);
    if v > q / 2 {
        v -= q;
    }
    v as i16
}

/// `zeta^BitRev_7(k) * R`, centred (Algorithms 9 and 10).
const ZETAS: [i16; 128] = {
    let mut t = [0i16; 128];
    let mut k = 0;
    while k < 128 {
        t[k] = centred(pow_mod_q(ZETA, bitrev7(k)) * R_MOD_Q);
        k += 1;
    }
    t
};

/// `R^2 / 128 mod q`: Algorithm 10's final scaling by `128^-1` fused with
/// the factor `R` that cancels the `R^-1` of the base-case products.
const INV_NTT_SCALE: i16 = centred(R_MOD_Q * R_MOD_Q % Q as i64 * pow_mod_q(128, Q as usize - 2));

/// `ZETAS[1] * INV_NTT_SCALE * R^-1`: the last inverse layer's twiddle with
/// the final scaling folded in (one Montgomery multiplication instead of two).
const ZETA1_SCALED: i16 = {
    let rinv = pow_mod_q(R_MOD_Q, Q as usize - 2);
    centred(ZETAS[1] as i64 * INV_NTT_SCALE as i64 % Q as i64 * rinv)
};

/// `zeta^(2 BitRev_7(i) + 1) * R`, centred (Algorithm 11).
const GAMMAS: [i16; 128] = {
    let mut t = [0i16; 128];
    let mut i = 0;
    while i < 128 {
        t[i] = centred(pow_mod_q(ZETA, 2 * bitrev7(i) + 1) * R_MOD_Q);
        i += 1;
    }
    t
};

/// Per vector, `gamma` of each coefficient pair in both of its lanes (only
/// the odd lane is used by [`basemul_acc`]).
static GAMMA_ROWS: [Row; 16] = {
    let mut t = [Row([0; 16]); 16];
    let mut v = 0;
    while v < 16 {
        let mut l = 0;
        while l < 16 {
            t[v].0[l] = GAMMAS[8 * v + l / 2];
            l += 1;
        }
        v += 1;
    }
    t
};

/// Coefficient indices (within a 32-coefficient block) held by each lane of
/// the two registers.
type Lanes = [u8; 16];

/// Index model of [`s8`].
const fn s8_idx(a: Lanes, b: Lanes) -> (Lanes, Lanes) {
    let mut x = [0; 16];
    let mut y = [0; 16];
    let mut i = 0;
    while i < 8 {
        x[i] = a[i];
        x[i + 8] = b[i];
        y[i] = a[i + 8];
        y[i + 8] = b[i + 8];
        i += 1;
    }
    (x, y)
}

/// Index model of [`s4`].
const fn s4_idx(a: Lanes, b: Lanes) -> (Lanes, Lanes) {
    let mut x = [0; 16];
    let mut y = [0; 16];
    let mut o = 0;
    while o < 16 {
        let mut i = 0;
        while i < 4 {
            x[o + i] = a[o + i];
            x[o + 4 + i] = b[o + i];
            y[o + i] = a[o + 4 + i];
            y[o + 4 + i] = b[o + 4 + i];
            i += 1;
        }
        o += 8;
    }
    (x, y)
}

/// Index model of [`s2`].
const fn s2_idx(a: Lanes, b: Lanes) -> (Lanes, Lanes) {
    let mut x = [0; 16];
    let mut y = [0; 16];
    let mut d = 0;
    while d < 8 {
        // 32-bit element d of the result.
        let src = 2 * (d & !1);
        let (xs, ys) = if d & 1 == 0 { (&a, &a) } else { (&b, &b) };
        x[2 * d] = xs[src];
        x[2 * d + 1] = xs[src + 1];
        y[2 * d] = ys[src + 2];
        y[2 * d + 1] = ys[src + 3];
        d += 1;
    }
    (x, y)
}

/// Lane layouts at the layers with `len` 8, 4 and 2.
const LAYOUTS: [(Lanes, Lanes); 3] = {
    let mut a = [0u8; 16];
    let mut b = [0u8; 16];
    let mut i = 0;
    while i < 16 {
        a[i] = i as u8;
        b[i] = 16 + i as u8;
        i += 1;
    }
    let l8 = s8_idx(a, b);
    let l4 = s4_idx(l8.0, l8.1);
    let l2 = s2_idx(l4.0, l4.1);
    [l8, l4, l2]
};

/// Twiddles `z` and `z * q^-1` for each lane, layer `LAYOUTS[layer]` (with
/// butterfly distance `len`), in each of the eight 32-coefficient blocks.
struct Twiddles {
    z: [Row; 8],
    zq: [Row; 8],
}

const fn twiddles(layer: usize, len: usize, inverse: bool) -> Twiddles {
    let (x, y) = LAYOUTS[layer];
    let mut t = Twiddles {
        z: [Row([0; 16]); 8],
        zq: [Row([0; 16]); 8],
    };
    let mut blk = 0;
    while blk < 8 {
        let mut l = 0;
        while l < 16 {
            let c = 32 * blk + x[l] as usize;
            // The layout really pairs each coefficient with its partner.
            assert!(y[l] as usize == x[l] as usize + len && c % (2 * len) < len);
            let k = if inverse {
                256 / len - 1 - c / (2 * len)
            } else {
                128 / len + c / (2 * len)
            };
            t.z[blk].0[l] = ZETAS[k];
            t.zq[blk].0[l] = ZETAS[k].wrapping_mul(QINV);
            l += 1;
        }
        blk += 1;
    }
    t
}

static FWD8: Twiddles = twiddles(0, 8, false);
static FWD4: Twiddles = twiddles(1, 4, false);
static FWD2: Twiddles = twiddles(2, 2, false);
static INV8: Twiddles = twiddles(0, 8, true);
static INV4: Twiddles = twiddles(1, 4, true);
static INV2: Twiddles = twiddles(2, 2, true);

/// Swaps 128-bit halves: `x = [a.lo, b.lo]`, `y = [a.hi, b.hi]`.
#[target_feature(enable = "avx2")]
#[inline]
fn s8(a: __m256i, b: __m256i) -> (__m256i, __m256i) {
    (
        _mm256_permute2x128_si256::<0x20>(a, b),
        _mm256_permute2x128_si256::<0x31>(a, b),
    )
}

/// Interleaves 64-bit elements within each 128-bit half.
#[target_feature(enable = "avx2")]
#[inline]
fn s4(a: __m256i, b: __m256i) -> (__m256i, __m256i) {
    (_mm256_unpacklo_epi64(a, b), _mm256_unpackhi_epi64(a, b))
}

/// `x` takes the even 32-bit elements of `a` and `b` alternately, `y` the odd.
#[target_feature(enable = "avx2")]
#[inline]
fn s2(a: __m256i, b: __m256i) -> (__m256i, __m256i) {
    (
        _mm256_blend_epi32::<0xaa>(a, _mm256_slli_epi64::<32>(b)),
        _mm256_blend_epi32::<0xaa>(_mm256_srli_epi64::<32>(a), b),
    )
}

/// Broadcast twiddle `ZETAS[k]` with its `q^-1` multiple.
#[target_feature(enable = "avx2")]
#[inline]
fn zeta(k: usize) -> (__m256i, __m256i) {
    (
        _mm256_set1_epi16(ZETAS[k]),
        _mm256_set1_epi16(ZETAS[k].wrapping_mul(QINV)),
    )
}

/// Cooley-Tukey butterfly of Algorithm 9: `(x + z y, x - z y)`.
#[target_feature(enable = "avx2")]
#[inline]
fn fwd(x: __m256i, y: __m256i, z: (__m256i, __m256i)) -> (__m256i, __m256i) {
    let t = fqmul_pre(y, z.0, z.1);
    (_mm256_add_epi16(x, t), _mm256_sub_epi16(x, t))
}

/// Gentleman-Sande butterfly of Algorithm 10: `(x + y, z (y - x))`.
#[target_feature(enable = "avx2")]
#[inline]
fn inv(x: __m256i, y: __m256i, z: (__m256i, __m256i)) -> (__m256i, __m256i) {
    let d = _mm256_sub_epi16(y, x);
    (_mm256_add_epi16(x, y), fqmul_pre(d, z.0, z.1))
}

#[target_feature(enable = "avx2")]
#[inline]
fn row_pair(t: &Twiddles, blk: usize) -> (__m256i, __m256i) {
    (load_row(&t.z[blk]), load_row(&t.zq[blk]))
}

/// [`fwd`] on the pair `(r[i], r[j])` in place.
#[target_feature(enable = "avx2")]
#[inline]
fn fwd_at(r: &mut [__m256i; 8], i: usize, j: usize, z: (__m256i, __m256i)) {
    (r[i], r[j]) = fwd(r[i], r[j], z);
}

/// [`inv`] on the pair `(r[i], r[j])` in place.
#[target_feature(enable = "avx2")]
#[inline]
fn inv_at(r: &mut [__m256i; 8], i: usize, j: usize, z: (__m256i, __m256i)) {
    (r[i], r[j]) = inv(r[i], r[j], z);
}

/// FIPS 203, Algorithm 9, then a Barrett reduction: input `|a| < q`, output
/// centred, same order as the portable backend.
#[target_feature(enable = "avx2")]
pub(super) fn ntt(p: &mut Poly) {
    for par in 0..2 {
        let mut r = [_mm256_setzero_si256(); 8];
        for (j, v) in r.iter_mut().enumerate() {
            *v = load(p, par + 2 * j);
        }
        let z = zeta(1);
        for j in 0..4 {
            fwd_at(&mut r, j, j + 4, z);
        }
        for j in [0, 1, 4, 5] {
            fwd_at(&mut r, j, j + 2, zeta(2 + j / 4));
        }
        for j in [0, 2, 4, 6] {
            fwd_at(&mut r, j, j + 1, zeta(4 + j / 2));
        }
        for (j, v) in r.iter().enumerate() {
            store(p, par + 2 * j, *v);
        }
    }
    for blk in 0..8 {
        let (x, y) = fwd(load(p, 2 * blk), load(p, 2 * blk + 1), zeta(8 + blk));
        let (x, y) = s8(x, y);
        let (x, y) = fwd(x, y, row_pair(&FWD8, blk));
        let (x, y) = s4(x, y);
        let (x, y) = fwd(x, y, row_pair(&FWD4, blk));
        let (x, y) = s2(x, y);
        let (x, y) = fwd(x, y, row_pair(&FWD2, blk));
        let (x, y) = s2(x, y);
        let (x, y) = s4(x, y);
        let (x, y) = s8(x, y);
        store(p, 2 * blk, barrett(x));
        store(p, 2 * blk + 1, barrett(y));
    }
}

/// FIPS 203, Algorithm 10, times `R`: any i16 input, output `|a| < q`.
///
/// Bounds: after the input reduction every lane is at most `(q-1)/2`; the
/// sums of the `len` 2, 4, 8, 16 layers reach `8 (q-1)/2 < 2^15` and are
/// then reduced, twiddled differences are below `q`; the last three layers
/// bring the sums below `8q`, and the final Montgomery multiplications by
/// constants below `q/2` keep `|a * b| <= q * 2^15`.
#[target_feature(enable = "avx2")]
pub(super) fn inv_ntt(p: &mut Poly) {
    for blk in 0..8 {
        let (x, y) = (barrett(load(p, 2 * blk)), barrett(load(p, 2 * blk + 1)));
        let (x, y) = s8(x, y);
        let (x, y) = s4(x, y);
        let (x, y) = s2(x, y);
        let (x, y) = inv(x, y, row_pair(&INV2, blk));
        let (x, y) = s2(x, y);
        let (x, y) = inv(x, y, row_pair(&INV4, blk));
        let (x, y) = s4(x, y);
        let (x, y) = inv(x, y, row_pair(&INV8, blk));
        let (x, y) = s8(x, y);
        let (x, y) = inv(x, y, zeta(15 - blk));
        store(p, 2 * blk, barrett(x));
        store(p, 2 * blk + 1, y);
    }
    for par in 0..2 {
        let mut r = [_mm256_setzero_si256(); 8];
        for (j, v) in r.iter_mut().enumerate() {
            *v = load(p, par + 2 * j);
        }
        for j in [0, 2, 4, 6] {
            inv_at(&mut r, j, j + 1, zeta(7 - j / 2));
        }
        for j in [0, 1, 4, 5] {
            inv_at(&mut r, j, j + 2, zeta(3 - j / 4));
        }
        for j in 0..4 {
            let d = _mm256_sub_epi16(r[j + 4], r[j]);
            let s = _mm256_add_epi16(r[j], r[j + 4]);
            r[j] = fqmul_const(s, INV_NTT_SCALE);
            r[j + 4] = fqmul_const(d, ZETA1_SCALED);
        }
        for (j, v) in r.iter().enumerate() {
            store(p, par + 2 * j, *v);
        }
    }
}

/// Montgomery reduction of the eight i32 lanes of `a` (each `|a| <= q *
/// 2^15`); the result sits in the high 16 bits of each 32-bit element.
#[target_feature(enable = "avx2")]
#[inline]
fn mont32(a: __m256i) -> __m256i {
    let t = _mm256_mullo_epi16(a, _mm256_set1_epi16(QINV));
    let m = _mm256_mulhi_epi16(t, _mm256_set1_epi16(Q));
    _mm256_sub_epi16(a, _mm256_slli_epi32::<16>(m))
}

/// `acc += a * b * R^-1` in `T_q` (Algorithms 11 and 12), with the portable
/// formulas: `c0 = mont(a0 b0 + mont(a1 b1) gamma)`, `c1 = mont(a0 b1 + a1
/// b0)`. The sums of products are formed exactly by `madd` in 32 bits.
#[target_feature(enable = "avx2")]
pub(super) fn basemul_acc(acc: &mut Poly, a: &Poly, b: &Poly) {
    let swap = _mm256_setr_epi8(
        2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13, 2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9,
        14, 15, 12, 13,
    );
    for (i, g) in GAMMA_ROWS.iter().enumerate() {
        let va = load(a, i);
        let vb = load(b, i);
        // Odd lanes: mont(a1 b1).
        let prod = fqmul(va, vb);
        let x = _mm256_blend_epi16::<0xaa>(va, prod);
        let y = _mm256_blend_epi16::<0xaa>(vb, load_row(g));
        let c0 = mont32(_mm256_madd_epi16(x, y));
        let c1 = mont32(_mm256_madd_epi16(va, _mm256_shuffle_epi8(vb, swap)));
        let c = _mm256_blend_epi16::<0xaa>(_mm256_srli_epi32::<16>(c0), c1);
        store(acc, i, _mm256_add_epi16(load(acc, i), c));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constants_match_spec() {
        // FIPS 203 Appendix A: zeta^BitRev7(1) = 1729, zeta^1 = 17 for gamma_0.
        let r = R_MOD_Q;
        assert_eq!(i64::from(ZETAS[1]).rem_euclid(3329), 1729 * r % 3329);
        assert_eq!(i64::from(GAMMAS[0]).rem_euclid(3329), 17 * r % 3329);
        assert_eq!(INV_NTT_SCALE, 1441);
        assert!(ZETA1_SCALED.abs() <= (Q - 1) / 2);
    }
}
