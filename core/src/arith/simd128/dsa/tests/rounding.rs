//! `rounding`: simd128 against portable, for both `gamma2` values.

use super::*;
use crate::arith::dsa::DsaArith;
use crate::arith::portable::Portable;
use crate::arith::simd128::Simd128;

#[test]
fn power2round_matches_portable() {
    let mut rng = Rng(11);
    for (k, t) in inputs(&mut rng, 0, Q - 1, ITERS).iter().enumerate() {
        let (mut p1, mut p0, mut s1, mut s0) = (Poly::ZERO, Poly::ZERO, Poly::ZERO, Poly::ZERO);
        Portable::power2round(t, &mut p1, &mut p0);
        Simd128::power2round(t, &mut s1, &mut s0);
        assert_same(&p1, &s1, &std::format!("power2round t1, input {k}"));
        assert_same(&p0, &s0, &std::format!("power2round t0, input {k}"));
    }
}

/// Every canonical value, 256 at a time, then random representatives.
fn decompose_inputs(rng: &mut Rng) -> std::vec::Vec<Poly> {
    let mut v = std::vec::Vec::new();
    let mut c = 0;
    while c < Q {
        let mut p = Poly::ZERO;
        for (i, x) in p.0.iter_mut().enumerate() {
            *x = (c + i as i32).min(Q - 1);
        }
        v.push(p);
        c += N as i32;
    }
    v.extend(inputs(rng, -(WIDE - 1), WIDE - 1, ITERS));
    v.extend(inputs(rng, -Q, 2 * Q, ITERS));
    v
}

#[test]
fn decompose_and_high_bits_match_portable() {
    let mut rng = Rng(12);
    let polys = decompose_inputs(&mut rng);
    for gamma2 in GAMMA2 {
        for (k, a) in polys.iter().enumerate() {
            let (mut p1, mut p0, mut s1, mut s0) = (Poly::ZERO, Poly::ZERO, Poly::ZERO, Poly::ZERO);
            Portable::decompose(gamma2, a, &mut p1, &mut p0);
            Simd128::decompose(gamma2, a, &mut s1, &mut s0);
            let what = std::format!("decompose gamma2 {gamma2}, input {k}");
            assert_same(&p1, &s1, &what);
            assert_same(&p0, &s0, &what);
            let (mut p, mut s) = (a.clone(), a.clone());
            Portable::high_bits(gamma2, &mut p);
            Simd128::high_bits(gamma2, &mut s);
            assert_same(
                &p,
                &s,
                &std::format!("high_bits gamma2 {gamma2}, input {k}"),
            );
        }
    }
}

#[test]
fn make_hint_matches_portable() {
    let mut rng = Rng(13);
    for gamma2 in GAMMA2 {
        let mut cases = std::vec::Vec::new();
        // The signer's use: z = -c t0 small, r = w - c s2 + c t0 in any
        // representative; and fully random pairs.
        for _ in 0..ITERS {
            let z = rng.poly(-(gamma2 - 1), gamma2 - 1);
            let r = rng.poly(-Q, 2 * Q);
            cases.push((z, r));
        }
        for _ in 0..ITERS / 2 {
            let z = rng.poly(-(1 << 29), 1 << 29);
            let r = rng.poly(-(1 << 29), 1 << 29);
            cases.push((z, r));
        }
        // Right at the rounding boundaries: r + z crosses a multiple of
        // 2 gamma2 +- gamma2, and the wrap-around at q - 1.
        for _ in 0..ITERS / 2 {
            let mut z = Poly::ZERO;
            let mut r = Poly::ZERO;
            for i in 0..N {
                let m = rng.range(0, (Q - 1) / (2 * gamma2));
                let edge = (2 * m + 1) * gamma2 + rng.range(-2, 2);
                r.0[i] = edge.min(Q - 1);
                z.0[i] = rng.range(-3, 3);
            }
            cases.push((z, r));
        }
        for (k, (z, r)) in cases.iter().enumerate() {
            let (mut ph, mut sh) = (Poly::ZERO, Poly::ZERO);
            let pc = Portable::make_hint(gamma2, z, r, &mut ph);
            let sc = Simd128::make_hint(gamma2, z, r, &mut sh);
            let what = std::format!("make_hint gamma2 {gamma2}, input {k}");
            assert_same(&ph, &sh, &what);
            assert_eq!(pc, sc, "{what}: count");
        }
    }
}

#[test]
fn use_hint_matches_portable() {
    let mut rng = Rng(14);
    let polys = decompose_inputs(&mut rng);
    for gamma2 in GAMMA2 {
        for (k, a) in polys.iter().enumerate() {
            let mut h = Poly::ZERO;
            for x in h.0.iter_mut() {
                *x = (rng.next() & 1) as i32;
            }
            if k % 7 == 0 {
                h = Poly([1; N]);
            }
            let (mut p, mut s) = (a.clone(), a.clone());
            Portable::use_hint(gamma2, &mut p, &h);
            Simd128::use_hint(gamma2, &mut s, &h);
            assert_same(&p, &s, &std::format!("use_hint gamma2 {gamma2}, input {k}"));
        }
    }
}

#[test]
fn exceeds_norm_matches_portable() {
    let mut rng = Rng(15);
    let half = (Q - 1) / 2;
    let bounds = [
        1,
        2,
        95,
        120,
        196,
        261,
        1 << 17,
        (1 << 19) - 120,
        half - 1,
        half,
    ];
    let mut polys = inputs(&mut rng, -(WIDE - 1), WIDE - 1, ITERS / 4);
    for &bound in &bounds {
        // Below the bound everywhere but (sometimes) one coefficient that
        // sits on either side of it, in any representative.
        for _ in 0..ITERS / 8 {
            let mut p = rng.poly(-(bound - 1), bound - 1);
            let i = (rng.next() % N as u64) as usize;
            let edge = [
                bound - 1,
                bound,
                bound + 1,
                -bound,
                -(bound - 1),
                -(bound + 1),
            ];
            let e = edge[(rng.next() % 6) as usize];
            let shift = [0, Q, -Q, 2 * Q][(rng.next() % 4) as usize];
            p.0[i] = e + shift;
            polys.push(p);
        }
    }
    for (k, p) in polys.iter().enumerate() {
        for &bound in &bounds {
            assert_eq!(
                Portable::exceeds_norm(p, bound),
                Simd128::exceeds_norm(p, bound),
                "exceeds_norm input {k}, bound {bound}"
            );
        }
    }
}

#[test]
fn unknown_gamma2_goes_to_portable() {
    let mut rng = Rng(16);
    let a = rng.poly(0, Q - 1);
    let gamma2 = 1 << 16;
    let (mut p1, mut p0, mut s1, mut s0) = (Poly::ZERO, Poly::ZERO, Poly::ZERO, Poly::ZERO);
    Portable::decompose(gamma2, &a, &mut p1, &mut p0);
    Simd128::decompose(gamma2, &a, &mut s1, &mut s0);
    assert_same(&p1, &s1, "decompose a1");
    assert_same(&p0, &s0, "decompose a0");
}
