//! `arith`, `ntt`: simd128 against portable.

use super::*;
use crate::arith::dsa::DsaArith;
use crate::arith::portable::Portable;
use crate::arith::simd128::Simd128;

/// Largest input magnitude of the forward transform.
const NTT_IN: i32 = i32::MAX - 9 * Q;

#[test]
fn ntt_matches_portable() {
    let mut rng = Rng(1);
    let mut polys = inputs(&mut rng, -(Q - 1), Q - 1, ITERS);
    polys.extend(inputs(&mut rng, -NTT_IN, NTT_IN, ITERS / 4));
    for (k, p) in polys.iter().enumerate() {
        let (mut a, mut b) = (p.clone(), p.clone());
        Portable::ntt(&mut a);
        Simd128::ntt(&mut b);
        assert_same(&a, &b, &std::format!("ntt input {k}"));
    }
}

#[test]
fn inv_ntt_matches_portable() {
    let mut rng = Rng(2);
    for (k, p) in inputs(&mut rng, -(Q - 1), Q - 1, ITERS).iter().enumerate() {
        let (mut a, mut b) = (p.clone(), p.clone());
        Portable::inv_ntt(&mut a);
        Simd128::inv_ntt(&mut b);
        assert_same(&a, &b, &std::format!("inv_ntt input {k}"));
    }
}

#[test]
fn ntt_round_trip_through_simd() {
    let mut rng = Rng(3);
    for _ in 0..20 {
        let x = rng.poly(-(Q - 1), Q - 1);
        let mut p = x.clone();
        Simd128::ntt(&mut p);
        Simd128::reduce(&mut p);
        Simd128::inv_ntt(&mut p);
        // inv_ntt(ntt(x)) = x R with R = 2^32 mod q.
        for i in 0..N {
            let want = (i64::from(x.0[i]) * 4_193_792).rem_euclid(i64::from(Q));
            assert_eq!(i64::from(p.0[i]).rem_euclid(i64::from(Q)), want);
        }
    }
}

#[test]
fn pointwise_and_accumulation_match_portable() {
    let mut rng = Rng(4);
    let bound = 9 * Q - 1;
    let a = inputs(&mut rng, -bound, bound, ITERS);
    let b = inputs(&mut rng, -bound, bound, ITERS);
    for (k, (x, y)) in a.iter().zip(b.iter().rev()).enumerate() {
        let (mut p, mut s) = (Poly::ZERO, Poly::ZERO);
        Portable::pointwise(&mut p, x, y);
        Simd128::pointwise(&mut s, x, y);
        assert_same(&p, &s, &std::format!("pointwise input {k}"));
    }
    // Eight accumulations on a reduced start, as the trait allows, and
    // beyond (the sums wrap the same way).
    for it in 0..ITERS / 4 {
        let mut p = rng.poly(-6_283_009, 6_283_008);
        let mut s = p.clone();
        for _ in 0..12 {
            let x = rng.poly(-bound, bound);
            let y = rng.poly(-bound, bound);
            Portable::pointwise_acc(&mut p, &x, &y);
            Simd128::pointwise_acc(&mut s, &x, &y);
            assert_same(&p, &s, &std::format!("pointwise_acc iteration {it}"));
        }
    }
}

#[test]
fn add_and_sub_match_portable() {
    let mut rng = Rng(5);
    let polys = inputs(&mut rng, i32::MIN, i32::MAX, ITERS);
    for (x, y) in polys.iter().zip(polys.iter().rev()) {
        let (mut p, mut s) = (x.clone(), x.clone());
        Portable::add(&mut p, y);
        Simd128::add(&mut s, y);
        assert_same(&p, &s, "add");
        Portable::sub(&mut p, y);
        Simd128::sub(&mut s, y);
        assert_same(&p, &s, "sub");
    }
}

#[test]
fn reductions_match_portable() {
    let mut rng = Rng(6);
    let mut polys = inputs(&mut rng, i32::MIN, WIDE - 1, ITERS);
    polys.extend(inputs(&mut rng, -(WIDE - 1), WIDE - 1, ITERS));
    polys.extend(inputs(&mut rng, -(2 * Q), 2 * Q, ITERS));
    for (k, x) in polys.iter().enumerate() {
        let (mut p, mut s) = (x.clone(), x.clone());
        Portable::reduce(&mut p);
        Simd128::reduce(&mut s);
        assert_same(&p, &s, &std::format!("reduce input {k}"));
        if x.0.iter().all(|&c| c > -WIDE && c < WIDE) {
            let (mut p, mut s) = (x.clone(), x.clone());
            Portable::freeze(&mut p);
            Simd128::freeze(&mut s);
            assert_same(&p, &s, &std::format!("freeze input {k}"));
        }
    }
}

#[test]
fn shift_left_d_matches_portable() {
    let mut rng = Rng(7);
    // The caller keeps t1 * 2^d below q: t1 < 2^10.
    for x in inputs(&mut rng, 0, (1 << 10) - 1, ITERS) {
        let (mut p, mut s) = (x.clone(), x.clone());
        Portable::shift_left_d(&mut p);
        Simd128::shift_left_d(&mut s);
        assert_same(&p, &s, "shift_left_d");
    }
}
