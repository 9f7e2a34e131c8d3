//! The simd128 backend against the portable one, operation by operation,
//! through [`DsaArith`], on random and extreme inputs over the documented
//! ranges: every output must be the same `i32` values (or bytes, booleans,
//! counts).

use crate::arith::dsa::{N, Poly, Q};

mod arith;
mod pack;
mod rounding;
mod speed;

/// Iterations per randomised test.
const ITERS: usize = 300;

/// The two `gamma2` values of FIPS 204, Table 1.
const GAMMA2: [i32; 2] = [(Q - 1) / 88, (Q - 1) / 32];

/// The bound of `reduce`, `freeze` and the rounding functions: inputs are
/// below it in magnitude.
const WIDE: i32 = i32::MAX - (1 << 22) + 1;

/// SplitMix64: a small deterministic generator for test inputs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `lo ..= hi`.
    fn range(&mut self, lo: i32, hi: i32) -> i32 {
        let span = (i64::from(hi) - i64::from(lo) + 1) as u64;
        (i64::from(lo) + (self.next() % span) as i64) as i32
    }

    fn bytes(&mut self, out: &mut [u8]) {
        for b in out.iter_mut() {
            *b = self.next() as u8;
        }
    }

    /// A polynomial with coefficients in `lo ..= hi`; every fourth one uses
    /// only the extremes, their neighbours and the value halfway between.
    fn poly(&mut self, lo: i32, hi: i32) -> Poly {
        let mut p = Poly::ZERO;
        let extreme = self.next().is_multiple_of(4);
        let mid = ((i64::from(lo) + i64::from(hi)) / 2) as i32;
        let picks = [lo, lo.saturating_add(1), mid, hi.saturating_sub(1), hi];
        for x in p.0.iter_mut() {
            *x = if extreme {
                picks[(self.next() % 5) as usize].clamp(lo, hi)
            } else {
                self.range(lo, hi)
            };
        }
        p
    }
}

/// Polynomials with every coefficient `v`.
fn constant_polys(values: &[i32]) -> impl Iterator<Item = Poly> + '_ {
    values.iter().map(|&v| Poly([v; N]))
}

/// Constant polynomials at the edges of `lo ..= hi` and random ones.
fn inputs(rng: &mut Rng, lo: i32, hi: i32, count: usize) -> std::vec::Vec<Poly> {
    let mid = ((i64::from(lo) + i64::from(hi)) / 2) as i32;
    let mut v: std::vec::Vec<Poly> =
        constant_polys(&[lo, lo + 1, mid, 0.clamp(lo, hi), hi - 1, hi]).collect();
    let mut alternating = Poly::ZERO;
    for (i, x) in alternating.0.iter_mut().enumerate() {
        *x = if i % 2 == 0 { lo } else { hi };
    }
    v.push(alternating);
    for _ in 0..count {
        v.push(rng.poly(lo, hi));
    }
    v
}

#[track_caller]
fn assert_same(a: &Poly, b: &Poly, what: &str) {
    for i in 0..N {
        assert_eq!(a.0[i], b.0[i], "{what}: coefficient {i}");
    }
}
