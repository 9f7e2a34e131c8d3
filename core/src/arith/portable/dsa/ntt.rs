//! Montgomery reduction and the NTT over `Z_8380417` (FIPS 204, section 7.5
//! and appendix B).

use crate::arith::dsa::{INV_NTT_F, N, QINV, ZETAS};

/// `a * R^-1 mod q` with `|result| < q` for `|a| < q * 2^31`.
#[inline(always)]
pub(super) fn montgomery_reduce(a: i64) -> i32 {
    let t = (a as i32).wrapping_mul(QINV);
    // t * q with q = 2^23 - 2^13 + 1 as shifts and additions: no 64-bit
    // multiplication of the secret t (32-bit Arm's SMULL finishes early on
    // small operands on the Cortex-M3).
    let t = i64::from(t);
    let tq = (t << 23) - (t << 13) + t;
    ((a - tq) >> 32) as i32
}

/// FIPS 204, Algorithm 41 (NTT), with Montgomery multiplications.
pub(super) fn ntt(a: &mut [i32; N]) {
    let mut k = 0;
    let mut len = 128;
    while len > 0 {
        let mut start = 0;
        while start < N {
            k += 1;
            let zeta = i64::from(ZETAS[k]);
            for j in start..start + len {
                let t = montgomery_reduce(zeta * i64::from(a[j + len]));
                a[j + len] = a[j] - t;
                a[j] += t;
            }
            start += 2 * len;
        }
        len >>= 1;
    }
}

/// FIPS 204, Algorithm 42 (NTT^-1), times `R`.
pub(super) fn inv_ntt(a: &mut [i32; N]) {
    let mut k = N;
    let mut len = 1;
    while len < N {
        let mut start = 0;
        while start < N {
            k -= 1;
            let zeta = -i64::from(ZETAS[k]);
            for j in start..start + len {
                let t = a[j];
                a[j] = t + a[j + len];
                a[j + len] = montgomery_reduce(zeta * i64::from(t - a[j + len]));
            }
            start += 2 * len;
        }
        len <<= 1;
    }
    for x in a.iter_mut() {
        *x = montgomery_reduce(i64::from(INV_NTT_F) * i64::from(*x));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arith::dsa::{MONT, Q};

    #[test]
    fn montgomery_reduce_matches_the_multiplication_form() {
        let mut s = 1u64;
        for _ in 0..200_000 {
            s = s.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            // |a| < q * 2^31.
            let a = ((s >> 1) as i64) % (i64::from(Q) << 31);
            let a = if s & 1 == 1 { -a } else { a };
            let t = (a as i32).wrapping_mul(QINV);
            let want = ((a - i64::from(t) * i64::from(Q)) >> 32) as i32;
            assert_eq!(montgomery_reduce(a), want, "a = {a}");
        }
    }

    #[test]
    fn zetas_match_fips_204_appendix_b() {
        // First entries of the reference table (Montgomery form).
        assert_eq!(&ZETAS[1..4], &[25847, -2608894, -518909]);
        assert_eq!(ZETAS[255], 1976782);
    }

    fn schoolbook(a: &[i32; N], b: &[i32; N]) -> [i32; N] {
        let q = i64::from(Q);
        let mut c = [0i64; N];
        for i in 0..N {
            for j in 0..N {
                let p = i64::from(a[i]) * i64::from(b[j]) % q;
                if i + j < N {
                    c[i + j] += p;
                } else {
                    c[i + j - N] -= p;
                }
            }
        }
        c.map(|x| x.rem_euclid(q) as i32)
    }

    #[test]
    fn ntt_multiplication_is_negacyclic() {
        let mut a = [0i32; N];
        let mut b = [0i32; N];
        let mut s = 12345u32;
        for i in 0..N {
            s = s.wrapping_mul(1_103_515_245).wrapping_add(12345);
            a[i] = (s >> 8) as i32 % Q - Q / 2;
            s = s.wrapping_mul(1_103_515_245).wrapping_add(12345);
            b[i] = (s >> 8) as i32 % 9 - 4;
        }
        let expected = schoolbook(&a, &b);
        let (mut x, mut y) = (a, b);
        ntt(&mut x);
        ntt(&mut y);
        let mut c = [0i32; N];
        for i in 0..N {
            c[i] = montgomery_reduce(i64::from(x[i]) * i64::from(y[i]));
        }
        inv_ntt(&mut c);
        let c = c.map(|v| v.rem_euclid(Q));
        assert_eq!(c, expected);
        // Round trip: inv_ntt(ntt(a)) = a * R.
        let mut r = a;
        ntt(&mut r);
        inv_ntt(&mut r);
        for i in 0..N {
            let want = (i64::from(a[i]) * MONT).rem_euclid(i64::from(Q)) as i32;
            assert_eq!(r[i].rem_euclid(Q), want);
        }
    }
}
