//! Modular reduction modulo `q = 3329` without division.
//!
//! `%` and `/` compile to variable-time instructions on several targets (and
//! to library calls on Cortex-M0), so every reduction here is a multiply and
//! a shift.

use crate::arith::kem::Q;

/// `q^-1 mod 2^16` as a signed value: `q * QINV = 1 (mod 2^16)`.
const QINV: i16 = -3327;

/// `R mod q` for the Montgomery radix `R = 2^16`.
pub(super) const R_MOD_Q: i16 = ((1i64 << 16) % Q as i64) as i16;

/// `R^2 mod q`: multiplying by it with [`fqmul`] converts to Montgomery form.
pub(super) const R2_MOD_Q: i16 = ((1i64 << 32) % Q as i64) as i16;

/// `round(2^26 / q)`, the Barrett constant.
const BARRETT_V: i32 = ((1 << 26) + Q as i32 / 2) / Q as i32;

/// Montgomery reduction: for `|a| <= q * 2^15` returns `a * R^-1 mod q` in
/// `-q + 1 .. q`.
#[inline(always)]
pub(super) fn montgomery_reduce(a: i32) -> i16 {
    let t = (a as i16).wrapping_mul(QINV);
    // `a - t*q` is divisible by 2^16 by the choice of `t`.
    ((a - i32::from(t) * i32::from(Q)) >> 16) as i16
}

/// `a * b * R^-1 mod q` for `|a * b| <= q * 2^15`, in `-q + 1 .. q`.
#[inline(always)]
pub(super) fn fqmul(a: i16, b: i16) -> i16 {
    montgomery_reduce(i32::from(a) * i32::from(b))
}

/// Barrett reduction of `|a| < 2^16` to the centred range
/// `-(q-1)/2 ..= (q-1)/2`.
#[inline(always)]
pub(super) fn barrett(a: i32) -> i16 {
    let t = (BARRETT_V * a + (1 << 25)) >> 26;
    (a - t * i32::from(Q)) as i16
}

/// Maps `-q < a < q` to `0 .. q` with a mask instead of a branch.
#[inline(always)]
pub(super) fn to_canonical(a: i16) -> u16 {
    (a + ((a >> 15) & Q)) as u16
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constants() {
        assert_eq!(Q.wrapping_mul(QINV), 1);
        assert_eq!(R_MOD_Q, 2285);
        assert_eq!(R2_MOD_Q, 1353);
        assert_eq!(BARRETT_V, 20159);
    }

    #[test]
    fn barrett_is_exact_and_centred() {
        for a in -(1i32 << 16) + 1..(1 << 16) {
            let r = barrett(a);
            assert!(i32::from(r).abs() <= i32::from(Q - 1) / 2, "a = {a}");
            assert_eq!((a - i32::from(r)).rem_euclid(i32::from(Q)), 0, "a = {a}");
        }
    }

    #[test]
    fn montgomery_reduce_matches_definition() {
        let q = i64::from(Q);
        // R^-1 mod q, found by search rather than trusted.
        let rinv = (1..q).find(|x| x * 65536 % q == 1).unwrap();
        let bound = i32::from(Q) << 15;
        let mut a = -bound;
        while a <= bound {
            let r = montgomery_reduce(a);
            assert!(r.abs() < Q, "a = {a}");
            assert_eq!(
                (i64::from(r) - i64::from(a) * rinv).rem_euclid(q),
                0,
                "a = {a}"
            );
            a += 997;
        }
    }

    #[test]
    fn canonical_range() {
        for a in -Q + 1..Q {
            let c = to_canonical(a);
            assert!(c < Q as u16);
            assert_eq!((i32::from(a) - i32::from(c)).rem_euclid(i32::from(Q)), 0);
        }
    }
}
