//! Power2Round, Decompose, hints and the norm check (FIPS 204, section 7.4,
//! Algorithms 35-40) on 8 x i32 lanes.
//!
//! Every lane runs the portable formula (`portable::dsa::rounding`) with the
//! same wrapping 32-bit operations, so results agree bit for bit: `a1` of
//! Decompose is a multiply-shift (`mullo` is exact here: its products stay
//! below `2^31`), the conditional corrections are sign masks, and nothing
//! branches on, divides or indexes memory by a coefficient.

use core::arch::x86_64::*;

use super::arith::{freeze32 as freeze, load, store};
use crate::arith::dsa::{D, Poly, Q};

/// `a1` of Decompose (Algorithm 36) of canonical lanes: `ceil(a / 128)`,
/// then the multiply-shift by an approximation of `128 / (2 gamma2)`. The
/// top value wraps to 0 (a mask for `(q-1)/32`, where it is 16; a sign
/// mask for `(q-1)/88`, where it is 44).
#[target_feature(enable = "avx2")]
#[inline]
fn high(gamma2: i32, a: __m256i) -> __m256i {
    let a1 = _mm256_srai_epi32::<7>(_mm256_add_epi32(a, _mm256_set1_epi32(127)));
    if gamma2 == (Q - 1) / 32 {
        let a1 = _mm256_add_epi32(
            _mm256_mullo_epi32(a1, _mm256_set1_epi32(1025)),
            _mm256_set1_epi32(1 << 21),
        );
        _mm256_and_si256(_mm256_srai_epi32::<22>(a1), _mm256_set1_epi32(15))
    } else {
        let a1 = _mm256_add_epi32(
            _mm256_mullo_epi32(a1, _mm256_set1_epi32(11275)),
            _mm256_set1_epi32(1 << 23),
        );
        let a1 = _mm256_srai_epi32::<24>(a1);
        let over = _mm256_srai_epi32::<31>(_mm256_sub_epi32(_mm256_set1_epi32(43), a1));
        _mm256_xor_si256(a1, _mm256_and_si256(over, a1))
    }
}

/// `a0` of Decompose for canonical `a` and its `a1`, centred: `a - 2 gamma2
/// a1`, minus `q` above `(q-1)/2`.
#[target_feature(enable = "avx2")]
#[inline]
fn low(gamma2: i32, a: __m256i, a1: __m256i) -> __m256i {
    let a0 = _mm256_sub_epi32(a, _mm256_mullo_epi32(a1, _mm256_set1_epi32(2 * gamma2)));
    let over = _mm256_srai_epi32::<31>(_mm256_sub_epi32(_mm256_set1_epi32((Q - 1) / 2), a0));
    _mm256_sub_epi32(a0, _mm256_and_si256(over, _mm256_set1_epi32(Q)))
}

/// Power2Round (FIPS 204, Algorithm 35) of canonical coefficients.
#[target_feature(enable = "avx2")]
pub(super) fn power2round(t: &Poly, t1: &mut Poly, t0: &mut Poly) {
    let round = _mm256_set1_epi32((1 << (D - 1)) - 1);
    for i in 0..32 {
        let a = load(t, i);
        let a1 = _mm256_srai_epi32::<{ D as i32 }>(_mm256_add_epi32(a, round));
        store(t1, i, a1);
        store(
            t0,
            i,
            _mm256_sub_epi32(a, _mm256_slli_epi32::<{ D as i32 }>(a1)),
        );
    }
}

/// Decompose (FIPS 204, Algorithm 36) of any representatives with `|a| <
/// 2^31 - 2^22`.
#[target_feature(enable = "avx2")]
pub(super) fn decompose(gamma2: i32, a: &Poly, a1: &mut Poly, a0: &mut Poly) {
    for i in 0..32 {
        let x = freeze(load(a, i));
        let h = high(gamma2, x);
        store(a1, i, h);
        store(a0, i, low(gamma2, x, h));
    }
}

/// HighBits (FIPS 204, Algorithm 37) in place.
#[target_feature(enable = "avx2")]
pub(super) fn high_bits(gamma2: i32, a: &mut Poly) {
    for i in 0..32 {
        let h = high(gamma2, freeze(load(a, i)));
        store(a, i, h);
    }
}

/// MakeHint (FIPS 204, Algorithm 39): `h = [HighBits(r) != HighBits(r + z)]`
/// as 0/1 lanes. The ones are summed lane-wise and added up once at the
/// end, so the count costs the same whatever the hint.
#[target_feature(enable = "avx2")]
pub(super) fn make_hint(gamma2: i32, z: &Poly, r: &Poly, h: &mut Poly) -> u32 {
    let one = _mm256_set1_epi32(1);
    let mut sum = _mm256_setzero_si256();
    for i in 0..32 {
        let ri = load(r, i);
        let r1 = high(gamma2, freeze(ri));
        let v1 = high(gamma2, freeze(_mm256_add_epi32(ri, load(z, i))));
        let hi = _mm256_andnot_si256(_mm256_cmpeq_epi32(r1, v1), one);
        sum = _mm256_add_epi32(sum, hi);
        store(h, i, hi);
    }
    // At most 32 ones per lane: the 32-bit sums cannot overflow.
    let s = _mm_add_epi32(
        _mm256_castsi256_si128(sum),
        _mm256_extracti128_si256::<1>(sum),
    );
    let s = _mm_add_epi32(s, _mm_shuffle_epi32::<0b01_00_11_10>(s));
    let s = _mm_add_epi32(s, _mm_shuffle_epi32::<0b10_11_00_01>(s));
    _mm_cvtsi128_si32(s) as u32
}

/// UseHint (FIPS 204, Algorithm 40) in place with a 0/1 hint `h`: `a1 +- 1`
/// (up when `a0 > 0`) where the hint's low bit is set, wrapped modulo `m =
/// (q-1) / (2 gamma2)`.
#[target_feature(enable = "avx2")]
pub(super) fn use_hint(gamma2: i32, a: &mut Poly, h: &Poly) {
    let one = _mm256_set1_epi32(1);
    let zero = _mm256_setzero_si256();
    for i in 0..32 {
        let x = freeze(load(a, i));
        let a1 = high(gamma2, x);
        let a0 = low(gamma2, x, a1);
        // 1 when a0 > 0, else 0; then +1 / -1.
        let up = _mm256_and_si256(_mm256_srai_epi32::<31>(_mm256_sub_epi32(zero, a0)), one);
        let step = _mm256_sub_epi32(_mm256_slli_epi32::<1>(up), one);
        // All ones where the hint's low bit is set.
        let apply = _mm256_sub_epi32(zero, _mm256_and_si256(load(h, i), one));
        let r = _mm256_add_epi32(a1, _mm256_and_si256(step, apply));
        let r = if gamma2 == (Q - 1) / 32 {
            _mm256_and_si256(r, _mm256_set1_epi32(15))
        } else {
            let m = _mm256_set1_epi32(44);
            let r = _mm256_add_epi32(r, _mm256_and_si256(_mm256_srai_epi32::<31>(r), m));
            let over = _mm256_srai_epi32::<31>(_mm256_sub_epi32(_mm256_set1_epi32(43), r));
            _mm256_sub_epi32(r, _mm256_and_si256(over, m))
        };
        store(a, i, r);
    }
}

/// Whether some centred `|a mod+- q| >= bound` (FIPS 204, section 7.2). The
/// sign masks of `bound - 1 - |a|` are ORed over all 32 vectors and tested
/// once, so neither time nor memory access depends on where (or whether) a
/// large coefficient sits.
#[target_feature(enable = "avx2")]
pub(super) fn exceeds_norm(p: &Poly, bound: i32) -> bool {
    let q = _mm256_set1_epi32(Q);
    let half = _mm256_set1_epi32((Q - 1) / 2);
    let limit = _mm256_set1_epi32(bound.wrapping_sub(1));
    let mut flag = _mm256_setzero_si256();
    for i in 0..32 {
        let x = freeze(load(p, i));
        let over = _mm256_srai_epi32::<31>(_mm256_sub_epi32(half, x));
        let c = _mm256_sub_epi32(x, _mm256_and_si256(over, q));
        // |c| <= (q-1)/2, so abs is exact.
        let abs = _mm256_abs_epi32(c);
        flag = _mm256_or_si256(flag, _mm256_sub_epi32(limit, abs));
    }
    // Only the sign bits matter.
    _mm256_movemask_ps(_mm256_castsi256_ps(flag)) != 0
}
