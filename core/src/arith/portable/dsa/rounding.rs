//! Reductions, rounding and hints (FIPS 204, section 7.4), all with
//! multiplications, shifts and masks: no division, no branch on values.

use crate::arith::dsa::{D, N, Q};

/// `a mod q` in `-6283009 ..= 6283008`, for `a <= 2^31 - 2^22`.
#[inline(always)]
pub(super) fn reduce32(a: i32) -> i32 {
    let t = (a + (1 << 22)) >> 23;
    a - t * Q
}

/// Adds `q` when `a` is negative.
#[inline(always)]
fn caddq(a: i32) -> i32 {
    a + ((a >> 31) & Q)
}

/// `a mod q` in `0 .. q`, for `|a| < 2^31 - 2^22`.
#[inline(always)]
pub(super) fn freeze(a: i32) -> i32 {
    caddq(reduce32(a))
}

/// FIPS 204, Algorithm 35 (Power2Round) of a canonical `a`.
#[inline(always)]
pub(super) fn power2round(a: i32) -> (i32, i32) {
    let a1 = (a + (1 << (D - 1)) - 1) >> D;
    (a1, a - (a1 << D))
}

/// FIPS 204, Algorithm 36 (Decompose) of a canonical `a`.
///
/// `a1 = round(a / (2 * gamma2))` is computed as a fixed-point
/// multiplication: first `ceil(a / 128)`, then a multiply-shift by an
/// approximation of `128 / (2 * gamma2)` that is exact on the whole input
/// range. The top value that would round to `(q-1) / (2 * gamma2)` wraps
/// to 0 with `a0` one less, as the standard's `r+ - r0 = q - 1` case asks.
#[inline(always)]
pub(super) fn decompose(gamma2: i32, a: i32) -> (i32, i32) {
    let mut a1 = (a + 127) >> 7;
    if gamma2 == (Q - 1) / 32 {
        a1 = (a1 * 1025 + (1 << 21)) >> 22;
        a1 &= 15;
    } else {
        a1 = (a1 * 11275 + (1 << 23)) >> 24;
        a1 ^= ((43 - a1) >> 31) & a1;
    }
    let mut a0 = a - a1 * 2 * gamma2;
    a0 -= (((Q - 1) / 2 - a0) >> 31) & Q;
    (a1, a0)
}

/// 1 when `x != y`, else 0, without a branch.
#[inline(always)]
fn ct_ne(x: i32, y: i32) -> i32 {
    let d = (x ^ y) as u32;
    ((d | d.wrapping_neg()) >> 31) as i32
}

/// FIPS 204, Algorithm 39 (MakeHint): `HighBits(r) != HighBits(r + z)`.
#[inline(always)]
pub(super) fn make_hint(gamma2: i32, z: i32, r: i32) -> i32 {
    let r1 = decompose(gamma2, freeze(r)).0;
    let v1 = decompose(gamma2, freeze(r.wrapping_add(z))).0;
    ct_ne(r1, v1)
}

/// FIPS 204, Algorithm 40 (UseHint) with a 0/1 hint `h`.
#[inline(always)]
pub(super) fn use_hint(gamma2: i32, a: i32, h: i32) -> i32 {
    let (a1, a0) = decompose(gamma2, freeze(a));
    // +1 when a0 > 0, -1 otherwise; only applied when h = 1.
    let up = ((-a0) >> 31) & 1;
    let r = a1 + (h & 1) * (2 * up - 1);
    if gamma2 == (Q - 1) / 32 {
        r & 15
    } else {
        let r = r + ((r >> 31) & 44);
        r - (((43 - r) >> 31) & 44)
    }
}

/// Whether some `|a mod+- q| >= bound`; the flag is accumulated over every
/// coefficient so neither the time nor the memory access pattern depends on
/// where (or whether) a large coefficient sits.
pub(super) fn exceeds_norm(a: &[i32; N], bound: i32) -> bool {
    let mut flag = 0i32;
    for &x in a {
        let x = freeze(x);
        let c = x - ((((Q - 1) / 2) - x) >> 31 & Q);
        let abs = c - ((c >> 31) & (2 * c));
        flag |= (bound - 1 - abs) >> 31;
    }
    core::hint::black_box(flag) != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decompose_spec(gamma2: i32, r: i32) -> (i32, i32) {
        let rp = r.rem_euclid(Q);
        let mut r0 = rp % (2 * gamma2);
        if r0 > gamma2 {
            r0 -= 2 * gamma2;
        }
        if rp - r0 == Q - 1 {
            (0, r0 - 1)
        } else {
            ((rp - r0) / (2 * gamma2), r0)
        }
    }

    #[test]
    fn decompose_matches_the_division_definition_everywhere() {
        for gamma2 in [(Q - 1) / 88, (Q - 1) / 32] {
            for a in 0..Q {
                assert_eq!(decompose(gamma2, a), decompose_spec(gamma2, a), "a = {a}");
            }
        }
    }

    #[test]
    fn hints_round_trip() {
        for gamma2 in [(Q - 1) / 88, (Q - 1) / 32] {
            let mut s = 7u32;
            for _ in 0..200_000 {
                s = s.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                let r = (s >> 1) as i32 % Q;
                s = s.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                let z = (s >> 1) as i32 % (2 * gamma2 - 1) - (gamma2 - 1);
                let h = make_hint(gamma2, z, r);
                let want = decompose(gamma2, freeze(r + z)).0;
                assert_eq!(use_hint(gamma2, r, h), want);
            }
        }
    }

    #[test]
    fn norm_check() {
        let mut a = [0i32; N];
        assert!(!exceeds_norm(&a, 1));
        a[100] = -5;
        assert!(exceeds_norm(&a, 5));
        assert!(!exceeds_norm(&a, 6));
        a[100] = Q - 5;
        assert!(exceeds_norm(&a, 5));
        assert!(!exceeds_norm(&a, 6));
        a[3] = (Q - 1) / 2;
        assert!(exceeds_norm(&a, (Q - 1) / 2));
    }
}
