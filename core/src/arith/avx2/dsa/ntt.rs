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
//! vectors, and for `len` 4, 2 and 1 each 16-coefficient block (two
//! vectors) is rearranged so that the two partners of every butterfly sit
//! in the same lane of two registers: [`halves`] gives the `len` 4 layout,
//! and each [`zip`] the next one; a third [`zip`] and [`halves`] again
//! restore the memory order. The inverse transform runs the same passes
//! backwards, stepping back through the layouts with [`unzip`]. The
//! per-lane twiddle rows are built at compile time from the lane layouts.
//!
//! Each pass keeps its eight vectors in registers: the butterflies are
//! written out with constant indices (a loop over the pairs leaves the
//! array on the stack), and the four 16-coefficient blocks go through each
//! step together so that their dependency chains overlap.
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
/// coefficients further on. Each 128-bit half holds one 8-coefficient half
/// of the block.
const fn lane_coeff(len: usize, l: usize) -> usize {
    let i = l % 4;
    8 * (l / 4)
        + match len {
            // [`halves`]: 0, 1, 2, 3 (the partners 4, 5, 6, 7 in `y`).
            4 => i,
            // One [`zip`] further: 0, 4, 1, 5 (partners 2, 6, 3, 7).
            2 => [0, 4, 1, 5][i],
            // Two: the even coefficients 0, 2, 4, 6.
            _ => 2 * i,
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

/// The twiddles of the layers with `len` 4, 2, 1, per 16-coefficient block
/// of each 64-coefficient block.
type Twiddles = [[[Twiddle; 3]; 4]; N / 64];

/// The lane-varying twiddles: forward (Algorithm 41, `ZETAS[k]`) or inverse
/// (Algorithm 42, `-ZETAS[k]`), with `k` the portable loop counter at the
/// butterfly of each lane's coefficient.
const fn twiddles(inverse: bool) -> Twiddles {
    let zero = Row([0; 8]);
    let mut t = [[[Twiddle {
        b: zero,
        bq: zero,
        b_odd: zero,
        bq_odd: zero,
    }; 3]; 4]; N / 64];
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
            let tw = &mut t[blk / 4][blk % 4][layer];
            let mut l = 0;
            while l < 8 {
                let zq = z[l].wrapping_mul(QINV);
                tw.b.0[l] = z[l];
                tw.bq.0[l] = zq;
                // `_mm256_mul_epi32` reads the even lanes: lane 2i carries the
                // multiplier of lane 2i + 1 for the odd half, so no twiddle
                // shuffle is left for run time.
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

/// The two vectors `a`, `b` of a 16-coefficient block as `x = [a.lo, b.lo]`,
/// `y = [a.hi, b.hi]`; its own inverse.
#[target_feature(enable = "avx2")]
#[inline]
fn halves(a: __m256i, b: __m256i) -> (__m256i, __m256i) {
    (
        _mm256_permute2x128_si256::<0x20>(a, b),
        _mm256_permute2x128_si256::<0x31>(a, b),
    )
}

/// Interleaves the 32-bit elements of each 128-bit half:
/// `[x0, x1, x2, x3], [y0, y1, y2, y3]` to `[x0, y0, x1, y1], [x2, y2, x3, y3]`.
/// Starting from the [`halves`] layout, it gives the `len` 2 layout, then
/// the `len` 1 layout, then (a third time) the halves in memory order.
#[target_feature(enable = "avx2")]
#[inline]
fn zip(x: __m256i, y: __m256i) -> (__m256i, __m256i) {
    (_mm256_unpacklo_epi32(x, y), _mm256_unpackhi_epi32(x, y))
}

/// The inverse of [`zip`]: `[x0, x2, y0, y2], [x1, x3, y1, y3]` per 128-bit
/// half (`vshufps`, one instruction per output).
#[target_feature(enable = "avx2")]
#[inline]
fn unzip(x: __m256i, y: __m256i) -> (__m256i, __m256i) {
    let (x, y) = (_mm256_castsi256_ps(x), _mm256_castsi256_ps(y));
    (
        _mm256_castps_si256(_mm256_shuffle_ps::<0x88>(x, y)),
        _mm256_castps_si256(_mm256_shuffle_ps::<0xdd>(x, y)),
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

/// Butterflies on register pairs `(r[i], r[j])` of an eight-vector array,
/// written out pair by pair: with constant indices the array stays in
/// registers (a loop over the pairs would index it through memory).
macro_rules! pairs {
    ($f:ident, $r:ident, $z:expr; $($i:literal $j:literal),+) => {{
        let z = $z;
        $( ($r[$i], $r[$j]) = $f($r[$i], $r[$j], &z); )+
    }};
}

/// Loads vectors `first, first + step, ..., first + 7 step` of `p` as an
/// eight-vector array (a macro, so it is inlined however large the caller).
macro_rules! load8 {
    ($p:expr, $first:expr, $step:expr) => {{
        let (p, first, step): (&Poly, usize, usize) = ($p, $first, $step);
        [
            load(p, first),
            load(p, first + step),
            load(p, first + 2 * step),
            load(p, first + 3 * step),
            load(p, first + 4 * step),
            load(p, first + 5 * step),
            load(p, first + 6 * step),
            load(p, first + 7 * step),
        ]
    }};
}

/// Stores the eight-vector array `r` as vectors `first, first + step, ...,
/// first + 7 step` of `p`.
macro_rules! store8 {
    ($p:expr, $first:expr, $step:expr, $r:expr) => {{
        let (p, first, step): (&mut Poly, usize, usize) = ($p, $first, $step);
        let [r0, r1, r2, r3, r4, r5, r6, r7] = $r;
        store(p, first, r0);
        store(p, first + step, r1);
        store(p, first + 2 * step, r2);
        store(p, first + 3 * step, r3);
        store(p, first + 4 * step, r4);
        store(p, first + 5 * step, r5);
        store(p, first + 6 * step, r6);
        store(p, first + 7 * step, r7);
    }};
}

/// Runs `$f(x, y, h)` on the four 16-coefficient blocks `(r[2h], r[2h + 1])`
/// of an eight-vector array, one step for all four before the next: the
/// blocks are independent, so their latency chains overlap.
macro_rules! blocks {
    ($r:ident, |$x:ident, $y:ident| $f:expr) => {
        blocks!($r, |$x, $y, _h| $f)
    };
    ($r:ident, |$x:ident, $y:ident, $h:ident| $f:expr) => {{
        blocks!(@one $r, 0, 1, 0, $x, $y, $h, $f);
        blocks!(@one $r, 2, 3, 1, $x, $y, $h, $f);
        blocks!(@one $r, 4, 5, 2, $x, $y, $h, $f);
        blocks!(@one $r, 6, 7, 3, $x, $y, $h, $f);
    }};
    (@one $r:ident, $i:literal, $j:literal, $k:literal, $x:ident, $y:ident, $h:ident, $f:expr) => {{
        let ($x, $y, $h) = ($r[$i], $r[$j], $k);
        ($r[$i], $r[$j]) = $f;
    }};
}

/// The layers with `len` 4, 2, 1 of Algorithm 41 on the eight vectors of a
/// 64-coefficient block.
#[target_feature(enable = "avx2")]
#[inline]
fn fwd_low(r: &mut [__m256i; 8], tw: &[[Twiddle; 3]; 4]) {
    blocks!(r, |x, y| halves(x, y));
    blocks!(r, |x, y, h| fwd(x, y, &row_mul(&tw[h][0])));
    blocks!(r, |x, y| zip(x, y));
    blocks!(r, |x, y, h| fwd(x, y, &row_mul(&tw[h][1])));
    blocks!(r, |x, y| zip(x, y));
    blocks!(r, |x, y, h| fwd(x, y, &row_mul(&tw[h][2])));
    blocks!(r, |x, y| zip(x, y));
    blocks!(r, |x, y| halves(x, y));
}

/// The layers with `len` 1, 2, 4 of Algorithm 42 on the eight vectors of a
/// 64-coefficient block.
#[target_feature(enable = "avx2")]
#[inline]
fn inv_low(r: &mut [__m256i; 8], tw: &[[Twiddle; 3]; 4]) {
    blocks!(r, |x, y| halves(x, y));
    blocks!(r, |x, y| unzip(x, y));
    blocks!(r, |x, y, h| inv(x, y, &row_mul(&tw[h][2])));
    blocks!(r, |x, y| unzip(x, y));
    blocks!(r, |x, y, h| inv(x, y, &row_mul(&tw[h][1])));
    blocks!(r, |x, y| unzip(x, y));
    blocks!(r, |x, y, h| inv(x, y, &row_mul(&tw[h][0])));
    blocks!(r, |x, y| halves(x, y));
}

/// FIPS 204, Algorithm 41 (NTT) in place, in the portable coefficient order
/// and with the portable values: input `|a| < 2^31 - 9q`, output within
/// `8q` of the input bound.
#[target_feature(enable = "avx2")]
pub(super) fn ntt(p: &mut Poly) {
    // len = 128, 64, 32: vectors off + 4j, j = 0..8.
    for off in 0..4 {
        let mut r = load8!(p, off, 4);
        pairs!(fwd, r, zeta(1); 0 4, 1 5, 2 6, 3 7);
        pairs!(fwd, r, zeta(2); 0 2, 1 3);
        pairs!(fwd, r, zeta(3); 4 6, 5 7);
        pairs!(fwd, r, zeta(4); 0 1);
        pairs!(fwd, r, zeta(5); 2 3);
        pairs!(fwd, r, zeta(6); 4 5);
        pairs!(fwd, r, zeta(7); 6 7);
        store8!(p, off, 4, r);
    }
    // len = 16, 8, 4, 2, 1: vectors 8c .. 8c + 8.
    for (c, tw) in FWD.iter().enumerate() {
        let mut r = load8!(p, 8 * c, 1);
        pairs!(fwd, r, zeta(8 + 2 * c); 0 2, 1 3);
        pairs!(fwd, r, zeta(9 + 2 * c); 4 6, 5 7);
        pairs!(fwd, r, zeta(16 + 4 * c); 0 1);
        pairs!(fwd, r, zeta(17 + 4 * c); 2 3);
        pairs!(fwd, r, zeta(18 + 4 * c); 4 5);
        pairs!(fwd, r, zeta(19 + 4 * c); 6 7);
        fwd_low(&mut r, tw);
        store8!(p, 8 * c, 1, r);
    }
}

/// FIPS 204, Algorithm 42 (NTT^-1) in place, times `R`, with the portable
/// values: the butterflies, then `montgomery_reduce(INV_NTT_F * a)` per
/// coefficient. Input `|a| < q`, output `|a| < q`.
#[target_feature(enable = "avx2")]
pub(super) fn inv_ntt(p: &mut Poly) {
    // len = 1, 2, 4, 8, 16: vectors 8c .. 8c + 8.
    for (c, tw) in INV.iter().enumerate() {
        let mut r = load8!(p, 8 * c, 1);
        inv_low(&mut r, tw);
        pairs!(inv, r, neg_zeta(31 - 4 * c); 0 1);
        pairs!(inv, r, neg_zeta(30 - 4 * c); 2 3);
        pairs!(inv, r, neg_zeta(29 - 4 * c); 4 5);
        pairs!(inv, r, neg_zeta(28 - 4 * c); 6 7);
        pairs!(inv, r, neg_zeta(15 - 2 * c); 0 2, 1 3);
        pairs!(inv, r, neg_zeta(14 - 2 * c); 4 6, 5 7);
        store8!(p, 8 * c, 1, r);
    }
    // len = 32, 64, 128 on vectors off + 4j, then the final scaling (a
    // per-coefficient step, so it may run pass by pass).
    for off in 0..4 {
        let mut r = load8!(p, off, 4);
        pairs!(inv, r, neg_zeta(7); 0 1);
        pairs!(inv, r, neg_zeta(6); 2 3);
        pairs!(inv, r, neg_zeta(5); 4 5);
        pairs!(inv, r, neg_zeta(4); 6 7);
        pairs!(inv, r, neg_zeta(3); 0 2, 1 3);
        pairs!(inv, r, neg_zeta(2); 4 6, 5 7);
        pairs!(inv, r, neg_zeta(1); 0 4, 1 5, 2 6, 3 7);
        let f = mul_const(INV_NTT_F, INV_NTT_F.wrapping_mul(QINV));
        let m = |v| montmul(v, &f);
        let [r0, r1, r2, r3, r4, r5, r6, r7] = r;
        let r = [m(r0), m(r1), m(r2), m(r3), m(r4), m(r5), m(r6), m(r7)];
        store8!(p, off, 4, r);
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
