//! Bit packing (FIPS 204, section 7.1) and the samplers' rejection steps on
//! 8 x i32 lanes.

use crate::arith::dsa::{DsaArith, Poly};
use crate::arith::portable::Portable;

#[target_feature(enable = "avx2")]
pub(super) fn pack_simple(p: &Poly, bits: u32, out: &mut [u8]) {
    Portable::pack_simple(p, bits, out)
}

#[target_feature(enable = "avx2")]
pub(super) fn unpack_simple(bytes: &[u8], bits: u32, out: &mut Poly) {
    Portable::unpack_simple(bytes, bits, out)
}

#[target_feature(enable = "avx2")]
pub(super) fn pack_offset(p: &Poly, b: i32, bits: u32, out: &mut [u8]) {
    Portable::pack_offset(p, b, bits, out)
}

#[target_feature(enable = "avx2")]
pub(super) fn unpack_offset(bytes: &[u8], b: i32, bits: u32, out: &mut Poly) {
    Portable::unpack_offset(bytes, b, bits, out)
}

#[target_feature(enable = "avx2")]
pub(super) fn rej_uniform(bytes: &[u8], out: &mut Poly, filled: usize) -> usize {
    Portable::rej_uniform(bytes, out, filled)
}

#[target_feature(enable = "avx2")]
pub(super) fn rej_eta(eta: i32, bytes: &[u8], out: &mut Poly, filled: usize) -> usize {
    Portable::rej_eta(eta, bytes, out, filled)
}
