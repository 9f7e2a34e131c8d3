//! The AVX2 backend against the portable one, operation by operation, on
//! random and extreme inputs: every output must be the same `i32` values
//! (or bytes, or booleans).

use super::super::available;
use crate::arith::dsa::{N, Poly};

mod ntt;
mod rounding;

/// Iterations per randomised test.
const ITERS: usize = 2000;

/// xorshift64*: a small deterministic generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Uniform in `lo ..= hi`.
    fn range(&mut self, lo: i32, hi: i32) -> i32 {
        let span = (i64::from(hi) - i64::from(lo) + 1) as u64;
        (i64::from(lo) + ((self.next() >> 8) % span) as i64) as i32
    }

    fn bytes(&mut self, out: &mut [u8]) {
        for b in out.iter_mut() {
            *b = (self.next() >> 32) as u8;
        }
    }

    /// A polynomial with coefficients in `lo ..= hi`; every fourth one uses
    /// only the extremes and the value halfway between.
    fn poly(&mut self, lo: i32, hi: i32) -> Poly {
        let mut p = Poly::ZERO;
        let extreme = self.next().is_multiple_of(4);
        let mid = ((i64::from(lo) + i64::from(hi)) / 2) as i32;
        for x in p.0.iter_mut() {
            *x = if extreme {
                [lo, mid, hi][(self.next() % 3) as usize]
            } else {
                self.range(lo, hi)
            };
        }
        p
    }
}

/// Runs the test only on CPUs with AVX2.
fn skip() -> bool {
    if !available() {
        std::println!("skipped: this CPU has no AVX2");
        return true;
    }
    false
}

#[track_caller]
fn assert_same(a: &Poly, b: &Poly, what: &str) {
    for i in 0..N {
        assert_eq!(a.0[i], b.0[i], "{what}: coefficient {i}");
    }
}
