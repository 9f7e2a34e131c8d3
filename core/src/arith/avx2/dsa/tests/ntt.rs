//! `arith`, `ntt`: AVX2 against portable.

use super::*;

use super::super::super::Avx2;
use crate::arith::dsa::{DsaArith, Q};
use crate::arith::portable::Portable;

/// A polynomial with every coefficient `v`.
fn splat(v: i32) -> Poly {
    Poly([v; N])
}

/// Runs a one-polynomial operation on both backends and compares.
#[track_caller]
fn same_unary(p: &Poly, op: fn(&mut Poly), op_ref: fn(&mut Poly), what: &str) {
    let mut x = p.clone();
    let mut y = p.clone();
    op(&mut x);
    op_ref(&mut y);
    assert_same(&x, &y, what);
}

/// Random polynomials in `lo ..= hi` plus the constant extremes.
fn inputs(rng: &mut Rng, lo: i32, hi: i32) -> impl Iterator<Item = Poly> + '_ {
    [splat(lo), splat(hi), splat(0)]
        .into_iter()
        .chain((0..ITERS).map(move |_| rng.poly(lo, hi)))
}

/// The largest input magnitude `ntt` accepts: `|a| < 2^31 - 9q`.
const NTT_MAX: i32 = i32::MAX - 9 * Q;

/// The largest `reduce` and `freeze` input: `2^31 - 2^22 - 1`, the last
/// value for which `a + 2^22` (the rounding step of `reduce32`) is an i32.
const REDUCE_MAX: i32 = i32::MAX - (1 << 22);

#[test]
fn add_sub_shift_match_portable() {
    if skip() {
        return;
    }
    let mut rng = Rng(0x0add_5eed);
    for _ in 0..ITERS {
        // Wrapping, like the portable code, over the full i32 range.
        let a = rng.poly(i32::MIN, i32::MAX);
        let b = rng.poly(i32::MIN, i32::MAX);
        let (mut x, mut y) = (a.clone(), a.clone());
        Avx2::add(&mut x, &b);
        Portable::add(&mut y, &b);
        assert_same(&x, &y, "add");
        let (mut x, mut y) = (a.clone(), a.clone());
        Avx2::sub(&mut x, &b);
        Portable::sub(&mut y, &b);
        assert_same(&x, &y, "sub");
        // The caller keeps shift_left_d's results below q.
        let t1 = rng.poly(0, (1 << 10) - 1);
        same_unary(
            &t1,
            Avx2::shift_left_d,
            Portable::shift_left_d,
            "shift_left_d",
        );
    }
    same_unary(
        &splat(1023),
        Avx2::shift_left_d,
        Portable::shift_left_d,
        "shift_left_d",
    );
}

#[test]
fn reduce_freeze_match_portable() {
    if skip() {
        return;
    }
    let mut rng = Rng(0x00ed_0ce5);
    for p in inputs(&mut rng, -REDUCE_MAX, REDUCE_MAX) {
        same_unary(&p, Avx2::reduce, Portable::reduce, "reduce");
        same_unary(&p, Avx2::freeze, Portable::freeze, "freeze");
    }
    // reduce takes any a <= 2^31 - 2^22, down to i32::MIN.
    for p in inputs(&mut rng, i32::MIN, REDUCE_MAX) {
        same_unary(&p, Avx2::reduce, Portable::reduce, "reduce (wide)");
    }
    // Around the rounding boundaries of reduce32 (`a = 2^22 mod 2^23`) from
    // -2^31 to 2^31 - 2^26.
    let mut p = Poly::ZERO;
    for (i, x) in p.0.iter_mut().enumerate() {
        let m = (i as i32 / 4 - 32) << 26;
        *x = m + (1 << 22) + (i as i32 % 4) - 2;
    }
    same_unary(&p, Avx2::reduce, Portable::reduce, "reduce (boundaries)");
    same_unary(&p, Avx2::freeze, Portable::freeze, "freeze (boundaries)");
    for v in [Q - 1, -(Q - 1), Q, -Q, REDUCE_MAX, -REDUCE_MAX, i32::MIN] {
        same_unary(&splat(v), Avx2::reduce, Portable::reduce, "reduce (splat)");
    }
}

#[test]
fn ntt_matches_portable() {
    if skip() {
        return;
    }
    let mut rng = Rng(0x0000_0a77);
    for bound in [Q - 1, 9 * Q, NTT_MAX] {
        for p in inputs(&mut rng, -bound, bound) {
            same_unary(&p, Avx2::ntt, Portable::ntt, "ntt");
        }
    }
    // A single nonzero coefficient at every position exercises every twiddle.
    for i in 0..N {
        let mut p = Poly::ZERO;
        p.0[i] = Q - 1;
        same_unary(&p, Avx2::ntt, Portable::ntt, "ntt (unit)");
    }
}

#[test]
fn inv_ntt_matches_portable() {
    if skip() {
        return;
    }
    let mut rng = Rng(0x0001_4a77);
    for p in inputs(&mut rng, -(Q - 1), Q - 1) {
        same_unary(&p, Avx2::inv_ntt, Portable::inv_ntt, "inv_ntt");
    }
    for i in 0..N {
        let mut p = Poly::ZERO;
        p.0[i] = -(Q - 1);
        same_unary(&p, Avx2::inv_ntt, Portable::inv_ntt, "inv_ntt (unit)");
    }
}

#[test]
fn pointwise_matches_portable() {
    if skip() {
        return;
    }
    let mut rng = Rng(0x0b0b_0b0b);
    let bound = 9 * Q - 1;
    let extremes = [splat(bound), splat(-bound), splat(Q - 1), splat(-(Q - 1))];
    for i in 0..ITERS + 16 {
        let (a, b) = if i < 16 {
            (extremes[i % 4].clone(), extremes[i / 4].clone())
        } else {
            (rng.poly(-bound, bound), rng.poly(-bound, bound))
        };
        let mut x = Poly::ZERO;
        let mut y = Poly::ZERO;
        Avx2::pointwise(&mut x, &a, &b);
        Portable::pointwise(&mut y, &a, &b);
        assert_same(&x, &y, "pointwise");
    }
}

#[test]
fn pointwise_acc_matches_portable_over_8_products() {
    if skip() {
        return;
    }
    let mut rng = Rng(0x0acc_0acc);
    let bound = 9 * Q - 1;
    for i in 0..ITERS / 8 {
        // A reduced start, then 8 accumulated products (the contract's most).
        let start = if i == 0 {
            splat(6_283_008)
        } else {
            rng.poly(-6_283_009, 6_283_008)
        };
        let (mut x, mut y) = (start.clone(), start);
        for _ in 0..8 {
            let (a, b) = if i == 0 {
                (splat(bound), splat(bound))
            } else {
                (rng.poly(-bound, bound), rng.poly(-bound, bound))
            };
            Avx2::pointwise_acc(&mut x, &a, &b);
            Portable::pointwise_acc(&mut y, &a, &b);
            assert_same(&x, &y, "pointwise_acc");
        }
        same_unary(
            &x,
            Avx2::reduce,
            Portable::reduce,
            "reduce after pointwise_acc",
        );
    }
}

#[test]
fn multiplication_round_trip_matches_portable() {
    if skip() {
        return;
    }
    let mut rng = Rng(0x0071_9000);
    for _ in 0..ITERS / 4 {
        let a = rng.poly(-(Q - 1), Q - 1);
        let b = rng.poly(-(Q - 1), Q - 1);
        let product = |ntt: fn(&mut Poly), pw: fn(&mut Poly, &Poly, &Poly), inv: fn(&mut Poly)| {
            let (mut x, mut y) = (a.clone(), b.clone());
            ntt(&mut x);
            ntt(&mut y);
            let mut c = Poly::ZERO;
            pw(&mut c, &x, &y);
            inv(&mut c);
            c
        };
        let x = product(Avx2::ntt, Avx2::pointwise, Avx2::inv_ntt);
        let y = product(Portable::ntt, Portable::pointwise, Portable::inv_ntt);
        assert_same(&x, &y, "inv_ntt(pointwise(ntt(a), ntt(b)))");
    }
}

/// The negacyclic product by schoolbook multiplication, canonical.
fn schoolbook(a: &Poly, b: &Poly) -> [i32; N] {
    let q = i64::from(Q);
    let mut c = [0i64; N];
    for i in 0..N {
        for j in 0..N {
            let p = i64::from(a.0[i]) * i64::from(b.0[j]) % q;
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
fn multiplication_is_the_negacyclic_product() {
    if skip() {
        return;
    }
    let mut rng = Rng(0x5c00_1b00);
    for _ in 0..8 {
        let a = rng.poly(-(Q - 1), Q - 1);
        let b = rng.poly(-4, 4);
        let (mut x, mut y) = (a.clone(), b.clone());
        Avx2::ntt(&mut x);
        Avx2::ntt(&mut y);
        let mut c = Poly::ZERO;
        Avx2::pointwise(&mut c, &x, &y);
        Avx2::inv_ntt(&mut c);
        assert_eq!(c.0.map(|v| v.rem_euclid(Q)), schoolbook(&a, &b));
    }
}

/// Rough timings of both backends; run with
/// `cargo test --release -p pqkit --lib avx2::dsa::tests::ntt::timings -- --ignored --nocapture`.
#[test]
#[ignore = "timing report, not a check"]
fn timings() {
    use std::hint::black_box;
    use std::time::Instant;
    if skip() {
        return;
    }
    const RUNS: u32 = 100_000;
    let mut rng = Rng(0x7133_7133);
    let a = rng.poly(-(Q - 1), Q - 1);
    let b = rng.poly(-(Q - 1), Q - 1);
    let time = |name: &str, f: &dyn Fn(&mut Poly)| {
        let mut p = a.clone();
        let start = Instant::now();
        for _ in 0..RUNS {
            f(black_box(&mut p));
            // Keep every run's input in range without timing a reduction.
            p.0[0] = black_box(a.0[0]);
        }
        let ns = start.elapsed().as_nanos() / u128::from(RUNS);
        std::println!("{name:>24}: {ns} ns");
    };
    for _ in 0..2 {
        time("portable ntt", &|p| {
            let mut c = a.clone();
            c.0[0] = p.0[1];
            Portable::ntt(&mut c);
            p.0[1] = c.0[7] % Q;
        });
        time("avx2 ntt", &|p| {
            let mut c = a.clone();
            c.0[0] = p.0[1];
            Avx2::ntt(&mut c);
            p.0[1] = c.0[7] % Q;
        });
        time("portable inv_ntt", &|p| {
            let mut c = a.clone();
            c.0[0] = p.0[1];
            Portable::inv_ntt(&mut c);
            p.0[1] = c.0[7];
        });
        time("avx2 inv_ntt", &|p| {
            let mut c = a.clone();
            c.0[0] = p.0[1];
            Avx2::inv_ntt(&mut c);
            p.0[1] = c.0[7];
        });
        time("portable pointwise_acc", &|p| {
            Portable::pointwise_acc(p, &a, &b)
        });
        time("avx2 pointwise_acc", &|p| Avx2::pointwise_acc(p, &a, &b));
        time("copy only (baseline)", &|p| {
            let mut c = a.clone();
            c.0[0] = p.0[1];
            black_box(&mut c);
            p.0[1] = c.0[7];
        });
    }
}
