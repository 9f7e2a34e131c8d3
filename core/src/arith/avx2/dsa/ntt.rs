//! The NTT over `Z_8380417` (FIPS 204, Algorithms 41 and 42) and the
//! pointwise products (Algorithm 45) on 8 x i32 lanes.
//!
//! Every butterfly is the portable one, with one Montgomery reduction per
//! product, so the transforms give the portable `i32` values exactly. The
//! coefficient order in memory is the portable (bit-reversed) one: the
//! sampler writes `A_hat` straight into it, and both backends can read each
//! other's polynomials.
//!
//! Forward transform: the layers with `len` 128, 64 and 32 pair whole
//! vectors `v` and `v + len / 8`, so they run in four passes over the eight
//! vectors `off, off + 4, ..., off + 28`. The remaining five layers stay
//! inside one 64-coefficient block (eight vectors): `len` 16 and 8 pair
//! vectors, and for `len` 4, 2 and 1 each pair of vectors is rearranged with
//! [`s4`], [`s2`], [`s1`] so that the two partners of every butterfly sit in
//! the same lane of two registers. Each rearrangement is an involution, so
//! applying them again in reverse order restores the memory order. The
//! per-lane twiddle rows are built at compile time from the lane layouts.
//! The inverse transform runs the same passes backwards.
//!
//! Intermediate values never leave i32: the forward layers add less than
//! `q` each to the input bound, the inverse ones at most double sums that
//! start below `q` (`256 q < 2^31`), exactly as in the portable code.

use core::arch::x86_64::*;

use super::arith::{Mul, Row, load, load_row, montmul, montmul_vv, mul_const, store};
use crate::arith::dsa::{INV_NTT_F, N, Poly, QINV, ZETAS};

/// `ZETAS[k] * q^-1 mod 2^32`, saving one multiplication per Montgomery
/// product with a twiddle.
const ZETAS_QINV: [i32; N] = {
    let mut z = [0i32; N];
    let mut k = 0;
    while k < N {
        z[k] = ZETAS[k].wrapping_mul(QINV);
        k += 1;
    }
    z
};

/// Coefficient (within a 16-coefficient block: two vectors `x`, `y`) held by
/// lane `l` of `x` once the block is laid out for the layer with butterfly
/// distance `len` in 4, 2, 1; its partner sits in lane `l` of `y`, `len`
/// coefficients further on.
const fn lane_coeff(len: usize, l: usize) -> usize {
    match len {
        // s4: [x.lo, y.lo] = 0..4, 8..12.
        4 => (l % 4) + 8 * (l / 4),
        // then s2: 0, 1, 4, 5, 8, 9, 12, 13.
        2 => 4 * (l / 2) + (l % 2),
        // then s1: the even coefficients.
        _ => 2 * l,
    }
}

/// Twiddle rows of one layer in one 16-coefficient block, in the form
/// [`Mul`] takes.
#[derive(Clone, Copy)]
struct Twiddle {
    b: Row,
    bq: Row,
    b_odd: Row,
    bq_odd: Row,
}

/// Per 16-coefficient block, the twiddles of the layers with `len` 4, 2, 1.
type Twiddles = [[Twiddle; 3]; N / 16];

/// The lane-varying twiddles: forward (Algorithm 41, `ZETAS[k]`) or inverse
/// (Algorithm 42, `-ZETAS[k]`), with `k` the portable loop counter at the
/// butterfly of each lane's coefficient.
const fn twiddles(inverse: bool) -> Twiddles {
    let zero = Row([0; 8]);
    let mut t = [[Twiddle {
        b: zero,
        bq: zero,
        b_odd: zero,
        bq_odd: zero,
    }; 3]; N / 16];
    let mut blk = 0;
    while blk < N / 16 {
        let mut layer = 0;
        while layer < 3 {
            let len = 4 >> layer;
            let mut z = [0i32; 8];
            let mut l = 0;
            while l < 8 {
                let c = 16 * blk + lane_coeff(len, l);
                // The layout pairs a coefficient with its partner.
                assert!(c % (2 * len) < len);
                let k = if inverse {
                    N / len - 1 - c / (2 * len)
                } else {
                    128 / len + c / (2 * len)
                };
                z[l] = if inverse { -ZETAS[k] } else { ZETAS[k] };
                l += 1;
            }
            let tw = &mut t[blk][layer];
            let mut l = 0;
            while l < 8 {
                let zq = z[l].wrapping_mul(QINV);
                tw.b.0[l] = z[l];
                tw.bq.0[l] = zq;
                // `_mm256_mul_epi32` reads the even lanes: lane 2i carries the
                // multiplier of lane 2i + 1 for the odd half.
                let o = l | 1;
                tw.b_odd.0[l] = z[o];
                tw.bq_odd.0[l] = z[o].wrapping_mul(QINV);
                l += 1;
            }
            layer += 1;
        }
        blk += 1;
    }
    t
}

static FWD: Twiddles = twiddles(false);
static INV: Twiddles = twiddles(true);

#[target_feature(enable = "avx2")]
#[inline]
fn row_mul(t: &Twiddle) -> Mul {
    Mul {
        b: load_row(&t.b),
        bq: load_row(&t.bq),
        b_odd: load_row(&t.b_odd),
        bq_odd: load_row(&t.bq_odd),
    }
}

/// `ZETAS[k]` in every lane.
#[target_feature(enable = "avx2")]
#[inline]
fn zeta(k: usize) -> Mul {
    mul_const(ZETAS[k], ZETAS_QINV[k])
}

/// `-ZETAS[k]` in every lane (Algorithm 42 multiplies by `-zeta`).
#[target_feature(enable = "avx2")]
#[inline]
fn neg_zeta(k: usize) -> Mul {
    mul_const(-ZETAS[k], ZETAS_QINV[k].wrapping_neg())
}

/// Swaps 128-bit halves: `x = [a.lo, b.lo]`, `y = [a.hi, b.hi]`.
#[target_feature(enable = "avx2")]
#[inline]
fn s4(a: __m256i, b: __m256i) -> (__m256i, __m256i) {
    (
        _mm256_permute2x128_si256::<0x20>(a, b),
        _mm256_permute2x128_si256::<0x31>(a, b),
    )
}

/// Interleaves 64-bit elements within each 128-bit half.
#[target_feature(enable = "avx2")]
#[inline]
fn s2(a: __m256i, b: __m256i) -> (__m256i, __m256i) {
    (_mm256_unpacklo_epi64(a, b), _mm256_unpackhi_epi64(a, b))
}

/// `x` takes the even 32-bit elements of `a` and `b` alternately, `y` the odd.
#[target_feature(enable = "avx2")]
#[inline]
fn s1(a: __m256i, b: __m256i) -> (__m256i, __m256i) {
    (
        _mm256_blend_epi32::<0xaa>(a, _mm256_slli_epi64::<32>(b)),
        _mm256_blend_epi32::<0xaa>(_mm256_srli_epi64::<32>(a), b),
    )
}

/// Cooley-Tukey butterfly of Algorithm 41: `t = z y`, `(x + t, x - t)`.
#[target_feature(enable = "avx2")]
#[inline]
fn fwd(x: __m256i, y: __m256i, z: &Mul) -> (__m256i, __m256i) {
    let t = montmul(y, z);
    (_mm256_add_epi32(x, t), _mm256_sub_epi32(x, t))
}

/// Gentleman-Sande butterfly of Algorithm 42 with the negated twiddle:
/// `(x + y, -zeta (x - y))`.
#[target_feature(enable = "avx2")]
#[inline]
fn inv(x: __m256i, y: __m256i, z: &Mul) -> (__m256i, __m256i) {
    let d = _mm256_sub_epi32(x, y);
    (_mm256_add_epi32(x, y), montmul(d, z))
}

/// [`fwd`] on `(r[i], r[j])` in place.
#[target_feature(enable = "avx2")]
#[inline]
fn fwd_at(r: &mut [__m256i; 8], i: usize, j: usize, z: &Mul) {
    (r[i], r[j]) = fwd(r[i], r[j], z);
}

/// [`inv`] on `(r[i], r[j])` in place.
#[target_feature(enable = "avx2")]
#[inline]
fn inv_at(r: &mut [__m256i; 8], i: usize, j: usize, z: &Mul) {
    (r[i], r[j]) = inv(r[i], r[j], z);
}

/// FIPS 204, Algorithm 41 (NTT) in place, in the portable coefficient order
/// and with the portable values: input `|a| < 2^31 - 9q`, output within
/// `8q` of the input bound.
#[target_feature(enable = "avx2")]
pub(super) fn ntt(p: &mut Poly) {
    // len = 128, 64, 32: vectors off + 4j, j = 0..8.
    for off in 0..4 {
        let mut r = [_mm256_setzero_si256(); 8];
        for (j, v) in r.iter_mut().enumerate() {
            *v = load(p, off + 4 * j);
        }
        let z = zeta(1);
        for j in 0..4 {
            fwd_at(&mut r, j, j + 4, &z);
        }
        for j in [0, 1, 4, 5] {
            fwd_at(&mut r, j, j + 2, &zeta(2 + j / 4));
        }
        for j in [0, 2, 4, 6] {
            fwd_at(&mut r, j, j + 1, &zeta(4 + j / 2));
        }
        for (j, v) in r.iter().enumerate() {
            store(p, off + 4 * j, *v);
        }
    }
    // len = 16, 8, 4, 2, 1: vectors 8c .. 8c + 8.
    for c in 0..4 {
        let mut r = [_mm256_setzero_si256(); 8];
        for (j, v) in r.iter_mut().enumerate() {
            *v = load(p, 8 * c + j);
        }
        for j in [0, 1, 4, 5] {
            fwd_at(&mut r, j, j + 2, &zeta(8 + 2 * c + j / 4));
        }
        for j in [0, 2, 4, 6] {
            fwd_at(&mut r, j, j + 1, &zeta(16 + 4 * c + j / 2));
        }
        for h in 0..4 {
            let tw = &FWD[4 * c + h];
            let (x, y) = s4(r[2 * h], r[2 * h + 1]);
            let (x, y) = fwd(x, y, &row_mul(&tw[0]));
            let (x, y) = s2(x, y);
            let (x, y) = fwd(x, y, &row_mul(&tw[1]));
            let (x, y) = s1(x, y);
            let (x, y) = fwd(x, y, &row_mul(&tw[2]));
            let (x, y) = s1(x, y);
            let (x, y) = s2(x, y);
            (r[2 * h], r[2 * h + 1]) = s4(x, y);
        }
        for (j, v) in r.iter().enumerate() {
            store(p, 8 * c + j, *v);
        }
    }
}

/// FIPS 204, Algorithm 42 (NTT^-1) in place, times `R`, with the portable
/// values: the butterflies, then `montgomery_reduce(INV_NTT_F * a)` per
/// coefficient. Input `|a| < q`, output `|a| < q`.
#[target_feature(enable = "avx2")]
pub(super) fn inv_ntt(p: &mut Poly) {
    // len = 1, 2, 4, 8, 16: vectors 8c .. 8c + 8.
    for c in 0..4 {
        let mut r = [_mm256_setzero_si256(); 8];
        for (j, v) in r.iter_mut().enumerate() {
            *v = load(p, 8 * c + j);
        }
        for h in 0..4 {
            let tw = &INV[4 * c + h];
            let (x, y) = s4(r[2 * h], r[2 * h + 1]);
            let (x, y) = s2(x, y);
            let (x, y) = s1(x, y);
            let (x, y) = inv(x, y, &row_mul(&tw[2]));
            let (x, y) = s1(x, y);
            let (x, y) = inv(x, y, &row_mul(&tw[1]));
            let (x, y) = s2(x, y);
            let (x, y) = inv(x, y, &row_mul(&tw[0]));
            (r[2 * h], r[2 * h + 1]) = s4(x, y);
        }
        for j in [0, 2, 4, 6] {
            inv_at(&mut r, j, j + 1, &neg_zeta(31 - 4 * c - j / 2));
        }
        for j in [0, 1, 4, 5] {
            inv_at(&mut r, j, j + 2, &neg_zeta(15 - 2 * c - j / 4));
        }
        for (j, v) in r.iter().enumerate() {
            store(p, 8 * c + j, *v);
        }
    }
    // len = 32, 64, 128 on vectors off + 4j, then the final scaling (a
    // per-coefficient step, so it may run pass by pass).
    let f = mul_const(INV_NTT_F, INV_NTT_F.wrapping_mul(QINV));
    for off in 0..4 {
        let mut r = [_mm256_setzero_si256(); 8];
        for (j, v) in r.iter_mut().enumerate() {
            *v = load(p, off + 4 * j);
        }
        for j in [0, 2, 4, 6] {
            inv_at(&mut r, j, j + 1, &neg_zeta(7 - j / 2));
        }
        for j in [0, 1, 4, 5] {
            inv_at(&mut r, j, j + 2, &neg_zeta(3 - j / 4));
        }
        let z = neg_zeta(1);
        for j in 0..4 {
            inv_at(&mut r, j, j + 4, &z);
        }
        for (j, v) in r.iter().enumerate() {
            store(p, off + 4 * j, montmul(*v, &f));
        }
    }
}

/// `out = a * b * R^-1` (FIPS 204, Algorithm 45 MultiplyNTT, in Montgomery
/// form): the portable `montgomery_reduce(a * b)` per coefficient.
#[target_feature(enable = "avx2")]
pub(super) fn pointwise(out: &mut Poly, a: &Poly, b: &Poly) {
    for i in 0..N / 8 {
        let v = montmul_vv(load(a, i), load(b, i));
        store(out, i, v);
    }
}

/// `acc += a * b * R^-1` with a wrapping addition, as in the portable code.
#[target_feature(enable = "avx2")]
pub(super) fn pointwise_acc(acc: &mut Poly, a: &Poly, b: &Poly) {
    for i in 0..N / 8 {
        let v = montmul_vv(load(a, i), load(b, i));
        store(acc, i, _mm256_add_epi32(load(acc, i), v));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arith::dsa::{MONT, Q};

    #[test]
    fn zetas_match_fips_204_appendix_b() {
        assert_eq!(&ZETAS[1..4], &[25847, -2608894, -518909]);
        assert_eq!(ZETAS[255], 1976782);
        for k in 0..N {
            assert_eq!(ZETAS_QINV[k].wrapping_mul(Q), ZETAS[k]);
        }
    }

    #[test]
    fn inv_ntt_factor_is_r_squared_over_256() {
        let q = i64::from(Q);
        assert_eq!(i64::from(INV_NTT_F) * 256 % q, MONT * MONT % q);
    }
}
