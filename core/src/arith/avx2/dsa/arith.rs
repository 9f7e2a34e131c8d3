//! Element-wise arithmetic modulo `q = 8380417` on 8 x i32 lanes.

use crate::arith::dsa::{DsaArith, Poly};
use crate::arith::portable::Portable;

#[target_feature(enable = "avx2")]
pub(super) fn add(acc: &mut Poly, b: &Poly) {
    Portable::add(acc, b)
}

#[target_feature(enable = "avx2")]
pub(super) fn sub(acc: &mut Poly, b: &Poly) {
    Portable::sub(acc, b)
}

#[target_feature(enable = "avx2")]
pub(super) fn reduce(p: &mut Poly) {
    Portable::reduce(p)
}

#[target_feature(enable = "avx2")]
pub(super) fn freeze(p: &mut Poly) {
    Portable::freeze(p)
}

#[target_feature(enable = "avx2")]
pub(super) fn shift_left_d(p: &mut Poly) {
    Portable::shift_left_d(p)
}
