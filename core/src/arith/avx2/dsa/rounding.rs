//! Power2Round, Decompose, hints and the norm check on 8 x i32 lanes.

use crate::arith::dsa::{DsaArith, Poly};
use crate::arith::portable::Portable;

#[target_feature(enable = "avx2")]
pub(super) fn power2round(t: &Poly, t1: &mut Poly, t0: &mut Poly) {
    Portable::power2round(t, t1, t0)
}

#[target_feature(enable = "avx2")]
pub(super) fn decompose(gamma2: i32, a: &Poly, a1: &mut Poly, a0: &mut Poly) {
    Portable::decompose(gamma2, a, a1, a0)
}

#[target_feature(enable = "avx2")]
pub(super) fn high_bits(gamma2: i32, a: &mut Poly) {
    Portable::high_bits(gamma2, a)
}

#[target_feature(enable = "avx2")]
pub(super) fn make_hint(gamma2: i32, z: &Poly, r: &Poly, h: &mut Poly) -> u32 {
    Portable::make_hint(gamma2, z, r, h)
}

#[target_feature(enable = "avx2")]
pub(super) fn use_hint(gamma2: i32, a: &mut Poly, h: &Poly) {
    Portable::use_hint(gamma2, a, h)
}

#[target_feature(enable = "avx2")]
pub(super) fn exceeds_norm(p: &Poly, bound: i32) -> bool {
    Portable::exceeds_norm(p, bound)
}
