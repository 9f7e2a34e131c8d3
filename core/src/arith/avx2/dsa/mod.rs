//! [`DsaArith`] for [`Avx2`]: 8 x i32 lanes in `__m256i`.
//!
//! The file split follows the portable backend: [`arith`] holds the
//! Montgomery and element-wise arithmetic (and the loads and stores every
//! other file uses), [`ntt`] the transform and pointwise products,
//! [`rounding`] the decompositions, hints and the norm check, [`pack`] bit
//! packing and the samplers' rejection steps. Every function there is a
//! `#[target_feature(enable = "avx2")]` function computing exactly what the
//! portable backend computes (same coefficient order, same `i32` values);
//! the unit tests in `tests/` compare the two operation by operation.
//!
//! Each trait method below makes the one `unsafe` call into that code. The
//! justification is always the same: [`Avx2`] is crate-private and only
//! reached through [`crate::arith::selected_backend`] (or the
//! `force_backend` switch, which checks availability too), which picks it
//! only after [`super::available`] said the CPU has AVX2; the debug
//! assertion re-checks that in test builds.
//!
//! Parameters outside the trait contract (an unknown bit width or `eta`, a
//! slice of the wrong length) are handed to the portable backend, so they
//! behave exactly as they do there.

use super::Avx2;
use super::sample_x4::X4;
use crate::arith::dsa::{DsaArith, Poly};
use crate::arith::sample_lanes::{KeccakLanes, dsa as lanes};

mod arith;
mod ntt;
mod pack;
mod rounding;
#[cfg(test)]
mod tests;

#[inline(always)]
fn check() {
    debug_assert!(super::available(), "AVX2 backend used without AVX2");
}

impl DsaArith for Avx2 {
    // Four SHAKE lanes per permutation (arith/avx2/keccak.rs).
    const SAMPLE_LANES: usize = <X4 as KeccakLanes>::WIDTH;

    fn sample_uniform(rho: &[u8; 32], idx: &[[u8; 2]], out: &mut [Poly]) {
        check();
        lanes::sample_uniform::<Self, X4>(rho, idx, out);
    }

    fn sample_bounded(eta: i32, rho_prime: &[u8; 64], idx: &[[u8; 2]], out: &mut [Poly]) {
        check();
        lanes::sample_bounded::<Self, X4>(eta, rho_prime, idx, out);
    }

    fn sample_mask(gamma1: i32, bits: u32, rho_pp: &[u8; 64], idx: &[[u8; 2]], out: &mut [Poly]) {
        check();
        lanes::sample_mask::<Self, X4>(gamma1, bits, rho_pp, idx, out);
    }

    fn ntt(p: &mut Poly) {
        check();
        // SAFETY: AVX2 is available (see the module documentation).
        unsafe { ntt::ntt(p) }
    }

    fn inv_ntt(p: &mut Poly) {
        check();
        // SAFETY: AVX2 is available (see the module documentation).
        unsafe { ntt::inv_ntt(p) }
    }

    fn pointwise(out: &mut Poly, a: &Poly, b: &Poly) {
        check();
        // SAFETY: AVX2 is available (see the module documentation).
        unsafe { ntt::pointwise(out, a, b) }
    }

    fn pointwise_acc(acc: &mut Poly, a: &Poly, b: &Poly) {
        check();
        // SAFETY: AVX2 is available (see the module documentation).
        unsafe { ntt::pointwise_acc(acc, a, b) }
    }

    fn add(acc: &mut Poly, b: &Poly) {
        check();
        // SAFETY: AVX2 is available (see the module documentation).
        unsafe { arith::add(acc, b) }
    }

    fn sub(acc: &mut Poly, b: &Poly) {
        check();
        // SAFETY: AVX2 is available (see the module documentation).
        unsafe { arith::sub(acc, b) }
    }

    fn reduce(p: &mut Poly) {
        check();
        // SAFETY: AVX2 is available (see the module documentation).
        unsafe { arith::reduce(p) }
    }

    fn freeze(p: &mut Poly) {
        check();
        // SAFETY: AVX2 is available (see the module documentation).
        unsafe { arith::freeze(p) }
    }

    fn shift_left_d(p: &mut Poly) {
        check();
        // SAFETY: AVX2 is available (see the module documentation).
        unsafe { arith::shift_left_d(p) }
    }

    fn power2round(t: &Poly, t1: &mut Poly, t0: &mut Poly) {
        check();
        // SAFETY: AVX2 is available (see the module documentation).
        unsafe { rounding::power2round(t, t1, t0) }
    }

    fn decompose(gamma2: i32, a: &Poly, a1: &mut Poly, a0: &mut Poly) {
        check();
        // SAFETY: AVX2 is available (see the module documentation).
        unsafe { rounding::decompose(gamma2, a, a1, a0) }
    }

    fn high_bits(gamma2: i32, a: &mut Poly) {
        check();
        // SAFETY: AVX2 is available (see the module documentation).
        unsafe { rounding::high_bits(gamma2, a) }
    }

    fn make_hint(gamma2: i32, z: &Poly, r: &Poly, h: &mut Poly) -> u32 {
        check();
        // SAFETY: AVX2 is available (see the module documentation).
        unsafe { rounding::make_hint(gamma2, z, r, h) }
    }

    fn use_hint(gamma2: i32, a: &mut Poly, h: &Poly) {
        check();
        // SAFETY: AVX2 is available (see the module documentation).
        unsafe { rounding::use_hint(gamma2, a, h) }
    }

    fn exceeds_norm(p: &Poly, bound: i32) -> bool {
        check();
        // SAFETY: AVX2 is available (see the module documentation).
        unsafe { rounding::exceeds_norm(p, bound) }
    }

    fn pack_simple(p: &Poly, bits: u32, out: &mut [u8]) {
        check();
        // SAFETY: AVX2 is available (see the module documentation).
        unsafe { pack::pack_simple(p, bits, out) }
    }

    fn unpack_simple(bytes: &[u8], bits: u32, out: &mut Poly) {
        check();
        // SAFETY: AVX2 is available (see the module documentation).
        unsafe { pack::unpack_simple(bytes, bits, out) }
    }

    fn pack_offset(p: &Poly, b: i32, bits: u32, out: &mut [u8]) {
        check();
        // SAFETY: AVX2 is available (see the module documentation).
        unsafe { pack::pack_offset(p, b, bits, out) }
    }

    fn unpack_offset(bytes: &[u8], b: i32, bits: u32, out: &mut Poly) {
        check();
        // SAFETY: AVX2 is available (see the module documentation).
        unsafe { pack::unpack_offset(bytes, b, bits, out) }
    }

    fn rej_uniform(bytes: &[u8], out: &mut Poly, filled: usize) -> usize {
        check();
        // SAFETY: AVX2 is available (see the module documentation).
        unsafe { pack::rej_uniform(bytes, out, filled) }
    }

    fn rej_eta(eta: i32, bytes: &[u8], out: &mut Poly, filled: usize) -> usize {
        check();
        // SAFETY: AVX2 is available (see the module documentation).
        unsafe { pack::rej_eta(eta, bytes, out, filled) }
    }
}
