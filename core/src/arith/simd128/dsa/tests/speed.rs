//! Nanoseconds per operation, portable and simd128, for the report:
//! `-- --ignored --nocapture speed`. No assertion on the figures.

use super::*;
use crate::arith::dsa::DsaArith;
use crate::arith::portable::Portable;
use crate::arith::simd128::Simd128;
use core::hint::black_box;
use std::time::Instant;

const RUNS: u32 = 100_000;

fn time(name: &str, backend: &str, mut f: impl FnMut()) -> f64 {
    // Long enough for the engine's optimising tier to take over.
    for _ in 0..RUNS {
        f();
    }
    let start = Instant::now();
    for _ in 0..RUNS {
        f();
    }
    let ns = start.elapsed().as_nanos() as f64 / f64::from(RUNS);
    std::println!("{name:<14} {backend:<9} {ns:>9.1} ns");
    ns
}

fn compare<B: DsaArith>(backend: &str, a: &Poly, b: &Poly) -> [f64; 5] {
    let mut p = a.clone();
    let mut acc = Poly::ZERO;
    let (mut a1, mut a0) = (Poly::ZERO, Poly::ZERO);
    let gamma2 = GAMMA2[0];
    [
        time("ntt", backend, || {
            p.clone_from(black_box(a));
            B::ntt(black_box(&mut p));
        }),
        time("inv_ntt", backend, || {
            p.clone_from(black_box(a));
            B::inv_ntt(black_box(&mut p));
        }),
        time("pointwise_acc", backend, || {
            B::pointwise_acc(black_box(&mut acc), black_box(a), black_box(b));
        }),
        time("decompose", backend, || {
            B::decompose(gamma2, black_box(a), black_box(&mut a1), black_box(&mut a0));
        }),
        time("clone (base)", backend, || {
            p.clone_from(black_box(a));
            black_box(&mut p);
        }),
    ]
}

#[test]
#[ignore = "timing report, run on demand"]
fn speed() {
    let mut rng = Rng(99);
    let a = rng.poly(0, Q - 1);
    let b = rng.poly(-(Q - 1), Q - 1);
    let p = compare::<Portable>("portable", &a, &b);
    let s = compare::<Simd128>("simd128", &a, &b);
    for (name, (p, s)) in ["ntt", "inv_ntt", "pointwise_acc", "decompose"]
        .iter()
        .zip(p.iter().zip(s.iter()))
    {
        std::println!("{name:<14} speed-up {:.2}x", p / s);
    }
}
