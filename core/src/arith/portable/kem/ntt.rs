//! The NTT of FIPS 203 section 4.3 (Algorithms 9, 10, 11, 12).
//!
//! Twiddle factors are powers of `zeta = 17`, a primitive 256th root of unity
//! modulo q. The tables are computed at compile time from that definition so
//! a reviewer can compare them with the spec rather than with a list of
//! numbers. They are stored in Montgomery form (times `R = 2^16`) and centred,
//! so one [`fqmul`] both multiplies and reduces.

use super::reduce::{R_MOD_Q, R2_MOD_Q, barrett, fqmul, montgomery_reduce};
use crate::arith::kem::{N, Q, ZETA, bitrev7, pow_mod_q};

/// `x * R mod q`, centred into `-(q-1)/2 ..= (q-1)/2`.
const fn mont_centred(x: i64) -> i16 {
    let q = Q as i64;
    let mut v = x * R_MOD_Q as i64 % q;
    if v > q / 2 {
        v -= q;
    }
    v as i16
}

/// `zeta^BitRev_7(i) * R` for `i` in `0..128` (Algorithms 9 and 10).
const ZETAS: [i16; 128] = {
    let mut t = [0i16; 128];
    let mut i = 0;
    while i < 128 {
        t[i] = mont_centred(pow_mod_q(ZETA, bitrev7(i)));
        i += 1;
    }
    t
};

/// `zeta^(2 BitRev_7(i) + 1) * R` for `i` in `0..128` (Algorithm 11).
pub(super) const GAMMAS: [i16; 128] = {
    let mut t = [0i16; 128];
    let mut i = 0;
    while i < 128 {
        t[i] = mont_centred(pow_mod_q(ZETA, 2 * bitrev7(i) + 1));
        i += 1;
    }
    t
};

/// `128^-1 * R^2 mod q`: the final scaling of Algorithm 10 (by `128^-1`)
/// fused with the factor `R` that cancels the `R^-1` left by the base-case
/// multiplications, applied through one Montgomery multiplication.
const INV_NTT_SCALE: i16 = {
    let q = Q as i64;
    let inv128 = pow_mod_q(128, (Q - 2) as usize);
    (R2_MOD_Q as i64 * inv128 % q) as i16
};

/// FIPS 203, Algorithm 9 (NTT), followed by a Barrett reduction.
///
/// Each layer grows the bound by at most q (the butterfly adds a value below
/// q in magnitude), so inputs below q stay below 8q < 2^15 after seven layers.
pub(super) fn ntt(f: &mut [i16; N]) {
    let mut k = 1;
    let mut len = 128;
    while len >= 2 {
        for block in f.chunks_exact_mut(2 * len) {
            let zeta = ZETAS[k];
            k += 1;
            let (lo, hi) = block.split_at_mut(len);
            for (a, b) in lo.iter_mut().zip(hi.iter_mut()) {
                let t = fqmul(zeta, *b);
                *b = *a - t;
                *a += t;
            }
        }
        len >>= 1;
    }
    for x in f.iter_mut() {
        *x = barrett(i32::from(*x));
    }
}

/// FIPS 203, Algorithm 10 (NTT^-1), with the output multiplied by `R`.
///
/// Sums are formed in `i32` and reduced at once, so any `i16` input is fine.
pub(super) fn inv_ntt(f: &mut [i16; N]) {
    let mut k = 127;
    let mut len = 2;
    while len <= 128 {
        for block in f.chunks_exact_mut(2 * len) {
            let zeta = ZETAS[k];
            k -= 1;
            let (lo, hi) = block.split_at_mut(len);
            for (a, b) in lo.iter_mut().zip(hi.iter_mut()) {
                let t = i32::from(*a);
                let u = i32::from(*b);
                *a = barrett(t + u);
                // |zeta * (u - t)| < 1665 * 2^16 <= q * 2^15: in range.
                *b = montgomery_reduce(i32::from(zeta) * (u - t));
            }
        }
        len <<= 1;
    }
    for x in f.iter_mut() {
        *x = fqmul(*x, INV_NTT_SCALE);
    }
}

/// `acc += (a x b) * R^-1` in `T_q`: FIPS 203, Algorithm 11 (MultiplyNTTs)
/// over Algorithm 12 (BaseCaseMultiply).
///
/// For `|a|, |b| < q` the unreduced sums stay below `2 q^2 < q * 2^15`, so a
/// single Montgomery reduction per output coefficient suffices.
pub(super) fn basemul_acc(acc: &mut [i16; N], a: &[i16; N], b: &[i16; N]) {
    for (((c, x), y), gamma) in acc
        .chunks_exact_mut(2)
        .zip(a.chunks_exact(2))
        .zip(b.chunks_exact(2))
        .zip(GAMMAS)
    {
        base_case(c, x, y, gamma);
    }
}

/// [`basemul_acc`] with `b` as its `ByteEncode_12` encoding (values below
/// q), decoded a pair at a time.
pub(super) fn basemul_acc_packed(acc: &mut [i16; N], a: &[i16; N], b: &[u8]) {
    debug_assert_eq!(b.len(), 384);
    for (i, ((c, x), gamma)) in acc
        .chunks_exact_mut(2)
        .zip(a.chunks_exact(2))
        .zip(GAMMAS)
        .enumerate()
    {
        base_case(c, x, &packed_pair(b, i), gamma);
    }
}

/// Coefficients `2 i` and `2 i + 1` of a `ByteEncode_12` encoding (FIPS
/// 203, Algorithm 6 on its three bytes).
#[inline(always)]
pub(super) fn packed_pair(b: &[u8], i: usize) -> [i16; 2] {
    let c = &b[3 * i..3 * i + 3];
    [
        i16::from(c[0]) | (i16::from(c[1] & 0x0f) << 8),
        i16::from(c[1] >> 4) | (i16::from(c[2]) << 4),
    ]
}

/// Algorithm 12 (BaseCaseMultiply) for a pair of Algorithm 11 with its
/// `gamma` (from [`GAMMAS`]), added to `c`: `c += (x0 + x1 X)(y0 + y1 X) *
/// R^-1 mod X^2 - gamma`. Every slice is two coefficients long.
#[inline(always)]
pub(super) fn base_case(c: &mut [i16], x: &[i16], y: &[i16], gamma: i16) {
    let (a0, a1) = (i32::from(x[0]), i32::from(x[1]));
    let (b0, b1) = (i32::from(y[0]), i32::from(y[1]));
    // a1 * b1 * gamma: the Montgomery factor of gamma cancels the R^-1.
    let a1b1 = i32::from(montgomery_reduce(a1 * b1));
    let c0 = montgomery_reduce(a0 * b0 + a1b1 * i32::from(gamma));
    let c1 = montgomery_reduce(a0 * b1 + a1 * b0);
    c[0] = c[0].wrapping_add(c0);
    c[1] = c[1].wrapping_add(c1);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canonical(x: i16) -> i64 {
        i64::from(x).rem_euclid(i64::from(Q))
    }

    /// Schoolbook multiplication in `Z_q[X]/(X^256 + 1)`.
    fn schoolbook(a: &[i16; N], b: &[i16; N]) -> [i64; N] {
        let q = i64::from(Q);
        let mut c = [0i64; N];
        for i in 0..N {
            for j in 0..N {
                let p = canonical(a[i]) * canonical(b[j]) % q;
                if i + j < N {
                    c[i + j] = (c[i + j] + p) % q;
                } else {
                    c[i + j - N] = (c[i + j - N] - p).rem_euclid(q);
                }
            }
        }
        c
    }

    fn pseudo_random_poly(seed: u64, bound: i16) -> [i16; N] {
        let mut s = seed;
        let mut p = [0i16; N];
        for x in p.iter_mut() {
            s = s
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            *x = ((s >> 33) % (2 * bound as u64 - 1)) as i16 - (bound - 1);
        }
        p
    }

    #[test]
    fn tables_match_spec() {
        // FIPS 203 Appendix A lists zeta^BitRev7(1) = 1729 and
        // zeta^(2 BitRev7(0) + 1) = 17; check through the Montgomery form.
        let r = i64::from(R_MOD_Q);
        assert_eq!(canonical(ZETAS[1]), 1729 * r % 3329);
        assert_eq!(canonical(GAMMAS[0]), 17 * r % 3329);
        assert_eq!(canonical(GAMMAS[1]), (3329 - 17) * r % 3329);
        assert_eq!(INV_NTT_SCALE, 1441);
    }

    #[test]
    fn ntt_round_trip() {
        for seed in 0..20 {
            let orig = pseudo_random_poly(seed, Q);
            let mut f = orig;
            ntt(&mut f);
            assert!(f.iter().all(|x| x.abs() <= (Q - 1) / 2));
            // inv_ntt multiplies by R; remove it with one Montgomery step.
            inv_ntt(&mut f);
            for (x, y) in f.iter().zip(orig.iter()) {
                assert!(x.abs() < Q);
                assert_eq!(canonical(fqmul(*x, 1)), canonical(*y));
            }
        }
    }

    #[test]
    fn ntt_multiplication_matches_schoolbook() {
        for seed in 0..4 {
            let a = pseudo_random_poly(2 * seed, Q);
            let b = pseudo_random_poly(2 * seed + 1, Q);
            let (mut fa, mut fb) = (a, b);
            ntt(&mut fa);
            ntt(&mut fb);
            let mut c = [0i16; N];
            basemul_acc(&mut c, &fa, &fb);
            // Accumulating a second product checks the "+=".
            basemul_acc(&mut c, &fa, &fb);
            inv_ntt(&mut c);
            let want = schoolbook(&a, &b);
            for i in 0..N {
                assert_eq!(canonical(c[i]), 2 * want[i] % 3329, "seed {seed} i {i}");
            }
        }
    }
}
